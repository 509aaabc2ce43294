/**
 * Turns what a legal user types into named query clauses ("expansions"), so that each
 * hit says which expansion matched it and the term report can count each one.
 * Uses only core Elasticsearch queries (match, match_phrase, wildcard, fuzzy, intervals,
 * boosting, term), so it runs on a stock Elasticsearch 9.
 *
 * The query is read as segments: a run of words that is a concept's trigger phrase
 * ("fysisk holding", "seksuelle overgrep") is one segment, every other word is one. Per segment:
 *   word:<w>            the word itself, Norwegian-stemmed (hunspell) and as written
 *   typo:<w>            one edit away (legacy misspellings), words of 5+ letters
 *   compound:<w>        a part of a compound (nettmobbing → mobbing), from the parts the
 *                       indexer splits off (search-index/decompound.ts), words of 4+ letters
 *   split:<w>           a compound query word's parts, all in the note (søvnproblemer →
 *                       "problemer med søvnen")
 * and for each vocabulary concept the segment names (search-index/vocabulary.ts):
 *   <concept>:term:<t>  <concept>:compound:<stem>  <concept>:typo:<t>
 *   <concept>:phrase:<p>  <concept>:near:<word>
 *   <concept>:service:<s>  a note written by a service whose name contains s (a setting of
 *                       care: hjemmetjenester), whatever its text; the vocabulary's `services`
 *   <concept>:negated   a negated mention ("ingen mobbing", "benekter selvmordstanker",
 *                       "spurt om selvmordstanker, avkrefter"):
 *                       ranked down (Elasticsearch boosting, factor NEGATED_WEIGHT), never dropped;
 *                       when the query itself negates the topic ("ingen mobbing",
 *                       "selvmordstanker avkreftet": negatedInQuery), ranked up as a word
 *                       (WORD_BOOST) instead (`negatedAsked`)
 * and, for a word no vocabulary concept names, what a model learned from the notes
 * (search-index/expansions.ts, fastText subword embeddings):
 *   learned:<w>:<n>     a nearest word n of w above the similarity threshold, weighted by
 *                       LEARNED_BOOST × similarity: ranked below the word and the vocabulary's
 *                       terms; switched off with disabled: ["learned"] (or one name)
 *   prf:<w>:<t>         pseudo-relevance feedback (search-index/feedback.ts): a word t that
 *                       characterises the notes a first pass found for w and that the model
 *                       puts near w; weighted and counted like the learned neighbours (a note
 *                       needs LEARNED_MIN_MATCH of the two together); disabled: ["prf"]
 * and, for callers whose purpose is a legal matter or case handling (lib/policy
 * AccessPolicy.earlierVersions; helsepersonelloven § 42), with SearchQuery.earlierVersions:
 *   earlier:<w>  earlier:compound:<w>  earlier:split:<w>  earlier:<concept>:term
 *   earlier:<concept>:compound:<stem|parts>
 *   earlier:<concept>:phrase:<p>  earlier:<concept>:near:<w>
 *                       the word (stemmed and as written), its compound parts, the concepts'
 *                       terms (as written, one clause), compound stems, phrases and near rules
 *                       (stop 46: weighing nothing, EARLIER_SPAN_BOOST), in the text of the
 *                       note's earlier versions (IndexDocument.earlierText and its compound
 *                       parts earlierParts: what a corrected note said before; earlierExpansions);
 *                       the segment's expansions, so a note whose earlier text alone has the
 *                       word matches, a constant EARLIER_BOOST (once per segment) below a match
 *                       in the current text; only when the index holds an earlier version
 *                       (earlier-held.ts); disabled: ["earlier"] (or one name)
 * and, when a reviewer marks notes as relevant:
 *   more-like-this      notes like the marked ones: their distinctive words in the
 *                       caller's scope (LIKE_TERMS), on both backends
 * and, with document vectors on (HELSESPOR_KNN=1, search-index/vectors.ts):
 *   knn:<query>         the notes whose vector is nearest the query's (Elasticsearch knn query
 *                       inside the same search, the filters and policy scope as its filter;
 *                       PostgreSQL an exact cosine over the scope), weighted below a word match;
 *                       disabled: ["knn"]
 * and, for a segment that names a concept with a learned direction (search-index/concepts.ts):
 *   classifier:<concept>  the notes the concept's learned classifier (a linear classifier on
 *                       the note's words, compound parts, stems and bigrams) tagged at index time at the query's recall target
 *                       (search-index/concepts.ts conceptTags: `<concept>@<target>`): a filter
 *                       on the stored tags inside the normal filtered query, a note tagged at a
 *                       stricter tier ranking higher, all below a word match; one of the
 *                       segment's expansions; disabled: ["classifier"] (or its name, or the concept)
 * A note must match one expansion of every segment, or more-like-this, or knn. Function words
 * ("i", "på", "med", "ikke") are no segments when the query has other words. When the query
 * names a topic (a vocabulary concept), only the topics' segments are required and its other
 * words rank a note up ("plaget og utestengt av medelever": a note about being shut out need
 * not say "medelever"); "eller", a comma or a slash between topics makes them alternatives
 * (`runs`: "smerter i hode, bryst eller mage" is smerter and one of hode, bryst, mage).
 * Held out on natural phrasings of tuning set 3's topics written by a helper (3 per topic, 105
 * queries), listed topics on Elasticsearch: recall 0.26 → 0.92, P@20 0.34 → 0.54. A query of
 * words only (no topic) needs half of its words, rounded up (WORDS_MINIMUM).
 */
import { decompounder } from './decompound';
import { conceptsFor, isTriggerPhrase, type Concept } from './vocabulary';
import type { Neighbour } from './expansions';

/**
 * Every kind of expansion, each a name `disabled` (disabledExpansions) switches off; the search
 * schema's disabledExpansions descriptions list them all with EARLIER_SPANS
 * (test/schema-budget-descriptions-s47.test.ts keeps it so).
 */
export const EXPANSION_KINDS = [
  'word',
  'typo',
  'compound',
  'split',
  'term',
  'phrase',
  'near',
  'negated',
  'like',
  'learned',
  'prf',
  'knn',
  'classifier',
  'service',
  'earlier',
] as const;
export type ExpansionKind = (typeof EXPANSION_KINDS)[number];

export interface Expansion {
  /** Stable name, shown to the user, used to switch it off. */
  name: string;
  /** The query word (or trigger phrase) it came from. */
  word: string;
  kind: ExpansionKind;
  concept: string | null;
  /** What it looks for, backend-neutral: a word, stem, phrase or the word of a near rule. */
  text: string;
  /** compound: a stem inside any word (vocabulary compounds) rather than a split-off part. */
  wildcard?: boolean;
  /** compound, and word/term matched as a compound part: forms that do not count (doc-level). */
  not?: string[];
  /** word/term: also matched among the compound parts; near: the word and a context word among them. */
  inParts?: boolean;
  /** compound (parts): any of these words among the compound parts. */
  anyOf?: string[];
  /** split: every part must be in the note. */
  parts?: string[];
  /** phrase: words allowed between the phrase's words. */
  slop?: number;
  /** near: the context words and the window. */
  context?: string[];
  within?: number;
  /**
   * word/term: spans where the word does not count (a rule's word within `within` words of a
   * context word: "i alle fall", "fall i blodtrykket"); the term is then matched as written.
   */
  unless?: { word: string; within: number; context: string[] }[];
  /** negated: a cue word followed within NEGATION_GAP words by one of the terms. */
  cues?: string[];
  /** negated: words that negate the mention before them (within NEGATION_AFTER_GAP words). */
  cuesAfter?: string[];
  terms?: string[];
  /** learned, prf: the neighbour's cosine similarity to the query word. */
  similarity?: number;
  /** like: the marked notes. */
  likeIds?: string[];
  /** knn: the query vector, the model that made it, how many notes and the least cosine. */
  knn?: { vector: number[]; model: string; k: number; similarity: number; boost: number };
  /** classifier: the stored concept tags it matches (the query's recall target first, then stricter), and its weight. */
  tags?: { tags: string[]; boost: number };
  /** earlier: the current-text expansion it runs over the text of the note's earlier versions (none: `terms`, as written). */
  of?: Expansion;
  /** An Elasticsearch query clause. */
  clause: Record<string, unknown>;
}

/** Words that negate the mention that follows them (bokmål, then the nynorsk forms: "ikkje redd", "inga mobbing"). */
export const NEGATION_CUES = [
  'ikke',
  'ingen',
  'intet',
  'ingenting',
  'uten',
  'aldri',
  'benekter',
  'benektet',
  'avkrefter',
  'avkreftet',
  'nekter',
  'neg',
  'negativ',
  'verken',
  'ikkje',
  'inga',
  'inkje',
  'utan',
  'benektar',
  'benekta',
  'avkreftar',
  'avkrefta',
  'korkje',
];
export const NEGATION_GAP = 3;
/**
 * Words that negate the mention before them, as notes write an answer after the question
 * ("spurt om selvmordstanker, avkrefter", "rus: neg.", "kvalme – nei").
 */
export const NEGATION_AFTER = [
  'avkrefter',
  'avkreftet',
  'benekter',
  'benektet',
  'neg',
  'negativ',
  'nei',
  'avkreftar',
  'avkrefta',
  'benektar',
  'benekta',
];
/** Words at most between a mention and the negation after it. */
export const NEGATION_AFTER_GAP = 2;
/** Score factor of a note whose match is a negated mention. */
export const NEGATED_WEIGHT = 0.2;
/** Weight of the query word itself against its expansions. */
export const WORD_BOOST = 5;
/**
 * Factor by which each of a topical query's other words a note has multiplies its score
 * ("plaget og utestengt av medelever": medelever): they rank a note up among the notes about
 * the topic, and do not lift a note that shares only them (and a classifier tag) above one
 * the topic's words or phrases match. Added at WORD_BOOST, as before, they did: held out on the
 * natural phrasings of tuning sets 2 and 3 (dev/search-eval, concept directions trained
 * without the set), notes matching only the other words filled the first 20 above notes with
 * the topic's terms. A factor, not a sum: the topic's own score decides how much it counts.
 * Listed topics on Elasticsearch, P@20 (recall unchanged: this orders, it adds or drops
 * nothing): see subgraphs/search/MEASUREMENTS.md.
 */
export const OPTIONAL_FACTOR = 1.5;
/**
 * Weight of a word found only in the text of a note's earlier versions (the `earlier:` expansion,
 * a constant score): below any match in the current text, whose word weighs WORD_BOOST (scored
 * by match alone: definition.ts similarity) and whose associations, classifier and kNN weigh tenths.
 */
export const EARLIER_BOOST = 0.01;
/**
 * Weight of a concept's phrase or near rule found in the text of a note's earlier versions
 * (stop 46): none. Such a clause finds a note whose earlier text alone said "tatt lua"
 * (helsepersonelloven § 42), ranked below every other match, and moves no note's score: a note
 * found before (by its current text, or by an earlier word at EARLIER_BOOST) ranks as it did.
 */
export const EARLIER_SPAN_BOOST = 0;
/**
 * A name in `disabled` that leaves out the earlier phrases and near rules only (their intervals
 * cost many clauses on Elasticsearch): the first step of the clause budget (clause-budget.ts), so
 * a query over the cap keeps the earlier words before it loses every `earlier:` clause.
 */
export const EARLIER_SPANS = 'earlier-spans';
/** Whether an expansion is an earlier version's phrase or near rule (EARLIER_SPANS). */
export const isEarlierSpan = (e: { kind: string; of?: { kind: string } }): boolean =>
  e.kind === 'earlier' && (e.of?.kind === 'phrase' || e.of?.kind === 'near');
/** Weight of a learned neighbour (times its similarity): below a vocabulary term's 1. */
export const LEARNED_BOOST = 0.5;
/** Learned neighbours a note must contain (of those a query word has) to match through them. */
export const LEARNED_MIN_MATCH = 2;
export const learnedMinMatch = (n: number) => Math.min(LEARNED_MIN_MATCH, n);
/** How many of a group's associations (learned, prf) a note needs to match through them. */
export function associatedMinMatch(group: Expansion[]): number {
  return learnedMinMatch(group.filter((e) => ASSOCIATED.has(e.kind)).length);
}
/** At most this many notes may be marked for more-like-this. */
export const MAX_LIKE = 20;

/**
 * More-like-this on both backends: the marked notes' LIKE_TERMS most distinctive words (tf·idf,
 * in at least two notes), and the notes holding LIKE_SHARE of them (at least two). Their
 * document frequencies are counted over the caller's scope only (postgres.ts likeTerms,
 * elasticsearch.ts likeTerms): Elasticsearch's more_like_this chose its terms by frequencies over
 * the whole index, so which of a caller's notes it found told whether words stood in notes out
 * of the caller's reach, deleted ones included (found in review s38).
 */
export const LIKE_TERMS = 15;
export const LIKE_SHARE = 0.3;

/** How many of `n` like terms a note must hold. */
export function likeMinimum(n: number): number {
  return Math.max(2, Math.ceil(n * LIKE_SHARE));
}

/** Norwegian function words never offered as suggested terms. */
export const STOP_WORDS = (
  'og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi min mitt ha ' +
  'hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl her alle vil bli ble ' +
  'blitt kunne inn når være kom noen noe ville dere som deres kun ja etter ned skulle denne for deg si sine sitt mot å ' +
  'meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors ' +
  'hvis både bare enn fordi før mange også slik vært være begge siden dykk dykkar dei deira deires deim di då eg ein ' +
  'eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva kvar kvarhelst ' +
  'kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme um upp vere vore ' +
  'verte vort varte vart pas pasienten pasient går gikk fikk får sier'
).split(' ');
const STOP_WORD_SET: ReadonlySet<string> = new Set(STOP_WORDS);

/** How many suggested terms a search offers. */
export const SUGGESTIONS = 10;

/** Single words the query already searches for (its own and its concepts' terms). */
export function expandedWords(built: { expansions: { kind: string; text: string }[] }): string[] {
  return built.expansions
    .filter((e) => (e.kind === 'term' || e.kind === 'word') && !/\s/.test(e.text))
    .map((e) => e.text.toLowerCase());
}

export const escapeWildcard = (s: string) => s.replace(/[\\*?]/g, (c) => `\\${c}`);

/**
 * Text in one Unicode form (NFC: a letter and its accent as one code point where Unicode has
 * one), as the backends read a query and index a note (enrich.ts): "kafe\u0301" and "kafé",
 * "c\u030Ca\u0301hci" and "čáhci" are the same words. Before, the query splitter below cut a
 * decomposed word at its combining mark, and the analysers indexed the two forms as different
 * terms (found in review s33).
 */
export const nfc = (s: string): string => s.normalize('NFC');
/** Whether `s` is already in NFC (fast for the usual text: no combining marks, no compatibility forms). */
export const isNfc = (s: string): boolean => !/[\u0300-\uffff]/.test(s) || s === s.normalize('NFC');

export function queryWords(query: string): string[] {
  return [
    ...new Set(
      nfc(query)
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 2),
    ),
  ];
}

/**
 * How many of its n words (segments) a query naming no topic needs in a note: half, rounded up
 * ("vondt i leddene om morgenen": 2 of leddene, morgenen; two words: either). A note with more
 * of them ranks higher (each word is a scored clause). Every word was required before; on
 * the natural phrasings of tuning sets 2 and 3 (dev/search-eval, topics not in the vocabulary,
 * Elasticsearch, held out) recall 0.71 → 0.82 and 0.74 → 0.86 at P@20 0.39 → 0.41 and
 * 0.55 → 0.51; n − 1 gave 0.81 / 0.84, one word 0.82 / 0.87 at P@20 0.32 / 0.41, and "both
 * of two, half of more" 0.76 / 0.86. The listed topics' phrasings moved by at most 0.01.
 * With `expand: false` (plain words) every word is still required.
 */
export const WORDS_MINIMUM = (n: number) => Math.ceil(n / 2);

/** Query words that join two others ("rus og alkohol"); not searched for when other words are there. */
const CONJUNCTIONS = new Set(['og', 'eller', 'samt', 'and', 'or']);

/**
 * The query's topics in runs of alternatives: neighbouring topics with "eller", "or", a comma or
 * a slash between them are one run, and a note must match one topic of every run ("smerter i
 * hode, bryst eller mage": smerter, and one of hode, bryst, mage; "vold og mobbing eller rus":
 * vold, and mobbing or rus; "vold og mobbing, skolen": each). Returns each group's run (a topic
 * named twice: the run of its first place).
 */
function orRuns(
  text: string,
  segments: string[],
  groupSegments: string[][],
  groupConcepts: string[],
): number[] {
  const lower = text.toLowerCase();
  // Each segment's place in the text, in query order (a repeated word: its first place).
  const place = new Map<string, { start: number; end: number }>();
  let from = 0;
  for (const s of segments) {
    const words = s.split(' ');
    const start = lower.indexOf(words[0]!, from);
    if (start < 0) continue;
    const end = lower.indexOf(words.at(-1)!, start) + words.at(-1)!.length;
    place.set(s, { start, end });
    from = end;
  }
  const topics = groupSegments
    .flatMap((segs, g) =>
      groupConcepts[g] ? segs.flatMap((s) => (place.has(s) ? [{ g, ...place.get(s)! }] : [])) : [],
    )
    .sort((a, b) => a.start - b.start);
  const run = groupSegments.map((_, g) => g);
  let current = -1;
  for (let i = 0; i < topics.length; i++) {
    const t = topics[i]!;
    const prev = topics[i - 1];
    const joined =
      prev &&
      (prev.g === t.g || /(^|[^\p{L}])(eller|or)([^\p{L}]|$)|[,/]/u.test(lower.slice(prev.end, t.start)));
    if (!joined) current = t.g;
    if (i === 0 || topics.findIndex((x) => x.g === t.g) === i) run[t.g] = current;
  }
  return run;
}

/** Words, with runs that are a concept's trigger phrase kept together (longest first). */
export function querySegments(words: string[], vocabulary: Map<string, Concept>, expand: boolean): string[] {
  if (!expand) return words;
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    let n = Math.min(4, words.length - i);
    for (; n > 1; n--) if (isTriggerPhrase(words.slice(i, i + n).join(' '), vocabulary)) break;
    out.push(words.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

const matchText = (text: string, fields: string[]) => ({
  multi_match: { query: text, fields, ...(text.includes(' ') ? { operator: 'and' } : {}) },
});

/**
 * Signs a vocabulary rule names as a word of its own (tvang: "vedtak" within 6 words of "§").
 * Elasticsearch's standard tokenizer drops them, and the core-only distribution has no char
 * filter to keep them (no analysis-common: no `mapping`, no `pattern_replace`), so the
 * Elasticsearch backend writes a note whose text holds one a derived field beside its text
 * (`signText`, and `earlierSignText` for its earlier versions: definition.ts SIGN_MAPPING),
 * the text with each such sign spelled as a word (signWord), and a rule naming a sign runs
 * over that field too (nearClause). PostgreSQL's rule predicates read signs as written
 * (postgres.ts proximityRegex). A vocabulary rule with a new sign: add it here and reindex
 * (test "every sign a vocabulary rule names is spelled …", search-index/signs.test.ts).
 * pasientjournalloven § 22: the same question finds the same notes on every backend.
 */
export const RULE_SIGNS: readonly string[] = ['§'];
/** A word of signs only ("§"). */
export const isSignWord = (w: string): boolean => /^[^\p{L}\p{N}\s]+$/u.test(w);
/** A sign spelled as the word the Elasticsearch backend indexes in its place: "§" → "u00a7". */
export const signWord = (sign: string): string =>
  [...sign].map((c) => `u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join('');
const SIGN_RE = new RegExp(`[${RULE_SIGNS.map((x) => x.replace(/[\]\\^-]/g, '\\$&')).join('')}]`, 'gu');
const SPELLED_WORDS = RULE_SIGNS.map(signWord).join('|');
// A spelled sign as signText writes it: never followed by "_" (ESCAPED_RE), its mark kept.
const SPELLED_RE = new RegExp(` ?(<em>)?(${SPELLED_WORDS})(?!_)(</em>)? ?`, 'g');
const SPELLED: Readonly<Record<string, string>> = Object.fromEntries(RULE_SIGNS.map((x) => [signWord(x), x]));
/**
 * A text's own spelling of a sign ("Koden u00a7 betyr", "xu00a7y", any case): escaped with one
 * "_" after it, so the standard tokenizer reads "u00a7_" (the underscore joins the word), never
 * the spelled sign's token, and `unspelled` removes exactly that "_" again (review of stop 47:
 * "Koden u00a7 betyr" was shown as "Koden§betyr", and a literal "u00a7" counted as "§").
 */
const LITERAL_RE = new RegExp(`(${SPELLED_WORDS})`, 'gi');
const ESCAPED_RE = new RegExp(`(${SPELLED_WORDS})_`, 'gi');
/**
 * The text with each rule sign spelled as a word (with a space on each side), and its own
 * spellings of a sign escaped (LITERAL_RE); undefined when it holds no sign.
 */
export function signText(text: string): string | undefined {
  SIGN_RE.lastIndex = 0;
  if (!SIGN_RE.test(text)) return undefined;
  return text.replace(LITERAL_RE, '$1_').replace(SIGN_RE, (c) => ` ${signWord(c)} `);
}
/** A highlight of `signText` as the note's text: each spelled sign back as written (its mark kept), the text's own spellings unescaped. */
export const unspelled = (fragment: string): string =>
  fragment
    .replace(
      SPELLED_RE,
      (_m, a: string | undefined, w: string, b: string | undefined) => `${a ?? ''}${SPELLED[w]}${b ?? ''}`,
    )
    .replace(ESCAPED_RE, '$1');

const nearIntervals = (word: string, context: string[], within: number, field = 'text.exact') => ({
  intervals: {
    [field]: {
      all_of: {
        ordered: false,
        max_gaps: within,
        intervals: [
          { match: { query: word } },
          { any_of: { intervals: context.map((w) => ({ match: { query: w } })) } },
        ],
      },
    },
  },
});

/** Whether a near rule names a sign (RULE_SIGNS) as its word or a context word. */
export const namesSign = (word: string, context: readonly string[]): boolean =>
  [word, ...context].some((w) => isSignWord(w) && [...w].every((c) => RULE_SIGNS.includes(c)));

/**
 * A near rule's clause: its intervals over the text and, for a rule that names a sign
 * (namesSign), the same span over `signText` with the sign spelled (signWord), so the rule
 * matches the sign on Elasticsearch as PostgreSQL's predicate does.
 */
export function nearClause(word: string, context: string[], within: number): Record<string, unknown> {
  if (!namesSign(word, context)) return nearIntervals(word, context, within);
  const spell = (w: string) => (namesSign(w, []) ? [...w].map(signWord).join(' ') : w);
  return {
    bool: {
      should: [
        nearIntervals(word, context, within),
        nearIntervals(spell(word), context.map(spell), within, 'signText'),
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * An Elasticsearch clause with its field names (keys, and the names in a `fields` list) turned
 * into others: the earlier text's (overEarlierText), the text with its signs spelled (overSignText).
 */
function withFields(x: unknown, to: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(x)) return x.map((v) => withFields(v, to));
  if (!x || typeof x !== 'object') return x;
  return Object.fromEntries(
    Object.entries(x).map(([k, v]) => [
      to[k] ?? k,
      k === 'fields' && Array.isArray(v) ? v.map((f) => to[f as string] ?? f) : withFields(v, to),
    ]),
  );
}

/** The index fields of a note's text and of its earlier versions' text, and those of the same text with its signs spelled. */
const SIGN_FIELDS: Readonly<Record<string, string>> = {
  'text.exact': 'signText',
  'earlierText.exact': 'earlierSignText',
};

/** A query over the fields of the text turned into those of the text with its signs spelled (signText). */
export const overSignText = (x: unknown): unknown => withFields(x, SIGN_FIELDS);

const notForms = (not: string[]) =>
  not.map((x) => ({ wildcard: { 'text.exact': { value: `*${escapeWildcard(x)}*` } } }));

/** A match among the compound parts, unless the note has one of the `not` forms. */
const partsClause = (text: string, not: string[]) =>
  not.length
    ? { bool: { must: [{ match: { parts: { query: text } } }], must_not: notForms(not) } }
    : { match: { parts: { query: text } } };

/**
 * The word itself, and (expanded) one typo away, as a compound part and split into its parts.
 * The concepts it names shape these: their `not` forms and `unless` rules apply to the word
 * too, and a concept that does not match inside compounds (fall: blodtrykksfall) turns the
 * compound expansions off.
 */
function wordExpansions(segment: string, expand: boolean, concepts: Concept[] = []): Expansion[] {
  const unless = expand ? concepts.flatMap((c) => c.unless) : [];
  const out: Expansion[] = [
    {
      name: `word:${segment}`,
      word: segment,
      kind: 'word',
      concept: null,
      text: segment,
      ...(unless.length ? { unless } : {}),
      clause: unless.length ? exceptIn(segment, unless) : matchText(segment, ['text', 'text.exact']),
    },
  ];
  if (!expand || segment.includes(' ')) return out;
  const not = concepts.flatMap(conceptNot);
  // A concept brings its own typo list; one edit away from the word itself would bypass the
  // concept's context rules ("klager over smerter" for klage).
  if (segment.length >= 5 && !concepts.length) {
    out.push({
      name: `typo:${segment}`,
      word: segment,
      kind: 'typo',
      concept: null,
      text: segment,
      clause: {
        fuzzy: { 'text.exact': { value: segment, fuzziness: 1, prefix_length: 2, max_expansions: 20 } },
      },
    });
  }
  if (concepts.some((c) => !c.compoundParts)) return out;
  if (segment.length >= 4) {
    out.push({
      name: `compound:${segment}`,
      word: segment,
      kind: 'compound',
      concept: null,
      text: segment,
      ...(not.length ? { not } : {}),
      clause: partsClause(segment, not),
    });
  }
  const parts = decompounder().split(segment);
  if (parts.length > 1) {
    out.push({
      name: `split:${segment}`,
      word: segment,
      kind: 'split',
      concept: null,
      text: parts.join(' '),
      parts,
      clause: { bool: { must: parts.map((p) => matchText(p, ['text', 'parts'])) } },
    });
  }
  return out;
}

const conceptNot = (c: Concept) => c.compounds.flatMap((x) => x.not);

/**
 * Terms of six letters or fewer match only as written: Hunspell gives short words stems
 * that are other words ("hets" → het, he; "juling" → jul), and the vocabulary lists their inflections.
 */
const SHORT_TERM = 6;
const partsOk = (t: string, c: Concept) => c.compoundParts && !t.includes(' ') && t.length > SHORT_TERM;

/**
 * A concept's terms as compound parts (<concept>:compound:parts): the terms that match among a
 * note's parts, and the `not` forms that keep a note out (also the dossier's re-check of a
 * corrected note, subgraphs/dossier/build.ts).
 */
export function conceptPartTerms(c: Concept): { terms: string[]; not: string[] } {
  return { terms: c.terms.filter((t) => partsOk(t, c)), not: conceptNot(c) };
}

/** A near rule's context words that count among a note's compound parts: one word of 3+ letters. */
export const nearPartContext = (context: readonly string[]): string[] =>
  context.filter((x) => /^\p{L}{3,}$/u.test(x));

type UnlessRule = Concept['unless'][number];

/**
 * The words as written, where they are not inside an `unless` span: intervals with a
 * not_overlapping filter, so "falt på badet" still counts in a note that also says
 * "i alle fall".
 */
function exceptIn(t: string, rules: UnlessRule[]): Record<string, unknown> {
  return {
    intervals: {
      'text.exact': {
        match: {
          query: t,
          ordered: true,
          max_gaps: 0,
          filter: {
            not_overlapping: {
              any_of: {
                intervals: rules.map(
                  (u) =>
                    (nearIntervals(u.word, u.context, u.within).intervals as Record<string, unknown>)[
                      'text.exact'
                    ],
                ),
              },
            },
          },
        },
      },
    },
  };
}

function termClause(t: string, c: Concept): Record<string, unknown> {
  return c.unless.length
    ? exceptIn(t, c.unless)
    : matchText(t, t.length > SHORT_TERM ? ['text', 'text.exact'] : ['text.exact']);
}

function conceptExpansions(word: string, c: Concept): Expansion[] {
  const n = (kind: ExpansionKind, what: string) => `${c.concept}:${kind}:${what}`;
  const out: Expansion[] = [];
  for (const t of c.terms) {
    const unless = c.unless;
    out.push({
      name: n('term', t),
      word,
      kind: 'term',
      concept: c.concept,
      text: t,
      ...(unless.length ? { unless } : {}),
      clause: termClause(t, c),
    });
  }
  // The concept's terms as parts of compounds (nettmobbing, alkoholbruken): one clause for
  // all of them, so that the `not` forms are looked up once, not once per term.
  const { terms: inParts, not } = conceptPartTerms(c);
  if (inParts.length) {
    out.push({
      name: n('compound', 'parts'),
      word,
      kind: 'compound',
      concept: c.concept,
      text: inParts.join(' '),
      anyOf: inParts,
      ...(not.length ? { not } : {}),
      clause: partsClause(inParts.join(' '), not),
    });
  }
  for (const comp of c.compounds) {
    const must_not = comp.not.map((x) => ({
      wildcard: { 'text.exact': { value: `*${escapeWildcard(x)}*` } },
    }));
    // The compound clause counts words that contain the stem but are not one of the excluded forms.
    out.push({
      name: n('compound', comp.stem),
      word,
      kind: 'compound',
      concept: c.concept,
      text: comp.stem,
      wildcard: true,
      not: comp.not,
      clause: must_not.length
        ? {
            bool: {
              must: [{ wildcard: { 'text.exact': { value: `*${escapeWildcard(comp.stem)}*` } } }],
              must_not,
            },
          }
        : { wildcard: { 'text.exact': { value: `*${escapeWildcard(comp.stem)}*` } } },
    });
  }
  // A setting of care: what its services wrote (service names as the sources write them,
  // "Hjemmesykepleien sone 2", "sykepleier hjemmetjenesten"), case-insensitive.
  for (const sv of c.services)
    out.push({
      name: n('service', sv),
      word,
      kind: 'service',
      concept: c.concept,
      text: sv,
      clause: { wildcard: { service: { value: `*${escapeWildcard(sv)}*`, case_insensitive: true } } },
    });
  for (const t of c.fuzzy)
    out.push({
      name: n('typo', t),
      word,
      kind: 'typo',
      concept: c.concept,
      text: t,
      clause: { fuzzy: { 'text.exact': { value: t, fuzziness: 1, prefix_length: 2, max_expansions: 20 } } },
    });
  for (const p of c.phrases)
    out.push({
      name: n('phrase', p.text),
      word,
      kind: 'phrase',
      concept: c.concept,
      text: p.text,
      slop: p.slop,
      clause: { match_phrase: { 'text.exact': { query: p.text, slop: p.slop } } },
    });
  for (const r of c.near) {
    // Written as one compound ("kveldsbesøk", "vektnedgang"): the word and a context word
    // among the note's compound parts, where the concept's words count inside compounds.
    const parts = c.compoundParts && NEAR_IN_PARTS;
    const single = nearPartContext(r.context);
    out.push({
      name: n('near', r.word),
      word,
      kind: 'near',
      concept: c.concept,
      text: r.word,
      context: r.context,
      within: r.within,
      ...(parts && single.length ? { inParts: true } : {}),
      clause:
        parts && single.length
          ? {
              bool: {
                should: [
                  nearClause(r.word, r.context, r.within),
                  {
                    bool: {
                      must: [
                        { match: { parts: { query: r.word } } },
                        { match: { parts: { query: single.join(' ') } } },
                      ],
                    },
                  },
                ],
                minimum_should_match: 1,
              },
            }
          : nearClause(r.word, r.context, r.within),
    });
  }
  return out;
}

/**
 * Whether the query negates its segment at `i` as a note's negated mention is found: a
 * negation cue at most NEGATION_GAP words before it ("ingen mobbing", "ikke redd"), or an
 * answer cue at most NEGATION_AFTER_GAP words after it ("selvmordstanker avkreftet"). Only the
 * concept's negated terms count: "får ikke sove" is søvnvansker said with a negation, not a
 * negated mention (negationExpansion).
 */
function negatedInQuery(segments: string[], i: number, neg: Expansion): boolean {
  if (!neg.terms?.includes(segments[i]!)) return false;
  // Only function words or words of evidence between: in "ikke sove pga mobbing" the cue
  // negates "sove", not mobbing (found in review); "ingen tegn til mobbing" negates mobbing.
  const between = (w: string) => STOP_WORD_SET.has(w) || CONJUNCTIONS.has(w) || EVIDENCE_WORDS.has(w);
  for (let j = i - 1; j >= Math.max(0, i - NEGATION_GAP - 1); j--) {
    if (NEGATION_CUES.includes(segments[j]!)) return true;
    if (!between(segments[j]!)) break;
  }
  for (let j = i + 1; j < Math.min(segments.length, i + 2 + NEGATION_AFTER_GAP); j++) {
    if (NEGATION_AFTER.includes(segments[j]!)) return true;
    if (!between(segments[j]!)) break;
  }
  return false;
}

/** Words that may stand between a negation cue and the topic it negates in a query ("ingen tegn til mobbing"). */
const EVIDENCE_WORDS: ReadonlySet<string> = new Set([
  'tegn',
  'spor',
  'mistanke',
  'holdepunkt',
  'holdepunkter',
  'kjent',
  'sikre',
]);

function negationExpansion(word: string, c: Concept): Expansion | null {
  // A near rule whose context is a negation ("sove" with "ikkje": "har ikkje sove") is the
  // concept said with a negation, not a negated mention: its word does not count here.
  const negatedNear = (r: Concept['near'][number]) => r.context.some((w) => NEGATION_CUES.includes(w));
  const terms = [
    ...new Set([
      ...c.terms.filter((t) => !t.includes(' ')),
      ...c.near.filter((r) => !negatedNear(r)).map((r) => r.word),
    ]),
  ];
  if (!c.negation || !terms.length) return null;
  return {
    name: `${c.concept}:negated`,
    word,
    kind: 'negated',
    concept: c.concept,
    text: `${NEGATION_CUES.join('|')} … ${c.concept}`,
    cues: NEGATION_CUES,
    terms,
    cuesAfter: NEGATION_AFTER,
    clause: {
      intervals: {
        'text.exact': {
          any_of: {
            intervals: [
              {
                all_of: {
                  ordered: true,
                  max_gaps: NEGATION_GAP,
                  intervals: [
                    { any_of: { intervals: NEGATION_CUES.map((w) => ({ match: { query: w } })) } },
                    { any_of: { intervals: terms.map((w) => ({ match: { query: w } })) } },
                  ],
                },
              },
              {
                all_of: {
                  ordered: true,
                  max_gaps: NEGATION_AFTER_GAP,
                  intervals: [
                    { any_of: { intervals: terms.map((w) => ({ match: { query: w } })) } },
                    { any_of: { intervals: NEGATION_AFTER.map((w) => ({ match: { query: w } })) } },
                  ],
                },
              },
            ],
          },
        },
      },
    },
  };
}

export interface BuiltQuery {
  words: string[];
  /**
   * Expansions per segment, in query order: a document must match one of each segment's (of
   * one segment of every run, `runs`). When the query names a topic, its topics' segments.
   */
  groups: Expansion[][];
  /** The other words of a query that names a topic: they rank a note up, never required. */
  optional: Expansion[][];
  /**
   * The groups (indexes) in runs of alternatives ("eller", a comma or a slash between topics,
   * orRuns): a note must match `runMinimum` groups of every run (one group per run without
   * such words). A query of words only (no topic): one run of every word (WORDS_MINIMUM).
   */
  runs: number[][];
  /** Per run: how many of its groups a note must match (1 for alternatives). */
  runMinimum: number[];
  /** Negated mentions of the concepts: they rank a note down and are reported, never required. */
  negations: Expansion[];
  /**
   * Negated mentions the query itself asks for ("ingen mobbing", "selvmordstanker avkreftet":
   * negatedInQuery): they rank a note up (WORD_BOOST) instead, never required.
   */
  negatedAsked: Expansion[];
  /** more-like-this, when notes were marked: an alternative to matching the groups. */
  like: Expansion | null;
  /** knn (document vectors): an alternative to matching the groups, ranked below them. */
  knn: Expansion | null;
  /** Every expansion, for the term report. */
  expansions: Expansion[];
  /** The Elasticsearch query. */
  query: Record<string, unknown>;
}

export interface BuildOptions {
  expand?: boolean;
  disabled?: string[];
  /** Every word of a query naming no topic required, not WORDS_MINIMUM (SearchQuery.everyWord). */
  everyWord?: boolean;
  /** Each segment also in the text of the notes' earlier versions (`earlier:<w>`; SearchQuery.earlierVersions). */
  earlier?: boolean;
  /** Marked notes (document ids) and their distinctive words in the caller's scope (likeTerms), for more-like-this. */
  like?: { ids: string[]; terms: string[] };
  /** The learned neighbours of a query word (search-index/expansions.ts); none when absent. */
  learned?: (word: string) => Neighbour[];
  /** Pseudo-relevance feedback terms per query word (search-index/feedback.ts). */
  feedback?: Record<string, Neighbour[]>;
  /**
   * The knn expansion (search-index/vectors.ts knnQuery): its name, the query vector and, for
   * Elasticsearch, the filters (policy scope included) that go into the knn query's filter.
   */
  knn?: {
    name: string;
    vector: number[];
    model: string;
    k: number;
    similarity: number;
    boost: number;
    filter: Record<string, unknown>[];
  };
  /**
   * Learned concept classifiers (search-index/vectors.ts classifierOption): whether a concept
   * the query names has a live direction, the recall tiers its stored tags are matched at (the
   * query's target first), and the weight of a match at every tier.
   */
  classifier?: {
    uses: (concept: string) => boolean;
    tiers: readonly number[];
    boost: number;
  };
}

/** The vocabulary concepts the query's segments name, as buildQuery reads them. */
export function namedConcepts(text: string, vocabulary: Map<string, Concept>): string[] {
  const out = querySegments(queryWords(text), vocabulary, true).flatMap((s) =>
    conceptsFor(s, vocabulary, s.includes(' ') ? [] : decompounder().split(s)).map((c) => c.concept),
  );
  return [...new Set(out)];
}

/** Experiment switch: near rules among compound parts. */
export const NEAR_IN_PARTS = process.env.HELSESPOR_NEAR_PARTS !== '0';

/** Kinds that count together: a note needs learnedMinMatch of them (associations, not synonyms). */
export const ASSOCIATED: ReadonlySet<ExpansionKind> = new Set(['learned', 'prf']);

/** Distinctive words of a first pass's hits, as expansions of the query word. */
function feedbackExpansions(segment: string, terms: Neighbour[], taken: Set<string>): Expansion[] {
  return terms
    .filter((t) => !taken.has(t.word))
    .map((t) => ({
      name: `prf:${segment}:${t.word}`,
      word: segment,
      kind: 'prf' as const,
      concept: null,
      text: t.word,
      similarity: t.similarity,
      clause: matchText(t.word, ['text', 'text.exact', 'parts']),
    }));
}

/** The index fields of a note's current text and those of its earlier versions' text (definition.ts EARLIER_MAPPING). */
const EARLIER_FIELDS: Readonly<Record<string, string>> = {
  text: 'earlierText',
  'text.exact': 'earlierText.exact',
  parts: 'earlierParts',
  signText: 'earlierSignText',
};

/** An Elasticsearch clause with its fields of the current text turned into those of the earlier text. */
const overEarlierText = (x: unknown): unknown => withFields(x, EARLIER_FIELDS);

/** A current-text expansion over the text of the notes' earlier versions, a constant EARLIER_BOOST (a phrase or near rule: EARLIER_SPAN_BOOST). */
function earlierMirror(e: Expansion): Expansion {
  const boost = e.kind === 'phrase' || e.kind === 'near' ? EARLIER_SPAN_BOOST : EARLIER_BOOST;
  return {
    ...e,
    name: e.kind === 'word' ? `earlier:${e.word}` : `earlier:${e.name}`,
    kind: 'earlier',
    of: e,
    clause: { constant_score: { filter: overEarlierText(e.clause), boost } },
  };
}

/**
 * The segment's expansions over the text of the notes' earlier versions (helsepersonelloven
 * § 42), each a constant EARLIER_BOOST (once per segment: query.ts clauseOf), so that such a
 * note ranks below one that says it now, however often the earlier text says it:
 *   earlier:<w>                  the word, stemmed and as written (its concepts' `unless` spans
 *                                aside: on Elasticsearch they are intervals of some 75 clauses
 *                                each, and a topic of a hundred terms is already near the cap)
 *   earlier:compound:<w>, earlier:split:<w>   the word among the compound parts the indexer
 *                                splits off the earlier text (IndexDocument.earlierParts), and a
 *                                compound word's parts, as for the current text
 *   earlier:<concept>:term       the concept's one-word terms, as written (the vocabulary lists
 *                                their inflections): one clause for all of them (a terms query,
 *                                one clause on Elasticsearch), not one per term
 *   earlier:<concept>:compound:… the concept's compound stems and its terms among the parts
 *   earlier:<concept>:phrase:<p>, earlier:<concept>:near:<w>   the concept's phrases and near
 *                                rules (stop 46; review s44, case 2: "de har plaget ham" corrected
 *                                away), the clauses the current text runs, weighing nothing
 *                                (EARLIER_SPAN_BOOST): a note they alone find ranks below every
 *                                other match, and no other note's score moves; left out first
 *                                over the clause cap (EARLIER_SPANS, clause-budget.ts)
 * Not there: typo forms (rewritten into the index's terms: the clause cap; the embedded backend
 * has none), `unless` spans, learned words, feedback, services, classifier tags and kNN (not
 * words of the earlier text).
 */
function earlierExpansions(
  segment: string,
  list: Expansion[],
  concepts: Concept[],
  spans = true,
): Expansion[] {
  const out: Expansion[] = [];
  for (const e of list) {
    if (e.kind === 'word')
      out.push(
        earlierMirror({
          ...e,
          unless: undefined,
          clause: matchText(e.text, ['text', 'text.exact']),
        }),
      );
    else if (e.kind === 'compound' || e.kind === 'split') out.push(earlierMirror(e));
    else if (spans && (e.kind === 'phrase' || e.kind === 'near')) out.push(earlierMirror(e));
  }
  for (const c of concepts) {
    // The concept's terms only when they run over the current text (not switched off).
    if (!list.some((e) => e.kind === 'term' && e.concept === c.concept)) continue;
    const terms = [...new Set(c.terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t)).map((t) => t.toLowerCase()))];
    if (!terms.length) continue;
    out.push({
      name: `earlier:${c.concept}:term`,
      word: segment,
      kind: 'earlier',
      concept: c.concept,
      text: terms.join(' '),
      terms,
      clause: { constant_score: { filter: { terms: { 'earlierText.exact': terms } }, boost: EARLIER_BOOST } },
    });
  }
  return out;
}

/**
 * Where a hit matched (SearchHitResult.matchedIn): 'earlier' when the text of the note's
 * earlier versions matched and nothing that selects a note (the required words, a negated
 * mention asked for, more-like-this, kNN) matched the current note; else 'current'. The optional
 * words of a topical query and the negated mentions that rank a note down select nothing.
 */
export function matchedIn(built: BuiltQuery, matched: readonly string[]): 'current' | 'earlier' {
  const names = new Set(matched);
  const selecting = [
    ...built.groups.flat(),
    ...built.negatedAsked,
    ...(built.like ? [built.like] : []),
    ...(built.knn ? [built.knn] : []),
  ].filter((e) => names.has(e.name));
  return selecting.length && selecting.every((e) => e.kind === 'earlier') ? 'earlier' : 'current';
}

/**
 * The words the `earlier:` expansions looked for (the highlighter marks them in the earlier text);
 * an earlier phrase or near rule not (isEarlierSpan: earlierSpanHighlightQuery marks it where it stands).
 */
export function earlierWords(expansions: readonly Expansion[]): string[] {
  const out = expansions.flatMap((e) => {
    if (e.kind !== 'earlier' || isEarlierSpan(e) || (e.of?.kind === 'compound' && e.of.wildcard)) return [];
    return e.of?.anyOf ?? e.of?.parts ?? e.terms ?? [e.text];
  });
  return [...new Set(out.map((t) => t.trim()).filter(Boolean))];
}

/**
 * Elasticsearch's highlight of the earlier text of a hit that matched an earlier phrase or near
 * rule (stop 46): the current text's highlight query (highlightQuery: a phrase as a phrase, a
 * near rule as its intervals span) of what every `earlier:` expansion mirrors, over the earlier
 * text's exact field, so a phrase's or rule's words are not marked where they stand apart.
 */
export function earlierSpanHighlightQuery(expansions: readonly Expansion[]): Record<string, unknown> {
  const mirrored = expansions.flatMap((e): Expansion[] =>
    e.kind !== 'earlier'
      ? []
      : e.of
        ? [e.of]
        : e.terms?.length
          ? [{ ...e, kind: 'term', anyOf: e.terms }]
          : [],
  );
  return overEarlierText(highlightQuery(mirrored)) as Record<string, unknown>;
}

/**
 * A concept's classifier as a filter on the tags stored at index time (concepts.ts
 * conceptTags): one constant score per tier, from the query's recall target to the strictest,
 * each 1/n, so a note tagged at a stricter tier ranks higher; the clause's boost caps the
 * total below a word match. A stricter tag implies the target's, so a match is a note tagged
 * at the target. The filters and policy scope are the enclosing query's, as for any word.
 */
function classifierExpansion(
  segment: string,
  concept: string,
  o: { tiers: readonly number[]; boost: number },
): Expansion {
  const tags = o.tiers.map((t) => `${concept}@${t}`);
  return {
    name: `classifier:${concept}`,
    word: segment,
    kind: 'classifier',
    concept,
    text: concept,
    tags: { tags, boost: o.boost },
    clause: {
      bool: {
        should: tags.map((t) => ({
          constant_score: { filter: { term: { concepts: t } }, boost: 1 / tags.length },
        })),
        minimum_should_match: 1,
      },
    },
  };
}

/**
 * The Elasticsearch clause of a learned neighbour: as a word of the note and as a part of its
 * compounds (tannlege: skoletannlegen). Also the presence check of live-neighbours.ts.
 */
export const learnedClause = (word: string): Record<string, unknown> =>
  matchText(word, ['text', 'text.exact', 'parts']);

/** A word's learned neighbours as expansions: words the model found in the same contexts. */
function learnedExpansions(segment: string, neighbours: Neighbour[]): Expansion[] {
  return neighbours.map((n) => ({
    name: `learned:${segment}:${n.word}`,
    word: segment,
    kind: 'learned' as const,
    concept: null,
    text: n.word,
    similarity: n.similarity,
    clause: learnedClause(n.word),
  }));
}

/**
 * Builds the query. `expand: false` keeps only the plain word clauses; `disabled` names
 * expansions (or whole concepts, or kinds like "typo") to leave out.
 */
export function buildQuery(
  given: string,
  vocabulary: Map<string, Concept>,
  opts: BuildOptions = {},
): BuiltQuery {
  const text = nfc(given);
  const words = queryWords(text);
  if (!words.length) throw new Error('query has no words to search for');
  const expand = opts.expand !== false;
  const disabled = new Set(opts.disabled ?? []);
  const off = (e: Expansion) =>
    disabled.has(e.name) || disabled.has(e.kind) || (e.concept !== null && disabled.has(e.concept));
  const groups: Expansion[][] = [];
  let negations: Expansion[] = [];
  /** The negated mentions the query asks for (negatedInQuery), by name. */
  const asked = new Set<string>();
  // The concepts each group names: words naming the same concepts ("rus og alkohol", and apart
  // in the query: "drikker for mye eller bruker narkotika") are one group, its concepts'
  // expansions once (twice, they overran Elasticsearch's clause limit once the wildcard and
  // fuzzy clauses were rewritten into the index's terms, and a note matching one of them
  // matched both groups anyway).
  const groupConcepts: string[] = [];
  const groupSegments: string[][] = [];
  const segments = querySegments(words, vocabulary, expand);
  // Function words ("i", "på", "med", "for", "ikke", "selv") are not words a note must have
  // when the query has others: "skader seg selv med vilje", "sover dårlig om natten".
  const content = segments.filter((s) => !CONJUNCTIONS.has(s) && !STOP_WORD_SET.has(s));
  for (const [index, segment] of segments.entries()) {
    // "og" / "eller" between two query words joins them; it is not a word the note must have.
    if (segments.length > 1 && CONJUNCTIONS.has(segment)) continue;
    if (content.length && STOP_WORD_SET.has(segment)) continue;
    const concepts = expand
      ? conceptsFor(segment, vocabulary, segment.includes(' ') ? [] : decompounder().split(segment))
      : [];
    // Learned neighbours only for words no concept names: the vocabulary speaks for its own
    // (with them, a concept's precision on the tuning sets fell more than its recall rose).
    const learned =
      expand && opts.learned && !concepts.length && !segment.includes(' ') ? opts.learned(segment) : [];
    const feedback = expand ? (opts.feedback?.[segment] ?? []) : [];
    const classifiers =
      expand && opts.classifier
        ? concepts.flatMap((c) => {
            return opts.classifier!.uses(c.concept) && opts.classifier!.tiers.length
              ? [classifierExpansion(segment, c.concept, opts.classifier!)]
              : [];
          })
        : [];
    // What the concepts already say is not offered again as an association.
    const said = new Set(concepts.flatMap((c) => c.terms));
    const taken = new Set([segment, ...said, ...learned.map((n) => n.word)]);
    let list = [
      ...wordExpansions(segment, expand, concepts),
      ...concepts.flatMap((c) => conceptExpansions(segment, c)),
      ...learnedExpansions(
        segment,
        learned.filter((n) => !said.has(n.word)),
      ),
      ...feedbackExpansions(segment, feedback, taken),
      ...classifiers,
    ];
    list = list.filter((e) => !off(e));
    if (!list.length) list = wordExpansions(segment, false);
    if (opts.earlier)
      list.push(
        ...earlierExpansions(segment, list, concepts, !disabled.has(EARLIER_SPANS)).filter((e) => !off(e)),
      );
    // A concept switched off (disabledExpansions) is no topic of the query: its words are words.
    const named = concepts
      .filter((c) => !disabled.has(c.concept))
      .map((c) => c.concept)
      .sort()
      .join(' ');
    const at = named ? groupConcepts.indexOf(named) : -1;
    const same = at >= 0 ? groups[at] : undefined;
    if (same) {
      const have = new Set(same.map((e) => e.name));
      same.push(...list.filter((e) => !have.has(e.name)));
      groupSegments[at]!.push(segment);
    } else {
      groups.push(list);
      groupConcepts.push(named);
      groupSegments.push([segment]);
    }
    for (const c of concepts) {
      const neg = negationExpansion(segment, c);
      if (!neg || off(neg)) continue;
      if (negatedInQuery(segments, index, neg)) asked.add(neg.name);
      if (!negations.some((x) => x.name === neg.name)) negations.push(neg);
    }
  }
  // A negated mention the query asks for ranks a note up, wherever the query names its concept.
  const negatedAsked = negations.filter((e) => asked.has(e.name));
  negations = negations.filter((e) => !asked.has(e.name));
  // Only joining words ("og eller"): nothing to search for.
  if (!groups.length) throw new Error('query has no words to search for');
  // A query that names a topic asks for the topic: its other words ("medelever", "personalet",
  // "natten") rank a note up and are not required (a note about being shut out by classmates
  // need not say "medelever"). A query naming no topic needs half of its words (WORDS_MINIMUM).
  // Topics joined by "eller", a comma or a slash are alternatives (orRuns); otherwise each
  // topic is required ("vold og mobbing").
  const topical = groups.filter((_, i) => groupConcepts[i]);
  const required = expand && topical.length ? topical : groups;
  const optional = required === groups ? [] : groups.filter((_, i) => !groupConcepts[i]);
  // Each required group's run of alternatives (orRuns): groups of one run are ORed, runs ANDed.
  const runOf = topical.length
    ? orRuns(text, segments, groupSegments, groupConcepts)
    : groups.map((_, g) => g);
  const requiredIndex = groups.flatMap((_, g) => (required.includes(groups[g]!) ? [g] : []));
  const runIds = [...new Set(requiredIndex.map((g) => runOf[g]!))];
  let runs = runIds.map((r) =>
    requiredIndex.filter((g) => runOf[g] === r).map((g) => required.indexOf(groups[g]!)),
  );
  let runMinimum = runs.map(() => 1);
  if (expand && !opts.everyWord && !topical.length && groups.length > 1) {
    runs = [groups.map((_, g) => g)];
    runMinimum = [WORDS_MINIMUM(groups.length)];
  }
  let like: Expansion | null = null;
  if (opts.like?.ids.length) {
    const ids = [...new Set(opts.like.ids)].slice(0, MAX_LIKE);
    like = {
      name: 'more-like-this',
      word: '',
      kind: 'like',
      concept: null,
      text: ids.join(' '),
      likeIds: ids,
      terms: opts.like.terms,
      // One match worth 1, as the PostgreSQL backend's flag: scored term by term it was 5–15,
      // above a match of the query's own word (WORD_BOOST; found in review s38).
      clause: opts.like.terms.length
        ? {
            constant_score: {
              filter: {
                bool: {
                  should: opts.like.terms.map((t) => ({ term: { text: t } })),
                  minimum_should_match: likeMinimum(opts.like.terms.length),
                  must_not: [{ ids: { values: ids } }],
                },
              },
              boost: 1,
            },
          }
        : { match_none: {} },
    };
    if (off(like)) like = null;
  }
  let knn: Expansion | null = null;
  // For a query that names a concept only with HELSESPOR_KNN_CONCEPTS (the caller, knnVector,
  // gives no vector otherwise).
  if (opts.knn && expand) {
    const o = opts.knn;
    knn = {
      name: o.name,
      word: text,
      kind: 'knn',
      concept: null,
      text,
      knn: { vector: o.vector, model: o.model, k: o.k, similarity: o.similarity, boost: o.boost },
      clause: {
        knn: {
          field: 'vector',
          query_vector: o.vector,
          k: o.k,
          num_candidates: Math.max(o.k, 100),
          similarity: o.similarity,
          // Only vectors of the live model, and only what the caller may see: the policy scope
          // is the knn query's own filter (a pre-filter), not only the enclosing query's.
          filter: [{ term: { vectorModel: o.model } }, ...o.filter],
        },
      },
    };
    if (off(knn)) knn = null;
  }
  // What the user typed, as written, ranks first: the word clause weighs WORD_BOOST.
  // Learned neighbours count together: a note needs LEARNED_MIN_MATCH of them (one stray
  // word a model put near the query word says little; a note on the topic uses several).
  const clauseOf = (list: Expansion[]) => {
    const learned = list.filter((e) => ASSOCIATED.has(e.kind));
    const earlier = list.filter((e) => e.kind === 'earlier');
    const should = list
      .filter((e) => !ASSOCIATED.has(e.kind) && e.kind !== 'earlier')
      .map((e) =>
        withName(e, e.kind === 'word' ? WORD_BOOST : e.kind === 'classifier' ? e.tags!.boost : undefined),
      );
    // The earlier text's matches weigh EARLIER_BOOST once per segment, however many match.
    if (earlier.length) should.push({ dis_max: { queries: earlier.map((e) => withName(e)) } });
    if (learned.length)
      should.push({
        bool: {
          should: learned.map((e) => withName(e, LEARNED_BOOST * (e.similarity ?? 1))),
          minimum_should_match: associatedMinMatch(list),
        },
      });
    return { bool: { should, minimum_should_match: 1 } };
  };
  const perGroup = required.map(clauseOf);
  const perRun = runs.map((r, i) =>
    r.length === 1
      ? perGroup[r[0]!]!
      : { bool: { should: r.map((g) => perGroup[g]!), minimum_should_match: runMinimum[i]! } },
  );
  let query: Record<string, unknown> = perRun.length === 1 ? perRun[0]! : { bool: { must: perRun } };
  if (optional.length)
    query = {
      function_score: {
        // Named with no weight, so that a hit lists them; the functions weigh them.
        query: {
          bool: {
            must: [query],
            should: optional.map((list) => ({ constant_score: { filter: clauseOf(list), boost: 0 } })),
          },
        },
        // × OPTIONAL_FACTOR for each other word a note has (its frequency and rarity do not count),
        // in its current text: an earlier version's word ranks nothing up.
        functions: optional.map((list) => ({
          filter: clauseOf(list.filter((e) => e.kind !== 'earlier')),
          weight: OPTIONAL_FACTOR,
        })),
        score_mode: 'multiply',
        boost_mode: 'multiply',
      },
    };
  if (negatedAsked.length)
    query = { bool: { must: [query], should: negatedAsked.map((e) => withName(e, WORD_BOOST)) } };
  if (like || knn)
    query = {
      bool: {
        should: [query, ...(like ? [withName(like)] : []), ...(knn ? [withName(knn, knn.knn!.boost)] : [])],
        minimum_should_match: 1,
      },
    };
  if (negations.length) {
    // The boosting query ranks such notes down. Named where they are, on the negative side: a
    // hit lists a named clause wherever it stands (Elasticsearch checks every named query against
    // the hits it returns), so they are looked for once per note, not a second time as a should
    // clause of no weight beside the positive query (as until stop 35: the same hits, scores and
    // names; each is an intervals query of some 75 clauses).
    query = {
      boosting: {
        positive: query,
        negative: { bool: { should: negations.map((e) => withName(e)) } },
        negative_boost: NEGATED_WEIGHT,
      },
    };
  }
  return {
    words,
    groups: required,
    optional,
    runs,
    runMinimum,
    negations,
    negatedAsked,
    like,
    knn,
    expansions: [
      ...required.flat(),
      ...optional.flat(),
      ...negations,
      ...negatedAsked,
      ...(like ? [like] : []),
      ...(knn ? [knn] : []),
    ],
    query,
  };
}

/** Attaches `_name` (and a boost) inside the clause body, where Elasticsearch expects it. */
function withName(e: Expansion, boost?: number): Record<string, unknown> {
  const extra = { _name: e.name, ...(boost !== undefined ? { boost } : {}) };
  const [type, body] = Object.entries(e.clause)[0]! as [string, Record<string, unknown>];
  if (
    type === 'bool' ||
    type === 'multi_match' ||
    type === 'match_none' ||
    type === 'knn' ||
    type === 'constant_score'
  )
    return { [type]: { ...body, ...extra } };
  const [field, spec] = Object.entries(body)[0]! as [string, Record<string, unknown>];
  return { [type]: { [field]: { ...spec, ...extra } } };
}

/**
 * What the highlighter marks: every expansion's words, phrases, compound stems and typo
 * forms, as plain clauses. The search query itself (intervals with `unless` spans, negation
 * rules, named clauses) decides which notes match; re-running it inside each hit's text to
 * find the words to mark cost about 5 ms per hit on Elasticsearch (a 112-hit page: 600 ms
 * against 20 ms without highlights). Marks may include a word the match rules set aside
 * ("fall i blodtrykket" marks "fall"); which expansions matched is `matchedExpansions`.
 * One-edit typo clauses are left out (fuzzy matching inside every hit cost as much as all
 * the rest): a note found only through a typo shows its text without a mark. A near rule is
 * its span (an intervals clause, as searched) and a split word all its parts or none: their
 * words alone marked notes the rule did not match (review s44, case 2: "kommer <em>alene</em>
 * til HFU"); the highlighter's weight-matches mode marks a clause only where it matches.
 */
export function highlightQuery(expansions: readonly Expansion[]): Record<string, unknown> {
  const words = new Set<string>();
  const phrases = new Set<string>();
  const stems = new Set<string>();
  const near = new Map<string, Expansion>();
  const splits = new Map<string, string[]>();
  for (const e of expansions) {
    if (
      e.kind === 'like' ||
      e.kind === 'negated' ||
      e.kind === 'typo' ||
      e.kind === 'knn' ||
      e.kind === 'classifier' ||
      e.kind === 'service' ||
      e.kind === 'earlier'
    )
      continue;
    if (e.kind === 'compound' && e.wildcard) stems.add(e.text);
    else if (e.kind === 'near') {
      // The rule's span (its word within `within` words of a context word), as the search
      // matches it: never the word alone (review s44, case 2: "kommer <em>alene</em> til HFU"
      // and "<em>bilder</em>" were marked in notes the rules did not match).
      if (e.context?.length) near.set(`${e.text}\u0000${e.within}\u0000${e.context.join('\u0000')}`, e);
    } else if (e.kind === 'split' && e.parts && e.parts.length > 1) {
      // Every part or none: a part alone is no match of the split word.
      splits.set(e.parts.join(' '), e.parts);
    } else
      for (const t of e.anyOf ?? e.parts ?? [e.text])
        if (t.trim()) (t.trim().includes(' ') ? phrases : words).add(t.trim());
  }
  const all = [...words].join(' ');
  return {
    bool: {
      should: [
        ...(words.size ? [{ match: { 'text.exact': { query: all } } }] : []),
        ...[...phrases].map((p) => ({ match_phrase: { 'text.exact': { query: p, slop: 2 } } })),
        ...[...stems].map((x) => ({ wildcard: { 'text.exact': { value: `*${escapeWildcard(x)}*` } } })),
        ...[...near.values()].map((e) => nearClause(e.text, e.context!, e.within ?? 1)),
        ...[...splits.values()].map((parts) => ({
          bool: { must: parts.map((x) => ({ match: { 'text.exact': { query: x } } })) },
        })),
      ],
    },
  };
}
