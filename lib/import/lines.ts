/**
 * Line framing for source exports, in bounded memory. A line longer than the cap (a 600 MB
 * NDJSON line crashed the import with `RangeError: Invalid string length`) is not kept: the
 * reader yields its first bytes and its size so the importer can quarantine it, and goes on
 * with the next line. Each byte of a kept line is copied once, when the line is complete
 * (no buffer re-copied per chunk).
 *
 * - `lf`: NDJSON. A line ends at LF; a CR before it is dropped.
 * - `crlf`: Gerica CSV. A line ends at CRLF only; a lone LF stays inside the line (quoted
 *   multi-line fields), also when CR and LF fall in different chunks.
 */
import { createReadStream } from 'node:fs';

export const DEFAULT_HEAD_BYTES = 4096;

export type Line =
  | { line: number; bytes: Buffer; oversized?: undefined; quotes: number }
  /** The line had `size` bytes, over the cap; `head` is its first bytes. */
  | { line: number; oversized: true; size: number; head: Buffer; quotes: number };

export interface LineOptions {
  mode: 'lf' | 'crlf';
  maxBytes: number;
  headBytes?: number;
  onBytes?: (n: number) => void;
  /** Read size (tests use tiny ones to put CR and LF in different chunks). */
  chunkBytes?: number;
  /** Count `"` over the whole line, kept or not (`quotes`; 0 when off). */
  countQuotes?: boolean;
}

function countQuotes(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x22); i >= 0; i = b.indexOf(0x22, i + 1)) n++;
  return n;
}

export async function* readLines(path: string, opts: LineOptions): AsyncGenerator<Line> {
  const headBytes = Math.min(opts.headBytes ?? DEFAULT_HEAD_BYTES, opts.maxBytes);
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let lastByte = -1; // last byte of the current line so far (to see a CR before an LF across chunks)
  let line = 0;
  let quotes = 0;

  const append = (seg: Buffer) => {
    if (!seg.length) return;
    lastByte = seg[seg.length - 1]!;
    if (opts.countQuotes) quotes += countQuotes(seg);
    const before = size;
    size += seg.length;
    if (oversized) return;
    if (size > opts.maxBytes) {
      oversized = true;
      // Keep only the head: what we hold plus what this segment adds to it.
      const held = Buffer.concat(parts, before);
      parts = [
        Buffer.concat([held, seg.subarray(0, Math.max(0, headBytes - held.length))]).subarray(0, headBytes),
      ];
      return;
    }
    parts.push(seg);
  };
  const finish = (dropTrailingCr: boolean): Line => {
    line++;
    let out: Line;
    if (oversized)
      out = { line, oversized: true, size, head: Buffer.from(parts[0] ?? Buffer.alloc(0)), quotes };
    else {
      // A copy: a kept line (quarantine raw) must not pin the 1 MiB chunk it came from.
      let bytes = Buffer.concat(parts, size);
      if (dropTrailingCr && bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
      out = { line, bytes, quotes };
    }
    parts = [];
    size = 0;
    oversized = false;
    lastByte = -1;
    quotes = 0;
    return out;
  };

  for await (const chunk of createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 20 })) {
    const buf = chunk as Buffer;
    opts.onBytes?.(buf.length);
    let start = 0;
    for (;;) {
      const i = buf.indexOf(0x0a, start);
      if (i < 0) break;
      if (opts.mode === 'lf') {
        append(buf.subarray(start, i));
        yield finish(true);
      } else {
        const crBefore = i > start ? buf[i - 1] === 0x0d : lastByte === 0x0d;
        if (crBefore) {
          if (i > start) append(buf.subarray(start, i - 1));
          else {
            // The CR is the last byte held: drop it.
            if (!oversized) {
              const last = parts[parts.length - 1]!;
              parts[parts.length - 1] = last.subarray(0, -1);
            }
            size--;
          }
          yield finish(false);
        } else {
          append(buf.subarray(start, i + 1)); // a lone LF inside a field
        }
      }
      start = i + 1;
    }
    if (start < buf.length) append(buf.subarray(start));
  }
  if (size > 0) yield finish(opts.mode === 'lf');
}

/** Strict UTF-8: the text, or null when the bytes are not valid UTF-8 (never U+FFFD in their place). */
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
const utf8 = new TextDecoder('utf-8', { fatal: true });
