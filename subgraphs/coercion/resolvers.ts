import { nationalIdSubject } from '../../lib/audit';
import { GraphQLError } from 'graphql';
import { forbidden, type Period, type Subject } from '../../lib/policy/policy';
import type { Resolvers, SubgraphContext } from '../../lib/subgraph';
import {
  buildReport,
  decisionsInPeriod,
  evaluate,
  forVerdict,
  type CoercionReportData,
  type EvaluatedExecution,
} from './evaluate';
import { osloDate, osloIso } from '../../lib/oslo-time';
import { renderReportSvg } from './report-svg';
import {
  decisionsByIds,
  decisionsByPatients,
  executionsByIds,
  executionsByPatients,
  executionsForReport,
  staffMembers,
  type DecisionWithSources,
  type ExecutionFilter,
  type ExecutionRow,
  type StaffMember,
} from './store';
import { decisionProblems, lastValidDay, reviewingOffice, statuteOf, type Verdict } from './verdict';

interface PatientRef {
  id: string;
  nationalIds?: string[];
}

interface PeriodArgs {
  from?: string | null;
  to?: string | null;
}
interface ExecutionArgs extends PeriodArgs {
  verdict?: Verdict | null;
  measure?: string | null;
  executedBy?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Coercion records are patient-level data for documenting a case: who reaches which
 * person's records, for which period, is the policy's (lib/policy). The asked period is
 * narrowed to the caller's.
 */
function policedPeriod(
  ctx: SubgraphContext,
  kind: 'coercion_decision' | 'coercion_execution',
  s: Subject,
  a: PeriodArgs,
): Period {
  const w = ctx.policy.window(ctx.audit, kind, s, { from: a.from ?? null, to: a.to ?? null });
  if ('rule' in w) throw forbidden(w.rule);
  return w;
}

const personOf = (p: PatientRef): Subject => ({ patientIds: [p.id], nationalIds: p.nationalIds ?? [] });

function checkPeriod(a: PeriodArgs): void {
  for (const [k, v] of [
    ['from', a.from],
    ['to', a.to],
  ] as const) {
    // Date.parse accepts 2023-02-30 (as 2 March): the date must read back as itself.
    if (v != null && (!DATE.test(v) || new Date(Date.parse(v) || 0).toISOString().slice(0, 10) !== v)) {
      throw new GraphQLError(`${k} must be a date YYYY-MM-DD`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
}

/** All decisions of these national ids, one query per request. */
function decisionsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, DecisionWithSources[]>('decisionsByNid', async (nids) => {
    const rows = await decisionsByPatients(ctx.db, nids);
    return nids.map((nid) => rows.filter((r) => r.patient_nid === nid));
  });
}

async function decisionsOf(ctx: SubgraphContext, nids: readonly string[]): Promise<DecisionWithSources[]> {
  const lists = await decisionsLoader(ctx).loadMany(nids);
  return lists
    .flatMap((l) => (Array.isArray(l) ? l : []))
    .sort((a, b) => a.valid_from.localeCompare(b.valid_from) || a.id.localeCompare(b.id));
}

/** Executions per (national ids, filter), batched per filter. */
function executionsLoader(ctx: SubgraphContext, f: ExecutionFilter, forReport = false) {
  const key = JSON.stringify([
    f.from ?? null,
    f.to ?? null,
    f.measure ?? null,
    f.executedBy ?? null,
    forReport,
  ]);
  return ctx.loader<string, ExecutionRow[]>(`executions:${key}`, async (nids) => {
    const rows = await (forReport ? executionsForReport : executionsByPatients)(ctx.db, nids, f);
    const by = new Map<string, ExecutionRow[]>(nids.map((n) => [n, []]));
    for (const r of rows) by.get(r.patient_nid)?.push(r);
    return nids.map((n) => by.get(n)!);
  });
}

/** Staff identifiers → the person they belong to, per request. */
async function staffOf(ctx: SubgraphContext, ids: readonly string[]) {
  const list = await ctx
    .loader<string, StaffMember>('staffMember', async (keys) => {
      const m = await staffMembers(ctx.db, keys);
      return keys.map((k) => m.get(k)!);
    })
    .loadMany(ids);
  return new Map(ids.map((id, i) => [id, list[i] as StaffMember]));
}

async function evaluatedFor(
  ctx: SubgraphContext,
  p: PatientRef,
  f: ExecutionFilter,
  forReport = false,
): Promise<{
  evaluated: EvaluatedExecution[];
  decisions: DecisionWithSources[];
  staff: Map<string, StaffMember>;
}> {
  const nids = p.nationalIds ?? [];
  const [decisions, lists] = await Promise.all([
    decisionsOf(ctx, nids),
    executionsLoader(ctx, f, forReport).loadMany(nids),
  ]);
  const rows = lists
    .flatMap((l) => (Array.isArray(l) ? l : []))
    .sort((a, b) => a.start_at.getTime() - b.start_at.getTime() || a.id.localeCompare(b.id));
  const staff = await staffOf(ctx, [...new Set(rows.flatMap((r) => r.executed_by))]);
  return { evaluated: evaluate(rows, decisions, staff), decisions, staff };
}

/** One execution with its verdict, judged against all its patient's decisions. */
async function evaluatedById(ctx: SubgraphContext, id: string): Promise<EvaluatedExecution | null> {
  const row = await ctx
    .loader<string, ExecutionRow | null>('executionById', async (ids) => {
      const rows = await executionsByIds(ctx.db, ids);
      return ids.map((i) => rows.find((r) => r.id === i) ?? null);
    })
    .load(id);
  if (!row) return null;
  // Judged among the patient's executions of that measure: phvl. § 4-8 counts uses per
  // decision in order.
  const { evaluated } = await evaluatedFor(
    ctx,
    { id: nationalIdSubject(row.patient_nid), nationalIds: [row.patient_nid] },
    { measure: row.measure },
  );
  return evaluated.find((e) => e.row.id === id) ?? null;
}

const iso = (d: Date | null) => (d ? osloIso(d) : null);
const ref = (id: string) => ({ __typename: 'Practitioner', id });

interface ReportParent {
  report: CoercionReportData;
  decisionsById: Map<string, DecisionWithSources>;
}

export const resolvers: Resolvers = {
  Query: {
    async coercionExecution(_: unknown, { id }: { id: string }, ctx: SubgraphContext) {
      ctx.policy.requireKind(ctx.audit, 'coercion_execution');
      const e = await evaluatedById(ctx, id);
      if (!e) {
        if (ctx.policy.grants) ctx.policy.require(ctx.audit, 'coercion_execution', {});
        return null;
      }
      ctx.policy.require(
        ctx.audit,
        'coercion_execution',
        { nationalIds: [e.row.patient_nid] },
        osloDate(e.row.start_at),
      );
      // The patient is known here only by national id; the audit row names it so.
      if (e) ctx.audit.record(nationalIdSubject(e.row.patient_nid), 'coercion_execution', [e.row.id]);
      return e;
    },
  },
  Patient: {
    __resolveReference: (r: PatientRef) => r,
    async coercionDecisions(p: PatientRef, args: PeriodArgs, ctx: SubgraphContext) {
      checkPeriod(args);
      const period = policedPeriod(ctx, 'coercion_decision', personOf(p), args);
      const rows = decisionsInPeriod(await decisionsOf(ctx, p.nationalIds ?? []), period.from, period.to);
      if (rows.length)
        ctx.audit.record(
          p.id,
          'coercion_decision',
          rows.map((r) => r.id),
        );
      return rows;
    },
    async coercionExecutions(p: PatientRef, args: ExecutionArgs, ctx: SubgraphContext) {
      checkPeriod(args);
      const period = policedPeriod(ctx, 'coercion_execution', personOf(p), args);
      // A staff member is found by any of their identifiers (HPR or employee number).
      const executedBy = args.executedBy
        ? (await staffOf(ctx, [args.executedBy])).get(args.executedBy)!.ids
        : null;
      const { evaluated } = await evaluatedFor(ctx, p, {
        from: period.from,
        to: period.to,
        measure: args.measure,
        executedBy,
      });
      const out = args.verdict ? evaluated.filter((e) => e.verdict === args.verdict) : evaluated;
      if (out.length)
        ctx.audit.record(
          p.id,
          'coercion_execution',
          out.map((e) => e.row.id),
        );
      return out;
    },
    async coercionReport(p: PatientRef, args: PeriodArgs, ctx: SubgraphContext): Promise<ReportParent> {
      checkPeriod(args);
      const period = policedPeriod(ctx, 'coercion_execution', personOf(p), args);
      policedPeriod(ctx, 'coercion_decision', personOf(p), args);
      const { evaluated, decisions, staff } = await evaluatedFor(ctx, p, period, true);
      const report = buildReport(evaluated, decisions, period.from, period.to, staff);
      if (evaluated.length)
        ctx.audit.record(
          p.id,
          'coercion_execution',
          evaluated.map((e) => e.row.id),
        );
      const shown = decisionsInPeriod(decisions, period.from, period.to);
      if (shown.length)
        ctx.audit.record(
          p.id,
          'coercion_decision',
          shown.map((d) => d.id),
        );
      return { report, decisionsById: new Map(decisions.map((d) => [d.id, d])) };
    },
  },
  CoercionReport: {
    from: (r: ReportParent) => r.report.from,
    to: (r: ReportParent) => r.report.to,
    totals: (r: ReportParent) => r.report.totals,
    byVerdict: (r: ReportParent) => r.report.byVerdict,
    byMeasure: (r: ReportParent) => r.report.byMeasure,
    byStaff: (r: ReportParent) => r.report.byStaff.map((s) => ({ ...s, practitioner: ref(s.staffId) })),
    byDecision: (r: ReportParent) =>
      r.report.byDecision.map((d) => ({
        ...d,
        decision: d.decisionId ? (r.decisionsById.get(d.decisionId) ?? null) : null,
      })),
    partlyOutside: (r: ReportParent) => r.report.partlyOutside,
    staffingShortfalls: (r: ReportParent) => r.report.staffingShortfalls,
    emergencyPatterns: (r: ReportParent) => r.report.emergencyPatterns,
    decisionProblems: (r: ReportParent) => r.report.decisionProblems,
    timeline: (r: ReportParent) => r.report.timeline,
    svg: (r: ReportParent) => renderReportSvg(r.report),
  },
  CoercionDecision: {
    async __resolveReference(r: { id: string }, ctx: SubgraphContext) {
      ctx.policy.requireKind(ctx.audit, 'coercion_decision');
      const d = await ctx
        .loader<string, DecisionWithSources | null>('decisionById', async (ids) => {
          const rows = await decisionsByIds(ctx.db, ids);
          return ids.map((i) => rows.find((x) => x.id === i) ?? null);
        })
        .load(r.id);
      if (!d) return null;
      ctx.policy.require(
        ctx.audit,
        'coercion_decision',
        { nationalIds: [d.patient_nid] },
        {
          from: d.valid_from,
          to: d.valid_to,
        },
      );
      ctx.audit.record(nationalIdSubject(d.patient_nid), 'coercion_decision', [d.id]);
      return d;
    },
    /** The executions this decision covers (by verdict, not by what the source recorded). */
    async executions(d: DecisionWithSources, _: unknown, ctx: SubgraphContext) {
      const period = policedPeriod(ctx, 'coercion_execution', { nationalIds: [d.patient_nid] }, {});
      const { evaluated } = await evaluatedFor(
        ctx,
        { id: nationalIdSubject(d.patient_nid), nationalIds: [d.patient_nid] },
        period,
      );
      const out = evaluated.filter((e) => e.decisionId === d.id);
      if (out.length)
        ctx.audit.record(
          nationalIdSubject(d.patient_nid),
          'coercion_execution',
          out.map((e) => e.row.id),
        );
      return out;
    },
    legalBasis: (d: DecisionWithSources) => d.legal_basis,
    validFrom: (d: DecisionWithSources) => d.valid_from,
    validTo: (d: DecisionWithSources) => d.valid_to,
    decidedAt: (d: DecisionWithSources) => iso(d.decided_at),
    decidedBy: (d: DecisionWithSources) => d.decided_by,
    approvedByStatsforvalterAt: (d: DecisionWithSources) =>
      d.reviewed_at && d.review_outcome === 'REFUSED' ? null : iso(d.reviewed_at ?? d.approved_at ?? null),
    statute: (d: DecisionWithSources) => statuteOf(d.legal_basis, osloDate(d.decided_at)),
    reviewingOffice: (d: DecisionWithSources) =>
      reviewingOffice(d.reviewed_at ?? d.approved_at ?? d.decided_at),
    review: (d: DecisionWithSources) => {
      const at = d.reviewed_at ?? d.approved_at;
      if (!at) return null;
      return {
        outcome: d.reviewed_at ? (d.review_outcome ?? 'APPROVED') : 'APPROVED',
        reviewedAt: osloIso(at),
        office: reviewingOffice(at),
        measures: d.reviewed_at ? (d.review_measures ?? null) : null,
        validTo: d.reviewed_at ? (d.review_valid_to ?? null) : null,
        note: d.reviewed_at ? (d.review_note ?? null) : null,
      };
    },
    lastValidDay: (d: DecisionWithSources) => lastValidDay(forVerdict(d), new Date(8.64e15)),
    problems: (d: DecisionWithSources) => decisionProblems(forVerdict(d)),
    sourceSystem: (d: DecisionWithSources) => d.source_system,
    sourceId: (d: DecisionWithSources) => d.source_id,
    sources: (d: DecisionWithSources) => d.sources,
    discrepancies: (d: DecisionWithSources) => d.discrepancies ?? [],
  },
  CoercionExecution: {
    async __resolveReference(r: { id: string }, ctx: SubgraphContext) {
      ctx.policy.requireKind(ctx.audit, 'coercion_execution');
      const e = await evaluatedById(ctx, r.id);
      if (!e) return null;
      ctx.policy.require(
        ctx.audit,
        'coercion_execution',
        { nationalIds: [e.row.patient_nid] },
        osloDate(e.row.start_at),
      );
      if (e) ctx.audit.record(nationalIdSubject(e.row.patient_nid), 'coercion_execution', [e.row.id]);
      return e;
    },
    id: (e: EvaluatedExecution) => e.row.id,
    measure: (e: EvaluatedExecution) => e.row.measure,
    start: (e: EvaluatedExecution) => iso(e.row.start_at),
    end: (e: EvaluatedExecution) => iso(e.row.end_at),
    durationMinutes: (e: EvaluatedExecution) => e.durationMinutes,
    executedBy: (e: EvaluatedExecution) => e.row.executed_by.map(ref),
    executedByIds: (e: EvaluatedExecution) => e.row.executed_by,
    description: (e: EvaluatedExecution) => e.row.description,
    alternativesTried: (e: EvaluatedExecution) => e.row.alternatives_tried,
    reportedAt: (e: EvaluatedExecution) => iso(e.row.reported_at),
    recordedDecisionId: (e: EvaluatedExecution) => e.row.recorded_decision_id,
    recordedLegalBasis: (e: EvaluatedExecution) => e.row.recorded_legal_basis,
    emergencyReported: (e: EvaluatedExecution) => e.row.emergency_reported,
    decision: (e: EvaluatedExecution) => e.decision,
    verdict: (e: EvaluatedExecution) => e.verdict,
    verdictReason: (e: EvaluatedExecution) => e.reason,
    lastValidDay: (e: EvaluatedExecution) => e.lastValidDay,
    minutesOutside: (e: EvaluatedExecution) => e.minutesOutside,
    staffPresent: (e: EvaluatedExecution) => e.staffPresent,
    staffingShortfall: (e: EvaluatedExecution) => e.staffingShortfall,
    timeNotes: (e: EvaluatedExecution) => e.row.time_notes ?? [],
    sourceSystem: (e: EvaluatedExecution) => e.row.source_system,
    sourceId: (e: EvaluatedExecution) => e.row.source_id,
  },
};
