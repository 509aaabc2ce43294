/**
 * Document vectors from the learned model (search-index/expansions.ts), for a `knn`
 * expansion: notes whose wording the model puts near the query's, whether or not they share
 * a word with it.
 *
 * A note's vector is the SIF-weighted mean (Arora et al. 2017: weight a / (a + p(w)),
 * a = 1e-3, p(w) the word's share of the model's training tokens) of the live model's word
 * vectors over its tokens, tokenised as the model was trained (`trainingLine`: lower case,
 * each compound followed by its parts, so "alkoholbruk" counts as alkohol and bruk too),
 * function words left out, unit length, rounded to 4 decimals (the bulk request stays small;
 * cosines move by less than 1e-3). Stored beside the name of the model that made it
 * (Elasticsearch `vector` dense_vector + `vectorModel` keyword; PostgreSQL `vector real[]` +
 * `vector_model`, migration 008). No model (or knn off): no vector, field absent. A query uses
 * only vectors of the live model (a retrained model's space is another one); the backends'
 * `reembed` pass rewrites the others in the background. The embedder also hands out the live
 * model's concept directions, with which the indexer tags each note (search-index/enrich.ts,
 * concepts.ts conceptTags); `classifierOption` turns them into the query's `classifier:<C>`.
 *
 * Word vectors are cached per model (a Map), so indexing does one n-gram sum per distinct word.
 */
import { STOP_WORDS, type BuildOptions } from './query';
import { RECALL_TARGETS, usesTagger, type ConceptDirections } from './concepts';
import type { SearchQuery, SearchResponse } from './types';
import { trainingLine, type LearnedExpansions, type ModelVectors } from './expansions';

export interface KnnSettings {
  /** Store document vectors and add the `knn` expansion (HELSESPOR_KNN=1). */
  enabled: boolean;
  /**
   * At most this many notes match (PostgreSQL LIMIT; Elasticsearch knn `k`). Elasticsearch's knn
   * query over the `flat` index is exact and returns every vector in the filter that reaches
   * `similarity`, whatever k and num_candidates say (found on tuning set 2: k 50, 5 and
   * num_candidates 5 each gave 199 notes), so the default is high enough for PostgreSQL to do
   * the same: the bar decides, on both backends.
   */
  k: number;
  /** Least cosine similarity of a note's vector to the query vector. */
  similarity: number;
  /** Weight of a kNN match: (1 + cosine) / 2 × boost on Elasticsearch, cosine × boost on PostgreSQL: below a word match. */
  boost: number;
  /** PostgreSQL: no kNN when the caller's scope holds more vectors than this (exact cosine in SQL). */
  maxScope: number;
  /**
   * Rocchio: the query vector is mixed with the mean vector of the top `rocchioDocs` hits of
   * the search without kNN, weighted `rocchio` (0: the query words' vector alone).
   */
  rocchio: number;
  rocchioDocs: number;
  /**
   * Learned concept directions (search-index/concepts.ts): a query naming a vocabulary concept
   * gets `classifier:<concept>` (HELSESPOR_CLASSIFIER=1), needs document vectors (enabled).
   */
  classifier: boolean;
  /** Which stored threshold the classifier uses: the cross-validated recall target (0.7, 0.8, 0.9, 0.95, 0.98). */
  classifierRecall: number;
  /**
   * Weight of a classifier match at its strictest tier (a note tagged only at the query's
   * recall target weighs a share of it), as knn's boost: below a word match.
   */
  classifierBoost: number;
  /**
   * 'all' (default): every search; 'person': only for a search limited to persons
   * (Patient.search, or a caller whose reach is some persons). With the query-time dense
   * direction, 'all' flooded (third tuning set: a concept query returned 40 % of the notes);
   * with the lexical tagger at index time, held out on the third tuning set, 'all' raised
   * listed-topic recall from 0.77 to 0.90 at a P@20 of 0.58 against 0.63 (subgraphs/search/README.md).
   */
  classifierScope: 'person' | 'all';
  /**
   * kNN also for a query that names a concept (HELSESPOR_KNN_CONCEPTS), its query vector moved
   * towards the concepts' centroids (no Rocchio search): 'person' only for a search limited to
   * persons (as classifierScope), 'all' for every search, 'off' never.
   */
  concepts: 'off' | 'person' | 'all';
}

export const DEFAULT_KNN: KnnSettings = {
  enabled: false,
  k: 1000,
  similarity: 0.65,
  boost: 0.5,
  maxScope: 20_000,
  rocchio: 1,
  rocchioDocs: 10,
  classifier: false,
  classifierRecall: 0.98,
  classifierBoost: 3,
  classifierScope: 'all',
  concepts: 'off',
};

export const SIF_A = 1e-3;
/** After a finished re-embed pass, the next looks for stale vectors again no sooner than this. */
export const REEMBED_RESCAN_MS = 60_000;
const STOP = new Set(STOP_WORDS);
const CACHE_MAX = 200_000;
/** As trainingLine tokenises (search-index/expansions.ts). */
const TOKEN = /[\p{L}\p{N}]+/gu;

export interface Embedded {
  /** Unit length; null when no word of the text has a vector. */
  vector: number[] | null;
  /** The model that made it. */
  model: string;
}

export interface Embedder {
  /** The live model's vectors (null: no model, or knn off). */
  model(): ModelVectors | null;
  /** The text's vector by the given (default: the live) model; null without a model. */
  embed(text: string, model?: ModelVectors | null): Embedded | null;
  /** The live model's concept directions (search-index/concepts.ts), for the concept tags; null without, or with tagging off. */
  concepts(): ConceptDirections | null;
}

const useful = (w: string) => w.length >= 2 && /\p{L}/u.test(w) && !STOP.has(w);

/**
 * @param enabled  document vectors (knn on)
 * @param tagging  index-time concept tags too (the classifier expansion on: HELSESPOR_CLASSIFIER,
 *   1 by default): with it off no query reads them, and tagging is the larger part of the
 *   indexer's per-note work; switched on later, the backends' re-embed pass tags what was
 *   written without.
 */
export function documentEmbedder(
  learned: LearnedExpansions | undefined,
  enabled: boolean,
  tagging = enabled,
): Embedder {
  let cacheOf: string | null = null;
  /**
   * Per word of the text: the weighted vectors of the tokens `trainingLine` makes of it (the
   * word and, for a compound, its parts; function words left out) summed, or null. One lookup
   * per word: indexing does no n-gram sums and no compound splitting for a word seen before.
   */
  const cache = new Map<string, Float32Array | null>();
  let sum = new Float64Array(0);
  const model = () => (enabled && learned ? learned.vectors() : null);
  const entry = (m: ModelVectors, word: string): Float32Array | null => {
    let out: Float32Array | null = null;
    for (const w of trainingLine(word)) {
      if (!useful(w)) continue;
      const weight = SIF_A / (SIF_A + m.prob(w));
      const v = m.vector(w);
      out ??= new Float32Array(m.dim);
      for (let k = 0; k < m.dim; k++) out[k]! += v[k]! * weight;
    }
    return out;
  };
  return {
    model,
    concepts: () => (enabled && tagging && learned ? learned.concepts() : null),
    embed(text, m = model()) {
      if (!m) return null;
      if (cacheOf !== m.name || cache.size > CACHE_MAX) {
        cache.clear();
        cacheOf = m.name;
      }
      const dim = m.dim;
      // One sum per embedder, zeroed per text: a new typed array per note was a fresh
      // off-heap buffer each time (bench/indexer-cpu.ts).
      if (sum.length !== dim) sum = new Float64Array(dim);
      else sum.fill(0);
      let any = false;
      for (const w of text.toLowerCase().match(TOKEN) ?? []) {
        let v = cache.get(w);
        if (v === undefined) {
          v = entry(m, w);
          cache.set(w, v);
        }
        if (!v) continue;
        for (let k = 0; k < dim; k++) sum[k]! += v[k]!;
        any = true;
      }
      if (!any) return { vector: null, model: m.name };
      let norm = 0;
      for (let k = 0; k < m.dim; k++) norm += sum[k]! * sum[k]!;
      norm = Math.sqrt(norm);
      if (!norm) return { vector: null, model: m.name };
      // A plain loop: Array.from with a mapping function took as long as the sums above. Pushed,
      // not `new Array(dim)`: an array with holes is slower for JSON.stringify.
      const vector: number[] = [];
      for (let k = 0; k < dim; k++) vector.push(Math.round((sum[k]! / norm) * 1e4) / 1e4);
      return { vector, model: m.name };
    },
  };
}

/** The query's vector, when knn is on, not switched off and a model is live. */
export function knnQuery(
  embedder: Embedder,
  q: { query: string; expand?: boolean; disabled?: string[] },
): { vector: number[]; model: string; name: string } | null {
  const name = knnName(q.query);
  if (q.expand === false || q.disabled?.some((d) => d === 'knn' || d === name)) return null;
  const e = embedder.embed(q.query);
  return e?.vector ? { vector: e.vector, model: e.model, name } : null;
}

export const knnName = (query: string) => `knn:${query.trim().toLowerCase().replace(/\s+/g, ' ')}`;

/** normalise(query + beta × mean of `towards`), rounded as stored vectors are. */
function moveTowards(query: number[], towards: number[][], beta: number): number[] {
  const out = query.map((x, k) => x + (beta * towards.reduce((s, h) => s + (h[k] ?? 0), 0)) / towards.length);
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => Math.round((x / norm) * 1e4) / 1e4);
}

/**
 * The query vector moved towards what the words found (Rocchio): normalise(q + beta × mean of
 * the hits' vectors). Fewer than two hits with a vector: the query vector as it was.
 */
export function rocchio(query: number[], hits: number[][], beta: number): number[] {
  if (beta <= 0 || hits.length < 2) return query;
  return moveTowards(query, hits, beta);
}

/**
 * The centroids (search-index/concepts.ts `centroid`: the mean document vector of a concept's
 * labelled positives) of the named concepts, from the live model's concepts.json; only those
 * trained on `model`'s vectors.
 */
export function conceptCentroids(
  learned: LearnedExpansions | undefined,
  concepts: string[],
  model: string,
): number[][] {
  const directions = learned?.concepts();
  if (!directions || directions.model !== model) return [];
  return directions.concepts
    .filter((c) => concepts.includes(c.concept) && c.centroid?.length)
    .map((c) => c.centroid!);
}

/**
 * The knn expansion's query vector for a search, or null (knn off, switched off, no model, or
 * a query that names a concept while `concepts` is off). With Rocchio on, the query vector is
 * moved towards relevant notes: for a query that names concepts, towards the concepts'
 * centroids from the labelled examples (no extra search: supervised Rocchio); otherwise one more
 * search without kNN gives the hits whose vectors (`vectorsOf`, by the same model) pull it.
 */
export async function knnVector(
  embedder: Embedder,
  settings: KnnSettings,
  q: SearchQuery,
  namedConcepts: () => string[],
  search: (q: SearchQuery) => Promise<SearchResponse>,
  vectorsOf: (ids: string[], model: string) => Promise<number[][]>,
  opts: {
    /** Whether the Rocchio search is worth running (PostgreSQL: the scope is within its kNN bound). */
    rocchioWorthIt?: (model: string) => Promise<boolean>;
    /** The named concepts' centroids by `model` (conceptCentroids). */
    centroidsOf?: (concepts: string[], model: string) => number[][];
  } = {},
): Promise<{ vector: number[]; model: string; name: string } | null> {
  if (!settings.enabled) return null;
  const named = namedConcepts();
  if (named.length && (settings.concepts === 'off' || (settings.concepts === 'person' && !personScoped(q))))
    return null;
  const v = knnQuery(embedder, q);
  if (!v || settings.rocchio <= 0) return v;
  if (named.length) {
    const c = opts.centroidsOf?.(named, v.model) ?? [];
    return c.length ? { ...v, vector: moveTowards(v.vector, c, settings.rocchio) } : v;
  }
  if (opts.rocchioWorthIt && !(await opts.rocchioWorthIt(v.model))) return v;
  const top = await search({
    ...q,
    // The words' own top hits: no vector-only match (knn, classifier) moves the query vector.
    disabled: [...(q.disabled ?? []), 'knn', 'classifier'],
    first: settings.rocchioDocs,
    after: undefined,
    pages: false,
    elusion: undefined,
    suggest: false,
    termReport: false,
    highlight: false,
  });
  if (top.hits.length < 2) return v;
  return {
    ...v,
    vector: rocchio(
      v.vector,
      await vectorsOf(
        top.hits.map((h) => h.id),
        v.model,
      ),
      settings.rocchio,
    ),
  };
}

/**
 * The classifier expansion's option for buildQuery: which concepts have a live direction at the
 * configured recall target (the notes carry their tags from index time), and the tiers from
 * that target to the strictest (undefined: classifier off, knn off, or no directions).
 */
export function classifierOption(
  settings: KnnSettings,
  learned: LearnedExpansions | undefined,
  q: SearchQuery,
): BuildOptions['classifier'] {
  if (!settings.enabled || !settings.classifier || !learned) return undefined;
  if (settings.classifierScope === 'person' && !personScoped(q)) return undefined;
  const directions = learned.concepts();
  const live = learned.vectors()?.name;
  if (!directions || directions.model !== live) return undefined;
  return {
    uses: (concept) => usesTagger(directions, concept, settings.classifierRecall),
    // From the query's recall target to the strictest: a note tagged at a stricter tier ranks higher.
    tiers: RECALL_TARGETS.filter((t) => t <= settings.classifierRecall).reverse(),
    boost: settings.classifierBoost,
  };
}

/** Whether the search is limited to some persons: its own filter, or every grant of the caller's reach. */
export function personScoped(q: SearchQuery): boolean {
  if (q.patientIds?.length || q.nationalIds?.length) return true;
  return (
    !!q.scope?.grants?.length && q.scope.grants.every((g) => g.patientIds.length || g.nationalIds.length)
  );
}
