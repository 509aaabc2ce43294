/**
 * Review s41 (the law of coercion records), through the gateway and the CLI on real
 * PostgreSQL: Statsforvalteren's review (hol. § 9-8) as the report draws it and as the CLI
 * records it, an approval dated before its decision, and Helseplattformen's § 9-5 a marking of
 * a measure the record does not name. Each test fails on the code before its fix for the reason
 * its name gives; the comment says what a Statsforvalter or a court expects, and the rule.
 * The rules without a database are in test/law-review-s41.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';
import { makeSyntheticNationalId } from '../lib/national-id';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const NID = makeSyntheticNationalId('1984-02-17', 41, true);

const decision = (o: Record<string, unknown>) => ({
  kind: 'decision',
  patient: NID,
  legalBasis: 'hol-9-5c',
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
  decidedAt: '2022-12-01T10:00:00+01:00',
  decidedBy: '9098765',
  approvedByStatsforvalterAt: null,
  legacySource: null,
  justification: '',
  ...o,
});
const execution = (id: string, decisionId: string | null, measure: string, start: string, end: string) => ({
  kind: 'execution',
  id,
  patient: NID,
  decisionId,
  measure,
  start,
  end,
  executedBy: ['9160033', '10588'],
  reportedAt: end,
});

const lines = [
  // No approval in the export: Statsforvalteren's letter is recorded with coercion-review.
  decision({ id: 'TVD-S41-L', measures: ['låst kjøleskap'] }),
  execution(
    'TVG-S41-L1',
    'TVD-S41-L',
    'låst kjøleskap',
    '2023-03-01T10:00:00+01:00',
    '2023-03-01T10:10:00+01:00',
  ),
  // Made on 10 January 2023; the export's approval is dated 1 December 2022.
  decision({
    id: 'TVD-S41-P',
    measures: ['låst dør'],
    decidedAt: '2023-01-10T10:00:00+01:00',
    approvedByStatsforvalterAt: '2022-12-01T00:00:00+01:00',
  }),
  execution('TVG-S41-P1', 'TVD-S41-P', 'låst dør', '2023-01-15T10:00:00+01:00', '2023-01-15T10:10:00+01:00'),
  // HP's § 9-5 a record of a locked door; an execution of another measure registered under it.
  decision({
    id: 'TVD-S41-A',
    legalBasis: 'hol-9-5a',
    measures: ['låst ytterdør'],
    validFrom: '2023-04-01',
    validTo: '2023-04-01',
    decidedAt: '2023-04-01T12:00:00+02:00',
  }),
  execution(
    'TVG-S41-A1',
    'TVD-S41-A',
    'låst ytterdør',
    '2023-04-01T12:00:00+02:00',
    '2023-04-01T12:15:00+02:00',
  ),
  execution(
    'TVG-S41-A2',
    'TVD-S41-A',
    'fysisk holding',
    '2023-04-01T12:20:00+02:00',
    '2023-04-01T12:30:00+02:00',
  ),
];

let tdb: TestDatabase;
let stack: Stack;
let token: string;
let dir: string;

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

beforeAll(async () => {
  tdb = await createTestDatabase();
  stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'hs-law-s41-'));
  writeFileSync(join(dir, 'Coercion.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  await insertPatients(tdb.db, [
    { id: 'pt-s41', nationalId: NID, familyName: 'Test', givenName: 'Vedtak', birthDate: '1984-02-17' },
  ]);
  token = await everyoneMatterToken(stack, { sub: 'jurist-s41' }, 'LEGAL_PROCEEDINGS');
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const QUERY = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
  coercionDecisions { id problems approvedByStatsforvalterAt }
  coercionExecutions { id verdict verdictReason decision { id } }
  coercionReport(from: "2023-01-01", to: "2023-12-31") {
    timeline { decisions { decisionId approvedByStatsforvalterAt } }
    svg
  }
} }`;

async function read() {
  const { body } = await gql(stack.gateway.url, QUERY, { token, variables: { nid: NID } });
  expect(body.errors).toBeUndefined();
  const p = body.data.patientByNationalId;
  return {
    ...p,
    execution: (id: string) => p.coercionExecutions.find((e: { id: string }) => e.id === id),
    decision: (id: string) => p.coercionDecisions.find((d: { id: string }) => d.id === id),
    timeline: (id: string) =>
      p.coercionReport.timeline.decisions.find((d: { decisionId: string }) => d.decisionId === id),
  };
}

test("helse- og omsorgstjenesteloven § 9-8: an approval recorded with coercion-review is shown in the report's timeline and SVG (the bar stayed 'ikke godkjent ennå' beside VALID executions)", async () => {
  // The export gives no approval; the operator records Statsforvalteren's letter. The
  // executions are then VALID and CoercionDecision.approvedByStatsforvalterAt gives the date,
  // but the report's timeline read only the export's date: the decision was drawn pale, "ikke
  // godkjent ennå", over the whole year, the evidence contradicting its own verdicts.
  const before = await read();
  expect(before.execution('TVG-S41-L1').verdict).toBe('NOT_YET_APPROVED');
  expect(before.timeline('TVD-S41-L').approvedByStatsforvalterAt).toBeNull();
  const ok = await cli('coercion-review', 'TVD-S41-L', '--outcome', 'APPROVED', '--at', '2022-12-20');
  expect(ok.code).toBe(0);
  const after = await read();
  expect(after.execution('TVG-S41-L1').verdict).toBe('VALID');
  expect(after.decision('TVD-S41-L').approvedByStatsforvalterAt).toBe('2022-12-20T00:00:00+01:00');
  expect(after.timeline('TVD-S41-L').approvedByStatsforvalterAt).toBe('2022-12-20T00:00:00+01:00');
  expect(after.coercionReport.svg).not.toContain(
    'TVD-S41-L hol-9-5c: gyldig fra 2023-01-01, ikke godkjent ennå',
  );
});

test('helse- og omsorgstjenesteloven § 9-8: an approval dated before its decision was made authorises nothing, is a decision problem, and coercion-review refuses such a date (the execution was VALID)', async () => {
  // Statsforvalteren reviews a decision once it is made. The export dates TVD-S41-P's approval
  // 1 December 2022, the decision was made on 10 January 2023: the execution of 15 January was
  // VALID, "approved by Statsforvalteren 2022-12-01", an approval of a decision that did not yet
  // exist. It is treated as not reviewed, the problem is named, and the approval not shown.
  const p = await read();
  expect(p.execution('TVG-S41-P1').verdict).toBe('NOT_YET_APPROVED');
  expect(p.execution('TVG-S41-P1').verdictReason).toMatch(/dated before the decision was made/);
  expect(p.decision('TVD-S41-P').problems).toEqual([
    expect.stringMatching(/dated 2022-12-01T00:00:00\+01:00 is before the decision was made \(2023-01-10/),
  ]);
  expect(p.decision('TVD-S41-P').approvedByStatsforvalterAt).toBeNull();
  expect(p.timeline('TVD-S41-P').approvedByStatsforvalterAt).toBeNull();
  // Recording a review from a letter dated before the decision, or not yet written, is refused
  // with the reason (exit 2), not stored: either made the verdicts wrong.
  const early = await cli('coercion-review', 'TVD-S41-P', '--outcome', 'APPROVED', '--at', '2023-01-09');
  expect(early.code).toBe(2);
  expect(early.stderr).toMatch(/--at 2023-01-09 is before TVD-S41-P was made \(2023-01-10/);
  const future = await cli('coercion-review', 'TVD-S41-P', '--outcome', 'APPROVED', '--at', '2999-01-01');
  expect(future.code).toBe(2);
  expect(future.stderr).toMatch(/--at 2999-01-01 is in the future/);
  const shortenedBefore = await cli(
    'coercion-review',
    'TVD-S41-P',
    '--outcome',
    'SHORTENED',
    '--at',
    '2023-01-20',
    '--valid-to',
    '2022-06-30',
  );
  expect(shortenedBefore.code).toBe(2);
  expect(shortenedBefore.stderr).toMatch(
    /--valid-to 2022-06-30 is before TVD-S41-P is valid from 2023-01-01/,
  );
  expect((await read()).execution('TVG-S41-P1').verdict).toBe('NOT_YET_APPROVED');
  // The review when it came: from then on, the decision is approved.
  expect(
    (await cli('coercion-review', 'TVD-S41-P', '--outcome', 'APPROVED', '--at', '2023-01-12')).code,
  ).toBe(0);
  const q = await read();
  expect(q.execution('TVG-S41-P1').verdict).toBe('VALID');
  expect(q.decision('TVD-S41-P').problems).toEqual([]);
});

test('helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav a, § 9-7 (Helseplattformen): an execution registered under the emergency record of another measure is not marked an emergency by it (it was EMERGENCY_A)', async () => {
  // HP's hol-9-5a record is the written record (beslutning) of the emergency, naming the measure
  // used (a locked outer door). "fysisk holding" registered under it is not recorded as an
  // emergency use of that measure anywhere; it has no valid decision, and the reason says why.
  const p = await read();
  expect(p.execution('TVG-S41-A1').verdict).toBe('EMERGENCY_A');
  expect(p.execution('TVG-S41-A2')).toMatchObject({ verdict: 'NO_VALID_DECISION', decision: null });
  expect(p.execution('TVG-S41-A2').verdictReason).toMatch(
    /the recorded § 9-5 a emergency record TVD-S41-A does not record "fysisk holding"/,
  );
});
