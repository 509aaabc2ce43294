/**
 * Pseudo-relevance feedback (RM3-style), for query words no vocabulary concept names: a first
 * pass finds notes through the word itself and its learned neighbours; the words that
 * characterise those notes against the rest of what the caller may see (the backend's
 * suggested terms: Elasticsearch `significant_text`, the PostgreSQL backend's lexeme
 * statistics, both inside the caller's policy scope) are kept when the learned model puts
 * them near the query word (cosine ≥ PRF_MIN_SIMILARITY, a looser bar than a learned
 * neighbour's, since the notes vouch for them too), and a second pass adds them as named
 * expansions `prf:<word>:<term>`, counted like the learned neighbours (a note needs
 * LEARNED_MIN_MATCH of the two kinds together). So the words of the notes being searched,
 * which no model trained elsewhere has seen, can still reach the notes that do not use the
 * query word. Off with disabledExpansions ["prf"], with expand: false, without a model,
 * and for elusion samples (whose complement must be the query's own matches).
 */
import { querySegments, queryWords, STOP_WORDS } from './query';
import { decompounder } from './decompound';
import { conceptsFor, type Concept } from './vocabulary';
import type { LearnedExpansions } from './expansions';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

/** Least similarity (learned model) of a feedback term to the query word. */
export const PRF_MIN_SIMILARITY = 0.45;
/** Most feedback terms per query word. */
export const PRF_MAX_TERMS = 8;
/** Candidate terms asked of the first pass. */
export const PRF_CANDIDATES = 30;
/** A first pass with fewer hits gives no feedback (one note says too little about a topic). */
export const PRF_MIN_HITS = 2;

const STOP = new Set(STOP_WORDS);

/** Experiment switch: feedback for words a concept names too. */
const CONCEPT_PRF = process.env.HELSESPOR_CONCEPT_PRF === '1';

/** The query's words that no concept names (the ones feedback may expand). */
export function unlistedWords(query: string, vocabulary: Map<string, Concept>): string[] {
  return querySegments(queryWords(query), vocabulary, true).filter(
    (s) =>
      !s.includes(' ') &&
      /^\p{L}{3,}$/u.test(s) &&
      (CONCEPT_PRF || !conceptsFor(s, vocabulary, decompounder().split(s)).length),
  );
}

export function withFeedback(
  backend: SearchBackend,
  learned: LearnedExpansions | undefined,
  vocabulary: Map<string, Concept>,
): SearchBackend {
  if (!learned) return backend;
  const search = async (q: SearchQuery): Promise<SearchResponse> => {
    const off = new Set(q.disabled ?? []);
    if (q.expand === false || q.elusion || q.feedback || off.has('prf') || !learned.current())
      return backend.search(q);
    const words = unlistedWords(q.query, vocabulary);
    if (!words.length) return backend.search(q);
    const first = await backend.search({
      ...q,
      first: 0,
      after: undefined,
      suggest: true,
      suggestSize: PRF_CANDIDATES,
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
      const kept = candidates
        .map((t, i) => ({ word: t, similarity: sims[i] ?? 0 }))
        .filter((t) => t.similarity >= PRF_MIN_SIMILARITY && !off.has(`prf:${w}:${t.word}`))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, PRF_MAX_TERMS);
      if (kept.length) feedback[w] = kept;
    }
    return backend.search(Object.keys(feedback).length ? { ...q, feedback } : q);
  };
  return { ...backend, search };
}
