import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { Logger as RuntimeLogger, type Attributes, type LogLevel } from '@graphql-hive/logger';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthError,
  INTERNAL_HEADER,
  createUserTokenVerifier,
  signInternalToken,
  type CallerContext,
} from '../lib/auth';
import { Agent as HttpsAgent } from 'node:https';
import { DEFAULT_LIMITS, type Config, type Limits, type SubgraphTls } from '../lib/config';
import { log } from '../lib/log';
import { composeSupergraph, type SubgraphEndpoint } from './compose';
import { countJsonValues, limitPlugins, tooManyValues } from './limits';
import { responseBudgetPlugin } from './response-budget';

export interface GatewayOptions {
  subgraphs: SubgraphEndpoint[];
  jwt: Config['jwt'];
  internalSecret: string;
  host: string;
  port: number;
  /** Query and request limits (lib/config.ts). */
  limits?: Limits;
  /** Production: no GraphiQL, no introspection, no field suggestions. */
  production?: boolean;
  /** Mutual TLS to the subgraphs: the CA that signed their certificates and the gateway's client certificate. */
  subgraphTls?: Pick<SubgraphTls, 'ca' | 'clientCert' | 'clientKey'>;
}

export interface RunningGateway {
  url: string;
  supergraphSdl: string;
  stop(): Promise<void>;
}

const EXAMPLE_QUERY = `# The demo patient of npm start; replace the id with one of yours.
query Patient {
  patient(id: "pat-92597375a34ba03e") {
    givenName familyName birthDate
    journal(first: 5) { totalCount edges { node { writtenAt type sourceSystem text } } }
    cases { mappeId tittel saksstatus }
    search(query: "mobbing") { total hits { matchedExpansions highlights } }
  }
}`;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * 401. A request whose body is not read (the token is checked first) is answered with
 * `connection: close`, so the body is never buffered and the connection does not stay open.
 */
function unauthenticated(
  res: ServerResponse,
  message: string,
  requestId: string,
  req: IncomingMessage,
): void {
  const unread = req.method !== 'GET' && req.method !== 'HEAD' && !req.complete;
  sendJson(
    res,
    401,
    { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
    {
      'www-authenticate': 'Bearer',
      'x-request-id': requestId,
      ...(unread ? { connection: 'close' } : {}),
    },
  );
}

/**
 * GraphiQL's headers editor starts with a placeholder: the page is served to anyone who
 * asks, so it never carries a credential. `npm start` prints a dev token to paste.
 */
export const GRAPHIQL_HEADERS = JSON.stringify(
  { Authorization: 'Bearer <paste the dev token npm start printed>' },
  null,
  2,
);

/**
 * The request body cap: a declared Content-Length over the limit is refused at once; any
 * other body is read up to the limit and refused when it passes it. The body read here is
 * handed to the runtime as it is: whatwg-node takes a pre-read body from `req.body` when
 * `Object.keys(req.body).length > 0` (@whatwg-node/server normalizeNodeRequest), which on a
 * Buffer lists every byte's index: 135 ms and as many strings for the garbage collector for a
 * body of 900 KB, on every request, before any limit could look at it (found in review: a
 * request with 100,000 variables took 0.6–0.8 s to be refused). It gets the bytes as an async
 * iterable with one own property instead (preReadBody), which passes that check in constant
 * time and is read as the Buffer was (a Blob is no way round: Node's fails the runtime's body
 * size check, the runtime's own is not taken for a body).
 */
async function readCappedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  requestId: string,
): Promise<{ body?: Buffer } | null> {
  const tooLarge = () => {
    sendJson(
      res,
      413,
      {
        errors: [
          { message: `request body exceeds ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
        ],
      },
      { 'x-request-id': requestId, connection: 'close' },
    );
    req.destroy();
    return null;
  };
  if (req.method === 'GET' || req.method === 'HEAD') return {};
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return tooLarge();
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  delete req.headers['transfer-encoding'];
  req.headers['content-length'] = String(body.length);
  (req as IncomingMessage & { body?: unknown }).body = preReadBody(body);
  return { body };
}

/** A body already read, as whatwg-node takes it from `req.body` (see readCappedBody). */
export function preReadBody(body: Buffer): { byteLength: number } & AsyncIterable<Buffer> {
  return {
    byteLength: body.length,
    async *[Symbol.asyncIterator]() {
      yield body;
    },
  };
}

/** A JSON media type (application/json, application/graphql-response+json, …), as the first of a list. */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  return /^application\/([\w.-]+\+)?json$/.test(type);
}

/**
 * The media types the runtime reads a POST's GraphQL parameters from, matched as it matches
 * them (graphql-yoga isContentTypeMatch: the first of a list, exactly or before a `;`).
 * Multipart (file uploads) is not among them: no field takes a file.
 */
export const POST_MEDIA_TYPES = [
  'application/json',
  'application/graphql+json',
  'application/graphql',
  'application/x-www-form-urlencoded',
] as const;

/**
 * Why the gateway cannot read this request's body, or null. A Content-Encoding (gzip, deflate,
 * br, …) is refused, not decompressed: the body limit (REQUEST_BODY_LIMIT_BYTES) and the value
 * limit hold for the bytes as sent, and a decompressed body would need its own cap against a
 * compression bomb for no client of this service (none compresses requests). Found in review:
 * a gzip body was HTTP 400 "POST body sent invalid JSON" with the compressed bytes echoed back
 * in the error; multipart and a POST without a Content-Type were HTTP 415 with an empty body.
 * The refusal names the header, never the body.
 */
export function unreadableBody(
  method: string | undefined,
  headers: { 'content-type'?: string; 'content-encoding'?: string },
): string | null {
  if (method !== 'POST') return null;
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity')
    return `Content-Encoding ${shown(encoding)} is not supported: send the request body uncompressed (without a Content-Encoding header)`;
  const accepted = `send the GraphQL request as application/json (also read: ${POST_MEDIA_TYPES.slice(1).join(', ')})`;
  const contentType = headers['content-type'];
  if (!contentType?.trim()) return `a POST needs a Content-Type: ${accepted}`;
  // Matched more loosely than the runtime does (any case, spaces): what passes here and not
  // there is the runtime's answer, as before; what is refused here the runtime refuses too.
  const sent = contentType.split(',')[0]!.split(';')[0]!.trim();
  const type = sent.toLowerCase();
  if ((POST_MEDIA_TYPES as readonly string[]).includes(type)) return null;
  if (type === 'multipart/form-data')
    return `Content-Type multipart/form-data (GraphQL multipart requests, file uploads) is not supported: ${accepted}`;
  return `Content-Type ${shown(sent)} is not supported: ${accepted}`;
}

/** A header value in a message: a media type or encoding token as sent, or nothing of it. */
const shown = (value: string) => (/^[\w.+/-]{1,100}$/.test(value) ? value : '(as sent)');

/** The GraphQL parameters that are JSON when a request carries them as URL or form parameters. */
const JSON_PARAMETERS = ['variables', 'extensions'] as const;

/**
 * The GraphQL parameters of a GET's query string or of a form-encoded POST's body, as the
 * runtime reads them; null for any other request (a JSON body, multipart: the runtime checks
 * those itself).
 */
export function urlParameters(
  method: string | undefined,
  url: URL,
  contentType: string | undefined,
  body: Uint8Array | undefined,
): URLSearchParams | null {
  if (method === 'GET') return url.searchParams;
  // As the runtime matches it: the first of a list, then the media type before any parameter.
  const type = (contentType ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  if (method === 'POST' && type === 'application/x-www-form-urlencoded')
    return new URLSearchParams(Buffer.from(body ?? []).toString('utf8'));
  return null;
}

/**
 * The first of `variables` and `extensions` that is given but is not JSON, or null. The runtime
 * parses them with JSON.parse outside its error handling: a GET with `variables=%7Bbad` (or a
 * form-encoded POST) was HTTP 500 "internal error", logged as an internal error at the gateway
 * (found in review). Whether the JSON is an object is the runtime's check (400 BAD_REQUEST).
 */
export function notJsonParameter(params: URLSearchParams): string | null {
  for (const name of JSON_PARAMETERS) {
    const value = params.get(name);
    if (!value) continue; // empty or absent: none, as the runtime reads it
    try {
      JSON.parse(value);
    } catch {
      return name;
    }
  }
  return null;
}

interface ResultLike {
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The runtime masks an unexpected failure (a subgraph that does not answer, a bug) as
 * "Unexpected error."; say which request it was, as the subgraphs do, so the caller can
 * quote the id the server logged it under. A subgraph that did not answer within the upstream
 * timeout is named, with the request id; the runtime's own error carried the subgraph's
 * address and the request it sent (its body holds the operation's variables: national ids,
 * names), which never reach the caller (found in review).
 */
const requestIdOnInternalErrors = {
  onResultProcess({
    request,
    result,
    setResult,
  }: {
    request: Request;
    result: unknown;
    setResult: (r: unknown) => void;
  }) {
    const r = result as ResultLike;
    if (Array.isArray(result) || !r?.errors?.length) return;
    const requestId = request.headers.get('x-request-id');
    let changed = false;
    const errors = r.errors.map((e) => {
      if (e.extensions?.code === 'GATEWAY_TIMEOUT') {
        changed = true;
        const subgraph =
          typeof e.extensions.serviceName === 'string' ? e.extensions.serviceName : 'a subgraph';
        const path = (e as { path?: unknown }).path;
        log.warn({ requestId, subgraph, path }, 'a subgraph did not answer within the upstream timeout');
        return {
          message: `${subgraph} did not answer in time (request id ${requestId})`,
          ...(path ? { path } : {}),
          extensions: { code: 'GATEWAY_TIMEOUT', requestId },
        };
      }
      if (e.extensions?.request) {
        // Never the subgraph request the runtime sent (its address, the variables).
        changed = true;
        const { request: _sent, ...extensions } = e.extensions;
        return { ...e, extensions };
      }
      // A variable whose value does not fit its type (graphql-js's coercion, before anything runs:
      // `Variable "$ids" got invalid value …`, `… of required type … was not provided`) is the
      // caller's mistake, and came with no code at all, where every other bad input says
      // BAD_USER_INPUT (review s39).
      if (e.extensions?.code === undefined && /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /.test(e.message)) {
        changed = true;
        return { ...e, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } };
      }
      if (e.extensions?.code !== 'INTERNAL_SERVER_ERROR' || e.message !== 'Unexpected error.') return e;
      changed = true;
      log.error({ requestId, path: (e as { path?: unknown }).path }, 'internal error at the gateway');
      return {
        ...e,
        message: `internal error (request id ${requestId})`,
        extensions: { ...e.extensions, requestId },
      };
    });
    if (changed) setResult({ ...r, errors });
  },
};

/**
 * What the runtime may put in our log of its own events: never the subgraph request it
 * failed to send (its `extensions.request.body` holds the operation's variables: national
 * ids, record text, names), only where and why. The access log is the record of who asked
 * for what; the service log carries no patient data (lib/log.ts).
 */
export function runtimeLogAttributes(attrs: Attributes | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) return out;
  const a = attrs as Record<string, unknown>;
  const ext = (a.extensions ?? {}) as Record<string, unknown>;
  if (typeof a.message === 'string') out.err = a.message;
  if (Array.isArray(a.path)) out.path = a.path;
  if (typeof ext.code === 'string') out.code = ext.code;
  if (typeof ext.serviceName === 'string') out.subgraph = ext.serviceName;
  return out;
}

const runtimeLogger = new RuntimeLogger({
  level: 'error',
  writers: [
    {
      write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined) {
        const at = level === 'trace' ? 'debug' : level;
        log[at]({ scope: 'gateway-runtime', ...runtimeLogAttributes(attrs) }, msg ?? 'gateway runtime');
      },
    },
  ],
});

/** A subgraph's address as the runtime fetches it. */
function normalUrl(u: string): string {
  try {
    return new URL(u).href;
  } catch {
    return u;
  }
}

/**
 * Signs the caller statement for each request the runtime sends to a subgraph, as it is sent:
 * for that subgraph (`aud`), over that exact body (`bh`), with its own `jti` (lib/auth.ts). The
 * caller is looked up by the gateway's request id, which is also propagated as a header so
 * that the runtime's de-duplication of identical in-flight subgraph requests never joins two
 * requests (two callers) into one.
 */
function callerStatementPlugin(
  subgraphs: readonly SubgraphEndpoint[],
  callers: ReadonlyMap<string, CallerContext>,
  secret: string,
) {
  const normal = normalUrl;
  const byUrl = new Map(subgraphs.map((s) => [normal(s.url), s.name]));
  return {
    async onFetch({
      url,
      options,
      executionRequest,
    }: {
      url: string;
      options: { method?: string; body?: unknown; headers?: Record<string, string> };
      executionRequest?: { context?: { request?: Request } };
    }) {
      const requestId = executionRequest?.context?.request?.headers.get('x-request-id');
      const caller = requestId ? callers.get(requestId) : undefined;
      const audience = byUrl.get(normal(url));
      if (!audience)
        log.warn({ requestId }, 'a subgraph request to an unknown address goes without a caller statement');
      if (!caller || !audience) return; // sent without a statement: the subgraph refuses it (401)
      const body =
        typeof options.body === 'string'
          ? options.body
          : (options.method ?? 'GET').toUpperCase() === 'GET'
            ? new URL(url).search
            : undefined;
      if (body === undefined) throw new Error('a subgraph request body that is not text cannot be signed');
      options.headers = {
        ...options.headers,
        [INTERNAL_HEADER]: await signInternalToken(caller, secret, { audience, body }),
      };
    },
  };
}

/**
 * Releases each subgraph fetch's abort listeners as soon as the fetch is done. The HTTP executor
 * joins the signal it is given (the upstream timeout's) with its own, which lives as long as the
 * gateway (abortSignalAny of @graphql-hive/signal), and removes its listener from that long-lived
 * signal only when the joined signal aborts or is garbage-collected: one listener per fetch piled
 * up on it across requests, for up to the upstream timeout (Node warned of a leak at 101). Each
 * fetch gets a signal of its own here, which follows the one it was given and is aborted once the
 * result is in; the joined signals then abort and take their listeners with them.
 */
const releaseUpstreamSignals = {
  onSubgraphExecute({
    executor,
    setExecutor,
  }: {
    executor: (req: { signal?: AbortSignal }) => unknown;
    setExecutor: (e: (req: { signal?: AbortSignal }) => unknown) => void;
  }) {
    setExecutor((req) => {
      const done = new AbortController();
      const given = req.signal;
      const follow = () => done.abort(given?.reason);
      given?.addEventListener('abort', follow, { once: true });
      const release = () => {
        given?.removeEventListener('abort', follow);
        done.abort();
      };
      const settled = (r: unknown) => {
        // A stream (subscription, @defer) still reads with the signal: left to the runtime.
        if (!(r && typeof r === 'object' && Symbol.asyncIterator in r)) release();
        return r;
      };
      // In place, not a copy: the runtime keys the timeout's error details by this object.
      req.signal = done.signal;
      let res: unknown;
      try {
        res = executor(req);
      } catch (err) {
        release();
        throw err;
      }
      if (res && typeof (res as PromiseLike<unknown>).then === 'function')
        return Promise.resolve(res).then(settled, (err: unknown) => {
          release();
          throw err;
        });
      return settled(res);
    });
  },
};

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = composeSupergraph(opts.subgraphs);
  const verify = createUserTokenVerifier(opts.jwt);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const production = opts.production ?? false;
  const tls = opts.subgraphTls;
  const agent = tls
    ? new HttpsAgent({ ca: tls.ca, cert: tls.clientCert, key: tls.clientKey, keepAlive: true })
    : undefined;
  /** The verified caller of each request in flight, by request id (callerStatementPlugin). */
  const callers = new Map<string, CallerContext>();
  const subgraphByUrl = new Map(opts.subgraphs.map((s) => [normalUrl(s.url), s.name]));
  const subgraphOf = (url: string) => subgraphByUrl.get(normalUrl(url));
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: runtimeLogger,
    landingPage: false,
    renderGraphiQL,
    graphiql: production
      ? false
      : { title: 'Helsespor', defaultQuery: EXAMPLE_QUERY, headers: GRAPHIQL_HEADERS },
    disableIntrospection: production ? { disableIf: () => true } : undefined,
    plugins: () =>
      [
        ...limitPlugins(limits, { blockFieldSuggestions: production }),
        requestIdOnInternalErrors,
        callerStatementPlugin(opts.subgraphs, callers, opts.internalSecret),
        // Every subgraph answer of one client request counted together (RESPONSE_MAX_BYTES, s47).
        responseBudgetPlugin(limits.responseBytes, subgraphOf),
        releaseUpstreamSignals,
      ] as never[],
    ...(agent ? { customAgent: () => agent } : {}),
    // A subgraph that accepts the connection and never answers fails its part of the request
    // after this long (found in review: a request stayed open for as long as the subgraph did).
    upstreamTimeout: limits.upstreamTimeoutMs,
    propagateHeaders: {
      // No client header goes on to the subgraphs: the request id (ours, set below) keeps the
      // runtime from joining two requests' subgraph fetches, and callerStatementPlugin adds
      // the statement signed for each fetch.
      fromClientToSubgraphs: ({ request }) => ({ 'x-request-id': request.headers.get('x-request-id') }),
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const requestId = randomUUID();
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok', subgraphs: opts.subgraphs.map((s) => s.name) });
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, { errors: [{ message: 'not found: use /graphql or /healthz' }] });
      return;
    }
    delete req.headers[INTERNAL_HEADER];
    // The token is checked before the body is read: a caller without a valid token gets its
    // 401 at once and the connection is closed, its body never buffered (found in review: 300
    // connections with no token, each trickling a declared 1 MB body, were read into memory
    // before any of them was refused).
    // Only GraphiQL's page is served without a token. In production there is no page, and the
    // runtime would execute a GET that asks for text/html as a query: it needs a token too.
    const wantsPage = !production && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (!wantsPage) {
      const auth = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!match) return unauthenticated(res, 'missing bearer token', requestId, req);
      let caller: CallerContext;
      try {
        const claims = await verify(match[1]!);
        caller = {
          userId: claims.sub,
          role: claims.role,
          purpose: claims.purpose,
          matter: claims.matter,
          grant: claims.grant,
          organisation: claims.org,
          selfAuthorized: claims.btg ?? false,
          requestId,
        };
      } catch (err) {
        return unauthenticated(res, err instanceof AuthError ? err.message : 'invalid token', requestId, req);
      }
      callers.set(requestId, caller);
      res.once('close', () => callers.delete(requestId));
      delete req.headers.authorization;
      log.info(
        { requestId, userId: caller.userId, role: caller.role, purpose: caller.purpose },
        'graphql request',
      );
    }
    const read = await readCappedBody(req, res, limits.requestBodyBytes, requestId);
    if (!read) return;
    const unreadable = wantsPage ? null : unreadableBody(req.method, req.headers);
    if (unreadable) {
      sendJson(
        res,
        415,
        { errors: [{ message: unreadable, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] },
        { 'x-request-id': requestId },
      );
      return;
    }
    const params = wantsPage ? null : urlParameters(req.method, url, req.headers['content-type'], read.body);
    // More values than GRAPHQL_MAX_REQUEST_VALUES in a JSON body or in the variables parameter,
    // refused before anything parses them: the runtime's JSON.parse of 100,000 small values took
    // longer than all the rest of the refusal (gateway/limits.ts requestValuesLimitPlugin counts
    // the parameters however they come, after the runtime has parsed them).
    const json = params
      ? Buffer.from(params.get('variables') ?? '')
      : !wantsPage && read.body && isJson(req.headers['content-type'])
        ? read.body
        : undefined;
    if (json && countJsonValues(json, limits.maxRequestValues) > limits.maxRequestValues) {
      const err = tooManyValues(limits.maxRequestValues);
      sendJson(
        res,
        413,
        { errors: [{ message: err.message, extensions: { code: err.extensions.code } }] },
        { 'x-request-id': requestId },
      );
      return;
    }
    const notJson = params && notJsonParameter(params);
    if (notJson) {
      // Never the value in the answer or the log: variables hold national ids and names.
      sendJson(
        res,
        400,
        {
          errors: [
            {
              message: `the ${notJson} parameter is not valid JSON (a JSON object is expected)`,
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
        { 'x-request-id': requestId },
      );
      return;
    }
    // The runtime echoes x-request-id; make it ours, the id the access log carries.
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    await runtime.requestListener(req, res);
  }

  // A whole request (headers and body) must arrive within requestReadTimeoutMs; Node checks
  // every connectionsCheckingInterval, so that is a fraction of it (its default is 30 s).
  const server = createServer(
    {
      requestTimeout: limits.requestReadTimeoutMs,
      headersTimeout: limits.requestReadTimeoutMs,
      connectionsCheckingInterval: Math.max(
        250,
        Math.min(30_000, Math.floor(limits.requestReadTimeoutMs / 4)),
      ),
    },
    (req, res) => {
      handle(req, res).catch((err) => {
        // A client that went away, or ran out of REQUEST_READ_TIMEOUT_MS, while its body was read.
        if (req.destroyed && (err as Error).message === 'aborted') {
          log.info(
            { timeoutMs: limits.requestReadTimeoutMs },
            'request body not received: connection closed',
          );
          return;
        }
        log.error({ err: (err as Error).message }, 'gateway request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error' }] });
        else res.end();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}/graphql`;
  log.info({ url }, 'gateway listening');
  return {
    url,
    supergraphSdl,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await runtime.dispose();
      agent?.destroy();
    },
  };
}
