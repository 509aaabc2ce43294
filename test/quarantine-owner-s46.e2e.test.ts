/**
 * Task s46, defect 1: whose quarantined source line is it? `Patient.quarantinedRecords` matched a
 * national id anywhere in a quarantined line's bytes, so a line of ANOTHER person that merely
 * names this patient's national id (as a relative, HP RelatedPerson.identifier; or in a note's
 * free text, Gerica Tekst) was listed under this patient (file, line, reason) and its read logged
 * under him (pasientjournalloven § 22, helsepersonelloven § 21: another person's record is not
 * shown; pasientjournalforskriften § 14: a read is logged under the person whose record was read).
 * Now each source's patient field decides (subgraphs/journal/quarantine-owner.ts). Real
 * importers, real PostgreSQL, through the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
/** X: the patient asked about. Y: another person, whose lines name X as next of kin. */
const NID_X = makeSyntheticNationalId('1950-05-05', 4611, true);
const NID_Y = makeSyntheticNationalId('1949-04-04', 4612, true);

let dir: string;
let ts: TestStack;
let X: string;
let Y: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-q46-'));
  ts = await startPostgresTestStack();
  const db = ts.tdb.db;
  const hp = writeHpExport(dir, 'hp', {
    Patient: [hpPatient('pt-q46-x', '1950-05-05', 4611), hpPatient('pt-q46-y', '1949-04-04', 4612)],
    RelatedPerson: [
      // Y's next of kin is X; the registration's start is no instant: quarantined (invalid-resource).
      {
        resourceType: 'RelatedPerson',
        id: 'rp-q46-y1',
        patient: { reference: 'Patient/pt-q46-y' },
        identifier: [{ system: FNR, value: NID_X }],
        name: [{ family: 'Sporvik', given: ['Tone'] }],
        relationship: [{ coding: [{ code: 'CHILD' }], text: 'Datter' }],
        period: { start: 'i fjor' },
      },
    ],
  });
  await runImport(db, 'hp', hp);
  // Gerica journalnotater.csv: a note of Y (Fodselsnr NID_Y) that names X's national id in its text,
  // on a day that does not exist: quarantined (date).
  const gerica = join(dir, 'journalnotater.csv');
  writeFileSync(
    gerica,
    Buffer.from(
      [
        'NotatID;PasientID;Fodselsnr;Navn;Dato;Klokkeslett;Tjeneste;Notattype;ForfatterHPR;ForfatterNavn;Tekst',
        `4600001;46001;${NID_Y};Sporvik, Olav;31.02.2023;10:00;Hjemmesykepleie;Journalnotat;;;"Pårørende datter (${NID_X}) ringte."`,
        '',
      ].join('\r\n'),
      'latin1',
    ),
  );
  await runImport(db, 'gerica', gerica);
  X = await hpPatientRecord(db, 'pt-q46-x');
  Y = await hpPatientRecord(db, 'pt-q46-y');
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const QUERY = `query ($id: ID!) { patient(id: $id) { quarantinedRecords { file line reason } } }`;

test('pasientjournalloven § 22, helsepersonelloven § 21, pasientjournalforskriften § 14: a quarantined line of person Y naming X’s national id as a relative is listed under Y, not under X, and its read logged under Y', async () => {
  const db = ts.tdb.db;
  // The two lines were quarantined, as the importers do it.
  const held = await db.query<{ file: string; reason: string }>(
    `SELECT file, reason FROM journal.quarantine ORDER BY file`,
  );
  expect(held.rows).toEqual([
    { file: 'RelatedPerson.ndjson', reason: 'invalid-resource' },
    { file: 'journalnotater.csv', reason: 'date' },
  ]);
  const token = await ts.stack.token({
    sub: 'arkivar-q46',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const ofX = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: X } });
  expect(ofX.body.errors).toBeUndefined();
  expect(ofX.body.data.patient.quarantinedRecords).toEqual([]);
  const ofY = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: Y } });
  expect(ofY.body.errors).toBeUndefined();
  expect((ofY.body.data.patient.quarantinedRecords as { file: string }[]).map((r) => r.file).sort()).toEqual([
    'RelatedPerson.ndjson',
    'journalnotater.csv',
  ]);
  // X's access log has the read of X's (empty) list only; Y's lines are logged under Y.
  const logged = await db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log
      WHERE user_id = 'arkivar-q46' AND entity_type = 'journal_entry' AND outcome IS DISTINCT FROM 'denied'`,
  );
  expect(logged.rows.map((r) => r.patient_id).sort()).toEqual([X, Y].sort());
});

test('pasientjournalloven § 22: a line that does not parse is matched only where the number stands in its patient field (HP subject, Gerica Fodselsnr)', async () => {
  const db = ts.tdb.db;
  // An HP Encounter line of Y cut short (invalid JSON) whose free text names X; a Gerica record with
  // an unclosed quote whose Fodselsnr is X's.
  const lines: [string, string, string, Buffer][] = [
    [
      'hp',
      'Encounter.ndjson',
      'invalid-json',
      Buffer.from(
        `{"resourceType":"Encounter","id":"enc-q46","subject":{"reference":"Patient/pt-q46-y"},"serviceType":{"text":"Besøk av ${NID_X}"`,
        'utf8',
      ),
    ],
    [
      'gerica',
      'journalnotater.csv',
      'quoting',
      Buffer.from(
        `4600002;46002;${NID_X};Sporvik, Tone;01.03.2023;10:00;Hjemmesykepleie;Journalnotat;;;"Uten slutt`,
        'latin1',
      ),
    ],
  ];
  for (const [source, file, reason, raw] of lines)
    await db.query(
      `INSERT INTO journal.quarantine (source, file, line, reason, raw, raw_hash) VALUES ($1, $2, 9, $3, $4::bytea, md5($4::bytea))`,
      [source, file, reason, raw],
    );
  const token = await ts.stack.token({
    sub: 'arkivar-q46b',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const ofX = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: X } });
  expect(ofX.body.errors).toBeUndefined();
  expect(ofX.body.data.patient.quarantinedRecords).toEqual([
    { file: 'journalnotater.csv', line: 9, reason: 'quoting' },
  ]);
  const ofY = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: Y } });
  expect(
    (ofY.body.data.patient.quarantinedRecords as { file: string; reason: string }[])
      .map((r) => `${r.file}:${r.reason}`)
      .sort(),
  ).toEqual([
    'Encounter.ndjson:invalid-json',
    'RelatedPerson.ndjson:invalid-resource',
    'journalnotater.csv:date',
  ]);
});

test('pasientjournalloven § 22, pasientjournalforskriften § 14: an HP line quarantined for its malformed reference (_history) is the referenced patient’s, one naming a Patient of another server (an absolute URL) no one’s (review 4: a FHIR id is unique per server only); in a line cut short only the top-level resource decides (a contained Patient names no owner), by the same type rule as a whole line', async () => {
  const db = ts.tdb.db;
  const lines: [string, number, string, string][] = [
    // Valid JSON, an absolute reference: a Patient of another server may have the same id (a
    // FHIR logical id is unique per server only), so it names no one here (review 4).
    [
      'Encounter.ndjson',
      21,
      'invalid-resource',
      JSON.stringify({
        resourceType: 'Encounter',
        id: 'enc-q46-url',
        subject: { reference: 'https://hp.example.no/fhir/Patient/pt-q46-x' },
      }),
    ],
    // Valid JSON, quarantined BECAUSE of its reference's form: still the referenced patient's.
    [
      'RelatedPerson.ndjson',
      22,
      'invalid-resource',
      JSON.stringify({
        resourceType: 'RelatedPerson',
        id: 'rp-q46-hist',
        patient: { reference: 'Patient/pt-q46-x/_history/3' },
      }),
    ],
    // Y's Encounter cut short, a contained Patient naming X's id and national id: Y's only.
    [
      'Encounter.ndjson',
      23,
      'invalid-json',
      `{"resourceType":"Encounter","id":"enc-q46-cont","contained":[{"resourceType":"Patient","id":"pt-q46-x","identifier":[{"value":"${NID_X}"}]}],"subject":{"reference":"Patient/pt-q46-y"},"status":"fin`,
    ],
    // A resource type with no patient field here (Observation): no one's, whole or cut short.
    [
      'Observation.ndjson',
      24,
      'invalid-resource',
      JSON.stringify({
        resourceType: 'Observation',
        id: 'obs-q46',
        subject: { reference: 'Patient/pt-q46-x' },
      }),
    ],
    [
      'Observation.ndjson',
      25,
      'invalid-json',
      `{"resourceType":"Observation","id":"obs-q46b","subject":{"reference":"Patient/pt-q46-x"},"status":"fin`,
    ],
    // A contained Patient in a cut line of a type with no patient field: no one's either.
    [
      'Observation.ndjson',
      26,
      'invalid-json',
      `{"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"pt-q46-x","identifier":[{"value":"${NID_X}"}]}],"status":"fin`,
    ],
  ];
  for (const [file, line, reason, raw] of lines)
    await db.query(
      `INSERT INTO journal.quarantine (source, file, line, reason, raw, raw_hash) VALUES ('hp', $1, $2, $3, $4::bytea, md5($4::bytea))`,
      [file, line, reason, Buffer.from(raw, 'utf8')],
    );
  const token = await ts.stack.token({
    sub: 'arkivar-q46c',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const listed = async (id: string) => {
    const r = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id } });
    expect(r.body.errors).toBeUndefined();
    return (r.body.data.patient.quarantinedRecords as { file: string; line: number }[])
      .filter((q) => q.line > 20)
      .map((q) => `${q.file}:${q.line}`)
      .sort();
  };
  expect({ x: await listed(X), y: await listed(Y) }).toEqual({
    x: ['RelatedPerson.ndjson:22'],
    y: ['Encounter.ndjson:23'],
  });
});
