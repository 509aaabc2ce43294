/**
 * What the journal importers produce: source records normalised to one shape, or a
 * quarantine item for a record that cannot be accepted. Readers stream these; the
 * writer (writer.ts) stores them in batches.
 */
import { createHash } from 'node:crypto';
import { unstorableAt } from '../../../lib/storable-text';
import type { SourceSystem } from '../store';

export interface PatientRef {
  sourceSystem: SourceSystem;
  localId: string;
}

/**
 * Where a record came from, as the reader saw it: its bytes, line and file. A record the
 * writer cannot accept (its patient was never imported) is quarantined with these bytes, not
 * a re-serialisation of what the reader made of them (found in review: an HP note lost its
 * attachment, identifiers and line endings in quarantine). Set by the HP and Profil readers.
 */
export interface SourceBytes {
  raw: Buffer;
  line: number;
  file?: string;
  /** The record's number as its reader counts (Profil, Gerica); HP's is its line. */
  recordNo?: number;
}

export interface PatientRecord extends PatientRef {
  kind: 'patient';
  /** Fødselsnummer, D-nummer or FH-nummer: the person in every source. */
  nationalId: string | null;
  /**
   * An H-nummer (hjelpenummer, lib/national-id.ts): one institution's number for the person,
   * meaningful within this source only (journal migration 021); nationalId is then null.
   */
  helpNumber?: string | null;
  /**
   * HP only: the organisation that gave the H-nummer (FHIR Identifier.assigner, mandatory in
   * HL7 Norway no-basis-Patient slice HNR), as hp.ts assignerKey names it; null when the Patient
   * names none. Helseplattformen is one platform shared by hospitals and municipalities, so the
   * number is unique within its assigner only (patientIdFor). Gerica and Profil: not set.
   */
  helpNumberAssigner?: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  gender: string | null;
  deathDate: string | null;
  deathDateCertain: boolean | null;
  /**
   * HP meta.lastUpdated (ISO 8601 with offset) and meta.versionId, when the Patient gives them:
   * which of two statements of one Patient in one export is the current one (writer.ts
   * ExportDuplicates statementOf), and whether a statement is older than the one stored
   * (writePatients, migration 033). Not part of the statement kept (source_details). A Profil
   * klient's sourceUpdatedAt is its export's time (`eksportert`; profil.ts, review s45).
   */
  sourceUpdatedAt?: string | null;
  sourceVersion?: string | null;
  /** The source bytes (HP): what quarantine keeps of a statement older than the one stored. */
  source?: SourceBytes;
}

export interface PractitionerRecord {
  kind: 'practitioner';
  id: string;
  hprNumber: string | null;
  employeeNumber: string | null;
  familyName: string | null;
  givenName: string | null;
  profession: string | null;
  sourceSystem: SourceSystem;
  /** The source bytes (HP): what quarantine keeps if the record cannot be stored (one sent twice). */
  source?: SourceBytes;
}

export interface RelatedPersonRecord {
  kind: 'relative';
  sourceSystem: SourceSystem;
  sourceId: string;
  patient: PatientRef;
  nationalId: string | null;
  name: string;
  relationshipCodes: string[];
  relationshipText: string | null;
  nearestRelative: boolean;
  registeredAt: string | null;
  /** HP RelatedPerson.active: false when the registration has ended; null when not sent. */
  active: boolean | null;
  /** HP RelatedPerson.period.end (ISO 8601 with offset): when the registration ended. */
  periodEnd: string | null;
  /**
   * The HP export's own time (manifest.json `transactionTime`, ISO 8601 with offset), when it
   * gives one: a RelatedPerson has no meta, so this tells an older export from a newer one
   * (writer.ts writeRelatives, migration 038; review s45).
   */
  sourceAsOf?: string | null;
  /** The source bytes (HP): what quarantine keeps if the record cannot be stored. */
  source?: SourceBytes;
}

export interface CareContactRecord {
  kind: 'contact';
  sourceSystem: SourceSystem;
  sourceId: string;
  patient: PatientRef;
  service: string;
  contactClass: string | null;
  periodStart: string;
  periodEnd: string | null;
  location: string | null;
  practitionerIds: string[];
  /** HP Encounter.serviceProvider: the organisation responsible (migration 019). */
  organisation?: SourceOrganisation | null;
  /** The source bytes (HP): what quarantine keeps if the record cannot be stored. */
  source?: SourceBytes;
  /** The HP export's own time (manifest.json `transactionTime`), as RelatedPersonRecord.sourceAsOf (migration 039). */
  sourceAsOf?: string | null;
}

/** The organisation that holds a record, as the source names it (journal migration 019). */
export interface SourceOrganisation {
  /** organisasjonsnummer (Enhetsregisteret, 9 digits), when the source gives it. */
  number: string | null;
  name: string | null;
}

export interface EntryRecord {
  kind: 'entry';
  /** HP DocumentReference.custodian: the organisation that keeps the note (migration 019). */
  organisation?: SourceOrganisation | null;
  /** The entry's natural key: for an HP migrated copy, the legacy original's system and id. */
  sourceSystem: SourceSystem;
  sourceId: string;
  patient: PatientRef;
  type: string;
  service: string | null;
  authorName: string | null;
  authorHpr: string | null;
  authorPractitionerId: string | null;
  /** ISO 8601 with offset. */
  writtenAt: string;
  /**
   * How a local time without offset (Gerica, Profil) in a daylight-saving gap or overlap was
   * read (lib/oslo-time.ts, the coercion importer's rule; migration 020). Empty otherwise.
   */
  timeNotes?: string[];
  text: string;
  status: 'current' | 'superseded';
  replacesSourceId: string | null;
  /**
   * The source system of the document `replacesSourceId` names when it is not this note's own
   * (journal migration 036): set by the writer when an HP document replaces HP's migrated copy of
   * a legacy note, resolved to the legacy original (writer.ts step 0d). Unset: the note's own.
   */
  replacesSourceSystem?: SourceSystem | null;
  correctionReason: string | null;
  careContactSourceId: string | null;
  /** Set on an HP migrated copy: where this copy itself lives. */
  copy: { sourceSystem: SourceSystem; sourceId: string } | null;
  /** HP context.period: the care the note documents (ISO 8601 with offset). */
  careStart?: string | null;
  careEnd?: string | null;
  /** HP docStatus amended: `writtenAt` is the time of correction, the care period dates the note. */
  amended?: boolean;
  /**
   * HP meta.versionId and meta.lastUpdated (ISO 8601 with offset): which of two exports of a
   * note is the newer. An export older than the version stored is not applied (writer.ts).
   * A Profil note's sourceUpdatedAt is its export's time (`eksportert`; profil.ts, review s45).
   */
  sourceVersion?: string | null;
  sourceUpdatedAt?: string | null;
  /** The source bytes (HP): what quarantine keeps if the record cannot be stored. */
  source?: SourceBytes;
}

/** Vedtak: a service decision (allocation, long-term care, refusal); not a coercion decision. */
export interface DecisionRecord {
  kind: 'decision';
  sourceSystem: SourceSystem;
  sourceId: string;
  patient: PatientRef;
  decisionType: string;
  service: string | null;
  legalBasis: string | null;
  /** Local date YYYY-MM-DD. */
  decidedOn: string;
  /** ISO 8601 with offset, when the source has a time. */
  decidedAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  outcome: 'GRANTED' | 'PARTLY' | 'REFUSED';
  outcomeBasis: string;
  justification: string | null;
  text: string | null;
  authorName: string | null;
  authorHpr: string | null;
  authorPractitionerId: string | null;
  unit: string | null;
  citedAssessmentDate: string | null;
  citedAssessmentText: string | null;
  /** The HP document is also stored as a journal entry: its natural key. */
  journalEntry: { sourceSystem: SourceSystem; sourceId: string } | null;
  /** The HP document's meta.versionId and meta.lastUpdated (EntryRecord): which of two in one export is the newer. */
  sourceVersion?: string | null;
  sourceUpdatedAt?: string | null;
  /** The source bytes (HP): what quarantine keeps if the record cannot be stored. */
  source?: SourceBytes;
}

export interface QuarantineItem {
  kind: 'quarantine';
  line: number | null;
  recordNo: number | null;
  reason: string;
  detail: string;
  raw: Buffer;
  /**
   * The note whose source line this is, when the line is a version of a note (HP
   * `older-source-version`, `care-contact-patient`, `decision-outcome`, migration 013; any HP
   * DocumentReference line whose id reads, and a note of any source whose patient is unknown,
   * migration 016): deleting the note removes the bytes (helsepersonelloven § 43,
   * mutations.ts removeQuarantinedLines).
   */
  entryId?: string;
  /**
   * The patient's record in the source system, when the line's own bytes hold no patient field
   * (a Profil notat: its klient is the element around it; journal migration 045, task s47):
   * `Patient.quarantinedRecords` lists the line under the patient with that identity. A record
   * reference, never a national id.
   */
  owner?: PatientRef;
}

export type ImportItem =
  | PatientRecord
  | PractitionerRecord
  | RelatedPersonRecord
  | CareContactRecord
  | EntryRecord
  | DecisionRecord
  | QuarantineItem;

/**
 * Deterministic patient id: by national id when there is one, so every source lands on the same
 * person; by an H-nummer within the organisation that gave it (pasientjournalloven § 22,
 * helsepersonelloven § 21: one organisation's number for a person it cannot otherwise identify;
 * journal migration 021); else by the source key.
 * - Gerica and Profil: (source system, H-nummer). One installation is one organisation's system
 *   (one municipality's Gerica, one organisation's Profil), whose series gives a number to one
 *   person only, so two local ids of one number there are one person; two sources' equal numbers
 *   are two persons.
 * - Helseplattformen: (HELSEPLATTFORMEN, assigner, H-nummer). HP is one platform shared by St.
 *   Olavs hospital HF and the municipalities, each giving H-numbers from its own series (the
 *   no-basis-Patient HNR slice's mandatory assigner): two organisations may give one number to two
 *   people, who were one record under (HELSEPLATTFORMEN, H-nummer), each reading the other's
 *   notes (helsepersonelloven § 39: a journal for each patient, holding that patient's information;
 *   found in review). Without an assigner the number names no organisation: the record is keyed
 *   by the source's local id, never merged by the number (two records of one person can be linked
 *   by an archivist; a record of two persons cannot be split).
 * A record already stored keeps its id (writer.ts helpNumberRecords: its local id names it).
 */
export function patientIdFor(
  nationalId: string | null,
  ref: PatientRef,
  helpNumber?: string | null,
  helpNumberAssigner?: string | null,
): string {
  const hash = (key: string) => `pat-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  if (nationalId) return hash(`helsespor-person:${nationalId}`);
  if (helpNumber && ref.sourceSystem !== 'HELSEPLATTFORMEN')
    return hash(`helsespor-hnr:${ref.sourceSystem}:${helpNumber}`);
  if (helpNumber && helpNumberAssigner)
    return hash(`helsespor-hnr:${ref.sourceSystem}:${helpNumberAssigner}:${helpNumber}`);
  return `pat-${ref.sourceSystem.toLowerCase()}-${ref.localId}`;
}

const PREFIX: Record<SourceSystem, string> = { HELSEPLATTFORMEN: 'hp', GERICA: 'gerica', PROFIL: 'profil' };

/** Deterministic journal entry id from its natural key. */
export function entryIdFor(sourceSystem: SourceSystem, sourceId: string): string {
  return `je-${PREFIX[sourceSystem]}-${sourceId}`;
}

/** Deterministic service decision id from its natural key. */
export function decisionIdFor(sourceSystem: SourceSystem, sourceId: string): string {
  return `sd-${PREFIX[sourceSystem]}-${sourceId}`;
}

export function careContactIdFor(sourceSystem: SourceSystem, sourceId: string): string {
  return `cc-${PREFIX[sourceSystem]}-${sourceId}`;
}

/**
 * What decides whether a re-imported entry changed. Times are hashed as the instants they
 * name, however the export writes them: "2022-03-01T10:00:00+01:00" and "2022-03-01T09:00:00Z"
 * are one care start (found in review s30: a note was "updated" with an identical version, and
 * a note corrected here got a source conflict, each time an export wrote the offset another
 * way). `carePeriodAsWritten` gives the hash stored before that fix (the care period as
 * written), which the writer recognises and re-stamps (writer.ts step 0b).
 */
export function entryContentHash(
  e: Pick<EntryRecord, 'text' | 'writtenAt' | 'type' | 'status' | 'amended' | 'careStart' | 'careEnd'>,
  opts: { carePeriodAsWritten?: boolean } = {},
): string {
  const instant = (s: string | null | undefined) =>
    s == null ? null : opts.carePeriodAsWritten ? s : new Date(s).toISOString();
  const fields: unknown[] = [e.text, new Date(e.writtenAt).toISOString(), e.type, e.status];
  // The care period dates an amended note: a change to it is a change (other notes hash as before).
  if (e.amended) fields.push(instant(e.careStart), instant(e.careEnd));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

/** Line breaks normalised to LF, as HP did for migrated copies. */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function quarantine(
  reason: string,
  detail: string,
  raw: Buffer | string,
  line: number | null,
  recordNo: number | null,
): QuarantineItem {
  return {
    kind: 'quarantine',
    reason,
    detail,
    raw: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
    line,
    recordNo,
  };
}

/** The reason a source record is quarantined when it holds text PostgreSQL cannot store. */
export const UNSTORABLE_TEXT = 'unstorable-text';

/**
 * Where the first of a source record's items (not its quarantine items) holds U+0000 or an
 * unpaired surrogate, which no text or jsonb column can store (lib/storable-text.ts), as
 * `entry.text`, `decision.justification`; null when there is none. Such a record is quarantined
 * as UNSTORABLE_TEXT with its bytes, as they were received (arkivlova § 5, pasientjournalloven
 * § 22, as every quarantined record), all of its items with it (an HP Vedtak is a note and a
 * decision): stored, its batch's INSERT failed, and the import with it, on every run (found in
 * review s30), so nothing of the export after it could be imported.
 */
export function unstorableField(items: ImportItem[]): string | null {
  for (const i of items) {
    if (i.kind === 'quarantine') continue;
    const at = unstorableAt(i);
    if (at !== null) return `${i.kind}.${at}`;
  }
  return null;
}

/** The detail of an UNSTORABLE_TEXT quarantine: where, never the text. */
export const unstorableDetail = (where: string) =>
  `${where} holds U+0000 or an unpaired surrogate, which PostgreSQL cannot store`;
