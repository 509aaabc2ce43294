import { fromOsloWallClock, osloDate, osloIso } from './oslo-time';

/** `dd.mm.yyyy HH:MM` as a wall clock. */
const w = (s: string) => {
  const [day, month, year, hour, minute] = s.split(/[. :]/).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { year, month, day, hour, minute };
};

test('ordinary winter and summer times get +01:00 and +02:00', () => {
  expect(fromOsloWallClock(w('15.01.2020 10:00'))!.instant.toISOString()).toBe('2020-01-15T09:00:00.000Z');
  expect(fromOsloWallClock(w('15.07.2020 10:00'))!.instant.toISOString()).toBe('2020-07-15T08:00:00.000Z');
});

test('a time in the skipped hour (spring) is read with the winter offset, and noted', () => {
  const r = fromOsloWallClock(w('31.03.2019 02:30'))!;
  expect(r.kind).toBe('gap');
  expect(r.instant.toISOString()).toBe('2019-03-31T01:30:00.000Z');
  expect(osloIso(r.instant)).toBe('2019-03-31T03:30:00+02:00');
  expect(r.note).toMatch(/does not exist/);
});

test('a time in the repeated hour (autumn) is the first pass, or the earliest not before a given start', () => {
  const first = fromOsloWallClock(w('27.10.2019 02:50'))!;
  expect(first.kind).toBe('overlap');
  expect(osloIso(first.instant)).toBe('2019-10-27T02:50:00+02:00');
  const end = fromOsloWallClock(w('27.10.2019 02:10'), first.instant)!;
  expect(osloIso(end.instant)).toBe('2019-10-27T02:10:00+01:00');
  expect((end.instant.getTime() - first.instant.getTime()) / 60_000).toBe(20);
  // An end in the first pass stays there when that is not before the start.
  const s = fromOsloWallClock(w('27.10.2019 01:40'))!;
  expect(osloIso(fromOsloWallClock(w('27.10.2019 02:30'), s.instant)!.instant)).toBe(
    '2019-10-27T02:30:00+02:00',
  );
});

test('the local date of an instant is the Oslo date', () => {
  expect(osloDate(new Date('2019-10-26T23:40:00Z'))).toBe('2019-10-27');
  expect(osloDate(new Date('2019-12-31T23:30:00Z'))).toBe('2020-01-01');
  expect(osloDate(new Date('2019-12-31T22:30:00Z'))).toBe('2019-12-31');
});
