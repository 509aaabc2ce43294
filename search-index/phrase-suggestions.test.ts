/**
 * The two-word phrases a note offers as suggestions (phrase-suggestions.ts, stop 45): two words
 * with only spaces between them, no function word at either end (a reflexive "seg" may end one).
 */
import { textPhrases } from './phrase-suggestions';

test('a word followed by only spaces and a word is a phrase; punctuation between them is not', () => {
  expect(textPhrases('Gutten sover dårlig.  Han er lei seg, gruer seg til skolen.').sort()).toEqual(
    ['gruer seg', 'gutten sover', 'lei seg', 'sover dårlig'].sort(),
  );
  expect(textPhrases('sover, dårlig')).toEqual([]);
  expect(textPhrases('sover\ndårlig')).toEqual(['sover dårlig']);
  expect(textPhrases('sover dårlig', new Set(['dårlig']))).toEqual([]);
});

test('a long run of letters and digits without a space is one word: no phrase, and the next words still pair', () => {
  const blob = 'a1'.repeat(20_000);
  expect(textPhrases(`${blob} sover dårlig`)).toEqual(['sover dårlig']);
});
