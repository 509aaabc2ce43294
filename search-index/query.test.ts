/**
 * buildQuery's groups, without a backend: what a query asks for before any search engine sees it.
 */
import { buildQuery, WORDS_MINIMUM } from './query';
import { loadVocabulary } from './vocabulary';

const vocabulary = loadVocabulary();

test('words naming one concept apart in the query ("drikker for mye eller bruker narkotika") are one group, the concept searched once (twice overran Elasticsearch\'s clause limit on a blind set)', () => {
  const built = buildQuery('drikker for mye eller bruker narkotika', vocabulary);
  const names = built.groups.flat().map((e) => e.name);
  expect(names.length).toBe(new Set(names).size);
  const rus = built.groups.filter((g) => g.some((e) => e.concept === 'rus'));
  expect(rus).toHaveLength(1);
  // Both are in it, as the user typed them ("drikker for mye" is one of the concept's phrases).
  expect(rus[0]!.map((e) => e.name)).toEqual(
    expect.arrayContaining(['word:drikker for mye', 'word:narkotika']),
  );
  // As many clauses as the concept once: the same as the two side by side.
  const together = buildQuery('drikker for mye og narkotika', vocabulary);
  expect(together.groups).toHaveLength(1);
  expect(rus[0]!.length).toBe(together.groups[0]!.length);
});

test('words naming different concepts stay groups of their own: a note must match each', () => {
  const built = buildQuery('vold mot ansatte og mobbing', vocabulary);
  const concepts = built.groups.map((g) => [...new Set(g.flatMap((e) => (e.concept ? [e.concept] : [])))]);
  expect(concepts.filter((c) => c.includes('vold'))).toHaveLength(1);
  expect(concepts.filter((c) => c.includes('mobbing'))).toHaveLength(1);
  expect(concepts.findIndex((c) => c.includes('vold'))).not.toBe(
    concepts.findIndex((c) => c.includes('mobbing')),
  );
});

describe('which words a note must have (found in review)', () => {
  const runs = (q: string) => buildQuery(q, vocabulary).runs;

  test('topics with "eller", a comma or a slash between them are alternatives; a note needs one of every run', () => {
    expect(runs('hodepine, brystsmerter eller vondt i magen')).toEqual([[0, 1, 2]]);
    expect(runs('hodepine/magesmerter')).toEqual([[0, 1]]);
    expect(runs('hodepine og magesmerter')).toEqual([[0], [1]]);
    // A comma before a word that is no topic does not join the topics (a comma anywhere did).
    expect(runs('vold og mobbing, skolen')).toEqual([[0], [1]]);
    expect(buildQuery('vold og mobbing, skolen', vocabulary).optional).toHaveLength(1);
    // vold, and mobbing or rus.
    expect(runs('vold og mobbing eller rus')).toEqual([[0], [1, 2]]);
  });

  test('a concept switched off is no topic: its words are words, half of them required', () => {
    const b = buildQuery('alkohol på fest narkotika', vocabulary, { disabled: ['rus'] });
    expect(b.optional).toEqual([]);
    expect(b.groups.map((g) => g[0]!.word)).toEqual(['alkohol', 'fest', 'narkotika']);
    expect([b.runs, b.runMinimum]).toEqual([[[0, 1, 2]], [2]]);
  });

  test('a query naming no topic needs half of its words, rounded up (WORDS_MINIMUM); with expand off each word', () => {
    const need = (q: string, expand = true) => {
      const b = buildQuery(q, vocabulary, { expand });
      return [b.runs, b.runMinimum];
    };
    // Every word was required: "hovne ben og tung pust" needed ben, tung and pust in one note.
    expect(need('hovne ben og tung pust')).toEqual([[[0, 1, 2, 3]], [2]]);
    expect(need('høreapparat med batteri')).toEqual([[[0, 1]], [1]]);
    expect(need('høreapparat lader batteri')).toEqual([[[0, 1, 2]], [2]]);
    expect(need('høreapparat')).toEqual([[[0]], [1]]);
    expect(need('høreapparat lader batteri', false)).toEqual([
      [[0], [1], [2]],
      [1, 1, 1],
    ]);
    // A topic query is as before: its topics each, one of every run of alternatives.
    expect(need('vold og mobbing eller rus')).toEqual([
      [[0], [1, 2]],
      [1, 1],
    ]);
    expect(WORDS_MINIMUM(5)).toBe(3);
  });

  test('only joining words: nothing to search for (PostgreSQL built an empty WHERE)', () => {
    expect(() => buildQuery('og eller', vocabulary)).toThrow(/no words/);
  });

  test('function words are no segments with expand off either', () => {
    const b = buildQuery('mobbing på skolen', vocabulary, { expand: false });
    expect(b.groups.map((g) => g[0]!.word)).toEqual(['mobbing', 'skolen']);
  });
});

test('a query that negates its topic asks for the negated mentions ("ingen mobbing"); "får ikke sove" is the sleep problem, no negation', () => {
  const neg = (q: string) => {
    const b = buildQuery(q, vocabulary);
    return [b.negatedAsked.map((e) => e.name), b.negations.map((e) => e.name)];
  };
  expect(neg('mobbing')).toEqual([[], ['mobbing:negated']]);
  expect(neg('ingen mobbing')).toEqual([['mobbing:negated'], []]);
  expect(neg('ikke mobbet på skolen')).toEqual([['mobbing:negated'], []]);
  // Nynorsk: "ikkje mobba", "inga mobbing" ("mobba" is a term of its own; "inga" a cue, not a
  // stop word: it is also a name, "samtale med Inga").
  expect(neg('ikkje mobba')).toEqual([['mobbing:negated'], []]);
  expect(neg('inga mobbing')).toEqual([['mobbing:negated'], []]);
  expect(neg('vart mobba')).toEqual([[], ['mobbing:negated']]);
  expect(neg('selvmordstanker avkreftet')).toEqual([['selvmordstanker:negated'], []]);
  // A cue too far before the word (more than NEGATION_GAP words between) negates nothing.
  expect(neg('ingen av de fire andre mobbet')[0]).toEqual([]);
  expect(neg('får ikke sove')[0]).toEqual([]);
  // A cue that negates another word of the query does not (found in review: "ikke sove pga
  // mobbing" is sleeplessness from bullying, and ranked the notes saying "ingen mobbing" first).
  expect(neg('ikke sove pga mobbing')[0]).toEqual([]);
  expect(neg('uten jobb etter mobbing')[0]).toEqual([]);
  expect(neg('ingen venner etter mobbing')[0]).toEqual([]);
  expect(neg('ingen tegn til mobbing')[0]).toEqual(['mobbing:negated']);
});
