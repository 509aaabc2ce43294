-- The access requests concerning some persons, with the patient record each is filed under, for a
-- legal user's search scope (lib/policy/policy.ts requestCasesOfReach, AccessPolicy.requestPatientRule;
-- review s45: an access-request case follows the patient whose record is requested,
-- pasientjournalloven § 22 with pasientjournalforskriften § 14). Asked in the one round trip of a
-- matter's reach (lib/policy/store.ts legalReach), so it must answer where the archive is absent or
-- not migrated that far (a database of the policy and journal only): the archive's function
-- (archive migration 036, the contract between the rooms) when it exists, else no rows. PL/pgSQL,
-- whose body names the archive's function only when run.
CREATE FUNCTION policy.request_cases_of_persons(patient_ids text[], national_ids text[])
RETURNS TABLE (saksmappe_id text, saksansvarlig text, patient_id text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF to_regprocedure('archive.access_request_cases_of_persons(text[],text[])') IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT saksmappe_id, saksansvarlig, patient_id FROM archive.access_request_cases_of_persons($1, $2)'
    USING patient_ids, national_ids;
END $$;
