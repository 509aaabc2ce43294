/**
 * A subgraph that accepts the request and never answers (here: the journal, its table locked
 * by another transaction) fails the caller's request after GRAPHQL_UPSTREAM_TIMEOUT_MS, with
 * an error, instead of holding it open for as long as the subgraph does (found in review: no
 * timeout anywhere). The dossier's calls to the other subgraphs have the same bound
 * (subgraphs/dossier/client.ts).
 */
import { getEventListeners } from 'node:events';
import { Client } from 'pg';
import { DEFAULT_LIMITS } from '../lib/config';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';

let env: TestStack;
let token: string;

beforeAll(async () => {
  env = await startTestStack({ limits: { ...DEFAULT_LIMITS, upstreamTimeoutMs: 1500 } });
  await env.tdb.db.query(
    `INSERT INTO journal.patient (id, family_name, given_name) VALUES ('p-timeout', 'Vente', 'Vera')`,
  );
  token = await env.stack.token({ sub: 'arkivar-t', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

/** Runs `ask` while another transaction holds the journal's notes table locked; releases it after. */
async function whileLocked<T>(ask: () => Promise<T>): Promise<T> {
  const locker = new Client({ connectionString: env.tdb.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE journal.journal_entry IN ACCESS EXCLUSIVE MODE');
    return await ask();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
}

test('a subgraph that does not answer: the gateway answers with an error after the upstream timeout', async () => {
  const r = await whileLocked(() =>
    gql(
      env.stack.gateway.url,
      '{ patient(id: "p-timeout") { givenName journal(first: 5) { totalCount } } }',
      {
        token,
      },
    ),
  );
  expect(r.body.errors).toEqual([
    {
      message: expect.stringMatching(/^journal did not answer in time \(request id [0-9a-f-]{36}\)$/),
      path: ['patient'],
      extensions: { code: 'GATEWAY_TIMEOUT', requestId: expect.any(String) },
    },
  ]);
  // Neither the subgraph's address nor the request it was sent (the variables) reach the caller.
  expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|p-timeout|query\(/);
  expect(r.body.data?.patient?.journal ?? null).toBeNull();
  // Unlocked, the same query answers.
  const ok = await gql(
    env.stack.gateway.url,
    '{ patient(id: "p-timeout") { journal(first: 5) { totalCount } } }',
    {
      token,
    },
  );
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data.patient.journal.totalCount).toBe(0);
}, 20_000);

test("a subgraph fetch's abort listeners go when its answer is in: none pile up on a signal that outlives the request (Node warned of a leak at 101)", async () => {
  // Every signal that gets an abort listener, to count its live listeners after the requests.
  const signals: WeakRef<AbortSignal>[] = [];
  const add = AbortSignal.prototype.addEventListener;
  AbortSignal.prototype.addEventListener = function (this: AbortSignal, ...args: Parameters<typeof add>) {
    if (args[0] === 'abort') signals.push(new WeakRef(this));
    return add.apply(this, args);
  } as typeof add;
  try {
    for (let i = 0; i < 40; i++) {
      const r = await gql(
        env.stack.gateway.url,
        '{ patient(id: "p-timeout") { journal(first: 5) { totalCount } } }',
        {
          token,
        },
      );
      expect(r.body.errors).toBeUndefined();
    }
  } finally {
    AbortSignal.prototype.addEventListener = add;
  }
  const live = signals.map((s) => s.deref()).filter((s): s is AbortSignal => !!s);
  const most = Math.max(0, ...live.map((s) => getEventListeners(s, 'abort').length));
  // Before: one per fetch on each subgraph executor's own signal (40 and more here).
  expect(most).toBeLessThan(5);
}, 60_000);
