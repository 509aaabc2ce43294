import { Client, errors, type estypes } from '@elastic/elasticsearch';
import { log } from '../lib/log';
import { noteKey } from './note-key';
import {
  aliasName,
  CONCEPT_MAPPING,
  EARLIER_MAPPING,
  SIGN_MAPPING,
  indexName,
  PARTIES_MAPPING,
  LEAP_DAY_MAPPING,
  NOTE_KEY_MAPPING,
  indexTemplate,
  MERGE_POLICY,
  SOURCE_KEYWORD_MAPPING,
  TEXT_ORIGIN_MAPPING,
  VECTOR_MAPPING,
} from './definition';
import {
  decodeCursor,
  encodeCursor,
  esAgeUnknown,
  esFilters,
  esScope,
  likeSeeds,
  personNids,
} from './filters';
import {
  buildQuery,
  earlierSpanHighlightQuery,
  earlierWords,
  isEarlierSpan,
  expandedWords,
  highlightQuery,
  matchedIn,
  namedConcepts,
  nfc,
  STOP_WORDS,
  SUGGESTIONS,
  learnedClause,
  LIKE_TERMS,
  namesSign,
  overSignText,
  signText,
  unspelled,
} from './query';
import { loadVocabulary } from './vocabulary';
import { refusedKinds } from './clause-budget';
import type { LearnedExpansions } from './expansions';
import { enrichDocument, reembedPass } from './enrich';
import { earlierHeld } from './earlier-held';
import { FUNCTION_WORDS, suggestable } from './function-words';
import { PHRASE_SAMPLE, phraseCandidates, phraseExclusions, scorePhrases } from './phrase-suggestions';
import {
  classifierOption,
  conceptCentroids,
  DEFAULT_KNN,
  documentEmbedder,
  knnVector,
  type KnnSettings,
} from './vectors';
import {
  DocumentsRejectedError,
  PERSON_KEYS_MAX,
  SearchUnavailableError,
  UnknownAgeError,
  type IndexDocument,
  type PersonKeys,
  type RebuildTarget,
  type SearchBackend,
  type SearchQuery,
  type SearchResponse,
  type SuggestedTerm,
  earlierKey,
} from './types';

/**
 * The persons behind a count (SearchQuery.persons): the distinct record ids and national ids
 * of the documents counted, at most PERSON_KEYS_MAX of each. A terms aggregation's
 * sum_other_doc_count is 0 exactly when every key came back (whatever the shards).
 */
const PERSON_AGGS = {
  person_patient_ids: { terms: { field: 'patientId', size: PERSON_KEYS_MAX } },
  person_national_ids: { terms: { field: 'nationalIds', size: PERSON_KEYS_MAX } },
  // The documents' note keys, summed (PersonKeys.notesKey; search-index/note-key.ts).
  person_notes_key: { sum: { field: 'noteKey' } },
  person_notes_keyed: { value_count: { field: 'noteKey' } },
};
type PersonAggs = Record<
  string,
  { buckets?: { key: string }[]; sum_other_doc_count?: number; value?: number | null } | undefined
>;

function personKeys(aggs: PersonAggs | undefined): PersonKeys {
  const keys = (name: string) => (aggs?.[name]?.buckets ?? []).map((b) => String(b.key));
  const cut = (name: string) => (aggs?.[name]?.sum_other_doc_count ?? 0) > 0;
  return {
    patientIds: keys('person_patient_ids'),
    nationalIds: keys('person_national_ids'),
    // Without the aggregations (an answer cut short) nothing is known: not complete.
    complete: !!aggs?.person_patient_ids && !cut('person_patient_ids') && !cut('person_national_ids'),
    notesKey: String(Math.round(aggs?.person_notes_key?.value ?? 0)),
    notesKeyed: aggs?.person_notes_keyed?.value ?? 0,
  };
}

/** What the search answer reads of Elasticsearch's response (its `filter_path`); errors stay whole. */
const SEARCH_FILTER_PATH = [
  'hits.total',
  'hits.hits._source',
  'hits.hits._score',
  'hits.hits.sort',
  'hits.hits.highlight',
  'hits.hits.matched_queries',
  'pit_id',
  'aggregations',
  'error',
  'status',
];

/**
 * The characters of a field the highlighter analyses: one below Elasticsearch's index default
 * (index.highlight.max_analyzed_offset, 1,000,000), where a longer text fails the search unless
 * the request sets a limit. Matches past it are found and counted, and not highlighted.
 */
export const HIGHLIGHT_MAX_ANALYZED_OFFSET = 999_999;

/** The order of hits, and so of a cursor's values: the score, then the note's id. */
const SORT: estypes.SortCombinations[] = [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }];

/**
 * How long a point in time (the result a cursor pages through) is kept without a page asked:
 * each page extends it. A cursor older than that is "invalid cursor" (search again).
 */
export const PIT_KEEP_ALIVE = '10m';

/** A page cursor opened: the last hit's sort values, and the point in time of its result (none: a cursor of before). */
interface OpenedCursor {
  sort: estypes.SortResults;
  pit: string | null;
}

/**
 * A page cursor opened: the last hit's sort values, [score, id] as SORT orders them, and, for
 * a result held in a point in time, the tiebreak Elasticsearch adds to it (`_shard_doc`) and the
 * point in time's id. Anything else is the caller's "invalid cursor" (BAD_USER_INPUT), not sent
 * on: made-up cursors such as [1,2,3], ["x","y"], [] or [{"a":1},"x"] came back as
 * Elasticsearch's 400 (an internal error) and [null,null] as "search unavailable, try again"
 * (found in review).
 */
function openCursor(cursor: string): OpenedCursor {
  const v = decodeCursor(cursor);
  const head = typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string';
  if (head && v.length === SORT.length) return { sort: [v[0] as number, v[1] as string], pit: null };
  if (
    head &&
    v.length === SORT.length + 2 &&
    Number.isSafeInteger(v[2]) &&
    typeof v[3] === 'string' &&
    /^[A-Za-z0-9_=+/-]{1,4096}$/.test(v[3])
  )
    return { sort: [v[0] as number, v[1] as string, v[2] as number], pit: v[3] };
  throw new Error('invalid cursor');
}

/** A point in time Elasticsearch no longer holds (expired, or closed). */
function isMissingPit(err: unknown): boolean {
  const e = err as { meta?: { statusCode?: number; body?: unknown } };
  return (
    e.meta?.statusCode === 404 ||
    /search_context_missing|No search context found/.test(JSON.stringify(e.meta?.body ?? ''))
  );
}

export interface ElasticsearchOptions {
  url: string;
  prefix: string;
  hunspellLocale: string;
  /** Learned query expansion (search-index/expansions.ts). */
  learned?: LearnedExpansions;
  /** Document vectors and the knn expansion (search-index/vectors.ts); off by default. */
  knn?: Partial<KnnSettings>;
}

/** Elasticsearch unreachable, timing out, refusing (429) or failing (5xx): the caller may try again. */
export function isUnavailable(err: unknown): boolean {
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoLivingConnectionsError
  )
    return true;
  return err instanceof errors.ResponseError && (err.statusCode === 429 || (err.statusCode ?? 0) >= 500);
}

/** Analyze requests of SearchBackend.tokens in flight at once. */
const ANALYZE_PARALLEL = 4;
/** Texts a request of SearchBackend.tokens analyses (see there). */
const ANALYZE_BATCH = 1000;

/** Answers with SearchUnavailableError (no addresses, no internals) when Elasticsearch cannot answer now. */
async function answering<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnavailable(err)) throw new SearchUnavailableError(err);
    throw err;
  }
}

/**
 * How much of a hit's text is shown when its highlight has nothing to mark (the highlighter's
 * `no_match_size`): about what PostgreSQL's ts_headline shows of a text it marks nothing in.
 */
export const NO_MATCH_CHARS = 200;

export function createElasticsearchBackend(opts: ElasticsearchOptions): SearchBackend & { client: Client } {
  const client = new Client({ node: opts.url, requestTimeout: 30_000 });
  const alias = aliasName(opts.prefix);
  const vocabulary = loadVocabulary();

  const knn = { ...DEFAULT_KNN, ...opts.knn };
  const embedder = documentEmbedder(opts.learned, knn.enabled, knn.classifier);
  const prepare = (d: IndexDocument): IndexDocument => enrichDocument(d, embedder);
  /**
   * The document as sent: its note key; no vector field when there is none; the parties' ages
   * as nested `parties`. The fields are set on `rest`, the new object the destructuring made,
   * not spread into another copy (`{ ...rest, noteKey, ...vector }` cost more per document
   * than the note key's MD5: bench/indexer-cpu.ts; subgraphs/search/MEASUREMENTS.md).
   */
  // Whether any note in the index has earlier versions (earlier-held.ts): one document with the field.
  const earlierIndexed = earlierHeld(async () => {
    const r = await client.count({
      index: alias,
      terminate_after: 1,
      query: { exists: { field: 'earlierVersions' } },
    });
    return r.count > 0;
  });
  const withParts = (d: IndexDocument): Record<string, unknown> => {
    const { vector, vectorModel, partyAges, partyAgesFeb28, ...rest } = prepare(d);
    const sent: Record<string, unknown> = rest;
    const parties = (partyAges ?? []).flatMap((age, i) =>
      age == null
        ? []
        : [
            {
              nationalId: d.nationalIds[i],
              age,
              ...(partyAgesFeb28?.[i] != null ? { ageFeb28: partyAgesFeb28[i] } : {}),
            },
          ],
    );
    sent.noteKey = noteKey(d.id);
    if (vector) sent.vector = vector;
    if (vectorModel) sent.vectorModel = vectorModel;
    if (parties.length) sent.parties = parties;
    // The text with its rule signs spelled (definition.ts SIGN_MAPPING): only where it holds one.
    const signs = signText(rest.text);
    if (signs) sent.signText = signs;
    const earlierSigns = rest.earlierText?.map((t) => signText(t));
    if (earlierSigns?.some((t) => t !== undefined))
      sent.earlierSignText = earlierSigns.map((t, i) => t ?? rest.earlierText![i]!);
    return sent;
  };
  async function bulk(operations: object[]): Promise<void> {
    if (!operations.length) return;
    const r = await client.bulk({ operations, refresh: false });
    if (!r.errors) return;
    // A version conflict means the index already holds this version or a newer one: fine.
    const failed = r.items
      .map((i) => Object.values(i)[0])
      .filter(
        (i) =>
          i?.error &&
          i.status !== 409 &&
          // A deleted document: gone from a delete, or from a re-embed's partial update.
          !(
            i.status === 404 &&
            (('result' in i && i.result === 'not_found') || i.error.type === 'document_missing_exception')
          ),
      );
    if (failed.length) {
      // Refused as they are (400: a mapping error, a term over Lucene's limit): the others were
      // written, and these alone stay to be sent again (indexer.ts drainOutbox). The reason's
      // text may quote the document (an immense term's first bytes): only its type is told.
      if (failed.every((i) => i!.status === 400 && i!._id))
        throw new DocumentsRejectedError(
          failed.map((i) => i!._id!),
          [...new Set(failed.map((i) => i!.error!.type))].join(', '),
        );
      const first = failed[0]!.error!;
      throw new Error(`bulk indexing failed for ${failed.length} documents: ${first.type}: ${first.reason}`);
    }
  }

  async function visibleIds(ids: string[], scope: SearchQuery['scope']): Promise<string[]> {
    if (!scope) return ids;
    const r = await client.search({
      index: alias,
      size: ids.length,
      _source: false,
      query: { bool: { filter: [{ ids: { values: ids } }, esScope(scope)] } },
    });
    return r.hits.hits.map((h) => h._id!).filter((id) => ids.includes(id));
  }

  /**
   * The marked notes' most distinctive words (query.ts LIKE_TERMS), as the PostgreSQL backend's
   * likeTerms: frequent in them (their term vectors), rare among the notes the caller may see
   * (document frequencies counted under the scope, pending removals left out), in at least two.
   * more_like_this chose its terms by frequencies over the whole index (found in review s38).
   */
  async function likeTerms(ids: string[], q: SearchQuery): Promise<string[]> {
    if (!ids.length) return [];
    const tv = await client.mtermvectors({
      index: alias,
      ids,
      fields: ['text'],
      term_statistics: false,
      field_statistics: false,
      positions: false,
      offsets: false,
      payloads: false,
    });
    const tf = new Map<string, number>();
    for (const d of tv.docs)
      for (const [term, t] of Object.entries(d.term_vectors?.text?.terms ?? {}))
        if ([...term].length >= 3) tf.set(term, (tf.get(term) ?? 0) + (t.term_freq ?? 1));
    const marked = [...tf]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, 60);
    if (!marked.length) return [];
    const filter = [
      ...(q.scope ? [esScope(q.scope)] : []),
      ...(q.pendingRemovals?.length
        ? [{ bool: { must_not: [{ ids: { values: q.pendingRemovals } }] } }]
        : []),
    ];
    const r = await client.search({
      index: alias,
      size: 0,
      track_total_hits: true,
      query: { bool: { filter } },
      aggs: {
        df: {
          filters: {
            filters: Object.fromEntries(marked.map(([t], i) => [String(i), { term: { text: t } }])),
          },
        },
      },
    });
    const n = Math.max(typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0), 1);
    const buckets = (r.aggregations?.df as { buckets: Record<string, { doc_count: number }> }).buckets;
    return marked
      .map(([term, f], i) => ({
        term,
        score: f * Math.log(n / Math.max(buckets[String(i)]?.doc_count ?? 0, 1)),
        df: buckets[String(i)]?.doc_count ?? 0,
      }))
      .filter((x) => x.df >= 2)
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      .slice(0, LIKE_TERMS)
      .map((x) => x.term);
  }

  /** Closes a point in time nobody will page through (in the background: its keep-alive ends it anyway). */
  function closePit(id: string): void {
    client.closePointInTime({ id }).catch((err: unknown) => {
      log.warn(
        { err: (err as Error).message },
        'closing a search point in time failed (it expires by itself)',
      );
    });
  }

  /** The hits of a held page as the live index has them now (see search), in the page's order. */
  async function liveHits(
    held: estypes.SearchHit<IndexDocument>[],
    query: estypes.QueryDslQueryContainer,
    filter: estypes.QueryDslQueryContainer[],
    highlight: estypes.SearchHighlight | undefined,
  ): Promise<estypes.SearchHit<IndexDocument>[]> {
    const ids = held.map((h) => h._source!.id);
    const r = await client.search<IndexDocument>({
      index: alias,
      size: ids.length,
      track_total_hits: false,
      _source: ['id', 'kind', 'patientId', 'nationalIds', 'refs', 'textOrigin'],
      query: { bool: { must: [query], filter: [...filter, { ids: { values: ids } }] } },
      filter_path: SEARCH_FILTER_PATH,
      ...(highlight ? { highlight } : {}),
    });
    const now = new Map((r.hits?.hits ?? []).map((h) => [h._source!.id, h]));
    return held.flatMap((h) => {
      const l = now.get(h._source!.id);
      return l ? [{ ...l, sort: h.sort }] : [];
    });
  }

  const backend: SearchBackend & { client: Client } = {
    name: 'elasticsearch',
    client,
    async ensureReady() {
      await client.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
      await client.indices.putIndexTemplate(indexTemplate(opts.prefix, opts.hunspellLocale));
      const exists = await client.indices.existsAlias({ name: alias });
      if (!exists) {
        const index = indexName(opts.prefix);
        try {
          await client.indices.create({ index, aliases: { [alias]: {} } });
        } catch (err) {
          if (!(
            err instanceof errors.ResponseError &&
            err.body?.error?.type === 'resource_already_exists_exception'
          ))
            throw err;
        }
        return;
      }
      const live = Object.keys(await client.indices.getAlias({ name: alias }));
      const current = indexName(opts.prefix);
      if (!live.some((i) => i === current || i.startsWith(`${current}-`))) {
        throw new Error(
          `Elasticsearch index ${live.join(', ')} behind alias ${alias} is an older index definition than this build's (${current}): run \`npm run cli -- reindex\``,
        );
      }
      // The merge policy of this build, on an index created before it (dynamic settings).
      await client.indices.putSettings({ index: alias, settings: MERGE_POLICY });
      // Fields added within this version (archive document text origin, document vectors, concept
      // tags): put on the live index. The vector's dims were fixed by its first vector: put it
      // only when absent. Notes written before the tags get theirs from the re-embed pass.
      const mapping = await client.indices.getMapping({ index: alias });
      const has = Object.values(mapping).every((m) => m.mappings?.properties?.vector);
      await client.indices.putMapping({
        index: alias,
        properties: {
          ...TEXT_ORIGIN_MAPPING,
          ...(has ? { vectorModel: VECTOR_MAPPING.vectorModel } : VECTOR_MAPPING),
          ...CONCEPT_MAPPING,
          ...PARTIES_MAPPING,
          ...LEAP_DAY_MAPPING,
          ...NOTE_KEY_MAPPING,
          ...EARLIER_MAPPING,
          ...SIGN_MAPPING,
          ...SOURCE_KEYWORD_MAPPING,
        },
      });
    },
    async upsert(docs: IndexDocument[]) {
      // Plain index: the indexer always sends the current state read from the database, one drain at a time.
      earlierIndexed.saw(docs);
      await bulk(docs.flatMap((d) => [{ index: { _index: alias, _id: d.id } }, withParts(d)]));
    },
    async remove(ids: string[]) {
      await bulk(ids.map((id) => ({ delete: { _index: alias, _id: id } })));
    },
    async refresh() {
      await client.indices.refresh({ index: alias });
    },
    async expungeDeleted() {
      const deleted = async () => {
        const st = await client.indices.stats({ index: alias, metric: 'docs' });
        return st._all.primaries?.docs?.deleted ?? 0;
      };
      const deletedBefore = await deleted();
      if (deletedBefore === 0) return { deletedBefore, deletedAfter: 0 };
      // By default a segment is expunged only when over 10 % of it is deleted; a deleted note must go whatever its share.
      await client.indices.putSettings({
        index: alias,
        settings: { 'index.merge.policy.expunge_deletes_allowed': 0 },
      });
      // Bounded: one request on the live index, at most 10 minutes. Deletes newer than the shard's
      // peer-recovery retention lease (renewed about every 30 s) stay until the next expunge.
      await client.indices.forcemerge(
        { index: alias, only_expunge_deletes: true, wait_for_completion: true },
        { requestTimeout: 600_000 },
      );
      await client.indices.refresh({ index: alias });
      return { deletedBefore, deletedAfter: await deleted() };
    },
    async search(q: SearchQuery): Promise<SearchResponse> {
      // One Unicode form, as the notes are indexed (query.ts nfc; found in review s33).
      q = { ...q, query: nfc(q.query) };
      // A result paged through is held in a point in time (PIT_KEEP_ALIVE from its last page):
      // its later pages are of the same result, whatever the index does meanwhile. Before, the
      // cursor was the last hit's score alone, and notes imported for other persons changed the
      // index statistics every score is made of: the next page asked for scores below the old
      // one and skipped notes, or ended (found in review s33: 4 of 12 notes, then no next page).
      // Opened for a first page that shows some notes, beside the query's preparation (its
      // round trip is not on the way), and closed at once when nothing follows; closed too when
      // the search is not sent (an UnknownAgeError, a refused query).
      const opened = q.after ? openCursor(q.after) : null;
      const ownPit = !q.after && q.pages !== false && q.first > 0 && !q.elusion;
      const pitOpening = ownPit
        ? client.openPointInTime({ index: alias, keep_alive: PIT_KEEP_ALIVE }).then((r) => r.id)
        : null;
      pitOpening?.catch(() => undefined);
      let pitSent = false;
      try {
        // The persons behind the counts (an elusion sample counts what the query does not find: none).
        const persons = !!q.persons && !q.elusion;
        // A marked note the caller may not see must not shape the query: keep only visible ones.
        const seeds = likeSeeds(q);
        const like = seeds.length ? await visibleIds(seeds, q.scope) : [];
        const filter = esFilters(q);
        // An age window over a person: none of their records in the rest of the window may be of
        // unknown age (UnknownAgeError), counted beside the query's own preparation.
        const whose = personNids(q);
        const unknownAge =
          (q.ageFrom != null || q.ageTo != null) && whose
            ? client
                .count({
                  index: alias,
                  query: {
                    bool: {
                      filter: [
                        ...esFilters({ ...q, ageFrom: undefined, ageTo: undefined }),
                        esAgeUnknown(whose),
                      ],
                    },
                  },
                })
                .then((c) => c.count)
            : Promise.resolve(0);
        unknownAge.catch(() => undefined);
        const vector = await knnVector(
          embedder,
          knn,
          q,
          () => namedConcepts(q.query, vocabulary),
          (x) => backend.search(x),
          async (ids, model) => {
            const r = await client.search({
              index: alias,
              size: ids.length,
              _source: false,
              fields: ['vector'],
              query: { bool: { filter: [{ ids: { values: ids } }, { term: { vectorModel: model } }] } },
            });
            return r.hits.hits
              .map((h) => h.fields?.vector as number[] | undefined)
              .filter((v) => v?.length) as number[][];
          },
          { centroidsOf: (names, model) => conceptCentroids(opts.learned, names, model) },
        );
        const built = buildQuery(q.query, vocabulary, {
          expand: q.expand,
          everyWord: q.everyWord,
          disabled: q.disabled,
          like: like.length ? { ids: like, terms: await likeTerms(like, q) } : undefined,
          learned: opts.learned && ((w) => opts.learned!.neighbours(w)),
          feedback: q.feedback,
          // Only when some note in the index has earlier versions (earlier-held.ts).
          earlier: !!q.earlierVersions && (await earlierIndexed.held()),
          knn: vector
            ? { ...vector, k: knn.k, similarity: knn.similarity, boost: knn.boost, filter }
            : undefined,
          classifier: classifierOption(knn, opts.learned, q),
        });
        // The words the earlier versions' text was searched for: a hit that matched only there is highlighted from it.
        const earlier = earlierWords(built.expansions);
        // An earlier phrase or near rule: marked where it stands, in the earlier text's exact field (stop 46).
        const earlierSpans = built.expansions.some(isEarlierSpan);
        // A near rule naming a sign ("§"): highlighted from the text with its signs spelled
        // (signText, definition.ts SIGN_MAPPING), where the rule's span stands, as searched.
        const signRule = (e: { kind: string; text: string; context?: string[] }) =>
          e.kind === 'near' && !!e.context && namesSign(e.text, e.context);
        const signs = built.expansions.some(signRule);
        const earlierSigns =
          earlierSpans && built.expansions.some((e) => e.kind === 'earlier' && !!e.of && signRule(e.of));
        const unknown = await unknownAge;
        if (unknown) throw new UnknownAgeError(unknown);
        const pit = pitOpening ? await pitOpening : (opened?.pit ?? null);
        const highlight: estypes.SearchHighlight | undefined =
          q.elusion || q.highlight === false
            ? undefined
            : {
                // The exact field only: the expansions list the forms to mark (inflections
                // included); one field, not two, halves the highlighter's work.
                fields: {
                  // A hit with nothing to mark (a near rule matched only among the compound parts,
                  // which have no positions; a typo form, kNN, a classifier tag) shows its text's
                  // start unmarked, as PostgreSQL's ts_headline does (stop 47; before: nothing).
                  'text.exact': { no_match_size: NO_MATCH_CHARS },
                  // A hit matched in the earlier text with nothing there to mark (a compound's stem
                  // "fallul*", a typo form) shows the earlier text's start unmarked, as PostgreSQL's
                  // ts_headline does (review of stop 47; before: nothing).
                  ...(earlier.length || built.expansions.some((e) => e.kind === 'earlier')
                    ? {
                        earlierText: {
                          ...(earlier.length
                            ? { highlight_query: { match: { earlierText: { query: earlier.join(' ') } } } }
                            : {}),
                          no_match_size: NO_MATCH_CHARS,
                        },
                      }
                    : {}),
                  ...(earlierSpans
                    ? {
                        'earlierText.exact': {
                          highlight_query: earlierSpanHighlightQuery(built.expansions),
                          no_match_size: NO_MATCH_CHARS,
                        },
                      }
                    : {}),
                  ...(signs
                    ? { signText: { highlight_query: overSignText(highlightQuery(built.expansions)) } }
                    : {}),
                  ...(earlierSigns
                    ? {
                        earlierSignText: {
                          highlight_query: overSignText(earlierSpanHighlightQuery(built.expansions)),
                        },
                      }
                    : {}),
                } as Record<string, estypes.SearchHighlightField>,
                highlight_query: highlightQuery(built.expansions),
                // A text longer than index.highlight.max_analyzed_offset (1,000,000 characters) is
                // highlighted from its first part instead of failing the whole search (found in
                // review s32: one note of 1.1 million characters made every search that hit it an error).
                max_analyzed_offset: HIGHLIGHT_MAX_ANALYZED_OFFSET,
                pre_tags: ['<em>'],
                post_tags: ['</em>'],
              };
        const query: estypes.QueryDslQueryContainer = q.elusion
          ? {
              function_score: {
                query: { bool: { must_not: [built.query], filter } },
                // The note's id, not `_seq_no`: every write of a document (the re-embed pass, a
                // reindex, reconcile) renumbers that, and the same seed drew another sample of the
                // same notes (found in review s33). The id's doc values are hashed with the seed.
                functions: [{ random_score: { seed: q.elusion.seed, field: 'id' } }],
                boost_mode: 'replace',
              },
            }
          : { bool: { must: [built.query], filter } };
        const phrasesWanted = !!q.suggest && !q.suggestFunctionWords;
        const aggs: Record<string, estypes.AggregationsAggregationContainer> | undefined =
          q.suggest || persons
            ? {
                // The persons behind the total (SearchQuery.persons).
                ...(persons ? PERSON_AGGS : {}),
                ...(q.suggest
                  ? {
                      sample: {
                        sampler: { shard_size: 200 },
                        aggs: {
                          suggested: {
                            significant_text: {
                              field: 'text.exact',
                              source_fields: ['text'],
                              size: (q.suggestSize ?? SUGGESTIONS) + 10,
                              min_doc_count: 2,
                              filter_duplicate_text: true,
                              // Function words (function-words.ts) are no suggestion a user is
                              // offered; the feedback pass's candidates keep them (as before).
                              exclude: [
                                ...new Set([
                                  ...(q.suggestFunctionWords ? STOP_WORDS : FUNCTION_WORDS),
                                  ...built.words,
                                  ...expandedWords(built),
                                ]),
                              ],
                              ...(filter.length ? { background_filter: { bool: { filter } } } : {}),
                            },
                          },
                          // The same notes' text, for the two-word phrases offered beside the words
                          // (phrase-suggestions.ts): a user's suggestions only, not the feedback pass's.
                          ...(phrasesWanted
                            ? {
                                texts: { top_hits: { size: PHRASE_SAMPLE, _source: { includes: ['text'] } } },
                              }
                            : {}),
                        },
                      },
                    }
                  : {}),
              }
            : undefined;
        // A later page of a held result: its hits come from the point in time (the order), but what
        // it counts and suggests (total, the persons behind it, suggestedTerms) from the live
        // index, as its hits are shown (liveHits). Counted in the point in time, the total and the
        // suggested words took in notes deleted or moved to another person's record since the
        // first page (helsepersonelloven §§ 43-44, pasientjournalloven § 22; found in review s34).
        const later = !!opened?.pit;
        pitSent = true;
        const sent = client.search<IndexDocument>({
          ...(pit ? { pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } } : { index: alias }),
          size: q.first + 1,
          track_total_hits: !later,
          // A later page's notes are read and highlighted again from the live index (liveHits):
          // from the point in time only their ids and order.
          _source: later ? ['id'] : ['id', 'kind', 'patientId', 'nationalIds', 'refs', 'textOrigin'],
          query,
          sort: SORT,
          // Only what the answer reads comes back (no _index, _id, _shards per response).
          filter_path: SEARCH_FILTER_PATH,
          ...(opened ? { search_after: opened.sort } : {}),
          ...(highlight && !later ? { highlight } : {}),
          ...(aggs && !later ? { aggs } : {}),
        });
        const live = later
          ? client.search({
              index: alias,
              size: 0,
              track_total_hits: true,
              query,
              filter_path: SEARCH_FILTER_PATH,
              ...(aggs ? { aggs } : {}),
            })
          : undefined;
        live?.catch(() => undefined);
        // The search-term report: how many documents each expansion matches within the filters, in one
        // msearch sent beside the search (not after it).
        const counting: Promise<{ responses: unknown[] }> =
          q.termReport === false || q.elusion
            ? Promise.resolve({ responses: [] })
            : client.msearch({
                index: alias,
                searches: built.expansions.flatMap((e) => [
                  {},
                  {
                    size: 0,
                    track_total_hits: true,
                    query: { bool: { must: [e.clause], filter } },
                    ...(persons ? { aggs: PERSON_AGGS } : {}),
                  },
                ]),
              });
        counting.catch(() => undefined);
        // Over the clause cap, the error names the kinds the query had (clause-budget.ts).
        const r = await sent.catch((err: unknown) => {
          if (ownPit && pit) closePit(pit);
          // The result's point in time is gone (no page for PIT_KEEP_ALIVE, or closed).
          if (opened?.pit && isMissingPit(err))
            throw new Error(
              `invalid cursor: its result is no longer held (${PIT_KEEP_ALIVE} without a page); search again`,
            );
          throw refusedKinds(err, built.expansions);
        });
        const counts = await counting;
        // With filter_path, a response without hits has no hits array.
        const hits = r.hits?.hits ?? [];
        // What is counted: the live index's answer on a later page, the page's own otherwise.
        const c = live
          ? await live.catch((err: unknown) => {
              throw refusedKinds(err, built.expansions);
            })
          : r;
        const total = typeof c.hits?.total === 'number' ? c.hits.total : (c.hits?.total?.value ?? 0);
        const hasNextPage = hits.length > q.first;
        const pitNow = r.pit_id ?? pit;
        if (pitNow && !hasNextPage) closePit(pitNow);
        const held = hits.slice(0, q.first);
        const last = held[held.length - 1];
        // A later page of a held result shows each of its notes as the live index has it now, and
        // not at all when it no longer matches there (deleted, moved, corrected, out of the
        // caller's scope since: helsepersonelloven §§ 43-44): the point in time orders, the live
        // index answers.
        const page = opened?.pit && held.length ? await liveHits(held, built.query, filter, highlight) : held;
        type Buckets = { buckets?: { key: string; doc_count: number; score: number }[] };
        const suggestedTerms: SuggestedTerm[] | undefined = q.suggest
          ? (((c.aggregations?.sample as { suggested?: Buckets } | undefined)?.suggested?.buckets ?? [])
              .filter((b) => (q.suggestFunctionWords ? /^\p{L}{3,}$/u.test(b.key) : suggestable(b.key)))
              .slice(0, q.suggestSize ?? SUGGESTIONS)
              .map((b) => ({ term: b.key, docs: b.doc_count, score: b.score })) as SuggestedTerm[])
          : undefined;
        // Two-word phrases after the words (phrase-suggestions.ts): counted in the found notes'
        // text, and each candidate's background in the notes the caller may see (one msearch).
        if (suggestedTerms && phrasesWanted) {
          type Texts = { hits?: { hits?: { _source?: { text?: string } }[] } };
          const texts = (
            (c.aggregations?.sample as { texts?: Texts } | undefined)?.texts?.hits?.hits ?? []
          ).map((h) => h._source?.text ?? '');
          const candidates = phraseCandidates(texts, phraseExclusions(built));
          if (candidates.length) {
            const count = (extra: Record<string, unknown>[]) => [
              {},
              { size: 0, track_total_hits: true, query: { bool: { filter: [...filter, ...extra] } } },
            ];
            const bg = await client
              .msearch({
                index: alias,
                searches: [
                  ...count([]),
                  ...candidates.flatMap((x) => count([{ match_phrase: { 'text.exact': x.phrase } }])),
                ],
              })
              .catch((err: unknown) => {
                throw refusedKinds(err, built.expansions);
              });
            const totalOf = (x: unknown) => {
              const t = (x as { hits?: { total?: number | { value: number } } }).hits?.total;
              return typeof t === 'number' ? t : (t?.value ?? 0);
            };
            const [all, ...each] = bg.responses.map(totalOf);
            suggestedTerms.push(
              ...scorePhrases(
                candidates.map((x, i) => ({ ...x, background: each[i] ?? 0 })),
                texts.length,
                all ?? 0,
              ),
            );
          }
        }
        return {
          total,
          ...(persons ? { persons: personKeys(c.aggregations as PersonAggs | undefined) } : {}),
          suggestedTerms,
          hits: page.map((h) => {
            const matched = (
              Array.isArray(h.matched_queries) ? h.matched_queries : Object.keys(h.matched_queries ?? {})
            ).sort();
            const where = matchedIn(built, matched);
            const names = new Set(matched);
            const spanHit = built.expansions.some((e) => names.has(e.name) && isEarlierSpan(e));
            return {
              id: h._source!.id,
              kind: h._source!.kind,
              patientId: h._source!.patientId,
              nationalIds: h._source!.nationalIds ?? [],
              refs: h._source!.refs,
              textOrigin: h._source!.textOrigin ?? null,
              score: h._score ?? 0,
              // Matched only in the earlier versions' text: highlighted from that text.
              // A hit of a rule naming a sign: from the text with its signs spelled, shown as written.
              highlights:
                where === 'earlier'
                  ? ((spanHit
                      ? (h.highlight?.earlierSignText?.map(unspelled) ?? h.highlight?.['earlierText.exact'])
                      : undefined) ??
                    h.highlight?.earlierText ??
                    [])
                  : (h.highlight?.signText?.map(unspelled) ?? [
                      ...new Set([...(h.highlight?.text ?? []), ...(h.highlight?.['text.exact'] ?? [])]),
                    ]),
              matched,
              matchedIn: where,
            };
          }),
          termReport:
            q.termReport === false || q.elusion
              ? []
              : built.expansions.map((e, i) => {
                  const res = counts.responses[i] as {
                    hits?: { total?: number | { value: number } };
                    aggregations?: PersonAggs;
                  };
                  const t = res.hits?.total;
                  return {
                    expansion: e.name,
                    word: e.word,
                    kind: e.kind,
                    concept: e.concept,
                    hits: typeof t === 'number' ? t : (t?.value ?? 0),
                    ...(persons ? { persons: personKeys(res.aggregations) } : {}),
                  };
                }),
          hasNextPage,
          endCursor: last?.sort
            ? encodeCursor(pitNow && hasNextPage ? [...last.sort, pitNow] : last.sort.slice(0, SORT.length))
            : null,
        };
      } catch (err) {
        if (pitOpening && !pitSent) void pitOpening.then(closePit, () => undefined);
        throw err;
      }
    },
    prepare: (docs) => docs.map(prepare),
    reembed: reembedPass(embedder, {
      async read(after, live, size) {
        // Documents with another model's vector, or none, or (with live concept directions)
        // another classifier's tags, or none: by id, from where the pass got to.
        const r = await client.search<{ id: string; text: string }>({
          index: alias,
          size,
          _source: ['id', 'text'],
          seq_no_primary_term: true,
          sort: [{ id: { order: 'asc' } }],
          query: {
            bool: {
              must_not: [
                live.concepts
                  ? {
                      bool: {
                        filter: [
                          { term: { vectorModel: live.model } },
                          { term: { conceptModel: live.concepts } },
                        ],
                      },
                    }
                  : { term: { vectorModel: live.model } },
              ],
              ...(after ? { filter: [{ range: { id: { gt: after } } }] } : {}),
            },
          },
        });
        return r.hits.hits.map((hit) => ({ id: hit._source!.id, text: hit._source!.text ?? '', hit }));
      },
      async write(rows) {
        // A partial update: the document's other fields stay as they are. `parts` is not in
        // _source, so an update would drop it: it goes again. Guarded by the sequence number:
        // a document the indexer rewrote meanwhile (with the live model's vector and tags) is left alone.
        await bulk(
          rows.flatMap(({ row: { hit }, embedded }) => [
            {
              update: {
                _index: hit._index,
                _id: hit._id,
                if_seq_no: hit._seq_no,
                if_primary_term: hit._primary_term,
              },
            },
            {
              doc: {
                parts: embedded.parts,
                vectorModel: embedded.model,
                vector: embedded.vector,
                concepts: embedded.concepts,
                conceptModel: embedded.conceptModel,
              },
            },
          ]),
        );
      },
    }),
    async tokens(texts) {
      // The analyze API on the live index's `text` field (its analyzer, definition.ts), in
      // batches under index.analyze.max_token_count (10,000 tokens a request; hunspell gives a
      // word up to a few stems).
      // Four requests at a time: tens of thousands of name parts were dozens of round trips in a
      // row for the first researcher search after the name cache expired (second review s38).
      const out = new Set<string>();
      const batches: string[][] = [];
      for (let i = 0; i < texts.length; i += ANALYZE_BATCH) batches.push(texts.slice(i, i + ANALYZE_BATCH));
      for (let i = 0; i < batches.length; i += ANALYZE_PARALLEL) {
        const answers = await Promise.all(
          batches
            .slice(i, i + ANALYZE_PARALLEL)
            .map((text) => answering(() => client.indices.analyze({ index: alias, field: 'text', text }))),
        );
        for (const r of answers) for (const t of r.tokens ?? []) out.add(t.token);
      }
      return out;
    },
    async presentWords(words: string[], exclude: string[] = []) {
      if (!words.length) return new Set<string>();
      try {
        const r = await client.search({
          index: alias,
          size: 0,
          track_total_hits: false,
          query: exclude.length ? { bool: { must_not: [{ ids: { values: exclude } }] } } : { match_all: {} },
          aggs: {
            present: {
              filters: { filters: Object.fromEntries(words.map((w, i) => [String(i), learnedClause(w)])) },
            },
          },
        });
        const buckets = (r.aggregations?.present as { buckets: Record<string, { doc_count: number }> })
          .buckets;
        return new Set(words.filter((_, i) => (buckets[String(i)]?.doc_count ?? 0) > 0));
      } catch (err) {
        if (isUnavailable(err)) throw new SearchUnavailableError(err);
        throw err;
      }
    },
    async scanVersions(afterId: string, limit: number) {
      const r = await client.search<{ id: string; version: number }>({
        index: alias,
        size: limit,
        _source: ['id', 'version'],
        sort: [{ id: { order: 'asc' } }],
        query: afterId ? { range: { id: { gt: afterId } } } : { match_all: {} },
      });
      return r.hits.hits.map((h) => ({ id: h._source!.id, version: h._source!.version }));
    },
    async countBySource(q) {
      const r = await client.search({
        index: alias,
        size: 0,
        query: { bool: { filter: esFilters({ ...q, query: '', first: 0 }) } },
        aggs: {
          byKind: {
            terms: { field: 'kind', size: 10 },
            aggs: {
              bySource: {
                terms: { field: 'sourceSystem', size: 20 },
                // The earlier versions the documents hold (IndexDocument.earlierVersions).
                aggs: { earlier: { sum: { field: 'earlierVersions' } } },
              },
            },
          },
        },
      });
      type Buckets = {
        buckets?: {
          key: string;
          doc_count: number;
          bySource?: Buckets;
          earlier?: { value: number | null };
        }[];
      };
      const out = new Map<string, number>();
      for (const k of (r.aggregations?.byKind as Buckets | undefined)?.buckets ?? []) {
        for (const b of k.bySource?.buckets ?? []) {
          out.set(`${k.key}:${b.key}`, b.doc_count);
          const earlier = Math.round(b.earlier?.value ?? 0);
          if (earlier) out.set(earlierKey(`${k.key}:${b.key}`), earlier);
        }
      }
      return out;
    },
    async beginRebuild(): Promise<RebuildTarget> {
      await client.indices.putIndexTemplate(indexTemplate(opts.prefix, opts.hunspellLocale));
      const index = `${indexName(opts.prefix)}-${Date.now()}`;
      await client.indices.create({ index, settings: { refresh_interval: '-1' } });
      return {
        name: index,
        async upsert(docs) {
          earlierIndexed.saw(docs);
          await bulk(docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, withParts(d)]));
        },
        async remove(ids) {
          await bulk(ids.map((id) => ({ delete: { _index: index, _id: id } })));
        },
        async commit() {
          await client.indices.putSettings({ index, settings: { refresh_interval: '1s' } });
          await client.indices.refresh({ index });
          const old = (await client.indices.existsAlias({ name: alias }))
            ? Object.keys(await client.indices.getAlias({ name: alias }))
            : [];
          // One atomic alias update: searches see the old index until they see the new one.
          await client.indices.updateAliases({
            actions: [...old.map((i) => ({ remove: { index: i, alias } })), { add: { index, alias } }],
          });
          for (const i of old) if (i !== index) await client.indices.delete({ index: i });
        },
        async abort() {
          await client.indices.delete({ index }).catch(() => undefined);
        },
      };
    },
    async close() {
      await client.close();
    },
  };
  // What a caller asks answers "search unavailable, try again" while Elasticsearch cannot answer.
  const { search, countBySource } = backend;
  return {
    ...backend,
    search: (q) => answering(() => search(q)),
    countBySource: (q) => answering(() => countBySource(q)),
  };
}
