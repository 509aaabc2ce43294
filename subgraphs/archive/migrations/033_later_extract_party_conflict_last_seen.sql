-- A later extract, continued (import-noark; subgraphs/archive/README.md "A later extract", stop 44):
-- a party conflict (1), and when a record was last seen again (2).
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

-- 2. When a record was last seen again (archive.source_record, migration 031). An extract of
--    unchanged content under a later extractionDate (every nightly re-delivery) added a row for
--    each saksmappe and upper entity, so the table grew by the archive's size each night; the
--    older-extract rule needs only the latest extractionDate that said the same of the record. That
--    is now noted on the record's latest row, when it says exactly that (its values and as_of):
--    `last_seen_extraction` (the latest extractionDate that said it again; it only moves on) and
--    `last_seen_at` (when). The rule reads the later of the row's extracted_at and it
--    (noark/import.ts latestSourceTime), as it read the added row's. What the source said is still
--    never changed or deleted: the trigger lets these two columns move on and nothing else.
ALTER TABLE archive.source_record
  ADD COLUMN last_seen_extraction timestamptz,
  ADD COLUMN last_seen_at timestamptz;

CREATE OR REPLACE FUNCTION archive.source_record_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'last_seen_extraction' - 'last_seen_at')
         = (to_jsonb(OLD) - 'last_seen_extraction' - 'last_seen_at')
     AND NEW.last_seen_extraction IS NOT NULL AND NEW.last_seen_at IS NOT NULL
     AND (OLD.last_seen_extraction IS NULL OR NEW.last_seen_extraction >= OLD.last_seen_extraction) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'archive.source_record is insert-only: what a source said is never changed or deleted (only when it was last seen again moves on)';
END $$;
