/**
 * Age windows: "ages 13–15" runs from the 13th birthday to the day before the 16th, by
 * local (Europe/Oslo) date. A 29 February birthday falls on 1 March in non-leap years by
 * default, or on 28 February when configured.
 */
import { addDays, isLeapYear, isRealDate, osloLocalToIso } from './oslo-time';

export type LeapDayRule = 'MARCH_1' | 'FEBRUARY_28';

/** The date (YYYY-MM-DD) on which a person born on `birthDate` turns `age`. */
export function birthday(birthDate: string, age: number, rule: LeapDayRule): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const year = y + age;
  if (m === 2 && d === 29 && !isLeapYear(year)) return rule === 'MARCH_1' ? `${year}-03-01` : `${year}-02-28`;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface WindowArgs {
  from?: string | null;
  to?: string | null;
  ageFrom?: number | null;
  ageTo?: number | null;
}

export interface DateWindow {
  /** First local date in the window, inclusive (null: open). */
  fromDate: string | null;
  /** Last local date in the window, inclusive (null: open). */
  toDate: string | null;
  /** The same window as instants: [start, end). */
  startInstant: string | null;
  endInstant: string | null;
  leapDayRule: LeapDayRule;
  /** True when the window is empty (e.g. ages entirely outside from/to). */
  empty: boolean;
}

export class WindowError extends Error {}

/** Intersects the date range and the age range into one window of local dates. */
export function resolveWindow(args: WindowArgs, birthDate: string | null, rule: LeapDayRule): DateWindow {
  for (const [name, v] of [
    ['from', args.from],
    ['to', args.to],
  ] as const) {
    // A real calendar date that Oslo time can place (years 1000–9999).
    if (v != null && (!isRealDate(v) || !osloLocalToIso(v, '00:00')))
      throw new WindowError(`${name} must be a date YYYY-MM-DD`);
  }
  const hasAge = args.ageFrom != null || args.ageTo != null;
  if (hasAge && !birthDate)
    throw new WindowError('age window asked for a patient without a known birth date');
  if (args.ageFrom != null && args.ageFrom < 0) throw new WindowError('ageFrom must be 0 or more');
  if (args.ageTo != null && args.ageTo < 0) throw new WindowError('ageTo must be 0 or more');
  if (args.ageFrom != null && args.ageTo != null && args.ageTo < args.ageFrom)
    throw new WindowError('ageTo must not be below ageFrom');
  let fromDate = args.from ?? null;
  let toDate = args.to ?? null;
  if (hasAge && birthDate) {
    if (args.ageFrom != null) {
      const start = birthday(birthDate, args.ageFrom, rule);
      if (!fromDate || start > fromDate) fromDate = start;
    }
    if (args.ageTo != null) {
      const last = addDays(birthday(birthDate, args.ageTo + 1, rule), -1);
      if (!toDate || last < toDate) toDate = last;
    }
  }
  const empty = fromDate != null && toDate != null && fromDate > toDate;
  return {
    fromDate,
    toDate,
    leapDayRule: rule,
    empty,
    startInstant: fromDate ? osloLocalToIso(fromDate, '00:00') : null,
    endInstant: toDate ? osloLocalToIso(addDays(toDate, 1), '00:00') : null,
  };
}

/** Age in whole years on a local date (YYYY-MM-DD), birthdays placed by the rule. */
export function ageOn(birthDate: string, localDate: string, rule: LeapDayRule = 'MARCH_1'): number {
  const years = Number(localDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return birthday(birthDate, years, rule) <= localDate ? years : years - 1;
}
