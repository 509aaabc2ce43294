/**
 * One CSV cell (RFC 4180, with the file's separator). A text that a spreadsheet would run as
 * a formula (=, +, -, @, a tab or CR first) is written as text with a leading ' (OWASP "CSV
 * injection"; personopplysningsloven art. 32, security of processing): a note, a unit's name
 * or a reason comes from the source data, and a reporting tool or a researcher that opens the
 * file runs nothing. Numbers are written as they are. A cell is quoted when it holds the
 * separator, a quote or a line break, or starts or ends with white space.
 */
export function csvCell(v: string | number | null | undefined, separator = ','): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return s.includes(separator) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
