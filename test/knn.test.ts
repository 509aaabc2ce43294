/**
 * Document vectors and the `knn` expansion (search-index/vectors.ts), on both backends
 * against real Elasticsearch and PostgreSQL: the vector is stored with its model's name; kNN
 * finds a note that shares no word with the query but whose wording the model puts near it,
 * named `knn:<query>` in matchedExpansions and the term report, switchable; the policy scope
 * is the knn query's own filter, so a restricted caller never gets another patient's note
 * through it; after a retraining only the live model's vectors are used, and the re-embed
 * pass rewrites the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCareNotes } from '../dev/care-notes';
import { createTestDatabase, dropIndexes, requireEnv, testConfig, testIndexPrefix } from '../dev/services';
import { loadConfig } from '../lib/config';
import { migrate } from '../lib/migrate';
import type { Db } from '../lib/db';
import { decompounder, useDictionary } from '../search-index/decompound';
import { enrichDocument, reembedPass } from '../search-index/enrich';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { openExpansions, trainExpansions, type LearnedExpansions } from '../search-index/expansions';
import { createPostgresBackend } from '../search-index/postgres';
import type { IndexDocument, SearchBackend } from '../search-index/types';
import { documentEmbedder, type KnnSettings } from '../search-index/vectors';

jest.setTimeout(240_000);

let dir: string;
let learned: LearnedExpansions;

beforeAll(async () => {
  useDictionary(testConfig({}).decompoundDictionary);
  dir = mkdtempSync(join(tmpdir(), 'helsespor-knn-test-'));
  // One thread: the same model every run.
  await trainExpansions(
    generateCareNotes(2000, { seed: 1, split: 'train' }).map((n) => n.text),
    dir,
    { threads: 1, epoch: 20, conceptExamples: null },
  );
  learned = openExpansions(dir, {}, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

const DOCS = [
  doc('d1', 'p1', 'Tannlegen undersøkte munnen, karies i to tenner og mye tannstein.'),
  doc('d2', 'p1', 'Munnstell og tannpuss morgen og kveld. Tannkjøttet blør lett.'),
  doc('d3', 'p2', 'Tannpuss gjennomført, gebisset skaver og gir gnagsår i munnen.'),
  doc('d4', 'p1', 'Tannhelse: time hos tannlegen avtalt.'),
  doc('d5', 'p1', 'Drakk saft til middag, ellers rolig dag.'),
  doc('d6', 'p1', 'Gikk tur med rullator i korridoren.'),
  doc('d7', 'p2', 'Hoste og lett feber i tre dager.'),
];
const KNN: Partial<KnnSettings> = { enabled: true, similarity: 0.75 };
// The words alone (and the learned neighbours switched off) find only d4.
const WORDS_ONLY = ['learned', 'prf'];

type Made = {
  backend: SearchBackend;
  stored(id: string): Promise<{ model: string | null; dims: number }>;
  cleanup(): Promise<void>;
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
      return {
        backend,
        async stored(id) {
          const r = await backend.client.search<{ vectorModel?: string }>({
            index: `${prefix}-records`,
            query: { ids: { values: [id] } },
            _source: ['vectorModel'],
            fields: ['vector'],
          });
          const h = r.hits.hits[0]!;
          return {
            model: h._source?.vectorModel ?? null,
            dims: ((h.fields?.vector as number[] | undefined) ?? []).length,
          };
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
      await migrate(tdb.db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
      const db: Db = tdb.db;
      return {
        backend: createPostgresBackend(db, l, knn),
        async stored(id) {
          const r = await db.query<{ model: string | null; dims: number | null }>(
            'SELECT vector_model AS model, array_length(vector, 1) AS dims FROM search.document WHERE id = $1',
            [id],
          );
          return { model: r.rows[0]!.model, dims: r.rows[0]!.dims ?? 0 };
        },
        cleanup: () => tdb.drop(),
      };
    },
  ],
];

describe.each(backends)('knn on %s', (_name, make) => {
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

  test('each note is stored with its vector and the name of the model that made it', async () => {
    const s = await made.stored('d1');
    expect(s.model).toBe(learned.vectors()!.name);
    expect(s.dims).toBe(64);
  });

  test('finds notes that share no word with the query but that the model puts near it, named knn:<query>, below the word match', async () => {
    const off = await backend.search({ query: 'tannhelse', first: 10, disabled: [...WORDS_ONLY, 'knn'] });
    expect(off.hits.map((h) => h.id)).toEqual(['d4']);
    const r = await backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
    const ids = r.hits.map((h) => h.id);
    expect(ids[0]).toBe('d4');
    expect(ids).toEqual(expect.arrayContaining(['d1', 'd2', 'd3']));
    expect(ids).not.toContain('d6');
    expect(ids).not.toContain('d7');
    expect(r.hits.find((h) => h.id === 'd2')!.matched).toEqual(['knn:tannhelse']);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score * 2);
    const row = r.termReport.find((t) => t.kind === 'knn')!;
    expect(row).toMatchObject({ expansion: 'knn:tannhelse', word: 'tannhelse', kind: 'knn', concept: null });
    expect(row.hits).toBe(ids.length);
  });

  test('every note in the scope whose vector reaches the bar matches: Elasticsearch and PostgreSQL alike', async () => {
    const emb = documentEmbedder(learned, true);
    const q = emb.embed('tannhelse')!.vector!;
    const cos = (text: string) => emb.embed(text)!.vector!.reduce((s, x, k) => s + x * q[k]!, 0);
    const ranked = DOCS.map((d) => [d.id, cos(d.text)] as const).sort((a, b) => b[1] - a[1]);
    // The bar halfway between the third and fourth nearest: at least three notes reach it.
    const bar = (ranked[2]![1] + ranked[3]![1]) / 2;
    const m = await make(learned, {
      ...KNN,
      similarity: bar,
      rocchio: 0,
      k: loadConfig({}).expansions.knn.k,
    });
    try {
      await m.backend.ensureReady();
      await m.backend.upsert(DOCS);
      await m.backend.refresh();
      const r = await m.backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
      const viaKnn = r.hits.filter((h) => h.matched.includes('knn:tannhelse')).map((h) => h.id);
      const expected = ranked.filter(([, c]) => c >= bar).map(([id]) => id);
      expect(viaKnn.sort()).toEqual(expected.sort());
      expect(r.termReport.find((t) => t.kind === 'knn')!.hits).toBe(expected.length);
    } finally {
      await m.cleanup();
    }
  });

  test('switched off with disabledExpansions ["knn"] or its name, and with expand: false', async () => {
    for (const disabled of [['knn'], ['knn:tannhelse']]) {
      const r = await backend.search({
        query: 'tannhelse',
        first: 10,
        disabled: [...WORDS_ONLY, ...disabled],
      });
      expect(r.hits.map((h) => h.id)).toEqual(['d4']);
      expect(r.termReport.some((t) => t.kind === 'knn')).toBe(false);
    }
    const plain = await backend.search({ query: 'tannhelse', first: 10, expand: false });
    expect(plain.termReport.some((t) => t.kind === 'knn')).toBe(false);
  });

  test("pasientjournalloven § 22: a restricted caller's kNN never returns another patient's note", async () => {
    const all = await backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
    expect(all.hits.map((h) => h.id)).toContain('d3'); // p2's note is near the query
    const r = await backend.search({
      query: 'tannhelse',
      first: 10,
      disabled: WORDS_ONLY,
      scope: { grants: [{ patientIds: ['p1'], nationalIds: [] }] },
    });
    expect(r.hits.map((h) => h.id).sort()).toEqual(['d1', 'd2', 'd4']);
    expect(r.total).toBe(3);
    expect(r.termReport.find((t) => t.kind === 'knn')!.hits).toBe(3);
    // Nor through the term report's count, nor the elusion sample of what it did not find.
    const none = await backend.search({
      query: 'tannhelse',
      first: 10,
      disabled: WORDS_ONLY,
      scope: { grants: [{ patientIds: ['p9'], nationalIds: [] }] },
    });
    expect(none.total).toBe(0);
    expect(none.termReport.find((t) => t.kind === 'knn')?.hits ?? 0).toBe(0);
  });
});

test('PostgreSQL: kNN is not run over a scope larger than the bound, and the term report says so', async () => {
  const tdb = await createTestDatabase();
  try {
    await migrate(tdb.db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
    const backend = createPostgresBackend(tdb.db, learned, { ...KNN, maxScope: 3 });
    await backend.upsert(DOCS);
    const r = await backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
    expect(r.hits.map((h) => h.id)).toEqual(['d4']);
    expect(r.termReport.filter((t) => t.kind === 'knn')).toEqual([
      {
        expansion: 'knn:tannhelse (not run: over 3 notes in scope)',
        word: 'tannhelse',
        kind: 'knn',
        concept: null,
        hits: 0,
      },
    ]);
    const p2 = await backend.search({
      query: 'tannhelse',
      first: 10,
      disabled: WORDS_ONLY,
      scope: { grants: [{ patientIds: ['p2'], nationalIds: [] }] },
    });
    expect(p2.hits.map((h) => h.id)).toEqual(['d3']);
  } finally {
    await tdb.drop();
  }
});

describe.each(backends)('after a retraining on %s', (_name, make) => {
  test('only the live model’s vectors are used, and the re-embed pass rewrites the others', async () => {
    const own = mkdtempSync(join(tmpdir(), 'helsespor-knn-retrain-'));
    const notes = generateCareNotes(2000, { seed: 1, split: 'train' }).map((n) => n.text);
    await trainExpansions(notes, own, { threads: 1, epoch: 20, conceptExamples: null });
    const live = openExpansions(own, {}, 0);
    const first = live.vectors()!.name;
    const made = await make(live, KNN);
    try {
      const { backend } = made;
      await backend.ensureReady();
      await backend.upsert(DOCS);
      await backend.refresh();
      expect((await made.stored('d2')).model).toBe(first);
      // Retrained (another seed of notes): a new model, a new vector space.
      await trainExpansions(
        generateCareNotes(2000, { seed: 2, split: 'train' }).map((n) => n.text),
        own,
        { threads: 1, epoch: 20, conceptExamples: null },
      );
      const second = live.vectors()!.name;
      expect(second).not.toBe(first);
      const stale = await backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
      expect(stale.hits.map((h) => h.id)).toEqual(['d4']);
      expect(stale.termReport.find((t) => t.kind === 'knn')!.hits).toBe(0);
      // The background pass (the indexer runs it a bounded step per round).
      expect(await backend.reembed!(3)).toBe(3);
      expect(await backend.reembed!()).toBe(DOCS.length - 3);
      expect(await backend.reembed!()).toBe(0);
      await backend.refresh();
      for (const d of DOCS) expect(await made.stored(d.id)).toEqual({ model: second, dims: 64 });
      const fresh = await backend.search({ query: 'tannhelse', first: 10, disabled: WORDS_ONLY });
      expect(fresh.hits[0]!.id).toBe('d4');
      expect(fresh.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['d1', 'd2', 'd3']));
      // The compound parts survive the partial update (Elasticsearch keeps them out of _source).
      const parts = await backend.search({ query: 'stell', first: 10, disabled: [...WORDS_ONLY, 'knn'] });
      expect(parts.hits.map((h) => h.id)).toEqual(['d2']);
    } finally {
      await made.cleanup();
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe.each(backends)('index-time enrichment on %s', (_name, make) => {
  test('the backend prepares a document as enrichDocument does (compound parts, the live model’s vector); what it carries is kept', async () => {
    const made = await make(learned, KNN);
    try {
      const embedder = documentEmbedder(learned, true);
      const prepared = made.backend.prepare!(DOCS);
      expect(prepared).toEqual(DOCS.map((d) => enrichDocument(d, embedder)));
      const d2 = prepared.find((d) => d.id === 'd2')!;
      expect(d2.parts).toBe(decompounder().parts(DOCS[1]!.text));
      expect(d2.parts).toContain('stell');
      expect([d2.vectorModel, d2.vector?.length]).toEqual([learned.vectors()!.name, 64]);
      const own = { ...DOCS[0]!, parts: 'egen', vector: null, vectorModel: null };
      expect(made.backend.prepare!([own])).toEqual([own]);
      // The indexer's enrichment for a backend without prepare: parts, no vector.
      const plain = enrichDocument(DOCS[1]!);
      expect([plain.parts, plain.vector]).toEqual([d2.parts, undefined]);
    } finally {
      await made.cleanup();
    }
  });
});

test('the re-embed pass: in batches from where it got to, done until the rescan time', async () => {
  const tdb = await createTestDatabase();
  try {
    await tdb.db.query('CREATE TABLE doc (id text PRIMARY KEY, text text NOT NULL, model text)');
    await tdb.db.query(
      `INSERT INTO doc (id, text) SELECT 'd' || lpad(i::text, 4, '0'), 'tannpuss ' || i FROM generate_series(1, 1203) i`,
    );
    const store = (t: { calls: number }) => ({
      async read(after: string, live: { model: string }, size: number) {
        t.calls++;
        const r = await tdb.db.query<{ id: string; text: string }>(
          'SELECT id, text FROM doc WHERE id > $1 AND model IS DISTINCT FROM $2 ORDER BY id LIMIT $3',
          [after, live.model, size],
        );
        return r.rows;
      },
      async write(rows: { row: { id: string }; embedded: { model: string } }[]) {
        await tdb.db.query('UPDATE doc SET model = $2 WHERE id = ANY($1::text[])', [
          rows.map((r) => r.row.id),
          rows[0]!.embedded.model,
        ]);
      },
    });
    const embedder = documentEmbedder(learned, true);
    const t = { calls: 0 };
    const pass = reembedPass(embedder, store(t), 60_000);
    expect(await pass(700)).toBe(700); // 500 + 200
    expect(t.calls).toBe(2);
    expect(await pass()).toBe(503); // from d0701 on: 500 + 3, and through
    expect(await pass()).toBe(0); // done: not read again before the rescan time
    expect(t.calls).toBe(4);
    await tdb.db.query("UPDATE doc SET model = 'other' WHERE id = 'd0005'"); // another writer
    expect(await pass()).toBe(0);
    // With no rescan time it is found on the next call.
    const again = reembedPass(embedder, store({ calls: 0 }), 0);
    expect(await again()).toBe(1);
    const left = await tdb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM doc WHERE model IS DISTINCT FROM $1',
      [learned.vectors()!.name],
    );
    expect(left.rows[0]!.n).toBe(0);
  } finally {
    await tdb.drop();
  }
});
