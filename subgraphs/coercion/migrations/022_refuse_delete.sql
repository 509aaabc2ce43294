-- Nothing stored is lost (arkivlova § 5 arkivplikta; helsepersonelloven § 40 and pasientjournalloven
-- § 22 on what a record keeps; stop 46): a DELETE on a table of the
-- coercion room that holds source records (decisions, their sources, executions, staff
-- identities), their versions (record_version) or quarantined lines is refused by a trigger, with
-- the table named. No code path deletes from them. Already protected: same_execution (018),
-- approval_change (021). Left out: coercion.outbox (the indexer's queue, processed rows marked).
CREATE FUNCTION coercion.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a row is never deleted (arkivlova § 5: nothing stored is lost); record a change or a correction instead',
    TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['decision', 'decision_source', 'execution', 'quarantine', 'record_version', 'staff_identity'] LOOP
    EXECUTE format('CREATE TRIGGER no_delete BEFORE DELETE ON coercion.%I FOR EACH STATEMENT EXECUTE FUNCTION coercion.refuse_delete()', t);
  END LOOP;
END $$;
