import type { Resolvers, SubgraphContext } from '../../lib/subgraph';
import { casesByPartIds, partsBySaksmappeIds, saksmapperByIds, type PartRow, type SaksmappeRow } from './store';

interface PatientRef {
  id: string;
  nationalIds?: string[];
}

function casesByNationalId(ctx: SubgraphContext) {
  return ctx.loader<string, SaksmappeRow[]>('casesByNationalId', async (nids) => {
    const rows = await casesByPartIds(ctx.db, nids);
    return nids.map((nid) => rows.filter((r) => r.part_id === nid));
  });
}

function partsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, PartRow[]>('parts', async (ids) => {
    const rows = await partsBySaksmappeIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.saksmappe_id === id));
  });
}

export const resolvers: Resolvers = {
  Query: {
    async saksmappe(_: unknown, { id }: { id: string }, ctx: SubgraphContext) {
      const [row] = await saksmapperByIds(ctx.db, [id]);
      return row ?? null;
    },
  },
  Patient: {
    __resolveReference: (ref: PatientRef) => ref,
    async cases(p: PatientRef, _: unknown, ctx: SubgraphContext) {
      const lists = await casesByNationalId(ctx).loadMany(p.nationalIds ?? []);
      const byId = new Map<string, SaksmappeRow>();
      for (const list of lists) if (Array.isArray(list)) for (const c of list) byId.set(c.id, c);
      const cases = [...byId.values()].sort((a, b) => a.saksdato.localeCompare(b.saksdato) || a.id.localeCompare(b.id));
      if (cases.length) ctx.audit.record(p.id, 'saksmappe', cases.map((c) => c.id));
      return cases;
    },
  },
  Saksmappe: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) =>
      ctx.loader<string, SaksmappeRow | null>('saksmappe', async (ids) => {
        const rows = await saksmapperByIds(ctx.db, ids);
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      }).load(ref.id),
    mappeId: (s: SaksmappeRow) => s.mappe_id,
    saksdato: (s: SaksmappeRow) => s.saksdato,
    parts: async (s: SaksmappeRow, _: unknown, ctx: SubgraphContext) =>
      (await partsLoader(ctx).load(s.id)).map((p) => ({ name: p.part_navn, role: p.part_rolle })),
  },
};
