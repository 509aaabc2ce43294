-- A source record (source system + local id) that an import found carrying a national id that
-- names another patient record, where the import cannot tell that it is the same person (not a
-- D-number replaced by its fødselsnummer, import/writer.ts sameSourcePerson): a corrected
-- fødselsnummer, or another person's number. Its notes stay where they were; the change is kept
-- here for an archivist, and duplicateCandidates lists the two records until an archivist
-- links them (or links and unlinks them: a decision that they are two persons).
CREATE TABLE journal.identity_change (
  source_system text NOT NULL,
  local_id text NOT NULL,
  old_patient_id text NOT NULL REFERENCES journal.patient (id),
  new_patient_id text NOT NULL REFERENCES journal.patient (id),
  found_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, local_id, new_patient_id)
);
