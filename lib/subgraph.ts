import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import DataLoader from 'dataloader';
import { GraphQLError, parse } from 'graphql';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuditTrail } from './audit';
import {
  AuthError,
  INTERNAL_HEADER,
  StatementReplayCache,
  verifyInternalToken,
  type CallerContext,
} from './auth';
import { isStatementTimeout, type Db } from './db';
import { log } from './log';
import { migrateShared } from './audit-db';
import { migrate } from './migrate';
import { enforceFieldPolicy } from './policy/enforce';
import { oversizedIdError } from './id-cap';
import { readSchemaFiles } from './schema-files';
import { AccessPolicy, compilePolicyOnce } from './policy/policy';
import { listenForReachChanges } from './policy/reach-cache';

export const REPO_ROOT = join(__dirname, '..');

/** What every resolver of every subgraph gets. */
export interface SubgraphContext {
  caller: CallerContext;
  db: Db;
  audit: AuditTrail;
  /** Who may see what, compiled once for this request (lib/policy). */
  policy: AccessPolicy;
  /** A DataLoader that lives for this request only, created on first use. */
  loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V>;
  /** Bytes of free text this request may carry (lib/text-budget.ts chargeText; its default when unset). */
  textBudgetBytes?: number;
}

/** The resolver map buildSubgraphSchema takes, named from its signature (no deep import). */
type SubgraphModule = Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number];
type ResolverMap = NonNullable<Extract<SubgraphModule, { resolvers?: unknown }>['resolvers']>;

/**
 * A row a non-null field promises and the database holds by its keys (a foreign key, a row
 * just written). Missing, it is an internal error, as the null GraphQL refused there was.
 */
export function present<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`${what} not found`);
  return row;
}

export interface SubgraphDefinition {
  name: string;
  /**
   * The subgraph's resolvers, typed where they are written by the `Resolvers` generated from
   * its SDL (subgraphs/<name>/generated/resolvers-types.ts, `npm run codegen`).
   */
  resolvers: object;
  /** Folder of this subgraph's forward-only SQL migrations. */
  migrationsDir: string;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** The subgraph's SDL, with the shared fragments it includes (lib/schema-files.ts). */
export function readSchema(name: string): string {
  return readSchemaFiles(name);
}

/**
 * Applies the shared migrations (audit; with `admin` as that login, see lib/audit-db.ts), the
 * policy room's (lib/policy) and the subgraph's own (as the application's login, which owns
 * the subgraph's schema and the policy schema).
 */
export async function migrateSubgraph(
  db: Db,
  def: Pick<SubgraphDefinition, 'name' | 'migrationsDir'>,
  admin?: Db,
): Promise<void> {
  await migrateShared(db, admin);
  await migrate(db, 'policy', join(REPO_ROOT, 'lib', 'policy', 'migrations'));
  await migrate(db, def.name, def.migrationsDir);
}

/** Audit rows are written before the response leaves; if that fails, no data leaves. */
const auditPlugin: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        try {
          await contextValue.audit.flush(contextValue.db);
        } catch (err) {
          log.error(
            { err: (err as Error).message, requestId: contextValue.caller.requestId },
            'audit write failed',
          );
          if (response.body.kind === 'single') {
            response.body.singleResult.data = null;
            response.body.singleResult.errors = [
              new GraphQLError('access could not be logged; no data returned', {
                extensions: { code: 'AUDIT_FAILED' },
              }),
            ];
          }
        }
      },
    };
  },
};

/**
 * No ID longer than MAX_ID_CHARS, and no ID or String holding U+0000 or an unpaired surrogate,
 * reaches a resolver, wherever it stands in the arguments (lib/id-cap.ts): checked on the
 * resolved operation, before anything executes, so its refusal never depends on an access-log
 * write that such a value would fail.
 */
const idCapPlugin: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operationName, request }) {
        const err = oversizedIdError(schema, document, operationName, request.variables);
        if (err) throw err;
      },
    };
  },
};

export const INTERNAL_ERROR_MESSAGE = 'internal error';

/**
 * True when the error is one thrown on purpose for the caller: a GraphQLError with a code
 * (BAD_USER_INPUT, FORBIDDEN, NOT_FOUND, …, and the server's own parse/validation errors).
 * Anything else (a PostgreSQL error, a TypeError) is internal.
 */
export function isClientError(err: unknown): boolean {
  const inner = unwrapResolverError(err);
  if (inner !== err && !(inner instanceof GraphQLError)) return false;
  const code = (inner as GraphQLError)?.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
}

/** The code of a statement PostgreSQL cancelled at its statement_timeout (lib/db.ts StatementTimeouts). */
export const STATEMENT_TIMEOUT_CODE = 'STATEMENT_TIMEOUT';

/** What the caller is told when a statement ran past the statement timeout (the request id is added when known). */
export function statementTimeoutMessage(timeoutMs: number | null | undefined): string {
  return `the database did not finish within ${timeoutMs ? `the statement timeout of ${timeoutMs} ms` : 'its statement timeout'} and the statement was cancelled: ask for less (a shorter period, a smaller first) or try again later`;
}

/**
 * Internal errors never reach the caller as they are (PostgreSQL's text, a stack, a file
 * path): the server logs the error with the request id, the caller gets a generic message
 * and the same request id, to quote when reporting it. A statement PostgreSQL cancelled at
 * its statement_timeout (57014) is not a defect but an answer: the caller gets
 * STATEMENT_TIMEOUT saying so (statementTimeoutMessage, with the request id), and the log a
 * warning with the request id, subgraph, path and timeout (never the statement or its values).
 */
const maskInternalErrors = (
  subgraph: string,
  timeoutMs: number | null | undefined,
): ApolloServerPlugin<SubgraphContext> => ({
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const err of errors) {
          if (isClientError(err)) continue;
          const inner = unwrapResolverError(err) as Error;
          if (isStatementTimeout(inner)) {
            log.warn(
              {
                requestId: contextValue?.caller?.requestId,
                subgraph,
                path: err.path,
                statementTimeoutMs: timeoutMs ?? null,
                code: '57014',
              },
              'database statement cancelled at the statement timeout',
            );
            continue;
          }
          log.error(
            {
              requestId: contextValue?.caller?.requestId,
              path: err.path,
              err: inner?.message ?? err.message,
            },
            'internal error',
          );
        }
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const requestId = contextValue?.caller?.requestId;
        response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
          e.extensions?.code === 'INTERNAL_SERVER_ERROR'
            ? {
                message: requestId
                  ? `${INTERNAL_ERROR_MESSAGE} (request id ${requestId})`
                  : INTERNAL_ERROR_MESSAGE,
                path: e.path,
                locations: e.locations,
                extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
              }
            : e.extensions?.code === STATEMENT_TIMEOUT_CODE
              ? {
                  message: requestId
                    ? `${statementTimeoutMessage(timeoutMs)} (request id ${requestId})`
                    : statementTimeoutMessage(timeoutMs),
                  path: e.path,
                  locations: e.locations,
                  extensions: { code: STATEMENT_TIMEOUT_CODE, requestId },
                }
              : e,
        );
      },
    };
  },
});

export interface SubgraphListenOptions {
  db: Db;
  /** The admin login, for the shared (access log) migrations only. */
  adminDb?: Db;
  internalSecret: string;
  /** Loopback unless told otherwise (SUBGRAPH_HOST). */
  host: string;
  port: number;
  migrate?: boolean;
  /** Mutual TLS: serve HTTPS and accept only clients with a certificate from `ca`. */
  tls?: { ca: string; cert: string; key: string };
  /** Largest request body accepted from the gateway. */
  bodyLimitBytes?: number;
  /** Free text one request may carry (RESPONSE_MAX_TEXT_BYTES, lib/text-budget.ts). */
  textBudgetBytes?: number;
  /**
   * Benchmarks only (bench/policy.ts measures what the policy and the access log cost):
   * no policy compiled, no field checks, no access-log rows. Never set from configuration.
   */
  withoutPolicyAndAudit?: boolean;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startSubgraph(
  def: SubgraphDefinition,
  opts: SubgraphListenOptions,
): Promise<RunningSubgraph> {
  if (opts.migrate !== false) await migrateSubgraph(opts.db, def, opts.adminDb);
  const schema = buildSubgraphSchema([
    // Checked against the generated types where written; Apollo's own map types
    // __resolveReference with the field-resolver signature, hence the cast.
    { typeDefs: parse(readSchema(def.name)), resolvers: def.resolvers as ResolverMap },
  ]);
  const bare = opts.withoutPolicyAndAudit === true;
  if (!bare) enforceFieldPolicy(schema);
  const masked = maskInternalErrors(def.name, opts.db.statementTimeouts?.query);
  const server = new ApolloServer<SubgraphContext>({
    schema,
    // Apollo's default cache-control and inline-trace plugins wrap every field resolver;
    // nothing here uses HTTP caching or Apollo usage reporting (the dossier's 5,000-item
    // answers spent a tenth of their time in that wrapping).
    plugins: [
      ...(bare ? [masked] : [auditPlugin, masked]),
      idCapPlugin,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, err) =>
      isClientError(err)
        ? formatted
        : isStatementTimeout(unwrapResolverError(err))
          ? {
              message: statementTimeoutMessage(opts.db.statementTimeouts?.query),
              path: formatted.path,
              locations: formatted.locations,
              extensions: { code: STATEMENT_TIMEOUT_CODE },
            }
          : { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } },
    logger: {
      debug: (m) => log.debug({ subgraph: def.name }, String(m)),
      info: (m) => log.info({ subgraph: def.name }, String(m)),
      warn: (m) => log.warn({ subgraph: def.name }, String(m)),
      error: (m) => log.error({ subgraph: def.name }, String(m)),
    },
  });
  await server.start();
  // A matter, grant or access request written by another process drops this one's compiled
  // reaches too (reach-cache.ts: NOTIFY from the policy's triggers).
  const reachListener = bare ? null : await listenForReachChanges(opts.db);
  // Each caller statement is accepted once (lib/auth.ts); one process, so one cache.
  const replay = new StatementReplayCache();
  /** `signed`: what the statement must be bound to, the raw body (a GET: its query string). */
  const context = async (req: IncomingMessage, signed: Buffer | string): Promise<SubgraphContext> => {
    const header = req.headers[INTERNAL_HEADER];
    let caller: CallerContext;
    try {
      caller = await verifyInternalToken(Array.isArray(header) ? header[0] : header, opts.internalSecret, {
        audience: def.name,
        body: signed,
        replay,
      });
    } catch (err) {
      const message = err instanceof AuthError ? err.message : 'caller statement rejected';
      // A replayed, misdirected or forged statement is a security event: where and why, never
      // the statement or the body (the operation's variables carry patient data).
      log.warn(
        { subgraph: def.name, reason: message, remote: req.socket.remoteAddress },
        'caller statement refused',
      );
      throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    const loaders = new Map<string, DataLoader<unknown, unknown>>();
    const ctx: SubgraphContext = {
      caller,
      db: opts.db,
      audit: new AuditTrail(def.name, caller),
      policy: bare ? new AccessPolicy(caller, null, null) : await compilePolicyOnce(opts.db, caller),
      textBudgetBytes: opts.textBudgetBytes,
      loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>) {
        let l = loaders.get(name);
        if (!l) {
          l = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
          loaders.set(name, l);
        }
        return l as DataLoader<K, V>;
      },
    };
    // Each row names the access request that allowed it (a case handler's, on purpose
    // ACCESS_REQUEST): asked of the policy in force when the rows are written (a registration
    // recompiles it; pasientjournalforskriften § 14).
    ctx.audit.matterOf = (key) => ctx.policy.requestMatterOf(key);
    return ctx;
  };
  const limit = opts.bodyLimitBytes ?? 16 * 1024 * 1024;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
    };
    let body: unknown;
    const url = new URL(req.url ?? '/', 'http://subgraph');
    let signed: Buffer | string = url.search;
    if (req.method === 'POST') {
      const raw = await readBody(req, limit);
      if (!raw) return send(413, `request body exceeds ${limit} bytes`);
      signed = raw;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(400, 'request body is not JSON');
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => context(req, signed),
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      log.error({ subgraph: def.name, err: (err as Error).message }, 'subgraph request failed');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: INTERNAL_ERROR_MESSAGE }] }));
      } else res.end();
    });
  };
  const httpServer = opts.tls
    ? createHttpsServer(
        {
          ca: opts.tls.ca,
          cert: opts.tls.cert,
          key: opts.tls.key,
          requestCert: true,
          rejectUnauthorized: true,
        },
        listener,
      )
    : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  }).catch(async (err: unknown) => {
    await reachListener?.stop();
    throw err;
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `${opts.tls ? 'https' : 'http'}://${host}:${port}/`;
  log.info({ subgraph: def.name, url }, 'subgraph listening');
  let stopped: Promise<void> | undefined;
  return {
    name: def.name,
    url,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
        await server.stop();
        await reachListener?.stop();
      })();
      return stopped;
    },
  };
}
