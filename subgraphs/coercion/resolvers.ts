import type { Resolvers, SubgraphContext } from '../../lib/subgraph';
import { decisionsByPatients, executionsByIds, executionsByPatients, type DecisionRow, type ExecutionRow } from './store';

interface PatientRef {
  id: string;
  nationalIds?: string[];
}

function groupedLoader<R extends { patient_nid: string }>(
  ctx: SubgraphContext, name: string, fetch: (db: SubgraphContext['db'], nids: readonly string[]) => Promise<R[]>,
) {
  return ctx.loader<string, R[]>(name, async (nids) => {
    const rows = await fetch(ctx.db, nids);
    return nids.map((nid) => rows.filter((r) => r.patient_nid === nid));
  });
}

async function forPatient<R extends { id: string; patient_nid: string }>(
  ctx: SubgraphContext, p: PatientRef, name: string, entityType: string,
  fetch: (db: SubgraphContext['db'], nids: readonly string[]) => Promise<R[]>,
  order: (a: R, b: R) => number,
): Promise<R[]> {
  const lists = await groupedLoader(ctx, name, fetch).loadMany(p.nationalIds ?? []);
  const rows = lists.flatMap((l) => (Array.isArray(l) ? l : [])).sort(order);
  if (rows.length) ctx.audit.record(p.id, entityType, rows.map((r) => r.id));
  return rows;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const resolvers: Resolvers = {
  Query: {
    async coercionExecution(_: unknown, { id }: { id: string }, ctx: SubgraphContext) {
      const [row] = await executionsByIds(ctx.db, [id]);
      return row ?? null;
    },
  },
  Patient: {
    __resolveReference: (ref: PatientRef) => ref,
    coercionDecisions: (p: PatientRef, _: unknown, ctx: SubgraphContext) =>
      forPatient(ctx, p, 'decisions', 'coercion_decision', decisionsByPatients,
        (a, b) => a.valid_from.localeCompare(b.valid_from) || a.id.localeCompare(b.id)),
    coercionExecutions: (p: PatientRef, _: unknown, ctx: SubgraphContext) =>
      forPatient(ctx, p, 'executions', 'coercion_execution', executionsByPatients,
        (a, b) => a.start_at.getTime() - b.start_at.getTime() || a.id.localeCompare(b.id)),
  },
  CoercionDecision: {
    legalBasis: (d: DecisionRow) => d.legal_basis,
    validFrom: (d: DecisionRow) => d.valid_from,
    validTo: (d: DecisionRow) => d.valid_to,
    decidedAt: (d: DecisionRow) => iso(d.decided_at),
    approvedByStatsforvalterAt: (d: DecisionRow) => iso(d.approved_at),
    sourceSystem: (d: DecisionRow) => d.source_system,
    sourceId: (d: DecisionRow) => d.source_id,
  },
  CoercionExecution: {
    start: (e: ExecutionRow) => iso(e.start_at),
    end: (e: ExecutionRow) => iso(e.end_at),
    durationMinutes: (e: ExecutionRow) => Math.round((e.end_at.getTime() - e.start_at.getTime()) / 60_000),
    executedBy: (e: ExecutionRow) => e.executed_by,
    recordedDecisionId: (e: ExecutionRow) => e.recorded_decision_id,
    sourceSystem: (e: ExecutionRow) => e.source_system,
    sourceId: (e: ExecutionRow) => e.source_id,
  },
};
