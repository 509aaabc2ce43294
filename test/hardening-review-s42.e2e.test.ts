/**
 * Hardening review s42: bad input to today's new code gets a clear error, and nothing already
 * stored is lost. Real PostgreSQL and Elasticsearch (dev/test-stack.ts), the Noark extract from
 * dev/generator.ts; the tests run in order over one archive.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { encryptedPdf, manyPagePdf, textPdf } from '../dev/pdf';
import { redactedCopy } from '../lib/bundle/redact-file';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { isHNumber, isValidNationalId, makeSyntheticNationalId } from '../lib/national-id';
import { importNoark } from '../subgraphs/archive/noark/import';
import { NOTES_HEADER, gericaFolder } from '../dev/gerica-rows';
import { runImport } from '../subgraphs/journal/import/run';

const scratch = mkdtempSync(join(tmpdir(), 'hs-hardening-s42-'));
let ts: TestStack;
let archivist: string;

const extract = generateNoarkExtract({ seed: 4242, saksmapper: 3 });
const ORIGINAL = extract.files[0]!.content.toString('utf8');
const caseOf = (mappeId: string) => extract.facts.saksmapper.find((s) => s.mappeId === mappeId)!;

function editCase(xml: string, mappeId: string, edit: (c: string) => string): string {
  const at = xml.indexOf(`<mappeID>${mappeId}</mappeID>`);
  if (at < 0) throw new Error(`no case ${mappeId}`);
  const a = xml.lastIndexOf('<mappe ', at);
  const b = xml.indexOf('</mappe>', at) + '</mappe>'.length;
  const edited = edit(xml.slice(a, b));
  if (edited === xml.slice(a, b)) throw new Error(`the edit of ${mappeId} changed nothing`);
  return xml.slice(0, a) + edited + xml.slice(b);
}
const retitle = (xml: string, mappeId: string, tittel: string) =>
  editCase(xml, mappeId, (c) =>
    c.replace(
      new RegExp(`(<mappeID>${mappeId.replace('/', '\\/')}</mappeID>\\s*<tittel>)[^<]*`),
      `$1${tittel}`,
    ),
  );

/** An arkivuttrekk.xml (ADDML 8.3) that gives the extract's own time and no checksums. */
const arkivuttrekk = (extractionDate: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<addml xmlns="http://www.arkivverket.no/standarder/addml" name="Noark 5 arkivuttrekk">
  <dataset name="Sakarkiv">
    <reference>
      <context>
        <additionalElements>
          <additionalElement name="extractionDate"><value>${extractionDate}</value></additionalElement>
        </additionalElements>
      </context>
    </reference>
  </dataset>
</addml>
`);

let n = 0;
function writeExtract(xml: string, opts: { extractionDate?: string } = {}): string {
  const dir = join(scratch, `x${++n}`);
  const files: NoarkExtract['files'] = [
    { path: 'arkivstruktur.xml', content: Buffer.from(xml) },
    ...extract.files.slice(1),
    ...(opts.extractionDate !== undefined
      ? [{ path: 'arkivuttrekk.xml', content: arkivuttrekk(opts.extractionDate) }]
      : []),
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

async function ok(query: string, token: string, variables: Record<string, unknown> = {}) {
  const r = await gql(ts.stack.gateway.url, query, { token, variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}
const tittelOf = async (id: string) =>
  (await ok('query ($id: ID!) { saksmappe(id: $id) { tittel } }', archivist, { id })).saksmappe
    .tittel as string;
const count = async (sql: string) => (await ts.tdb.db.query<{ n: number }>(sql)).rows[0]!.n;

let current = ORIGINAL;

beforeAll(async () => {
  ts = await startTestStack();
  archivist = await ts.stack.token({
    sub: 'arkivar-h42',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const first = await importNoark(
    ts.tdb.db,
    writeExtract(ORIGINAL, { extractionDate: '2025-06-01T10:00:00Z' }),
  );
  expect(first.saksmapper).toMatchObject({ inserted: 3, quarantined: 0 });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('Noark later extract: the extract’s own time (arkivuttrekk.xml extractionDate)', () => {
  test('an extractionDate in the future is refused with a clear error, and does not lock the case against every later real extract', async () => {
    const sak = caseOf('2023/0101');
    const forged = retitle(current, '2023/0101', 'Tittel fra et uttrekk datert 2099');
    const refused = await importNoark(
      ts.tdb.db,
      writeExtract(forged, { extractionDate: '2099-01-01T00:00:00Z' }),
    ).then(
      () => null,
      (e: Error) => e,
    );
    // The next real extract, dated now, changes the title: it is applied.
    current = retitle(current, '2023/0101', 'Kildens rettede tittel');
    const real = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: new Date().toISOString() }),
    );
    expect(await tittelOf(sak.id)).toBe('Kildens rettede tittel');
    expect(real.laterExtract).toMatchObject({ olderExtract: 0 });
    expect(refused?.message).toMatch(/extractionDate.*2099-01-01T00:00:00Z.*future/);
  }, 60_000);

  test('an extractionDate that is no calendar date (30 February) is refused with a clear error before anything is written', async () => {
    const sak = caseOf('2023/0102');
    const said = await count('SELECT count(*)::int AS n FROM archive.source_record');
    const edited = retitle(current, '2023/0102', 'Tittel fra et uttrekk datert 30. februar');
    const err = await importNoark(ts.tdb.db, writeExtract(edited, { extractionDate: '2026-02-30' })).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/extractionDate.*2026-02-30/);
    expect(err?.message).not.toMatch(/out of range/);
    expect(await count('SELECT count(*)::int AS n FROM archive.source_record')).toBe(said);
    expect(await tittelOf(sak.id)).not.toBe('Tittel fra et uttrekk datert 30. februar');
  }, 60_000);

  test('an extractionDate that is not a date at all is refused with a clear error, not silently ignored', async () => {
    const edited = retitle(current, '2023/0102', 'Tittel fra et uttrekk med ukjent dato');
    const err = await importNoark(ts.tdb.db, writeExtract(edited, { extractionDate: 'i går' })).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/extractionDate.*i går/);
  }, 60_000);

  test('the same extract imported again is idempotent: no new source_record rows, no new versions', async () => {
    const dated = new Date().toISOString();
    await importNoark(ts.tdb.db, writeExtract(current, { extractionDate: dated }));
    const said = await count('SELECT count(*)::int AS n FROM archive.source_record');
    const versions = await count('SELECT count(*)::int AS n FROM archive.record_version');
    await importNoark(ts.tdb.db, writeExtract(current, { extractionDate: dated }));
    await importNoark(ts.tdb.db, writeExtract(current, { extractionDate: dated }));
    expect(await count('SELECT count(*)::int AS n FROM archive.source_record')).toBe(said);
    expect(await count('SELECT count(*)::int AS n FROM archive.record_version')).toBe(versions);
  }, 60_000);
});

describe('Noark later extract: a party whose national id the source corrects to one that names no person', () => {
  /** Whether the case still concerns the person: their link, and the party the views read. */
  const concerns = async (caseId: string, nationalId: string) => ({
    linked: await count(
      `SELECT count(*)::int AS n FROM archive.person_link WHERE saksmappe_id = '${caseId}' AND national_id = '${nationalId}'`,
    ),
    subject: await count(
      `SELECT count(*)::int AS n FROM archive.subject_part WHERE saksmappe_id = '${caseId}' AND part_id = '${nationalId}'`,
    ),
  });

  test('pasientjournalloven § 22: a party corrected to an id that is no valid fødselsnummer (a typo) no longer reaches the earlier person', async () => {
    const sak = caseOf('2023/0101');
    const [earlier] = sak.partNationalIds;
    const typo = `${earlier!.slice(0, 10)}${(Number(earlier!.slice(10)) + 1) % 10}`;
    expect(isValidNationalId(typo)).toBe(false);
    expect(await concerns(sak.id, earlier!)).toEqual({ linked: 1, subject: 1 });
    current = editCase(current, '2023/0101', (c) =>
      c.replace(`<partID>${earlier}</partID>`, `<partID>${typo}</partID>`),
    );
    const r = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: new Date().toISOString() }),
    );
    expect(await concerns(sak.id, earlier!)).toEqual({ linked: 0, subject: 0 });
    expect(r.laterExtract).toMatchObject({ partiesCorrected: 1 });
    // Nothing lost: the link is kept as ended, with why.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM archive.unlinked_person_link WHERE entity_id = '${sak.id}' AND national_id = '${earlier}'`,
      ),
    ).toBe(1);
  }, 60_000);

  test('pasientjournalloven § 22: a party whose fødselsnummer the source replaces by an H-nummer (the person is not identified) no longer reaches the earlier person', async () => {
    const sak = caseOf('2023/0102');
    const [earlier] = sak.partNationalIds;
    // The same birth date as an H-nummer (month + 40; the synthetic number's is + 80), valid check digits.
    const stem = `${earlier!.slice(0, 2)}${Number(earlier!.slice(2, 4)) - 40}${earlier!.slice(4, 6)}`;
    const hNumber = Array.from({ length: 100_000 }, (_, k) => `${stem}${String(k).padStart(5, '0')}`).find(
      isHNumber,
    )!;
    expect(isHNumber(hNumber)).toBe(true);
    current = editCase(current, '2023/0102', (c) =>
      c.replace(`<partID>${earlier}</partID>`, `<partID>${hNumber}</partID>`),
    );
    const r = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: new Date().toISOString() }),
    );
    expect(await concerns(sak.id, earlier!)).toEqual({ linked: 0, subject: 0 });
    expect(r.laterExtract).toMatchObject({ partiesCorrected: 1 });
  }, 60_000);

  test('re-running the same extract after the correction changes nothing (no second ending, no new source rows)', async () => {
    const said = await count('SELECT count(*)::int AS n FROM archive.source_record');
    const ended = await count('SELECT count(*)::int AS n FROM archive.unlinked_person_link');
    const r = await importNoark(ts.tdb.db, writeExtract(current));
    expect(r.laterExtract).toMatchObject({ partiesCorrected: 0, recordsUpdated: 0 });
    expect(await count('SELECT count(*)::int AS n FROM archive.source_record')).toBe(said);
    expect(await count('SELECT count(*)::int AS n FROM archive.unlinked_person_link')).toBe(ended);
  }, 60_000);
});

describe('journal: a Gerica patient whose name changes within one export', () => {
  const FNR = makeSyntheticNationalId('1950-05-05', 120, false);
  const row = (i: number, name: string) =>
    `${4200000 + i};42421;${FNR};${name};01.03.2015;10:00;Hjemmetjeneste;Journalnotat;;Kari Holm;"Notat ${i}."`;
  /** The statement kept now, and the statements kept as versions (oldest first). */
  async function statements() {
    const current = (
      await ts.tdb.db.query<{ family: string }>(
        `SELECT source_details ->> 'familyName' AS family FROM journal.patient_identity
          WHERE source_system = 'GERICA' AND local_id = '42421'`,
      )
    ).rows[0]?.family;
    const versions = (
      await ts.tdb.db.query<{ family: string }>(
        `SELECT record -> 'source_details' ->> 'familyName' AS family FROM journal.record_version
          WHERE record_table = 'patient_identity' AND record_key = 'GERICA|42421' ORDER BY id`,
      )
    ).rows.map((r) => r.family);
    return { current, versions };
  }
  let m = 0;
  const run = (rows: string[]) =>
    runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(scratch, `gerica-${++m}`, { 'journalnotater.csv': [NOTES_HEADER, ...rows] }),
    );

  test('pasientjournalloven § 22: the earlier name is kept once as a version across batches, and re-runs add none', async () => {
    // 1,500 rows (two batches): the name changes at row 700, one row after it still has the old
    // one, and the last row has none (it says nothing of the name).
    const rows = Array.from({ length: 1500 }, (_, i) =>
      row(i, i === 1499 ? '' : i < 700 || i === 900 ? 'Sporvik, Tone' : 'Berg, Tone'),
    );
    const report = await run(rows);
    expect(report).toMatchObject({ counts: { entries: { accepted: 1500 } } });
    const first = await statements();
    expect(first.current).toBe('Berg');
    expect(first.versions).toEqual(['Sporvik']);
    await run(rows);
    await run(rows);
    expect(await statements()).toEqual(first);
  }, 180_000);
});

describe('bundle: a redacted copy of a hostile PDF ends in a clear reason, never the original, never a crash or a hang', () => {
  const LETTER = ['Vedtak om støttekontakt', 'Mor opplyser at naboen Kari Hansen har en rusavhengighet.'];
  const PASSAGE = 'naboen Kari Hansen har en rusavhengighet';
  /** The redaction's own temporary folders (helsespor-redact-*) left in the temp dir. */
  const redactDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('helsespor-redact-')).length;
  let k = 0;
  async function redact(pdf: Buffer) {
    const src = join(scratch, `hostile${++k}.pdf`);
    const dest = join(scratch, `hostile${k}-sladdet.pdf`);
    writeFileSync(src, pdf);
    const started = Date.now();
    const r = await redactedCopy(src, dest, [PASSAGE], LETTER.join('\n'), { ocrLang: 'nor' });
    return { r, ms: Date.now() - started, written: existsSync(dest) };
  }
  /** A letter whose page is `box` points (14400 x 14400: the largest a PDF allows, 1.6 GB a page at 200 dpi). */
  const bigPage = (media: string, crop = '') =>
    Buffer.from(
      textPdf([LETTER])
        .toString('latin1')
        .replace('/MediaBox [0 0 595 842]', `/MediaBox [${media}]${crop ? ` /CropBox [${crop}]` : ''}`),
      'latin1',
    );

  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a page of 14400 x 14400 points is refused by its size before it is rendered (no 1.6 GB image a page in the temp dir, no tool run out of memory)', async () => {
    const before = redactDirs();
    const { r, written } = await redact(bigPage('0 0 14400 14400'));
    expect(r).toEqual({ refused: expect.stringMatching(/side 1 er 14400 x 14400 punkt/) });
    expect(written).toBe(false);
    expect(redactDirs()).toBe(before);
  }, 120_000);

  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a huge MediaBox behind a small CropBox (what pdftoppm renders) is refused too', async () => {
    const { r, written } = await redact(bigPage('0 0 14400 14400', '0 0 595 842'));
    expect(r).toEqual({ refused: expect.stringMatching(/side 1 er 14400 x 14400 punkt/) });
    expect(written).toBe(false);
  }, 120_000);

  test('a PDF of 10,000 pages is refused by its page count, with the reason', async () => {
    const { r, written } = await redact(
      manyPagePdf(10_000, 'Mor opplyser at naboen Kari Hansen har en rusavhengighet.'),
    );
    expect(r).toEqual({ refused: expect.stringMatching(/over 100/) });
    expect(written).toBe(false);
  }, 300_000);

  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a letter scanned at 300 dpi as a JPEG file gets its redacted copy (the image is rendered at its own pixels, not as a page of one point a pixel, 7.7 times the pixels, over the page limit)', async () => {
    const pdf = join(scratch, 'scan300.pdf');
    writeFileSync(pdf, textPdf([LETTER], { fontSize: 14 }));
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-jpeg', '-singlefile', pdf, join(scratch, 'scan300')]);
    const src = join(scratch, 'scan300-file.jpg');
    writeFileSync(src, readFileSync(join(scratch, 'scan300.jpg')));
    const dest = join(scratch, 'scan300-sladdet.pdf');
    const r = await redactedCopy(src, dest, [PASSAGE], null, { ocrLang: 'nor' });
    expect(r).toMatchObject({ written: true, pages: 1 });
    execFileSync('pdftoppm', [
      '-r',
      '200',
      '-gray',
      '-png',
      '-singlefile',
      dest,
      join(scratch, 'scan300-back'),
    ]);
    const ocr = execFileSync('tesseract', [join(scratch, 'scan300-back.png'), 'stdout', '-l', 'nor'], {
      encoding: 'utf8',
    });
    expect(ocr).toMatch(/støttekontakt/i);
    expect(ocr).not.toMatch(/Hansen|rusavhengighet/i);
  }, 300_000);

  test('an encrypted PDF (a user password) is refused with the reason, no file', async () => {
    const { r, written } = await redact(encryptedPdf());
    expect(r).toEqual({ refused: expect.stringMatching(/passord/) });
    expect(written).toBe(false);
  }, 120_000);
});
