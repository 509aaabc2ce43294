-- A note written in the wrong patient's record is moved to the right patient's record
-- (helsepersonelloven § 44; subgraphs/journal/record-cases.ts). The note keeps its id, text
-- and versions and goes with the right patient; the move itself is a kept version
-- (change 'move'), and this row stays on both sides: the wrong patient's record keeps the
-- movement record (no text, not naming the other patient), the right one shows where the
-- note came from to those who may see both.
CREATE TABLE journal.entry_move (
  id bigserial PRIMARY KEY,
  entry_id text NOT NULL REFERENCES journal.journal_entry (id),
  from_patient_id text NOT NULL REFERENCES journal.patient (id),
  to_patient_id text NOT NULL REFERENCES journal.patient (id),
  case_id bigint NOT NULL REFERENCES journal.record_case (id),
  -- The wrong patient's care contact the note pointed to (the link is cleared on the move).
  care_contact_id text,
  moved_by text NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_patient_id <> to_patient_id)
);
CREATE INDEX entry_move_from_idx ON journal.entry_move (from_patient_id, moved_at);
CREATE INDEX entry_move_to_idx ON journal.entry_move (to_patient_id, moved_at);
CREATE INDEX entry_move_entry_idx ON journal.entry_move (entry_id);

ALTER TABLE journal.entry_version DROP CONSTRAINT entry_version_change_check;
ALTER TABLE journal.entry_version ADD CONSTRAINT entry_version_change_check
  CHECK (change IN ('import', 'correction', 'deletion', 'conflict-resolution', 'move'));
