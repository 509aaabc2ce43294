/**
 * Archive document text extraction, pages per second: our extractor (subgraphs/archive/doctext:
 * pdfjs-dist in its reader process for the text layer; pdftoppm + Tesseract for scans) beside
 * the tools run directly on the same files (poppler's `pdftotext`; `pdftoppm | tesseract`),
 * which is the limit for what we do around them.
 *
 *   npm run bench:doctext                 # 100 text PDFs of 5 pages, 8 scanned pages
 *   npx tsx bench/doctext.ts 400 20        # text PDFs, scanned pages
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DOCTEXT } from '../lib/config';
import { imagePdf, textPdf } from '../dev/pdf';
import { extractDocument } from '../subgraphs/archive/doctext/extract';
import { PdfTextReader } from '../subgraphs/archive/doctext/pdf-text';

const textDocs = Number(process.argv[2] ?? 100);
const scannedPages = Number(process.argv[3] ?? 8);
const PAGES = 5;
const dir = mkdtempSync(join(tmpdir(), 'helsespor-bench-doctext-'));

const sentences = [
  'Pasienten ble vurdert av fysioterapeut og fikk tilbud om hjemmetrening to ganger i uken.',
  'Søknaden om langtidsopphold er behandlet etter helse- og omsorgstjenesteloven § 3-2.',
  'Pårørende ønsker innsyn i journalen og har sendt skriftlig begjæring til kommunen.',
  'Vedtaket kan påklages til Statsforvalteren innen tre uker fra det er mottatt.',
];
const page = (d: number, p: number) =>
  Array.from({ length: 30 }, (_, i) => `${d}.${p}.${i} ${sentences[(d + p + i) % sentences.length]}`);

function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  return fn().then((r) => [r, Number(process.hrtime.bigint() - t) / 1e6]);
}

async function main() {
  const texts = Array.from({ length: textDocs }, (_, d) =>
    textPdf(Array.from({ length: PAGES }, (_, p) => page(d, p))),
  );
  texts.forEach((b, i) => writeFileSync(join(dir, `t${i}.pdf`), b));
  const src = join(dir, 'src.pdf');
  writeFileSync(src, textPdf([page(0, 0).slice(0, 20)], { fontSize: 14 }));
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-jpeg', '-singlefile', src, join(dir, 'scan')]);
  const jpeg = readFileSync(join(dir, 'scan.jpg'));
  const scans = Array.from({ length: scannedPages }, () => imagePdf([jpeg]));
  scans.forEach((b, i) => writeFileSync(join(dir, `s${i}.pdf`), b));

  const reader = new PdfTextReader();
  const limits = { ...DEFAULT_DOCTEXT };
  // Warm up: the reader process loads PDF.js once.
  await extractDocument(texts[0]!, limits, reader);

  const [ours, oursMs] = await time(async () => {
    let pages = 0;
    for (const b of texts) pages += (await extractDocument(b, limits, reader)).pages.length;
    return pages;
  });
  const [direct, directMs] = await time(async () => {
    let chars = 0;
    for (let i = 0; i < texts.length; i++)
      chars += execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, `t${i}.pdf`), '-']).length;
    return chars;
  });
  const [ocr, ocrMs] = await time(async () => {
    let pages = 0;
    let conf = 0;
    for (const b of scans) {
      const r = await extractDocument(b, limits, reader);
      pages += r.pages.filter((p) => p.origin === 'ocr').length;
      conf += r.pages[0]?.ocrConfidence ?? 0;
    }
    return { pages, meanConfidence: Math.round((conf / Math.max(1, scans.length)) * 10) / 10 };
  });
  const [, ocrDirectMs] = await time(async () => {
    for (let i = 0; i < scans.length; i++) {
      const out = join(dir, `r${i}`);
      execFileSync('pdftoppm', [
        '-f',
        '1',
        '-l',
        '1',
        '-scale-to',
        '3508',
        '-gray',
        '-png',
        '-singlefile',
        join(dir, `s${i}.pdf`),
        out,
      ]);
      execFileSync('tesseract', [`${out}.png`, 'stdout', '-l', 'nor', '--psm', '3', 'tsv'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    }
  });
  reader.close();
  rmSync(dir, { recursive: true, force: true });

  const totalPages = textDocs * PAGES;
  const rate = (pages: number, ms: number) => Math.round((pages / ms) * 1000 * 100) / 100;
  const rows = [
    ['text layer: ours (pdfjs-dist, reader process)', ours, oursMs, rate(ours, oursMs)],
    ['text layer: pdftotext run directly, per file', totalPages, directMs, rate(totalPages, directMs)],
    ['OCR: ours (pdfjs check + pdftoppm + tesseract nor)', ocr.pages, ocrMs, rate(ocr.pages, ocrMs)],
    [
      'OCR: pdftoppm + tesseract nor run directly',
      scannedPages,
      ocrDirectMs,
      rate(scannedPages, ocrDirectMs),
    ],
  ] as const;
  console.log(
    `\nArchive document text, ${textDocs} PDFs × ${PAGES} pages and ${scannedPages} scanned pages ` +
      `(load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})\n`,
  );
  console.log('| what | pages | ms | pages/s |\n|---|---|---|---|');
  for (const [what, pages, ms, r] of rows) console.log(`| ${what} | ${pages} | ${Math.round(ms)} | ${r} |`);
  console.log(
    `\nText layer: ours at ${Math.round((rate(ours, oursMs) / rate(totalPages, directMs)) * 100)} % of pdftotext's pages/s; ` +
      `OCR: ours at ${Math.round((rate(ocr.pages, ocrMs) / rate(scannedPages, ocrDirectMs)) * 100)} % of the tools run directly; ` +
      `mean OCR confidence ${ocr.meanConfidence}; pdftotext output ${direct} characters.`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
