import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { OutboxSource, SearchBackend } from '../../search-index/types';
import { searchResolvers, type SearchLimits } from './resolvers';

/** The search subgraph's own tables (the embedded backend's documents). */
export const searchMigrations = { name: 'search', migrationsDir: join(__dirname, 'migrations') };

export function searchSubgraph(
  backend: SearchBackend,
  sources: OutboxSource[],
  limits?: SearchLimits,
): SubgraphDefinition {
  return { ...searchMigrations, resolvers: searchResolvers(backend, sources, limits) };
}
