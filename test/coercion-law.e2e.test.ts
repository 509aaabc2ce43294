/**
 * Issue 15, coercion verdicts by the law, end to end: an HP export with a decision without
 * an end date, HP's own § 9-5 a marking, an execution registered under no decision, one
 * past midnight of the last valid day and one with a single staff member; Statsforvalteren's
 * review recorded with the CLI; the findings read through the gateway and the CLI report.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { insertMatter } from '../lib/policy/store';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const NID = '20888014390';

const lines = [
  // hol. § 9-5 c without an end date: at most one year (hol. § 9-7), to 2023-12-31.
  {
    kind: 'decision',
    id: 'TVD-L1',
    patient: NID,
    legalBasis: 'hol-9-5c',
    measures: ['fysisk holding ved stell', 'låst kjøleskap'],
    validFrom: '2023-01-01',
    validTo: null,
    decidedAt: '2022-12-10T10:00:00+01:00',
    decidedBy: '9098765',
    approvedByStatsforvalterAt: '2022-12-20T10:00:00+01:00',
    legacySource: null,
    justification: '',
  },
  // HP's own emergency marking: a § 9-5 a record.
  {
    kind: 'decision',
    id: 'TVD-A1',
    patient: NID,
    legalBasis: 'hol-9-5a',
    measures: ['låst dør'],
    validFrom: '2023-04-01',
    validTo: '2023-04-01',
    decidedAt: '2023-04-01T12:00:00+02:00',
    decidedBy: '9098765',
    approvedByStatsforvalterAt: null,
    legacySource: null,
    justification: '',
  },
  ...[
    // 23:40 on the last valid day to 00:20: 20 minutes outside; one staff member.
    [
      'TVG-L1',
      'TVD-L1',
      'fysisk holding ved stell',
      '2023-12-31T23:40:00+01:00',
      '2024-01-01T00:20:00+01:00',
      ['9160033'],
    ],
    // Registered under no decision: HP says nothing about an emergency.
    [
      'TVG-L2',
      null,
      'låst dør',
      '2023-03-01T10:00:00+01:00',
      '2023-03-01T10:10:00+01:00',
      ['9160033', '10588'],
    ],
    [
      'TVG-L3',
      'TVD-A1',
      'låst dør',
      '2023-04-01T12:00:00+02:00',
      '2023-04-01T12:15:00+02:00',
      ['9160033', '10588'],
    ],
    [
      'TVG-L4',
      'TVD-A1',
      'låst dør',
      '2023-05-02T12:00:00+02:00',
      '2023-05-02T12:05:00+02:00',
      ['9160033', '10588'],
    ],
    [
      'TVG-L5',
      'TVD-L1',
      'låst kjøleskap',
      '2023-06-01T19:00:00+02:00',
      '2023-06-01T19:03:00+02:00',
      ['9160033', '10588'],
    ],
  ].map(([id, decisionId, measure, start, end, executedBy]) => ({
    kind: 'execution',
    id,
    patient: NID,
    decisionId,
    measure,
    start,
    end,
    executedBy,
    reportedAt: end,
  })),
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
  dir = mkdtempSync(join(tmpdir(), 'hs-coercion-law-'));
  writeFileSync(join(dir, 'Coercion.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  await insertPatients(tdb.db, [
    { id: 'pt-law', nationalId: NID, familyName: 'Test', givenName: 'Lov', birthDate: '1980-08-20' },
  ]);
  token = await everyoneMatterToken(stack, { sub: 'jurist-a' }, 'LEGAL_PROCEEDINGS');
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
  coercionDecisions { id lastValidDay problems review { outcome reviewedAt office measures } approvedByStatsforvalterAt }
  coercionExecutions { id verdict verdictReason emergencyReported minutesOutside lastValidDay staffPresent staffingShortfall decision { id } }
  coercionReport {
    byVerdict { verdict count totalMinutes }
    partlyOutside { count minutesOutside executions { executionId decisionId lastValidDay minutesOutside } }
    staffingShortfalls { executionId decisionId legalBasis staffPresent staffIds }
    emergencyPatterns { measure count totalMinutes first last executionIds beganBeforePeriod }
    decisionProblems { decisionId problem }
    timeline { executions { executionId minutesOutside staffingShortfall } }
    svg
  }
} }`;

async function read() {
  const { body } = await gql(stack.gateway.url, QUERY, { token, variables: { nid: NID } });
  expect(body.errors).toBeUndefined();
  return body.data.patientByNationalId;
}

test('hol. §§ 9-5 a, 9-7, 9-9: UNDETERMINED, HP emergency marking, minutes outside, staffing shortfall, repeated emergencies and a missing end, through the gateway', async () => {
  const p = await read();
  const byId = new Map<string, any>(p.coercionExecutions.map((e: any) => [e.id, e]));
  expect(byId.get('TVG-L1')).toMatchObject({
    verdict: 'VALID',
    decision: { id: 'TVD-L1' },
    lastValidDay: '2023-12-31',
    minutesOutside: 20,
    staffPresent: 1,
    staffingShortfall: true,
  });
  expect(byId.get('TVG-L1').verdictReason).toMatch(/TVD-L1 has no end date: hol\. § 9-7/);
  expect(byId.get('TVG-L2')).toMatchObject({
    verdict: 'UNDETERMINED',
    emergencyReported: null,
    decision: null,
  });
  expect(byId.get('TVG-L3')).toMatchObject({
    verdict: 'EMERGENCY_A',
    emergencyReported: false,
    decision: null,
  });
  expect(byId.get('TVG-L4').verdict).toBe('EMERGENCY_A');
  expect(byId.get('TVG-L5')).toMatchObject({ verdict: 'VALID', staffPresent: 2, staffingShortfall: false });

  const r = p.coercionReport;
  expect(r.byVerdict.map((v: any) => [v.verdict, v.count])).toEqual([
    ['VALID', 2],
    ['NOT_YET_APPROVED', 0],
    ['EMERGENCY_A', 2],
    ['UNDETERMINED', 1],
    ['NO_VALID_DECISION', 0],
  ]);
  expect(r.partlyOutside).toEqual({
    count: 1,
    minutesOutside: 20,
    executions: [
      { executionId: 'TVG-L1', decisionId: 'TVD-L1', lastValidDay: '2023-12-31', minutesOutside: 20 },
    ],
  });
  expect(r.staffingShortfalls).toEqual([
    {
      executionId: 'TVG-L1',
      decisionId: 'TVD-L1',
      legalBasis: 'hol-9-5c',
      staffPresent: 1,
      staffIds: ['9160033'],
    },
  ]);
  expect(r.emergencyPatterns).toEqual([
    {
      measure: 'låst dør',
      count: 2,
      totalMinutes: 20,
      first: '2023-04-01T12:00:00+02:00',
      last: '2023-05-02T12:00:00+02:00',
      executionIds: ['TVG-L3', 'TVG-L4'],
      beganBeforePeriod: false,
    },
  ]);
  expect(r.decisionProblems).toEqual([
    {
      decisionId: 'TVD-L1',
      problem:
        'decision TVD-L1 has no end date: hol. § 9-7 allows at most one year, so it is treated as ending 2023-12-31',
    },
  ]);
  expect(r.timeline.executions.find((e: any) => e.executionId === 'TVG-L1')).toEqual({
    executionId: 'TVG-L1',
    minutesOutside: 20,
    staffingShortfall: true,
  });
  expect(r.svg).toContain('TVG-L1: 20 min utenfor vedtakets gyldighet');
  expect(r.svg).toContain('TVG-L1: færre enn to tjenesteytere (hol. § 9-9)');
  expect(r.svg).toContain('2 nødsituasjoner (§ 9-5 a)');
  expect(r.svg).toContain('#8a8a8a');
  expect(p.coercionDecisions.find((d: any) => d.id === 'TVD-L1')).toMatchObject({
    lastValidDay: '2023-12-31',
    problems: [expect.stringMatching(/no end date/)],
    review: { outcome: 'APPROVED', office: 'Statsforvalteren', measures: null },
  });
});

test("helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav b: an emergency pattern whose first emergency falls before a matter's period and whose second falls within it is recognised, through the gateway and the CLI; the earlier emergency counts for the rule and is not shown, and the pattern says it began before the period (it was two single emergencies)", async () => {
  // TVG-L3 (2023-04-01) and TVG-L4 (2023-05-02): EMERGENCY_A of "låst dør"; the matter starts between them.
  const matter = {
    title: 'Tvang fra mai',
    purpose: 'COMPLAINT',
    patientIds: [],
    nationalIds: [NID],
    periodFrom: '2023-05-01',
    periodTo: null,
    expiresAt: new Date(Date.now() + 86400_000),
  };
  const legal = await stack.matterToken({ id: 'M-law-may', ...matter }, { sub: 'jurist-mai' });
  const { body } = await gql(
    stack.gateway.url,
    `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
      coercionExecutions(verdict: EMERGENCY_A) { id }
      coercionReport { from emergencyPatterns { measure count totalMinutes first last executionIds beganBeforePeriod } svg }
    } }`,
    { token: legal, variables: { nid: NID } },
  );
  expect(body.errors).toBeUndefined();
  const p = body.data.patientByNationalId;
  expect(p.coercionExecutions).toEqual([{ id: 'TVG-L4' }]);
  expect(p.coercionReport.from).toBe('2023-05-01');
  expect(p.coercionReport.emergencyPatterns).toEqual([
    {
      measure: 'låst dør',
      count: 1,
      totalMinutes: 5,
      first: '2023-05-02T12:00:00+02:00',
      last: '2023-05-02T12:00:00+02:00',
      executionIds: ['TVG-L4'],
      beganBeforePeriod: true,
    },
  ]);
  expect(p.coercionReport.svg).toContain(
    '1 nødsituasjoner (§ 9-5 a) 2023-05-02 – 2023-05-02 (mønsteret begynte før perioden)',
  );
  expect(p.coercionReport.svg).not.toContain('TVG-L3');
  // The whole record: both shown, nothing before.
  const all = (await read()).coercionReport.emergencyPatterns;
  expect(all.map((x: any) => x.executionIds)).toEqual([['TVG-L3', 'TVG-L4']]);
  // A period after both: a pattern wholly before the period is not shown.
  const late = await stack.matterToken(
    { id: 'M-law-late', ...matter, periodFrom: '2023-05-03' },
    { sub: 'jurist-sen' },
  );
  const lateBody = await gql(
    stack.gateway.url,
    `query ($nid: String!) { patientByNationalId(nationalId: $nid) { coercionReport { emergencyPatterns { executionIds } } } }`,
    { token: late, variables: { nid: NID } },
  );
  expect(lateBody.body.errors).toBeUndefined();
  expect(lateBody.body.data.patientByNationalId.coercionReport.emergencyPatterns).toEqual([]);

  // The CLI report, within a matter of the same period listing the CLI user.
  await insertMatter(
    tdb.db,
    { id: 'M-cli-may', ...matter, members: [`cli:${userInfo().username}`] },
    'arkivar-1',
  );
  const out = await cli('coercion-report', NID, '--matter', 'M-cli-may', '--purpose', 'COMPLAINT');
  expect(out.code).toBe(0);
  expect(out.stdout).toContain(
    'repeated emergency: "låst dør" 1 times 2023-05-02T12:00:00+02:00 – 2023-05-02T12:00:00+02:00 (TVG-L4); began before the period (earlier emergencies not shown)',
  );
  expect(out.stdout).not.toContain('TVG-L3');
});

test("hol. § 9-8: Statsforvalteren's review outcome recorded with coercion-review is judged, and the CLI report lists the findings", async () => {
  // The CLI report reads within a matter listing the CLI user (like a legal token).
  await insertMatter(
    tdb.db,
    {
      id: 'M-cli-review',
      title: 'Klage på tvang',
      purpose: 'COMPLAINT',
      patientIds: [],
      nationalIds: [NID],
      periodFrom: null,
      periodTo: null,
      members: [`cli:${userInfo().username}`],
      expiresAt: new Date(Date.now() + 86400_000),
    },
    'arkivar-1',
  );
  const before = await cli('coercion-report', NID, '--matter', 'M-cli-review', '--purpose', 'COMPLAINT');
  expect(before.code).toBe(0);
  expect(before.stdout).toMatch(/UNDETERMINED \(source does not say whether § 9-5 a\)\s+1\s+10/);
  expect(before.stdout).toMatch(/partly outside the decision \(minutes outside\)\s+1\s+20/);
  expect(before.stdout).toContain(
    'staffing: TVG-L1 (2023-12-31T23:40:00+01:00, fysisk holding ved stell, TVD-L1 hol-9-5c): 1 staff recorded',
  );
  expect(before.stdout).toContain('repeated emergency: "låst dør" 2 times');

  const bad = await cli(
    'coercion-review',
    'TVD-L1',
    '--outcome',
    'APPROVED_IN_PART',
    '--at',
    '2022-12-20',
    '--measures',
    'belter',
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/TVD-L1 does not authorise "belter"/);
  const noOutcome = await cli('coercion-review', 'TVD-L1', '--outcome', 'MAYBE', '--at', '2022-12-20');
  expect(noOutcome.code).toBe(2);

  const ok = await cli(
    'coercion-review',
    'TVD-L1',
    '--outcome',
    'APPROVED_IN_PART',
    '--at',
    '2022-12-20T10:00:00+01:00',
    '--measures',
    'fysisk holding ved stell',
  );
  expect(ok.code).toBe(0);
  const p = await read();
  const byId = new Map<string, any>(p.coercionExecutions.map((e: any) => [e.id, e]));
  expect(byId.get('TVG-L1').verdict).toBe('VALID');
  expect(byId.get('TVG-L5')).toMatchObject({ verdict: 'NO_VALID_DECISION', decision: null });
  expect(byId.get('TVG-L5').verdictReason).toMatch(
    /decision TVD-L1 was approved in part by Statsforvalteren 2022-12-20T10:00:00\+01:00 \(only "fysisk holding ved stell"\)/,
  );
  expect(p.coercionDecisions.find((d: any) => d.id === 'TVD-L1').review).toEqual({
    outcome: 'APPROVED_IN_PART',
    reviewedAt: '2022-12-20T10:00:00+01:00',
    office: 'Statsforvalteren',
    measures: ['fysisk holding ved stell'],
  });

  // Refused: nothing under it is authorised, and it is no longer shown as approved.
  expect((await cli('coercion-review', 'TVD-L1', '--outcome', 'REFUSED', '--at', '2022-12-20')).code).toBe(0);
  const q = await read();
  expect(q.coercionExecutions.find((e: any) => e.id === 'TVG-L1').verdict).toBe('NO_VALID_DECISION');
  expect(q.coercionDecisions.find((d: any) => d.id === 'TVD-L1').approvedByStatsforvalterAt).toBeNull();
  // Nothing lost: the rows the reviews replaced are kept, naming who recorded them and why.
  const versions = (
    await tdb.db.query<{ record: { review_outcome: string | null }; replaced_by: string; reason: string }>(
      `SELECT record, replaced_by, reason FROM coercion.record_version
        WHERE record_table = 'decision' AND record_key = 'TVD-L1' ORDER BY id`,
    )
  ).rows;
  expect(versions.map((v) => [v.record.review_outcome, v.reason])).toEqual([
    [null, 'Statsforvalteren review recorded (hol. § 9-8)'],
    ['APPROVED_IN_PART', 'Statsforvalteren review recorded (hol. § 9-8)'],
  ]);
  expect(versions[0]!.replaced_by).toMatch(/^cli:/);
  // A re-import does not overwrite the recorded review.
  await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
  expect((await read()).coercionDecisions.find((d: any) => d.id === 'TVD-L1').review.outcome).toBe('REFUSED');
});
