-- The time of the Helseplattformen export a relative's registration was last read from (review
-- s45; pasientjournalloven § 22, integritet, with pasient- og brukerrettighetsloven § 5-1 femte
-- ledd and § 1-3 b): an HP RelatedPerson has no meta, so the export's own time (manifest.json
-- `transactionTime`) tells an older export from a newer one. An export older than the one the row
-- was last read from is not applied (writer.ts writeRelatives): before, an export of June imported
-- after one of October put a nearest relative whose registration October ended back in force.
-- NULL: read from an export without a manifest time, or stored before this migration (applied as
-- before, the last export imported).
ALTER TABLE journal.related_person ADD COLUMN source_as_of timestamptz;

-- The newest export time seen moves on with every later export, also when the registration says
-- nothing new: provenance, not the registration, so no version row for it (the trigger of
-- migration 009 kept a version for any change of the row).
DROP TRIGGER related_person_keep_version ON journal.related_person;
CREATE TRIGGER related_person_keep_version BEFORE UPDATE ON journal.related_person
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'source_as_of') IS DISTINCT FROM (to_jsonb(NEW) - 'source_as_of'))
  EXECUTE FUNCTION journal.keep_record_version('source_system,source_id');
