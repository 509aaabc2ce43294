-- Filter fields of the embedded search backend, as in the Elasticsearch index v2.
ALTER TABLE search.document
  ADD COLUMN local_date date,
  ADD COLUMN age_at_date integer,
  ADD COLUMN author_name text,
  ADD COLUMN service text;

CREATE INDEX document_local_date_idx ON search.document (local_date);
