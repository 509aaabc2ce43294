/**
 * Access requests for a person known only by an H-nummer, stop 36. Stop 35 refused an H-nummer
 * given as a national id (lib/national-id.ts H_NUMBER_ERROR; pasientjournalloven § 22), and with
 * it every access request for a person the journal knows by an H-nummer only, who has the right
 * of access all the same (pasient- og brukerrettighetsloven § 5-1). Such a request is now filed
 * under the patient record id alone (archive migration 026). Each test failed before that change
 * (patientNationalId was String!, the column NOT NULL). Real PostgreSQL, the gateway
 * (dev/test-stack.ts) and the indexer. The last describe starts a stack of its own on a database
 * that holds requests stored before 2c33faf, with an H-nummer as patientNationalId (archive
 * migration 028); its test failed before that migration.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LERKENDAL } from '../dev/access-requests';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { gql, testConfig } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import type { Db } from '../lib/db';
import { migrate } from '../lib/migrate';
import { makeSyntheticNationalId } from '../lib/national-id';
import { registeredFacts } from '../lib/patient-facts';
import { AccessRequestInput, registerAccessRequest } from '../subgraphs/archive/access-request';
import { archiveStatisticsTables } from '../subgraphs/archive/statistics';
import { runImport } from '../subgraphs/journal/import/run';
import { sourceRecord, writeOtherOrganisationProfil } from '../dev/help-numbers';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-hreq36-'));
  ts = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir: dir } });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Answer = { errors?: { message: string; extensions?: { code?: string } }[]; data?: any };
const refusal = (body: Answer) => ({
  code: body.errors?.[0]?.extensions?.code,
  message: body.errors?.[0]?.message,
});

const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
  registerAccessRequest(input: $i) { mappeId patient { id } saksmappe { id parts { name role } } } }`;

/** The patient record a source record was imported as (dev/help-numbers.ts). */
const patientOf = async (sourceSystem: string, localId: string) =>
  (await sourceRecord(ts.tdb.db, sourceSystem, localId))!;

/**
 * One H-nummer given by two organisations to two people: the municipality's Gerica (a journal
 * note) and Profil (another organisation's system). Neither record has a national id.
 */
async function twoOrganisationsOneHNumber(tag: string, base: number) {
  const h = withCheckDigits(base);
  await runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, `gerica-${tag}`, {
      'journalnotater.csv': [NOTES_HEADER, noteRow(`${tag}001`, `${tag}1`, h, 'Hjemmebesøk, god dag.')],
    }),
  );
  const profil = writeOtherOrganisationProfil(dir, tag, h);
  await runImport(ts.tdb.db, 'profil', profil);
  return { h, gerica: await patientOf('GERICA', `${tag}1`), profil: await patientOf('PROFIL', `${tag}02`) };
}

const caseHandler = (sub: string) => ts.stack.token({ sub, role: 'archivist', purpose: 'ACCESS_REQUEST' });

const request = (patientId: string, extra: Record<string, unknown> = {}) => ({
  administrativEnhet: LERKENDAL,
  patientId,
  patientName: 'Per Hjelpenes',
  requesterName: 'Per Hjelpenes',
  relation: 'PATIENT',
  receivedAt: new Date(Date.now() - 3600_000).toISOString(),
  ...extra,
});

async function register(token: string, input: Record<string, unknown>) {
  const r = await gql(ts.stack.gateway.url, REGISTER, { token, variables: { i: input } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.registerAccessRequest as {
    mappeId: string;
    patient: { id: string };
    saksmappe: { id: string; parts: { name: string; role: string }[] };
  };
}

describe('an access request for a patient known only by an H-nummer', () => {
  test('pasient- og brukerrettighetsloven § 5-1: an access request for a patient known only by an H-nummer is registered by patient record id, and the case handler then reads that record, the request and its case; a legal matter over the record finds the case', async () => {
    const { gerica } = await twoOrganisationsOneHNumber('3601', 184_270_660);
    const token = await caseHandler('saksbehandler-h36a');
    const reg = await register(token, request(gerica));
    const stored = await ts.tdb.db.query<{ patient_id: string; patient_national_id: string | null }>(
      'SELECT patient_id, patient_national_id FROM archive.access_request WHERE saksmappe_id = $1',
      [reg.saksmappe.id],
    );
    const parts = await ts.tdb.db.query<{ part_id: string | null; part_rolle: string }>(
      'SELECT part_id, part_rolle FROM archive.part WHERE saksmappe_id = $1 ORDER BY ordinal',
      [reg.saksmappe.id],
    );
    expect({
      patient: reg.patient.id,
      parts: reg.saksmappe.parts,
      stored: stored.rows,
      storedParts: parts.rows,
    }).toEqual({
      patient: gerica,
      parts: [{ name: 'Per Hjelpenes', role: 'Klient' }],
      stored: [{ patient_id: gerica, patient_national_id: null }],
      // No partID: the record id is the journal's own, the H-nummer no national id.
      storedParts: [{ part_id: null, part_rolle: 'Klient' }],
    });

    // The case handler (saksansvarlig) reaches the record, the request and its case.
    const read = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!, $c: ID!) {
         patient(id: $p) { id journal { totalCount } }
         accessRequest(id: $c) { mappeId }
         saksmappe(id: $c) { id journalposter { journalposttype } } }`,
      { token, variables: { p: gerica, c: reg.saksmappe.id } },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({
      patient: { id: gerica, journal: { totalCount: 1 } },
      accessRequest: { mappeId: reg.mappeId },
      saksmappe: { id: reg.saksmappe.id, journalposter: [{ journalposttype: 'Inngående dokument' }] },
    });

    // A legal matter over the record: Patient.cases and saksmappe(id) reach the case.
    const legal = await ts.stack.matterToken({ id: 'M-h36-a', patientIds: [gerica], purpose: 'COMPLAINT' });
    const cases = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!, $c: ID!) { patient(id: $p) { cases { id } } saksmappe(id: $c) { id } }`,
      { token: legal, variables: { p: gerica, c: reg.saksmappe.id } },
    );
    expect(cases.body.errors).toBeUndefined();
    expect(cases.body.data).toEqual({
      patient: { cases: [{ id: reg.saksmappe.id }] },
      saksmappe: { id: reg.saksmappe.id },
    });
  }, 90_000);

  test('pasientjournalloven § 22: an access request for a patient known only by an H-nummer reaches no other source’s person with the same H-nummer (the case handler’s reach, a matter’s case, search hits and coverage), nor through the requester’s own matter', async () => {
    const { gerica, profil } = await twoOrganisationsOneHNumber('3602', 184_270_670);
    const token = await caseHandler('saksbehandler-h36b');
    const requester = makeSyntheticNationalId('1995-02-11', 36, true);
    const own = await register(token, request(gerica));
    // A relative asks too: their national id goes on the case, as a party and a person link.
    const relative = await register(
      token,
      request(gerica, {
        requesterName: 'Kari Hjelpenes',
        requesterNationalId: requester,
        relation: 'NEAREST_RELATIVE',
      }),
    );
    await ts.stack.index();

    // The case handler: Gerica's person, not Profil's of the same number.
    const handler = await gql(ts.stack.gateway.url, `query ($p: ID!) { patient(id: $p) { id } }`, {
      token,
      variables: { p: profil },
    });
    expect(refusal(handler.body).code).toBe('FORBIDDEN');

    const view = async (patientId: string, matter: string) => {
      const legal = await ts.stack.matterToken({ id: matter, patientIds: [patientId], purpose: 'COMPLAINT' });
      const r = await gql(
        ts.stack.gateway.url,
        `query ($p: ID!) { patient(id: $p) {
           cases { id }
           search(query: "innsyn", kinds: ["journalpost"]) { total hits { saksmappe { id } } }
           searchCoverage { systems { sourceSystem kind records } }
           aged: searchCoverage(ageFrom: 18) { systems { sourceSystem kind records } } } }`,
        { token: legal, variables: { p: patientId } },
      );
      expect(r.body.errors).toBeUndefined();
      const c = await gql(ts.stack.gateway.url, `query ($c: ID!) { saksmappe(id: $c) { id } }`, {
        token: legal,
        variables: { c: own.saksmappe.id },
      });
      const p = r.body.data.patient;
      return {
        cases: p.cases.map((x: { id: string }) => x.id).sort(),
        hits: p.search.hits.map((h: { saksmappe: { id: string } | null }) => h.saksmappe?.id ?? null).sort(),
        coverage: p.searchCoverage.systems.filter((s: { kind: string }) => s.kind === 'journalpost'),
        // An age window cannot place a case known by record only (no national id gives an age).
        aged: p.aged.systems.filter((s: { kind: string }) => s.kind === 'journalpost'),
        saksmappe: c.body.errors ? refusal(c.body).code : c.body.data.saksmappe.id,
      };
    };
    const both = [own.saksmappe.id, relative.saksmappe.id].sort();
    expect({
      gerica: await view(gerica, 'M-h36-b-g'),
      profil: await view(profil, 'M-h36-b-p'),
    }).toEqual({
      gerica: {
        cases: both,
        hits: both,
        coverage: [{ sourceSystem: 'SAKARKIV', kind: 'journalpost', records: 2 }],
        aged: [],
        saksmappe: own.saksmappe.id,
      },
      profil: { cases: [], hits: [], coverage: [], aged: [], saksmappe: 'FORBIDDEN' },
    });

    // The relative's own matter (by their national id) does not open the patient's case: it
    // concerns its patient alone (archive.subject_link; a NULL patient national id compared
    // with <> let every linked person through).
    const theirs = await ts.stack.matterToken({
      id: 'M-h36-b-r',
      nationalIds: [requester],
      purpose: 'COMPLAINT',
    });
    const r = await gql(ts.stack.gateway.url, `query ($c: ID!) { saksmappe(id: $c) { id } }`, {
      token: theirs,
      variables: { c: relative.saksmappe.id },
    });
    expect(refusal(r.body).code).toBe('FORBIDDEN');
  }, 120_000);

  test('pasient- og brukerrettighetsloven § 5-1: a patient record that has a fødselsnummer still needs it as patientNationalId (BAD_USER_INPUT naming it), an unknown record too, and an H-nummer given there is still refused; nothing is stored', async () => {
    const { h, gerica } = await twoOrganisationsOneHNumber('3603', 184_270_680);
    const hp = writeHpExport(dir, 'hp-3603', { Patient: [hpPatient('hp-h36-c', '1981-06-02', 3603)] });
    await runImport(ts.tdb.db, 'hp', hp);
    const withFnr = await hpPatientRecord(ts.tdb.db, 'hp-h36-c');
    const fnr = makeSyntheticNationalId('1981-06-02', 3603, true);
    const token = await caseHandler('saksbehandler-h36c');
    const ask = async (input: Record<string, unknown>) =>
      refusal((await gql(ts.stack.gateway.url, REGISTER, { token, variables: { i: input } })).body);
    expect({
      withFnr: await ask(request(withFnr)),
      unknown: await ask(request('p-h36-nowhere')),
      hNumber: await ask(request(gerica, { patientNationalId: h })),
    }).toEqual({
      withFnr: {
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(
          /patientNationalId is required: patient .* is registered with a fødselsnummer or D-number/,
        ),
      },
      unknown: {
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(
          /patientNationalId is required unless patient p-h36-nowhere is a journal record/,
        ),
      },
      hNumber: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
    });
    const stored = await ts.tdb.db.query(
      'SELECT 1 FROM archive.access_request WHERE patient_id = ANY($1::text[])',
      [[withFnr, 'p-h36-nowhere', gerica]],
    );
    expect(stored.rows).toHaveLength(0);
    // With its fødselsnummer the request is registered as before, filed under it.
    const reg = await register(token, request(withFnr, { patientNationalId: fnr }));
    const row = await ts.tdb.db.query(
      'SELECT patient_national_id FROM archive.access_request WHERE saksmappe_id = $1',
      [reg.saksmappe.id],
    );
    expect(row.rows).toEqual([{ patient_national_id: fnr }]);
  }, 90_000);

  test('pasient- og brukerrettighetsloven § 5-1: an access request for a patient known only by an FH-nummer is registered by patient record id; the FH-nummer is still refused as patientNationalId, and so is a national id that is none of the record’s (FH-nummer or H-nummer record), with nothing stored', async () => {
    // Review s36 (F10): the record's FH-nummer (felles hjelpenummer, stored as its national id)
    // counted as a registered national id, so patientNationalId was required, and the FH-nummer
    // itself is refused there: such a person could get no request registered either way.
    const fh = withCheckDigits(812_360_101);
    await ts.tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
       VALUES ('pat-s36-fh', $1, 'Hjelpenes', 'Frida', '1966-02-03')`,
      [fh],
    );
    const token = await caseHandler('saksbehandler-h36-fh');
    const given = refusal(
      (
        await gql(ts.stack.gateway.url, REGISTER, {
          token,
          variables: { i: request('pat-s36-fh', { patientNationalId: fh }) },
        })
      ).body,
    );
    expect(given.code).toBe('BAD_USER_INPUT');

    // A valid fødselsnummer that is none of the record's, nor of a record linked to it (review of
    // stop 36: feb3937 took the FH-nummer out of the record's national ids, so there was no
    // mismatch, and the request was filed under the record and that number, whose person's
    // records its case handler then reached; pasientjournalloven § 22). The same for a record
    // known by an H-nummer only.
    const h = withCheckDigits(184_270_650);
    await ts.tdb.db.query(
      `INSERT INTO journal.patient (id, help_number, family_name, given_name, birth_date)
       VALUES ('pat-s36-h-only', $1, 'Hjelpenes', 'Hans', '1870-02-18')`,
      [h],
    );
    await ts.tdb.db.query(
      `INSERT INTO journal.patient_identity (source_system, local_id, patient_id) VALUES ('GERICA', 's36-h-only', 'pat-s36-h-only')`,
    );
    const stranger = makeSyntheticNationalId('1966-02-03', 3611, true);
    const ask = async (patientId: string) =>
      refusal(
        (
          await gql(ts.stack.gateway.url, REGISTER, {
            token,
            variables: { i: request(patientId, { patientNationalId: stranger }) },
          })
        ).body,
      );
    const foreign = { fh: await ask('pat-s36-fh'), h: await ask('pat-s36-h-only') };
    const notTheirs = {
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(
        /registered with an FH-nummer or H-nummer only, and patientNationalId is no national id of that record/,
      ),
    };
    expect(foreign).toEqual({ fh: notTheirs, h: notTheirs });
    expect(JSON.stringify(foreign)).not.toContain(stranger);
    const none = await ts.tdb.db.query(
      'SELECT 1 FROM archive.access_request WHERE patient_id = ANY($1::text[]) OR patient_national_id = $2',
      [['pat-s36-fh', 'pat-s36-h-only'], stranger],
    );
    expect(none.rows).toHaveLength(0);

    const reg = await register(token, request('pat-s36-fh'));
    expect(reg.patient.id).toBe('pat-s36-fh');
    const stored = await ts.tdb.db.query(
      'SELECT patient_id, patient_national_id FROM archive.access_request WHERE saksmappe_id = $1',
      [reg.saksmappe.id],
    );
    expect(stored.rows).toEqual([{ patient_id: 'pat-s36-fh', patient_national_id: null }]);
  }, 60_000);

  test('pasientjournalloven § 22: an access request without a national id is refused for a patient record that holds one H-nummer from more than one source system, or a record linked to one (it may be two persons); nothing is stored', async () => {
    // Journal migration 021 leaves a record holding two sources' records of one H-nummer whole
    // ("may be two persons"; journal/help-numbers.ts takes such a number for no one's). Filed
    // under it, the request's case handler reached both persons' notes.
    const h = withCheckDigits(184_270_730);
    await ts.tdb.db.query(
      `INSERT INTO journal.patient (id, help_number, family_name, given_name, birth_date)
       VALUES ('pat-s36-merged', $1, 'Hjelpenes', 'Per', '1870-02-18'),
              ('pat-s36-merged-linked', NULL, 'Hjelpenes', 'Per', '1870-02-18')`,
      [h],
    );
    await ts.tdb.db.query(
      `INSERT INTO journal.patient_identity (source_system, local_id, patient_id)
       VALUES ('GERICA', 's36-merged-g', 'pat-s36-merged'), ('PROFIL', 's36-merged-p', 'pat-s36-merged'),
              ('GERICA', 's36-merged-l', 'pat-s36-merged-linked')`,
    );
    await ts.tdb.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES ('pat-s36-merged', 'pat-s36-merged-linked', 'arkivar-h36', 'samme person')`,
    );
    const token = await caseHandler('saksbehandler-h36-merged');
    const ask = async (patientId: string) =>
      refusal(
        (await gql(ts.stack.gateway.url, REGISTER, { token, variables: { i: request(patientId) } })).body,
      );
    const answers = { merged: await ask('pat-s36-merged'), linked: await ask('pat-s36-merged-linked') };
    const refused = {
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/one H-nummer from more than one source system.*may be two persons/),
    };
    expect(answers).toEqual({ merged: refused, linked: refused });
    expect(JSON.stringify(answers)).not.toContain(h);
    const stored = await ts.tdb.db.query(
      'SELECT 1 FROM archive.access_request WHERE patient_id = ANY($1::text[])',
      [['pat-s36-merged', 'pat-s36-merged-linked']],
    );
    expect(stored.rows).toHaveLength(0);
  }, 60_000);

  test('pasient- og brukerrettighetsloven § 5-1: a request filed under a record id is among Patient.cases of a record linked to it', async () => {
    // Filed under Gerica record A (an H-nummer, no national id); later A is linked to a second
    // H-nummer record B of the same person, and to the person's fødselsnummer record C once
    // identified (review s36 F1: Patient(B).cases and Patient(C).cases looked up record-only
    // cases by the asked record alone, while cases found by national id cover every linked record).
    const { gerica, profil } = await twoOrganisationsOneHNumber('3606', 184_270_710);
    const { gerica: second } = await twoOrganisationsOneHNumber('3607', 184_270_720);
    const hp = writeHpExport(dir, 'hp-3606', { Patient: [hpPatient('hp-h36-f1', '1970-07-18', 3606)] });
    await runImport(ts.tdb.db, 'hp', hp);
    const withFnr = await hpPatientRecord(ts.tdb.db, 'hp-h36-f1');
    const reg = await register(await caseHandler('saksbehandler-h36f1'), request(gerica));
    const administrator = await ts.stack.token({
      sub: 'arkivar-h36f1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    for (const b of [second, withFnr]) {
      const linked = await gql(
        ts.stack.gateway.url,
        'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme person") { id } }',
        { token: administrator, variables: { a: gerica, b } },
      );
      expect(linked.body.errors).toBeUndefined();
    }
    const casesOf = async (patientId: string, matter: string) => {
      const legal = await ts.stack.matterToken({ id: matter, patientIds: [patientId], purpose: 'COMPLAINT' });
      const r = await gql(ts.stack.gateway.url, `query ($p: ID!) { patient(id: $p) { cases { id } } }`, {
        token: legal,
        variables: { p: patientId },
      });
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.cases.map((c: { id: string }) => c.id);
    };
    const everyone = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!, $q: ID!) { b: patient(id: $p) { cases { id } } c: patient(id: $q) { cases { id } } }`,
      { token: administrator, variables: { p: second, q: withFnr } },
    );
    expect(everyone.body.errors).toBeUndefined();
    expect({
      filed: await casesOf(gerica, 'M-h36-f1-a'),
      secondHNumber: await casesOf(second, 'M-h36-f1-b'),
      fodselsnummer: await casesOf(withFnr, 'M-h36-f1-c'),
      // Another institution's person of A's H-nummer is not linked: not theirs.
      otherInstitution: await casesOf(profil, 'M-h36-f1-p'),
      // Both asked in one request by an unrestricted archivist.
      unrestricted: everyone.body.data,
    }).toEqual({
      filed: [reg.saksmappe.id],
      secondHNumber: [reg.saksmappe.id],
      fodselsnummer: [reg.saksmappe.id],
      otherInstitution: [],
      unrestricted: { b: { cases: [{ id: reg.saksmappe.id }] }, c: { cases: [{ id: reg.saksmappe.id }] } },
    });
  }, 120_000);

  test('statistikkloven § 7: accessRequestStatistics counts a person known only by an H-nummer once, by patient record (two requests, and a request under a linked record, are one person), and another institution’s person of the same number as another', async () => {
    const { gerica, profil } = await twoOrganisationsOneHNumber('3604', 184_270_690);
    const { gerica: linked } = await twoOrganisationsOneHNumber('3605', 184_270_700);
    await ts.tdb.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES (least($1, $2), greatest($1, $2), 'arkivar-h36', 'samme person')`,
      [gerica, linked],
    );
    const token = await caseHandler('saksbehandler-h36d');
    // Received in February 2024: no other request of this file is in that month.
    for (const [patientId, day] of [
      [gerica, '05'],
      [gerica, '12'],
      [linked, '19'],
      [profil, '20'],
    ] as const)
      await register(token, request(patientId, { receivedAt: `2024-02-${day}T10:00:00+01:00` }));
    const rows = await archiveStatisticsTables['access-requests'].load(ts.tdb.db, {
      from: '2024-02',
      to: '2024-02',
    });
    const total = rows.find((r) => r.block === '2024-02' && r.keys.every((k) => k === null));
    expect(total && { count: total.count, persons: total.persons }).toEqual({ count: 4, persons: 2 });
  }, 90_000);
});

describe('access requests stored before 2c33faf with an H-nummer as patientNationalId', () => {
  // Until 2c33faf the input check took an H-nummer as patientNationalId (lib/national-id.ts
  // H_NUMBER_ERROR came with it), so requests are stored with the number as the patient's national
  // id: the Klient part's partID and a person_link row under it too. Migration 027 moved that link
  // out and left the number out of subject_part, and subject_record (026) listed only requests
  // with no national id: such a case concerned no one. The database here is the deployment's: the
  // archive at migration 025 when the rows were written, by the code that wrote them (its writer,
  // registerAccessRequest, unchanged since but for `?? null`; the input check is what refused the
  // number later), then the stack starts and applies 026 onwards.
  let old: TestStack;
  const legacy = {} as {
    h: string;
    gerica: string;
    profil: string;
    november: string;
    profilNovember: string;
    december: string;
  };
  const HANDLER = 'saksbehandler-h36-pre';
  const tag = '3610';

  /** A request as the code before 2c33faf stored it: the H-nummer given as patientNationalId. */
  async function storedBefore2c33faf(db: Db, patientId: string, receivedAt: string, handler: string) {
    const input = {
      ...AccessRequestInput.parse(request(patientId, { receivedAt })),
      patientNationalId: legacy.h,
    };
    const row = await registerAccessRequest(
      db,
      input,
      handler,
      await registeredFacts(db, patientId, legacy.h),
    );
    return row.saksmappe_id;
  }

  beforeAll(async () => {
    old = await startPostgresTestStack(
      { research: { ...testConfig({}).research, extractDir: dir } },
      async (tdb) => {
        const migrations = mkdtempSync(join(tmpdir(), 'hs-hreq36-mig-'));
        try {
          const real = join(__dirname, '..', 'subgraphs', 'archive', 'migrations');
          for (const f of readdirSync(real).filter((f) => f < '026'))
            copyFileSync(join(real, f), join(migrations, f));
          await migrate(tdb.db, 'policy', join(__dirname, '..', 'lib', 'policy', 'migrations'));
          await migrate(tdb.db, 'journal', join(__dirname, '..', 'subgraphs', 'journal', 'migrations'));
          await migrate(tdb.db, 'archive', migrations);
        } finally {
          rmSync(migrations, { recursive: true, force: true });
        }
        legacy.h = withCheckDigits(184_270_740);
        await runImport(
          tdb.db,
          'gerica',
          gericaFolder(dir, `gerica-${tag}`, {
            'journalnotater.csv': [NOTES_HEADER, noteRow(`${tag}001`, `${tag}1`, legacy.h, 'Hjemmebesøk.')],
          }),
        );
        await runImport(tdb.db, 'profil', writeOtherOrganisationProfil(dir, tag, legacy.h));
        legacy.gerica = (await sourceRecord(tdb.db, 'GERICA', `${tag}1`))!;
        legacy.profil = (await sourceRecord(tdb.db, 'PROFIL', `${tag}02`))!;
        legacy.november = await storedBefore2c33faf(
          tdb.db,
          legacy.gerica,
          '2023-11-06T10:00:00+01:00',
          HANDLER,
        );
        legacy.profilNovember = await storedBefore2c33faf(
          tdb.db,
          legacy.profil,
          '2023-11-13T10:00:00+01:00',
          'saksbehandler-h36-pre-p',
        );
        legacy.december = await storedBefore2c33faf(
          tdb.db,
          legacy.gerica,
          '2023-12-04T10:00:00+01:00',
          HANDLER,
        );
      },
    );
  }, 120_000);

  afterAll(async () => {
    await old?.stop();
  });

  test('pasient- og brukerrettighetsloven § 5-1: an access request stored with an H-nummer as patientNationalId (before 2c33faf) is filed under its patient record: its case handler reads the case, Patient.cases and search of the record list it, its read is logged under the record (pasientjournalforskriften § 14), and the statistics count the record’s person; the stored number is kept', async () => {
    const { h, gerica, profil, november, profilNovember, december } = legacy;
    const db = old.tdb.db;
    // As stored, and migration 027's move of the link under the number, kept.
    const kept = async () => ({
      requests: (
        await db.query<{ saksmappe_id: string }>(
          'SELECT saksmappe_id, patient_id, patient_national_id FROM archive.access_request ORDER BY received_on',
        )
      ).rows,
      parts: (
        await db.query<{ saksmappe_id: string }>(
          'SELECT saksmappe_id, part_id FROM archive.part WHERE part_rolle = $1 ORDER BY saksmappe_id',
          ['Klient'],
        )
      ).rows,
      unlinked: (
        await db.query(
          'SELECT national_id, saksmappe_id FROM archive.unlinked_person_link ORDER BY saksmappe_id',
        )
      ).rows,
      linked: (await db.query('SELECT national_id FROM archive.person_link')).rows,
    });
    const bySak = (ids: string[]) => [...ids].sort();
    expect(await kept()).toEqual({
      requests: [
        { saksmappe_id: november, patient_id: gerica, patient_national_id: h },
        { saksmappe_id: profilNovember, patient_id: profil, patient_national_id: h },
        { saksmappe_id: december, patient_id: gerica, patient_national_id: h },
      ],
      parts: bySak([november, profilNovember, december]).map((id) => ({ saksmappe_id: id, part_id: h })),
      unlinked: bySak([november, profilNovember, december]).map((id) => ({
        national_id: h,
        saksmappe_id: id,
      })),
      linked: [],
    });

    const before = await kept();

    // The case handler (saksansvarlig, purpose ACCESS_REQUEST) reads the case and its journalposts.
    const token = await old.stack.token({ sub: HANDLER, role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const read = await gql(
      old.stack.gateway.url,
      `query ($c: ID!) { accessRequest(id: $c) { patient { id } } saksmappe(id: $c) { id journalposter { journalposttype } } }`,
      { token, variables: { c: november } },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({
      accessRequest: { patient: { id: gerica } },
      saksmappe: { id: november, journalposter: [{ journalposttype: 'Inngående dokument' }] },
    });
    // Logged under the patient record (and under the case: its Klient part is an H-nummer).
    const logged = await db.query<{ patient_id: string }>(
      `SELECT DISTINCT patient_id FROM audit.access_log
        WHERE user_id = $1 AND outcome = 'granted' AND entity_type IN ('saksmappe', 'journalpost')
          AND (entity_ids && ARRAY[$2]::text[] OR entity_ids && ARRAY(SELECT id FROM archive.journalpost WHERE saksmappe_id = $2))
        ORDER BY 1`,
      [HANDLER, november],
    );
    expect(logged.rows.map((r) => r.patient_id).sort()).toEqual([gerica, `saksmappe:${november}`].sort());

    // A legal matter over each record: the record's own cases, in Patient.cases and search.
    await old.stack.index();
    const view = async (patientId: string, matter: string) => {
      const legal = await old.stack.matterToken({
        id: matter,
        patientIds: [patientId],
        purpose: 'COMPLAINT',
      });
      const r = await gql(
        old.stack.gateway.url,
        `query ($p: ID!) { patient(id: $p) {
           cases { id }
           search(query: "innsyn", kinds: ["journalpost"]) { hits { saksmappe { id } } } } }`,
        { token: legal, variables: { p: patientId } },
      );
      expect(r.body.errors).toBeUndefined();
      return {
        cases: r.body.data.patient.cases.map((c: { id: string }) => c.id).sort(),
        hits: r.body.data.patient.search.hits
          .map((x: { saksmappe: { id: string } | null }) => x.saksmappe?.id)
          .sort(),
      };
    };
    expect({
      gerica: await view(gerica, 'M-h36-pre-g'),
      profil: await view(profil, 'M-h36-pre-p'),
    }).toEqual({
      gerica: { cases: bySak([november, december]), hits: bySak([november, december]) },
      profil: { cases: [profilNovember], hits: [profilNovember] },
    });

    // Statistics: November, one request of each organisation's person of the number: two persons.
    // December, one stored before 2c33faf and one filed under the record alone: one person.
    const recordOnly = await gql(old.stack.gateway.url, REGISTER, {
      token,
      variables: { i: request(gerica, { receivedAt: '2023-12-11T10:00:00+01:00' }) },
    });
    expect(recordOnly.body.errors).toBeUndefined();
    const rows = await archiveStatisticsTables['access-requests'].load(db, {
      from: '2023-11',
      to: '2023-12',
    });
    const total = (block: string) => {
      const t = rows.find((r) => r.block === block && r.keys.every((k) => k === null));
      return t && { count: t.count, persons: t.persons };
    };
    expect({ november: total('2023-11'), december: total('2023-12') }).toEqual({
      november: { count: 2, persons: 2 },
      december: { count: 2, persons: 1 },
    });

    // Nothing stored was rewritten: the request registered above is the only new row.
    const after = await kept();
    const stored = new Set([november, profilNovember, december]);
    expect({
      requests: after.requests.filter((r) => stored.has(r.saksmappe_id)),
      parts: after.parts.filter((r) => stored.has(r.saksmappe_id)),
      unlinked: after.unlinked,
      added: after.requests.length - before.requests.length,
    }).toEqual({ requests: before.requests, parts: before.parts, unlinked: before.unlinked, added: 1 });
  }, 120_000);
});
