/**
 * Earlier versions of coercion decisions and executions (CoercionDecision.history,
 * CoercionExecution.history; review s41): the rows coercion.record_version keeps of them
 * (migration 011: every update, whatever path makes it, in the same transaction), shown as the
 * record's own typed fields, never the kept row (it holds the person's national id, the source
 * file and bookkeeping the types do not show).
 *
 * Rules and their sources:
 * - Nothing lost (pasientjournalloven § 22 integritet; helse- og omsorgstjenesteloven § 9-7: a
 *   decision, and each execution, is documented as it was): a legal user documenting coercion over
 *   years (DOMAIN.md case 3) sees that a decision's period or measures, or an execution's times,
 *   were changed by a later export, when and what they said before.
 * - A record is its source system and source id (README, Import; migration 016): a kept row of
 *   another source's record under the same id (the defect migration 016 repaired) is that
 *   record's history, not this one's; and a row of another person (an execution moved between
 *   persons before review s41) is that person's record (pasientjournalloven § 22), never shown
 *   as an earlier version of this one. The versions are numbered over the rows that are this
 *   record's, so that every caller numbers a version alike.
 * - Access and the access log are the resolvers' (resolvers.ts decisionHistory,
 *   executionHistory): the record's own rule, each version dated by its own period or start.
 */
import { osloIso } from '../../lib/oslo-time';
import { approvedByStatsforvalterAt } from './evaluate';
import type { DecisionRow, DecisionWithSources, ExecutionRow, KeptVersionRow } from './store';
import { durationMinutes, reachLastDay, reviewingOffice } from './verdict';

/** The record keys its kept rows may be under: its id, and the ids migration 016 moved a record between. */
export function versionKeys(r: { id: string; source_system: string; source_id: string }): string[] {
  return [...new Set([r.id, r.source_id, `${r.source_system}:${r.source_id}`])];
}

/** What the kept rows of a record say about who replaced it, when and why, with its number. */
export interface KeptVersion<R> {
  version: number;
  replacedAt: string;
  replacedBy: string;
  reason: string;
  /** The record as it was (a row of its table, read from the kept JSON). */
  row: R;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const instant = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const texts = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;

/** This record's kept rows (its source system, source id and person), oldest first and numbered. */
function own<R>(
  rows: readonly KeptVersionRow[],
  r: { patient_nid: string; source_system: string; source_id: string },
  read: (record: Record<string, unknown>) => R,
): KeptVersion<R>[] {
  return [...new Map(rows.map((k) => [k.id, k])).values()]
    .sort((a, b) => a.id - b.id)
    .filter(
      (k) =>
        k.record.source_system === r.source_system &&
        k.record.source_id === r.source_id &&
        k.record.patient_nid === r.patient_nid,
    )
    .map((k, i) => ({
      version: i + 1,
      replacedAt: osloIso(k.replaced_at),
      replacedBy: k.replaced_by,
      reason: k.reason,
      row: read(k.record),
    }));
}

/** A decision's kept rows as decision rows (with the decision's sources, for the approval's reading). */
export function decisionVersions(
  d: DecisionWithSources,
  rows: readonly KeptVersionRow[],
): KeptVersion<DecisionWithSources>[] {
  return own(rows, d, (x) => ({
    id: d.id,
    patient_nid: d.patient_nid,
    source_system: d.source_system,
    source_id: d.source_id,
    sources: d.sources,
    legal_basis: text(x.legal_basis) ?? '',
    measures: texts(x.measures) ?? [],
    valid_from: text(x.valid_from) ?? '',
    valid_to: text(x.valid_to),
    decided_at: instant(x.decided_at) ?? new Date(NaN),
    decided_by: text(x.decided_by),
    approved_at: instant(x.approved_at),
    justification: text(x.justification) ?? '',
    discrepancies: texts(x.discrepancies) ?? [],
    reviewed_at: instant(x.reviewed_at),
    review_outcome: text(x.review_outcome) as DecisionRow['review_outcome'],
    review_measures: texts(x.review_measures),
    review_valid_to: text(x.review_valid_to),
    review_note: text(x.review_note),
  }));
}

/** An execution's kept rows as execution rows. */
export function executionVersions(
  e: ExecutionRow,
  rows: readonly KeptVersionRow[],
): KeptVersion<ExecutionRow>[] {
  return own(rows, e, (x) => ({
    id: e.id,
    patient_nid: e.patient_nid,
    source_system: e.source_system,
    source_id: e.source_id,
    recorded_decision_id: text(x.recorded_decision_id),
    measure: text(x.measure) ?? '',
    start_at: instant(x.start_at) ?? new Date(NaN),
    end_at: instant(x.end_at) ?? new Date(NaN),
    executed_by: texts(x.executed_by) ?? [],
    description: text(x.description) ?? '',
    emergency_reported: typeof x.emergency_reported === 'boolean' ? x.emergency_reported : null,
    recorded_legal_basis: text(x.recorded_legal_basis),
    alternatives_tried: text(x.alternatives_tried),
    reported_at: instant(x.reported_at),
    time_notes: texts(x.time_notes) ?? [],
  }));
}

const iso = (d: Date | null): string | null => (d && !Number.isNaN(d.getTime()) ? osloIso(d) : null);

/** Statsforvalteren's review of a decision as CoercionDecision.review shows it (hol. § 9-8). */
export function reviewOf(d: DecisionRow) {
  const at = d.reviewed_at ?? d.approved_at;
  if (!at) return null;
  return {
    outcome: d.reviewed_at ? (d.review_outcome ?? 'APPROVED') : 'APPROVED',
    reviewedAt: osloIso(at),
    office: reviewingOffice(at),
    measures: d.reviewed_at ? (d.review_measures ?? null) : null,
    validTo: d.reviewed_at ? (d.review_valid_to ?? null) : null,
    note: d.reviewed_at ? (d.review_note ?? null) : null,
  };
}

/** A decision version as CoercionDecisionVersion. */
export function decisionVersionOut(v: KeptVersion<DecisionWithSources>) {
  const d = v.row;
  return {
    version: v.version,
    replacedAt: v.replacedAt,
    replacedBy: v.replacedBy,
    reason: v.reason,
    legalBasis: d.legal_basis || null,
    measures: d.measures,
    validFrom: d.valid_from || null,
    validTo: d.valid_to,
    // hol. § 9-7, pbrl. § 4A-5: the period the version belongs to, as resolvers.ts decisionPeriod
    // dates it for a caller's period (review s42 law: a bundle kept an open one in every window).
    periodEnd: d.valid_from ? reachLastDay(d.legal_basis, d.valid_from, d.valid_to) : d.valid_to,
    decidedAt: iso(d.decided_at),
    decidedBy: d.decided_by,
    approvedByStatsforvalterAt: iso(approvedByStatsforvalterAt(d)),
    review: reviewOf(d),
    justification: d.justification,
  };
}

/** An execution version as CoercionExecutionVersion. */
export function executionVersionOut(v: KeptVersion<ExecutionRow>) {
  const e = v.row;
  const known = !Number.isNaN(e.start_at.getTime()) && !Number.isNaN(e.end_at.getTime());
  return {
    version: v.version,
    replacedAt: v.replacedAt,
    replacedBy: v.replacedBy,
    reason: v.reason,
    measure: e.measure || null,
    start: iso(e.start_at),
    end: iso(e.end_at),
    durationMinutes: known ? durationMinutes(e.start_at, e.end_at) : null,
    executedByIds: e.executed_by,
    description: e.description,
    alternativesTried: e.alternatives_tried,
    reportedAt: iso(e.reported_at),
    recordedDecisionId: e.recorded_decision_id,
    recordedLegalBasis: e.recorded_legal_basis,
    emergencyReported: e.emergency_reported,
    timeNotes: e.time_notes,
  };
}
