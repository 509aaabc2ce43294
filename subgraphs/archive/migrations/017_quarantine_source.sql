-- A quarantined saksmappe (or registrering) keeps its source bytes, as they are in
-- arkivstruktur.xml from the `<` of its start tag to the `>` of its end tag, instead of a
-- JSON rebuilt from the parsed record (which lost attributes, entities, CDATA, comments and
-- whitespace): the archive keeps what it received (arkivlova § 6, arkivforskrifta). `line`
-- is the line its start tag begins on (null for a document file, and for rows from before);
-- `detail` says when `raw` holds only the first bytes of a record over the record cap
-- (IMPORT_MAX_RECORD_BYTES), as the journal quarantine does.
--
-- Rows quarantined before keep their JSON form: nothing is deleted or rewritten (they are
-- what was recorded then). The table is unique on (source_file, ref, reason, raw_sha256),
-- so re-importing an extract imported before adds, for each record quarantined again, a
-- row with its source bytes beside the JSON row (same ref and reason, another raw_sha256).
ALTER TABLE archive.quarantine
  ADD COLUMN line integer,
  ADD COLUMN detail text;
