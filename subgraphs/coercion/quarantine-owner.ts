/**
 * Whose quarantined coercion source line is it (pasientjournalloven § 22, helsepersonelloven § 21:
 * another person's file, line and reason are not shown; pasientjournalforskriften § 14: the read is
 * logged under the person whose record was read; task s47, defect 2)? Decided by each coercion
 * export's own PATIENT FIELD, as the journal's quarantine-owner.ts does for its sources, never by a
 * national id found anywhere in the bytes (a protocol's Beskrivelse or an HP description may name a
 * relative):
 * - Gerica `vedtak.csv` and `tvangsprotokoll.csv`: the field in the file header's `Fodselsnr`
 *   column, as the importer reads its columns by header name (fix FX-A 3: read by a fixed position,
 *   third and fourth, columns in another order or an extra VergeFodselsnr before Fodselsnr listed a
 *   row under the wrong person, the guardian). Without a header (a caller that has none) the
 *   standard position: `vedtak.csv` (VedtakID;PasientID;Fodselsnr;…) the third field,
 *   `tvangsprotokoll.csv` (RegID;VedtakID;PasientID;Fodselsnr;…) the fourth. Read at the start of
 *   the record, so a record whose later fields do not parse (an unclosed quote, a record cut at the
 *   size cap, a wrong column count) is still matched by it, and only by it; a line that does not
 *   start a record (`recordStart`: the rest of a broken record) is no one's.
 * - HP `Coercion.ndjson`: the top-level `patient` (decisions and executions alike), and `kind`;
 *   a line that is not JSON (cut at the size cap) read from its top-level fields as far as its
 *   bytes go (a nested `patient` is no owner).
 * - HP `Practitioner.ndjson`: no patient.
 * The importer stores what this finds with the row (`patient_nid`, `record_kind`, coercion
 * migration 026); `Patient.quarantinedCoercionRecords` lists a row under the person whose national
 * id, or H-nummer under the row's source system, it is.
 */

export type CoercionExport = 'gerica-vedtak' | 'gerica-protokoll' | 'hp-coercion' | 'hp-practitioner';

export interface CoercionLineOwner {
  patientNid: string | null;
  recordKind: 'decision' | 'execution' | null;
}

const FIELD = `(?:"(?:[^"]|"")*"|[^;"\\r\\n]*)`;
const CAPTURED = `(?:"((?:[^"]|"")*)"|([^;"\\r\\n]*))(?=;|\\r|\\n|$)`;
/** The n-th `;`-separated field of a Gerica record (quoted or not), captured. */
const nthField = (n: number) => new RegExp(`^${`${FIELD};`.repeat(n - 1)}${CAPTURED}`);
const VEDTAK_PATIENT = 2;
const PROTOKOLL_PATIENT = 3;

/** Where a Gerica export's patient field is: the header's `Fodselsnr` column (0-based), and how a record starts. */
export interface GericaPatientColumn {
  patientColumn: number;
  recordStart?: RegExp;
}

function gericaField(column: number, raw: Buffer, recordStart?: RegExp): string | null {
  const text = raw.toString('latin1');
  if (column < 0 || (recordStart && !recordStart.test(text))) return null;
  const m = nthField(column + 1).exec(text);
  const field = m ? (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!).trim() : '';
  return field || null;
}

/** A JSON string literal's content (escapes undone). */
const jsonString = (s: string): string => {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
};

/** The top-level string fields `patient` and `kind` of an NDJSON line, whole or cut short. */
function topLevel(text: string): { patient?: unknown; kind?: unknown } {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as { patient?: unknown; kind?: unknown })
      : {};
  } catch {
    // Lenient: a scan of its tokens, keeping only strings that are values of top-level keys.
  }
  const out: { patient?: string; kind?: string } = {};
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) break; // cut inside a string: no value
      const str = jsonString(text.slice(i + 1, j));
      i = j;
      if (depth !== 1) continue;
      if (expectKey) {
        key = str;
        expectKey = false;
      } else if (key === 'patient') out.patient = str;
      else if (key === 'kind') out.kind = str;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = c === '{';
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) {
      expectKey = true;
      key = undefined;
    }
  }
  return out;
}

/** The patient field (and record kind) of a line the coercion importer of `format` quarantined. */
export function coercionLineOwner(
  format: CoercionExport,
  raw: Buffer,
  gerica?: GericaPatientColumn,
): CoercionLineOwner {
  switch (format) {
    case 'gerica-vedtak':
      return {
        patientNid: gericaField(gerica?.patientColumn ?? VEDTAK_PATIENT, raw, gerica?.recordStart),
        recordKind: 'decision',
      };
    case 'gerica-protokoll':
      return {
        patientNid: gericaField(gerica?.patientColumn ?? PROTOKOLL_PATIENT, raw, gerica?.recordStart),
        recordKind: 'execution',
      };
    case 'hp-coercion': {
      const r = topLevel(raw.toString('utf8'));
      const patient = typeof r.patient === 'string' && r.patient.trim() ? r.patient.trim() : null;
      const kind = r.kind === 'decision' || r.kind === 'execution' ? r.kind : null;
      return { patientNid: patient, recordKind: patient ? (kind ?? 'execution') : kind };
    }
    default:
      return { patientNid: null, recordKind: null };
  }
}
