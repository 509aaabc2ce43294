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
 *   subgraph call of the same request (the dossier's next owner), compiles afresh.
 *
 * A change written by another process (the CLI's `grant withdraw`, a subgraph run as its own
 * process) is not seen here before `ttlMs`: every gateway request has its own request id, so
 * a new request compiles afresh anyway, and such a change reaches at most the rest of a
 * request already under way, for at most `ttlMs`.
 */
let generation = 0;

/** A matter, grant or access request changed: every reach compiled before is stale. */
export function reachChanged(): void {
  generation++;
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
