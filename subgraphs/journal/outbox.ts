import type { Db, Queryable } from '../../lib/db';
import { log } from '../../lib/log';
import { outboxQueue } from '../../lib/outbox';
import { osloDate } from '../../lib/oslo-time';
import type { CoverageFilter, IndexDocument, OutboxSource, SourceCoverage } from '../../search-index/types';
import { ageOn, february28Age, resolveWindow } from '../../lib/age-window';
import { parseNationalId } from '../../lib/national-id';
import { PERSON_FACTS_SQL } from '../../lib/policy/grant-store';
import { PERSON_WALK_SQL, type JournalEntryRow } from './store';

/**
 * A patient's birth date: the record's own, else the one its national id gives (fødselsnummer,
 * D-nummer), as the coercion and archive outboxes take it. Found in review s33: a
 * Helseplattformen patient with a fødselsnummer and no birthDate (FHIR Patient.birthDate is
 * 0..1) had notes of no age, which every age window left out, silently (pasientjournalloven
 * § 22; DOMAIN.md case 2: "all care given at ages 13-15").
 */
export function birthDateOf(p: { birth_date: string | null; national_id: string | null }): string | null {
  if (p.birth_date) return p.birth_date;
  if (!p.national_id) return null;
  const info = parseNationalId(p.national_id);
  return 'error' in info ? null : info.birthDate;
}

/**
 * The birth date of the person of the records `ids` (a text[] expression, the person's records),
 * as one row (`birth_date`, and `national_ids` when it is null) for a subquery or a LATERAL join:
 * the first of the records, by id, that states one (PERSON_FACTS_SQL, the birth date the research
 * cohort, its data set and the extract count ages from); only when none states one, the
 * records' national ids by id, of which personBirthDate takes the first that gives one
 * (birthDateOf).
 */
const PERSON_BIRTH_SQL = (ids: string) => `
  SELECT f.birth_date, f.birth_date_from,
         CASE WHEN f.birth_date IS NULL THEN ARRAY(
           SELECT q.national_id FROM unnest(${ids}) WITH ORDINALITY AS k(id, n) JOIN journal.patient q ON q.id = k.id
            WHERE q.national_id IS NOT NULL ORDER BY k.n) END AS national_ids,
         CASE WHEN f.birth_date IS NULL THEN ARRAY(
           SELECT q.id FROM unnest(${ids}) WITH ORDINALITY AS k(id, n) JOIN journal.patient q ON q.id = k.id
            WHERE q.national_id IS NOT NULL ORDER BY k.n) END AS national_id_records
    FROM (${PERSON_FACTS_SQL(ids)}) f`;

type PersonBirthRow = {
  birth_date: string | null;
  /** The record that states birth_date. */
  birth_date_from: string | null;
  national_ids: string[] | null;
  /** The record of each of national_ids, in the same order. */
  national_id_records: string[] | null;
};

/** The person's birth date and the record it is read from (a linked record's is another record's data). */
function personBirth(r: PersonBirthRow): { born: string | null; from: string | null } {
  if (r.birth_date) return { born: r.birth_date, from: r.birth_date_from };
  const ids = r.national_ids ?? [];
  for (let i = 0; i < ids.length; i++) {
    const born = birthDateOf({ birth_date: null, national_id: ids[i]! });
    if (born) return { born, from: r.national_id_records?.[i] ?? null };
  }
  return { born: null, from: null };
}

const personBirthDate = (r: PersonBirthRow): string | null => personBirth(r).born;

/**
 * `fn` over `db` with PostgreSQL's just-in-time compilation off, as cohortOf and the statistics
 * cubes read the links (lib/policy/grant-store.ts, statistics.ts): the planner prices a recursive
 * walk over links far above what it reads, and compiling it took longer than running it (stop 44:
 * 42 ms a call of personBirthDates over 10,000 links with it, 1 s before PERSON_WALK_SQL looked
 * links up by index). On a pool, in a transaction of its own; in the caller's transaction, for
 * that statement's span only (the setting before is put back after it).
 */
async function withoutJit<T>(db: Queryable, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if ('transaction' in db)
    return (db as Db).transaction(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      return fn(tx);
    });
  const was = (await db.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`)).rows[0]!.jit;
  await db.query(`SELECT set_config('jit', 'off', true)`);
  // Not put back after a failure: the transaction is aborted, and the setting goes with it.
  const r = await fn(db);
  await db.query(`SELECT set_config('jit', $1, true)`, [was]);
  return r;
}

/**
 * The birth date the notes of each record are aged by in the search index: its person's
 * (PERSON_BIRTH_SQL over the records linked to it as the same person, journal.patient_link, in
 * id order), for every record of the persons of `ids` (the records linked to them included). One
 * statement whatever the number of records (the indexer asks it once per batch).
 *
 * Stop 44: before, each note was aged by its own record's birth date (birthDateOf), so the notes
 * of a record whose source stated another birth date than the person's (a typo in a legacy
 * system) had ages that the research cohort, its data set and the extract do not give them: an
 * age window (over everyone, over the person, a research grant's) missed or added them
 * (helseforskningsloven § 33; pasientjournalloven § 22; test/search-person-age-s44.e2e.test.ts).
 */
export async function personBirthDates(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const sources = await personBirthSources(db, ids);
  return new Map([...sources].map(([id, b]) => [id, b.born]));
}

/**
 * personBirthDates with the record each birth date is read from (`from`: the record that states
 * it, or whose national id gives it). Patient.personBirthDate logs the read under that record
 * when it is another than the one asked about (pasientjournalforskriften § 14; review s45).
 */
export async function personBirthSources(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, { born: string | null; from: string | null }>> {
  if (!ids.length) return new Map();
  const r = await withoutJit(db, (q) =>
    q.query<PersonBirthRow & { ids: string[] }>(
      `WITH RECURSIVE ${PERSON_WALK_SQL('$1::text[]')},
       person AS (SELECT array_agg(member ORDER BY member) AS ids FROM walk GROUP BY start)
       SELECT p.ids, b.birth_date, b.birth_date_from, b.national_ids, b.national_id_records
         FROM person p CROSS JOIN LATERAL (${PERSON_BIRTH_SQL('p.ids')}) b`,
      [ids],
    ),
  );
  const out = new Map<string, { born: string | null; from: string | null }>();
  for (const x of r.rows) {
    const birth = personBirth(x);
    for (const id of x.ids) out.set(id, birth);
  }
  return out;
}

/**
 * Announces again the notes whose age changes with a change of persons' birth dates: `before`
 * is personBirthDates of the records a change may touch, read in the same transaction before it
 * (a link, an unlink and the choices it undoes, a birth date chosen, an import that fills a birth
 * date or national id or links two records); every record of those persons whose birth date
 * differs now (a record not read before counts as differing), and the records `also`, have their
 * current notes put in the outbox, so the indexer writes their ages again (outbox.ts load). One
 * statement; nothing when nothing changed. Returns the number of notes announced.
 */
export async function announceAgeChanges(
  tx: Queryable,
  before: ReadonlyMap<string, string | null>,
  also: readonly string[] = [],
): Promise<number> {
  const after = await personBirthDates(tx, [...before.keys()]);
  const changed = [...after]
    .filter(([id, born]) => !before.has(id) || before.get(id) !== born)
    .map(([id]) => id);
  const records = [...new Set([...changed, ...also])];
  if (!records.length) return 0;
  const r = await tx.query(
    `INSERT INTO journal.outbox (entity_type, entity_id)
     SELECT 'journal_entry', e.id FROM journal.journal_entry e
      WHERE e.patient_id = ANY($1::text[]) AND e.deleted_at IS NULL AND e.status = 'current'`,
    [records],
  );
  // Counts only: no record ids, national ids or dates. (A new record of an import counts as
  // changed, but has no notes yet: nothing to say.)
  if (changed.length && r.rowCount)
    log.info(
      { records: changed.length, notes: r.rowCount ?? 0 },
      'person birth date changed: notes announced again for their ages',
    );
  return r.rowCount ?? 0;
}

/** The reason searchCoverage gives for an earlier version not searched with its note. */
export const EARLIER_OTHER_DAY = 'earlier version dated on another day than its note (shown in its history)';

/**
 * The earlier versions of the notes the predicate `where` (over journal.journal_entry `e`) selects, as their index
 * documents hold them (IndexDocument.earlierText; helsepersonelloven § 42: a corrected note
 * keeps what it said): the texts kept in entry_version (a correction made here, an import that
 * changed the note, an archivist's decision on a source conflict) and, for a document
 * corrected in the source system, the superseded documents it replaces (and their kept
 * versions), followed back within the note's own patient record as JournalEntry.history
 * follows them (queries.ts historyLoader). One row per distinct text that is not the note's
 * current text, oldest first (`ord`: the chain's depth, then the version); deleted versions
 * (helsepersonelloven §§ 43-44) have no text and give none. `same_day`: some version with that
 * text is dated on the note's local (Europe/Oslo) date, or carries no date of its own (kept
 * before dates were recorded: the note's, as the history dates it). Only those are indexed:
 * the index dates a note by one day and scopes a caller's period by it, and a version of
 * another date could lie outside the period of a caller who may see the note (the history
 * hides it from them); searchCoverage counts the others as not searched.
 */
export const earlierVersionsSql = (where: string) => `
  WITH RECURSIVE targets AS (SELECT e.id, e.patient_id, e.source_system, e.replaces_source_id, e.replaces_source_system
                               FROM journal.journal_entry e WHERE ${where}),
  chain(start, patient_id, source_system, replaces, depth) AS (
    SELECT t.id, t.patient_id, coalesce(t.replaces_source_system, t.source_system), t.replaces_source_id, 1 FROM targets t WHERE t.replaces_source_id IS NOT NULL
    UNION ALL
    SELECT c.start, c.patient_id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id, c.depth + 1
      FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                               AND p.patient_id = c.patient_id
     WHERE c.depth < 50 AND p.replaces_source_id IS NOT NULL),
  members AS (
    SELECT c.start, p.id, p.text, p.dated_at, c.depth, p.source_system
      FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                               AND p.patient_id = c.patient_id
     WHERE p.deleted_at IS NULL),
  -- Each text's source system (JournalEntryVersion.sourceSystem, queries.ts historyLoader): a
  -- superseded document its own, a kept version its note's, or HELSEPLATTFORMEN when its text was
  -- HP's migrated copy's (fields.text_from_copy, store.ts VERSION_FIELDS; migration 040).
  versions(entry_id, text, dated_at, depth, version, source) AS (
    SELECT m.start, m.text, m.dated_at, m.depth, 2147483647, m.source_system FROM members m
    UNION ALL
    SELECT m.start, v.text, coalesce((v.fields ->> 'dated_at')::timestamptz, m.dated_at), m.depth, v.version,
           CASE WHEN (v.fields ->> 'text_from_copy')::boolean THEN 'HELSEPLATTFORMEN' ELSE m.source_system END
      FROM members m JOIN journal.entry_version v ON v.entry_id = m.id
    UNION ALL
    SELECT v.entry_id, v.text, (v.fields ->> 'dated_at')::timestamptz, 0, v.version,
           CASE WHEN (v.fields ->> 'text_from_copy')::boolean THEN 'HELSEPLATTFORMEN' ELSE t.source_system END
      FROM journal.entry_version v JOIN targets t ON t.id = v.entry_id)
  SELECT v.entry_id, e.source_system, v.text,
         bool_or(v.dated_at IS NULL OR (v.dated_at AT TIME ZONE 'Europe/Oslo')::date = (e.dated_at AT TIME ZONE 'Europe/Oslo')::date) AS same_day,
         min(ARRAY[-v.depth, v.version]) AS ord,
         array_agg(DISTINCT v.source ORDER BY v.source) AS sources
    FROM versions v JOIN journal.journal_entry e ON e.id = v.entry_id
   WHERE v.text IS NOT NULL AND v.text IS DISTINCT FROM e.text AND e.deleted_at IS NULL
   GROUP BY v.entry_id, e.source_system, v.text`;

/** The journal's outbox, as the search indexer drains it. */
export function journalOutbox(db: Queryable): OutboxSource {
  /**
   * The asked notes as a document takes them, whatever their state (filtered by load). Only
   * the columns the document takes: every column read is parsed (e.* parsed some twenty, a
   * timestamp among them, per note: bench/indexer-cpu.ts). `may_have_earlier`: the note
   * replaces another or has kept versions (earlierVersionsSql finds nothing otherwise).
   */
  const readRows = async (ids: string[]) =>
    (
      await db.query<
        Pick<
          JournalEntryRow,
          | 'id'
          | 'patient_id'
          | 'source_system'
          | 'entry_type'
          | 'dated_at'
          | 'author_name'
          | 'service'
          | 'text'
          | 'version'
          | 'status'
        > & {
          national_id: string | null;
          deleted: boolean;
          may_have_earlier: boolean;
        }
      >(
        `SELECT e.id, e.patient_id, e.source_system, e.entry_type, e.dated_at, e.author_name, e.service, e.text,
                e.version, e.status, e.deleted_at IS NOT NULL AS deleted, p.national_id,
                (e.replaces_source_id IS NOT NULL
                 OR EXISTS (SELECT 1 FROM journal.entry_version v WHERE v.entry_id = e.id)) AS may_have_earlier
           FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id
          WHERE e.id = ANY($1::text[])`,
        [ids],
      )
    ).rows;
  return {
    name: 'journal',
    ...outboxQueue(db, 'journal.outbox'),
    async load(asked): Promise<IndexDocument[]> {
      // One read of the asked notes. The two chain queries below run only for the notes that
      // need them: a batch of new notes (the common case) reads nothing else (the indexer
      // spent a third of its batch's database time on them when they ran for every note:
      // bench/indexer-cpu.ts, stop 39).
      const read = (ids: string[]) => (ids.length ? readRows(ids) : Promise.resolve([]));
      const first = await read(asked);
      // A superseded version that changed or was deleted changes the earlier versions of the
      // current note that replaces it (within the patient's record): that note is written again.
      const gone = first.filter((e) => e.status === 'superseded' || e.deleted).map((e) => e.id);
      const successors = gone.length
        ? (
            await db.query<{ id: string }>(
              `WITH RECURSIVE fwd(id, patient_id, source_system, source_id, depth) AS (
                 SELECT id, patient_id, source_system, source_id, 0 FROM journal.journal_entry
                  WHERE id = ANY($1::text[])
                 UNION ALL
                 SELECT n.id, n.patient_id, n.source_system, n.source_id, f.depth + 1
                   FROM fwd f JOIN journal.journal_entry n ON coalesce(n.replaces_source_system, n.source_system) = f.source_system
                        AND n.replaces_source_id = f.source_id AND n.patient_id = f.patient_id
                  WHERE f.depth < 50)
               SELECT DISTINCT id FROM fwd WHERE depth > 0`,
              [gone],
            )
          ).rows.map((r) => r.id)
        : [];
      const seen = new Set(first.map((e) => e.id));
      const more = await read([...new Set(successors)].filter((id) => !seen.has(id)));
      // Only what may be found: superseded versions and deleted notes leave the index.
      const rows = [...first, ...more].filter((e) => e.text !== null && !e.deleted && e.status === 'current');
      // Earlier versions exist only for a note that replaces another or has kept versions.
      const withEarlier = rows.filter((e) => e.may_have_earlier).map((e) => e.id);
      const earlier = new Map<string, string[]>();
      // The source systems those texts came from (stop 46: a query's `sources` takes the note by them).
      const earlierSources = new Map<string, Set<string>>();
      if (withEarlier.length) {
        const versions = (
          await db.query<{ entry_id: string; text: string; sources: string[] }>(
            `SELECT entry_id, text, sources FROM (${earlierVersionsSql('e.id = ANY($1::text[])')}) x
              WHERE same_day ORDER BY entry_id, ord`,
            [withEarlier],
          )
        ).rows;
        for (const v of versions) {
          earlier.set(v.entry_id, [...(earlier.get(v.entry_id) ?? []), v.text]);
          const set = earlierSources.get(v.entry_id) ?? new Set<string>();
          for (const s of v.sources) set.add(s);
          earlierSources.set(v.entry_id, set);
        }
      }
      // Aged by the person's birth date (personBirthDates): one query for the batch's records.
      const births = await personBirthDates(db, [...new Set(rows.map((e) => e.patient_id))]);
      return rows.map((e) => {
        const texts = earlier.get(e.id);
        // Dated by the care it documents (an amended HP note's written_at is its correction time).
        const localDate = osloDate(e.dated_at);
        const born = births.get(e.patient_id) ?? null;
        // Its age under leapDayRule FEBRUARY_28 where that differs (pasientjournalloven § 22: the
        // window the journal and the dossier give with that rule; search-index/filters.ts).
        const feb28 = born ? february28Age(born, localDate) : undefined;
        return {
          id: e.id,
          kind: 'journal_entry',
          patientId: e.patient_id,
          nationalIds: e.national_id ? [e.national_id] : [],
          refs: { entityId: e.id },
          sourceSystem: e.source_system,
          type: e.entry_type,
          writtenAt: e.dated_at.toISOString(),
          localDate,
          ageAtDate: born ? ageOn(born, localDate) : null,
          ...(feb28 !== undefined ? { ageAtDateFeb28: feb28 } : {}),
          authorName: e.author_name,
          service: e.service ?? null,
          text: e.text!,
          // Only when there are some: a note without earlier versions is the document it was.
          ...(texts
            ? {
                earlierText: texts,
                earlierVersions: texts.length,
                earlierSourceSystems: [...(earlierSources.get(e.id) ?? [])].sort(),
              }
            : {}),
          version: e.version,
        };
      });
    },
    async pendingRemovals() {
      // Deletions and moves not yet indexed (their outbox rows, migration 018; partial index),
      // with the current notes that replace a deleted version (their documents hold its text
      // among their earlier versions until written again, as load() writes them).
      return (
        await db.query<{ id: string }>(
          `WITH RECURSIVE removed AS (
             SELECT DISTINCT entity_id AS id FROM journal.outbox WHERE processed_at IS NULL AND removal),
           fwd(id, patient_id, source_system, source_id, depth) AS (
             SELECT e.id, e.patient_id, e.source_system, e.source_id, 0
               FROM removed r JOIN journal.journal_entry e ON e.id = r.id
             UNION ALL
             SELECT n.id, n.patient_id, n.source_system, n.source_id, f.depth + 1
               FROM fwd f JOIN journal.journal_entry n ON coalesce(n.replaces_source_system, n.source_system) = f.source_system
                    AND n.replaces_source_id = f.source_id AND n.patient_id = f.patient_id
              WHERE f.depth < 50)
           SELECT id FROM removed UNION SELECT id FROM fwd`,
        )
      ).rows.map((r) => r.id);
    },
    async scanVersions(afterId, limit) {
      return (
        await db.query<{ id: string; version: number }>(
          `SELECT id, version FROM journal.journal_entry
          WHERE id > $1 AND text IS NOT NULL AND deleted_at IS NULL AND status = 'current' ORDER BY id LIMIT $2`,
          [afterId, limit],
        )
      ).rows;
    },
    async coverage(filter: CoverageFilter): Promise<SourceCoverage[]> {
      // The person's birth date as the index ages their notes (personBirthDates): the first of
      // their records, by id, that states one, else the first whose national id gives one.
      const birth = personBirthDate(
        (
          await db.query<PersonBirthRow>(
            `SELECT * FROM (${PERSON_BIRTH_SQL('ARRAY(SELECT x FROM unnest($1::text[]) AS x ORDER BY x)')}) b`,
            [filter.patientIds],
          )
        ).rows[0]!,
      );
      const w = resolveWindow(filter, birth, filter.leapDayRule ?? 'MARCH_1');
      if (w.empty) return [];
      const params = [filter.patientIds, w.startInstant, w.endInstant];
      // The earlier versions the searchable notes' documents hold (same day) and those they do not.
      const earlier = new Map(
        (
          await db.query<{ source_system: string; indexed: number; other_day: number }>(
            `SELECT source_system, count(*) FILTER (WHERE same_day)::int AS indexed,
                    count(*) FILTER (WHERE NOT same_day)::int AS other_day
               FROM (${earlierVersionsSql(
                 `e.patient_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR e.dated_at >= $2) AND ($3::timestamptz IS NULL OR e.dated_at < $3)
                  AND e.text IS NOT NULL AND e.deleted_at IS NULL AND e.status = 'current'`,
               )}) x
              GROUP BY source_system`,
            params,
          )
        ).rows.map((r) => [r.source_system, r]),
      );
      const rows = (
        await db.query<{
          source_system: string;
          records: number;
          searchable: number;
          deleted: number;
          superseded: number;
          first: Date | null;
          last: Date | null;
        }>(
          `SELECT source_system, count(*)::int AS records,
                count(*) FILTER (WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current')::int AS searchable,
                count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS deleted,
                count(*) FILTER (WHERE status = 'superseded' AND deleted_at IS NULL)::int AS superseded,
                min(dated_at) AS first, max(dated_at) AS last
           FROM journal.journal_entry
          WHERE patient_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR dated_at >= $2) AND ($3::timestamptz IS NULL OR dated_at < $3)
          GROUP BY source_system ORDER BY source_system`,
          params,
        )
      ).rows;
      return rows.map((r) => {
        const notSearchable: Record<string, number> = {};
        if (r.deleted) notSearchable['deleted (tombstone)'] = r.deleted;
        if (r.superseded) notSearchable['superseded version (history of a corrected note)'] = r.superseded;
        const e = earlier.get(r.source_system);
        if (e?.other_day) notSearchable[EARLIER_OTHER_DAY] = e.other_day;
        return {
          sourceSystem: r.source_system,
          kind: 'journal_entry' as const,
          records: r.records,
          searchable: r.searchable,
          earlierVersions: e?.indexed ?? 0,
          notSearchable,
          firstDate: r.first ? osloDate(r.first) : null,
          lastDate: r.last ? osloDate(r.last) : null,
        };
      });
    },
  };
}
