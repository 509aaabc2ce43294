/**
 * The PostgreSQL backend's near highlight (markPhrases), pasientjournalloven § 22 (review s44
 * case 2: a mark is read as the rule's match): the rule's span as Elasticsearch's intervals mark
 * it, the nearest context word, and each occurrence, overlapping ones too (review of stop 46, FX3).
 */
import { EARLIER_SEPARATOR, FRAGMENT_DELIMITER, markPhrases, shownHeadline } from './postgres';

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

test("pasientjournalloven § 22: a near rule's context word of signs only (tvang: vedtak within 6 of §) is marked, as the rule's predicate matches it", () => {
  expect(
    em(markPhrases('Vedtak fattet jf. § 9 i loven.', [], [{ text: 'vedtak', context: ['§'], within: 6 }])),
  ).toEqual(['Vedtak', '§']);
});

test('pasientjournalloven § 22: a note\'s own "..." is text: a near rule across it is marked, and the text after it is kept; a real fragment break (by the delimiter ts_headline is given) still drops a fragment without a mark', () => {
  expect(
    em(
      markPhrases(
        'Hun står alene ... i friminuttet.',
        [],
        [{ text: 'alene', context: ['friminuttet'], within: 6 }],
      ),
    ),
  ).toEqual(['alene', 'friminuttet']);
  expect(markPhrases('Noen har tatt lua hennes igjen ... mor er lei seg.', [{ text: 'tatt lua' }])).toMatch(
    /mor er lei seg/,
  );
  expect(
    markPhrases(`Noen har tatt lua hennes igjen${FRAGMENT_DELIMITER}mor er lei seg.`, [{ text: 'tatt lua' }]),
  ).not.toMatch(/mor er lei seg/);
});

test('helsepersonelloven § 42: two earlier versions in a highlight stand apart by the blank line the separator stands in, no control character shown (review 4 of stop 46)', () => {
  const shown = shownHeadline(
    `katten kan <em>dø</em>.${EARLIER_SEPARATOR}Hun vil hjem${FRAGMENT_DELIMITER}ellers`,
  );
  expect(shown).toBe('katten kan <em>dø</em>.\n\nHun vil hjem ... ellers');
  expect(shown).not.toMatch(/[\u001e\u001f]/);
});
