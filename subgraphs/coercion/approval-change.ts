/**
 * A later decision changing a coercion decision's approval (stop 45, migration 021; stop 46: the API):
 * the barneverns- og helsenemnda (before 2023 the fylkesnemnda for barnevern og sosiale saker) on a
 * complaint against Statsforvalteren's decision, or a court reviewing the nemnda's (hol. § 9-11), or
 * Statsforvalteren reversing its own (forvaltningsloven § 35).
 *
 * - One code path: the GraphQL mutation `recordCoercionApprovalChange` (resolvers.ts; who may: lib/policy
 *   ACTIONS) and the CLI `coercion-approval-change` (cli.ts, a thin caller) both call
 *   `recordCheckedApprovalChange`; the input is validated with zod (`approvalChangeInput`), a reason is
 *   required (capped as every reason a caller writes, lib/free-text.ts).
 * - It binds from its own time, never back (verdict.ts stateAt): refused when not after the approval
 *   or review in force and the last change recorded, and when in the future; measures the decision
 *   does not list are refused.
 * - helsepersonelloven § 42: nothing is rewritten. A change is a new row in coercion.approval_change
 *   (insert-only: a trigger refuses an update or delete); the decision, its approval and review stay
 *   as they were.
 * - A source revision stored after a change (`laterSourceRevisions`): the change still applies. A
 *   supervisory body's decision stands until a new decision changes it (hol. § 9-11, fvl. § 35); a
 *   later export of the source system is the municipality's record of its own decision, not a new
 *   decision of the body, so it cannot undo the body's. The verdicts after the change keep judging by
 *   it (stateAt reviews the decision as stored now). What the revision changed was not before the
 *   body: the change is flagged for an archivist (`CoercionApprovalChange.laterSourceRevisions`,
 *   `coercionApprovalChangeConflicts`, the dossier's detail), who has the body's letter checked
 *   against the revised decision and records a new change if the body decides again.
 */
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Db, Queryable } from '../../lib/db';
import { FREE_TEXT_MAX, requireTextWithin } from '../../lib/free-text';
import { isoTimeExists, isRealDate, osloIso, osloMidnight } from '../../lib/oslo-time';
import { measureKey } from './measure';
import {
  decisionsByIds,
  recordApprovalChange,
  type DecisionWithSources,
  type StoredApprovalChange,
  type StoredDecisionVersion,
} from './store';
import { REVIEW_OUTCOMES, type ReviewOutcome } from './verdict';

/** Who may decide a change of an approval: the bodies migration 021 admits. */
export const APPROVAL_CHANGE_BODIES = ['NEMNDA', 'COURT', 'STATSFORVALTEREN'] as const;

/** What the flag of a revision after a change says (the listing's `rule`, the dossier). */
export const REVISED_AFTER_CHANGE_RULE =
  'the source revised the decision after the change was recorded; the change still applies (a supervisory body’s decision stands until a new decision: hol. § 9-11, forvaltningsloven § 35), but what the revision changed was not before the body: check the revised decision against its letter';

/** The names of the input's fields as the caller gave them (the CLI's options, the mutation's fields). */
export interface InputNames {
  decidedBy: string;
  outcome: string;
  bindsFrom: string;
  reason: string;
  measures: string;
  validTo: string;
}

export const GRAPHQL_NAMES: InputNames = {
  decidedBy: 'decidedBy',
  outcome: 'outcome',
  bindsFrom: 'bindsFrom',
  reason: 'reason',
  measures: 'measures',
  validTo: 'validTo',
};

/** `bindsFrom`: a date (Oslo midnight) or an ISO 8601 time with offset that happened (review s39), as an ISO instant; null otherwise. */
export function instantOf(at: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return isRealDate(at) ? osloMidnight(at).toISOString() : null;
  return !isoTimeExists(at) || !/[+-]\d{2}:\d{2}$|Z$/.test(at) ? null : new Date(at).toISOString();
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** The decision id as the write reads it (trimmed): one schema for the lookup and the write. */
const decisionIdSchema = z.string().trim().min(1, 'give one decision id');

/**
 * The decision a raw `decisionId` names, as `recordCheckedApprovalChange` will write it (trimmed), or
 * null when it names none: a caller that looks the decision up before (the mutation's role check,
 * whose refusal is logged under its person) finds the one written (review s46, FX1).
 */
export function approvalDecisionId(raw: unknown): string | null {
  const r = decisionIdSchema.safeParse(raw);
  return r.success ? r.data : null;
}

/** The input, validated: each message names the field as the caller named it. */
export function approvalChangeInput(n: InputNames) {
  return z
    .object({
      decisionId: decisionIdSchema,
      decidedBy: z.enum(APPROVAL_CHANGE_BODIES, {
        error: `${n.decidedBy} must be one of ${APPROVAL_CHANGE_BODIES.join(', ')}`,
      }),
      outcome: z.enum(REVIEW_OUTCOMES as [ReviewOutcome, ...ReviewOutcome[]], {
        error: `${n.outcome} must be one of ${REVIEW_OUTCOMES.join(', ')}`,
      }),
      bindsFrom: z.string({
        error: `${n.bindsFrom} must be a date YYYY-MM-DD or an ISO 8601 time with offset`,
      }),
      reason: z
        .string({ error: `${n.reason} is required: why the approval was changed` })
        .refine((r) => r.trim() !== '', `${n.reason} is required: why the approval was changed`),
      measures: z.array(z.string(), { error: `${n.measures} must be a list of measures` }).nullish(),
      validTo: z.string({ error: `${n.validTo} must be a date YYYY-MM-DD` }).nullish(),
    })
    .strict();
}

export interface RecordedApprovalChange {
  decision: DecisionWithSources;
  change: StoredApprovalChange;
}

/**
 * Checks a change of an approval against the decision as stored and records it (a new row; the
 * decision is locked while it is checked, so two changes recorded at once are checked in turn).
 * Throws BAD_USER_INPUT naming what is wrong, NOT_FOUND for an unknown decision; stores nothing then.
 *
 * `onDecision`: the caller's check of the decision (pasientjournalforskriften § 14 with
 * pasientjournalloven § 22: the mutation's policy check and the read logged under the person), run
 * on the decision as locked, before it is checked: the decision checked and logged is exactly the one
 * written. The resolver looked the raw id up itself, and `" TVD-200214"` (which the zod schema trims)
 * found nothing there: no check, no log row, the change stored (review s46, FX1). A throw stores nothing.
 * It is given the transaction (`tx`) and reads whatever it needs through it, never through the
 * caller's pool: on the embedded database (PGlite) a query outside the open transaction waits for
 * the lock the transaction holds and never finishes (fix FX8: the person of a migrated decision under
 * an H-nummer, looked up per source system, locked up `npm start`).
 */
export async function recordCheckedApprovalChange(
  db: Db,
  raw: unknown,
  recordedBy: string,
  n: InputNames = GRAPHQL_NAMES,
  onDecision?: (decision: DecisionWithSources, tx: Queryable) => Promise<void>,
): Promise<RecordedApprovalChange> {
  const parsed = approvalChangeInput(n).safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues.map((i) => i.message).join('; '));
  const input = parsed.data;
  requireTextWithin({ [n.reason]: input.reason }, FREE_TEXT_MAX);
  const id = input.decisionId;
  const at = input.bindsFrom;
  const when = instantOf(at);
  if (!when) throw badInput(`${n.bindsFrom} must be a date YYYY-MM-DD or an ISO 8601 time with offset`);
  // Each measure in its one form (measure.ts measureKey; stop 45), as the decision stores it.
  const list = input.measures ? [...new Set(input.measures.map(measureKey).filter(Boolean))] : undefined;
  if (input.outcome === 'APPROVED_IN_PART' && !list?.length)
    throw badInput(`APPROVED_IN_PART needs ${n.measures} (the measures approved)`);
  if (input.outcome === 'SHORTENED' && !(input.validTo && isRealDate(input.validTo)))
    throw badInput(`SHORTENED needs ${n.validTo} YYYY-MM-DD (the last day approved)`);
  if (input.validTo && !isRealDate(input.validTo)) throw badInput(`${n.validTo} must be a date YYYY-MM-DD`);
  return db.transaction(async (tx) => {
    const locked = await tx.query('SELECT 1 FROM coercion.decision WHERE id = $1 FOR UPDATE', [id]);
    if (!locked.rowCount)
      throw new GraphQLError(`no coercion decision ${id}`, { extensions: { code: 'NOT_FOUND' } });
    const [decision] = await decisionsByIds(tx, [id]);
    if (onDecision) await onDecision(decision!, tx);
    // A change of an approval comes after it: after the review or approval in force, and after the
    // last change recorded (each binds from its own time, never back: hol. § 9-11, fvl. § 35).
    const inForce = decision!.reviewed_at ?? decision!.approved_at ?? null;
    const last = decision!.approval_changes?.at(-1);
    const after =
      last && (!inForce || Date.parse(last.binds_from) > inForce.getTime())
        ? new Date(last.binds_from)
        : inForce;
    if (!after)
      throw badInput(
        `${id} has no approval or review to change: record Statsforvalteren's review with coercion-review (hol. § 9-8)`,
      );
    if (Date.parse(when) <= after.getTime())
      throw badInput(
        `${n.bindsFrom} ${at} is not after ${osloIso(after)}, the ${last ? 'last change recorded' : 'approval or review in force'}: a change binds from its own time, never back`,
      );
    if (Date.parse(when) > Date.now()) throw badInput(`${n.bindsFrom} ${at} is in the future`);
    const unknown = (list ?? []).filter((m) => !decision!.measures.includes(m));
    if (unknown.length)
      throw badInput(`${n.measures}: ${id} does not authorise ${unknown.map((m) => `"${m}"`).join(', ')}`);
    const change = await recordApprovalChange(
      tx,
      {
        decisionId: id,
        decidedBy: input.decidedBy,
        bindsFrom: when,
        outcome: input.outcome,
        measures: input.outcome === 'APPROVED_IN_PART' ? list : null,
        validTo: input.outcome === 'SHORTENED' ? input.validTo : null,
        reason: input.reason.trim(),
      },
      recordedBy,
    );
    return { decision: decision!, change };
  });
}

/** A version of a decision a source export stored after a change of its approval was recorded. */
export interface LaterSourceRevision {
  /** Its number in CoercionDecision.history's counting (1 the first stored, the current one last). */
  version: number;
  /** When it was stored (ISO 8601, Oslo offset). */
  storedAt: string;
  /** Why the version before it was replaced, as kept (record_version.reason). */
  reason: string | null;
}

/**
 * The versions of `d` an import stored after `c` was recorded that changed what the decision says
 * (record_version: a kept version's `replaced_at` is when the next was stored; only the decision's
 * own rows, store.ts DECISION_VERSIONS). What it says: its legal basis, measures, period and the
 * source's approval date, what the body decided on and judging reads; an export that corrects only
 * who decided or the wording of the grounds (or merges the other system's record of the same values)
 * keeps a version too and is no revision of that. A version written by a user or a command (a review
 * recorded, a migration) is no source revision. Both times are `clock_timestamp()` (coercion migration
 * 023; review s46, FX1): as `now()`, the transaction's start, an import begun before the change and
 * let go by the decision's lock after it committed kept a `replaced_at` before `recorded_at`, unflagged.
 */
export function laterSourceRevisions(d: DecisionWithSources, c: StoredApprovalChange): LaterSourceRevision[] {
  const recordedAt = Date.parse(c.recorded_at);
  const vs = d.versions ?? [];
  return vs.flatMap((v, i) =>
    v.replaced_by === 'import' && Date.parse(v.replaced_at) > recordedAt && !saysTheSame(v, vs[i + 1] ?? d)
      ? [{ version: i + 2, storedAt: osloIso(new Date(v.replaced_at)), reason: v.reason ?? null }]
      : [],
  );
}

type Says = Pick<StoredDecisionVersion, 'legal_basis' | 'measures' | 'valid_from' | 'valid_to'> & {
  approved_at: string | Date | null;
};

/** Whether two versions of a decision say the same: legal basis, measures, period, the source's approval. */
function saysTheSame(a: Says, b: Says): boolean {
  const day = (x: string | null) => (x == null ? null : String(x).slice(0, 10));
  const at = (x: string | Date | null) => (x == null ? null : new Date(x).getTime());
  return (
    a.legal_basis === b.legal_basis &&
    JSON.stringify([...(a.measures ?? [])].sort()) === JSON.stringify([...(b.measures ?? [])].sort()) &&
    day(a.valid_from) === day(b.valid_from) &&
    day(a.valid_to) === day(b.valid_to) &&
    at(a.approved_at) === at(b.approved_at)
  );
}
