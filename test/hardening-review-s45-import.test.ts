/**
 * Hardening review s45, importers: a source file in the wrong encoding is refused with an error
 * that says so, and nothing is stored. Real PostgreSQL (dev/services.ts createTestDatabase);
 * imports run as the CLI runs them (runImport, importCoercionPath).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSubgraph } from '../lib/subgraph';
import { coercionSubgraph } from '../subgraphs/coercion';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport } from '../subgraphs/journal/import/run';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { NOTES_HEADER, VEDTAK_HEADER, noteRow } from '../dev/gerica-rows';

let dir: string;
let tdb: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-hardening-s45-import-'));
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph);
  await migrateSubgraph(tdb.db, coercionSubgraph);
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string) => (await tdb.db.query<{ n: number }>(sql)).rows[0]!.n;

/** A folder holding one Gerica file of `lines` in `encoding`, with a byte order mark. */
function withBom(name: string, file: string, lines: string[], encoding: 'utf8' | 'utf16le'): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(join(d, file), Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', encoding));
  return d;
}

describe('Gerica CSV: a file saved with a byte order mark is refused naming the encoding', () => {
  const NOTE = noteRow('G-S45-1', '91001', '20888014390', 'Et notat med æøå.');

  test.each([
    ['UTF-8', 'utf8'],
    ['UTF-16', 'utf16le'],
  ] as const)(
    'journalnotater.csv in %s with a BOM (as Excel saves "CSV UTF-8"): the import fails with an error naming the encoding and ISO-8859-1, nothing stored (it said "header differs at NotatID", a column the file has)',
    async (label, encoding) => {
      const folder = withBom(`notes-${encoding}`, 'journalnotater.csv', [NOTES_HEADER, NOTE], encoding);
      const err = await runImport(tdb.db, 'gerica', folder).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(err).toContain(`starts with a ${label} byte order mark`);
      expect(err).toMatch(/ISO-8859-1/);
      expect(err).not.toMatch(/header differs/);
      expect(await count(`SELECT count(*)::int AS n FROM journal.journal_entry`)).toBe(0);
    },
  );

  test('vedtak.csv with a UTF-8 BOM, read by the journal and by coercion: both name the encoding', async () => {
    const folder = withBom('vedtak-utf8', 'vedtak.csv', [VEDTAK_HEADER], 'utf8');
    const journal = await runImport(tdb.db, 'gerica-vedtak', folder).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(journal).toMatch(/UTF-8 byte order mark/);
    const coercion = await importCoercionPath(tdb.db, folder).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(coercion).toMatch(/UTF-8 byte order mark/);
  });
});
