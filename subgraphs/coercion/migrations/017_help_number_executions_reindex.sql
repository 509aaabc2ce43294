-- Executions under an H-nummer (hjelpenummer): their search documents were written with the bare
-- number as a national id and no patient before stop 35, and one committed while the journal
-- import creating its H-nummer patient was open was written without that patient and never queued
-- again (pasientjournalloven § 22: the number names a person within its source only; the document
-- belongs to that source's journal patient, outbox.ts). Reconciliation now compares the resolved
-- patient too (outbox.ts versionOf); this queues them at upgrade, so the indexer writes them again
-- with their source's key and patient without waiting for a reconcile. The pattern is journal
-- migration 021's: day 01-31 with month 41-52 (a number of another kind it catches is only
-- written again, unchanged).
INSERT INTO coercion.outbox (entity_id)
SELECT e.id FROM coercion.execution e
 WHERE e.patient_nid ~ '^[0-3][0-9](4[1-9]|5[0-2])[0-9]{7}$';
