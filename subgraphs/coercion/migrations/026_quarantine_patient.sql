-- Quarantined coercion source lines per patient (task s47, defect 2; pasientjournalloven § 22,
-- helsepersonelloven § 21: a person's record lists its own quarantined lines and no one else's;
-- pasientjournalforskriften § 14: the read is logged under that person). `coercion.quarantine` was
-- listed by source system for an archivist only (`coercion-quarantine`), never per patient, so a
-- patient's coercion records were incomplete without a word.
-- `patient_nid`: the line's PATIENT FIELD as the export gives it (Gerica vedtak.csv the third field
-- and tvangsprotokoll.csv the fourth, `Fodselsnr`, read by position at the record's start; an HP
-- Coercion.ndjson line its top-level `patient`), as every coercion table keeps its person
-- (`decision.patient_nid`, `execution.patient_nid`), never a national id found elsewhere in the
-- bytes (a description naming a relative); NULL where the line holds none (an HP Practitioner line,
-- a record cut before the field). `record_kind`: whether the line is a decision's or an execution's
-- (which record kind the policy and the access log name). Both set by the importer
-- (subgraphs/coercion/quarantine-owner.ts). Rows quarantined before this migration have neither:
-- they are listed by source system as before, not per patient (the Gerica file's kind is not in
-- the row), until the export is imported again (store.ts quarantine fills them in then).
ALTER TABLE coercion.quarantine
  ADD COLUMN patient_nid text,
  ADD COLUMN record_kind text CHECK (record_kind IN ('decision', 'execution'));
CREATE INDEX quarantine_patient_nid ON coercion.quarantine (patient_nid) WHERE patient_nid IS NOT NULL;
