/**
 * Helseplattformen FHIR R4 Bulk Data export (NDJSON, UTF-8): Practitioner, Patient,
 * RelatedPerson, Encounter and DocumentReference, read line by line and validated with
 * zod. Migrated legacy documents become provenance on their legacy original.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { decodeUtf8, readLines } from '../../../lib/import/lines';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { parsePersonId } from '../../../lib/national-id';
import { isoTimeExists, osloDate } from '../../../lib/oslo-time';
import type { SourceSystem } from '../store';
import { readHpDecision } from './decisions';
import {
  entryIdFor,
  normaliseText,
  quarantine,
  unstorableDetail,
  unstorableField,
  UNSTORABLE_TEXT,
  type EntryRecord,
  type ImportItem,
  type PatientRef,
  type SourceOrganisation,
} from './records';

const HPR = 'urn:oid:2.16.578.1.12.4.1.4.4';
const EMPLOYEE = 'urn:example:trondheim-kommune:ansattnummer';
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const DNR = 'urn:oid:2.16.578.1.12.4.1.4.2';
/**
 * A person's help numbers as HL7 Norway's no-basis-Patient (hl7.fhir.no.basis) identifies them:
 * - FH-nummer (felles hjelpenummer, given by Norsk helsenett): slice FHN, system
 *   urn:oid:2.16.578.1.12.4.1.4.3 (NamingSystem no-basis-felleshjelpenummer, its preferred OID).
 * - H-nummer (virksomhetsinternt hjelpenummer): slice HNR, no national system (each
 *   organisation's own series); known by its type, code HNR of Volven 8327 "Offisiell
 *   personidentifikasjon" (urn:oid:2.16.578.1.12.4.1.1.8327), with a mandatory assigner. Read
 *   by that type whatever its system (the profile fixes "HNR"; an organisation may send its own
 *   series' OID, not known here). Its assigner is read too (assignerKey): the number is unique
 *   within the assigning organisation only, and HP is shared by several.
 * Read after the fødselsnummer and the D-number (lib/national-id.ts: the help numbers are given
 * when those are not known). Before (task identity, stop 34) only FNR and DNR were read: a
 * Patient known by either help number was imported with no identifier.
 */
const FHN = 'urn:oid:2.16.578.1.12.4.1.4.3';
const PERSON_ID_TYPES = 'urn:oid:2.16.578.1.12.4.1.1.8327';
const MIGRATION_TAG = 'urn:example:migrering';

export const HP_FILES = [
  'Practitioner',
  'Patient',
  'RelatedPerson',
  'Encounter',
  'DocumentReference',
] as const;

const isoWithOffset = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be ISO 8601 with an offset',
  )
  // A day and an hour that exist: Date.parse takes 2023-02-30T10:00 for 2 March, PostgreSQL
  // refused the text and the whole import failed ("date/time field value out of range"), the
  // other records unread; 24:00 was stored as the next day (review s39).
  .refine(isoTimeExists, 'is not a real date and time');
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
    'is not a real date',
  );
/**
 * A FHIR `dateTime` read to the day: ISO 8601 with an offset, or a date alone (FHIR R4 allows
 * `YYYY-MM-DD`; a date of death is often known to the day only). Review s33: a Patient whose
 * `deceasedDateTime` was a date was quarantined, and every note of the patient with it.
 */
const dateTimeOrDate = z.union([date, isoWithOffset]);
const identifier = z.object({
  system: z.string().optional(),
  value: z.string(),
  type: z
    .object({
      coding: z.array(z.object({ system: z.string().optional(), code: z.string().optional() })).optional(),
    })
    .optional(),
  // The organisation that gave the identifier (a FHIR Reference): read for an H-nummer only
  // (assignerKey), leniently: a malformed one never quarantined a resource before it was read.
  assigner: z.unknown().optional(),
});
const name = z.object({ family: z.string().optional(), given: z.array(z.string()).optional() });
const ref = (type: string) =>
  z.object({ reference: z.string().regex(new RegExp(`^${type}/[^/]+$`), `must reference a ${type}`) });

const Practitioner = z.object({
  resourceType: z.literal('Practitioner'),
  id: z.string().min(1),
  identifier: z.array(identifier).default([]),
  name: z.array(name).default([]),
  qualification: z.array(z.object({ code: z.object({ text: z.string().optional() }) })).optional(),
});
const Patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().min(1),
  // Which of two lines of one Patient in one export is the current statement (writer.ts
  // ExportDuplicates statementOf), and whether it is older than the statement stored
  // (writePatients); read leniently as a note's (sourceVersionOf).
  meta: z.object({ versionId: z.unknown().optional(), lastUpdated: z.unknown().optional() }).optional(),
  identifier: z.array(identifier).min(1),
  name: z.array(name).min(1),
  gender: z.string().optional(),
  birthDate: date.optional(),
  deceasedDateTime: dateTimeOrDate.optional(),
});
const RelatedPerson = z.object({
  resourceType: z.literal('RelatedPerson'),
  id: z.string().min(1),
  patient: ref('Patient'),
  identifier: z.array(identifier).optional(),
  name: z.array(name).default([]),
  relationship: z
    .array(
      z.object({
        coding: z.array(z.object({ system: z.string().optional(), code: z.string() })).default([]),
        text: z.string().optional(),
      }),
    )
    .default([]),
  active: z.boolean().optional(),
  period: z.object({ start: isoWithOffset.optional(), end: isoWithOffset.optional() }).optional(),
});
/** Enhetsregisteret's organisasjonsnummer (FHIR identifier system, Norwegian OID). */
const ORGANISATION_NUMBER = 'urn:oid:2.16.578.1.12.4.1.4.101';
const organisationRef = z
  .object({
    reference: z.string().optional(),
    identifier: identifier.optional(),
    display: z.string().optional(),
  })
  .optional();

/** The organisation a custodian / serviceProvider reference names: its organisasjonsnummer and name. */
function organisationOf(r: z.infer<typeof organisationRef>): SourceOrganisation | null {
  if (!r) return null;
  const number =
    r.identifier?.system === ORGANISATION_NUMBER && /^\d{9}$/.test(r.identifier.value.trim())
      ? r.identifier.value.trim()
      : null;
  const name = r.display?.trim() || null;
  return number || name ? { number, name } : null;
}

const Encounter = z.object({
  resourceType: z.literal('Encounter'),
  id: z.string().min(1),
  subject: ref('Patient'),
  class: z.object({ code: z.string() }).optional(),
  serviceType: z.object({ text: z.string() }),
  participant: z.array(z.object({ individual: ref('Practitioner').optional() })).optional(),
  period: z.object({ start: isoWithOffset, end: isoWithOffset.optional() }),
  location: z.array(z.object({ location: z.object({ display: z.string().optional() }) })).optional(),
  serviceProvider: organisationRef,
});
const DocumentReference = z.object({
  resourceType: z.literal('DocumentReference'),
  id: z.string().min(1),
  meta: z
    .object({
      tag: z.array(z.object({ system: z.string(), code: z.string() })).optional(),
      // Which export of the note is newer (writer.ts step 0a). Read leniently: a malformed one
      // was never a reason to quarantine a note, and is left out (sourceVersionOf).
      versionId: z.unknown().optional(),
      lastUpdated: z.unknown().optional(),
    })
    .optional(),
  identifier: z.array(identifier).optional(),
  status: z.enum(['current', 'superseded']),
  docStatus: z.string().optional(),
  type: z.object({ text: z.string().min(1) }),
  category: z.array(z.object({ text: z.string() })).optional(),
  subject: ref('Patient'),
  date: isoWithOffset,
  author: z
    .array(
      z.object({
        reference: z.string().optional(),
        identifier: identifier.optional(),
        display: z.string().optional(),
      }),
    )
    .optional(),
  description: z.string().optional(),
  custodian: organisationRef,
  relatesTo: z.array(z.object({ code: z.string(), target: ref('DocumentReference') })).optional(),
  content: z
    .array(
      z.object({ attachment: z.object({ contentType: z.string().optional(), data: z.string().min(1) }) }),
    )
    .min(1),
  context: z
    .object({
      encounter: z.array(ref('Encounter')).optional(),
      period: z.object({ start: isoWithOffset.optional(), end: isoWithOffset.optional() }).optional(),
    })
    .optional(),
});

const refId = (r: { reference: string }) => r.reference.split('/')[1]!;

type Identifier = z.infer<typeof identifier>;
const isHnr = (i: Identifier) =>
  i.type?.coding?.some((c) => c.system === PERSON_ID_TYPES && c.code === 'HNR') ?? false;

/**
 * The organisation that gave an H-nummer, from its Identifier.assigner (a FHIR Reference), as
 * the key the patient id is derived from (records.ts patientIdFor; pasientjournalloven § 22,
 * helsepersonelloven § 21: the number is unique within its organisation's series only, and HP
 * is shared by hospitals and municipalities). The most stable name present: the organisation's
 * identifier (`enh:<organisasjonsnummer>` under Enhetsregisteret's system, else
 * `id:<system>|<value>`), else its `reference`, else its `display` (whitespace collapsed). Null
 * when none is present or the assigner is not a Reference: the number then names no
 * organisation, and the record is keyed by the Patient's id, never merged by the number. One
 * organisation named one way in one export and another way in the next gives two records of one
 * person (an archivist may link them), never one record of two.
 */
function assignerKey(assigner: unknown): string | null {
  if (!assigner || typeof assigner !== 'object') return null;
  const a = assigner as { identifier?: unknown; reference?: unknown; display?: unknown };
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().replace(/\s+/g, ' ') : null);
  if (a.identifier && typeof a.identifier === 'object') {
    const i = a.identifier as { system?: unknown; value?: unknown };
    const value = text(i.value);
    const system = text(i.system);
    if (value) return system === ORGANISATION_NUMBER ? `enh:${value}` : `id:${system ?? ''}|${value}`;
  }
  const reference = text(a.reference);
  if (reference) return `ref:${reference}`;
  const display = text(a.display);
  return display ? `display:${display}` : null;
}

/**
 * A Patient's person identifier (see FHN above): the fødselsnummer, else the D-number, else the
 * FH-nummer, else the H-nummer (with its assigner, assignerKey); with what its system says it
 * is, so a value that is another kind is refused (personIdOf), or null when the Patient has none
 * of them.
 */
function personIdentifier(
  ids: Identifier[],
): { value: string; says: 'fh-nummer' | 'h-nummer' | null; assigner?: string | null } | null {
  const nid = idOf(ids, FNR) ?? idOf(ids, DNR);
  if (nid) return { value: nid, says: null };
  const fh = idOf(ids, FHN);
  if (fh) return { value: fh, says: 'fh-nummer' };
  const h = ids.find(isHnr);
  return h ? { value: h.value, says: 'h-nummer', assigner: assignerKey(h.assigner) } : null;
}
const idOf = (ids: { system?: string; value: string }[] | undefined, system: string) =>
  ids?.find((i) => i.system === system)?.value ?? null;

function fromBase64Utf8(data: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(Buffer.from(data, 'base64'));
  } catch {
    return null;
  }
}

/**
 * A DocumentReference's or Patient's meta.versionId (FHIR id: a string; a number is taken as written) and
 * meta.lastUpdated (an instant with an offset): null when absent or not usable.
 */
function sourceVersionOf(meta: { versionId?: unknown; lastUpdated?: unknown } | undefined): {
  sourceVersion: string | null;
  sourceUpdatedAt: string | null;
} {
  const v = meta?.versionId;
  const lu = meta?.lastUpdated;
  return {
    sourceVersion:
      (typeof v === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(v)) ||
      (typeof v === 'number' && Number.isSafeInteger(v))
        ? String(v)
        : null,
    sourceUpdatedAt: typeof lu === 'string' && isoWithOffset.safeParse(lu).success ? lu : null,
  };
}

/**
 * The note a DocumentReference line is a version of, read from the line as far as it reads
 * (its `id`, or the legacy id of a migrated copy): a line quarantined for any reason still
 * holds the note's text, so it names the note and loses its bytes when the note is deleted
 * (helsepersonelloven § 43, mutations.ts removeQuarantinedLines; found after review s30: only
 * three reasons named it, and a line quarantined as `invalid-resource`, `encoding`,
 * `unstorable-text` or `unknown-patient` kept the deleted text). Undefined when no id reads.
 */
export function noteIdOfLine(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const d = json as {
    resourceType?: unknown;
    id?: unknown;
    meta?: { tag?: unknown };
    identifier?: unknown;
  };
  if (d.resourceType !== 'DocumentReference' || typeof d.id !== 'string' || !d.id) return undefined;
  const tags = Array.isArray(d.meta?.tag) ? (d.meta.tag as { system?: unknown; code?: unknown }[]) : [];
  const code = tags.find((t) => t?.system === MIGRATION_TAG)?.code;
  const legacy = code === 'gerica' ? 'GERICA' : code === 'profil' ? 'PROFIL' : null;
  if (legacy) {
    const ids = Array.isArray(d.identifier) ? (d.identifier as { system?: unknown; value?: unknown }[]) : [];
    const legacyId = ids.find((i) => i?.system === `${MIGRATION_TAG}:${String(code)}`)?.value;
    if (typeof legacyId === 'string' && legacyId) return entryIdFor(legacy, legacyId);
  }
  return entryIdFor('HELSEPLATTFORMEN', d.id);
}

/**
 * `raw`: the line's bytes as read, what a record quarantined here keeps (arkivlova § 5,
 * pasientjournalloven § 22; review s33: `JSON.stringify` of the parsed line was kept, without
 * its spacing, escapes and number forms, and with one value of a key written twice).
 */
function convert(resourceType: string, json: unknown, line: number, raw: Buffer): ImportItem[] {
  const issues = (e: z.ZodError) =>
    e.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
  const noteId = noteIdOfLine(json);
  const bad = (reason: string, detail: string) => [
    { ...quarantine(reason, detail, raw, line, line), ...(noteId ? { entryId: noteId } : {}) },
  ];
  switch (resourceType) {
    case 'Practitioner': {
      const r = Practitioner.safeParse(json);
      if (!r.success) return bad('invalid-resource', issues(r.error));
      const p = r.data;
      return [
        {
          kind: 'practitioner',
          id: p.id,
          hprNumber: idOf(p.identifier, HPR),
          employeeNumber: idOf(p.identifier, EMPLOYEE),
          familyName: p.name[0]?.family ?? null,
          givenName: p.name[0]?.given?.join(' ') ?? null,
          profession: p.qualification?.[0]?.code.text ?? null,
          sourceSystem: 'HELSEPLATTFORMEN',
        },
      ];
    }
    case 'Patient': {
      const r = Patient.safeParse(json);
      if (!r.success) return bad('invalid-resource', issues(r.error));
      const p = r.data;
      // The fødselsnummer when the patient has one, else the D-number: a person given a
      // fødselsnummer keeps the D-number among its identifiers (often first, `use: old`), and
      // keyed by it the person's HP record was another than their Gerica and Profil records
      // (review s33; the patient id is derived from this number, records.ts patientIdFor).
      const pid = personIdentifier(p.identifier);
      const nid = pid?.value ?? null;
      let local = false;
      if (pid) {
        const parsed = parsePersonId(pid.value);
        if ('error' in parsed) return bad('national-id', parsed.error);
        if (pid.says && parsed.kind !== pid.says)
          return bad(
            'national-id',
            pid.says === 'fh-nummer'
              ? `identifier of system ${FHN} (FH-nummer) is not an FH-nummer (first digit 8 or 9): it reads as a ${parsed.kind}; send it under its own system`
              : `identifier of type ${PERSON_ID_TYPES}#HNR (H-nummer) is not an H-nummer (month + 40): it reads as a ${parsed.kind}; send it under its own system`,
          );
        // An H-nummer is its assigner's number only (lib/national-id.ts; records.ts patientIdFor).
        local = parsed.kind === 'h-nummer';
      }
      return [
        {
          kind: 'patient',
          sourceSystem: 'HELSEPLATTFORMEN',
          localId: p.id,
          nationalId: local ? null : nid,
          helpNumber: local ? nid : null,
          helpNumberAssigner: local ? (pid?.assigner ?? null) : null,
          familyName: p.name[0]!.family ?? '',
          givenName: p.name[0]!.given?.join(' ') ?? '',
          birthDate: p.birthDate ?? null,
          gender: p.gender ?? null,
          // A date alone is the Oslo date of death as written; an instant, its Oslo date.
          deathDate: !p.deceasedDateTime
            ? null
            : p.deceasedDateTime.includes('T')
              ? osloDate(new Date(p.deceasedDateTime))
              : p.deceasedDateTime,
          deathDateCertain: p.deceasedDateTime ? true : null,
          ...sourceVersionOf(p.meta),
        },
      ];
    }
    case 'RelatedPerson': {
      const r = RelatedPerson.safeParse(json);
      if (!r.success) return bad('invalid-resource', issues(r.error));
      const p = r.data;
      const codings = p.relationship.flatMap((x) => x.coding);
      return [
        {
          kind: 'relative',
          sourceSystem: 'HELSEPLATTFORMEN',
          sourceId: p.id,
          patient: { sourceSystem: 'HELSEPLATTFORMEN', localId: refId(p.patient) },
          nationalId: idOf(p.identifier, FNR) ?? idOf(p.identifier, DNR),
          name: [p.name[0]?.given?.join(' '), p.name[0]?.family].filter(Boolean).join(' ') || '(uten navn)',
          relationshipCodes: codings.map((c) => c.code),
          relationshipText: p.relationship[0]?.text ?? null,
          nearestRelative: codings.some((c) => c.system?.endsWith('v2-0131') && c.code === 'N'),
          registeredAt: p.period?.start ?? null,
          // An ended registration (an ex-spouse, a nearest relative the patient replaced) is no
          // nearest relative after it ended (pbrl. § 5-1 femte ledd with § 1-3 b; review s43).
          active: p.active ?? null,
          periodEnd: p.period?.end ?? null,
        },
      ];
    }
    case 'Encounter': {
      const r = Encounter.safeParse(json);
      if (!r.success) return bad('invalid-resource', issues(r.error));
      const e = r.data;
      return [
        {
          kind: 'contact',
          sourceSystem: 'HELSEPLATTFORMEN',
          sourceId: e.id,
          patient: { sourceSystem: 'HELSEPLATTFORMEN', localId: refId(e.subject) },
          service: e.serviceType.text,
          contactClass: e.class?.code ?? null,
          periodStart: e.period.start,
          periodEnd: e.period.end ?? null,
          location: e.location?.[0]?.location.display ?? null,
          practitionerIds: (e.participant ?? []).flatMap((x) => (x.individual ? [refId(x.individual)] : [])),
          organisation: organisationOf(e.serviceProvider),
        },
      ];
    }
    case 'DocumentReference': {
      const r = DocumentReference.safeParse(json);
      if (!r.success) return bad('invalid-resource', issues(r.error));
      const d = r.data;
      const text = fromBase64Utf8(d.content[0]!.attachment.data);
      if (text === null) return bad('encoding', 'attachment data is not base64 of UTF-8 text');
      const patient: PatientRef = { sourceSystem: 'HELSEPLATTFORMEN', localId: refId(d.subject) };
      const migration = d.meta?.tag?.find((t) => t.system === MIGRATION_TAG);
      let sourceSystem: SourceSystem = 'HELSEPLATTFORMEN';
      let sourceId = d.id;
      let copy: { sourceSystem: SourceSystem; sourceId: string } | null = null;
      if (migration) {
        const legacy = migration.code === 'gerica' ? 'GERICA' : migration.code === 'profil' ? 'PROFIL' : null;
        const legacyId = legacy ? idOf(d.identifier, `${MIGRATION_TAG}:${migration.code}`) : null;
        if (!legacy || !legacyId)
          return bad(
            'invalid-resource',
            `migrated document without a known legacy id (tag ${migration.code})`,
          );
        sourceSystem = legacy;
        sourceId = legacyId;
        copy = { sourceSystem: 'HELSEPLATTFORMEN', sourceId: d.id };
      }
      const author = d.author?.[0];
      const replaces = d.relatesTo?.find((x) => x.code === 'replaces');
      const entry: EntryRecord = {
        kind: 'entry',
        sourceSystem,
        sourceId,
        patient,
        type: d.type.text,
        service: d.category?.[0]?.text ?? null,
        authorName: author?.display ?? null,
        authorHpr: author?.identifier?.system === HPR ? author.identifier.value : null,
        authorPractitionerId: author?.reference?.startsWith('Practitioner/')
          ? author.reference.split('/')[1]!
          : null,
        writtenAt: d.date,
        text: normaliseText(text),
        status: d.status,
        replacesSourceId: replaces ? refId(replaces.target) : null,
        correctionReason: replaces ? (d.description ?? null) : null,
        careContactSourceId: d.context?.encounter?.[0] ? refId(d.context.encounter[0]) : null,
        copy,
        careStart: d.context?.period?.start ?? null,
        careEnd: d.context?.period?.end ?? null,
        amended: d.docStatus === 'amended',
        organisation: organisationOf(d.custodian),
        ...sourceVersionOf(d.meta),
      };
      // A Vedtak written in HP is also a service decision (the note stays a journal entry).
      if (d.type.text !== 'Vedtak' || migration || d.status !== 'current') return [entry];
      const read = readHpDecision(entry.text);
      if (!read.outcome)
        return [
          entry,
          {
            ...quarantine(
              'decision-outcome',
              `Vedtak ${d.id}: the text says neither avslår/avslag, delvis nor innvilger/tildeles; stored as a journal entry only`,
              raw,
              line,
              line,
            ),
            // The note's line: its bytes go when the note is deleted (helsepersonelloven § 43).
            entryId: entryIdFor(entry.sourceSystem, entry.sourceId),
          },
        ];
      return [
        entry,
        {
          kind: 'decision',
          sourceSystem: 'HELSEPLATTFORMEN',
          sourceId: d.id,
          patient,
          decisionType: read.decisionType,
          service: read.service,
          legalBasis: read.legalBasis,
          decidedOn: osloDate(new Date(d.date)),
          decidedAt: d.date,
          validFrom: null,
          validTo: null,
          outcome: read.outcome.outcome,
          outcomeBasis: read.outcome.basis,
          justification: read.justification,
          text: entry.text,
          authorName: entry.authorName,
          authorHpr: entry.authorHpr,
          authorPractitionerId: entry.authorPractitionerId,
          unit: entry.service,
          citedAssessmentDate: read.cited?.date ?? null,
          citedAssessmentText: read.cited?.words ?? null,
          journalEntry: { sourceSystem: 'HELSEPLATTFORMEN', sourceId: d.id },
          sourceVersion: entry.sourceVersion ?? null,
          sourceUpdatedAt: entry.sourceUpdatedAt ?? null,
        },
      ];
    }
    default:
      return bad('unsupported-resource', `resourceType ${resourceType} is not imported`);
  }
}

/** The NDJSON files of an HP export folder, in the order their references need. */
export function hpFiles(path: string): { resourceType: string; file: string }[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
  if (statSync(path).isFile()) {
    const m = /([A-Za-z]+)\.ndjson$/.exec(path);
    if (!m) throw new Error(`${path}: expected a <ResourceType>.ndjson file or an export folder`);
    return [{ resourceType: m[1]!, file: path }];
  }
  const files = HP_FILES.map((t) => ({ resourceType: t, file: join(path, `${t}.ndjson`) })).filter((f) =>
    existsSync(f.file),
  );
  if (!files.length) throw new Error(`${path}: no FHIR NDJSON files (${HP_FILES.join(', ')}) in this folder`);
  return files;
}

/**
 * The export's own time: manifest.json's `transactionTime` (FHIR Bulk Data; fixtures README § 1),
 * in the export folder, when it is a time with an offset; else null (a single file, no manifest,
 * or one that cannot be read: the export is applied as before). What an older export is told by
 * where a resource has no meta (a RelatedPerson: writer.ts writeRelatives; review s45).
 */
export function hpExportTime(path: string): string | null {
  const manifest = statSync(path).isDirectory() ? join(path, 'manifest.json') : null;
  if (!manifest || !existsSync(manifest)) return null;
  try {
    const t = (JSON.parse(readFileSync(manifest, 'utf8')) as { transactionTime?: unknown }).transactionTime;
    return isoWithOffset.safeParse(t).success ? (t as string) : null;
  } catch {
    return null;
  }
}

export async function* readHp(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
): AsyncGenerator<ImportItem & { file?: string }> {
  const maxBytes = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const exportTime = hpExportTime(path);
  for (const { resourceType, file: filePath } of hpFiles(path)) {
    // Quarantine rows name the file, not the folder it was read from: with the path, the same
    // export imported again from another folder (a copy, a new mount) added each quarantined
    // line again, and quarantine counts doubled (review s41). Gerica and Profil do the same.
    const file = basename(filePath);
    for await (const l of readLines(filePath, { mode: 'lf', maxBytes, onBytes })) {
      const line = l.line;
      if (l.oversized) {
        // Quarantined with its first bytes; the import goes on with the next line.
        yield {
          ...quarantine(
            'record-size',
            `line is ${l.size} bytes, over the limit of ${maxBytes}; its first ${l.head.length} bytes are kept`,
            l.head,
            line,
            line,
          ),
          file,
        };
        continue;
      }
      const text = decodeUtf8(l.bytes);
      if (text === null) {
        yield { ...quarantine('encoding', 'line is not valid UTF-8', l.bytes, line, line), file };
        continue;
      }
      if (!text.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        yield { ...quarantine('invalid-json', (err as Error).message, l.bytes, line, line), file };
        continue;
      }
      const type = (json as { resourceType?: unknown }).resourceType;
      if (type !== resourceType) {
        yield {
          ...quarantine(
            'invalid-resource',
            `resourceType ${String(type)} in ${resourceType}.ndjson`,
            l.bytes,
            line,
            line,
          ),
          file,
        };
        continue;
      }
      const items = convert(resourceType, json, line, l.bytes);
      // Text PostgreSQL cannot store (U+0000, a lone surrogate): the line is quarantined whole.
      const unstorable = unstorableField(items);
      if (unstorable !== null) {
        yield {
          ...quarantine(
            UNSTORABLE_TEXT,
            unstorableDetail(`${resourceType} ${unstorable}`),
            l.bytes,
            line,
            line,
          ),
          ...(noteIdOfLine(json) ? { entryId: noteIdOfLine(json) } : {}),
          file,
        };
        continue;
      }
      for (const item of items)
        // A record of a patient carries its line: quarantined with it if the patient is unknown;
        // and a Patient, quarantined with it when it is older than the statement stored.
        yield item.kind === 'quarantine'
          ? { ...item, file }
          : 'patient' in item || item.kind === 'practitioner' || item.kind === 'patient'
            ? {
                ...item,
                source: { raw: l.bytes, line, file },
                ...(item.kind === 'relative' || item.kind === 'contact' ? { sourceAsOf: exportTime } : {}),
              }
            : item;
    }
  }
}
