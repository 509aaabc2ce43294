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
