-- helsepersonelloven §§ 43-44: a deleted note, or a note moved to another patient's record,
-- must not be served by search from the moment the deletion or move is committed, not only
-- once the indexer has drained the outbox (500 ms by default; as long as it is down or
-- behind). The change's outbox row says so (`removal`): until it is processed, search leaves
-- the note (and the current note that replaces a deleted version, whose document holds that
-- version's text) out of every path (subgraphs/journal/outbox.ts pendingRemovals,
-- search-index/filters.ts). The partial index keeps that one lookup per search small.
ALTER TABLE journal.outbox ADD COLUMN removal boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_pending_removal_idx ON journal.outbox (entity_id) WHERE processed_at IS NULL AND removal;

-- Changes waiting now whose note was deleted or moved: marked the same way.
UPDATE journal.outbox o SET removal = true
  FROM journal.journal_entry e
 WHERE o.processed_at IS NULL AND e.id = o.entity_id
   AND (e.deleted_at IS NOT NULL OR EXISTS (SELECT 1 FROM journal.entry_move m WHERE m.entry_id = e.id));
