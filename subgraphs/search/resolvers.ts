import { GraphQLError } from 'graphql';
import type { Resolvers, SubgraphContext } from '../../lib/subgraph';
import type { SearchBackend, SearchHitResult } from '../../search-index/types';

const MAX_HITS = 200;

function checkArgs(query: string, first: number): void {
  if (!query.trim()) throw new GraphQLError('query must not be empty', { extensions: { code: 'BAD_USER_INPUT' } });
  if (first < 0 || first > MAX_HITS) {
    throw new GraphQLError(`first must be between 0 and ${MAX_HITS}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

function toHits(hits: SearchHitResult[], ctx: SubgraphContext) {
  for (const h of hits) ctx.audit.record(h.patientId, h.kind, [h.id]);
  return hits.map((h) => ({
    score: h.score,
    highlights: h.highlights,
    journalEntry: { __typename: 'JournalEntry', id: h.id },
    patient: { __typename: 'Patient', id: h.patientId },
  }));
}

export function searchResolvers(backend: SearchBackend): Resolvers {
  return {
    Query: {
      async search(_: unknown, args: { query: string; patientId?: string | null; first: number }, ctx: SubgraphContext) {
        checkArgs(args.query, args.first);
        const r = await backend.search({ query: args.query, patientId: args.patientId ?? undefined, first: args.first });
        return { total: r.total, hits: toHits(r.hits, ctx), backend: backend.name };
      },
    },
    Patient: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      async searchHits(p: { id: string }, args: { query: string; first: number }, ctx: SubgraphContext) {
        checkArgs(args.query, args.first);
        // One search per (patient, query) in a request; several patients batch into parallel searches.
        const r = await ctx
          .loader<string, SearchHitResult[]>(`searchHits:${args.first}:${args.query}`, (ids) =>
            Promise.all(ids.map(async (id) => (await backend.search({ query: args.query, patientId: id, first: args.first })).hits)))
          .load(p.id);
        return toHits(r, ctx);
      },
    },
  };
}
