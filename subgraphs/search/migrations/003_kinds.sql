-- Records of every kind (journal entries, archive journalposts, coercion executions),
-- matched to a person by patient record id or national id, as in the Elasticsearch index v3.
ALTER TABLE search.document
  ALTER COLUMN patient_id DROP NOT NULL,
  ADD COLUMN national_ids text[] NOT NULL DEFAULT '{}',
  ADD COLUMN refs jsonb NOT NULL DEFAULT '{}';

CREATE INDEX document_national_ids_idx ON search.document USING gin (national_ids);
