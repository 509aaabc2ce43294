/**
 * Keeps the learned query expansion (search-index/expansions.ts) fresh as notes arrive: the
 * indexer reports how many documents each drain wrote, and once `refreshNotes` of them have
 * been indexed since the last training, the model is trained anew in the background on
 * every searchable record's text (read from the owning subgraphs through their outboxes,
 * as the reindex reads them). One training at a time; searches go on with the old model
 * until the new one is swapped in. `npm run cli -- train-expansions` trains now.
 */
import { log } from '../lib/log';
import { markExpansionsStale, trainExpansions, type TrainOptions, type TrainResult } from './expansions';
import type { OutboxSource } from './types';

/** The text of every searchable record, source by source, in id order. */
export async function* corpusFromSources(sources: OutboxSource[], page = 1000): AsyncGenerator<string> {
  for (const s of sources) {
    let after = '';
    for (;;) {
      const ids = await s.scanVersions(after, page);
      if (!ids.length) break;
      for (const d of await s.load(ids.map((x) => x.id))) if (d.text) yield d.text;
      after = ids[ids.length - 1]!.id;
      if (ids.length < page) break;
    }
  }
}

export interface ExpansionTrainer {
  /** The indexer wrote `n` documents. */
  indexed(n: number): void;
  /**
   * The indexer removed `n` documents (a deletion, helsepersonelloven § 43; a move): the live
   * model, trained on their text, is marked stale (expansions.ts STALE_FILE) and trained anew at
   * once, not after `refreshNotes` new notes (again after a training under way, which may have
   * read the corpus before the removal).
   */
  removed(n: number): void;
  /** Trains now (or waits for the training under way). */
  trainNow(): Promise<TrainResult | null>;
  stop(): Promise<void>;
}

export function startExpansionTrainer(
  sources: OutboxSource[],
  dir: string,
  refreshNotes: number,
  options: TrainOptions = {},
): ExpansionTrainer {
  let since = 0;
  let running: Promise<TrainResult | null> | null = null;
  let stopped = false;
  /** A removal came while a training was under way: train again after it. */
  let again = false;
  const abort = new AbortController();
  const train = (): Promise<TrainResult | null> => {
    running ??= (async () => {
      since = 0;
      again = false;
      try {
        // trainExpansions clears the stale mark when the corpus was read after it.
        return await trainExpansions(corpusFromSources(sources), dir, { ...options, signal: abort.signal });
      } catch (err) {
        log.warn(
          { err: (err as Error).message },
          'training the learned expansions failed; the old model stays',
        );
        return null;
      } finally {
        running = null;
        if (again && !stopped) void train();
      }
    })();
    return running;
  };
  return {
    indexed(n) {
      since += n;
      if (!stopped && refreshNotes > 0 && since >= refreshNotes && !running) void train();
    },
    removed(n) {
      if (stopped || n <= 0 || !markExpansionsStale(dir)) return;
      // refreshNotes 0: the stack does not train (a fixed model; `train-expansions` by hand):
      // marked stale only, so search checks the model's words against the index until then.
      const retrain = refreshNotes > 0;
      log.info({ removed: n, retrain }, 'documents removed from the index: learned expansions marked stale');
      if (!retrain) return;
      if (running) again = true;
      else void train();
    },
    trainNow: train,
    async stop() {
      // A training under way is stopped (its half-written model is removed); the old model stays.
      stopped = true;
      abort.abort();
      await running;
    },
  };
}
