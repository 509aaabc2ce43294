/**
 * The id cap (lib/id-cap.ts; issue 12: clear errors; issue 11: every denied attempt logged):
 * an ID longer than 256 characters is BAD_USER_INPUT wherever it is — a direct argument, a
 * field of an input object, an element of a list, through a variable or a literal — at the
 * gateway and at every subgraph. A 10 KB id that reached a subgraph made the refusal's
 * access-log row fail its write (the patient_id index), so the caller got AUDIT_FAILED and the
 * denied attempt went unlogged; the first cap covered direct ID arguments only.
 *
 * Every query and mutation of every subgraph is enumerated from its own SDL, and a 10 KB id
 * is put in each ID position of its arguments in turn, so a new input with an id is covered
 * without a new test. The same enumeration puts U+0000 or an unpaired surrogate in each ID and
 * String position: text PostgreSQL cannot store, refused before anything is logged.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { randomBytes } from 'node:crypto';
import {
  GraphQLID,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import type { CallerContext } from '../lib/auth';
import type { Config } from '../lib/config';
import { readSchema } from '../lib/subgraph';
import type { Stack } from '../scripts/stack';

// Random, as an id would be: PostgreSQL compresses a repeated character into an index row.
const LONG = randomBytes(5_000).toString('hex');
type Path = (string | number)[];

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let config: Config;
let token: string;
const caller: CallerContext = {
  userId: 'arkivar-id-cap',
  role: 'archivist',
  purpose: 'ARCHIVE_ADMINISTRATION',
  selfAuthorized: false,
  requestId: 'id-cap',
};

beforeAll(async () => {
  env = await startTestStack();
  ({ tdb, stack } = env);
  config = env.config;
  token = await stack.token({ sub: caller.userId, role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
});

afterAll(async () => {
  await env?.stop();
});

/** A value of the type with only what it requires. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return sample(type.ofType as GraphQLInputType, depth);
  if (isListType(type)) return [sample(type.ofType as GraphQLInputType, depth)];
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type, depth + 1);
    return out;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type))
    return type.name === 'Int' || type.name === 'Float' ? 1 : type.name === 'Boolean' ? false : 'x';
  return null;
}

/** Every place an ID (or, with `scalars`, another scalar) can stand in a value of the type (list elements as 0). */
function idPositions(type: GraphQLInputType, path: Path = [], depth = 0, scalars = ['ID']): Path[] {
  if (isNonNullType(type)) return idPositions(type.ofType as GraphQLInputType, path, depth, scalars);
  if (isListType(type)) return idPositions(type.ofType as GraphQLInputType, [...path, 0], depth, scalars);
  if (isInputObjectType(type) && depth < 4)
    return Object.values(type.getFields()).flatMap((f) =>
      idPositions(f.type, [...path, f.name], depth + 1, scalars),
    );
  return type === GraphQLID || (isScalarType(type) && scalars.includes(type.name)) ? [path] : [];
}

/** A value of the type with `value` (LONG) at the path. */
function withLong(type: GraphQLInputType, path: Path, value: unknown = LONG): unknown {
  if (isNonNullType(type)) return withLong(type.ofType as GraphQLInputType, path, value);
  if (path.length === 0) return value;
  if (isListType(type)) return [withLong(type.ofType as GraphQLInputType, path.slice(1), value)];
  if (isInputObjectType(type)) {
    const out = sample(type) as Record<string, unknown>;
    const field = type.getFields()[path[0] as string]!;
    out[field.name] = withLong(field.type, path.slice(1), value);
    return out;
  }
  throw new Error(`no place for ${path.join('.')} in ${String(type)}`);
}

const pathText = (p: Path) =>
  p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');

interface Case {
  subgraph: string;
  operation: string;
  variables: Record<string, unknown>;
  /** Where the long id is, as the error names it. */
  at: string;
}

/**
 * One case per ID position (or, with `scalars`, per position of those scalars) in the arguments
 * of each query and mutation of the subgraph, holding `value` there.
 */
function cases(subgraph: string, schema: GraphQLSchema, scalars = ['ID'], value: unknown = LONG): Case[] {
  const out: Case[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    if (!root) continue;
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.name.startsWith('_')) continue;
      for (const arg of field.args) {
        for (const position of idPositions(arg.type, [], 0, scalars)) {
          const variables: Record<string, unknown> = {};
          for (const a of field.args) {
            if (a === arg) variables[a.name] = withLong(a.type, position, value);
            else if (isNonNullType(a.type)) variables[a.name] = sample(a.type);
          }
          const used = field.args.filter((a) => a.name in variables);
          const decl = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
          const args = used.map((a) => `${a.name}: $${a.name}`).join(', ');
          const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
          out.push({
            subgraph,
            operation: `${kind} (${decl}) { ${field.name}(${args})${selection} }`,
            variables,
            at: pathText([arg.name, ...position]),
          });
        }
      }
    }
  }
  return out;
}

const SUBGRAPHS = ['journal', 'archive', 'coercion', 'search', 'dossier'];
const all = SUBGRAPHS.flatMap((name) => cases(name, buildSubgraphSchema(parse(readSchema(name)))));

test('the enumeration finds the input objects and lists that carry ids', () => {
  const nested = all.filter((c) => /[.[]/.test(c.at)).map((c) => `${c.subgraph}:${c.at}`);
  expect(nested).toEqual(
    expect.arrayContaining([
      'archive:input.patientId',
      'archive:input.saksmappeId',
      'journal:input.patientIds[0]',
      'search:moreLikeThis[0]',
    ]),
  );
});

function expectRefused(
  c: Case,
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
) {
  const where = `${c.subgraph} ${c.operation}`;
  expect([where, body.errors?.[0]?.extensions?.code]).toEqual([where, 'BAD_USER_INPUT']);
  expect([where, body.errors?.[0]?.message]).toEqual([
    where,
    `${c.at} is longer than 256 characters: no record has such an id`,
  ]);
  expect(body.data ?? null).toBeNull();
}

test('a 10 KB id anywhere in the arguments of any query or mutation is BAD_USER_INPUT at the gateway', async () => {
  expect(all.length).toBeGreaterThan(20);
  for (const c of all) {
    const { body } = await gql(stack.gateway.url, c.operation, { token, variables: c.variables });
    expectRefused(c, body);
  }
});

test('... and at every subgraph itself, and in an entity representation', async () => {
  for (const c of all) {
    const sub = stack.subgraphs.find((s) => s.name === c.subgraph)!;
    const { body } = await gql(sub.url, c.operation, {
      variables: c.variables,
      caller: { caller, secret: config.internalSecret, subgraph: c.subgraph },
    });
    expectRefused(c, body);
  }
  for (const name of ['journal', 'archive', 'coercion']) {
    const sub = stack.subgraphs.find((s) => s.name === name)!;
    const { body } = await gql(
      sub.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      {
        variables: { r: [{ __typename: 'Patient', id: LONG }] },
        caller: { caller, secret: config.internalSecret, subgraph: name },
      },
    );
    expect([name, body.errors?.[0]?.extensions?.code, body.errors?.[0]?.message]).toEqual([
      name,
      'BAD_USER_INPUT',
      'representations[0].id is longer than 256 characters: no record has such an id',
    ]);
  }
});

test('a literal input object with a 10 KB id is refused too, and ordinary ids still pass', async () => {
  const literal = await gql(
    stack.gateway.url,
    `mutation { extendAccessRequest(input: { saksmappeId: "${LONG}", months: 1, reasons: "r", noticeSentOn: "2025-01-01" }) { deadline } }`,
    { token },
  );
  expect(literal.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(literal.body.errors?.[0]?.message).toBe(
    'input.saksmappeId is longer than 256 characters: no record has such an id',
  );
  const ok = await gql(stack.gateway.url, `{ saksmappe(id: "${'y'.repeat(256)}") { id } }`, { token });
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data).toEqual({ saksmappe: null });
});

test('a national id is checked before a refusal is logged under it: accessLog(nationalId) of 10 KB by a legal user was AUDIT_FAILED, the denial unlogged', async () => {
  const legal = await stack.token({ sub: 'jurist-id-cap', role: 'legal', purpose: 'LEGAL_PROCEEDINGS' });
  const huge = await gql(
    stack.gateway.url,
    'query ($n: String) { accessLog(nationalId: $n) { totalCount } }',
    { token: legal, variables: { n: randomBytes(5_000).toString('hex') } },
  );
  expect(huge.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(huge.body.errors?.[0]?.message).toBe('nationalId must be 11 digits');
  // A well-formed one is refused to the legal user and the refusal is logged.
  const nid = '13889910059';
  const refused = await gql(
    stack.gateway.url,
    'query ($n: String) { accessLog(nationalId: $n) { totalCount } }',
    { token: legal, variables: { n: nid } },
  );
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const { rows } = await tdb.db.query<{ patient_id: string; outcome: string }>(
    "SELECT patient_id, outcome FROM audit.access_log WHERE user_id = 'jurist-id-cap'",
  );
  expect(rows).toEqual([{ patient_id: `nid:${nid}`, outcome: 'denied' }]);
});

describe('text PostgreSQL cannot store: U+0000 or an unpaired surrogate in any ID or String of the arguments of any query or mutation is BAD_USER_INPUT, naming where (found in review on 30-odd fields: AUDIT_FAILED, the denial unlogged, or INTERNAL_SERVER_ERROR)', () => {
  const text = (value: string) =>
    SUBGRAPHS.flatMap((name) =>
      cases(name, buildSubgraphSchema(parse(readSchema(name))), ['ID', 'String'], value),
    );
  const refusedAt = (
    c: Case,
    body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  ) => {
    const where = `${c.subgraph} ${c.operation}`;
    expect([where, body.errors?.[0]?.extensions?.code, body.errors?.[0]?.message]).toEqual([
      where,
      'BAD_USER_INPUT',
      `${c.at} contains U+0000 or an unpaired surrogate, which no record holds and no text may`,
    ]);
    expect(body.data ?? null).toBeNull();
  };

  test.each([
    ['a NUL', 'pt\u00001'],
    ['an unpaired surrogate', 'pt\ud8001'],
  ])('%s, at the gateway', async (_, value) => {
    const all = text(value);
    expect(all.length).toBeGreaterThan(100);
    for (const c of all) {
      const { body } = await gql(stack.gateway.url, c.operation, { token, variables: c.variables });
      refusedAt(c, body);
    }
  });

  test('a NUL, at every subgraph itself', async () => {
    for (const c of text('pt\u00001')) {
      const sub = stack.subgraphs.find((s) => s.name === c.subgraph)!;
      const { body } = await gql(sub.url, c.operation, {
        variables: c.variables,
        caller: { caller, secret: config.internalSecret, subgraph: c.subgraph },
      });
      refusedAt(c, body);
    }
  });
});
