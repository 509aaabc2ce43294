import type { Queryable } from '../../lib/db';

export type SourceSystem = 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL';

export interface PatientRow {
  id: string;
  national_id: string | null;
  family_name: string;
  given_name: string;
  birth_date: string | null;
  death_date: string | null;
}

export interface JournalEntryRow {
  id: string;
  patient_id: string;
  source_system: SourceSystem;
  source_id: string;
  entry_type: string;
  author_name: string | null;
  written_at: Date;
  text: string;
  version: number;
}

export interface NewPatient {
  id: string;
  nationalId?: string | null;
  familyName: string;
  givenName: string;
  birthDate?: string | null;
  deathDate?: string | null;
}

export interface NewJournalEntry {
  id: string;
  patientId: string;
  sourceSystem: SourceSystem;
  sourceId: string;
  type: string;
  authorName?: string | null;
  /** ISO 8601 with offset. */
  writtenAt: string;
  text: string;
}

/** Inserts patients (idempotent on id). */
export async function insertPatients(db: Queryable, patients: NewPatient[]): Promise<void> {
  if (!patients.length) return;
  await db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date, death_date)
     SELECT id, national_id, family_name, given_name, birth_date, death_date
       FROM jsonb_to_recordset($1::jsonb)
         AS p(id text, national_id text, family_name text, given_name text, birth_date date, death_date date)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(patients.map((p) => ({
      id: p.id, national_id: p.nationalId ?? null, family_name: p.familyName, given_name: p.givenName,
      birth_date: p.birthDate ?? null, death_date: p.deathDate ?? null,
    })))],
  );
}

/**
 * Inserts journal entries and announces each new one in the outbox, in the caller's
 * transaction. Idempotent on (source system, source id).
 */
export async function insertJournalEntries(db: Queryable, entries: NewJournalEntry[]): Promise<number> {
  if (!entries.length) return 0;
  const r = await db.query<{ id: string }>(
    `WITH ins AS (
       INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, author_name, written_at, text)
       SELECT id, patient_id, source_system, source_id, entry_type, author_name, written_at, text
         FROM jsonb_to_recordset($1::jsonb)
           AS e(id text, patient_id text, source_system text, source_id text, entry_type text,
                author_name text, written_at timestamptz, text text)
       ON CONFLICT (source_system, source_id) DO NOTHING
       RETURNING id)
     INSERT INTO journal.outbox (entity_type, entity_id) SELECT 'journal_entry', id FROM ins RETURNING entity_id AS id`,
    [JSON.stringify(entries.map((e) => ({
      id: e.id, patient_id: e.patientId, source_system: e.sourceSystem, source_id: e.sourceId,
      entry_type: e.type, author_name: e.authorName ?? null, written_at: e.writtenAt, text: e.text,
    })))],
  );
  return r.rowCount;
}

export async function patientsByIds(db: Queryable, ids: readonly string[]): Promise<PatientRow[]> {
  return (await db.query<PatientRow>('SELECT * FROM journal.patient WHERE id = ANY($1::text[])', [ids])).rows;
}

export async function patientsByNationalIds(db: Queryable, nids: readonly string[]): Promise<PatientRow[]> {
  return (await db.query<PatientRow>('SELECT * FROM journal.patient WHERE national_id = ANY($1::text[])', [nids])).rows;
}

export async function journalEntriesByIds(db: Queryable, ids: readonly string[]): Promise<JournalEntryRow[]> {
  return (await db.query<JournalEntryRow>('SELECT * FROM journal.journal_entry WHERE id = ANY($1::text[])', [ids])).rows;
}

export interface JournalPageKey {
  patientId: string;
  first: number;
  after?: { writtenAt: string; id: string };
}

/**
 * One page of journal entries for each of several patients, in one round trip
 * (a lateral join per requested page).
 */
export async function journalPages(
  db: Queryable,
  keys: readonly JournalPageKey[],
): Promise<(JournalEntryRow & { page: number })[]> {
  const pages = keys.map((k, i) => ({
    page: i, patient_id: k.patientId, lim: k.first + 1,
    after_time: k.after?.writtenAt ?? null, after_id: k.after?.id ?? null,
  }));
  const r = await db.query<JournalEntryRow & { page: number }>(
    `SELECT q.page, e.*
       FROM jsonb_to_recordset($1::jsonb) AS q(page int, patient_id text, lim int, after_time timestamptz, after_id text)
       CROSS JOIN LATERAL (
         SELECT * FROM journal.journal_entry j
          WHERE j.patient_id = q.patient_id
            AND (q.after_time IS NULL OR (j.written_at, j.id) > (q.after_time, q.after_id))
          ORDER BY j.written_at, j.id
          LIMIT q.lim) e
      ORDER BY q.page, e.written_at, e.id`,
    [JSON.stringify(pages)],
  );
  return r.rows;
}

export async function countJournalEntries(db: Queryable, patientIds: readonly string[]): Promise<Map<string, number>> {
  const r = await db.query<{ patient_id: string; n: number }>(
    'SELECT patient_id, count(*)::int AS n FROM journal.journal_entry WHERE patient_id = ANY($1::text[]) GROUP BY patient_id',
    [patientIds],
  );
  return new Map(r.rows.map((x) => [x.patient_id, x.n]));
}
