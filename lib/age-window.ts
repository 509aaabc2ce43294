/**
 * Age windows: "ages 13–15" runs from the 13th birthday to the day before the 16th, by
 * local (Europe/Oslo) date. A 29 February birthday falls on 1 March in non-leap years by
 * default, or on 28 February when configured.
 */
import { addDays, isLeapYear, isRealDate, osloLocalToIso, realDate } from './oslo-time';

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

/**
 * The oldest age a window may name. The oldest person whose age is documented lived 122 years;
 * 150 leaves room for any record. A larger age names no record and only pushed the birthday out
 * of the calendar: ageTo 10000 made a birthday in year 12001, which Temporal refuses (RangeError
 * "invalid RFC 9557 string"), an internal error (found in review). A birthday still past year
 * 9999 (a birth date in the far future) is a WindowError too.
 */
export const MAX_AGE = 150;

const OUTSIDE = 'the window falls outside the calendar (years 1000–9999)';

/**
 * The checks of a window's arguments that need no birth date: real dates (isRealDate, years
 * 1000–9999), whole ages 0–MAX_AGE, ageTo not below ageFrom, from not after to. WindowError
 * when one fails.
 */
export function checkWindowArgs(args: WindowArgs): void {
  for (const [name, v] of [
    ['from', args.from],
    ['to', args.to],
  ] as const)
    if (v != null && !isRealDate(v)) throw new WindowError(`${name} must be a date YYYY-MM-DD`);
  for (const [name, v] of [
    ['ageFrom', args.ageFrom],
    ['ageTo', args.ageTo],
  ] as const)
    if (v != null && !(Number.isInteger(v) && v >= 0 && v <= MAX_AGE))
      throw new WindowError(`${name} must be a whole number of years from 0 to ${MAX_AGE}`);
  if (args.ageFrom != null && args.ageTo != null && args.ageTo < args.ageFrom)
    throw new WindowError('ageTo must not be below ageFrom');
  // Dates given the wrong way round are the caller's mistake, as ages are: search and the
  // journal answered total 0 and totalCount 0 for from 2030-01-01 to 1990-01-01, as if the person
  // had no records (found in review s45), where the dossier, the access log and the postjournal
  // refuse it. (Ages and dates that do not overlap leave an empty window: `empty` below.)
  if (args.from != null && args.to != null && args.from > args.to)
    throw new WindowError('from must not be after to');
}

/** Intersects the date range and the age range into one window of local dates. */
export function resolveWindow(args: WindowArgs, birthDate: string | null, rule: LeapDayRule): DateWindow {
  checkWindowArgs(args);
  const hasAge = args.ageFrom != null || args.ageTo != null;
  if (hasAge && !birthDate)
    throw new WindowError('age window asked for a patient without a known birth date');
  let fromDate = args.from ?? null;
  let toDate = args.to ?? null;
  try {
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
  } catch (err) {
    // A birthday past year 275760 (Temporal's last) or not written as a date.
    if (err instanceof RangeError) throw new WindowError(OUTSIDE);
    throw err;
  }
  // A birthday outside the years Oslo time places (a 5-digit year) would leave the window open.
  for (const d of [fromDate, toDate]) if (d != null && !isRealDate(d)) throw new WindowError(OUTSIDE);
  const empty = fromDate != null && toDate != null && fromDate > toDate;
  return {
    fromDate,
    toDate,
    leapDayRule: rule,
    empty,
    startInstant: fromDate ? osloLocalToIso(fromDate, '00:00') : null,
    // The day after 9999-12-31 is outside the calendar: the window is open at the end.
    endInstant: toDate ? osloLocalToIso(addDays(toDate, 1), '00:00') : null,
  };
}

/** Age in whole years on a local date (YYYY-MM-DD), birthdays placed by the rule. */
export function ageOn(birthDate: string, localDate: string, rule: LeapDayRule = 'MARCH_1'): number {
  const years = Number(localDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return birthday(birthDate, years, rule) <= localDate ? years : years - 1;
}

/**
 * The age on a local date under FEBRUARY_28 when it is not the age under MARCH_1 (ageOn's
 * default), else undefined: only for a person born 29 February, on 28 February of a year
 * without a 29th (one year older under FEBRUARY_28). The search index stores it beside the
 * MARCH_1 age, so an age window under either rule reads a stored age (search-index/filters.ts).
 */
export function february28Age(birthDate: string, localDate: string): number | undefined {
  // The indexer asks for every note: only a 29 February birth on a 28 February can differ, and the
  // two string tests spare the other notes two calendar computations (bench:search, stop 45).
  if (!birthDate.endsWith('-02-29') || !localDate.endsWith('-02-28')) return undefined;
  const feb28 = ageOn(birthDate, localDate, 'FEBRUARY_28');
  return feb28 === ageOn(birthDate, localDate, 'MARCH_1') ? undefined : feb28;
}

/**
 * School-year windows. Compulsory school starts in the calendar year the child turns six
 * (opplæringslova 1998 § 2-1 tredje ledd; opplæringslova 2023 § 2-1 says the same), and the
 * school year runs from August to June (the municipality's school calendar; first and last
 * days vary by a few days, so whole months are used). Grade g therefore runs from 1 August of
 * the year the child turns g + 5 to 30 June of the year they turn g + 6: "ungdomsskolen"
 * (grades 8–10) is 1 August of the year the child turns 13 to 30 June of the year they turn
 * 16, which an age window (13th birthday to the day before the 16th) cuts short for children
 * born August–December (autumn of 8th grade) and January–June (spring of 10th grade).
 */
export const SCHOOL_STAGES = {
  BARNESKOLEN: [1, 7],
  UNGDOMSSKOLEN: [8, 10],
  VIDEREGAENDE: [11, 13],
} as const satisfies Record<string, readonly [number, number]>;
export type SchoolStage = keyof typeof SCHOOL_STAGES;

export interface SchoolYearWindow {
  fromDate: string;
  toDate: string;
  gradeFrom: number;
  gradeTo: number;
  /** What the window assumes, for the answer to state. */
  assumptions: string[];
}

/** The local dates grades gradeFrom..gradeTo cover for a child born on birthDate. */
export function schoolYearWindow(birthDate: string, gradeFrom: number, gradeTo: number): SchoolYearWindow {
  if (!isRealDate(birthDate)) throw new WindowError('a school-year window needs a known birth date');
  if (!Number.isInteger(gradeFrom) || !Number.isInteger(gradeTo) || gradeFrom < 1 || gradeTo > 13)
    throw new WindowError('grades run from 1 to 13');
  if (gradeTo < gradeFrom) throw new WindowError('gradeTo must not be below gradeFrom');
  const born = Number(birthDate.slice(0, 4));
  const fromDate = realDate(born + gradeFrom + 5, 8, 1)!;
  const toDate = realDate(born + gradeTo + 6, 6, 30)!;
  return {
    fromDate,
    toDate,
    gradeFrom,
    gradeTo,
    assumptions: [
      `school starts in the calendar year the child turns six (opplæringslova § 2-1), so grade ${gradeFrom} begins in August ${born + gradeFrom + 5} (the year the child turns ${gradeFrom + 5})`,
      'the school year runs from 1 August to 30 June (whole months; the exact first and last school days vary by municipality and year)',
      'the child followed their birth cohort: no deferred start, skipped or repeated grade',
      gradeTo > gradeFrom
        ? 'the summer holidays between the grades are inside the window'
        : 'one school year, its summer holiday outside',
    ],
  };
}
