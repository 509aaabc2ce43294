/**
 * The points in time an Elasticsearch search holds (search-index/elasticsearch.ts): a result
 * with a next page is held for its cursor (pasientjournalloven § 22, DOMAIN.md "proof that
 * nothing was missed": paging must not skip a note while the index changes), and nothing else
 * is held. Elasticsearch keeps an unclosed point in time for its whole keep-alive (10 minutes)
 * and refuses new ones past `search.max_open_scroll_context`, so a leak on a busy path (every
 * first page, every refused query) would end in searches failing. The point in time is opened
 * beside the query's preparation, so a query refused before it is sent (an unknown age, an
 * unreadable cursor) must close it too. Counted per index: `_stats/search` `open_contexts`.
 */
import type { Client } from '@elastic/elasticsearch';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { UnknownAgeError, type IndexDocument, type SearchBackend } from '../search-index/types';
import { dropIndexes, requireEnv, testIndexPrefix } from '../dev/services';

const doc = (n: number, patientId: string, ageAtDate: number | null): IndexDocument => ({
  id: `pit-${patientId}-${n}`,
  kind: 'journal_entry',
  patientId,
  nationalIds: [],
  refs: { entityId: `pit-${patientId}-${n}` },
  sourceSystem: 'PROFIL',
  type: 'Helsesamtale',
  writtenAt: '2013-10-02T11:00:00.000Z',
  localDate: '2013-10-02',
  ageAtDate,
  authorName: 'Berit Hoel',
  service: null,
  text: `Samtale ${n} om zqxpit og skolehverdagen.`,
  version: 1,
});

let backend: SearchBackend & { client: Client };
let prefix: string;

/** Open search contexts (points in time included) on this test's indices. */
async function openContexts(): Promise<number> {
  const st = await backend.client.indices.stats({ index: `${prefix}-*`, metric: 'search' });
  return st._all.total?.search?.open_contexts ?? 0;
}

/** The closes are sent in the background: wait (at most 10 s) until the count is `n`. */
async function settlesAt(n: number): Promise<number> {
  let now = await openContexts();
  for (let i = 0; i < 100 && now !== n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = await openContexts();
  }
  return now;
}

beforeAll(async () => {
  prefix = testIndexPrefix();
  backend = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  await backend.ensureReady();
  await backend.upsert([
    ...Array.from({ length: 6 }, (_, n) => doc(n, 'pit-a', 14)),
    doc(0, 'pit-b', 14),
    doc(1, 'pit-b', null),
  ]);
  await backend.refresh();
});

afterAll(async () => {
  await backend?.close();
  await dropIndexes(prefix);
});

test('pasientjournalloven § 22: a first page with nothing after it holds no point in time', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await backend.search({ query: 'zqxpit', first: 10, patientIds: ['pit-a'], nationalIds: [] });
    expect(r.hits).toHaveLength(6);
    expect(r.hasNextPage).toBe(false);
  }
  expect(await settlesAt(0)).toBe(0);
});

test('pasientjournalloven § 22: a result with a next page is held until its last page, then let go', async () => {
  const q = { query: 'zqxpit', first: 4, patientIds: ['pit-a'], nationalIds: [] };
  const first = await backend.search(q);
  expect(first.hasNextPage).toBe(true);
  expect(await settlesAt(1)).toBe(1);
  const second = await backend.search({ ...q, after: first.endCursor! });
  expect(second.hasNextPage).toBe(false);
  expect([...first.hits, ...second.hits].map((h) => h.id).sort()).toEqual(
    Array.from({ length: 6 }, (_, n) => `pit-pit-a-${n}`).sort(),
  );
  expect(await settlesAt(0)).toBe(0);
});

test('pasientjournalloven § 22: a query refused before it is sent (a record of unknown age in the window) leaves no point in time open', async () => {
  for (let i = 0; i < 5; i++)
    await expect(
      backend.search({
        query: 'zqxpit',
        first: 10,
        ageFrom: 13,
        ageTo: 15,
        patientIds: ['pit-b'],
        nationalIds: [],
      }),
    ).rejects.toBeInstanceOf(UnknownAgeError);
  expect(await settlesAt(0)).toBe(0);
});
