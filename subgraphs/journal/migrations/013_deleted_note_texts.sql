-- helsepersonelloven § 43 (sletting): a deleted note's words go from everything the journal
-- holds of it (found in review s30). Two places were left:
--
-- 1. The import quarantine. An HP line quarantined as `older-source-version` (an older export
--    of a stored note), `care-contact-patient` (a note naming another patient's encounter) or
--    `decision-outcome` (a Vedtak note whose outcome could not be read) is a version of the
--    note, its text in the bytes. Each such row now names its note (`entry_id`), and deleting
--    the note removes the row's bytes (mutations.ts deleteEntry): the row stays (file, line,
--    reason, detail, when it was quarantined and by which import run), and who removed the
--    bytes, when and on what basis are kept. raw_hash stays, so the same line of the same file
--    is not quarantined again. No detail of these reasons quotes the text.
ALTER TABLE journal.quarantine
  ADD COLUMN entry_id text,
  ADD COLUMN raw_removed_at timestamptz,
  ADD COLUMN raw_removed_by text,
  ADD COLUMN raw_removal_basis text;
CREATE INDEX quarantine_entry_id ON journal.quarantine (entry_id) WHERE entry_id IS NOT NULL;

-- Rows quarantined before: the note is the line's DocumentReference id (a line that does not
-- read as JSON now is left unlinked; these reasons are only given to lines that did).
CREATE FUNCTION pg_temp.hp_line_id(b bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN convert_from(b, 'UTF8')::jsonb->>'id';
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
UPDATE journal.quarantine q SET entry_id = e.id
  FROM journal.journal_entry e
 WHERE q.source = 'hp' AND q.reason IN ('older-source-version', 'care-contact-patient', 'decision-outcome')
   AND q.entry_id IS NULL AND e.source_system = 'HELSEPLATTFORMEN' AND e.id = 'je-hp-' || pg_temp.hp_line_id(q.raw);

-- Notes deleted before this migration: their quarantined lines lose their bytes now.
UPDATE journal.quarantine q SET raw = '\x'::bytea, raw_removed_at = now(), raw_removed_by = 'migration 013',
       raw_removal_basis = coalesce(t.legal_basis, 'helsepersonelloven § 43') || ' (the note was deleted before migration 013)'
  FROM journal.journal_entry e LEFT JOIN journal.tombstone t ON t.entry_id = e.id
 WHERE q.entry_id = e.id AND e.deleted_at IS NOT NULL AND q.raw_removed_at IS NULL;

-- 2. Service decisions read from notes deleted before the day's change (an HP Vedtak): the
--    code of then left the decision's text, Begrunnelse (`justification`), heading (`service`)
--    and cited words, and those of its kept versions. They are removed here as deleting the
--    note does today (mutations.ts deleteDecisionTexts): what was decided stays, the removal
--    is itself a kept version of the decision (who: `migration 013`, when, the note's basis).
UPDATE journal.service_decision_version v
   SET record = v.record || jsonb_build_object('text', NULL, 'justification', NULL, 'service', NULL, 'cited_assessment_text', NULL)
  FROM journal.service_decision d JOIN journal.journal_entry e ON e.id = d.journal_entry_id
 WHERE d.id = v.decision_id AND e.deleted_at IS NOT NULL
   AND (v.record->>'text' IS NOT NULL OR v.record->>'justification' IS NOT NULL
        OR v.record->>'service' IS NOT NULL OR v.record->>'cited_assessment_text' IS NOT NULL);
INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
SELECT d.id, d.version,
       to_jsonb(d) || jsonb_build_object('text', NULL, 'justification', NULL, 'service', NULL, 'cited_assessment_text', NULL),
       'migration 013',
       'deletion of journal entry ' || d.journal_entry_id || ' before migration 013 (its text removed here too): '
         || coalesce(t.legal_basis, 'helsepersonelloven § 43')
  FROM journal.service_decision d JOIN journal.journal_entry e ON e.id = d.journal_entry_id
  LEFT JOIN journal.tombstone t ON t.entry_id = e.id
 WHERE e.deleted_at IS NOT NULL
   AND (d.text IS NOT NULL OR d.justification IS NOT NULL OR d.service IS NOT NULL OR d.cited_assessment_text IS NOT NULL);
UPDATE journal.service_decision d SET text = NULL, justification = NULL, service = NULL, cited_assessment_text = NULL,
       version = d.version + 1, updated_at = now()
  FROM journal.journal_entry e
 WHERE e.id = d.journal_entry_id AND e.deleted_at IS NOT NULL
   AND (d.text IS NOT NULL OR d.justification IS NOT NULL OR d.service IS NOT NULL OR d.cited_assessment_text IS NOT NULL);
