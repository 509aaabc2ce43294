/**
 * The transactional outbox every subgraph keeps (`<schema>.outbox`: seq, entity_type,
 * entity_id, created_at, processed_at), as the search indexer reads it. Each subgraph
 * instantiates this for its own table and adds what only it knows (loading documents,
 * versions, coverage); see search-index/types.ts OutboxSource.
 */
import type { Queryable } from './db';

/**
 * Where an outbox stood when a rebuild of the index began: its highest committed sequence number
 * and the database's clock then. Numbers are handed out in the order transactions ask for them,
 * not the order they commit: a change numbered below `seq` may commit after the mark (an import
 * batch in flight), so `changedSince` also takes the changes processed since `at`.
 */
export interface OutboxMark {
  seq: number;
  at: Date;
}

export interface OutboxQueue {
  /** The oldest pending changes (after sequence number `afterSeq`, when given). */
  pending(limit: number, afterSeq?: number): Promise<{ seq: number; entityId: string }[]>;
  markProcessed(seqs: number[]): Promise<void>;
  /** The newest committed outbox sequence number (0 when empty) and the database's clock now. */
  mark(): Promise<OutboxMark>;
  /**
   * Entity ids changed since the mark: numbered after it, or processed (drained into the index
   * of then) since it, which takes the changes numbered before the mark that committed after it.
   */
  changedSince(mark: OutboxMark): Promise<string[]>;
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
    async mark() {
      const r = (
        await db.query<{ n: string; at: Date }>(
          `SELECT coalesce(max(seq), 0)::bigint AS n, clock_timestamp() AS at FROM ${table}`,
        )
      ).rows[0]!;
      return { seq: Number(r.n), at: r.at };
    },
    async changedSince(mark) {
      return (
        await db.query<{ id: string }>(
          `SELECT DISTINCT $2 || entity_id AS id FROM ${table} WHERE seq > $1 OR processed_at >= $3`,
          [mark.seq, idPrefix, mark.at],
        )
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
