-- A note's search document carries its age under leapDayRule FEBRUARY_28 where it differs from
-- the stored one (subgraphs/journal/outbox.ts, search migration 016; stop 45): a note of a person
-- born 29 February dated 28 February of a year without a 29th. Notes indexed before carry none;
-- the notes dated on such a 28 February (of any person: a superset, some 0.2 % of notes) are
-- queued again, so the indexer writes it without a reindex (pasientjournalloven § 22: search's
-- age window under that rule holds the notes the journal's and the dossier's hold).
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT 'journal_entry', e.id
  FROM journal.journal_entry e
 WHERE e.deleted_at IS NULL AND e.status = 'current'
   AND to_char((e.dated_at AT TIME ZONE 'Europe/Oslo')::date, 'MM-DD') = '02-28'
   AND to_char((e.dated_at AT TIME ZONE 'Europe/Oslo')::date + 1, 'MM-DD') = '03-01';
