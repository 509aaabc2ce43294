import type { Queryable } from '../../lib/db';
import type { IndexDocument, OutboxSource } from '../../search-index/types';
import { journalEntriesByIds } from './store';

/** The journal's outbox, as the search indexer drains it. */
export function journalOutbox(db: Queryable): OutboxSource {
  return {
    name: 'journal',
    async pending(limit) {
      return (await db.query<{ seq: number; entity_id: string }>(
        'SELECT seq, entity_id FROM journal.outbox WHERE processed_at IS NULL ORDER BY seq LIMIT $1', [limit],
      )).rows.map((r) => ({ seq: r.seq, entityId: r.entity_id }));
    },
    async load(ids): Promise<IndexDocument[]> {
      // Only what may be found: superseded versions and deleted notes leave the index.
      const searchable = (await journalEntriesByIds(db, ids)).filter((e) => e.text !== null && !e.deleted_at && e.status !== 'superseded');
      return searchable.map((e) => ({
        id: e.id,
        kind: 'journal_entry',
        patientId: e.patient_id,
        sourceSystem: e.source_system,
        type: e.entry_type,
        writtenAt: e.written_at.toISOString(),
        text: e.text!,
        version: e.version,
      }));
    },
    async markProcessed(seqs) {
      await db.query('UPDATE journal.outbox SET processed_at = now() WHERE seq = ANY($1::bigint[])', [seqs]);
    },
  };
}
