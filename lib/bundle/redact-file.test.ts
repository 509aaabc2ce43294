/**
 * A redacted copy of a document file (lib/bundle/redact-file.ts), with the real pdftoppm,
 * pdftotext and Tesseract (scripts/services.sh tools): the withheld passage is painted out of a
 * PDF with a text layer and of a scanned page, the copy has no text layer, OCR of the copy reads
 * the rest of the letter and not the passage; a passage the document's text has but the file's
 * words do not give, a poor scan and an unknown file type get no copy, with the reason
 * (pasient- og brukerrettighetsloven § 5-1 andre ledd).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imagePdf, textPdf } from '../../dev/pdf';
import { redactedCopy, tokens } from './redact-file';

const scratch = mkdtempSync(join(tmpdir(), 'helsespor-redact-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const LETTER = [
  'Vedtak om støttekontakt for ungdom',
  'Mor opplyser at naboen Kari Hansen har en rusavhengighet.',
  'Tiltaket gjelder fra januar og evalueres etter seks måneder.',
];
const PASSAGE = 'naboen Kari Hansen har en rusavhengighet';

/** What OCR reads from a PDF's rendered pages, and its text layer. */
function readBack(pdf: string): { layer: string; ocr: string } {
  const layer = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', pdf, join(scratch, 'back')]);
  const ocr = execFileSync('tesseract', [join(scratch, 'back.png'), 'stdout', '-l', 'nor'], {
    encoding: 'utf8',
  });
  return { layer, ocr };
}

let n = 0;
const path = (ext: string) => join(scratch, `f${++n}.${ext}`);

test('pasient- og brukerrettighetsloven § 5-1 andre ledd: the withheld passage is painted out of a PDF with a text layer; the copy has no text layer and reads the rest', async () => {
  const src = path('pdf');
  writeFileSync(src, textPdf([LETTER], { fontSize: 14 }));
  const dest = path('pdf');
  const r = await redactedCopy(src, dest, [PASSAGE], LETTER.join('\n'), { ocrLang: 'nor' });
  expect(r).toMatchObject({ written: true, pages: 1 });
  const back = readBack(dest);
  expect(back.layer.trim()).toBe('');
  expect(tokens(back.ocr)).toEqual(expect.arrayContaining(['støttekontakt', 'tiltaket', 'evalueres']));
  expect(back.ocr).not.toMatch(/Hansen|rusavhengighet|Kari/i);
}, 120_000);

test('pasient- og brukerrettighetsloven § 5-1 andre ledd: the passage is painted out of a scanned page (an image with no text layer), found by OCR', async () => {
  const pdf = path('pdf');
  writeFileSync(pdf, textPdf([LETTER], { fontSize: 16 }));
  const base = join(scratch, `scan${n}`);
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-jpeg', '-singlefile', pdf, base]);
  const scan = path('pdf');
  writeFileSync(scan, imagePdf([readFileSync(`${base}.jpg`)]));
  const dest = path('pdf');
  const r = await redactedCopy(scan, dest, [PASSAGE], null, { ocrLang: 'nor' });
  expect(r).toMatchObject({ written: true, pages: 1 });
  const back = readBack(dest);
  expect(back.ocr).toMatch(/støttekontakt/i);
  expect(back.ocr).not.toMatch(/Hansen|rusavhengighet/i);
}, 120_000);

test('a passage the document’s text has that the file’s words do not give gets no copy, with the reason', async () => {
  const src = path('pdf');
  writeFileSync(src, textPdf([LETTER.slice(0, 1)], { fontSize: 14 }));
  const dest = path('pdf');
  // The archive's stored text says the passage is in the document; the file shows no such words.
  const r = await redactedCopy(src, dest, [PASSAGE], `${LETTER[0]}\n${PASSAGE}`, { ocrLang: 'nor' });
  expect(r).toEqual({
    refused:
      'en tilbakeholdt del står i dokumentets tekst, men ble ikke funnet i filen, så den kan ikke sladdes',
  });
  expect(existsSync(dest)).toBe(false);
}, 120_000);

test('a file type other than PDF, PNG and JPEG gets no copy', async () => {
  const src = path('docx');
  writeFileSync(src, Buffer.from('PK\u0003\u0004 et Word-dokument'));
  const r = await redactedCopy(src, path('pdf'), [PASSAGE], null, { ocrLang: 'nor' });
  expect(r).toEqual({ refused: 'filtypen kan ikke sladdes her (bare PDF, PNG og JPEG)' });
});

// Found in review s42 (hardening): each tool run had its limit, but not the copy: 100 slow pages
// with two OCR passes each could hold a bundle build for hours.
test('a copy that would take longer than its time limit is refused with the reason, and leaves no file', async () => {
  const src = path('pdf');
  writeFileSync(src, textPdf([LETTER, LETTER], { fontSize: 14 }));
  const dest = path('pdf');
  const r = await redactedCopy(src, dest, [PASSAGE], null, { ocrLang: 'nor', maxMs: 300 });
  expect(r).toEqual({ refused: 'en sladdet kopi ville tatt over 0.3 sekunder å lage og kontrollere' });
  expect(existsSync(dest)).toBe(false);
}, 120_000);
