import { createHash } from 'node:crypto';
import { AUDIT_OWNER } from './audit-db';
import type { Queryable } from './db';

/**
 * The access log's hash chain, checked from outside the database (pasientjournalloven § 22,
 * pasientjournalforskriften § 14: the log must be complete and not changed afterwards).
 * The trigger in lib/migrations/003_audit_owner_chain.sql writes it; this file recomputes it
 * in TypeScript, so a replaced trigger function or a rewritten row does not check itself.
 */

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRow {
  id: number;
  seq: number;
  /** logged_at as microseconds since 1970-01-01 UTC, in decimal. */
  logged_us: string;
  request_id: string;
  user_id: string;
  role: string;
  purpose: string;
  matter: string | null;
  organisation: string | null;
  self_authorized: boolean;
  subgraph: string;
  patient_id: string;
  entity_type: string;
  entity_ids: (string | null)[];
  outcome: string;
  rule: string | null;
  prev_hash: string;
  hash: string;
}

const field = (v: string | null | undefined): string =>
  v === null || v === undefined ? 'N' : `${Buffer.byteLength(v, 'utf8')}:${v}`;

/** The row's hash, exactly as audit.row_hash computes it. */
export function rowHash(r: ChainRow): string {
  const ids = r.entity_ids ?? [];
  const parts = [
    'helsespor-audit-v1',
    field(r.prev_hash),
    field(String(r.id)),
    field(String(r.seq)),
    field(r.logged_us),
    field(r.request_id),
    field(r.user_id),
    field(r.role),
    field(r.purpose),
    field(r.matter),
    field(r.organisation),
    field(r.self_authorized ? 't' : 'f'),
    field(r.subgraph),
    field(r.patient_id),
    field(r.entity_type),
    field(String(ids.length)),
    ids.map(field).join('|'),
    field(r.outcome),
    field(r.rule),
  ];
  return createHash('sha256').update(parts.join('|'), 'utf8').digest('hex');
}

export type ChainProblemKind = 'missing' | 'out-of-order' | 'edited' | 'truncated' | 'anchor' | 'structure';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The chain position where the problem shows (null for structure problems). */
  seq: number | null;
  /** The row's id, when there is a row. */
  id: number | null;
  message: string;
}

export interface ChainReport {
  /** Rows checked (up to the first problem). */
  rows: number;
  /** The last good row: remember it (`--anchor seq:hash`) to detect a later rewrite of the whole chain. */
  head: { seq: number; hash: string };
  /** The first problem found, or null when the chain is whole. */
  problem: ChainProblem | null;
}

const EXPECTED_TRIGGERS = ['access_log_append_only', 'access_log_chain', 'access_log_no_truncate'];

/** Owner and triggers as the migrations left them; a problem otherwise. */
async function structureProblem(db: Queryable): Promise<ChainProblem | null> {
  const owner = (
    await db.query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'audit' AND tablename = 'access_log'`,
    )
  ).rows[0]?.owner;
  if (!owner)
    return { kind: 'structure', seq: null, id: null, message: 'there is no table audit.access_log' };
  if (owner !== AUDIT_OWNER)
    return {
      kind: 'structure',
      seq: null,
      id: null,
      message: `audit.access_log is owned by ${owner}, not ${AUDIT_OWNER}`,
    };
  const triggers = (
    await db.query<{ name: string; enabled: string }>(
      `SELECT tgname AS name, tgenabled::text AS enabled FROM pg_trigger
        WHERE tgrelid = 'audit.access_log'::regclass AND NOT tgisinternal`,
    )
  ).rows;
  for (const name of EXPECTED_TRIGGERS) {
    const t = triggers.find((x) => x.name === name);
    if (!t) return { kind: 'structure', seq: null, id: null, message: `trigger ${name} is missing` };
    if (t.enabled === 'D')
      return { kind: 'structure', seq: null, id: null, message: `trigger ${name} is disabled` };
  }
  return null;
}

/**
 * Walks the chain in seq order and returns the first missing, moved or changed row. `anchor`
 * is a head recorded earlier (e.g. printed by a previous run and kept outside the database):
 * the row at that seq must still have that hash.
 */
export async function verifyAuditChain(
  db: Queryable,
  opts: { anchor?: { seq: number; hash: string }; batchSize?: number } = {},
): Promise<ChainReport> {
  const batchSize = opts.batchSize ?? 5000;
  const structure = await structureProblem(db);
  let prev = GENESIS_HASH;
  let expected = 1;
  let rows = 0;
  let anchorSeen = false;
  const report = (problem: ChainProblem | null): ChainReport => ({
    rows,
    head: { seq: expected - 1, hash: prev },
    problem,
  });
  for (;;) {
    const batch = (
      await db.query<ChainRow>(
        `SELECT id, seq, (extract(epoch FROM logged_at) * 1000000)::bigint::text AS logged_us,
                request_id, user_id, role, purpose, matter, organisation, self_authorized, subgraph,
                patient_id, entity_type, entity_ids, outcome, rule, prev_hash, hash
           FROM audit.access_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expected, batchSize],
      )
    ).rows;
    for (const r of batch) {
      const seq = Number(r.seq);
      const id = Number(r.id);
      if (seq !== expected)
        return report({
          kind: 'missing',
          seq: expected,
          id: null,
          message:
            seq === expected + 1
              ? `row seq ${expected} is missing (the next row is seq ${seq}, id ${id})`
              : `rows seq ${expected}–${seq - 1} are missing (the next row is seq ${seq}, id ${id})`,
        });
      if (r.prev_hash !== prev)
        return report({
          kind: 'out-of-order',
          seq,
          id,
          message: `row seq ${seq} (id ${id}) does not follow row seq ${seq - 1}: its prev_hash is not that row's hash (a row was moved, removed or put in)`,
        });
      if (rowHash({ ...r, id, seq }) !== r.hash)
        return report({
          kind: 'edited',
          seq,
          id,
          message: `row seq ${seq} (id ${id}) was changed after it was written: its content does not match its hash`,
        });
      if (opts.anchor && opts.anchor.seq === seq) {
        anchorSeen = true;
        if (opts.anchor.hash !== r.hash)
          return report({
            kind: 'anchor',
            seq,
            id,
            message: `row seq ${seq} (id ${id}) has hash ${r.hash}, not the recorded ${opts.anchor.hash}: the chain was rewritten`,
          });
      }
      prev = r.hash;
      expected = seq + 1;
      rows++;
    }
    if (batch.length < batchSize) break;
  }
  // Every row of the log is in the chain: the walk reads seq 1, 2, …, so a row put in with a
  // seq below 1 (by whoever can switch the triggers off) was never read and the log was
  // reported whole (review s32). The trigger numbers every row from 1.
  const outside = (
    await db.query<{ id: string; seq: string }>(
      'SELECT id, seq FROM audit.access_log WHERE seq < 1 ORDER BY seq, id LIMIT 1',
    )
  ).rows[0];
  if (outside)
    return report({
      kind: 'out-of-order',
      seq: Number(outside.seq),
      id: Number(outside.id),
      message: `row id ${outside.id} has seq ${outside.seq}, outside the chain (it is numbered from 1): a row was put in`,
    });
  const head = (
    await db.query<{ last_seq: number; last_hash: string }>(
      'SELECT last_seq, last_hash FROM audit.chain_head WHERE id = 1',
    )
  ).rows[0];
  if (head && Number(head.last_seq) > expected - 1)
    return report({
      kind: 'truncated',
      seq: expected,
      id: null,
      message: `rows seq ${expected}–${head.last_seq} are missing at the end (the chain head says seq ${head.last_seq})`,
    });
  if (head && (Number(head.last_seq) !== expected - 1 || head.last_hash !== prev))
    return report({
      kind: 'truncated',
      seq: expected - 1,
      id: null,
      message: `the chain head (seq ${head.last_seq}) does not match the last row (seq ${expected - 1})`,
    });
  if (opts.anchor && !anchorSeen)
    return report({
      kind: 'anchor',
      seq: opts.anchor.seq,
      id: null,
      message: `the recorded row seq ${opts.anchor.seq} is not in the chain`,
    });
  return report(structure);
}
