-- A note's search document carries the source systems of its earlier versions
-- (earlierSourceSystems, subgraphs/journal/outbox.ts, search migration 017; stop 46): a search
-- filtered on PROFIL finds the Profil wording that is now the earlier version of an HP note.
-- Documents indexed before carry none; every note with an earlier version is queued again, so
-- the indexer writes it without a reindex (pasientjournalloven § 22: the source filter finds
-- what the dossier shows).
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT DISTINCT 'journal_entry', v.entry_id
  FROM journal.entry_version v
  JOIN journal.journal_entry e ON e.id = v.entry_id
 WHERE e.deleted_at IS NULL;
