/**
 * The text of one archive document, page by page, with where each page's text came from:
 *
 * - `pdf-text`: the PDF's own text layer (pdfjs-dist, pdf-text.ts);
 * - `ocr`: a page without a text layer (a scan), rendered with pdftoppm and read by
 *   Tesseract's Norwegian model, with Tesseract's mean word confidence; image documents
 *   (PNG, JPEG, TIFF) are OCR'd directly;
 * - `none`: nothing could be read, with the reason.
 *
 * The format is told by the file's first bytes, not by its name or the Noark `format`
 * element. Bounded: file size, pages read, pages OCR'd, time per document and per page
 * (DocTextLimits). A file that cannot be read gets a reason, never an exception.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocTextLimits } from '../../../lib/config';
import { MAX_IMAGE_PIXELS, ocrImage, ocrTools, renderPage, ToolMissing } from './ocr';
import type { PdfTextReader } from './pdf-text';

export type TextOrigin = 'pdf-text' | 'ocr' | 'none';
export type DocumentFormat = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'unknown';

export interface PageText {
  /** 1-based. */
  page: number;
  origin: TextOrigin;
  text: string;
  /** Tesseract's mean word confidence (0–100), for `ocr`. */
  ocrConfidence: number | null;
  /** Why nothing was read, for `none`. */
  reason: string | null;
}

export interface DocumentText {
  format: DocumentFormat;
  /** Pages the document has, when that could be told. */
  pageCount: number | null;
  /** The pages examined (at most DocTextLimits.maxPages). */
  pages: PageText[];
  /** Why the document could not be read at all (encrypted, too large, …); null when it was opened. */
  reason: string | null;
  /** More about the reason (a reader's message), never document text. */
  detail: string | null;
}

/** Why a document or page could not be read: the reasons coverage counts. */
export const REASONS = {
  tooLarge: 'too large',
  unsupported: 'unsupported format',
  encrypted: 'encrypted (password required)',
  broken: 'broken or not a PDF',
  timeout: 'reading took too long',
  crashed: 'reader crashed on the file',
  imageTooLarge: 'image too large',
  ocrUnavailable: 'no text layer; OCR not available',
  ocrFailed: 'no text layer; OCR failed',
  ocrEmpty: 'no text layer; OCR found no text',
  overOcrLimit: 'no text layer; over the OCR page limit',
  pageError: 'page could not be read',
  blank: 'blank page',
  overPageLimit: 'over the page limit',
} as const;

/** Fewer letters than this in a page's text layer that also paints an image: treated as a scan, OCR'd. */
const MIN_TEXT_LETTERS = 16;

/**
 * A page whose images cover at least this share of it is a scan whatever its text layer holds:
 * a scan stamped on receipt ("Mottatt …", a document number) carries a line of real text over
 * the image, and with only the letter count the stamp was taken for the page and the scanned
 * letter never read (found in review s32). Such a page is OCR'd; the OCR text is kept when it
 * reads more than the text layer has (a scan with an OCR'd, invisible text layer of its own
 * keeps that layer).
 */
const SCAN_IMAGE_COVERAGE = 0.5;

/**
 * The reader decodes no image (pdf-text-worker.mjs, review s32: a 30,000 × 30,000 image cost
 * gigabytes), so an image it left out has no measured size. A page painting one is taken for a
 * scan when its text layer is shorter than this: a receipt stamp or a document number over a
 * scanned letter, not a page of born-digital text with a logo on it (a full page holds some
 * 2,000 letters).
 */
const UNMEASURED_SCAN_MAX_LETTERS = 300;

export function detectFormat(bytes: Buffer): DocumentFormat {
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'tiff';
  return 'unknown';
}

/** Pixel dimensions a PNG or JPEG claims (null when it cannot be told from the header). */
export function imageDimensions(
  bytes: Buffer,
  format: DocumentFormat,
): { width: number; height: number } | null {
  if (format === 'png' && bytes.length >= 24)
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (format === 'jpeg') {
    let i = 2;
    while (i + 9 < bytes.length && bytes[i] === 0xff) {
      const marker = bytes[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      i += 2 + bytes.readUInt16BE(i + 2);
    }
  }
  return null;
}

/** A page of a classic TIFF: its size, and where its directory's next-directory offset is stored. */
export interface TiffPage {
  width: number;
  height: number;
  nextAt: number;
}

/**
 * The pages of a classic TIFF by its directory chain (TIFF 6.0 § 2: each image file directory
 * holds the image's tags and the offset of the next), read without decoding an image; null when
 * the chain leaves the file, loops, or runs past 100,000 directories. Tesseract reads every page
 * of a TIFF in one run, so the pages and their sizes are bounded here first (found in review s32:
 * a multi-page TIFF was OCR'd whole, past the page and OCR limits, with no pixel check).
 */
export function tiffPages(bytes: Buffer): TiffPage[] | null {
  if (bytes.length < 8) return null;
  const le = bytes[0] === 0x49;
  const u16 = (o: number) => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number) => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  for (let off = u32(4); off !== 0;) {
    if (seen.has(off) || pages.length >= 100_000 || off + 2 > bytes.length) return null;
    seen.add(off);
    const n = u16(off);
    const end = off + 2 + n * 12;
    if (end + 4 > bytes.length) return null;
    let width = 0;
    let height = 0;
    for (let e = off + 2; e < end; e += 12) {
      const tag = u16(e);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(e + 2);
      const value = type === 3 ? u16(e + 8) : type === 4 ? u32(e + 8) : 0;
      if (tag === 256) width = value;
      else height = value;
    }
    pages.push({ width, height, nextAt: end });
    off = u32(end);
  }
  return pages;
}

/** The TIFF with its first `n` pages only: the n-th directory's next-directory offset set to 0. */
function firstTiffPages(bytes: Buffer, pages: TiffPage[], n: number): Buffer {
  const copy = Buffer.from(bytes);
  if (bytes[0] === 0x49) copy.writeUInt32LE(0, pages[n - 1]!.nextAt);
  else copy.writeUInt32BE(0, pages[n - 1]!.nextAt);
  return copy;
}

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

export async function extractDocument(
  bytes: Buffer,
  limits: DocTextLimits,
  pdf: PdfTextReader,
): Promise<DocumentText> {
  const format = detectFormat(bytes);
  const fail = (
    reason: string,
    detail: string | null = null,
    pageCount: number | null = null,
  ): DocumentText => ({
    format,
    pageCount,
    pages: [],
    reason,
    detail,
  });
  if (bytes.length > limits.maxBytes)
    return fail(
      REASONS.tooLarge,
      `${bytes.length} bytes; the limit is ${limits.maxBytes} (DOCTEXT_MAX_BYTES)`,
    );
  if (format === 'unknown') return fail(REASONS.unsupported, 'not PDF, PNG, JPEG or TIFF');
  const dir = await mkdtemp(join(tmpdir(), 'helsespor-doctext-'));
  try {
    const file = join(dir, `document.${format}`);
    await writeFile(file, bytes);
    return format === 'pdf' ? await fromPdf(file) : await fromImage(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  async function ocrAvailable(): Promise<string | null> {
    const t = await ocrTools();
    const missing = limits.ocrLang.split('+').filter((l) => !t.languages.includes(l));
    if (!t.tesseract) return 'tesseract is not installed';
    if (missing.length) return `tesseract has no model for ${missing.join(', ')}`;
    return null;
  }

  async function fromImage(file: string): Promise<DocumentText> {
    const dims = imageDimensions(bytes, format);
    if (dims && dims.width * dims.height > MAX_IMAGE_PIXELS)
      return fail(
        REASONS.imageTooLarge,
        `${dims.width}×${dims.height} pixels; the limit is ${MAX_IMAGE_PIXELS}`,
      );
    // A TIFF: every page's size checked, and Tesseract given only the pages the limits allow.
    let ocrFile = file;
    let tiff: { count: number; read: number } | null = null;
    if (format === 'tiff') {
      const pages = tiffPages(bytes);
      if (!pages?.length) return fail(REASONS.broken, 'not a readable TIFF (its directory chain is broken)');
      const big = pages.findIndex((p) => p.width * p.height > MAX_IMAGE_PIXELS);
      if (big >= 0)
        return fail(
          REASONS.imageTooLarge,
          `page ${big + 1}: ${pages[big]!.width}×${pages[big]!.height} pixels; the limit is ${MAX_IMAGE_PIXELS}`,
          pages.length,
        );
      tiff = { count: pages.length, read: Math.min(pages.length, limits.maxPages, limits.maxOcrPages) };
      if (tiff.read < pages.length) {
        ocrFile = join(file, '..', 'first-pages.tiff');
        await writeFile(ocrFile, firstTiffPages(bytes, pages, tiff.read));
      }
    }
    const missing = await ocrAvailable();
    const one = (reason: string, detail: string | null): DocumentText => ({
      format,
      pageCount: 1,
      pages: [none(1, reason)],
      reason: null,
      detail,
    });
    if (missing) return one(REASONS.ocrUnavailable, missing);
    try {
      const pages = await ocrImage(ocrFile, limits.ocrLang, limits.ocrPageTimeoutMs * (tiff?.read ?? 1));
      if (!pages.length) return one(REASONS.ocrEmpty, null);
      // The TIFF's pages past the OCR limit (and up to the page limit) are counted as not read.
      const unread: PageText[] = [];
      for (let page = (tiff?.read ?? 0) + 1; tiff && page <= Math.min(tiff.count, limits.maxPages); page++)
        unread.push(none(page, REASONS.overOcrLimit));
      return {
        format,
        pageCount: tiff?.count ?? pages.length,
        pages: [
          ...pages.slice(0, limits.maxPages).map((p) =>
            p.text.trim()
              ? {
                  page: p.page,
                  origin: 'ocr' as const,
                  text: p.text,
                  ocrConfidence: p.confidence,
                  reason: null,
                }
              : none(p.page, REASONS.ocrEmpty),
          ),
          ...unread,
        ],
        reason: null,
        detail: null,
      };
    } catch (err) {
      return fail(REASONS.ocrFailed, (err as Error).message, null);
    }
  }

  async function fromPdf(file: string): Promise<DocumentText> {
    const r = await pdf.read(file, limits.maxPages, limits.timeoutMs);
    if (!r.ok) {
      const reason =
        r.kind === 'encrypted'
          ? REASONS.encrypted
          : r.kind === 'timeout'
            ? REASONS.timeout
            : r.kind === 'crashed'
              ? REASONS.crashed
              : REASONS.broken;
      return fail(reason, r.message);
    }
    const pages: PageText[] = [];
    let ocrUsed = 0;
    let ocrMissing: string | null | undefined;
    for (const [i, p] of r.pages.entries()) {
      const page = i + 1;
      const layer = p.text.trim();
      if (p.error) {
        pages.push(none(page, REASONS.pageError));
        continue;
      }
      const scanned =
        p.hasImages &&
        ((p.imageCoverage ?? 0) >= SCAN_IMAGE_COVERAGE ||
          (p.imagesUnmeasured === true && letters(layer) < UNMEASURED_SCAN_MAX_LETTERS));
      if (!scanned && (letters(layer) >= MIN_TEXT_LETTERS || (layer && !p.hasImages))) {
        pages.push({ page, origin: 'pdf-text', text: layer, ocrConfidence: null, reason: null });
        continue;
      }
      if (!p.hasImages && !layer) {
        pages.push(none(page, REASONS.blank));
        continue;
      }
      // A scanned page (an image, little or no text layer): OCR, keeping a short text layer if OCR reads nothing.
      const keepLayer = (reason: string): PageText =>
        layer
          ? { page, origin: 'pdf-text', text: layer, ocrConfidence: null, reason: null }
          : none(page, reason);
      ocrMissing ??= await ocrAvailable();
      const tools = await ocrTools();
      if (ocrMissing || !tools.pdftoppm) {
        pages.push(keepLayer(REASONS.ocrUnavailable));
        continue;
      }
      if (ocrUsed >= limits.maxOcrPages) {
        pages.push(keepLayer(REASONS.overOcrLimit));
        continue;
      }
      ocrUsed++;
      try {
        const png = await renderPage(file, page, join(file, '..', `page-${page}`), limits.ocrPageTimeoutMs);
        const [o] = await ocrImage(png, limits.ocrLang, limits.ocrPageTimeoutMs);
        await rm(png, { force: true });
        // A stamped scan's OCR reads the stamp and the letter; a scan with its own OCR'd text
        // layer reads about what that layer has, and the layer is kept.
        const longLayer = letters(layer) >= MIN_TEXT_LETTERS;
        if (o?.text.trim() && (!longLayer || letters(o.text) >= letters(layer) + MIN_TEXT_LETTERS))
          pages.push({ page, origin: 'ocr', text: o.text, ocrConfidence: o.confidence, reason: null });
        else pages.push(keepLayer(REASONS.ocrEmpty));
      } catch (err) {
        if (err instanceof ToolMissing) ocrMissing = err.message;
        pages.push(keepLayer(REASONS.ocrFailed));
      }
    }
    return { format, pageCount: r.pageCount, pages, reason: null, detail: null };
  }
}

function none(page: number, reason: string): PageText {
  return { page, origin: 'none', text: '', ocrConfidence: null, reason };
}
