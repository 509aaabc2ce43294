/**
 * Fix FX8 (review of stop 46): an amendment got round "joining another approval is explicit"
 * (lib/policy/grant-store.ts checkPseudonymScope). The approval rule was checked at registration
 * only: a grant registered into a project under that project's REK number, then amended to another
 * REK number or dispensation, was stored without joinProject, and the project's pseudonym scope held
 * two approvals sharing pseudonyms without anyone saying so. Now an amendment that changes the
 * rekNumber or dispensationRef in a scope where another grant has another approval is refused unless
 * joinProject: true, through the GraphQL API and the command line alike.
 *
 * Sources: personopplysningsloven art. 89 (1) and GDPR art. 4 (5) (pseudonymisation); helseforskningsloven
 * § 33 and § 35 (data for research only as the approval says, to the project it names).
 */
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

const NID_1 = makeSyntheticNationalId('2003-03-10', 801, true);
const NID_2 = makeSyntheticNationalId('2003-09-20', 802, false);

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-fx8-'));
  env = await startPostgresTestStack({});
  {
    const tdb = env.tdb;
    await insertPatients(tdb.db, [
      { id: 'pt-fx8-1', nationalId: NID_1, familyName: 'Moe', givenName: 'Mari', birthDate: '2003-03-10' },
      { id: 'pt-fx8-2', nationalId: NID_2, familyName: 'Lie', givenName: 'Per', birthDate: '2003-09-20' },
    ]);
    let n = 0;
    for (const pt of ['pt-fx8-1', 'pt-fx8-2'])
      await insertQueuedNote(tdb.db, {
        id: `je-fx8-${++n}`,
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
  env.stack.token({ sub: 'arkivar-fx8', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

const grantJson = (id: string, projectId: string, over: Record<string, unknown> = {}) => ({
  id,
  projectId,
  title: 'FX8',
  rekNumber: '2025/800',
  legalBasis: 'helseforskningsloven § 33',
  responsibleResearcher: 'forsker-fx8',
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

const storedVersions = async (id: string) =>
  Number(
    (
      await env.tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM policy.research_grant WHERE id = $1', [
        id,
      ])
    ).rows[0]!.n,
  );

describe('personopplysningsloven art. 89 (1), GDPR art. 4 (5), helseforskningsloven §§ 33, 35: an amendment to another approval joins the project explicitly', () => {
  test('amendGrant to another rekNumber or dispensationRef in a project whose other grant has another approval is BAD_USER_INPUT unless joinProject: true; nothing is stored', async () => {
    expect((await register(grantJson('G-FX8-A', 'P-FX8'))).body.errors).toBeUndefined();
    // Registered under the project's own approval: no joinProject needed.
    expect((await register(grantJson('G-FX8-B', 'P-FX8'))).body.errors).toBeUndefined();
    // Amended to another REK number: refused, nothing written.
    const rek = await amend('G-FX8-B', { rekNumber: 'REK 2099/9' });
    expect(rek.body.data?.amendGrant ?? null).toBeNull();
    expect(rek.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(rek.body.errors?.[0]?.message).toContain(
      'grant G-FX8-B: pseudonym scope project:p-fx8 holds grant G-FX8-A of another approval (rekNumber 2025/800, dispensationRef none)',
    );
    expect(rek.body.errors?.[0]?.message).toContain('helseforskningsloven §§ 33, 35');
    expect(rek.body.errors?.[0]?.message).toContain('joinProject: true');
    // A dispensation beside the same REK number is another approval too.
    const disp = await amend('G-FX8-B', { dispensationRef: '25/8' });
    expect(disp.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(disp.body.errors?.[0]?.message).toContain('joinProject: true');
    expect(await storedVersions('G-FX8-B')).toBe(1);
    // An amendment that keeps the approval needs no joinProject.
    const title = await amend('G-FX8-B', { title: 'FX8 ny tittel' });
    expect(title.body.errors).toBeUndefined();
    expect(title.body.data.amendGrant).toEqual({ version: 2 });
    // Said explicitly: the amendment is stored, and the answer says with whom it shares pseudonyms.
    const joined = await amend(
      'G-FX8-B',
      { rekNumber: 'REK 2099/9', joinProject: true },
      'version rekNumber pseudonymScope pseudonymScopeGrants',
    );
    expect(joined.body.errors).toBeUndefined();
    expect(joined.body.data.amendGrant).toEqual({
      version: 3,
      rekNumber: 'REK 2099/9',
      pseudonymScope: 'project:p-fx8',
      pseudonymScopeGrants: ['G-FX8-A', 'G-FX8-B'],
    });
  }, 120_000);

  test('a grant alone in its project changes its REK number without joinProject (no other approval shares its pseudonyms)', async () => {
    expect((await register(grantJson('G-FX8-SOLO', 'P-FX8-SOLO'))).body.errors).toBeUndefined();
    const r = await amend('G-FX8-SOLO', { rekNumber: 'REK 2099/10' }, 'version rekNumber');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.amendGrant).toEqual({ version: 2, rekNumber: 'REK 2099/10' });
  }, 120_000);

  test('the command line amend refuses another approval without "joinProject": true and stores it with', async () => {
    expect((await register(grantJson('G-FX8-CLI-A', 'P-FX8-CLI'))).body.errors).toBeUndefined();
    expect((await register(grantJson('G-FX8-CLI', 'P-FX8-CLI'))).body.errors).toBeUndefined();
    const file = join(dir, 'amend.json');
    writeFileSync(file, JSON.stringify({ dispensationRef: '25/9' }));
    const refused = await cli('grant', 'amend', 'G-FX8-CLI', file, '--reason', 'REK endring');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'grant G-FX8-CLI: pseudonym scope project:p-fx8-cli holds grant G-FX8-CLI-A of another approval',
    );
    expect(refused.stderr).toContain('of another approval');
    expect(refused.stderr).toContain('joinProject: true');
    expect(await storedVersions('G-FX8-CLI')).toBe(1);
    writeFileSync(file, JSON.stringify({ dispensationRef: '25/9', joinProject: true }));
    const ok = await cli('grant', 'amend', 'G-FX8-CLI', file, '--reason', 'REK endring');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({
      id: 'G-FX8-CLI',
      version: 2,
      dispensation_ref: '25/9',
      pseudonym_scope: 'project:p-fx8-cli',
      pseudonym_scope_grants: ['G-FX8-CLI', 'G-FX8-CLI-A'],
    });
    writeFileSync(file, JSON.stringify({ title: 'x', joinProject: 'ja' }));
    const bad = await cli('grant', 'amend', 'G-FX8-CLI', file, '--reason', 'REK endring');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('joinProject must be true or false');
  }, 120_000);
});
