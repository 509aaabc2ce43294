import { parseGericaDate, parseGericaDateTime } from './gerica-dates';

test('Gerica dates and times must be real', () => {
  expect(parseGericaDateTime('31.02.2019 10:00')).toBeNull();
  expect(parseGericaDateTime('01.02.2019 24:00')).toBeNull();
  expect(parseGericaDateTime('1.2.2019 10:00')).toBeNull();
  expect(parseGericaDate('29.02.2012')).toBe('2012-02-29');
  expect(parseGericaDate('29.02.2013')).toBeNull();
});
