/**
 * Gerica journalnotater.csv: ISO-8859-1, `;`-separated, CRLF, quoted multi-line fields,
 * read by the shared Gerica CSV reader (lib/import/gerica-csv.ts: quote-parity framing,
 * resync at the next record after a broken one, record size cap). Every record is
 * validated; what fails is quarantined with its raw bytes.
 */
import { DEFAULT_LIMITS } from '../../../lib/config';
import { readGericaCsv } from '../../../lib/import/gerica-csv';
import { parsePersonId, type FhNumberInfo, type NationalIdInfo } from '../../../lib/national-id';
import { osloLocalRead } from '../../../lib/oslo-time';
import { entryIdFor, normaliseText, quarantine, type ImportItem, type PatientRecord } from './records';

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

/** UTF-8 bytes read as latin1 show up as Ã/Â followed by a C1 or Latin-1 supplement character. */
const MOJIBAKE = /[ÃÂ][\u0080-\u00BF]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Dato and Klokkeslett (Oslo local time, no offset): the instant, and how a daylight-saving gap or overlap was read. */
export function readGericaDate(date: string, time: string): { iso: string; note?: string } | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(date);
  if (!m) return null;
  return osloLocalRead(`${m[3]}-${m[2]}-${m[1]}`, time);
}

/**
 * What a Gerica row's Fodselsnr says of its person, for both Gerica readers (journalnotater.csv
 * here, vedtak.csv in gerica-decisions.ts): an H-nummer is this source's number only
 * (lib/national-id.ts; records.ts patientIdFor), so it is the record's helpNumber, never its
 * national id; an FH-nummer carries neither birth date nor sex, and Gerica's export has no
 * column for them: unknown until a source that has them (HP, Profil) fills them in.
 */
export function gericaPersonFields(
  fnr: string,
  nid: NationalIdInfo | FhNumberInfo,
): Pick<PatientRecord, 'nationalId' | 'helpNumber' | 'birthDate' | 'gender'> {
  return {
    nationalId: nid.kind === 'h-nummer' ? null : fnr,
    helpNumber: nid.kind === 'h-nummer' ? fnr : null,
    birthDate: nid.birthDate,
    gender: nid.kind === 'fh-nummer' ? null : Number(fnr[8]) % 2 === 0 ? 'female' : 'male',
  };
}

/** Reads journalnotater.csv into import items. Throws only when the file itself is unreadable. */
export async function* readGericaJournal(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
): AsyncGenerator<ImportItem> {
  let header: string[] | null = null;
  let recordNo = 0;
  /** Each PasientID's Fodselsnr and the line it was first read on in this export (below). */
  const seenPatients = new Map<string, { fnr: string; line: number; navn: string }>();
  for await (const item of readGericaCsv(path, {
    recordStart: RECORD_START,
    maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes,
    onBytes,
  })) {
    if (item.kind === 'header') {
      header = item.fields;
      const missing = GERICA_COLUMNS.filter((c, i) => header![i] !== c);
      if (missing.length)
        throw new Error(
          `${path}: not a Gerica journalnotater export (header differs at ${missing.join(', ')})`,
        );
      continue;
    }
    if (!header) continue;
    recordNo++;
    const { raw, line } = item;
    const q = (reason: string, detail: string) => quarantine(reason, detail, raw, line, recordNo);
    if (item.kind === 'broken') {
      yield q(item.reason, item.detail);
      continue;
    }
    const text = raw.toString('latin1');
    if (MOJIBAKE.test(text)) {
      yield q('encoding', 'UTF-8 bytes in an ISO-8859-1 file');
      continue;
    }
    if (CONTROL.test(text.replace(/\r\n/g, ''))) {
      yield q('encoding', 'control characters that ISO-8859-1 text does not contain');
      continue;
    }
    const fields = item.fields;
    if (fields.length !== header.length) {
      yield q('column-count', `${fields.length} fields, header has ${header.length}`);
      continue;
    }
    const [notatId, pasientId, fnr, navn, dato, klokke, tjeneste, notattype, hpr, forfatter, tekst] =
      fields as [string, string, string, string, string, string, string, string, string, string, string];
    // A row whose NotatID reads is a version of that note, whatever else is wrong with it: it
    // names the note, and loses its bytes when the note is deleted (helsepersonelloven § 43,
    // mutations.ts removeQuarantinedLines; found after review s30: it kept the deleted text).
    const noteId = /^\d{7}$/.test(notatId) ? entryIdFor('GERICA', notatId) : undefined;
    const qn = (reason: string, detail: string) => ({
      ...q(reason, detail),
      ...(noteId ? { entryId: noteId } : {}),
    });
    if (!noteId || !/^\d{5}$/.test(pasientId)) {
      yield qn('identifier', 'NotatID must be 7 digits and PasientID 5');
      continue;
    }
    const nid = parsePersonId(fnr);
    if ('error' in nid) {
      yield qn('national-id', nid.error);
      continue;
    }
    if (!/^\d{2}:\d{2}$/.test(klokke)) {
      yield qn('time', `Klokkeslett "${klokke}" is not HH:MM`);
      continue;
    }
    const read = readGericaDate(dato, klokke);
    if (!read) {
      yield qn('date', `Dato/Klokkeslett "${dato} ${klokke}" is not a real local date and time`);
      continue;
    }
    if (hpr && !/^\d{7}$/.test(hpr)) {
      yield qn('identifier', 'ForfatterHPR must be 7 digits');
      continue;
    }
    if (!tekst.trim()) {
      yield qn('empty-text', 'Tekst is empty');
      continue;
    }

    // One PasientID, one person: a row whose Fodselsnr is not the one its PasientID has on an
    // earlier row of the export names another person (helsepersonelloven § 21,
    // pasientjournalloven § 22; review s33: it was filed silently under the first row's person).
    // Neither is known to be right, so it is quarantined, the reason naming the other line.
    const first = seenPatients.get(pasientId);
    if (first && first.fnr !== fnr) {
      yield qn(
        'national-id',
        `Fodselsnr differs from the one PasientID ${pasientId} has on line ${first.line} of this export: filed under neither`,
      );
      continue;
    }
    const ref = { sourceSystem: 'GERICA' as const, localId: pasientId };
    // The patient as the row states it: on its first row, and again on a row whose Navn differs
    // from the last one stated (a name changed within the export: the later row states it as the
    // source has it now). The writer keeps the later statement as current and an earlier one once
    // as a version (writer.ts ExportDuplicates statementOf). Hardening review s42: only the first
    // row's name was read, so an export in date order stated the person's earlier name, and the
    // later one was lost. A row with no Navn says nothing of the name (as writer.ts NAMED).
    if (!first || (navn.trim() && first.navn !== navn)) {
      seenPatients.set(pasientId, { fnr, line: first?.line ?? line, navn });
      const [family, given] = navn.split(',').map((s) => s.trim());
      const patient: PatientRecord = {
        kind: 'patient',
        ...ref,
        ...gericaPersonFields(fnr, nid),
        familyName: family ?? navn,
        givenName: given ?? '',
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
      writtenAt: read.iso,
      // A time in the spring gap or the autumn overlap: how it was read, kept and shown
      // (lib/oslo-time.ts, the coercion importer's rule).
      timeNotes: read.note ? [`Klokkeslett: ${read.note}`] : [],
      text: normaliseText(tekst),
      status: 'current',
      replacesSourceId: null,
      correctionReason: null,
      careContactSourceId: null,
      copy: null,
      // The record's bytes: what the writer quarantines if it does not store it (a NotatID twice).
      source: { raw, line, recordNo },
    };
  }
}
