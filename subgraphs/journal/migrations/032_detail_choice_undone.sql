-- A detail an archivist chose from a statement that names another record of the person (a
-- linked record: choosePersonDetail allows it only under a link) depends on that link (review
-- s42, test/access-review-s42.e2e.test.ts): after unlinkPatients the two records are two
-- persons, and the chosen name or birth date is the other person's. `named_patient_id` is the
-- record the chosen statement named, when it was another than the patient's own; unlinking the
-- two undoes the choice: the value before it is restored where the value chosen still stands
-- (the row replaced kept in record_version, as every change), and the undoing is recorded here.
-- Rows of both tables are never updated.
ALTER TABLE journal.patient_detail_choice ADD COLUMN named_patient_id text;
CREATE TABLE journal.patient_detail_choice_undone (
  choice_id bigint PRIMARY KEY REFERENCES journal.patient_detail_choice (id),
  undone_at timestamptz NOT NULL DEFAULT now(),
  undone_by text NOT NULL,
  reason text NOT NULL,
  -- Whether the value before the choice was put back (false: the record's value had changed since).
  restored boolean NOT NULL
);
