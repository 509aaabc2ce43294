/**
 * A redacted copy of a document file (sladdet kopi) for an evidence bundle whose item has a
 * passage withheld (pasient- og brukerrettighetsloven § 5-1 andre ledd, offentleglova § 13 with
 * forvaltningsloven § 13: what is withheld is not handed over in another form). Until stop 42 such
 * a document had no file in the bundle at all, only its text with the passage removed; a court
 * reads the letter itself.
 *
 * How (the way redaction tools do it when a text layer cannot be trusted to be removed):
 *   1. every page is rendered to a greyscale image (`pdftoppm`, DPI below); a PNG or JPEG file is
 *      first put on a page of its own;
 *   2. the passage's words are found on the pages twice over: in the PDF's text layer
 *      (`pdftotext -bbox`, exact positions) and by OCR of the rendered page (`tesseract` TSV, so
 *      text that is only in an image is found too), each word with its box;
 *   3. every occurrence's boxes are painted black into the image's pixels;
 *   4. the painted pages are read again by OCR, and the copy is refused if any withheld passage,
 *      or any of its words that the document has nowhere else, can still be read;
 *   5. the copy is a new PDF of the painted images only (pdfkit): no text layer, no original
 *      objects, nothing under the black.
 * Refused (no file, the reason in the bundle, as before): a passage the document's text has
 * (its stored text, or the text layer or OCR read here) that is not found in the file's words; a
 * page that has no text layer and that OCR reads with a mean word confidence under
 * MIN_OCR_CONFIDENCE (a poor scan: what OCR cannot read it cannot find either); more than
 * MAX_PAGES pages, a page over MAX_PAGE_PIXELS or all over MAX_TOTAL_PIXELS, a PDF that needs a
 * password (told by `pdfinfo` before any page is rendered: `unrenderable`); a file type other
 * than PDF, PNG and JPEG; a tool missing or failing.
 * Cost: two OCR passes per page (a few seconds a page on this machine), only for documents with
 * a passage withheld.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { runTool, ToolMissing } from '../run-tool';

/** Rendering resolution: enough for OCR of body text, small enough for a bundle. */
export const DPI = 200;
/** Pages of one document at most. */
export const MAX_PAGES = 100;
/** A scanned page (no text layer) read with a lower mean word confidence is too poor to check. */
export const MIN_OCR_CONFIDENCE = 70;
/**
 * Pixels of one page at DPI at most: A1 (594 x 841 mm, 4677 x 6622 at 200 dpi) and some. A PDF
 * page may be 14400 x 14400 points, 1.6 GB an image at 200 dpi: pdftoppm wrote such pages to the
 * temp dir one after another (a hundred of them would fill the disk) and OCR ran out of memory
 * (hardening review s42).
 */
export const MAX_PAGE_PIXELS = 32_000_000;
/** Pixels of all pages at most (a hundred A4 pages are 390 million). */
export const MAX_TOTAL_PIXELS = 500_000_000;
/** Pixels added around each painted word box. */
const PAD = 3;
const TOOL_TIMEOUT_MS = 120_000;
/**
 * The whole copy's time at most (review s42, hardening: each tool run has its limit, but 100 slow
 * pages with two OCR passes each could take hours of a bundle build). Past it: no copy, the reason.
 */
export const MAX_COPY_MS = 15 * 60_000;

/** A tool run within what is left of the copy's time. */
function tool(deadline: number, cmd: string, args: string[], timeoutMs: number) {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new Error('over the time limit'));
  return runTool(cmd, args, Math.min(timeoutMs, left));
}

export type RedactOutcome = { written: true; pages: number; boxes: number } | { refused: string };

interface Word {
  page: number;
  box: [number, number, number, number];
}
interface Token {
  t: string;
  word: Word;
}

/** The words of a text as compared here: NFC, lower case, runs of letters and digits. */
export function tokens(s: string): string[] {
  return (
    s
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Whether a token read by OCR is the word `want`: the same, or one letter off for words of five or more. */
function same(read: string, want: string, fuzzy: boolean): boolean {
  return read === want || (fuzzy && want.length >= 5 && editDistanceAtMostOne(read, want));
}

/** Start indexes of every occurrence of `want` (a token sequence) in `stream`. */
function find(stream: readonly string[], want: readonly string[], fuzzy: boolean): number[] {
  const out: number[] = [];
  if (!want.length) return out;
  for (let i = 0; i + want.length <= stream.length; i++) {
    let k = 0;
    while (k < want.length && same(stream[i + k]!, want[k]!, fuzzy)) k++;
    if (k === want.length) out.push(i);
  }
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The text layer's words with their boxes in pixels at DPI (`pdftotext -bbox` gives points). */
async function textLayerTokens(pdf: string, deadline: number): Promise<Token[]> {
  const { stdout } = await tool(deadline, 'pdftotext', ['-bbox', pdf, '-'], TOOL_TIMEOUT_MS);
  const out: Token[] = [];
  const scale = DPI / 72;
  let page = 0;
  for (const m of stdout.matchAll(
    /<page\b|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (m[0] === '<page') {
      page++;
      continue;
    }
    const word: Word = {
      page,
      box: [Number(m[1]) * scale, Number(m[2]) * scale, Number(m[3]) * scale, Number(m[4]) * scale],
    };
    for (const t of tokens(decodeEntities(m[5]!))) out.push({ t, word });
  }
  return out;
}

/** OCR of one page image: its words with boxes, and the mean word confidence (null: no word). */
async function ocrTokens(
  image: string,
  page: number,
  lang: string,
  deadline: number,
): Promise<{ tokens: Token[]; confidence: number | null }> {
  const { stdout } = await tool(
    deadline,
    'tesseract',
    [image, 'stdout', '-l', lang, '--psm', '3', 'tsv'],
    TOOL_TIMEOUT_MS,
  );
  const out: Token[] = [];
  const confs: number[] = [];
  for (const line of stdout.split('\n').slice(1)) {
    const c = line.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const conf = Number(c[10]);
    const text = c.slice(11).join('\t').trim();
    if (!text || !(conf >= 0)) continue;
    confs.push(conf);
    const [l, t, w, h] = [Number(c[6]), Number(c[7]), Number(c[8]), Number(c[9])];
    const word: Word = { page, box: [l, t, l + w, t + h] };
    for (const tok of tokens(text)) out.push({ t: tok, word });
  }
  return { tokens: out, confidence: confs.length ? confs.reduce((a, b) => a + b, 0) / confs.length : null };
}

interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

/** A binary PGM (P5, 8 bits) as pdftoppm -gray writes it. */
function parsePgm(b: Buffer): Gray {
  const head = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(b.subarray(0, 64).toString('latin1'));
  if (!head || head[3] !== '255') throw new Error('pdftoppm gave an image this code does not read');
  const width = Number(head[1]);
  const height = Number(head[2]);
  return { width, height, pixels: b.subarray(head[0].length, head[0].length + width * height) };
}

function writePgm(g: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${g.width} ${g.height}\n255\n`, 'latin1'), g.pixels]);
}

/** A greyscale PNG (8 bits, no filter) of the image: what pdfkit embeds. */
function encodePng(g: Gray): Buffer {
  const raw = Buffer.alloc((g.width + 1) * g.height);
  for (let y = 0; y < g.height; y++)
    g.pixels.copy(raw, y * (g.width + 1) + 1, y * g.width, (y + 1) * g.width);
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(g.width, 0);
  ihdr.writeUInt32BE(g.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An occurrence's word boxes as one bar per line: consecutive words on one page whose heights
 * overlap are one box from the first's left to the last's right, so the bar does not show where
 * one word ends and the next begins (word lengths tell a name).
 */
function lineBars(words: readonly Word[]): Word[] {
  const bars: Word[] = [];
  for (const w of words) {
    const last = bars.at(-1);
    if (last && last.page === w.page && w.box[1] < last.box[3] && w.box[3] > last.box[1])
      last.box = [
        Math.min(last.box[0], w.box[0]),
        Math.min(last.box[1], w.box[1]),
        Math.max(last.box[2], w.box[2]),
        Math.max(last.box[3], w.box[3]),
      ];
    else bars.push({ page: w.page, box: [...w.box] });
  }
  return bars;
}

function paint(g: Gray, box: Word['box']): void {
  const x0 = Math.max(0, Math.floor(box[0]) - PAD);
  const y0 = Math.max(0, Math.floor(box[1]) - PAD);
  const x1 = Math.min(g.width, Math.ceil(box[2]) + PAD);
  const y1 = Math.min(g.height, Math.ceil(box[3]) + PAD);
  for (let y = y0; y < y1; y++) g.pixels.fill(0, y * g.width + x0, y * g.width + x1);
}

/**
 * Whether the PDF's pages can be rendered here, told before any is (`pdfinfo`): its page count
 * (more than MAX_PAGES: refused without rendering one; a file claiming 10,000 pages was rendered
 * to page 101 first) and each page's MediaBox, the box pdftoppm renders, in pixels at DPI (a page
 * over MAX_PAGE_PIXELS, or all of them over MAX_TOTAL_PIXELS, is refused naming the page and its
 * size). A PDF that needs a password is refused, saying so. Null: it can be rendered.
 */
async function unrenderable(pdf: string, deadline: number): Promise<string | null> {
  let stdout: string;
  try {
    ({ stdout } = await tool(
      deadline,
      'pdfinfo',
      ['-box', '-f', '1', '-l', String(MAX_PAGES), pdf],
      TOOL_TIMEOUT_MS,
    ));
  } catch (e) {
    if (/password/i.test((e as Error).message))
      return 'filen er passordbeskyttet, så den kan ikke gjengis og sladdes';
    throw e;
  }
  const count = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? NaN);
  if (count > MAX_PAGES)
    return `filen har ${count} sider, over ${MAX_PAGES}; en sladdet kopi lages bare av kortere dokumenter`;
  const px = (pt: number) => Math.ceil((Math.abs(pt) * DPI) / 72);
  let total = 0;
  for (const m of stdout.matchAll(
    /^Page\s+(\d+) MediaBox:\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)/gm,
  )) {
    const [w, h] = [Number(m[4]) - Number(m[2]), Number(m[5]) - Number(m[3])];
    const pixels = px(w) * px(h);
    total += pixels;
    if (!(pixels <= MAX_PAGE_PIXELS))
      return `side ${m[1]} er ${Math.round(Math.abs(w))} x ${Math.round(Math.abs(h))} punkt, for stor til å gjengis for sladding (over ${MAX_PAGE_PIXELS / 1e6} millioner piksler ved ${DPI} dpi)`;
    if (total > MAX_TOTAL_PIXELS)
      return `sidene er til sammen for store til å gjengis for sladding (over ${MAX_TOTAL_PIXELS / 1e6} millioner piksler ved ${DPI} dpi)`;
  }
  return null;
}

/**
 * The file as a PDF: itself, or a PNG or JPEG put on a page of its own at DPI (a pixel of the
 * image a pixel of the rendered page: a scan is read at its own resolution). Until hardening
 * review s42 the page was 72 dpi, a point a pixel, rendered at 7.7 times the image's pixels: a
 * letter scanned at 300 dpi became a 67-million-pixel page. An image over MAX_PAGE_PIXELS is
 * refused by the size its header gives, before pdfkit decodes it (a PNG with an alpha channel is
 * decoded whole in this process).
 */
async function asPdf(src: string, work: string): Promise<string | { refused: string } | null> {
  // The first bytes tell the type; only an image is read whole (a PDF is handed to the tools as it is).
  const head = Buffer.alloc(8);
  const f = await open(src, 'r');
  try {
    await f.read(head, 0, 8, 0);
  } finally {
    await f.close();
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return src;
  const png = head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = head[0] === 0xff && head[1] === 0xd8;
  if (!png && !jpeg) return null;
  const fh = await readFile(src);
  const out = join(work, 'image.pdf');
  const doc = new PDFDocument({ autoFirstPage: false });
  const ws = createWriteStream(out);
  doc.pipe(ws);
  // pdfkit reads the image's size; the page takes it.
  const img = (doc as unknown as { openImage(b: Buffer): { width: number; height: number } }).openImage(fh);
  if (!(img.width * img.height <= MAX_PAGE_PIXELS)) {
    ws.destroy();
    return {
      refused: `bildet er ${img.width} x ${img.height} piksler, for stort til å gjengis for sladding (over ${MAX_PAGE_PIXELS / 1e6} millioner piksler)`,
    };
  }
  const [w, h] = [(img.width * 72) / DPI, (img.height * 72) / DPI];
  doc.addPage({ size: [w, h], margin: 0 });
  doc.image(fh, 0, 0, { width: w, height: h });
  doc.end();
  await once(ws, 'finish');
  return out;
}

/**
 * Writes to `dest` a redacted copy of the document file `src`, every occurrence of each of
 * `passages` painted out, or says why none is given. `documentText`: the document's text as the
 * archive read it (its stored text layer or OCR), or null.
 */
export async function redactedCopy(
  src: string,
  dest: string,
  passages: readonly string[],
  documentText: string | null,
  /** maxMs: the copy's time at most (MAX_COPY_MS). */
  opts: { ocrLang: string; maxMs?: number },
): Promise<RedactOutcome> {
  const limitMs = opts.maxMs ?? MAX_COPY_MS;
  const deadline = Date.now() + limitMs;
  const work = await mkdtemp(join(tmpdir(), 'helsespor-redact-'));
  try {
    return await redactIn(work, src, dest, passages, documentText, opts, deadline);
  } catch (e) {
    if (e instanceof ToolMissing)
      return { refused: `${e.tool} er ikke installert her, så en sladdet kopi kan ikke lages` };
    if (Date.now() >= deadline)
      return {
        refused: `en sladdet kopi ville tatt over ${limitMs >= 60_000 ? `${limitMs / 60_000} minutter` : `${limitMs / 1000} sekunder`} å lage og kontrollere`,
      };
    return { refused: `en sladdet kopi kunne ikke lages: ${(e as Error).message}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function redactIn(
  work: string,
  src: string,
  dest: string,
  passages: readonly string[],
  documentText: string | null,
  opts: { ocrLang: string },
  deadline: number,
): Promise<RedactOutcome> {
  const pdf = await asPdf(src, work);
  if (!pdf) return { refused: 'filtypen kan ikke sladdes her (bare PDF, PNG og JPEG)' };
  if (typeof pdf !== 'string') return pdf;
  const cannot = await unrenderable(pdf, deadline);
  if (cannot) return { refused: cannot };
  await tool(
    deadline,
    'pdftoppm',
    ['-r', String(DPI), '-gray', '-f', '1', '-l', String(MAX_PAGES + 1), pdf, join(work, 'p')],
    TOOL_TIMEOUT_MS * 4,
  );
  const images = (await readdir(work))
    .filter((f) => /^p-\d+\.pgm$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  if (!images.length) return { refused: 'filen har ingen side som kan gjengis' };
  if (images.length > MAX_PAGES)
    return { refused: `filen har over ${MAX_PAGES} sider; en sladdet kopi lages bare av kortere dokumenter` };

  const layer = await textLayerTokens(pdf, deadline);
  const ocr: Token[] = [];
  for (const [i, f] of images.entries()) {
    const page = i + 1;
    const r = await ocrTokens(join(work, f), page, opts.ocrLang, deadline);
    const hasLayer = layer.some((t) => t.word.page === page);
    if (!hasLayer && r.tokens.length && (r.confidence ?? 0) < MIN_OCR_CONFIDENCE)
      return {
        refused: `side ${page} er et bilde som OCR leser for usikkert (konfidens ${Math.round(r.confidence ?? 0)} av 100) til at sladdingen kan kontrolleres`,
      };
    ocr.push(...r.tokens);
  }

  // Where each passage is: every occurrence in the text layer (exact) and in the OCR (a letter off allowed).
  const wanted = passages.map(tokens).filter((w) => w.length);
  const boxes: Word[] = [];
  const docTokens = documentText ? tokens(documentText) : [];
  for (const want of wanted) {
    let found = 0;
    for (const [stream, fuzzy] of [
      [layer, false],
      [ocr, true],
    ] as const) {
      const ts = stream.map((x) => x.t);
      for (const at of find(ts, want, fuzzy)) {
        found++;
        boxes.push(...lineBars(stream.slice(at, at + want.length).map((x) => x.word)));
      }
    }
    if (!found && find(docTokens, want, false).length)
      return {
        refused:
          'en tilbakeholdt del står i dokumentets tekst, men ble ikke funnet i filen, så den kan ikke sladdes',
      };
  }

  // The words a passage has that the document has nowhere else: none of them may be readable after.
  const elsewhere = new Set<string>();
  for (const [stream, fuzzy] of [
    [layer.map((x) => x.t), false],
    [ocr.map((x) => x.t), true],
    [docTokens, false],
  ] as const) {
    const covered = new Set<number>();
    for (const want of wanted)
      for (const at of find(stream, want, fuzzy)) for (let k = 0; k < want.length; k++) covered.add(at + k);
    stream.forEach((t, i) => {
      if (!covered.has(i)) elsewhere.add(t);
    });
  }
  // Words of three letters or more: OCR reads stray marks as one- and two-letter words.
  const secret = new Set(wanted.flat().filter((t) => t.length >= 3 && !elsewhere.has(t)));

  const pagesOut: { png: Buffer; width: number; height: number }[] = [];
  const after: string[] = [];
  for (const [i, f] of images.entries()) {
    const page = i + 1;
    const g = parsePgm(await readFile(join(work, f)));
    for (const w of boxes) if (w.page === page) paint(g, w.box);
    const painted = join(work, `painted-${page}.pgm`);
    await writeFile(painted, writePgm(g));
    after.push(...(await ocrTokens(painted, page, opts.ocrLang, deadline)).tokens.map((t) => t.t));
    pagesOut.push({ png: encodePng(g), width: (g.width * 72) / DPI, height: (g.height * 72) / DPI });
  }
  for (const want of wanted)
    if (find(after, want, true).length)
      return {
        refused: 'kontrollen etter sladding kunne fortsatt lese en tilbakeholdt del, så kopien er ikke med',
      };
  for (const t of after)
    for (const s of secret)
      if (same(t, s, true))
        return {
          refused: 'kontrollen etter sladding kunne fortsatt lese et tilbakeholdt ord, så kopien er ikke med',
        };

  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { Title: 'Sladdet kopi', Producer: 'Helsespor', CreationDate: new Date(0) },
  });
  const ws = createWriteStream(dest, { flags: 'wx' });
  doc.pipe(ws);
  for (const p of pagesOut) {
    doc.addPage({ size: [p.width, p.height], margin: 0 });
    doc.image(p.png, 0, 0, { width: p.width, height: p.height });
  }
  doc.end();
  await once(ws, 'finish');
  return { written: true, pages: pagesOut.length, boxes: boxes.length };
}
