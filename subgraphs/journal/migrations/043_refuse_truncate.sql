-- Nothing stored is lost (arkivlova § 5 arkivplikta; pasientjournalloven § 22 and
-- helsepersonelloven § 40 on what a record keeps; stop 46, fix FX2): migration 042's `no_delete`
-- fires on DELETE only, and a TRUNCATE fires no DELETE trigger, so the application login (which
-- owns these tables) could still empty one. A BEFORE TRUNCATE statement trigger `no_truncate`
-- beside every `no_delete` refuses it, with the table named (a TRUNCATE … CASCADE too: the trigger
-- fires for every table it would empty).
-- What holds, and what does not: the triggers stop any statement, by any login, that deletes or
-- truncates; they are no permission. A login that owns a table (the application's) or a superuser
-- can still ALTER TABLE … DISABLE TRIGGER or DROP the table on purpose; that is a schema change,
-- outside what the application's code runs, and what the database's own log must show.
CREATE FUNCTION journal.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a table is never emptied (arkivlova § 5, pasientjournalloven § 22: nothing stored is lost); TRUNCATE is refused as DELETE is',
    TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'care_contact', 'entry_move', 'entry_provenance', 'entry_version', 'identity_change',
    'import_run', 'journal_entry', 'patient', 'patient_detail_choice', 'patient_detail_choice_undone',
    'patient_identity', 'patient_link', 'practitioner', 'quarantine', 'record_case', 'record_case_event',
    'record_version', 'related_person', 'service_decision', 'service_decision_version',
    'source_conflict', 'tombstone'
  ] LOOP
    EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON journal.%I FOR EACH STATEMENT EXECUTE FUNCTION journal.refuse_truncate()', t);
  END LOOP;
END $$;
