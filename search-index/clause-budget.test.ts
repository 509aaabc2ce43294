/**
 * The retry over Elasticsearch's clause cap, on a stand-in backend that refuses a query as
 * Elasticsearch does (the overrun itself needs an index of many similar words: the tuning
 * sets' eval showed it; test/hardening.e2e.test.ts holds the refusal of a query still too large).
 */
import { elusionSearches, refusedKinds, withClauseBudget } from './clause-budget';
import type { SearchBackend, SearchQuery, SearchResponse } from './types';

const tooMany = () =>
  new Error('too_many_nested_clauses: Query contains too many nested clauses; maxClauseCount is set to 2048');
const answer = { total: 1, hits: [], termReport: [] } as unknown as SearchResponse;

function backend(accepts: (q: SearchQuery) => boolean, seen: SearchQuery[]): SearchBackend {
  return {
    search: async (q: SearchQuery) => {
      seen.push(q);
      if (!accepts(q)) throw tooMany();
      return answer;
    },
  } as unknown as SearchBackend;
}

test("a query over the clause cap runs again without the earlier versions' phrases and near rules, then without all their clauses, then also without typo forms, then without learned words and feedback; the caller's own switches stay", async () => {
  const seen: SearchQuery[] = [];
  const b = withClauseBudget(backend((q) => !!q.disabled?.includes('learned'), seen));
  await expect(
    b.search({ query: 'spilleavhengighet og gjeld etter gambling', disabled: ['knn'] } as SearchQuery),
  ).resolves.toMatchObject({ total: 1 });
  expect(seen.map((q) => q.disabled)).toEqual([
    ['knn'],
    ['knn', 'earlier-spans'],
    ['knn', 'earlier'],
    ['knn', 'earlier', 'typo'],
    ['knn', 'earlier', 'typo', 'learned', 'prf'],
  ]);
  // The term report says what did not run.
  const r = await withClauseBudget(backend((q) => !!q.disabled?.includes('typo'), [])).search({
    query: 'x',
  } as SearchQuery);
  expect(r.termReport).toEqual([
    {
      expansion: "earlier (not run: over the search engine's clause cap)",
      word: '',
      kind: 'earlier',
      concept: null,
      hits: 0,
    },
    {
      expansion: "typo (not run: over the search engine's clause cap)",
      word: '',
      kind: 'typo',
      concept: null,
      hits: 0,
    },
  ]);
});

test("a query still too large is refused with the search engine's error; other errors are not retried", async () => {
  const seen: SearchQuery[] = [];
  await expect(
    withClauseBudget(backend(() => false, seen)).search({ query: 'x' } as SearchQuery),
  ).rejects.toThrow(/too_many_nested_clauses/);
  expect(seen).toHaveLength(5);
  const other: SearchQuery[] = [];
  const failing = {
    search: async (q: SearchQuery) => {
      other.push(q);
      throw new Error('connection refused');
    },
  } as unknown as SearchBackend;
  await expect(withClauseBudget(failing).search({ query: 'x' } as SearchQuery)).rejects.toThrow(
    /connection refused/,
  );
  expect(other).toHaveLength(1);
});

test('a step that would leave out only kinds the refused query does not have is skipped: the same query is never sent again (found in review)', async () => {
  // The backend names the kinds of the query it refused, as the Elasticsearch backend does.
  const refusing = (kinds: (q: SearchQuery) => string[], seen: SearchQuery[]) =>
    withClauseBudget({
      search: async (q: SearchQuery) => {
        seen.push(q);
        throw refusedKinds(
          tooMany(),
          kinds(q).map((kind) => ({ kind })),
        );
      },
    } as unknown as SearchBackend);
  // Typo forms, no learned words or feedback: without typo forms, then refused.
  const typo: SearchQuery[] = [];
  await expect(
    refusing(
      (q) => (q.disabled?.includes('typo') ? ['word', 'term'] : ['word', 'term', 'typo']),
      typo,
    ).search({ query: 'x' } as SearchQuery),
  ).rejects.toThrow(/too_many_nested_clauses/);
  expect(typo.map((q) => q.disabled)).toEqual([undefined, ['earlier', 'typo']]);
  // Learned words, no typo forms: the step without typo forms is skipped.
  const learned: SearchQuery[] = [];
  await expect(
    refusing((q) => (q.disabled?.includes('learned') ? ['word'] : ['word', 'learned']), learned).search({
      query: 'x',
    } as SearchQuery),
  ).rejects.toThrow(/too_many_nested_clauses/);
  expect(learned.map((q) => q.disabled)).toEqual([undefined, ['earlier', 'typo', 'learned', 'prf']]);
  // None of the kinds the steps leave out: sent once.
  const none: SearchQuery[] = [];
  await expect(refusing(() => ['word', 'term'], none).search({ query: 'x' } as SearchQuery)).rejects.toThrow(
    /too_many_nested_clauses/,
  );
  expect(none).toHaveLength(1);
});

test("helsepersonelloven § 42: over the clause cap a legal caller's query leaves out the earlier versions' clauses first and keeps its typo forms, and names only what it left out", async () => {
  const seen: SearchQuery[] = [];
  const r = await withClauseBudget({
    search: async (q: SearchQuery) => {
      seen.push(q);
      if (q.disabled?.includes('earlier')) return answer;
      throw refusedKinds(
        tooMany(),
        ['word', 'typo', 'earlier'].map((kind) => ({ kind })),
      );
    },
  } as unknown as SearchBackend).search({ query: 'blåmerke', earlierVersions: true } as SearchQuery);
  // Before: the first retry left out the typo forms and kept the earlier versions' clauses.
  expect(seen.map((q) => q.disabled)).toEqual([undefined, ['earlier']]);
  expect(r.notRun).toEqual(['earlier']);
  expect(r.termReport).toEqual([
    {
      expansion: "earlier (not run: over the search engine's clause cap)",
      word: '',
      kind: 'earlier',
      concept: null,
      hits: 0,
    },
  ]);
  // Without earlier versions' clauses in the refused query, the typo step is next, and only typo is named.
  const typo = await withClauseBudget({
    search: async (q: SearchQuery) => {
      if (q.disabled?.includes('typo')) return answer;
      throw refusedKinds(
        tooMany(),
        ['word', 'typo', 'learned'].map((kind) => ({ kind })),
      );
    },
  } as unknown as SearchBackend).search({ query: 'blåmerke' } as SearchQuery);
  expect(typo.notRun).toEqual(['typo']);
});

test("helsepersonelloven § 42 (stop 46): over the clause cap a legal caller's query leaves out the earlier versions' phrases and near rules first and keeps the earlier words; a query without them skips that step", async () => {
  const seen: SearchQuery[] = [];
  const earlierSpan = { kind: 'earlier', of: { kind: 'near' } };
  const r = await withClauseBudget({
    search: async (q: SearchQuery) => {
      seen.push(q);
      if (q.disabled?.includes('earlier-spans')) return answer;
      throw refusedKinds(tooMany(), [{ kind: 'word' }, { kind: 'earlier' }, earlierSpan]);
    },
  } as unknown as SearchBackend).search({ query: 'mobbing', earlierVersions: true } as SearchQuery);
  expect(seen.map((q) => q.disabled)).toEqual([undefined, ['earlier-spans']]);
  expect(r.notRun).toEqual(['earlier-spans']);
  // No earlier phrase or near rule in the refused query: straight to the step without every earlier clause.
  const words: SearchQuery[] = [];
  const w = await withClauseBudget({
    search: async (q: SearchQuery) => {
      words.push(q);
      if (q.disabled?.includes('earlier')) return answer;
      throw refusedKinds(tooMany(), [{ kind: 'word' }, { kind: 'earlier', of: { kind: 'word' } }]);
    },
  } as unknown as SearchBackend).search({ query: 'blåmerke', earlierVersions: true } as SearchQuery);
  expect(words.map((q) => q.disabled)).toEqual([undefined, ['earlier']]);
  expect(w.notRun).toEqual(['earlier']);
});

test('a recall estimate runs its searches at one step: when more-like-this overruns the cap, every search runs again without typo forms (found in review)', async () => {
  const seen: SearchQuery[] = [];
  // More-like-this adds clauses: with it the query fits only without typo forms.
  const hits = [{ id: 'n1' }, { id: 'n2' }];
  const b = withClauseBudget({
    search: async (q: SearchQuery) => {
      seen.push(q);
      if (q.like && !q.disabled?.includes('typo')) throw tooMany();
      return {
        total: 2,
        hits,
        termReport: [],
        endCursor: null,
        hasNextPage: false,
      } as unknown as SearchResponse;
    },
  } as unknown as SearchBackend);
  const base = { query: 'mobbing', first: 0, disabled: ['knn'] } as SearchQuery;
  const r = await elusionSearches((q) => b.search(q), base, 5, 7);
  // The stand-in names no kinds of what it refused: the earlier versions' step is named too.
  expect(r.notRun).toEqual(['earlier', 'typo']);
  // Before: found, the top 10 and the sample ran with typo forms, the like search without.
  const last = seen.slice(-4);
  expect(last.map((q) => q.disabled)).toEqual([
    ['knn', 'earlier', 'typo'],
    ['knn', 'earlier', 'typo'],
    ['knn', 'earlier', 'typo'],
    ['knn', 'earlier', 'typo'],
  ]);
  expect(last.map((q) => [q.first, !!q.like, q.elusion?.seed ?? null])).toEqual([
    [0, false, null],
    [10, false, null],
    [0, true, null],
    [5, false, 7],
  ]);
  // Nothing over the cap: one round, nothing left out.
  const plain: SearchQuery[] = [];
  const ok = await elusionSearches(
    async (q) => {
      plain.push(q);
      return { total: 0, hits: [], termReport: [] } as unknown as SearchResponse;
    },
    base,
    5,
    7,
  );
  expect([ok.notRun, ok.alike, plain.length]).toEqual([[], null, 2]);
});
