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
      const pages = await ocrImage(file, limits.ocrLang, limits.ocrPageTimeoutMs);
      if (!pages.length) return one(REASONS.ocrEmpty, null);
      return {
        format,
        pageCount: pages.length,
        pages: pages
          .slice(0, limits.maxPages)
          .map((p) =>
            p.text.trim()
              ? { page: p.page, origin: 'ocr', text: p.text, ocrConfidence: p.confidence, reason: null }
              : none(p.page, REASONS.ocrEmpty),
          ),
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
