/**
 * Where the time of bench:search's age-window concept query goes, stage by stage: the same
 * stack, model and query as bench/search.ts (BENCH_CLASSIFIER=0 leaves the classifier out)
 * on a smaller corpus, with every HTTP request the gateway and the subgraphs serve, every
 * PostgreSQL round trip and every Elasticsearch request of one search timed in the process
 * (sequential requests, so each event belongs to the request in flight). Then the exact
 * Elasticsearch body the subgraph sent, again with `profile` and in variants.
 *
 *   npm run bench:search-stages [notes=100000] [queries=200]
 */
import { loadConfig } from '../lib/config';
import { Client as EsClient } from '@elastic/elasticsearch';
import { subscribe } from 'node:diagnostics_channel';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { startStack } from '../scripts/stack';
import { drainOutbox } from '../search-index/indexer';
import { buildQuery } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { GATEWAY_QUERY, loadBenchNotes, postGraphql, subgraphRequest } from './search-corpus';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { useDictionary } from '../search-index/decompound';
import { trainExpansions } from '../search-index/expansions';
import { prng } from '../dev/generator';

const FILTER_PATH = [
  'took',
  'hits.total',
  'hits.hits._id',
  'hits.hits._score',
  'hits.hits._source',
  'hits.hits.sort',
  'hits.hits.matched_queries',
  'hits.hits.highlight',
  'aggregations',
];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const p95 = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]! : NaN;
};

/** One timed event of the request in flight. */
interface Ev {
  what: string;
  start: number;
  end: number;
  took?: number;
}

async function main(): Promise<void> {
  const { databaseUrl, elasticsearchUrl: esUrl } = loadConfig();
  if (!databaseUrl || !esUrl) throw new Error('DATABASE_URL and ELASTICSEARCH_URL are required');
  const total = Number(process.argv[2] ?? 100_000);
  const queries = Number(process.argv[3] ?? 200);
  const tdb = await createTestDatabase();
  const db = tdb.db;
  const prefix = testIndexPrefix();
  // STAGES_MODEL_DIR: a model trained by an earlier run, kept (training takes a minute or more).
  const kept = process.env.STAGES_MODEL_DIR;
  const modelDir = kept ?? mkdtempSync(join(tmpdir(), 'helsespor-bench-model-'));
  const base = testConfig({});
  useDictionary(base.decompoundDictionary);
  if (!kept || !existsSync(join(kept, 'current')))
    await trainExpansions(
      generateCareNotes(3000, { seed: 1 }).map((n) => n.text),
      modelDir,
    );
  const config = testConfig({
    databaseUrl: tdb.url,
    elasticsearchUrl: esUrl,
    esIndexPrefix: prefix,
    expansions: {
      ...base.expansions,
      dir: modelDir,
      refreshNotes: 0,
      knn: { ...base.expansions.knn, enabled: true, classifier: process.env.BENCH_CLASSIFIER !== '0' },
    },
  });
  const stack = await startStack(config, { db, indexerIntervalMs: 3_600_000 });
  const es = new EsClient({ node: esUrl, requestTimeout: 120_000 });
  let events: Ev[] | null = null;
  try {
    const r = prng(3);
    const ids = await loadBenchNotes(db, total, r);
    await drainOutbox(journalOutbox(db), stack.backend, 2000);
    await stack.backend.refresh();
    console.log(`${total} notes indexed`);

    // Instruments: HTTP servers (by port), PostgreSQL round trips, Elasticsearch requests.
    const portName = new Map<number, string>([[Number(new URL(stack.gateway.url).port), 'gateway']]);
    for (const s of stack.subgraphs) portName.set(Number(new URL(s.url).port), s.name);
    const open = new WeakMap<object, Ev>();
    subscribe('http.server.request.start', (m) => {
      const { request } = m as { request: IncomingMessage };
      const name = portName.get(request.socket.localPort ?? 0) ?? `port ${request.socket.localPort}`;
      if (!events) return;
      const e = { what: `http ${name}`, start: now(), end: NaN };
      events.push(e);
      open.set((m as { response: object }).response, e);
    });
    subscribe('http.server.response.finish', (m) => {
      const e = open.get((m as { response: object }).response);
      if (e) e.end = now();
    });
    const origQuery = db.query.bind(db);
    (db as { query: unknown }).query = async (sql: string, params?: unknown[]) => {
      const e = { what: `pg ${sql.replace(/\s+/g, ' ').trim().slice(0, 50)}`, start: now(), end: NaN };
      events?.push(e);
      try {
        return await origQuery(sql, params as never);
      } finally {
        e.end = now();
      }
    };
    const client = (stack.backend as unknown as { client: EsClient }).client;
    let lastBody: Record<string, unknown> | null = null;
    for (const method of ['search', 'msearch'] as const) {
      const orig = (client[method] as (...a: unknown[]) => Promise<unknown>).bind(client);
      (client as unknown as Record<string, unknown>)[method] = async (
        params: Record<string, unknown>,
        o?: unknown,
      ) => {
        const e: Ev = { what: `es ${method}`, start: now(), end: NaN };
        events?.push(e);
        if (method === 'search') lastBody = params;
        // A filter_path of the backend's leaves `took` out: asked for here, to time Elasticsearch.
        const fp = params.filter_path;
        const res = (await orig(
          Array.isArray(fp) ? { ...params, filter_path: [...fp, 'took'] } : params,
          o,
        )) as {
          took?: number;
        };
        e.end = now();
        e.took = res.took;
        return res;
      };
    }

    const token = await stack.matterToken(
      { id: 'M-bench-search', patientIds: ids.slice(0, 50) },
      { sub: 'bench' },
    );
    const searchUrl = stack.subgraphs.find((s) => s.name === 'search')!.url;
    /** Per path: the list of per-request stage sums. */
    const rows: Record<string, Record<string, number[]>> = { gateway: {}, subgraph: {} };
    const add = (path: string, k: string, v: number) => (rows[path]![k] ??= []).push(v);
    const prof = process.env.STAGES_CPU_PROF ? new Session() : null;
    const conns: Record<string, Set<unknown>> = {};
    subscribe('http.server.request.start', (m) => {
      const { request } = m as { request: IncomingMessage };
      const name = portName.get(request.socket.localPort ?? 0) ?? 'other';
      if (events) (conns[name] ??= new Set()).add(request.socket);
    });
    for (let i = 0; i < queries + 20; i++) {
      if (prof && i === 20) {
        prof.connect();
        await prof.post('Profiler.enable');
        await prof.post('Profiler.start');
      }
      const pid = ids[Math.floor(r() * 50)]!;
      for (const path of ['gateway', 'subgraph'] as const) {
        const sub = path === 'subgraph' ? await subgraphRequest(pid, `b${i}`, config.internalSecret) : null;
        events = [];
        const t0 = now();
        if (path === 'gateway')
          await postGraphql(
            stack.gateway.url,
            { query: GATEWAY_QUERY, variables: { id: pid } },
            { authorization: `Bearer ${token}` },
          );
        else await postGraphql(searchUrl, sub!.body, { 'x-helsespor-caller': sub!.caller });
        const t1 = now();
        const ev = events;
        events = null;
        if (i < 20) continue;
        add(path, 'client round trip', t1 - t0);
        const sum = (pred: (e: Ev) => boolean) => ev.filter(pred).reduce((s, e) => s + (e.end - e.start), 0);
        const count = (pred: (e: Ev) => boolean) => ev.filter(pred).length;
        for (const e of ev) {
          if (e.what.startsWith('http ')) add(path, `${e.what} (server side)`, e.end - e.start);
        }
        add(
          path,
          'pg round trips (count)',
          count((e) => e.what.startsWith('pg ')),
        );
        add(
          path,
          'pg total',
          sum((e) => e.what.startsWith('pg ')),
        );
        for (const e of ev) if (e.what.startsWith('pg ')) add(path, `  ${e.what}`, e.end - e.start);
        add(
          path,
          'es requests (count)',
          count((e) => e.what.startsWith('es ')),
        );
        add(
          path,
          'es round trip total',
          sum((e) => e.what.startsWith('es ')),
        );
        add(
          path,
          'es took total',
          ev.filter((e) => e.what.startsWith('es ')).reduce((s, e) => s + (e.took ?? 0), 0),
        );
        // The subgraph's own time: its server span less PostgreSQL and Elasticsearch inside it.
        const s = ev.find((e) => e.what === 'http search');
        if (s) {
          const inside = (e: Ev) => e.start >= s.start && e.end <= s.end && !e.what.startsWith('http');
          add(path, 'search subgraph: own (not pg/es)', s.end - s.start - sum(inside));
          const es0 = ev.find((e) => e.what.startsWith('es ') && e.start >= s.start);
          if (es0) add(path, 'search subgraph: start → first es', es0.start - s.start);
          const lastEs = ev.filter((e) => e.what.startsWith('es ')).pop();
          if (lastEs) add(path, 'search subgraph: last es → finish', s.end - lastEs.end);
        }
        const j = ev.find((e) => e.what === 'http journal');
        if (j) {
          const inside = (e: Ev) => e.start >= j.start && e.end <= j.end && !e.what.startsWith('http');
          add(path, 'journal subgraph: own (not pg)', j.end - j.start - sum(inside));
        }
        const g = ev.find((e) => e.what === 'http gateway');
        if (g) {
          const subs = ev.filter((e) => e.what.startsWith('http ') && e !== g);
          add(
            path,
            'gateway: own (server span less subgraph spans)',
            g.end - g.start - subs.reduce((x, e) => x + e.end - e.start, 0),
          );
          add(path, 'gateway: start → first subgraph', (subs[0]?.start ?? g.end) - g.start);
          for (let k = 1; k < subs.length; k++)
            add(path, `gateway: between subgraph ${k} and ${k + 1}`, subs[k]!.start - subs[k - 1]!.end);
          if (subs.length) add(path, 'gateway: last subgraph → finish', g.end - subs[subs.length - 1]!.end);
        }
      }
    }
    if (prof) {
      const { profile } = await prof.post('Profiler.stop');
      writeFileSync(process.env.STAGES_CPU_PROF!, JSON.stringify(profile));
      prof.disconnect();
    }
    console.log(
      `connections seen per server: ${Object.entries(conns)
        .map(([k, v]) => `${k} ${v.size}`)
        .join(', ')}`,
    );
    for (const [path, stages] of Object.entries(rows)) {
      console.log(`\n${path} path, ${queries} requests (median / p95 ms):`);
      for (const [k, v] of Object.entries(stages))
        console.log(
          `  ${k.padEnd(62)} ${median(v).toFixed(2).padStart(8)} ${p95(v).toFixed(2).padStart(8)}  (n=${v.length})`,
        );
    }

    // The subgraph's Elasticsearch body: as sent, profiled, and in variants.
    const sent = lastBody as Record<string, unknown> | null;
    if (sent) {
      // Variants and the profile without the backend's filter_path (it would filter `took` and `profile` out),
      // and on the index, not the point in time the subgraph opened for it (closed once the search answered).
      const { filter_path: fp, pit, ...rest } = sent;
      const body: Record<string, unknown> = pit ? { index: `${prefix}-records`, ...rest } : rest;
      console.log(`\nthe subgraph's search body:\n${JSON.stringify(body).slice(0, 3000)}`);
      const built = buildQuery('mobbing', loadVocabulary());
      const pid = ids[7]!;
      const benchAlone = {
        index: `${prefix}-records`,
        size: 20,
        query: {
          bool: {
            must: [built.query],
            filter: [{ terms: { patientId: [pid] } }, { range: { ageAtDate: { gte: 13, lte: 15 } } }],
          },
        },
      };
      const strip = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(strip)
          : v && typeof v === 'object'
            ? Object.fromEntries(
                Object.entries(v)
                  .filter(([k]) => k !== '_name')
                  .map(([k, x]) => [k, strip(x)]),
              )
            : v;
      const variants: [string, Record<string, unknown>][] = [
        ['as the subgraph sends it, without filter_path', body],
        [
          'with filter_path (+ took)',
          { ...body, filter_path: [...((fp as string[] | undefined) ?? FILTER_PATH), 'took'] },
        ],
        ['without track_total_hits', { ...body, track_total_hits: undefined }],
        ['without _name (no matched_queries)', strip(body) as Record<string, unknown>],
        ['size 0 (query phase only)', { ...body, size: 0 }],
        ['bench:search "Elasticsearch alone" body', benchAlone],
      ];
      const took: number[][] = variants.map(() => []);
      const rt: number[][] = variants.map(() => []);
      for (let k = 0; k < 80; k++) {
        for (const [i, [, b]] of variants.entries()) {
          const t = now();
          const res = await es.search(b as never);
          if (k < 10) continue;
          rt[i]!.push(now() - t);
          took[i]!.push((res as { took?: number }).took ?? NaN);
        }
      }
      for (const [i, [name]] of variants.entries())
        console.log(
          `${name.padEnd(45)} took p50 ${median(took[i]!).toFixed(1)} p95 ${p95(took[i]!).toFixed(1)} ms; round trip p50 ${median(rt[i]!).toFixed(1)} p95 ${p95(rt[i]!).toFixed(1)} ms`,
        );
      const segs = await es.cat.segments({ index: `${prefix}-records`, format: 'json' });
      console.log(`segments: ${(segs as unknown[]).length}`);
      const prof = (await es.search({ ...(body as object), profile: true } as never)) as unknown as {
        profile: {
          shards: {
            searches: {
              query: { type: string; description: string; time_in_nanos: number; children?: unknown[] }[];
              rewrite_time: number;
              collector: { name: string; time_in_nanos: number }[];
            }[];
            fetch?: { time_in_nanos: number };
          }[];
        };
      };
      for (const sh of prof.profile.shards) {
        for (const s of sh.searches) {
          console.log(`\nprofile: rewrite ${(s.rewrite_time / 1e6).toFixed(2)} ms`);
          const walk = (
            q: { type: string; description: string; time_in_nanos: number; children?: unknown[] },
            d: number,
          ) => {
            if (d > 1) return;
            console.log(
              `${'  '.repeat(d)}${q.type} ${(q.time_in_nanos / 1e6).toFixed(2)} ms ${q.description.slice(0, 80)}`,
            );
            for (const c of (q.children ?? []) as (typeof q)[]) walk(c, d + 1);
          };
          for (const q of s.query.slice(0, 1)) walk(q, 0);
          for (const c of s.collector)
            console.log(`collector ${c.name} ${(c.time_in_nanos / 1e6).toFixed(2)} ms`);
        }
        if (sh.fetch) {
          console.log(`fetch ${(sh.fetch.time_in_nanos / 1e6).toFixed(2)} ms`);
          for (const c of (sh.fetch as { children?: { type: string; time_in_nanos: number }[] }).children ??
            [])
            console.log(`  ${c.type} ${(c.time_in_nanos / 1e6).toFixed(2)} ms`);
        }
      }
    }
  } finally {
    await stack.stop();
    await es.close();
    await tdb.drop();
    await dropIndexes(prefix);
    if (!kept) rmSync(modelDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
