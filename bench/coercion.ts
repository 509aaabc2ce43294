/**
 * Benchmark (issue 5): 15 years × 5 executions a day of coercion for one person
 * (≈ 27,000 executions, 30 decisions). Reports the time to compute every verdict and the
 * report through the gateway, beside the same query sent straight to the coercion
 * subgraph and the same computation in process, all in the same run, with the ratios.
 *
 *   DATABASE_URL=... npx tsx bench/coercion.ts [years=15] [perDay=5] [runs=7]
 * (`bash scripts/services.sh start pg` prints a DATABASE_URL.) Target: report through
 * the gateway under 1 s.
 */
import { loadConfig } from '../lib/config';
import { randomUUID } from 'node:crypto';
import { signInternalToken, INTERNAL_HEADER } from '../lib/auth';
import { startStack } from '../scripts/stack';
import { reportFor } from '../subgraphs/coercion/cli';
import { insertDecisions, insertExecutions } from '../subgraphs/coercion/store';
import { insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, testConfig } from '../dev/services';
import { generateCoercionHistory } from '../dev/generator';

const REPORT_FIELDS = `totals { executions totalMinutes longestMinutes staffParticipations staffMinutes }
  byVerdict { verdict count totalMinutes }
  byMeasure { measure count totalMinutes longestMinutes }
  byStaff { staffId count totalMinutes }
  byDecision { decisionId count totalMinutes }`;

const QUERIES: Record<string, string> = {
  'report (totals and all tables)': `coercionReport { ${REPORT_FIELDS} }`,
  'report + SVG chart': `coercionReport { ${REPORT_FIELDS} svg }`,
  'report + full timeline data': `coercionReport { ${REPORT_FIELDS} timeline { decisions { decisionId validFrom validTo } executions { executionId start measure durationMinutes verdict decisionId } } }`,
  'all executions with verdict': 'coercionExecutions { id verdict decision { id } durationMinutes }',
};

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<{ ms: number; bytes: number; body: any }> {
  const t = process.hrtime.bigint();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const body = JSON.parse(text);
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { ms, bytes: text.length, body };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!loadConfig().databaseUrl)
    throw new Error('DATABASE_URL is required (npm run bench:coercion starts PostgreSQL)');
  const years = Number(process.argv[2] ?? 15);
  const perDay = Number(process.argv[3] ?? 5);
  const runs = Number(process.argv[4] ?? 7);
  const tdb = await createTestDatabase();
  const db = tdb.db;
  const config = testConfig({ databaseUrl: tdb.url });
  const stack = await startStack(config, { db, indexerIntervalMs: 600_000 });
  try {
    const g0 = Date.now();
    const h = generateCoercionHistory({ years, perDay });
    const g1 = Date.now();
    await insertPatients(db, [h.patient]);
    await db.transaction(async (tx) => {
      await insertDecisions(tx, h.decisions);
      for (let i = 0; i < h.executions.length; i += 5000)
        await insertExecutions(tx, h.executions.slice(i, i + 5000));
    });
    await db.query('ANALYZE coercion.execution');
    console.log(
      `${h.executions.length} executions, ${h.decisions.length} decisions for one person over ${years} years ` +
        `(generated in ${g1 - g0} ms, loaded in ${Date.now() - g1} ms)`,
    );

    // A legal user on a matter over the person, as in production (lib/policy).
    const token = await stack.matterToken(
      { id: 'M-bench-coercion', patientIds: [h.patient.id], nationalIds: [h.patient.nationalId] },
      { sub: 'bench' },
    );
    const coercion = stack.subgraphs.find((s) => s.name === 'coercion')!;
    const nid = h.patient.nationalId;
    const gatewayQuery = (sel: string) =>
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) { ${sel} } }`;
    // What the gateway sends the subgraph: an entity representation with the @requires field.
    const directQuery = (sel: string) =>
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { ${sel} } } }`;
    const directVars = { r: [{ __typename: 'Patient', id: h.patient.id, nationalIds: [nid] }] };

    const rows: string[][] = [
      ['query', 'gateway ms', 'subgraph ms', 'in-process ms', 'gateway / subgraph', 'response'],
    ];
    let verdicts = '';
    for (const [label, sel] of Object.entries(QUERIES)) {
      const gw: number[] = [];
      const sub: number[] = [];
      const inproc: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs + 1; i++) {
        const g = await post(
          stack.gateway.url,
          gatewayQuery(sel),
          { nid },
          { authorization: `Bearer ${token}` },
        );
        const internal = await signInternalToken(
          {
            userId: 'bench',
            role: 'legal',
            purpose: 'LEGAL_PROCEEDINGS',
            matter: 'M-bench-coercion',
            selfAuthorized: false,
            requestId: randomUUID(),
          },
          config.internalSecret,
          // Bound to the coercion subgraph and this exact body (lib/auth.ts), as the gateway signs it.
          { audience: 'coercion', body: JSON.stringify({ query: directQuery(sel), variables: directVars }) },
        );
        const d = await post(coercion.url, directQuery(sel), directVars, { [INTERNAL_HEADER]: internal });
        const t = process.hrtime.bigint();
        const r = await reportFor(db, nid, null, null);
        const p = Number(process.hrtime.bigint() - t) / 1e6;
        if (i === 0) {
          // warm-up run, not counted
          if (label.startsWith('report (')) {
            const viaGateway = g.body.data.patientByNationalId.coercionReport;
            if (
              viaGateway.totals.executions !== h.executions.length ||
              JSON.stringify(viaGateway.byVerdict) !==
                JSON.stringify(d.body.data._entities[0].coercionReport.byVerdict)
            ) {
              throw new Error('gateway and subgraph disagree');
            }
            verdicts = r.byVerdict.map((v) => `${v.verdict} ${v.count}`).join(', ');
          }
          continue;
        }
        gw.push(g.ms);
        sub.push(d.ms);
        inproc.push(p);
        bytes = g.bytes;
      }
      rows.push([
        label,
        median(gw).toFixed(0),
        median(sub).toFixed(0),
        median(inproc).toFixed(0),
        (median(gw) / median(sub)).toFixed(2),
        `${(bytes / 1024).toFixed(0)} KiB`,
      ]);
    }
    console.log(`verdicts: ${verdicts}`);
    console.log(
      `median of ${runs} runs after one warm-up (in-process = store reads + verdicts + report, no HTTP/GraphQL):`,
    );
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows)
      console.log(r.map((c2, i) => (i === 0 ? c2.padEnd(widths[i]!) : c2.padStart(widths[i]!))).join('  '));
  } finally {
    await stack.stop();
    await tdb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
