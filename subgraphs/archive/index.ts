import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { resolvers } from './resolvers';

export const archiveSubgraph: SubgraphDefinition = {
  name: 'archive',
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
};
