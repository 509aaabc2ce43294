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
   * model, trained on their text, is marked stale (expansions.ts STALE_FILE) and trained anew
   * without waiting for `refreshNotes` new notes: at once, or `removalGapMs` after the last
   * training ended (again after a training under way, which may have read the corpus before
   * the removal).
   */
  removed(n: number): void;
  /** Trains now (or waits for the training under way). */
  trainNow(): Promise<TrainResult | null>;
  /** Whether a training runs, and when one a removal asked for will start (null: none waits). */
  state(): { running: boolean; retrainAt: Date | null };
  stop(): Promise<void>;
}

/**
 * `removalGapMs`: the least time from the end of one training to a training a removal asks
 * for. Every training reads the whole corpus (minutes at 500,000 notes); without a gap a stream
 * of deletions kept one running back to back. Removals within the gap wait for one training
 * after it. Meanwhile the model stays marked stale, so search uses no learned neighbour that
 * no indexed note has any more (live-neighbours.ts): the removed text is out of search at once
 * (helsepersonelloven § 43), the gap only delays better neighbours.
 */
export function startExpansionTrainer(
  sources: OutboxSource[],
  dir: string,
  refreshNotes: number,
  options: TrainOptions = {},
  removalGapMs = 0,
): ExpansionTrainer {
  let since = 0;
  let running: Promise<TrainResult | null> | null = null;
  let stopped = false;
  /** A removal came while a training was under way: train again after it. */
  let again = false;
  /** When the last training ended (ms since the epoch; 0: none yet). */
  let lastEnded = 0;
  let waiting: { at: number; timer: NodeJS.Timeout } | null = null;
  /**
   * A removal while the first model was trained (no live model to mark yet): that model may have
   * read the removed note, so it is marked stale, as of the removal, when it goes live.
   */
  let removedBeforeLive: Date | null = null;
  const abort = new AbortController();
  /** A removal's training: now, or when the gap since the last one has passed. */
  const retrainSoon = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const wait = lastEnded + removalGapMs - Date.now();
    if (wait <= 0) {
      void train();
      return;
    }
    waiting ??= {
      at: Date.now() + wait,
      timer: setTimeout(() => {
        waiting = null;
        retrainSoon();
      }, wait).unref(),
    };
  };
  const train = (): Promise<TrainResult | null> => {
    running ??= (async () => {
      since = 0;
      again = false;
      if (waiting) {
        clearTimeout(waiting.timer);
        waiting = null;
      }
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
        lastEnded = Date.now();
        if (removedBeforeLive && markExpansionsStale(dir, removedBeforeLive)) {
          removedBeforeLive = null;
          if (refreshNotes > 0) again = true;
        }
        if (again) retrainSoon();
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
      if (stopped || n <= 0) return;
      if (!markExpansionsStale(dir)) {
        // No live model yet (helsepersonelloven § 43): a first one under way is marked when live.
        if (running) removedBeforeLive ??= new Date();
        return;
      }
      // refreshNotes 0: the stack does not train (a fixed model; `train-expansions` by hand):
      // marked stale only, so search checks the model's words against the index until then.
      const retrain = refreshNotes > 0;
      log.info({ removed: n, retrain }, 'documents removed from the index: learned expansions marked stale');
      if (retrain) retrainSoon();
    },
    trainNow: train,
    state: () => ({ running: !!running, retrainAt: waiting ? new Date(waiting.at) : null }),
    async stop() {
      // A training under way is stopped (its half-written model is removed); the old model stays.
      stopped = true;
      if (waiting) clearTimeout(waiting.timer);
      waiting = null;
      abort.abort();
      await running;
    },
  };
}
