import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../lib/config';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { journalResolvers, resolvers, type ArchiveLimits } from './resolvers';
import { statisticsResolvers } from './statistics';

export type { ArchiveLimits } from './resolvers';

/**
 * The subgraph under the configured limits (lib/config.ts: POSTJOURNAL_MAX_DAYS,
 * POSTJOURNAL_MAX_LINES), with its statistics for reporting (issue 16).
 */
export function archiveSubgraphWith(limits: ArchiveLimits): SubgraphDefinition {
  const merged: Resolvers = {
    ...resolvers,
    ...statisticsResolvers,
    Query: { ...resolvers.Query, ...statisticsResolvers.Query, ...journalResolvers(limits) },
  };
  return { name: 'archive', resolvers: merged, migrationsDir: join(__dirname, 'migrations') };
}

/** The subgraph with the default limits: its migrations, for the CLI and the tests that need only those. */
export const archiveSubgraph: SubgraphDefinition = archiveSubgraphWith(DEFAULT_LIMITS);
