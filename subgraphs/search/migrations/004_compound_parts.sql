-- Compound parts split off by the indexer (search-index/decompound.ts), as the Elasticsearch
-- index v4 field `parts`: "alkoholbruk" is also found as "alkohol" and "bruk". Rows written
-- before this migration have no parts until `npm run cli -- reindex`.
ALTER TABLE search.document
  ADD COLUMN parts text NOT NULL DEFAULT '',
  ADD COLUMN tsv_parts tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', parts)) STORED;

CREATE INDEX document_tsv_parts_idx ON search.document USING gin (tsv_parts);
