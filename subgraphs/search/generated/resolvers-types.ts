// Generated from schema/search.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRef } from '../resolvers';
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

/** A coercion execution, resolved by the coercion subgraph. */
export type CoercionExecution = {
  __typename?: 'CoercionExecution';
  id: Scalars['ID']['output'];
};

/**
 * Archive documents in the window (SourceCoverage of kind archive_document): what was read,
 * and what could not be read and why.
 */
export type DocumentCoverage = {
  __typename?: 'DocumentCoverage';
  /** Document files in the window. */
  documents: Scalars['Int']['output'];
  /** Mean Tesseract confidence over the OCR pages, 0–100. */
  meanOcrConfidence?: Maybe<Scalars['Float']['output']>;
  /** Documents of which nothing could be read, by reason (encrypted, too large, unsupported format, …). */
  notRead: Array<NotSearchable>;
  /** Pages read by OCR. */
  ocrPages: Scalars['Int']['output'];
  /** Documents of which some pages were read and some not (see notSearchable for the pages). */
  partlyRead: Scalars['Int']['output'];
  /** Pages read from the PDF text layer. */
  pdfTextPages: Scalars['Int']['output'];
  /** Documents waiting for text extraction. */
  pending: Scalars['Int']['output'];
  /** Documents of which every page was read (text layer or OCR). */
  read: Scalars['Int']['output'];
};

export type ElusionEstimate = {
  __typename?: 'ElusionEstimate';
  ageFrom?: Maybe<Scalars['Int']['output']>;
  ageTo?: Maybe<Scalars['Int']['output']>;
  /**
   * What the estimate covers, in one sentence for a reviewer's report: the query and the
   * expansions switched off, the record kinds and sources, the ages and dates (and where the
   * caller's period cut them), the counts and the sample's seed.
   */
  covers: Scalars['String']['output'];
  /** Records in the window the query returns. */
  found: Scalars['Int']['output'];
  /**
   * First and last local date of the records the estimate covers, as far as dates limit it: the
   * dates asked, cut to the caller's period (a legal user's matter; null: open). An age window
   * narrows it further by the person's birth date (ageFrom, ageTo).
   */
  from?: Maybe<Scalars['String']['output']>;
  /** Records in the window the query does not return. */
  notFound: Scalars['Int']['output'];
  /** Expansion kinds (typo, learned, prf) every search of the estimate ran without, because the query overran the search engine's clause cap; empty as a rule. */
  notRun: Array<Scalars['String']['output']>;
  /** Of those not found, how many are like the best hits (more-like-this): the ones to look at first. */
  possiblyRelevant: Scalars['Int']['output'];
  /** Records the estimate covers: found + notFound. */
  records: Scalars['Int']['output'];
  /** A random sample of the records not found, to review. */
  sample: Array<SearchHit>;
  seed: Scalars['Int']['output'];
  to?: Maybe<Scalars['String']['output']>;
};

/** A journal entry, resolved by the journal subgraph. */
export type JournalEntry = {
  __typename?: 'JournalEntry';
  id: Scalars['ID']['output'];
};

/** How a 29 February birthday is placed in a year without one (the journal's LeapDayRule). */
export type LeapDayRule =
  /** 28 February. */
  | 'FEBRUARY_28'
  /** 1 March (the default, as Patient.journal and the dossier). */
  | 'MARCH_1';

/**
 * Which text of a record a search hit matched. The earlier versions of a journal note
 * (helsepersonelloven § 42) are searched for a legal matter or case handling only
 * (lib/policy AccessPolicy.earlierVersions): legal users, archivists, the journalansvarlig;
 * never researchers.
 */
export type MatchedIn =
  /** The record as it is now. */
  | 'CURRENT_VERSION'
  /** Only the text of the note's earlier versions (the expansions earlier:<word>). */
  | 'EARLIER_VERSION';

export type NotSearchable = {
  __typename?: 'NotSearchable';
  count: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

export type Patient = {
  __typename?: 'Patient';
  id: Scalars['ID']['output'];
  nationalIds: Array<Scalars['String']['output']>;
  recordIds: Array<Scalars['ID']['output']>;
  /**
   * Søk i pasientens journal: full-text search over every record of this person (linked
   * records included). Ages are whole years at the note's local date. Each hit says which
   * expansion matched; termReport counts every expansion (a search-term report).
   */
  search: SearchResult;
  /**
   * Completeness: per source system, how many records this person has in the window, how
   * many can be searched, how many are in the index, the dates each system covers, and
   * what cannot be searched and why.
   */
  searchCoverage: SearchCoverage;
  /**
   * Recall estimate by elusion sampling (as in technology-assisted review): how many of the
   * person's records in the window the query finds and does not find, how many of those not
   * found the system ranks as possibly relevant (more-like-this from the 10 best hits), and a
   * random sample of the ones not found to review. If k of the n sampled records are relevant,
   * about k/n × notFound relevant records were missed; recall ≈ relevant found ÷ (relevant
   * found + k/n × notFound). The same seed gives the same sample.
   */
  searchElusion: ElusionEstimate;
};

export type PatientSearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  disabledExpansions?: InputMaybe<Array<Scalars['String']['input']>>;
  expand?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<Scalars['String']['input']>>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  moreLikeThis?: InputMaybe<Array<Scalars['ID']['input']>>;
  query: Scalars['String']['input'];
  sources?: InputMaybe<Array<Scalars['String']['input']>>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type PatientSearchCoverageArgs = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type PatientSearchElusionArgs = {
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  disabledExpansions?: InputMaybe<Array<Scalars['String']['input']>>;
  expand?: InputMaybe<Scalars['Boolean']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<Scalars['String']['input']>>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  query: Scalars['String']['input'];
  sample?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  sources?: InputMaybe<Array<Scalars['String']['input']>>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** Søk: full-text search over indexed records, optionally within one patient record (use Patient.search to include linked records). */
  search: SearchResult;
};

export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  ageFrom?: InputMaybe<Scalars['Int']['input']>;
  ageTo?: InputMaybe<Scalars['Int']['input']>;
  disabledExpansions?: InputMaybe<Array<Scalars['String']['input']>>;
  expand?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<Scalars['String']['input']>>;
  leapDayRule?: InputMaybe<LeapDayRule>;
  moreLikeThis?: InputMaybe<Array<Scalars['ID']['input']>>;
  patientId?: InputMaybe<Scalars['ID']['input']>;
  query: Scalars['String']['input'];
  sources?: InputMaybe<Array<Scalars['String']['input']>>;
  to?: InputMaybe<Scalars['String']['input']>;
};

/** A case file, resolved by the archive subgraph. */
export type Saksmappe = {
  __typename?: 'Saksmappe';
  id: Scalars['ID']['output'];
};

export type SearchCoverage = {
  __typename?: 'SearchCoverage';
  /** True when every searchable record is in the index, and every earlier version it holds with its note. */
  inStep: Scalars['Boolean']['output'];
  /** When deleted documents were last expunged from the index's storage (ISO 8601); null if never. */
  lastExpungeAt?: Maybe<Scalars['String']['output']>;
  systems: Array<SourceCoverage>;
};

export type SearchHit = {
  __typename?: 'SearchHit';
  /** Set for kind coercion_execution. */
  coercionExecution?: Maybe<CoercionExecution>;
  /** Set for kind archive_document (one hit per page): the document file (dokumentobjekt systemID). */
  documentId?: Maybe<Scalars['ID']['output']>;
  /** Fragments of the matching text, matched words in <em>. */
  highlights: Array<Scalars['String']['output']>;
  /** Set for kind journal_entry. */
  journalEntry?: Maybe<JournalEntry>;
  /** journal_entry, journalpost (case archive), archive_document (a page of a case document) or coercion_execution. */
  kind: Scalars['String']['output'];
  /** The expansions that matched this document, e.g. mobbing:phrase:holdt utenfor. */
  matchedExpansions: Array<Scalars['String']['output']>;
  /**
   * Where the record matched: EARLIER_VERSION when only the text of a journal note's earlier
   * versions matched the query (what it said before it was corrected; highlights are then from
   * that text, and it ranks below records that match in their current text), else CURRENT_VERSION.
   */
  matchedIn: MatchedIn;
  /** For textOrigin OCR: Tesseract's mean word confidence on the page, 0–100 (low: check the scan). */
  ocrConfidence?: Maybe<Scalars['Float']['output']>;
  /** Set for kind archive_document: the page of the document the hit is on (1-based). */
  page?: Maybe<Scalars['Int']['output']>;
  /** The patient record, for journal entries (other kinds are matched by national id). */
  patient?: Maybe<Patient>;
  registreringsId?: Maybe<Scalars['String']['output']>;
  /** Set for kind journalpost: the case file, and the journalpost's registreringsID. */
  saksmappe?: Maybe<Saksmappe>;
  score: Scalars['Float']['output'];
  /** Set for kind archive_document: where the page's text came from (its PDF text layer, or OCR). */
  textOrigin?: Maybe<TextOrigin>;
};

export type SearchPageInfo = {
  __typename?: 'SearchPageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type SearchResult = {
  __typename?: 'SearchResult';
  /** Which search backend answered: elasticsearch or postgres. */
  backend: Scalars['String']['output'];
  hits: Array<SearchHit>;
  pageInfo: SearchPageInfo;
  /**
   * Words that characterise the notes found (Elasticsearch significant_text over the top 200;
   * on PostgreSQL, Snowball stems more common in them than in the index), to offer the user
   * to add to the query with one click; after them at most 3 two-word phrases ("sover dårlig",
   * "lei seg") standing in 2 or more of the first 100 notes found and more common in them than
   * in what the caller may see. Leaves out function words (at either end of a phrase; a
   * reflexive "seg" ends a verb's phrase) and what the query already searches for.
   */
  suggestedTerms: Array<SuggestedTerm>;
  termReport: Array<TermReportRow>;
  /**
   * Documents found. null when suppressed (see totalSuppressed). To a researcher on an
   * aggregate-only grant, a count of 0–4 (or of documents of 0–4 persons) is withheld, and a
   * published count carries noise of −2…+2 (never below 5), the same for the same documents
   * however asked, so that two counts' difference does not give the documents between them
   * exactly (lib/policy/search-counts.ts); the term report's counts too.
   */
  total?: Maybe<Scalars['Int']['output']>;
  /**
   * True when total is withheld as a small cell: a researcher on an aggregate-only grant gets
   * no count of 0–4 documents, or of documents of 0–4 persons (lib/policy/search-counts.ts).
   * Never for other callers.
   */
  totalSuppressed: Scalars['Boolean']['output'];
};

export type SourceCoverage = {
  __typename?: 'SourceCoverage';
  /** The characters of those documents' text not indexed (summed; 0 when partlyIndexed is 0). */
  charsNotIndexed: Scalars['Int']['output'];
  /** For kind archive_document: the documents read and not read. */
  documents?: Maybe<DocumentCoverage>;
  /**
   * For journal notes: the earlier versions of the searchable notes (helsepersonelloven § 42:
   * the text before a correction made here, before an import changed it, or of a superseded
   * source document the note replaces), each distinct text once, dated on their note's day: the
   * text the index holds with the note, which search matches for a legal matter or case handling
   * (matchedIn EARLIER_VERSION), never for research. 0 for other kinds. An earlier version dated
   * on another day is not searched; notSearchable counts it.
   */
  earlierVersions: Scalars['Int']['output'];
  /** Of earlierVersions, how many the index holds (inStep when equal). */
  earlierVersionsIndexed: Scalars['Int']['output'];
  firstDate?: Maybe<Scalars['String']['output']>;
  /** Documents in the index for this system and window. */
  indexed: Scalars['Int']['output'];
  /** journal_entry, journalpost, archive_document (pages of case documents) or coercion_execution. */
  kind: Scalars['String']['output'];
  lastDate?: Maybe<Scalars['String']['output']>;
  /**
   * Why the rest cannot be searched, with counts. For archive_document the records are pages
   * (a document that could not be opened counts as one), so this counts unread pages by reason.
   */
  notSearchable: Array<NotSearchable>;
  /**
   * Of indexed, the documents indexed in part: on the PostgreSQL backends a note whose words
   * overflow a tsvector (over 1 MB of lexemes: some 40,000 distinct words) is indexed as far as its
   * text fits, and its words past the cut are not found (Elasticsearch indexes the whole text: 0).
   * The journal keeps the whole note; a reviewer reads it there.
   */
  partlyIndexed: Scalars['Int']['output'];
  /** Records in the database within the window. */
  records: Scalars['Int']['output'];
  /** Of them, those that can be searched. */
  searchable: Scalars['Int']['output'];
  sourceSystem: Scalars['String']['output'];
};

export type SuggestedTerm = {
  __typename?: 'SuggestedTerm';
  /** Found notes (of the top 200) that contain it. */
  docs: Scalars['Int']['output'];
  /** How much more common it is among them than in the index. */
  score: Scalars['Float']['output'];
  term: Scalars['String']['output'];
};

/** One line of the search-term report: how many documents one expansion matches within the filters. */
export type TermReportRow = {
  __typename?: 'TermReportRow';
  /** The vocabulary concept, when the expansion comes from one. */
  concept?: Maybe<Scalars['String']['output']>;
  expansion: Scalars['String']['output'];
  /**
   * Documents the expansion matches. null when suppressed (see suppressed); to every caller
   * but a researcher on an aggregate-only grant, 0 is 0.
   */
  hits?: Maybe<Scalars['Int']['output']>;
  /** word, typo, compound, split, term, phrase, near, negated (a negated mention, ranked down), like (more-like-this), learned (a nearest word of a model trained on the notes), prf (pseudo-relevance feedback), knn (notes whose document vector is nearest the query's) or earlier (the word in the text of a note's earlier versions: a legal matter or case handling only). */
  kind: Scalars['String']['output'];
  /**
   * True when hits is withheld as a small cell: a researcher on an aggregate-only grant gets
   * no count of 0–4 documents, or of documents of 0–4 persons (lib/policy/search-counts.ts).
   * Never for other callers.
   */
  suppressed: Scalars['Boolean']['output'];
  /** The query word it expands. */
  word: Scalars['String']['output'];
};

/** Where the text of an archive document page came from. */
export type TextOrigin =
  /** OCR of a scanned page or an image document (Tesseract, Norwegian model). */
  | 'OCR'
  /** The PDF's own text layer. */
  | 'PDF_TEXT';

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
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Patient: { __typename: 'Patient' } & GraphQLRecursivePick<FederationTypes['Patient'], { id: true }> &
    (
      | Record<PropertyKey, never>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
      | GraphQLRecursivePick<FederationTypes['Patient'], { recordIds: true; nationalIds: true }>
    );
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CoercionExecution: ResolverTypeWrapper<CoercionExecution>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DocumentCoverage: ResolverTypeWrapper<DocumentCoverage>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ElusionEstimate: ResolverTypeWrapper<
    Omit<ElusionEstimate, 'sample'> & { sample: Array<ResolversTypes['SearchHit']> }
  >;
  JournalEntry: ResolverTypeWrapper<JournalEntry>;
  LeapDayRule: LeapDayRule;
  MatchedIn: MatchedIn;
  NotSearchable: ResolverTypeWrapper<NotSearchable>;
  Patient: ResolverTypeWrapper<PatientRef>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Saksmappe: ResolverTypeWrapper<Saksmappe>;
  SearchCoverage: ResolverTypeWrapper<SearchCoverage>;
  SearchHit: ResolverTypeWrapper<Omit<SearchHit, 'patient'> & { patient?: Maybe<ResolversTypes['Patient']> }>;
  SearchPageInfo: ResolverTypeWrapper<SearchPageInfo>;
  SearchResult: ResolverTypeWrapper<
    Omit<SearchResult, 'hits'> & { hits: Array<ResolversTypes['SearchHit']> }
  >;
  SourceCoverage: ResolverTypeWrapper<SourceCoverage>;
  SuggestedTerm: ResolverTypeWrapper<SuggestedTerm>;
  TermReportRow: ResolverTypeWrapper<TermReportRow>;
  TextOrigin: TextOrigin;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  link__Purpose: Link__Purpose;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CoercionExecution: CoercionExecution;
  ID: Scalars['ID']['output'];
  DocumentCoverage: DocumentCoverage;
  Int: Scalars['Int']['output'];
  Float: Scalars['Float']['output'];
  ElusionEstimate: Omit<ElusionEstimate, 'sample'> & { sample: Array<ResolversParentTypes['SearchHit']> };
  JournalEntry: JournalEntry;
  NotSearchable: NotSearchable;
  Patient: PatientRef;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Saksmappe: Saksmappe;
  SearchCoverage: SearchCoverage;
  SearchHit: Omit<SearchHit, 'patient'> & { patient?: Maybe<ResolversParentTypes['Patient']> };
  SearchPageInfo: SearchPageInfo;
  SearchResult: Omit<SearchResult, 'hits'> & { hits: Array<ResolversParentTypes['SearchHit']> };
  SourceCoverage: SourceCoverage;
  SuggestedTerm: SuggestedTerm;
  TermReportRow: TermReportRow;
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

export type CoercionExecutionResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['CoercionExecution'] = ResolversParentTypes['CoercionExecution'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type DocumentCoverageResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['DocumentCoverage'] = ResolversParentTypes['DocumentCoverage'],
> = {
  documents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanOcrConfidence?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notRead?: Resolver<Array<ResolversTypes['NotSearchable']>, ParentType, ContextType>;
  ocrPages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partlyRead?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pdfTextPages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ElusionEstimateResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['ElusionEstimate'] = ResolversParentTypes['ElusionEstimate'],
> = {
  ageFrom?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  ageTo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  covers?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  found?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notFound?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notRun?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  possiblyRelevant?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  records?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sample?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type JournalEntryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['JournalEntry'] = ResolversParentTypes['JournalEntry'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type NotSearchableResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['NotSearchable'] = ResolversParentTypes['NotSearchable'],
> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  search?: Resolver<
    ResolversTypes['SearchResult'],
    ParentType,
    ContextType,
    RequireFields<PatientSearchArgs, 'expand' | 'first' | 'query'>
  >;
  searchCoverage?: Resolver<
    ResolversTypes['SearchCoverage'],
    ParentType,
    ContextType,
    Partial<PatientSearchCoverageArgs>
  >;
  searchElusion?: Resolver<
    ResolversTypes['ElusionEstimate'],
    ParentType,
    ContextType,
    RequireFields<PatientSearchElusionArgs, 'expand' | 'query' | 'sample' | 'seed'>
  >;
};

export type QueryResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  search?: Resolver<
    ResolversTypes['SearchResult'],
    ParentType,
    ContextType,
    RequireFields<QuerySearchArgs, 'expand' | 'first' | 'query'>
  >;
};

export type SaksmappeResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['Saksmappe'] = ResolversParentTypes['Saksmappe'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SearchCoverageResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SearchCoverage'] = ResolversParentTypes['SearchCoverage'],
> = {
  inStep?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastExpungeAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  systems?: Resolver<Array<ResolversTypes['SourceCoverage']>, ParentType, ContextType>;
};

export type SearchHitResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SearchHit'] = ResolversParentTypes['SearchHit'],
> = {
  coercionExecution?: Resolver<Maybe<ResolversTypes['CoercionExecution']>, ParentType, ContextType>;
  documentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  highlights?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  journalEntry?: Resolver<Maybe<ResolversTypes['JournalEntry']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  matchedExpansions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  matchedIn?: Resolver<ResolversTypes['MatchedIn'], ParentType, ContextType>;
  ocrConfidence?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  page?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  patient?: Resolver<Maybe<ResolversTypes['Patient']>, ParentType, ContextType>;
  registreringsId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saksmappe?: Resolver<Maybe<ResolversTypes['Saksmappe']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  textOrigin?: Resolver<Maybe<ResolversTypes['TextOrigin']>, ParentType, ContextType>;
};

export type SearchPageInfoResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SearchPageInfo'] = ResolversParentTypes['SearchPageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SearchResultResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SearchResult'] = ResolversParentTypes['SearchResult'],
> = {
  backend?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hits?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['SearchPageInfo'], ParentType, ContextType>;
  suggestedTerms?: Resolver<Array<ResolversTypes['SuggestedTerm']>, ParentType, ContextType>;
  termReport?: Resolver<Array<ResolversTypes['TermReportRow']>, ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalSuppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SourceCoverageResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SourceCoverage'] = ResolversParentTypes['SourceCoverage'],
> = {
  charsNotIndexed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  documents?: Resolver<Maybe<ResolversTypes['DocumentCoverage']>, ParentType, ContextType>;
  earlierVersions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  earlierVersionsIndexed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  indexed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notSearchable?: Resolver<Array<ResolversTypes['NotSearchable']>, ParentType, ContextType>;
  partlyIndexed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  records?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  searchable?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sourceSystem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SuggestedTermResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['SuggestedTerm'] = ResolversParentTypes['SuggestedTerm'],
> = {
  docs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  term?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TermReportRowResolvers<
  ContextType = SubgraphContext,
  ParentType extends ResolversParentTypes['TermReportRow'] = ResolversParentTypes['TermReportRow'],
> = {
  concept?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expansion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hits?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  word?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['link__Import'],
  any
> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SubgraphContext> = {
  CoercionExecution?: CoercionExecutionResolvers<ContextType>;
  DocumentCoverage?: DocumentCoverageResolvers<ContextType>;
  ElusionEstimate?: ElusionEstimateResolvers<ContextType>;
  JournalEntry?: JournalEntryResolvers<ContextType>;
  NotSearchable?: NotSearchableResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Saksmappe?: SaksmappeResolvers<ContextType>;
  SearchCoverage?: SearchCoverageResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  SearchPageInfo?: SearchPageInfoResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
  SourceCoverage?: SourceCoverageResolvers<ContextType>;
  SuggestedTerm?: SuggestedTermResolvers<ContextType>;
  TermReportRow?: TermReportRowResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
};

export type DirectiveResolvers<ContextType = SubgraphContext> = {
  link?: LinkDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
};
