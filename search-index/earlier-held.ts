/**
 * Whether the index holds any earlier version of a note at all (IndexDocument.earlierText;
 * helsepersonelloven § 42), so that a legal caller's query carries the `earlier:` expansions
 * (query.ts) only when they can match something. Before, every query word of a legal caller
 * got its `earlier:<word>` clauses on an index with no earlier version anywhere, and in a
 * blind run they pushed one query over Elasticsearch's clause cap, so it ran without its typo,
 * learned and feedback expansions (clause-budget.ts).
 *
 * Kept by each backend, not asked per search: the indexer writes through the same backend
 * object as the search subgraph uses (scripts/stack.ts), so a document written with earlier
 * text makes the answer yes at once (`saw`); what another process wrote (a `reindex` run from
 * the CLI, a second instance) is seen by a cheap existence check (Elasticsearch: one document
 * with the field, terminate_after 1; PostgreSQL: a partial index, migration 013), made at most
 * once per EARLIER_HELD_NO_MS while the answer is no and once per EARLIER_HELD_YES_MS while it
 * is yes (a yes only grows the query; a no hides a match, so it is asked again soon). Per index,
 * not per caller's scope: a scope check is a query per search, the round trip this avoids.
 */
import type { IndexDocument } from './types';

/** How long a "no earlier version anywhere" stands before it is asked again. */
export const EARLIER_HELD_NO_MS = 5_000;
/** How long a "some note has earlier versions" stands (they are rarely all removed). */
export const EARLIER_HELD_YES_MS = 600_000;

export interface EarlierHeld {
  /** Whether some document in the index has earlier text (cached; see above). */
  held(): Promise<boolean>;
  /** Notes documents written through this backend: one with earlier text makes held() true at once. */
  saw(docs: readonly IndexDocument[]): void;
}

export function earlierHeld(check: () => Promise<boolean>): EarlierHeld {
  let known: { value: boolean; at: number } | null = null;
  let pending: Promise<boolean> | null = null;
  return {
    async held() {
      const now = Date.now();
      if (known && now - known.at < (known.value ? EARLIER_HELD_YES_MS : EARLIER_HELD_NO_MS))
        return known.value;
      // One check at a time: concurrent searches share it.
      pending ??= check()
        .then((value) => {
          // A document with earlier text written while the check ran stands.
          if (!(known?.value && known.at >= now)) known = { value, at: Date.now() };
          return known.value;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
    saw(docs) {
      if (docs.some((d) => d.earlierText?.length)) known = { value: true, at: Date.now() };
    },
  };
}
