-- A Helseplattformen note documents the care of its contact (context.period); its `date` is
-- when it was written, which for a corrected (amended) document is the time of correction.
-- Windows, ordering and ages use dated_at: the start of the care for an amended note, else
-- the time written. Both dates are shown.
ALTER TABLE journal.journal_entry
  ADD COLUMN care_start timestamptz,
  ADD COLUMN care_end timestamptz,
  ADD COLUMN amended boolean NOT NULL DEFAULT false,
  ADD COLUMN dated_at timestamptz GENERATED ALWAYS AS (
    CASE WHEN amended AND care_start IS NOT NULL THEN care_start ELSE written_at END) STORED;
CREATE INDEX journal_entry_patient_dated_idx ON journal.journal_entry (patient_id, dated_at, id);
