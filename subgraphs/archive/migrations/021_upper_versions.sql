-- An arkiv, arkivdel, klassifikasjonssystem or klasse a later deposit changes (title, klasseID,
-- place, other elements) is updated by the import, and the row it replaced is kept here as for
-- saksmapper and journalposter (migration 011): written with ON CONFLICT DO NOTHING, the change
-- was ignored without a trace (found in review s31; arkivlova § 6, the archive keeps what it
-- received). The import names itself (changed_by 'import-noark', reason 'changed in a later
-- deposit').
CREATE TRIGGER arkiv_keep_version BEFORE UPDATE ON archive.arkiv
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');

CREATE TRIGGER arkivdel_keep_version BEFORE UPDATE ON archive.arkivdel
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');

CREATE TRIGGER klassifikasjonssystem_keep_version BEFORE UPDATE ON archive.klassifikasjonssystem
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');

CREATE TRIGGER klasse_keep_version BEFORE UPDATE ON archive.klasse
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION archive.keep_record_version('id');
