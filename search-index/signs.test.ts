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
