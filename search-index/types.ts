/** One searchable record as the index sees it. */
export interface IndexDocument {
  id: string;
  kind: 'journal_entry';
  patientId: string;
  sourceSystem: string;
  type: string;
  /** ISO 8601. */
  writtenAt: string;
  /** The local (Europe/Oslo) date of writtenAt, YYYY-MM-DD. */
  localDate: string;
  /** The patient's age in whole years on localDate (29 February birthdays: 1 March), when the birth date is known. */
  ageAtDate: number | null;
  authorName: string | null;
  service: string | null;
  text: string;
  version: number;
}

export interface SearchQuery {
  query: string;
  /** Every patient record of the person (linked records included). */
  patientIds?: string[];
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
  ageFrom?: number;
  ageTo?: number;
  sources?: string[];
  kinds?: string[];
  first: number;
  /** Opaque cursor from a previous page. */
  after?: string;
  /** false: only the words as typed (no vocabulary, typo or compound expansion). */
  expand?: boolean;
  /** Expansion names, kinds (typo, compound, ...) or concepts to switch off. */
  disabled?: string[];
}

export interface TermReportRow {
  /** Expansion name, e.g. mobbing:phrase:holdt utenfor. */
  expansion: string;
  word: string;
  kind: string;
  concept: string | null;
  /** Documents this expansion matches within the filters. */
  hits: number;
}

export interface SearchHitResult {
  id: string;
  kind: IndexDocument['kind'];
  patientId: string;
  score: number;
  highlights: string[];
  /** The expansions that matched this document. */
  matched: string[];
}

export interface SearchResponse {
  total: number;
  hits: SearchHitResult[];
  termReport: TermReportRow[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The search-index interface: Elasticsearch in production and tests, PostgreSQL
 * full-text search in embedded mode. Both pass test/search-backend.contract.ts.
 */
export interface SearchBackend {
  readonly name: 'elasticsearch' | 'postgres';
  /** Creates templates, indexes and aliases (or tables) if missing. */
  ensureReady(): Promise<void>;
  upsert(docs: IndexDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Makes recent writes visible to search (tests and the reindex use it). */
  refresh(): Promise<void>;
  search(q: SearchQuery): Promise<SearchResponse>;
  close(): Promise<void>;
}

/** A subgraph's outbox, as the indexer drains it. Implemented by the owning subgraph. */
export interface OutboxSource {
  readonly name: string;
  /** The oldest pending changes. */
  pending(limit: number): Promise<{ seq: number; entityId: string }[]>;
  /** Current state of the entities; an id missing from the result was deleted. */
  load(entityIds: string[]): Promise<IndexDocument[]>;
  markProcessed(seqs: number[]): Promise<void>;
}
