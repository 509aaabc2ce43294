/**
 * Residuals left open at stop 39, through the gateway on real PostgreSQL. Each test FAILED on
 * the code before its fix, for the reason its name gives in parentheses.
 */
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_A = makeSyntheticNationalId('1983-05-12', 401, true);
const PT_A = 'pt-res40-a';

let env: TestStack;
let handler: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    { id: PT_A, nationalId: NID_A, familyName: 'Aune', givenName: 'Anne', birthDate: '1983-05-12' },
  ]);
  handler = await env.stack.token({ sub: 'arkivar-res40', role: 'archivist', purpose: 'ACCESS_REQUEST' });
}, 120_000);
afterAll(async () => env?.stop());

const call = (query: string, variables?: Record<string, unknown>) =>
  gql(env.stack.gateway.url, query, { token: handler, variables });

describe('archive reasons have a length cap', () => {
  const HUGE = 'a'.repeat(900_000); // about 900 KB: under the gateway's 1 MiB body cap
  const requests = async () =>
    (await env.tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM archive.access_request')).rows[0]!.n;
  const register = (legalInterest: string, receivedAt = '2024-03-04T10:00:00+01:00') =>
    call(
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } legalInterest } }`,
      {
        i: {
          patientId: PT_A,
          patientNationalId: NID_A,
          requesterName: 'Advokat Berg',
          relation: 'THIRD_PARTY',
          legalInterest,
          requestType: 'PBRL_5_1',
          receivedAt,
          administrativEnhet: 'Helse- og velferdskontor',
        },
      },
    );

  test("pasient- og brukerrettighetsloven § 5-1: registerAccessRequest with a legalInterest over 4,000 characters is BAD_USER_INPUT naming it, and nothing is written (about 900 KB was stored in the request's row)", async () => {
    const before = await requests();
    const res = await register(HUGE);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/legalInterest.*longer than 4000 characters/);
    expect(await requests()).toBe(before);
    const ok = await register('Ø'.repeat(4_000));
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.registerAccessRequest.legalInterest).toHaveLength(4_000);
  }, 120_000);

  test('GDPR art. 12 nr. 3: extendAccessRequest and closeAccessRequest with reasons over 4,000 characters are BAD_USER_INPUT naming them, and the request stays as it was (they were stored whole)', async () => {
    // A letter of its own: the same requester's letter received at the same time is one case (review s43).
    const reg = await register('Erstatningssak mot pasienten', '2024-03-04T11:00:00+01:00');
    expect(reg.body.errors).toBeUndefined();
    const id = reg.body.data.registerAccessRequest.saksmappe.id as string;
    const row = async () =>
      (
        await env.tdb.db.query(
          'SELECT extension_notice_on, closed_at FROM archive.access_request WHERE saksmappe_id = $1',
          [id],
        )
      ).rows[0];
    const before = await row();
    const extended = await call(
      `mutation ($e: ExtendAccessRequestInput!) { extendAccessRequest(input: $e) { deadline } }`,
      { e: { saksmappeId: id, months: 1, reasons: HUGE, noticeSentOn: '2024-03-10' } },
    );
    expect(extended.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(extended.body.errors?.[0]?.message).toMatch(/reasons.*longer than 4000 characters/);
    const closed = await call(
      `mutation ($id: ID!, $d: AccessDecisionInput!) { closeAccessRequest(saksmappeId: $id, decision: $d) { closedAt } }`,
      {
        id,
        d: {
          outcome: 'PARTLY_GRANTED',
          withheld: [{ item: HUGE, ground: 'THIRD_PARTY_INFORMATION' }],
          reasons: 'Delvis innsyn',
        },
      },
    );
    expect(closed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(closed.body.errors?.[0]?.message).toMatch(/item.*longer than 4000 characters/);
    expect(await row()).toEqual(before);
  }, 120_000);
});
