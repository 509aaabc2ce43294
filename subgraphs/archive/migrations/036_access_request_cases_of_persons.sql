-- The access-request cases (innsynssaker) concerning some persons, each with its case handler and
-- the patient record it is filed under, for a legal user's search scope (lib/policy/policy.ts
-- requestCasesOfReach, AccessPolicy.requestPatientRule and searchExcludedCases). Review s45: an
-- access-request case follows the patient whose record is requested, on every path
-- (pasientjournalloven § 22 with pasientjournalforskriften § 14; lib/policy accessRequestSubject).
-- Search finds a case's records by the national ids they are indexed under (subject_link: the one
-- given at registration); where that national id is now another person's (given while the record
-- was linked to that person's, unlinked since), the case's records are left out of a search by a
-- caller who does not reach the patient record, as the archive refuses the case. As with 020 and
-- 029, the columns are the contract: no other room reads the archive's tables. Nothing stored is
-- changed.
CREATE FUNCTION archive.access_request_cases_of_persons(patient_ids text[], national_ids text[])
RETURNS TABLE (saksmappe_id text, saksansvarlig text, patient_id text)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id, a.saksansvarlig, a.patient_id
    FROM archive.access_request a
   WHERE a.patient_id = ANY(patient_ids) OR a.patient_national_id = ANY(national_ids)
$$;
