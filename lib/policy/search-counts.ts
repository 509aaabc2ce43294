/**
 * Small cells in a researcher's search: an aggregate-only grant gets no search count of 0–4
 * notes or of 0–4 persons, and every other count with noise (the rule;
 * test/research-small-cells.e2e.test.ts carries its name).
 *
 * Sources:
 * - helseforskningsloven § 33 (health data for research only as the approval says): a grant
 *   with output level AGGREGATE is approved for counts, not for anything about one person; a
 *   count of one note (with from/to: when) says something about one person of the cohort.
 * - GDPR art. 89 nr. 1, in Norwegian law through personopplysningsloven § 1 (safeguards for
 *   research: data minimisation; what can be done without identifying anyone is done so).
 * - The threshold is the statistics tables' (disclosure.ts `SMALL_CELL_MAX`, from
 *   helseregisterloven § 6, statistikkloven § 7 and SSB's practice, the primary rule of
 *   `GaussSuppression`): a count of 1–4 records, or of records of 1–4 distinct persons, is
 *   suppressed. The tables publish 0 (their cells are fixed and protected together); a
 *   search, asked anything, withholds 0 too ("Withheld" below).
 *
 * What is suppressed, for a researcher on an AGGREGATE grant (AccessPolicy.searchSmallCells):
 * `SearchResult.total` and every `TermReportRow.hits` (each expansion's documents), when the
 * count is 0–4 or the persons behind it number 0–4. The persons are those of the cohort:
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
 * Differencing across queries: noise (`perturb`, the cell-key method). Suppression protects
 * each answer on its own; two answers whose difference is small were both published exactly
 * ("A" = 12, "A" from a later month = 9: 3 notes before it; "A eller B" = 13 and "A" = 10: at
 * least 3 notes with B and without A; an age window, a source or a kind one narrower), and
 * disclosure.ts's fixed blocks have no counterpart over ad-hoc queries. So every count an
 * aggregate-only grant is given that is not withheld is published with noise of −2…+2
 * (PTABLE: zero mean away from the floor, variance 1.2) and never below SMALL_CELL_MAX + 1
 * (near it the noise leans up: a true 5 is published as 5.4 on average). This is the cell-key
 * method of the Australian Bureau of Statistics' TableBuilder (Fraser & Wooton 2005;
 * Thompson, Broadfoot & Elazar 2013), and the kind of noise SSB's microdata.no puts on its
 * frequencies: each document has a key fixed by its id (search-index/note-key.ts), a count's
 * cell key is the sum of the keys of the documents counted (PersonKeys.notesKey) with the
 * count, keyed with the research pseudonym key (research.ts cellKey), and the cell key picks
 * the noise. So the same documents give the same answer however often and however worded
 * they are asked (repeating a query averages nothing away), and other documents give
 * independent noise even at the same count over the same persons (found in review: a key of
 * the count and the persons' ids let a row-level grant over the same cohort calibrate the
 * noise with exact counts of other notes). Source: the safeguards of research under the
 * GDPR art. 89 nr. 1 (in Norwegian law through personopplysningsloven § 1), with
 * helseforskningsloven § 33 (data only as the approval says; an aggregate approval is for
 * counts, not for anything about one person); neither prescribes a method.
 * The cohort's size is perturbed the same way (`publishPersons`, keyed by its persons' keys).
 *
 * Withheld: 0 beside 1–4 (`small`): a search count of 0–4 documents, or of documents of 0–4
 * persons, is null. 0 was published; beside small cells it told exactly one person apart
 * (found in review: four disjoint age windows each "withheld, not 0" inside a withheld
 * whole each held exactly one person, and a word in one of them then said 0 or not about
 * that person). A cohort size of 0 is still published (a grant whose definition finds no one
 * says nothing about a person).
 *
 * What the noise does not stop: averaging. Pairs of queries that differ by the same notes but
 * count different ones besides get independent noise each ("zqx from month a to November"
 * and "… to December", for many earlier months a; no second word needed). The noise table is
 * known, so a few dozen such pairs give the difference with near certainty (found in review:
 * 55 pairs gave December's one note at a posterior of 0.9999). Noise raises the cost of
 * differencing from two queries to dozens, each one logged under every person of the cohort;
 * it does not make it impossible. What bounds it: the grant's query budget (query-budget.ts,
 * default 200 published counts over the grant's life, every version together): every count
 * an aggregate-only grant is given, a search's total and each of its term-report rows (each
 * row has its own noise, so it averages as a total does), and its cohort's size once a
 * request, spends one, and a spent budget is FORBIDDEN. It bounds the total, not the first
 * inference: ten pairs leave a note uncertain, 100 pairs (200 counts) give it near certainly
 * (query-budget.ts, "The default").
 * Blocks of dates an aggregate grant must search by: not built.
 * Nor does it stop a caller who knows that one person is in a window: the same documents give
 * the same answer, so two answers that differ say that their documents differ. Two age
 * windows that differ by that person's age, withheld at 4 persons and published at 5 (or two
 * published counts that differ), say that the person's notes have the word (found in review,
 * two queries). What narrows it: the approval (REK) of who may ask what, the audit trail of
 * every query under every person of the cohort, and windows no finer than the grant's date
 * precision. Noise on the withholding decision itself (ABS perturbs before it withholds)
 * would make one flip less certain, not impossible, while the answers stay consistent.
 *
 * What this does not protect:
 * - Differencing across queries by averaging (above), within the query budget. What narrows it besides: from/to no finer than the grant's
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
 * - Averaging within the grant's query budget (query-budget.ts: it bounds the number of
 *   counts, so how many notes averaging can learn over the grant's life, not the first).
 * - Not done: detecting a caller's pattern of queries (microdata.no watches its users' query
 *   patterns beside its noise), a minimum cohort size.
 *
 * The cohort's size, `researchCohort.totalCount` and the grant's `cohortSize`, is a count of
 * persons: for an aggregate-only grant it is under the same rule (publishPersons; it was
 * published as it was).
 */
import type { PersonKeys } from '../../search-index/types';
import { SMALL_CELL_MAX } from './disclosure';
import { cellKey } from './research';

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
/** A search count withheld: 0 too (see "Withheld" above). */
const withheld = (n: number) => n <= SMALL_CELL_MAX;

/**
 * The perturbation table: noise −2, −1, 0, +1, +2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1
 * (as cumulative bounds on the cell key): zero mean, variance 1.2.
 */
export const PTABLE: readonly (readonly [noise: number, below: number])[] = [
  [-2, 0.1],
  [-1, 0.3],
  [0, 0.7],
  [1, 0.9],
  [2, 1],
];

/**
 * A count over SMALL_CELL_MAX as published to an aggregate-only grant: plus the noise its cell
 * key (in [0, 1)) picks from PTABLE, and never SMALL_CELL_MAX or below (a published count is
 * never one that suppression would have held back).
 */
export function perturb(count: number, key: number): number {
  const noise = PTABLE.find(([, below]) => key < below)?.[0] ?? 0;
  return Math.max(SMALL_CELL_MAX + 1, count + noise);
}

/** Keys sorted: the same set whatever order they came in. */
const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * A search count under the rule: 0–SMALL_CELL_MAX withheld, and so is a count of documents
 * of SMALL_CELL_MAX or fewer persons of the cohort; a larger count published with noise
 * (perturb, its cell key drawn from the documents counted: PersonKeys.notesKey). When the
 * keys were not all given, the persons they name are a lower bound: SMALL_CELL_MAX or fewer
 * is withheld then too (it cannot tell), and so is a count without keys.
 */
export function publishCount(
  cohort: CohortKeys,
  count: number,
  keys: PersonKeys | undefined,
): PublishedCount {
  // Documents without a note key (an Elasticsearch index written before them; `npm run cli --
  // reindex` writes them all): their sum does not name the documents, so no noise can be drawn
  // for them (found in review: every sum was 0 there, and the count alone keyed the noise).
  if (withheld(count) || !keys || keys.notesKeyed !== count || cohortPersons(cohort, keys) <= SMALL_CELL_MAX)
    return { value: null, suppressed: true };
  return { value: perturb(count, cellKey(['notes', String(count), keys.notesKey])), suppressed: false };
}

/**
 * The cohort's size (researchCohort.totalCount) for an aggregate-only grant: a count of
 * persons under the same rule, 1–SMALL_CELL_MAX suppressed, 0 published, a larger size with
 * noise keyed by its persons (`personKeys`, the cohort's person keys). A grant whose
 * cohort definition fits 1–4 persons would otherwise say so, and what each of its published
 * counts is about. The same for ResearchGrant.cohortSize read by such a researcher.
 */
export function publishPersons(count: number, personKeys: readonly string[]): PublishedCount {
  if (count === 0) return { value: 0, suppressed: false };
  if (small(count)) return { value: null, suppressed: true };
  const key = cellKey(['persons', String(count), ...sorted(personKeys)]);
  return { value: perturb(count, key), suppressed: false };
}

/** A count published as it is (no protection for this caller). */
export const asIs = (count: number): PublishedCount => ({ value: count, suppressed: false });
