-- The compound parts of a note's earlier versions' text (search-index/enrich.ts, as `parts` is
-- of the current text; the Elasticsearch field `earlierParts`): the `earlier:` expansions of a
-- word's or a concept's compound parts run over them (search-index/query.ts). NULL (and an
-- empty tsvector) when the note has no earlier version. Rows written before this migration
-- get theirs when next indexed; `npm run cli -- reindex` writes them all. No GIN index, as for
-- `tsv_earlier` (migration 012): a column of the scoped `docs` CTE, never a WHERE on the table.
ALTER TABLE search.document
  ADD COLUMN earlier_parts text,
  ADD COLUMN tsv_earlier_parts tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', coalesce(earlier_parts, ''))) STORED;
