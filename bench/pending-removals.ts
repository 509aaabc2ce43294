/**
 * What the guard against deleted and moved notes costs a search (helsepersonelloven §§ 43–44;
 * subgraphs/search/README.md "Deleted and moved notes"): per request, one lookup of the journal
 * outbox's pending removals, and the ids as one more filter of the backend's query.
 *
 *   npx tsx bench/pending-removals.ts [notes] [rounds]
 *
 * On each backend (Elasticsearch when ELASTICSEARCH_URL is set, and the PostgreSQL one) in one
 * run: `notes` generated notes of 40 patients indexed, then a backlog the indexer has not drained
 * (as many changes again, none a removal) and 10 notes deleted with their changes pending. Then,
 * taken in turn `rounds` times for a handful of queries over one patient and over everyone: the
 * lookup alone, the search without the guard, and the lookup followed by the search with the
 * ids. Medians and p95 in ms. Nothing else runs in between; the machine's load moves the figures.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createTestDatabase, dropIndexes, testIndexPrefix, type TestDatabase } from '../dev/services';
import { prng } from '../dev/generator';
import { migrate } from '../lib/migrate';
import { migrateSubgraph } from '../lib/subgraph';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { drainOutbox } from '../search-index/indexer';
import { createPostgresBackend } from '../search-index/postgres';
import type { SearchBackend, SearchQuery } from '../search-index/types';
import { journalSubgraph } from '../subgraphs/journal';
import { journalOutbox } from '../subgraphs/journal/outbox';

/** A test database with the journal's and the search room's tables, and a backend on it (no stack: no indexer runs). */
interface Env {
  tdb: TestDatabase;
  backend: SearchBackend;
  stop(): Promise<void>;
}

async function environment(kind: 'elasticsearch' | 'postgres'): Promise<Env> {
  const tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph);
  await migrate(tdb.db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
  if (kind === 'postgres') {
    const backend = createPostgresBackend(tdb.db);
    return { tdb, backend, stop: () => tdb.drop() };
  }
  const prefix = testIndexPrefix();
  const backend = createElasticsearchBackend({
    url: process.env.ELASTICSEARCH_URL!,
    prefix,
    hunspellLocale: 'nb_NO',
  });
  await backend.ensureReady();
  return {
    tdb,
    backend,
    async stop() {
      await backend.close();
      await dropIndexes(prefix);
      await tdb.drop();
    },
  };
}

const NOTES = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 60);
const WORDS =
  'pasient sover dårlig natt smerter hodepine kvalme matlyst vekt blodtrykk puls feber hoste angst uro samtale tilsyn medisiner sår bandasje mobilisering fall svimmel trøtt glad rolig besøk familie datter sønn lege sykepleier hjemmetjeneste dusj frokost middag'.split(
    ' ',
  );

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function load(env: Env): Promise<void> {
  const db = env.tdb.db;
  const rnd = prng(43);
  await db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
     SELECT 'bp-' || i, NULL, 'Bench', 'P' || i, '1950-01-01' FROM generate_series(1, 40) i`,
  );
  const rows = Array.from({ length: NOTES * 2 }, (_, i) => ({
    id: `bn-${i}`,
    p: `bp-${(i % 40) + 1}`,
    t: Array.from({ length: 30 }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '),
    d: new Date(Date.UTC(2015, 0, 1) + (i % 3000) * 86_400_000).toISOString(),
  }));
  const insert = async (part: typeof rows) => {
    for (let i = 0; i < part.length; i += 5000)
      await db.query(
        `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, p text, t text, d timestamptz)),
              e AS (INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
                    SELECT id, p, 'GERICA', id, 'Journalnotat', d, t FROM x RETURNING id)
         INSERT INTO journal.outbox (entity_type, entity_id) SELECT 'journal_entry', id FROM e`,
        [JSON.stringify(part.slice(i, i + 5000))],
      );
  };
  const t0 = performance.now();
  await insert(rows.slice(0, NOTES));
  process.stderr.write(`inserted ${NOTES} notes in ${Math.round(performance.now() - t0)} ms\n`);
  const source = journalOutbox(db);
  while ((await drainOutbox(source, env.backend, 2000)).batches) {
    /* until drained */
  }
  await env.backend.refresh();
  process.stderr.write(`indexed in ${Math.round(performance.now() - t0)} ms\n`);
  // The indexer stopped meanwhile: an import's changes wait, and ten deletions.
  await insert(rows.slice(NOTES));
  await db.query(`UPDATE journal.journal_entry SET deleted_at = now() WHERE id = ANY($1::text[])`, [
    Array.from({ length: 10 }, (_, i) => `bn-${i * 7}`),
  ]);
  await db.query(
    `INSERT INTO journal.outbox (entity_type, entity_id, removal) SELECT 'journal_entry', x, true FROM unnest($1::text[]) x`,
    [Array.from({ length: 10 }, (_, i) => `bn-${i * 7}`)],
  );
}

async function measure(name: 'elasticsearch' | 'postgres'): Promise<void> {
  const env = await environment(name);
  try {
    await load(env);
    const source = journalOutbox(env.tdb.db);
    const queries: SearchQuery[] = [
      { query: 'hodepine', patientIds: ['bp-1'], first: 20 },
      { query: 'smerter natt', patientIds: ['bp-2'], first: 20 },
      { query: 'svimmel', first: 20 },
      { query: 'matlyst vekt', first: 20, termReport: true },
    ];
    const t = { lookup: [] as number[], without: [] as number[], with: [] as number[] };
    let removals = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const q of queries) {
        let s = performance.now();
        const ids = await source.pendingRemovals!();
        t.lookup.push(performance.now() - s);
        removals = ids.length;
        s = performance.now();
        await env.backend.search(q);
        t.without.push(performance.now() - s);
        s = performance.now();
        const ids2 = await source.pendingRemovals!();
        await env.backend.search({ ...q, pendingRemovals: ids2 });
        t.with.push(performance.now() - s);
      }
    }
    const f = (xs: number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${p95(xs).toFixed(2)} ms`;
    process.stdout.write(
      `${name}: ${NOTES} notes indexed, ${NOTES} changes pending, ${removals} pending removals; ${ROUNDS} rounds × ${queries.length} queries\n` +
        `  lookup of pending removals       ${f(t.lookup)}\n` +
        `  search without the guard         ${f(t.without)}\n` +
        `  lookup + search with the guard   ${f(t.with)}\n`,
    );
  } finally {
    await env.stop();
  }
}

async function main() {
  if (process.env.ELASTICSEARCH_URL) await measure('elasticsearch');
  await measure('postgres');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
