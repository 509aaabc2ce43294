/**
 * Elasticsearch caps the clauses of one query after it rewrites fuzzy (one-edit typo) and
 * wildcard clauses into the index's own terms (the node's max clause count, derived from its
 * heap). A topic's two hundred expansions and a few other words with their learned
 * neighbours can overrun that cap on an index with many similar words: "spilleavhengighet og
 * gjeld etter gambling" did on a tuning set. Refusing the query would leave the user with
 * nothing; instead the search runs again without the expansions that multiply in the rewrite,
 * typo forms first, then learned neighbours and feedback. What did run is named in each hit's
 * `matchedExpansions` and the term report, as always, and the term report has a row
 * "<kind> (not run: over the search engine's clause cap)" for each kind left out; a query still
 * too large is refused as before (subgraphs/search/resolvers.ts). Open (found in review): an
 * elusion estimate's several searches each choose their own step, and a later page may run at
 * another step than the first.
 */
import { log } from '../lib/log';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

/** What a search leaves out, step by step, when the whole query overruns the clause cap. */
export const CLAUSE_BUDGET_STEPS: readonly (readonly string[])[] = [['typo'], ['typo', 'learned', 'prf']];

export function isTooManyClauses(err: unknown): boolean {
  return /too many (nested )?clauses|too_many_(nested_)?clauses/i.test((err as Error)?.message ?? '');
}

export function withClauseBudget(backend: SearchBackend): SearchBackend {
  const search = async (q: SearchQuery): Promise<SearchResponse> => {
    try {
      return await backend.search(q);
    } catch (err) {
      if (!isTooManyClauses(err)) throw err;
      let last = err;
      for (const kinds of CLAUSE_BUDGET_STEPS) {
        try {
          const r = await backend.search({ ...q, disabled: [...(q.disabled ?? []), ...kinds] });
          // The kinds only: the query text may name a person.
          log.warn({ left: kinds }, 'search over the clause cap: ran without these expansion kinds');
          // The term report says what was left out, as it says of a kNN not run (postgres.ts).
          const notRun = kinds
            .filter((k) => !q.disabled?.includes(k))
            .map((kind) => ({
              expansion: `${kind} (not run: over the search engine's clause cap)`,
              word: '',
              kind,
              concept: null,
              hits: 0,
            }));
          return { ...r, termReport: [...(r.termReport ?? []), ...notRun] };
        } catch (e) {
          if (!isTooManyClauses(e)) throw e;
          last = e;
        }
      }
      throw last;
    }
  };
  return { ...backend, search };
}
