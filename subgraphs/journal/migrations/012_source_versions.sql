-- Which source version of a note the imports have seen (review s30, "nothing lost"): an HP
-- DocumentReference's meta.versionId and meta.lastUpdated, the newest of them seen for the note
-- (applied, or held as a source conflict). An export older than that is not applied: the
-- writer quarantines it with its bytes (reason `older-source-version`) and the newer text stays
-- current. Before, an older export imported after a newer one made the old text current again.
-- NULL: a note from a source without versions (Gerica, Profil), or stored before this column.
ALTER TABLE journal.journal_entry
  ADD COLUMN source_version text,
  ADD COLUMN source_updated_at timestamptz;

-- A service decision read from a note (HP Vedtak) is with the note's patient: a § 44 move
-- takes it along (record-cases.ts moveEntry). Decisions of notes moved before this stayed on
-- the wrong patient (found in review s30); they follow their note now, the row before kept.
INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
SELECT d.id, d.version, to_jsonb(d), 'migration 012',
       'moved with its note to the right patient''s record (helsepersonelloven § 44)'
  FROM journal.service_decision d JOIN journal.journal_entry e ON e.id = d.journal_entry_id
 WHERE d.patient_id <> e.patient_id;
UPDATE journal.service_decision d SET patient_id = e.patient_id, version = d.version + 1, updated_at = now()
  FROM journal.journal_entry e
 WHERE e.id = d.journal_entry_id AND d.patient_id <> e.patient_id;
