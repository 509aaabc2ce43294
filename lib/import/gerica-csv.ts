/**
 * The one Gerica CSV reader (journalnotater.csv, vedtak.csv, tvangsprotokoll.csv): ISO-8859-1,
 * `;`-separated, CRLF, quoted multi-line fields. Used by the journal and the coercion
 * importers; it is a source-format reader, so it lives here rather than in either subgraph.
 *
 * Physical CRLF lines are framed into records by quote parity. A broken record is
 * quarantined and reading resyncs at the next line that starts a record (`recordStart`,
 * e.g. `NotatID;PasientID;` digits), so one unclosed quote does not take the rest of the
 * file with it. A record over the size cap is yielded as `broken` with its first bytes and
 * reading goes on, in bounded memory. Each record's fields are parsed by csv-parse.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { DEFAULT_HEAD_BYTES, readLines, type Line } from './lines';

/**
 * Gerica's vedtak.csv columns, in order: one export read by two rooms (the journal imports
 * the service decisions, coercion the "Tvang og makt" ones).
 */
export const GERICA_VEDTAK_COLUMNS = [
  'VedtakID',
  'PasientID',
  'Fodselsnr',
  'Vedtakstype',
  'Hjemmel',
  'Tiltak',
  'GyldigFra',
  'GyldigTil',
  'VedtattDato',
  'GodkjentStatsforvalterDato',
  'Begrunnelse',
] as const;

export type GericaCsvItem =
  | { kind: 'header'; line: number; fields: string[] }
  /** `raw`: the record's bytes in the file, without its CRLF terminator. */
  | { kind: 'record'; line: number; fields: string[]; raw: Buffer }
  | { kind: 'broken'; line: number; reason: 'quoting' | 'record-size'; detail: string; raw: Buffer };

export interface GericaCsvOptions {
  /** A line that begins a new record (tested on the line's first bytes, read as latin1). */
  recordStart: RegExp;
  /** A record larger than this is quarantined with its first bytes (IMPORT_MAX_RECORD_BYTES). */
  maxRecordBytes: number;
  onBytes?: (n: number) => void;
}

const CRLF = Buffer.from('\r\n');

/** Latin1 text never contains C1 control characters; UTF-8 read as latin1 shows up as Ã/Â + a C1/Latin-1 byte. */
export function notLatin1Text(raw: Buffer): string | null {
  for (const b of raw) {
    if (b >= 0x80 && b <= 0x9f) return 'not ISO-8859-1 text (C1 control byte; UTF-8 or Windows-1252?)';
  }
  if (/[\u00c2\u00c3][\u00a0-\u00bf]/.test(raw.toString('latin1')))
    return 'not ISO-8859-1 text (looks like UTF-8)';
  return null;
}

/**
 * The encoding a byte order mark at the start of a file names, or null. Gerica writes
 * ISO-8859-1 without one; read as ISO-8859-1, a file saved again as UTF-8 with a BOM (Excel's
 * "CSV UTF-8") or as UTF-16 was refused as "header differs at NotatID", a column it has (found
 * in review s45).
 */
export function byteOrderMark(head: Buffer): 'UTF-8' | 'UTF-16' | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'UTF-8';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'UTF-16';
  return null;
}

export async function* readGericaCsv(path: string, opts: GericaCsvOptions): AsyncGenerator<GericaCsvItem> {
  const max = opts.maxRecordBytes;
  let parts: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  let head: Buffer = Buffer.alloc(0);
  let firstLine = 0;
  let open = false;
  let headerSeen = false;

  const startsRecord = (b: Buffer) => opts.recordStart.test(b.subarray(0, 200).toString('latin1'));
  const reset = () => {
    parts = [];
    size = 0;
    tooBig = false;
    head = Buffer.alloc(0);
    open = false;
  };
  const emit = (brokenQuote: boolean): GericaCsvItem | null => {
    const line = firstLine;
    if (tooBig) {
      const item: GericaCsvItem = {
        kind: 'broken',
        line,
        reason: 'record-size',
        detail: `record is ${size} bytes, over the limit of ${max}; its first ${head.length} bytes are kept`,
        raw: head,
      };
      reset();
      return item;
    }
    const raw = Buffer.concat(parts, size);
    reset();
    if (!headerSeen) {
      headerSeen = true;
      const bom = byteOrderMark(raw);
      if (bom)
        throw new Error(
          `${path}: starts with a ${bom} byte order mark: a Gerica export is ISO-8859-1 (Latin-1), without one, as Gerica writes it; this file was saved again in another encoding (Excel's "CSV UTF-8" writes one). Export it again from Gerica, or save it as ISO-8859-1`,
        );
      return {
        kind: 'header',
        line,
        fields: raw
          .toString('latin1')
          .split(';')
          .map((f) => f.trim()),
      };
    }
    if (!raw.toString('latin1').trim()) return null;
    if (brokenQuote)
      return {
        kind: 'broken',
        line,
        reason: 'quoting',
        detail: 'a quoted field is not closed before the next record starts',
        raw,
      };
    try {
      const rows = parseCsv(raw.toString('latin1'), {
        delimiter: ';',
        relax_column_count: true,
        record_delimiter: '\r\n',
      }) as string[][];
      if (rows.length !== 1)
        return {
          kind: 'broken',
          line,
          reason: 'quoting',
          detail: `record parses into ${rows.length} rows`,
          raw,
        };
      return { kind: 'record', line, fields: rows[0]!, raw };
    } catch (err) {
      return { kind: 'broken', line, reason: 'quoting', detail: (err as Error).message.split('\n')[0]!, raw };
    }
  };
  const add = (l: Line) => {
    if (!parts.length && !tooBig) firstLine = l.line;
    const piece = l.oversized ? l.head : l.bytes;
    const pieceSize = l.oversized ? l.size : piece.length;
    const sep = size || tooBig ? CRLF.length : 0;
    if (!tooBig && !l.oversized && size + sep + pieceSize <= max) {
      if (sep) parts.push(CRLF);
      parts.push(piece);
      size += sep + pieceSize;
      return;
    }
    if (!tooBig) {
      head = Buffer.concat([...parts, sep ? CRLF : Buffer.alloc(0), piece]).subarray(0, DEFAULT_HEAD_BYTES);
      head = Buffer.from(head);
      parts = [];
      tooBig = true;
    }
    size += sep + pieceSize;
  };

  // A line itself may be over the cap: readLines keeps its head only.
  for await (const l of readLines(path, {
    mode: 'crlf',
    maxBytes: max,
    onBytes: opts.onBytes,
    countQuotes: true,
  })) {
    const probe = l.oversized ? l.head : l.bytes;
    if (open && headerSeen && startsRecord(probe)) {
      // A new record starts while the previous one still has an open quote: that one is broken.
      const item = emit(true);
      if (item) yield item;
    }
    add(l);
    if (l.quotes % 2 === 1) open = !open;
    if (!open) {
      const item = emit(false);
      if (item) yield item;
    }
  }
  if (parts.length || tooBig) {
    const item = emit(open);
    if (item) yield item;
  }
  if (!headerSeen) throw new Error(`${path}: empty file`);
}
