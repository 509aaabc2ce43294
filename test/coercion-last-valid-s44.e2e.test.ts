/**
 * Review s44, case 3, left open: the last valid day of a coercion decision Statsforvalteren set aside
 * (pasient- og brukerrettighetsloven §§ 4A-7, 4A-8: binding from the review on) or refused (helse- og
 * omsorgstjenesteloven § 9-8: a § 9-5 b/c decision is not carried out before it is approved) is the
 * same in the API, the report's timeline and chart, and the dossier (so the evidence bundle): it
 * showed the stated end, "last valid day: 2024-07-21" beside "review: REFUSED 2024-04-01".
 */
import { execFile } from 'node:child_process';
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

describeWithFixtures('review s44 (case 3): the last valid day after a refusal or a set-aside', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let token: string;

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

  const call = (query: string, variables?: Record<string, unknown>) =>
    gql(stack.gateway.url, query, { token, variables });

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
      ) as unknown as {
        lastValidDay: string | null;
        lastValidDayNote: string | null;
      },
      svg: p.coercionReport.svg as string,
      lastValidDayDetail: item.details.find((d) => d.label === 'last valid day')?.value ?? null,
      end: item.end,
    };
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
    token = await stack.matterToken(
      { id: 'M-s44-last-valid', nationalIds: [LARS], purpose: 'COMPLAINT' },
      { sub: 'jurist-s44-lv', purpose: 'COMPLAINT' },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  test('pbrl. §§ 4A-7, 4A-8: a chapter 4A decision set aside is valid to the day before the review took effect, in the API, the timeline and chart, and the dossier (evidence bundle)', async () => {
    // TVD-200388 (pbrl. kap. 4A, 22.01.–21.07.2024), set aside on a complaint by the letter of 1 April 2024.
    const r = await cli(
      'coercion-review',
      'TVD-200388',
      '--outcome',
      'REFUSED',
      '--at',
      '2024-04-01',
      '--note',
      'klage, pbrl. § 4A-7',
    );
    expect(r.code).toBe(0);
    const s = await seen('TVD-200388', '2024');
    // Before: "2024-07-21" everywhere, beside "review: REFUSED 2024-04-01".
    expect(s.decision.lastValidDay).toBe('2024-03-31');
    expect(s.decision.lastValidDayNote).toBe(
      'set aside by Statsforvalteren 2024-04-01T00:00:00+02:00 (pbrl. §§ 4A-7, 4A-8: binding from then), so valid to 2024-03-31; it stated 2024-01-22–2024-07-21',
    );
    expect(s.bar).toEqual({
      decisionId: 'TVD-200388',
      lastValidDay: '2024-03-31',
      lastValidDayNote: s.decision.lastValidDayNote,
    });
    // The execution under it before the review: its decision's last valid day is the same.
    expect(s.executions.get('TVG-300219')).toMatchObject({
      verdict: 'VALID',
      lastValidDay: '2024-03-31',
      minutesOutside: 0,
    });
    expect(s.executions.get('TVG-300264')).toMatchObject({
      verdict: 'NO_VALID_DECISION',
      lastValidDay: null,
    });
    // The chart: valid to 2024-03-31, not valid from the review to the stated end.
    expect(s.svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-01-22 – 2024-07-21 (gyldig til 2024-03-31)</title>',
    );
    expect(s.svg).toContain(
      '<title>TVD-200388 pbrl-4A: 2024-04-01 – 2024-07-21 ikke gyldig: Statsforvalteren opphevet vedtaket 2024-04-01</title>',
    );
    // The dossier (and the bundle, which prints its details and end as 'Slutt').
    expect(s.lastValidDayDetail).toBe(`2024-03-31 (${s.decision.lastValidDayNote})`);
    expect(s.end).toBe('2024-03-31');
  });

  test('hol. § 9-8: a § 9-5 b/c decision Statsforvalteren refused was never valid for execution: no last valid day, said so alike in the API, the timeline and the dossier, as the verdicts judge its executions', async () => {
    // TVD-200101 (hol. § 9-5 b, tilbakeholdelse i bolig, 01.12.2022–30.11.2023): the letter of
    // 9 December 2022 refused it (recorded as the review the source dated that day).
    const r = await cli(
      'coercion-review',
      'TVD-200101',
      '--outcome',
      'REFUSED',
      '--at',
      '2022-12-09T10:42:00+01:00',
    );
    expect(r.code).toBe(0);
    const s22 = await seen('TVD-200101', '2022');
    // Before: "2023-11-30".
    expect(s22.decision.lastValidDay).toBeNull();
    expect(s22.decision.lastValidDayNote).toBe(
      'none: refused by Statsforvalteren 2022-12-09T10:42:00+01:00 (hol. § 9-8: a § 9-5 b/c decision is not carried out before it is approved), so it never authorised an execution (before the review NOT_YET_APPROVED, after it NO_VALID_DECISION); it stated 2022-12-01–2023-11-30',
    );
    expect(s22.bar).toEqual({
      decisionId: 'TVD-200101',
      lastValidDay: null,
      lastValidDayNote: s22.decision.lastValidDayNote,
    });
    expect(s22.executions.get('TVG-300042')).toMatchObject({
      verdict: 'NOT_YET_APPROVED',
      lastValidDay: null,
      minutesOutside: 0,
    });
    expect(s22.lastValidDayDetail).toBe(s22.decision.lastValidDayNote);
    // The chart keeps the pale bar to its stated end (not to the chart's end for want of a day).
    expect(s22.svg).toContain(
      '<title>TVD-200101 hol-9-5b: gyldig fra 2022-12-01, ikke godkjent: Statsforvalteren avslo 2022-12-09</title>',
    );
    const s23 = await seen('TVD-200101', '2023');
    expect(s23.executions.get('TVG-300149')).toMatchObject({
      verdict: 'NO_VALID_DECISION',
      lastValidDay: null,
    });
  });
});
