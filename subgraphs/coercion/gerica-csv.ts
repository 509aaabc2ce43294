/**
 * Streams a Gerica CSV export (ISO-8859-1, `;`, CRLF, quoted multi-line fields) record
 * by record, with the physical line each record starts on and its raw bytes, so bad
 * records can be quarantined exactly as they were in the file.
 */
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  fields: string[];
  /** The record's bytes in the file, without its CRLF terminator. */
  raw: Buffer;
}

export type CsvItem =
  | { kind: 'header'; fields: string[] }
  | { kind: 'record'; record: CsvRecord }
  /** The parser could not continue: the rest of the file from `line` on. */
  | { kind: 'unparseable'; line: number; reason: string; raw: Buffer };

/** Latin1 text never contains C1 control characters; UTF-8 read as latin1 shows up as Ã/Â + a C1/Latin-1 byte. */
export function notLatin1Text(raw: Buffer): string | null {
  for (const b of raw) {
    if (b >= 0x80 && b <= 0x9f) return 'not ISO-8859-1 text (C1 control byte; UTF-8 or Windows-1252?)';
  }
  if (/[\u00c2\u00c3][\u00a0-\u00bf]/.test(raw.toString('latin1')))
    return 'not ISO-8859-1 text (looks like UTF-8)';
  return null;
}

export async function* readGericaCsv(path: string): AsyncGenerator<CsvItem> {
  const parser = createReadStream(path)
    .pipe(iconv.decodeStream('latin1'))
    .pipe(
      parse({ delimiter: ';', record_delimiter: '\r\n', raw: true, relax_column_count: true, bom: false }),
    );
  let line = 1;
  let offset = 0;
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      // csv-parse leaves the record delimiter's last character out of `raw` (and sometimes keeps '\r').
      const text = item.raw.replace(/\r?\n?$/, '').replace(/\r$/, '');
      const raw = iconv.encode(text, 'latin1');
      const startLine = line;
      const consumed = text.length + 2; // + CRLF
      line += (text.match(/\n/g) ?? []).length + 1;
      offset += consumed;
      if (first) {
        first = false;
        yield { kind: 'header', fields: item.record.map((f) => f.trim()) };
        continue;
      }
      yield { kind: 'record', record: { line: startLine, fields: item.record, raw } };
    }
  } catch (err) {
    const rest = await readFrom(path, offset);
    yield {
      kind: 'unparseable',
      line,
      reason: `CSV could not be parsed from here to the end of the file: ${(err as Error).message}`,
      raw: rest,
    };
  }
}

async function readFrom(path: string, start: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(path, { start })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
