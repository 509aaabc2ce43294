/**
 * A query budget per aggregate-only research grant: the grant's users together get a fixed
 * number of published counts over the grant's whole life, and then no more counts (the rule;
 * test/research-query-budget.e2e.test.ts carries its name). The unit is a count, not a query:
 * every count that leaves the server, perturbed or withheld, is one (found in review: a search
 * charged as one query gave a count per term-report row, so a 12-word search gave 12 counts
 * for one charge and the averaging attack completed inside a budget of 20).
 *
 * Sources:
 * - GDPR art. 89 nr. 1, in Norwegian law through personopplysningsloven § 1: research under
 *   appropriate safeguards, technical and organisational measures for data minimisation. The
 *   noise of search-counts.ts stops differencing two answers, not averaging many (its header,
 *   "What the noise does not stop"): pairs of queries that differ by the same notes get
 *   independent noise, and found in review, 55 pairs (110 queries) gave one December note at
 *   a posterior of 0.9999. A budget is the measure that bounds it.
 * - helseforskningsloven § 33 (health data for research only as the approval says): a grant
 *   with output level AGGREGATE is approved for counts, not for anything about one person; what
 *   averaging can learn about one person grows with the number of counts, so the number is
 *   part of what is approved, set by the archivist who registers the grant
 *   (`npm run cli -- grant register|amend`, `registerGrant`/`amendGrant`: `queryBudget`).
 * - The practice of statistical offices' remote servers, which combine thresholds, perturbation
 *   and controls on how much is asked (an overview: O'Keefe & Chipperfield 2013, "A summary of
 *   attack methods and confidentiality protection measures for fully automated remote analysis
 *   systems", Int. Stat. Review 81(3)). A fixed budget of queries is the simplest such control,
 *   and the one differential privacy makes exact (the privacy budget spent by each answer,
 *   Dwork & Roth 2014). Neither law prescribes a method or a figure.
 *
 * What costs (`chargeQuery`), for a researcher on an AGGREGATE grant (AccessPolicy.queryBudget):
 * - every `search` field that returns its answer: one for its total (whether or not the
 *   request reads it: the search is what runs, and a search then costs at least one) and one
 *   for each term-report row shown when the request asks for the term report (each row is a
 *   count over its own documents with its own noise, search-counts.ts, so a row is as good to
 *   averaging as a total), once per set of documents: a row over the documents of the total or
 *   of another row is the same count ("One count, one charge" below). Each alias of an operation is a search of its own. The number of
 *   rows depends on the query's words, the public vocabulary and the search engine's clause cap
 *   only (a researcher is shown no learned or feedback rows, AccessPolicy.showsExpansion), not
 *   on the counts; which of them count the same documents depends on the data (below). It is checked
 *   before the search runs (`requireBudgetLeft`: a spent budget runs nothing) and charged after
 *   it ran, before the answer is made, for the whole answer at once, in one UPDATE … SET used =
 *   used + n WHERE used + n <= budget: all or nothing. An answer the rest of the budget cannot
 *   cover is refused whole (none of its counts leaves, nothing is charged; a search with fewer
 *   words may still fit), and two concurrent searches cannot both take the last counts (the one
 *   that loses is refused, its answer never leaves).
 * - the cohort's size (`researchCohort.totalCount`/`totalSuppressed`, `ResearchGrant.cohortSize`
 *   /`cohortSizeSuppressed` of the version in force): one, once per request however many of
 *   these fields it reads. The size is the same answer every time for one version (its noise is
 *   keyed by its persons), so charging it protects little; it is charged because it is a
 *   protected count like the others, and a rule with no exception is the one a reviewer can
 *   check. An earlier version's size (withheld to this researcher whatever it is) costs nothing.
 * - Not reachable by such a researcher, so not counted: `statistics` (reporting and archivists
 *   only), hits and pages (refused), `searchElusion`/`searchCoverage` (Patient fields, refused),
 *   `suggestedTerms` (refused), extracts and `subjects` (row-level grants only).
 * What does not cost: a query refused before it runs (bad input, a refused word, variable or
 * date, a spent budget), one the search engine could not answer (SEARCH_UNAVAILABLE, too many
 * clauses) and one refused because its answer does not fit what is left: no count left the
 * server, so nothing was learned. A withheld count costs one like a published one: that a
 * count is withheld says it is 0–4 notes or persons, and the reviews' attacks used exactly
 * that ("withheld at 4 persons, published at 5").
 *
 * The budget is the grant's, not a version's: the counts used (`policy.grant_query_use.used`)
 * are counted for the grant id over every version, and each version carries the budget in force
 * (`research_grant.query_budget`; the charge compares with the latest version's). Amending a
 * grant keeps what was spent: a new version that reset the count would give a new budget for a
 * new change reason, each time. An amendment may raise the budget (a decision of the archivist,
 * recorded with its reason in the grant's history) or lower it (a budget below what was used
 * leaves nothing). Every researcher of the grant spends the same budget. A grant that becomes
 * row-level is not counted while it is; if it becomes aggregate again the count goes on, under
 * the budget of its last aggregate version unless the amendment names another (research.ts
 * amendedInput). Uses recorded before the unit was a count were one a search: they stand as
 * counts (what those searches' term reports gave is not known), so such a grant's past use is
 * understated, not overstated.
 * Row-level grants (PSEUDONYMISED_RECORDS: they read the records themselves) and archivists
 * are not budgeted.
 *
 * The default (research.ts DEFAULT_QUERY_BUDGET = 200 counts). The figures are per pair of
 * counts, so they hold for totals and term-report rows alike: each pair is two counts that
 * differ by the same notes with independent noise, whichever field carries them. The review's
 * attack needed 55 pairs, 110 counts, for one note at a posterior of 0.9999. With the PTABLE
 * noise and 0–4 notes as the alternatives, 30 pairs (60 counts) give a median posterior of
 * 0.986, 20 pairs (40) 0.91 and 10 pairs (20) 0.66 (`npm run bench:averaging`, 4,000 trials,
 * seed 1: 0.9862, 0.9098, 0.6643; 55 pairs 0.9999, 100 pairs 1.0000). No budget large enough
 * for research makes one such inference impossible; what it bounds is the total over the
 * grant's life: 200 counts are 100 pairs, one note at the review's certainty (and nothing left
 * for the research the grant is for), or three at a median of 0.986, each attack logged under
 * every person of the cohort; without a budget there was no bound. 200 counts are 200 searches
 * read for their totals, fewer with term reports (a search of three words with its term report
 * costs four, expand: false). An expanded word's term report is hundreds of counts, each
 * expansion a row ("mobbet": some 250; "mobbing og vold": some 460), more than the default:
 * such a row is a count like any other (two windows' rows are pairs for averaging), so a
 * protocol that reads expanded term reports is given a budget for them, or reads totals and
 * the rows of its words (expand: false). A grant whose protocol needs more asks for it and the archivist sets it in the
 * registration or an amendment (at most MAX_QUERY_BUDGET); a grant of few questions should be
 * given fewer.
 *
 * Whether an answer fits is decided by the question, not by the data: the budget left must
 * cover the most the answer can cost (`answerBound`: its total and every term-report row shown,
 * one each), and then the answer is charged what it costs (one per distinct set of documents,
 * below). Fitting by the charge itself made the refusal an oracle: the charge is the number of
 * distinct note sets among the total and the rows, so "zqxsjelden X" cost 2 when the one note
 * with zqxsjelden (a withheld cell of one person) had X and 3 when it had not, and with 2 left
 * the first was answered and the second refused, charged nothing and saying "holds 3": asked
 * again and again, for free and without noise, it told whether that person's note had a word
 * (found in review s33). The bound is the number of rows the question's words and expansions
 * give, the same whatever the notes hold.
 *
 * When it is spent, or holds less than an answer can cost: `FORBIDDEN` naming the grant and that its
 * query budget is spent (with what is left and the most the answer can cost), logged as
 * a denial in the access log (patient `*`, the record kind asked: `search_hit` or `research`),
 * as other refusals are. The remaining budget is on the grant (`ResearchGrant.queryBudget`,
 * `queriesUsed`, `queryBudgetRemaining`; the CLI's `grant show`).
 *
 * One cohort, one budget (migration 006, `policy.grant_budget_pool`): grants whose latest
 * versions have the same cohort definition or the same persons share one budget. Each had its
 * own, so whoever held two such grants (a second registration of the same protocol, a
 * colleague's grant) doubled the counts averaging could spend on one person of the cohort
 * (found in review). What a grant has used is the sum of what every grant of its pool used, in
 * every state (withdrawn, expired, row-level now: what it published while aggregate was
 * published about the same persons); each grant's own budget is compared with that sum, so the
 * pool holds what its smallest budget allows to whichever grant asks. The charge locks every
 * row of the pool (in grant id order: no deadlock) before it adds, so concurrent answers under
 * two grants of one pool cannot overspend it either.
 *
 * One count, one charge: a term-report row that counts the same documents as the total or as
 * another row of the same answer publishes the same number (its noise is keyed by the documents
 * and the count, search-counts.ts), so it is no new count: an answer costs one per distinct set
 * of documents among its total and the rows shown (`distinctCounts`; a one-word search with its
 * term report costs one, not two; rows of 0 documents one together). A count whose documents are
 * not all named by note keys (withheld then, search-counts.ts) is a count of its own each.
 * Decided against: one per distinct value published. It would charge what the caller saw, but
 * two rows over different documents publish the same number often (the same count and a noise
 * of the same step, about a third of the time), and a query of many words of like counts would
 * buy its rows at a discount, each an independent draw for averaging. What the document-set rule
 * tells: the grant's use (`queriesUsed`) says whether two rows of an answer counted the same
 * documents. Equal sets always publish equal numbers, so the caller sees most of that already;
 * what it adds is that two equal numbers came from different documents. Known, and accepted.
 *
 * What this does not protect: averaging within the budget (above); grants over cohorts that
 * differ by a person or a condition that changes nobody's membership in a way the stored
 * persons show (the approvals are the control there; per-person accounting across every grant
 * would be the exact form); answers before and after a change of the data.
 */
import type { AuditTrail } from '../audit';
import type { Db, Queryable } from '../db';
import type { PersonKeys } from '../../search-index/types';
import { forbidden, type ResearchReach } from './policy';

/** A grant's budget as of its latest version, and what it has used (every version together). */
export interface BudgetUse {
  budget: number | null;
  used: number;
}

/** What is left: never below 0 (an amendment may lower the budget under what was used); null: not budgeted. */
export const remaining = (u: BudgetUse): number | null =>
  u.budget === null ? null : Math.max(0, u.budget - u.used);

/**
 * The refusal when the budget is spent (names the grant), or holds less than the answer can
 * cost (`asked`: its bound, answerBound; the whole answer is refused, none of it leaves).
 */
export function budgetSpentRule(grantId: string, u: BudgetUse, asked = 1): string {
  const left = remaining(u) ?? 0;
  return (
    `the query budget of grant ${grantId} is spent: ${u.used} of ${u.budget ?? 0} published counts used` +
    (left > 0 ? `; ${left} left, and this answer can cost up to ${asked} (a whole answer or none)` : '') +
    ' (lib/policy/query-budget.ts); more needs an amendment of the grant with a larger budget'
  );
}

/**
 * The budget of the grant's latest version and the counts used by the grant and every grant
 * over the same cohort (its pool, "One cohort, one budget").
 */
export async function budgetUse(db: Queryable, grantId: string): Promise<BudgetUse> {
  const r = await db.query<{ budget: number | null; used: number }>(
    `SELECT (SELECT g.query_budget FROM policy.research_grant g WHERE g.id = $1 ORDER BY g.version DESC LIMIT 1) AS budget,
            coalesce((SELECT sum(u.used)::int FROM policy.grant_query_use u
                       WHERE u.grant_id IN (SELECT policy.grant_budget_pool($1))), 0) AS used`,
    [grantId],
  );
  return r.rows[0] ?? { budget: null, used: 0 };
}

/**
 * The published counts of one answer (query-budget.ts "One count, one charge"): one per
 * distinct set of documents among the counts given (the total and each row shown), a set named
 * by its count and the sum of its documents' note keys (what keys the noise); a count without
 * every note key is one of its own.
 */
export function distinctCounts(counts: readonly { count: number; keys: PersonKeys | undefined }[]): number {
  const sets = new Set<string>();
  let unnamed = 0;
  for (const { count, keys } of counts) {
    if (keys && keys.notesKeyed === count) sets.add(`${count}:${keys.notesKey}`);
    else unnamed++;
  }
  return sets.size + unnamed;
}

/**
 * The most an answer can cost, by the question: its total and each term-report row shown, one
 * each (what distinctCounts charges is at most this). Whether the answer fits is decided by this
 * number, so that a refusal says nothing of the documents ("Whether an answer fits", above).
 */
export const answerBound = (rowsShown: number): number => 1 + rowsShown;

function refuse(audit: AuditTrail, entityType: string, grantId: string, u: BudgetUse, asked = 1): never {
  const rule = budgetSpentRule(grantId, u, asked);
  audit.denied('*', entityType, rule);
  throw forbidden(rule);
}

/**
 * Before a counted query runs: FORBIDDEN (logged) when nothing is left, so a spent budget
 * runs nothing. Not the charge (chargeQuery is, for the answer's counts; a query that then
 * fails costs nothing).
 */
export async function requireBudgetLeft(
  db: Queryable,
  audit: AuditTrail,
  reach: ResearchReach,
  entityType: string,
): Promise<void> {
  const u = await budgetUse(db, reach.grant.id);
  if (remaining(u) === 0 || u.budget === null) refuse(audit, entityType, reach.grant.id, u);
}

/**
 * Charges `counts` published counts (the whole answer: query-budget.ts "What costs") to the
 * reach's grant, atomically and all or nothing: one UPDATE … SET used = used + counts WHERE
 * used + bound <= budget, so concurrent answers never spend more than the budget and an
 * answer the rest of the budget cannot cover is charged nothing. `bound` (default `counts`):
 * the most the answer can cost by its question (answerBound), which the budget left must
 * cover, so that whether it fits says nothing of the documents ("Whether an answer fits").
 * FORBIDDEN (logged) when it does not fit (or the latest version has no budget: it became
 * row-level during the request); the caller then returns none of the answer.
 */
export async function chargeQuery(
  db: Db,
  audit: AuditTrail,
  reach: ResearchReach,
  entityType: string,
  counts = 1,
  bound = counts,
): Promise<BudgetUse> {
  if (!Number.isInteger(counts) || counts < 1)
    throw new Error(`a charge is a whole number of counts, not ${counts}`);
  if (!Number.isInteger(bound) || bound < counts)
    throw new Error(
      `an answer's bound is a whole number of counts, at least its charge ${counts}, not ${bound}`,
    );
  const id = reach.grant.id;
  const row = await db.transaction(async (tx) => {
    // The pool's rows, locked in id order (two charges of one pool wait for each other, and
    // never deadlock); what they used together is what the grant has used.
    const pool = await tx.query<{ used: number }>(
      `SELECT u.used FROM policy.grant_query_use u
        WHERE u.grant_id IN (SELECT policy.grant_budget_pool($1)) ORDER BY u.grant_id FOR UPDATE`,
      [id],
    );
    const used = pool.rows.reduce((s, r) => s + r.used, 0);
    const r = await tx.query<{ used: number; budget: number }>(
      `UPDATE policy.grant_query_use u SET used = u.used + $2, last_charged_at = now()
         FROM policy.research_grant g
        WHERE u.grant_id = $1 AND g.id = $1
          AND g.version = (SELECT max(x.version) FROM policy.research_grant x WHERE x.id = $1)
          AND g.query_budget IS NOT NULL AND $3::int + $4::int <= g.query_budget
       RETURNING g.query_budget AS budget`,
      [id, counts, used, bound],
    );
    const b = r.rows[0];
    return b ? { used: used + counts, budget: b.budget } : null;
  });
  if (!row) refuse(audit, entityType, id, await budgetUse(db, id), bound);
  return row;
}

/** The charges of one request that count once whatever number of fields ask (the cohort's size). */
const oncePerRequest = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * chargeQuery once per request (`request`: the request's context object) and key: every
 * field of the request that asks with the same key shares the one charge and its refusal.
 */
export function chargeOncePerRequest(
  request: object,
  key: string,
  charge: () => Promise<unknown>,
): Promise<unknown> {
  let m = oncePerRequest.get(request);
  if (!m) oncePerRequest.set(request, (m = new Map()));
  let p = m.get(key);
  if (!p) m.set(key, (p = charge()));
  return p;
}
