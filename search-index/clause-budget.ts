/**
 * Elasticsearch caps the clauses of one query after it rewrites fuzzy (one-edit typo) and
 * wildcard clauses into the index's own terms (the node's max clause count, derived from its
 * heap). A topic's two hundred expansions and a few other words with their learned
 * neighbours can overrun that cap on an index with many similar words: "spilleavhengighet og
 * gjeld etter gambling" did on a tuning set. Refusing the query would leave the user with
 * nothing; instead the search runs again with fewer expansions: first without the `earlier:`
 * clauses over the text of notes' earlier versions (a legal caller's; query.ts: they mirror the
 * word's and its concepts' clauses, so they can double a query, and they find only notes that
 * said it before, below every current match: in a blind run they pushed a query over the cap
 * and it ran without its typo forms, learned words and feedback instead), then also without
 * the expansions that multiply in the rewrite, typo forms, then learned neighbours and
 * feedback. What did run is named in each hit's
 * `matchedExpansions` and the term report, as always, and the term report has a row
 * "<kind> (not run: over the search engine's clause cap)" for each kind left out; a query still
 * too large is refused as before (subgraphs/search/resolvers.ts). A recall estimate's several
 * searches run at one step (`elusionSearches`: found in review, each chose its own, so the
 * more-like-this search could run without typo forms beside a count with them). A later page
 * runs the same query and overruns the same way, unless the index's words changed between the
 * pages. A step that would leave out only kinds the refused query does not have would send it
 * again unchanged, so it is skipped: the backend names the expansion kinds of the query it
 * refused (`refusedKinds`; found in review: a query without learned or feedback expansions was
 * sent three times, the third identical to the second).
 */
import { log } from '../lib/log';
import { EARLIER_SPANS, isEarlierSpan } from './query';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

/**
 * What a search leaves out, step by step, when the whole query overruns the clause cap. First
 * the earlier versions' phrases and near rules only (EARLIER_SPANS, stop 46: intervals of some
 * 75 clauses each), so a legal caller keeps the earlier words before every `earlier:` clause goes.
 */
export const CLAUSE_BUDGET_STEPS: readonly (readonly string[])[] = [
  [EARLIER_SPANS],
  ['earlier'],
  ['earlier', 'typo'],
  ['earlier', 'typo', 'learned', 'prf'],
];

export function isTooManyClauses(err: unknown): boolean {
  return /too many (nested )?clauses|too_many_(nested_)?clauses/i.test((err as Error)?.message ?? '');
}

/** The expansion kinds of the query a backend refused over the clause cap, by its error. */
const refused = new WeakMap<object, ReadonlySet<string>>();

/**
 * Notes on a backend's clause-cap error the kinds of the expansions of the query it refused
 * (the built query, after `disabled`), and returns the error. Other errors pass unchanged; the
 * first note stands (a nested search, the kNN vector's first pass, refuses with the same kinds
 * or fewer).
 */
export function refusedKinds(
  err: unknown,
  expansions: readonly { kind: string; of?: { kind: string } }[],
): unknown {
  if (isTooManyClauses(err) && typeof err === 'object' && err !== null && !refused.has(err))
    refused.set(
      err,
      new Set(expansions.flatMap((e) => (isEarlierSpan(e) ? [e.kind, EARLIER_SPANS] : [e.kind]))),
    );
  return err;
}

export function withClauseBudget(backend: SearchBackend): SearchBackend {
  const search = async (q: SearchQuery): Promise<SearchResponse> => {
    try {
      return await backend.search(q);
    } catch (err) {
      if (!isTooManyClauses(err)) throw err;
      let last = err;
      // The kinds the query had (when the backend named them): only those are named as not run.
      const had0 = typeof err === 'object' && err !== null ? refused.get(err) : undefined;
      for (const kinds of CLAUSE_BUDGET_STEPS) {
        // The refused query has none of these kinds: without them it is the same query.
        const had = typeof last === 'object' && last !== null ? refused.get(last) : undefined;
        if (had && !kinds.some((k) => had.has(k))) continue;
        try {
          const r = await backend.search({ ...q, disabled: [...(q.disabled ?? []), ...kinds] });
          // The kinds only: the query text may name a person.
          log.warn({ left: kinds }, 'search over the clause cap: ran without these expansion kinds');
          // The term report says what was left out, as it says of a kNN not run (postgres.ts).
          const notRun = kinds
            .filter((k) => !q.disabled?.includes(k) && (!had0 || had0.has(k)))
            .map((kind) => ({
              expansion: `${kind} (not run: over the search engine's clause cap)`,
              word: '',
              kind,
              concept: null,
              hits: 0,
            }));
          return {
            ...r,
            termReport: [...(r.termReport ?? []), ...notRun],
            notRun: notRun.map((x) => x.kind),
          };
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

/** The searches of a recall estimate (Patient.searchElusion), and what they left out. */
export interface ElusionSearches {
  /** The query's own matches (a count). */
  found: SearchResponse;
  /** The query and more-like-this of its ten best hits (a count); null when nothing was found. */
  alike: SearchResponse | null;
  /** A seeded sample of what the query does not find. */
  unmatched: SearchResponse;
  /** Expansion kinds every search ran without (over the clause cap), beyond the caller's own. */
  notRun: string[];
}

/**
 * A recall estimate compares counts of several searches (found, found or like the best hits,
 * not found), so they must run with the same expansions: when one of them overruns the clause
 * cap and runs at a further step (withClauseBudget), all of them run again at that step.
 * `search` is the clause-budgeted backend's search (through the resolver's error mapping).
 */
export async function elusionSearches(
  search: (q: SearchQuery) => Promise<SearchResponse>,
  base: SearchQuery,
  sample: number,
  seed: number,
): Promise<ElusionSearches> {
  const own = base.disabled ?? [];
  let disabled = own;
  for (let round = 0; ; round++) {
    const q = { ...base, disabled };
    const found = await search(q);
    const top = found.total ? await search({ ...q, first: 10, pages: false }) : null;
    const alike = top?.hits.length ? await search({ ...q, like: top.hits.map((h) => h.id) }) : null;
    const unmatched = await search({ ...q, first: sample, elusion: { seed } });
    const further = [...new Set([found, top, alike, unmatched].flatMap((r) => r?.notRun ?? []))].filter(
      (k) => !disabled.includes(k),
    );
    if (!further.length || round >= CLAUSE_BUDGET_STEPS.length)
      return { found, alike, unmatched, notRun: disabled.filter((k) => !own.includes(k)) };
    disabled = [...disabled, ...further];
  }
}
