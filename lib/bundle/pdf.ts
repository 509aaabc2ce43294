/**
 * The bundle's PDF, drawn with pdfkit (never hand-written PDF): a cover page, a table of
 * contents, the completeness statement and every item with its source and provenance;
 * every page carries the bundle's Bates number (`HS-2025-004-000123`) and "side n av N".
 *
 * Streaming: pages are written out as they are finished (pdfkit without bufferPages), so
 * memory does not grow with the number of items. The table of contents comes before the
 * items but needs their page numbers, so the body is laid out twice with the same code:
 * first into a discarded document (only the page each item starts on is kept), then for
 * real after the cover and the table of contents, whose length is known from the item count.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { log } from '../log';
import type { RedactedItem } from './withhold';
import type { BundleRequest, CompletenessStatement } from './types';

export const PAGE = { width: 595.28, height: 841.89 }; // A4, points
export const MARGIN = { top: 62, bottom: 62, left: 56, right: 56 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const TOC_ROW = 14;
const TOC_HEAD = 40;
export const TOC_ROWS_PER_PAGE = Math.floor((PAGE.height - MARGIN.top - MARGIN.bottom - TOC_HEAD) / TOC_ROW);

/** DejaVu (Debian fonts-dejavu-core, installed by scripts/services.sh tools) prints every Norwegian letter and symbol. */
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONTS = { body: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' };
let warnedFont = false;

function registerFonts(doc: PDFKit.PDFDocument): void {
  const paths = Object.fromEntries(Object.entries(FONTS).map(([k, f]) => [k, `${FONT_DIR}/${f}`]));
  if (Object.values(paths).every((p) => existsSync(p))) {
    for (const [k, p] of Object.entries(paths)) doc.registerFont(k, p);
    return;
  }
  if (!warnedFont) {
    log.warn(
      { fontDir: FONT_DIR },
      'DejaVu fonts not found (Debian fonts-dejavu-core); the bundle PDF uses Helvetica and prints only Latin-1',
    );
    warnedFont = true;
  }
  doc.registerFont('body', 'Helvetica');
  doc.registerFont('bold', 'Helvetica-Bold');
  doc.registerFont('mono', 'Courier');
}

/**
 * A run of characters with no space to break a line at that is longer than any word (a pasted
 * file, a link, a row of dashes): it gets a ZERO WIDTH SPACE (U+200B: invisible, a line-break
 * opportunity under UAX #14, a glyph of DejaVu Sans) after every 16 characters. pdfkit
 * breaks an over-long word itself, but measures the rest of the word again after each line it
 * breaks off: quadratic, so a bundle holding one 20,000-character word took 66.8 s against
 * 2.2–3.9 s for as many characters in words, the dossier subgraph's one thread laying it out
 * all along (found in review s32). Runs of up to 63 characters (every Norwegian word) are
 * broken nowhere. The PDF's text layer holds the U+200B inside such a run; items.json the text as it is.
 */
const LONG_RUN = /[^ \n\u200b]{64,}/gu;
const RUN_PIECE = /[^]{1,16}/gu;

/** Text as a PDF line can hold it: no control characters; tabs as spaces; CRLF as LF; over-long runs breakable (LONG_RUN). */
export function printable(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(LONG_RUN, (run) => run.match(RUN_PIECE)!.join('\u200b'));
}

const stripTags = (s: string) => s.replace(/<\/?em>/g, '');

export function bates(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

export interface Layout {
  prefix: string;
  /** Bates number of page 1. */
  firstNumber: number;
  /** Total pages (for "side n av N"); 0 while laying out. */
  totalPages: number;
  matter: string;
}

export interface RedactionBox {
  /** 1-based page number in the PDF. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  ground: string;
}

/** A pdfkit document with the bundle's fonts and a header and Bates footer on every page. */
export function createDocument(layout: Layout, info: { title: string; createdAt: Date; dryRun?: boolean }) {
  const doc = new PDFDocument({
    // The layout pass's output is discarded: no need to compress it.
    compress: !info.dryRun,
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: false,
    info: {
      Title: info.title,
      Creator: 'Helsespor',
      Producer: 'Helsespor (pdfkit)',
      CreationDate: info.createdAt,
    },
  });
  registerFonts(doc);
  let page = 0;
  doc.on('pageAdded', () => {
    page++;
    const { x, y } = doc;
    const font = { size: 8 };
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc.font('body').fontSize(font.size).fillColor('#555555');
    doc.text(`${layout.matter} · bevisbundle ${layout.prefix}`, MARGIN.left, 30, {
      width: CONTENT_WIDTH,
      lineBreak: false,
    });
    const footerY = PAGE.height - 40;
    const of = layout.totalPages ? ` av ${layout.totalPages}` : '';
    doc.text(`Side ${page}${of}`, MARGIN.left, footerY, { width: CONTENT_WIDTH / 2, lineBreak: false });
    doc
      .font('bold')
      .fontSize(9)
      .fillColor('#000000')
      .text(bates(layout.prefix, layout.firstNumber + page - 1), MARGIN.left + CONTENT_WIDTH / 2, footerY, {
        width: CONTENT_WIDTH / 2,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    doc.font('body').fontSize(10).fillColor('#000000');
    doc.x = x;
    doc.y = y;
  });
  return { doc, page: () => page };
}

/**
 * pdfkit caches the layout of every distinct word for the document's life (`layoutCache` of
 * each embedded font): unbounded over 10,000 items. Switching it off (`fontLayoutCache:
 * false`) keeps memory flat but makes layout about four times slower, so the cache is
 * emptied now and then instead. pdfkit has no public call for it; without the field (another
 * pdfkit) this does nothing.
 */
function trimLayoutCache(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })
    ._fontFamilies;
  for (const f of Object.values(families ?? {}))
    if (f.layoutCache) f.layoutCache = Object.create(null) as object;
}

/** Waits while the document holds more than `limit` bytes nobody has read yet, and keeps pdfkit's caches small (bounded memory). */
export async function drain(doc: PDFKit.PDFDocument, limit = 4 * 1024 * 1024): Promise<void> {
  trimLayoutCache(doc);
  while (doc.readableLength > limit) await new Promise((r) => setTimeout(r, 2));
}

const KIND_LABEL: Record<string, string> = {
  journal_entry: 'Journalnotat',
  care_contact: 'Kontakt',
  service_decision: 'Vedtak (tjeneste)',
  coercion_decision: 'Tvangsvedtak',
  coercion_execution: 'Tvangsgjennomføring',
  saksmappe: 'Arkivsak',
  journalpost: 'Journalpost',
  archive_document: 'Arkivdokument',
};
export const kindLabel = (k: string) => KIND_LABEL[k] ?? k;

function line(doc: PDFKit.PDFDocument, label: string, value: string, opts: { size?: number } = {}): void {
  doc
    .fontSize(opts.size ?? 9)
    .font('bold')
    .text(`${label}: `, MARGIN.left, doc.y, { continued: true, width: CONTENT_WIDTH })
    .font('body')
    .text(printable(value), { width: CONTENT_WIDTH });
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > PAGE.height - MARGIN.bottom) doc.addPage();
}

export function drawCover(
  doc: PDFKit.PDFDocument,
  req: BundleRequest,
  facts: {
    bundleId: string;
    builtAt: string;
    builtBy: string;
    items: number;
    withheldItems: number;
    withheldPassages: number;
    batesFirst: string;
    batesLast: string;
    pages: number;
  },
): void {
  doc.addPage();
  doc.font('bold').fontSize(20).text('Bevisbundle', MARGIN.left, 110, { width: CONTENT_WIDTH });
  doc
    .font('body')
    .fontSize(11)
    .fillColor('#444444')
    .text('Evidence bundle · Helsespor', { width: CONTENT_WIDTH });
  doc.fillColor('#000000').moveDown(1.5);
  const rows: [string, string][] = [
    ['Sak (matter)', req.matter],
    ['Bestilt av (requester)', req.requester],
    ['Formål (purpose)', req.purpose],
    ...(req.subject ? ([['Gjelder (patient)', req.subject]] as [string, string][]) : []),
    [
      'Periode (window)',
      `${req.window.from ?? 'fra start'} – ${req.window.to ?? 'til i dag'}${req.window.description ? ` (${req.window.description})` : ''}`,
    ],
    ['Søk / utvalg (query)', req.query],
    ['Laget (built)', facts.builtAt],
    ['Laget av (built by)', facts.builtBy],
    ['Bundle-id', facts.bundleId],
    ['Bates-nummer', `${facts.batesFirst} – ${facts.batesLast} (${facts.pages} sider)`],
    ['Dokumenter (items)', String(facts.items)],
    [
      'Tilbakeholdt (withheld)',
      `${facts.withheldItems} hele dokument(er), ${facts.withheldPassages} avsnitt (grunnlaget står i hvert sorte felt)`,
    ],
  ];
  for (const [k, v] of rows) {
    line(doc, k, v, { size: 11 });
    doc.moveDown(0.3);
  }
  doc.moveDown(1);
  doc
    .font('body')
    .fontSize(9)
    .fillColor('#444444')
    .text(
      'Filene i bundelen er listet med SHA-256 i manifest.json; custody.json sier hvem som laget den, fra hvilken forespørsel og med hvilken programvare. ' +
        'Kommandoen «npm run cli -- verify-bundle <zip>» kontrollerer hver fil.',
      { width: CONTENT_WIDTH },
    )
    .fillColor('#000000');
}

export interface TocEntry {
  n: number;
  date: string;
  kind: string;
  source: string;
  title: string;
  /** 1-based page in the PDF. */
  page: number;
}

/** Fits `s` in `width` at the current font, with an ellipsis when cut. */
function fit(doc: PDFKit.PDFDocument, s: string, width: number): string {
  if (doc.widthOfString(s) <= width) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.widthOfString(s.slice(0, mid) + '…') <= width) lo = mid;
    else hi = mid - 1;
  }
  return s.slice(0, lo) + '…';
}

/** Table of contents pages for `count` items (the first line on page 1 is the completeness statement). */
export function tocPages(count: number): number {
  return Math.max(1, Math.ceil((count + 1) / TOC_ROWS_PER_PAGE));
}

/** Draws the table of contents, one row per entry, TOC_ROWS_PER_PAGE rows a page. */
export async function drawToc(
  doc: PDFKit.PDFDocument,
  layout: Layout,
  completenessPage: number,
  entries: AsyncIterable<TocEntry>,
): Promise<void> {
  let row = TOC_ROWS_PER_PAGE;
  let first = true;
  const cols = { n: 0, date: 28, kind: 84, source: 164, title: 264, page: CONTENT_WIDTH - 95 };
  const put = (cells: Record<keyof typeof cols, string>, bold = false) => {
    if (row >= TOC_ROWS_PER_PAGE) {
      doc.addPage();
      doc
        .font('bold')
        .fontSize(14)
        .text(first ? 'Innholdsfortegnelse' : 'Innholdsfortegnelse (forts.)', MARGIN.left, MARGIN.top, {
          width: CONTENT_WIDTH,
          lineBreak: false,
        });
      first = false;
      row = 0;
    }
    const y = MARGIN.top + TOC_HEAD + row * TOC_ROW;
    doc.font(bold ? 'bold' : 'body').fontSize(8);
    for (const [k, x] of Object.entries(cols) as [keyof typeof cols, number][]) {
      const next =
        Object.values(cols)
          .filter((v) => v > x)
          .sort((a, b) => a - b)[0] ?? CONTENT_WIDTH;
      const w = (k === 'page' ? CONTENT_WIDTH : next) - x - 4;
      doc.text(fit(doc, printable(cells[k]).replace(/\n/g, ' '), w), MARGIN.left + x, y, {
        width: w,
        lineBreak: false,
        align: k === 'page' ? 'right' : 'left',
      });
    }
    row++;
  };
  put(
    {
      n: '',
      date: '',
      kind: '',
      source: '',
      title: 'Fullstendighetserklæring',
      page: bates(layout.prefix, layout.firstNumber + completenessPage - 1),
    },
    true,
  );
  for await (const e of entries) {
    put({
      n: `${e.n}.`,
      date: e.date.slice(0, 10),
      kind: kindLabel(e.kind),
      source: e.source,
      title: e.title,
      page: bates(layout.prefix, layout.firstNumber + e.page - 1),
    });
    if (e.n % 200 === 0) await drain(doc);
  }
}

export function drawCompleteness(doc: PDFKit.PDFDocument, c: CompletenessStatement): void {
  doc.addPage();
  doc
    .font('bold')
    .fontSize(14)
    .text('Fullstendighetserklæring (completeness statement)', MARGIN.left, MARGIN.top, {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(0.5);
  if (c.summary)
    doc.font('body').fontSize(10).text(printable(c.summary), { width: CONTENT_WIDTH }).moveDown(0.5);
  for (const s of c.sources) {
    ensureRoom(doc, 40);
    doc
      .font('bold')
      .fontSize(11)
      .text(printable(s.sourceSystem), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    for (const [k, v] of Object.entries(s)) {
      if (k === 'sourceSystem') continue;
      line(doc, k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    doc.moveDown(0.5);
  }
  if (c.notes?.length) {
    ensureRoom(doc, 30);
    doc
      .font('bold')
      .fontSize(11)
      .text('Forutsetninger og begrensninger', MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    for (const n of c.notes)
      doc
        .font('body')
        .fontSize(9)
        .text(`• ${printable(n)}`, { width: CONTENT_WIDTH });
  }
}

function redactionBox(
  doc: PDFKit.PDFDocument,
  label: string,
  ground: string,
  page: () => number,
  onBox?: (b: RedactionBox) => void,
): void {
  const text = `${label} – ${ground}`;
  doc.font('bold').fontSize(9);
  const h = doc.heightOfString(text, { width: CONTENT_WIDTH - 16 }) + 12;
  ensureRoom(doc, h + 4);
  const y = doc.y + 2;
  doc.rect(MARGIN.left, y, CONTENT_WIDTH, h).fill('#000000');
  doc.fillColor('#ffffff').text(text, MARGIN.left + 8, y + 6, { width: CONTENT_WIDTH - 16 });
  doc.fillColor('#000000').font('body').fontSize(10);
  onBox?.({ page: page(), x: MARGIN.left, y, width: CONTENT_WIDTH, height: h, ground });
  doc.x = MARGIN.left;
  doc.y = y + h + 4;
}

/** One item: heading, source, provenance, matched concepts, text with its redaction boxes. */
export function drawItem(
  doc: PDFKit.PDFDocument,
  n: number,
  r: RedactedItem,
  page: () => number,
  on: { start?: (page: number) => void; box?: (b: RedactionBox) => void } = {},
): void {
  const it = r.item;
  const onBox = on.box;
  ensureRoom(doc, 90);
  on.start?.(page());
  doc.moveDown(0.6);
  const y = doc.y;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + CONTENT_WIDTH, y)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  doc.y = y + 4;
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#000000')
    .text(
      `${n}. ${it.date.slice(0, 16).replace('T', ' ')} · ${kindLabel(it.kind)} · ${printable(it.sourceSystem)}`,
      MARGIN.left,
      doc.y,
      {
        width: CONTENT_WIDTH,
      },
    );
  if (it.title) doc.font('bold').fontSize(10).text(printable(it.title), { width: CONTENT_WIDTH });
  line(doc, 'Kilde', `${it.sourceSystem}, id ${it.sourceId} (Helsespor ${it.id})`);
  if (it.author) line(doc, 'Forfatter', it.author);
  if (it.unit) line(doc, 'Enhet', it.unit);
  for (const [k, v] of Object.entries(it.details ?? {})) if (v !== null && v !== '') line(doc, k, String(v));
  for (const p of it.provenance ?? []) {
    const who = [p.at, p.by].filter(Boolean).join(', ');
    // The earlier version's source system (helsepersonelloven § 42, pasientjournalloven § 22; stop 46).
    const from = p.sourceSystem ? `, fra ${p.sourceSystem}` : '';
    line(doc, 'Opphav', `${p.what}${who ? ` (${who})` : ''}${from}${p.detail ? `: ${p.detail}` : ''}`);
    if (p.earlierText)
      doc
        .font('body')
        .fontSize(8)
        .fillColor('#444444')
        .text(`Tidligere tekst: ${printable(p.earlierText)}`, MARGIN.left + 12, doc.y, {
          width: CONTENT_WIDTH - 12,
        })
        .fillColor('#000000');
  }
  for (const c of it.concepts ?? [])
    line(
      doc,
      // A match in what the note said before it was changed is printed as that (helsepersonelloven § 42).
      c.earlierVersion ? 'Treff i tidligere versjon' : 'Treff',
      `${c.concept}${c.highlights?.length ? `: ${c.highlights.map((h) => `«${stripTags(h)}»`).join(' … ')}` : ''}`,
    );
  doc.moveDown(0.3);
  if (r.wholeGround) {
    redactionBox(doc, 'HELE DOKUMENTET TILBAKEHOLDT', r.wholeGround, page, onBox);
    return;
  }
  for (const s of r.segments) {
    if ('withheld' in s) redactionBox(doc, 'TILBAKEHOLDT', s.withheld, page, onBox);
    else if (s.text.trim())
      doc
        .font('body')
        .fontSize(10)
        .text(printable(s.text).trim(), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  }
}
