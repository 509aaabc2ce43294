/**
 * Benchmark: bulk indexing through the outbox indexer (PostgreSQL → Elasticsearch) for
 * ≥ 500,000 generated notes, beside raw `_bulk` of the same documents into an index with
 * the same definition; then latency of an age-window concept query ("mobbing", ages 13–15,
 * one person) through the gateway, beside the same query sent straight to the search
 * subgraph and straight to Elasticsearch.
 *
 *   npm run bench:search [notes=500000] [queries=300]
 *   BENCH_CLASSIFIER=0 …   with the classifier expansion off (no index-time concept tags; on as shipped)
 *   BENCH_KNN=0 …          without document vectors
 * Targets (issue 6): ≥ 3,000 docs/s with a 1 GiB heap (HELSESPOR_ES_HEAP=1g), p95 ≤ 150 ms.
 */
import { loadConfig } from '../lib/config';
import { Client as EsClient } from '@elastic/elasticsearch';
import { startStack } from '../scripts/stack';
import { indexTemplate } from '../search-index/definition';
import { decompounder } from '../search-index/decompound';
import { drainOutbox } from '../search-index/indexer';
import { buildQuery } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { GATEWAY_QUERY, loadBenchNotes, PER_PATIENT, postGraphql, subgraphRequest } from './search-corpus';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { useDictionary } from '../search-index/decompound';
import { trainExpansions } from '../search-index/expansions';
import { prng } from '../dev/generator';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * CPU seconds spent while `fn` runs: by this process (the indexer's reads, preparation and
 * requests), by Elasticsearch (its node stats) and by the whole machine (/proc/stat, Linux), so
 * that a ratio can be read beside where the time went (2 cores shared by all three).
 */
async function cpuOf<T>(es: EsClient, fn: () => Promise<T>): Promise<[T, string]> {
  const esCpu = async () =>
    Object.values((await es.nodes.stats({ metric: ['process'] })).nodes)[0]?.process?.cpu?.total_in_millis ??
    0;
  const machine = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      return (f.reduce((a, b) => a + b, 0) - f[3]! - (f[4] ?? 0)) * 10; // busy ms (USER_HZ 100)
    } catch {
      return NaN;
    }
  };
  const [u0, e0, m0] = [process.cpuUsage(), await esCpu(), machine()];
  const r = await fn();
  const u = process.cpuUsage(u0);
  const [e1, m1] = [await esCpu(), machine()];
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return [
    r,
    `CPU s: this process ${s((u.user + u.system) / 1000)}, Elasticsearch ${s(e1 - e0)}, machine ${s(m1 - m0)}`,
  ];
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

async function main(): Promise<void> {
  const { databaseUrl, elasticsearchUrl: esUrl } = loadConfig();
  if (!databaseUrl || !esUrl)
    throw new Error('DATABASE_URL and ELASTICSEARCH_URL are required (npm run bench:search starts both)');
  const total = Number(process.argv[2] ?? 500_000);
  const queries = Number(process.argv[3] ?? 300);
  const tdb = await createTestDatabase();
  const db = tdb.db;
  const prefix = testIndexPrefix();
  // A learned model, so that every document carries its vector (search-index/vectors.ts) in
  // both runs: BENCH_KNN=0 leaves document vectors out.
  const knnOn = process.env.BENCH_KNN !== '0';
  const modelDir = mkdtempSync(join(tmpdir(), 'helsespor-bench-model-'));
  const base = testConfig({});
  if (knnOn) {
    useDictionary(base.decompoundDictionary);
    const t = await trainExpansions(
      generateCareNotes(3000, { seed: 1 }).map((n) => n.text),
      modelDir,
    );
    console.log(`model for document vectors: ${t.docs} generated care notes, ${(t.ms / 1000).toFixed(1)} s`);
  }
  const config = testConfig({
    databaseUrl: tdb.url,
    elasticsearchUrl: esUrl,
    esIndexPrefix: prefix,
    expansions: {
      ...base.expansions,
      dir: knnOn ? modelDir : undefined,
      refreshNotes: 0,
      // As shipped (HELSESPOR_CLASSIFIER=1): every note tagged at index time, the concept query
      // with classifier:mobbing. BENCH_CLASSIFIER=0: off, no tags written.
      knn: {
        ...base.expansions.knn,
        enabled: knnOn,
        classifier: knnOn && process.env.BENCH_CLASSIFIER !== '0',
      },
    },
  });
  const stack = await startStack(config, { db, indexerIntervalMs: 3_600_000 });
  const es = new EsClient({ node: esUrl, requestTimeout: 120_000 });
  try {
    const heap = await es.nodes.info({ metric: ['jvm'] });
    const jvm = Object.values(heap.nodes)[0]?.jvm;
    console.log(
      `Elasticsearch ${Object.values(heap.nodes)[0]?.version}, heap ${Math.round((jvm?.mem?.heap_max_in_bytes ?? 0) / 2 ** 20)} MiB`,
    );

    // 1. Generated notes into PostgreSQL (not timed as indexing).
    const r = prng(3);
    const [ids, loadMs] = await time(() => loadBenchNotes(db, total, r));
    console.log(
      `loaded ${total} notes for ${ids.length} patients into PostgreSQL in ${(loadMs / 1000).toFixed(1)} s`,
    );

    // 2. Our indexing path: drain the outbox into Elasticsearch.
    const [[drained, ourMs], ourCpu] = await cpuOf(es, () =>
      time(() => drainOutbox(journalOutbox(db), stack.backend, 2000)),
    );
    await stack.backend.refresh();

    // 3. Raw _bulk of the same documents into an index with the same definition.
    const rawIndex = `${prefix}-raw`;
    const template = indexTemplate(prefix, config.esHunspellLocale).template!;
    await es.indices.create({ index: rawIndex, settings: template.settings, mappings: template.mappings });
    // The same documents the indexer sends, compound parts and document vector included
    // (prepared before timing).
    const dc = decompounder();
    const loaded = await journalOutbox(db).load(
      ids.slice(0, 20).flatMap((id) => Array.from({ length: PER_PATIENT }, (_, n) => `${id}-${n}`)),
    );
    const docs = (stack.backend.prepare ? stack.backend.prepare(loaded) : loaded).map(
      ({ vector, vectorModel, ...d }) => ({
        ...d,
        parts: d.parts ?? dc.parts(d.text),
        ...(vector ? { vector } : {}),
        ...(vectorModel ? { vectorModel } : {}),
      }),
    );
    console.log(
      `document vectors: ${docs.filter((d) => 'vector' in d).length} of ${docs.length} raw documents; concept tags (${docs[0]?.conceptModel ?? 'no classifier'}): ${docs.filter((d) => d.concepts?.length).length} tagged, ${docs.filter((d) => d.concepts?.some((t) => t.startsWith('mobbing@'))).length} as mobbing`,
    );
    const [[, rawMs], rawCpu] = await cpuOf(es, () =>
      time(async () => {
        for (let k = 0; k < total; k += 2000) {
          const operations = [];
          for (let i = k; i < Math.min(total, k + 2000); i++) {
            const d = docs[i % docs.length]!;
            operations.push({ index: { _index: rawIndex, _id: `raw-${i}` } }, { ...d, id: `raw-${i}` });
          }
          await es.bulk({ operations });
        }
      }),
    );
    const ours = drained.indexed / (ourMs / 1000);
    const raw = total / (rawMs / 1000);
    console.log(
      `\nindexing via outbox : ${drained.indexed} docs in ${(ourMs / 1000).toFixed(1)} s = ${Math.round(ours)} docs/s (target ≥ 3000)`,
    );
    console.log(
      `raw _bulk, same docs: ${total} docs in ${(rawMs / 1000).toFixed(1)} s = ${Math.round(raw)} docs/s`,
    );
    console.log(`ratio outbox / raw  : ${(ours / raw).toFixed(2)}`);
    console.log(`outbox ${ourCpu}\nraw    ${rawCpu}`);
    await es.indices.delete({ index: rawIndex });

    // 4. Search latency: age-window concept query for one person, three ways.
    // A legal user on a matter over the persons the queries pick (lib/policy; bench:policy measures its cost).
    const token = await stack.matterToken(
      { id: 'M-bench-search', patientIds: ids.slice(0, 50) },
      { sub: 'bench' },
    );
    const searchUrl = stack.subgraphs.find((s) => s.name === 'search')!.url;
    const built = buildQuery('mobbing', loadVocabulary());
    const lat: Record<string, number[]> = { gateway: [], subgraph: [], elasticsearch: [] };
    for (let i = 0; i < queries + 20; i++) {
      const pid = ids[Math.floor(r() * 50)]!;
      const sub = await subgraphRequest(pid, `b${i}`, config.internalSecret);
      const runs: [string, () => Promise<unknown>][] = [
        [
          'gateway',
          () =>
            postGraphql(
              stack.gateway.url,
              { query: GATEWAY_QUERY, variables: { id: pid } },
              { authorization: `Bearer ${token}` },
            ),
        ],
        ['subgraph', () => postGraphql(searchUrl, sub.body, { 'x-helsespor-caller': sub.caller })],
        [
          'elasticsearch',
          () =>
            es.search({
              index: `${prefix}-records`,
              size: 20,
              query: {
                bool: {
                  must: [built.query],
                  filter: [{ terms: { patientId: [pid] } }, { range: { ageAtDate: { gte: 13, lte: 15 } } }],
                },
              },
            }),
        ],
      ];
      for (const [k, fn] of runs) {
        const [, ms] = await time(fn);
        if (i >= 20) lat[k]!.push(ms); // the first 20 warm up
      }
    }
    // Most of a query's cost is paid once per segment (definition.ts MERGE_POLICY).
    const segments = (await es.cat.segments({ index: `${prefix}-records`, format: 'json' })) as unknown[];
    console.log(
      `\nage-window concept query ("mobbing", ages 13–15, one person), ${queries} requests each, sequential, on ${segments.length} segments:`,
    );
    for (const [k, v] of Object.entries(lat)) {
      const s = [...v].sort((a, b) => a - b);
      console.log(
        `${k.padEnd(14)} p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(s, 95).toFixed(1).padStart(6)} ms`,
      );
    }
    const p95 = (k: string) =>
      percentile(
        [...lat[k]!].sort((a, b) => a - b),
        95,
      );
    console.log(
      `gateway p95 / subgraph p95 = ${(p95('gateway') / p95('subgraph')).toFixed(2)}; gateway p95 target ≤ 150 ms`,
    );
  } finally {
    await stack.stop();
    await es.close();
    await tdb.drop();
    await dropIndexes(prefix);
    rmSync(modelDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
