/**
 * Index-time decompounding for Norwegian bokmål, done in TypeScript because the stock
 * Elasticsearch distribution has no decompounder filter (it lives in analysis-common) and
 * PostgreSQL has none either. Both backends store the parts in a field of their own
 * (Elasticsearch `parts`, PostgreSQL `search.document.parts` / `tsv_parts`), so that a query
 * for "alkohol", "mobbing" or "søvn" finds "alkoholbruk", "nettmobbing" and
 * "søvnproblemer" on either backend, in the same way.
 *
 * The word list is the Hunspell nb_NO dictionary (Debian's hunspell-no, installed by
 * scripts/services.sh; HELSESPOR_DECOMPOUND_DICT (config.decompoundDictionary) names another
 * .dic with its .aff beside it).
 * A word is split into two or more known words of at least three letters that the dictionary
 * allows in compounds (its COMPOUNDFLAG; a last part of six or more letters may be any known
 * word: selv + skading); a non-final part may be followed by the linking "s" or "e"
 * (selvmord-s-tanker, barn-e-hage); every part may be a form made by the dictionary's suffix
 * rules (søvn + problemer, skjerming-s-vedtak). The split with the fewest parts wins; among
 * those, the one whose shortest part is longest (a linking "s" counts two letters). A word of
 * more than MAX_WORD letters is not split. Without a dictionary the decompounder returns no parts and logs it once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { log } from '../lib/log';

export const DEFAULT_DICTIONARY = '/usr/share/hunspell/nb_NO.dic';

interface SuffixRule {
  flag: string;
  strip: string;
  add: string;
  condition: RegExp;
}

export interface Decompounder {
  /** The parts of one lower-case word, or [] when it is not a compound of known words. */
  split(word: string): string[];
  /** The parts of every compound in a text, space-separated, in text order. */
  parts(text: string): string;
  /**
   * The dictionary words a lower-case word is a form of by one suffix rule, itself included when
   * listed (Hunspell's stemming, as Elasticsearch's hunspell filter stems the `parts` field):
   * "delt" → dele, "besøket" → besøk. [] when unknown.
   */
  stems(word: string): string[];
  readonly available: boolean;
}

const MIN_PART = 3;
const MIN_WORD = 6;
/**
 * Longer words are not split: the search for a split tries every substring, about n² of them,
 * each graded by the suffix rules, so a 1,000-letter query word (within the query cap) or a
 * long letter run in a note kept the event loop for seconds (found in review). Norwegian
 * compounds of the records are far shorter ("personopplysningsforskriften": 28).
 */
export const MAX_WORD = 48;
const LINKS = ['s', 'e'];
const WORD = /[\p{L}]+/gu;

function readLatin1OrUtf8(path: string): string {
  const buf = readFileSync(path);
  // nb_NO ships as ISO-8859-1 (SET ISO8859-1); a UTF-8 copy is accepted too.
  const utf8 = buf.toString('utf8');
  return utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8;
}

export function loadDecompounder(dicPath = DEFAULT_DICTIONARY): Decompounder {
  if (!existsSync(dicPath)) {
    log.warn({ dictionary: dicPath }, 'no Norwegian dictionary: compounds are not split at index time');
    return { split: () => [], parts: () => '', stems: () => [], available: false };
  }
  const words = new Map<string, string>();
  for (const line of readLatin1OrUtf8(dicPath).split('\n')) {
    const slash = line.indexOf('/');
    const w = (slash < 0 ? line : line.slice(0, slash)).trim();
    if (w.length < MIN_PART || /[^\p{L}]/u.test(w) || /^\p{Lu}/u.test(w)) continue;
    const flags = slash < 0 ? '' : line.slice(slash + 1).trim();
    words.set(w, (words.get(w) ?? '') + flags);
  }
  const rules: SuffixRule[] = [];
  const affPath = dicPath.replace(/\.dic$/, '.aff');
  const affText = existsSync(affPath) ? readLatin1OrUtf8(affPath) : '';
  {
    for (const line of affText.split('\n')) {
      const m = /^SFX\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
      if (!m || /^[YN]$/.test(m[3]!)) continue;
      const add = m[3]!.split('/')[0]!;
      rules.push({
        flag: m[1]!,
        strip: m[2] === '0' ? '' : m[2]!,
        add: add === '0' ? '' : add,
        condition: new RegExp(`${m[4] === '.' ? '' : m[4]!}$`, 'u'),
      });
    }
  }
  /**
   * Whether `p` is a dictionary word or a form its suffix rules make, and whether that word
   * may be part of a compound (the dictionary's COMPOUNDFLAG, "z" in nb_NO): 0 unknown,
   * 1 known, 2 known and compound-capable.
   */
  const known = new Map<string, number>();
  const MAX_MEMO = 500_000;
  const compoundFlag = /^COMPOUNDFLAG\s+(\S)/m.exec(affText)?.[1] ?? 'z';
  const grade = (flags: string) => (flags.includes(compoundFlag) ? 2 : 1);
  const formGrade = (p: string): number => {
    if (p.length < MIN_PART) return 0;
    const hit = known.get(p);
    if (hit !== undefined) return hit;
    let g = words.has(p) ? grade(words.get(p)!) : 0;
    for (const r of rules) {
      if (g === 2) break;
      if (!r.add || !p.endsWith(r.add)) continue;
      const stem = p.slice(0, p.length - r.add.length) + r.strip;
      const flags = words.get(stem);
      if (flags?.includes(r.flag) && r.condition.test(stem)) g = Math.max(g, grade(flags));
    }
    // The memo lives as long as the indexer: keep it bounded (new text brings new substrings).
    if (known.size >= MAX_MEMO) known.clear();
    known.set(p, g);
    return g;
  };
  /** A part before another: compound-capable. The last part: compound-capable, or a known word of 6+ letters. */
  const headOk = (p: string) => formGrade(p) === 2;
  const lastOk = (p: string) => {
    const g = formGrade(p);
    return g === 2 || (g === 1 && p.length >= 6);
  };

  interface Split {
    parts: string[];
    links: number;
  }
  /** Fewer parts first; then the split whose shortest part is longest, a linking "s" counting two letters. */
  const better = (a: Split, b: Split | null) => {
    if (!b) return true;
    if (a.parts.length !== b.parts.length) return a.parts.length < b.parts.length;
    const score = (x: Split) => Math.min(...x.parts.map((p) => p.length)) + 2 * x.links;
    return score(a) > score(b);
  };
  /** Best split of word[i..] into known words (one part allowed); null when there is none. */
  function best(word: string, i: number, memo: Map<number, Split | null>, minParts: number): Split | null {
    const key = i * 2 + (minParts > 1 ? 1 : 0);
    if (memo.has(key)) return memo.get(key)!;
    let result: Split | null = null;
    const rest = word.slice(i);
    if (minParts <= 1 && lastOk(rest)) result = { parts: [rest], links: 0 };
    for (let j = word.length - MIN_PART; j >= i + MIN_PART; j--) {
      const head = word.slice(i, j);
      if (!headOk(head)) continue;
      for (const link of ['', ...LINKS]) {
        if (link && word.slice(j, j + 1) !== link) continue;
        const tail = best(word, j + link.length, memo, 1);
        if (!tail) continue;
        const cand = { parts: [head, ...tail.parts], links: tail.links + (link === 's' ? 1 : 0) };
        if (better(cand, result)) result = cand;
      }
    }
    memo.set(key, result);
    return result;
  }

  const cache = new Map<string, string[]>();
  function split(word: string): string[] {
    if (word.length < MIN_WORD || word.length > MAX_WORD) return [];
    const hit = cache.get(word);
    if (hit) return hit;
    // Two or more parts, even when the whole word is itself in the dictionary.
    const out = best(word, 0, new Map(), 2)?.parts ?? [];
    if (cache.size > 500_000) cache.clear();
    cache.set(word, out);
    return out;
  }

  function stems(word: string): string[] {
    const out = new Set<string>();
    if (words.has(word)) out.add(word);
    for (const r of rules) {
      if (!word.endsWith(r.add)) continue;
      const stem = word.slice(0, word.length - r.add.length) + r.strip;
      if (words.get(stem)?.includes(r.flag) && r.condition.test(stem)) out.add(stem);
    }
    return [...out];
  }

  return {
    available: true,
    split,
    stems,
    parts(text: string): string {
      const out: string[] = [];
      // match(), not matchAll(): the words alone, no match object and iterator per word.
      for (const w of text.toLowerCase().match(WORD) ?? []) {
        const p = split(w);
        if (p.length) out.push(...p);
      }
      return out.join(' ');
    },
  };
}

let shared: Decompounder | undefined;
let dictionaryPath = DEFAULT_DICTIONARY;

/** Which dictionary the process-wide decompounder reads (config.decompoundDictionary). */
export function useDictionary(path: string): void {
  if (path === dictionaryPath) return;
  dictionaryPath = path;
  shared = undefined;
}

/** The process-wide decompounder (the dictionary is read once, on first use). */
export function decompounder(): Decompounder {
  shared ??= loadDecompounder(dictionaryPath);
  return shared;
}
