/**
 * The gateway's limit per client request (RESPONSE_MAX_BYTES, response-budget.ts): the refusal
 * names the subgraph whose answer crossed the limit, also on a later fetch refused before it is
 * sent (fix FX-A 8), and says how to read a single record too large (fix FX-A 7). The plugin's
 * onFetch hook is driven as the runtime drives it, with real Response objects.
 */
import { responseBudgetPlugin } from './response-budget';

const LIMIT = 100;

async function fetchThrough(
  plugin: ReturnType<typeof responseBudgetPlugin>,
  context: object,
  url: string,
  body: string,
): Promise<{ sent: boolean; message?: string }> {
  let ended: Response | undefined;
  const after = plugin.onFetch({ url, executionRequest: { context }, endResponse: (r) => (ended = r) });
  const read = async (r: Response) =>
    ((await r.json()) as { errors?: { message: string }[] }).errors?.[0]?.message;
  if (ended) return { sent: false, message: await read(ended) };
  let answered: Response = new Response(body, { headers: { 'content-type': 'application/json' } });
  await after!({ response: answered, setResponse: (r) => (answered = r) });
  return { sent: true, message: await read(answered) };
}

test('RESPONSE_MAX_BYTES: a fetch refused before it is sent names the subgraph whose answer crossed the limit, and says it was not sent (FX-A 8; before: it named itself as the subgraph that passed it)', async () => {
  const plugin = responseBudgetPlugin(LIMIT, (url) => new URL(url).hostname);
  const ctx = {};
  const first = await fetchThrough(
    plugin,
    ctx,
    'http://journal/graphql',
    JSON.stringify({ data: { x: 'a'.repeat(200) } }),
  );
  expect(first.sent).toBe(true);
  expect(first.message).toMatch(/journal passed it/);
  const next = await fetchThrough(plugin, ctx, 'http://search/graphql', '{"data":{}}');
  expect(next.sent).toBe(false);
  expect(next.message).toMatch(/journal passed it/);
  expect(next.message).not.toMatch(/search passed it/);
  expect(next.message).toMatch(/the fetch of search was not sent: the request had already passed the limit/);
});

test('pasientjournalloven § 22: the refusal says how to read a single record too large with its earlier versions: JournalEntry.history(first:, after:) (FX-A 7; before: it advised only paging, which cannot deliver such a dossier item)', async () => {
  const plugin = responseBudgetPlugin(LIMIT, (url) => new URL(url).hostname);
  const r = await fetchThrough(
    plugin,
    {},
    'http://dossier/graphql',
    JSON.stringify({ data: { x: 'a'.repeat(200) } }),
  );
  expect(r.message).toMatch(/JournalEntry\.history\(first:, after:\)/);
});
