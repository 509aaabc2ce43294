/**
 * Europe/Oslo wall-clock time ↔ instants, for sources that write local time without an
 * offset (Gerica, Profil). Uses the runtime's time-zone database (Intl), so it follows
 * the real historical rules, not a hard-coded "last Sunday" approximation.
 *
 * The rule for the two hours a year where wall-clock time is not one instant:
 * - **Gap** (spring forward, e.g. 2019-03-31 02:00–02:59 never happened): the time is
 *   read with the offset in force just before the change (+01:00), i.e. as a clock that
 *   was not yet put forward would show it. 02:30 becomes 01:30Z (= 03:30 CEST).
 *   This is what java.time and Temporal call "compatible" for gaps.
 * - **Overlap** (fall back, e.g. 2019-10-27 02:00–02:59 happened twice): `earliest`
 *   takes the first occurrence (+02:00). An end time is read with `notBefore` = its
 *   start: the earliest reading not before the start, so an execution that starts at
 *   02:50 (first pass) and ends at 02:10 ends in the second pass (+01:00), 20 minutes.
 * Every such reading is reported in `note`, so it can be shown next to the record.
 */

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function intlWallClock(ms: number): WallClock & { second: number } {
  const parts = fmt.formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

// Oslo's offset only changes on whole UTC hours, so it is cached per UTC hour.
const offsetCache = new Map<number, number>();

/** Offset of Oslo from UTC at an instant, in minutes (60 or 120). */
export function osloOffsetMinutes(instant: number): number {
  const hour = Math.floor(instant / 3600_000);
  let off = offsetCache.get(hour);
  if (off === undefined) {
    const probe = hour * 3600_000;
    const w = intlWallClock(probe);
    off = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - probe) / 60_000);
    if (offsetCache.size > 500_000) offsetCache.clear();
    offsetCache.set(hour, off);
  }
  return off;
}

/** The Oslo wall clock at an instant. */
export function osloWallClock(instant: Date | number): WallClock & { second: number } {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const t = new Date(ms + osloOffsetMinutes(ms) * 60_000);
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
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** ISO 8601 with the Oslo offset in force at that instant, e.g. 2019-03-31T03:15:00+02:00. */
export function osloIso(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const w = osloWallClock(ms);
  const off = osloOffsetMinutes(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

export interface Resolved {
  instant: Date;
  kind: 'normal' | 'gap' | 'overlap';
  /** Set for gap and overlap readings: how the wall-clock time was read. */
  note?: string;
}

const wallKey = (w: WallClock) => `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`;

/**
 * The instant a wall-clock time in Oslo denotes (see the module comment for gaps and
 * overlaps). `notBefore`: in an overlap, prefer the earliest reading at or after it.
 * Returns null when the wall clock is not a real calendar date/time.
 */
export function fromOsloWallClock(w: WallClock, notBefore?: Date): Resolved | null {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour < 0 || w.hour > 23 || w.minute < 0 || w.minute > 59)
    return null;
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const check = new Date(naive);
  if (
    check.getUTCFullYear() !== w.year ||
    check.getUTCMonth() !== w.month - 1 ||
    check.getUTCDate() !== w.day
  )
    return null;
  const want = wallKey(w);
  const candidates = [120, 60]
    .map((off) => naive - off * 60_000)
    .filter((t) => wallKey(osloWallClock(t)) === want)
    .sort((a, b) => a - b);
  const label = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  if (candidates.length === 1) return { instant: new Date(candidates[0]!), kind: 'normal' };
  if (candidates.length === 0) {
    // Gap: read with the offset before the change (the smaller one, winter time).
    const before = naive - osloOffsetMinutes(naive - 3 * 3600_000) * 60_000;
    return {
      instant: new Date(before),
      kind: 'gap',
      note: `${label} local time does not exist (daylight-saving change); read as ${osloIso(before)}`,
    };
  }
  let chosen = candidates[0]!;
  if (notBefore && chosen < notBefore.getTime())
    chosen = candidates.find((t) => t >= notBefore.getTime()) ?? chosen;
  const which = chosen === candidates[0] ? 'first' : 'second';
  return {
    instant: new Date(chosen),
    kind: 'overlap',
    note: `${label} local time occurred twice (daylight-saving change); read as the ${which} occurrence, ${osloIso(chosen)}`,
  };
}

/** Parses Gerica's `dd.mm.yyyy HH:MM`; null when it is not that shape or not a real date/time. */
export function parseGericaDateTime(s: string): WallClock | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const w = {
    day: Number(m[1]),
    month: Number(m[2]),
    year: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  };
  return fromOsloWallClock(w) ? w : null;
}

/** Parses Gerica's `dd.mm.yyyy` into `YYYY-MM-DD`; null when not a real date. */
export function parseGericaDate(s: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** Local midnight in Oslo of a calendar date (`YYYY-MM-DD`), as an instant. */
export function osloMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromOsloWallClock({ year: y, month: m, day: d, hour: 0, minute: 0 })!.instant;
}

/**
 * Local Oslo wall-clock time (`YYYY-MM-DD`, `HH:MM[:SS]`) → ISO 8601 with the Oslo offset of
 * the instant it denotes (rule above), or null when it is not a real date and time.
 */
export function osloLocalToIso(date: string, time: string): string | null {
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
  return r ? osloIso(r.instant.getTime() + Number(t[3] ?? 0) * 1000) : null;
}
