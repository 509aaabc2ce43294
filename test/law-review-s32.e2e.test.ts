/**
 * Review s32 (the law and the dossier), through the gateway on real PostgreSQL: coercion
 * verdicts that changed with the period asked or the path the execution was read by. Each
 * test fails on the code before its fix for the reason its name gives; the comment says
 * what a careful user expects and the rule behind it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { insertMatter } from '../lib/policy/store';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';
import { verifyAuditChain } from '../lib/audit-chain';
import { makeSyntheticNationalId } from '../lib/national-id';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';

// Psykisk helsevern: one person, one phvl. § 4-8 decision used twice.
const PHVL = makeSyntheticNationalId('1991-06-14', 32, false);
// A person with a D-number record and a fødselsnummer record, linked as one person.
const FNR = makeSyntheticNationalId('1970-04-11', 132, true);
const DNR = makeSyntheticNationalId('1970-04-11', 232, true, true);

// Five more such persons, for the reporting table (cells of fewer than five persons are suppressed).
const PAIRS = [0, 1, 2, 3, 4].map((i) => ({
  fnr: makeSyntheticNationalId(`1975-0${i + 1}-1${i}`, 300 + i, false),
  dnr: makeSyntheticNationalId(`1975-0${i + 1}-1${i}`, 400 + i, false, true),
}));
const UNIT = 'Bofellesskap S32';

const BELT = 'mekaniske tvangsmidler (belte)';
const HOLD = 'tilbakeholdelse i institusjon';

const lines = [
  {
    kind: 'decision',
    id: 'TVD-S32-P1',
    patient: PHVL,
    legalBasis: 'phvl-4-8',
    measures: [BELT],
    validFrom: '2024-03-10',
    validTo: '2024-03-20',
    decidedAt: '2024-03-10T08:00:00+01:00',
    decidedBy: '9144001',
    approvedByStatsforvalterAt: null,
    legacySource: null,
    justification: '',
  },
  // The first use of the decision, and a second one five days later under the same decision.
  {
    kind: 'execution',
    id: 'TVG-S32-P1A',
    patient: PHVL,
    decisionId: 'TVD-S32-P1',
    measure: BELT,
    start: '2024-03-10T08:05:00+01:00',
    end: '2024-03-10T08:45:00+01:00',
    executedBy: ['9144001', '9144002'],
    reportedAt: '2024-03-10T09:00:00+01:00',
  },
  {
    kind: 'execution',
    id: 'TVG-S32-P1B',
    patient: PHVL,
    decisionId: 'TVD-S32-P1',
    measure: BELT,
    start: '2024-03-15T14:00:00+01:00',
    end: '2024-03-15T14:30:00+01:00',
    executedBy: ['9144003', '9144004'],
    reportedAt: '2024-03-15T15:00:00+01:00',
  },
  // pbrl. kap. 4A decision under the fødselsnummer; an execution HP registered under the
  // D-number and no decision.
  {
    kind: 'decision',
    id: 'TVD-S32-L1',
    patient: FNR,
    legalBasis: 'pbrl-4A',
    measures: [HOLD],
    validFrom: '2024-05-01',
    validTo: '2024-10-31',
    decidedAt: '2024-04-30T10:00:00+02:00',
    decidedBy: '9144005',
    approvedByStatsforvalterAt: null,
    legacySource: null,
    justification: '',
  },
  {
    kind: 'execution',
    id: 'TVG-S32-L1',
    patient: DNR,
    decisionId: null,
    measure: HOLD,
    start: '2024-06-03T10:00:00+02:00',
    end: '2024-06-03T10:40:00+02:00',
    executedBy: ['9144006', '9144007'],
    reportedAt: '2024-06-03T11:00:00+02:00',
  },
];

lines.push(
  ...PAIRS.flatMap((p, i) => [
    {
      kind: 'decision',
      id: `TVD-S32-R${i}`,
      patient: p.fnr,
      legalBasis: 'pbrl-4A',
      measures: [HOLD],
      validFrom: '2024-05-01',
      validTo: '2024-10-31',
      decidedAt: '2024-04-30T10:00:00+02:00',
      decidedBy: '9144005',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification: '',
    },
    {
      kind: 'execution',
      id: `TVG-S32-R${i}`,
      patient: p.dnr,
      decisionId: null,
      measure: HOLD,
      start: `2024-07-1${i}T10:00:00+02:00`,
      end: `2024-07-1${i}T10:30:00+02:00`,
      executedBy: ['9144006', '9144007'],
      reportedAt: `2024-07-1${i}T11:00:00+02:00`,
      unit: UNIT,
    } as (typeof lines)[number],
  ]),
);

let tdb: TestDatabase;
let stack: Stack;
let token: string;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'hs-law-s32-'));
  writeFileSync(join(dir, 'Coercion.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  await insertPatients(tdb.db, [
    { id: 'pt-s32-phvl', nationalId: PHVL, familyName: 'Test', givenName: 'Belte', birthDate: '1991-06-14' },
    { id: 'pt-s32-f', nationalId: FNR, familyName: 'Test', givenName: 'Fnr', birthDate: '1970-04-11' },
    { id: 'pt-s32-d', nationalId: DNR, familyName: 'Test', givenName: 'Dnr', birthDate: '1970-04-11' },
  ]);
  await insertPatients(
    tdb.db,
    PAIRS.flatMap((p, i) => [
      { id: `pt-s32-r${i}-f`, nationalId: p.fnr, familyName: 'Test', givenName: `F${i}` },
      { id: `pt-s32-r${i}-d`, nationalId: p.dnr, familyName: 'Test', givenName: `D${i}` },
    ]),
  );
  // The archivist's link of the two records as one person (linkPatients; patient_a < patient_b).
  for (const [a, b] of [
    ['pt-s32-d', 'pt-s32-f'],
    ...PAIRS.map((_, i) => [`pt-s32-r${i}-d`, `pt-s32-r${i}-f`]),
  ])
    await tdb.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES ($1, $2, 'arkivar-s32', 'D-nummer og fødselsnummer: samme person')`,
      [a, b],
    );
  token = await everyoneMatterToken(stack, { sub: 'jurist-s32' }, 'LEGAL_PROCEEDINGS');
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(query: string, variables: Record<string, unknown>, as = token) {
  const { body } = await gql(stack.gateway.url, query, { token: as, variables });
  expect(body.errors).toBeUndefined();
  return body.data;
}

const verdicts = (list: { id: string; verdict: string }[]) =>
  Object.fromEntries(list.map((e) => [e.id, e.verdict]));

test('psykisk helsevernloven § 4-8: a second use under one decision is NO_VALID_DECISION whatever the period asked or the staff filter (a matter starting after the first use showed it VALID)', async () => {
  // verdict.ts: "each use of a coercive means is its own decision ... a later one under the
  // same decision is NO_VALID_DECISION", judged oldest first. The resolvers judged only the
  // executions of the period (or of the staff member) asked: the first use fell outside, so the
  // second was judged first and called VALID. A lawyer whose matter starts on 12 March read a
  // lawful use where the whole record says there was no decision; the verdict of an execution
  // may not depend on the window it is read through (the statistics judge over the whole
  // history for the same reason, coercion README "Statistics").
  const Q = `query ($nid: String!, $from: String, $by: String) { patientByNationalId(nationalId: $nid) {
    coercionExecutions(from: $from, executedBy: $by) { id verdict }
    coercionReport(from: $from) { byVerdict { verdict count } }
  } }`;
  const whole = (await ask(Q, { nid: PHVL })).patientByNationalId;
  expect(verdicts(whole.coercionExecutions)).toEqual({
    'TVG-S32-P1A': 'VALID',
    'TVG-S32-P1B': 'NO_VALID_DECISION',
  });

  const later = (await ask(Q, { nid: PHVL, from: '2024-03-12' })).patientByNationalId;
  expect(verdicts(later.coercionExecutions)).toEqual({ 'TVG-S32-P1B': 'NO_VALID_DECISION' });
  const count = (v: string) =>
    later.coercionReport.byVerdict.find((x: { verdict: string }) => x.verdict === v).count;
  expect([count('VALID'), count('NO_VALID_DECISION')]).toEqual([0, 1]);

  const byStaff = (await ask(Q, { nid: PHVL, by: '9144003' })).patientByNationalId;
  expect(verdicts(byStaff.coercionExecutions)).toEqual({ 'TVG-S32-P1B': 'NO_VALID_DECISION' });

  // The same through a matter whose period starts after the first use.
  const matter = await stack.matterToken(
    {
      id: 'M-s32-phvl',
      patientIds: ['pt-s32-phvl'],
      nationalIds: [PHVL],
      periodFrom: '2024-03-12',
      purpose: 'LEGAL_PROCEEDINGS',
    },
    { sub: 'jurist-s32-b', purpose: 'LEGAL_PROCEEDINGS' },
  );
  const inMatter = (await ask(Q, { nid: PHVL }, matter)).patientByNationalId;
  expect(verdicts(inMatter.coercionExecutions)).toEqual({ 'TVG-S32-P1B': 'NO_VALID_DECISION' });
});

test('pasient- og brukerrettighetsloven § 4A-5: an execution registered under the person’s D-number is judged against the decision under their fødselsnummer also by id and in the dossier (it was UNDETERMINED there, VALID in the listing)', async () => {
  // The two records are one person (journal.patient_link; the coercion README: "a D-number
  // record linked to a fødselsnummer record counts once"). The patient's listing judges the
  // execution against all the person's decisions: the 4A decision covers it, VALID. Read by
  // id (coercionExecution, the entity reference the dossier and the evidence bundle hydrate
  // through) it was judged against the D-number's decisions only: none, so UNDETERMINED. The
  // dossier, the evidence for the matter, gave another legal answer than the report.
  const list = (
    await ask(
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) { nationalIds coercionExecutions { id verdict decision { id } } } }`,
      { nid: FNR },
    )
  ).patientByNationalId;
  expect([...list.nationalIds].sort()).toEqual([FNR, DNR].sort());
  expect(list.coercionExecutions).toEqual([
    { id: 'TVG-S32-L1', verdict: 'VALID', decision: { id: 'TVD-S32-L1' } },
  ]);

  const one = (
    await ask(`query ($id: ID!) { coercionExecution(id: $id) { id verdict decision { id } } }`, {
      id: 'TVG-S32-L1',
    })
  ).coercionExecution;
  expect(one).toEqual({ id: 'TVG-S32-L1', verdict: 'VALID', decision: { id: 'TVD-S32-L1' } });

  const dossier = (
    await ask(
      `query ($id: ID!) { dossier(patientId: $id) { items { kind recordId details { label value } } } }`,
      { id: 'pt-s32-f' },
    )
  ).dossier;
  const item = dossier.items.find(
    (i: { kind: string; recordId: string }) => i.kind === 'COERCION_EXECUTION' && i.recordId === 'TVG-S32-L1',
  );
  expect(item).toBeDefined();
  expect(item.details.find((d: { label: string }) => d.label === 'verdict')?.value).toBe('VALID');
});

test('pasient- og brukerrettighetsloven § 4A-5 (reporting): coercionStatistics judges an execution under a linked D-number against the person’s decisions, as the report does (five such were counted UNDETERMINED)', async () => {
  // statistics.ts judges "over the person's whole history (so a month's verdicts do not
  // depend on the period asked)", but grouped the executions and decisions by national id: an
  // execution under a D-number was judged without the decision under the same person's
  // fødselsnummer. The management table counted five lawful executions (VALID in each
  // person's report) as UNDETERMINED; its own person key counts the linked records as one
  // person (lib/policy/statistics.ts PersonOf), its verdicts did not.
  for (const [i, p] of PAIRS.entries()) {
    const list = (
      await ask(
        `query ($nid: String!) { patientByNationalId(nationalId: $nid) { coercionExecutions { id verdict } } }`,
        {
          nid: p.fnr,
        },
      )
    ).patientByNationalId;
    expect(list.coercionExecutions).toEqual([{ id: `TVG-S32-R${i}`, verdict: 'VALID' }]);
  }
  const reporting = await stack.token({
    sub: 'rapport-s32',
    role: 'reporting',
    purpose: 'MANAGEMENT_STATISTICS',
  });
  const t = (
    await ask(
      `{ coercionStatistics(filter: { from: "2024-07", to: "2024-07", units: ["${UNIT}"] }) { cells { block keys count suppressed } } }`,
      {},
      reporting,
    )
  ).coercionStatistics;
  const cell = (verdict: string) =>
    t.cells.find(
      (c: { keys: (string | null)[] }) => c.keys[0] === HOLD && c.keys[1] === verdict && c.keys[2] === UNIT,
    );
  expect(cell('VALID')).toMatchObject({ block: '2024-07', count: 5, suppressed: false });
  expect(cell('UNDETERMINED')?.count ?? 0).toBe(0);
});

test('pasient- og brukerrettighetsloven § 4A-5 (the CLI report): coercion-report for a fødselsnummer includes the executions under the person’s linked D-number, judged as in the gateway’s report', async () => {
  // `coercion-report <national-id>` is the evidence a complaint or a lawsuit files (the
  // README: "a report for a patient and period"; DOMAIN.md case 3: all executions over the
  // years). It read the decisions and executions of that one national id: the execution the
  // person's HP record registered under their D-number was not in the report at all (0
  // executions), while Patient.coercionReport through the gateway, over the person's linked
  // records, has it as VALID.
  await insertMatter(
    tdb.db,
    {
      id: 'M-s32-cli',
      title: 'Klage på tvang',
      purpose: 'COMPLAINT',
      patientIds: [],
      nationalIds: [FNR],
      periodFrom: null,
      periodTo: null,
      members: [`cli:${userInfo().username}`],
      expiresAt: new Date(Date.now() + 86400_000),
    },
    'arkivar-s32',
  );
  const out = join(dir, 'report.json');
  const root = join(__dirname, '..');
  await promisify(execFile)(
    join(root, 'node_modules', '.bin', 'tsx'),
    [
      join(root, 'scripts', 'cli.ts'),
      'coercion-report',
      FNR,
      '--matter',
      'M-s32-cli',
      '--purpose',
      'COMPLAINT',
      '--json',
      out,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' } },
  );
  const report = JSON.parse(readFileSync(out, 'utf8'));
  expect(report.timeline.executions).toEqual([
    expect.objectContaining({ executionId: 'TVG-S32-L1', verdict: 'VALID', decisionId: 'TVD-S32-L1' }),
  ]);
});

test('a dossier over ages 13–15 of a record without a birth date takes the birth date of its linked record, as the journal does (it refused the window)', async () => {
  // The journal's windows take the person's birth date from the first linked record that
  // knows it (journal resolvers windowFor): a legacy record with no birth date, linked by an
  // archivist to the Helseplattformen record, answers journal(ageFrom: 13, ageTo: 15). The
  // dossier of the same person, the lawyer's evidence of the same care, refused the window
  // ("needs the person's birth date, and none is known"): two answers for one person.
  const born = makeSyntheticNationalId('2008-09-02', 512, false);
  await insertPatients(tdb.db, [
    { id: 'pt-s32-born', nationalId: born, familyName: 'Test', givenName: 'Født', birthDate: '2008-09-02' },
    { id: 'pt-s32-nobirth', familyName: 'Test', givenName: 'Udatert' },
  ]);
  await tdb.db.query(
    `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
     VALUES ('pt-s32-born', 'pt-s32-nobirth', 'arkivar-s32', 'samme person')`,
  );
  const matter = await stack.matterToken(
    {
      id: 'M-s32-nobirth',
      patientIds: ['pt-s32-born', 'pt-s32-nobirth'],
      nationalIds: [born],
      purpose: 'LEGAL_PROCEEDINGS',
    },
    { sub: 'jurist-s32-c', purpose: 'LEGAL_PROCEEDINGS' },
  );
  const journal = await ask(
    `query ($id: ID!) { patient(id: $id) { birthDate journal(ageFrom: 13, ageTo: 15) { totalCount } } }`,
    { id: 'pt-s32-nobirth' },
    matter,
  );
  expect(journal.patient.birthDate).toBeNull();
  expect(journal.patient.journal.totalCount).toBe(0);
  const dossier = await ask(
    `query ($id: ID!) { dossier(patientId: $id, window: { ageFrom: 13, ageTo: 15 }) { window { kind from to } } }`,
    { id: 'pt-s32-nobirth' },
    matter,
  );
  expect(dossier.dossier.window).toEqual({ kind: 'AGES', from: '2021-09-02', to: '2024-09-01' });
});

test('pasientjournalforskriften § 14, pasientjournalloven § 22: a row put into the access log outside the chain (seq 0) is found by verify-audit', async () => {
  // verify-audit (lib/audit-chain.ts) is the check "from outside the database" that the log
  // is complete and unchanged: it walks seq 1, 2, … and compares the head. A row put in by
  // someone who can switch the triggers off (the owner, a superuser: the case the chain is
  // for), numbered 0, was never read by the walk (seq >= 1): the chain was reported whole
  // while the table held a row no chain vouches for, counted in a person's accessLog
  // totalCount and read by anything that does not filter on seq. Every row of the log must be
  // in the chain.
  await ask(`query ($nid: String!) { patientByNationalId(nationalId: $nid) { id } }`, { nid: PHVL });
  const before = await verifyAuditChain(tdb.db);
  expect(before.problem).toBeNull();
  expect(before.rows).toBeGreaterThan(0);
  await tdb.admin.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit.access_log DISABLE TRIGGER USER');
    await tx.query('CREATE TEMP TABLE forged ON COMMIT DROP AS SELECT * FROM audit.access_log WHERE seq = 1');
    await tx.query(
      "UPDATE forged SET id = 900000001, seq = 0, user_id = 'someone-else', self_authorized = true",
    );
    await tx.query('INSERT INTO audit.access_log SELECT * FROM forged');
    await tx.query('ALTER TABLE audit.access_log ENABLE TRIGGER USER');
  });
  const r = await verifyAuditChain(tdb.db);
  expect(r.problem).not.toBeNull();
  expect(r.problem!.message).toMatch(/900000001/);
});
