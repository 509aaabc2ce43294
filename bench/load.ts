/**
 * `npm run bench:load`: the hardening load test (issue 12). Starts `npm start`'s stack in a
 * child process on loopback (its own database and index prefix when DATABASE_URL /
 * ELASTICSEARCH_URL are given, embedded otherwise), then for LOAD_SECONDS (default 300)
 * runs mixed legal queries at LOAD_CONCURRENCY (default 16) with one hostile query every
 * second, polls /healthz every 500 ms and samples the server's RSS every second. Stops by
 * itself, stops the child, drops what it created, prints the figures and exits non-zero
 * when a legal query failed, /healthz missed, a hostile query was not refused, or the RSS
 * passed LOAD_MAX_RSS_MB (default 1536): the limit is printed beside the figure.
 *
 *   LOAD_SECONDS=120 npm run bench:load
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client as EsClient } from '@elastic/elasticsearch';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 16);
const MAX_RSS_MB = Number(process.env.LOAD_MAX_RSS_MB ?? 1536);
const ROOT = join(__dirname, '..');

interface Server {
  child: ChildProcess;
  url: string;
  token: string;
}

function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: {
      ...env,
      HOST: '127.0.0.1',
      SUBGRAPH_HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      JOURNAL_PORT: '0',
      ARCHIVE_PORT: '0',
      COERCION_PORT: '0',
      SEARCH_PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the stack did not start within 180 s')), 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /GraphQL \+ GraphiQL: (\S+)/.exec(out)?.[1];
      // The archivist dev token: it reaches every demo patient (the legal one only the demo matter).
      const token = /Dev token, archivist[^\n]*\n(\S+)/.exec(out)?.[1];
      if (url && token && /Ctrl-C stops/.test(out)) {
        clearTimeout(timer);
        child.stdout!.resume();
        resolve({ child, url, token });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code} before it was ready:\n${out}`));
    });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const LEGAL = [
  (i: number) =>
    `{ patient(id: "pt-demo000${i % 6}") { givenName birthDate journal(first: 20) { totalCount edges { node { id writtenAt sourceSystem text } } } } }`,
  (i: number) =>
    `{ patient(id: "pt-demo000${i % 6}") { cases { mappeId tittel saksstatus } coercionDecisions { id legalBasis } } }`,
  (i: number) =>
    `{ patient(id: "pt-demo000${i % 6}") { search(query: "${['mobbing', 'stell', 'plaget', 'sår'][i % 4]}") { total hits { highlights matchedExpansions journalEntry { id } } } } }`,
  (i: number) =>
    `{ patient(id: "pt-demo000${i % 6}") { careContacts { contacts { id } } journal(first: 5, ageFrom: 10, ageTo: 40) { totalCount } } }`,
  () => `{ search(query: "mobbet", first: 10) { total hits { kind score } } }`,
];

function nested(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++)
    inner = `journal(first: 1000) { edges { node { id text patient { ${inner} } } } }`;
  return `{ patient(id: "pt-demo0000") { ${inner} } }`;
}

/** Each hostile request and what its refusal looks like. */
const HOSTILE: { name: string; body: () => string; refused: (status: number, text: string) => boolean }[] = [
  {
    name: 'nesting 20',
    body: () => JSON.stringify({ query: nested(20) }),
    refused: (_, t) => /QUERY_TOO_COMPLEX/.test(t),
  },
  {
    name: 'nesting 5',
    body: () => JSON.stringify({ query: nested(5) }),
    refused: (_, t) => /QUERY_TOO_COMPLEX/.test(t),
  },
  {
    name: '1000 aliases',
    body: () =>
      JSON.stringify({
        query: `{ patient(id: "pt-demo0000") { ${Array.from({ length: 1000 }, (_, i) => `a${i}: journal(first: 1000) { totalCount }`).join(' ')} } }`,
      }),
    refused: (_, t) => /QUERY_TOO_COMPLEX/.test(t),
  },
  {
    name: 'cost bomb',
    body: () => JSON.stringify({ query: nested(2) }),
    refused: (_, t) => /QUERY_TOO_COMPLEX/.test(t),
  },
  {
    name: '2 MB body',
    body: () => JSON.stringify({ query: `{ search(query: "${'ord '.repeat(700_000)}") { total } }` }),
    refused: (s) => s === 413,
  },
  {
    name: '1000-word search',
    body: () =>
      JSON.stringify({
        query: `{ search(query: "${Array.from({ length: 1000 }, (_, i) => `ord${i}`).join(' ')}") { total } }`,
      }),
    refused: (_, t) => /BAD_USER_INPUT/.test(t),
  },
];

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function post(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_DATA: 'true' };
  let dbName: string | null = null;
  const admin = process.env.DATABASE_URL;
  if (admin) {
    dbName = `hs_load_${suffix}`;
    const c = new PgClient({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  }
  const esPrefix = `hs-load-${suffix}`;
  if (process.env.ELASTICSEARCH_URL) env.ES_INDEX_PREFIX = esPrefix;

  const cleanup = async () => {
    if (dbName && admin) {
      const c = new PgClient({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
    if (process.env.ELASTICSEARCH_URL) {
      const es = new EsClient({ node: process.env.ELASTICSEARCH_URL });
      // Wildcard deletes are refused (action.destructive_requires_name): delete by name.
      const names = Object.keys(
        await es.indices.get({ index: `${esPrefix}-*`, allow_no_indices: true }).catch(() => ({})),
      );
      if (names.length) await es.indices.delete({ index: names }).catch(() => undefined);
      await es.indices.deleteIndexTemplate({ name: `${esPrefix}-records` }).catch(() => undefined);
      await es.close();
    }
  };
  const t0 = Date.now();
  let server: Server;
  try {
    server = await startServer(env);
  } catch (err) {
    await cleanup();
    throw err;
  }
  const pid = server.child.pid!;
  process.stdout.write(
    `stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${server.url} (pid ${pid}); ` +
      `running ${SECONDS} s at concurrency ${CONCURRENCY}, one hostile query per second\n`,
  );
  const health = server.url.replace(/\/graphql$/, '/healthz');
  const end = Date.now() + SECONDS * 1000;

  const legalMs: number[] = [];
  const legalErrors: string[] = [];
  const hostileMs: Record<string, number[]> = {};
  const hostileAccepted: string[] = [];
  const healthMs: number[] = [];
  let healthFailures = 0;
  const rss: number[] = [rssMb(pid)];

  const worker = async (w: number) => {
    for (let i = w; Date.now() < end; i += CONCURRENCY) {
      const q = LEGAL[i % LEGAL.length]!(i);
      const t = performance.now();
      try {
        const r = await post(server.url, server.token, JSON.stringify({ query: q }));
        legalMs.push(performance.now() - t);
        const body = JSON.parse(r.text) as { errors?: { message: string }[] };
        if (r.status !== 200 || body.errors?.length)
          legalErrors.push(`${r.status} ${body.errors?.[0]?.message ?? r.text.slice(0, 200)}`);
      } catch (err) {
        legalErrors.push(`request failed: ${(err as Error).message}`);
      }
    }
  };
  const hostile = async () => {
    for (let i = 0; Date.now() < end; i++) {
      const h = HOSTILE[i % HOSTILE.length]!;
      const next = Date.now() + 1000;
      const t = performance.now();
      try {
        const r = await post(server.url, server.token, h.body());
        (hostileMs[h.name] ??= []).push(performance.now() - t);
        if (!h.refused(r.status, r.text))
          hostileAccepted.push(`${h.name}: ${r.status} ${r.text.slice(0, 200)}`);
      } catch (err) {
        // A refused oversized body may have its connection cut before the upload ends.
        (hostileMs[h.name] ??= []).push(performance.now() - t);
        if (h.name !== '2 MB body') hostileAccepted.push(`${h.name}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  };
  const healthz = async () => {
    while (Date.now() < end) {
      const t = performance.now();
      try {
        const r = await fetch(health, { signal: AbortSignal.timeout(5000) });
        if (r.status !== 200) healthFailures++;
        await r.text();
      } catch {
        healthFailures++;
      }
      healthMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const sampler = setInterval(() => rss.push(rssMb(pid)), 1000);
  const progress = setInterval(
    () =>
      process.stdout.write(
        `  ${Math.round((Date.now() - (end - SECONDS * 1000)) / 1000)} s: ${legalMs.length} legal, ` +
          `${legalErrors.length} errors, rss ${rss[rss.length - 1]!.toFixed(0)} MB\n`,
      ),
    30_000,
  );
  try {
    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, w) => worker(w)), hostile(), healthz()]);
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    server.child.kill('SIGTERM');
    const killer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
    await new Promise((r) => server.child.once('exit', r));
    clearTimeout(killer);
    await cleanup();
  }

  const sorted = [...legalMs].sort((a, b) => a - b);
  const hs = [...healthMs].sort((a, b) => a - b);
  const maxRss = Math.max(...rss);
  const f = (n: number) => n.toFixed(0);
  const lines = [
    '',
    `Load test: ${SECONDS} s, concurrency ${CONCURRENCY}, backend ${process.env.ELASTICSEARCH_URL ? 'Elasticsearch' : 'PostgreSQL FTS'}, database ${admin ? 'PostgreSQL' : 'PGlite'}`,
    `  legal queries      ${legalMs.length} (${(legalMs.length / SECONDS).toFixed(1)}/s), errors ${legalErrors.length} (limit 0)`,
    `  legal latency ms   p50 ${f(pct(sorted, 50))}  p95 ${f(pct(sorted, 95))}  p99 ${f(pct(sorted, 99))}  max ${f(sorted[sorted.length - 1] ?? NaN)}`,
    `  hostile queries    ${Object.values(hostileMs).reduce((n, l) => n + l.length, 0)}, not refused ${hostileAccepted.length} (limit 0)`,
    ...Object.entries(hostileMs).map(([name, l]) => {
      const s = [...l].sort((a, b) => a - b);
      return `    ${name.padEnd(18)} n ${String(l.length).padStart(4)}  refused in ms p50 ${f(pct(s, 50))}  max ${f(s[s.length - 1]!)}`;
    }),
    `  /healthz           ${healthMs.length} checks, failures ${healthFailures} (limit 0), ms p50 ${f(pct(hs, 50))} max ${f(hs[hs.length - 1] ?? NaN)}`,
    `  server RSS MB      start ${f(rss[0]!)}  max ${f(maxRss)}  end ${f(rss[rss.length - 1]!)} (limit ${MAX_RSS_MB})`,
  ];
  if (legalErrors.length)
    lines.push(`  first legal errors: ${[...new Set(legalErrors)].slice(0, 3).join(' | ')}`);
  if (hostileAccepted.length) lines.push(`  not refused: ${hostileAccepted.slice(0, 3).join(' | ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  const ok = !legalErrors.length && !hostileAccepted.length && !healthFailures && maxRss <= MAX_RSS_MB;
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`load test failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
