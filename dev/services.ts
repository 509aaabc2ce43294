/**
 * Real services for tests: every test file gets its own fresh PostgreSQL database and
 * its own Elasticsearch index prefix on the servers that scripts/test.sh started
 * (or that DATABASE_URL / ELASTICSEARCH_URL point at). Nothing here is a mock.
 */
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Client as EsClient } from '@elastic/elasticsearch';
import { loadConfig, type Config } from '../lib/config';
import { createPostgresDb, type Db } from '../lib/db';

export function requireEnv(name: 'DATABASE_URL' | 'ELASTICSEARCH_URL'): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run the tests with \`npm test\`, which starts PostgreSQL and Elasticsearch`,
    );
  return v;
}

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(requireEnv('DATABASE_URL'));
  const name = `hs_test_${randomBytes(6).toString('hex')}`;
  const client = new PgClient({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const db = await createPostgresDb(url.toString(), 5);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const c = new PgClient({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testIndexPrefix(): string {
  return `hs-test-${randomBytes(5).toString('hex')}`;
}

export async function dropIndexes(prefix: string): Promise<void> {
  const es = new EsClient({ node: requireEnv('ELASTICSEARCH_URL') });
  await es.indices
    .delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true })
    .catch(() => undefined);
  await es.indices.deleteIndexTemplate({ name: `${prefix}-records` }).catch(() => undefined);
  await es.close();
}

/** Config for an in-process stack on free ports, against the test database and index. */
export function testConfig(
  overrides: Partial<Config> & { databaseUrl?: string; elasticsearchUrl?: string; esIndexPrefix?: string },
): Config {
  const base = loadConfig({ LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv);
  return {
    ...base,
    ports: { gateway: 0, journal: 0, archive: 0, coercion: 0, search: 0 },
    ...overrides,
  };
}

/** POSTs a GraphQL operation; returns HTTP status and parsed body. */
export async function gql(
  url: string,
  query: string,
  opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
