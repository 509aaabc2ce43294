/**
 * The generator's training corpus in figures (dev/care-notes.ts): how many distinct words
 * the model can learn. 10,000 notes as bench:search-eval trains on them (seed 1, all
 * templates), tokenised as the trainer tokenises (search-index/expansions.ts trainingLine:
 * lower case, each compound followed by its parts); fastText keeps a word seen at least
 * minCount (2) times.
 *
 *   npx tsx bench/care-notes-corpus.ts            (CORPUS_NOTES=2000 CORPUS_SPLIT=train …)
 */
import { generateCareNotes } from '../dev/care-notes';
import { testConfig } from '../dev/services';
import { useDictionary } from '../search-index/decompound';
import { trainingLine } from '../search-index/expansions';

const count = Number(process.env.CORPUS_NOTES ?? 10000);
const split = (process.env.CORPUS_SPLIT ?? 'all') as 'train' | 'heldout' | 'all';
useDictionary(testConfig({}).decompoundDictionary);
const started = Date.now();
const notes = generateCareNotes(count, { seed: 1, split });
const ms = Date.now() - started;
const freq = new Map<string, number>();
let tokens = 0;
for (const n of notes)
  for (const w of trainingLine(n.text)) {
    tokens++;
    freq.set(w, (freq.get(w) ?? 0) + 1);
  }
const atLeast = (k: number) => [...freq.values()].filter((c) => c >= k).length;
const letters = [...freq.entries()].filter(([w, c]) => c >= 2 && /^\p{L}+$/u.test(w)).length;
console.log(
  `${notes.length} notes (split ${split}, seed 1), ${new Set(notes.map((n) => n.topic)).size} topics, generated in ${ms} ms; ` +
    `${tokens} tokens, ${freq.size} distinct, ${atLeast(2)} seen ≥ 2 times (${letters} of them words of letters only), ${atLeast(5)} ≥ 5 times`,
);
