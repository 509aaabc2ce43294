/**
 * Where the indexer's CPU goes: the outbox → indexer path of bench/search.ts (the same
 * generated notes, model, classifier and batch size) on a smaller corpus, drained several
 * times, with the CPU seconds of this process per drain (process.cpuUsage: less noisy than
 * throughput on a shared machine) and, optionally, a CPU profile summarised by function and
 * by file.
 *
 * By default the bulk requests go to a sink: a small HTTP server in a child process that
 * answers `_bulk` as Elasticsearch does (an item per document) and keeps a SHA-256 of every
 * action and document line it was sent, so that the digest printed per drain shows whether a
 * change of the indexer changed what is indexed (the same corpus and model must give the same
 * digest, byte for byte). Its own CPU is the child's, not counted here.
 *
 *   npm run bench:indexer-cpu [notes=50000] [rounds=5]   (npx tsx bench/indexer-cpu.ts …)
 *   INDEXER_CPU_MODEL_DIR=<dir>   a model trained by an earlier run (trained there when absent, and kept)
 *   INDEXER_CPU_ES=real           into the real Elasticsearch (ELASTICSEARCH_URL, which the npm script does not start)
 *                                 instead of the sink: no digest; Elasticsearch's CPU per drain too (its node's,
 *                                 so whatever else uses it counts; drains after the first update the same ids)
 *   INDEXER_CPU_PROFILE=<file>    a .cpuprofile of the last drain, and its summary
 *   BENCH_CLASSIFIER=0, BENCH_KNN=0 as bench/search.ts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { Client as EsClient } from '@elastic/elasticsearch';
import { loadConfig } from '../lib/config';
import { migrateSubgraph } from '../lib/subgraph';
import { createSearchBackend } from '../search-index/backend';
import { useDictionary } from '../search-index/decompound';
import { trainExpansions } from '../search-index/expansions';
import { drainOutbox } from '../search-index/indexer';
import { journalSubgraph } from '../subgraphs/journal';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { generateCareNotes } from '../dev/care-notes';
import { prng } from '../dev/generator';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { loadBenchNotes } from './search-corpus';

const BATCH = 2000; // as bench/search.ts drains

// ------------------------------------------------------------------ the sink (child process)

/**
 * The sink: answers as Elasticsearch would (its product header, a bulk item per action) and
 * hashes each action line with its document line, by document id; GET /_digest gives the
 * SHA-256 of the sorted (id, line hash) pairs, POST /_reset forgets them.
 */
function runSink(): void {
  const lines = new Map<string, string>();
  let seqNo = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        res.end(JSON.stringify(body));
      };
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/_digest') {
        const h = createHash('sha256');
        for (const id of [...lines.keys()].sort()) h.update(`${id}\t${lines.get(id)}\n`);
        return send({ documents: lines.size, digest: h.digest('hex') });
      }
      if (path === '/_reset') {
        lines.clear();
        return send({});
      }
      if (!path.endsWith('/_bulk')) return send({});
      const ops = Buffer.concat(chunks).toString('utf8').split('\n');
      const items: object[] = [];
      for (let i = 0; i + 1 < ops.length; i += 2) {
        const action = JSON.parse(ops[i]!) as Record<string, { _index: string; _id: string }>;
        const [kind, meta] = Object.entries(action)[0]!;
        lines.set(
          meta._id,
          createHash('sha1')
            .update(ops[i]! + '\n' + ops[i + 1]!)
            .digest('hex'),
        );
        items.push({
          [kind]: {
            _index: meta._index,
            _id: meta._id,
            _version: 1,
            result: 'created',
            _shards: { total: 1, successful: 1, failed: 0 },
            _seq_no: seqNo++,
            _primary_term: 1,
            status: 201,
          },
        });
      }
      send({ errors: false, took: 1, items });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
  });
}

async function startSink(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(__filename, ['--sink'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// ------------------------------------------------------------------ the profile's summary

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function and by file, the largest first. */
function summarise(profile: { nodes: ProfileNode[]; samples?: number[] }, top = 30): string {
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '') || '(native)';
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + (n.hitCount ?? 0));
    byFile.set(file, (byFile.get(file) ?? 0) + (n.hitCount ?? 0));
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `self time by function:\n${table(byFn)}\n\nself time by file:\n${table(byFile)}`;
}

// ------------------------------------------------------------------ the driver

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  const { databaseUrl, elasticsearchUrl } = loadConfig();
  if (!databaseUrl) throw new Error('DATABASE_URL is required (source /work/env.sh or scripts/services.sh)');
  const total = Number(process.argv[2] ?? 50_000);
  const rounds = Number(process.argv[3] ?? 5);
  const real = process.env.INDEXER_CPU_ES === 'real';
  if (real && !elasticsearchUrl) throw new Error('INDEXER_CPU_ES=real needs ELASTICSEARCH_URL');
  const knnOn = process.env.BENCH_KNN !== '0';

  const kept = process.env.INDEXER_CPU_MODEL_DIR;
  const modelDir = kept ?? mkdtempSync(join(tmpdir(), 'helsespor-indexer-cpu-model-'));
  const base = testConfig({});
  useDictionary(base.decompoundDictionary);
  if (knnOn && !existsSync(join(modelDir, 'current'))) {
    const t = await trainExpansions(
      generateCareNotes(3000, { seed: 1 }).map((n) => n.text),
      modelDir,
    );
    console.log(`model: ${t.docs} generated care notes, ${(t.ms / 1000).toFixed(1)} s (${modelDir})`);
  }
  const sink = real ? null : await startSink();
  const prefix = real ? testIndexPrefix() : 'indexer-cpu';
  const tdb = await createTestDatabase();
  const config = testConfig({
    databaseUrl: tdb.url,
    elasticsearchUrl: real ? elasticsearchUrl : sink!.url,
    esIndexPrefix: prefix,
    expansions: {
      ...base.expansions,
      dir: knnOn ? modelDir : undefined,
      refreshNotes: 0,
      knn: {
        ...base.expansions.knn,
        enabled: knnOn,
        classifier: knnOn && process.env.BENCH_CLASSIFIER !== '0',
      },
    },
  });
  const backend = createSearchBackend(config, tdb.db);
  // Into the real Elasticsearch: its CPU per drain too (node stats), beside this process's.
  const es = real ? new EsClient({ node: elasticsearchUrl! }) : null;
  const esCpuMs = async () =>
    es
      ? (Object.values((await es.nodes.stats({ metric: ['process'] })).nodes)[0]?.process?.cpu
          ?.total_in_millis ?? 0)
      : 0;
  try {
    await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
    if (real) await backend.ensureReady();
    const t0 = Date.now();
    await loadBenchNotes(tdb.db, total, prng(3));
    console.log(`loaded ${total} notes into PostgreSQL in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(
      `draining ${rounds} times into ${real ? 'Elasticsearch' : 'the sink'}, batches of ${BATCH}; CPU s of this process`,
    );
    const cpu: number[] = [];
    for (let k = 1; k <= rounds; k++) {
      await tdb.db.query('UPDATE journal.outbox SET processed_at = NULL');
      if (sink) await fetch(`${sink.url}/_reset`, { method: 'POST' });
      const profiling = k === rounds && process.env.INDEXER_CPU_PROFILE;
      const session = profiling ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
      }
      const [e0, c0, w0] = [await esCpuMs(), process.cpuUsage(), Date.now()];
      const r = await drainOutbox(journalOutbox(tdb.db), backend, BATCH);
      const c = process.cpuUsage(c0);
      const wall = (Date.now() - w0) / 1000;
      const esCpu = es ? `, Elasticsearch CPU ${(((await esCpuMs()) - e0) / 1000).toFixed(2)} s` : '';
      const s = (c.user + c.system) / 1e6;
      cpu.push(s);
      const digest = sink
        ? ((await (await fetch(`${sink.url}/_digest`)).json()) as { documents: number; digest: string })
        : null;
      console.log(
        `drain ${k}: ${r.indexed} docs, CPU ${s.toFixed(2)} s (user ${(c.user / 1e6).toFixed(2)}, system ${(c.system / 1e6).toFixed(2)}), wall ${wall.toFixed(1)} s${esCpu}${digest ? `, documents ${digest.documents} sha256 ${digest.digest}` : ''}`,
      );
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        writeFileSync(process.env.INDEXER_CPU_PROFILE!, JSON.stringify(profile));
        console.log(`\n${summarise(profile as unknown as { nodes: ProfileNode[] })}\n`);
      }
    }
    const later = cpu.length > 1 ? cpu.slice(1) : cpu;
    console.log(
      `CPU s per drain: first ${cpu[0]!.toFixed(2)}, median of the others ${median(later).toFixed(2)} (${((median(later) / total) * 1e6).toFixed(1)} µs per note)`,
    );
  } finally {
    await backend.close();
    await es?.close();
    await tdb.drop();
    if (real) await dropIndexes(prefix);
    sink?.child.kill();
    if (!kept) rmSync(modelDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--sink') runSink();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
