/**
 * Gerica journalnotater.csv: ISO-8859-1, `;`-separated, CRLF, quoted multi-line fields.
 * Physical lines are framed into records by quote parity (with a resync when a line that
 * starts a new record appears inside an unclosed quote); each record's fields are parsed
 * by csv-parse. Every record is validated; what fails is quarantined with its raw bytes.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { parseNationalId } from '../../../lib/national-id';
import { osloLocalToIso } from '../../../lib/oslo-time';
import { normaliseText, quarantine, type ImportItem, type PatientRecord } from './records';

export const GERICA_COLUMNS = [
  'NotatID',
  'PasientID',
  'Fodselsnr',
  'Navn',
  'Dato',
  'Klokkeslett',
  'Tjeneste',
  'Notattype',
  'ForfatterHPR',
  'ForfatterNavn',
  'Tekst',
] as const;

/** A line that begins a new journalnotat record: NotatID (7 digits);PasientID (5 digits); */
const RECORD_START = /^\d{7};\d{5};/;

/** Splits a byte stream on CRLF (a lone LF inside a field is kept), yielding raw lines with their line numbers. */
export async function* crlfLines(
  path: string,
  onBytes?: (n: number) => void,
): AsyncGenerator<{ bytes: Buffer; line: number }> {
  let rest = Buffer.alloc(0);
  let line = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    onBytes?.((chunk as Buffer).length);
    let buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (;;) {
      const i = buf.indexOf('\r\n', start);
      if (i < 0) break;
      line++;
      yield { bytes: buf.subarray(start, i), line };
      start = i + 2;
    }
    rest = Buffer.from(buf.subarray(start));
    buf = rest;
  }
  if (rest.length) yield { bytes: rest, line: line + 1 };
}

function quoteCount(b: Buffer): number {
  let n = 0;
  for (const c of b) if (c === 0x22) n++;
  return n;
}

/** Frames physical lines into CSV records. */
export async function* gericaRecords(
  path: string,
  onBytes?: (n: number) => void,
): AsyncGenerator<{ raw: Buffer; line: number; brokenQuote: boolean }> {
  let parts: Buffer[] = [];
  let firstLine = 0;
  let open = false;
  for await (const { bytes, line } of crlfLines(path, onBytes)) {
    if (open && RECORD_START.test(bytes.toString('latin1'))) {
      // A new record starts while the previous one still has an open quote: that one is broken.
      yield { raw: Buffer.concat(joinCrlf(parts)), line: firstLine, brokenQuote: true };
      parts = [];
      open = false;
    }
    if (!parts.length) firstLine = line;
    parts.push(bytes);
    if (quoteCount(bytes) % 2 === 1) open = !open;
    if (!open) {
      yield { raw: Buffer.concat(joinCrlf(parts)), line: firstLine, brokenQuote: false };
      parts = [];
    }
  }
  if (parts.length) yield { raw: Buffer.concat(joinCrlf(parts)), line: firstLine, brokenQuote: open };
}

function joinCrlf(parts: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i) out.push(Buffer.from('\r\n'));
    out.push(p);
  });
  return out;
}

/** UTF-8 bytes read as latin1 show up as Ã/Â followed by a C1 or Latin-1 supplement character. */
const MOJIBAKE = /[ÃÂ][\u0080-\u00BF]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function parseGericaDate(date: string, time: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(date);
  if (!m) return null;
  return osloLocalToIso(`${m[3]}-${m[2]}-${m[1]}`, time);
}

/** Reads journalnotater.csv into import items. Throws only when the file itself is unreadable. */
export async function* readGericaJournal(
  path: string,
  onBytes?: (n: number) => void,
): AsyncGenerator<ImportItem> {
  let header: string[] | null = null;
  let recordNo = 0;
  const seenPatients = new Set<string>();
  for await (const { raw, line, brokenQuote } of gericaRecords(path, onBytes)) {
    const text = raw.toString('latin1');
    if (!header) {
      header = text.split(';');
      const missing = GERICA_COLUMNS.filter((c, i) => header![i] !== c);
      if (missing.length)
        throw new Error(
          `${path}: not a Gerica journalnotater export (header differs at ${missing.join(', ')})`,
        );
      continue;
    }
    if (!text.trim()) continue;
    recordNo++;
    const q = (reason: string, detail: string) => quarantine(reason, detail, raw, line, recordNo);
    if (brokenQuote) {
      yield q('quoting', 'a quoted field is not closed before the next record starts');
      continue;
    }
    if (MOJIBAKE.test(text)) {
      yield q('encoding', 'UTF-8 bytes in an ISO-8859-1 file');
      continue;
    }
    if (CONTROL.test(text.replace(/\r\n/g, ''))) {
      yield q('encoding', 'control characters that ISO-8859-1 text does not contain');
      continue;
    }
    let fields: string[];
    try {
      const rows = parseCsv(text, {
        delimiter: ';',
        relax_column_count: true,
        record_delimiter: '\r\n',
      }) as string[][];
      if (rows.length !== 1) {
        yield q('quoting', `record parses into ${rows.length} rows`);
        continue;
      }
      fields = rows[0]!;
    } catch (err) {
      yield q('quoting', (err as Error).message.split('\n')[0]!);
      continue;
    }
    if (fields.length !== header.length) {
      yield q('column-count', `${fields.length} fields, header has ${header.length}`);
      continue;
    }
    const [notatId, pasientId, fnr, navn, dato, klokke, tjeneste, notattype, hpr, forfatter, tekst] =
      fields as [string, string, string, string, string, string, string, string, string, string, string];
    if (!/^\d{7}$/.test(notatId) || !/^\d{5}$/.test(pasientId)) {
      yield q('identifier', 'NotatID must be 7 digits and PasientID 5');
      continue;
    }
    const nid = parseNationalId(fnr);
    if ('error' in nid) {
      yield q('national-id', nid.error);
      continue;
    }
    if (!/^\d{2}:\d{2}$/.test(klokke)) {
      yield q('time', `Klokkeslett "${klokke}" is not HH:MM`);
      continue;
    }
    const writtenAt = parseGericaDate(dato, klokke);
    if (!writtenAt) {
      yield q('date', `Dato/Klokkeslett "${dato} ${klokke}" is not a real local date and time`);
      continue;
    }
    if (hpr && !/^\d{7}$/.test(hpr)) {
      yield q('identifier', 'ForfatterHPR must be 7 digits');
      continue;
    }
    if (!tekst.trim()) {
      yield q('empty-text', 'Tekst is empty');
      continue;
    }

    const ref = { sourceSystem: 'GERICA' as const, localId: pasientId };
    if (!seenPatients.has(pasientId)) {
      seenPatients.add(pasientId);
      const [family, given] = navn.split(',').map((s) => s.trim());
      const patient: PatientRecord = {
        kind: 'patient',
        ...ref,
        nationalId: fnr,
        familyName: family ?? navn,
        givenName: given ?? '',
        birthDate: nid.birthDate,
        gender: Number(fnr[8]) % 2 === 0 ? 'female' : 'male',
        deathDate: null,
        deathDateCertain: null,
      };
      yield patient;
    }
    yield {
      kind: 'entry',
      sourceSystem: 'GERICA',
      sourceId: notatId,
      patient: ref,
      type: notattype,
      service: tjeneste || null,
      authorName: forfatter || null,
      authorHpr: hpr || null,
      authorPractitionerId: null,
      writtenAt,
      text: normaliseText(tekst),
      status: 'current',
      replacesSourceId: null,
      correctionReason: null,
      careContactSourceId: null,
      copy: null,
    };
  }
  if (!header) throw new Error(`${path}: empty file`);
}
