/**
 * Norwegian national identity numbers: fødselsnummer and D-nummer, 11 digits
 * DDMMYYIIIKK with two mod-11 check digits. Synthetic test numbers add 80 to the month.
 *
 * The health services' help numbers have the same form (Direktoratet for e-helse's person
 * identifiers; a record must say whose it is, pasientjournalloven § 22, helsepersonelloven § 40):
 * - FH-nummer (felles hjelpenummer): first digit 8 or 9, two check digits, no birth date; one
 *   number for the person in every health service, given when the fødselsnummer or D-number is
 *   not known. Not a national id: parseNationalId refuses it, saying so; parsePersonId (the
 *   journal importers') accepts it as a person identifier of its own kind, without a birth date.
 * - H-nummer (hjelpenummer): the third digit + 4 (month + 40), given by one institution for a
 *   person it cannot identify otherwise, and meaningful only there: kind `h-nummer` (it still
 *   encodes a birth date). Never a person's number across sources: the journal keys such a
 *   patient by its source (import/records.ts patientIdFor), and it is no national id there.
 *   Where a caller names a person by national id (access requests, matters and the seeds the
 *   policy stores, lookups by national id, CLI arguments), `parseGivenNationalId` refuses it,
 *   saying to give the patient record id: as a national id it reached every source's records of
 *   the same number, another institution's person among them. The importers read it as before
 *   (parseNationalId, parsePersonId: that is how the journal gets Patient.helpNumber).
 */
import { realDate } from './oslo-time';

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return null;
  return k;
}

export interface NationalIdInfo {
  kind: 'fodselsnummer' | 'd-nummer' | 'h-nummer';
  synthetic: boolean;
  birthDate: string;
}

/** An FH-nummer (felles hjelpenummer): a person identifier that carries no birth date. */
export interface FhNumberInfo {
  kind: 'fh-nummer';
  synthetic: false;
  birthDate: null;
}

export const FH_NUMBER_ERROR =
  "FH-nummer (felles hjelpenummer): a help number without a birth date, not a fødselsnummer or D-number; give the person's fødselsnummer or D-number, or import the person from a journal source (HP, Gerica, Profil), which keeps FH-numbers";

export const H_NUMBER_ERROR =
  'H-nummer (hjelpenummer): a number one institution gives a person it cannot identify otherwise, meaningful only within that institution, not a fødselsnummer or D-number; give the patient record id (the journal record the institution keeps under that number)';

const isFhNumber = (id: string) => /^[89]\d{10}$/.test(id);

/** Validates both check digits and the encoded date; returns what the number says, or an error text. */
export function parseNationalId(id: string): NationalIdInfo | { error: string } {
  if (!/^\d{11}$/.test(id)) return { error: 'national id must be 11 digits' };
  const d = [...id].map(Number);
  const k1 = checkDigit(d.slice(0, 9), W1);
  const k2 = k1 === null ? null : checkDigit([...d.slice(0, 9), k1], W2);
  if (k1 === null || k2 === null || k1 !== d[9] || k2 !== d[10])
    return { error: 'national id check digits are wrong' };
  if (isFhNumber(id)) return { error: FH_NUMBER_ERROR };
  let day = Number(id.slice(0, 2));
  let month = Number(id.slice(2, 4));
  const yy = Number(id.slice(4, 6));
  const individual = Number(id.slice(6, 9));
  const synthetic = month > 80;
  // An H-nummer: the third digit + 4, month + 40 (header); a D-number is read by its day first.
  const kind = day > 40 ? 'd-nummer' : !synthetic && month > 40 ? 'h-nummer' : 'fodselsnummer';
  if (day > 40) day -= 40;
  if (synthetic) month -= 80;
  else if (month > 40) month -= 40;
  // The century by the individual number (Skatteetaten's allocation rule for the Folkeregister,
  // folkeregisterloven § 2-2): 000–499 1900–1999; 500–749 with a year 54–99 1854–1899; 900–999
  // with 40–99 1940–1999; 500–999 with 00–39 2000–2039. The rule gives out no number for a year
  // 40–99 with 500–749 below 54 or with 750–899: read as 2040–2099 before (found in review s32),
  // such a number gave a birth in the future and an age window of nobody's life.
  let century: number;
  if (individual < 500) century = 1900;
  else if (individual < 750 && yy >= 54) century = 1800;
  else if (individual >= 900 && yy >= 40) century = 1900;
  else if (yy < 40) century = 2000;
  else return { error: "national id's individual number is not given out for its birth year" };
  const year = century + yy;
  const birthDate = realDate(year, month, day);
  if (!birthDate) return { error: 'national id encodes no real date' };
  return { kind, synthetic, birthDate };
}

/**
 * A person identifier as the journal importers accept it: a national id (parseNationalId), or
 * an FH-nummer, valid by the same two check digits, which has no birth date (the record's own
 * birth date is the person's). Never for a caller that needs a fødselsnummer or D-number.
 */
export function parsePersonId(id: string): NationalIdInfo | FhNumberInfo | { error: string } {
  const info = parseNationalId(id);
  if ('error' in info && info.error === FH_NUMBER_ERROR)
    return { kind: 'fh-nummer', synthetic: false, birthDate: null };
  return info;
}

/**
 * A national id as a caller gives it to name a person (access requests, matters, policy seeds,
 * lookups, CLI arguments): a fødselsnummer or D-number (parseNationalId), never an H-nummer,
 * which names a person within one institution only (H_NUMBER_ERROR; pasientjournalloven § 22).
 * Never for an importer, which reads the H-nummer a source file gives (parsePersonId).
 */
export function parseGivenNationalId(id: string): NationalIdInfo | { error: string } {
  const info = parseNationalId(id);
  if (!('error' in info) && info.kind === 'h-nummer') return { error: H_NUMBER_ERROR };
  return info;
}

/**
 * An H-nummer as SQL reads a stored one (a POSIX regular expression): day 01-39, month + 40
 * (41-52). On a stored number (valid check digits) it holds exactly where isHNumber does
 * (national-id.test.ts); the coercion statistics and archive.is_h_number (archive migration 027)
 * use it.
 */
export const H_NUMBER_PATTERN = '^[0-3][0-9](4[1-9]|5[0-2])[0-9]{7}$';

/** Whether an 11-digit number is a valid H-nummer (parseNationalId kind `h-nummer`). */
export function isHNumber(id: string): boolean {
  const info = parseNationalId(id);
  return !('error' in info) && info.kind === 'h-nummer';
}

export function isValidNationalId(id: string): boolean {
  return !('error' in parseNationalId(id));
}

/**
 * Makes a valid synthetic number (month + 80) for a birth date, trying individual
 * numbers from `start` upwards until the check digits work out.
 */
export function makeSyntheticNationalId(
  birthDate: string,
  start: number,
  female: boolean,
  dNumber = false,
): string {
  const [y, m, dd] = birthDate.split('-').map(Number) as [number, number, number];
  const base = y >= 2000 ? 500 : 0;
  for (let i = start % 500; i < (start % 500) + 500; i++) {
    const individual = base + (i % 500);
    if ((individual % 2 === 0) !== female) continue;
    const head = `${String(dd + (dNumber ? 40 : 0)).padStart(2, '0')}${String(m + 80)}${String(y % 100).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
    const digits = [...head].map(Number);
    const k1 = checkDigit(digits, W1);
    if (k1 === null) continue;
    const k2 = checkDigit([...digits, k1], W2);
    if (k2 === null) continue;
    return `${head}${k1}${k2}`;
  }
  throw new Error(`no synthetic national id for ${birthDate}`);
}
