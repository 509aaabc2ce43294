/**
 * Task s46 fix FX5, defect 1: a case two of a case handler's open requests concern (a complaint with
 * Petra and Quentin as parties, each with a request of the handler's, and their son Rolf, whom no
 * request concerns) was left out of a search over all the handler's patients (stop 46,
 * RequestHandling.sharedCases), but the archive's direct paths answered it: saksmappe(id),
 * journalpost(id), the case's journalposts and documents, with the relative's access-log row
 * written with matter NULL (pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: the
 * log says which request allowed a read; lib/policy README "a read two open requests could have
 * served ... is refused"). Now refused on every path unless the token names the request, and the
 * refusal is logged as denied. Real PostgreSQL, through the gateway.
 */
import { createHash } from 'node:crypto';
import { gql } from '../dev/services';
import { LERKENDAL } from '../dev/access-requests';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_P = makeSyntheticNationalId('1940-02-21', 4641, false);
const NID_Q = makeSyntheticNationalId('1941-02-22', 4642, true);
const NID_R = makeSyntheticNationalId('1970-02-23', 4643, true);
const HANDLER = 'saksbehandler-s46x';
const CASE = 'sm-s46x-two';
const JP = `${CASE}-jp`;
const DOC = `${CASE}-doc`;

let env: TestStack;
let forP: string;
let forQ: string;

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body;
const ok = (b: { errors?: unknown; data?: unknown }) => {
  expect(b.errors).toBeUndefined();
  return b.data as Record<string, any>;
};
const lastSeq = async () =>
  (await env.tdb.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM audit.access_log'))
    .rows[0]!.s;
const rowsSince = async (seq: string) =>
  (
    await env.tdb.db.query<{
      patient_id: string;
      entity_type: string;
      matter: string | null;
      outcome: string;
    }>(
      `SELECT patient_id, entity_type, matter, outcome FROM audit.access_log
        WHERE user_id = $1 AND seq > $2::bigint ORDER BY seq`,
      [HANDLER, seq],
    )
  ).rows;

beforeAll(async () => {
  env = await startPostgresTestStack();
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: 'pt-s46x-p', nationalId: NID_P, familyName: 'Berg', givenName: 'Petra', birthDate: '1940-02-21' },
    { id: 'pt-s46x-q', nationalId: NID_Q, familyName: 'Berg', givenName: 'Quentin', birthDate: '1941-02-22' },
  ]);
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
  forP = await register('pt-s46x-p', NID_P, 'Petra Berg', '2024-09-16T09:10:00+02:00');
  forQ = await register('pt-s46x-q', NID_Q, 'Quentin Berg', '2024-09-16T09:20:00+02:00');
  // A complaint (not a request's case) with Petra, Quentin and their son Rolf as parties, one
  // journalpost and one document.
  await db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus)
     VALUES ($1, $1, 2019, 9471, 'Klage felles', 'Klage', '2024-05-02', 'Avsluttet')`,
    [CASE],
  );
  for (const [i, n] of [NID_P, NID_Q, NID_R].entries()) {
    await db.query(
      `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle) VALUES ($1, $2, $3, 'Part', 'Klient')`,
      [CASE, i, n],
    );
    await db.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', $2, $2)`,
      [n, CASE],
    );
  }
  await db.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, registrerings_id, journalaar, journalsekvensnummer,
       journalpostnummer, journalposttype, journalstatus, journaldato, tittel, complex)
     VALUES ($1, $2, 0, $2 || '-1', 2024, 99471, 1, 'Inngående dokument', 'Journalført', '2024-05-02', 'Klage felles', '{}')`,
    [JP, CASE],
  );
  const pdf = Buffer.from('%PDF-1.4 klage');
  await db.query(
    `INSERT INTO archive.dokumentbeskrivelse (id, journalpost_id, ordinal, dokumentnummer, tittel) VALUES ($1, $2, 0, 1, 'Klage')`,
    [`${DOC}-b`, JP],
  );
  await db.query(
    `INSERT INTO archive.dokumentobjekt (id, dokumentbeskrivelse_id, ordinal, referanse_dokumentfil, format, sjekksum, filstoerrelse, content)
     VALUES ($1, $2, 0, 'DOKUMENT/klage.pdf', 'PDF', $3, $4, $5)`,
    [DOC, `${DOC}-b`, createHash('sha256').update(pdf).digest('hex'), pdf.length, pdf],
  );
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

const PATHS: Record<string, string> = {
  saksmappe: `{ saksmappe(id: "${CASE}") { tittel } }`,
  journalpost: `{ journalpost(id: "${JP}") { tittel } }`,
  document: `{ journalpost(id: "${JP}") { documents { fileName contentBase64 } } }`,
};

test.each(Object.keys(PATHS))(
  'pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: a case two of the handler’s open requests concern is refused on %s without a named request (logged as denied, no row without its request)',
  async (path) => {
    const handler = await env.stack.token({ sub: HANDLER, role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const seq = await lastSeq();
    const r = await call(handler, PATHS[path]!);
    expect({
      code: (r.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code,
      message: (r.errors as { message: string }[] | undefined)?.[0]?.message,
    }).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/more than one open access request.*name the one this read serves/),
    });
    const rows = await rowsSince(seq);
    expect(rows.filter((x) => x.outcome !== 'denied')).toEqual([]);
    expect(rows.filter((x) => x.outcome === 'denied').length).toBeGreaterThan(0);
  },
);

test('pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: the case’s journalposts are left out of Patient.cases without a named request, and the case is not listed there', async () => {
  const handler = await env.stack.token({ sub: HANDLER, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const seq = await lastSeq();
  const d = ok(await call(handler, '{ patient(id: "pt-s46x-p") { cases { id journalposter { id } } } }'));
  expect(d.patient.cases.map((c: { id: string }) => c.id)).not.toContain(CASE);
  expect((await rowsSince(seq)).filter((x) => x.outcome !== 'denied' && x.matter === null)).toEqual([]);
});

test('pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: under a named request the case, its journalpost and document are answered, and every access-log row names that request', async () => {
  for (const named of [forQ, forP]) {
    const token = await env.stack.token({
      sub: HANDLER,
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
      matter: named,
    });
    const seq = await lastSeq();
    expect(ok(await call(token, PATHS.saksmappe!)).saksmappe.tittel).toBe('Klage felles');
    expect(ok(await call(token, PATHS.journalpost!)).journalpost.tittel).toBe('Klage felles');
    const doc = ok(await call(token, PATHS.document!)).journalpost.documents;
    expect(doc).toEqual([
      { fileName: 'DOKUMENT/klage.pdf', contentBase64: Buffer.from('%PDF-1.4 klage').toString('base64') },
    ]);
    if (named === forP) {
      const listed = ok(
        await call(token, '{ patient(id: "pt-s46x-p") { cases { id journalposter { id } } } }'),
      );
      expect(listed.patient.cases.find((c: { id: string }) => c.id === CASE)).toEqual({
        id: CASE,
        journalposter: [{ id: JP }],
      });
    }
    const rows = await rowsSince(seq);
    expect(rows.filter((x) => x.outcome === 'denied')).toEqual([]);
    const granted = rows.filter((x) => x.outcome === 'granted');
    for (const key of [`nid:${NID_P}`, `nid:${NID_Q}`, `nid:${NID_R}`])
      expect(
        granted.filter((x) => x.patient_id === key && x.entity_type === 'saksmappe').length,
      ).toBeGreaterThan(0);
    expect(granted.filter((x) => x.matter !== named)).toEqual([]);
  }
});
