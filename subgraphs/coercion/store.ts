import type { Queryable } from '../../lib/db';

export interface DecisionRow {
  id: string;
  patient_nid: string;
  legal_basis: string;
  measures: string[];
  valid_from: string;
  valid_to: string | null;
  decided_at: Date;
  approved_at: Date | null;
  justification: string;
  source_system: string;
  source_id: string;
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
}

export interface NewDecision {
  id: string; patientNid: string; legalBasis: string; measures: string[]; validFrom: string; validTo?: string | null;
  decidedAt: string; approvedAt?: string | null; justification?: string; sourceSystem: string; sourceId: string;
}

export interface NewExecution {
  id: string; patientNid: string; recordedDecisionId?: string | null; measure: string; start: string; end: string;
  executedBy: string[]; description?: string; sourceSystem: string; sourceId: string;
}

export async function insertDecisions(db: Queryable, rows: NewDecision[]): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO coercion.decision (id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, approved_at,
                                    justification, source_system, source_id)
     SELECT id, patient_nid, legal_basis, ARRAY(SELECT jsonb_array_elements_text(measures)), valid_from, valid_to,
            decided_at, approved_at, coalesce(justification, ''), source_system, source_id
       FROM jsonb_to_recordset($1::jsonb) AS d(id text, patient_nid text, legal_basis text, measures jsonb, valid_from date,
            valid_to date, decided_at timestamptz, approved_at timestamptz, justification text, source_system text, source_id text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((d) => ({
      id: d.id, patient_nid: d.patientNid, legal_basis: d.legalBasis, measures: d.measures, valid_from: d.validFrom,
      valid_to: d.validTo ?? null, decided_at: d.decidedAt, approved_at: d.approvedAt ?? null,
      justification: d.justification ?? '', source_system: d.sourceSystem, source_id: d.sourceId,
    })))],
  );
}

export async function insertExecutions(db: Queryable, rows: NewExecution[]): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO coercion.execution (id, patient_nid, recorded_decision_id, measure, start_at, end_at, executed_by,
                                     description, source_system, source_id)
     SELECT id, patient_nid, recorded_decision_id, measure, start_at, end_at, ARRAY(SELECT jsonb_array_elements_text(executed_by)),
            coalesce(description, ''), source_system, source_id
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, patient_nid text, recorded_decision_id text, measure text,
            start_at timestamptz, end_at timestamptz, executed_by jsonb, description text, source_system text, source_id text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((e) => ({
      id: e.id, patient_nid: e.patientNid, recorded_decision_id: e.recordedDecisionId ?? null, measure: e.measure,
      start_at: e.start, end_at: e.end, executed_by: e.executedBy, description: e.description ?? '',
      source_system: e.sourceSystem, source_id: e.sourceId,
    })))],
  );
}

export async function decisionsByPatients(db: Queryable, nids: readonly string[]): Promise<DecisionRow[]> {
  return (await db.query<DecisionRow>(
    'SELECT * FROM coercion.decision WHERE patient_nid = ANY($1::text[]) ORDER BY valid_from, id', [nids],
  )).rows;
}

export async function executionsByPatients(db: Queryable, nids: readonly string[]): Promise<ExecutionRow[]> {
  return (await db.query<ExecutionRow>(
    'SELECT * FROM coercion.execution WHERE patient_nid = ANY($1::text[]) ORDER BY start_at, id', [nids],
  )).rows;
}

export async function executionsByIds(db: Queryable, ids: readonly string[]): Promise<ExecutionRow[]> {
  return (await db.query<ExecutionRow>('SELECT * FROM coercion.execution WHERE id = ANY($1::text[])', [ids])).rows;
}
