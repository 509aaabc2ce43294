import { log } from '../lib/log';
import { enrichDocument } from './enrich';
import { DocumentsRejectedError, type IndexDocument, type OutboxSource, type SearchBackend } from './types';

export interface DrainResult {
  indexed: number;
  removed: number;
  batches: number;
}

/** A batch read from an outbox: its changes, and the current state of their entities. */
interface ReadBatch {
  pending: { seq: number; entityId: string }[];
  docs: IndexDocument[];
  gone: string[];
  /**
   * The batch writes a deletion or move (OutboxSource.pendingRemovals): its write is made
   * visible (backend.refresh) before its rows are marked processed, since search stops
   * leaving those documents out once they are: Elasticsearch shows a write only after its
   * next refresh (up to a second), and the old document would be served meanwhile.
   */
  removes: boolean;
}

/**
 * Drains an outbox into the search backend with bulk writes. Rows are marked processed
 * only after the backend accepted the batch, so if the backend is down nothing is lost:
 * the rows wait and the next drain sends them. Each batch sends the entities' current state
 * (read now, not when the change was made), so replaying a batch is harmless; one drain runs
 * at a time per process (startIndexer chains them).
 *
 * Pipelined: while one batch is written, the next is read from the database and prepared
 * (compound parts split, search-index/decompound.ts), so the database, this process and
 * the backend work at the same time. Writes stay in order, one at a time: a batch read
 * later holds the same or a newer state of an entity, and is written after. The read-ahead
 * takes changes after the batch's last sequence number; a change committed late with an
 * earlier number is still pending and goes with the next drain.
 */
export async function drainOutbox(
  source: OutboxSource,
  backend: SearchBackend,
  batchSize = 1000,
): Promise<DrainResult> {
  const result: DrainResult = { indexed: 0, removed: 0, batches: 0 };
  // Documents the backend refused as they are: their rows stay pending (sent again next drain),
  // and every other row of their batch is marked processed, so one refused document holds back
  // no other change, deletions among them (found in review s32: a note whose author name was
  // over Elasticsearch's term limit failed every drain of the journal outbox, and a note deleted
  // under helsepersonelloven § 43 stayed searchable behind it).
  const refused = new Map<string, string>();
  const keep = (err: unknown): void => {
    if (!(err instanceof DocumentsRejectedError)) throw err;
    for (const id of err.ids) refused.set(id, err.reason);
  };
  const read = async (afterSeq: number): Promise<ReadBatch | null> => {
    const pending = await source.pending(batchSize, afterSeq);
    if (!pending.length) return null;
    const ids = [...new Set(pending.map((p) => p.entityId))];
    const loaded = await source.load(ids);
    const docs = backend.prepare ? backend.prepare(loaded) : loaded.map((d) => enrichDocument(d));
    const present = new Set(docs.map((d) => d.id));
    const removals = source.pendingRemovals ? new Set(await source.pendingRemovals()) : undefined;
    const removes =
      !!removals?.size && (ids.some((id) => removals.has(id)) || docs.some((d) => removals.has(d.id)));
    return { pending, docs, gone: ids.filter((id) => !present.has(id)), removes };
  };
  let next: Promise<ReadBatch | null> = read(0);
  for (;;) {
    const batch = await next;
    if (!batch) break;
    const more = batch.pending.length >= batchSize;
    next = more ? read(Math.max(...batch.pending.map((p) => p.seq))) : Promise.resolve(null);
    try {
      if (batch.docs.length) await backend.upsert(batch.docs).catch(keep);
      if (batch.gone.length) await backend.remove(batch.gone).catch(keep);
      if (batch.removes) await backend.refresh();
      await source.markProcessed(batch.pending.filter((p) => !refused.has(p.entityId)).map((p) => p.seq));
    } catch (err) {
      next.catch(() => undefined); // the read-ahead is dropped; its rows stay pending
      throw err;
    }
    result.indexed += batch.docs.length;
    result.removed += batch.gone.length;
    result.batches++;
  }
  if (result.batches) log.info({ outbox: source.name, backend: backend.name, ...result }, 'outbox drained');
  if (refused.size)
    // A failure of the drain (startIndexer logs the backlog and backs off), after everything else was written.
    throw new DocumentsRejectedError([...refused.keys()], [...new Set(refused.values())].join(', '));
  return result;
}

/** Documents whose vector the indexer rewrites per round after a retraining. */
export const REEMBED_STEP = 5000;

export interface IndexerOptions {
  /** Pause between drains while all is well (ms). */
  intervalMs?: number;
  /** Longest pause between attempts while the backend or database fails (ms); the pause doubles up to it. */
  maxBackoffMs?: number;
  /** Least time between two expunges of deleted documents (ms). */
  expungeEveryMs?: number;
  /** Called after each expunge (the search subgraph records it for searchCoverage). */
  onExpunge?: (at: Date, result: ExpungeResult) => Promise<void>;
  /** Called with the number of documents each drain of an outbox wrote (the expansion trainer counts them). */
  onIndexed?: (documents: number) => void;
}

export interface ExpungeResult {
  /** Deleted documents still in segments before and after (null where the backend has none). */
  deletedBefore: number | null;
  deletedAfter: number | null;
  ms: number;
}

export interface IndexerStats {
  /** Drain attempts since start, and how many of them failed. */
  attempts: number;
  failed: number;
  /** Failures in a row now (0 when the last attempt succeeded). */
  failures: number;
  /** The backlog logged at the last failure. */
  lastBacklog: { outbox: string; pending: number | null; oldestAgeSeconds: number | null }[];
}

/** Next pause: the interval while all is well, doubling per failure up to the cap. */
export function backoffMs(failures: number, intervalMs: number, maxMs: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(maxMs, intervalMs * 2 ** Math.min(failures, 30));
}

/**
 * Drains every outbox until stopped. While the backend (or the database) fails, the pause
 * between attempts doubles up to `maxBackoffMs`, and each failure logs the backlog (changes
 * waiting, and the age of the oldest). After documents were removed, deleted documents are
 * expunged from the index's segments (at most every `expungeEveryMs`), so that a deleted
 * note's text is gone from disk too, not only from search results.
 */
export function startIndexer(
  sources: OutboxSource[],
  backend: SearchBackend,
  opts: IndexerOptions | number = {},
): {
  stop(): Promise<void>;
  drainNow(): Promise<void>;
  expungeNow(): Promise<ExpungeResult>;
  stats(): IndexerStats;
} {
  const o = typeof opts === 'number' ? { intervalMs: opts } : opts;
  const intervalMs = o.intervalMs ?? 500;
  const maxBackoffMs = o.maxBackoffMs ?? 60_000;
  const expungeEveryMs = o.expungeEveryMs ?? 5 * 60_000;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let failures = 0;
  const st: IndexerStats = { attempts: 0, failed: 0, failures: 0, lastBacklog: [] };
  // 1 at start: deletions a previous process made and did not expunge are looked for once.
  let removedSinceExpunge = 1;
  let lastExpunge = 0;
  let timer: NodeJS.Timeout | undefined;

  const expunge = async (): Promise<ExpungeResult> => {
    const started = Date.now();
    const r = await backend.expungeDeleted();
    const result = { ...r, ms: Date.now() - started };
    lastExpunge = Date.now();
    // Deletes newer than Elasticsearch's peer-recovery retention lease (renewed about every
    // 30 s) cannot be merged away yet: try again at the next scheduled expunge.
    removedSinceExpunge = r.deletedAfter ? 1 : 0;
    log.info({ backend: backend.name, ...result }, 'deleted documents expunged from the index');
    await o.onExpunge?.(new Date(lastExpunge), result);
    return result;
  };

  const logBacklog = async (err: unknown, retryMs: number) => {
    const backlog = await Promise.all(
      sources.map(async (s) => {
        const b = await s.backlog().catch(() => null);
        return {
          outbox: s.name,
          pending: b?.pending ?? null,
          oldestAgeSeconds: b?.oldest ? Math.round((Date.now() - b.oldest.getTime()) / 1000) : null,
        };
      }),
    );
    st.lastBacklog = backlog;
    log.warn(
      { err: (err as Error).message, failures, retryMs, backlog },
      'indexing failed; changes stay in the outbox, retrying with backoff',
    );
  };

  const once = async (): Promise<void> => {
    st.attempts++;
    let failed: unknown = null;
    for (const s of sources) {
      try {
        const r = await drainOutbox(s, backend);
        removedSinceExpunge += r.removed;
        if (r.indexed) o.onIndexed?.(r.indexed);
      } catch (err) {
        // Keep going: one outbox that fails (a bad document, a subgraph's table) must not
        // hold back the others' changes, deletions among them. Back off when any failed.
        failed ??= err;
      }
    }
    if (failed) {
      failures++;
      st.failed++;
      st.failures = failures;
      await logBacklog(failed, backoffMs(failures, intervalMs, maxBackoffMs));
      return;
    }
    if (failures) log.info({ afterFailures: failures }, 'indexing resumed');
    failures = 0;
    st.failures = 0;
    // Vectors a retrained model made obsolete, and concept tags of another classifier (or none
    // yet), are rewritten a bounded step per round (search-index/enrich.ts reembedPass), after
    // the changes: new notes first.
    if (backend.reembed)
      await backend
        .reembed(REEMBED_STEP)
        .catch((err) =>
          log.warn({ err: (err as Error).message }, 're-embedding document vectors failed; retried later'),
        );
    if (removedSinceExpunge > 0 && Date.now() - lastExpunge >= expungeEveryMs) {
      await expunge().catch((err) =>
        log.warn({ err: (err as Error).message }, 'expunging deleted documents failed; retried later'),
      );
    }
  };
  const tick = () => {
    // once() handles its own failures; a rejection here would otherwise stop the loop for good.
    running = running
      .then(once)
      .catch((err) => log.error({ err: (err as Error).message }, 'indexer round failed unexpectedly'));
    return running;
  };
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        void tick().then(loop);
      },
      backoffMs(failures, intervalMs, maxBackoffMs),
    );
    timer.unref();
  };
  loop();
  return {
    drainNow: tick,
    stats: () => ({ ...st, lastBacklog: [...st.lastBacklog] }),
    expungeNow() {
      const r = running.then(expunge);
      running = r.then(
        () => undefined,
        () => undefined,
      );
      return r;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
