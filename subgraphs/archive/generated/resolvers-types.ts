// Generated from schema/archive.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRef, PostjournalParent, ArchiveDocumentParent } from '../resolvers';
import type { SaksmappeRow, JournalpostRow, QuarantineRow } from '../store';
import type { AccessRequestRow } from '../access-request';
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

export type AccessEligibility = 'ELIGIBLE' | 'MANUAL_ASSESSMENT';

/** Innsynsbegjæring: an access-request case. */
export type AccessRequest = {
  __typename?: 'AccessRequest';
  /** When the case was closed (ISO 8601), null while open. */
  closedAt?: Maybe<Scalars['String']['output']>;
  /** Days from asOf (default: today in Europe/Oslo) to the deadline; negative when overdue. */
  daysLeft: Scalars['Int']['output'];
  /** Deadline: one month (configurable) from receipt, counted per domstolloven § 148. */
  deadline: Scalars['String']['output'];
  eligibility: AccessEligibility;
  legalBasis: Scalars['String']['output'];
  mappeId: Scalars['String']['output'];
  patient: Patient;
  patientDeceasedOn?: Maybe<Scalars['String']['output']>;
  receivedAt: Scalars['String']['output'];
  /** The local (Europe/Oslo) date of receipt. */
  receivedOn: Scalars['String']['output'];
  relation: AccessRequestRelation;
  requesterName: Scalars['String']['output'];
  saksmappe: Saksmappe;
};

/** Innsynsbegjæring: an access-request case. */
export type AccessRequestDaysLeftArgs = {
  asOf?: InputMaybe<Scalars['String']['input']>;
};

export type AccessRequestRelation =
  /** The patient's registered nearest relative (nærmeste pårørende). */
  | 'NEAREST_RELATIVE'
  /** Another relative. */
  | 'OTHER_RELATIVE'
  /** The patient asks for their own record. */
  | 'PATIENT';

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
  /** The file did not match the extract's checksum or size at import (see the quarantine). */
  quarantined: Scalars['Boolean']['output'];
  /** skjermingDokument 'Skjerming av hele dokumentet' applies. */
  screened: Scalars['Boolean']['output'];
  sha256: Scalars['String']['output'];
  size: Scalars['Int']['output'];
  tittel: Scalars['String']['output'];
};

/** Part i sak: a party to the case. */
export type CasePart = {
  __typename?: 'CasePart';
  name: Scalars['String']['output'];
  /** partRolle, e.g. 'Klient', 'Pårørende'. */
  role: Scalars['String']['output'];
};

/**
 * Journalpost: a registry entry (registrering) of a saksmappe. Not an entity (no other
 * subgraph refers to it); as one, the gateway's planner fetched nested journalposter twice.
 */
export type Journalpost = {
  __typename?: 'Journalpost';
  documents: Array<ArchiveDocument>;
  /** dokumentetsDato (local calendar date), when the document has one. */
  dokumentetsDato?: Maybe<Scalars['String']['output']>;
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
  /** Closes an access-request case (saksstatus Avsluttet); it leaves openAccessRequests. Legal and archivist roles. */
  closeAccessRequest: AccessRequest;
  /** Registers an access request as a new saksmappe with its deadline and eligibility. Legal and archivist roles. */
  registerAccessRequest: AccessRequest;
};

export type MutationChangeTittelArgs = {
  id: Scalars['ID']['input'];
  offentligTittel?: InputMaybe<Scalars['String']['input']>;
  tittel: Scalars['String']['input'];
};

export type MutationCloseAccessRequestArgs = {
  saksmappeId: Scalars['ID']['input'];
};

export type MutationRegisterAccessRequestArgs = {
  input: RegisterAccessRequestInput;
};

export type Patient = {
  __typename?: 'Patient';
  /** Saksmapper (case files) in which the patient is a party, of the case or of one of its journalposter. */
  cases: Array<Saksmappe>;
  id: Scalars['ID']['output'];
  nationalIds: Array<Scalars['String']['output']>;
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
  id: Scalars['ID']['output'];
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
  /** The import quarantine, newest first. Archivist role only. */
  archiveQuarantine: Array<QuarantineEntry>;
  /** A journalpost by systemID or registreringsID (e.g. 2023/1234-2). */
  journalpost?: Maybe<Journalpost>;
  /** Løpende journal: full titles and names. Archivist role only. */
  loependeJournal: Postjournal;
  /** Open access-request cases, nearest deadline first. */
  openAccessRequests: Array<AccessRequest>;
  /** Postjournal (offentlig journal) for journaldato from..to (inclusive), optionally one administrativEnhet. Any role. */
  postjournal: Postjournal;
  /** A saksmappe by systemID, or by saksaar + sakssekvensnummer. */
  saksmappe?: Maybe<Saksmappe>;
};

export type QueryArchiveQuarantineArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
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

/**
 * An access request (innsynsbegjæring). The archive does not own death dates or the
 * nearest-relative registry: the caseworker states those facts, and they are stored with the case.
 */
export type RegisterAccessRequestInput = {
  /** The unit handling the request (administrativEnhet); Noark 5 requires one on every saksmappe. */
  administrativEnhet: Scalars['String']['input'];
  /** Date of death (local calendar date) when the patient is deceased, as registered (Patient.deathDate). */
  patientDeceasedOn?: InputMaybe<Scalars['String']['input']>;
  /** The Patient the request concerns. */
  patientId: Scalars['ID']['input'];
  /** The patient's name as it goes on the case (part i sak); 'Pasienten' when not given. */
  patientName?: InputMaybe<Scalars['String']['input']>;
  patientNationalId: Scalars['String']['input'];
  /** When the request was received (ISO 8601 with offset). */
  receivedAt: Scalars['String']['input'];
  relation: AccessRequestRelation;
  requesterName: Scalars['String']['input'];
  requesterNationalId?: InputMaybe<Scalars['String']['input']>;
};

/** Saksmappe: a case file in the Noark 5 case archive. */
export type Saksmappe = {
  __typename?: 'Saksmappe';
  /** administrativEnhet: the unit handling the case. */
  administrativEnhet?: Maybe<Scalars['String']['output']>;
  /** avsluttetDato (ISO 8601 with offset), when the case is closed. */
  avsluttetDato?: Maybe<Scalars['String']['output']>;
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

/** Skjerming: screening of confidential fields (offentleglova § 13 with forvaltningsloven § 13). */
export type Skjerming = {
  __typename?: 'Skjerming';
  /** skjermingDokument, e.g. 'Skjerming av hele dokumentet'. */
  skjermingDokument?: Maybe<Scalars['String']['output']>;
  /** skjermingMetadata (Noark 5 M502), e.g. 'Skjerming navn avsender'. */
  skjermingMetadata: Array<Scalars['String']['output']>;
  skjermingshjemmel?: Maybe<Scalars['String']['output']>;
  tilgangsrestriksjon?: Maybe<Scalars['String']['output']>;
};

/** A title change; logged in endringslogg when the case was closed or the journalpost archived. */
export type TitleChange = {
  __typename?: 'TitleChange';
  entityType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  loggedInEndringslogg: Scalars['Boolean']['output'];
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
  Saksmappe: Saksmappe;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Patient: { __typename: 'Patient' } & GraphQLRecursivePick<FederationTypes['Patient'], { id: true }> &
    (Record<PropertyKey, never> | GraphQLRecursivePick<FederationTypes['Patient'], { nationalIds: true }>);
  Saksmappe: { __typename: 'Saksmappe' } & GraphQLRecursivePick<FederationTypes['Saksmappe'], { id: true }>;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessEligibility: AccessEligibility;
  AccessRequest: ResolverTypeWrapper<AccessRequestRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccessRequestRelation: AccessRequestRelation;
  ArchiveDocument: ResolverTypeWrapper<ArchiveDocumentParent>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CasePart: ResolverTypeWrapper<CasePart>;
  Journalpost: ResolverTypeWrapper<JournalpostRow>;
  Korrespondansepart: ResolverTypeWrapper<Korrespondansepart>;
  Merknad: ResolverTypeWrapper<Merknad>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Patient: ResolverTypeWrapper<PatientRef>;
  Postjournal: ResolverTypeWrapper<PostjournalParent>;
  PostjournalEntry: ResolverTypeWrapper<PostjournalEntry>;
  QuarantineEntry: ResolverTypeWrapper<QuarantineRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterAccessRequestInput: RegisterAccessRequestInput;
  Saksmappe: ResolverTypeWrapper<SaksmappeRow>;
  Skjerming: ResolverTypeWrapper<Skjerming>;
  TitleChange: ResolverTypeWrapper<TitleChange>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessRequest: AccessRequestRow;
  Int: Scalars['Int']['output'];
  ArchiveDocument: ArchiveDocumentParent;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  CasePart: CasePart;
  Journalpost: JournalpostRow;
  Korrespondansepart: Korrespondansepart;
  Merknad: Merknad;
  Mutation: Record<PropertyKey, never>;
  Patient: PatientRef;
  Postjournal: PostjournalParent;
  PostjournalEntry: PostjournalEntry;
  QuarantineEntry: QuarantineRow;
  Query: Record<PropertyKey, never>;
  RegisterAccessRequestInput: RegisterAccessRequestInput;
  Saksmappe: SaksmappeRow;
  Skjerming: Skjerming;
  TitleChange: TitleChange;
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

export type AccessRequestResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessRequest'] = ResolversParentTypes['AccessRequest'],
> = {
  closedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  daysLeft?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<AccessRequestDaysLeftArgs>>;
  deadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eligibility?: Resolver<ResolversTypes['AccessEligibility'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  mappeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  patient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
  patientDeceasedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  receivedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  receivedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relation?: Resolver<ResolversTypes['AccessRequestRelation'], ParentType, ContextType>;
  requesterName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  saksmappe?: Resolver<ResolversTypes['Saksmappe'], ParentType, ContextType>;
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
  quarantined?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  screened?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tittel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CasePartResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CasePart'] = ResolversParentTypes['CasePart'],
> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JournalpostResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Journalpost'] = ResolversParentTypes['Journalpost'],
> = {
  documents?: Resolver<Array<ResolversTypes['ArchiveDocument']>, ParentType, ContextType>;
  dokumentetsDato?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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
    RequireFields<MutationCloseAccessRequestArgs, 'saksmappeId'>
  >;
  registerAccessRequest?: Resolver<
    ResolversTypes['AccessRequest'],
    ParentType,
    ContextType,
    RequireFields<MutationRegisterAccessRequestArgs, 'input'>
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
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
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
  archiveQuarantine?: Resolver<
    Array<ResolversTypes['QuarantineEntry']>,
    ParentType,
    ContextType,
    RequireFields<QueryArchiveQuarantineArgs, 'first'>
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
  openAccessRequests?: Resolver<Array<ResolversTypes['AccessRequest']>, ParentType, ContextType>;
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

export type SkjermingResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Skjerming'] = ResolversParentTypes['Skjerming'],
> = {
  skjermingDokument?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingMetadata?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  skjermingshjemmel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tilgangsrestriksjon?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TitleChangeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['TitleChange'] = ResolversParentTypes['TitleChange'],
> = {
  entityType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  loggedInEndringslogg?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  AccessRequest?: AccessRequestResolvers<ContextType>;
  ArchiveDocument?: ArchiveDocumentResolvers<ContextType>;
  CasePart?: CasePartResolvers<ContextType>;
  Journalpost?: JournalpostResolvers<ContextType>;
  Korrespondansepart?: KorrespondansepartResolvers<ContextType>;
  Merknad?: MerknadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  Postjournal?: PostjournalResolvers<ContextType>;
  PostjournalEntry?: PostjournalEntryResolvers<ContextType>;
  QuarantineEntry?: QuarantineEntryResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Saksmappe?: SaksmappeResolvers<ContextType>;
  Skjerming?: SkjermingResolvers<ContextType>;
  TitleChange?: TitleChangeResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
