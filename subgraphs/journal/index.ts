import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { resolvers } from './resolvers';

export const journalSubgraph: SubgraphDefinition = {
  name: 'journal',
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
};
