/**
 * The index stays in step with the records, on real Elasticsearch with generated data:
 * corrections and deletions travel through the outbox; when Elasticsearch cannot be
 * reached writes still succeed and the backlog drains when it is back; reindex swaps a
 * new index in; reconcile finds and repairs drift; coverage counts per source system.
 */
import { Client as PgClient } from 'pg';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJournalExports } from '../dev/journal-exports';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { MERGE_POLICY } from '../search-index/definition';
import { drainOutbox, startIndexer } from '../search-index/indexer';
import { reconcile, reindex } from '../search-index/maintenance';
import { rebuildingWith } from '../dev/search-backends';
import { startStack, type Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { journalOutbox } from '../subgraphs/journal/outbox';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';

/** A TCP relay in front of Elasticsearch that can be cut and restored, on the same port. */
class Relay {
  private server?: Server;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}
  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

let tdb: TestDatabase;
let stack: Stack;
let prefix: string;
let relay: Relay;
let patientId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  prefix = testIndexPrefix();
  relay = new Relay(new URL(requireEnv('ELASTICSEARCH_URL')));
  await relay.start();
  stack = await startStack(
    testConfig({ databaseUrl: tdb.url, elasticsearchUrl: relay.url, esIndexPrefix: prefix }),
    { db: tdb.db, indexerIntervalMs: 3_600_000 },
  );
  const dir = mkdtempSync(join(tmpdir(), 'hs-si-'));
  await writeJournalExports(dir, { patients: 12, notesPerPatient: 6, seed: 9 });
  await runImport(tdb.db, 'gerica', join(dir, 'gerica'));
  await runImport(tdb.db, 'profil', join(dir, 'profil'));
  await runImport(tdb.db, 'hp', join(dir, 'helseplattformen'));
  await stack.index();
  patientId = (await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient ORDER BY id LIMIT 1'))
    .rows[0]!.id;
});

afterAll(async () => {
  await stack?.stop();
  await relay?.stop();
  await tdb?.drop();
  await dropIndexes(prefix);
});

async function pending(): Promise<number> {
  return (
    await tdb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM journal.outbox WHERE processed_at IS NULL',
    )
  ).rows[0]!.n;
}

async function indexedText(id: string): Promise<string | null> {
  const es = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  try {
    const r = await es.client.search<{ text: string }>({
      index: `${prefix}-records`,
      query: { ids: { values: [id] } },
    });
    return r.hits.hits[0]?._source?.text ?? null;
  } finally {
    await es.close();
  }
}

test('while Elasticsearch is unreachable, corrections and deletions still succeed; the backlog drains when it returns', async () => {
  const entries = (
    await tdb.db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry WHERE patient_id = $1 ORDER BY id LIMIT 2`,
      [patientId],
    )
  ).rows;
  const [toCorrect, toDelete] = [entries[0]!.id, entries[1]!.id];
  expect(await indexedText(toDelete)).not.toBeNull();
  // Corrections and deletions are the journalansvarlig's decisions (issue 15).
  const archivist = await stack.token({ role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });

  await relay.stop();
  const c = await gql(
    stack.gateway.url,
    `mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Rettet mens søket var nede.", reason: "test") { text } }`,
    { token: archivist, variables: { id: toCorrect } },
  );
  const d = await gql(
    stack.gateway.url,
    `mutation ($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "hpl. § 43", assessment: {
      generallyUnobjectionable: true, archiveLawAllows: true, obviouslyNotNeededForCare: true }) { text } }`,
    { token: archivist, variables: { id: toDelete } },
  );
  expect(c.body.errors).toBeUndefined();
  expect(d.body.errors).toBeUndefined();
  await expect(drainOutbox(journalOutbox(tdb.db), stack.backend)).rejects.toThrow();
  expect(await pending()).toBe(2);

  await relay.start();
  await stack.index();
  expect(await pending()).toBe(0);
  expect(await indexedText(toCorrect)).toBe('Rettet mens søket var nede.');
  expect(await indexedText(toDelete)).toBeNull();
});

test('an outbox that fails does not hold back the others: their corrections still reach the index', async () => {
  const entry = (
    await tdb.db.query<{ id: string }>(
      'SELECT id FROM journal.journal_entry WHERE patient_id = $1 ORDER BY id DESC LIMIT 1',
      [patientId],
    )
  ).rows[0]!.id;
  const archivist = await stack.token({ role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });
  const c = await gql(
    stack.gateway.url,
    `mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Rettet mens en annen kø feilet.", reason: "test") { text } }`,
    { token: archivist, variables: { id: entry } },
  );
  expect(c.body.errors).toBeUndefined();
  // A subgraph whose outbox cannot be read (its table is gone), listed first.
  const broken = {
    ...journalOutbox(tdb.db),
    name: 'broken',
    pending: async () => (await tdb.db.query('SELECT * FROM no_such_schema.outbox')).rows as never,
  };
  const indexer = startIndexer([broken, journalOutbox(tdb.db)], stack.backend, { intervalMs: 3_600_000 });
  try {
    await indexer.drainNow();
    expect(indexer.stats().failures).toBe(1);
    expect(await pending()).toBe(0);
    await stack.backend.refresh();
    expect(await indexedText(entry)).toBe('Rettet mens en annen kø feilet.');
  } finally {
    await indexer.stop();
  }
});

test('reconcile finds missing, stale and stray documents and repairs them', async () => {
  const es = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  const ids = (
    await tdb.db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry WHERE text IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 2`,
    )
  ).rows.map((r) => r.id);
  await es.client.delete({ index: `${prefix}-records`, id: ids[0]!, refresh: true });
  await es.client.update({
    index: `${prefix}-records`,
    id: ids[1]!,
    doc: { version: 99, text: 'utdatert' },
    refresh: true,
  });
  await es.client.index({
    index: `${prefix}-records`,
    id: 'stray',
    document: {
      id: 'stray',
      kind: 'journal_entry',
      patientId: 'x',
      sourceSystem: 'GERICA',
      type: 't',
      writtenAt: '2020-01-01T00:00:00Z',
      localDate: '2020-01-01',
      ageAtDate: null,
      authorName: null,
      service: null,
      text: 'stray',
      version: 1,
    },
    refresh: true,
  });
  await es.close();
  const r = await reconcile([journalOutbox(tdb.db)], stack.backend);
  expect({ missing: r.missing, stale: r.stale, extra: r.extra }).toEqual({ missing: 1, stale: 1, extra: 1 });
  const again = await reconcile([journalOutbox(tdb.db)], stack.backend);
  expect({ missing: again.missing, stale: again.stale, extra: again.extra }).toEqual({
    missing: 0,
    stale: 0,
    extra: 0,
  });
  expect(await indexedText(ids[1]!)).not.toBe('utdatert');
});

test('reindex builds a new index, swaps the alias and keeps every document searchable', async () => {
  const token = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
  const before = await gql(
    stack.gateway.url,
    '{ search(query: "morgenbesøk", expand: false, first: 0) { total } }',
    { token },
  );
  const r = await reindex([journalOutbox(tdb.db)], stack.backend);
  const count = (
    await tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.journal_entry WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current'`,
    )
  ).rows[0]!.n;
  expect(r.documents).toBe(count);
  const es = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  const alias = await es.client.indices.getAlias({ name: `${prefix}-records` });
  await es.close();
  expect(Object.keys(alias)).toEqual([r.index]);
  const after = await gql(
    stack.gateway.url,
    '{ search(query: "morgenbesøk", expand: false, first: 0) { total } }',
    { token },
  );
  expect(after.body.data.search.total).toBe(before.body.data.search.total);
  expect(after.body.data.search.total).toBeGreaterThan(0);
});

test('helsepersonelloven § 43: a note deleted while reindex builds the new index is removed by its catch-up, and the run tells its hook (the CLI marks the learned model stale)', async () => {
  const gone = (
    await tdb.db.query<{ id: string }>(
      // Not a note of patientId, whose tombstones the coverage test below counts.
      `SELECT id FROM journal.journal_entry
        WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current' AND patient_id <> $1 ORDER BY id DESC LIMIT 1`,
      [patientId],
    )
  ).rows[0]!.id;
  await stack.index();
  expect(await indexedText(gone)).not.toBeNull();
  // The deletion commits after reindex took its marks and copied the notes, before the swap.
  const backend = rebuildingWith(stack.backend, async () => {
    await tdb.db.query(`UPDATE journal.journal_entry SET deleted_at = now() WHERE id = $1`, [gone]);
    await tdb.db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
      gone,
    ]);
  });
  const told: number[] = [];
  const r = await reindex([journalOutbox(tdb.db)], backend, undefined, { onRemoved: (n) => told.push(n) });
  expect(r.removed).toBe(1);
  expect(told).toEqual([1]);
  expect(await indexedText(gone)).toBeNull();
  // Nothing more to remove: the hook is not called.
  const again = await reindex([journalOutbox(tdb.db)], stack.backend, undefined, {
    onRemoved: (n) => told.push(n),
  });
  expect(again.removed).toBe(0);
  expect(told).toEqual([1]);
});

test('helsepersonelloven § 43: a note deleted while reindex builds, its removal applied by the indexer to the old index, is not in the new index when it goes live (it was searchable from the swap until the catch-up)', async () => {
  const gone = (
    await tdb.db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry
        WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current' AND patient_id <> $1 ORDER BY id DESC LIMIT 1`,
      [patientId],
    )
  ).rows[0]!.id;
  await stack.index();
  expect(await indexedText(gone)).not.toBeNull();
  let deleted = false;
  let atSwap: string | null | undefined;
  const live = stack.backend;
  const backend = {
    ...live,
    async beginRebuild() {
      const target = await live.beginRebuild();
      return {
        ...target,
        // After the first page is in the new index: the deletion commits and the indexer applies it (to the old index).
        async upsert(docs: Parameters<typeof target.upsert>[0]) {
          await target.upsert(docs);
          if (deleted) return;
          deleted = true;
          await tdb.db.query(`UPDATE journal.journal_entry SET deleted_at = now() WHERE id = $1`, [gone]);
          await tdb.db.query(
            `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
            [gone],
          );
          await stack.index();
        },
        async commit() {
          await target.commit();
          atSwap = await indexedText(gone);
        },
      };
    },
  };
  const r = await reindex([journalOutbox(tdb.db)], backend);
  expect(deleted).toBe(true);
  expect(atSwap).toBeNull();
  expect(await indexedText(gone)).toBeNull();
  expect(r.removed).toBe(1);
});

test("a live index created under the default merge policy gets this build's at start (fewer segments: definition.ts MERGE_POLICY), and a reindexed one has it", async () => {
  const es = createElasticsearchBackend({
    url: requireEnv('ELASTICSEARCH_URL'),
    prefix,
    hunspellLocale: 'nb_NO',
  });
  const policy = async () =>
    Object.values(
      await es.client.indices.getSettings({ index: `${prefix}-records`, flat_settings: true }),
    ).map((x) =>
      Object.fromEntries(
        Object.entries(x.settings ?? {}).filter(([k]) => k.startsWith('index.merge.policy.')),
      ),
    );
  const ours = Object.fromEntries(Object.entries(MERGE_POLICY).map(([k, v]) => [k, String(v)]));
  try {
    // As an index of this version created before the policy: Elasticsearch's defaults.
    await es.client.indices.putSettings({
      index: `${prefix}-records`,
      settings: Object.fromEntries(Object.keys(MERGE_POLICY).map((k) => [k, null])),
    });
    expect(await policy()).toEqual([{}]);
    await es.ensureReady();
    expect(await policy()).toEqual([ours]);
    // A new index of this version takes it from the template.
    await reindex([journalOutbox(tdb.db)], stack.backend);
    expect(await policy()).toEqual([ours]);
  } finally {
    await es.close();
  }
});

test('coverage per source system agrees with the database and the index, and names what cannot be searched', async () => {
  const token = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
  const r = await gql(
    stack.gateway.url,
    `query ($id: ID!) { patient(id: $id) { searchCoverage { inStep systems { sourceSystem records searchable indexed firstDate lastDate notSearchable { reason count } } } } }`,
    { token, variables: { id: patientId } },
  );
  expect(r.body.errors).toBeUndefined();
  const cov = r.body.data.patient.searchCoverage;
  const db = (
    await tdb.db.query<{ source_system: string; n: number }>(
      'SELECT source_system, count(*)::int AS n FROM journal.journal_entry WHERE patient_id = $1 GROUP BY source_system ORDER BY 1',
      [patientId],
    )
  ).rows;
  expect(cov.systems.map((s: any) => [s.sourceSystem, s.records])).toEqual(
    db.map((x) => [x.source_system, x.n]),
  );
  expect(cov.inStep).toBe(true);
  const deleted = cov.systems
    .flatMap((s: any) => s.notSearchable)
    .find((n: any) => n.reason === 'deleted (tombstone)');
  expect(deleted.count).toBe(1);
  for (const s of cov.systems) expect(s.indexed).toBe(s.searchable);
});

test('the pipelined drain loses no change that commits late with an earlier sequence number: it goes with the next drain', async () => {
  const ids = (
    await tdb.db.query<{ id: string }>(`SELECT id FROM journal.journal_entry ORDER BY id LIMIT 3`)
  ).rows.map((r) => r.id);
  const [late, a, b] = ids as [string, string, string];
  await stack.index();
  expect(await pending()).toBe(0);
  // A writer takes a sequence number and commits only after later numbers were committed and read.
  const writer = new PgClient({ connectionString: tdb.url });
  await writer.connect();
  try {
    await writer.query('BEGIN');
    await writer.query(`UPDATE journal.journal_entry SET text = 'Sent committet endring.' WHERE id = $1`, [
      late,
    ]);
    await writer.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
      late,
    ]);
    for (const id of [a, b]) {
      await tdb.db.query(`UPDATE journal.journal_entry SET text = text || ' (lest)' WHERE id = $1`, [id]);
      await tdb.db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
        id,
      ]);
    }
    const backend = createElasticsearchBackend({
      url: requireEnv('ELASTICSEARCH_URL'),
      prefix,
      hunspellLocale: 'nb_NO',
    });
    try {
      // One change per batch: the read-ahead runs after the first batch's last number.
      const first = await drainOutbox(journalOutbox(tdb.db), backend, 1);
      expect(first.batches).toBeGreaterThanOrEqual(2);
      await writer.query('COMMIT');
      expect(await pending()).toBeGreaterThanOrEqual(1);
      const second = await drainOutbox(journalOutbox(tdb.db), backend, 1);
      expect(second.indexed).toBeGreaterThanOrEqual(1);
      await backend.refresh();
    } finally {
      await backend.close();
    }
    expect(await pending()).toBe(0);
    expect(await indexedText(late)).toBe('Sent committet endring.');
    expect(await indexedText(a)).toMatch(/\(lest\)$/);
  } finally {
    await writer.end();
  }
});
