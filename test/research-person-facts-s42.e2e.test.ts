/**
 * What a researcher is given of a person of several records, and of an amended note, on real
 * PostgreSQL through the gateway and in the extract's files (stop 42; left open by review s41).
 *
 * - A note's date (JOURNAL_WRITTEN_AT) is the date of the care it documents: a corrected
 *   (amended) Helseplattformen note carries its care period's start (journal migration 005,
 *   `dated_at`), as the grant's period and age window already read it. Before, the cohort and
 *   the extract showed the correction's time: a note of 2020 in a grant's 2020 window, dated
 *   2021 in the data set, with an age computed from 2020 beside it.
 * - A person's birth year, gender and death date come from the first of their records that
 *   states them (records in the person's order), not from the first record alone: a person whose
 *   first record (by id) has no birth date, gender or death date had none in the data set though
 *   a linked record had them, and the age window on their coercion and archive records in the
 *   extract found no birth date.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_F = makeSyntheticNationalId('2004-07-08', 421, true);
/** Sorts before the fødselsnummer record: the person's first record, with no birth date, gender or death date. */
const PT_A = 'pt-s42-a';
const PT_B = 'pt-s42-b';

let env: TestStack;
let extractDir: string;

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

beforeAll(async () => {
  extractDir = mkdtempSync(join(tmpdir(), 'hs-research-s42-'));
  env = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir } });
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: PT_A, familyName: 'Moe', givenName: 'Mari' },
    {
      id: PT_B,
      nationalId: NID_F,
      familyName: 'Moe',
      givenName: 'Mari',
      birthDate: '2004-07-08',
      deathDate: '2023-09-10',
    },
  ]);
  await db.query(`UPDATE journal.patient SET gender = 'female' WHERE id = $1`, [PT_B]);
  // Written (corrected) in 2021, about care given on 2020-02-15.
  await insertQueuedNote(db, {
    id: 'je-s42-amended',
    patientId: PT_B,
    writtenAt: '2021-06-10T10:00:00+02:00',
    text: 'Rettet notat om kontroll.',
  });
  await db.query(
    `UPDATE journal.journal_entry SET amended = true, care_start = '2020-02-15T09:00:00+01:00' WHERE id = 'je-s42-amended'`,
  );
  await insertQueuedNote(db, {
    id: 'je-s42-plain',
    patientId: PT_B,
    writtenAt: '2020-03-01T10:00:00+01:00',
    text: 'Vanlig notat.',
  });
  await env.stack.index();
  const archivist = await env.stack.token({
    sub: 'arkivar-s42',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const link = await gql(
    env.stack.gateway.url,
    `mutation { linkPatients(a: "${PT_A}", b: "${PT_B}", reason: "samme person") { id } }`,
    { token: archivist },
  );
  expect(link.body.errors).toBeUndefined();
  const g = await gql(
    env.stack.gateway.url,
    `mutation { registerGrant(input: {
      id: "G-S42", projectId: "P-S42", title: "Stop 42", rekNumber: "2025/42",
      legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s42",
      cohort: { bornFrom: "2004-01-01", bornTo: "2004-12-31", periodFrom: "2020-01-01", periodTo: "2020-12-31" },
      variables: [PERSON_BIRTH_YEAR, PERSON_GENDER, PERSON_DEATH_DATE, JOURNAL_WRITTEN_AT, JOURNAL_AGE],
      datePrecision: EXACT, freeText: false, outputLevel: PSEUDONYMISED_RECORDS,
      expiresAt: "${expiresAt()}" }) { id } }`,
    { token: archivist },
  );
  expect(g.body.errors).toBeUndefined();
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

const researcher = () =>
  env.stack.token({ sub: 'forsker-s42', role: 'researcher', purpose: 'RESEARCH', grant: 'G-S42' });

function csvRows(dir: string, table: string): string[][] {
  return readFileSync(join(dir, `${table}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

test('a researcher’s note date is the date of the care an amended note documents, in the cohort and in the extract', async () => {
  const token = await researcher();
  const r = await gql(
    env.stack.gateway.url,
    '{ researchCohort { subjects { journal { entries { writtenAt age } } } } }',
    { token },
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.researchCohort.subjects).toEqual([
    {
      journal: {
        entries: [
          { writtenAt: '2020-02-15', age: 15 },
          { writtenAt: '2020-03-01', age: 15 },
        ],
      },
    },
  ]);
  const x = await gql(env.stack.gateway.url, 'mutation { extract(grantId: "G-S42") { directory } }', {
    token,
  });
  expect(x.body.errors).toBeUndefined();
  const dir = join(extractDir, x.body.data.extract.directory.split('/').pop());
  const [header, ...rows] = csvRows(dir, 'journal');
  const at = header!.indexOf('written_at');
  expect(rows.map((row) => row[at])).toEqual(['2020-02-15', '2020-03-01']);
}, 120_000);

test('a person’s birth year, gender and death date come from the record that states them, not the first record alone', async () => {
  const token = await researcher();
  const r = await gql(
    env.stack.gateway.url,
    '{ researchCohort { subjects { birthYear gender deathDate } } }',
    { token },
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.researchCohort.subjects).toEqual([
    { birthYear: 2004, gender: 'female', deathDate: '2023-09-10' },
  ]);
  const x = await gql(env.stack.gateway.url, 'mutation { extract(grantId: "G-S42") { directory } }', {
    token,
  });
  expect(x.body.errors).toBeUndefined();
  const dir = join(extractDir, x.body.data.extract.directory.split('/').pop());
  expect(readdirSync(dir)).toContain('persons.csv');
  const [header, ...rows] = csvRows(dir, 'persons');
  const pick = (row: string[]) => ['birth_year', 'gender', 'death_date'].map((c) => row[header!.indexOf(c)]);
  expect(rows.map(pick)).toEqual([['2004', 'female', '2023-09-10']]);
}, 120_000);
