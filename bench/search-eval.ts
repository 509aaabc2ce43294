/**
 * Search evaluation: recall over everything returned and precision in the top 20, per topic
 * and overall (macro), for a plain `match` with no stemming, a Norwegian-stemmed `match`
 * (Hunspell on Elasticsearch, Snowball on PostgreSQL) and Helsespor's search through the
 * gateway, on each backend: Elasticsearch and the PostgreSQL full-text search, on real PostgreSQL
 * and on the embedded PGlite of `npm start`.
 * Separate tables for
 *   - the fixture tuning set (../shared/fixtures or HELSESPOR_FIXTURES; dev/search-eval.ts),
 *   - the labelled tuning sets dev/search-eval/tuning-set.json, tuning-set-2.json, -3 and the
 *     natural phrasings of sets 2 and 3's topics (tuning-set-N-phrasings.json, phrasings.py) (when
 *     present), or the comma-separated list HELSESPOR_TUNING_SET, each a table of its own,
 *   - the blind sets (HELSESPOR_BLIND_SET, comma-separated; default every blind-set*.json
 *     in the test/search-eval folders whose name starts with "blind"): each written by someone who saw neither the
 *     vocabulary nor the tuning sets, and never tuned on.
 * Each labelled set is loaded through the Profil importer (dev/labelled-set.ts).
 *
 *   npm run bench:search-eval             (starts the services when no URLs are set)
 *   EVAL_VERBOSE=1 npm run bench:search-eval   also lists each query's misses and tempting hits
 *   EVAL_BACKENDS=elasticsearch EVAL_SETS=tuning …   only those backends (elasticsearch, postgres, pglite)
 *                                               / sets (fixture, tuning, blind)
 *   HELSESPOR_BLIND_SET=/nonexistent …          no blind table (also when `blind` is not in EVAL_SETS)
 *   EVAL_DISABLED=prf,learned …                 Helsespor's search without those expansions
 *   EVAL_MODEL_DIR=/tmp/m …                     trains the model there once and uses it again
 *   EVAL_CONCEPT_EXAMPLES=/tmp/ex.json …        trains the concept directions anew on these examples
 *   EVAL_DUMP=/tmp/hits.jsonl …                 appends each Helsespor query's hits (id, score,
 *                                               matched expansions) and its labels, one JSON line
 *                                               per query, to study the ranking on a tuning set
 *   HELSESPOR_CLASSIFIER=1 …                    the classifier:<concept> expansion on (EVAL_DISABLED=classifier: off)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { generateCareNotes } from '../dev/care-notes';
import { useDictionary } from '../search-index/decompound';
import { trainExpansions, trainLiveConcepts } from '../search-index/expansions';
import { loadConfig, loadDevConfig } from '../lib/config';
import { createPgliteDb } from '../lib/db';
import { basename, join } from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { fixture, HAVE_FIXTURES, FIXTURES_DIR } from '../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
} from '../dev/services';
import { evaluate, fixtureLabel, resolveEvalIds } from '../dev/search-eval';
import { evaluateQueries, formatTable, type EvalResult } from '../dev/search-eval-harness';
import { importLabelledSet, noteKeyLabel, readLabelledSet } from '../dev/labelled-set';

/** postgres: the PostgreSQL full-text backend on real PostgreSQL; pglite: the same on `npm start`'s embedded PGlite. */
const BACKENDS = ['elasticsearch', 'postgres', 'pglite'] as const;
type Backend = (typeof BACKENDS)[number];
const dev = loadDevConfig();
const verbose = dev.evalVerbose;

/**
 * The learned query expansion's model for every table here: trained once on the generator's
 * care notes (dev/care-notes.ts), the training corpus of tests and demo. Nothing a table
 * indexes goes into training (refreshNotes 0): the blind set never does.
 */
let modelDir: string | undefined;
/** EVAL_MODEL_DIR: a model trained there by an earlier run is used again (kept; delete it to retrain). */
const keptModel = process.env.EVAL_MODEL_DIR;
async function learnedModel(): Promise<string> {
  if (modelDir) return modelDir;
  if (keptModel && existsSync(join(keptModel, 'current'))) {
    console.log(`(learned expansion: the model in ${keptModel})\n`);
    return (modelDir = await conceptsFor(keptModel));
  }
  const dir = keptModel ?? mkdtempSync(join(tmpdir(), 'helsespor-eval-model-'));
  useDictionary(testConfig({}).decompoundDictionary);
  const r = await trainExpansions(
    generateCareNotes(EVAL_TRAIN_NOTES, { seed: 1 }).map((n) => n.text),
    dir,
    // One thread: fastText's training is then the same every run, so two runs compare.
    { threads: 1 },
  );
  console.log(`(learned expansion: model trained on ${r.docs} generated care notes, ${r.words} words)\n`);
  return (modelDir = await conceptsFor(dir));
}

/**
 * EVAL_CONCEPT_EXAMPLES: the concept directions (search-index/concepts.ts) of the model are
 * trained anew on these labelled examples (npm run concept-examples), e.g. from the first
 * tuning set only, to measure on the second held out. Without it the model keeps the
 * directions it was trained with (the committed examples file).
 */
async function conceptsFor(dir: string): Promise<string> {
  const examples = process.env.EVAL_CONCEPT_EXAMPLES;
  if (!examples) return dir;
  const c = await trainLiveConcepts(dir, examples);
  console.log(
    `(concept directions: ${c.concepts.length} concepts trained on ${c.examples} examples of ${examples})\n` +
      c.concepts
        .map(
          (d) =>
            `  ${d.concept.padEnd(20)} +${String(d.positives).padStart(3)} −${String(d.negatives).padStart(4)}  cv@0.9 R ${d.cv['0.9']!.recall.toFixed(2)} P ${d.cv['0.9']!.precision.toFixed(2)}  cos ≥ ${d.thresholds['0.9']}`,
        )
        .join('\n') +
      '\n',
  );
  return dir;
}
const EVAL_TRAIN_NOTES = 10000;

/** A fresh database (and index prefix) with a stack on the given backend. */
async function withStack(
  backend: Backend,
  fn: (stack: Stack, prefix: string | undefined) => Promise<void>,
): Promise<void> {
  // PGlite: the embedded database and search of `npm start`, in memory.
  const tdb =
    backend === 'pglite'
      ? await createPgliteDb().then((db) => ({ db, url: undefined, drop: () => db.close() }))
      : await createTestDatabase();
  const prefix = backend === 'elasticsearch' ? testIndexPrefix() : undefined;
  const stack = await startStack(
    testConfig({
      databaseUrl: tdb.url,
      elasticsearchUrl: backend === 'elasticsearch' ? requireEnv('ELASTICSEARCH_URL') : undefined,
      ...(prefix ? { esIndexPrefix: prefix } : {}),
      // The learned expansion's and feedback's settings as the environment sets them (HELSESPOR_EXPANSIONS_*, HELSESPOR_PRF_*).
      expansions: { ...loadConfig(process.env).expansions, dir: await learnedModel(), refreshNotes: 0 },
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

async function fixtureTable(backend: Backend): Promise<string> {
  let out = '';
  await withStack(backend, async (stack, prefix) => {
    for (const [s, p] of [
      ['gerica', 'gerica'],
      ['profil', 'profil'],
      ['hp', 'helseplattformen'],
    ] as const)
      await runImport(stack.db, s, fixture(p));
    await stack.index();
    const token = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
    const dup = await gql(stack.gateway.url, '{ duplicateCandidates { a { id } b { id } } }', { token });
    for (const d of dup.body.data.duplicateCandidates) {
      await gql(
        stack.gateway.url,
        'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "evaluering") { id } }',
        { token, variables: { a: d.a.id, b: d.b.id } },
      );
    }
    const results = await evaluate(stack, await resolveEvalIds(stack.db), prefix ?? 'unused');
    out = formatTable('fixture tuning set', results, verbose);
    if (verbose) out += '\n' + falsePositives(results, fixtureLabel());
  });
  return out;
}

function falsePositives(results: EvalResult[], _label: (id: string) => string): string {
  return results
    .filter((r) => r.method === 'helsespor' && r.falsePositives.length)
    .map((r) => `  ${r.id}: not labelled relevant: ${r.falsePositives.slice(0, 30).join(' ')}`)
    .join('\n');
}

async function labelledTable(title: string, path: string, backend: Backend): Promise<string> {
  const set = readLabelledSet(path);
  let out = '';
  await withStack(backend, async (stack, prefix) => {
    const queries = await importLabelledSet(stack.db, set);
    await stack.index();
    const results = await evaluateQueries(stack, queries, {
      prefix,
      label: noteKeyLabel(set),
      disabled: dev.evalDisabled,
    });
    out = formatTable(`${title}: ${set.notes.length} notes, ${set.queries.length} queries`, results, verbose);
  });
  return out;
}

async function main(): Promise<void> {
  const here = join(__dirname, '..', 'dev', 'search-eval');
  const tuning = dev.tuningSet
    ? dev.tuningSet.split(',').filter(Boolean)
    : [
        'tuning-set.json',
        'tuning-set-2.json',
        'tuning-set-3.json',
        'tuning-set-2-phrasings.json',
        'tuning-set-3-phrasings.json',
      ]
        .map((f) => join(here, f))
        .filter((f) => existsSync(f));
  // Every blind set: HELSESPOR_BLIND_SET (comma-separated), or those in test/search-eval/blind…/.
  const blindRoot = join(__dirname, '..', 'test', 'search-eval');
  const blinds = dev.blindSet
    ? dev.blindSet.split(',').filter(Boolean)
    : readdirSync(blindRoot)
        .filter((d) => d.startsWith('blind'))
        .flatMap((d) =>
          readdirSync(join(blindRoot, d))
            .filter((f) => /^blind-set.*\.json$/.test(f))
            .map((f) => join(blindRoot, d, f)),
        )
        .sort();
  const sets = new Set(dev.evalSets ?? ['fixture', 'tuning', 'blind']);
  const backends = BACKENDS.filter((b) => !dev.evalBackends || dev.evalBackends.includes(b));
  for (const backend of backends) {
    if (sets.has('fixture')) {
      if (HAVE_FIXTURES) console.log(await fixtureTable(backend), '\n');
      else console.log(`(no fixtures at ${FIXTURES_DIR}: fixture tuning set not run)\n`);
    }
    if (sets.has('tuning'))
      for (const t of tuning) console.log(await labelledTable(`tuning set ${basename(t)}`, t, backend), '\n');
    if (!sets.has('blind')) continue;
    for (const blind of blinds)
      if (existsSync(blind))
        console.log(await labelledTable(`BLIND set ${basename(blind)}`, blind, backend), '\n');
      else console.log(`(no blind set at ${blind})\n`);
  }
}

main()
  .finally(() => modelDir && !keptModel && rmSync(modelDir, { recursive: true, force: true }))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
