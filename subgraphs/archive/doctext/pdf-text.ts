/**
 * The PDF text layer, read by pdfjs-dist in a child process (pdf-text-worker.mjs). The child
 * is kept between documents (PDF.js loads once) and killed and replaced when a document
 * takes longer than the time limit or the child dies (a hostile file: a decompression bomb,
 * a page tree that never ends, a crash): the caller gets a reason, the indexer goes on.
 *
 * The time limit counts a document's reading only: a fresh child (the first, or the one after
 * a kill) first loads PDF.js, which took seconds on a loaded machine and made a broken
 * one-page PDF read right after a hostile one "take too long" (found when CI shared the machine).
 * The child says `{ ready: true }` once loaded; a document's clock starts when it is sent to a
 * ready child. A child that is not ready within `startupMs` (60 s) is killed: `crashed`.
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

interface Child {
  process: ChildProcess;
  pending: Map<number, (r: PdfTextResult) => void>;
  /** Resolves true once the child has loaded PDF.js, false when it exits or is killed first. */
  ready: Promise<boolean>;
}

export interface PdfTextReaderOptions {
  /** How long a fresh child may take to load PDF.js (default 60 s). */
  startupMs?: number;
  /** Extra Node options for the child (tests slow its start with them). */
  execArgv?: string[];
}

export class PdfTextReader {
  private child: Child | null = null;
  private seq = 0;
  private readonly startupMs: number;
  private readonly execArgv: string[];

  constructor(opts: PdfTextReaderOptions = {}) {
    this.startupMs = opts.startupMs ?? 60_000;
    this.execArgv = opts.execArgv ?? [];
  }

  private start(): Child {
    if (this.child) return this.child;
    const process = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${HEAP_MB}`, ...this.execArgv],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    let setReady: (ok: boolean) => void = () => undefined;
    const ready = new Promise<boolean>((resolve) => (setReady = resolve));
    const startTimer = setTimeout(() => {
      setReady(false);
      if (this.child === child) this.child = null;
      process.kill('SIGKILL');
    }, this.startupMs);
    void ready.then(() => clearTimeout(startTimer));
    // Each reader process answers only its own requests: one killed after a timeout must not
    // fail the requests of the process that replaced it.
    const child: Child = { process, pending: new Map<number, (r: PdfTextResult) => void>(), ready };
    process.on('message', (m: ({ id: number } & PdfTextResult) | { ready: true }) => {
      if ('ready' in m) return setReady(true);
      const done = child.pending.get(m.id);
      if (!done) return;
      child.pending.delete(m.id);
      const { id: _id, ...r } = m;
      done(r as PdfTextResult);
    });
    process.on('exit', (code, signal) => {
      setReady(false);
      if (this.child === child) this.child = null;
      for (const [, done] of child.pending)
        done({ ok: false, kind: 'crashed', message: `reader exited (${signal ?? code})` });
      child.pending.clear();
    });
    process.on('error', () => undefined);
    this.child = child;
    return child;
  }

  /** The text of the first `maxPages` pages of the PDF at `path`, within `timeoutMs` of reading. */
  async read(path: string, maxPages: number, timeoutMs: number): Promise<PdfTextResult> {
    const child = this.start();
    if (!(await child.ready))
      return { ok: false, kind: 'crashed', message: `reader did not start within ${this.startupMs} ms` };
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
