/** One searchable record as the index sees it. */
export interface IndexDocument {
  id: string;
  kind: 'journal_entry';
  patientId: string;
  sourceSystem: string;
  type: string;
  /** ISO 8601. */
  writtenAt: string;
  text: string;
  version: number;
}

export interface SearchQuery {
  query: string;
  patientId?: string;
  first: number;
}

export interface SearchHitResult {
  id: string;
  kind: IndexDocument['kind'];
  patientId: string;
  score: number;
  highlights: string[];
}

export interface SearchResponse {
  total: number;
  hits: SearchHitResult[];
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
