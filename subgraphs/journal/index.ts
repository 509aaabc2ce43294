import { join } from 'node:path';
import { legalHoldResolvers } from '../../lib/policy/legal-hold';
import { policyResolvers } from '../../lib/policy/resolvers';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { recordCaseResolvers as rc } from './record-case-resolvers';
import { resolvers } from './resolvers';
import { statisticsResolvers } from './statistics';

const merged: Resolvers = {
  ...policyResolvers,
  ...legalHoldResolvers,
  ...rc,
  ...resolvers,
  ...statisticsResolvers,
  Query: {
    ...resolvers.Query,
    ...policyResolvers.Query,
    ...legalHoldResolvers.Query,
    ...rc.Query,
    ...statisticsResolvers.Query,
  },
  Mutation: {
    ...resolvers.Mutation,
    ...policyResolvers.Mutation,
    ...legalHoldResolvers.Mutation,
    ...rc.Mutation,
  },
  // Retting og sletting adds a field to each (record-case-resolvers.ts).
  JournalEntry: { ...resolvers.JournalEntry, ...rc.JournalEntry },
  Patient: { ...resolvers.Patient, ...rc.Patient },
};

export const journalSubgraph: SubgraphDefinition = {
  name: 'journal',
  // The policy room's matters and break-the-glass grants are served here, beside Patient.
  resolvers: merged,
  migrationsDir: join(__dirname, 'migrations'),
};
