/**
 * Pseudo-relevance feedback (search-index/feedback.ts), on both backends: for a word no
 * concept names, the words that characterise a first pass's hits and that the model puts near
 * the word reach notes that do not use the word; each is a named `prf:` expansion in the hits
 * and the term report, switchable, counted like the learned neighbours (two needed), and taken
 * only from what the caller may see.
 */
import { join } from 'node:path';
import { createTestDatabase, dropIndexes, requireEnv, testConfig, testIndexPrefix } from '../dev/services';
import { migrate } from '../lib/migrate';
import { useDictionary } from '../search-index/decompound';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import type { LearnedExpansions } from '../search-index/expansions';
import { PRF_MIN_SIMILARITY, unlistedWords, withFeedback } from '../search-index/feedback';
import { createPostgresBackend } from '../search-index/postgres';
import type { IndexDocument, SearchBackend } from '../search-index/types';
import { loadVocabulary } from '../search-index/vocabulary';

jest.setTimeout(120_000);

/**
 * The model's side, fixed here so that the test says what feedback does with it: no learned
 * neighbours, and a similarity to "hørselstap" that is high for the two hearing words only.
 */
const NEAR: Record<string, number> = { høreapparat: 0.8, audiograf: 0.7, time: PRF_MIN_SIMILARITY - 0.05 };
const model: LearnedExpansions = {
  neighbours: () => [],
  current: () => '/model',
  stale: () => false,
  knows: () => true,
  similarity: (_w, others) => others.map((o) => NEAR[o] ?? NEAR[o.replace(/e$/, '')] ?? 0.1),
  vectors: () => null,
  concepts: () => null,
};

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
  doc('d1', 'p1', 'Hørselstap begge sider, time hos audiograf, nytt høreapparat bestilt.'),
  doc('d2', 'p2', 'Økende hørselstap, time hos audiograf som justerte høreapparat.'),
  // No query word: found through the two feedback words.
  doc('d3', 'p2', 'Høreapparat virker ikke, ny time hos audiograf neste uke.'),
  // One feedback word only: not enough.
  doc('d4', 'p1', 'Høreapparat funnet i vasken, levert tilbake.'),
  doc('d5', 'p1', 'Gikk tur med rullator i korridoren.'),
  doc('d6', 'p2', 'Middag spist i stua, rolig kveld.'),
];

const backends: [string, () => Promise<{ backend: SearchBackend; cleanup(): Promise<void> }>][] = [
  [
    'elasticsearch',
    async () => {
      const prefix = testIndexPrefix();
      const backend = createElasticsearchBackend({
        url: requireEnv('ELASTICSEARCH_URL'),
        prefix,
        hunspellLocale: 'nb_NO',
        learned: model,
      });
      return {
        backend,
        cleanup: async () => {
          await backend.close();
          await dropIndexes(prefix);
        },
      };
    },
  ],
  [
    'postgres',
    async () => {
      const tdb = await createTestDatabase();
      await migrate(tdb.db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
      return { backend: createPostgresBackend(tdb.db, model), cleanup: () => tdb.drop() };
    },
  ],
];

beforeAll(() => useDictionary(testConfig({}).decompoundDictionary));

test('feedback is for words no concept names', () => {
  const v = loadVocabulary();
  expect(unlistedWords('hørselstap', v)).toEqual(['hørselstap']);
  expect(unlistedWords('mobbing', v)).toEqual([]);
  expect(unlistedWords('fysisk holding hørselstap', v)).toEqual(['hørselstap']);
});

describe.each(backends)('pseudo-relevance feedback on %s', (_name, make) => {
  let raw: SearchBackend;
  let backend: SearchBackend;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ backend: raw, cleanup } = await make());
    await raw.ensureReady();
    await raw.upsert(DOCS);
    await raw.refresh();
    backend = withFeedback(raw, model, loadVocabulary());
  });
  afterAll(() => cleanup());

  test('reaches a note without the word through two words of the first hits, each named and counted', async () => {
    const r = await backend.search({ query: 'hørselstap', first: 10 });
    const ids = r.hits.map((h) => h.id);
    expect(ids.slice(0, 2).sort()).toEqual(['d1', 'd2']);
    expect(ids).toContain('d3');
    expect(ids).not.toContain('d4');
    expect(ids).not.toContain('d5');
    const d3 = r.hits.find((h) => h.id === 'd3')!;
    expect(d3.matched.filter((m) => m.startsWith('prf:hørselstap:')).length).toBe(2);
    const rows = r.termReport.filter((t) => t.kind === 'prf');
    // Only the words near the query word ("time", which the first hits share too, is not).
    expect(rows.map((t) => t.expansion.split(':')[2]!.slice(0, 4)).sort()).toEqual(['audi', 'høre']);
    expect(rows.every((t) => t.hits >= 3 && t.word === 'hørselstap')).toBe(true);
  });

  test('an elusion sample is drawn from what the search with its feedback does not find', async () => {
    const r = await backend.search({ query: 'hørselstap', first: 10, elusion: { seed: 7 } });
    expect(r.hits.map((h) => h.id).sort()).toEqual(['d4', 'd5', 'd6']);
  });

  test('switched off with disabledExpansions ["prf"]', async () => {
    const r = await backend.search({ query: 'hørselstap', first: 10, disabled: ['prf'] });
    expect(r.hits.map((h) => h.id).sort()).toEqual(['d1', 'd2']);
    expect(r.termReport.some((t) => t.kind === 'prf')).toBe(false);
  });

  test('takes its words only from what the caller may see', async () => {
    // p1 alone has one note with the word: too little to learn from, so no feedback at all.
    const r = await backend.search({
      query: 'hørselstap',
      first: 10,
      scope: { grants: [{ patientIds: ['p1'], nationalIds: [] }] },
    });
    expect(r.hits.map((h) => h.id)).toEqual(['d1']);
    expect(r.termReport.some((t) => t.kind === 'prf')).toBe(false);
  });

  test('a vocabulary concept speaks for itself: no feedback for it', async () => {
    const r = await backend.search({ query: 'mobbing', first: 10 });
    expect(r.termReport.some((t) => t.kind === 'prf')).toBe(false);
  });
});
