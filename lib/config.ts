import { z } from 'zod';

/**
 * All configuration comes from the environment, parsed once at this trust boundary.
 * Defaults give the embedded mode: PGlite, PostgreSQL full-text search, dev JWT secret.
 */
const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_ADMIN_URL: z.string().url().optional(),
  ELASTICSEARCH_URL: z.string().url().optional(),
  ES_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .default('helsespor'),
  ES_HUNSPELL_LOCALE: z.string().default('nb_NO'),
  PGLITE_DATA_DIR: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  JOURNAL_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  ARCHIVE_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  COERCION_PORT: z.coerce.number().int().min(0).max(65535).default(4003),
  SEARCH_PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  JOURNAL_URL: z.string().url().optional(),
  ARCHIVE_URL: z.string().url().optional(),
  COERCION_URL: z.string().url().optional(),
  SEARCH_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  INTERNAL_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
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
});

export const DEV_JWT_SECRET = 'helsespor-dev-secret-change-me-in-production-0123456789';
export const DEV_INTERNAL_SECRET = 'helsespor-dev-internal-secret-change-me-0123456789';

export type SubgraphName = 'journal' | 'archive' | 'coercion' | 'search';

export interface Config {
  databaseUrl?: string;
  /**
   * A login that may create roles, used only to apply the shared (access log) migrations and
   * grant the application's login (DATABASE_URL) its rights on the log. See README "Access log".
   */
  databaseAdminUrl?: string;
  elasticsearchUrl?: string;
  esIndexPrefix: string;
  esHunspellLocale: string;
  pgliteDataDir?: string;
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  internalSecret: string;
  logLevel: string;
  production: boolean;
  /** `npm start` loads the demo data into an empty database. */
  demoData: boolean;
  /** Where the official Noark 5 schemas are (NOARK5_SCHEMAS); unset: `../shared/standards/noark5`. */
  noark5SchemaDir?: string;
  accessRequest: { deadlineMonths: number; klasse: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
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
  if (production && !e.JWT_JWKS_URL && !e.JWT_SECRET) {
    throw new Error('Invalid configuration: production needs JWT_JWKS_URL (or JWT_SECRET)');
  }
  if (production && !e.INTERNAL_SECRET) {
    throw new Error('Invalid configuration: production needs INTERNAL_SECRET');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    databaseAdminUrl: e.DATABASE_ADMIN_URL,
    elasticsearchUrl: e.ELASTICSEARCH_URL,
    esIndexPrefix: e.ES_INDEX_PREFIX,
    esHunspellLocale: e.ES_HUNSPELL_LOCALE,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    host: e.HOST,
    ports: {
      gateway: e.GATEWAY_PORT,
      journal: e.JOURNAL_PORT,
      archive: e.ARCHIVE_PORT,
      coercion: e.COERCION_PORT,
      search: e.SEARCH_PORT,
    },
    subgraphUrls: {
      journal: e.JOURNAL_URL,
      archive: e.ARCHIVE_URL,
      coercion: e.COERCION_URL,
      search: e.SEARCH_URL,
    },
    jwt: {
      secret: e.JWT_JWKS_URL ? e.JWT_SECRET : (e.JWT_SECRET ?? DEV_JWT_SECRET),
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    internalSecret: e.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET,
    logLevel: e.LOG_LEVEL,
    production,
    demoData: e.DEMO_DATA === 'true',
    noark5SchemaDir: e.NOARK5_SCHEMAS,
    accessRequest: { deadlineMonths: e.ACCESS_REQUEST_DEADLINE_MONTHS, klasse: e.ACCESS_REQUEST_KLASSE },
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
}

export function loadDevConfig(env: NodeJS.ProcessEnv = process.env): DevConfig {
  return {
    databaseAdminUrl: env.DATABASE_ADMIN_URL || undefined,
    fixturesDir: env.HELSESPOR_FIXTURES || undefined,
    evalVerbose: Boolean(env.EVAL_VERBOSE),
  };
}
