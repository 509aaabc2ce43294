/**
 * Fault-test helpers: figures of what survived (records expected / in PostgreSQL / in the
 * index / lost / duplicated), collected into .cache/fault-figures.json for the report, and
 * private PostgreSQL / Elasticsearch instances (scripts/services.sh with their own state
 * dir and ports) that a test may kill without touching the shared ones.
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Queryable } from '../lib/db';
import type { SearchBackend } from '../search-index/types';

const run = promisify(execFile);
const REPO = join(__dirname, '..');

export interface Figures {
  expected: number;
  inPostgres: number;
  inIndex: number;
  /** Expected records missing from PostgreSQL, plus searchable records missing from the index. */
  lost: number;
  /** Records stored more than once (same natural key) in PostgreSQL. */
  duplicated: number;
  /** Documents in the index that the database does not hold as searchable. */
  stray: number;
}

/** Searchable journal notes in PostgreSQL against the index. */
export async function figures(db: Queryable, backend: SearchBackend, expected: number): Promise<Figures> {
  const pg = (
    await db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current'`,
    )
  ).rows.map((r) => r.id);
  const dup = (
    await db.query<{ n: number }>(
      `SELECT (count(*) - count(DISTINCT (source_system, source_id)))::int AS n FROM journal.journal_entry`,
    )
  ).rows[0]!.n;
  await backend.refresh();
  const indexed = new Set<string>();
  let after = '';
  for (;;) {
    const page = await backend.scanVersions(after, 5000);
    if (!page.length) break;
    for (const p of page) indexed.add(p.id);
    after = page[page.length - 1]!.id;
  }
  const inPg = new Set(pg);
  const missingFromIndex = pg.filter((id) => !indexed.has(id)).length;
  return {
    expected,
    inPostgres: pg.length,
    inIndex: indexed.size,
    lost: Math.max(0, expected - pg.length) + missingFromIndex,
    duplicated: dup,
    stray: [...indexed].filter((id) => !inPg.has(id)).length,
  };
}

/** Prints one line and appends it to .cache/fault-figures.jsonl (the figures in the note). */
export function printFigures(scenario: string, f: Figures): void {
  const line = { scenario, ...f };
  process.stdout.write(`[fault figures] ${JSON.stringify(line)}\n`);
  mkdirSync(join(REPO, '.cache'), { recursive: true });
  appendFileSync(
    join(REPO, '.cache', 'fault-figures.jsonl'),
    JSON.stringify({ at: new Date().toISOString(), ...line }) + '\n',
  );
}

export interface PrivateServices {
  dir: string;
  env: NodeJS.ProcessEnv;
  databaseUrl?: string;
  elasticsearchUrl?: string;
  start(what: 'pg' | 'es'): Promise<void>;
  /** SIGKILL the server and its children: a crash, not a shutdown. */
  kill(what: 'pg' | 'es'): void;
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL and/or Elasticsearch under .services-fault/<name> on the given
 * ports, always durable (HELSESPOR_PG_DURABLE=1). The Elasticsearch download cache is the
 * shared checkout's when HELSESPOR_CACHE_DIR is set, else the repository's .cache.
 */
export function privateServices(name: string, ports: { pg?: number; es?: number }): PrivateServices {
  const dir = join(REPO, '.services-fault', name);
  mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HELSESPOR_SERVICES_DIR: dir,
    HELSESPOR_PG_DURABLE: '1',
    HELSESPOR_ES_TRANSPORT_PORT: `${(ports.es ?? 59210) + 200}-${(ports.es ?? 59210) + 209}`,
    ...(ports.pg ? { HELSESPOR_PG_PORT: String(ports.pg) } : {}),
    ...(ports.es ? { HELSESPOR_ES_PORT: String(ports.es) } : {}),
  };
  const started = new Set<'pg' | 'es'>();
  const svc = (args: string[]) =>
    run('bash', [join(REPO, 'scripts', 'services.sh'), ...args], { env, maxBuffer: 10 << 20 });
  const pids = (what: 'pg' | 'es'): number[] => {
    const file =
      what === 'pg' ? join(dir, 'pg', 'data', 'postmaster.pid') : join(dir, 'es', 'elasticsearch.pid');
    if (!existsSync(file)) return [];
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
    if (!pid) return [];
    let children: number[] = [];
    try {
      children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .map((x) => Number(x.trim()))
        .filter(Boolean);
    } catch {
      // no children
    }
    return [pid, ...children];
  };
  const s: PrivateServices = {
    dir,
    env,
    async start(what) {
      const { stdout } = await svc(['start', what]);
      started.add(what);
      const m = stdout.match(what === 'pg' ? /^DATABASE_URL=(.*)$/m : /^ELASTICSEARCH_URL=(.*)$/m);
      if (!m) throw new Error(`services.sh start ${what} printed no URL`);
      if (what === 'pg') s.databaseUrl = m[1]!;
      else s.elasticsearchUrl = m[1]!;
    },
    kill(what) {
      for (const pid of pids(what)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    async stop() {
      for (const what of started) await svc(['stop', what]).catch(() => undefined);
    },
  };
  return s;
}
