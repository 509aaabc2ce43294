/**
 * A research grant's age window follows the leap-day rule, as search does (stop 46; DOMAIN.md
 * "Age windows": "A 29 February birthday falls on 1 March in non-leap years unless configured
 * otherwise"). Search takes the rule per query (`leapDayRule: MARCH_1 | FEBRUARY_28`, MARCH_1
 * when none is named; the platform has no global setting); a grant's cohort definition now
 * names it the same way (`cohort.leapDayRule`, MARCH_1 when none is named). Until stop 46 every
 * grant's age window put the birthday on 1 March (research.ts sqlBirthday): an approval whose
 * protocol counts ages from 28 February could not be registered as approved, and its window
 * held the notes of the day before the birthday and left out those of the birthday.
 *
 * Source: helseforskningsloven § 33 (data only as the approval says: the age window approved is
 * the one applied), in researchCohort, the extract, the cohort's selection and a researcher's
 * search alike, and a note's `age` counts by the same rule as the window.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { insertQueuedNote, startPostgresTestStack, startTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID = makeSyntheticNationalId('2004-02-29', 464, true);

let env: TestStack;
let extractDir: string;

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

/** Notes of a child born 29 February 2004, around the 13th and the 15th birthday (2017, 2019: no 29 February). */
const NOTES: [string, string][] = [
  ['je-s46-leap-170228', '2017-02-28'], // 13 under FEBRUARY_28, 12 under MARCH_1
  ['je-s46-leap-170301', '2017-03-01'], // 13 under both
  ['je-s46-leap-180601', '2018-06-01'], // 14 under both
  ['je-s46-leap-190228', '2019-02-28'], // 15 under FEBRUARY_28, 14 under MARCH_1
  ['je-s46-leap-190301', '2019-03-01'], // 15 under both
];

/** The child, the notes (indexed) and the two grants on a stack. */
async function prepare(env: TestStack): Promise<void> {
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: 'pt-s46-leap', nationalId: NID, familyName: 'Moe', givenName: 'Mari', birthDate: '2004-02-29' },
  ]);
  for (const [id, day] of NOTES)
    await insertQueuedNote(db, {
      id,
      patientId: 'pt-s46-leap',
      writtenAt: `${day}T12:00:00+01:00`,
      // One word only in the note of 28 February 2017, for the search.
      text: `Eleven ble mobbet i friminuttet${day === '2017-02-28' ? ' og sparket' : ''}.`,
    });
  await env.stack.index();
  const archivist = await env.stack.token({
    sub: 'arkivar-s46l',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  for (const [id, rule] of [
    ['G-S46-MAR1', ''],
    ['G-S46-FEB28', ', leapDayRule: FEBRUARY_28'],
  ] as const) {
    const g = await gql(
      env.stack.gateway.url,
      `mutation { registerGrant(input: {
        id: "${id}", projectId: "P-S46-LEAP", title: "Stop 46 skuddår", rekNumber: "2025/4646",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s46l",
        cohort: { ageFrom: 13, ageTo: 14${rule} },
        variables: [JOURNAL_WRITTEN_AT, JOURNAL_AGE, JOURNAL_TEXT],
        datePrecision: EXACT, freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
        expiresAt: "${expiresAt()}" }) { id cohortSize } }`,
      { token: archivist },
    );
    expect(g.body.errors).toBeUndefined();
    expect(g.body.data.registerGrant.cohortSize).toBe(1);
  }
}

beforeAll(async () => {
  extractDir = mkdtempSync(join(tmpdir(), 'hs-research-s46-leap-'));
  env = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir } });
  await prepare(env);
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

const researcher = (grant: string, on: TestStack = env) =>
  on.stack.token({ sub: 'forsker-s46l', role: 'researcher', purpose: 'RESEARCH', grant });

async function cohortNotes(grant: string): Promise<{ writtenAt: string; age: number }[]> {
  const r = await gql(
    env.stack.gateway.url,
    '{ researchCohort { subjects { journal { totalCount entries { writtenAt age } } } } }',
    { token: await researcher(grant) },
  );
  expect(r.body.errors).toBeUndefined();
  const [s] = r.body.data.researchCohort.subjects;
  expect(s.journal.totalCount).toBe(s.journal.entries.length);
  return s.journal.entries;
}

async function extractNotes(grant: string): Promise<string[][]> {
  const x = await gql(env.stack.gateway.url, `mutation { extract(grantId: "${grant}") { directory } }`, {
    token: await researcher(grant),
  });
  expect(x.body.errors).toBeUndefined();
  const [header, ...rows] = readFileSync(
    join(extractDir, x.body.data.extract.directory.split('/').pop(), 'journal.csv'),
    'utf8',
  )
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const at = header!.indexOf('written_at');
  const age = header!.indexOf('age');
  return rows.map((r) => [r[at]!, r[age]!]);
}

const search = async (grant: string, query: string, on: TestStack = env) => {
  const r = await gql(
    on.stack.gateway.url,
    `{ search(query: ${JSON.stringify(query)}, expand: false, kinds: ["journal_entry"]) { total } }`,
    { token: await researcher(grant, on) },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.search.total as number;
};

describe('helseforskningsloven § 33: a research grant’s age window follows its leap-day rule (DOMAIN.md: 1 March unless configured otherwise)', () => {
  test('MARCH_1, the default: a child born 29 February is 13 from 1 March 2017 and 15 from 1 March 2019', async () => {
    const want = [
      { writtenAt: '2017-03-01', age: 13 },
      { writtenAt: '2018-06-01', age: 14 },
      { writtenAt: '2019-02-28', age: 14 },
    ];
    expect(await cohortNotes('G-S46-MAR1')).toEqual(want);
    expect(await extractNotes('G-S46-MAR1')).toEqual(want.map((n) => [n.writtenAt, String(n.age)]));
    expect(await search('G-S46-MAR1', 'mobbet')).toBe(3);
    expect(await search('G-S46-MAR1', 'sparket')).toBe(0);
  }, 120_000);

  test('FEBRUARY_28, named by the grant: 13 from 28 February 2017 and 15 from 28 February 2019, in researchCohort, the extract and search', async () => {
    const want = [
      { writtenAt: '2017-02-28', age: 13 },
      { writtenAt: '2017-03-01', age: 13 },
      { writtenAt: '2018-06-01', age: 14 },
    ];
    expect(await cohortNotes('G-S46-FEB28')).toEqual(want);
    expect(await extractNotes('G-S46-FEB28')).toEqual(want.map((n) => [n.writtenAt, String(n.age)]));
    expect(await search('G-S46-FEB28', 'mobbet')).toBe(3);
    expect(await search('G-S46-FEB28', 'sparket')).toBe(1);
  }, 120_000);

  test('the rule is part of the approved cohort: shown on the grant and kept by an amendment that changes another condition', async () => {
    const archivist = await env.stack.token({
      sub: 'arkivar-s46l',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const shown = await gql(
      env.stack.gateway.url,
      '{ grant(id: "G-S46-FEB28") { cohort { ageFrom ageTo leapDayRule } } }',
      { token: archivist },
    );
    expect(shown.body.errors).toBeUndefined();
    expect(shown.body.data.grant.cohort).toEqual({ ageFrom: 13, ageTo: 14, leapDayRule: 'FEBRUARY_28' });
    const kept = await gql(
      env.stack.gateway.url,
      `mutation { amendGrant(id: "G-S46-FEB28", input: { cohort: { ageTo: 15 } }, reason: "utvidet") {
         cohort { ageFrom ageTo leapDayRule } } }`,
      { token: archivist },
    );
    expect(kept.body.errors).toBeUndefined();
    expect(kept.body.data.amendGrant.cohort).toEqual({ ageFrom: 13, ageTo: 15, leapDayRule: 'FEBRUARY_28' });
    expect((await cohortNotes('G-S46-FEB28')).map((n) => n.writtenAt)).toEqual([
      '2017-02-28',
      '2017-03-01',
      '2018-06-01',
      '2019-02-28',
      '2019-03-01',
    ]);
  }, 120_000);
});

describe('helseforskningsloven § 33: a researcher’s search over the cohort on Elasticsearch follows the grant’s leap-day rule too', () => {
  let es: TestStack;
  beforeAll(async () => {
    es = await startTestStack();
    await prepare(es);
  }, 180_000);
  afterAll(async () => {
    await es?.stop();
  });

  test('MARCH_1 counts the notes from 1 March 2017 to 28 February 2019, FEBRUARY_28 from 28 February 2017', async () => {
    expect(await search('G-S46-MAR1', 'mobbet', es)).toBe(3);
    expect(await search('G-S46-MAR1', 'sparket', es)).toBe(0);
    expect(await search('G-S46-FEB28', 'mobbet', es)).toBe(3);
    expect(await search('G-S46-FEB28', 'sparket', es)).toBe(1);
  }, 120_000);
});
