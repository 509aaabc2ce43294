/**
 * The compiled reach of a caller (policy.ts compilePolicyOnce), shared by the subgraphs the
 * gateway calls for one request (the same caller statement and request id), as a bounded
 * cache with expiry. Access to health records is given only while its ground holds
 * (pasientjournalloven § 22, helsepersonelloven § 21 a; a matter, a break-the-glass grant —
 * pasientjournalforskriften § 14 —, a research grant — helseforskningsloven § 33 —, an access
 * request the archivist handles): a revoked ground must not be served from memory.
 *
 * - at most `max` entries: the oldest goes first (it was pruned only above 1,000 entries, so
 *   memory grew with every distinct request until then and entries outlived their grants);
 * - an entry older than `ttlMs` is not used, and is dropped at the next call;
 * - an entry compiled before a change of a matter, a grant or an access request written by this
 *   process (`reachChanged`, called by the writers in lib/policy/store.ts, grant-store.ts and
 *   the archive's access-request mutations) is not used: the very next request, and the next
 *   subgraph call of the same request (the dossier's next owner), compiles afresh;
 * - a change written by another process (a second subgraph process, a replica, the CLI's
 *   `grant withdraw`, an operator's SQL) reaches this one by PostgreSQL NOTIFY: a trigger on the
 *   policy's tables (policy migration 008), the archive's access requests (archive migration
 *   025) and the journal's links and national ids (journal migration 025: whom a matter's named
 *   records and numbers reach) notifies `REACH_CHANNEL` at commit, and `listenForReachChanges` (started with every
 *   subgraph, lib/subgraph.ts) LISTENs on one connection of its own and drops every reach
 *   compiled before. Before this a closed matter or a grant reviewed NOT_JUSTIFIED in one
 *   process was served by another for up to `ttlMs` (task s34 residuals);
 * - while that connection is lost (server restart, the connection killed) a change may go
 *   unheard: the cache is not trusted, every call compiles afresh and nothing is kept, until
 *   LISTEN is back (retried after 1 s, then up to 30 s apart); everything compiled before is
 *   dropped then too.
 *
 * PGlite (the embedded default) is one connection in one process (lib/db.ts: no second
 * process opens its folder): its NOTIFY reaches this process's listener only, which is all
 * there is to reach; an operator's SQL through that process is heard like any write.
 */
import { DatabaseClosedError, type Db, type Listening } from '../db';
import { log } from '../log';

let generation = 0;

/** A matter, grant or access request changed: every reach compiled before is stale. */
export function reachChanged(): void {
  generation++;
}

/** The channel the policy's triggers notify (policy migration 008). */
export const REACH_CHANNEL = 'helsespor_reach_changed';

/** Listeners whose connection is lost now: while any is, no compiled reach is used or kept. */
let lostListeners = 0;

/** Whether compiled reaches may be used (false while a listen connection is lost). */
export function reachCacheTrusted(): boolean {
  return lostListeners === 0;
}

export interface ReachListener {
  /** Whether LISTEN is in place now. */
  readonly listening: boolean;
  stop(): Promise<void>;
}

interface Shared {
  users: number;
  listener: Promise<ReachListener>;
}
const perDb = new WeakMap<Db, Shared>();

/**
 * Listens for reach changes on `db` (one connection per database per process, however many
 * subgraphs share it, also when they start at once); `stop` when the last user stops. Resolves
 * once LISTEN is in place; if it cannot be, the cache is not trusted until it is (retried in the
 * background).
 */
export async function listenForReachChanges(
  db: Db,
  retry = { firstMs: 1_000, maxMs: 30_000 },
): Promise<ReachListener> {
  let s = perDb.get(db);
  if (!s) {
    s = { users: 0, listener: startListener(db, retry, () => perDb.delete(db)) };
    perDb.set(db, s);
  }
  s.users++;
  const shared = s;
  const listener = await shared.listener;
  let stopped = false;
  return {
    get listening() {
      return listener.listening;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (--shared.users === 0) await listener.stop();
    },
  };
}

async function startListener(
  db: Db,
  retry: { firstMs: number; maxMs: number },
  onStop: () => void,
): Promise<ReachListener> {
  let conn: Listening | null = null;
  let lost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let delay = retry.firstMs;
  const markLost = () => {
    if (lost) return;
    lost = true;
    lostListeners++;
    reachChanged();
  };
  const markBack = () => {
    if (!lost) return;
    lost = false;
    lostListeners--;
  };
  const connect = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    try {
      const c = await db.listen(
        REACH_CHANNEL,
        () => reachChanged(),
        (err) => {
          conn = null;
          if (stopped) return;
          log.warn(
            { err: err.message },
            'policy reach listener lost: compiled reaches not used until it is back',
          );
          markLost();
          schedule();
        },
      );
      if (stopped) {
        await c.close();
        return;
      }
      conn = c;
      // Changes made while no one listened are not known: everything compiled before is dropped.
      reachChanged();
      if (lost) log.info('policy reach listener back');
      markBack();
      delay = retry.firstMs;
    } catch (err) {
      if (err instanceof DatabaseClosedError) {
        // This process closed the database: nothing more is compiled from it, nothing to hear.
        markBack();
        return;
      }
      log.warn(
        { err: (err as Error).message },
        'policy reach listener could not listen: compiled reaches not used',
      );
      markLost();
      schedule();
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
    delay = Math.min(delay * 2, retry.maxMs);
  };
  await connect();
  return {
    get listening() {
      return conn !== null && !lost;
    },
    async stop() {
      stopped = true;
      onStop();
      if (timer) clearTimeout(timer);
      timer = null;
      markBack();
      const c = conn;
      conn = null;
      await c?.close();
    },
  };
}

interface Entry<T> {
  at: number;
  generation: number;
  value: T;
}

export class ReachCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    readonly max: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value for `key` while fresh (younger than the TTL, compiled after the last change); else undefined. */
  get(key: string): T | undefined {
    this.expire();
    if (!reachCacheTrusted()) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.generation !== generation) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: T): void {
    this.expire();
    if (!reachCacheTrusted()) return;
    // Re-inserted at the end: the map's order is the order of compilation, oldest first.
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), generation, value });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops `key` if it still holds `value` (a failed compilation is not kept). */
  delete(key: string, value: T): void {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }

  /** Drops the entries older than the TTL: the oldest are first, so this stops at the first fresh one. */
  private expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [k, e] of this.entries) {
      if (e.at > cutoff) break;
      this.entries.delete(k);
    }
  }
}
