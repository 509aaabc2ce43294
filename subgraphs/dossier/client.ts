/**
 * Asks an owning subgraph through its own GraphQL API, as the caller: the gateway's caller
 * statement is re-signed for the same user, role, purpose, matter and request id, a new
 * statement for each call, bound to that owner and that request body (lib/auth.ts), so the
 * owner compiles the caller's policy, refuses what the caller may not see and writes its
 * access-log rows under the same request. The dossier subgraph reads no table of another room.
 */
import { GraphQLError } from 'graphql';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { INTERNAL_HEADER, signInternalToken, type CallerContext } from '../../lib/auth';

export type Owner = 'journal' | 'archive' | 'coercion' | 'search';
export type OwnerUrls = Record<Owner, string>;

export interface OwnerTls {
  ca: string;
  cert: string;
  key: string;
}

export interface OwnerClientOptions {
  urls: () => OwnerUrls;
  internalSecret: string;
  tls?: OwnerTls;
  /** How long an owner may take to answer (ms; lib/config.ts upstreamTimeoutMs): then the call fails. */
  timeoutMs?: number;
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One POST to an owner, its whole answer as text (exported for its test). */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  tls?: OwnerTls,
  timeoutMs?: number,
): Promise<string> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // No whole answer in time: the call fails (found in review: it waited as long as the owner
    // did). A timer over the whole exchange, not the socket's idle timeout: an owner sending
    // slowly kept an idle timeout from firing (found in final review).
    const timer =
      timeoutMs !== undefined && timeoutMs > 0
        ? setTimeout(
            () => req.destroy(new Error(`${u.host} did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          )
        : undefined;
    const done = () => clearTimeout(timer);
    const req = send(
      u,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        ...(tls && u.protocol === 'https:' ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          done();
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (err) => {
          done();
          reject(err);
        });
      },
    );
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.end(body);
  });
}

/** Errors the owner meant for the caller (FORBIDDEN, BAD_USER_INPUT, …) pass on as they are. */
const PASS_ON = new Set([
  'FORBIDDEN',
  // The owner's statement ran past its statement timeout (lib/subgraph.ts): the caller's to retry or narrow.
  'STATEMENT_TIMEOUT',
  'BAD_USER_INPUT',
  // More note text or content than one request may carry (review s45): the caller's to narrow.
  'RESPONSE_TOO_LARGE',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'SEARCH_UNAVAILABLE',
]);

export class OwnerClient {
  constructor(
    private readonly opts: OwnerClientOptions,
    private readonly caller: CallerContext,
  ) {}

  async query<T>(owner: Owner, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await this.answer<T>(owner, query, variables);
    const err = body.errors?.[0];
    if (err) {
      const code = String(err.extensions?.code ?? '');
      if (PASS_ON.has(code))
        throw new GraphQLError(err.message, {
          extensions: { code, ...(err.extensions?.rule ? { rule: err.extensions.rule } : {}) },
        });
      throw new Error(`${owner}: ${err.message}`);
    }
    if (!body.data) throw new Error(`${owner} answered without data`);
    return body.data;
  }

  /**
   * The owner's whole answer, its errors included (a field's refusal beside the rest of the
   * data, e.g. a document's file refused or quarantined): the caller decides what each means.
   */
  async answer<T>(
    owner: Owner,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const request = JSON.stringify({ query, variables });
    const statement = await signInternalToken(this.caller, this.opts.internalSecret, {
      audience: owner,
      body: request,
    });
    const text = await post(
      this.opts.urls()[owner],
      request,
      { [INTERNAL_HEADER]: statement },
      this.opts.tls,
      this.opts.timeoutMs,
    );
    try {
      return JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new Error(`${owner} answered with something that is not JSON`);
    }
  }
}
