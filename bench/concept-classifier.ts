/**
 * The concept classifier (search-index/concepts.ts) measured on held-out notes, offline (no
 * services): for each tuning set s of the examples file (search-index/concept-examples.json),
 * every model is trained on the examples NOT from s (the other tuning sets and the
 * generator's notes; thresholds by cross-validation on that training part only) and scores
 * the notes of s, over the concepts s judges (a note of s is a negative of C only where s
 * judged C). Per concept and macro-averaged: recall and precision at each recall target's
 * threshold, and average precision (ranking quality), for
 *   dense     the old direction: logistic regression on the 64-dim document vector (full-batch GD)
 *   denseSgd  the same model fitted by concepts.ts's SGD (the query-time direction now: 30× cheaper)
 *   lexical   sparse lexical features (words, compound parts, stems, bigrams; idf, L2) alone
 *   concat    lexical + the standardised dense vector, one logistic regression (the tagger)
 *   avg       the mean of the lexical and a dense model's log-odds (dense fitted as lexical is)
 * Then the tagger's cost per note (conceptTags over the held-out notes, with and without a
 * vector) beside the cost of tokenising the note alone, and the time to train the whole
 * classifier on all the examples.
 *
 *   npm run bench:concepts
 *   BENCH_MODEL_DIR=/tmp/m …        trains the fastText model there once and uses it again
 *   BENCH_VERBOSE=1 …               per concept figures too
 *   HELSESPOR_CONCEPT_LAMBDA, _EPOCHS, _DENSE_SCALE, _KEEP   the SGD settings (concepts.ts)
 *   HELSESPOR_CONCEPT_GRAMS, _GRAM_WEIGHT, _NEGATION, _OTHER, _TEMPTING, _MARGIN, _BAG, _UNLABELLED
 *                                   the feature kinds and the other experiment switches (concepts.ts)
 *   BENCH_QUICK=1 …                 the lexical model only, no costs: for trying settings
 *   BENCH_EXTRA_EXAMPLES=FILE …     more training examples: the sources of FILE (written by
 *                                   `npm run concept-examples -- --out FILE --generator 0 SET.json …`)
 *                                   are added to the examples file's, for training only (never held
 *                                   out); unset, the figures are those of the examples file alone
 *
 * The fastText model is the one bench:search-eval trains (10,000 generated care notes, seed 1,
 * one thread). Never given the blind set: it reads the examples file only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { testConfig } from '../dev/services';
import {
  buildLexicon,
  conceptTags,
  crossFit,
  FEATURE_DEFAULTS,
  noteFeatures,
  readConceptExamples,
  RECALL_TARGETS,
  SGD_DEFAULTS,
  labelOf,
  sparseVector,
  thresholdsFrom,
  trainConcepts,
  trainDirection,
  type ConceptExamples,
  type TaggerExample,
} from '../search-index/concepts';
import { decompounder, useDictionary } from '../search-index/decompound';
import { modelVectorsOf, readFastTextModel, trainExpansions } from '../search-index/expansions';
import { documentEmbedder } from '../search-index/vectors';
import { loadVocabulary } from '../search-index/vocabulary';

const VERBOSE = process.env.BENCH_VERBOSE === '1';
/** BENCH_QUICK=1: the lexical model only (concat and avg repeat it), no costs: for trying settings. */
const QUICK = process.env.BENCH_QUICK === '1';
const HELD_OUT = ['tuning-set.json', 'tuning-set-2.json', 'tuning-set-3.json'];
const METHODS = ['dense', 'denseSgd', 'lexical', 'concat', 'avg'] as const;
type Method = (typeof METHODS)[number];

interface Figures {
  recall: Record<string, number>;
  precision: Record<string, number>;
  ap: number;
}

/** Average precision of a ranking (score, label), ties broken against the positives. */
function averagePrecision(scored: { s: number; y: number }[]): number {
  const sorted = [...scored].sort((a, b) => b.s - a.s || a.y - b.y);
  const total = sorted.filter((x) => x.y).length;
  let tp = 0;
  let sum = 0;
  sorted.forEach((x, i) => {
    if (!x.y) return;
    tp++;
    sum += tp / (i + 1);
  });
  return total ? sum / total : 0;
}

function figuresOf(scored: { s: number; y: number }[], thresholds: Record<string, number>): Figures {
  const recall: Record<string, number> = {};
  const precision: Record<string, number> = {};
  const pos = scored.filter((x) => x.y).length;
  for (const t of RECALL_TARGETS) {
    const th = thresholds[String(t)]!;
    const found = scored.filter((x) => x.s >= th);
    const tp = found.filter((x) => x.y).length;
    recall[t] = pos ? tp / pos : NaN;
    // No note found: precision counts as 1 only if there was nothing to find.
    precision[t] = found.length ? tp / found.length : pos ? 0 : 1;
  }
  return { recall, precision, ap: averagePrecision(scored) };
}

async function modelDir(): Promise<{ dir: string; temp: boolean }> {
  const kept = process.env.BENCH_MODEL_DIR;
  if (kept && existsSync(join(kept, 'current'))) return { dir: kept, temp: false };
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'helsespor-concepts-model-'));
  const r = await trainExpansions(
    generateCareNotes(10_000, { seed: 1 }).map((n) => n.text),
    dir,
    { threads: 1, conceptExamples: null },
  );
  console.log(`(fastText model trained on ${r.docs} generated care notes in ${(r.ms / 1000).toFixed(0)} s)`);
  return { dir, temp: !kept };
}

const f2 = (x: number) => (Number.isNaN(x) ? '  – ' : x.toFixed(2));

async function main(): Promise<void> {
  useDictionary(testConfig({}).decompoundDictionary);
  const all = withExtraExamples(readConceptExamples(), process.env.BENCH_EXTRA_EXAMPLES);
  const concepts = [...loadVocabulary().keys()];
  const { dir, temp } = await modelDir();
  try {
    const name = readFileSync(join(dir, 'current'), 'utf8').trim();
    const model = modelVectorsOf(name, readFastTextModel(join(dir, name, 'model.bin')));
    const embedder = documentEmbedder(undefined, true);
    const vectorOf = new Map<string, Float64Array>();
    const featuresOf = new Map<string, string[]>();
    for (const e of all.examples) {
      const v = embedder.embed(e.text, model)?.vector;
      vectorOf.set(e.key + e.source, v ? Float64Array.from(v) : new Float64Array(model.dim));
      featuresOf.set(e.key + e.source, noteFeatures(e.text, undefined, FEATURE_DEFAULTS));
    }
    const extra = all.sources.filter((s) => !HELD_OUT.includes(s.name) && s.name !== 'generator');
    if (extra.length) console.log(`also trained on (never held out): ${extra.map((s) => s.name).join(', ')}`);
    console.log(`features: ${JSON.stringify(FEATURE_DEFAULTS)}`);
    console.log(
      `SGD: λ ${SGD_DEFAULTS.lambda}, ${SGD_DEFAULTS.epochs} epochs, dense scale ${SGD_DEFAULTS.denseScale}, ${SGD_DEFAULTS.keep} lexical weights kept\n`,
    );
    const macroAll: Record<Method, Figures[]> = { dense: [], denseSgd: [], lexical: [], concat: [], avg: [] };
    for (const held of HELD_OUT) {
      const train: ConceptExamples = {
        ...all,
        sources: all.sources.filter((s) => s.name !== held),
        examples: all.examples.filter((e) => e.source !== held),
      };
      const test = all.examples.filter((e) => e.source === held);
      const judged = new Set(all.sources.find((s) => s.name === held)?.judged ?? []);
      const trainJudged = new Map(train.sources.map((s) => [s.name, new Set(s.judged)]));
      const lexicon = buildLexicon(
        train.examples.map((e) => featuresOf.get(e.key + e.source)!),
        FEATURE_DEFAULTS,
      );
      const prep = (e: ConceptExamples['examples'][number]) => ({
        sparse: sparseVector(featuresOf.get(e.key + e.source)!, lexicon),
        vector: vectorOf.get(e.key + e.source)!,
      });
      const testPrep = test.map(prep);
      const per: Record<Method, Figures[]> = { dense: [], denseSgd: [], lexical: [], concat: [], avg: [] };
      const rows: string[] = [];
      for (const concept of concepts) {
        if (!judged.has(concept)) continue;
        const ys = test.map((e): number => (e.positive.includes(concept) ? 1 : 0));
        const testPos = ys.reduce((a, b) => a + b, 0);
        if (!testPos) continue;
        const data: TaggerExample[] = [];
        for (const e of train.examples) {
          const label = labelOf(e, concept, trainJudged);
          if (label) data.push({ ...prep(e), ...label });
        }
        const trainYs = data.map((d) => d.y);
        if (trainYs.filter((y) => y).length < 3) continue;
        const dir = trainDirection(
          concept,
          data.map((d) => ({ x: d.vector, y: d.y, weight: d.weight })),
        );
        if (!dir) continue;
        const dot = (a: number[], b: Float64Array) => a.reduce((s, x, k) => s + x * b[k]!, 0);
        const result: Record<Method, Figures> = {} as Record<Method, Figures>;
        result.dense = figuresOf(
          testPrep.map((p, i) => ({ s: dot(dir.direction, p.vector), y: ys[i]! })),
          dir.thresholds,
        );
        const lex = await crossFit(data, lexicon, { lexical: true, dense: false });
        const both = QUICK ? lex : await crossFit(data, lexicon, { lexical: true, dense: true });
        const dense = QUICK ? lex : await crossFit(data, lexicon, { lexical: false, dense: true });
        const evaluate = (oof: number[], score: (i: number) => number) =>
          figuresOf(
            testPrep.map((_, i) => ({ s: score(i), y: ys[i]! })),
            thresholdsFrom(oof, trainYs).thresholds,
          );
        result.lexical = evaluate(lex.oof, (i) => lex.score(testPrep[i]!));
        result.denseSgd = evaluate(dense.oof, (i) => dense.score(testPrep[i]!));
        result.concat = evaluate(both.oof, (i) => both.score(testPrep[i]!));
        result.avg = evaluate(
          lex.oof.map((x, i) => (x + dense.oof[i]!) / 2),
          (i) => (lex.score(testPrep[i]!) + dense.score(testPrep[i]!)) / 2,
        );
        for (const m of METHODS) {
          per[m].push(result[m]);
          macroAll[m].push(result[m]);
        }
        if (VERBOSE)
          rows.push(
            `  ${concept.padEnd(20)} ${String(testPos).padStart(3)} ` +
              METHODS.map(
                (m) =>
                  `${m} R ${f2(result[m].recall['0.9']!)} P ${f2(result[m].precision['0.9']!)} AP ${f2(result[m].ap)}`,
              ).join(' | '),
          );
      }
      console.log(
        `held out ${held}: ${test.length} notes, ${per.dense.length} concepts with positives; trained on ${train.examples.length} examples`,
      );
      if (VERBOSE)
        console.log(
          `  concept             pos  (recall, precision at the 0.9 target; average precision)\n${rows.join('\n')}`,
        );
      printMacro(per);
    }
    console.log(`all three held-out sets, macro over ${macroAll.dense.length} (set, concept) pairs:`);
    printMacro(macroAll);
    if (!QUICK) await costs(all, model, concepts);
  } finally {
    if (temp) rmSync(dir, { recursive: true, force: true });
  }
}

/** The examples file with the sources and examples of `file` added (training only); a source the file has already is refused. */
function withExtraExamples(all: ConceptExamples, file: string | undefined): ConceptExamples {
  if (!file) return all;
  const extra = readConceptExamples(file);
  const have = new Set(all.sources.map((s) => s.name));
  const twice = extra.sources.filter((s) => have.has(s.name)).map((s) => s.name);
  if (twice.length)
    throw new Error(`BENCH_EXTRA_EXAMPLES ${file}: already in the examples file: ${twice.join(', ')}`);
  if (extra.sources.some((s) => HELD_OUT.includes(s.name)))
    throw new Error(`BENCH_EXTRA_EXAMPLES ${file}: a held-out set cannot be added for training`);
  return {
    ...all,
    sources: [...all.sources, ...extra.sources],
    examples: [...all.examples, ...extra.examples],
  };
}

function printMacro(per: Record<Method, Figures[]>): void {
  const mean = (xs: number[]) => {
    const ok = xs.filter((x) => !Number.isNaN(x));
    return ok.reduce((a, b) => a + b, 0) / (ok.length || 1);
  };
  console.log(`  method   ${RECALL_TARGETS.map((t) => `R@${t}  P@${t}`.padEnd(12)).join(' ')}  AP`);
  for (const m of METHODS) {
    const fs = per[m];
    console.log(
      `  ${m.padEnd(8)} ${RECALL_TARGETS.map((t) =>
        `${f2(mean(fs.map((f) => f.recall[t]!)))}  ${f2(mean(fs.map((f) => f.precision[t]!)))}`.padEnd(12),
      ).join(' ')}  ${f2(mean(fs.map((f) => f.ap)))}`,
    );
  }
  console.log('');
}

/** Training time on all the examples, and the tagger's cost per note beside tokenising alone. */
async function costs(
  all: ConceptExamples,
  model: ReturnType<typeof modelVectorsOf>,
  concepts: string[],
): Promise<void> {
  const t0 = performance.now();
  // The longest the event loop waited while training (the stack trains in its own process).
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const c = await trainConcepts(model, all, concepts);
  clearInterval(tick);
  const trainMs = performance.now() - t0;
  console.log(
    `training on all ${all.examples.length} examples × ${concepts.length} concepts (${c.concepts.length} trained: query-time dense direction and lexical tagger, 5-fold cv each): ${(trainMs / 1000).toFixed(1)} s, the event loop held at most ${longest.toFixed(0)} ms at a time; concepts.json ${(JSON.stringify(c).length / 1024).toFixed(0)} KiB`,
  );
  const embedder = documentEmbedder(undefined, true);
  // The notes as the indexer has them: text, compound parts and vector computed already.
  const notes = all.examples.map((e) => ({
    text: e.text,
    parts: decompounder().parts(e.text).split(' ').filter(Boolean),
    vector: embedder.embed(e.text, model)?.vector ?? null,
  }));
  const time = (fn: (n: (typeof notes)[number]) => unknown) => {
    for (const n of notes) fn(n); // warm up
    const rounds = 10;
    const s = performance.now();
    for (let r = 0; r < rounds; r++) for (const n of notes) fn(n);
    return (performance.now() - s) / (rounds * notes.length);
  };
  let tags = 0;
  const withVector = time((n) => (tags += conceptTags(c, n).length));
  const lexicalOnly = time((n) => conceptTags(c, { text: n.text, parts: n.parts }));
  const tokenise = time((n) => n.text.toLowerCase().match(/[\p{L}\p{N}]+/gu));
  const avgLen = notes.reduce((a, n) => a + n.text.length, 0) / notes.length;
  console.log(
    `conceptTags per note (${notes.length} notes, ${avgLen.toFixed(0)} characters on average, ${(tags / 11 / notes.length).toFixed(1)} tags each): ` +
      `${(withVector * 1000).toFixed(1)} µs with a vector, ${(lexicalOnly * 1000).toFixed(1)} µs without; ` +
      `tokenising the text alone ${(tokenise * 1000).toFixed(1)} µs (budget 50 µs)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
