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
 * - a word that is a name part known to the records — any patient's, related person's,
 *   practitioner's or case party's name — in any case; for a word of 5 letters or more
 *   also one edit away with the same first two letters (the search's typo expansion,
 *   search-index/query.ts), and a compound whose parts include a name (its split
 *   expansion).
 * The names are every record's, not the cohort's own: a refusal then says only that the
 * word is someone's name somewhere in the records, not that someone in the cohort has it.
 * Not caught: names nobody's record carries (as deidentify.ts says), author names that
 * are only text on a note (not a practitioner).
 */
import type { Queryable } from '../db';
import { decompounder } from '../../search-index/decompound';
import { deidentify } from './deidentify';

export const IDENTIFYING_QUERY_RULE =
  "a researcher's search may not look for a name, national id, phone number, e-mail, address, school or date: the notes are de-identified for research (lib/policy/deidentify.ts)";

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

/** The name parts known to the records that start as one of these two-letter prefixes. */
async function nameParts(db: Queryable, prefixes: string[]): Promise<string[]> {
  const r = await db.query<{ part: string }>(
    `SELECT DISTINCT part FROM (
       SELECT lower(regexp_split_to_table(coalesce(given_name, '') || ' ' || coalesce(family_name, ''), '[^[:alpha:]]+')) AS part FROM journal.patient
       UNION ALL SELECT lower(regexp_split_to_table(name, '[^[:alpha:]]+')) FROM journal.related_person
       UNION ALL SELECT lower(regexp_split_to_table(display_name, '[^[:alpha:]]+')) FROM journal.practitioner
       UNION ALL SELECT lower(regexp_split_to_table(part_navn, '[^[:alpha:]]+')) FROM archive.part
     ) t WHERE length(part) >= 2 AND left(part, 2) = ANY($1::text[])`,
    [prefixes],
  );
  return r.rows.map((x) => x.part);
}

/** Whether a researcher's query looks for something de-identification masks (see the header). */
export async function identifyingQuery(db: Queryable, query: string): Promise<boolean> {
  if (deidentify(query, { names: [], nationalIds: [] }) !== query) return true;
  const words = [...new Set((query.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 2))];
  const parts = new Map<string, string[]>();
  for (const w of words) {
    const split = w.length >= 4 ? decompounder().split(w) : [];
    parts.set(w, split.length > 1 ? split.map((p) => p.toLowerCase()) : []);
  }
  const all = [...new Set([...words, ...[...parts.values()].flat()])];
  if (!all.length) return false;
  const names = await nameParts(db, [...new Set(all.map((w) => w.slice(0, 2)))]);
  if (!names.length) return false;
  const exact = new Set(names);
  const isName = (w: string) =>
    exact.has(w) ||
    (w.length >= 5 && names.some((n) => n.slice(0, 2) === w.slice(0, 2) && withinOneEdit(w, n)));
  return words.some((w) => isName(w) || parts.get(w)!.some((p) => exact.has(p)));
}
