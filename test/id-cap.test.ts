/**
 * The id cap (lib/id-cap.ts; issue 12: clear errors; issue 11: every denied attempt logged) on
 * small schemas, where test/id-cap.e2e.test.ts covers every argument of the real subgraphs:
 * the places the real schemas have no ID in (a directive's arguments, a variable's default, a
 * variable inside a list literal, a literal entity representation), and the gateway's one walk
 * that checks the ids and estimates the cost (gateway/limits.ts).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, parse, type GraphQLError } from 'graphql';
import { operationCost } from '../gateway/limits';
import { oversizedIdError } from '../lib/id-cap';

const LONG = 'x'.repeat(257);
const schema = buildSchema(`
  directive @mark(id: ID) on QUERY | FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT | FRAGMENT_DEFINITION
  input Filter { ids: [ID!], patientId: ID, nested: Filter }
  type Note { id: ID! text: String }
  type Patient { id: ID! notes(first: Int = 10, after: ID): [Note!]! }
  type Query { patient(id: ID!): Patient, patients(filter: Filter, first: Int = 10): [Patient!]! }
`);

/** The message both walks give, or null. */
function refusal(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const doc = parse(query);
  const sub = oversizedIdError(schema, doc, operationName, variables);
  let gateway: GraphQLError | null = null;
  try {
    operationCost(schema, doc, operationName, variables, 10);
  } catch (err) {
    gateway = err as GraphQLError;
  }
  expect([query, gateway?.message ?? null]).toEqual([query, sub?.message ?? null]);
  if (sub) expect(sub.extensions.code).toBe('BAD_USER_INPUT');
  return sub?.message ?? null;
}

const at = (path: string) => `${path} is longer than 256 characters: no record has such an id`;

test('a directive argument, on the operation, a field, a fragment spread, an inline fragment and a fragment definition', () => {
  for (const q of [
    `query @mark(id: "${LONG}") { patient(id: "p") { id } }`,
    `{ patient(id: "p") { id @mark(id: "${LONG}") } }`,
    `{ patient(id: "p") { ...F @mark(id: "${LONG}") } } fragment F on Patient { id }`,
    `{ patient(id: "p") { ... @mark(id: "${LONG}") { id } } }`,
    `{ patient(id: "p") { ...F } } fragment F on Patient @mark(id: "${LONG}") { id }`,
    `query ($m: ID) { patient(id: "p") { ... on Patient { id @mark(id: $m) } } }`,
  ])
    expect([q, refusal(q, { m: LONG })]).toEqual([q, at('id')]);
  expect(refusal(`{ patient(id: "p") { id @mark(id: "${'y'.repeat(256)}") } }`)).toBeNull();
});

test("a variable's default, a variable inside a list or object literal, a single value for a list", () => {
  expect(refusal(`query ($i: ID! = "${LONG}") { patient(id: $i) { id } }`)).toBe(at('id'));
  expect(refusal(`query ($x: ID!) { patients(filter: { ids: ["a", $x] }) { id } }`, { x: LONG })).toBe(
    at('filter.ids[1]'),
  );
  expect(
    refusal(`query ($f: Filter) { patients(filter: { nested: $f }) { id } }`, {
      f: { nested: { patientId: LONG } },
    }),
  ).toBe(at('filter.nested.nested.patientId'));
  // Input coercion makes a single value a list of one.
  expect(refusal(`{ patients(filter: { ids: "${LONG}" }) { id } }`)).toBe(at('filter.ids[0]'));
  expect(refusal(`query ($f: Filter) { patients(filter: $f) { id } }`, { f: { ids: LONG } })).toBe(
    at('filter.ids[0]'),
  );
  // An ID sent as a number is an ID too.
  expect(refusal(`{ patient(id: ${'9'.repeat(300)}) { id } }`)).toBe(at('id'));
});

test('only the operation that runs: another operation of the document, and invalid variables, are left to execution', () => {
  const two = `query A { patient(id: "${LONG}") { id } } query B { patient(id: "p") { id } }`;
  expect(refusal(two, {}, 'B')).toBeNull();
  expect(refusal(two, {}, 'A')).toBe(at('id'));
  // Not an ID list: execution refuses the variable before anything runs.
  expect(
    refusal(`query ($x: [ID!]!) { patients(filter: { ids: $x }) { id } }`, { x: [{ a: LONG }] }),
  ).toBeNull();
});

test('a literal entity representation at a subgraph', () => {
  const sub = buildSubgraphSchema(
    parse('type Patient @key(fields: "id") { id: ID! } type Query { patient(id: ID!): Patient }'),
  );
  const err = oversizedIdError(
    sub,
    parse(
      `{ _entities(representations: [{ __typename: "Patient", id: "p" }, { __typename: "Patient", id: "${LONG}" }]) { __typename } }`,
    ),
    undefined,
    {},
  );
  expect(err?.message).toBe(at('representations[1].id'));
});

test("the gateway's one walk: a slicing argument is read as execution will see it (a variable's default counts)", () => {
  const cost = (q: string, v: Record<string, unknown> = {}) =>
    operationCost(schema, parse(q), undefined, v, 10);
  // patients (1) + 3 × id (1)
  expect(cost('query ($f: Int = 3) { patients(first: $f) { id } }')).toBe(4);
  expect(cost('query ($f: Int = 3) { patients(first: $f) { id } }', { f: 5 })).toBe(6);
  expect(cost('{ patients { id } }')).toBe(11);
  // patient (1) + notes (1) + 2 × (id + text)
  expect(cost('{ patient(id: "p") { notes(first: 2) { id text } } }')).toBe(6);
  expect(() => cost('query ($f: Int) { patients(first: $f) { id } }', { f: null })).toThrow(
    'first may not be null (Query.patients); leave it out for the default 10',
  );
});

describe('text PostgreSQL cannot store (U+0000, an unpaired surrogate) is refused wherever it stands, naming where, never the value', () => {
  const texts = buildSchema(`
    directive @note(text: String) on FIELD
    input Ask { patientId: ID, words: [String!], reason: String }
    type Patient { id: ID! }
    type Query { patient(id: ID!): Patient, journalpost(registreringsId: String!): Patient, ask(input: Ask): [Patient!]! }
  `);
  const refused = (query: string, variables: Record<string, unknown> = {}) => {
    const sub = oversizedIdError(texts, parse(query), undefined, variables);
    let gateway: GraphQLError | null = null;
    try {
      operationCost(texts, parse(query), undefined, variables, 10);
    } catch (err) {
      gateway = err as GraphQLError;
    }
    expect(gateway?.message ?? null).toBe(sub?.message ?? null);
    if (sub) expect(sub.extensions.code).toBe('BAD_USER_INPUT');
    return sub?.message ?? null;
  };
  const bad = (path: string) =>
    `${path} contains U+0000 or an unpaired surrogate, which no record holds and no text may`;

  test.each([
    ['a NUL', 'pt\u00001'],
    ['a lone high surrogate', 'pt\ud8001'],
    ['a lone low surrogate', 'pt\udc001'],
    ['a high surrogate at the end', 'pt1\ud83d'],
  ])('%s', (_, v) => {
    expect(refused('query ($v: ID!) { patient(id: $v) { id } }', { v })).toBe(bad('id'));
    expect(refused('query ($v: String!) { journalpost(registreringsId: $v) { id } }', { v })).toBe(
      bad('registreringsId'),
    );
    expect(refused('query ($v: String) { ask(input: { words: ["a", $v] }) { id } }', { v })).toBe(
      bad('input.words[1]'),
    );
    expect(refused('query ($a: Ask) { ask(input: $a) { id } }', { a: { reason: v } })).toBe(
      bad('input.reason'),
    );
    expect(refused('query ($v: String) { patient(id: "p") { id @note(text: $v) } }', { v })).toBe(
      bad('text'),
    );
    expect(refused('query ($v: String) { patient(id: "p") { id @note(text: $v) } }', { v })).not.toContain(v);
  });

  test('a NUL written as a GraphQL escape in the document', () => {
    expect(refused('{ patient(id: "a\\u0000b") { id } }')).toBe(bad('id'));
  });

  test('well-formed text passes: a surrogate pair (an emoji), Norwegian letters, U+FFFD', () => {
    expect(
      refused('query ($v: String!) { journalpost(registreringsId: $v) { id } }', { v: 'Ødegård 😀 \ufffd' }),
    ).toBeNull();
  });

  test('a text field of an entity representation at a subgraph', () => {
    const sub = buildSubgraphSchema(
      parse('type Patient @key(fields: "id") { id: ID! } type Query { patient(id: ID!): Patient }'),
    );
    const err = oversizedIdError(
      sub,
      parse(`query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`),
      undefined,
      {
        r: [
          { __typename: 'Patient', id: 'p' },
          { __typename: 'Patient', id: 'p\u0000' },
        ],
      },
    );
    expect(err?.message).toBe(bad('representations[1].id'));
  });
});
