/**
 * The concept classifier: technology-assisted review's supervised classifier, per vocabulary
 * concept, trained on labelled notes. Two models per concept, both stored in concepts.json:
 *
 * 1. The **tagger** (`conceptTags`, run by the indexer on every document; `tagger` of a
 *    concept): logistic regression on the note's LEXICAL features, what TAR/eDiscovery
 *    classifiers use: its lower-case words (function words left out), the compound parts
 *    (search-index/decompound.ts, as the indexer stores them), each word's and part's stem
 *    (first STEM = 5 letters + "~": mobbet, mobbing → "mobbe~"), word bigrams (function
 *    words kept: "holdt utenfor", "ikke mobbet"), each word's character 4-grams with boundary
 *    marks ("magan" → "#<mag", "#maga", "#agan", "#gan>": misspellings, dialect and compounds
 *    share most of them with the labelled wording), their idf × 0.5, and negation scope (a
 *    word within SCOPE = 3 tokens after ikke/ingen/uten/aldri/avkrefter/benekter/fravær …, in
 *    the same sentence, counts as "¬word" instead of "word": "ingen tegn til vold"); binary ×
 *    idf, L2-normalised over all the note's features; a column for each feature in ≥ MIN_DF =
 *    2 training notes (the idf table is stored as `lexicon`, the feature kinds beyond the
 *    base as `lexicon.features`: a version-2 file without them tags with the base features).
 *    Fitted by SGD (Bottou's schedule, L2 λ = 1e-4 per example, 15 epochs, fixed shuffle
 *    seed: the same model every run), the 3000 largest weights kept. Thresholds per recall
 *    target (0.7, 0.8, 0.9, 0.95, 0.98) in the model's own score space (log-odds w·x + b):
 *    stratified 5-fold cross-validation; the out-of-fold score at which the target share of
 *    positives is reached, lowered halfway to the highest non-positive below it (same
 *    cross-validated figures, a margin for positives worded unlike any example). A tag is
 *    `${concept}@${target}`; the tiers nest (0.7 ⊂ 0.8 ⊂ 0.9 ⊂ 0.95 ⊂ 0.98). The 0.98 tier, the
 *    query's default since issue 13's last stop, adds notes below every other tier: held out
 *    on tuning sets 2 and 3, listed-topic recall over everyone 0.947 → 0.951 and 0.930 → 0.951
 *    at an unchanged P@20 (a 0.99 tier added nothing more; subgraphs/search/README.md).
 *    Held out (bench/concept-classifier.ts, `BENCH_MODEL_DIR=/tmp/m npm run bench:concepts`:
 *    train without tuning set s, score s's notes, macro over the 83 (set, concept) pairs):
 *    average precision 0.82 (0.79 with the base features and 400 weights); recall /
 *    precision at the 0.95 target 0.91 / 0.35 (was 0.91 / 0.30), at 0.9 0.86 / 0.53 (0.86 /
 *    0.46), at 0.7 0.64 / 0.82 (0.65 / 0.78). Each change measured alone and together, in
 *    that bench (subgraphs/search/README.md has the table): all weights instead of 400
 *    AP 0.81, 4-grams 0.82 with them (3–5-grams 0.82, but 0.75 with 400 weights), negation
 *    0.80–0.83; subject features for a relative ("mor har angst"), unjudged notes as weak
 *    negatives, λ, epochs, tempting weight, margin: no gain. Costs ~50 µs per note (17 µs
 *    with the base features in the same run; feature → [(concept, weight)] compiled once per
 *    ConceptDirections, in a WeakMap; n-grams looked up by number, per word cached). The
 *    dense vector made the lexical model worse (AP 0.74 concatenated), so the tagger ignores
 *    it (the indexer still tags only notes it embedded with the live model: concepts.json
 *    lives with the model, search-index/enrich.ts).
 * 2. The **dense direction** (kept for comparison in `npm run bench:concepts`; no search uses
 *    it since the classifier runs at index time): logistic regression on the document vector (search-index/vectors.ts: unit
 *    SIF mean of the live fastText model's word vectors), standardised, fitted by the same
 *    SGD, back in the raw space. On a unit vector v, w·v + b ≥ t is exactly
 *    cosine(w/|w|, v) ≥ (t − b)/|w|: a kNN query with a learned query vector (the unit
 *    direction) and a learned least cosine (threshold per recall target, from its own
 *    out-of-fold scores as above). (Until this version: full-batch gradient descent, 400
 *    steps, 30× the time; held out the SGD fit scores as well, see the bench.)
 *
 * Labelled examples (`ConceptExamples`, default file search-index/concept-examples.json,
 * written by `npm run concept-examples` from the tuning sets' labels and the generator's
 * notes of the vocabulary's own topics; reviewer-marked notes are one more source there):
 * a note is a positive of C when C is in its `positive`, a negative when C is in its
 * `negative` or its source judged C over all its notes (`sources[].judged`) and it is not a
 * positive. `tempting` negatives (notes that use a concept's words without being about it)
 * weigh double; each class weighs half of the total.
 *
 * Training (`trainConcepts`, run by trainExpansions right after the fastText model, and by
 * `npm run cli -- train-concepts` for the live model): async, yields between steps
 * (setImmediate) and stops on the AbortSignal; ~5 s for 1971 examples × 29 concepts (it was
 * ~45 s). Stored as `concepts.json` (version 2) in the model directory, beside
 * neighbours.json: per concept the dense direction, its cosine thresholds, counts and
 * cross-validated figures, and the tagger; the lexicon's idf once. `conceptsId` (model name +
 * trainedAt) names the classifier that made a document's tags, so that a retraining re-tags.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { log } from '../lib/log';
import { prng } from '../lib/prng';
import type { ModelVectors } from './expansions';
import { decompounder } from './decompound';
import { STOP_WORDS } from './query';
import { documentEmbedder } from './vectors';

export const CONCEPT_EXAMPLES_FILE = join(__dirname, 'concept-examples.json');
export const CONCEPTS_FILE = 'concepts.json';
/** Recall targets a threshold is stored for (the query picks one: KnnSettings.classifierRecall). */
export const RECALL_TARGETS = [0.7, 0.8, 0.9, 0.95, 0.98] as const;
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
  /** The index-time tagger (conceptTags): lexical + dense logistic regression. Absent in a version 1 file. */
  tagger?: Tagger;
  /**
   * The mean document vector of the labelled positives, unit length: where a query that names
   * the concept moves its kNN vector (search-index/vectors.ts knnVector). Absent in older files.
   */
  centroid?: number[];
}

export interface ConceptDirections {
  /** 2: with the taggers and the lexicon. */
  version: 1 | 2;
  /** The model directory's name: only vectors of this model compare. */
  model: string;
  trainedAt: string;
  examples: number;
  /** The lexical features' idf (features of at least MIN_DF training notes) and the idf of any other feature. */
  lexicon?: { idf: Record<string, number>; unseen: number; features?: FeatureSet };
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

// ------------------------------------------------------------------ lexical features

/** Word tokens as the index and the model see them: lower case, letters and digits. */
const TOKEN = /[\p{L}\p{N}]+/gu;
const STOP = new Set(STOP_WORDS);
/** Stems: a word of at least STEM letters also counts as its first STEM letters ("mobbet", "mobbing" → "mobbe~"). */
export const STEM = 5;
const DIGITS = /^[0-9]+$/;
const HAS_DIGIT = /[0-9]/;
const wordLike = (w: string) => w.length >= 2 && !STOP.has(w) && !DIGITS.test(w);

/**
 * The feature kinds beyond the base (words, compound parts, stems, word bigrams), stored with
 * the lexicon (`lexicon.features`) so that tagging uses what training used; a version-2 file
 * without it has the base features only.
 */
export interface FeatureSet {
  /** Character n-grams of each word with boundary marks ("#<mag", "#aga", "#gan>"), lengths [min, max]. */
  grams?: [number, number];
  /** An n-gram's idf is multiplied by this (default 1), so that a word's many n-grams do not outweigh it in the norm. */
  gramWeight?: number;
  /**
   * Negation scope: a word (and its stem) within SCOPE tokens after a negation cue (ikke, ingen,
   * uten, aldri, avkrefter, benekter …) in the same sentence also counts as "¬word" (`'beside'`)
   * or only so (`'instead'`).
   */
  negation?: 'beside' | 'instead';
  /** Someone else's problem: a word within SCOPE tokens after a relative (mor, far, bror …) in the same sentence also counts as "@word". */
  other?: 'beside' | 'instead';
}

/** Tokens after a negation cue or a relative that are in its scope. */
export const SCOPE = 3;
const NEGATION_CUES = new Set(
  (
    'ikke ikkje ingen inga ingenting intet inkje uten utan aldri avkrefter avkreftet avkrefta benekter benektet ' +
    'benekta nekter neitet fravær verken hverken negativ'
  ).split(' '),
);
const RELATIVES = new Set(
  (
    'mor moren mora mamma mammaen far faren fars mors pappa pappaen bror broren søster søsteren søstera ' +
    'ektemann ektemannen kone kona konen samboer samboeren ektefelle ektefellen datter datteren dattera sønn ' +
    'sønnen foreldre foreldrene besteforeldre bestemor bestefar søsken søsknene venninne venninnen kjæreste kjæresten'
  ).split(' '),
);
/** A sentence boundary ends a negation's or a relative's scope. */
const TOKEN_OR_STOP = /[\p{L}\p{N}]+|[.!?;:]/gu;
const SENTENCE_END = /^[.!?;:]$/;

const envPair = (v: string | undefined): [number, number] | undefined => {
  const m = v?.match(/^(\d+)-(\d+)$/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};
const envScope = (v: string | undefined, dflt?: 'beside' | 'instead') =>
  v === 'beside' || v === 'instead' ? v : v === 'none' ? undefined : dflt;
/**
 * The feature set a training uses: character 4-grams (their idf × 0.5) and negation scope
 * (instead of the plain word), chosen held out (bench:concepts; subject features for a relative did not help).
 * Experiment switches HELSESPOR_CONCEPT_GRAMS=3-5|none, _GRAM_WEIGHT, and _NEGATION, _OTHER =
 * beside|instead|none.
 */
export const FEATURE_DEFAULTS: FeatureSet = {
  grams:
    process.env.HELSESPOR_CONCEPT_GRAMS === 'none'
      ? undefined
      : (envPair(process.env.HELSESPOR_CONCEPT_GRAMS) ?? [4, 4]),
  gramWeight: Number(process.env.HELSESPOR_CONCEPT_GRAM_WEIGHT || 0.5),
  negation: envScope(process.env.HELSESPOR_CONCEPT_NEGATION, 'instead'),
  other: envScope(process.env.HELSESPOR_CONCEPT_OTHER),
};

/**
 * The distinct lexical features of a note: its words (function words left out), the compound
 * parts (`parts`: the decompounder's parts of the text, as the indexer stores them; computed
 * when absent), each word's and part's stem (first STEM letters + "~"), and word bigrams
 * ("a b", function words kept: "holdt utenfor", "ikke mobbet"); then those of `fs`.
 */
export function noteFeatures(text: string, parts?: string[] | null, fs: FeatureSet = {}): string[] {
  const out = new Set<string>();
  eachFeature(text, parts, fs, (f) => out.add(f));
  return [...out];
}

/** noteFeatures' features one by one, a feature possibly more than once. */
function eachFeature(
  text: string,
  parts: string[] | null | undefined,
  fs: FeatureSet,
  visit: (f: string) => void,
): void {
  let prev: string | null = null;
  const unigram = (w: string, mark = '') => {
    if (!wordLike(w)) return;
    visit(mark + w);
    if (w.length >= STEM && !HAS_DIGIT.test(w)) visit(mark + w.slice(0, STEM) + '~');
  };
  const grams = fs.grams;
  const scoped = !!(fs.negation || fs.other);
  // Tokens since the last negation cue / relative (in this sentence); Infinity: none.
  let sinceNeg = Infinity;
  let sinceOther = Infinity;
  for (const w of text.toLowerCase().match(scoped ? TOKEN_OR_STOP : TOKEN) ?? []) {
    if (scoped && SENTENCE_END.test(w)) {
      sinceNeg = sinceOther = Infinity;
      continue;
    }
    sinceNeg++;
    sinceOther++;
    const negated = fs.negation && sinceNeg <= SCOPE;
    const others = fs.other && sinceOther <= SCOPE;
    if (negated) unigram(w, '¬');
    if (others) unigram(w, '@');
    if (!((negated && fs.negation === 'instead') || (others && fs.other === 'instead'))) unigram(w);
    if (prev !== null) visit(`${prev} ${w}`);
    prev = w;
    if (grams && wordLike(w) && !HAS_DIGIT.test(w)) eachGram(w, grams, visit);
    if (scoped) {
      if (NEGATION_CUES.has(w)) sinceNeg = 0;
      if (RELATIVES.has(w)) sinceOther = 0;
    }
  }
  for (const p of parts ?? decompounder().parts(text).split(' ')) if (p) unigram(p);
}

/** The character n-grams of a word with boundary marks, as features "#" + n-gram (not the whole marked word). */
function eachGram(w: string, grams: [number, number], visit: (f: string) => void): void {
  const m = `<${w}>`;
  for (let n = grams[0]; n <= Math.min(grams[1], m.length - 1); n++)
    for (let i = 0; i + n <= m.length; i++) visit('#' + m.slice(i, i + n));
}

/**
 * An n-gram of at most 4 characters below GRAM_BASE as one exact number (4 × 13 bits fit a
 * double's 53), so that tagging looks n-grams up without making strings; null otherwise.
 */
const GRAM_BASE = 8192;
function gramKey(s: string, from = 0, to = s.length): number | null {
  if (to - from > 4) return null;
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= GRAM_BASE) return null;
    k = k * GRAM_BASE + c;
  }
  return k;
}

/** A note's lexical vector: binary features × idf, L2-normalised (ids into the lexicon). */
interface SparseVec {
  idx: Int32Array;
  val: Float64Array;
}

interface Lexicon {
  /** Feature → column. */
  ids: Map<string, number>;
  idf: Float64Array;
  /** The idf of a feature the lexicon does not hold (seen in fewer than 2 training notes): counts in the norm only. */
  unseen: number;
  /** The same for a character n-gram ("#…"): unseen × the feature set's gramWeight. */
  unseenGram: number;
}

/** Features seen in at least this many training notes get a column. */
export const MIN_DF = 2;

function buildLexicon(docs: string[][], fs: FeatureSet = {}): Lexicon {
  const g = fs.gramWeight ?? 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d) df.set(f, (df.get(f) ?? 0) + 1);
  const ids = new Map<string, number>();
  const idfs: number[] = [];
  const n = docs.length;
  for (const [f, c] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (c >= MIN_DF) {
      ids.set(f, idfs.length);
      idfs.push((Math.log((n + 1) / (c + 1)) + 1) * (f.startsWith('#') ? g : 1));
    }
  const unseen = Math.log((n + 1) / 2) + 1;
  return { ids, idf: Float64Array.from(idfs), unseen, unseenGram: unseen * g };
}

function sparseVector(features: string[], lex: Lexicon): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const f of features) {
    const id = lex.ids.get(f);
    if (id === undefined) {
      const u = f.startsWith('#') ? lex.unseenGram : lex.unseen;
      norm += u * u;
      continue;
    }
    const v = lex.idf[id]!;
    idx.push(id);
    val.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm) };
}

// ------------------------------------------------------------------ sparse (+ dense) logistic regression

interface Row {
  sparse: SparseVec;
  /** The standardised, scaled dense features, or null (lexical only). */
  dense: Float64Array | null;
  y: number;
  weight: number;
}

export interface SgdOptions {
  /** L2 strength (per example). */
  lambda: number;
  epochs: number;
  /** Dense features (standardised) are scaled so that their norm is about this (0: lexical only). */
  denseScale: number;
  /** Most lexical weights kept per concept (largest |w|), so that concepts.json stays small. */
  keep: number;
}

export const SGD_DEFAULTS: SgdOptions = {
  lambda: Number(process.env.HELSESPOR_CONCEPT_LAMBDA || 1e-4),
  epochs: Number(process.env.HELSESPOR_CONCEPT_EPOCHS || 15),
  denseScale: Number(process.env.HELSESPOR_CONCEPT_DENSE_SCALE || 1),
  keep: Number(process.env.HELSESPOR_CONCEPT_KEEP || 3000),
};

/** Experiment switch HELSESPOR_CONCEPT_BAG=1: crossFit's model is the mean of its fold models. */
const BAG = process.env.HELSESPOR_CONCEPT_BAG === '1';

interface SparseFit {
  w: Float64Array;
  dense: Float64Array | null;
  b: number;
}

/**
 * Weighted, L2-regularised logistic regression by stochastic gradient descent (Bottou's
 * schedule η = η0 / (1 + λ η0 t), the L2 shrink kept as one scale factor so that a step
 * touches only the note's own features), over a note's lexical features and optionally its
 * dense features. Then only the `keep` largest lexical weights stay.
 */
function fitSparse(rows: Row[], columns: number, denseDim: number, o: SgdOptions): SparseFit {
  const v = new Float64Array(columns);
  const dv = new Float64Array(denseDim);
  let scale = 1;
  let b = 0;
  const eta0 = 0.5;
  const total = rows.reduce((a, r) => a + r.weight, 0);
  const mean = total / rows.length;
  const order = rows.map((_, i) => i);
  const rnd = prng(17);
  let t = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const r = rows[i]!;
      const eta = eta0 / (1 + o.lambda * eta0 * t++);
      let s = b;
      const { idx, val } = r.sparse;
      for (let k = 0; k < idx.length; k++) s += v[idx[k]!]! * val[k]!;
      if (r.dense) for (let k = 0; k < denseDim; k++) s += dv[k]! * r.dense[k]!;
      const score = scale * (s - b) + b;
      const g = (1 / (1 + Math.exp(-score)) - r.y) * (r.weight / mean);
      scale *= 1 - eta * o.lambda;
      if (scale < 1e-9) {
        for (let k = 0; k < columns; k++) v[k]! *= scale;
        for (let k = 0; k < denseDim; k++) dv[k]! *= scale;
        scale = 1;
      }
      const step = (eta * g) / scale;
      for (let k = 0; k < idx.length; k++) v[idx[k]!]! -= step * val[k]!;
      if (r.dense) for (let k = 0; k < denseDim; k++) dv[k]! -= step * r.dense[k]!;
      b -= eta * g;
    }
  }
  for (let k = 0; k < columns; k++) v[k]! *= scale;
  for (let k = 0; k < denseDim; k++) dv[k]! *= scale;
  return prune({ w: v, dense: denseDim ? dv : null, b }, o.keep);
}

/** Only the `keep` largest lexical weights stay (in place). */
function prune(f: SparseFit, keep: number): SparseFit {
  const v = f.w;
  const columns = v.length;
  if (keep > 0 && keep < columns) {
    const cut = [...v].map(Math.abs).sort((x, y) => y - x)[keep - 1]!;
    let kept = 0;
    for (let k = 0; k < columns; k++)
      if (Math.abs(v[k]!) < cut || kept >= keep) v[k] = 0;
      else kept++;
  }
  return f;
}

function scoreRow(f: SparseFit, r: Row): number {
  let s = f.b;
  for (let k = 0; k < r.sparse.idx.length; k++) s += f.w[r.sparse.idx[k]!]! * r.sparse.val[k]!;
  if (f.dense && r.dense) for (let k = 0; k < f.dense.length; k++) s += f.dense[k]! * r.dense[k]!;
  return s;
}

/** How far down from the target's score towards the next non-positive the threshold goes (0: none; experiment switch HELSESPOR_CONCEPT_MARGIN). */
const MARGIN = Number(process.env.HELSESPOR_CONCEPT_MARGIN ?? 0.5);
/** A tempting negative's weight within the negatives (experiment switch HELSESPOR_CONCEPT_TEMPTING). */
export const TEMPTING_WEIGHT = Number(process.env.HELSESPOR_CONCEPT_TEMPTING || 2);

/** Per recall target, the least score reaching it on the positives' out-of-fold scores, and the cv figures there. */
function thresholdsFrom(
  scores: number[],
  ys: number[],
): { thresholds: Record<string, number>; cv: Record<string, { recall: number; precision: number }> } {
  const pos = scores.filter((_, i) => ys[i] === 1);
  const thresholds: Record<string, number> = {};
  const cv: Record<string, { recall: number; precision: number }> = {};
  for (const target of RECALL_TARGETS) {
    let t = thresholdFor(pos, target);
    // Halfway down to the highest example below it that is not a positive: the same
    // cross-validated figures, with a margin for positives worded unlike any example.
    if (MARGIN) {
      let below = -Infinity;
      scores.forEach((s, i) => {
        if (!ys[i] && s < t && s > below) below = s;
      });
      if (below > -Infinity) t -= (t - below) * MARGIN;
    }
    // Rounded down: the positive at the threshold stays above it.
    t = Math.floor(t * 1e4) / 1e4;
    thresholds[String(target)] = t;
    let found = 0;
    let tp = 0;
    scores.forEach((s, i) => {
      if (s >= t) {
        found++;
        tp += ys[i]!;
      }
    });
    cv[String(target)] = { recall: round(tp / pos.length, 3), precision: round(tp / (found || 1), 3) };
  }
  return { thresholds, cv };
}

/** Stratified fold of each row (k ≤ 5). */
function foldsOf(ys: number[]): { folds: number; fold: number[] } {
  const positives = ys.filter((y) => y === 1).length;
  const folds = Math.min(5, positives);
  let p = 0;
  let n = 0;
  return { folds, fold: ys.map((y) => (y ? p++ : n++) % folds) };
}

export interface Tagger {
  /** Lexical feature → weight (the `keep` largest by magnitude). */
  weights: Record<string, number>;
  bias: number;
  /** Least score w·x + b (log-odds) per recall target ("0.95": …), by 5-fold cross-validation. */
  thresholds: Record<string, number>;
  /** Cross-validated (out-of-fold) recall and precision of the examples at each target's threshold. */
  cv: Record<string, { recall: number; precision: number }>;
}

/** Dense standardisation of the training vectors: (v − mu) / sd × denseScale / √dim. */
interface DenseScaler {
  mu: Float64Array;
  sd: Float64Array;
  factor: number;
}

function denseScaler(vs: Float64Array[], denseScale: number): DenseScaler {
  const dim = vs[0]!.length;
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (const x of vs) for (let k = 0; k < dim; k++) mu[k]! += x[k]! / vs.length;
  for (const x of vs) for (let k = 0; k < dim; k++) sd[k]! += (x[k]! - mu[k]!) ** 2 / vs.length;
  for (let k = 0; k < dim; k++) sd[k] = Math.sqrt(sd[k]!) || 1e-6;
  return { mu, sd, factor: denseScale / Math.sqrt(dim) };
}
const scaleDense = (s: DenseScaler, v: Float64Array) =>
  v.map((x, k) => ((x - s.mu[k]!) / s.sd[k]!) * s.factor);

export interface TaggerExample {
  sparse: SparseVec;
  /** The raw unit document vector (zero when the model knows none of its words). */
  vector: Float64Array;
  y: number;
  weight: number;
}

/** A model fitted on all the examples, its out-of-fold scores and a scorer for other notes. */
export interface CrossFit {
  oof: number[];
  score(e: { sparse: SparseVec; vector: Float64Array }): number;
  fit: SparseFit;
  scaler: DenseScaler | null;
}

/**
 * Fits one concept's logistic regression on the lexical features (`lexical`), the
 * standardised dense vector scaled to norm ≈ o.denseScale (`dense`), or both concatenated,
 * with out-of-fold scores by stratified k-fold (k ≤ 5).
 */
export async function crossFit(
  data: TaggerExample[],
  lexicon: Lexicon,
  use: { lexical: boolean; dense: boolean },
  o: SgdOptions = SGD_DEFAULTS,
  pause: () => Promise<void> = async () => {},
): Promise<CrossFit> {
  const ys = data.map((d) => d.y);
  const pos = ys.filter((y) => y === 1).length;
  // Class weights: each class weighs half of the total, tempting negatives double within theirs.
  const negWeight = data.reduce((a, d) => a + (d.y ? 0 : d.weight), 0);
  const weighted = data.map((d) =>
    d.y ? data.length / (2 * pos) : (data.length * d.weight) / (2 * negWeight),
  );
  const scaler = use.dense
    ? denseScaler(
        data.map((d) => d.vector),
        use.lexical ? o.denseScale : 1,
      )
    : null;
  const empty: SparseVec = { idx: new Int32Array(0), val: new Float64Array(0) };
  const rowOf = (e: { sparse: SparseVec; vector: Float64Array }, y: number, weight: number): Row => ({
    sparse: use.lexical ? e.sparse : empty,
    dense: scaler ? scaleDense(scaler, e.vector) : null,
    y,
    weight,
  });
  const rs = data.map((d, i) => rowOf(d, d.y, weighted[i]!));
  const columns = lexicon.idf.length;
  const dim = scaler ? scaler.mu.length : 0;
  const { folds, fold } = foldsOf(ys);
  const oof = new Array<number>(rs.length);
  // BAG: the final model is the mean of the fold models (the models the thresholds were set on).
  const bag: SparseFit | null = BAG
    ? { w: new Float64Array(columns), dense: dim ? new Float64Array(dim) : null, b: 0 }
    : null;
  for (let f = 0; f < folds; f++) {
    await pause();
    const m = fitSparse(
      rs.filter((_, i) => fold[i] !== f),
      columns,
      dim,
      bag ? { ...o, keep: 0 } : o,
    );
    if (bag) {
      m.w.forEach((x, k) => (bag.w[k]! += x / folds));
      m.dense?.forEach((x, k) => (bag.dense![k]! += x / folds));
      bag.b += m.b / folds;
      prune(m, o.keep);
    }
    rs.forEach((r, i) => {
      if (fold[i] === f) oof[i] = scoreRow(m, r);
    });
  }
  await pause();
  const fit = bag ? prune(bag, o.keep) : fitSparse(rs, columns, dim, o);
  return { oof, fit, scaler, score: (e) => scoreRow(fit, rowOf(e, 0, 1)) };
}

/**
 * One concept's tagger from its labelled notes: logistic regression on the lexical features,
 * thresholds per recall target from its out-of-fold scores. (Held out, the lexical model beat
 * the dense one and both combined: bench/concept-classifier.ts.)
 */
export async function trainTagger(
  data: TaggerExample[],
  lexicon: Lexicon,
  o: SgdOptions = SGD_DEFAULTS,
  pause: () => Promise<void> = async () => {},
): Promise<Tagger> {
  const names = [...lexicon.ids.keys()];
  const lexical = await crossFit(data, lexicon, { lexical: true, dense: false }, o, pause);
  const { thresholds, cv } = thresholdsFrom(
    lexical.oof,
    data.map((d) => d.y),
  );
  const weights: Record<string, number> = {};
  lexical.fit.w.forEach((x, k) => {
    if (x) weights[names[k]!] = round(x, 5);
  });
  return { weights, bias: round(lexical.fit.b, 5), thresholds, cv };
}

/**
 * One concept's dense direction (for comparison in bench:concepts; no search uses it): the
 * dense-only logistic regression of crossFit, in the raw space of the unit document vector,
 * its thresholds per recall target as least cosines ((t − b) / |w|).
 */
export async function trainDenseDirection(
  concept: string,
  data: TaggerExample[],
  lexicon: Lexicon,
  pause: () => Promise<void> = async () => {},
): Promise<ConceptDirection> {
  const ys = data.map((d) => d.y);
  const m = await crossFit(data, lexicon, { lexical: false, dense: true }, SGD_DEFAULTS, pause);
  const scaler = m.scaler!;
  const u = m.fit.dense!;
  const w = Array.from(u, (x, k) => (x * scaler.factor) / scaler.sd[k]!);
  let b = m.fit.b;
  u.forEach((x, k) => (b -= (x * scaler.factor * scaler.mu[k]!) / scaler.sd[k]!));
  const norm = Math.hypot(...w) || 1;
  const { thresholds: logOdds, cv } = thresholdsFrom(m.oof, ys);
  const thresholds: Record<string, number> = {};
  for (const [t, x] of Object.entries(logOdds)) thresholds[t] = Math.floor(((x - b) / norm) * 1e4) / 1e4;
  const direction = w.map((x) => round(x / norm));
  const at = thresholds['0.9']!;
  let hit = 0;
  let tp = 0;
  for (const d of data)
    if (dot(direction, d.vector) >= at) {
      hit++;
      tp += d.y;
    }
  const pos = ys.filter((y) => y === 1).length;
  return {
    concept,
    direction,
    thresholds,
    cv,
    positives: pos,
    negatives: data.length - pos,
    tempting: data.filter((d) => !d.y && d.weight > 1).length,
    trainRecall: round(tp / pos, 3),
    trainPrecision: round(tp / (hit || 1), 3),
  };
}

/** The unit-length mean of vectors (zero vectors, notes with no word the model knows, left out). */
function centroidOf(vectors: ArrayLike<number>[]): number[] {
  const live = vectors.filter((v) => Array.prototype.some.call(v, (x: number) => x !== 0));
  if (!live.length) return [];
  const sum = new Float64Array(live[0]!.length);
  for (const v of live) for (let k = 0; k < sum.length; k++) sum[k]! += v[k]!;
  const norm = Math.hypot(...sum) || 1;
  return Array.from(sum, (x) => round(x / norm));
}

export { buildLexicon, sparseVector, thresholdsFrom, type Lexicon, type SparseVec };

/** Experiment switch HELSESPOR_CONCEPT_UNLABELLED: the weight of a note nobody judged for the concept as a negative (0: left out). */
export const UNLABELLED_WEIGHT = Number(process.env.HELSESPOR_CONCEPT_UNLABELLED || 0);

/**
 * A note's label for a concept: positive when the concept is in its `positive`; a negative
 * when in its `negative` or its source judged the concept over all its notes (a `tempting`
 * negative weighs TEMPTING_WEIGHT); otherwise none (or a negative of UNLABELLED_WEIGHT).
 */
export function labelOf(
  e: ConceptExamples['examples'][number],
  concept: string,
  judged: Map<string, Set<string>>,
): { y: number; weight: number } | null {
  if (e.positive.includes(concept)) return { y: 1, weight: 1 };
  if (e.negative.includes(concept) || judged.get(e.source)?.has(concept))
    return { y: 0, weight: e.tempting.includes(concept) ? TEMPTING_WEIGHT : 1 };
  return UNLABELLED_WEIGHT > 0 ? { y: 0, weight: UNLABELLED_WEIGHT } : null;
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
  fs: FeatureSet = FEATURE_DEFAULTS,
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
  const features: string[][] = [];
  for (const [i, e] of examples.examples.entries()) {
    if (i % 200 === 199) await pause();
    const v = embedder.embed(e.text, model)?.vector;
    vectors.push(v ? Float64Array.from(v) : null);
    features.push(noteFeatures(e.text, undefined, fs));
  }
  await pause();
  const lexicon = buildLexicon(features, fs);
  const sparse: SparseVec[] = [];
  for (const [i, f] of features.entries()) {
    if (i % 500 === 499) await pause();
    sparse.push(sparseVector(f, lexicon));
  }
  const out: ConceptDirection[] = [];
  for (const concept of concepts) {
    await pause();
    const data: TaggerExample[] = [];
    examples.examples.forEach((e, i) => {
      const label = labelOf(e, concept, judged);
      // A note without a vector (no word the model knows) has the zero vector.
      if (label)
        data.push({ sparse: sparse[i]!, vector: vectors[i] ?? new Float64Array(model.dim), ...label });
    });
    const pos = data.filter((d) => d.y).length;
    if (pos < MIN_POSITIVES || data.length - pos < 2 * MIN_POSITIVES) continue;
    const direction = await trainDenseDirection(concept, data, lexicon, pause);
    const tagger = await trainTagger(data, lexicon, SGD_DEFAULTS, pause);
    out.push({
      ...direction,
      tagger,
      centroid: centroidOf(data.filter((d) => d.y === 1).map((d) => d.vector)),
    });
  }
  return {
    version: 2,
    model: model.name,
    trainedAt: new Date().toISOString(),
    examples: examples.examples.length,
    lexicon: {
      idf: Object.fromEntries([...lexicon.ids].map(([f, id]) => [f, round(lexicon.idf[id]!, 3)])),
      unseen: round(lexicon.unseen, 3),
      ...(Object.values(fs).some((v) => v !== undefined) ? { features: fs } : {}),
    },
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

/**
 * A gate, off by default (0, 0; the third tuning set held out gained most without it): a
 * concept's tags are used only when its tagger had at least this many positives and this
 * cross-validated precision at the query's recall target (experiment switches
 * HELSESPOR_CLASSIFIER_MIN_POSITIVES, HELSESPOR_CLASSIFIER_MIN_PRECISION): a threshold fitted
 * to three examples says little.
 */
export const USE_MIN_POSITIVES = Number(process.env.HELSESPOR_CLASSIFIER_MIN_POSITIVES || 0);
export const USE_MIN_PRECISION = Number(process.env.HELSESPOR_CLASSIFIER_MIN_PRECISION || 0);

/**
 * Whether the classifier tags notes (conceptTags): a file of version 2 with its lexicon. An
 * older file (dense directions only) tags nothing, so it counts as no classifier at all: no
 * `classifier:` expansion and no re-tagging pass until `npm run cli -- train-concepts`
 * (found in review: a version-1 file made the re-embed pass rewrite every note with no tags).
 */
export function tags(directions: ConceptDirections | null): directions is ConceptDirections {
  return !!directions && directions.version === 2 && !!directions.lexicon;
}

/**
 * Whether the query's `classifier:<concept>` expansion runs at the recall target: the concept
 * has a tagger with a threshold there, past the gate (its tagger's own cross-validated figures).
 */
export function usesTagger(
  directions: ConceptDirections | null,
  concept: string,
  recall: number,
  gate = { positives: USE_MIN_POSITIVES, precision: USE_MIN_PRECISION },
): boolean {
  if (!tags(directions)) return false;
  const d = directions.concepts.find((c) => c.concept === concept);
  const t = d?.tagger;
  // A file trained before a looser target existed (0.98 came later) answers with its loosest
  // target below the query's. A note this code tags with it carries the looser tag too
  // (conceptTags nests); a note tagged before carries the 0.95 tag, one of the query's tiers.
  // (The precision gate, off by default, is asked at that target, not stepped down.)
  const target = RECALL_TARGETS.filter((r) => r <= recall && t?.thresholds[String(r)] !== undefined).at(-1);
  if (!d || !t || target === undefined) return false;
  return d.positives >= gate.positives && (t.cv[String(target)]?.precision ?? 0) >= gate.precision;
}

// ------------------------------------------------------------------ index-time tags

interface Feature {
  idf: number;
  concepts: Int32Array;
  weights: Float64Array;
  seen: number;
}

/**
 * A word's features, looked up once (the token loop of tagging then makes no strings): its
 * unigram and stem plain, negated ("¬") and someone else's ("@"), its character n-grams, and
 * whether it opens a negation's or a relative's scope. `id` numbers the word for its bigrams.
 */
interface WordInfo {
  id: number;
  plain: Feature[];
  negated: Feature[] | null;
  other: Feature[] | null;
  /** null until first needed; [] for a word without n-grams (a function word, a number). */
  grams: Feature[] | null;
  hasGrams: boolean;
  cue: boolean;
  relative: boolean;
  /** The bigrams it starts: the next word's id → the bigram's feature. */
  next: Map<number, Feature> | null;
}

interface Compiled {
  /** Feature → its idf and the concepts (indexes into taggers) and weights of the taggers that use it. */
  features: Map<string, Feature>;
  unseen: number;
  unseenGram: number;
  /** N-gram (by gramKey) → its entry, when the n-grams are looked up by number; null: as "#…" in features. */
  grams: Map<number, Feature> | null;
  /**
   * The caches of tagging, emptied together (before a note) once they hold WORD_CACHE words or
   * CACHE_ENTRIES entries in all (`entries`: each word, each feature a word lists, each bigram
   * and unseen feature; a long run of letters lists one n-gram per letter): word → its features
   * (and its bigrams'); a feature (by name, or
   * an n-gram by number) the lexicon does not hold → an entry of its own with the unseen idf,
   * so that it counts once per note in the norm like the others.
   */
  words: Map<string, WordInfo>;
  entries: number;
  unseenFeatures: Map<string, Feature>;
  unseenGrams: Map<number, Feature>;
  fs: FeatureSet;
  /** Which note last counted a feature (dedupes a note's features without a Set). */
  stamp: number;
  taggers: { concept: string; bias: number; thresholds: Float64Array; tags: string[] }[];
  /** The taggers' biases, copied as each note's starting scores. */
  biases: Float64Array;
}

const compiled = new WeakMap<ConceptDirections, Compiled>();
const NO_CONCEPTS = new Int32Array(0);
const NO_WEIGHTS = new Float64Array(0);

/** Feature → weights of every concept, once per ConceptDirections (a WeakMap). */
function compile(c: ConceptDirections): Compiled {
  const hit = compiled.get(c);
  if (hit) return hit;
  const lists = new Map<string, [number, number][]>();
  const taggers = c.concepts
    .filter((d): d is ConceptDirection & { tagger: Tagger } => !!d.tagger)
    .map((d, i) => {
      for (const [f, w] of Object.entries(d.tagger.weights)) {
        let l = lists.get(f);
        if (!l) lists.set(f, (l = []));
        l.push([i, w]);
      }
      return {
        concept: d.concept,
        bias: d.tagger.bias,
        thresholds: Float64Array.from(RECALL_TARGETS, (t) => d.tagger.thresholds[String(t)] ?? Infinity),
        tags: RECALL_TARGETS.map((t) => `${d.concept}@${t}`),
      };
    });
  const fs = c.lexicon?.features ?? {};
  // n-grams by number (gramKey) when every n-gram length fits it.
  const byNumber = !!fs.grams && fs.grams[1] <= 4;
  const features: Compiled['features'] = new Map();
  const grams: Compiled['grams'] = new Map();
  for (const [f, idf] of Object.entries(c.lexicon?.idf ?? {})) {
    const l = lists.get(f);
    const e = {
      idf,
      concepts: l ? Int32Array.from(l, (x) => x[0]) : NO_CONCEPTS,
      weights: l ? Float64Array.from(l, (x) => x[1]) : NO_WEIGHTS,
      seen: 0,
    };
    const key = byNumber && f.startsWith('#') ? gramKey(f, 1) : null;
    if (key !== null) grams.set(key, e);
    else features.set(f, e);
  }
  const unseen = c.lexicon?.unseen ?? 1;
  const out = {
    features,
    grams: byNumber ? grams : null,
    words: new Map(),
    entries: 0,
    unseenFeatures: new Map(),
    unseenGrams: new Map(),
    unseen,
    unseenGram: unseen * (fs.gramWeight ?? 1),
    fs,
    taggers,
    biases: Float64Array.from(taggers, (t) => t.bias),
    stamp: 0,
  };
  compiled.set(c, out);
  return out;
}

const unseenEntry = (idf: number): Feature => ({ idf, concepts: NO_CONCEPTS, weights: NO_WEIGHTS, seen: 0 });

/** A feature by name: the lexicon's entry, or the unseen entry of that name. */
function featureOf(m: Compiled, f: string): Feature {
  let e = m.features.get(f) ?? m.unseenFeatures.get(f);
  if (!e)
    m.unseenFeatures.set(f, (e = unseenEntry(f.charCodeAt(0) === 35 /* # */ ? m.unseenGram : m.unseen)));
  m.entries++;
  return e;
}

/** The unigram and stem features of a word with a mark ("", "¬", "@"), as eachFeature's `unigram` makes them. */
function unigramFeatures(m: Compiled, w: string, mark: string): Feature[] {
  if (!wordLike(w)) return [];
  const out = [featureOf(m, mark + w)];
  if (w.length >= STEM && !HAS_DIGIT.test(w)) out.push(featureOf(m, mark + w.slice(0, STEM) + '~'));
  return out;
}

/** A word's character n-grams (eachGram's), by number where gramKey allows, else by name. */
function gramFeatures(m: Compiled, w: string, grams: [number, number]): Feature[] {
  const marked = `<${w}>`;
  const out: Feature[] = [];
  for (let n = grams[0]; n <= Math.min(grams[1], marked.length - 1); n++)
    for (let i = 0; i + n <= marked.length; i++) {
      const key = m.grams ? gramKey(marked, i, i + n) : null;
      if (key === null) {
        out.push(featureOf(m, '#' + marked.slice(i, i + n)));
        continue;
      }
      let e = m.grams!.get(key) ?? m.unseenGrams.get(key);
      if (!e) {
        m.unseenGrams.set(key, (e = unseenEntry(m.unseenGram)));
        m.entries++;
      }
      out.push(e);
    }
  return out;
}

function wordInfo(m: Compiled, w: string): WordInfo {
  let info = m.words.get(w);
  if (!info) {
    info = {
      id: m.words.size,
      plain: unigramFeatures(m, w, ''),
      negated: null,
      other: null,
      grams: null,
      hasGrams: wordLike(w) && !HAS_DIGIT.test(w),
      cue: NEGATION_CUES.has(w),
      relative: RELATIVES.has(w),
      next: null,
    };
    m.words.set(w, info);
    m.entries += 1 + info.plain.length;
  }
  return info;
}

/** A word's feature list as cached: counted in the entries. */
function listed(m: Compiled, features: Feature[]): Feature[] {
  m.entries += features.length;
  return features;
}

/** Words whose features a compiled classifier keeps (then it empties its caches). */
const WORD_CACHE = 50_000;
/** Entries it keeps in all (the same; see Compiled.entries). */
const CACHE_ENTRIES = 500_000;

/**
 * The taggers' scores of a note: bias + Σ weight × idf / norm over the note's distinct
 * features, the features eachFeature (training's noteFeatures) gives, found through the
 * per-word caches above (the scores are the same: concept-classifier.test.ts).
 */
function scoresOf(m: Compiled, note: { text: string; parts?: string[] }): Float64Array {
  if (m.words.size >= WORD_CACHE || m.entries >= CACHE_ENTRIES) {
    m.words.clear();
    m.entries = 0;
    m.unseenFeatures.clear();
    m.unseenGrams.clear();
  }
  const scores = m.biases.slice();
  let norm = 0;
  const found: Feature[] = [];
  const stamp = ++m.stamp;
  const count = (e: Feature) => {
    if (e.seen === stamp) return;
    e.seen = stamp;
    norm += e.idf * e.idf;
    if (e.concepts.length) found.push(e);
  };
  const countAll = (es: Feature[]) => {
    for (let j = 0; j < es.length; j++) count(es[j]!);
  };
  const fs = m.fs;
  const scoped = !!(fs.negation || fs.other);
  // Tokens since the last negation cue / relative (in this sentence); Infinity: none.
  let sinceNeg = Infinity;
  let sinceOther = Infinity;
  let prev: WordInfo | null = null;
  let prevWord = '';
  for (const w of note.text.toLowerCase().match(scoped ? TOKEN_OR_STOP : TOKEN) ?? []) {
    if (scoped && SENTENCE_END.test(w)) {
      sinceNeg = sinceOther = Infinity;
      continue;
    }
    sinceNeg++;
    sinceOther++;
    const info = wordInfo(m, w);
    const negated = fs.negation && sinceNeg <= SCOPE;
    const others = fs.other && sinceOther <= SCOPE;
    if (negated) countAll((info.negated ??= listed(m, unigramFeatures(m, w, '¬'))));
    if (others) countAll((info.other ??= listed(m, unigramFeatures(m, w, '@'))));
    if (!((negated && fs.negation === 'instead') || (others && fs.other === 'instead'))) countAll(info.plain);
    if (prev !== null) {
      const next = (prev.next ??= new Map());
      let e = next.get(info.id);
      if (!e) {
        next.set(info.id, (e = featureOf(m, `${prevWord} ${w}`)));
        m.entries++;
      }
      count(e);
    }
    prev = info;
    prevWord = w;
    if (fs.grams && info.hasGrams) countAll((info.grams ??= listed(m, gramFeatures(m, w, fs.grams))));
    if (scoped) {
      if (info.cue) sinceNeg = 0;
      if (info.relative) sinceOther = 0;
    }
  }
  for (const p of note.parts ?? decompounder().parts(note.text).split(' '))
    if (p) countAll(wordInfo(m, p).plain);
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < found.length; j++) {
    const e = found[j]!;
    const x = e.idf / norm;
    const cs = e.concepts;
    const ws = e.weights;
    for (let k = 0; k < cs.length; k++) scores[cs[k]!]! += ws[k]! * x;
  }
  return scores;
}

/** Each tagged concept's score for a note (w·x + b, log-odds), in the order of `c.concepts` that have a tagger. */
export function conceptScores(
  c: ConceptDirections,
  note: { text: string; parts?: string[] },
): { concept: string; score: number }[] {
  const m = compile(c);
  const scores = scoresOf(m, note);
  return m.taggers.map((t, i) => ({ concept: t.concept, score: scores[i]! }));
}

/**
 * Tags `${concept}@${target}` (e.g. "mobbing@0.95") for each recall target in RECALL_TARGETS
 * whose threshold the note reaches. The tagger is lexical: `vector` is accepted and unused
 * (held out, the dense vector made it worse). `parts`: the decompounder's parts of the text as the indexer stores them
 * (decompounder().parts(text) split on spaces); computed when absent.
 */
export function conceptTags(
  c: ConceptDirections,
  note: { text: string; parts?: string[]; vector?: number[] | null },
): string[] {
  const m = compile(c);
  const scores = scoresOf(m, note);
  const out: string[] = [];
  for (let i = 0; i < scores.length; i++) {
    const t = m.taggers[i]!;
    // Strictest target first: once tagged, every looser tier too (whatever the stored thresholds).
    let tagged = false;
    for (let k = 0; k < t.thresholds.length; k++) {
      tagged ||= scores[i]! >= t.thresholds[k]!;
      if (tagged) out.push(t.tags[k]!);
    }
  }
  return out;
}

/** Identifies the trained classifier (model name + trainedAt): stored with the tags, so a retraining re-tags. */
export function conceptsId(c: ConceptDirections): string {
  return `${c.model}@${c.trainedAt}`;
}
