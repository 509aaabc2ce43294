-- Nothing stored is lost (arkivlova § 5 arkivplikta; pasientjournalloven § 22 and
-- helsepersonelloven § 40 on what a record keeps; stop 46): a DELETE on a table of the journal
-- that holds source records, their versions, corrections or logs is refused by a trigger, with
-- the table named. No code path deletes from them: a correction keeps the version before
-- (entry_version, record_version, service_decision_version), a deletion under helsepersonelloven
-- § 43 removes the words from the rows and keeps the rows and a tombstone (mutations.ts
-- deleteEntry, removeQuarantinedLines, deleteDecisionTexts: UPDATEs), a move under § 44 is kept in
-- entry_move, an unlink sets unlinked_at. The trigger makes that a rule of the database: a later
-- code path's or a hand-run DELETE is refused, whoever runs it. What it does not stop: TRUNCATE
-- fires no DELETE trigger (migration 043 refuses it with its own trigger, fix FX2), and a login
-- that owns the tables (the application's) or a superuser can ALTER TABLE … DISABLE TRIGGER or
-- drop a table on purpose; that is a schema change, outside the application's code.
-- Left out, each with a rule that deletes or because it holds no record: journal.outbox (the
-- indexer's queue, processed rows marked) and journal.demo_load (the demo data's bookkeeping).
CREATE FUNCTION journal.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a row is never deleted (arkivlova § 5, pasientjournalloven § 22: nothing stored is lost); record a correction, a deletion under helsepersonelloven § 43 or an unlink instead',
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
    EXECUTE format('CREATE TRIGGER no_delete BEFORE DELETE ON journal.%I FOR EACH STATEMENT EXECUTE FUNCTION journal.refuse_delete()', t);
  END LOOP;
END $$;
