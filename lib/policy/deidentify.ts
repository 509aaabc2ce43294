/**
 * De-identification of free text approved for research (helseforskningsloven § 33,
 * helsepersonelloven § 29 dispensations are given for what the project needs;
 * personopplysningsloven art. 89 (1): pseudonymisation). Applied to every approved free
 * text a researcher reads or an extract writes, before it leaves.
 *
 * What it masks:
 * - the names the record knows: the patient's given and family names, every related
 *   person's name (HP RelatedPerson, Gerica pårørende), the authors of the person's notes,
 *   the parties, requesters and correspondents of the person's cases in the archive, the
 *   staff who carried out the person's coercion measures (extract.ts knownIdentity),
 *   each name part on its own and with a genitive -s ("Idas"), case-insensitively → [NAVN];
 * - national ids: the record's own, in any grouping (a space, '-' or '.' between any of its
 *   digits: "06 85 01 952 75"), and any 11 digits shaped like a fødselsnummer or D-nummer,
 *   H-nummer or synthetic number: any 11 digits as 6 + 5, with a space, '-' or '.' between,
 *   the 5 also as 3 + 2; and 11 digits with the date's parts apart (DD MM YY, then 5 or 3 + 2:
 *   "14.02.75-38168", "14 02 75 381 68") when they are a valid national id (lib/national-id.ts,
 *   check digits: a looser shape, so only a real number is taken) → [FNR] (found in review
 *   s45: both were given out as they stood, the record's own id too);
 * - phone numbers: 8 digits in the Norwegian groupings (2-2-2-2, 3-2-3, 4-4, 3-5, 8
 *   together), with +47 / 0047 / (+47) → [TLF]; e-mail addresses → [EPOST];
 * - dates: 12.03.2011, 12/3-11, 2011-03-12, "12. mars 2011", "12. mars", "mars 2011" → [DATO];
 * - addresses: a word ending in a Norwegian street suffix (-veien, -vegen, -gata, -gate,
 *   -vei, -veg, -allé, -plass, -stien, -bakken, -svingen, -tunet, -ringen, -lia, -haugen,
 *   -brekka, -jordet, -løkka, -kroken, -toppen, -kaia, -bryggen; or as a word of its own:
 *   "Elgeseter gate") followed by a house number,
 *   (in lower case too when the suffix is part of the word: "storgata 15"), and four-digit
 *   postcodes followed by a place name (capitalised, or any case right after an address)
 *   → [ADRESSE];
 * - a school or kindergarten by name: one or two capitalised words before skole,
 *   ungdomsskole, barneskole, videregående (skole), vgs, barnehage, folkehøgskole, SFO
 *   ("Huseby skole") → [SKOLE] (a school and a birth year narrow a person to a class;
 *   found in review, as were the separators and groupings above);
 * - a capitalised word (or two) right after a relation or title word ("moren Kari",
 *   "kontaktlærer Per Olsen", "dr. Hansen") → [NAVN].
 *
 * What it cannot catch (the note says so; a reviewer must read an extract with free text
 * before it leaves when this matters):
 * - names of people the record does not know (a classmate, a neighbour, a teacher) unless
 *   a relation or title word stands right before them; nicknames and misspellings of known
 *   names ("Idda");
 * - indirect identifiers: a rare diagnosis, an occupation, a workplace by name, a school
 *   written as one word ("Husebyskolen") or in lower case,
 *   an event reported in the news, a place name on its own (no street suffix, no postcode),
 *   ages combined with other facts;
 * - dates written in words ("julaften for to år siden"), weekdays, years on their own,
 *   times of day (kept: they carry clinical meaning);
 * - numbers that are not shaped like the patterns above (a case number, a room number, a
 *   bank account number, a foreign phone number); a four-digit number followed by a
 *   lower-case word is kept unless an address stands before it ("i 2014 ble" is a year).
 * - It masks more than it must in places: two four-digit numbers from 3000 up ("3100 4200")
 *   read as a phone number (4-4 from 3000 only, so "2013 2014" stays: a 4-4 number
 *   starting with 2 is missed), a capitalised word before "skole" at a sentence's start
 *   that is not in NOT_SCHOOL_NAME.
 */

import { isValidNationalId } from '../national-id';

const WORD = '\\p{L}\\p{N}';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KnownIdentity {
  /** Full names or name parts the record knows (patient, relatives, authors). */
  names: readonly string[];
  nationalIds: readonly string[];
}

const MONTHS =
  'januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des';
const RELATION_WORDS =
  'mor|moren|mora|far|faren|bror|broren|søster|søsteren|kone|konen|kona|mann|mannen|ektefelle|samboer|samboeren|datter|datteren|sønn|sønnen|venn|vennen|venninne|venninnen|kjæreste|kjæresten|lærer|læreren|kontaktlærer|kontaktlæreren|bestemor|bestefar|onkel|tante|nabo|naboen|verge|vergen|fastlege|lege|sykepleier|dr\\.?|hr\\.?|fru';
/** The relation words, either case on the first letter (the name after them must be capitalised). */
const RELATION = RELATION_WORDS.split('|')
  .map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`)
  .join('|');
const STREET =
  'veien|vegen|gata|gate|gaten|vei|veg|allé|alle|plass|plassen|stien|sti|bakken|svingen|tunet|ringen|lia|haugen|brekka|jordet|løkka|kroken|toppen|kaia|bryggen';

const SCHOOL =
  'skole|skolen|barneskole|ungdomsskole|videregående skole|videregående|vgs|barnehage|barnehagen|folkehøgskole|SFO';

/** Capitalised words that start a sentence about a school without naming one ("Ny skole fra høsten"). */
const NOT_SCHOOL_NAME =
  'Ny|Nye|Egen|Annen|Andre|Samme|Gammel|Gamle|Forrige|Neste|Hans|Hennes|Sin|Denne|Den|Ingen|En|Ei|Et|Vanlig|Ordinær|Privat|Offentlig|Byttet|Begynt|Begynte|Går|Gikk';

/** E-mail, before the names eat its parts. */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

const PATTERNS: [RegExp, string][] = [
  // Fødselsnummer / D-nummer shape: 6 + 5 digits (a space, '-' or '.' between; 5 also as 3 + 2),
  // not part of a longer number. Any 11 digits so grouped, so H-numbers (month + 40, the
  // hospitals' help numbers) and synthetic numbers (month + 80) too (found in review).
  [new RegExp(`(?<![${WORD}])\\d{6}[ .-]?\\d{3} ?\\d{2}(?![${WORD}])`, 'gu'), '[FNR]'],
  // Dates.
  [new RegExp(`(?<![${WORD}])\\d{4}-\\d{1,2}-\\d{1,2}(?![${WORD}])`, 'gu'), '[DATO]'],
  // 12.03.2011, 12-03-11, 12/3-11, 12.3. (a trailing dot: not a time like 14.30 or a value like 45.5)
  [new RegExp(`(?<![${WORD}])\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}(?![${WORD}]|[./-]\\d)`, 'gu'), '[DATO]'],
  [
    new RegExp(`(?<![${WORD}.])(?:0?[1-9]|[12]\\d|3[01])\\.(?:0?[1-9]|1[0-2])\\.(?![${WORD}])`, 'gu'),
    '[DATO]',
  ],
  [new RegExp(`(?<![${WORD}])\\d{1,2}\\.? ?(?:${MONTHS})\\.?(?: \\d{4})?(?![${WORD}])`, 'giu'), '[DATO]'],
  // A month and year without a day ("i mars 2013").
  [new RegExp(`(?<![${WORD}])(?:${MONTHS})\\.? \\d{4}(?![${WORD}])`, 'giu'), '[DATO]'],
  // Phone numbers.
  [
    new RegExp(
      `(?:\\(?(?:\\+|00)47\\)?[ -]?)?(?<![${WORD}+])(?:\\d{2}[ -]\\d{2}[ -]\\d{2}[ -]\\d{2}|\\d{3}[ -]\\d{2}[ -]\\d{3}|\\d{8}|[3-9]\\d{3}[ -]\\d{4}|\\d{3}[ -]\\d{5})(?![${WORD}])`,
      'gu',
    ),
    '[TLF]',
  ],
  // Addresses: street + number (+ letter), postcode + place.
  [
    new RegExp(
      `(?<![${WORD}])[\\p{Lu}][\\p{L}-]*(?: ?(?:${STREET}))(?: \\p{L}+)? \\d{1,4}(?: ?[A-Za-z])?(?![${WORD}])`,
      'gu',
    ),
    '[ADRESSE]',
  ],
  // The same in lower case when the street suffix is part of the word ("storgata 15").
  [
    new RegExp(`(?<![${WORD}])\\p{L}[\\p{L}-]*(?:${STREET}) \\d{1,4}(?: ?[A-Za-z])?(?![${WORD}])`, 'gu'),
    '[ADRESSE]',
  ],
  [new RegExp(`(?<![${WORD}])\\d{4} [\\p{Lu}][\\p{L}-]+(?![${WORD}])`, 'gu'), '[ADRESSE]'],
  // A postcode and place in lower case right after an address ("[ADRESSE], 7030 trondheim").
  [new RegExp(`(?<=\\[ADRESSE\\],? )\\d{4} \\p{L}[\\p{L}-]+(?![${WORD}])`, 'gu'), '[ADRESSE]'],
  // A school or kindergarten by name ("Huseby skole", "Rosenborg barnehage").
  [
    new RegExp(
      `(?<![${WORD}])(?!(?:${NOT_SCHOOL_NAME}) )\\p{Lu}[\\p{L}-]*(?: \\p{Lu}[\\p{L}-]*)? (?:${SCHOOL})(?![${WORD}])`,
      'gu',
    ),
    '[SKOLE]',
  ],
  // A name right after a relation or title word.
  [
    new RegExp(`(?<![${WORD}])((?:${RELATION}) )\\p{Lu}[\\p{L}-]+(?: \\p{Lu}[\\p{L}-]+)?(?![${WORD}])`, 'gu'),
    '$1[NAVN]',
  ],
];

/**
 * 11 digits with the date's parts apart, DD MM YY then the individual number and check digits
 * (5, or 3 + 2), a space, '.' or '-' between (see the header): masked when they are a valid
 * national id, else kept (a list of small numbers is no national id).
 */
const GROUPED_NID = new RegExp(
  `(?<![${WORD}])\\d{2}[ .-]\\d{2}[ .-]\\d{2}[ .-]?\\d{3}[ .-]?\\d{2}(?![${WORD}])`,
  'gu',
);
const maskGroupedNid = (m: string) => (isValidNationalId(m.replace(/\D/g, '')) ? '[FNR]' : m);

/** The record's own names as one pattern (each part of each name, genitive -s too). */
function namePattern(names: readonly string[]): RegExp | null {
  const parts = new Set<string>();
  for (const n of names) {
    const t = n.trim();
    if (!t) continue;
    parts.add(t);
    for (const p of t.split(/[\s,]+/)) {
      const w = p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (w.length >= 2) parts.add(w);
      // Hyphenated names: each part as well.
      for (const h of w.split('-')) if (h.length >= 2) parts.add(h);
    }
  }
  if (!parts.size) return null;
  const alts = [...parts].sort((a, b) => b.length - a.length).map((p) => esc(p).replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![${WORD}])(?:${alts.join('|')})(?:s|'s|')?(?![${WORD}])`, 'giu');
}

/** A de-identifier for one person's texts (compile once, use for every note of the person). */
export function deidentifier(known: KnownIdentity): (text: string | null) => string | null {
  const names = namePattern(known.names);
  const nids = known.nationalIds.filter((n) => /^\d{11}$/.test(n));
  const nidPattern = nids.length
    ? new RegExp(nids.map((n) => n.split('').join('[\\s.-]?')).join('|'), 'g')
    : null;
  return (text) => {
    if (text == null) return null;
    let t = text.replace(EMAIL, '[EPOST]');
    if (nidPattern) t = t.replace(nidPattern, '[FNR]');
    t = t.replace(GROUPED_NID, maskGroupedNid);
    if (names) t = t.replace(names, '[NAVN]');
    for (const [re, by] of PATTERNS) t = t.replace(re, by);
    return t;
  };
}

export function deidentify(text: string, known: KnownIdentity): string {
  return deidentifier(known)(text)!;
}

/**
 * A value of a code variable (a case's klasse, a note type, a service, a measure: not free
 * text, not a date) as a researcher gets it: what the patterns above catch is masked too.
 * A personal case file is often classified by the person's fødselsnummer (the klasse id
 * of a personmappe), and a code field in a source can hold anything (found in review:
 * CASE_CLASS gave the national id). Strings and lists of strings; other values as they are.
 */
export function maskCode<T>(value: T): T {
  if (typeof value === 'string') return deidentify(value, { names: [], nationalIds: [] }) as T;
  if (Array.isArray(value)) return value.map((v) => maskCode(v)) as T;
  return value;
}
