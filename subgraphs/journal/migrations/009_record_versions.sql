-- Nothing lost, for the journal's other records too: every update of a patient, practitioner,
-- related person or care contact keeps the row it replaced (the whole row, who or what
-- changed it, when and why), in the same transaction, whatever path makes the change, as the
-- archive and coercion records do (their migration 011). Before, an import overwrote a
-- relative's nearest-relative flag or national id, a practitioner's identifiers, a contact's
-- period and a patient's death date in place (found in review). Notes keep their versions
-- in entry_version. The writer names itself with set_config('helsespor.changed_by', ..., true)
-- and set_config('helsespor.change_reason', ..., true); unset, the defaults below apply.
CREATE TABLE journal.record_version (
  id bigserial PRIMARY KEY,
  record_table text NOT NULL,
  record_key text NOT NULL,
  record jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  replaced_by text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX record_version_key_idx ON journal.record_version (record_table, record_key, id);

CREATE FUNCTION journal.keep_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  key text := '';
  col text;
BEGIN
  FOREACH col IN ARRAY string_to_array(TG_ARGV[0], ',') LOOP
    key := key || CASE WHEN key = '' THEN '' ELSE '|' END || coalesce(old_row ->> col, '');
  END LOOP;
  INSERT INTO journal.record_version (record_table, record_key, record, replaced_by, reason)
  VALUES (TG_TABLE_NAME, key, old_row,
          coalesce(nullif(current_setting('helsespor.changed_by', true), ''), 'import'),
          coalesce(nullif(current_setting('helsespor.change_reason', true), ''), 'changed in a later source export'));
  RETURN NEW;
END $$;

CREATE TRIGGER patient_keep_version BEFORE UPDATE ON journal.patient
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION journal.keep_record_version('id');

CREATE TRIGGER practitioner_keep_version BEFORE UPDATE ON journal.practitioner
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION journal.keep_record_version('id');

CREATE TRIGGER related_person_keep_version BEFORE UPDATE ON journal.related_person
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION journal.keep_record_version('source_system,source_id');

CREATE TRIGGER care_contact_keep_version BEFORE UPDATE ON journal.care_contact
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION journal.keep_record_version('id');
