// Generated from schema/archive.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRef, PostjournalParent, ArchiveDocumentParent } from '../resolvers';
import type { SaksmappeRow, JournalpostRow, QuarantineRow } from '../store';
import type { PartyConflictRow } from '../party-conflicts';
import type { AccessRequestRow, AccessConsentOut } from '../access-request';
import type { ProtectedTable, PublishedCell } from '../../../lib/policy/disclosure';
import type { SubjectParent } from '../../../lib/policy/research-resolvers';
import type { SubgraphContext } from '../../../lib/subgraph';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/**
 * A consent the patient gave after the request was registered (recordAccessRequestConsent;
 * helsepersonelloven § 22 første ledd). A consent that came with the letter is patientConsent alone.
 */
export type AccessConsent = {
  __typename?: 'AccessConsent';
  /** The day the patient gave the consent (local calendar date). */
  givenOn: Scalars['String']['output'];
  /** The consent filed in the case: an incoming journalpost (I) dated by the consent. */
  journalpost?: Maybe<Journalpost>;
  /** When it was recorded (ISO 8601). */
  recordedAt: Scalars['String']['output'];
  /** The case handler who recorded it (a user id). */
  recordedBy: Scalars['String']['output'];
};

/** The outcome of an access request. */
export type AccessDecisionInput = {
  /** What was handed out (copies, period, format): required unless REFUSED. */
  handedOut?: InputMaybe<Scalars['String']['input']>;
  outcome: AccessRequestOutcome;
  /** The reasons (forvaltningsloven §§ 24–25): required unless GRANTED. */
  reasons?: InputMaybe<Scalars['String']['input']>;
  /** The date of the reply (local calendar date); default today. */
  repliedOn?: InputMaybe<Scalars['String']['input']>;
  /** Each withheld item with its ground: none when GRANTED, at least one otherwise. */
  withheld?: InputMaybe<Array<WithheldItemInput>>;
};

export type AccessEligibility =
  /** The patient lives: only with the patient's consent (helsepersonelloven § 22). */
  | 'CONSENT_REQUIRED'
  | 'ELIGIBLE'
  /** Eligible, but what a 12–16-year-old refuses for reasons to be respected is withheld (pbrl. § 3-4 andre ledd). */
  | 'ELIGIBLE_LIMITED'
  | 'MANUAL_ASSESSMENT'
  | 'NOT_ELIGIBLE';

export type AccessExtension = {
  __typename?: 'AccessExtension';
  months: Scalars['Int']['output'];
  noticeSentOn: Scalars['String']['output'];
  reasons: Scalars['String']['output'];
};

/** Innsynsbegjæring: an access-request case. */
export type AccessRequest = {
  __typename?: 'AccessRequest';
  /** How to appeal (klage), by request type. */
  appealRoute?: Maybe<Scalars['String']['output']>;
  /** When the case was closed (ISO 8601), null while open. */
  closedAt?: Maybe<Scalars['String']['output']>;
  closedBy?: Maybe<Scalars['String']['output']>;
  /** A consent recorded after registration; null when none was, or it came with the letter (patientConsent). */
  consent?: Maybe<AccessConsent>;
  /** Days from asOf (default: today in Europe/Oslo) to the deadline; negative when overdue. */
  daysLeft: Scalars['Int']['output'];
  /** The deadline now (after an extension, the extended one); rolled past weekends and public holidays (domstolloven §§ 148–149). */
  deadline: Scalars['String']['output'];
  /** The rule the deadline follows, with its source. */
  deadlineRule?: Maybe<Scalars['String']['output']>;
  /** OFFENTLEGLOVA: not answered within five working days, so it counts as refused and may be appealed (offentleglova § 32). */
  deemedRefused: Scalars['Boolean']['output'];
  eligibility: AccessEligibility;
  extension?: Maybe<AccessExtension>;
  /** Where the facts came from: the journal, the national id, or the caseworker. */
  factsSource?: Maybe<Scalars['String']['output']>;
  handedOut?: Maybe<Scalars['String']['output']>;
  /** The request as an incoming journalpost (I). */
  incomingJournalpost?: Maybe<Journalpost>;
  legalBasis: Scalars['String']['output'];
  legalInterest?: Maybe<Scalars['String']['output']>;
  mappeId: Scalars['String']['output'];
  /** The first deadline, before any extension. */
  originalDeadline: Scalars['String']['output'];
  outcome?: Maybe<AccessRequestOutcome>;
  outcomeReasons?: Maybe<Scalars['String']['output']>;
  patient: Patient;
  /** Whole years at receipt (at death, for a deceased patient). */
  patientAgeAtReceipt?: Maybe<Scalars['Int']['output']>;
  patientBirthDate?: Maybe<Scalars['String']['output']>;
  patientConsent: Scalars['Boolean']['output'];
  patientDeceasedOn?: Maybe<Scalars['String']['output']>;
  patientLacksCapacity: Scalars['Boolean']['output'];
  receivedAt: Scalars['String']['output'];
  /** The local (Europe/Oslo) date of receipt. */
  receivedOn: Scalars['String']['output'];
  relation: AccessRequestRelation;
  relativeCheck: RelativeCheck;
  relativeCheckNote?: Maybe<Scalars['String']['output']>;
  /** The reply as an outgoing journalpost (U), once closed. */
  replyJournalpost?: Maybe<Journalpost>;
  requestType: AccessRequestType;
  requesterKinship?: Maybe<Kinship>;
  requesterName: Scalars['String']['output'];
  /**
   * Saksansvarlig (Noark 5): the case handler responsible for the request, a user id; the one
   * who registered it until it is handed over (handOverAccessRequest). An archivist on purpose
   * ACCESS_REQUEST reaches the patients of the open requests they are saksansvarlig for, not of
   * everyone's (pasientjournalloven § 22 with helsepersonelloven § 21a).
   */
  saksansvarlig: Scalars['String']['output'];
  saksmappe: Saksmappe;
  withheld: Array<WithheldItem>;
};

/** Innsynsbegjæring: an access-request case. */
export type AccessRequestDaysLeftArgs = {
  asOf?: InputMaybe<Scalars['String']['input']>;
};

/** Innsynsbegjæring: an access-request case. */
export type AccessRequestDeemedRefusedArgs = {
  asOf?: InputMaybe<Scalars['String']['input']>;
};

export type AccessRequestOutcome = 'GRANTED' | 'PARTLY_GRANTED' | 'REFUSED';

/** Who asks (the requester's relation to the patient). */
export type AccessRequestRelation =
  /** Fremtidsfullmektig under a stadfestet fremtidsfullmakt (vergemålsloven §§ 78–84). */
  | 'FUTURE_POWER_OF_ATTORNEY'
  /** Verge (guardian) with a mandate covering health matters (vergemålsloven). */
  | 'GUARDIAN'
  /** The patient's nearest relative (nærmeste pårørende, pbrl. § 1-3 b). */
  | 'NEAREST_RELATIVE'
  /** Another relative. */
  | 'OTHER_RELATIVE'
  /** A parent, or another with parental responsibility. */
  | 'PARENT'
  /** The patient asks for their own record. */
  | 'PATIENT'
  /** Anyone (allmennheten), under offentleglova. */
  | 'PUBLIC'
  /** A third party with a legal interest (stated in legalInterest). */
  | 'THIRD_PARTY';

/** Under which law the request is made: each has its own deadline and appeal route. */
export type AccessRequestType =
  /** Partsinnsyn, forvaltningsloven § 18: without undue delay; a preliminary reply within one month (§ 11 a). */
  | 'FORVALTNINGSLOVEN_18'
  /** Innsyn etter offentleglova: without undue delay; unanswered after five working days counts as refused (§§ 29, 32). */
  | 'OFFENTLEGLOVA'
  /** Innsyn i journal, pasient- og brukerrettighetsloven § 5-1 (one month, extendable by two with a reasoned notice; GDPR art. 12 nr. 3). */
  | 'PBRL_5_1';

/** A document of a journalpost (dokumentbeskrivelse with its dokumentobjekt). */
export type ArchiveDocument = {
  __typename?: 'ArchiveDocument';
  /**
   * The file, base64-encoded. Access-checked: a screened document only for the legal and
   * archivist roles; the access is written to the access log for every patient party.
   */
  contentBase64?: Maybe<Scalars['String']['output']>;
  dokumentnummer: Scalars['Int']['output'];
  dokumenttype?: Maybe<Scalars['String']['output']>;
  /** referanseDokumentfil, e.g. DOKUMENT/2023-1234-1.pdf. */
  fileName: Scalars['String']['output'];
  /** PRONOM format, e.g. fmt/18. */
  format: Scalars['String']['output'];
  /** dokumentobjekt systemID */
  id: Scalars['ID']['output'];
  /**
   * The document's extracted text, page by page, with each page's origin (the evidence bundle
   * prints it under the document). Access-checked as contentBase64 (a screened document only for
   * the roles that reach its case; a quarantined one has none) and logged as its own read
   * (archive_document_text) for every patient party. Null when no text was extracted (never
   * queued). Counts against the request's document content budget (64 MiB).
   */
  pageTexts?: Maybe<Array<DocumentPageContent>>;
  /** The file did not match the extract's checksum or size at import (see the quarantine). */
  quarantined: Scalars['Boolean']['output'];
  /** skjermingDokument 'Skjerming av hele dokumentet' applies. */
  screened: Scalars['Boolean']['output'];
  sha256: Scalars['String']['output'];
  size: Scalars['Int']['output'];
  /**
   * Text extraction of the file for search (PDF text layer, OCR of scans): its state, and per
   * page where the text came from or why none could be read. No text: search hits carry it.
   */
  textExtraction?: Maybe<DocumentTextExtraction>;
  tittel: Scalars['String']['output'];
};

/** Part i sak: a party to the case. */
export type CasePart = {
  __typename?: 'CasePart';
  name: Scalars['String']['output'];
  /** partRolle, e.g. 'Klient', 'Pårørende'. */
  role: Scalars['String']['output'];
};

/** One page of a document's extracted text (ArchiveDocument.pageTexts). */
export type DocumentPageContent = {
  __typename?: 'DocumentPageContent';
  /** For OCR: Tesseract's mean word confidence, 0–100. */
  ocrConfidence?: Maybe<Scalars['Float']['output']>;
  /** PDF_TEXT (the text layer), OCR (Tesseract) or NONE (see reason). */
  origin: Scalars['String']['output'];
  page: Scalars['Int']['output'];
  /** Why the page has no text (origin NONE). */
  reason?: Maybe<Scalars['String']['output']>;
  /** The page's text as extracted (empty for NONE). */
  text: Scalars['String']['output'];
};

/** One page of a document: where its text came from. */
export type DocumentPageText = {
  __typename?: 'DocumentPageText';
  /** For OCR: Tesseract's mean word confidence, 0–100. */
  ocrConfidence?: Maybe<Scalars['Float']['output']>;
  /** PDF_TEXT (the text layer), OCR (Tesseract) or NONE (see reason). */
  origin: Scalars['String']['output'];
  page: Scalars['Int']['output'];
  reason?: Maybe<Scalars['String']['output']>;
};

/** How the text of a document file was extracted for search. */
export type DocumentTextExtraction = {
  __typename?: 'DocumentTextExtraction';
  /** Told by the file's first bytes: pdf, png, jpeg, tiff or unknown. */
  format?: Maybe<Scalars['String']['output']>;
  /** Pages the document has, when that could be told. */
  pageCount?: Maybe<Scalars['Int']['output']>;
  pages: Array<DocumentPageText>;
  /** Why the document could not be read at all (encrypted, too large, unsupported format, …). */
  reason?: Maybe<Scalars['String']['output']>;
  /** PENDING (queued), RUNNING or DONE. */
  status: Scalars['String']['output'];
};

/** Extends a PBRL_5_1 request's deadline (GDPR art. 12 nr. 3): the reasoned notice must go out within the first month. */
export type ExtendAccessRequestInput = {
  /** 1 or 2 further months. */
  months: Scalars['Int']['input'];
  /** The date the notice was sent (local calendar date), at the latest the original deadline. */
  noticeSentOn: Scalars['String']['input'];
  /** The reasons given to the requester. */
  reasons: Scalars['String']['input'];
  saksmappeId: Scalars['ID']['input'];
};

/**
 * Journalpost: a registry entry (registrering) of a saksmappe. Not an entity (no other
 * subgraph refers to it); as one, the gateway's planner fetched nested journalposter twice.
 */
export type Journalpost = {
  __typename?: 'Journalpost';
  /** The journalpost's documents; with id, only that one (the evidence bundle fetches one document per request). */
  documents: Array<ArchiveDocument>;
  /** dokumentetsDato (local calendar date), when the document has one. */
  dokumentetsDato?: Maybe<Scalars['String']['output']>;
  /**
   * Earlier versions, oldest first: what the journalpost said before each change kept in
   * archive.record_version (a later extract, changeTittel, setSkjerming), when, by whom and why.
   * The same access as the journalpost, each version dated by its own journaldato, and logged as its read.
   */
  history: Array<JournalpostVersion>;
  /** systemID */
  id: Scalars['ID']['output'];
  journalaar: Scalars['Int']['output'];
  /** Journaldato (local calendar date). */
  journaldato: Scalars['String']['output'];
  journalpostnummer: Scalars['Int']['output'];
  /** e.g. 'Inngående dokument'. */
  journalposttype: Scalars['String']['output'];
  journalsekvensnummer: Scalars['Int']['output'];
  /** e.g. 'Journalført', 'Arkivert', 'Utgår'. */
  journalstatus: Scalars['String']['output'];
  korrespondanseparter: Array<Korrespondansepart>;
  merknader: Array<Merknad>;
  offentligTittel?: Maybe<Scalars['String']['output']>;
  /** registreringsID, e.g. 2023/1234-2. */
  registreringsId?: Maybe<Scalars['String']['output']>;
  saksmappe: Saksmappe;
  skjerming?: Maybe<Skjerming>;
  tittel: Scalars['String']['output'];
};

/**
 * Journalpost: a registry entry (registrering) of a saksmappe. Not an entity (no other
 * subgraph refers to it); as one, the gateway's planner fetched nested journalposter twice.
 */
export type JournalpostDocumentsArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * An earlier version of a journalpost: its fields as they were until `replacedAt` (its documents
 * are not versioned here).
 */
export type JournalpostVersion = {
  __typename?: 'JournalpostVersion';
  dokumentetsDato?: Maybe<Scalars['String']['output']>;
  journaldato?: Maybe<Scalars['String']['output']>;
  journalposttype?: Maybe<Scalars['String']['output']>;
  journalstatus?: Maybe<Scalars['String']['output']>;
  /** Korrespondanseparter as they were, each name's screening decided as for Journalpost.korrespondanseparter. */
  korrespondanseparter: Array<Korrespondansepart>;
  /** Merknader as they were, those in the caller's period (as Journalpost.merknader). */
  merknader: Array<Merknad>;
  offentligTittel?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  registreringsId?: Maybe<Scalars['String']['output']>;
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: a user id (changeTittel, setSkjerming), import-noark, … */
  replacedBy: Scalars['String']['output'];
  skjerming?: Maybe<Skjerming>;
  tittel?: Maybe<Scalars['String']['output']>;
  /** 1 for the oldest kept. */
  version: Scalars['Int']['output'];
};

/** Kinship, in the order of pbrl. § 1-3 b (first is nearest). */
export type Kinship =
  | 'CHILD'
  | 'GRANDPARENT'
  | 'GUARDIAN_OR_FUTURE_POWER_OF_ATTORNEY'
  | 'OTHER_FAMILY'
  | 'PARENT'
  | 'SIBLING'
  | 'SPOUSE_OR_PARTNER';

/** Korrespondansepart: sender or recipient of a journalpost. */
export type Korrespondansepart = {
  __typename?: 'Korrespondansepart';
  /** The name; null in the public postjournal when screening withholds it. */
  name?: Maybe<Scalars['String']['output']>;
  /** Whether screening withholds this name from the public. */
  nameScreened: Scalars['Boolean']['output'];
  /** korrespondanseparttype, e.g. 'Avsender', 'Mottaker'. */
  type: Scalars['String']['output'];
};

/** Merknad: a note on a saksmappe or journalpost. */
export type Merknad = {
  __typename?: 'Merknad';
  merknadRegistrertAv: Scalars['String']['output'];
  /** merknadsdato (ISO 8601) */
  merknadsdato: Scalars['String']['output'];
  merknadstekst: Scalars['String']['output'];
  merknadstype?: Maybe<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Changes the title (and public title) of a saksmappe or journalpost. Archivist role only. */
  changeTittel: TitleChange;
  /**
   * Closes an access-request case with its outcome: the reply is registered as an outgoing
   * journalpost, the case gets saksstatus Avsluttet and leaves openAccessRequests. Legal and archivist roles.
   */
  closeAccessRequest: AccessRequest;
  /** Extends a PBRL_5_1 request by one or two months, with the reasoned notice's date. Legal and archivist roles. */
  extendAccessRequest: AccessRequest;
  /**
   * Hands an open access request over to another case handler (saksansvarlig, a user id), e.g.
   * during sick leave: the request and its saksmappe name the new saksansvarlig, the case gets a
   * merknad of the handover, and the patient leaves the old case handler's reach and enters the
   * new one's (pasientjournalloven § 22 with helsepersonelloven § 21a). Archivist role, purpose
   * ARCHIVE_ADMINISTRATION. An unknown case, a closed request, an empty saksansvarlig or the
   * present one is BAD_USER_INPUT, and nothing is changed.
   */
  handOverAccessRequest: AccessRequest;
  /**
   * Records the living patient's consent on an open CONSENT_REQUIRED request that came without
   * it (helsepersonelloven § 22 første ledd): the consent is filed in the case as an incoming
   * journalpost dated by it, and the request becomes ELIGIBLE, so it may be granted. Once; an
   * unknown or closed request, one not CONSENT_REQUIRED, or a date not real or in the future is
   * BAD_USER_INPUT, and nothing is changed. Roles legal and archivist, purpose ACCESS_REQUEST,
   * the request's own case handler.
   */
  recordAccessRequestConsent: AccessRequest;
  /** Registers an access request as a new saksmappe with its deadline and eligibility. Legal and archivist roles. */
  registerAccessRequest: AccessRequest;
  /**
   * Decides a party conflict (partyConflicts), with the reason: ACCEPT_REMOVAL ends the kept parties'
   * links as a removed party's end, KEEP_PARTIES keeps them. Archivist role, purpose
   * ARCHIVE_ADMINISTRATION. An unknown conflict, one already resolved or ended by a later extract, or
   * an empty reason is BAD_USER_INPUT, and nothing is changed.
   */
  resolvePartyConflict: PartyConflict;
  /**
   * Sets the skjerming (screening) of a saksmappe or journalpost (id: its systemID), or lifts it
   * with skjerming null. The legal ground is required: skjermingshjemmel names the exemption of
   * offentleglova §§ 13–26 it rests on ("Offl. § 13 jf. fvl. § 13 (1) nr.1"); skjermingMetadata
   * holds Noark 5 M502 values only. A change after the case is closed (or the journalpost
   * archived) is written to the endringslogg; the row replaced is kept either way. Archivist role,
   * purpose ARCHIVE_ADMINISTRATION. Bad input is BAD_USER_INPUT naming every problem, and nothing
   * is changed.
   */
  setSkjerming: SkjermingChange;
};

export type MutationChangeTittelArgs = {
  id: Scalars['ID']['input'];
  offentligTittel?: InputMaybe<Scalars['String']['input']>;
  tittel: Scalars['String']['input'];
};

export type MutationCloseAccessRequestArgs = {
  decision: AccessDecisionInput;
  saksmappeId: Scalars['ID']['input'];
};

export type MutationExtendAccessRequestArgs = {
  input: ExtendAccessRequestInput;
};

export type MutationHandOverAccessRequestArgs = {
  saksansvarlig: Scalars['String']['input'];
  saksmappeId: Scalars['ID']['input'];
};

export type MutationRecordAccessRequestConsentArgs = {
  input: RecordAccessRequestConsentInput;
};

export type MutationRegisterAccessRequestArgs = {
  input: RegisterAccessRequestInput;
};

export type MutationResolvePartyConflictArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  resolution: PartyConflictResolution;
};

export type MutationSetSkjermingArgs = {
  id: Scalars['ID']['input'];
  skjerming?: InputMaybe<SkjermingInput>;
};

/**
 * A later Noark 5 extract named no party (part) of a saksmappe or journalpost whose parties name a
 * person: far more likely a partial or faulty extract than every party removed, so the import kept the
 * parties linked, applied the rest, and kept the source's saksmappe in the quarantine beside this
 * (pasientjournalloven § 22; arkivlova § 5). Never deleted.
 */
export type PartyConflict = {
  __typename?: 'PartyConflict';
  /** Its systemID. */
  entityId: Scalars['ID']['output'];
  /** saksmappe or journalpost: the record whose parties the extract no longer names. */
  entityType: Scalars['String']['output'];
  /** The extract's extractionDate (arkivuttrekk.xml), when it gave one. */
  extractedAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The journalpost, when the conflict is a journalpost's; null for the case's own parties. */
  journalpost?: Maybe<Journalpost>;
  openedAt: Scalars['String']['output'];
  /** The parties kept linked (name and role), read as the case is: the same access, logged. */
  parties: Array<CasePart>;
  /** How many parties the conflict keeps linked. */
  partiesKept: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
  /** ACCEPT_REMOVAL, KEEP_PARTIES, or SUPERSEDED (a later extract named parties of the record again); null while open. */
  resolution?: Maybe<Scalars['String']['output']>;
  resolutionReason?: Maybe<Scalars['String']['output']>;
  resolvedAt?: Maybe<Scalars['String']['output']>;
  resolvedBy?: Maybe<Scalars['String']['output']>;
  /** The case (as saksmappe(id) reads it: the same access, logged). */
  saksmappe: Saksmappe;
  sourceFile: Scalars['String']['output'];
  /** When a later extract named parties of the record again: a kept or open conflict ends so. */
  sourceNamedPartiesAt?: Maybe<Scalars['String']['output']>;
};

/** An archivist's decision on a party conflict. */
export type PartyConflictResolution =
  /** The source did remove the parties: their links end (kept as ended, with why), as a removed party's do. */
  | 'ACCEPT_REMOVAL'
  /** The extract was partial or faulty: the parties stay linked, and the same empty list does not open the conflict again. */
  | 'KEEP_PARTIES';

export type Patient = {
  __typename?: 'Patient';
  /**
   * Saksmapper (case files) in which the patient is a party, of the case or of one of its
   * journalposter, and the access requests filed under one of the person's patient records alone.
   */
  cases: Array<Saksmappe>;
  id: Scalars['ID']['output'];
  nationalIds: Array<Scalars['String']['output']>;
  recordIds: Array<Scalars['ID']['output']>;
};

/** Postjournal (offentlig journal) or løpende journal for a period. */
export type Postjournal = {
  __typename?: 'Postjournal';
  entries: Array<PostjournalEntry>;
  from: Scalars['String']['output'];
  /** The same journal as a printable, self-contained HTML page (A4) that can be published or printed to PDF. */
  html: Scalars['String']['output'];
  to: Scalars['String']['output'];
  unit?: Maybe<Scalars['String']['output']>;
  /** 'offentlig' or 'løpende' */
  view: Scalars['String']['output'];
};

/** One line of the postjournal or the løpende journal. */
export type PostjournalEntry = {
  __typename?: 'PostjournalEntry';
  administrativEnhet?: Maybe<Scalars['String']['output']>;
  /** dokumentetsDato, or 'Udatert' when the document carries no date. */
  dokumentetsDato: Scalars['String']['output'];
  journaldato: Scalars['String']['output'];
  journalpostId: Scalars['ID']['output'];
  journalposttype: Scalars['String']['output'];
  journalstatus: Scalars['String']['output'];
  korrespondanseparter: Array<Korrespondansepart>;
  mappeId: Scalars['String']['output'];
  /** Public view: a title contained a fødselsnummer and is withheld as ***** (offentleglova § 13 with fvl. § 13). */
  publicTitleRefused: Scalars['Boolean']['output'];
  registreringsId?: Maybe<Scalars['String']['output']>;
  /** The case title; offentligTittel in the public view where screened. */
  saksTittel: Scalars['String']['output'];
  /** Whether any screening applies to the entry or its case. */
  screened: Scalars['Boolean']['output'];
  skjermingMetadata: Array<Scalars['String']['output']>;
  /** The legal basis for the screening (skjermingshjemmel). */
  skjermingshjemmel?: Maybe<Scalars['String']['output']>;
  tilgangsrestriksjon?: Maybe<Scalars['String']['output']>;
  /** The title; offentligTittel (screened words as *****) in the public view where screened. */
  tittel: Scalars['String']['output'];
};

/** What an import could not accept (karantene): where, why, and a checksum of the raw bytes kept. */
export type QuarantineEntry = {
  __typename?: 'QuarantineEntry';
  /** What `raw` holds when it is not the whole record: e.g. only its first bytes, over the record cap (IMPORT_MAX_RECORD_BYTES). */
  detail?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The line of the source file the record starts on (null for a document file, and for rows quarantined before lines were kept). */
  line?: Maybe<Scalars['Int']['output']>;
  quarantinedAt: Scalars['String']['output'];
  rawSha256?: Maybe<Scalars['String']['output']>;
  rawSize?: Maybe<Scalars['Int']['output']>;
  reason: Scalars['String']['output'];
  /** e.g. 'mappe 2023/1234' or 'dokumentobjekt <systemID> (DOKUMENT/2023-1234-1.pdf)' */
  ref: Scalars['String']['output'];
  sourceFile: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One access-request case by its saksmappe id (open or closed). Legal and archivist roles, within reach of the patient. */
  accessRequest?: Maybe<AccessRequest>;
  /** Innsynsbegjæringer per month received × deadline (KEPT: closed by it; MISSED: closed after it; OVERDUE: open past it; OPEN: open, not yet due). Roles reporting, archivist. */
  accessRequestStatistics: StatisticsTable;
  /** The import quarantine, newest first. Archivist role only. */
  archiveQuarantine: Array<QuarantineEntry>;
  /** Quarantined Noark 5 records per month (of quarantining) × reason. Roles reporting, archivist. */
  archiveQuarantineStatistics: StatisticsTable;
  /** A journalpost by systemID or registreringsID (e.g. 2023/1234-2). */
  journalpost?: Maybe<Journalpost>;
  /** Løpende journal: full titles and names. Archivist role only. */
  loependeJournal: Postjournal;
  /** Open access-request cases in the caller's reach, nearest deadline first: the first `first` of them (1–1000, 100 by default). */
  openAccessRequests: Array<AccessRequest>;
  /**
   * Party conflicts, oldest first: a later extract named no party of a saksmappe or journalpost whose
   * parties name a person, and the import kept them linked until an archivist decides
   * (resolvePartyConflict). Open ones, or all with includeResolved. Archivist role, purpose
   * ARCHIVE_ADMINISTRATION.
   */
  partyConflicts: Array<PartyConflict>;
  /** Postjournal (offentlig journal) for journaldato from..to (inclusive), optionally one administrativEnhet: only registrations whose journalstatus allows publication. Any role. */
  postjournal: Postjournal;
  /** A saksmappe by systemID, or by saksaar + sakssekvensnummer. */
  saksmappe?: Maybe<Saksmappe>;
};

export type QueryAccessRequestArgs = {
  id: Scalars['ID']['input'];
};

export type QueryAccessRequestStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QueryArchiveQuarantineArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryArchiveQuarantineStatisticsArgs = {
  filter?: InputMaybe<StatisticsFilter>;
};

export type QueryJournalpostArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  registreringsId?: InputMaybe<Scalars['String']['input']>;
};

export type QueryLoependeJournalArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
  unit?: InputMaybe<Scalars['String']['input']>;
};

export type QueryOpenAccessRequestsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryPartyConflictsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  includeResolved?: InputMaybe<Scalars['Boolean']['input']>;
};

export type QueryPostjournalArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
  unit?: InputMaybe<Scalars['String']['input']>;
};

export type QuerySaksmappeArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  saksaar?: InputMaybe<Scalars['Int']['input']>;
  sakssekvensnummer?: InputMaybe<Scalars['Int']['input']>;
};

export type RecordAccessRequestConsentInput = {
  /** The day the patient gave the consent (YYYY-MM-DD), not in the future. */
  givenOn: Scalars['String']['input'];
  saksmappeId: Scalars['ID']['input'];
};

/**
 * An access request (innsynsbegjæring). Birth date, date of death and the relatives are read
 * from the registered patient record where it exists (the caseworker's statements are used,
 * and flagged, where it does not); they are stored with the case.
 */
export type RegisterAccessRequestInput = {
  /** The unit handling the request (administrativEnhet); Noark 5 requires one on every saksmappe. */
  administrativEnhet: Scalars['String']['input'];
  /** The legal interest of a THIRD_PARTY (required for that relation). */
  legalInterest?: InputMaybe<Scalars['String']['input']>;
  /**
   * The date written on the letter (local calendar date, YYYY-MM-DD): the incoming journalpost's
   * dokumentetsDato (Noark 5 M103). On or before the day it was received; left out, the day it
   * was received. The deadline runs from receipt all the same.
   */
  letterDate?: InputMaybe<Scalars['String']['input']>;
  /** Birth date when the journal has none (else read from the registered record or the national id). */
  patientBirthDate?: InputMaybe<Scalars['String']['input']>;
  /** The patient has consented to the requester's access (hpl. § 22). */
  patientConsent?: InputMaybe<Scalars['Boolean']['input']>;
  /** Date of death (local calendar date) when the patient is deceased and the journal has none; a different registered date is refused. */
  patientDeceasedOn?: InputMaybe<Scalars['String']['input']>;
  /** The Patient the request concerns. */
  patientId: Scalars['ID']['input'];
  /** The patient lacks capacity to consent (pbrl. § 4-3), as assessed by health personnel. */
  patientLacksCapacity?: InputMaybe<Scalars['Boolean']['input']>;
  /** The patient's name as it goes on the case (part i sak); 'Pasienten' when not given. */
  patientName?: InputMaybe<Scalars['String']['input']>;
  /**
   * The patient's fødselsnummer or D-number, which must be the one registered on the record.
   * May be left out only when the patient record (and the records linked to it) has no national
   * id: a person the journal knows by an H-nummer only (pbrl. § 5-1); the request is then filed
   * under patientId alone. An H-nummer is never accepted here (pasientjournalloven § 22).
   */
  patientNationalId?: InputMaybe<Scalars['String']['input']>;
  /** When the request was received (ISO 8601 with offset): Noark 5 mottattDato (M104), which the deadline runs from. */
  receivedAt: Scalars['String']['input'];
  relation: AccessRequestRelation;
  /** Default PBRL_5_1. */
  requestType?: InputMaybe<AccessRequestType>;
  /** The requester's kinship, for the order of pbrl. § 1-3 b when the patient named no nearest relative. */
  requesterKinship?: InputMaybe<Kinship>;
  requesterName: Scalars['String']['input'];
  requesterNationalId?: InputMaybe<Scalars['String']['input']>;
};

/** How the requester's claim to be the nearest relative was checked against the registered relatives. */
export type RelativeCheck =
  /** The register names someone else, or a nearer relative. */
  | 'CONTRADICTED'
  | 'NOT_APPLICABLE'
  /** No relatives are registered: the caseworker must establish the order and document it. */
  | 'NOT_REGISTERED'
  /** Could not be checked (register unavailable, or kinship neither stated nor registered). */
  | 'UNVERIFIED'
  /** The registered nearest relative, or no nearer relative is registered (pbrl. § 1-3 b). */
  | 'VERIFIED';

export type ResearchCase = {
  __typename?: 'ResearchCase';
  klasse?: Maybe<Scalars['String']['output']>;
  saksdato?: Maybe<Scalars['String']['output']>;
  saksstatus?: Maybe<Scalars['String']['output']>;
  /** De-identified (lib/policy/deidentify.ts). */
  tittel?: Maybe<Scalars['String']['output']>;
};

/** A person of the researcher's cohort (journal subgraph), with the cases they are a party to; each field needs its variable approved by the grant. */
export type ResearchSubject = {
  __typename?: 'ResearchSubject';
  /** Case files in which the person is a party, saksdato in the cohort's period (CASE_* variables). */
  cases: Array<ResearchCase>;
  pseudonym: Scalars['ID']['output'];
};

/** Saksmappe: a case file in the Noark 5 case archive. */
export type Saksmappe = {
  __typename?: 'Saksmappe';
  /** administrativEnhet: the unit handling the case. */
  administrativEnhet?: Maybe<Scalars['String']['output']>;
  /** avsluttetDato (ISO 8601 with offset), when the case is closed. */
  avsluttetDato?: Maybe<Scalars['String']['output']>;
  /**
   * Earlier versions, oldest first: what the case said before each change kept in
   * archive.record_version (a later extract, changeTittel, setSkjerming, an access request's
   * handover or closing), when, by whom and why. The same access as the case and logged as its read.
   */
  history: Array<SaksmappeVersion>;
  /** systemID */
  id: Scalars['ID']['output'];
  /** Journalposter (registry entries) of the case, in journalpostnummer order. */
  journalposter: Array<Journalpost>;
  /** klasseID of the class the case is filed under, e.g. HO-03. */
  klasseId?: Maybe<Scalars['String']['output']>;
  /** Case number (mappeID), e.g. 2023/1234. */
  mappeId: Scalars['String']['output'];
  /** Merknader (notes) on the case. */
  merknader: Array<Merknad>;
  /** offentligTittel: the title with screened words as *****. */
  offentligTittel?: Maybe<Scalars['String']['output']>;
  parts: Array<CasePart>;
  saksaar: Scalars['Int']['output'];
  saksansvarlig?: Maybe<Scalars['String']['output']>;
  /** Saksdato (local calendar date). */
  saksdato: Scalars['String']['output'];
  sakssekvensnummer: Scalars['Int']['output'];
  /** Saksstatus, e.g. 'Under behandling', 'Avsluttet'. */
  saksstatus: Scalars['String']['output'];
  skjerming?: Maybe<Skjerming>;
  tittel: Scalars['String']['output'];
};

/**
 * An earlier version of a saksmappe: its fields as they were until `replacedAt` (the case's own
 * fields only; its parties and journalposter are not versioned here).
 */
export type SaksmappeVersion = {
  __typename?: 'SaksmappeVersion';
  administrativEnhet?: Maybe<Scalars['String']['output']>;
  avsluttetDato?: Maybe<Scalars['String']['output']>;
  klasseId?: Maybe<Scalars['String']['output']>;
  mappeId?: Maybe<Scalars['String']['output']>;
  /** Merknader as they were, those in the caller's period (as Saksmappe.merknader). */
  merknader: Array<Merknad>;
  offentligTittel?: Maybe<Scalars['String']['output']>;
  /** Why, e.g. 'title changed', 'changed in a later extract'. */
  reason: Scalars['String']['output'];
  /** When this version stopped being current (ISO 8601 with the Oslo offset). */
  replacedAt: Scalars['String']['output'];
  /** Who or what replaced it: a user id (changeTittel, setSkjerming), import-noark, … */
  replacedBy: Scalars['String']['output'];
  saksansvarlig?: Maybe<Scalars['String']['output']>;
  saksdato?: Maybe<Scalars['String']['output']>;
  saksstatus?: Maybe<Scalars['String']['output']>;
  skjerming?: Maybe<Skjerming>;
  tittel?: Maybe<Scalars['String']['output']>;
  /** 1 for the oldest kept. */
  version: Scalars['Int']['output'];
};

/** Skjerming: screening of confidential fields (offentleglova § 13 with forvaltningsloven § 13). */
export type Skjerming = {
  __typename?: 'Skjerming';
  /** skjermingDokument, e.g. 'Skjerming av hele dokumentet'. */
  skjermingDokument?: Maybe<Scalars['String']['output']>;
  /** skjermingMetadata (Noark 5 M502), e.g. 'Skjerming navn avsender'. */
  skjermingMetadata: Array<Scalars['String']['output']>;
  /** skjermingOpphoererDato (Noark 5 M505): the date the screening ends (YYYY-MM-DD). */
  skjermingOpphoererDato?: Maybe<Scalars['String']['output']>;
  skjermingshjemmel?: Maybe<Scalars['String']['output']>;
  /** skjermingsvarighet (Noark 5 M504): how many years the screening lasts. */
  skjermingsvarighet?: Maybe<Scalars['Int']['output']>;
  tilgangsrestriksjon?: Maybe<Scalars['String']['output']>;
};

export type SkjermingChange = {
  __typename?: 'SkjermingChange';
  /** False when it was already so (nothing written). */
  changed: Scalars['Boolean']['output'];
  /** saksmappe or journalpost */
  entityType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Whether the change was written to the endringslogg (the case closed or the journalpost archived). */
  loggedInEndringslogg: Scalars['Boolean']['output'];
  /** The skjerming now stored (null: none). */
  skjerming?: Maybe<Skjerming>;
};

/** A skjerming to set (Noark 5 M500–M505; subgraphs/archive/skjerming.ts). */
export type SkjermingInput = {
  /** skjermingDokument (M503): 'Skjerming av hele dokumentet' or 'Skjerming av deler av dokumentet'. */
  skjermingDokument?: InputMaybe<Scalars['String']['input']>;
  /** skjermingMetadata (M502): at least one, e.g. 'Skjerming navn avsender'. */
  skjermingMetadata: Array<Scalars['String']['input']>;
  /** skjermingOpphoererDato (M505): YYYY-MM-DD. */
  skjermingOpphoererDato?: InputMaybe<Scalars['String']['input']>;
  /** skjermingshjemmel (M501): the exemption of offentleglova §§ 13–26, e.g. 'Offl. § 13 jf. fvl. § 13 (1) nr.1'. */
  skjermingshjemmel: Scalars['String']['input'];
  /** skjermingsvarighet (M504): years, at least 1. */
  skjermingsvarighet?: InputMaybe<Scalars['Int']['input']>;
  /** tilgangsrestriksjon (M500), e.g. 'Unntatt offentlighet'. */
  tilgangsrestriksjon: Scalars['String']['input'];
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

/** A title change; logged in endringslogg when the case was closed or the journalpost archived. */
export type TitleChange = {
  __typename?: 'TitleChange';
  entityType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  loggedInEndringslogg: Scalars['Boolean']['output'];
};

/** Grounds for withholding (each with its source in the stored groundText). */
export type WithheldGround =
  /** A 12–16-year-old does not want the parents to have it, for reasons to be respected (pbrl. § 3-4 andre ledd). */
  | 'CHILD_REFUSES'
  /** Confidentiality (offentleglova § 13 with hpl. § 21 / fvl. § 13). */
  | 'CONFIDENTIALITY'
  /** Needed to prevent danger to life or serious harm to the patient (pbrl. § 5-1 andre ledd). */
  | 'DANGER_TO_PATIENT'
  /** Clearly inadvisable out of regard for persons close to the patient (pbrl. § 5-1 andre ledd). */
  | 'HARMFUL_TO_CLOSE_PERSONS'
  /** Another ground, given in groundText. */
  | 'OTHER'
  /** Exceptions to party access (forvaltningsloven §§ 18 a–18 d, 19). */
  | 'PARTY_ACCESS_EXCEPTION'
  /** Special reasons against access after death (pbrl. § 5-1 femte ledd). */
  | 'SPECIAL_REASONS_AFTER_DEATH'
  /** Information about others than the patient (pbrl. § 5-1 andre ledd; hpl. § 21). */
  | 'THIRD_PARTY_INFORMATION';

export type WithheldItem = {
  __typename?: 'WithheldItem';
  ground: WithheldGround;
  /** The ground's rule text with its source. */
  groundText: Scalars['String']['output'];
  item: Scalars['String']['output'];
};

export type WithheldItemInput = {
  ground: WithheldGround;
  /** Further words on the ground; required for OTHER. */
  groundText?: InputMaybe<Scalars['String']['input']>;
  /** What is withheld, e.g. 'Notat 2019-03-02 om nabo'. */
  item: Scalars['String']['input'];
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
  Patient: Patient;
  ResearchSubject: ResearchSubject;
  Saksmappe: Saksmappe;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Patient: { __typename: 'Patient' } & GraphQLRecursivePick<FederationTypes['Patient'], { id: true }> &
    (
      | Record<PropertyKey, never>
      | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true; recordIds: true }>
    );
  ResearchSubject: { __typename: 'ResearchSubject' } & GraphQLRecursivePick<
    FederationTypes['ResearchSubject'],
    { pseudonym: true }
  >;
  Saksmappe: { __typename: 'Saksmappe' } & GraphQLRecursivePick<FederationTypes['Saksmappe'], { id: true }>;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessConsent: ResolverTypeWrapper<AccessConsentOut>;
  AccessDecisionInput: AccessDecisionInput;
  AccessEligibility: AccessEligibility;
  AccessExtension: ResolverTypeWrapper<AccessExtension>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccessRequest: ResolverTypeWrapper<AccessRequestRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AccessRequestOutcome: AccessRequestOutcome;
  AccessRequestRelation: AccessRequestRelation;
  AccessRequestType: AccessRequestType;
  ArchiveDocument: ResolverTypeWrapper<ArchiveDocumentParent>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CasePart: ResolverTypeWrapper<CasePart>;
  DocumentPageContent: ResolverTypeWrapper<DocumentPageContent>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  DocumentPageText: ResolverTypeWrapper<DocumentPageText>;
  DocumentTextExtraction: ResolverTypeWrapper<DocumentTextExtraction>;
  ExtendAccessRequestInput: ExtendAccessRequestInput;
  Journalpost: ResolverTypeWrapper<JournalpostRow>;
  JournalpostVersion: ResolverTypeWrapper<JournalpostVersion>;
  Kinship: Kinship;
  Korrespondansepart: ResolverTypeWrapper<Korrespondansepart>;
  Merknad: ResolverTypeWrapper<Merknad>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PartyConflict: ResolverTypeWrapper<PartyConflictRow>;
  PartyConflictResolution: PartyConflictResolution;
  Patient: ResolverTypeWrapper<PatientRef>;
  Postjournal: ResolverTypeWrapper<PostjournalParent>;
  PostjournalEntry: ResolverTypeWrapper<PostjournalEntry>;
  QuarantineEntry: ResolverTypeWrapper<QuarantineRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordAccessRequestConsentInput: RecordAccessRequestConsentInput;
  RegisterAccessRequestInput: RegisterAccessRequestInput;
  RelativeCheck: RelativeCheck;
  ResearchCase: ResolverTypeWrapper<ResearchCase>;
  ResearchSubject: ResolverTypeWrapper<SubjectParent>;
  Saksmappe: ResolverTypeWrapper<SaksmappeRow>;
  SaksmappeVersion: ResolverTypeWrapper<SaksmappeVersion>;
  Skjerming: ResolverTypeWrapper<Skjerming>;
  SkjermingChange: ResolverTypeWrapper<SkjermingChange>;
  SkjermingInput: SkjermingInput;
  StatisticsCell: ResolverTypeWrapper<PublishedCell>;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ResolverTypeWrapper<ProtectedTable>;
  TitleChange: ResolverTypeWrapper<TitleChange>;
  WithheldGround: WithheldGround;
  WithheldItem: ResolverTypeWrapper<WithheldItem>;
  WithheldItemInput: WithheldItemInput;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessConsent: AccessConsentOut;
  AccessDecisionInput: AccessDecisionInput;
  AccessExtension: AccessExtension;
  Int: Scalars['Int']['output'];
  AccessRequest: AccessRequestRow;
  Boolean: Scalars['Boolean']['output'];
  ArchiveDocument: ArchiveDocumentParent;
  ID: Scalars['ID']['output'];
  CasePart: CasePart;
  DocumentPageContent: DocumentPageContent;
  Float: Scalars['Float']['output'];
  DocumentPageText: DocumentPageText;
  DocumentTextExtraction: DocumentTextExtraction;
  ExtendAccessRequestInput: ExtendAccessRequestInput;
  Journalpost: JournalpostRow;
  JournalpostVersion: JournalpostVersion;
  Korrespondansepart: Korrespondansepart;
  Merknad: Merknad;
  Mutation: Record<PropertyKey, never>;
  PartyConflict: PartyConflictRow;
  Patient: PatientRef;
  Postjournal: PostjournalParent;
  PostjournalEntry: PostjournalEntry;
  QuarantineEntry: QuarantineRow;
  Query: Record<PropertyKey, never>;
  RecordAccessRequestConsentInput: RecordAccessRequestConsentInput;
  RegisterAccessRequestInput: RegisterAccessRequestInput;
  ResearchCase: ResearchCase;
  ResearchSubject: SubjectParent;
  Saksmappe: SaksmappeRow;
  SaksmappeVersion: SaksmappeVersion;
  Skjerming: Skjerming;
  SkjermingChange: SkjermingChange;
  SkjermingInput: SkjermingInput;
  StatisticsCell: PublishedCell;
  StatisticsFilter: StatisticsFilter;
  StatisticsTable: ProtectedTable;
  TitleChange: TitleChange;
  WithheldItem: WithheldItem;
  WithheldItemInput: WithheldItemInput;
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

export type AccessConsentResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessConsent'] = ResolversParentTypes['AccessConsent'],
> = {
  givenOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalpost?: Resolver<Maybe<ResolversTypes['Journalpost']>, ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AccessExtensionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessExtension'] = ResolversParentTypes['AccessExtension'],
> = {
  months?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  noticeSentOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reasons?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AccessRequestResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessRequest'] = ResolversParentTypes['AccessRequest'],
> = {
  appealRoute?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  consent?: Resolver<Maybe<ResolversTypes['AccessConsent']>, ParentType, ContextType>;
  daysLeft?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<AccessRequestDaysLeftArgs>>;
  deadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deadlineRule?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deemedRefused?: Resolver<
    ResolversTypes['Boolean'],
    ParentType,
    ContextType,
    Partial<AccessRequestDeemedRefusedArgs>
  >;
  eligibility?: Resolver<ResolversTypes['AccessEligibility'], ParentType, ContextType>;
  extension?: Resolver<Maybe<ResolversTypes['AccessExtension']>, ParentType, ContextType>;
  factsSource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  handedOut?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  incomingJournalpost?: Resolver<Maybe<ResolversTypes['Journalpost']>, ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalInterest?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mappeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  originalDeadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['AccessRequestOutcome']>, ParentType, ContextType>;
  outcomeReasons?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  patient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  patientAgeAtReceipt?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  patientBirthDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  patientConsent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  patientDeceasedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  patientLacksCapacity?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  receivedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  receivedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relation?: Resolver<ResolversTypes['AccessRequestRelation'], ParentType, ContextType>;
  relativeCheck?: Resolver<ResolversTypes['RelativeCheck'], ParentType, ContextType>;
  relativeCheckNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  replyJournalpost?: Resolver<Maybe<ResolversTypes['Journalpost']>, ParentType, ContextType>;
  requestType?: Resolver<ResolversTypes['AccessRequestType'], ParentType, ContextType>;
  requesterKinship?: Resolver<Maybe<ResolversTypes['Kinship']>, ParentType, ContextType>;
  requesterName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  saksansvarlig?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  saksmappe?: Resolver<ResolversTypes['Saksmappe'], ParentType, ContextType>;
  withheld?: Resolver<Array<ResolversTypes['WithheldItem']>, ParentType, ContextType>;
};

export type ArchiveDocumentResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ArchiveDocument'] = ResolversParentTypes['ArchiveDocument'],
> = {
  contentBase64?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dokumentnummer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dokumenttype?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  format?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pageTexts?: Resolver<Maybe<Array<ResolversTypes['DocumentPageContent']>>, ParentType, ContextType>;
  quarantined?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  screened?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  textExtraction?: Resolver<Maybe<ResolversTypes['DocumentTextExtraction']>, ParentType, ContextType>;
  tittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CasePartResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CasePart'] = ResolversParentTypes['CasePart'],
> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DocumentPageContentResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DocumentPageContent'] =
    ResolversParentTypes['DocumentPageContent'],
> = {
  ocrConfidence?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DocumentPageTextResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DocumentPageText'] = ResolversParentTypes['DocumentPageText'],
> = {
  ocrConfidence?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DocumentTextExtractionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DocumentTextExtraction'] =
    ResolversParentTypes['DocumentTextExtraction'],
> = {
  format?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pageCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pages?: Resolver<Array<ResolversTypes['DocumentPageText']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JournalpostResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Journalpost'] = ResolversParentTypes['Journalpost'],
> = {
  documents?: Resolver<
    Array<ResolversTypes['ArchiveDocument']>,
    ParentType,
    ContextType,
    Partial<JournalpostDocumentsArgs>
  >;
  dokumentetsDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['JournalpostVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  journalaar?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  journaldato?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalpostnummer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  journalposttype?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalsekvensnummer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  journalstatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  korrespondanseparter?: Resolver<Array<ResolversTypes['Korrespondansepart']>, ParentType, ContextType>;
  merknader?: Resolver<Array<ResolversTypes['Merknad']>, ParentType, ContextType>;
  offentligTittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  registreringsId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksmappe?: Resolver<ResolversTypes['Saksmappe'], ParentType, ContextType>;
  skjerming?: Resolver<Maybe<ResolversTypes['Skjerming']>, ParentType, ContextType>;
  tittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JournalpostVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalpostVersion'] = ResolversParentTypes['JournalpostVersion'],
> = {
  dokumentetsDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  journaldato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  journalposttype?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  journalstatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  korrespondanseparter?: Resolver<Array<ResolversTypes['Korrespondansepart']>, ParentType, ContextType>;
  merknader?: Resolver<Array<ResolversTypes['Merknad']>, ParentType, ContextType>;
  offentligTittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registreringsId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  skjerming?: Resolver<Maybe<ResolversTypes['Skjerming']>, ParentType, ContextType>;
  tittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type KorrespondansepartResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Korrespondansepart'] = ResolversParentTypes['Korrespondansepart'],
> = {
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nameScreened?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MerknadResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Merknad'] = ResolversParentTypes['Merknad'],
> = {
  merknadRegistrertAv?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  merknadsdato?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  merknadstekst?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  merknadstype?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  changeTittel?: Resolver<
    ResolversTypes['TitleChange'],
    ParentType,
    ContextType,
    RequireFields<MutationChangeTittelArgs, 'id' | 'tittel'>
  >;
  closeAccessRequest?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationCloseAccessRequestArgs, 'decision' | 'saksmappeId'>
  >;
  extendAccessRequest?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationExtendAccessRequestArgs, 'input'>
  >;
  handOverAccessRequest?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationHandOverAccessRequestArgs, 'saksansvarlig' | 'saksmappeId'>
  >;
  recordAccessRequestConsent?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationRecordAccessRequestConsentArgs, 'input'>
  >;
  registerAccessRequest?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationRegisterAccessRequestArgs, 'input'>
  >;
  resolvePartyConflict?: Resolver<
    ResolversTypes['PartyConflict'],
    ParentType,
    ContextType,
    RequireFields<MutationResolvePartyConflictArgs, 'id' | 'reason' | 'resolution'>
  >;
  setSkjerming?: Resolver<
    ResolversTypes['SkjermingChange'],
    ParentType,
    ContextType,
    RequireFields<MutationSetSkjermingArgs, 'id'>
  >;
};

export type PartyConflictResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PartyConflict'] = ResolversParentTypes['PartyConflict'],
> = {
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  extractedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  journalpost?: Resolver<Maybe<ResolversTypes['Journalpost']>, ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parties?: Resolver<Array<ResolversTypes['CasePart']>, ParentType, ContextType>;
  partiesKept?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolutionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksmappe?: Resolver<ResolversTypes['Saksmappe'], ParentType, ContextType>;
  sourceFile?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceNamedPartiesAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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
  cases?: Resolver<Array<ResolversTypes['Saksmappe']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PostjournalResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Postjournal'] = ResolversParentTypes['Postjournal'],
> = {
  entries?: Resolver<Array<ResolversTypes['PostjournalEntry']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  html?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  view?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PostjournalEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['PostjournalEntry'] = ResolversParentTypes['PostjournalEntry'],
> = {
  administrativEnhet?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dokumentetsDato?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journaldato?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalpostId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  journalposttype?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalstatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  korrespondanseparter?: Resolver<Array<ResolversTypes['Korrespondansepart']>, ParentType, ContextType>;
  mappeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  publicTitleRefused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  registreringsId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksTittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  screened?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  skjermingMetadata?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingshjemmel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tilgangsrestriksjon?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QuarantineEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['QuarantineEntry'] = ResolversParentTypes['QuarantineEntry'],
> = {
  detail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  quarantinedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rawSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rawSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ref?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceFile?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  accessRequest?: Resolver<
    Maybe<ResolversTypes['AccessRequest']>,
    ParentType,
    ContextType,
    RequireFields<QueryAccessRequestArgs, 'id'>
  >;
  accessRequestStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryAccessRequestStatisticsArgs>
  >;
  archiveQuarantine?: Resolver<
    Array<ResolversTypes['QuarantineEntry']>,
    ParentType,
    ContextType,
    RequireFields<QueryArchiveQuarantineArgs, 'first'>
  >;
  archiveQuarantineStatistics?: Resolver<
    ResolversTypes['StatisticsTable'],
    ParentType,
    ContextType,
    Partial<QueryArchiveQuarantineStatisticsArgs>
  >;
  journalpost?: Resolver<
    Maybe<ResolversTypes['Journalpost']>,
    ParentType,
    ContextType,
    Partial<QueryJournalpostArgs>
  >;
  loependeJournal?: Resolver<
    ResolversTypes['Postjournal'],
    ParentType,
    ContextType,
    RequireFields<QueryLoependeJournalArgs, 'from' | 'to'>
  >;
  openAccessRequests?: Resolver<
    Array<ResolversTypes['AccessRequest']>,
    ParentType,
    ContextType,
    RequireFields<QueryOpenAccessRequestsArgs, 'first'>
  >;
  partyConflicts?: Resolver<
    Array<ResolversTypes['PartyConflict']>,
    ParentType,
    ContextType,
    RequireFields<QueryPartyConflictsArgs, 'first' | 'includeResolved'>
  >;
  postjournal?: Resolver<
    ResolversTypes['Postjournal'],
    ParentType,
    ContextType,
    RequireFields<QueryPostjournalArgs, 'from' | 'to'>
  >;
  saksmappe?: Resolver<
    Maybe<ResolversTypes['Saksmappe']>,
    ParentType,
    ContextType,
    Partial<QuerySaksmappeArgs>
  >;
};

export type ResearchCaseResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ResearchCase'] = ResolversParentTypes['ResearchCase'],
> = {
  klasse?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksdato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksstatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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
  cases?: Resolver<Array<ResolversTypes['ResearchCase']>, ParentType, ContextType>;
  pseudonym?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SaksmappeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Saksmappe'] = ResolversParentTypes['Saksmappe'],
  FederationReferenceType extends FederationReferenceTypes['Saksmappe'] =
    FederationReferenceTypes['Saksmappe'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Saksmappe']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  administrativEnhet?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  avsluttetDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['SaksmappeVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  journalposter?: Resolver<Array<ResolversTypes['Journalpost']>, ParentType, ContextType>;
  klasseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mappeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  merknader?: Resolver<Array<ResolversTypes['Merknad']>, ParentType, ContextType>;
  offentligTittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parts?: Resolver<Array<ResolversTypes['CasePart']>, ParentType, ContextType>;
  saksaar?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  saksansvarlig?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksdato?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sakssekvensnummer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  saksstatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  skjerming?: Resolver<Maybe<ResolversTypes['Skjerming']>, ParentType, ContextType>;
  tittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SaksmappeVersionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SaksmappeVersion'] = ResolversParentTypes['SaksmappeVersion'],
> = {
  administrativEnhet?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  avsluttetDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  klasseId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mappeId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  merknader?: Resolver<Array<ResolversTypes['Merknad']>, ParentType, ContextType>;
  offentligTittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  saksansvarlig?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksdato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksstatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skjerming?: Resolver<Maybe<ResolversTypes['Skjerming']>, ParentType, ContextType>;
  tittel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SkjermingResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Skjerming'] = ResolversParentTypes['Skjerming'],
> = {
  skjermingDokument?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingMetadata?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingOpphoererDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingshjemmel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingsvarighet?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  tilgangsrestriksjon?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SkjermingChangeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SkjermingChange'] = ResolversParentTypes['SkjermingChange'],
> = {
  changed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  entityType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loggedInEndringslogg?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  skjerming?: Resolver<Maybe<ResolversTypes['Skjerming']>, ParentType, ContextType>;
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

export type TitleChangeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['TitleChange'] = ResolversParentTypes['TitleChange'],
> = {
  entityType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loggedInEndringslogg?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type WithheldItemResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['WithheldItem'] = ResolversParentTypes['WithheldItem'],
> = {
  ground?: Resolver<ResolversTypes['WithheldGround'], ParentType, ContextType>;
  groundText?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  AccessConsent?: AccessConsentResolvers<ContextType>;
  AccessExtension?: AccessExtensionResolvers<ContextType>;
  AccessRequest?: AccessRequestResolvers<ContextType>;
  ArchiveDocument?: ArchiveDocumentResolvers<ContextType>;
  CasePart?: CasePartResolvers<ContextType>;
  DocumentPageContent?: DocumentPageContentResolvers<ContextType>;
  DocumentPageText?: DocumentPageTextResolvers<ContextType>;
  DocumentTextExtraction?: DocumentTextExtractionResolvers<ContextType>;
  Journalpost?: JournalpostResolvers<ContextType>;
  JournalpostVersion?: JournalpostVersionResolvers<ContextType>;
  Korrespondansepart?: KorrespondansepartResolvers<ContextType>;
  Merknad?: MerknadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PartyConflict?: PartyConflictResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  Postjournal?: PostjournalResolvers<ContextType>;
  PostjournalEntry?: PostjournalEntryResolvers<ContextType>;
  QuarantineEntry?: QuarantineEntryResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResearchCase?: ResearchCaseResolvers<ContextType>;
  ResearchSubject?: ResearchSubjectResolvers<ContextType>;
  Saksmappe?: SaksmappeResolvers<ContextType>;
  SaksmappeVersion?: SaksmappeVersionResolvers<ContextType>;
  Skjerming?: SkjermingResolvers<ContextType>;
  SkjermingChange?: SkjermingChangeResolvers<ContextType>;
  StatisticsCell?: StatisticsCellResolvers<ContextType>;
  StatisticsTable?: StatisticsTableResolvers<ContextType>;
  TitleChange?: TitleChangeResolvers<ContextType>;
  WithheldItem?: WithheldItemResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
