/**
 * Stop 45, the gaps review s44 (case 3) left open in the coercion subgraph:
 * 1. a review of a chapter 4A decision recorded with a time of day: the verdicts and the last valid
 *    day agree (pasient- og brukerrettighetsloven §§ 4A-7, 4A-8: binding from the review's time);
 * 2. two records recorded as one execution are counted once everywhere, and show one verdict
 *    (helse- og omsorgstjenesteloven § 9-7);
 * 3. a measure is one measure whatever the source's case and spacing, and the per-measure table
 *    tells § 9-5 tredje ledd bokstav a from b/c.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const ROOT = join(__dirname, '..');
const run = promisify(execFile);
const LARS = '20888014390';

describeWithFixtures('stop 45: coercion gaps left by review s44 (case 3)', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let token: string;
  let dir: string;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const r = await run(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'scripts', 'cli.ts'), ...args],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' } },
      );
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  const call = (query: string, variables?: Record<string, unknown>, as = token) =>
    gql(stack.gateway.url, query, { token: as, variables });

  async function patientId(): Promise<string> {
    const r = await call(`{ patientByNationalId(nationalId: "${LARS}") { id } }`);
    return r.body.data.patientByNationalId.id as string;
  }

  /** The decision, its executions and timeline bar, and its dossier item, for the year `year`. */
  async function seen(id: string, year: string) {
    const r = await call(
      `query ($nid: String!, $pid: ID!, $from: String!, $to: String!) {
        patientByNationalId(nationalId: $nid) {
          coercionDecisions(from: $from, to: $to) { id lastValidDay lastValidDayNote }
          coercionExecutions(from: $from, to: $to) { id verdict lastValidDay minutesOutside decision { id } }
          coercionReport(from: $from, to: $to) { svg timeline { decisions { decisionId lastValidDay lastValidDayNote } } } }
        dossier(patientId: $pid, window: { from: $from, to: $to }) {
          items { recordId kind end details { label value } } } }`,
      { nid: LARS, pid: await patientId(), from: `${year}-01-01`, to: `${year}-12-31` },
    );
    expect(r.body.errors).toBeUndefined();
    const p = r.body.data.patientByNationalId;
    const item = (
      r.body.data.dossier.items as {
        recordId: string;
        end: string | null;
        details: { label: string; value: string }[];
      }[]
    ).find((i) => i.recordId === id)!;
    return {
      decision: (p.coercionDecisions as { id: string }[]).find((d) => d.id === id) as unknown as {
        lastValidDay: string | null;
        lastValidDayNote: string | null;
      },
      executions: new Map<string, { verdict: string; lastValidDay: string | null; minutesOutside: number }>(
        p.coercionExecutions.map((e: { id: string }) => [e.id, e]),
      ),
      bar: (p.coercionReport.timeline.decisions as { decisionId: string }[]).find(
        (d) => d.decisionId === id,
      ) as unknown as { lastValidDay: string | null; lastValidDayNote: string | null },
      svg: p.coercionReport.svg as string,
      lastValidDayDetail: item.details.find((d) => d.label === 'last valid day')?.value ?? null,
      end: item.end,
    };
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    prefix = testIndexPrefix();
    dir = mkdtempSync(join(tmpdir(), 'hs-s45-gaps-'));
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
        research: { ...testConfig({}).research, extractDir: dir },
      }),
      { db: tdb.db, indexerIntervalMs: 60_000 },
    );
    await runImport(tdb.db, 'gerica', fixture('gerica'));
    await runImport(tdb.db, 'hp', fixture('helseplattformen'));
    await importCoercionPath(tdb.db, fixture('gerica'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Practitioner.ndjson'));
    token = await stack.matterToken(
      { id: 'M-s45-gaps', nationalIds: [LARS], purpose: 'COMPLAINT' },
      { sub: 'jurist-s45-gaps', purpose: 'COMPLAINT' },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("pbrl. §§ 4A-7, 4A-8: a review recorded with a time of day binds from that time, so the last valid day is the review's own day, as the verdicts judge the executions before it that day, in the API, the timeline and chart, and the dossier", async () => {
    // TVD-200388 (pbrl. kap. 4A, 22.01.–21.07.2024); TVG-300219 under it on 20.02.2024 09:15–09:55.
    // Statsforvalteren set it aside at 12:00 that day.
    const r = await cli(
      'coercion-review',
      'TVD-200388',
      '--outcome',
      'REFUSED',
      '--at',
      '2024-02-20T12:00:00+01:00',
    );
    expect(r.code).toBe(0);
    const s = await seen('TVD-200388', '2024');
    expect(s.executions.get('TVG-300219')).toMatchObject({
      verdict: 'VALID',
      lastValidDay: '2024-02-20',
      minutesOutside: 0,
    });
    // Before: "2024-02-19", the day before, beside the execution judged VALID that morning.
    expect(s.decision.lastValidDay).toBe('2024-02-20');
    expect(s.decision.lastValidDayNote).toBe(
      'set aside by Statsforvalteren 2024-02-20T12:00:00+01:00 (pbrl. §§ 4A-7, 4A-8: binding from then), so valid to 2024-02-20 until 12:00; it stated 2024-01-22–2024-07-21',
    );
    expect(s.bar).toEqual({
      decisionId: 'TVD-200388',
      lastValidDay: '2024-02-20',
      lastValidDayNote: s.decision.lastValidDayNote,
    });
    expect(s.lastValidDayDetail).toBe(`2024-02-20 (${s.decision.lastValidDayNote})`);
    expect(s.end).toBe('2024-02-20');
    expect(s.svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-01-22 – 2024-07-21 (gyldig til 2024-02-20 kl. 12:00)</title>',
    );
    expect(s.svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-02-20 kl. 12:00 – 2024-07-21 ikke gyldig: Statsforvalteren opphevet vedtaket 2024-02-20 kl. 12:00</title>',
    );

    // The letter's date alone (midnight): binding from the start of that day, so the day rule.
    const d = await cli('coercion-review', 'TVD-200388', '--outcome', 'REFUSED', '--at', '2024-02-20');
    expect(d.code).toBe(0);
    const s2 = await seen('TVD-200388', '2024');
    expect(s2.executions.get('TVG-300219')).toMatchObject({
      verdict: 'NO_VALID_DECISION',
      lastValidDay: null,
    });
    expect(s2.decision.lastValidDay).toBe('2024-02-19');
    expect(s2.bar.lastValidDay).toBe('2024-02-19');
    expect(s2.end).toBe('2024-02-19');
    expect(s2.svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-02-20 – 2024-07-21 ikke gyldig: Statsforvalteren opphevet vedtaket 2024-02-20</title>',
    );
  });
  test("hol. § 9-7: two records recorded as one execution are counted once everywhere (report, coercionStatistics, research cohort and extract) and show one verdict, the counted record's, the other saying so", async () => {
    // The last Gerica evening (11.11.2022), no decision for 'tilbakeholdelse i bolig' in force: Lars kept
    // in, registered in Gerica as a § 9-5 a emergency, and again in Helseplattformen (under no decision,
    // saying nothing of an emergency) by the same staff, minutes off.
    const header = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
    const row = `TP-2022-031;;31508;${LARS};11.11.2022 21:30;11.11.2022 21:45;tilbakeholdelse i bolig;"10377,10588";"Ville ut i mørket, holdt tilbake i boligen.";Hol. § 9-5 tredje ledd bokstav a`;
    writeFileSync(join(dir, 'tvangsprotokoll.csv'), Buffer.from(`${header}\r\n${row}\r\n`, 'latin1'));
    const [g] = await importCoercionPath(tdb.db, join(dir, 'tvangsprotokoll.csv'));
    expect(g!.quarantined).toEqual([]);
    writeFileSync(
      join(dir, 'Coercion.ndjson'),
      JSON.stringify({
        kind: 'execution',
        id: 'TVG-300009',
        patient: LARS,
        decisionId: null,
        measure: 'tilbakeholdelse i bolig',
        start: '2022-11-11T21:33:00+01:00',
        end: '2022-11-11T21:46:00+01:00',
        executedBy: ['9160033', '10588'],
        alternativesTried: 'Tilbudt å velge rekkefølge.',
        description: 'Ville ut i mørket, holdt tilbake i boligen. Etterregistrert.',
        reportedAt: '2022-11-14T09:10:00+01:00',
      }) + '\n',
    );
    const [h] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
    expect(h!.quarantined).toEqual([]);

    // A research grant over the coercion executions (exact dates).
    const archivist = await stack.token({
      sub: 'arkivar-s45',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const reg = await call(
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      {
        i: {
          id: 'G-s45-same',
          projectId: 'P-s45',
          title: 'Tvang i boligen',
          rekNumber: '2026/045045',
          legalBasis: 'helseforskningsloven § 33',
          responsibleResearcher: 'forsker-s45',
          cohort: { sources: ['GERICA', 'HELSEPLATTFORMEN'] },
          variables: ['PERSON_BIRTH_YEAR', 'EXECUTION_MEASURE', 'EXECUTION_START'],
          datePrecision: 'EXACT',
          freeText: false,
          outputLevel: 'PSEUDONYMISED_RECORDS',
          expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
        },
      },
      archivist,
    );
    expect(reg.body.errors).toBeUndefined();
    const researcher = await stack.token({
      sub: 'forsker-s45',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-s45-same',
    });
    const research = async () => {
      const c = await call(
        '{ researchCohort { subjects(first: 100) { coercionExecutions { measure start } } } }',
        {},
        researcher,
      );
      expect(c.body.errors).toBeUndefined();
      const that = (
        c.body.data.researchCohort.subjects as { coercionExecutions: { measure: string; start: string }[] }[]
      )
        .flatMap((s) => s.coercionExecutions)
        .filter((e) => e.start === '2022-11-11' && e.measure === 'tilbakeholdelse i bolig').length;
      const x = await call('mutation { extract(grantId: "G-s45-same") { manifest } }', {}, researcher);
      expect(x.body.errors).toBeUndefined();
      return { that, extracted: JSON.parse(x.body.data.extract.manifest).rowCounts.executions as number };
    };
    const statisticsTotal = async () => {
      const rows = await coercionStatisticsTables.coercion.load(tdb.db, { from: '2022-11', to: '2022-11' });
      return rows.filter((r) => r.keys.every((k) => k === null)).reduce((a, r) => a + r.count, 0);
    };
    const listed = async () => {
      const r = await call(
        `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
          coercionReport(from: "2022-11-01", to: "2022-11-30") { totals { executions } byVerdict { verdict count } }
          coercionExecutions(from: "2022-11-11", to: "2022-11-11") { id verdict verdictReason decision { id } } } }`,
        { nid: LARS },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patientByNationalId;
    };
    const before = {
      research: await research(),
      statistics: await statisticsTotal(),
      listed: await listed(),
    };
    // Two records, two verdicts, before anyone has said they are one.
    const v0 = new Map(
      (before.listed.coercionExecutions as { id: string; verdict: string }[]).map((e) => [e.id, e.verdict]),
    );
    expect([v0.get('TP-2022-031'), v0.get('TVG-300009')]).toEqual(['EMERGENCY_A', 'UNDETERMINED']);
    expect(before.research.that).toBe(2);

    const ansvarlig = await stack.token({
      sub: 'journalansvarlig-s45',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    const m = await call(
      `mutation { markSameCoercionExecution(a: "TP-2022-031", b: "TVG-300009", reason: "Samme kveldsstell i Gerica og Helseplattformen") { countedExecutionId } }`,
      {},
      ansvarlig,
    );
    expect(m.body.errors).toBeUndefined();
    expect(m.body.data.markSameCoercionExecution.countedExecutionId).toBe('TVG-300009');

    const after = await listed();
    expect(after.coercionReport.totals.executions).toBe(before.listed.coercionReport.totals.executions - 1);
    expect(await statisticsTotal()).toBe(before.statistics - 1);
    // Research: the cohort's subject and the extract hold the execution once (before: both records).
    expect(await research()).toEqual({ that: 1, extracted: before.research.extracted - 1 });
    // One verdict for one execution: the record not counted is judged as the counted one, and says so.
    const byId = new Map(
      (
        after.coercionExecutions as {
          id: string;
          verdict: string;
          verdictReason: string;
          decision: { id: string } | null;
        }[]
      ).map((e) => [e.id, e]),
    );
    expect(byId.get('TP-2022-031')).toMatchObject({ verdict: 'UNDETERMINED', decision: null });
    expect(byId.get('TP-2022-031')!.verdictReason).toBe(
      `recorded as the same execution as TVG-300009 (HELSEPLATTFORMEN), the record counted, so judged as that record (hol. § 9-7: one execution, one verdict): ${byId.get('TVG-300009')!.verdictReason}`,
    );
    expect(byId.get('TVG-300009')!.verdict).toBe('UNDETERMINED');
    // The report's per-verdict rows count the execution once, as the counted record's verdict.
    const verdicts = (x: { byVerdict: { verdict: string; count: number }[] }): Record<string, number> =>
      Object.fromEntries(x.byVerdict.map((v) => [v.verdict, v.count]));
    expect(verdicts(after.coercionReport).EMERGENCY_A).toBe(
      verdicts(before.listed.coercionReport).EMERGENCY_A! - 1,
    );
    expect(verdicts(after.coercionReport).UNDETERMINED).toBe(
      verdicts(before.listed.coercionReport).UNDETERMINED,
    );
  });
  test('hol. § 9-5 tredje ledd, § 9-7: a measure is one measure whatever the source\'s case, spacing or Unicode form, so Gerica\'s "Låst  Kjøleskap" and Helseplattformen\'s decomposed "låst kjøleskap" are judged under the decision that lists it, counted as one measure and found as one execution registered twice', async () => {
    // 10.11.2022, TVD-100095 / V-2022-030 (hol. § 9-5 c, 21.03.2022–20.03.2023) lists "låst kjøleskap".
    const header = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
    const row = `TP-2022-045;V-2022-030;31508;${LARS};10.11.2022 12:00;10.11.2022 12:20;Låst  Kjøleskap ;"10377,10588";"Kjøleskapet låst etter lunsj.";Hol. § 9-5 tredje ledd bokstav c`;
    writeFileSync(join(dir, 'tvangsprotokoll.csv'), Buffer.from(`${header}\r\n${row}\r\n`, 'latin1'));
    const [g] = await importCoercionPath(tdb.db, join(dir, 'tvangsprotokoll.csv'));
    expect(g!.quarantined).toEqual([]);
    writeFileSync(
      join(dir, 'Coercion.ndjson'),
      JSON.stringify({
        kind: 'execution',
        id: 'TVG-300045',
        patient: LARS,
        decisionId: 'TVD-100095',
        // "å" as a + combining ring above (NFD), as some exports write it.
        measure: 'la\u030Ast\u00A0kjøleskap',
        start: '2022-11-10T12:02:00+01:00',
        end: '2022-11-10T12:21:00+01:00',
        executedBy: ['9160033', '10588'],
        alternativesTried: 'Samtale om måltider.',
        description: 'Kjøleskapet låst etter lunsj. Etterregistrert.',
        reportedAt: '2022-11-14T09:12:00+01:00',
      }) + '\n',
    );
    const [h] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
    expect(h!.quarantined).toEqual([]);
    const r = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionReport(from: "2022-11-10", to: "2022-11-10") {
          byMeasure { measure count } possibleDuplicates { executionIds } }
        coercionExecutions(from: "2022-11-10", to: "2022-11-10", measure: "Låst kjøleskap") { id measure verdict decision { id } } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    const p = r.body.data.patientByNationalId;
    // Before: both NO_VALID_DECISION ("the recorded decision … does not authorise "Låst  Kjøleskap""),
    // two rows of one measure, and no possible duplicate.
    expect(p.coercionExecutions).toEqual([
      { id: 'TP-2022-045', measure: 'låst kjøleskap', verdict: 'VALID', decision: { id: 'V-2022-030' } },
      { id: 'TVG-300045', measure: 'låst kjøleskap', verdict: 'VALID', decision: { id: 'V-2022-030' } },
    ]);
    expect(p.coercionReport.byMeasure.filter((m: { measure: string }) => /kj/i.test(m.measure))).toEqual([
      { measure: 'låst kjøleskap', count: 2 },
    ]);
    expect(p.coercionReport.possibleDuplicates).toEqual([{ executionIds: ['TP-2022-045', 'TVG-300045'] }]);
  });

  test("hol. § 9-5 tredje ledd, § 9-7: migration 020 writes a stored measure in its one form, keeping the row it replaced as the migration's change", async () => {
    // A record stored before stop 45 as the source wrote it (written here as that import wrote it).
    await tdb.db.query(
      `UPDATE coercion.execution SET measure = 'Fysisk  Holding ved stell' WHERE id = 'TP-2010-007'`,
    );
    await tdb.db.query(
      `UPDATE coercion.decision SET measures = ARRAY['Fysisk holding ved stell', 'fysisk holding ved  stell'] WHERE id = 'V-2010-031'`,
    );
    await tdb.db.query(
      readFileSync(join(ROOT, 'subgraphs', 'coercion', 'migrations', '020_measure_form.sql'), 'utf8'),
    );
    const e = await tdb.db.query<{ measure: string }>(
      `SELECT measure FROM coercion.execution WHERE id = 'TP-2010-007'`,
    );
    const d = await tdb.db.query<{ measures: string[] }>(
      `SELECT measures FROM coercion.decision WHERE id = 'V-2010-031'`,
    );
    expect([e.rows[0]?.measure, d.rows[0]?.measures]).toEqual([
      'fysisk holding ved stell',
      ['fysisk holding ved stell'],
    ]);
    const kept = await tdb.db.query(
      `SELECT record_table, record->>'measure' AS measure, record->'measures' AS measures, replaced_by, reason
         FROM coercion.record_version WHERE replaced_by = 'migration 020' ORDER BY id`,
    );
    expect(kept.rows).toEqual([
      {
        record_table: 'execution',
        measure: 'Fysisk  Holding ved stell',
        measures: null,
        replaced_by: 'migration 020',
        reason: 'measure written in its one form (case, spaces, Unicode NFC; not a change of the record)',
      },
      {
        record_table: 'decision',
        measure: null,
        measures: ['Fysisk holding ved stell', 'fysisk holding ved  stell'],
        replaced_by: 'migration 020',
        reason: 'measure written in its one form (case, spaces, Unicode NFC; not a change of the record)',
      },
    ]);
    // Judged as before: the 2010 execution under the decision that lists the measure.
    const r = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: "2010-04-12", to: "2010-04-12") { id verdict decision { id } } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patientByNationalId.coercionExecutions).toEqual([
      { id: 'TP-2010-007', verdict: 'VALID', decision: { id: 'V-2010-031' } },
    ]);
  });

  test('hol. § 9-5 tredje ledd bokstav a vs b/c: the per-measure table and coercionStatistics tell the emergency measures (a: skadeavvergende tiltak i nødssituasjoner) from the planned ones (b/c) by the legal basis each execution was carried out under', async () => {
    // 2017–2019, "tilbakeholdelse i bolig": TP-2017-018 an emergency (Gerica: Hjemmel bokstav a), TP-2019-015
    // and TP-2019-029 under V-2019-088 (hol. § 9-5 b).
    const r = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionReport(from: "2017-01-01", to: "2019-12-31") {
          svg byMeasure { measure count byLegalBasis { legalBasis statute count totalMinutes } } } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    const rows = r.body.data.patientByNationalId.coercionReport.byMeasure as {
      measure: string;
      count: number;
      byLegalBasis: { legalBasis: string | null; statute: string | null; count: number }[];
    }[];
    const kept = rows.find((m) => m.measure === 'tilbakeholdelse i bolig')!;
    expect(kept.count).toBe(3);
    expect(
      kept.byLegalBasis.map(({ legalBasis, statute, count }) => ({ legalBasis, statute, count })),
    ).toEqual([
      {
        legalBasis: 'hol-9-5a',
        statute: 'hol. § 9-5 tredje ledd bokstav a (skadeavvergende tiltak i nødssituasjoner)',
        count: 1,
      },
      {
        legalBasis: 'hol-9-5b',
        statute:
          'hol. § 9-5 tredje ledd bokstav b (planlagte skadeavvergende tiltak i gjentatte nødssituasjoner)',
        count: 2,
      },
    ]);
    for (const m of rows) expect(m.byLegalBasis.reduce((a, b) => a + b.count, 0)).toBe(m.count);
    expect(r.body.data.patientByNationalId.coercionReport.svg).toContain('§ 9-5 a');
    // coercionStatistics: the legal basis is a dimension (measure × verdict × unit × legal basis); over
    // all measures (a measure this rare is 'annet' in a published table), each basis's total is the
    // report's (Lars is the only person with executions in these years).
    const cells = await coercionStatisticsTables.coercion.load(tdb.db, { from: '2017-01', to: '2019-12' });
    const cell = (basis: string) =>
      cells
        .filter((c) => c.keys[0] === null && c.keys[1] === null && c.keys[2] === null && c.keys[3] === basis)
        .reduce((a, c) => a + c.count, 0);
    const report = (basis: string) =>
      rows
        .flatMap((m) => m.byLegalBasis)
        .filter((b) => b.legalBasis === basis)
        .reduce((a, b) => a + b.count, 0);
    expect([cell('hol-9-5a'), cell('hol-9-5b'), cell('hol-9-5c')]).toEqual([
      report('hol-9-5a'),
      report('hol-9-5b'),
      report('hol-9-5c'),
    ]);
    expect(cell('hol-9-5a')).toBeGreaterThanOrEqual(1);
    expect(cell('hol-9-5b')).toBeGreaterThanOrEqual(2);
  });
  test('hol. § 9-11, forvaltningsloven § 35: a later decision changing an approval (the barneverns- og helsenemnda on a complaint) binds from its own time: the executions before it keep their verdict, those after it are judged by the new state, and the approval before it is kept', async () => {
    // TVD-200214 (hol. § 9-5 c, 21.03.2023–20.03.2024), approved by Statsforvalteren 17.03.2023 09:30.
    // On the verge's complaint the barneverns- og helsenemnda refuses it on 15.08.2023 at 10:00.
    // TVG-300113 (10.05.2023) was carried out under the approval; TVG-300166 (03.10.2023) after the change.
    const before = await seen('TVD-200214', '2023');
    expect(before.executions.get('TVG-300113')!.verdict).toBe('VALID');
    expect(before.executions.get('TVG-300166')!.verdict).toBe('VALID');
    // Recorded as a review it would rewrite the verdicts before it: still refused.
    const asReview = await cli(
      'coercion-review',
      'TVD-200214',
      '--outcome',
      'REFUSED',
      '--at',
      '2023-08-15T10:00:00+02:00',
    );
    expect(asReview.code).not.toBe(0);
    expect(asReview.stderr).toMatch(/record it with coercion-approval-change/);
    const r = await cli(
      'coercion-approval-change',
      'TVD-200214',
      '--by',
      'NEMNDA',
      '--outcome',
      'REFUSED',
      '--at',
      '2023-08-15T10:00:00+02:00',
      '--reason',
      'Klage fra verge tatt til følge: vilkårene i § 9-5 ikke oppfylt',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = await seen('TVD-200214', '2023');
    // Before the change: as approved. After it: nothing authorised.
    expect(s.executions.get('TVG-300113')).toMatchObject({ verdict: 'VALID', minutesOutside: 0 });
    expect(s.executions.get('TVG-300166')).toMatchObject({
      verdict: 'NO_VALID_DECISION',
      lastValidDay: null,
    });
    const note =
      'approved by Statsforvalteren 2023-03-17T09:30:00+01:00; changed by barneverns- og helsenemnda 2023-08-15T10:00:00+02:00 (hol. § 9-11: REFUSED, binding from then, not back), so valid to 2023-08-15 until 10:00; it stated 2023-03-21–2024-03-20';
    expect(s.decision).toMatchObject({ lastValidDay: '2023-08-15', lastValidDayNote: note });
    expect(s.bar).toEqual({ decisionId: 'TVD-200214', lastValidDay: '2023-08-15', lastValidDayNote: note });
    expect(s.end).toBe('2023-08-15');
    expect(s.svg).toContain(
      'ikke gyldig: barneverns- og helsenemnda opphevet vedtaket 2023-08-15 kl. 10:00</title>',
    );
    const x = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: "2023-10-03", to: "2023-10-03") { id verdictReason }
        coercionDecisions(from: "2023-08-01", to: "2023-08-31") { id approvedByStatsforvalterAt review { outcome }
          approvalChanges { decidedBy body law bindsFrom outcome measures validTo reason recordedBy } } } }`,
      { nid: LARS },
    );
    expect(x.body.errors).toBeUndefined();
    const p = x.body.data.patientByNationalId;
    expect(p.coercionExecutions.find((e: { id: string }) => e.id === 'TVG-300166').verdictReason).toMatch(
      /decision TVD-200214 was refused by barneverns- og helsenemnda 2023-08-15T10:00:00\+02:00 \(hol\. § 9-11: a change of the approval, binding from then\)/,
    );
    // The approval before it is kept as it was, the change beside it with who, when and why.
    const d = p.coercionDecisions.find((e: { id: string }) => e.id === 'TVD-200214');
    expect(d).toMatchObject({
      approvedByStatsforvalterAt: '2023-03-17T09:30:00+01:00',
      review: { outcome: 'APPROVED' },
      approvalChanges: [
        {
          decidedBy: 'NEMNDA',
          body: 'barneverns- og helsenemnda',
          law: 'hol. § 9-11',
          bindsFrom: '2023-08-15T10:00:00+02:00',
          outcome: 'REFUSED',
          measures: null,
          validTo: null,
          reason: 'Klage fra verge tatt til følge: vilkårene i § 9-5 ikke oppfylt',
          recordedBy: expect.stringMatching(/^cli:/),
        },
      ],
    });
    // Insert-only: the change is never rewritten or removed.
    await expect(tdb.db.query(`UPDATE coercion.approval_change SET outcome = 'APPROVED'`)).rejects.toThrow(
      /a change of an approval is kept as recorded/,
    );
    await expect(tdb.db.query(`DELETE FROM coercion.approval_change`)).rejects.toThrow(/kept as recorded/);
    // A change before the approval in force, or without a reason, is refused.
    const back = await cli(
      'coercion-approval-change',
      'TVD-200214',
      '--by',
      'NEMNDA',
      '--outcome',
      'APPROVED',
      '--at',
      '2023-03-01',
      '--reason',
      'x',
    );
    expect(back.code).not.toBe(0);
    expect(back.stderr).toMatch(
      /is not after 2023-08-15T10:00:00\+02:00, the last change recorded: a change binds from its own time, never back/,
    );
    const noReason = await cli(
      'coercion-approval-change',
      'TVD-200214',
      '--by',
      'NEMNDA',
      '--outcome',
      'APPROVED',
      '--at',
      '2023-09-01',
      '--reason',
      ' ',
    );
    expect(noReason.code).not.toBe(0);
  });
});
