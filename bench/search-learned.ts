/**
 * Learned query expansion, measured on held-out data of our own (never the blind set):
 *   1. trains the fastText model (search-index/expansions.ts) on the generator's care notes,
 *      training split (dev/care-notes.ts: N_TRAIN notes, the topics' training templates);
 *   2. writes a held-out labelled set: other notes (another seed) from the held-out
 *      templates only, on topics no vocabulary concept names, with the topics' query words
 *      (dev/care-notes.ts heldOutLabelledSet; queries a concept would answer are left out);
 *   3. per backend (Elasticsearch, embedded PostgreSQL FTS), imports the set through the
 *      Profil importer, indexes it and runs every query with learned expansion on and off
 *      (disabledExpansions: ["learned"]), and pseudo-relevance feedback on and off
 *      (search-index/feedback.ts; ["prf"]): macro recall over everything returned and P@20.
 *
 *   npm run bench:search-learned        (DATABASE_URL and ELASTICSEARCH_URL as for the tests)
 *   EVAL_VERBOSE=1 …                    also lists each query's figures
 *   LEARNED_MODEL_DIR=/tmp/m …          trains there once and uses the model again
 *   PRF_MIN_SIMILARITY=0.4 PRF_MAX=8 …  pseudo-relevance feedback's settings
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadDevConfig } from '../lib/config';
import { startStack, type Stack } from '../scripts/stack';
import { createTestDatabase, dropIndexes, requireEnv, testConfig, testIndexPrefix } from '../dev/services';
import { generateCareNotes, heldOutLabelledSet } from '../dev/care-notes';
import { importLabelledSet, noteKeyLabel } from '../dev/labelled-set';
import { evaluateQueries, formatTable, summarise } from '../dev/search-eval-harness';
import { trainExpansions } from '../search-index/expansions';
import { useDictionary } from '../search-index/decompound';
import { conceptsFor, loadVocabulary } from '../search-index/vocabulary';

const N_TRAIN = Number(process.env.LEARNED_TRAIN_NOTES ?? 6000);
const BACKENDS = ['elasticsearch', 'postgres'] as const;

async function withStack(
  backend: (typeof BACKENDS)[number],
  modelDir: string,
  fn: (stack: Stack, prefix: string | undefined) => Promise<void>,
): Promise<void> {
  const tdb = await createTestDatabase();
  const prefix = backend === 'elasticsearch' ? testIndexPrefix() : undefined;
  const base = testConfig({ databaseUrl: tdb.url });
  const stack = await startStack(
    testConfig({
      databaseUrl: tdb.url,
      elasticsearchUrl: backend === 'elasticsearch' ? requireEnv('ELASTICSEARCH_URL') : undefined,
      ...(prefix ? { esIndexPrefix: prefix } : {}),
      // The model trained above; nothing indexed here goes into training.
      expansions: {
        ...base.expansions,
        dir: modelDir,
        refreshNotes: 0,
        // Document vectors and the knn expansion as the environment sets them (HELSESPOR_KNN=1, HELSESPOR_KNN_*).
        knn: loadConfig(process.env).expansions.knn,
        ...(process.env.LEARNED_MIN_SIMILARITY
          ? { minSimilarity: Number(process.env.LEARNED_MIN_SIMILARITY) }
          : {}),
        ...(process.env.LEARNED_MAX ? { max: Number(process.env.LEARNED_MAX) } : {}),
        ...(process.env.PRF_MIN_SIMILARITY
          ? { prfMinSimilarity: Number(process.env.PRF_MIN_SIMILARITY) }
          : {}),
        ...(process.env.PRF_MAX ? { prfMax: Number(process.env.PRF_MAX) } : {}),
        ...(process.env.PRF_CANDIDATES ? { prfCandidates: Number(process.env.PRF_CANDIDATES) } : {}),
      },
    }),
    { db: tdb.db, indexerIntervalMs: 60_000 },
  );
  try {
    await fn(stack, prefix);
  } finally {
    await stack.stop();
    await tdb.drop();
    if (prefix) await dropIndexes(prefix);
  }
}

async function main(): Promise<void> {
  const verbose = loadDevConfig().evalVerbose;
  const config = testConfig({});
  useDictionary(config.decompoundDictionary);
  // LEARNED_MODEL_DIR: a model trained there by an earlier run is used again (kept).
  const kept = process.env.LEARNED_MODEL_DIR;
  const modelDir = kept ?? mkdtempSync(join(tmpdir(), 'helsespor-learned-'));
  try {
    const vocabulary = loadVocabulary();
    const set = heldOutLabelledSet({
      skipQuery: (q) => q.split(' ').some((w) => conceptsFor(w, vocabulary).length > 0),
    });
    const train = generateCareNotes(N_TRAIN, { seed: 1, split: 'train' }).map((n) => n.text);
    // LEARNED_INDEXED=1: the model also learns from the held-out notes' text (no labels), as
    // the trainer does in production once they are indexed. Default: the training split only.
    const indexedToo = process.env.LEARNED_INDEXED === '1';
    const t =
      kept && existsSync(join(kept, 'current'))
        ? { docs: 0, tokens: 0, words: 0, ms: 0 }
        : await trainExpansions(indexedToo ? [...train, ...set.notes.map((n) => n.text)] : train, modelDir);
    console.log(
      `model: ${indexedToo ? 'training split + the held-out notes (unlabelled)' : 'training split only'}, ${t.docs} training notes, ${t.tokens} words, ${t.words} words with neighbour lists, ${(t.ms / 1000).toFixed(1)} s; ` +
        `threshold ${process.env.LEARNED_MIN_SIMILARITY ?? config.expansions.minSimilarity}, at most ${process.env.LEARNED_MAX ?? config.expansions.max} per word\n`,
    );
    console.log(
      `held-out set: ${set.notes.length} notes, ${set.queries.length} queries on ${new Set(set.queries.map((q) => q.topic)).size} topics not in the vocabulary\n`,
    );
    for (const backend of BACKENDS.filter(
      (b) => !process.env.LEARNED_BACKENDS || process.env.LEARNED_BACKENDS.includes(b),
    )) {
      await withStack(backend, modelDir, async (stack, prefix) => {
        const queries = await importLabelledSet(stack.db, set);
        await stack.index();
        const label = noteKeyLabel(set);
        const on = await evaluateQueries(stack, queries, { prefix, label });
        const noPrf = await evaluateQueries(stack, queries, {
          prefix,
          label,
          methods: ['helsespor'],
          disabled: ['prf'],
        });
        const off = await evaluateQueries(stack, queries, {
          prefix,
          label,
          methods: ['helsespor'],
          disabled: ['learned', 'prf'],
        });
        if (loadConfig(process.env).expansions.knn.enabled) {
          const noKnn = await evaluateQueries(stack, queries, {
            prefix,
            label,
            methods: ['helsespor'],
            disabled: ['knn'],
          });
          const k = summarise(noKnn.filter((r) => r.method === 'helsespor')).find(
            (s) => s.topic === '(macro, all topics)',
          )!;
          console.log(
            `${backend}: knn OFF (learned and feedback on): macro recall ${k.recall.toFixed(2)}, P@20 ${k.precision.toFixed(2)}`,
          );
        }
        console.log(formatTable('held-out care topics, learned expansion and feedback ON', on, verbose));
        console.log(formatTable('held-out care topics, learned expansion ON, feedback OFF', noPrf, verbose));
        console.log(formatTable('held-out care topics, learned expansion and feedback OFF', off, verbose));
        const macro = (rs: typeof on) =>
          summarise(rs.filter((r) => r.method === 'helsespor')).find(
            (s) => s.topic === '(macro, all topics)',
          )!;
        const a = macro(on);
        const m = macro(noPrf);
        const b = macro(off);
        console.log(
          `\n${backend}: macro recall ${b.recall.toFixed(2)} → ${m.recall.toFixed(2)} → ${a.recall.toFixed(2)}, P@20 ${b.precision.toFixed(2)} → ${m.precision.toFixed(2)} → ${a.precision.toFixed(2)} (both off → learned on → learned and feedback on)\n`,
        );
      });
    }
  } finally {
    if (!kept) rmSync(modelDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
