/**
 * Coercion import edge cases on real PostgreSQL: a Gerica file the CSV parser cannot
 * finish, text that is not ISO-8859-1, and an execution recorded under a decision from
 * the other system imported later (order does not lose records: it is quarantined, and
 * imported on the next run once the decision is known).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCoercionExports } from '../dev/generator';
import { migrateSubgraph } from '../lib/subgraph';
import { coercionSubgraph } from '../subgraphs/coercion';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { createTestDatabase, deleteTestRows, type TestDatabase } from '../dev/services';

let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, coercionSubgraph);
  dir = mkdtempSync(join(tmpdir(), 'hs-coercion-edge-'));
});

afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const quarantine = async () =>
  (
    await tdb.db.query<{ file: string; line: number; source_id: string | null; reason: string; raw: Buffer }>(
      'SELECT file, line, source_id, reason, raw FROM coercion.quarantine ORDER BY file, line',
    )
  ).rows;

test('an unterminated quote: that record is quarantined, reading resyncs at the next record and goes on (one Gerica reader)', async () => {
  const ex = generateCoercionExports();
  const lines = ex.vedtakCsv.toString('latin1').split('\r\n');
  const good = lines.slice(0, 6).join('\r\n'); // header + 3 records (6 lines)
  const unclosed = `V-2023-001;40001;${ex.patient.nationalId};Tvang og makt;Hol. \u00a7 9-5 tredje ledd bokstav c;l\u00e5st kj\u00f8leskap;01.03.2023;;14.02.2023;;"Begrunnelse uten slutt`;
  const short = 'V-2023-002;40001;x';
  const rest = lines.slice(6).join('\r\n'); // the records after the broken one are imported
  const broken = `${good}\r\n${unclosed}\r\n${short}\r\n${rest}`;
  const path = join(dir, 'vedtak.csv');
  writeFileSync(path, Buffer.from(broken, 'latin1'));
  writeFileSync(join(dir, 'clean.csv'), ex.vedtakCsv);
  const [s] = await importCoercionPath(tdb.db, path);
  const q = await quarantine();
  expect(q.slice(0, 2).map((r) => [r.line, r.source_id, r.reason])).toEqual([
    [7, null, 'quoting: a quoted field is not closed before the next record starts'],
    [8, 'V-2023-002', 'record has 3 fields, the header has 11'],
  ]);
  expect(q[0]!.raw.toString('latin1')).toBe(unclosed);
  // Every record after the broken one is read as in the clean file: the same decisions,
  // the same quarantined ones (two lines further down).
  await deleteTestRows(tdb, 'coercion.quarantine');
  const clean = (await importCoercionPath(tdb.db, join(dir, 'clean.csv')))[0]!;
  expect(s!.decisions.read).toBe(clean.decisions.read);
  expect(s!.otherDecisions).toBe(clean.otherDecisions);
  expect(q.slice(2).map((r) => [r.line - 2, r.reason])).toEqual(
    (await quarantine()).map((r) => [r.line, r.reason]),
  );
});

test('a record that is UTF-8, not ISO-8859-1, is quarantined; the others are imported', async () => {
  await deleteTestRows(tdb, 'coercion.quarantine');
  const ex = generateCoercionExports();
  const lines = ex.protokollCsv.toString('latin1').split('\r\n');
  const header = lines[0]!;
  const ok = lines[3]!; // TP-2012-001
  const utf8 = Buffer.from(
    `TP-2012-777;V-2011-001;40001;${ex.patient.nationalId};01.02.2012 10:00;01.02.2012 10:10;fysisk holding ved stell;10234;"Motsatte seg stell, ingen skader (s\u00e5r).";Sotjl. \u00a7 4A-5 tredje ledd bokstav c`,
    'utf8',
  );
  const path = join(dir, 'tvangsprotokoll.csv');
  writeFileSync(
    path,
    Buffer.concat([Buffer.from(`${header}\r\n${ok}\r\n`, 'latin1'), utf8, Buffer.from('\r\n')]),
  );
  const [s] = await importCoercionPath(tdb.db, path);
  expect(s!.executions).toEqual({ read: 2, written: 1 });
  const q = await quarantine();
  expect(q.map((r) => [r.line, r.source_id, r.reason])).toEqual([
    [3, 'TP-2012-777', 'not ISO-8859-1 text (looks like UTF-8)'],
  ]);
  expect(q[0]!.raw.equals(utf8)).toBe(true);
});

test('an HP execution under a decision not yet imported is quarantined, and imported once the decision is there', async () => {
  await deleteTestRows(tdb, 'coercion.quarantine');
  const ex = generateCoercionExports();
  const lines = ex.coercionNdjson.split('\n');
  const executionOnly = join(dir, 'executions.ndjson');
  writeFileSync(executionOnly, `${lines[5]}\n`); // TVG-900003 under TVD-900003
  const [first] = await importCoercionPath(tdb.db, executionOnly);
  expect(first!.quarantined).toEqual([{ line: 1, reason: 'unknown decision id TVD-900003' }]);
  const all = join(dir, 'Coercion.ndjson');
  writeFileSync(all, `${lines[2]}\n${lines[5]}\n`);
  const [second] = await importCoercionPath(tdb.db, all);
  expect(second!.executions).toEqual({ read: 1, written: 1 });
  expect(
    (await tdb.db.query('SELECT id FROM coercion.execution WHERE id = $1', ['TVG-900003'])).rowCount,
  ).toBe(1);
});

test('a source id twice in one file: the first is imported, the second quarantined with the line of the first', async () => {
  await deleteTestRows(tdb, 'coercion.quarantine');
  const ex = generateCoercionExports();
  const lines = ex.protokollCsv.toString('latin1').split('\r\n');
  const path = join(dir, 'tvangsprotokoll.csv');
  // header, TP-2012-001 (line 2), TP-2012-001 again with another end (line 3)
  const again = lines[3]!.replace('29.02.2012 19:58', '29.02.2012 20:05');
  writeFileSync(path, Buffer.from(`${lines[0]}\r\n${lines[3]}\r\n${again}\r\n`, 'latin1'));
  const [s] = await importCoercionPath(tdb.db, path);
  expect(s!.quarantined).toEqual([
    { line: 3, reason: 'duplicate id TP-2012-001: already on line 2 of this file' },
  ]);
  const { rows } = await tdb.db.query<{ end_at: Date }>(
    'SELECT end_at FROM coercion.execution WHERE id = $1',
    ['TP-2012-001'],
  );
  expect(rows.map((r) => r.end_at.toISOString())).toEqual(['2012-02-29T18:58:00.000Z']);

  const hp = join(dir, 'dup.ndjson');
  const decision = ex.coercionNdjson.split('\n')[2]!;
  writeFileSync(hp, `${decision}\n${decision}\n`);
  const [h] = await importCoercionPath(tdb.db, hp);
  expect(h!.quarantined).toEqual([
    { line: 2, reason: 'duplicate id TVD-900003: already on line 1 of this file' },
  ]);
});

test('an HP time written with an offset Oslo did not have then keeps its instant and is noted', async () => {
  const ex = generateCoercionExports();
  const decision = ex.coercionNdjson.split('\n')[2]!; // TVD-900003, pbrl-4A, 2023-06-01 – 2023-11-30
  const execution = JSON.stringify({
    kind: 'execution',
    id: 'TVG-990001',
    patient: ex.patient.nationalId,
    decisionId: 'TVD-900003',
    measure: 'holding av arm ved blodprøvetaking',
    start: '2023-09-12T09:15:00+01:00',
    end: '2023-09-12T10:45:00+02:00',
    executedBy: ['9310245'],
    description: 'x',
    reportedAt: '2023-09-12T11:00:00+02:00',
  });
  const path = join(dir, 'offset.ndjson');
  writeFileSync(path, `${decision}\n${execution}\n`);
  await importCoercionPath(tdb.db, path);
  const { rows } = await tdb.db.query<{ start_at: Date; end_at: Date; time_notes: string[] }>(
    'SELECT start_at, end_at, time_notes FROM coercion.execution WHERE id = $1',
    ['TVG-990001'],
  );
  expect(rows[0]!.start_at.toISOString()).toBe('2023-09-12T08:15:00.000Z');
  expect(rows[0]!.end_at.toISOString()).toBe('2023-09-12T08:45:00.000Z');
  expect(rows[0]!.time_notes).toEqual([
    'start: written as 2023-09-12T09:15:00+01:00, an offset Oslo did not have then; the instant is kept, which is 2023-09-12T10:15:00+02:00 in Oslo time',
  ]);
});
