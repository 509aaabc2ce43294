/** SQL of the policy room: matters, their patients and members, break-the-glass grants. */
import type { Queryable } from '../db';
import { reachChanged } from './reach-cache';
import type { RequestCase } from './policy';
import { H_NUMBER_ERROR, isHNumber } from '../national-id';

export interface MatterRow {
  id: string;
  title: string;
  purpose: string;
  period_from: string | null;
  period_to: string | null;
  expires_at: Date;
  registered_by: string;
  registered_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
  patient_ids: string[];
  national_ids: string[];
  members: string[];
}

export interface BreakGlassRow {
  id: string;
  user_id: string;
  matter_id: string | null;
  patient_id: string;
  reason: string;
  opened_at: Date;
  expires_at: Date;
  request_id: string;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_outcome: 'JUSTIFIED' | 'NOT_JUSTIFIED' | null;
  review_note: string | null;
  cleared_by: string | null;
  cleared_at: Date | null;
  clearance_note: string | null;
}

const MATTER_SELECT = `
  SELECT m.id, m.title, m.purpose, to_char(m.period_from, 'YYYY-MM-DD') AS period_from,
         to_char(m.period_to, 'YYYY-MM-DD') AS period_to, m.expires_at, m.registered_by, m.registered_at,
         m.closed_by, m.closed_at,
         ARRAY(SELECT p.patient_id FROM policy.matter_patient p WHERE p.matter_id = m.id AND p.patient_id IS NOT NULL ORDER BY 1) AS patient_ids,
         ARRAY(SELECT p.national_id FROM policy.matter_patient p WHERE p.matter_id = m.id AND p.national_id IS NOT NULL ORDER BY 1) AS national_ids,
         ARRAY(SELECT u.user_id FROM policy.matter_member u WHERE u.matter_id = m.id ORDER BY 1) AS members
    FROM policy.matter m`;

export async function matterById(db: Queryable, id: string): Promise<MatterRow | null> {
  const r = await db.query<MatterRow>(`${MATTER_SELECT} WHERE m.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function listMatters(db: Queryable, openOnly: boolean): Promise<MatterRow[]> {
  const r = await db.query<MatterRow>(
    `${MATTER_SELECT} WHERE NOT $1 OR m.closed_at IS NULL ORDER BY m.registered_at, m.id`,
    [openOnly],
  );
  return r.rows;
}

export interface NewMatter {
  id: string;
  title: string;
  purpose: string;
  patientIds: string[];
  nationalIds: string[];
  periodFrom: string | null;
  periodTo: string | null;
  members: string[];
  expiresAt: Date;
}

/** Registers a matter; false when the id is taken. */
export async function insertMatter(
  db: Queryable & { transaction?: unknown },
  m: NewMatter,
  by: string,
): Promise<boolean> {
  // Every matter stored, by registerMatter or as a seed (scripts/stack.ts matterToken, the demo):
  // an H-nummer names a person within one institution only (lib/national-id.ts H_NUMBER_ERROR).
  const h = m.nationalIds.find(isHNumber);
  if (h !== undefined) throw new Error(`matter ${m.id}: ${H_NUMBER_ERROR}`);
  const r = await db.query(
    `WITH m AS (
       INSERT INTO policy.matter (id, title, purpose, period_from, period_to, expires_at, registered_by)
       VALUES ($1, $2, $3, $4::date, $5::date, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id),
     p AS (INSERT INTO policy.matter_patient (matter_id, patient_id)
           SELECT m.id, x FROM m, unnest($8::text[]) AS x RETURNING 1),
     n AS (INSERT INTO policy.matter_patient (matter_id, national_id)
           SELECT m.id, x FROM m, unnest($9::text[]) AS x RETURNING 1),
     u AS (INSERT INTO policy.matter_member (matter_id, user_id)
           SELECT m.id, x FROM m, unnest($10::text[]) AS x RETURNING 1)
     SELECT (SELECT count(*) FROM m)::int AS n, (SELECT count(*) FROM p) + (SELECT count(*) FROM n) + (SELECT count(*) FROM u) AS rows`,
    [
      m.id,
      m.title,
      m.purpose,
      m.periodFrom,
      m.periodTo,
      m.expiresAt,
      by,
      m.patientIds,
      m.nationalIds,
      [...new Set(m.members)],
    ],
  );
  reachChanged();
  return (r.rows[0] as { n: number }).n === 1;
}

export async function closeMatter(db: Queryable, id: string, by: string): Promise<boolean> {
  const r = await db.query(
    'UPDATE policy.matter SET closed_by = $2, closed_at = now() WHERE id = $1 AND closed_at IS NULL',
    [id, by],
  );
  reachChanged();
  return r.rowCount > 0;
}

/**
 * A break-the-glass grant in force: not expired, and not reviewed NOT_JUSTIFIED
 * (pasientjournalforskriften § 14 and Normen, "Tilgangsstyring": self-authorisation is
 * reviewed afterwards and misuse stopped; pasientjournalloven § 19: no access once it is
 * found unjustified). A grant reviewed NOT_JUSTIFIED ended there; it stayed open until it
 * expired (found in review). JUSTIFIED or not yet reviewed: in force until it expires.
 * The SQL condition on `policy.break_glass` aliased `b`, shared by activeBreakGlass and legalReach.
 */
const GLASS_IN_FORCE = `b.expires_at > now() AND b.review_outcome IS DISTINCT FROM 'NOT_JUSTIFIED'`;

export async function activeBreakGlass(db: Queryable, userId: string): Promise<BreakGlassRow[]> {
  const r = await db.query<BreakGlassRow>(
    `SELECT * FROM policy.break_glass b WHERE b.user_id = $1 AND ${GLASS_IN_FORCE} ORDER BY b.id`,
    [userId],
  );
  return r.rows;
}

export async function insertBreakGlass(
  db: Queryable,
  g: {
    userId: string;
    matterId: string | null;
    patientId: string;
    reason: string;
    hours: number;
    requestId: string;
  },
): Promise<BreakGlassRow> {
  const r = await db.query<BreakGlassRow>(
    `INSERT INTO policy.break_glass (user_id, matter_id, patient_id, reason, expires_at, request_id)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5 * 3600), $6) RETURNING *`,
    [g.userId, g.matterId, g.patientId, g.reason, g.hours, g.requestId],
  );
  reachChanged();
  return r.rows[0]!;
}

export async function breakGlassList(db: Queryable, pendingOnly: boolean): Promise<BreakGlassRow[]> {
  const r = await db.query<BreakGlassRow>(
    'SELECT * FROM policy.break_glass WHERE NOT $1 OR reviewed_at IS NULL ORDER BY opened_at, id',
    [pendingOnly],
  );
  return r.rows;
}

export async function breakGlassById(db: Queryable, id: string): Promise<BreakGlassRow | null> {
  const r = await db.query<BreakGlassRow>('SELECT * FROM policy.break_glass WHERE id = $1::bigint', [id]);
  return r.rows[0] ?? null;
}

export async function reviewBreakGlass(
  db: Queryable,
  id: string,
  by: string,
  outcome: string,
  note: string,
): Promise<BreakGlassRow | null> {
  const r = await db.query<BreakGlassRow>(
    `UPDATE policy.break_glass SET reviewed_by = $2, reviewed_at = now(), review_outcome = $3, review_note = $4
      WHERE id = $1::bigint AND reviewed_at IS NULL AND user_id <> $2 RETURNING *`,
    [id, by, outcome, note],
  );
  reachChanged();
  return r.rows[0] ?? null;
}

/**
 * The persons behind a group of seeds: every patient record id, every national id (the
 * records', and those seeded, which may have no record: an archive party, a coercion
 * patient), and the national ids some record of the group carries (`recordNationalIds`), so
 * that a person known only by national id can be told apart (logged under `nid:`).
 */
export interface Persons {
  patientIds: Set<string>;
  nationalIds: Set<string>;
  recordNationalIds: Set<string>;
}

/**
 * The user's grants reviewed NOT_JUSTIFIED and not cleared whose patient is one of these
 * records (a person's linked records: the caller expands them): each bars the user from
 * breaking the glass for that person again (migration 007; resolvers.ts breakGlass).
 */
export async function barringBreakGlass(
  db: Queryable,
  userId: string,
  patientIds: readonly string[],
): Promise<BreakGlassRow[]> {
  const r = await db.query<BreakGlassRow>(
    `SELECT * FROM policy.break_glass
      WHERE user_id = $1 AND patient_id = ANY($2::text[])
        AND review_outcome = 'NOT_JUSTIFIED' AND cleared_at IS NULL
      ORDER BY id`,
    [userId, [...patientIds]],
  );
  return r.rows;
}

/**
 * Clears the bar of a grant reviewed NOT_JUSTIFIED (migration 007): by another user than the
 * one who opened it, with a note; null when there is no such uncleared grant.
 */
export async function clearBreakGlass(
  db: Queryable,
  id: string,
  by: string,
  note: string,
): Promise<BreakGlassRow | null> {
  const r = await db.query<BreakGlassRow>(
    `UPDATE policy.break_glass SET cleared_by = $2, cleared_at = now(), clearance_note = $3
      WHERE id = $1::bigint AND review_outcome = 'NOT_JUSTIFIED' AND cleared_at IS NULL AND user_id <> $2
     RETURNING *`,
    [id, by, note],
  );
  reachChanged();
  return r.rows[0] ?? null;
}

/**
 * A seed's national ids that name a person: an H-nummer stored as one (an access request
 * registered before 2c33faf, a matter before 09a41ec) names a person within one institution only
 * (lib/national-id.ts H_NUMBER_ERROR; pasientjournalloven § 22), and as a national id it reached
 * every organisation's records of the number. It reaches nothing by that number; its person is
 * reached through the patient record id the seed also names (found in review of stop 35).
 */
const personNationalIds = (nationalIds: readonly string[]) => nationalIds.filter((n) => !isHNumber(n));

/** The persons of each seed group, as given, before any record is followed. */
function seedPersons(
  seeds: { group: number; patientIds: string[]; nationalIds: string[] }[],
): Map<number, Persons> {
  return new Map(
    seeds.map((s) => [
      s.group,
      {
        patientIds: new Set(s.patientIds),
        nationalIds: new Set(personNationalIds(s.nationalIds)),
        recordNationalIds: new Set(),
      },
    ]),
  );
}

/** Every record linked to a seed group's records (the walk of expandPersons), as the rows say. */
function addWalk(
  out: Map<number, Persons>,
  rows: { grp: number; member: string; national_id: string | null }[],
): void {
  for (const r of rows) {
    const e = out.get(r.grp);
    if (!e) continue;
    e.patientIds.add(r.member);
    if (r.national_id) {
      e.nationalIds.add(r.national_id);
      e.recordNationalIds.add(r.national_id);
    }
  }
}

/**
 * The walk over linked records, from seed rows `seed(grp, id)`: CTEs `edges` and
 * `walk(grp, member)`, to follow a `WITH RECURSIVE … seed AS (…),`. Shared by expandPersons,
 * legalReach and the reporting tables' persons (statistics.ts `LINKED_PERSON`).
 */
export const WALK = `
         edges AS (
           SELECT patient_a AS x, patient_b AS y FROM journal.patient_link WHERE unlinked_at IS NULL
           UNION ALL SELECT patient_b, patient_a FROM journal.patient_link WHERE unlinked_at IS NULL),
         walk(grp, member) AS (
           SELECT grp, id FROM seed WHERE id IS NOT NULL
           UNION
           SELECT w.grp, e.y FROM walk w JOIN edges e ON e.x = w.member)`;

/**
 * Every patient record id and national id of the persons behind these seeds (linked
 * records followed; a national id brings the records that carry it). Reads the journal's
 * patient tables: the policy compiles over the same database.
 */
export async function expandPersons(
  db: Queryable,
  seeds: { group: number; patientIds: string[]; nationalIds: string[] }[],
): Promise<Map<number, Persons>> {
  const out = seedPersons(seeds);
  const g: number[] = [];
  const ids: string[] = [];
  const nids: string[] = [];
  for (const s of seeds) {
    for (const id of s.patientIds) {
      g.push(s.group);
      ids.push(id);
      nids.push('');
    }
    for (const n of personNationalIds(s.nationalIds)) {
      g.push(s.group);
      ids.push('');
      nids.push(n);
    }
  }
  if (!g.length) return out;
  let rows: { grp: number; member: string; national_id: string | null }[];
  try {
    rows = (
      await db.query<{ grp: number; member: string; national_id: string | null }>(
        `WITH RECURSIVE seed AS (
           SELECT s.g AS grp, coalesce(nullif(s.id, ''), p.id) AS id
             FROM unnest($1::int[], $2::text[], $3::text[]) AS s(g, id, nid)
             LEFT JOIN journal.patient p ON s.id = '' AND p.national_id = s.nid),${WALK}
         SELECT w.grp, w.member, p.national_id FROM walk w LEFT JOIN journal.patient p ON p.id = w.member`,
        [g, ids, nids],
      )
    ).rows;
  } catch (err) {
    // A database without the journal's tables (a subgraph started on its own): no records to follow.
    if ((err as { code?: string }).code === '42P01') return out;
    throw err;
  }
  addWalk(out, rows);
  return out;
}

/**
 * The person behind each patient record as the journal knows it: the records linked to it (the
 * walk of expandPersons, the record itself included) and their national ids, as the journal's
 * `Patient.recordIds` and `Patient.nationalIds` give them, and the national id the record itself
 * carries (`ownNationalIds`: what an access-log row under the record covers whatever is linked to it
 * or unlinked from it later, patient-ref.ts ownLogKeys). Null when the journal's tables are
 * absent (a subgraph started on its own). patient-ref.ts: the keys a Patient representation
 * claims are taken from here, never from the representation (review s39).
 */
export async function journalPersonsOf(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<
  string,
  { known: boolean; recordIds: string[]; nationalIds: string[]; ownNationalIds: string[] }
> | null> {
  let rows: { grp: number; member: string; national_id: string | null; known: boolean }[];
  try {
    rows = (
      await db.query<{ grp: number; member: string; national_id: string | null; known: boolean }>(
        `WITH RECURSIVE seed AS (
           SELECT (s.n - 1)::int AS grp, s.id FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)),${WALK}
         SELECT w.grp, w.member, p.national_id, p.id IS NOT NULL AS known
           FROM walk w LEFT JOIN journal.patient p ON p.id = w.member
          ORDER BY w.grp, w.member`,
        [[...ids]],
      )
    ).rows;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null;
    throw err;
  }
  const out = new Map(
    ids.map((id) => [
      id,
      {
        known: false,
        recordIds: [] as string[],
        nationalIds: [] as string[],
        ownNationalIds: [] as string[],
      },
    ]),
  );
  for (const r of rows) {
    const p = out.get(ids[r.grp]!)!;
    // known: the journal has the record itself (the walk holds the seed whether or not it has).
    if (r.member === ids[r.grp] && r.known) p.known = true;
    if (r.member === ids[r.grp] && r.national_id) p.ownNationalIds.push(r.national_id);
    if (!p.recordIds.includes(r.member)) p.recordIds.push(r.member);
    if (r.national_id && !p.nationalIds.includes(r.national_id)) p.nationalIds.push(r.national_id);
  }
  return out;
}

/**
 * A legal caller's reach in one round trip: the matter (as matterById), the user's live
 * break-the-glass grants opened under that matter (as activeBreakGlass, filtered to it, in id
 * order), and the walk over linked records from the matter's persons (group 0) and from each
 * of those grants (group i + 1, in that order), as expandPersons would find them. The caller
 * decides whether the matter is valid and uses the persons only then (`persons(seeds)` with
 * the seeds it would have given expandPersons). Null when the journal's tables are absent
 * (a subgraph started on its own): the caller falls back to the separate lookups.
 */
export async function legalReach(
  db: Queryable,
  matterId: string,
  userId: string,
): Promise<{
  matter: MatterRow | null;
  glass: Pick<BreakGlassRow, 'id' | 'matter_id' | 'patient_id'>[];
  persons(seeds: { group: number; patientIds: string[]; nationalIds: string[] }[]): Map<number, Persons>;
  /**
   * The access requests concerning any of those persons (the matter's and the grants'), each with
   * the patient record it is filed under: `policy.request_cases_of_persons` (policy migration 010,
   * the archive's `access_request_cases_of_persons`, its migration 036, where it exists), for the
   * search scope (policy.ts requestCasesOfReach; review s45).
   */
  requestCases: RequestCase[];
} | null> {
  type Row = MatterRow & {
    found: boolean;
    glass: { id: string; patient_id: string }[];
    walk: [number, string, string | null][];
    request_cases: RequestCase[];
  };
  let row: Row;
  try {
    row = (
      await db.query<Row>(
        `WITH RECURSIVE mt AS (${MATTER_SELECT} WHERE m.id = $1),
         glass AS (
           SELECT b.id, b.patient_id, row_number() OVER (ORDER BY b.id)::int AS grp
             FROM policy.break_glass b
            WHERE b.user_id = $2 AND ${GLASS_IN_FORCE} AND b.matter_id = $1),
         seed AS (
           SELECT 0 AS grp, x.id FROM mt, unnest(mt.patient_ids) AS x(id)
           UNION ALL
           SELECT 0, p.id FROM mt, unnest(mt.national_ids) AS n(nid) JOIN journal.patient p ON p.national_id = n.nid
           UNION ALL
           SELECT grp, patient_id FROM glass),${WALK}
         SELECT mt.*, mt.id IS NOT NULL AS found,
                (SELECT coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'patient_id', g.patient_id) ORDER BY g.id), '[]'::jsonb)
                   FROM glass g) AS glass,
                (SELECT coalesce(jsonb_agg(jsonb_build_array(w.grp, w.member, p.national_id)), '[]'::jsonb)
                   FROM walk w LEFT JOIN journal.patient p ON p.id = w.member) AS walk,
                (SELECT coalesce(jsonb_agg(jsonb_build_object('saksmappeId', c.saksmappe_id,
                          'saksansvarlig', c.saksansvarlig, 'patientId', c.patient_id)), '[]'::jsonb)
                   FROM policy.request_cases_of_persons(
                          ARRAY(SELECT w.member FROM walk w),
                          ARRAY(SELECT p.national_id FROM walk w JOIN journal.patient p ON p.id = w.member
                                 WHERE p.national_id IS NOT NULL
                                UNION SELECT unnest(mt.national_ids))) c) AS request_cases
           FROM (SELECT 1) AS one LEFT JOIN mt ON true`,
        [matterId, userId],
      )
    ).rows[0]!;
  } catch (err) {
    // 42P01 is also "missing FROM-clause entry": only the journal's absent tables fall back.
    if ((err as { code?: string }).code === '42P01' && /"journal\./.test((err as Error).message)) return null;
    throw err;
  }
  const { found, glass, walk, request_cases, ...matter } = row;
  const rows = walk.map(([grp, member, national_id]) => ({ grp, member, national_id }));
  return {
    matter: found ? (matter as MatterRow) : null,
    glass: glass.map((g) => ({ ...g, matter_id: matterId })),
    requestCases: request_cases,
    persons(seeds) {
      const out = seedPersons(seeds);
      addWalk(out, rows);
      return out;
    },
  };
}
