import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../lib/config';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { coercionResolvers, type CoercionLimits } from './resolvers';
import { statisticsResolvers } from './statistics';

/**
 * The subgraph under the configured limits (lib/config.ts: COERCION_MAX_EXECUTIONS), with its
 * statistics for reporting (issue 16).
 */
export function coercionSubgraphWith(limits: CoercionLimits): SubgraphDefinition {
  const resolvers = coercionResolvers(limits);
  const merged: Resolvers = {
    ...resolvers,
    ...statisticsResolvers,
    Query: { ...resolvers.Query, ...statisticsResolvers.Query },
  };
  return { name: 'coercion', resolvers: merged, migrationsDir: join(__dirname, 'migrations') };
}

/** The subgraph with the default limits: its migrations, for the CLI and the tests that need only those. */
export const coercionSubgraph: SubgraphDefinition = coercionSubgraphWith(DEFAULT_LIMITS);
