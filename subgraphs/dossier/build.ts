/**
 * Builds a dossier: asks each owning subgraph for the person's records in the window (as the
 * caller: their policies refuse and their access logs record), maps every record to a
 * DossierItem, attaches the concepts' search matches, sorts one timeline and states
 * completeness per source system.
 */
import { GraphQLError } from 'graphql';
import { WindowError } from '../../lib/age-window';
import { osloDate, osloMidnight } from '../../lib/oslo-time';
import type { OwnerClient } from './client';
import type {
  Dossier,
  DossierConceptMatch,
  DossierItem,
  DossierItemKind,
  DossierSourceCompleteness,
  DossierSourceSystem,
  DossierWindow,
  DossierWindowInput,
} from './types';
import { resolveDossierWindow } from './window';
import { loadVocabulary, type Concept } from '../../search-index/vocabulary';
import { phraseRegex, proximityRegex } from '../../search-index/postgres';
import { conceptPartTerms, NEAR_IN_PARTS, nearPartContext } from '../../search-index/query';
import { decompounder } from '../../search-index/decompound';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export const MAX_CONCEPTS = 20;
const SEARCH_PAGE = 200;

// ---------------------------------------------------------------- owner queries

const PERSON = `query ($id: ID!) {
  patient(id: $id) {
    id birthDate personBirthDate nationalIds recordIds
    identities { sourceSystem localId }
    linkedPatients { patient { id birthDate identities { sourceSystem localId } } }
  }
}`;

/**
 * A decision's fields without its long texts (text, justification, citedAssessmentText, and its
 * earlier versions' text and justification): the dossier lists a person's decisions so, and
 * reads their texts apart (decisionsWhole, s47).
 */
export const DECISION_SHORT_FIELDS = `id decisionType service legalBasis decidedOn decidedAt validFrom validTo outcome outcomeBasis
  authorName author { name } unit citedAssessmentDate
  assessments { entry { id sourceSystem sourceId } basis } assessmentsNotShown journalEntry { id } sourceSystem sourceId file version
  history { version replacedAt replacedBy reason decisionType service legalBasis decidedOn validFrom validTo outcome
    outcomeBasis unit file }`;

/** The long texts of a decision, and of its earlier versions (by version). */
const DECISION_TEXTS = `id text justification citedAssessmentText history { version text justification }`;
const DECISION_TEXT_FIELDS = ['text', 'justification', 'citedAssessmentText'] as const;
const DECISION_VERSION_TEXT_FIELDS = ['text', 'justification'] as const;
/**
 * Decisions' texts asked of the person (`Patient.serviceDecisionsById`), as notes are
 * (entriesById): null for a decision no longer on the person's records (moved, helsepersonelloven
 * § 44). Fix FX-A 2: asked by decision id (`_entities` of ServiceDecision), a decision moved
 * between the listing and the text fetch was checked against its new patient: FORBIDDEN for the
 * whole dossier with a denied log row naming that person, or that person's text in this dossier.
 */
const decisionsQuery = (fields: string) =>
  `query ($r: [_Any!]!, $ids: [ID!]!) { _entities(representations: $r) { ... on Patient { serviceDecisionsById(ids: $ids) { ${fields} } } } }`;
const decisionHistoryPage = (field: string) =>
  `query ($r: [_Any!]!, $ids: [ID!]!, $first: Int!, $after: String) { _entities(representations: $r) { ... on Patient { serviceDecisionsById(ids: $ids) { history(first: $first, after: $after) { version ${field} } } } } }`;

export const ENTRY_FIELDS = `id type service authorName author { name } writtenAt careStart careEnd datedAt amended text
  sourceSystem sourceId provenance { sourceSystem sourceId kind }
  history { version text replacedAt replacedBy reason sourceId sourceSystem change datedOn }
  tombstone { deletedBy deletedAt legalBasis }`;

const JOURNAL = `query ($id: ID!, $from: String, $to: String) {
  patient(id: $id) {
    journalTimeline(from: $from, to: $to) { id datedAt sourceSystem deleted }
    careContacts(from: $from, to: $to) {
      contacts { id service contactClass start end location sourceSystem sourceId
        history { version replacedAt replacedBy reason service contactClass start end location } }
    }
    serviceDecisions(from: $from, to: $to) {
      decisions { ${DECISION_SHORT_FIELDS} }
    }
    quarantinedRecords { source file line reason }
  }
  recordPeriods { sourceSystem from to records }
}`;

/**
 * Notes by id for hydrate(), asked of the person (`Patient.entriesById`): the journal answers
 * null for a note no longer on the person's records (a note may have been moved since).
 */
const HYDRATE_ENTRIES = `query ($r: [_Any!]!, $ids: [ID!]!) { _entities(representations: $r) { ... on Patient { entriesById(ids: $ids) { ${ENTRY_FIELDS} } } } }`;

/** A note's earlier versions as ENTRY_FIELDS asks for them. */
const HISTORY_FIELDS = /history \{([^}]*)\}/.exec(ENTRY_FIELDS)![1]!;

/** One note without its earlier versions (a note too large with them: entryPaged). */
const HYDRATE_ENTRY_ALONE = `query ($r: [_Any!]!, $ids: [ID!]!) { _entities(representations: $r) { ... on Patient { entriesById(ids: $ids) { ${ENTRY_FIELDS.replace(/history \{[^}]*\}/, '')} } } } }`;

/** A page of one note's earlier versions (JournalEntry.history(first:, after:), stop 46). */
const HYDRATE_HISTORY_PAGE = `query ($r: [_Any!]!, $ids: [ID!]!, $first: Int!, $after: String) { _entities(representations: $r) { ... on Patient { entriesById(ids: $ids) { history(first: $first, after: $after) { ${HISTORY_FIELDS} } } } } }`;

/** Earlier versions asked for at a time when a note is paged; halved down to one while refused. */
const HISTORY_PAGE = 64;

const EXECUTION_FIELDS = `id measure start end durationMinutes executedByIds description alternativesTried reportedAt verdict verdictReason
      recordedDecisionId recordedLegalBasis decision { id } minutesOutside staffPresent staffingShortfall sourceSystem sourceId
      history { version replacedAt replacedBy reason measure start end durationMinutes executedByIds description
        alternativesTried reportedAt recordedDecisionId recordedLegalBasis }
      alsoRecordedAs { executionId sourceSystem sourceId start end markedBy markedAt reason }`;

/** Executions by id, whole, with their verdicts. */
const EXECUTIONS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CoercionExecution { ${EXECUTION_FIELDS} } } }`;

const COERCION = `query ($r: [_Any!]!, $from: String, $to: String) {
  _entities(representations: $r) { ... on Patient {
    coercionDecisions(from: $from, to: $to) {
      id legalBasis statute measures validFrom validTo lastValidDay lastValidDayNote decidedAt decidedBy approvedByStatsforvalterAt justification
      sourceSystem sourceId sources { system id file } problems discrepancies review { outcome reviewedAt office }
      approvalChanges { decidedBy body law bindsFrom outcome measures validTo reason recordedBy recordedAt
        laterSourceRevisions { version storedAt } }
      history { version replacedAt replacedBy reason legalBasis measures validFrom validTo periodLastDay decidedAt decidedBy
        approvedByStatsforvalterAt review { outcome reviewedAt office } justification }
    }
    coercionExecutions(from: $from, to: $to) { id start sourceSystem sameExecutionAs { executionId } }
    quarantinedCoercionRecords { sourceSystem }
  } }
}`;

export const ARCHIVE = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Patient {
    cases {
      id mappeId tittel saksdato saksstatus administrativEnhet saksansvarlig klasseId avsluttetDato
      history { version replacedAt replacedBy reason mappeId tittel saksdato saksstatus administrativEnhet saksansvarlig
        klasseId avsluttetDato }
      journalposter {
        id registreringsId journalpostnummer journalposttype journalstatus journaldato dokumentetsDato tittel
        history { version replacedAt replacedBy reason registreringsId journalposttype journalstatus journaldato
          dokumentetsDato tittel }
        korrespondanseparter { type name }
        documents { id tittel dokumenttype dokumentnummer format fileName size sha256 screened quarantined
          textExtraction { status reason pageCount pages { origin reason } } }
      }
    }
  } }
}`;

const COVERAGE = `query ($r: [_Any!]!, $from: String, $to: String) {
  _entities(representations: $r) { ... on Patient {
    searchCoverage(from: $from, to: $to) {
      inStep systems { sourceSystem kind records searchable indexed notSearchable { reason count } }
    }
  } }
}`;

// The concept rows search what each record says now and, for the callers whose policy searches
// them (a legal matter, case handling), what a note said before a correction or a later export
// changed it (the `earlier` expansions): in a lawsuit the question is what the record held at the
// time (helsepersonelloven § 42). Such a row says so (matchedIn EARLIER_VERSION) and its highlights
// are the earlier text's, which the item's provenance holds: never shown as what the note says
// now. Left out before (commit 54654cd), a note whose text at the time said "mobbet" and was
// changed since was no bullying match in the dossier, its bundle or onlyMatching, while the
// search of the same window found it (found in review s44, case 2).
const SEARCH = `query ($r: [_Any!]!, $q: String!, $from: String, $to: String, $first: Int!, $after: String) {
  _entities(representations: $r) { ... on Patient {
    search(query: $q, from: $from, to: $to, first: $first, after: $after) {
      total
      hits { highlights matchedExpansions matchedIn kind journalEntry { id } saksmappe { id } registreringsId coercionExecution { id } }
      pageInfo { hasNextPage endCursor }
    }
  } }
}`;

// ---------------------------------------------------------------- owner shapes

export interface Person {
  id: string;
  birthDate: string | null;
  /** The birth date the person's age windows count from (journal Patient.personBirthDate). */
  personBirthDate: string | null;
  nationalIds: string[];
  recordIds: string[];
  identities: { sourceSystem: string; localId: string }[];
  linkedPatients: {
    patient: {
      id: string;
      birthDate: string | null;
      identities: { sourceSystem: string; localId: string }[];
    };
  }[];
}
export interface Entry {
  id: string;
  type: string;
  service: string | null;
  authorName: string | null;
  author: { name: string | null } | null;
  writtenAt: string;
  careStart: string | null;
  careEnd: string | null;
  datedAt: string;
  amended: boolean;
  text: string | null;
  sourceSystem: string;
  sourceId: string;
  provenance: { sourceSystem: string; sourceId: string; kind: string }[];
  history: {
    version: number;
    text: string | null;
    replacedAt: string;
    replacedBy: string;
    reason: string;
    sourceId: string | null;
    sourceSystem: string;
    change: string;
    datedOn: string | null;
  }[];
  tombstone: { deletedBy: string; deletedAt: string; legalBasis: string } | null;
}
/** One earlier version of a record (the owner's `history`, as the caller may see it): its fields as they were. */
export interface RecordVersion {
  version: number;
  replacedAt: string;
  replacedBy: string;
  reason: string;
  [field: string]: unknown;
}
interface Contact {
  id: string;
  service: string;
  contactClass: string | null;
  start: string;
  end: string | null;
  location: string | null;
  sourceSystem: string;
  sourceId: string;
  history?: RecordVersion[];
}
export interface Decision {
  id: string;
  decisionType: string;
  service: string | null;
  legalBasis: string | null;
  decidedOn: string;
  decidedAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  outcome: string;
  outcomeBasis: string;
  justification: string | null;
  text: string | null;
  authorName: string | null;
  author: { name: string | null } | null;
  unit: string | null;
  citedAssessmentDate: string | null;
  citedAssessmentText: string | null;
  assessments: { entry: { id: string; sourceSystem: string; sourceId: string }; basis: string }[];
  /** Cited assessments the caller may not read (outside the matter's period): counted, not shown. */
  assessmentsNotShown?: number;
  journalEntry: { id: string } | null;
  sourceSystem: string;
  sourceId: string;
  file: string | null;
  version: number;
  history?: RecordVersion[];
}
/** A note's place on the timeline (Patient.journalTimeline). */
interface EntryIndex {
  id: string;
  datedAt: string;
  sourceSystem: string;
  deleted: boolean;
}
/** An execution in the timeline's index. */
interface ExecutionIndex {
  id: string;
  start: string;
  sourceSystem: string;
  /** Recorded as the same execution as another (not an item of its own; review s44). */
  sameExecutionAs?: { executionId: string } | null;
}
interface JournalAnswer {
  patient: {
    journalTimeline: EntryIndex[];
    careContacts?: { contacts: Contact[] };
    serviceDecisions?: { decisions: Decision[] };
    quarantinedRecords?: { source: string; file: string; line: number | null; reason: string }[];
  } | null;
  recordPeriods?: { sourceSystem: string; from: string | null; to: string | null; records: number }[];
}
interface CoercionDecision {
  id: string;
  legalBasis: string;
  statute: string;
  measures: string[];
  validFrom: string;
  validTo: string | null;
  lastValidDay: string | null;
  /** Why lastValidDay is not the decision's own end: set aside, shortened back, or refused (null: none). */
  lastValidDayNote?: string | null;
  decidedAt: string;
  decidedBy: string | null;
  approvedByStatsforvalterAt: string | null;
  justification: string;
  sourceSystem: string;
  sourceId: string;
  sources: { system: string; id: string; file: string | null }[];
  problems: string[];
  discrepancies: string[];
  review: { outcome: string; reviewedAt: string; office: string } | null;
  /** Later decisions changing the approval (hol. § 9-11, forvaltningsloven § 35), oldest first. */
  approvalChanges?: ApprovalChange[];
  history?: RecordVersion[];
}
/** A change of a decision's approval as the coercion subgraph gives it (CoercionApprovalChange). */
interface ApprovalChange {
  decidedBy: string;
  body: string;
  law: string;
  bindsFrom: string;
  outcome: string;
  measures: string[] | null;
  validTo: string | null;
  reason: string;
  recordedBy: string;
  recordedAt: string;
  laterSourceRevisions: { version: number; storedAt: string }[];
}
interface CoercionExecution {
  id: string;
  measure: string;
  start: string;
  end: string;
  durationMinutes: number;
  executedByIds: string[];
  description: string;
  alternativesTried: string | null;
  reportedAt: string | null;
  verdict: string;
  verdictReason: string;
  recordedDecisionId: string | null;
  recordedLegalBasis: string | null;
  decision: { id: string } | null;
  minutesOutside: number;
  staffPresent: number;
  staffingShortfall: boolean;
  sourceSystem: string;
  sourceId: string;
  history?: RecordVersion[];
  /** The other records of this execution, recorded as the same execution (not counted; review s44). */
  alsoRecordedAs?: {
    executionId: string;
    sourceSystem: string;
    sourceId: string;
    start: string;
    end: string;
    markedBy: string;
    markedAt: string;
    reason: string;
  }[];
}
interface ArchiveDocument {
  id: string;
  tittel: string;
  dokumenttype: string | null;
  dokumentnummer: number;
  format: string;
  fileName: string;
  size: number;
  sha256: string;
  screened: boolean;
  quarantined: boolean;
  /** Whether its text was read for search (the archive's extraction state, no text). */
  textExtraction?: {
    status: string;
    reason: string | null;
    pageCount: number | null;
    pages: { origin: string; reason: string | null }[];
  } | null;
}
interface Journalpost {
  id: string;
  registreringsId: string | null;
  journalpostnummer: number;
  journalposttype: string;
  journalstatus: string;
  journaldato: string;
  dokumentetsDato: string | null;
  tittel: string;
  korrespondanseparter: { type: string; name: string | null }[];
  documents: ArchiveDocument[];
  history?: RecordVersion[];
}
export interface Case {
  id: string;
  mappeId: string;
  tittel: string;
  saksdato: string;
  saksstatus: string;
  administrativEnhet: string | null;
  saksansvarlig: string | null;
  klasseId: string | null;
  avsluttetDato: string | null;
  journalposter: Journalpost[];
  history?: RecordVersion[];
}
interface Coverage {
  inStep: boolean;
  systems: {
    sourceSystem: string;
    kind: string;
    records: number;
    searchable: number;
    indexed: number;
    notSearchable: { reason: string; count: number }[];
  }[];
}
interface SearchHit {
  highlights: string[];
  matchedExpansions: string[];
  matchedIn?: 'CURRENT_VERSION' | 'EARLIER_VERSION';
  kind: string;
  journalEntry: { id: string } | null;
  saksmappe: { id: string } | null;
  registreringsId: string | null;
  coercionExecution: { id: string } | null;
}
type Entities<T> = { _entities: (T | null)[] };

// ---------------------------------------------------------------- items

const dateOf = (iso: string) => (iso.length === 10 ? iso : osloDate(new Date(iso)));
const inWindow = (w: DossierWindow, date: string) => (!w.from || date >= w.from) && (!w.to || date <= w.to);
const noProvenance = () => ({ copies: [], migratedFrom: null, corrections: [], file: null });
const detail = (label: string, value: string | number | boolean | null | undefined) =>
  value === null || value === undefined || value === '' ? [] : [{ label, value: String(value) }];

/** A field's value for people: a list joined, an object's values (a review: outcome, time, office). */
function shown(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.map((x) => shown(x) ?? '').join(', ');
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .map(shown)
      .filter((x) => x !== null)
      .join(' ');
  return String(v);
}

interface VersionReading {
  /** The fields compared, with their labels. */
  fields: readonly (readonly [string, string])[];
  /** The version's text (its earlierText when it differs from the next's). */
  text?: (v: Record<string, unknown>) => unknown;
  /** The local date the version is dated by (the owner's rule for the caller's period: its own date or start). */
  datedOn: (v: Record<string, unknown>) => string | null;
  /** The last local date of the version's period, when it has one (null: open). */
  datedUntil?: (v: Record<string, unknown>) => string | null;
}

/**
 * A record's earlier versions (the owner's `history`, oldest first) as the item's corrections
 * (review s42: the dossier showed only a note's). The owner answers them under the record's own
 * access rule, each version by its own date, and logs the read as a read of the record; the
 * dossier asks as the caller and shows what comes back. Each says when the version stopped being
 * current, by what and why, and in `change` what it said that the next version (or the record
 * now) says otherwise; `earlierText` its text where that changed.
 */
function versionCorrections(
  history: readonly RecordVersion[] | undefined,
  now: Record<string, unknown>,
  r: VersionReading,
): DossierItem['provenance']['corrections'] {
  if (!history?.length) return [];
  return history.map((v, i) => {
    const next: Record<string, unknown> = history[i + 1] ?? now;
    const said = r.fields
      .filter(([f]) => shown(v[f]) !== shown(next[f]))
      .map(([f, label]) => `${label}: ${shown(v[f]) ?? 'none'}`);
    const text = r.text ? shown(r.text(v)) : null;
    const nextText = r.text ? shown(r.text(next)) : null;
    return {
      at: v.replacedAt,
      by: v.replacedBy,
      reason: v.reason,
      change: `version ${v.version}: ${said.join('; ') || 'no field shown here changed'}`,
      earlierText: text !== nextText ? text : null,
      datedOn: r.datedOn(v),
      ...(r.datedUntil ? { datedUntil: r.datedUntil(v) } : {}),
    };
  });
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const dateOfField = (v: unknown): string | null => (str(v) ? dateOf(str(v)!) : null);

export function entryItem(e: Entry): DossierItem {
  const date = dateOf(e.datedAt);
  return {
    id: `JOURNAL_ENTRY:${e.id}`,
    kind: 'JOURNAL_ENTRY',
    recordId: e.id,
    at: e.datedAt,
    date,
    end: e.amended ? e.careEnd : null,
    recordedAt: e.writtenAt !== e.datedAt ? e.writtenAt : null,
    sourceSystem: e.sourceSystem as DossierSourceSystem,
    sourceId: e.sourceId,
    title: [e.type, e.service].filter(Boolean).join(', '),
    text: e.tombstone ? null : e.text,
    author: e.authorName ?? e.author?.name ?? null,
    unit: e.service,
    provenance: {
      copies: e.provenance.map((p) => ({ sourceSystem: p.sourceSystem, sourceId: p.sourceId, kind: p.kind })),
      migratedFrom: null,
      corrections: e.history.map((h) => ({
        at: h.replacedAt,
        by: h.replacedBy,
        reason: h.reason,
        change: h.change,
        earlierText: e.tombstone ? null : h.text,
        sourceSystem: h.sourceSystem,
        datedOn: h.datedOn,
      })),
      file: null,
    },
    concepts: [],
    tombstone: e.tombstone,
    details: [
      ...detail('written', e.writtenAt),
      ...(e.careStart ? detail('care period', `${e.careStart} – ${e.careEnd ?? ''}`) : []),
      ...(e.amended ? detail('corrected', `${e.writtenAt} (dated by the care it documents)`) : []),
    ],
    links: [],
  };
}

function contactItem(c: Contact): DossierItem {
  return {
    id: `CARE_CONTACT:${c.id}`,
    kind: 'CARE_CONTACT',
    recordId: c.id,
    at: c.start,
    date: dateOf(c.start),
    end: c.end,
    recordedAt: null,
    sourceSystem: c.sourceSystem as DossierSourceSystem,
    sourceId: c.sourceId,
    title: [c.service, c.contactClass].filter(Boolean).join(', '),
    text: null,
    author: null,
    unit: c.service,
    provenance: {
      ...noProvenance(),
      corrections: versionCorrections(
        c.history,
        { ...c },
        {
          fields: [
            ['service', 'service'],
            ['contactClass', 'class'],
            ['start', 'start'],
            ['end', 'end'],
            ['location', 'location'],
          ],
          datedOn: (v) => dateOfField(v.start),
          datedUntil: (v) => dateOfField(v.end) ?? dateOfField(v.start),
        },
      ),
    },
    concepts: [],
    tombstone: null,
    details: [...detail('class', c.contactClass), ...detail('location', c.location)],
    links: [],
  };
}

export function decisionItem(d: Decision): DossierItem {
  return {
    id: `SERVICE_DECISION:${d.id}`,
    kind: 'SERVICE_DECISION',
    recordId: d.id,
    at: d.decidedAt ?? d.decidedOn,
    date: d.decidedOn,
    end: d.validTo,
    recordedAt: null,
    sourceSystem: d.sourceSystem as DossierSourceSystem,
    sourceId: d.sourceId,
    title: `Vedtak: ${d.decisionType}${d.service && d.service !== d.decisionType ? ` (${d.service})` : ''}`,
    text: d.text ?? d.justification,
    author: d.authorName ?? d.author?.name ?? null,
    unit: d.unit,
    provenance: {
      ...noProvenance(),
      file: d.file,
      corrections: versionCorrections(
        d.history,
        { ...d },
        {
          fields: [
            ['decisionType', 'decision type'],
            ['service', 'service'],
            ['legalBasis', 'legal basis'],
            ['decidedOn', 'decided on'],
            ['validFrom', 'valid from'],
            ['validTo', 'valid to'],
            ['outcome', 'outcome'],
            ['outcomeBasis', 'outcome basis'],
            ['justification', 'justification'],
            ['unit', 'unit'],
            ['file', 'file'],
          ],
          text: (v) => v.text ?? v.justification,
          datedOn: (v) => str(v.decidedOn),
        },
      ),
    },
    concepts: [],
    tombstone: null,
    details: [
      ...detail('outcome', d.outcome),
      ...detail('outcome basis', d.outcomeBasis),
      ...detail('legal basis', d.legalBasis),
      ...detail('valid from', d.validFrom),
      ...detail('valid to', d.validTo),
      ...detail('justification', d.text ? d.justification : null),
      ...detail('cites', d.citedAssessmentText),
      // pasientjournalloven § 22: not read, but the decision says its basis is left out (review s43).
      ...detail(
        'assessment not shown',
        d.assessmentsNotShown
          ? `${d.assessmentsNotShown} Vurdering note${d.assessmentsNotShown === 1 ? '' : 's'} dated ${d.citedAssessmentDate} that the decision cites ${d.assessmentsNotShown === 1 ? 'is' : 'are'} outside the period the caller may read (pasientjournalloven § 22): not read and not shown here`
          : null,
      ),
    ],
    links: d.assessments.map((a) => ({
      relation: 'assessment',
      kind: 'JOURNAL_ENTRY' as const,
      recordId: a.entry.id,
      basis: a.basis,
    })),
  };
}

function coercionDecisionItem(d: CoercionDecision): DossierItem {
  const other = d.sources.filter((s) => !(s.system === d.sourceSystem && s.id === d.sourceId));
  const self = d.sources.find((s) => s.system === d.sourceSystem && s.id === d.sourceId);
  return {
    id: `COERCION_DECISION:${d.id}`,
    kind: 'COERCION_DECISION',
    recordId: d.id,
    at: d.decidedAt,
    date: dateOf(d.decidedAt),
    end: d.lastValidDay ?? d.validTo,
    recordedAt: null,
    sourceSystem: d.sourceSystem as DossierSourceSystem,
    sourceId: d.sourceId,
    title: `Tvangsvedtak ${d.legalBasis}: ${d.measures.join(', ')}`,
    text: d.justification,
    author: d.decidedBy,
    unit: null,
    provenance: {
      copies: other.map((s) => ({ sourceSystem: s.system, sourceId: s.id, kind: 'migrated_copy' })),
      migratedFrom: null,
      corrections: versionCorrections(
        d.history,
        { ...d },
        {
          fields: [
            ['legalBasis', 'legal basis'],
            ['measures', 'measures'],
            ['validFrom', 'valid from'],
            ['validTo', 'valid to'],
            ['decidedAt', 'decided at'],
            ['decidedBy', 'decided by'],
            ['approvedByStatsforvalterAt', 'approved by Statsforvalteren'],
            ['review', 'review'],
            ['justification', 'justification'],
          ],
          text: (v) => v.justification,
          datedOn: (v) => str(v.validFrom),
          // The version's period as the coercion room reads it: a b/c or pbrl-4A version without an
          // end date belongs to its one year only (hol. § 9-7, pbrl. § 4A-5; review s42: it
          // reached every later bundle window as open).
          datedUntil: (v) => str(v.periodLastDay) ?? str(v.validTo),
        },
      ),
      file: self?.file ?? null,
    },
    concepts: [],
    tombstone: null,
    details: [
      ...detail('statute', d.statute),
      ...detail('valid from', d.validFrom),
      ...detail('valid to', d.validTo),
      // Set aside (pbrl. §§ 4A-7, 4A-8) or refused (hol. § 9-8): the day and why, or none and why, as
      // the coercion subgraph judges it (review s44: the stated end beside "review: REFUSED").
      ...detail(
        'last valid day',
        d.lastValidDayNote
          ? d.lastValidDay
            ? `${d.lastValidDay} (${d.lastValidDayNote})`
            : d.lastValidDayNote
          : d.lastValidDay,
      ),
      // The office that approved it: Fylkesmannen before 2021 (the review's office, as the coercion
      // subgraph names it); an evidence bundle said Statsforvalteren approved a decision in 2010
      // (review s44).
      ...detail(`approved by ${d.review?.office ?? 'Statsforvalteren'}`, d.approvedByStatsforvalterAt),
      ...(d.review
        ? detail('review', `${d.review.outcome} ${d.review.reviewedAt} (${d.review.office})`)
        : []),
      // Each later change of the approval on its own (hol. § 9-11, forvaltningsloven § 35; stop 46):
      // who, under what provision, from when, what, why, who recorded it; a label of its own each, as
      // the evidence bundle keys its details by label. Before, only the last valid day's note said it.
      ...(d.approvalChanges ?? []).flatMap((c, i) =>
        detail(`approval change ${i + 1}`, approvalChangeText(c)),
      ),
      ...d.problems.flatMap((p) => detail('problem', p)),
      ...d.discrepancies.flatMap((p) => detail('sources disagree', p)),
    ],
    links: [],
  };
}

/**
 * A change of an approval as a detail: "<body> (<law>) <bindsFrom>: <outcome>[ …], binding from then;
 * reason: …; recorded by … at …", and, where a source export revised the decision after it was
 * recorded, that the change still applies and the revision is to be checked (coercion
 * approval-change.ts).
 */
function approvalChangeText(c: ApprovalChange): string {
  const what = [
    c.outcome,
    ...(c.measures ? [`measures approved: ${c.measures.join(', ')}`] : []),
    ...(c.validTo ? [`valid to ${c.validTo}`] : []),
  ].join(', ');
  const revised = c.laterSourceRevisions.length
    ? `; the source revised the decision after it was recorded (${c.laterSourceRevisions
        .map((r) => `version ${r.version}, ${r.storedAt}`)
        .join('; ')}): the change still applies, the revision not checked against it`
    : '';
  return `${c.body} (${c.law}) ${c.bindsFrom}: ${what}, binding from then; reason: ${c.reason}; recorded by ${c.recordedBy} at ${c.recordedAt}${revised}`;
}

function executionItem(x: CoercionExecution): DossierItem {
  return {
    id: `COERCION_EXECUTION:${x.id}`,
    kind: 'COERCION_EXECUTION',
    recordId: x.id,
    at: x.start,
    date: dateOf(x.start),
    end: x.end,
    recordedAt: x.reportedAt,
    sourceSystem: x.sourceSystem as DossierSourceSystem,
    sourceId: x.sourceId,
    title: `Gjennomføring: ${x.measure}`,
    text: x.description,
    author: x.executedByIds.join(', ') || null,
    unit: null,
    provenance: {
      ...noProvenance(),
      copies: (x.alsoRecordedAs ?? []).map((o) => ({
        sourceSystem: o.sourceSystem,
        sourceId: o.sourceId,
        kind: 'same_execution',
      })),
      corrections: versionCorrections(
        x.history,
        { ...x },
        {
          fields: [
            ['measure', 'measure'],
            ['start', 'start'],
            ['end', 'end'],
            ['durationMinutes', 'minutes'],
            ['executedByIds', 'executed by'],
            ['description', 'description'],
            ['alternativesTried', 'alternatives tried'],
            ['reportedAt', 'reported at'],
            ['recordedDecisionId', 'recorded decision'],
            ['recordedLegalBasis', 'recorded legal basis'],
          ],
          text: (v) => v.description,
          datedOn: (v) => dateOfField(v.start),
        },
      ),
    },
    concepts: [],
    tombstone: null,
    details: [
      ...detail('verdict', x.verdict),
      ...(x.alsoRecordedAs ?? []).flatMap((o) =>
        detail(
          'also recorded as',
          `${o.sourceId} (${o.sourceSystem}, ${o.start}–${o.end}): the same execution as ${x.id}, recorded by ${o.markedBy} ${o.markedAt}: ${o.reason} (hol. § 9-7: counted once; helsepersonelloven § 42: both records kept)`,
        ),
      ),
      ...detail('verdict reason', x.verdictReason),
      ...detail('minutes', x.durationMinutes),
      ...detail('minutes outside the decision', x.minutesOutside || null),
      ...detail('staff present', x.staffPresent),
      ...(x.staffingShortfall ? detail('staffing shortfall', 'fewer than two staff (hol. § 9-9)') : []),
      ...detail('recorded decision', x.recordedDecisionId),
      ...detail('recorded legal basis', x.recordedLegalBasis),
      ...detail('alternatives tried', x.alternativesTried),
    ],
    links: x.decision
      ? [
          {
            relation: 'decision',
            kind: 'COERCION_DECISION' as const,
            recordId: x.decision.id,
            basis: 'the decision valid at the start that covers the measure (the coercion verdict)',
          },
        ]
      : [],
  };
}

export function archiveItems(c: Case, w: DossierWindow): DossierItem[] {
  const posts = c.journalposter.filter((j) => inWindow(w, j.journaldato));
  if (!inWindow(w, c.saksdato) && !posts.length) return [];
  const out: DossierItem[] = [
    {
      id: `SAKSMAPPE:${c.id}`,
      kind: 'SAKSMAPPE',
      recordId: c.id,
      at: c.saksdato,
      date: c.saksdato,
      end: c.avsluttetDato,
      recordedAt: null,
      sourceSystem: 'SAKARKIV',
      sourceId: c.mappeId,
      title: `Sak ${c.mappeId}: ${c.tittel}`,
      text: null,
      author: c.saksansvarlig,
      unit: c.administrativEnhet,
      provenance: {
        ...noProvenance(),
        corrections: versionCorrections(
          c.history,
          { ...c },
          {
            fields: [
              ['mappeId', 'mappeID'],
              ['tittel', 'tittel'],
              ['saksdato', 'saksdato'],
              ['saksstatus', 'saksstatus'],
              ['administrativEnhet', 'administrativ enhet'],
              ['saksansvarlig', 'saksansvarlig'],
              ['klasseId', 'klasse'],
              ['avsluttetDato', 'avsluttet'],
            ],
            datedOn: (v) => str(v.saksdato),
          },
        ),
      },
      concepts: [],
      tombstone: null,
      details: [...detail('saksstatus', c.saksstatus), ...detail('klasse', c.klasseId)],
      links: posts.map((j) => ({
        relation: 'journalpost',
        kind: 'JOURNALPOST' as const,
        recordId: j.id,
        basis: `journalpost ${j.registreringsId ?? j.journalpostnummer} of case ${c.mappeId}`,
      })),
    },
  ];
  for (const j of posts) {
    const sender = j.korrespondanseparter.find((k) => /avsender/i.test(k.type))?.name ?? null;
    out.push({
      id: `JOURNALPOST:${j.id}`,
      kind: 'JOURNALPOST',
      recordId: j.id,
      at: j.journaldato,
      date: j.journaldato,
      end: null,
      recordedAt: null,
      sourceSystem: 'SAKARKIV',
      sourceId: j.registreringsId ?? `${c.mappeId}-${j.journalpostnummer}`,
      title: `${j.journalposttype}: ${j.tittel}`,
      text: null,
      author: sender,
      unit: c.administrativEnhet,
      provenance: {
        ...noProvenance(),
        corrections: versionCorrections(
          j.history,
          { ...j },
          {
            fields: [
              ['registreringsId', 'registreringsID'],
              ['journalposttype', 'journalposttype'],
              ['journalstatus', 'journalstatus'],
              ['journaldato', 'journaldato'],
              ['dokumentetsDato', 'dokumentets dato'],
              ['tittel', 'tittel'],
            ],
            datedOn: (v) => str(v.journaldato),
          },
        ),
      },
      concepts: [],
      tombstone: null,
      details: [
        ...detail('journalstatus', j.journalstatus),
        ...detail('dokumentets dato', j.dokumentetsDato),
        ...j.korrespondanseparter.flatMap((k) => detail(k.type, k.name ?? '(skjermet)')),
      ],
      links: [
        {
          relation: 'saksmappe',
          kind: 'SAKSMAPPE',
          recordId: c.id,
          basis: `registered in case ${c.mappeId}`,
        },
        ...j.documents.map((d) => ({
          relation: 'document',
          kind: 'ARCHIVE_DOCUMENT' as const,
          recordId: d.id,
          basis: `document ${d.dokumentnummer} of journalpost ${j.registreringsId ?? j.journalpostnummer}`,
        })),
      ],
    });
    for (const d of j.documents)
      out.push({
        id: `ARCHIVE_DOCUMENT:${d.id}`,
        kind: 'ARCHIVE_DOCUMENT',
        recordId: d.id,
        at: j.journaldato,
        date: j.journaldato,
        end: null,
        recordedAt: null,
        sourceSystem: 'SAKARKIV',
        sourceId: d.fileName,
        title: `Dokument: ${d.tittel}`,
        text: null,
        author: sender,
        unit: c.administrativEnhet,
        provenance: { ...noProvenance(), file: d.fileName },
        concepts: [],
        tombstone: null,
        details: [
          ...detail('dokumenttype', d.dokumenttype),
          ...detail('format', d.format),
          ...detail('size', d.size),
          ...detail('sha256', d.sha256),
          ...(d.screened ? detail('skjerming', 'Skjerming av hele dokumentet') : []),
          ...(d.quarantined
            ? detail('quarantined', 'the file did not match the extract checksum or size')
            : []),
        ],
        links: [
          {
            relation: 'journalpost',
            kind: 'JOURNALPOST',
            recordId: j.id,
            basis: `document of journalpost ${j.registreringsId ?? j.journalpostnummer}`,
          },
        ],
        file: {
          journalpostId: j.id,
          documentId: d.id,
          fileName: d.fileName,
          sha256: d.sha256,
          size: d.size,
          quarantined: d.quarantined,
        },
      });
  }
  return out;
}

// ---------------------------------------------------------------- the build

export interface DossierRequest {
  patientId: string;
  window?: DossierWindowInput | null;
  concepts?: readonly string[] | null;
}

export interface PersonFacts {
  person: Person;
  window: DossierWindow;
}

/** The person (through the journal's policy) and the window resolved against their birth date. */
export async function personAndWindow(client: OwnerClient, req: DossierRequest): Promise<PersonFacts> {
  const { patient } = await client.query<{ patient: Person | null }>('journal', PERSON, {
    id: req.patientId,
  });
  if (!patient) throw new GraphQLError(`no patient ${req.patientId}`, { extensions: { code: 'NOT_FOUND' } });
  try {
    // The person's birth date, as the journal's own windows and the search index take it
    // (Patient.personBirthDate: the first of the person's records, by id, that states one, else a
    // national id's). Found in review s32: the dossier refused an age window the journal answered;
    // stop 44: asked through another record of the person, the window started from that record's
    // birth date and held other notes than search gave.
    return { person: patient, window: resolveDossierWindow(req.window, patient.personBirthDate) };
  } catch (err) {
    if (err instanceof WindowError) throw badInput(err.message);
    throw err;
  }
}

/**
 * The journal's answer: the notes' places, contacts, decisions, quarantine and periods in one
 * request, the decisions without their long texts; then the decisions' texts (decisionsWhole).
 * `pagedDecisions`: how many were read a part at a time.
 */
async function journalAll(client: OwnerClient, id: string, w: DossierWindow) {
  const r = await client.query<JournalAnswer>('journal', JOURNAL, { id, from: w.from, to: w.to });
  if (!r.patient) throw new Error('journal: the patient went away');
  let pagedDecisions = 0;
  let goneDecisions = 0;
  if (r.patient.serviceDecisions) {
    const whole = await decisionsWhole(client, id, r.patient.serviceDecisions.decisions);
    r.patient.serviceDecisions.decisions = whole.decisions;
    pagedDecisions = whole.paged;
    goneDecisions = whole.gone;
  }
  return { ...r, entries: r.patient.journalTimeline, pagedDecisions, goneDecisions };
}

type DecisionTexts = Pick<Decision, 'id' | (typeof DECISION_TEXT_FIELDS)[number]> & {
  history?: { version: number; text?: string | null; justification?: string | null }[];
};

/**
 * A person's decisions (listed without their long texts) with their texts and their earlier
 * versions' texts, s47. One journal request built them all, with their texts and versions, and a
 * person whose decisions together passed the journal's text budget (RESPONSE_MAX_TEXT_BYTES,
 * lib/text-budget.ts) failed the whole dossier, RESPONSE_TOO_LARGE. The texts are asked of the
 * person (`Patient.serviceDecisionsById`, checked and logged by the journal as the list was), in
 * batches of HYDRATE_BATCH halved while refused, as the notes are (entriesById); a decision too
 * large alone with its versions is read a part at a time (decisionPaged). `paged` counts those,
 * for the completeness notes. The access bundle reads its decisions so too (access-bundle.ts). A
 * decision the journal no longer answers for the person (moved or unlinked meanwhile) is left
 * out and counted in `gone`.
 */
export async function decisionsWhole(
  client: Pick<OwnerClient, 'query'>,
  patientId: string,
  decisions: Decision[],
): Promise<{ decisions: Decision[]; paged: number; gone: number }> {
  let paged = 0;
  const r = [{ __typename: 'Patient', id: patientId }];
  const read = async (ids: string[]): Promise<(DecisionTexts | null)[]> => {
    try {
      const a = await client.query<Entities<{ serviceDecisionsById: (DecisionTexts | null)[] }>>(
        'journal',
        decisionsQuery(DECISION_TEXTS),
        { r, ids },
      );
      return a._entities[0]?.serviceDecisionsById ?? ids.map(() => null);
    } catch (e) {
      if (!tooLarge(e)) throw e;
      if (ids.length < 2) {
        const one = await decisionPaged(client, patientId, ids[0]!);
        if (one) paged++;
        return [one];
      }
      const half = Math.ceil(ids.length / 2);
      return [...(await read(ids.slice(0, half))), ...(await read(ids.slice(half)))];
    }
  };
  const texts = new Map<string, DecisionTexts>();
  for (const b of batches(decisions.map((d) => d.id)))
    for (const t of await read(b)) if (t) texts.set(t.id, t);
  // A decision no longer on the person's records (moved, helsepersonelloven § 44) is left out and
  // counted, as a note is (hydrate's `gone`; fix FX-A 2).
  const kept = decisions.filter((d) => texts.has(d.id));
  return {
    paged,
    gone: decisions.length - kept.length,
    decisions: kept.map((d) => {
      const t = texts.get(d.id);
      const versions = new Map((t?.history ?? []).map((v) => [v.version, v]));
      return {
        ...d,
        text: t?.text ?? null,
        justification: t?.justification ?? null,
        citedAssessmentText: t?.citedAssessmentText ?? null,
        history: d.history?.map((v) => ({
          ...v,
          text: versions.get(v.version)?.text ?? null,
          justification: versions.get(v.version)?.justification ?? null,
        })),
      };
    }),
  };
}

/**
 * One decision whose texts and earlier versions together pass the journal's text budget: each
 * text alone (every text fits in a request: the budget is at least 3 × IMPORT_MAX_RECORD_BYTES),
 * then each text of its versions a page at a time (`history(first:, after:)`, HISTORY_PAGE,
 * halved down to one while a page is refused), as entryPaged reads a note. Null when the journal
 * no longer answers it.
 */
async function decisionPaged(
  client: Pick<OwnerClient, 'query'>,
  patientId: string,
  id: string,
): Promise<DecisionTexts | null> {
  const r = [{ __typename: 'Patient', id: patientId }];
  const ids = [id];
  const out: DecisionTexts = { id, text: null, justification: null, citedAssessmentText: null, history: [] };
  for (const field of DECISION_TEXT_FIELDS) {
    const a = await client.query<Entities<{ serviceDecisionsById: (Partial<DecisionTexts> | null)[] }>>(
      'journal',
      decisionsQuery(field),
      { r, ids },
    );
    const got = a._entities[0]?.serviceDecisionsById[0];
    if (!got) return null;
    out[field] = got[field] ?? null;
  }
  const versions = new Map<number, NonNullable<DecisionTexts['history']>[number]>();
  for (const field of DECISION_VERSION_TEXT_FIELDS) {
    let first = HISTORY_PAGE;
    let after: string | null = null;
    for (;;) {
      let got: { version: number; [f: string]: unknown }[] | undefined;
      try {
        const a: Entities<{
          serviceDecisionsById: ({ history: { version: number; [f: string]: unknown }[] } | null)[];
        }> = await client.query('journal', decisionHistoryPage(field), { r, ids, first, after });
        got = a._entities[0]?.serviceDecisionsById[0]?.history;
      } catch (err) {
        if (first === 1 || !tooLarge(err)) throw err;
        first = Math.max(1, Math.floor(first / 2));
        continue;
      }
      if (!got) return null;
      for (const v of got) {
        const kept = versions.get(v.version) ?? { version: v.version };
        kept[field] = (v[field] as string | null | undefined) ?? null;
        versions.set(v.version, kept);
      }
      if (got.length < first) break;
      after = String(got[got.length - 1]!.version);
    }
  }
  out.history = [...versions.values()];
  return out;
}

async function searchConcept(
  client: OwnerClient,
  rep: Record<string, unknown>,
  concept: string,
  w: DossierWindow,
): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  let after: string | null = null;
  for (;;) {
    const r: Entities<{
      search: { hits: SearchHit[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    }> = await client.query('search', SEARCH, {
      r: [rep],
      q: concept,
      from: w.from,
      to: w.to,
      first: SEARCH_PAGE,
      after,
    });
    const s = r._entities[0]?.search;
    if (!s) return hits;
    hits.push(...s.hits);
    if (!s.pageInfo.hasNextPage || !s.pageInfo.endCursor) return hits;
    after = s.pageInfo.endCursor;
  }
}

const SYSTEMS: DossierSourceSystem[] = ['HELSEPLATTFORMEN', 'GERICA', 'PROFIL', 'SAKARKIV'];

/** Kinds the search index does not hold, and why (their items count as not searchable). */
const NOT_INDEXED: Partial<Record<DossierItemKind, string>> = {
  CARE_CONTACT: 'care contact: a structured record without text',
  SERVICE_DECISION: 'service decision: not in the search index (an HP decision is searched through its note)',
  COERCION_DECISION: 'coercion decision: not in the search index',
  SAKSMAPPE: 'case file: searched through its journalposts (the case title is indexed with each)',
};

/** Why an archive document's text was not searched (its titles are, with its journalpost), or null: it was read. */
function documentNotSearched(d: ArchiveDocument): string | null {
  const titles = 'searched by its titles only, see its journalpost';
  if (d.quarantined)
    return `document file: quarantined at import (file missing or not matching its checksum); ${titles}`;
  const t = d.textExtraction;
  if (!t || t.status !== 'DONE') return `document file: waiting for text extraction; ${titles}`;
  if (t.reason) return `document file: could not be read (${t.reason}); ${titles}`;
  if (!t.pages.some((p) => p.origin !== 'NONE')) return `document file: no page could be read; ${titles}`;
  return null;
}

/** Pages of a document read in part that were not read (by reason), for the completeness notes. */
function pagesNotRead(d: ArchiveDocument, into: Map<string, number>): void {
  const t = d.textExtraction;
  if (!t || t.status !== 'DONE' || t.reason || !t.pages.some((p) => p.origin !== 'NONE')) return;
  for (const p of t.pages)
    if (p.origin === 'NONE') into.set(p.reason ?? 'not read', (into.get(p.reason ?? 'not read') ?? 0) + 1);
  const over = Math.max(0, (t.pageCount ?? t.pages.length) - t.pages.length);
  if (over) into.set('over the page limit', (into.get('over the page limit') ?? 0) + over);
}

/**
 * One place on the timeline. Notes and coercion executions are listed by the index fields
 * only (where they sit, whether deleted); their whole record is fetched by id for the items
 * actually returned (`hydrate`), so a page of a 20-year dossier does not carry 5,000 texts.
 * The other kinds are few per person and arrive whole.
 */
export interface TimelineRow {
  id: string;
  kind: DossierItemKind;
  recordId: string;
  at: string;
  sourceSystem: DossierSourceSystem;
  deleted: boolean;
  concepts: DossierConceptMatch[];
  /** Sort key: the instant (a local date at its Oslo midnight). */
  key: string;
  item: DossierItem | null;
}

/** Everything of a dossier but its items: the timeline's rows, sorted, to be hydrated. */
export interface DossierPlan extends Omit<Dossier, 'items' | 'pageInfo'> {
  rows: TimelineRow[];
}

const rowOf = (item: DossierItem): TimelineRow => ({
  id: item.id,
  kind: item.kind,
  recordId: item.recordId,
  at: item.at,
  sourceSystem: item.sourceSystem,
  deleted: !!item.tombstone,
  concepts: item.concepts,
  key: sortKey(item),
  item,
});

const indexRow = (
  kind: DossierItemKind,
  recordId: string,
  at: string,
  sourceSystem: string,
  deleted: boolean,
): TimelineRow => ({
  id: `${kind}:${recordId}`,
  kind,
  recordId,
  at,
  sourceSystem: sourceSystem as DossierSourceSystem,
  deleted,
  concepts: [],
  key: sortKey({ at }),
  item: null,
});

/** "N lines (GERICA n, HELSEPLATTFORMEN m)", or "none": the person's quarantined coercion lines by source system. */
function coercionQuarantine(rows: readonly { sourceSystem: string }[]): string {
  if (!rows.length) return 'none';
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.sourceSystem, (by.get(r.sourceSystem) ?? 0) + 1);
  const parts = [...by].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s} ${n}`);
  return `${rows.length} line${rows.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

/**
 * The dossier's timeline and completeness: asks every owner in parallel for the person's
 * records in the window (notes and executions as an index), attaches the concepts' search
 * matches, sorts one timeline and states completeness per source system.
 */
export async function planDossier(
  client: OwnerClient,
  req: DossierRequest,
  facts?: PersonFacts,
): Promise<DossierPlan> {
  const concepts = [...new Set((req.concepts ?? []).map((c) => c.trim()).filter(Boolean))];
  if (concepts.length > MAX_CONCEPTS) throw badInput(`at most ${MAX_CONCEPTS} concepts`);
  const { person, window: w } = facts ?? (await personAndWindow(client, req));
  const rep = {
    __typename: 'Patient',
    id: person.id,
    nationalIds: person.nationalIds,
    recordIds: person.recordIds,
  };
  const between = { from: w.from, to: w.to };
  const [journal, coercion, archive, coverage, ...searches] = await Promise.all([
    journalAll(client, person.id, w),
    client.query<
      Entities<{
        coercionDecisions: CoercionDecision[];
        coercionExecutions: ExecutionIndex[];
        quarantinedCoercionRecords: { sourceSystem: string }[];
      }>
    >('coercion', COERCION, { r: [rep], ...between }),
    client.query<Entities<{ cases: Case[] }>>('archive', ARCHIVE, { r: [rep] }),
    client.query<Entities<{ searchCoverage: Coverage }>>('search', COVERAGE, { r: [rep], ...between }),
    ...concepts.map((c) => searchConcept(client, rep, c, w)),
  ]);
  const p = journal.patient!;
  const decisions = p.serviceDecisions?.decisions ?? [];
  // An HP Vedtak is a decision and a note: it appears once, as the decision.
  const decisionNotes = new Map(
    decisions.flatMap((d) => (d.journalEntry ? [[d.journalEntry.id, d.id]] : [])),
  );
  const rows: TimelineRow[] = [
    ...journal.entries
      .filter((e) => !decisionNotes.has(e.id))
      .map((e) => indexRow('JOURNAL_ENTRY', e.id, e.datedAt, e.sourceSystem, e.deleted)),
    ...(p.careContacts?.contacts ?? []).map((c) => rowOf(contactItem(c))),
    ...decisions.map((d) => rowOf(decisionItem(d))),
    ...(coercion._entities[0]?.coercionDecisions ?? []).map((d) => rowOf(coercionDecisionItem(d))),
    // hol. § 9-7: a record the journalansvarlig recorded as the same execution as another is not an
    // item of its own; the one counted carries it as a copy, 'also recorded as' (review s44).
    ...(coercion._entities[0]?.coercionExecutions ?? [])
      .filter((x) => !x.sameExecutionAs)
      .map((x) => indexRow('COERCION_EXECUTION', x.id, x.start, x.sourceSystem, false)),
    ...(archive._entities[0]?.cases ?? []).flatMap((c) => archiveItems(c, w)).map(rowOf),
  ];
  // Concept matches: each hit on the row it names.
  const byKey = new Map(rows.map((r) => [r.id, r]));
  const sameAsOf = new Map(
    (coercion._entities[0]?.coercionExecutions ?? []).flatMap((x) =>
      x.sameExecutionAs ? [[x.id, x.sameExecutionAs.executionId] as const] : [],
    ),
  );
  const journalpostByReg = new Map(
    rows.filter((r) => r.kind === 'JOURNALPOST').map((r) => [r.item!.sourceId, r] as const),
  );
  searches.forEach((hits, n) => {
    const concept = concepts[n]!;
    for (const h of hits) {
      let row: TimelineRow | undefined;
      if (h.journalEntry) {
        const decision = decisionNotes.get(h.journalEntry.id);
        row = byKey.get(decision ? `SERVICE_DECISION:${decision}` : `JOURNAL_ENTRY:${h.journalEntry.id}`);
      } else if (h.coercionExecution)
        // A record of the same execution as another: its match is the counted item's (review s44).
        row = byKey.get(
          `COERCION_EXECUTION:${sameAsOf.get(h.coercionExecution.id) ?? h.coercionExecution.id}`,
        );
      else if (h.registreringsId) row = journalpostByReg.get(h.registreringsId);
      row?.concepts.push({
        concept,
        expansions: h.matchedExpansions,
        highlights: h.highlights,
        matchedIn: h.matchedIn === 'EARLIER_VERSION' ? 'EARLIER_VERSION' : 'CURRENT_VERSION',
      });
    }
  });
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));

  // Completeness per source system.
  const cov = coverage._entities[0]?.searchCoverage;
  const periods = journal.recordPeriods ?? [];
  const quarantine = p.quarantinedRecords ?? [];
  const linked = [
    { id: person.id, identities: person.identities },
    ...person.linkedPatients.map((l) => l.patient),
  ];
  const archiveDates = (archive._entities[0]?.cases ?? []).flatMap((c) => [
    c.saksdato,
    ...c.journalposter.map((j) => j.journaldato),
  ]);
  // Each record of the window is searched or not, once: searched + the not-searchable counts =
  // recordsInWindow. The statement counted the search index's documents as searched (an archive
  // document's pages, an HP decision's note) and the same records again as not searchable (every
  // document file, read or not; every decision), so its counts did not add up and it said of
  // documents whose text was read and searched that they were not searchable (found in review
  // s44; tvisteloven § 21-4: what is stated to the court is true).
  const documents = new Map(
    (archive._entities[0]?.cases ?? []).flatMap((c) =>
      c.journalposter.flatMap((j) => j.documents.map((d) => [d.id, d] as const)),
    ),
  );
  const decisionsWithNote = new Set(decisions.filter((d) => d.journalEntry).map((d) => d.id));
  const notSearchedBecause = (r: TimelineRow): string | null => {
    if (r.kind === 'JOURNAL_ENTRY') return r.deleted ? 'deleted (tombstone)' : null;
    if (r.kind === 'SERVICE_DECISION' && decisionsWithNote.has(r.recordId)) return null;
    if (r.kind === 'ARCHIVE_DOCUMENT') {
      const d = documents.get(r.recordId);
      return d ? documentNotSearched(d) : null;
    }
    return NOT_INDEXED[r.kind] ?? null;
  };
  const extraNotes: string[] = [];
  const systems: DossierSourceCompleteness[] = SYSTEMS.map((system) => {
    const mine = rows.filter((i) => i.sourceSystem === system);
    const kinds = new Map<DossierItemKind, number>();
    for (const i of mine) kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
    const reasons = new Map<string, number>();
    for (const r of mine) {
      const why = notSearchedBecause(r);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    const notSearched = [...reasons.values()].reduce((n, c) => n + c, 0);
    // What the search index holds beside the records (a corrected note's superseded documents and
    // earlier versions, pages of a document read in part): said, not counted as records.
    const covRows = cov?.systems.filter((s) => s.sourceSystem === system) ?? [];
    for (const c of covRows.filter((c) => c.kind === 'journal_entry'))
      for (const n of c.notSearchable)
        if (n.reason !== 'deleted (tombstone)')
          extraNotes.push(
            `${system}: ${n.reason}: ${n.count} (not a record of the timeline; not searched on its own)`,
          );
    if (system === 'SAKARKIV') {
      const pages = new Map<string, number>();
      for (const r of mine.filter((r) => r.kind === 'ARCHIVE_DOCUMENT')) {
        const d = documents.get(r.recordId);
        if (d) pagesNotRead(d, pages);
      }
      for (const [reason, n] of pages)
        extraNotes.push(`SAKARKIV: ${n} pages not read in documents read in part (${reason})`);
    }
    const period = periods.find((x) => x.sourceSystem === system);
    return {
      sourceSystem: system,
      coversFrom: system === 'SAKARKIV' ? (archiveDates.sort()[0] ?? null) : (period?.from ?? null),
      coversTo: system === 'SAKARKIV' ? (archiveDates.sort().at(-1) ?? null) : (period?.to ?? null),
      recordsInWindow: mine.length,
      byKind: [...kinds].map(([kind, count]) => ({ kind, count })),
      searched: mine.length - notSearched,
      notSearchable: [...reasons].map(([reason, count]) => ({ reason, count })),
      quarantined:
        system === 'SAKARKIV' ? 0 : quarantine.filter((q) => systemOfImport(q.source) === system).length,
      // Further local records of the person in this system (a duplicate klient, a linked record).
      linkedRecordsIncluded: Math.max(
        0,
        linked.reduce((n, r) => n + r.identities.filter((i) => i.sourceSystem === system).length, 0) - 1,
      ),
    };
  });
  const coercionQuarantined = coercion._entities[0]?.quarantinedCoercionRecords ?? [];
  const notes = [
    'SAKARKIV covers: the dates of this person’s cases (the archive states no platform-wide period here).',
    // The coercion imports' quarantine is the person's by each export's patient field
    // (Patient.quarantinedCoercionRecords, subgraphs/coercion/quarantine-owner.ts; fix FX-A 4: the
    // statement said it was not matched to persons, pasientjournalloven § 22).
    `Quarantine: the journal imports’ quarantine, matched by the person’s national ids and Helseplattformen patient ids; the coercion imports’ quarantine, matched by each export’s patient field: ${coercionQuarantine(coercionQuarantined)}; the archive quarantine is not matched to persons (archiveQuarantine lists the archive’s for archivists).`,
    'A Helseplattformen Vedtak is both a note and a service decision; it appears once, as the decision.',
    ...extraNotes,
    ...(journal.pagedDecisions
      ? [
          `${journal.pagedDecisions} service decision${journal.pagedDecisions === 1 ? ' was' : 's were'} read a part at a time: with ${journal.pagedDecisions === 1 ? 'its' : 'their'} earlier versions, ${journal.pagedDecisions === 1 ? 'its' : 'their'} texts passed the text budget of one journal request (RESPONSE_MAX_TEXT_BYTES); each is whole here.`,
        ]
      : []),
    ...(journal.goneDecisions
      ? [
          `${journal.goneDecisions} service decision${journal.goneDecisions === 1 ? '' : 's'} went away (deleted or moved) while the dossier was built; ask again.`,
        ]
      : []),
    ...(cov && !cov.inStep
      ? ['The search index is behind the database: some records were not yet searchable.']
      : []),
    ...(concepts.length ? [] : ['No concepts asked: no search was run.']),
  ];
  return {
    patientId: person.id,
    window: w,
    concepts,
    rows,
    totalItems: rows.length,
    completeness: { systems, patientRecordIds: person.recordIds, nationalIds: person.nationalIds, notes },
    generatedAt: new Date().toISOString(),
  };
}

const HYDRATE_BATCH = 500;

/**
 * Notes by id, as the person's (`entriesById`). The journal answers at most RESPONSE_MAX_TEXT_BYTES
 * (192 MiB by default) of note text a request (lib/text-budget.ts, RESPONSE_TOO_LARGE past it;
 * review s45); a batch of long notes over it is asked again in halves, so a record with long notes
 * (a note may be 64 MB) does not refuse its dossier or bundle whole (found at stop 45's merge: 500
 * notes with more than 64 MiB of text between them failed the dossier). A note too large alone,
 * with its earlier versions, is read without them and its versions a page at a time (entryPaged;
 * fix FX2: it failed the person's whole dossier and evidence bundle, pasientjournalloven § 22).
 */
async function entriesById(
  client: Pick<OwnerClient, 'query'>,
  patientId: string,
  ids: string[],
): Promise<(Entry | null)[]> {
  try {
    const a = await client.query<Entities<{ entriesById: (Entry | null)[] }>>('journal', HYDRATE_ENTRIES, {
      r: [{ __typename: 'Patient', id: patientId }],
      ids,
    });
    return a._entities.flatMap((p) => p?.entriesById ?? []);
  } catch (e) {
    if (!tooLarge(e)) throw e;
    if (ids.length < 2) return [await entryPaged(client, patientId, ids[0]!)];
    const half = Math.ceil(ids.length / 2);
    return [
      ...(await entriesById(client, patientId, ids.slice(0, half))),
      ...(await entriesById(client, patientId, ids.slice(half))),
    ];
  }
}

const tooLarge = (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'RESPONSE_TOO_LARGE';

/**
 * A person's notes by id, whole, in batches of HYDRATE_BATCH (the journal's most ids a request),
 * each through entriesById: halved while refused RESPONSE_TOO_LARGE, a note too large alone with
 * its earlier versions paged (entryPaged). Null for a note no longer on the person's records.
 * Used by hydrate() (dossier, evidence bundle) and by the access bundle for the notes its
 * decisions cite (access-bundle.ts; fix FX9: asked in one request with their history, a cited
 * note too large failed the whole access bundle, pasient- og brukerrettighetsloven § 5-1).
 */
export async function personEntries(
  client: Pick<OwnerClient, 'query'>,
  patientId: string,
  ids: readonly string[],
): Promise<(Entry | null)[]> {
  return (await Promise.all(batches(ids).map((b) => entriesById(client, patientId, b)))).flat();
}

/** `ids` in batches of HYDRATE_BATCH. */
function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += HYDRATE_BATCH) out.push(ids.slice(i, i + HYDRATE_BATCH));
  return out;
}

/**
 * One note whose text and earlier versions together pass the journal's text budget, whole: its
 * text alone (every text fits in a request: the budget is at least 3 × IMPORT_MAX_RECORD_BYTES,
 * lib/config.ts), then its versions a page at a time (`history(first:, after:)`, HISTORY_PAGE,
 * halved down to one while a page is refused). Each request is checked and logged by the journal
 * as the batch was (pasientjournalforskriften § 14). A note moved off the person meanwhile
 * (helsepersonelloven § 44) is null, as in the batch.
 */
async function entryPaged(
  client: Pick<OwnerClient, 'query'>,
  patientId: string,
  id: string,
): Promise<Entry | null> {
  const r = [{ __typename: 'Patient', id: patientId }];
  const alone = await client.query<Entities<{ entriesById: (Omit<Entry, 'history'> | null)[] }>>(
    'journal',
    HYDRATE_ENTRY_ALONE,
    { r, ids: [id] },
  );
  const entry = alone._entities[0]?.entriesById[0];
  if (!entry) return null;
  const page = async (first: number, after: string | null): Promise<Entry['history'] | null> => {
    const a: Entities<{ entriesById: (Pick<Entry, 'history'> | null)[] }> = await client.query(
      'journal',
      HYDRATE_HISTORY_PAGE,
      { r, ids: [id], first, after },
    );
    return a._entities[0]?.entriesById[0]?.history ?? null;
  };
  const history: Entry['history'] = [];
  let first = HISTORY_PAGE;
  let after: string | null = null;
  for (;;) {
    let got: Entry['history'] | null;
    try {
      got = await page(first, after);
    } catch (err) {
      if (first === 1 || !tooLarge(err)) throw err;
      first = Math.max(1, Math.floor(first / 2));
      continue;
    }
    if (!got) return null;
    history.push(...got);
    if (got.length < first) break;
    after = String(got[got.length - 1]!.version);
  }
  return { ...entry, history };
}

/**
 * The rows' whole items, in the rows' order: notes and executions fetched by id from their
 * owners (as the caller: checked and logged again), the rest as listed. A record that went
 * away since the index was read (deleted for good, moved) is left out and counted. Notes are
 * asked of the person (`patientId`'s `entriesById`), so a note moved to another person
 * (helsepersonelloven § 44) comes back null: left out for every caller, no access-log row and
 * no refusal naming that person (found in review s34: an archivist's bundle printed such a note,
 * text and all; a legal user's failed whole, FORBIDDEN, its denied log row naming the other
 * person, pasientjournalforskriften § 14).
 */
export async function hydrate(
  client: Pick<OwnerClient, 'query'>,
  rows: readonly TimelineRow[],
  patientId: string,
): Promise<{ items: DossierItem[]; gone: number }> {
  const want = (kind: DossierItemKind) =>
    rows.filter((r) => !r.item && r.kind === kind).map((r) => r.recordId);
  const [entries, executions] = await Promise.all([
    personEntries(client, patientId, want('JOURNAL_ENTRY')),
    Promise.all(
      batches(want('COERCION_EXECUTION')).map((ids) =>
        client.query<Entities<CoercionExecution>>('coercion', EXECUTIONS, {
          r: ids.map((id) => ({ __typename: 'CoercionExecution', id })),
        }),
      ),
    ).then((as) => as.flatMap((a) => a._entities)),
  ]);
  const fetched = new Map<string, DossierItem>();
  for (const e of entries) if (e) fetched.set(`JOURNAL_ENTRY:${e.id}`, entryItem(e));
  for (const x of executions) if (x) fetched.set(`COERCION_EXECUTION:${x.id}`, executionItem(x));
  const items: DossierItem[] = [];
  let gone = 0;
  for (const r of rows) {
    const item = r.item ?? fetched.get(r.id);
    if (!item) {
      gone++;
      continue;
    }
    // The concepts' matches were searched when the dossier was planned; a note deleted since
    // (helsepersonelloven § 43) comes back a tombstone, and its highlights are words of the
    // deleted text: none are kept (found in review s34: a bundle, which hydrates as it writes,
    // printed them beside the tombstone). A note corrected since (§ 42) is highlighted from the
    // text printed (printedMatches); a match without highlights is re-checked only on a note whose
    // text a correction changed.
    // A match in the text of the note's earlier versions is kept while an earlier version shown
    // with the note (its provenance, as the caller may see it) still says it (earlierMatches).
    const earlier = r.concepts.filter((c) => c.matchedIn === 'EARLIER_VERSION');
    const current = r.concepts.filter((c) => c.matchedIn !== 'EARLIER_VERSION');
    item.concepts = item.tombstone
      ? []
      : r.item
        ? r.concepts
        : [
            ...printedMatches(
              current,
              item.text,
              (item.provenance.corrections ?? []).some(
                (c) => c.earlierText != null && c.earlierText !== item.text,
              ),
            ),
            ...earlierMatches(
              earlier,
              (item.provenance.corrections ?? []).flatMap((c) =>
                c.earlierText == null ? [] : [c.earlierText],
              ),
            ),
          ];
    items.push(item);
  }
  await nameStaff(client, items);
  return { items, gone };
}

/** Staff by any identifier the coercion records use (HPR or employee number), from the journal's Practitioner. */
const STAFF = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Practitioner {
  id name profession hprNumber employeeNumber } } }`;

interface Staff {
  id: string;
  name: string | null;
  profession: string | null;
  hprNumber: string | null;
  employeeNumber: string | null;
}

/** One staff member for people: name (profession, HPR and employee number), or the number when the journal does not know it. */
function staffText(id: string, p: Staff | undefined): string {
  if (!p?.name) return `${id} (ukjent)`;
  const numbers = [p.hprNumber && `HPR ${p.hprNumber}`, p.employeeNumber && `ansattnr. ${p.employeeNumber}`];
  return `${p.name} (${[p.profession, ...numbers].filter(Boolean).join(', ') || id})`;
}

/**
 * Who carried out an execution and who made a decision, by name: the coercion records give HPR and
 * employee numbers (a court cannot look them up), the journal's Practitioner (Helseplattformen's
 * export, every number of a person) names them. The author becomes the names and a detail lists
 * each with profession and numbers (`executed by`, `decided by`); a number the journal does not
 * know stays as it is. hol. § 9-9 (two staff, and who they are) and § 9-7 (who decided); review
 * s44: an evidence bundle printed an execution's author as "10845, 10966" and a decision's as
 * "9098765".
 */
async function nameStaff(client: Pick<OwnerClient, 'query'>, items: DossierItem[]): Promise<void> {
  const labelOf = (i: DossierItem) => (i.kind === 'COERCION_EXECUTION' ? 'executed by' : 'decided by');
  // Once: an item named already (hydrated before) is left as it is.
  const staffed = items.filter(
    (i) =>
      (i.kind === 'COERCION_EXECUTION' || i.kind === 'COERCION_DECISION') &&
      i.author &&
      !i.details.some((d) => d.label === labelOf(i)),
  );
  const idsOf = (i: DossierItem) => i.author!.split(', ').filter(Boolean);
  const ids = [...new Set(staffed.flatMap(idsOf))];
  if (!ids.length) return;
  const found = new Map<string, Staff>();
  for (let i = 0; i < ids.length; i += HYDRATE_BATCH) {
    const batch = ids.slice(i, i + HYDRATE_BATCH);
    const r = await client.query<Entities<Staff>>('journal', STAFF, {
      r: batch.map((id) => ({ __typename: 'Practitioner', id })),
    });
    r._entities.forEach((p, k) => {
      if (p) found.set(batch[k]!, p);
    });
  }
  for (const item of staffed) {
    const own = idsOf(item);
    item.author = own.map((id) => found.get(id)?.name ?? id).join(', ');
    const label = labelOf(item);
    const value = own.map((id) => staffText(id, found.get(id))).join('; ');
    const at = item.details.findIndex((d) => d.label === 'staff present' || d.label === 'statute');
    item.details.splice(at < 0 ? item.details.length : at + 1, 0, ...detail(label, value));
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** ts_headline's fragment delimiter (PostgreSQL backend); Elasticsearch gives one fragment per highlight. */
const FRAGMENT_DELIMITER = ' ... ';
/** Characters of text on each side of a matched word in a highlight made here. */
const HIGHLIGHT_CONTEXT = 40;

/** The words a highlight marks (<em>…</em>). */
const markedWords = (h: string) => [...h.matchAll(/<em>(.*?)<\/em>/g)].map((x) => x[1]!).filter(Boolean);
/** `words` as whole words (not inside another word), any case. */
const wholeWords = (words: readonly string[]) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
/** The vocabulary the search expands concepts with (read once, when a corrected note is printed). */
let vocabulary: Map<string, Concept> | undefined;
const tokens = (text: string): string[] => text.toLocaleLowerCase('nb').match(/[\p{L}\p{N}]+/gu) ?? [];
/** A rule's regular expression (the PostgreSQL backend's: search-index/postgres.ts) against `text`. */
const holds = (re: string, text: string) => new RegExp(re, 'i').test(text);
/** Stems of words seen (Decompounder.stems), bounded: a dossier checks the same words again and again. */
const stemCache = new Map<string, Set<string>>();
function stemsOf(word: string): Set<string> {
  let s = stemCache.get(word);
  if (!s) {
    if (stemCache.size >= 50_000) stemCache.clear();
    s = new Set(decompounder().stems(word));
    stemCache.set(word, s);
  }
  return s;
}
/**
 * A compound part as the index's `parts` field compares it with a word: the same word, or a
 * dictionary word both are forms of (Decompounder.stems, as Elasticsearch's hunspell filter
 * stems them: "delt" and "deling" are both forms of dele).
 */
const partIs = (part: string, word: string) => {
  if (part === word) return true;
  const of = stemsOf(word);
  for (const s of stemsOf(part)) if (of.has(s)) return true;
  return false;
};
const lower = (w: string) => w.toLocaleLowerCase('nb');
/**
 * A near rule met among the printed text's compound parts, as the search meets it (query.ts,
 * NEAR_IN_PARTS: the word and one of its context words among the note's parts, nearPartContext):
 * "kveldsbesøket" meets hjemmetjenester's near:besøk (context "kveld").
 */
function nearInParts(c: Concept, r: Concept['near'][number], parts: string[]): boolean {
  if (!c.compoundParts || !NEAR_IN_PARTS) return false;
  const context = nearPartContext(r.context).map(lower);
  const word = lower(r.word);
  return (
    context.length > 0 &&
    parts.some((p) => partIs(p, word)) &&
    parts.some((p) => context.some((x) => partIs(p, x)))
  );
}
/**
 * Whether a phrase or near rule's expansion (search-index/query.ts: <concept>:phrase:<p>,
 * <concept>:near:<word>) still holds in the printed `text`, by the vocabulary's rule (its slop,
 * its context words and window) matched as the PostgreSQL backend matches it (phraseRegex,
 * proximityRegex: words as written), or for a near rule among the text's compound parts
 * (nearInParts); a rule the vocabulary no longer has needs all its words. A concept's terms as
 * compound parts (<concept>:compound:parts) hold as the search's rule does (conceptPartTerms:
 * one of its terms among the parts, none of its `not` forms in the text). Other expansions are
 * not re-checked here (their words are the highlights'). `parts`: the text's compound parts, split
 * by the decompounder the indexer uses (enrich.ts), once per text.
 */
function ruleHolds(expansion: string, text: string, parts: () => string[]): boolean {
  vocabulary ??= loadVocabulary();
  const inParts = /^([^:]+):compound:parts$/.exec(expansion);
  if (inParts) {
    const c = vocabulary.get(inParts[1]!);
    if (!c) return true;
    const { terms, not } = conceptPartTerms(c);
    const said = lower(text);
    return (
      parts().some((p) => terms.some((t) => partIs(p, lower(t)))) && !not.some((x) => said.includes(lower(x)))
    );
  }
  const m = /^([^:]+):(phrase|near):(.+)$/.exec(expansion);
  if (!m) return true;
  const [, concept, kind, what] = m as unknown as [string, string, 'phrase' | 'near', string];
  const c = vocabulary.get(concept);
  const rules =
    kind === 'phrase'
      ? (c?.phrases ?? []).filter((p) => p.text === what).map((p) => holds(phraseRegex(p.text, p.slop), text))
      : (c?.near ?? [])
          .filter((r) => r.word === what)
          .map(
            (r) =>
              holds(proximityRegex([r.word], r.context, r.within, false), text) ||
              nearInParts(c!, r, parts()),
          );
  const ts = tokens(text);
  return rules.length ? rules.some(Boolean) : tokens(what).every((w) => ts.includes(w));
}

/**
 * The matches with highlights from `text`, the text printed. The search highlighted the text the
 * index held when the dossier was planned; a note corrected since (helsepersonelloven § 42)
 * prints its new text, and its highlights were the earlier text's: words it no longer says,
 * shown as where it says them (found in review s34; the earlier text is the item's history, in
 * its provenance). When a highlight is not in `text`, a match is kept only on the highlight
 * fragments all of whose marked words `text` still says, and those words are marked again where
 * `text` has them (at most 3 fragments, as the search gives); a phrase or near expansion is kept
 * only when its rule still holds in `text` (ruleHolds: all the phrase's words in order, the
 * near rule's word with a context word in its window), and a match left with no fragment, or
 * with none of its expansions, is dropped. Review s35: a match was kept on any one word left, so
 * a note matched by mobbing's near rule ("følte seg utenfor", "holdt utenfor": the highlight
 * marks "utenfor") corrected to "gikk utenfor for å røyke" stayed a match, highlighted
 * "<em>utenfor</em>". A match with no highlight (met among compound parts only, or by a vector)
 * is re-checked the same way when `corrected` (a correction left the note saying something else:
 * the highlights cannot tell), and kept while one of its expansions still holds; stop 35 kept it
 * whatever the correction said. A near rule or a concept's term met among compound parts holds
 * when the printed text's parts still meet it (nearInParts, conceptPartTerms).
 */
export function printedMatches(
  matches: DossierConceptMatch[],
  text: string | null,
  corrected = true,
): DossierConceptMatch[] {
  if (text == null) return matches;
  const printed = squash(text);
  let split: string[] | undefined;
  const parts = () => (split ??= tokens(decompounder().parts(text)));
  const fits = (h: string) =>
    h.split(FRAGMENT_DELIMITER).every((f) => printed.includes(squash(f.replace(/<\/?em>/g, ''))));
  const says = (w: string) => wholeWords([w]).test(text);
  const out: DossierConceptMatch[] = [];
  for (const m of matches) {
    // A hit with nothing marked (Elasticsearch's no_match_size since stop 47: the start of the
    // text, unmarked) is a match without highlights: re-checked by its rules, not by words
    // (review of stop 47: the old unmarked fragment no longer fit a corrected text and, with no
    // marked word, the match was dropped while its rule still held).
    if (!m.highlights.some((h) => h.includes('<em>'))) {
      if (!corrected) out.push(m);
      else {
        const expansions = m.expansions.filter((e) => ruleHolds(e, text, parts));
        // The unmarked fragments are kept only while the printed text still says them.
        const highlights = m.highlights.every(fits) ? m.highlights : [];
        if (!m.expansions.length || expansions.length) out.push({ ...m, expansions, highlights });
      }
      continue;
    }
    if (m.highlights.every(fits)) {
      out.push(m);
      continue;
    }
    const expansions = m.expansions.filter((e) => ruleHolds(e, text, parts));
    if (m.expansions.length && !expansions.length) continue;
    const fragments = m.highlights.flatMap((h) => h.split(FRAGMENT_DELIMITER)).map(markedWords);
    const words = [...new Set(fragments.filter((f) => f.length && f.every(says)).flat())];
    if (!words.length) continue;
    const word = wholeWords(words);
    const highlights: string[] = [];
    let end = -1;
    for (const hit of text.matchAll(word)) {
      if (hit.index < end) continue;
      if (highlights.length === 3) break;
      const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, hit.index - HIGHLIGHT_CONTEXT)) + 1);
      const after = text.indexOf(' ', hit.index + hit[0].length + HIGHLIGHT_CONTEXT);
      end = after < 0 ? text.length : after;
      highlights.push(text.slice(from, end).replace(word, '<em>$&</em>').trim());
    }
    if (highlights.length) out.push({ ...m, expansions, highlights });
  }
  return out;
}

/**
 * The matches found in a note's earlier versions only (matchedIn EARLIER_VERSION), as far as an
 * earlier version shown with the note still says them: each is checked as printedMatches checks a
 * current match, against the earlier texts in turn (a version deleted since, or one the caller
 * may not see, is not among them: its match goes with it).
 */
export function earlierMatches(
  matches: DossierConceptMatch[],
  earlierTexts: string[],
): DossierConceptMatch[] {
  const out: DossierConceptMatch[] = [];
  for (const m of matches)
    for (const text of earlierTexts) {
      const kept = printedMatches([m], text, true)[0];
      if (kept) {
        out.push(kept);
        break;
      }
    }
  return out;
}

export interface DossierPageRequest {
  /** At most this many items (1–1000); all when left out. */
  first?: number | null;
  /** The endCursor of the previous page. */
  after?: string | null;
  /** Only items a concept matched. */
  onlyMatching?: boolean | null;
}

export const MAX_PAGE = 1000;

const encodeCursor = (r: TimelineRow) => Buffer.from(JSON.stringify([r.key, r.id])).toString('base64url');
function decodeCursor(after: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // falls through to the error
  }
  throw badInput('after is not a cursor of a dossier page (use pageInfo.endCursor)');
}

/**
 * A dossier: the plan, and the whole items of the page asked for (all of them when no
 * `first` is given). Pages are cut on the timeline's order (instant, then id), so a cursor
 * stays valid when records are added before or after it.
 */
export async function buildDossier(
  client: OwnerClient,
  req: DossierRequest,
  facts?: PersonFacts,
  page: DossierPageRequest = {},
): Promise<Dossier> {
  if (page.first != null && (page.first < 1 || page.first > MAX_PAGE))
    throw badInput(`first must be between 1 and ${MAX_PAGE}`);
  const cursor = page.after ? decodeCursor(page.after) : null;
  const { rows, ...plan } = await planDossier(client, req, facts);
  let chosen = page.onlyMatching ? rows.filter((r) => r.concepts.length) : rows;
  const total = chosen.length;
  if (cursor) {
    const [key, id] = cursor;
    chosen = chosen.filter((r) => r.key > key || (r.key === key && r.id > id));
  }
  const slice = page.first != null ? chosen.slice(0, page.first) : chosen;
  const { items, gone } = await hydrate(client, slice, plan.patientId);
  return {
    ...plan,
    totalItems: total,
    items,
    pageInfo: {
      hasNextPage: slice.length < chosen.length,
      endCursor: slice.length ? encodeCursor(slice[slice.length - 1]!) : null,
    },
    completeness: {
      ...plan.completeness,
      notes: [
        ...plan.completeness.notes,
        ...(gone
          ? [`${gone} records went away (deleted or moved) while the dossier was built; ask again.`]
          : []),
      ],
    },
  };
}

/** Instants and local dates on one scale: a local date sorts at its Oslo midnight. */
export function sortKey(i: Pick<DossierItem, 'at'>): string {
  if (i.at.length !== 10) return new Date(i.at).toISOString();
  // Many records share a day: each local date goes through the Oslo calendar once.
  let key = MIDNIGHTS.get(i.at);
  if (key === undefined) {
    key = osloMidnight(i.at).toISOString();
    if (MIDNIGHTS.size >= 100_000) MIDNIGHTS.clear();
    MIDNIGHTS.set(i.at, key);
  }
  return key;
}
const MIDNIGHTS = new Map<string, string>();

function systemOfImport(source: string): DossierSourceSystem | null {
  if (source === 'hp') return 'HELSEPLATTFORMEN';
  if (source.startsWith('gerica')) return 'GERICA';
  if (source === 'profil') return 'PROFIL';
  return null;
}
