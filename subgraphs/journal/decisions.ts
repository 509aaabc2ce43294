/**
 * Service decisions (vedtak) in the journal room: reading them, and linking a decision to the
 * assessment it names.
 *
 * The link rule: a decision whose text names "vurdering datert DD.MM.YYYY" rests on the
 * assessment of that local date for that person — a note of type Vurdering of the person
 * (any linked record) dated that day. The legacy original stands for its migrated HP copy
 * (stored once, as provenance). The basis says which words named it and how the note was
 * found; when no such note exists the decision says so (an empty list), it never guesses
 * another date. Source: forvaltningsloven §§ 24–25 (a decision states its grounds, which
 * may refer to an assessment).
 */
import type { Queryable } from '../../lib/db';
import { osloDate, osloIso } from '../../lib/oslo-time';
import type { SubgraphContext } from '../../lib/subgraph';
import type { JournalEntryRow } from './store';
import { quarantinedLineOwner } from './quarantine-owner';

export interface ServiceDecisionRow {
  id: string;
  patient_id: string;
  source_system: 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL';
  source_id: string;
  decision_type: string;
  service: string | null;
  legal_basis: string | null;
  decided_on: string;
  decided_at: Date | null;
  valid_from: string | null;
  valid_to: string | null;
  outcome: 'GRANTED' | 'PARTLY' | 'REFUSED';
  outcome_basis: string;
  justification: string | null;
  text: string | null;
  author_name: string | null;
  author_hpr: string | null;
  author_practitioner_id: string | null;
  unit: string | null;
  cited_assessment_date: string | null;
  cited_assessment_text: string | null;
  journal_entry_id: string | null;
  file: string | null;
  version: number;
}

/** Dates come back as YYYY-MM-DD text (no time-zone shift). */
const COLUMNS = `id, patient_id, source_system, source_id, decision_type, service, legal_basis, decided_on::text AS decided_on,
  decided_at, valid_from::text AS valid_from, valid_to::text AS valid_to, outcome, outcome_basis, justification, text,
  author_name, author_hpr, author_practitioner_id, unit, cited_assessment_date::text AS cited_assessment_date,
  cited_assessment_text, journal_entry_id, file, version`;

export async function decisionsByIds(db: Queryable, ids: readonly string[]): Promise<ServiceDecisionRow[]> {
  return (
    await db.query<ServiceDecisionRow>(
      `SELECT ${COLUMNS} FROM journal.service_decision WHERE id = ANY($1::text[])`,
      [ids],
    )
  ).rows;
}

export interface DecisionFilter {
  patientIds: string[];
  fromDate: string | null;
  toDate: string | null;
  sources: string[] | null;
}

export async function decisionsFor(db: Queryable, f: DecisionFilter): Promise<ServiceDecisionRow[]> {
  return (
    await db.query<ServiceDecisionRow>(
      `SELECT ${COLUMNS} FROM journal.service_decision
        WHERE patient_id = ANY($1::text[]) AND ($2::date IS NULL OR decided_on >= $2) AND ($3::date IS NULL OR decided_on <= $3)
          AND ($4::text[] IS NULL OR source_system = ANY($4::text[]))
        ORDER BY decided_on, id`,
      [f.patientIds, f.fromDate, f.toDate, f.sources],
    )
  ).rows;
}

export interface AssessmentLinkRow {
  entry: JournalEntryRow;
  basis: string;
}

/**
 * The assessments each decision names: Vurdering notes of the person (`group`: every linked
 * record) dated the cited day, each with the basis of the link.
 */
export async function assessmentLinks(
  db: Queryable,
  d: ServiceDecisionRow,
  group: string[],
): Promise<AssessmentLinkRow[]> {
  if (!d.cited_assessment_date) return [];
  const rows = (
    await db.query<JournalEntryRow & { copies: string[] }>(
      `SELECT e.*, coalesce((SELECT array_agg(p.source_system || ' ' || p.source_id ORDER BY p.source_id)
                               FROM journal.entry_provenance p WHERE p.entry_id = e.id), '{}') AS copies
         FROM journal.journal_entry e
        WHERE e.patient_id = ANY($1::text[]) AND e.status = 'current' AND lower(e.entry_type) = 'vurdering'
          AND e.dated_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Oslo')
          AND e.dated_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Oslo')
        ORDER BY e.dated_at, e.id`,
      [group, d.cited_assessment_date],
    )
  ).rows;
  // The words are gone when the note the decision was read from was deleted (hpl. § 43); the date stays.
  const named = d.cited_assessment_text
    ? `the decision names "${d.cited_assessment_text}"`
    : `the decision named an assessment dated ${d.cited_assessment_date} (its words were deleted with its note)`;
  return rows
    .filter((e) => osloDate(e.dated_at) === d.cited_assessment_date)
    .map((e) => {
      const copies = e.copies.length ? `; its migrated copy: ${e.copies.join(', ')}` : '';
      const only = rows.length === 1 ? 'the only' : `one of ${rows.length}`;
      return {
        entry: e,
        basis: `${named}; ${only} Vurdering note${rows.length === 1 ? '' : 's'} of this person dated ${d.cited_assessment_date} (${e.source_system} ${e.source_id}, written ${osloIso(e.written_at)}${e.author_name ? ` by ${e.author_name}` : ''})${copies}`,
      };
    });
}

/** A request-scoped loader of decisions by id. */
export const decisionLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, ServiceDecisionRow | null>('service-decision', async (ids) => {
    const rows = await decisionsByIds(ctx.db, ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });

/** A row service_decision_version keeps: the decision as it was, who or what replaced it, when and why. */
interface DecisionVersionRow {
  decision_id: string;
  version: number;
  record: Record<string, unknown>;
  replaced_at: Date;
  replaced_by: string;
  reason: string;
}

const keptText = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const OUTCOMES = ['GRANTED', 'PARTLY', 'REFUSED'] as const;

/** An earlier version of a decision as ServiceDecisionVersion shows it: typed fields, never the kept row. */
export interface DecisionVersionOut {
  version: number;
  replacedAt: string;
  replacedBy: string;
  reason: string;
  decisionType: string | null;
  service: string | null;
  legalBasis: string | null;
  decidedOn: string | null;
  decidedAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  outcome: ServiceDecisionRow['outcome'] | null;
  outcomeBasis: string | null;
  justification: string | null;
  text: string | null;
  authorName: string | null;
  unit: string | null;
  citedAssessmentDate: string | null;
  citedAssessmentText: string | null;
  file: string | null;
}

function versionOut(v: DecisionVersionRow): DecisionVersionOut {
  const r = v.record;
  const decidedAt = keptText(r.decided_at);
  const outcome = OUTCOMES.find((o) => o === r.outcome) ?? null;
  return {
    version: v.version,
    replacedAt: osloIso(v.replaced_at),
    replacedBy: v.replaced_by,
    reason: v.reason,
    decisionType: keptText(r.decision_type),
    service: keptText(r.service),
    legalBasis: keptText(r.legal_basis),
    decidedOn: keptText(r.decided_on),
    decidedAt: decidedAt && !Number.isNaN(Date.parse(decidedAt)) ? osloIso(new Date(decidedAt)) : null,
    validFrom: keptText(r.valid_from),
    validTo: keptText(r.valid_to),
    outcome,
    outcomeBasis: keptText(r.outcome_basis),
    justification: keptText(r.justification),
    text: keptText(r.text),
    authorName: keptText(r.author_name),
    unit: keptText(r.unit),
    citedAssessmentDate: keptText(r.cited_assessment_date),
    citedAssessmentText: keptText(r.cited_assessment_text),
    file: keptText(r.file),
  };
}

/**
 * Earlier versions of decisions (ServiceDecision.history; review s41), oldest first, as
 * JournalEntry.history gives a note's: the rows service_decision_version keeps of each (a later
 * source export, a correction or § 43 deletion of the note it was read from, which removes the
 * note's words from every kept row too, a § 44 move, a source conflict resolved), shown as the
 * decision's own typed fields, never the row (it holds the content hash, internal ids and the
 * patient record it was on). The access is the decision's (pasientjournalloven § 22): whoever
 * reached the decision in this request reads its versions, a version dated by its own decision
 * date (`decided_on` as kept) for a caller limited in time, as the decision is; a read is logged
 * as a read of the decision under its patient record (pasientjournalforskriften § 14). A version
 * kept while the decision was on another patient's record (before a § 44 move) is this decision's
 * history: the same decision, moved because it was this person's.
 */
export const decisionHistoryLoader = (ctx: SubgraphContext) =>
  ctx.loader<ServiceDecisionRow, DecisionVersionOut[]>('service-decision-history', async (decisions) => {
    const rows = (
      await ctx.db.query<DecisionVersionRow>(
        `SELECT decision_id, version, record, replaced_at, replaced_by, reason FROM journal.service_decision_version
          WHERE decision_id = ANY($1::text[]) ORDER BY decision_id, version`,
        [decisions.map((d) => d.id)],
      )
    ).rows;
    return decisions.map((d) => {
      const shown = rows
        .filter((v) => v.decision_id === d.id)
        .filter((v) =>
          ctx.policy.visible(
            'service_decision',
            { patientIds: [d.patient_id] },
            keptText(v.record.decided_on) ?? d.decided_on,
          ),
        );
      if (shown.length) ctx.audit.record(d.patient_id, 'service_decision', [d.id]);
      return shown.map(versionOut);
    });
  });

export interface SourcePeriodRow {
  sourceSystem: 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL';
  from: string | null;
  to: string | null;
  records: number;
}

/** The local dates each source system's journal records cover (notes, care contacts, service decisions). */
export async function recordPeriods(db: Queryable): Promise<SourcePeriodRow[]> {
  return (
    await db.query<SourcePeriodRow>(
      `WITH d AS (
         SELECT source_system, (dated_at AT TIME ZONE 'Europe/Oslo')::date AS day FROM journal.journal_entry
         UNION ALL SELECT source_system, (period_start AT TIME ZONE 'Europe/Oslo')::date FROM journal.care_contact
         UNION ALL SELECT source_system, decided_on FROM journal.service_decision)
       SELECT source_system AS "sourceSystem", min(day)::text AS "from", max(day)::text AS "to", count(*)::int AS records
         FROM d GROUP BY source_system ORDER BY source_system`,
    )
  ).rows;
}

export interface QuarantinedRow {
  source: string;
  file: string;
  line: number | null;
  reason: string;
  quarantined_at: Date;
  /**
   * What made it this person's: the national ids and HP patient ids its patient field holds, and the record
   * of the note it is a source line of (the access log names the record each belongs to).
   */
  matched: {
    nationalIds: string[];
    hpPatientIds: string[];
    entryPatient: string | null;
    /** The record whose source identity the importer recorded as the line's owner (migration 045). */
    ownerPatient: string | null;
  };
}

/**
 * Quarantined source records of a person (pasientjournalloven § 22; helsepersonelloven § 21:
 * another person's file, line and reason are not shown): those whose PATIENT FIELD holds one of
 * the person's national ids or HP patient ids (quarantine-owner.ts: Gerica's Fodselsnr, an HP
 * resource's subject / patient reference or a Patient's own id and identifiers, a Profil klient's
 * fnr; found in task s46: a number anywhere in the bytes listed another person's line that named
 * this one as a relative or in free text), and those that are a version of one of the person's
 * notes (`entry_id`, migration 013; its bytes may have been removed by a § 43 deletion), and
 * those the importer recorded as one of the person's records' (`owner_source_system`,
 * `owner_local_id`, migration 045: a Profil notat's klient; task s47, defect 1). The
 * bytes are narrowed in PostgreSQL by the needle anywhere, then decided here by the patient field,
 * compared whole (`Patient/pt-1` is not `pt-10`, nor 12345678901 part of a longer number: review
 * s30). A line with no patient field that reads, and no note, is no one's.
 */
export async function quarantinedFor(
  db: Queryable,
  nationalIds: string[],
  hpPatientIds: string[],
  patientIds: string[] = [],
): Promise<QuarantinedRow[]> {
  if (!nationalIds.length && !hpPatientIds.length && !patientIds.length) return [];
  const rows = (
    await db.query<
      Omit<QuarantinedRow, 'matched'> & {
        raw: Buffer;
        entry_patient: string | null;
        owner_patient: string | null;
      }
    >(
      `SELECT source, file, line, reason, quarantined_at, raw,
              (SELECT e.patient_id FROM journal.journal_entry e
                WHERE e.id = q.entry_id AND e.patient_id = ANY($2::text[]) LIMIT 1) AS entry_patient,
              (SELECT i.patient_id FROM journal.patient_identity i
                WHERE i.source_system = q.owner_source_system AND i.local_id = q.owner_local_id
                  AND i.patient_id = ANY($2::text[]) LIMIT 1) AS owner_patient
         FROM journal.quarantine q
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) n WHERE position(convert_to(n, 'UTF8') IN q.raw) > 0)
           OR EXISTS (SELECT 1 FROM journal.journal_entry e WHERE e.id = q.entry_id AND e.patient_id = ANY($2::text[]))
           OR EXISTS (SELECT 1 FROM journal.patient_identity i
                       WHERE i.patient_id = ANY($2::text[]) AND i.source_system = q.owner_source_system
                         AND i.local_id = q.owner_local_id)
        ORDER BY quarantined_at, id`,
      [[...nationalIds, ...hpPatientIds], patientIds],
    )
  ).rows;
  return rows.flatMap(({ source, file, line, reason, quarantined_at, raw, entry_patient, owner_patient }) => {
    const owner = quarantinedLineOwner(source, raw);
    const nids = nationalIds.filter((n) => owner.nationalIds.includes(n));
    const hps = hpPatientIds.filter((h) => owner.hpPatientIds.includes(h));
    if (!entry_patient && !owner_patient && !nids.length && !hps.length) return [];
    return [
      {
        source,
        file,
        line,
        reason,
        quarantined_at,
        matched: {
          nationalIds: nids,
          hpPatientIds: hps,
          entryPatient: entry_patient,
          ownerPatient: owner_patient,
        },
      },
    ];
  });
}
