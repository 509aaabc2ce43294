/**
 * Benchmark (issue 16): the reporting table of coercion executions (month × measure ×
 * verdict × unit, small cells suppressed) through the gateway, beside the limit measured in
 * the same run: the bare SQL count of the same cube (GROUP BY month, CUBE(measure, unit),
 * no verdicts, no suppression) straight on PostgreSQL; and, in process, the verdicts alone
 * and the suppression alone.
 *
 *   npm run bench:reporting [persons=400] [months=36] [perMonth=4] [runs=5]
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../lib/config';
import { protect } from '../lib/policy/disclosure';
import { startStack } from '../scripts/stack';
import { coercionStatisticsTables } from '../subgraphs/coercion/statistics';
import {
  insertDecisions,
  insertExecutions,
  type NewDecision,
  type NewExecution,
} from '../subgraphs/coercion/store';
import { createTestDatabase, testConfig } from '../dev/services';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t = process.hrtime.bigint();
  const r = await f();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
};

function generate(persons: number, months: number, perMonth: number) {
  const units = Array.from({ length: 12 }, (_, i) => `Enhet ${String.fromCharCode(65 + i)}`);
  const measures = ['fysisk holding', 'skjerming', 'tilbakeholdelse i bolig'];
  const decisions: NewDecision[] = [];
  const executions: NewExecution[] = [];
  for (let p = 0; p < persons; p++) {
    const nid = `7${String(p).padStart(10, '0')}`;
    const measure = measures[p % measures.length]!;
    if (p % 2 === 0)
      decisions.push({
        id: `b-d-${p}`,
        patientNid: nid,
        legalBasis: 'hol-9-5c',
        measures: [measure],
        validFrom: '2020-01-01',
        validTo: '2020-12-31',
        decidedAt: '2019-12-01T10:00:00+01:00',
        approvedAt: '2019-12-15T10:00:00+01:00',
        sourceSystem: 'HELSEPLATTFORMEN',
        sourceId: `b-d-${p}`,
      });
    // A few persons of each unit act only now and then: small cells.
    const n = p % 17 === 0 ? 1 : perMonth;
    for (let m = 0; m < months; m++) {
      const month = `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (let k = 0; k < n; k++) {
        const day = String(1 + ((p + k * 7) % 27)).padStart(2, '0');
        const id = `b-e-${p}-${m}-${k}`;
        executions.push({
          id,
          patientNid: nid,
          measure,
          start: `${month}-${day}T10:00:00+01:00`,
          end: `${month}-${day}T10:20:00+01:00`,
          executedBy: ['1000001', '1000002'],
          sourceSystem: 'HELSEPLATTFORMEN',
          sourceId: id,
          emergencyReported: false,
          // Every 37th person in a unit of their own: a unit of a few persons, small cells.
          unit: p % 37 === 0 ? 'Enhet Liten' : units[p % units.length]!,
        });
      }
    }
  }
  return { decisions, executions };
}

async function main(): Promise<void> {
  if (!loadConfig().databaseUrl)
    throw new Error('DATABASE_URL is required (npm run bench:reporting starts PostgreSQL)');
  const persons = Number(process.argv[2] ?? 400);
  const months = Number(process.argv[3] ?? 36);
  const perMonth = Number(process.argv[4] ?? 4);
  const runs = Number(process.argv[5] ?? 5);
  const tdb = await createTestDatabase();
  const config = testConfig({ databaseUrl: tdb.url });
  const stack = await startStack(config, { db: tdb.db, indexerIntervalMs: 600_000 });
  try {
    const g = generate(persons, months, perMonth);
    await tdb.db.transaction(async (tx) => {
      await insertDecisions(tx, g.decisions);
      for (let i = 0; i < g.executions.length; i += 5000)
        await insertExecutions(tx, g.executions.slice(i, i + 5000));
    });
    await tdb.db.query('ANALYZE coercion.execution');
    console.log(`${g.executions.length} executions of ${persons} persons in 12 units over ${months} months`);
    const token = await stack.token({ sub: 'bench', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
    const gateway = (filter: string) => async () => {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': randomUUID(),
        },
        body: JSON.stringify({
          query: `{ coercionStatistics${filter} { suppressedCells cells { block keys count suppressed } } }`,
        }),
      });
      const body = (await res.json()) as {
        data?: { coercionStatistics: { suppressedCells: number; cells: unknown[] } };
      };
      if (!body.data) throw new Error(JSON.stringify(body).slice(0, 300));
      return body.data.coercionStatistics;
    };
    const bare = (from: string | null, to: string | null) => () =>
      tdb.db.query(
        `SELECT block, measure, unit, count(*) FROM (
           SELECT to_char(start_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM') AS block, measure, coalesce(unit, 'ukjent enhet') AS unit
             FROM coercion.execution) s
          WHERE ($1::text IS NULL OR block >= $1) AND ($2::text IS NULL OR block <= $2)
          GROUP BY block, CUBE(measure, unit)`,
        [from, to],
      );
    const def = coercionStatisticsTables.coercion;
    const rows: string[][] = [['what', 'p50 ms', 'cells', 'suppressed']];
    for (const [label, f, from, to] of [
      ['all months', '', null, null],
      ['one month', '(filter: { from: "2021-06", to: "2021-06" })', '2021-06', '2021-06'],
    ] as const) {
      const gw: number[] = [];
      const sql: number[] = [];
      const load: number[] = [];
      const prot: number[] = [];
      let last = { suppressedCells: 0, cells: [] as unknown[] };
      for (let i = 0; i <= runs; i++) {
        const [a, t] = await time(gateway(f));
        const [b] = await time(bare(from, to));
        const [c, cube] = await time(() => def.load(tdb.db, { from, to }));
        const [d] = await time(async () =>
          protect({ title: '', unit: '', blockDimension: 'month', dimensions: def.spec.dimensions }, cube),
        );
        if (i === 0) continue; // warm-up
        gw.push(a);
        sql.push(b);
        load.push(c);
        prot.push(d);
        last = t;
      }
      rows.push(
        [
          `${label}: gateway (verdicts, cube, suppression)`,
          median(gw).toFixed(1),
          String(last.cells.length),
          String(last.suppressedCells),
        ],
        [`${label}: limit, bare SQL cube (no verdicts)`, median(sql).toFixed(1), '', ''],
        [`${label}: in process, verdicts + SQL cube`, median(load).toFixed(1), '', ''],
        [`${label}: in process, suppression only`, median(prot).toFixed(1), '', ''],
      );
    }
    const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows)
      console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  '));
  } finally {
    await stack.stop();
    await tdb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
