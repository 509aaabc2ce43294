import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../lib/db';
import type { ReviewOutcome } from './verdict';
import { helpNumberKey } from '../journal/help-numbers';
import { sameAsInForce } from './same-execution';

export interface DecisionRow {
  id: string;
  patient_nid: string;
  legal_basis: string;
  measures: string[];
  valid_from: string;
  valid_to: string | null;
  decided_at: Date;
  decided_by: string | null;
  approved_at: Date | null;
  justification: string;
  source_system: string;
  source_id: string;
  discrepancies: string[];
  /** Statsforvalteren's review outcome (hol. § 9-8); null with approved_at set is APPROVED. */
  reviewed_at?: Date | null;
  review_outcome?: ReviewOutcome | null;
  review_measures?: string[] | null;
  review_valid_to?: string | null;
  review_note?: string | null;
}

/** A decision with the ids of all its source records. */
export interface DecisionWithSources extends DecisionRow {
  sources: { system: string; id: string; file: string | null }[];
  /**
   * The versions this decision replaced, oldest first (coercion.record_version, migration 011):
   * what each said that judging uses, and when it was replaced (`replaced_at`, the time the next
   * version was stored). Empty: never revised. verdict.ts approvedVersion reads them (hol. § 9-8).
   */
  versions?: StoredDecisionVersion[];
  /**
   * Later decisions changing the approval, oldest first (coercion.approval_change, migration 021):
   * each binds from its own time (verdict.ts stateAt). Empty: none.
   */
  approval_changes?: StoredApprovalChange[];
}

/** A change of a decision's approval as `DECISION_WITH_SOURCES` reads it (JSON). */
export interface StoredApprovalChange {
  id: string;
  decided_by: 'STATSFORVALTEREN' | 'NEMNDA' | 'COURT';
  binds_from: string;
  outcome: ReviewOutcome;
  measures: string[] | null;
  valid_to: string | null;
  reason: string;
  recorded_by: string;
  recorded_at: string;
}

/** A replaced version of a decision as `DECISION_WITH_SOURCES` reads it (the row's JSON, as stored). */
export interface StoredDecisionVersion {
  legal_basis: string;
  measures: string[];
  valid_from: string;
  valid_to: string | null;
  approved_at: string | null;
  reviewed_at: string | null;
  review_outcome: ReviewOutcome | null;
  review_measures: string[] | null;
  review_valid_to: string | null;
  replaced_at: string;
  /** Who stored the next version: `import` for a source export, else the user or command (record_version.replaced_by). */
  replaced_by?: string;
  /** Why, as kept (record_version.reason). */
  reason?: string | null;
}

export interface ExecutionRow {
  id: string;
  patient_nid: string;
  recorded_decision_id: string | null;
  measure: string;
  start_at: Date;
  end_at: Date;
  executed_by: string[];
  description: string;
  source_system: string;
  source_id: string;
  /** null: the source does not say whether it was a § 9-5 a emergency. */
  emergency_reported: boolean | null;
  recorded_legal_basis: string | null;
  alternatives_tried: string | null;
  reported_at: Date | null;
  time_notes: string[];
  /**
   * The execution this record is the same execution as, recorded by the journalansvarlig
   * (coercion.same_execution, migration 018, in force): it is not counted (hol. § 9-7); null or
   * absent when none.
   */
  same_as?: string | null;
}

/**
 * The column every read of executions adds: the counted execution of a marking never undone that
 * names this one (same-execution.ts; review s44). Over `coercion.execution` unaliased. Every read
 * that selects it passes its rows through same-execution.ts sameAsInForce, which clears it where the
 * two records are no longer one person's (the marking not in force; review s45).
 */
export const SAME_AS = `(SELECT m.counted_id FROM coercion.same_execution m
   WHERE m.execution_id = coercion.execution.id AND m.undone_at IS NULL) AS same_as`;

/**
 * A row an update replaced, as coercion.record_version keeps it (migration 011: the whole row as
 * JSON, who or what changed it, when and why). Read only by history.ts, which shows the record's
 * own fields from it, never the row.
 */
export interface KeptVersionRow {
  /** The row's place in coercion.record_version: the order in which the versions were kept. */
  id: number;
  record_key: string;
  record: Record<string, unknown>;
  replaced_at: Date;
  replaced_by: string;
  reason: string;
}

/** The kept rows of decisions or executions under these record keys, oldest first (one round trip). */
export async function keptVersions(
  db: Queryable,
  table: 'decision' | 'execution',
  keys: readonly string[],
): Promise<KeptVersionRow[]> {
  return (
    await db.query<KeptVersionRow>(
      `SELECT id, record_key, record, replaced_at, replaced_by, reason FROM coercion.record_version
        WHERE record_table = $1 AND record_key = ANY($2::text[]) ORDER BY id`,
      [table, keys],
    )
  ).rows;
}

export interface NewDecision {
  id: string;
  patientNid: string;
  legalBasis: string;
  measures: string[];
  validFrom: string;
  validTo?: string | null;
  decidedAt: string;
  decidedBy?: string | null;
  approvedAt?: string | null;
  justification?: string;
  sourceSystem: string;
  sourceId: string;
  discrepancies?: string[];
}

export interface NewExecution {
  id: string;
  patientNid: string;
  recordedDecisionId?: string | null;
  measure: string;
  start: string;
  end: string;
  executedBy: string[];
  description?: string;
  sourceSystem: string;
  sourceId: string;
  /** null: the source does not say (omitted: false). */
  emergencyReported?: boolean | null;
  recordedLegalBasis?: string | null;
  alternativesTried?: string | null;
  reportedAt?: string | null;
  timeNotes?: string[];
  sourceFile?: string | null;
  /** The unit (enhet) the source says carried it out; null when it does not say. */
  unit?: string | null;
}

const decisionJson = (d: NewDecision) => ({
  id: d.id,
  patient_nid: d.patientNid,
  legal_basis: d.legalBasis,
  measures: d.measures,
  valid_from: d.validFrom,
  valid_to: d.validTo ?? null,
  decided_at: d.decidedAt,
  decided_by: d.decidedBy ?? null,
  approved_at: d.approvedAt ?? null,
  justification: d.justification ?? '',
  source_system: d.sourceSystem,
  source_id: d.sourceId,
  discrepancies: d.discrepancies ?? [],
});

const DECISION_RECORDSET = `jsonb_to_recordset($1::jsonb) AS d(id text, patient_nid text, legal_basis text, measures jsonb,
  valid_from date, valid_to date, decided_at timestamptz, decided_by text, approved_at timestamptz, justification text,
  source_system text, source_id text, discrepancies jsonb)`;

/**
 * Inserts decisions that are new (by id), each with its own provenance row. Used by
 * the generator's loader; importers use `upsertDecisions`, which also updates.
 */
export async function insertDecisions(db: Queryable, rows: NewDecision[]): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(rows.map(decisionJson));
  await db.query(
    `INSERT INTO coercion.decision (id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, decided_by,
                                    approved_at, justification, source_system, source_id, discrepancies)
     SELECT id, patient_nid, legal_basis, ARRAY(SELECT jsonb_array_elements_text(measures)), valid_from, valid_to,
            decided_at, decided_by, approved_at, coalesce(justification, ''), source_system, source_id,
            ARRAY(SELECT jsonb_array_elements_text(discrepancies))
       FROM ${DECISION_RECORDSET}
     ON CONFLICT DO NOTHING`,
    [json],
  );
  await db.query(
    `INSERT INTO coercion.decision_source (source_system, source_id, decision_id)
     SELECT source_system, source_id, id FROM ${DECISION_RECORDSET}
     ON CONFLICT DO NOTHING`,
    [json],
  );
}

/** Inserts or updates merged decisions; a row whose values are unchanged is not touched. */
export async function upsertDecisions(db: Queryable, rows: NewDecision[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.query(
    `INSERT INTO coercion.decision AS t (id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, decided_by,
                                    approved_at, justification, source_system, source_id, discrepancies)
     SELECT id, patient_nid, legal_basis, ARRAY(SELECT jsonb_array_elements_text(measures)), valid_from, valid_to,
            decided_at, decided_by, approved_at, coalesce(justification, ''), source_system, source_id,
            ARRAY(SELECT jsonb_array_elements_text(discrepancies))
       FROM ${DECISION_RECORDSET}
     ON CONFLICT (id) DO UPDATE SET
       patient_nid = excluded.patient_nid, legal_basis = excluded.legal_basis, measures = excluded.measures,
       valid_from = excluded.valid_from, valid_to = excluded.valid_to, decided_at = excluded.decided_at,
       decided_by = excluded.decided_by, approved_at = excluded.approved_at, justification = excluded.justification,
       source_system = excluded.source_system, source_id = excluded.source_id, discrepancies = excluded.discrepancies
     WHERE (t.patient_nid, t.legal_basis, t.measures, t.valid_from, t.valid_to, t.decided_at, t.decided_by, t.approved_at,
            t.justification, t.source_system, t.source_id, t.discrepancies)
       IS DISTINCT FROM
           (excluded.patient_nid, excluded.legal_basis, excluded.measures, excluded.valid_from, excluded.valid_to,
            excluded.decided_at, excluded.decided_by, excluded.approved_at, excluded.justification, excluded.source_system,
            excluded.source_id, excluded.discrepancies)`,
    [JSON.stringify(rows.map(decisionJson))],
  );
  return r.rowCount;
}

export interface DecisionSourceRecord {
  sourceSystem: string;
  sourceId: string;
  decisionId: string;
  /** Normalised values as this source states them. */
  record: Record<string, unknown>;
  sourceFile: string | null;
}

/** Stores provenance rows; unchanged rows are not touched. Returns rows written. */
export async function upsertDecisionSources(db: Queryable, rows: DecisionSourceRecord[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.query(
    `INSERT INTO coercion.decision_source AS t (source_system, source_id, decision_id, record, source_file)
     SELECT source_system, source_id, decision_id, record, source_file
       FROM jsonb_to_recordset($1::jsonb) AS s(source_system text, source_id text, decision_id text, record jsonb, source_file text)
     ON CONFLICT (source_system, source_id) DO UPDATE SET decision_id = excluded.decision_id, record = excluded.record,
       source_file = excluded.source_file, imported_at = now()
     WHERE (t.decision_id, t.record, t.source_file) IS DISTINCT FROM (excluded.decision_id, excluded.record, excluded.source_file)`,
    [
      JSON.stringify(
        rows.map((s) => ({
          source_system: s.sourceSystem,
          source_id: s.sourceId,
          decision_id: s.decisionId,
          record: s.record,
          source_file: s.sourceFile,
        })),
      ),
    ],
  );
  return r.rowCount;
}

export async function decisionSourcesFor(
  db: Queryable,
  decisionIds: readonly string[],
): Promise<DecisionSourceRecord[]> {
  const r = await db.query<{
    source_system: string;
    source_id: string;
    decision_id: string;
    record: Record<string, unknown>;
    source_file: string | null;
  }>(
    `SELECT source_system, source_id, decision_id, record, source_file FROM coercion.decision_source
      WHERE decision_id = ANY($1::text[]) ORDER BY decision_id, source_system, source_id`,
    [decisionIds],
  );
  return r.rows.map((s) => ({
    sourceSystem: s.source_system,
    sourceId: s.source_id,
    decisionId: s.decision_id,
    record: s.record,
    sourceFile: s.source_file,
  }));
}

/**
 * For each id a source may use for a decision (its own id or a source id): the decision and its
 * patient. An id more than one decision answers to (each source system keys its own: migration
 * 016) is first the decision holding `sourceSystem`'s record of that id, then the decision of
 * that id, then another source's record of it.
 */
export async function resolveDecisionAliases(
  db: Queryable,
  aliases: readonly string[],
  sourceSystem: string | null = null,
): Promise<Map<string, { decisionId: string; patientNid: string }>> {
  if (!aliases.length) return new Map();
  const r = await db.query<{ alias: string; id: string; patient_nid: string }>(
    `SELECT DISTINCT ON (alias) alias, id, patient_nid FROM (
       SELECT s.source_id AS alias, d.id, d.patient_nid, CASE WHEN s.source_system = $2 THEN 0 ELSE 2 END AS rank
         FROM coercion.decision_source s JOIN coercion.decision d ON d.id = s.decision_id
        WHERE s.source_id = ANY($1::text[])
       UNION ALL
       SELECT d.id, d.id, d.patient_nid, 1 FROM coercion.decision d WHERE d.id = ANY($1::text[])
     ) x ORDER BY alias, rank, id`,
    [aliases, sourceSystem],
  );
  return new Map(r.rows.map((x) => [x.alias, { decisionId: x.id, patientNid: x.patient_nid }]));
}

/** The id a new record gets when another record already has the id it asks for (migration 016). */
export const sourceQualifiedId = (sourceSystem: string, sourceId: string): string =>
  `${sourceSystem}:${sourceId}`;

/** A stored decision: its id, person and origin (source system + source id: its natural key). */
export interface StoredDecisionKey {
  id: string;
  patientNid: string;
  sourceSystem: string;
  sourceId: string;
}

/**
 * The stored decisions a batch of source records may belong to: by the record's own source row
 * (`bySource`, key system NUL id), by its origin (`byOrigin`, same key), and every one of those
 * and of the ids asked for (plain and source-qualified) by id (`byId`).
 */
export async function storedDecisionKeys(
  db: Queryable,
  records: {
    sourceSystem: string;
    sourceId: string;
    decisionId: string;
    origin: { system: string; id: string };
  }[],
): Promise<{
  bySource: Map<string, StoredDecisionKey>;
  byOrigin: Map<string, StoredDecisionKey>;
  byId: Map<string, StoredDecisionKey>;
}> {
  const out = { bySource: new Map(), byOrigin: new Map(), byId: new Map() } as {
    bySource: Map<string, StoredDecisionKey>;
    byOrigin: Map<string, StoredDecisionKey>;
    byId: Map<string, StoredDecisionKey>;
  };
  if (!records.length) return out;
  const r = await db.query<{
    via: 'source' | 'origin' | 'id';
    key_system: string | null;
    key_id: string | null;
    id: string;
    patient_nid: string;
    source_system: string;
    source_id: string;
  }>(
    `WITH k AS (SELECT * FROM jsonb_to_recordset($1::jsonb)
                  AS k(source_system text, source_id text, decision_id text, origin_system text, origin_id text))
     SELECT 'source' AS via, s.source_system AS key_system, s.source_id AS key_id, d.id, d.patient_nid, d.source_system, d.source_id
       FROM k JOIN coercion.decision_source s ON s.source_system = k.source_system AND s.source_id = k.source_id
       JOIN coercion.decision d ON d.id = s.decision_id
     UNION ALL
     SELECT 'origin', d.source_system, d.source_id, d.id, d.patient_nid, d.source_system, d.source_id
       FROM coercion.decision d WHERE (d.source_system, d.source_id) IN (SELECT origin_system, origin_id FROM k)
     UNION ALL
     SELECT 'id', NULL, NULL, d.id, d.patient_nid, d.source_system, d.source_id
       FROM coercion.decision d
      WHERE d.id IN (SELECT decision_id FROM k UNION SELECT origin_system || ':' || origin_id FROM k)`,
    [
      JSON.stringify(
        records.map((x) => ({
          source_system: x.sourceSystem,
          source_id: x.sourceId,
          decision_id: x.decisionId,
          origin_system: x.origin.system,
          origin_id: x.origin.id,
        })),
      ),
    ],
  );
  for (const x of r.rows) {
    const key: StoredDecisionKey = {
      id: x.id,
      patientNid: x.patient_nid,
      sourceSystem: x.source_system,
      sourceId: x.source_id,
    };
    if (x.via === 'source') out.bySource.set(`${x.key_system}\u0000${x.key_id}`, key);
    if (x.via === 'origin') out.byOrigin.set(`${x.key_system}\u0000${x.key_id}`, key);
    out.byId.set(x.id, key);
  }
  return out;
}

const executionJson = (e: NewExecution) => ({
  id: e.id,
  patient_nid: e.patientNid,
  recorded_decision_id: e.recordedDecisionId ?? null,
  measure: e.measure,
  start_at: e.start,
  end_at: e.end,
  executed_by: e.executedBy,
  description: e.description ?? '',
  source_system: e.sourceSystem,
  source_id: e.sourceId,
  emergency_reported: e.emergencyReported === undefined ? false : e.emergencyReported,
  recorded_legal_basis: e.recordedLegalBasis ?? null,
  alternatives_tried: e.alternativesTried ?? null,
  reported_at: e.reportedAt ?? null,
  time_notes: e.timeNotes ?? [],
  source_file: e.sourceFile ?? null,
  unit: e.unit ?? null,
});

const EXECUTION_COLUMNS = `id, patient_nid, recorded_decision_id, measure, start_at, end_at, executed_by, description,
  source_system, source_id, emergency_reported, recorded_legal_basis, alternatives_tried, reported_at, time_notes, source_file, unit`;

const EXECUTION_SELECT = `SELECT id, patient_nid, recorded_decision_id, measure, start_at, end_at,
    ARRAY(SELECT jsonb_array_elements_text(executed_by)), coalesce(description, ''), source_system, source_id,
    emergency_reported, recorded_legal_basis, alternatives_tried, reported_at,
    ARRAY(SELECT jsonb_array_elements_text(coalesce(time_notes, '[]'::jsonb))), source_file, unit
  FROM jsonb_to_recordset($1::jsonb) AS e(id text, patient_nid text, recorded_decision_id text, measure text,
    start_at timestamptz, end_at timestamptz, executed_by jsonb, description text, source_system text, source_id text,
    emergency_reported boolean, recorded_legal_basis text, alternatives_tried text, reported_at timestamptz,
    time_notes jsonb, source_file text, unit text)`;

export async function insertExecutions(db: Queryable, rows: NewExecution[]): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO coercion.execution (${EXECUTION_COLUMNS}) ${EXECUTION_SELECT} ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map(executionJson))],
  );
}

/**
 * Inserts new executions and updates changed ones (natural key: source system + source id;
 * the stored id is kept). A new execution whose id another source's execution already has is
 * stored under `<source system>:<source id>` (`sourceQualifiedId`): keyed on `id` alone, an HP
 * execution replaced the Gerica execution with that RegID (found in review s31). Rows of one
 * call are of one source system and unique by source id (an import quarantines a repeated id).
 * Returns rows written.
 */
export async function upsertExecutions(db: Queryable, rows: NewExecution[]): Promise<number> {
  if (!rows.length) return 0;
  const cols = EXECUTION_COLUMNS.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== 'id');
  const r = await db.query(
    `INSERT INTO coercion.execution AS t (${EXECUTION_COLUMNS})
     SELECT coalesce(
              (SELECT s.id FROM coercion.execution s WHERE s.source_system = n.source_system AND s.source_id = n.source_id),
              CASE WHEN EXISTS (SELECT 1 FROM coercion.execution o WHERE o.id = n.id)
                   THEN n.source_system || ':' || n.source_id ELSE n.id END),
            ${cols.join(', ')}
       FROM (${EXECUTION_SELECT}) AS n (${EXECUTION_COLUMNS})
     ON CONFLICT (source_system, source_id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}
     WHERE (${cols.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(', ')})`,
    [JSON.stringify(rows.map(executionJson))],
  );
  return r.rowCount;
}

export interface QuarantineEntry {
  sourceSystem: string;
  file: string;
  line: number;
  sourceId: string | null;
  reason: string;
  raw: Buffer;
  /**
   * The line's patient field as the export gives it, and whether it is a decision's or an
   * execution's (quarantine-owner.ts, migration 026; task s47): whose quarantined line it is.
   */
  patientNid?: string | null;
  recordKind?: 'decision' | 'execution' | null;
}

/**
 * Returns how many entries were new. A row quarantined before migration 026 (no patient field
 * recorded) gets it when the same line is quarantined again (a re-import), so that it is listed
 * under its patient from then on; nothing else of a row stored is changed.
 */
export async function quarantine(db: Queryable, rows: QuarantineEntry[]): Promise<number> {
  if (!rows.length) return 0;
  const json = JSON.stringify(
    rows.map((q) => ({
      source_system: q.sourceSystem,
      file: q.file,
      line: q.line,
      source_id: q.sourceId,
      reason: q.reason,
      raw: q.raw.toString('base64'),
      raw_sha256: createHash('sha256').update(q.raw).digest('hex'),
      patient_nid: q.patientNid ?? null,
      record_kind: q.recordKind ?? null,
    })),
  );
  const r = await db.query(
    `INSERT INTO coercion.quarantine (source_system, file, line, source_id, reason, raw, raw_sha256, patient_nid, record_kind)
     SELECT source_system, file, line, source_id, reason, decode(raw, 'base64'), raw_sha256, patient_nid, record_kind
       FROM jsonb_to_recordset($1::jsonb) AS q(source_system text, file text, line int, source_id text, reason text,
            raw text, raw_sha256 text, patient_nid text, record_kind text)
     ON CONFLICT DO NOTHING`,
    [json],
  );
  await db.query(
    `UPDATE coercion.quarantine q SET patient_nid = x.patient_nid, record_kind = x.record_kind
       FROM jsonb_to_recordset($1::jsonb) AS x(source_system text, file text, line int, raw_sha256 text,
            patient_nid text, record_kind text)
      WHERE q.source_system = x.source_system AND q.file = x.file AND q.line = x.line
        AND q.raw_sha256 = x.raw_sha256 AND q.patient_nid IS NULL AND q.record_kind IS NULL
        AND x.record_kind IS NOT NULL`,
    [json],
  );
  return r.rowCount;
}

export interface QuarantineRow {
  source_system: string;
  file: string;
  line: number;
  source_id: string | null;
  reason: string;
  raw: Buffer;
}

/** A quarantined line listed under a person (Patient.quarantinedCoercionRecords). */
export interface PatientQuarantineRow {
  id: string;
  source_system: string;
  file: string;
  line: number;
  source_id: string | null;
  reason: string;
  quarantined_at: Date;
  patient_nid: string;
  record_kind: 'decision' | 'execution';
}

/**
 * The quarantined lines whose patient field (migration 026) is one of `keys`: a national id, or an
 * H-nummer under the row's source system's key (PATIENT_KEYS, helpNumberKey), never the bare
 * number (one organisation's number names another organisation's person too).
 */
export async function quarantinedOfPatients(db: Queryable, keys: string[]): Promise<PatientQuarantineRow[]> {
  if (!keys.length) return [];
  return (
    await db.query<PatientQuarantineRow>(
      `SELECT id::text, source_system, file, line, source_id, reason, quarantined_at, patient_nid,
              coalesce(record_kind, 'execution') AS record_kind
         FROM coercion.quarantine q
        WHERE q.patient_nid IS NOT NULL AND ${PATIENT_KEYS('q.patient_nid', 'q.source_system')}
        ORDER BY quarantined_at, id`,
      [keys],
    )
  ).rows;
}

export async function quarantined(db: Queryable, sourceSystem?: string): Promise<QuarantineRow[]> {
  return (
    await db.query<QuarantineRow>(
      `SELECT source_system, file, line, source_id, reason, raw FROM coercion.quarantine
      WHERE $1::text IS NULL OR source_system = $1 ORDER BY source_system, file, line`,
      [sourceSystem ?? null],
    )
  ).rows;
}

/**
 * A record whose patient is one of the keys in $1 (a national id, or an H-nummer under its
 * source's key: helpNumberKey). The first condition lets the patient_nid index serve both.
 */
export const PATIENT_KEYS = (nid: string, system: string, scopedToo = 'true', keys = '$1::text[]') =>
  `${nid} = ANY(${keys} || ARRAY(SELECT split_part(k, ':', 2) FROM unnest(${keys}) k WHERE k LIKE '%:%'))
   AND (${nid} = ANY(${keys}) OR (${system} || ':' || ${nid} = ANY(${keys}) AND ${scopedToo}))`;

/** A decision of one system only: an H-number key finds no decision migrated between two (decisionsByPatients). */
export const ONE_SYSTEM_DECISION = (d: string) =>
  `NOT EXISTS (SELECT 1 FROM coercion.decision_source s WHERE s.decision_id = ${d}.id AND s.source_system <> ${d}.source_system)`;

/** Whether a row belongs under a key (PATIENT_KEYS, for the loaders that split rows by key). */
export const underKey = (key: string, row: { patient_nid: string; source_system: string }) =>
  key === row.patient_nid || key === helpNumberKey(row.source_system, row.patient_nid);

// The versions a decision replaced (record_version, migration 011), with what judging uses: what
// Statsforvalteren's approval covers is the version it was first stored with (verdict.ts
// approvedVersion; hol. § 9-8). The record's JSON is the whole row as stored; a key it lacks (a
// version from before migration 012 has no review columns) reads as null. Only the decision's
// own rows, as history.ts (versionKeys, own) reads them and numbers them: under its id and the ids
// migration 016 moved a record between, of its source system, source id and person. A row kept
// of another source's record under the same id (an upsert by id before migration 016) or of
// another person (a decision moved before review s31) is that record's, and was taken as a
// version of this one: its measures or period as the version approved, and the version numbers
// in a reason were not those CoercionDecision.history shows (found in review s41b).
const DECISION_VERSIONS = `coalesce((SELECT jsonb_agg(jsonb_build_object('legal_basis', v.record -> 'legal_basis',
      'measures', v.record -> 'measures', 'valid_from', v.record -> 'valid_from', 'valid_to', v.record -> 'valid_to',
      'approved_at', v.record -> 'approved_at', 'reviewed_at', v.record -> 'reviewed_at',
      'review_outcome', v.record -> 'review_outcome', 'review_measures', v.record -> 'review_measures',
      'review_valid_to', v.record -> 'review_valid_to', 'replaced_at', v.replaced_at,
      'replaced_by', v.replaced_by, 'reason', v.reason) ORDER BY v.id)
    FROM coercion.record_version v
   WHERE v.record_table = 'decision'
     AND v.record_key IN (d.id, d.source_id, d.source_system || ':' || d.source_id)
     AND v.record ->> 'source_system' = d.source_system AND v.record ->> 'source_id' = d.source_id
     AND v.record ->> 'patient_nid' = d.patient_nid), '[]'::jsonb)`;

const DECISION_WITH_SOURCES = `SELECT d.*, coalesce((SELECT jsonb_agg(jsonb_build_object('system', s.source_system, 'id', s.source_id,
      'file', s.source_file) ORDER BY s.source_system, s.source_id) FROM coercion.decision_source s WHERE s.decision_id = d.id), '[]'::jsonb) AS sources,
    ${DECISION_VERSIONS} AS versions,
    coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id::text, 'decided_by', c.decided_by, 'binds_from', c.binds_from,
      'outcome', c.outcome, 'measures', c.measures, 'valid_to', to_char(c.valid_to, 'YYYY-MM-DD'), 'reason', c.reason,
      'recorded_by', c.recorded_by, 'recorded_at', c.recorded_at) ORDER BY c.binds_from, c.id)
      FROM coercion.approval_change c WHERE c.decision_id = d.id), '[]'::jsonb) AS approval_changes
  FROM coercion.decision d`;

export async function decisionsByPatients(
  db: Queryable,
  nids: readonly string[],
): Promise<DecisionWithSources[]> {
  return (
    await db.query<DecisionWithSources>(
      // A decision of two systems (migrated from Gerica into HP) is not found by an H-nummer: the
      // number is one organisation's, and which system's it is is not kept (helpNumberKey).
      `${DECISION_WITH_SOURCES} WHERE ${PATIENT_KEYS('d.patient_nid', 'd.source_system', ONE_SYSTEM_DECISION('d'))} ORDER BY d.valid_from, d.id`,
      [nids],
    )
  ).rows;
}

/** The decisions with a change of their approval recorded (coercion.approval_change), by id. */
export async function decisionIdsWithApprovalChanges(db: Queryable): Promise<string[]> {
  return (
    await db.query<{ decision_id: string }>(
      'SELECT DISTINCT decision_id FROM coercion.approval_change ORDER BY decision_id',
    )
  ).rows.map((r) => r.decision_id);
}

export async function decisionsByIds(db: Queryable, ids: readonly string[]): Promise<DecisionWithSources[]> {
  return (await db.query<DecisionWithSources>(`${DECISION_WITH_SOURCES} WHERE d.id = ANY($1::text[])`, [ids]))
    .rows;
}

export interface ExecutionFilter {
  /** Local dates (YYYY-MM-DD, Europe/Oslo), inclusive; executions starting within. */
  from?: string | null;
  to?: string | null;
  measure?: string | null;
  /** Any of these staff identifiers (one person's HPR and employee numbers). */
  executedBy?: readonly string[] | null;
}

const EXECUTION_FILTER = `${PATIENT_KEYS('patient_nid', 'source_system')}
        AND ($2::date IS NULL OR start_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Oslo'))
        AND ($3::date IS NULL OR start_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Oslo'))
        AND ($4::text IS NULL OR measure = $4)
        AND ($5::text[] IS NULL OR executed_by && $5::text[])`;

/** Executions of these patients, oldest first, with the filters that do not depend on decisions pushed into SQL. */
export async function executionsByPatients(
  db: Queryable,
  nids: readonly string[],
  f: ExecutionFilter = {},
  limit?: number,
): Promise<ExecutionRow[]> {
  return sameAsInForce(
    db,
    (
      await db.query<ExecutionRow>(
        `SELECT *, ${SAME_AS} FROM coercion.execution WHERE ${EXECUTION_FILTER} ORDER BY start_at, id LIMIT $6`,
        [nids, f.from ?? null, f.to ?? null, f.measure ?? null, f.executedBy ?? null, limit ?? null],
      )
    ).rows,
  );
}

/**
 * The same executions with only what verdicts and the report use (the free text and
 * source details are left empty): about half the time of `executionsByPatients` for
 * 27,000 rows, because timestamps and arrays arrive as plain numbers and text.
 */
export async function executionsForReport(
  db: Queryable,
  nids: readonly string[],
  f: ExecutionFilter = {},
  limit?: number,
): Promise<ExecutionRow[]> {
  const r = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM coercion.execution WHERE ${EXECUTION_FILTER} ORDER BY start_at, id LIMIT $6`,
    [nids, f.from ?? null, f.to ?? null, f.measure ?? null, f.executedBy ?? null, limit ?? null],
  );
  return sameAsInForce(db, r.rows.map(reportRow));
}

/**
 * The executions of `f` that can be § 9-5 a emergencies (verdict.ts judgeOne: marked as one by
 * the source, or recorded under one of `claimIds`, the ids and source ids of the person's
 * hol-9-5a records), latest first, at most `limit`: what a report reads of the year before its
 * period (evaluate.ts lookBackFilter), where only emergencies count (hol. § 9-5 tredje ledd b).
 * Never a refusal: the year is outside the period asked, and how many executions it holds is
 * not the caller's to learn (review s34); the latest are the ones a pattern reaching into the
 * period is made of.
 */
export async function emergencyCandidates(
  db: Queryable,
  nids: readonly string[],
  f: Pick<ExecutionFilter, 'from' | 'to'>,
  claimIds: readonly string[],
  limit?: number,
): Promise<ExecutionRow[]> {
  const r = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM coercion.execution
      WHERE ${EXECUTION_FILTER} AND (emergency_reported IS TRUE OR recorded_decision_id = ANY($7::text[]))
      ORDER BY start_at DESC, id DESC LIMIT $6`,
    [nids, f.from ?? null, f.to ?? null, null, null, limit ?? null, claimIds],
  );
  return sameAsInForce(db, r.rows.map(reportRow).reverse());
}

/**
 * The executions of `f` of these measures, oldest first, at most `limit`: the uses of phvl.
 * § 4-8 decisions before a period (evaluate.ts judgingFilter; such a decision covers its first
 * use only, verdict.ts judgeAll), read to judge the period's. Never a refusal: they are outside
 * the period asked, and how many there are is not the caller's to learn (review s34).
 */
export async function executionsOfMeasures(
  db: Queryable,
  nids: readonly string[],
  f: Pick<ExecutionFilter, 'from' | 'to'>,
  measures: readonly string[],
  limit?: number,
  /** Every column (an execution shown by id), not only what verdicts use. */
  full = false,
): Promise<ExecutionRow[]> {
  const sql = `FROM coercion.execution WHERE ${EXECUTION_FILTER} AND measure = ANY($7::text[])
      ORDER BY start_at, id LIMIT $6`;
  const args = [nids, f.from ?? null, f.to ?? null, null, null, limit ?? null, measures];
  if (full)
    return sameAsInForce(db, (await db.query<ExecutionRow>(`SELECT *, ${SAME_AS} ${sql}`, args)).rows);
  return sameAsInForce(
    db,
    (await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} ${sql}`, args)).rows.map(reportRow),
  );
}

interface ReportRow {
  id: string;
  patient_nid: string;
  recorded_decision_id: string | null;
  measure: string;
  s: number;
  e: number;
  by: string;
  emergency_reported: boolean | null;
  source_system: string;
  same_as: string | null;
}

const REPORT_COLUMNS = `id, patient_nid, recorded_decision_id, measure, extract(epoch FROM start_at)::float8 * 1000 AS s,
            extract(epoch FROM end_at)::float8 * 1000 AS e, array_to_string(executed_by, ',') AS by, emergency_reported, source_system,
            ${SAME_AS}`;

function reportRow(x: ReportRow): ExecutionRow {
  return {
    id: x.id,
    patient_nid: x.patient_nid,
    recorded_decision_id: x.recorded_decision_id,
    measure: x.measure,
    start_at: new Date(x.s),
    end_at: new Date(x.e),
    executed_by: x.by ? x.by.split(',') : [],
    description: '',
    source_system: x.source_system,
    source_id: x.id,
    emergency_reported: x.emergency_reported,
    recorded_legal_basis: null,
    alternatives_tried: null,
    reported_at: null,
    time_notes: [],
    same_as: x.same_as,
  };
}

/**
 * The counted records of the marked records among `rows` that are not among them (e.g. just outside
 * the period asked): evaluate.ts judges a marked record as the record counted (hol. § 9-7; stop 45).
 */
export async function countedPartners(db: Queryable, rows: readonly ExecutionRow[]): Promise<ExecutionRow[]> {
  const have = new Set(rows.map((r) => r.id));
  const missing = [...new Set(rows.flatMap((r) => (r.same_as && !have.has(r.same_as) ? [r.same_as] : [])))];
  return missing.length ? executionsByIds(db, missing) : [];
}

/**
 * The executions not counted now: each the record of a marking never undone whose two records are
 * still one person's (sameAsInForce; hol. § 9-7 with helsepersonelloven § 42). What research leaves
 * out (lib/policy ResearchReach uncountedExecutions, extract.ts COUNTED_EXECUTION), so a marking an
 * unlink took out of force counts both records there too, as in the report (review s45). Markings
 * are few (the journalansvarlig's, one a pair): all of them.
 */
export async function uncountedExecutionIds(db: Queryable): Promise<string[]> {
  const marked = (
    await db.query<{ id: string }>(
      'SELECT DISTINCT execution_id AS id FROM coercion.same_execution WHERE undone_at IS NULL ORDER BY 1',
    )
  ).rows.map((r) => r.id);
  if (!marked.length) return [];
  return (await executionsByIds(db, marked))
    .filter((x) => x.same_as)
    .map((x) => x.id)
    .sort();
}

export async function executionsByIds(db: Queryable, ids: readonly string[]): Promise<ExecutionRow[]> {
  return sameAsInForce(
    db,
    (
      await db.query<ExecutionRow>(
        `SELECT *, ${SAME_AS} FROM coercion.execution WHERE id = ANY($1::text[])`,
        [ids],
      )
    ).rows,
  );
}

export interface StaffIdentity {
  staffId: string;
  personKey: string;
  kind: 'hpr' | 'employee';
  sourceFile: string | null;
}

/** Returns rows written (unchanged rows are not touched). */
export async function upsertStaffIdentities(db: Queryable, rows: StaffIdentity[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.query(
    `INSERT INTO coercion.staff_identity AS t (staff_id, person_key, kind, source_file)
     SELECT staff_id, person_key, kind, source_file
       FROM jsonb_to_recordset($1::jsonb) AS s(staff_id text, person_key text, kind text, source_file text)
     ON CONFLICT (staff_id) DO UPDATE SET person_key = excluded.person_key, kind = excluded.kind, source_file = excluded.source_file
     WHERE (t.person_key, t.kind, t.source_file) IS DISTINCT FROM (excluded.person_key, excluded.kind, excluded.source_file)`,
    [
      JSON.stringify(
        rows.map((x) => ({
          staff_id: x.staffId,
          person_key: x.personKey,
          kind: x.kind,
          source_file: x.sourceFile,
        })),
      ),
    ],
  );
  return r.rowCount;
}

/** One staff member as the coercion records know them: every identifier, and the one to show. */
export interface StaffMember {
  key: string;
  displayId: string;
  ids: string[];
}

/**
 * For each staff identifier: the person it belongs to, with all their identifiers. An
 * identifier no Practitioner export links is a person of its own.
 */
export async function staffMembers(db: Queryable, ids: readonly string[]): Promise<Map<string, StaffMember>> {
  const out = new Map<string, StaffMember>();
  if (!ids.length) return out;
  const { rows } = await db.query<{
    staff_id: string;
    person_key: string;
    kind: string;
    ids: string[];
    hpr: string | null;
  }>(
    `SELECT s.staff_id, s.person_key, s.kind,
            ARRAY(SELECT o.staff_id FROM coercion.staff_identity o WHERE o.person_key = s.person_key ORDER BY o.staff_id) AS ids,
            (SELECT min(o.staff_id) FROM coercion.staff_identity o WHERE o.person_key = s.person_key AND o.kind = 'hpr') AS hpr
       FROM coercion.staff_identity s WHERE s.staff_id = ANY($1::text[])`,
    [ids],
  );
  for (const r of rows) out.set(r.staff_id, { key: r.person_key, displayId: r.hpr ?? r.ids[0]!, ids: r.ids });
  for (const id of ids) if (!out.has(id)) out.set(id, { key: `id:${id}`, displayId: id, ids: [id] });
  return out;
}

export interface DecisionReview {
  decisionId: string;
  outcome: ReviewOutcome;
  /** When Statsforvalteren decided (ISO 8601). */
  reviewedAt: string;
  /** APPROVED_IN_PART: the measures approved (a subset of the decision's). */
  measures?: string[] | null;
  /** SHORTENED: the last day approved (YYYY-MM-DD). */
  validTo?: string | null;
  note?: string | null;
}

/**
 * Records Statsforvalteren's review of a decision (hol. § 9-8): when and its outcome.
 * Imports do not overwrite it; the row it replaces is kept in coercion.record_version
 * (changed by `changedBy`). Returns false when no such decision.
 */
export async function recordReview(db: Db, r: DecisionReview, changedBy: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true),
              set_config('helsespor.change_reason', 'Statsforvalteren review recorded (hol. § 9-8)', true)`,
      [changedBy],
    );
    const res = await tx.query(
      `UPDATE coercion.decision SET reviewed_at = $2::timestamptz, review_outcome = $3, review_measures = $4::text[],
              review_valid_to = $5::date, review_note = $6
        WHERE id = $1`,
      [r.decisionId, r.reviewedAt, r.outcome, r.measures ?? null, r.validTo ?? null, r.note ?? null],
    );
    return res.rowCount > 0;
  });
}

export interface ApprovalChangeInput {
  decisionId: string;
  decidedBy: StoredApprovalChange['decided_by'];
  /** ISO 8601: when the change binds from. */
  bindsFrom: string;
  outcome: ReviewOutcome;
  measures?: string[] | null;
  validTo?: string | null;
  reason: string;
}

/**
 * Records a later decision changing a decision's approval (migration 021; hol. § 9-11,
 * forvaltningsloven § 35): inserted beside the approval, which stays as it was; binds from its time.
 */
export async function recordApprovalChange(
  db: Queryable,
  c: ApprovalChangeInput,
  recordedBy: string,
): Promise<StoredApprovalChange> {
  const r = await db.query<StoredApprovalChange>(
    `INSERT INTO coercion.approval_change (decision_id, decided_by, binds_from, outcome, measures, valid_to, reason, recorded_by)
     VALUES ($1, $2, $3::timestamptz, $4, $5::text[], $6::date, $7, $8)
     RETURNING id::text AS id, decided_by, to_json(binds_from) #>> '{}' AS binds_from, outcome, measures,
               to_char(valid_to, 'YYYY-MM-DD') AS valid_to, reason, recorded_by, to_json(recorded_at) #>> '{}' AS recorded_at`,
    [
      c.decisionId,
      c.decidedBy,
      c.bindsFrom,
      c.outcome,
      c.measures ?? null,
      c.validTo ?? null,
      c.reason,
      recordedBy,
    ],
  );
  return r.rows[0]!;
}
