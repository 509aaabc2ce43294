-- An execution whose measure or description holds "§" ("Vedtak etter § 4A-5 …") is written to
-- Elasticsearch with its text's signs spelled as words (signText, search-index definition.ts
-- SIGN_MAPPING; stop 47), so tvang's near rule "vedtak" within 6 words of "§" matches it there as
-- on PostgreSQL (pasientjournalloven § 22). Queued again, so no reindex is needed.
INSERT INTO coercion.outbox (entity_id)
SELECT e.id FROM coercion.execution e
 WHERE strpos(e.measure || ' ' || e.description, '§') > 0;
