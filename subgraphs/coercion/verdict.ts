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
import { osloDate, osloIso } from '../../lib/oslo-time';

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
  readonly verdict: Verdict;
  readonly decisionId: string | null;
  readonly reason: string;
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
function claimProblem(
  claim: DecisionForVerdict | undefined,
  claimId: string,
  e: ExecutionForVerdict,
  date: string,
): string | null {
  if (!claim) return `the recorded decision ${claimId} is not known`;
  if (!claim.measures.includes(e.measure))
    return `the recorded decision ${claim.id} does not authorise "${e.measure}"`;
  if (!validOn(claim, date))
    return `the recorded decision ${claim.id} was not valid on ${date} (valid ${period(claim)})`;
  return null;
}

/**
 * `decisions`: all decisions of the patient (any order). Index them once with
 * `indexDecisions` when judging many executions.
 */
/** A verdict; its reason (text for people) is built only when read: a report over 27,000 executions does not need it. */
class Judgement implements VerdictResult {
  private text: string | undefined;
  constructor(
    readonly verdict: Verdict,
    private readonly decision: DecisionForVerdict | undefined,
    private readonly e: ExecutionForVerdict,
    private readonly date: string,
    private readonly claim: DecisionForVerdict | undefined,
  ) {}

  get decisionId(): string | null {
    return this.decision?.id ?? null;
  }

  get reason(): string {
    return (this.text ??= this.explain());
  }

  private explain(): string {
    const { e, date, decision: d } = this;
    const problem = e.recordedDecisionId ? claimProblem(this.claim, e.recordedDecisionId, e, date) : null;
    const claimNote = problem ? `; ${problem}` : '';
    if (this.verdict === 'VALID') {
      const approval = needsApproval(d!.legalBasis)
        ? `, approved by Statsforvalteren ${osloIso(d!.approvedAt!)}`
        : `, ${d!.legalBasis} needs no approval by Statsforvalteren`;
      return `decision ${d!.id} (${d!.legalBasis}, valid ${period(d!)}) authorises "${e.measure}" on ${date}${approval}${claimNote}`;
    }
    if (this.verdict === 'NOT_YET_APPROVED') {
      const when = d!.approvedAt ? `only on ${osloIso(d!.approvedAt)}` : 'not (no approval registered)';
      return `decision ${d!.id} (${d!.legalBasis}, valid ${period(d!)}) authorises "${e.measure}" on ${date}, but Statsforvalteren approved it ${when}, after the start ${osloIso(e.start)}${claimNote}`;
    }
    const none = `no decision authorising "${e.measure}" was valid on ${date}`;
    if (this.verdict === 'EMERGENCY_A')
      return `${none}; recorded and reported as a § 9-5 a emergency measure${claimNote}`;
    return `${none}, and it was not reported as a § 9-5 a emergency${claimNote}`;
  }
}

/**
 * Of the decisions that qualify, the recorded one if it is among them, otherwise the one
 * that became valid last (the list is sorted by validFrom).
 */
function prefer(
  list: DecisionForVerdict[],
  claim: DecisionForVerdict | undefined,
): DecisionForVerdict | undefined {
  return claim && list.includes(claim) ? claim : list[list.length - 1];
}

export function judge(e: ExecutionForVerdict, decisions: DecisionIndex): VerdictResult {
  const date = osloDate(e.start);
  const claim = e.recordedDecisionId ? decisions.byAlias.get(e.recordedDecisionId) : undefined;
  const candidates: DecisionForVerdict[] = [];
  const approved: DecisionForVerdict[] = [];
  for (const d of decisions.byMeasure.get(e.measure) ?? []) {
    if (!validOn(d, date)) continue;
    candidates.push(d);
    if (approvedBy(d, e.start)) approved.push(d);
  }
  if (approved.length) return new Judgement('VALID', prefer(approved, claim), e, date, claim);
  if (candidates.length) return new Judgement('NOT_YET_APPROVED', prefer(candidates, claim), e, date, claim);
  return new Judgement(e.emergencyReported ? 'EMERGENCY_A' : 'NO_VALID_DECISION', undefined, e, date, claim);
}

export interface DecisionIndex {
  byAlias: Map<string, DecisionForVerdict>;
  /** measure → decisions authorising it, sorted by validFrom then id. */
  byMeasure: Map<string, DecisionForVerdict[]>;
}

export function indexDecisions(decisions: readonly DecisionForVerdict[]): DecisionIndex {
  const byAlias = new Map<string, DecisionForVerdict>();
  const byMeasure = new Map<string, DecisionForVerdict[]>();
  const sorted = [...decisions].sort(
    (a, b) => a.validFrom.localeCompare(b.validFrom) || a.id.localeCompare(b.id),
  );
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
