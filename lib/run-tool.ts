/**
 * Runs a command-line tool of the project (pdftoppm, pdftotext, tesseract: installed by
 * `scripts/services.sh tools`) with a time limit, an address-space limit (prlimit, where it is
 * installed) and one thread, and its first error line as the error. Used by the archive's text
 * extraction (subgraphs/archive/doctext) and the evidence bundle's redacted copies
 * (lib/bundle/redact-file.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Address space of one run. */
const MEMORY_BYTES = 2 * 1024 * 1024 * 1024;

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));

export class ToolMissing extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed`);
  }
}

export function runTool(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string }> {
  const [file, argv] = PRLIMIT ? [PRLIMIT, [`--as=${MEMORY_BYTES}`, '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    execFile(
      file,
      argv,
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        // One thread per run: the machine's cores are shared with the service.
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        if (e.code === 'ENOENT') return reject(new ToolMissing(cmd));
        if (e.killed && e.signal === 'SIGKILL')
          return reject(new Error(`${cmd} took longer than ${timeoutMs} ms`));
        const first =
          String(stderr)
            .split('\n')
            .find((l) => l.trim()) ?? e.message;
        reject(new Error(`${cmd} failed: ${first.slice(0, 200)}`));
      },
    );
  });
}
