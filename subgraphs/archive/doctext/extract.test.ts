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
import { detectFormat, extractDocument, REASONS } from './extract';
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
