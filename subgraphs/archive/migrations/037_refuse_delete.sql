-- Nothing stored is lost (arkivlova § 5 arkivplikta, arkivforskrifta; stop 46): a DELETE on a table
-- of the archive that holds source records (the Noark 5 structure and its parties), their versions
-- or logs (record_version, endringslogg, ended_part, unlinked_person_link, case_handler_event), an
-- access request or a quarantined line is refused by a trigger, with the table named. No code path
-- deletes from them. Already protected: case_handler (023), source_record (031), party_conflict (033).
-- Left out, each with a rule that deletes or because it holds no record: archive.person_link (a
-- person link a later extract ends is moved to unlinked_person_link with when and why: noark/import.ts
-- endPersonLink; migration 027), archive.document_text and archive.document_page_text (text read out
-- of a stored document, replaced when the document is read again: doctext/job.ts; the document stays
-- in dokumentobjekt), archive.outbox and archive.document_outbox (the indexer's queues).
CREATE FUNCTION archive.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a row is never deleted (arkivlova § 5: nothing stored is lost); record a change, an end or a correction instead',
    TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'access_request', 'arkiv', 'arkivdel', 'case_handler_event', 'dokumentbeskrivelse', 'dokumentobjekt',
    'ended_part', 'endringslogg', 'journalpost', 'klasse', 'klassifikasjonssystem', 'part', 'quarantine',
    'record_version', 'saksmappe', 'unlinked_person_link'
  ] LOOP
    EXECUTE format('CREATE TRIGGER no_delete BEFORE DELETE ON archive.%I FOR EACH STATEMENT EXECUTE FUNCTION archive.refuse_delete()', t);
  END LOOP;
END $$;
