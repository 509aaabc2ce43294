import { ageOn, birthday, resolveWindow } from './age-window';

test('ages 13–15 run from the 13th birthday to the day before the 16th', () => {
  const w = resolveWindow({ ageFrom: 13, ageTo: 15 }, '2000-05-15', 'MARCH_1');
  expect([w.fromDate, w.toDate]).toEqual(['2013-05-15', '2016-05-14']);
  // Local midnight in Oslo, summer time: 22:00 UTC the day before.
  expect(w.startInstant).toBe('2013-05-15T00:00:00+02:00');
  expect(w.endInstant).toBe('2016-05-15T00:00:00+02:00');
});

test('a 29 February birthday falls on 1 March, or 28 February when configured', () => {
  expect(birthday('2004-02-29', 13, 'MARCH_1')).toBe('2017-03-01');
  expect(birthday('2004-02-29', 13, 'FEBRUARY_28')).toBe('2017-02-28');
  expect(birthday('2004-02-29', 12, 'MARCH_1')).toBe('2016-02-29');
  expect(resolveWindow({ ageFrom: 13, ageTo: 13 }, '2004-02-29', 'FEBRUARY_28').toDate).toBe('2018-02-27');
  expect(resolveWindow({ ageFrom: 13, ageTo: 13 }, '2004-02-29', 'MARCH_1').toDate).toBe('2018-02-28');
});

test('a date range intersects the age range; disjoint ranges are empty', () => {
  const w = resolveWindow({ from: '2014-01-01', ageFrom: 13, ageTo: 15 }, '2000-05-15', 'MARCH_1');
  expect([w.fromDate, w.toDate, w.empty]).toEqual(['2014-01-01', '2016-05-14', false]);
  expect(resolveWindow({ to: '2010-01-01', ageFrom: 13 }, '2000-05-15', 'MARCH_1').empty).toBe(true);
});

test('bad windows are refused with a reason', () => {
  expect(() => resolveWindow({ ageFrom: 13 }, null, 'MARCH_1')).toThrow(/birth date/);
  expect(() => resolveWindow({ ageFrom: 15, ageTo: 13 }, '2000-01-01', 'MARCH_1')).toThrow(/ageTo/);
  expect(() => resolveWindow({ from: '2014-13-01' }, '2000-01-01', 'MARCH_1')).toThrow(/from must be a date/);
});

test('age on a date counts whole years, birthday included', () => {
  expect(ageOn('2000-05-15', '2013-05-14')).toBe(12);
  expect(ageOn('2000-05-15', '2013-05-15')).toBe(13);
  expect(ageOn('2004-02-29', '2017-02-28')).toBe(12);
  expect(ageOn('2004-02-29', '2017-02-28', 'FEBRUARY_28')).toBe(13);
});
