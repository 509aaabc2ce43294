import { log } from '../lib/log';
import { NOTE_KEY_SQL } from './note-key';
import type { Db, Queryable } from '../lib/db';
import {
  decodeCursor,
  earlierSourcesCount,
  encodeCursor,
  likeSeeds,
  personNids,
  pgAgeUnknown,
  pgAgeWindow,
  pgPendingRemovals,
  pgScope,
} from './filters';
import { earlierHeld } from './earlier-held';
import { FUNCTION_WORDS } from './function-words';
import {
  PHRASE_CANDIDATES,
  PHRASE_MIN_DOCS,
  PHRASE_SAMPLE,
  PHRASE_SUGGESTIONS,
  phraseExclusions,
  REFLEXIVE,
} from './phrase-suggestions';
import { enrichDocument, reembedPass } from './enrich';
import {
  buildQuery,
  expandedWords,
  NEGATED_WEIGHT,
  NEGATION_GAP,
  NEGATION_AFTER_GAP,
  STOP_WORDS,
  SUGGESTIONS,
  WORD_BOOST,
  OPTIONAL_FACTOR,
  LEARNED_BOOST,
  EARLIER_BOOST,
  isEarlierSpan,
  earlierWords,
  matchedIn,
  associatedMinMatch,
  ASSOCIATED,
  namedConcepts,
  nfc,
  nearPartContext,
  LIKE_TERMS,
  likeMinimum,
  type Expansion,
  isSignWord,
} from './query';
import { loadVocabulary } from './vocabulary';
import { refusedKinds } from './clause-budget';
import type { LearnedExpansions } from './expansions';
import {
  classifierOption,
  conceptCentroids,
  DEFAULT_KNN,
  documentEmbedder,
  knnVector,
  type Embedder,
  type KnnSettings,
} from './vectors';
import {
  PERSON_KEYS_MAX,
  UnknownAgeError,
  type IndexDocument,
  type PersonKeys,
  type RebuildTarget,
  type SearchBackend,
  type SearchQuery,
  type SearchResponse,
  type SuggestedTerm,
  type TextOriginInfo,
  charsNotIndexedKey,
  earlierKey,
  partlyKey,
} from './types';

/**
 * Embedded search: PostgreSQL full-text search (Norwegian snowball stemmer) over
 * search.document, migrated by the search subgraph. It builds the same expansions as
 * the Elasticsearch backend, with the same compound parts (split by the indexer), document
 * vectors and concept tags (`concepts text[]`, migration 009: the classifier expansion is
 * `'<C>@<t>' = ANY(concepts)` per tier, no cosine), but is less clever, as the contract tests state:
 * - no typo tolerance (typo expansions match nothing here; the vocabulary's listed
 *   misspellings do);
 * - near, unless and negation rules count words between the two as Elasticsearch does, but
 *   match the words as written (a regular expression), not stemmed;
 * - a compound exclusion ("antimobb") drops the compound expansion for the whole note;
 * - phrases ignore slop; paging uses a keyset cursor (the last hit's score and id; openKeyset);
 * - more-like-this, as on Elasticsearch, takes the marked notes' 15 most distinctive lexemes
 *   (tf·idf over the caller's scope) and finds notes with at least 30 % of them (query.ts LIKE_TERMS).
 */
const LETTER = 'a-zA-Z0-9æøåÆØÅéÉäÄöÖüÜ';
const L = `[${LETTER}]`;
/**
 * Between two earlier versions in `earlier_text` (migration 018): a record separator on a line
 * of its own. It is neither a letter nor a non-letter to the regular expressions (NL leaves it
 * out), so no phrase or near rule spans two versions, as Elasticsearch keeps an array's values
 * apart (position_increment_gap); the blank line around it is what a reader is shown.
 */
export const EARLIER_SEPARATOR = '\n\u001e\n';
const NL = `[^${LETTER}\u001e\u001f]`;
const FOLD: Record<string, string> = {
  æ: '[æÆ]',
  ø: '[øØ]',
  å: '[åÅ]',
  é: '[éÉ]',
  ä: '[äÄ]',
  ö: '[öÖ]',
  ü: '[üÜ]',
};
const reWord = (w: string) =>
  w
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/[æøåéäöü]/g, (c) => FOLD[c]!)
    .replace(/\s+/g, `${NL}+`);
const alt = (xs: string[]) => `(${xs.map(reWord).join('|')})`;

/** A word of signs only ("§"): a token of its own to the predicates (TOKEN), with no letter boundary needed next to it. */
const signOnly = (w: string) => isSignWord(w.trim());

/**
 * A case-insensitive regular expression: a word of `a` and one of `b` with at most `gap` words between.
 * A word of letters needs a non-letter (or the text's end) on each side; a word of signs only
 * ("§") does not, as it is a token of its own (TOKEN, and Elasticsearch's signText spells it
 * apart: query.ts signText), so "jf. §9" holds "§" (review of stop 47: "Vedtak fattet jf. §9"
 * matched tvang's "vedtak" within 6 of "§" on Elasticsearch only). pasientjournalloven § 22.
 */
export function proximityRegex(
  a: string[],
  b: string[],
  gap: number,
  ordered: boolean,
  lazy = false,
): string {
  // Lazy (a highlight's span, markPhrases): the nearest word of `b`, as Elasticsearch's intervals
  // mark the shortest span; which notes match is the same either way.
  const q = lazy ? '?' : '';
  const side = (xs: string[]) => ({ words: xs.filter((x) => !signOnly(x)), signs: xs.filter(signOnly) });
  const one = (x: string[], y: string[]): string[] => {
    const sx = side(x);
    const sy = side(y);
    const out: string[] = [];
    for (const [xs, xSign] of [
      [sx.words, false],
      [sx.signs, true],
    ] as const)
      for (const [ys, ySign] of [
        [sy.words, false],
        [sy.signs, true],
      ] as const) {
        if (!xs.length || !ys.length) continue;
        // The separator after a sign and before one may be empty ("§9", "x§").
        const s1 = xSign ? `${NL}*` : `${NL}+`;
        const s2 = ySign ? `${NL}*` : `${NL}+`;
        const none = xSign || ySign ? `${NL}*` : `${NL}+`;
        const between = gap > 0 ? `(${none}|${s1}${L}+(${NL}+${L}+){0,${gap - 1}}${q}${s2})` : none;
        out.push(`${xSign ? '' : `(^|${NL})`}${alt(xs)}${between}${alt(ys)}${ySign ? '' : `(${NL}|$)`}`);
      }
    return out;
  };
  return [...one(a, b), ...(ordered ? [] : one(b, a))].join('|');
}

/** The words of a phrase in order, at most `slop` words between each two. */
export function phraseRegex(phrase: string, slop: number): string {
  const words = phrase.trim().split(/\s+/);
  return `(^|${NL})${words.map(reWord).join(`(${NL}+${L}+){0,${slop}}${NL}+`)}(${NL}|$)`;
}

/**
 * Between fragments of a ts_headline: a unit separator (U+001F), which no note holds and the
 * regular expressions cannot cross (NL leaves it out), shown as " ... " (FRAGMENT_SHOWN,
 * shownHeadline). A fragment break is told apart from a note's own " ... " by it (review of
 * stop 46, FX3: with ts_headline's default delimiter " ... ", a near rule across a note's own
 * "..." was left unmarked and the text after it dropped as an unmarked fragment).
 */
export const FRAGMENT_DELIMITER = ' \u001f ';
const FRAGMENT_SHOWN = ' ... ';
/** ts_headline's options for a hit's fragments. */
const HEADLINE_FRAGMENTS = `StartSel=<em>, StopSel=</em>, MaxFragments=3, FragmentDelimiter="${FRAGMENT_DELIMITER}"`;
/** A headline as shown: fragment breaks as " ... ", the earlier versions' separator (EARLIER_SEPARATOR) as the blank line it stands in. */
export function shownHeadline(h: string): string {
  return h
    .split(FRAGMENT_DELIMITER)
    .join(FRAGMENT_SHOWN)
    .replace(/\u001e/g, '');
}
/**
 * A text's tokens as the rule predicates read a rule's words (proximityRegex, reWord): runs of
 * letters, and each other sign but space on its own ("§", review of stop 46, FX3: only letter
 * runs were tokens, so a context word "§" never ended a span and nothing was marked).
 */
const TOKEN = `${L}+|[^${LETTER}\\s\u001e\u001f]`;

/** A near rule as its highlight marks it: its word within `within` words of a context word. */
export interface NearSpan {
  text: string;
  context?: string[];
  within?: number;
}

/**
 * Marks each phrase (a phrase expansion's words in order, at most `slop` words between two, as
 * written: the phrase's predicate, phraseRegex) where it stands in a headline whose other marks
 * (`<em>`) are kept, word by word as ts_headline marks; drops the fragments left without a mark
 * when another has one. Stop 45: the phrase's words were marked alone elsewhere in the note.
 * Likewise each near rule (stop 46): its word and the context word where they stand within the
 * rule's distance (the rule's predicate, proximityRegex), the words between them not; its
 * words elsewhere in the note are not marked (Elasticsearch marks the rule's intervals span).
 */
export function markPhrases(
  headline: string,
  phrases: readonly { text: string; slop?: number }[],
  nears: readonly NearSpan[] = [],
): string {
  // The text, and which of its characters are marked.
  let plain = '';
  const marked: boolean[] = [];
  for (const [i, part] of headline.split(/(<em>.*?<\/em>)/s).entries()) {
    const inner = i % 2 === 1 ? part.slice(4, -5) : part;
    plain += inner;
    for (let k = 0; k < inner.length; k++) marked.push(i % 2 === 1);
  }
  for (const p of phrases) {
    const words = p.text.trim().toLowerCase().split(/\s+/);
    const re = new RegExp(phraseRegex(p.text, p.slop ?? 0), 'giu');
    for (let m = re.exec(plain); m; m = re.exec(plain)) {
      // The span's words, in order: the phrase's are marked, those between them not.
      const tokens = [...m[0].matchAll(new RegExp(`${L}+`, 'giu'))];
      let w = 0;
      for (const t of tokens) {
        if (w < words.length && t[0].toLowerCase() === words[w]) {
          for (let k = 0; k < t[0].length; k++) marked[m.index + t.index! + k] = true;
          w++;
        }
      }
      // The next occurrence may begin at the character that ended this one.
      re.lastIndex = Math.max(m.index + 1, m.index + m[0].length - 1);
    }
  }
  // A near rule's span: its word at one end and a context word at the other (either order).
  const wordsOf = (t: string) => [...t.toLowerCase().matchAll(new RegExp(TOKEN, 'giu'))].map((x) => x[0]);
  for (const n of nears) {
    if (!n.context?.length) continue;
    const a = wordsOf(n.text);
    const bs = n.context.map(wordsOf);
    const re = new RegExp(proximityRegex([n.text], n.context, n.within ?? 1, false, true), 'giu');
    for (let m = re.exec(plain); m; m = re.exec(plain)) {
      const all = [...m[0].matchAll(new RegExp(TOKEN, 'giu'))];
      // The span's first and last sign may be the boundary the expression consumed ("(^|NL)",
      // "(NL|$)"), not a rule word: the span is tried with and without each.
      const lead =
        all.length > 1 && all[0]![0].length === 1 && !new RegExp(`^${L}$`, 'iu').test(all[0]![0])
          ? [0, 1]
          : [0];
      const trail =
        all.length > 1 &&
        all[all.length - 1]![0].length === 1 &&
        !new RegExp(`^${L}$`, 'iu').test(all[all.length - 1]![0])
          ? [0, 1]
          : [0];
      let found: { tokens: typeof all; head: string[]; tail: string[] } | undefined;
      for (const l of lead)
        for (const t of trail) {
          if (found) break;
          const tokens = all.slice(l, all.length - t);
          const low = tokens.map((x) => x[0].toLowerCase());
          const starts = (ws: string[]) => ws.length > 0 && ws.every((w, k) => low[k] === w);
          const ends = (ws: string[]) =>
            ws.length > 0 && ws.every((w, k) => low[low.length - ws.length + k] === w);
          const b = bs.find((x) => (starts(a) && ends(x)) || (starts(x) && ends(a)));
          if (b) found = { tokens, ...(starts(a) && ends(b) ? { head: a, tail: b } : { head: b, tail: a }) };
        }
      // Never across two fragments of the headline (words apart in the note): the expression
      // cannot cross FRAGMENT_DELIMITER.
      if (found) {
        const { tokens, head, tail } = found;
        const mark = (from: number, count: number) => {
          for (const t of tokens.slice(from, from + count))
            for (let k = 0; k < t[0].length; k++) marked[m.index + t.index! + k] = true;
        };
        mark(0, head.length);
        mark(tokens.length - tail.length, tail.length);
      }
      const tokens = [...m[0].matchAll(new RegExp(`${L}+`, 'giu'))];
      // The next span may begin at this one's last word ("mørket redd mørket": the rule's word
      // is in both; "de har plaget ham"): restart at the separator before it (review of stop 46, FX3).
      const last = tokens[tokens.length - 1];
      re.lastIndex = Math.max(m.index + 1, last ? m.index + last.index! - 1 : m.index + m[0].length - 1);
    }
  }
  // Each run of marked characters in one <em>: a phrase's words each their own, as ts_headline gives them.
  let out = '';
  for (let k = 0; k < plain.length; k++) {
    const open = marked[k] && (k === 0 || !marked[k - 1]);
    const close = marked[k] && (k === plain.length - 1 || !marked[k + 1]);
    out += `${open ? '<em>' : ''}${plain[k]}${close ? '</em>' : ''}`;
  }
  const fragments = out.split(FRAGMENT_DELIMITER);
  const shown = fragments.filter((f) => f.includes('<em>'));
  return shown.length && shown.length < fragments.length ? shown.join(FRAGMENT_DELIMITER) : out;
}

/** The columns an expansion's predicate reads: a note's current text, or its earlier versions' text. */
interface TextColumns {
  text: string;
  tsv: string;
  parts: string;
}
const CURRENT_TEXT: TextColumns = { text: 'd.text', tsv: 'd.tsv', parts: 'd.tsv_parts' };
/** NULL (no earlier version) is no text: a predicate over it is false, not NULL. */
const EARLIER_TEXT: TextColumns = {
  text: "coalesce(d.earlier_text, '')",
  tsv: 'd.tsv_earlier',
  parts: 'd.tsv_earlier_parts',
};

/** The most expansions one query may have here (see the check in search): this + the fixed columns ≤ 1664. */
export const PG_MAX_EXPANSIONS = 1600;

/**
 * The SQL sum of `terms` as a balanced tree, ((a + b) + (c + d)), never a chain a + b + c + …:
 * PostgreSQL parses a chain into a tree as deep as it is long, and the embedded PGlite's
 * WebAssembly stack overflowed on one of some 300 terms with no error ("SELECT $1 + … + $300"
 * returned no row, and a longer one broke the next query; @electric-sql/pglite as locked,
 * measured 2026-12-03). That is why PGlite answered a query of two topics wrongly (454
 * expansions, a score of as many terms: "mobbing vold" found nothing) and embedded search
 * took one topic at a time until this. Balanced, 3,000 terms sum right there.
 */
export function sqlSum(terms: string[]): string {
  if (terms.length <= 2) return terms.length ? `(${terms.join(' + ')})` : '0';
  const half = terms.length >> 1;
  return `(${sqlSum(terms.slice(0, half))} + ${sqlSum(terms.slice(half))})`;
}

/**
 * A page cursor opened: the last hit's [score, id], as the page orders them (score descending,
 * then id). The next page is the matches after that place (keyset), not an offset: with an
 * offset, a note removed from the index (deleted, moved) above it moved every later match one
 * place up and the one at the page boundary was never returned, and a note added above it
 * returned one twice (found in review s33). A note's score depends on the note and the query
 * only (no index statistics), so its place does not move between pages. Anything else, an
 * offset cursor of before among them, is the caller's "invalid cursor".
 */
function openKeyset(cursor: string): [number, string] {
  const v = decodeCursor(cursor);
  if (v.length !== 2 || typeof v[0] !== 'number' || !Number.isFinite(v[0]) || typeof v[1] !== 'string')
    throw new Error('invalid cursor');
  return [v[0], v[1]];
}

export function createPostgresBackend(
  db: Db,
  learned?: LearnedExpansions,
  knnSettings: Partial<KnnSettings> = {},
  /** The most expansions a query may have (default PG_MAX_EXPANSIONS; lower only in tests). */
  maxExpansions = PG_MAX_EXPANSIONS,
): SearchBackend {
  const vocabulary = loadVocabulary();
  const knn = { ...DEFAULT_KNN, ...knnSettings };
  const embedder = documentEmbedder(learned, knn.enabled, knn.classifier);
  // Whether any note in the index has earlier versions (earlier-held.ts): the partial index of migration 013.
  const earlierIndexed = earlierHeld(
    async () =>
      (
        await db.query<{ held: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM search.document WHERE earlier_versions IS NOT NULL) AS held',
        )
      ).rows[0]!.held,
  );
  const table = createPostgresTable(db, 'search.document', embedder);
  /**
   * SQL predicate for one expansion; pushes its parameters. `c` names the text's columns: the
   * note's current text, or (an `earlier:` expansion, query.ts) its earlier versions' text with
   * its own compound parts (migrations 012, 014), where the same expansion runs.
   */
  function predicate(e: Expansion, p: unknown[], c: TextColumns = CURRENT_TEXT): string {
    const arg = (v: unknown) => {
      p.push(v);
      return `$${p.length}`;
    };
    const notForms = (not: string[]) => not.map((x) => ` AND ${c.text} NOT ILIKE ${arg(`%${x}%`)}`).join('');
    const ts = (text: string, parts: boolean, not: string[] = []) => {
      const a = arg(text);
      return parts
        ? `(${c.tsv} @@ plainto_tsquery('norwegian', ${a}) OR (${c.parts} @@ plainto_tsquery('norwegian', ${a})${notForms(not)}))`
        : `(${c.tsv} @@ plainto_tsquery('norwegian', ${a}))`;
    };
    switch (e.kind) {
      case 'word':
      case 'term': {
        if (!e.unless?.length) return ts(e.text, !!e.inParts, e.not);
        // As written, outside the unless spans: the spans are cut out of the text first.
        const spans = e.unless.map((u) => proximityRegex([u.word], u.context, u.within, false)).join('|');
        const exact = `(${c.text} ~* ${arg(phraseRegex(e.text, 0))} AND regexp_replace(${c.text}, ${arg(spans)}, ' ', 'gi') ~* ${arg(phraseRegex(e.text, 0))})`;
        if (!e.inParts) return exact;
        return `(${exact} OR (${c.parts} @@ plainto_tsquery('norwegian', ${arg(e.text)})${notForms(e.not ?? [])}))`;
      }
      case 'compound': {
        if (e.anyOf)
          return `(${c.parts} @@ to_tsquery('norwegian', ${arg(e.anyOf.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '')).join(' | '))})${notForms(e.not ?? [])})`;
        if (!e.wildcard)
          return `(${c.parts} @@ plainto_tsquery('norwegian', ${arg(e.text)})${notForms(e.not ?? [])})`;
        return `(${c.text} ILIKE ${arg(`%${e.text}%`)}${notForms(e.not ?? [])})`;
      }
      case 'split':
        return `(${(e.parts ?? []).map((x) => ts(x, true)).join(' AND ')})`;
      case 'phrase':
        // The stemmed phrase (index), then the words as written in order: Norwegian stop words
        // vanish from a tsquery ("ble plaget" would otherwise be just "plaget").
        return `(${c.tsv} @@ phraseto_tsquery('norwegian', ${arg(e.text)}) AND ${c.text} ~* ${arg(phraseRegex(e.text, e.slop ?? 0))})`;
      case 'near': {
        const near = `(${c.tsv} @@ plainto_tsquery('norwegian', ${arg(e.text)}) AND ${c.text} ~* ${arg(
          proximityRegex([e.text], e.context ?? [], e.within ?? 1, false),
        )})`;
        if (!e.inParts) return near;
        const ctx = nearPartContext(e.context ?? []);
        return `(${near} OR (${c.parts} @@ plainto_tsquery('norwegian', ${arg(e.text)}) AND ${c.parts} @@ to_tsquery('norwegian', ${arg(ctx.join(' | '))})))`;
      }
      case 'negated':
        return `(d.text ~* ${arg(proximityRegex(e.cues ?? [], e.terms ?? [], NEGATION_GAP, true))}${
          e.cuesAfter?.length
            ? ` OR d.text ~* ${arg(proximityRegex(e.terms ?? [], e.cuesAfter, NEGATION_AFTER_GAP, true))}`
            : ''
        })`;
      case 'like':
        // Filled in by likeTerms(): the marked notes' distinctive lexemes.
        return e.terms?.length
          ? `(d.id <> ALL(${arg(e.likeIds ?? [])}::text[]) AND d.tsv @@ ${arg(e.terms.map((t) => `'${t.replace(/'/g, "''")}'`).join(' | '))}::tsquery
              AND cardinality(ARRAY(SELECT unnest(tsvector_to_array(d.tsv)) INTERSECT SELECT unnest(${arg(e.terms)}::text[]))) >= ${arg(likeMinimum(e.terms.length))})`
          : 'false';
      case 'learned':
      case 'prf':
        return ts(e.text, true);
      case 'typo':
        return 'false';
      case 'knn':
        // Filled in by the knn CTE: the nearest vectors within the filters and scope.
        return '(knn.sim IS NOT NULL)';
      case 'service':
        // The service that wrote the note, its name containing the text (case-insensitive).
        return `coalesce(strpos(lower(d.service), ${arg(e.text)}) > 0, false)`;
      case 'classifier':
        // The tags the classifier stored at index time (concepts.ts conceptTags); NULL: not tagged yet.
        return `coalesce(d.concepts && ${arg(e.tags!.tags)}::text[], false)`;
      case 'earlier':
        // The expansion it mirrors, over the text of the note's earlier versions (migration 012), analysed as the text is.
        // A concept's terms as written (`terms`, query.ts earlierExpansions): any of them as a word of the earlier text.
        if (!e.of)
          return e.terms?.length
            ? `(${EARLIER_TEXT.text} ~* ${arg(`(^|${NL})(${e.terms.map(reWord).join('|')})(${NL}|$)`)})`
            : 'false';
        return predicate(e.of, p, EARLIER_TEXT);
    }
  }

  /**
   * The marked notes' most distinctive lexemes: frequent in them, rare among the notes the caller
   * may see (LIKE_TERMS). Counted over the whole table, which notes it found told whether words
   * stood in other patients' notes, or in notes whose removal the indexer had not yet written
   * (found in review s38): the document frequencies are the scope's, pending removals left out.
   */
  async function likeTerms(q: SearchQuery): Promise<string[]> {
    // NOT MATERIALIZED: used three times, the scope was copied with its tsv and each word counted
    // by a full pass over the copy instead of the GIN index (found in review s38: 0.38 → 2.4 s on
    // 100,000 rows of PGlite).
    const ids = likeSeeds(q);
    if (!ids.length) return [];
    // A marked note the caller may not see must not shape the query: only visible ones count.
    const p: unknown[] = [ids, LIKE_TERMS];
    const add = (v: unknown) => {
      p.push(v);
      return `$${p.length}`;
    };
    const visible = `${pgScope(q.scope, add)} AND ${pgPendingRemovals(q, add)}`;
    const r = await db.query<{ lexeme: string }>(
      `WITH scoped AS NOT MATERIALIZED (SELECT d.id, d.tsv FROM search.document d WHERE ${visible}),
            marked AS (SELECT u.lexeme, sum(coalesce(array_length(u.positions, 1), 1))::int AS tf
                         FROM scoped d, unnest(d.tsv) u
                        WHERE d.id = ANY($1::text[]) AND length(u.lexeme) >= 3
                        GROUP BY u.lexeme ORDER BY tf DESC, u.lexeme LIMIT 60),
            n AS (SELECT greatest(count(*), 1)::float AS n FROM scoped),
            df AS (SELECT m.lexeme, m.tf, (SELECT count(*) FROM scoped x WHERE x.tsv @@ quote_literal(m.lexeme)::tsquery)::int AS df
                     FROM marked m)
       SELECT lexeme FROM df, n WHERE df >= 2 ORDER BY tf * ln(n.n / df) DESC, lexeme LIMIT $2`,
      p,
    );
    return r.rows.map((x) => x.lexeme);
  }

  const self: SearchBackend = {
    name: 'postgres',
    async ensureReady() {
      await db.query('SELECT 1 FROM search.document LIMIT 1');
    },
    tokens: (texts) => norwegianLexemes(db, texts),
    async upsert(docs) {
      earlierIndexed.saw(docs);
      await table(docs);
    },
    prepare: (docs) => docs.map((d) => enrichDocument(d, embedder)),
    reembed: reembedPass(embedder, {
      async read(after, live, size) {
        // Another model's vector (or none), or, with live concept directions, another classifier's tags (or none).
        const r = await db.query<{ id: string; version: number; text: string }>(
          `SELECT id, version, text FROM search.document
            WHERE id > $1 AND (vector_model IS DISTINCT FROM $2 OR ($4::text IS NOT NULL AND concept_model IS DISTINCT FROM $4))
            ORDER BY id LIMIT $3`,
          [after, live.model, size, live.concepts],
        );
        return r.rows;
      },
      async write(rows) {
        // Only where the row is still the version read: one the indexer rewrote meanwhile has the live model's vector.
        const upd = rows.map(({ row, embedded: e }) => ({
          id: row.id,
          version: row.version,
          vector: e.vector,
          model: e.model,
          concepts: e.concepts,
          concept_model: e.conceptModel,
        }));
        await db.query(
          `UPDATE search.document d SET vector = x.vector, vector_model = x.model, concepts = x.concepts, concept_model = x.concept_model
             FROM jsonb_to_recordset($1::jsonb) AS x(id text, version int, vector real[], model text, concepts text[], concept_model text)
            WHERE d.id = x.id AND d.version = x.version
              AND (d.vector_model IS DISTINCT FROM x.model OR d.concept_model IS DISTINCT FROM x.concept_model)`,
          [JSON.stringify(upd)],
        );
      },
    }),
    async remove(ids: string[]) {
      if (ids.length) await db.query('DELETE FROM search.document WHERE id = ANY($1::text[])', [ids]);
    },
    async refresh() {
      // Writes are visible once committed.
    },
    async expungeDeleted() {
      // A deleted row is gone from the table once committed; VACUUM reclaims its space.
      return { deletedBefore: null, deletedAfter: null };
    },
    async search(q: SearchQuery): Promise<SearchResponse> {
      // One Unicode form, as the notes are indexed (query.ts nfc; found in review s33).
      q = { ...q, query: nfc(q.query) };
      const p: unknown[] = [];
      const arg = (v: unknown) => {
        p.push(v);
        return `$${p.length}`;
      };
      // The query's filters but its age window (its own parameters, pushed by `a`).
      const windowFilters = (a: (v: unknown) => string) => {
        const f = ['true'];
        if (q.patientIds?.length || q.nationalIds?.length) {
          f.push(
            `(d.patient_id = ANY(${a(q.patientIds ?? [])}::text[]) OR d.national_ids && ${a(q.nationalIds ?? [])}::text[])`,
          );
        }
        if (q.from) f.push(`d.local_date >= ${a(q.from)}::date`);
        if (q.to) f.push(`d.local_date <= ${a(q.to)}::date`);
        // An earlier version's source counts too where earlier versions are searched (earlierSourcesCount).
        if (q.sources?.length)
          f.push(
            earlierSourcesCount(q)
              ? `(d.source_system = ANY(${a(q.sources)}::text[]) OR coalesce(d.earlier_source_systems && ${a(q.sources)}::text[], false))`
              : `d.source_system = ANY(${a(q.sources)}::text[])`,
          );
        if (q.kinds?.length) f.push(`d.kind = ANY(${a(q.kinds)}::text[])`);
        f.push(pgScope(q.scope, a));
        f.push(pgPendingRemovals(q, a));
        return f;
      };
      const filters = windowFilters(arg);
      const aged = q.ageFrom != null || q.ageTo != null;
      const whose = personNids(q);
      // A person's search asks that person's age on a case of several parties (filters.ts esAgeWindow).
      if (aged) filters.push(pgAgeWindow(q.ageFrom, q.ageTo, arg, whose, 'd', q.leapDayRule));
      // An age window over a person: none of their records in the rest of the window may be of
      // unknown age (types.ts UnknownAgeError; found in review s33).
      if (aged && whose) {
        const up: unknown[] = [];
        const a = (v: unknown) => {
          up.push(v);
          return `$${up.length}`;
        };
        const f = [...windowFilters(a), pgAgeUnknown(a, whose)];
        const n = (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM search.document d WHERE ${f.join(' AND ')}`,
            up,
          )
        ).rows[0]!.n;
        if (n) throw new UnknownAgeError(n);
      }
      // kNN is an exact cosine over every vector in the filters and scope: bounded. Over
      // knn.maxScope of them it is not run (nor its Rocchio search), and the term report says so.
      let bounded: Promise<boolean> | undefined;
      const filterParams = [...p];
      const withinBound = (model: string) =>
        (bounded ??= db
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM (SELECT 1 FROM search.document d WHERE ${filters.join(' AND ')}
                AND d.vector_model = $${filterParams.length + 1} AND d.vector IS NOT NULL LIMIT $${filterParams.length + 2}) x`,
            [...filterParams, model, knn.maxScope + 1],
          )
          .then((r) => r.rows[0]!.n <= knn.maxScope));
      const vector = await knnVector(
        embedder,
        knn,
        q,
        () => namedConcepts(q.query, vocabulary),
        (x) => self.search(x),
        async (ids, model) =>
          (
            await db.query<{ vector: number[] }>(
              'SELECT vector FROM search.document WHERE id = ANY($1::text[]) AND vector_model = $2 AND vector IS NOT NULL',
              [ids, model],
            )
          ).rows.map((r) => r.vector.map(Number)),
        {
          rocchioWorthIt: (model) => withinBound(model),
          centroidsOf: (names, model) => conceptCentroids(learned, names, model),
        },
      );
      const built = buildQuery(q.query, vocabulary, {
        expand: q.expand,
        everyWord: q.everyWord,
        disabled: q.disabled,
        like: likeSeeds(q).length ? { ids: likeSeeds(q), terms: await likeTerms(q) } : undefined,
        learned: learned && ((w) => learned.neighbours(w)),
        feedback: q.feedback,
        // Only when some note in the index has earlier versions (earlier-held.ts).
        earlier: !!q.earlierVersions && (await earlierIndexed.held()),
        knn: vector
          ? { ...vector, k: knn.k, similarity: knn.similarity, boost: knn.boost, filter: [] }
          : undefined,
        classifier: classifierOption(knn, learned, q),
      });
      // A column per expansion in the documents' select list (its match; the answer carries the
      // matches and the counts as two arrays): PostgreSQL takes at most 1664 columns there, and
      // five topics at once overran it with an internal error when the answer had a column per
      // match and per count (found in review). Over PG_MAX_EXPANSIONS the query is refused as
      // Elasticsearch refuses one over its clause cap, so the same retry with fewer expansions
      // (clause-budget.ts) and the same clear error (subgraphs/search/resolvers.ts) follow.
      const skipped: SearchResponse['termReport'] = [];
      // The expansions a refusal names (clause-budget.ts refusedKinds), the optional words' too,
      // since without some of them the query may fit and keep its optional words. The
      // expansions themselves, with what an `earlier:` one mirrors (`of`): by kinds alone an
      // earlier phrase or near rule was never named, the budget's first step (EARLIER_SPANS) was
      // skipped and a legal caller lost every earlier clause (review of stop 46, FX3).
      const kinds = [...built.expansions];
      // The earlier versions' phrases and near rules weigh nothing (EARLIER_SPAN_BOOST): over the
      // limit they go first, before a topic query's other words, which rank (review of stop 46, FX3).
      const spans = built.expansions.some(isEarlierSpan);
      // Over the cap, a topic query's other words go first: they only rank, never select
      // ("søvnvansker hos Ola Nordmann i Bergen 2023" was refused on PGlite: found in review).
      if (built.expansions.length > maxExpansions && built.optional.length && !spans) {
        const optional = new Set(built.optional.flat());
        for (const word of [...new Set(built.optional.map((g) => g[0]!.word))])
          skipped.push({
            expansion: `${word} (not run: over the PostgreSQL backend's expansion limit; it only ranks)`,
            word,
            kind: 'word',
            concept: null,
            hits: 0,
          });
        built.expansions = built.expansions.filter((e) => !optional.has(e));
        built.optional = [];
      }
      if (built.expansions.length > maxExpansions)
        throw refusedKinds(
          new Error(
            `too many clauses: ${built.expansions.length} expansions, the PostgreSQL backend takes at most ${maxExpansions}`,
          ),
          kinds,
        );
      if (built.knn) {
        if (!(await withinBound(built.knn.knn!.model))) {
          skipped.push({
            expansion: `${built.knn.name} (not run: over ${knn.maxScope} notes in scope)`,
            word: built.knn.word,
            kind: 'knn',
            concept: null,
            hits: 0,
          });
          built.expansions = built.expansions.filter((e) => e !== built.knn);
          built.knn = null;
        }
      }
      // An exact cosine over the caller's scope and filters, for kNN.
      const cosineCte = (alias: string, v: NonNullable<Expansion['knn']>) =>
        `${alias} AS (SELECT id, sim FROM (SELECT d.id, (SELECT sum(a * b) FROM unnest(d.vector, ${arg(v.vector)}::real[]) AS t(a, b)) AS sim
                                          FROM search.document d
                                         WHERE ${filters.join(' AND ')} AND d.vector_model = ${arg(v.model)} AND d.vector IS NOT NULL) s
                     WHERE sim >= ${arg(v.similarity)} ORDER BY sim DESC, id LIMIT ${arg(v.k)}),`;
      const knnCte = built.knn ? cosineCte('knn', built.knn.knn!) : '';
      const cols = built.expansions.map((e, i) => `${predicate(e, p)} AS m${i}`);
      // Suggestions are lexemes (Snowball stems): function words and what the query already asks for are left out.
      const exclude = q.suggest
        ? (
            await db.query<{ l: string }>(
              `SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('norwegian', $1))) AS l`,
              // Function words (function-words.ts) are no suggestion a user is offered (stemmed
              // as the lexemes are); the feedback pass's candidates keep them (as before).
              [
                [
                  ...(q.suggestFunctionWords ? STOP_WORDS : FUNCTION_WORDS),
                  ...built.words,
                  ...expandedWords(built),
                ].join(' '),
              ],
            )
          ).rows.map((x) => x.l)
        : [];
      const after = q.after ? openKeyset(q.after) : null;
      const index = new Map(built.expansions.map((e, i) => [e, i]));
      const m = (e: Expansion) => `m${index.get(e)}`;
      const matchOf = (g: Expansion[]) => {
        // Learned neighbours count together, as on Elasticsearch (query.ts LEARNED_MIN_MATCH).
        const learned = g.filter((e) => ASSOCIATED.has(e.kind));
        const rest = g.filter((e) => !ASSOCIATED.has(e.kind)).map(m);
        if (learned.length)
          rest.push(`${sqlSum(learned.map((e) => `${m(e)}::int`))} >= ${associatedMinMatch(g)}`);
        // A segment left with nothing to match (its only expansions not run) matches nothing.
        return rest.length ? `(${rest.join(' OR ')})` : 'false';
      };
      const groupMatch = built.groups.map(matchOf);
      // runMinimum groups of every run (query.ts runs: one of alternatives, half of a query of
      // words only), as on Elasticsearch.
      const runMatch = (r: number[], min: number) =>
        min <= 1
          ? `(${r.map((i) => groupMatch[i]).join(' OR ')})`
          : `(${sqlSum(r.map((i) => `(${groupMatch[i]})::int`))} >= ${min})`;
      const mustMatch =
        `(${built.runs.map((r, i) => runMatch(r, built.runMinimum[i]!)).join(' AND ')})` +
        (built.like ? ` OR ${m(built.like)}` : '') +
        (built.knn ? ` OR ${m(built.knn)}` : '');
      // The optional words of a topical query (query.ts): × OPTIONAL_FACTOR for each of them a
      // note has, as on Elasticsearch (function_score around the words' query, not kNN), whatever
      // else of the word matched, in its current text (an earlier version's word ranks nothing up).
      const optionalFactor = built.optional.length
        ? ` * power(${OPTIONAL_FACTOR}::float, ${sqlSum(
            built.optional.map((g) => `(${matchOf(g.filter((e) => e.kind !== 'earlier'))})::int`),
          )})`
        : '';
      const positive = [
        ...built.groups.flat().filter((e) => e.kind !== 'earlier'),
        // Negated mentions the query asks for ("ingen mobbing") rank up, as a word does.
        ...built.negatedAsked,
        ...(built.like ? [built.like] : []),
      ];
      // The earlier text's matches weigh EARLIER_BOOST once per segment, however many match (a dis_max on Elasticsearch).
      // An earlier phrase or near rule weighs nothing (EARLIER_SPAN_BOOST, stop 46): it finds, it does not rank.
      const earlierScore = sqlSum(
        built.groups.flatMap((g) => {
          const earlier = g.filter((e) => e.kind === 'earlier' && !isEarlierSpan(e));
          return earlier.length ? [`(${earlier.map(m).join(' OR ')})::int * ${EARLIER_BOOST}`] : [];
        }),
      );
      // A kNN match weighs its cosine × boost: below a word match.
      const knnScore = built.knn ? [`coalesce(m.knn_sim, 0) * ${arg(built.knn.knn!.boost)}::float`] : [];
      const score = q.elusion
        ? `(('x' || substr(md5(m.id || ${arg(String(q.elusion.seed))}), 1, 8))::bit(32)::int)::float`
        : `((${sqlSum(
            positive.map((e) =>
              e.kind === 'classifier'
                ? // A classifier match weighs boost / n per stored tier it reaches (the query's
                  // recall target up to the strictest), as on Elasticsearch: below a word match.
                  `coalesce(${sqlSum(e.tags!.tags.map((t) => `(${arg(t)}::text = ANY(m.concepts))::int`))}::float, 0) * ${arg(e.tags!.boost / e.tags!.tags.length)}::float`
                : `${m(e)}::int${e.kind === 'word' || e.kind === 'negated' ? ` * ${WORD_BOOST}` : ASSOCIATED.has(e.kind) ? ` * ${LEARNED_BOOST * (e.similarity ?? 1)}` : ''}`,
            ),
          )}::float + ${earlierScore}::float)${optionalFactor} + ${sqlSum(knnScore)}::float)` +
          (built.negations.length
            ? ` * (CASE WHEN ${built.negations.map(m).join(' OR ')} THEN ${NEGATED_WEIGHT} ELSE 1 END)`
            : '');
      // The persons behind the total and each expansion's count (SearchQuery.persons): the
      // distinct record ids and national ids of the documents counted, PERSON_KEYS_MAX + 1 at
      // most of each (one more than is given: then the keys are not all of them). One jsonb
      // column, "<count>_<p|n>" (count -1 the total, i expansion i) to the keys: a column per
      // count and kind of key overran PostgreSQL's 1664 columns of a select list at some 400
      // expansions (two topics; found in review). Each document's counts as an array, unnested.
      const persons = !!q.persons && !q.elusion;
      const personsCte = persons
        ? `flagged AS (SELECT ${NOTE_KEY_SQL} AS note_key, patient_id, national_ids,
                              array_remove(ARRAY[CASE WHEN (${mustMatch}) THEN -1 END${built.expansions
                                .map((_, i) => `, CASE WHEN m${i} THEN ${i} END`)
                                .join('')}], NULL) AS counted
                         FROM docs),
              person_key AS (SELECT 'p' AS t, f.patient_id AS k, f.counted FROM flagged f WHERE f.patient_id IS NOT NULL
                             UNION ALL SELECT 'n', x, f.counted FROM flagged f, unnest(f.national_ids) AS x),
              persons AS (SELECT coalesce(jsonb_object_agg(c || '_' || t, keys), '{}'::jsonb) AS persons
                            FROM (SELECT c, t, (array_agg(DISTINCT k ORDER BY k))[1:${PERSON_KEYS_MAX + 1}] AS keys
                                    FROM person_key, unnest(counted) AS c GROUP BY c, t
                                  UNION ALL
                                  -- "<count>_k": the sum of the counted documents' keys and how many (PersonKeys.notesKey, notesKeyed).
                                  SELECT c, 'k', ARRAY[sum(f.note_key)::text, count(*)::text]
                                    FROM flagged f, unnest(f.counted) AS c GROUP BY c) x),`
        : '';
      /**
       * What a hit's headline marks of one expansion: its words; a phrase's and a near rule's
       * words (the rule's word and its context words) only on a hit the phrase or rule matched.
       */
      const highlightOf = (e: Expansion): string[] =>
        e.kind === 'word' || e.kind === 'term' || e.kind === 'phrase' || ASSOCIATED.has(e.kind)
          ? [e.text]
          : e.kind === 'near'
            ? [e.text, ...(e.context ?? [])]
            : e.kind === 'split'
              ? (e.parts ?? [])
              : [];
      /** The terms as one tsquery text: each term's words together, any of the terms. */
      const tsqueryText = (terms: string[]) =>
        terms
          .map((t) =>
            t
              .replace(/[^\p{L}\p{N}]+/gu, ' ')
              .trim()
              .split(' ')
              .join(' & '),
          )
          // A term of signs only ("§", "-") has no word left: "()" is a tsquery syntax error, which
          // failed a whole search when such a term was among a phrase hit's other words (a query of
          // a blind set at stop 45's evaluation, internal error).
          .filter((t) => t.length)
          .map((t) => `(${t})`)
          .join(' | ') || 'x';
      // Per hit, the words of the expansions it matched (review s44, case 2: a near rule's word
      // and a phrase's words were marked in notes the rule or phrase did not match, "kommer
      // <em>alene</em> til HFU"; ts_headline marks every word of its query, phrase or not).
      const hitTerms = built.expansions.flatMap((e, i) => {
        const t = highlightOf(e);
        return t.length ? [`CASE WHEN r.m${i} THEN ${arg(tsqueryText(t))}::text END`] : [];
      });
      const tsqueryOf = (terms: string[]) =>
        terms.length
          ? `to_tsquery('norwegian', coalesce(nullif(array_to_string(ARRAY[${terms.join(', ')}]::text[], ' | '), ''), 'x'))`
          : `to_tsquery('norwegian', 'x')`;
      const hitTsquery = tsqueryOf(hitTerms);
      // A phrase is marked where it stands only (stop 45): ts_headline marks every word of its
      // query wherever it stands, a phrase operator (<->) or not (PostgreSQL 15 and PGlite's 18
      // alike), so a phrase's words were marked alone elsewhere in the note, where Elasticsearch
      // marks the phrase's span. For a hit that matched a phrase, the fragments ts_headline chose
      // (every word marked) are marked again in the same statement with the words of the other
      // expansions it matched only (HighlightAll: the fragments whole), and the phrases are
      // marked where they stand after (markPhrases, over the rows: no query per hit).
      // A near rule likewise (stop 46): its word and context words are marked by markPhrases where
      // they stand within the rule's distance only, as Elasticsearch's intervals span.
      const spanKind = (e: Expansion) => e.kind === 'phrase' || (e.kind === 'near' && !!e.context?.length);
      const phraseFlags = built.expansions.flatMap((e, i) => (spanKind(e) ? [`r.m${i}`] : []));
      // (Parameters pushed only when the statement reads them: PostgreSQL cannot type an unused one.)
      const otherTerms = () =>
        built.expansions.flatMap((e, i) => {
          const t = spanKind(e) ? [] : highlightOf(e);
          return t.length ? [`CASE WHEN r.m${i} THEN ${arg(tsqueryText(t))}::text END`] : [];
        });
      // With no other word matched, the fragments are only unmarked (not marked again with a
      // stand-in query: 'x' marked every "x" of a dose, "1 g x 4"; found in review s45).
      const remarked = () => {
        const stripped = `regexp_replace(r.headline, '</?em>', '', 'g')`;
        const others = otherTerms();
        if (!others.length) return stripped;
        const text = `nullif(array_to_string(ARRAY[${others.join(', ')}]::text[], ' | '), '')`;
        return `CASE WHEN ${text} IS NULL THEN ${stripped} ELSE ts_headline('norwegian', ${stripped}, to_tsquery('norwegian', ${text}),
                                  'StartSel=<em>, StopSel=</em>, HighlightAll=true') END`;
      };
      const phraseHeadline =
        phraseFlags.length && q.highlight !== false
          ? `CASE WHEN ${phraseFlags.join(' OR ')} THEN ${remarked()} END`
          : 'NULL::text';
      // A hit that matched the earlier versions' text is highlighted from it (chosen per hit below).
      const earlier = earlierWords(built.expansions);
      const earlierHeadline =
        earlier.length && q.highlight !== false
          ? `CASE WHEN r.earlier_text IS NOT NULL THEN ts_headline('norwegian', r.earlier_text, to_tsquery('norwegian', ${arg(tsqueryText(earlier))}),
                                  ${arg(HEADLINE_FRAGMENTS)}) END`
          : 'NULL::text';
      // A hit that matched an earlier phrase or near rule (stop 46), as a current-text phrase hit:
      // the fragments chosen with its words and the earlier words, marked again with the earlier
      // words only, and the phrases and rules marked where they stand (markPhrases, below).
      const earlierSpanFlags = built.expansions.flatMap((e, i) => (isEarlierSpan(e) ? [`r.m${i}`] : []));
      const earlierSpanHeadline = () => {
        const spanWords = [
          ...new Set(built.expansions.filter(isEarlierSpan).flatMap((e) => (e.of ? highlightOf(e.of) : []))),
        ];
        const chosen = `ts_headline('norwegian', r.earlier_text, to_tsquery('norwegian', ${arg(tsqueryText([...earlier, ...spanWords]))}),
                                  ${arg(HEADLINE_FRAGMENTS)})`;
        const stripped = `regexp_replace(${chosen}, '</?em>', '', 'g')`;
        const remarked = earlier.length
          ? `ts_headline('norwegian', ${stripped}, to_tsquery('norwegian', ${arg(tsqueryText(earlier))}),
                                  'StartSel=<em>, StopSel=</em>, HighlightAll=true')`
          : stripped;
        return `CASE WHEN r.earlier_text IS NOT NULL AND (${earlierSpanFlags.join(' OR ')}) THEN ${remarked} END`;
      };
      const earlierSpanHeadlineSql =
        earlierSpanFlags.length && q.highlight !== false ? earlierSpanHeadline() : 'NULL::text';
      // Two-word phrases of the found notes offered after the words (phrase-suggestions.ts; a
      // user's suggestions only, not the feedback pass's): the phrases of the first PHRASE_SAMPLE
      // found notes (as the words', by id), two words with only spaces between, none a function
      // word at an end (a reflexive pronoun after a word that is no Snowball stop word: "lei seg"),
      // in PHRASE_MIN_DOCS notes or more; the PHRASE_CANDIDATES most frequent counted in what the
      // caller may see (docs, as the words' background: across punctuation, as Elasticsearch's
      // match_phrase; the stemmed phrase first, so the expression reads only the notes that have
      // it), scored as the words. In this statement, as the words are.
      const phrasesWanted = !!q.suggest && !q.suggestFunctionWords;
      const exclusions = [...phraseExclusions(built)];
      const PL = 'a-zA-ZæøåÆØÅéÉäÄöÖüÜ';
      const phrasesCte = phrasesWanted
        ? `phrase_fg AS (SELECT w.a || ' ' || w.b AS phrase, count(DISTINCT t.id)::int AS fg, max(t.n) AS n
                           FROM (SELECT id, text, count(*) OVER () AS n FROM matched ORDER BY id LIMIT ${PHRASE_SAMPLE}) t
                           CROSS JOIN LATERAL (SELECT lower(x.m[1]) AS a, x.m[2] AS sep, lower(lead(x.m[1]) OVER (ORDER BY x.o)) AS b
                                                 FROM regexp_matches(t.text, '([${PL}0-9]+)([^${PL}0-9]*)', 'g') WITH ORDINALITY AS x(m, o)) w
                          WHERE w.sep ~ '^[[:space:]]+$' AND w.b IS NOT NULL AND w.a ~ '^[${PL}]{3,}$' AND w.b ~ '^[${PL}]{3,}$'
                            AND NOT w.a = ANY(${arg(exclusions)}::text[]) AND NOT w.b = ANY(${arg(exclusions)}::text[])
                            AND NOT (w.a || ' ' || w.b) = ANY(${arg(exclusions)}::text[])
                            AND CASE WHEN w.b = ANY(${arg([...REFLEXIVE])}::text[]) THEN NOT w.a = ANY(${arg(STOP_WORDS)}::text[])
                                     ELSE NOT w.a = ANY(${arg(FUNCTION_WORDS)}::text[]) AND NOT w.b = ANY(${arg(FUNCTION_WORDS)}::text[]) END
                          GROUP BY 1 HAVING count(DISTINCT t.id) >= ${PHRASE_MIN_DOCS}
                          ORDER BY fg DESC, phrase LIMIT ${PHRASE_CANDIDATES}),
              phrases AS (SELECT coalesce(jsonb_agg(jsonb_build_object('term', phrase, 'docs', fg, 'score', score) ORDER BY score DESC, phrase), '[]') AS suggested_phrases
                            FROM (SELECT * FROM (SELECT f.phrase, f.fg, (f.fg::float / f.n) / ((bg.df + 1)::float / greatest(bg.total, 1)) AS score
                                                   FROM phrase_fg f
                                                   CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM docs x
                                                                                WHERE x.tsv @@ phraseto_tsquery('norwegian', f.phrase) AND x.text ~* ('(^|[^${PL}0-9])' || split_part(f.phrase, ' ', 1) || '[^${PL}0-9]+' || split_part(f.phrase, ' ', 2) || '([^${PL}0-9]|$)'))::int AS df,
                                                                              (SELECT count(*) FROM docs)::int AS total) bg) y
                                   WHERE y.score > 1 ORDER BY y.score DESC, y.phrase LIMIT ${PHRASE_SUGGESTIONS}) z),`
        : '';
      const r = await db.query<
        Record<string, unknown> & {
          id: string;
          kind: string;
          patient_id: string | null;
          national_ids: string[];
          refs: IndexDocument['refs'];
          text_origin: TextOriginInfo | null;
          text: string;
        }
      >(
        `WITH ${knnCte} docs AS (SELECT d.id, d.kind, d.patient_id, d.national_ids, d.refs, d.text_origin, d.text, d.earlier_text, d.tsv, d.concepts, ${built.knn ? 'knn.sim' : 'NULL::float'} AS knn_sim, ${cols.join(', ')}
                         FROM search.document d ${built.knn ? 'LEFT JOIN knn ON knn.id = d.id' : ''} WHERE ${filters.join(' AND ')}),
              matched AS (SELECT * FROM docs WHERE ${q.elusion ? `NOT (${mustMatch})` : mustMatch}),
              counts AS (SELECT ARRAY[${built.expansions.map((_, i) => `count(*) FILTER (WHERE m${i})::int`).join(', ')}]::int[] AS expansion_counts,
                                (SELECT count(*) FROM matched)::int AS matched_total FROM docs),
              ${personsCte}
              ${
                q.suggest
                  ? `suggest AS (SELECT coalesce(jsonb_agg(jsonb_build_object('term', lexeme, 'docs', fg, 'score', score) ORDER BY score DESC), '[]') AS suggested
                       FROM (SELECT s.lexeme, s.fg, (s.fg::float / s.n) / ((bg.df + 1)::float / greatest(bg.total, 1)) AS score
                               FROM (SELECT u.lexeme, count(*)::int AS fg, max(t.n) AS n
                                       FROM (SELECT tsv, count(*) OVER () AS n FROM matched ORDER BY id LIMIT 200) t, unnest(t.tsv) u
                                      WHERE length(u.lexeme) >= 3 AND u.lexeme !~ '[0-9]' AND NOT u.lexeme = ANY(${arg(exclude)}::text[])
                                      GROUP BY u.lexeme HAVING count(*) >= 2 ORDER BY count(*) DESC LIMIT 40) s
                               -- The background is what the caller may see (docs carries the policy scope), as
                               -- Elasticsearch's background_filter: records out of reach must not move a score.
                               CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM docs x WHERE x.tsv @@ quote_literal(s.lexeme)::tsquery)::int AS df,
                                                          (SELECT count(*) FROM docs)::int AS total) bg
                              ORDER BY score DESC LIMIT ${q.suggestSize ?? SUGGESTIONS}) z),`
                  : ''
              }
              ${phrasesWanted ? phrasesCte : ''}
              scored AS (SELECT m.*, ${score} AS score FROM matched m),
              ranked AS (SELECT * FROM scored s
                          ${after ? `WHERE s.score < ${arg(after[0])}::float8 OR (s.score = ${arg(after[0])}::float8 AND s.id > ${arg(after[1])}::text)` : ''}
                          ORDER BY s.score DESC, s.id LIMIT ${arg(q.first + 1)}),
              lit AS (SELECT r.*, ts_headline('norwegian', r.text, ${hitTsquery},
                                  ${arg(HEADLINE_FRAGMENTS)}) AS headline FROM ranked r)
         SELECT r.id, r.kind, r.patient_id, r.national_ids, r.refs, r.text_origin, r.text, r.score,
                ARRAY[${built.expansions.map((_, i) => `r.m${i}`).join(', ')}]::boolean[] AS matched_flags, c.*, ${q.suggest ? 'sg.suggested,' : ''} ${phrasesWanted ? 'ph.suggested_phrases,' : ''} ${persons ? 'pr.persons AS person_keys,' : ''} r.headline,
                ${phraseHeadline} AS phrase_headline,
                ${earlierHeadline} AS earlier_headline,
                ${earlierSpanHeadlineSql} AS earlier_span_headline
           FROM counts c ${q.suggest ? 'CROSS JOIN suggest sg' : ''} ${phrasesWanted ? 'CROSS JOIN phrases ph' : ''} ${persons ? 'CROSS JOIN persons pr' : ''} LEFT JOIN lit r ON true ORDER BY r.score DESC, r.id`,
        p,
      );
      const rows = r.rows.filter((x) => x.id);
      const suggestedTerms = q.suggest
        ? [
            ...((r.rows[0]?.suggested as SuggestedTerm[] | undefined) ?? []),
            // Two-word phrases after the words (phrase-suggestions.ts).
            ...((r.rows[0]?.suggested_phrases as SuggestedTerm[] | undefined) ?? []),
          ].map((t) => ({
            term: t.term,
            docs: Number(t.docs),
            score: Number(t.score),
          }))
        : undefined;
      const countsRow: Record<string, unknown> = r.rows[0] ?? {};
      const personKeys = (countsRow.person_keys ?? {}) as Record<string, string[] | undefined>;
      const keysOf = (count: number): PersonKeys => {
        const patientIds = personKeys[`${count}_p`] ?? [];
        const nationalIds = personKeys[`${count}_n`] ?? [];
        return {
          patientIds: patientIds.slice(0, PERSON_KEYS_MAX),
          nationalIds: nationalIds.slice(0, PERSON_KEYS_MAX),
          complete:
            !!r.rows[0] && patientIds.length <= PERSON_KEYS_MAX && nationalIds.length <= PERSON_KEYS_MAX,
          notesKey: personKeys[`${count}_k`]?.[0] ?? '0',
          // Every document's key is computed here: all of them keyed.
          notesKeyed: Number(personKeys[`${count}_k`]?.[1] ?? 0),
        };
      };
      const page = rows.slice(0, q.first);
      const matchedNames = (h: (typeof rows)[number]): string[] =>
        built.expansions
          .filter((_, i) => (h.matched_flags as boolean[] | null)?.[i] === true)
          .map((e) => e.name)
          .sort();
      return {
        // From the counts, not the page: a cursor past the last match has no rows, and its
        // total was 0 (found in review).
        total: Number(countsRow.matched_total ?? 0),
        ...(persons ? { persons: keysOf(-1) } : {}),
        suggestedTerms,
        hits: page.map((h) => {
          const matched = matchedNames(h);
          const where = matchedIn(built, matched);
          // Matched only in the earlier versions' text: highlighted from that text.
          const flags = h.matched_flags as boolean[] | null;
          const spansOf = (k: 'phrase' | 'near') =>
            built.expansions.flatMap((e, i) =>
              isEarlierSpan(e) && e.of?.kind === k && flags?.[i] === true ? [e.of] : [],
            );
          const headline =
            where === 'earlier' && h.earlier_span_headline != null
              ? markPhrases(String(h.earlier_span_headline), spansOf('phrase'), spansOf('near'))
              : where === 'earlier' && h.earlier_headline != null
                ? h.earlier_headline
                : h.phrase_headline != null
                  ? markPhrases(
                      String(h.phrase_headline),
                      built.expansions.filter(
                        (e, i) => e.kind === 'phrase' && (h.matched_flags as boolean[] | null)?.[i] === true,
                      ),
                      built.expansions.filter(
                        (e, i) => e.kind === 'near' && (h.matched_flags as boolean[] | null)?.[i] === true,
                      ),
                    )
                  : h.headline;
          return {
            id: h.id,
            kind: h.kind as IndexDocument['kind'],
            patientId: h.patient_id,
            nationalIds: h.national_ids,
            refs: h.refs,
            textOrigin: h.text_origin,
            score: Number(h.score),
            // The earlier versions' separator (EARLIER_SEPARATOR) is shown as the blank line it stands in.
            highlights: q.highlight === false ? [] : [shownHeadline(String(headline))],
            matched,
            matchedIn: where,
          };
        }),
        termReport: [
          ...built.expansions.map((e, i) => ({
            expansion: e.name,
            word: e.word,
            kind: e.kind,
            concept: e.concept,
            hits: Number((countsRow.expansion_counts as number[] | undefined)?.[i] ?? 0),
            ...(persons ? { persons: keysOf(i) } : {}),
          })),
          ...skipped,
        ],
        hasNextPage: rows.length > q.first,
        endCursor:
          rows.length > q.first && page.length
            ? encodeCursor([Number(page[page.length - 1]!.score), page[page.length - 1]!.id])
            : null,
      };
    },
    async presentWords(words: string[], exclude: string[] = []) {
      if (!words.length) return new Set<string>();
      // As a learned expansion matches (predicate: the stemmed text or the compound parts).
      const r = await db.query<{ w: string }>(
        `SELECT w FROM unnest($1::text[]) w
          WHERE EXISTS (SELECT 1 FROM search.document d
                         WHERE (d.tsv @@ plainto_tsquery('norwegian', w) OR d.tsv_parts @@ plainto_tsquery('norwegian', w))
                           AND NOT (d.id = ANY($2::text[])))`,
        [words, exclude],
      );
      return new Set(r.rows.map((x) => x.w));
    },
    async scanVersions(afterId: string, limit: number) {
      return (
        await db.query<{ id: string; version: number }>(
          'SELECT id, version FROM search.document WHERE id > $1 ORDER BY id LIMIT $2',
          [afterId, limit],
        )
      ).rows;
    },
    async countBySource(q) {
      const p: unknown[] = [q.patientIds ?? [], q.from ?? null, q.to ?? null, q.nationalIds ?? []];
      const arg = (v: unknown) => {
        p.push(v);
        return `$${p.length}`;
      };
      const scope = pgScope(q.scope, arg);
      const ages =
        q.ageFrom != null || q.ageTo != null
          ? pgAgeWindow(q.ageFrom, q.ageTo, arg, personNids(q), 'd', q.leapDayRule)
          : 'true';
      const r = await db.query<{
        source_system: string;
        n: number;
        earlier: number;
        partly: number;
        unindexed: string;
      }>(
        `SELECT kind || ':' || source_system AS source_system, count(*)::int AS n,
                coalesce(sum(earlier_versions), 0)::int AS earlier,
                count(*) FILTER (WHERE chars_not_indexed > 0)::int AS partly,
                coalesce(sum(chars_not_indexed), 0)::bigint AS unindexed FROM search.document d
          WHERE (d.patient_id = ANY($1::text[]) OR d.national_ids && $4::text[]) AND ($2::date IS NULL OR d.local_date >= $2) AND ($3::date IS NULL OR d.local_date <= $3)
            AND ${ages} AND ${scope}
          GROUP BY kind, source_system`,
        p,
      );
      const out = new Map(r.rows.map((x) => [x.source_system, x.n]));
      for (const x of r.rows) {
        if (x.earlier) out.set(earlierKey(x.source_system), x.earlier);
        // Notes indexed in part (migration 015): a reviewer is told how much of their text search misses.
        if (x.partly) out.set(partlyKey(x.source_system), x.partly);
        if (Number(x.unindexed)) out.set(charsNotIndexedKey(x.source_system), Number(x.unindexed));
      }
      return out;
    },
    async beginRebuild(): Promise<RebuildTarget> {
      // Built in a staging table; commit swaps it in within one transaction (readers see the old rows until then).
      await db.exec(
        'DROP TABLE IF EXISTS search.document_rebuild; CREATE TABLE search.document_rebuild (LIKE search.document INCLUDING ALL)',
      );
      const staging = createPostgresTable(db, 'search.document_rebuild', embedder);
      return {
        name: 'search.document_rebuild',
        async upsert(docs) {
          earlierIndexed.saw(docs);
          await staging(docs);
        },
        async remove(ids) {
          if (ids.length)
            await db.query('DELETE FROM search.document_rebuild WHERE id = ANY($1::text[])', [ids]);
        },
        async commit() {
          await db.transaction(async (tx) => {
            await tx.query('DELETE FROM search.document');
            await tx.query(`INSERT INTO search.document (id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, party_ages, age_at_date_feb28, party_ages_feb28, author_name, service, national_ids, refs, parts, text_origin, vector, vector_model, concepts, concept_model, earlier_text, earlier_versions, earlier_parts, earlier_source_systems, chars_not_indexed)
                            SELECT id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, party_ages, age_at_date_feb28, party_ages_feb28, author_name, service, national_ids, refs, parts, text_origin, vector, vector_model, concepts, concept_model, earlier_text, earlier_versions, earlier_parts, earlier_source_systems, chars_not_indexed
                              FROM search.document_rebuild`);
            await tx.query('DROP TABLE search.document_rebuild');
          });
        },
        async abort() {
          await db.exec('DROP TABLE IF EXISTS search.document_rebuild');
        },
      };
    },
    async close() {
      // The database is owned by the caller.
    },
  };
  return self;
}

/**
 * The lexemes PostgreSQL's Norwegian text search makes of the texts, all together
 * (to_tsvector('norwegian', …): the Snowball stemmer and stop words the tsv columns are
 * generated with, and plainto_tsquery stems a query word with): SearchBackend.tokens.
 */
export async function norwegianLexemes(db: Queryable, texts: readonly string[]): Promise<Set<string>> {
  if (!texts.length) return new Set();
  const r = await db.query<{ l: string }>(
    `SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('norwegian', t))) AS l FROM unnest($1::text[]) t`,
    [texts],
  );
  return new Set(r.rows.map((x) => x.l));
}

/** PostgreSQL's "string is too long for tsvector" (over 1 MB of lexemes and positions): program_limit_exceeded. */
const TSVECTOR_TOO_LONG = '54000';

/**
 * A document cut to about half its text (at a space), its compound parts and earlier versions
 * likewise: what PostgreSQL can index of a note whose words overflow a tsvector.
 */
function halved(d: IndexDocument): IndexDocument {
  const half = (t: string) => {
    const cut = t.lastIndexOf(' ', Math.floor(t.length / 2));
    return t.slice(0, cut > 0 ? cut : Math.floor(t.length / 2));
  };
  const text = half(d.text);
  return {
    ...d,
    text,
    charsNotIndexed: (d.charsNotIndexed ?? 0) + d.text.length - text.length,
    ...(d.parts != null ? { parts: half(d.parts) } : {}),
    ...(d.earlierText ? { earlierText: d.earlierText.map(half) } : {}),
    ...(d.earlierParts != null ? { earlierParts: half(d.earlierParts) } : {}),
  };
}

/**
 * Bulk upsert into a search document table, with the compound parts split off at index time.
 * A note whose words overflow a tsvector (over 1 MB: some 40,000 distinct words) fails the
 * batch's statement: the batch is then written one document at a time, and that document is
 * indexed as far as PostgreSQL can (its text halved until it fits), so one such note holds back
 * no other change of its outbox (found in review s32: every drain of the journal outbox failed
 * on it, and no later note was found). Its words past the cut are not found on this backend;
 * the journal keeps the whole text, and Elasticsearch indexes all of it.
 */
function createPostgresTable(db: Db, table: string, embedder: Embedder) {
  const insert = createPostgresInsert(db, table);
  const tooLong = (err: unknown) => (err as { code?: string }).code === TSVECTOR_TOO_LONG;
  return async (input: IndexDocument[]) => {
    if (!input.length) return;
    const docs = input.map((d) => enrichDocument(d, embedder));
    try {
      await insert(docs);
      return;
    } catch (err) {
      if (!tooLong(err)) throw err;
    }
    for (const doc of docs) {
      let d = doc;
      for (;;) {
        try {
          await insert([d]);
          break;
        } catch (err) {
          if (!tooLong(err) || !d.text) throw err;
          d = halved(d);
        }
      }
      if (d !== doc)
        log.warn(
          { id: d.id, indexedChars: d.text.length, chars: doc.text.length },
          'search document over the tsvector limit: indexed in part (PostgreSQL backend)',
        );
    }
  };
}

function createPostgresInsert(db: Db, table: string) {
  return async (docs: IndexDocument[]) => {
    await db.query(
      `INSERT INTO ${table} (id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, party_ages, age_at_date_feb28, party_ages_feb28, author_name, service, national_ids, refs, parts, text_origin, vector, vector_model, concepts, concept_model, earlier_text, earlier_versions, earlier_parts, earlier_source_systems, chars_not_indexed)
       SELECT id, kind, "patientId", "sourceSystem", type, "writtenAt", text, version, "localDate", "ageAtDate",
              CASE WHEN "partyAges" IS NULL THEN NULL ELSE ARRAY(SELECT (x #>> '{}')::int FROM jsonb_array_elements("partyAges") x) END,
              "ageAtDateFeb28",
              CASE WHEN "partyAgesFeb28" IS NULL THEN NULL ELSE ARRAY(SELECT (x #>> '{}')::int FROM jsonb_array_elements("partyAgesFeb28") x) END,
              "authorName", service,
              ARRAY(SELECT jsonb_array_elements_text("nationalIds")), refs, parts, "textOrigin", vector, "vectorModel", concepts, "conceptModel",
              -- The earlier versions' texts, a record separator on a line of its own between two
              -- (EARLIER_SEPARATOR, migration 018; a blank line before it, 012); NULL when none.
              CASE WHEN "earlierText" IS NULL THEN NULL
                   ELSE array_to_string(ARRAY(SELECT jsonb_array_elements_text("earlierText")), E'\\n\\x1e\\n') END,
              "earlierVersions", "earlierParts",
              CASE WHEN "earlierSourceSystems" IS NULL THEN NULL
                   ELSE ARRAY(SELECT jsonb_array_elements_text("earlierSourceSystems")) END,
              "charsNotIndexed"
         FROM jsonb_to_recordset($1::jsonb) AS d(id text, kind text, "patientId" text, "sourceSystem" text, type text,
              "writtenAt" timestamptz, text text, version int, "localDate" date, "ageAtDate" int, "partyAges" jsonb, "ageAtDateFeb28" int, "partyAgesFeb28" jsonb, "authorName" text, service text,
              "nationalIds" jsonb, refs jsonb, parts text, "textOrigin" jsonb, vector real[], "vectorModel" text,
              concepts text[], "conceptModel" text, "earlierText" jsonb, "earlierVersions" int, "earlierParts" text,
              "earlierSourceSystems" jsonb, "charsNotIndexed" int)
       ON CONFLICT (id) DO UPDATE SET
         patient_id = EXCLUDED.patient_id, source_system = EXCLUDED.source_system, entry_type = EXCLUDED.entry_type,
         written_at = EXCLUDED.written_at, text = EXCLUDED.text, version = EXCLUDED.version, local_date = EXCLUDED.local_date,
         age_at_date = EXCLUDED.age_at_date, party_ages = EXCLUDED.party_ages,
         age_at_date_feb28 = EXCLUDED.age_at_date_feb28, party_ages_feb28 = EXCLUDED.party_ages_feb28, author_name = EXCLUDED.author_name, service = EXCLUDED.service,
         national_ids = EXCLUDED.national_ids, refs = EXCLUDED.refs, parts = EXCLUDED.parts, text_origin = EXCLUDED.text_origin,
         vector = EXCLUDED.vector, vector_model = EXCLUDED.vector_model, concepts = EXCLUDED.concepts,
         concept_model = EXCLUDED.concept_model, earlier_text = EXCLUDED.earlier_text, earlier_versions = EXCLUDED.earlier_versions,
         earlier_parts = EXCLUDED.earlier_parts, earlier_source_systems = EXCLUDED.earlier_source_systems,
         chars_not_indexed = EXCLUDED.chars_not_indexed`,
      [JSON.stringify(docs)],
    );
  };
}
