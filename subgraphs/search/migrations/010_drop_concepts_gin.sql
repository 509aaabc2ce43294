-- Migration 009's GIN index on search.document.concepts is never used: the classifier's tag
-- check runs as a column of the scoped `docs` CTE (search-index/postgres.ts), never as a WHERE
-- on the table, so the index only cost writes on every upsert and re-tag (found in review).
DROP INDEX IF EXISTS search.document_concepts_idx;
