/**
 * Hardening review s45: what a caller with a token can do to take the service down or make it
 * misbehave, through the gateway on real PostgreSQL and Elasticsearch (dev/test-stack.ts). Each
 * test is a defect found in this review; the name says what must hold, the parenthesis what
 * happened before the fix.
 */
import { startTestStack, type TestStack } from '../dev/test-stack';
import { gql } from '../dev/services';
import { insertPatients } from '../subgraphs/journal/store';

let ts: TestStack;
let archivist: string;
const PATIENT = 'pat-s45-1';
const NID = '20888014390';

beforeAll(async () => {
  ts = await startTestStack();
  await insertPatients(ts.tdb.db, [
    {
      id: PATIENT,
      nationalId: NID,
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  archivist = await ts.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

const healthz = async () => (await fetch(ts.stack.gateway.url.replace(/graphql$/, 'healthz'))).status;

/**
 * `levels` named fragments on `type`, each spreading the next `spreads` times, the last
 * selecting `leaf`: spread out, the selection holds spreads^(levels−1) copies of the leaf.
 */
function nestedFragments(root: string, type: string, levels: number, spreads: number, leaf: string): string {
  const fragments: string[] = [];
  for (let i = 0; i < levels; i++) {
    const body =
      i === levels - 1
        ? leaf
        : Array(spreads)
            .fill(`...F${i + 1}`)
            .join(' ');
    fragments.push(`fragment F${i} on ${type} { ${body} }`);
  }
  return `query { ${root} { ...F0 } } ${fragments.join(' ')}`;
}

describe('the cost estimate: __typename is a field like any other', () => {
  test("eight nested fragments spreading the next ten times, the last selecting Patient's __typename (700 bytes), are QUERY_TOO_COMPLEX, and the gateway answers meanwhile (__typename was priced at 0, so the query cost 1 and was run: the gateway's delegation spread the fragments out, 10^7 copies, holding its one event loop for 20–50 s; seven levels took 2–3 s and ended in an internal error)", async () => {
    const query = nestedFragments(`patient(id: "${PATIENT}")`, 'Patient', 8, 10, '__typename');
    expect(query.length).toBeLessThan(800);
    const res = await gql(ts.stack.gateway.url, query, { token: archivist });
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.errors?.[0]?.message).toMatch(/estimated cost \d+ exceeds the limit/);
    expect(await healthz()).toBe(200);
  }, 120_000);

  test('__typename where a client asks it (Apollo Client adds it to every selection) is still answered', async () => {
    const res = await gql(
      ts.stack.gateway.url,
      `{ patient(id: "${PATIENT}") { __typename id givenName journal(first: 5) { __typename totalCount edges { __typename node { __typename id } } } } }`,
      { token: archivist },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.patient).toMatchObject({ __typename: 'Patient', id: PATIENT, givenName: 'Kari' });
  });
});
