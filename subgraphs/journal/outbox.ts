import type { Queryable } from '../../lib/db';
import { osloDate } from '../../lib/oslo-time';
import type { IndexDocument, OutboxSource } from '../../search-index/types';
import { ageOn } from './age-window';
import type { JournalEntryRow } from './store';

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
      const rows = (await db.query<JournalEntryRow & { birth_date: string | null }>(
        `SELECT e.*, p.birth_date FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id
          WHERE e.id = ANY($1::text[]) AND e.text IS NOT NULL AND e.deleted_at IS NULL AND e.status = 'current'`, [ids],
      )).rows;
      return rows.map((e) => {
        const localDate = osloDate(e.written_at);
        return {
          id: e.id,
          kind: 'journal_entry',
          patientId: e.patient_id,
          sourceSystem: e.source_system,
          type: e.entry_type,
          writtenAt: e.written_at.toISOString(),
          localDate,
          ageAtDate: e.birth_date ? ageOn(e.birth_date, localDate) : null,
          authorName: e.author_name,
          service: e.service ?? null,
          text: e.text!,
          version: e.version,
        };
      });
    },
    async markProcessed(seqs) {
      await db.query('UPDATE journal.outbox SET processed_at = now() WHERE seq = ANY($1::bigint[])', [seqs]);
    },
  };
}
