/**
 * Review s38: two imports of one Noark extract at the same time (two operators, or a retried
 * job). The check whether a saksmappe was stored ran outside the transaction that stored it, so
 * both runs passed it, the later INSERT was a unique violation, and the case it had in fact
 * stored was quarantined ("could not be stored: duplicate key value violates unique constraint
 * saksmappe_pkey"), a false quarantine row that stayed. Expected as for a re-import: every
 * saksmappe stored once, the later run counts it unchanged, nothing quarantined. The first test
 * is the reviewer's (rev-noark-race.test.ts), with the counts checked too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { createPgliteDb, type Db } from '../lib/db';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { importNoark, type ImportSummary } from '../subgraphs/archive/noark/import';
import { createTestDatabase, type TestDatabase } from '../dev/services';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-race-s38-'));
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, archiveSubgraph);
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function writeExtract(ex: NoarkExtract, name: string, edit = (xml: string) => xml): string {
  const dir = join(scratch, name);
  for (const f of ex.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(
      join(dir, f.path),
      f.path === 'arkivstruktur.xml' ? edit(f.content.toString('utf8')) : f.content,
    );
  }
  return dir;
}

async function counts(db: Db) {
  return (
    await db.query<{ saksmapper: number; journalposter: number; objekter: number; quarantined: number }>(
      `SELECT (SELECT count(*)::int FROM archive.saksmappe) AS saksmapper,
              (SELECT count(*)::int FROM archive.journalpost) AS journalposter,
              (SELECT count(*)::int FROM archive.dokumentobjekt WHERE content IS NOT NULL) AS objekter,
              (SELECT count(*)::int FROM archive.quarantine) AS quarantined`,
    )
  ).rows[0]!;
}

/** Both runs finished, one stored each case and the other counted it unchanged, nothing quarantined. */
function expectAsReimport(results: ImportSummary[], n: number): void {
  for (const r of results) {
    expect(r.saksmapper.quarantined).toBe(0);
    expect(r.saksmapper.inserted + r.saksmapper.unchanged).toBe(n);
    expect(r.documents.quarantined).toBe(0);
  }
  expect(results[0]!.saksmapper.inserted + results[1]!.saksmapper.inserted).toBe(n);
}

test('two concurrent imports of one extract: each saksmappe stored once, none quarantined', async () => {
  const ex = generateNoarkExtract({ seed: 9, saksmapper: 40 });
  const dir = writeExtract(ex, 'x');
  const results = await Promise.allSettled([importNoark(tdb.db, dir), importNoark(tdb.db, dir)]);
  const q = (
    await tdb.db.query<{ ref: string; reason: string }>(
      'SELECT ref, reason FROM archive.quarantine ORDER BY id',
    )
  ).rows;
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  expect(q).toEqual([]);
  expectAsReimport(
    results.map((r) => (r as PromiseFulfilledResult<ImportSummary>).value),
    40,
  );
  expect(await counts(tdb.db)).toEqual({
    saksmapper: 40,
    journalposter: ex.facts.journalposter.length,
    objekter: ex.files.length - 1,
    quarantined: 0,
  });
  // And a third run afterwards is the plain re-import it always was.
  expect((await importNoark(tdb.db, dir)).saksmapper).toEqual({
    inserted: 0,
    updated: 0,
    unchanged: 40,
    held: 0,
    quarantined: 0,
  });
});

test('two concurrent imports of different cases under the same mappeIDs: one stored each, the other quarantined as a re-import would', async () => {
  // The second extract has every saksmappe (and journalpost, document) under another systemID,
  // the same mappeIDs: sequentially, "mappeID … is already used by another saksmappe".
  const ex = generateNoarkExtract({ seed: 10, saksmapper: 12 });
  const a = writeExtract(ex, 'mappeid-a');
  const b = writeExtract(ex, 'mappeid-b', (xml) =>
    xml.replace(
      /(<(?:mappe|registrering|dokumentbeskrivelse|dokumentobjekt)\b[^>]*>\s*<systemID>)([^<]+)/g,
      '$1b-$2',
    ),
  );
  // A database of its own: the generator numbers every extract's cases from 2023/0101.
  const own = await createTestDatabase();
  try {
    await migrateSubgraph(own.db, archiveSubgraph);
    const [ra, rb] = await Promise.all([importNoark(own.db, a), importNoark(own.db, b)]);
    expect(ra.saksmapper.inserted + rb.saksmapper.inserted).toBe(12);
    expect(ra.saksmapper.quarantined + rb.saksmapper.quarantined).toBe(12);
    const reasons = (
      await own.db.query<{ reason: string }>('SELECT reason FROM archive.quarantine ORDER BY id')
    ).rows.map((r) => r.reason);
    expect(reasons).toHaveLength(12);
    for (const reason of reasons)
      expect(reason).toMatch(/is already used by another saksmappe; the stored one is kept/);
    expect((await counts(own.db)).saksmapper).toBe(12);
  } finally {
    await own.drop();
  }
});

test('embedded (PGlite): two concurrent imports of one extract, each saksmappe stored once, none quarantined', async () => {
  const db = await createPgliteDb();
  try {
    await migrateSubgraph(db, archiveSubgraph);
    const ex = generateNoarkExtract({ seed: 11, saksmapper: 15 });
    const dir = writeExtract(ex, 'embedded');
    const results = await Promise.all([importNoark(db, dir), importNoark(db, dir)]);
    expectAsReimport(results, 15);
    expect(await counts(db)).toEqual({
      saksmapper: 15,
      journalposter: ex.facts.journalposter.length,
      objekter: ex.files.length - 1,
      quarantined: 0,
    });
  } finally {
    await db.close();
  }
});
