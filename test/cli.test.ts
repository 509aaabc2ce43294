/** The import command as a user runs it: report on stdout, exit codes, against real PostgreSQL. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
const cli = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn' };
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
