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
  private child: ChildProcess | null = null;
  private seq = 0;
  private pending = new Map<number, (r: PdfTextResult) => void>();

  private start(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    child.on('message', (m: { id: number } & PdfTextResult) => {
      const done = this.pending.get(m.id);
      if (!done) return;
      this.pending.delete(m.id);
      const { id: _id, ...r } = m;
      done(r as PdfTextResult);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      for (const [, done] of this.pending)
        done({ ok: false, kind: 'crashed', message: `reader exited (${signal ?? code})` });
      this.pending.clear();
    });
    child.on('error', () => undefined);
    this.child = child;
    return child;
  }

  /** The text of the first `maxPages` pages of the PDF at `path`, within `timeoutMs`. */
  read(path: string, maxPages: number, timeoutMs: number): Promise<PdfTextResult> {
    const child = this.start();
    const id = ++this.seq;
    return new Promise<PdfTextResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        child.kill('SIGKILL');
        resolve({ ok: false, kind: 'timeout', message: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      child.send({ id, path, maxPages });
    });
  }

  close(): void {
    const c = this.child;
    this.child = null;
    if (c && c.exitCode === null) c.kill('SIGKILL');
  }
}
