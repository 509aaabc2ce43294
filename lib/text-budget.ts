/**
 * The text one subgraph request may carry (RESPONSE_MAX_TEXT_BYTES, 192 MiB by default;
 * lib/config.ts Limits.responseTextBytes). The gateway's cost estimate counts fields, not bytes,
 * and a text is up to IMPORT_MAX_RECORD_BYTES long, so aliases or a long page of long texts built
 * an unbounded answer (review s45: thirty aliases of a 4.65 MB note were 140 MB of text, 12 s).
 * Every field that answers a long free text charges this one budget of its request before it
 * answers: a journal note's text and its earlier versions' (subgraphs/journal/resolvers.ts; a
 * source conflict's source and current text, a service decision's text, grounds and cited
 * assessment text and its earlier versions', reviews s46 and s47), a research subject's
 * de-identified note text (lib/policy/research-resolvers.ts), a record case's proposed text
 * (subgraphs/journal/record-case-resolvers.ts), a search hit's highlights
 * (subgraphs/search/resolvers.ts), an archive document's page text (ArchiveDocument.pageTexts,
 * subgraphs/archive/resolvers.ts, beside the archive's own 64 MiB content budget, s47) and a
 * dossier item's text (subgraphs/dossier/resolvers.ts, s47). Past the budget the field answers
 * RESPONSE_TOO_LARGE, saying which limit and what to do; the fields answered before it stand.
 * Reading changes nothing stored.
 *
 * What the budget is per (fix FX2): one request to one subgraph, by its context. Each subgraph
 * counts its own, and a later request to the same subgraph (the gateway's `_entities` fetch of a
 * plan's next step, the dossier's next page) is counted afresh. What one client request gets in
 * all is bounded at the gateway instead (s47): RESPONSE_MAX_BYTES (gateway/response-budget.ts,
 * by default and at least 2 × this budget) counts the bytes of every subgraph answer of one
 * client request together, RESPONSE_TOO_LARGE past it.
 *
 * Not counted here: a dossier item's corrections' earlierText (a note with its earlier versions
 * may pass the budget and must still be read whole in a dossier, fix FX2; the gateway's
 * RESPONSE_MAX_BYTES bounds it). A dossier item whose text and earlierText together pass
 * RESPONSE_MAX_BYTES can therefore never be delivered as one item, whatever the paging: the
 * gateway's refusal says so and points to JournalEntry.history(first:, after:) (or
 * ServiceDecision.history(first:, after:)), which reads its earlier versions a page at a time
 * (fix FX-A 7, gateway/response-budget.ts). Also not counted: the evidence bundle's files (streamed, lib/bundle) and document
 * content (contentBase64: the archive's CONTENT_BYTES_PER_REQUEST).
 *
 * The budget is at least 3 × IMPORT_MAX_RECORD_BYTES (lib/config.ts refuses less;
 * TEXT_GROWTH_PER_RECORD_BYTE: the record cap counts source bytes, this budget UTF-8 bytes, and a
 * Latin-1 or Windows-1252 byte decodes to up to 3), so every text fits in a request of its own: a
 * note's earlier versions are paged (JournalEntry.history(first:, after:)) for a note whose text
 * and versions together pass it, and a service decision's (ServiceDecision.history(first:,
 * after:)), which the dossier reads a part at a time (s47).
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
      `${what} in one subgraph request is limited to ${budget} bytes of text (RESPONSE_MAX_TEXT_BYTES, counted over every long text this subgraph answers in this request: note and decision text, earlier versions, research note text, proposed text, search highlights, document page text, dossier item text); ask for fewer at a time, or page (first/after)`,
      { extensions: { code: 'RESPONSE_TOO_LARGE' } },
    );
  spent.set(ctx, total);
  return text;
}
