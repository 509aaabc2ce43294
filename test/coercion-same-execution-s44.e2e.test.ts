/**
 * Review s44, case 3, left open: the same execution registered in Gerica and in Helseplattformen
 * (minutes apart, around the change of systems) is recorded as one by the person responsible for
 * the record (journalansvarlig, purpose RECORD_CORRECTION; helsepersonelloven § 39 andre ledd,
 * § 42: nothing is deleted, a correction is recorded with who, when and why, and can be undone),
 * and is then counted once (hol. § 9-7: each execution is documented, once): coercionStatistics,
 * the report's totals and the dossier; possibleDuplicates no longer names the pair.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { coercionStatisticsTables } from '../subgraphs/coercion/statistics';
import { runImport } from '../subgraphs/journal/import/run';
import { describeWithFixtures, fixture } from '../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

const LARS = '20888014390';
const SARA = '30917526490';

const MARK = `mutation ($a: ID!, $b: ID!, $counted: ID, $reason: String!) {
  markSameCoercionExecution(a: $a, b: $b, counted: $counted, reason: $reason) {
    executionId countedExecutionId sourceSystems markedBy markedAt reason undoneBy undoneAt undoReason } }`;
const UNDO = `mutation ($id: ID!, $reason: String!) {
  undoSameCoercionExecution(executionId: $id, reason: $reason) {
    executionId countedExecutionId undoneBy undoneAt undoReason } }`;

describeWithFixtures('review s44 (case 3): two records of one execution, recorded as one', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let legal: string;
  let ansvarlig: string;
  let dir: string;

  const call = (token: string, query: string, variables?: Record<string, unknown>) =>
    gql(stack.gateway.url, query, { token, variables });

  async function report() {
    const r = await call(
      legal,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionReport(from: "2022-11-01", to: "2022-11-30") {
          totals { executions totalMinutes staffParticipations } byStaff { staffId count } byMeasure { measure count totalMinutes }
          byVerdict { verdict count } possibleDuplicates { executionIds }
          sameExecutions { executionId countedExecutionId sourceSystems markedBy reason } }
        coercionExecutions(from: "2022-11-01", to: "2022-11-30") { id sourceSystem
          sameExecutionAs { executionId sourceSystem markedBy markedAt reason }
          alsoRecordedAs { executionId sourceSystem } } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patientByNationalId;
  }

  /** Every execution of November 2022 (Lars's three, and Sara's one). */
  async function statisticsTotal(): Promise<number> {
    const rows = await coercionStatisticsTables.coercion.load(tdb.db, { from: '2022-11', to: '2022-11' });
    return rows.filter((r) => r.keys.every((k) => k === null)).reduce((a, r) => a + r.count, 0);
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    prefix = testIndexPrefix();
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
      }),
      { db: tdb.db, indexerIntervalMs: 60_000 },
    );
    await runImport(tdb.db, 'gerica', fixture('gerica'));
    await runImport(tdb.db, 'hp', fixture('helseplattformen'));
    await importCoercionPath(tdb.db, fixture('gerica'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Practitioner.ndjson'));
    // The last Gerica evening (11.11.2022): the evening care in Gerica's protocol, and again in
    // Helseplattformen by the same staff a few minutes off (as review s44's test).
    dir = mkdtempSync(join(tmpdir(), 'hs-s44-same-'));
    const header = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
    const row = `TP-2022-031;V-2022-030;31508;${LARS};11.11.2022 21:30;11.11.2022 21:45;fysisk holding ved stell;"10377,10588";"Kveldsstell, motsatte seg dusj.";Hol. § 9-5 tredje ledd bokstav c`;
    writeFileSync(join(dir, 'tvangsprotokoll.csv'), Buffer.from(`${header}\r\n${row}\r\n`, 'latin1'));
    const [g] = await importCoercionPath(tdb.db, join(dir, 'tvangsprotokoll.csv'));
    expect(g!.quarantined).toEqual([]);
    const hp = (o: Record<string, unknown>) =>
      JSON.stringify({
        kind: 'execution',
        measure: 'fysisk holding ved stell',
        alternativesTried: 'Tilbudt å velge rekkefølge.',
        description: 'Kveldsstell, motsatte seg dusj. Etterregistrert.',
        reportedAt: '2022-11-14T09:10:00+01:00',
        ...o,
      });
    writeFileSync(
      join(dir, 'Coercion.ndjson'),
      [
        hp({
          id: 'TVG-300009',
          patient: LARS,
          decisionId: 'TVD-100095',
          start: '2022-11-11T21:33:00+01:00',
          end: '2022-11-11T21:46:00+01:00',
          executedBy: ['9160033', '10588'],
        }),
        // Another person's execution of the same measure at the same time.
        hp({
          id: 'TVG-900001',
          patient: SARA,
          decisionId: null,
          start: '2022-11-11T21:31:00+01:00',
          end: '2022-11-11T21:40:00+01:00',
          executedBy: ['9160033'],
        }),
      ].join('\n') + '\n',
    );
    const [h] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
    expect(h!.quarantined).toEqual([]);
    legal = await stack.matterToken(
      { id: 'M-s44-same', nationalIds: [LARS], purpose: 'COMPLAINT' },
      { sub: 'jurist-s44-same', purpose: 'COMPLAINT' },
    );
    ansvarlig = await stack.token({
      sub: 'journalansvarlig-s44',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('hol. § 9-7, helsepersonelloven § 42: the journalansvarlig records that two executions are one; the report, coercionStatistics and the dossier count it once, the other kept as the same execution with both sources; undone, both count again', async () => {
    // Before: both counted, the pair named as a possible duplicate.
    const before = await report();
    expect(before.coercionReport.totals).toEqual({
      executions: 3,
      totalMinutes: 15 + 13 + 15,
      staffParticipations: 6,
    });
    expect(before.coercionReport.possibleDuplicates).toEqual([
      { executionIds: ['TP-2022-031', 'TVG-300009'] },
    ]);
    expect(await statisticsTotal()).toBe(4);

    const reason =
      'Samme kveldsstell registrert i Gerica og etterregistrert i Helseplattformen (overgangen 11.11.2022)';
    const m = await call(ansvarlig, MARK, { a: 'TP-2022-031', b: 'TVG-300009', reason });
    expect(m.body.errors).toBeUndefined();
    // Helseplattformen's record counts (the marking named none).
    expect(m.body.data.markSameCoercionExecution).toMatchObject({
      executionId: 'TP-2022-031',
      countedExecutionId: 'TVG-300009',
      sourceSystems: ['GERICA', 'HELSEPLATTFORMEN'],
      markedBy: 'journalansvarlig-s44',
      reason,
      undoneBy: null,
    });

    const after = await report();
    expect(after.coercionReport.totals).toEqual({
      executions: 2,
      totalMinutes: 13 + 15,
      staffParticipations: 4,
    });
    expect(after.coercionReport.byStaff.find((s: { staffId: string }) => s.staffId === '9160033').count).toBe(
      2,
    );
    expect(after.coercionReport.byMeasure).toEqual([
      { measure: 'fysisk holding ved stell', count: 2, totalMinutes: 28 },
    ]);
    expect(after.coercionReport.possibleDuplicates).toEqual([]);
    expect(after.coercionReport.sameExecutions).toEqual([
      {
        executionId: 'TP-2022-031',
        countedExecutionId: 'TVG-300009',
        sourceSystems: ['GERICA', 'HELSEPLATTFORMEN'],
        markedBy: 'journalansvarlig-s44',
        reason,
      },
    ]);
    // Both stay records: the other is the same execution as the one counted.
    const byId = new Map(after.coercionExecutions.map((e: { id: string }) => [e.id, e]));
    expect(byId.get('TP-2022-031')).toMatchObject({
      sameExecutionAs: {
        executionId: 'TVG-300009',
        sourceSystem: 'HELSEPLATTFORMEN',
        markedBy: 'journalansvarlig-s44',
        reason,
      },
      alsoRecordedAs: [],
    });
    expect(byId.get('TVG-300009')).toMatchObject({
      sameExecutionAs: null,
      alsoRecordedAs: [{ executionId: 'TP-2022-031', sourceSystem: 'GERICA' }],
    });
    expect(await statisticsTotal()).toBe(3);

    // The dossier: one item for the execution, with both sources.
    const pid = (await call(legal, `{ patientByNationalId(nationalId: "${LARS}") { id } }`)).body.data
      .patientByNationalId.id;
    const d = await call(
      legal,
      `query ($pid: ID!) { dossier(patientId: $pid, window: { from: "2022-11-01", to: "2022-11-30" }) {
        items { recordId kind sourceSystem provenance { copies { sourceSystem sourceId kind } } details { label value } } } }`,
      { pid },
    );
    expect(d.body.errors).toBeUndefined();
    const xs = (d.body.data.dossier.items as { recordId: string; kind: string }[]).filter(
      (i) => i.kind === 'COERCION_EXECUTION',
    ) as unknown as {
      recordId: string;
      provenance: { copies: { sourceSystem: string; sourceId: string; kind: string }[] };
      details: { label: string; value: string }[];
    }[];
    expect(xs.map((i) => i.recordId)).toEqual(['TVG-300009', 'TVG-300017']);
    expect(xs[0]!.provenance.copies).toEqual([
      { sourceSystem: 'GERICA', sourceId: 'TP-2022-031', kind: 'same_execution' },
    ]);
    expect(xs[0]!.details.find((x) => x.label === 'also recorded as')?.value).toMatch(
      /^TP-2022-031 \(GERICA, 2022-11-11T21:30:00\+01:00–2022-11-11T21:45:00\+01:00\): the same execution as TVG-300009, recorded by journalansvarlig-s44 /,
    );

    // Undone (recorded, the marking kept): both count again.
    const u = await call(ansvarlig, UNDO, { id: 'TVG-300009', reason: 'Feil: to ulike stell' });
    expect(u.body.errors).toBeUndefined();
    expect(u.body.data.undoSameCoercionExecution).toMatchObject({
      executionId: 'TP-2022-031',
      undoneBy: 'journalansvarlig-s44',
      undoReason: 'Feil: to ulike stell',
    });
    const undone = await report();
    expect(undone.coercionReport.totals.executions).toBe(3);
    expect(undone.coercionReport.possibleDuplicates).toEqual([
      { executionIds: ['TP-2022-031', 'TVG-300009'] },
    ]);
    expect(undone.coercionReport.sameExecutions).toEqual([]);
    expect(await statisticsTotal()).toBe(4);
    const kept = await tdb.db.query(
      'SELECT execution_id, counted_id, marked_by, undone_by FROM coercion.same_execution',
    );
    expect(kept.rows).toEqual([
      {
        execution_id: 'TP-2022-031',
        counted_id: 'TVG-300009',
        marked_by: 'journalansvarlig-s44',
        undone_by: 'journalansvarlig-s44',
      },
    ]);

    // Marked again, naming the Gerica record as the one that counts.
    const again = await call(ansvarlig, MARK, {
      a: 'TP-2022-031',
      b: 'TVG-300009',
      counted: 'TP-2022-031',
      reason,
    });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.markSameCoercionExecution).toMatchObject({
      executionId: 'TVG-300009',
      countedExecutionId: 'TP-2022-031',
    });
  });

  test('refused with a clear error: another role, no reason, the same execution twice, different measures, different persons, one already marked', async () => {
    const reason = 'test';
    const err = async (token: string, v: Record<string, unknown>) => {
      const r = await call(token, MARK, { reason, ...v });
      expect(r.body.data?.markSameCoercionExecution ?? null).toBeNull();
      return {
        code: r.body.errors![0]!.extensions!.code as string,
        message: r.body.errors![0]!.message,
      };
    };
    expect(await err(legal, { a: 'TP-2022-031', b: 'TVG-300017' })).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/markSameCoercionExecution needs role journalansvarlig/),
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'TVG-300071', reason: ' ' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'reason is required',
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'TVG-300017' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'TVG-300017 is the same execution record twice: name two records',
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'TVG-300058' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(
        /^TVG-300017 and TVG-300058 record different measures \("fysisk holding ved stell", "låst kjøleskap"\): not one execution/,
      ),
    });
    expect(await err(ansvarlig, { a: 'TVG-300009', b: 'TVG-900001' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(
        /^TVG-300009 and TVG-900001 are executions of different persons: not one execution/,
      ),
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'TVG-300071', counted: 'TVG-300009' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'counted must be TVG-300017 or TVG-300071',
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'TVG-300071' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'TVG-300017 and TVG-300071 are both from HELSEPLATTFORMEN: say which counts (counted)',
    });
    expect(await err(ansvarlig, { a: 'TVG-300017', b: 'NO-SUCH' })).toEqual({
      code: 'NOT_FOUND',
      message: 'coercion execution NO-SUCH not found',
    });
    // Already marked (by the test above): TVG-300009 is the same execution as TP-2022-031.
    expect(await err(ansvarlig, { a: 'TVG-300009', b: 'TVG-300017', counted: 'TVG-300017' })).toEqual({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^TVG-300009 is already recorded as the same execution as TP-2022-031 \(by journalansvarlig-s44 /,
      ),
    });
    const undo = await call(ansvarlig, UNDO, { id: 'TVG-300017', reason });
    expect(undo.body.errors![0]).toMatchObject({
      message: 'TVG-300017 is not recorded as the same execution as another',
      extensions: { code: 'CONFLICT' },
    });
  });
});
