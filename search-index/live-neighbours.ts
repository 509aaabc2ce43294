/**
 * Learned neighbours of a stale model are checked against the index (helsepersonelloven § 43:
 * a note deleted from the record must be gone, its content with it). The fastText model and its
 * neighbour lists (expansions.ts) are made from every note's text; after a note is deleted (or
 * moved) they can still name a word only that note held, and a query's `learned:<word>:<n>`
 * expansion would show it in `termReport` (a row of 0 hits, to a caller who sees every row) and
 * in the query built. Found in review s33's residuals: until the next training (after 2,000 new
 * notes) such words stayed in use.
 *
 * So, while the live model is older than a removal (expansions.ts STALE_FILE, written by the
 * stack's trainer, which retrains at once: trainer.ts `removed`), or while a removal is committed
 * and not yet written to the index (SearchQuery.pendingRemovals), each learned neighbour of the
 * query's words is looked up in the index (SearchBackend.presentWords: one request or statement,
 * matched as the expansion matches, the pending removals left out), and those no document has
 * are switched off by name (`disabled`): not used, not shown. Feedback terms (feedback.ts) need
 * no check: they are words of the notes a first pass finds now. With a fresh model nothing is
 * looked up. The log counts the words left out, never names them (they are note text).
 */
import { log } from '../lib/log';
import type { LearnedExpansions } from './expansions';
import { unlistedWords } from './feedback';
import type { Concept } from './vocabulary';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

export function withLiveNeighbours(
  backend: SearchBackend,
  learned: LearnedExpansions | undefined,
  vocabulary: Map<string, Concept>,
): SearchBackend {
  if (!learned || !backend.presentWords) return backend;
  const present = backend.presentWords.bind(backend);
  const search = async (q: SearchQuery): Promise<SearchResponse> => {
    const off = new Set(q.disabled ?? []);
    if (q.expand === false || off.has('learned') || !learned.current()) return backend.search(q);
    if (!learned.stale() && !q.pendingRemovals?.length) return backend.search(q);
    const names = new Map<string, string[]>();
    for (const w of unlistedWords(q.query, vocabulary))
      for (const n of learned.neighbours(w)) {
        const name = `learned:${w}:${n.word}`;
        if (off.has(name)) continue;
        names.set(n.word, [...(names.get(n.word) ?? []), name]);
      }
    if (!names.size) return backend.search(q);
    const found = await present([...names.keys()], q.pendingRemovals);
    const gone = [...names].filter(([word]) => !found.has(word)).flatMap(([, n]) => n);
    if (!gone.length) return backend.search(q);
    log.info(
      { neighbours: names.size, leftOut: gone.length },
      'learned neighbours no indexed note has left out (the model is older than a removal)',
    );
    return backend.search({ ...q, disabled: [...(q.disabled ?? []), ...gone] });
  };
  return { ...backend, search };
}
