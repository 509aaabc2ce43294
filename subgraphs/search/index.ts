import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { SearchBackend } from '../../search-index/types';
import { searchResolvers } from './resolvers';

export function searchSubgraph(backend: SearchBackend): SubgraphDefinition {
  return { name: 'search', resolvers: searchResolvers(backend), migrationsDir: join(__dirname, 'migrations') };
}
