-- Review of stop 47: Elasticsearch's search document of a text holding "§" carries that text with
-- the sign spelled as a word (signText, search-index definition.ts SIGN_MAPPING), so tvang's near
-- rule "vedtak" within 6 words of "§" matches there as on PostgreSQL (pasientjournalloven § 22:
-- the same question finds the same records on every backend). Journal migration 044 and coercion
-- 025 queued their records; a case record (its journalpost's title and its case's title,
-- outbox.ts archiveOutbox) and a document page (doctext/outbox.ts) indexed before carry none and
-- are queued again here, as migration 035 queued its records, so no reindex is needed.
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id
   WHERE strpos(j.tittel || ' ' || s.tittel, '§') > 0;
INSERT INTO archive.document_outbox (entity_id)
  SELECT DISTINCT pt.dokumentobjekt_id FROM archive.document_page_text pt
   WHERE strpos(pt.text, '§') > 0;
