-- A coercion record is its source system and source id (README, Import: the natural key), not
-- its `id` alone (found in review s31). An HP execution whose id was a Gerica RegID replaced the
-- Gerica execution (upsertExecutions, ON CONFLICT (id)): source system, person, time and all; the
-- Gerica execution was left only as a row of coercion.record_version. The import now finds a
-- stored record by (source_system, source_id), and a new record whose id another source's record
-- already has is stored under the id '<source system>:<source id>' (import.ts, store.ts). Stored
-- ids stay as they are (references: search documents, the access log, recorded decision ids).
--
-- 1. No write path may turn a stored record into another source's record: an update that changes
--    source_system or source_id is refused (the record it would replace stays; the import that
--    tried fails with this message). A decision's pair is its origin (for a decision migrated
--    from Gerica into HP: GERICA and the VedtakID, whichever file came first).
CREATE FUNCTION coercion.keep_natural_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.source_system, NEW.source_id) IS DISTINCT FROM (OLD.source_system, OLD.source_id) THEN
    RAISE EXCEPTION 'coercion.% %: a record is its source system and source id (% %); an update may not make it % %',
      TG_TABLE_NAME, OLD.id, OLD.source_system, OLD.source_id, NEW.source_system, NEW.source_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

-- Named to run before the *_keep_version triggers (BEFORE triggers fire in name order).
CREATE TRIGGER decision_a_natural_key BEFORE UPDATE OF source_system, source_id ON coercion.decision
  FOR EACH ROW EXECUTE FUNCTION coercion.keep_natural_key();
CREATE TRIGGER execution_a_natural_key BEFORE UPDATE OF source_system, source_id ON coercion.execution
  FOR EACH ROW EXECUTE FUNCTION coercion.keep_natural_key();

-- 2. Executions the defect replaced with another source's execution are stored again, from the
--    last version kept of them (migration 011), under '<source system>:<source id>' (their old id
--    is the other execution's now). One that is stored under its natural key already is left.
INSERT INTO coercion.execution
SELECT (jsonb_populate_record(
          NULL::coercion.execution,
          lost.record || jsonb_build_object('id', (lost.record ->> 'source_system') || ':' || (lost.record ->> 'source_id'))
        )).*
  FROM (
    SELECT DISTINCT ON (v.record ->> 'source_system', v.record ->> 'source_id') v.record
      FROM coercion.record_version v
      JOIN coercion.execution e ON e.id = v.record_key
     WHERE v.record_table = 'execution'
       AND (v.record ->> 'source_system', v.record ->> 'source_id') IS DISTINCT FROM (e.source_system, e.source_id)
     ORDER BY v.record ->> 'source_system', v.record ->> 'source_id', v.id DESC
  ) lost
 WHERE NOT EXISTS (
         SELECT 1 FROM coercion.execution x
          WHERE x.source_system = lost.record ->> 'source_system' AND x.source_id = lost.record ->> 'source_id')
ON CONFLICT DO NOTHING;
