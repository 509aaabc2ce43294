/**
 * Learned query expansion: fastText subword embeddings trained on the indexed notes, so that
 * a query word nobody put in the vocabulary still finds notes that say it in other words
 * ("tannhelse" → tannlege, tannpuss, munnstell, gebisset). fastText (Debian `fasttext` 0.9.2,
 * installed by scripts/services.sh) builds each word's vector from its character n-grams
 * too, so compounds, inflections and misspellings it never saw still get a vector.
 *
 * Training (`trainExpansions`, CLI `train-expansions`, and the stack's trainer when enough
 * new notes have been indexed): the notes' text, tokenised like the index (lower case,
 * letters and digits; a compound's parts after it, from search-index/decompound.ts), one
 * note per line, goes to `fasttext skipgram`. Then, so that a query costs no model work, the
 * neighbour list of every frequent word (cosine similarity, best first) is computed once and
 * written beside the model with each word's document frequency. Files, in the expansions
 * directory (config.expansionsDir, HELSESPOR_EXPANSIONS_DIR; default .data/expansions):
 *   model-<time>/model.bin        the fastText model (its n-gram vectors serve words it never saw)
 *   model-<time>/neighbours.json  { docs, words: { <word>: { df, n: [[neighbour, similarity]] } } }
 *   current                       the name of the live model directory (replaced atomically)
 * Older model directories are removed after a new one goes live.
 *
 * Query time (`openExpansions`): a word in the neighbour lists is looked up; any other word
 * gets its vector from its character n-grams (the .bin's bucket rows, hashed as fastText
 * does) and its neighbours by one pass over the frequent words' vectors (cached). A
 * neighbour counts when its similarity is at least `minSimilarity`, it is no function word
 * and it is in at most `maxDocShare` of the notes (a word in every other note says nothing).
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { log } from '../lib/log';
import { decompounder } from './decompound';
import { STOP_WORDS } from './query';
import {
  CONCEPT_EXAMPLES_FILE,
  CONCEPTS_FILE,
  readConceptExamples,
  type ConceptExamples,
  writeConceptDirections,
  type ConceptDirections,
} from './concepts';
import { loadVocabulary } from './vocabulary';

export interface TrainOptions {
  dim?: number;
  epoch?: number;
  /** Context window (words either side): notes are short, so most of a note. */
  window?: number;
  minCount?: number;
  /** Hash buckets for character n-grams (the .bin holds bucket × dim floats). */
  bucket?: number;
  threads?: number;
  /** Neighbours stored per word. */
  keep?: number;
  /** Most frequent words that get a neighbour list (and are candidates as neighbours). */
  maxWords?: number;
  /** Seconds the fastText run may take. */
  timeoutSeconds?: number;
  /** Aborting stops the fastText run (the stack stops its trainer so). */
  signal?: AbortSignal;
  /**
   * Labelled examples for the concept directions (search-index/concepts.ts), trained with the
   * new model and stored beside it; default the committed search-index/concept-examples.json
   * (HELSESPOR_CONCEPT_EXAMPLES), null for none.
   */
  conceptExamples?: string | null;
}

export interface TrainResult {
  dir: string;
  docs: number;
  tokens: number;
  words: number;
  ms: number;
}

const DEFAULTS: Required<Omit<TrainOptions, 'signal' | 'conceptExamples'>> = {
  dim: 64,
  epoch: 25,
  window: 8,
  minCount: 2,
  bucket: 100_000,
  threads: 2,
  keep: 30,
  maxWords: 20_000,
  timeoutSeconds: 1800,
};
const STOP = new Set(STOP_WORDS);
const TOKEN = /[\p{L}\p{N}]+/gu;
/** Lowest similarity stored in the neighbour lists (the query-time threshold may be higher). */
const STORE_MIN = 0.35;

/** A note as training text: lower-case tokens, each compound followed by its parts. */
export function trainingLine(text: string): string[] {
  const dc = decompounder();
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    const w = m[0];
    out.push(w);
    if (w.length >= 7 && /^\p{L}+$/u.test(w)) out.push(...dc.split(w));
  }
  return out;
}

const candidate = (w: string) => w.length >= 3 && /^\p{L}+$/u.test(w) && !STOP.has(w);

/** Trains a model on the texts and makes it the live one in `dir`. */
export async function trainExpansions(
  texts: AsyncIterable<string> | Iterable<string>,
  dir: string,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const o = { ...DEFAULTS, ...options };
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const name = `model-${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}`;
  const work = join(dir, `${name}.tmp`);
  mkdirSync(work, { recursive: true });
  try {
    const corpus = join(work, 'corpus.txt');
    const out = createWriteStream(corpus);
    const df = new Map<string, number>();
    let docs = 0;
    let tokens = 0;
    for await (const text of texts) {
      const line = trainingLine(text);
      if (!line.length) continue;
      docs++;
      tokens += line.length;
      for (const w of new Set(line)) df.set(w, (df.get(w) ?? 0) + 1);
      if (!out.write(line.join(' ') + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    if (docs < 20) throw new Error(`too few notes to learn from (${docs}; at least 20)`);
    await run(
      'fasttext',
      [
        'skipgram',
        ...['-input', corpus, '-output', join(work, 'model')],
        ...['-dim', o.dim, '-ws', o.window, '-epoch', o.epoch, '-minCount', o.minCount],
        ...['-minn', 3, '-maxn', 5, '-neg', 5, '-bucket', o.bucket, '-thread', o.threads, '-verbose', 0].map(
          String,
        ),
      ].map(String),
      o.timeoutSeconds * 1000,
      o.signal,
    );
    rmSync(corpus);
    rmSync(join(work, 'model.vec'), { force: true });
    const model = readFastTextModel(join(work, 'model.bin'));
    const words = model.words
      .map((w, i) => ({ w, i, c: model.counts[i]! }))
      .filter((x) => candidate(x.w))
      .sort((a, b) => b.c - a.c || (a.w < b.w ? -1 : 1))
      .slice(0, o.maxWords);
    const vecs = words.map((x) => model.wordVector(x.w));
    const lists: Record<string, { df: number; n: [string, number][] }> = {};
    const dim = model.dim;
    for (let a = 0; a < words.length; a++) {
      // The trainer runs inside the stack: let requests through between rows, and stop when asked.
      if (a % 20 === 19) {
        await new Promise((r) => setImmediate(r));
        if (o.signal?.aborted) throw new Error('training stopped');
      }
      const best: [number, number][] = [];
      const va = vecs[a]!;
      for (let b = 0; b < words.length; b++) {
        if (a === b) continue;
        const vb = vecs[b]!;
        let s = 0;
        for (let k = 0; k < dim; k++) s += va[k]! * vb[k]!;
        if (s < STORE_MIN) continue;
        if (best.length < o.keep) best.push([b, s]);
        else if (s > best[best.length - 1]![1]) best[best.length - 1] = [b, s];
        else continue;
        best.sort((x, y) => y[1] - x[1]);
      }
      lists[words[a]!.w] = {
        df: df.get(words[a]!.w) ?? 0,
        n: best.map(([b, s]) => [words[b]!.w, Math.round(s * 1000) / 1000]),
      };
    }
    writeFileSync(
      join(work, 'neighbours.json'),
      JSON.stringify({ version: 1, trainedAt: new Date().toISOString(), docs, tokens, dim, words: lists }),
    );
    await trainConceptsFor(work, name, model, options.conceptExamples, options.signal);
    renameSync(work, join(dir, name));
    // The pointer is replaced atomically: a reader sees the old model or the new one.
    writeFileSync(join(dir, 'current.tmp'), name);
    renameSync(join(dir, 'current.tmp'), join(dir, 'current'));
    for (const d of readdirSync(dir))
      if (d.startsWith('model-') && d !== name && !d.endsWith('.tmp'))
        rmSync(join(dir, d), { recursive: true, force: true });
    // Trained on the corpus read after the removal that made the old model stale: no longer stale.
    const stale = expansionsStaleSince(dir);
    if (stale && stale.getTime() <= started) {
      rmSync(join(dir, STALE_FILE), { force: true });
      log.info(
        { staleSince: stale.toISOString() },
        'learned expansions retrained after a removal from the index',
      );
    }
    const result = { dir: join(dir, name), docs, tokens, words: words.length, ms: Date.now() - started };
    log.info({ docs, tokens, words: words.length, ms: result.ms }, 'learned expansions trained');
    return result;
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

function run(cmd: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('training stopped'));
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    signal?.addEventListener('abort', () => p.kill('SIGKILL'), { once: true });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('fasttext is not installed (bash scripts/services.sh tools installs it)')
          : e,
      );
    });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(`fasttext failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').pop() ?? ''}`),
        );
    });
  });
}

/**
 * The concept directions of a model (search-index/concepts.ts): trained on the labelled
 * examples with the model's own document vectors, written as concepts.json in its directory.
 * No examples file: none (the classifier expansion then has nothing to run).
 */
async function trainConceptsFor(
  modelDir: string,
  name: string,
  model: FastTextModel,
  examples?: string | null,
  signal?: AbortSignal,
): Promise<void> {
  const path =
    examples === undefined ? process.env.HELSESPOR_CONCEPT_EXAMPLES || CONCEPT_EXAMPLES_FILE : examples;
  if (!path || !existsSync(path)) return;
  let read: ConceptExamples;
  try {
    read = readConceptExamples(path);
  } catch (e) {
    // A bad examples file costs the classifier, not the model: the words' neighbours still go live.
    log.warn({ path, err: (e as Error).message }, 'concept examples unreadable: no concept directions');
    return;
  }
  await writeConceptDirections(modelDir, modelVectorsOf(name, model), read, loadVocabulary().keys(), signal);
}

/**
 * Trains the concept directions of the live model in `dir` anew from an examples file (CLI
 * `train-concepts`, after reviewers marked notes): the running search rooms read the new
 * concepts.json within seconds. No fastText run.
 */
export async function trainLiveConcepts(
  dir: string,
  examples = CONCEPT_EXAMPLES_FILE,
): Promise<ConceptDirections> {
  const name = readFileSync(join(dir, 'current'), 'utf8').trim();
  const ft = readFastTextModel(join(dir, name, 'model.bin'));
  return writeConceptDirections(
    join(dir, name),
    modelVectorsOf(name, ft),
    readConceptExamples(examples),
    loadVocabulary().keys(),
  );
}

/** A model's word vectors and word probabilities, for document vectors. */
export function modelVectorsOf(name: string, ft: FastTextModel): ModelVectors {
  let total = 0;
  for (const c of ft.counts) total += c;
  const counts = new Map(ft.words.map((w, i) => [w, ft.counts[i]!]));
  return {
    name,
    dim: ft.dim,
    vector: (w) => ft.wordVector(w),
    prob: (w) => (counts.get(w) ?? 0) / (total || 1),
  };
}

// ------------------------------------------------------------------ the fastText .bin format

export interface FastTextModel {
  dim: number;
  words: string[];
  counts: number[];
  /** A word's vector as fastText computes it (its own row, if any, and its n-grams), unit length. */
  wordVector(word: string): Float32Array;
}

/** FNV-1a as fastText 0.9.2 hashes (bytes read as signed chars). */
function ftHash(bytes: Buffer): number {
  let h = 2166136261;
  for (const b of bytes) {
    h = (h ^ (b >= 128 ? (b | 0xffffff00) >>> 0 : b)) >>> 0;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** Reads a fastText 0.9.2 model (unquantised): arguments, dictionary and the input matrix. */
export function readFastTextModel(path: string): FastTextModel {
  const buf = readFileSync(path);
  let o = 0;
  const i32 = () => ((o += 4), buf.readInt32LE(o - 4));
  const i64 = () => ((o += 8), Number(buf.readBigInt64LE(o - 8)));
  if (i32() !== 793712314) throw new Error(`${path}: not a fastText model`);
  const version = i32();
  if (version !== 12) throw new Error(`${path}: fastText model version ${version}, expected 12`);
  const [dim, , , , , , , , bucket, minn, maxn] = Array.from({ length: 12 }, i32) as number[];
  o += 8; // t (double)
  const size = i32();
  const nwords = i32();
  i32(); // nlabels
  i64(); // ntokens
  const pruneidx = i64();
  const words: string[] = [];
  const counts: number[] = [];
  for (let k = 0; k < size; k++) {
    const end = buf.indexOf(0, o);
    words.push(buf.toString('utf8', o, end));
    o = end + 1;
    counts.push(i64());
    o += 1; // entry type
  }
  if (pruneidx > 0) throw new Error(`${path}: pruned (quantised) models are not supported`);
  if (buf[o++]) throw new Error(`${path}: quantised models are not supported`);
  const m = i64();
  const n = i64();
  if (n !== dim || m !== nwords + bucket!) throw new Error(`${path}: unexpected matrix ${m}×${n}`);
  // A copy, aligned: the model's rows as one Float32Array.
  const matrix = new Float32Array(buf.buffer.slice(buf.byteOffset + o, buf.byteOffset + o + m * n * 4));
  const ids = new Map(words.map((w, k) => [w, k]));

  const subwords = (word: string): number[] => {
    const w = Buffer.from(`<${word}>`, 'utf8');
    const out: number[] = [];
    for (let a = 0; a < w.length; a++) {
      if ((w[a]! & 0xc0) === 0x80) continue;
      for (let j = a, len = 1; j < w.length && len <= maxn!; len++) {
        j++;
        while (j < w.length && (w[j]! & 0xc0) === 0x80) j++;
        if (len >= minn! && !(len === 1 && (a === 0 || j === w.length)))
          out.push(nwords + (ftHash(w.subarray(a, j)) % bucket!));
      }
    }
    return out;
  };

  return {
    dim: dim!,
    words: words.slice(0, nwords),
    counts: counts.slice(0, nwords),
    wordVector(word: string) {
      const rows = subwords(word);
      const id = ids.get(word);
      if (id !== undefined && id < nwords) rows.unshift(id);
      const v = new Float32Array(dim!);
      for (const r of rows) for (let k = 0; k < dim!; k++) v[k]! += matrix[r * dim! + k]!;
      let norm = 0;
      for (let k = 0; k < dim!; k++) norm += v[k]! * v[k]!;
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < dim!; k++) v[k]! /= norm;
      return v;
    },
  };
}

// ------------------------------------------------------------------ query time

export interface Neighbour {
  word: string;
  similarity: number;
}

export interface ExpansionSettings {
  /** Least cosine similarity for a neighbour to count. */
  minSimilarity: number;
  /** Most neighbours per query word. */
  max: number;
  /** A neighbour in more than this share of the notes is left out. */
  maxDocShare: number;
}

export const DEFAULT_EXPANSION_SETTINGS: ExpansionSettings = {
  minSimilarity: 0.6,
  max: 30,
  maxDocShare: 0.05,
};

/**
 * The file in the expansions directory that says the live model is older than a removal from
 * the index (helsepersonelloven § 43: a deleted note's words must be gone): written by the
 * stack's trainer when the indexer removes documents (trainer.ts `removed`), removed when a
 * model trained on the corpus after it goes live. Its content: the time of the removal.
 */
export const STALE_FILE = 'stale';

/** Marks the live model of `dir` stale (STALE_FILE); false when there is no live model. */
export function markExpansionsStale(dir: string, at = new Date()): boolean {
  if (!existsSync(join(dir, 'current'))) return false;
  writeFileSync(join(dir, `${STALE_FILE}.tmp`), at.toISOString());
  renameSync(join(dir, `${STALE_FILE}.tmp`), join(dir, STALE_FILE));
  return true;
}

/** When the live model of `dir` was marked stale, or null (STALE_FILE). */
export function expansionsStaleSince(dir: string): Date | null {
  try {
    const t = new Date(readFileSync(join(dir, STALE_FILE), 'utf8').trim());
    return Number.isNaN(t.getTime()) ? new Date(0) : t;
  } catch {
    return null;
  }
}

export interface LearnedExpansions {
  /** The learned neighbours of a lower-case query word, best first ([] without a model). */
  neighbours(word: string): Neighbour[];
  /** The live model's directory, or null. */
  current(): string | null;
  /**
   * Whether the live model is older than a removal from the index (STALE_FILE): its neighbour
   * lists may name words only a deleted note held (live-neighbours.ts checks them against the
   * index until a retrained model is live). Looked at on every call (one stat).
   */
  stale(): boolean;
  /** Cosine similarity of `word` to each of `others` (the model's n-gram vectors; [] without a model). */
  similarity(word: string, others: string[]): number[];
  /**
   * Whether the model saw the word (or, for a stem, a word it begins) often enough to list its
   * neighbours (false without a model).
   */
  knows(word: string): boolean;
  /** The live model's word vectors, for document vectors (search-index/vectors.ts); null without a model. */
  vectors(): ModelVectors | null;
  /**
   * The live model's concept directions (search-index/concepts.ts, its concepts.json; reread
   * when the file changes, as `train-concepts` rewrites it); null when it has none.
   */
  concepts(): ConceptDirections | null;
}

/** A model's word vectors and word probabilities (from its word counts), named by the model. */
export interface ModelVectors {
  /** The model directory's name (model-<time>-<pid>): documents carry it beside their vector. */
  name: string;
  dim: number;
  /** Unit-length word vector (n-grams for a word the model never saw). */
  vector(word: string): Float32Array;
  /** The word's share of the training tokens (0 for a word the model never saw). */
  prob(word: string): number;
}

interface Loaded {
  name: string;
  docs: number;
  words: Record<string, { df: number; n: [string, number][] }>;
  model?: { ft: FastTextModel; vocab: string[]; vecs: Float32Array[] };
  cache: Map<string, Neighbour[]>;
  known?: Map<string, boolean>;
  vectors?: ModelVectors;
  concepts?: { mtime: number; checked: number; value: ConceptDirections | null };
}

/**
 * The live model of `dir`, reloaded when the trainer replaces it (the pointer file is looked
 * at no more than every `checkEveryMs`). No model yet: no neighbours.
 */
export function openExpansions(
  dir: string | undefined,
  settings: Partial<ExpansionSettings> = {},
  checkEveryMs = 5000,
): LearnedExpansions {
  const s = { ...DEFAULT_EXPANSION_SETTINGS, ...settings };
  let loaded: Loaded | null = null;
  let checked = 0;
  let pointerMtime = 0;

  const refresh = () => {
    if (!dir || Date.now() - checked < checkEveryMs) return;
    checked = Date.now();
    const pointer = join(dir, 'current');
    try {
      const mtime = statSync(pointer).mtimeMs;
      if (loaded && mtime === pointerMtime) return;
      const name = readFileSync(pointer, 'utf8').trim();
      if (loaded?.name === name) return;
      const file = JSON.parse(readFileSync(join(dir, name, 'neighbours.json'), 'utf8')) as {
        docs: number;
        words: Loaded['words'];
      };
      loaded = { name, docs: file.docs, words: file.words, cache: new Map() };
      pointerMtime = mtime;
      log.info({ model: name, words: Object.keys(file.words).length }, 'learned expansions loaded');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn(
          { err: (err as Error).message },
          'learned expansions could not be loaded; keeping the previous',
        );
    }
  };

  const modelOf = (l: Loaded): Loaded['model'] | undefined => {
    if (!l.model) {
      const path = join(dir!, l.name, 'model.bin');
      if (!existsSync(path)) return undefined;
      const ft = readFastTextModel(path);
      const vocab = Object.keys(l.words);
      l.model = { ft, vocab, vecs: vocab.map((w) => ft.wordVector(w)) };
    }
    return l.model;
  };

  /** Neighbours of a word the lists do not have, from its character n-grams. */
  const outOfVocabulary = (l: Loaded, word: string): [string, number][] => {
    const model = modelOf(l);
    if (!model) return [];
    const { ft, vocab, vecs } = model;
    const v = ft.wordVector(word);
    const best: [string, number][] = [];
    for (let b = 0; b < vocab.length; b++) {
      const vb = vecs[b]!;
      let sim = 0;
      for (let k = 0; k < ft.dim; k++) sim += v[k]! * vb[k]!;
      if (sim >= s.minSimilarity) best.push([vocab[b]!, sim]);
    }
    return best.sort((a, b) => b[1] - a[1]).slice(0, 4 * s.max);
  };

  return {
    current: () => {
      refresh();
      return loaded ? join(dir!, loaded.name) : null;
    },
    stale: () => !!dir && existsSync(join(dir, STALE_FILE)),
    knows(word: string): boolean {
      refresh();
      const l = loaded;
      if (!l) return false;
      if (l.words[word]) return true;
      // A stem (the PostgreSQL backend's lexemes) counts when the model knows a word it begins.
      const k = l.known ?? (l.known = new Map());
      let hit = k.get(word);
      if (hit === undefined) {
        hit =
          word.length >= 4 &&
          Object.keys(l.words).some((w) => w.startsWith(word) && w.length <= word.length + 4);
        if (k.size > 5000) k.clear();
        k.set(word, hit);
      }
      return hit;
    },
    vectors(): ModelVectors | null {
      refresh();
      const l = loaded;
      const model = l && modelOf(l);
      if (!l || !model) return null;
      l.vectors ??= modelVectorsOf(l.name, model.ft);
      return l.vectors;
    },
    concepts(): ConceptDirections | null {
      refresh();
      const l = loaded;
      if (!l) return null;
      const c = l.concepts;
      if (c && Date.now() - c.checked < checkEveryMs) return c.value;
      const path = join(dir!, l.name, CONCEPTS_FILE);
      let mtime = 0;
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        l.concepts = { mtime: 0, checked: Date.now(), value: null };
        return null;
      }
      if (c && c.mtime === mtime) {
        c.checked = Date.now();
        return c.value;
      }
      try {
        const value = JSON.parse(readFileSync(path, 'utf8')) as ConceptDirections;
        l.concepts = { mtime, checked: Date.now(), value: value.model === l.name ? value : null };
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'concept directions could not be loaded');
        l.concepts = { mtime, checked: Date.now(), value: c?.value ?? null };
      }
      return l.concepts.value;
    },
    similarity(word: string, others: string[]): number[] {
      refresh();
      const model = loaded && modelOf(loaded);
      if (!model) return [];
      const v = model.ft.wordVector(word);
      return others.map((o) => {
        const u = model.ft.wordVector(o);
        let sim = 0;
        for (let k = 0; k < model.ft.dim; k++) sim += v[k]! * u[k]!;
        return Math.round(sim * 1000) / 1000;
      });
    },
    neighbours(word: string): Neighbour[] {
      refresh();
      const l = loaded;
      if (!l || word.length < 3 || !/^\p{L}+$/u.test(word)) return [];
      const hit = l.cache.get(word);
      if (hit) return hit;
      const raw = l.words[word]?.n ?? outOfVocabulary(l, word);
      const out = raw
        .filter(
          ([w, sim]) =>
            sim >= s.minSimilarity &&
            w !== word &&
            candidate(w) &&
            (l.words[w]?.df ?? 0) <= s.maxDocShare * l.docs,
        )
        .slice(0, s.max)
        .map(([w, sim]) => ({ word: w, similarity: Math.round(sim * 1000) / 1000 }));
      if (l.cache.size > 5000) l.cache.clear();
      l.cache.set(word, out);
      return out;
    },
  };
}
