/**
 * Gerica's own date formats, as its exports (vedtak.csv, read by the journal and coercion
 * rooms; tvangsprotokoll.csv) write them: `dd.mm.yyyy` and `dd.mm.yyyy HH:MM`, Oslo local time without an offset.
 * What a local time means as an instant is lib/oslo-time's rule.
 */
import { fromOsloWallClock, realDate, type WallClock } from '../oslo-time';

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
  return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
}
