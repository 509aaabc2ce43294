import type { OutboxQueue } from '../lib/outbox';
import type { LeapDayRule } from '../lib/age-window';

/** One searchable record as the index sees it. */
export const KINDS = ['journal_entry', 'journalpost', 'coercion_execution', 'archive_document'] as const;
export type Kind = (typeof KINDS)[number];
/** The source systems records in the index come from (the archive's records: SAKARKIV). */
export const SOURCE_SYSTEMS = ['HELSEPLATTFORMEN', 'GERICA', 'PROFIL', 'SAKARKIV'] as const;

export interface IndexDocument {
  /** Unique across kinds: the owning entity's id (journal entries), or kind-prefixed. */
  id: string;
  kind: Kind;
  /** The journal's patient record id, for journal entries. */
  patientId: string | null;
  /** National ids of the persons the record concerns (archive parties, coercion patients, journal patients). */
  nationalIds: string[];
  /** Ids of related entities a hit resolves to: the entity itself, and e.g. its saksmappe. */
  refs: { entityId: string; saksmappeId?: string; registreringsId?: string };
  sourceSystem: string;
  type: string;
  /** ISO 8601. */
  writtenAt: string;
  /** The local (Europe/Oslo) date of writtenAt, YYYY-MM-DD. */
  localDate: string;
  /** The patient's age in whole years on localDate (29 February birthdays: 1 March), when the birth date is known. */
  ageAtDate: number | null;
  /**
   * A record of several persons (a case of several parties): each one's age on localDate, in
   * the order of nationalIds (null: birth date unknown). An age window then asks the age of
   * the person searched for, not one age of the record: ageAtDate is null when the parties'
   * ages differ (filters.ts ageWindow).
   */
  partyAges?: (number | null)[];
  /**
   * The record's age under leapDayRule FEBRUARY_28 (a 29 February birthday on 28 February in a
   * year without one; lib/age-window.ts) where it is not `ageAtDate`: only a record dated 28
   * February of such a year, of a person born 29 February. -1 when the parties' ages under that
   * rule differ although `ageAtDate` gives one (no age then, as ageAtDate null). Absent: as ageAtDate.
   */
  ageAtDateFeb28?: number;
  /** The same per party, aligned with `partyAges` (null: as its age there); absent when no party's differs. */
  partyAgesFeb28?: (number | null)[];
  authorName: string | null;
  service: string | null;
  text: string;
  /**
   * Journal notes: the text of the note's earlier versions (helsepersonelloven § 42: kept by a
   * correction made here, an import that changed the note, or a superseded source document it
   * replaces), oldest first, each once, none equal to `text`; only those dated on the note's
   * local date (subgraphs/journal/outbox.ts). Searched, with the same analysis as `text`, only
   * by callers whose purpose is a legal matter or case handling (SearchQuery.earlierVersions).
   * Absent (not empty) when the note has none: such a note's document is as it was before
   * the field.
   */
  earlierText?: string[];
  /** How many texts `earlierText` holds (searchCoverage counts them); absent with it. */
  earlierVersions?: number;
  /** Compound parts of `earlierText`, added by the backends at index time (as `parts`); absent with it. */
  earlierParts?: string;
  /**
   * The source systems the texts of `earlierText` came from, each once (JournalEntryVersion.sourceSystem:
   * a legacy original's PROFIL or GERICA beside HP's own versions). A query's `sources` takes the
   * note by these too where earlier versions are searched (filters.ts earlierSourcesCount; stop 46).
   * Absent with `earlierText`.
   */
  earlierSourceSystems?: string[];
  version: number;
  /** Compound parts of the text, added by the backends at index time (search-index/decompound.ts). */
  parts?: string;
  /** Archive document pages (kind archive_document): where the page's text came from. */
  textOrigin?: TextOriginInfo;
  /**
   * The document vector (search-index/vectors.ts), added at index time when knn is on and a
   * model is live; null when no word of the text has a vector. Undefined: not computed yet.
   */
  vector?: number[] | null;
  /** The model that made `vector`. */
  vectorModel?: string | null;
  /**
   * Concept tags (search-index/concepts.ts conceptTags): `<concept>@<recall target>` for each
   * target whose learned threshold the note's lexical score reaches, added with the vector
   * when the live model has a concept classifier. Undefined: not computed yet.
   */
  concepts?: string[] | null;
  /** The classifier that made `concepts` (concepts.ts conceptsId: model name + trainedAt). */
  conceptModel?: string | null;
  /**
   * Characters of `text` the backend could not index (the PostgreSQL backends: a note whose words
   * overflow a tsvector is indexed cut, postgres.ts halved); set by the backend. Absent: all.
   */
  charsNotIndexed?: number;
}

/** Where an archive document page's text came from: its PDF text layer, or OCR (Tesseract). */
export interface TextOriginInfo {
  origin: 'pdf-text' | 'ocr';
  /** 1-based page of the document. */
  page: number;
  /** Tesseract's mean word confidence (0–100), for OCR. */
  ocrConfidence: number | null;
}

export interface SearchQuery {
  query: string;
  /** Every patient record of the person (linked records included). */
  patientIds?: string[];
  /** The person's national ids: records of other subgraphs are matched by these. */
  nationalIds?: string[];
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
  ageFrom?: number;
  ageTo?: number;
  /**
   * Where an age window places a 29 February birthday in a year without one (lib/age-window.ts):
   * MARCH_1 (undefined: the default, as the journal's and the dossier's) or FEBRUARY_28.
   */
  leapDayRule?: LeapDayRule;
  sources?: string[];
  kinds?: string[];
  first: number;
  /** Opaque cursor from a previous page. */
  after?: string;
  /**
   * false: a search nobody pages through (a first pass, a ranking's top notes), so Elasticsearch
   * opens no point in time for its later pages. Default: a first page with more matches than it
   * shows pins the result (Elasticsearch: a point in time held by the cursor), so that every
   * later page is of the same result, however the index changes meanwhile (review s33).
   */
  pages?: boolean;
  /** false: only the words as typed (no vocabulary, typo or compound expansion). */
  expand?: boolean;
  /**
   * Also match each query word in the text of the notes' earlier versions (the `earlier:<word>`
   * expansions; IndexDocument.earlierText): lib/policy AccessPolicy.earlierVersions decides.
   * Off unless set.
   */
  earlierVersions?: boolean;
  /** Expansion names, kinds (typo, compound, ...) or concepts to switch off. */
  disabled?: string[];
  /**
   * Document ids of notes a reviewer marked as relevant: notes like them are found too
   * (the more-like-this expansion), whether or not they match the words.
   */
  like?: string[];
  /**
   * Elusion sampling for a recall estimate: return instead the documents within the filters
   * that the query does NOT match, in a random order fixed by the seed (no highlights,
   * no matched expansions).
   */
  elusion?: { seed: number };
  /** Suggest terms that characterise the notes found (one more aggregation); off unless asked for. */
  suggest?: boolean;
  /** How many suggested terms (default SUGGESTIONS). */
  suggestSize?: number;
  /**
   * Keep Norwegian function words (function-words.ts) among the suggested terms: the feedback
   * pass's candidates (feedback.ts), which must stay what they were so that what a search
   * finds does not change. The suggestions shown to a user leave them out.
   */
  suggestFunctionWords?: boolean;
  /** Count each expansion's hits (one more round trip); off when the caller did not ask for the report. */
  termReport?: boolean;
  /**
   * With the total and each term-report row, the persons behind the count as their keys in
   * the index (`PersonKeys`): the policy counts them for small-cell protection
   * (lib/policy/search-counts.ts). Off unless asked for.
   */
  persons?: boolean;
  /**
   * A query naming no topic needs every word, not half of them (query.ts WORDS_MINIMUM): an
   * aggregate-only research grant's, whose total of "a b" (either word) beside the two words'
   * term-report rows would give the notes with both, a small cell (lib/policy/search-counts.ts).
   */
  everyWord?: boolean;
  /**
   * What the caller may see (lib/policy): the union of these persons-and-periods. Pushed
   * into the backend's query, so totals, pages, highlights and the term report count only
   * these. Undefined: no restriction.
   */
  scope?: SearchScope;
  /**
   * Document ids never to serve, whatever else matches (OutboxSource.pendingRemovals: a note
   * deleted or moved whose change the indexer has not yet written): left out of the hits,
   * totals, term report, suggestions, kNN, the recall estimate's sample, and as a
   * more-like-this seed.
   */
  pendingRemovals?: string[];
  /** false: no highlight fragments (free text) are computed (policy, or not selected: faster). Default true. */
  highlight?: boolean;
  /**
   * Pseudo-relevance feedback (search-index/feedback.ts): per query word, the distinctive
   * words of a first pass's hits that the learned model puts near it. Set by the feedback
   * wrapper for its second pass; each becomes a named `prf:<word>:<term>` expansion.
   */
  feedback?: Record<string, { word: string; similarity: number }[]>;
}

/**
 * The policy's reach, as search filters: a record matches one grant (person and local-date
 * period); no grants (absent): every person, less the excluded cases.
 */
export interface SearchScope {
  grants?: {
    patientIds: string[];
    nationalIds: string[];
    from?: string;
    to?: string;
    /** Conditions a journal note must meet (age in whole years at its date, source system, service); other kinds pass. */
    notes?: {
      ageFrom?: number;
      ageTo?: number;
      /** Where the age window places a 29 February birthday (a research grant's cohort.leapDayRule; absent: MARCH_1). */
      leapDayRule?: LeapDayRule;
      sources?: string[];
      services?: string[];
    };
    /** Only these record kinds (a research grant's approved sources); absent: every kind. */
    kinds?: string[];
  }[];
  /**
   * Cases (refs.saksmappeId) none of whose records match, whichever grant reaches their
   * persons: another case handler's access-request cases, or every one for a role that reads
   * none (lib/policy searchExcludedCases).
   */
  excludedCases?: string[];
  /**
   * Documents (by id) that match under no grant: for a researcher, the coercion executions
   * recorded as the same execution as another, not counted (lib/policy ResearchReach
   * uncountedExecutions; hol. § 9-7).
   */
  excludedRecords?: string[];
}

export interface TermReportRow {
  /** Expansion name, e.g. mobbing:phrase:holdt utenfor. */
  expansion: string;
  word: string;
  kind: string;
  concept: string | null;
  /** Documents this expansion matches within the filters. */
  hits: number;
  /** The persons behind `hits`, when asked for (SearchQuery.persons). */
  persons?: PersonKeys;
}

/** At most this many keys of each kind come back in a `PersonKeys`. */
export const PERSON_KEYS_MAX = 100;

/**
 * The persons behind a count, as the index knows them: the distinct record ids (`patientId`)
 * and national ids (`nationalIds`) of the documents counted, at most PERSON_KEYS_MAX of each.
 * Several keys can be one person (linked records, a journal patient's national id); the
 * policy maps them to persons. `complete` is false when either list was cut: the keys are
 * then some of those behind the count, not all.
 */
export interface PersonKeys {
  patientIds: string[];
  nationalIds: string[];
  complete: boolean;
  /**
   * The sum of the counted documents' note keys (search-index/note-key.ts), as a decimal
   * string: it names the documents behind the count, all of them (not cut like the ids).
   */
  notesKey: string;
  /**
   * How many of the counted documents have a note key: fewer than the count on an
   * Elasticsearch index written before the keys (a reindex writes them); the sum then does not
   * name the documents, and the policy withholds the count.
   */
  notesKeyed: number;
}

export interface SearchHitResult {
  id: string;
  kind: IndexDocument['kind'];
  patientId: string | null;
  nationalIds: string[];
  refs: IndexDocument['refs'];
  score: number;
  highlights: string[];
  /** The expansions that matched this document. */
  matched: string[];
  /** For archive document pages. */
  textOrigin?: TextOriginInfo | null;
  /**
   * Where the hit matched: 'earlier' when only the text of the note's earlier versions matched
   * the query (its highlights are then from that text), else 'current'.
   */
  matchedIn?: 'current' | 'earlier';
}

/** A word that characterises the notes a query found, offered to add to the query. */
export interface SuggestedTerm {
  term: string;
  /** Found notes (of the top 200) that contain it. */
  docs: number;
  /** How much more common it is among them than in the index (significance). */
  score: number;
}

export interface SearchResponse {
  total: number;
  /** The persons behind `total`, when asked for (SearchQuery.persons). */
  persons?: PersonKeys;
  hits: SearchHitResult[];
  termReport: TermReportRow[];
  /** Present when asked for (SearchQuery.suggest). */
  suggestedTerms?: SuggestedTerm[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** Expansion kinds left out because the query overran the search engine's clause cap (clause-budget.ts). */
  notRun?: string[];
}

/**
 * The search-index interface: Elasticsearch in production and tests, PostgreSQL
 * full-text search in embedded mode. Both pass test/search-backend.contract.ts.
 */
export interface SearchBackend {
  readonly name: 'elasticsearch' | 'postgres';
  /** Creates templates, indexes and aliases (or tables) if missing. */
  ensureReady(): Promise<void>;
  /**
   * Writes documents as given (the current state, read from the database at drain time;
   * the indexer drains one batch at a time, so a later write is never overtaken).
   */
  upsert(docs: IndexDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Makes recent writes visible to search (tests and the reindex use it). */
  refresh(): Promise<void>;
  search(q: SearchQuery): Promise<SearchResponse>;
  /** Indexed (id, version) pairs in id order after `afterId`, for reconciling with the database. */
  scanVersions(afterId: string, limit: number): Promise<{ id: string; version: number }[]>;
  /**
   * Indexed documents per `<kind>:<source system>` for the filters (coverage), and under
   * `earlierKey(<kind>:<source system>)` the earlier versions those documents hold
   * (IndexDocument.earlierVersions, summed; absent when none), under `partlyKey` those indexed
   * in part and under `charsNotIndexedKey` the characters not indexed (absent when none).
   */
  countBySource(q: Omit<SearchQuery, 'query' | 'first'>): Promise<Map<string, number>>;
  /**
   * Removes deleted documents from the index's storage (Elasticsearch: a force merge that
   * only expunges deletes), returning the deleted-document counts before and after.
   */
  expungeDeleted(): Promise<{ deletedBefore: number | null; deletedAfter: number | null }>;
  /**
   * Index-time enrichment done before the write (compound parts, document vector): the indexer
   * calls it on the batch it reads ahead, so it overlaps the previous batch's write.
   */
  prepare?(docs: IndexDocument[]): IndexDocument[];
  /**
   * One bounded step of the background re-embed: rewrites the vectors (and concept tags) of up
   * to `limit` documents made by another model than the live one, or tagged by another
   * classifier than the live concept directions (or none yet). Returns how many it rewrote; 0
   * when all are current (or knn is off).
   */
  reembed?(limit?: number): Promise<number>;
  /**
   * Of `words`, those some indexed document other than `exclude` (pending removals) matches as a
   * learned neighbour matches (its text, stemmed and as written, or its compound parts):
   * search-index/live-neighbours.ts leaves the others out while the learned model is stale.
   */
  presentWords?(words: string[], exclude?: string[]): Promise<Set<string>>;
  /**
   * The tokens this backend's text analysis makes of the texts, all of them together: what a
   * query word is matched by in a note's text and compound parts (PostgreSQL: the lexemes of
   * to_tsvector('norwegian', …), the Snowball stemmer and stop words of the tsv columns and of
   * plainto_tsquery; Elasticsearch: the analyze API on the `text` field, norwegian_text with its
   * hunspell stems, the analyzer of `parts` too). lib/policy/research-search.ts compares a
   * researcher's query words with the records' names by them.
   */
  tokens(texts: readonly string[]): Promise<Set<string>>;
  /** Starts a complete rebuild beside the live index; commit() makes it live with no downtime. */
  beginRebuild(): Promise<RebuildTarget>;
  close(): Promise<void>;
}

export interface RebuildTarget {
  readonly name: string;
  upsert(docs: IndexDocument[]): Promise<void>;
  /** Takes documents out of the index being built (deleted or moved while it was built). */
  remove(ids: string[]): Promise<void>;
  /** Makes the rebuilt index the live one and drops the old. */
  commit(): Promise<void>;
  /** Drops the half-built index. */
  abort(): Promise<void>;
}

export interface CoverageFilter {
  patientIds: string[];
  nationalIds: string[];
  /** Cases whose records are not counted (lib/policy searchExcludedCases: another case handler's access requests). */
  excludedCases?: string[];
  from?: string;
  to?: string;
  ageFrom?: number;
  ageTo?: number;
  /** Where the age window places a 29 February birthday (SearchQuery.leapDayRule; undefined: MARCH_1). */
  leapDayRule?: LeapDayRule;
}

export interface SourceCoverage {
  sourceSystem: string;
  kind: Kind;
  /** Records in the database within the window (searchable or not). */
  records: number;
  /** Of them, those that can be searched (current, with text). */
  searchable: number;
  firstDate: string | null;
  lastDate: string | null;
  /** Why the rest cannot be searched, e.g. "deleted (tombstone)": count. */
  notSearchable: Record<string, number>;
  /**
   * Journal notes: the earlier versions of the searchable records that their index documents
   * hold (IndexDocument.earlierText), as the source counts them. Absent: none (other kinds).
   */
  earlierVersions?: number;
  /** Archive documents (kind archive_document, whose records are pages): documents read and not read. */
  documents?: DocumentCoverage;
}

export interface DocumentCoverage {
  documents: number;
  /** Every page read (text layer or OCR). */
  read: number;
  /** Some pages read, some not. */
  partlyRead: number;
  /** Documents of which nothing could be read, by reason. */
  notRead: { reason: string; count: number }[];
  /** Waiting for the extraction job. */
  pending: number;
  pdfTextPages: number;
  ocrPages: number;
  meanOcrConfidence: number | null;
}

/** The key under which SearchBackend.countBySource gives the earlier versions of `<kind>:<source>`. */
export const earlierKey = (kindAndSource: string) => `earlier:${kindAndSource}`;
/**
 * The keys under which SearchBackend.countBySource gives the documents of `<kind>:<source>`
 * indexed in part, and the characters of their text not indexed (IndexDocument.charsNotIndexed;
 * absent when none).
 */
export const partlyKey = (kindAndSource: string) => `partly:${kindAndSource}`;
export const charsNotIndexedKey = (kindAndSource: string) => `unindexed:${kindAndSource}`;
/** Whether a countBySource key is one of the extra counts above (not a `<kind>:<source>`). */
export const isExtraCountKey = (key: string) => /^(earlier|partly|unindexed):/.test(key);

/**
 * A subgraph's outbox, as the indexer drains it. Implemented by the owning subgraph: the
 * queue part (pending, markProcessed, mark, changedSince, backlog) by lib/outbox.ts over
 * its own table, the rest by the subgraph.
 */
export interface OutboxSource extends OutboxQueue {
  readonly name: string;
  /**
   * Current state of the entities; an id missing from the result was deleted. May also give
   * entities not asked for whose documents the change made stale (the journal: the current
   * note that replaces a superseded version that changed or was deleted).
   */
  load(entityIds: string[]): Promise<IndexDocument[]>;
  /** Searchable entities' (id, version) in id order after `afterId` (reindex and reconcile). */
  scanVersions(afterId: string, limit: number): Promise<{ id: string; version: number }[]>;
  /** What the database holds per source system for a person and window. */
  coverage(filter: CoverageFilter): Promise<SourceCoverage[]>;
  /**
   * Documents the index may still hold that must not be served (helsepersonelloven §§ 42-44):
   * a deletion, move, correction or source change committed whose change the indexer has not
   * yet written (review s38: the words replaced away were found as current), and documents
   * that change makes stale (the journal: the current note that replaces a deleted version).
   * Search leaves them out of every path (SearchQuery.pendingRemovals); the indexer makes
   * its write visible before it marks such a change processed. One indexed lookup.
   */
  pendingRemovals?(): Promise<string[]>;
}

/**
 * The backend took a bulk write except some documents it refuses as they are (a mapping
 * error, a value over one of its limits): `ids` are those documents, `reason` the kinds of
 * refusal (no document content). The others were written. Not a backend outage: sending them
 * again changes nothing until the documents (or the index definition) change.
 */
export class DocumentsRejectedError extends Error {
  constructor(
    readonly ids: string[],
    readonly reason: string,
  ) {
    super(`the search backend refused ${ids.length} documents (${reason})`);
  }
}

/** The search backend cannot answer now (unreachable, refusing, overloaded); the message names no internals. */
export class SearchUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super('search is unavailable at the moment; try again shortly');
  }
}

/**
 * An age window asked of a person some of whose records in the rest of the window have no age
 * for them (no birth date known: no birth date on the record, no national id that gives one):
 * the window cannot say whether they are in it. The caller's error (BAD_USER_INPUT), as
 * searchCoverage's and the journal's for the same window; before, such records were left out
 * silently and the search said "0 notes" (found in review s33; pasientjournalloven § 22).
 */
export class UnknownAgeError extends Error {
  constructor(readonly records: number) {
    super(
      `age window asked for a patient without a known birth date: ${records} of their records in the window have no age; search them with a date window (from, to) instead`,
    );
  }
}
