/**
 * The access bundle (subgraphs/dossier/access-bundle.ts) of a patient whose records are linked,
 * stop 37. An access request filed under a patient record id (a person known then only by an
 * H-nummer; archive migration 026) is among Patient.cases of every record linked to it (review
 * s36 F1: the archive's Patient.cases takes the person's record ids through @requires). The
 * dossier calls the archive subgraph itself, where the gateway fills no @requires: it must send
 * the record ids in the representation, or the bundle asks by the one record alone. Review s37
 * found the bundle left such a case out. Real PostgreSQL, the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LERKENDAL } from '../dev/access-requests';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { sourceRecord, writeOtherOrganisationProfil } from '../dev/help-numbers';
import { hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-bundle37-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
  registerAccessRequest(input: $i) { saksmappe { id } } }`;

/** Registers an access request from the patient themself; the case's saksmappe id. */
async function register(handler: string, input: Record<string, unknown>): Promise<string> {
  const r = await gql(ts.stack.gateway.url, REGISTER, {
    token: handler,
    variables: {
      i: {
        administrativEnhet: LERKENDAL,
        patientName: 'Tone Sporvik',
        requesterName: 'Tone Sporvik',
        relation: 'PATIENT',
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        ...input,
      },
    },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.registerAccessRequest.saksmappe.id as string;
}

test('pasient- og brukerrettighetsloven § 5-1: the access bundle of a request under a fødselsnummer record lists a request case filed under a record linked to it', async () => {
  // Profil record A: an H-nummer, no national id (Profil, so that the research test below,
  // whose cohort is Gerica's, has its own person only). HP record C: the person's fødselsnummer.
  const h = withCheckDigits(184_270_910);
  await runImport(ts.tdb.db, 'profil', writeOtherOrganisationProfil(dir, '3701', h));
  const a = (await sourceRecord(ts.tdb.db, 'PROFIL', '370102'))!;
  const hp = writeHpExport(dir, 'hp-3701', { Patient: [hpPatient('hp-s37-bundle', '1970-08-19', 3701)] });
  await runImport(ts.tdb.db, 'hp', hp);
  const c = await hpPatientRecord(ts.tdb.db, 'hp-s37-bundle');
  const fnr = (hpPatient('hp-s37-bundle', '1970-08-19', 3701).identifier[0] as { value: string }).value;

  // One case handler (saksansvarlig for both; pasientjournalloven § 22 with helsepersonelloven
  // § 21a leaves another handler's case out of the bundle, test/access-review-s30).
  const handler = await ts.stack.token({
    sub: 'saksbehandler-s37b',
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
  });
  const first = await register(handler, { patientId: a });
  const administrator = await ts.stack.token({
    sub: 'arkivar-s37b',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const linked = await gql(
    ts.stack.gateway.url,
    'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme person") { id } }',
    { token: administrator, variables: { a, b: c } },
  );
  expect(linked.body.errors).toBeUndefined();
  const second = await register(handler, { patientId: c, patientNationalId: fnr });

  // Through the gateway, Patient(C).cases lists both (F1). The handler has two open requests for
  // the person, so the read names the one it serves (pasientjournalforskriften § 14; stop 44).
  const cases = await gql(ts.stack.gateway.url, `query ($p: ID!) { patient(id: $p) { cases { id } } }`, {
    token: await ts.stack.token({
      sub: 'saksbehandler-s37b',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
      matter: second,
    }),
    variables: { p: c },
  });
  expect(cases.body.errors).toBeUndefined();
  const bundle = await gql(
    ts.stack.gateway.url,
    `query ($r: ID!) { accessBundle(accessRequestId: $r) { patientId cases { id } } }`,
    { token: handler, variables: { r: second } },
  );
  expect(bundle.body.errors).toBeUndefined();
  expect({
    patientCases: cases.body.data.patient.cases.map((x: { id: string }) => x.id).sort(),
    bundleCases: bundle.body.data.accessBundle.cases
      .map((x: { id: string }) => x.id)
      .filter((id: string) => id.startsWith('SAKSMAPPE:'))
      .sort(),
  }).toEqual({
    patientCases: [first, second].sort(),
    bundleCases: [`SAKSMAPPE:${first}`, `SAKSMAPPE:${second}`].sort(),
  });
}, 120_000);

test('helseforskningsloven § 33: a cohort person known only by an H-nummer has their access-request case, filed under their patient record, among their research cases and in the extract', async () => {
  // Found in review s37: ResearchSubject.cases and the extract's cases read the parties by
  // national id only (archive.subject_part), and such a request's Klient part has none.
  const h = withCheckDigits(184_270_920);
  await runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, 'gerica-3702', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('3702001', '37021', h, 'Hjemmebesøk, god dag.')],
    }),
  );
  const record = (await sourceRecord(ts.tdb.db, 'GERICA', '37021'))!;
  const handler = await ts.stack.token({
    sub: 'saksbehandler-s37r',
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
  });
  await register(handler, { patientId: record });
  const archivist = await ts.stack.token({
    sub: 'arkivar-s37r',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const grant = await gql(
    ts.stack.gateway.url,
    `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
    {
      token: archivist,
      variables: {
        i: {
          id: 'G-s37',
          projectId: 'P-s37',
          title: 'Innsynskrav i hjemmetjenesten',
          rekNumber: '2026/370001',
          legalBasis: 'helseforskningsloven § 33',
          responsibleResearcher: 'forsker-s37',
          cohort: { sources: ['GERICA'] },
          variables: ['PERSON_BIRTH_YEAR', 'CASE_DATE'],
          datePrecision: 'MONTH',
          freeText: false,
          outputLevel: 'PSEUDONYMISED_RECORDS',
          expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
        },
      },
    },
  );
  expect(grant.body.errors).toBeUndefined();
  const researcher = await ts.stack.token({
    sub: 'forsker-s37',
    role: 'researcher',
    purpose: 'RESEARCH',
    grant: 'G-s37',
  });
  const cohort = await gql(
    ts.stack.gateway.url,
    '{ researchCohort { subjects(first: 50) { cases { saksdato } } } }',
    {
      token: researcher,
    },
  );
  expect(cohort.body.errors).toBeUndefined();
  const x = await gql(ts.stack.gateway.url, 'mutation { extract(grantId: "G-s37") { manifest } }', {
    token: researcher,
  });
  expect(x.body.errors).toBeUndefined();
  const month = new Date(Date.now() - 3600_000).toISOString().slice(0, 7);
  expect({
    cases: cohort.body.data.researchCohort.subjects.flatMap((s: { cases: { saksdato: string }[] }) =>
      s.cases.map((c) => c.saksdato),
    ),
    extracted: JSON.parse(x.body.data.extract.manifest).rowCounts.cases,
  }).toEqual({ cases: [month], extracted: 1 });
}, 120_000);
