-- H-nummer (hjelpenummer): the number one institution gives a person it cannot identify by
-- fødselsnummer or D-number, the third digit + 4 (month + 40). It names the person within that
-- source only: two sources' equal H-numbers are two persons (pasientjournalloven § 22; review s33
-- follow-up). It was stored as a national id, and the patient id derived from it as from one, so
-- two institutions' H-numbers for two different people made one patient record.
-- From now on it is kept here, not in national_id (whose UNIQUE names one person nationally),
-- and the import derives the patient id from (source system, H-number): import/records.ts
-- patientIdFor.
ALTER TABLE journal.patient ADD COLUMN help_number text;

-- Stored rows: every row is kept, under its id; the H-number moves to help_number. A record of
-- one source stays that source's record (import/writer.ts helpNumberRecords). A record that
-- holds two sources' records of one H-number may be two persons: nothing here can tell, so it is
-- left whole; at each source's next import its record gets its own patient and the change is
-- kept for an archivist (journal.identity_change, duplicateCandidates). A D-number's first digit
-- is 4-7: only numbers of day 01-31 with month 41-52 are H-numbers.
UPDATE journal.patient
   SET help_number = national_id, national_id = NULL, updated_at = now()
 WHERE national_id ~ '^[0-3][0-9](4[1-9]|5[0-2])[0-9]{7}$';

-- Their notes' search documents carried the H-number as a national id (journal/outbox.ts): queued again.
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT 'journal_entry', e.id
  FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id
 WHERE p.help_number IS NOT NULL AND e.deleted_at IS NULL AND e.status = 'current';
