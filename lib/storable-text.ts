/**
 * Text PostgreSQL can store: a text or jsonb value may hold neither U+0000 nor an unpaired
 * surrogate (jsonb refuses the escape `\u0000` and a lone `\ud800`; text refuses the NUL
 * byte). Callers' values are refused with such characters (lib/id-cap.ts); a source record
 * holding one is quarantined by its importer (`unstorableAt`: the journal's HP and Gerica
 * vedtak readers, the coercion readers), found in review s30: one such record failed its whole
 * batch or file on every run; what is written regardless, the access log and a quarantine
 * row's reason, replaces them (lib/audit.ts, `storable`).
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

/** How deep a record is followed; far beyond any record an importer makes. */
const MAX_DEPTH = 32;

/**
 * Where in `value` (a record about to be stored: strings, arrays and plain objects, their keys
 * too) the first text is that PostgreSQL cannot store (`unstorable`), as a path (`text`,
 * `patient.localId`, `measures[1]`, `''` for `value` itself, `<key>` for a key); null when there is none. Bytes
 * (a Buffer: the source bytes, stored as bytea) are not text and are passed over, and so is
 * anything deeper than 32 levels.
 */
export function unstorableAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > MAX_DEPTH)
    return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = unstorableAt(value[i], `${path}[${i}]`, depth + 1);
      if (at !== null) return at;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    // A key that cannot be stored is named as such, not written out.
    if (unstorable(k)) return path ? `${path}.<key>` : '<key>';
    const at = unstorableAt(v, path ? `${path}.${k}` : k, depth + 1);
    if (at !== null) return at;
  }
  return null;
}
