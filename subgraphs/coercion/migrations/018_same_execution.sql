-- Review s44 (case 3): two records of one execution (the same execution registered in Gerica and in
-- Helseplattformen around the change of systems, or twice in one system). The person responsible for
-- the record (journalansvarlig, helsepersonelloven § 39 andre ledd) records that they are one, naming
-- which counts (hol. § 9-7: each execution is documented once); both records stay (helsepersonelloven
-- § 42: nothing is deleted, a correction is recorded with who, when and why). Undone by setting
-- undone_*: the row stays. An execution is in at most one marking in force, on either side
-- (same-execution.ts takes the rows' locks before it checks).
CREATE TABLE coercion.same_execution (
  id bigserial PRIMARY KEY,
  -- The record not counted: the same execution as counted_id.
  execution_id text NOT NULL REFERENCES coercion.execution (id),
  counted_id text NOT NULL REFERENCES coercion.execution (id),
  marked_by text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (btrim(reason) <> ''),
  undone_by text,
  undone_at timestamptz,
  undo_reason text,
  CHECK (execution_id <> counted_id),
  CHECK ((undone_at IS NULL) = (undone_by IS NULL) AND (undone_at IS NULL) = (undo_reason IS NULL))
);
CREATE UNIQUE INDEX same_execution_in_force ON coercion.same_execution (execution_id) WHERE undone_at IS NULL;
CREATE INDEX same_execution_counted ON coercion.same_execution (counted_id) WHERE undone_at IS NULL;

-- A marking is a record of a correction: never deleted, and only its undoing written once.
CREATE FUNCTION coercion.same_execution_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'coercion.same_execution: a marking is kept (helsepersonelloven § 42); undo it instead';
  END IF;
  IF OLD.undone_at IS NOT NULL OR NEW.execution_id <> OLD.execution_id OR NEW.counted_id <> OLD.counted_id
     OR NEW.marked_by <> OLD.marked_by OR NEW.marked_at <> OLD.marked_at OR NEW.reason <> OLD.reason THEN
    RAISE EXCEPTION 'coercion.same_execution: only an undoing is recorded on a marking, once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER same_execution_keep BEFORE UPDATE OR DELETE ON coercion.same_execution
  FOR EACH ROW EXECUTE FUNCTION coercion.same_execution_keep();
