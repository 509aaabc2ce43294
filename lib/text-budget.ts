/**
 * The text one subgraph request may carry (RESPONSE_MAX_TEXT_BYTES, 192 MiB by default;
 * lib/config.ts Limits.responseTextBytes). The gateway's cost estimate counts fields, not bytes,
 * and a text is up to IMPORT_MAX_RECORD_BYTES long, so aliases or a long page of long texts built
 * an unbounded answer (review s45: thirty aliases of a 4.65 MB note were 140 MB of text, 12 s).
 * Every field that answers a long free text charges this one budget of its request before it
 * answers: a journal note's text and its earlier versions' (subgraphs/journal/resolvers.ts; a
 * source conflict's source and current text, and a service decision's text and grounds and its
 * earlier versions', review s46), a
 * research subject's de-identified note text (lib/policy/research-resolvers.ts), a record case's
 * proposed text (subgraphs/journal/record-case-resolvers.ts) and a search hit's highlights
 * (subgraphs/search/resolvers.ts; review s46: the last three were outside it). Past the budget
 * the field answers RESPONSE_TOO_LARGE, saying which limit and what to do; the fields answered
 * before it stand. Reading changes nothing stored.
 *
 * What the budget is per (fix FX2): one request to one subgraph, by its context. The journal, the
 * search and the policy/research subgraphs each count their own, and a later request to the same
 * subgraph (the gateway's `_entities` fetch of a plan's next step, the dossier's next page) is
 * counted afresh: one client request that reaches several subgraphs, or one subgraph in several
 * fetches, can carry up to the budget from each. It bounds what one subgraph builds and sends
 * in one answer, not what the gateway gives one client; there is no budget across subgraphs.
 *
 * The budget is at least 3 × IMPORT_MAX_RECORD_BYTES (lib/config.ts refuses less;
 * TEXT_GROWTH_PER_RECORD_BYTE: the record cap counts source bytes, this budget UTF-8 bytes, and a
 * Latin-1 or Windows-1252 byte decodes to up to 3), so every text fits in a request of its own: a
 * note's earlier versions are paged (JournalEntry.history(first:, after:)) for a note whose text
 * and versions together pass it.
 */
import { GraphQLError } from 'graphql';

export const DEFAULT_RESPONSE_TEXT_BYTES = 192 * 1024 * 1024;

/** What each request has spent, by its context (a request's context lives as long as it). */
const spent = new WeakMap<object, number>();

/**
 * The text, charged to the request's budget (`ctx.textBudgetBytes`, the default when unset);
 * null passes free. `what` names the text in the refusal ("note text", "search highlights").
 */
export function chargeText<T extends string | readonly string[] | null | undefined>(
  ctx: { textBudgetBytes?: number },
  what: string,
  text: T,
): T {
  if (text == null) return text;
  const bytes =
    typeof text === 'string' ? Buffer.byteLength(text) : text.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const budget = ctx.textBudgetBytes ?? DEFAULT_RESPONSE_TEXT_BYTES;
  const total = (spent.get(ctx) ?? 0) + bytes;
  if (total > budget)
    throw new GraphQLError(
      `${what} in one subgraph request is limited to ${budget} bytes of text (RESPONSE_MAX_TEXT_BYTES, counted over every long text this subgraph answers in this request: note and decision text, earlier versions, research note text, proposed text, search highlights); ask for fewer at a time, or page (first/after)`,
      { extensions: { code: 'RESPONSE_TOO_LARGE' } },
    );
  spent.set(ctx, total);
  return text;
}
