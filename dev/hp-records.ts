/**
 * Hand-written Helseplattformen (FHIR NDJSON) exports for tests of the journal import: a
 * folder of one file per resource type, and the few resources such tests write by hand
 * (a patient, a document, an encounter). The generator's exports are dev/journal-exports.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../lib/db';
import type { TestStack } from './test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';

/** A folder `dir/name` with one `<type>.ndjson` per resource type, lines in the order given. */
export function writeHpExport(dir: string, name: string, files: Record<string, object[]>): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const [type, rs] of Object.entries(files))
    writeFileSync(join(d, `${type}.ndjson`), rs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return d;
}

/** A patient with a synthetic fødselsnummer of the birth date and serial. */
export const hpPatient = (
  id: string,
  birthDate: string,
  serial: number,
  name: { family: string; given: string[] } = { family: 'Sporvik', given: ['Tone'] },
) => ({
  resourceType: 'Patient',
  id,
  identifier: [
    { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: makeSyntheticNationalId(birthDate, serial, true) },
  ],
  name: [name],
  birthDate,
});

/** A current journal note (DocumentReference) of the patient, its text base64 as HP sends it. */
export const hpDoc = (id: string, patient: string, text: string, extra: object = {}) => ({
  resourceType: 'DocumentReference',
  id,
  status: 'current',
  subject: { reference: `Patient/${patient}` },
  type: { text: 'Journalnotat' },
  date: '2022-03-01T10:00:00+01:00',
  content: [{ attachment: { data: Buffer.from(text, 'utf8').toString('base64') } }],
  ...extra,
});

/** An encounter (care contact) of the patient. */
export const hpEncounter = (id: string, patient: string) => ({
  resourceType: 'Encounter',
  id,
  subject: { reference: `Patient/${patient}` },
  serviceType: { text: 'Helsestasjon' },
  period: { start: '2022-03-01T09:00:00+01:00' },
});

/** The patient record an HP patient id was imported as. */
export async function hpPatientRecord(db: Queryable, localId: string): Promise<string> {
  const r = await db.query<{ patient_id: string }>(
    `SELECT patient_id FROM journal.patient_identity WHERE source_system = 'HELSEPLATTFORMEN' AND local_id = $1`,
    [localId],
  );
  return r.rows[0]!.patient_id;
}

export interface StoredEntry {
  patient_id: string;
  text: string | null;
  status: string;
  version: number;
}

/** A journal entry's row as stored (undefined: none). */
export async function storedEntry(db: Queryable, id: string): Promise<StoredEntry | undefined> {
  return (
    await db.query<StoredEntry>(
      'SELECT patient_id, text, status, version FROM journal.journal_entry WHERE id = $1',
      [id],
    )
  ).rows[0];
}

/**
 * The two who keep the record in tests of imports and record cases: an archivist on
 * ARCHIVE_ADMINISTRATION (`arkivar-<tag>`) and a journalansvarlig on RECORD_CORRECTION
 * (`journalansvarlig-<tag>`), their tokens.
 */
export async function recordKeeperTokens(
  stack: Pick<TestStack['stack'], 'token'>,
  tag: string,
): Promise<{ archivist: string; ansvarlig: string }> {
  return {
    archivist: await stack.token({
      sub: `arkivar-${tag}`,
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    }),
    ansvarlig: await stack.token({
      sub: `journalansvarlig-${tag}`,
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    }),
  };
}
