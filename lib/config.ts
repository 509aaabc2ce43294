import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KnnSettings } from '../search-index/vectors';

/**
 * All configuration comes from the environment, parsed once at this trust boundary.
 * Defaults give the embedded mode: PGlite, PostgreSQL full-text search, dev JWT secret.
 */
export const MODES = ['development', 'production'] as const;
export type Mode = (typeof MODES)[number];

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The most UTF-8 bytes one source byte decodes to in any import (review s46, fix FX2): the record
 * cap (IMPORT_MAX_RECORD_BYTES) counts a record's bytes as read, the text budget
 * (RESPONSE_MAX_TEXT_BYTES) the stored text's UTF-8 bytes. Gerica is ISO-8859-1 (Node's latin1:
 * a byte ≥ 0x80 is 2 UTF-8 bytes); a Profil export may be ISO-8859-x or Windows-125x (WHATWG
 * TextDecoder, where "iso-8859-1" is Windows-1252: 0x80 is € U+20AC, 3 UTF-8 bytes; every such
 * byte is one BMP character, at most 3 bytes); UTF-8 sources (HP and coercion NDJSON, Profil in
 * UTF-8) are stored as read, and what they decode only shrinks (a JSON \uXXXX escape is 6 bytes
 * for at most 3, a surrogate pair 12 for 4; an XML character reference &#2048; is 7 bytes for 3;
 * base64 is 4 bytes for 3; a byte that is not UTF-8 is quarantined, never stored as U+FFFD).
 */
export const TEXT_GROWTH_PER_RECORD_BYTE = 3;

/**
 * RESPONSE_MAX_BYTES (the gateway's limit per client request, gateway/response-budget.ts) is at
 * least, and by default, this many times RESPONSE_MAX_TEXT_BYTES (s47): a subgraph answer as long
 * as its text budget allows must fit in one client's answer, as JSON, where a text's newline,
 * quote or backslash is two bytes, plus what carries it (ids, dates, names: fields the text
 * budget does not count). One client request then carries at most two text budgets in all,
 * however many subgraphs or fetches it reaches (before: one text budget from each).
 */
export const RESPONSE_BYTES_PER_TEXT_BYTE = 2;

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5000,
  maxCost: 50_000,
  listSize: 10,
  requestBodyBytes: 1024 * 1024,
  maxRequestValues: 10_000,
  searchMaxChars: 1000,
  searchMaxWords: 32,
  researchNameCacheSeconds: 60,
  importMaxRecordBytes: 64 * 1024 * 1024,
  importMaxDocumentBytes: 512 * 1024 * 1024,
  upstreamTimeoutMs: 120_000,
  requestReadTimeoutMs: 30_000,
  postjournalMaxDays: 31,
  postjournalMaxLines: 5_000,
  coercionMaxExecutions: 50_000,
  responseTextBytes: 192 * 1024 * 1024,
  responseBytes: RESPONSE_BYTES_PER_TEXT_BYTE * 192 * 1024 * 1024,
};

const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_ADMIN_URL: z.string().url().optional(),
  /** statement_timeout of the service's pool (lib/db.ts StatementTimeouts), ms; 0 = none. */
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 86_400_000).default(30_000),
  /** statement_timeout of migrations and of the CLI's imports and bulk jobs, ms; 0 = none. */
  DATABASE_BULK_STATEMENT_TIMEOUT_MS: int(0, 86_400_000).default(3_600_000),
  ELASTICSEARCH_URL: z.string().url().optional(),
  ES_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .default('helsespor'),
  ES_HUNSPELL_LOCALE: z.string().default('nb_NO'),
  /** The Hunspell word list the indexer splits compounds with (its .aff beside it). */
  HELSESPOR_DECOMPOUND_DICT: z.string().default('/usr/share/hunspell/nb_NO.dic'),
  PGLITE_DATA_DIR: z.string().optional(),
  /** Learned query expansion (search-index/expansions.ts): its model directory ('' = off). */
  HELSESPOR_EXPANSIONS_DIR: z.string().default('.data/expansions'),
  /** Retrain when this many notes were indexed since the model was trained (0 = never on its own). */
  HELSESPOR_EXPANSIONS_REFRESH_NOTES: int(0, 100_000_000).default(2000),
  /** Least seconds from one training to the next that a removal asks for (search-index/trainer.ts). */
  HELSESPOR_EXPANSIONS_REMOVAL_GAP_S: int(0, 86_400).default(600),
  HELSESPOR_EXPANSIONS_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.6),
  HELSESPOR_EXPANSIONS_MAX: int(0, 50).default(30),
  /** Pseudo-relevance feedback (search-index/feedback.ts): least similarity of a term, most terms per word (0 = off). */
  HELSESPOR_PRF_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.4),
  HELSESPOR_PRF_MAX: int(0, 50).default(25),
  HELSESPOR_PRF_CANDIDATES: int(1, 200).default(60),
  /** Document vectors and the `knn` expansion (search-index/vectors.ts): 1 = on. */
  HELSESPOR_KNN: z.enum(['0', '1']).default('1'),
  HELSESPOR_KNN_K: int(1, 10_000).default(1000),
  HELSESPOR_KNN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.65),
  HELSESPOR_KNN_MAX_SCOPE: int(0, 100_000_000).default(20_000),
  HELSESPOR_KNN_ROCCHIO: z.coerce.number().min(0).max(10).default(1),
  HELSESPOR_KNN_CONCEPTS: z.enum(['off', 'person', 'all']).default('person'),
  /** Learned concept directions (search-index/concepts.ts): 1 = the classifier:<concept> expansion on. */
  HELSESPOR_CLASSIFIER: z.enum(['0', '1']).default('1'),
  HELSESPOR_CLASSIFIER_RECALL: z.enum(['0.7', '0.8', '0.9', '0.95', '0.98']).default('0.98'),
  HELSESPOR_CLASSIFIER_BOOST: z.coerce.number().min(0).max(10).default(3),
  HELSESPOR_CLASSIFIER_SCOPE: z.enum(['person', 'all']).default('all'),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  JOURNAL_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  ARCHIVE_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  COERCION_PORT: z.coerce.number().int().min(0).max(65535).default(4003),
  SEARCH_PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  DOSSIER_PORT: z.coerce.number().int().min(0).max(65535).default(4005),
  JOURNAL_URL: z.string().url().optional(),
  ARCHIVE_URL: z.string().url().optional(),
  COERCION_URL: z.string().url().optional(),
  SEARCH_URL: z.string().url().optional(),
  DOSSIER_URL: z.string().url().optional(),
  SUBGRAPH_HOST: z.string().default('127.0.0.1'),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  INTERNAL_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  HELSESPOR_MODE: z.enum(MODES, { message: `must be one of ${MODES.join(', ')}` }).optional(),
  JWT_MAX_LIFETIME_SECONDS: int(60, 7 * 24 * 3600).default(12 * 3600),
  JWT_CLOCK_SKEW_SECONDS: int(0, 300).default(60),
  SUBGRAPH_TLS_CA_FILE: z.string().min(1).optional(),
  SUBGRAPH_TLS_CERT_FILE: z.string().min(1).optional(),
  SUBGRAPH_TLS_KEY_FILE: z.string().min(1).optional(),
  GATEWAY_TLS_CERT_FILE: z.string().min(1).optional(),
  GATEWAY_TLS_KEY_FILE: z.string().min(1).optional(),
  GRAPHQL_MAX_DEPTH: int(2, 100).default(DEFAULT_LIMITS.maxDepth),
  GRAPHQL_MAX_ALIASES: int(0, 1000).default(DEFAULT_LIMITS.maxAliases),
  GRAPHQL_MAX_TOKENS: int(100, 100_000).default(DEFAULT_LIMITS.maxTokens),
  GRAPHQL_MAX_COST: int(100, 100_000_000).default(DEFAULT_LIMITS.maxCost),
  GRAPHQL_UPSTREAM_TIMEOUT_MS: int(100, 3_600_000).default(DEFAULT_LIMITS.upstreamTimeoutMs),
  REQUEST_READ_TIMEOUT_MS: int(500, 600_000).default(DEFAULT_LIMITS.requestReadTimeoutMs),
  GRAPHQL_LIST_SIZE: int(1, 10_000).default(DEFAULT_LIMITS.listSize),
  REQUEST_BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(DEFAULT_LIMITS.requestBodyBytes),
  GRAPHQL_MAX_REQUEST_VALUES: int(100, 10_000_000).default(DEFAULT_LIMITS.maxRequestValues),
  /** The archive's postjournal and løpende journal (subgraphs/archive/resolvers.ts): days from..to, journalposter. */
  POSTJOURNAL_MAX_DAYS: int(1, 3660).default(DEFAULT_LIMITS.postjournalMaxDays),
  POSTJOURNAL_MAX_LINES: int(1, 1_000_000).default(DEFAULT_LIMITS.postjournalMaxLines),
  /** Coercion executions one answer judges (subgraphs/coercion/resolvers.ts). */
  COERCION_MAX_EXECUTIONS: int(1, 10_000_000).default(DEFAULT_LIMITS.coercionMaxExecutions),
  SEARCH_MAX_QUERY_CHARS: int(10, 100_000).default(DEFAULT_LIMITS.searchMaxChars),
  SEARCH_MAX_QUERY_WORDS: int(1, 1000).default(DEFAULT_LIMITS.searchMaxWords),
  /** How long a researcher's search checks against the name parts last read (lib/policy/research-search.ts). */
  RESEARCH_NAME_CACHE_SECONDS: int(0, 3600).default(DEFAULT_LIMITS.researchNameCacheSeconds),
  IMPORT_MAX_RECORD_BYTES: int(1024, 1024 * 1024 * 1024).default(DEFAULT_LIMITS.importMaxRecordBytes),
  IMPORT_MAX_DOCUMENT_BYTES: int(1024, 4 * 1024 * 1024 * 1024).default(DEFAULT_LIMITS.importMaxDocumentBytes),
  /** Free text one subgraph request may carry (lib/text-budget.ts); at least 3 × IMPORT_MAX_RECORD_BYTES. */
  RESPONSE_MAX_TEXT_BYTES: int(1024, 4 * 1024 * 1024 * 1024).default(DEFAULT_LIMITS.responseTextBytes),
  /**
   * Bytes of subgraph answers one client request may bring the gateway, every subgraph and fetch
   * together (gateway/response-budget.ts); at least, and by default, 2 × RESPONSE_MAX_TEXT_BYTES.
   */
  RESPONSE_MAX_BYTES: int(1024, 16 * 1024 * 1024 * 1024).optional(),
  DEMO_DATA: z.enum(['true', 'false']).default('true'),
  NOARK5_SCHEMAS: z.string().min(1).optional(),
  ACCESS_REQUEST_DEADLINE_MONTHS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ message: 'must be a whole number of months between 1 and 12' })
      .int('must be a whole number of months between 1 and 12')
      .min(1, 'must be a whole number of months between 1 and 12')
      .max(12, 'must be a whole number of months between 1 and 12')
      .default(1),
  ),
  ACCESS_REQUEST_KLASSE: z.string().min(1).default('HO-09'),
  BREAK_GLASS_HOURS: z.coerce.number().positive().max(72).default(4),
  RESEARCH_PSEUDONYM_KEY: z.string().min(32).optional(),
  EXTRACT_DIR: z.string().min(1).default('extracts'),
  BUNDLE_DIR: z.string().min(1).default('.bundles'),
  HELSESPOR_GIT_COMMIT: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{7,64}$/, 'must be a git commit hash')
    .optional(),
  DOCTEXT_MAX_BYTES: int(1024, 4 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  DOCTEXT_MAX_PAGES: int(1, 100_000).default(500),
  DOCTEXT_MAX_OCR_PAGES: int(0, 100_000).default(100),
  DOCTEXT_TIMEOUT_SECONDS: int(1, 3600).default(120),
  DOCTEXT_OCR_PAGE_TIMEOUT_SECONDS: int(1, 3600).default(60),
  DOCTEXT_OCR_LANG: z
    .string()
    .regex(/^[a-z_+]+$/)
    .default('nor'),
});

export const DEV_JWT_SECRET = 'helsespor-dev-secret-change-me-in-production-0123456789';
export const DEV_INTERNAL_SECRET = 'helsespor-dev-internal-secret-change-me-0123456789';
/** Research pseudonyms (lib/policy/research.ts) in development; production needs its own key. */
export const DEV_PSEUDONYM_KEY = 'helsespor-dev-pseudonym-key-change-me-0123456789';

export type SubgraphName = 'journal' | 'archive' | 'coercion' | 'search' | 'dossier';

export interface Config {
  databaseUrl?: string;
  /**
   * A login that may create roles, used only to apply the shared (access log) migrations and
   * grant the application's login (DATABASE_URL) its rights on the log. See README "Access log".
   */
  databaseAdminUrl?: string;
  /**
   * statement_timeout (ms, 0 = none) of the subgraphs' pool and of the longer jobs (migrations,
   * the CLI's imports and bulk jobs): lib/db.ts StatementTimeouts. PostgreSQL only.
   */
  database: { statementTimeoutMs: number; bulkStatementTimeoutMs: number };
  elasticsearchUrl?: string;
  esIndexPrefix: string;
  esHunspellLocale: string;
  /** Hunspell .dic the indexer splits compounds with (search-index/decompound.ts). */
  decompoundDictionary: string;
  pgliteDataDir?: string;
  /**
   * Learned query expansion (search-index/expansions.ts): the model directory (undefined:
   * off), retraining after `refreshNotes` newly indexed notes (0: only by the CLI), the
   * least similarity of a neighbour and the most neighbours per query word; pseudo-relevance
   * feedback's least similarity and most terms per query word (search-index/feedback.ts).
   */
  expansions: {
    dir?: string;
    refreshNotes: number;
    /** The least time from one training to one a removal asks for (search-index/trainer.ts). */
    removalGapMs: number;
    minSimilarity: number;
    max: number;
    prfMinSimilarity: number;
    prfMax: number;
    prfCandidates: number;
    /** Document vectors and the knn expansion (search-index/vectors.ts). */
    knn: KnnSettings;
  };
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Interface the subgraphs listen on: loopback unless told otherwise. */
  subgraphHost: string;
  jwt: JwtConfig;
  internalSecret: string;
  /** Mutual TLS between gateway and subgraphs, when configured (PEM contents). */
  subgraphTls?: SubgraphTls;
  logLevel: string;
  mode: Mode;
  production: boolean;
  limits: Limits;
  /** `npm start` loads the demo data into an empty database. */
  demoData: boolean;
  /** Where the official Noark 5 schemas are (NOARK5_SCHEMAS); unset: `../shared/standards/noark5`. */
  noark5SchemaDir?: string;
  accessRequest: { deadlineMonths: number; klasse: string };
  /** How long a break-the-glass grant lasts (lib/policy). */
  breakGlassHours: number;
  /** Research grants (lib/policy/research.ts): the pseudonym key (never leaves the server) and where extracts are written. */
  research: { pseudonymKey: string; extractDir: string };
  /** Where exportBundle writes evidence bundles (BUNDLE_DIR; relative to the working directory). */
  bundleDir: string;
  /** The commit an evidence bundle's custody log names where the code runs without `.git` (HELSESPOR_GIT_COMMIT). */
  gitCommit: string | null;
  /** Text extraction of archive documents: size, page and time bounds (DOCTEXT_*). */
  documentText: DocTextLimits;
}

export interface JwtConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Production: exp, iss and aud required, lifetime (exp - iat) at most this. */
  strict?: boolean;
  maxLifetimeSeconds?: number;
  clockSkewSeconds?: number;
}

export interface SubgraphTls {
  ca: string;
  /** The subgraphs' server certificate and key. */
  cert: string;
  key: string;
  /** The gateway's client certificate and key. */
  clientCert: string;
  clientKey: string;
}

/** Text extraction of archive documents (subgraphs/archive/doctext): bounds per document. */
export interface DocTextLimits {
  /** A larger file is not read: `too large`. */
  maxBytes: number;
  /** Pages read per document; the rest are counted as not read (`over the page limit`). */
  maxPages: number;
  /** Pages OCR'd per document; the rest of the pages without a text layer are counted as not read. */
  maxOcrPages: number;
  /** Time for reading one document's text layer (the reader process is killed after it). */
  timeoutMs: number;
  /** Time for rendering and OCR of one page or image. */
  ocrPageTimeoutMs: number;
  /** Tesseract language model(s), e.g. `nor` or `nor+eng`. */
  ocrLang: string;
}

export const DEFAULT_DOCTEXT: DocTextLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 500,
  maxOcrPages: 100,
  timeoutMs: 120_000,
  ocrPageTimeoutMs: 60_000,
  ocrLang: 'nor',
};

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Assumed length of a list field that has no first/limit argument, for the cost. */
  listSize: number;
  requestBodyBytes: number;
  /**
   * Values a request may hold, counted before anything parses or coerces them: every list
   * entry and object field of its JSON (its variables', at any depth), at the gateway
   * (gateway/limits.ts countJsonValues, requestValuesLimitPlugin).
   */
  maxRequestValues: number;
  searchMaxChars: number;
  searchMaxWords: number;
  /** A researcher's search: seconds the records' name parts are kept in memory (research-search.ts). */
  researchNameCacheSeconds: number;
  importMaxRecordBytes: number;
  importMaxDocumentBytes: number;
  /**
   * How long the gateway waits for a subgraph's answer, and the dossier for the subgraphs it
   * asks (ms): a subgraph that accepts the connection and never answers fails the request
   * with a clear error instead of holding it open (found in review: no timeout anywhere).
   */
  upstreamTimeoutMs: number;
  /**
   * How long a client may take to send the gateway a whole request, headers and body (ms):
   * then the connection is closed (Node's server.requestTimeout and headersTimeout, whose
   * defaults are 300 s and 60 s). Found in review: 300 connections trickling a declared 1 MB
   * body a byte every 2 s each held their buffers and connection for minutes.
   */
  requestReadTimeoutMs: number;
  /** Days one postjournal or løpende journal may span, from and to included (subgraphs/archive). */
  postjournalMaxDays: number;
  /** Journalposter one postjournal or løpende journal may list (subgraphs/archive). */
  postjournalMaxLines: number;
  /** Coercion executions one list, report or verdict may judge (subgraphs/coercion), as the journal timeline's 50,000 notes. */
  coercionMaxExecutions: number;
  /**
   * Bytes of free text one subgraph request may carry (lib/text-budget.ts, RESPONSE_TOO_LARGE past
   * it): each subgraph counts its own, each request to it afresh. At least 3 × importMaxRecordBytes
   * (TEXT_GROWTH_PER_RECORD_BYTE), so every note, decoded to UTF-8, fits in a request.
   */
  responseTextBytes: number;
  /**
   * Bytes of subgraph answers the gateway takes in for one client request, every subgraph and
   * every fetch (`_entities` steps) together (gateway/response-budget.ts, RESPONSE_TOO_LARGE past
   * it). At least, and by default, RESPONSE_BYTES_PER_TEXT_BYTE × responseTextBytes.
   */
  responseBytes: number;
}

/**
 * The gateway's cost weights that follow the configured caps (gateway/limits.ts fieldWeights):
 * a postjournal or løpende journal weighs one per journalpost it may list, a coercion list or
 * report one per 25 executions it may judge (as journalTimeline: 2,000 for 50,000 rows).
 */
export function capWeights(limits: Pick<Limits, 'postjournalMaxLines' | 'coercionMaxExecutions'>): {
  postjournal: number;
  coercionExecutions: number;
} {
  return {
    postjournal: limits.postjournalMaxLines,
    coercionExecutions: Math.ceil(limits.coercionMaxExecutions / 25),
  };
}

/**
 * The caps against GRAPHQL_MAX_COST: a cap whose weight is over half of the cost limit is
 * refused at start, naming both settings and the values that would do. Over the whole limit,
 * every request holding the field was QUERY_TOO_COMPLEX whatever it selected (found in
 * review: POSTJOURNAL_MAX_LINES 60,000 and COERCION_MAX_EXECUTIONS 2,000,000 loaded, and no
 * postjournal or coercion list could be asked); half leaves the field's own selection and the
 * rest of a request room, and keeps two such fields askable in one request. The weight is not
 * capped instead: a lower weight than the work would let aliases through again.
 */
function capClashes(
  limits: Pick<Limits, 'maxCost' | 'postjournalMaxLines' | 'coercionMaxExecutions'>,
): string[] {
  const w = capWeights(limits);
  const room = Math.floor(limits.maxCost / 2);
  const out: string[] = [];
  if (w.postjournal > room)
    out.push(
      `POSTJOURNAL_MAX_LINES=${limits.postjournalMaxLines} weighs a postjournal or løpende journal at ${w.postjournal} in the gateway's cost estimate, over half of GRAPHQL_MAX_COST=${limits.maxCost}: raise GRAPHQL_MAX_COST to ${2 * w.postjournal} or more, or lower POSTJOURNAL_MAX_LINES to ${room} or less`,
    );
  if (w.coercionExecutions > room)
    out.push(
      `COERCION_MAX_EXECUTIONS=${limits.coercionMaxExecutions} weighs a coercion list or report at ${w.coercionExecutions} (one per 25 executions) in the gateway's cost estimate, over half of GRAPHQL_MAX_COST=${limits.maxCost}: raise GRAPHQL_MAX_COST to ${2 * w.coercionExecutions} or more, or lower COERCION_MAX_EXECUTIONS to ${room * 25} or less`,
    );
  return out;
}

/** Secrets that were ever published (README, source, examples): never accepted in production. */
const KNOWN_DEV_SECRETS = () => [DEV_JWT_SECRET, DEV_INTERNAL_SECRET, DEV_PSEUDONYM_KEY];

/**
 * The mode: HELSESPOR_MODE, or NODE_ENV when it says exactly `production`/`development`
 * (or `test`, jest's). Any other NODE_ENV (`prod`, `Production`, …) stops start-up instead of
 * silently meaning development, and the two settings may not disagree.
 */
function resolveMode(mode: Mode | undefined, nodeEnv: string | undefined): Mode {
  const fromNode =
    nodeEnv === undefined || nodeEnv === ''
      ? undefined
      : nodeEnv === 'production'
        ? 'production'
        : nodeEnv === 'development' || nodeEnv === 'test'
          ? 'development'
          : null;
  if (fromNode === null)
    throw new Error(
      `Invalid configuration: NODE_ENV=${nodeEnv} is not a mode; use NODE_ENV=production|development or HELSESPOR_MODE=${MODES.join('|')}`,
    );
  if (mode && fromNode && mode !== fromNode)
    throw new Error(`Invalid configuration: HELSESPOR_MODE=${mode} but NODE_ENV=${nodeEnv}`);
  return mode ?? fromNode ?? 'development';
}

function readPem(name: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`Invalid configuration: ${name}: ${(err as Error).message}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = resolveMode(e.HELSESPOR_MODE, e.NODE_ENV);
  const production = mode === 'production';
  if (e.DATABASE_ADMIN_URL && !e.DATABASE_URL) {
    throw new Error('Invalid configuration: DATABASE_ADMIN_URL needs DATABASE_URL (the application login)');
  }
  if (e.DATABASE_ADMIN_URL && e.DATABASE_URL) {
    const a = new URL(e.DATABASE_ADMIN_URL);
    const b = new URL(e.DATABASE_URL);
    if (a.host !== b.host || a.pathname !== b.pathname)
      throw new Error(
        'Invalid configuration: DATABASE_ADMIN_URL and DATABASE_URL must name the same server and database',
      );
  }
  if (production) {
    const bad: string[] = [];
    if (!e.JWT_JWKS_URL && !e.JWT_SECRET) bad.push('production needs JWT_JWKS_URL (or JWT_SECRET)');
    if (!e.INTERNAL_SECRET) bad.push('production needs its own INTERNAL_SECRET');
    if (!e.RESEARCH_PSEUDONYM_KEY) bad.push('production needs its own RESEARCH_PSEUDONYM_KEY');
    if (!e.JWT_ISSUER || !e.JWT_AUDIENCE) bad.push('production needs JWT_ISSUER and JWT_AUDIENCE');
    for (const [name, value] of [
      ['JWT_SECRET', e.JWT_SECRET],
      ['INTERNAL_SECRET', e.INTERNAL_SECRET],
      ['RESEARCH_PSEUDONYM_KEY', e.RESEARCH_PSEUDONYM_KEY],
    ] as const) {
      if (value === undefined) continue;
      if (KNOWN_DEV_SECRETS().includes(value)) bad.push(`${name} is a published development secret`);
      else if (Buffer.byteLength(value, 'utf8') < 32) bad.push(`${name} is shorter than 32 bytes`);
    }
    if (e.INTERNAL_SECRET && e.INTERNAL_SECRET === e.JWT_SECRET)
      bad.push('INTERNAL_SECRET must differ from JWT_SECRET');
    if (bad.length) throw new Error(`Invalid configuration (production):\n  ${bad.join('\n  ')}`);
  }
  const clashes = capClashes({
    maxCost: e.GRAPHQL_MAX_COST,
    postjournalMaxLines: e.POSTJOURNAL_MAX_LINES,
    coercionMaxExecutions: e.COERCION_MAX_EXECUTIONS,
  });
  // Every text must fit in a request of its own (lib/text-budget.ts): a budget under the
  // longest note would leave such a note unreadable through the API (review s46). The record cap
  // counts source bytes, the budget UTF-8 bytes of the decoded text, and decoding grows a byte to
  // at most 3 (TEXT_GROWTH_PER_RECORD_BYTE below), so the floor is 3 × the record cap (fix FX2).
  const textFloor = TEXT_GROWTH_PER_RECORD_BYTE * e.IMPORT_MAX_RECORD_BYTES;
  if (e.RESPONSE_MAX_TEXT_BYTES < textFloor)
    clashes.push(
      `RESPONSE_MAX_TEXT_BYTES=${e.RESPONSE_MAX_TEXT_BYTES} is under ${TEXT_GROWTH_PER_RECORD_BYTE} × IMPORT_MAX_RECORD_BYTES=${e.IMPORT_MAX_RECORD_BYTES} (${textFloor}): a note as long as the import allows, decoded to UTF-8 (a Latin-1 æ, ø or å is 2 bytes, a Windows-1252 € or “ 3), could not be read in any request; raise RESPONSE_MAX_TEXT_BYTES to ${textFloor} or more`,
    );
  // One client request's answers must hold what one subgraph may answer (s47): the floor and the
  // default of RESPONSE_MAX_BYTES are RESPONSE_BYTES_PER_TEXT_BYTE × the text budget.
  const responseFloor = RESPONSE_BYTES_PER_TEXT_BYTE * e.RESPONSE_MAX_TEXT_BYTES;
  if (e.RESPONSE_MAX_BYTES !== undefined && e.RESPONSE_MAX_BYTES < responseFloor)
    clashes.push(
      `RESPONSE_MAX_BYTES=${e.RESPONSE_MAX_BYTES} is under ${RESPONSE_BYTES_PER_TEXT_BYTE} × RESPONSE_MAX_TEXT_BYTES=${e.RESPONSE_MAX_TEXT_BYTES} (${responseFloor}): a subgraph answer as long as its text budget allows (as JSON, a newline or quote of the text is 2 bytes) could not reach any client; raise RESPONSE_MAX_BYTES to ${responseFloor} or more, or leave it unset (the default is ${responseFloor})`,
    );
  if (clashes.length) throw new Error(`Invalid configuration:\n  ${clashes.join('\n  ')}`);
  const tlsFiles = [
    e.SUBGRAPH_TLS_CA_FILE,
    e.SUBGRAPH_TLS_CERT_FILE,
    e.SUBGRAPH_TLS_KEY_FILE,
    e.GATEWAY_TLS_CERT_FILE,
    e.GATEWAY_TLS_KEY_FILE,
  ];
  if (tlsFiles.some(Boolean) && !tlsFiles.every(Boolean))
    throw new Error(
      'Invalid configuration: mutual TLS needs all of SUBGRAPH_TLS_CA_FILE, SUBGRAPH_TLS_CERT_FILE, SUBGRAPH_TLS_KEY_FILE, GATEWAY_TLS_CERT_FILE, GATEWAY_TLS_KEY_FILE',
    );
  const subgraphTls: SubgraphTls | undefined = e.SUBGRAPH_TLS_CA_FILE
    ? {
        ca: readPem('SUBGRAPH_TLS_CA_FILE', e.SUBGRAPH_TLS_CA_FILE)!,
        cert: readPem('SUBGRAPH_TLS_CERT_FILE', e.SUBGRAPH_TLS_CERT_FILE)!,
        key: readPem('SUBGRAPH_TLS_KEY_FILE', e.SUBGRAPH_TLS_KEY_FILE)!,
        clientCert: readPem('GATEWAY_TLS_CERT_FILE', e.GATEWAY_TLS_CERT_FILE)!,
        clientKey: readPem('GATEWAY_TLS_KEY_FILE', e.GATEWAY_TLS_KEY_FILE)!,
      }
    : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseAdminUrl: e.DATABASE_ADMIN_URL,
    database: {
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      bulkStatementTimeoutMs: e.DATABASE_BULK_STATEMENT_TIMEOUT_MS,
    },
    elasticsearchUrl: e.ELASTICSEARCH_URL,
    esIndexPrefix: e.ES_INDEX_PREFIX,
    esHunspellLocale: e.ES_HUNSPELL_LOCALE,
    decompoundDictionary: e.HELSESPOR_DECOMPOUND_DICT,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    expansions: {
      dir: e.HELSESPOR_EXPANSIONS_DIR || undefined,
      refreshNotes: e.HELSESPOR_EXPANSIONS_REFRESH_NOTES,
      removalGapMs: e.HELSESPOR_EXPANSIONS_REMOVAL_GAP_S * 1000,
      minSimilarity: e.HELSESPOR_EXPANSIONS_MIN_SIMILARITY,
      max: e.HELSESPOR_EXPANSIONS_MAX,
      prfMinSimilarity: e.HELSESPOR_PRF_MIN_SIMILARITY,
      prfMax: e.HELSESPOR_PRF_MAX,
      prfCandidates: e.HELSESPOR_PRF_CANDIDATES,
      knn: {
        boost: 0.5,
        enabled: e.HELSESPOR_KNN === '1',
        k: e.HELSESPOR_KNN_K,
        similarity: e.HELSESPOR_KNN_SIMILARITY,
        maxScope: e.HELSESPOR_KNN_MAX_SCOPE,
        rocchio: e.HELSESPOR_KNN_ROCCHIO,
        rocchioDocs: 10,
        concepts: e.HELSESPOR_KNN_CONCEPTS,
        classifier: e.HELSESPOR_CLASSIFIER === '1',
        classifierRecall: Number(e.HELSESPOR_CLASSIFIER_RECALL),
        classifierBoost: e.HELSESPOR_CLASSIFIER_BOOST,
        classifierScope: e.HELSESPOR_CLASSIFIER_SCOPE,
      },
    },
    host: e.HOST,
    subgraphHost: e.SUBGRAPH_HOST,
    ports: {
      gateway: e.GATEWAY_PORT,
      journal: e.JOURNAL_PORT,
      archive: e.ARCHIVE_PORT,
      coercion: e.COERCION_PORT,
      search: e.SEARCH_PORT,
      dossier: e.DOSSIER_PORT,
    },
    subgraphUrls: {
      journal: e.JOURNAL_URL,
      archive: e.ARCHIVE_URL,
      coercion: e.COERCION_URL,
      search: e.SEARCH_URL,
      dossier: e.DOSSIER_URL,
    },
    jwt: {
      secret: e.JWT_JWKS_URL ? e.JWT_SECRET : (e.JWT_SECRET ?? DEV_JWT_SECRET),
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      strict: production,
      maxLifetimeSeconds: e.JWT_MAX_LIFETIME_SECONDS,
      clockSkewSeconds: e.JWT_CLOCK_SKEW_SECONDS,
    },
    internalSecret: e.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET,
    subgraphTls,
    logLevel: e.LOG_LEVEL,
    mode,
    production,
    limits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      listSize: e.GRAPHQL_LIST_SIZE,
      requestBodyBytes: e.REQUEST_BODY_LIMIT_BYTES,
      maxRequestValues: e.GRAPHQL_MAX_REQUEST_VALUES,
      searchMaxChars: e.SEARCH_MAX_QUERY_CHARS,
      searchMaxWords: e.SEARCH_MAX_QUERY_WORDS,
      researchNameCacheSeconds: e.RESEARCH_NAME_CACHE_SECONDS,
      importMaxRecordBytes: e.IMPORT_MAX_RECORD_BYTES,
      importMaxDocumentBytes: e.IMPORT_MAX_DOCUMENT_BYTES,
      upstreamTimeoutMs: e.GRAPHQL_UPSTREAM_TIMEOUT_MS,
      requestReadTimeoutMs: e.REQUEST_READ_TIMEOUT_MS,
      postjournalMaxDays: e.POSTJOURNAL_MAX_DAYS,
      postjournalMaxLines: e.POSTJOURNAL_MAX_LINES,
      coercionMaxExecutions: e.COERCION_MAX_EXECUTIONS,
      responseTextBytes: e.RESPONSE_MAX_TEXT_BYTES,
      responseBytes: e.RESPONSE_MAX_BYTES ?? responseFloor,
    },
    demoData: e.DEMO_DATA === 'true',
    noark5SchemaDir: e.NOARK5_SCHEMAS,
    accessRequest: { deadlineMonths: e.ACCESS_REQUEST_DEADLINE_MONTHS, klasse: e.ACCESS_REQUEST_KLASSE },
    breakGlassHours: e.BREAK_GLASS_HOURS,
    research: { pseudonymKey: e.RESEARCH_PSEUDONYM_KEY ?? DEV_PSEUDONYM_KEY, extractDir: e.EXTRACT_DIR },
    bundleDir: e.BUNDLE_DIR,
    gitCommit: e.HELSESPOR_GIT_COMMIT ?? null,
    documentText: {
      maxBytes: e.DOCTEXT_MAX_BYTES,
      maxPages: e.DOCTEXT_MAX_PAGES,
      maxOcrPages: e.DOCTEXT_MAX_OCR_PAGES,
      timeoutMs: e.DOCTEXT_TIMEOUT_SECONDS * 1000,
      ocrPageTimeoutMs: e.DOCTEXT_OCR_PAGE_TIMEOUT_SECONDS * 1000,
      ocrLang: e.DOCTEXT_OCR_LANG,
    },
  };
}

/**
 * The log level alone, for the logger, which exists before the configuration is loaded:
 * an invalid LOG_LEVEL gives `info` here and a clear error from loadConfig.
 */
export function logLevelFrom(env: NodeJS.ProcessEnv = process.env): string {
  const r = Env.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  return r.success ? r.data : 'info';
}

/** Settings of the development tools (tests, benchmarks), not of the service. */
export interface DevConfig {
  /** The login test databases are created with, when not DATABASE_URL (DATABASE_ADMIN_URL of the shell). */
  databaseAdminUrl?: string;
  /** The outside source exports the acceptance suites read (HELSESPOR_FIXTURES). */
  fixturesDir?: string;
  /** bench:search-eval prints every missed and wrongly found note (EVAL_VERBOSE). */
  evalVerbose: boolean;
  /** bench:search-eval's own labelled tuning set (HELSESPOR_TUNING_SET; default dev/search-eval/tuning-set.json). */
  tuningSet?: string;
  /** The blind labelled sets, never tuned on (HELSESPOR_BLIND_SET, comma-separated; default every blind-set*.json in the test/search-eval/blind… folders). */
  blindSet?: string;
  /** bench:search-eval runs only these backends (EVAL_BACKENDS, comma-separated: elasticsearch,postgres). */
  evalBackends?: string[];
  /** bench:search-eval runs only these sets (EVAL_SETS, comma-separated: fixture,tuning,blind). */
  evalSets?: string[];
  /** bench:search-eval's Helsespor search leaves these expansions out (EVAL_DISABLED, e.g. prf,learned). */
  evalDisabled?: string[];
  /** bench:search-eval appends each Helsespor query's hits (score, matched expansions, labels) as JSON lines to this file (EVAL_DUMP). */
  evalDump?: string;
}

export function loadDevConfig(env: NodeJS.ProcessEnv = process.env): DevConfig {
  return {
    databaseAdminUrl: env.DATABASE_ADMIN_URL || undefined,
    fixturesDir: env.HELSESPOR_FIXTURES || undefined,
    evalVerbose: Boolean(env.EVAL_VERBOSE),
    tuningSet: env.HELSESPOR_TUNING_SET || undefined,
    blindSet: env.HELSESPOR_BLIND_SET || undefined,
    evalBackends: list(env.EVAL_BACKENDS),
    evalSets: list(env.EVAL_SETS),
    evalDisabled: list(env.EVAL_DISABLED),
    evalDump: env.EVAL_DUMP || undefined,
  };
}

function list(v: string | undefined): string[] | undefined {
  const xs = (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return xs.length ? xs : undefined;
}
