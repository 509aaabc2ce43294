-- Whether any note in the index has earlier versions (search-index/earlier-held.ts): a legal
-- caller's query carries the `earlier:` expansions only then. This partial index answers
-- "SELECT EXISTS (... WHERE earlier_versions IS NOT NULL)" without reading the table, and is
-- as small as the number of notes with earlier versions.
CREATE INDEX document_earlier_held_idx ON search.document (id) WHERE earlier_versions IS NOT NULL;
