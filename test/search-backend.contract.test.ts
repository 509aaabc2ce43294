/**
 * One contract, every search backend: Elasticsearch (real server), and the embedded
 * PostgreSQL full-text backend on real PostgreSQL and on PGlite.
 */
import { createPgliteDb } from '../lib/db';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { createPostgresBackend, sqlSum } from '../search-index/postgres';
import { isTooManyClauses, withClauseBudget } from '../search-index/clause-budget';
import { noteKey } from '../search-index/note-key';
import { buildQuery } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import {
  charsNotIndexedKey,
  partlyKey,
  PERSON_KEYS_MAX,
  type IndexDocument,
  type SearchBackend,
  type SearchQuery,
} from '../search-index/types';
import { createHash } from 'node:crypto';
import { createTestDatabase, dropIndexes, requireEnv, testIndexPrefix } from '../dev/services';
import { SEARCH_BACKENDS, withSearchSchema, type BackendHarness } from '../dev/search-backends';

const doc = (
  id: string,
  patientId: string,
  text: string,
  version = 1,
  localDate = '2013-10-02',
  ageAtDate = 13,
): IndexDocument => ({
  id,
  kind: 'journal_entry',
  patientId,
  nationalIds: [],
  refs: { entityId: id },
  sourceSystem: 'PROFIL',
  type: 'Helsesamtale',
  writtenAt: `${localDate}T11:00:00.000Z`,
  localDate,
  ageAtDate,
  authorName: 'Berit Hoel',
  service: null,
  text,
  version,
});

const harnesses = SEARCH_BACKENDS;
type Harness = BackendHarness;

describe.each(harnesses)('search backend contract: %s', (_name, make) => {
  let h: Harness;
  beforeAll(async () => {
    h = await make();
    await h.backend.ensureReady();
    await h.backend.upsert([
      doc('a', 'p1', 'Forteller at hun ble mobbet i friminuttene.'),
      doc('b', 'p1', 'Hoste og lett feber i tre dager.'),
      doc('c', 'p2', 'Han ble mobbet på skolen i fjor.'),
    ]);
    await h.backend.refresh();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  test('finds an inflected word and highlights it', async () => {
    const r = await h.backend.search({ query: 'mobbet', first: 10 });
    expect(r.hits.map((x) => x.id).sort()).toEqual(['a', 'c']);
    expect(r.total).toBe(2);
    expect(r.hits[0]!.highlights.join(' ')).toMatch(/<em>mobbet<\/em>/i);
  });

  test('filters by patient', async () => {
    const r = await h.backend.search({ query: 'mobbet', patientIds: ['p2'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['c']);
    expect(r.hits[0]!.patientId).toBe('p2');
  });

  test('a newer version replaces the text', async () => {
    await h.backend.upsert([doc('b', 'p1', 'Korrigert: forkjølelse uten feber.', 2)]);
    await h.backend.refresh();
    expect((await h.backend.search({ query: 'hoste', first: 10 })).hits).toEqual([]);
    expect((await h.backend.search({ query: 'forkjølelse', first: 10 })).hits.map((x) => x.id)).toEqual([
      'b',
    ]);
  });

  test('a note whose words overflow a PostgreSQL tsvector (over 1 MB) is indexed with the rest of its batch and found by its first words (found in review s32: its batch failed on every drain)', async () => {
    // A backend of its own: the note's 40,000 words would move the shared index's statistics
    // (Elasticsearch counts a deleted document's length until its segment merges), and with
    // them the order other tests here assert.
    const own = await make();
    try {
      await own.backend.ensureReady();
      const words = Array.from({ length: 40_000 }, (_, i) =>
        createHash('md5').update(String(i)).digest('hex'),
      );
      const big = doc('big', 'p-big', `Innkomst: zqxhovedord nevnt av pasienten. ${words.join(' ')}`);
      await own.backend.upsert([big, doc('small', 'p-big', 'Ny note om zqxandreord i samme parti.')]);
      await own.backend.refresh();
      const find = async (q: string) =>
        (await own.backend.search({ query: q, patientIds: ['p-big'], first: 10 })).hits.map((x) => x.id);
      expect(await find('zqxhovedord')).toEqual(['big']);
      expect(await find('zqxandreord')).toEqual(['small']);
    } finally {
      await own.cleanup();
    }
  });

  test('pasientjournalloven § 22: a note indexed in part is reported in coverage with the characters not indexed, so a reviewer knows its last words are not searched (review s33)', async () => {
    // Found (left open by review s32): on PostgreSQL a note whose words overflow a tsvector is
    // indexed cut (its words past the cut are not found), and nothing but a log line said so:
    // searchCoverage counted it as indexed like any other. Expected: countBySource (and so
    // searchCoverage's partlyIndexed / charsNotIndexed) counts it and the characters left out;
    // Elasticsearch indexes the whole text and reports none.
    const own = await make();
    try {
      await own.backend.ensureReady();
      const words = Array.from({ length: 40_000 }, (_, i) =>
        createHash('md5').update(String(i)).digest('hex'),
      );
      const text = `Innkomst: zqxhovedord nevnt av pasienten. ${words.join(' ')} Til slutt: zqxsisteord.`;
      await own.backend.upsert([doc('big', 'p-big', text), doc('small', 'p-big', 'Ny note om zqxandreord.')]);
      await own.backend.refresh();
      const counts = await own.backend.countBySource({ patientIds: ['p-big'], nationalIds: [] });
      expect(counts.get('journal_entry:PROFIL')).toBe(2);
      const last = (await own.backend.search({ query: 'zqxsisteord', patientIds: ['p-big'], first: 10 }))
        .hits;
      if (own.backend.name === 'postgres') {
        // Its last word is past the cut: not found, and coverage says so.
        expect(last).toEqual([]);
        expect(counts.get(partlyKey('journal_entry:PROFIL'))).toBe(1);
        const missing = counts.get(charsNotIndexedKey('journal_entry:PROFIL'))!;
        expect(missing).toBeGreaterThan(text.indexOf('zqxsisteord') - text.length / 2);
        expect(missing).toBeLessThan(text.length);
        // Written again whole (the note corrected to a short text): no longer reported.
        await own.backend.upsert([doc('big', 'p-big', 'Rettet: kort tekst.', 2)]);
        const after = await own.backend.countBySource({ patientIds: ['p-big'], nationalIds: [] });
        expect(after.get(partlyKey('journal_entry:PROFIL'))).toBeUndefined();
        expect(after.get(charsNotIndexedKey('journal_entry:PROFIL'))).toBeUndefined();
      } else {
        expect(last.map((x) => x.id)).toEqual(['big']);
        expect(counts.get(partlyKey('journal_entry:PROFIL'))).toBeUndefined();
      }
    } finally {
      await own.cleanup();
    }
  });

  test("personopplysningsloven art. 89 (1): tokens() are the backend's own analysis: a word finds a name exactly when their tokens meet (lib/policy/research-search.ts refuses by them; review s38)", async () => {
    await h.backend.upsert([doc('tk', 'p9', 'Bakke, Fjellheim.')]);
    await h.backend.refresh();
    try {
      const names = await h.backend.tokens(['bakke', 'fjellheim']);
      const seen: Record<string, [boolean, boolean]> = {};
      for (const w of ['bakkene', 'bakker', 'fjellheimene', 'fjellheim', 'hentet', 'mobbet']) {
        const found =
          (await h.backend.search({ query: w, patientIds: ['p9'], first: 10, expand: false })).total > 0;
        const meets = [...(await h.backend.tokens([w]))].some((t) => names.has(t));
        seen[w] = [found, meets];
      }
      expect(
        Object.fromEntries(Object.entries(seen).filter(([, [found, meets]]) => found !== meets)),
      ).toEqual({});
      // Both analyses stem "bakkene" to the name Bakke; only PostgreSQL's Snowball "fjellheimene".
      expect(seen.bakkene).toEqual([true, true]);
      expect(seen.mobbet).toEqual([false, false]);
      expect(await h.backend.tokens([])).toEqual(new Set());
    } finally {
      await h.backend.remove(['tk']);
      await h.backend.refresh();
    }
  });

  test('a removed document is not found again, and removing twice is harmless', async () => {
    await h.backend.remove(['c']);
    await h.backend.remove(['c']);
    await h.backend.refresh();
    expect((await h.backend.search({ query: 'mobbet', first: 10 })).hits.map((x) => x.id)).toEqual(['a']);
  });

  test('a concept finds its variants, compounds and phrases, and not the tempting look-alikes', async () => {
    await h.backend.upsert([
      doc('v1', 'p3', 'Blir holdt utenfor av jentene i klassen.'),
      doc('v2', 'p3', 'Utsatt for skolemobbing i flere år.'),
      doc('v3', 'p3', 'Er plaget av noen i klassen.'),
      doc('v4', 'p3', 'Plaget av hoste om natta.'),
      doc('v5', 'p3', 'Klassen har hatt et antimobbeprogram.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'mobbing', patientIds: ['p3'], first: 10 });
    expect(r.hits.map((x) => x.id).sort()).toEqual(['v1', 'v2', 'v3']);
    const v1 = r.hits.find((x) => x.id === 'v1')!;
    expect(v1.matched).toContain('mobbing:phrase:holdt utenfor');
    expect(r.termReport.find((t) => t.expansion === 'mobbing:compound:mobb')!.hits).toBe(1);
    const off = await h.backend.search({
      query: 'mobbing',
      patientIds: ['p3'],
      first: 10,
      disabled: ['phrase', 'mobbing:near:utenfor'],
    });
    expect(off.hits.map((x) => x.id)).not.toContain('v1');
  });

  test('dates and ages filter; paging walks the whole result once', async () => {
    await h.backend.upsert([
      doc('w1', 'p4', 'Hodepine etter skolen.', 1, '2012-01-10', 11),
      doc('w2', 'p4', 'Hodepine og kvalme.', 1, '2014-03-01', 13),
      doc('w3', 'p4', 'Hodepine igjen.', 1, '2016-06-01', 16),
    ]);
    await h.backend.refresh();
    const byAge = await h.backend.search({
      query: 'hodepine',
      patientIds: ['p4'],
      ageFrom: 13,
      ageTo: 15,
      first: 10,
    });
    expect(byAge.hits.map((x) => x.id)).toEqual(['w2']);
    const byDate = await h.backend.search({
      query: 'hodepine',
      patientIds: ['p4'],
      from: '2012-01-10',
      to: '2014-03-01',
      first: 10,
    });
    expect(byDate.hits.map((x) => x.id).sort()).toEqual(['w1', 'w2']);
    const first = await h.backend.search({ query: 'hodepine', patientIds: ['p4'], first: 2 });
    expect(first.hasNextPage).toBe(true);
    const second = await h.backend.search({
      query: 'hodepine',
      patientIds: ['p4'],
      first: 2,
      after: first.endCursor!,
    });
    expect(second.hasNextPage).toBe(false);
    expect([...first.hits, ...second.hits].map((x) => x.id).sort()).toEqual(['w1', 'w2', 'w3']);
    // Every page has the query's total, also one past its last match (a cursor of a query with
    // more matches; found in review: 0 on PostgreSQL).
    expect([first.total, second.total]).toEqual([3, 3]);
    const p4 = { query: 'hodepine', patientIds: ['p4'], first: 1 };
    const c1 = (await h.backend.search(p4)).endCursor!;
    const c2 = (await h.backend.search({ ...p4, after: c1 })).endCursor!;
    const past = await h.backend.search({ ...p4, from: '2012-01-10', to: '2014-03-01', after: c2 });
    expect(past.total).toBe(2);
  });

  // lib/policy (pasientjournalloven § 19 and § 22): the caller's reach goes into the backend's query.
  test('the policy scope filters totals, pages, the term report and coverage; no grant finds nothing; highlights can be left out', async () => {
    await h.backend.upsert([
      { ...doc('s1', 'p6', 'Kvalme etter maten.', 1, '2015-01-10', 20), nationalIds: ['01010112345'] },
      doc('s2', 'p6', 'Kvalme om natta.', 1, '2019-05-01', 24),
      doc('s3', 'p7', 'Kvalme og svimmelhet.', 1, '2015-02-01', 30),
      {
        ...doc('s4', '', 'Kvalme nevnt i saken.', 1, '2015-03-01', 0),
        kind: 'journalpost',
        patientId: null,
        nationalIds: ['01010112345'],
      },
    ]);
    await h.backend.refresh();
    const all = await h.backend.search({ query: 'kvalme', first: 10 });
    expect(all.total).toBeGreaterThanOrEqual(4);
    const scope = {
      grants: [{ patientIds: ['p6'], nationalIds: ['01010112345'], from: '2015-01-01', to: '2016-12-31' }],
    };
    const r = await h.backend.search({ query: 'kvalme', first: 1, scope, termReport: true });
    expect(r.total).toBe(2);
    expect(r.termReport.find((t) => t.expansion === 'word:kvalme')!.hits).toBe(2);
    const page2 = await h.backend.search({ query: 'kvalme', first: 1, scope, after: r.endCursor! });
    expect([...r.hits, ...page2.hits].map((x) => x.id).sort()).toEqual(['s1', 's4']);
    expect(page2.hasNextPage).toBe(false);
    // A second grant (break the glass) adds a person with no period.
    const two = await h.backend.search({
      query: 'kvalme',
      first: 10,
      scope: { grants: [...scope.grants, { patientIds: ['p7'], nationalIds: [] }] },
    });
    expect(two.hits.map((x) => x.id).sort()).toEqual(['s1', 's3', 's4']);
    const none = await h.backend.search({
      query: 'kvalme',
      first: 10,
      scope: { grants: [] },
      termReport: true,
    });
    expect(none.total).toBe(0);
    expect(none.termReport.every((t) => t.hits === 0)).toBe(true);
    const plain = await h.backend.search({ query: 'kvalme', first: 10, scope, highlight: false });
    expect(plain.hits.every((x) => x.highlights.length === 0)).toBe(true);
    const counts = await h.backend.countBySource({ patientIds: ['p6', 'p7'], nationalIds: [], scope });
    expect(counts.get('journal_entry:PROFIL')).toBe(1);
  });

  // lib/policy/search-counts.ts counts the persons behind an aggregate-only grant's counts.
  test('helseforskningsloven § 33, helseregisterloven § 6: persons asked for, the total and each term-report row name the record ids and national ids behind them, within the scope; all of them or marked incomplete', async () => {
    await h.backend.upsert([
      { ...doc('k1', 'pk1', 'Zqxperson i notatet.'), nationalIds: ['nid-k1'] },
      { ...doc('k2', 'pk1', 'Zqxperson igjen.'), nationalIds: ['nid-k1'] },
      doc('k3', 'pk2', 'Zqxperson og zqxannen.'),
      {
        ...doc('k4', '', 'Zqxperson i saken.'),
        kind: 'journalpost',
        patientId: null,
        nationalIds: ['nid-k3'],
      },
      { ...doc('k5', 'pk9', 'Zqxperson utenfor.'), nationalIds: ['nid-k9'] },
    ]);
    await h.backend.refresh();
    const scope = { grants: [{ patientIds: ['pk1', 'pk2'], nationalIds: ['nid-k1', 'nid-k3'] }] };
    const r = await h.backend.search({
      query: 'zqxperson zqxannen',
      expand: false,
      first: 0,
      scope,
      termReport: true,
      persons: true,
    });
    const sorted = (k: { patientIds: string[]; nationalIds: string[]; complete: boolean } | undefined) =>
      k && {
        patientIds: [...k.patientIds].sort(),
        nationalIds: [...k.nationalIds].sort(),
        complete: k.complete,
      };
    // "zqxperson zqxannen": both words (k3).
    expect(r.total).toBe(1);
    expect(sorted(r.persons)).toEqual({ patientIds: ['pk2'], nationalIds: [], complete: true });
    const row = (w: string) => r.termReport.find((t) => t.expansion === `word:${w}`)!;
    expect(row('zqxperson').hits).toBe(4);
    expect(sorted(row('zqxperson').persons)).toEqual({
      patientIds: ['pk1', 'pk2'],
      nationalIds: ['nid-k1', 'nid-k3'],
      complete: true,
    });
    expect(sorted(row('zqxannen').persons)).toEqual({ patientIds: ['pk2'], nationalIds: [], complete: true });
    // Nothing found: no one, and that is all.
    const none = await h.backend.search({
      query: 'zqxingenting',
      expand: false,
      first: 0,
      scope,
      persons: true,
    });
    expect(none.total).toBe(0);
    expect(none.persons).toEqual({
      patientIds: [],
      nationalIds: [],
      complete: true,
      notesKey: '0',
      notesKeyed: 0,
    });
    // Not asked for: not computed.
    const plain = await h.backend.search({
      query: 'zqxperson',
      expand: false,
      first: 0,
      scope,
      termReport: true,
    });
    expect(plain.persons).toBeUndefined();
    expect(plain.termReport.every((t) => t.persons === undefined)).toBe(true);
    // Over PERSON_KEYS_MAX record ids: the keys given are some of them, marked incomplete.
    await h.backend.upsert(
      Array.from({ length: PERSON_KEYS_MAX + 2 }, (_, i) => doc(`km${i}`, `pm${i}`, 'Zqxmange her.')),
    );
    await h.backend.refresh();
    const many = await h.backend.search({
      query: 'zqxmange',
      expand: false,
      first: 0,
      termReport: true,
      persons: true,
    });
    expect(many.total).toBe(PERSON_KEYS_MAX + 2);
    expect(many.persons!.complete).toBe(false);
    expect(many.persons!.patientIds.length).toBeLessThanOrEqual(PERSON_KEYS_MAX);
    expect(many.termReport[0]!.persons!.complete).toBe(false);
    // The documents behind a count by their note keys' sum, all of them (not cut like the ids),
    // the same number on every backend (lib/policy/search-counts.ts keys its noise with it).
    const sum = (ids: string[]) => String(ids.reduce((a, id) => a + noteKey(id), 0));
    const all = Array.from({ length: PERSON_KEYS_MAX + 2 }, (_, i) => `km${i}`);
    expect(many.persons!.notesKey).toBe(sum(all));
    expect(many.persons!.notesKeyed).toBe(PERSON_KEYS_MAX + 2);
    expect(many.termReport[0]!.persons!.notesKey).toBe(sum(all));
    expect(r.persons!.notesKey).toBe(sum(['k3']));
    expect(row('zqxperson').persons!.notesKey).not.toBe(row('zqxannen').persons!.notesKey);
  });

  // helseforskningsloven § 33: a research grant's age window bounds every record kind (as
  // researchCohort and the extract), its sources and services the notes.
  test("helseforskningsloven § 33: a grant's age window narrows every kind, its sources and services journal notes only (totals, term report); its kinds bound the kinds", async () => {
    await h.backend.upsert([
      { ...doc('g1', 'p8', 'Zqxvilkår på skolen.', 1, '2015-01-10', 14), service: 'Skolehelse' },
      { ...doc('g2', 'p8', 'Zqxvilkår som voksen.', 1, '2031-01-10', 30), service: 'Skolehelse' },
      { ...doc('g3', 'p8', 'Zqxvilkår hos fastlegen.', 1, '2015-02-10', 14), service: 'Fastlege' },
      { ...doc('g4', 'p8', 'Zqxvilkår i saken.', 1, '2031-03-01', 30), kind: 'journalpost' },
    ]);
    await h.backend.refresh();
    const grant = { patientIds: ['p8'], nationalIds: [] };
    const ask = (notes: NonNullable<NonNullable<SearchQuery['scope']>['grants']>[number]['notes']) =>
      h.backend.search({
        query: 'zqxvilkår',
        first: 10,
        termReport: true,
        scope: { grants: [{ ...grant, notes }] },
      });
    const age = await ask({ ageFrom: 13, ageTo: 15 });
    // g4, a journalpost at 30, is outside the age window too (found in review: it was counted).
    expect(age.hits.map((x) => x.id).sort()).toEqual(['g1', 'g3']);
    expect(age.termReport.find((t) => t.expansion === 'word:zqxvilkår')!.hits).toBe(2);
    const service = await ask({ services: ['Skolehelse'], sources: ['PROFIL'] });
    expect(service.hits.map((x) => x.id).sort()).toEqual(['g1', 'g2', 'g4']);
    const both = await ask({ ageFrom: 13, ageTo: 15, services: ['Skolehelse'] });
    expect(both.total).toBe(1);
    // The record kinds whose source the grant approves: here the journal only.
    const kinds = await h.backend.search({
      query: 'zqxvilkår',
      first: 10,
      scope: { grants: [{ ...grant, kinds: ['journal_entry'] }] },
    });
    expect(kinds.hits.map((x) => x.id).sort()).toEqual(['g1', 'g2', 'g3']);
    const none = await h.backend.search({
      query: 'zqxvilkår',
      first: 10,
      scope: { grants: [{ ...grant, kinds: [] }] },
    });
    expect(none.total).toBe(0);
  });

  // pasient- og brukerrettighetsloven § 5-1 (lib/policy readsNoRequests): a scope without
  // grants reaches every person, and its excluded cases are left out of hits and totals.
  test('pasient- og brukerrettighetsloven § 5-1: a scope of every person leaves its excluded cases out', async () => {
    await h.backend.upsert([
      {
        ...doc('xc1', 'p9', 'Zqxinnsynssak begjæring.', 1, '2024-01-10', 40),
        kind: 'journalpost',
        refs: { entityId: 'xc1', saksmappeId: 'case-req' },
      },
      {
        ...doc('xc2', 'p9', 'Zqxinnsynssak annen sak.', 1, '2024-01-11', 40),
        kind: 'journalpost',
        refs: { entityId: 'xc2', saksmappeId: 'case-other' },
      },
      doc('xc3', 'p10', 'Zqxinnsynssak i notatet.', 1, '2024-01-12', 40),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({
      query: 'zqxinnsynssak',
      first: 10,
      termReport: true,
      scope: { excludedCases: ['case-req'] },
    });
    expect(r.hits.map((x) => x.id).sort()).toEqual(['xc2', 'xc3']);
    expect(r.total).toBe(2);
    expect(r.termReport.find((t) => t.expansion === 'word:zqxinnsynssak')!.hits).toBe(2);
    // More cases than Elasticsearch takes in one terms query (index.max_terms_count, 65,536): the
    // archive's every access request, over the years.
    const many = [...Array.from({ length: 70_000 }, (_, i) => `case-${i}`), 'case-req'];
    const all = await h.backend.search({ query: 'zqxinnsynssak', first: 10, scope: { excludedCases: many } });
    expect(all.hits.map((x) => x.id).sort()).toEqual(['xc2', 'xc3']);
  });

  test("helseforskningsloven § 33, pasientjournalloven § 22: an age window on a case record of several parties is the asked person's own age, never another party's (found in review)", async () => {
    // A case of child A (14 on its date) and parent B (40): no one age of the record.
    const parties = { nationalIds: ['nid-b', 'nid-a'], partyAges: [40, 14], ageAtDate: null };
    await h.backend.upsert([
      {
        ...doc('pa1', 'x', 'Zqxpartalder i saken.', 1, '2015-01-10', 0),
        ...parties,
        kind: 'journalpost',
        patientId: null,
      },
      {
        ...doc('pa2', 'x', 'Zqxpartalder i saken.', 1, '2015-01-10', 0),
        nationalIds: ['nid-b'],
        partyAges: [40],
        ageAtDate: 40,
        kind: 'journalpost',
        patientId: null,
      },
    ]);
    await h.backend.refresh();
    const ids = (r: { hits: { id: string }[] }) => r.hits.map((x) => x.id).sort();
    const teen = { ageFrom: 13, ageTo: 15 };
    // A person's search in an age window (Patient.search): A's own age.
    expect(
      ids(await h.backend.search({ query: 'zqxpartalder', first: 10, nationalIds: ['nid-a'], ...teen })),
    ).toEqual(['pa1']);
    expect(
      ids(await h.backend.search({ query: 'zqxpartalder', first: 10, nationalIds: ['nid-b'], ...teen })),
    ).toEqual([]);
    expect(
      ids(
        await h.backend.search({
          query: 'zqxpartalder',
          first: 10,
          nationalIds: ['nid-b'],
          ageFrom: 40,
          ageTo: 40,
        }),
      ),
    ).toEqual(['pa1', 'pa2']);
    // Over everyone: a record some party of was in the window.
    expect(ids(await h.backend.search({ query: 'zqxpartalder', first: 10, ...teen }))).toEqual(['pa1']);
    // A research grant's age window: the cohort person's age.
    const grant = (nationalIds: string[]) =>
      h.backend.search({
        query: 'zqxpartalder',
        first: 10,
        termReport: true,
        scope: { grants: [{ patientIds: [], nationalIds, notes: teen }] },
      });
    expect(ids(await grant(['nid-a']))).toEqual(['pa1']);
    const cohortB = await grant(['nid-b']);
    expect(cohortB.total).toBe(0);
    expect(cohortB.termReport.find((t) => t.expansion === 'word:zqxpartalder')?.hits ?? 0).toBe(0);
    // Coverage counts the same way.
    const count = (nationalIds: string[]) =>
      h.backend.countBySource({ patientIds: [], nationalIds, ...teen });
    expect([...(await count(['nid-a'])).values()].reduce((a, b) => a + b, 0)).toBe(1);
    expect([...(await count(['nid-b'])).values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  test('tvang names mechanical restraint as notes write it (psykisk helsevernloven § 4-8: belter og remmer), not a seat belt', async () => {
    await h.backend.upsert([
      doc('b1', 'p9', 'Lagt i belter etter vedtak, fast vakt.'),
      doc('b2', 'p9', 'Beltefiksert i to timer.'),
      doc('b3', 'p9', 'Brukte setebelte i drosjen til sykehuset.'),
    ]);
    await h.backend.refresh();
    for (const query of ['tvang', 'belter']) {
      const r = await h.backend.search({ query, patientIds: ['p9'], first: 10 });
      expect([query, r.hits.map((x) => x.id).sort()]).toEqual([query, ['b1', 'b2']]);
    }
  });

  test('typo tolerance: Elasticsearch finds a misspelling; the embedded backend does not (stated limitation)', async () => {
    await h.backend.upsert([doc('t1', 'p5', 'Samtale om mobing i klassen.')]);
    await h.backend.refresh();
    const r = await h.backend.search({
      query: 'mobbing',
      patientIds: ['p5'],
      first: 10,
      disabled: ['phrase', 'near', 'compound', 'term'],
    });
    expect(r.hits.map((x) => x.id)).toEqual(h.backend.name === 'elasticsearch' ? ['t1'] : []);
    // A misspelling the vocabulary lists is found on every backend.
    const listed = await h.backend.search({ query: 'mobbing', patientIds: ['p5'], first: 10 });
    expect(listed.hits.map((x) => x.id)).toEqual(['t1']);
    expect(listed.hits[0]!.matched).toContain('mobbing:term:mobing');
  });

  test('compounds: the indexer splits them, so a word finds the compounds it is part of, and a compound query word finds its parts', async () => {
    await h.backend.upsert([
      doc('k1', 'p6', 'Mor er bekymret for alkoholbruken hans i helgene.'),
      doc('k2', 'p6', 'Har problemer med søvnen etter flyttingen.'),
      doc('k3', 'p6', 'Installert trygghetsalarm, testet sammen med bruker.'),
    ]);
    await h.backend.refresh();
    const alcohol = await h.backend.search({ query: 'alkohol', patientIds: ['p6'], first: 10, expand: true });
    expect(alcohol.hits.map((x) => x.id)).toEqual(['k1']);
    expect(alcohol.hits[0]!.matched).toContain('compound:alkohol');
    const sleep = await h.backend.search({ query: 'søvnproblemer', patientIds: ['p6'], first: 10 });
    expect(sleep.hits.map((x) => x.id)).toEqual(['k2']);
    // Only real compounds are split: "installert" is not inst + all + ert.
    const peas = await h.backend.search({ query: 'ert', patientIds: ['p6'], first: 10 });
    expect(peas.hits).toEqual([]);
  });

  test('a compound query word names its concept through a part: søvnproblemer → søvnvansker', async () => {
    await h.backend.upsert([doc('s1', 'p7', 'Sover dårlig og våkner flere ganger hver natt.')]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'søvnproblemer', patientIds: ['p7'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['s1']);
    expect(r.hits[0]!.matched.some((m) => m.startsWith('søvnvansker:'))).toBe(true);
    expect(r.termReport.some((t) => t.concept === 'søvnvansker' && t.hits === 1)).toBe(true);
  });

  test('a trigger phrase is one concept ("fysisk holding"), and a context rule keeps "fall i blodtrykket" out of falls', async () => {
    await h.backend.upsert([
      doc('f1', 'p8', 'To ansatte holdt armene hans til han roet seg.'),
      doc('f2', 'p8', 'Falt på badet i natt, funnet på gulvet av nattevakt.'),
      doc('f3', 'p8', 'Ortostatisk fall i blodtrykket ved oppreisning.'),
    ]);
    await h.backend.refresh();
    const holding = await h.backend.search({ query: 'fysisk holding', patientIds: ['p8'], first: 10 });
    expect(holding.hits.map((x) => x.id)).toEqual(['f1']);
    expect(holding.hits[0]!.matched.some((m) => m.startsWith('fysisk-holding:'))).toBe(true);
    const falls = await h.backend.search({ query: 'fall', patientIds: ['p8'], first: 10 });
    expect(falls.hits.map((x) => x.id)).toEqual(['f2']);
  });

  test('a negated mention is ranked below the real ones, not dropped, and named', async () => {
    await h.backend.upsert([
      doc('n1', 'p9', 'Ingen selvmordstanker nå, sier hun.'),
      doc('n2', 'p9', 'Forteller om selvmordstanker den siste uken.'),
      doc('n3', 'p9', 'Har tenkt på å ta livet sitt.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'selvmordstanker', patientIds: ['p9'], first: 10 });
    expect(r.hits.map((x) => x.id)).toHaveLength(3);
    expect(r.hits[2]!.id).toBe('n1');
    expect(r.hits[2]!.matched).toContain('selvmordstanker:negated');
    expect(r.termReport.find((t) => t.expansion === 'selvmordstanker:negated')!.hits).toBe(1);
  });

  test('nynorsk negates too ("har ikkje sjølvmordstankar"): ranked below the real mentions, and named', async () => {
    await h.backend.upsert([
      doc('nn1', 'p24', 'Har ikkje sjølvmordstankar no, seier ho.'),
      doc('nn2', 'p24', 'Fortel om sjølvmordstankar den siste veka.'),
      doc('nn3', 'p24', 'Ho seier ho vil døy.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'selvmordstanker', patientIds: ['p24'], first: 10 });
    expect(r.hits.map((x) => x.id)).toHaveLength(3);
    expect(r.hits[2]!.id).toBe('nn1');
    expect(r.hits[2]!.matched).toContain('selvmordstanker:negated');
    expect(r.hits[0]!.matched).not.toContain('selvmordstanker:negated');
  });

  test('nynorsk "ikkje mobba" and "inga mobbing" are negated mentions, "vart mobba" a real one', async () => {
    await h.backend.upsert([
      doc('nm1', 'p94', 'Ho vart ikkje mobba på skulen, seier ho.'),
      doc('nm2', 'p94', 'Ho vart mobba i friminutta heile hausten.'),
      doc('nm3', 'p94', 'Inga mobbing i klassen no.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'mobbing', patientIds: ['p94'], first: 10 });
    expect(r.hits.map((x) => x.id)).toHaveLength(3);
    expect(r.hits[0]!.id).toBe('nm2');
    expect(r.hits[0]!.matched).not.toContain('mobbing:negated');
    for (const x of r.hits.slice(1)) expect(x.matched).toContain('mobbing:negated');
  });

  test('the vocabulary reads nynorsk: "søv dårleg", "vaken om natta", "har ikkje sove" (not negated), "halden i hendene", not "sov godt"', async () => {
    await h.backend.upsert([
      doc('ny1', 'p25', 'Ho søv dårleg for tida.'),
      doc('ny2', 'p25', 'Var vaken om natta og ville heim.'),
      doc('ny3', 'p25', 'Sov godt, vaken kl 7 og åt frukost.'),
      doc('ny4', 'p25', 'Ho vart halden i hendene av to personale til ho roa seg.'),
      doc('ny5', 'p25', 'Har ikkje sove i natt.'),
    ]);
    await h.backend.refresh();
    const sleep = await h.backend.search({ query: 'søvnvansker', patientIds: ['p25'], first: 10 });
    expect(sleep.hits.map((x) => x.id).sort()).toEqual(['ny1', 'ny2', 'ny5']);
    // "ikkje sove" is the sleep problem itself, not a negated mention of it.
    expect(sleep.hits.find((x) => x.id === 'ny5')!.matched).not.toContain('søvnvansker:negated');
    const holding = await h.backend.search({ query: 'fysisk holding', patientIds: ['p25'], first: 10 });
    expect(holding.hits.map((x) => x.id)).toEqual(['ny4']);
  });

  test('a negation after the mention ranks it down too ("spurt om selvmordstanker, avkrefter")', async () => {
    await h.backend.upsert([
      doc('a1', 'p20', 'Spurt direkte om selvmordstanker, avkrefter. Rolig.'),
      doc('a2', 'p20', 'Beskriver selvmordstanker flere ganger daglig.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'selvmordstanker', patientIds: ['p20'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['a2', 'a1']);
    expect(r.hits[1]!.matched).toContain('selvmordstanker:negated');
    expect(r.hits[0]!.matched).not.toContain('selvmordstanker:negated');
  });

  test('a query that negates the topic itself ("ingen selvmordstanker", "selvmordstanker avkreftet") ranks the negated mentions first, the others still found', async () => {
    await h.backend.upsert([
      doc('q1', 'p29', 'Ingen selvmordstanker nå, sier hun.'),
      doc('q2', 'p29', 'Forteller om selvmordstanker den siste uken.'),
      doc('q3', 'p29', 'Har tenkt på å ta livet sitt.'),
    ]);
    await h.backend.refresh();
    for (const query of ['ingen selvmordstanker', 'selvmordstanker avkreftet']) {
      const r = await h.backend.search({ query, patientIds: ['p29'], first: 10 });
      // Before: q1 last, as for "selvmordstanker".
      expect([query, r.hits[0]!.id]).toEqual([query, 'q1']);
      expect(r.hits.map((x) => x.id).sort()).toEqual(['q1', 'q2', 'q3']);
      expect(r.hits[0]!.matched).toContain('selvmordstanker:negated');
      expect(r.termReport.find((t) => t.expansion === 'selvmordstanker:negated')!.hits).toBe(1);
    }
    const plain = await h.backend.search({ query: 'selvmordstanker', patientIds: ['p29'], first: 10 });
    expect(plain.hits.at(-1)!.id).toBe('q1');
  });

  test('a query of several words that is a concept phrase is the concept, short words aside ("vold i nære relasjoner", "spiser lite")', async () => {
    await h.backend.upsert([
      doc('v1', 'p21', 'Samboeren slo henne i går, politiet tilkalt.'),
      doc('v2', 'p21', 'Rører knapt middagen og har gått ned i vekt siste måned.'),
    ]);
    await h.backend.refresh();
    const vold = await h.backend.search({ query: 'vold i nære relasjoner', patientIds: ['p21'], first: 10 });
    expect(vold.hits.map((x) => x.id)).toEqual(['v1']);
    expect(vold.hits[0]!.matched.some((m) => m.startsWith('vold:'))).toBe(true);
    const food = await h.backend.search({ query: 'spiser lite', patientIds: ['p21'], first: 10 });
    expect(food.hits.map((x) => x.id)).toEqual(['v2']);
    expect(food.hits[0]!.matched.some((m) => m.startsWith('ernæring:'))).toBe(true);
  });

  test('a near rule also counts written as one compound ("kveldsbesøk": besøk with kveld), a context word alone not', async () => {
    await h.backend.upsert([
      doc('c1', 'p22', 'Kveldsbesøk: tok medisinene, la seg tidlig.'),
      doc('c2', 'p22', 'Kveldsmaten spist, fornøyd.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'hjemmetjenester', patientIds: ['p22'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['c1']);
    expect(r.hits[0]!.matched).toContain('hjemmetjenester:near:besøk');
  });

  test('"rus og alkohol": "og" joins the words, the note need not have it; both words name one concept, searched once (it overran Elasticsearch\'s clause limit)', async () => {
    await h.backend.upsert([
      doc('r1', 'p24', 'Drikker mye alkohol hver helg, blackout to ganger.'),
      doc('r2', 'p24', 'Kontroll av blodtrykk, fint.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'rus og alkohol', patientIds: ['p24'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['r1']);
    expect(r.hits[0]!.matched.some((m) => m.startsWith('rus:'))).toBe(true);
  });

  test('a query that names a topic asks for the topic: its other words rank a note up and are not required; function words are never required', async () => {
    await h.backend.upsert([
      doc('t1', 'p26', 'Mobbet av medelever i friminuttene, gråt da hun kom hjem.'),
      doc('t2', 'p26', 'Blir mobbet på fritidsklubben, vil ikke gå dit lenger.'),
      doc('t3', 'p26', 'Medelever hjalp til med leksene i dag.'),
      doc('t4', 'p26', 'Nytt høreapparat, batteri byttet.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'mobbing av medelever', patientIds: ['p26'], first: 10 });
    // Before: t1 only (a note had to say "medelever"); the note that says it ranks first.
    expect(r.hits.map((x) => x.id)).toEqual(['t1', 't2']);
    // By OPTIONAL_FACTOR (1.5), not by the order of ids (found in review: PostgreSQL's factor
    // applied to the earlier versions' score alone, so to nothing without them).
    expect(r.hits[0]!.score / r.hits[1]!.score).toBeGreaterThan(1.3);
    // A query naming no topic: "med" is none of its words (WORDS_MINIMUM counts høreapparat, batteri).
    const h2 = await h.backend.search({ query: 'høreapparat med batteri', patientIds: ['p26'], first: 10 });
    expect(h2.hits.map((x) => x.id)).toEqual(['t4']);
  });

  test('a query naming no topic needs half of its words, rounded up; a note with more of them ranks first; expand off needs each', async () => {
    await h.backend.upsert([
      doc('w1', 'p28', 'Nytt høreapparat, lader og batteri byttet.'),
      doc('w2', 'p28', 'Batteri i høreapparatet var tomt.'),
      doc('w3', 'p28', 'Lader til telefonen glemt hjemme.'),
      doc('w4', 'p28', 'Gikk tur, god stemning.'),
    ]);
    await h.backend.refresh();
    // Before: w1 only (every word was required).
    const r = await h.backend.search({ query: 'høreapparat lader batteri', patientIds: ['p28'], first: 10 });
    expect(r.hits.map((x) => x.id)).toEqual(['w1', 'w2']);
    const plain = await h.backend.search({
      query: 'høreapparat lader batteri',
      patientIds: ['p28'],
      first: 10,
      expand: false,
    });
    expect(plain.hits.map((x) => x.id)).toEqual(['w1']);
  });

  test('"eller" or a comma between topics asks for any of them; "og" for each; a run of alternatives beside a topic', async () => {
    await h.backend.upsert([
      doc('e1', 'p27', 'Klager over hodepine siden i går, fått paracet.'),
      doc('e2', 'p27', 'Vondt i magen etter middag, kastet opp en gang.'),
      doc('e3', 'p27', 'Hodepine og vondt i magen hele dagen.'),
      doc('e4', 'p27', 'Gikk tur, god stemning.'),
    ]);
    await h.backend.refresh();
    const any = await h.backend.search({
      query: 'hodepine eller magesmerter',
      patientIds: ['p27'],
      first: 10,
    });
    expect(any.hits.map((x) => x.id).sort()).toEqual(['e1', 'e2', 'e3']);
    const list = await h.backend.search({ query: 'hodepine, magesmerter', patientIds: ['p27'], first: 10 });
    expect(list.hits.map((x) => x.id).sort()).toEqual(['e1', 'e2', 'e3']);
    const each = await h.backend.search({ query: 'hodepine og magesmerter', patientIds: ['p27'], first: 10 });
    expect(each.hits.map((x) => x.id)).toEqual(['e3']);
    // Runs: hodepine, and magesmerter or brystsmerter (e1 has neither of the second run).
    const runs = await h.backend.search({
      query: 'hodepine og magesmerter eller brystsmerter',
      patientIds: ['p27'],
      first: 10,
    });
    expect(runs.hits.map((x) => x.id)).toEqual(['e3']);
  });

  test('a setting of care also finds what its services wrote ("Hjemmesykepleien sone 2"), named, whatever the text; other services not', async () => {
    await h.backend.upsert([
      { ...doc('s1', 'p23', 'Sår på leggen skiftet, lite sekresjon.'), service: 'Hjemmesykepleien sone 2' },
      { ...doc('s2', 'p23', 'Tungpusten i hvile, lege kontaktet.'), service: 'sykepleier HJEMMETJENESTEN' },
      { ...doc('s3', 'p23', 'Sår på leggen skiftet, lite sekresjon.'), service: 'Legevakt' },
      doc('s4', 'p23', 'Tungpusten i hvile, lege kontaktet.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'hjemmesykepleie', patientIds: ['p23'], first: 10 });
    expect(r.hits.map((x) => x.id).sort()).toEqual(['s1', 's2']);
    expect(r.hits.find((x) => x.id === 's1')!.matched).toContain('hjemmetjenester:service:hjemmesykepleie');
    expect(r.hits.find((x) => x.id === 's2')!.matched).toContain('hjemmetjenester:service:hjemmetjeneste');
    // Switched off like any expansion: by name, kind or concept.
    const off = await h.backend.search({
      query: 'hjemmesykepleie',
      patientIds: ['p23'],
      first: 10,
      disabled: ['service'],
    });
    expect(off.hits).toEqual([]);
  });

  test('more-like-this: notes like the ones a reviewer marked are found without the words, and named', async () => {
    await h.backend.upsert([
      doc('m1', 'p10', 'Kaster stoler i fellesrommet, roper til personalet og sparker i døra.'),
      doc('m2', 'p10', 'Roper til personalet i fellesrommet, sparker i døra og kaster stoler igjen.'),
      doc('m3', 'p10', 'Hoste og snue, ellers fin.'),
      doc('m4', 'p11', 'Snue og hoste i tre dager.'),
    ]);
    await h.backend.refresh();
    const without = await h.backend.search({ query: 'hodepine', patientIds: ['p10'], first: 10 });
    expect(without.hits.map((x) => x.id)).toEqual([]);
    const r = await h.backend.search({ query: 'hodepine', patientIds: ['p10'], first: 10, like: ['m1'] });
    expect(r.hits.map((x) => x.id)).toEqual(['m2']);
    expect(r.hits[0]!.matched).toEqual(['more-like-this']);
    expect(r.termReport.find((t) => t.expansion === 'more-like-this')!.hits).toBe(1);
  });

  test("more-like-this: a marked note outside the caller's scope does not shape the query", async () => {
    await h.backend.upsert([
      doc('x1', 'p90', 'Kaster stoler i fellesrommet, roper til personalet og sparker i døra.'),
      doc('x2', 'p91', 'Roper til personalet i fellesrommet, sparker i døra og kaster stoler igjen.'),
    ]);
    await h.backend.refresh();
    const scope = { grants: [{ patientIds: ['p91'], nationalIds: [] }] };
    // x1 belongs to p90, whom this caller may not see: marking it must pull in nothing.
    const r = await h.backend.search({ query: 'hodepine', first: 10, like: ['x1'], scope });
    expect(r.hits.map((x) => x.id)).toEqual([]);
    expect(r.termReport.find((t) => t.expansion === 'more-like-this')?.hits ?? 0).toBe(0);
    // The same mark by a caller who may see p90 finds x2.
    const wide = { grants: [{ patientIds: ['p90', 'p91'], nationalIds: [] }] };
    const ok = await h.backend.search({ query: 'hodepine', first: 10, like: ['x1'], scope: wide });
    expect(ok.hits.map((x) => x.id)).toEqual(['x2']);
  });

  test('suggested terms: the words that characterise the notes found, not the query or function words', async () => {
    await h.backend.upsert([
      doc('g1', 'p12', 'Mobbet i friminuttet, lærer varslet. Rektor kalte inn til møte.'),
      doc('g2', 'p12', 'Mobbet igjen i friminuttet. Rektor har snakket med foreldrene.'),
      doc('g3', 'p12', 'Mobbet på bussen hjem. Rektor informert.'),
      doc('g4', 'p12', 'Vondt i halsen, feber. Rektor har ikke noe med dette.'),
      doc('g5', 'p12', 'Halsbetennelse, penicillin i ti dager.'),
      doc('g6', 'p12', 'Kontroll av hals: fin.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'mobbet', patientIds: ['p12'], first: 10, suggest: true });
    const terms = r.suggestedTerms!.map((t) => t.term);
    expect(terms.some((t) => t.startsWith('friminutt'))).toBe(true);
    expect(terms.some((t) => t.startsWith('mobb'))).toBe(false);
    expect(terms).not.toContain('i');
    const plain = await h.backend.search({ query: 'mobbet', patientIds: ['p12'], first: 10 });
    expect(plain.suggestedTerms).toBeUndefined();
  });

  test('suggested terms leave out Norwegian function words and numbers and keep the words of the topic (review s44, case 2: "ham", "tre", "lei" were offered)', async () => {
    // Found in review s44 (case 2): the bullying search over a person's notes suggested "ham",
    // "tre" and "lei": a pronoun, a numeral and a word that says nothing alone.
    const notes = [
      'Samtale: de har plaget ham tre ganger, han er lei seg. Ertet og utestengt, 2013.',
      'Samtale: plaget ham igjen, ertet av tre gutter, lei seg, utestengt fra gjengen 2013.',
      'Samtale: ertet og plaget ham, lei seg, tre dager borte, utestengt 2013.',
      'Samtale: fortsatt plaget, ertet, utestengt, lei seg. Snakket med ham om tre tiltak 2013.',
    ];
    await h.backend.upsert([
      ...notes.map((t, i) => doc(`fw${i}`, 'p94', t)),
      doc('fw8', 'p94', 'Vaksine gitt i venstre arm.'),
      doc('fw9', 'p94', 'Hoste og feber, kontroll om en uke.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({
      query: 'samtale',
      patientIds: ['p94'],
      first: 10,
      suggest: true,
      expand: false,
    });
    expect(r.hits.map((x) => x.id).sort()).toEqual(['fw0', 'fw1', 'fw2', 'fw3']);
    const terms = r.suggestedTerms!.map((t) => t.term);
    // PostgreSQL suggests lexemes (Snowball stems): "plag" for plaget.
    const offered = (w: string) => terms.some((t) => t === w || (t.length >= 3 && w.startsWith(t)));
    for (const w of ['ham', 'tre', 'lei', '2013']) expect(terms).not.toContain(w);
    for (const w of ['plaget', 'ertet', 'utestengt']) expect([w, offered(w)]).toEqual([w, true]);
    // The feedback pass's candidates are as before (feedback.ts): what a search finds does not change.
    const raw = await h.backend.search({
      query: 'samtale',
      patientIds: ['p94'],
      first: 10,
      suggest: true,
      suggestFunctionWords: true,
      expand: false,
    });
    expect(raw.suggestedTerms!.map((t) => t.term)).toEqual(expect.arrayContaining(['ham']));
  });

  test('highlights mark what matched: a near rule that did not match marks no loose word, one that matched marks its words (review s44, case 2: "kommer <em>alene</em> til HFU", "<em>bilder</em>")', async () => {
    // Found in review s44 (case 2): a bullying note was highlighted "kommer <em>alene</em> til
    // HFU" and "<em>bilder</em>": the words of mobbing's near rules (alene within 6 words of
    // friminuttene, bilder within 4 of delt …), marked wherever they stood, though the rules did
    // not match; the evidence bundle printed them as match fragments.
    await h.backend.upsert([
      doc('hl1', 'p95', 'Han kommer alene til HFU. Mobbet på skolen. Tok bilder med mobilen av hunden.'),
      doc('hl2', 'p95', 'Var alene i friminuttene hver dag, sier han.'),
      doc('hl3', 'p95', 'Vaksine gitt, kommer alene neste gang.'),
      doc('hl4', 'p95', 'Venter utenfor kontoret. Mobbet i timen.'),
      doc('hl5', 'p95', 'Blir holdt utenfor av de andre i klassen.'),
    ]);
    await h.backend.refresh();
    const r = await h.backend.search({ query: 'mobbing', patientIds: ['p95'], first: 10, disabled: ['knn'] });
    const marks = (id: string) => {
      const hit = r.hits.find((x) => x.id === id);
      return hit
        ? [...hit.highlights.join(' ').matchAll(/<em>(.*?)<\/em>/g)].map((m) => m[1]!.toLowerCase())
        : null;
    };
    expect(r.hits.map((x) => x.id).sort()).toEqual(['hl1', 'hl2', 'hl4', 'hl5']);
    // Matched by "mobbet": that is marked, and neither rule's loose word.
    expect(marks('hl1')).toEqual(['mobbet']);
    expect(marks('hl4')).toEqual(['mobbet']);
    // Matched by the phrase "holdt utenfor": the phrase is marked (one span or its words).
    expect(marks('hl5')!.join(' ')).toMatch(/holdt.*utenfor/);
    // Matched by the near rule: its words are the evidence.
    expect(marks('hl2')).toEqual(expect.arrayContaining(['alene']));
    expect(marks('hl2')!.every((w) => ['alene', 'friminuttene', 'alene i friminuttene'].includes(w))).toBe(
      true,
    );
    // A word the user typed alone stays marked.
    const typed = await h.backend.search({
      query: 'alene',
      patientIds: ['p95'],
      first: 10,
      disabled: ['knn'],
    });
    const hl3 = typed.hits.find((x) => x.id === 'hl3');
    expect(hl3?.highlights.join(' ')).toMatch(/<em>alene<\/em>/i);
  });

  test('suggested terms count only what the caller may see: records outside the scope do not move their scores', async () => {
    await h.backend.upsert([
      doc('s1', 'p92', 'Mobbet i friminuttet, lærer varslet. Rektor kalte inn til møte.'),
      doc('s2', 'p92', 'Mobbet igjen i friminuttet. Rektor har snakket med foreldrene.'),
      doc('s3', 'p92', 'Mobbet på bussen hjem. Rektor informert.'),
      doc('s4', 'p92', 'Vondt i halsen, feber.'),
    ]);
    await h.backend.refresh();
    const scope = { grants: [{ patientIds: ['p92'], nationalIds: [] }] };
    const ask = () => h.backend.search({ query: 'mobbet', first: 10, suggest: true, scope });
    const before = (await ask()).suggestedTerms!;
    expect(before.length).toBeGreaterThan(0);
    // Someone else's records full of the same words: what this caller is told must not change.
    await h.backend.upsert(
      ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((id) =>
        doc(id, 'p93', 'Rektor og lærer i friminuttet, møte med foreldrene om bussen hjem.'),
      ),
    );
    await h.backend.refresh();
    expect((await ask()).suggestedTerms).toEqual(before);
  });

  test('elusion sampling: the notes a query does not match, in an order the seed fixes', async () => {
    await h.backend.upsert([
      doc('e1', 'p13', 'Mobbet i friminuttet.'),
      doc('e2', 'p13', 'Hoste og feber.'),
      doc('e3', 'p13', 'Vaksine gitt.'),
      doc('e4', 'p13', 'Kontroll av øret.'),
      doc('e5', 'p13', 'Blir ertet av de andre.'),
    ]);
    await h.backend.refresh();
    const q = { query: 'mobbing', patientIds: ['p13'], first: 10 };
    const un = await h.backend.search({ ...q, elusion: { seed: 7 } });
    expect(un.total).toBe(3);
    expect(un.hits.map((x) => x.id).sort()).toEqual(['e2', 'e3', 'e4']);
    const again = await h.backend.search({ ...q, elusion: { seed: 7 } });
    expect(again.hits.map((x) => x.id)).toEqual(un.hits.map((x) => x.id));
    const two = await h.backend.search({ ...q, first: 2, elusion: { seed: 7 } });
    expect(two.hits.map((x) => x.id)).toEqual(un.hits.slice(0, 2).map((x) => x.id));
  });

  // Last in this block: a rebuild replaces every document of the backend.
  test('helsepersonelloven § 43: a rebuild takes out what is removed from it before it goes live (reindex applies deletions made during the build to the new index; found in review s38)', async () => {
    const target = await h.backend.beginRebuild();
    await target.upsert([doc('r1', 'p14', 'Mobbet på bussen.'), doc('r2', 'p14', 'Mobbet i gymtimen.')]);
    await target.remove(['r1', 'not-there']);
    await target.commit();
    await h.backend.refresh();
    expect(
      (await h.backend.search({ query: 'mobbet', patientIds: ['p14'], first: 10 })).hits.map((x) => x.id),
    ).toEqual(['r2']);
  });
});

describe.each(harnesses.filter(([name]) => name.startsWith('postgres')))(
  'the PostgreSQL backends and many expansions: %s',
  (_name, make) => {
    let h: Harness;
    beforeAll(async () => {
      h = await make();
      await h.backend.ensureReady();
      await h.backend.upsert([
        doc('x1', 'p1', 'Ble mobbet og slått, drikker mye, redd og trist.'),
        doc('x2', 'p1', 'Sover dårlig, våkner flere ganger om natten.'),
      ]);
      await h.backend.refresh();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    test('PostgreSQL and PGlite search five topics at once and refuse more expansions than they take as over the clause cap (for the retry and the clear error), never an internal error (over 1664 columns before, found in review); PGlite answered two topics wrongly, with no error, until sums were balanced', async () => {
      // Before: "mobbing vold" found nothing on PGlite, with no error (a sum of 454 terms
      // overflowed its WebAssembly stack), and it then took one topic at a time.
      const two = await h.backend.search({ query: 'mobbing vold', patientIds: ['p1'], first: 5 });
      expect(two.hits.map((x) => x.id)).toEqual(['x1']);
      expect(two.total).toBe(1);
      const either = await h.backend.search({
        query: 'mobbing eller søvnvansker',
        patientIds: ['p1'],
        first: 5,
      });
      expect(either.hits.map((x) => x.id).sort()).toEqual(['x1', 'x2']);
      const r = await h.backend.search({
        query: 'mobbing vold rus angst depresjon',
        patientIds: ['p1'],
        first: 5,
      });
      expect(r.hits.map((x) => x.id)).toEqual(['x1']);
      expect(r.termReport.length).toBeGreaterThan(1000);
      expect(r.hits[0]!.matched).toEqual(expect.arrayContaining(['mobbing:term:mobbet']));
      // The next query still answers (on PGlite a longer chain broke the next query before).
      const one = await h.backend.search({ query: 'mobbing', patientIds: ['p1'], first: 5 });
      expect(one.hits.map((x) => x.id)).toEqual(['x1']);
      const twelve = h.backend.search({
        query:
          'mobbing vold rus angst depresjon tvang skjerming fall søvnvansker ernæring selvskading omsorgssvikt',
        first: 5,
      });
      await expect(twelve).rejects.toThrow(
        /^too many clauses: \d+ expansions, the .* backend takes at most \d+$/,
      );
      expect(isTooManyClauses(await twelve.catch((e: unknown) => e))).toBe(true);
    });

    test('over the expansion limit a topic query leaves out its other words first, which only rank, and names them (found in review: the query was refused)', async () => {
      const db = h.db!;
      // A limit the topic alone is within and the query with its words is over.
      const topic = buildQuery('søvnvansker', loadVocabulary(), {}).expansions.length;
      const low = createPostgresBackend(db, undefined, {}, topic + 1);
      const words = await low.search({
        query: 'søvnvansker hos Ola Nordmann i Bergen 2023',
        patientIds: ['p1'],
        first: 5,
      });
      expect(words.hits.map((x) => x.id)).toEqual(['x2']);
      expect(words.termReport.map((t) => t.expansion)).toContain(
        "ola (not run: over the PostgreSQL backend's expansion limit; it only ranks)",
      );
      await expect(low.search({ query: 'mobbing vold', patientIds: ['p1'], first: 5 })).rejects.toThrow(
        /^too many clauses: \d+ expansions, the PostgreSQL backend takes at most \d+$/,
      );
    });

    test('a sum of 3,000 terms in SQL (sqlSum) is right on this database: a chain of 300 was answered with no row on PGlite', async () => {
      const db = h.db!;
      const terms = Array.from({ length: 3000 }, (_, i) => `$${i + 1}::int`);
      const r = await db.query<{ s: number }>(
        `SELECT ${sqlSum(terms)} AS s`,
        terms.map(() => 1),
      );
      expect(r.rows).toEqual([{ s: 3000 }]);
    });
  },
);

/**
 * A legal caller's query and the text of notes' earlier versions (helsepersonelloven § 42;
 * search-index/earlier-held.ts, clause-budget.ts): the `earlier:` clauses are added only when
 * some note in the index has earlier versions, and over the clause cap they are the first
 * left out. In a blind run a query was pushed over Elasticsearch's cap by `earlier:` clauses
 * on an index with no earlier version, and ran without its typo forms. Each store is opened
 * by fresh backend objects too, as another process would (the existence check, not the
 * indexer's note, answers them).
 */
const stores: [string, () => Promise<{ open(limit?: number): SearchBackend; cleanup(): Promise<void> }>][] = [
  [
    'elasticsearch',
    async () => {
      const prefix = testIndexPrefix();
      const opened: SearchBackend[] = [];
      return {
        open: () => {
          const b = createElasticsearchBackend({
            url: requireEnv('ELASTICSEARCH_URL'),
            prefix,
            hunspellLocale: 'nb_NO',
          });
          opened.push(b);
          return b;
        },
        cleanup: async () => {
          for (const b of opened) await b.close();
          await dropIndexes(prefix);
        },
      };
    },
  ],
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
      return { open: (limit) => createPostgresBackend(db, undefined, {}, limit), cleanup: () => db.close() };
    },
  ],
];

describe.each(stores)("the earlier versions' clauses and the clause cap: %s", (name, make) => {
  const es = name === 'elasticsearch';
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let raw: SearchBackend;
  /** The query at the edge of the cap: it fits with its typo forms and without earlier versions' clauses. */
  let edge: string;
  // Words two edits apart from each other (each base-26 digit doubled), so that no word is a
  // typo form of another; zqtypoord is one edit from the note's zqtypoerd.
  const word = (i: number) =>
    'zq' +
    i
      .toString(26)
      .padStart(3, '0')
      .split('')
      .map((d) => String.fromCharCode(97 + parseInt(d, 26)).repeat(2))
      .join('');
  const words = Array.from({ length: es ? 4000 : 4 }, (_, i) => word(i));
  const queryOf = (n: number) => [...words.slice(0, n), 'zqtypoord'].join(' ');
  const ask = { first: 1, highlight: false, termReport: !es, earlierVersions: true };

  beforeAll(async () => {
    store = await make();
    if (es) raw = store.open();
    else {
      // The PostgreSQL backends' cap: the expansions of the query without earlier versions' clauses.
      const n = buildQuery(queryOf(words.length), loadVocabulary(), {}).expansions.length;
      raw = store.open(n);
    }
    await raw.ensureReady();
    await raw.upsert([doc('edge', 'p1', [...words, 'zqtypoerd'].join(' '))]);
    await raw.refresh();
    edge = queryOf(words.length);
    if (es) {
      // The most words (in steps of about an eighth) whose query fits the node's clause cap
      // without earlier versions' clauses: those about double a query of plain words.
      const fits: number[] = [];
      for (const n of [4000, 3500, 3000, 2600, 2300, 2000, 1750, 1500, 1300, 1100]) {
        const r = await raw
          .search({ query: queryOf(n), ...ask, disabled: ['earlier'] } as SearchQuery)
          .then(() => true)
          .catch((e: unknown) => {
            if (!isTooManyClauses(e)) throw e;
            return false;
          });
        if (r) {
          fits.push(n);
          break;
        }
      }
      expect(fits).toHaveLength(1);
      edge = queryOf(fits[0]!);
    }
  }, 180_000);
  afterAll(async () => {
    await store?.cleanup();
  });

  test("helsepersonelloven § 42: with no earlier version in the index, a legal caller's query at the edge of the clause cap carries no earlier: clauses and keeps its typo forms (before: they pushed it over the cap and it ran without typo forms)", async () => {
    const r = await withClauseBudget(raw).search({ query: edge, ...ask } as SearchQuery);
    expect(r.notRun).toBeUndefined();
    expect(r.hits.map((x) => x.id)).toEqual(['edge']);
    expect(r.hits[0]!.matched.filter((m) => m.startsWith('earlier'))).toEqual([]);
    if (es) expect(r.hits[0]!.matched).toContain('typo:zqtypoord');
    else {
      // The embedded backend runs no typo forms (a stated limitation), but counts them as expansions.
      expect(r.termReport.map((t) => t.expansion)).toContain('typo:zqtypoord');
      expect(r.termReport.filter((t) => t.kind === 'earlier')).toEqual([]);
    }
  }, 60_000);

  test('helsepersonelloven § 42: once a note has earlier versions the clauses are added, and over the cap they are left out first, named, while the typo forms run; another backend object sees the earlier versions too', async () => {
    await raw.upsert([
      { ...doc('earl', 'p1', 'Rettet notat.'), earlierText: ['Samtale om zqtidligord.'], earlierVersions: 1 },
    ]);
    await raw.refresh();
    // The clauses are there: with them the query is over the cap.
    const over = await raw.search({ query: edge, ...ask } as SearchQuery).catch((e: unknown) => e);
    expect(isTooManyClauses(over)).toBe(true);
    const r = await withClauseBudget(raw).search({ query: edge, ...ask } as SearchQuery);
    expect(r.notRun).toEqual(['earlier']);
    expect(r.hits.map((x) => x.id)).toEqual(['edge']);
    if (es) expect(r.hits[0]!.matched).toContain('typo:zqtypoord');
    else {
      expect(r.termReport.map((t) => t.expansion)).toEqual(
        expect.arrayContaining(['typo:zqtypoord', "earlier (not run: over the search engine's clause cap)"]),
      );
      expect(r.termReport.map((t) => t.expansion)).not.toContain(
        "typo (not run: over the search engine's clause cap)",
      );
    }
    // A backend object that did not write the note (another process) finds it by its earlier text.
    const other = store.open();
    const found = await other.search({ query: 'zqtidligord', first: 5, earlierVersions: true });
    expect(found.hits.map((x) => [x.id, x.matched])).toEqual([['earl', ['earlier:zqtidligord']]]);
  }, 60_000);
});

test("helsepersonelloven § 42, Elasticsearch: the earlier text's compound parts survive a partial update, as the re-embed pass writes one (it rewrites the document from its _source: the parts were kept out of it, found in review)", async () => {
  const prefix = testIndexPrefix();
  const backend = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  try {
    await backend.ensureReady();
    await backend.upsert([
      {
        ...doc('r1', 'p1', 'Rettet notat.'),
        earlierText: ['Mor er bekymret for alkoholbruken.'],
        earlierVersions: 1,
      },
    ]);
    await backend.refresh();
    const find = async () =>
      (await backend.search({ query: 'alkohol', first: 5, earlierVersions: true })).hits.map((x) => [
        x.id,
        x.matched.includes('earlier:compound:alkohol'),
      ]);
    expect(await find()).toEqual([['r1', true]]);
    // The re-embed pass's write (elasticsearch.ts reembed): a partial update of the vector fields.
    await backend.client.update({
      index: `${prefix}-records`,
      id: 'r1',
      doc: { vectorModel: 'm' },
      refresh: true,
    });
    expect(await find()).toEqual([['r1', true]]);
  } finally {
    await backend.close();
    await dropIndexes(prefix);
  }
});
