import type { Queryable } from '../../lib/db';

export type SourceSystem = 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL';

export interface PatientRow {
  id: string;
  national_id: string | null;
  /** An H-nummer, meaningful within the record's source only (migration 021). */
  help_number?: string | null;
  family_name: string;
  given_name: string;
  birth_date: string | null;
  death_date: string | null;
  gender?: string | null;
  death_date_certain?: boolean | null;
}

export interface JournalEntryRow {
  id: string;
  patient_id: string;
  source_system: SourceSystem;
  source_id: string;
  entry_type: string;
  author_name: string | null;
  written_at: Date;
  /** How a local time in a daylight-saving gap or overlap was read (migration 020). */
  time_notes?: string[];
  text: string | null;
  version: number;
  service?: string | null;
  author_hpr?: string | null;
  author_practitioner_id?: string | null;
  care_contact_id?: string | null;
  status?: 'current' | 'superseded';
  replaces_source_id?: string | null;
  correction_reason?: string | null;
  deleted_at?: Date | null;
  /** HP context.period: the care the note documents. */
  care_start?: Date | null;
  care_end?: Date | null;
  amended?: boolean;
  /** What windows and ordering use: the care start of an amended note, else written_at (migration 005). */
  dated_at: Date;
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
    [
      JSON.stringify(
        patients.map((p) => ({
          id: p.id,
          national_id: p.nationalId ?? null,
          family_name: p.familyName,
          given_name: p.givenName,
          birth_date: p.birthDate ?? null,
          death_date: p.deathDate ?? null,
        })),
      ),
    ],
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
    [
      JSON.stringify(
        entries.map((e) => ({
          id: e.id,
          patient_id: e.patientId,
          source_system: e.sourceSystem,
          source_id: e.sourceId,
          entry_type: e.type,
          author_name: e.authorName ?? null,
          written_at: e.writtenAt,
          text: e.text,
        })),
      ),
    ],
  );
  return r.rowCount;
}

export async function patientsByIds(db: Queryable, ids: readonly string[]): Promise<PatientRow[]> {
  return (await db.query<PatientRow>('SELECT * FROM journal.patient WHERE id = ANY($1::text[])', [ids])).rows;
}

export async function patientsByNationalIds(db: Queryable, nids: readonly string[]): Promise<PatientRow[]> {
  return (
    await db.query<PatientRow>('SELECT * FROM journal.patient WHERE national_id = ANY($1::text[])', [nids])
  ).rows;
}

export async function journalEntriesByIds(db: Queryable, ids: readonly string[]): Promise<JournalEntryRow[]> {
  return (
    await db.query<JournalEntryRow>('SELECT * FROM journal.journal_entry WHERE id = ANY($1::text[])', [ids])
  ).rows;
}

export interface JournalFilter {
  /** Every patient record of the person (linked records included). */
  patientIds: string[];
  startInstant: string | null;
  endInstant: string | null;
  sources: string[] | null;
  types: string[] | null;
}

export interface JournalPageKey extends JournalFilter {
  first: number;
  after?: { writtenAt: string; id: string };
}

const FILTER_COLUMNS = `patient_ids jsonb, start_at timestamptz, end_at timestamptz, sources jsonb, types jsonb`;
const FILTER_WHERE = `j.patient_id IN (SELECT jsonb_array_elements_text(q.patient_ids))
            AND j.status = 'current'
            AND (q.start_at IS NULL OR j.dated_at >= q.start_at)
            AND (q.end_at IS NULL OR j.dated_at < q.end_at)
            AND (q.sources IS NULL OR j.source_system IN (SELECT jsonb_array_elements_text(q.sources)))
            AND (q.types IS NULL OR j.entry_type IN (SELECT jsonb_array_elements_text(q.types)))`;

function filterJson(k: JournalFilter) {
  return {
    patient_ids: k.patientIds,
    start_at: k.startInstant,
    end_at: k.endInstant,
    sources: k.sources,
    types: k.types,
  };
}

/**
 * One page of current journal entries for each requested filter, in one round trip
 * (a lateral join per page). Superseded HP versions are history, never listed.
 */
export async function journalPages(
  db: Queryable,
  keys: readonly JournalPageKey[],
): Promise<(JournalEntryRow & { page: number })[]> {
  const pages = keys.map((k, i) => ({
    page: i,
    lim: k.first + 1,
    after_time: k.after?.writtenAt ?? null,
    after_id: k.after?.id ?? null,
    ...filterJson(k),
  }));
  const r = await db.query<JournalEntryRow & { page: number }>(
    `SELECT q.page, e.*
       FROM jsonb_to_recordset($1::jsonb) AS q(page int, lim int, after_time timestamptz, after_id text, ${FILTER_COLUMNS})
       CROSS JOIN LATERAL (
         SELECT * FROM journal.journal_entry j
          WHERE ${FILTER_WHERE}
            AND (q.after_time IS NULL OR (j.dated_at, j.id) > (q.after_time, q.after_id))
          ORDER BY j.dated_at, j.id
          LIMIT q.lim) e
      ORDER BY q.page, e.dated_at, e.id`,
    [JSON.stringify(pages)],
  );
  return r.rows;
}

export interface JournalTimelineRow {
  id: string;
  /** The patient record that holds the note (the access log's row is under it). */
  patient_id: string;
  dated_at: Date;
  source_system: SourceSystem;
  deleted: boolean;
}

/** The notes a filter matches, as timeline places only (id, date, source, deleted), oldest first. */
export async function journalTimeline(
  db: Queryable,
  k: JournalFilter,
  limit: number,
): Promise<JournalTimelineRow[]> {
  const r = await db.query<JournalTimelineRow>(
    `SELECT e.id, e.patient_id, e.dated_at, e.source_system, e.deleted
       FROM jsonb_to_recordset($1::jsonb) AS q(${FILTER_COLUMNS})
       CROSS JOIN LATERAL (
         SELECT j.id, j.patient_id, j.dated_at, j.source_system, j.deleted_at IS NOT NULL AS deleted
           FROM journal.journal_entry j
          WHERE ${FILTER_WHERE}
          ORDER BY j.dated_at, j.id
          LIMIT $2) e`,
    [JSON.stringify([filterJson(k)]), limit],
  );
  return r.rows;
}

/** How many entries each filter matches, in one round trip. */
export async function journalCounts(db: Queryable, keys: readonly JournalFilter[]): Promise<number[]> {
  const r = await db.query<{ page: number; n: number }>(
    `SELECT q.page, (SELECT count(*) FROM journal.journal_entry j WHERE ${FILTER_WHERE})::int AS n
       FROM jsonb_to_recordset($1::jsonb) AS q(page int, ${FILTER_COLUMNS})`,
    [JSON.stringify(keys.map((k, i) => ({ page: i, ...filterJson(k) })))],
  );
  const out = keys.map(() => 0);
  for (const row of r.rows) out[row.page] = row.n;
  return out;
}

/**
 * The CTE (for a WITH RECURSIVE) of each record's person: `walk(start, member)`, every record
 * reachable from each record of the text[] expression `ids` through active links, itself included.
 * Each step looks up the member's links by index (journal migration 035 indexes patient_b), not
 * a join with every active link: over 10,000 links that join was estimated at some 250,000 rows,
 * and PostgreSQL JIT-compiled the statement, about a second per call (stop 44, measured for the
 * indexer's per-batch person lookup, outbox.ts personBirthDates).
 */
export const PERSON_WALK_SQL = (ids: string) => `walk(start, member) AS (
       SELECT s, s FROM unnest(${ids}) AS s
       UNION
       SELECT w.start, n.other FROM walk w CROSS JOIN LATERAL (
         SELECT l.patient_b AS other FROM journal.patient_link l WHERE l.patient_a = w.member AND l.unlinked_at IS NULL
         UNION ALL
         SELECT l.patient_a FROM journal.patient_link l WHERE l.patient_b = w.member AND l.unlinked_at IS NULL) n)`;

/** Each patient record's person: itself and every record reachable through active links. */
export async function personGroups(db: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  const r = await db.query<{ start: string; member: string }>(
    `WITH RECURSIVE ${PERSON_WALK_SQL('$1::text[]')}
     SELECT start, member FROM walk ORDER BY start, member`,
    [ids],
  );
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const row of r.rows) map.get(row.start)!.push(row.member);
  return map;
}

/**
 * The fields of a note besides its text, as a kept version stores them (entry_version.fields,
 * migration 008): what the note was when the version was kept, on every path that keeps one
 * (an import update, a conflict resolution, a correction, a deletion, a move), so that a
 * version's own date decides its period (queries.ts historyLoader), and with the organisation
 * that held it (HP custodian, migrations 019 and 024: a version kept before has no such key).
 * And with its author (name, HPR number, practitioner) and care contact: a later source version
 * by another author, or of another encounter, is the note's in force, and the version it replaces
 * keeps who wrote it (pasientjournalloven § 22, integritet; helsepersonelloven § 39: a note names
 * who wrote it; review s38: the author of the first version stayed on every later one). A version
 * kept before s38 has none of these keys (not recorded; no schema change: `fields` is jsonb).
 * `replaces_source_system` only when set (migration 036: an HP correction of a migrated legacy
 * note, whose chain names the legacy original's source system).
 */
export const VERSION_FIELDS = (alias: string) =>
  `(jsonb_build_object('written_at', ${alias}.written_at, 'entry_type', ${alias}.entry_type, 'service', ${alias}.service,
     'status', ${alias}.status, 'care_start', ${alias}.care_start, 'care_end', ${alias}.care_end, 'amended', ${alias}.amended,
     'replaces_source_id', ${alias}.replaces_source_id, 'correction_reason', ${alias}.correction_reason,
     'dated_at', ${alias}.dated_at, 'organisation_number', ${alias}.organisation_number,
     'organisation_name', ${alias}.organisation_name, 'author_name', ${alias}.author_name,
     'author_hpr', ${alias}.author_hpr, 'author_practitioner_id', ${alias}.author_practitioner_id,
     'care_contact_id', ${alias}.care_contact_id)
     || CASE WHEN ${alias}.replaces_source_system IS NULL THEN '{}'::jsonb
             ELSE jsonb_build_object('replaces_source_system', ${alias}.replaces_source_system) END
     -- A legacy note's text from HP's migrated copy (migration 017), kept as a version when the
     -- original replaced it: that version came from Helseplattformen (JournalEntryVersion.sourceSystem).
     || CASE WHEN ${alias}.text_from_copy THEN jsonb_build_object('text_from_copy', true) ELSE '{}'::jsonb END)`;

/**
 * A service decision's row as the import writes it (import/writer.ts writeDecisions), for
 * jsonb_to_recordset: its columns and types. The same row waits in a source conflict
 * (`source_conflict.decision_record`, migration 027) while its note's text is a correction made
 * here, and an archivist's TAKE_SOURCE writes it (mutations.ts resolveSourceConflict).
 */
export const DECISION_RECORD_COLUMNS = `id text, patient_id text, source_system text, source_id text, decision_type text, service text,
    legal_basis text, decided_on date, decided_at timestamptz, valid_from date, valid_to date, outcome text,
    outcome_basis text, justification text, text text, author_name text, author_hpr text, author_practitioner_id text,
    unit text, cited_assessment_date date, cited_assessment_text text, journal_entry_id text, file text, content_hash text`;

/** The column names of DECISION_RECORD_COLUMNS, in order. */
export const DECISION_RECORD_NAMES = DECISION_RECORD_COLUMNS.split(',').map((c) => c.trim().split(' ')[0]!);
