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
 * Refused (BAD_USER_INPUT unless said): the same record twice, two measures, two persons (records the
 * journal does not link as one), a `counted` that is neither, two records of one system with no
 * `counted`, an unknown record (NOT_FOUND); a record already in a marking in force, either side
 * (CONFLICT). Undo of a record in no marking in force: CONFLICT.
 */
import { GraphQLError } from 'graphql';
import type { Db, Queryable } from '../../lib/db';
import { osloIso } from '../../lib/oslo-time';
import { FREE_TEXT_MAX, requireTextWithin } from '../../lib/free-text';

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
       m.undone_at, m.undo_reason, x.source_system AS execution_system, c.source_system AS counted_system
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

/** The markings in force naming these executions, either side. */
export async function sameExecutionsOf(db: Queryable, ids: readonly string[]): Promise<SameExecutionRow[]> {
  if (!ids.length) return [];
  return (
    await db.query<SameExecutionRow>(
      `${SELECT} WHERE m.undone_at IS NULL AND (m.execution_id = ANY($1::text[]) OR m.counted_id = ANY($1::text[]))
        ORDER BY m.id`,
      [ids],
    )
  ).rows;
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
