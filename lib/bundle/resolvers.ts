/** GraphQL of the evidence bundle, served by the journal subgraph (schema/journal.graphql, end). */
import { GraphQLError } from 'graphql';
import type { Resolvers } from '../../subgraphs/journal/generated/resolvers-types';
import { exportBundle } from './export';
import type { BundleSource } from './source';
import { BundleInputError } from './withhold';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export function bundleResolvers(source: BundleSource): Resolvers {
  return {
    Mutation: {
      async exportBundle(_, { input }, ctx) {
        try {
          const r = await exportBundle(
            ctx,
            {
              ...input,
              withheld: input.withheld?.map((w) => ({
                itemId: w.itemId,
                ground: w.ground,
                range: w.start != null || w.end != null ? { start: w.start ?? -1, end: w.end ?? -1 } : null,
                text: w.text ?? null,
              })),
            },
            { source, via: 'gateway exportBundle' },
          );
          return {
            id: r.bundleId,
            matter: r.matter,
            fileName: r.fileName,
            path: r.path,
            bytes: r.bytes,
            sha256: r.sha256,
            manifestSha256: r.manifestSha256,
            batesFirst: r.batesFirst,
            batesLast: r.batesLast,
            pages: r.pages,
            items: r.items,
            withheldItems: r.withheldItems,
            withheldPassages: r.withheldPassages,
            source: r.source,
          };
        } catch (err) {
          if (err instanceof BundleInputError) throw badInput(err.message);
          throw err;
        }
      },
    },
  };
}
