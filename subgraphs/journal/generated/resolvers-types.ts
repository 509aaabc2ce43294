// Generated from schema/journal.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRow, JournalEntryRow, JournalTimelineRow } from '../store';
import type { ContactOut, PatientLinkRow } from '../queries';
import type { SourceConflictRow } from '../mutations';
import type { ServiceDecisionRow, AssessmentLinkRow } from '../decisions';
import type { MatterRow, BreakGlassRow } from '../../../lib/policy/store';
import type { GrantRow } from '../../../lib/policy/research';
import type { ResearchReach } from '../../../lib/policy/policy';
import type { SubjectParent, ExtractResult } from '../../../lib/policy/research-resolvers';
import type { DisclosureRow } from '../../../lib/policy/grant-store';
import type { RecordCaseRow, CaseEventRow, EntryMoveRow } from '../record-cases';
import type { LegalHoldRow } from '../../../lib/policy/legal-hold';
import type { ProtectedTable, PublishedCell } from '../../../lib/policy/disclosure';
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

export type AccessLog = {
  __typename?: 'AccessLog';
  /** Oldest first. */
  entries: Array<AccessLogEntry>;
  /** The window, local dates inclusive. */
  from?: Maybe<Scalars['String']['output']>;
  pageInfo: PageInfo;
  /** The person's patient records (linked records included) whose rows are listed. */
  patientIds: Array<Scalars['ID']['output']>;
  to?: Maybe<Scalars['String']['output']>;
  totalCount: Scalars['Int']['output'];
};

/** Tilgangslogg: one request's read (or refused read) of one kind of a person's records. */
export type AccessLogEntry = {
  __typename?: 'AccessLogEntry';
  /** Break the glass: the user authorised the access themselves. */
  breakTheGlass: Scalars['Boolean']['output'];
  /** When (ISO 8601 with the Oslo offset). */
  loggedAt: Scalars['String']['output'];
  /**
   * The matter (case, approval) the access was made under, when given: a legal user's matter id,
   * `grant <id>` for research, and for a case handler on purpose ACCESS_REQUEST the saksmappe id of
   * the access request the read served (pasientjournalforskriften § 14).
   */
  matter?: Maybe<Scalars['String']['output']>;
  organisation?: Maybe<Scalars['String']['output']>;
  outcome: AccessOutcome;
  /** For which purpose of use. */
  purpose: Scalars['String']['output'];
  recordIds: Array<Scalars['String']['output']>;
  /** What was read: patient, journal_entry, saksmappe, coercion_execution, access_log, ... */
  recordKind: Scalars['String']['output'];
  requestId: Scalars['String']['output'];
  /** In which role. */
  role: Scalars['String']['output'];
  /** For a denial: the rule that refused. */
  rule?: Maybe<Scalars['String']['output']>;
  /** Position in the access log's hash chain. */
  seq: Scalars['ID']['output'];
  /** The part of the platform that served the read. */
  subgraph: Scalars['String']['output'];
  /** The key the row is under: a patient record id, nid:<national id> for records known by national id, nid:<SOURCE:number> for a record under an H-nummer whose journal record was not known when it was read, or saksmappe:<systemID> for an archive case with a party named by an H-nummer. */
  subject: Scalars['String']['output'];
  /** Who: the user id from the caller's token (cli:<user> for a command-line read). */
  userId: Scalars['String']['output'];
};

/** Whether a logged access was allowed. */
export type AccessOutcome = 'DENIED' | 'GRANTED';

/** An amendment: the fields that change; the rest is taken from the current version. */
export type AmendGrantInput = {
  cohort?: InputMaybe<ResearchCohortInput>;
  datePrecision?: InputMaybe<DatePrecision>;
  dispensationRef?: InputMaybe<Scalars['String']['input']>;
  expiresAt?: InputMaybe<Scalars['String']['input']>;
  freeText?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * An amendment changing rekNumber or dispensationRef in a project whose other grants have another
   * approval joins them (the grant shares their pseudonyms: helseforskningsloven §§ 33, 35). Without
   * it such an amendment is BAD_USER_INPUT (lib/policy/README.md "Pseudonym scope").
   */
  joinProject?: InputMaybe<Scalars['Boolean']['input']>;
  legalBasis?: InputMaybe<Scalars['String']['input']>;
  outputLevel?: InputMaybe<OutputLevel>;
  projectId?: InputMaybe<Scalars['String']['input']>;
  /** A new budget (AGGREGATE only); the counts already used still count. Back to AGGREGATE without one: the last aggregate version's budget. */
  queryBudget?: InputMaybe<Scalars['Int']['input']>;
  rekNumber?: InputMaybe<Scalars['String']['input']>;
  researchers?: InputMaybe<Array<Scalars['String']['input']>>;
  responsibleResearcher?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  variables?: InputMaybe<Array<ResearchVariable>>;
};

/** The window a list was computed for. */
export type AppliedWindow = {
  __typename?: 'AppliedWindow';
  /** First local date, inclusive. */
  from?: Maybe<Scalars['String']['output']>;
  leapDayRule: LeapDayRule;
  /** Last local date, inclusive. */
  to?: Maybe<Scalars['String']['output']>;
};

/** A decision's link to the assessment it rests on. */
export type AssessmentLink = {
  __typename?: 'AssessmentLink';
  /** Why the link holds: the words naming it, and how the note was found. */
  basis: Scalars['String']['output'];
  entry: JournalEntry;
};

/**
 * Break the glass (selvautorisering): a legal user opened a patient outside the matter with a
 * written reason. Time-limited (BREAK_GLASS_HOURS, default 4); every access-log row of a
 * request that used it is flagged self_authorized; an archivist reviews each one.
 */
export type BreakGlassGrant = {
  __typename?: 'BreakGlassGrant';
  clearanceNote?: Maybe<Scalars['String']['output']>;
  clearedAt?: Maybe<Scalars['String']['output']>;
  /** A grant reviewed NOT_JUSTIFIED bars its user from breaking the glass for the same patient until a journalansvarlig clears it (clearBreakGlass). */
  clearedBy?: Maybe<Scalars['String']['output']>;
  expiresAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  matterId?: Maybe<Scalars['String']['output']>;
  openedAt: Scalars['String']['output'];
  outcome?: Maybe<BreakGlassOutcome>;
  patientId: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  reviewNote?: Maybe<Scalars['String']['output']>;
  reviewedAt?: Maybe<Scalars['String']['output']>;
  reviewedBy?: Maybe<Scalars['String']['output']>;
  userId: Scalars['String']['output'];
};

export type BreakGlassOutcome = 'JUSTIFIED' | 'NOT_JUSTIFIED';

/** Kontakt: one care contact (an HP encounter). */
export type CareContact = {
  __typename?: 'CareContact';
  contactClass?: Maybe<Scalars['String']['output']>;
  end?: Maybe<Scalars['String']['output']>;
  /**
   * Earlier versions, oldest first (as JournalEntry.history): what the contact said before each
   * change kept in journal.record_version (a later source export changing its period, service or
   * place), when, by what and why. The same access as the contact, each version by its own period,
   * and logged as a read of the contact.
   */
  history: Array<CareContactVersion>;
  id: Scalars['ID']['output'];
  location?: Maybe<Scalars['String']['output']>;
  service: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  sourceSystem: SourceSystem;
  start: Scalars['String']['output'];
};

export type CareContactList = {
  __typename?: 'CareContactList';
  contacts: Array<CareContact>;
  window: AppliedWindow;
};

/** An earlier version of a care contact: its fields as they were until `replacedAt`. */
export type CareContactVersion = {
  __typename?: 'CareContactVersion';
  contactClass?: Maybe<Scalars['String']['output']>;
  end?: Maybe<Scalars['String']['output']>;
  location?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: import (a later source export), or the user or command that named itself. */
  replacedBy: Scalars['String']['output'];
  service?: Maybe<Scalars['String']['output']>;
  start?: Maybe<Scalars['String']['output']>;
  /** 1 for the oldest kept. */
  version: Scalars['Int']['output'];
};

/** How dates reach the researcher: as they are, month, year, or shifted by a per-person number of days. */
export type DatePrecision = 'EXACT' | 'MONTH' | 'SHIFTED' | 'YEAR';

/** Utleveringslogg: one extract, what went to whom under which approval. */
export type Disclosure = {
  __typename?: 'Disclosure';
  approval: Scalars['String']['output'];
  builtAt: Scalars['String']['output'];
  builtBy: Scalars['String']['output'];
  files: Array<ExtractFile>;
  grantId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  manifestSha256: Scalars['String']['output'];
  recipient: Scalars['String']['output'];
  /** JSON object: rows per table. */
  rowCounts: Scalars['String']['output'];
  variables: Array<ResearchVariable>;
  version: Scalars['Int']['output'];
};

/** Two patient records that are probably the same person. */
export type DuplicateCandidate = {
  __typename?: 'DuplicateCandidate';
  a: Patient;
  b: Patient;
  reason: Scalars['String']['output'];
};

/** A note that left (OUT) or came into (IN) this person's records (helsepersonelloven § 44). */
export type EntryMove = {
  __typename?: 'EntryMove';
  caseId: Scalars['ID']['output'];
  direction: Scalars['String']['output'];
  entryId: Scalars['ID']['output'];
  movedAt: Scalars['String']['output'];
  movedBy: Scalars['String']['output'];
};

export type Extract = {
  __typename?: 'Extract';
  /** Where the server wrote it (EXTRACT_DIR). */
  directory: Scalars['String']['output'];
  disclosure: Disclosure;
  /** The manifest (JSON text), as written beside the files. */
  manifest: Scalars['String']['output'];
};

/** One file of an extract. */
export type ExtractFile = {
  __typename?: 'ExtractFile';
  bytes: Scalars['Int']['output'];
  columns: Array<Scalars['String']['output']>;
  format: Scalars['String']['output'];
  name: Scalars['String']['output'];
  rows: Scalars['Int']['output'];
  sha256: Scalars['String']['output'];
  table: Scalars['String']['output'];
};

/** Journalnotat: one clinical note in a patient's record. */
export type JournalEntry = {
  __typename?: 'JournalEntry';
  /** A corrected HP document (docStatus amended): writtenAt is the correction, careStart the care. */
  amended: Scalars['Boolean']['output'];
  author?: Maybe<Practitioner>;
  authorName?: Maybe<Scalars['String']['output']>;
  careContact?: Maybe<CareContact>;
  /** End of the care the note documents, when the source gives it. */
  careEnd?: Maybe<Scalars['String']['output']>;
  /** Start of the care the note documents (HP context.period), when the source gives it. */
  careStart?: Maybe<Scalars['String']['output']>;
  /** The date windows, ordering and ages use: careStart for an amended (corrected) HP note, else writtenAt. */
  datedAt: Scalars['String']['output'];
  /**
   * Earlier versions, oldest first (corrections keep the original). `first` (0–1000) and `after`
   * (a version number this list gave: the versions after it) page them, so that a note whose text
   * and earlier versions together pass the text budget of one request to the journal subgraph
   * (RESPONSE_MAX_TEXT_BYTES, 192 MiB by default: the long texts that request answers, counted
   * afresh for each request to each subgraph) or the gateway's limit on one client request
   * (RESPONSE_MAX_BYTES, by default twice that: every subgraph answer of the request together) is
   * read whole a page at a time, RESPONSE_TOO_LARGE past either. Without them, every version.
   */
  history: Array<JournalEntryVersion>;
  id: Scalars['ID']['output'];
  patient: Patient;
  /** Other places this note is found, e.g. its migrated copy in Helseplattformen. */
  provenance: Array<Provenance>;
  /**
   * Retting og sletting cases about this note, oldest first: the claim, the decision, the
   * reasons and the appeal route (a refused request stays recorded with the note,
   * helsepersonelloven § 42 andre ledd). Archivist and journalansvarlig.
   */
  recordCases: Array<RecordCase>;
  /** The service the note belongs to (Tjeneste / category). */
  service?: Maybe<Scalars['String']['output']>;
  /** The id of this note in the source export. */
  sourceId: Scalars['String']['output'];
  sourceSystem: SourceSystem;
  /** The current text; null after deletion (see tombstone). */
  text?: Maybe<Scalars['String']['output']>;
  /**
   * How the source's local time (Gerica, Profil: Oslo time without offset) was read when it falls
   * in a daylight-saving gap (a time that never happened) or overlap (one that happened twice):
   * the coercion importer's rule. Empty for every other note.
   */
  timeNotes: Array<Scalars['String']['output']>;
  /** Set when the note was deleted: who, when, on what legal basis. */
  tombstone?: Maybe<Tombstone>;
  /** Note type as written in the source (Journalnotat, Vurdering, Helsesamtale, ...). */
  type: Scalars['String']['output'];
  version: Scalars['Int']['output'];
  /** When the note was written (ISO 8601 with the Oslo offset); for a corrected (amended) HP note, when it was corrected. */
  writtenAt: Scalars['String']['output'];
};

/** Journalnotat: one clinical note in a patient's record. */
export type JournalEntryHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type JournalEntryConnection = {
  __typename?: 'JournalEntryConnection';
  edges: Array<JournalEntryEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
  window: AppliedWindow;
};

export type JournalEntryEdge = {
  __typename?: 'JournalEntryEdge';
  cursor: Scalars['String']['output'];
  node: JournalEntry;
};

export type JournalEntryVersion = {
  __typename?: 'JournalEntryVersion';
  authorHpr?: Maybe<Scalars['String']['output']>;
  /**
   * Who wrote this version (the source's author: display name and HPR number), as it was when the
   * version was kept: null when the source named none, or for a version kept before it was recorded
   * (review s38).
   */
  authorName?: Maybe<Scalars['String']['output']>;
  careEnd?: Maybe<Scalars['String']['output']>;
  careStart?: Maybe<Scalars['String']['output']>;
  /** What replaced this version: source (a correction in the source system), import (a later source export), correction (made here), deletion, conflict-resolution, move, organisation (a later source export named another custodian organisation, the note otherwise the same). */
  change: Scalars['String']['output'];
  /**
   * The local date (Europe/Oslo) this version is dated by, as the policy dates it for a caller
   * limited in time: a superseded source document's own date, a kept version's recorded date
   * (an export changed the note's date), else the note's. An evidence bundle leaves out the
   * versions dated outside its window (the matter's period).
   */
  datedOn?: Maybe<Scalars['String']['output']>;
  entryType?: Maybe<Scalars['String']['output']>;
  organisationName?: Maybe<Scalars['String']['output']>;
  /**
   * The organisation that held this version (Helseplattformen DocumentReference.custodian: its
   * organisasjonsnummer and name), as it was when the version was kept: null when the source named
   * none, or for a version kept before it was recorded (journal migration 024).
   */
  organisationNumber?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /** When this version stopped being current. */
  replacedAt: Scalars['String']['output'];
  replacedBy: Scalars['String']['output'];
  service?: Maybe<Scalars['String']['output']>;
  /** For a correction made in the source system: the source id of this version. */
  sourceId?: Maybe<Scalars['String']['output']>;
  /**
   * The source system this version came from: a superseded source document's own (the legacy
   * original's PROFIL or GERICA when Helseplattformen corrected a migrated note), a kept version's
   * note's, or HELSEPLATTFORMEN for a legacy note's text that HP's migrated copy gave before its
   * original was imported (journal migration 017). A text corrected in Helsespor is not a source
   * system's: the version after it says so (change correction, replacedBy the corrector).
   */
  sourceSystem: SourceSystem;
  status?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
  /**
   * How this version's local time was read when it fell in a daylight-saving gap or overlap
   * (JournalEntry.timeNotes as the version had them; [] for none). Null for a version kept before
   * they were recorded (journal migration 023).
   */
  timeNotes?: Maybe<Array<Scalars['String']['output']>>;
  version: Scalars['Int']['output'];
  /**
   * The version's own fields as they were (a superseded source document's, or what a later
   * source export or a conflict resolution changed): null for a version kept before they were
   * recorded, or one of a change to the text alone.
   */
  writtenAt?: Maybe<Scalars['String']['output']>;
};

/** A note's place on a timeline (Patient.journalTimeline): the note itself is JournalEntry. */
export type JournalTimelineEntry = {
  __typename?: 'JournalTimelineEntry';
  /** When the care it documents happened (a corrected HP note: its care period), as JournalEntry.datedAt. */
  datedAt: Scalars['String']['output'];
  /** Deleted (the note is a tombstone). */
  deleted: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  sourceSystem: SourceSystem;
};

/** How a 29 February birthday is placed in a non-leap year. */
export type LeapDayRule = 'FEBRUARY_28' | 'MARCH_1';

/**
 * Legal hold: a matter's patients are on hold; while it lasts, deleting their records is
 * refused with the hold as the reason. Lifting it is recorded.
 */
export type LegalHold = {
  __typename?: 'LegalHold';
  id: Scalars['ID']['output'];
  liftReason?: Maybe<Scalars['String']['output']>;
  liftedAt?: Maybe<Scalars['String']['output']>;
  liftedBy?: Maybe<Scalars['String']['output']>;
  live: Scalars['Boolean']['output'];
  /** The matter, with its patients: archivists (as matter(id)); the read is logged under each patient. */
  matter: Matter;
  /** The matter the hold is for (the journalansvarlig's refusal to delete names it too). */
  matterId: Scalars['ID']['output'];
  placedAt: Scalars['String']['output'];
  placedBy: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

/**
 * A matter (sak): the legal case file a legal user works on, registered and closed by an
 * archivist. A legal token names it (claim `matter`); inside it the user reaches everything
 * about its patients within its period, nothing else.
 */
export type Matter = {
  __typename?: 'Matter';
  closedAt?: Maybe<Scalars['String']['output']>;
  closedBy?: Maybe<Scalars['String']['output']>;
  expiresAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** User ids (the token's sub) who may work on the matter. */
  members: Array<Scalars['String']['output']>;
  /** National ids the matter concerns (for persons known only to the archive or coercion records). */
  nationalIds: Array<Scalars['String']['output']>;
  /** Open: not closed and not expired. */
  open: Scalars['Boolean']['output'];
  /** Patient records the matter concerns (linked records follow). */
  patientIds: Array<Scalars['ID']['output']>;
  /** First local date of the period, inclusive; null = open. */
  periodFrom?: Maybe<Scalars['String']['output']>;
  /** Last local date of the period, inclusive; null = open. */
  periodTo?: Maybe<Scalars['String']['output']>;
  purpose: PurposeOfUse;
  registeredAt: Scalars['String']['output'];
  registeredBy: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Amends a grant (archivist): a new version, with the reason; the cohort is computed again. */
  amendGrant: ResearchGrant;
  /**
   * Break the glass (legal): open a patient outside the matter, with a written reason (10 characters or more).
   * Refused (FORBIDDEN) while a grant of the same user for the same patient reviewed NOT_JUSTIFIED is not cleared.
   */
  breakGlass: BreakGlassGrant;
  /**
   * Choose which source's statement of the name or birth date is the person's (archivist): the
   * patient record takes the value the source record (sourceSystem, localId: one of its
   * identities, or of a record linked to it: linkedPatients { patient { identities } }) states,
   * the record before is kept as a version with who, when and why, and the choice is listed in
   * detailChoices. A later import never replaces a stored name or birth date, so it does not undo
   * it; unlinking the record whose statement was chosen does. BAD_USER_INPUT: not a source record
   * of the patient nor of a linked record, a statement that gives no such value or none kept, no
   * reason. CONFLICT: the statement names another person (another national id or another
   * person's H-nummer) not linked to this record.
   */
  choosePersonDetail: Patient;
  /**
   * Clears the bar a NOT_JUSTIFIED review puts on breaking the glass again for that patient (journalansvarlig, not the
   * grant's own user), with a note; the old grant stays ended.
   */
  clearBreakGlass: BreakGlassGrant;
  /** Closes a matter (archivist); its tokens reach nothing from then on. */
  closeMatter: Matter;
  /**
   * Rett (helsepersonelloven § 42): the journalansvarlig corrects a note, registering and
   * deciding a correction case in one step (asked by health personnel on their own initiative
   * unless requestedBy says otherwise). The original and every earlier version are kept.
   * With expectedVersion (the note's `version` as read), a note that has changed since (an
   * import's newer version) is refused with CONFLICT and nothing is written.
   */
  correctJournalEntry: JournalEntry;
  /**
   * The journalansvarlig's decision on a record case. DONE carries it out (correction, deletion
   * or move) and lists the earlier recipients for notice; REFUSED records the reasons and the
   * appeal route to Statsforvalteren. A DONE correction is refused (CONFLICT, the case stays
   * open) when another case corrected the note since this one was registered
   * (`extensions.correctedByCase`), or the note is a source version an archivist has decided on
   * since: register the correction anew over the current text (helsepersonelloven § 42).
   */
  decideRecordCase: RecordCase;
  /**
   * Slett (helsepersonelloven § 43, or § 44 for a note on the wrong person): the
   * journalansvarlig deletes a note's content everywhere, leaving a tombstone, registering and
   * deciding a deletion case in one step with the assessment the ground needs. Refused
   * (CONFLICT, with the reasons) while the patient is under legal hold, has an open complaint
   * or an open access request; the case then stays open.
   */
  deleteJournalEntry: JournalEntry;
  /** Builds an extract of a grant (archivist, or a researcher of the grant): CSV, Parquet, manifest; logged as a disclosure. */
  extract: Extract;
  /** Lifts a legal hold (archivist), with the reason; the hold stays on record. */
  liftLegalHold: LegalHold;
  /** Record that two patient records are the same person (archivist). */
  linkPatients: Patient;
  /** Places a matter's patients on legal hold (archivist): their records cannot be deleted while it lasts. */
  placeLegalHold: LegalHold;
  /** Registers a research grant (archivist); computes its cohort. */
  registerGrant: ResearchGrant;
  /** Registers a matter (archivist). */
  registerMatter: Matter;
  /** Registers a request to correct, delete or move a note (archivist, journalansvarlig). */
  registerRecordCase: RecordCase;
  /** Decide a source conflict (archivist): keep the correction or take the source's version. Both versions are kept. */
  resolveSourceConflict: SourceConflict;
  /** Records the review of a break-the-glass access (archivist). */
  reviewBreakGlass: BreakGlassGrant;
  /** Undo a link (archivist); the link's history is kept. */
  unlinkPatients: Patient;
  /** Withdraws a grant (archivist): its tokens reach nothing from then on. */
  withdrawGrant: ResearchGrant;
};

export type MutationAmendGrantArgs = {
  id: Scalars['ID']['input'];
  input: AmendGrantInput;
  reason: Scalars['String']['input'];
};

export type MutationBreakGlassArgs = {
  patientId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type MutationChoosePersonDetailArgs = {
  field: PersonDetailField;
  localId: Scalars['String']['input'];
  patientId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  sourceSystem: SourceSystem;
};

export type MutationClearBreakGlassArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
};

export type MutationCloseMatterArgs = {
  id: Scalars['ID']['input'];
};

export type MutationCorrectJournalEntryArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  requestedBy?: InputMaybe<RecordRequester>;
  requesterName?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
};

export type MutationDecideRecordCaseArgs = {
  assessment?: InputMaybe<RecordAssessmentInput>;
  decision: RecordCaseDecision;
  id: Scalars['ID']['input'];
  reasons: Scalars['String']['input'];
  text?: InputMaybe<Scalars['String']['input']>;
};

export type MutationDeleteJournalEntryArgs = {
  assessment: RecordAssessmentInput;
  ground?: InputMaybe<RecordCaseGround>;
  id: Scalars['ID']['input'];
  legalBasis: Scalars['String']['input'];
  requestedBy?: InputMaybe<RecordRequester>;
  requesterName?: InputMaybe<Scalars['String']['input']>;
};

export type MutationExtractArgs = {
  grantId: Scalars['ID']['input'];
};

export type MutationLiftLegalHoldArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type MutationLinkPatientsArgs = {
  a: Scalars['ID']['input'];
  b: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type MutationPlaceLegalHoldArgs = {
  matterId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type MutationRegisterGrantArgs = {
  input: RegisterGrantInput;
};

export type MutationRegisterMatterArgs = {
  input: RegisterMatterInput;
};

export type MutationRegisterRecordCaseArgs = {
  input: RegisterRecordCaseInput;
};

export type MutationResolveSourceConflictArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  resolution: SourceConflictResolution;
};

export type MutationReviewBreakGlassArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  outcome: BreakGlassOutcome;
};

export type MutationUnlinkPatientsArgs = {
  a: Scalars['ID']['input'];
  b: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type MutationWithdrawGrantArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

/** Someone the note had been disclosed to before the decision (from the access log), to be told of the change. */
export type NoticeRecipient = {
  __typename?: 'NoticeRecipient';
  firstReadAt: Scalars['String']['output'];
  lastReadAt: Scalars['String']['output'];
  matter?: Maybe<Scalars['String']['output']>;
  purpose: Scalars['String']['output'];
  reads: Scalars['Int']['output'];
  role: Scalars['String']['output'];
  /** access_log */
  source: Scalars['String']['output'];
  userId: Scalars['String']['output'];
};

export type OutputLevel =
  /** Counts only: researchCohort's totalCount and search totals; no subjects, no extract. */
  | 'AGGREGATE'
  /** Pseudonymised records: subjects and extracts. */
  | 'PSEUDONYMISED_RECORDS';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type Patient = {
  __typename?: 'Patient';
  /** Birth date (local calendar date, YYYY-MM-DD). */
  birthDate?: Maybe<Scalars['String']['output']>;
  /** Kontakter: care contacts overlapping the window (same window arguments as journal). */
  careContacts: CareContactList;
  /** Date of death (local calendar date), when deceased. */
  deathDate?: Maybe<Scalars['String']['output']>;
  /** Whether the date of death is certain, when known. */
  deathDateCertain?: Maybe<Scalars['Boolean']['output']>;
  /** An archivist's choices of which source's name or birth date is this record's (choosePersonDetail), oldest first. */
  detailChoices: Array<PersonDetailChoice>;
  /**
   * These notes, by id, as far as they are on this person's records now (linked records
   * included), in the order asked (at most 500): each checked and logged as JournalEntry is;
   * null for one that is not, with no word of where it is (moved to another person,
   * helsepersonelloven § 44; deleted for good; never theirs). For a reader that planned a
   * person's notes and fetches them later (the dossier and its evidence bundle).
   */
  entriesById: Array<Maybe<JournalEntry>>;
  /**
   * Notes moved out of or into this person's records because they were written on the wrong
   * person (helsepersonelloven § 44): the movement record stays on both sides. The other
   * patient is not named here (see the record case).
   */
  entryMoves: Array<EntryMove>;
  familyName: Scalars['String']['output'];
  gender?: Maybe<Scalars['String']['output']>;
  givenName: Scalars['String']['output'];
  /**
   * H-nummer (hjelpenummer): the number one institution gave the person, meaningful within the
   * record's source only (never a national id: two sources' equal H-numbers are two persons).
   */
  helpNumber?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The source systems' own keys for this person (HP Patient.id, Gerica PasientID, Profil klientnr). */
  identities: Array<PatientIdentity>;
  /**
   * Journalnotater, oldest first, cursor-paged, from every linked record. Ages are whole years
   * at the local (Europe/Oslo) date of the entry, inclusive: ageFrom 13, ageTo 15 runs from the
   * 13th birthday to the day before the 16th. from/to are local dates, inclusive.
   */
  journal: JournalEntryConnection;
  /**
   * The notes' places on a timeline, oldest first, unpaged: id, date and source of every note
   * in the window (same window arguments and policy as journal, logged the same way), for a
   * reader that sorts and counts a long history and then fetches the notes it shows by id
   * (the dossier). At most 50,000 notes; narrow the window beyond that.
   */
  journalTimeline: Array<JournalTimelineEntry>;
  /** Other patient records linked to this one as the same person. */
  linkedPatients: Array<PatientLink>;
  /** Fødselsnummer, D-nummer or FH-nummer (felles hjelpenummer) (11 digits), when known. */
  nationalId?: Maybe<Scalars['String']['output']>;
  /** Every national id known for this person, linked records included (other subgraphs find their records by these). */
  nationalIds: Array<Scalars['String']['output']>;
  /**
   * The birth date the person's age windows count from (journal, search, dossier, research): the
   * first of the person's linked records, by id, that states one, else the one a national id gives.
   * It may differ from birthDate when a source stated another date for this record.
   */
  personBirthDate?: Maybe<Scalars['String']['output']>;
  /**
   * Records of this person (any linked record's national id, or its HP patient id, matched
   * whole; or a source line of one of its notes, also one whose bytes a deletion removed) that an
   * import put in quarantine instead of storing: where and why, not the bytes. Legal and archivist.
   */
  quarantinedRecords: Array<QuarantinedRecord>;
  /** Every patient record id of this person: this one and those linked to it. */
  recordIds: Array<Scalars['ID']['output']>;
  /** Pårørende: related persons, nearest relatives marked. */
  relatives: Array<RelatedPerson>;
  /**
   * Vedtak: service decisions (allocations, long-term care, refusals; not coercion decisions,
   * which the coercion subgraph holds), by decision date, from every linked record. Same window
   * arguments as journal, applied to the decision date.
   */
  serviceDecisions: ServiceDecisionList;
  /**
   * These service decisions, by id, as far as they are on this person's records now (linked
   * records included), in the order asked (at most 500): each checked and logged as
   * ServiceDecision is; null for one that is not, with no word of where it is (moved to another
   * person, helsepersonelloven § 44; never theirs). For a reader that listed a person's decisions
   * and fetches their texts later (the dossier and the access bundle; fix FX-A 2: fetched by
   * decision id, a decision moved meanwhile was refused or read as another person's).
   */
  serviceDecisionsById: Array<Maybe<ServiceDecision>>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientCareContactsArgs = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  sources?: InputMaybe<Array<SourceSystem>>;
  to?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientEntriesByIdArgs = {
  ids: Array<Scalars['ID']['input']>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientJournalArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  sources?: InputMaybe<Array<SourceSystem>>;
  to?: InputMaybe<Scalars['String']['input']>;
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientJournalTimelineArgs = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  sources?: InputMaybe<Array<SourceSystem>>;
  to?: InputMaybe<Scalars['String']['input']>;
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientServiceDecisionsArgs = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  sources?: InputMaybe<Array<SourceSystem>>;
  to?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Pasient: a person whose health record the platform holds. Owned by the journal subgraph;
 * the archive, coercion and search subgraphs extend it. A patient record linked to others
 * (same person, see linkPatients) answers for the whole person: every list is the union.
 */
export type PatientServiceDecisionsByIdArgs = {
  ids: Array<Scalars['ID']['input']>;
};

export type PatientIdentity = {
  __typename?: 'PatientIdentity';
  /**
   * The fields (nationalId, helpNumber, familyName, givenName, birthDate, gender, deathDate) where
   * the source's statement says otherwise than the patient; nationalId (or helpNumber) alone when
   * sourceDetails is withheld.
   */
  differsIn: Array<Scalars['String']['output']>;
  localId: Scalars['String']['output'];
  /**
   * What this source said about the patient at its latest import (journal migration 029). The
   * patient's own fields keep the value stored first (an import fills what is missing and never
   * replaces it), so a source's later name, birth date or gender is read here; the statement it
   * replaced is kept as a version (and so is an earlier statement the same export states later
   * otherwise: the later, by meta.lastUpdated when both give it, is the current one). Null: not
   * imported since migration 029, or the statement gives another national id than the patient's,
   * or another person's H-nummer (another number, or the same number of another assigner: the
   * source now files its record under another person), and the caller does not reach the person
   * that number names (pasientjournalloven § 22, helsepersonelloven § 21); to a caller who does,
   * it is shown and logged as a read of that person's record.
   */
  sourceDetails?: Maybe<PatientSourceDetails>;
  sourceSystem: SourceSystem;
};

export type PatientLink = {
  __typename?: 'PatientLink';
  linkedAt: Scalars['String']['output'];
  linkedBy: Scalars['String']['output'];
  patient: Patient;
  reason: Scalars['String']['output'];
};

/** One source's statement about its patient record, as of its latest import. */
export type PatientSourceDetails = {
  __typename?: 'PatientSourceDetails';
  birthDate?: Maybe<Scalars['String']['output']>;
  deathDate?: Maybe<Scalars['String']['output']>;
  familyName: Scalars['String']['output'];
  gender?: Maybe<Scalars['String']['output']>;
  givenName: Scalars['String']['output'];
  /** When this source's import last changed the statement (ISO 8601). */
  importedAt: Scalars['String']['output'];
};

/**
 * An archivist's choice of a source's statement as the person's name or birth date (journal
 * migration 031). Kept as it was made; the patient as it was before is a version of the patient
 * record (who, when, why).
 */
export type PersonDetailChoice = {
  __typename?: 'PersonDetailChoice';
  /** The value chosen, from the source's statement. Null when the statement names another record (a linked one) of a person the caller does not reach: that is their name or birth date. */
  chosen?: Maybe<Scalars['String']['output']>;
  /** ISO 8601. */
  chosenAt: Scalars['String']['output'];
  chosenBy: Scalars['String']['output'];
  field: PersonDetailField;
  localId: Scalars['String']['output'];
  /** The record's value before the choice (a name as 'family, given'). */
  previous?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /** Whether undoing it put the value before back (false: the record's value had changed since). */
  restored?: Maybe<Scalars['Boolean']['output']>;
  sourceSystem: SourceSystem;
  /** ISO 8601: when unlinking the record the chosen statement names undid the choice (journal migration 032); null while it stands. */
  undoneAt?: Maybe<Scalars['String']['output']>;
  /** Why it was undone, and by whom. */
  undoneReason?: Maybe<Scalars['String']['output']>;
};

/** A detail of a person an archivist may choose from one source's statement (choosePersonDetail). */
export type PersonDetailField =
  | 'BIRTH_DATE'
  /** Family and given name together, as the source states them. */
  | 'NAME';

/** Helsepersonell or staff. id is the identifier as referenced: HPR number, employee number or HP id. */
export type Practitioner = {
  __typename?: 'Practitioner';
  employeeNumber?: Maybe<Scalars['String']['output']>;
  hprNumber?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  profession?: Maybe<Scalars['String']['output']>;
};

export type Provenance = {
  __typename?: 'Provenance';
  /** migrated_copy: a copy made at migration; the original is this entry. */
  kind: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  sourceSystem: SourceSystem;
};

/**
 * Purpose of use (formål): a closed list. The caller's token carries one (claim `purpose`),
 * and each is allowed for some roles only: LEGAL_PROCEEDINGS and COMPLAINT for legal,
 * ACCESS_REQUEST for legal and archivist, ARCHIVE_ADMINISTRATION for archivist,
 * RECORD_CORRECTION for journalansvarlig, RESEARCH for
 * researcher, MANAGEMENT_STATISTICS for reporting.
 */
export type PurposeOfUse =
  | 'ACCESS_REQUEST'
  | 'ARCHIVE_ADMINISTRATION'
  | 'COMPLAINT'
  | 'LEGAL_PROCEEDINGS'
  | 'MANAGEMENT_STATISTICS'
  | 'RECORD_CORRECTION'
  | 'RESEARCH';

/** A source record an import could not accept (karantene). */
export type QuarantinedRecord = {
  __typename?: 'QuarantinedRecord';
  file: Scalars['String']['output'];
  line?: Maybe<Scalars['Int']['output']>;
  quarantinedAt: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  /** hp, gerica, gerica-vedtak or profil. */
  source: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Who has looked at this person's records (every linked record and every national id of the
   * person), when, in which role, for which purpose and matter, break-the-glass or not, granted
   * or denied. Archivist only; the read is itself logged. Give patientId or nationalId;
   * from/to are local dates, inclusive.
   */
  accessLog: AccessLog;
  /** Break-the-glass accesses to review (archivist; journalansvarlig, to find those to clear), oldest first. */
  breakGlassReviews: Array<BreakGlassGrant>;
  /** The disclosure log (archivist), oldest first. */
  disclosureLog: Array<Disclosure>;
  /**
   * Patient records that are probably the same person and not yet linked: a source record whose
   * national id changed on import (a corrected fødselsnummer, or another person's), and records
   * of the same name and birth date. Archivist role.
   */
  duplicateCandidates: Array<DuplicateCandidate>;
  /** A research grant's current version (archivist; a researcher for the grant the token names). */
  grant?: Maybe<ResearchGrant>;
  /** Research grants, current versions (archivist). */
  grants: Array<ResearchGrant>;
  /** Journal entries per year written (Europe/Oslo) × source system. Roles reporting, archivist. */
  journalEntryStatistics: StatisticsTable;
  /** Quarantined journal source records per month (of quarantining) × source × reason. Roles reporting, archivist. */
  journalQuarantineStatistics: StatisticsTable;
  /** Legal holds (archivist, journalansvarlig), oldest first; live ones unless asked. */
  legalHolds: Array<LegalHold>;
  /** A matter: for archivists, and for the legal users who work on it. */
  matter?: Maybe<Matter>;
  /** Matters (archivist). */
  matters: Array<Matter>;
  patient?: Maybe<Patient>;
  /** Find a patient by fødselsnummer or D-nummer. */
  patientByNationalId?: Maybe<Patient>;
  /** One retting og sletting case (archivist, journalansvarlig). */
  recordCase?: Maybe<RecordCase>;
  /** Retting og sletting cases (archivist, journalansvarlig), oldest first: of one person's records, or all. */
  recordCases: Array<RecordCase>;
  /** The period each source system's journal records cover on the platform (notes, care contacts, service decisions; no person data). */
  recordPeriods: Array<SourcePeriod>;
  /** The cohort of the token's grant (researcher). */
  researchCohort: ResearchCohort;
  /** Vedtak: one service decision. */
  serviceDecision?: Maybe<ServiceDecision>;
  /**
   * Service decisions (vedtak om tjenester) per month decided × decision type × outcome
   * (GRANTED, PARTLY, REFUSED) × unit ('ukjent enhet' when the source names none); people
   * counted by national id for the small-cell rule. Roles reporting, archivist.
   */
  serviceDecisionStatistics: StatisticsTable;
  /** Source updates to notes corrected here, waiting for an archivist (archivist), oldest first. */
  sourceConflicts: Array<SourceConflict>;
};

export type QueryAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  nationalId?: InputMaybe<Scalars['String']['input']>;
  patientId?: InputMaybe<Scalars['ID']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type QueryBreakGlassReviewsArgs = {
  pendingOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type QueryDisclosureLogArgs = {
  grantId?: InputMaybe<Scalars['ID']['input']>;
};

export type QueryDuplicateCandidatesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryGrantArgs = {
  id: Scalars['ID']['input'];
};

export type QueryGrantsArgs = {
  activeOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type QueryJournalEntryStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QueryJournalQuarantineStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QueryLegalHoldsArgs = {
  liveOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type QueryMatterArgs = {
  id: Scalars['ID']['input'];
};

export type QueryMattersArgs = {
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type QueryPatientArgs = {
  id: Scalars['ID']['input'];
};

export type QueryPatientByNationalIdArgs = {
  nationalId: Scalars['String']['input'];
};

export type QueryRecordCaseArgs = {
  id: Scalars['ID']['input'];
};

export type QueryRecordCasesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  openOnly?: InputMaybe<Scalars['Boolean']['input']>;
  patientId?: InputMaybe<Scalars['ID']['input']>;
};

export type QueryServiceDecisionArgs = {
  id: Scalars['ID']['input'];
};

export type QueryServiceDecisionStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QuerySourceConflictsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  includeResolved?: InputMaybe<Scalars['Boolean']['input']>;
};

export type RecordAssessment = {
  __typename?: 'RecordAssessment';
  /** Not against arkivloven §§ 9 og 18 (§ 43 første ledd). */
  archiveLawAllows?: Maybe<Scalars['Boolean']['output']>;
  /** Ubetenkelig ut fra allmenne hensyn (§ 43 første ledd). */
  generallyUnobjectionable?: Maybe<Scalars['Boolean']['output']>;
  /** Obviously not needed to give the patient health care (§ 43 første ledd nr. 2). */
  obviouslyNotNeededForCare?: Maybe<Scalars['Boolean']['output']>;
  /** Public interests speak against deletion (§ 44). */
  publicInterestAgainst?: Maybe<Scalars['Boolean']['output']>;
  /** Wrong or misleading and felt as a burden (§ 43 første ledd nr. 1). */
  wrongOrMisleadingAndBurdensome?: Maybe<Scalars['Boolean']['output']>;
  /** Written on the wrong person (§ 44). */
  wrongPerson?: Maybe<Scalars['Boolean']['output']>;
};

/**
 * The journalansvarlig's assessment. § 43 første ledd (cumulative): generallyUnobjectionable,
 * archiveLawAllows, and wrongOrMisleadingAndBurdensome or obviouslyNotNeededForCare. § 44:
 * wrongPerson, and publicInterestAgainst false.
 */
export type RecordAssessmentInput = {
  archiveLawAllows?: InputMaybe<Scalars['Boolean']['input']>;
  generallyUnobjectionable?: InputMaybe<Scalars['Boolean']['input']>;
  obviouslyNotNeededForCare?: InputMaybe<Scalars['Boolean']['input']>;
  publicInterestAgainst?: InputMaybe<Scalars['Boolean']['input']>;
  wrongOrMisleadingAndBurdensome?: InputMaybe<Scalars['Boolean']['input']>;
  wrongPerson?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A retting og sletting case (helsepersonelloven §§ 42–44). */
export type RecordCase = {
  __typename?: 'RecordCase';
  /** For a refusal: the complaint to Statsforvalteren, with its source and deadline. */
  appealRoute?: Maybe<Scalars['String']['output']>;
  assessment?: Maybe<RecordAssessment>;
  claim: Scalars['String']['output'];
  decidedAt?: Maybe<Scalars['String']['output']>;
  decidedBy?: Maybe<Scalars['String']['output']>;
  /** The note (its text is null once deleted). */
  entry: JournalEntry;
  /** The note's version when the case was registered: the one a correction was asked for over. */
  entryVersion: Scalars['Int']['output'];
  /** What happened, oldest first (a blocked deletion is one). */
  events: Array<RecordCaseEvent>;
  ground: RecordCaseGround;
  id: Scalars['ID']['output'];
  kind: RecordCaseKind;
  /** The act and section of the ground. */
  legalSource: Scalars['String']['output'];
  /** Who had read the note before a DONE decision and must be told (personvernforordningen art. 19). */
  noticeRecipients: Array<NoticeRecipient>;
  /** The patient record that held the note when the case was registered. */
  patientId: Scalars['ID']['output'];
  /** HPL_42: the corrected text asked for (null once the note is deleted). */
  proposedText?: Maybe<Scalars['String']['output']>;
  reasons?: Maybe<Scalars['String']['output']>;
  registeredAt: Scalars['String']['output'];
  registeredBy: Scalars['String']['output'];
  registeredRole: Scalars['String']['output'];
  requestedBy: RecordRequester;
  requesterName?: Maybe<Scalars['String']['output']>;
  requesterRelation?: Maybe<Scalars['String']['output']>;
  /** HPL_44: the patient the note was moved to. */
  rightPatientId?: Maybe<Scalars['ID']['output']>;
  status: RecordCaseStatus;
};

export type RecordCaseDecision = 'DONE' | 'REFUSED';

export type RecordCaseEvent = {
  __typename?: 'RecordCaseEvent';
  at: Scalars['String']['output'];
  by: Scalars['String']['output'];
  detail: Scalars['String']['output'];
  /** registered, blocked, decided, moved, withdrawn */
  event: Scalars['String']['output'];
};

/** The legal ground of a record case. */
export type RecordCaseGround =
  /** Retting: correction of wrong, incomplete or improper information (helsepersonelloven § 42). */
  | 'HPL_42'
  /** Sletting: deletion on request or on own initiative (helsepersonelloven § 43). */
  | 'HPL_43'
  /** A record (or note) written on the wrong person: deleted, or moved to the right patient (helsepersonelloven § 44). */
  | 'HPL_44';

export type RecordCaseKind = 'CORRECTION' | 'DELETION' | 'MOVE';

export type RecordCaseStatus =
  | 'DONE'
  | 'OPEN'
  | 'REFUSED'
  /**
   * A § 44 case the import registered for the source's refiling, closed by the import when a
   * later export files the note under its stored patient again or under another patient
   * (`reasons` says which): nothing was decided, it cannot be decided, no appeal route.
   */
  | 'WITHDRAWN';

/** Who asked. */
export type RecordRequester =
  /** Health personnel on their own initiative (av eget tiltak). */
  | 'HEALTH_PERSONNEL'
  /** Another person the note is about (helsepersonelloven § 43: den opplysningene gjelder). */
  | 'MENTIONED_PERSON'
  /** The patient (den opplysningen gjelder). */
  | 'PATIENT'
  /** A representative: parent, verge, fremtidsfullmektig, an attorney. */
  | 'REPRESENTATIVE';

export type RegisterGrantInput = {
  cohort: ResearchCohortInput;
  datePrecision: DatePrecision;
  dispensationRef?: InputMaybe<Scalars['String']['input']>;
  expiresAt: Scalars['String']['input'];
  freeText: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  /**
   * Join a project whose grants have another approval (rekNumber or dispensationRef): the grant then
   * shares their pseudonyms (helseforskningsloven §§ 33, 35). Without it such a registration is
   * BAD_USER_INPUT (lib/policy/README.md "Pseudonym scope").
   */
  joinProject?: InputMaybe<Scalars['Boolean']['input']>;
  legalBasis: Scalars['String']['input'];
  outputLevel: OutputLevel;
  projectId: Scalars['String']['input'];
  /**
   * Published counts over the grant's life, outputLevel AGGREGATE only (1–10000; default 200;
   * lib/policy/query-budget.ts).
   */
  queryBudget?: InputMaybe<Scalars['Int']['input']>;
  rekNumber?: InputMaybe<Scalars['String']['input']>;
  researchers?: InputMaybe<Array<Scalars['String']['input']>>;
  responsibleResearcher: Scalars['String']['input'];
  title: Scalars['String']['input'];
  variables: Array<ResearchVariable>;
};

export type RegisterMatterInput = {
  /** When the matter stops giving access (ISO 8601). */
  expiresAt: Scalars['String']['input'];
  /** The matter's id, e.g. M-2025-004. */
  id: Scalars['ID']['input'];
  members: Array<Scalars['String']['input']>;
  nationalIds?: InputMaybe<Array<Scalars['String']['input']>>;
  patientIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  periodFrom?: InputMaybe<Scalars['String']['input']>;
  periodTo?: InputMaybe<Scalars['String']['input']>;
  purpose: PurposeOfUse;
  title: Scalars['String']['input'];
};

export type RegisterRecordCaseInput = {
  /** What is asked for and why, as received. */
  claim: Scalars['String']['input'];
  entryId: Scalars['ID']['input'];
  ground: RecordCaseGround;
  /** HPL_42: the corrected text asked for. */
  proposedText?: InputMaybe<Scalars['String']['input']>;
  requestedBy: RecordRequester;
  /** Required unless requestedBy is HEALTH_PERSONNEL. */
  requesterName?: InputMaybe<Scalars['String']['input']>;
  /** E.g. 'mor', 'verge', 'advokat'. */
  requesterRelation?: InputMaybe<Scalars['String']['input']>;
  /** HPL_44: the patient the note belongs to (the note is moved there). */
  rightPatientId?: InputMaybe<Scalars['ID']['input']>;
};

/** Pårørende. */
export type RelatedPerson = {
  __typename?: 'RelatedPerson';
  /** False when the registration has ended (Helseplattformen RelatedPerson.active); null when not sent. */
  active?: Maybe<Scalars['Boolean']['output']>;
  name: Scalars['String']['output'];
  nationalId?: Maybe<Scalars['String']['output']>;
  /** Registered as nærmeste pårørende. */
  nearestRelative: Scalars['Boolean']['output'];
  /** When the registration ended (RelatedPerson.period.end, UTC). An ended registration is no nearest relative after it ended (pbrl. § 5-1 femte ledd with § 1-3 b). */
  periodEnd?: Maybe<Scalars['String']['output']>;
  /** Relationship as written, e.g. 'Sønn, nærmeste pårørende'. */
  relationship?: Maybe<Scalars['String']['output']>;
  relationshipCodes: Array<Scalars['String']['output']>;
};

export type ResearchCareContact = {
  __typename?: 'ResearchCareContact';
  contactClass?: Maybe<Scalars['String']['output']>;
  service?: Maybe<Scalars['String']['output']>;
  start?: Maybe<Scalars['String']['output']>;
};

export type ResearchCohort = {
  __typename?: 'ResearchCohort';
  grantId: Scalars['ID']['output'];
  /** Pseudonymised subjects, by pseudonym (output level PSEUDONYMISED_RECORDS). */
  subjects: Array<ResearchSubject>;
  /**
   * Persons in the cohort. For a grant approved for aggregate output only, null when they are
   * 1–4 (see totalSuppressed): a count of so few persons is a small cell (helseregisterloven § 6,
   * helseforskningsloven § 33); 0 is always published; a larger count carries noise of −2…+2,
   * never below 5, the same for the same persons (lib/policy/search-counts.ts).
   */
  totalCount?: Maybe<Scalars['Int']['output']>;
  /** True when totalCount is withheld as a small cell. */
  totalSuppressed: Scalars['Boolean']['output'];
  version: Scalars['Int']['output'];
};

export type ResearchCohortSubjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Who the grant covers. Every condition given must hold; notes conditions (period, ages, sources, services, concepts) need one note that meets all of them. */
export type ResearchCohortDefinition = {
  __typename?: 'ResearchCohortDefinition';
  ageFrom?: Maybe<Scalars['Int']['output']>;
  ageTo?: Maybe<Scalars['Int']['output']>;
  bornFrom?: Maybe<Scalars['String']['output']>;
  bornTo?: Maybe<Scalars['String']['output']>;
  /** Concepts of the search vocabulary (mobbing, vold, ...) found in a note's text. */
  concepts?: Maybe<Array<Scalars['String']['output']>>;
  /** Where the age window places a 29 February birthday in other years (null: MARCH_1, 1 March). */
  leapDayRule?: Maybe<LeapDayRule>;
  periodFrom?: Maybe<Scalars['String']['output']>;
  periodTo?: Maybe<Scalars['String']['output']>;
  services?: Maybe<Array<Scalars['String']['output']>>;
  sources?: Maybe<Array<SourceSystem>>;
};

export type ResearchCohortInput = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  bornFrom?: InputMaybe<Scalars['String']['input']>;
  bornTo?: InputMaybe<Scalars['String']['input']>;
  concepts?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Where the age window places a 29 February birthday in other years: MARCH_1 (1 March) when not given, FEBRUARY_28 (28 February) when the approval counts ages so. */
  leapDayRule?: InputMaybe<LeapDayRule>;
  periodFrom?: InputMaybe<Scalars['String']['input']>;
  periodTo?: InputMaybe<Scalars['String']['input']>;
  services?: InputMaybe<Array<Scalars['String']['input']>>;
  sources?: InputMaybe<Array<SourceSystem>>;
};

/**
 * A research grant (forskningsgodkjenning): one version. Registered by an archivist; amending
 * writes a new version (history keeps every one); withdrawing ends it.
 */
export type ResearchGrant = {
  __typename?: 'ResearchGrant';
  /** In force: not withdrawn, not expired. */
  active: Scalars['Boolean']['output'];
  /** Why this version replaced the one before. */
  changeReason?: Maybe<Scalars['String']['output']>;
  cohort: ResearchCohortDefinition;
  /**
   * Persons in the cohort of this version. To a researcher on a grant approved for aggregate
   * output only, null when they are 1–4 (see cohortSizeSuppressed), and a larger size with
   * noise of −2…+2 (never below 5), as researchCohort.totalCount.
   */
  cohortSize?: Maybe<Scalars['Int']['output']>;
  /** True when cohortSize is withheld as a small cell. */
  cohortSizeSuppressed: Scalars['Boolean']['output'];
  datePrecision: DatePrecision;
  /** Helsedirektoratet's dispensation from confidentiality (helsepersonelloven § 29). */
  dispensationRef?: Maybe<Scalars['String']['output']>;
  expiresAt: Scalars['String']['output'];
  freeText: Scalars['Boolean']['output'];
  /** Every version, oldest first. */
  history: Array<ResearchGrant>;
  id: Scalars['ID']['output'];
  legalBasis: Scalars['String']['output'];
  outputLevel: OutputLevel;
  projectId: Scalars['String']['output'];
  /**
   * The pseudonym scope (lib/policy/README.md "Pseudonym scope"): `project:` + the project id of the
   * grant's first version, trimmed and case-folded (the grant id for a grant registered before policy
   * migration 011). The grants of one scope give a person one pseudonym and one date shift
   * (personopplysningsloven art. 89 (1), GDPR art. 4 (5)).
   */
  pseudonymScope: Scalars['String']['output'];
  /**
   * The grants of this pseudonym scope, this one included, by id: the grants whose pseudonyms link.
   * Only for a role that registers grants (archivist, purpose ARCHIVE_ADMINISTRATION); anyone else
   * (a researcher of the grant) gets null and a FORBIDDEN error saying why (task s47).
   */
  pseudonymScopeGrants?: Maybe<Array<Scalars['ID']['output']>>;
  /**
   * When this version's projectId names another project than the scope the grant keeps (an
   * amendment never re-keys what a grant has delivered): which scope it keeps, and what to do
   * instead. Null otherwise.
   */
  pseudonymScopeNote?: Maybe<Scalars['String']['output']>;
  /** Published counts the grant has used, every version together (an amendment does not reset it); null when not budgeted. */
  queriesUsed?: Maybe<Scalars['Int']['output']>;
  /**
   * Published counts the grant's users may be given over the grant's life, as of this version
   * (lib/policy/query-budget.ts): only a grant approved for aggregate output has one (null
   * otherwise). A search costs one for its total and one for each term-report row (charged
   * for the whole answer at once; an answer the rest cannot cover is FORBIDDEN whole), the
   * cohort's size one once per request; when it is spent they are FORBIDDEN.
   */
  queryBudget?: Maybe<Scalars['Int']['output']>;
  /** What is left of the latest version's budget now (never below 0); null when not budgeted. */
  queryBudgetRemaining?: Maybe<Scalars['Int']['output']>;
  registeredAt: Scalars['String']['output'];
  registeredBy: Scalars['String']['output'];
  /** REK approval (helseforskningsloven §§ 9-10, 33). */
  rekNumber?: Maybe<Scalars['String']['output']>;
  /** User ids (token sub) who work under the grant. */
  researchers: Array<Scalars['String']['output']>;
  responsibleResearcher: Scalars['String']['output'];
  title: Scalars['String']['output'];
  variables: Array<ResearchVariable>;
  version: Scalars['Int']['output'];
  withdrawReason?: Maybe<Scalars['String']['output']>;
  withdrawnAt?: Maybe<Scalars['String']['output']>;
  withdrawnBy?: Maybe<Scalars['String']['output']>;
};

export type ResearchJournalEntry = {
  __typename?: 'ResearchJournalEntry';
  /** Whole years at the note's local date. */
  age?: Maybe<Scalars['Int']['output']>;
  service?: Maybe<Scalars['String']['output']>;
  sourceSystem?: Maybe<SourceSystem>;
  /** De-identified (lib/policy/deidentify.ts): names, national ids, phone numbers, addresses, dates masked. */
  text?: Maybe<Scalars['String']['output']>;
  type?: Maybe<Scalars['String']['output']>;
  writtenAt?: Maybe<Scalars['String']['output']>;
};

export type ResearchJournalPage = {
  __typename?: 'ResearchJournalPage';
  entries: Array<ResearchJournalEntry>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/**
 * A person of the researcher's cohort, as a pseudonym (the same in every grant of the grant's
 * project, different in every other project; a grant registered before project-scoped
 * pseudonyms keeps its own). Each field needs its variable approved by the grant; dates come at the
 * grant's precision; free text is de-identified. The coercion and archive subgraphs add the
 * person's decisions, executions and cases; a pseudonym outside the caller's cohort is refused.
 */
export type ResearchSubject = {
  __typename?: 'ResearchSubject';
  birthYear?: Maybe<Scalars['Int']['output']>;
  careContacts: Array<ResearchCareContact>;
  deathDate?: Maybe<Scalars['String']['output']>;
  gender?: Maybe<Scalars['String']['output']>;
  /** Notes within the cohort's period, age window, sources and services, oldest first. */
  journal: ResearchJournalPage;
  pseudonym: Scalars['ID']['output'];
};

/**
 * A person of the researcher's cohort, as a pseudonym (the same in every grant of the grant's
 * project, different in every other project; a grant registered before project-scoped
 * pseudonyms keeps its own). Each field needs its variable approved by the grant; dates come at the
 * grant's precision; free text is de-identified. The coercion and archive subgraphs add the
 * person's decisions, executions and cases; a pseudonym outside the caller's cohort is refused.
 */
export type ResearchSubjectJournalArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** The closed list of variables a research grant can approve (lib/policy/research.ts). */
export type ResearchVariable =
  | 'CASE_CLASS'
  | 'CASE_DATE'
  | 'CASE_STATUS'
  | 'CASE_TITLE'
  | 'CONTACT_CLASS'
  | 'CONTACT_SERVICE'
  | 'CONTACT_START'
  | 'DECISION_LEGAL_BASIS'
  | 'DECISION_MEASURES'
  | 'DECISION_VALID_FROM'
  | 'DECISION_VALID_TO'
  | 'EXECUTION_DESCRIPTION'
  | 'EXECUTION_MEASURE'
  | 'EXECUTION_MINUTES'
  | 'EXECUTION_START'
  | 'JOURNAL_AGE'
  | 'JOURNAL_SERVICE'
  | 'JOURNAL_SOURCE_SYSTEM'
  | 'JOURNAL_TEXT'
  | 'JOURNAL_TYPE'
  | 'JOURNAL_WRITTEN_AT'
  | 'PERSON_BIRTH_YEAR'
  | 'PERSON_DEATH_DATE'
  | 'PERSON_GENDER';

/**
 * Vedtak: a decision on health and care services (helse- og omsorgstjenesteloven § 3-2):
 * an allocation of home services, a long-term care place, a refusal. From Gerica's vedtak.csv
 * (rows that are not coercion decisions) and Helseplattformen's Vedtak documents.
 */
export type ServiceDecision = {
  __typename?: 'ServiceDecision';
  /** The assessments (Vurdering notes of the person on the cited date) the decision rests on, each with the basis of the link. */
  assessments: Array<AssessmentLink>;
  /**
   * How many of the assessments the decision cites the caller may not read (dated outside their
   * matter's period): neither shown nor logged, but counted, so the answer says the decision rests on
   * an assessment it leaves out (pasientjournalloven § 22; review s43).
   */
  assessmentsNotShown: Scalars['Int']['output'];
  author?: Maybe<Practitioner>;
  authorName?: Maybe<Scalars['String']['output']>;
  /** The assessment the decision names, e.g. 'vurdering datert 03.11.2022': its date and the words. */
  citedAssessmentDate?: Maybe<Scalars['String']['output']>;
  citedAssessmentText?: Maybe<Scalars['String']['output']>;
  /** When it was decided (ISO 8601), when the source records a time. */
  decidedAt?: Maybe<Scalars['String']['output']>;
  /** Local date of the decision. */
  decidedOn: Scalars['String']['output'];
  /** Vedtakstype: the service decided on (Langtidsopphold, Hjemmesykepleie, Trygghetsalarm, ...). */
  decisionType: Scalars['String']['output'];
  /** The export file it was imported from. */
  file?: Maybe<Scalars['String']['output']>;
  /**
   * Earlier versions, oldest first (as JournalEntry.history): what the decision said before each
   * change kept in service_decision_version (a later source export, a correction or deletion of the
   * note it was read from, a move to the right patient's record, a source conflict resolved), when,
   * by what and why. The same access as the decision, each version by its own decision date, and
   * logged as a read of the decision. `first` (0–1000) and `after` (a version number this list
   * gave: the versions after it) page them, as JournalEntry.history: a decision whose texts and
   * earlier versions together pass the text budget of one journal request
   * (RESPONSE_MAX_TEXT_BYTES) is read whole a page at a time (the dossier does, s47). Without them,
   * every version.
   */
  history: Array<ServiceDecisionVersion>;
  id: Scalars['ID']['output'];
  /** The journal entry the decision was read from (an HP Vedtak document is also a note). */
  journalEntry?: Maybe<JournalEntry>;
  /** Begrunnelse: the grounds, as written. */
  justification?: Maybe<Scalars['String']['output']>;
  /** Hjemmel, as written. */
  legalBasis?: Maybe<Scalars['String']['output']>;
  outcome: ServiceDecisionOutcome;
  /** Why the outcome reads as it does (the decision's own words, or the rule for a source without an outcome field). */
  outcomeBasis: Scalars['String']['output'];
  patient: Patient;
  /** What was applied for or allocated, as written (Gerica Tiltak; HP: the decision's heading). */
  service?: Maybe<Scalars['String']['output']>;
  sourceId: Scalars['String']['output'];
  sourceSystem: SourceSystem;
  /** The whole decision text (HP document). */
  text?: Maybe<Scalars['String']['output']>;
  /** The unit that made the decision (e.g. Helse- og velferdskontor), when the source names it. */
  unit?: Maybe<Scalars['String']['output']>;
  /** First day of validity (local date, inclusive). */
  validFrom?: Maybe<Scalars['String']['output']>;
  /** Last day of validity (local date, inclusive); null when open-ended or not given. */
  validTo?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/**
 * Vedtak: a decision on health and care services (helse- og omsorgstjenesteloven § 3-2):
 * an allocation of home services, a long-term care place, a refusal. From Gerica's vedtak.csv
 * (rows that are not coercion decisions) and Helseplattformen's Vedtak documents.
 */
export type ServiceDecisionHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ServiceDecisionList = {
  __typename?: 'ServiceDecisionList';
  decisions: Array<ServiceDecision>;
  window: AppliedWindow;
};

/** Vedtak: the outcome of a decision on health and care services. */
export type ServiceDecisionOutcome =
  /** Innvilget. */
  | 'GRANTED'
  /** Delvis innvilget. */
  | 'PARTLY'
  /** Avslag. */
  | 'REFUSED';

/** An earlier version of a service decision: its fields as they were until `replacedAt`. */
export type ServiceDecisionVersion = {
  __typename?: 'ServiceDecisionVersion';
  authorName?: Maybe<Scalars['String']['output']>;
  citedAssessmentDate?: Maybe<Scalars['String']['output']>;
  citedAssessmentText?: Maybe<Scalars['String']['output']>;
  decidedAt?: Maybe<Scalars['String']['output']>;
  decidedOn?: Maybe<Scalars['String']['output']>;
  decisionType?: Maybe<Scalars['String']['output']>;
  /** The export file this version was imported from. */
  file?: Maybe<Scalars['String']['output']>;
  /** Null after a deletion of the note it was read from (helsepersonelloven § 43 removes its words from every version). */
  justification?: Maybe<Scalars['String']['output']>;
  legalBasis?: Maybe<Scalars['String']['output']>;
  outcome?: Maybe<ServiceDecisionOutcome>;
  outcomeBasis?: Maybe<Scalars['String']['output']>;
  /** Why, e.g. 'changed in a later source export'. */
  reason: Scalars['String']['output'];
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: import (a later source export), or the user who corrected, deleted or moved it. */
  replacedBy: Scalars['String']['output'];
  service?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
  unit?: Maybe<Scalars['String']['output']>;
  validFrom?: Maybe<Scalars['String']['output']>;
  validTo?: Maybe<Scalars['String']['output']>;
  /** The decision's version number this was (ServiceDecision.version counts on from it). */
  version: Scalars['Int']['output'];
};

/**
 * A later source version of a note that was corrected in Helsespor. The import stores it
 * here instead of overwriting the correction; an archivist decides (resolveSourceConflict).
 */
export type SourceConflict = {
  __typename?: 'SourceConflict';
  /**
   * The correction case decided over this source version: it arrived after the case was
   * registered (helsepersonelloven § 42). Null when an import raised the conflict.
   */
  caseId?: Maybe<Scalars['ID']['output']>;
  /** The note's current (corrected) text. */
  currentText?: Maybe<Scalars['String']['output']>;
  detectedAt: Scalars['String']['output'];
  entry: JournalEntry;
  id: Scalars['ID']['output'];
  /** The import run that brought the source version. */
  importRunId?: Maybe<Scalars['ID']['output']>;
  /** KEPT_CORRECTION, TOOK_SOURCE, SUPERSEDED (a later source version arrived, or the note was deleted); null while open. */
  resolution?: Maybe<Scalars['String']['output']>;
  resolutionReason?: Maybe<Scalars['String']['output']>;
  resolvedAt?: Maybe<Scalars['String']['output']>;
  resolvedBy?: Maybe<Scalars['String']['output']>;
  /** The text the source export now has (null after the note was deleted). */
  sourceText?: Maybe<Scalars['String']['output']>;
};

export type SourceConflictResolution =
  /** The corrected text stays; this source version is not flagged again. */
  | 'KEEP_CORRECTION'
  /** The corrected text becomes a kept version; the source's version is current. */
  | 'TAKE_SOURCE';

/** The period a source system's records on the platform cover (all persons), local dates. */
export type SourcePeriod = {
  __typename?: 'SourcePeriod';
  from?: Maybe<Scalars['String']['output']>;
  records: Scalars['Int']['output'];
  sourceSystem: SourceSystem;
  to?: Maybe<Scalars['String']['output']>;
};

/** Where a record was written. */
export type SourceSystem = 'GERICA' | 'HELSEPLATTFORMEN' | 'PROFIL';

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

export type Tombstone = {
  __typename?: 'Tombstone';
  /** The record case that decided the deletion (null for deletions before cases existed). */
  caseId?: Maybe<Scalars['ID']['output']>;
  deletedAt: Scalars['String']['output'];
  deletedBy: Scalars['String']['output'];
  legalBasis: Scalars['String']['output'];
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
  JournalEntry: JournalEntry;
  Patient: Patient;
  Practitioner: Practitioner;
  ResearchSubject: ResearchSubject;
  ServiceDecision: ServiceDecision;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  JournalEntry: { __typename: 'JournalEntry' } & GraphQLRecursivePick<
    FederationTypes['JournalEntry'],
    { id: true }
  >;
  Patient: { __typename: 'Patient' } & GraphQLRecursivePick<FederationTypes['Patient'], { id: true }>;
  Practitioner: { __typename: 'Practitioner' } & GraphQLRecursivePick<
    FederationTypes['Practitioner'],
    { id: true }
  >;
  ResearchSubject: { __typename: 'ResearchSubject' } & GraphQLRecursivePick<
    FederationTypes['ResearchSubject'],
    { pseudonym: true }
  >;
  ServiceDecision: { __typename: 'ServiceDecision' } & GraphQLRecursivePick<
    FederationTypes['ServiceDecision'],
    { id: true }
  >;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessLog: ResolverTypeWrapper<AccessLog>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccessLogEntry: ResolverTypeWrapper<AccessLogEntry>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AccessOutcome: AccessOutcome;
  AmendGrantInput: AmendGrantInput;
  AppliedWindow: ResolverTypeWrapper<AppliedWindow>;
  AssessmentLink: ResolverTypeWrapper<AssessmentLinkRow>;
  BreakGlassGrant: ResolverTypeWrapper<BreakGlassRow>;
  BreakGlassOutcome: BreakGlassOutcome;
  CareContact: ResolverTypeWrapper<ContactOut>;
  CareContactList: ResolverTypeWrapper<
    Omit<CareContactList, 'contacts'> & { contacts: Array<ResolversTypes['CareContact']> }
  >;
  CareContactVersion: ResolverTypeWrapper<CareContactVersion>;
  DatePrecision: DatePrecision;
  Disclosure: ResolverTypeWrapper<DisclosureRow>;
  DuplicateCandidate: ResolverTypeWrapper<
    Omit<DuplicateCandidate, 'a' | 'b'> & { a: ResolversTypes['Patient']; b: ResolversTypes['Patient'] }
  >;
  EntryMove: ResolverTypeWrapper<EntryMoveRow>;
  Extract: ResolverTypeWrapper<ExtractResult>;
  ExtractFile: ResolverTypeWrapper<ExtractFile>;
  JournalEntry: ResolverTypeWrapper<JournalEntryRow>;
  JournalEntryConnection: ResolverTypeWrapper<
    Omit<JournalEntryConnection, 'edges'> & { edges: Array<ResolversTypes['JournalEntryEdge']> }
  >;
  JournalEntryEdge: ResolverTypeWrapper<
    Omit<JournalEntryEdge, 'node'> & { node: ResolversTypes['JournalEntry'] }
  >;
  JournalEntryVersion: ResolverTypeWrapper<JournalEntryVersion>;
  JournalTimelineEntry: ResolverTypeWrapper<JournalTimelineRow>;
  LeapDayRule: LeapDayRule;
  LegalHold: ResolverTypeWrapper<LegalHoldRow>;
  Matter: ResolverTypeWrapper<MatterRow>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NoticeRecipient: ResolverTypeWrapper<NoticeRecipient>;
  OutputLevel: OutputLevel;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Patient: ResolverTypeWrapper<PatientRow>;
  PatientIdentity: ResolverTypeWrapper<PatientIdentity>;
  PatientLink: ResolverTypeWrapper<PatientLinkRow>;
  PatientSourceDetails: ResolverTypeWrapper<PatientSourceDetails>;
  PersonDetailChoice: ResolverTypeWrapper<PersonDetailChoice>;
  PersonDetailField: PersonDetailField;
  Practitioner: ResolverTypeWrapper<Practitioner>;
  Provenance: ResolverTypeWrapper<Provenance>;
  PurposeOfUse: PurposeOfUse;
  QuarantinedRecord: ResolverTypeWrapper<QuarantinedRecord>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordAssessment: ResolverTypeWrapper<RecordAssessment>;
  RecordAssessmentInput: RecordAssessmentInput;
  RecordCase: ResolverTypeWrapper<RecordCaseRow>;
  RecordCaseDecision: RecordCaseDecision;
  RecordCaseEvent: ResolverTypeWrapper<CaseEventRow>;
  RecordCaseGround: RecordCaseGround;
  RecordCaseKind: RecordCaseKind;
  RecordCaseStatus: RecordCaseStatus;
  RecordRequester: RecordRequester;
  RegisterGrantInput: RegisterGrantInput;
  RegisterMatterInput: RegisterMatterInput;
  RegisterRecordCaseInput: RegisterRecordCaseInput;
  RelatedPerson: ResolverTypeWrapper<RelatedPerson>;
  ResearchCareContact: ResolverTypeWrapper<ResearchCareContact>;
  ResearchCohort: ResolverTypeWrapper<ResearchReach>;
  ResearchCohortDefinition: ResolverTypeWrapper<ResearchCohortDefinition>;
  ResearchCohortInput: ResearchCohortInput;
  ResearchGrant: ResolverTypeWrapper<GrantRow>;
  ResearchJournalEntry: ResolverTypeWrapper<ResearchJournalEntry>;
  ResearchJournalPage: ResolverTypeWrapper<ResearchJournalPage>;
  ResearchSubject: ResolverTypeWrapper<SubjectParent>;
  ResearchVariable: ResearchVariable;
  ServiceDecision: ResolverTypeWrapper<ServiceDecisionRow>;
  ServiceDecisionList: ResolverTypeWrapper<
    Omit<ServiceDecisionList, 'decisions'> & { decisions: Array<ResolversTypes['ServiceDecision']> }
  >;
  ServiceDecisionOutcome: ServiceDecisionOutcome;
  ServiceDecisionVersion: ResolverTypeWrapper<ServiceDecisionVersion>;
  SourceConflict: ResolverTypeWrapper<SourceConflictRow>;
  SourceConflictResolution: SourceConflictResolution;
  SourcePeriod: ResolverTypeWrapper<SourcePeriod>;
  SourceSystem: SourceSystem;
  StatisticsCell: ResolverTypeWrapper<PublishedCell>;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ResolverTypeWrapper<ProtectedTable>;
  Tombstone: ResolverTypeWrapper<Tombstone>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessLog: AccessLog;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  AccessLogEntry: AccessLogEntry;
  Boolean: Scalars['Boolean']['output'];
  AmendGrantInput: AmendGrantInput;
  AppliedWindow: AppliedWindow;
  AssessmentLink: AssessmentLinkRow;
  BreakGlassGrant: BreakGlassRow;
  CareContact: ContactOut;
  CareContactList: Omit<CareContactList, 'contacts'> & {
    contacts: Array<ResolversParentTypes['CareContact']>;
  };
  CareContactVersion: CareContactVersion;
  Disclosure: DisclosureRow;
  DuplicateCandidate: Omit<DuplicateCandidate, 'a' | 'b'> & {
    a: ResolversParentTypes['Patient'];
    b: ResolversParentTypes['Patient'];
  };
  EntryMove: EntryMoveRow;
  Extract: ExtractResult;
  ExtractFile: ExtractFile;
  JournalEntry: JournalEntryRow;
  JournalEntryConnection: Omit<JournalEntryConnection, 'edges'> & {
    edges: Array<ResolversParentTypes['JournalEntryEdge']>;
  };
  JournalEntryEdge: Omit<JournalEntryEdge, 'node'> & { node: ResolversParentTypes['JournalEntry'] };
  JournalEntryVersion: JournalEntryVersion;
  JournalTimelineEntry: JournalTimelineRow;
  LegalHold: LegalHoldRow;
  Matter: MatterRow;
  Mutation: Record<PropertyKey, never>;
  NoticeRecipient: NoticeRecipient;
  PageInfo: PageInfo;
  Patient: PatientRow;
  PatientIdentity: PatientIdentity;
  PatientLink: PatientLinkRow;
  PatientSourceDetails: PatientSourceDetails;
  PersonDetailChoice: PersonDetailChoice;
  Practitioner: Practitioner | FederationReferenceTypes['Practitioner'];
  Provenance: Provenance;
  QuarantinedRecord: QuarantinedRecord;
  Query: Record<PropertyKey, never>;
  RecordAssessment: RecordAssessment;
  RecordAssessmentInput: RecordAssessmentInput;
  RecordCase: RecordCaseRow;
  RecordCaseEvent: CaseEventRow;
  RegisterGrantInput: RegisterGrantInput;
  RegisterMatterInput: RegisterMatterInput;
  RegisterRecordCaseInput: RegisterRecordCaseInput;
  RelatedPerson: RelatedPerson;
  ResearchCareContact: ResearchCareContact;
  ResearchCohort: ResearchReach;
  ResearchCohortDefinition: ResearchCohortDefinition;
  ResearchCohortInput: ResearchCohortInput;
  ResearchGrant: GrantRow;
  ResearchJournalEntry: ResearchJournalEntry;
  ResearchJournalPage: ResearchJournalPage;
  ResearchSubject: SubjectParent;
  ServiceDecision: ServiceDecisionRow;
  ServiceDecisionList: Omit<ServiceDecisionList, 'decisions'> & {
    decisions: Array<ResolversParentTypes['ServiceDecision']>;
  };
  ServiceDecisionVersion: ServiceDecisionVersion;
  SourceConflict: SourceConflictRow;
  SourcePeriod: SourcePeriod;
  StatisticsCell: PublishedCell;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ProtectedTable;
  Tombstone: Tombstone;
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

export type AccessLogResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessLog'] = ResolversParentTypes['AccessLog'],
> = {
  entries?: Resolver<Array<ResolversTypes['AccessLogEntry']>, ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  patientIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AccessLogEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessLogEntry'] = ResolversParentTypes['AccessLogEntry'],
> = {
  breakTheGlass?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  loggedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  matter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organisation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AccessOutcome'], ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  recordKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rule?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  subgraph?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AppliedWindowResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AppliedWindow'] = ResolversParentTypes['AppliedWindow'],
> = {
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  leapDayRule?: Resolver<ResolversTypes['LeapDayRule'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AssessmentLinkResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AssessmentLink'] = ResolversParentTypes['AssessmentLink'],
> = {
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['JournalEntry'], ParentType, ContextType>;
};

export type BreakGlassGrantResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['BreakGlassGrant'] = ResolversParentTypes['BreakGlassGrant'],
> = {
  clearanceNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clearedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  clearedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  matterId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['BreakGlassOutcome']>, ParentType, ContextType>;
  patientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reviewNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reviewedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reviewedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CareContactResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CareContact'] = ResolversParentTypes['CareContact'],
> = {
  contactClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  end?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['CareContactVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CareContactListResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CareContactList'] = ResolversParentTypes['CareContactList'],
> = {
  contacts?: Resolver<Array<ResolversTypes['CareContact']>, ParentType, ContextType>;
  window?: Resolver<ResolversTypes['AppliedWindow'], ParentType, ContextType>;
};

export type CareContactVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CareContactVersion'] = ResolversParentTypes['CareContactVersion'],
> = {
  contactClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  end?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  start?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DisclosureResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Disclosure'] = ResolversParentTypes['Disclosure'],
> = {
  approval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  builtAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  builtBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  files?: Resolver<Array<ResolversTypes['ExtractFile']>, ParentType, ContextType>;
  grantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  manifestSha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rowCounts?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variables?: Resolver<Array<ResolversTypes['ResearchVariable']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DuplicateCandidateResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DuplicateCandidate'] = ResolversParentTypes['DuplicateCandidate'],
> = {
  a?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  b?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EntryMoveResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['EntryMove'] = ResolversParentTypes['EntryMove'],
> = {
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entryId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  movedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  movedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ExtractResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Extract'] = ResolversParentTypes['Extract'],
> = {
  directory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  disclosure?: Resolver<ResolversTypes['Disclosure'], ParentType, ContextType>;
  manifest?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ExtractFileResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ExtractFile'] = ResolversParentTypes['ExtractFile'],
> = {
  bytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  columns?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  table?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JournalEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalEntry'] = ResolversParentTypes['JournalEntry'],
  FederationReferenceType extends FederationReferenceTypes['JournalEntry'] =
    FederationReferenceTypes['JournalEntry'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['JournalEntry']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  amended?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['Practitioner']>, ParentType, ContextType>;
  authorName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  careContact?: Resolver<Maybe<ResolversTypes['CareContact']>, ParentType, ContextType>;
  careEnd?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  careStart?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  datedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<
    Array<ResolversTypes['JournalEntryVersion']>,
    ParentType,
    ContextType,
    Partial<JournalEntryHistoryArgs>
  >;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  patient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  provenance?: Resolver<Array<ResolversTypes['Provenance']>, ParentType, ContextType>;
  recordCases?: Resolver<Array<ResolversTypes['RecordCase']>, ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timeNotes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  tombstone?: Resolver<Maybe<ResolversTypes['Tombstone']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  writtenAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JournalEntryConnectionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalEntryConnection'] =
    ResolversParentTypes['JournalEntryConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['JournalEntryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['AppliedWindow'], ParentType, ContextType>;
};

export type JournalEntryEdgeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalEntryEdge'] = ResolversParentTypes['JournalEntryEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['JournalEntry'], ParentType, ContextType>;
};

export type JournalEntryVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalEntryVersion'] =
    ResolversParentTypes['JournalEntryVersion'],
> = {
  authorHpr?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  authorName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  careEnd?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  careStart?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  change?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  datedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  entryType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organisationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  organisationNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timeNotes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  writtenAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type JournalTimelineEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalTimelineEntry'] =
    ResolversParentTypes['JournalTimelineEntry'],
> = {
  datedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
};

export type LegalHoldResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['LegalHold'] = ResolversParentTypes['LegalHold'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  liftReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  liftedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  liftedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  live?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  matter?: Resolver<ResolversTypes['Matter'], ParentType, ContextType>;
  matterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  placedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MatterResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Matter'] = ResolversParentTypes['Matter'],
> = {
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  nationalIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  patientIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  periodFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  periodTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['PurposeOfUse'], ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  amendGrant?: Resolver<
    ResolversTypes['ResearchGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationAmendGrantArgs, 'id' | 'input' | 'reason'>
  >;
  breakGlass?: Resolver<
    ResolversTypes['BreakGlassGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationBreakGlassArgs, 'patientId' | 'reason'>
  >;
  choosePersonDetail?: Resolver<
    ResolversTypes['Patient'],
    ParentType,
    ContextType,
    RequireFields<
      MutationChoosePersonDetailArgs,
      'field' | 'localId' | 'patientId' | 'reason' | 'sourceSystem'
    >
  >;
  clearBreakGlass?: Resolver<
    ResolversTypes['BreakGlassGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationClearBreakGlassArgs, 'id' | 'note'>
  >;
  closeMatter?: Resolver<
    ResolversTypes['Matter'],
    ParentType,
    ContextType,
    RequireFields<MutationCloseMatterArgs, 'id'>
  >;
  correctJournalEntry?: Resolver<
    ResolversTypes['JournalEntry'],
    ParentType,
    ContextType,
    RequireFields<MutationCorrectJournalEntryArgs, 'id' | 'reason' | 'text'>
  >;
  decideRecordCase?: Resolver<
    ResolversTypes['RecordCase'],
    ParentType,
    ContextType,
    RequireFields<MutationDecideRecordCaseArgs, 'decision' | 'id' | 'reasons'>
  >;
  deleteJournalEntry?: Resolver<
    ResolversTypes['JournalEntry'],
    ParentType,
    ContextType,
    RequireFields<MutationDeleteJournalEntryArgs, 'assessment' | 'ground' | 'id' | 'legalBasis'>
  >;
  extract?: Resolver<
    ResolversTypes['Extract'],
    ParentType,
    ContextType,
    RequireFields<MutationExtractArgs, 'grantId'>
  >;
  liftLegalHold?: Resolver<
    ResolversTypes['LegalHold'],
    ParentType,
    ContextType,
    RequireFields<MutationLiftLegalHoldArgs, 'id' | 'reason'>
  >;
  linkPatients?: Resolver<
    ResolversTypes['Patient'],
    ParentType,
    ContextType,
    RequireFields<MutationLinkPatientsArgs, 'a' | 'b' | 'reason'>
  >;
  placeLegalHold?: Resolver<
    ResolversTypes['LegalHold'],
    ParentType,
    ContextType,
    RequireFields<MutationPlaceLegalHoldArgs, 'matterId' | 'reason'>
  >;
  registerGrant?: Resolver<
    ResolversTypes['ResearchGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationRegisterGrantArgs, 'input'>
  >;
  registerMatter?: Resolver<
    ResolversTypes['Matter'],
    ParentType,
    ContextType,
    RequireFields<MutationRegisterMatterArgs, 'input'>
  >;
  registerRecordCase?: Resolver<
    ResolversTypes['RecordCase'],
    ParentType,
    ContextType,
    RequireFields<MutationRegisterRecordCaseArgs, 'input'>
  >;
  resolveSourceConflict?: Resolver<
    ResolversTypes['SourceConflict'],
    ParentType,
    ContextType,
    RequireFields<MutationResolveSourceConflictArgs, 'id' | 'reason' | 'resolution'>
  >;
  reviewBreakGlass?: Resolver<
    ResolversTypes['BreakGlassGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationReviewBreakGlassArgs, 'id' | 'note' | 'outcome'>
  >;
  unlinkPatients?: Resolver<
    ResolversTypes['Patient'],
    ParentType,
    ContextType,
    RequireFields<MutationUnlinkPatientsArgs, 'a' | 'b' | 'reason'>
  >;
  withdrawGrant?: Resolver<
    ResolversTypes['ResearchGrant'],
    ParentType,
    ContextType,
    RequireFields<MutationWithdrawGrantArgs, 'id' | 'reason'>
  >;
};

export type NoticeRecipientResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['NoticeRecipient'] = ResolversParentTypes['NoticeRecipient'],
> = {
  firstReadAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastReadAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  matter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reads?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  birthDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  careContacts?: Resolver<
    ResolversTypes['CareContactList'],
    ParentType,
    ContextType,
    Partial<PatientCareContactsArgs>
  >;
  deathDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deathDateCertain?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  detailChoices?: Resolver<Array<ResolversTypes['PersonDetailChoice']>, ParentType, ContextType>;
  entriesById?: Resolver<
    Array<Maybe<ResolversTypes['JournalEntry']>>,
    ParentType,
    ContextType,
    RequireFields<PatientEntriesByIdArgs, 'ids'>
  >;
  entryMoves?: Resolver<Array<ResolversTypes['EntryMove']>, ParentType, ContextType>;
  familyName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  givenName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  helpNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  identities?: Resolver<Array<ResolversTypes['PatientIdentity']>, ParentType, ContextType>;
  journal?: Resolver<
    ResolversTypes['JournalEntryConnection'],
    ParentType,
    ContextType,
    RequireFields<PatientJournalArgs, 'first'>
  >;
  journalTimeline?: Resolver<
    Array<ResolversTypes['JournalTimelineEntry']>,
    ParentType,
    ContextType,
    Partial<PatientJournalTimelineArgs>
  >;
  linkedPatients?: Resolver<Array<ResolversTypes['PatientLink']>, ParentType, ContextType>;
  nationalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nationalIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  personBirthDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  quarantinedRecords?: Resolver<Array<ResolversTypes['QuarantinedRecord']>, ParentType, ContextType>;
  recordIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  relatives?: Resolver<Array<ResolversTypes['RelatedPerson']>, ParentType, ContextType>;
  serviceDecisions?: Resolver<
    ResolversTypes['ServiceDecisionList'],
    ParentType,
    ContextType,
    Partial<PatientServiceDecisionsArgs>
  >;
  serviceDecisionsById?: Resolver<
    Array<Maybe<ResolversTypes['ServiceDecision']>>,
    ParentType,
    ContextType,
    RequireFields<PatientServiceDecisionsByIdArgs, 'ids'>
  >;
};

export type PatientIdentityResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PatientIdentity'] = ResolversParentTypes['PatientIdentity'],
> = {
  differsIn?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  localId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceDetails?: Resolver<Maybe<ResolversTypes['PatientSourceDetails']>, ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
};

export type PatientLinkResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PatientLink'] = ResolversParentTypes['PatientLink'],
> = {
  linkedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  linkedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  patient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PatientSourceDetailsResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PatientSourceDetails'] =
    ResolversParentTypes['PatientSourceDetails'],
> = {
  birthDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deathDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  familyName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  givenName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  importedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PersonDetailChoiceResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PersonDetailChoice'] = ResolversParentTypes['PersonDetailChoice'],
> = {
  chosen?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  chosenAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  chosenBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['PersonDetailField'], ParentType, ContextType>;
  localId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previous?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  restored?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  undoneAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  undoneReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PractitionerResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Practitioner'] = ResolversParentTypes['Practitioner'],
  FederationReferenceType extends FederationReferenceTypes['Practitioner'] =
    FederationReferenceTypes['Practitioner'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Practitioner']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  employeeNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hprNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  profession?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ProvenanceResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Provenance'] = ResolversParentTypes['Provenance'],
> = {
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
};

export type QuarantinedRecordResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['QuarantinedRecord'] = ResolversParentTypes['QuarantinedRecord'],
> = {
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  quarantinedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  accessLog?: Resolver<
    ResolversTypes['AccessLog'],
    ParentType,
    ContextType,
    RequireFields<QueryAccessLogArgs, 'first'>
  >;
  breakGlassReviews?: Resolver<
    Array<ResolversTypes['BreakGlassGrant']>,
    ParentType,
    ContextType,
    RequireFields<QueryBreakGlassReviewsArgs, 'pendingOnly'>
  >;
  disclosureLog?: Resolver<
    Array<ResolversTypes['Disclosure']>,
    ParentType,
    ContextType,
    Partial<QueryDisclosureLogArgs>
  >;
  duplicateCandidates?: Resolver<
    Array<ResolversTypes['DuplicateCandidate']>,
    ParentType,
    ContextType,
    RequireFields<QueryDuplicateCandidatesArgs, 'first'>
  >;
  grant?: Resolver<
    Maybe<ResolversTypes['ResearchGrant']>,
    ParentType,
    ContextType,
    RequireFields<QueryGrantArgs, 'id'>
  >;
  grants?: Resolver<
    Array<ResolversTypes['ResearchGrant']>,
    ParentType,
    ContextType,
    RequireFields<QueryGrantsArgs, 'activeOnly'>
  >;
  journalEntryStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryJournalEntryStatisticsArgs>
  >;
  journalQuarantineStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryJournalQuarantineStatisticsArgs>
  >;
  legalHolds?: Resolver<
    Array<ResolversTypes['LegalHold']>,
    ParentType,
    ContextType,
    RequireFields<QueryLegalHoldsArgs, 'liveOnly'>
  >;
  matter?: Resolver<
    Maybe<ResolversTypes['Matter']>,
    ParentType,
    ContextType,
    RequireFields<QueryMatterArgs, 'id'>
  >;
  matters?: Resolver<
    Array<ResolversTypes['Matter']>,
    ParentType,
    ContextType,
    RequireFields<QueryMattersArgs, 'openOnly'>
  >;
  patient?: Resolver<
    Maybe<ResolversTypes['Patient']>,
    ParentType,
    ContextType,
    RequireFields<QueryPatientArgs, 'id'>
  >;
  patientByNationalId?: Resolver<
    Maybe<ResolversTypes['Patient']>,
    ParentType,
    ContextType,
    RequireFields<QueryPatientByNationalIdArgs, 'nationalId'>
  >;
  recordCase?: Resolver<
    Maybe<ResolversTypes['RecordCase']>,
    ParentType,
    ContextType,
    RequireFields<QueryRecordCaseArgs, 'id'>
  >;
  recordCases?: Resolver<
    Array<ResolversTypes['RecordCase']>,
    ParentType,
    ContextType,
    RequireFields<QueryRecordCasesArgs, 'first' | 'openOnly'>
  >;
  recordPeriods?: Resolver<Array<ResolversTypes['SourcePeriod']>, ParentType, ContextType>;
  researchCohort?: Resolver<ResolversTypes['ResearchCohort'], ParentType, ContextType>;
  serviceDecision?: Resolver<
    Maybe<ResolversTypes['ServiceDecision']>,
    ParentType,
    ContextType,
    RequireFields<QueryServiceDecisionArgs, 'id'>
  >;
  serviceDecisionStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryServiceDecisionStatisticsArgs>
  >;
  sourceConflicts?: Resolver<
    Array<ResolversTypes['SourceConflict']>,
    ParentType,
    ContextType,
    RequireFields<QuerySourceConflictsArgs, 'first' | 'includeResolved'>
  >;
};

export type RecordAssessmentResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['RecordAssessment'] = ResolversParentTypes['RecordAssessment'],
> = {
  archiveLawAllows?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  generallyUnobjectionable?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  obviouslyNotNeededForCare?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  publicInterestAgainst?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  wrongOrMisleadingAndBurdensome?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  wrongPerson?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type RecordCaseResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['RecordCase'] = ResolversParentTypes['RecordCase'],
> = {
  appealRoute?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  assessment?: Resolver<Maybe<ResolversTypes['RecordAssessment']>, ParentType, ContextType>;
  claim?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['JournalEntry'], ParentType, ContextType>;
  entryVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['RecordCaseEvent']>, ParentType, ContextType>;
  ground?: Resolver<ResolversTypes['RecordCaseGround'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['RecordCaseKind'], ParentType, ContextType>;
  legalSource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  noticeRecipients?: Resolver<Array<ResolversTypes['NoticeRecipient']>, ParentType, ContextType>;
  patientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  proposedText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasons?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredRole?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestedBy?: Resolver<ResolversTypes['RecordRequester'], ParentType, ContextType>;
  requesterName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requesterRelation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rightPatientId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RecordCaseStatus'], ParentType, ContextType>;
};

export type RecordCaseEventResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['RecordCaseEvent'] = ResolversParentTypes['RecordCaseEvent'],
> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  detail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RelatedPersonResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['RelatedPerson'] = ResolversParentTypes['RelatedPerson'],
> = {
  active?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nationalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nearestRelative?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  periodEnd?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relationship?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  relationshipCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchCareContactResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCareContact'] =
    ResolversParentTypes['ResearchCareContact'],
> = {
  contactClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  start?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchCohortResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCohort'] = ResolversParentTypes['ResearchCohort'],
> = {
  grantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  subjects?: Resolver<
    Array<ResolversTypes['ResearchSubject']>,
    ParentType,
    ContextType,
    RequireFields<ResearchCohortSubjectsArgs, 'first'>
  >;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalSuppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ResearchCohortDefinitionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCohortDefinition'] =
    ResolversParentTypes['ResearchCohortDefinition'],
> = {
  ageFrom?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  ageTo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  bornFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bornTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  concepts?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  leapDayRule?: Resolver<Maybe<ResolversTypes['LeapDayRule']>, ParentType, ContextType>;
  periodFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  periodTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  services?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  sources?: Resolver<Maybe<Array<ResolversTypes['SourceSystem']>>, ParentType, ContextType>;
};

export type ResearchGrantResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchGrant'] = ResolversParentTypes['ResearchGrant'],
> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  changeReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cohort?: Resolver<ResolversTypes['ResearchCohortDefinition'], ParentType, ContextType>;
  cohortSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  cohortSizeSuppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  datePrecision?: Resolver<ResolversTypes['DatePrecision'], ParentType, ContextType>;
  dispensationRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  freeText?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['ResearchGrant']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outputLevel?: Resolver<ResolversTypes['OutputLevel'], ParentType, ContextType>;
  projectId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pseudonymScope?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pseudonymScopeGrants?: Resolver<Maybe<Array<ResolversTypes['ID']>>, ParentType, ContextType>;
  pseudonymScopeNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  queriesUsed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  queryBudget?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  queryBudgetRemaining?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registeredBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rekNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  researchers?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  responsibleResearcher?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variables?: Resolver<Array<ResolversTypes['ResearchVariable']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withdrawReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  withdrawnAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  withdrawnBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchJournalEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchJournalEntry'] =
    ResolversParentTypes['ResearchJournalEntry'],
> = {
  age?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceSystem?: Resolver<Maybe<ResolversTypes['SourceSystem']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  writtenAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ResearchJournalPageResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchJournalPage'] =
    ResolversParentTypes['ResearchJournalPage'],
> = {
  entries?: Resolver<Array<ResolversTypes['ResearchJournalEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
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
  birthYear?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  careContacts?: Resolver<Array<ResolversTypes['ResearchCareContact']>, ParentType, ContextType>;
  deathDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  journal?: Resolver<
    ResolversTypes['ResearchJournalPage'],
    ParentType,
    ContextType,
    RequireFields<ResearchSubjectJournalArgs, 'first'>
  >;
  pseudonym?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ServiceDecisionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ServiceDecision'] = ResolversParentTypes['ServiceDecision'],
  FederationReferenceType extends FederationReferenceTypes['ServiceDecision'] =
    FederationReferenceTypes['ServiceDecision'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['ServiceDecision']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  assessments?: Resolver<Array<ResolversTypes['AssessmentLink']>, ParentType, ContextType>;
  assessmentsNotShown?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['Practitioner']>, ParentType, ContextType>;
  authorName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  citedAssessmentDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  citedAssessmentText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decisionType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  file?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<
    Array<ResolversTypes['ServiceDecisionVersion']>,
    ParentType,
    ContextType,
    Partial<ServiceDecisionHistoryArgs>
  >;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  journalEntry?: Resolver<Maybe<ResolversTypes['JournalEntry']>, ParentType, ContextType>;
  justification?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['ServiceDecisionOutcome'], ParentType, ContextType>;
  outcomeBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  patient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ServiceDecisionListResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ServiceDecisionList'] =
    ResolversParentTypes['ServiceDecisionList'],
> = {
  decisions?: Resolver<Array<ResolversTypes['ServiceDecision']>, ParentType, ContextType>;
  window?: Resolver<ResolversTypes['AppliedWindow'], ParentType, ContextType>;
};

export type ServiceDecisionVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ServiceDecisionVersion'] =
    ResolversParentTypes['ServiceDecisionVersion'],
> = {
  authorName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  citedAssessmentDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  citedAssessmentText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decisionType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  file?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  justification?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['ServiceDecisionOutcome']>, ParentType, ContextType>;
  outcomeBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SourceConflictResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SourceConflict'] = ResolversParentTypes['SourceConflict'],
> = {
  caseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  currentText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  detectedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['JournalEntry'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  importRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolutionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SourcePeriodResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SourcePeriod'] = ResolversParentTypes['SourcePeriod'],
> = {
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  records?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['SourceSystem'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type TombstoneResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Tombstone'] = ResolversParentTypes['Tombstone'],
> = {
  caseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  deletedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deletedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  AccessLog?: AccessLogResolvers<ContextType>;
  AccessLogEntry?: AccessLogEntryResolvers<ContextType>;
  AppliedWindow?: AppliedWindowResolvers<ContextType>;
  AssessmentLink?: AssessmentLinkResolvers<ContextType>;
  BreakGlassGrant?: BreakGlassGrantResolvers<ContextType>;
  CareContact?: CareContactResolvers<ContextType>;
  CareContactList?: CareContactListResolvers<ContextType>;
  CareContactVersion?: CareContactVersionResolvers<ContextType>;
  Disclosure?: DisclosureResolvers<ContextType>;
  DuplicateCandidate?: DuplicateCandidateResolvers<ContextType>;
  EntryMove?: EntryMoveResolvers<ContextType>;
  Extract?: ExtractResolvers<ContextType>;
  ExtractFile?: ExtractFileResolvers<ContextType>;
  JournalEntry?: JournalEntryResolvers<ContextType>;
  JournalEntryConnection?: JournalEntryConnectionResolvers<ContextType>;
  JournalEntryEdge?: JournalEntryEdgeResolvers<ContextType>;
  JournalEntryVersion?: JournalEntryVersionResolvers<ContextType>;
  JournalTimelineEntry?: JournalTimelineEntryResolvers<ContextType>;
  LegalHold?: LegalHoldResolvers<ContextType>;
  Matter?: MatterResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NoticeRecipient?: NoticeRecipientResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  PatientIdentity?: PatientIdentityResolvers<ContextType>;
  PatientLink?: PatientLinkResolvers<ContextType>;
  PatientSourceDetails?: PatientSourceDetailsResolvers<ContextType>;
  PersonDetailChoice?: PersonDetailChoiceResolvers<ContextType>;
  Practitioner?: PractitionerResolvers<ContextType>;
  Provenance?: ProvenanceResolvers<ContextType>;
  QuarantinedRecord?: QuarantinedRecordResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordAssessment?: RecordAssessmentResolvers<ContextType>;
  RecordCase?: RecordCaseResolvers<ContextType>;
  RecordCaseEvent?: RecordCaseEventResolvers<ContextType>;
  RelatedPerson?: RelatedPersonResolvers<ContextType>;
  ResearchCareContact?: ResearchCareContactResolvers<ContextType>;
  ResearchCohort?: ResearchCohortResolvers<ContextType>;
  ResearchCohortDefinition?: ResearchCohortDefinitionResolvers<ContextType>;
  ResearchGrant?: ResearchGrantResolvers<ContextType>;
  ResearchJournalEntry?: ResearchJournalEntryResolvers<ContextType>;
  ResearchJournalPage?: ResearchJournalPageResolvers<ContextType>;
  ResearchSubject?: ResearchSubjectResolvers<ContextType>;
  ServiceDecision?: ServiceDecisionResolvers<ContextType>;
  ServiceDecisionList?: ServiceDecisionListResolvers<ContextType>;
  ServiceDecisionVersion?: ServiceDecisionVersionResolvers<ContextType>;
  SourceConflict?: SourceConflictResolvers<ContextType>;
  SourcePeriod?: SourcePeriodResolvers<ContextType>;
  StatisticsCell?: StatisticsCellResolvers<ContextType>;
  StatisticsTable?: StatisticsTableResolvers<ContextType>;
  Tombstone?: TombstoneResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
