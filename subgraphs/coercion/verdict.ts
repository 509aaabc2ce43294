/**
 * The verdict on one execution of a coercive measure (helse- og omsorgstjenesteloven
 * kap. 9, pasient- og brukerrettighetsloven kap. 4A). Pure: no database, no clock.
 *
 * - VALID: a decision that authorises that very measure was valid on the execution's
 *   local (Europe/Oslo) start date and, for hol-9-5b / hol-9-5c, Statsforvalteren had
 *   approved it at or before the start.
 * - NOT_YET_APPROVED: such a decision was valid, but (b/c) not yet approved at the start.
 * - EMERGENCY_A: no such decision, and the execution was recorded and reported as a
 *   § 9-5 a emergency (skadeavvergende tiltak i nødsituasjon).
 * - NO_VALID_DECISION: none of the above.
 *
 * The decision a source recorded is a claim: it is preferred when it holds, otherwise
 * the decision valid at that moment is used and the reason says the claim failed.
 * Dates without time (Gerica's approval dates) are local midnight: an approval dated a
 * day counts from the start of that day.
 */
import { osloDate, osloIso } from './oslo-time';

export type Verdict = 'VALID' | 'NOT_YET_APPROVED' | 'EMERGENCY_A' | 'NO_VALID_DECISION';
export const VERDICTS: readonly Verdict[] = ['VALID', 'NOT_YET_APPROVED', 'EMERGENCY_A', 'NO_VALID_DECISION'];

export interface DecisionForVerdict {
  id: string;
  legalBasis: string;
  measures: readonly string[];
  validFrom: string;
  validTo: string | null;
  approvedAt: Date | null;
  /** Every id the sources know this decision by (its own id, HP id, Gerica VedtakID). */
  aliases: readonly string[];
}

export interface ExecutionForVerdict {
  measure: string;
  start: Date;
  /** The decision id the source recorded, as written (null: none chosen). */
  recordedDecisionId: string | null;
  /** Recorded and reported as a § 9-5 a emergency. */
  emergencyReported: boolean;
}

export interface VerdictResult {
  verdict: Verdict;
  decisionId: string | null;
  reason: string;
}

const NEEDS_APPROVAL = new Set(['hol-9-5b', 'hol-9-5c']);

export function needsApproval(legalBasis: string): boolean {
  return NEEDS_APPROVAL.has(legalBasis);
}

function period(d: DecisionForVerdict): string {
  return `${d.validFrom}–${d.validTo ?? 'open'}`;
}

function validOn(d: DecisionForVerdict, date: string): boolean {
  return d.validFrom <= date && (d.validTo === null || date <= d.validTo);
}

function approvedBy(d: DecisionForVerdict, start: Date): boolean {
  return !needsApproval(d.legalBasis) || (d.approvedAt !== null && d.approvedAt.getTime() <= start.getTime());
}

/** Why the recorded claim does not hold, or null if it does. */
function claimProblem(claim: DecisionForVerdict | undefined, claimId: string, e: ExecutionForVerdict, date: string): string | null {
  if (!claim) return `the recorded decision ${claimId} is not known`;
  if (!claim.measures.includes(e.measure)) return `the recorded decision ${claim.id} does not authorise "${e.measure}"`;
  if (!validOn(claim, date)) return `the recorded decision ${claim.id} was not valid on ${date} (valid ${period(claim)})`;
  return null;
}

/**
 * `decisions`: all decisions of the patient (any order). Index them once with
 * `indexDecisions` when judging many executions.
 */
export function judge(e: ExecutionForVerdict, decisions: DecisionIndex): VerdictResult {
  const date = osloDate(e.start);
  const claim = e.recordedDecisionId ? decisions.byAlias.get(e.recordedDecisionId) : undefined;
  const problem = e.recordedDecisionId ? claimProblem(claim, e.recordedDecisionId, e, date) : null;
  const candidates = (decisions.byMeasure.get(e.measure) ?? []).filter((d) => validOn(d, date));
  const approved = candidates.filter((d) => approvedBy(d, e.start));
  const prefer = (list: DecisionForVerdict[]) =>
    (claim && list.includes(claim)) ? claim : list[list.length - 1]; // list is sorted by validFrom: latest valid one
  const claimNote = problem ? `; ${problem}` : '';
  if (approved.length) {
    const d = prefer(approved)!;
    const approval = needsApproval(d.legalBasis)
      ? `, approved by Statsforvalteren ${osloIso(d.approvedAt!)}`
      : `, ${d.legalBasis} needs no approval by Statsforvalteren`;
    return {
      verdict: 'VALID', decisionId: d.id,
      reason: `decision ${d.id} (${d.legalBasis}, valid ${period(d)}) authorises "${e.measure}" on ${date}${approval}${claimNote}`,
    };
  }
  if (candidates.length) {
    const d = prefer(candidates)!;
    const when = d.approvedAt ? `only on ${osloIso(d.approvedAt)}` : 'not (no approval registered)';
    return {
      verdict: 'NOT_YET_APPROVED', decisionId: d.id,
      reason: `decision ${d.id} (${d.legalBasis}, valid ${period(d)}) authorises "${e.measure}" on ${date}, but Statsforvalteren approved it ${when}, after the start ${osloIso(e.start)}${claimNote}`,
    };
  }
  const none = `no decision authorising "${e.measure}" was valid on ${date}`;
  if (e.emergencyReported) {
    return { verdict: 'EMERGENCY_A', decisionId: null, reason: `${none}; recorded and reported as a § 9-5 a emergency measure${claimNote}` };
  }
  return { verdict: 'NO_VALID_DECISION', decisionId: null, reason: `${none}, and it was not reported as a § 9-5 a emergency${claimNote}` };
}

export interface DecisionIndex {
  byAlias: Map<string, DecisionForVerdict>;
  /** measure → decisions authorising it, sorted by validFrom then id. */
  byMeasure: Map<string, DecisionForVerdict[]>;
}

export function indexDecisions(decisions: readonly DecisionForVerdict[]): DecisionIndex {
  const byAlias = new Map<string, DecisionForVerdict>();
  const byMeasure = new Map<string, DecisionForVerdict[]>();
  const sorted = [...decisions].sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.id.localeCompare(b.id));
  for (const d of sorted) {
    byAlias.set(d.id, d);
    for (const a of d.aliases) byAlias.set(a, d);
    for (const m of d.measures) {
      let list = byMeasure.get(m);
      if (!list) byMeasure.set(m, (list = []));
      list.push(d);
    }
  }
  return { byAlias, byMeasure };
}

/** True duration in whole minutes between two instants (across midnight and DST changes). */
export function durationMinutes(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 60_000);
}
