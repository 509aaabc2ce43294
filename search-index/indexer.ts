import { log } from '../lib/log';
import { enrichDocument } from './enrich';
import { DocumentsRejectedError, type IndexDocument, type OutboxSource, type SearchBackend } from './types';

export interface DrainResult {
  indexed: number;
  removed: number;
  batches: number;
  /**
   * Documents the backend refused as they are (DocumentsRejectedError): their rows stay pending,
   * every other change was written. By id, with the kinds of refusal (never the content).
   */
  refused: { id: string; reason: string }[];
}

export interface DrainOptions {
  /**
   * Documents not to send in this drain (refused before and not yet due to be tried again,
   * startIndexer): their rows stay pending, unless the change removes the document (a deletion
   * or move, OutboxSource.pendingRemovals), which is written now.
   */
  hold?: ReadonlySet<string>;
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
  /** The last sequence number read, and whether the read was a full batch (more may follow). */
  last: number;
  full: boolean;
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
  options: DrainOptions = {},
): Promise<DrainResult> {
  const result: DrainResult = { indexed: 0, removed: 0, batches: 0, refused: [] };
  const hold = options.hold?.size ? options.hold : undefined;
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
    const all = await source.pending(batchSize, afterSeq);
    if (!all.length) return null;
    const removals = source.pendingRemovals ? new Set(await source.pendingRemovals()) : undefined;
    // A document held back (refused before, not yet due) is neither read nor sent, unless its
    // change removes it: a deletion is never held back. A removal row whose note is still there
    // (a correction, a resolved conflict: search leaves the note out until it is written) is read
    // and, when it was refused, held back like any other: its row stays pending, so search
    // still leaves the note out (found in review s38: it was sent and refused again every drain).
    const maybeHeld = (id: string) => !!hold?.has(id) && !removals?.has(id);
    const ids = [...new Set(all.filter((p) => !maybeHeld(p.entityId)).map((p) => p.entityId))];
    const loaded = ids.length ? await source.load(ids) : [];
    const present = new Set(loaded.map((d) => d.id));
    const held = (id: string) => !!hold?.has(id) && (!removals?.has(id) || present.has(id));
    const pending = hold ? all.filter((p) => !held(p.entityId)) : all;
    const kept = hold ? loaded.filter((d) => !held(d.id)) : loaded;
    const docs = backend.prepare ? backend.prepare(kept) : kept.map((d) => enrichDocument(d));
    const removes =
      !!removals?.size && (ids.some((id) => removals.has(id)) || docs.some((d) => removals.has(d.id)));
    // `last`: the read-ahead continues after every row read, those held back included.
    return {
      pending,
      docs,
      gone: ids.filter((id) => !present.has(id)),
      removes,
      last: Math.max(...all.map((p) => p.seq)),
      full: all.length >= batchSize,
    };
  };
  let next: Promise<ReadBatch | null> = read(0);
  // A batch's rows are marked processed beside the next batch's write, so the backend is not
  // left idle for the database's UPDATE (a tenth of a batch's time: bench:search, stop 39).
  // Writes stay one at a time and in order, and a batch is marked only after its own write
  // (and, for a removal, its refresh) is done; marks too are one at a time.
  let marking: Promise<void> | null = null;
  const settle = async () => {
    const m = marking;
    marking = null;
    await m;
  };
  for (;;) {
    const batch = await next;
    if (!batch) break;
    next = batch.full ? read(batch.last) : Promise.resolve(null);
    try {
      if (batch.docs.length) await backend.upsert(batch.docs).catch(keep);
      if (batch.gone.length) await backend.remove(batch.gone).catch(keep);
      if (batch.removes) await backend.refresh();
      const done = batch.pending.filter((p) => !refused.has(p.entityId)).map((p) => p.seq);
      await settle();
      if (done.length) {
        marking = source.markProcessed(done);
        marking.catch(() => undefined); // awaited by settle
      }
    } catch (err) {
      next.catch(() => undefined); // the read-ahead is dropped; its rows stay pending
      await marking?.catch(() => undefined); // a mark in flight ends before the error is told
      throw err;
    }
    result.indexed += batch.docs.filter((d) => !refused.has(d.id)).length;
    result.removed += batch.gone.length;
    if (batch.pending.length) result.batches++;
  }
  await settle();
  result.refused = [...refused].map(([id, reason]) => ({ id, reason }));
  if (result.batches)
    log.info(
      {
        outbox: source.name,
        backend: backend.name,
        indexed: result.indexed,
        removed: result.removed,
        batches: result.batches,
        refused: result.refused.length,
      },
      'outbox drained',
    );
  // Not a failure of the drain: everything else was written. The refused documents' rows stay
  // pending; startIndexer holds them back on a backoff of their own and reports them (stats).
  if (refused.size)
    log.warn(
      { outbox: source.name, backend: backend.name, refused: result.refused },
      'search documents refused by the backend; kept pending, the rest of the outbox written',
    );
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
  /** Called with the number of documents each drain of an outbox removed (the expansion trainer retrains). */
  onRemoved?: (documents: number) => void;
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
  /**
   * Documents the backend refuses as they are (DocumentsRejectedError), kept pending alone: each
   * is tried again on a backoff of its own (the pause doubling per refusal up to `maxBackoffMs`),
   * while the rest of its outbox drains at the normal pace. Gone once written (or deleted).
   */
  refused: RefusedDocument[];
}

export interface RefusedDocument {
  outbox: string;
  id: string;
  /** The kinds of refusal (Elasticsearch's error types), never the content. */
  reason: string;
  /** Refusals in a row. */
  attempts: number;
  /** When it was first refused, and when it is tried next (ISO 8601). */
  since: string;
  nextAttemptAt: string;
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
  const st: IndexerStats = { attempts: 0, failed: 0, failures: 0, lastBacklog: [], refused: [] };
  // Refused documents per outbox, by id: held back from the drains until due (RefusedDocument).
  const refusedDocs = new Map<
    string,
    Map<string, { reason: string; attempts: number; since: number; next: number }>
  >();
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
        const mine =
          refusedDocs.get(s.name) ??
          new Map<string, { reason: string; attempts: number; since: number; next: number }>();
        const now = Date.now();
        const hold = new Set([...mine].filter(([, x]) => x.next > now).map(([id]) => id));
        const r = await drainOutbox(s, backend, undefined, { hold });
        removedSinceExpunge += r.removed;
        if (r.indexed) o.onIndexed?.(r.indexed);
        if (r.removed) o.onRemoved?.(r.removed);
        // Those tried now and not refused again were written (or are gone): no longer held.
        const again = new Map(r.refused.map((x) => [x.id, x.reason]));
        for (const id of [...mine.keys()]) if (!hold.has(id) && !again.has(id)) mine.delete(id);
        for (const [id, reason] of again) {
          const was = mine.get(id);
          const attempts = (was?.attempts ?? 0) + 1;
          mine.set(id, {
            reason,
            attempts,
            since: was?.since ?? now,
            next: Date.now() + backoffMs(attempts, intervalMs, maxBackoffMs),
          });
        }
        if (mine.size) refusedDocs.set(s.name, mine);
        else refusedDocs.delete(s.name);
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
    stats: () => ({
      ...st,
      lastBacklog: [...st.lastBacklog],
      refused: [...refusedDocs].flatMap(([outbox, m]) =>
        [...m].map(([id, x]) => ({
          outbox,
          id,
          reason: x.reason,
          attempts: x.attempts,
          since: new Date(x.since).toISOString(),
          nextAttemptAt: new Date(x.next).toISOString(),
        })),
      ),
    }),
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
