/**
 * Research pseudonyms are stable within a project and unlinkable across projects (stop 46;
 * DOMAIN.md "Research"), on real PostgreSQL through the gateway and in the extract's files.
 *
 * Sources: personopplysningsloven art. 89 (1) and GDPR art. 4 (5) (pseudonymisation: the data
 * can no longer be attributed to the person without additional information kept apart, the
 * key); helseforskningsloven § 33 and § 35 (data for research only as the approval says, to the
 * project it names). A project may hold several grants (a REK approval and a later one for
 * another source, a renewed approval after expiry): until stop 46 the pseudonym was
 * HMAC(key, grant id, person), so the same person had one pseudonym per grant and the project
 * could not link its own extracts. Now HMAC(key, 'pseudonym', pseudonym scope, person): the
 * scope of a new grant is its project (trimmed, case-folded), an amendment keeps its grant's,
 * and a grant registered before policy migration 011 keeps its grant id as its scope, so the
 * pseudonyms it has delivered do not change.
 *
 * What stays per grant (lib/policy/README.md "Research grants", "Pseudonym scope"): the sealed
 * search cursor (it carries a backend position within one grant's cohort) and the query budget
 * (pooled by cohort, not by project).
 */
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { migrate } from '../lib/migrate';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_1 = makeSyntheticNationalId('2004-03-10', 461, true);
const NID_2 = makeSyntheticNationalId('2004-09-20', 462, false);
const NID_3 = makeSyntheticNationalId('2005-05-05', 463, true);

let env: TestStack;
let extractDir: string;
let key: string;

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

/** The pseudonym as research.ts makes it, written out here as the specification: 'P-' + 16 base32 of HMAC-SHA256. */
function hmacPseudonym(parts: string[]): string {
  const b = createHmac('sha256', key).update(parts.join('\u0000')).digest();
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[b[i]! & 31];
  return `P-${out}`;
}

beforeAll(async () => {
  extractDir = mkdtempSync(join(tmpdir(), 'hs-research-s46-'));
  env = await startPostgresTestStack(
    { research: { ...testConfig({}).research, extractDir } },
    // A grant registered before policy migration 011, as the code of the time wrote it (its
    // extracts delivered under pseudonyms of its grant id): the stack then starts on it and
    // applies 011 as a deployment does.
    async (tdb) => {
      const migrations = mkdtempSync(join(tmpdir(), 'hs-s46-mig-'));
      try {
        const real = join(__dirname, '..', 'lib', 'policy', 'migrations');
        for (const f of readdirSync(real).filter((f) => f < '011'))
          copyFileSync(join(real, f), join(migrations, f));
        await migrate(tdb.db, 'policy', migrations);
        await migrate(tdb.db, 'journal', join(__dirname, '..', 'subgraphs', 'journal', 'migrations'));
      } finally {
        rmSync(migrations, { recursive: true, force: true });
      }
      const db = tdb.db;
      await insertPatients(db, [
        { id: 'pt-s46-1', nationalId: NID_1, familyName: 'Moe', givenName: 'Mari', birthDate: '2004-03-10' },
        { id: 'pt-s46-2', nationalId: NID_2, familyName: 'Lie', givenName: 'Per', birthDate: '2004-09-20' },
        { id: 'pt-s46-3', nationalId: NID_3, familyName: 'Dahl', givenName: 'Siri', birthDate: '2005-05-05' },
      ]);
      let n = 0;
      for (const pt of ['pt-s46-1', 'pt-s46-2', 'pt-s46-3'])
        for (const day of ['2020-03-02', '2020-04-06'])
          await insertQueuedNote(db, {
            id: `je-s46-${++n}`,
            patientId: pt,
            writtenAt: `${day}T10:00:00+01:00`,
            text: 'Eleven forteller at hun ble mobbet i friminuttet.',
          });
      await db.query(
        `INSERT INTO policy.research_grant (id, version, project_id, title, rek_number, legal_basis,
           responsible_researcher, researchers, cohort, variables, date_precision, free_text, output_level,
           expires_at, registered_by)
         VALUES ('G-S46-OLD', 1, 'P-S46-NEW', 'Eldre godkjenning', '2024/46', 'helseforskningsloven § 33',
           'forsker-s46', '{forsker-s46}', '{"bornFrom":"2004-01-01","bornTo":"2004-12-31"}', '{PERSON_BIRTH_YEAR}',
           'EXACT', false, 'PSEUDONYMISED_RECORDS', now() + interval '30 days', 'arkivar-s46')`,
      );
      await db.query(`INSERT INTO policy.grant_query_use (grant_id) VALUES ('G-S46-OLD')`);
      await db.query(
        `INSERT INTO policy.grant_cohort (grant_id, version, person_key, patient_ids, national_ids, matched_ids)
         VALUES ('G-S46-OLD', 1, $1, '{pt-s46-1}', ARRAY[$1], '{pt-s46-1}'),
                ('G-S46-OLD', 1, $2, '{pt-s46-2}', ARRAY[$2], '{pt-s46-2}')`,
        [NID_1, NID_2],
      );
    },
  );
  key = env.config.research.pseudonymKey;
  await env.stack.index();
  const archivist = await archivistToken();
  const register = async (id: string, projectId: string, extra = '') => {
    const r = await gql(
      env.stack.gateway.url,
      `mutation { registerGrant(input: {
        id: "${id}", projectId: ${JSON.stringify(projectId)}, title: "Stop 46", rekNumber: "2025/46",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s46",
        cohort: { bornFrom: "${extra.includes('2005') ? '2005' : '2004'}-01-01", bornTo: "${extra.includes('2005') ? '2005' : '2004'}-12-31" },
        variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_TEXT],
        datePrecision: ${extra.includes('SHIFTED') ? 'SHIFTED' : 'EXACT'}, freeText: true,
        outputLevel: ${extra.includes('AGGREGATE') ? 'AGGREGATE, queryBudget: 1' : 'PSEUDONYMISED_RECORDS'},
        expiresAt: "${expiresAt()}" }) { id } }`,
      { token: archivist },
    );
    expect(r.body.errors).toBeUndefined();
  };
  // Two grants of one project (the second's project id written with other case and spaces), one of another.
  await register('G-S46-A', 'P-S46-NEW');
  await register('G-S46-B', '  p-s46-new ');
  await register('G-S46-C', 'P-S46-OTHER');
  // Two SHIFTED grants of one project: a project of its own, since a project holds one date
  // precision (fix FX6, grant-store.ts checkPseudonymScope: beside P-S46-NEW's EXACT grants one
  // pseudonym would carry a note's true and shifted dates).
  await register('G-S46-SH1', 'P-S46-SHIFTED', 'SHIFTED');
  await register('G-S46-SH2', 'P-S46-SHIFTED', 'SHIFTED');
  // Two aggregate-only grants of one project over different persons (born 2004, born 2005).
  await register('G-S46-AGG1', 'P-S46-NEW', 'AGGREGATE');
  await register('G-S46-AGG2', 'P-S46-NEW', 'AGGREGATE 2005');
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

const archivistToken = () =>
  env.stack.token({ sub: 'arkivar-s46', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
const researcher = (grant: string) =>
  env.stack.token({ sub: 'forsker-s46', role: 'researcher', purpose: 'RESEARCH', grant });

/** researchCohort's pseudonyms under a grant, sorted. */
async function cohortPseudonyms(grant: string): Promise<string[]> {
  const r = await gql(env.stack.gateway.url, '{ researchCohort { subjects { pseudonym } } }', {
    token: await researcher(grant),
  });
  expect(r.body.errors).toBeUndefined();
  return (r.body.data.researchCohort.subjects as { pseudonym: string }[]).map((s) => s.pseudonym).sort();
}

/** The pseudonyms of an extract's persons.csv under a grant, sorted. */
async function extractPseudonyms(grant: string): Promise<string[]> {
  const x = await gql(env.stack.gateway.url, `mutation { extract(grantId: "${grant}") { directory } }`, {
    token: await researcher(grant),
  });
  expect(x.body.errors).toBeUndefined();
  const dir = join(extractDir, x.body.data.extract.directory.split('/').pop());
  const [header, ...rows] = readFileSync(join(dir, 'persons.csv'), 'utf8').trim().split('\n');
  expect(header!.split(',')[0]).toBe('pseudonym');
  return rows.map((row) => row.split(',')[0]!).sort();
}

describe('personopplysningsloven art. 89 (1), GDPR art. 4 (5), helseforskningsloven §§ 33, 35: pseudonyms are stable within a project and unlinkable across projects', () => {
  test('two grants of one project give a person the same pseudonym, in researchCohort and in the extract', async () => {
    const a = await cohortPseudonyms('G-S46-A');
    const b = await cohortPseudonyms('G-S46-B');
    expect(a).toHaveLength(2);
    // Before stop 46 each grant keyed its own: the project could not link its two extracts.
    expect(b).toEqual(a);
    expect(a).toEqual(
      [NID_1, NID_2].map((nid) => hmacPseudonym(['pseudonym', 'project:p-s46-new', nid])).sort(),
    );
    expect(await extractPseudonyms('G-S46-A')).toEqual(a);
    expect(await extractPseudonyms('G-S46-B')).toEqual(a);
  }, 120_000);

  test('grants of two projects never give a person the same pseudonym, in researchCohort and in the extract', async () => {
    const a = await cohortPseudonyms('G-S46-A');
    const c = await cohortPseudonyms('G-S46-C');
    expect(c).toHaveLength(2);
    expect(c.filter((p) => a.includes(p))).toEqual([]);
    const xc = await extractPseudonyms('G-S46-C');
    expect(xc).toEqual(c);
    expect(xc.filter((p) => a.includes(p))).toEqual([]);
  }, 120_000);

  test('a SHIFTED grant’s date shift is keyed like the pseudonym: one shift for a person in every grant of the project', async () => {
    const shifted = async (grant: string) => {
      const r = await gql(
        env.stack.gateway.url,
        '{ researchCohort { subjects { pseudonym journal { entries { writtenAt } } } } }',
        { token: await researcher(grant) },
      );
      expect(r.body.errors).toBeUndefined();
      return (r.body.data.researchCohort.subjects as { pseudonym: string; journal: unknown }[])
        .map((s) => [s.pseudonym, s.journal] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1));
    };
    const one = await shifted('G-S46-SH1');
    expect(one).toHaveLength(2);
    // The dates are shifted (none is the note's own date).
    expect(JSON.stringify(one)).not.toMatch(/2020-03-02|2020-04-06/);
    // Before: each grant its own shift, one visit of one pseudonym on two dates.
    expect(await shifted('G-S46-SH2')).toEqual(one);
    // And in the extract's files: the same journal table (pseudonym, shifted date, text) from both.
    const journalCsv = async (grant: string) => {
      const x = await gql(env.stack.gateway.url, `mutation { extract(grantId: "${grant}") { directory } }`, {
        token: await researcher(grant),
      });
      expect(x.body.errors).toBeUndefined();
      return readFileSync(
        join(extractDir, x.body.data.extract.directory.split('/').pop(), 'journal.csv'),
        'utf8',
      );
    };
    const sh1 = await journalCsv('G-S46-SH1');
    expect(sh1.trim().split('\n')).toHaveLength(5);
    expect(await journalCsv('G-S46-SH2')).toBe(sh1);
  }, 120_000);

  test('an amendment keeps its grant’s scope, also when it names another project', async () => {
    const before = await cohortPseudonyms('G-S46-B');
    const r = await gql(
      env.stack.gateway.url,
      `mutation { amendGrant(id: "G-S46-B", input: { projectId: "P-S46-OTHER", title: "Stop 46, endret" },
         reason: "prosjektet fikk nytt nummer") { version } }`,
      { token: await archivistToken() },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.amendGrant.version).toBe(2);
    expect(await cohortPseudonyms('G-S46-B')).toEqual(before);
    expect(await extractPseudonyms('G-S46-B')).toEqual(before);
  }, 120_000);

  test('a grant registered before policy migration 011 keeps the pseudonyms it delivered (its grant id is its scope), also after an amendment', async () => {
    const legacy = [NID_1, NID_2].map((nid) => hmacPseudonym(['pseudonym', 'G-S46-OLD', nid])).sort();
    const scope = await env.tdb.db.query<{ pseudonym_scope: string }>(
      `SELECT pseudonym_scope FROM policy.research_grant WHERE id = 'G-S46-OLD'`,
    );
    expect(scope.rows).toEqual([{ pseudonym_scope: 'G-S46-OLD' }]);
    expect(await cohortPseudonyms('G-S46-OLD')).toEqual(legacy);
    expect(await extractPseudonyms('G-S46-OLD')).toEqual(legacy);
    const r = await gql(
      env.stack.gateway.url,
      `mutation { amendGrant(id: "G-S46-OLD", input: { title: "Eldre godkjenning, forlenget" }, reason: "forlenget") { version } }`,
      { token: await archivistToken() },
    );
    expect(r.body.errors).toBeUndefined();
    expect(await cohortPseudonyms('G-S46-OLD')).toEqual(legacy);
    // A grant registered since, of the same project, has the project's: not linked to the old one.
    const a = await cohortPseudonyms('G-S46-A');
    expect(a.filter((p) => legacy.includes(p))).toEqual([]);
  }, 120_000);
});

describe('personopplysningsloven art. 89 (1), GDPR art. 4 (5): a person keeps the project’s pseudonym in a later grant after a record with a fødselsnummer is linked to their D-number record', () => {
  test('a later grant of the project keys the person as the project’s earlier grant did', async () => {
    // The person key is the first national id, sorted, when a grant's first version is written
    // (grant-store.ts computeCohort): a fødselsnummer (0–3…) sorts before a D-number (4–7…). A grant
    // registered while the person had only the D-number record keys them by it; a grant of the same
    // project registered after a fødselsnummer record was linked keyed them by that, and gave the
    // same person another pseudonym within the project.
    const nidD = makeSyntheticNationalId('2006-05-06', 465, false, true);
    const nidF = makeSyntheticNationalId('2006-05-06', 466, false);
    expect(nidF < nidD).toBe(true);
    const db = env.tdb.db;
    await insertPatients(db, [
      { id: 'pt-s46-d', nationalId: nidD, familyName: 'Dahl', givenName: 'Didrik', birthDate: '2006-05-06' },
    ]);
    const archivist = await archivistToken();
    const register = async (id: string, projectId: string) => {
      const r = await gql(
        env.stack.gateway.url,
        `mutation { registerGrant(input: {
          id: "${id}", projectId: ${JSON.stringify(projectId)}, title: "Stop 46 D", rekNumber: "2025/465",
          legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s46",
          cohort: { bornFrom: "2006-01-01", bornTo: "2006-12-31" }, variables: [PERSON_BIRTH_YEAR],
          datePrecision: YEAR, freeText: false, outputLevel: PSEUDONYMISED_RECORDS,
          expiresAt: "${expiresAt()}" }) { id } }`,
        { token: archivist },
      );
      expect(r.body.errors).toBeUndefined();
    };
    await register('G-S46-D1', 'P-S46-D');
    const first = await cohortPseudonyms('G-S46-D1');
    expect(first).toEqual([hmacPseudonym(['pseudonym', 'project:p-s46-d', nidD])]);
    await insertPatients(db, [
      { id: 'pt-s46-f', nationalId: nidF, familyName: 'Dahl', givenName: 'Didrik', birthDate: '2006-05-06' },
    ]);
    const link = await gql(
      env.stack.gateway.url,
      `mutation { linkPatients(a: "pt-s46-d", b: "pt-s46-f", reason: "samme person") { id } }`,
      { token: archivist },
    );
    expect(link.body.errors).toBeUndefined();
    await register('G-S46-D2', 'p-s46-d');
    expect(await cohortPseudonyms('G-S46-D1')).toEqual(first);
    // Before: the fødselsnummer's pseudonym, another person to the project.
    expect(await cohortPseudonyms('G-S46-D2')).toEqual(first);
    expect(await extractPseudonyms('G-S46-D2')).toEqual(first);
    // A grant of another project keys the person afresh (nothing carries over between projects).
    await register('G-S46-D3', 'P-S46-D-OTHER');
    expect(await cohortPseudonyms('G-S46-D3')).toEqual([
      hmacPseudonym(['pseudonym', 'project:p-s46-d-other', nidF]),
    ]);
  }, 120_000);
});

describe('personopplysningsloven art. 89 (1): what stays per grant within a project', () => {
  test('a search cursor sealed under one grant does not open under another grant of the same project', async () => {
    const page = (grant: string, after?: string) =>
      researcher(grant).then((token) =>
        gql(
          env.stack.gateway.url,
          `{ search(query: "mobbet", expand: false, kinds: ["journal_entry"], first: 1${
            after ? `, after: ${JSON.stringify(after)}` : ''
          }) { total hits { kind } pageInfo { hasNextPage endCursor } } }`,
          { token },
        ),
      );
    const first = await page('G-S46-A');
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.search.pageInfo.hasNextPage).toBe(true);
    const cursor: string = first.body.data.search.pageInfo.endCursor;
    const own = await page('G-S46-A', cursor);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.search.hits).toHaveLength(1);
    const other = await page('G-S46-B', cursor);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.body.errors?.[0]?.message).toBe('invalid cursor');
  }, 120_000);

  test('two aggregate-only grants of one project over different persons do not share a query budget', async () => {
    const count = async (grant: string) =>
      gql(env.stack.gateway.url, '{ researchCohort { totalCount totalSuppressed } }', {
        token: await researcher(grant),
      });
    const one = await count('G-S46-AGG1');
    expect(one.body.errors).toBeUndefined();
    const two = await count('G-S46-AGG2');
    expect(two.body.errors).toBeUndefined();
    const used = await gql(
      env.stack.gateway.url,
      '{ a: grant(id: "G-S46-AGG1") { queriesUsed } b: grant(id: "G-S46-AGG2") { queriesUsed } }',
      { token: await archivistToken() },
    );
    expect(used.body.errors).toBeUndefined();
    expect(used.body.data).toEqual({ a: { queriesUsed: 1 }, b: { queriesUsed: 1 } });
    // Spent: each its own.
    const again = await count('G-S46-AGG1');
    expect(again.body.errors?.[0]?.message).toContain('the query budget of grant G-S46-AGG1 is spent');
  }, 120_000);
});
