-- Which source version of a patient statement the imports have seen (stop 43; pasientjournalloven
-- § 22, integritet): an HP Patient's meta.versionId and meta.lastUpdated, the newest seen of the
-- source record (patient_identity), as migration 012 keeps a note's. A later export whose Patient
-- is older than that (by versionId when both are whole numbers, else by lastUpdated: writer.ts
-- olderThanStored, the notes' step 0a) does not replace the stored statement: the older one is
-- kept as a version of it (record_version) and quarantined with its bytes as
-- `older-source-version`. Before, it replaced the newer statement, the newer kept only as a
-- version. Provenance, not the statement: changing these keeps no version (the trigger of
-- migration 029 fires on source_details). NULL: a source without versions (Gerica, Profil), an HP
-- Patient without meta, or a statement stored before this migration (the next export is applied).
ALTER TABLE journal.patient_identity
  ADD COLUMN source_version text,
  ADD COLUMN source_updated_at timestamptz;
