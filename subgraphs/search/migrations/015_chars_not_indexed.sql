-- A note indexed in part (search-index/postgres.ts createPostgresTable): its words overflowed a
-- tsvector (over 1 MB of lexemes and positions), so its text was cut at a space until it fit,
-- and its words past the cut are not found on this backend. The number of characters of the
-- text left out, so that searchCoverage can report the note as partly indexed (SourceCoverage
-- partlyIndexed, charsNotIndexed). NULL: the whole text is indexed. Rows written before this
-- migration are NULL until next indexed (a note that overflowed then was logged with its id).
ALTER TABLE search.document ADD COLUMN chars_not_indexed int;
