import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { resolvers } from './resolvers';

export const coercionSubgraph: SubgraphDefinition = {
  name: 'coercion',
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
};
