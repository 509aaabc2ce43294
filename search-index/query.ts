/**
 * Turns what a legal user types into named query clauses ("expansions"), so that each
 * hit says which expansion matched it and the term report can count each one.
 * Uses only core Elasticsearch queries (match, match_phrase, wildcard, fuzzy, intervals),
 * so it runs on a stock Elasticsearch 9.
 *
 * Per query word:
 *   word:<w>            the word itself, Norwegian-stemmed (hunspell) and as written
 *   typo:<w>            one edit away (legacy misspellings), words of 5+ letters
 *   compound:<w>        inside a compound (skolemobbing → mobbing), words of 5+ letters
 * and when the word triggers a vocabulary concept, the concept's own expansions:
 *   <concept>:term:<t>  <concept>:compound:<stem>  <concept>:typo:<t>
 *   <concept>:phrase:<p>  <concept>:near:<word>
 */
import { conceptFor, type Concept } from './vocabulary';

export interface Expansion {
  /** Stable name, shown to the user, used to switch it off. */
  name: string;
  /** The query word it came from. */
  word: string;
  kind: 'word' | 'typo' | 'compound' | 'term' | 'phrase' | 'near';
  concept: string | null;
  /** What it looks for, backend-neutral: a word, stem, phrase or the word of a near rule. */
  text: string;
  /** compound: forms that do not count; near: the context words and the window. */
  not?: string[];
  context?: string[];
  within?: number;
  /** An Elasticsearch query clause. */
  clause: Record<string, unknown>;
}

const escapeWildcard = (s: string) => s.replace(/[\\*?]/g, (c) => `\\${c}`);

export function queryWords(query: string): string[] {
  return [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 2),
    ),
  ];
}

function wordExpansions(word: string): Expansion[] {
  const out: Expansion[] = [
    {
      name: `word:${word}`,
      word,
      kind: 'word',
      concept: null,
      text: word,
      clause: { multi_match: { query: word, fields: ['text', 'text.exact'] } },
    },
  ];
  if (word.length >= 5) {
    out.push({
      name: `typo:${word}`,
      word,
      kind: 'typo',
      concept: null,
      text: word,
      clause: {
        fuzzy: { 'text.exact': { value: word, fuzziness: 1, prefix_length: 2, max_expansions: 20 } },
      },
    });
    out.push({
      name: `compound:${word}`,
      word,
      kind: 'compound',
      concept: null,
      text: word,
      clause: { wildcard: { 'text.exact': { value: `*${escapeWildcard(word)}` } } },
    });
  }
  return out;
}

function conceptExpansions(word: string, c: Concept): Expansion[] {
  const n = (kind: Expansion['kind'], what: string) => `${c.concept}:${kind}:${what}`;
  const out: Expansion[] = [];
  for (const t of c.terms)
    out.push({
      name: n('term', t),
      word,
      kind: 'term',
      concept: c.concept,
      text: t,
      clause: { multi_match: { query: t, fields: ['text', 'text.exact'] } },
    });
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
      clause: { match_phrase: { 'text.exact': { query: p.text, slop: p.slop } } },
    });
  for (const r of c.near) {
    out.push({
      name: n('near', r.word),
      word,
      kind: 'near',
      concept: c.concept,
      text: r.word,
      context: r.context,
      within: r.within,
      clause: {
        intervals: {
          'text.exact': {
            all_of: {
              ordered: false,
              max_gaps: r.within,
              intervals: [
                { match: { query: r.word } },
                { any_of: { intervals: r.context.map((w) => ({ match: { query: w } })) } },
              ],
            },
          },
        },
      },
    });
  }
  return out;
}

export interface BuiltQuery {
  words: string[];
  /** Expansions per query word, in word order: a document must match one of each word's. */
  groups: Expansion[][];
  expansions: Expansion[];
  /** One bool per query word (every word must match through one of its expansions). */
  query: Record<string, unknown>;
}

/**
 * Builds the query. `expand: false` keeps only the plain word clauses; `disabled` names
 * expansions (or whole concepts, or kinds like "typo") to leave out.
 */
export function buildQuery(
  text: string,
  vocabulary: Map<string, Concept>,
  opts: { expand?: boolean; disabled?: string[] } = {},
): BuiltQuery {
  const words = queryWords(text);
  if (!words.length) throw new Error('query has no words to search for');
  const disabled = new Set(opts.disabled ?? []);
  const off = (e: Expansion) =>
    disabled.has(e.name) || disabled.has(e.kind) || (e.concept !== null && disabled.has(e.concept));
  const expansions: Expansion[] = [];
  const groups: Expansion[][] = [];
  const perWord = words.map((word) => {
    const concept = opts.expand === false ? undefined : conceptFor(word, vocabulary);
    let list =
      opts.expand === false
        ? wordExpansions(word).slice(0, 1)
        : [...wordExpansions(word), ...(concept ? conceptExpansions(word, concept) : [])];
    list = list.filter((e) => !off(e));
    if (!list.length) list = wordExpansions(word).slice(0, 1);
    expansions.push(...list);
    groups.push(list);
    return { bool: { should: list.map(withName), minimum_should_match: 1 } };
  });
  return {
    words,
    groups,
    expansions,
    query: perWord.length === 1 ? perWord[0]! : { bool: { must: perWord } },
  };
}

/** Attaches `_name` inside the clause body, where Elasticsearch expects it. */
function withName(e: Expansion): Record<string, unknown> {
  const [type, body] = Object.entries(e.clause)[0]! as [string, Record<string, unknown>];
  if (type === 'bool' || type === 'multi_match') return { [type]: { ...body, _name: e.name } };
  const [field, spec] = Object.entries(body)[0]! as [string, Record<string, unknown>];
  return { [type]: { [field]: { ...spec, _name: e.name } } };
}
