/**
 * The archive room's narrow interface to other rooms: open access requests of a person.
 *
 * The journal's deletion rule (helsepersonelloven § 43, subgraphs/journal/record-cases.ts)
 * refuses to delete while the patient has an open access request (pbrl. § 5-1): the
 * requester is owed the record as it stood when they asked. It asks here, and this asks the
 * SQL function `archive.open_access_requests_for` (migration 014), whose columns are the
 * contract; no other room reads the archive's tables.
 */
import type { Queryable } from '../../lib/db';
import { lockPatientRecord } from '../../lib/person-lock';

export interface OpenAccessRequest {
  saksmappeId: string;
  mappeId: string;
  receivedOn: string;
  deadline: string;
}

/**
 * Open access requests concerning any of these patient record ids or national ids.
 * Throws when the archive's function is not in this database (an archive that cannot be
 * asked is not taken as "no requests").
 */
export async function openAccessRequestsFor(
  db: Queryable,
  person: { patientIds: readonly string[]; nationalIds: readonly string[] },
): Promise<OpenAccessRequest[]> {
  const r = await db.query<{ saksmappe_id: string; mappe_id: string; received_on: string; deadline: string }>(
    `SELECT saksmappe_id, mappe_id, to_char(received_on, 'YYYY-MM-DD') AS received_on,
            to_char(deadline, 'YYYY-MM-DD') AS deadline
       FROM archive.open_access_requests_for($1::text[], $2::text[])`,
    [[...person.patientIds], [...person.nationalIds]],
  );
  return r.rows.map((x) => ({
    saksmappeId: x.saksmappe_id,
    mappeId: x.mappe_id,
    receivedOn: x.received_on,
    deadline: x.deadline,
  }));
}

/**
 * Queues again the search documents of the access-request cases filed under these patient
 * records (`archive.queue_request_cases_of_records`, migration 038), for the journal's
 * linkPatients and unlinkPatients: such a case's documents carry the national ids of its patient
 * record's person as the journal links it (outbox.ts caseSubjectSql; pasientjournalloven § 22 with
 * pasientjournalforskriften § 14, task s46), which a link or an unlink changes. In the caller's
 * transaction. An archive not migrated that far, or none, has nothing to queue.
 */
export async function queueRequestCasesOfRecords(
  db: Queryable,
  patientIds: readonly string[],
): Promise<void> {
  if (!patientIds.length) return;
  const present = await db.query<{ present: boolean }>(
    `SELECT to_regprocedure('archive.queue_request_cases_of_records(text[])') IS NOT NULL AS present`,
  );
  if (!present.rows[0]!.present) return;
  await db.query('SELECT archive.queue_request_cases_of_records($1::text[])', [[...patientIds]]);
}

/**
 * The journal's person lock of a patient record (lib/person-lock.ts), taken by
 * registerAccessRequest before it files a case under the record. linkPatients, unlinkPatients and
 * an import that links records take it on every record of the persons they change (lockPersons),
 * and queue the request cases filed under them (queueRequestCasesOfRecords) while holding it: so a
 * registration and a change of the person run one after the other, and the new case is either
 * seen and queued by the change or registered after it (pasientjournalloven § 22 with
 * pasientjournalforskriften § 14; stop 46, fix FX7: registered beside an unlink, the case was
 * indexed under the person before the unlink and never queued again). Held until the caller's
 * transaction ends; take it first in that transaction, before any other lock.
 */
export async function lockRequestPatient(tx: Queryable, patientId: string): Promise<void> {
  await lockPatientRecord(tx, patientId);
}
