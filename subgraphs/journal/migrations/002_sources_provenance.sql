-- Patients from three source systems, their identities, practitioners, care contacts,
-- relatives, provenance of migrated copies, version history, tombstones, quarantine.

ALTER TABLE journal.patient
  ADD COLUMN gender text,
  ADD COLUMN death_date_certain boolean,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Each source system's own key for a patient record (HP Patient.id, Gerica PasientID, Profil klientnr).
CREATE TABLE journal.patient_identity (
  source_system text NOT NULL,
  local_id text NOT NULL,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  PRIMARY KEY (source_system, local_id)
);
CREATE INDEX patient_identity_patient_idx ON journal.patient_identity (patient_id);

-- Two patient records that are the same person, as decided by an archivist.
CREATE TABLE journal.patient_link (
  id bigserial PRIMARY KEY,
  patient_a text NOT NULL REFERENCES journal.patient (id),
  patient_b text NOT NULL REFERENCES journal.patient (id),
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  unlinked_by text,
  unlinked_at timestamptz,
  unlink_reason text,
  CHECK (patient_a < patient_b)
);
CREATE UNIQUE INDEX patient_link_active_idx ON journal.patient_link (patient_a, patient_b) WHERE unlinked_at IS NULL;

CREATE TABLE journal.practitioner (
  id text PRIMARY KEY,
  hpr_number text UNIQUE,
  employee_number text UNIQUE,
  family_name text,
  given_name text,
  display_name text NOT NULL,
  profession text,
  source_system text NOT NULL
);

CREATE TABLE journal.related_person (
  source_system text NOT NULL,
  source_id text NOT NULL,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  national_id text,
  name text NOT NULL,
  relationship_codes text[] NOT NULL,
  relationship_text text,
  nearest_relative boolean NOT NULL,
  registered_at timestamptz,
  PRIMARY KEY (source_system, source_id)
);

CREATE TABLE journal.care_contact (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  source_system text NOT NULL,
  source_id text NOT NULL,
  service text NOT NULL,
  contact_class text,
  period_start timestamptz NOT NULL,
  period_end timestamptz,
  location text,
  practitioner_ids text[] NOT NULL DEFAULT '{}',
  UNIQUE (source_system, source_id)
);
CREATE INDEX care_contact_patient_idx ON journal.care_contact (patient_id, period_start);

ALTER TABLE journal.journal_entry
  ALTER COLUMN text DROP NOT NULL,
  ADD COLUMN service text,
  ADD COLUMN author_hpr text,
  ADD COLUMN author_practitioner_id text,
  ADD COLUMN care_contact_id text,
  -- 'current', or 'superseded' for an HP version replaced by a corrected document.
  ADD COLUMN status text NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'superseded')),
  -- HP corrected document: the source id of the document it replaces.
  ADD COLUMN replaces_source_id text,
  ADD COLUMN correction_reason text,
  ADD COLUMN content_hash text,
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Every other place an entry is found: an HP migrated copy of a legacy note is provenance
-- on the legacy original, never a second entry.
CREATE TABLE journal.entry_provenance (
  source_system text NOT NULL,
  source_id text NOT NULL,
  entry_id text NOT NULL REFERENCES journal.journal_entry (id),
  kind text NOT NULL CHECK (kind IN ('migrated_copy')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_id)
);
CREATE INDEX entry_provenance_entry_idx ON journal.entry_provenance (entry_id);

-- Earlier texts of an entry corrected in this platform (helsepersonelloven § 42).
CREATE TABLE journal.entry_version (
  entry_id text NOT NULL REFERENCES journal.journal_entry (id),
  version integer NOT NULL,
  text text,
  replaced_at timestamptz NOT NULL,
  replaced_by text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (entry_id, version)
);

-- Deletion (helsepersonelloven §§ 43–44): the text is gone everywhere; this stays.
CREATE TABLE journal.tombstone (
  entry_id text PRIMARY KEY REFERENCES journal.journal_entry (id),
  deleted_by text NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  legal_basis text NOT NULL
);

CREATE TABLE journal.import_run (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  file text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  report jsonb
);

CREATE TABLE journal.quarantine (
  id bigserial PRIMARY KEY,
  import_run_id bigint REFERENCES journal.import_run (id),
  source text NOT NULL,
  file text NOT NULL,
  line integer,
  record_no integer,
  reason text NOT NULL,
  detail text,
  raw bytea NOT NULL,
  raw_hash text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, file, raw_hash, reason)
);
