-- An archivist's choice of which source's name or birth date is the person's (stop 42;
-- pasientjournalloven § 22, integritet). An import fills a missing name or birth date and never
-- replaces one stored (import/writer.ts writePatients), and each source's statement is kept
-- (migration 029), so which value is the person's is an archivist's decision:
-- choosePersonDetail (mutations.ts) sets the patient's value from the chosen source record's
-- statement (the row before kept in record_version by the trigger of migration 009, replaced_by
-- the archivist, the reason theirs) and records the choice here. Rows are never updated.
CREATE TABLE journal.patient_detail_choice (
  id bigserial PRIMARY KEY,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  field text NOT NULL CHECK (field IN ('NAME', 'BIRTH_DATE')),
  source_system text NOT NULL,
  local_id text NOT NULL,
  -- The patient's value before and the value chosen ({familyName, givenName} or {birthDate}).
  previous jsonb NOT NULL,
  chosen jsonb NOT NULL,
  chosen_by text NOT NULL,
  chosen_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (btrim(reason) <> '')
);
CREATE INDEX patient_detail_choice_patient_idx ON journal.patient_detail_choice (patient_id, id);
