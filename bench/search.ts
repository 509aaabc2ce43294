/**
 * Benchmark: bulk indexing through the outbox indexer (PostgreSQL → Elasticsearch) for
 * ≥ 500,000 generated notes, beside raw `_bulk` of the same documents into an index with
 * the same definition; then latency of an age-window concept query ("mobbing", ages 13–15,
 * one person) through the gateway, beside the same query sent straight to the search
 * subgraph and straight to Elasticsearch.
 *
 *   npm run bench:search [notes=500000] [queries=300]
 * Targets (issue 6): ≥ 3,000 docs/s with a 1 GiB heap (HELSESPOR_ES_HEAP=1g), p95 ≤ 150 ms.
 */
import { loadConfig } from '../lib/config';
import { Client as EsClient } from '@elastic/elasticsearch';
import { signInternalToken } from '../lib/auth';
import { startStack } from '../scripts/stack';
import { indexTemplate } from '../search-index/definition';
import { decompounder } from '../search-index/decompound';
import { drainOutbox } from '../search-index/indexer';
import { buildQuery } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { useDictionary } from '../search-index/decompound';
import { trainExpansions } from '../search-index/expansions';
import { prng } from '../dev/generator';

const SENTENCES = [
  'Morgenbesøk. Medisiner tatt under tilsyn.',
  'Sårstell venstre legg, såret er rent.',
  'Hoste og lett feber i tre dager.',
  'Forteller at han ble mobbet i friminuttene.',
  'Er plaget av noen i klassen og gruer seg til skolen.',
  'Plaget av hoste om natta.',
  'Blir holdt utenfor av de andre i klassen.',
  'Samtale med mor om søvn og skjermbruk.',
  'Vaksinert etter programmet, ingen reaksjoner.',
  'Utsatt for nettmobbing på sosiale medier.',
  'BT 142/88, puls 76.',
  'Kontroll etter brudd i håndleddet, god bevegelighet.',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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
  const perPatient = 100;
  const patients = Math.ceil(total / perPatient);
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
      // BENCH_CLASSIFIER=0: the concept query without its learned direction (classifier:mobbing).
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
    const ids: string[] = [];
    const [, loadMs] = await time(async () => {
      for (let p = 0; p < patients; p++) {
        const birthYear = 1990 + Math.floor(r() * 15);
        const birthDate = `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
        const id = `pb-${p}`;
        ids.push(id);
        await insertPatients(db, [
          { id, nationalId: null, familyName: 'Bench', givenName: `P${p}`, birthDate },
        ]);
        const entries = Array.from({ length: Math.min(perPatient, total - p * perPatient) }, (_, n) => ({
          id: `${id}-${n}`,
          patientId: id,
          sourceSystem: (['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'] as const)[n % 3]!,
          sourceId: `${id}-${n}`,
          type: 'Journalnotat',
          authorName: 'Berit Hoel',
          writtenAt: new Date(
            Date.UTC(birthYear + 3 + Math.floor(r() * 25), Math.floor(r() * 12), 1 + Math.floor(r() * 28), 9),
          ).toISOString(),
          text: Array.from(
            { length: 2 + Math.floor(r() * 3) },
            () => SENTENCES[Math.floor(r() * SENTENCES.length)],
          ).join(' '),
        }));
        await insertJournalEntries(db, entries);
      }
    });
    console.log(
      `loaded ${total} notes for ${patients} patients into PostgreSQL in ${(loadMs / 1000).toFixed(1)} s`,
    );

    // 2. Our indexing path: drain the outbox into Elasticsearch.
    const [drained, ourMs] = await time(() => drainOutbox(journalOutbox(db), stack.backend, 2000));
    await stack.backend.refresh();

    // 3. Raw _bulk of the same documents into an index with the same definition.
    const rawIndex = `${prefix}-raw`;
    const template = indexTemplate(prefix, config.esHunspellLocale).template!;
    await es.indices.create({ index: rawIndex, settings: template.settings, mappings: template.mappings });
    // The same documents the indexer sends, compound parts and document vector included
    // (prepared before timing).
    const dc = decompounder();
    const loaded = await journalOutbox(db).load(
      ids.slice(0, 20).flatMap((id) => Array.from({ length: perPatient }, (_, n) => `${id}-${n}`)),
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
    const [, rawMs] = await time(async () => {
      for (let k = 0; k < total; k += 2000) {
        const operations = [];
        for (let i = k; i < Math.min(total, k + 2000); i++) {
          const d = docs[i % docs.length]!;
          operations.push({ index: { _index: rawIndex, _id: `raw-${i}` } }, { ...d, id: `raw-${i}` });
        }
        await es.bulk({ operations });
      }
    });
    const ours = drained.indexed / (ourMs / 1000);
    const raw = total / (rawMs / 1000);
    console.log(
      `\nindexing via outbox : ${drained.indexed} docs in ${(ourMs / 1000).toFixed(1)} s = ${Math.round(ours)} docs/s (target ≥ 3000)`,
    );
    console.log(
      `raw _bulk, same docs: ${total} docs in ${(rawMs / 1000).toFixed(1)} s = ${Math.round(raw)} docs/s`,
    );
    console.log(`ratio outbox / raw  : ${(ours / raw).toFixed(2)}`);
    await es.indices.delete({ index: rawIndex });

    // 4. Search latency: age-window concept query for one person, three ways.
    // A legal user on a matter over the persons the queries pick (lib/policy; bench:policy measures its cost).
    const token = await stack.matterToken(
      { id: 'M-bench-search', patientIds: ids.slice(0, 50) },
      { sub: 'bench' },
    );
    const searchUrl = stack.subgraphs.find((s) => s.name === 'search')!.url;
    const gatewayQuery = `query ($id: ID!) { patient(id: $id) { search(query: "mobbing", ageFrom: 13, ageTo: 15, first: 20) { total hits { score matchedExpansions journalEntry { id } } } } }`;
    const subgraphQuery = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { search(query: "mobbing", ageFrom: 13, ageTo: 15, first: 20) { total hits { score matchedExpansions journalEntry { id } } } } } }`;
    const built = buildQuery('mobbing', loadVocabulary());
    const post = async (u: string, body: object, headers: Record<string, string>) => {
      const res = await fetch(u, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { errors?: unknown[] };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
    };
    const lat: Record<string, number[]> = { gateway: [], subgraph: [], elasticsearch: [] };
    for (let i = 0; i < queries + 20; i++) {
      const pid = ids[Math.floor(r() * 50)]!;
      const subgraphBody = {
        query: subgraphQuery,
        variables: { r: [{ __typename: 'Patient', id: pid, recordIds: [pid] }] },
      };
      // Bound to the search subgraph and this exact body (lib/auth.ts), as the gateway signs it.
      const internal = await signInternalToken(
        {
          userId: 'bench',
          role: 'legal',
          purpose: 'LEGAL_PROCEEDINGS',
          matter: 'M-bench-search',
          selfAuthorized: false,
          requestId: `b${i}`,
        },
        config.internalSecret,
        { audience: 'search', body: JSON.stringify(subgraphBody) },
      );
      const runs: [string, () => Promise<unknown>][] = [
        [
          'gateway',
          () =>
            post(
              stack.gateway.url,
              { query: gatewayQuery, variables: { id: pid } },
              { authorization: `Bearer ${token}` },
            ),
        ],
        ['subgraph', () => post(searchUrl, subgraphBody, { 'x-helsespor-caller': internal })],
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
    console.log(
      `\nage-window concept query ("mobbing", ages 13–15, one person), ${queries} requests each, sequential:`,
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
