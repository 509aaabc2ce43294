-- The responsible case handler of an access request (Noark 5 saksansvarlig, M306), and the
-- persons of the open requests of one case handler, for the access policy
-- (lib/policy/policy.ts compileAccessRequests). pasientjournalloven § 22 with
-- helsepersonelloven § 21a: no one reads health information without a need in their own work;
-- a case handler needs the patients of the requests they handle, not of everyone's (until
-- now every archivist on purpose ACCESS_REQUEST reached the persons of every open request).
ALTER TABLE archive.access_request ADD COLUMN saksansvarlig text;

-- Until now the one who registered a request handled it (the case's saksansvarlig was set to them).
UPDATE archive.access_request SET saksansvarlig = registered_by WHERE saksansvarlig IS NULL;

ALTER TABLE archive.access_request ALTER COLUMN saksansvarlig SET NOT NULL;

CREATE INDEX access_request_open_saksansvarlig_idx ON archive.access_request (saksansvarlig)
  WHERE closed_at IS NULL;

-- Nothing lost (migration 011): a handover keeps the request row it replaced, naming who handed
-- it over (helsespor.changed_by) and why (helsespor.change_reason), in the same transaction.
CREATE TRIGGER access_request_keep_version BEFORE UPDATE OF saksansvarlig ON archive.access_request
  FOR EACH ROW WHEN (OLD.saksansvarlig IS DISTINCT FROM NEW.saksansvarlig)
  EXECUTE FUNCTION archive.keep_record_version('saksmappe_id');

-- The patient record id and national id of each request not closed whose saksansvarlig is
-- `handler` (a token subject). As with open_access_requests_for (014) and
-- open_access_request_persons (018), the columns are the contract: no other room reads the
-- archive's tables. open_access_request_persons (every handler's) stays, forward-only; the
-- policy no longer asks it.
CREATE FUNCTION archive.open_access_request_persons_of_handler(handler text)
RETURNS TABLE (patient_id text, national_id text)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT a.patient_id, a.patient_national_id
    FROM archive.access_request a
   WHERE a.closed_at IS NULL
     AND a.saksansvarlig = handler
$$;
