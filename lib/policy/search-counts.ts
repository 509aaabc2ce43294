/**
 * Small cells in a researcher's search: an aggregate-only grant gets no search count of 1–4
 * notes or of 1–4 persons (the rule; test/research-small-cells.e2e.test.ts carries its name).
 *
 * Sources:
 * - helseforskningsloven § 33 (health data for research only as the approval says): a grant
 *   with output level AGGREGATE is approved for counts, not for anything about one person; a
 *   count of one note (with from/to: when) says something about one person of the cohort.
 * - personopplysningsloven art. 89 (1) (safeguards for research: data minimisation; what
 *   can be done without identifying anyone is done so).
 * - The threshold is the statistics tables' (disclosure.ts `SMALL_CELL_MAX`, from
 *   helseregisterloven § 6, statistikkloven § 7 and SSB's practice, the primary rule of
 *   `GaussSuppression`): a count of 1–4 records, or of records of 1–4 distinct persons, is
 *   suppressed; 0 is published (it singles no one out).
 *
 * What is suppressed, for a researcher on an AGGREGATE grant (AccessPolicy.searchSmallCells):
 * `SearchResult.total` and every `TermReportRow.hits` (each expansion's documents), when the
 * count is 1–4 or the persons behind it number 1–4. The persons are those of the cohort:
 * the backends give the record ids and national ids of the documents counted
 * (search-index/types.ts `PersonKeys`), and each key is mapped to the cohort person it
 * belongs to (linked records and a patient's national id are one person). When the backend
 * could not give every key (over PERSON_KEYS_MAX of one kind) and fewer than 5 persons are
 * among those it gave, the count is suppressed too (it cannot tell). A suppressed count is
 * null with `totalSuppressed` / `suppressed` true: distinct from 0 and from a number.
 * Around it: an aggregate grant's search is run without hits (first 0), `hits` is refused
 * (its length was a count too, and paging with first: 1 counted one note a page), and
 * `pageInfo` has no next page, and an `after` cursor is not used (one held from a row-level
 * version of the grant counted a total on PostgreSQL, where a total past the cursor was 0). The other counts of the search schema are out of a
 * researcher's reach already: `suggestedTerms` (refused to researchers), `searchElusion`
 * and `searchCoverage` (fields of Patient, closed to them).
 *
 * A row-level grant (PSEUDONYMISED_RECORDS) gets the counts as they are: it reads the hits
 * (score, kind, matched expansions), up to 200 a page with a cursor, so the total is the
 * number of hits it can count and each term-report count the hits naming the expansion;
 * and its approval gives it the cohort's records themselves (researchCohort, extract).
 * Suppressing its counts would protect nothing it does not hold.
 *
 * What this does not protect (primary suppression only):
 * - Differencing across queries. Every answer is protected on its own; two answers whose
 *   difference is small are both published ("A" = 12, "A" from a later month = 9: 3 notes
 *   before it; "A eller B" = 13 and "A" = 10: at least 3 notes with B and without A; an age
 *   window, a source or a kind one narrower). Suppression alone cannot stop this over
 *   ad-hoc queries (disclosure.ts stops it for the statistics tables by fixed blocks, which
 *   a free-text query has not). What narrows it already: from/to no finer than the grant's
 *   date precision (MONTH: whole months, YEAR: whole years, SHIFTED: none;
 *   AccessPolicy.searchDatesRule), no search by person or by record id (searchRule), no
 *   query word that is a name (research-search.ts), and every search logged under each
 *   person of the cohort (audit trail for review). An EXACT grant may ask any day.
 * - Within one answer, the term-report rows are not complementary-suppressed. Where the total
 *   is a union of exactly two published rows, they give the intersection exactly: a + b −
 *   total (found in review). A query of words is no union for this grant: it needs every
 *   word (SearchQuery.everyWord; for everyone else half of them, query.ts WORDS_MINIMUM, which
 *   made "a b" a union of a and b). Topics joined by "eller" and a concept's own expansions are
 *   unions still: with two rows only, their overlap is disclosed; with more rows, bounds
 *   (interval disclosure, which disclosure.ts does not compute either).
 * - Answers before and after a change of the data (an import, a correction) differ by the
 *   changed notes.
 * - Not done: perturbing the published counts (rounding or noise, the kind of output
 *   measure remote-analysis platforms such as SSB's microdata.no describe against combined
 *   queries), a record of each caller's queries, a minimum cohort size.
 *
 * The cohort's size, `researchCohort.totalCount` and the grant's `cohortSize`, is a count of
 * persons: for an aggregate-only grant it is under the same rule (publishPersons; it was
 * published as it was).
 */
import type { PersonKeys } from '../../search-index/types';
import { SMALL_CELL_MAX } from './disclosure';

/** The keys of a cohort's persons: each record id and national id to the person's pseudonym. */
export interface CohortKeys {
  pseudonymOfPatient: ReadonlyMap<string, string>;
  pseudonymOfNationalId: ReadonlyMap<string, string>;
}

/** A count as published: the number, or null with suppressed true. */
export interface PublishedCount {
  value: number | null;
  suppressed: boolean;
}

/**
 * How many persons of the cohort the keys name: the number behind the count when the keys
 * are all of them (`complete`), else at least that many.
 */
export function cohortPersons(cohort: CohortKeys, keys: PersonKeys | undefined): number {
  const persons = new Set<string>();
  for (const id of keys?.patientIds ?? []) {
    const p = cohort.pseudonymOfPatient.get(id);
    if (p) persons.add(p);
  }
  for (const nid of keys?.nationalIds ?? []) {
    const p = cohort.pseudonymOfNationalId.get(nid);
    if (p) persons.add(p);
  }
  return persons.size;
}

const small = (n: number) => n >= 1 && n <= SMALL_CELL_MAX;

/**
 * A count under the rule: 0 published; 1–SMALL_CELL_MAX suppressed; a larger count published
 * only when more than SMALL_CELL_MAX persons of the cohort are behind it. When the keys were
 * not all given, the persons they name are a lower bound: SMALL_CELL_MAX or fewer is
 * suppressed then too (it cannot tell), and so is a count without keys.
 */
export function publishCount(
  cohort: CohortKeys,
  count: number,
  keys: PersonKeys | undefined,
): PublishedCount {
  if (count === 0) return { value: 0, suppressed: false };
  if (small(count) || cohortPersons(cohort, keys) <= SMALL_CELL_MAX) return { value: null, suppressed: true };
  return { value: count, suppressed: false };
}

/**
 * The cohort's size (researchCohort.totalCount) for an aggregate-only grant: a count of
 * persons under the same rule, 1–SMALL_CELL_MAX suppressed, 0 published. A grant whose
 * cohort definition fits 1–4 persons would otherwise say so, and what each of its published
 * counts is about. The same for ResearchGrant.cohortSize read by such a researcher.
 */
export function publishPersons(count: number): PublishedCount {
  return small(count) ? { value: null, suppressed: true } : { value: count, suppressed: false };
}

/** A count published as it is (no protection for this caller). */
export const asIs = (count: number): PublishedCount => ({ value: count, suppressed: false });
