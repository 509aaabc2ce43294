-- Access log (pasientjournalloven § 22, pasientjournalforskriften § 14): one row per
-- patient per subgraph per request that returned that patient's data. Append-only.
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.access_log (
  id bigserial PRIMARY KEY,
  logged_at timestamptz NOT NULL DEFAULT now(),
  request_id text NOT NULL,
  user_id text NOT NULL,
  role text NOT NULL,
  purpose text NOT NULL,
  matter text,
  organisation text,
  self_authorized boolean NOT NULL DEFAULT false,
  subgraph text NOT NULL,
  patient_id text NOT NULL,
  entity_type text NOT NULL,
  entity_ids text[] NOT NULL
);

CREATE INDEX access_log_patient_idx ON audit.access_log (patient_id, logged_at);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.access_log is append-only';
END;
$$;

CREATE TRIGGER access_log_append_only
  BEFORE UPDATE OR DELETE ON audit.access_log
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

CREATE TRIGGER access_log_no_truncate
  BEFORE TRUNCATE ON audit.access_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
