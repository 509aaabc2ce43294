-- The archive's narrow interface for other rooms (issue 15): the open access requests
-- (innsynsbegjæringer not yet closed) concerning a person, by patient record id or
-- national id. The journal's deletion rule (helsepersonelloven § 43) asks this function
-- through subgraphs/archive/open-requests.ts instead of reading archive tables itself;
-- the function's columns are the contract, the tables behind it may change.
CREATE FUNCTION archive.open_access_requests_for(patient_ids text[], national_ids text[])
RETURNS TABLE (saksmappe_id text, mappe_id text, received_on date, deadline date)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id, s.mappe_id, a.received_on, a.deadline
    FROM archive.access_request a
    JOIN archive.saksmappe s ON s.id = a.saksmappe_id
   WHERE a.closed_at IS NULL
     AND (a.patient_id = ANY(patient_ids) OR a.patient_national_id = ANY(national_ids))
   ORDER BY a.received_on, s.mappe_id
$$;
