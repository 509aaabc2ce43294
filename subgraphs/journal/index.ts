import { join } from 'node:path';
import { policyResolvers } from '../../lib/policy/resolvers';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { resolvers } from './resolvers';
import { statisticsResolvers } from './statistics';

const merged: Resolvers = {
  ...policyResolvers,
  ...resolvers,
  ...statisticsResolvers,
  Query: { ...resolvers.Query, ...policyResolvers.Query, ...statisticsResolvers.Query },
  Mutation: { ...resolvers.Mutation, ...policyResolvers.Mutation },
};

export const journalSubgraph: SubgraphDefinition = {
  name: 'journal',
  // The policy room's matters and break-the-glass grants are served here, beside Patient.
  resolvers: merged,
  migrationsDir: join(__dirname, 'migrations'),
};
