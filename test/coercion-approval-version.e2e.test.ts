/**
 * What Statsforvalteren's approval covers when a later export revises the decision (review
 * s41), through the real importers (Gerica vedtak.csv / tvangsprotokoll.csv, Helseplattformen
 * Coercion.ndjson), the gateway (coercionExecutions, coercionDecisions, coercionReport) and the
 * CLI report's computation (cli.ts reportFor), on real PostgreSQL.
 *
 * The law: helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav b/c with § 9-8 — a b/c
 * decision may not be carried out before Statsforvalteren has reviewed (overprøvd) it, and the
 * review approves what it reviewed. A later version of the decision that widens it (a measure
 * added, the period extended, another legal basis) while carrying the same approval date has not
 * been reviewed in what it adds: executions of an added measure, or on days outside the approved
 * version's period, are NOT_YET_APPROVED, the reason naming the version and the approval. A
 * narrowing revision needs no new review; a new (later) approval date covers the new version.
 * Pasient- og brukerrettighetsloven kap. 4A (and psykisk helsevernloven) needs no prior approval:
 * the rule does not apply there. Each test failed on the code before the fix (the added measure
 * and the extended days were VALID).
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
import { reportFor } from '../subgraphs/coercion/cli';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const GERICA_NID = makeSyntheticNationalId('1979-05-03', 141, false);
const HP_NID = makeSyntheticNationalId('1988-10-21', 241, true);

// ------------------------------------------------------------------ Gerica

const VEDTAK_HEADER =
  'VedtakID;PasientID;Fodselsnr;Vedtakstype;Hjemmel;Tiltak;GyldigFra;GyldigTil;VedtattDato;GodkjentStatsforvalterDato;Begrunnelse';
const PROTOKOLL_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
const HJEMMEL_C = 'Hol. \u00a7 9-5 tredje ledd bokstav c';

/** One row of Gerica's vedtak.csv for the b/c decision V-2023-701 as an export states it. */
const vedtak = (tiltak: string, gyldigTil: string, godkjent: string) =>
  `V-2023-701;70101;${GERICA_NID};Tvang og makt;${HJEMMEL_C};${tiltak};01.01.2023;${gyldigTil};01.12.2022;${godkjent};"Vurdert av overordnet faglig ansvarlig."`;

const protokoll = (regId: string, tiltak: string, start: string, end: string) =>
  `${regId};V-2023-701;70101;${GERICA_NID};${start};${end};${tiltak};10377,10588;"Gjennomf\u00f8rt som planlagt.";${HJEMMEL_C}`;

const GERICA_EXECUTIONS = [
  protokoll('TP-2023-701', 'l\u00e5st kj\u00f8leskap', '01.03.2023 10:00', '01.03.2023 10:10'),
  protokoll('TP-2023-702', 'l\u00e5st skap', '01.03.2023 11:00', '01.03.2023 11:10'),
  protokoll('TP-2023-703', 'l\u00e5st skap', '02.05.2023 11:00', '02.05.2023 11:10'),
  protokoll('TP-2023-704', 'l\u00e5st kj\u00f8leskap', '15.08.2023 10:00', '15.08.2023 10:10'),
];

let gericaDir: string;

/** A Gerica export: vedtak.csv and tvangsprotokoll.csv (latin1, CRLF), imported as the CLI does. */
async function gericaExport(decisionRow: string) {
  writeFileSync(
    join(gericaDir, 'vedtak.csv'),
    Buffer.from(`${VEDTAK_HEADER}\r\n${decisionRow}\r\n`, 'latin1'),
  );
  writeFileSync(
    join(gericaDir, 'tvangsprotokoll.csv'),
    Buffer.from(`${PROTOKOLL_HEADER}\r\n${GERICA_EXECUTIONS.join('\r\n')}\r\n`, 'latin1'),
  );
  for (const s of await importCoercionPath(tdb.db, gericaDir)) expect(s.quarantined).toEqual([]);
}

// ------------------------------------------------------------------ Helseplattformen

const decision = (o: Record<string, unknown>) => ({
  kind: 'decision',
  patient: HP_NID,
  legalBasis: 'hol-9-5b',
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
  decidedAt: '2022-12-01T10:00:00+01:00',
  decidedBy: '9098765',
  approvedByStatsforvalterAt: '2022-12-20T00:00:00+01:00',
  legacySource: null,
  justification: '',
  ...o,
});
const execution = (id: string, decisionId: string, measure: string, start: string) => ({
  kind: 'execution',
  id,
  patient: HP_NID,
  decisionId,
  measure,
  start,
  end: start.replace('T10:00', 'T10:10'),
  executedBy: ['9160033', '10588'],
  reportedAt: start.replace('T10:00', 'T10:10'),
});

/** The HP decisions as the first export states them. */
const HP_FIRST = {
  // Narrowed later: two measures and the year, then one measure to the end of September.
  narrow: decision({ id: 'TVD-AV-N', measures: ['l\u00e5st ytterd\u00f8r', 'alarm p\u00e5 d\u00f8r'] }),
  // No approval in the export: Statsforvalteren's letter is recorded with coercion-review.
  review: decision({
    id: 'TVD-AV-R',
    legalBasis: 'hol-9-5c',
    measures: ['l\u00e5st kj\u00f8kkenskuff'],
    approvedByStatsforvalterAt: null,
  }),
  // Pasient- og brukerrettighetsloven kap. 4A: no prior approval; a measure added later.
  pbrl: decision({
    id: 'TVD-AV-P',
    legalBasis: 'pbrl-4A',
    measures: ['holding ved tannpuss'],
    approvedByStatsforvalterAt: null,
  }),
};
const HP_EXECUTIONS = [
  execution('TVG-AV-N1', 'TVD-AV-N', 'l\u00e5st ytterd\u00f8r', '2023-03-01T10:00:00+01:00'),
  execution('TVG-AV-R1', 'TVD-AV-R', 'l\u00e5st kj\u00f8kkenskuff', '2023-03-01T10:00:00+01:00'),
  execution('TVG-AV-R2', 'TVD-AV-R', 'l\u00e5st kj\u00f8leskap', '2023-03-02T10:00:00+01:00'),
  execution('TVG-AV-P1', 'TVD-AV-P', 'holding ved medisinering', '2023-03-01T10:00:00+01:00'),
];

let hpDir: string;

async function hpExport(decisions: Record<string, unknown>[], executions = HP_EXECUTIONS) {
  const path = join(hpDir, 'Coercion.ndjson');
  writeFileSync(path, [...decisions, ...executions].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(tdb.db, path);
  expect(s!.quarantined).toEqual([]);
}

// ------------------------------------------------------------------ the stack

let tdb: TestDatabase;
let stack: Stack;
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

beforeAll(async () => {
  tdb = await createTestDatabase();
  stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
  gericaDir = mkdtempSync(join(tmpdir(), 'hs-appr41-gerica-'));
  hpDir = mkdtempSync(join(tmpdir(), 'hs-appr41-hp-'));
  // First exports: V-2023-701 approved 20 December 2022 with "låst kjøleskap" to 30 June 2023.
  await gericaExport(vedtak('l\u00e5st kj\u00f8leskap', '30.06.2023', '20.12.2022'));
  await hpExport(Object.values(HP_FIRST));
  await insertPatients(tdb.db, [
    {
      id: 'pt-appr41-g',
      nationalId: GERICA_NID,
      familyName: 'Test',
      givenName: 'Gerica',
      birthDate: '1979-05-03',
    },
    { id: 'pt-appr41-h', nationalId: HP_NID, familyName: 'Test', givenName: 'Hp', birthDate: '1988-10-21' },
  ]);
  token = await everyoneMatterToken(stack, { sub: 'jurist-appr41' }, 'LEGAL_PROCEEDINGS');
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  for (const d of [gericaDir, hpDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const QUERY = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
  coercionDecisions { id measures validTo problems approvedByStatsforvalterAt executions { id verdict } }
  coercionExecutions { id verdict verdictReason decision { id } }
  coercionReport(from: "2023-01-01", to: "2023-12-31") {
    byVerdict { verdict count }
    decisionProblems { decisionId problem }
    timeline { executions { executionId verdict } }
  }
} }`;

type Verdicts = Record<string, string>;

/** Every path that judges, for one person: each must give the same verdicts. */
async function read(nid: string) {
  const { body } = await gql(stack.gateway.url, QUERY, { token, variables: { nid } });
  expect(body.errors).toBeUndefined();
  const p = body.data.patientByNationalId;
  const listed: Verdicts = Object.fromEntries(
    p.coercionExecutions.map((e: { id: string; verdict: string }) => [e.id, e.verdict]),
  );
  const underDecisions: Verdicts = Object.fromEntries(
    p.coercionDecisions.flatMap((d: { executions: { id: string; verdict: string }[] }) =>
      d.executions.map((e) => [e.id, e.verdict]),
    ),
  );
  const timeline: Verdicts = Object.fromEntries(
    p.coercionReport.timeline.executions.map((e: { executionId: string; verdict: string }) => [
      e.executionId,
      e.verdict,
    ]),
  );
  expect(underDecisions).toEqual(
    Object.fromEntries(Object.keys(underDecisions).map((id) => [id, listed[id]])),
  );
  expect(timeline).toEqual(listed);
  // The CLI's coercion-report computes the same report in process (cli.ts reportFor).
  const cliReport = await reportFor(tdb.db, nid, '2023-01-01', '2023-12-31');
  expect(cliReport.byVerdict).toEqual(
    p.coercionReport.byVerdict.map((v: { verdict: string; count: number }) => expect.objectContaining(v)),
  );
  expect(cliReport.timeline.executions.map((e) => [e.executionId, e.verdict])).toEqual(
    Object.entries(timeline),
  );
  return {
    ...p,
    verdicts: listed,
    execution: (id: string) => p.coercionExecutions.find((e: { id: string }) => e.id === id),
    decision: (id: string) => p.coercionDecisions.find((d: { id: string }) => d.id === id),
  };
}

test('hol. § 9-8, § 9-5 tredje ledd b/c (Gerica): a later export adding a measure under the same approval date does not approve it: its execution is NOT_YET_APPROVED naming the unreviewed version, the approved measure stays VALID (the added measure was VALID)', async () => {
  const before = await read(GERICA_NID);
  expect(before.verdicts).toEqual({
    'TP-2023-701': 'VALID',
    'TP-2023-702': 'NO_VALID_DECISION',
    'TP-2023-703': 'NO_VALID_DECISION',
    'TP-2023-704': 'NO_VALID_DECISION',
  });
  // The municipality adds "låst skap" in Gerica; the export still carries the approval of 20
  // December 2022, which reviewed the decision with "låst kjøleskap" alone.
  await gericaExport(vedtak('l\u00e5st kj\u00f8leskap, l\u00e5st skap', '30.06.2023', '20.12.2022'));
  const p = await read(GERICA_NID);
  expect(p.verdicts).toEqual({
    'TP-2023-701': 'VALID',
    'TP-2023-702': 'NOT_YET_APPROVED',
    'TP-2023-703': 'NOT_YET_APPROVED',
    'TP-2023-704': 'NO_VALID_DECISION',
  });
  const reason = p.execution('TP-2023-702').verdictReason;
  expect(reason).toMatch(
    /Statsforvalteren's approval of 2022-12-20T00:00:00\+01:00 covers version 1 of decision V-2023-701/,
  );
  expect(reason).toMatch(/"låst skap" was added in version 2 \(stored \d{4}-\d\d-\d\dT/);
  expect(reason).toMatch(/not been reviewed \(hol\. § 9-8/);
  expect(p.decision('V-2023-701').problems).toEqual([
    expect.stringMatching(
      /^decision V-2023-701 as stored now \(version 2, stored .*\) is wider than version 1, which Statsforvalteren approved on 2022-12-20T00:00:00\+01:00: "låst skap" added;/,
    ),
  ]);
  expect(p.coercionReport.decisionProblems).toEqual([
    { decisionId: 'V-2023-701', problem: p.decision('V-2023-701').problems[0] },
  ]);
  expect(p.decision('V-2023-701').approvedByStatsforvalterAt).toBe('2022-12-20T00:00:00+01:00');
});

test("hol. § 9-8, § 9-5 tredje ledd b/c (Gerica): a later export extending valid_to under the same approval date does not approve the added days: executions after the approved version's end are NOT_YET_APPROVED (they were VALID)", async () => {
  await gericaExport(vedtak('l\u00e5st kj\u00f8leskap, l\u00e5st skap', '31.12.2023', '20.12.2022'));
  const p = await read(GERICA_NID);
  expect(p.verdicts).toEqual({
    'TP-2023-701': 'VALID',
    'TP-2023-702': 'NOT_YET_APPROVED',
    'TP-2023-703': 'NOT_YET_APPROVED',
    'TP-2023-704': 'NOT_YET_APPROVED',
  });
  const reason = p.execution('TP-2023-704').verdictReason;
  expect(reason).toMatch(/covers version 1 of decision V-2023-701 \(valid 2023-01-01–2023-06-30/);
  expect(reason).toMatch(/2023-08-15 was added in version 3 \(stored /);
  expect(p.decision('V-2023-701').problems[0]).toMatch(
    /version 3, .* "låst skap" added; valid to 2023-12-31 \(approved to 2023-06-30\)/,
  );
});

test('hol. § 9-8, § 9-5 tredje ledd b/c (Gerica): a later export with a new, later approval date approves the version it came with, from that date (the added measure is VALID from then)', async () => {
  await gericaExport(vedtak('l\u00e5st kj\u00f8leskap, l\u00e5st skap', '31.12.2023', '10.04.2023'));
  const p = await read(GERICA_NID);
  // Before 10 April 2023 the added measure was not approved; from then on it is, and so are the
  // days to 31 December.
  expect(p.verdicts['TP-2023-702']).toBe('NOT_YET_APPROVED');
  expect(p.execution('TP-2023-702').verdictReason).toMatch(/approved it only on 2023-04-10T00:00:00\+02:00/);
  expect(p.verdicts['TP-2023-703']).toBe('VALID');
  expect(p.verdicts['TP-2023-704']).toBe('VALID');
  expect(p.decision('V-2023-701').problems).toEqual([]);
});

test('hol. § 9-8, § 9-5 tredje ledd b/c (Helseplattformen): a narrowing revision (a measure removed, the period shortened) under the same approval date needs no new review: still VALID', async () => {
  expect((await read(HP_NID)).verdicts['TVG-AV-N1']).toBe('VALID');
  await hpExport([
    { ...HP_FIRST.narrow, measures: ['l\u00e5st ytterd\u00f8r'], validTo: '2023-09-30' },
    HP_FIRST.review,
    HP_FIRST.pbrl,
  ]);
  const p = await read(HP_NID);
  expect(p.decision('TVD-AV-N')).toMatchObject({
    measures: ['låst ytterdør'],
    validTo: '2023-09-30',
    problems: [],
  });
  expect(p.verdicts['TVG-AV-N1']).toBe('VALID');
});

test('hol. § 9-8, § 9-5 tredje ledd b/c (Helseplattformen, review recorded with coercion-review): the review covers the decision as stored when it was recorded; a measure a later export adds is NOT_YET_APPROVED naming the review (it was VALID)', async () => {
  const ok = await cli('coercion-review', 'TVD-AV-R', '--outcome', 'APPROVED', '--at', '2022-12-20');
  expect(ok.code).toBe(0);
  const before = await read(HP_NID);
  expect(before.verdicts['TVG-AV-R1']).toBe('VALID');
  expect(before.verdicts['TVG-AV-R2']).toBe('NO_VALID_DECISION');
  await hpExport([
    { ...HP_FIRST.narrow, measures: ['l\u00e5st ytterd\u00f8r'], validTo: '2023-09-30' },
    { ...HP_FIRST.review, measures: ['l\u00e5st kj\u00f8kkenskuff', 'l\u00e5st kj\u00f8leskap'] },
    HP_FIRST.pbrl,
  ]);
  const p = await read(HP_NID);
  expect(p.verdicts['TVG-AV-R1']).toBe('VALID');
  expect(p.verdicts['TVG-AV-R2']).toBe('NOT_YET_APPROVED');
  expect(p.execution('TVG-AV-R2').verdictReason).toMatch(
    /Statsforvalteren's review of 2022-12-20T00:00:00\+01:00 \(recorded with coercion-review\) covers version \d of decision TVD-AV-R .*"låst kjøleskap" was added in version \d/,
  );
});

test('pasient- og brukerrettighetsloven kap. 4A needs no prior approval: a pbrl-4A decision revised to add a measure authorises it at once, as before', async () => {
  expect((await read(HP_NID)).verdicts['TVG-AV-P1']).toBe('NO_VALID_DECISION');
  await hpExport([
    { ...HP_FIRST.narrow, measures: ['l\u00e5st ytterd\u00f8r'], validTo: '2023-09-30' },
    { ...HP_FIRST.review, measures: ['l\u00e5st kj\u00f8kkenskuff', 'l\u00e5st kj\u00f8leskap'] },
    { ...HP_FIRST.pbrl, measures: ['holding ved tannpuss', 'holding ved medisinering'] },
  ]);
  const p = await read(HP_NID);
  expect(p.verdicts['TVG-AV-P1']).toBe('VALID');
  expect(p.decision('TVD-AV-P').problems).toEqual([]);
});
