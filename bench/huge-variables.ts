/**
 * `npm run bench:huge-variables [runs=21]`: how long the gateway takes to answer a request
 * whose `variables` hold 100,000 values, within the 1 MiB body cap, beside a small request.
 * Starts the stack on PostgreSQL (full-text search: no Elasticsearch needed) with the demo
 * data, warms it up, then sends each request `runs` times in turn and prints the median and
 * the 90th percentile of the wall time as the client sees it, the status and the error code.
 * Not a test: the figures depend on the machine (print `uptime` beside them).
 */
import { loadDemoData } from '../dev/demo';
import { startPostgresTestStack } from '../dev/test-stack';

const RUNS = Number(process.argv[2] ?? 21);

async function main(): Promise<void> {
  const env = await startPostgresTestStack();
  try {
    const ds = await loadDemoData(env.tdb.db);
    const patient = (
      await env.tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [
        ds.patients[0]!.nationalId,
      ])
    ).rows[0]!.id;
    const token = await env.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
    const search = `query ($s: [String!]) { patient(id: "${patient}") { search(query: "smerter", sources: $s) { total } } }`;
    const form = (query: string, variables: unknown) =>
      `query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const requests: [string, string, string?][] = [
      ['small: patient { id }', JSON.stringify({ query: `{ patient(id: "${patient}") { id } }` })],
      [
        'sources: 100,000 × "GERICA" (900 KB)',
        JSON.stringify({ query: search, variables: { s: Array(100_000).fill('GERICA') } }),
      ],
      [
        'sources: 100,000 × "x" (400 KB)',
        JSON.stringify({ query: search, variables: { s: Array(100_000).fill('x') } }),
      ],
      [
        '100,000 undeclared variables (890 KB)',
        JSON.stringify({
          query: `{ patient(id: "${patient}") { id } }`,
          variables: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [i.toString(36), 0])),
        }),
      ],
      [
        'form-encoded: 100,000 × "x" (700 KB)',
        form(search, { s: Array(100_000).fill('x') }),
        'application/x-www-form-urlencoded',
      ],
    ];
    const send = async (body: string, type = 'application/json') => {
      const t = performance.now();
      const res = await fetch(env.stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        body,
      });
      const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      return {
        ms: performance.now() - t,
        status: res.status,
        code: json.errors?.[0]?.extensions?.code ?? '-',
      };
    };
    for (const [, body, type] of requests) for (let i = 0; i < 3; i++) await send(body, type); // warm-up
    const times = new Map<string, number[]>(requests.map(([name]) => [name, []]));
    const outcome = new Map<string, string>();
    for (let i = 0; i < RUNS; i++)
      for (const [name, body, type] of requests) {
        const r = await send(body, type);
        times.get(name)!.push(r.ms);
        outcome.set(name, `${r.status} ${r.code}`);
      }
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!;
    process.stdout.write(`${RUNS} runs each, wall time at the client (ms)\n`);
    for (const [name, body] of requests) {
      const xs = times.get(name)!;
      process.stdout.write(
        `${name.padEnd(40)} ${String(body.length).padStart(8)} B  median ${q(xs, 0.5).toFixed(0).padStart(5)}  p90 ${q(xs, 0.9).toFixed(0).padStart(5)}  ${outcome.get(name)}\n`,
      );
    }
  } finally {
    await env.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
