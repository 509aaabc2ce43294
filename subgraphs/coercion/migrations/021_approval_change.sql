-- Stop 45: a later decision changing Statsforvalteren's approval of a coercion decision — the
-- barneverns- og helsenemnda (before 2023 the fylkesnemnda for barnevern og sosiale saker) on a
-- complaint against Statsforvalteren's decision (hol. § 9-11), a court reviewing the nemnda's, or
-- Statsforvalteren reversing its own (forvaltningsloven § 35) — binds from its own date, never back:
-- the executions before it keep their verdict, those after it are judged by the new state
-- (verdict.ts stateAt). It is recorded beside the approval, which is kept as it was: insert-only,
-- with who decided, when it binds from, what it decided, why, and who recorded it when
-- (helsepersonelloven § 42: nothing is rewritten). Recorded with `coercion-approval-change`.
CREATE TABLE coercion.approval_change (
  id bigserial PRIMARY KEY,
  decision_id text NOT NULL REFERENCES coercion.decision (id),
  -- Who decided: STATSFORVALTEREN (a reversal, fvl. § 35; Fylkesmannen before 2021), NEMNDA (hol. § 9-11), COURT.
  decided_by text NOT NULL CHECK (decided_by IN ('STATSFORVALTEREN', 'NEMNDA', 'COURT')),
  -- When the change binds from (its decision's time; a date alone is Oslo midnight of that day).
  binds_from timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('APPROVED', 'APPROVED_IN_PART', 'SHORTENED', 'REFUSED')),
  measures text[],
  valid_to date,
  reason text NOT NULL CHECK (btrim(reason) <> ''),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'APPROVED_IN_PART') = (measures IS NOT NULL)),
  CHECK ((outcome = 'SHORTENED') = (valid_to IS NOT NULL))
);
CREATE INDEX approval_change_decision_idx ON coercion.approval_change (decision_id, binds_from, id);

CREATE FUNCTION coercion.approval_change_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'coercion.approval_change: a change of an approval is kept as recorded (helsepersonelloven § 42); record a later change instead';
END $$;
CREATE TRIGGER approval_change_keep BEFORE UPDATE OR DELETE ON coercion.approval_change
  FOR EACH ROW EXECUTE FUNCTION coercion.approval_change_keep();
