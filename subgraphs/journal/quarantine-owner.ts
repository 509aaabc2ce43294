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
 *   DocumentReference: `subject.reference`; Practitioner and anything else: no patient. A
 *   reference names its patient relative (`Patient/<id>`) or relative and versioned
 *   (`Patient/<id>/_history/<v>`): a line quarantined because its reference has that form is
 *   still that patient's; an absolute one (`https://…/Patient/<id>`) names no one (a FHIR id is
 *   unique per server only; review 4 of stop 46). Only the TOP-LEVEL resource counts (a `contained` Patient is no owner).
 *   A line that is not JSON (cut at the size cap; not UTF-8 is read leniently first) follows the
 *   SAME rule, read from its top-level fields as far as its bytes go (hpOwner, partialResource):
 *   a cut Observation is no one's as a whole one is, and a cut line whose top-level resourceType
 *   is not in its bytes is no one's by number (stop 46, fix FX7).
 * - `profil` (XML): a `<klient …>` start tag: its `fnr` attribute. A `<notat …>` holds no patient
 *   field (its klient is the element around it, not kept in its bytes): it is no one's by number;
 *   it is found by the klient the importer recorded with the row (`owner_source_system`,
 *   `owner_local_id`: PROFIL and the klientnr, journal migration 045; task s47, defect 1: a notat
 *   quarantined and never stored was listed under no one) and by the note it is a version of
 *   (`entry_id`), decisions.ts quarantinedFor.
 * - any other source, or a line in which no patient field can be found: no one's by number (it is
 *   still counted in `journalQuarantineStatistics`, and found through `entry_id` when it names a
 *   note). Listing it under whoever it mentions was the defect.
 * The coercion importer's quarantine (Gerica tvangsprotokoll.csv, HP Coercion.ndjson) is its own
 * table (`coercion.quarantine`), listed per patient by the coercion subgraph
 * (`Patient.quarantinedCoercionRecords`, subgraphs/coercion/quarantine-owner.ts; task s47).
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

/**
 * A FHIR reference to a Patient of this export: relative (`Patient/<id>`) or relative and
 * versioned (`Patient/<id>/_history/<v>`). A line the importer quarantined BECAUSE its reference
 * has the versioned form is still that patient's (stop 46, fix FX7: anchored on `^Patient/<id>$`,
 * it belonged to no one and was missing from the patient's own list). An absolute reference
 * (`https://…/Patient/<id>`) names no one here: a FHIR logical id is unique per server only, so
 * another server's Patient with the same id is another person, and no HP base URL is configured
 * to tell HP's own (review 4 of stop 46; pasientjournalloven § 22).
 */
const PATIENT_REFERENCE = /^Patient\/([^/]+)(?:\/_history\/[^/]+)?$/;

const patientRef = (r: unknown): string[] => {
  const ref = r && typeof r === 'object' ? (r as { reference?: unknown }).reference : undefined;
  const m = typeof ref === 'string' ? PATIENT_REFERENCE.exec(ref.trim()) : null;
  return m ? [m[1]!] : [];
};

const identifierValues = (ids: unknown): string[] =>
  Array.isArray(ids)
    ? ids.flatMap((i) => {
        const v = i && typeof i === 'object' ? (i as { value?: unknown }).value : undefined;
        return typeof v === 'string' && v.trim() ? [v.trim()] : [];
      })
    : [];

/** A JSON string literal's content (escapes undone). */
const jsonString = (s: string): string => {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
};

/**
 * What a line that is not JSON (cut at the size cap, or malformed further on) says in the fields
 * hpOwner reads, as JSON.parse would give them had the line been whole: only TOP-LEVEL
 * `resourceType` and `id`, the top-level `identifier[].value`s and the top-level
 * `patient.reference` and `subject.reference`. A lenient scan of the line's JSON tokens keeps the
 * path of each string; a string cut short is no value. Before (stop 46, fix FX7), patterns read
 * the bytes anywhere: a `"resourceType":"Patient"` of a contained resource made every `"id"` and
 * `"value"` of the line an owner, and a `"subject"` of a resource type that is no one's when whole
 * (an Observation) was matched once cut short.
 */
function partialResource(text: string): Record<string, unknown> {
  const out: {
    resourceType?: string;
    id?: string;
    identifier: { value: string }[];
    patient?: { reference: string };
    subject?: { reference: string };
  } = { identifier: [] };
  const stack: { kind: '{' | '['; key?: string; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) break; // cut inside a string: no value
      const str = jsonString(text.slice(i + 1, j));
      i = j;
      const top = stack[stack.length - 1];
      if (top?.kind === '{' && top.expectKey) {
        top.key = str;
        top.expectKey = false;
        continue;
      }
      const path = stack.map((f) => (f.kind === '{' ? (f.key ?? '') : '[]')).join('.');
      if (path === 'resourceType') out.resourceType = str;
      else if (path === 'id') out.id = str;
      else if (path === 'identifier.[].value') out.identifier.push({ value: str });
      else if (path === 'patient.reference') out.patient = { reference: str };
      else if (path === 'subject.reference') out.subject = { reference: str };
    } else if (c === '{' || c === '[') stack.push({ kind: c, expectKey: c === '{' });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === '{') {
        top.expectKey = true;
        top.key = undefined;
      }
    }
  }
  return out;
}

/**
 * The rule, one for a whole line and a line cut short (the latter read by partialResource, as
 * far as its bytes go): the TOP-LEVEL resourceType decides which field is the patient's, and a
 * line whose type has none (or whose type is not in its bytes) is no one's by number.
 */
function hpOwner(raw: Buffer): LineOwner {
  const text = raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = partialResource(text);
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
