/**
 * The decompounder (search-index/decompound.ts) on the Hunspell nb_NO dictionary that
 * scripts/services.sh installs.
 */
import { decompounder, MAX_WORD } from '../search-index/decompound';

test('a compound splits into its parts', () => {
  expect(decompounder().split('alkoholbruk')).toEqual(['alkohol', 'bruk']);
});

test(`a word of more than ${MAX_WORD} letters is not split: the search for a split is quadratic in the word (found in review: a 1,000-letter query word held the event loop)`, () => {
  const long = 'alkoholbruk'.repeat(Math.ceil((MAX_WORD + 1) / 11));
  expect(long.length).toBeGreaterThan(MAX_WORD);
  expect(decompounder().split(long)).toEqual([]);
  expect(decompounder().split('a'.repeat(1000))).toEqual([]);
  // Within the bound, a long compound still splits.
  expect(decompounder().split('alkoholbrukalkoholbruk').length).toBeGreaterThan(1);
});

test('a word stems to the dictionary words it is a form of by one suffix rule, as the hunspell filter stems the parts field', () => {
  expect(decompounder().stems('delt')).toEqual(expect.arrayContaining(['dele']));
  expect(decompounder().stems('deling')).toEqual(expect.arrayContaining(['dele']));
  expect(decompounder().stems('besøket')).toEqual(expect.arrayContaining(['besøk']));
  expect(decompounder().stems('kveld')).toEqual(expect.arrayContaining(['kveld']));
  expect(decompounder().stems('qzxv')).toEqual([]);
});
