import {
  addDays,
  addMonths,
  daysBetween,
  isLeapYear,
  isRealDate,
  osloDate,
  osloIso,
  osloLocalToIso,
  realDate,
} from './oslo-time';

test('local wall-clock time gets the offset in force', () => {
  expect(osloLocalToIso('2023-05-20', '11:05')).toBe('2023-05-20T11:05:00+02:00');
  expect(osloLocalToIso('2023-01-20', '11:05')).toBe('2023-01-20T11:05:00+01:00');
});

test('daylight-saving edges follow the documented rule', () => {
  // Spring gap (2023-03-26 02:00 → 03:00): read with the winter offset, i.e. the instant 03:30 summer time.
  expect(osloLocalToIso('2023-03-26', '02:30')).toBe('2023-03-26T03:30:00+02:00');
  expect(osloLocalToIso('2023-03-26', '03:30')).toBe('2023-03-26T03:30:00+02:00');
  // Autumn overlap (2023-10-29 02:00–02:59 twice): the first occurrence, summer time.
  expect(osloLocalToIso('2023-10-29', '02:30')).toBe('2023-10-29T02:30:00+02:00');
  expect(osloLocalToIso('2023-10-29', '03:30')).toBe('2023-10-29T03:30:00+01:00');
});

test('impossible dates and times are refused', () => {
  expect(osloLocalToIso('2014-02-31', '08:50')).toBeNull();
  expect(osloLocalToIso('2014-02-28', '24:00')).toBeNull();
  expect(osloLocalToIso('2014-2-28', '08:00')).toBeNull();
});

test('an instant maps to its Oslo date, also just after local midnight', () => {
  expect(osloDate(new Date('2013-05-14T22:25:00Z'))).toBe('2013-05-15');
  expect(osloDate(new Date('2013-05-14T21:59:00Z'))).toBe('2013-05-14');
  expect(osloIso(new Date('2013-05-14T22:25:00Z'))).toBe('2013-05-15T00:25:00+02:00');
});

test('calendar dates: 30 February is not one, months keep the day or take the last, days are calendar days', () => {
  expect(isRealDate('2024-02-29')).toBe(true);
  expect(isRealDate('2023-02-29')).toBe(false);
  expect(isRealDate('2024-02-30')).toBe(false);
  expect(isRealDate('2024-2-28')).toBe(false);
  // Four-digit years 1000–9999 only: year 0000 failed PostgreSQL, year 0001 Oslo time.
  expect(isRealDate('0000-01-01')).toBe(false);
  expect(isRealDate('0999-12-31')).toBe(false);
  expect(isRealDate('1000-01-01')).toBe(true);
  expect(isRealDate('9999-12-31')).toBe(true);
  expect(isRealDate('+010000-01-01')).toBe(false);
  expect(realDate(2024, 2, 30)).toBeNull();
  expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
  expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
  expect([isLeapYear(2000), isLeapYear(1900), isLeapYear(2024)]).toEqual([true, false, true]);
});
