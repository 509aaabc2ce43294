import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  H_NUMBER_PATTERN,
  isHNumber,
  isValidNationalId,
  makeSyntheticNationalId,
  parseNationalId,
} from './national-id';

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

/** The 9 digits completed with their two mod-11 check digits, or null when none fits. */
function withCheckDigits(nine: string): string | null {
  const d = [...nine].map(Number);
  const k = (ds: number[], w: number[]) => {
    const r = 11 - (w.reduce((a, x, i) => a + x * ds[i]!, 0) % 11);
    return r === 11 ? 0 : r === 10 ? null : r;
  };
  const k1 = k(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === null) return null;
  const k2 = k([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2 === null ? null : `${nine}${k1}${k2}`;
}

/** The first individual number from `from` whose number has check digits. */
function numberFor(date: string, from: number): string {
  for (let i = from; i < from + 50; i++) {
    const id = withCheckDigits(`${date}${String(i).padStart(3, '0')}`);
    if (id) return id;
  }
  throw new Error('no check digits fit');
}

test('folkeregisterloven § 2-2: the century follows the individual number, and a number the allocation rule never gives out is refused', () => {
  expect(parseNationalId(numberFor('150560', 100))).toMatchObject({ birthDate: '1960-05-15' });
  expect(parseNationalId(numberFor('150560', 600))).toMatchObject({ birthDate: '1860-05-15' });
  expect(parseNationalId(numberFor('150560', 900))).toMatchObject({ birthDate: '1960-05-15' });
  expect(parseNationalId(numberFor('150510', 600))).toMatchObject({ birthDate: '2010-05-15' });
  // Found in review s32: read as births in 2045 and 2070.
  for (const id of [numberFor('150545', 600), numberFor('150570', 800)])
    expect(parseNationalId(id)).toEqual({
      error: "national id's individual number is not given out for its birth year",
    });
});

test('H_NUMBER_PATTERN, as SQL reads a stored H-nummer, holds on exactly the numbers isHNumber accepts (fødselsnummer, D-number, H-nummer, synthetic and FH-nummer alike)', () => {
  const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const check = (d: number[], w: number[]) => {
    const k = 11 - (d.reduce((s, x, i) => s + x * w[i]!, 0) % 11);
    return k === 11 ? 0 : k === 10 ? null : k;
  };
  /** The number of the first nine digits, with its check digits; null when none exist. */
  const withChecks = (head: string) => {
    const d = [...head].map(Number);
    const k1 = check(d, W1);
    const k2 = k1 === null ? null : check([...d, k1], W2);
    return k2 === null ? null : `${head}${k1}${k2}`;
  };
  const re = new RegExp(H_NUMBER_PATTERN);
  let numbers = 0;
  let hNumbers = 0;
  const disagree: string[] = [];
  // Every day and month field a number can carry (D-number day + 40, H-nummer month + 40,
  // synthetic month + 80, FH-nummer first digit 8-9), some years and individual numbers.
  for (let day = 1; day <= 99; day += 1)
    for (let month = 1; month <= 99; month += 1)
      for (const rest of ['54123', '80499', '05512', '38901']) {
        const id = withChecks(`${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${rest}`);
        if (!id || (!isValidNationalId(id) && !/^[89]/.test(id))) continue;
        numbers++;
        if (isHNumber(id)) hNumbers++;
        if (re.test(id) !== isHNumber(id)) disagree.push(id);
      }
  expect(disagree).toEqual([]);
  expect(hNumbers).toBeGreaterThan(100);
  expect(numbers).toBeGreaterThan(hNumbers * 3);
});

test('archive.is_h_number (archive migration 027) reads an H-nummer by H_NUMBER_PATTERN', () => {
  const sql = readFileSync(
    join(__dirname, '..', 'subgraphs', 'archive', 'migrations', '027_h_number_parties.sql'),
    'utf8',
  );
  expect(sql).toContain(`SELECT id ~ '${H_NUMBER_PATTERN}'`);
});
