/**
 * The project's one calendar: Europe/Oslo wall-clock time ↔ instants and calendar-date
 * arithmetic, a thin wrapper over Temporal (`@js-temporal/polyfill`, pinned). Temporal reads
 * the runtime's time-zone database, so it follows the real historical rules, not a
 * hard-coded "last Sunday" approximation. Source formats (Gerica's `dd.mm.yyyy`, Profil's
 * attributes) are parsed by the importers that read them; this module takes ISO shapes.
 *
 * Wall-clock time in Oslo, for sources that write local time without an offset, is read
 * with Temporal's `disambiguation: 'compatible'`, which is the project's rule for the two
 * hours a year where wall-clock time is not one instant:
 * - **Gap** (spring forward, e.g. 2019-03-31 02:00–02:59 never happened): the time is
 *   read with the offset in force just before the change (+01:00), i.e. as a clock that
 *   was not yet put forward would show it. 02:30 becomes 01:30Z (= 03:30 CEST).
 * - **Overlap** (fall back, e.g. 2019-10-27 02:00–02:59 happened twice): the first
 *   occurrence (+02:00). An end time is read with `notBefore` = its start: the earliest
 *   reading not before the start (Temporal's `'later'` when `'earlier'` is before it), so
 *   an execution that starts at 02:50 (first pass) and ends at 02:10 ends in the second
 *   pass (+01:00), 20 minutes.
 * Every such reading is reported in `note`, so it can be shown next to the record.
 * Temporal disambiguates every time within 14 hours of a change; elsewhere a wall clock is
 * one instant, and the offset comes from a table of Temporal's transitions (asked once
 * per year), which keeps an import of millions of notes as fast as plain Date arithmetic.
 * Oslo's offsets are the tzdb's (which gives Oslo Berlin's history: +03:00 in summer 1945
 * and 1947, local mean time +00:53:28 before 1893).
 *
 * Calendar dates (`YYYY-MM-DD`) are Temporal.PlainDate: `from(…, { overflow: 'reject' })`
 * refuses 30 February, `add({ months })` keeps the day or takes the month's last day
 * (31 January + 1 month = 28/29 February), and day counts are calendar days whatever the
 * daylight-saving changes in between.
 */
import { Temporal } from '@js-temporal/polyfill';

const ZONE = 'Europe/Oslo';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The years a date argument or a source's date may name: four digits, as every source writes them. */
export const FIRST_YEAR = 1000;
export const LAST_YEAR = 9999;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Epoch milliseconds of a UTC wall clock (Date.UTC, also for years below 100). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const t = new Date(Date.UTC(2000, month - 1, day, hour, minute));
  t.setUTCFullYear(year);
  return t.getTime();
}

// Oslo's offsets come from Temporal's transitions (tzdb), asked once per UTC year and kept
// as a table: the offset at an instant is then a look-up, not a time-zone computation.
interface YearOffsets {
  /** Offset (ms) at the start of the UTC year. */
  start: number;
  /** Transitions inside the year: the instant and the offset (ms) from then on. */
  changes: { at: number; offset: number }[];
}
const yearCache = new Map<number, YearOffsets>();

function offsetsOfYear(year: number): YearOffsets {
  let y = yearCache.get(year);
  if (!y) {
    const end = utc(year + 1, 1, 1);
    let z: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(
      utc(year, 1, 1),
    ).toZonedDateTimeISO(ZONE);
    y = { start: z.offsetNanoseconds / 1e6, changes: [] };
    for (;;) {
      z = z.getTimeZoneTransition('next');
      if (!z || z.epochMilliseconds >= end) break;
      y.changes.push({ at: z.epochMilliseconds, offset: z.offsetNanoseconds / 1e6 });
    }
    yearCache.set(year, y);
  }
  return y;
}

/** Offset of Oslo from UTC at an instant, in milliseconds. */
function offsetMs(instant: number): number {
  const y = offsetsOfYear(new Date(instant).getUTCFullYear());
  let off = y.start;
  for (const c of y.changes) if (c.at <= instant) off = c.offset;
  return off;
}

/** Offset of Oslo from UTC at an instant, in minutes (60 or 120). */
export function osloOffsetMinutes(instant: number): number {
  return Math.round(offsetMs(instant) / 60_000);
}

/** The Oslo wall clock at an instant. */
export function osloWallClock(instant: Date | number): WallClock & { second: number } {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  // The instant moved by the offset, read as UTC fields, is the wall clock.
  const t = new Date(ms + offsetMs(ms));
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
  };
}

/** The local calendar date (YYYY-MM-DD) in Oslo of an instant. */
export function osloDate(instant: Date | number): string {
  const w = osloWallClock(instant);
  return `${w.year}-${p2(w.month)}-${p2(w.day)}`;
}

/** ISO 8601 with the Oslo offset in force at that instant, e.g. 2019-03-31T03:15:00+02:00. */
export function osloIso(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const w = osloWallClock(ms);
  const off = osloOffsetMinutes(ms);
  const sign = off >= 0 ? '+' : '-';
  return `${w.year}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}${sign}${p2(Math.floor(Math.abs(off) / 60))}:${p2(Math.abs(off) % 60)}`;
}

export interface Resolved {
  instant: Date;
  kind: 'normal' | 'gap' | 'overlap';
  /** Set for gap and overlap readings: how the wall-clock time was read. */
  note?: string;
}

const dayCache = new Map<string, boolean>();
/** Whether year-month-day is a real calendar date (Temporal, `overflow: 'reject'`), remembered. */
function isRealDay(year: number, month: number, day: number): boolean {
  const key = `${year}-${month}-${day}`;
  let ok = dayCache.get(key);
  if (ok === undefined) {
    ok = realDate(year, month, day) !== null;
    if (dayCache.size > 200_000) dayCache.clear();
    dayCache.set(key, ok);
  }
  return ok;
}

/**
 * How one local hour reads (Oslo's changes fall on whole hours, so every minute of an
 * hour reads alike): the wall clock as if it were UTC, and the instants Temporal gives
 * for `'compatible'` and `'later'`, as milliseconds before/after it. Null: not a real date/hour.
 */
interface HourReading {
  kind: Resolved['kind'];
  compatible: number;
  later: number;
}
const hourCache = new Map<string, HourReading | null>();

function readHour(year: number, month: number, day: number, hour: number): HourReading | null {
  const key = `${year}-${month}-${day}T${hour}`;
  let r = hourCache.get(key);
  if (r !== undefined) return r;
  r = null;
  try {
    const local = Temporal.PlainDateTime.from({ year, month, day, hour }, { overflow: 'reject' });
    const naive = local.toZonedDateTime('UTC').epochMilliseconds;
    const earlier = local.toZonedDateTime(ZONE, { disambiguation: 'earlier' });
    const later = local.toZonedDateTime(ZONE, { disambiguation: 'later' });
    const kind =
      earlier.epochMilliseconds === later.epochMilliseconds
        ? 'normal'
        : earlier.toPlainDateTime().equals(local)
          ? 'overlap'
          : 'gap';
    // 'compatible' is 'earlier' in an overlap and 'later' in a gap (the spec's definition).
    const compatible = kind === 'overlap' ? earlier : later;
    r = {
      kind,
      compatible: compatible.epochMilliseconds - naive,
      later: later.epochMilliseconds - naive,
    };
  } catch {
    // Not a real calendar date or hour (30 February, hour 24): null.
  }
  if (hourCache.size > 500_000) hourCache.clear();
  hourCache.set(key, r);
  return r;
}

/**
 * The instant a wall-clock time in Oslo denotes (see the module comment for gaps and
 * overlaps). `notBefore`: in an overlap, prefer the earliest reading at or after it.
 * Returns null when the wall clock is not a real calendar date/time.
 */
export function fromOsloWallClock(w: WallClock, notBefore?: Date): Resolved | null {
  if (!Number.isInteger(w.minute) || w.minute < 0 || w.minute > 59) return null;
  if (!Number.isInteger(w.hour) || w.hour < 0 || w.hour > 23) return null;
  // Four-digit years only, as every source writes them.
  if (w.year < FIRST_YEAR || w.year > LAST_YEAR || !isRealDay(w.year, w.month, w.day)) return null;
  const naive = utc(w.year, w.month, w.day, w.hour, w.minute);
  // Oslo's changes are months apart: with one offset 14 hours either side there is none
  // near, and the wall clock is one instant. Near a change Temporal disambiguates.
  const before = offsetMs(naive - 14 * 3600_000);
  if (before === offsetMs(naive + 14 * 3600_000))
    return { instant: new Date(naive - before), kind: 'normal' };
  const h = readHour(w.year, w.month, w.day, w.hour);
  if (!h) return null;
  const compatible = naive + h.compatible;
  if (h.kind === 'normal') return { instant: new Date(compatible), kind: 'normal' };
  const label = `${p2(w.hour)}:${p2(w.minute)}`;
  if (h.kind === 'gap')
    return {
      instant: new Date(compatible),
      kind: 'gap',
      note: `${label} local time does not exist (daylight-saving change); read as ${osloIso(compatible)}`,
    };
  // Overlap: 'compatible' is the first occurrence; 'later' the second, taken when the first is before notBefore.
  const later = naive + h.later;
  const chosen =
    notBefore && compatible < notBefore.getTime() && later >= notBefore.getTime() ? later : compatible;
  const which = chosen === compatible ? 'first' : 'second';
  return {
    instant: new Date(chosen),
    kind: 'overlap',
    note: `${label} local time occurred twice (daylight-saving change); read as the ${which} occurrence, ${osloIso(chosen)}`,
  };
}

/** Local midnight in Oslo of a calendar date (`YYYY-MM-DD`), as an instant. */
export function osloMidnight(date: string): Date {
  const d = Temporal.PlainDate.from(date, { overflow: 'reject' });
  return fromOsloWallClock({ year: d.year, month: d.month, day: d.day, hour: 0, minute: 0 })!.instant;
}

/**
 * Local Oslo wall-clock time (`YYYY-MM-DD`, `HH:MM[:SS]`) → ISO 8601 with the Oslo offset of
 * the instant it denotes (rule above), or null when it is not a real date and time.
 */
export function osloLocalToIso(date: string, time: string): string | null {
  return osloLocalRead(date, time)?.iso ?? null;
}

/**
 * As osloLocalToIso, with how the time was read when it falls in a daylight-saving gap or
 * overlap (`note`, fromOsloWallClock's): the one rule of every importer that reads local
 * times without offset (coercion, journal), so a source's time that never happened, or
 * happened twice, is shown with what it was read as.
 */
export function osloLocalRead(
  date: string,
  time: string,
): { iso: string; kind: Resolved['kind']; note?: string } | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t || Number(t[3] ?? 0) > 59) return null;
  const r = fromOsloWallClock({
    year: Number(d[1]),
    month: Number(d[2]),
    day: Number(d[3]),
    hour: Number(t[1]),
    minute: Number(t[2]),
  });
  if (!r) return null;
  const iso = osloIso(r.instant.getTime() + Number(t[3] ?? 0) * 1000);
  return r.note ? { iso, kind: r.kind, note: r.note } : { iso, kind: r.kind };
}

// ---------------------------------------------------------------- calendar dates

/**
 * A real calendar date written `YYYY-MM-DD` (30 February is not one) in the years 1000–9999:
 * the one check of every date a caller or a source gives. Year 0000 and the years before 1000
 * are real to Temporal, but Oslo time cannot place them (fromOsloWallClock) and PostgreSQL
 * refuses year 0 ("date/time field value out of range").
 */
export function isRealDate(s: string): boolean {
  if (!DATE.test(s) || Number(s.slice(0, 4)) < FIRST_YEAR) return false;
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether Date.parse reads the time and it names a day and an hour that exist: a leading
 * `YYYY-MM-DD` must be a real date (isRealDate) and a `THH:MM[:SS]` after it a real hour. Date.parse rolls
 * 2030-02-30T00:00Z over to 2 March and 24:00 to the next day, so a matter or grant was stored
 * as expiring on another day than the one asked (review s39). Other forms are left to Date.parse.
 */
export function isoTimeExists(s: string): boolean {
  if (Number.isNaN(Date.parse(s))) return false;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(s);
  if (!m) return true;
  if (!isRealDate(m[1]!)) return false;
  return m[2] === undefined || (Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4] ?? 0) <= 59);
}

/** An ISO 8601 time with its offset (or Z): `YYYY-MM-DDTHH:MM[:SS[.fraction]]` and `±HH:MM` or `Z`. */
const INSTANT_WITH_OFFSET =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

/**
 * A time that happened written as ISO 8601 with its offset (or Z), on a real date (isRealDate:
 * 30 February is not one) at a real hour (24:00 and a 60th second are not). Date.parse takes
 * 2023-02-30T10:00:00+01:00 for 2 March and 24:00 for the next day: a caller's 30 February was
 * stored as 2 March, or reached PostgreSQL, which refuses it, as an internal error (review s39).
 */
export function isRealInstant(s: string): boolean {
  const m = INSTANT_WITH_OFFSET.exec(s);
  if (!m || !isRealDate(m[1]!)) return false;
  try {
    Temporal.Instant.from(s);
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` from year, month and day, or null when that day does not exist. */
export function realDate(year: number, month: number, day: number): string | null {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' }).toString();
  } catch {
    return null;
  }
}

/** `date` + `days` calendar days. */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/**
 * `date` + `months` calendar months: the same day of the target month, or its last day
 * where that day does not exist (31 January + 1 month → 28 February, 29 in a leap year).
 */
export function addMonths(date: string, months: number): string {
  return Temporal.PlainDate.from(date).add({ months }).toString();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(to, { largestUnit: 'days' }).days;
}

export function isLeapYear(year: number): boolean {
  return Temporal.PlainDate.from({ year, month: 1, day: 1 }).inLeapYear;
}
