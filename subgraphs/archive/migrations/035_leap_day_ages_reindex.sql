-- A case record's search documents carry the parties' ages under leapDayRule FEBRUARY_28 where
-- they differ (outbox.ts partyAges, search migration 016; stop 45): a party born 29 February, on
-- 28 February of a year without a 29th. The journalposts of such a day and their documents' pages
-- (a superset) are queued again, so the indexer writes them without a reindex
-- (pasientjournalloven § 22).
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j
   WHERE to_char(j.journaldato, 'MM-DD') = '02-28' AND to_char(j.journaldato + 1, 'MM-DD') = '03-01';
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
   WHERE to_char(j.journaldato, 'MM-DD') = '02-28' AND to_char(j.journaldato + 1, 'MM-DD') = '03-01';
