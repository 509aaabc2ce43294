import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { resolvers } from './resolvers';
import { statisticsResolvers } from './statistics';

/** The subgraph's resolvers and its statistics for reporting (issue 16). */
const merged: Resolvers = {
  ...resolvers,
  ...statisticsResolvers,
  Query: { ...resolvers.Query, ...statisticsResolvers.Query },
};

export const archiveSubgraph: SubgraphDefinition = {
  name: 'archive',
  resolvers: merged,
  migrationsDir: join(__dirname, 'migrations'),
};
