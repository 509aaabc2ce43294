/**
 * The count of a request's values (GRAPHQL_MAX_REQUEST_VALUES, gateway/limits.ts): the byte
 * count on a JSON body, taken before it is parsed, is the count on the parsed body, so the
 * HTTP layer and the runtime's plugin refuse the same requests; both stop past the limit.
 */
import { countJsonValues, countValues } from './limits';

const bodies: unknown[] = [
  { query: '{ a }' },
  { query: 'q', variables: { s: ['a', 'b', 'c'] } },
  { query: 'q, with [commas] and {braces}, "quoted" \\ too', variables: { e: [], o: {}, n: null } },
  { query: 'q', variables: { i: { withheld: [{ itemId: 'x', ground: 'g, [h]' }, { itemId: 'y' }] } } },
  { query: 'q', variables: { d: [[[]], [[1, 2]], [{}], { a: [3] }] }, extensions: { x: 'æøå, 😀' } },
  [{ query: 'batched' }, { query: 'twice', variables: { a: 1 } }],
];

test.each(bodies.map((b) => [JSON.stringify(b), b]))(
  'the byte count of %s is the count of its parsed value',
  (json, parsed) => {
    expect(countJsonValues(Buffer.from(json), 1e9)).toBe(countValues(parsed, 1e9));
  },
);

test('whitespace inside an empty list or object is not a value', () => {
  const json = '{ "query": "q", "variables": { "e": [ \n\t ], "o": {  } } }';
  expect(countJsonValues(Buffer.from(json), 1e9)).toBe(countValues(JSON.parse(json), 1e9));
  expect(countValues(JSON.parse(json), 1e9)).toBe(4);
});

test('both stop one past the limit: a list of 100,000 is counted by its length, not walked', () => {
  const parsed = { query: 'q', variables: { s: Array(100_000).fill('x') } };
  expect(countValues(parsed, 10_000)).toBeGreaterThan(10_000);
  expect(countJsonValues(Buffer.from(JSON.stringify(parsed)), 10_000)).toBe(10_001);
  const keys = {
    query: 'q',
    variables: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`v${i}`, i])),
  };
  expect(countValues(keys, 10_000)).toBe(10_001);
  expect(countJsonValues(Buffer.from(JSON.stringify(keys)), 10_000)).toBe(10_001);
});
