/**
 * Coercion records end to end on generated source exports (dev/generator.ts): import
 * from Gerica CSV and the HP coercion export into real PostgreSQL, quarantine, dedupe of
 * migrated decisions, verdicts, filters and the report through the gateway.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCoercionExports, type CoercionExports } from '../dev/generator';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { migrateSubgraph } from '../lib/subgraph';
import { coercionSubgraph } from '../subgraphs/coercion';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';

let tdb: TestDatabase;
let stack: Stack;
let dir: string;
let ex: CoercionExports;

function writeExports(): void {
  writeFileSync(join(dir, 'gerica', 'vedtak.csv'), ex.vedtakCsv);
  writeFileSync(join(dir, 'gerica', 'tvangsprotokoll.csv'), ex.protokollCsv);
  writeFileSync(join(dir, 'Coercion.ndjson'), ex.coercionNdjson);
  writeFileSync(join(dir, 'Practitioner.ndjson'), ex.practitionerNdjson);
}

beforeAll(async () => {
  ex = generateCoercionExports();
  dir = mkdtempSync(join(tmpdir(), 'hs-coercion-'));
  mkdirSync(join(dir, 'gerica'));
  writeExports();
  tdb = await createTestDatabase();
  stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
  await insertPatients(tdb.db, [ex.patient]);
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function tableState(db: TestDatabase['db']): Promise<string> {
  const parts = [];
  for (const t of ['decision', 'decision_source', 'execution', 'quarantine', 'staff_identity']) {
    const cols =
      t === 'decision_source'
        ? 'source_system, source_id, decision_id, record'
        : t === 'quarantine'
          ? 'id, source_system, file, line, reason, raw'
          : '*';
    const { rows } = await db.query(`SELECT ${cols} FROM coercion.${t} ORDER BY 1, 2`);
    parts.push(JSON.stringify(rows));
  }
  return parts.join('\n');
}

const EXPECTED: Record<string, { verdict: string; decision: string | null; minutes: number }> = {
  'TP-2011-001': { verdict: 'VALID', decision: 'V-2011-001', minutes: 14 },
  'TP-2012-001': { verdict: 'VALID', decision: 'V-2011-001', minutes: 13 },
  'TP-2018-001': { verdict: 'EMERGENCY_A', decision: null, minutes: 20 },
  'TP-2019-001': { verdict: 'NOT_YET_APPROVED', decision: 'V-2019-001', minutes: 16 },
  'TP-2019-002': { verdict: 'VALID', decision: 'V-2019-001', minutes: 25 },
  'TP-2019-003': { verdict: 'VALID', decision: 'V-2019-001', minutes: 10 },
  'TP-2019-004': { verdict: 'VALID', decision: 'V-2019-002', minutes: 20 },
  'TP-2019-005': { verdict: 'VALID', decision: 'V-2019-002', minutes: 150 },
  'TP-2019-006': { verdict: 'VALID', decision: 'V-2019-001', minutes: 45 },
  'TP-2020-001': { verdict: 'NO_VALID_DECISION', decision: null, minutes: 30 },
  'TP-2022-001': { verdict: 'VALID', decision: 'V-2022-001', minutes: 12 },
  'TVG-900001': { verdict: 'VALID', decision: 'V-2022-001', minutes: 15 },
  'TVG-900002': { verdict: 'VALID', decision: 'TVD-900002', minutes: 3 },
  'TVG-900003': { verdict: 'VALID', decision: 'TVD-900003', minutes: 40 },
  'TVG-900004': { verdict: 'NO_VALID_DECISION', decision: null, minutes: 15 },
};

describe('import', () => {
  test('imports both systems, quarantines exactly the defective records, and a re-import changes nothing', async () => {
    const first = [
      ...(await importCoercionPath(tdb.db, join(dir, 'gerica'))),
      ...(await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'))),
      ...(await importCoercionPath(tdb.db, join(dir, 'Practitioner.ndjson'))),
    ];
    const [vedtak, protokoll, hp, practitioners] = first;
    expect(practitioners).toMatchObject({
      file: 'Practitioner.ndjson',
      staffIdentities: { read: 4, written: 4 },
    });
    expect(vedtak).toMatchObject({
      file: 'vedtak.csv',
      decisions: { read: 6, written: 4 },
      otherDecisions: 1,
    });
    // (V-2020-902 has too few fields to tell its Vedtakstype: quarantined, not counted as read.)
    expect(protokoll).toMatchObject({ file: 'tvangsprotokoll.csv', executions: { read: 16, written: 11 } });
    expect(hp).toMatchObject({
      file: 'Coercion.ndjson',
      decisions: { read: 3, written: 3 },
      executions: { read: 6, written: 4 },
    });

    const q = (
      await tdb.db.query<{
        source_system: string;
        file: string;
        line: number;
        source_id: string | null;
        reason: string;
        raw: Buffer;
      }>(
        'SELECT source_system, file, line, source_id, reason, raw FROM coercion.quarantine ORDER BY file, line',
      )
    ).rows;
    expect(q.map((r) => [r.file, r.line, r.source_id, r.reason])).toEqual([
      ['Coercion.ndjson', 8, null, expect.stringMatching(/^not JSON/)],
      ['Coercion.ndjson', 9, 'TVG-900902', expect.stringMatching(/end is before start/)],
      ['Coercion.ndjson', 10, 'TVG-900903', 'unknown decision id TVD-000000'],
      ['Coercion.ndjson', 11, 'X-1', 'unknown record kind "note"'],
      ['Practitioner.ndjson', 4, 'prac-gen-bad', 'hpr identifier must be 7 digits'],
      ['tvangsprotokoll.csv', 14, 'TP-2019-901', 'end (01.06.2019 09:00) is before start (01.06.2019 10:00)'],
      ['tvangsprotokoll.csv', 15, 'TP-2019-902', 'unknown decision id V-1999-999'],
      [
        'tvangsprotokoll.csv',
        16,
        'TP-2019-903',
        expect.stringMatching(/Start: Start is not a real time.*Slutt: Slutt is not a real time/),
      ],
      ['tvangsprotokoll.csv', 17, 'TP-2019-904', expect.stringMatching(/Fodselsnr: invalid national id/)],
      ['tvangsprotokoll.csv', 18, 'TP-2019-905', 'decision V-2019-001 belongs to another patient'],
      // vedtak.csv has two multi-line Begrunnelse fields before these (rows 1 and 3 of the data).
      ['vedtak.csv', 10, 'V-2020-900', expect.stringMatching(/validity ends before it starts/)],
      ['vedtak.csv', 11, 'V-2020-901', expect.stringMatching(/Fodselsnr: invalid national id/)],
      ['vedtak.csv', 12, 'V-2020-902', 'record has 4 fields, the header has 11'],
    ]);
    // Raw bytes are the record exactly as in the file (ISO-8859-1, CRLF inside quoted fields).
    const csvLines = ex.protokollCsv.toString('latin1').split('\r\n');
    expect(
      q.find((r) => r.source_id === 'TP-2019-902')!.raw.equals(Buffer.from(csvLines[14]!, 'latin1')),
    ).toBe(true);
    expect(q.find((r) => r.source_id === 'TP-2019-902')!.raw.includes(Buffer.from([0xa7]))).toBe(true); // '§' in latin1
    expect(q.find((r) => r.source_id === 'TVG-900903')!.raw.toString('utf8')).toBe(
      ex.coercionNdjson.split('\n')[9],
    );

    const before = await tableState(tdb.db);
    const again = [
      ...(await importCoercionPath(tdb.db, join(dir, 'gerica'))),
      ...(await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'))),
      ...(await importCoercionPath(tdb.db, join(dir, 'Practitioner.ndjson'))),
    ];
    expect(
      again.map((s) => [s.decisions.written, s.executions.written, s.staffIdentities?.written ?? 0]),
    ).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await tableState(tdb.db)).toBe(before);
  });

  test('a decision migrated from Gerica to HP is one decision with two provenances, whichever file comes first', async () => {
    const { rows } = await tdb.db.query<{
      id: string;
      source_system: string;
      decided_by: string | null;
      discrepancies: string[];
    }>('SELECT id, source_system, decided_by, discrepancies FROM coercion.decision ORDER BY valid_from, id');
    expect(rows.map((r) => r.id)).toEqual([
      'V-2011-001',
      'V-2019-001',
      'V-2019-002',
      'V-2022-001',
      'TVD-900002',
      'TVD-900003',
    ]);
    const migrated = rows.find((r) => r.id === 'V-2022-001')!;
    expect(migrated).toMatchObject({ source_system: 'GERICA', decided_by: '9098765', discrepancies: [] });
    const sources = await tdb.db.query(
      'SELECT source_system, source_id FROM coercion.decision_source WHERE decision_id = $1 ORDER BY 1',
      ['V-2022-001'],
    );
    expect(sources.rows).toEqual([
      { source_system: 'GERICA', source_id: 'V-2022-001' },
      { source_system: 'HELSEPLATTFORMEN', source_id: 'TVD-900001' },
    ]);

    // The other order, into a second fresh database, gives the same decisions.
    const other = await createTestDatabase();
    try {
      await migrateSubgraph(other.db, coercionSubgraph);
      await importCoercionPath(other.db, join(dir, 'Coercion.ndjson'));
      await importCoercionPath(other.db, join(dir, 'gerica'));
      const a = await tdb.db.query(
        'SELECT id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, decided_by, approved_at, justification, source_system, source_id, discrepancies FROM coercion.decision ORDER BY id',
      );
      const b = await other.db.query(
        'SELECT id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, decided_by, approved_at, justification, source_system, source_id, discrepancies FROM coercion.decision ORDER BY id',
      );
      expect(b.rows).toEqual(a.rows);
      // HP first: the execution recorded under TVD-900001 was quarantined nowhere and is there.
      expect((await other.db.query('SELECT count(*)::int AS n FROM coercion.execution')).rows[0]).toEqual({
        n: 15,
      });
    } finally {
      await other.drop();
    }
  });

  test('the sources disagreeing about a migrated decision is recorded, not hidden', async () => {
    const changed = ex.coercionNdjson.replace('"validTo":"2023-02-28"', '"validTo":"2023-02-27"');
    expect(changed).not.toBe(ex.coercionNdjson);
    const other = await createTestDatabase();
    try {
      await migrateSubgraph(other.db, coercionSubgraph);
      await importCoercionPath(other.db, join(dir, 'gerica'));
      const path = join(dir, 'changed.ndjson');
      writeFileSync(path, changed);
      await importCoercionPath(other.db, path);
      const { rows } = await other.db.query<{ valid_to: string; discrepancies: string[] }>(
        'SELECT valid_to, discrepancies FROM coercion.decision WHERE id = $1',
        ['V-2022-001'],
      );
      expect(rows[0]!.valid_to).toBe('2023-02-27');
      expect(rows[0]!.discrepancies).toEqual([
        'validTo differs (HELSEPLATTFORMEN TVD-900001: 2023-02-27; GERICA V-2022-001: 2023-02-28)',
      ]);
    } finally {
      await other.drop();
    }
  });
});

const EXEC_QUERY = `query ($nid: String!, $from: String, $to: String, $verdict: CoercionVerdict, $measure: String, $by: String) {
  patientByNationalId(nationalId: $nid) {
    coercionExecutions(from: $from, to: $to, verdict: $verdict, measure: $measure, executedBy: $by) {
      id measure start end durationMinutes verdict verdictReason timeNotes recordedDecisionId emergencyReported
      executedBy { id } executedByIds sourceSystem
      decision { id legalBasis sources { system id } }
    }
  }
}`;

describe('through the gateway', () => {
  let token: string;
  beforeAll(async () => {
    token = await everyoneMatterToken(
      stack,
      {
        sub: 'jurist-tvang',
      },
      'LEGAL_PROCEEDINGS',
    );
  });

  const run = async (variables: Record<string, unknown>) => {
    const { body } = await gql(stack.gateway.url, EXEC_QUERY, {
      token,
      variables: { nid: ex.patient.nationalId, ...variables },
    });
    expect(body.errors).toBeUndefined();
    return body.data.patientByNationalId.coercionExecutions as any[];
  };

  test('every execution has its verdict, matched decision and true duration', async () => {
    const all = await run({});
    expect(
      Object.fromEntries(
        all.map((e) => [
          e.id,
          { verdict: e.verdict, decision: e.decision?.id ?? null, minutes: e.durationMinutes },
        ]),
      ),
    ).toEqual(EXPECTED);
    const byId = new Map(all.map((e) => [e.id, e]));
    // Across the spring change: local 01:50 CET → 03:15 CEST.
    expect(byId.get('TP-2019-002')).toMatchObject({
      start: '2019-03-31T01:50:00+01:00',
      end: '2019-03-31T03:15:00+02:00',
      timeNotes: [],
    });
    // In the skipped hour: read with the winter offset, and said so.
    expect(byId.get('TP-2019-003').start).toBe('2019-03-31T03:30:00+02:00');
    expect(byId.get('TP-2019-003').timeNotes).toEqual([
      expect.stringMatching(/^start: 02:30 local time does not exist/),
    ]);
    // In the repeated hour: the end falls in the second pass.
    expect(byId.get('TP-2019-004')).toMatchObject({
      start: '2019-10-27T02:50:00+02:00',
      end: '2019-10-27T02:10:00+01:00',
    });
    expect(byId.get('TP-2019-006')).toMatchObject({
      start: '2019-12-31T23:40:00+01:00',
      end: '2020-01-01T00:25:00+01:00',
    });
    // The recorded decision is a claim: checked, and the reason says when it failed.
    expect(byId.get('TP-2022-001').recordedDecisionId).toBe('V-2019-001');
    expect(byId.get('TP-2022-001').verdictReason).toMatch(
      /decision V-2022-001 .* approved by Statsforvalteren 2022-02-22T00:00:00\+01:00; the recorded decision V-2019-001 was not valid on 2022-03-10/,
    );
    expect(byId.get('TVG-900004').verdictReason).toMatch(
      /no decision authorising "fysisk holding ved stell" was valid on 2024-03-02, and it was not reported/,
    );
    expect(byId.get('TP-2019-001').verdictReason).toMatch(
      /approved it only on 2019-03-08T00:00:00\+01:00, after the start 2019-03-05T08:00:00\+01:00/,
    );
    expect(byId.get('TP-2018-001')).toMatchObject({ emergencyReported: true, decision: null });
    expect(byId.get('TVG-900001').decision).toEqual({
      id: 'V-2022-001',
      legalBasis: 'hol-9-5c',
      sources: [
        { system: 'GERICA', id: 'V-2022-001' },
        { system: 'HELSEPLATTFORMEN', id: 'TVD-900001' },
      ],
    });
    expect(byId.get('TVG-900001').executedBy).toEqual([{ id: '9160033' }, { id: '10588' }]);
    expect(byId.get('TVG-900001').executedByIds).toEqual(['9160033', '10588']);
    expect(all.map((e) => e.start)).toEqual(
      [...all.map((e) => e.start)].sort((a, b) => Date.parse(a) - Date.parse(b)),
    );
  });

  test('filters: period (local dates), verdict, measure, staff member', async () => {
    // TP-2019-005 starts 27.10.2019 01:40 local, which is 26.10 23:40 UTC: the local date decides.
    expect((await run({ from: '2019-10-27', to: '2019-12-31' })).map((e) => e.id)).toEqual([
      'TP-2019-005',
      'TP-2019-004',
      'TP-2019-006',
    ]);
    expect((await run({ from: '2019-10-28', to: '2019-12-31' })).map((e) => e.id)).toEqual(['TP-2019-006']);
    expect((await run({ from: '2020-01-01', to: '2020-01-31' })).map((e) => e.id)).toEqual(['TP-2020-001']);
    expect((await run({ verdict: 'NO_VALID_DECISION' })).map((e) => e.id)).toEqual([
      'TP-2020-001',
      'TVG-900004',
    ]);
    expect((await run({ measure: 'tilbakeholdelse i bolig' })).map((e) => e.id)).toEqual([
      'TP-2018-001',
      'TP-2019-005',
      'TP-2019-004',
    ]);
    // 10603 (employee number, Gerica) and 9206184 (HPR number, HP) are one person.
    expect((await run({ by: '10603' })).map((e) => e.id)).toEqual([
      'TP-2019-002',
      'TP-2019-003',
      'TVG-900003',
    ]);
    expect((await run({ by: '9206184' })).map((e) => e.id)).toEqual([
      'TP-2019-002',
      'TP-2019-003',
      'TVG-900003',
    ]);
    expect((await run({ by: '10719' })).map((e) => e.id)).toEqual(['TP-2019-002', 'TP-2019-003']);
    expect(
      (await run({ verdict: 'VALID', measure: 'låst kjøleskap', from: '2022-01-01' })).map((e) => e.id),
    ).toEqual(['TP-2022-001', 'TVG-900002']);
    const bad = await gql(stack.gateway.url, EXEC_QUERY, {
      token,
      variables: { nid: ex.patient.nationalId, from: '10.03.2022' },
    });
    expect(bad.body.errors?.[0]?.message).toMatch(/from must be a date/);
  });

  test('decisions by period overlap, with provenance', async () => {
    const { body } = await gql(
      stack.gateway.url,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
      all: coercionDecisions { id }
      covers: coercionDecisions(from: "2022-03-01", to: "2022-03-01") { id executions { id verdict } }
      some: coercionDecisions(from: "2022-06-01", to: "2023-04-01") { id validFrom validTo approvedByStatsforvalterAt decidedBy sourceSystem sourceId discrepancies sources { system id file } }
    } }`,
      { token, variables: { nid: ex.patient.nationalId } },
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.patientByNationalId;
    expect(p.all.map((d: any) => d.id)).toEqual([
      'V-2011-001',
      'V-2019-001',
      'V-2019-002',
      'V-2022-001',
      'TVD-900002',
      'TVD-900003',
    ]);
    expect(p.some.map((d: any) => d.id)).toEqual(['V-2022-001', 'TVD-900002']);
    // Covered by verdict: TP-2022-001 was recorded under V-2019-001, TVG-900001 under the HP id of the same decision.
    expect(p.covers).toEqual([
      {
        id: 'V-2022-001',
        executions: [
          { id: 'TP-2022-001', verdict: 'VALID' },
          { id: 'TVG-900001', verdict: 'VALID' },
        ],
      },
    ]);
    expect(p.some[0]).toEqual({
      id: 'V-2022-001',
      validFrom: '2022-03-01',
      validTo: '2023-02-28',
      approvedByStatsforvalterAt: '2022-02-22T00:00:00+01:00',
      decidedBy: '9098765',
      sourceSystem: 'GERICA',
      sourceId: 'V-2022-001',
      discrepancies: [],
      sources: [
        { system: 'GERICA', id: 'V-2022-001', file: 'vedtak.csv' },
        { system: 'HELSEPLATTFORMEN', id: 'TVD-900001', file: 'Coercion.ndjson' },
      ],
    });
  });

  test('the report: totals equal the sum of the rows; per staff member adds up to participations; SVG chart; access logged', async () => {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query ($nid: String!) { patientByNationalId(nationalId: $nid) { coercionReport(from: "2011-01-01", to: "2023-12-31") {
        from to
        totals { executions totalMinutes longestMinutes staffParticipations staffMinutes }
        byVerdict { verdict count totalMinutes }
        byMeasure { measure count totalMinutes longestMinutes }
        byStaff { staffId staffIds practitioner { id } count totalMinutes }
        byDecision { decisionId decision { id } count totalMinutes }
        timeline { decisions { decisionId validFrom validTo approvedByStatsforvalterAt } executions { executionId verdict decisionId durationMinutes } }
        svg
      } } }`,
        variables: { nid: ex.patient.nationalId },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    const r = body.data.patientByNationalId.coercionReport;
    const inPeriod = Object.entries(EXPECTED).filter(([id]) => id !== 'TVG-900004');
    const sum = (xs: { count: number; totalMinutes: number }[]) => ({
      count: xs.reduce((a, x) => a + x.count, 0),
      minutes: xs.reduce((a, x) => a + x.totalMinutes, 0),
    });
    expect(r.totals.executions).toBe(inPeriod.length);
    expect(r.totals.totalMinutes).toBe(inPeriod.reduce((a, [, e]) => a + e.minutes, 0));
    expect(r.totals.longestMinutes).toBe(150);
    for (const rows of [r.byVerdict, r.byMeasure, r.byDecision]) {
      expect(sum(rows)).toEqual({ count: r.totals.executions, minutes: r.totals.totalMinutes });
    }
    expect(sum(r.byStaff)).toEqual({ count: r.totals.staffParticipations, minutes: r.totals.staffMinutes });
    expect(r.byVerdict).toEqual([
      { verdict: 'VALID', count: 11, totalMinutes: 347 },
      { verdict: 'NOT_YET_APPROVED', count: 1, totalMinutes: 16 },
      { verdict: 'EMERGENCY_A', count: 1, totalMinutes: 20 },
      { verdict: 'UNDETERMINED', count: 0, totalMinutes: 0 },
      { verdict: 'NO_VALID_DECISION', count: 1, totalMinutes: 30 },
    ]);
    expect(r.byMeasure.find((m: any) => m.measure === 'tilbakeholdelse i bolig')).toEqual({
      measure: 'tilbakeholdelse i bolig',
      count: 3,
      totalMinutes: 190,
      longestMinutes: 150,
    });
    expect(r.byStaff.find((s: any) => s.staffId === '10412')).toEqual({
      staffId: '10412',
      staffIds: ['10412'],
      practitioner: { id: '10412' },
      count: 3,
      totalMinutes: 190,
    });
    // One person under two numbers is one row, shown by HPR number.
    expect(r.byStaff.find((s: any) => s.staffIds.includes('10603'))).toEqual({
      staffId: '9206184',
      staffIds: ['10603', '9206184'],
      practitioner: { id: '9206184' },
      count: 3,
      totalMinutes: 75,
    });
    expect(r.byStaff.filter((s: any) => s.staffId === '10603')).toEqual([]);
    expect(r.byDecision.at(-1)).toEqual({ decisionId: null, decision: null, count: 2, totalMinutes: 50 });
    expect(r.byDecision.find((d: any) => d.decisionId === 'V-2022-001')).toEqual({
      decisionId: 'V-2022-001',
      decision: { id: 'V-2022-001' },
      count: 2,
      totalMinutes: 27,
    });
    expect(r.timeline.decisions.map((d: any) => d.decisionId)).toEqual([
      'V-2011-001',
      'V-2019-001',
      'V-2019-002',
      'V-2022-001',
      'TVD-900002',
      'TVD-900003',
    ]);
    expect(r.timeline.executions).toHaveLength(inPeriod.length);
    expect(r.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="297mm" height="210mm"/);
    expect(r.svg).toContain('tilbakeholdelse i bolig');
    expect(r.svg).toContain('#c62828'); // a NO_VALID_DECISION tick
    expect(r.svg).not.toContain(ex.patient.nationalId);

    const requestId = res.headers.get('x-request-id');
    const log = await tdb.db.query<{ entity_type: string; patient_id: string; n: number; purpose: string }>(
      `SELECT entity_type, patient_id, cardinality(entity_ids) AS n, purpose FROM audit.access_log
        WHERE request_id = $1 AND subgraph = 'coercion' ORDER BY entity_type`,
      [requestId],
    );
    expect(log.rows).toEqual([
      {
        entity_type: 'coercion_decision',
        patient_id: ex.patient.id,
        n: 6,
        purpose: 'LEGAL_PROCEEDINGS',
      },
      {
        entity_type: 'coercion_execution',
        patient_id: ex.patient.id,
        n: inPeriod.length,
        purpose: 'LEGAL_PROCEEDINGS',
      },
    ]);
  });

  test('researchers and reporting tools get no coercion rows, and nothing is logged as returned (the refusals are)', async () => {
    for (const role of ['researcher', 'reporting'] as const) {
      const t = await stack.token({
        sub: `u-${role}`,
        role,
        purpose: role === 'researcher' ? 'RESEARCH' : 'MANAGEMENT_STATISTICS',
      });
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: JSON.stringify({ query: '{ coercionExecution(id: "TP-2019-001") { id verdict } }' }),
      });
      const body = (await res.json()) as any;
      expect(body.data?.coercionExecution ?? null).toBeNull();
      // Reporting reads aggregates only (issue 16): its refusal says so.
      const rule =
        role === 'reporting'
          ? 'coercion_execution: role reporting reads aggregates only (the …Statistics queries), no records'
          : 'coercion_execution needs role legal or archivist';
      expect(body.errors?.[0]?.message).toBe(rule);
      const { body: p } = await gql(stack.gateway.url, EXEC_QUERY, {
        token: t,
        variables: { nid: ex.patient.nationalId },
      });
      expect(p.errors?.[0]?.message).toMatch(/needs role legal or archivist|reads aggregates only/);
      const log = await tdb.db.query(
        `SELECT 1 FROM audit.access_log WHERE subgraph = 'coercion' AND user_id = $1 AND outcome = 'granted'`,
        [`u-${role}`],
      );
      expect(log.rowCount).toBe(0);
      const denied = await tdb.db.query(
        `SELECT rule FROM audit.access_log WHERE subgraph = 'coercion' AND user_id = $1 AND outcome = 'denied'`,
        [`u-${role}`],
      );
      expect(denied.rows).toContainEqual({ rule });
    }
  });

  test('pasientjournalforskriften § 14: a decision reached through an execution (CoercionExecution.decision) is checked and logged as a coercion_decision read, as by reference (found in review)', async () => {
    const t = await everyoneMatterToken(stack, { sub: 'jurist-tvang-vedtak' }, 'LEGAL_PROCEEDINGS');
    const { body } = await gql(
      stack.gateway.url,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
         coercionExecutions(from: "2019-01-01", to: "2019-12-31") { id decision { id legalBasis } } } }`,
      { token: t, variables: { nid: ex.patient.nationalId } },
    );
    expect(body.errors).toBeUndefined();
    const shown = [
      ...new Set(
        (body.data.patientByNationalId.coercionExecutions as { decision: { id: string } | null }[])
          .map((e) => e.decision?.id)
          .filter((x): x is string => !!x),
      ),
    ].sort();
    expect(shown).toEqual(['V-2019-001', 'V-2019-002']);
    const logged = await tdb.db.query<{ id: string }>(
      `SELECT DISTINCT unnest(entity_ids) AS id FROM audit.access_log
        WHERE user_id = 'jurist-tvang-vedtak' AND entity_type = 'coercion_decision' AND outcome = 'granted' ORDER BY 1`,
    );
    expect(logged.rows.map((r) => r.id)).toEqual(shown);
  });

  test("an execution by id is judged against its patient's decisions", async () => {
    const { body } = await gql(
      stack.gateway.url,
      '{ coercionExecution(id: "TP-2019-001") { verdict decision { id } durationMinutes } }',
      { token },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.coercionExecution).toEqual({
      verdict: 'NOT_YET_APPROVED',
      decision: { id: 'V-2019-001' },
      durationMinutes: 16,
    });
  });
});

test('the generated CSV is what Gerica writes: ISO-8859-1, CRLF, quoted multi-line fields', () => {
  const text = readFileSync(join(dir, 'gerica', 'vedtak.csv')).toString('latin1');
  expect(text).toContain('Sotjl. \u00a7 4A-5');
  expect(text).toMatch(
    /"Per motsetter seg nødvendig stell; andre løsninger er prøvd\.\r\nSe ""plan for tiltak"" i journalen\."/,
  );
  expect(readFileSync(join(dir, 'gerica', 'vedtak.csv')).includes(Buffer.from('ø', 'utf8'))).toBe(false);
});
