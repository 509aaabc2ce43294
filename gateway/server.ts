import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
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
import type { Config } from '../lib/config';
import { log } from '../lib/log';
import { composeSupergraph, type SubgraphEndpoint } from './compose';

export interface GatewayOptions {
  subgraphs: SubgraphEndpoint[];
  jwt: Config['jwt'];
  internalSecret: string;
  host: string;
  port: number;
  /** Pre-filled in GraphiQL's headers (dev mode only). */
  graphiqlToken?: string;
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

function unauthenticated(res: ServerResponse, message: string, requestId: string): void {
  sendJson(
    res,
    401,
    { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
    {
      'www-authenticate': 'Bearer',
      'x-request-id': requestId,
    },
  );
}

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = composeSupergraph(opts.subgraphs);
  const verify = createUserTokenVerifier(opts.jwt);
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: 'error',
    landingPage: false,
    renderGraphiQL,
    graphiql: {
      title: 'Helsespor',
      defaultQuery: EXAMPLE_QUERY,
      headers: opts.graphiqlToken
        ? JSON.stringify({ Authorization: `Bearer ${opts.graphiqlToken}` }, null, 2)
        : undefined,
    },
    propagateHeaders: {
      // Only the gateway's own signed statement of the caller goes on to the subgraphs.
      fromClientToSubgraphs: ({ request }) => ({ [INTERNAL_HEADER]: request.headers.get(INTERNAL_HEADER) }),
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
    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (!wantsPage) {
      const auth = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!match) return unauthenticated(res, 'missing bearer token', requestId);
      let caller: CallerContext;
      try {
        const claims = await verify(match[1]!);
        caller = {
          userId: claims.sub,
          role: claims.role,
          purpose: claims.purpose,
          matter: claims.matter,
          organisation: claims.org,
          selfAuthorized: claims.btg ?? false,
          requestId,
        };
      } catch (err) {
        return unauthenticated(res, err instanceof AuthError ? err.message : 'invalid token', requestId);
      }
      req.headers[INTERNAL_HEADER] = await signInternalToken(caller, opts.internalSecret);
      delete req.headers.authorization;
      log.info(
        { requestId, userId: caller.userId, role: caller.role, purpose: caller.purpose },
        'graphql request',
      );
    }
    // The runtime echoes x-request-id; make it ours, the id the access log carries.
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    await runtime.requestListener(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      log.error({ err: (err as Error).message }, 'gateway request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error' }] });
      else res.end();
    });
  });
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
    },
  };
}
