-- The text of a journal note's earlier versions (helsepersonelloven § 42: a corrected note keeps
-- what it said), as the Elasticsearch field `earlierText`: kept versions and superseded source
-- documents dated on the note's day, oldest first, each once, joined by a blank line
-- (search-index/types.ts IndexDocument.earlierText; subgraphs/journal/outbox.ts). NULL when the
-- note has none: such a row is as it was. `earlier_versions` counts them (searchCoverage).
-- Searched with the same analysis as `text` (the Norwegian snowball configuration) through the
-- `earlier:<word>` expansions, for callers whose purpose is a legal matter or case handling
-- only (lib/policy AccessPolicy.earlierVersions). No GIN index: the expansion is a column of the
-- scoped `docs` CTE (search-index/postgres.ts), never a WHERE on the table (migration 010).
-- Notes corrected before this migration get their earlier text when next indexed:
-- `npm run cli -- reindex` writes them all.
ALTER TABLE search.document
  ADD COLUMN earlier_text text,
  ADD COLUMN earlier_versions integer,
  ADD COLUMN tsv_earlier tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', coalesce(earlier_text, ''))) STORED;
