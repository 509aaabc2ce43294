/**
 * The bytes of subgraph answers one client request may bring the gateway (RESPONSE_MAX_BYTES,
 * lib/config.ts Limits.responseBytes; by default 2 × RESPONSE_MAX_TEXT_BYTES), s47.
 *
 * The text budget (lib/text-budget.ts) is per subgraph request: one client query that reaches
 * several subgraphs, or one subgraph in several fetches (the `_entities` steps of a query plan,
 * aliases planned apart), could carry up to that budget from each, so the gateway assembled
 * several × 192 MiB for one client. Here every subgraph answer the gateway receives for one
 * client request is counted as it streams in (the runtime's onFetch hook, on the response body
 * before the HTTP executor reads it), all of them together, keyed by the client request's
 * context. Past the limit the answer being read is dropped (its connection closed, not read to
 * its end) and stands as a RESPONSE_TOO_LARGE error of that subgraph's fields, saying which
 * limit and what to do; a later fetch of the same client request is refused before it is sent.
 * The answers read before it stand (as the text budget's fields do). Nothing stored changes.
 */
import { GraphQLError } from 'graphql';

/**
 * The refusal, as a subgraph error (the runtime puts it on the fields that fetch answered).
 * `crossedBy`: the subgraph whose answer passed the limit; `notSent`: the subgraph of a later
 * fetch refused before it was sent (fix FX-A 8: that fetch named itself as the one that passed
 * it). It says how to read one record too large on its own (fix FX-A 7): a note whose text with
 * its earlier versions passes the limit is never delivered as one dossier item, whatever the
 * paging; its versions are read a page at a time through JournalEntry.history(first:, after:)
 * (a service decision's through ServiceDecision.history(first:, after:)).
 */
export function responseTooLarge(
  limit: number,
  crossedBy: string | undefined,
  notSent?: string,
): GraphQLError {
  const who = `${crossedBy ?? 'a subgraph'} passed it${notSent ? `; the fetch of ${notSent} was not sent: the request had already passed the limit` : ''}`;
  return new GraphQLError(
    `one client request is limited to ${limit} bytes of subgraph answers (RESPONSE_MAX_BYTES, counted over every subgraph and every fetch of the request together; ${who}); ask for fewer fields or records at a time, or page (first/after); a single record too large with its earlier versions (a dossier item whose text and earlierText pass the limit) cannot be delivered whole: read it through JournalEntry.history(first:, after:) (a service decision's through ServiceDecision.history(first:, after:))`,
    { extensions: { code: 'RESPONSE_TOO_LARGE' } },
  );
}

function refusal(limit: number, crossedBy: string | undefined, notSent?: string): Response {
  const e = responseTooLarge(limit, crossedBy, notSent);
  return new Response(
    JSON.stringify({ data: null, errors: [{ message: e.message, extensions: e.extensions }] }),
    { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } },
  );
}

/**
 * The plugin: `limit` bytes per client request, `subgraphOf` names the subgraph of a fetch's
 * address (for the message; never its address or body).
 */
export function responseBudgetPlugin(limit: number, subgraphOf: (url: string) => string | undefined) {
  /** Bytes received so far, by the client request's context (it lives as long as the request). */
  const spent = new WeakMap<object, number>();
  /** The subgraph whose answer passed the limit, by the client request's context (fix FX-A 8). */
  const crossed = new WeakMap<object, string | undefined>();
  return {
    onFetch({
      url,
      executionRequest,
      endResponse,
    }: {
      url: string;
      executionRequest?: { context?: object };
      endResponse: (response: Response) => void;
    }) {
      const key = executionRequest?.context;
      if (!key) return; // not a client request's fetch (none is made otherwise)
      const subgraph = subgraphOf(url);
      // Already past the limit: the next fetch is not sent at all.
      if ((spent.get(key) ?? 0) > limit) {
        endResponse(refusal(limit, crossed.get(key), subgraph ?? 'a subgraph'));
        return;
      }
      return async ({
        response,
        setResponse,
      }: {
        response: Response;
        setResponse: (r: Response) => void;
      }) => {
        if (!response.body) return;
        const add = (n: number) => {
          const before = spent.get(key) ?? 0;
          const total = before + n;
          spent.set(key, total);
          if (before <= limit && total > limit) crossed.set(key, subgraph);
          return total;
        };
        // A stream (multipart, event stream: none of the subgraphs answers one today) is counted
        // as it passes, and cut with the refusal past the limit; it is never held back whole.
        if (!/json/i.test(response.headers.get('content-type') ?? '')) {
          const counted = response.body.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                if (add(chunk.byteLength) > limit) controller.error(responseTooLarge(limit, subgraph));
                else controller.enqueue(chunk);
              },
            }),
          );
          setResponse(
            new Response(counted, {
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
            }),
          );
          return;
        }
        const reader = response.body.getReader();
        const chunks: Uint8Array[] = [];
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (add(value.byteLength) > limit) {
            await reader.cancel().catch(() => undefined);
            setResponse(refusal(limit, subgraph));
            return;
          }
          chunks.push(value);
        }
        setResponse(
          new Response(Buffer.concat(chunks), {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          }),
        );
      };
    },
  };
}
