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
import { mkdtempSync, rmSync } from 'node:fs';
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
});
