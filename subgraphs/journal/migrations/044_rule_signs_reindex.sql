-- Elasticsearch's search document of a note whose text (or an earlier version's text) holds "§"
-- carries that text with the sign spelled as a word (signText / earlierSignText, search-index
-- definition.ts SIGN_MAPPING; stop 47): tvang's near rule "vedtak" within 6 words of "§" then
-- matches there as on PostgreSQL (pasientjournalloven § 22: the same question finds the same
-- notes on every backend). Documents indexed before carry none; those notes are queued again, so
-- the indexer writes them without a reindex.
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT 'journal_entry', e.id
  FROM journal.journal_entry e
 WHERE e.deleted_at IS NULL
   AND (strpos(e.text, '§') > 0
        OR EXISTS (SELECT 1 FROM journal.entry_version v WHERE v.entry_id = e.id AND strpos(v.text, '§') > 0));
