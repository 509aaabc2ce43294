-- Case handlers registered and retired by hand (pasientjournalloven § 22 with
-- helsepersonelloven § 21a: the reach of purpose ACCESS_REQUEST follows the saksansvarlig, so a
-- request is handed over only to someone who handles access requests now). Migration 022 knew
-- a case handler only from a request they handled or a token they signed in with: none could be
-- registered before their first sign-in, and none was ever retired, so a request could be handed
-- over to someone who had left (found in review).
--
-- `npm run cli -- case-handler register|retire` (subgraphs/archive/case-handlers.ts). A retired
-- handler is kept, never deleted: the row says who retired them, when and why, and stays named
-- in the history of the cases they handled (access_request, its record versions, the
-- saksmappe's merknader); handOverAccessRequest refuses them. Each registration and retirement
-- is an event of its own (who, when, why), and every change of a row keeps the row it replaced
-- in archive.record_version (migration 011).
ALTER TABLE archive.case_handler DROP CONSTRAINT case_handler_known_from_check;
ALTER TABLE archive.case_handler ADD CONSTRAINT case_handler_known_from_check
  CHECK (known_from IN ('access_request', 'token', 'registered'));
ALTER TABLE archive.case_handler
  ADD COLUMN registered_by text,
  ADD COLUMN registered_reason text,
  ADD COLUMN retired_at timestamptz,
  ADD COLUMN retired_by text,
  ADD COLUMN retired_reason text,
  ADD CONSTRAINT case_handler_retired_check
    CHECK ((retired_at IS NULL) = (retired_by IS NULL) AND (retired_at IS NULL) = (retired_reason IS NULL));

CREATE TRIGGER case_handler_keep_version BEFORE UPDATE ON archive.case_handler
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('user_id');

CREATE TABLE archive.case_handler_event (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL REFERENCES archive.case_handler (user_id),
  event text NOT NULL CHECK (event IN ('registered', 'reinstated', 'retired')),
  at timestamptz NOT NULL DEFAULT now(),
  by text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX case_handler_event_user_idx ON archive.case_handler_event (user_id, id);

-- Kept, never deleted: a retired handler is a row with retired_at.
CREATE FUNCTION archive.refuse_case_handler_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a case handler is never deleted: retire them (npm run cli -- case-handler retire)';
END $$;
CREATE TRIGGER case_handler_no_delete BEFORE DELETE ON archive.case_handler
  FOR EACH ROW EXECUTE FUNCTION archive.refuse_case_handler_delete();
