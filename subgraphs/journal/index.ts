import { join } from 'node:path';
import { policyResolvers } from '../../lib/policy/resolvers';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { resolvers } from './resolvers';

const merged: Resolvers = {
  ...policyResolvers,
  ...resolvers,
  Query: { ...resolvers.Query, ...policyResolvers.Query },
  Mutation: { ...resolvers.Mutation, ...policyResolvers.Mutation },
};

export const journalSubgraph: SubgraphDefinition = {
  name: 'journal',
  // The policy room's matters and break-the-glass grants are served here, beside Patient.
  resolvers: merged,
  migrationsDir: join(__dirname, 'migrations'),
};
