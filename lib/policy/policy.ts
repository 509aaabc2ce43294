/**
 * The one policy room: who may see what. Compiled once per request from the caller
 * context (the way Medplum compiles an AccessPolicy per login), then asked by every
 * resolver of every subgraph that returns patient data, and pushed into SQL and the search
 * backends' queries. No role check exists outside this module.
 *
 * Sources:
 * - pasientjournalloven § 19 (forbud mot urettmessig tilegnelse) and § 22 (tilgang etter
 *   tjenstlig behov): access only to what the caller's purpose needs; hence matters for
 *   legal staff, scoped to their patients and period; a matter's existence and state (closed,
 *   expired) are told only to its members, a non-member or an unknown id gets one refusal.
 * - pasientjournalloven § 22 with helsepersonelloven § 21a (no one may read health
 *   information without a need in their own work): an archivist answering access requests
 *   (purpose ACCESS_REQUEST) reaches the patients of the open requests they are the case
 *   handler of (Noark 5 saksansvarlig), not of everyone's (compileAccessRequests), and not
 *   another handler's request for the same patient nor its case, in search neither
 *   (requestHandlerRule, searchExcludedCases); handing a request over to another case handler
 *   is administration (handOverAccessRequest).
 * - pasientjournalloven §§ 16 and 22 with pasientjournalforskriften § 14 (access is logged with
 *   who, what and why): a case handler's read on purpose ACCESS_REQUEST is logged with the access
 *   request that allowed it, named by the token (claim matter) or the one open request of theirs
 *   concerning the person; a read two of their requests could serve is refused until one is
 *   named (compileAccessRequests, requestMatterOf, ambiguousRequestRule).
 * - pasientjournalforskriften § 14 and Normen (Norm for informasjonssikkerhet) 5.x, kap.
 *   "Tilgangsstyring": self-authorisation (break the glass) needs a written reason, is
 *   time-limited, logged as such and reviewed afterwards.
 * - helseregisterloven § 6 / personopplysningsloven art. 5 (dataminimering): reporting gets
 *   nothing that identifies a person.
 * - Reporting (issue 16; personopplysningsloven art. 5 (1) c, art. 89 (1), statistikkloven
 *   § 7): the `reporting` role reads aggregates only — the `…Statistics` queries, with small
 *   cells suppressed (disclosure.ts) — and no record of any kind: no patient, no journal
 *   entry, no search (a search total over free text can single one person out: "how many
 *   notes mention <a rare name>"), no entity reached from another subgraph.
 * - helseforskningsloven §§ 9-10, 33-35 and helsepersonelloven § 29 (research.ts): a
 *   researcher reaches only the cohort and the approved variables of the grant the token
 *   names (claim `grant`), as pseudonyms, through researchCohort and extract; the records of
 *   the identifying graph (Patient, JournalEntry, archive, coercion) stay closed to them, and
 *   search counts only the cohort within the grant's period; an aggregate-only grant gets no
 *   search count of 1–4 notes or persons (search-counts.ts, with personopplysningsloven
 *   art. 89 (1) and the threshold of disclosure.ts).
 * - helsepersonelloven § 42 with pasientjournalloven § 22 (earlierVersions): a note corrected
 *   keeps what it said; search matches that text only for a legal matter or case handling.
 */
import { uncountedExecutionIds } from '../../subgraphs/coercion/store';
import { GraphQLError } from 'graphql';
import { nationalIdSubject, type AuditTrail } from '../audit';
import type { CallerContext, Role } from '../auth';
import type { Queryable } from '../db';
import { purposeProblem, type Purpose } from './purposes';
import { activeBreakGlass, expandPersons, legalReach, matterById, type Persons } from './store';
import { cohortOf, latestGrant, type CohortPerson } from './grant-store';
import { ReachCache } from './reach-cache';
import { identifyingQueryRule, type TextAnalysis } from './research-search';
import type { CohortKeys } from './search-counts';
import {
  grantProblem,
  openCursor,
  pseudonym,
  sealCursor,
  RESEARCH_FIELDS,
  RESEARCH_VARIABLES,
  type GrantRow,
  type ResearchVariable,
} from './research';
import type { LeapDayRule } from '../age-window';

/** The record kinds the policy speaks about (also the access log's entity types). */
export const RECORD_KINDS = [
  'patient',
  'journal_entry',
  'care_contact',
  'service_decision',
  'saksmappe',
  'journalpost',
  'archive_document',
  'access_request',
  'coercion_decision',
  'coercion_execution',
  'search_hit',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Roles that read identifying patient data (within their scope). */
export const IDENTIFYING_ROLES: readonly Role[] = ['legal', 'archivist'];

/** Roles that read aggregates only (the …Statistics queries): no record kind, no field, no search. */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = ['reporting'];
export const AGGREGATE_ONLY_RULE =
  'role reporting reads aggregates only (the …Statistics queries), no records';

/**
 * The person responsible for the record (journalansvarlig, helsepersonelloven § 39 andre
 * ledd) decides corrections and deletions (§§ 42–44) and must read the notes to assess them:
 * every patient, every field, like an archivist (not named in the refusal texts above,
 * which speak to the roles that ask for records).
 */
export const RECORD_RESPONSIBLE_ROLES: readonly Role[] = ['journalansvarlig'];

/**
 * Per GraphQL type: the record kind it carries. Every field of these types is checked
 * (enforce.ts): open to the roles that read records (legal within a matter, archivist,
 * journalansvarlig); reporting reads none (aggregates only); a researcher reads only
 * RESEARCHER_SEARCH_HIT_FIELDS (pseudonymised data comes through researchCohort instead).
 * A type not listed carries no patient data of its own (its parent is checked).
 */
export const FIELD_POLICY: Record<string, { kind: RecordKind }> = {
  Patient: { kind: 'patient' },
  JournalEntry: { kind: 'journal_entry' },
  JournalTimelineEntry: { kind: 'journal_entry' },
  CareContact: { kind: 'care_contact' },
  ServiceDecision: { kind: 'service_decision' },
  SearchHit: { kind: 'search_hit' },
  Saksmappe: { kind: 'saksmappe' },
  Journalpost: { kind: 'journalpost' },
  ArchiveDocument: { kind: 'archive_document' },
  AccessRequest: { kind: 'access_request' },
  CoercionDecision: { kind: 'coercion_decision' },
  CoercionExecution: { kind: 'coercion_execution' },
  CoercionReport: { kind: 'coercion_execution' },
};

/**
 * The purposes whose search also matches the text of a note's earlier versions (AccessPolicy.earlierVersions).
 *
 * helsepersonelloven § 42: a note is corrected by adding the right information, and what it
 * said before stays part of the record (the journal keeps versions; JournalEntry.history
 * shows them). In a lawsuit, a complaint or a supervisory case, and when a patient asks to see
 * the record, the question is what the record held at the time: legal staff on a matter
 * (LEGAL_PROCEEDINGS, COMPLAINT), whoever answers an access request (ACCESS_REQUEST: pasient-
 * og brukerrettighetsloven § 5-1 covers the record, its kept versions too), the archivist
 * keeping the archive (ARCHIVE_ADMINISTRATION) and the journalansvarlig deciding corrections,
 * deletions and moves (RECORD_CORRECTION, helsepersonelloven § 39 andre ledd, §§ 42-44) must be
 * able to find a note by what it said before it was corrected. Within their reach only
 * (pasientjournalloven § 22): the earlier text is searched inside the same scope as the note.
 *
 * Not listed, so never matched: RESEARCH (helseforskningsloven § 33: a version corrected away
 * is not research data, lib/policy/README.md "Research grants"; the cohort, the extract and
 * search see current notes only) and MANAGEMENT_STATISTICS (no search at all). Clinicians:
 * no role here gives care, and a clinical purpose, were one added, would not be listed: text
 * the journalansvarlig found wrong or misleading (§ 42) is not the basis of care, the
 * corrected note is, and whoever needs what it said sees it in the note's history
 * (helsepersonelloven § 45 and pasientjournalloven § 22 give access to what the care needs).
 */
export const EARLIER_VERSION_PURPOSES: readonly Purpose[] = [
  'LEGAL_PROCEEDINGS',
  'COMPLAINT',
  'ACCESS_REQUEST',
  'ARCHIVE_ADMINISTRATION',
  'RECORD_CORRECTION',
];

/** What a researcher's search hit shows: counts and what matched, over the grant's cohort. */
const RESEARCHER_SEARCH_HIT_FIELDS: readonly string[] = ['score', 'kind', 'matchedExpansions'];

/**
 * Administration and case work that is not a read of one record: who may do it.
 * (Corrections and deletions: the journalansvarlig, see below.)
 */
export const ACTIONS = {
  /**
   * Retting og sletting (helsepersonelloven §§ 42–44, subgraphs/journal/record-cases.ts): the
   * journalansvarlig decides; archivists and the journalansvarlig register requests
   * (from the patient, a representative, a person named in the note, or health personnel).
   */
  correctJournalEntry: ['journalansvarlig'],
  deleteJournalEntry: ['journalansvarlig'],
  registerRecordCase: ['archivist', 'journalansvarlig'],
  /**
   * Two records of one coercion execution recorded as one, and undone (subgraphs/coercion/
   * same-execution.ts; hol. § 9-7, helsepersonelloven §§ 39 andre ledd, 42): a correction of the
   * record, the journalansvarlig's (purpose RECORD_CORRECTION), as the journal's corrections.
   */
  markSameCoercionExecution: ['journalansvarlig'],
  undoSameCoercionExecution: ['journalansvarlig'],
  /**
   * A later decision changing a coercion decision's approval, recorded from its letter
   * (subgraphs/coercion/approval-change.ts; hol. § 9-11: the barneverns- og helsenemnda on a
   * complaint, a court; forvaltningsloven § 35: Statsforvalteren's reversal; helsepersonelloven
   * § 42: a new row beside the approval, nothing rewritten). The CLI coercion-approval-change is an
   * operator's; through the API: the journalansvarlig, who answers for the record
   * (helsepersonelloven § 39 andre ledd; purpose RECORD_CORRECTION, as markSameCoercionExecution),
   * and an archivist registering the body's letter (administration of the archive, purpose
   * ARCHIVE_ADMINISTRATION, as registerRecordCase). Not legal users: they read the record for a
   * matter, they do not write it.
   */
  recordCoercionApprovalChange: ['journalansvarlig', 'archivist'],
  /**
   * Approval changes a later source export revised the decision after (the change still applies;
   * subgraphs/coercion/approval-change.ts): the archivist's list, as the journal's source conflicts.
   */
  coercionApprovalChangeConflicts: ['archivist'],
  decideRecordCase: ['journalansvarlig'],
  recordCases: ['archivist', 'journalansvarlig'],
  /** Legal hold (lib/policy/legal-hold.ts): archivists place and lift it; both may list. */
  placeLegalHold: ['archivist'],
  liftLegalHold: ['archivist'],
  legalHolds: ['archivist', 'journalansvarlig'],
  linkPatients: ['archivist'],
  unlinkPatients: ['archivist'],
  /**
   * Which source's name or birth date is the person's (subgraphs/journal/mutations.ts
   * choosePersonDetail): the import never decides it (pasientjournalloven § 22, integritet);
   * the archivist does, administering the record (ARCHIVE_ADMINISTRATION), with a reason.
   */
  choosePersonDetail: ['archivist'],
  duplicateCandidates: ['archivist'],
  /** Source updates to notes corrected here, and the decision on them (issue 10): archivists. */
  sourceConflicts: ['archivist'],
  resolveSourceConflict: ['archivist'],
  /** Finding a person by national id tells whether they have records: identifying roles only. */
  patientByNationalId: ['legal', 'archivist'],
  registerMatter: ['archivist'],
  closeMatter: ['archivist'],
  listMatters: ['archivist'],
  /** The journalansvarlig lists them too: to find the grants found NOT_JUSTIFIED to clear. */
  breakGlassReviews: ['archivist', 'journalansvarlig'],
  reviewBreakGlass: ['archivist'],
  breakGlass: ['legal'],
  /**
   * Lifting the bar a NOT_JUSTIFIED review puts on breaking the glass again for that person
   * (resolvers.ts breakGlass, migration 007): the journalansvarlig, who answers for the record
   * (helsepersonelloven § 39 andre ledd; pasientjournalloven § 22).
   */
  clearBreakGlass: ['journalansvarlig'],
  loependeJournal: ['archivist'],
  archiveQuarantine: ['archivist'],
  changeTittel: ['archivist'],
  /**
   * Setting or lifting a record's skjerming (subgraphs/archive/skjerming.ts; offentleglova
   * §§ 13–26): the archive's own staff, administering the archive (ARCHIVE_ADMINISTRATION).
   */
  setSkjerming: ['archivist'],
  /**
   * Party conflicts of a later Noark 5 extract that named no party of a record (subgraphs/archive/
   * party-conflicts.ts; pasientjournalloven § 22): deciding whom a case concerns is administration
   * of the archive (ARCHIVE_ADMINISTRATION), as the journal's source conflicts are.
   */
  partyConflicts: ['archivist'],
  resolvePartyConflict: ['archivist'],
  registerAccessRequest: ['legal', 'archivist'],
  closeAccessRequest: ['legal', 'archivist'],
  extendAccessRequest: ['legal', 'archivist'],
  /** The living patient's consent arriving after the request (helsepersonelloven § 22 første ledd). */
  recordAccessRequestConsent: ['legal', 'archivist'],
  openAccessRequests: ['legal', 'archivist'],
  /**
   * Handing an open access request over to another case handler (saksansvarlig; e.g. sick
   * leave), which moves the reach of purpose ACCESS_REQUEST with it: administration of the
   * archive, so purpose ARCHIVE_ADMINISTRATION (not in ACCESS_REQUEST_WORK), never the case
   * handlers themselves.
   */
  handOverAccessRequest: ['archivist'],
  /** The public postjournal (offentleglova § 10): any role. */
  postjournal: ['legal', 'archivist', 'researcher', 'reporting'],
  /** Who looked at a person's record (accessLog, the access-log export): archivists. */
  accessLog: ['archivist'],
  /** The periods the source systems cover, for a dossier's completeness statement (no person data). */
  recordPeriods: ['legal', 'archivist'],
  /** A dossier or an access bundle (each record in it is then checked by its owner). */
  dossier: ['legal', 'archivist'],
  /** Aggregate tables with small cells suppressed (issue 16, disclosure.ts). */
  statistics: ['reporting', 'archivist'],
  /** Free-text search, its totals and term reports: not reporting (a count over free text can single one out). */
  search: ['legal', 'archivist', 'researcher', 'journalansvarlig'],
  /** Research grants (helseforskningsloven §§ 9-10, 33; helsepersonelloven § 29): registered by archivists. */
  registerGrant: ['archivist'],
  amendGrant: ['archivist'],
  withdrawGrant: ['archivist'],
  listGrants: ['archivist'],
  /** The disclosure log (what went to whom under which approval): archivists. */
  disclosureLog: ['archivist'],
  /** The cohort of the token's grant, pseudonymised: researchers. */
  researchCohort: ['researcher'],
  /** An extract: the archivist for the responsible researcher, or a researcher of the grant. */
  extract: ['archivist', 'researcher'],
  /** An evidence bundle of a person in a matter (lib/bundle; the matter's scope still applies): legal, archivist. */
  exportBundle: ['legal', 'archivist'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof ACTIONS;

/**
 * Handling an access request (innsynsbegjæring): pasient- og brukerrettighetsloven § 5-1 gives
 * the patient (and, by §§ 5-1 and 1-3 b, a relative or representative) access to the record;
 * pasientjournalloven § 22 allows the access only for the purpose the work serves. The
 * mutations that register, extend and close an access request need purpose ACCESS_REQUEST:
 * an archivist administering the archive (ARCHIVE_ADMINISTRATION) or a legal user on a legal
 * proceedings or complaint matter does not answer one.
 */
export const ACCESS_REQUEST_ACTIONS: readonly Action[] = [
  'registerAccessRequest',
  'extendAccessRequest',
  'recordAccessRequestConsent',
  'closeAccessRequest',
];

/**
 * What an archivist does on purpose ACCESS_REQUEST (pasientjournalloven § 22: access for the
 * purpose the work serves; pasient- og brukerrettighetsloven § 5-1; purposes.ts): the requests
 * themselves, finding the person, the dossier or access bundle and search within the persons
 * of the open requests they are saksansvarlig for (compileAccessRequests), the record periods
 * and the public postjournal. Every other archivist action is administration of the archive
 * and needs purpose ARCHIVE_ADMINISTRATION: legal holds, links, matters, source conflicts,
 * break-the-glass reviews, titles, research grants, handing a request over to another case
 * handler (handOverAccessRequest), and the lists (duplicate candidates, source conflicts,
 * record cases, matters, the løpende journal, quarantine) that showed persons no request
 * concerns (found in review; a list of administration actions had named only the mutations).
 */
export const ACCESS_REQUEST_WORK: readonly Action[] = [
  ...ACCESS_REQUEST_ACTIONS,
  'openAccessRequests',
  'patientByNationalId',
  'recordPeriods',
  'dossier',
  'search',
  'postjournal',
];

/** Whether a role may do an action (for callers without a compiled policy, e.g. the CLI). */
export function roleMay(role: Role, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(role);
}

/** Time-limited self-authorisation; default 4 hours (HELSESPOR_BREAK_GLASS_HOURS). */
export const policySettings = { breakGlassHours: 4 };

/** The persons a record concerns, by any key the subgraph knows them by. */
export interface Subject {
  patientIds?: readonly string[];
  nationalIds?: readonly string[];
  /**
   * The access request the record is of (its saksmappe id): the request itself and its case.
   * To a case handler on purpose ACCESS_REQUEST such a record is read under that request
   * (AccessPolicy.reach), whatever other request of theirs concerns the same patient.
   */
  accessRequest?: string;
  /**
   * The case (saksmappe id) the record is of, where it is one of the archive's cases that no
   * access request is (a complaint, a case of several parties): to a case handler on purpose
   * ACCESS_REQUEST whose token names no request, a case two or more of their open requests concern
   * (RequestHandling.sharedCases) is refused on every path (AccessPolicy.reach, sharedCaseRule), as
   * search leaves it out (searchExcludedCases).
   */
  caseId?: string;
}

/**
 * Whom an access request (innsynsbegjæring) and its case concern, for the policy: the patient
 * whose record is requested, by the patient record the request is filed under
 * (archive.access_request.patient_id, with the records the journal links to it now), and no one
 * else. pasient- og brukerrettighetsloven § 5-1 with pasientjournalloven § 22 and
 * helsepersonelloven § 21: the relative or third party who asked is a party of the case, but a
 * matter about them does not open the patient's case (that the patient is in care is
 * confidential); pasientjournalforskriften § 14: the read is the patient's. Every path asks this
 * one (review s45, test/access-review-s45b.e2e.test.ts): `accessRequest(id)` judged by the
 * record, the case's paths (saksmappe by id or number, journalpost, Patient.cases, a search
 * hit's saksmappe, the dossier and bundles through them) by the national ids the case is linked
 * to (archive.subject_link). Those part ways when the national id given at registration is no
 * longer the record's person's: given while the record was linked to another (a typo link) and
 * unlinked since, it is the other person's, and a matter about that person (the relative who
 * asked) read the patient's case on every path but `accessRequest(id)`. The national id stays
 * what the case's persons are logged under (archive audit-keys.ts); the reach follows the record.
 */
export function accessRequestSubject(r: { saksmappeId: string; patientId: string }): Subject {
  return { patientIds: [r.patientId], nationalIds: [], accessRequest: r.saksmappeId };
}

/** A local-date period (inclusive); null = open. */
export interface Period {
  from: string | null;
  to: string | null;
}

/**
 * The date a record is judged by: a local date, a period that must overlap the caller's (a
 * coercion decision's validity), or the local dates a record is dated by of which one must be in
 * it (a case: its saksdato and its journalposts' journaldato; lib/policy/README.md "saksmappe …
 * dated in period"). A list, not the span from its first date to its last: the span took a case of
 * 2010 with a letter of 2020 into a 2015–2016 matter though nothing of it is dated there
 * (pasientjournalloven § 22; found in review s40). An empty list, and null, judge by person alone.
 */
export type RecordDate = string | Period | readonly string[] | null;

/** One reach of a legal user: a matter's persons and period, or one break-the-glass patient. */
export interface Grant {
  source: string;
  patientIds: ReadonlySet<string>;
  nationalIds: ReadonlySet<string>;
  /**
   * The national ids of `nationalIds` that no patient record of the grant carries: persons
   * known only by national id (an archive party, a coercion patient), logged as `nid:<id>`
   * when the grant is read as a whole (a search's total: pasientjournalforskriften § 14).
   */
  recordlessNationalIds: ReadonlySet<string>;
  period: Period;
  selfAuthorized: boolean;
  /** A case handler's reach on purpose ACCESS_REQUEST: the one open access request it is (compileAccessRequests). */
  accessRequest?: HandledRequest;
}

/** An open access request of the caller (saksansvarlig), by its case. */
export interface HandledRequest {
  /** Its saksmappe id: what the access log's `matter` and the token's claim `matter` hold. */
  saksmappeId: string;
  /** Its case number (saksnummer), e.g. 2024/0012, for the refusals. */
  mappeId: string;
}

/**
 * What a case handler's reach on purpose ACCESS_REQUEST knows beside its grants (one grant per
 * open request whose patient no other open request of theirs concerns): every open request of
 * theirs, and the persons two or more of them concern, whose reads must name one.
 */
export interface RequestHandling {
  /** The request the token names (claim matter), or null. */
  named: HandledRequest | null;
  /** Every open request of the caller's reach, by saksmappe id (the named one alone when named). */
  open: ReadonlyMap<string, HandledRequest>;
  /** Persons two or more of the caller's open requests concern (never with a named request). */
  ambiguous: readonly {
    patientIds: ReadonlySet<string>;
    nationalIds: ReadonlySet<string>;
    requests: HandledRequest[];
  }[];
  /**
   * Cases (saksmappe ids) whose persons two or more of the caller's open requests concern (a
   * complaint with the mother and the father as parties, each with a request of the caller's),
   * without a named request: a read of one could have served either, so none can be named in
   * its access-log rows (a party no request concerns, the relative named in it, was logged with
   * matter NULL: stop 44's residual, task s46). Search over all of the caller's patients leaves
   * them out (searchExcludedCases), as reach refuses a person two requests concern
   * (ambiguousRequestRule); a search under a named request finds them. Empty when named.
   */
  sharedCases: readonly string[];
}

/** An access request's case and its responsible case handler (Noark 5 saksansvarlig). */
export interface RequestCase {
  saksmappeId: string;
  saksansvarlig: string;
  /**
   * The patient record the request is filed under (accessRequestSubject), where the policy was
   * given it (a legal user's reach: compileRequestCasesOfReach); absent otherwise.
   */
  patientId?: string;
}

/**
 * What the search backends filter on: the union of the grants (undefined: no restriction;
 * grants absent: every person, less the excluded cases).
 */
export interface SearchScope {
  grants?: {
    patientIds: string[];
    nationalIds: string[];
    from?: string;
    to?: string;
    /** Conditions a journal note must meet (a research grant's cohort definition); other kinds are not narrowed. */
    notes?: NoteConditions;
    /** The record kinds this grant may count (a research grant: those whose source it approves); absent: every kind. */
    kinds?: string[];
  }[];
  /**
   * Cases (saksmappe ids) none of whose records counts, whatever grant reaches their persons:
   * another case handler's access-request cases, to an archivist on purpose ACCESS_REQUEST;
   * every one, to a role that reads none (AccessPolicy.searchExcludedCases). Absent: none.
   */
  excludedCases?: string[];
}

/**
 * The search index's record kinds by the research variable that approves the text search
 * matches in them: a researcher's search counts a kind only when the grant approves that
 * variable (helseforskningsloven §§ 33-35: data only as the approval says; researchCohort and
 * the extract give the same text only with the same variable). A search counts matches in
 * free text, so approving another variable of the same source is not enough: a grant of
 * PERSON_BIRTH_YEAR and CASE_TITLE counted words in every note of its cohort, one of
 * JOURNAL_TEXT and CASE_DATE words in the case titles (found in review s32). A kind is counted
 * only when the grant approves every variable its indexed text holds. A journal note's text is
 * JOURNAL_TEXT; a journalpost's (its title and its case's) CASE_TITLE; a coercion execution's
 * indexed text is its measure and its description (subgraphs/coercion/outbox.ts: "<measure>.
 * <description>"), so it needs EXECUTION_MEASURE and EXECUTION_DESCRIPTION: with the
 * description alone, a search for a measure's name counted the executions by measure, a
 * variable the grant withholds (review s33's residuals; the index has no field of the
 * description alone to search instead). A case document's page (PDF text or OCR) no variable
 * approves, so it is never counted.
 */
const RESEARCH_SEARCH_TEXT: Record<string, readonly ResearchVariable[] | null> = {
  journal_entry: ['JOURNAL_TEXT'],
  coercion_execution: ['EXECUTION_DESCRIPTION', 'EXECUTION_MEASURE'],
  journalpost: ['CASE_TITLE'],
  archive_document: null,
};

/** The date variable of each search kind (a researcher's from/to dates records of that kind). */
const SEARCH_KIND_DATE: Record<string, ResearchVariable> = {
  journal_entry: 'JOURNAL_WRITTEN_AT',
  coercion_execution: 'EXECUTION_START',
  journalpost: 'CASE_DATE',
  archive_document: 'CASE_DATE',
};

/** The search kinds whose text the grant approves (RESEARCH_SEARCH_TEXT). */
function researchSearchKinds(g: GrantRow): string[] {
  return Object.entries(RESEARCH_SEARCH_TEXT)
    .filter(([, need]) => need !== null && need.every((v) => g.variables.includes(v)))
    .map(([kind]) => kind);
}

/** A research grant's note conditions (helseforskningsloven § 33: only the notes the approval names). */
export interface NoteConditions {
  ageFrom?: number;
  ageTo?: number;
  /** Where the age window places a 29 February birthday (the grant's cohort.leapDayRule; absent: MARCH_1). */
  leapDayRule?: LeapDayRule;
  sources?: string[];
  services?: string[];
}

/** The note conditions of a grant's cohort definition, or undefined when it names none. */
function noteConditions(g: GrantRow): NoteConditions | undefined {
  const c = g.cohort;
  const n: NoteConditions = {
    ...(c.ageFrom != null ? { ageFrom: c.ageFrom } : {}),
    ...(c.ageTo != null ? { ageTo: c.ageTo } : {}),
    ...((c.ageFrom != null || c.ageTo != null) && c.leapDayRule === 'FEBRUARY_28'
      ? { leapDayRule: 'FEBRUARY_28' as const }
      : {}),
    ...(c.sources?.length ? { sources: [...c.sources] } : {}),
    ...(c.services?.length ? { services: [...c.services] } : {}),
  };
  return Object.keys(n).length ? n : undefined;
}

/** The smallest period covering all of these (null bounds are open). */
function union(gs: readonly Grant[]): Period {
  let from: string | null = gs[0]!.period.from;
  let to: string | null = gs[0]!.period.to;
  for (const g of gs.slice(1)) {
    from = from === null || g.period.from === null ? null : g.period.from < from ? g.period.from : from;
    to = to === null || g.period.to === null ? null : g.period.to > to ? g.period.to : to;
  }
  return { from, to };
}

/** Whether period a reaches beyond period b on either side. */
function wider(a: Period, b: Period): boolean {
  const before = b.from !== null && (a.from === null || a.from < b.from);
  const after = b.to !== null && (a.to === null || a.to > b.to);
  return before || after;
}

/** A RecordDate as the periods one of which must overlap the caller's (none: judged by person alone). */
function periodsOf(date: RecordDate | undefined): Period[] {
  if (date == null) return [];
  if (typeof date === 'string') return [{ from: date, to: date }];
  if (Array.isArray(date)) return (date as readonly string[]).map((d) => ({ from: d, to: d }));
  return [date as Period];
}

function overlaps(p: Period, d: Period): boolean {
  return !((p.from && d.to && d.to < p.from) || (p.to && d.from && d.from > p.to));
}

export function forbidden(rule: string): GraphQLError {
  return new GraphQLError(rule, { extensions: { code: 'FORBIDDEN', rule } });
}

/** The access-log key of a subject. */
export function subjectKey(s: Subject): string {
  const id = s.patientIds?.[0];
  if (id) return id;
  const nid = s.nationalIds?.[0];
  return nid ? nationalIdSubject(nid) : '*';
}

const roleList = (roles: readonly Role[]) => roles.join(' or ');

/** A researcher's grant, compiled: the version in force, its cohort and pseudonyms. */
export class ResearchReach implements CohortKeys {
  readonly byPseudonym = new Map<string, CohortPerson>();
  readonly pseudonymOfPatient = new Map<string, string>();
  readonly pseudonymOfNationalId = new Map<string, string>();

  constructor(
    readonly grant: GrantRow,
    readonly persons: readonly CohortPerson[],
    /**
     * Coercion executions recorded as the same execution as another, not counted
     * (coercion.same_execution; hol. § 9-7): no researcher's search hits or counts them, as
     * researchCohort and the extract give the counted record only (extract.ts COUNTED_EXECUTION;
     * review s45). Read when the reach is compiled.
     */
    readonly uncountedExecutions: readonly string[] = [],
  ) {
    for (const p of persons) {
      const ps = pseudonym(grant.pseudonym_scope, p.person_key);
      this.byPseudonym.set(ps, p);
      for (const id of p.patient_ids) this.pseudonymOfPatient.set(id, ps);
      for (const nid of p.national_ids) this.pseudonymOfNationalId.set(nid, ps);
    }
  }

  get label(): string {
    return `grant ${this.grant.id} version ${this.grant.version}`;
  }

  /** The rule refusing a variable, or null when the grant approves it. */
  variableRule(v: ResearchVariable): string | null {
    if (!this.grant.variables.includes(v)) return `variable ${v} is not approved by ${this.label}`;
    if ('freeText' in RESEARCH_VARIABLES[v] && !this.grant.free_text)
      return `free text is not approved by ${this.label}`;
    return null;
  }
}

export class AccessPolicy {
  /**
   * @param grants null: every patient (archivist, journalansvarlig; reporting and researchers, whose kinds and fields are cut).
   * @param scopeRule the rule refusing every patient read when the caller has no valid matter
   *   (or, beside grants, a patient outside them: an archivist on purpose ACCESS_REQUEST).
   */
  constructor(
    readonly caller: CallerContext,
    readonly grants: readonly Grant[] | null,
    readonly scopeRule: string | null,
    /** A researcher's compiled grant (null: not a researcher, or the grant is not in force: see scopeRule). */
    readonly research: ResearchReach | null = null,
    /**
     * An archivist on purpose ACCESS_REQUEST: every access request (open or closed) concerning
     * the persons of their reach, with its case handler (compileAccessRequests); a role that
     * reads no request (readsNoRequests): every request (everyRequestCase). The search scope
     * leaves out the cases requestHandlerRule refuses (searchExcludedCases).
     */
    readonly requestCases: readonly RequestCase[] = [],
    /** A case handler on purpose ACCESS_REQUEST: their open requests (compileAccessRequests); null for every other caller. */
    readonly handling: RequestHandling | null = null,
  ) {}

  get role(): Role {
    return this.caller.role;
  }

  /** True when every field of every record kind is open to the role. */
  get identifying(): boolean {
    return IDENTIFYING_ROLES.includes(this.role) || RECORD_RESPONSIBLE_ROLES.includes(this.role);
  }

  // ---- actions ----

  actionRule(action: Action): string | null {
    const roles: readonly Role[] = ACTIONS[action];
    if (!roles.includes(this.role)) return `${action} needs role ${roleList(roles)}`;
    if (
      this.role === 'archivist' &&
      this.caller.purpose !== 'ARCHIVE_ADMINISTRATION' &&
      !ACCESS_REQUEST_WORK.includes(action)
    )
      return `${action} needs purpose ARCHIVE_ADMINISTRATION`;
    if (ACCESS_REQUEST_ACTIONS.includes(action) && this.caller.purpose !== 'ACCESS_REQUEST')
      return `${action} needs purpose ACCESS_REQUEST`;
    return null;
  }

  /**
   * Throws FORBIDDEN naming the rule when the role may not do this, and logs the denial
   * (pasientjournalforskriften § 14 and Normen, "Tilgangsstyring": attempts are logged):
   * under the person it concerns (`subject`; a national id as `nid:<it>`, subjectKey), or
   * under `*` when it names none. A refusal without a subject wrote no row (found in review:
   * a national-id lookup, a search over everyone, the løpende journal, duplicate candidates
   * and an access bundle refused to a role that may not ask were not in the log at all).
   */
  requireAction(audit: AuditTrail, action: Action, subject?: Subject): void {
    const rule = this.actionRule(action);
    if (!rule) return;
    audit.denied(subjectKey(subject ?? {}), action, rule);
    throw forbidden(rule);
  }

  // ---- rows ----

  kindRule(kind: RecordKind): string | null {
    if (AGGREGATE_ONLY_ROLES.includes(this.role)) return `${kind}: ${AGGREGATE_ONLY_RULE}`;
    if (this.identifying) return null;
    // Researchers read pseudonymised data through researchCohort and extract (research.ts), never these records.
    if (this.role === 'researcher' && kind === 'search_hit') return null;
    return `${kind} needs role ${roleList(IDENTIFYING_ROLES)}`;
  }

  /** Refuses the whole record kind to a role that never reaches it (before anything is looked up). */
  requireKind(audit: AuditTrail, kind: RecordKind): void {
    const rule = this.kindRule(kind);
    if (!rule) return;
    audit.denied('*', kind, rule);
    throw forbidden(rule);
  }

  /** The grants that reach this subject (all of them for an unrestricted role). */
  private grantsFor(s: Subject): Grant[] {
    if (!this.grants) return [];
    return this.grants.filter(
      (g) =>
        (s.patientIds ?? []).some((id) => g.patientIds.has(id)) ||
        (s.nationalIds ?? []).some((n) => g.nationalIds.has(n)),
    );
  }

  /**
   * The period of this person's records the caller may reach, or a rule refusing the
   * person. Unrestricted: an open period. A break-the-glass grant opens every period.
   */
  reach(
    kind: RecordKind,
    s: Subject,
  ): { period: Period; selfAuthorized: boolean; request?: HandledRequest } | { rule: string } {
    const k = this.kindRule(kind);
    if (k) return { rule: k };
    if (!this.grants) return { period: { from: null, to: null }, selfAuthorized: false };
    const h = this.handling;
    if (h && !h.named && s.accessRequest) {
      // A record of an access request (the request, its case): read under that request, also
      // where another open request of the caller concerns the same patient. Under a token that
      // names a request, every record of its patient is read under that one (the person's other
      // cases, the caller's other requests for them among them), as under a legal user's matter.
      const own = h.open.get(s.accessRequest);
      if (own) return { period: { from: null, to: null }, selfAuthorized: false, request: own };
    }
    const gs = this.grantsFor(s);
    if (h && !h.named && s.caseId && h.sharedCases.includes(s.caseId)) {
      // A case two or more of the caller's open requests concern (pasientjournalloven §§ 16 and 22,
      // pasientjournalforskriften § 14): a read of it could have served either, so the log could
      // name none (its relative's row had matter NULL on saksmappe(id), journalpost(id), its
      // journalposts and documents, while search left it out: task s46 FX5). Refused unless the
      // token names the request, on every path that gives the case (caseId), as searchRule does.
      const requests = gs.flatMap((g) => (g.accessRequest ? [g.accessRequest] : []));
      return {
        rule: sharedCaseRule(this.caller.userId, requests.length > 1 ? requests : [...h.open.values()]),
      };
    }
    if (!gs.length) {
      const many = h?.ambiguous.find(
        (a) =>
          (s.patientIds ?? []).some((id) => a.patientIds.has(id)) ||
          (s.nationalIds ?? []).some((n) => a.nationalIds.has(n)),
      );
      if (many) return { rule: ambiguousRequestRule(this.caller.userId, many.requests) };
      return { rule: this.scopeRule ?? this.outsideRule() };
    }
    const all = union(gs);
    const own = gs.filter((g) => !g.selfAuthorized);
    // Self-authorised when the reach is wider than the matter's own: the extra came from a break-the-glass grant.
    const selfAuthorized = own.length === 0 || wider(all, union(own));
    return { period: all, selfAuthorized };
  }

  private outsideRule(): string {
    const matter = this.grants?.find((g) => !g.selfAuthorized)?.source;
    return matter
      ? `patient not in matter ${matter}`
      : 'patient not reachable: no matter and no break-the-glass grant';
  }

  /** The rule refusing a record of this person dated `date`, or whether reaching it needs break the glass. */
  private decide(
    kind: RecordKind,
    s: Subject,
    date?: RecordDate,
  ): { rule: string } | { selfAuthorized: boolean } {
    const r = this.reach(kind, s);
    if ('rule' in r) return r;
    const ds = periodsOf(date);
    if (!ds.length || !this.grants || r.request) return { selfAuthorized: r.selfAuthorized };
    const fits = this.grantsFor(s).filter((g) => ds.some((d) => overlaps(g.period, d)));
    if (!fits.length) {
      const p = r.period;
      const matter = this.grants.find((g) => !g.selfAuthorized)?.source ?? '';
      return { rule: `record outside the period of matter ${matter} (${p.from ?? '…'} to ${p.to ?? '…'})` };
    }
    return { selfAuthorized: fits.every((g) => g.selfAuthorized) };
  }

  /**
   * May the caller see this person's records of this kind (dated `date`, a local date, a
   * period that must overlap, or local dates one of which must be in the caller's period: RecordDate)? On no: logs the denial and returns the rule. On yes through
   * break the glass: flags the request's log rows as self-authorised.
   */
  check(audit: AuditTrail, kind: RecordKind, s: Subject, date?: RecordDate): string | null {
    const d = this.decide(kind, s, date);
    if ('rule' in d) {
      audit.denied(subjectKey(s), kind, d.rule);
      return d.rule;
    }
    if (d.selfAuthorized) this.caller.selfAuthorized = true;
    return null;
  }

  /** Whether a row of a list is in reach (no log row: a list simply leaves it out). */
  visible(kind: RecordKind, s: Subject, date?: RecordDate): boolean {
    const d = this.decide(kind, s, date);
    if ('rule' in d) return false;
    if (d.selfAuthorized) this.caller.selfAuthorized = true;
    return true;
  }

  /** check(), throwing FORBIDDEN with the rule. */
  require(audit: AuditTrail, kind: RecordKind, s: Subject, date?: RecordDate): void {
    const rule = this.check(audit, kind, s, date);
    if (rule) throw forbidden(rule);
  }

  /**
   * Registering an access request for this person (pasient- og brukerrettighetsloven § 5-1):
   * the person must be in reach, except for an archivist on purpose ACCESS_REQUEST, whose
   * reach is the persons of the open requests they are saksansvarlig for
   * (compileAccessRequests): registering the request, a case journalført in the archive with
   * them as saksansvarlig and logged under the patient, is what brings them in.
   */
  requireRequestRegistration(audit: AuditTrail, kind: RecordKind, s: Subject): void {
    if (this.role === 'archivist' && this.caller.purpose === 'ACCESS_REQUEST') return;
    this.require(audit, kind, s);
  }

  /**
   * pasientjournalloven § 22 with helsepersonelloven § 21a: an archivist on purpose
   * ACCESS_REQUEST handles the access requests they are saksansvarlig for, and no other's:
   * reach is per patient, so a request of their own for a patient opened another handler's
   * request for the same patient (its requester, legal interest, case; extending and closing
   * it: found in review). The rule refusing a request (and its case) of `saksansvarlig`; null
   * for every other caller, and for the caller's own.
   */
  requestHandlerRule(saksansvarlig: string): string | null {
    if (this.readsNoRequests) return ACCESS_REQUEST_READER_RULE;
    if (!this.handlesOwnRequestsOnly) return null;
    return saksansvarlig === this.caller.userId ? null : ACCESS_REQUEST_HANDLER_RULE;
  }

  /**
   * pasient- og brukerrettighetsloven § 5-1 with pasientjournalloven § 22 (access only as the
   * purpose needs): an access request (innsynsbegjæring) and its case, with the requester, the
   * legal interest and the letters, are read by those who answer it (archivist) or build a
   * matter on it (legal; ACTIONS.openAccessRequests). A journalansvarlig reads every record to
   * decide corrections, deletions and moves (helsepersonelloven § 39 andre ledd, §§ 42–44),
   * and `accessRequest(id)` refused it, but the same request's case opened to it through
   * `saksmappe(id)`, `journalpost(id)`, `Patient.cases` and search (found in review s39): a
   * rule that held on one path only. Now every path asks this one.
   */
  get readsNoRequests(): boolean {
    return this.identifying && this.actionRule('openAccessRequests') !== null;
  }

  /**
   * pasientjournalforskriften § 14 and Normen ("Tilgangsstyring": self-authorisation is
   * checked afterwards): the check is someone else's (four eyes). A user who holds both roles
   * (legal and archivist) under one user id may not review, as an archivist, a grant they
   * opened (found in review: the review checked the role only). Refused and logged under the
   * grant's patient.
   */
  requireBreakGlassReviewer(audit: AuditTrail, grant: { user_id: string; patient_id: string }): void {
    if (grant.user_id !== this.caller.userId) return;
    audit.denied(grant.patient_id, 'break_glass', BREAK_GLASS_SELF_REVIEW_RULE);
    throw forbidden(BREAK_GLASS_SELF_REVIEW_RULE);
  }

  /** Whether this caller sees some access-request cases only (an archivist on purpose ACCESS_REQUEST: their own). */
  get handlesOwnRequestsOnly(): boolean {
    return this.role === 'archivist' && this.caller.purpose === 'ACCESS_REQUEST';
  }

  /**
   * The access request a read logged under this key served (the access log's `matter`), for a
   * case handler on purpose ACCESS_REQUEST (pasientjournalloven §§ 16 and 22,
   * pasientjournalforskriften § 14: the log says who read what, and why): the request the token
   * names, else the one open request of theirs whose patient the key is (a patient record id,
   * `nid:<national id>`, or `saksmappe:<id>` for a request's own case). Null for every other
   * caller, whose token's matter (or grant) is the row's, and for a key no single request
   * reaches (`*`, a refusal): reach refuses a read two requests could have served
   * (ambiguousRequestRule), so no granted row is left without one.
   */
  requestMatterOf(key: string): string | null {
    const h = this.handling;
    if (!h) return null;
    if (h.named) return h.named.saksmappeId;
    if (key.startsWith('saksmappe:')) return h.open.get(key.slice('saksmappe:'.length))?.saksmappeId ?? null;
    const nid = key.startsWith('nid:') ? key.slice(4) : null;
    const found = new Set(
      (this.grants ?? [])
        .filter((g) => g.accessRequest && (nid ? g.nationalIds.has(nid) : g.patientIds.has(key)))
        .map((g) => g.accessRequest!.saksmappeId),
    );
    return found.size === 1 ? [...found][0]! : null;
  }

  /**
   * requestMatterOf for a record that concerns these persons (a case with several parties, a
   * search hit of one): the request the token names, else the request the record is of
   * (`s.accessRequest`, one of the caller's open requests), else the one open request of the
   * caller that reaches one of its persons. Its rows name it under every party's key, the
   * relative named in the case too, whom no request of the caller concerns (undefined where
   * none or more than one does, and for every caller but a case handler on ACCESS_REQUEST).
   */
  requestMatterFor(s: Subject): string | undefined {
    const h = this.handling;
    if (!h) return undefined;
    if (h.named) return h.named.saksmappeId;
    if (s.accessRequest && h.open.has(s.accessRequest)) return s.accessRequest;
    const found = new Set(
      this.grantsFor(s).flatMap((g) => (g.accessRequest ? [g.accessRequest.saksmappeId] : [])),
    );
    return found.size === 1 ? [...found][0]! : undefined;
  }

  /** Whether requestHandlerRule can refuse anything to this caller (readsNoRequests, handlesOwnRequestsOnly). */
  get requestCasesLimited(): boolean {
    return this.handlesOwnRequestsOnly || this.readsNoRequests;
  }

  /** requestHandlerRule, logged under the request's patient and thrown (FORBIDDEN). */
  requireRequestHandler(audit: AuditTrail, patientId: string, saksansvarlig: string): void {
    const rule = this.requestHandlerRule(saksansvarlig);
    if (!rule) return;
    audit.denied(patientId, 'access_request', rule);
    throw forbidden(rule);
  }

  /**
   * The cases search leaves out (pasientjournalloven § 22 with helsepersonelloven § 21a, the
   * rule of requestHandlerRule): another case handler's access-request cases, open or closed,
   * concerning a person the caller reaches through a request of their own. Search scopes by
   * person, so it found the case documents and journalposts of another handler's request for
   * the same patient, which the archive refuses (found in review). Pushed into the backends'
   * query with the scope (searchScope), so hits, highlights, totals, the term report, suggested
   * terms, more-like-this seeds and the recall estimate's sample leave them out alike, and into
   * searchCoverage's counts. Left out silently, as records outside the per-person scope are
   * (no denial row: the search never names them). For a role that reads no request
   * (readsNoRequests, a journalansvarlig): every access-request case. Empty for every other caller.
   */
  get searchExcludedCases(): string[] {
    const refused = this.requestCases
      .filter((c) => this.requestHandlerRule(c.saksansvarlig) !== null || this.requestPatientRule(c) !== null)
      .map((c) => c.saksmappeId);
    // A case two of a case handler's requests concern, with none named (RequestHandling.sharedCases).
    const shared = this.handling?.sharedCases ?? [];
    return shared.length ? [...new Set([...refused, ...shared])] : refused;
  }

  /**
   * The rule refusing an access request's case to this caller by its patient (accessRequestSubject:
   * the case follows the patient whose record is requested), for search, which finds the case's
   * records by the national ids they are indexed under: a case of a person the caller reaches by
   * national id whose request is for a record the caller does not reach is left out, as the
   * archive refuses it (review s45). Null when the patient record is not known here.
   */
  requestPatientRule(c: RequestCase): string | null {
    if (c.patientId === undefined || !this.grants) return null;
    const r = this.reach(
      'access_request',
      accessRequestSubject({ saksmappeId: c.saksmappeId, patientId: c.patientId }),
    );
    return 'rule' in r ? r.rule : null;
  }

  /** check(), answering whether the row may be returned. */
  admits(audit: AuditTrail, kind: RecordKind, s: Subject, date?: RecordDate): boolean {
    return this.check(audit, kind, s, date) === null;
  }

  /**
   * The caller's period for this person intersected with the asked one, for SQL; the rule
   * when the person is out of reach (the denial is logged). A window widened by break the
   * glass flags the request as self-authorised.
   */
  window(audit: AuditTrail, kind: RecordKind, s: Subject, asked: Period): Period | { rule: string } {
    const r = this.reach(kind, s);
    if ('rule' in r) {
      audit.denied(subjectKey(s), kind, r.rule);
      return r;
    }
    const from =
      [asked.from, r.period.from]
        .filter((x): x is string => !!x)
        .sort()
        .pop() ?? null;
    const to = [asked.to, r.period.to].filter((x): x is string => !!x).sort()[0] ?? null;
    if (this.grants && !r.request) {
      const own = this.grantsFor(s).filter((g) => !g.selfAuthorized);
      if (own.length === 0 || wider({ from, to }, union(own))) this.caller.selfAuthorized = true;
    }
    return { from, to };
  }

  // ---- fields ----

  /** The rule refusing this field of this type to the role, or null. */
  fieldRule(type: string, field: string): string | null {
    if (this.identifying) return null;
    const f = FIELD_POLICY[type];
    if (f && AGGREGATE_ONLY_ROLES.includes(this.role))
      return `field ${field} of ${type}: ${AGGREGATE_ONLY_RULE}`;
    if (!f) return null;
    if (this.role === 'researcher' && type === 'SearchHit' && RESEARCHER_SEARCH_HIT_FIELDS.includes(field)) {
      // An aggregate-only grant gets counts: a hit is one row per note (helseforskningsloven § 33;
      // found in review).
      return this.searchHitsRule();
    }
    return `field ${field} of ${type} needs role ${roleList(IDENTIFYING_ROLES)}`;
  }

  /** The rule refusing a field of a research type (RESEARCH_FIELDS): its variable must be approved by the grant. */
  researchFieldRule(type: string, field: string): string | null {
    const need = RESEARCH_FIELDS[type]?.[field];
    if (!need) return null;
    if (!this.research)
      return this.scopeRule ?? `${type}.${field} is research data: role researcher with a grant in force`;
    if (typeof need === 'string') return this.research.variableRule(need);
    if (need.some((v) => this.research!.variableRule(v) === null)) return null;
    return `none of ${need.join(', ')} is approved by ${this.research.label}`;
  }

  // ---- search ----

  /**
   * The rule refusing a search to a researcher (helseforskningsloven § 33, personopplysningsloven
   * art. 89): a researcher searches the grant's cohort, never a person named by record id (that
   * would test cohort membership and count one person's notes) nor marks notes by record id
   * (moreLikeThis), and a search counts matches in free text, so the grant must approve free
   * text. Null for every other role.
   */
  searchRule(namedPerson: boolean, markedNotes = false): string | null {
    // A case handler's search over every patient of theirs, one of whom two or more of their open
    // requests concern: the access log could not say which request it served (reach refuses such
    // a person's records, ambiguousRequestRule). Said, rather than that person left out silently.
    const h = this.handling;
    if (!namedPerson && h && !h.named && h.ambiguous.length)
      return ambiguousRequestRule(
        this.caller.userId,
        h.ambiguous.flatMap((a) => a.requests),
      );
    if (this.role !== 'researcher') return null;
    if (namedPerson) return 'a researcher searches the grant cohort, not a person named by id';
    // Record ids are not research data, and a marked note says by the total whether it is in
    // the cohort, and has its own words (names too) searched (found in review).
    if (markedNotes)
      return 'a researcher marks no note by record id (moreLikeThis): research data name no record';
    if (this.research && !this.research.grant.free_text)
      return `search counts matches in free text: free text is not approved by ${this.research.label}`;
    return null;
  }

  /**
   * The rule refusing search hits: a researcher on a grant approved for aggregate output only
   * gets counts (helseforskningsloven § 33), not one row per note, nor the number of rows
   * (`hits { __typename }`) or pages, which would count around a suppressed total
   * (search-counts.ts). Null for every other caller.
   */
  searchHitsRule(): string | null {
    const r = this.role === 'researcher' ? this.research : null;
    if (r?.grant.output_level !== 'AGGREGATE') return null;
    return `${r.label} is approved for aggregate output only: search gives totals and the term report, no hits`;
  }

  /**
   * Small cells in search (search-counts.ts: helseforskningsloven § 33, personopplysningsloven
   * art. 89 (1), the threshold of disclosure.ts): for a researcher on an aggregate-only grant,
   * the cohort whose persons its counts are checked against; null when counts are published
   * as they are (every other caller; a row-level grant, which reads and can count the hits).
   */
  get searchSmallCells(): CohortKeys | null {
    return this.searchHitsRule() ? this.research : null;
  }

  /**
   * The grant whose query budget a published count spends (query-budget.ts: GDPR art. 89 (1),
   * helseforskningsloven § 33, against averaging the noise): a researcher's aggregate-only
   * grant; null for every other caller (row-level grants and archivists are not budgeted).
   */
  get queryBudget(): ResearchReach | null {
    return this.searchHitsRule() ? this.research : null;
  }

  /**
   * A search page cursor as the caller gets it: a researcher's is sealed for their grant
   * (research.ts sealCursor: the backends' cursors name the last hit's record id, and a
   * researcher sees no record id; personopplysningsloven art. 89 (1), found in review).
   */
  pageCursor(cursor: string | null): string | null {
    const r = this.role === 'researcher' ? this.research : null;
    return cursor && r ? sealCursor(r.grant.id, cursor) : cursor;
  }

  /** The backend's cursor of a page cursor the caller gives back (BAD_USER_INPUT when it is not one of theirs). */
  backendCursor(cursor: string): string {
    if (this.role !== 'researcher') return cursor;
    const opened = this.research ? openCursor(this.research.grant.id, cursor) : null;
    if (opened === null) throw new GraphQLError('invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
    return opened;
  }

  /**
   * A researcher's query may not look for what de-identification masks — a name of the
   * records, a national id, a phone number, a date …, nor hold a number of 4 digits or more
   * (a piece of one) (helseforskningsloven § 33, personopplysningsloven art. 89 (1);
   * research-search.ts identifyingQueryRule; found in review: the total said whether a note of
   * the cohort names a person). `analysis` is the search backend the query runs on: its words
   * are compared with the names by the backend's own tokens (stems). FORBIDDEN with the rule
   * broken, and logged; other roles pass.
   */
  async requireSearchWords(
    audit: AuditTrail,
    db: Queryable,
    query: string,
    analysis: TextAnalysis,
    nameCacheSeconds?: number,
  ): Promise<void> {
    if (this.role !== 'researcher') return;
    const rule = await identifyingQueryRule(db, query, analysis, nameCacheSeconds);
    if (rule === null) return;
    audit.denied('*', 'search_hit', rule);
    throw forbidden(rule);
  }

  /**
   * The rule refusing a researcher's search filter on a variable the grant does not approve
   * (helseforskningsloven § 33: data only as the approval says; found in review): from/to
   * dates the records of every kind counted (the kinds asked, within those the grant
   * reaches), so each needs its date variable; ageFrom/ageTo needs JOURNAL_AGE; sources
   * needs JOURNAL_SOURCE_SYSTEM. Null for every other role.
   */
  searchVariablesRule(args: {
    from?: string | null;
    to?: string | null;
    ageFrom?: number | null;
    ageTo?: number | null;
    sources?: readonly string[] | null;
    kinds?: readonly string[] | null;
  }): string | null {
    const r = this.role === 'researcher' ? this.research : null;
    if (!r) return null;
    if (args.from || args.to) {
      const counted = researchSearchKinds(r.grant).filter(
        (k) => !args.kinds?.length || args.kinds.includes(k),
      );
      for (const kind of counted) {
        const rule = r.variableRule(SEARCH_KIND_DATE[kind]!);
        if (rule) return `search from/to counts ${kind} by date: ${rule}`;
      }
    }
    if (args.ageFrom != null || args.ageTo != null) {
      const rule = r.variableRule('JOURNAL_AGE');
      if (rule) return `search ageFrom/ageTo: ${rule}`;
    }
    if (args.sources?.length) {
      const rule = r.variableRule('JOURNAL_SOURCE_SYSTEM');
      if (rule) return `search sources: ${rule}`;
    }
    return null;
  }

  /**
   * The rule refusing a researcher's search dates finer than the grant gives dates
   * (helseforskningsloven § 33, personopplysningsloven art. 89 (1); found in review): a
   * count of one day's notes dates them to the day where the grant gives only the month or
   * the year (and, with the query, a person's notes by their dates). MONTH: from is a
   * month's first day and to a month's last; YEAR: 1 January and 31 December; SHIFTED: no
   * from or to (each person's dates are moved, the real ones are not given at all); EXACT:
   * any day. Null for every other role.
   */
  searchDatesRule(from: string | null | undefined, to: string | null | undefined): string | null {
    const g = this.research?.grant;
    if (this.role !== 'researcher' || !g || (!from && !to)) return null;
    const label = this.research!.label;
    const lastOfMonth = (d: string) => {
      const t = new Date(`${d.slice(0, 7)}-01T00:00:00Z`);
      t.setUTCMonth(t.getUTCMonth() + 1, 0);
      return t.toISOString().slice(0, 10) === d;
    };
    switch (g.date_precision) {
      case 'EXACT':
        return null;
      case 'SHIFTED':
        return `${label} shifts each person's dates: search takes no from or to (the grant's period applies)`;
      case 'MONTH':
        if ((from && !from.endsWith('-01')) || (to && !lastOfMonth(to)))
          return `${label} gives dates by month: search from must be the first day of a month and to the last`;
        return null;
      case 'YEAR':
        if ((from && !from.endsWith('-01-01')) || (to && !to.endsWith('-12-31')))
          return `${label} gives dates by year: search from must be 1 January and to 31 December`;
        return null;
    }
  }

  /**
   * Pushed into the Elasticsearch filter / PostgreSQL WHERE: totals, pages and reports count
   * only this. A researcher's scope carries the grant's note conditions too (age window,
   * sources, services: helseforskningsloven §§ 33-35, data only as the approval says), the
   * same notes researchCohort and extract give (the age window on every record kind, sources
   * and services on notes): a record outside them is neither counted, nor
   * in the term report, nor a moreLikeThis seed. And only the record kinds whose text the
   * grant approves (RESEARCH_SEARCH_TEXT).
   */
  searchScope(): SearchScope | undefined {
    // A researcher whose grant is not in force gets nothing, and is told why.
    if (this.role === 'researcher' && this.scopeRule) throw forbidden(this.scopeRule);
    const excludedCases = this.searchExcludedCases;
    // Every person, less the access-request cases of a role that reads none (readsNoRequests).
    if (!this.grants) return excludedCases.length ? { excludedCases } : undefined;
    const notes = this.research ? noteConditions(this.research.grant) : undefined;
    const kinds = this.research ? researchSearchKinds(this.research.grant) : undefined;
    return {
      grants: this.grants.map((g) => ({
        patientIds: [...g.patientIds],
        nationalIds: [...g.nationalIds],
        ...(g.period.from ? { from: g.period.from } : {}),
        ...(g.period.to ? { to: g.period.to } : {}),
        ...(notes ? { notes } : {}),
        ...(kinds ? { kinds } : {}),
      })),
      ...(excludedCases.length ? { excludedCases } : {}),
      // The search index's ids of coercion executions (subgraphs/coercion/outbox.ts).
      ...(this.research?.uncountedExecutions.length
        ? { excludedRecords: this.research.uncountedExecutions.map((id) => `coercion_execution:${id}`) }
        : {}),
    };
  }

  /**
   * suggestedTerms are words taken from the notes found, not de-identified (a surname is a
   * word too): refused to researchers, whose free text must go through deidentify.ts.
   */
  requireSuggestedTerms(audit: AuditTrail): void {
    if (this.role !== 'researcher') return;
    const rule =
      'suggestedTerms are words of the notes themselves, not de-identified: not for role researcher';
    audit.denied('*', 'search_hit', rule);
    throw forbidden(rule);
  }

  /**
   * Whether search also matches (and highlights) the text of a note's earlier versions
   * (helsepersonelloven § 42 with pasientjournalloven § 22; EARLIER_VERSION_PURPOSES): a legal
   * matter or case handling, never research or reporting. The search subgraph asks it
   * (SearchQuery.earlierVersions); the rest of the policy (scope, highlights) applies as to the
   * note itself.
   */
  get earlierVersions(): boolean {
    if (this.role === 'researcher' || AGGREGATE_ONLY_ROLES.includes(this.role)) return false;
    return (EARLIER_VERSION_PURPOSES as readonly string[]).includes(this.caller.purpose);
  }

  /** Highlights are free text: identifying roles only. */
  get highlights(): boolean {
    return this.identifying;
  }

  /**
   * Learned neighbours (search-index/expansions.ts) are words of a model trained on every
   * note on the platform, other people's included. A researcher gets none (they are the
   * notes' own words, not de-identified, as suggestedTerms; helseforskningsloven § 33,
   * personopplysningsloven art. 89): the search leaves them out, and the pseudo-relevance
   * feedback terms (search-index/feedback.ts: words of the notes found) with them, and the
   * knn expansion (search-index/vectors.ts: document vectors of the same model) and the
   * classifier expansion (search-index/concepts.ts: tags a classifier trained on labelled
   * notes stored at index time).
   */
  get learnedExpansions(): boolean {
    return this.role !== 'researcher';
  }

  /**
   * The expansion kinds a search leaves out for this caller (SearchQuery.disabled): for a
   * researcher, learned neighbours, feedback, knn and classifier (learnedExpansions), and the
   * vocabulary's `service` expansions (`<concept>:service:<s>`: a note written by a service
   * whose name contains s, whatever its text) unless the grant approves JOURNAL_SERVICE:
   * they count notes by the service that wrote them, a term-report row per service name and,
   * on a hit, which service wrote the note, which is that variable (helseforskningsloven § 33:
   * data only as the approval says; as searchVariablesRule refuses a filter on an unapproved
   * variable; found in review s32). Empty for every other role.
   */
  get searchExpansionsOff(): string[] {
    if (this.role !== 'researcher') return [];
    const off = ['learned', 'prf', 'knn', 'classifier'];
    if (this.research?.variableRule('JOURNAL_SERVICE') !== null) off.push('service');
    return off;
  }

  /**
   * Whether a term-report row may be shown: a learned neighbour (or feedback term) names a word of someone's
   * notes, so a caller limited to some patients (pasientjournalloven § 22) sees it only where
   * it matches their own records (hits counted in their scope); other rows name the
   * caller's own query words and the public vocabulary.
   */
  showsExpansion(kind: string, hits: number): boolean {
    // knn and classifier (learned from everyone's notes) follow the same rule.
    if (kind !== 'learned' && kind !== 'prf' && kind !== 'knn' && kind !== 'classifier') return true;
    if (!this.learnedExpansions) return false;
    return !this.grants || hits > 0;
  }
}

/**
 * Compiles the caller's policy: for a legal user, the matter named by the token (it must
 * be registered, open, unexpired, list the user, and share the token's purpose) and the
 * user's live break-the-glass grants opened under that matter, each expanded to every record
 * of the persons.
 */
export async function compilePolicy(db: Queryable, caller: CallerContext): Promise<AccessPolicy> {
  const { grants, scopeRule, research, requestCases, handling } = await compileReach(db, caller);
  return new AccessPolicy(caller, grants, scopeRule, research ?? null, requestCases, handling ?? null);
}

type Reach = {
  grants: Grant[] | null;
  scopeRule: string | null;
  research?: ResearchReach | null;
  requestCases?: RequestCase[];
  handling?: RequestHandling;
};

/**
 * Reach compiled per request (reach-cache.ts): at most 500 at once, each used for 5 s at most
 * and never after a matter, grant or access request changed in this process. Sized for the
 * requests under way: the subgraph calls of one gateway request come within its upstream time.
 */
export const REACH_CACHE = { max: 500, ttlMs: 5_000 } as const;
const compiled = new ReachCache<Promise<Reach>>(REACH_CACHE.max, REACH_CACHE.ttlMs);

/**
 * compilePolicy, compiled once per gateway request: the subgraphs the gateway calls for one
 * request (each with the same caller statement and request id) share the compiled reach
 * within this process for a few seconds (REACH_CACHE). A new request compiles afresh, and so
 * does any call after a matter, grant or access request changed here (reachChanged), so a
 * closed matter, a revoked grant or a new grant applies from the next call.
 */
export function compilePolicyOnce(
  db: Queryable,
  caller: CallerContext,
  fresh = false,
): Promise<AccessPolicy> {
  const key = JSON.stringify([
    caller.requestId,
    caller.userId,
    caller.role,
    caller.purpose,
    caller.matter ?? null,
    caller.grant ?? null,
  ]);
  let reach = fresh ? undefined : compiled.get(key);
  if (!reach) {
    const r = compileReach(db, caller);
    reach = r;
    compiled.set(key, r);
    r.catch(() => compiled.delete(key, r));
  }
  return reach.then(
    (r) =>
      new AccessPolicy(caller, r.grants, r.scopeRule, r.research ?? null, r.requestCases, r.handling ?? null),
  );
}

/** How many compiled reaches are kept (tests: the cache stays within REACH_CACHE.max). */
export function compiledReachCount(): number {
  return compiled.size;
}

/**
 * After a mutation that widened the caller's own reach (an archivist registering an access
 * request): the reach compiled afresh, for the rest of this request here and in the other
 * subgraphs of this process, so that the answer can show what was registered.
 */
export function recompilePolicy(db: Queryable, caller: CallerContext): Promise<AccessPolicy> {
  return compilePolicyOnce(db, caller, true);
}

/** The national ids of these persons that no record of theirs carries (Grant.recordlessNationalIds). */
const recordless = (p: Persons): Set<string> =>
  new Set([...p.nationalIds].filter((n) => !p.recordNationalIds.has(n)));

async function compileReach(db: Queryable, caller: CallerContext): Promise<Reach> {
  const purpose = purposeProblem(caller.role, caller.purpose);
  if (purpose) return { grants: [], scopeRule: purpose };
  if (caller.role === 'researcher') return compileResearch(db, caller);
  if (caller.role === 'archivist' && caller.purpose === 'ACCESS_REQUEST')
    return compileAccessRequests(db, caller.userId, caller.matter ?? null);
  if (RECORD_RESPONSIBLE_ROLES.includes(caller.role))
    return { grants: null, scopeRule: null, requestCases: await everyRequestCase(db) };
  if (caller.role !== 'legal') return { grants: null, scopeRule: null };
  // One round trip for a token with a matter (legalReach); the separate lookups otherwise.
  const one = caller.matter ? await legalReach(db, caller.matter, caller.userId) : null;
  const [matter, live] = one
    ? [one.matter, one.glass]
    : await Promise.all([
        caller.matter ? matterById(db, caller.matter) : Promise.resolve(null),
        activeBreakGlass(db, caller.userId),
      ]);
  let scopeRule: string | null = null;
  // Membership first (pasientjournalloven § 22): a matter's existence and state are told only
  // to its members, so a user not on it, or naming an unknown id, gets one refusal whatever the
  // matter's state, as a researcher does for a grant (compileResearch).
  if (!caller.matter) scopeRule = 'role legal reads patient data only within a matter (token claim matter)';
  else if (!matter || !matter.members.includes(caller.userId))
    scopeRule = `user ${caller.userId} does not work on matter ${caller.matter}`;
  else if (matter.closed_at) scopeRule = `matter ${matter.id} is closed`;
  else if (matter.expires_at.getTime() <= Date.now())
    scopeRule = `matter ${matter.id} expired at ${matter.expires_at.toISOString()}`;
  else if (matter.purpose !== caller.purpose)
    scopeRule = `purpose ${caller.purpose} does not match matter ${matter.id}'s purpose ${matter.purpose}`;
  // A break-the-glass grant widens the matter it was opened under (pasientjournalforskriften
  // § 14: self-authorisation within the work that allowed it; pasientjournalloven § 22): only
  // while that matter is the token's and valid, never another matter, no matter or a closed one.
  const glass = matter && !scopeRule ? live.filter((g) => g.matter_id === matter.id) : [];
  const seeds: { group: number; patientIds: string[]; nationalIds: string[] }[] = glass.map((g, i) => ({
    group: i + 1,
    patientIds: [g.patient_id],
    nationalIds: [],
  }));
  if (matter && !scopeRule)
    seeds.push({ group: 0, patientIds: matter.patient_ids, nationalIds: matter.national_ids });
  const persons = one ? one.persons(seeds) : await expandPersons(db, seeds);
  const grants: Grant[] = [];
  if (matter && !scopeRule) {
    const p = persons.get(0)!;
    grants.push({
      source: matter.id,
      patientIds: p.patientIds,
      nationalIds: p.nationalIds,
      recordlessNationalIds: recordless(p),
      period: { from: matter.period_from, to: matter.period_to },
      selfAuthorized: false,
    });
  }
  glass.forEach((g, i) => {
    const p = persons.get(i + 1)!;
    grants.push({
      source: `break-the-glass ${g.id}`,
      patientIds: p.patientIds,
      nationalIds: p.nationalIds,
      recordlessNationalIds: recordless(p),
      period: { from: null, to: null },
      selfAuthorized: true,
    });
  });
  // Patients outside every grant are refused by the matter's own rule when the matter is not valid.
  // The request cases of those persons, for the search scope: in the same round trip with a matter.
  return { grants, scopeRule, requestCases: one ? one.requestCases : await requestCasesOfReach(db, grants) };
}

/**
 * The access requests concerning the persons of a legal user's grants, by the patient record or
 * the national id they are filed under, each with its patient record (`policy.request_cases_of_persons`,
 * policy migration 010: the archive's `access_request_cases_of_persons`, its migration 036): search
 * leaves out those whose patient record the caller does not reach (AccessPolicy.requestPatientRule,
 * searchExcludedCases), as the archive refuses their cases (accessRequestSubject; review s45). With
 * a matter, read in its one round trip (store.ts legalReach); this is the separate lookup. An
 * archive not migrated that far, or none: no request (search as before).
 */
async function requestCasesOfReach(db: Queryable, grants: readonly Grant[]): Promise<RequestCase[]> {
  if (!grants.length) return [];
  const patientIds = [...new Set(grants.flatMap((g) => [...g.patientIds]))];
  const nationalIds = [...new Set(grants.flatMap((g) => [...g.nationalIds]))];
  try {
    return (
      await db.query<RequestCase>(
        `SELECT saksmappe_id AS "saksmappeId", saksansvarlig, patient_id AS "patientId"
           FROM policy.request_cases_of_persons($1::text[], $2::text[])`,
        [patientIds, nationalIds],
      )
    ).rows;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42883' && code !== '3F000') throw err; // undefined_function, invalid_schema_name
    return [];
  }
}

/** The refusal to such an archivist when the archive's open requests cannot be read (not migrated). */
export const ACCESS_REQUEST_UNKNOWN_RULE =
  'an archivist on purpose ACCESS_REQUEST reaches the patients of open access requests, and the archive that holds them is not migrated in this database';

/**
 * The refusal of a person, to an archivist on purpose ACCESS_REQUEST, whom no open access
 * request of theirs (as saksansvarlig) concerns.
 */
export const ACCESS_REQUEST_REACH_RULE =
  'an archivist on purpose ACCESS_REQUEST reaches only the patients of the open access requests they are saksansvarlig for';

/**
 * The refusal of a read, to a case handler on purpose ACCESS_REQUEST whose token names no
 * request, of a patient two or more of their open requests concern (AccessPolicy.reach):
 * pasientjournalforskriften § 14 and pasientjournalloven § 22 want the log to say which request
 * allowed the read, and either could have. The token names one (claim matter).
 */
export const ambiguousRequestRule = (handler: string, requests: readonly HandledRequest[]) =>
  `the patient has more than one open access request of saksansvarlig ${handler} ` +
  `(${requests.map((r) => r.mappeId).join(', ')}): name the one this read serves ` +
  '(token claim matter: its saksmappe id), so that the access log says which request allowed it';

/**
 * The refusal of a case two or more of a case handler's open requests concern
 * (RequestHandling.sharedCases; AccessPolicy.reach) to a token that names no request:
 * pasientjournalloven §§ 16 and 22 and pasientjournalforskriften § 14 want the log to say which
 * request allowed the read, and either could have. The token names one (claim matter).
 */
export const sharedCaseRule = (handler: string, requests: readonly HandledRequest[]) =>
  `the case concerns persons of more than one open access request of saksansvarlig ${handler} ` +
  `(${[...requests]
    .map((r) => r.mappeId)
    .sort((a, b) => a.localeCompare(b))
    .join(', ')}): name the one this read serves ` +
  '(token claim matter: its saksmappe id), so that the access log says which request allowed it';

/** The refusal of a token naming a request the caller is not saksansvarlig of (or none there is). */
export const notHandlerRule = (handler: string, named: string) =>
  `user ${handler} is not saksansvarlig of access request ${named} (token claim matter)`;

/** The refusal of a review of one's own break-the-glass grant (AccessPolicy.requireBreakGlassReviewer). */
export const BREAK_GLASS_SELF_REVIEW_RULE =
  'a break-the-glass grant is reviewed by another user than the one who opened it (four eyes)';

/**
 * The refusal of a new break-the-glass grant to a user whose earlier grant for the same person
 * was reviewed NOT_JUSTIFIED and not cleared (resolvers.ts breakGlass; pasientjournalloven §§ 16
 * and 22, Normen: misuse of self-authorisation found in review is stopped, not repeated).
 */
export const breakGlassBarredRule = (grantIds: readonly string[]) =>
  `break the glass for this patient is barred: grant ${grantIds.join(', ')} of this user for the same patient ` +
  'was reviewed NOT_JUSTIFIED; a journalansvarlig must clear it (clearBreakGlass) before the glass is broken again';

/** The refusal of every access request and its case to a role that does not read them (AccessPolicy.readsNoRequests). */
export const ACCESS_REQUEST_READER_RULE =
  'access requests and their cases need role legal or archivist (pasient- og brukerrettighetsloven § 5-1)';

/** The refusal of another case handler's access request (AccessPolicy.requestHandlerRule). */
export const ACCESS_REQUEST_HANDLER_RULE =
  'an archivist on purpose ACCESS_REQUEST handles only the access requests they are saksansvarlig for';

/** The case handlers noted by this process, per database (noteCaseHandler writes once each). */
const notedHandlers = new WeakMap<Queryable, Set<string>>();

/**
 * Notes the caller as a case handler the archive knows (`archive.note_case_handler`, its
 * migration 022): an archivist token on purpose ACCESS_REQUEST is the identity provider's word
 * that the user handles access requests, and a request is handed over only to such a user
 * (handOverAccessRequest; pasientjournalloven § 22 with helsepersonelloven § 21a). Once per
 * user and process. A missing function is left to the caller's own query below.
 */
async function noteCaseHandler(db: Queryable, handler: string): Promise<void> {
  let noted = notedHandlers.get(db);
  if (!noted) notedHandlers.set(db, (noted = new Set()));
  if (noted.has(handler)) return;
  try {
    await db.query('SELECT archive.note_case_handler($1)', [handler]);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '42883' || code === '3F000') return; // an archive migrated before 021, or none
    throw err;
  }
  noted.add(handler);
}

/**
 * An archivist's reach on purpose ACCESS_REQUEST: the persons of the open access requests
 * whose responsible case handler (Noark 5 saksansvarlig) is the caller (token subject), every
 * period of their records (the request concerns the whole record), each person with their
 * linked records. pasientjournalloven § 22 with helsepersonelloven § 21a: no one may read
 * health information without a need in their own work, and a case handler needs the patients
 * of the requests they handle, not of everyone's (pasient- og brukerrettighetsloven § 5-1: a
 * request is that work). Until migration 019 this reach was shared: once anyone registered a
 * request for a patient, every archivist on this purpose reached that patient.
 *
 * Registering a request makes the caller its saksansvarlig and brings its patient in
 * (AccessPolicy.requireRequestRegistration, recompilePolicy); handing it over
 * (handOverAccessRequest, purpose ARCHIVE_ADMINISTRATION) moves the patient to the new case
 * handler's reach from their next request; closing it takes the patient out. Another case
 * handler's requests, and the whole archive, stay out of reach (ARCHIVE_ADMINISTRATION reaches
 * everyone). The requests come from the archive's function
 * `archive.access_requests_of_handler(handler, named)` (its migration 032), the contract
 * between the rooms; where it (or the archive schema) is missing, no one is reached, with
 * ACCESS_REQUEST_UNKNOWN_RULE, and each refusal is logged.
 *
 * One grant per open request (Grant.accessRequest), so that each read is logged with the
 * request that allowed it (pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14:
 * AccessPolicy.requestMatterOf; the log's `matter` was NULL, review s43 case 1). A person two or
 * more of the caller's open requests concern is in no grant (RequestHandling.ambiguous): a read
 * of them must name the request (ambiguousRequestRule). `named`, the token's claim matter (a
 * saksmappe id or case number): the reach is that request alone, which must be an open request
 * of the caller (notHandlerRule; closed), as a legal user's matter must be theirs and open. Beside the persons, every request
 * concerning them with its case handler (`archive.access_request_cases_concerning`, migration
 * 020): search leaves out the cases of the requests requestHandlerRule refuses
 * (searchExcludedCases), as the archive refuses them on its own paths.
 */
async function compileAccessRequests(db: Queryable, handler: string, named: string | null): Promise<Reach> {
  let rows: {
    saksmappe_id: string;
    mappe_id: string;
    patient_id: string;
    national_id: string | null;
    closed: boolean;
  }[];
  try {
    await noteCaseHandler(db, handler);
    rows = (
      await db.query<{
        saksmappe_id: string;
        mappe_id: string;
        patient_id: string;
        national_id: string | null;
        closed: boolean;
      }>(
        'SELECT saksmappe_id, mappe_id, patient_id, national_id, closed FROM archive.access_requests_of_handler($1, $2)',
        [handler, named],
      )
    ).rows;
  } catch (err) {
    // A database where the archive is not migrated (no schema, or no function yet): no one is
    // reached, with a rule that says why, and each refusal is logged (an internal error was not).
    const code = (err as { code?: string }).code;
    if (code !== '42883' && code !== '3F000') throw err; // undefined_function, invalid_schema_name
    return { grants: [], scopeRule: ACCESS_REQUEST_UNKNOWN_RULE };
  }
  const asRequest = (r: (typeof rows)[number]): HandledRequest => ({
    saksmappeId: r.saksmappe_id,
    mappeId: r.mappe_id,
  });
  let open = rows.filter((r) => !r.closed);
  let namedRequest: HandledRequest | null = null;
  if (named) {
    // The request the token names (pasientjournalforskriften § 14: the one every read serves):
    // one of the caller's own, still open. Unknown and another handler's answer alike.
    // By its saksmappe id (what the API gives) or its case number (what a case handler types).
    const r = rows.find((x) => x.saksmappe_id === named) ?? rows.find((x) => x.mappe_id === named);
    if (!r) return { grants: [], scopeRule: notHandlerRule(handler, named) };
    if (r.closed)
      return {
        grants: [],
        scopeRule: `access request ${r.mappe_id} is closed (token claim matter): a closed request allows no read`,
      };
    open = [r];
    namedRequest = asRequest(r);
  }
  if (!open.length) return { grants: [], scopeRule: ACCESS_REQUEST_REACH_RULE };
  const persons = await expandPersons(
    db,
    open.map((r, i) => ({
      group: i,
      // The patient whose record is requested (accessRequestSubject): the record the request is
      // filed under, with the records the journal links to it now, which carry the national id it
      // was filed with while that is the patient's (registration checks it is one of theirs). Not
      // that national id itself: given while the record was linked to another person's (a typo
      // link) and unlinked since, it is the other person's, and the case handler reached that
      // person's whole record (review s45, test/access-review-s45b.e2e.test.ts). A request filed
      // under its record alone (archive migration 026) has none anyway.
      patientIds: [r.patient_id],
      nationalIds: [],
    })),
  );
  // The requests concerning one person (their records meet): a read of that person could serve
  // either, so without a named request it is refused (ambiguousRequestRule), and the person is
  // in no grant, whose rows would name one request of several.
  const of = open.map((_, i) => persons.get(i)!);
  const sameAs = open.map((_, i) =>
    open.flatMap((__, j) => ([...of[j]!.patientIds].some((id) => of[i]!.patientIds.has(id)) ? [j] : [])),
  );
  const grants: Grant[] = [];
  const ambiguous: RequestHandling['ambiguous'][number][] = [];
  const seen = new Set<number>();
  open.forEach((r, i) => {
    const p = of[i]!;
    if (sameAs[i]!.length === 1) {
      grants.push({
        source: `access request ${r.mappe_id} of saksansvarlig ${handler}`,
        patientIds: p.patientIds,
        nationalIds: p.nationalIds,
        recordlessNationalIds: recordless(p),
        period: { from: null, to: null },
        selfAuthorized: false,
        accessRequest: asRequest(r),
      });
    } else if (!seen.has(i)) {
      const group = sameAs[i]!;
      group.forEach((j) => seen.add(j));
      ambiguous.push({
        patientIds: new Set(group.flatMap((j) => [...of[j]!.patientIds])),
        nationalIds: new Set(group.flatMap((j) => [...of[j]!.nationalIds])),
        requests: group.map((j) => asRequest(open[j]!)).sort((x, y) => x.mappeId.localeCompare(y.mappeId)),
      });
    }
  });
  // Every request concerning these persons, with its case handler: search leaves out the cases
  // of the others' (AccessPolicy.searchExcludedCases). Read per request, so a handover
  // (handOverAccessRequest) applies from the next request, as the reach does, with no reindex.
  let requestCases: RequestCase[];
  try {
    requestCases = (
      await db.query<RequestCase>(
        `SELECT saksmappe_id AS "saksmappeId", saksansvarlig
           FROM archive.access_request_cases_concerning($1::text[], $2::text[])`,
        [of.flatMap((p) => [...p.patientIds]), of.flatMap((p) => [...p.nationalIds])],
      )
    ).rows;
  } catch (err) {
    // An archive migrated without the function (before 020): no one is reached, as above.
    if ((err as { code?: string }).code !== '42883') throw err;
    return { grants: [], scopeRule: ACCESS_REQUEST_UNKNOWN_RULE };
  }
  // Cases whose persons two or more of these requests concern (RequestHandling.sharedCases;
  // pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: no access-log row without the
  // request it served). By national id, as a case's search documents carry its persons
  // (archive.subject_link); a request's own case concerns its patient alone.
  const sharedCases = namedRequest || grants.length < 2 ? [] : await casesOfManyRequests(db, grants);
  return {
    requestCases,
    grants,
    scopeRule: namedRequest
      ? `patient not in access request ${namedRequest.mappeId} (token claim matter)`
      : ACCESS_REQUEST_REACH_RULE,
    handling: {
      named: namedRequest,
      open: new Map(open.map((r) => [r.saksmappe_id, asRequest(r)])),
      ambiguous,
      sharedCases,
    },
  };
}

/**
 * The cases (archive.subject_link) with persons of two or more of these grants (one a request),
 * for RequestHandling.sharedCases. None where the archive is not migrated.
 */
async function casesOfManyRequests(db: Queryable, grants: readonly Grant[]): Promise<string[]> {
  const nids = grants.flatMap((g, i) => [...g.nationalIds].map((n) => ({ n, i })));
  if (!nids.length) return [];
  try {
    return (
      await db.query<{ saksmappe_id: string }>(
        `SELECT l.saksmappe_id FROM unnest($1::text[], $2::int[]) AS g(nid, grant_no)
           JOIN archive.subject_link l ON l.national_id = g.nid
          GROUP BY l.saksmappe_id HAVING count(DISTINCT g.grant_no) > 1 ORDER BY l.saksmappe_id`,
        [nids.map((x) => x.n), nids.map((x) => x.i)],
      )
    ).rows.map((r) => r.saksmappe_id);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42P01' && code !== '3F000') throw err; // undefined_table, invalid_schema_name
    return [];
  }
}

/**
 * Every access-request case with its case handler (`archive.access_request_cases()`, archive
 * migration 029), for a role that reads none (AccessPolicy.readsNoRequests): its search leaves
 * them out (searchExcludedCases), as the archive refuses them on its own paths. Read per
 * request, so a request registered a moment ago is left out at once, with no reindex. An
 * archive not migrated that far holds no request this function could name: none.
 */
async function everyRequestCase(db: Queryable): Promise<RequestCase[]> {
  try {
    return (
      await db.query<RequestCase>(
        'SELECT saksmappe_id AS "saksmappeId", saksansvarlig FROM archive.access_request_cases()',
      )
    ).rows;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42883' && code !== '3F000') throw err; // undefined_function, invalid_schema_name
    return [];
  }
}

/**
 * The executions recorded as the same execution as another, in force (ResearchReach
 * uncountedExecutions; hol. § 9-7). Markings are few (the journalansvarlig's, one a pair): all of
 * them. None where the coercion room is not migrated (a subgraph started on its own).
 */
async function uncountedExecutions(db: Queryable): Promise<string[]> {
  const room = await db.query<{ ok: boolean }>(
    `SELECT to_regclass('coercion.same_execution') IS NOT NULL AS ok`,
  );
  if (!room.rows[0]?.ok) return [];
  // In force only while the two records are one person's (subgraphs/coercion/same-execution.ts
  // samePersons): after an unlink both are counted, as in the report (review s45).
  return uncountedExecutionIds(db);
}

/**
 * A researcher's reach: the grant named by the token's `grant` claim, in force (registered,
 * not withdrawn, not expired), listing the user, at its latest version; its cohort becomes
 * the one grant rows and search are scoped by, within the cohort's period.
 */
async function compileResearch(db: Queryable, caller: CallerContext): Promise<Reach> {
  if (!caller.grant)
    return {
      grants: [],
      scopeRule: 'role researcher reads patient data only under a grant (token claim grant)',
    };
  const g = await latestGrant(db, caller.grant);
  // Whether a grant exists, and why it is not in force (a withdrawal's reason, the expiry), is
  // told only to its researchers: an unknown id and another team's grant answer alike
  // (personopplysningsloven art. 5 (1) c; found in review).
  if (!g || !g.researchers.includes(caller.userId))
    return { grants: [], scopeRule: `user ${caller.userId} is not a researcher on grant ${caller.grant}` };
  const problem = grantProblem(g, caller.grant);
  if (problem) return { grants: [], scopeRule: problem };
  const persons = await cohortOf(db, g.id, g.version);
  const research = new ResearchReach(g, persons, await uncountedExecutions(db));
  return {
    grants: [
      {
        source: research.label,
        patientIds: new Set(persons.flatMap((p) => p.patient_ids)),
        nationalIds: new Set(persons.flatMap((p) => p.national_ids)),
        recordlessNationalIds: new Set(
          persons.filter((p) => !p.patient_ids.length).flatMap((p) => p.national_ids),
        ),
        period: { from: g.cohort.periodFrom ?? null, to: g.cohort.periodTo ?? null },
        selfAuthorized: false,
      },
    ],
    scopeRule: null,
    research,
  };
}
