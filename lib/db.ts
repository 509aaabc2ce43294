import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool, types } from 'pg';
import type { Config } from './config';
import { log } from './log';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * The one database interface every part uses: real PostgreSQL through `pg`,
 * or PGlite (PostgreSQL compiled to WASM) when no DATABASE_URL is configured.
 * `stats.queries` counts round trips, so tests can assert they stay constant.
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  readonly stats: { queries: number };
  /**
   * PostgreSQL's statement_timeout on this pool's connections (ms; null: none, and always for
   * PGlite, see StatementTimeouts) and the longer one migrations take (SET LOCAL in their
   * transaction; 0 there: none).
   */
  readonly statementTimeouts: StatementTimeouts | null;
  /** Run several statements (no parameters), e.g. a migration file. */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * One connection held for the caller (session-level state such as advisory locks) until
   * release(). PGlite has one connection: the session is the database itself.
   */
  session(): Promise<Queryable & { release(): void }>;
  /**
   * LISTEN on `channel` on a connection of its own (not the pool's): `onNotify` for each
   * NOTIFY, `onLost` once when that connection is lost (then it is closed; listen again).
   * PGlite is one connection in this process: its NOTIFYs reach its listeners, never another
   * process (none can open its folder), and it is never lost.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onLost: (err: Error) => void,
  ): Promise<Listening>;
  close(): Promise<void>;
}

export interface Listening {
  close(): Promise<void>;
}

/** A channel name as LISTEN takes it (an identifier: quoted, so any text is one name). */
const channelIdent = (channel: string) => `"${channel.replace(/"/g, '""')}"`;

/**
 * How long one SQL statement may run before PostgreSQL cancels it (statement_timeout, in ms;
 * 0 = no limit): `query` on every connection of the pool, `bulk` for what needs longer
 * (migrations, in their own transaction; the CLI's imports and bulk jobs take it as their
 * pool's). Without it a slow or pathological statement held its connection for as long as it
 * ran (task s33). PGlite runs in this process's WebAssembly and has no timer to cancel a
 * statement with: it accepts the setting and ignores it (measured: `SET statement_timeout =
 * 200` then `SELECT pg_sleep(1)` returns after 1 s), so the embedded mode (`npm start` without
 * DATABASE_URL) sets none.
 */
export interface StatementTimeouts {
  query: number;
  bulk: number;
}

/** PostgreSQL's query_canceled (57014) raised by statement_timeout (not a cancel by request). */
export function isStatementTimeout(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return !!e && e.code === '57014' && /statement timeout/i.test(e.message ?? '');
}

/** Whether an error means the database connection was lost (server stopped, crashed, network). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  // 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 08xxx: connection exceptions.
  if (typeof e.code === 'string' && (/^08/.test(e.code) || /^57P0[123]$/.test(e.code))) return true;
  if (typeof e.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code))
    return true;
  return /Connection terminated|connection.*(closed|lost|ended)|Client has encountered a connection error|terminating connection/i.test(
    e.message ?? '',
  );
}

/** `listen` on a database already closed (nothing to listen to: not a lost connection). */
export class DatabaseClosedError extends Error {
  constructor() {
    super('database closed');
  }
}

/** application_name of the connections `listen` opens (pg_stat_activity tells them apart). */
export const LISTEN_APPLICATION_NAME = 'helsespor-listen';

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Calendar dates stay strings ('2010-05-15'): a Date object would shift them by the time zone.
types.setTypeParser(DATE_OID, (v) => v);
types.setTypeParser(INT8_OID, (v) => Number(v));

/** `timeouts`: the pool's statement_timeout and the migrations' (StatementTimeouts); none when left out. */
export async function createPostgresDb(url: string, max = 10, timeouts?: StatementTimeouts): Promise<Db> {
  // Sent in each connection's startup packet: every statement of every session, transaction
  // and plain query of the pool runs under it.
  const pool = new Pool({
    connectionString: url,
    max,
    ...(timeouts?.query ? { statement_timeout: timeouts.query } : {}),
  });
  // An idle connection that the server ends (restart, administrator command) must not crash the process.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection closed'));
  const stats = { queries: 0 };
  /** The open `listen` connections, closed with the pool. */
  const listening = new Set<() => Promise<void>>();
  let closed = false;
  const counted = (q: Queryable['query']): Queryable['query'] =>
    (async (sql: string, params?: unknown[]) => {
      stats.queries++;
      const r = await q(sql, params);
      return r;
    }) as Queryable['query'];
  const query = counted(async (sql, params) => {
    const r = await pool.query(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  });
  return {
    kind: 'postgres',
    stats,
    statementTimeouts: timeouts ?? null,
    query,
    async exec(sql) {
      stats.queries++;
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client that loses its connection emits 'error'; without a listener that
      // is Node's "Unhandled 'error' event" crash. The failing query rejects on its own.
      const onError = (err: Error) =>
        log.warn({ err: err.message }, 'database connection lost in a transaction');
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: counted(async (sql, params) => {
            const r = await client.query(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          }),
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release();
      }
    },
    async session() {
      const client = await pool.connect();
      const onError = (err: Error) => log.warn({ err: err.message }, 'database session connection lost');
      client.on('error', onError);
      let released = false;
      return {
        query: counted(async (sql, params) => {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        }),
        release() {
          if (released) return;
          released = true;
          client.removeListener('error', onError);
          // A broken connection is destroyed, not returned to the pool.
          client.release(true);
        },
      };
    },
    async listen(channel, onNotify, onLost) {
      if (closed) throw new DatabaseClosedError();
      const client = new Client({
        connectionString: url,
        application_name: LISTEN_APPLICATION_NAME,
        connectionTimeoutMillis: 10_000,
        // A connection the network dropped without a word is found by TCP keepalive, not never.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      let lost = false;
      const lose = (err: Error) => {
        if (lost) return;
        lost = true;
        listening.delete(quiet);
        client.removeAllListeners('notification');
        client.end().catch(() => undefined);
        onLost(err);
      };
      /** Closed on purpose (close(), or the database's close()): no onLost. */
      const quiet = async () => {
        if (lost) return;
        lost = true;
        listening.delete(quiet);
        client.removeAllListeners();
        client.on('error', () => undefined);
        await client.end().catch(() => undefined);
      };
      client.on('error', lose);
      client.on('end', () => lose(new Error('listen connection ended')));
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify(n.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${channelIdent(channel)}`);
      } catch (err) {
        await quiet();
        throw err;
      }
      listening.add(quiet);
      return { close: quiet };
    },
    async close() {
      closed = true;
      await Promise.all([...listening].map((q) => q()));
      await pool.end();
    },
  };
}

/**
 * PGlite is PostgreSQL in this one process: a second process on the same data folder writes
 * the same WAL and heap files with buffers of its own and corrupts them (PGlite's
 * postmaster.pid holds a fake pid and is never checked). So each process that opens a folder
 * (npm start, the CLI) holds `helsespor.lock` in it, made exclusively, naming its pid; a lock
 * whose process is gone (killed) is taken over. Found in review s33: a second npm start and
 * the CLI opened a folder npm start was using.
 */
export const PGLITE_LOCK_FILE = 'helsespor.lock';

function lockPgliteDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, PGLITE_LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const [pidText = '', host = ''] = readLock(file);
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && (host !== hostname() || processLives(pid)))
        throw new Error(
          `the embedded database folder ${dir} is in use by another Helsespor process (pid ${pid}${host !== hostname() ? ` on ${host}` : ''}): stop it first, or give another PGLITE_DATA_DIR (remove ${file} only if no such process runs)`,
        );
      log.warn({ file, pid }, 'embedded database folder: lock of a process that is gone taken over');
      try {
        unlinkSync(file);
      } catch {
        /* someone else took it over: the next attempt says who */
      }
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      if (Number(readLock(file)[0]) === process.pid) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return release;
}

function readLock(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return []; // removed meanwhile: the next attempt takes it
  }
}

function processLives(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function createPgliteDb(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const unlock = dataDir ? lockPgliteDir(dataDir) : () => {};
  const pg = await PGlite.create(dataDir, {
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
      [NUMERIC_OID]: (v: string) => Number(v),
    },
  }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const stats = { queries: 0 };
  const wrap = (q: {
    query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;
  }) =>
    (async (sql: string, params?: unknown[]) => {
      stats.queries++;
      const r = await q.query(sql, params);
      // PGlite reports affectedRows 0 for a SELECT (FOR UPDATE too): its rowCount is then the rows
      // returned, as node-postgres gives it. `??` took the 0, and a lock such as approval-change.ts's
      // `SELECT 1 … FOR UPDATE` found nothing on the embedded database (fix FX8).
      return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
    }) as Queryable['query'];
  return {
    kind: 'pglite',
    stats,
    statementTimeouts: null,
    query: wrap(pg),
    async exec(sql) {
      stats.queries++;
      await pg.exec(sql);
    },
    async transaction(fn) {
      return pg.transaction(async (tx) => fn({ query: wrap(tx) }));
    },
    async session() {
      return { query: wrap(pg), release() {} };
    },
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channelIdent(channel), onNotify);
      return { close: () => unlisten() };
    },
    async close() {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}

/** The longer timeouts for a pool that runs only migrations or bulk jobs (the admin login's, the CLI's). */
export function bulkTimeouts(config: Pick<Config, 'database'>): StatementTimeouts {
  return { query: config.database.bulkStatementTimeoutMs, bulk: config.database.bulkStatementTimeoutMs };
}

/**
 * The service's database: PostgreSQL with the configured statement timeouts
 * (DATABASE_STATEMENT_TIMEOUT_MS for the subgraphs' queries; `bulk`: the CLI's imports and
 * bulk jobs, DATABASE_BULK_STATEMENT_TIMEOUT_MS), or PGlite (none: see StatementTimeouts).
 */
export async function createDb(
  config: Pick<Config, 'databaseUrl' | 'pgliteDataDir' | 'database'>,
  opts: { bulk?: boolean } = {},
): Promise<Db> {
  const t = config.database;
  return config.databaseUrl
    ? createPostgresDb(
        config.databaseUrl,
        10,
        opts.bulk ? bulkTimeouts(config) : { query: t.statementTimeoutMs, bulk: t.bulkStatementTimeoutMs },
      )
    : createPgliteDb(config.pgliteDataDir);
}
