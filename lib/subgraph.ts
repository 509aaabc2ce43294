import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import DataLoader from 'dataloader';
import { GraphQLError, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditTrail } from './audit';
import { AuthError, INTERNAL_HEADER, verifyInternalToken, type CallerContext } from './auth';
import type { Db } from './db';
import { log } from './log';
import { migrateShared } from './audit-db';
import { migrate } from './migrate';

export const REPO_ROOT = join(__dirname, '..');

/** What every resolver of every subgraph gets. */
export interface SubgraphContext {
  caller: CallerContext;
  db: Db;
  audit: AuditTrail;
  /** A DataLoader that lives for this request only, created on first use. */
  loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V>;
}

export type Resolvers = GraphQLResolverMap<SubgraphContext>;

export interface SubgraphDefinition {
  name: string;
  resolvers: Resolvers;
  /** Folder of this subgraph's forward-only SQL migrations. */
  migrationsDir: string;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  stop(): Promise<void>;
}

export function readSchema(name: string): string {
  return readFileSync(join(REPO_ROOT, 'schema', `${name}.graphql`), 'utf8');
}

/**
 * Applies the shared migrations (audit; with `admin` as that login, see lib/audit-db.ts) and
 * the subgraph's own (as the application's login, which owns the subgraph's schema).
 */
export async function migrateSubgraph(
  db: Db,
  def: Pick<SubgraphDefinition, 'name' | 'migrationsDir'>,
  admin?: Db,
): Promise<void> {
  await migrateShared(db, admin);
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

export async function startSubgraph(
  def: SubgraphDefinition,
  opts: { db: Db; adminDb?: Db; internalSecret: string; host: string; port: number; migrate?: boolean },
): Promise<RunningSubgraph> {
  if (opts.migrate !== false) await migrateSubgraph(opts.db, def, opts.adminDb);
  const schema = buildSubgraphSchema([{ typeDefs: parse(readSchema(def.name)), resolvers: def.resolvers }]);
  const server = new ApolloServer<SubgraphContext>({
    schema,
    plugins: [auditPlugin],
    includeStacktraceInErrorResponses: false,
    logger: {
      debug: (m) => log.debug({ subgraph: def.name }, String(m)),
      info: (m) => log.info({ subgraph: def.name }, String(m)),
      warn: (m) => log.warn({ subgraph: def.name }, String(m)),
      error: (m) => log.error({ subgraph: def.name }, String(m)),
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: opts.host, port: opts.port },
    context: async ({ req }) => {
      const header = req.headers[INTERNAL_HEADER];
      let caller: CallerContext;
      try {
        caller = await verifyInternalToken(Array.isArray(header) ? header[0] : header, opts.internalSecret);
      } catch (err) {
        const message = err instanceof AuthError ? err.message : 'caller statement rejected';
        throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      const loaders = new Map<string, DataLoader<unknown, unknown>>();
      return {
        caller,
        db: opts.db,
        audit: new AuditTrail(def.name, caller),
        loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>) {
          let l = loaders.get(name);
          if (!l) {
            l = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
            loaders.set(name, l);
          }
          return l as DataLoader<K, V>;
        },
      };
    },
  });
  log.info({ subgraph: def.name, url }, 'subgraph listening');
  return { name: def.name, url, stop: () => server.stop() };
}
