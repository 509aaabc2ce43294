-- Nothing lost: every update of a stored record keeps the row it replaced (the whole row,
-- who or what changed it, when and why), in the same transaction, whatever path makes the
-- change. The writer names itself with set_config('helsespor.changed_by', ..., true) and
-- set_config('helsespor.change_reason', ..., true); unset, the defaults below apply.
CREATE TABLE archive.record_version (
  id bigserial PRIMARY KEY,
  record_table text NOT NULL,
  record_key text NOT NULL,
  record jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  replaced_by text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX record_version_key_idx ON archive.record_version (record_table, record_key, id);

CREATE FUNCTION archive.keep_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  key text := '';
  col text;
BEGIN
  FOREACH col IN ARRAY string_to_array(TG_ARGV[0], ',') LOOP
    key := key || CASE WHEN key = '' THEN '' ELSE '|' END || coalesce(old_row ->> col, '');
  END LOOP;
  INSERT INTO archive.record_version (record_table, record_key, record, replaced_by, reason)
  VALUES (TG_TABLE_NAME, key, old_row,
          coalesce(nullif(current_setting('helsespor.changed_by', true), ''), 'unknown'),
          coalesce(nullif(current_setting('helsespor.change_reason', true), ''), 'unspecified'));
  RETURN NEW;
END $$;

CREATE TRIGGER saksmappe_keep_version BEFORE UPDATE ON archive.saksmappe
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');

CREATE TRIGGER journalpost_keep_version BEFORE UPDATE ON archive.journalpost
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');
