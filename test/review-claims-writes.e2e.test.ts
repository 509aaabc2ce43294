/**
 * Review findings (issues 11 and 12) on the caller's claims and on writes, through the gateway
 * against the shared PostgreSQL and Elasticsearch. Each test failed on the code before its fix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, type TestDatabase } from '../dev/services';
import { importProfilPersons, startTestStack, type TestStack } from '../dev/test-stack';
import type { Stack } from '../scripts/stack';

let dir: string;
let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let archivist: string;
let ansvarlig: string;
let patients: { id: string; national_id: string }[];

const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: false,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-rev2-'));
  env = await startTestStack();
  ({ tdb, stack } = env);
  patients = await importProfilPersons(tdb.db, dir, {
    patients: 4,
    notesPerPatient: 3,
    migratedShare: 0,
    seed: 21,
  });
  await stack.index();
  expect(patients.length).toBeGreaterThanOrEqual(4);
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await stack.token({
    sub: 'journalansvarlig-1',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gateway.url, query, { token, variables });

async function notesOf(patientId: string): Promise<{ id: string; text: string }[]> {
  return (
    await tdb.db.query<{ id: string; text: string }>(
      'SELECT id, text FROM journal.journal_entry WHERE patient_id = $1 AND deleted_at IS NULL ORDER BY id',
      [patientId],
    )
  ).rows;
}

test("pasientjournalloven § 22: a non-legal token carrying a matter claim is refused (the access log wrote that matter on the archivist's read)", async () => {
  const forged = await stack.token({
    sub: 'arkivar-2',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
    matter: 'M-FORGED-1',
  });
  const r = await call(forged, `{ patient(id: "${patients[0]!.id}") { id givenName } }`);
  expect(r.status).toBe(401);
  expect(r.body.errors?.[0]?.message).toMatch(/matter: matter is a legal user's claim \(role legal\)/);
  const rows = await tdb.db.query('SELECT 1 FROM audit.access_log WHERE matter = $1', ['M-FORGED-1']);
  expect(rows.rowCount).toBe(0);
});

test('legal hold (tvisteloven § 26-5; helsepersonelloven § 43): an unlink may not take a linked record out of a held person (it was unlinked and its note deleted)', async () => {
  const [a, b] = [patients[0]!, patients[1]!];
  const linked = await call(
    archivist,
    `mutation { linkPatients(a: "${a.id}", b: "${b.id}", reason: "samme person, bekreftet") { id recordIds } }`,
  );
  expect(linked.body.errors).toBeUndefined();
  // The matter names the first record only; the hold reaches the linked one through the link.
  await stack.matterToken({ id: 'M-HOLD-LINK', patientIds: [a.id] });
  const place = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-HOLD-LINK", reason: "Erstatningssak varslet") { id } }',
  );
  expect(place.body.errors).toBeUndefined();
  const note = (await notesOf(b.id))[0]!;
  const del = `mutation ($id: ID!, $a: RecordAssessmentInput!) {
    deleteJournalEntry(id: $id, legalBasis: "Feil og belastende", assessment: $a) { id text } }`;
  const held = await call(ansvarlig, del, { id: note.id, a: FULL_43 });
  expect(held.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

  const unlink = await call(
    archivist,
    `mutation { unlinkPatients(a: "${a.id}", b: "${b.id}", reason: "feilkobling") { id recordIds } }`,
  );
  expect(unlink.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(unlink.body.errors?.[0]?.message).toBe(
    `unlink refused while the person is held: the patient is under legal hold ${place.body.data.placeLegalHold.id} (matter M-HOLD-LINK): Erstatningssak varslet`,
  );
  const again = await call(ansvarlig, del, { id: note.id, a: FULL_43 });
  expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect((await notesOf(b.id)).map((n) => n.text)).toContain(note.text);
});

test('pasientjournalloven § 22: administration needs purpose ARCHIVE_ADMINISTRATION: an archivist token for an access request may not lift a legal hold, unlink, register a matter or resolve a source conflict (it lifted the hold)', async () => {
  const p = patients[0]!;
  await stack.matterToken({ id: 'M-HOLD-PURPOSE', patientIds: [p.id] });
  const place = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-HOLD-PURPOSE", reason: "Tilsynssak varslet") { id } }',
  );
  expect(place.body.errors).toBeUndefined();
  const holdId = place.body.data.placeLegalHold.id;
  const innsyn = await stack.token({ sub: 'arkivar-3', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  for (const [action, mutation] of [
    ['liftLegalHold', `mutation { liftLegalHold(id: "${holdId}", reason: "ikke lenger aktuelt") { live } }`],
    [
      'linkPatients',
      `mutation { linkPatients(a: "${patients[0]!.id}", b: "${patients[1]!.id}", reason: "samme person") { id } }`,
    ],
    [
      'registerMatter',
      `mutation { registerMatter(input: { id: "M-SELF", title: "Eget", purpose: ACCESS_REQUEST, patientIds: ["${p.id}"], members: ["arkivar-3"], expiresAt: "2030-01-01T00:00:00Z" }) { id } }`,
    ],
    [
      'resolveSourceConflict',
      'mutation { resolveSourceConflict(id: "1", resolution: TAKE_SOURCE, reason: "kilde") { id } }',
    ],
  ] as const) {
    const r = await call(innsyn, mutation);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toBe(`${action} needs purpose ARCHIVE_ADMINISTRATION`);
  }
  const holds = await call(archivist, '{ legalHolds(liveOnly: true) { id } }');
  expect(holds.body.data.legalHolds).toContainEqual({ id: holdId });
  const matter = await tdb.db.query("SELECT 1 FROM policy.matter WHERE id = 'M-SELF'");
  expect(matter.rowCount).toBe(0);
});

test('legal hold (tvisteloven § 26-5; helsepersonelloven §§ 43-44): a note moved out of a held record stays held: deleting it from the right patient is refused (a move, then a deletion, took it out of the hold)', async () => {
  const [held, other] = [patients[2]!, patients[3]!];
  await stack.matterToken({ id: 'M-HOLD-MOVE', patientIds: [held.id] });
  const place = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-HOLD-MOVE", reason: "Søksmål varslet") { id } }',
  );
  expect(place.body.errors).toBeUndefined();
  const note = (await notesOf(held.id))[0]!;
  const reg = await call(
    archivist,
    `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id kind } }`,
    {
      i: {
        entryId: note.id,
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skrevet på feil pasient',
        rightPatientId: other.id,
      },
    },
  );
  expect(reg.body.data.registerRecordCase.kind).toBe('MOVE');
  const moved = await call(
    ansvarlig,
    `mutation ($id: ID!) { decideRecordCase(id: $id, decision: DONE, reasons: "Gjelder den andre pasienten",
      assessment: { wrongPerson: true, publicInterestAgainst: false }) { status } }`,
    { id: reg.body.data.registerRecordCase.id },
  );
  expect(moved.body.errors).toBeUndefined();
  expect((await notesOf(other.id)).map((n) => n.id)).toContain(note.id);

  const del = await call(
    ansvarlig,
    `mutation ($id: ID!, $a: RecordAssessmentInput!) {
      deleteJournalEntry(id: $id, legalBasis: "Feil og belastende", assessment: $a) { id text } }`,
    { id: note.id, a: FULL_43 },
  );
  expect(del.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(del.body.errors?.[0]?.message).toBe(
    `deletion refused: the patient the note was moved from is under legal hold ${place.body.data.placeLegalHold.id} (matter M-HOLD-MOVE): Søksmål varslet`,
  );
  expect((await notesOf(other.id)).find((n) => n.id === note.id)?.text).toBe(note.text);
});

test('pasientjournalloven § 22 with pasient- og brukerrettighetsloven § 5-1: the access-request mutations need purpose ACCESS_REQUEST: an archivist administering the archive and a legal user on a legal proceedings matter may not register, extend or close one, and each attempt is logged as denied (they went through)', async () => {
  const p = patients[3]!;
  const innsyn = await stack.token({ sub: 'arkivar-innsyn', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const register = `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`;
  const input = {
    patientId: p.id,
    patientNationalId: p.national_id,
    requesterName: 'Pasienten selv',
    relation: 'PATIENT',
    receivedAt: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
    administrativEnhet: 'Helse- og velferdskontor Lerkendal',
  };
  const made = await call(innsyn, register, { i: input });
  expect(made.body.errors).toBeUndefined();
  const saksmappeId = made.body.data.registerAccessRequest.saksmappe.id as string;
  const legal = await stack.matterToken(
    { id: 'M-PROCEEDINGS-INNSYN', patientIds: [p.id] },
    { sub: 'jurist-innsyn', purpose: 'LEGAL_PROCEEDINGS' },
  );
  const today = new Date().toISOString().slice(0, 10);
  for (const [who, token] of [
    ['arkivar-1', archivist],
    ['jurist-innsyn', legal],
  ] as const) {
    const attempts = [
      ['registerAccessRequest', register, { i: input }],
      [
        'extendAccessRequest',
        'mutation ($i: ExtendAccessRequestInput!) { extendAccessRequest(input: $i) { deadline } }',
        { i: { saksmappeId, months: 2, reasons: 'Omfattende journal', noticeSentOn: today } },
      ],
      [
        'closeAccessRequest',
        'mutation ($id: ID!) { closeAccessRequest(saksmappeId: $id, decision: { outcome: GRANTED, handedOut: "Kopi" }) { closedAt } }',
        { id: saksmappeId },
      ],
    ] as const;
    for (const [action, mutation, variables] of attempts) {
      const r = await call(token, mutation, variables);
      expect([who, action, r.body.errors?.[0]?.extensions?.code]).toEqual([who, action, 'FORBIDDEN']);
      expect(r.body.errors?.[0]?.message).toBe(`${action} needs purpose ACCESS_REQUEST`);
      const { rows } = await tdb.db.query<{ patient_id: string; outcome: string; rule: string }>(
        `SELECT patient_id, outcome, rule FROM audit.access_log
          WHERE user_id = $1 AND entity_type = $2`,
        [who, action],
      );
      expect([who, action, rows]).toEqual([
        who,
        action,
        [{ patient_id: p.id, outcome: 'denied', rule: `${action} needs purpose ACCESS_REQUEST` }],
      ]);
    }
  }
  // Nothing was registered, extended or closed by them.
  const state = await tdb.db.query<{ n: string; extended: boolean; closed: boolean }>(
    `SELECT count(*) OVER () AS n, extension_notice_on IS NOT NULL AS extended, closed_at IS NOT NULL AS closed
       FROM archive.access_request WHERE patient_id = $1`,
    [p.id],
  );
  expect(state.rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
    { n: 1, extended: false, closed: false },
  ]);
});
