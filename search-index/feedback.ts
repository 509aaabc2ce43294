/**
 * Pseudo-relevance feedback (RM3-style), for query words no vocabulary concept names: a first
 * pass finds notes through the word itself and its learned neighbours; the words that
 * characterise those notes against the rest of what the caller may see (the backend's
 * suggested terms: Elasticsearch `significant_text`, the PostgreSQL backend's lexeme
 * statistics, both inside the caller's policy scope) are kept when the learned model puts
 * them near the query word (cosine ≥ HELSESPOR_PRF_MIN_SIMILARITY, 0.4: a looser bar than a learned
 * neighbour's, since the notes vouch for them too), and a second pass adds them as named
 * expansions `prf:<word>:<term>`, counted like the learned neighbours (a note needs
 * LEARNED_MIN_MATCH of the two kinds together). So the words of the notes being searched,
 * which no model trained elsewhere has seen, can still reach the notes that do not use the
 * query word; at most HELSESPOR_PRF_MAX (25) terms per word. Off with disabledExpansions
 * ["prf"], with expand: false, without a model and with HELSESPOR_PRF_MAX=0; an elusion
 * sample uses the same feedback terms as the search it checks. Only words no concept names:
 * for a concept's word, feedback brought in more wrong notes than right ones on the tuning
 * set (P@20 0.87 → 0.78 at equal recall).
 */
import { querySegments, queryWords, STOP_WORDS } from './query';
import { decompounder } from './decompound';
import { conceptsFor, type Concept } from './vocabulary';
import type { LearnedExpansions } from './expansions';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

export interface FeedbackSettings {
  /** Least similarity (learned model) of a feedback term to the query word. */
  minSimilarity: number;
  /** Most feedback terms per query word (0: feedback off). */
  max: number;
  /** Candidate terms asked of the first pass. */
  candidates: number;
  /** Least similarity of a term the model never saw. */
  unknownMinSimilarity: number;
}
export const DEFAULT_FEEDBACK: FeedbackSettings = {
  minSimilarity: 0.4,
  max: 25,
  candidates: 60,
  unknownMinSimilarity: 0.7,
};
export const PRF_MIN_SIMILARITY = DEFAULT_FEEDBACK.minSimilarity;
/** A first pass with fewer hits gives no feedback (one note says too little about a topic). */
export const PRF_MIN_HITS = 2;

const STOP = new Set(STOP_WORDS);

/** The query's words that no concept names (the ones feedback may expand). */
export function unlistedWords(query: string, vocabulary: Map<string, Concept>): string[] {
  const segments = querySegments(queryWords(query), vocabulary, true);
  // A function word is no segment of a query with other words (query.ts): no feedback pass for it.
  const others = segments.some((s) => !STOP.has(s));
  return segments.filter(
    (s) =>
      !(others && STOP.has(s)) &&
      !s.includes(' ') &&
      /^\p{L}{3,}$/u.test(s) &&
      !conceptsFor(s, vocabulary, decompounder().split(s)).length,
  );
}

export function withFeedback(
  backend: SearchBackend,
  learned: LearnedExpansions | undefined,
  vocabulary: Map<string, Concept>,
  settings: Partial<FeedbackSettings> = {},
): SearchBackend {
  const s = { ...DEFAULT_FEEDBACK, ...settings };
  if (!learned || s.max <= 0) return backend;
  const search = async (q: SearchQuery): Promise<SearchResponse> => {
    const off = new Set(q.disabled ?? []);
    if (q.expand === false || q.feedback || off.has('prf') || !learned.current()) return backend.search(q);
    const words = unlistedWords(q.query, vocabulary);
    if (!words.length) return backend.search(q);
    // The first pass is the query's own matches (an elusion sample's complement too), so that
    // an elusion sample is drawn from what the full query, feedback included, does not find.
    const first = await backend.search({
      ...q,
      // The word and its learned neighbours only: notes found by their vector alone (knn, a
      // concept's classifier direction), or by what an earlier version said (whose current
      // text is about something else), do not choose the feedback terms.
      disabled: [...(q.disabled ?? []), 'knn', 'classifier', 'earlier'],
      elusion: undefined,
      first: 0,
      after: undefined,
      suggest: true,
      suggestSize: s.candidates,
      // The candidates as they were before function words left the suggestions shown to a
      // user (function-words.ts): what a search finds and its order do not change.
      suggestFunctionWords: true,
      termReport: false,
      highlight: false,
    });
    if (first.total < PRF_MIN_HITS || !first.suggestedTerms?.length) return backend.search(q);
    const candidates = first.suggestedTerms
      .map((t) => t.term)
      .filter((t) => /^\p{L}{4,}$/u.test(t) && !STOP.has(t) && !words.includes(t));
    const feedback: NonNullable<SearchQuery['feedback']> = {};
    for (const w of words) {
      const sims = learned.similarity(w, candidates);
      // A word the model never saw has a vector from its letters alone (a name, a brand): it
      // must be nearer to count.
      const kept = candidates
        .map((t, i) => ({ word: t, similarity: sims[i] ?? 0 }))
        .filter(
          (t) =>
            t.similarity >= (learned.knows(t.word) ? s.minSimilarity : s.unknownMinSimilarity) &&
            !off.has(`prf:${w}:${t.word}`),
        )
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, s.max);
      if (kept.length) feedback[w] = kept;
    }
    return backend.search(Object.keys(feedback).length ? { ...q, feedback } : q);
  };
  return { ...backend, search };
}
