import { nationalIdSubject } from '../../lib/audit';

/**
 * The access-log keys of a read of a case (pasientjournalforskriften § 14; the Noark 5 løpende
 * journal's audit): one per person the case concerns, `nid:<national id>` for a party known by
 * national id and the patient record id of an access request filed under its record alone
 * (archive.subject_record, migration 026); and, when a party of the case or of one of its
 * journalposter is named by an H-nummer (`hNumberParty`, store.ts casesWithHNumberParty), the
 * case itself, `saksmappe:<systemID>`. Such a party is a person the archive cannot tell
 * (migration 027: an H-nummer names a person within one institution only, pasientjournalloven
 * § 22), so the read is never logged under the number, yet it returned that person's
 * information: an archivist finds those reads by the case's key
 * (`accessLog(patientId: "saksmappe:<systemID>")`). Review s36 F2: a case whose only party is an
 * H-nummer concerned no one after 027, and its reads wrote no row. saksmappe(id), journalpost(id),
 * a case's journalposter and documents, the løpende journal and the deposit (CLI export-noark)
 * all log through this. A case with no person party at all is logged under no one, as before.
 */
export function caseLogKeys(
  saksmappeId: string,
  subject: { nationalIds: readonly string[]; patientIds: readonly string[] },
  hNumberParty: boolean,
): string[] {
  const keys = [...subject.nationalIds.map(nationalIdSubject), ...subject.patientIds];
  return hNumberParty ? [...keys, unresolvedCaseKey(saksmappeId)] : keys;
}

/** The access-log key of a case with a party the archive cannot tell: `saksmappe:<systemID>`. */
function unresolvedCaseKey(saksmappeId: string): string {
  return `saksmappe:${saksmappeId}`;
}
