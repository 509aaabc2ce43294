/**
 * OCR of scanned pages with Tesseract and its Norwegian model (`tesseract -l nor`; Debian
 * `tesseract-ocr` + `tesseract-ocr-nor`), and rendering of PDF pages to images with
 * poppler's `pdftoppm` (Debian `poppler-utils`); both installed by `scripts/services.sh tools`.
 * Each runs as a child process with a time limit and an address-space limit (`prlimit`),
 * so a hostile image or page costs at most that, and is reported with a reason.
 */
import { runTool as run, ToolMissing } from '../../../lib/run-tool';

export { ToolMissing };

/** Long side of a rendered page in pixels: A4 at 300 dpi, whatever size the page claims. */
export const RENDER_LONG_SIDE = 3508;
/** Larger images are not OCR'd (a decompression bomb claims any size). */
export const MAX_IMAGE_PIXELS = 120_000_000;

let available: Promise<{ tesseract: boolean; pdftoppm: boolean; languages: string[] }> | null = null;

/** Whether tesseract (with which languages) and pdftoppm can be run here; asked once. */
export function ocrTools(): Promise<{ tesseract: boolean; pdftoppm: boolean; languages: string[] }> {
  available ??= (async () => {
    const languages = await run('tesseract', ['--list-langs'], 10_000).then(
      (r) =>
        r.stdout
          .split('\n')
          .slice(1)
          .map((l) => l.trim())
          .filter(Boolean),
      () => null,
    );
    const pdftoppm = await run('pdftoppm', ['-v'], 10_000).then(
      () => true,
      () => false,
    );
    return { tesseract: languages !== null, pdftoppm, languages: languages ?? [] };
  })();
  return available;
}

/** Renders one page of a PDF file to a greyscale PNG (`<outBase>.png`). */
export async function renderPage(pdfPath: string, page: number, outBase: string, timeoutMs: number) {
  await run(
    'pdftoppm',
    [
      '-f',
      String(page),
      '-l',
      String(page),
      '-scale-to',
      String(RENDER_LONG_SIDE),
      '-gray',
      '-png',
      '-singlefile',
      pdfPath,
      outBase,
    ],
    timeoutMs,
  );
  return `${outBase}.png`;
}

export interface OcrPage {
  /** 1-based page of the image file (multi-page TIFF). */
  page: number;
  text: string;
  /** Tesseract's mean word confidence, 0–100; null when it recognised no word. */
  confidence: number | null;
}

/**
 * Runs Tesseract over an image file (PNG, JPEG, TIFF, one or many pages) and returns each
 * page's text and mean word confidence, from its TSV output.
 */
export async function ocrImage(imagePath: string, lang: string, timeoutMs: number): Promise<OcrPage[]> {
  const { stdout } = await run(
    'tesseract',
    [imagePath, 'stdout', '-l', lang, '--psm', '3', 'tsv'],
    timeoutMs,
  );
  return parseTesseractTsv(stdout);
}

/** Tesseract's TSV (level, page_num, block_num, par_num, line_num, word_num, …, conf, text) as page texts. */
export function parseTesseractTsv(tsv: string): OcrPage[] {
  const pages = new Map<number, { lines: Map<string, string[]>; confs: number[] }>();
  for (const line of tsv.split('\n').slice(1)) {
    const c = line.split('\t');
    if (c.length < 12) continue;
    const page = Number(c[1]);
    const p = pages.get(page) ?? { lines: new Map<string, string[]>(), confs: [] as number[] };
    pages.set(page, p);
    if (c[0] !== '5') continue;
    const word = c.slice(11).join('\t').trim();
    const conf = Number(c[10]);
    if (!word || !(conf >= 0)) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    const words = p.lines.get(key) ?? [];
    words.push(word);
    p.lines.set(key, words);
    p.confs.push(conf);
  }
  return [...pages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, p]) => ({
      page,
      text: [...p.lines.values()].map((w) => w.join(' ')).join('\n'),
      confidence: p.confs.length
        ? Math.round((p.confs.reduce((s, x) => s + x, 0) / p.confs.length) * 10) / 10
        : null,
    }));
}
