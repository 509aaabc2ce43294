/**
 * Learned query expansion (search-index/expansions.ts): a fastText model trained on the
 * generator's care notes reaches words no vocabulary lists, on both backends, each neighbour
 * a named `learned:` expansion in matchedExpansions and the term report, switchable, ranked
 * below the word itself, within the caller's scope; and the stack retrains as notes arrive.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { migrate } from '../lib/migrate';
import { startStack, type Stack } from '../scripts/stack';
import { useDictionary } from '../search-index/decompound';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import {
  DEFAULT_EXPANSION_SETTINGS,
  markExpansionsStale,
  openExpansions,
  readFastTextModel,
  STALE_FILE,
  trainExpansions,
  type LearnedExpansions,
} from '../search-index/expansions';
import { createSearchBackend } from '../search-index/backend';
import { corpusFromSources, startExpansionTrainer } from '../search-index/trainer';
import { createPostgresBackend } from '../search-index/postgres';
import type {
  IndexDocument,
  OutboxSource,
  SearchBackend,
  SearchQuery,
  SearchResponse,
} from '../search-index/types';

jest.setTimeout(240_000);

let dir: string;
let model: string;
let learned: LearnedExpansions;

beforeAll(async () => {
  useDictionary(testConfig({}).decompoundDictionary);
  dir = mkdtempSync(join(tmpdir(), 'helsespor-learned-test-'));
  // One thread and a fixed seed: the same model every run.
  const r = await trainExpansions(
    generateCareNotes(2000, { seed: 1, split: 'train' }).map((n) => n.text),
    dir,
    { threads: 1, epoch: 20 },
  );
  model = r.dir;
  learned = openExpansions(dir, {}, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the model file is read as fastText reads it: a word it never saw gets its vector from character n-grams', () => {
  const ft = readFastTextModel(join(model, 'model.bin'));
  for (const word of ['tannhelse', 'sårstellet', 'høreaparat']) {
    const out = execFileSync('fasttext', ['print-word-vectors', join(model, 'model.bin')], {
      input: `${word}\n`,
    })
      .toString()
      .trim()
      .split(' ')
      .slice(1)
      .map(Number);
    const norm = Math.hypot(...out);
    const ours = ft.wordVector(word);
    expect(ours.length).toBe(out.length);
    out.forEach((x, k) => expect(ours[k]!).toBeCloseTo(x / norm, 4));
  }
});

test('a word the vocabulary does not list gets neighbours from the notes, above the threshold and no function words', () => {
  const n = learned.neighbours('tannhelse');
  expect(n.length).toBeGreaterThan(2);
  expect(n.every((x) => x.similarity >= DEFAULT_EXPANSION_SETTINGS.minSimilarity)).toBe(true);
  expect(n.map((x) => x.word)).toEqual(expect.arrayContaining([expect.stringMatching(/^tann/)]));
  expect(n.map((x) => x.word)).not.toContain('og');
  // The neighbour lists were computed at training time, with document frequencies.
  const file = JSON.parse(readFileSync(join(model, 'neighbours.json'), 'utf8'));
  expect(file.docs).toBe(2000);
  expect(Object.keys(file.words).length).toBeGreaterThan(200);
  expect(learned.current()).toBe(model);
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

const DOCS = [
  doc('d1', 'p1', 'Tannlegen undersøkte munnen, karies i to tenner og mye tannstein.'),
  doc('d2', 'p1', 'Munnstell og tannpuss morgen og kveld. Tannkjøttet blør lett.'),
  doc('d3', 'p2', 'Tannpuss gjennomført, gebisset skaver og gir gnagsår i munnen.'),
  doc('d4', 'p1', 'Tannhelse: time hos tannlegen avtalt.'),
  // One stray word a model may put near the topic is not enough.
  doc('d5', 'p1', 'Drakk saft til middag, ellers rolig dag.'),
  doc('d6', 'p1', 'Gikk tur med rullator i korridoren.'),
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
        learned,
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
      return { backend: createPostgresBackend(tdb.db, learned), cleanup: () => tdb.drop() };
    },
  ],
];

describe.each(backends)('learned expansion on %s', (_name, make) => {
  let backend: SearchBackend;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ backend, cleanup } = await make());
    await backend.ensureReady();
    await backend.upsert(DOCS);
    await backend.refresh();
  });
  afterAll(() => cleanup());

  test('finds notes that say it in other words, each neighbour named and counted, the word itself first', async () => {
    const r = await backend.search({ query: 'tannhelse', first: 10 });
    const ids = r.hits.map((h) => h.id);
    expect(ids[0]).toBe('d4');
    expect(ids).toEqual(expect.arrayContaining(['d1', 'd2', 'd3', 'd4']));
    expect(ids).not.toContain('d5');
    expect(ids).not.toContain('d6');
    const d2 = r.hits.find((h) => h.id === 'd2')!;
    expect(d2.matched.filter((m) => m.startsWith('learned:tannhelse:')).length).toBeGreaterThanOrEqual(2);
    const rows = r.termReport.filter((t) => t.kind === 'learned');
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((t) => t.expansion === `learned:tannhelse:${t.expansion.split(':')[2]}`)).toBe(true);
    expect(rows.some((t) => t.hits > 0)).toBe(true);
  });

  test('switched off with disabledExpansions ["learned"] (or one name at a time)', async () => {
    const off = await backend.search({ query: 'tannhelse', first: 10, disabled: ['learned'] });
    expect(off.hits.map((h) => h.id)).toEqual(['d4']);
    expect(off.termReport.some((t) => t.kind === 'learned')).toBe(false);
    const on = await backend.search({ query: 'tannhelse', first: 10 });
    const one = on.termReport.find((t) => t.kind === 'learned')!.expansion;
    const less = await backend.search({ query: 'tannhelse', first: 10, disabled: [one] });
    expect(less.termReport.map((t) => t.expansion)).not.toContain(one);
  });

  test('only changes the query, never the scope', async () => {
    const r = await backend.search({
      query: 'tannhelse',
      first: 10,
      scope: { grants: [{ patientIds: ['p1'], nationalIds: [] }] },
    });
    expect(r.hits.map((h) => h.id).sort()).toEqual(['d1', 'd2', 'd4']);
  });

  test('a vocabulary concept speaks for itself: no learned neighbours for it', async () => {
    const r = await backend.search({ query: 'mobbing', first: 10 });
    expect(r.termReport.some((t) => t.kind === 'learned')).toBe(false);
  });
});

test('the stack retrains the model as notes arrive, and search uses it through the gateway', async () => {
  const tdb = await createTestDatabase();
  const live = mkdtempSync(join(tmpdir(), 'helsespor-learned-stack-'));
  const base = testConfig({});
  let stack: Stack | undefined;
  try {
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        expansions: { ...base.expansions, dir: live, refreshNotes: 300 },
      }),
      { db: tdb.db, indexerIntervalMs: 3_600_000 },
    );
    const token = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
    const ask = () =>
      gql(
        stack!.gateway.url,
        '{ search(query: "tannhelse", first: 50) { total hits { matchedExpansions } termReport { expansion kind } } }',
        {
          token,
        },
      );
    await loadDemoData(stack.db, { careNotes: 600 });
    const before = await ask();
    expect(before.body.data.search.termReport.some((t: { kind: string }) => t.kind === 'learned')).toBe(
      false,
    );
    await stack.index();
    // The indexer counted the new notes and started a training in the background.
    const deadline = Date.now() + 180_000;
    while (!existsSync(join(live, 'current')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(join(live, 'current'))).toBe(true);
    await new Promise((r) => setTimeout(r, 5_100)); // the search room looks for a new model every 5 s
    const after = await ask();
    expect(after.body.errors).toBeUndefined();
    const learnedRows = after.body.data.search.termReport.filter(
      (t: { kind: string }) => t.kind === 'learned',
    );
    expect(learnedRows.length).toBeGreaterThan(0);
    expect(after.body.data.search.total).toBeGreaterThan(0);
    expect(
      after.body.data.search.hits.some((h: { matchedExpansions: string[] }) =>
        h.matchedExpansions.some((m) => m.startsWith('learned:tannhelse:')),
      ),
    ).toBe(true);
  } finally {
    await stack?.stop();
    await tdb.drop();
    rmSync(live, { recursive: true, force: true });
  }
});

test("pasientjournalloven § 22, helseforskningsloven § 33: learned neighbours are words of everyone's notes: a scoped caller sees only those its own records match, a researcher none (found in review)", async () => {
  const tdb = await createTestDatabase();
  const prefix = testIndexPrefix();
  const base = testConfig({});
  let stack: Stack | undefined;
  try {
    // The model trained above (on notes of other people than these): no retraining here.
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
        // Document vectors too: the knn expansion follows the same rules.
        expansions: {
          ...base.expansions,
          dir,
          refreshNotes: 0,
          knn: { ...base.expansions.knn, enabled: true },
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
      sub: 'arkivar-l',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const legal = await stack.matterToken({ id: 'M-LEARNED', patientIds: [patient] }, { sub: 'jurist-l' });
    const grant = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      {
        token: archivist,
        variables: {
          i: {
            id: 'G-LEARNED',
            projectId: 'P-L',
            title: 'Tannhelse',
            rekNumber: '2025/1',
            legalBasis: 'helseforskningsloven § 33',
            responsibleResearcher: 'forsker-l',
            cohort: {},
            variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TEXT'],
            datePrecision: 'YEAR',
            freeText: true,
            // Records, so the hits' matched expansions can be read (an aggregate grant gets no hits).
            outputLevel: 'PSEUDONYMISED_RECORDS',
            expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
          },
        },
      },
    );
    expect(grant.body.errors).toBeUndefined();
    const researcher = await stack.token({
      sub: 'forsker-l',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-LEARNED',
    });
    const ask = (token: string) =>
      gql(
        stack!.gateway.url,
        '{ search(query: "tannhelse", first: 50) { hits { matchedExpansions } termReport { expansion kind hits } } }',
        { token },
      );
    const learnedRows = (r: Awaited<ReturnType<typeof ask>>) =>
      r.body.data.search.termReport.filter((t: { kind: string }) => t.kind === 'learned') as {
        expansion: string;
        hits: number;
      }[];
    // An archivist reaches every record: the model's words are there to see.
    const all = await ask(archivist);
    expect(all.body.errors).toBeUndefined();
    expect(learnedRows(all).length).toBeGreaterThan(2);
    expect(all.body.data.search.termReport.map((t: { expansion: string }) => t.expansion)).toContain(
      'knn:tannhelse',
    );
    // A legal user on one patient's matter: no word the matter's records do not contain.
    const scoped = await ask(legal);
    expect(scoped.body.errors).toBeUndefined();
    expect(learnedRows(scoped).filter((t) => t.hits === 0)).toEqual([]);
    expect(
      scoped.body.data.search.termReport.filter(
        (t: { kind: string; hits: number }) => t.kind === 'knn' && !t.hits,
      ),
    ).toEqual([]);
    // A researcher: the words of the notes are not de-identified (as suggestedTerms).
    const research = await ask(researcher);
    expect(research.body.errors).toBeUndefined();
    expect(learnedRows(research)).toEqual([]);
    expect(JSON.stringify(research.body.data)).not.toContain('learned:');
    // Nor the words of the notes it found (pseudo-relevance feedback).
    expect(JSON.stringify(research.body.data)).not.toContain('prf:');
    // Nor the notes the model's document vectors put near the query (knn), as the learned neighbours.
    expect(JSON.stringify(research.body.data)).not.toContain('knn:');
  } finally {
    await stack?.stop();
    await tdb.drop();
    await dropIndexes(prefix);
  }
});

/**
 * helsepersonelloven § 43 (review s33's residuals): the model and its neighbour lists are made
 * from every note; after a note is deleted they could still name a word only that note held,
 * and the term report showed it (`learned:tannhelse:<word>`, 0 hits) to a caller who sees every
 * row, until the next training after 2,000 new notes. Expected: while the model is older than
 * the removal (or the removal is pending), a neighbour no indexed note has is neither used nor
 * shown (search-index/live-neighbours.ts); the removal marks the model stale and retrains it at
 * once (trainer.ts), and the new model no longer knows the word.
 */
describe.each(['elasticsearch', 'postgres'] as const)(
  'helsepersonelloven § 43: a deleted note’s words leave the learned expansion (%s)',
  (name) => {
    let backend: SearchBackend;
    let copy: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      // A copy of the trained model: this test marks it stale.
      copy = mkdtempSync(join(tmpdir(), 'helsespor-learned-stale-'));
      cpSync(dir, copy, { recursive: true });
      const base = testConfig({});
      const expansions = { ...base.expansions, dir: copy, refreshNotes: 0 };
      if (name === 'elasticsearch') {
        const prefix = testIndexPrefix();
        const tdb = await createTestDatabase();
        backend = createSearchBackend(
          testConfig({
            elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
            esIndexPrefix: prefix,
            expansions,
          }),
          tdb.db,
        );
        cleanup = async () => {
          await backend.close();
          await dropIndexes(prefix);
          await tdb.drop();
        };
      } else {
        const tdb = await createTestDatabase();
        await migrate(tdb.db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
        backend = createSearchBackend(testConfig({ elasticsearchUrl: undefined, expansions }), tdb.db);
        cleanup = () => tdb.drop();
      }
      await backend.ensureReady();
      await backend.upsert(DOCS);
      await backend.refresh();
    });
    afterAll(async () => {
      await cleanup();
      rmSync(copy, { recursive: true, force: true });
    });

    test('helsepersonelloven § 43: a learned neighbour only a deleted note held is neither used nor shown while the model is older than the deletion', async () => {
      const live = openExpansions(copy, {}, 0);
      // A neighbour of "tannhelse" that none of the notes has: the deleted note will hold it.
      const present = await backend.presentWords!(live.neighbours('tannhelse').map((n) => n.word));
      const word = live
        .neighbours('tannhelse')
        .map((n) => n.word)
        .find((w) => !present.has(w))!;
      expect(word).toBeDefined();
      const deleted = doc('d-s33', 'p2', `Kontroll: ${word}, ${word} og tannlegen igjen.`);
      await backend.upsert([deleted]);
      await backend.refresh();
      const names = (r: SearchResponse) =>
        JSON.stringify([r.termReport.map((t) => t.expansion), r.hits.map((h) => h.matched)]);
      const ask = (q: Partial<SearchQuery> = {}) =>
        backend.search({ query: 'tannhelse', first: 20, termReport: true, ...q });
      // While the note is there, its word is one of the query's expansions.
      expect(names(await ask())).toContain(`learned:tannhelse:${word}`);
      // Deleted and not yet drained: search leaves the note out (pendingRemovals), and its word.
      const pending = await ask({ pendingRemovals: ['d-s33'] });
      expect(pending.hits.map((h) => h.id)).not.toContain('d-s33');
      expect(names(pending)).not.toContain(word);
      // Drained: the note is gone from the index; the trainer marked the model stale.
      await backend.remove(['d-s33']);
      await backend.refresh();
      expect(markExpansionsStale(copy)).toBe(true);
      const after = await ask();
      expect(names(after)).not.toContain(word);
      // The words other notes have are still used: only the deleted note's are left out.
      expect(after.termReport.filter((t) => t.kind === 'learned' && t.hits > 0).length).toBeGreaterThan(1);
      expect(after.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['d1', 'd2', 'd3', 'd4']));
    });
  },
);

/** The notes of `notes` as an outbox gives them (scan in id order, load); `onScan` at each full scan's start. */
function notesSource(notes: Map<string, string>, onScan?: () => void): OutboxSource {
  return {
    name: 'journal',
    async scanVersions(after: string, limit: number) {
      if (!after) onScan?.();
      return [...notes.keys()]
        .filter((id) => id > after)
        .sort()
        .slice(0, limit)
        .map((id) => ({ id, version: 1 }));
    },
    async load(ids: string[]) {
      return ids.filter((id) => notes.has(id)).map((id) => doc(id, 'p1', notes.get(id)!));
    },
  } as unknown as OutboxSource;
}

test('helsepersonelloven § 43: a removal from the index marks the learned model stale and retrains it at once, on the notes without the deleted one', async () => {
  const live = mkdtempSync(join(tmpdir(), 'helsespor-learned-retrain-'));
  try {
    // The notes as a source gives them (the outbox's load and scan): one holds a word no other has.
    const notes = new Map(
      generateCareNotes(300, { seed: 3, split: 'train' }).map((n, i) => [
        `n${String(i).padStart(4, '0')}`,
        n.text,
      ]),
    );
    notes.set(
      'n9999',
      'Tannlegen fant zqxtannfeil. Ny time for zqxtannfeil om to uker, tannpuss ellers bra.',
    );
    const source = notesSource(notes);
    const opts = { threads: 1, epoch: 5, conceptExamples: null };
    const first = await trainExpansions(corpusFromSources([source]), live, opts);
    const words = (d: string) =>
      Object.keys(JSON.parse(readFileSync(join(d, 'neighbours.json'), 'utf8')).words);
    expect(words(first.dir)).toContain('zqxtannfeil');
    // Refreshing after 2,000 new notes, as the stack does by default.
    const trainer = startExpansionTrainer([source], live, 2000, opts);
    try {
      notes.delete('n9999');
      trainer.removed(1);
      expect(existsSync(join(live, STALE_FILE))).toBe(true);
      expect(openExpansions(live, {}, 0).stale()).toBe(true);
      // The retraining runs now (trainNow waits for the one under way).
      await trainer.trainNow();
      const name = readFileSync(join(live, 'current'), 'utf8').trim();
      expect(join(live, name)).not.toBe(first.dir);
      expect(words(join(live, name))).not.toContain('zqxtannfeil');
      expect(existsSync(join(live, STALE_FILE))).toBe(false);
      expect(openExpansions(live, {}, 0).stale()).toBe(false);
    } finally {
      await trainer.stop();
    }
  } finally {
    rmSync(live, { recursive: true, force: true });
  }
});

test('helsepersonelloven § 43: removals within the retraining gap wait for one training after it, the model marked stale meanwhile', async () => {
  const live = mkdtempSync(join(tmpdir(), 'helsespor-learned-gap-'));
  try {
    const notes = new Map(
      generateCareNotes(300, { seed: 4, split: 'train' }).map((n, i) => [
        `g${String(i).padStart(4, '0')}`,
        n.text,
      ]),
    );
    let reads = 0;
    const source = notesSource(notes, () => reads++);
    const opts = { threads: 1, epoch: 5, conceptExamples: null };
    await trainExpansions(corpusFromSources([source]), live, opts);
    reads = 0;
    const gapMs = 1500;
    const trainer = startExpansionTrainer([source], live, 2000, opts, gapMs);
    try {
      // The first removal after a quiet time trains at once.
      notes.delete('g0001');
      trainer.removed(1);
      expect(trainer.state().running).toBe(true);
      await trainer.trainNow();
      expect(reads).toBe(1);
      expect(existsSync(join(live, STALE_FILE))).toBe(false);
      // Three more within the gap: marked stale at once, one training waits for the gap's end.
      for (const id of ['g0002', 'g0003', 'g0004']) {
        notes.delete(id);
        trainer.removed(1);
      }
      expect(existsSync(join(live, STALE_FILE))).toBe(true);
      expect(trainer.state().running).toBe(false);
      const at = trainer.state().retrainAt;
      expect(at).not.toBeNull();
      expect(at!.getTime()).toBeGreaterThan(Date.now() + 200);
      expect(reads).toBe(1);
      // After the gap: one training, whose corpus was read after the mark, which it clears.
      for (let i = 0; i < 1200 && (reads < 2 || trainer.state().running); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(reads).toBe(2);
      expect(trainer.state().retrainAt).toBeNull();
      expect(existsSync(join(live, STALE_FILE))).toBe(false);
    } finally {
      await trainer.stop();
    }
  } finally {
    rmSync(live, { recursive: true, force: true });
  }
});

test('helsepersonelloven § 43: a removal while the first model is trained (no live model yet) marks that model stale when it goes live, and it is trained again', async () => {
  const live = mkdtempSync(join(tmpdir(), 'helsespor-learned-first-'));
  try {
    const notes = new Map(
      generateCareNotes(300, { seed: 5, split: 'train' }).map((n, i) => [
        `f${String(i).padStart(4, '0')}`,
        n.text,
      ]),
    );
    let reads = 0;
    const opts = { threads: 1, epoch: 5, conceptExamples: null };
    const trainer = startExpansionTrainer([notesSource(notes, () => reads++)], live, 2000, opts, 0);
    try {
      const first = trainer.trainNow();
      notes.delete('f0001');
      trainer.removed(1);
      expect(existsSync(join(live, STALE_FILE))).toBe(false);
      await first;
      // The first model is live now; it may hold the removed note's words: marked, and retrained.
      expect(existsSync(join(live, 'current'))).toBe(true);
      for (let i = 0; i < 1200 && (reads < 2 || trainer.state().running); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(reads).toBe(2);
      expect(existsSync(join(live, STALE_FILE))).toBe(false);
    } finally {
      await trainer.stop();
    }
  } finally {
    rmSync(live, { recursive: true, force: true });
  }
});
