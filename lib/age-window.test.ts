import { prng } from '../dev/generator';
import {
  february28Age,
  ageOn,
  birthday,
  MAX_AGE,
  resolveWindow,
  schoolYearWindow,
  SCHOOL_STAGES,
  WindowError,
} from './age-window';

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

test('ages and dates at the edge of the calendar are a WindowError, never a RangeError or an open window', () => {
  const refused = (args: Parameters<typeof resolveWindow>[0], birth = '2000-01-01') => {
    try {
      resolveWindow(args, birth, 'MARCH_1');
    } catch (err) {
      return err instanceof WindowError ? err.message : `not a WindowError: ${String(err)}`;
    }
    return 'accepted';
  };
  // ageTo 10000 made a birthday in year 12001 (Temporal: "invalid RFC 9557 string").
  expect(refused({ ageFrom: 0, ageTo: 10000 })).toMatch(
    /ageTo must be a whole number of years from 0 to 150/,
  );
  expect(refused({ ageFrom: 2147483647 })).toMatch(/ageFrom must be/);
  expect(refused({ ageFrom: -5, ageTo: -1 })).toMatch(/ageFrom must be/);
  expect(refused({ from: '0999-12-31' })).toMatch(/from must be a date/);
  expect(refused({ to: '0000-01-01' })).toMatch(/to must be a date/);
  // Within the bound, a birthday past year 9999 is refused too (it left the window open).
  expect(refused({ ageFrom: 10 }, '9995-01-01')).toMatch(/outside the calendar/);
  expect(refused({ ageTo: 150 }, '9995-01-01')).toMatch(/outside the calendar/);
  expect(resolveWindow({ ageFrom: 0, ageTo: MAX_AGE }, '2000-01-01', 'MARCH_1').toDate).toBe('2150-12-31');
  // The last day of the calendar: the day after cannot be placed, so the window is open at the end.
  const last = resolveWindow({ from: '1000-01-01', to: '9999-12-31' }, null, 'MARCH_1');
  expect([last.fromDate, last.toDate, last.endInstant]).toEqual(['1000-01-01', '9999-12-31', null]);
  expect(last.startInstant).not.toBeNull();
});

test('the FEBRUARY_28 age differs only for a 29 February birth on 28 February of a year without a 29th', () => {
  expect(february28Age('2004-02-29', '2017-02-28')).toBe(13);
  expect(ageOn('2004-02-29', '2017-02-28')).toBe(12);
  expect(february28Age('2004-02-29', '2016-02-28')).toBeUndefined(); // 2016 has a 29th: 11 under both
  expect(february28Age('2004-02-29', '2017-03-01')).toBeUndefined();
  expect(february28Age('2004-02-28', '2017-02-28')).toBeUndefined();
});

test('age on a date counts whole years, birthday included', () => {
  expect(ageOn('2000-05-15', '2013-05-14')).toBe(12);
  expect(ageOn('2000-05-15', '2013-05-15')).toBe(13);
  expect(ageOn('2004-02-29', '2017-02-28')).toBe(12);
  expect(ageOn('2004-02-29', '2017-02-28', 'FEBRUARY_28')).toBe(13);
});

// opplæringslova § 2-1: school starts in the calendar year the child turns six; August–June.
describe('school-year windows (opplæringslova § 2-1)', () => {
  test('ungdomsskolen runs from August of the year the child turns 13 to June of the year they turn 16', () => {
    const s = schoolYearWindow('2000-05-15', 8, 10);
    expect([s.fromDate, s.toDate]).toEqual(['2013-08-01', '2016-06-30']);
    expect(s.assumptions.join('\n')).toMatch(/opplæringslova § 2-1/);
    expect(SCHOOL_STAGES.UNGDOMSSKOLEN).toEqual([8, 10]);
  });

  test('over generated birth dates: an age window cuts autumn of 8th grade (born Aug–Dec) and spring of 10th grade (born Jan–Jun)', () => {
    const rnd = prng(20260514);
    for (let n = 0; n < 2000; n++) {
      const year = 1980 + Math.floor(rnd() * 40);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const school = schoolYearWindow(birth, 8, 10);
      const ages = resolveWindow({ ageFrom: 13, ageTo: 15 }, birth, 'MARCH_1');
      expect(school.fromDate).toBe(`${year + 13}-08-01`);
      expect(school.toDate).toBe(`${year + 16}-06-30`);
      // Born August–December: the 13th birthday falls after school started, autumn of 8th grade is cut.
      expect(ages.fromDate! > school.fromDate).toBe(month >= 8 && !(month === 8 && day === 1));
      // Born January–June: the 16th birthday falls before school ends, spring of 10th grade is cut.
      expect(ages.toDate! < school.toDate).toBe(month <= 6);
      // Everyone is 12, 13, 14, 15 or 16 at every day of it.
      expect(ageOn(birth, school.fromDate)).toBeGreaterThanOrEqual(12);
      expect(ageOn(birth, school.toDate)).toBeLessThanOrEqual(16);
    }
  });

  test('one grade; bad grades and a missing birth date are refused with a reason', () => {
    expect(schoolYearWindow('2004-02-29', 1, 1)).toMatchObject({
      fromDate: '2010-08-01',
      toDate: '2011-06-30',
    });
    expect(() => schoolYearWindow('2000-01-01', 0, 3)).toThrow(/grades run from 1 to 13/);
    expect(() => schoolYearWindow('2000-01-01', 10, 8)).toThrow(/gradeTo/);
    expect(() => schoolYearWindow('', 8, 10)).toThrow(/birth date/);
  });
});
