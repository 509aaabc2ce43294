/**
 * Hardening (issue 12), end to end through the gateway on real PostgreSQL and Elasticsearch:
 * each finding an attacker reproduced against `npm start` is a test here. Queries that take
 * the service down are refused in milliseconds; search queries are capped; internal errors
 * are masked and carry the request id; GraphiQL never serves a credential; production mode
 * turns off GraphiQL, introspection and field suggestions. How long a refusal takes is
 * measured by `npm run bench:load`, not here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateDataset, generateNoarkExtract, type Dataset } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import { loadDataset } from '../dev/load-dataset';
import { log } from '../lib/log';
import { startStack, type Stack } from '../scripts/stack';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { everyoneMatterToken } from '../dev/policy';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;
let token: string;

beforeAll(async () => {
  env = await startTestStack();
  ({ tdb, stack } = env);
  ds = generateDataset({ seed: 7 });
  await loadDataset(tdb.db, ds);
  await stack.index();
  token = await everyoneMatterToken(stack, { sub: 'jurist-1' });
});

afterAll(async () => {
  await env?.stop();
});

/** `journal → node → patient` nested `levels` times under one patient. */
export function nestedJournalQuery(patientId: string, levels: number, first = 1000): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++)
    inner = `journal(first: ${first}) { edges { node { id text patient { ${inner} } } } }`;
  return `{ patient(id: "${patientId}") { ${inner} } }`;
}

describe('queries that would take the service down are refused before any subgraph sees them', () => {
  test.each([5, 20])(
    'journal → node → patient nested %i times: refused with QUERY_TOO_COMPLEX',
    async (n) => {
      const { body } = await gql(stack.gateway.url, nestedJournalQuery(ds.patients[0]!.id, n), { token });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0]?.message).toMatch(/Query depth limit of 12 exceeded/);
    },
  );

  test('two levels within the depth limit but with first: 1000 each: refused by the cost limit', async () => {
    const { body } = await gql(stack.gateway.url, nestedJournalQuery(ds.patients[0]!.id, 2), { token });
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toMatch(/estimated cost \d+ exceeds the limit of 50000/);
  });

  test('the cost counts a variable first: the same query is accepted with first: 2 and refused with 1000', async () => {
    const q = `query ($n: Int!, $id: ID!) { patient(id: $id) { journal(first: $n) { edges { node { id patient { journal(first: $n) { edges { node { id text } } } } } } } } }`;
    const small = await gql(stack.gateway.url, q, { token, variables: { n: 2, id: ds.patients[0]!.id } });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.patient.journal.edges.length).toBeGreaterThan(0);
    const big = await gql(stack.gateway.url, q, { token, variables: { n: 1000, id: ds.patients[0]!.id } });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  test.each([
    [1000, /Token limit of 5000 exceeded/],
    [100, /Aliases limit of 30 exceeded/],
  ])('%i aliases of journal(first: 1000): refused', async (n, message) => {
    const aliases = Array.from({ length: n }, (_, i) => `a${i}: journal(first: 1000) { totalCount }`);
    const { body } = await gql(
      stack.gateway.url,
      `{ patient(id: "${ds.patients[0]!.id}") { ${aliases.join(' ')} } }`,
      { token },
    );
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toMatch(message);
  });

  test('a document with more tokens than the limit is refused before it is parsed fully', async () => {
    const fields = Array.from({ length: 6000 }, () => 'id').join(' ');
    const { body } = await gql(stack.gateway.url, `{ patient(id: "x") { ${fields} } }`, { token });
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toMatch(/token/i);
  });

  test('a request body over the 1 MB cap gets 413, declared or streamed; /healthz still answers', async () => {
    const big = JSON.stringify({ query: `{ patient(id: "${'x'.repeat(1_100_000)}") { id } }` });
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
        else controller.close();
      },
    });
    const streamed = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: chunked,
      duplex: 'half',
    } as RequestInit)
      .then((r) => r.status)
      .catch(() => 'connection cut');
    expect([413, 'connection cut']).toContain(streamed);
    const health = await fetch(stack.gateway.url.replace(/graphql$/, 'healthz'));
    expect(health.status).toBe(200);
  });

  test('first: null (literal or variable) is a clear BAD_USER_INPUT: it replaced the default and passed the range checks (LIMIT NULL is no limit; the journal answered an empty page with totalCount 13)', async () => {
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const asked = [
      await gql(
        stack.gateway.url,
        `query ($f: Int) { patient(id: "${ds.patients[1]!.id}") { journal(first: $f) { totalCount edges { node { id } } } } }`,
        { token, variables: { f: null } },
      ),
      await gql(
        stack.gateway.url,
        `{ patient(id: "${ds.patients[1]!.id}") { search(query: "smerter", first: null) { total } } }`,
        { token },
      ),
      ...(await Promise.all(
        [
          'sourceConflicts(first: $f) { id }',
          'recordCases(first: $f) { id }',
          'duplicateCandidates(first: $f) { reason }',
        ].map((field) =>
          gql(stack.gateway.url, `query ($f: Int) { ${field} }`, {
            token: archivist,
            variables: { f: null },
          }),
        ),
      )),
    ];
    for (const r of asked) {
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.body.errors?.[0]?.message).toMatch(/^first may not be null/);
    }
    // Left out, the schema's default applies as before.
    const omitted = await gql(stack.gateway.url, 'query ($f: Int) { sourceConflicts(first: $f) { id } }', {
      token: archivist,
    });
    expect(omitted.body.errors).toBeUndefined();
  });

  test('an id longer than 256 characters is a clear BAD_USER_INPUT (a 10 KB id failed the access-log write: AUDIT_FAILED, the denial unlogged)', async () => {
    const long = 'x'.repeat(10_000);
    for (const [query, variables] of [
      ['query ($i: ID!) { patient(id: $i) { id } }', { i: long }],
      [`{ saksmappe(id: "${long}") { tittel } }`, undefined],
    ] as const) {
      const { body } = await gql(stack.gateway.url, query, { token, variables });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/^id is longer than 256 characters/);
    }
    const ok = await gql(stack.gateway.url, `{ patient(id: "${ds.patients[1]!.id}") { id } }`, { token });
    expect(ok.body.errors).toBeUndefined();
  });

  test('a fragment spread 40 times in each of 8 nested fragments (about 1.5 KB, within the depth, alias and token limits) is priced once per fragment and refused: walked again at every spread, the cost check ran 40^8 times and the gateway stopped answering (found in review)', async () => {
    const names = 'abcdefgh'.split('');
    const fragments = names.map((n, i) =>
      i < names.length - 1
        ? `fragment ${n} on Query { ${Array(40)
            .fill(`...${names[i + 1]}`)
            .join(' ')} }`
        : `fragment ${n} on Query { recordPeriods { sourceSystem } }`,
    );
    const query = `{ ...a } ${fragments.join(' ')}`;
    expect(query.length).toBeLessThan(2000);
    const { body } = await gql(stack.gateway.url, query, { token });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // The gateway still answers.
    const again = await gql(stack.gateway.url, '{ recordPeriods { sourceSystem } }', { token });
    expect(again.body.errors).toBeUndefined();
  });

  test('a field that builds a whole record set (a dossier) weighs 10,000: one is accepted, thirty aliases are refused (found in review: 30 aliased dossiers without first, every item each, were priced at about 1,500)', async () => {
    const id = ds.patients[0]!.id;
    const one = await gql(stack.gateway.url, `{ dossier(patientId: "${id}") { totalItems } }`, { token });
    expect(one.body.errors).toBeUndefined();
    const many = Array.from(
      { length: 30 },
      (_, i) => `d${i}: dossier(patientId: "${id}") { items { id kind } }`,
    );
    const { body } = await gql(stack.gateway.url, `{ ${many.join(' ')} }`, { token });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('a legal query of ordinary size still answers', async () => {
    const { body } = await gql(
      stack.gateway.url,
      `{ patient(id: "${ds.patients[1]!.id}") { givenName journal(first: 100) { totalCount edges { node { id text } } } cases { mappeId } } }`,
      { token },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.patient.journal.totalCount).toBeGreaterThan(0);
  });
});

test('document content has a budget per request: aliases of a large document get RESPONSE_TOO_LARGE past 64 MiB (three 24 MB copies, 96 MB of base64, were answered)', async () => {
  const extract = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'hs-budget-'));
  for (const f of extract.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  await importNoark(tdb.db, dir);
  rmSync(dir, { recursive: true, force: true });
  const token = await everyoneMatterToken(stack, { sub: 'jurist-1' });
  const doc = (
    await tdb.db.query<{ id: string; saksmappe_id: string; content: Buffer }>(
      `SELECT o.id, jp.saksmappe_id, o.content FROM archive.dokumentobjekt o
         JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
         JOIN archive.journalpost jp ON jp.id = b.journalpost_id
        WHERE o.content IS NOT NULL ORDER BY o.id LIMIT 1`,
    )
  ).rows[0]!;
  expect(doc).toBeDefined();
  await tdb.db.query('UPDATE archive.dokumentobjekt SET content = $2 WHERE id = $1', [
    doc.id,
    Buffer.alloc(24 * 1024 * 1024, 7),
  ]);
  try {
    const pick = (a: string) =>
      `${a}: saksmappe(id: "${doc.saksmappe_id}") { journalposter { documents { id contentBase64 } } }`;
    const res = await gql(stack.gateway.url, `{ ${['a', 'b', 'c'].map(pick).join(' ')} }`, { token });
    const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toContain('RESPONSE_TOO_LARGE');
    expect(res.body.errors?.find((e) => e.extensions?.code === 'RESPONSE_TOO_LARGE')?.message).toMatch(
      /document content in one request is limited to 67108864 bytes/,
    );
    // One copy is within the budget.
    const one = await gql(stack.gateway.url, `{ ${pick('a')} }`, { token });
    expect(one.body.errors).toBeUndefined();
  } finally {
    await tdb.db.query('UPDATE archive.dokumentobjekt SET content = $2 WHERE id = $1', [doc.id, doc.content]);
  }
});

describe('search query caps', () => {
  const search = (query: string, extra = '') =>
    gql(
      stack.gateway.url,
      `query ($q: String!) { patient(id: "${ds.patients[1]!.id}") { search(query: $q${extra}) { total } } }`,
      { token, variables: { q: query } },
    );

  test('1,000 words: a clear BAD_USER_INPUT naming the limit (was "bad buffer ID: 0")', async () => {
    const { body } = await search(Array.from({ length: 1000 }, (_, i) => `ord${i}`).join(' '));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/1000 words; the limit is 32/);
  });

  test('a query longer than the character cap: BAD_USER_INPUT', async () => {
    const { body } = await search('a'.repeat(5000));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/5000 characters long; the limit is 1000/);
  });

  test("many topic words at once: a clear BAD_USER_INPUT, not an internal error (Elasticsearch's clause limit)", async () => {
    const { body } = await search(
      'mobbing vold rus angst depresjon tvang skjerming fall søvnvansker ernæring selvskading omsorgssvikt',
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/too many topics at once/);
  });

  test('from: "2023-02-30" is a clear BAD_USER_INPUT, not PostgreSQL text', async () => {
    const { body } = await search('stell', ', from: "2023-02-30"');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe('from must be a real date YYYY-MM-DD');
  });

  test('kinds and sources are closed lists: an unknown value is BAD_USER_INPUT naming the known ones (it matched nothing, silently)', async () => {
    const kinds = await search('stell', ', kinds: ["journal_entry", "jounal_entry"]');
    expect(kinds.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(kinds.body.errors?.[0]?.message).toMatch(/^kinds: unknown "jounal_entry"; one of journal_entry, /);
    const sources = await search('stell', ', sources: ["gerica"]');
    expect(sources.body.errors?.[0]?.message).toMatch(
      /^sources: unknown "gerica"; one of HELSEPLATTFORMEN, GERICA/,
    );
    const known = await search('stell', ', kinds: ["journal_entry"], sources: ["GERICA", "PROFIL"]');
    expect(known.body.errors).toBeUndefined();
  });

  test('sources, kinds and disabledExpansions have a length cap (BAD_USER_INPUT naming it); repeats are dropped (found in review: 70,000 sources were an internal error)', async () => {
    const repeated = await search(
      'stell',
      ', kinds: ["journal_entry", "journal_entry"], sources: ["GERICA", "GERICA"]',
    );
    expect(repeated.body.errors).toBeUndefined();
    const list = (n: number, v: string) => JSON.stringify(Array(n).fill(v));
    const kinds = await search('stell', `, kinds: ${list(101, 'journal_entry')}`);
    expect(kinds.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(kinds.body.errors?.[0]?.message).toBe('kinds takes at most 100 entries');
    const { body } = await gql(
      stack.gateway.url,
      `query ($d: [String!]) { patient(id: "${ds.patients[1]!.id}") { search(query: "stell", disabledExpansions: $d) { total } } }`,
      { token, variables: { d: Array.from({ length: 5001 }, (_, i) => `x${i}`) } },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe('disabledExpansions takes at most 5000 entries');
  });
});

test.each([
  ['search', '{ search(query: "stell", from: "2023-02-30") { total } }'],
  ['coercion', '{ patient(id: "pt-x") { coercionExecutions(from: "2023-02-30") { id } } }'],
  ['journal', '{ patient(id: "pt-x") { journal(from: "2023-02-30") { totalCount } } }'],
])('%s: a date that does not exist (2023-02-30) is BAD_USER_INPUT, not an internal error', async (_, q) => {
  const { body } = await gql(stack.gateway.url, q.replace('pt-x', ds.patients[1]!.id), { token });
  expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(body.errors?.[0]?.message).toMatch(/from must be a (real )?date/);
});

test('an internal error reaches the caller as a generic message with the request id; the log has the error', async () => {
  const lines: string[] = [];
  const spy = jest.spyOn(log, 'error').mockImplementation(((obj: unknown, msg?: string) => {
    lines.push(JSON.stringify({ obj, msg }));
  }) as never);
  // A real internal failure: the table a resolver reads is gone.
  await tdb.db.query('ALTER TABLE journal.care_contact RENAME TO care_contact_gone');
  try {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ patient(id: "${ds.patients[1]!.id}") { careContacts { contacts { id } } } }`,
      }),
    });
    const requestId = res.headers.get('x-request-id');
    const body = (await res.json()) as any;
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/care_contact|relation|does not exist/);
    expect(body.errors[0].message).toBe(`internal error (request id ${requestId})`);
    expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(lines.some((l) => l.includes(requestId!) && /care_contact/.test(l))).toBe(true);
  } finally {
    await tdb.db.query('ALTER TABLE journal.care_contact_gone RENAME TO care_contact');
    spy.mockRestore();
  }
});

test('GraphiQL, fetched with no credentials, contains no token (it asks for one)', async () => {
  const res = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toMatch(/GraphiQL|graphiql/);
  expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/); // no JWT anywhere
  expect(html).toContain('paste the dev token npm start printed');
});

test('development: introspection answers (production turns it off, see below)', async () => {
  const { body } = await gql(stack.gateway.url, '{ __schema { queryType { name } } }', { token });
  expect(body.data?.__schema.queryType.name).toBe('Query');
});

describe('production mode', () => {
  let prod: Stack;
  let ptdb: TestDatabase;
  let ptoken: string;
  beforeAll(async () => {
    ptdb = await createTestDatabase();
    const base = testConfig({ databaseUrl: ptdb.url });
    const config = {
      ...base,
      mode: 'production' as const,
      production: true,
      internalSecret: 'an-internal-key-of-its-own-for-the-subgraphs-0123',
      jwt: {
        ...base.jwt,
        secret: 'a-production-caller-secret-for-this-test-only-0123',
        issuer: 'https://idp.test',
        audience: 'helsespor',
        strict: true,
      },
    };
    prod = await startStack(config, { db: ptdb.db, indexerIntervalMs: 60_000 });
    ptoken = await prod.token();
  });
  afterAll(async () => {
    await prod?.stop();
    await ptdb?.drop();
  });

  test('no GraphiQL page', async () => {
    const res = await fetch(prod.gateway.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/graphiql/i);
  });

  test('no introspection', async () => {
    const { body } = await gql(prod.gateway.url, '{ __schema { queryType { name } } }', { token: ptoken });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  test('no field suggestions in errors', async () => {
    const { body } = await gql(prod.gateway.url, '{ patient(id: "x") { givenNam } }', { token: ptoken });
    expect(body.errors?.[0]?.message).toMatch(/givenNam/);
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const dev = await gql(stack.gateway.url, '{ patient(id: "x") { givenNam } }', { token });
    expect(dev.body.errors?.[0]?.message).toMatch(/Did you mean "givenName"/);
  });

  test('a GET asking for text/html is no way around the token: 401, the query is not run (it was answered without one)', async () => {
    const res = await fetch(`${prod.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/html, application/json' },
    });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).not.toContain('__typename');
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('a dev-signed token is refused', async () => {
    const devToken = await stack.token();
    const { status } = await gql(prod.gateway.url, '{ patient(id: "x") { id } }', { token: devToken });
    expect(status).toBe(401);
  });
});

test('a subgraph that does not answer: the caller gets the request id, not the subgraph address (runs last: stops one)', async () => {
  const archive = stack.subgraphs.find((s) => s.name === 'archive')!;
  await archive.stop();
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ saksmappe(id: "x") { tittel } }' }),
  });
  const requestId = res.headers.get('x-request-id');
  const text = await res.text();
  expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
  expect(JSON.parse(text).errors[0]).toMatchObject({
    message: `internal error (request id ${requestId})`,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
});

test('a subgraph that does not answer: the gateway log names the request, not its variables (a national id and a title were written to the log)', async () => {
  // Runs after the test above stopped the archive subgraph.
  const written: string[] = [];
  const capture = (...args: unknown[]) => {
    written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  const spies = (['error', 'warn', 'info', 'log', 'debug'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation(capture),
  );
  const logSpy = jest.spyOn(log, 'error').mockImplementation(((obj: unknown, msg?: string) => {
    written.push(JSON.stringify({ obj, msg }));
  }) as never);
  try {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation ($id: ID!, $t: String!) { changeTittel(id: $id, tittel: $t) { id } }',
        variables: { id: 'sm-1', t: 'Kari Nordmann f. 01017012345 – barnevernssak' },
      }),
    });
    const requestId = res.headers.get('x-request-id')!;
    expect((await res.json()).errors[0].message).toBe(`internal error (request id ${requestId})`);
    expect(written.some((l) => l.includes(requestId))).toBe(true);
    expect(written.join('\n')).not.toMatch(/01017012345|Kari Nordmann/);
  } finally {
    spies.forEach((s) => s.mockRestore());
    logSpy.mockRestore();
  }
});
