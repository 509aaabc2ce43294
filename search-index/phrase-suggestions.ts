/**
 * Two-word phrases among the suggested terms (stop 45): a bullying search over a person's notes
 * offered single words only, so "lei seg" and "sover dårlig", which say what the notes are
 * about where neither word alone does, were never offered (the single words left "lei" out as a
 * function word: function-words.ts).
 *
 * A phrase is two words standing next to each other with only spaces between (not across a
 * sentence or a comma), of three letters or more each, no digit. Function words
 * (function-words.ts) are dropped at either end: neither word may be one, except that a
 * reflexive pronoun ("seg", "sig") ends a phrase whose first word is no Snowball stop word
 * (STOP_WORDS): the pronoun belongs to the verb ("lei seg", "gruer seg", "isolerer seg"), while
 * "det seg" or "er seg" says nothing. What the query already searches for is left out (a phrase
 * of its words, or one of its phrase expansions).
 *
 * Both backends count the phrases the same way: in how many of the found notes (the same sample
 * as the single words) a phrase stands, at least PHRASE_MIN_DOCS; of those the
 * PHRASE_CANDIDATES most frequent are counted in the notes the caller may see (the background),
 * and a phrase is offered when it is more common among the found notes than there, scored as the
 * PostgreSQL backend scores words: (docs / found) / ((background + 1) / all). At most
 * PHRASE_SUGGESTIONS phrases, after the words (which are as before). Only the suggestions shown
 * to a user: the feedback pass's candidates (SearchQuery.suggestFunctionWords) are words only,
 * so no search finds other notes or orders them otherwise.
 */
import { FUNCTION_WORDS } from './function-words';
import { STOP_WORDS } from './query';
import type { SuggestedTerm } from './types';

/** The most phrases offered beside the words. */
export const PHRASE_SUGGESTIONS = 3;
/** The most frequent phrases of the found notes whose background is counted. */
export const PHRASE_CANDIDATES = 15;
/** A phrase stands in at least this many of the found notes (as a word: min_doc_count 2). */
export const PHRASE_MIN_DOCS = 2;
/** How many of the found notes' texts are read (Elasticsearch returns at most 100 with a top_hits aggregation: index.max_inner_result_window). */
export const PHRASE_SAMPLE = 100;

const FUNCTION = new Set(FUNCTION_WORDS);
const STOP = new Set(STOP_WORDS);
/** Reflexive pronouns that end a phrase with the verb before them (bokmål, nynorsk). */
export const REFLEXIVE = ['seg', 'sig'] as const;
const WORD = /^\p{L}{3,}$/u;

/** Whether two adjacent words (lower case) may be offered as a phrase. */
export function phraseSuggestable(first: string, second: string): boolean {
  if (!WORD.test(first) || !WORD.test(second)) return false;
  if ((REFLEXIVE as readonly string[]).includes(second)) return !STOP.has(first);
  return !FUNCTION.has(first) && !FUNCTION.has(second);
}

/** The distinct phrases of a text that may be offered (lower case, NFC), minus `exclude`. */
export function textPhrases(text: string, exclude: ReadonlySet<string> = new Set()): string[] {
  const out = new Set<string>();
  const t = text.normalize('NFC').toLowerCase();
  // Words and what stands between them, one pass: a word followed by only spaces and a word is a
  // pair. (A lookahead for the next word was tried from every letter of a long run of letters or
  // digits without a space, seconds on a pasted 40,000-character run; found in review s45.)
  const tokens = [...t.matchAll(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu)].map((m) => m[0]);
  const isWord = (x: string | undefined) => !!x && /^[\p{L}\p{N}]/u.test(x);
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [a, gap, b] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (!isWord(a) || !isWord(b) || !/^\s+$/u.test(gap)) continue;
    if (!phraseSuggestable(a, b) || exclude.has(a) || exclude.has(b) || exclude.has(`${a} ${b}`)) continue;
    out.add(`${a} ${b}`);
  }
  return [...out];
}

/** The found notes' phrases by how many of them hold each: at least PHRASE_MIN_DOCS, the PHRASE_CANDIDATES most. */
export function phraseCandidates(
  texts: readonly string[],
  exclude: ReadonlySet<string>,
): { phrase: string; docs: number }[] {
  const docs = new Map<string, number>();
  for (const text of texts) for (const p of textPhrases(text, exclude)) docs.set(p, (docs.get(p) ?? 0) + 1);
  return [...docs]
    .filter(([, n]) => n >= PHRASE_MIN_DOCS)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, PHRASE_CANDIDATES)
    .map(([phrase, n]) => ({ phrase, docs: n }));
}

/** The phrases offered: more common among the `found` notes than among `all` the caller may see. */
export function scorePhrases(
  candidates: readonly { phrase: string; docs: number; background: number }[],
  found: number,
  all: number,
): SuggestedTerm[] {
  return candidates
    .map((c) => ({
      term: c.phrase,
      docs: c.docs,
      score: c.docs / found / ((c.background + 1) / Math.max(all, 1)),
    }))
    .filter((s) => s.score > 1)
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term))
    .slice(0, PHRASE_SUGGESTIONS);
}

/**
 * What the query already searches for, as phrases leave it out: its words, the single words its
 * expansions name (query.ts expandedWords) and its phrase expansions' texts (lower case).
 */
export function phraseExclusions(built: {
  words: readonly string[];
  expansions: readonly { kind: string; text: string }[];
}): Set<string> {
  return new Set([
    ...built.words.map((w) => w.toLowerCase()),
    ...built.expansions
      .filter((e) => e.kind === 'term' || e.kind === 'word' || e.kind === 'phrase')
      .map((e) => e.text.toLowerCase().trim().replace(/\s+/g, ' ')),
  ]);
}
