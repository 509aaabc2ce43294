/**
 * The concept tagger's score (search-index/concepts.ts conceptScores: log-odds, per concept)
 * of every note of a tuning set, by a classifier trained WITHOUT that set, for
 * dev/search-eval/rerank.ts (RERANK_CONCEPT_SCORES): the index stores only the tiers a note
 * reaches, and a hit that also matched words does not show its tier.
 *
 *   npx tsx dev/search-eval/concept-scores.ts MODEL_DIR EXAMPLES.json N OUT.json
 *     MODEL_DIR: a bench:search-eval EVAL_MODEL_DIR (its fastText model); EXAMPLES: from
 *     `npm run concept-examples -- --out F` over the tuning sets other than N.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conceptScores, readConceptExamples, trainConcepts } from '../../search-index/concepts';
import { modelVectorsOf, readFastTextModel } from '../../search-index/expansions';
import { useDictionary } from '../../search-index/decompound';
import { loadVocabulary } from '../../search-index/vocabulary';
import { testConfig } from '../services';

async function main(): Promise<void> {
  const [dir, examples, n, out] = process.argv.slice(2);
  if (!dir || !examples || !n || !out)
    throw new Error('usage: concept-scores.ts MODEL_DIR EXAMPLES.json N OUT.json');
  if (/blind/i.test(examples)) throw new Error('never the blind set');
  useDictionary(testConfig({}).decompoundDictionary);
  const name = readFileSync(join(dir, 'current'), 'utf8').trim();
  const model = modelVectorsOf(name, readFastTextModel(join(dir, name, 'model.bin')));
  const ex = readConceptExamples(examples);
  if (ex.sources.some((s) => s.name === `tuning-set-${n}.json`))
    throw new Error(`${examples} learned set ${n}`);
  const t0 = Date.now();
  const c = await trainConcepts(model, ex, loadVocabulary().keys());
  console.log(
    `${c.concepts.length} concepts trained on ${ex.examples.length} examples in ${(Date.now() - t0) / 1000} s`,
  );
  const set = JSON.parse(readFileSync(join(__dirname, `tuning-set-${n}.json`), 'utf8'));
  const scores: Record<string, Record<string, number>> = {};
  set.notes.forEach((note: { text: string }, i: number) => {
    scores[`je-profil-${800_000 + i}`] = Object.fromEntries(
      conceptScores(c, { text: note.text }).map((s) => [s.concept, Math.round(s.score * 1000) / 1000]),
    );
  });
  writeFileSync(out, JSON.stringify({ set: Number(n), examples, scores }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
