/**
 * Hardening residuals of review s33, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend: nothing here searches). Each test is an attack or a defect that held
 * before its fix; the name says what must hold, the parenthesis what happened.
 */
import { generateDataset } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { loadConfig } from '../lib/config';
import { createDb, createPostgresDb, isStatementTimeout, type Db } from '../lib/db';
import { log } from '../lib/log';
import { startStack, type Stack } from '../scripts/stack';

/** The stack's pool cancels a statement after this long (DATABASE_STATEMENT_TIMEOUT_MS). */
const STATEMENT_TIMEOUT_MS = 3000;

let tdb: TestDatabase;
/** The stack's pool, with the statement timeout (the test database's own pool has none). */
let db: Db;
let stack: Stack;
let archivist: string;
/** Every SQL statement the stack sent through its pool, as sent (no parameters). */
const statements: string[] = [];

/** The test database's pool, recording each statement's text. */
function recording(db: Db): Db {
  return {
    ...db,
    query: ((sql: string, params?: unknown[]) => {
      statements.push(sql);
      return db.query(sql, params);
    }) as Db['query'],
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const config = testConfig({ databaseUrl: tdb.url, elasticsearchUrl: undefined });
  db = await createPostgresDb(tdb.url, 5, { query: STATEMENT_TIMEOUT_MS, bulk: 0 });
  stack = await startStack(config, { db: recording(db), indexerIntervalMs: 600_000 });
  await loadDataset(tdb.db, generateDataset({ seed: 33 }));
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
});

afterAll(async () => {
  await stack?.stop();
  await db?.close();
  await tdb?.drop();
});

/** The statements that aggregate the record periods (subgraphs/journal/decisions.ts recordPeriods). */
const periodScans = () => statements.filter((s) => s.includes('min(day)::text AS "from"')).length;

test('recordPeriods weighs as a statistics table (5,000): one is answered, thirty aliases over every person are refused with the cost error before the journal scans anything (priced as a list of ten fields, 1,230, and each alias scanned every note, care contact and service decision)', async () => {
  const fields = 'sourceSystem from to records';
  const one = await gql(stack.gateway.url, `{ recordPeriods { ${fields} } }`, { token: archivist });
  expect(one.body.errors).toBeUndefined();
  expect(one.body.data.recordPeriods.length).toBeGreaterThan(0);
  expect(periodScans()).toBe(1);

  const many = Array.from({ length: 30 }, (_, i) => `p${i}: recordPeriods { ${fields} }`);
  const { body } = await gql(stack.gateway.url, `{ ${many.join(' ')} }`, { token: archivist });
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(body.errors?.[0]?.message).toMatch(
    /^query is too expensive: estimated cost \d+ exceeds the limit of 50000/,
  );
  expect(periodScans()).toBe(1);
});

describe('statement timeout (DATABASE_STATEMENT_TIMEOUT_MS)', () => {
  test("a statement past the pool's statement timeout is cancelled by PostgreSQL (57014), and the pool keeps working: more such statements than connections, then plain queries, a transaction and a session (without it, pg_sleep held its connection for as long as it ran)", async () => {
    const small = await createPostgresDb(tdb.url, 2, { query: 300, bulk: 0 });
    try {
      expect(
        (await small.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t")).rows[0]!.t,
      ).toBe('300ms');
      const started = Date.now();
      const sleeps = await Promise.allSettled([1, 2, 3].map(() => small.query('SELECT pg_sleep(5)')));
      expect(Date.now() - started).toBeLessThan(4000);
      for (const r of sleeps) {
        expect(r.status).toBe('rejected');
        expect(isStatementTimeout((r as PromiseRejectedResult).reason)).toBe(true);
      }
      await expect(small.transaction((tx) => tx.query('SELECT pg_sleep(5)'))).rejects.toMatchObject({
        code: '57014',
      });
      expect((await small.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(await small.transaction(async (tx) => (await tx.query('SELECT 2 AS two')).rows)).toEqual([
        { two: 2 },
      ]);
      const session = await small.session();
      expect((await session.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
      session.release();
    } finally {
      await small.close();
    }
  });

  test('a GraphQL field whose statement runs past the statement timeout gets STATEMENT_TIMEOUT with a clear message and the request id, no PostgreSQL text; the log has a structured warning without the statement; the next request is answered (the journal waiting on a lock held forever held its connection)', async () => {
    const warnings: { obj: Record<string, unknown>; msg?: string }[] = [];
    const spy = jest.spyOn(log, 'warn').mockImplementation(((obj: Record<string, unknown>, msg?: string) => {
      warnings.push({ obj, msg });
    }) as never);
    // An administrator's transaction holding the table: recordPeriods waits on its lock.
    const lock = await tdb.admin.session();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE journal.service_decision IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const { body } = await gql(stack.gateway.url, '{ recordPeriods { sourceSystem records } }', {
        token: archivist,
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      const err = body.errors![0]! as { message: string; extensions?: Record<string, unknown> };
      expect(err.extensions?.code).toBe('STATEMENT_TIMEOUT');
      expect(err.message).toMatch(
        new RegExp(
          `^the database did not finish within the statement timeout of ${STATEMENT_TIMEOUT_MS} ms and the statement was cancelled: ask for less \\(a shorter period, a smaller first\\) or try again later \\(request id [0-9a-f-]{36}\\)$`,
        ),
      );
      expect(JSON.stringify(body)).not.toMatch(/canceling statement|journal\.|SELECT|stacktrace/i);
      const w = warnings.find((x) => x.msg === 'database statement cancelled at the statement timeout');
      expect(w?.obj).toEqual({
        requestId: err.extensions?.requestId,
        subgraph: 'journal',
        path: ['recordPeriods'],
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
        code: '57014',
      });
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
      spy.mockRestore();
    }
    const again = await gql(stack.gateway.url, '{ recordPeriods { sourceSystem records } }', {
      token: archivist,
    });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.recordPeriods.length).toBeGreaterThan(0);
  });

  test('the setting and its defaults: 30 s for the service, one hour for migrations and the CLI; 0 is none; bad values are refused by name', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).database).toEqual({
      statementTimeoutMs: 30_000,
      bulkStatementTimeoutMs: 3_600_000,
    });
    expect(
      loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0', DATABASE_BULK_STATEMENT_TIMEOUT_MS: '0' } as never)
        .database,
    ).toEqual({ statementTimeoutMs: 0, bulkStatementTimeoutMs: 0 });
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '30s' } as never)).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ DATABASE_BULK_STATEMENT_TIMEOUT_MS: '-1' } as never)).toThrow(
      /DATABASE_BULK_STATEMENT_TIMEOUT_MS/,
    );
  });

  test('PGlite (the embedded default of npm start) still works with the setting: it has no timer to cancel a statement with, so none is set there and a sleep runs to its end', async () => {
    const config = loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '100' } as never);
    const embedded = await createDb({ ...config, databaseUrl: undefined, pgliteDataDir: undefined });
    try {
      expect(embedded.kind).toBe('pglite');
      expect(embedded.statementTimeouts).toBeNull();
      await embedded.query('SELECT pg_sleep(0.3)');
      expect((await embedded.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await embedded.close();
    }
  });
});
