import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { readSchema } from '../lib/subgraph';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export class CompositionError extends Error {}

/**
 * Composes the Federation 2 supergraph in process from the SDL files in schema/
 * (no binary, no network). A failure names the subgraph and the field at fault.
 */
export function composeSupergraph(
  subgraphs: SubgraphEndpoint[],
  readSdl: (name: string) => string = readSchema,
): string {
  const services = subgraphs.map((s) => {
    const sdl = readSdl(s.name);
    try {
      return { name: s.name, url: s.url, typeDefs: parse(sdl) };
    } catch (err) {
      throw new CompositionError(`schema/${s.name}.graphql does not parse: ${(err as Error).message}`);
    }
  });
  const result = composeServices(services);
  if (result.errors?.length || !result.supergraphSdl) {
    const lines = (result.errors ?? []).map((e) => {
      const where = e.extensions?.code ? ` (${String(e.extensions.code)})` : '';
      return `  - ${e.message}${where}`;
    });
    throw new CompositionError(`Supergraph composition failed:\n${lines.join('\n')}`);
  }
  return result.supergraphSdl;
}
