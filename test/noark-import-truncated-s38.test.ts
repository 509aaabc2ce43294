/**
 * Review s38: an arkivstruktur.xml cut off in the middle (a truncated transfer). The README said
 * exit 1 is for "input it cannot read at all", but the saksmapper before the cut were committed,
 * endringslogg.xml was never read, and the error ("not well-formed") said neither. Now: with an
 * arkivuttrekk.xml that gives arkivstruktur.xml's checksum, the import is refused before anything
 * is written, naming both checksums (exit 1); without one, the error and the summary say how many
 * saksmapper were committed before it, and importing the complete extract again completes the
 * import (exit 5). The first test is the reviewer's (rev-noark-truncated.test.ts), with what the
 * message must say and the re-import checked too.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { commands } from '../subgraphs/archive/cli';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { ImportError, ImportStoppedError, importNoark } from '../subgraphs/archive/noark/import';
import { archiveSnapshot } from '../subgraphs/archive/noark/snapshot';
import { createTestDatabase, testConfig, type TestDatabase } from '../dev/services';
import type { Db } from '../lib/db';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-truncated-s38-'));
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, archiveSubgraph);
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function writeExtract(ex: NoarkExtract, name: string): string {
  const dir = join(scratch, name);
  for (const f of ex.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

/** arkivstruktur.xml cut 40 characters into its `n`th mappe (0-based). */
function cutInsideMappe(xml: string, n: number): string {
  const starts = [...xml.matchAll(/<mappe[ >]/g)].map((m) => m.index!);
  expect(starts.length).toBeGreaterThan(n);
  return xml.slice(0, starts[n]! + 40);
}

async function count(db: Db, table: string): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM archive.${table}`)).rows[0]!.n;
}

/** Runs `import-noark` as the CLI does; its exit code and what it printed. */
async function cli(t: TestDatabase, dir: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await commands['import-noark']!.run([dir], {
      db: t.db,
      config: testConfig({ databaseUrl: t.url }),
    });
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

test('a truncated arkivstruktur.xml: either nothing is written, or the error says what was written', async () => {
  const ex = generateNoarkExtract({ seed: 5, saksmapper: 6 });
  const dir = join(scratch, 'cut');
  for (const f of ex.files.slice(1)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const xml = ex.files[0]!.content.toString('utf8');
  writeFileSync(join(dir, 'arkivstruktur.xml'), cutInsideMappe(xml, 3)); // cut inside the 4th saksmappe
  let message = '';
  let error: unknown;
  try {
    await importNoark(tdb.db, dir);
  } catch (err) {
    error = err;
    message = (err as Error).message;
  }
  const stored = await count(tdb.db, 'saksmappe');
  const quarantined = await count(tdb.db, 'quarantine');
  expect(message).not.toBe('');
  // Nothing written, or the error tells the operator that `stored` saksmapper were imported before the cut.
  expect(stored === 0 || message.includes(String(stored))).toBe(true);

  // What the error says: the parser's reason, then what is committed and how to complete it.
  expect(stored).toBe(3);
  expect(quarantined).toBe(0);
  expect(error).toBeInstanceOf(ImportStoppedError);
  expect(message).toMatch(/^arkivstruktur\.xml is not well-formed XML: .*unclosed tag: mappe\. /);
  expect(message).toMatch(
    /The import stopped partway: 3 saksmapper before the error are committed \(3 new, 0 already stored\), 0 quarantined,/,
  );
  expect(message).toMatch(/the rest of arkivstruktur\.xml and endringslogg\.xml are not imported/);
  expect(message).toMatch(
    /Importing the complete extract again completes the import: what is stored counts as unchanged/,
  );
  expect((error as ImportStoppedError).summary.saksmapper).toEqual({
    inserted: 3,
    updated: 0,
    unchanged: 0,
    held: 0,
    quarantined: 0,
  });
  expect((error as ImportStoppedError).summary.journalposter).toBe(await count(tdb.db, 'journalpost'));

  // As the CLI says it: exit 5 (not 1, "nothing written"), the counts on stdout.
  const again = await cli(tdb, dir);
  expect(again.code).toBe(5);
  expect(again.err).toMatch(
    /^Import failed: arkivstruktur\.xml is not well-formed XML: .*3 saksmapper before the error are committed \(0 new, 3 already stored/,
  );
  expect(again.out).toMatch(/before the error: saksmapper 0 new, 0 updated, 3 unchanged, 0 quarantined/);

  // The complete extract completes it, nothing quarantined.
  writeFileSync(join(dir, 'arkivstruktur.xml'), xml);
  const done = await importNoark(tdb.db, dir);
  expect(done.saksmapper).toEqual({ inserted: 3, updated: 0, unchanged: 3, held: 0, quarantined: 0 });
  expect(await count(tdb.db, 'saksmappe')).toBe(6);
  expect(await count(tdb.db, 'quarantine')).toBe(0);
  expect(await count(tdb.db, 'journalpost')).toBe(ex.facts.journalposter.length);
});

test('a truncated arkivstruktur.xml in a deposit package whose arkivuttrekk.xml gives its checksum: refused before anything is written, both checksums named', async () => {
  // A real package: a generated archive imported and exported (arkivuttrekk.xml as export-noark
  // writes it, ADDML 8.3 with the SHA-256 of arkivstruktur.xml and endringslogg.xml).
  const src = await createTestDatabase();
  const dst = await createTestDatabase();
  try {
    await migrateSubgraph(src.db, archiveSubgraph);
    await migrateSubgraph(dst.db, archiveSubgraph);
    const ex = generateNoarkExtract({ seed: 6, saksmapper: 5, closed: true });
    await importNoark(src.db, writeExtract(ex, 'deposit-src'));
    const pkg = join(scratch, 'deposit');
    await exportNoark(src.db, ex.facts.arkivdelId, pkg);
    const full = readFileSync(join(pkg, 'arkivstruktur.xml'));
    const expected = createHash('sha256').update(full).digest('hex');
    expect(readFileSync(join(pkg, 'arkivuttrekk.xml'), 'utf8')).toContain(expected);
    const cut = cutInsideMappe(full.toString('utf8'), 2);
    writeFileSync(join(pkg, 'arkivstruktur.xml'), cut);
    const actual = createHash('sha256').update(cut).digest('hex');

    const empty = await archiveSnapshot(dst.db);
    let error: unknown;
    await importNoark(dst.db, pkg).catch((err: unknown) => (error = err));
    expect(error).toBeInstanceOf(ImportError);
    expect(error).not.toBeInstanceOf(ImportStoppedError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^arkivstruktur\.xml does not match arkivuttrekk\.xml: arkivuttrekk\.xml \(line \d+\) gives its SHA256 checksum as /,
    );
    expect(message).toContain(`as ${expected},`);
    expect(message).toContain(`has ${actual}.`);
    expect(message).toMatch(/Nothing was imported/);
    expect(await archiveSnapshot(dst.db)).toEqual(empty);
    expect(await count(dst.db, 'quarantine')).toBe(0);
    // The CLI: exit 1, input refused whole.
    const run = await cli(dst, pkg);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`Import failed: arkivstruktur.xml does not match arkivuttrekk.xml`);
    expect(await archiveSnapshot(dst.db)).toEqual(empty);

    // The whole file: verified and imported, the same archive as the source's.
    writeFileSync(join(pkg, 'arkivstruktur.xml'), full);
    const r = await importNoark(dst.db, pkg);
    expect(r.saksmapper).toEqual({ inserted: 5, updated: 0, unchanged: 0, held: 0, quarantined: 0 });
    expect(await archiveSnapshot(dst.db)).toEqual(await archiveSnapshot(src.db));

    // endringslogg.xml, which arkivuttrekk.xml lists, missing: refused too, nothing written.
    rmSync(join(pkg, 'endringslogg.xml'));
    const before = await archiveSnapshot(dst.db);
    await expect(importNoark(dst.db, pkg)).rejects.toThrow(
      /^arkivuttrekk\.xml \(line \d+\) lists endringslogg\.xml, but the extract has no endringslogg\.xml\. Nothing was imported/,
    );
    expect(await archiveSnapshot(dst.db)).toEqual(before);
  } finally {
    await src.drop();
    await dst.drop();
  }
});

test('an arkivuttrekk.xml that is not ADDML, or gives a checksum in an algorithm not known: refused before anything is written', async () => {
  const own = await createTestDatabase();
  try {
    await migrateSubgraph(own.db, archiveSubgraph);
    const dir = writeExtract(generateNoarkExtract({ seed: 7, saksmapper: 2 }), 'odd-addml');
    writeFileSync(join(dir, 'arkivuttrekk.xml'), '<?xml version="1.0"?><package><file/></package>');
    await expect(importNoark(own.db, dir)).rejects.toThrow(
      /^arkivuttrekk\.xml: the root element is \{\}package, expected \{http:\/\/www\.arkivverket\.no\/standarder\/addml\}addml/,
    );
    writeFileSync(
      join(dir, 'arkivuttrekk.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<addml xmlns="http://www.arkivverket.no/standarder/addml" name="Noark 5 arkivuttrekk">
  <dataset><dataObjects><dataObject name="arkivstruktur"><properties>
    <property name="file"><properties>
      <property name="name"><value>arkivstruktur.xml</value></property>
      <property name="checksum"><properties>
        <property name="algorithm"><value>CRC32</value></property>
        <property name="value"><value>0badc0de</value></property>
      </properties></property>
    </properties></property>
  </properties></dataObject></dataObjects></dataset>
</addml>
`,
    );
    await expect(importNoark(own.db, dir)).rejects.toThrow(
      /gives the checksum of arkivstruktur\.xml as CRC32, which the import cannot compute .* Nothing was imported/,
    );
    expect(await count(own.db, 'arkiv')).toBe(0);
    expect(await count(own.db, 'saksmappe')).toBe(0);
  } finally {
    await own.drop();
  }
});

test('an endringslogg.xml cut off (no arkivuttrekk.xml): the error says every saksmappe is committed and no endring; the complete file completes it', async () => {
  const own = await createTestDatabase();
  try {
    await migrateSubgraph(own.db, archiveSubgraph);
    const dir = writeExtract(generateNoarkExtract({ seed: 8, saksmapper: 4 }), 'cut-log');
    const log = `<?xml version="1.0" encoding="UTF-8"?>
<endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg">
  <endring>
    <referanseArkivenhet>x-1</referanseArkivenhet>
    <referanseMetadata>tittel</referanseMetadata>
    <endretDato>2024-01-02T10:00:00+01:00</endretDato>
    <endretAv>Arkivar</endretAv>
    <tidligereVerdi>Gammel</tidligereVerdi>
    <nyVerdi>Ny</nyVerdi>
  </endring>
</endringslogg>
`;
    writeFileSync(join(dir, 'endringslogg.xml'), log.slice(0, log.indexOf('<nyVerdi>')));
    const run = await cli(own, dir);
    expect(run.code).toBe(5);
    expect(run.err).toMatch(
      /^Import failed: endringslogg\.xml is not well-formed XML: .*\. The import stopped partway: all 4 saksmapper of arkivstruktur\.xml are committed \(4 new, 0 already stored\), 0 quarantined; no entry of endringslogg\.xml is\./,
    );
    expect(run.out).toMatch(
      /before the error: saksmapper 4 new, 0 updated, 0 unchanged, 0 quarantined; \d+ journalposter; documents \d+ stored, 0 quarantined; 0 endringslogg entries/,
    );
    expect(await count(own.db, 'saksmappe')).toBe(4);
    expect(await count(own.db, 'endringslogg')).toBe(0);
    writeFileSync(join(dir, 'endringslogg.xml'), log);
    const done = await importNoark(own.db, dir);
    expect(done.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 4, held: 0, quarantined: 0 });
    expect(done.endringslogg).toBe(1);
  } finally {
    await own.drop();
  }
});
