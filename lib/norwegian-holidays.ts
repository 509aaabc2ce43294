/**
 * The Norwegian public-holiday calendar and working-day arithmetic, on `lib/oslo-time.ts`
 * (Temporal calendar dates). One place for every rule that counts "virkedager" or moves a
 * deadline off a day the offices are closed.
 *
 * Rules and sources:
 * - **Helligdager** (lov 24. februar 1995 nr. 12 om helligdager og helligdagsfred § 2):
 *   every Sunday, 1. nyttårsdag (1 January), skjærtorsdag, langfredag, 1. and 2. påskedag,
 *   Kristi himmelfartsdag (Easter + 39), 1. and 2. pinsedag (Easter + 49, + 50), 1. and 2.
 *   juledag (25, 26 December). Easter Sunday is computed (Gregorian computus, the
 *   anonymous/Meeus–Jones–Butcher algorithm), the rest follow from it.
 * - **Offentlige høytidsdager** (lov 26. april 1947 nr. 1 om 1. og 17. mai som offentlige
 *   høytidsdager § 1): 1 May and 17 May, equal to helligdager for deadlines.
 * - **Deadlines** (domstolloven §§ 148–149, which forvaltningsloven § 30 and the health
 *   acts' deadlines are counted by): a deadline in months ends on the same date of the
 *   last month (or that month's last day); a deadline whose last day is a Saturday, a
 *   helligdag or a høytidsdag runs to the next day that is none of them. Julaften,
 *   påskeaften and nyttårsaften are ordinary days in law (not rolled).
 * - **Working days** (arbeidsdager, e.g. offentleglova § 32 first paragraph: five working
 *   days): Monday–Friday that are not helligdager or høytidsdager.
 */
import { Temporal } from '@js-temporal/polyfill';

const cache = new Map<number, Map<string, string>>();

/** Easter Sunday (Gregorian) of a year, YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Temporal.PlainDate.from({ year, month, day }).toString();
}

/** The public holidays (helligdager other than ordinary Sundays, and 1 and 17 May) of a year: date → name. */
export function publicHolidays(year: number): Map<string, string> {
  let m = cache.get(year);
  if (m) return m;
  const easter = Temporal.PlainDate.from(easterSunday(year));
  const rel = (days: number) => easter.add({ days }).toString();
  const fixed = (month: number, day: number) => Temporal.PlainDate.from({ year, month, day }).toString();
  m = new Map<string, string>([
    [fixed(1, 1), '1. nyttårsdag'],
    [rel(-3), 'Skjærtorsdag'],
    [rel(-2), 'Langfredag'],
    [rel(0), '1. påskedag'],
    [rel(1), '2. påskedag'],
    [fixed(5, 1), 'Offentlig høytidsdag (1. mai)'],
    [fixed(5, 17), 'Grunnlovsdag (17. mai)'],
    [rel(39), 'Kristi himmelfartsdag'],
    [rel(49), '1. pinsedag'],
    [rel(50), '2. pinsedag'],
    [fixed(12, 25), '1. juledag'],
    [fixed(12, 26), '2. juledag'],
  ]);
  cache.set(year, m);
  return m;
}

/** The holiday's name, or null when the date is no public holiday (a plain Sunday is not named). */
export function holidayName(date: string): string | null {
  return publicHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}

/** Monday–Friday and no public holiday. */
export function isWorkingDay(date: string): boolean {
  const d = Temporal.PlainDate.from(date);
  return d.dayOfWeek <= 5 && !publicHolidays(d.year).has(date);
}

/** The date itself when it is a working day, else the next working day (domstolloven § 148 second paragraph). */
export function rollToWorkingDay(date: string): string {
  let d = Temporal.PlainDate.from(date);
  while (!isWorkingDay(d.toString())) d = d.add({ days: 1 });
  return d.toString();
}

/** The `n`th working day after `date` (the day of receipt not counted). */
export function addWorkingDays(date: string, n: number): string {
  let d = Temporal.PlainDate.from(date);
  let left = n;
  while (left > 0) {
    d = d.add({ days: 1 });
    if (isWorkingDay(d.toString())) left--;
  }
  return d.toString();
}

/**
 * A deadline of `months` months from `date` (domstolloven § 148: the same date of the
 * target month, or its last day), moved past Saturdays, Sundays and public holidays.
 */
export function deadlineInMonths(date: string, months: number): string {
  return rollToWorkingDay(Temporal.PlainDate.from(date).add({ months }).toString());
}
