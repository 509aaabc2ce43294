/**
 * Hardening residuals of review s33, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend: nothing here searches). Each test is an attack or a defect that held
 * before its fix; the name says what must hold, the parenthesis what happened.
 */
import { generateDataset } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import type { Db } from '../lib/db';
import { startStack, type Stack } from '../scripts/stack';

let tdb: TestDatabase;
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
  stack = await startStack(config, { db: recording(tdb.db), indexerIntervalMs: 600_000 });
  await loadDataset(tdb.db, generateDataset({ seed: 33 }));
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
});

afterAll(async () => {
  await stack?.stop();
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
