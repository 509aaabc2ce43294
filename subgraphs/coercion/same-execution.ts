/**
 * Two records of one execution (review s44, case 3): the same execution registered in Gerica and in
 * Helseplattformen around the change of systems (the last Gerica day was 11.11.2022), minutes apart,
 * or twice in one system. The report names such pairs (evaluate.ts possibleDuplicates); the person
 * responsible for the record (journalansvarlig, helsepersonelloven § 39 andre ledd; ACTIONS
 * markSameCoercionExecution, purpose RECORD_CORRECTION, as the journal's corrections) records that
 * two are one, with a reason, naming which counts: Helseplattformen's record unless the marking
 * names the other (the system in use since the change; both from one system: the marking must say).
 *
 * - hol. § 9-7: each execution is documented, once; a marked record is not counted in the report's
 *   totals and findings, coercionStatistics, the dossier (one item with both sources) or research
 *   (ResearchSubject, the extract: lib/policy/extract.ts COUNTED_EXECUTION), and its pair is no possible duplicate; it shows
 *   the counted record's verdict, saying so (evaluate.ts CountedAs; stop 45).
 * - helsepersonelloven § 42: nothing is deleted; both records stay (the other is shown as "the same
 *   execution as …", `CoercionExecution.sameExecutionAs` / `alsoRecordedAs`), the marking is recorded
 *   with who, when and why (coercion.same_execution, migration 018) and is undone the same way, the
 *   row kept.
 *
 * - hol. § 9-7 with helsepersonelloven § 42: **a marking counts only while its two records are one
 *   person's** (samePersons: the journal's links as they are when the marking is read, the same
 *   test the marking was made under). The records were one person's when it was made (two persons
 *   are refused); if an archivist later unlinks the two patient records as two persons (journal
 *   `unlinkPatients`), the marking is not in force: both records are counted again in the report,
 *   coercionStatistics and the dossier, as each person's own execution, and each record shows the
 *   marking as not in force, with the reason (`CoercionExecution.sameExecutionNotInForce`;
 *   `sameExecutionAs` and `alsoRecordedAs` name markings in force only). Nothing is written: the
 *   marking is kept as made (never undone by the unlink, a correction of another room's record),
 *   and is in force again if the records are linked again. Before (review s45), the unlink left
 *   it in force and one person's execution uncounted, in their report and the statistics.
 *
 * Refused (BAD_USER_INPUT unless said): the same record twice, two measures, two persons (records the
 * journal does not link as one), a `counted` that is neither, two records of one system with no
 * `counted`, an unknown record (NOT_FOUND); a record already in a marking in force, either side
 * (CONFLICT), and a record in a marking not in force that was never undone (CONFLICT: undo it
 * first). Undo of a record in no marking: CONFLICT.
 */
import { GraphQLError } from 'graphql';
import type { Db, Queryable } from '../../lib/db';
import { osloIso } from '../../lib/oslo-time';
import { FREE_TEXT_MAX, requireTextWithin } from '../../lib/free-text';
import { parseNationalId } from '../../lib/national-id';
import { expandPersons } from '../../lib/policy/store';
import { helpNumberKey, helpNumberKeys, helpNumberPatients } from '../journal/help-numbers';

/** Why a marking never undone is not in force (samePersons): shown with it, and in the docs. */
export const NOT_ONE_PERSON_RULE =
  'not in force: its two records are no longer one person’s (the patient records were unlinked after the marking), so each is counted as its own person’s execution (hol. § 9-7 with helsepersonelloven § 42)';

/** A coercion row as the person test reads it: its national id or H-number, and its source. */
export interface PersonRow {
  patient_nid: string;
  source_system: string;
  sources?: { system: string }[];
}

/**
 * The H-number key of a coercion record (its source's record of the number), or null for a national
 * id, and for an H-number of a record migrated between two systems (it names no one here).
 */
export function rowHelpKey(row: PersonRow): string | null {
  const info = parseNationalId(row.patient_nid);
  if ('error' in info || info.kind !== 'h-nummer') return null;
  if (row.sources?.some((s) => s.system !== row.source_system)) return null;
  return helpNumberKey(row.source_system, row.patient_nid);
}

/**
 * Whether each pair of coercion records is one person's as the journal links them now: `b`'s key
 * (its national id, or its H-number key) is one of the keys of `a`'s person (a's national id and
 * those of every record linked to it; for an H-number, its source's record, the records linked to
 * it, their national ids and H-number keys). The test a marking is made under and, read each time,
 * whether it is in force. Without the journal's tables (a subgraph on its own), a pair of two keys
 * is no one person's.
 */
export async function samePersons(
  db: Queryable,
  pairs: readonly (readonly [PersonRow, PersonRow])[],
): Promise<boolean[]> {
  // Both ways: the keys of a national id's person hold national ids only, those of an H-number's
  // person its H-number keys and the linked records' national ids as well, so an HP record under an
  // H-number and a Gerica record under the national id of the same person were one person from the
  // H-number's side only, and a marking read as (copy, counted) the other way round was never in
  // force (found in review s45).
  const one = await samePersonsOneWay(db, pairs);
  const back = pairs.flatMap(([a, b], i) => (one[i] ? [] : [[i, [b, a] as const] as const]));
  if (!back.length) return one;
  const other = await samePersonsOneWay(
    db,
    back.map(([, p]) => p),
  );
  back.forEach(([i], n) => {
    if (other[n]) one[i] = true;
  });
  return one;
}

async function samePersonsOneWay(
  db: Queryable,
  pairs: readonly (readonly [PersonRow, PersonRow])[],
): Promise<boolean[]> {
  const keyOf = (r: PersonRow) => rowHelpKey(r) ?? r.patient_nid;
  const open = pairs.map(([a, b]) => keyOf(a) !== keyOf(b));
  if (!open.some(Boolean)) return pairs.map(() => true);
  const firsts = pairs.filter((_, i) => open[i]).map(([a]) => a);
  const helpKeys = [...new Set(firsts.map(rowHelpKey).filter((k): k is string => !!k))];
  const helpRecords = new Map(
    (await helpNumberPatients(db, helpKeys)).map((ids, i) => [helpKeys[i]!, ids] as const),
  );
  const seeds = firsts.map((a, group) => {
    const k = rowHelpKey(a);
    return k
      ? { group, patientIds: helpRecords.get(k) ?? [], nationalIds: [] }
      : { group, patientIds: [], nationalIds: [a.patient_nid] };
  });
  const persons = await expandPersons(db, seeds);
  const keys = await Promise.all(
    firsts.map(async (a, group) => {
      const k = rowHelpKey(a);
      const p = persons.get(group);
      if (!k) return new Set([a.patient_nid, ...(p?.nationalIds ?? [])]);
      if (!seeds[group]!.patientIds.length) return new Set([k]);
      return new Set([
        k,
        ...(p?.nationalIds ?? []),
        ...(await helpNumberKeys(db, [...(p?.patientIds ?? [])])),
      ]);
    }),
  );
  let n = 0;
  return pairs.map(([, b], i) => (open[i] ? keys[n++]!.has(keyOf(b)) : true));
}

/**
 * Rows read with store.ts SAME_AS, with `same_as` cleared where the marking is not in force (its two
 * records no longer one person's: samePersons): such a record is counted (hol. § 9-7). One query for
 * the counted records, and the person test, only when some row names a marking.
 */
export async function sameAsInForce<T extends PersonRow & { same_as?: string | null }>(
  db: Queryable,
  rows: T[],
): Promise<T[]> {
  const marked = rows.filter((r) => r.same_as);
  if (!marked.length) return rows;
  const counted = new Map(
    (
      await db.query<PersonRow & { id: string }>(
        'SELECT id, patient_nid, source_system FROM coercion.execution WHERE id = ANY($1::text[])',
        [[...new Set(marked.map((r) => r.same_as!))]],
      )
    ).rows.map((r) => [r.id, r] as const),
  );
  const pairs = marked.flatMap((r) => {
    const c = counted.get(r.same_as!);
    return c ? [[r, c] as const] : [];
  });
  const same = await samePersons(db, pairs);
  pairs.forEach(([r], i) => {
    if (!same[i]) r.same_as = null;
  });
  return rows;
}

export interface SameExecutionRow {
  id: string;
  execution_id: string;
  counted_id: string;
  marked_by: string;
  marked_at: Date;
  reason: string;
  undone_by: string | null;
  undone_at: Date | null;
  undo_reason: string | null;
  execution_system: string;
  counted_system: string;
  execution_nid: string;
  counted_nid: string;
  /** Whether the marking counts: not undone, and its two records one person's now (samePersons). */
  in_force: boolean;
  /** Why not, when it is not in force and was never undone (NOT_ONE_PERSON_RULE); else null. */
  not_in_force_reason: string | null;
}

/** The other record of a marking, as one of the pair shows it. */
export interface SameExecutionLink {
  executionId: string;
  sourceSystem: string;
  sourceId: string;
  start: string;
  end: string;
  markedBy: string;
  markedAt: string;
  reason: string;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const conflict = (message: string) => new GraphQLError(message, { extensions: { code: 'CONFLICT' } });

const SELECT = `SELECT m.id::text AS id, m.execution_id, m.counted_id, m.marked_by, m.marked_at, m.reason, m.undone_by,
       m.undone_at, m.undo_reason, x.source_system AS execution_system, c.source_system AS counted_system,
       x.patient_nid AS execution_nid, c.patient_nid AS counted_nid, m.undone_at IS NULL AS in_force,
       NULL::text AS not_in_force_reason
  FROM coercion.same_execution m
  JOIN coercion.execution x ON x.id = m.execution_id
  JOIN coercion.execution c ON c.id = m.counted_id`;

interface Pair {
  id: string;
  patient_nid: string;
  source_system: string;
  measure: string;
}

/**
 * Records `a` and `b` as one execution, `counted` (or Helseplattformen's) counting. `samePerson`
 * says whether two rows are one person's (the journal's links: resolvers.ts personKeysOf).
 */
export async function markSameExecution(
  db: Db,
  args: { a: string; b: string; counted?: string | null; reason: string },
  userId: string,
  samePerson: (a: Pair, b: Pair) => Promise<boolean>,
): Promise<SameExecutionRow> {
  const { a, b } = args;
  if (!args.reason.trim()) throw badInput('reason is required');
  // Capped as every other reason a caller writes (lib/free-text.ts): uncapped, one request stored
  // 900 KB, quoted back in the conflict error of every later marking of either record (review s45).
  requireTextWithin({ reason: args.reason }, FREE_TEXT_MAX);
  if (a === b) throw badInput(`${a} is the same execution record twice: name two records`);
  if (args.counted != null && args.counted !== a && args.counted !== b)
    throw badInput(`counted must be ${a} or ${b}`);
  return db.transaction(async (tx) => {
    // The rows' locks first: two markings of one record at once wait for each other.
    const rows = (
      await tx.query<Pair>(
        `SELECT id, patient_nid, source_system, measure FROM coercion.execution
          WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [[a, b]],
      )
    ).rows;
    const ra = rows.find((r) => r.id === a);
    const rb = rows.find((r) => r.id === b);
    for (const [id, r] of [
      [a, ra],
      [b, rb],
    ] as const)
      if (!r)
        throw new GraphQLError(`coercion execution ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
    if (ra!.measure !== rb!.measure)
      throw badInput(
        `${a} and ${b} record different measures ("${ra!.measure}", "${rb!.measure}"): not one execution (hol. § 9-7)`,
      );
    if (!(await samePerson(ra!, rb!)))
      throw badInput(
        `${a} and ${b} are executions of different persons: not one execution (link the patient records first if they are one person)`,
      );
    const counted =
      args.counted ??
      (ra!.source_system === rb!.source_system
        ? null
        : ra!.source_system === 'HELSEPLATTFORMEN'
          ? a
          : rb!.source_system === 'HELSEPLATTFORMEN'
            ? b
            : null);
    if (!counted)
      throw badInput(
        ra!.source_system === rb!.source_system
          ? `${a} and ${b} are both from ${ra!.source_system}: say which counts (counted)`
          : `neither ${a} nor ${b} is from HELSEPLATTFORMEN: say which counts (counted)`,
      );
    const other = counted === a ? b : a;
    const existing = (
      await tx.query<SameExecutionRow>(
        `${SELECT} WHERE m.undone_at IS NULL AND (m.execution_id = ANY($1::text[]) OR m.counted_id = ANY($1::text[]))
          ORDER BY m.id`,
        [[a, b]],
      )
    ).rows;
    for (const id of [a, b]) {
      const m = existing.find((x) => x.execution_id === id || x.counted_id === id);
      if (m) {
        const mate = m.execution_id === id ? m.counted_id : m.execution_id;
        throw conflict(
          `${id} is already recorded as the same execution as ${mate} (by ${m.marked_by} ${osloIso(m.marked_at)}: ${m.reason}); undo that first (undoSameCoercionExecution)`,
        );
      }
    }
    const { id } = (
      await tx.query<{ id: string }>(
        `INSERT INTO coercion.same_execution (execution_id, counted_id, marked_by, reason)
         VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
        [other, counted, userId, args.reason],
      )
    ).rows[0]!;
    return (await tx.query<SameExecutionRow>(`${SELECT} WHERE m.id = $1`, [id])).rows[0]!;
  });
}

/** Undoes the marking in force that names `executionId` (either side), recorded; the row stays. */
export async function undoSameExecution(
  db: Db,
  executionId: string,
  reason: string,
  userId: string,
): Promise<SameExecutionRow> {
  if (!reason.trim()) throw badInput('reason is required');
  requireTextWithin({ reason }, FREE_TEXT_MAX);
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: string; execution_id: string; counted_id: string }>(
      `UPDATE coercion.same_execution SET undone_at = now(), undone_by = $2, undo_reason = $3
        WHERE undone_at IS NULL AND (execution_id = $1 OR counted_id = $1)
        RETURNING id::text AS id, execution_id, counted_id`,
      [executionId, userId, reason],
    );
    const row = r.rows[0];
    if (!row) {
      const known = await tx.query('SELECT 1 FROM coercion.execution WHERE id = $1', [executionId]);
      if (!known.rowCount)
        throw new GraphQLError(`coercion execution ${executionId} not found`, {
          extensions: { code: 'NOT_FOUND' },
        });
      throw conflict(`${executionId} is not recorded as the same execution as another`);
    }
    return (await tx.query<SameExecutionRow>(`${SELECT} WHERE m.id = $1`, [row.id])).rows[0]!;
  });
}

/**
 * The markings never undone naming these executions, either side, each with whether it is in force
 * (`in_force`, `not_in_force_reason`: samePersons).
 */
export async function sameExecutionsOf(db: Queryable, ids: readonly string[]): Promise<SameExecutionRow[]> {
  if (!ids.length) return [];
  const rows = (
    await db.query<SameExecutionRow>(
      `${SELECT} WHERE m.undone_at IS NULL AND (m.execution_id = ANY($1::text[]) OR m.counted_id = ANY($1::text[]))
        ORDER BY m.id`,
      [ids],
    )
  ).rows;
  return withInForce(db, rows);
}

/** Sets `in_force` and `not_in_force_reason` of markings never undone by samePersons. */
async function withInForce(db: Queryable, rows: SameExecutionRow[]): Promise<SameExecutionRow[]> {
  const open = rows.filter((m) => !m.undone_at);
  const same = await samePersons(
    db,
    open.map((m) => [
      { patient_nid: m.execution_nid, source_system: m.execution_system },
      { patient_nid: m.counted_nid, source_system: m.counted_system },
    ]),
  );
  open.forEach((m, i) => {
    m.in_force = same[i]!;
    m.not_in_force_reason = same[i] ? null : NOT_ONE_PERSON_RULE;
  });
  return rows;
}

/** The other record of each marking naming `id`, as `id` shows it. */
export async function linksOf(
  db: Queryable,
  marks: readonly SameExecutionRow[],
  id: string,
  side: 'execution' | 'counted',
): Promise<SameExecutionLink[]> {
  const mine = marks.filter((m) => (side === 'execution' ? m.execution_id : m.counted_id) === id);
  if (!mine.length) return [];
  const others = mine.map((m) => (side === 'execution' ? m.counted_id : m.execution_id));
  const rows = (
    await db.query<{ id: string; source_system: string; source_id: string; start_at: Date; end_at: Date }>(
      'SELECT id, source_system, source_id, start_at, end_at FROM coercion.execution WHERE id = ANY($1::text[])',
      [others],
    )
  ).rows;
  return mine.flatMap((m) => {
    const o = rows.find((r) => r.id === (side === 'execution' ? m.counted_id : m.execution_id));
    return o
      ? [
          {
            executionId: o.id,
            sourceSystem: o.source_system,
            sourceId: o.source_id,
            start: osloIso(o.start_at),
            end: osloIso(o.end_at),
            markedBy: m.marked_by,
            markedAt: osloIso(m.marked_at),
            reason: m.reason,
          },
        ]
      : [];
  });
}
