import {
  addWorkingDays,
  deadlineInMonths,
  easterSunday,
  holidayName,
  isWorkingDay,
  rollToWorkingDay,
} from './norwegian-holidays';

describe('helligdagsloven § 2 and lov om 1. og 17. mai: the public holidays', () => {
  test.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
    [1818, '1818-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  test('2025: Easter, Ascension and Pentecost computed; 1 and 17 May, Christmas and New Year fixed; Christmas Eve is not one', () => {
    expect(holidayName('2025-04-17')).toBe('Skjærtorsdag');
    expect(holidayName('2025-04-18')).toBe('Langfredag');
    expect(holidayName('2025-04-21')).toBe('2. påskedag');
    expect(holidayName('2025-05-29')).toBe('Kristi himmelfartsdag');
    expect(holidayName('2025-06-09')).toBe('2. pinsedag');
    expect(holidayName('2025-05-01')).toMatch(/1\. mai/);
    expect(holidayName('2025-05-17')).toMatch(/17\. mai/);
    expect(holidayName('2025-12-26')).toBe('2. juledag');
    expect(holidayName('2026-01-01')).toBe('1. nyttårsdag');
    expect(holidayName('2025-12-24')).toBeNull();
    expect(isWorkingDay('2025-12-24')).toBe(true);
    expect(isWorkingDay('2025-04-16')).toBe(true);
    expect(isWorkingDay('2025-04-19')).toBe(false);
  });
});

describe('domstolloven §§ 148–149: a deadline ending on a Saturday, Sunday or holiday runs to the next working day', () => {
  test('received 17 March 2025, one month: due 22 April 2025, not Maundy Thursday', () => {
    expect(deadlineInMonths('2025-03-17', 1)).toBe('2025-04-22');
  });
  test.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2025-04-17', 1, '2025-05-19'], // 17 May 2025 is a Saturday, then Sunday
    ['2025-11-25', 1, '2025-12-29'], // 25 Dec Thu, 26 Fri, 27 Sat, 28 Sun
    ['2024-04-09', 1, '2024-05-10'], // 9 May 2024 is Ascension Day
  ])('%s + %i month(s) = %s', (from, months, due) => {
    expect(deadlineInMonths(from, months)).toBe(due);
  });
  test('a working day stays', () => {
    expect(rollToWorkingDay('2025-04-22')).toBe('2025-04-22');
  });
});

describe('offentleglova § 32 first paragraph: five working days', () => {
  test('counted after receipt, past weekends and Easter', () => {
    expect(addWorkingDays('2025-03-17', 5)).toBe('2025-03-24');
    expect(addWorkingDays('2025-04-14', 5)).toBe('2025-04-24');
  });
});
