-- What each source last said about its patient record (review s41: nothing lost). A person's
-- patient row is one for every source of the person: a later export fills what is missing
-- (writer.ts writePatients) and never replaces a name, birth date or gender stored before, so a
-- source's new name (a marriage), a corrected birth date or gender was applied nowhere and kept
-- nowhere. Each source's record (patient_identity) now keeps its own statement as of its
-- latest import, and the statement it replaced is kept in record_version (record_table
-- `patient_identity`, record_key `<source system>|<local id>`), as every other journal record's.
-- Which value is the person's stays a person's decision (an archivist), not the import's.
ALTER TABLE journal.patient_identity
  ADD COLUMN source_details jsonb,
  ADD COLUMN source_details_at timestamptz;

CREATE TRIGGER patient_identity_keep_version BEFORE UPDATE ON journal.patient_identity
  FOR EACH ROW WHEN (OLD.source_details IS NOT NULL AND OLD.source_details IS DISTINCT FROM NEW.source_details)
  EXECUTE FUNCTION journal.keep_record_version('source_system,local_id');
