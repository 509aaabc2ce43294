-- The time of the Helseplattformen export a care contact (an HP Encounter) was last read from, as
-- migration 038 keeps a relative's (review s45; pasientjournalloven § 22, integritet): an Encounter
-- has no meta, so the export's own time (manifest.json `transactionTime`) tells an older export
-- from a newer one, and one older than the row's is not applied (writer.ts writeContacts): before,
-- an export of June imported after one of October made a stay that October ended ongoing again.
-- NULL: read from an export without a manifest time, or stored before this migration.
ALTER TABLE journal.care_contact ADD COLUMN source_as_of timestamptz;

-- The newest export time seen moves on with every later export: provenance, no version row.
DROP TRIGGER care_contact_keep_version ON journal.care_contact;
CREATE TRIGGER care_contact_keep_version BEFORE UPDATE ON journal.care_contact
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'source_as_of') IS DISTINCT FROM (to_jsonb(NEW) - 'source_as_of'))
  EXECUTE FUNCTION journal.keep_record_version('id');
