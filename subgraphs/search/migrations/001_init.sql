-- Embedded search backend (PostgreSQL full-text search), used when no Elasticsearch
-- is configured. Same documents as the Elasticsearch index.
CREATE SCHEMA IF NOT EXISTS search;

CREATE TABLE search.document (
  id text PRIMARY KEY,
  kind text NOT NULL,
  patient_id text NOT NULL,
  source_system text NOT NULL,
  entry_type text NOT NULL,
  written_at timestamptz NOT NULL,
  text text NOT NULL,
  version integer NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', text)) STORED
);

CREATE INDEX document_tsv_idx ON search.document USING gin (tsv);
CREATE INDEX document_patient_idx ON search.document (patient_id);
