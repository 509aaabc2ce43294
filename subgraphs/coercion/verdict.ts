/**
 * The verdict on one execution of a coercive measure. Pure: no database, no clock.
 *
 * Legal bases (code → statute):
 * - hol-9-5a/b/c: helse- og omsorgstjenesteloven (hol.) § 9-5 tredje ledd bokstav a/b/c.
 *   Before 1 January 2012 the same rules were sosialtjenesteloven (sotjl.) kap. 4A
 *   (§ 4A-5 tredje ledd a/b/c); such decisions keep today's code and are labelled with the
 *   old statute (`statuteOf`). The reviewing office was Fylkesmannen before 1 January 2021,
 *   Statsforvalteren since (`reviewingOffice`).
 * - pbrl-4A: pasient- og brukerrettighetsloven kap. 4A.
 * - phvl-4-8: psykisk helsevernloven § 4-8 (tvangsmidler). Each use of a coercive means is
 *   its own decision, made on the spot by the one responsible, with no prior approval: a
 *   phvl-4-8 decision covers one use (a second execution under it is NO_VALID_DECISION),
 *   needs no Statsforvalteren approval, and neither the one-year limit nor hol. § 9-9
 *   applies.
 *
 * Rules, each with its source:
 * - One year at most (hol. § 9-7; pbrl. § 4A-5; sotjl. § 4A-7 before 2012): a hol-9-5b/c or
 *   pbrl-4A decision runs at most one year from its first day, i.e. to validFrom + 1 year
 *   − 1 day. A missing end, or an end past that day, is a decision problem reported in the
 *   reason (`decisionProblems`), never a licence: the decision is treated as ending then.
 * - Approval (hol. § 9-8): a b/c decision may be carried out only once Statsforvalteren has
 *   reviewed (overprøvd) and approved it. The review's outcome is judged:
 *   APPROVED; APPROVED_IN_PART (only `reviewMeasures` are approved; the others are not
 *   authorised after the review, and not yet approved before it); SHORTENED (approved to
 *   `reviewValidTo`); REFUSED (authorises nothing). A pbrl-4A decision needs no approval,
 *   but a review that refuses, shortens or approves it in part binds from the review on.
 *   An approval date without an outcome (all sources so far) is APPROVED. Statsforvalteren
 *   reviews a decision that has been made: an approval or review dated (Oslo date) before the
 *   decision was made is a wrong record, not a review of it; it is a decision problem and the
 *   decision is judged as not reviewed (`approvalPredates`; review s41: such a decision was VALID).
 * - An approval covers what was reviewed (hol. § 9-8 with § 9-5 tredje ledd b/c): the approval
 *   (the source's date, or a review recorded with coercion-review) covers the decision as it was
 *   stored when that approval was first stored with it (`approvedVersion`: the earliest stored
 *   version carrying the same approval). A later version that widens it under the same approval
 *   (a measure added, valid from earlier or to later, another legal basis) is not approved in what
 *   it adds: an execution of an added measure, or on a day outside the approved version's period,
 *   is NOT_YET_APPROVED, the reason naming the version and the approval (`unreviewedRevision`);
 *   the widening is a decision problem. A narrowing revision needs no new review; a new approval
 *   covers the version it came with. Not for pbrl. kap. 4A or phvl. § 4-8 (no prior approval).
 *   Review s41: a measure added by a later export under the same approval date was VALID.
 * - A later change of the approval binds from its own time, never back (hol. § 9-11: the nemnda on a
 *   complaint, a court; forvaltningsloven § 35: a reversal): an execution before it is judged by the
 *   approval as it stood, one after it by the decision with the change as its review (`stateAt`); the
 *   approval before it is kept. One ending what an approval authorised ends the last valid day as a
 *   review does (`changedAway`, `validUntilReview`). Stop 45: it could only be recorded as a review.
 *   An approval date the source replaces still covers the version it approved (`earlierApproval`;
 *   review s42: executions it had covered lost their cover to the new date).
 * - Emergency (hol. § 9-5 tredje ledd bokstav a, § 9-7 første ledd): a single emergency is
 *   decided on the spot (beslutning), no decision beforehand. Gerica marks it with Hjemmel
 *   "bokstav a"; Helseplattformen by registering the execution under a hol-9-5a record.
 *   A hol-9-5a record is that marking, never a standing authorisation, and it marks only the
 *   measures it records (§ 9-7: the beslutning is written down, naming the measure): an
 *   execution of a measure it does not name is not marked by it (`marksEmergency`; review s41:
 *   an execution of any measure registered under it was EMERGENCY_A). Where the source
 *   says nothing either way (an HP execution registered under no decision), the verdict is
 *   UNDETERMINED with that reason, not NO_VALID_DECISION.
 * - Planned repeated use needs a b-decision (hol. § 9-5 tredje ledd bokstav b: "planlagte
 *   skadeavvergende tiltak i gjentatte nødssituasjoner"): see `emergencyPatterns`. The
 *   emergencies before a period's start (the year before it) count for the pattern; only
 *   those within it are shown, and the pattern says it began before the period (task s33).
 * - A review binds from its own time (pbrl. §§ 4A-7, 4A-8; forvaltningsloven: never back): a
 *   chapter 4A decision set aside, approved in part or shortened back on review date D authorises
 *   the executions before the review's moment. A review recorded with a time of day: those earlier
 *   on D are judged under the decision, and D is its last valid day (to that time); a review
 *   recorded with its date alone is Oslo midnight: D − 1 is the last valid day (`validUntilReview`).
 *   The verdicts, `decisionLastValidDay` (API, timeline, dossier, evidence bundle) and the chart
 *   read this one rule (stop 45: the last valid day said D − 1 beside an execution VALID on D).
 * - Made beforehand (pbrl. § 4A-5; hol. § 9-7): a hol-9-5b/c or pbrl-4A decision authorises
 *   nothing before it was made (`decidedAt`; a date-only source from the start of that day):
 *   a validFrom dated back does not cover the executions before the decision (review s32).
 * - Partly outside: an execution that starts on a valid day but ends after the decision's
 *   last valid day (Oslo midnight after it) has `minutesOutside` > 0, counted from the end of
 *   the last day covered: a successor decision for the same measure that authorised it at that
 *   midnight (approved, for b/c; hol. §§ 9-7, 9-8) carries the execution on (review s32).
 * - Two staff (hol. § 9-9 andre ledd): b/c measures are carried out with two staff present
 *   (unless the decision found that to the recipient's detriment); see `staffingShortfall`.
 *
 * - One measure, one form (hol. § 9-5 tredje ledd, § 9-7): measures are compared as stored, in the
 *   one form `measure.ts` `measureKey` gives (the importers store it, migration 020 wrote the older
 *   records in it, evaluate.ts reads kept versions through it); stop 45: "Låst  Kjøleskap" was not
 *   the "låst kjøleskap" its decision listed.
 *
 * Verdicts:
 * - VALID: a decision that authorises that very measure was valid on the execution's
 *   local (Europe/Oslo) start date and, for hol-9-5b / hol-9-5c, Statsforvalteren had
 *   approved it (that measure, for that period, as the version it approved stated them:
 *   `approvedVersion`) at or before the start.
 * - NOT_YET_APPROVED: such a decision was valid, but (b/c) not yet approved at the start.
 * - EMERGENCY_A: no such decision, and the source marks the execution a § 9-5 a emergency.
 * - UNDETERMINED: no such decision, and the source does not say whether it was one.
 * - NO_VALID_DECISION: none of the above.
 *
 * The decision a source recorded is a claim: it is preferred when it holds, otherwise
 * the decision valid at that moment is used and the reason says the claim failed.
 * Dates without time (Gerica's approval dates) are local midnight: an approval dated a
 * day counts from the start of that day.
 */
import { addDays, addMonths, osloDate, osloIso, osloMidnight } from '../../lib/oslo-time';

export type Verdict = 'VALID' | 'NOT_YET_APPROVED' | 'EMERGENCY_A' | 'UNDETERMINED' | 'NO_VALID_DECISION';
export const VERDICTS: readonly Verdict[] = [
  'VALID',
  'NOT_YET_APPROVED',
  'EMERGENCY_A',
  'UNDETERMINED',
  'NO_VALID_DECISION',
];

/** Statsforvalteren's review (overprøving, hol. § 9-8). */
export type ReviewOutcome = 'APPROVED' | 'APPROVED_IN_PART' | 'SHORTENED' | 'REFUSED';
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = [
  'APPROVED',
  'APPROVED_IN_PART',
  'SHORTENED',
  'REFUSED',
];

export interface DecisionForVerdict {
  id: string;
  legalBasis: string;
  measures: readonly string[];
  validFrom: string;
  validTo: string | null;
  /** When Statsforvalteren reviewed the decision (null: no review registered). */
  approvedAt: Date | null;
  /** Every id the sources know this decision by (its own id, HP id, Gerica VedtakID). */
  aliases: readonly string[];
  /** The review's outcome; null with a review date is APPROVED. */
  reviewOutcome?: ReviewOutcome | null;
  /** APPROVED_IN_PART: the measures approved. */
  reviewMeasures?: readonly string[] | null;
  /** SHORTENED: the last day approved. */
  reviewValidTo?: string | null;
  /** When the decision was made: picks the statute (sotjl. kap. 4A before 2012). */
  decidedAt?: Date | null;
  /**
   * Every stored version of the decision, oldest first, the last being the decision as stored
   * now (coercion.record_version, migration 011, then the row itself): what Statsforvalteren's
   * approval covers (`approvedVersion`). Absent or one: never revised.
   */
  versions?: readonly DecisionVersion[] | null;
  /**
   * Later decisions changing the approval, oldest first (coercion.approval_change, migration 021):
   * each binds from its own time (`stateAt`). Absent or empty: none.
   */
  changes?: readonly ApprovalChange[] | null;
  /** Set on the decision as a change left it (`stateAt`): that change, for the reason's text. */
  changedBy?: ApprovalChange | null;
}

/**
 * A later decision changing the approval (hol. § 9-11: the nemnda on a complaint against
 * Statsforvalteren's decision, or a court reviewing the nemnda's; forvaltningsloven § 35: a
 * reversal by Statsforvalteren): the approval as it stands from `at` on.
 */
export interface ApprovalChange {
  by: 'STATSFORVALTEREN' | 'NEMNDA' | 'COURT';
  at: Date;
  outcome: ReviewOutcome;
  measures?: readonly string[] | null;
  validTo?: string | null;
}

/** Who made a change of an approval, as named on its day, and the provision it was made under. */
export function changeBody(c: Pick<ApprovalChange, 'by' | 'at'>): { name: string; law: string } {
  if (c.by === 'STATSFORVALTEREN') return { name: reviewingOffice(c.at), law: 'forvaltningsloven § 35' };
  if (c.by === 'COURT') return { name: 'tingretten', law: 'hol. § 9-11, tvisteloven kap. 36' };
  return {
    name:
      osloDate(c.at) < NEMNDA_FROM
        ? 'fylkesnemnda for barnevern og sosiale saker'
        : 'barneverns- og helsenemnda',
    law: 'hol. § 9-11',
  };
}

/** The fylkesnemnda for barnevern og sosiale saker became the barneverns- og helsenemnda on 1 January 2023. */
export const NEMNDA_FROM = '2023-01-01';

const states = new WeakMap<DecisionForVerdict, DecisionForVerdict[]>();

/**
 * The decision as its approval stood at `at` (hol. § 9-11, forvaltningsloven § 35: a later decision
 * changing the approval binds from its own time, never back). Before the first change: the decision
 * as reviewed (its approval or review, kept as it was). From a change on: the decision with that
 * change as its review (outcome, measures, shortened end, time), reviewing the decision as stored
 * now. Stop 45: such a change could only be recorded as a review, which rewrote the verdicts of the
 * executions before it, and so was refused.
 */
export function stateAt(d: DecisionForVerdict, at: Date): DecisionForVerdict {
  const cs = d.changes;
  if (!cs?.length) return d;
  let list = states.get(d);
  if (!list) {
    list = cs.map((c) => ({
      ...d,
      approvedAt: c.at,
      reviewOutcome: c.outcome,
      reviewMeasures: c.measures ?? null,
      reviewValidTo: c.validTo ?? null,
      versions: null,
      changes: null,
      changedBy: c,
    }));
    states.set(d, list);
  }
  let i = -1;
  for (let k = 0; k < cs.length; k++) if (cs[k]!.at.getTime() <= at.getTime()) i = k;
  return i < 0 ? d : list[i]!;
}

/** One stored version of a decision: what it said, and its approval as then stored. */
export interface DecisionVersion {
  /** 1 for the first stored, counting every stored change. */
  number: number;
  /** When this version was stored (the import or command that wrote it); null: the first, whose time is not kept. */
  storedAt: Date | null;
  legalBasis: string;
  measures: readonly string[];
  validFrom: string;
  validTo: string | null;
  /** The source's approval date as this version carried it. */
  approvedAt: Date | null;
  /** A review recorded with coercion-review, as this version carried it. */
  reviewedAt: Date | null;
  reviewOutcome?: ReviewOutcome | null;
  reviewMeasures?: readonly string[] | null;
  reviewValidTo?: string | null;
}

export interface ExecutionForVerdict {
  measure: string;
  start: Date;
  /** The end, for minutes outside the decision's validity (none: not computed). */
  end?: Date;
  /** The decision id the source recorded, as written (null: none chosen). */
  recordedDecisionId: string | null;
  /**
   * The source marks it a § 9-5 a emergency (true), marks it otherwise (false), or says
   * nothing either way (null: UNDETERMINED when nothing else covers it).
   */
  emergencyReported: boolean | null;
}

export interface VerdictResult {
  readonly verdict: Verdict;
  readonly decisionId: string | null;
  readonly reason: string;
  /** The matched decision's last valid day as judged (one-year limit, shortened period). */
  readonly lastValidDay: string | null;
  /** Minutes of the execution after the end of that day (0 when none or no end given). */
  readonly minutesOutside: number;
}

const NEEDS_APPROVAL = new Set(['hol-9-5b', 'hol-9-5c']);
/** Bases limited to one year: hol. § 9-7 (b/c; sotjl. kap. 4A before 2012), pbrl. § 4A-5. */
const ONE_YEAR = new Set(['hol-9-5b', 'hol-9-5c', 'pbrl-4A']);
/** hol. § 9-9: two staff present. */
const TWO_STAFF = NEEDS_APPROVAL;

export function needsApproval(legalBasis: string): boolean {
  return NEEDS_APPROVAL.has(legalBasis);
}

/** hol. § 9-9 andre ledd: b/c measures are carried out with two staff present. */
export function needsTwoStaff(legalBasis: string): boolean {
  return TWO_STAFF.has(legalBasis);
}

/** hol. kap. 9 replaced sosialtjenesteloven kap. 4A on 1 January 2012. */
export const HOL_IN_FORCE = '2012-01-01';
/** Fylkesmannen became Statsforvalteren on 1 January 2021. */
export const STATSFORVALTER_FROM = '2021-01-01';

/** The office that reviews coercion decisions on that day. */
export function reviewingOffice(when: Date | string): 'Fylkesmannen' | 'Statsforvalteren' {
  const date = typeof when === 'string' ? when : osloDate(when);
  return date < STATSFORVALTER_FROM ? 'Fylkesmannen' : 'Statsforvalteren';
}

/**
 * The statute a decision was made under, for people: a hol-9-5b/c decision made before
 * 2012 was made under sosialtjenesteloven kap. 4A and is labelled so (its code stays
 * today's, which is what it maps to).
 */
export function statuteOf(legalBasis: string, decidedOn: string): string {
  const letter = /^hol-9-5([abc])$/.exec(legalBasis)?.[1];
  if (letter && decidedOn < HOL_IN_FORCE)
    return `sosialtjenesteloven § 4A-5 tredje ledd bokstav ${letter} (kap. 4A, before 2012; today hol. § 9-5 tredje ledd bokstav ${letter})`;
  if (letter) return `helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav ${letter}`;
  if (legalBasis === 'pbrl-4A') return 'pasient- og brukerrettighetsloven kap. 4A';
  if (legalBasis === 'phvl-4-8') return 'psykisk helsevernloven § 4-8 (tvangsmidler)';
  return legalBasis;
}

const decidedOn = (d: DecisionForVerdict) => (d.decidedAt ? osloDate(d.decidedAt) : d.validFrom);

/** Calendar results by date: a report judges 27,000 executions against the same few decisions. */
function memo(fn: (date: string) => string): (date: string) => string {
  const cache = new Map<string, string>();
  return (date) => {
    let v = cache.get(date);
    if (v === undefined) {
      if (cache.size > 10_000) cache.clear();
      cache.set(date, (v = fn(date)));
    }
    return v;
  };
}

/** validFrom + one year − one day (29 February: to 28 February next year). */
export const oneYearLastDay = memo((validFrom: string): string => {
  if (validFrom.endsWith('-02-29')) return addDays(addMonths(addDays(validFrom, 1), 12), -1);
  return addDays(addMonths(validFrom, 12), -1);
});

/**
 * The last day a decision's record reaches, for what periods it belongs to (a legal user's matter
 * period, a report's period): helse- og omsorgstjenesteloven § 9-7 (b/c decisions: at most one
 * year) and pasient- og brukerrettighetsloven § 4A-5 (at most one year): a hol-9-5b/c or pbrl-4A
 * decision that states no end date is valid at most to its first day + one year − one day
 * (`oneYearLastDay`, Oslo calendar dates), so it belongs to no period after that. A stated end is
 * the record's own period (a later one is a decision problem, judged as ending at the cap). Other
 * bases (phvl. § 4-8, a hol-9-5a record) have no statutory limit: their stated end, none = open.
 * Review s42: a b/c or pbrl-4A decision without an end date overlapped every later period.
 */
export function reachLastDay(legalBasis: string, validFrom: string, validTo: string | null): string | null {
  if (validTo !== null || !ONE_YEAR.has(legalBasis) || !validFrom) return validTo;
  return oneYearLastDay(validFrom);
}

/**
 * hol. § 9-7, pbrl. § 4A-5: the decision states no end date, or an end date past the one year it
 * may run at most, and that year ended before `date` (its last day, else null). Such a decision
 * authorises nothing after it. Review s42 (law): a decision stating an end beyond the year was
 * said to be "not valid" on a day inside the period the reason printed, or was not named at all.
 */
function lapsedBefore(d: DecisionForVerdict, date: string): string | null {
  if (!ONE_YEAR.has(d.legalBasis) || d.validFrom > date) return null;
  const cap = oneYearLastDay(d.validFrom);
  if (d.validTo !== null && (d.validTo <= cap || date > d.validTo)) return null;
  return date > cap ? cap : null;
}

/** The reason code and text for a decision without an end date that lapsed after one year. */
export const NO_END_DATE_LAPSED = 'NO_END_DATE_LAPSED';
function lapsedText(d: DecisionForVerdict, cap: string, recorded: boolean): string {
  const which = `${recorded ? 'the recorded decision' : 'decision'} ${d.id}`;
  if (d.validTo !== null)
    return `${which} (${d.legalBasis}, valid ${d.validFrom}–${d.validTo}) runs to ${d.validTo}, more than the one year ${oneYearSource(d)} allows a decision, so it was valid to ${cap} and authorises nothing after it`;
  return `${which} (${d.legalBasis}, valid from ${d.validFrom}) states no end date and lapsed after ${cap} (${NO_END_DATE_LAPSED}: ${oneYearSource(d)} allows a decision at most one year, so without an end date it was valid to ${cap} and authorises nothing after it)`;
}

/** The instant a day ends: Oslo midnight starting the next day (ISO). */
const endOfDay = memo((date: string): string => osloMidnight(addDays(date, 1)).toISOString());

function oneYearSource(d: DecisionForVerdict): string {
  if (d.legalBasis === 'pbrl-4A') return 'pbrl. § 4A-5';
  return decidedOn(d) < HOL_IN_FORCE ? 'sotjl. kap. 4A, today hol. § 9-7' : 'hol. § 9-7';
}

const predates = new WeakMap<DecisionForVerdict, boolean>();

/**
 * hol. § 9-8 (pbrl. § 4A-7 for a chapter 4A decision): Statsforvalteren reviews a decision that
 * has been made. An approval or review whose Oslo date is before the day the decision was made
 * is a wrong record (e.g. the previous decision's approval carried over), not a review of this
 * decision: it is a decision problem, and the decision is judged as not reviewed. The same day
 * counts (Gerica gives both as dates). Review s41: such a decision was VALID.
 */
export function approvalPredates(d: DecisionForVerdict): boolean {
  if (!d.approvedAt || !d.decidedAt) return false;
  let v = predates.get(d);
  if (v === undefined) predates.set(d, (v = osloDate(d.approvedAt) < osloDate(d.decidedAt)));
  return v;
}

/** What is wrong with the decision itself (the one-year limit, a review before it was made), for the reason and the API. */
export function decisionProblems(d: DecisionForVerdict): string[] {
  const out: string[] = [];
  if (approvalPredates(d))
    out.push(
      `the approval by ${reviewingOffice(d.approvedAt!)} dated ${osloIso(d.approvedAt!)} is before the decision was made (${osloIso(d.decidedAt!)}): hol. § 9-8, a decision is reviewed once it is made, so ${d.id} is treated as not reviewed`,
    );
  const at = needsApproval(d.legalBasis) && outcomeOf(d) !== 'REFUSED' ? reviewedAt(d) : null;
  const av = at ? approvedVersion(d) : null;
  const wider = av ? widenings(d, av.approved) : [];
  if (at && av && wider.length) {
    const now = av.later[av.later.length - 1]!;
    const office = reviewingOffice(at);
    out.push(
      `decision ${d.id} as stored now (version ${now.number}, ${storedText(now)}) is wider than version ${av.approved.number}, which ${office} approved on ${osloIso(at)}: ${wider.join('; ')}; hol. § 9-8 (§ 9-5 tredje ledd b/c): what a revision adds under the same approval is not approved until ${office} has reviewed it`,
    );
  }
  if (!ONE_YEAR.has(d.legalBasis)) return out;
  const cap = oneYearLastDay(d.validFrom);
  if (d.validTo === null)
    out.push(
      `decision ${d.id} has no end date: ${oneYearSource(d)} allows at most one year, so it is treated as ending ${cap}`,
    );
  else if (d.validTo > cap)
    out.push(
      `decision ${d.id} runs to ${d.validTo}, more than the one year ${oneYearSource(d)} allows; treated as ending ${cap}`,
    );
  return out;
}

/** The review's time, when it is one (not dated before the decision: `approvalPredates`). */
const reviewedAt = (d: DecisionForVerdict): Date | null => (approvalPredates(d) ? null : d.approvedAt);

const outcomeOf = (d: DecisionForVerdict): ReviewOutcome | null =>
  reviewedAt(d) ? (d.reviewOutcome ?? 'APPROVED') : null;

/** When Statsforvalteren refused the decision (a review recorded as REFUSED), else null: the chart says so. */
export const refusedAt = (d: DecisionForVerdict): Date | null =>
  outcomeOf(d) === 'REFUSED' ? reviewedAt(d) : null;

/** Whether the review binds at `start` (b/c: always once made; pbrl: from the review on). */
function reviewBinds(d: DecisionForVerdict, start: Date): boolean {
  const at = reviewedAt(d);
  return at !== null && (needsApproval(d.legalBasis) || at.getTime() <= start.getTime());
}

/** The last day the decision authorises, at `start`. */
export function lastValidDay(d: DecisionForVerdict, start: Date): string | null {
  let end = d.validTo;
  if (ONE_YEAR.has(d.legalBasis)) {
    const cap = oneYearLastDay(d.validFrom);
    if (end === null || end > cap) end = cap;
  }
  if (outcomeOf(d) === 'SHORTENED' && d.reviewValidTo && reviewBinds(d, start))
    end = end === null || d.reviewValidTo < end ? d.reviewValidTo : end;
  return end;
}

/**
 * pasient- og brukerrettighetsloven §§ 4A-7, 4A-8: Statsforvalteren's review of a chapter 4A decision
 * (on a complaint, or of its own motion) binds from the review on, never back. When it ends what the
 * decision authorises for `measure` (set aside: REFUSED; the measure left out of APPROVED_IN_PART;
 * SHORTENED to a day before the review), the decision authorised it until the review took effect:
 * its last valid day is the day before the review's Oslo date (the review's instant `at` ends it).
 * Null when no such review, or when the decision's own end (one year at most) comes first. Without
 * `measure`: the whole decision (REFUSED, or every measure left out). Review s44 (case 3): the API,
 * dossier and evidence bundle showed the stated end beside "review: REFUSED 2024-04-01", and a
 * shortening to a day before the review ended the bar at the shortened day beside executions between
 * it and the review judged VALID. A review recorded with a time of day binds from that time
 * (`reviewBinds`), so its own day is the last valid day, to that time (`until`; `validUntilReview`).
 */
export function setAside(
  d: DecisionForVerdict,
  measure?: string,
): { at: Date; lastDay: string; until: string | null; outcome: ReviewOutcome } | null {
  if (d.legalBasis !== 'pbrl-4A') return null;
  const at = reviewedAt(d);
  const outcome = outcomeOf(d);
  if (!at || !outcome) return null;
  const { lastDay, until } = validUntilReview(at);
  const ends =
    outcome === 'REFUSED' ||
    (outcome === 'SHORTENED' && !!d.reviewValidTo && d.reviewValidTo < lastDay) ||
    (outcome === 'APPROVED_IN_PART' &&
      (measure === undefined
        ? d.measures.every((m) => !(d.reviewMeasures ?? []).includes(m))
        : !(d.reviewMeasures ?? []).includes(measure)));
  if (!ends) return null;
  const own = lastValidDay(d, new Date(0));
  if (own !== null && own < lastDay) return null;
  return { at, lastDay, until, outcome };
}

/**
 * pasient- og brukerrettighetsloven §§ 4A-7, 4A-8 (forvaltningsloven: a decision binds from when it is
 * made, never back): the last day a decision was valid before a review at `at` ended it, and to what
 * time of that day. A review recorded with its date alone (`coercion-review --at YYYY-MM-DD`, stored as
 * Oslo midnight) binds from the start of that day: valid to the day before (`until` null). A review
 * recorded with a time of day binds from that time: the executions earlier that day are judged under
 * the decision (`reviewBinds`), so that day is its last valid day, to that time (`until`, HH:MM Oslo).
 * Stop 45: the verdicts judged the morning's execution VALID beside a last valid day the day before.
 */
export function validUntilReview(at: Date): { lastDay: string; until: string | null } {
  const day = osloDate(at);
  if (osloMidnight(day).getTime() === at.getTime()) return { lastDay: addDays(day, -1), until: null };
  return { lastDay: day, until: osloIso(at).slice(11, 16) };
}

/**
 * The decision's last valid day as judged once every review binds, and what people are told about
 * it (`CoercionDecision.lastValidDay` / `lastValidDayNote`, the report's timeline, the dossier and
 * the evidence bundle read this one value):
 * - a hol. § 9-5 b/c decision Statsforvalteren refused (hol. § 9-8: not carried out before it is
 *   approved): none, it never authorised an execution; the verdicts judge its executions
 *   NOT_YET_APPROVED before the review and NO_VALID_DECISION after it;
 * - a pbrl. kap. 4A decision set aside or shortened back (`setAside`): the day before the review,
 *   or, for a review recorded with a time of day, the review's own day to that time
 *   (`validUntilReview`: the verdicts judge the executions before it that day under the decision);
 * - otherwise its end, one year at most (hol. § 9-7, pbrl. § 4A-5), or the shortened end.
 */
export function decisionLastValidDay(d: DecisionForVerdict): {
  lastValidDay: string | null;
  note: string | null;
} {
  // hol. § 9-11, forvaltningsloven § 35: a later change of the approval binds from its own time. One
  // that ends what an approval in force authorised (refused, every measure left out, shortened to
  // before it): valid until it took effect (`validUntilReview`), the approval before it kept.
  const w = changedAway(d);
  if (w && w.all) {
    const { lastDay, until } = validUntilReview(w.at);
    const own = lastValidDay(w.before, FAR_FUTURE_AT);
    const last = own !== null && own < lastDay ? own : lastDay;
    const { name, law } = changeBody(w.change);
    return {
      lastValidDay: last,
      note: `${reviewText(w.before)}; changed by ${name} ${osloIso(w.at)} (${law}: ${w.change.outcome}, binding from then, not back), so valid to ${last}${until && last === lastDay ? ` until ${until}` : ''}; it stated ${d.validFrom}–${d.validTo ?? 'no end date'}`,
    };
  }
  return decisionLastValidDayAsReviewed(stateAt(d, FAR_FUTURE_AT));
}

/**
 * hol. § 9-11, forvaltningsloven § 35 (stop 45): the measures the latest change of the approval took
 * away from a decision whose approval (or, pbrl. kap. 4A, the decision itself) authorised them until
 * then, with its time, the change, the decision as it stood before it, and whether it took all; null
 * when no change takes anything away. For the last valid day and the chart.
 */
export function changedAway(d: DecisionForVerdict): {
  at: Date;
  measures: string[];
  all: boolean;
  change: ApprovalChange;
  before: DecisionForVerdict;
} | null {
  const final = stateAt(d, FAR_FUTURE_AT);
  const change = final.changedBy;
  if (!change) return null;
  const before = stateAt(d, new Date(change.at.getTime() - 1));
  const outcomeBefore = outcomeOf(before);
  const authorised = needsApproval(d.legalBasis)
    ? !!outcomeBefore && outcomeBefore !== 'REFUSED'
    : !(outcomeBefore === 'REFUSED' && before.approvedAt!.getTime() <= change.at.getTime());
  if (!authorised) return null;
  const { lastDay } = validUntilReview(change.at);
  const outcome = outcomeOf(final);
  const shortenedBack = outcome === 'SHORTENED' && !!final.reviewValidTo && final.reviewValidTo < lastDay;
  const measures =
    outcome === 'REFUSED' || shortenedBack
      ? [...d.measures]
      : outcome === 'APPROVED_IN_PART'
        ? d.measures.filter((m) => !(final.reviewMeasures ?? []).includes(m))
        : [];
  if (!measures.length) return null;
  return { at: change.at, measures, all: measures.length === d.measures.length, change, before };
}

function decisionLastValidDayAsReviewed(d: DecisionForVerdict): {
  lastValidDay: string | null;
  note: string | null;
} {
  const stated = `it stated ${d.validFrom}–${d.validTo ?? 'no end date'}`;
  const refused = needsApproval(d.legalBasis) ? refusedAt(d) : null;
  if (refused)
    return {
      lastValidDay: null,
      note: `none: refused by ${d.changedBy ? changeBody(d.changedBy).name : reviewingOffice(refused)} ${osloIso(refused)} (hol. § 9-8: a § 9-5 b/c decision is not carried out before it is approved), so it never authorised an execution (before the review NOT_YET_APPROVED, after it NO_VALID_DECISION); ${stated}`,
    };
  const sa = setAside(d);
  if (sa) {
    const how =
      sa.outcome === 'SHORTENED'
        ? `shortened to ${d.reviewValidTo} by ${reviewingOffice(sa.at)} ${osloIso(sa.at)}, a day before the review (pbrl. §§ 4A-7, 4A-8: binding from the review on, not back)`
        : `set aside by ${reviewingOffice(sa.at)} ${osloIso(sa.at)} (pbrl. §§ 4A-7, 4A-8: binding from then)`;
    return {
      lastValidDay: sa.lastDay,
      note: `${how}, so valid to ${sa.lastDay}${sa.until ? ` until ${sa.until}` : ''}; ${stated}`,
    };
  }
  return { lastValidDay: lastValidDay(d, FAR_FUTURE_AT), note: null };
}

/** A time after every review (a decision's last valid day once every review binds). */
const FAR_FUTURE_AT = new Date(8.64e15);

function period(d: DecisionForVerdict): string {
  return `${d.validFrom}–${d.validTo ?? 'open'}`;
}

function validOn(d: DecisionForVerdict, date: string, start: Date): boolean {
  const last = lastValidDay(d, start);
  return d.validFrom <= date && (last === null || date <= last);
}

/**
 * pbrl. § 4A-5, hol. § 9-7: a decision made beforehand authorises nothing before it was made
 * (a date-only source's decidedAt is that day's local midnight: the whole day counts). A
 * phvl-4-8 decision is made on the spot, with the use; a hol-9-5a record marks an emergency.
 */
function madeAfter(d: DecisionForVerdict, start: Date): boolean {
  return ONE_YEAR.has(d.legalBasis) && !!d.decidedAt && d.decidedAt.getTime() > start.getTime();
}

type Status = 'approved' | 'pending' | 'refused';

/** The review's effect on this measure at `start`, on the Oslo date `date` (hol. § 9-8). */
function status(d: DecisionForVerdict, measure: string, start: Date, date: string): Status {
  if (d.legalBasis === 'phvl-4-8') return 'approved';
  const binds = reviewBinds(d, start) && reviewedAt(d)!.getTime() <= start.getTime();
  const outcome = outcomeOf(d);
  if (binds && outcome === 'REFUSED') return 'refused';
  if (binds && outcome === 'APPROVED_IN_PART' && !(d.reviewMeasures ?? []).includes(measure))
    return 'refused';
  if (!needsApproval(d.legalBasis)) return 'approved';
  if (binds && !unreviewedRevision(d, measure, date)) return 'approved';
  return earlierApproval(d, measure, date, start) ? 'approved' : 'pending';
}

/** An approval the source replaced, still covering the version it approved (`earlierApproval`). */
export interface EarlierApproval {
  /** The replaced approval's time. */
  at: Date;
  /** The version it approved: the earliest stored carrying it. */
  approved: DecisionVersion;
  /** The version that carried another approval date instead. */
  replacedIn: DecisionVersion;
}

const earlierApprovals = new WeakMap<DecisionForVerdict, EarlierApproval[]>();

/**
 * hol. § 9-8 with § 9-5 tredje ledd b/c (decided by the lead, review s42): an approval covers the
 * decision version it approved. When a later export replaces the source's approval date with
 * another, the replaced approval is kept as it stood with its version: an execution of what that
 * version stated (its legal basis, a measure it listed, a day of its period, one year at most,
 * § 9-7), starting at or after that approval, is approved by it, whatever the date that replaced
 * it (review s42: the new date ruled for every measure, and executions the earlier approval had
 * covered lost their cover). Only the source's approval dates: a review recorded with
 * coercion-review is Statsforvalteren's letter and rules alone, and an approval the source
 * removed (no date now, or a version since with none) covers nothing. An approval dated before
 * the decision was made is none (`approvalPredates`). The execution must still be within the decision as stored now (its
 * measures and period: a narrowing revision binds).
 */
export function earlierApproval(
  d: DecisionForVerdict,
  measure: string,
  date: string,
  start: Date,
): EarlierApproval | null {
  if (!needsApproval(d.legalBasis)) return null;
  let found: EarlierApproval | null = null;
  for (const a of replacedApprovals(d))
    if (
      a.at.getTime() <= start.getTime() &&
      a.approved.legalBasis === d.legalBasis &&
      a.approved.measures.includes(measure) &&
      versionCovers(a.approved, date) &&
      (!found || a.at.getTime() < found.at.getTime())
    )
      found = a;
  return found;
}

/** The replaced approvals of a b/c decision that still cover the version each approved (`earlierApproval`). */
export function replacedApprovals(d: DecisionForVerdict): readonly EarlierApproval[] {
  if (!needsApproval(d.legalBasis)) return [];
  let list = earlierApprovals.get(d);
  if (list === undefined) {
    list = [];
    const vs = d.versions ?? [];
    const now = vs[vs.length - 1];
    if (now && !now.reviewedAt && now.approvedAt && d.reviewOutcome == null) {
      const seen = new Set<number>([now.approvedAt.getTime()]);
      for (let i = 0; i < vs.length - 1; i++) {
        const v = vs[i]!;
        if (v.reviewedAt || !v.approvedAt || seen.has(v.approvedAt.getTime())) continue;
        seen.add(v.approvedAt.getTime());
        if (d.decidedAt && osloDate(v.approvedAt) < osloDate(d.decidedAt)) continue;
        // A later version without any approval: the source took it away (and whatever it approved
        // before); a date it gives after that is a new approval, not this one's return (review s42
        // law: the removed approval came back and covered executions again).
        if (vs.slice(i + 1).some((x) => !x.approvedAt && !x.reviewedAt)) continue;
        const t = v.approvedAt.getTime();
        const replacedIn = vs.slice(i + 1).find((x) => x.approvedAt?.getTime() !== t || !!x.reviewedAt)!;
        list.push({ at: v.approvedAt, approved: v, replacedIn });
      }
    }
    earlierApprovals.set(d, list);
  }
  return list;
}

/**
 * For the report's chart: the measures of a b/c decision its current approval does not approve
 * (hol. § 9-8): those a review recorded with coercion-review left out (APPROVED_IN_PART), and
 * those a revision added under the same approval, or all of them under a legal basis it set
 * (`unreviewedRevision`). Review s42 (law): the chart drew them approved beside executions judged
 * NO_VALID_DECISION or NOT_YET_APPROVED.
 */
export function unapprovedMeasures(d: DecisionForVerdict): string[] {
  if (!needsApproval(d.legalBasis) || !reviewedAt(d)) return [];
  const outcome = outcomeOf(d);
  return d.measures.filter((m) => {
    if (outcome === 'APPROVED_IN_PART' && !(d.reviewMeasures ?? []).includes(m)) return true;
    const u = unreviewedRevision(d, m, d.validFrom);
    return u !== null && u.what !== 'day';
  });
}

/**
 * For the report's chart: pasient- og brukerrettighetsloven kap. 4A needs no approval, but
 * Statsforvalteren's review of a chapter 4A decision (on a complaint, pbrl. § 4A-7, or of its own
 * motion, § 4A-8) binds from the review on (`reviewBinds`, `status`): refused, no measure of it is
 * authorised from then; approved in part, the measures it left out are not. The review's time and
 * those measures; null when none. Review s44: the chart drew the decision valid to its end, beside
 * an execution after the refusal judged NO_VALID_DECISION.
 */
export function withdrawnFrom(d: DecisionForVerdict): { at: Date; measures: string[] } | null {
  if (d.legalBasis !== 'pbrl-4A') return null;
  const at = reviewedAt(d);
  if (!at) return null;
  const outcome = outcomeOf(d);
  const measures =
    outcome === 'REFUSED'
      ? [...d.measures]
      : outcome === 'APPROVED_IN_PART'
        ? d.measures.filter((m) => !(d.reviewMeasures ?? []).includes(m))
        : [];
  return measures.length ? { at, measures } : null;
}

/**
 * For the report's chart: per measure, the earliest replaced approval that still covers it (the
 * version it approved stated it, under the decision's legal basis) when it is earlier than the
 * current approval (hol. § 9-8, `earlierApproval`). Review s42 (law): the bar was drawn "not yet
 * approved" up to the new date beside executions judged VALID under the replaced approval.
 */
export function replacedApprovalFrom(d: DecisionForVerdict): Map<string, Date> {
  const out = new Map<string, Date>();
  const now = reviewedAt(d);
  for (const a of replacedApprovals(d)) {
    if (a.approved.legalBasis !== d.legalBasis || (now && a.at.getTime() >= now.getTime())) continue;
    for (const m of a.approved.measures) {
      if (!d.measures.includes(m)) continue;
      const had = out.get(m);
      if (!had || a.at.getTime() < had.getTime()) out.set(m, a.at);
    }
  }
  return out;
}

/** Whether the current approval leaves this execution to a replaced one (`earlierApproval`). */
function coveredEarlier(
  d: DecisionForVerdict,
  measure: string,
  date: string,
  start: Date,
): EarlierApproval | null {
  if (!needsApproval(d.legalBasis)) return null;
  const at = reviewedAt(d);
  const binds = reviewBinds(d, start) && at !== null && at.getTime() <= start.getTime();
  if (binds && !unreviewedRevision(d, measure, date)) return null;
  return earlierApproval(d, measure, date, start);
}

/** The approval as a version carries it: a review recorded with coercion-review, else the source's date. */
function approvalKey(v: DecisionVersion): string | null {
  if (v.reviewedAt)
    return `review ${v.reviewedAt.getTime()} ${v.reviewOutcome ?? ''} ${(v.reviewMeasures ?? []).join('\u0000')} ${v.reviewValidTo ?? ''}`;
  return v.approvedAt ? `source ${v.approvedAt.getTime()}` : null;
}

interface ApprovedVersion {
  /** The version the approval was first stored with: what it covers. */
  approved: DecisionVersion;
  /** The versions stored after it, the last being the current. */
  later: readonly DecisionVersion[];
}

const approvedVersions = new WeakMap<DecisionForVerdict, ApprovedVersion | null>();

/**
 * hol. § 9-8: what the current approval covers — the earliest stored version of the decision
 * carrying the same approval as it carries now (the source's approval date, or the review recorded
 * with coercion-review, which imports never change): the decision as it stood when the approval
 * was first stored with it. Null when the decision was never revised, has no approval, or the
 * approval came with the version stored now. Helsespor knows the versions it stored: a source
 * revision made before the first import is not seen.
 */
export function approvedVersion(d: DecisionForVerdict): ApprovedVersion | null {
  const vs = d.versions;
  if (!vs || vs.length < 2) return null;
  let v = approvedVersions.get(d);
  if (v === undefined) {
    const key = approvalKey(vs[vs.length - 1]!);
    const i = key === null ? -1 : vs.findIndex((x) => approvalKey(x) === key);
    v = i < 0 || i === vs.length - 1 ? null : { approved: vs[i]!, later: vs.slice(i + 1) };
    approvedVersions.set(d, v);
  }
  return v;
}

/** The last day a version runs (one year at most: hol. § 9-7, pbrl. § 4A-5). */
function versionLastDay(v: Pick<DecisionVersion, 'legalBasis' | 'validFrom' | 'validTo'>): string | null {
  if (!ONE_YEAR.has(v.legalBasis)) return v.validTo;
  const cap = oneYearLastDay(v.validFrom);
  return v.validTo === null || v.validTo > cap ? cap : v.validTo;
}

/**
 * The last day the approval covers at `start` (hol. § 9-8): the decision's (`lastValidDay`), or the
 * approved version's when a revision extended the period under the same approval.
 */
function approvedLastDay(d: DecisionForVerdict, start: Date, measure?: string, date?: string): string | null {
  const last = lastValidDay(d, start);
  const earlier = measure && date ? coveredEarlier(d, measure, date, start) : null;
  const av = earlier ? null : needsApproval(d.legalBasis) ? approvedVersion(d) : null;
  const approved = earlier ? versionLastDay(earlier.approved) : av ? versionLastDay(av.approved) : null;
  return approved !== null && (last === null || approved < last) ? approved : last;
}

/**
 * hol. § 9-8: the period the current approval covers, when a revision stored under the same
 * approval widened the decision's period (`approvedVersion`): the approved version's first and
 * last day (one year at most). Null when the decision needs no approval, was not widened, or the
 * approval came with the version stored now. For the chart (report-svg.ts); the verdicts judge
 * such days with `unreviewedRevision`. With a measure: also the days of the versions replaced
 * approvals still cover for it (hull of the periods).
 */
export function approvedPeriod(
  d: DecisionForVerdict,
  measure?: string,
): { from: string; lastDay: string | null } | null {
  if (!needsApproval(d.legalBasis)) return null;
  const av = approvedVersion(d);
  if (!av) return null;
  let from = av.approved.validFrom;
  let lastDay = versionLastDay(av.approved);
  // With a measure: the days a replaced approval still covers for it count too (`earlierApproval`;
  // review s43: a measure a replaced approval covers was drawn approved to the decision's new end,
  // beside executions past both approved ends judged NOT_YET_APPROVED).
  if (measure !== undefined)
    for (const a of replacedApprovals(d)) {
      if (a.approved.legalBasis !== d.legalBasis || !a.approved.measures.includes(measure)) continue;
      const last = versionLastDay(a.approved);
      if (a.approved.validFrom < from) from = a.approved.validFrom;
      if (lastDay !== null && (last === null || last > lastDay)) lastDay = last;
    }
  const last = versionLastDay(d);
  const wider = d.validFrom < from || (lastDay !== null && (last === null || last > lastDay));
  return wider ? { from, lastDay } : null;
}

function versionCovers(v: DecisionVersion, date: string): boolean {
  const last = versionLastDay(v);
  return v.validFrom <= date && (last === null || date <= last);
}

/** What of an execution (measure, Oslo date) a revision added after the approval, and in which version. */
export interface UnreviewedRevision {
  what: 'legal basis' | 'measure' | 'day';
  approved: DecisionVersion;
  /** The first version after the approved one that added it. */
  addedIn: DecisionVersion;
}

/**
 * hol. § 9-8, § 9-5 tredje ledd b/c: whether the current approval leaves out this measure on this
 * day, because a version stored after the approved one (`approvedVersion`) added it under the same
 * approval: another legal basis, a measure, or days outside the approved period. Null when the
 * approval covers it (also for a narrowing revision), and for a decision needing no approval.
 */
export function unreviewedRevision(
  d: DecisionForVerdict,
  measure: string,
  date: string,
): UnreviewedRevision | null {
  if (!needsApproval(d.legalBasis)) return null;
  const av = approvedVersion(d);
  if (!av) return null;
  const { approved, later } = av;
  const first = (added: (v: DecisionVersion) => boolean) => later.find(added) ?? later[later.length - 1]!;
  if (approved.legalBasis !== d.legalBasis)
    return { what: 'legal basis', approved, addedIn: first((v) => v.legalBasis === d.legalBasis) };
  if (!approved.measures.includes(measure))
    return { what: 'measure', approved, addedIn: first((v) => v.measures.includes(measure)) };
  if (!versionCovers(approved, date))
    return { what: 'day', approved, addedIn: first((v) => versionCovers(v, date)) };
  return null;
}

const quoted = (ms: readonly string[]) => ms.map((m) => `"${m}"`).join(', ');
const storedText = (v: DecisionVersion) => (v.storedAt ? `stored ${osloIso(v.storedAt)}` : 'as first stored');

/** The approval a decision's current version carries, for people. */
function approvalName(d: DecisionForVerdict): string {
  const at = reviewedAt(d)!;
  const office = reviewingOffice(at);
  return d.reviewOutcome != null
    ? `${office}'s review of ${osloIso(at)} (recorded with coercion-review)`
    : `${office}'s approval of ${osloIso(at)}`;
}

/** hol. § 9-8: what a revision under the same approval widened, one phrase each (none: not widened). */
function widenings(d: DecisionForVerdict, a: DecisionVersion): string[] {
  const out: string[] = [];
  if (a.legalBasis !== d.legalBasis) out.push(`legal basis ${d.legalBasis} (approved as ${a.legalBasis})`);
  const added = d.measures.filter((m) => !a.measures.includes(m));
  if (added.length) out.push(`${quoted(added)} added`);
  if (d.validFrom < a.validFrom) out.push(`valid from ${d.validFrom} (approved from ${a.validFrom})`);
  const last = versionLastDay(d);
  const approvedLast = versionLastDay(a);
  if (approvedLast !== null && (last === null || last > approvedLast))
    out.push(`valid to ${d.validTo ?? 'open'} (approved to ${approvedLast})`);
  return out;
}

function reviewText(d: DecisionForVerdict): string {
  const outcome = outcomeOf(d);
  const c = d.changedBy;
  const by = c
    ? `${changeBody(c).name} ${osloIso(d.approvedAt!)} (${changeBody(c).law}: a change of the approval, binding from then)`
    : `${reviewingOffice(d.approvedAt!)} ${osloIso(d.approvedAt!)}`;
  if (outcome === 'REFUSED') return `refused by ${by}`;
  if (outcome === 'APPROVED_IN_PART')
    return `approved in part by ${by} (only ${(d.reviewMeasures ?? []).map((m) => `"${m}"`).join(', ') || 'no measure'})`;
  if (outcome === 'SHORTENED') return `approved by ${by}, shortened to ${d.reviewValidTo}`;
  return `approved by ${by}`;
}

/**
 * hol. § 9-5 tredje ledd bokstav a, § 9-7: a hol-9-5a record is the written record (beslutning)
 * of an emergency, naming the measures used. It marks an execution of one of those measures, and
 * no other (review s41: an execution of a measure it does not name was EMERGENCY_A). Its days are
 * not checked: the sources register several emergencies under one record.
 */
function marksEmergency(a: DecisionForVerdict, measure: string): boolean {
  return a.measures.includes(measure);
}

/** Why the recorded claim does not hold, or null if it does. */
function claimProblem(
  claim: DecisionForVerdict | undefined,
  claimId: string,
  e: ExecutionForVerdict,
  date: string,
): string | null {
  if (!claim) return `the recorded decision ${claimId} is not known`;
  claim = stateAt(claim, e.start);
  if (claim.legalBasis === 'hol-9-5a')
    return marksEmergency(claim, e.measure)
      ? null
      : `the recorded § 9-5 a emergency record ${claim.id} does not record "${e.measure}" (it records ${claim.measures.map((m) => `"${m}"`).join(', ')})`;
  if (!claim.measures.includes(e.measure))
    return `the recorded decision ${claim.id} does not authorise "${e.measure}"`;
  const lapsed = lapsedBefore(claim, date);
  if (lapsed) return lapsedText(claim, lapsed, true);
  if (!validOn(claim, date, e.start))
    return `the recorded decision ${claim.id} was not valid on ${date} (valid ${period(claim)})`;
  if (madeAfter(claim, e.start))
    return `the recorded decision ${claim.id} was made only on ${osloIso(claim.decidedAt!)}, after the start ${osloIso(e.start)} (${claim.legalBasis === 'pbrl-4A' ? 'pbrl. § 4A-5' : 'hol. § 9-7'}: a decision is made before it is carried out)`;
  if (status(claim, e.measure, e.start, date) === 'refused')
    return `the recorded decision ${claim.id} was ${reviewText(claim)}`;
  return null;
}

/** A verdict; its reason (text for people) is built only when read: a report over 27,000 executions does not need it. */
class Judgement implements VerdictResult {
  private text: string | undefined;
  readonly lastValidDay: string | null;
  readonly minutesOutside: number;
  /** The last day covered, with the successor decisions that carried the execution on. */
  private readonly covered: { last: string | null; by: DecisionForVerdict[] };
  /** pbrl. §§ 4A-7, 4A-8: the review that set the decision aside after the start (`setAside`). */
  private readonly setAsideAt: Date | null;
  constructor(
    readonly verdict: Verdict,
    private readonly decision: DecisionForVerdict | undefined,
    private readonly e: ExecutionForVerdict,
    private readonly date: string,
    private readonly claim: DecisionForVerdict | undefined,
    private readonly refused: DecisionForVerdict | undefined = undefined,
    private readonly extra: string | null = null,
    private readonly decisions?: DecisionIndex,
  ) {
    // A VALID execution is authorised to the last day the approval covers (hol. § 9-8).
    // hol. § 9-8: a § 9-5 b/c decision Statsforvalteren refused never authorised an execution
    // (`decisionLastValidDay`); pbrl. §§ 4A-7, 4A-8: one set aside was valid until the review took
    // effect (`setAside`). Review s44: the stated end was shown beside the refusal.
    const found = decision ? setAside(decision, e.measure) : null;
    const sa = found && e.start.getTime() < found.at.getTime() ? found : null;
    this.setAsideAt = sa?.at ?? null;
    this.lastValidDay = !decision
      ? null
      : needsApproval(decision.legalBasis) && refusedAt(decision)
        ? null
        : sa
          ? date > sa.lastDay
            ? date
            : sa.lastDay
          : verdict === 'VALID'
            ? approvedLastDay(decision, e.start, e.measure, date)
            : lastValidDay(decision, e.start);
    this.covered = { last: this.lastValidDay, by: [] };
    let outside = 0;
    if (this.lastValidDay !== null && e.end) {
      // Set aside: authorised until the review's time (a successor is not looked for).
      let boundary = sa ? sa.at.getTime() : Date.parse(endOfDay(this.lastValidDay));
      // Past the decision's last day: a successor may carry it on (rare; the common case costs nothing more).
      if (!sa && e.end.getTime() > boundary && decision && decisions) {
        this.covered = coveredTo(decision, this.lastValidDay, e, verdict, decisions);
        boundary = this.covered.last === null ? Infinity : Date.parse(endOfDay(this.covered.last));
      }
      if (e.end.getTime() > boundary) outside = Math.round((e.end.getTime() - boundary) / 60_000);
    }
    this.minutesOutside = outside;
  }

  get decisionId(): string | null {
    return this.decision?.id ?? null;
  }

  get reason(): string {
    return (this.text ??= this.explain());
  }

  /** The same judgement with another verdict and a note (phvl. § 4-8: one use per decision). */
  overruled(verdict: Verdict, note: string): Judgement {
    return new Judgement(verdict, undefined, this.e, this.date, this.claim, undefined, note);
  }

  private explain(): string {
    const { e, date, decision: d } = this;
    const problem = e.recordedDecisionId ? claimProblem(this.claim, e.recordedDecisionId, e, date) : null;
    const notes = [
      ...(d ? decisionProblems(d) : []),
      ...(problem ? [problem] : []),
      ...(this.covered.by.length
        ? [
            `it ran on past ${this.lastValidDay} under ${this.covered.by.map((x) => `decision ${x.id} (valid ${period(x)})`).join(', then ')}`,
          ]
        : []),
      ...(this.minutesOutside
        ? [
            this.covered.by.length
              ? `it ran ${this.minutesOutside} minutes past ${this.covered.last}, the last day a decision covered (partly outside)`
              : this.setAsideAt
                ? `it ran ${this.minutesOutside} minutes past ${osloIso(this.setAsideAt)}, when ${reviewingOffice(this.setAsideAt)}'s review ended what decision ${d!.id} authorised (pbrl. §§ 4A-7, 4A-8) (partly outside)`
                : d && this.lastValidDay !== lastValidDay(d, e.start)
                  ? `it ran ${this.minutesOutside} minutes past ${this.lastValidDay}, the last day of the version approved (version ${(coveredEarlier(d, e.measure, date, e.start) ?? approvedVersion(d))!.approved.number}; hol. § 9-8) (partly outside)`
                  : `it ran ${this.minutesOutside} minutes past the decision's last valid day ${this.lastValidDay} (partly outside)`,
          ]
        : []),
    ];
    const tail = notes.map((n) => `; ${n}`).join('');
    if (this.verdict === 'VALID') {
      const earlier = coveredEarlier(d!, e.measure, date, e.start);
      const approval = earlier
        ? `, approved by ${reviewingOffice(earlier.at)} ${osloIso(earlier.at)}: that approval covers version ${earlier.approved.number} of decision ${d!.id} (valid ${earlier.approved.validFrom}–${earlier.approved.validTo ?? 'open'}, ${quoted(earlier.approved.measures)}; ${storedText(earlier.approved)}), which stated this; the source replaced its date with ${d!.approvedAt ? osloIso(d!.approvedAt) : 'none'} in version ${earlier.replacedIn.number} (${storedText(earlier.replacedIn)}), and a replaced approval still covers the version it approved (hol. § 9-8)`
        : needsApproval(d!.legalBasis)
          ? `, ${reviewText(d!)}`
          : d!.legalBasis === 'phvl-4-8'
            ? ', phvl. § 4-8: the use is its own decision, no prior approval'
            : `, ${d!.legalBasis} needs no approval by Statsforvalteren`;
      return `decision ${d!.id} (${d!.legalBasis}, valid ${period(d!)}) authorises "${e.measure}" on ${date}${approval}${tail}`;
    }
    if (this.verdict === 'NOT_YET_APPROVED') {
      const at = reviewedAt(d!);
      const u = at && at.getTime() <= e.start.getTime() ? unreviewedRevision(d!, e.measure, date) : null;
      if (u) {
        const a = u.approved;
        const added =
          u.what === 'measure'
            ? `"${e.measure}" was added`
            : u.what === 'day'
              ? `the day ${date} was added`
              : `the legal basis ${d!.legalBasis} was set`;
        return `decision ${d!.id} (${d!.legalBasis}, valid ${period(d!)}) authorises "${e.measure}" on ${date}, but ${approvalName(d!)} covers version ${a.number} of decision ${d!.id} (valid ${a.validFrom}–${a.validTo ?? 'open'}, ${a.legalBasis}, ${quoted(a.measures)}; ${storedText(a)}); ${added} in version ${u.addedIn.number} (${storedText(u.addedIn)}) under the same approval, a revision that has not been reviewed (hol. § 9-8, § 9-5 tredje ledd b/c: an approval covers what was reviewed)${tail}`;
      }
      const office = reviewingOffice(at ?? e.start);
      const when = at
        ? `only on ${osloIso(at)}`
        : approvalPredates(d!)
          ? 'not (the approval registered is dated before the decision was made)'
          : 'not (no approval registered)';
      return `decision ${d!.id} (${d!.legalBasis}, valid ${period(d!)}) authorises "${e.measure}" on ${date}, but ${office} approved it ${when}, after the start ${osloIso(e.start)}${tail}`;
    }
    // hol. § 9-7, pbrl. § 4A-5: a decision for this measure without an end date that lapsed
    // after one year is named (the recorded one is, by claimProblem).
    const lapsed = (this.decisions?.byMeasure.get(e.measure) ?? [])
      .filter((x) => x !== this.claim)
      .flatMap((x) => {
        const cap = lapsedBefore(x, date);
        return cap ? [`; ${lapsedText(x, cap, false)}`] : [];
      })
      .join('');
    const none = `no decision authorising "${e.measure}" was valid on ${date}${lapsed}`;
    const refused = this.refused ? `; decision ${this.refused.id} was ${reviewText(this.refused)}` : '';
    const extra = this.extra ? `; ${this.extra}` : '';
    if (this.verdict === 'EMERGENCY_A') {
      const how =
        this.claim?.legalBasis === 'hol-9-5a' && marksEmergency(this.claim, e.measure)
          ? `registered under the § 9-5 a emergency record ${this.claim.id}`
          : 'recorded and reported as a § 9-5 a emergency measure';
      return `${none}${refused}; ${how}${extra}${tail}`;
    }
    if (this.verdict === 'UNDETERMINED')
      return `${none}${refused}; the source registered it under no decision and does not say whether it was a § 9-5 a emergency, so whether it was lawful cannot be determined from the record${extra}${tail}`;
    return `${none}${refused}, and it was not reported as a § 9-5 a emergency${extra}${tail}`;
  }
}

/**
 * hol. §§ 9-7, 9-8: an execution that runs past the midnight ending its decision's last valid
 * day is carried on by a successor decision for the same measure that authorised it at that
 * midnight (approved, for a VALID verdict; not refused, for NOT_YET_APPROVED), and so on: the
 * last day covered, and the successors. A phvl-4-8 decision covers one use and carries
 * nothing on; a hol-9-5a record authorises nothing.
 */
function coveredTo(
  d: DecisionForVerdict,
  last: string | null,
  e: ExecutionForVerdict,
  verdict: Verdict,
  decisions: DecisionIndex,
): { last: string | null; by: DecisionForVerdict[] } {
  const by: DecisionForVerdict[] = [];
  if (last === null || !e.end || d.legalBasis === 'phvl-4-8') return { last, by };
  const seen = new Set([d.id]);
  for (;;) {
    const boundary: Date = new Date(endOfDay(last));
    if (e.end.getTime() <= boundary.getTime()) return { last, by };
    const next = addDays(last, 1);
    const successor = (decisions.byMeasure.get(e.measure) ?? [])
      .map((x) => stateAt(x, boundary))
      .find((x) => {
        if (seen.has(x.id) || x.legalBasis === 'hol-9-5a' || x.legalBasis === 'phvl-4-8') return false;
        if (!validOn(x, next, boundary) || madeAfter(x, boundary)) return false;
        const s = status(x, e.measure, boundary, next);
        return verdict === 'VALID' ? s === 'approved' : s !== 'refused';
      });
    if (!successor) return { last, by };
    seen.add(successor.id);
    by.push(successor);
    const l: string | null =
      verdict === 'VALID'
        ? approvedLastDay(successor, boundary, e.measure, next)
        : lastValidDay(successor, boundary);
    if (l === null) return { last: null, by };
    last = l;
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
  return (claim && list.find((x) => x.id === claim.id)) ?? list[list.length - 1];
}

/**
 * `decisions`: all decisions of the patient, indexed once with `indexDecisions`.
 */
export function judge(e: ExecutionForVerdict, decisions: DecisionIndex): VerdictResult {
  return judgeOne(e, decisions);
}

function judgeOne(e: ExecutionForVerdict, decisions: DecisionIndex): Judgement {
  const date = osloDate(e.start);
  const claim = e.recordedDecisionId ? decisions.byAlias.get(e.recordedDecisionId) : undefined;
  const candidates: DecisionForVerdict[] = [];
  const approved: DecisionForVerdict[] = [];
  let refused: DecisionForVerdict | undefined;
  for (const stored of decisions.byMeasure.get(e.measure) ?? []) {
    // A § 9-5 a record marks one emergency; it authorises nothing beforehand.
    if (stored.legalBasis === 'hol-9-5a') continue;
    // As its approval stood at the start (a later change binds from its time: stateAt).
    const d = stateAt(stored, e.start);
    if (!validOn(d, date, e.start) || madeAfter(d, e.start)) continue;
    const s = status(d, e.measure, e.start, date);
    if (s === 'refused') {
      refused = d;
      continue;
    }
    candidates.push(d);
    if (s === 'approved') approved.push(d);
  }
  if (approved.length)
    return new Judgement('VALID', prefer(approved, claim), e, date, claim, undefined, null, decisions);
  if (candidates.length)
    return new Judgement(
      'NOT_YET_APPROVED',
      prefer(candidates, claim),
      e,
      date,
      claim,
      undefined,
      null,
      decisions,
    );
  const markedA = claim?.legalBasis === 'hol-9-5a' && marksEmergency(claim, e.measure);
  const verdict: Verdict =
    e.emergencyReported || markedA
      ? 'EMERGENCY_A'
      : e.emergencyReported === null && !claim && !e.recordedDecisionId
        ? 'UNDETERMINED'
        : 'NO_VALID_DECISION';
  return new Judgement(verdict, undefined, e, date, claim, refused, null, decisions);
}

/**
 * Judges executions in order (oldest first). phvl. § 4-8: each use of a coercive means is
 * its own decision, so a phvl-4-8 decision covers the first execution judged VALID under
 * it; a later one under the same decision is NO_VALID_DECISION.
 */
export function judgeAll(es: readonly ExecutionForVerdict[], decisions: DecisionIndex): VerdictResult[] {
  const used = new Set<string>();
  return es.map((e) => {
    const j = judgeOne(e, decisions);
    const d = j.decisionId ? decisions.byAlias.get(j.decisionId) : undefined;
    if (d?.legalBasis !== 'phvl-4-8') return j;
    if (!used.has(d.id)) {
      used.add(d.id);
      return j;
    }
    return j.overruled(
      'NO_VALID_DECISION',
      `decision ${d.id} (phvl. § 4-8) was already used by an earlier execution: each use of a coercive means is its own decision`,
    );
  });
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

/**
 * Repeated emergencies (hol. § 9-5 tredje ledd bokstav a vs. b): bokstav a covers a single,
 * unforeseen emergency; emergencies that recur call for a planned measure under a
 * b-decision. Threshold: a second EMERGENCY_A of the same measure for the same person
 * within 365 days of the previous one starts a pattern. Two is the least that is
 * "gjentatte" (repeated); one year is the longest a b-decision could have covered (hol.
 * § 9-7), so a b-decision made at the first emergency would have covered the second. That
 * year is also counted as the decision's would be: to the first's Oslo date + one year − one
 * day (`oneYearLastDay`), which is 366 days across a 29 February (review s32: 365 × 24 hours
 * left out an emergency on the last day such a decision ran). It is a flag for assessment,
 * not a verdict: each execution keeps its verdict.
 *
 * Across the start of a period (a legal matter's, a report's `from`): the emergencies before
 * it (`beforePeriod`, those of the year before, as EMERGENCY_PATTERN reaches) count for the
 * rule, since the law asks whether the emergencies recur, not whether they recur within the
 * period asked. A pattern shows only its executions in the period (count, minutes, first, last
 * and ids: the evidence the caller may see) and says `beganBeforePeriod`; a pattern wholly
 * before the period is not shown. Task s33: an emergency before a matter's period and one
 * within it were two single emergencies in the report.
 */
export const EMERGENCY_PATTERN = { minCount: 2, withinDays: 365 } as const;

/**
 * The first Oslo date whose emergencies can make one on or after `from` repeated: one year and
 * a day back (an emergency on it reaches `from` by `oneYearLastDay`, 366 days across a 29
 * February; 365 days of 24 hours reach no further), so the report reads these too.
 */
export function patternLookbackFrom(from: string): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 367);
  return d.toISOString().slice(0, 10);
}

export interface EmergencyPattern {
  measure: string;
  count: number;
  totalMinutes: number;
  first: Date;
  last: Date;
  executionIds: string[];
  /** Earlier emergencies of the pattern fall before the period (not shown, but counted for the rule). */
  beganBeforePeriod: boolean;
}

export function emergencyPatterns(
  es: readonly {
    id: string;
    measure: string;
    start: Date;
    verdict: Verdict;
    durationMinutes: number;
    /** Before the period asked: counts for the rule, is not shown. */
    beforePeriod?: boolean;
  }[],
  /**
   * Given: the ids of the executions before the period that made a pattern shown (its
   * beganBeforePeriod) are added here. Not shown, but what they say reached the caller, so the
   * access log names them (pasientjournalforskriften § 14; review s34).
   */
  usedEarlier?: Set<string>,
): EmergencyPattern[] {
  const byMeasure = new Map<string, (typeof es)[number][]>();
  for (const e of es) {
    if (e.verdict !== 'EMERGENCY_A') continue;
    let list = byMeasure.get(e.measure);
    if (!list) byMeasure.set(e.measure, (list = []));
    list.push(e);
  }
  const out: EmergencyPattern[] = [];
  const within = EMERGENCY_PATTERN.withinDays * 86_400_000;
  for (const [measure, list] of byMeasure) {
    const sorted = [...list].sort((a, b) => a.start.getTime() - b.start.getTime());
    let chain: (typeof es)[number][] = [];
    const flush = () => {
      const shown = chain.filter((x) => !x.beforePeriod);
      if (chain.length >= EMERGENCY_PATTERN.minCount && shown.length && usedEarlier)
        for (const x of chain) if (x.beforePeriod) usedEarlier.add(x.id);
      if (chain.length >= EMERGENCY_PATTERN.minCount && shown.length)
        out.push({
          measure,
          count: shown.length,
          totalMinutes: shown.reduce((a, x) => a + x.durationMinutes, 0),
          first: shown[0]!.start,
          last: shown[shown.length - 1]!.start,
          executionIds: shown.map((x) => x.id),
          beganBeforePeriod: shown.length < chain.length,
        });
    };
    for (const e of sorted) {
      const prev = chain[chain.length - 1];
      const inYear =
        prev &&
        (e.start.getTime() - prev.start.getTime() <= within ||
          osloDate(e.start) <= oneYearLastDay(osloDate(prev.start)));
      if (prev && !inYear) {
        flush();
        chain = [];
      }
      chain.push(e);
    }
    flush();
  }
  return out.sort((a, b) => a.first.getTime() - b.first.getTime() || a.measure.localeCompare(b.measure));
}
