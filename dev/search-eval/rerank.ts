/**
 * A learned relevance model over Helsespor's hits, measured held out (issue 13's last
 * criterion, P@20 ≥ 0.8 at macro recall ≥ 0.95): a logistic regression on per-hit features of
 * bench:search-eval's dumps (EVAL_DUMP: each query's hits with score and matched expansions,
 * and its labels), trained on one tuning set and measured on the other, both ways, per backend.
 * It is used
 *   (a) to re-order each query's hits by the predicted probability (what is returned is the
 *       same: recall is unchanged, P@20 moves), and
 *   (b) to stop: keep only hits whose probability reaches a threshold chosen on the training
 *       set (cross-fitted over its topics, so the threshold is not read off in-sample
 *       predictions) as the highest at which the training set's macro recall stays ≥ the target.
 * Figures: macro recall over everything returned and macro P@20 (relevant in the first
 * min(20, returned) over min(20, returned); per topic the mean over its queries, then the mean
 * over topics, as dev/search-eval-harness.ts), per test file (the set's own queries and its
 * natural phrasings), listed and unlisted topics.
 *
 * Features of a hit (all known when the search answers but the note's length; `features`
 * below): which expansion kinds matched (word, typo, compound, split, a concept's term /
 * compound / typo / phrase / near / service / negated, classifier, kNN, learned neighbour,
 * feedback, earlier), how many distinct expansions, query words and concepts (and as a share
 * of the query's best hit), the kind of evidence (lexical, classifier only, kNN only,
 * classifier and kNN only, learned or feedback without a lexical match), the classifier-only
 * score (its tier; the tier of a hit that also matched words is not in the dump), the backend
 * score, its ratio to the query's top score, the rank, the note's length in words, the query's
 * number of hits, whether the query is limited to a person and whether it names a concept, and
 * what the training set says of the hit's expansion names (the smoothed log-odds of a hit an
 * expansion name matched being relevant: max, mean, min over its names; per note fold, so a
 * note's own label never scores its names).
 *
 * The dumps must come from runs whose concept directions were trained without the measured
 * set (the committed classifier learned the tuning sets): /tmp/rank/run.sh made them as
 *   EVAL_MODEL_DIR=M EVAL_CONCEPT_EXAMPLES=<examples of the other two sets> EVAL_DUMP=D \
 *   EVAL_SETS=tuning EVAL_BACKENDS=elasticsearch HELSESPOR_BLIND_SET=/nonexistent \
 *   HELSESPOR_TUNING_SET=dev/search-eval/tuning-set-N.json,dev/search-eval/tuning-set-N-phrasings.json \
 *   npx tsx bench/search-eval.ts
 * (examples: `npm run concept-examples -- --out F dev/search-eval/tuning-set.json
 * dev/search-eval/tuning-set-2.json` for N = 3, sets 1 and 3 for N = 2).
 *
 *   npx tsx dev/search-eval/rerank.ts /tmp/rank/base-es-2.jsonl /tmp/rank/base-es-3.jsonl \
 *     /tmp/rank/base-pg-2.jsonl /tmp/rank/base-pg-3.jsonl        (pairs: set 2, set 3 of one backend)
 *   RERANK_TARGET=0.95   training recall the stop keeps (RERANK_SLACK=0.01: or as returned less this, if lower)
 *   RERANK_L2=1          ridge on the standardised features
 *   RERANK_ONLY=concept  re-order and stop only queries that name a concept
 *   RERANK_BALANCE=1     each training query weighs the same, not each hit
 *   RERANK_DROP=a,b      features left out;  RERANK_VERBOSE=1  the weights
 *   RERANK_CONCEPT_SCORES=/tmp/rank-cscores-2.json,/tmp/rank-cscores-3.json
 *                        also the concept tagger's own score of the note (log-odds, the
 *                        highest of the concepts the query names), by a classifier trained
 *                        without the set: dev/search-eval/concept-scores.ts
 * Figures (2026-12-03) and what was kept: subgraphs/search/MEASUREMENTS.md, "A learned relevance
 * model over the hits".
 *
 * Tuning data only: never give it a dump of a blind set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOP = 20;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

interface Hit {
  id: string;
  score: number;
  exp: string[];
}
interface Row {
  id: string;
  query: string;
  listed: boolean;
  scoped: boolean;
  relevant: string[];
  tempting: string[];
  hits: Hit[];
  /** Added here: */
  topic: string;
  file: string;
  set: number;
}

const here = __dirname;
const setFiles = (n: number) => [`tuning-set-${n}.json`, `tuning-set-${n}-phrasings.json`];

/** Note lengths (words) by journal entry id, per set: entry je-profil-<800000 + i> is notes[i]. */
const lengths = new Map<number, Map<string, number>>();
function noteLengths(n: number): Map<string, number> {
  let m = lengths.get(n);
  if (m) return m;
  const set = JSON.parse(readFileSync(join(here, `tuning-set-${n}.json`), 'utf8'));
  m = new Map(
    set.notes.map((x: { text: string }, i: number) => [
      `je-profil-${800_000 + i}`,
      x.text.split(/\s+/).filter(Boolean).length,
    ]),
  );
  lengths.set(n, m);
  return m;
}

function readDump(path: string): Row[] {
  const rows: Row[] = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const n = rows.some((r) => r.id.startsWith('t3')) ? 3 : 2;
  const topics = new Map<string, [string, string]>();
  for (const f of setFiles(n))
    for (const q of JSON.parse(readFileSync(join(here, f), 'utf8')).queries) topics.set(q.id, [q.topic, f]);
  for (const r of rows) {
    const t = topics.get(r.id);
    if (!t) throw new Error(`${path}: query ${r.id} is in neither ${setFiles(n).join(' nor ')}`);
    [r.topic, r.file] = t;
    r.set = n;
  }
  return rows;
}

/** The kind of a matched expansion's name (search-index/query.ts's header). */
function kindOf(name: string): { kind: string; concept?: string } {
  if (name === 'more-like-this') return { kind: 'like' };
  const [a, b] = name.split(':');
  if (a === 'earlier') return { kind: 'earlier' };
  if (['word', 'typo', 'compound', 'split', 'learned', 'prf', 'knn'].includes(a!)) return { kind: a! };
  if (a === 'classifier') return { kind: 'classifier', concept: b };
  return { kind: `c-${b}`, concept: a };
}

const LEXICAL = new Set([
  'word',
  'typo',
  'compound',
  'split',
  'c-term',
  'c-compound',
  'c-typo',
  'c-phrase',
  'c-near',
  'c-service',
  'like',
]);

const FEATURES = [
  'word',
  'wordShare',
  'typo',
  'compound',
  'split',
  'cTerm',
  'cCompound',
  'cTypo',
  'cPhrase',
  'cNear',
  'cService',
  'cNegated',
  'concepts',
  'conceptShare',
  'classifier',
  'knn',
  'learned',
  'prf',
  'earlier',
  'expansions',
  'expansionShare',
  'lexical',
  'classifierOnly',
  'knnOnly',
  'classifierKnnOnly',
  'learnedOnly',
  'classifierOnlyScore',
  'logScore',
  'scoreRatio',
  'logScoreRatio',
  'logRank',
  'rankShare',
  'logLength',
  'logHits',
  'scoped',
  'namesConcept',
  'scopedXscoreRatio',
  'scopedXclassifierOnly',
  'scopedXknnOnly',
  'nameMax',
  'nameMean',
  'nameMin',
  'conceptScore',
  'conceptScoreShare',
] as const;

/** One feature vector per hit of a query, in FEATURES' order. */
function features(
  hits: Hit[],
  opts: {
    scoped: boolean;
    length: (id: string) => number;
    /** An expansion name's log-odds of relevance against the base rate, learned from labelled hits (0: unknown). */
    nameScore?: (hit: number, name: string) => number;
    /** The tagger's log-odds for the note of the concepts the query names, the highest (RERANK_CONCEPT_SCORES). */
    conceptScore?: (hit: number) => number | undefined;
  },
): number[][] {
  const parsed = hits.map((h) => {
    const kinds = new Map<string, number>();
    const words = new Set<string>();
    const concepts = new Set<string>();
    for (const e of new Set(h.exp)) {
      const k = kindOf(e);
      kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + 1);
      if (k.kind === 'word') words.add(e);
      if (k.concept && k.kind.startsWith('c-') && k.kind !== 'c-negated') concepts.add(k.concept);
    }
    return { kinds, words: words.size, concepts: concepts.size, n: new Set(h.exp).size };
  });
  const max = (f: (p: (typeof parsed)[number]) => number) => Math.max(1, ...parsed.map(f));
  const maxWords = max((p) => p.words);
  const maxConcepts = max((p) => p.concepts);
  const maxN = max((p) => p.n);
  const top = Math.max(1e-9, ...hits.map((h) => h.score));
  const namesConcept = parsed.some((p) =>
    [...p.kinds.keys()].some((k) => k.startsWith('c-') || k === 'classifier'),
  );
  const n = hits.length;
  const cs = hits.map((_, i) => opts.conceptScore?.(i));
  const known = cs.filter((x): x is number => x !== undefined);
  const csMax = known.length ? Math.max(...known) : 0;
  const csMin = known.length ? Math.min(...known) : 0;
  return hits.map((h, i) => {
    const p = parsed[i]!;
    const has = (k: string) => (p.kinds.has(k) ? 1 : 0);
    const count = (k: string) => Math.log1p(p.kinds.get(k) ?? 0);
    const lexical = [...p.kinds.keys()].some((k) => LEXICAL.has(k));
    const others = [...p.kinds.keys()].filter((k) => k !== 'classifier' && k !== 'knn');
    const clfOnly = p.kinds.size === 1 && has('classifier') === 1;
    const knnOnly = p.kinds.size === 1 && has('knn') === 1;
    const clfKnn = p.kinds.size === 2 && has('classifier') === 1 && has('knn') === 1;
    const learnedOnly =
      !lexical && (has('learned') || has('prf')) === 1 && others.every((k) => k === 'learned' || k === 'prf');
    const ratio = h.score / top;
    const scoped = opts.scoped ? 1 : 0;
    const names = [...new Set(h.exp)].map((e) => opts.nameScore?.(i, e) ?? 0);
    const f: Record<(typeof FEATURES)[number], number> = {
      word: Math.log1p(p.words),
      wordShare: p.words / maxWords,
      typo: has('typo'),
      compound: has('compound'),
      split: has('split'),
      cTerm: count('c-term'),
      cCompound: count('c-compound'),
      cTypo: count('c-typo'),
      cPhrase: count('c-phrase'),
      cNear: count('c-near'),
      cService: has('c-service'),
      cNegated: has('c-negated'),
      concepts: Math.log1p(p.concepts),
      conceptShare: p.concepts / maxConcepts,
      classifier: has('classifier'),
      knn: has('knn'),
      learned: count('learned'),
      prf: count('prf'),
      earlier: has('earlier'),
      expansions: Math.log1p(p.n),
      expansionShare: p.n / maxN,
      lexical: lexical ? 1 : 0,
      classifierOnly: clfOnly ? 1 : 0,
      knnOnly: knnOnly ? 1 : 0,
      classifierKnnOnly: clfKnn ? 1 : 0,
      learnedOnly: learnedOnly ? 1 : 0,
      classifierOnlyScore: clfOnly ? h.score / 0.3 : 0,
      logScore: Math.log(Math.max(h.score, 1e-4)),
      scoreRatio: ratio,
      logScoreRatio: Math.log(Math.max(ratio, 1e-4)),
      logRank: Math.log1p(i),
      rankShare: n > 1 ? i / (n - 1) : 0,
      logLength: Math.log1p(opts.length(h.id)),
      logHits: Math.log1p(n),
      scoped,
      namesConcept: namesConcept ? 1 : 0,
      scopedXscoreRatio: scoped * ratio,
      scopedXclassifierOnly: scoped * (clfOnly ? 1 : 0),
      scopedXknnOnly: scoped * (knnOnly ? 1 : 0),
      nameMax: names.length ? Math.max(...names) : 0,
      nameMean: mean(names),
      nameMin: names.length ? Math.min(...names) : 0,
      conceptScore: cs[i] ?? 0,
      conceptScoreShare: cs[i] !== undefined && csMax > csMin ? (cs[i]! - csMin) / (csMax - csMin) : 0,
    };
    return FEATURES.map((k) => f[k]);
  });
}

/** Logistic regression by Newton's method, ridge `l2` on standardised features (not the intercept). */
interface Model {
  mean: number[];
  sd: number[];
  w: number[];
  b: number;
}

function fit(X: number[][], y: number[], l2: number, weight: number[] = X.map(() => 1)): Model {
  const d = X[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, x) => s + x[j]!, 0) / X.length);
  const sd = Array.from(
    { length: d },
    (_, j) => Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / X.length) || 1,
  );
  const Z = X.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / sd[j]!)]);
  const D = d + 1;
  let beta = new Array(D).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array(D).fill(0);
    const H = Array.from({ length: D }, () => new Array(D).fill(0));
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i]!;
      let t = 0;
      for (let j = 0; j < D; j++) t += beta[j] * z[j]!;
      const p = 1 / (1 + Math.exp(-t));
      const r = (p - y[i]!) * weight[i]!;
      const w = Math.max(p * (1 - p), 1e-9) * weight[i]!;
      for (let j = 0; j < D; j++) {
        g[j] += r * z[j]!;
        const wz = w * z[j]!;
        for (let k = j; k < D; k++) H[j]![k] += wz * z[k]!;
      }
    }
    for (let j = 1; j < D; j++) {
      g[j] += l2 * beta[j];
      H[j]![j] += l2;
    }
    for (let j = 0; j < D; j++) for (let k = 0; k < j; k++) H[j]![k] = H[k]![j];
    const step = solve(H, g);
    beta = beta.map((v, j) => v - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return { mean, sd, w: beta.slice(1), b: beta[0] };
}

/** Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / piv;
      const row = M[r]!;
      if (f) for (let k = c; k <= n; k++) row[k] = row[k]! - f * M[c]![k]!;
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k];
    x[r] = s / (M[r]![r]! || 1e-12);
  }
  return x;
}

function predict(m: Model, x: number[]): number {
  let t = m.b;
  for (let j = 0; j < x.length; j++) t += (m.w[j]! * (x[j]! - m.mean[j]!)) / m.sd[j]!;
  return 1 / (1 + Math.exp(-t));
}

interface Scored {
  row: Row;
  /** Hits in returned order with their probability. */
  hits: { id: string; p: number; rank: number }[];
  /** The same, by probability (ties in returned order). */
  sorted: { id: string; p: number; rank: number }[];
}

/**
 * What each expansion name says about relevance, from labelled hits: smoothed log-odds of a
 * hit it matched being relevant, against the base rate (prior weight NAME_PRIOR hits). Built
 * per note fold (a note's hits are scored by the table of the other folds' notes), so that in
 * training, as on a set never seen, a note's own label never scores its names.
 */
const NAME_PRIOR = 5;
const NOTE_FOLDS = 5;
const noteFold = (id: string) => Number(id.replace(/\D/g, '')) % NOTE_FOLDS;
type NameTable = Map<string, number>;
function nameTable(rows: Row[], include: (id: string) => boolean): NameTable {
  const stats = new Map<string, [number, number]>();
  let rel = 0;
  let all = 0;
  for (const r of rows) {
    const relevant = new Set(r.relevant);
    for (const h of r.hits) {
      if (!include(h.id)) continue;
      const y = relevant.has(h.id) ? 1 : 0;
      rel += y;
      all++;
      for (const e of new Set(h.exp)) {
        const s = stats.get(e) ?? [0, 0];
        s[0] += y;
        s[1]++;
        stats.set(e, s);
      }
    }
  }
  const p0 = rel / Math.max(1, all);
  const base = Math.log(p0 / (1 - p0));
  return new Map(
    [...stats].map(([e, [r, n]]) => [
      e,
      Math.log((r + NAME_PRIOR * p0) / (n - r + NAME_PRIOR * (1 - p0))) - base,
    ]),
  );
}
/** The tables a training set's hits are scored by: per note fold, from the other folds. */
const foldTables = (rows: Row[]) =>
  Array.from({ length: NOTE_FOLDS }, (_, f) => nameTable(rows, (id) => noteFold(id) !== f));

/** RERANK_DROP=logLength,…: features left out (held at 0). */
const dropped = new Set((process.env.RERANK_DROP ?? '').split(',').filter(Boolean));
for (const f of dropped)
  if (!(FEATURES as readonly string[]).includes(f)) throw new Error(`RERANK_DROP: no feature ${f}`);
const keep = FEATURES.map((f) => !dropped.has(f));

/**
 * RERANK_CONCEPT_SCORES=A.json,B.json: the tagger's scores of each set's notes by a classifier
 * trained without that set (dev/search-eval/concept-scores.ts).
 */
const conceptScores = new Map<number, Record<string, Record<string, number>>>(
  (process.env.RERANK_CONCEPT_SCORES ?? '')
    .split(',')
    .filter(Boolean)
    .map((f) => {
      const d = JSON.parse(readFileSync(f, 'utf8'));
      return [d.set as number, d.scores];
    }),
);

/** A row's features; names scored by `tables` (one table, or one per note fold). */
function featuresOf(r: Row, tables: NameTable | NameTable[]): number[][] {
  const len = noteLengths(r.set);
  const table = (i: number) => (Array.isArray(tables) ? tables[noteFold(r.hits[i]!.id)]! : tables);
  const scores = conceptScores.get(r.set);
  const concepts = [...new Set(r.hits.flatMap((h) => h.exp.map((e) => kindOf(e).concept).filter(Boolean)))];
  return features(r.hits, {
    scoped: r.scoped,
    length: (id) => len.get(id) ?? 0,
    nameScore: (i, e) => table(i).get(e) ?? 0,
    conceptScore: (i) => {
      const s = scores?.[r.hits[i]!.id];
      const known = s ? concepts.map((c) => s[c!]).filter((x): x is number => x !== undefined) : [];
      return known.length ? Math.max(...known) : undefined;
    },
  }).map((x) => x.map((v, j) => (keep[j] ? v : 0)));
}

function train(rows: Row[], l2: number): Model {
  const X: number[][] = [];
  const y: number[] = [];
  const weight: number[] = [];
  const tables = foldTables(rows);
  // RERANK_BALANCE=1: each query weighs the same (the macro figures weigh queries, not hits).
  const balance = process.env.RERANK_BALANCE === '1';
  const hits = rows.reduce((n, r) => n + r.hits.length, 0);
  for (const r of rows) {
    const rel = new Set(r.relevant);
    featuresOf(r, tables).forEach((x, i) => {
      X.push(x);
      y.push(rel.has(r.hits[i]!.id) ? 1 : 0);
      weight.push(balance ? hits / rows.length / r.hits.length : 1);
    });
  }
  return fit(X, y, l2, weight);
}

function score(m: Model, rows: Row[], tables: NameTable | NameTable[]): Scored[] {
  return rows.map((row) => {
    const hits = featuresOf(row, tables).map((x, i) => ({ id: row.hits[i]!.id, p: predict(m, x), rank: i }));
    return { row, hits, sorted: [...hits].sort((a, b) => b.p - a.p || a.rank - b.rank) };
  });
}

interface Cell {
  recall: number;
  p20: number;
  queries: number;
  /** Median hits returned a query; queries missing a relevant note. */
  returned: number;
  incomplete: number;
}

/** Macro over topics (mean over each topic's queries) of recall and P@20, as the harness. */
function macro(results: { row: Row; got: string[] }[]): Cell | undefined {
  if (!results.length) return undefined;
  const per = new Map<string, [number, number][]>();
  let incomplete = 0;
  for (const { row, got } of results) {
    const rel = new Set(row.relevant);
    const found = got.filter((i) => rel.has(i)).length;
    const top = got.slice(0, TOP);
    const recall = rel.size ? found / rel.size : 1;
    const p20 = top.length ? top.filter((i) => rel.has(i)).length / top.length : 0;
    if (found < rel.size) incomplete++;
    per.set(row.topic, [...(per.get(row.topic) ?? []), [recall, p20]]);
  }
  const topics = [...per.values()];
  const sorted = results.map((r) => r.got.length).sort((a, b) => a - b);
  return {
    recall: mean(topics.map((t) => mean(t.map((x) => x[0])))),
    p20: mean(topics.map((t) => mean(t.map((x) => x[1])))),
    queries: results.length,
    returned: sorted[Math.floor(sorted.length / 2)]!,
    incomplete,
  };
}

type Policy = (s: Scored) => string[];
const asReturned: Policy = (s) => s.hits.map((h) => h.id);
/** RERANK_ONLY=concept: re-order and stop only queries that name a concept (others as returned). */
const applies = (s: Scored) => process.env.RERANK_ONLY !== 'concept' || group(s.row).startsWith('concept');
const reordered: Policy = (s) => (applies(s) ? s.sorted : s.hits).map((h) => h.id);
/** Same notes, relevant first: the best a re-ordering can give. */
const bestOrder: Policy = (s) => {
  const rel = new Set(s.row.relevant);
  return [...s.hits]
    .sort((a, b) => Number(rel.has(b.id)) - Number(rel.has(a.id)) || a.rank - b.rank)
    .map((h) => h.id);
};

/**
 * Two ways to stop, each a prefix of the re-ordered hits:
 *   prob   hits whose probability is ≥ θ (θ the same for every query of a group);
 *   share  the shortest prefix whose probabilities sum to θ of the query's sum (the expected
 *          share of its relevant notes, by the model: adapts to how many a query has).
 */
type Family = 'prob' | 'share';
function kept(s: Scored, family: Family, theta: number): number {
  if (family === 'prob') {
    let k = 0;
    while (k < s.sorted.length && s.sorted[k]!.p >= theta) k++;
    return k;
  }
  const total = s.sorted.reduce((n, h) => n + h.p, 0);
  let k = 0;
  let sum = 0;
  while (k < s.sorted.length && sum < theta * total - 1e-12) sum += s.sorted[k++]!.p;
  return k;
}
const stop =
  (family: Family, theta: (s: Scored) => number): Policy =>
  (s) =>
    applies(s) ? s.sorted.slice(0, kept(s, family, theta(s))).map((h) => h.id) : asReturned(s);

/** Group a threshold is chosen for: a query that names a concept or not, limited to a person or not. */
const group = (r: Row) =>
  `${r.hits.some((h) => h.exp.some((e) => kindOf(e).concept)) ? 'concept' : 'words'}${r.scoped ? ', person' : ', everyone'}`;

/**
 * Cross-fitted probabilities for the training rows: the topics in `folds` folds, each fold's
 * rows scored by a model trained on the others.
 */
function crossFitted(rows: Row[], l2: number, folds = 5): Scored[] {
  const topics = [...new Set(rows.map((r) => r.topic))].sort();
  const out: Scored[] = [];
  for (let f = 0; f < folds; f++) {
    const held = new Set(topics.filter((_, i) => i % folds === f));
    const m = train(
      rows.filter((r) => !held.has(r.topic)),
      l2,
    );
    // The held topics' names scored as a set never seen would be: from other notes' hits.
    out.push(
      ...score(
        m,
        rows.filter((r) => held.has(r.topic)),
        foldTables(rows),
      ),
    );
  }
  return out;
}

/** Macro recall of a policy per test file, the least of them (each file is a table of its own). */
function leastRecall(scored: Scored[], pol: Policy): number {
  const files = [...new Set(scored.map((s) => s.row.file))];
  return Math.min(
    ...files.map(
      (f) => macro(scored.filter((s) => s.row.file === f).map((s) => ({ row: s.row, got: pol(s) })))!.recall,
    ),
  );
}

const GRID: Record<Family, number[]> = {
  // Recall falls as θ rises: the highest θ that keeps the goal.
  prob: [0, ...Array.from({ length: 400 }, (_, i) => 1e-4 * Math.pow(0.95e4, i / 399))],
  // Recall rises with θ: the lowest θ that keeps the goal (searched from the top).
  share: Array.from({ length: 1001 }, (_, i) => 1 - i / 1000),
};

/**
 * Per group of queries, the θ of the training rows' stop that keeps their macro recall ≥ target
 * (or, where the rows as returned are under target, ≥ what they have less `slack`) and keeps
 * the fewest hits.
 */
function thresholds(scored: Scored[], family: Family, target: number, slack: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of [...new Set(scored.map((s) => group(s.row)))].sort()) {
    const rows = scored.filter((s) => group(s.row) === g);
    const goal = Math.min(target, leastRecall(rows, asReturned) - slack);
    let best = family === 'prob' ? 0 : 1;
    for (const theta of GRID[family]) {
      if (
        leastRecall(
          rows,
          stop(family, () => theta),
        ) >= goal
      )
        best = theta;
      else break;
    }
    out.set(g, best);
  }
  return out;
}

function fmt(c: Cell | undefined): string {
  return c
    ? `${c.recall.toFixed(3)} / ${c.p20.toFixed(3)} (${String(c.returned).padStart(3)} ret, ${String(c.incomplete).padStart(2)} inc)`
    : '—';
}

function report(title: string, scored: Scored[], policies: [string, Policy][]): void {
  console.log(`  ${title}`);
  for (const file of [...new Set(scored.map((s) => s.row.file))]) {
    for (const [name, listed] of [
      ['listed', true],
      ['unlisted', false],
    ] as const) {
      const rows = scored.filter((s) => s.row.file === file && s.row.listed === listed);
      if (!rows.length) continue;
      console.log(
        `    ${file} ${name} (${rows.length} queries): recall / P@20 (median returned, incomplete queries)`,
      );
      for (const [pname, pol] of policies)
        console.log(
          `      ${pname.padEnd(34)} ${fmt(macro(rows.map((s) => ({ row: s.row, got: pol(s) }))))}`,
        );
      for (const scoped of [false, true]) {
        const sub = rows.filter((s) => s.row.scoped === scoped);
        if (!sub.length || !listed) continue;
        console.log(`      ${scoped ? 'one person' : 'everyone'} (${sub.length}):`);
        for (const [pname, pol] of policies)
          console.log(
            `        ${pname.padEnd(32)} ${fmt(macro(sub.map((s) => ({ row: s.row, got: pol(s) }))))}`,
          );
      }
    }
  }
}

function main(): void {
  const paths = process.argv.slice(2);
  if (paths.length < 2 || paths.length % 2) {
    console.error(
      'usage: npx tsx dev/search-eval/rerank.ts SET2.jsonl SET3.jsonl [SET2.jsonl SET3.jsonl …] (pairs, one backend each)',
    );
    process.exit(2);
  }
  const target = Number(process.env.RERANK_TARGET ?? 0.95);
  const slack = Number(process.env.RERANK_SLACK ?? 0.01);
  const l2 = Number(process.env.RERANK_L2 ?? 1);
  for (let i = 0; i < paths.length; i += 2) {
    const dumps = [readDump(paths[i]!), readDump(paths[i + 1]!)];
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const trainRows = dumps[a]!;
      const testRows = dumps[b]!;
      console.log(
        `== ${paths[i + a]} → ${paths[i + b]}: train on set ${trainRows[0]!.set} (${trainRows.length} queries, ${trainRows.reduce((n, r) => n + r.hits.length, 0)} hits), measure on set ${testRows[0]!.set}`,
      );
      const m = train(trainRows, l2);
      if (process.env.RERANK_VERBOSE)
        console.log(
          FEATURES.map((f, j) => `    ${f.padEnd(24)} ${(m.w[j]! / 1).toFixed(3)}`).join('\n') +
            `\n    (intercept) ${m.b.toFixed(3)}`,
        );
      const cross = crossFitted(trainRows, l2);
      const stops: [string, Policy][] = [];
      for (const family of ['prob', 'share'] as const) {
        const th = thresholds(cross, family, target, slack);
        console.log(
          `  ${family} stop, θ per group (cross-fitted on the training set, recall ≥ min(${target}, as returned − ${slack})): ` +
            [...th].map(([g, t]) => `${g} ${t.toFixed(4)}`).join('; '),
        );
        stops.push([
          `re-ordered + ${family} stop`,
          stop(family, (s) => th.get(group(s.row)) ?? (family === 'prob' ? 0 : 1)),
        ]);
      }
      const scored = score(
        m,
        testRows,
        nameTable(trainRows, () => true),
      );
      report(`held out on set ${testRows[0]!.set}`, scored, [
        ['as returned', asReturned],
        ['re-ordered', reordered],
        ...stops,
        ['(bound: same notes, best order)', bestOrder],
      ]);
    }
  }
}

main();
