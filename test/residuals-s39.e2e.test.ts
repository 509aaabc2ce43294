/**
 * Residuals of the s39 reviews, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend). Each test FAILED on the code before its fix, for the reason its name gives
 * in parentheses.
 */
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_A = makeSyntheticNationalId('1982-04-11', 394, true);
const PT_A = 'pt-res39-a';

let env: TestStack;
let archivist: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    { id: PT_A, nationalId: NID_A, familyName: 'Aune', givenName: 'Arne', birthDate: '1982-04-11' },
  ]);
  archivist = await env.stack.token({
    sub: 'arkivar-res39',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
}, 120_000);
afterAll(async () => env?.stop());

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(env.stack.gateway.url, query, { token, variables });

describe('registerMatter', () => {
  test("a patientIds entry that is no patient record of the journal is BAD_USER_INPUT naming the unknown id, and nothing is registered (an archivist's typo registered a matter that reached nobody)", async () => {
    const m = `mutation ($i: RegisterMatterInput!) { registerMatter(input: $i) { id patientIds } }`;
    const input = {
      id: 'M-res39-typo',
      title: 'Erstatningssak',
      purpose: 'LEGAL_PROCEEDINGS',
      patientIds: [PT_A, 'pt-res39-aa'],
      members: ['jurist-res39'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const refused = await call(archivist, m, { i: input });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.message).toMatch(/patientIds.*"pt-res39-aa"/);
    expect(refused.body.errors?.[0]?.message).not.toMatch(new RegExp(`"${PT_A}"`));
    const stored = await env.tdb.db.query(
      `SELECT (SELECT count(*) FROM policy.matter WHERE id = $1) + (SELECT count(*) FROM policy.matter_patient WHERE matter_id = $1)
            + (SELECT count(*) FROM policy.matter_member WHERE matter_id = $1) AS n`,
      ['M-res39-typo'],
    );
    expect(Number((stored.rows[0] as { n: string }).n)).toBe(0);
    // The same matter over the patient's real record is registered.
    const ok = await call(archivist, m, { i: { ...input, patientIds: [PT_A] } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.registerMatter).toEqual({ id: 'M-res39-typo', patientIds: [PT_A] });
  }, 120_000);
});
