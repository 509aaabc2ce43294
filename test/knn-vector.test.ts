/**
 * The kNN query vector (search-index/vectors.ts knnVector), without services: a query that
 * names a concept moves its vector towards the concept's centroid from the labelled examples
 * and runs no Rocchio search; with HELSESPOR_KNN_CONCEPTS `person` only when the search is
 * limited to persons, `off` never; a query no concept names keeps the Rocchio search over what
 * its words found.
 */
import type { SearchQuery, SearchResponse } from '../search-index/types';
import { DEFAULT_KNN, knnVector, type Embedder, type KnnSettings } from '../search-index/vectors';

const embedder: Embedder = {
  model: () => null,
  embed: () => ({ vector: [1, 0, 0], model: 'm1' }),
  concepts: () => null,
};
const CENTROID = [0, 1, 0];

async function run(settings: Partial<KnnSettings>, q: Partial<SearchQuery>, named: string[]) {
  const searches: SearchQuery[] = [];
  const asked: string[][] = [];
  const v = await knnVector(
    embedder,
    { ...DEFAULT_KNN, enabled: true, ...settings },
    { query: 'mobbing', first: 10, ...q },
    () => named,
    async (x) => {
      searches.push(x);
      return { hits: [{ id: 'a' }, { id: 'b' }] } as unknown as SearchResponse;
    },
    async () => [
      [0, 0, 1],
      [0, 0, 1],
    ],
    {
      rocchioWorthIt: async () => true,
      centroidsOf: (concepts, model) => {
        asked.push([...concepts, model]);
        return concepts.includes('mobbing') ? [CENTROID] : [];
      },
    },
  );
  return { v, searches, asked };
}

test('a query that names a concept moves its kNN vector towards the concept centroid, with no Rocchio search', async () => {
  const { v, searches, asked } = await run({ concepts: 'all' }, {}, ['mobbing']);
  expect(searches).toHaveLength(0);
  expect(asked).toEqual([['mobbing', 'm1']]);
  // normalise([1,0,0] + 1 × [0,1,0])
  expect(v!.vector).toEqual([0.7071, 0.7071, 0]);
  expect(v!.name).toBe('knn:mobbing');
});

test('HELSESPOR_KNN_CONCEPTS person: only a search limited to persons; off: never', async () => {
  expect((await run({ concepts: 'person' }, {}, ['mobbing'])).v).toBeNull();
  const person = await run({ concepts: 'person' }, { patientIds: ['p1'] }, ['mobbing']);
  expect(person.v!.vector).toEqual([0.7071, 0.7071, 0]);
  expect(person.searches).toHaveLength(0);
  expect((await run({ concepts: 'off' }, { patientIds: ['p1'] }, ['mobbing'])).v).toBeNull();
});

test('a concept without a centroid (an older concepts.json) keeps the query words’ vector', async () => {
  const { v, searches } = await run({ concepts: 'all' }, { query: 'vold' }, ['vold']);
  expect(v!.vector).toEqual([1, 0, 0]);
  expect(searches).toHaveLength(0);
});

test('a query no concept names keeps the Rocchio search over what its words found', async () => {
  const { v, searches, asked } = await run({ concepts: 'all' }, { query: 'tannhelse' }, []);
  expect(searches).toHaveLength(1);
  expect(searches[0]!.disabled).toEqual(expect.arrayContaining(['knn', 'classifier']));
  expect(asked).toHaveLength(0);
  expect(v!.vector).toEqual([0.7071, 0, 0.7071]);
});
