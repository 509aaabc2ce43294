/**
 * Gerica exports written by hand for tests, as lib/import/gerica-csv.ts reads them
 * (ISO-8859-1, `;`, CRLF): the headers, a folder of files, and rows of journalnotater.csv and
 * vedtak.csv. dev/journal-exports.ts writes whole generated exports; these are for a test
 * that needs a few rows it chose.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOTES_HEADER =
  'NotatID;PasientID;Fodselsnr;Navn;Dato;Klokkeslett;Tjeneste;Notattype;ForfatterHPR;ForfatterNavn;Tekst';
export const VEDTAK_HEADER =
  'VedtakID;PasientID;Fodselsnr;Vedtakstype;Hjemmel;Tiltak;GyldigFra;GyldigTil;VedtattDato;GodkjentStatsforvalterDato;Begrunnelse';

/** A folder `dir/name` holding the given files, each line joined by CRLF and written as latin1. */
export function gericaFolder(dir: string, name: string, files: Record<string, string[]>): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const [file, lines] of Object.entries(files))
    writeFileSync(join(d, file), Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
  return d;
}

/** A journalnotater.csv row (Tekst quoted). */
export const noteRow = (notatId: string, pasientId: string, fnr: string, text: string) =>
  `${notatId};${pasientId};${fnr};Sporvik, Tone;01.03.2015;10:00;Hjemmetjeneste;Journalnotat;;Kari Holm;"${text}"`;

/** A vedtak.csv row of a service decision (praktisk bistand), Begrunnelse quoted. */
export const serviceRow = (id: string, pasientId: string, fnr: string, text: string) =>
  `${id};${pasientId};${fnr};Praktisk bistand;Hol. § 3-2;Hjemmehjelp;01.01.2015;;15.12.2014;;"${text}"`;
