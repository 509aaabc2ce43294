/**
 * Review s44, case 3 of the domain brief (documenting the execution of coercion over 10–15 years
 * for a person with cognitive impairment: who, by what means, for how long, per measure, and that
 * each execution related to the decision valid at that time; decisions made in Gerica and
 * migrated into Helseplattformen counted once), walked through the gateway on the source exports
 * as the legal user, the archivist and the reporting tool would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
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

describeWithFixtures('review s44: case 3, coercion over fifteen years (Gerica and Helseplattformen)', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let token: string;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const r = await run(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'scripts', 'cli.ts'), ...args],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' },
        },
      );
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  const call = (query: string, variables?: Record<string, unknown>, t = token) =>
    gql(stack.gateway.url, query, { token: t, variables });

  async function executions(from?: string, to?: string) {
    const r = await call(
      `query ($nid: String!, $from: String, $to: String) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: $from, to: $to) { id verdict verdictReason decision { id } } } }`,
      { nid: LARS, from, to },
    );
    expect(r.body.errors).toBeUndefined();
    return new Map<string, { verdict: string; verdictReason: string; decision: { id: string } | null }>(
      r.body.data.patientByNationalId.coercionExecutions.map((e: { id: string }) => [e.id, e]),
    );
  }

  let larsId: string | undefined;
  async function patientId(): Promise<string> {
    if (!larsId) {
      const r = await call(`{ patientByNationalId(nationalId: "${LARS}") { id } }`);
      larsId = r.body.data.patientByNationalId.id as string;
    }
    return larsId;
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
    // As the municipality did: the Gerica export first, Helseplattformen's after go-live.
    await importCoercionPath(tdb.db, fixture('gerica'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Practitioner.ndjson'));
    token = await stack.matterToken(
      { id: 'M-s44-tvang', nationalIds: [LARS], purpose: 'COMPLAINT' },
      { sub: 'jurist-s44', purpose: 'COMPLAINT' },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  test("helsepersonelloven § 42: a decision migrated from Gerica meeting Helseplattformen's copy is kept as merged, not listed in the dossier as changed by a later export of its source", async () => {
    const r = await call(
      `query ($nid: String!, $pid: ID!) { patientByNationalId(nationalId: $nid) {
        coercionDecisions(from: "2019-06-01", to: "2019-06-30") { id sources { system id } history { version replacedBy reason } } }
        dossier(patientId: $pid, window: { from: "2019-06-01", to: "2019-06-30" }) {
          items { id kind provenance { corrections { by reason } } } } }`,
      { nid: LARS, pid: await patientId() },
    );
    expect(r.body.errors).toBeUndefined();
    const ds = r.body.data.patientByNationalId.coercionDecisions as {
      id: string;
      sources: { system: string }[];
      history: { reason: string; replacedBy: string }[];
    }[];
    // V-2019-037 and V-2019-088: each one decision with a record in Gerica and one in HP.
    expect(ds.map((d) => [d.id, d.sources.map((s) => s.system)])).toEqual([
      ['V-2019-037', ['GERICA', 'HELSEPLATTFORMEN']],
      ['V-2019-088', ['GERICA', 'HELSEPLATTFORMEN']],
    ]);
    // Before: the Gerica row was kept as "changed in a later source export", and the dossier (so
    // the evidence bundle) listed it among the decision's corrections.
    for (const d of ds) {
      expect(d.history.map((h) => [h.replacedBy, h.reason])).toEqual([
        [
          'import',
          'merged with the HELSEPLATTFORMEN record of the same decision (migrated between source systems: one decision, a record in each; not a change of the decision)',
        ],
      ]);
    }
    const items = r.body.data.dossier.items as {
      kind: string;
      provenance: { corrections: { reason: string }[] };
    }[];
    const reasons = items
      .filter((i) => i.kind === 'COERCION_DECISION')
      .flatMap((i) => i.provenance.corrections.map((c) => c.reason));
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).not.toMatch(/changed in a later source export/);
  });

  test('hol. § 9-8 with § 9-11: a review dated after the approval in force is not recorded as that approval unless the user says the earlier date is wrong; the executions the approval covered keep their verdict', async () => {
    // V-2011-044 (tilbakeholdelse i bolig, sotjl. § 4A-5 b) was approved by Fylkesmannen on
    // 30.03.2011 (Gerica, and HP's migrated copy); TP-2011-011 was carried out under it on 17.05.2011.
    expect((await executions('2011-01-01', '2011-12-31')).get('TP-2011-011')!.verdict).toBe('VALID');
    // A later letter (the barneverns- og helsenemnda's decision on a complaint, hol. § 9-11, or
    // Statsforvalteren's reversal, forvaltningsloven § 35) shortening the decision from 20.06.2011:
    // recorded, it replaced the approval of 30.03.2011, and TP-2011-011 became NOT_YET_APPROVED
    // ("Fylkesmannen approved it only on 2011-06-20").
    const later = await cli(
      'coercion-review',
      'V-2011-044',
      '--outcome',
      'SHORTENED',
      '--at',
      '2011-06-20',
      '--valid-to',
      '2011-09-30',
    );
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/V-2011-044 was approved by Fylkesmannen 2011-03-30/);
    expect(later.stderr).toMatch(/--replaces-approval/);
    expect((await executions('2011-01-01', '2011-12-31')).get('TP-2011-011')!.verdict).toBe('VALID');
    const stored = await tdb.db.query<{ reviewed_at: Date | null }>(
      'SELECT reviewed_at FROM coercion.decision WHERE id = $1',
      ['V-2011-044'],
    );
    expect(stored.rows[0]!.reviewed_at).toBeNull();
    // The same day as the approval is the record of that review (its letter): recorded as before.
    const same = await cli(
      'coercion-review',
      'V-2011-044',
      '--outcome',
      'APPROVED',
      '--at',
      '2011-03-30T14:00:00+02:00',
    );
    expect(same.code).toBe(0);
    // Told that the earlier date is wrong (the letter is the review), it is recorded and judged by.
    const replaced = await cli(
      'coercion-review',
      'V-2011-044',
      '--outcome',
      'APPROVED',
      '--at',
      '2011-06-20',
      '--replaces-approval',
    );
    expect(replaced.code).toBe(0);
    const after = (await executions('2011-01-01', '2011-12-31')).get('TP-2011-011')!;
    expect(after.verdict).toBe('NOT_YET_APPROVED');
    expect(after.verdictReason).toMatch(/approved it only on 2011-06-20/);
  });

  test('pasient- og brukerrettighetsloven §§ 4A-7, 4A-8: the chart draws a chapter 4A decision Statsforvalteren set aside as not valid from that day, not valid to its end beside an execution after it judged NO_VALID_DECISION', async () => {
    // TVD-200388 (holding av arm ved blodprøvetaking, pbrl. kap. 4A, 22.01.–21.07.2024) needs no
    // approval; on a complaint Statsforvalteren sets it aside on 1 April 2024.
    const refused = await cli(
      'coercion-review',
      'TVD-200388',
      '--outcome',
      'REFUSED',
      '--at',
      '2024-04-01T10:00:00+02:00',
      '--note',
      'klage, pbrl. § 4A-7',
    );
    expect(refused.code).toBe(0);
    const r = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionReport(from: "2024-01-01", to: "2024-12-31") { svg timeline { executions { executionId verdict } } } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    const report = r.body.data.patientByNationalId.coercionReport;
    const verdicts = Object.fromEntries(
      report.timeline.executions.map((e: { executionId: string; verdict: string }) => [
        e.executionId,
        e.verdict,
      ]),
    );
    // The verdicts: before the review VALID, after it nothing authorised.
    expect(verdicts['TVG-300219']).toBe('VALID');
    expect(verdicts['TVG-300264']).toBe('NO_VALID_DECISION');
    const svg = report.svg as string;
    const bar =
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="10" fill="#8fb9e8"><title>TVD-200388 /.exec(
        svg,
      );
    expect(bar).not.toBeNull();
    const [from, barY, width] = [Number(bar![1]), Number(bar![2]), Number(bar![3])];
    const laneTop = barY - 4;
    const lane = new RegExp(`<rect x="245" y="${laneTop}" width="[\\d.]+" height="([\\d.]+)"`).exec(svg);
    expect(lane).not.toBeNull();
    const laneBottom = laneTop + Number(lane![1]);
    // The execution judged NO_VALID_DECISION (a red tick in the decision's lane) …
    const red = [
      ...svg.matchAll(/<rect x="(-?[\d.]+)" y="([\d.]+)" width="2" height="[\d.]+" fill="#c62828"\/>/g),
    ]
      .map((m) => ({ x: Number(m[1]) + 1, y: Number(m[2]) }))
      .filter((t) => t.y > laneTop && t.y < laneBottom);
    expect(red).toHaveLength(1);
    // … is not on the bar drawn valid ("Vedtak gyldig og godkjent"): before, the bar ran to 21.07.2024.
    expect(red[0]!.x).toBeGreaterThanOrEqual(from + width);
    // Recorded with a time of day: binding from 10:00 that day (stop 45, verdict.ts validUntilReview).
    expect(svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-04-01 kl. 10:00 – 2024-07-21 ikke gyldig: Statsforvalteren opphevet vedtaket 2024-04-01 kl. 10:00</title>',
    );
  });

  test('the evidence names the office that approved a decision as it was then: Fylkesmannen before 2021, Statsforvalteren since (fylkesmannsloven, renamed 1 January 2021; hol. § 9-8)', async () => {
    const r = await call(
      `query ($pid: ID!) { dossier(patientId: $pid, window: { from: "2020-06-01", to: "2021-06-30" }) {
        items { recordId kind details { label value } } } }`,
      { pid: await patientId() },
    );
    expect(r.body.errors).toBeUndefined();
    const approvals = (
      r.body.data.dossier.items as {
        recordId: string;
        kind: string;
        details: { label: string; value: string }[];
      }[]
    )
      .filter((i) => i.kind === 'COERCION_DECISION')
      .map((i) => [
        i.recordId,
        i.details.filter((d) => d.label.startsWith('approved by')).map((d) => `${d.label}: ${d.value}`),
      ]);
    // Before: "approved by Statsforvalteren: 2020-03-19…" beside "review: APPROVED … (Fylkesmannen)".
    expect(approvals).toEqual([
      ['V-2020-035', ['approved by Fylkesmannen: 2020-03-19T00:00:00+01:00']],
      ['V-2021-032', ['approved by Statsforvalteren: 2021-03-19T00:00:00+01:00']],
    ]);
  });

  test('hol. §§ 9-7, 9-9: the dossier (and the evidence bundle) names who carried out each execution and who made the decision, not only their HPR and employee numbers', async () => {
    const r = await call(
      `query ($pid: ID!) { dossier(patientId: $pid, window: { from: "2019-03-01", to: "2019-04-30" }) {
        items { recordId kind author details { label value } } } }`,
      { pid: await patientId() },
    );
    expect(r.body.errors).toBeUndefined();
    const items = r.body.data.dossier.items as {
      recordId: string;
      kind: string;
      author: string | null;
      details: { label: string; value: string }[];
    }[];
    const item = (id: string) => items.find((i) => i.recordId === id)!;
    const value = (id: string, label: string) => item(id).details.find((d) => d.label === label)?.value;
    // TP-2019-008 (Gerica): UtfortAv "10845,10966", employee numbers. Before: author "10845, 10966".
    expect(item('TP-2019-008').author).toBe('Tone Moen, Jon Haugen');
    expect(value('TP-2019-008', 'executed by')).toBe(
      'Tone Moen (Vernepleier, HPR 9240702, ansattnr. 10845); Jon Haugen (Assistent, ansattnr. 10966)',
    );
    // V-2019-037: decided by HPR 9098765 (Helseplattformen's migrated copy). Before: "9098765".
    expect(item('V-2019-037').author).toBe('Sissel Grande');
    expect(value('V-2019-037', 'decided by')).toMatch(/^Sissel Grande \(.*HPR 9098765/);
  });

  test('hol. § 9-7: the same execution registered in Gerica and in Helseplattformen with slightly different times is named in the report as possibly registered twice, not only counted twice', async () => {
    // The last Gerica evening (11.11.2022, "Tvangsprotokoll føres i Gerica til og med 11.11.2022"):
    // an evening care registered in Gerica's protocol, and again in Helseplattformen's coercion
    // module by the same staff (HPR 9160033 is employee 10377), a few minutes off.
    const dir = mkdtempSync(join(tmpdir(), 'hs-s44-dup-'));
    try {
      const header = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
      const row = `TP-2022-031;V-2022-030;31508;${LARS};11.11.2022 21:30;11.11.2022 21:45;fysisk holding ved stell;"10377,10588";"Kveldsstell, motsatte seg dusj.";Hol. § 9-5 tredje ledd bokstav c`;
      writeFileSync(join(dir, 'tvangsprotokoll.csv'), Buffer.from(`${header}\r\n${row}\r\n`, 'latin1'));
      const [g] = await importCoercionPath(tdb.db, join(dir, 'tvangsprotokoll.csv'));
      expect(g!.quarantined).toEqual([]);
      writeFileSync(
        join(dir, 'Coercion.ndjson'),
        JSON.stringify({
          kind: 'execution',
          id: 'TVG-300009',
          patient: LARS,
          decisionId: 'TVD-100095',
          measure: 'fysisk holding ved stell',
          start: '2022-11-11T21:33:00+01:00',
          end: '2022-11-11T21:46:00+01:00',
          executedBy: ['9160033', '10588'],
          alternativesTried: 'Tilbudt å velge rekkefølge.',
          description: 'Kveldsstell, motsatte seg dusj. Etterregistrert.',
          reportedAt: '2022-11-14T09:10:00+01:00',
        }) + '\n',
      );
      const [h] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
      expect(h!.quarantined).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionReport(from: "2022-11-01", to: "2022-11-30") {
          totals { executions totalMinutes } byStaff { staffId count }
          possibleDuplicates { measure executionIds sourceSystems starts minutesOverlap } svg } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    const report = r.body.data.patientByNationalId.coercionReport;
    // Both are records and both are counted (TVG-300017 of 20.11.2022 is the month's third) …
    expect(report.totals).toEqual({ executions: 3, totalMinutes: 15 + 13 + 15 });
    expect(report.byStaff.find((s: { staffId: string }) => s.staffId === '9160033').count).toBe(3);
    // … and the report says the two may be one (before: nothing did).
    expect(report.possibleDuplicates).toEqual([
      {
        measure: 'fysisk holding ved stell',
        executionIds: ['TP-2022-031', 'TVG-300009'],
        sourceSystems: ['GERICA', 'HELSEPLATTFORMEN'],
        starts: ['2022-11-11T21:30:00+01:00', '2022-11-11T21:33:00+01:00'],
        minutesOverlap: 12,
      },
    ]);
    expect(report.svg).toContain('1 par kan være samme gjennomføring registrert to ganger');
    expect(report.svg).toContain(
      '<title>TP-2022-031 (GERICA) og TVG-300009 (HELSEPLATTFORMEN): samme tiltak til samme tid, 12 min overlapp – kan være én gjennomføring registrert to ganger (begge er telt)</title>',
    );
    // Fifteen years of the fixtures hold no such pair.
    const all = await call(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) { coercionReport(to: "2022-11-10") { possibleDuplicates { executionIds } } } }`,
      { nid: LARS },
    );
    expect(all.body.data.patientByNationalId.coercionReport.possibleDuplicates).toEqual([]);
  });
});
