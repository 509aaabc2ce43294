/**
 * Task s47, defect 3: `ResearchGrant.pseudonymScopeGrants` (the grants sharing the grant's
 * pseudonym scope, fix FX6) showed a researcher the ids of the other grants of their own project:
 * other approvals, other cohorts and researchers, whose pseudonyms link with theirs. Which grants
 * share a scope is the registrar's to know (helseforskningsloven §§ 33 and 35: data only as the
 * approval says, to the project it names; personopplysningsloven art. 89 (1), GDPR art. 4 (5): what
 * links pseudonyms is kept apart from those who hold them). Only a role that registers grants
 * (ACTIONS.registerGrant: archivist on ARCHIVE_ADMINISTRATION) reads it; anyone else gets null in
 * the field and a FORBIDDEN error that says why, the rest of the grant answered, the attempt
 * logged as denied (as every other refused field of this codebase: lib/policy/enforce.ts).
 * Real PostgreSQL through the gateway.
 */
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

let env: TestStack;
const NID = makeSyntheticNationalId('2004-04-14', 471, true);
const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

const archivist = () =>
  env.stack.token({ sub: 'arkivar-s47r', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
const researcher = (grant: string) =>
  env.stack.token({ sub: 'forsker-s47r', role: 'researcher', purpose: 'RESEARCH', grant });

const grantJson = (id: string) => ({
  id,
  projectId: 'P-S47-SCOPE',
  title: 'S47',
  rekNumber: '2026/471',
  legalBasis: 'helseforskningsloven § 33',
  responsibleResearcher: 'forsker-s47r',
  cohort: { bornFrom: '2004-01-01', bornTo: '2004-12-31' },
  variables: ['PERSON_BIRTH_YEAR'],
  datePrecision: 'EXACT',
  freeText: false,
  outputLevel: 'PSEUDONYMISED_RECORDS',
  expiresAt: expiresAt(),
});

beforeAll(async () => {
  env = await startPostgresTestStack({});
  await insertPatients(env.tdb.db, [
    { id: 'pt-s47r-1', nationalId: NID, familyName: 'Moe', givenName: 'Mia', birthDate: '2004-04-14' },
  ]);
  for (const id of ['G-S47-R1', 'G-S47-R2']) {
    const r = await gql(
      env.stack.gateway.url,
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      {
        token: await archivist(),
        variables: { i: grantJson(id) },
      },
    );
    expect(r.body.errors).toBeUndefined();
  }
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const READ = '{ grant(id: "G-S47-R1") { id pseudonymScope pseudonymScopeGrants } }';

test('helseforskningsloven §§ 33 and 35, personopplysningsloven art. 89 (1): a researcher is not shown the other grant ids of their project (pseudonymScopeGrants null, FORBIDDEN naming who may see it, logged as denied); the archivist who registers grants is', async () => {
  const r = await gql(env.stack.gateway.url, READ, { token: await researcher('G-S47-R1') });
  expect(JSON.stringify(r.body)).not.toContain('G-S47-R2');
  expect(r.body.data.grant).toEqual({
    id: 'G-S47-R1',
    pseudonymScope: 'project:p-s47-scope',
    pseudonymScopeGrants: null,
  });
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors?.[0]).toMatchObject({
    path: ['grant', 'pseudonymScopeGrants'],
    extensions: { code: 'FORBIDDEN' },
  });
  expect(r.body.errors?.[0]?.message).toContain('needs role archivist');
  const denied = await env.tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit.access_log
      WHERE user_id = 'forsker-s47r' AND outcome = 'denied' AND rule LIKE '%pseudonymScopeGrants%'`,
  );
  expect(denied.rows[0]!.n).toBe(1);
  const a = await gql(env.stack.gateway.url, READ, { token: await archivist() });
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data.grant.pseudonymScopeGrants).toEqual(['G-S47-R1', 'G-S47-R2']);
});
