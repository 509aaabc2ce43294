-- A note's age in the search index is its person's (stop 44; subgraphs/journal/outbox.ts
-- personBirthDates): counted from the first of the person's linked records, by id, that states a
-- birth date (the birth date the research cohort, its data set and the extract count from,
-- lib/policy/grant-store.ts PERSON_FACTS_SQL), not from the birth date of the note's own record.
-- The notes of records linked today were indexed with their own record's: queued again, so the
-- indexer writes their ages (no reindex needed). Records in no link keep the age they have.
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT 'journal_entry', e.id
  FROM journal.journal_entry e
 WHERE e.deleted_at IS NULL AND e.status = 'current'
   AND e.patient_id IN (SELECT patient_a FROM journal.patient_link WHERE unlinked_at IS NULL
                        UNION SELECT patient_b FROM journal.patient_link WHERE unlinked_at IS NULL);

-- The person of a record is walked link by link (store.ts PERSON_WALK_SQL: personGroups, and the
-- indexer's person lookup once per batch): the links of a record by either side, by index.
CREATE INDEX patient_link_active_b_idx ON journal.patient_link (patient_b) WHERE unlinked_at IS NULL;
