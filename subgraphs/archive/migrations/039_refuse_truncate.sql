-- Nothing stored is lost (arkivlova § 5 arkivplikta, arkivforskrifta; stop 46, fix FX2): migration
-- 037's `no_delete` (and case_handler's 023, source_record's 031, party_conflict's 033) fire on
-- DELETE only, and a TRUNCATE fires no DELETE trigger, so the application login (which owns these
-- tables) could still empty one. A BEFORE TRUNCATE statement trigger `no_truncate` beside each
-- refuses it, with the table named (a TRUNCATE … CASCADE too). The tables 037 leaves out stay out.
-- What holds: no statement by any login deletes or truncates; a login that owns a table or a
-- superuser can still disable a trigger or drop a table on purpose, a schema change outside the
-- application's code.
CREATE FUNCTION archive.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a table is never emptied (arkivlova § 5: nothing stored is lost); TRUNCATE is refused as DELETE is',
    TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'access_request', 'arkiv', 'arkivdel', 'case_handler', 'case_handler_event', 'dokumentbeskrivelse',
    'dokumentobjekt', 'ended_part', 'endringslogg', 'journalpost', 'klasse', 'klassifikasjonssystem',
    'part', 'party_conflict', 'quarantine', 'record_version', 'saksmappe', 'source_record',
    'unlinked_person_link'
  ] LOOP
    EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON archive.%I FOR EACH STATEMENT EXECUTE FUNCTION archive.refuse_truncate()', t);
  END LOOP;
END $$;
