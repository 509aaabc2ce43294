// Generated from schema/coercion.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRef, ReportParent } from '../resolvers';
import type { DecisionWithSources } from '../store';
import type { EvaluatedExecution } from '../evaluate';
import type { ProtectedTable, PublishedCell } from '../../../lib/policy/disclosure';
import type { SubjectParent } from '../../../lib/policy/research-resolvers';
import type { SubgraphContext } from '../../../lib/subgraph';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  link__Import: { input: unknown; output: unknown };
  _FieldSet: { input: unknown; output: unknown };
};

/** A later decision changing a coercion decision's approval (CoercionDecision.approvalChanges). */
export type CoercionApprovalChange = {
  __typename?: 'CoercionApprovalChange';
  /** When it binds from (ISO 8601 with the Oslo offset). */
  bindsFrom: Scalars['String']['output'];
  /** The body as named on its day, e.g. 'barneverns- og helsenemnda'. */
  body: Scalars['String']['output'];
  /** NEMNDA (the barneverns- og helsenemnda, before 2023 the fylkesnemnda: hol. § 9-11), COURT, or STATSFORVALTEREN (a reversal, forvaltningsloven § 35). */
  decidedBy: Scalars['String']['output'];
  /** The decision whose approval it changed. */
  decisionId: Scalars['ID']['output'];
  /** The change's own id (coercion.approval_change). */
  id: Scalars['ID']['output'];
  /**
   * Versions of the decision a source export stored after this change was recorded (numbered as
   * CoercionDecision.history). The change still applies: a supervisory body's decision stands until a
   * new decision (hol. § 9-11, forvaltningsloven § 35); what the revision changed was not before the
   * body, so an archivist checks it (coercionApprovalChangeConflicts). Empty: none.
   */
  laterSourceRevisions: Array<CoercionSourceRevision>;
  /** The provision it was made under. */
  law: Scalars['String']['output'];
  /** APPROVED_IN_PART: the measures approved. */
  measures?: Maybe<Array<Scalars['String']['output']>>;
  outcome: CoercionReviewOutcome;
  /** Why, as recorded. */
  reason: Scalars['String']['output'];
  recordedAt: Scalars['String']['output'];
  recordedBy: Scalars['String']['output'];
  /** SHORTENED: the last day approved. */
  validTo?: Maybe<Scalars['String']['output']>;
};

/** A change of an approval a later source revision of its decision has not been checked against (coercionApprovalChangeConflicts). */
export type CoercionApprovalChangeConflict = {
  __typename?: 'CoercionApprovalChangeConflict';
  change: CoercionApprovalChange;
  decision: CoercionDecision;
  decisionId: Scalars['ID']['output'];
  laterSourceRevisions: Array<CoercionSourceRevision>;
  /** What it means: the change still applies; check the revised decision against the body's letter. */
  rule: Scalars['String']['output'];
};

/**
 * A later decision changing an approval, from its letter (CoercionApprovalChange). All fields are
 * checked as the CLI coercion-approval-change checks its options.
 */
export type CoercionApprovalChangeInput = {
  /** When it binds from: a date YYYY-MM-DD (Oslo midnight) or an ISO 8601 time with offset; after the approval or review in force and the last change, not in the future. */
  bindsFrom: Scalars['String']['input'];
  /** NEMNDA (the barneverns- og helsenemnda, before 2023 the fylkesnemnda: hol. § 9-11), COURT, or STATSFORVALTEREN (a reversal, forvaltningsloven § 35). */
  decidedBy: Scalars['String']['input'];
  decisionId: Scalars['ID']['input'];
  /** APPROVED_IN_PART: the measures approved (each one the decision lists). */
  measures?: InputMaybe<Array<Scalars['String']['input']>>;
  outcome: CoercionReviewOutcome;
  /** Why the approval was changed (required). */
  reason: Scalars['String']['input'];
  /** SHORTENED: the last day approved (YYYY-MM-DD). */
  validTo?: InputMaybe<Scalars['String']['input']>;
};

/** Tvangsvedtak: a decision authorising coercive measures. */
export type CoercionDecision = {
  __typename?: 'CoercionDecision';
  /**
   * Later decisions changing the approval, oldest first: the nemnda on a complaint against
   * Statsforvalteren's decision or a court (hol. § 9-11), or Statsforvalteren reversing its own
   * (forvaltningsloven § 35). Each binds from its own time (bindsFrom): the executions before it keep
   * their verdict, those after it are judged by the approval as it changed it; the approval and review
   * above are kept as they were. Recorded with recordCoercionApprovalChange or the CLI
   * coercion-approval-change; never changed.
   */
  approvalChanges: Array<CoercionApprovalChange>;
  /** When Statsforvalteren (before 2021 Fylkesmannen) approved the decision, wholly or in part; null if not, or if refused. */
  approvedByStatsforvalterAt?: Maybe<Scalars['String']['output']>;
  /** When the decision was made (vedtatt). */
  decidedAt: Scalars['String']['output'];
  /** HPR number of the person responsible for the decision, when a source records it. */
  decidedBy?: Maybe<Scalars['String']['output']>;
  /** Where the sources disagree about this decision (empty when they agree). */
  discrepancies: Array<Scalars['String']['output']>;
  /** The executions this decision covers according to their verdicts (whatever decision the source recorded), oldest first. */
  executions: Array<CoercionExecution>;
  /**
   * Earlier versions, oldest first: what the decision said before each change kept in
   * coercion.record_version (a later source export, a merge of its migrated copy, a recorded
   * review), when, by what and why. The same access as the decision, each version by its own
   * validity period, and logged as a read of the decision.
   */
  history: Array<CoercionDecisionVersion>;
  /** The decision's id: the Gerica VedtakID for decisions first made in Gerica (also when migrated to HP), else the HP id. */
  id: Scalars['ID']['output'];
  /** Begrunnelse: the grounds, as written. */
  justification: Scalars['String']['output'];
  /**
   * The last day the decision authorises as judged: its end, at most one year (hol. § 9-7 / pbrl.
   * § 4A-5), or the shortened end; for a pbrl. kap. 4A decision Statsforvalteren set aside (or
   * shortened to a day before the review), the day before the review (pbrl. §§ 4A-7, 4A-8: binding
   * from then); null for a hol. § 9-5 b/c decision Statsforvalteren refused (hol. § 9-8: it never
   * authorised an execution), and for an open end. lastValidDayNote says which.
   */
  lastValidDay?: Maybe<Scalars['String']['output']>;
  /** Why lastValidDay is not the decision's own end (set aside, shortened back, refused); null when it is. */
  lastValidDayNote?: Maybe<Scalars['String']['output']>;
  /** Legal basis (hjemmel): hol-9-5a, hol-9-5b, hol-9-5c (helse- og omsorgstjenesteloven § 9-5 tredje ledd a/b/c; before 2012 sosialtjenesteloven § 4A-5, mapped to these), pbrl-4A, phvl-4-8 (psykisk helsevernloven § 4-8: each use its own decision). */
  legalBasis: Scalars['String']['output'];
  /** The measures the decision authorises (tiltak); it authorises only these. */
  measures: Array<Scalars['String']['output']>;
  /** What is wrong with the decision itself, e.g. no end date (hol. § 9-7 / pbrl. § 4A-5: at most one year). */
  problems: Array<Scalars['String']['output']>;
  /** Statsforvalteren's review (overprøving, hol. § 9-8) and its outcome; null when none is registered. */
  review?: Maybe<CoercionReview>;
  /** The office that reviews it: Fylkesmannen before 2021, Statsforvalteren since (by the review date, else the decision date). */
  reviewingOffice: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  /** The system and id the decision was first made in. */
  sourceSystem: Scalars['String']['output'];
  /** Every source record of this decision (two for a decision migrated from Gerica to HP). */
  sources: Array<CoercionSource>;
  /** The statute the decision was made under, for people: before 2012 'sosialtjenesteloven § 4A-5 …' (kap. 4A), mapped to today's hol. § 9-5. */
  statute: Scalars['String']['output'];
  /** First day of validity (local date, inclusive). */
  validFrom: Scalars['String']['output'];
  /** Last day of validity (local date, inclusive); null when open-ended. */
  validTo?: Maybe<Scalars['String']['output']>;
};

export type CoercionDecisionProblem = {
  __typename?: 'CoercionDecisionProblem';
  decisionId: Scalars['String']['output'];
  problem: Scalars['String']['output'];
};

export type CoercionDecisionTotal = {
  __typename?: 'CoercionDecisionTotal';
  count: Scalars['Int']['output'];
  /** Null: the executions no decision covered (EMERGENCY_A and NO_VALID_DECISION). */
  decision?: Maybe<CoercionDecision>;
  decisionId?: Maybe<Scalars['String']['output']>;
  totalMinutes: Scalars['Int']['output'];
};

/** An earlier version of a coercion decision: its fields as they were until `replacedAt`. */
export type CoercionDecisionVersion = {
  __typename?: 'CoercionDecisionVersion';
  /** As CoercionDecision.approvedByStatsforvalterAt, read from this version. */
  approvedByStatsforvalterAt?: Maybe<Scalars['String']['output']>;
  decidedAt?: Maybe<Scalars['String']['output']>;
  decidedBy?: Maybe<Scalars['String']['output']>;
  justification?: Maybe<Scalars['String']['output']>;
  legalBasis?: Maybe<Scalars['String']['output']>;
  measures?: Maybe<Array<Scalars['String']['output']>>;
  /**
   * The last day of the period this version belongs to (for a matter's period and a bundle's
   * window, as the decision's history is filtered): its validTo; without one, for a hol. § 9-5 b/c
   * or pbrl. § 4A-5 decision one year from validFrom less a day (hol. § 9-7, pbrl. § 4A-5); null:
   * open (review s42).
   */
  periodLastDay?: Maybe<Scalars['String']['output']>;
  /** Why, e.g. 'changed in a later source export'. */
  reason: Scalars['String']['output'];
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: import (a later source export), or the user or command that named itself. */
  replacedBy: Scalars['String']['output'];
  /** As CoercionDecision.review, read from this version. */
  review?: Maybe<CoercionReview>;
  validFrom?: Maybe<Scalars['String']['output']>;
  validTo?: Maybe<Scalars['String']['output']>;
  /** 1 for the oldest kept. */
  version: Scalars['Int']['output'];
};

/**
 * Repeated § 9-5 a emergencies of one measure: a second EMERGENCY_A within 365 days of the
 * previous one (hol. § 9-5 tredje ledd bokstav b: planned measures for repeated emergencies
 * need a b-decision), also when the previous one fell before the period asked (beganBeforePeriod).
 */
export type CoercionEmergencyPattern = {
  __typename?: 'CoercionEmergencyPattern';
  /**
   * Earlier emergencies of the pattern fall before the period (the year before its start): they
   * count for the rule and are not shown; count, totalMinutes, first, last and executionIds are
   * the period's.
   */
  beganBeforePeriod: Scalars['Boolean']['output'];
  count: Scalars['Int']['output'];
  executionIds: Array<Scalars['String']['output']>;
  first: Scalars['String']['output'];
  last: Scalars['String']['output'];
  measure: Scalars['String']['output'];
  totalMinutes: Scalars['Int']['output'];
};

/** Gjennomføring: one execution of a coercive measure. */
export type CoercionExecution = {
  __typename?: 'CoercionExecution';
  /** The other records of this execution, recorded as the same execution as this one (not counted). */
  alsoRecordedAs: Array<CoercionSameExecutionLink>;
  /** Less intrusive alternatives tried first, when the source records them. */
  alternativesTried?: Maybe<Scalars['String']['output']>;
  /** The decision valid at the start that covers this execution (null for EMERGENCY_A and NO_VALID_DECISION). */
  decision?: Maybe<CoercionDecision>;
  description: Scalars['String']['output'];
  /** True duration in minutes (absolute time, across midnight and daylight-saving changes). */
  durationMinutes: Scalars['Int']['output'];
  /** The source marks it a § 9-5 a emergency (true), otherwise (false), or says nothing (null). */
  emergencyReported?: Maybe<Scalars['Boolean']['output']>;
  end: Scalars['String']['output'];
  /** The staff who carried it out (utført av). */
  executedBy: Array<Practitioner>;
  /** HPR or employee numbers of the staff, as the source recorded them. */
  executedByIds: Array<Scalars['String']['output']>;
  /**
   * Earlier versions, oldest first: what the execution said before each change kept in
   * coercion.record_version (a later source export), when, by what and why. The same access as
   * the execution, each version by its own start, and logged as a read of the execution. Its
   * verdict is today's, of the execution as it is now.
   */
  history: Array<CoercionExecutionVersion>;
  id: Scalars['ID']['output'];
  /** The matched decision's last valid day as judged (one-year limit, shortened period, the day before a pbrl. kap. 4A review set it aside; null under a hol. § 9-5 b/c decision Statsforvalteren refused: it never authorised one). */
  lastValidDay?: Maybe<Scalars['String']['output']>;
  measure: Scalars['String']['output'];
  /** Minutes the execution ran past the end of that day (partly outside the decision); 0 when none. */
  minutesOutside: Scalars['Int']['output'];
  /** The decision id the source recorded (a claim, checked by the verdict). */
  recordedDecisionId?: Maybe<Scalars['String']['output']>;
  /** The legal basis the source wrote on the execution (Gerica Hjemmel), as written. */
  recordedLegalBasis?: Maybe<Scalars['String']['output']>;
  /** When the execution was registered, when the source records it. */
  reportedAt?: Maybe<Scalars['String']['output']>;
  /**
   * The execution this record is the same execution as, which is counted instead of it, as the
   * journalansvarlig recorded it (markSameCoercionExecution; hol. § 9-7, helsepersonelloven § 42):
   * this record stays, and is not counted in the report, coercionStatistics, the dossier or research;
   * its verdict is the counted record's (verdictReason says so). Null: none.
   */
  sameExecutionAs?: Maybe<CoercionSameExecutionLink>;
  /**
   * Markings naming this record (either side), never undone, that are not in force: a marking counts
   * only while its two records are one person's (hol. § 9-7 with helsepersonelloven § 42), and an
   * archivist has since unlinked the two patient records as two persons. Both records are counted, each
   * as its own person's execution; sameExecutionAs and alsoRecordedAs leave such a marking out. It is
   * in force again if the records are linked again; undoSameCoercionExecution ends it for good.
   */
  sameExecutionNotInForce: Array<CoercionSameExecutionNotInForce>;
  sourceId: Scalars['String']['output'];
  sourceSystem: Scalars['String']['output'];
  /** Distinct people among the recorded staff (one person under HPR and employee number counts once). */
  staffPresent: Scalars['Int']['output'];
  /** hol. § 9-9: a b/c measure carried out with fewer than two staff recorded. */
  staffingShortfall: Scalars['Boolean']['output'];
  /** Start, ISO 8601 with the Europe/Oslo offset in force. */
  start: Scalars['String']['output'];
  /** How local times in a daylight-saving gap or overlap were read (Gerica writes local time without offset). */
  timeNotes: Array<Scalars['String']['output']>;
  verdict: CoercionVerdict;
  /** Why: which decision, validity, approval, and whether the recorded decision held. */
  verdictReason: Scalars['String']['output'];
};

/** An earlier version of a coercion execution: its fields as they were until `replacedAt`. */
export type CoercionExecutionVersion = {
  __typename?: 'CoercionExecutionVersion';
  alternativesTried?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  durationMinutes?: Maybe<Scalars['Int']['output']>;
  emergencyReported?: Maybe<Scalars['Boolean']['output']>;
  end?: Maybe<Scalars['String']['output']>;
  executedByIds?: Maybe<Array<Scalars['String']['output']>>;
  measure?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  recordedDecisionId?: Maybe<Scalars['String']['output']>;
  recordedLegalBasis?: Maybe<Scalars['String']['output']>;
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: import (a later source export), or the user or command that named itself. */
  replacedBy: Scalars['String']['output'];
  reportedAt?: Maybe<Scalars['String']['output']>;
  start?: Maybe<Scalars['String']['output']>;
  timeNotes?: Maybe<Array<Scalars['String']['output']>>;
  /** 1 for the oldest kept. */
  version: Scalars['Int']['output'];
};

/** One legal basis's executions of a measure (CoercionMeasureTotal.byLegalBasis). */
export type CoercionMeasureBasisTotal = {
  __typename?: 'CoercionMeasureBasisTotal';
  count: Scalars['Int']['output'];
  /** hol-9-5a, hol-9-5b, hol-9-5c, pbrl-4A, phvl-4-8; null: not stated. */
  legalBasis?: Maybe<Scalars['String']['output']>;
  longestMinutes: Scalars['Int']['output'];
  /** The provision and what it is for, e.g. 'hol. § 9-5 tredje ledd bokstav a (skadeavvergende tiltak i nødssituasjoner)'. */
  statute?: Maybe<Scalars['String']['output']>;
  totalMinutes: Scalars['Int']['output'];
};

export type CoercionMeasureTotal = {
  __typename?: 'CoercionMeasureTotal';
  /**
   * The same executions by the legal basis each was carried out under: hol. § 9-5 tredje ledd bokstav a
   * (an emergency: EMERGENCY_A) apart from b and c (the decision it was judged under), then pbrl. kap. 4A,
   * phvl. § 4-8, and null (not stated: no decision covered it and the source named no basis) last. The
   * rows add up to the measure's.
   */
  byLegalBasis: Array<CoercionMeasureBasisTotal>;
  count: Scalars['Int']['output'];
  longestMinutes: Scalars['Int']['output'];
  /** The measure, in its one form (lower case, single spaces, Unicode NFC): the same measure from every source. */
  measure: Scalars['String']['output'];
  totalMinutes: Scalars['Int']['output'];
};

export type CoercionOutsideExecution = {
  __typename?: 'CoercionOutsideExecution';
  decisionId: Scalars['String']['output'];
  executionId: Scalars['String']['output'];
  lastValidDay: Scalars['String']['output'];
  minutesOutside: Scalars['Int']['output'];
};

/** Executions that ran past their decision's last valid day. */
export type CoercionPartlyOutside = {
  __typename?: 'CoercionPartlyOutside';
  count: Scalars['Int']['output'];
  executions: Array<CoercionOutsideExecution>;
  /** Sum of the minutes outside. */
  minutesOutside: Scalars['Int']['output'];
};

/**
 * Two executions of one measure for the person whose times overlap: possibly one execution
 * registered twice (in Gerica and in Helseplattformen around the change of systems, or twice in one
 * system; hol. § 9-7). Both are records and both are counted; which one stands is for the person
 * responsible for the record to decide.
 */
export type CoercionPossibleDuplicate = {
  __typename?: 'CoercionPossibleDuplicate';
  /** The two executions, the earlier start first. */
  executionIds: Array<Scalars['String']['output']>;
  measure: Scalars['String']['output'];
  /** Minutes both were going on. */
  minutesOverlap: Scalars['Int']['output'];
  sourceSystems: Array<Scalars['String']['output']>;
  /** Their starts (Europe/Oslo). */
  starts: Array<Scalars['String']['output']>;
};

/** Rapport over tvangsbruk for a patient and period. */
export type CoercionReport = {
  __typename?: 'CoercionReport';
  byDecision: Array<CoercionDecisionTotal>;
  byMeasure: Array<CoercionMeasureTotal>;
  byStaff: Array<CoercionStaffTotal>;
  byVerdict: Array<CoercionVerdictTotal>;
  /** Decisions in the period with problems of their own (no end date, longer than one year). */
  decisionProblems: Array<CoercionDecisionProblem>;
  /** Repeated § 9-5 a emergencies needing a b-decision. */
  emergencyPatterns: Array<CoercionEmergencyPattern>;
  /** Local dates, inclusive; null = unbounded. */
  from?: Maybe<Scalars['String']['output']>;
  /** Executions partly outside their decision, with the minutes outside. */
  partlyOutside: CoercionPartlyOutside;
  /** Executions of one measure whose times overlap: possibly one execution registered twice (counted twice in the totals until recorded as one: sameExecutions). */
  possibleDuplicates: Array<CoercionPossibleDuplicate>;
  /**
   * Records of the period recorded as the same execution as another (markSameCoercionExecution): not
   * counted in the totals, per verdict, measure, staff or decision, or the findings; still on the
   * timeline.
   */
  sameExecutions: Array<CoercionSameExecution>;
  /** hol. § 9-9 staffing shortfalls. */
  staffingShortfalls: Array<CoercionStaffingShortfall>;
  /** The timeline as a printable chart (SVG, A4 landscape), for a case bundle. */
  svg: Scalars['String']['output'];
  timeline: CoercionTimeline;
  to?: Maybe<Scalars['String']['output']>;
  totals: CoercionReportTotals;
};

export type CoercionReportTotals = {
  __typename?: 'CoercionReportTotals';
  executions: Scalars['Int']['output'];
  longestMinutes: Scalars['Int']['output'];
  staffMinutes: Scalars['Int']['output'];
  /** Sum over staff members of their executions (the per-staff rows add up to this, not to executions). */
  staffParticipations: Scalars['Int']['output'];
  totalMinutes: Scalars['Int']['output'];
};

/** Overprøving: Statsforvalteren's review of a decision. */
export type CoercionReview = {
  __typename?: 'CoercionReview';
  /** APPROVED_IN_PART: the measures approved. */
  measures?: Maybe<Array<Scalars['String']['output']>>;
  note?: Maybe<Scalars['String']['output']>;
  /** Fylkesmannen (before 2021) or Statsforvalteren. */
  office: Scalars['String']['output'];
  outcome: CoercionReviewOutcome;
  reviewedAt: Scalars['String']['output'];
  /** SHORTENED: the last day approved. */
  validTo?: Maybe<Scalars['String']['output']>;
};

/** Statsforvalteren's outcome when reviewing a decision (hol. § 9-8). */
export type CoercionReviewOutcome =
  | 'APPROVED'
  /** Only some measures approved (measures). */
  | 'APPROVED_IN_PART'
  | 'REFUSED'
  /** Approved for a shorter period (validTo). */
  | 'SHORTENED';

/**
 * Two records of one execution, recorded as one by the journalansvarlig (hol. § 9-7: each execution
 * documented once; helsepersonelloven § 42: both records stay, the marking is recorded and can be
 * undone, the row kept).
 */
export type CoercionSameExecution = {
  __typename?: 'CoercionSameExecution';
  countedExecutionId: Scalars['ID']['output'];
  /** The record not counted: the same execution as countedExecutionId. */
  executionId: Scalars['ID']['output'];
  /** ISO 8601 with the Oslo offset. */
  markedAt: Scalars['String']['output'];
  markedBy: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  /** The source systems of executionId and countedExecutionId. */
  sourceSystems: Array<Scalars['String']['output']>;
  undoReason?: Maybe<Scalars['String']['output']>;
  undoneAt?: Maybe<Scalars['String']['output']>;
  undoneBy?: Maybe<Scalars['String']['output']>;
};

/** The other record of the same execution, as one of the pair shows it. */
export type CoercionSameExecutionLink = {
  __typename?: 'CoercionSameExecutionLink';
  end: Scalars['String']['output'];
  executionId: Scalars['ID']['output'];
  markedAt: Scalars['String']['output'];
  markedBy: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  sourceSystem: Scalars['String']['output'];
  start: Scalars['String']['output'];
};

/** A marking of two records as one execution that is not in force (CoercionExecution.sameExecutionNotInForce). */
export type CoercionSameExecutionNotInForce = {
  __typename?: 'CoercionSameExecutionNotInForce';
  /** ISO 8601 with the Oslo offset. */
  markedAt: Scalars['String']['output'];
  markedBy: Scalars['String']['output'];
  /** Why it is not in force. */
  notInForceReason: Scalars['String']['output'];
  /** The other record of the marking; null when it is outside the caller's reach (another person's record). */
  other?: Maybe<CoercionSameExecutionLink>;
  /** The reason given when it was marked. */
  reason: Scalars['String']['output'];
};

/** Kilde: one source record of a decision or execution. */
export type CoercionSource = {
  __typename?: 'CoercionSource';
  /** The export file it was imported from, when imported from a file. */
  file?: Maybe<Scalars['String']['output']>;
  /** The id in that system (Gerica VedtakID, HP decision id). */
  id: Scalars['String']['output'];
  /** GERICA or HELSEPLATTFORMEN. */
  system: Scalars['String']['output'];
};

/** A version of a coercion decision a source export stored after a change of its approval was recorded. */
export type CoercionSourceRevision = {
  __typename?: 'CoercionSourceRevision';
  /** Why the version before it was replaced, as kept. */
  reason?: Maybe<Scalars['String']['output']>;
  /** When it was stored (ISO 8601 with the Oslo offset). */
  storedAt: Scalars['String']['output'];
  /** Its number as CoercionDecision.history counts (1 the first stored, the current one last). */
  version: Scalars['Int']['output'];
};

/**
 * Per staff member: an execution by two people counts once for each of them. A person whose
 * HPR number and employee number both occur is one row (linked by Helseplattformen's
 * Practitioner export, imported with import-coercion).
 */
export type CoercionStaffTotal = {
  __typename?: 'CoercionStaffTotal';
  count: Scalars['Int']['output'];
  practitioner: Practitioner;
  /** The identifier shown: the HPR number when the person has one, else the employee number. */
  staffId: Scalars['String']['output'];
  /** The identifiers of this person that the records in the report used. */
  staffIds: Array<Scalars['String']['output']>;
  totalMinutes: Scalars['Int']['output'];
};

/** hol. § 9-9: a b/c execution with fewer than two staff recorded. */
export type CoercionStaffingShortfall = {
  __typename?: 'CoercionStaffingShortfall';
  decisionId: Scalars['String']['output'];
  executionId: Scalars['String']['output'];
  legalBasis: Scalars['String']['output'];
  measure: Scalars['String']['output'];
  staffIds: Array<Scalars['String']['output']>;
  staffPresent: Scalars['Int']['output'];
  start: Scalars['String']['output'];
};

export type CoercionTimeline = {
  __typename?: 'CoercionTimeline';
  decisions: Array<CoercionTimelineDecision>;
  executions: Array<CoercionTimelineExecution>;
};

/** One validity bar on the timeline. */
export type CoercionTimelineDecision = {
  __typename?: 'CoercionTimelineDecision';
  approvedByStatsforvalterAt?: Maybe<Scalars['String']['output']>;
  decisionId: Scalars['String']['output'];
  /** As CoercionDecision.lastValidDay: the last day it authorises as judged (null: refused, never valid for execution, or open). */
  lastValidDay?: Maybe<Scalars['String']['output']>;
  /** As CoercionDecision.lastValidDayNote. */
  lastValidDayNote?: Maybe<Scalars['String']['output']>;
  legalBasis: Scalars['String']['output'];
  measures: Array<Scalars['String']['output']>;
  validFrom: Scalars['String']['output'];
  validTo?: Maybe<Scalars['String']['output']>;
};

/** One execution on the timeline. */
export type CoercionTimelineExecution = {
  __typename?: 'CoercionTimelineExecution';
  decisionId?: Maybe<Scalars['String']['output']>;
  durationMinutes: Scalars['Int']['output'];
  executionId: Scalars['String']['output'];
  measure: Scalars['String']['output'];
  minutesOutside: Scalars['Int']['output'];
  staffingShortfall: Scalars['Boolean']['output'];
  start: Scalars['String']['output'];
  verdict: CoercionVerdict;
};

/** Vurdering: whether an execution was covered by a decision valid at that moment. */
export type CoercionVerdict =
  /** No valid decision; the source marks it a § 9-5 a emergency (Gerica: Hjemmel bokstav a; Helseplattformen: registered under a hol-9-5a record). */
  | 'EMERGENCY_A'
  /** A decision authorising the measure was valid, but Statsforvalteren had not yet approved it at the start. */
  | 'NOT_YET_APPROVED'
  /** No valid decision, and not reported as a § 9-5 a emergency. */
  | 'NO_VALID_DECISION'
  /** No valid decision, and the source does not say whether it was a § 9-5 a emergency (an HP execution registered under no decision): not a breach, not lawful; the reason says why. */
  | 'UNDETERMINED'
  /** A decision authorising that very measure was valid at the start and (hol. § 9-5 b/c) approved by Statsforvalteren before it. */
  | 'VALID';

export type CoercionVerdictTotal = {
  __typename?: 'CoercionVerdictTotal';
  count: Scalars['Int']['output'];
  totalMinutes: Scalars['Int']['output'];
  verdict: CoercionVerdict;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Records that two executions are one (the same execution registered in Gerica and in
   * Helseplattformen, or twice in one system; the report's possibleDuplicates): the journalansvarlig
   * (purpose RECORD_CORRECTION), with a reason. `counted`: the record that counts; by default the
   * Helseplattformen one (both from one system: required). The other stays a record, shown as the
   * same execution as it. Refused: the same record twice, different measures, different persons, a
   * record already in a marking (CONFLICT). hol. § 9-7, helsepersonelloven § 42.
   */
  markSameCoercionExecution: CoercionSameExecution;
  /**
   * Records a later decision changing a decision's approval: the barneverns- og helsenemnda on a
   * complaint or a court (hol. § 9-11), or Statsforvalteren's reversal (forvaltningsloven § 35). It binds
   * from its own time, never back; a new row beside the approval, which is kept as it was
   * (helsepersonelloven § 42). The journalansvarlig (RECORD_CORRECTION) or an archivist
   * (ARCHIVE_ADMINISTRATION); logged under the decision's person. BAD_USER_INPUT naming what is wrong,
   * NOT_FOUND for an unknown decision.
   */
  recordCoercionApprovalChange: CoercionApprovalChange;
  /** Undoes the marking naming the execution (either record), with a reason; the marking is kept as undone. */
  undoSameCoercionExecution: CoercionSameExecution;
};

export type MutationMarkSameCoercionExecutionArgs = {
  a: Scalars['ID']['input'];
  b: Scalars['ID']['input'];
  counted?: InputMaybe<Scalars['ID']['input']>;
  reason: Scalars['String']['input'];
};

export type MutationRecordCoercionApprovalChangeArgs = {
  input: CoercionApprovalChangeInput;
};

export type MutationUndoSameCoercionExecutionArgs = {
  executionId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type Patient = {
  __typename?: 'Patient';
  /**
   * Tvangsvedtak: coercion decisions concerning the patient, by validity start. A decision
   * migrated from Gerica into Helseplattformen is one decision with two sources.
   * `from` / `to` (local dates, inclusive): decisions whose validity overlaps the period.
   */
  coercionDecisions: Array<CoercionDecision>;
  /**
   * Gjennomføringer: every recorded execution of a coercive measure, oldest first.
   * `from` / `to`: local (Europe/Oslo) dates, inclusive, of the start. `executedBy`: an HPR
   * or employee number; finds the staff member under all their identifiers (HPR and
   * employee number, linked by Helseplattformen's Practitioner export).
   */
  coercionExecutions: Array<CoercionExecution>;
  /** Rapport: totals and a timeline of coercion for a period (local dates, inclusive). */
  coercionReport: CoercionReport;
  id: Scalars['ID']['output'];
  nationalIds: Array<Scalars['String']['output']>;
  /**
   * Coercion source lines an import could not accept (karantene: `coercion.quarantine`) whose
   * export names this person in its own patient field (Gerica `Fodselsnr`, HP `patient`), oldest
   * first; a line naming the person elsewhere (a description) is not theirs. The journal's own
   * quarantine is `quarantinedRecords` (journal subgraph). Roles legal (within the matter),
   * archivist and journalansvarlig.
   */
  quarantinedCoercionRecords: Array<QuarantinedCoercionRecord>;
};

export type PatientCoercionDecisionsArgs = {
  from?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type PatientCoercionExecutionsArgs = {
  executedBy?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  measure?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
  verdict?: InputMaybe<CoercionVerdict>;
};

export type PatientCoercionReportArgs = {
  from?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Helsepersonell, by the staff identifier exactly as the coercion records reference it (a
 * 7-digit HPR number or a 5-digit employee number). Resolved by the journal subgraph.
 */
export type Practitioner = {
  __typename?: 'Practitioner';
  id: Scalars['ID']['output'];
};

/** A coercion source record the coercion import could not accept (karantene). */
export type QuarantinedCoercionRecord = {
  __typename?: 'QuarantinedCoercionRecord';
  file: Scalars['String']['output'];
  /** The line the record starts on. */
  line: Scalars['Int']['output'];
  quarantinedAt: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  /** DECISION or EXECUTION: which record kind the line is a source of. */
  recordKind: Scalars['String']['output'];
  /** The record's id in its source (VedtakID, RegID, HP id), when it reads. */
  sourceId?: Maybe<Scalars['String']['output']>;
  /** GERICA or HELSEPLATTFORMEN. */
  sourceSystem: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Changes of an approval whose decision a source export revised after the change was recorded: the
   * change still applies (hol. § 9-11, forvaltningsloven § 35), the revision to be checked against the
   * body's letter. Oldest change first. Role archivist (ARCHIVE_ADMINISTRATION).
   */
  coercionApprovalChangeConflicts: Array<CoercionApprovalChangeConflict>;
  coercionExecution?: Maybe<CoercionExecution>;
  /** Quarantined coercion source records per month (of quarantining) × source system × reason. Roles reporting, archivist. */
  coercionQuarantineStatistics: StatisticsTable;
  /** Tvangsgjennomføringer per month × measure × verdict × unit × legal basis (the unit is 'ukjent enhet' when the source does not name it; the legal basis the execution was carried out under, hol-9-5a apart from hol-9-5b/c, 'ikke angitt' when not stated). Roles reporting, archivist. */
  coercionStatistics: StatisticsTable;
};

export type QueryCoercionExecutionArgs = {
  id: Scalars['ID']['input'];
};

export type QueryCoercionQuarantineStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QueryCoercionStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type ResearchCoercionDecision = {
  __typename?: 'ResearchCoercionDecision';
  legalBasis?: Maybe<Scalars['String']['output']>;
  measures?: Maybe<Array<Scalars['String']['output']>>;
  validFrom?: Maybe<Scalars['String']['output']>;
  validTo?: Maybe<Scalars['String']['output']>;
};

export type ResearchCoercionExecution = {
  __typename?: 'ResearchCoercionExecution';
  /** De-identified (lib/policy/deidentify.ts). */
  description?: Maybe<Scalars['String']['output']>;
  measure?: Maybe<Scalars['String']['output']>;
  minutes?: Maybe<Scalars['Int']['output']>;
  start?: Maybe<Scalars['String']['output']>;
};

/** A person of the researcher's cohort (journal subgraph), with their coercion records; each field needs its variable approved by the grant. */
export type ResearchSubject = {
  __typename?: 'ResearchSubject';
  /** Coercion decisions whose validity starts in the cohort's period (DECISION_* variables). */
  coercionDecisions: Array<ResearchCoercionDecision>;
  /** Executions of coercive measures starting in the cohort's period (EXECUTION_* variables). */
  coercionExecutions: Array<ResearchCoercionExecution>;
  pseudonym: Scalars['ID']['output'];
};

/** One count of a statistics table. */
export type StatisticsCell = {
  __typename?: 'StatisticsCell';
  /** The month (YYYY-MM) or year. */
  block: Scalars['String']['output'];
  /** null when suppressed. */
  count?: Maybe<Scalars['Int']['output']>;
  /** One per dimension; null is the total over that dimension. */
  keys: Array<Maybe<Scalars['String']['output']>>;
  suppressed: Scalars['Boolean']['output'];
};

/**
 * Filters of a statistics table. from / to: whole months YYYY-MM (years YYYY for yearly
 * tables), inclusive; a day is refused (BAD_USER_INPUT). units / measures: only on tables
 * with that dimension.
 */
export type StatisticsFilter = {
  from?: InputMaybe<Scalars['String']['input']>;
  measures?: InputMaybe<Array<Scalars['String']['input']>>;
  to?: InputMaybe<Scalars['String']['input']>;
  units?: InputMaybe<Array<Scalars['String']['input']>>;
};

/**
 * Statistikk (issue 16): an aggregate table for internal reporting (roles reporting and
 * archivist), with small cells suppressed. Each block (a month, or a year) is one cross-table
 * with all its totals, protected on its own over all its data: counts of 1–4 (records or
 * people) and every cell from which one could be recomputed are suppressed
 * (lib/policy/disclosure.ts: threshold rule + Gaussian-elimination complementary
 * suppression as SSB's GaussSuppression). Filters select whole blocks and cells of them, so
 * two overlapping queries answer the same number for every cell they share.
 */
export type StatisticsTable = {
  __typename?: 'StatisticsTable';
  /** month or year: the block each cell belongs to. */
  blockDimension: Scalars['String']['output'];
  /** Totals first within each block; inner cells of 0 are not listed. */
  cells: Array<StatisticsCell>;
  /** The cells as CSV (UTF-8, semicolon-separated; a total is 'I alt', a suppressed count ':', as SSB prints it). */
  csv: Scalars['String']['output'];
  /** The dimensions of the cells' keys, in order. */
  dimensions: Array<Scalars['String']['output']>;
  /** How the table was protected, in words. */
  method: Scalars['String']['output'];
  suppressedCells: Scalars['Int']['output'];
  /** The same numbers as an SVG bar chart (one bar per block, split by the first dimension; suppressed parts marked ':'). */
  svg: Scalars['String']['output'];
  title: Scalars['String']['output'];
  /** What one count is (executions, access requests, journal entries, quarantined records). */
  unit: Scalars['String']['output'];
};

export type Link__Purpose = 'EXECUTION' | 'SECURITY';

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
  reference: TReference,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<
  TTypes,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (parent: TParent, context: TContext, info: GraphQLResolveInfo) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  obj: T,
  context: TContext,
  info: GraphQLResolveInfo,
) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  CoercionDecision: CoercionDecision;
  CoercionExecution: CoercionExecution;
  Patient: Patient;
  ResearchSubject: ResearchSubject;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  CoercionDecision: { __typename: 'CoercionDecision' } & GraphQLRecursivePick<
    FederationTypes['CoercionDecision'],
    { id: true }
  >;
  CoercionExecution: { __typename: 'CoercionExecution' } & GraphQLRecursivePick<
    FederationTypes['CoercionExecution'],
    { id: true }
  >;
  Patient: { __typename: 'Patient' } & GraphQLRecursivePick<FederationTypes['Patient'], { id: true }> &
    (
      | Record<PropertyKey, never>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>
    );
  ResearchSubject: { __typename: 'ResearchSubject' } & GraphQLRecursivePick<
    FederationTypes['ResearchSubject'],
    { pseudonym: true }
  >;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CoercionApprovalChange: ResolverTypeWrapper<CoercionApprovalChange>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CoercionApprovalChangeConflict: ResolverTypeWrapper<
    Omit<CoercionApprovalChangeConflict, 'decision'> & { decision: ResolversTypes['CoercionDecision'] }
  >;
  CoercionApprovalChangeInput: CoercionApprovalChangeInput;
  CoercionDecision: ResolverTypeWrapper<DecisionWithSources>;
  CoercionDecisionProblem: ResolverTypeWrapper<CoercionDecisionProblem>;
  CoercionDecisionTotal: ResolverTypeWrapper<
    Omit<CoercionDecisionTotal, 'decision'> & { decision?: Maybe<ResolversTypes['CoercionDecision']> }
  >;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CoercionDecisionVersion: ResolverTypeWrapper<CoercionDecisionVersion>;
  CoercionEmergencyPattern: ResolverTypeWrapper<CoercionEmergencyPattern>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CoercionExecution: ResolverTypeWrapper<EvaluatedExecution>;
  CoercionExecutionVersion: ResolverTypeWrapper<CoercionExecutionVersion>;
  CoercionMeasureBasisTotal: ResolverTypeWrapper<CoercionMeasureBasisTotal>;
  CoercionMeasureTotal: ResolverTypeWrapper<CoercionMeasureTotal>;
  CoercionOutsideExecution: ResolverTypeWrapper<CoercionOutsideExecution>;
  CoercionPartlyOutside: ResolverTypeWrapper<CoercionPartlyOutside>;
  CoercionPossibleDuplicate: ResolverTypeWrapper<CoercionPossibleDuplicate>;
  CoercionReport: ResolverTypeWrapper<ReportParent>;
  CoercionReportTotals: ResolverTypeWrapper<CoercionReportTotals>;
  CoercionReview: ResolverTypeWrapper<CoercionReview>;
  CoercionReviewOutcome: CoercionReviewOutcome;
  CoercionSameExecution: ResolverTypeWrapper<CoercionSameExecution>;
  CoercionSameExecutionLink: ResolverTypeWrapper<CoercionSameExecutionLink>;
  CoercionSameExecutionNotInForce: ResolverTypeWrapper<CoercionSameExecutionNotInForce>;
  CoercionSource: ResolverTypeWrapper<CoercionSource>;
  CoercionSourceRevision: ResolverTypeWrapper<CoercionSourceRevision>;
  CoercionStaffTotal: ResolverTypeWrapper<CoercionStaffTotal>;
  CoercionStaffingShortfall: ResolverTypeWrapper<CoercionStaffingShortfall>;
  CoercionTimeline: ResolverTypeWrapper<CoercionTimeline>;
  CoercionTimelineDecision: ResolverTypeWrapper<CoercionTimelineDecision>;
  CoercionTimelineExecution: ResolverTypeWrapper<CoercionTimelineExecution>;
  CoercionVerdict: CoercionVerdict;
  CoercionVerdictTotal: ResolverTypeWrapper<CoercionVerdictTotal>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Patient: ResolverTypeWrapper<PatientRef>;
  Practitioner: ResolverTypeWrapper<Practitioner>;
  QuarantinedCoercionRecord: ResolverTypeWrapper<QuarantinedCoercionRecord>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ResearchCoercionDecision: ResolverTypeWrapper<ResearchCoercionDecision>;
  ResearchCoercionExecution: ResolverTypeWrapper<ResearchCoercionExecution>;
  ResearchSubject: ResolverTypeWrapper<SubjectParent>;
  StatisticsCell: ResolverTypeWrapper<PublishedCell>;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ResolverTypeWrapper<ProtectedTable>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CoercionApprovalChange: CoercionApprovalChange;
  ID: Scalars['ID']['output'];
  CoercionApprovalChangeConflict: Omit<CoercionApprovalChangeConflict, 'decision'> & {
    decision: ResolversParentTypes['CoercionDecision'];
  };
  CoercionApprovalChangeInput: CoercionApprovalChangeInput;
  CoercionDecision: DecisionWithSources;
  CoercionDecisionProblem: CoercionDecisionProblem;
  CoercionDecisionTotal: Omit<CoercionDecisionTotal, 'decision'> & {
    decision?: Maybe<ResolversParentTypes['CoercionDecision']>;
  };
  Int: Scalars['Int']['output'];
  CoercionDecisionVersion: CoercionDecisionVersion;
  CoercionEmergencyPattern: CoercionEmergencyPattern;
  Boolean: Scalars['Boolean']['output'];
  CoercionExecution: EvaluatedExecution;
  CoercionExecutionVersion: CoercionExecutionVersion;
  CoercionMeasureBasisTotal: CoercionMeasureBasisTotal;
  CoercionMeasureTotal: CoercionMeasureTotal;
  CoercionOutsideExecution: CoercionOutsideExecution;
  CoercionPartlyOutside: CoercionPartlyOutside;
  CoercionPossibleDuplicate: CoercionPossibleDuplicate;
  CoercionReport: ReportParent;
  CoercionReportTotals: CoercionReportTotals;
  CoercionReview: CoercionReview;
  CoercionSameExecution: CoercionSameExecution;
  CoercionSameExecutionLink: CoercionSameExecutionLink;
  CoercionSameExecutionNotInForce: CoercionSameExecutionNotInForce;
  CoercionSource: CoercionSource;
  CoercionSourceRevision: CoercionSourceRevision;
  CoercionStaffTotal: CoercionStaffTotal;
  CoercionStaffingShortfall: CoercionStaffingShortfall;
  CoercionTimeline: CoercionTimeline;
  CoercionTimelineDecision: CoercionTimelineDecision;
  CoercionTimelineExecution: CoercionTimelineExecution;
  CoercionVerdictTotal: CoercionVerdictTotal;
  Mutation: Record<PropertyKey, never>;
  Patient: PatientRef;
  Practitioner: Practitioner;
  QuarantinedCoercionRecord: QuarantinedCoercionRecord;
  Query: Record<PropertyKey, never>;
  ResearchCoercionDecision: ResearchCoercionDecision;
  ResearchCoercionExecution: ResearchCoercionExecution;
  ResearchSubject: SubjectParent;
  StatisticsCell: PublishedCell;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ProtectedTable;
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
};

export type LinkDirectiveArgs = {
  as?: Maybe<Scalars['String']['input']>;
  for?: Maybe<Link__Purpose>;
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<
  Result,
  Parent,
  ContextType = SubgraphContext,
  Args = LinkDirectiveArgs,
> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = {};

export type ShareableDirectiveResolver<
  Result,
  Parent,
  ContextType = SubgraphContext,
  Args = ShareableDirectiveArgs,
> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CoercionApprovalChangeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionApprovalChange'] =
    ResolversParentTypes['CoercionApprovalChange'],
> = {
  bindsFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decidedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decisionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  laterSourceRevisions?: Resolver<Array<ResolversTypes['CoercionSourceRevision']>, ParentType, ContextType>;
  law?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measures?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['CoercionReviewOutcome'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionApprovalChangeConflictResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionApprovalChangeConflict'] =
    ResolversParentTypes['CoercionApprovalChangeConflict'],
> = {
  change?: Resolver<ResolversTypes['CoercionApprovalChange'], ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['CoercionDecision'], ParentType, ContextType>;
  decisionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  laterSourceRevisions?: Resolver<Array<ResolversTypes['CoercionSourceRevision']>, ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionDecisionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionDecision'] = ResolversParentTypes['CoercionDecision'],
  FederationReferenceType extends FederationReferenceTypes['CoercionDecision'] =
    FederationReferenceTypes['CoercionDecision'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['CoercionDecision']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  approvalChanges?: Resolver<Array<ResolversTypes['CoercionApprovalChange']>, ParentType, ContextType>;
  approvedByStatsforvalterAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decidedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  discrepancies?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  executions?: Resolver<Array<ResolversTypes['CoercionExecution']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['CoercionDecisionVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  justification?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastValidDay?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastValidDayNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measures?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  review?: Resolver<Maybe<ResolversTypes['CoercionReview']>, ParentType, ContextType>;
  reviewingOffice?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['CoercionSource']>, ParentType, ContextType>;
  statute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionDecisionProblemResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionDecisionProblem'] =
    ResolversParentTypes['CoercionDecisionProblem'],
> = {
  decisionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  problem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionDecisionTotalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionDecisionTotal'] =
    ResolversParentTypes['CoercionDecisionTotal'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  decision?: Resolver<Maybe<ResolversTypes['CoercionDecision']>, ParentType, ContextType>;
  decisionId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionDecisionVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionDecisionVersion'] =
    ResolversParentTypes['CoercionDecisionVersion'],
> = {
  approvedByStatsforvalterAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  justification?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  measures?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  periodLastDay?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  review?: Resolver<Maybe<ResolversTypes['CoercionReview']>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionEmergencyPatternResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionEmergencyPattern'] =
    ResolversParentTypes['CoercionEmergencyPattern'],
> = {
  beganBeforePeriod?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  executionIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  first?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  last?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionExecution'] = ResolversParentTypes['CoercionExecution'],
  FederationReferenceType extends FederationReferenceTypes['CoercionExecution'] =
    FederationReferenceTypes['CoercionExecution'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['CoercionExecution']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  alsoRecordedAs?: Resolver<Array<ResolversTypes['CoercionSameExecutionLink']>, ParentType, ContextType>;
  alternativesTried?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decision?: Resolver<Maybe<ResolversTypes['CoercionDecision']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  durationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  emergencyReported?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  executedBy?: Resolver<Array<ResolversTypes['Practitioner']>, ParentType, ContextType>;
  executedByIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['CoercionExecutionVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastValidDay?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minutesOutside?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recordedDecisionId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recordedLegalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reportedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sameExecutionAs?: Resolver<Maybe<ResolversTypes['CoercionSameExecutionLink']>, ParentType, ContextType>;
  sameExecutionNotInForce?: Resolver<
    Array<ResolversTypes['CoercionSameExecutionNotInForce']>,
    ParentType,
    ContextType
  >;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  staffPresent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  staffingShortfall?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeNotes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['CoercionVerdict'], ParentType, ContextType>;
  verdictReason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionExecutionVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionExecutionVersion'] =
    ResolversParentTypes['CoercionExecutionVersion'],
> = {
  alternativesTried?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  durationMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  emergencyReported?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  end?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  executedByIds?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  measure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedDecisionId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recordedLegalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reportedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  start?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timeNotes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionMeasureBasisTotalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionMeasureBasisTotal'] =
    ResolversParentTypes['CoercionMeasureBasisTotal'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  longestMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  statute?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionMeasureTotalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionMeasureTotal'] =
    ResolversParentTypes['CoercionMeasureTotal'],
> = {
  byLegalBasis?: Resolver<Array<ResolversTypes['CoercionMeasureBasisTotal']>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  longestMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionOutsideExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionOutsideExecution'] =
    ResolversParentTypes['CoercionOutsideExecution'],
> = {
  decisionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastValidDay?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minutesOutside?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionPartlyOutsideResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionPartlyOutside'] =
    ResolversParentTypes['CoercionPartlyOutside'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  executions?: Resolver<Array<ResolversTypes['CoercionOutsideExecution']>, ParentType, ContextType>;
  minutesOutside?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionPossibleDuplicateResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionPossibleDuplicate'] =
    ResolversParentTypes['CoercionPossibleDuplicate'],
> = {
  executionIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minutesOverlap?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sourceSystems?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  starts?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionReportResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionReport'] = ResolversParentTypes['CoercionReport'],
> = {
  byDecision?: Resolver<Array<ResolversTypes['CoercionDecisionTotal']>, ParentType, ContextType>;
  byMeasure?: Resolver<Array<ResolversTypes['CoercionMeasureTotal']>, ParentType, ContextType>;
  byStaff?: Resolver<Array<ResolversTypes['CoercionStaffTotal']>, ParentType, ContextType>;
  byVerdict?: Resolver<Array<ResolversTypes['CoercionVerdictTotal']>, ParentType, ContextType>;
  decisionProblems?: Resolver<Array<ResolversTypes['CoercionDecisionProblem']>, ParentType, ContextType>;
  emergencyPatterns?: Resolver<Array<ResolversTypes['CoercionEmergencyPattern']>, ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  partlyOutside?: Resolver<ResolversTypes['CoercionPartlyOutside'], ParentType, ContextType>;
  possibleDuplicates?: Resolver<Array<ResolversTypes['CoercionPossibleDuplicate']>, ParentType, ContextType>;
  sameExecutions?: Resolver<Array<ResolversTypes['CoercionSameExecution']>, ParentType, ContextType>;
  staffingShortfalls?: Resolver<Array<ResolversTypes['CoercionStaffingShortfall']>, ParentType, ContextType>;
  svg?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeline?: Resolver<ResolversTypes['CoercionTimeline'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['CoercionReportTotals'], ParentType, ContextType>;
};

export type CoercionReportTotalsResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionReportTotals'] =
    ResolversParentTypes['CoercionReportTotals'],
> = {
  executions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  longestMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  staffMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  staffParticipations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionReviewResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionReview'] = ResolversParentTypes['CoercionReview'],
> = {
  measures?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  office?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['CoercionReviewOutcome'], ParentType, ContextType>;
  reviewedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionSameExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionSameExecution'] =
    ResolversParentTypes['CoercionSameExecution'],
> = {
  countedExecutionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  markedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  markedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystems?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  undoReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  undoneAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  undoneBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionSameExecutionLinkResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionSameExecutionLink'] =
    ResolversParentTypes['CoercionSameExecutionLink'],
> = {
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  markedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  markedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionSameExecutionNotInForceResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionSameExecutionNotInForce'] =
    ResolversParentTypes['CoercionSameExecutionNotInForce'],
> = {
  markedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  markedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notInForceReason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  other?: Resolver<Maybe<ResolversTypes['CoercionSameExecutionLink']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionSourceResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionSource'] = ResolversParentTypes['CoercionSource'],
> = {
  file?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  system?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionSourceRevisionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionSourceRevision'] =
    ResolversParentTypes['CoercionSourceRevision'],
> = {
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  storedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionStaffTotalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionStaffTotal'] = ResolversParentTypes['CoercionStaffTotal'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  practitioner?: Resolver<ResolversTypes['Practitioner'], ParentType, ContextType>;
  staffId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  staffIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CoercionStaffingShortfallResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionStaffingShortfall'] =
    ResolversParentTypes['CoercionStaffingShortfall'],
> = {
  decisionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  staffIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  staffPresent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoercionTimelineResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionTimeline'] = ResolversParentTypes['CoercionTimeline'],
> = {
  decisions?: Resolver<Array<ResolversTypes['CoercionTimelineDecision']>, ParentType, ContextType>;
  executions?: Resolver<Array<ResolversTypes['CoercionTimelineExecution']>, ParentType, ContextType>;
};

export type CoercionTimelineDecisionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionTimelineDecision'] =
    ResolversParentTypes['CoercionTimelineDecision'],
> = {
  approvedByStatsforvalterAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decisionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastValidDay?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastValidDayNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measures?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CoercionTimelineExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionTimelineExecution'] =
    ResolversParentTypes['CoercionTimelineExecution'],
> = {
  decisionId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  durationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minutesOutside?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  staffingShortfall?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['CoercionVerdict'], ParentType, ContextType>;
};

export type CoercionVerdictTotalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionVerdictTotal'] =
    ResolversParentTypes['CoercionVerdictTotal'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  verdict?: Resolver<ResolversTypes['CoercionVerdict'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  markSameCoercionExecution?: Resolver<
    ResolversTypes['CoercionSameExecution'],
    ParentType,
    ContextType,
    RequireFields<MutationMarkSameCoercionExecutionArgs, 'a' | 'b' | 'reason'>
  >;
  recordCoercionApprovalChange?: Resolver<
    ResolversTypes['CoercionApprovalChange'],
    ParentType,
    ContextType,
    RequireFields<MutationRecordCoercionApprovalChangeArgs, 'input'>
  >;
  undoSameCoercionExecution?: Resolver<
    ResolversTypes['CoercionSameExecution'],
    ParentType,
    ContextType,
    RequireFields<MutationUndoSameCoercionExecutionArgs, 'executionId' | 'reason'>
  >;
};

export type PatientResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Patient'] = ResolversParentTypes['Patient'],
  FederationReferenceType extends FederationReferenceTypes['Patient'] = FederationReferenceTypes['Patient'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Patient']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  coercionDecisions?: Resolver<
    Array<ResolversTypes['CoercionDecision']>,
    ParentType,
    ContextType,
    Partial<PatientCoercionDecisionsArgs>
  >;
  coercionExecutions?: Resolver<
    Array<ResolversTypes['CoercionExecution']>,
    ParentType,
    ContextType,
    Partial<PatientCoercionExecutionsArgs>
  >;
  coercionReport?: Resolver<
    ResolversTypes['CoercionReport'],
    ParentType,
    ContextType,
    Partial<PatientCoercionReportArgs>
  >;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quarantinedCoercionRecords?: Resolver<
    Array<ResolversTypes['QuarantinedCoercionRecord']>,
    ParentType,
    ContextType
  >;
};

export type PractitionerResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Practitioner'] = ResolversParentTypes['Practitioner'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QuarantinedCoercionRecordResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['QuarantinedCoercionRecord'] =
    ResolversParentTypes['QuarantinedCoercionRecord'],
> = {
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quarantinedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  coercionApprovalChangeConflicts?: Resolver<
    Array<ResolversTypes['CoercionApprovalChangeConflict']>,
    ParentType,
    ContextType
  >;
  coercionExecution?: Resolver<
    Maybe<ResolversTypes['CoercionExecution']>,
    ParentType,
    ContextType,
    RequireFields<QueryCoercionExecutionArgs, 'id'>
  >;
  coercionQuarantineStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryCoercionQuarantineStatisticsArgs>
  >;
  coercionStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryCoercionStatisticsArgs>
  >;
};

export type ResearchCoercionDecisionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCoercionDecision'] =
    ResolversParentTypes['ResearchCoercionDecision'],
> = {
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  measures?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchCoercionExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCoercionExecution'] =
    ResolversParentTypes['ResearchCoercionExecution'],
> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  measure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  minutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  start?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchSubjectResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchSubject'] = ResolversParentTypes['ResearchSubject'],
  FederationReferenceType extends FederationReferenceTypes['ResearchSubject'] =
    FederationReferenceTypes['ResearchSubject'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['ResearchSubject']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  coercionDecisions?: Resolver<Array<ResolversTypes['ResearchCoercionDecision']>, ParentType, ContextType>;
  coercionExecutions?: Resolver<Array<ResolversTypes['ResearchCoercionExecution']>, ParentType, ContextType>;
  pseudonym?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type StatisticsCellResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['StatisticsCell'] = ResolversParentTypes['StatisticsCell'],
> = {
  block?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  keys?: Resolver<Array<Maybe<ResolversTypes['String']>>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StatisticsTableResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['StatisticsTable'] = ResolversParentTypes['StatisticsTable'],
> = {
  blockDimension?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['StatisticsCell']>, ParentType, ContextType>;
  csv?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dimensions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  suppressedCells?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  svg?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  CoercionApprovalChange?: CoercionApprovalChangeResolvers<ContextType>;
  CoercionApprovalChangeConflict?: CoercionApprovalChangeConflictResolvers<ContextType>;
  CoercionDecision?: CoercionDecisionResolvers<ContextType>;
  CoercionDecisionProblem?: CoercionDecisionProblemResolvers<ContextType>;
  CoercionDecisionTotal?: CoercionDecisionTotalResolvers<ContextType>;
  CoercionDecisionVersion?: CoercionDecisionVersionResolvers<ContextType>;
  CoercionEmergencyPattern?: CoercionEmergencyPatternResolvers<ContextType>;
  CoercionExecution?: CoercionExecutionResolvers<ContextType>;
  CoercionExecutionVersion?: CoercionExecutionVersionResolvers<ContextType>;
  CoercionMeasureBasisTotal?: CoercionMeasureBasisTotalResolvers<ContextType>;
  CoercionMeasureTotal?: CoercionMeasureTotalResolvers<ContextType>;
  CoercionOutsideExecution?: CoercionOutsideExecutionResolvers<ContextType>;
  CoercionPartlyOutside?: CoercionPartlyOutsideResolvers<ContextType>;
  CoercionPossibleDuplicate?: CoercionPossibleDuplicateResolvers<ContextType>;
  CoercionReport?: CoercionReportResolvers<ContextType>;
  CoercionReportTotals?: CoercionReportTotalsResolvers<ContextType>;
  CoercionReview?: CoercionReviewResolvers<ContextType>;
  CoercionSameExecution?: CoercionSameExecutionResolvers<ContextType>;
  CoercionSameExecutionLink?: CoercionSameExecutionLinkResolvers<ContextType>;
  CoercionSameExecutionNotInForce?: CoercionSameExecutionNotInForceResolvers<ContextType>;
  CoercionSource?: CoercionSourceResolvers<ContextType>;
  CoercionSourceRevision?: CoercionSourceRevisionResolvers<ContextType>;
  CoercionStaffTotal?: CoercionStaffTotalResolvers<ContextType>;
  CoercionStaffingShortfall?: CoercionStaffingShortfallResolvers<ContextType>;
  CoercionTimeline?: CoercionTimelineResolvers<ContextType>;
  CoercionTimelineDecision?: CoercionTimelineDecisionResolvers<ContextType>;
  CoercionTimelineExecution?: CoercionTimelineExecutionResolvers<ContextType>;
  CoercionVerdictTotal?: CoercionVerdictTotalResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  Practitioner?: PractitionerResolvers<ContextType>;
  QuarantinedCoercionRecord?: QuarantinedCoercionRecordResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResearchCoercionDecision?: ResearchCoercionDecisionResolvers<ContextType>;
  ResearchCoercionExecution?: ResearchCoercionExecutionResolvers<ContextType>;
  ResearchSubject?: ResearchSubjectResolvers<ContextType>;
  StatisticsCell?: StatisticsCellResolvers<ContextType>;
  StatisticsTable?: StatisticsTableResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
