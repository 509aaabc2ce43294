-- An execution's search document carries its age under leapDayRule FEBRUARY_28 where it differs
-- (outbox.ts, search migration 016; stop 45): a person born 29 February, on 28 February of a
-- year without a 29th. The executions starting on such a day (a superset) are queued again, so
-- the indexer writes it without a reindex (pasientjournalloven § 22).
INSERT INTO coercion.outbox (entity_id)
SELECT e.id FROM coercion.execution e
 WHERE to_char((e.start_at AT TIME ZONE 'Europe/Oslo')::date, 'MM-DD') = '02-28'
   AND to_char((e.start_at AT TIME ZONE 'Europe/Oslo')::date + 1, 'MM-DD') = '03-01';
