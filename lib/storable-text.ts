/**
 * Text PostgreSQL can store: a text or jsonb value may hold neither U+0000 nor an unpaired
 * surrogate (jsonb refuses the escape `\u0000` and a lone `\ud800`; text refuses the NUL
 * byte). Callers' values are refused with such characters (lib/id-cap.ts); what is written
 * regardless, the access log, replaces them (lib/audit.ts).
 */

/** An unpaired surrogate: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when PostgreSQL cannot store `s` as text or jsonb: it holds U+0000 or is not well-formed UTF-16. */
export function unstorable(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/** `s` with each U+0000 and each unpaired surrogate replaced by U+FFFD (String.prototype.toWellFormed, and NUL). */
export function storable(s: string): string {
  if (!unstorable(s)) return s;
  return s.replace(LONE_SURROGATES, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}
