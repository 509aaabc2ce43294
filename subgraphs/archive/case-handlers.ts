/**
 * The case handlers the archive knows (archive.case_handler, migrations 022 and 023), registered
 * and retired by hand: pasientjournalloven § 22 with helsepersonelloven § 21a (the reach of
 * purpose ACCESS_REQUEST follows the saksansvarlig, so an access request is handed over only to
 * someone who handles access requests now; access-request.ts handOverAccessRequest).
 *
 * - Register: a user id (the token subject they sign in with) becomes a known case handler before
 *   their first sign-in, with who registered them and why. A retired one is reinstated the same way.
 * - Retire: who, when, by whom and why are kept; the row is never deleted (a trigger refuses it).
 *   A retired handler gets no new handovers (a clear error naming the retirement) and stays
 *   named in the history of the cases they handled (nothing there changes), also when they sign
 *   in again (archive.note_case_handler leaves a known row as it is).
 *
 * Each registration and retirement is an event (archive.case_handler_event: who, when, why) and
 * the row it changed is kept in archive.record_version; the log names the user ids only.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../lib/db';
import { log } from '../../lib/log';

export class CaseHandlerError extends Error {}

export interface CaseHandlerRow {
  user_id: string;
  known_from: string;
  known_since: Date;
  registered_by: string | null;
  registered_reason: string | null;
  retired_at: Date | null;
  retired_by: string | null;
  retired_reason: string | null;
}

/** A reason is a sentence someone can read later: 5 characters or more, no control characters, at most 1,000. */
function checkReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 5) throw new CaseHandlerError('a reason is needed (5 characters or more)');
  if (r.length > 1000) throw new CaseHandlerError('the reason is over 1,000 characters');
  if (/\p{Cc}/u.test(r)) throw new CaseHandlerError('the reason contains control characters');
  return r;
}

/** A user id as a handover names it (the rules of access-request.ts HandOverInput's saksansvarlig). */
const UserId = z
  .string()
  .trim()
  .min(1, 'name the case handler (their user id, the subject of the token they sign in with)')
  .max(256, 'at most 256 characters')
  .refine((v) => !/\p{Cc}/u.test(v), 'contains control characters');

function checkUserId(userId: string): string {
  const p = UserId.safeParse(userId);
  if (!p.success) throw new CaseHandlerError(`user id: ${p.error.issues[0]!.message}`);
  return p.data;
}

const ROW = `user_id, known_from, known_since, registered_by, registered_reason, retired_at, retired_by, retired_reason`;

async function event(tx: Queryable, userId: string, kind: string, by: string, reason: string) {
  await tx.query(
    'INSERT INTO archive.case_handler_event (user_id, event, by, reason) VALUES ($1, $2, $3, $4)',
    [userId, kind, by, reason],
  );
}

/**
 * Registers a case handler by hand (before their first sign-in), or reinstates a retired one.
 * A handler known and not retired is refused (nothing to do), with nothing changed.
 */
export async function registerCaseHandler(
  db: Db,
  userIdIn: string,
  reasonIn: string,
  by: string,
): Promise<{ row: CaseHandlerRow; reinstated: boolean }> {
  const userId = checkUserId(userIdIn);
  const reason = checkReason(reasonIn);
  const out = await db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
      [by, `case handler registered: ${reason}`],
    );
    const known = (
      await tx.query<CaseHandlerRow>(
        `SELECT ${ROW} FROM archive.case_handler WHERE user_id = $1 FOR UPDATE`,
        [userId],
      )
    ).rows[0];
    if (known && !known.retired_at)
      throw new CaseHandlerError(
        `${userId} is already a known case handler (since ${known.known_since.toISOString()}, ${known.known_from})`,
      );
    const row = known
      ? (
          await tx.query<CaseHandlerRow>(
            `UPDATE archive.case_handler SET retired_at = NULL, retired_by = NULL, retired_reason = NULL,
                    registered_by = $2, registered_reason = $3
              WHERE user_id = $1 RETURNING ${ROW}`,
            [userId, by, reason],
          )
        ).rows[0]!
      : (
          await tx.query<CaseHandlerRow>(
            `INSERT INTO archive.case_handler (user_id, known_from, registered_by, registered_reason)
             VALUES ($1, 'registered', $2, $3) RETURNING ${ROW}`,
            [userId, by, reason],
          )
        ).rows[0]!;
    await event(tx, userId, known ? 'reinstated' : 'registered', by, reason);
    return { row, reinstated: !!known };
  });
  log.info({ caseHandler: userId, by, reinstated: out.reinstated }, 'case handler registered');
  return out;
}

/**
 * Retires a known case handler: kept, with who retired them, when and why; no new handovers to
 * them. An unknown user id, and one already retired, are refused with nothing changed.
 */
export async function retireCaseHandler(
  db: Db,
  userIdIn: string,
  reasonIn: string,
  by: string,
  at = new Date(),
): Promise<CaseHandlerRow> {
  const userId = checkUserId(userIdIn);
  const reason = checkReason(reasonIn);
  const row = await db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
      [by, `case handler retired: ${reason}`],
    );
    const known = (
      await tx.query<CaseHandlerRow>(
        `SELECT ${ROW} FROM archive.case_handler WHERE user_id = $1 FOR UPDATE`,
        [userId],
      )
    ).rows[0];
    if (!known) throw new CaseHandlerError(`${userId} is not a known case handler: nothing to retire`);
    if (known.retired_at)
      throw new CaseHandlerError(
        `${userId} was retired already (${known.retired_at.toISOString()} by ${known.retired_by})`,
      );
    const r = (
      await tx.query<CaseHandlerRow>(
        `UPDATE archive.case_handler SET retired_at = $2, retired_by = $3, retired_reason = $4
          WHERE user_id = $1 RETURNING ${ROW}`,
        [userId, at, by, reason],
      )
    ).rows[0]!;
    await event(tx, userId, 'retired', by, reason);
    return r;
  });
  // Who, by whom: never the reason's words (they may name a person's circumstances).
  log.info({ caseHandler: userId, by }, 'case handler retired');
  return row;
}

/** The case handlers (retired ones too with `all`), by user id. */
export async function listCaseHandlers(db: Db, all: boolean): Promise<CaseHandlerRow[]> {
  return (
    await db.query<CaseHandlerRow>(
      `SELECT ${ROW} FROM archive.case_handler WHERE $1 OR retired_at IS NULL ORDER BY user_id`,
      [all],
    )
  ).rows;
}

/** Why a handover to this user id is refused, or null when they are a case handler now. */
export async function handoverRefusal(tx: Queryable, userId: string): Promise<string | null> {
  const h = (
    await tx.query<{ retired_at: Date | null; retired_by: string | null }>(
      'SELECT retired_at, retired_by FROM archive.case_handler WHERE user_id = $1',
      [userId],
    )
  ).rows[0];
  if (!h)
    return `${userId} is not a known case handler: a request is handed over to a user who is or was saksansvarlig of an access request, or has signed in with an archivist token on purpose ACCESS_REQUEST (their user id, the token's subject), or was registered (npm run cli -- case-handler register)`;
  if (h.retired_at)
    return `${userId} is a retired case handler (retired ${h.retired_at.toISOString()} by ${h.retired_by}): a request is handed over only to a case handler who is not retired`;
  return null;
}
