-- A later extract, continued (import-noark; subgraphs/archive/README.md "A later extract", stop 44).
--
-- 1. A party conflict: a later extract that names no party (no part element) of a saksmappe or a
--    journalpost whose parties name a person. A party list gone entirely is far more likely a
--    partial or faulty extract (a system that exported its saksmapper without their part elements)
--    than every party removed on purpose, and ending every link at once left the case concerning
--    no one: no case handler, legal user or patient reached it through the person, and it left
--    their search and dossier (pasientjournalloven § 22: the right person's information reaches
--    those who need it; arkivlova § 6: the archive's documents are kept as sources). So the import
--    keeps the parties linked, applies the rest of the extract and opens a conflict here, which an
--    archivist resolves (resolvePartyConflict): ACCEPT_REMOVAL ends the links as a removed party's
--    are (archive.ended_part, archive.unlinked_person_link), KEEP_PARTIES leaves them, and the same
--    empty list in a later extract does not open it again. A later extract that names parties of
--    the record again ends the conflict (`source_named_parties_at`; an open one is SUPERSEDED) and
--    is applied as any extract. At most one conflict holds a record at a time (the index below).
--    `parties` are the parties kept linked, as stored when it was opened (a case's with their
--    ordinal in archive.part). Never deleted (nothing lost).
CREATE TABLE archive.party_conflict (
  id bigserial PRIMARY KEY,
  saksmappe_id text NOT NULL REFERENCES archive.saksmappe (id),
  entity_type text NOT NULL CHECK (entity_type IN ('saksmappe', 'journalpost')),
  entity_id text NOT NULL,
  parties jsonb NOT NULL,
  source_file text NOT NULL,
  extracted_at timestamptz,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolution text CHECK (resolution IN ('ACCEPT_REMOVAL', 'KEEP_PARTIES', 'SUPERSEDED')),
  resolved_by text,
  resolved_at timestamptz,
  resolution_reason text,
  source_named_parties_at timestamptz,
  CHECK ((resolution IS NULL) = (resolved_at IS NULL) AND (resolution IS NULL) = (resolved_by IS NULL))
);
CREATE UNIQUE INDEX party_conflict_holding_idx ON archive.party_conflict (entity_type, entity_id)
  WHERE source_named_parties_at IS NULL AND (resolution IS NULL OR resolution = 'KEEP_PARTIES');
CREATE INDEX party_conflict_saksmappe_idx ON archive.party_conflict (saksmappe_id);
CREATE INDEX party_conflict_open_idx ON archive.party_conflict (id) WHERE resolution IS NULL;

CREATE FUNCTION archive.party_conflict_not_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'archive.party_conflict rows are never deleted: a conflict is resolved, not removed';
END $$;
CREATE TRIGGER party_conflict_not_deleted BEFORE DELETE ON archive.party_conflict
  FOR EACH ROW EXECUTE FUNCTION archive.party_conflict_not_deleted();
