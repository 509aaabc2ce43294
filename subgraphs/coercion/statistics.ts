/**
 * Coercion statistics for reporting (issue 16): executions per month × measure × verdict ×
 * unit, and quarantined source records per month × source system × reason. Counted in this
 * subgraph's SQL (lib/policy/statistics.ts `cube`) and protected by lib/policy/disclosure.ts.
 *
 * The verdict is the law's (verdict.ts, hol. kap. 9 / pbrl. kap. 4A / phvl. § 4-8), not a
 * column: it is judged here for every execution of every person with an execution in the
 * period, over all of that person's executions and decisions (so a month's verdicts do not
 * depend on the period asked: phvl. § 4-8 judges uses in order), and handed to the SQL
 * that groups them (`unnest` of ids and verdicts joined to coercion.execution).
 */
import {
  cube,
  freeText,
  reasonCategory,
  statisticsTable,
  statisticsTableResolvers,
  type StatisticsDefinition,
} from '../../lib/policy/statistics';
import type { Queryable } from '../../lib/db';
import { osloDate } from '../../lib/oslo-time';
import { evaluate } from './evaluate';
import type { Resolvers } from './generated/resolvers-types';
import {
  decisionsByPatients,
  executionsForReport,
  type DecisionWithSources,
  type ExecutionRow,
} from './store';

const MONTH = (ts: string) => `to_char(${ts} AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`;

/** Verdicts of every execution of the persons with an execution in the months asked. */
async function verdictsFor(db: Queryable, from: string | null, to: string | null) {
  const nids = (
    await db.query<{ patient_nid: string }>(
      `SELECT DISTINCT patient_nid FROM coercion.execution
        WHERE ($1::text IS NULL OR start_at >= (($1 || '-01')::date::timestamp AT TIME ZONE 'Europe/Oslo'))
          AND ($2::text IS NULL OR start_at < (((($2 || '-01')::date + interval '1 month')::date)::timestamp AT TIME ZONE 'Europe/Oslo'))`,
      [from, to],
    )
  ).rows.map((r) => r.patient_nid);
  const ids: string[] = [];
  const verdicts: string[] = [];
  // A few hundred persons at a time: bounded memory whatever the period.
  for (let i = 0; i < nids.length; i += 200) {
    const batch = nids.slice(i, i + 200);
    const [decisions, executions] = await Promise.all([
      decisionsByPatients(db, batch),
      executionsForReport(db, batch),
    ]);
    const dBy = new Map<string, DecisionWithSources[]>();
    for (const d of decisions)
      (dBy.get(d.patient_nid) ?? dBy.set(d.patient_nid, []).get(d.patient_nid)!).push(d);
    const eBy = new Map<string, ExecutionRow[]>();
    for (const e of executions)
      (eBy.get(e.patient_nid) ?? eBy.set(e.patient_nid, []).get(e.patient_nid)!).push(e);
    for (const [nid, rows] of eBy)
      for (const e of evaluate(rows, dBy.get(nid) ?? [])) {
        // Judged over the whole history; counted only in the months asked.
        const month = osloDate(e.row.start_at).slice(0, 7);
        if ((from && month < from) || (to && month > to)) continue;
        ids.push(e.row.id);
        verdicts.push(e.verdict);
      }
  }
  return { ids, verdicts };
}

/** The coercion subgraph's tables (also the `statistics` CLI command's). */
export const coercionStatisticsTables = {
  coercion: {
    spec: {
      title: 'Tvangsgjennomføringer',
      unit: 'executions',
      grain: 'month',
      dimensions: ['measure', 'verdict', 'unit'],
    },
    async load(db, period) {
      const v = await verdictsFor(db, period.from, period.to);
      return cube(
        db,
        {
          source: `FROM coercion.execution e JOIN unnest($3::text[], $4::text[]) AS v(id, verdict) ON v.id = e.id`,
          block: MONTH('e.start_at'),
          // Measure and unit are the source's words: a rare one is 'annet' (lib/policy/statistics.ts OTHER),
          // counted over every execution (the source above holds the period's only).
          dims: [freeText('e.measure'), 'v.verdict', freeText(`coalesce(e.unit, 'ukjent enhet')`)],
          labelSource: 'FROM coercion.execution e',
          person: { nationalId: 'e.patient_nid' },
        },
        period,
        [v.ids, v.verdicts],
      );
    },
  },
  'coercion-quarantine': {
    spec: {
      title: 'Tvang: karantene',
      unit: 'quarantined records',
      grain: 'month',
      dimensions: ['sourceSystem', 'reason'],
    },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM coercion.quarantine q',
          block: MONTH('q.quarantined_at'),
          dims: ['q.source_system', reasonCategory('q.reason')],
          person: null,
        },
        period,
      ),
  },
} satisfies Record<string, StatisticsDefinition>;

export const statisticsResolvers: Resolvers = {
  Query: {
    coercionStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, coercionStatisticsTables, 'coercion'),
    coercionQuarantineStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, coercionStatisticsTables, 'coercion-quarantine'),
  },
  StatisticsTable: statisticsTableResolvers,
};
