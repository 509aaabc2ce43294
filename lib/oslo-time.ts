/**
 * Europe/Oslo wall-clock time. Gerica and Profil write local time without an offset;
 * these helpers turn it into an instant, and an instant into its local calendar date.
 *
 * Rule for the hours a daylight-saving change makes ambiguous:
 * - a time in the skipped spring hour (02:00–02:59 on the last Sunday of March) is read
 *   with the winter offset (+01:00), i.e. as the instant the clock would have shown it;
 * - a time in the repeated autumn hour (02:00–02:59 on the last Sunday of October) is read
 *   as its first occurrence (summer time, +02:00).
 */
const TZ = 'Europe/Oslo';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Offset of Oslo from UTC at an instant, in minutes (60 or 120). */
export function osloOffsetMinutes(instant: Date): number {
  const p = Object.fromEntries(partsFormatter.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

function fmtOffset(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Local Oslo wall-clock time → ISO 8601 with its offset, or null when the fields do not
 * form a real date and time. `date` is YYYY-MM-DD, `time` HH:MM or HH:MM:SS.
 */
export function osloLocalToIso(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, da, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  // Try summer time first (first occurrence in the autumn overlap), then winter time.
  for (const offset of [120, 60]) {
    const instant = new Date(wall - offset * 60000);
    if (osloOffsetMinutes(instant) === offset) return `${date}T${t[1]}:${t[2]}:${String(s).padStart(2, '0')}${fmtOffset(offset)}`;
  }
  // In the spring gap neither matches: read it with the winter offset.
  return `${date}T${t[1]}:${t[2]}:${String(s).padStart(2, '0')}+01:00`;
}

/** The Oslo calendar date (YYYY-MM-DD) of an instant. */
export function osloDate(instant: Date): string {
  const p = Object.fromEntries(partsFormatter.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as ISO 8601 with its Oslo offset, e.g. 2023-05-20T11:05:00+02:00. */
export function toOsloIso(instant: Date): string {
  const offset = osloOffsetMinutes(instant);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60000).toISOString().slice(0, 19);
  return `${local}${fmtOffset(offset)}`;
}
