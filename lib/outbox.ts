/**
 * The transactional outbox every subgraph keeps (`<schema>.outbox`: seq, entity_type,
 * entity_id, created_at, processed_at), as the search indexer reads it. Each subgraph
 * instantiates this for its own table and adds what only it knows (loading documents,
 * versions, coverage); see search-index/types.ts OutboxSource.
 */
import type { Queryable } from './db';

export interface OutboxQueue {
  /** The oldest pending changes (after sequence number `afterSeq`, when given). */
  pending(limit: number, afterSeq?: number): Promise<{ seq: number; entityId: string }[]>;
  markProcessed(seqs: number[]): Promise<void>;
  /** The newest outbox sequence number (0 when empty). */
  maxSeq(): Promise<number>;
  /** Entity ids changed after outbox sequence `seq`. */
  changedSince(seq: number): Promise<string[]>;
  /** How many changes wait, and since when (the oldest pending change). */
  backlog(): Promise<{ pending: number; oldest: Date | null }>;
}

/**
 * @param table  schema-qualified outbox table, e.g. `journal.outbox` (a constant of the caller, never input)
 * @param idPrefix  prefix of the search document id, e.g. `journalpost:` (entity ids are stored without it)
 */
export function outboxQueue(db: Queryable, table: string, idPrefix = ''): OutboxQueue {
  if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`not an outbox table name: ${table}`);
  return {
    async pending(limit, afterSeq = 0) {
      return (
        await db.query<{ seq: number; entity_id: string }>(
          `SELECT seq, entity_id FROM ${table} WHERE processed_at IS NULL AND seq > $2 ORDER BY seq LIMIT $1`,
          [limit, afterSeq],
        )
      ).rows.map((r) => ({ seq: r.seq, entityId: `${idPrefix}${r.entity_id}` }));
    },
    async markProcessed(seqs) {
      await db.query(`UPDATE ${table} SET processed_at = now() WHERE seq = ANY($1::bigint[])`, [seqs]);
    },
    async maxSeq() {
      return (await db.query<{ n: number }>(`SELECT coalesce(max(seq), 0)::bigint AS n FROM ${table}`))
        .rows[0]!.n;
    },
    async changedSince(seq) {
      return (
        await db.query<{ id: string }>(`SELECT DISTINCT $2 || entity_id AS id FROM ${table} WHERE seq > $1`, [
          seq,
          idPrefix,
        ])
      ).rows.map((r) => r.id);
    },
    async backlog() {
      const r = (
        await db.query<{ pending: number; oldest: Date | null }>(
          `SELECT count(*)::int AS pending, min(created_at) AS oldest FROM ${table} WHERE processed_at IS NULL`,
        )
      ).rows[0]!;
      return { pending: r.pending, oldest: r.oldest };
    },
  };
}
