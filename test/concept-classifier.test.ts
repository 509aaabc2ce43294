/**
 * Learned concept directions (search-index/concepts.ts), against real Elasticsearch,
 * PostgreSQL and PGlite: the direction of a vocabulary concept is trained with the model on
 * labelled examples and stored beside it (concepts.json); every note is tagged with it at
 * index time (`<concept>@<recall target>`, with the classifier's id), and a query naming the
 * concept finds a note that shares no vocabulary word with it through `classifier:<concept>`,
 * a filter on the stored tags, below the word matches, named in matchedExpansions and the
 * term report and switchable; the policy scope applies as to any clause of the filtered
 * query, so a restricted caller never gets another patient's note through it; a researcher
 * gets none. After `train-concepts` (a new classifier id) the re-embed pass re-tags, and an
 * index written before the tags existed keeps working and gets tagged by the same pass.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { prng } from '../lib/prng';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { loadDemoData } from '../dev/demo';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
} from '../dev/services';
import { createPgliteDb, type Db } from '../lib/db';
import { migrate } from '../lib/migrate';
import { startStack, type Stack } from '../scripts/stack';
import {
  conceptScores,
  conceptsId,
  conceptTags,
  fitLogistic,
  noteFeatures,
  RECALL_TARGETS,
  usesTagger,
  type Tagger,
  type ConceptDirections,
  type ConceptExamples,
} from '../search-index/concepts';
import { useDictionary } from '../search-index/decompound';
import { aliasName, indexName, indexTemplate } from '../search-index/definition';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import {
  openExpansions,
  trainExpansions,
  trainLiveConcepts,
  type LearnedExpansions,
} from '../search-index/expansions';
import { createPostgresBackend } from '../search-index/postgres';
import type { IndexDocument, SearchBackend } from '../search-index/types';
import { DEFAULT_KNN, type KnnSettings } from '../search-index/vectors';
import { loadConfig } from '../lib/config';

jest.setTimeout(300_000);

let dir: string;
let examplesFile: string;
let learned: LearnedExpansions;

/** Notes that use the words of a fall without telling one (tempting negatives, weighing double). */
const TEMPTING = [
  'Fallrisiko vurdert i dag: lav. Går stødig med rullator, ingen fall siste halvår.',
  'Blodsukkeret falt litt før lunsj, fikk juice og brødskive. Målt på nytt etter en time.',
  'Temperaturen falt utover kvelden, nå 37,2. Drikker godt.',
  'Snakket om fallforebygging med datteren, hun vil ha brodder til vinteren.',
  'Vekten har falt med to kilo siden forrige måned, ernæringsplan oppdatert.',
  'Det falt seg naturlig å ta en prat om pårørendemøtet i kveld.',
  'Falt i søvn i stolen etter middag, sov til kveldsmaten.',
  'Blodtrykket falt etter justert dose, 128/80 i dag.',
];

/** Labelled examples: generated fall notes against notes of other everyday topics and tempting ones. */
function examples(): ConceptExamples {
  const falls = generateCareNotes(60, { seed: 5, topics: ['fall'] });
  const other = generateCareNotes(180, {
    seed: 6,
    topics: ['hygiene', 'legemidler', 'tannhelse', 'pårørende', 'økonomi', 'hørsel', 'syn', 'kvalme', 'hud'],
  });
  return {
    version: 1,
    sources: [{ name: 'test', judged: ['fall'] }],
    examples: [
      ...[...falls, ...other].map((n, i) => ({
        source: 'test',
        key: `e${i}`,
        text: n.text,
        positive: n.topic === 'fall' ? ['fall'] : [],
        negative: [],
        tempting: [],
      })),
      ...TEMPTING.map((text, i) => ({
        source: 'test',
        key: `t${i}`,
        text,
        positive: [],
        negative: [],
        tempting: ['fall'],
      })),
    ],
  };
}

beforeAll(async () => {
  useDictionary(testConfig({}).decompoundDictionary);
  dir = mkdtempSync(join(tmpdir(), 'helsespor-classifier-test-'));
  const file = (examplesFile = join(dir, 'examples.json'));
  writeFileSync(file, JSON.stringify(examples()));
  // One thread: the same model every run.
  await trainExpansions(
    generateCareNotes(2000, { seed: 1, split: 'all' }).map((n) => n.text),
    join(dir, 'model'),
    { threads: 1, epoch: 20, conceptExamples: file },
  );
  learned = openExpansions(join(dir, 'model'), {}, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('logistic regression separates what it is given and its direction is a unit vector', () => {
  const xs = [
    [1, 0],
    [0.9, 0.1],
    [0.8, 0.2],
    [0, 1],
    [0.1, 0.9],
    [0.2, 0.8],
  ].map((x) => Float64Array.from(x));
  const fit = fitLogistic(xs, [1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]);
  const score = (x: Float64Array) => fit.w[0]! * x[0]! + fit.w[1]! * x[1]! + fit.b;
  for (const x of xs.slice(0, 3)) expect(score(x)).toBeGreaterThan(0);
  for (const x of xs.slice(3)) expect(score(x)).toBeLessThan(0);
});

test('conceptTags: a tag per recall target whose threshold the lexical score reaches, a stricter tier implying every looser; none from a version 1 file; conceptsId names model and training', () => {
  const dense = {
    concept: 'fall',
    direction: [1, 0],
    thresholds: { '0.7': 0.9, '0.8': 0.8, '0.9': 0.7, '0.95': 0.5 },
    cv: {},
    positives: 3,
    negatives: 6,
    tempting: 0,
    trainRecall: 1,
    trainPrecision: 1,
  };
  const c: ConceptDirections = {
    version: 2,
    model: 'model-x',
    trainedAt: '2026-01-01T00:00:00.000Z',
    examples: 0,
    lexicon: { idf: { falt: 1, gulvet: 1 }, unseen: 1 },
    concepts: [
      {
        ...dense,
        // Score: bias + Σ weight × idf / √(Σ idf² over all the note's features, unseen ones idf 1):
        // "falt" → −1 + 3 = 2; "falt gulvet" (falt, gulvet, gulve~, "falt gulvet") → −1 + 5/2 = 1.5.
        // 0.9's threshold above 0.8's: a note tagged @0.8 is tagged @0.9 and @0.95 all the same.
        tagger: {
          weights: { falt: 3, gulvet: 2 },
          bias: -1,
          thresholds: { '0.7': 1.8, '0.8': 1.2, '0.9': 1.6, '0.95': -0.5 },
          cv: {},
        },
      },
    ],
  };
  // A file with no 0.98 threshold (trained before that tier existed): its tags nest into it.
  expect(conceptTags(c, { text: 'falt gulvet', parts: [] })).toEqual([
    'fall@0.8',
    'fall@0.9',
    'fall@0.95',
    'fall@0.98',
  ]);
  expect(conceptTags(c, { text: 'falt', parts: [] })).toEqual([
    'fall@0.7',
    'fall@0.8',
    'fall@0.9',
    'fall@0.95',
    'fall@0.98',
  ]);
  // …and a query at the 0.98 target still uses it, at its loosest stored target (0.95).
  expect(usesTagger(c, 'fall', 0.98, { positives: 0, precision: 0 })).toBe(true);
  expect(usesTagger(c, 'fall', 0.7, { positives: 0, precision: 0 })).toBe(true);
  expect(usesTagger(c, 'vold', 0.98, { positives: 0, precision: 0 })).toBe(false);
  expect(conceptTags(c, { text: 'spiste godt', parts: [] })).toEqual([]);
  expect(conceptTags({ ...c, version: 1, concepts: [dense], lexicon: undefined }, { text: 'falt' })).toEqual(
    [],
  );
  expect(conceptsId(c)).toBe('model-x@2026-01-01T00:00:00.000Z');
});

test('the direction is trained with the model and stored beside it, with its threshold and counts', () => {
  const current = readFileSync(join(dir, 'model', 'current'), 'utf8').trim();
  const file = join(dir, 'model', current, 'concepts.json');
  expect(existsSync(file)).toBe(true);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as ConceptDirections;
  expect(stored.model).toBe(current);
  expect(stored.concepts.map((c) => c.concept)).toEqual(['fall']);
  const fall = stored.concepts[0]!;
  expect(fall.positives).toBe(60);
  expect(fall.negatives).toBe(180 + TEMPTING.length);
  expect(fall.tempting).toBe(TEMPTING.length);
  expect(Math.hypot(...fall.direction)).toBeCloseTo(1, 3);
  expect(fall.direction).toHaveLength(64);
  expect(Object.keys(fall.thresholds).sort()).toEqual(['0.7', '0.8', '0.9', '0.95', '0.98']);
  expect(fall.thresholds['0.95']!).toBeLessThanOrEqual(fall.thresholds['0.9']!);
  expect(fall.cv['0.9']!.recall).toBeGreaterThanOrEqual(0.85);
  // Loaded with the live model.
  expect(learned.concepts()!.concepts[0]!.concept).toBe('fall');
  // The index-time tagger: lexical weights, log-odds thresholds per recall target, nested.
  expect(stored.version).toBe(2);
  expect(Object.keys(stored.lexicon!.idf).length).toBeGreaterThan(100);
  const tagger = fall.tagger!;
  expect(Object.keys(tagger.weights).length).toBeGreaterThan(20);
  expect(Object.keys(tagger.thresholds).sort()).toEqual(['0.7', '0.8', '0.9', '0.95', '0.98']);
  for (let i = 1; i < RECALL_TARGETS.length; i++)
    expect(tagger.thresholds[String(RECALL_TARGETS[i])]!).toBeLessThanOrEqual(
      tagger.thresholds[String(RECALL_TARGETS[i - 1])]!,
    );
  expect(tagger.cv['0.9']!.recall).toBeGreaterThanOrEqual(0.85);
  expect(conceptsId(stored)).toBe(`${current}@${stored.trainedAt}`);
});

describe('conceptTags (index-time tags)', () => {
  let c: ConceptDirections;
  beforeAll(() => {
    c = learned.concepts()!;
  });
  // Neither note is in the examples.
  const onTopic =
    'Snublet i trappa i dag og slo hofta. Funnet på gulvet, kom seg ikke opp alene. Lege tilkalt.';
  const offTopic = 'Tannpuss og munnstell morgen og kveld, tannkjøttet blør lett. Tannlege bestilt.';
  const tempting = 'Blodtrykket falt litt etter ny dose, ellers stabil. Fallrisiko vurdert som lav.';

  test('a clearly on-topic note is tagged at every recall target; an off-topic one at none', () => {
    expect(conceptTags(c, { text: onTopic }).sort()).toEqual([
      'fall@0.7',
      'fall@0.8',
      'fall@0.9',
      'fall@0.95',
      'fall@0.98',
    ]);
    expect(conceptTags(c, { text: offTopic })).toEqual([]);
    // No word of the fall vocabulary: still tagged at the widest tier.
    expect(conceptTags(c, { text: 'Ramlet i gangen, kul i pannen.' })).toContain('fall@0.95');
  });

  test('tiers nest: a note tagged at a recall target is tagged at every higher one', () => {
    for (const text of [onTopic, offTopic, tempting, ...TEMPTING, 'Ramlet i gangen, kul i pannen.']) {
      const tags = conceptTags(c, { text });
      RECALL_TARGETS.forEach((t, i) => {
        if (tags.includes(`fall@${t}`))
          for (const higher of RECALL_TARGETS.slice(i + 1)) expect(tags).toContain(`fall@${higher}`);
      });
    }
  });

  test('a tempting negative scores below a true positive', () => {
    const score = (text: string) => conceptScores(c, { text }).find((s) => s.concept === 'fall')!.score;
    expect(score(tempting)).toBeLessThan(score(onTopic));
    expect(conceptTags(c, { text: tempting })).not.toContain('fall@0.7');
  });

  test('the feature kinds are stored with the lexicon: character 4-grams (a misspelling shares most), negation scope', () => {
    const fs = c.lexicon!.features!;
    expect(fs).toEqual({ grams: [4, 4], gramWeight: 0.5, negation: 'instead' });
    const f = noteFeatures('Ingen tegn til vold. Vondt i magan', [], fs);
    expect(f).toEqual(
      expect.arrayContaining(['¬vold', 'vondt', '#<mag', '#maga', '#agan', '#gan>', 'ingen tegn']),
    );
    // Negated: "¬vold" instead of "vold"; the scope ends with the sentence.
    expect(f).not.toContain('vold');
    expect(noteFeatures('Ingen tegn. Vold mot personalet.', [], fs)).toContain('vold');
    // Without feature kinds (a version-2 file from before them): the base features only.
    expect(noteFeatures('Ingen tegn til vold. Vondt i magan', [])).toEqual(
      expect.arrayContaining(['vold', 'magan']),
    );
    expect(noteFeatures('Ingen tegn til vold. Vondt i magan', []).some((x) => /^[#¬]/.test(x))).toBe(false);
  });

  test('the tagger scores a note as the sparse features say: bias + Σ weight × idf / norm (n-grams looked up by number, words from the per-word caches)', () => {
    const lex = c.lexicon!;
    const taggers = c.concepts.flatMap((d) => (d.tagger ? [d.tagger] : []));
    expect(taggers.length).toBeGreaterThan(0);
    // Unseen and seen words, a misspelling, a letter beyond the n-gram numbers (𝔸, ≥ 8192), a
    // word with both (its n-grams by number and by name: before, those by number were counted
    // as unseen, e.g. in "ﬁkk" with the PDF ligature), a repeated word and bigram, negation and
    // its scope across a sentence end, numbers; then varied generated notes, some twice.
    const notes = generateCareNotes(200, { seed: 17 }).map((n) => n.text);
    for (const text of [
      onTopic,
      offTopic,
      tempting,
      'Fallt i gangen, falt igjen i gangen',
      'Ramla 𝔸𝔸x ΩΩΩΩ i trappa',
      'ikke falt𝔸. Falt 2 ganger, ikke falt i dag. falt i gangen falt i gangen 3x',
      'Hun ﬁkk ﬁnne seg i å falle, falt i gangen',
      ...notes,
      ...notes.slice(0, 20),
    ]) {
      const fs = noteFeatures(text, undefined, lex.features);
      const unseen = (f: string) => (f.startsWith('#') ? lex.unseen * lex.features!.gramWeight! : lex.unseen);
      const norm = Math.sqrt(fs.reduce((a, f) => a + (lex.idf[f] ?? unseen(f)) ** 2, 0));
      const expected = (t: Tagger) =>
        fs.reduce((a, f) => a + ((t.weights[f] ?? 0) * (lex.idf[f] ?? 0)) / norm, t.bias);
      // Twice: the second time from the per-word caches.
      for (let i = 0; i < 2; i++)
        conceptScores(c, { text }).forEach((s, k) => expect(s.score).toBeCloseTo(expected(taggers[k]!), 9));
    }
  });

  test("tagging's caches stay bounded: notes with long runs of letters (OCR, a pasted blob) do not grow the heap by hundreds of MB (found in review: n-grams by number and each word's list were not counted, 937 MB for 4,000 notes)", () => {
    const copy: ConceptDirections = JSON.parse(JSON.stringify(c));
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const letters = 'abcdefghijklmnopqrstuvwxyzæøåäöüéèáàßçñαβγδεζηθικλμνξοπρστυφχψω';
    const rnd = prng(7);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) {
      let w = '';
      for (let k = 0; k < 2000; k++) w += letters[Math.floor(rnd() * letters.length)];
      conceptScores(copy, { text: `Notat: ${w} falt i gangen`, parts: [] });
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(copy.model).toBe(c.model); // keeps the copy (and its caches) alive until here
    expect(grownMb).toBeLessThan(200);
  });

  test('the compound parts the indexer stored are used as given, and a vector changes nothing', () => {
    const text = 'Fallulykke i trappa i går.';
    const computed = conceptScores(c, { text })[0]!.score;
    expect(conceptScores(c, { text, parts: ['fall', 'ulykke'] })[0]!.score).toBeCloseTo(computed, 9);
    expect(conceptScores(c, { text, parts: [] })[0]!.score).not.toBeCloseTo(computed, 9);
    expect(conceptTags(c, { text: onTopic, vector: new Array(64).fill(0.125) })).toEqual(
      conceptTags(c, { text: onTopic }),
    );
  });
});

const doc = (id: string, patientId: string, text: string): IndexDocument => ({
  id,
  kind: 'journal_entry',
  patientId,
  nationalIds: [],
  refs: { entityId: id },
  sourceSystem: 'GERICA',
  type: 'Journalnotat',
  writtenAt: '2021-03-02T10:00:00.000Z',
  localDate: '2021-03-02',
  ageAtDate: 80,
  authorName: 'Berit Hoel',
  service: null,
  text,
  version: 1,
});

// c1 and c3 tell a fall in words the fall vocabulary does not list ("ramlet", "gikk i bakken").
const DOCS = [
  doc('c1', 'p1', 'Ramlet i gangen på vei til toalettet, kul i pannen.'),
  doc('c2', 'p1', 'Falt på badet i morges, slo hofta. Lege tilkalt.'),
  doc('c3', 'p2', 'Ramlet ved rullatoren i stua, kul i pannen og hevelse på albuen.'),
  doc('c4', 'p1', 'Tannpuss og munnstell morgen og kveld, tannkjøttet blør lett.'),
  doc('c5', 'p1', 'Drakk saft til middag, ellers rolig dag.'),
  doc('c6', 'p2', 'Hørselen er nedsatt, høreapparatet er sendt til service.'),
];
const KNN: Partial<KnnSettings> = {
  enabled: true,
  classifier: true,
  classifierRecall: 0.95,
  classifierScope: 'all',
};
// Only the vocabulary and the classifier: no knn for the concept query anyway, no learned neighbours.
const OFF = ['learned', 'prf', 'knn'];

type Stored = { concepts: string[] | null; conceptModel: string | null; vectorModel?: string | null };
type Made = {
  backend: SearchBackend;
  /** The concept tags stored with a document, the classifier that wrote them, and its vector's model. */
  stored(id: string): Promise<Stored>;
  /**
   * Writes the documents as an index of the build before concept tags stored them: on
   * Elasticsearch an index whose mapping has no `concepts` field and documents without it; on
   * PostgreSQL rows as migration 009 leaves them (NULL tags). Then ensureReady, as a start.
   */
  writeOld(docs: IndexDocument[]): Promise<void>;
  cleanup(): Promise<void>;
};

const migrations = join(__dirname, '..', 'subgraphs', 'search', 'migrations');
const sqlBackend = async (db: Db, l: LearnedExpansions, knn: Partial<KnnSettings>) => {
  await migrate(db, 'search', migrations);
  const backend = createPostgresBackend(db, l, knn);
  return {
    backend,
    async stored(id: string): Promise<Stored> {
      const r = await db.query<{
        concepts: string[] | null;
        concept_model: string | null;
        vector_model: string | null;
      }>('SELECT concepts, concept_model, vector_model FROM search.document WHERE id = $1', [id]);
      const row = r.rows[0]!;
      return { concepts: row.concepts, conceptModel: row.concept_model, vectorModel: row.vector_model };
    },
    async writeOld(docs: IndexDocument[]) {
      await backend.upsert(docs);
      await db.query('UPDATE search.document SET concepts = NULL, concept_model = NULL');
      await backend.ensureReady();
    },
  };
};

const backends: [string, (l: LearnedExpansions, knn: Partial<KnnSettings>) => Promise<Made>][] = [
  [
    'elasticsearch',
    async (l, knn) => {
      const prefix = testIndexPrefix();
      const backend = createElasticsearchBackend({
        url: requireEnv('ELASTICSEARCH_URL'),
        prefix,
        hunspellLocale: 'nb_NO',
        learned: l,
        knn,
      });
      const { client } = backend;
      return {
        backend,
        async stored(id) {
          const r = await client.get<Stored>({ index: aliasName(prefix), id });
          return {
            concepts: r._source!.concepts ?? null,
            conceptModel: r._source!.conceptModel ?? null,
            vectorModel: r._source!.vectorModel ?? null,
          };
        },
        async writeOld(docs) {
          const template = indexTemplate(prefix, 'nb_NO').template!;
          const mappings = JSON.parse(JSON.stringify(template.mappings)) as {
            properties: Record<string, unknown>;
          };
          delete mappings.properties.concepts;
          delete mappings.properties.conceptModel;
          await client.indices.create({
            index: indexName(prefix),
            aliases: { [aliasName(prefix)]: {} },
            settings: template.settings,
            mappings: mappings as never,
          });
          // As the build before wrote them: parts and vector, no tags.
          const operations = backend.prepare!(docs).flatMap(({ concepts, conceptModel, vector, ...d }) => {
            expect(concepts).toBeDefined(); // this build tags them
            void conceptModel;
            return [
              { index: { _index: aliasName(prefix), _id: d.id } },
              { ...d, ...(vector ? { vector } : {}) },
            ];
          });
          const r = await client.bulk({ operations, refresh: true });
          expect(r.errors).toBe(false);
          const before = await client.indices.getMapping({ index: aliasName(prefix) });
          expect(Object.values(before)[0]!.mappings.properties!.concepts).toBeUndefined();
          await backend.ensureReady();
        },
        cleanup: async () => {
          await backend.close();
          await dropIndexes(prefix);
        },
      };
    },
  ],
  [
    'postgres',
    async (l, knn) => {
      const tdb = await createTestDatabase();
      return { ...(await sqlBackend(tdb.db, l, knn)), cleanup: () => tdb.drop() };
    },
  ],
  [
    'pglite',
    async (l, knn) => {
      const db = await createPgliteDb();
      return { ...(await sqlBackend(db, l, knn)), cleanup: () => db.close() };
    },
  ],
];

describe.each(backends)('classifier on %s', (_name, make) => {
  let made: Made;
  let backend: SearchBackend;
  beforeAll(async () => {
    made = await make(learned, KNN);
    backend = made.backend;
    await backend.ensureReady();
    await backend.upsert(DOCS);
    await backend.refresh();
  });
  afterAll(() => made.cleanup());

  test('every note is tagged at index time by the live classifier, with its id', async () => {
    const id = conceptsId(learned.concepts()!);
    const tiers = ['fall@0.7', 'fall@0.8', 'fall@0.9', 'fall@0.95', 'fall@0.98'];
    for (const d of DOCS) {
      const st = await made.stored(d.id);
      expect(st.conceptModel).toBe(id);
      // A stricter tier implies every looser one.
      const fall = st.concepts!.filter((t) => t.startsWith('fall@'));
      expect(fall).toEqual(tiers.slice(tiers.length - fall.length));
    }
    for (const d of ['c1', 'c3']) expect((await made.stored(d)).concepts).toContain('fall@0.95');
    for (const d of ['c4', 'c5', 'c6']) expect((await made.stored(d)).concepts).not.toContain('fall@0.95');
  });

  test('a note tagged at a stricter tier ranks higher; the total stays at the classifier boost', async () => {
    const id = conceptsId(learned.concepts()!);
    const tagged = (docId: string, concepts: string[]) => ({
      ...doc(docId, 'p3', 'Drakk saft til middag, ellers rolig dag.'),
      concepts,
      conceptModel: id,
    });
    await backend.upsert([
      tagged('t1', ['fall@0.95']),
      tagged('t2', ['fall@0.7', 'fall@0.8', 'fall@0.9', 'fall@0.95']),
      tagged('t3', ['fall@0.9', 'fall@0.95']),
    ]);
    await backend.refresh();
    try {
      const r = await backend.search({ query: 'fall', first: 10, disabled: OFF, patientIds: ['p3'] });
      expect(r.hits.map((h) => h.id)).toEqual(['t2', 't3', 't1']);
      const boost = DEFAULT_KNN.classifierBoost;
      expect(r.hits.map((h) => h.score)).toEqual([
        expect.closeTo(boost, 3),
        expect.closeTo(boost / 2, 3),
        expect.closeTo(boost / 4, 3),
      ]);
      for (const h of r.hits) expect(h.matched).toEqual(['classifier:fall']);
      // At recall target 0.9 a note tagged only @0.95 is not a match.
      const m = await make(learned, { ...KNN, classifierRecall: 0.9 });
      try {
        await m.backend.ensureReady();
        await m.backend.upsert([
          tagged('t1', ['fall@0.95']),
          tagged('t3', ['fall@0.9', 'fall@0.95']),
          tagged('t2', ['fall@0.7', 'fall@0.8', 'fall@0.9', 'fall@0.95']),
        ]);
        await m.backend.refresh();
        const strict = await m.backend.search({
          query: 'fall',
          first: 10,
          disabled: OFF,
          patientIds: ['p3'],
        });
        expect(strict.hits.map((h) => h.id)).toEqual(['t2', 't3']);
        expect(strict.hits.map((h) => h.score)).toEqual([
          expect.closeTo(boost, 3),
          expect.closeTo(boost / 3, 3),
        ]);
      } finally {
        await m.cleanup();
      }
    } finally {
      await backend.remove(['t1', 't2', 't3']);
      await backend.refresh();
    }
  });

  test("a topical query's other words rank a note up among the topic's notes, and do not lift a note the classifier alone brought above one the topic's words match (OPTIONAL_FACTOR; it did at WORD_BOOST)", async () => {
    const id = conceptsId(learned.concepts()!);
    const ALL_TIERS = ['fall@0.7', 'fall@0.8', 'fall@0.9', 'fall@0.95', 'fall@0.98'];
    await backend.upsert([
      // Only the classifier ties it to fall, at the query's recall target only (a note it is
      // unsure of; one it is sure of weighs the classifier boost, beside a word match: stop 47);
      // it says the query's other word three times.
      {
        ...doc('o1', 'p4', 'Kjøkkenet pusses opp, kjøkkenet stengt, middag servert utenfor kjøkkenet.'),
        concepts: ['fall@0.95', 'fall@0.98'],
        conceptModel: id,
      },
      // The two notes that say "falt", tagged alike (the classifier boost weighs as much as a
      // word match since stop 47, so their own tags would decide their order otherwise).
      { ...doc('o2', 'p4', 'Falt i gangen i natt, kul i pannen.'), concepts: ALL_TIERS, conceptModel: id },
      {
        ...doc('o3', 'p4', 'Falt på kjøkkenet i natt, kul i pannen.'),
        concepts: ALL_TIERS,
        conceptModel: id,
      },
    ]);
    await backend.refresh();
    try {
      const r = await backend.search({
        query: 'fall på kjøkkenet',
        first: 10,
        disabled: OFF,
        patientIds: ['p4'],
      });
      // Before: o1 first (kjøkkenet three times at WORD_BOOST), above both notes that say "falt".
      expect(r.hits.map((h) => h.id)).toEqual(['o3', 'o2', 'o1']);
      expect(r.hits[2]!.matched).toEqual(expect.arrayContaining(['classifier:fall', 'word:kjøkkenet']));
    } finally {
      await backend.remove(['o1', 'o2', 'o3']);
      await backend.refresh();
    }
  });

  test('a concept query finds a note sharing no vocabulary word through classifier:<concept>, below the word match', async () => {
    const words = await backend.search({ query: 'fall', first: 10, disabled: [...OFF, 'classifier'] });
    expect(words.hits.map((h) => h.id)).toEqual(['c2']);
    const r = await backend.search({ query: 'fall', first: 10, disabled: OFF });
    const ids = r.hits.map((h) => h.id);
    expect(ids[0]).toBe('c2');
    expect(ids).toEqual(expect.arrayContaining(['c1', 'c3']));
    for (const other of ['c4', 'c5', 'c6']) expect(ids).not.toContain(other);
    expect(r.hits.find((h) => h.id === 'c1')!.matched).toEqual(['classifier:fall']);
    // Ranked below the word match (by less since stop 47: the classifier boost is 3, so a note
    // the classifier is sure of ranks beside notes with the topic's words).
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    const row = r.termReport.find((t) => t.kind === 'classifier')!;
    expect(row).toMatchObject({
      expansion: 'classifier:fall',
      word: 'fall',
      kind: 'classifier',
      concept: 'fall',
    });
    expect(row.hits).toBeGreaterThanOrEqual(2);
  });

  test('switched off with disabledExpansions ["classifier"], its name or the concept, and with expand: false', async () => {
    for (const disabled of [['classifier'], ['classifier:fall']]) {
      const r = await backend.search({ query: 'fall', first: 10, disabled: [...OFF, ...disabled] });
      expect(r.hits.map((h) => h.id)).toEqual(['c2']);
      expect(r.termReport.some((t) => t.kind === 'classifier')).toBe(false);
    }
    const concept = await backend.search({ query: 'fall', first: 10, disabled: [...OFF, 'fall'] });
    expect(concept.termReport.some((t) => t.kind === 'classifier')).toBe(false);
    const plain = await backend.search({ query: 'fall', first: 10, expand: false });
    expect(plain.termReport.some((t) => t.kind === 'classifier')).toBe(false);
    expect(plain.hits.map((h) => h.id)).not.toContain('c1');
  });

  test("pasientjournalloven § 22: a restricted caller's classifier never returns another patient's note", async () => {
    const all = await backend.search({ query: 'fall', first: 10, disabled: OFF });
    expect(all.hits.map((h) => h.id)).toContain('c3'); // p2's note is a fall too
    const r = await backend.search({
      query: 'fall',
      first: 10,
      disabled: OFF,
      scope: { grants: [{ patientIds: ['p1'], nationalIds: [] }] },
    });
    expect(r.hits.map((h) => h.id).sort()).toEqual(['c1', 'c2']);
    expect(r.total).toBe(2);
    // The classifier's row counts p1's own tagged notes (c1, and c2 when the tagger tags it too), never p2's c3.
    const ownTagged = [];
    for (const d of ['c1', 'c2', 'c4', 'c5'])
      if ((await made.stored(d)).concepts!.includes('fall@0.95')) ownTagged.push(d);
    expect(ownTagged).toContain('c1');
    expect(r.termReport.find((t) => t.kind === 'classifier')!.hits).toBe(ownTagged.length);
    const none = await backend.search({
      query: 'fall',
      first: 10,
      disabled: OFF,
      scope: { grants: [{ patientIds: ['p9'], nationalIds: [] }] },
    });
    expect(none.total).toBe(0);
    expect(none.termReport.find((t) => t.kind === 'classifier')?.hits ?? 0).toBe(0);
  });

  test('over everyone by default; with HELSESPOR_CLASSIFIER_SCOPE=person only for a search limited to persons', async () => {
    expect(DEFAULT_KNN.classifierScope).toBe('all');
    expect(loadConfig({}).expansions.knn.classifierScope).toBe('all');
    const m = await make(learned, { ...KNN, classifierScope: 'person' });
    try {
      await m.backend.ensureReady();
      await m.backend.upsert(DOCS);
      await m.backend.refresh();
      const everyone = await m.backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(everyone.hits.map((h) => h.id)).toEqual(['c2']);
      expect(everyone.termReport.some((t) => t.kind === 'classifier')).toBe(false);
      const person = await m.backend.search({ query: 'fall', first: 10, disabled: OFF, patientIds: ['p1'] });
      expect(person.hits.map((h) => h.id)).toEqual(['c2', 'c1']);
      const reach = await m.backend.search({
        query: 'fall',
        first: 10,
        disabled: OFF,
        scope: { grants: [{ patientIds: ['p2'], nationalIds: [] }] },
      });
      expect(reach.hits.map((h) => h.id)).toEqual(['c3']);
    } finally {
      await m.cleanup();
    }
  });

  test('HELSESPOR_KNN_CONCEPTS person: a person-limited concept query also gets knn:<query>, its vector moved towards the concept centroid', async () => {
    const fall = learned.concepts()!.concepts.find((c) => c.concept === 'fall')!;
    expect(fall.centroid).toHaveLength(learned.vectors()!.dim);
    expect(Math.hypot(...fall.centroid!)).toBeCloseTo(1, 3);
    expect(DEFAULT_KNN.concepts).toBe('off');
    expect(loadConfig({}).expansions.knn.concepts).toBe('person');
    const m = await make(learned, { ...KNN, similarity: 0.3, concepts: 'person' });
    try {
      await m.backend.ensureReady();
      await m.backend.upsert(DOCS);
      await m.backend.refresh();
      const noClassifier = ['learned', 'prf', 'classifier'];
      const person = await m.backend.search({
        query: 'fall',
        first: 10,
        disabled: noClassifier,
        patientIds: ['p1'],
      });
      expect(person.hits.find((h) => h.id === 'c1')?.matched).toEqual(['knn:fall']);
      for (const other of ['c3', 'c6']) expect(person.hits.map((h) => h.id)).not.toContain(other);
      expect(person.termReport.find((t) => t.kind === 'knn')).toMatchObject({ expansion: 'knn:fall' });
      const everyone = await m.backend.search({ query: 'fall', first: 10, disabled: noClassifier });
      expect(everyone.termReport.some((t) => t.kind === 'knn')).toBe(false);
      // pasientjournalloven § 22: a caller whose reach is p1 gets the concept kNN too (a
      // person-limited search), and never p2's notes through it.
      const reach = await m.backend.search({
        query: 'fall',
        first: 10,
        disabled: noClassifier,
        scope: { grants: [{ patientIds: ['p1'], nationalIds: [] }] },
      });
      expect(reach.hits.find((h) => h.id === 'c1')?.matched).toEqual(['knn:fall']);
      for (const other of ['c3', 'c6']) expect(reach.hits.map((h) => h.id)).not.toContain(other);
      const off = await m.backend.search({
        query: 'fall',
        first: 10,
        disabled: [...noClassifier, 'knn'],
        patientIds: ['p1'],
      });
      expect(off.hits.map((h) => h.id)).toEqual(['c2']);
    } finally {
      await m.cleanup();
    }
  });

  test('off unless switched on (HELSESPOR_CLASSIFIER=1): no expansion, and no tags written (nothing would read them)', async () => {
    const m = await make(learned, { enabled: true });
    try {
      await m.backend.ensureReady();
      await m.backend.upsert(DOCS);
      await m.backend.refresh();
      const r = await m.backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(r.hits.map((h) => h.id)).toEqual(['c2']);
      // The vector is written, the tags are not; the re-embed pass has nothing to tag.
      const stored = await m.stored('c1');
      expect(stored.conceptModel).toBeNull();
      expect(stored.vectorModel).toBe(learned.vectors()!.name);
      expect(await m.backend.reembed!()).toBe(0);
    } finally {
      await m.cleanup();
    }
  });
});

/** A copy of the trained model a test may retrain or rewrite (remove `own` after), and its expansions, re-read on every call. */
function ownModel(name: string): { own: string; live: LearnedExpansions } {
  const own = mkdtempSync(join(tmpdir(), `helsespor-classifier-${name}-`));
  cpSync(join(dir, 'model'), own, { recursive: true });
  return { own, live: openExpansions(own, {}, 0) };
}

describe.each(backends)('re-tagging on %s', (_name, make) => {
  test('after train-concepts (a new classifier id) the re-embed pass re-tags every note, its compound parts kept', async () => {
    const { own, live } = ownModel('retag');
    const made = await make(live, KNN);
    try {
      const { backend } = made;
      await backend.ensureReady();
      await backend.upsert(DOCS);
      await backend.refresh();
      const first = conceptsId(live.concepts()!);
      expect((await made.stored('c1')).conceptModel).toBe(first);
      expect(await backend.reembed!()).toBe(0);
      // Only the directions are trained anew (npm run cli -- train-concepts): same model, new id.
      await trainLiveConcepts(own, examplesFile);
      const second = conceptsId(live.concepts()!);
      expect(second).not.toBe(first);
      expect(live.concepts()!.model).toBe(live.vectors()!.name);
      expect(await backend.reembed!(4)).toBe(4);
      expect(await backend.reembed!()).toBe(DOCS.length - 4);
      expect(await backend.reembed!()).toBe(0);
      await backend.refresh();
      for (const d of DOCS) expect((await made.stored(d.id)).conceptModel).toBe(second);
      const r = await backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(r.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['c1', 'c2', 'c3']));
      // The compound parts survive the rewrite (Elasticsearch keeps them out of _source).
      const parts = await backend.search({ query: 'toalett', first: 10, disabled: ['knn'] });
      expect(parts.hits.map((h) => h.id)).toEqual(['c1']);
    } finally {
      await made.cleanup();
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('a concepts.json of version 1 (dense directions, no tagger) is no classifier: no expansion, no tags, no re-tagging pass', async () => {
    const { own, live } = ownModel('v1');
    const file = join(own, readFileSync(join(own, 'current'), 'utf8').trim(), 'concepts.json');
    const made = await make(live, KNN);
    try {
      const { backend } = made;
      await backend.ensureReady();
      // Tagged by the version-2 classifier first.
      await backend.upsert(DOCS);
      await backend.refresh();
      const v2 = live.concepts()!;
      const before = await made.stored('c1');
      expect(before.conceptModel).toBe(conceptsId(v2));
      // Then a version-1 file goes live (an older build's, or a roll-back).
      const v1 = {
        ...v2,
        version: 1,
        lexicon: undefined,
        concepts: v2.concepts.map(({ tagger, ...c }) => (void tagger, c)),
      };
      writeFileSync(file, JSON.stringify(v1));
      utimesSync(file, new Date(), new Date(Date.now() + 60_000));
      expect(live.concepts()!.version).toBe(1);
      // No re-tagging pass: the stored tags stay as they are (the review found every note rewritten with none).
      expect(await backend.reembed!()).toBe(0);
      await backend.refresh();
      expect(await made.stored('c1')).toEqual(before);
      // No expansion, and a note written now gets no tags.
      const r = await backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(r.termReport.filter((t) => t.kind === 'classifier')).toEqual([]);
      expect(r.hits.map((h) => h.id)).toEqual(['c2']);
      await backend.upsert([doc('c7', 'p2', 'Ramlet på trappa, kul i pannen.')]);
      await backend.refresh();
      expect((await made.stored('c7')).conceptModel).toBeNull();
    } finally {
      await made.cleanup();
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('an index written before the tags keeps answering, and the re-embed pass tags its notes', async () => {
    const made = await make(learned, KNN);
    try {
      const { backend } = made;
      await made.writeOld(DOCS);
      expect((await made.stored('c1')).conceptModel).toBeNull();
      const before = await backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(before.hits.map((h) => h.id)).toEqual(['c2']);
      expect(before.termReport.find((t) => t.kind === 'classifier')!.hits).toBe(0);
      expect(await backend.reembed!()).toBe(DOCS.length);
      await backend.refresh();
      expect((await made.stored('c1')).conceptModel).toBe(conceptsId(learned.concepts()!));
      const after = await backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(after.hits[0]!.id).toBe('c2');
      expect(after.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['c1', 'c3']));
      expect(after.termReport.find((t) => t.kind === 'classifier')!.hits).toBeGreaterThanOrEqual(2);
      // New notes are tagged as they are written.
      await backend.upsert([doc('c7', 'p2', 'Ramlet på trappa, kul i pannen.')]);
      await backend.refresh();
      expect((await made.stored('c7')).conceptModel).toBe(conceptsId(learned.concepts()!));
    } finally {
      await made.cleanup();
    }
  });
});

test.each(backends.slice(1))(
  'no scope bound for the classifier on %s: a filter on stored tags, run whatever the scope (kNN keeps its bound)',
  async (_name, make) => {
    const m = await make(learned, { ...KNN, maxScope: 1 });
    try {
      await m.backend.ensureReady();
      await m.backend.upsert(DOCS);
      await m.backend.refresh();
      const r = await m.backend.search({ query: 'fall', first: 10, disabled: OFF });
      expect(r.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['c1', 'c2', 'c3']));
      expect(r.termReport.filter((t) => t.expansion.includes('not run'))).toEqual([]);
      // Only the classifier left: it alone matches.
      const others = [...new Set(r.termReport.map((t) => t.expansion))].filter(
        (e) => !e.startsWith('classifier:'),
      );
      const only = await m.backend.search({ query: 'fall', first: 10, disabled: [...OFF, ...others] });
      expect(only.termReport.map((t) => t.expansion)).toEqual(['classifier:fall']);
      expect(only.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['c1', 'c3']));
      for (const other of ['c4', 'c5', 'c6']) expect(only.hits.map((h) => h.id)).not.toContain(other);
    } finally {
      await m.cleanup();
    }
  },
);

test("pasientjournalloven § 22, helseforskningsloven § 33: the classifier's row is shown to a scoped caller only where it matches their records, and a researcher gets none", async () => {
  const tdb = await createTestDatabase();
  const prefix = testIndexPrefix();
  const base = testConfig({});
  let stack: Stack | undefined;
  try {
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
        expansions: {
          ...base.expansions,
          dir: join(dir, 'model'),
          refreshNotes: 0,
          knn: {
            ...base.expansions.knn,
            enabled: true,
            classifier: true,
            classifierRecall: 0.95,
            classifierScope: 'all',
          },
        },
      }),
      { db: tdb.db, indexerIntervalMs: 3_600_000 },
    );
    const ds = await loadDemoData(stack.db);
    await stack.index();
    const patient = (
      await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [
        ds.patients[0]!.nationalId,
      ])
    ).rows[0]!.id;
    const archivist = await stack.token({
      sub: 'arkivar-c',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const legal = await stack.matterToken({ id: 'M-CLASSIFIER', patientIds: [patient] }, { sub: 'jurist-c' });
    const grant = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      {
        token: archivist,
        variables: {
          i: {
            id: 'G-CLASSIFIER',
            projectId: 'P-C',
            title: 'Fall',
            rekNumber: '2025/2',
            legalBasis: 'helseforskningsloven § 33',
            responsibleResearcher: 'forsker-c',
            cohort: {},
            variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TEXT'],
            datePrecision: 'YEAR',
            freeText: true,
            outputLevel: 'PSEUDONYMISED_RECORDS',
            expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
          },
        },
      },
    );
    expect(grant.body.errors).toBeUndefined();
    const researcher = await stack.token({
      sub: 'forsker-c',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-CLASSIFIER',
    });
    const ask = (token: string) =>
      gql(
        stack!.gateway.url,
        '{ search(query: "fall", first: 100) { hits { matchedExpansions } termReport { expansion kind hits } } }',
        { token },
      );
    const rows = (r: Awaited<ReturnType<typeof ask>>) =>
      r.body.data.search.termReport.filter((t: { kind: string }) => t.kind === 'classifier') as {
        expansion: string;
        hits: number;
      }[];
    const all = await ask(archivist);
    expect(all.body.errors).toBeUndefined();
    expect(rows(all).map((t) => t.expansion)).toEqual(['classifier:fall']);
    const scoped = await ask(legal);
    expect(scoped.body.errors).toBeUndefined();
    expect(rows(scoped).filter((t) => t.hits === 0)).toEqual([]);
    const research = await ask(researcher);
    expect(research.body.errors).toBeUndefined();
    expect(JSON.stringify(research.body.data)).not.toContain('classifier:');
  } finally {
    await stack?.stop();
    await tdb.drop();
    await dropIndexes(prefix);
  }
});
