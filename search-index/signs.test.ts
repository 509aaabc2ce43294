import { loadVocabulary } from './vocabulary';
import { isSignWord, RULE_SIGNS, signText, signWord, unspelled } from './query';

test('pasientjournalloven § 22: every sign a vocabulary near rule names is spelled for Elasticsearch (RULE_SIGNS), so its rule matches there as on PostgreSQL', () => {
  const named = [...loadVocabulary().values()].flatMap((c) =>
    c.near
      .flatMap((r) => [r.word, ...r.context])
      .filter(isSignWord)
      .flatMap((w) => [...w]),
  );
  expect(named.length).toBeGreaterThan(0);
  for (const sign of named) expect(RULE_SIGNS).toContain(sign);
});

test('pasientjournalloven § 22: signText spells "§" as a word of its own and a highlight of it reads as the text', () => {
  expect(signWord('§')).toBe('u00a7');
  expect(signText('Vedtak uten tegn.')).toBeUndefined();
  const spelled = signText('Vedtak jf. §§ 9 og §4A-5.')!;
  expect(spelled).toBe('Vedtak jf.  u00a7  u00a7  9 og  u00a7 4A-5.');
  expect(unspelled(spelled)).toBe('Vedtak jf. §§ 9 og §4A-5.');
  expect(unspelled('<em>Vedtak</em> jf.  <em>u00a7</em>  9')).toBe('<em>Vedtak</em> jf. <em>§</em> 9');
});

test('pasientjournalloven § 22: a text that already spells the sign ("u00a7") is kept apart from a spelled "§" and reads back exactly as written (review of stop 47: "Koden u00a7 betyr" was shown as "Koden§betyr")', () => {
  // No sign, no signText: a literal "u00a7" is never read as "§" by a rule of signs.
  expect(signText('Koden u00a7 betyr')).toBeUndefined();
  for (const text of [
    'Koden u00a7 betyr det samme som § 9.',
    'xu00a7y og §',
    '§9',
    '§ 9',
    'U00A7 og u00a7_ og u00a7__x ved §4A-5',
    '<em>u00a7</em> §',
  ]) {
    const spelled = signText(text)!;
    expect(unspelled(spelled)).toBe(text);
    // The spelled sign is a token of its own, a literal "u00a7" (any case) never that token.
    const tokens = spelled.toLowerCase().split(/[^\p{L}\p{N}_]+/u);
    expect(tokens.filter((t) => t === signWord('§')).length).toBe([...text].filter((c) => c === '§').length);
  }
  // Marked, as the highlighter marks a token: the escaped literal stays literal.
  const spelled = signText('Koden u00a7 jf. §9')!;
  const marked = spelled.replace(/(u00a7\w*)/g, '<em>$1</em>');
  expect(unspelled(marked)).toBe('Koden <em>u00a7</em> jf. <em>§</em>9');
});
