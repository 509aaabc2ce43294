-- The earlier versions in `earlier_text` are kept apart (review of stop 46, FX3): two versions
-- are joined by a record separator (U+001E) on a line of its own, not by a blank line alone
-- (migration 012). The PostgreSQL backend's phrase and near rule expressions cannot cross it
-- (search-index/postgres.ts EARLIER_SEPARATOR), so "…katten kan dø." and "Hun vil hjem." in two
-- versions are no "dø … vil" near rule, as on Elasticsearch (position_increment_gap between an
-- array's values). The column's type is unchanged; rows written before this migration keep the
-- blank line until next indexed (the versions cannot be told apart from a paragraph break in
-- SQL): `npm run cli -- reindex` writes them all.
COMMENT ON COLUMN search.document.earlier_text IS
  'Texts of the note''s earlier versions, oldest first, joined by E''\n\x1e\n'' (migration 018); NULL when none.';
