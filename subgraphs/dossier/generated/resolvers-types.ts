// Generated from schema/dossier.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Dossier as DossierModel, DossierItem as DossierItemModel } from '../types';
import type { AccessBundle as AccessBundleModel } from '../access-bundle';
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
 * Innsyn: what a relative's access request rests on — the archive case, the decision made in
 * Helseplattformen, the legacy assessment behind it, and the eligibility decision.
 */
export type AccessBundle = {
  __typename?: 'AccessBundle';
  accessRequestId: Scalars['ID']['output'];
  /** The assessments (Vurdering notes) the decisions rest on, with their provenance. */
  assessments: Array<DossierItem>;
  /** The access request's case and the person's other archive cases. */
  cases: Array<DossierItem>;
  /** The person's service decisions (Helseplattformen's first), each with the assessment it cites. */
  decisions: Array<DossierItem>;
  /** The eligibility decision: pbrl. § 5-1 with §§ 1-3 b, 3-3, 3-4 as applied to this request. */
  eligibility: AccessBundleEligibility;
  patientId: Scalars['ID']['output'];
};

export type AccessBundleEligibility = {
  __typename?: 'AccessBundleEligibility';
  deadline: Scalars['String']['output'];
  eligibility: Scalars['String']['output'];
  legalBasis: Scalars['String']['output'];
  patientDeceasedOn?: Maybe<Scalars['String']['output']>;
  receivedOn: Scalars['String']['output'];
  relation: Scalars['String']['output'];
  relativeCheck: Scalars['String']['output'];
  relativeCheckNote?: Maybe<Scalars['String']['output']>;
  requesterName: Scalars['String']['output'];
};

/**
 * Everything the platform holds about a person in a window, from every source, as one
 * chronological timeline with provenance, and a completeness statement per source system.
 */
export type Dossier = {
  __typename?: 'Dossier';
  completeness: DossierCompleteness;
  concepts: Array<Scalars['String']['output']>;
  generatedAt: Scalars['String']['output'];
  /** Oldest first: the page asked for (every item in the window when no first is given). */
  items: Array<DossierItem>;
  pageInfo: DossierPageInfo;
  patientId: Scalars['ID']['output'];
  /** Items on the whole timeline (of those a concept matched, with onlyMatching). */
  totalItems: Scalars['Int']['output'];
  window: DossierWindow;
};

export type DossierCompleteness = {
  __typename?: 'DossierCompleteness';
  nationalIds: Array<Scalars['String']['output']>;
  notes: Array<Scalars['String']['output']>;
  patientRecordIds: Array<Scalars['ID']['output']>;
  systems: Array<DossierSourceCompleteness>;
};

export type DossierConceptMatch = {
  __typename?: 'DossierConceptMatch';
  concept: Scalars['String']['output'];
  expansions: Array<Scalars['String']['output']>;
  highlights: Array<Scalars['String']['output']>;
  /**
   * CURRENT_VERSION, or EARLIER_VERSION when only the text of the note's earlier versions matched
   * (what it said before a correction or a later export changed it: helsepersonelloven § 42); the
   * highlights are then from that text, which the item's provenance.corrections holds.
   */
  matchedIn: Scalars['String']['output'];
};

export type DossierCopy = {
  __typename?: 'DossierCopy';
  kind: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  sourceSystem: Scalars['String']['output'];
};

export type DossierCorrection = {
  __typename?: 'DossierCorrection';
  at: Scalars['String']['output'];
  by: Scalars['String']['output'];
  change: Scalars['String']['output'];
  /** The text before the change; null when it was deleted. */
  earlierText?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /**
   * The source system the earlier version came from, for a journal note (JournalEntryVersion.sourceSystem:
   * the legacy original's PROFIL or GERICA when Helseplattformen corrected a migrated note); null for
   * other kinds, whose versions are their record's own source's.
   */
  sourceSystem?: Maybe<Scalars['String']['output']>;
};

export type DossierDetail = {
  __typename?: 'DossierDetail';
  label: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** One record on the dossier's timeline. */
export type DossierItem = {
  __typename?: 'DossierItem';
  /** When it happened (the care a corrected note documents); the timeline sorts by it. */
  at: Scalars['String']['output'];
  author?: Maybe<Scalars['String']['output']>;
  concepts: Array<DossierConceptMatch>;
  /** The local date the window was applied to. */
  date: Scalars['String']['output'];
  details: Array<DossierDetail>;
  end?: Maybe<Scalars['String']['output']>;
  /** <kind>:<recordId> */
  id: Scalars['ID']['output'];
  kind: DossierItemKind;
  links: Array<DossierLink>;
  provenance: DossierProvenance;
  recordId: Scalars['String']['output'];
  /** When it was written or last corrected in the source, when that differs from at. */
  recordedAt?: Maybe<Scalars['String']['output']>;
  sourceId: Scalars['String']['output'];
  /** HELSEPLATTFORMEN, GERICA, PROFIL or SAKARKIV. */
  sourceSystem: Scalars['String']['output'];
  text?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  tombstone?: Maybe<DossierTombstone>;
  unit?: Maybe<Scalars['String']['output']>;
};

/** What kind of record a dossier item is. */
export type DossierItemKind =
  | 'ARCHIVE_DOCUMENT'
  | 'CARE_CONTACT'
  | 'COERCION_DECISION'
  | 'COERCION_EXECUTION'
  | 'JOURNALPOST'
  | 'JOURNAL_ENTRY'
  | 'SAKSMAPPE'
  | 'SERVICE_DECISION';

export type DossierKindCount = {
  __typename?: 'DossierKindCount';
  count: Scalars['Int']['output'];
  kind: DossierItemKind;
};

export type DossierLink = {
  __typename?: 'DossierLink';
  basis: Scalars['String']['output'];
  kind: DossierItemKind;
  recordId: Scalars['String']['output'];
  relation: Scalars['String']['output'];
};

export type DossierMigratedFrom = {
  __typename?: 'DossierMigratedFrom';
  migratedAt?: Maybe<Scalars['String']['output']>;
  sourceId: Scalars['String']['output'];
  sourceSystem: Scalars['String']['output'];
};

export type DossierPageInfo = {
  __typename?: 'DossierPageInfo';
  /** Pass as after for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type DossierProvenance = {
  __typename?: 'DossierProvenance';
  copies: Array<DossierCopy>;
  corrections: Array<DossierCorrection>;
  file?: Maybe<Scalars['String']['output']>;
  migratedFrom?: Maybe<DossierMigratedFrom>;
};

export type DossierReason = {
  __typename?: 'DossierReason';
  count: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

/** Completeness for one source system. */
export type DossierSourceCompleteness = {
  __typename?: 'DossierSourceCompleteness';
  byKind: Array<DossierKindCount>;
  /** The period this system's records on the platform cover (all persons). */
  coversFrom?: Maybe<Scalars['String']['output']>;
  coversTo?: Maybe<Scalars['String']['output']>;
  /** Linked patient records (other local ids of the person) in this system whose records are included. */
  linkedRecordsIncluded: Scalars['Int']['output'];
  notSearchable: Array<DossierReason>;
  /** Records of this person the import put in quarantine (not stored), whatever their date. */
  quarantined: Scalars['Int']['output'];
  recordsInWindow: Scalars['Int']['output'];
  /** Of the records in the window, those the concept search covers. */
  searched: Scalars['Int']['output'];
  sourceSystem: Scalars['String']['output'];
};

export type DossierTombstone = {
  __typename?: 'DossierTombstone';
  deletedAt: Scalars['String']['output'];
  deletedBy: Scalars['String']['output'];
  legalBasis: Scalars['String']['output'];
};

/** The window the dossier used, and what it assumes. */
export type DossierWindow = {
  __typename?: 'DossierWindow';
  assumptions: Array<Scalars['String']['output']>;
  description: Scalars['String']['output'];
  from?: Maybe<Scalars['String']['output']>;
  kind: DossierWindowKind;
  leapDayRule: Scalars['String']['output'];
  to?: Maybe<Scalars['String']['output']>;
};

/**
 * The window of a dossier: local dates, ages, or school years (give one of ages and school
 * years; from/to narrow either). Nothing: everything.
 */
export type DossierWindowInput = {
  /** Whole years at the record's local date: ageFrom 13, ageTo 15 = 13th birthday to the day before the 16th. */
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  /** First local date, inclusive (YYYY-MM-DD). */
  from?: InputMaybe<Scalars['String']['input']>;
  /** School grades 1–13: 8–10 is ungdomsskolen. */
  gradeFrom?: InputMaybe<Scalars['Int']['input']>;
  gradeTo?: InputMaybe<Scalars['Int']['input']>;
  /** MARCH_1 (default) or FEBRUARY_28: where a 29 February birthday falls in other years. */
  leapDayRule?: InputMaybe<Scalars['String']['input']>;
  schoolStage?: InputMaybe<SchoolStage>;
  /** Last local date, inclusive. */
  to?: InputMaybe<Scalars['String']['input']>;
};

/** How the dossier's window was given. */
export type DossierWindowKind = 'AGES' | 'ALL' | 'DATES' | 'SCHOOL_YEARS';

/**
 * An evidence bundle as written: a ZIP in the server's BUNDLE_DIR with bundle.pdf (cover, table
 * of contents, completeness statement, every item with source and provenance, a Bates number
 * on every page), items.json, completeness.json, custody.json and manifest.json (SHA-256 of
 * every file). `npm run cli -- verify-bundle <zip> --seal <manifestSha256>` checks it.
 */
export type EvidenceBundle = {
  __typename?: 'EvidenceBundle';
  batesFirst: Scalars['String']['output'];
  batesLast: Scalars['String']['output'];
  bytes: Scalars['Int']['output'];
  fileName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  items: Scalars['Int']['output'];
  /** SHA-256 of manifest.json: keep it; verify-bundle --seal proves the manifest unchanged. */
  manifestSha256: Scalars['String']['output'];
  matter: Scalars['ID']['output'];
  pages: Scalars['Int']['output'];
  /** Where the server wrote it. */
  path: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
  /** Where the items came from: dossier (exportBundle) or journal (the CLI). */
  source: Scalars['String']['output'];
  withheldItems: Scalars['Int']['output'];
  withheldPassages: Scalars['Int']['output'];
};

export type ExportBundleInput = {
  /** The concepts or words the bundle answers (printed as its query). */
  concepts?: InputMaybe<Array<Scalars['String']['input']>>;
  /** First Bates number (a later production continues the last); default 1. */
  firstNumber?: InputMaybe<Scalars['Int']['input']>;
  /** The matter; a legal token's own matter when left out (a different one is refused). An archivist names it. */
  matter?: InputMaybe<Scalars['ID']['input']>;
  patientId: Scalars['ID']['input'];
  /** Bates prefix, e.g. HS-2025-004 (default: from the matter id). */
  prefix?: InputMaybe<Scalars['String']['input']>;
  /** Who asked for the bundle (printed on the cover), e.g. 'Advokat Berg for saksøker'. */
  requester: Scalars['String']['input'];
  /** The dossier's window (dates, ages or school years); its dates are clipped to the matter's period. */
  window?: InputMaybe<DossierWindowInput>;
  withheld?: InputMaybe<Array<WithheldPassageInput>>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Builds an evidence bundle of a person in a matter (legal within the token's matter, archivist naming one); the build is logged. */
  exportBundle: EvidenceBundle;
};

export type MutationExportBundleArgs = {
  input: ExportBundleInput;
};

export type Query = {
  __typename?: 'Query';
  /** The relative's access bundle for an access request (its saksmappe id). */
  accessBundle: AccessBundle;
  /**
   * Dossier: the person's records in the window from the journal, archive and coercion
   * subgraphs, each asked with the caller's identity (their policy and access log apply), with
   * the concepts' search matches. Legal within their matter, archivists. The timeline pages:
   * first (1–1000) items after the cursor after; every item when first is left out (a long
   * history is many megabytes: page it). Totals and completeness always cover the whole window.
   */
  dossier: Dossier;
};

export type QueryAccessBundleArgs = {
  accessRequestId: Scalars['ID']['input'];
};

export type QueryDossierArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  concepts?: InputMaybe<Array<Scalars['String']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  onlyMatching?: InputMaybe<Scalars['Boolean']['input']>;
  patientId: Scalars['ID']['input'];
  window?: InputMaybe<DossierWindowInput>;
};

/** Named school stages (grades in Norwegian numbering). */
export type SchoolStage =
  /** Grades 1–7. */
  | 'BARNESKOLEN'
  /** Grades 8–10: August of the year the child turns 13 to June of the year they turn 16. */
  | 'UNGDOMSSKOLEN'
  /** Grades 11–13 (videregående skole). */
  | 'VIDEREGAENDE';

/**
 * A passage or a whole record held back from a bundle, with the legal ground (e.g.
 * "opplysninger om tredjeperson, pasient- og brukerrettighetsloven § 5-1 andre ledd"). Neither
 * start/end nor text: the whole item. start/end: characters [start, end) of the item's text.
 * text: every occurrence of this exact text in the item. The PDF shows a box naming the
 * ground; no file of the bundle keeps the text.
 */
export type WithheldPassageInput = {
  end?: InputMaybe<Scalars['Int']['input']>;
  ground: Scalars['String']['input'];
  /** The item's id as the bundle and the dossier list it (items.json `id`, e.g. JOURNAL_ENTRY:je-…). */
  itemId: Scalars['ID']['input'];
  start?: InputMaybe<Scalars['Int']['input']>;
  text?: InputMaybe<Scalars['String']['input']>;
};

export type Link__Purpose = 'EXECUTION' | 'SECURITY';

export type ResolverTypeWrapper<T> = Promise<T> | T;

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

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessBundle: ResolverTypeWrapper<AccessBundleModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccessBundleEligibility: ResolverTypeWrapper<AccessBundleEligibility>;
  Dossier: ResolverTypeWrapper<DossierModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DossierCompleteness: ResolverTypeWrapper<DossierCompleteness>;
  DossierConceptMatch: ResolverTypeWrapper<DossierConceptMatch>;
  DossierCopy: ResolverTypeWrapper<DossierCopy>;
  DossierCorrection: ResolverTypeWrapper<DossierCorrection>;
  DossierDetail: ResolverTypeWrapper<DossierDetail>;
  DossierItem: ResolverTypeWrapper<DossierItemModel>;
  DossierItemKind: DossierItemKind;
  DossierKindCount: ResolverTypeWrapper<DossierKindCount>;
  DossierLink: ResolverTypeWrapper<DossierLink>;
  DossierMigratedFrom: ResolverTypeWrapper<DossierMigratedFrom>;
  DossierPageInfo: ResolverTypeWrapper<DossierPageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DossierProvenance: ResolverTypeWrapper<DossierProvenance>;
  DossierReason: ResolverTypeWrapper<DossierReason>;
  DossierSourceCompleteness: ResolverTypeWrapper<DossierSourceCompleteness>;
  DossierTombstone: ResolverTypeWrapper<DossierTombstone>;
  DossierWindow: ResolverTypeWrapper<DossierWindow>;
  DossierWindowInput: DossierWindowInput;
  DossierWindowKind: DossierWindowKind;
  EvidenceBundle: ResolverTypeWrapper<EvidenceBundle>;
  ExportBundleInput: ExportBundleInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SchoolStage: SchoolStage;
  WithheldPassageInput: WithheldPassageInput;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessBundle: AccessBundleModel;
  ID: Scalars['ID']['output'];
  AccessBundleEligibility: AccessBundleEligibility;
  Dossier: DossierModel;
  Int: Scalars['Int']['output'];
  DossierCompleteness: DossierCompleteness;
  DossierConceptMatch: DossierConceptMatch;
  DossierCopy: DossierCopy;
  DossierCorrection: DossierCorrection;
  DossierDetail: DossierDetail;
  DossierItem: DossierItemModel;
  DossierKindCount: DossierKindCount;
  DossierLink: DossierLink;
  DossierMigratedFrom: DossierMigratedFrom;
  DossierPageInfo: DossierPageInfo;
  Boolean: Scalars['Boolean']['output'];
  DossierProvenance: DossierProvenance;
  DossierReason: DossierReason;
  DossierSourceCompleteness: DossierSourceCompleteness;
  DossierTombstone: DossierTombstone;
  DossierWindow: DossierWindow;
  DossierWindowInput: DossierWindowInput;
  EvidenceBundle: EvidenceBundle;
  ExportBundleInput: ExportBundleInput;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  WithheldPassageInput: WithheldPassageInput;
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

export type AccessBundleResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessBundle'] = ResolversParentTypes['AccessBundle'],
> = {
  accessRequestId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  assessments?: Resolver<Array<ResolversTypes['DossierItem']>, ParentType, ContextType>;
  cases?: Resolver<Array<ResolversTypes['DossierItem']>, ParentType, ContextType>;
  decisions?: Resolver<Array<ResolversTypes['DossierItem']>, ParentType, ContextType>;
  eligibility?: Resolver<ResolversTypes['AccessBundleEligibility'], ParentType, ContextType>;
  patientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type AccessBundleEligibilityResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['AccessBundleEligibility'] =
    ResolversParentTypes['AccessBundleEligibility'],
> = {
  deadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eligibility?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  patientDeceasedOn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  receivedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relativeCheck?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relativeCheckNote?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requesterName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Dossier'] = ResolversParentTypes['Dossier'],
> = {
  completeness?: Resolver<ResolversTypes['DossierCompleteness'], ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['DossierItem']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['DossierPageInfo'], ParentType, ContextType>;
  patientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  totalItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['DossierWindow'], ParentType, ContextType>;
};

export type DossierCompletenessResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierCompleteness'] =
    ResolversParentTypes['DossierCompleteness'],
> = {
  nationalIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  patientRecordIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  systems?: Resolver<Array<ResolversTypes['DossierSourceCompleteness']>, ParentType, ContextType>;
};

export type DossierConceptMatchResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierConceptMatch'] =
    ResolversParentTypes['DossierConceptMatch'],
> = {
  concept?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expansions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  highlights?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  matchedIn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierCopyResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierCopy'] = ResolversParentTypes['DossierCopy'],
> = {
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierCorrectionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierCorrection'] = ResolversParentTypes['DossierCorrection'],
> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  change?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  earlierText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DossierDetailResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierDetail'] = ResolversParentTypes['DossierDetail'],
> = {
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierItemResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierItem'] = ResolversParentTypes['DossierItem'],
> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['DossierConceptMatch']>, ParentType, ContextType>;
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  details?: Resolver<Array<ResolversTypes['DossierDetail']>, ParentType, ContextType>;
  end?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DossierItemKind'], ParentType, ContextType>;
  links?: Resolver<Array<ResolversTypes['DossierLink']>, ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['DossierProvenance'], ParentType, ContextType>;
  recordId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tombstone?: Resolver<Maybe<ResolversTypes['DossierTombstone']>, ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DossierKindCountResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierKindCount'] = ResolversParentTypes['DossierKindCount'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DossierItemKind'], ParentType, ContextType>;
};

export type DossierLinkResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierLink'] = ResolversParentTypes['DossierLink'],
> = {
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DossierItemKind'], ParentType, ContextType>;
  recordId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  relation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierMigratedFromResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierMigratedFrom'] =
    ResolversParentTypes['DossierMigratedFrom'],
> = {
  migratedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierPageInfoResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierPageInfo'] = ResolversParentTypes['DossierPageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type DossierProvenanceResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierProvenance'] = ResolversParentTypes['DossierProvenance'],
> = {
  copies?: Resolver<Array<ResolversTypes['DossierCopy']>, ParentType, ContextType>;
  corrections?: Resolver<Array<ResolversTypes['DossierCorrection']>, ParentType, ContextType>;
  file?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  migratedFrom?: Resolver<Maybe<ResolversTypes['DossierMigratedFrom']>, ParentType, ContextType>;
};

export type DossierReasonResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierReason'] = ResolversParentTypes['DossierReason'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierSourceCompletenessResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierSourceCompleteness'] =
    ResolversParentTypes['DossierSourceCompleteness'],
> = {
  byKind?: Resolver<Array<ResolversTypes['DossierKindCount']>, ParentType, ContextType>;
  coversFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  coversTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  linkedRecordsIncluded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notSearchable?: Resolver<Array<ResolversTypes['DossierReason']>, ParentType, ContextType>;
  quarantined?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recordsInWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  searched?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierTombstoneResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierTombstone'] = ResolversParentTypes['DossierTombstone'],
> = {
  deletedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deletedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalBasis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DossierWindowResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DossierWindow'] = ResolversParentTypes['DossierWindow'],
> = {
  assumptions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DossierWindowKind'], ParentType, ContextType>;
  leapDayRule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type EvidenceBundleResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['EvidenceBundle'] = ResolversParentTypes['EvidenceBundle'],
> = {
  batesFirst?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  batesLast?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  bytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  manifestSha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  matter?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  withheldItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withheldPassages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  exportBundle?: Resolver<
    ResolversTypes['EvidenceBundle'],
    ParentType,
    ContextType,
    RequireFields<MutationExportBundleArgs, 'input'>
  >;
};

export type QueryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  accessBundle?: Resolver<
    ResolversTypes['AccessBundle'],
    ParentType,
    ContextType,
    RequireFields<QueryAccessBundleArgs, 'accessRequestId'>
  >;
  dossier?: Resolver<
    ResolversTypes['Dossier'],
    ParentType,
    ContextType,
    RequireFields<QueryDossierArgs, 'patientId'>
  >;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  AccessBundle?: AccessBundleResolvers<ContextType>;
  AccessBundleEligibility?: AccessBundleEligibilityResolvers<ContextType>;
  Dossier?: DossierResolvers<ContextType>;
  DossierCompleteness?: DossierCompletenessResolvers<ContextType>;
  DossierConceptMatch?: DossierConceptMatchResolvers<ContextType>;
  DossierCopy?: DossierCopyResolvers<ContextType>;
  DossierCorrection?: DossierCorrectionResolvers<ContextType>;
  DossierDetail?: DossierDetailResolvers<ContextType>;
  DossierItem?: DossierItemResolvers<ContextType>;
  DossierKindCount?: DossierKindCountResolvers<ContextType>;
  DossierLink?: DossierLinkResolvers<ContextType>;
  DossierMigratedFrom?: DossierMigratedFromResolvers<ContextType>;
  DossierPageInfo?: DossierPageInfoResolvers<ContextType>;
  DossierProvenance?: DossierProvenanceResolvers<ContextType>;
  DossierReason?: DossierReasonResolvers<ContextType>;
  DossierSourceCompleteness?: DossierSourceCompletenessResolvers<ContextType>;
  DossierTombstone?: DossierTombstoneResolvers<ContextType>;
  DossierWindow?: DossierWindowResolvers<ContextType>;
  EvidenceBundle?: EvidenceBundleResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
