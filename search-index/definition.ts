/**
 * Index definition, versioned. Bump INDEX_VERSION when mappings or analysis change:
 * a reindex builds `<prefix>-records-v<N>` and swaps the `<prefix>-records` alias.
 *
 * Analysis uses only what every Elasticsearch 9 distribution ships in its core
 * (standard tokenizer, lowercase, stop with `_norwegian_`, hunspell), so the index
 * behaves the same on a stock cluster and on the bare test distribution. Hunspell
 * needs the Norwegian bokmål dictionary in `config/hunspell/<locale>/` on each node
 * (Debian's hunspell-nb; scripts/services.sh installs it for tests).
 *
 * Compounds are split by the indexer, not by Elasticsearch (the stock distribution has no
 * decompounder): `parts` holds the parts of every compound of the text ("alkoholbruk" →
 * "alkohol bruk"), analysed like `text`.
 */
export const INDEX_VERSION = 5;
// v4: `parts`, the compound parts the indexer splits off (search-index/decompound.ts).
// v5: scoring by match alone (`similarity` below; review s38), a static setting: reindex once.

/**
 * Fewer, larger segments than Elasticsearch's default merge policy keeps (10 segments per tier,
 * merges of 10, segments under 2 MB counted as 2 MB). A search here is one person's notes under a
 * query of some 1,000 terms (a topic's vocabulary, phrases, near rules), and most of its cost is
 * paid once per segment whatever the person has: the term statistics of every term and phrase
 * for scoring, and the named clauses checked against the hits (matchedExpansions). The notes
 * are read far more often than written, so merging more is the better trade. Dynamic settings:
 * put on a live index too (elasticsearch.ts ensureReady), no reindex.
 * Measured (a scratch script, 300,000 notes of bench:search's sentences bulk-indexed into both
 * indexes in turn, the age-window query for one person, same run): 14 segments, took p50 30 ms,
 * p95 65 ms with the defaults; 7 segments, p50 19 ms, p95 49 ms with these; bulk time 45.6 and
 * 44.2 s. bench:search reports the segments beside its latency.
 */
export const MERGE_POLICY = {
  'index.merge.policy.segments_per_tier': 3,
  // Lucene: at most segments_per_tier, or it merges more than the tier needs.
  'index.merge.policy.max_merge_at_once': 3,
  'index.merge.policy.floor_segment': '32mb',
} as const;

/**
 * Archive document pages: where the text came from (pdf-text or ocr), the page, Tesseract's
 * mean confidence. Added fields only, so ensureReady also puts them on a live index of this
 * version that predates them (no reindex needed).
 */
export const TEXT_ORIGIN_MAPPING = {
  textOrigin: {
    properties: {
      origin: { type: 'keyword' },
      page: { type: 'integer' },
      ocrConfidence: { type: 'float' },
    },
  },
} as const;

/**
 * Document vectors (search-index/vectors.ts): the learned model's SIF-weighted mean word
 * vector of the note, and the model's name. `flat` index options: an exact (brute-force) kNN
 * over the documents the filter lets through, no HNSW graph to build while indexing; a
 * search is nearly always about one person (a few hundred notes), where exact is also the
 * fastest. `dims` is set by the first vector written (the model's dimension). Added fields
 * only: ensureReady puts them on a live index of this version that lacks them.
 */
export const VECTOR_MAPPING = {
  vector: { type: 'dense_vector', similarity: 'cosine', index: true, index_options: { type: 'flat' } },
  vectorModel: { type: 'keyword' },
} as const;

/**
 * Concept tags (search-index/concepts.ts conceptTags): `<concept>@<recall target>` per note,
 * written at index time with the vector, and the classifier that wrote them (conceptsId);
 * the `classifier:<C>` expansion filters on them. Added fields only: ensureReady puts them on
 * a live index of this version that lacks them, and the re-embed pass tags its notes.
 */
export const CONCEPT_MAPPING = {
  concepts: { type: 'keyword' },
  conceptModel: { type: 'keyword' },
} as const;

/**
 * Each party's age on the record's date (IndexDocument.partyAges), as nested objects so that
 * an age window pairs a person with their own age (filters.ts ageWindow). An added field:
 * ensureReady puts it on a live index of this version that lacks it.
 */
export const PARTIES_MAPPING = {
  parties: {
    type: 'nested',
    properties: { nationalId: { type: 'keyword' }, age: { type: 'integer' }, ageFeb28: { type: 'integer' } },
  },
} as const;

/**
 * The age under leapDayRule FEBRUARY_28 where it differs from the stored one (29 February
 * birthdays on 28 February; IndexDocument.ageAtDateFeb28, and per party `parties.ageFeb28`):
 * an age window under that rule reads it (filters.ts esAgeWindow). Added fields: ensureReady
 * puts them on a live index of this version; a document written before has none, as if its
 * ages were the same under both rules (`npm run cli -- reindex` once writes them; stop 45).
 */
export const LEAP_DAY_MAPPING = {
  ageAtDateFeb28: { type: 'integer' },
} as const;

/**
 * A document's note key (search-index/note-key.ts), summed by the count of an aggregate-only
 * research grant for its noise (lib/policy/search-counts.ts); doc values only, never searched.
 * An added field: ensureReady puts it on a live index of this version that lacks it; documents
 * written before it have none (a reindex writes them all with theirs).
 */
export const NOTE_KEY_MAPPING = {
  noteKey: { type: 'integer', index: false },
} as const;

/**
 * The text of a journal note's earlier versions (IndexDocument.earlierText; helsepersonelloven
 * § 42), analysed as `text` is (`exact` too), and how many there are (searchCoverage). Only on
 * documents of notes that have some: a note without is the document it was. Searched through
 * the `earlier:<word>` expansions (query.ts) for callers whose purpose is a legal matter or
 * case handling only. Added fields only: ensureReady puts them on a live index of this version
 * that lacks them (notes corrected before get theirs when next indexed, or by a reindex).
 */
export const EARLIER_MAPPING = {
  earlierText: {
    type: 'text',
    analyzer: 'norwegian_text',
    fields: { exact: { type: 'text', analyzer: 'standard' } },
  },
  earlierVersions: { type: 'integer' },
  // The earlier text's compound parts (IndexDocument.earlierParts), matched as `parts` is. Kept
  // in _source (unlike `parts`): the re-embed pass's partial update rewrites a document from its
  // _source, and sends `parts` again but not these.
  earlierParts: { type: 'text', analyzer: 'norwegian_text', index_options: 'freqs' },
  // The earlier versions' source systems (IndexDocument.earlierSourceSystems, stop 46): a query's
  // `sources` filter takes a note by them too, for callers who search earlier versions.
  earlierSourceSystems: { type: 'keyword' },
} as const;

/**
 * The text with each sign a vocabulary rule names spelled as a word (query.ts RULE_SIGNS,
 * signText: "§" → "u00a7"), and the same of the earlier versions' text (an array, its values
 * apart as `earlierText`'s): the standard tokenizer drops "§" and the core-only distribution has
 * no char filter to keep it, so tvang's "vedtak" within 6 words of "§" matched on PostgreSQL only
 * (stop 47). Written by the Elasticsearch backend only on a document whose text holds such a
 * sign (most have none), kept in _source (the re-embed pass's partial update keeps it) and read
 * by a rule naming a sign (query.ts nearClause) and its highlight. Added fields: ensureReady
 * puts them on a live index of this version; notes written before get them when next indexed
 * (`npm run cli -- reindex` for all at once). pasientjournalloven § 22.
 */
export const SIGN_MAPPING = {
  signText: { type: 'text', analyzer: 'standard' },
  earlierSignText: { type: 'text', analyzer: 'standard' },
} as const;

/**
 * Keyword fields whose values come from a source export as written (a note's type, author and
 * service: free text of any length there). Lucene refuses a term over 32,766 bytes, and with it
 * the whole document; a longer value is kept in _source and not indexed as a term (8,191
 * characters: four bytes each at most). Found in review s32: a 40,000-byte author name kept its
 * note out of the index. An updatable mapping parameter: ensureReady puts it on a live index.
 */
export const SOURCE_KEYWORD_MAPPING = {
  type: { type: 'keyword', ignore_above: 8191 },
  authorName: { type: 'keyword', ignore_above: 8191 },
  service: { type: 'keyword', ignore_above: 8191 },
} as const;

export function aliasName(prefix: string): string {
  return `${prefix}-records`;
}

export function indexName(prefix: string, version = INDEX_VERSION): string {
  return `${prefix}-records-v${version}`;
}

import type { estypes } from '@elastic/elasticsearch';

export function indexTemplate(
  prefix: string,
  hunspellLocale: string,
): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-records`,
    index_patterns: [`${prefix}-records-v*`],
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 0,
        ...MERGE_POLICY,
        // Every field scores by match alone (Lucene's BooleanSimilarity: a matching clause
        // scores its boost), as the PostgreSQL backend's weighted match flags do. BM25's idf
        // counts over the whole index: the score and order of a caller's hits told whether a
        // word stands in notes out of the caller's reach, or in notes deleted under
        // helsepersonelloven § 43 until their segment merged (found in review s38).
        similarity: { default: { type: 'boolean' } },
        analysis: {
          filter: {
            norwegian_stop: { type: 'stop', stopwords: '_norwegian_' },
            norwegian_hunspell: {
              type: 'hunspell',
              locale: hunspellLocale,
              dedup: true,
            } as estypes.AnalysisHunspellTokenFilter as estypes.AnalysisTokenFilter,
          },
          analyzer: {
            norwegian_text: {
              type: 'custom',
              tokenizer: 'standard',
              filter: ['lowercase', 'norwegian_stop', 'norwegian_hunspell'],
            },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        _source: { excludes: ['parts', 'vector'] },
        properties: {
          id: { type: 'keyword' },
          kind: { type: 'keyword' },
          patientId: { type: 'keyword' },
          nationalIds: { type: 'keyword' },
          refs: {
            properties: {
              entityId: { type: 'keyword' },
              saksmappeId: { type: 'keyword' },
              registreringsId: { type: 'keyword' },
            },
          },
          sourceSystem: { type: 'keyword' },
          writtenAt: { type: 'date' },
          localDate: { type: 'date', format: 'strict_date' },
          ageAtDate: { type: 'integer' },
          ...SOURCE_KEYWORD_MAPPING,
          version: { type: 'long' },
          text: {
            type: 'text',
            analyzer: 'norwegian_text',
            fields: { exact: { type: 'text', analyzer: 'standard' } },
          },
          // Matched word by word only (no phrases), and never returned: no positions, not in _source.
          parts: { type: 'text', analyzer: 'norwegian_text', index_options: 'freqs' },
          ...TEXT_ORIGIN_MAPPING,
          ...VECTOR_MAPPING,
          ...CONCEPT_MAPPING,
          ...PARTIES_MAPPING,
          ...LEAP_DAY_MAPPING,
          ...NOTE_KEY_MAPPING,
          ...EARLIER_MAPPING,
          ...SIGN_MAPPING,
        },
      },
    },
  };
}
