-- Issue 15 (coercion verdicts).
-- Statsforvalteren's review (overprøving, hol. § 9-8), recorded from its letter (CLI
-- coercion-review): when, the outcome, the measures approved in part, a shortened last day.
-- Imports keep writing approved_at (the sources' approval date) and never touch these; an
-- approval date without a recorded review is read as APPROVED.
ALTER TABLE coercion.decision ADD COLUMN reviewed_at timestamptz;
ALTER TABLE coercion.decision ADD COLUMN review_outcome text
  CHECK (review_outcome IN ('APPROVED', 'APPROVED_IN_PART', 'SHORTENED', 'REFUSED'));
ALTER TABLE coercion.decision ADD COLUMN review_measures text[];
ALTER TABLE coercion.decision ADD COLUMN review_valid_to date;
ALTER TABLE coercion.decision ADD COLUMN review_note text;

-- Whether the source marks an execution a § 9-5 a emergency: true, false, or NULL when the
-- source says nothing either way (a Helseplattformen execution registered under no
-- decision: HP marks an emergency by registering it under a hol-9-5a record).
ALTER TABLE coercion.execution ALTER COLUMN emergency_reported DROP NOT NULL;
ALTER TABLE coercion.execution ALTER COLUMN emergency_reported DROP DEFAULT;
SELECT set_config('helsespor.changed_by', 'migration 012_law_review_emergency', true),
       set_config('helsespor.change_reason', 'HP export says nothing about a § 9-5 a emergency: emergency_reported false -> NULL (issue 15)', true);
UPDATE coercion.execution SET emergency_reported = NULL
 WHERE source_system = 'HELSEPLATTFORMEN' AND recorded_decision_id IS NULL AND emergency_reported = false;
