/**
 * Text extraction of one document, without a database: format by content, the bounds
 * (size, pages, pixels), Tesseract's TSV, and real pdfjs-dist / pdftoppm / Tesseract runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DOCTEXT } from '../../../lib/config';
import { imagePdf, manyPagePdf, textPdf } from '../../../dev/pdf';
import { detectFormat, extractDocument, REASONS, tiffPages } from './extract';
import { parseTesseractTsv } from './ocr';
import { PdfTextReader } from './pdf-text';

const reader = new PdfTextReader();
afterAll(() => reader.close());
const scratch = mkdtempSync(join(tmpdir(), 'helsespor-extract-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the format is told by the first bytes, not the name', () => {
  expect(detectFormat(textPdf([['x']]))).toBe('pdf');
  expect(detectFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
  expect(detectFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  expect(detectFormat(Buffer.from('II*\0xxxx', 'latin1'))).toBe('tiff');
  expect(detectFormat(Buffer.from('PK\x03\x04', 'latin1'))).toBe('unknown');
});

test('a file over DOCTEXT_MAX_BYTES is not read: too large', async () => {
  const r = await extractDocument(textPdf([['Stor fil']]), { ...DEFAULT_DOCTEXT, maxBytes: 100 }, reader);
  expect(r).toMatchObject({ reason: REASONS.tooLarge, pages: [] });
});

test('a PNG that claims more pixels than the limit is not handed to Tesseract', async () => {
  const png = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  const r = await extractDocument(png, DEFAULT_DOCTEXT, reader);
  expect(r.reason).toBe(REASONS.imageTooLarge);
});

test('pages over DOCTEXT_MAX_PAGES are not read, and the page count says how many there are', async () => {
  const r = await extractDocument(
    manyPagePdf(40, 'Side med tekst'),
    { ...DEFAULT_DOCTEXT, maxPages: 3 },
    reader,
  );
  expect(r.pageCount).toBe(40);
  expect(r.pages.map((p) => p.origin)).toEqual(['pdf-text', 'pdf-text', 'pdf-text']);
});

test('a scanned page is OCR-ed with the Norwegian model; past DOCTEXT_MAX_OCR_PAGES it is counted as not read', async () => {
  const src = join(scratch, 'src.pdf');
  writeFileSync(src, textPdf([['Søknad om støttekontakt for ungdom']], { fontSize: 20 }));
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-jpeg', '-singlefile', src, join(scratch, 'scan')]);
  const jpeg = readFileSync(join(scratch, 'scan.jpg'));
  const r = await extractDocument(imagePdf([jpeg, jpeg]), { ...DEFAULT_DOCTEXT, maxOcrPages: 1 }, reader);
  expect(r.pages[0]).toMatchObject({ page: 1, origin: 'ocr' });
  expect(r.pages[0]!.text).toMatch(/støttekontakt/);
  expect(r.pages[1]).toMatchObject({ page: 2, origin: 'none', reason: REASONS.overOcrLimit });
});

test("Tesseract's TSV becomes page texts with the mean word confidence", () => {
  const tsv = [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    '1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t',
    '5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tHei',
    '5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tpå',
    '5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tdeg',
    '1\t2\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t',
  ].join('\n');
  expect(parseTesseractTsv(tsv)).toEqual([
    { page: 1, text: 'Hei på\ndeg', confidence: 80 },
    { page: 2, text: '', confidence: null },
  ]);
});

test('after a file that times out, the next document is read by a fresh reader process', async () => {
  const own = new PdfTextReader();
  try {
    // 200,000 lines of text on one page: more than 50 ms of work for PDF.js.
    const slow = join(scratch, 'slow-ops.pdf');
    writeFileSync(slow, textPdf([Array.from({ length: 200_000 }, () => 'Tekst')]));
    expect(await own.read(slow, 5, 50)).toMatchObject({ ok: false, kind: 'timeout' });
    const good = join(scratch, 'good.pdf');
    writeFileSync(good, textPdf([['Neste dokument leses som vanlig']]));
    expect(await own.read(good, 5, 30_000)).toMatchObject({ ok: true, pageCount: 1 });
  } finally {
    own.close();
  }
});

/** Node options that hold a fresh reader process back for `ms` before it loads PDF.js. */
const slowStart = (ms: number) => [`--import=data:text/javascript,await new Promise(r=>setTimeout(r,${ms}))`];

test("the time limit counts the document's reading, not the start of a fresh reader process", async () => {
  // A loaded machine took seconds to start the reader; a broken one-page PDF read right after a
  // hostile one was then reported as "reading took too long" (CI beside other work, 2026-12-03).
  const own = new PdfTextReader({ execArgv: slowStart(3000) });
  try {
    const good = join(scratch, 'after-slow-start.pdf');
    writeFileSync(good, textPdf([['Leses selv om leseren starter sent']]));
    expect(await own.read(good, 5, 2000)).toMatchObject({ ok: true, pageCount: 1 });
  } finally {
    own.close();
  }
});

test('a reader process that does not start within its start-up limit is reported, not waited for', async () => {
  const own = new PdfTextReader({ execArgv: slowStart(20_000), startupMs: 500 });
  try {
    const good = join(scratch, 'never-started.pdf');
    writeFileSync(good, textPdf([['Aldri lest']]));
    const t0 = Date.now();
    expect(await own.read(good, 5, 2000)).toMatchObject({
      ok: false,
      kind: 'crashed',
      message: expect.stringMatching(/did not start within 500 ms/),
    });
    expect(Date.now() - t0).toBeLessThan(15_000);
  } finally {
    own.close();
  }
});

/**
 * A little-endian, uncompressed 8-bit grey TIFF of the given pages (TIFF 6.0 baseline): each
 * page's directory, then its pixels; `claim` makes a directory state another size than its data.
 */
function greyTiff(
  pages: { width: number; height: number; pixels: Buffer; claim?: [number, number] }[],
): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.write('II*\0', 0, 'latin1');
  head.writeUInt32LE(8, 4);
  parts.push(head);
  let off = 8;
  for (const [i, p] of pages.entries()) {
    const tags: [number, number, number][] = [
      [256, 4, p.claim?.[0] ?? p.width],
      [257, 4, p.claim?.[1] ?? p.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, 0], // the strip's offset, set below
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, p.pixels.length],
    ];
    const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
    ifd.writeUInt16LE(tags.length, 0);
    const data = off + ifd.length;
    for (const [k, [tag, type, value]] of tags.entries()) {
      const e = 2 + k * 12;
      ifd.writeUInt16LE(tag, e);
      ifd.writeUInt16LE(type, e + 2);
      ifd.writeUInt32LE(1, e + 4);
      if (type === 3) ifd.writeUInt16LE(value, e + 8);
      else ifd.writeUInt32LE(tag === 273 ? data : value, e + 8);
    }
    const next = i + 1 < pages.length ? data + p.pixels.length : 0;
    ifd.writeUInt32LE(next, ifd.length - 4);
    parts.push(ifd, p.pixels);
    off = data + p.pixels.length;
  }
  return Buffer.concat(parts);
}

/** A page of text rendered grey by poppler (PGM), as a TIFF page. */
function textPage(text: string): { width: number; height: number; pixels: Buffer } {
  const src = join(scratch, 'tiff-src.pdf');
  writeFileSync(src, textPdf([[text]], { fontSize: 20 }));
  execFileSync('pdftoppm', ['-r', '100', '-gray', '-singlefile', src, join(scratch, 'tiff-page')]);
  const pgm = readFileSync(join(scratch, 'tiff-page.pgm'));
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(m[1]), Number(m[2])];
  return { width, height, pixels: pgm.subarray(m[0].length, m[0].length + width * height) };
}

test('a multi-page TIFF is OCR-ed only up to DOCTEXT_MAX_OCR_PAGES, the rest counted as not read (found in review s32: every page was read)', async () => {
  const page = textPage('Søknad om støttekontakt for ungdom');
  const tiff = greyTiff([page, page, page, page]);
  expect(tiffPages(tiff)!.map((p) => [p.width, p.height])).toEqual(Array(4).fill([page.width, page.height]));
  const r = await extractDocument(tiff, { ...DEFAULT_DOCTEXT, maxOcrPages: 2 }, reader);
  expect(r.pageCount).toBe(4);
  expect(r.pages.map((p) => [p.page, p.origin, p.reason])).toEqual([
    [1, 'ocr', null],
    [2, 'ocr', null],
    [3, 'none', REASONS.overOcrLimit],
    [4, 'none', REASONS.overOcrLimit],
  ]);
  expect(r.pages[0]!.text).toMatch(/støttekontakt/);
});

test('a TIFF whose second page claims more pixels than the limit, or whose directories loop, is not handed to Tesseract', async () => {
  const small = { width: 8, height: 8, pixels: Buffer.alloc(64, 255) };
  const bomb = greyTiff([small, { ...small, claim: [100_000, 100_000] }]);
  expect(await extractDocument(bomb, DEFAULT_DOCTEXT, reader)).toMatchObject({
    reason: REASONS.imageTooLarge,
    pageCount: 2,
    pages: [],
  });
  const loop = greyTiff([small]);
  loop.writeUInt32LE(8, 8 + 2 + 9 * 12); // the first directory's next is itself
  expect(tiffPages(loop)).toBeNull();
  expect((await extractDocument(loop, DEFAULT_DOCTEXT, reader)).reason).toBe(REASONS.broken);
});
