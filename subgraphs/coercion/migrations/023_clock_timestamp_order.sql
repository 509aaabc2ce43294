-- Review s46 (FX1; hol. § 9-11, forvaltningsloven § 35): a source revision of a decision stored after
-- a change of its approval was recorded is flagged for an archivist (approval-change.ts
-- laterSourceRevisions: record_version.replaced_at > approval_change.recorded_at). Both defaulted to
-- now(), the time the transaction STARTED: an HP import whose transaction began at T0 and waited for
-- the decision (its row lock, or the import's decision lock) while a change began at T1 > T0 and
-- committed wrote the revision with replaced_at = T0 < recorded_at = T1, and the revision went
-- unflagged. clock_timestamp() is the time the row is written, after the writer holds the decision's
-- locks: the order the locks impose is the order the times say. Existing rows are kept as they were
-- (helsepersonelloven § 42); every version kept from now on (migration 011's trigger inserts
-- replaced_at by its default) and every change recorded (store.ts recordApprovalChange) takes it.
ALTER TABLE coercion.approval_change ALTER COLUMN recorded_at SET DEFAULT clock_timestamp();
ALTER TABLE coercion.record_version ALTER COLUMN replaced_at SET DEFAULT clock_timestamp();
