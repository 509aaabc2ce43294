/* global process, console */
/**
 * Reads the text layer of PDF files with pdfjs-dist (Mozilla's PDF.js), in a child process
 * of its own: a hostile file that makes PDF.js spin or eat memory is killed with this
 * process (pdf-text.ts enforces the time limit and restarts it), never the indexer.
 * Plain ES module, because pdfjs-dist is one; no patient text is ever logged here.
 *
 * Protocol (IPC): { ready: true } once loaded; then request { id, path, maxPages } → reply
 *   { id, ok: true, pageCount, pages: [{ text, hasImages, imageCoverage, imagesUnmeasured }] }
 *   (the first maxPages pages)
 *
 * `imageCoverage` is the share of the page (0–1) that its images in the operator list are
 * painted over: each image is the unit square under the transformation matrix in force when it
 * is painted (save, restore, transform and form XObjects followed), its area |det| of that
 * matrix, summed and capped at 1. A scan is one image over the whole page (1); a logo a few per
 * cent. Images PDF.js leaves out (below: every image it would have to decode) are not in the
 * list: `imagesUnmeasured` says the page paints such an image, whose size is not known here.
 *   { id, ok: false, kind: 'encrypted' | 'broken' | 'error', message }
 */
import { readFile } from 'node:fs/promises';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const IMAGE_OPS = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);

/** m · n for PDF matrices [a b c d e f] (n applied first). */
function multiply(m, n) {
  return [
    n[0] * m[0] + n[1] * m[2],
    n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2],
    n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4],
    n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

/** Whether the page paints an image, and the share of the page its images cover (0–1). */
function imagesOf(ops, view) {
  const pageArea = Math.abs((view[2] - view[0]) * (view[3] - view[1])) || 1;
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack = [];
  let area = 0;
  let hasImages = false;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args?.length === 6) ctm = multiply(ctm, Array.from(args));
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args?.[0];
      if (m && m.length === 6) ctm = multiply(ctm, Array.from(m));
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (IMAGE_OPS.has(fn)) {
      hasImages = true;
      area += Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
    }
  }
  return { hasImages, imageCoverage: Math.min(1, area / pageArea) };
}

/**
 * Images are never decoded here: the reader needs to know only that a page paints one (a scan,
 * for OCR, which renders the page at a bounded size: ocr.ts). PDF.js decodes every image a page
 * paints, in memory outside the JavaScript heap that HEAP_MB limits (pdf-text.ts) and after the
 * page's answer has gone: a page painting one 10,000 × 10,000 image (a 100 KB deflate stream)
 * took 290 MiB more, and a 30,000 × 30,000 one (0.9 MB) some 2.6 GB of the machine (found in
 * review s32). With maxImageSize 0, PDF.js leaves every image out of the operator list with
 * this warning instead (pdf.worker.mjs buildPaintImageXObject; its fake worker runs in this
 * process, so its console is this one's): the warnings during a page's operator list are its images.
 */
const IMAGE_LEFT_OUT = 'Image exceeded maximum allowed size and was removed.';
let imagesLeftOut = 0;
console.warn = (...args) => {
  if (args.some((a) => String(a).includes(IMAGE_LEFT_OUT))) imagesLeftOut++;
};

async function read(path, maxPages) {
  const data = new Uint8Array(await readFile(path));
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    maxImageSize: 0,
    // Warnings, for the images left out (see IMAGE_LEFT_OUT); they go nowhere else.
    verbosity: 1,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    if (err && err.name === 'PasswordException')
      return { ok: false, kind: 'encrypted', message: 'password required' };
    if (err && err.name === 'InvalidPDFException')
      return { ok: false, kind: 'broken', message: String(err.message).slice(0, 200) };
    return { ok: false, kind: 'broken', message: String(err && err.message).slice(0, 200) };
  }
  try {
    const pages = [];
    const n = Math.min(doc.numPages, maxPages);
    for (let i = 1; i <= n; i++) {
      try {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        let text = '';
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
          else if (item.str && !/\s$/.test(item.str)) text += ' ';
        }
        const leftOut = imagesLeftOut;
        const ops = await page.getOperatorList();
        const { hasImages, imageCoverage } = imagesOf(ops, page.view);
        // Images left out are not in the operator list: the page paints one, of a size unknown here.
        const imagesUnmeasured = imagesLeftOut > leftOut;
        pages.push({
          text: text.replace(/[ \t]+\n/g, '\n').trim(),
          hasImages: hasImages || imagesUnmeasured,
          imageCoverage,
          imagesUnmeasured,
        });
        page.cleanup();
      } catch (err) {
        pages.push({
          text: '',
          hasImages: false,
          imageCoverage: 0,
          error: String(err && err.message).slice(0, 200),
        });
      }
    }
    return { ok: true, pageCount: doc.numPages, pages };
  } finally {
    await doc.destroy();
  }
}

process.on('message', (msg) => {
  read(msg.path, msg.maxPages).then(
    (r) => process.send({ id: msg.id, ...r }),
    (err) =>
      process.send({
        id: msg.id,
        ok: false,
        kind: 'error',
        message: String(err && err.message).slice(0, 200),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
// Loaded (pdfjs-dist imported above): the reader starts a document's clock only from here, so
// that the time limit measures reading, not the start of a fresh process (pdf-text.ts).
process.send({ ready: true });
