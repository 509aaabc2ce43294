/**
 * Task s46, defect 3 (stop 44's residual): which access request a case handler's search hit served
 * (pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: the access log says who read
 * what, and why; lib/policy README "Which request a case handler's read served"). A search over all
 * of a handler's patients logged a hit of a case under each of its parties' keys; the row under a
 * party no request of the handler concerns (the relative named in the case) had `matter` NULL.
 * Real PostgreSQL, through the gateway.
 */
import { gql } from '../dev/services';
import { LERKENDAL } from '../dev/access-requests';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_P = makeSyntheticNationalId('1940-01-21', 4631, false);
const NID_Q = makeSyntheticNationalId('1941-01-22', 4632, true);
const NID_R = makeSyntheticNationalId('1970-01-23', 4633, true);
const HANDLER = 'saksbehandler-s46m';

let env: TestStack;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    { id: 'pt-s46m-p', nationalId: NID_P, familyName: 'Berg', givenName: 'Petra', birthDate: '1940-01-21' },
    { id: 'pt-s46m-q', nationalId: NID_Q, familyName: 'Berg', givenName: 'Quentin', birthDate: '1941-01-22' },
  ]);
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body;
const ok = (b: { errors?: unknown; data?: unknown }) => {
  expect(b.errors).toBeUndefined();
  return b.data as Record<string, any>;
};

/** A complaint case (not a request's) whose parties are `nids`, with one journalpost titled `title`. */
async function complaintCase(id: string, title: string, nids: string[]): Promise<void> {
  const db = env.tdb.db;
  await db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus)
     VALUES ($1, $1, 2019, $2, $3, 'Klage', '2024-05-02', 'Avsluttet')`,
    [id, id === 'sm-s46m-one' ? 9461 : 9462, title],
  );
  for (const [i, n] of nids.entries()) {
    await db.query(
      `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle) VALUES ($1, $2, $3, 'Part', 'Klient')`,
      [id, i, n],
    );
    await db.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', $2, $2)`,
      [n, id],
    );
  }
  await db.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, registrerings_id, journalaar, journalsekvensnummer,
       journalpostnummer, journalposttype, journalstatus, journaldato, tittel, complex)
     VALUES ($1 || '-jp', $1, 0, $1 || '-1', 2024, $2, 1, 'Inngående dokument', 'Journalført', '2024-05-02', $3, '{}')`,
    [id, id === 'sm-s46m-one' ? 99461 : 99462, title],
  );
}

test('pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: a case handler’s search over all their patients logs a hit under every party’s key naming the request it served, the relative no request concerns too', async () => {
  const handler = await env.stack.token({ sub: HANDLER, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const register = async (patientId: string, nid: string, name: string, at: string) =>
    ok(
      await call(
        handler,
        `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
        {
          i: {
            administrativEnhet: LERKENDAL,
            patientId,
            patientNationalId: nid,
            patientName: name,
            requesterName: 'Rolf Berg',
            requesterKinship: 'CHILD',
            relation: 'OTHER_RELATIVE',
            receivedAt: at,
          },
        },
      ),
    ).registerAccessRequest.saksmappe.id as string;
  const forP = await register('pt-s46m-p', NID_P, 'Petra Berg', '2024-09-16T09:10:00+02:00');
  // A complaint of Petra's in which her son Rolf (R) is a party too.
  await complaintCase('sm-s46m-one', 'Klage zqxenkelsak', [NID_P, NID_R]);
  await env.stack.index();
  const seq = (
    await env.tdb.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM audit.access_log')
  ).rows[0]!.s;
  const r = ok(
    await call(
      handler,
      '{ search(query: "zqxenkelsak", expand: false, first: 10) { total hits { saksmappe { id } } } }',
    ),
  );
  expect(r.search.total).toBe(1);
  const rows = await env.tdb.db.query<{ patient_id: string; matter: string | null }>(
    `SELECT patient_id, matter FROM audit.access_log
      WHERE user_id = $1 AND seq > $2::bigint AND entity_type = 'journalpost' ORDER BY patient_id`,
    [HANDLER, seq],
  );
  expect(rows.rows).toEqual(
    [
      { patient_id: `nid:${NID_P}`, matter: forP },
      { patient_id: `nid:${NID_R}`, matter: forP },
    ].sort((a, b) => a.patient_id.localeCompare(b.patient_id)),
  );
});

// The relative's row of a case that two of the handler's requests concern (Petra's and her husband
// Quentin's): no request can be named for it (AccessPolicy.requestMatterFor is undefined), and the
// row was written with matter NULL. The lib/policy README: a read two open requests could have
// served, that names none, is refused (ambiguousRequestRule, searchRule); so such a case is left
// out of a search over all of the handler's patients, hits and counts alike, and is found by a
// search under a named request (token claim matter), whose rows name it.
test('pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: a case two of the handler’s open requests concern is left out of a search over all their patients (no row without its request), and found under a named request', async () => {
  const handler = await env.stack.token({ sub: HANDLER, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const forQ = ok(
    await call(
      handler,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
      {
        i: {
          administrativEnhet: LERKENDAL,
          patientId: 'pt-s46m-q',
          patientNationalId: NID_Q,
          patientName: 'Quentin Berg',
          requesterName: 'Rolf Berg',
          requesterKinship: 'CHILD',
          relation: 'OTHER_RELATIVE',
          receivedAt: '2024-09-16T09:20:00+02:00',
        },
      },
    ),
  ).registerAccessRequest.saksmappe.id as string;
  await complaintCase('sm-s46m-two', 'Klage zqxfellessak', [NID_P, NID_Q, NID_R]);
  await env.stack.index();
  const seq = (
    await env.tdb.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM audit.access_log')
  ).rows[0]!.s;
  const all = ok(
    await call(
      handler,
      '{ search(query: "zqxfellessak", expand: false, first: 10) { total hits { saksmappe { id } } } }',
    ),
  );
  expect(all.search).toEqual({ total: 0, hits: [] });
  const rows = await env.tdb.db.query<{ patient_id: string; matter: string | null }>(
    `SELECT patient_id, matter FROM audit.access_log
      WHERE user_id = $1 AND seq > $2::bigint AND outcome IS DISTINCT FROM 'denied'`,
    [HANDLER, seq],
  );
  expect(rows.rows.filter((r) => r.matter === null)).toEqual([]);
  // Named: the case is found, and every row names Quentin's request.
  const named = await env.stack.token({
    sub: HANDLER,
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
    matter: forQ,
  });
  const at = (
    await env.tdb.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM audit.access_log')
  ).rows[0]!.s;
  const one = ok(
    await call(
      named,
      '{ search(query: "zqxfellessak", expand: false, first: 10) { total hits { saksmappe { id } } } }',
    ),
  );
  expect(one.search.total).toBe(1);
  const namedRows = await env.tdb.db.query<{ matter: string | null }>(
    `SELECT matter FROM audit.access_log WHERE user_id = $1 AND seq > $2::bigint AND entity_type = 'journalpost'`,
    [HANDLER, at],
  );
  expect(namedRows.rows.length).toBeGreaterThan(0);
  expect(namedRows.rows.filter((r) => r.matter !== forQ)).toEqual([]);
});
