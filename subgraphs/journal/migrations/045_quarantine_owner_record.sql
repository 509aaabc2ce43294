-- Whose quarantined line is it, when the line's own bytes hold no patient field (task s47,
-- defect 1; pasientjournalloven § 22, helsepersonelloven § 21: a person's record lists its own
-- quarantined lines and no one else's; pasientjournalforskriften § 14: the read is logged under
-- that person). A Profil `notat` names no patient: its klient is the element around it. A notat
-- quarantined and never stored (a date that does not exist, an id that is no number, over the size
-- cap) was listed under no one. The importer now records the klient's record in the source system
-- (`owner_source_system` PROFIL, `owner_local_id` its klientnr), a record reference, never a
-- national id, and `Patient.quarantinedRecords` lists the line under the patient with that
-- identity (journal.patient_identity), and under no one else.
-- Rows quarantined before this have no owner recorded (their klient is not in their bytes): found
-- as before, through the note they are a version of (`entry_id`), until the export is imported
-- again: a row with the same bytes is not added twice, and the writer then fills in the owner it
-- read (writer.ts writeQuarantine; nothing else of the row changes).
ALTER TABLE journal.quarantine
  ADD COLUMN owner_source_system text,
  ADD COLUMN owner_local_id text;
ALTER TABLE journal.quarantine
  ADD CONSTRAINT quarantine_owner_both CHECK ((owner_source_system IS NULL) = (owner_local_id IS NULL));
CREATE INDEX quarantine_owner ON journal.quarantine (owner_source_system, owner_local_id)
  WHERE owner_local_id IS NOT NULL;
