-- helsepersonelloven § 43 (sletting): the words of a note deleted before today's code stay in
-- three places the deletion clears today (mutations.ts deleteEntry). Found left open after
-- review s30: deletions made before those lines were written (migration 013 cleared the
-- service decisions and quarantined lines of such notes, not these).
--
-- 1. A correction asked for in a record case over the note (`record_case.proposed_text`): the
--    corrected wording is the note's content too. The case itself stays (who asked, the claim,
--    the decision, its events); so does its tombstone.
UPDATE journal.record_case c SET proposed_text = NULL
  FROM journal.journal_entry e
 WHERE e.id = c.entry_id AND e.deleted_at IS NOT NULL AND c.proposed_text IS NOT NULL;

-- 2. Source versions of the note that waited for an archivist (`source_conflict.source_record`):
--    their text and the source's correction reason go; an open one is closed as superseded by
--    the deletion, as deleting the note closes it today (nothing is left to decide on).
UPDATE journal.source_conflict c
   SET source_record = c.source_record - 'text' - 'correction_reason',
       resolution = coalesce(c.resolution, 'superseded'), resolved_at = coalesce(c.resolved_at, now()),
       resolved_by = coalesce(c.resolved_by, 'migration 016'),
       resolution_reason = coalesce(c.resolution_reason, 'the note was deleted')
  FROM journal.journal_entry e
 WHERE e.id = c.entry_id AND e.deleted_at IS NOT NULL
   AND (c.source_record ? 'text' OR c.source_record ? 'correction_reason' OR c.resolved_at IS NULL);

-- 3. The source's reason for a corrected version (HP `description` of a document that replaces
--    another, `correction_reason`): the author's words about the note's content, kept on the
--    note and in the fields of its kept versions (migration 008). The deletion clears them
--    today with the text; here for notes deleted before.
UPDATE journal.journal_entry SET correction_reason = NULL
 WHERE deleted_at IS NOT NULL AND correction_reason IS NOT NULL;
UPDATE journal.entry_version v SET fields = v.fields || jsonb_build_object('correction_reason', NULL)
  FROM journal.journal_entry e
 WHERE e.id = v.entry_id AND e.deleted_at IS NOT NULL AND v.fields->>'correction_reason' IS NOT NULL;

-- 4. HP lines (and Gerica rows and Profil notater, below) quarantined for a reason the note's own checks do not give (`invalid-resource`,
--    `encoding` of the attachment, `unstorable-text`, `unknown-patient`, ...) are versions of the
--    note too when they are a DocumentReference: they now name it (`entry_id`; import/hp.ts
--    noteIdOfLine, the writer's unknown-patient), and deleting it removes their bytes. Rows
--    quarantined before: linked from the line as far as it reads (its `id`, or the legacy id of
--    a migrated copy; an unstorable line's "\u0000" read as '?'); a line
--    that does not read (not UTF-8, not JSON, cut at the size cap) stays unlinked. Then the
--    lines of notes deleted before lose their bytes, as migration 013 did for its reasons.
CREATE FUNCTION pg_temp.hp_document_note(b bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  j json;
  code text;
  legacy_id text;
BEGIN
  -- "\u0000" and surrogate escapes cannot be read out of json either: '?' for reading the id.
  j := regexp_replace(replace(convert_from(b, 'UTF8'), '\u0000', '?'), '\\u[dD][89abAB][0-9a-fA-F]{2}', '?', 'g')::json;
  IF json_typeof(j) <> 'object' OR j->>'resourceType' IS DISTINCT FROM 'DocumentReference'
     OR coalesce(j->>'id', '') = '' THEN
    RETURN NULL;
  END IF;
  IF json_typeof(j->'meta'->'tag') = 'array' THEN
    SELECT t->>'code' INTO code FROM json_array_elements(j->'meta'->'tag') t
     WHERE t->>'system' = 'urn:example:migrering' LIMIT 1;
  END IF;
  IF code IN ('gerica', 'profil') AND json_typeof(j->'identifier') = 'array' THEN
    SELECT i->>'value' INTO legacy_id FROM json_array_elements(j->'identifier') i
     WHERE i->>'system' = 'urn:example:migrering:' || code LIMIT 1;
    IF coalesce(legacy_id, '') <> '' THEN
      RETURN 'je-' || code || '-' || legacy_id;
    END IF;
  END IF;
  RETURN 'je-hp-' || (j->>'id');
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
UPDATE journal.quarantine q SET entry_id = pg_temp.hp_document_note(q.raw)
 WHERE q.source = 'hp' AND q.entry_id IS NULL AND q.raw_removed_at IS NULL;

-- A Gerica journalnotat row quarantined after its NotatID was read (`national-id`, `time`,
-- `date`, `identifier` of the author, `empty-text`; import/gerica.ts) is a version of that
-- note: its first field is the NotatID (7 digits), in ISO-8859-1.
UPDATE journal.quarantine q SET entry_id = 'je-gerica-' || btrim(split_part(convert_from(q.raw, 'LATIN1'), ';', 1), '"')
 WHERE q.source = 'gerica' AND q.entry_id IS NULL AND q.raw_removed_at IS NULL
   AND q.reason IN ('national-id', 'time', 'date', 'identifier', 'empty-text')
   AND btrim(split_part(convert_from(q.raw, 'LATIN1'), ';', 1), '"') ~ '^\d{7}$';

-- A Profil notat quarantined whole (not cut at the size cap) whose id attribute is numeric
-- (import/profil.ts): its start tag is read as ISO-8859-1 only to find the ASCII id.
UPDATE journal.quarantine q
   SET entry_id = 'je-profil-' || substring(convert_from(q.raw, 'LATIN1') FROM '^<notat[^>]*?\sid\s*=\s*["'']([0-9]+)["'']')
 WHERE q.source = 'profil' AND q.entry_id IS NULL AND q.raw_removed_at IS NULL AND q.reason <> 'record-size'
   AND substring(convert_from(q.raw, 'LATIN1') FROM '^<notat[^>]*?\sid\s*=\s*["'']([0-9]+)["'']') IS NOT NULL;

UPDATE journal.quarantine q SET raw = '\x'::bytea, raw_removed_at = now(), raw_removed_by = 'migration 016',
       raw_removal_basis = coalesce(t.legal_basis, 'helsepersonelloven § 43') || ' (the note was deleted before migration 016)'
  FROM journal.journal_entry e LEFT JOIN journal.tombstone t ON t.entry_id = e.id
 WHERE q.entry_id = e.id AND e.deleted_at IS NOT NULL AND q.raw_removed_at IS NULL;
