CREATE SCHEMA IF NOT EXISTS journal;

CREATE TABLE journal.patient (
  id text PRIMARY KEY,
  national_id text UNIQUE,
  family_name text NOT NULL,
  given_name text NOT NULL,
  birth_date date,
  death_date date,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE journal.journal_entry (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  source_system text NOT NULL CHECK (source_system IN ('HELSEPLATTFORMEN', 'GERICA', 'PROFIL')),
  source_id text NOT NULL,
  entry_type text NOT NULL,
  author_name text,
  written_at timestamptz NOT NULL,
  text text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (source_system, source_id)
);

CREATE INDEX journal_entry_patient_time_idx ON journal.journal_entry (patient_id, written_at, id);

-- Transactional outbox: written in the same transaction as the change it announces,
-- drained by the search indexer (search-index/indexer.ts).
CREATE TABLE journal.outbox (
  seq bigserial PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);

CREATE INDEX outbox_pending_idx ON journal.outbox (seq) WHERE processed_at IS NULL;
