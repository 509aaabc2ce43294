/**
 * Stop 46 review (FX3): defects in the earlier versions' phrases and near rules and in the
 * PostgreSQL backend's highlights, on every search backend where the behaviour is shared
 * (Elasticsearch the reference), on the PostgreSQL backends where it is theirs alone.
 * helsepersonelloven § 42 (a corrected note keeps what it said), pasientjournalloven § 22
 * (who may search it: a legal caller, SearchQuery.earlierVersions).
 */
import { createPgliteDb } from '../lib/db';
import { createPostgresBackend } from '../search-index/postgres';
import { withClauseBudget } from '../search-index/clause-budget';
import { buildQuery } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import type { SearchBackend, SearchQuery } from '../search-index/types';
import { createTestDatabase } from '../dev/services';
import {
  SEARCH_BACKENDS,
  rulesSearch,
  testNote,
  withSearchSchema,
  type BackendHarness,
} from '../dev/search-backends';

const doc = (id: string, text: string, earlierText?: string[]) =>
  testNote(
    id,
    text,
    { patientId: 'p-fx3', type: 'Helsesamtale', writtenAt: '2019-10-02T11:00:00.000Z', ageAtDate: 13 },
    earlierText,
  );

/** The marked words of a hit's highlights, lower case, in order. */
const marks = (highlights: string[]) =>
  [...highlights.join(' … ').matchAll(/<em>(.*?)<\/em>/g)].flatMap((m) => m[1]!.toLowerCase().split(/\s+/));

const pgStores: [string, () => Promise<{ open(limit: number): SearchBackend; cleanup(): Promise<void> }>][] =
  [
    [
      'postgres (real PostgreSQL)',
      async () => {
        const tdb = await createTestDatabase();
        await withSearchSchema(tdb.db);
        return {
          open: (limit) => createPostgresBackend(tdb.db, undefined, {}, limit),
          cleanup: () => tdb.drop(),
        };
      },
    ],
    [
      'postgres (PGlite, embedded)',
      async () => {
        const db = await createPgliteDb();
        await withSearchSchema(db);
        return {
          open: (limit) => createPostgresBackend(db, undefined, {}, limit),
          cleanup: () => db.close(),
        };
      },
    ],
  ];

describe.each(pgStores)(
  "the PostgreSQL backend's expansion limit and the earlier spans: %s",
  (_name, make) => {
    let store: Awaited<ReturnType<(typeof pgStores)[number][1]>>;
    const vocabulary = loadVocabulary();
    /** One over the limit: the query with its earlier phrases and near rules; within it without them. */
    const limitFor = (query: string) =>
      buildQuery(query, vocabulary, { earlier: true }).expansions.length - 1;
    const ask = { first: 5, earlierVersions: true, termReport: true } as const;
    beforeAll(async () => {
      store = await make();
      const b = store.open(10_000);
      await b.ensureReady();
      await b.upsert([
        doc('fx3-earlier-word', 'Samtale med mor om søvn.', ['Hun blir mobbet i friminuttene.']),
        doc('fx3-ola', 'Ola i Bergen blir mobbet på skolen.'),
      ]);
      await b.refresh();
    });
    afterAll(async () => {
      await store?.cleanup();
    });

    test("helsepersonelloven § 42, pasientjournalloven § 22: a legal caller's query over the limit only because of the earlier phrases and near rules runs without those and keeps its earlier words (before: every earlier: clause was left out)", async () => {
      const q = 'mobbing';
      const b = withClauseBudget(store.open(limitFor(q)));
      const r = await b.search({ query: q, ...ask } as SearchQuery);
      expect(r.notRun).toEqual(['earlier-spans']);
      const hit = r.hits.find((h) => h.id === 'fx3-earlier-word');
      expect(hit?.matchedIn).toBe('earlier');
      expect(hit?.matched.some((m) => m.startsWith('earlier:mobbing:') && !/:(phrase|near):/.test(m))).toBe(
        true,
      );
    });

    test("helsepersonelloven § 42: over the limit with earlier phrases and near rules, those go before a topic query's optional words, which keep ranking (before: Ola and Bergen were dropped)", async () => {
      const q = 'mobbing hos Ola i Bergen';
      const r = await withClauseBudget(store.open(limitFor(q))).search({ query: q, ...ask } as SearchQuery);
      expect(r.notRun).toEqual(['earlier-spans']);
      expect(r.termReport.map((t) => t.expansion).filter((x) => /expansion limit/.test(x))).toEqual([]);
      expect(r.hits[0]!.id).toBe('fx3-ola');
      // No span in the query (a caller without earlier versions): the optional words go, as before.
      const plain = buildQuery(q, vocabulary, {}).expansions.length;
      const low = await store.open(plain - 1).search({ query: q, first: 5 } as SearchQuery);
      expect(low.termReport.map((t) => t.expansion)).toContain(
        "ola (not run: over the PostgreSQL backend's expansion limit; it only ranks)",
      );
    });
  },
);

describe.each(SEARCH_BACKENDS)('earlier versions apart, near highlights: %s', (_name, make) => {
  let h: BackendHarness;

  const search = (query: string, earlierVersions = false) => rulesSearch(h.backend, query, earlierVersions);
  beforeAll(async () => {
    h = await make();
    await h.backend.ensureReady();
    await h.backend.upsert([
      // The near rule's words and the phrase's words each across the join of two versions.
      doc('fx3-split-near', 'Samtale med mor om katten.', [
        'Katten er syk, og katten kan dø.',
        'Hun vil hjem.',
      ]),
      doc('fx3-split-phrase', 'Samtale med mor om lua.', ['I dag har de tatt', 'lua hennes er ny.']),
      // The same within one version.
      doc('fx3-one-near', 'Samtale med mor om hunden.', ['Hun sier hun vil nok dø.', 'Hun er trøtt.']),
      doc('fx3-one-phrase', 'Samtale med mor om skolen.', ['Noen har tatt lua hennes.', 'Hun er lei seg.']),
      // Near highlights (the rule's span, as Elasticsearch's intervals mark it).
      doc('fx3-slo', 'Far sa at han slo ham i går.'),
      doc('fx3-morket', 'Jenta sa mørket redd mørket og sover med lyset på.'),
      // A context word of signs only (tvang: vedtak within 6 of "§"), and a note's own "...".
      doc('fx3-paragraf', 'Vedtak fattet jf. § 9 i loven.'),
      doc('fx3-dots', 'Hun står alene ... i friminuttet. Sier at hun ellers har det fint.'),
      doc('fx3-dots-phrase', 'Elevene har tatt lua hennes ... i gangen, sier mor.'),
    ]);
    await h.backend.refresh();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  test('helsepersonelloven § 42: an earlier near rule or phrase matches within one earlier version, never across the join of two (Elasticsearch keeps the versions apart)', async () => {
    const near = await search('selvmordstanker', true);
    const nearOf = (id: string) => near.hits.find((x) => x.id === id)?.matched ?? [];
    expect(nearOf('fx3-one-near')).toContain('earlier:selvmordstanker:near:dø');
    expect(nearOf('fx3-split-near')).not.toContain('earlier:selvmordstanker:near:dø');
    const phrase = await search('mobbing', true);
    const phraseOf = (id: string) => phrase.hits.find((x) => x.id === id)?.matched ?? [];
    expect(phraseOf('fx3-one-phrase')).toContain('earlier:mobbing:phrase:tatt lua');
    expect(phraseOf('fx3-split-phrase')).not.toContain('earlier:mobbing:phrase:tatt lua');
  });

  test('pasientjournalloven § 22, review s44 case 2: a near rule is marked at its span, the nearest context word, and each occurrence (overlapping ones too), as Elasticsearch marks it', async () => {
    const slo = (await search('vold')).hits.find((x) => x.id === 'fx3-slo');
    expect(slo?.matched).toContain('vold:near:slo');
    expect(marks(slo!.highlights)).toEqual(expect.arrayContaining(['slo', 'ham']));
    const angst = (await search('angst')).hits.find((x) => x.id === 'fx3-morket');
    expect(angst?.matched).toContain('angst:near:redd');
    expect(marks(angst!.highlights).filter((w) => w === 'mørket')).toEqual(['mørket', 'mørket']);
  });

  test('pasientjournalloven § 22: a near rule\'s context word of signs only (§) is marked where the rule matched, and a note\'s own "..." is text, neither a fragment break nor a reason to leave a span unmarked', async () => {
    const tvang = (await search('tvang')).hits.find((x) => x.id === 'fx3-paragraf');
    // Every backend matches the rule word and the sign and marks both (stop 47: Elasticsearch
    // reads the sign from signText, definition.ts SIGN_MAPPING; before, its analysis dropped "§").
    expect(tvang?.matched).toContain('tvang:near:vedtak');
    expect(marks(tvang!.highlights)).toEqual(expect.arrayContaining(['vedtak', '§']));
    const mobbing = await search('mobbing');
    const dots = mobbing.hits.find((x) => x.id === 'fx3-dots');
    expect(dots?.matched).toContain('mobbing:near:alene');
    expect(marks(dots!.highlights)).toEqual(expect.arrayContaining(['alene', 'friminuttet']));
    const phrase = mobbing.hits.find((x) => x.id === 'fx3-dots-phrase');
    expect(phrase?.matched).toContain('mobbing:phrase:tatt lua');
    // The text after the note's own "..." is shown, as Elasticsearch shows the short note whole.
    expect(phrase!.highlights.join(' … ')).toMatch(/i gangen/);
  });
});
