/**
 * Real services for tests: every test file gets its own fresh PostgreSQL database and
 * its own Elasticsearch index prefix on the servers that scripts/test.sh started
 * (or that DATABASE_URL / ELASTICSEARCH_URL point at). Nothing here is a mock.
 */
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Client as EsClient } from '@elastic/elasticsearch';
import { loadConfig, loadDevConfig, type Config } from '../lib/config';
import { migrateShared } from '../lib/audit-db';
import { createPostgresDb, type Db } from '../lib/db';
import { INTERNAL_HEADER, signInternalToken, type CallerContext } from '../lib/auth';

export function requireEnv(name: 'DATABASE_URL' | 'ELASTICSEARCH_URL'): string {
  const config = loadConfig();
  const v = name === 'DATABASE_URL' ? config.databaseUrl : config.elasticsearchUrl;
  if (!v)
    throw new Error(
      `${name} is not set: run the tests with \`npm test\`, which starts PostgreSQL and Elasticsearch`,
    );
  return v;
}

export interface TestDatabase {
  /** The application's login on this database: not a superuser, owns nothing in schema audit. */
  url: string;
  db: Db;
  /** The admin login (DATABASE_URL of the test run: may create databases and roles). */
  adminUrl: string;
  admin: Db;
  drop(): Promise<void>;
}

/**
 * A DATABASE_ADMIN_URL of the shell names another database than the test's: it is taken here
 * and removed from the environment, so that commands the tests spawn with DATABASE_URL set to
 * a test database do not inherit it.
 */
const ADMIN_URL = loadDevConfig().databaseAdminUrl;
delete process.env.DATABASE_ADMIN_URL;

/** The login test databases are created with: DATABASE_ADMIN_URL, else DATABASE_URL (a superuser). */
export function adminServerUrl(): string {
  return ADMIN_URL ?? requireEnv('DATABASE_URL');
}

/** The application login tests connect as (created on the test server when missing). */
export const TEST_APP_LOGIN = 'helsespor_app';
const TEST_APP_PASSWORD = 'helsespor_app';

async function ensureAppLogin(client: PgClient): Promise<void> {
  const exists = async () =>
    (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEST_APP_LOGIN])).rowCount! > 0;
  if (await exists()) return;
  try {
    await client.query(
      `CREATE ROLE ${TEST_APP_LOGIN} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${TEST_APP_PASSWORD}'`,
    );
  } catch (err) {
    // Roles are cluster-wide: a test file running in parallel may have created it first.
    if (!(await exists())) throw err;
  }
}

/**
 * A fresh database with the production role split: the shared (access log) migrations are
 * applied by the admin login, and `db` / `url` connect as the application login, which may
 * insert into and read the access log and nothing else there (lib/audit-db.ts).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(adminServerUrl());
  const name = `hs_test_${randomBytes(6).toString('hex')}`;
  const client = new PgClient({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await ensureAppLogin(client);
  await client.end();
  const adminUrl = new URL(admin.toString());
  adminUrl.pathname = `/${name}`;
  const url = new URL(adminUrl.toString());
  url.username = TEST_APP_LOGIN;
  url.password = TEST_APP_PASSWORD;
  const adminDb = await createPostgresDb(adminUrl.toString(), 2);
  const db = await createPostgresDb(url.toString(), 5);
  await migrateShared(db, adminDb);
  return {
    url: url.toString(),
    db,
    adminUrl: adminUrl.toString(),
    admin: adminDb,
    async drop() {
      await db.close();
      await adminDb.close();
      const c = new PgClient({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Removes rows a test wrote itself from a table that refuses DELETE (statement trigger `no_delete`:
 * journal migration 042, archive 037, coercion 022; arkivlova § 5, stop 46): through the admin
 * login, the trigger disabled for this one transaction only (its other triggers, such as the
 * search outbox's, still fire). For a test's own set-up; no code path deletes from these tables.
 */
export async function deleteTestRows(
  tdb: TestDatabase,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  return tdb.admin.transaction(async (tx) => {
    await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER no_delete`);
    const r = await tx.query(`DELETE FROM ${table} WHERE ${where}`, params);
    await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER no_delete`);
    return r.rowCount ?? 0;
  });
}

export function testIndexPrefix(): string {
  return `hs-test-${randomBytes(5).toString('hex')}`;
}

export async function dropIndexes(prefix: string): Promise<void> {
  const es = new EsClient({ node: requireEnv('ELASTICSEARCH_URL') });
  try {
    // Elasticsearch refuses wildcard deletes (action.destructive_requires_name defaults to
    // true), so resolve the prefix to names first and delete those.
    const found = await es.indices
      .get({
        index: `${prefix}-*`,
        ignore_unavailable: true,
        allow_no_indices: true,
        expand_wildcards: 'all',
      })
      .catch(() => ({}));
    const names = Object.keys(found);
    if (names.length > 0) await es.indices.delete({ index: names, ignore_unavailable: true });
    await es.indices.deleteIndexTemplate({ name: `${prefix}-records` }).catch(() => undefined);
  } finally {
    await es.close();
  }
}

/** Config for an in-process stack on free ports, against the test database and index. */
export function testConfig(
  overrides: Partial<Config> & { databaseUrl?: string; elasticsearchUrl?: string; esIndexPrefix?: string },
): Config {
  const base = loadConfig({ LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv);
  return {
    ...base,
    ports: { gateway: 0, journal: 0, archive: 0, coercion: 0, search: 0, dossier: 0 },
    // No learned expansion unless a test trains its own model: results stay deterministic.
    expansions: { ...base.expansions, dir: undefined },
    ...overrides,
  };
}

/** POSTs a GraphQL operation; returns HTTP status and parsed body. */
export async function gql(
  url: string,
  query: string,
  opts: {
    token?: string;
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
    /** Straight to a subgraph: a caller statement signed for it and this body, as the gateway does. */
    caller?: { caller: CallerContext; secret: string; subgraph: string };
  } = {},
): Promise<{
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}> {
  const body = JSON.stringify({ query, variables: opts.variables });
  const statement: Record<string, string> = opts.caller
    ? {
        [INTERNAL_HEADER]: await signInternalToken(opts.caller.caller, opts.caller.secret, {
          audience: opts.caller.subgraph,
          body,
        }),
      }
    : {};
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...statement,
      ...opts.headers,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}
