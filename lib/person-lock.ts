/**
 * The advisory transaction lock of a person's patient record (pasientjournalloven § 22): taken
 * by the journal's lockPersons (link, unlink, a birth date chosen, an import that links records,
 * subgraphs/journal/mutations.ts) on every record of the persons it changes, and by the archive's
 * registerAccessRequest on the record it files a case under (subgraphs/archive/open-requests.ts
 * lockRequestPatient), so the two run one after the other. One key, written once here.
 */
import type { Queryable } from './db';

const PERSON_LOCK = 'journal.person';

/** Takes the person lock of one patient record until the transaction ends. */
export async function lockPatientRecord(tx: Queryable, patientId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [PERSON_LOCK, patientId]);
}
