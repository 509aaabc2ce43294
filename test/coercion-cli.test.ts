/** The coercion CLI commands, run as a user runs them (`npm run cli -- ...`), against a fresh real database. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { userInfo } from 'node:os';
import { generateCoercionExports } from '../dev/generator';
import { insertMatter } from '../lib/policy/store';
import { createTestDatabase, type TestDatabase } from '../dev/services';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
let tdb: TestDatabase;
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'cli.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' },
      },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'hs-coercion-cli-'));
  const ex = generateCoercionExports();
  mkdirSync(join(dir, 'gerica'));
  writeFileSync(join(dir, 'gerica', 'vedtak.csv'), ex.vedtakCsv);
  writeFileSync(join(dir, 'gerica', 'tvangsprotokoll.csv'), ex.protokollCsv);
  writeFileSync(join(dir, 'Coercion.ndjson'), ex.coercionNdjson);
});

afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('import-coercion imports, lists what it quarantined and exits 3; the quarantine can be listed; the report prints, writes SVG and JSON and is logged', async () => {
  const imp = await cli('import-coercion', join(dir, 'gerica'), join(dir, 'Coercion.ndjson'));
  expect(imp.code).toBe(3);
  expect(imp.stdout).toContain(
    'vedtak.csv: decisions 6 read, 4 written; executions 0 read, 0 written; 1 other (non-coercion) decisions left to the journal; 3 quarantined',
  );
  expect(imp.stdout).toContain('  line 15: unknown decision id V-1999-999');
  expect(imp.stdout).not.toMatch(/\d{11}/); // no national ids on screen

  const q = await cli('coercion-quarantine', 'GERICA');
  expect(q.code).toBe(0);
  expect(q.stdout.trim().split('\n').at(-1)).toBe('8 quarantined');

  const nid = generateCoercionExports().patient.nationalId;
  const missingPurpose = await cli('coercion-report', nid);
  expect(missingPurpose.code).toBe(2);
  expect(missingPurpose.stderr).toMatch(/--purpose is required/);
  // pasientjournalloven § 22: the purpose is one of the closed list, allowed for the role.
  const freeText = await cli('coercion-report', nid, '--purpose', 'klagesak');
  expect(freeText.code).toBe(2);
  expect(freeText.stderr).toMatch(/--purpose: purpose must be one of LEGAL_PROCEEDINGS/);

  // The report is read as role legal: within a matter listing the CLI user, like a token (found in review).
  const noMatter = await cli('coercion-report', nid, '--purpose', 'COMPLAINT');
  expect(noMatter.code).toBe(2);
  expect(noMatter.stderr).toMatch(/--matter is required/);
  const cliUser = `cli:${userInfo().username}`;
  const matter = (id: string, nationalIds: string[], members: string[], periodTo: string | null = null) =>
    insertMatter(
      tdb.db,
      {
        id,
        title: 'Klage på tvang',
        purpose: 'COMPLAINT',
        patientIds: [],
        nationalIds,
        periodFrom: null,
        periodTo,
        members,
        expiresAt: new Date(Date.now() + 86400_000),
      },
      'arkivar-1',
    );
  await matter('M-cli-other', ['01010112345'], [cliUser]);
  await matter('M-cli-notme', [nid], ['someone-else']);
  await matter('M-cli-spring', [nid], [cliUser], '2019-06-30');
  await matter('M-cli', [nid], [cliUser]);
  const outside = await cli('coercion-report', nid, '--matter', 'M-cli-other', '--purpose', 'COMPLAINT');
  expect(outside.code).toBe(4);
  expect(outside.stderr).toMatch(/forbidden: patient not in matter M-cli-other/);
  const notMember = await cli('coercion-report', nid, '--matter', 'M-cli-notme', '--purpose', 'COMPLAINT');
  expect(notMember.code).toBe(4);
  expect(notMember.stderr).toMatch(/does not work on matter M-cli-notme/);
  const spring = await cli(
    'coercion-report',
    nid,
    '--matter',
    'M-cli-spring',
    '--purpose',
    'COMPLAINT',
    '--from',
    '2019-01-01',
    '--to',
    '2019-12-31',
  );
  expect(spring.code).toBe(0);
  expect(spring.stdout).toMatch(/^Period: 2019-01-01 – 2019-06-30;/); // cut to the matter's period

  const svg = join(dir, 'r.svg');
  const json = join(dir, 'r.json');
  const rep = await cli(
    'coercion-report',
    nid,
    '--matter',
    'M-cli',
    '--purpose',
    'COMPLAINT',
    '--from',
    '2019-01-01',
    '--to',
    '2019-12-31',
    '--svg',
    svg,
    '--json',
    json,
  );
  expect(rep.code).toBe(0);
  expect(rep.stdout).toMatch(/^Period: 2019-01-01 – 2019-12-31; 6 executions, 266 minutes, longest 150/);
  expect(rep.stdout).toMatch(/NOT_YET_APPROVED\s+1\s+16/);
  expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
  const data = JSON.parse(readFileSync(json, 'utf8'));
  expect(data.totals.executions).toBe(6);
  expect(data.timeline.executions.map((e: any) => e.executionId)).toEqual([
    'TP-2019-001',
    'TP-2019-002',
    'TP-2019-003',
    'TP-2019-005',
    'TP-2019-004',
    'TP-2019-006',
  ]);
  const log = await tdb.db.query<{ purpose: string; entity_type: string; n: number }>(
    `SELECT matter, purpose, entity_type, cardinality(entity_ids) AS n FROM audit.access_log
      WHERE subgraph = 'coercion' ORDER BY matter, entity_type, n`,
  );
  // Each report is logged under its matter; each refusal too (no records).
  expect(log.rows).toEqual([
    { matter: 'M-cli', purpose: 'COMPLAINT', entity_type: 'coercion_decision', n: 2 },
    { matter: 'M-cli', purpose: 'COMPLAINT', entity_type: 'coercion_execution', n: 6 },
    { matter: 'M-cli-notme', purpose: 'COMPLAINT', entity_type: 'coercion_execution', n: 0 },
    { matter: 'M-cli-other', purpose: 'COMPLAINT', entity_type: 'coercion_execution', n: 0 },
    { matter: 'M-cli-spring', purpose: 'COMPLAINT', entity_type: 'coercion_decision', n: 1 },
    { matter: 'M-cli-spring', purpose: 'COMPLAINT', entity_type: 'coercion_execution', n: 3 },
  ]);
});
