-- Nothing stored is lost (arkivlova § 5 arkivplikta; helsepersonelloven § 40 and
-- pasientjournalloven § 22 on what a record keeps; stop 46, fix FX2): migration 022's `no_delete`
-- (and same_execution's 018, approval_change's 021) fire on DELETE only, and a TRUNCATE fires no
-- DELETE trigger, so the application login (which owns these tables) could still empty one. A
-- BEFORE TRUNCATE statement trigger `no_truncate` beside each refuses it, with the table named.
-- What holds: no statement by any login deletes or truncates; a login that owns a table or a
-- superuser can still disable a trigger or drop a table on purpose, a schema change outside the
-- application's code.
CREATE FUNCTION coercion.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.%: a table is never emptied (arkivlova § 5: nothing stored is lost); TRUNCATE is refused as DELETE is',
    TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'approval_change', 'decision', 'decision_source', 'execution', 'quarantine', 'record_version',
    'same_execution', 'staff_identity'
  ] LOOP
    EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON coercion.%I FOR EACH STATEMENT EXECUTE FUNCTION coercion.refuse_truncate()', t);
  END LOOP;
END $$;
