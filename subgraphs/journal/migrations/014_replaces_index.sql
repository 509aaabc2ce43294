-- The notes that replace a given source document (its corrected versions), looked up forward:
-- when a superseded version changes or is deleted, the search outbox writes again the current
-- note that replaces it, whose index document holds that version's text among its earlier
-- versions (subgraphs/journal/outbox.ts load; helsepersonelloven §§ 42-43). Without it each
-- such lookup read the whole table (about 15 ms per 100,000 notes, per indexer batch).
CREATE INDEX journal_entry_replaces_idx ON journal.journal_entry (source_system, replaces_source_id)
  WHERE replaces_source_id IS NOT NULL;
