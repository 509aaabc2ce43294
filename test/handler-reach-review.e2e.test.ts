/**
 * Review of the case handler's reach (pasientjournalloven § 22 with helsepersonelloven § 21a;
 * commits dea2e10, ff09a1d, 568ec90): an archivist B on purpose ACCESS_REQUEST must not reach
 * archivist A's access requests (the cases A is saksansvarlig for) nor, through them, A's
 * patients. Each test is a path that still does so.
 */
import type { Dataset } from '../dev/generator';
import { followImportedIds, loadDemoData } from '../dev/demo';
import type { Stack } from '../scripts/stack';
import { gql, type TestDatabase } from '../dev/services';
import { registerAccessRequest } from '../dev/access-requests';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;

const subA = 'review-handler-a';
const subB = 'review-handler-b';
let a: string;
let b: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  ({ tdb, stack } = env);
  ds = await loadDemoData(tdb.db);
  await followImportedIds(tdb.db, ds);
  a = await stack.token({ sub: subA, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  b = await stack.token({ sub: subB, role: 'archivist', purpose: 'ACCESS_REQUEST' });
});

afterAll(async () => {
  await env?.stop();
});

/** Persons no open request concerns, registered in the journal. */
async function freshPatients(n: number): Promise<Dataset['patients']> {
  const open = new Set(
    (
      await tdb.db.query<{ patient_id: string; national_id: string }>(
        'SELECT patient_id, national_id FROM archive.open_access_request_persons()',
      )
    ).rows.flatMap((r) => [r.patient_id, r.national_id]),
  );
  const known = new Set(
    (await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient')).rows.map((r) => r.id),
  );
  return ds.patients
    .filter((x) => x.nationalId && known.has(x.id) && !open.has(x.id) && !open.has(x.nationalId))
    .slice(0, n);
}

const register = (token: string, i: Record<string, unknown>) =>
  registerAccessRequest(stack.gateway.url, token, {
    receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
    ...i,
  });

const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

describe('pasientjournalloven § 22 with helsepersonelloven § 21a: a case handler who has a request of their own for P still reaches no other handler’s request for P', () => {
  let caseA: string;
  let caseB: string;
  beforeAll(async () => {
    const [p] = await freshPatients(1);
    // A's request for P: from a third party, whose name and legal interest are A's case.
    caseA = await register(a, {
      patientId: p!.id,
      patientNationalId: p!.nationalId,
      requesterName: 'Advokat Hemmelig Tredjepart',
      relation: 'THIRD_PARTY',
      legalInterest: 'Erstatningssak mot pasienten, sak 24-123456TVI-OTIR',
      requestType: 'PBRL_5_1',
    });
    // B registers a request of their own for P (expected: brings P into B's reach, logged).
    caseB = await register(b, {
      patientId: p!.id,
      patientNationalId: p!.nationalId,
      requesterName: `${p!.givenName} ${p!.familyName}`,
      relation: 'PATIENT',
    });
  });

  test('pasientjournalloven § 22 with helsepersonelloven § 21a: openAccessRequests lists a case handler’s own requests, not another handler’s request for the same patient', async () => {
    const list = await gql(
      stack.gateway.url,
      '{ openAccessRequests { saksmappe { id } requesterName legalInterest } }',
      {
        token: b,
      },
    );
    expect(JSON.stringify(list.body.data ?? {})).toContain(caseB);
    expect(JSON.stringify(list.body.data ?? {})).not.toContain(caseA);
    expect(JSON.stringify(list.body.data ?? {})).not.toContain('Hemmelig Tredjepart');
  });

  test('pasientjournalloven § 22 with helsepersonelloven § 21a: accessRequest(id) and saksmappe(id) of another handler’s request are refused even when the patient is in reach', async () => {
    const one = await gql(
      stack.gateway.url,
      `{ accessRequest(id: "${caseA}") { requesterName legalInterest saksansvarlig } }`,
      { token: b },
    );
    expect(one.body.data?.accessRequest ?? null).toBeNull();
    expect(codes(one.body)).toEqual(['FORBIDDEN']);
    const c = await gql(
      stack.gateway.url,
      `{ saksmappe(id: "${caseA}") { tittel saksansvarlig parts { name role } } }`,
      {
        token: b,
      },
    );
    expect(JSON.stringify(c.body.data ?? {})).not.toContain('Hemmelig Tredjepart');
  });

  test('pasientjournalloven § 22 with helsepersonelloven § 21a: a case handler cannot extend another handler’s request', async () => {
    const extended = await gql(
      stack.gateway.url,
      `mutation ($e: ExtendAccessRequestInput!) { extendAccessRequest(input: $e) { deadline } }`,
      {
        token: b,
        variables: {
          e: {
            saksmappeId: caseA,
            months: 2,
            reasons: 'Saken er omfattende og krever mer tid',
            noticeSentOn: new Date().toISOString().slice(0, 10),
          },
        },
      },
    );
    expect(codes(extended.body)).toEqual(['FORBIDDEN']);
    const stored = await tdb.db.query(
      'SELECT extension_notice_on FROM archive.access_request WHERE saksmappe_id = $1',
      [caseA],
    );
    expect(stored.rows[0]).toEqual({ extension_notice_on: null });
  });

  test('pasientjournalloven § 22 with helsepersonelloven § 21a: a case handler cannot close another handler’s request', async () => {
    const closed = await gql(
      stack.gateway.url,
      `mutation { closeAccessRequest(saksmappeId: "${caseA}", decision: { outcome: REFUSED, withheld: [{ item: "Hele journalen", ground: CONFIDENTIALITY }], reasons: "Taushetsplikt" }) { closedAt closedBy } }`,
      { token: b },
    );
    expect(codes(closed.body)).toEqual(['FORBIDDEN']);
    const stored = await tdb.db.query(
      'SELECT closed_at FROM archive.access_request WHERE saksmappe_id = $1',
      [caseA],
    );
    expect(stored.rows[0]).toEqual({ closed_at: null });
  });
});

test('pasientjournalloven § 22 with helsepersonelloven § 21a: a case handler whose request is from a relative does not reach another handler’s case about another patient in which that relative is a party', async () => {
  const [p, r] = await freshPatients(2);
  // A's request for P from P's parent R (R is a patient too), naming P.
  const caseA = await register(a, {
    patientId: p!.id,
    patientNationalId: p!.nationalId,
    patientName: `${p!.givenName} ${p!.familyName}`,
    requesterName: `${r!.givenName} ${r!.familyName}`,
    requesterNationalId: r!.nationalId,
    relation: 'NEAREST_RELATIVE',
    patientConsent: true,
  });
  // B's request for R's own record: B reaches R, not P.
  await register(b, {
    patientId: r!.id,
    patientNationalId: r!.nationalId,
    requesterName: `${r!.givenName} ${r!.familyName}`,
    relation: 'PATIENT',
  });
  const patient = await gql(stack.gateway.url, `{ patient(id: "${p!.id}") { givenName } }`, { token: b });
  expect(codes(patient.body)).toEqual(['FORBIDDEN']);
  // A's case about P (its title, its parties: P's name) is A's, not B's.
  const c = await gql(
    stack.gateway.url,
    `{ saksmappe(id: "${caseA}") { id tittel saksansvarlig parts { name role } } }`,
    { token: b },
  );
  expect(JSON.stringify(c.body.data ?? {})).not.toContain(p!.familyName);
  expect(c.body.data?.saksmappe ?? null).toBeNull();
  expect(codes(c.body)).toEqual(['FORBIDDEN']);
});
