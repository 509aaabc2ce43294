/**
 * The whole stack in-process for an end-to-end test file, on its own test database
 * (dev/services.ts createTestDatabase) and its own Elasticsearch index prefix: the gateway and
 * every subgraph on free ports, the indexer run on demand (`stack.index()`). stop() stops the
 * stack and drops the database and the indexes (safe after a failed start).
 */
import { join } from 'node:path';
import type { Config } from '../lib/config';
import type { Db, Queryable } from '../lib/db';
import { startStack, type Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { writeJournalExports, type JournalExportOptions } from './journal-exports';
import {
  createTestDatabase,
  dropIndexes,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from './services';

export interface TestStack {
  tdb: TestDatabase;
  stack: Stack;
  config: Config;
  prefix: string;
  stop(): Promise<void>;
}

/** `overrides` go over the test config (e.g. `research` with a temporary extract directory). */
export async function startTestStack(overrides: Partial<Config> = {}): Promise<TestStack> {
  const tdb = await createTestDatabase();
  const prefix = testIndexPrefix();
  const config = testConfig({
    databaseUrl: tdb.url,
    elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
    esIndexPrefix: prefix,
    ...overrides,
  });
  const cleanup = async () => {
    await tdb.drop();
    await dropIndexes(prefix);
  };
  let stack: Stack;
  try {
    stack = await startStack(config, { db: tdb.db, indexerIntervalMs: 60_000 });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    tdb,
    stack,
    config,
    prefix,
    async stop() {
      await stack.stop();
      await cleanup();
    },
  };
}

/**
 * The same on the PostgreSQL full-text search backend (no Elasticsearch; `prefix` empty).
 * `prepare` runs on the new database before the stack starts and applies the migrations it has
 * not: a test that writes rows as an earlier version of the code left them, under the migrations
 * of that time, and starts on them as a deployment does.
 */
export async function startPostgresTestStack(
  overrides: Partial<Config> = {},
  prepare?: (tdb: TestDatabase) => Promise<void>,
): Promise<TestStack> {
  const tdb = await createTestDatabase();
  const config = testConfig({ databaseUrl: tdb.url, elasticsearchUrl: undefined, ...overrides });
  let stack: Stack;
  try {
    await prepare?.(tdb);
    stack = await startStack(config, { db: tdb.db, indexerIntervalMs: 60_000 });
  } catch (err) {
    await tdb.drop();
    throw err;
  }
  return {
    tdb,
    stack,
    config,
    prefix: '',
    async stop() {
      await stack.stop();
      await tdb.drop();
    },
  };
}

/** Both search backends, for `describe.each` over a test file's stack. */
export const BOTH_SEARCH_BACKENDS: [string, () => Promise<TestStack>][] = [
  ['elasticsearch', () => startTestStack()],
  ['postgres', () => startPostgresTestStack()],
];

/**
 * A Helseplattformen note written straight into the journal's table and queued for the indexer
 * (its outbox row), as an import would leave it: for search tests that set up notes by hand.
 */
export async function insertQueuedNote(
  db: Queryable,
  note: {
    id: string;
    patientId: string;
    text: string;
    writtenAt: string;
    status?: string;
    replaces?: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status, replaces_source_id)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4, $5, $6)`,
    [note.id, note.patientId, note.writtenAt, note.text, note.status ?? 'current', note.replaces ?? null],
  );
  await db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
    note.id,
  ]);
}

/** A person of writeJournalExports' Profil export, as imported: a record with a national id and notes. */
export interface ImportedPerson {
  id: string;
  national_id: string;
  given_name: string;
  family_name: string;
}

/**
 * Writes the Profil export of `o` (dev/journal-exports.ts) into `dir`, imports it into `db` and
 * returns the imported records that have a national id and notes, in id order: the persons the
 * record-law tests pick by index.
 */
export async function importProfilPersons(
  db: Db,
  dir: string,
  o: JournalExportOptions,
): Promise<ImportedPerson[]> {
  await writeJournalExports(dir, o);
  await runImport(db, 'profil', join(dir, 'profil'));
  return (
    await db.query<ImportedPerson>(
      `SELECT id, national_id, given_name, family_name FROM journal.patient
        WHERE national_id IS NOT NULL AND EXISTS (SELECT 1 FROM journal.journal_entry e WHERE e.patient_id = patient.id)
        ORDER BY id`,
    )
  ).rows;
}
