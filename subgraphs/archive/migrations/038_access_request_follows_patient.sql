-- An access request's case follows the patient whose record is requested on the paths that still
-- read the national id it was filed with (pasientjournalloven § 22 with pasientjournalforskriften
-- § 14, pasient- og brukerrettighetsloven § 5-1; lib/policy accessRequestSubject; review s45 made
-- the policy judge the case by its patient record, task s46 the rest). Given while the patient's
-- record was linked to another person's (a typo link) and unlinked since, that national id is the
-- other person's (the relative who asked), and:
-- - search indexed the case's journalposts and document pages under it (subject_link), so a
--   search by the patient's own matter did not find them, though every other path did;
-- - the journal's deletion check (open_access_requests_for, migration 014) refused that other
--   person's deletions for the patient's open request (helsepersonelloven § 43);
-- - the statistics counted the request as that other person's (subgraphs/archive/statistics.ts
--   now counts it by its patient record).
-- Nothing stored is changed: the request keeps the national id as registered (the case's parties
-- are still logged under it, audit-keys.ts).

-- The national ids of the person of a patient record as the journal links it now (the record and
-- every record linked to it, not unlinked), for the search documents of a request's case
-- (outbox.ts, doctext/outbox.ts): '{}' when they have none; NULL when the journal is not in this
-- database (the documents then keep the case's linked national id, as before). PL/pgSQL, whose
-- body names the journal's tables only when run. H-numbers are never national ids here
-- (migration 027): the journal keeps them apart (journal.patient.help_number).
CREATE FUNCTION archive.request_patient_national_ids(record text)
RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
  out text[];
BEGIN
  IF to_regclass('journal.patient') IS NULL OR to_regclass('journal.patient_link') IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE $q$
    WITH RECURSIVE walk(id) AS (
      SELECT $1::text
      UNION
      SELECT CASE WHEN l.patient_a = w.id THEN l.patient_b ELSE l.patient_a END
        FROM walk w JOIN journal.patient_link l
          ON (l.patient_a = w.id OR l.patient_b = w.id) AND l.unlinked_at IS NULL)
    SELECT coalesce(array_agg(DISTINCT p.national_id ORDER BY p.national_id), '{}')
      FROM walk w JOIN journal.patient p ON p.id = w.id
     WHERE p.national_id IS NOT NULL AND archive.is_h_number(p.national_id) IS NOT TRUE$q$
    INTO out USING record;
  RETURN out;
END $$;

-- The journal's deletion check: the open requests of a person by the patient records they are
-- filed under (the journal passes every record of the person), never by the national id given
-- at registration. Same columns (the contract, subgraphs/archive/open-requests.ts).
CREATE OR REPLACE FUNCTION archive.open_access_requests_for(patient_ids text[], national_ids text[])
RETURNS TABLE (saksmappe_id text, mappe_id text, received_on date, deadline date)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id, s.mappe_id, a.received_on, a.deadline
    FROM archive.access_request a
    JOIN archive.saksmappe s ON s.id = a.saksmappe_id
   WHERE a.closed_at IS NULL
     AND a.patient_id = ANY(patient_ids)
   ORDER BY a.received_on, s.mappe_id
$$;

-- Queues the search documents of the request cases filed under these patient records, for the
-- journal's linkPatients and unlinkPatients (open-requests.ts queueRequestCases): the persons
-- their documents carry change with the link.
CREATE FUNCTION archive.queue_request_cases_of_records(patient_ids text[])
RETURNS void
LANGUAGE sql AS $$
  INSERT INTO archive.outbox (entity_id)
    SELECT j.id FROM archive.journalpost j JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id
     WHERE a.patient_id = ANY(patient_ids);
  INSERT INTO archive.document_outbox (entity_id)
    SELECT o.id FROM archive.dokumentobjekt o
      JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
      JOIN archive.journalpost j ON j.id = b.journalpost_id
      JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id
     WHERE a.patient_id = ANY(patient_ids);
$$;

-- Every request case's documents now carry its patient record (and the person's national ids):
-- queued again.
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id;
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
    JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id;
