/**
 * The caller statement between the gateway and the subgraphs (lib/auth.ts, SECURITY.md),
 * attacked end to end on real PostgreSQL and Elasticsearch: a recording proxy stands between
 * the gateway and the journal and archive subgraphs, as someone reading a proxy's or a
 * log's headers would, and replays what it saw. Each statement is bound to the one
 * subgraph it was sent to (`aud`), to the exact request body (`bh`, a SHA-256 the subgraph
 * checks before it executes), lives seconds, and its `jti` is accepted once.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDataset, type Dataset } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { everyoneMatterToken } from '../dev/policy';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { INTERNAL_HEADER } from '../lib/auth';
import { log } from '../lib/log';
import type { Stack } from '../scripts/stack';

interface Seen {
  statement: string;
  body: string;
}

/** Forwards to the subgraph named `name` once it runs, keeping each statement and body it passed on. */
class RecordingProxy {
  readonly seen: Seen[] = [];
  private server: Server | undefined;
  target = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await readAll(req);
        const statement = String(req.headers[INTERNAL_HEADER] ?? '');
        this.seen.push({ statement, body });
        const r = await fetch(this.target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: statement },
          body,
        });
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server.closeAllConnections();
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function post(url: string, statement: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: statement },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: any;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;
let token: string;
const journalProxy = new RecordingProxy();
const archiveProxy = new RecordingProxy();
const urlOf = (name: string) => stack.subgraphs.find((s) => s.name === name)!.url;

beforeAll(async () => {
  const journalUrl = await journalProxy.start();
  const archiveUrl = await archiveProxy.start();
  // The gateway and the dossier reach journal and archive through the proxies.
  env = await startTestStack({ subgraphUrls: { journal: journalUrl, archive: archiveUrl } });
  ({ tdb, stack } = env);
  journalProxy.target = urlOf('journal');
  archiveProxy.target = urlOf('archive');
  ds = generateDataset({ seed: 11 });
  await loadDataset(tdb.db, ds);
  await stack.index();
  token = await everyoneMatterToken(stack, { sub: 'jurist-replay' });
});

afterAll(async () => {
  await env?.stop();
  await journalProxy.stop();
  await archiveProxy.stop();
});

/** One query through the gateway, and what the journal subgraph was sent for it. */
async function captureJournalStatement(): Promise<Seen> {
  journalProxy.seen.length = 0;
  const p = ds.patients[0]!;
  const r = await gql(stack.gateway.url, `{ patient(id: "${p.id}") { givenName } }`, { token });
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.patient.givenName).toBe(p.givenName);
  expect(journalProxy.seen).toHaveLength(1);
  return journalProxy.seen[0]!;
}

test('a captured caller statement replayed with another request body is refused (it read another patient)', async () => {
  const seen = await captureJournalStatement();
  const other = ds.patients[1]!;
  const r = await post(
    urlOf('journal'),
    seen.statement,
    JSON.stringify({ query: `{ patient(id: "${other.id}") { givenName familyName } }` }),
  );
  expect(r.status).toBe(401);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(r.body.errors?.[0]?.message).toMatch(/request body/);
  expect(JSON.stringify(r.body)).not.toContain(other.givenName);
});

test('a captured caller statement sent to another subgraph is refused', async () => {
  const seen = await captureJournalStatement();
  // The very body the gateway sent, so only the audience differs.
  const r = await post(urlOf('archive'), seen.statement, seen.body);
  expect(r.status).toBe(401);
  expect(r.body.errors?.[0]?.message).toMatch(/audience|aud/);
  const cases = await post(
    urlOf('archive'),
    seen.statement,
    JSON.stringify({ query: '{ openAccessRequests { mappeId } }' }),
  );
  expect(cases.status).toBe(401);
});

test('a captured caller statement replayed with the same body is refused: its jti is accepted once; the refusal is in the service log', async () => {
  const seen = await captureJournalStatement();
  const lines: string[] = [];
  const spy = jest.spyOn(log, 'warn').mockImplementation(((obj: unknown, msg?: string) => {
    lines.push(JSON.stringify({ obj, msg }));
  }) as never);
  try {
    const r = await post(urlOf('journal'), seen.statement, seen.body);
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0]?.message).toMatch(/already used/);
  } finally {
    spy.mockRestore();
  }
  const refused = lines.filter((l) => l.includes('caller statement refused'));
  expect(refused).toHaveLength(1);
  expect(refused[0]).toContain('already used');
  expect(refused[0]).toContain('"subgraph":"journal"');
  // Neither the statement nor the body (the operation and its variables) is logged.
  expect(refused[0]).not.toContain(seen.statement.split('.')[2]!);
  expect(refused[0]).not.toContain(ds.patients[0]!.id);
});

test('normal queries, batched entity fetches across subgraphs and the dossier still answer', async () => {
  const ids = ds.patients.slice(0, 3).map((p) => p.id);
  // journal → archive (cases) → journal entity fetches for several patients in one request.
  const one = await gql(stack.gateway.url, 'query ($i: ID!) { patient(id: $i) { id } }', {
    token,
    variables: { i: ids[0] },
  });
  expect(one.body.errors).toBeUndefined();
  expect(one.body.data.patient.id).toBe(ids[0]);
  const batched = await gql(
    stack.gateway.url,
    `{ ${ids.map((id, i) => `p${i}: patient(id: "${id}") { id journal(first: 2) { totalCount edges { node { id patient { id givenName } } } } cases { mappeId } }`).join(' ')} }`,
    { token },
  );
  expect(batched.body.errors).toBeUndefined();
  for (const [i, id] of ids.entries()) expect(batched.body.data[`p${i}`].id).toBe(id);
  // The archive was asked too (entity fetch of Patient.cases), each fetch with its own statement.
  expect(archiveProxy.seen.length).toBeGreaterThan(0);
  const statements = [...journalProxy.seen, ...archiveProxy.seen].map((s) => s.statement);
  expect(new Set(statements).size).toBe(statements.length);

  journalProxy.seen.length = 0;
  const dossier = await gql(
    stack.gateway.url,
    `query ($id: ID!) { dossier(patientId: $id) { totalItems items { kind sourceSystem } } }`,
    { token, variables: { id: ids[0] } },
  );
  expect(dossier.body.errors).toBeUndefined();
  expect(dossier.body.data.dossier.totalItems).toBeGreaterThan(0);
  // The dossier asked the journal itself, as the caller, with statements of its own.
  expect(journalProxy.seen.length).toBeGreaterThan(0);
});

test('two callers asking the same thing at the same moment each get their own answer: the runtime never joins their subgraph requests', async () => {
  const p = ds.patients[2]!;
  const inside = await stack.matterToken({ id: 'M-REPLAY-IN', patientIds: [p.id] }, { sub: 'jurist-in' });
  const outside = await stack.matterToken(
    { id: 'M-REPLAY-OUT', patientIds: [ds.patients[3]!.id] },
    { sub: 'jurist-out' },
  );
  const query = `{ patient(id: "${p.id}") { givenName } }`;
  for (let round = 0; round < 5; round++) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gql(stack.gateway.url, query, { token: i % 2 ? outside : inside }),
      ),
    );
    answers.forEach((a, i) => {
      if (i % 2) {
        expect(a.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(a.body)).not.toContain(p.givenName);
      } else expect(a.body.data.patient.givenName).toBe(p.givenName);
    });
  }
});
