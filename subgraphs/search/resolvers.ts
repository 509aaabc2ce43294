import { nationalIdSubject } from '../../lib/audit';
import { journalPatient, ownLogKeys, patientLogKeys } from '../../lib/policy/patient-ref';
import { personLogKeys } from '../../lib/policy/grant-store';
import { log } from '../../lib/log';
import { forbidden } from '../../lib/policy/policy';
import { asIs, publishCount } from '../../lib/policy/search-counts';
import { answerBound, chargeQuery, distinctCounts, requireBudgetLeft } from '../../lib/policy/query-budget';
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { DEFAULT_LIMITS } from '../../lib/config';
import type { PatientSearchArgs, RequireFields, Resolvers } from './generated/resolvers-types';
import type { SubgraphContext } from '../../lib/subgraph';
import { chargeText } from '../../lib/text-budget';
import { isRealDate, osloIso } from '../../lib/oslo-time';
import { checkWindowArgs, WindowError, type WindowArgs } from '../../lib/age-window';
import { MAX_LIKE, queryWords } from '../../search-index/query';
import { elusionSearches, isTooManyClauses } from '../../search-index/clause-budget';
import {
  charsNotIndexedKey,
  earlierKey,
  isExtraCountKey,
  KINDS,
  partlyKey,
  SOURCE_SYSTEMS,
} from '../../search-index/types';
import { lastMaintenance } from './maintenance-log';
import {
  SearchUnavailableError,
  UnknownAgeError,
  type Kind as RecordKind,
  type OutboxSource,
  type PersonKeys,
  type SearchBackend,
  type SearchHitResult,
  type SearchQuery,
  type SearchResponse,
} from '../../search-index/types';

const MAX_HITS = 200;
/**
 * The most entries of `sources` and `kinds` (repeats are dropped: the distinct ones are a few
 * known values) and of `disabledExpansions` (more than the vocabulary's 29 concepts have
 * expansions together, about 4,400, and far more than a query that fits the search engine has:
 * twelve topics, some 2,200 expansions, overrun Elasticsearch's clause cap; the PostgreSQL
 * backend takes 1,600). Found in review: 70,000 sources overran Elasticsearch's terms limit
 * (INTERNAL_SERVER_ERROR), and 100,000 switched-off expansions took a second.
 */
const MAX_LIST = 100;
const MAX_DISABLED = 5_000;
const TEXT_ORIGIN = { 'pdf-text': 'PDF_TEXT', ocr: 'OCR' } as const;
const MATCHED_IN = { current: 'CURRENT_VERSION', earlier: 'EARLIER_VERSION' } as const;

/** The arguments Query.search and Patient.search share (defaults applied). */
type SearchArgs = RequireFields<PatientSearchArgs, 'query' | 'expand' | 'first'>;

/**
 * The window arguments (from, to, ageFrom, ageTo) checked as the journal's: real dates in the
 * years 1000–9999 (isRealDate; year 0000 reached PostgreSQL: "date/time field value out of
 * range"), then lib/age-window's checkWindowArgs (ages 0–150, ageTo not below ageFrom).
 * BAD_USER_INPUT when one fails.
 */
function checkWindow(args: WindowArgs): void {
  for (const [k, v] of [
    ['from', args.from],
    ['to', args.to],
  ] as const)
    if (v != null && !isRealDate(v)) throw bad(`${k} must be a real date YYYY-MM-DD`);
  try {
    checkWindowArgs(args);
  } catch (err) {
    if (err instanceof WindowError) throw bad(err.message);
    throw err;
  }
}

/** Query length and word caps (SEARCH_MAX_QUERY_CHARS / SEARCH_MAX_QUERY_WORDS in lib/config.ts). */
export interface SearchLimits {
  searchMaxChars: number;
  searchMaxWords: number;
  /** Seconds a researcher's search checks against the name parts last read (research-search.ts). */
  researchNameCacheSeconds?: number;
}

/**
 * The words counted are the ones searched (queryWords splits on anything but a letter or a
 * digit) or the ones typed between spaces, whichever are more (found in review: 166 words
 * joined by commas, one "word" between spaces, were searched with 498 expansions).
 */
function checkQueryText(query: string, limits: SearchLimits): void {
  if (!query.trim()) throw bad('query must not be empty');
  const words = Math.max(query.trim().split(/\s+/).length, queryWords(query).length);
  if (words > limits.searchMaxWords)
    throw bad(`query has ${words} words; the limit is ${limits.searchMaxWords}`);
  if (query.length > limits.searchMaxChars)
    throw bad(`query is ${query.length} characters long; the limit is ${limits.searchMaxChars}`);
}

const bad = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** The backend cannot answer now: a clear answer to try again, without internal addresses. */
function unavailable(err: unknown): never {
  throw new GraphQLError((err as Error).message, {
    extensions: { code: 'SEARCH_UNAVAILABLE', retryable: true },
  });
}

/**
 * Whether the caller selected the field path (e.g. `termReport`, or `hits`, `highlights`)
 * under this field, inline fragments and named fragments included.
 */
function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, i: number): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD)
        return s.name.value === path[i] && (i === path.length - 1 || walk(s.selectionSet, i + 1));
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet, i);
      return walk(info.fragments[s.name.value]?.selectionSet, i);
    });
  return info.fieldNodes.some((f) => walk(f.selectionSet, 0));
}

/**
 * The documents no search may serve now (helsepersonelloven §§ 42-44): notes deleted, moved,
 * corrected or changed by the source whose change the indexer has not yet written (review s38), from every outbox that knows some
 * (OutboxSource.pendingRemovals; one indexed lookup each). Read per request, so a deletion
 * is out of search from its commit, also while the indexer is stopped or behind. When the
 * lookup fails the search fails: it never answers without the guard.
 */
async function pendingRemovals(sources: OutboxSource[]): Promise<string[]> {
  const ids = (await Promise.all(sources.map((s) => s.pendingRemovals?.() ?? []))).flat();
  // Counts only: no ids, no text (they name notes, and through them persons).
  if (ids.length)
    log.info(
      { pendingRemovals: ids.length },
      'search leaves out notes deleted, moved or changed and not yet re-indexed',
    );
  return ids;
}

function toQuery(
  args: SearchArgs,
  person: { patientIds: string[]; nationalIds?: string[] } | undefined,
  info: GraphQLResolveInfo,
  limits: SearchLimits,
  ctx: SubgraphContext,
  removals: string[],
): SearchQuery {
  checkQueryText(args.query, limits);
  if (args.first < 0 || args.first > MAX_HITS) throw bad(`first must be between 0 and ${MAX_HITS}`);
  checkWindow(args);
  // Closed lists: an unknown value would silently match nothing.
  for (const [name, given, known] of [
    ['kinds', args.kinds, KINDS],
    ['sources', args.sources, SOURCE_SYSTEMS],
  ] as const) {
    if ((given?.length ?? 0) > MAX_LIST) throw bad(`${name} takes at most ${MAX_LIST} entries`);
    const unknown = [...new Set(given)].filter((v) => !(known as readonly string[]).includes(v));
    if (unknown.length)
      throw bad(`${name}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}; one of ${known.join(', ')}`);
  }
  if ((args.disabledExpansions?.length ?? 0) > MAX_DISABLED)
    throw bad(`disabledExpansions takes at most ${MAX_DISABLED} entries`);
  if ((args.moreLikeThis?.length ?? 0) > MAX_LIKE) throw bad(`moreLikeThis takes at most ${MAX_LIKE} ids`);
  const suggest = selects(info, 'suggestedTerms');
  if (suggest) ctx.policy.requireSuggestedTerms(ctx.audit);
  // An aggregate-only research grant: counts only, small cells suppressed (lib/policy/search-counts.ts).
  const counts = !!ctx.policy.searchSmallCells;
  return {
    query: args.query,
    patientIds: person?.patientIds,
    nationalIds: person?.nationalIds,
    from: args.from ?? undefined,
    to: args.to ?? undefined,
    ageFrom: args.ageFrom ?? undefined,
    ageTo: args.ageTo ?? undefined,
    // Where the window places a 29 February birthday, as the journal and the dossier (undefined: MARCH_1).
    leapDayRule: args.leapDayRule ?? undefined,
    sources: args.sources ? [...new Set(args.sources)] : undefined,
    kinds: args.kinds ? [...new Set(args.kinds)] : undefined,
    expand: args.expand,
    // The text of notes' earlier versions (helsepersonelloven § 42): a legal matter or case handling only (lib/policy).
    earlierVersions: ctx.policy.earlierVersions,
    // Learned neighbours are words of everyone's notes, feedback terms words of the notes found,
    // a concept's service expansions a note's service: not for every role (lib/policy).
    disabled: ctx.policy.searchExpansionsOff.length
      ? [...(args.disabledExpansions ?? []), ...ctx.policy.searchExpansionsOff]
      : (args.disabledExpansions ?? undefined),
    like: args.moreLikeThis?.length ? args.moreLikeThis : undefined,
    first: counts ? 0 : args.first,
    // No pages for counts only, so no cursor either: one the grant holds from before (a
    // row-level version of it, an earlier release) is not used. On PostgreSQL a total past
    // the cursor's offset was 0, so cursors at 1, 2, 3 … counted a suppressed total (found in review).
    after: args.after && !counts ? ctx.policy.backendCursor(args.after) : undefined,
    termReport: selects(info, 'termReport'),
    persons: counts,
    // Half of the words would make the total a union: with the rows, an intersection (search-counts.ts).
    everyWord: counts,
    suggest,
    // The policy goes into the backend's query: totals, pages, highlights and the term report count only this.
    scope: ctx.policy.searchScope(),
    ...(removals.length ? { pendingRemovals: removals } : {}),
    highlight: ctx.policy.highlights && selects(info, 'hits', 'highlights'),
  };
}

/**
 * A search about one person needs the person in reach; a search over everything needs
 * some reach (a legal user without a valid matter is refused, and the refusal logged).
 */
function requireReach(
  ctx: SubgraphContext,
  patientId?: string | null,
  args: {
    from?: string | null;
    to?: string | null;
    ageFrom?: number | null;
    ageTo?: number | null;
    sources?: readonly string[] | null;
    kinds?: readonly string[] | null;
    moreLikeThis?: readonly string[] | null;
  } = {},
): void {
  // Reporting gets no search at all: a total over free text can single one person out.
  ctx.policy.requireAction(ctx.audit, 'search', patientId ? { patientIds: [patientId] } : undefined);
  const rule =
    ctx.policy.searchRule(!!patientId, !!args.moreLikeThis?.length) ??
    ctx.policy.searchVariablesRule(args) ??
    ctx.policy.searchDatesRule(args.from, args.to);
  if (rule) {
    ctx.audit.denied(patientId ?? '*', 'search_hit', rule);
    throw forbidden(rule);
  }
  if (patientId) ctx.policy.require(ctx.audit, 'search_hit', { patientIds: [patientId] });
  else if (ctx.policy.grants?.length === 0) ctx.policy.require(ctx.audit, 'search_hit', {});
}

/**
 * An aggregate-only research grant gets no hits (lib/policy searchHitsRule): not their
 * fields, and not the list, whose length counted the notes around a suppressed total.
 */
function requireHitsAllowed(ctx: SubgraphContext, info: GraphQLResolveInfo): void {
  const rule = ctx.policy.searchHitsRule();
  if (!rule || !selects(info, 'hits')) return;
  ctx.audit.denied('*', 'search_hit', rule);
  throw forbidden(rule);
}

async function run(backend: SearchBackend, q: SearchQuery): Promise<SearchResponse> {
  try {
    return await backend.search(q);
  } catch (err) {
    const m = (err as Error).message;
    if (/invalid cursor|no words/.test(m)) throw bad(m);
    // An age window over a person of unknown birth date (search-index/types.ts; found in review s33).
    if (err instanceof UnknownAgeError) throw bad(m);
    // Every word that names a topic brings its expansions: enough of them overrun the search
    // engine's clause limit (Elasticsearch's indices.query.bool.max_clause_count, by heap size).
    // (search-index/clause-budget.ts first tries again without typo forms and learned words.)
    if (isTooManyClauses(err))
      throw bad('query names too many topics at once for the search engine; search fewer words at a time');
    if (err instanceof SearchUnavailableError) unavailable(err);
    throw err;
  }
}

/**
 * A search over the caller's whole scope returns a total (and a term report) counted over
 * every person in it, hits or not: a read of each of them (pasientjournalforskriften § 14,
 * pasientjournalloven § 19; issue 11: every access is logged). Logged under each person of
 * the scope (a matter's or a cohort's records; national id when no record is known), or as
 * a scope-wide row `*` for a role that reaches everyone.
 */
function logScope(ctx: SubgraphContext): void {
  const grants = ctx.policy.grants;
  if (!grants) return ctx.audit.record('*', 'search_hit', []);
  // A break-the-glass grant is part of the scope counted: the request is self-authorised.
  if (grants.some((g) => g.selfAuthorized)) ctx.caller.selfAuthorized = true;
  // A research cohort: a row under each record of each person (lib/policy/grant-store.ts
  // personLogKeys). A patient's log takes in the records linked to it when it is read, not when the
  // search was made: under the first record alone, the other left its log at an unlink (review s41).
  const cohort = ctx.policy.research?.persons;
  if (cohort) {
    for (const p of cohort) for (const key of personLogKeys(p)) ctx.audit.record(key, 'search_hit', []);
    return;
  }
  // Each record, and each person known only by national id (an archive party of a matter with
  // no patient record: their case files are counted too), not only when the grant has no record.
  for (const g of grants) {
    for (const id of g.patientIds) ctx.audit.record(id, 'search_hit', []);
    for (const n of g.recordlessNationalIds) ctx.audit.record(nationalIdSubject(n), 'search_hit', []);
  }
}

/** A source's documents indexed in part and their characters not indexed (countBySource; PostgreSQL only). */
const partly = (indexed: Map<string, number>, kindAndSource: string) => ({
  partlyIndexed: indexed.get(partlyKey(kindAndSource)) ?? 0,
  charsNotIndexed: Math.min(indexed.get(charsNotIndexedKey(kindAndSource)) ?? 0, 2 ** 31 - 1),
});

/** The term-report rows the caller is shown (toResult publishes each as a count of its own). */
const shownRows = (r: SearchResponse, ctx: SubgraphContext) =>
  r.termReport.filter((t) => ctx.policy.showsExpansion(t.kind, t.hits));

/**
 * The counts an answer publishes, perturbed or withheld (lib/policy/query-budget.ts "What
 * costs"): its total, whether or not the request reads it, and each term-report row shown
 * when the request asks for the term report, once per set of documents ("One count, one
 * charge": a row over the total's documents or another row's publishes the same count).
 */
const publishedCounts = (r: SearchResponse, q: SearchQuery, ctx: SubgraphContext): number =>
  distinctCounts([
    { count: r.total, keys: r.persons },
    ...(q.termReport ? shownRows(r, ctx).map((t) => ({ count: t.hits, keys: t.persons })) : []),
  ]);

function toResult(
  r: SearchResponse,
  backend: SearchBackend,
  ctx: SubgraphContext,
  asked?: {
    id: string;
    nationalIds: readonly string[];
    keys?: readonly string[];
    /** The keys a row under the record asked about covers (ownLogKeys); default: the record alone. */
    own?: ReadonlySet<string>;
  },
) {
  const person = asked?.id;
  // The keys the person's reads are written under: the record asked about, and, for a record id
  // the journal does not have, the national ids searched (lib/policy/patient-ref.ts
  // patientLogKeys; review s40: logged under the made-up id alone).
  const personKeys = asked ? (asked.keys ?? [asked.id]) : [];
  // A search about one person is a read of that person's records even when it returns only a
  // count (first: 0): it is logged under the person, with the hits it returned (maybe none).
  // A case handler's rows name the access request the search served (lib/policy
  // requestMatterFor): the person's, and each hit's by its persons, under other parties' keys too.
  const personMatter = person
    ? ctx.policy.requestMatterFor({ patientIds: [person], nationalIds: asked?.nationalIds })
    : undefined;
  if (person) for (const key of personKeys) ctx.audit.record(key, 'search_hit', [], personMatter);
  else logScope(ctx);
  // The access log names the patient: the one asked about, or the record's own patient; a
  // record known only by national id (a case record) also under every other party, as the
  // archive logs a case read (pasientjournalforskriften § 14; found in review: only the party
  // whose national id sorted first, and in a person's search only the person).
  // A hit of a record linked to the one asked about (its note, a case of its national id) is logged
  // under that record's own key, not the one asked about: logged there, it left the linked person's
  // access log once an archivist unlinked the two (lib/policy/patient-ref.ts ownLogKeys; review
  // s40, test/access-review-s40.e2e.test.ts).
  const own = asked?.own ?? new Set(person ? [person] : []);
  for (const h of r.hits) {
    const parties = h.patientId
      ? []
      : h.nationalIds.filter((n) => !asked?.nationalIds.includes(n)).map(nationalIdSubject);
    const keys = h.patientId ? [h.patientId] : h.nationalIds.map(nationalIdSubject);
    const subjects = person
      ? keys.length === 0 || keys.some((k) => own.has(k))
        ? [...personKeys, ...keys.filter((k) => !own.has(k))]
        : keys
      : h.patientId
        ? [h.patientId]
        : parties.length
          ? parties
          : [nationalIdSubject('unknown')];
    const matter =
      personMatter ??
      ctx.policy.requestMatterFor(
        h.patientId ? { patientIds: [h.patientId] } : { nationalIds: h.nationalIds },
      );
    for (const s of subjects) ctx.audit.record(s, h.kind, [h.refs.entityId], matter);
  }
  // Small cells: an aggregate-only research grant gets no count of 1–4 notes or persons
  // (lib/policy/search-counts.ts); every other caller gets the counts as they are.
  const cohort = ctx.policy.searchSmallCells;
  const publish = (count: number, keys: PersonKeys | undefined) =>
    cohort ? publishCount(cohort, count, keys) : asIs(count);
  const total = publish(r.total, r.persons);
  return {
    total: total.value,
    totalSuppressed: total.suppressed,
    backend: backend.name,
    termReport: shownRows(r, ctx).map(({ persons, ...t }) => {
      const hits = publish(t.hits, persons);
      return { ...t, hits: hits.value, suppressed: hits.suppressed };
    }),
    suggestedTerms: r.suggestedTerms ?? [],
    // No pages for counts only (their number would count the notes).
    pageInfo: cohort
      ? { hasNextPage: false, endCursor: null }
      : { hasNextPage: r.hasNextPage, endCursor: ctx.policy.pageCursor(r.endCursor) },
    hits: r.hits.map((h: SearchHitResult) => ({
      __subject: { patientIds: h.patientId ? [h.patientId] : [], nationalIds: h.nationalIds },
      score: h.score,
      highlights: h.highlights,
      matchedExpansions: h.matched,
      kind: h.kind,
      journalEntry:
        h.kind === 'journal_entry' ? { __typename: 'JournalEntry' as const, id: h.refs.entityId } : null,
      saksmappe: h.refs.saksmappeId ? { __typename: 'Saksmappe' as const, id: h.refs.saksmappeId } : null,
      registreringsId: h.refs.registreringsId ?? null,
      coercionExecution:
        h.kind === 'coercion_execution'
          ? { __typename: 'CoercionExecution' as const, id: h.refs.entityId }
          : null,
      documentId: h.kind === 'archive_document' ? h.refs.entityId : null,
      page: h.textOrigin?.page ?? null,
      textOrigin: h.textOrigin ? TEXT_ORIGIN[h.textOrigin.origin] : null,
      ocrConfidence: h.textOrigin?.ocrConfidence ?? null,
      matchedIn: MATCHED_IN[h.matchedIn ?? 'current'],
      patient: h.patientId ? { __typename: 'Patient' as const, id: h.patientId } : null,
    })),
  };
}

/**
 * What a recall estimate covers, stated with it (Patient.searchElusion). The estimate counts the
 * person's records within the caller's period only (the policy's scope: a legal user's matter),
 * and answered its counts without saying so: an estimate for "ages 13–15" in a matter whose
 * period began in the middle of them covered part of those years, and nothing in the answer told
 * the reviewer (found in review s44, case 2). A recall figure put before a court must say what it
 * is a figure of (tvisteloven § 21-4); the period is the caller's by pasientjournalloven § 22.
 */
function elusionCovers(
  ctx: SubgraphContext,
  patientId: string,
  args: {
    query: string;
    from?: string | null;
    to?: string | null;
    ageFrom?: number | null;
    ageTo?: number | null;
    leapDayRule?: string | null;
    sources?: readonly string[] | null;
    kinds?: readonly string[] | null;
    expand: boolean;
    disabledExpansions?: readonly string[] | null;
    seed: number;
  },
  counts: { found: number; notFound: number; sample: number; notRun: readonly string[] },
) {
  const r = ctx.policy.reach('search_hit', { patientIds: [patientId] });
  const period = 'rule' in r ? { from: null, to: null } : r.period;
  const later = (a: string | null | undefined, b: string | null) => (a && (!b || a > b) ? a : (b ?? null));
  const earlier = (a: string | null | undefined, b: string | null) => (a && (!b || a < b) ? a : (b ?? null));
  const from = later(args.from, period.from);
  const to = earlier(args.to, period.to);
  const cut =
    (period.from && (!args.from || period.from > args.from)) ||
    (period.to && (!args.to || period.to < args.to));
  const by = ctx.caller.matter ? `matter ${ctx.caller.matter}` : 'the caller’s access';
  const list = (xs: readonly string[] | null | undefined, all: string) =>
    xs?.length ? [...new Set(xs)].join(', ') : all;
  const ages =
    args.ageFrom != null || args.ageTo != null
      ? `ages ${args.ageFrom ?? 0}–${args.ageTo ?? '…'} (whole years at each record's local date${
          args.leapDayRule === 'FEBRUARY_28' ? '; a 29 February birthday on 28 February in other years' : ''
        })`
      : 'all ages';
  const off = [
    ...(args.expand ? [] : ['every expansion']),
    ...(args.disabledExpansions ?? []),
    ...counts.notRun,
  ];
  const records = counts.found + counts.notFound;
  const covers =
    `"${args.query}"${off.length ? ` without ${[...new Set(off)].join(', ')}` : ''} over the person's ` +
    `${list(args.kinds, 'records of every kind')} from ${list(args.sources, 'every source system')}, ${ages}, ` +
    `dates ${from ?? '…'} to ${to ?? '…'}` +
    (cut
      ? ` (cut to the period of ${by}, ${period.from ?? '…'} to ${period.to ?? '…'}: records outside it are not counted)`
      : '') +
    `: ${records} records, ${counts.found} found, ${counts.notFound} not found; ` +
    `a sample of ${counts.sample} of those not found, drawn with seed ${args.seed}.`;
  return { records, from, to, ageFrom: args.ageFrom ?? null, ageTo: args.ageTo ?? null, covers };
}

/** Patient as this subgraph sees it: the reference, with the fields it @requires. */
export interface PatientRef {
  id: string;
  recordIds?: string[];
  nationalIds?: string[];
}

/** The person a Patient field's search is about, with the keys its reads are logged under (toResult). */
const askedAbout = (p: PatientRef) => ({
  id: p.id,
  nationalIds: personOf(p).nationalIds,
  keys: patientLogKeys(p),
  own: ownLogKeys(p),
});

const personOf = (p: PatientRef) => ({
  patientIds: p.recordIds?.length ? p.recordIds : [p.id],
  nationalIds: p.nationalIds ?? [],
});

export function searchResolvers(
  backend: SearchBackend,
  sources: OutboxSource[],
  limits: SearchLimits = DEFAULT_LIMITS,
): Resolvers {
  return {
    Query: {
      async search(_, args, ctx, info) {
        requireReach(ctx, args.patientId, args);
        requireHitsAllowed(ctx, info);
        await ctx.policy.requireSearchWords(
          ctx.audit,
          ctx.db,
          args.query,
          backend,
          limits.researchNameCacheSeconds,
        );
        const q = toQuery(
          args,
          args.patientId ? { patientIds: [args.patientId] } : undefined,
          info,
          limits,
          ctx,
          await pendingRemovals(sources),
        );
        // An aggregate-only grant's counts spend its query budget (lib/policy/query-budget.ts):
        // a spent one runs nothing; once the search answered, before its counts are made, the
        // whole answer is charged at once, one per count it publishes (the total and each
        // term-report row), or refused whole when the budget left cannot cover it (a search
        // that failed cost nothing; one that loses the last counts to a concurrent one is refused).
        const budgeted = ctx.policy.queryBudget;
        if (budgeted) await requireBudgetLeft(ctx.db, ctx.audit, budgeted, 'search_hit');
        const r = await run(backend, q);
        // Whether it fits is decided by the most the question can cost (its total and every
        // row shown), never by the charge, which tells how many distinct note sets the answer
        // holds (query-budget.ts "Whether an answer fits"; found in review s33).
        if (budgeted)
          await chargeQuery(
            ctx.db,
            ctx.audit,
            budgeted,
            'search_hit',
            publishedCounts(r, q, ctx),
            answerBound(q.termReport ? shownRows(r, ctx).length : 0),
          );
        return toResult(
          r,
          backend,
          ctx,
          args.patientId ? { id: args.patientId, nationalIds: [] } : undefined,
        );
      },
    },
    Patient: {
      // The person's keys are the journal's, never the representation's (lib/policy/patient-ref.ts:
      // forged recordIds searched another person's notes, logged under this one; review s39).
      __resolveReference: (ref, ctx) => journalPatient(ctx, ref),
      async search(p, args, ctx, info) {
        requireReach(ctx, p.id, args);
        requireHitsAllowed(ctx, info);
        await ctx.policy.requireSearchWords(
          ctx.audit,
          ctx.db,
          args.query,
          backend,
          limits.researchNameCacheSeconds,
        );
        const q = toQuery(args, personOf(p), info, limits, ctx, await pendingRemovals(sources));
        return toResult(await run(backend, q), backend, ctx, askedAbout(p));
      },
      async searchElusion(p, args, ctx, info) {
        requireReach(ctx, p.id, args);
        await ctx.policy.requireSearchWords(
          ctx.audit,
          ctx.db,
          args.query,
          backend,
          limits.researchNameCacheSeconds,
        );
        if (args.sample < 0 || args.sample > MAX_HITS) throw bad(`sample must be between 0 and ${MAX_HITS}`);
        const base = {
          ...toQuery({ ...args, first: 0 }, personOf(p), info, limits, ctx, await pendingRemovals(sources)),
          termReport: false,
          suggest: false,
        };
        // The searches run with the same expansions, also over the clause cap (clause-budget.ts).
        const { found, alike, unmatched, notRun } = await elusionSearches(
          (q) => run(backend, q),
          base,
          args.sample,
          args.seed,
        );
        const sample = toResult(unmatched, backend, ctx, askedAbout(p));
        const covered = elusionCovers(ctx, p.id, args, {
          found: found.total,
          notFound: unmatched.total,
          sample: sample.hits.length,
          notRun,
        });
        return {
          found: found.total,
          notFound: unmatched.total,
          possiblyRelevant: Math.max(0, (alike ?? found).total - found.total),
          seed: args.seed,
          sample: sample.hits,
          notRun,
          ...covered,
        };
      },
      async searchCoverage(p, args, ctx) {
        checkWindow(args);
        // Coverage counts the records of the caller's period only.
        const w = ctx.policy.window(
          ctx.audit,
          'search_hit',
          { patientIds: [p.id] },
          { from: args.from ?? null, to: args.to ?? null },
        );
        if ('rule' in w) throw forbidden(w.rule);
        // Nor the cases search leaves out (another case handler's access requests, lib/policy).
        const excludedCases = ctx.policy.searchExcludedCases;
        const filter = {
          ...personOf(p),
          from: w.from ?? undefined,
          to: w.to ?? undefined,
          ageFrom: args.ageFrom ?? undefined,
          ageTo: args.ageTo ?? undefined,
          leapDayRule: args.leapDayRule ?? undefined,
          ...(excludedCases.length ? { excludedCases } : {}),
        };
        const person = { patientIds: filter.patientIds, nationalIds: filter.nationalIds };
        const [db, indexed, lastExpunge] = await Promise.all([
          // Each source resolves the window against the person's birth date (lib/age-window):
          // its WindowError (an age window without a birth date) is the caller's, as in the journal.
          Promise.all(sources.map((s) => s.coverage(filter))).then(
            (l) => l.flat(),
            (err: unknown) => {
              if (err instanceof WindowError) throw bad(err.message);
              throw err;
            },
          ),
          backend
            .countBySource(
              excludedCases.length ? { ...filter, scope: { grants: [person], excludedCases } } : filter,
            )
            .catch((err) => {
              if (err instanceof SearchUnavailableError) unavailable(err);
              throw err;
            }),
          lastMaintenance(ctx.db, 'expunge'),
        ]);
        for (const key of patientLogKeys(p)) ctx.audit.record(key, 'search_coverage', []);
        const systems = db.map((c) => ({
          ...c,
          indexed: indexed.get(`${c.kind}:${c.sourceSystem}`) ?? 0,
          earlierVersions: c.earlierVersions ?? 0,
          earlierVersionsIndexed: indexed.get(earlierKey(`${c.kind}:${c.sourceSystem}`)) ?? 0,
          ...partly(indexed, `${c.kind}:${c.sourceSystem}`),
          notSearchable: Object.entries(c.notSearchable).map(([reason, count]) => ({ reason, count })),
        }));
        for (const [key, n] of indexed) {
          if (isExtraCountKey(key)) continue;
          const [kind, sourceSystem] = key.split(':') as [RecordKind, string];
          if (!systems.some((x) => x.kind === kind && x.sourceSystem === sourceSystem)) {
            systems.push({
              sourceSystem,
              kind,
              records: 0,
              searchable: 0,
              indexed: n,
              earlierVersions: 0,
              earlierVersionsIndexed: indexed.get(earlierKey(key)) ?? 0,
              ...partly(indexed, key),
              firstDate: null,
              lastDate: null,
              notSearchable: [],
            });
          }
        }
        return {
          inStep: systems.every(
            (x) => x.indexed === x.searchable && x.earlierVersionsIndexed === x.earlierVersions,
          ),
          systems,
          lastExpungeAt: lastExpunge ? osloIso(lastExpunge) : null,
        };
      },
    },
    SearchHit: {
      // A hit's highlights are fragments of its note's text, and a page holds up to 1,000 hits:
      // they count against the request's text budget as note text does (lib/text-budget.ts,
      // RESPONSE_TOO_LARGE; review s46).
      highlights: (h, _, ctx) => chargeText(ctx, 'search highlights', h.highlights),
    },
  };
}
