/**
 * The PDF text layer, read by pdfjs-dist in a child process (pdf-text-worker.mjs). The child
 * is kept between documents (PDF.js loads once) and killed and replaced when a document
 * takes longer than the time limit or the child dies (a hostile file: a decompression bomb,
 * a page tree that never ends, a crash): the caller gets a reason, the indexer goes on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface PdfPageText {
  text: string;
  /** The page paints an image (a scanned page, or a figure). */
  hasImages: boolean;
  /** The share of the page (0–1) its images cover: 1 for a scan, a few per cent for a logo. */
  imageCoverage?: number;
  /** The page paints an image the reader left out undecoded (pdf-text-worker.mjs): its size is not known. */
  imagesUnmeasured?: boolean;
  /** PDF.js could not read this page's content. */
  error?: string;
}

export type PdfTextResult =
  | { ok: true; pageCount: number; pages: PdfPageText[] }
  | { ok: false; kind: 'encrypted' | 'broken' | 'timeout' | 'crashed' | 'error'; message: string };

const WORKER = join(__dirname, 'pdf-text-worker.mjs');
/** The reader's JavaScript heap; a file that needs more kills the reader, not the indexer. */
const HEAP_MB = 512;

export class PdfTextReader {
  private child: { process: ChildProcess; pending: Map<number, (r: PdfTextResult) => void> } | null = null;
  private seq = 0;

  private start() {
    if (this.child) return this.child;
    const process = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    // Each reader process answers only its own requests: one killed after a timeout must not
    // fail the requests of the process that replaced it.
    const child = { process, pending: new Map<number, (r: PdfTextResult) => void>() };
    process.on('message', (m: { id: number } & PdfTextResult) => {
      const done = child.pending.get(m.id);
      if (!done) return;
      child.pending.delete(m.id);
      const { id: _id, ...r } = m;
      done(r as PdfTextResult);
    });
    process.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      for (const [, done] of child.pending)
        done({ ok: false, kind: 'crashed', message: `reader exited (${signal ?? code})` });
      child.pending.clear();
    });
    process.on('error', () => undefined);
    this.child = child;
    return child;
  }

  /** The text of the first `maxPages` pages of the PDF at `path`, within `timeoutMs`. */
  read(path: string, maxPages: number, timeoutMs: number): Promise<PdfTextResult> {
    const child = this.start();
    const id = ++this.seq;
    return new Promise<PdfTextResult>((resolve) => {
      const timer = setTimeout(() => {
        child.pending.delete(id);
        // Replaced at once: the next document gets a fresh process, whenever this one exits.
        if (this.child === child) this.child = null;
        child.process.kill('SIGKILL');
        resolve({ ok: false, kind: 'timeout', message: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      child.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      child.process.send({ id, path, maxPages }, (err) => {
        if (err && child.pending.delete(id)) {
          clearTimeout(timer);
          resolve({ ok: false, kind: 'crashed', message: `reader not reachable: ${err.message}` });
        }
      });
    });
  }

  close(): void {
    const c = this.child;
    this.child = null;
    if (c && c.process.exitCode === null) c.process.kill('SIGKILL');
  }
}
