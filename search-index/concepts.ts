/**
 * Learned concept directions: technology-assisted review's supervised classifier in its
 * simplest form that fits the index. Per vocabulary concept, a logistic regression on the
 * document vectors (search-index/vectors.ts: unit-length SIF means of the live fastText
 * model's word vectors) of labelled notes. On a unit vector v, sigmoid(w·v + b) ≥ t is exactly
 * cosine(w/|w|, v) ≥ (logit(t) − b)/|w|: a kNN query with a learned query vector (the
 * concept's unit direction) and a learned least similarity (its threshold). It runs at INDEX
 * time, as technology-assisted review platforms run theirs: `conceptTags` (end of this file)
 * tags each note `<C>@<target>` for the recall targets it reaches, stored with the vector
 * (search-index/enrich.ts; Elasticsearch `concepts`, PostgreSQL `concepts text[]`) beside
 * `conceptsId`; a query that names concept C gets one more named expansion `classifier:<C>`
 * (query.ts): a filter on the stored tags inside the filtered query, ranked below word matches.
 *
 * Labelled examples (`ConceptExamples`, default file search-index/concept-examples.json,
 * written by `npm run concept-examples` from the tuning sets' labels and the generator's
 * notes of the vocabulary's own topics; reviewer-marked notes are one more source there):
 * a note is a positive of C when C is in its `positive`, a negative when C is in its
 * `negative` or its source judged C over all its notes (`sources[].judged`) and it is not a
 * positive. `tempting` negatives (notes that use a concept's words without being about it)
 * weigh double.
 *
 * Training (`trainConceptDirections`, run by trainExpansions right after the fastText model,
 * and by `npm run cli -- train-concepts` for the live model): vectors computed by the model
 * being trained, exactly as the indexer computes them; features standardised; full-batch
 * gradient descent on the class-weighted log loss with L2 (λ = 0.01), 400 iterations; then
 * back to the raw vector space. Thresholds are chosen by k-fold cross-validation (k ≤ 5,
 * stratified): the out-of-fold probabilities of the positives give, for each recall target
 * (0.7, 0.8, 0.9, 0.95), the probability threshold reaching it, converted to a cosine with
 * the model trained on all examples. The query uses the target `classifierRecall` (0.95).
 * Stored as `concepts.json` in the model directory, beside neighbours.json: per concept its
 * unit direction, thresholds, training counts and cross-validated recall/precision.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { log } from '../lib/log';
import type { ModelVectors } from './expansions';
import { documentEmbedder } from './vectors';

export const CONCEPT_EXAMPLES_FILE = join(__dirname, 'concept-examples.json');
export const CONCEPTS_FILE = 'concepts.json';
/** Recall targets a threshold is stored for (the query picks one: KnnSettings.classifierRecall). */
export const RECALL_TARGETS = [0.7, 0.8, 0.9, 0.95] as const;
/** A concept needs this many positives (and twice as many negatives) to get a direction. */
export const MIN_POSITIVES = 3;

const Example = z
  .object({
    source: z.string().min(1),
    key: z.string().min(1),
    text: z.string().min(1),
    positive: z.array(z.string()).default([]),
    negative: z.array(z.string()).default([]),
    tempting: z.array(z.string()).default([]),
  })
  .strict();
export const ConceptExamples = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    sources: z.array(
      z.object({ name: z.string().min(1), description: z.string().optional(), judged: z.array(z.string()) }),
    ),
    examples: z.array(Example),
  })
  .strict();
export type ConceptExamples = z.infer<typeof ConceptExamples>;

export function readConceptExamples(path = CONCEPT_EXAMPLES_FILE): ConceptExamples {
  const parsed = ConceptExamples.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export interface ConceptDirection {
  concept: string;
  /** Unit vector: w / |w|. */
  direction: number[];
  /** Least cosine per recall target ("0.9": …), from the cross-validated probability threshold. */
  thresholds: Record<string, number>;
  /** Cross-validated (out-of-fold) recall and precision of the examples at each target's threshold. */
  cv: Record<string, { recall: number; precision: number }>;
  positives: number;
  negatives: number;
  tempting: number;
  /** On the training examples, at the 0.9 target's threshold. */
  trainRecall: number;
  trainPrecision: number;
}

export interface ConceptDirections {
  version: 1;
  /** The model directory's name: only vectors of this model compare. */
  model: string;
  trainedAt: string;
  examples: number;
  concepts: ConceptDirection[];
}

// ------------------------------------------------------------------ logistic regression

interface Fit {
  w: Float64Array;
  b: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Class-weighted, L2-regularised logistic regression by full-batch gradient descent on
 * standardised features, returned in the raw feature space (w·x + b).
 */
export function fitLogistic(
  xs: Float64Array[],
  ys: number[],
  weights: number[],
  opts: { iterations?: number; lambda?: number; rate?: number } = {},
): Fit {
  const n = xs.length;
  const dim = xs[0]!.length;
  const iterations = opts.iterations ?? 400;
  const lambda = opts.lambda ?? 0.01;
  const rate = opts.rate ?? 0.5;
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (const x of xs) for (let k = 0; k < dim; k++) mu[k]! += x[k]! / n;
  for (const x of xs) for (let k = 0; k < dim; k++) sd[k]! += (x[k]! - mu[k]!) ** 2 / n;
  for (let k = 0; k < dim; k++) sd[k] = Math.sqrt(sd[k]!) || 1e-6;
  const zs = xs.map((x) => x.map((v, k) => (v - mu[k]!) / sd[k]!));
  const total = weights.reduce((a, b) => a + b, 0);
  const w = new Float64Array(dim);
  let b = 0;
  const gw = new Float64Array(dim);
  for (let it = 0; it < iterations; it++) {
    gw.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const z = zs[i]!;
      let s = b;
      for (let k = 0; k < dim; k++) s += w[k]! * z[k]!;
      const e = ((sigmoid(s) - ys[i]!) * weights[i]!) / total;
      for (let k = 0; k < dim; k++) gw[k]! += e * z[k]!;
      gb += e;
    }
    for (let k = 0; k < dim; k++) w[k]! -= rate * (gw[k]! + lambda * w[k]!);
    b -= rate * gb;
  }
  const raw = new Float64Array(dim);
  let rb = b;
  for (let k = 0; k < dim; k++) {
    raw[k] = w[k]! / sd[k]!;
    rb -= (w[k]! * mu[k]!) / sd[k]!;
  }
  return { w: raw, b: rb };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

/** The probability at which `target` of the positives' scores are at or above it. */
function thresholdFor(positiveScores: number[], target: number): number {
  const sorted = [...positiveScores].sort((a, b) => b - a);
  const at = Math.max(0, Math.ceil(target * sorted.length) - 1);
  return sorted[Math.min(at, sorted.length - 1)]!;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

interface Labelled {
  x: Float64Array;
  y: number;
  weight: number;
}

/** Trains one concept's direction from its labelled vectors; null with too few examples. */
export function trainDirection(concept: string, data: Labelled[]): ConceptDirection | null {
  const pos = data.filter((d) => d.y === 1);
  const neg = data.filter((d) => d.y === 0);
  if (pos.length < MIN_POSITIVES || neg.length < 2 * MIN_POSITIVES) return null;
  // Class weights: each class weighs half of the total, tempting negatives double within theirs.
  const negWeight = neg.reduce((a, d) => a + d.weight, 0);
  const weights = data.map((d) =>
    d.y ? data.length / (2 * pos.length) : (data.length * d.weight) / (2 * negWeight),
  );
  const fit = fitLogistic(
    data.map((d) => d.x),
    data.map((d) => d.y),
    weights,
  );
  // Out-of-fold probabilities, stratified k-fold.
  const folds = Math.min(5, pos.length);
  const fold = new Map<Labelled, number>();
  pos.forEach((d, i) => fold.set(d, i % folds));
  neg.forEach((d, i) => fold.set(d, i % folds));
  const oof = new Map<Labelled, number>();
  for (let f = 0; f < folds; f++) {
    const train = data.filter((d) => fold.get(d) !== f);
    const tp = train.filter((d) => d.y).length;
    const tnw = train.filter((d) => !d.y).reduce((a, d) => a + d.weight, 0);
    const m = fitLogistic(
      train.map((d) => d.x),
      train.map((d) => d.y),
      train.map((d) => (d.y ? train.length / (2 * tp) : (train.length * d.weight) / (2 * tnw))),
    );
    for (const d of data) if (fold.get(d) === f) oof.set(d, sigmoid(dot(m.w, d.x) + m.b));
  }
  const norm = Math.sqrt(dot(fit.w, fit.w)) || 1;
  const thresholds: Record<string, number> = {};
  const cv: Record<string, { recall: number; precision: number }> = {};
  const posScores = pos.map((d) => oof.get(d)!);
  for (const target of RECALL_TARGETS) {
    const t = Math.min(Math.max(thresholdFor(posScores, target), 1e-6), 1 - 1e-6);
    thresholds[String(target)] = round((Math.log(t / (1 - t)) - fit.b) / norm);
    const found = data.filter((d) => oof.get(d)! >= t);
    const tp = found.filter((d) => d.y).length;
    cv[String(target)] = { recall: round(tp / pos.length, 3), precision: round(tp / (found.length || 1), 3) };
  }
  const direction = Array.from(fit.w, (x) => round(x / norm));
  const at = thresholds['0.9']!;
  const hit = data.filter((d) => dot(direction, d.x) >= at);
  const tp = hit.filter((d) => d.y).length;
  return {
    concept,
    direction,
    thresholds,
    cv,
    positives: pos.length,
    negatives: neg.length,
    tempting: neg.filter((d) => d.weight > 1).length,
    trainRecall: round(tp / pos.length, 3),
    trainPrecision: round(tp / (hit.length || 1), 3),
  };
}

/**
 * Per concept, the labelled vectors of the examples (by the given model, as the indexer embeds
 * a note) and the trained direction. Concepts with too few examples get none.
 */
export async function trainConcepts(
  model: ModelVectors,
  examples: ConceptExamples,
  concepts: Iterable<string>,
  signal?: AbortSignal,
): Promise<ConceptDirections> {
  const embedder = documentEmbedder(undefined, true);
  const judged = new Map(examples.sources.map((s) => [s.name, new Set(s.judged)]));
  // The stack trains in its own process: yield between steps so that searches keep being
  // answered while it trains (found in review: ~30 s of training held the event loop).
  const pause = async () => {
    await new Promise((r) => setImmediate(r));
    signal?.throwIfAborted();
  };
  const vectors: (Float64Array | null)[] = [];
  for (const [i, e] of examples.examples.entries()) {
    if (i % 200 === 199) await pause();
    const v = embedder.embed(e.text, model)?.vector;
    vectors.push(v ? Float64Array.from(v) : null);
  }
  const out: ConceptDirection[] = [];
  for (const concept of concepts) {
    await pause();
    const data: Labelled[] = [];
    examples.examples.forEach((e, i) => {
      const x = vectors[i];
      if (!x) return;
      if (e.positive.includes(concept)) data.push({ x, y: 1, weight: 1 });
      else if (e.negative.includes(concept) || judged.get(e.source)?.has(concept))
        data.push({ x, y: 0, weight: e.tempting.includes(concept) ? 2 : 1 });
    });
    const d = trainDirection(concept, data);
    if (d) out.push(d);
  }
  return {
    version: 1,
    model: model.name,
    trainedAt: new Date().toISOString(),
    examples: examples.examples.length,
    concepts: out,
  };
}

/** Trains the directions for the model in `modelDir` and writes its concepts.json (atomically). */
export async function writeConceptDirections(
  modelDir: string,
  model: ModelVectors,
  examples: ConceptExamples,
  concepts: Iterable<string>,
  signal?: AbortSignal,
): Promise<ConceptDirections> {
  const started = Date.now();
  const result = await trainConcepts(model, examples, concepts, signal);
  writeFileSync(join(modelDir, `${CONCEPTS_FILE}.tmp`), JSON.stringify(result));
  renameSync(join(modelDir, `${CONCEPTS_FILE}.tmp`), join(modelDir, CONCEPTS_FILE));
  log.info(
    {
      model: model.name,
      concepts: result.concepts.length,
      examples: result.examples,
      ms: Date.now() - started,
    },
    'concept directions trained',
  );
  return result;
}

/** One concept's direction and the least cosine for the query's recall target. */
export interface ConceptClassifier {
  concept: string;
  vector: number[];
  similarity: number;
  model: string;
}

/**
 * A gate, off by default (0, 0; the third tuning set held out gained most without it): a
 * direction is used only with at least this many positives and this cross-validated
 * precision at the query's recall target (experiment switches HELSESPOR_CLASSIFIER_MIN_POSITIVES,
 * HELSESPOR_CLASSIFIER_MIN_PRECISION): a threshold fitted to three examples says little
 * (on the first tuning set alone, such concepts let 30–40 % of the second set's notes through).
 */
export const USE_MIN_POSITIVES = Number(process.env.HELSESPOR_CLASSIFIER_MIN_POSITIVES || 0);
export const USE_MIN_PRECISION = Number(process.env.HELSESPOR_CLASSIFIER_MIN_PRECISION || 0);

/** The direction of `concept` at the recall target, or null (none trained, too weak, or no threshold). */
export function classifierFor(
  directions: ConceptDirections | null,
  concept: string,
  recall: number,
  gate = { positives: USE_MIN_POSITIVES, precision: USE_MIN_PRECISION },
): ConceptClassifier | null {
  const d = directions?.concepts.find((c) => c.concept === concept);
  const similarity = d?.thresholds[String(recall)];
  if (!d || similarity === undefined) return null;
  if (d.positives < gate.positives || (d.cv[String(recall)]?.precision ?? 0) < gate.precision) return null;
  return { concept, vector: d.direction, similarity, model: directions!.model };
}

// ------------------------------------------------------------------ concept tags (index time)

/**
 * Concept tags: the classifier run at INDEX time, as technology-assisted review platforms
 * score every document once and filter by the stored result. A note is tagged
 * `${concept}@${target}` for each recall target whose least cosine its vector reaches
 * (cosine(direction, vector) ≥ thresholds[target]; the vector is unit length). Higher targets
 * have lower thresholds, so a note tagged @0.7 is also tagged @0.8, @0.9 and @0.95 (enforced:
 * a stricter tier implies every looser one, whatever the stored thresholds). The query's
 * `classifier:<C>` expansion is then a filter on the stored tags (query.ts); `conceptsId`
 * stored beside them tells the re-embed pass which notes a retraining must re-tag.
 */
export function conceptTags(
  c: ConceptDirections,
  note: { text: string; parts?: string[]; vector?: number[] | null },
): string[] {
  const v = note.vector;
  if (!v?.length) return [];
  const out: string[] = [];
  for (const d of c.concepts) {
    if (d.direction.length !== v.length) continue;
    const cos = dot(d.direction, v);
    let tagged = false;
    // Strictest (lowest recall target, highest threshold) first: once tagged, every looser tier too.
    for (const target of RECALL_TARGETS) {
      const t = d.thresholds[String(target)];
      if (!tagged && t !== undefined && cos >= t) tagged = true;
      if (tagged) out.push(`${d.concept}@${target}`);
    }
  }
  return out;
}

/** Identifies the trained classifier (model name + trainedAt): stored with the tags, so a retraining re-tags. */
export function conceptsId(c: ConceptDirections): string {
  return `${c.model}@${c.trainedAt}`;
}
