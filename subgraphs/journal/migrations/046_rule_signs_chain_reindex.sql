-- Review of stop 47: migration 044 queued the notes whose own text or own kept versions hold "§",
-- but a note's earlier text (its search document's earlierText, and from it earlierSignText:
-- search-index definition.ts SIGN_MAPPING) also holds the texts of the superseded originals it
-- replaces and their kept versions (outbox.ts earlierVersionsSql: chain, members). A note whose
-- chain of originals holds "§" is queued again here, so Elasticsearch gets its earlierSignText
-- without a reindex and tvang's near rule "vedtak" within 6 words of "§" finds it in an earlier
-- version there as on PostgreSQL (pasientjournalloven § 22, helsepersonelloven § 42). The chain is
-- walked as earlierVersionsSql walks it (same source system and patient, at most 50 links).
WITH RECURSIVE chain(start, patient_id, source_system, replaces, depth) AS (
  SELECT e.id, e.patient_id, coalesce(e.replaces_source_system, e.source_system), e.replaces_source_id, 1
    FROM journal.journal_entry e
   WHERE e.deleted_at IS NULL AND e.replaces_source_id IS NOT NULL
  UNION ALL
  SELECT c.start, c.patient_id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id, c.depth + 1
    FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                             AND p.patient_id = c.patient_id
   WHERE c.depth < 50 AND p.replaces_source_id IS NOT NULL),
members AS (
  SELECT c.start, p.id, p.text
    FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                             AND p.patient_id = c.patient_id
   WHERE p.deleted_at IS NULL)
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT DISTINCT 'journal_entry', m.start
  FROM members m
 WHERE strpos(m.text, '§') > 0
    OR EXISTS (SELECT 1 FROM journal.entry_version v WHERE v.entry_id = m.id AND strpos(v.text, '§') > 0);
