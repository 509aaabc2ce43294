-- The persons of the open access requests, for the access policy (lib/policy/policy.ts): an
-- archivist on purpose ACCESS_REQUEST reaches these persons only (pasientjournalloven § 22:
-- access for the purpose the work serves; pasient- og brukerrettighetsloven § 5-1: the request
-- is that purpose). As with open_access_requests_for (014), the columns are the contract: no
-- other room reads the archive's tables.
CREATE FUNCTION archive.open_access_request_persons()
RETURNS TABLE (patient_id text, national_id text)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT a.patient_id, a.patient_national_id
    FROM archive.access_request a
   WHERE a.closed_at IS NULL
$$;
