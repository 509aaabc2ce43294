/** The import command as a user runs it: report on stdout, exit codes, against real PostgreSQL. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { STALE_FILE } from '../search-index/expansions';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJournalExports } from '../dev/journal-exports';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { insertMatter } from '../lib/policy/store';

let tdb: TestDatabase;
let dir: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'hs-cli-'));
  await writeJournalExports(dir, { patients: 3, notesPerPatient: 4, defects: true, seed: 2 });
});
afterAll(async () => {
  await tdb?.drop();
});

/** Runs the `helsespor` bin on the test database; search runs on the embedded (PostgreSQL) backend here. */
const cli = (...args: string[]) => cliWith({}, ...args);
const cliWith = (extra: NodeJS.ProcessEnv, ...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn', ...extra };
  delete env.ELASTICSEARCH_URL;
  return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
};

test('an import with bad records reports them and exits 0; a second run reports everything unchanged', () => {
  const first = cli('import', 'gerica', join(dir, 'gerica'));
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/entries\s+13\s+0\s+0/);
  expect(first.stdout).toMatch(/quarantined: .*1 encoding/);
  expect(first.stderr).toMatch(/progress: 100%/); // plain lines when not on a terminal
  const again = cli('import', 'gerica', join(dir, 'gerica'));
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/entries\s+0\s+0\s+13/);
});

test('an unreadable file exits 1 with the reason; bad arguments exit 2 with the usage', () => {
  const missing = cli('import', 'profil', join(dir, 'nope.xml'));
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/no such file/);
  const unknown = cli('import', 'excel', dir);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/unknown source "excel"[\s\S]*Usage: npm run cli -- import/);
  const nothing = cli('frobnicate');
  expect(nothing.status).toBe(2);
  expect(nothing.stderr).toMatch(/Unknown command: frobnicate/);
});

test('reindex builds the search documents anew; reconcile then finds nothing to repair', async () => {
  const reindex = cli('reindex');
  expect(reindex.stderr).not.toMatch(/Error/);
  expect(reindex.status).toBe(0);
  expect(reindex.stdout).toMatch(/^Reindexed 13 documents/);
  expect(
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM search.document')).rows[0]!.n,
  ).toBe(13);
  await tdb.db.query('DELETE FROM search.document WHERE id = (SELECT min(id) FROM search.document)');
  const repair = cli('reconcile');
  expect(repair.status).toBe(0);
  expect(repair.stdout).toMatch(/1 missing, 0 stale, 0 that should not be there; 1 repaired/);
  expect(cli('reconcile').stdout).toMatch(/0 missing, 0 stale, 0 that should not be there; 0 repaired/);
});

test('helsepersonelloven § 43: a stray document reconcile removes marks the live learned model stale, as a removal by the indexer does; --check marks nothing', async () => {
  const models = mkdtempSync(join(tmpdir(), 'hs-cli-stale-'));
  // A live model as far as the pointer goes (expansions.ts markExpansionsStale looks for it).
  writeFileSync(join(models, 'current'), 'model-cli-test');
  const env = { HELSESPOR_EXPANSIONS_DIR: models };
  // A document whose note is no longer in the database (a removal that never reached the index).
  const cols = (
    await tdb.db.query<{ c: string }>(
      `SELECT quote_ident(column_name) AS c FROM information_schema.columns
        WHERE table_schema = 'search' AND table_name = 'document' AND is_generated = 'NEVER' AND column_name <> 'id'`,
    )
  ).rows.map((r) => r.c);
  await tdb.db.query(
    `INSERT INTO search.document (id, ${cols.join(', ')})
     SELECT 'stray-cli-s35', ${cols.join(', ')} FROM search.document ORDER BY id LIMIT 1`,
  );
  const check = cliWith(env, 'reconcile', '--check');
  expect(check.status).toBe(1);
  expect(check.stdout).toMatch(/1 stray/);
  expect(existsSync(join(models, STALE_FILE))).toBe(false);
  const repair = cliWith(env, 'reconcile');
  expect(repair.stderr).not.toMatch(/Error/);
  expect(repair.status).toBe(0);
  expect(repair.stdout).toMatch(/1 that should not be there; 1 repaired/);
  expect(repair.stdout).toMatch(/Learned expansions marked stale \(1 documents removed\)/);
  expect(existsSync(join(models, STALE_FILE))).toBe(true);
  rmSync(models, { recursive: true, force: true });
});

test('train-expansions: too few notes to learn from exits 1 with the reason and leaves no model; arguments exit 2', () => {
  const models = mkdtempSync(join(tmpdir(), 'hs-cli-model-'));
  try {
    const env = { HELSESPOR_EXPANSIONS_DIR: models };
    const few = cliWith(env, 'train-expansions');
    expect(few.status).toBe(1);
    expect(few.stderr).toMatch(/^Error: too few notes to learn from \(\d+; at least 20\)$/m);
    expect(readdirSync(models)).toEqual([]);
    const bad = cliWith(env, 'train-expansions', 'now');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /train-expansions takes no arguments[\s\S]*Usage: npm run cli -- train-expansions/,
    );
  } finally {
    rmSync(models, { recursive: true, force: true });
  }
  const off = cliWith({ HELSESPOR_EXPANSIONS_DIR: '' }, 'train-expansions');
  expect(off.status).toBe(2);
  expect(off.stderr).toMatch(/learned expansion is off/);
});

test('legal hold (issue 14): the CLI places, lists and lifts a hold, recorded; an unknown matter is a one-line error', async () => {
  expect(cli('legal-hold', 'list').status).toBe(0); // migrates the policy room
  await insertMatter(
    tdb.db,
    {
      id: 'M-CLI-HOLD',
      title: 'Erstatningssak',
      purpose: 'LEGAL_PROCEEDINGS',
      patientIds: ['pat-x'],
      nationalIds: [],
      periodFrom: null,
      periodTo: null,
      members: ['jurist-1'],
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    'arkivar-1',
  );
  const place = cli('legal-hold', 'place', 'M-CLI-HOLD', 'Søksmål', 'varslet');
  expect(place.status).toBe(0);
  expect(place.stdout).toMatch(/^Legal hold (\d+) placed on matter M-CLI-HOLD$/m);
  const id = /Legal hold (\d+)/.exec(place.stdout)![1]!;
  expect(cli('legal-hold', 'list').stdout).toMatch(new RegExp(`^${id}\\tM-CLI-HOLD\\tyes\\tcli:`, 'm'));
  const lift = cli('legal-hold', 'lift', id, 'Saken', 'er', 'forlikt');
  expect(lift.status).toBe(0);
  expect(cli('legal-hold', 'list').stdout).not.toMatch(/M-CLI-HOLD/);
  expect(cli('legal-hold', 'list', '--all').stdout).toMatch(
    new RegExp(`^${id}\\tM-CLI-HOLD\\tno\\t.*Søksmål varslet$`, 'm'),
  );
  const unknown = cli('legal-hold', 'place', 'M-NOPE', 'grunn', 'her');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/matter M-NOPE is not registered/);
  const cases = cli('record-cases', '--all');
  expect(cases.status).toBe(0);
  expect(cases.stdout).toMatch(/^id\tstatus\tground/);
});
