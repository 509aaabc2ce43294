import { storable, unstorable, unstorableAt } from './storable-text';

test('unstorable: U+0000 and unpaired surrogates, not a surrogate pair', () => {
  expect(['a\u0000b', 'a\ud800', '\udc00a', 'x\ud83d\ude00y', 'Søknad'].map(unstorable)).toEqual([
    true,
    true,
    true,
    false,
    false,
  ]);
  expect(storable('a\u0000\ud800\ud83d\ude00')).toBe('a\uFFFD\uFFFD\ud83d\ude00');
});

test('unstorableAt names the first field of a record PostgreSQL cannot store, never its text; bytes are passed over', () => {
  expect(unstorableAt({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c[1]');
  expect(unstorableAt({ patient: { localId: 'p\ud800' } })).toBe('patient.localId');
  expect(unstorableAt({ ['k\u0000']: 1 })).toBe('<key>');
  expect(unstorableAt('\udc00')).toBe('');
  expect(unstorableAt({ raw: Buffer.from([0, 0xed, 0xa0, 0x80]), n: 1, d: null, t: true })).toBeNull();
});
