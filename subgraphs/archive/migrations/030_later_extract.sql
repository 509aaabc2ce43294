-- A later extract (import-noark; subgraphs/archive/README.md "A later extract"): a saksmappe
-- already stored comes again with new journalposter and changed elements, which the import adds
-- and applies, keeping every row it replaces in archive.record_version (migration 011).
--
-- 1. A dokumentbeskrivelse the extract changes (its title, dokumenttype …) keeps the row it
--    replaced too, as saksmapper and journalposter do. (A dokumentobjekt is never changed: a
--    changed one is quarantined, its stored bytes kept.)
CREATE TRIGGER dokumentbeskrivelse_keep_version BEFORE UPDATE ON archive.dokumentbeskrivelse
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');

-- 2. source_hash is import bookkeeping (which source record the case was last read from), not
--    the record: a change of it alone keeps no version. The import tells what the source had
--    before a change made here (changeTittel, setSkjerming …) from the version rows: the row
--    replaced by the first change after the import's last write. A version row for a changed
--    source_hash alone would read as the import writing the row as it now is, a change made here
--    included, and a later extract would then overwrite that change without a conflict.
DROP TRIGGER saksmappe_keep_version ON archive.saksmappe;
CREATE TRIGGER saksmappe_keep_version BEFORE UPDATE ON archive.saksmappe
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'source_hash') IS DISTINCT FROM (to_jsonb(NEW) - 'source_hash'))
  EXECUTE FUNCTION archive.keep_record_version('id');
