/**
 * Review s33 of research extracts and aggregate research output: attacks on what a researcher
 * learns beyond the grant, through the gateway on real PostgreSQL and Elasticsearch. Each test
 * is an attack or an inconsistency that worked before its fix, named by the rule it enforces:
 * helseforskningsloven § 33 (data only as the approval says), personopplysningsloven § 1 /
 * GDPR art. 89 (1) (pseudonymisation, minimisation, safeguards against re-identification),
 * pasientjournalforskriften § 14 (every access to health data is logged).
 *
 * Earlier reviews (test/research-review.e2e.test.ts, test/research-noise-review.e2e.test.ts,
 * test/research-query-budget.e2e.test.ts, test/research-small-cells.e2e.test.ts,
 * test/access-review-s32.e2e.test.ts) are not repeated here.
 *
 * Run as npm test runs jest (scripts/test.sh): NODE_OPTIONS=--experimental-vm-modules, for the
 * extract's Parquet writer (an ES module loaded with a dynamic import).
 *
 * The data: persons of their own birth years, so that each test's grant has a cohort of its own
 * (grants over the same persons share a query budget, query-budget.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const forbidden = (b: Body) =>
  (b.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);

interface Person {
  id: string;
  nationalId: string;
  birth: string;
}
const person = (id: string, birth: string, start: number): Person => ({
  id,
  nationalId: makeSyntheticNationalId(birth, start, start % 2 === 0),
  birth,
});

/** Born 2006: the budget test's cohort. B6[0] wrote the one note with zqxsjelden. */
const B6 = [0, 1, 2, 3, 4, 5].map((i) => person(`s33-b6-${i}`, `2006-0${i + 1}-1${i}`, 10 + i));
/**
 * Born 2007: the extract-order test's cohort, eight persons whose fødselsnumre (DDMMYY…) sort
 * by the day of the month they were born on, not by month or by anything the grant approves.
 */
const B7 = [
  ['2007-11-01', 1],
  ['2007-03-04', 2],
  ['2007-07-09', 3],
  ['2007-01-13', 4],
  ['2007-09-17', 5],
  ['2007-05-21', 6],
  ['2007-12-25', 7],
  ['2007-02-28', 8],
].map(([birth, i]) => person(`s33-b7-${i}`, birth as string, 20 + (i as number)));
/** Born 2008: the cohort-size test. s33-b8-a and s33-b8-b are two records first linked as one person. */
const B8 = [0, 1, 2, 3, 4, 5].map((i) => person(`s33-b8-${i}`, `2008-0${i + 1}-0${i + 2}`, 30 + i));
const B8_PAIR = [person('s33-b8-a', '2008-10-10', 40), person('s33-b8-b', '2008-10-10', 41)];
/** Born 2009: the logging test's cohort. */
const B9 = [0, 1, 2, 3, 4, 5].map((i) => person(`s33-b9-${i}`, `2009-0${i + 1}-1${i}`, 50 + i));
/** Born 2010: the code-variable test's cohort; B10[0] is Sigrid Tjenestad, whose service carries her name. */
const B10 = [0, 1].map((i) => person(`s33-b10-${i}`, `2010-0${i + 1}-15`, 60 + i));
const NAMED = { given: 'Sigrid', family: 'Tjenestad' };
const NAMED_SERVICE = `Avlastningsbolig ${NAMED.given} ${NAMED.family}`;

/** [patient, writtenAt, text] */
const NOTES: [string, string, string][] = [
  [B6[0]!.id, '2022-01-10T10:00:00+01:00', 'Samtale zqxsjelden zqxvanlig.'],
  ...B6.slice(1).flatMap((p, i): [string, string, string][] => [
    [p.id, `2022-0${i + 2}-10T10:00:00+01:00`, 'Samtale zqxvanlig.'],
    [p.id, `2022-0${i + 2}-12T10:00:00+01:00`, 'Samtale zqxannen.'],
  ]),
  ...B7.map((p, i): [string, string, string] => [p.id, `2021-0${i + 1}-05T10:00:00+01:00`, 'Kontroll.']),
  ...[...B8, ...B8_PAIR].map((p, i): [string, string, string] => [
    p.id,
    `2021-0${i + 1}-06T10:00:00+01:00`,
    'Kontroll.',
  ]),
  ...B9.map((p, i): [string, string, string] => [p.id, `2021-0${i + 1}-07T10:00:00+01:00`, 'Kontroll.']),
  ...B10.map((p, i): [string, string, string] => [p.id, `2021-0${i + 1}-08T10:00:00+01:00`, 'Kontroll.']),
];

let env: TestStack;
let extractDir: string;
const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body as Body;
const researcher = (grant: string) =>
  env.stack.token({ sub: 'forsker-s33', role: 'researcher', purpose: 'RESEARCH', grant });
const archivist = () =>
  env.stack.token({ sub: 'arkivar-s33', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

async function register(id: string, over: Record<string, unknown>) {
  const r = await call(
    await archivist(),
    'mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id cohortSize } }',
    {
      i: {
        id,
        projectId: `P-${id}`,
        title: 'Gjennomgang s33',
        rekNumber: '2026/333333',
        legalBasis: 'helseforskningsloven § 33',
        responsibleResearcher: 'forsker-s33',
        variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
        datePrecision: 'MONTH',
        freeText: true,
        outputLevel: 'PSEUDONYMISED_RECORDS',
        expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
        ...over,
      },
    },
  );
  expect(r.errors).toBeUndefined();
  return r.data.registerGrant as { id: string; cohortSize: number };
}

beforeAll(async () => {
  extractDir = mkdtempSync(join(tmpdir(), 'helsespor-s33-extract-'));
  env = await startTestStack({ research: { ...testConfig({}).research, extractDir } });
  for (const p of [...B6, ...B7, ...B8, ...B8_PAIR, ...B9, ...B10]) {
    const [given, family] = p === B10[0] ? [NAMED.given, NAMED.family] : ['Rut', 'Revisen'];
    await env.tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, $3, $4, $5)`,
      [p.id, p.nationalId, family, given, p.birth],
    );
  }
  // A unit that serves one person, named after her (lib/policy/statistics.ts OTHER: "a unit
  // named after the one person it serves", found in review of the reporting tables).
  await env.tdb.db.query(
    `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, contact_class, period_start)
     VALUES ('s33-contact-0', $1, 'GERICA', 's33-contact-0', $2, 'Avlastning', '2021-03-01T08:00:00+01:00')`,
    [B10[0]!.id, NAMED_SERVICE],
  );
  await env.tdb.db.query(
    `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
     VALUES ($1, $2, 'arkivar-s33', 'samme person')`,
    [B8_PAIR[0]!.id, B8_PAIR[1]!.id],
  );
  for (const [i, [patient, writtenAt, text]] of NOTES.entries()) {
    await env.tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
      [`s33-note-${i}`, patient, writtenAt, text],
    );
    await env.tdb.db.query(
      `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
      [`s33-note-${i}`],
    );
  }
  await env.tdb.db.query(`UPDATE journal.journal_entry SET service = $2 WHERE patient_id = $1`, [
    B10[0]!.id,
    NAMED_SERVICE,
  ]);
  await env.stack.index();
}, 300_000);

afterAll(async () => {
  await env?.stop();
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

test('personopplysningsloven § 1 / GDPR art. 89 (1), helseforskningsloven § 33: a query budget that cannot cover an answer refuses it by the question, not by the data (the refusal told for free, and exactly, whether the one note of a withheld cell has a word)', async () => {
  // query-budget.ts charges an answer "once per set of documents": a term-report row over the
  // same notes as the total is not charged again. The charge is checked after the search ran,
  // and an answer the rest of the budget cannot cover is refused whole, charged nothing, with
  // "this answer holds N". N is then the number of distinct note sets among the total and the
  // rows: for "zqxsjelden X" (every word: the total is the notes with both) it is 2 when the
  // one note with zqxsjelden (one person: every count withheld) also has X, and 3 when it has
  // not. So with 2 counts left, a researcher asks as often as they like, for free and without
  // noise, whether that person's note has a word: refused (3) or answered (2). A careful
  // researcher (and REK) expects a refusal for lack of budget to depend on what was asked, never
  // on what the records hold (search-counts.ts: nothing about a cell of 1–4 persons is told).
  await register('G-S33-BUDGET', {
    cohort: { bornFrom: '2006-01-01', bornTo: '2006-12-31' },
    outputLevel: 'AGGREGATE',
    queryBudget: 2,
  });
  const token = await researcher('G-S33-BUDGET');
  const ask = (words: string) =>
    call(
      token,
      `{ search(query: "${words}", expand: false) { total totalSuppressed termReport { word hits suppressed } } }`,
    );
  const outcome = (b: Body) => (b.errors ? { refused: forbidden(b) } : { answered: true });
  // The note does not have zqxannen; it has zqxvanlig. The same question's shape: two words and
  // their term report.
  const without = await ask('zqxsjelden zqxannen');
  const withWord = await ask('zqxsjelden zqxvanlig');
  expect(outcome(withWord)).toEqual(outcome(without));
});

test("personopplysningsloven § 1 / GDPR art. 89 (1), helseforskningsloven § 33: an extract's rows are in pseudonym order, not in fødselsnummer order (the order told each person's day of birth where the grant gives the birth year only)", async () => {
  // buildExtract (extract.ts TABLES) orders every table by the cohort's person_key, which is the
  // person's first national id: a fødselsnummer starts with the birth date as DDMMYY. So the
  // rows of persons.csv (and of journal.csv, …) came in the order of the day of the month each
  // person was born on, then month, then year, then the individual number (gender): with
  // PERSON_BIRTH_YEAR at YEAR precision the researcher learned the order of birthdays within the
  // year's persons, and for the first and last rows nearly the day (born the 1st, born the
  // 28th). researchCohort.subjects pages by pseudonym (an HMAC: no order of anything); a careful
  // recipient expects the file's order to carry nothing the approval does not give either.
  await register('G-S33-ORDER', {
    cohort: { bornFrom: '2007-01-01', bornTo: '2007-12-31' },
    variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TYPE'],
    datePrecision: 'YEAR',
    freeText: false,
  });
  const r = await call(
    await archivist(),
    'mutation { extract(grantId: "G-S33-ORDER") { directory manifest } }',
  );
  expect(r.errors).toBeUndefined();
  const dir = join(extractDir, (r.data.extract.directory as string).split('/').pop()!);
  const column = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!);
  const persons = column('persons.csv');
  expect(persons).toHaveLength(B7.length);
  // Each person's notes together, the persons in the same order as persons.csv.
  const journal = column('journal.csv').filter((p, i, all) => i === 0 || all[i - 1] !== p);
  expect(journal).toEqual(persons);
  expect(persons).toEqual([...persons].sort());
});

test("helseforskningsloven § 33, personopplysningsloven art. 5 (1) d: a grant's cohortSize is the number of persons its researcher reads (researchCohort.totalCount, the subjects, the extract), also after an unlink split a person in two", async () => {
  // Two records of the cohort were linked as one person when the grant was registered; an
  // archivist has since unlinked them (two persons: grant-store.ts COHORT_TODAY_SQL splits the
  // stored person, and researchCohort, the subjects and the extract follow today's links).
  // ResearchGrant.cohortSize counted the rows stored at registration (grant-store.ts
  // GRANT_SELECT), so the grant said 7 persons while its cohort, its subjects and its extract's
  // manifest said 8. A careful archivist or researcher expects one number for one cohort.
  const g = await register('G-S33-SIZE', { cohort: { bornFrom: '2008-01-01', bornTo: '2008-12-31' } });
  expect(g.cohortSize).toBe(B8.length + 1);
  await env.tdb.db.query(
    `UPDATE journal.patient_link SET unlinked_at = now(), unlinked_by = 'arkivar-s33', unlink_reason = 'to personer'
      WHERE patient_a = $1 AND patient_b = $2`,
    [B8_PAIR[0]!.id, B8_PAIR[1]!.id],
  );
  const r = await call(
    await researcher('G-S33-SIZE'),
    '{ grant(id: "G-S33-SIZE") { cohortSize } researchCohort { totalCount subjects(first: 100) { pseudonym } } }',
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.researchCohort.subjects).toHaveLength(B8.length + 2);
  expect(r.data.researchCohort.totalCount).toBe(B8.length + 2);
  expect(r.data.grant.cohortSize).toBe(r.data.researchCohort.totalCount);
  const a = await call(await archivist(), '{ grant(id: "G-S33-SIZE") { cohortSize } }');
  expect(a.errors).toBeUndefined();
  expect(a.data.grant.cohortSize).toBe(B8.length + 2);
});

test("pasientjournalforskriften § 14: a researcher's read of the cohort's size (researchCohort.totalCount, ResearchGrant.cohortSize) is logged under each person of the cohort, as a search over the cohort is", async () => {
  // The size of the cohort is a count of its persons, made from their records (who meets the
  // definition): a read of each of them, as a search total over the cohort is (logged under
  // each person, test/research-small-cells.e2e.test.ts). researchCohort { totalCount } and
  // grant { cohortSize } wrote no row at all: a person's access log did not show that a
  // researcher's count included them. A careful patient reading their log (pasientjournalloven
  // § 19 with pasientjournalforskriften § 14) expects every use of their record there.
  await register('G-S33-LOG', {
    cohort: { bornFrom: '2009-01-01', bornTo: '2009-12-31' },
    outputLevel: 'AGGREGATE',
  });
  const before = await env.tdb.db.query<{ id: string }>(
    'SELECT coalesce(max(id), 0)::text AS id FROM audit.access_log',
  );
  const r = await call(await researcher('G-S33-LOG'), '{ researchCohort { totalCount totalSuppressed } }');
  expect(r.errors).toBeUndefined();
  const rows = await env.tdb.db.query<{ patient_id: string; purpose: string; outcome: string }>(
    `SELECT DISTINCT patient_id, purpose, outcome FROM audit.access_log
      WHERE user_id = 'forsker-s33' AND id > $1::bigint ORDER BY patient_id`,
    [before.rows[0]!.id],
  );
  expect(rows.rows).toEqual(B9.map((p) => ({ patient_id: p.id, purpose: 'RESEARCH', outcome: 'granted' })));
});

test('personopplysningsloven § 1 / GDPR art. 89 (1), helseforskningsloven § 33: a code variable (a service) names no one the record knows, in researchCohort and in the extract, as free text does not (a unit named after the one person it serves gave her name)', async () => {
  // maskCode (deidentify.ts) masks a code variable's value by the patterns only (national ids,
  // phone numbers, dates, …) with no names: the record's own names, which every approved free
  // text is cleaned of, went out in CONTACT_SERVICE and JOURNAL_SERVICE as the source wrote
  // them. A source's service or unit is the source's own words, and the reporting tables group a
  // rare one as 'annet' because it can name the one person it serves (lib/policy/statistics.ts
  // OTHER). A grant that approves no free text at all gave the patient's full name. A careful
  // recipient expects a pseudonymised extract without the person's name in any column.
  await register('G-S33-CODE', {
    cohort: { bornFrom: '2010-01-01', bornTo: '2010-12-31' },
    variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_SERVICE', 'CONTACT_SERVICE', 'CONTACT_CLASS'],
    datePrecision: 'YEAR',
    freeText: false,
  });
  const name = new RegExp(`${NAMED.given}|${NAMED.family}`, 'i');
  const r = await call(
    await researcher('G-S33-CODE'),
    '{ researchCohort { subjects(first: 10) { careContacts { service contactClass } journal(first: 10) { entries { service } } } } }',
  );
  expect(r.errors).toBeUndefined();
  const read = JSON.stringify(r.data);
  expect(read).toContain('Avlastning'); // the service is there, the name is not
  expect(read).not.toMatch(name);
  const x = await call(await archivist(), 'mutation { extract(grantId: "G-S33-CODE") { directory } }');
  expect(x.errors).toBeUndefined();
  const dir = join(extractDir, (x.data.extract.directory as string).split('/').pop()!);
  for (const file of ['care_contacts.csv', 'journal.csv']) {
    const csv = readFileSync(join(dir, file), 'utf8');
    expect(csv).toContain('Avlastningsbolig');
    expect(csv).not.toMatch(name);
  }
});
