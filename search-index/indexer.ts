import { log } from '../lib/log';
import type { OutboxSource, SearchBackend } from './types';

export interface DrainResult {
  indexed: number;
  removed: number;
  batches: number;
}

/**
 * Drains an outbox into the search backend with bulk writes. Rows are marked processed
 * only after the backend accepted the batch, so if the backend is down nothing is lost:
 * the rows wait and the next drain sends them. Each batch sends the entities' current state
 * (read now, not when the change was made), so replaying a batch is harmless; one drain runs
 * at a time per process (startIndexer chains them).
 */
export async function drainOutbox(
  source: OutboxSource,
  backend: SearchBackend,
  batchSize = 1000,
): Promise<DrainResult> {
  const result: DrainResult = { indexed: 0, removed: 0, batches: 0 };
  for (;;) {
    const pending = await source.pending(batchSize);
    if (!pending.length) break;
    const ids = [...new Set(pending.map((p) => p.entityId))];
    const docs = await source.load(ids);
    const present = new Set(docs.map((d) => d.id));
    const gone = ids.filter((id) => !present.has(id));
    if (docs.length) await backend.upsert(docs);
    if (gone.length) await backend.remove(gone);
    await source.markProcessed(pending.map((p) => p.seq));
    result.indexed += docs.length;
    result.removed += gone.length;
    result.batches++;
    if (pending.length < batchSize) break;
  }
  if (result.batches) log.info({ outbox: source.name, backend: backend.name, ...result }, 'outbox drained');
  return result;
}

/** Drains every `intervalMs` until stopped; a failed drain is logged and retried. */
export function startIndexer(
  sources: OutboxSource[],
  backend: SearchBackend,
  intervalMs = 500,
): { stop(): Promise<void>; drainNow(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(async () => {
      for (const s of sources) {
        try {
          await drainOutbox(s, backend);
        } catch (err) {
          log.warn(
            { outbox: s.name, err: (err as Error).message },
            'indexing failed; changes stay in the outbox',
          );
        }
      }
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, intervalMs);
  timer.unref();
  return {
    drainNow: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
