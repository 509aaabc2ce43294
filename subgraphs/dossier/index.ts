import { join } from 'node:path';
import type { SubgraphDefinition } from '../../lib/subgraph';
import type { OwnerClientOptions } from './client';
import { dossierResolvers } from './resolvers';

/** The dossier subgraph: no tables of its own (its migrations folder is empty). */
export function dossierSubgraph(opts: OwnerClientOptions): SubgraphDefinition {
  return { name: 'dossier', resolvers: dossierResolvers(opts), migrationsDir: join(__dirname, 'migrations') };
}
