-- The access-request cases (innsynssaker) concerning some persons, each with its responsible
-- case handler (saksansvarlig, 019), open or closed, for the access policy's search scope
-- (lib/policy/policy.ts compileAccessRequests, AccessPolicy.searchExcludedCases).
-- pasientjournalloven § 22 with helsepersonelloven § 21a: an archivist on purpose
-- ACCESS_REQUEST handles only the requests they are saksansvarlig for; the archive refuses
-- another handler's request case on its own paths (subgraphs/archive/resolvers.ts
-- reachableCase, any request row, open or closed), and search, which scopes by person, leaves
-- the cases out whose handler the policy refuses. The persons are those of the caller's reach:
-- a request case's search documents carry its patient alone (subject_link, 015), by the
-- patient's national id; the patient record id is matched too. As with 014, 018 and 019, the
-- columns are the contract: no other room reads the archive's tables.
CREATE FUNCTION archive.access_request_cases_concerning(patient_ids text[], national_ids text[])
RETURNS TABLE (saksmappe_id text, saksansvarlig text)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id, a.saksansvarlig
    FROM archive.access_request a
   WHERE a.patient_id = ANY(patient_ids) OR a.patient_national_id = ANY(national_ids)
$$;

CREATE INDEX access_request_patient_idx ON archive.access_request (patient_id);
CREATE INDEX access_request_patient_national_idx ON archive.access_request (patient_national_id);
