/**
 * Research pseudonym scope per project: three defects a review of stop 46 found (fix FX6), on
 * real PostgreSQL through the gateway (and the command line).
 *
 * Sources: personopplysningsloven art. 89 (1) and GDPR art. 4 (5) (pseudonymisation: the data
 * can no longer be attributed to the person without additional information kept apart);
 * helseforskningsloven § 33 and § 35 (data for research only as the approval says, to the project
 * it names). The grants of one pseudonym scope (research.ts pseudonymScopeOf: the project) give a
 * person one pseudonym, so what one grant withholds the project's other grants must not give back:
 *
 * 1. A SHIFTED grant beside an EXACT one of the same project: one note under one pseudonym on its
 *    true date and on its shifted date gives the person's shift, and every SHIFTED date becomes
 *    exact. Registration and amendment now refuse a date precision that differs from the scope's
 *    other grants'.
 * 2. A registrar joined any project by typing its id: a grant of another approval (REK number,
 *    dispensation) now needs `joinProject: true` to join a scope whose grants have another; the
 *    grant shows its scope and the grants sharing it, and an amendment naming another project
 *    says which scope it keeps.
 * 3. After an unlink, a stored person's part without the stored key was keyed afresh by
 *    COHORT_TODAY_SQL (its first national id), while an amendment of the same grant keyed it
 *    through the project's keys: one grant, two pseudonyms for one person.
 */
import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gql } from '../dev/services';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const run = promisify(execFile);

let env: TestStack;
let dir: string;

const NID_1 = makeSyntheticNationalId('2003-03-10', 601, true);
const NID_2 = makeSyntheticNationalId('2003-09-20', 602, false);

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

function hmacPseudonym(parts: string[]): string {
  const b = createHmac('sha256', env.config.research.pseudonymKey).update(parts.join('\u0000')).digest();
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[b[i]! & 31];
  return `P-${out}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-fx6-'));
  env = await startPostgresTestStack({});
  {
    const tdb = env.tdb;
    await insertPatients(tdb.db, [
      { id: 'pt-fx6-1', nationalId: NID_1, familyName: 'Moe', givenName: 'Mari', birthDate: '2003-03-10' },
      { id: 'pt-fx6-2', nationalId: NID_2, familyName: 'Lie', givenName: 'Per', birthDate: '2003-09-20' },
    ]);
    let n = 0;
    for (const pt of ['pt-fx6-1', 'pt-fx6-2'])
      await insertQueuedNote(tdb.db, {
        id: `je-fx6-${++n}`,
        patientId: pt,
        writtenAt: '2020-03-02T10:00:00+01:00',
        text: 'Eleven forteller at hun ble mobbet i friminuttet.',
      });
  }
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const archivist = () =>
  env.stack.token({ sub: 'arkivar-fx6', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
const researcher = (grant: string) =>
  env.stack.token({ sub: 'forsker-fx6', role: 'researcher', purpose: 'RESEARCH', grant });

const grantJson = (id: string, projectId: string, over: Record<string, unknown> = {}) => ({
  id,
  projectId,
  title: 'FX6',
  rekNumber: '2025/600',
  legalBasis: 'helseforskningsloven § 33',
  responsibleResearcher: 'forsker-fx6',
  cohort: { bornFrom: '2003-01-01', bornTo: '2003-12-31' },
  variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
  datePrecision: 'EXACT',
  freeText: true,
  outputLevel: 'PSEUDONYMISED_RECORDS',
  expiresAt: expiresAt(),
  ...over,
});

async function register(input: Record<string, unknown>, fields = 'id') {
  return gql(
    env.stack.gateway.url,
    `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { ${fields} } }`,
    {
      token: await archivist(),
      variables: { i: input },
    },
  );
}

async function amend(id: string, input: Record<string, unknown>, fields = 'version') {
  return gql(
    env.stack.gateway.url,
    `mutation ($id: ID!, $i: AmendGrantInput!) { amendGrant(id: $id, input: $i, reason: "REK endring") { ${fields} } }`,
    { token: await archivist(), variables: { id, i: input } },
  );
}

async function cohortPseudonyms(grant: string): Promise<string[]> {
  const r = await gql(env.stack.gateway.url, '{ researchCohort { subjects { pseudonym } } }', {
    token: await researcher(grant),
  });
  expect(r.body.errors).toBeUndefined();
  return (r.body.data.researchCohort.subjects as { pseudonym: string }[]).map((s) => s.pseudonym).sort();
}

/** `npm run cli -- …` on the test database, as the archivist at the command line. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'warn' };
  delete e.ELASTICSEARCH_URL;
  try {
    const r = await run(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
      env: e,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const x = err as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('personopplysningsloven art. 89 (1), GDPR art. 4 (5), helseforskningsloven §§ 33, 35: one date precision per pseudonym scope', () => {
  test('a SHIFTED grant is refused in a project whose grant is EXACT (one pseudonym would carry the true and the shifted date of a note), and the other way round', async () => {
    const a = await register(grantJson('G-FX6-EX', 'P-FX6-PREC'));
    expect(a.body.errors).toBeUndefined();
    const b = await register(grantJson('G-FX6-SH', ' p-fx6-prec ', { datePrecision: 'SHIFTED' }));
    // Before: registered, and the same note came out of both grants under one pseudonym on two dates.
    expect(b.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(b.body.errors?.[0]?.message).toContain(
      'date precision SHIFTED differs from EXACT of grant G-FX6-EX in pseudonym scope project:p-fx6-prec',
    );
    expect(b.body.errors?.[0]?.message).toContain(
      'register it under its own project id, or at date precision EXACT',
    );
    const none = await env.tdb.db.query(`SELECT 1 FROM policy.research_grant WHERE id = 'G-FX6-SH'`);
    expect(none.rowCount).toBe(0);
    // Its own project: its own pseudonyms and shifts, nothing to link them to.
    const own = await register(grantJson('G-FX6-SH', 'P-FX6-PREC-SHIFTED', { datePrecision: 'SHIFTED' }));
    expect(own.body.errors).toBeUndefined();
    // At the project's precision: joins it.
    const same = await register(grantJson('G-FX6-EX2', 'P-FX6-PREC'));
    expect(same.body.errors).toBeUndefined();
    expect(await cohortPseudonyms('G-FX6-EX2')).toEqual(await cohortPseudonyms('G-FX6-EX'));
    // An amendment to another precision, while the project has another grant at EXACT: refused.
    const am = await amend('G-FX6-EX2', { datePrecision: 'SHIFTED' });
    expect(am.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(am.body.errors?.[0]?.message).toContain(
      'date precision SHIFTED differs from EXACT of grant G-FX6-EX in pseudonym scope project:p-fx6-prec',
    );
    // A SHIFTED project refuses an EXACT grant the same way (an exact date unshifts every other).
    const ex = await register(grantJson('G-FX6-EX3', 'P-FX6-PREC-SHIFTED'));
    expect(ex.body.errors?.[0]?.message).toContain(
      'date precision EXACT differs from SHIFTED of grant G-FX6-SH in pseudonym scope project:p-fx6-prec-shifted',
    );
    // An amendment that keeps the precision is not refused.
    expect((await amend('G-FX6-EX2', { title: 'FX6, endret' })).body.errors).toBeUndefined();
  }, 120_000);

  test('the command line refuses the same grant with the same words', async () => {
    const file = join(dir, 'shifted.json');
    writeFileSync(
      file,
      JSON.stringify(grantJson('G-FX6-CLI-SH', 'P-FX6-PREC', { datePrecision: 'SHIFTED' })),
    );
    const r = await cli('grant', 'register', file);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'date precision SHIFTED differs from EXACT of grants G-FX6-EX, G-FX6-EX2 in pseudonym scope project:p-fx6-prec',
    );
  }, 120_000);
});

describe('personopplysningsloven art. 89 (1), helseforskningsloven §§ 33, 35: joining a project of another approval is explicit', () => {
  test('a grant of another REK number or dispensation is refused in the project unless joinProject: true, and the grant shows its scope and who shares it', async () => {
    const a = await register(grantJson('G-FX6-J1', 'P-FX6-JOIN'), 'id pseudonymScope pseudonymScopeGrants');
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data.registerGrant).toEqual({
      id: 'G-FX6-J1',
      pseudonymScope: 'project:p-fx6-join',
      pseudonymScopeGrants: ['G-FX6-J1'],
    });
    // The same approval needs no joinProject.
    expect((await register(grantJson('G-FX6-J3', 'p-fx6-join'))).body.errors).toBeUndefined();
    // Another REK number typed into the project id: refused, nothing written.
    const other = await register(grantJson('G-FX6-J2', 'P-FX6-JOIN', { rekNumber: '2025/777' }));
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.body.errors?.[0]?.message).toContain(
      'pseudonym scope project:p-fx6-join holds grant G-FX6-J1 of another approval (rekNumber 2025/600, dispensationRef none), grant G-FX6-J3 of another approval',
    );
    expect(other.body.errors?.[0]?.message).toContain('joinProject: true');
    // A dispensation beside the same REK number is another approval too.
    const disp = await register(grantJson('G-FX6-J2', 'P-FX6-JOIN', { dispensationRef: '25/1' }));
    expect(disp.body.errors?.[0]?.message).toContain('joinProject: true');
    expect(
      (await env.tdb.db.query(`SELECT 1 FROM policy.research_grant WHERE id = 'G-FX6-J2'`)).rowCount,
    ).toBe(0);
    // Said explicitly: joins, and the answer says with whom.
    const joined = await register(
      { ...grantJson('G-FX6-J2', 'P-FX6-JOIN', { rekNumber: '2025/777' }), joinProject: true },
      'id pseudonymScope pseudonymScopeGrants',
    );
    expect(joined.body.errors).toBeUndefined();
    expect(joined.body.data.registerGrant).toEqual({
      id: 'G-FX6-J2',
      pseudonymScope: 'project:p-fx6-join',
      pseudonymScopeGrants: ['G-FX6-J1', 'G-FX6-J2', 'G-FX6-J3'],
    });
    expect(await cohortPseudonyms('G-FX6-J2')).toEqual(await cohortPseudonyms('G-FX6-J1'));
    // The project now holds two approvals: any grant joining it says so, also one of the first.
    const fourth = await register(grantJson('G-FX6-J4', 'P-FX6-JOIN'));
    expect(fourth.body.errors?.[0]?.message).toContain(
      'grant G-FX6-J2 of another approval (rekNumber 2025/777, dispensationRef none)',
    );
    // Read back: the grant type says it too.
    const read = await gql(
      env.stack.gateway.url,
      '{ grant(id: "G-FX6-J1") { pseudonymScope pseudonymScopeGrants pseudonymScopeNote } }',
      {
        token: await archivist(),
      },
    );
    expect(read.body.data.grant).toEqual({
      pseudonymScope: 'project:p-fx6-join',
      pseudonymScopeGrants: ['G-FX6-J1', 'G-FX6-J2', 'G-FX6-J3'],
      pseudonymScopeNote: null,
    });
  }, 120_000);

  test('an amendment that names another project says which pseudonym scope the grant keeps', async () => {
    const r = await amend(
      'G-FX6-J3',
      { projectId: 'P-FX6-ELSEWHERE' },
      'version projectId pseudonymScope pseudonymScopeNote',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.amendGrant).toMatchObject({
      version: 2,
      projectId: 'P-FX6-ELSEWHERE',
      pseudonymScope: 'project:p-fx6-join',
    });
    expect(r.body.data.amendGrant.pseudonymScopeNote).toBe(
      'grant G-FX6-J3 keeps pseudonym scope project:p-fx6-join of its first version: project id P-FX6-ELSEWHERE does not re-key what the grant has delivered; register a new grant to work under project:p-fx6-elsewhere',
    );
  }, 120_000);

  test('the command line refuses another approval without "joinProject": true and registers it with', async () => {
    const file = join(dir, 'join.json');
    writeFileSync(file, JSON.stringify(grantJson('G-FX6-CLI-J', 'P-FX6-JOIN', { dispensationRef: '25/9' })));
    const refused = await cli('grant', 'register', file);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('of another approval');
    writeFileSync(
      file,
      JSON.stringify({
        ...grantJson('G-FX6-CLI-J', 'P-FX6-JOIN', { dispensationRef: '25/9' }),
        joinProject: true,
      }),
    );
    const ok = await cli('grant', 'register', file);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({
      id: 'G-FX6-CLI-J',
      pseudonym_scope: 'project:p-fx6-join',
      pseudonym_scope_grants: ['G-FX6-CLI-J', 'G-FX6-J1', 'G-FX6-J2', 'G-FX6-J3'],
    });
  }, 120_000);
});

describe('personopplysningsloven art. 89 (1), GDPR art. 4 (5): after an unlink one grant gives a person one pseudonym, today and in its next version', () => {
  test('a person split from a wrongly linked one keeps the project’s key in COHORT_TODAY_SQL as in an amendment', async () => {
    const db = env.tdb.db;
    // X: a fødselsnummer NX. V: a D-number DV first, a fødselsnummer FV later (FV sorts before DV;
    // NX before DV, so the merged person takes NX).
    const NX = makeSyntheticNationalId('2007-02-03', 611, true);
    const DV = makeSyntheticNationalId('2007-06-07', 612, false, true);
    const FV = makeSyntheticNationalId('2007-06-07', 613, false);
    expect(FV < DV && NX < DV).toBe(true);
    await insertPatients(db, [
      { id: 'pt-fx6-x', nationalId: NX, familyName: 'Xu', givenName: 'Xenia', birthDate: '2007-02-03' },
      { id: 'pt-fx6-v', nationalId: DV, familyName: 'Vik', givenName: 'Vegard', birthDate: '2007-06-07' },
    ]);
    const g = (id: string) =>
      grantJson(id, 'P-FX6-UNLINK', {
        cohort: { bornFrom: '2007-01-01', bornTo: '2007-12-31' },
        variables: ['PERSON_BIRTH_YEAR'],
        freeText: false,
      });
    expect((await register(g('G-FX6-UA'))).body.errors).toBeUndefined();
    const ps = (k: string) => hmacPseudonym(['pseudonym', 'project:p-fx6-unlink', k]);
    expect(await cohortPseudonyms('G-FX6-UA')).toEqual([ps(NX), ps(DV)].sort());
    await insertPatients(db, [
      { id: 'pt-fx6-fv', nationalId: FV, familyName: 'Vik', givenName: 'Vegard', birthDate: '2007-06-07' },
    ]);
    const link = async (a: string, b: string, verb: 'linkPatients' | 'unlinkPatients') => {
      const r = await gql(
        env.stack.gateway.url,
        `mutation { ${verb}(a: "${a}", b: "${b}", reason: "arkivar fx6") { id } }`,
        {
          token: await archivist(),
        },
      );
      expect(r.body.errors).toBeUndefined();
    };
    await link('pt-fx6-v', 'pt-fx6-fv', 'linkPatients');
    await link('pt-fx6-x', 'pt-fx6-v', 'linkPatients'); // wrong
    expect((await register(g('G-FX6-UB'))).body.errors).toBeUndefined();
    expect(await cohortPseudonyms('G-FX6-UB')).toEqual([ps(NX)]);
    await link('pt-fx6-x', 'pt-fx6-v', 'unlinkPatients');
    // Grant A has them as it keyed them.
    expect(await cohortPseudonyms('G-FX6-UA')).toEqual([ps(NX), ps(DV)].sort());
    // Before: B today gave V the fødselsnummer's pseudonym, another person to the project and to B v2.
    expect(await cohortPseudonyms('G-FX6-UB')).toEqual([ps(NX), ps(DV)].sort());
    expect((await amend('G-FX6-UB', { title: 'FX6 B v2' })).body.errors).toBeUndefined();
    expect(await cohortPseudonyms('G-FX6-UB')).toEqual([ps(NX), ps(DV)].sort());
  }, 120_000);
});
