import { join } from 'node:path';
import { policyResolvers } from '../../lib/policy/resolvers';
import type { Resolvers, SubgraphDefinition } from '../../lib/subgraph';
import { resolvers } from './resolvers';

export const journalSubgraph: SubgraphDefinition = {
  name: 'journal',
  // The policy room's matters and break-the-glass grants are served here, beside Patient.
  resolvers: {
    ...policyResolvers,
    ...resolvers,
    Query: { ...resolvers.Query, ...policyResolvers.Query } as Resolvers['Query'],
    Mutation: { ...resolvers.Mutation, ...policyResolvers.Mutation } as Resolvers['Mutation'],
  },
  migrationsDir: join(__dirname, 'migrations'),
};
