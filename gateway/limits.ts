/**
 * Query limits at the gateway: a query that would take the service down is refused before
 * any subgraph sees it, in milliseconds, with a clear error.
 *
 * - depth, aliases and tokens: GraphQL Armor's rules (the Hive Gateway runtime has no
 *   built-in maxDepth/maxTokens; it is what the Hive Gateway CLI uses too);
 * - cost: our own estimate, because a list's size is an argument here. Every field costs 1;
 *   a field with a slicing argument (`first`, `limit`, `last`, `sample`) multiplies the cost
 *   of what is selected under it by that argument (its literal, its variable's value, or the
 *   schema's default), and when it returns a page rather than a list, the lists directly under
 *   it (`edges`, `hits`, `sample`) are the slice, so they are not multiplied again. A list as long as a list argument (SIZE_ARGUMENT: ids asked)
 *   multiplies by that list's length. Any other list multiplies by `listSize`, except that a
 *   list as long as a configured cap (listCaps) multiplies the fields under it that run work of
 *   their own (FIELD_WEIGHT, ENTRY_WEIGHT) by its cap.
 *
 * An explicit null for a slicing argument that has a default is refused (BAD_USER_INPUT), and
 * so is an ID longer than MAX_ID_CHARS, or an ID or String holding U+0000 or an unpaired
 * surrogate, anywhere in the arguments (lib/id-cap.ts, which every subgraph checks too): one walk over the operation coerces each field's arguments once
 * (graphql-js), checks their IDs and reads the slicing arguments for the cost.
 *
 * A named fragment's cost is worked out once per slicing context (and field it is spread under) and then reused, so the
 * walk is linear in the document: a fragment spread 40 times in each of 8 nested fragments
 * (about 1.5 KB, within the depth, alias and token limits) is priced in microseconds. Walked
 * again at every spread, it was 40^8 calls on the gateway's one event loop (found in review:
 * the outside review's "small query takes the gateway down" by another path).
 *
 * A field that assembles a whole record set server-side (a dossier, an access bundle, an
 * evidence bundle: every item of a person's window from three subgraphs, whatever the
 * selection) costs FIELD_WEIGHT instead of 1, so a request holds a few of them, not thirty
 * aliases (found in review: 30 aliased dossiers without `first`, every item each, were priced
 * at about 1,500 and accepted). So does a search, for what it costs the search engine rather
 * than what it returns (see FIELD_WEIGHT), and a recall estimate (`searchElusion`) four times
 * that: its `sample` is a slicing argument like `first` (found in review: thirty aliases of
 * `searchElusion(sample: 200)` were priced as if the sample were 10 hits and accepted, 120
 * searches in one request; thirty aliases of `search`, priced at 2 each, kept Elasticsearch
 * busy for 43 s).
 *
 * A field that returns the record whose list it is listed in (BACK_REFERENCES: a journalpost's
 * case under the case's journalposter) is refused: it lists the list again for each item.
 *
 * The values of the variables are counted before all of this (GRAPHQL_MAX_REQUEST_VALUES,
 * requestValuesLimitPlugin and the HTTP layer): a list of 100,000 entries is refused in
 * milliseconds instead of coerced, value by value, at every step.
 *
 * The earlier-version lists (`history` of JournalEntry, CareContact, ServiceDecision, CoercionDecision,
 * CoercionExecution, Saksmappe, Journalpost) are ordinary lists on purpose: each subgraph answers
 * every record's history of a request in one query (a DataLoader), and a record has a version per
 * change, so `listSize` is their price, under a capped list too (gateway/history-cost.test.ts).
 *
 * Limits come from configuration (lib/config.ts: GRAPHQL_MAX_*, POSTJOURNAL_MAX_LINES).
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  getOperationAST,
  getIntrospectionQuery,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type ValidationContext,
  type ValidationRule,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { capWeights, type Limits } from '../lib/config';
import { checkDirectives, checkedArguments, coercedVariables } from '../lib/id-cap';

/** Arguments that say how many items a field returns (`sample`: Patient.searchElusion's sample of hits). */
export const SLICING_ARGUMENTS = ['first', 'limit', 'last', 'sample'];

/**
 * What one search costs the search engine, whatever it returns: a query of up to hundreds of
 * named clauses (a topic brings some 200 expansions), a count per expansion for the term
 * report (one msearch of as many searches), maybe a first pass for feedback terms or the kNN
 * vector, and up to two retries over the clause cap (search-index/clause-budget.ts). At 2,000,
 * thirty aliased searches (the alias limit) cost over 60,000 and are refused by the default
 * limit of 50,000, while a request still holds some twenty searches: no client query in this
 * repository has more than two (tests, dev/, bench/, README; the dearest, a search of 50 hits
 * with their cases' documents in test/policy.e2e.test.ts, costs about 13,400 with it).
 */
const SEARCH_WEIGHT = 2_000;

/**
 * What a statistics table costs (lib/policy/statistics.ts), whatever its selection: it counts
 * every record of its table in the period asked and groups the labels over the whole table (a
 * CUBE with a distinct-person count per cell), protects each block by Gaussian elimination
 * (lib/policy/disclosure.ts), and the coercion table first judges every execution of every
 * person with one in the period, under no COERCION_MAX_EXECUTIONS cap. Priced as one field,
 * thirty aliases of coercionStatistics over 10,800 executions were accepted: 23.5 s against
 * 1.2 s for one, and a small table asked meanwhile waited 18.2 s (found in review s32). At
 * 5,000, a request holds every table once (seven, 35,000) but not ten of one.
 */
const STATISTICS_WEIGHT = 5_000;

/**
 * The cost of a field whose work server-side does not follow from its selection (see the
 * header); 1 for any other. A field that builds a whole record set costs 10,000; a search
 * SEARCH_WEIGHT; a recall estimate four searches (the query's count, its ten best hits, the
 * more-like-this count and the sample of what it does not find; more rounds over the clause cap);
 * a statistics table STATISTICS_WEIGHT.
 */
export const FIELD_WEIGHT: Readonly<Record<string, number>> = {
  'Query.dossier': 10_000,
  'Query.accessBundle': 10_000,
  'Mutation.exportBundle': 10_000,
  // A research extract writes the grant's whole cohort to disk (CSV and Parquet, every approved
  // variable) and a disclosure row, whatever its selection: priced as one field, thirty aliases
  // wrote thirty extracts from one request (found in review s32).
  'Mutation.extract': 10_000,
  'Query.search': SEARCH_WEIGHT,
  'Patient.search': SEARCH_WEIGHT,
  'Patient.searchElusion': 4 * SEARCH_WEIGHT,
  // Up to 50,000 notes of a long record whatever the selection (a list with no `first`, priced
  // as 10 items): thirty aliases returned 1.5 million rows in one request (found in review).
  'Patient.journalTimeline': SEARCH_WEIGHT,
  // Three rows at most (one per source system), but each an aggregate over every journal note,
  // care contact and service decision of every person on the platform (subgraphs/journal
  // decisions.ts recordPeriods: min, max and count over the three tables, whatever the
  // selection): the work of a statistics table. Priced as a list of ten of its fields (41),
  // thirty aliases (1,230) were accepted and scanned the three tables thirty times (task s33).
  'Query.recordPeriods': STATISTICS_WEIGHT,
  ...Object.fromEntries(
    [
      'journalEntryStatistics',
      'journalQuarantineStatistics',
      'serviceDecisionStatistics',
      'accessRequestStatistics',
      'archiveQuarantineStatistics',
      'coercionStatistics',
      'coercionQuarantineStatistics',
    ].map((t) => [`Query.${t}`, STATISTICS_WEIGHT]),
  ),
};

/**
 * What each entry of a list argument adds to its field's cost, for arguments each of whose
 * entries runs work the selection does not show: a dossier's concepts (and an evidence
 * bundle's, which builds the dossier) are each searched in the person's window, page by page
 * until every hit is in (subgraphs/dossier/build.ts searchConcept). Priced at nothing, four
 * aliased dossiers of twenty concepts (40,004) sent 84 searches to Elasticsearch from one
 * request, where thirty aliased searches are refused (found in review s32). A concept's
 * search asks hits only (no term report, no suggestions): half a search, SEARCH_WEIGHT / 2,
 * so a dossier of the most concepts it takes (20) costs 30,000 and is answered alone.
 */
export const ENTRY_WEIGHT: Readonly<Record<string, { argument: readonly string[]; weight: number }>> = {
  'Query.dossier': { argument: ['concepts'], weight: SEARCH_WEIGHT / 2 },
  'Mutation.exportBundle': { argument: ['input', 'concepts'], weight: SEARCH_WEIGHT / 2 },
};

/**
 * List fields whose length is the length of a list argument, not a slice: `entriesById` answers
 * one entry per id asked (up to MAX_ENTRIES_BY_ID, 500). Priced as a list of `listSize` (10),
 * and `JournalEntry.patient` leading back to `Patient`, three nested levels of 60 ids (167
 * bytes, cost 1,332) returned 219,660 entries in 6.9 s, and 500 ids would have asked 125
 * million (found in review s38). Their selection is multiplied by the list's length (at least 1).
 * A test (hardening-review-s38) fails for a list field with a list argument and no slice that
 * is neither here nor in FIELD_WEIGHT.
 */
export const SIZE_ARGUMENT: Readonly<Record<string, readonly string[]>> = {
  'Patient.entriesById': ['ids'],
  // One decision per id asked, up to 500, as entriesById (fix FX-A 2).
  'Patient.serviceDecisionsById': ['ids'],
};

/**
 * Fields that return the record whose list they are listed in, by the list: a journalpost's
 * `saksmappe`, under the case's `journalposter`, is that case again, and selecting its
 * journalposter lists every journalpost of the case once for each of them. `journalposter` has
 * no slice and no cap (a case has as many as it has), so the estimate cannot price that: as
 * lists of ten, `saksmappe { journalposter { saksmappe { journalposter { … } } } }` four deep
 * (180 bytes) was answered, and a case of 33 journalposter gave 33^4 = 1.2 million in 26 MB
 * after 34 s, the gateway's event loop held for 11 s of it; a case of a few hundred would take
 * the process down (found in review s45). Such a selection is refused (QUERY_TOO_COMPLEX):
 * its fields are the case's own, selected above the list.
 */
export const BACK_REFERENCES: Readonly<Record<string, string>> = {
  'Journalpost.saksmappe': 'Saksmappe.journalposter',
};

/** The number of entries of the list at `path` in coerced argument values (0 when there is none). */
function entries(args: Record<string, unknown> | null, path: readonly string[]): number {
  let v: unknown = args;
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return Array.isArray(v) ? v.length : 0;
}

/**
 * FIELD_WEIGHT with the weights that follow the configured limits: a postjournal or løpende
 * journal weighs one per journalpost it may list (POSTJOURNAL_MAX_LINES, 5,000 by default),
 * whatever the selection: its `entries` have no `first` and were priced as a list of 10, so
 * thirty aliases of a month's journal were accepted (found in review). At the defaults a
 * request holds nine of them (9 × 5,000 lines), and a lower cap lets more through. A coercion
 * list or report judges up to COERCION_MAX_EXECUTIONS (50,000) executions whatever its
 * selection (every execution of the period, for its verdict) and weighs as journalTimeline
 * does for as many notes, 2,000 at the default (found in review: priced as a list of 10).
 */
export function fieldWeights(
  limits: Pick<Limits, 'postjournalMaxLines' | 'coercionMaxExecutions'>,
): Readonly<Record<string, number>> {
  // As journalTimeline: 2,000 for up to 50,000 rows. lib/config.ts refuses caps whose weight
  // is over half of GRAPHQL_MAX_COST (every request holding the field would be refused).
  const { postjournal, coercionExecutions: executions } = capWeights(limits);
  return {
    ...FIELD_WEIGHT,
    'Query.postjournal': postjournal,
    'Query.loependeJournal': postjournal,
    'Patient.coercionExecutions': executions,
    'Patient.coercionReport': executions,
    'CoercionDecision.executions': executions,
  };
}

/**
 * List fields as long as a configured cap, with their cap: every coercion execution of the
 * person (or covered by a decision) in the period, up to COERCION_MAX_EXECUTIONS. Such a field
 * weighs its whole list already (fieldWeights), and its selection is multiplied by `listSize`
 * like any list's, except the fields under it that run work of their own (a field of
 * FIELD_WEIGHT or ENTRY_WEIGHT, with what is under it): those run once per entry, and are
 * multiplied by the cap. Multiplied by 10, `coercionExecutions { decision { executions } } }`
 * was priced at about 22,000 and answered, every execution listing every execution of its
 * decision again: 300 executions gave 90,000 entries, and the cap would ask 2.5 billion (found
 * in review s39).
 */
export function listCaps(limits: Pick<Limits, 'coercionMaxExecutions'>): Readonly<Record<string, number>> {
  return {
    'Patient.coercionExecutions': limits.coercionMaxExecutions,
    'CoercionDecision.executions': limits.coercionMaxExecutions,
  };
}

/**
 * The estimated cost of an operation (see the header), in the walk that also refuses an
 * oversized ID or an explicit null slice (throws BAD_USER_INPUT). 0 when the operation or its
 * variables are invalid: execution refuses those before anything runs.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  listSize: number,
  weights: Readonly<Record<string, number>> = FIELD_WEIGHT,
  caps: Readonly<Record<string, number>> = {},
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  const vars = operation && coercedVariables(schema, operation, variables);
  if (!operation || !root || !vars) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  /**
   * A selection's cost, and the part of it the fields that run work of their own make (`heavy`:
   * a field of FIELD_WEIGHT or ENTRY_WEIGHT with all under it), which a capped list multiplies
   * by its cap (listCaps).
   */
  interface Cost {
    cost: number;
    heavy: number;
  }
  /** A fragment's cost per slicing context (`<name>|<sliced>`): each is walked once. */
  const fragmentCost = new Map<string, Cost>();

  const costOf = (
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    sliced: boolean,
    seen: ReadonlySet<string>,
    /** The field whose selection this is (`Type.field`), for BACK_REFERENCES. */
    parent: string | undefined,
  ): Cost => {
    let total = 0;
    let heavy = 0;
    for (const sel of set.selections) {
      checkDirectives(schema, sel.directives, vars);
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (!f || seen.has(f.name.value)) continue;
        const key = `${f.name.value}|${sliced}|${parent ?? ''}`;
        let cost = fragmentCost.get(key);
        if (cost === undefined) {
          checkDirectives(schema, f.directives, vars);
          const t = schema.getType(f.typeCondition.name.value);
          cost =
            t && isCompositeType(t)
              ? costOf(f.selectionSet, t, sliced, new Set([...seen, f.name.value]), parent)
              : { cost: 0, heavy: 0 };
          fragmentCost.set(key, cost);
        }
        total += cost.cost;
        heavy += cost.heavy;
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (t && isCompositeType(t)) {
          const cost = costOf(sel.selectionSet, t, sliced, seen, parent);
          total += cost.cost;
          heavy += cost.heavy;
        }
        continue;
      }
      const name = sel.name.value;
      // __typename costs 1 like any field, wherever it stands: priced at nothing, eight nested
      // fragments each spreading the next ten times with Patient's __typename at the bottom (700
      // bytes) cost 1 and were run, and the gateway's delegation spread them out, 10^7 copies,
      // holding its one event loop for 20–50 s (found in review s45). Priced, the cost of a
      // selection is at least its number of fields spread out, so a spread-out selection past
      // the limit is refused whatever its leaves. The introspection fields (__schema, __type) are
      // answered by the gateway itself from its own schema and stay unpriced under them.
      if (name === '__typename') {
        total += 1;
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[name];
      if (!field) continue;
      const args = checkedArguments(schema, field, sel, vars);
      if (name.startsWith('__')) {
        total += 1; // __schema, __type: the field, not what it selects (see __typename above)
        continue;
      }
      const key = `${type.name}.${name}`;
      if (parent !== undefined && BACK_REFERENCES[key] === parent)
        throw tooComplex(
          `${key} under ${parent} is the record being listed: each item would list the whole list again; select its fields outside ${parent.split('.')[1]}`,
        );
      let own = weights[key] ?? 1;
      const perEntry = ENTRY_WEIGHT[key];
      if (perEntry) own += perEntry.weight * entries(args, perEntry.argument);
      const works = own !== 1 || perEntry !== undefined;
      let under = 0;
      let underHeavy = 0;
      const named = getNamedType(field.type);
      if (sel.selectionSet && isCompositeType(named)) {
        let multiplier = 1;
        let slices = false;
        for (const argDef of field.args) {
          if (!SLICING_ARGUMENTS.includes(argDef.name)) continue;
          const given = sel.arguments?.some((a) => a.name.value === argDef.name);
          const value = args?.[argDef.name];
          // An explicit null replaces the schema's default (GraphQL: a null is a value), and
          // the resolvers' range checks let it through (null < 0 and null > 1000 are false;
          // LIMIT NULL is no limit). Left out, the default applies.
          if (given && value === null && argDef.defaultValue !== undefined)
            throw new GraphQLError(
              `${argDef.name} may not be null (${type.name}.${name}); leave it out for the default ${String(argDef.defaultValue)}`,
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
            );
          const n = typeof value === 'number' && Number.isFinite(value) ? Math.max(value, 0) : listSize;
          multiplier = Math.max(n, 1);
          slices = true;
        }
        const sizeArgument = SIZE_ARGUMENT[key];
        if (sizeArgument) multiplier = Math.max(entries(args, sizeArgument), 1);
        else if (!slices && isListType(getNullableType(field.type)) && !sliced) multiplier = listSize;
        // The lists directly under a slicing field are its slice when the field is a page (a
        // connection's `edges`, a search's `hits`); when the field is itself the list
        // (`subjects(first:)`, `recordCases(first:)`), the lists of each item are lists like
        // any other (listSize). Taken for the slice, `researchCohort { subjects(first: 1000)
        // { careContacts cases coercionExecutions coercionDecisions } }` was priced at about
        // 20,000 and answered: four queries per subject, 4,000 from one request, 8,000 from two
        // aliases (found in review s40).
        const sub = costOf(
          sel.selectionSet,
          named,
          slices && !isListType(getNullableType(field.type)),
          seen,
          key,
        );
        const cap = caps[key];
        // A capped list: its plain fields as any list's, the work under it once per entry.
        under =
          cap !== undefined
            ? multiplier * (sub.cost - sub.heavy) + Math.max(cap, multiplier) * sub.heavy
            : multiplier * sub.cost;
        underHeavy = cap !== undefined ? Math.max(cap, multiplier) * sub.heavy : multiplier * sub.heavy;
      }
      total += own + under;
      heavy += works ? own + under : underHeavy;
    }
    return { cost: total, heavy };
  };
  checkDirectives(schema, operation.directives, vars);
  return costOf(operation.selectionSet, root, false, new Set(), undefined).cost;
}

/** The error every refused query gets: a clear message, code QUERY_TOO_COMPLEX. */
export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

interface ExecuteArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/** The cost limit and the id cap, checked in one walk when the variables are known (before execution starts). */
function costLimitPlugin(
  limits: Pick<Limits, 'maxCost' | 'listSize' | 'postjournalMaxLines' | 'coercionMaxExecutions'>,
) {
  const weights = fieldWeights(limits);
  const caps = listCaps(limits);
  return {
    onExecute({
      args,
      setResultAndStopExecution,
    }: {
      args: ExecuteArgs;
      setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
    }) {
      let cost: number;
      try {
        cost = operationCost(
          args.schema,
          args.document,
          args.operationName,
          args.variableValues,
          limits.listSize,
          weights,
          caps,
        );
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        setResultAndStopExecution({ errors: [err] });
        return;
      }
      if (cost > limits.maxCost)
        setResultAndStopExecution({
          errors: [
            tooComplex(
              `query is too expensive: estimated cost ${cost} exceeds the limit of ${limits.maxCost} (lower first/limit arguments or nest less)`,
            ),
          ],
        });
    },
  };
}

/**
 * The values a request's parameters hold: every list entry and object field (`query`,
 * `variables` and the variables' own fields among them), at any depth, walked without
 * recursion and without the schema. Stops once past `max`, so it looks at no more than
 * `max` + 1 values: a list is counted by its length before its entries are looked at.
 */
export function countValues(value: unknown, max: number): number {
  let n = 0;
  const pending: unknown[] = [value];
  const look = (e: unknown) => {
    if (e !== null && typeof e === 'object') pending.push(e);
  };
  while (pending.length) {
    const v = pending.pop();
    if (Array.isArray(v)) {
      n += v.length;
      if (n > max) return n;
      v.forEach(look);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) {
        if (!Object.hasOwn(v, k) || (v as Record<string, unknown>)[k] === undefined) continue;
        if (++n > max) return n;
        look((v as Record<string, unknown>)[k]);
      }
    }
  }
  return n;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The same count on JSON text, before it is parsed: one per comma and per non-empty `[` or `{`
 * outside strings (a list or object of k entries has k − 1 commas), which is countValues of
 * the parsed text when it is JSON. A byte loop: about 1.5 ms for 1 MB, and it stops past `max`.
 */
export function countJsonValues(json: Uint8Array, max: number): number {
  let n = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === QUOTE) {
      for (i++; i < json.length && json[i] !== QUOTE; i++) if (json[i] === BACKSLASH) i++;
      continue;
    }
    let counts = c === COMMA;
    if (OPEN.has(c)) {
      let j = i + 1;
      while (j < json.length && SPACE.has(json[j]!)) j++;
      counts = j < json.length && !CLOSE.has(json[j]!);
    }
    if (counts && ++n > max) return n;
  }
  return n;
}

/** The refusal of a request over GRAPHQL_MAX_REQUEST_VALUES: HTTP 413, naming the limit. */
export function tooManyValues(max: number): GraphQLError {
  return new GraphQLError(
    `the request holds more than ${max} values (each list entry and input field of its variables counts); the limit is ${max} (GRAPHQL_MAX_REQUEST_VALUES)`,
    { extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } } },
  );
}

/**
 * Refuses a request whose parameters hold more than `max` values (GRAPHQL_MAX_REQUEST_VALUES)
 * as soon as the runtime has them, before the document is parsed and before any variable is
 * coerced. The gateway's HTTP layer refuses a JSON body over the limit before even that
 * (gateway/server.ts, countJsonValues); this covers the other ways parameters come (a GET's
 * query string, a form). A request with a list of 100,000 entries (400 KB, within the body
 * cap) took 0.6–0.8 s (median, `npm run bench:huge-variables`; 1–3 s in review) to be refused
 * by the resolver's own cap: graphql-js coerced each entry four times (the cost walk's and the
 * runtime's coercion here, the id cap's and the execution's in the subgraph) and the id cap
 * walked it twice. No operation of this repository comes near the default of 10,000 (the
 * longest list, search's disabledExpansions, takes 5,000).
 */
export function requestValuesLimitPlugin(max: number) {
  return {
    onParams({
      params,
      setResult,
    }: {
      params: unknown;
      setResult: (result: { errors: GraphQLError[] }) => void;
    }) {
      if (countValues(params, max) > max) setResult({ errors: [tooManyValues(max)] });
    },
  };
}

/**
 * How deep an introspection selection (under `__schema` or `__type`) may go: as deep as
 * graphql-js's own introspection query needs with every option on (getIntrospectionQuery, which
 * GraphiQL sends; 15 with graphql 16), worked out from that query so that it follows graphql-js.
 * The depth limit (GRAPHQL_MAX_DEPTH, GraphQL Armor's maxDepth) leaves `__schema` out on purpose
 * (the standard query is deeper than 12), so a `__schema { types { fields { type { ofType { … } } } } }`
 * of any depth was answered in development (production turns introspection off; review s46).
 */
export const INTROSPECTION_MAX_DEPTH = (() => {
  const doc = parse(
    getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    }),
  );
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const op = getOperationAST(doc);
  return op ? selectionDepth(op.selectionSet, fragments, new Map(), new Set()) : 0;
})();

/**
 * The depth of a selection set, fragments spread in (a field is one level; a fragment none). Each
 * named fragment's depth is worked out once (`memo`), and a fragment spread inside itself counts
 * nothing more (NoFragmentCyclesRule refuses the document anyway).
 */
function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  memo: Map<string, number>,
  visiting: Set<string>,
): number {
  let depth = 0;
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD)
      depth = Math.max(depth, 1 + selectionDepth(sel.selectionSet, fragments, memo, visiting));
    else if (sel.kind === Kind.INLINE_FRAGMENT)
      depth = Math.max(depth, selectionDepth(sel.selectionSet, fragments, memo, visiting));
    else {
      const name = sel.name.value;
      let d = memo.get(name);
      if (d === undefined) {
        const f = fragments.get(name);
        if (!f || visiting.has(name)) continue;
        visiting.add(name);
        d = selectionDepth(f.selectionSet, fragments, memo, visiting);
        visiting.delete(name);
        memo.set(name, d);
      }
      depth = Math.max(depth, d);
    }
  }
  return depth;
}

/**
 * A validation rule: an introspection field (`__schema`, `__type`) whose selection, itself
 * included, is deeper than `max` is refused (QUERY_TOO_COMPLEX), naming the limit.
 */
export function introspectionDepthRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const memo = new Map<string, number>();
    return {
      Field(node) {
        const name = node.name.value;
        if (name !== '__schema' && name !== '__type') return;
        const depth = 1 + selectionDepth(node.selectionSet, fragments, memo, new Set());
        if (depth > max)
          context.reportError(
            tooComplex(
              `introspection is limited to a depth of ${max} (what graphql-js's standard introspection query, GraphiQL's, needs); this ${name} selection is ${depth} deep`,
            ),
          );
        // Nested introspection fields are inside this one's depth already.
        return false;
      },
    };
  };
}

/**
 * graphql-js's own validation gives up on a document whose fields take too much work to check
 * (graphql 16.15: OverlappingFieldsCanBeMergedRule compares the fields of one answer name pairwise
 * up to 500,000 comparisons, and ValidationContext caps the work of expanding fragments), with the
 * bare error "Validation aborted.": 1,000 unaliased `__typename` at the root (499,500 pairs) got
 * that and nothing else (review s46). It is replaced by an error saying which limit was passed
 * and what to do, code QUERY_TOO_COMPLEX.
 */
export const VALIDATION_ABORTED = 'Validation aborted.';

export function validationAbortedError(): GraphQLError {
  return tooComplex(
    "the query takes too much work to validate: it passes graphql-js's validation limit of 500,000 comparisons between fields answering under the same name (1,000 copies of one field are 499,500 pairs), or its limit on expanding fragments; select each field once and spread fragments fewer times",
  );
}

/** Validation limits of our own: the introspection depth, and a clear error for graphql-js's aborted validation. */
export function validationLimitsPlugin(introspectionMaxDepth: number = INTROSPECTION_MAX_DEPTH) {
  return {
    onValidate({ addValidationRule }: { addValidationRule: (rule: ValidationRule) => void }) {
      addValidationRule(introspectionDepthRule(introspectionMaxDepth));
      return ({
        result,
        setResult,
      }: {
        result: readonly unknown[];
        setResult: (errors: unknown[]) => void;
      }) => {
        if (result.some((e) => e instanceof Error && e.message === VALIDATION_ABORTED))
          setResult(
            result.map((e) =>
              e instanceof Error && e.message === VALIDATION_ABORTED ? validationAbortedError() : e,
            ),
          );
      };
    },
  };
}

/** Envelop plugins for the gateway runtime. */
export function limitPlugins(limits: Limits, opts: { blockFieldSuggestions: boolean }) {
  const errorCode = (_: unknown, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).code = 'QUERY_TOO_COMPLEX';
  };
  const common = { exposeLimits: true, propagateOnRejection: true, onReject: [errorCode] };
  const plugins: unknown[] = [
    requestValuesLimitPlugin(limits.maxRequestValues),
    maxTokensPlugin({ n: limits.maxTokens, ...common }),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...common }),
    maxAliasesPlugin({ n: limits.maxAliases, ...common }),
    validationLimitsPlugin(),
    costLimitPlugin(limits),
  ];
  if (opts.blockFieldSuggestions) plugins.push(blockFieldSuggestionsPlugin({ mask: '' }));
  return plugins;
}
