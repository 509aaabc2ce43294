/**
 * What a researcher's search may look for (helseforskningsloven § 33: data only as the
 * approval says; personopplysningsloven art. 89 (1): pseudonymisation).
 *
 * Search counts matches in the notes' raw text, while everything a researcher reads of
 * that text is de-identified first (deidentify.ts). A search for a person's name, national
 * id or phone number would count exactly what de-identification masks: the total says
 * whether a note of the cohort names the person, and with from/to when (found in review).
 * So a researcher's query is refused when it holds
 * - anything de-identification masks by its patterns (national ids, phone numbers, e-mail
 *   addresses, dates, street addresses and postcodes, schools, a name after a relation
 *   word), or
 * - a number of 4 digits or more, anywhere in the query (NUMBER_QUERY_RULE): a piece of a
 *   national id or phone number ("240573" of "240573-12345", "9223" of "9223 3444") is a token
 *   of its own in both backends' analysis, and counted the note whose text shows [FNR] or
 *   [TLF] (found in review s38). Four digits, not any digit: the masked identifiers' pieces
 *   are their groups of 4, 5 and 6 digits (national ids 6 + 5, phone numbers 4 + 4 and 3 + 5,
 *   postcodes, a date's year, DDMM), while the numbers with research meaning in free text are
 *   short: a diagnosis code (F32, F32.1, ICPC P76), a dose, an age, a value. The same for the
 *   separate numbers of a query together: numbers standing on their own that hold 4 digits or
 *   more between them are refused too ("444 922 33", the groups of 922 33 444 in another order,
 *   which the de-identifier's phone pattern does not see and each under 4 digits: the search
 *   matches each group as a token, so it counted the note that holds the number; found in
 *   review s45). The cost: two numbers of a query such as "12 15" are refused (an age window is
 *   ageFrom/ageTo). Not caught: one 2- or 3-digit group asked at a time ("922"), which is as
 *   common as any small number; or
 * - a word that is a name part known to the records — any patient's, related person's,
 *   practitioner's or case party's name — in any case; for a word of 5 letters or more
 *   also one edit away with the same first two letters (the search's typo expansion,
 *   search-index/query.ts), and a compound whose parts include a name (its split
 *   expansion), or
 * - a name written in parts: two or three query words in a row that together make a name
 *   ("fjell heim"), as each word matches the parts field every note's compounds are split
 *   into at index time (search-index/enrich.ts; found in review), or
 * - any of these words (a query word, a compound part of one, two or three words in a row)
 *   that the search backend analyses to a token a name part is analysed to: the backend
 *   matches a query word by its stem, so an inflected form two or more edits away counts the
 *   notes that name the person ("fjellheimene", "solbakkane", "johansenes" stem to fjellheim,
 *   solbakk, johans on PostgreSQL; "bakkene" to bakke/bakk on Elasticsearch's hunspell, as
 *   the name Bakke; found in review s38). The check asks the backend itself
 *   (search-index/types.ts SearchBackend.tokens: PostgreSQL to_tsvector('norwegian', …),
 *   Elasticsearch the analyze API on the text field), so what is refused is what that backend
 *   would match, on either: a word Elasticsearch's hunspell leaves as written
 *   ("fjellheimene") matches no name there and is counted. A common word that is someone's
 *   name is refused in every form the backend gives it the name's stem ("bakken" for Bakke;
 *   on Elasticsearch a word sharing any of the name's hunspell stems: "lune" for Lund).
 * The names are every record's, not the cohort's own: a refusal then says only that the
 * word is someone's name somewhere in the records, not that someone in the cohort has it.
 * The name parts are read once per database into memory and kept for a time to live
 * (RESEARCH_NAME_CACHE_SECONDS, 60 s by default): a name an import adds is refused at the
 * latest that long after the import; until then a search for it is counted. One read is in
 * flight at a time; searches that find the set expired wait for it (a failed read refuses
 * the search with an error, it never passes the query unchecked). The name parts' tokens are
 * asked of the backend once per read (all parts in one statement, on Elasticsearch in
 * requests of 1,000), the query's once per search.
 * Not caught: names nobody's record carries (as deidentify.ts says), author names that
 * are only text on a note (not a practitioner).
 */
import type { Queryable } from '../db';
import { decompounder } from '../../search-index/decompound';
import { deidentify } from './deidentify';

export const IDENTIFYING_QUERY_RULE =
  "a researcher's search may not look for a name, national id, phone number, e-mail, address, school or date: the notes are de-identified for research (lib/policy/deidentify.ts)";

export const NUMBER_QUERY_RULE =
  'a researcher\'s search may not hold a number of 4 digits or more, whole or in separate groups ("444 922 33"): it is, or is part of, a national id, phone number, date, postcode or address, which the notes show masked (lib/policy/deidentify.ts)';

/** A run of 4 or more digits (any script's), anywhere in the query (see the header). */
const LONG_NUMBER = /\p{Nd}{4,}/u;
/**
 * A number standing on its own in the query (digits only, between anything but letters and
 * digits): each one a token the backends match wherever it stands in a note. A code's digits
 * ("F32") are part of its word.
 */
const SEPARATE_NUMBER = /(?<![\p{L}\p{Nd}])\p{Nd}+(?![\p{L}\p{Nd}])/gu;

/**
 * Whether the query's separate numbers hold 4 digits or more between them: a phone number's or a
 * national id's groups, in any order ("444 922 33" of 922 33 444, which the de-identifier's
 * pattern sees as no phone number in that order), match the note that holds the number as
 * tokens wherever they stand, so they count what the notes show masked, as the whole number
 * would (review s45; left open in review s38: "the 2- and 3-digit groups … not caught").
 */
function numberGroups(query: string): boolean {
  return (query.match(SEPARATE_NUMBER) ?? []).reduce((n, g) => n + [...g].length, 0) >= 4;
}

/** How the search backend analyses text (search-index/types.ts SearchBackend.tokens). */
export interface TextAnalysis {
  tokens(texts: readonly string[]): Promise<Set<string>>;
}

/** True when a and b differ by at most one insertion, deletion, substitution or transposition. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** How long a database's name parts are kept before they are read again (see the header). */
export const DEFAULT_NAME_CACHE_SECONDS = 60;

/** The name parts known to the records, grouped by their first two letters. */
interface NameParts {
  exact: Set<string>;
  byPrefix: Map<string, string[]>;
  /** When the read began (Date.now()): a name added after then may be missing. */
  readAt: number;
}

/** Every name part of every record (the cohort's and everyone else's: see the header). */
async function readNameParts(db: Queryable): Promise<NameParts> {
  const readAt = Date.now();
  const r = await db.query<{ part: string }>(
    `SELECT DISTINCT part FROM (
       SELECT lower(regexp_split_to_table(coalesce(given_name, '') || ' ' || coalesce(family_name, ''), '[^[:alpha:]]+')) AS part FROM journal.patient
       UNION ALL SELECT lower(regexp_split_to_table(name, '[^[:alpha:]]+')) FROM journal.related_person
       UNION ALL SELECT lower(regexp_split_to_table(display_name, '[^[:alpha:]]+')) FROM journal.practitioner
       UNION ALL SELECT lower(regexp_split_to_table(part_navn, '[^[:alpha:]]+')) FROM archive.part
     ) t WHERE length(part) >= 2`,
  );
  const exact = new Set<string>();
  const byPrefix = new Map<string, string[]>();
  for (const { part } of r.rows) {
    exact.add(part);
    const key = part.slice(0, 2);
    const list = byPrefix.get(key);
    if (list) list.push(part);
    else byPrefix.set(key, [part]);
  }
  return { exact, byPrefix, readAt };
}

/** Per database: the parts last read, and the read in flight (at most one). */
const nameCaches = new WeakMap<Queryable, { parts: NameParts | null; reading: Promise<NameParts> | null }>();

/** The database's name parts, read again when older than ttlSeconds; concurrent callers share one read. */
export async function knownNameParts(
  db: Queryable,
  ttlSeconds = DEFAULT_NAME_CACHE_SECONDS,
): Promise<NameParts> {
  let c = nameCaches.get(db);
  if (!c) nameCaches.set(db, (c = { parts: null, reading: null }));
  if (c.parts && Date.now() - c.parts.readAt < ttlSeconds * 1000) return c.parts;
  const cache = c;
  cache.reading ??= readNameParts(db)
    .then((parts) => (cache.parts = parts))
    .finally(() => {
      cache.reading = null;
    });
  return cache.reading;
}

/**
 * The name parts' tokens in the backend's analysis, once per read of the parts and backend
 * (a failed analysis is asked again by the next search, and fails this one).
 */
const nameTokenCache = new WeakMap<NameParts, WeakMap<TextAnalysis, Promise<Set<string>>>>();
function nameTokens(parts: NameParts, analysis: TextAnalysis): Promise<Set<string>> {
  let m = nameTokenCache.get(parts);
  if (!m) nameTokenCache.set(parts, (m = new WeakMap()));
  let tokens = m.get(analysis);
  if (!tokens) {
    const cache = m;
    tokens = analysis.tokens([...parts.exact]);
    cache.set(analysis, tokens);
    tokens.catch(() => cache.delete(analysis));
  }
  return tokens;
}

/**
 * The rule a researcher's query breaks (IDENTIFYING_QUERY_RULE or NUMBER_QUERY_RULE), or null.
 * `analysis` is the search backend the query will run on (see the header).
 */
export async function identifyingQueryRule(
  db: Queryable,
  query: string,
  analysis: TextAnalysis,
  ttlSeconds = DEFAULT_NAME_CACHE_SECONDS,
): Promise<string | null> {
  if (deidentify(query, { names: [], nationalIds: [] }) !== query) return IDENTIFYING_QUERY_RULE;
  if (LONG_NUMBER.test(query) || numberGroups(query)) return NUMBER_QUERY_RULE;
  const inOrder = (query.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 2);
  const words = [...new Set(inOrder)];
  const parts = new Map<string, string[]>();
  for (const w of words) {
    const split = w.length >= 4 ? decompounder().split(w) : [];
    parts.set(w, split.length > 1 ? split.map((p) => p.toLowerCase()) : []);
  }
  if (!words.length) return null;
  const known = await knownNameParts(db, ttlSeconds);
  const { exact, byPrefix } = known;
  const isName = (w: string) =>
    exact.has(w) || (w.length >= 5 && (byPrefix.get(w.slice(0, 2)) ?? []).some((n) => withinOneEdit(w, n)));
  const runs = inOrder.flatMap((_, i) =>
    [2, 3].flatMap((n) => (i + n <= inOrder.length ? [inOrder.slice(i, i + n).join('')] : [])),
  );
  if (words.some((w) => isName(w) || parts.get(w)!.some((p) => exact.has(p))) || runs.some(isName))
    return IDENTIFYING_QUERY_RULE;
  // The same words as the backend will match them: by their tokens (stems), against the names'.
  const pieces = [...new Set([...words, ...runs, ...[...parts.values()].flat()])];
  const [names, asked] = await Promise.all([nameTokens(known, analysis), analysis.tokens(pieces)]);
  for (const t of asked) if (names.has(t)) return IDENTIFYING_QUERY_RULE;
  return null;
}

/** Whether a researcher's query breaks a rule of identifyingQueryRule. */
export async function identifyingQuery(
  db: Queryable,
  query: string,
  analysis: TextAnalysis,
  ttlSeconds = DEFAULT_NAME_CACHE_SECONDS,
): Promise<boolean> {
  return (await identifyingQueryRule(db, query, analysis, ttlSeconds)) !== null;
}
