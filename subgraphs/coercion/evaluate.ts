/**
 * Verdicts for a patient's executions and the report over them. Pure over rows the
 * store returned, so the same code serves the resolvers, the CLI and the benchmark.
 */
import { osloDate, osloIso } from '../../lib/oslo-time';
import type { DecisionWithSources, ExecutionFilter, ExecutionRow, StaffMember } from './store';
import { executionLegalBasis, LEGAL_BASIS_LABELS, measureKey } from './measure';
import {
  approvalPredates,
  decisionProblems,
  durationMinutes,
  emergencyPatterns,
  patternLookbackFrom,
  indexDecisions,
  judgeAll,
  lastValidDay,
  needsTwoStaff,
  reachLastDay,
  refusedAt,
  replacedApprovalFrom,
  unapprovedMeasures,
  withdrawnFrom,
  approvedPeriod,
  decisionLastValidDay,
  changedAway,
  changeBody,
  setAside,
  VERDICTS,
  type DecisionForVerdict,
  type DecisionVersion,
  type Verdict,
  type VerdictResult,
} from './verdict';

export interface EvaluatedExecution {
  row: ExecutionRow;
  verdict: Verdict;
  decisionId: string | null;
  /** The matched decision (null when none covers the execution). */
  decision: DecisionWithSources | null;
  /** Built on first read. */
  readonly reason: string;
  durationMinutes: number;
  /** Minutes after the matched decision's last valid day (partly outside it). */
  minutesOutside: number;
  lastValidDay: string | null;
  /** Distinct people among the recorded staff (one person under two numbers counts once). */
  staffPresent: number;
  /** hol. § 9-9: a b/c measure carried out with fewer than two staff recorded. */
  staffingShortfall: boolean;
}

class Evaluated implements EvaluatedExecution {
  readonly verdict: Verdict;
  readonly decisionId: string | null;
  readonly decision: DecisionWithSources | null;
  readonly minutesOutside: number;
  readonly lastValidDay: string | null;
  readonly staffingShortfall: boolean;
  constructor(
    readonly row: ExecutionRow,
    private readonly v: VerdictResult,
    readonly durationMinutes: number,
    byId: ReadonlyMap<string, DecisionWithSources>,
    readonly staffPresent: number,
  ) {
    this.verdict = v.verdict;
    this.decisionId = v.decisionId;
    this.decision = v.decisionId ? (byId.get(v.decisionId) ?? null) : null;
    this.minutesOutside = v.minutesOutside;
    this.lastValidDay = v.lastValidDay;
    this.staffingShortfall = !!this.decision && needsTwoStaff(this.decision.legal_basis) && staffPresent < 2;
  }

  get reason(): string {
    return this.v.reason;
  }
}

/** A time after every review: a decision's last valid day once every review binds (pbrl. kap. 4A: from the review on). */
export const FAR_FUTURE = new Date(8.64e15);

export function forVerdict(d: DecisionWithSources): DecisionForVerdict {
  return {
    id: d.id,
    legalBasis: d.legal_basis,
    measures: d.measures,
    validFrom: d.valid_from,
    validTo: d.valid_to,
    approvedAt: d.reviewed_at ?? d.approved_at,
    aliases: d.sources.map((s) => s.id),
    reviewOutcome: d.reviewed_at ? (d.review_outcome ?? null) : null,
    reviewMeasures: d.review_measures?.map(measureKey) ?? null,
    reviewValidTo: d.review_valid_to ?? null,
    decidedAt: d.decided_at,
    versions: versionsOf(d),
    // hol. § 9-11, forvaltningsloven § 35: later changes of the approval, each from its time (stop 45).
    changes: d.approval_changes?.length
      ? d.approval_changes.map((c) => ({
          by: c.decided_by,
          at: new Date(c.binds_from),
          outcome: c.outcome,
          measures: c.measures?.map(measureKey) ?? null,
          validTo: c.valid_to,
        }))
      : null,
  };
}

/**
 * Every stored version of the decision, oldest first, the row as stored now the last (verdict.ts
 * approvedVersion: what Statsforvalteren's approval covers, hol. § 9-8); null when never revised.
 * A version was stored when the one before it was replaced; the first's time is not kept.
 */
function versionsOf(d: DecisionWithSources): DecisionVersion[] | null {
  const old = d.versions;
  if (!old?.length) return null;
  const date = (x: string | null) => (x === null ? null : new Date(x));
  const out: DecisionVersion[] = old.map((v, i) => ({
    number: i + 1,
    storedAt: i === 0 ? null : new Date(old[i - 1]!.replaced_at),
    legalBasis: v.legal_basis,
    // A version kept before migration 020 may spell a measure otherwise: the same measure (measure.ts).
    measures: [...new Set((v.measures ?? []).map(measureKey))],
    validFrom: v.valid_from,
    validTo: v.valid_to ?? null,
    approvedAt: date(v.approved_at ?? null),
    reviewedAt: date(v.reviewed_at ?? null),
    reviewOutcome: v.review_outcome ?? null,
    reviewMeasures: v.review_measures?.map(measureKey) ?? null,
    reviewValidTo: v.review_valid_to ?? null,
  }));
  out.push({
    number: old.length + 1,
    storedAt: new Date(old[old.length - 1]!.replaced_at),
    legalBasis: d.legal_basis,
    measures: d.measures,
    validFrom: d.valid_from,
    validTo: d.valid_to,
    approvedAt: d.approved_at,
    reviewedAt: d.reviewed_at ?? null,
    reviewOutcome: d.review_outcome ?? null,
    reviewMeasures: d.review_measures?.map(measureKey) ?? null,
    reviewValidTo: d.review_valid_to ?? null,
  });
  return out;
}

/**
 * When Statsforvalteren (Fylkesmannen before 2021) approved the decision, wholly or in part (hol.
 * § 9-8): the review recorded with coercion-review when there is one, else the source's approval
 * date; null when there is none, when the review refused it, or when it is dated before the
 * decision was made (verdict.ts approvalPredates). `CoercionDecision.approvedByStatsforvalterAt`
 * and the report's timeline (its bars, pale until approved) both read it: the timeline read the
 * source's date alone, and drew an approval recorded from the letter as none and a refusal as an
 * approval (review s41).
 */
export function approvedByStatsforvalterAt(d: DecisionWithSources): Date | null {
  if (d.reviewed_at && d.review_outcome === 'REFUSED') return null;
  const at = d.reviewed_at ?? d.approved_at ?? null;
  return at && !approvalPredates(forVerdict(d)) ? at : null;
}

/** Distinct people among staff identifiers (`staff`: store.staffMembers; without it each id is a person). */
export function peopleCount(ids: readonly string[], staff: ReadonlyMap<string, StaffMember>): number {
  return new Set(ids.map((id) => staff.get(id)?.key ?? `id:${id}`)).size;
}

/**
 * hol. § 9-7 (each execution documented, and judged, once): the verdict of a record the
 * journalansvarlig recorded as the same execution as another (same-execution.ts) is the counted
 * record's, saying so. Stop 45: it kept a verdict of its own, so a list showed two verdicts (and a
 * phvl. § 4-8 decision could be used up by the copy) for one execution.
 */
class CountedAs implements VerdictResult {
  readonly verdict: Verdict;
  readonly decisionId: string | null;
  readonly lastValidDay: string | null;
  readonly minutesOutside: number;
  constructor(
    private readonly counted: ExecutionRow,
    private readonly v: VerdictResult,
  ) {
    this.verdict = v.verdict;
    this.decisionId = v.decisionId;
    this.lastValidDay = v.lastValidDay;
    this.minutesOutside = v.minutesOutside;
  }

  get reason(): string {
    return `recorded as the same execution as ${this.counted.id} (${this.counted.source_system}), the record counted, so judged as that record (hol. § 9-7: one execution, one verdict): ${this.v.reason}`;
  }
}

/**
 * `executions` oldest first (phvl. § 4-8: one use per decision is judged in that order).
 * `staff`: who each staff identifier is, for hol. § 9-9 (two people, not two numbers).
 * `partners`: the counted records of the marked ones among `executions` that are not among them
 * (store.ts countedPartners), judged to lend their verdict and not returned. A marked record whose
 * counted record is at hand is not judged itself: it takes that one's verdict (`CountedAs`).
 */
export function evaluate(
  executions: readonly ExecutionRow[],
  decisions: readonly DecisionWithSources[],
  staff: ReadonlyMap<string, StaffMember> = new Map(),
  partners: readonly ExecutionRow[] = [],
): EvaluatedExecution[] {
  const index = indexDecisions(decisions.map(forVerdict));
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const rows = new Map<string, ExecutionRow>(executions.map((r) => [r.id, r]));
  const extra = partners.filter((r) => !rows.has(r.id));
  for (const r of extra) rows.set(r.id, r);
  // One marking in force per record, either side (migration 018): a counted record is marked as no other's copy.
  const countedOf = (row: ExecutionRow) => {
    const c = row.same_as ? rows.get(row.same_as) : undefined;
    return c && !c.same_as ? c : undefined;
  };
  const judged = mergeExecutions(
    executions.filter((r) => !countedOf(r)),
    extra.filter((r) => !countedOf(r)),
  );
  const verdicts = judgeAll(
    judged.map((row) => ({
      measure: row.measure,
      start: row.start_at,
      end: row.end_at,
      recordedDecisionId: row.recorded_decision_id,
      emergencyReported: row.emergency_reported,
    })),
    index,
  );
  const verdictOf = new Map(judged.map((r, i) => [r.id, verdicts[i]!]));
  return executions.map((row) => {
    const counted = countedOf(row);
    const v = counted ? new CountedAs(counted, verdictOf.get(counted.id)!) : verdictOf.get(row.id)!;
    return new Evaluated(
      row,
      v,
      durationMinutes(row.start_at, row.end_at),
      byId,
      peopleCount(row.executed_by, staff),
    );
  });
}

/**
 * phvl. § 4-8 (verdict.ts `judgeAll`): a phvl-4-8 decision covers the first execution judged
 * under it, so whether an execution is that first use depends on the executions before it,
 * also those outside the period, measure or staff member asked. When the person has such a
 * decision and the filter leaves out executions that could have used it, the executions are
 * read with this wider filter (from the first phvl-4-8 decision's first day, every measure
 * and staff member, to the same end), judged, and then narrowed with `inFilter`; null when the
 * asked filter judges alike. Review s32: a matter starting after a decision's first use showed
 * the second use VALID.
 */
export function judgingFilter(
  f: ExecutionFilter,
  decisions: readonly Pick<DecisionWithSources, 'legal_basis' | 'valid_from'>[],
): ExecutionFilter | null {
  const firsts = decisions.filter((d) => d.legal_basis === 'phvl-4-8').map((d) => d.valid_from);
  if (!firsts.length) return null;
  const first = firsts.reduce((a, b) => (a < b ? a : b));
  const from = f.from && f.from > first ? first : (f.from ?? null);
  if (from === (f.from ?? null) && !f.measure && !f.executedBy) return null;
  return { from, to: f.to ?? null, measure: null, executedBy: null };
}

/**
 * What a report reads besides the period asked: the year before its start (verdict.ts
 * patternLookbackFrom), whose emergencies can make one in the period repeated (hol. § 9-5
 * tredje ledd b; task s33), up to the day before it; null when the period has no start. Only
 * the executions that can be emergencies are read there (store.ts emergencyCandidates with
 * `emergencyClaimIds`), outside the period's cap: a refusal counting that year told a legal
 * user how many executions the person had before their matter's period (review s34). The
 * report shows the period's (`inFilter` with the asked filter) and hands the earlier
 * emergencies to buildReport as `earlier`.
 */
export function lookBackFilter(f: ExecutionFilter): { from: string; to: string } | null {
  if (!f.from) return null;
  return { from: patternLookbackFrom(f.from), to: dayBefore(f.from) };
}

/** The calendar day before a `YYYY-MM-DD` date. */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * What `judgingFilter`'s wider read needs before the period, read apart from the period's
 * executions and outside its cap (review s34: counted under it, the refusal "more than N …
 * in the period" told a legal user of executions before their matter's period): the days from
 * the first phvl. § 4-8 decision to the day before the period, and the measures of those
 * decisions (only an execution of its measure can use one; verdict.ts judgeOne). Null when the
 * wider read starts with the period.
 */
export function phvlUsesBefore(
  f: ExecutionFilter,
  wider: ExecutionFilter,
  decisions: readonly Pick<DecisionWithSources, 'legal_basis' | 'measures'>[],
): { from: string | null; to: string; measures: string[] } | null {
  if (!f.from || (wider.from ?? null) === f.from) return null;
  const measures = [
    ...new Set(decisions.filter((d) => d.legal_basis === 'phvl-4-8').flatMap((d) => d.measures)),
  ];
  return { from: wider.from ?? null, to: dayBefore(f.from), measures };
}

/** The ids (and source ids) an execution may be recorded under to claim a § 9-5 a record (verdict.ts judgeOne: markedA). */
export function emergencyClaimIds(decisions: readonly DecisionWithSources[]): string[] {
  return decisions
    .filter((d) => d.legal_basis === 'hol-9-5a')
    .flatMap((d) => [d.id, ...d.sources.map((s) => s.id)]);
}

/**
 * The measures whose executions can decide the verdict of one of `measure`: itself, and every
 * measure of a phvl. § 4-8 decision that covers one of them (such a decision covers its first
 * use only, whichever of its measures used it; verdict.ts judgeAll), until none is added.
 */
export function phvlMeasureClosure(
  measure: string,
  decisions: readonly Pick<DecisionWithSources, 'legal_basis' | 'measures'>[],
): string[] {
  const out = new Set([measure]);
  const phvl = decisions.filter((d) => d.legal_basis === 'phvl-4-8');
  for (let grew = true; grew;) {
    grew = false;
    for (const d of phvl)
      if (d.measures.some((m) => out.has(m)))
        for (const m of d.measures)
          if (!out.has(m)) {
            out.add(m);
            grew = true;
          }
  }
  return [...out].sort();
}

/** Two reads of executions as one, each once, oldest first. */
export function mergeExecutions(a: readonly ExecutionRow[], b: readonly ExecutionRow[]): ExecutionRow[] {
  const seen = new Set(a.map((r) => r.id));
  return [...a, ...b.filter((r) => !seen.has(r.id))].sort(
    (x, y) => x.start_at.getTime() - y.start_at.getTime() || x.id.localeCompare(y.id),
  );
}

/** The EMERGENCY_A executions before the period `f` asks (buildReport's `earlier`). */
export function earlierEmergencies(
  evaluated: readonly EvaluatedExecution[],
  f: ExecutionFilter,
): EvaluatedExecution[] {
  const from = f.from;
  if (!from) return [];
  return evaluated.filter((e) => e.verdict === 'EMERGENCY_A' && osloDate(e.row.start_at) < from);
}

/** Whether an execution is one the filter asks for (as the store's SQL filter: Oslo dates of the start). */
export function inFilter(
  row: Pick<ExecutionRow, 'start_at' | 'measure' | 'executed_by'>,
  f: ExecutionFilter,
): boolean {
  const date = osloDate(row.start_at);
  if (f.from && date < f.from) return false;
  if (f.to && date > f.to) return false;
  if (f.measure && row.measure !== f.measure) return false;
  if (f.executedBy && !row.executed_by.some((id) => f.executedBy!.includes(id))) return false;
  return true;
}

export interface CoercionReportData {
  from: string | null;
  to: string | null;
  totals: {
    executions: number;
    totalMinutes: number;
    longestMinutes: number;
    staffParticipations: number;
    staffMinutes: number;
  };
  byVerdict: { verdict: Verdict; count: number; totalMinutes: number }[];
  byMeasure: {
    measure: string;
    count: number;
    totalMinutes: number;
    longestMinutes: number;
    /**
     * The same split by the legal basis each execution was carried out under (measure.ts
     * executionLegalBasis): hol. § 9-5 tredje ledd a (emergencies) apart from b/c (planned), then
     * pbrl. kap. 4A, phvl. § 4-8, and not stated (null) last. The rows add up to the measure's.
     */
    byLegalBasis: MeasureBasisTotal[];
  }[];
  byStaff: { staffId: string; staffIds: string[]; count: number; totalMinutes: number }[];
  byDecision: { decisionId: string | null; count: number; totalMinutes: number }[];
  /** Executions that ran past their decision's last valid day, with the minutes outside. */
  partlyOutside: {
    count: number;
    minutesOutside: number;
    executions: { executionId: string; decisionId: string; lastValidDay: string; minutesOutside: number }[];
  };
  /** hol. § 9-9: b/c executions with fewer than two staff recorded. */
  staffingShortfalls: {
    executionId: string;
    start: string;
    measure: string;
    decisionId: string;
    legalBasis: string;
    staffPresent: number;
    staffIds: string[];
  }[];
  /**
   * Repeated EMERGENCY_A of the same measure (verdict.ts EMERGENCY_PATTERN): a b-decision is
   * needed. The executions of the period; `beganBeforePeriod`: earlier ones (the year before
   * `from`, buildReport's `earlier`) made it a pattern and are not shown.
   */
  emergencyPatterns: {
    measure: string;
    count: number;
    totalMinutes: number;
    first: string;
    last: string;
    executionIds: string[];
    beganBeforePeriod: boolean;
  }[];
  /** Problems with the decisions themselves (one-year limit), one row each. */
  decisionProblems: { decisionId: string; problem: string }[];
  /** Pairs of executions of one measure whose times overlap: possibly one registered twice (`possibleDuplicates`). */
  possibleDuplicates: PossibleDuplicate[];
  /** Records of the period recorded as the same execution as another (not counted; same-execution.ts). */
  sameExecutions: { executionId: string; countedExecutionId: string }[];
  timeline: {
    decisions: {
      decisionId: string;
      legalBasis: string;
      measures: string[];
      validFrom: string;
      validTo: string | null;
      /** The last day it authorises as judged (one year at most, hol. § 9-7; a shortened end): the bar ends there. */
      lastValidDay: string | null;
      /** Why lastValidDay is not the decision's own end (verdict.ts `decisionLastValidDay`). */
      lastValidDayNote: string | null;
      /**
       * For the chart (not in the API): the day the bar runs to, the decision's own end as the
       * reviews left it (a refused or set-aside decision is drawn pale to it, saying so).
       */
      barLastDay: string | null;
      approvedByStatsforvalterAt: string | null;
      /**
       * For the chart (not in the API): a measure a replaced approval still covers, from that
       * approval's time (Oslo ISO) when earlier than the current one (hol. § 9-8; verdict.ts
       * `replacedApprovalFrom`).
       */
      approvedFromByMeasure?: Record<string, string>;
      /** For the chart (not in the API): measures the current approval does not approve (verdict.ts `unapprovedMeasures`). */
      unapprovedMeasures?: string[];
      /** For the chart (not in the API): when Statsforvalteren refused it (Oslo ISO; verdict.ts `refusedAt`). */
      refusedAt?: string;
      /**
       * For the chart (not in the API): a pbrl. kap. 4A decision's measures a review took away, from
       * its time (Oslo ISO; verdict.ts `withdrawnFrom`: it binds from the review on).
       */
      withdrawn?: { at: string; measures: string[]; by?: string };
      /** For the chart (not in the API): the period the approval covers when a revision widened it (verdict.ts `approvedPeriod`). */
      approvedPeriod?: { from: string; lastDay: string | null };
      /** For the chart (not in the API): the same for a measure of approvedFromByMeasure, with the days its replaced approvals cover (review s43). */
      approvedPeriodByMeasure?: Record<string, { from: string; lastDay: string | null }>;
    }[];
    executions: {
      executionId: string;
      start: string;
      measure: string;
      durationMinutes: number;
      verdict: Verdict;
      decisionId: string | null;
      minutesOutside: number;
      staffingShortfall: boolean;
    }[];
  };
}

/** One legal basis's executions of a measure (CoercionReportData.byMeasure.byLegalBasis). */
export interface MeasureBasisTotal {
  legalBasis: string | null;
  /** The provision and what it is for (measure.ts LEGAL_BASIS_LABELS); null: not stated. */
  statute: string | null;
  count: number;
  totalMinutes: number;
  longestMinutes: number;
}

const BASIS_ORDER = ['hol-9-5a', 'hol-9-5b', 'hol-9-5c', 'pbrl-4A', 'phvl-4-8'];
const basisRank = (b: string | null) =>
  b === null ? 99 : BASIS_ORDER.indexOf(b) < 0 ? 50 : BASIS_ORDER.indexOf(b);

/** Two executions that may be one registered twice (`possibleDuplicates`). */
export interface PossibleDuplicate {
  measure: string;
  executionIds: [string, string];
  sourceSystems: [string, string];
  /** Their starts (Oslo ISO), the earlier first. */
  starts: [string, string];
  /** Minutes both were going on. */
  minutesOverlap: number;
}

/**
 * Executions that may be one execution registered twice (hol. § 9-7: each execution is recorded as
 * it was carried out, once): two executions of the same measure for the person whose times overlap
 * (one started before the other ended). One measure is not carried out on one person twice at once;
 * two records of it are the same execution registered in Gerica and in Helseplattformen around the
 * change of systems (the last Gerica day was 11.11.2022: "slightly different times"), or twice in
 * one system. Both stay records and are counted; which one stands is for the person responsible
 * for the record to decide, so the report names the pair as a finding instead of counting one
 * silently (review s44: such a pair was two executions, twice the minutes and each staff member
 * twice, and nothing said so). `executions` oldest first or not; pairs in order of the earlier start.
 */
export function possibleDuplicates(executions: readonly EvaluatedExecution[]): PossibleDuplicate[] {
  const byMeasure = new Map<string, EvaluatedExecution[]>();
  for (const e of executions) {
    let list = byMeasure.get(e.row.measure);
    if (!list) byMeasure.set(e.row.measure, (list = []));
    list.push(e);
  }
  const out: { at: number; pair: PossibleDuplicate }[] = [];
  for (const [measure, list] of byMeasure) {
    const sorted = [...list].sort(
      (a, b) => a.row.start_at.getTime() - b.row.start_at.getTime() || a.row.id.localeCompare(b.row.id),
    );
    // The executions still going on at the start of the next one (few: a sweep over the starts).
    let active: EvaluatedExecution[] = [];
    for (const e of sorted) {
      const start = e.row.start_at.getTime();
      active = active.filter((a) => a.row.end_at.getTime() > start || a.row.start_at.getTime() === start);
      for (const a of active) {
        const overlap = Math.min(a.row.end_at.getTime(), e.row.end_at.getTime()) - start;
        out.push({
          at: a.row.start_at.getTime(),
          pair: {
            measure,
            executionIds: [a.row.id, e.row.id],
            sourceSystems: [a.row.source_system, e.row.source_system],
            starts: [osloIso(a.row.start_at), osloIso(e.row.start_at)],
            minutesOverlap: Math.max(0, Math.round(overlap / 60_000)),
          },
        });
      }
      active.push(e);
    }
  }
  return out
    .sort((a, b) => a.at - b.at || a.pair.executionIds[0].localeCompare(b.pair.executionIds[0]))
    .map((x) => x.pair);
}

/**
 * Decisions whose validity overlaps [from, to] (local dates, inclusive; null = unbounded). A
 * hol-9-5b/c or pbrl-4A decision without an end date runs one year at most (hol. § 9-7, pbrl.
 * § 4A-5; verdict.ts `reachLastDay`): it overlaps no period after that (review s42).
 */
export function decisionsInPeriod<
  D extends { legal_basis: string; valid_from: string; valid_to: string | null },
>(ds: readonly D[], from: string | null, to: string | null): D[] {
  return ds.filter((d) => {
    const last = reachLastDay(d.legal_basis, d.valid_from, d.valid_to);
    return (to === null || d.valid_from <= to) && (from === null || last === null || last >= from);
  });
}

/**
 * `executions` must already be limited to the period (the store does that in SQL).
 * `staff`: who each staff identifier is (store.staffMembers); without it every identifier
 * is its own person. `earlier`: executions before `from` (those of `lookBackFilter`'s year
 * before it), judged with the rest: they count for the emergency patterns only (hol. § 9-5
 * tredje ledd b, verdict.ts emergencyPatterns) and are not shown or counted anywhere else.
 * `usedEarlier`: given, gets the ids of those that made a shown pattern begin before the
 * period, for the access log (pasientjournalforskriften § 14; never in the report itself).
 */
export function buildReport(
  executions: readonly EvaluatedExecution[],
  decisions: readonly DecisionWithSources[],
  from: string | null,
  to: string | null,
  staff: ReadonlyMap<string, StaffMember> = new Map(),
  earlier: readonly EvaluatedExecution[] = [],
  usedEarlier?: Set<string>,
): CoercionReportData {
  const verdicts = new Map<Verdict, { count: number; totalMinutes: number }>(
    VERDICTS.map((v) => [v, { count: 0, totalMinutes: 0 }]),
  );
  const measures = new Map<
    string,
    {
      count: number;
      totalMinutes: number;
      longestMinutes: number;
      bases: Map<string | null, MeasureBasisTotal>;
    }
  >();
  const byPerson = new Map<
    string,
    { member: StaffMember; seen: Set<string>; count: number; totalMinutes: number }
  >();
  const byDecision = new Map<string | null, { count: number; totalMinutes: number }>();
  // hol. § 9-7: a record the journalansvarlig recorded as the same execution as another
  // (same-execution.ts, review s44) is not counted, in the totals or the findings; it stays on the
  // timeline and is named in sameExecutions.
  const all = executions;
  executions = all.filter((e) => !e.row.same_as);
  const totals = {
    executions: 0,
    totalMinutes: 0,
    longestMinutes: 0,
    staffParticipations: 0,
    staffMinutes: 0,
  };
  for (const e of executions) {
    const min = e.durationMinutes;
    totals.executions++;
    totals.totalMinutes += min;
    totals.longestMinutes = Math.max(totals.longestMinutes, min);
    const v = verdicts.get(e.verdict)!;
    v.count++;
    v.totalMinutes += min;
    let m = measures.get(e.row.measure);
    if (!m)
      measures.set(e.row.measure, (m = { count: 0, totalMinutes: 0, longestMinutes: 0, bases: new Map() }));
    m.count++;
    m.totalMinutes += min;
    m.longestMinutes = Math.max(m.longestMinutes, min);
    // hol. § 9-5 tredje ledd a vs b/c: by the legal basis it was carried out under (stop 45).
    const basis = executionLegalBasis(e);
    let b = m.bases.get(basis);
    if (!b)
      m.bases.set(
        basis,
        (b = {
          legalBasis: basis,
          statute: basis === null ? null : (LEGAL_BASIS_LABELS[basis] ?? basis),
          count: 0,
          totalMinutes: 0,
          longestMinutes: 0,
        }),
      );
    b.count++;
    b.totalMinutes += min;
    b.longestMinutes = Math.max(b.longestMinutes, min);
    // A person counts once per execution, whichever of their identifiers (or both) it names.
    const people = new Set<string>();
    for (const id of e.row.executed_by) {
      const member = staff.get(id) ?? { key: `id:${id}`, displayId: id, ids: [id] };
      let s = byPerson.get(member.key);
      if (!s) byPerson.set(member.key, (s = { member, seen: new Set(), count: 0, totalMinutes: 0 }));
      s.seen.add(id);
      if (people.has(member.key)) continue;
      people.add(member.key);
      s.count++;
      s.totalMinutes += min;
      totals.staffParticipations++;
      totals.staffMinutes += min;
    }
    let d = byDecision.get(e.decisionId);
    if (!d) byDecision.set(e.decisionId, (d = { count: 0, totalMinutes: 0 }));
    d.count++;
    d.totalMinutes += min;
  }
  const inPeriod = decisionsInPeriod(decisions, from, to);
  const outside = executions.filter((e) => e.minutesOutside > 0);
  const order = new Map(decisions.map((d, i) => [d.id, i]));
  let timeline: CoercionReportData['timeline'] | undefined;
  return {
    from,
    to,
    totals,
    byVerdict: VERDICTS.map((verdict) => ({ verdict, ...verdicts.get(verdict)! })),
    byMeasure: [...measures]
      .sort(([a], [b]) => a.localeCompare(b, 'nb'))
      .map(([measure, { bases, ...x }]) => ({
        measure,
        ...x,
        byLegalBasis: [...bases.values()].sort((a, b) => basisRank(a.legalBasis) - basisRank(b.legalBasis)),
      })),
    byStaff: [...byPerson.values()]
      .map((p) => ({
        staffId: p.member.displayId,
        staffIds: [...p.seen].sort(),
        count: p.count,
        totalMinutes: p.totalMinutes,
      }))
      .sort((a, b) => a.staffId.localeCompare(b.staffId)),
    byDecision: [...byDecision]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : (order.get(a) ?? 0) - (order.get(b) ?? 0)))
      .map(([decisionId, x]) => ({ decisionId, ...x })),
    partlyOutside: {
      count: outside.length,
      minutesOutside: outside.reduce((a, e) => a + e.minutesOutside, 0),
      executions: outside.map((e) => ({
        executionId: e.row.id,
        decisionId: e.decisionId!,
        lastValidDay: e.lastValidDay!,
        minutesOutside: e.minutesOutside,
      })),
    },
    staffingShortfalls: executions
      .filter((e) => e.staffingShortfall)
      .map((e) => ({
        executionId: e.row.id,
        start: osloIso(e.row.start_at),
        measure: e.row.measure,
        decisionId: e.decisionId!,
        legalBasis: e.decision!.legal_basis,
        staffPresent: e.staffPresent,
        staffIds: e.row.executed_by,
      })),
    emergencyPatterns: emergencyPatterns(
      [
        ...earlier
          .filter((e) => !e.row.same_as)
          .map((e) => ({
            id: e.row.id,
            measure: e.row.measure,
            start: e.row.start_at,
            verdict: e.verdict,
            durationMinutes: e.durationMinutes,
            beforePeriod: true,
          })),
        ...executions.map((e) => ({
          id: e.row.id,
          measure: e.row.measure,
          start: e.row.start_at,
          verdict: e.verdict,
          durationMinutes: e.durationMinutes,
        })),
      ],
      usedEarlier,
    ).map((p) => ({ ...p, first: osloIso(p.first), last: osloIso(p.last) })),
    decisionProblems: inPeriod.flatMap((d) =>
      decisionProblems(forVerdict(d)).map((problem) => ({ decisionId: d.id, problem })),
    ),
    possibleDuplicates: possibleDuplicates(executions),
    sameExecutions: all.flatMap((e) =>
      e.row.same_as ? [{ executionId: e.row.id, countedExecutionId: e.row.same_as }] : [],
    ),
    // Built on first read: 27,000 formatted start times are not needed for the totals.
    get timeline() {
      return (timeline ??= {
        decisions: inPeriod.map((d) => ({
          decisionId: d.id,
          legalBasis: d.legal_basis,
          measures: d.measures,
          validFrom: d.valid_from,
          validTo: d.valid_to,
          ...((j) => ({ lastValidDay: j.lastValidDay, lastValidDayNote: j.note }))(
            decisionLastValidDay(forVerdict(d)),
          ),
          // The bar runs to the decision's own end (pale where refused or set aside).
          barLastDay:
            setAside(forVerdict(d))?.outcome === 'SHORTENED'
              ? decisionLastValidDay(forVerdict(d)).lastValidDay
              : lastValidDay(forVerdict(d), FAR_FUTURE),
          approvedByStatsforvalterAt: ((a) => (a ? osloIso(a) : null))(approvedByStatsforvalterAt(d)),
          ...((from) =>
            from.size
              ? { approvedFromByMeasure: Object.fromEntries([...from].map(([m, at]) => [m, osloIso(at)])) }
              : {})(replacedApprovalFrom(forVerdict(d))),
          ...((ms) => (ms.length ? { unapprovedMeasures: ms } : {}))(unapprovedMeasures(forVerdict(d))),
          ...((at) => (at ? { refusedAt: osloIso(at) } : {}))(refusedAt(forVerdict(d))),
          // A later change of the approval taking measures away (hol. § 9-11, fvl. § 35; stop 45), else a
          // chapter 4A review that did (pbrl. §§ 4A-7, 4A-8).
          ...((c, w) =>
            c
              ? { withdrawn: { at: osloIso(c.at), measures: c.measures, by: changeBody(c.change).name } }
              : w
                ? { withdrawn: { at: osloIso(w.at), measures: w.measures } }
                : {})(changedAway(forVerdict(d)), withdrawnFrom(forVerdict(d))),
          ...((p) => (p ? { approvedPeriod: p } : {}))(approvedPeriod(forVerdict(d))),
          ...((ps) => (ps.length ? { approvedPeriodByMeasure: Object.fromEntries(ps) } : {}))(
            [...replacedApprovalFrom(forVerdict(d)).keys()].flatMap((m) =>
              ((p) => (p ? [[m, p] as const] : []))(approvedPeriod(forVerdict(d), m)),
            ),
          ),
        })),
        executions: all.map((e) => ({
          executionId: e.row.id,
          start: osloIso(e.row.start_at),
          measure: e.row.measure,
          durationMinutes: e.durationMinutes,
          verdict: e.verdict,
          decisionId: e.decisionId,
          minutesOutside: e.minutesOutside,
          staffingShortfall: e.staffingShortfall,
        })),
      });
    },
  };
}

/** The local date of an instant, re-exported for callers that filter by verdict period. */
export { osloDate };
