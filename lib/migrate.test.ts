import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { migrate, splitSql } from './migrate';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

test('applies new files once, in order, and refuses an edited one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mig-'));
  writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE t (x int);\nINSERT INTO t VALUES (1);\n');
  expect(await migrate(tdb.db, 'demo', dir)).toEqual(['001_a.sql']);
  writeFileSync(join(dir, '002_b.sql'), 'INSERT INTO t VALUES (2);\n');
  expect(await migrate(tdb.db, 'demo', dir)).toEqual(['002_b.sql']);
  expect(await migrate(tdb.db, 'demo', dir)).toEqual([]);
  expect((await tdb.db.query<{ x: number }>('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x)).toEqual([
    1, 2,
  ]);
  writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE t (x bigint);\n');
  await expect(migrate(tdb.db, 'demo', dir)).rejects.toThrow(/001_a\.sql was changed after it was applied/);
});

test('a failing migration leaves nothing half-applied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mig-'));
  writeFileSync(join(dir, '001_bad.sql'), 'CREATE TABLE half (x int);\nSELECT no_such_function();\n');
  await expect(migrate(tdb.db, 'bad', dir)).rejects.toThrow();
  expect((await tdb.db.query("SELECT to_regclass('public.half') AS t")).rows[0]).toEqual({ t: null });
});

test('splitSql keeps $$-quoted function bodies whole', () => {
  const parts = splitSql(
    'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n-- c\nSELECT 1;\n',
  );
  expect(parts).toHaveLength(2);
  expect(parts[0]).toContain('RETURN 1;');
});
