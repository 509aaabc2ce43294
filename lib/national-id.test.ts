import { isValidNationalId, makeSyntheticNationalId, parseNationalId } from './national-id';

test('accepts the synthetic example from the fixture specification', () => {
  expect(parseNationalId('15850053739')).toEqual({
    kind: 'fodselsnummer',
    synthetic: true,
    birthDate: '2000-05-15',
  });
});

test('rejects a wrong check digit, wrong length and impossible dates', () => {
  expect(isValidNationalId('15850053738')).toBe(false);
  expect(isValidNationalId('1585005373')).toBe(false);
  expect(parseNationalId('abcdefghijk')).toEqual({ error: 'national id must be 11 digits' });
});

test('generated synthetic numbers validate and encode the birth date, D-numbers included', () => {
  for (const [date, female] of [
    ['1999-08-13', true],
    ['1958-02-28', false],
    ['2004-02-29', true],
  ] as const) {
    const fnr = makeSyntheticNationalId(date, 17, female);
    expect(parseNationalId(fnr)).toEqual({ kind: 'fodselsnummer', synthetic: true, birthDate: date });
    expect(Number(fnr[8]) % 2 === 0).toBe(female);
    const dnr = makeSyntheticNationalId(date, 17, female, true);
    expect(parseNationalId(dnr)).toEqual({ kind: 'd-nummer', synthetic: true, birthDate: date });
  }
});
