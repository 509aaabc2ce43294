/**
 * Fault test (issue 10): PostgreSQL killed (SIGKILL, a crash) in the middle of an import,
 * then the import run again. On a private, durable PostgreSQL (scripts/services.sh with its
 * own state dir and port 54339) that only this file starts and kills; the shared servers are
 * untouched. Asserts: the import ends with one clear line and exit code 1; every row that was
 * committed before the crash is still there; the interrupted run is marked failed with its
 * committed counts, and the next run resumes it (committed records count as unchanged);
 * afterwards counts and a sample of texts equal a clean import of the same file.
 */
import { spawn } from 'node:child_process';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { writeJournalExports, type JournalExportSummary } from '../dev/journal-exports';
import { createPostgresDb, type Db } from '../lib/db';
import { migrateSubgraph } from '../lib/subgraph';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { drainOutbox } from '../search-index/indexer';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport } from '../subgraphs/journal/import/run';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { figures, printFigures, privateServices, type PrivateServices } from '../dev/fault';
import {
  createTestDatabase,
  dropIndexes,
  requireEnv,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

const REPO = join(__dirname, '..');
let dir: string;
let summary: JournalExportSummary;
let pg: PrivateServices;
let reference: TestDatabase;
let privateDb: string | undefined;

jest.setTimeout(300_000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-fault-pg-'));
  summary = await writeJournalExports(dir, {
    patients: 1500,
    notesPerPatient: 20,
    migratedShare: 0,
    seed: 21,
  });
  pg = privateServices('postgres', { pg: 54339 });
  await pg.start('pg');
  // The reference: the same file imported without faults, on the shared server.
  reference = await createTestDatabase();
  await migrateSubgraph(reference.db, journalSubgraph);
  await runImport(reference.db, 'gerica', join(dir, 'gerica'));
});

afterAll(async () => {
  if (privateDb && pg?.databaseUrl) {
    const c = new Client({ connectionString: pg.databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${privateDb} WITH (FORCE)`).catch(() => undefined);
    await c.end();
  }
  await reference?.drop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function count(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.journal_entry')).rows[0]!.n;
  } finally {
    await c.end().catch(() => undefined);
  }
}

test('PostgreSQL killed mid-import, then the import re-run: nothing lost, nothing partial, the run failed then resumed', async () => {
  // A fresh database on the private server (its data directory outlives a run).
  const admin = new Client({ connectionString: pg.databaseUrl! });
  await admin.connect();
  const name = `fault_${Date.now()}`;
  privateDb = name;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pg.databaseUrl!);
  u.pathname = `/${name}`;
  const url = u.toString();
  const setup = await createPostgresDb(url, 2);
  await migrateSubgraph(setup, journalSubgraph);
  await setup.close();

  // Mid-import, deterministically: an open transaction holds the row of a patient whose notes
  // come about 60 % into the file, so the import commits the batches before it and then waits
  // there; the crash comes while it waits.
  const middle = (
    await reference.db.query<{ patient_id: string }>(
      'SELECT patient_id FROM journal.journal_entry ORDER BY source_id LIMIT 1 OFFSET $1',
      [Math.floor(summary.gericaNotes * 0.6)],
    )
  ).rows[0]!.patient_id;
  const blocker = new Client({ connectionString: url });
  blocker.on('error', () => undefined);
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query(`INSERT INTO journal.patient (id, family_name, given_name) VALUES ($1, 'x', 'x')`, [
    middle,
  ]);

  const child = spawn(
    join(REPO, 'node_modules', '.bin', 'tsx'),
    ['scripts/cli.ts', 'import', 'gerica', join(dir, 'gerica')],
    {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: url, ELASTICSEARCH_URL: undefined, LOG_LEVEL: 'fatal' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let done = false;
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve(code ?? -1);
    }),
  );

  // Wait until the import waits for the blocker, then crash the server.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (Date.now() > deadline || done) throw new Error(`the import did not reach the blocker: ${stderr}`);
    const waiting = await blocker.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()`,
    );
    if (waiting.rows[0]!.n > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = await count(url);
  pg.kill('pg');
  await blocker.end().catch(() => undefined);
  const code = await exited;
  expect(seen).toBeGreaterThan(0);
  expect(seen).toBeLessThan(summary.gericaNotes); // the crash came mid-import
  expect(code).toBe(1);
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => !/^progress:/.test(l));
  expect(stderr).not.toMatch(/Unhandled 'error' event|at .*\.js:\d+/);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^Error: import of journalnotater\.csv stopped after \d+ records: the database connection was lost; .* run the same import again to resume$/,
  );

  await pg.start('pg');
  const db: Db = await createPostgresDb(url, 3);
  try {
    // Durable: every row seen committed before the crash is still there, and no batch is half there.
    const afterCrash = await count(url);
    expect(afterCrash).toBeGreaterThanOrEqual(seen);
    const before = (
      await db.query<{ status: string; report: { counts: { entries: { accepted: number } } } | null }>(
        'SELECT status, report FROM journal.import_run ORDER BY id',
      )
    ).rows;
    expect(before).toHaveLength(1);
    expect(before[0]!.status).toBe('running'); // its process could not record the failure: the next run does
    expect(before[0]!.report!.counts.entries.accepted).toBe(afterCrash); // counts so far, committed with the rows

    const resumed = await runImport(db, 'gerica', join(dir, 'gerica'));
    expect(resumed.counts.entries).toEqual({
      accepted: summary.gericaNotes - afterCrash,
      updated: 0,
      unchanged: afterCrash,
    });
    process.stdout.write(
      `[fault figures] PostgreSQL crash mid-import: ${seen} rows seen committed before the crash, ${afterCrash} after restart; the re-run accepted ${resumed.counts.entries.accepted}, unchanged ${resumed.counts.entries.unchanged}\n`,
    );
    const runs = (
      await db.query<{ id: number; status: string; error: string | null; resumes_run_id: number | null }>(
        'SELECT id, status, error, resumes_run_id FROM journal.import_run ORDER BY id',
      )
    ).rows;
    expect(runs.map((r) => r.status)).toEqual(['failed', 'finished']);
    expect(runs[0]!.error).toMatch(/interrupted/);
    expect(runs[1]!.resumes_run_id).toBe(runs[0]!.id);

    // Nothing lost, nothing duplicated, texts as in a clean import.
    const mine = await db.query<{ source_id: string; text: string }>(
      `SELECT source_id, text FROM journal.journal_entry ORDER BY source_id`,
    );
    const ref = await reference.db.query<{ source_id: string; text: string }>(
      `SELECT source_id, text FROM journal.journal_entry ORDER BY source_id`,
    );
    expect(mine.rows.length).toBe(summary.gericaNotes);
    expect(new Set(mine.rows.map((r) => r.source_id)).size).toBe(summary.gericaNotes);
    for (const i of [0, 999, 1000, 7777, 15000, summary.gericaNotes - 1])
      expect(mine.rows[i]).toEqual(ref.rows[i]);
    expect(mine.rows).toEqual(ref.rows);

    // And the index catches up from the outbox written in the same transactions.
    const prefix = testIndexPrefix();
    const backend = createElasticsearchBackend({
      url: requireEnv('ELASTICSEARCH_URL'),
      prefix,
      hunspellLocale: 'nb_NO',
    });
    try {
      await backend.ensureReady();
      await drainOutbox(journalOutbox(db), backend, 5000);
      const f = await figures(db, backend, summary.gericaNotes);
      printFigures('PostgreSQL killed mid-import, import re-run', f);
      expect(f).toEqual({
        expected: summary.gericaNotes,
        inPostgres: summary.gericaNotes,
        inIndex: summary.gericaNotes,
        lost: 0,
        duplicated: 0,
        stray: 0,
      });
    } finally {
      await backend.close();
      await dropIndexes(prefix);
    }
  } finally {
    await db.close();
  }
});
