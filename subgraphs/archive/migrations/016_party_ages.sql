-- The search documents of a case of several parties now carry each party's age on the
-- record's date (outbox.ts partyAges; search migration 011): an age window asks the age of
-- the person searched for, not the age of the party whose national id sorts first
-- (pasientjournalloven § 22, helseforskningsloven § 33; found in review). Index them again.
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j
   WHERE j.saksmappe_id IN (SELECT saksmappe_id FROM archive.subject_link GROUP BY saksmappe_id HAVING count(DISTINCT national_id) > 1);
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
   WHERE j.saksmappe_id IN (SELECT saksmappe_id FROM archive.subject_link GROUP BY saksmappe_id HAVING count(DISTINCT national_id) > 1);
