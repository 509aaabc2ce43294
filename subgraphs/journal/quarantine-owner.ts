/**
 * Whose quarantined source line is it (pasientjournalloven § 22, helsepersonelloven § 21: another
 * person's file, line and reason are not shown; pasientjournalforskriften § 14: the read is logged
 * under the person whose record was read)? Decided by each source format's PATIENT FIELD, never by
 * a national id found anywhere in the bytes: a line of another person may name this patient's
 * national id as a relative (HP RelatedPerson.identifier), in a note's free text (Gerica Tekst,
 * a Profil notat, an HP description) or as an author; matched anywhere, such a line was listed
 * under the person it named and its read logged under him (task s46, defect 1;
 * test/quarantine-owner-s46.e2e.test.ts).
 *
 * The patient field of each source the journal quarantines (`journal.quarantine.source`, the
 * importers in ./import):
 * - `gerica` (journalnotater.csv) and `gerica-vedtak` (vedtak.csv): the third `;`-separated field,
 *   `Fodselsnr` (columns NotatID/VedtakID;PasientID;Fodselsnr;…). Read by its position at the
 *   start of the record, so that a record whose later fields do not parse (an unclosed quote, a
 *   record cut at the size cap, a wrong column count) is still matched by it, and only by it.
 * - `hp` (FHIR NDJSON): Patient: the resource itself (its `id` and its `identifier` values);
 *   RelatedPerson: `patient.reference` (its `identifier` is the RELATIVE's); Encounter and
 *   DocumentReference: `subject.reference`; Practitioner and anything else: no patient. A line
 *   that is not JSON (cut at the size cap, not UTF-8 is read leniently first) is matched only
 *   where `"subject"` or `"patient"` holds `{"reference":"Patient/<id>"}`, and, in a line that
 *   says `"resourceType":"Patient"`, by its `"id"` and identifier `"value"`s.
 * - `profil` (XML): a `<klient …>` start tag: its `fnr` attribute. A `<notat …>` holds no patient
 *   field (its klient is the element around it, not kept in its bytes): it is no one's by number,
 *   only by the note it is a version of (`entry_id`, decisions.ts quarantinedFor).
 * - any other source, or a line in which no patient field can be found: no one's by number (it is
 *   still counted in `journalQuarantineStatistics`, and found through `entry_id` when it names a
 *   note). Listing it under whoever it mentions was the defect.
 * The coercion importer's quarantine (Gerica tvangsprotokoll.csv, HP Coercion.ndjson) is its own
 * table (`coercion.quarantine`), listed by source system for an archivist, never per patient.
 */

/** The person numbers and HP patient ids a quarantined line's patient field holds (empty: none). */
export interface LineOwner {
  nationalIds: string[];
  hpPatientIds: string[];
}

const NONE: LineOwner = { nationalIds: [], hpPatientIds: [] };

/** The first three `;`-separated fields of a Gerica record (a field quoted or not), the third captured. */
const GERICA_PATIENT_FIELD =
  /^(?:"(?:[^"]|"")*"|[^;"\r\n]*);(?:"(?:[^"]|"")*"|[^;"\r\n]*);(?:"((?:[^"]|"")*)"|([^;"\r\n]*))(?=;|\r|\n|$)/;

function gericaOwner(raw: Buffer): LineOwner {
  const m = GERICA_PATIENT_FIELD.exec(raw.toString('latin1'));
  const field = m ? (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!).trim() : '';
  return field ? { nationalIds: [field], hpPatientIds: [] } : NONE;
}

const patientRef = (r: unknown): string[] => {
  const ref = r && typeof r === 'object' ? (r as { reference?: unknown }).reference : undefined;
  const m = typeof ref === 'string' ? /^Patient\/([^/]+)$/.exec(ref) : null;
  return m ? [m[1]!] : [];
};

const identifierValues = (ids: unknown): string[] =>
  Array.isArray(ids)
    ? ids.flatMap((i) => {
        const v = i && typeof i === 'object' ? (i as { value?: unknown }).value : undefined;
        return typeof v === 'string' && v.trim() ? [v.trim()] : [];
      })
    : [];

/** A JSON string literal's content, as read by a pattern (escapes undone). */
const jsonString = (s: string): string => {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
};
const STR = '"((?:[^"\\\\]|\\\\.)*)"';
const REFERENCE_AT = new RegExp(`"(?:subject|patient)"\\s*:\\s*\\{\\s*"reference"\\s*:\\s*${STR}`, 'g');
const IS_PATIENT = /"resourceType"\s*:\s*"Patient"/;
const ID_AT = new RegExp(`"id"\\s*:\\s*${STR}`, 'g');
const VALUE_AT = new RegExp(`"value"\\s*:\\s*${STR}`, 'g');

function hpOwner(raw: Buffer): LineOwner {
  const text = raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: only where the patient field stands.
    const hpPatientIds = [...text.matchAll(REFERENCE_AT)].flatMap((m) =>
      patientRef({ reference: jsonString(m[1]!) }),
    );
    if (!IS_PATIENT.test(text)) return { nationalIds: [], hpPatientIds };
    return {
      hpPatientIds: [...hpPatientIds, ...[...text.matchAll(ID_AT)].map((m) => jsonString(m[1]!))],
      nationalIds: [...text.matchAll(VALUE_AT)].map((m) => jsonString(m[1]!).trim()),
    };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return NONE;
  const r = json as {
    resourceType?: unknown;
    id?: unknown;
    identifier?: unknown;
    patient?: unknown;
    subject?: unknown;
  };
  switch (r.resourceType) {
    case 'Patient':
      return {
        nationalIds: identifierValues(r.identifier),
        hpPatientIds: typeof r.id === 'string' && r.id ? [r.id] : [],
      };
    case 'RelatedPerson':
      return { nationalIds: [], hpPatientIds: patientRef(r.patient) };
    case 'Encounter':
    case 'DocumentReference':
      return { nationalIds: [], hpPatientIds: patientRef(r.subject) };
    default:
      return NONE;
  }
}

const KLIENT_START = /^\s*<klient[\s/>]/;
const FNR_ATTRIBUTE = /\sfnr\s*=\s*(?:"([^"]*)"|'([^']*)')/;

function profilOwner(raw: Buffer): LineOwner {
  const text = raw.toString('utf8');
  if (!KLIENT_START.test(text)) return NONE;
  // Its bytes are its start tag alone (profil.ts), cut at the size cap when over it.
  const m = FNR_ATTRIBUTE.exec(text);
  const fnr = (m?.[1] ?? m?.[2] ?? '').trim();
  return fnr ? { nationalIds: [fnr], hpPatientIds: [] } : NONE;
}

/** The patient field of a line quarantined by the journal's importer of `source` (see the header). */
export function quarantinedLineOwner(source: string, raw: Buffer): LineOwner {
  switch (source.toLowerCase()) {
    case 'gerica':
    case 'gerica-vedtak':
      return gericaOwner(raw);
    case 'hp':
      return hpOwner(raw);
    case 'profil':
      return profilOwner(raw);
    default:
      return NONE;
  }
}
