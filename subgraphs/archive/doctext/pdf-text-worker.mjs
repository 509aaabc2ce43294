/* global process */
/**
 * Reads the text layer of PDF files with pdfjs-dist (Mozilla's PDF.js), in a child process
 * of its own: a hostile file that makes PDF.js spin or eat memory is killed with this
 * process (pdf-text.ts enforces the time limit and restarts it), never the indexer.
 * Plain ES module, because pdfjs-dist is one; no patient text is ever logged here.
 *
 * Protocol (IPC): request { id, path, maxPages } → reply
 *   { id, ok: true, pageCount, pages: [{ text, hasImages }] }   (the first maxPages pages)
 *   { id, ok: false, kind: 'encrypted' | 'broken' | 'error', message }
 */
import { readFile } from 'node:fs/promises';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const IMAGE_OPS = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);

async function read(path, maxPages) {
  const data = new Uint8Array(await readFile(path));
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
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
        const ops = await page.getOperatorList();
        const hasImages = ops.fnArray.some((f) => IMAGE_OPS.has(f));
        pages.push({ text: text.replace(/[ \t]+\n/g, '\n').trim(), hasImages });
        page.cleanup();
      } catch (err) {
        pages.push({ text: '', hasImages: false, error: String(err && err.message).slice(0, 200) });
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
