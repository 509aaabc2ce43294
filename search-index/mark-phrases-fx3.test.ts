/**
 * The PostgreSQL backend's near highlight (markPhrases), pasientjournalloven § 22 (review s44
 * case 2: a mark is read as the rule's match): the rule's span as Elasticsearch's intervals mark
 * it, the nearest context word, and each occurrence, overlapping ones too (review of stop 46, FX3).
 */
import { markPhrases } from './postgres';

const em = (h: string) => [...h.matchAll(/<em>(.*?)<\/em>/g)].map((m) => m[1]);

test('pasientjournalloven § 22: a near rule marks the nearest context word, not the farthest within its distance', () => {
  expect(
    em(markPhrases('lua tatt av ham', [], [{ text: 'lua', context: ['tatt', 'av'], within: 3 }])),
  ).toEqual(['lua', 'tatt']);
});

test('pasientjournalloven § 22: a near rule marks overlapping occurrences, the rule word shared by two spans', () => {
  expect(
    em(markPhrases('de har plaget ham', [], [{ text: 'plaget', context: ['de', 'ham'], within: 12 }])),
  ).toEqual(['de', 'plaget', 'ham']);
});

test('pasientjournalloven § 22: a near rule marks each context word of two spans that share the rule word', () => {
  expect(
    em(markPhrases('mørket redd mørket', [], [{ text: 'redd', context: ['mørket'], within: 2 }])),
  ).toEqual(['mørket', 'redd', 'mørket']);
});
