/**
 * Hostile Noark 5 extracts (issue 12): a document that is a symlink to /etc/passwd (with
 * the checksum made to match) was stored and served, and its target's bytes went into the
 * quarantine with a wrong checksum; a named pipe hung the import. Documents are now regular
 * files inside the extract, opened without following symlinks, size checked before reading.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { importNoark } from '../subgraphs/archive/noark/import';
import { XmlSourceBytes } from '../lib/import/xml-source';
import { jest } from '@jest/globals';
import { createTestDatabase, deleteTestRows, type TestDatabase } from '../dev/services';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-hostile-'));
let tdb: TestDatabase;
const PASSWD = readFileSync('/etc/passwd');

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, archiveSubgraph);
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes a one-case extract; `doc(i)` may replace document i's file and its declared checksum/size. */
function extract(
  name: string,
  tamper: (
    dir: string,
    docs: string[],
    setDeclared: (ref: string, sha: string, size: number) => void,
  ) => void,
): string {
  const ex = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = join(scratch, name);
  let xml = ex.files[0]!.content.toString('utf8');
  for (const f of ex.files.slice(1)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const setDeclared = (ref: string, sha: string, size: number) => {
    const i = xml.indexOf(`<referanseDokumentfil>${ref}</referanseDokumentfil>`);
    const after = xml.slice(i);
    const fixed = after
      .replace(/<sjekksum>[0-9a-f]+<\/sjekksum>/, `<sjekksum>${sha}</sjekksum>`)
      .replace(/<filstoerrelse>\d+<\/filstoerrelse>/, `<filstoerrelse>${size}</filstoerrelse>`);
    xml = xml.slice(0, i) + fixed;
  };
  tamper(
    dir,
    ex.files.slice(1).map((f) => f.path),
    setDeclared,
  );
  writeFileSync(join(dir, 'arkivstruktur.xml'), xml);
  return dir;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function everyStoredByte(): Promise<Buffer[]> {
  const docs = await tdb.db.query<{ content: Buffer | null }>('SELECT content FROM archive.dokumentobjekt');
  const q = await tdb.db.query<{ raw: Buffer | null }>('SELECT raw FROM archive.quarantine');
  return [...docs.rows.map((r) => r.content), ...q.rows.map((r) => r.raw)].filter((b): b is Buffer => !!b);
}

test('a document that is a symlink to /etc/passwd, checksum made to match: quarantined, not a byte of the target stored', async () => {
  const dir = extract('symlink', (d, docs, setDeclared) => {
    unlinkSync(join(d, docs[0]!));
    symlinkSync('/etc/passwd', join(d, docs[0]!));
    setDeclared(docs[0]!, sha(PASSWD), PASSWD.length);
    // And one with the original, now wrong, checksum: the target's bytes must not reach the quarantine.
    unlinkSync(join(d, docs[1]!));
    symlinkSync('/etc/passwd', join(d, docs[1]!));
  });
  const r = await importNoark(tdb.db, dir);
  expect(r.documents).toEqual({ stored: 1, quarantined: 2 });
  const reasons = (
    await tdb.db.query<{ reason: string }>('SELECT reason FROM archive.quarantine ORDER BY reason')
  ).rows;
  expect(reasons.map((x) => x.reason)).toEqual([
    'document file DOKUMENT/2023-0101-1.pdf is a symbolic link, not a file',
    'document file DOKUMENT/2023-0101-2.pdf is a symbolic link, not a file',
  ]);
  for (const b of await everyStoredByte()) expect(b.includes(PASSWD.subarray(0, 20))).toBe(false);
});

test('a document inside a folder that links outside the extract is refused', async () => {
  await deleteTestRows(tdb, 'archive.quarantine');
  const outside = join(scratch, 'outside');
  mkdirSync(outside, { recursive: true });
  const dir = extract('dirlink', (d, docs, setDeclared) => {
    const secret = Buffer.from('not part of the extract\n');
    writeFileSync(join(outside, 'x.pdf'), secret);
    symlinkSync(outside, join(d, 'LINK'));
    // Point document 3 at LINK/x.pdf with a matching checksum.
    setDeclared(docs[2]!, sha(secret), secret.length);
  });
  // Make the extract name LINK/x.pdf for the third document.
  const xmlPath = join(dir, 'arkivstruktur.xml');
  writeFileSync(
    xmlPath,
    readFileSync(xmlPath, 'utf8').replace(
      '<referanseDokumentfil>DOKUMENT/2023-0101-3.pdf<',
      '<referanseDokumentfil>LINK/x.pdf<',
    ),
  );
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir);
    expect(r.documents.quarantined).toBe(1);
    const q = (
      await other.db.query<{ reason: string; raw: Buffer | null }>(
        'SELECT reason, raw FROM archive.quarantine',
      )
    ).rows;
    expect(q).toEqual([
      {
        reason: 'document file LINK/x.pdf lies in a folder that is a link to outside the extract',
        raw: null,
      },
    ]);
  } finally {
    await other.drop();
  }
});

test('a named pipe as a document is quarantined at once (it hung the import for over 10 minutes)', async () => {
  const dir = extract('fifo', (d, docs) => {
    unlinkSync(join(d, docs[0]!));
    execFileSync('mkfifo', [join(d, docs[0]!)]);
  });
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir);
    expect(r.documents).toEqual({ stored: 2, quarantined: 1 });
    const q = (await other.db.query<{ reason: string }>('SELECT reason FROM archive.quarantine')).rows;
    expect(q).toEqual([
      { reason: 'document file DOKUMENT/2023-0101-1.pdf is a named pipe, not a regular file' },
    ]);
  } finally {
    await other.drop();
  }
}, 20_000);

test('a document over the size limit is quarantined without being read', async () => {
  const dir = extract('big', () => undefined);
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir, { maxDocumentBytes: 100 });
    expect(r.documents).toEqual({ stored: 0, quarantined: 3 });
    const q = (
      await other.db.query<{ reason: string; raw: Buffer | null }>(
        'SELECT reason, raw FROM archive.quarantine ORDER BY reason',
      )
    ).rows;
    expect(q[0]).toEqual({
      reason: expect.stringMatching(
        /^document file DOKUMENT\/2023-0101-1\.pdf is \d+ bytes, over the limit of 100$/,
      ),
      raw: null,
    });
  } finally {
    await other.drop();
  }
});

test('a saksmappe that cannot be accepted is quarantined with its source bytes, start tag to end tag, and the line it starts on (found in review: a JSON rebuilt from the parsed record lost its attribute, entity, CDATA, comment and whitespace)', async () => {
  const ex = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = join(scratch, 'source-bytes');
  for (const f of ex.files.slice(1)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  // An attribute, an entity, CDATA, a comment, æøå, a tab and CR LF; ukjentElement is not Noark 5.
  const mappe =
    '<mappe xsi:type="saksmappe"  kilde=\'eksport\'>\r\n' +
    '          <systemID>e09a4bb7-4f76-4efd-ac4f-000000000999</systemID>\n' +
    '          <mappeID>2023/0999</mappeID>\n' +
    '          <tittel>Klage &amp; innsyn – Åse Ødegård <![CDATA[<vedlegg> & mer]]></tittel>\n' +
    '          <!-- kommentar: æøå, sendt på nytt -->\n' +
    '\t<ukjentElement>x</ukjentElement>\n' +
    '        </mappe>';
  const xml = ex.files[0]!.content.toString('utf8');
  const at = xml.indexOf('</mappe>') + '</mappe>'.length;
  const withBad = `${xml.slice(0, at)}\n        ${mappe}${xml.slice(at)}`;
  writeFileSync(join(dir, 'arkivstruktur.xml'), withBad);
  const line = withBad.slice(0, withBad.indexOf(mappe)).split('\n').length;
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir);
    expect(r.saksmapper).toEqual({ inserted: 1, updated: 0, unchanged: 0, held: 0, quarantined: 1 });
    const rows = async () =>
      (
        await other.db.query<{
          ref: string;
          reason: string;
          raw: Buffer;
          line: number;
          detail: string | null;
        }>("SELECT ref, reason, raw, line, detail FROM archive.quarantine WHERE ref = 'mappe 2023/0999'")
      ).rows;
    const [q, ...more] = await rows();
    expect(more).toEqual([]);
    expect(q!.reason).toMatch(/element ukjentElement is not supported in saksmappe/);
    expect(q!.raw.equals(Buffer.from(mappe, 'utf8'))).toBe(true);
    expect(q!.line).toBe(line);
    expect(q!.detail).toBeNull();
    // A re-import changes nothing: the stored case is unchanged (its hash is of the parsed record, as before), no second row.
    const again = await importNoark(other.db, dir);
    expect(again.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 1, held: 0, quarantined: 1 });
    expect(await rows()).toHaveLength(1);
    // Over the record cap, the first bytes are kept and the row says so.
    await deleteTestRows(other, 'archive.quarantine');
    await importNoark(other.db, dir, { maxRecordBytes: 100 });
    const [cut] = await rows();
    expect(cut!.raw.equals(Buffer.from(mappe, 'utf8').subarray(0, 100))).toBe(true);
    expect(cut!.line).toBe(line);
    expect(cut!.detail).toBe(
      `the record is ${Buffer.byteLength(mappe)} bytes, over the record cap of 100 (IMPORT_MAX_RECORD_BYTES); its first 100 bytes are kept`,
    );
  } finally {
    await other.drop();
  }
});

test('a title written as CDATA is imported as written (the parser read it as empty)', async () => {
  const ex = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = join(scratch, 'cdata-title');
  for (const f of ex.files.slice(1)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const xml = ex.files[0]!.content.toString('utf8');
  const start = xml.indexOf('<mappe ');
  const title = /<tittel>([^<]*)<\/tittel>/.exec(xml.slice(start))!;
  const at = start + title.index;
  const cdata = `<tittel><![CDATA[Klage <vedlegg> & svar]]> – ${title[1]}</tittel>`;
  writeFileSync(join(dir, 'arkivstruktur.xml'), xml.slice(0, at) + cdata + xml.slice(at + title[0].length));
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir);
    expect(r.saksmapper).toEqual({ inserted: 1, updated: 0, unchanged: 0, held: 0, quarantined: 0 });
    const rows = (await other.db.query<{ tittel: string }>('SELECT tittel FROM archive.saksmappe')).rows;
    expect(rows).toEqual([{ tittel: `Klage <vedlegg> & svar – ${title[1]}` }]);
  } finally {
    await other.drop();
  }
});

test('an endring of endringslogg.xml that lacks a field is quarantined with its source bytes and the line it starts on', async () => {
  const ex = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = join(scratch, 'endringslogg-bytes');
  for (const f of ex.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  // An attribute, an entity, CDATA, a comment and æøå; endretDato is missing.
  const endring =
    '<endring kilde="eksport">\n' +
    '    <referanseArkivenhet>e09a4bb7-4f76-4efd-ac4f-000000000005</referanseArkivenhet>\n' +
    '    <referanseMetadata>tittel</referanseMetadata>\n' +
    '    <!-- endretDato mangler: æøå -->\n' +
    '    <endretAv>Åse &amp; Per</endretAv>\n' +
    '    <tidligereVerdi><![CDATA[<gammel> tittel]]></tidligereVerdi>\n' +
    '    <nyVerdi>Ny tittel – ø</nyVerdi>\n' +
    '  </endring>';
  writeFileSync(
    join(dir, 'endringslogg.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg">\n' +
      `  ${endring}\n</endringslogg>\n`,
  );
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    const r = await importNoark(other.db, dir);
    expect(r.endringslogg).toBe(0);
    const q = (
      await other.db.query<{ ref: string; reason: string; raw: Buffer; line: number }>(
        "SELECT ref, reason, raw, line FROM archive.quarantine WHERE source_file = 'endringslogg.xml'",
      )
    ).rows;
    expect(q).toEqual([
      {
        ref: 'endring e09a4bb7-4f76-4efd-ac4f-000000000005',
        // tidligereVerdi, in CDATA, is read (it was counted missing before the parser read CDATA).
        reason: 'missing endretDato',
        raw: Buffer.from(endring, 'utf8'),
        line: 3,
      },
    ]);
  } finally {
    await other.drop();
  }
});

test('a saksmappe with a mappe inside it (two deep) is quarantined whole with its source bytes, the inner ones in them, and only the outermost mappe holds bytes (found in review: every open mappe held its own, so 100k nested mappe held 386 MiB)', async () => {
  const ex = generateNoarkExtract({ seed: 3, saksmapper: 1 });
  const dir = join(scratch, 'nested-mappe');
  for (const f of ex.files.slice(1)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const m = (n: string, inner: string) =>
    `<mappe xsi:type="saksmappe">\n` +
    `          <systemID>e09a4bb7-4f76-4efd-ac4f-000000000${n}</systemID>\n` +
    `          <mappeID>2023/0${n}</mappeID>\n` +
    `          <tittel>Mappe ${n} – æøå &amp; mer</tittel>${inner}\n        </mappe>`;
  const nested = m('997', m('996', m('995', '')));
  const xml = ex.files[0]!.content.toString('utf8');
  const at = xml.indexOf('</mappe>') + '</mappe>'.length;
  const withNested = `${xml.slice(0, at)}\n        ${nested}${xml.slice(at)}`;
  writeFileSync(join(dir, 'arkivstruktur.xml'), withNested);
  const line = withNested.slice(0, withNested.indexOf(nested)).split('\n').length;
  const opened = jest.spyOn(XmlSourceBytes.prototype, 'open');
  const other = await createTestDatabase();
  try {
    await migrateSubgraph(other.db, archiveSubgraph);
    await importNoark(other.db, dir);
    // One hold per outermost mappe: the generated one and the nested structure.
    expect(opened).toHaveBeenCalledTimes(2);
    const rows = (
      await other.db.query<{ ref: string; reason: string; raw: Buffer; line: number; detail: string | null }>(
        "SELECT ref, reason, raw, line, detail FROM archive.quarantine WHERE ref = 'mappe 2023/0997'",
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reason).toMatch(/a mappe inside a mappe is not supported/);
    expect(rows[0]!.raw.equals(Buffer.from(nested, 'utf8'))).toBe(true);
    expect(rows[0]!.line).toBe(line);
    expect(rows[0]!.detail).toBeNull();
    // The mappe inside it are in its bytes, not rows of their own (they had their own, each held too).
    const all = (await other.db.query<{ ref: string }>('SELECT ref FROM archive.quarantine')).rows;
    expect(all).toEqual([{ ref: 'mappe 2023/0997' }]);
  } finally {
    opened.mockRestore();
    await other.drop();
  }
});
