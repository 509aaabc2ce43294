/**
 * Stores import items in batches, one transaction per batch, each change announced in
 * the outbox in the same transaction. Natural keys make a re-run change nothing:
 * (source system, source id) for entries, contacts and relatives, the source's local
 * key for patients. Counts what was accepted (new), updated, unchanged and quarantined.
 */
import { createHash } from 'node:crypto';
import { Temporal } from '@js-temporal/polyfill';
import type { Db, Queryable } from '../../../lib/db';
import { deleteDecisionTexts, deleteEntry, lockEntry, lockPersons, lockSourceSystems } from '../mutations';
import {
  DECISION_RECORD_COLUMNS,
  DECISION_RECORD_NAMES,
  personGroups,
  VERSION_FIELDS,
  type SourceSystem,
} from '../store';
import { announceAgeChanges, personBirthDates } from '../outbox';
import { queueRequestCasesOfRecords } from '../../archive/open-requests';
import {
  deletionBlockers,
  moveEntry,
  registerSourcePatientChange,
  withdrawSourcePatientChanges,
} from '../record-cases';
import { parseNationalId } from '../../../lib/national-id';
import { storable } from '../../../lib/storable-text';
import { MAX_ID_CHARS } from '../../../lib/id-cap';
import {
  careContactIdFor,
  decisionIdFor,
  entryContentHash,
  entryIdFor,
  patientIdFor,
  type CareContactRecord,
  type DecisionRecord,
  type EntryRecord,
  type ImportItem,
  type PatientRecord,
  type PatientRef,
  type PractitionerRecord,
  type QuarantineItem,
  type RelatedPersonRecord,
  type SourceBytes,
} from './records';

export interface KindCounts {
  accepted: number;
  updated: number;
  unchanged: number;
}
export interface ImportReport {
  source: string;
  file: string;
  counts: Record<'patients' | 'practitioners' | 'relatives' | 'contacts' | 'entries', KindCounts> & {
    /** Service decisions (vedtak), when the export has any. */
    decisions?: KindCounts;
  };
  /** Gerica vedtak.csv: coercion decisions (Tvang og makt) left to the coercion subgraph. */
  coercionDecisionsLeft?: number;
  /** Migrated HP copies linked to their legacy original instead of stored twice. */
  migratedCopiesLinked: number;
  /** Source updates to notes corrected here, stored for an archivist instead of applied (`sourceConflicts`). */
  sourceConflicts: number;
  /** Later source versions of notes deleted here, deleted as the same note (helsepersonelloven § 43). */
  deletionsFollowed: number;
  /** Such versions kept because the person is under a legal hold, an open complaint or an open access request. */
  deletionsHeld: number;
  /** Later source versions of notes moved here to the right patient, moved after them (helsepersonelloven § 44). */
  movesFollowed: number;
  /**
   * Stored notes the source now files under another patient record: not applied, held for the
   * journalansvarlig's § 44 decision (a record case the import registers, or one still open).
   */
  patientChangesHeld: number;
  /**
   * Such cases withdrawn because a later export files the note under its stored patient again,
   * or under yet another patient (record-cases.ts withdrawSourcePatientChanges).
   */
  patientChangesWithdrawn: number;
  quarantined: Record<string, number>;
}

export { DECISION_LOCK, ENTRY_LOCK } from '../mutations';

/**
 * 0. One batch of notes, and one batch of service decisions, per source system at a time (a
 *    transaction lock, released at commit): two imports of one source (two different exports,
 *    or two processes) could otherwise interleave between keeping the row a change replaces
 *    and the upsert. A note the other import inserted in between was updated without its
 *    earlier version kept; a decision's kept version took the number the other import had
 *    just taken, and the batch failed on `service_decision_version`'s key (found in review
 *    s30: `gerica-vedtak` took no lock). Taken first in the batch's transaction, before any
 *    row lock: taken after the patients' step, a batch holding a patient's row waited for the
 *    lock while the batch holding the lock waited for that row (a new note or decision
 *    references its patient), and PostgreSQL ended one of them ("deadlock detected"; found in
 *    review s30). Notes' locks before decisions' locks, each sorted: no deadlock between them.
 *    A record case's deletion or move takes the same locks first (mutations.ts lockNoteSources).
 */
/**
 * Taken by a batch with a note that replaces another, before it writes anything: such a note
 * may follow a deletion (writeEntries step 3b), whose check of what holds a deletion locks these
 * tables against writers (record-cases.ts deletionBlockers, SHARE), while writePatients may add
 * a patient link (ROW EXCLUSIVE). Two batches each holding their own link's ROW EXCLUSIVE and
 * then asking SHARE deadlocked (found in review s38). Taken first, in a mode that conflicts with
 * itself and holds both, such batches take turns.
 */
export async function lockBeforeFollowedDeletions(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE journal.patient_link, archive.access_request IN SHARE ROW EXCLUSIVE MODE');
}

/**
 * Whether a note of the batch replaces a note deleted here (writeEntries step 3b may then delete
 * it, and check what holds a deletion). Every batch with a replacing note took the lock, and most
 * Helseplattformen batches have one: each blocked linking, unlinking and access requests for its
 * whole length (found in review s38). A chain through a note new in this batch ends at a deleted
 * note that some note of the batch replaces, so it is found too.
 */
async function mayFollowDeletion(tx: Queryable, entries: EntryRecord[]): Promise<boolean> {
  const replacing = entries.filter((e) => e.replacesSourceId);
  if (!replacing.length) return false;
  return (
    await tx.query<{ x: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM journal.journal_entry p JOIN journal.tombstone t ON t.entry_id = p.id
                       WHERE (p.source_system, p.source_id) IN (SELECT * FROM unnest($1::text[], $2::text[])))
           -- An HP migrated copy the note replaces: its legacy original (step 0e) deleted here.
           OR EXISTS (SELECT 1 FROM journal.entry_provenance pr JOIN journal.tombstone t ON t.entry_id = pr.entry_id
                       WHERE pr.kind = 'migrated_copy'
                         AND (pr.source_system, pr.source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))) AS x`,
      [replacing.map((e) => e.sourceSystem), replacing.map((e) => e.replacesSourceId)],
    )
  ).rows[0]!.x;
}

async function lockSources(
  tx: Queryable,
  entries: readonly { sourceSystem: string }[],
  decisions: DecisionRecord[],
): Promise<void> {
  await lockSourceSystems(
    tx,
    [...entries.map((e) => e.sourceSystem), ...(await supersededSources(tx, entries))],
    decisions.map((d) => d.sourceSystem),
  );
}

/**
 * The legacy source systems whose notes an HP correction of the batch may supersede (step 3c:
 * it replaces a migrated copy of one stored before): the batch writes those notes too, so it takes
 * their write lock as well, or an import of that source could judge a note current (step 0d) and
 * write it back as current after the batch superseded it. A copy in the batch is keyed by its
 * legacy source already.
 */
async function supersededSources(
  tx: Queryable,
  entries: readonly { sourceSystem: string }[],
): Promise<string[]> {
  const replaced = entries.flatMap((e) =>
    'kind' in e && e.kind === 'entry' && (e as EntryRecord).replacesSourceId && !(e as EntryRecord).copy
      ? [(e as EntryRecord).replacesSourceId!]
      : [],
  );
  if (!replaced.length) return [];
  return (
    await tx.query<{ s: string }>(
      `SELECT DISTINCT e.source_system AS s FROM journal.entry_provenance pr JOIN journal.journal_entry e ON e.id = pr.entry_id
        WHERE pr.kind = 'migrated_copy' AND pr.source_system = 'HELSEPLATTFORMEN' AND pr.source_id = ANY($1::text[])`,
      [replaced],
    )
  ).rows.map((r) => r.s);
}

const zero = (): KindCounts => ({ accepted: 0, updated: 0, unchanged: 0 });

export function emptyReport(source: string, file: string): ImportReport {
  return {
    source,
    file,
    counts: { patients: zero(), practitioners: zero(), relatives: zero(), contacts: zero(), entries: zero() },
    migratedCopiesLinked: 0,
    sourceConflicts: 0,
    deletionsFollowed: 0,
    deletionsHeld: 0,
    movesFollowed: 0,
    patientChangesHeld: 0,
    patientChangesWithdrawn: 0,
    quarantined: {},
  };
}

type Row = { inserted: boolean; n: number };
function tally(c: KindCounts, rows: Row[], total: number): void {
  let changed = 0;
  for (const r of rows) {
    if (r.inserted) c.accepted += r.n;
    else c.updated += r.n;
    changed += r.n;
  }
  c.unchanged += total - changed;
}

async function writePractitioners(
  tx: Queryable,
  items: PractitionerRecord[],
  report: ImportReport,
): Promise<void> {
  const r = await tx.query<Row>(
    `WITH up AS (
       INSERT INTO journal.practitioner (id, hpr_number, employee_number, family_name, given_name, display_name, profession, source_system)
       SELECT id, hpr_number, employee_number, family_name, given_name,
              coalesce(nullif(trim(concat_ws(' ', given_name, family_name)), ''), id), profession, source_system
         FROM jsonb_to_recordset($1::jsonb) AS p(id text, hpr_number text, employee_number text, family_name text,
              given_name text, profession text, source_system text)
       ON CONFLICT (id) DO UPDATE SET hpr_number = EXCLUDED.hpr_number, employee_number = EXCLUDED.employee_number,
              family_name = EXCLUDED.family_name, given_name = EXCLUDED.given_name, display_name = EXCLUDED.display_name,
              profession = EXCLUDED.profession
        WHERE (journal.practitioner.hpr_number, journal.practitioner.employee_number, journal.practitioner.family_name,
               journal.practitioner.given_name, journal.practitioner.profession)
              IS DISTINCT FROM (EXCLUDED.hpr_number, EXCLUDED.employee_number, EXCLUDED.family_name, EXCLUDED.given_name, EXCLUDED.profession)
       RETURNING (xmax = 0) AS inserted)
     SELECT inserted, count(*)::int AS n FROM up GROUP BY inserted`,
    [
      JSON.stringify(
        items.map((p) => ({
          id: p.id,
          hpr_number: p.hprNumber,
          employee_number: p.employeeNumber,
          family_name: p.familyName,
          given_name: p.givenName,
          profession: p.profession,
          source_system: p.sourceSystem,
        })),
      ),
    ],
  );
  tally(report.counts.practitioners, r.rows, items.length);
}

/**
 * A source record's statement (writePatients, migration 029) as an import of it stores it: a
 * statement without a name keeps the name the record's earlier statement gave (`i` the stored
 * identity, EXCLUDED the statement read).
 */
const NAMED = `CASE WHEN coalesce(EXCLUDED.source_details ->> 'familyName', '') = ''
            AND coalesce(EXCLUDED.source_details ->> 'givenName', '') = ''
            AND i.source_details IS NOT NULL
          THEN EXCLUDED.source_details || jsonb_build_object('familyName', i.source_details -> 'familyName',
                                                           'givenName', i.source_details -> 'givenName')
          ELSE EXCLUDED.source_details END`;

/**
 * The statements of a source record's patient that a later one of the same export supersedes
 * (ExportDuplicates statementOf; pasientjournalloven § 22, integritet): each is what the source
 * said, so it is kept as a version of the record's statement (record_version, as the trigger of
 * migration 029 keeps one an import replaces), once: not when the record's history already holds
 * it (a re-run of the export, or the same statement twice) nor when it is the current statement.
 * Found at stop 42: in one batch the earlier was dropped, and more than a batch apart each was
 * written in turn, two more versions on every run of the same export. Run after the statement
 * upsert: the record exists and its current statement is the export's.
 */
/** A patient statement's columns, as the statement SQL reads them (jsonb_to_recordset). */
function statementRow(p: PatientRecord) {
  return {
    source_system: p.sourceSystem,
    local_id: p.localId,
    national_id: p.nationalId,
    help_number: p.helpNumber ?? null,
    family_name: p.familyName,
    given_name: p.givenName,
    birth_date: p.birthDate,
    gender: p.gender,
    death_date: p.deathDate,
    death_date_certain: p.deathDateCertain,
  };
}

async function keepSupersededStatements(
  tx: Queryable,
  items: PatientRecord[],
  reason = 'an earlier statement of this source record in the same export, which states it later otherwise',
): Promise<Set<string>> {
  if (!items.length) return new Set();
  const r = await tx.query<{ k: string }>(
    `WITH said AS (
       SELECT DISTINCT ON (source_system, local_id, details) source_system, local_id, details, meta
         FROM (SELECT p.source_system, p.local_id,
                      jsonb_build_object('nationalId', p.national_id, 'helpNumber', p.help_number,
                        'familyName', p.family_name, 'givenName', p.given_name, 'birthDate', p.birth_date,
                        'gender', p.gender, 'deathDate', p.death_date, 'deathDateCertain', p.death_date_certain) AS details,
                      -- The statement's own source version (migration 033), not the stored one's.
                      jsonb_build_object('source_version', p.source_version, 'source_updated_at', p.source_updated_at) AS meta
                 FROM jsonb_to_recordset($1::jsonb) AS p(source_system text, local_id text, national_id text,
                      help_number text, family_name text, given_name text, birth_date date, gender text,
                      death_date date, death_date_certain boolean, source_version text, source_updated_at timestamptz)) x),
     named AS (
       SELECT s.source_system, s.local_id, i.source_details AS stored, to_jsonb(i) AS row, s.meta,
              ${NAMED.replaceAll('EXCLUDED.source_details', 's.details')} AS details
         FROM said s JOIN journal.patient_identity i ON i.source_system = s.source_system AND i.local_id = s.local_id),
     kept AS (
       INSERT INTO journal.record_version (record_table, record_key, record, replaced_by, reason)
       SELECT 'patient_identity', n.source_system || '|' || n.local_id,
              n.row || jsonb_build_object('source_details', n.details, 'source_details_at', now()) || n.meta,
              'import', $2
         FROM named n
        WHERE n.stored IS DISTINCT FROM n.details
          AND NOT EXISTS (SELECT 1 FROM journal.record_version v
                           WHERE v.record_table = 'patient_identity' AND v.record_key = n.source_system || '|' || n.local_id
                             AND v.record -> 'source_details' = n.details))
     -- The records whose statement here says otherwise than the stored one (kept now or before).
     SELECT DISTINCT n.source_system || '|' || n.local_id AS k FROM named n WHERE n.stored IS DISTINCT FROM n.details`,
    [
      JSON.stringify(
        items.map((p) => ({
          ...statementRow(p),
          source_version: p.sourceVersion ?? null,
          source_updated_at: p.sourceUpdatedAt ?? null,
        })),
      ),
      reason,
    ],
  );
  return new Set(r.rows.map((x) => x.k));
}

/**
 * Step 0a for a patient statement (pasientjournalloven § 22, integritet; stop 43): of the HP
 * Patients of a batch, those older than the statement stored for their source record (by
 * meta.versionId when both are whole numbers, else by meta.lastUpdated: olderThanStored, as a
 * note's export is compared with the note stored; migration 033 keeps the newest seen). Such a
 * statement is not applied: the stored one stays current and nothing of the older fills the
 * patient row, nor moves or links the record. It is kept as a version of the statement
 * (keepSupersededStatements: once, not when the history holds it already) and, when it says
 * otherwise than the stored one, quarantined with its bytes as `older-source-version` (as an older
 * note is, listed in quarantinedRecords); one that says the same counts unchanged. A statement
 * without a version (Gerica, Profil, an HP Patient without meta), or stored before migration 033,
 * is applied as before: the last export imported. Found at stop 42: an older export's Patient
 * replaced the newer statement, the newer kept only as a version.
 */
async function olderStatements(
  tx: Queryable,
  items: PatientRecord[],
  report: ImportReport,
  q: QuarantineItem[],
): Promise<PatientRecord[]> {
  const versioned = items.filter((p) => p.sourceVersion != null || p.sourceUpdatedAt != null);
  if (!versioned.length) return items;
  const stored = new Map(
    (
      await tx.query<{ k: string; version: string | null; updated_at: Date | null }>(
        `SELECT i.source_system || '|' || i.local_id AS k, i.source_version AS version, i.source_updated_at AS updated_at
           FROM journal.patient_identity i
           JOIN jsonb_to_recordset($1::jsonb) AS x(s text, l text) ON x.s = i.source_system AND x.l = i.local_id
          WHERE i.source_version IS NOT NULL OR i.source_updated_at IS NOT NULL`,
        [JSON.stringify(versioned.map((p) => ({ s: p.sourceSystem, l: p.localId })))],
      )
    ).rows.map((r) => [r.k, { version: r.version, updatedAt: r.updated_at }]),
  );
  const older = versioned.filter((p) => {
    const was = stored.get(key(p));
    return was !== undefined && olderThanStored(statementVersion(p), was);
  });
  if (!older.length) return items;
  const differs = await keepSupersededStatements(
    tx,
    older,
    'a statement of this source record older than the one stored (meta.versionId or meta.lastUpdated): not applied',
  );
  const done = new Set<string>();
  for (const p of older) {
    const k = key(p);
    // Once per source record and batch; a statement read from another batch of the export (its
    // current one, ExportDuplicates) carries no bytes: its own line is quarantined where it is met.
    if (done.has(k)) continue;
    done.add(k);
    if (!differs.has(k)) report.counts.patients.unchanged++;
    else if (p.source)
      q.push(
        sourceQuarantine(
          p,
          'older-source-version',
          `${p.sourceSystem} Patient ${p.localId}: this statement's version (${describeVersion(statementVersion(p))}) is older than the one stored (${describeVersion(stored.get(k)!)}); the stored statement stays current, this one is kept as a version of it`,
        ),
      );
  }
  const skip = new Set(older);
  return items.filter((p) => !skip.has(p));
}

/**
 * The persons whose links or birth date this batch's patients may change (pasientjournalloven
 * § 22, arkivlova § 5; stop 46): the per-person advisory locks a manual link, unlink or birth-date
 * choice takes (mutations.ts lockPersons), so that the import and those run one after the other
 * and each reads the person the other made. Before, writePatients took none: an import racing a
 * manual unlink read the person's birth dates and wrote its link beside the unlink, neither seeing
 * the other (test/journal-nolost-s46.e2e.test.ts). The records locked: a stored record whose
 * birth date or national id a statement of the batch fills, and both records of every link
 * writePatients may make (a source record's stored record and the record its statement names,
 * never linked before); a batch that changes no person (most re-imports) takes none. A superset
 * of what writePatients changes (the records are keyed as it keys them, before olderStatements
 * leaves some out). Taken right after the source locks (lockSources), before any lock of a table
 * or row a manual path waits for (lockBeforeFollowedDeletions' SHARE ROW EXCLUSIVE on
 * journal.patient_link, a patient row): a manual link holding its person locks waits for those.
 */
async function lockPatientPersons(tx: Queryable, items: PatientRecord[]): Promise<void> {
  if (!items.length) return;
  const kept = await helpNumberRecords(tx, items);
  const rows = items.map((p) => ({
    id: kept.get(key(p)) ?? patientIdFor(p.nationalId, p, p.helpNumber, p.helpNumberAssigner),
    source_system: p.sourceSystem,
    local_id: p.localId,
    national_id: p.nationalId ?? null,
    birth_date: p.birthDate ?? null,
  }));
  const ids = (
    await tx.query<{ id: string }>(
      `WITH inc AS (SELECT * FROM jsonb_to_recordset($1::jsonb)
                      AS x(id text, source_system text, local_id text, national_id text, birth_date date))
       SELECT t.id FROM journal.patient t JOIN inc ON inc.id = t.id
        WHERE (t.birth_date IS NULL AND inc.birth_date IS NOT NULL)
           OR (t.national_id IS NULL AND inc.national_id IS NOT NULL)
       UNION
       SELECT unnest(ARRAY[i.patient_id, inc.id]) FROM inc
         JOIN journal.patient_identity i ON i.source_system = inc.source_system AND i.local_id = inc.local_id
        WHERE i.patient_id <> inc.id
          AND NOT EXISTS (SELECT 1 FROM journal.patient_link l
                           WHERE l.patient_a = least(i.patient_id, inc.id) AND l.patient_b = greatest(i.patient_id, inc.id))`,
      [JSON.stringify(rows)],
    )
  ).rows.map((r) => r.id);
  if (ids.length) await lockPersons(tx, ids);
}

async function writePatients(
  tx: Queryable,
  read: PatientRecord[],
  report: ImportReport,
  q: QuarantineItem[],
  superseded: PatientRecord[] = [],
): Promise<void> {
  const items = await olderStatements(tx, read, report, q);
  const kept = await helpNumberRecords(tx, items);
  const rows = items.map((p) => ({
    id: kept.get(key(p)) ?? patientIdFor(p.nationalId, p, p.helpNumber, p.helpNumberAssigner),
    ...statementRow(p),
    // The newest source version seen (migration 033): what the next export's statement is compared with.
    source_version: p.sourceVersion ?? null,
    source_updated_at: p.sourceUpdatedAt ?? null,
  }));
  // A stored patient whose birth date or national id this batch fills (writePatients'
  // coalesce below): the index documents of their notes carry both (ageAtDate, nationalIds;
  // journal/outbox.ts load), so the notes are announced again, or an age-window search would
  // not find a note imported before the birth date was known (pasientjournalloven § 22; found in
  // review s32: the journal listed it for ages 13-15, the search did not).
  const filled = (
    await tx.query<{ id: string }>(
      `SELECT DISTINCT t.id FROM journal.patient t
         JOIN jsonb_to_recordset($1::jsonb) AS inc(id text, national_id text, birth_date date) ON inc.id = t.id
        WHERE (t.birth_date IS NULL AND inc.birth_date IS NOT NULL)
           OR (t.national_id IS NULL AND inc.national_id IS NOT NULL)`,
      [JSON.stringify(rows)],
    )
  ).rows.map((x) => x.id);
  // The birth date each stored record's notes are aged by, before this batch fills a birth date or
  // national id or links two records (announceAgeChanges at the end: stop 44, a record's birth date
  // filled re-ages the notes of the records linked to it when it is now the person's).
  const before = await personBirthDates(
    tx,
    rows.map((x) => x.id),
  );
  // A source record of an H-nummer seen for the first time: the coercion executions its source
  // recorded under that number are this patient's (subgraphs/journal/help-numbers.ts helpNumberKey), and
  // their search documents, written before the patient was known, carry no patient
  // (subgraphs/coercion/outbox.ts load): announced again below (test help-numbers-s35).
  const newHelpKeys = (
    await tx.query<{ k: string }>(
      `SELECT DISTINCT inc.source_system || ':' || inc.help_number AS k
         FROM jsonb_to_recordset($1::jsonb) AS inc(source_system text, local_id text, help_number text)
        WHERE inc.help_number IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM journal.patient_identity i
                           WHERE i.source_system = inc.source_system AND i.local_id = inc.local_id)`,
      [JSON.stringify(rows)],
    )
  ).rows.map((x) => x.k);
  // Several source records of one person in a batch: store one patient row, fill gaps from the others.
  const r = await tx.query<Row>(
    `WITH inc AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(id text, source_system text, local_id text, national_id text,
              help_number text, family_name text, given_name text, birth_date date, gender text, death_date date,
              death_date_certain boolean)),
     one AS (
       SELECT DISTINCT ON (id) * FROM inc ORDER BY id, (family_name = '' AND given_name = ''), (source_system = 'HELSEPLATTFORMEN') DESC, local_id),
     up AS (
       INSERT INTO journal.patient AS t (id, national_id, help_number, family_name, given_name, birth_date, gender, death_date, death_date_certain)
       SELECT id, national_id, help_number, family_name, given_name, birth_date, gender, death_date, death_date_certain FROM one
       ON CONFLICT (id) DO UPDATE SET
         national_id = coalesce(t.national_id, EXCLUDED.national_id),
         help_number = coalesce(t.help_number, EXCLUDED.help_number),
         birth_date = coalesce(t.birth_date, EXCLUDED.birth_date),
         gender = coalesce(t.gender, EXCLUDED.gender),
         death_date = coalesce(EXCLUDED.death_date, t.death_date),
         death_date_certain = coalesce(EXCLUDED.death_date_certain, t.death_date_certain),
         -- A record without a name (Gerica vedtak.csv has none) is named by the next that has one.
         family_name = CASE WHEN t.family_name = '' AND t.given_name = '' THEN EXCLUDED.family_name ELSE t.family_name END,
         given_name = CASE WHEN t.family_name = '' AND t.given_name = '' THEN EXCLUDED.given_name ELSE t.given_name END,
         updated_at = now()
        WHERE (t.national_id IS NULL AND EXCLUDED.national_id IS NOT NULL)
           OR (t.help_number IS NULL AND EXCLUDED.help_number IS NOT NULL)
           OR (t.family_name = '' AND t.given_name = '' AND (EXCLUDED.family_name <> '' OR EXCLUDED.given_name <> ''))
           OR (t.birth_date IS NULL AND EXCLUDED.birth_date IS NOT NULL)
           OR (t.gender IS NULL AND EXCLUDED.gender IS NOT NULL)
           OR (EXCLUDED.death_date IS NOT NULL AND EXCLUDED.death_date IS DISTINCT FROM t.death_date)
       RETURNING (xmax = 0) AS inserted),
     -- What each source record says (migration 029): kept per source record, the statement it
     -- replaces in record_version; the last of a record sent twice in the batch.
     said AS (
       SELECT DISTINCT ON (source_system, local_id) source_system, local_id, id,
              jsonb_build_object('nationalId', national_id, 'helpNumber', help_number,
                'familyName', family_name, 'givenName', given_name, 'birthDate', birth_date,
                'gender', gender, 'deathDate', death_date, 'deathDateCertain', death_date_certain) AS details,
              source_version, source_updated_at
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id text, source_system text, local_id text,
              national_id text, help_number text, family_name text, given_name text, birth_date date,
              gender text, death_date date, death_date_certain boolean, source_version text,
              source_updated_at timestamptz)) WITH ORDINALITY AS p(id, source_system,
              local_id, national_id, help_number, family_name, given_name, birth_date, gender, death_date,
              death_date_certain, source_version, source_updated_at, n)
        ORDER BY source_system, local_id, n DESC),
     -- A record without a name (Gerica vedtak.csv has no name column) says nothing about the
     -- name: the name its source record gave before stays its statement's (review s41b: the
     -- vedtak import replaced the notes' statement with an empty name, differsIn named the name,
     -- and every later pair of imports kept two more versions of one unchanged statement).
     -- stated_patient_id (migration 030): the record the statement's identifier names, as keyed
     -- here (the row id: a new record's own; another than the record's when the source now files
     -- it under another person's number, kept for an archivist below). Filling it is no new statement.
     -- source_version, source_updated_at (migration 033): the newest source version seen, what the
     -- next export's statement is compared with (olderStatements); provenance, no new statement.
     ids AS (
       INSERT INTO journal.patient_identity AS i (source_system, local_id, patient_id, source_details, source_details_at,
              stated_patient_id, source_version, source_updated_at)
       SELECT source_system, local_id, id, details, now(), id, source_version, source_updated_at FROM said
       ON CONFLICT (source_system, local_id) DO UPDATE
          SET source_details = ${NAMED},
              source_details_at = CASE WHEN i.source_details IS DISTINCT FROM ${NAMED}
                                       THEN EXCLUDED.source_details_at ELSE i.source_details_at END,
              stated_patient_id = EXCLUDED.stated_patient_id,
              source_version = coalesce(EXCLUDED.source_version, i.source_version),
              source_updated_at = coalesce(EXCLUDED.source_updated_at, i.source_updated_at)
        WHERE i.source_details IS DISTINCT FROM ${NAMED}
           OR i.stated_patient_id IS DISTINCT FROM EXCLUDED.stated_patient_id
           OR (i.source_version, i.source_updated_at) IS DISTINCT FROM
              (coalesce(EXCLUDED.source_version, i.source_version), coalesce(EXCLUDED.source_updated_at, i.source_updated_at)))
     SELECT inserted, count(*)::int AS n FROM up GROUP BY inserted`,
    [JSON.stringify(rows)],
  );
  tally(report.counts.patients, r.rows, new Set(rows.map((x) => x.id)).size);
  await keepSupersededStatements(tx, superseded);
  // Only where the coercion room is migrated in this database (a journal on its own has none;
  // asked first: a failed statement would end the import's transaction).
  if (
    newHelpKeys.length &&
    (await tx.query<{ ok: boolean }>(`SELECT to_regclass('coercion.outbox') IS NOT NULL AS ok`)).rows[0]?.ok
  )
    await tx.query(
      `INSERT INTO coercion.outbox (entity_id)
       SELECT e.id FROM coercion.execution e
        WHERE e.patient_nid = ANY(ARRAY(SELECT split_part(k, ':', 2) FROM unnest($1::text[]) k))
          AND e.source_system || ':' || e.patient_nid = ANY($1::text[])`,
      [newHelpKeys],
    );
  // A source record whose D-number is replaced by a fødselsnummer of the same birth date, or
  // that gets its first national id, of its recorded birth date, is the same person: its notes stay on the record its local id has always named, and the
  // record the new number names is linked to it (a person group, as an archivist links two
  // records), so the person is found by either number with every note. Once only: a link an
  // archivist removed is not made again (found in review: a new, empty record took the new
  // number). Any other change of number (a corrected fødselsnummer may have been another
  // person's) is left to an archivist: linking it would open one person's record to the
  // other's matters (found in review of this stop).
  const moved = (
    await tx.query<{
      old_id: string;
      new_id: string;
      old_nid: string | null;
      old_birth: string | null;
      new_nid: string | null;
      ref: string;
      source_system: string;
      local_id: string;
    }>(
      `SELECT DISTINCT i.patient_id AS old_id, inc.id AS new_id, p.national_id AS old_nid,
              to_char(p.birth_date, 'YYYY-MM-DD') AS old_birth, inc.national_id AS new_nid,
              inc.source_system || ' ' || inc.local_id AS ref, inc.source_system, inc.local_id
         FROM jsonb_to_recordset($1::jsonb) AS inc(id text, source_system text, local_id text, national_id text)
         JOIN journal.patient_identity i ON i.source_system = inc.source_system AND i.local_id = inc.local_id
         JOIN journal.patient p ON p.id = i.patient_id
        WHERE i.patient_id <> inc.id
          AND NOT EXISTS (SELECT 1 FROM journal.patient_link l
                           WHERE l.patient_a = least(i.patient_id, inc.id) AND l.patient_b = greatest(i.patient_id, inc.id))`,
      [JSON.stringify(rows)],
    )
  ).rows;
  const same = moved.filter((m) => sameSourcePerson(m.old_nid, m.old_birth, m.new_nid));
  // The others are kept for an archivist (migration 010): duplicateCandidates lists them, since
  // a corrected number often corrects the birth date too and the same-name rule then misses it.
  const unsure = moved.filter((m) => !same.includes(m));
  if (unsure.length)
    await tx.query(
      `INSERT INTO journal.identity_change (source_system, local_id, old_patient_id, new_patient_id)
       SELECT x.source_system, x.local_id, x.old_id, x.new_id
         FROM jsonb_to_recordset($1::jsonb) AS x(source_system text, local_id text, old_id text, new_id text)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          unsure.map((m) => ({
            source_system: m.source_system,
            local_id: m.local_id,
            old_id: m.old_id,
            new_id: m.new_id,
          })),
        ),
      ],
    );
  for (const m of same)
    await tx.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES (least($1, $2), greatest($1, $2), 'import', $3) ON CONFLICT DO NOTHING`,
      [
        m.old_id,
        m.new_id,
        `${m.ref} now carries ${m.old_nid ? 'a fødselsnummer for its D-number' : 'a national id'}: the same person`,
      ],
    );
  // The access-request cases filed under a record of a person this batch changed (a national id
  // filled, a link made above) carry that person's national ids in their search documents (archive
  // outbox.ts caseSubjectSql): queued again in this transaction, as linkPatients does
  // (pasientjournalloven § 22 with pasientjournalforskriften § 14; stop 46, fix FX7: they lacked
  // the newly linked number until a reconcile). Every record of each person, after the links.
  const changedPersons = [...new Set([...filled, ...same.flatMap((m) => [m.old_id, m.new_id])])];
  if (changedPersons.length)
    await queueRequestCasesOfRecords(tx, [
      ...new Set([...changedPersons, ...[...(await personGroups(tx, changedPersons)).values()].flat()]),
    ]);
  // The notes of the records filled (their documents carry the national id and the age) and of
  // every record whose person's birth date this batch changed (a birth date or national id filled,
  // a link made above): announced again, once each.
  await announceAgeChanges(tx, before, filled);
}

/**
 * The records stored before H-numbers were kept apart (journal migration 021 moved their number
 * from national_id to help_number; their id was derived from it as from a national id): a source
 * record whose local id names such a record, of the same H-nummer and of this source system only,
 * stays on it. One that also holds another source's records (two institutions' H-numbers merged
 * before) is not reused: each source's record then gets its own patient, and the change of record
 * is kept for an archivist (identity_change, duplicateCandidates), its notes where they were.
 * Nor is a Helseplattformen record that holds another HP Patient of the number: before 1e5ed05
 * the import keyed an HP H-nummer by (HELSEPLATTFORMEN, number) alone, so two organisations'
 * patients of one number became one record (helsepersonelloven § 39: a journal for each
 * patient; pasientjournalloven § 22). Each Patient then gets the record today's key gives it
 * (records.ts patientIdFor: by its assigner, else by its own id), and where that is not the
 * stored one the change is kept for an archivist in the same way, the notes where they were
 * until a § 44 move (left open at stop 39: "neither split nor listed"). Two Patients of one
 * assigner have one key, that of the record they share when it was stored under it: nothing
 * changes for them.
 */
async function helpNumberRecords(tx: Queryable, items: PatientRecord[]): Promise<Map<string, string>> {
  const local = items.filter((p) => p.helpNumber);
  if (!local.length) return new Map();
  const r = await tx.query<{ k: string; patient_id: string }>(
    `SELECT q.s || '|' || q.l AS k, p.id AS patient_id
       FROM jsonb_to_recordset($1::jsonb) AS q(s text, l text, h text)
       JOIN journal.patient_identity i ON i.source_system = q.s AND i.local_id = q.l
       JOIN journal.patient p ON p.id = i.patient_id AND p.help_number = q.h AND p.national_id IS NULL
      WHERE NOT EXISTS (SELECT 1 FROM journal.patient_identity o WHERE o.patient_id = p.id AND o.source_system <> q.s)
        AND NOT (q.s = 'HELSEPLATTFORMEN' AND EXISTS (SELECT 1 FROM journal.patient_identity o
                  WHERE o.patient_id = p.id AND o.source_system = q.s AND o.local_id <> q.l))`,
    [JSON.stringify(local.map((p) => ({ s: p.sourceSystem, l: p.localId, h: p.helpNumber })))],
  );
  // A Helseplattformen record keyed by its H-nummer's assigner (since 1e5ed05) is one
  // organisation's person: a later statement of its Patient under another assigner's number of
  // the same digits names another person (helsepersonelloven § 21; stop 42: it was kept on the
  // record as the same person, no change listed for an archivist, and its name shown under the
  // record: Patient.identities). Only records whose id is a key of before (the number as a
  // national id, before migration 021; (source, number), before 1e5ed05) or the Patient's own
  // (an H-nummer without assigner) are kept; otherwise the statement is keyed as today, and the
  // change of record is kept for an archivist as any other (identity_change).
  const byKey = new Map(local.map((p) => [key(p), p]));
  return new Map(
    r.rows.flatMap((x) => {
      const p = byKey.get(x.k)!;
      if (p.sourceSystem !== 'HELSEPLATTFORMEN') return [[x.k, x.patient_id] as const];
      const h = p.helpNumber!;
      const hashed = (k: string) => `pat-${createHash('sha256').update(k).digest('hex').slice(0, 16)}`;
      const before = [
        hashed(`helsespor-person:${h}`),
        hashed(`helsespor-hnr:${p.sourceSystem}:${h}`),
        patientIdFor(null, p, h, null),
        patientIdFor(null, p, h, p.helpNumberAssigner),
      ];
      return before.includes(x.patient_id) ? [[x.k, x.patient_id] as const] : [];
    }),
  );
}

/**
 * Whether a source record's new national id is the same person's: a D-number replaced by a
 * fødselsnummer of the same birth date (what the Population Register does), or a first
 * national id that gives the birth date the record already had.
 */
function sameSourcePerson(oldNid: string | null, oldBirth: string | null, newNid: string | null): boolean {
  const b = newNid ? parseNationalId(newNid) : null;
  if (!b || 'error' in b) return false;
  if (!oldNid) return oldBirth === b.birthDate;
  const a = parseNationalId(oldNid);
  return (
    !('error' in a) && a.kind === 'd-nummer' && b.kind === 'fodselsnummer' && a.birthDate === b.birthDate
  );
}

/** Resolves (source system, local id) → patient id for a batch. */
async function patientIds(
  tx: Queryable,
  refs: { sourceSystem: string; localId: string }[],
): Promise<Map<string, string>> {
  const r = await tx.query<{ k: string; patient_id: string }>(
    `SELECT i.source_system || '|' || i.local_id AS k, i.patient_id
       FROM journal.patient_identity i
       JOIN jsonb_to_recordset($1::jsonb) AS q(s text, l text) ON q.s = i.source_system AND q.l = i.local_id`,
    [JSON.stringify(refs.map((x) => ({ s: x.sourceSystem, l: x.localId })))],
  );
  return new Map(r.rows.map((x) => [x.k, x.patient_id]));
}

const key = (r: { sourceSystem: string; localId: string }) => `${r.sourceSystem}|${r.localId}`;

/** The reasons of a stored care contact, relative or service decision a later export files under another patient record. */
export const CONTACT_PATIENT_CHANGE = 'contact-patient-change';
export const RELATIVE_PATIENT_CHANGE = 'relative-patient-change';
export const DECISION_PATIENT_CHANGE = 'decision-patient-change';

/**
 * helsepersonelloven § 44 (with § 39 andre ledd): a stored care contact (HP Encounter) or
 * relative (HP RelatedPerson) that a later export files under another patient record is not
 * moved, and not dropped either (found in review s41: the upserts never changed patient_id and
 * compared only the other columns, so the export was counted `unchanged`, nothing was
 * quarantined, and the source's refiling was stored nowhere: the stored patient's record and
 * dossier kept a stay and a nearest relative the source says are another person's). As for a
 * service decision (heldPatientChanges): the record stays where it is, with what it held, until
 * the journalansvarlig decides; its line is quarantined with its bytes, the reason naming both
 * patient records, and counted as `patientChangesHeld`, never as unchanged. Not between linked
 * records (one person). Returns the records held (not written).
 */
const REFILING_REASON = {
  'care contact': CONTACT_PATIENT_CHANGE,
  relative: RELATIVE_PATIENT_CHANGE,
  'service decision': DECISION_PATIENT_CHANGE,
} as const;

async function heldRefilings<T extends CareContactRecord | RelatedPersonRecord | DecisionRecord>(
  tx: Queryable,
  what: 'care contact' | 'relative' | 'service decision',
  storedSql: string,
  items: { item: T; key: string; patientId: string }[],
  report: ImportReport,
  q: QuarantineItem[],
): Promise<Set<T>> {
  const held = new Set<T>();
  if (!items.length) return held;
  const stored = new Map(
    (await tx.query<{ k: string; patient_id: string }>(storedSql, [items.map((x) => x.key)])).rows.map(
      (x) => [x.k, x.patient_id],
    ),
  );
  const refiled = items.filter((x) => stored.has(x.key) && stored.get(x.key) !== x.patientId);
  if (!refiled.length) return held;
  const groups = await personGroups(
    tx,
    refiled.map((x) => stored.get(x.key)!),
  );
  for (const x of refiled) {
    const was = stored.get(x.key)!;
    if ((groups.get(was) ?? [was]).includes(x.patientId)) continue;
    held.add(x.item);
    report.patientChangesHeld++;
    q.push(
      sourceQuarantine(
        x.item,
        REFILING_REASON[what],
        `${report.source} export ${report.file} files ${what} ${x.item.sourceSystem} ${x.item.sourceId} under another patient record (${x.item.patient.sourceSystem} patient ${x.item.patient.localId}) than the one it is stored for (${was}); it stays where it is until the journalansvarlig decides (helsepersonelloven § 44)`,
      ),
    );
  }
  return held;
}

async function writeRelatives(
  tx: Queryable,
  items: RelatedPersonRecord[],
  report: ImportReport,
  q: QuarantineItem[],
): Promise<void> {
  const ids = await patientIds(
    tx,
    items.map((i) => i.patient),
  );
  const known = await newerRelatives(
    tx,
    items.filter((i) => ids.has(key(i.patient)) || (q.push(unknownPatient(i)), false)),
    ids,
    report,
    q,
  );
  const held = await heldRefilings(
    tx,
    'relative',
    `SELECT t.source_system || '|' || t.source_id AS k, t.patient_id FROM journal.related_person t
       JOIN unnest($1::text[]) AS k ON t.source_system = split_part(k, '|', 1)
                                  AND t.source_id = substr(k, strpos(k, '|') + 1)`,
    known.map((i) => ({
      item: i,
      key: `${i.sourceSystem}|${i.sourceId}`,
      patientId: ids.get(key(i.patient))!,
    })),
    report,
    q,
  );
  const ok = known.filter((i) => !held.has(i));
  const r = await tx.query<Row>(
    `WITH up AS (
       INSERT INTO journal.related_person AS t (source_system, source_id, patient_id, national_id, name, relationship_codes,
              relationship_text, nearest_relative, registered_at, active, period_end, source_as_of)
       SELECT source_system, source_id, patient_id, national_id, name, ARRAY(SELECT jsonb_array_elements_text(codes)),
              relationship_text, nearest_relative, registered_at, active, period_end, as_of
         FROM jsonb_to_recordset($1::jsonb) AS p(source_system text, source_id text, patient_id text, national_id text, name text,
              codes jsonb, relationship_text text, nearest_relative boolean, registered_at timestamptz, active boolean,
              period_end timestamptz, as_of timestamptz)
       ON CONFLICT (source_system, source_id) DO UPDATE SET national_id = EXCLUDED.national_id, name = EXCLUDED.name,
              relationship_codes = EXCLUDED.relationship_codes, relationship_text = EXCLUDED.relationship_text,
              nearest_relative = EXCLUDED.nearest_relative, active = EXCLUDED.active, period_end = EXCLUDED.period_end
        WHERE (t.national_id, t.name, t.relationship_codes, t.relationship_text, t.nearest_relative, t.active, t.period_end)
              IS DISTINCT FROM (EXCLUDED.national_id, EXCLUDED.name, EXCLUDED.relationship_codes, EXCLUDED.relationship_text,
                                EXCLUDED.nearest_relative, EXCLUDED.active, EXCLUDED.period_end)
       RETURNING (xmax = 0) AS inserted)
     SELECT inserted, count(*)::int AS n FROM up GROUP BY inserted`,
    [
      JSON.stringify(
        ok.map((i) => ({
          source_system: i.sourceSystem,
          source_id: i.sourceId,
          patient_id: ids.get(key(i.patient)),
          national_id: i.nationalId,
          name: i.name,
          codes: i.relationshipCodes,
          relationship_text: i.relationshipText,
          nearest_relative: i.nearestRelative,
          registered_at: i.registeredAt,
          active: i.active,
          period_end: i.periodEnd,
          as_of: i.sourceAsOf ?? null,
        })),
      ),
    ],
  );
  tally(report.counts.relatives, r.rows, ok.length);
  // The newest export time seen (migration 038): what the next export is compared with. Provenance,
  // not the registration: no version row (the trigger leaves source_as_of out), not counted.
  if (ok.some((i) => i.sourceAsOf))
    await tx.query(
      `UPDATE journal.related_person t SET source_as_of = x.as_of
         FROM jsonb_to_recordset($1::jsonb) AS x(source_system text, source_id text, as_of timestamptz)
        WHERE t.source_system = x.source_system AND t.source_id = x.source_id AND x.as_of IS NOT NULL
          AND (t.source_as_of IS NULL OR t.source_as_of < x.as_of)`,
      [
        JSON.stringify(
          ok.map((i) => ({
            source_system: i.sourceSystem,
            source_id: i.sourceId,
            as_of: i.sourceAsOf ?? null,
          })),
        ),
      ],
    );
}

/**
 * Of the relatives of a batch, those read from an export older than the one their row was last
 * read from (RelatedPersonRecord.sourceAsOf, the HP manifest's transactionTime; migration 038) are
 * not applied (pasientjournalloven § 22, integritet, with pbrl. § 5-1 femte ledd and § 1-3 b; review
 * s45: an export of June imported after one of October put a nearest relative whose registration
 * October ended back in force, and the archive's access-request rules read it): one that says
 * otherwise than the row is quarantined with its bytes as `older-source-version`, one that says the
 * same counts unchanged. The rest are returned. Without a time on either side: applied, as before.
 */
async function newerRelatives(
  tx: Queryable,
  items: RelatedPersonRecord[],
  ids: Map<string, string>,
  report: ImportReport,
  q: QuarantineItem[],
): Promise<RelatedPersonRecord[]> {
  const dated = items.filter((i) => i.sourceAsOf);
  if (!dated.length) return items;
  const older = new Map(
    (
      await tx.query<{ n: number; stored_as_of: Date; differs: boolean }>(
        `SELECT x.n::int AS n, t.source_as_of AS stored_as_of,
                (t.patient_id, t.national_id, t.name, t.relationship_codes, t.relationship_text, t.nearest_relative,
                 t.active, t.period_end)
                IS DISTINCT FROM
                (x.patient_id, x.national_id, x.name, ARRAY(SELECT jsonb_array_elements_text(x.codes)), x.relationship_text,
                 x.nearest_relative, x.active, x.period_end) AS differs
           FROM jsonb_to_recordset($1::jsonb) AS x(n int, source_system text, source_id text, patient_id text,
                national_id text, name text, codes jsonb, relationship_text text, nearest_relative boolean,
                active boolean, period_end timestamptz, as_of timestamptz)
           JOIN journal.related_person t ON t.source_system = x.source_system AND t.source_id = x.source_id
          WHERE t.source_as_of IS NOT NULL AND x.as_of < t.source_as_of`,
        [
          JSON.stringify(
            dated.map((i, n) => ({
              n,
              source_system: i.sourceSystem,
              source_id: i.sourceId,
              patient_id: ids.get(key(i.patient)),
              national_id: i.nationalId,
              name: i.name,
              codes: i.relationshipCodes,
              relationship_text: i.relationshipText,
              nearest_relative: i.nearestRelative,
              active: i.active,
              period_end: i.periodEnd,
              as_of: i.sourceAsOf,
            })),
          ),
        ],
      )
    ).rows.map((r) => [dated[r.n]!, r]),
  );
  return setAsideOlder(
    items,
    older,
    report.counts.relatives,
    q,
    (i, storedAsOf) =>
      `${i.sourceSystem} RelatedPerson ${i.sourceId}: this export (transactionTime ${i.sourceAsOf}) is older than the one the relative was last read from (${storedAsOf}); the stored registration stays current`,
  );
}

/**
 * The records an older export gives (`older`: each with what the stored row says), set aside:
 * counted unchanged where alike, else quarantined as older-source-version with their bytes; the
 * rest are returned to be written. One rule for relatives and care contacts.
 */
function setAsideOlder<T extends { source?: SourceBytes } & object>(
  items: T[],
  older: Map<T, { stored_as_of: Date; differs: boolean }>,
  counts: { unchanged: number },
  q: QuarantineItem[],
  detail: (item: T, storedAsOf: string) => string,
): T[] {
  if (!older.size) return items;
  for (const [i, r] of older) {
    if (!r.differs) counts.unchanged++;
    else
      q.push(sourceQuarantine(i, 'older-source-version', detail(i, new Date(r.stored_as_of).toISOString())));
  }
  return items.filter((i) => !older.has(i));
}

async function writeContacts(
  tx: Queryable,
  items: CareContactRecord[],
  report: ImportReport,
  q: QuarantineItem[],
): Promise<void> {
  const ids = await patientIds(
    tx,
    items.map((i) => i.patient),
  );
  const known = await newerContacts(
    tx,
    items.filter((i) => ids.has(key(i.patient)) || (q.push(unknownPatient(i)), false)),
    ids,
    report,
    q,
  );
  const held = await heldRefilings(
    tx,
    'care contact',
    'SELECT id AS k, patient_id FROM journal.care_contact WHERE id = ANY($1::text[])',
    known.map((c) => ({
      item: c,
      key: careContactIdFor(c.sourceSystem, c.sourceId),
      patientId: ids.get(key(c.patient))!,
    })),
    report,
    q,
  );
  const ok = known.filter((c) => !held.has(c));
  const r = await tx.query<Row>(
    `WITH up AS (
       INSERT INTO journal.care_contact AS t (id, patient_id, source_system, source_id, service, contact_class, period_start,
              period_end, location, practitioner_ids, organisation_number, organisation_name, source_as_of)
       SELECT id, patient_id, source_system, source_id, service, contact_class, period_start, period_end, location,
              ARRAY(SELECT jsonb_array_elements_text(practitioner_ids)), organisation_number, organisation_name, as_of
         FROM jsonb_to_recordset($1::jsonb) AS c(id text, patient_id text, source_system text, source_id text, service text,
              contact_class text, period_start timestamptz, period_end timestamptz, location text, practitioner_ids jsonb,
              organisation_number text, organisation_name text, as_of timestamptz)
       ON CONFLICT (id) DO UPDATE SET service = EXCLUDED.service, contact_class = EXCLUDED.contact_class,
              period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, location = EXCLUDED.location,
              practitioner_ids = EXCLUDED.practitioner_ids, organisation_number = EXCLUDED.organisation_number,
              organisation_name = EXCLUDED.organisation_name
        WHERE (t.service, t.contact_class, t.period_start, t.period_end, t.location, t.practitioner_ids,
               t.organisation_number, t.organisation_name)
              IS DISTINCT FROM (EXCLUDED.service, EXCLUDED.contact_class, EXCLUDED.period_start, EXCLUDED.period_end,
                                EXCLUDED.location, EXCLUDED.practitioner_ids, EXCLUDED.organisation_number,
                                EXCLUDED.organisation_name)
       RETURNING (xmax = 0) AS inserted)
     SELECT inserted, count(*)::int AS n FROM up GROUP BY inserted`,
    [
      JSON.stringify(
        ok.map((c) => ({
          id: careContactIdFor(c.sourceSystem, c.sourceId),
          patient_id: ids.get(key(c.patient)),
          source_system: c.sourceSystem,
          source_id: c.sourceId,
          service: c.service,
          contact_class: c.contactClass,
          period_start: c.periodStart,
          period_end: c.periodEnd,
          location: c.location,
          practitioner_ids: c.practitionerIds,
          organisation_number: c.organisation?.number ?? null,
          organisation_name: c.organisation?.name ?? null,
          as_of: c.sourceAsOf ?? null,
        })),
      ),
    ],
  );
  tally(report.counts.contacts, r.rows, ok.length);
  // The newest export time seen (migration 039), as a relative's: provenance, no version, not counted.
  if (ok.some((c) => c.sourceAsOf))
    await tx.query(
      `UPDATE journal.care_contact t SET source_as_of = x.as_of
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, as_of timestamptz)
        WHERE t.id = x.id AND x.as_of IS NOT NULL AND (t.source_as_of IS NULL OR t.source_as_of < x.as_of)`,
      [
        JSON.stringify(
          ok.map((c) => ({ id: careContactIdFor(c.sourceSystem, c.sourceId), as_of: c.sourceAsOf ?? null })),
        ),
      ],
    );
}

/**
 * Of the care contacts of a batch, those read from an export older than the one their row was
 * last read from (CareContactRecord.sourceAsOf; migration 039) are not applied, as newerRelatives
 * does for relatives (pasientjournalloven § 22, integritet; review s45: an older export made an
 * ended stay ongoing again): quarantined as `older-source-version` when they say otherwise,
 * counted unchanged when alike. The rest are returned.
 */
async function newerContacts(
  tx: Queryable,
  items: CareContactRecord[],
  ids: Map<string, string>,
  report: ImportReport,
  q: QuarantineItem[],
): Promise<CareContactRecord[]> {
  const dated = items.filter((c) => c.sourceAsOf);
  if (!dated.length) return items;
  const older = new Map(
    (
      await tx.query<{ n: number; stored_as_of: Date; differs: boolean }>(
        `SELECT x.n::int AS n, t.source_as_of AS stored_as_of,
                (t.patient_id, t.service, t.contact_class, t.period_start, t.period_end, t.location, t.practitioner_ids,
                 t.organisation_number, t.organisation_name)
                IS DISTINCT FROM
                (x.patient_id, x.service, x.contact_class, x.period_start, x.period_end, x.location,
                 ARRAY(SELECT jsonb_array_elements_text(x.practitioner_ids)), x.organisation_number, x.organisation_name) AS differs
           FROM jsonb_to_recordset($1::jsonb) AS x(n int, id text, patient_id text, service text, contact_class text,
                period_start timestamptz, period_end timestamptz, location text, practitioner_ids jsonb,
                organisation_number text, organisation_name text, as_of timestamptz)
           JOIN journal.care_contact t ON t.id = x.id
          WHERE t.source_as_of IS NOT NULL AND x.as_of < t.source_as_of`,
        [
          JSON.stringify(
            dated.map((c, n) => ({
              n,
              id: careContactIdFor(c.sourceSystem, c.sourceId),
              patient_id: ids.get(key(c.patient)),
              service: c.service,
              contact_class: c.contactClass,
              period_start: c.periodStart,
              period_end: c.periodEnd,
              location: c.location,
              practitioner_ids: c.practitionerIds,
              organisation_number: c.organisation?.number ?? null,
              organisation_name: c.organisation?.name ?? null,
              as_of: c.sourceAsOf,
            })),
          ),
        ],
      )
    ).rows.map((r) => [dated[r.n]!, r]),
  );
  return setAsideOlder(
    items,
    older,
    report.counts.contacts,
    q,
    (c, storedAsOf) =>
      `${c.sourceSystem} Encounter ${c.sourceId}: this export (transactionTime ${c.sourceAsOf}) is older than the one the care contact was last read from (${storedAsOf}); the stored care contact stays current`,
  );
}

/** A record whose patient was never imported: quarantined with its source bytes when the reader kept them. */
function unknownPatient(
  i: { patient: { sourceSystem: string; localId: string }; source?: SourceBytes } & object,
  entryId?: string,
): QuarantineItem & { file?: string } {
  return sourceQuarantine(
    i,
    'unknown-patient',
    `no patient ${i.patient.sourceSystem} ${i.patient.localId} has been imported`,
    entryId,
  );
}

/** A record the writer does not store, quarantined with its source bytes when the reader kept them. */
function sourceQuarantine(
  i: { source?: SourceBytes } & object,
  reason: string,
  detail: string,
  entryId?: string,
): QuarantineItem & { file?: string } {
  const { source, ...record } = i;
  // A Profil notat's bytes hold no patient field: the klient it was read under is recorded as its
  // owner (task s47, defect 1; journal migration 045), as the reader does for the lines it quarantines.
  // A Profil klient's own statement (a patient item, e.g. its start tag quarantined as
  // older-source-version) is its own klientnr's (fix FX-A 5: it recorded none, and a klient with
  // an H-nummer or without fnr was listed under no one; pasientjournalloven § 22).
  const self = i as { kind?: unknown; sourceSystem?: unknown; localId?: unknown };
  const patient =
    self.kind === 'patient'
      ? ({ sourceSystem: self.sourceSystem, localId: self.localId } as PatientRef)
      : ((i as { patient?: unknown }).patient as PatientRef | null | undefined);
  const owner = patient && patient.sourceSystem === 'PROFIL' && patient.localId ? patient : undefined;
  return {
    kind: 'quarantine',
    reason,
    detail,
    raw: source?.raw ?? Buffer.from(JSON.stringify(record), 'utf8'),
    line: source?.line ?? null,
    recordNo: source?.recordNo ?? source?.line ?? null,
    ...(source?.file ? { file: source.file } : {}),
    ...(entryId ? { entryId } : {}),
    ...(owner ? { owner: { sourceSystem: owner.sourceSystem, localId: owner.localId } } : {}),
  };
}

/**
 * A record whose id would be longer than any id a caller may name (lib/id-cap.ts
 * MAX_ID_CHARS): quarantined with its bytes as `identifier`, as a Gerica NotatID that is not 7
 * digits is. A note or service decision stored so could not be named by a journalansvarlig to
 * delete, correct or move it (helsepersonelloven §§ 42-44: every field that names a note by id
 * refuses such an id before it runs; found in review s32: an HP DocumentReference id of 300
 * characters, where FHIR's id has at most 64, was stored and could not be deleted). A patient's,
 * a care contact's, a relative's or a practitioner's source id is a key of its table, whose
 * B-tree takes some 2,700 bytes a row: over that the batch failed, and the import with it on
 * every run, so nothing after the record was ever stored (review s32). Null: stored as it is.
 */
function tooLongAnId(item: ImportItem): QuarantineItem | null {
  const ids: [string, string] | null =
    item.kind === 'entry'
      ? ['note', entryIdFor(item.sourceSystem, item.sourceId)]
      : item.kind === 'decision'
        ? ['service decision', decisionIdFor(item.sourceSystem, item.sourceId)]
        : item.kind === 'patient'
          ? [
              'patient',
              item.localId.length > MAX_ID_CHARS
                ? item.localId
                : patientIdFor(item.nationalId, item, item.helpNumber, item.helpNumberAssigner),
            ]
          : item.kind === 'contact'
            ? ['care contact', careContactIdFor(item.sourceSystem, item.sourceId)]
            : item.kind === 'relative'
              ? ['relative', item.sourceId]
              : item.kind === 'practitioner'
                ? ['practitioner', item.id]
                : null;
  if (!ids || ids[1].length <= MAX_ID_CHARS) return null;
  const [what, id] = ids;
  return sourceQuarantine(
    item,
    'identifier',
    `${what} id of ${id.length} characters, over the ${MAX_ID_CHARS} characters an id can have: not stored (no one could name it to correct, move or delete it)`,
  );
}

/**
 * The care contacts notes name that belong to another patient record than the note's
 * (pasientjournalloven § 22: a note's care contact is its own patient's). An HP note whose
 * `context.encounter` is another patient's encounter (a source error, a merge gone wrong)
 * was linked to it without asking whose it was, and a matter over the note's patient read
 * the other's contact (found in review; JournalEntry.careContact now checks the contact's own
 * patient too). The note is its subject's and is stored; the link is not, and the line is
 * quarantined as `care-contact-patient` with its bytes, for an archivist (as an HP Vedtak
 * without an outcome is stored as a note with its decision quarantined). A contact not
 * (yet) imported is linked by its id as before: nothing of another patient's is read then.
 * The keys of the entries (source system | source id) whose link is left out. Not a note
 * deleted here (helsepersonelloven § 43): the writer leaves it as it is (counted unchanged), and
 * its line, the deleted text, is not quarantined again (found in review s30).
 */
async function foreignCareContacts(
  tx: Queryable,
  entries: { key: string; entryId: string; patientId: string; careContactId: string | null }[],
): Promise<Set<string>> {
  const ids = [...new Set(entries.flatMap((e) => (e.careContactId ? [e.careContactId] : [])))];
  if (!ids.length) return new Set();
  const owner = new Map(
    (
      await tx.query<{ id: string; patient_id: string }>(
        'SELECT id, patient_id FROM journal.care_contact WHERE id = ANY($1::text[])',
        [ids],
      )
    ).rows.map((r) => [r.id, r.patient_id]),
  );
  const foreign = entries.filter(
    (e) => e.careContactId && owner.has(e.careContactId) && owner.get(e.careContactId) !== e.patientId,
  );
  if (!foreign.length) return new Set();
  const deleted = new Set(
    (
      await tx.query<{ id: string }>(
        'SELECT id FROM journal.journal_entry WHERE id = ANY($1::text[]) AND deleted_at IS NOT NULL',
        [foreign.map((e) => e.entryId)],
      )
    ).rows.map((r) => r.id),
  );
  return new Set(foreign.filter((e) => !deleted.has(e.entryId)).map((e) => e.key));
}

const ENTRY_RECORDSET = `jsonb_to_recordset($1::jsonb) AS e(id text, patient_id text, source_system text, source_id text,
  entry_type text, service text, author_name text, author_hpr text, author_practitioner_id text,
  written_at timestamptz, text text, status text, replaces_source_id text, replaces_source_system text, correction_reason text,
  care_contact_id text, content_hash text, care_start timestamptz, care_end timestamptz, amended boolean,
  source_version text, source_updated_at timestamptz, legacy_hash text, text_from_copy boolean,
  organisation_number text, organisation_name text, time_notes text[])`;

/**
 * Whether a source version (alias `inc`) names another author, category or care contact than the
 * stored note (alias `t`): a change of the note, applied and kept as any (review s38: the first
 * version's author stayed on every later version, and an export whose only change was its author
 * or category was counted unchanged; pasientjournalloven § 22, integritet; helsepersonelloven
 * § 39). The care contact only while the source files the note under its stored patient: a note
 * moved here (helsepersonelloven § 44, record-cases.ts moveEntry) lost the wrong patient's
 * encounter, which the source still names. Not a migrated copy over its legacy original (the
 * original is the record of the note, step 0c); the original over a copy's text is a change.
 */
const ATTRIBUTION_DIFFERS = (t: string, inc: string) =>
  `(((${t}.author_name, ${t}.author_hpr, ${t}.author_practitioner_id, ${t}.service)
       IS DISTINCT FROM (${inc}.author_name, ${inc}.author_hpr, ${inc}.author_practitioner_id, ${inc}.service)
     OR (${t}.patient_id = ${inc}.patient_id AND ${t}.care_contact_id IS DISTINCT FROM ${inc}.care_contact_id))
    AND NOT (${inc}.text_from_copy AND NOT ${t}.text_from_copy))`;

type SourceVersion = { version: string | null; updatedAt: Date | null };

/**
 * Whether a source version is older than the one stored: by meta.versionId when both are
 * whole numbers, else by meta.lastUpdated when both have one; otherwise it cannot be told, and
 * the export is applied as before (the last one imported wins).
 */
function olderThanStored(inc: SourceVersion, stored: SourceVersion): boolean {
  const whole = /^\d{1,15}$/;
  if (inc.version && stored.version && whole.test(inc.version) && whole.test(stored.version))
    return Number(inc.version) < Number(stored.version);
  if (inc.updatedAt && stored.updatedAt) return inc.updatedAt.getTime() < stored.updatedAt.getTime();
  return false;
}

type Versioned = { sourceVersion?: string | null; sourceUpdatedAt?: string | null };

/**
 * Who wrote a note and where it is filed, as the source says: its author (name, HPR number,
 * practitioner), its category (`service`) and its care contact (the encounter's source id). Not
 * in the content hash (records.ts entryContentHash): the writer compares them with the stored
 * columns (ATTRIBUTION_DIFFERS), so the hashes stored before review s38 stay valid and a re-import
 * of an unchanged export stays unchanged (as `carePeriodAsWritten` keeps the care period's).
 */
const attributionOf = (e: EntryRecord) => [
  e.authorName,
  e.authorHpr,
  e.authorPractitionerId,
  e.service,
  e.careContactSourceId,
];

/** Whether two records of one note say the same: content (entryContentHash), attribution and patient. */
const sameEntryContent = (a: EntryRecord, b: EntryRecord) =>
  key(a.patient) === key(b.patient) &&
  entryContentHash(a) === entryContentHash(b) &&
  JSON.stringify(attributionOf(a)) === JSON.stringify(attributionOf(b));

/**
 * A time as the instant it names ("2022-03-01T10:00:00+01:00" and "2022-03-01T09:00:00Z" are one
 * decision time), as the notes' content hash takes times (records.ts entryContentHash), to the
 * digit the source wrote: through a JavaScript Date an export's microseconds were cut to
 * milliseconds, stored so, and a decision of the note's own time differed from it (second review
 * s38). A string with no offset, or that reads as no time, stays as written (the readers give none).
 */
const instantOf = (s: string | null): string | null => {
  if (s == null) return null;
  try {
    return Temporal.Instant.from(s).toString();
  } catch {
    return s;
  }
};

/** What a service decision says: everything but where it was read, its time as an instant. */
const decisionContent = (d: DecisionRecord) => {
  const { source: _s, ...x } = d;
  void _s;
  return { ...x, decidedAt: instantOf(x.decidedAt) };
};

/** Whether two records of one service decision say the same (everything but where they were read). */
const sameDecisionContent = (a: DecisionRecord, b: DecisionRecord) =>
  JSON.stringify(decisionContent(a)) === JSON.stringify(decisionContent(b));

const versionOf = (e: Versioned): SourceVersion => ({
  version: e.sourceVersion ?? null,
  updatedAt: e.sourceUpdatedAt ? new Date(e.sourceUpdatedAt) : null,
});

/**
 * Of a record already met in a batch and the next one of the same natural key: [the older one
 * when one is older (olderThanStored), the one to write]. Versions that cannot be told apart:
 * the later line, as before.
 */
function newerOf<T extends Versioned>(seen: T | undefined, next: T): [T | null, T] {
  if (seen && olderThanStored(versionOf(next), versionOf(seen))) return [next, seen];
  if (seen && olderThanStored(versionOf(seen), versionOf(next))) return [seen, next];
  return [null, next];
}

const describeVersion = (v: SourceVersion) =>
  [v.version && `versionId ${v.version}`, v.updatedAt && `lastUpdated ${v.updatedAt.toISOString()}`]
    .filter(Boolean)
    .join(', ');

/** Where a record was read: its line (and record number) in the export, when its reader kept them. */
const whereRead = (r: { source?: SourceBytes }) =>
  r.source
    ? `line ${r.source.line}${r.source.recordNo != null && r.source.recordNo !== r.source.line ? ` (record ${r.source.recordNo})` : ''}`
    : 'a record without its line';

/**
 * One care contact, relative or practitioner twice in a batch (a FHIR bulk export that sends a
 * resource again: a page resent, two jobs' files joined). Their writes are one INSERT … ON
 * CONFLICT DO UPDATE each, which PostgreSQL refuses when two of its rows have one key ("ON
 * CONFLICT DO UPDATE command cannot affect row a second time"): the batch failed, and with it
 * the import on every run, so nothing after it was ever imported (found in review s41). As for
 * notes (duplicateQuarantine; pasientjournalloven § 22, integritet): the later record is
 * written; an earlier one that says the same is the record sent twice (counted unchanged), one
 * that differs is quarantined with its bytes as `duplicate-source-id`, the reason naming the
 * line imported. Returns the records to write, in their order, and how many were sent twice alike.
 */
function lastOfEach<T extends { source?: SourceBytes }>(
  items: T[],
  keyOf: (i: T) => string,
  what: (i: T) => string,
  q: QuarantineItem[],
): { write: T[]; alike: number } {
  const content = recordContent;
  const last = new Map<string, T>();
  for (const i of items) last.set(keyOf(i), i);
  if (last.size === items.length) return { write: items, alike: 0 };
  let alike = 0;
  for (const i of items) {
    const kept = last.get(keyOf(i))!;
    if (kept === i) continue;
    if (content(i) === content(kept)) alike++;
    else q.push(duplicateQuarantine(i, kept, what(i)));
  }
  return { write: items.filter((i) => last.get(keyOf(i)) === i), alike };
}

/** The reason of an HP migrated copy not applied over its legacy original (writeEntries step 0c). */
export const MIGRATED_COPY_DIFFERS = 'migrated-copy-differs';
/**
 * A second HP document replacing one migrated copy (stop 45; writer.ts replacedLegacyOriginals):
 * two corrections of one legacy note, which HP's record does not order. Not applied; its bytes
 * are kept for an archivist, the reason naming the copy, the original and the correction in force.
 */
export const MIGRATED_COPY_REPLACED_TWICE = 'migrated-copy-replaced-twice';
/**
 * An HP correction stored before the migrated copy it replaces was met, whose legacy original was
 * moved to another patient under helsepersonelloven § 44 before the copy came (stop 46;
 * writer.ts linkLateCorrections): not linked (the import does not move a stored note between
 * patients; a § 44 move is a record case's), the copy's line kept for an archivist, the reason
 * naming the correction, the copy, the original and the move.
 */
export const MIGRATED_COPY_ORIGINAL_MOVED = 'migrated-copy-original-moved';

/** The reason of a record one export sends twice, with other content than the one imported. */
export const DUPLICATE_SOURCE_ID = 'duplicate-source-id';

/**
 * A record of one natural key that a later record of the same export replaces in the batch
 * (no source version tells them apart: Gerica, Profil, or two HP lines of one versionId):
 * quarantined with its bytes and a reason naming the line imported (pasientjournalloven § 22,
 * integritet; found in review s31: it was counted unchanged and its text was stored nowhere,
 * while in two batches it would have been stored and kept as a version). Identical ones are
 * the same record sent twice: nothing to keep.
 */
function duplicateQuarantine(
  dropped: { source?: SourceBytes } & object,
  kept: { source?: SourceBytes } | string,
  what: string,
  entryId?: string,
): QuarantineItem & { file?: string } {
  return sourceQuarantine(
    dropped,
    DUPLICATE_SOURCE_ID,
    `${what} is in this export twice with different content: ${typeof kept === 'string' ? kept : whereRead(kept)}, the later, is imported; this one (${whereRead(dropped)}) is kept here`,
    entryId,
  );
}

/** ExportDuplicates' count of one patient source record's statements in the export. */
interface PatientStatements {
  count: number;
  /** patientStatement of the first. */
  first: string;
  /** Whether a later statement says otherwise than the first. */
  varied: boolean;
  /**
   * Which statement (0-based, in file order) is the current one, its source version
   * (statementVersion) and the record (JSON, without its bytes).
   */
  current: number;
  currentVersion: SourceVersion;
  currentRecord: string | null;
}

/**
 * An HP Patient's meta.versionId and meta.lastUpdated as olderThanStored compares them; a time
 * that reads as none is none (the reader gives only a usable one: hp.ts sourceVersionOf).
 */
function statementVersion(p: PatientRecord): SourceVersion {
  const at = p.sourceUpdatedAt ? new Date(p.sourceUpdatedAt) : null;
  return { version: p.sourceVersion ?? null, updatedAt: at && !Number.isNaN(at.getTime()) ? at : null };
}

/** Whether a statement gives a source version at all (a versionId or a usable lastUpdated). */
const dated = (v: SourceVersion) => v.version !== null || v.updatedAt !== null;

/** A statement as ExportDuplicates keeps it until its batch: without the line's bytes. */
const withoutBytes = (p: PatientRecord) => {
  const { source: _s, ...rest } = p;
  void _s;
  return JSON.stringify(rest);
};

/**
 * What a patient statement says (the fields of patient_identity.source_details, and the H-number's
 * assigner, which names the person with it): equal exactly when two statements say the same.
 * Not meta.lastUpdated.
 */
function patientStatement(p: PatientRecord): string {
  return JSON.stringify([
    p.nationalId,
    p.helpNumber ?? null,
    p.helpNumberAssigner ?? null,
    p.familyName,
    p.givenName,
    p.birthDate,
    p.gender,
    p.deathDate,
    p.deathDateCertain,
  ]);
}

/** A later record of the same source id in the export (ExportDuplicates): what it says and where it was read. */
export interface LaterRecord {
  /** What decides whether two records of one source id say the same (sameEntryContent, sameDecisionContent). */
  content: string;
  /** The patient the source files it under (key). */
  patient: string;
  /** whereRead of it. */
  where: string;
}

/** The records ExportDuplicates follows over the whole export. */
type FollowedRecord =
  EntryRecord | DecisionRecord | PractitionerRecord | RelatedPersonRecord | CareContactRecord;

/** The natural key of a practitioner, relative or care contact in a batch (lastOfEach) and over the export. */
const practitionerKey = (p: PractitionerRecord) => p.id;
const relativeKey = (r: RelatedPersonRecord) => `${r.sourceSystem}|${r.sourceId}`;
const contactKey = (c: CareContactRecord) => careContactIdFor(c.sourceSystem, c.sourceId);

/**
 * Which records are one source record sent again: one note (or decision) and, for HP, one meta
 * version; one practitioner, relative or care contact (the writer keeps no source version of
 * those: the last of the export is written, lastOfEach).
 */
function duplicateKey(i: ImportItem): string | null {
  if (i.kind === 'practitioner') return `practitioner|${practitionerKey(i)}`;
  if (i.kind === 'relative') return `relative|${relativeKey(i)}`;
  if (i.kind === 'contact') return `contact|${contactKey(i)}`;
  if (i.kind !== 'entry' && i.kind !== 'decision') return null;
  const v = versionOf(i);
  return `${i.kind}|${i.sourceSystem}|${i.sourceId}|${v.version ?? ''}|${v.updatedAt?.toISOString() ?? ''}`;
}

/** What the record says without where it was read: a hash, equal exactly when two records say the same. */
function recordContent(i: { source?: SourceBytes }): string {
  const { source: _s, ...record } = i;
  void _s;
  return JSON.stringify(record);
}

/**
 * sameEntryContent and sameDecisionContent as one value: equal exactly when they say the same;
 * for a practitioner, relative or care contact, the whole record (lastOfEach compares the same).
 */
function duplicateContent(i: FollowedRecord): string {
  if (i.kind === 'entry')
    return `${key(i.patient)}|${entryContentHash(i)}|${JSON.stringify(attributionOf(i))}`;
  return createHash('sha256')
    .update(i.kind === 'decision' ? JSON.stringify(decisionContent(i)) : recordContent(i))
    .digest('hex')
    .slice(0, 32);
}

/**
 * One record twice in one export, however far apart (pasientjournalloven § 22, integritet): the
 * writer compares two records of one source id that no version tells apart within its batch
 * (writeEntries, writeDecisions); this carries the comparison over the whole export, so that two
 * such records more than a batch apart end as they do in one batch (the later imported, the
 * other quarantined as `duplicate-source-id` with its bytes, or counted as the same record sent
 * twice), not the earlier applied and then kept as a version of the later, again on every run.
 *
 * Read before the import (runImport reads the export twice): `note` each record in file order.
 * Memory is bounded by the export's ids, not its bytes: a key per source id (and HP version),
 * and for an id met more than once what each later record says (a hash), its patient and its
 * line. Then the writer is given the records in the same order (`met`), and asks for the next
 * record of a record's id after it in the export (`laterOf`).
 */
export class ExportDuplicates {
  /** Per duplicate key: null when met once so far; else the 2nd, 3rd … records. */
  private readonly ids = new Map<string, LaterRecord[] | null>();
  /** While importing: how many records of each repeated key the writer was given. */
  private readonly given = new Map<string, number>();
  private readonly later = new WeakMap<object, LaterRecord>();
  /** Source ids met more than once (for the log). */
  repeated = 0;

  /**
   * Per patient source record (`<source system>|<local id>`) met in the export: its statements
   * (PatientStatements). A record met once needs nothing; memory is one entry per source record.
   */
  private readonly statements = new Map<string, PatientStatements>();
  /** While importing: how many statements of each patient source record the writer was given. */
  private readonly givenStatements = new Map<string, number>();
  private readonly statementOfItem = new WeakMap<object, { current: PatientRecord; superseded: boolean }>();

  /** First pass: a record of the export, in file order. */
  note(i: ImportItem): void {
    if (i.kind === 'patient') return this.notePatient(i);
    const k = duplicateKey(i);
    if (!k || !followed(i)) return;
    if (!this.ids.has(k)) {
      this.ids.set(k, null);
      return;
    }
    const at: LaterRecord = {
      content: duplicateContent(i),
      patient: 'patient' in i ? key(i.patient) : '',
      where: whereRead(i),
    };
    const list = this.ids.get(k);
    if (list) list.push(at);
    else {
      this.ids.set(k, [at]);
      this.repeated++;
    }
  }

  /**
   * One source record's statements of its patient in one export (an HP Patient twice: a history
   * export, two extracts concatenated; Gerica's name on every row of a PasientID). The current
   * one is the newest (pasientjournalloven § 22, integritet):
   * - a statement that gives a source version (HP meta.versionId, or a usable meta.lastUpdated)
   *   displaces the current one unless it is older than it (olderThanStored: by versionId when
   *   both are whole numbers, else by lastUpdated; equal, or not comparable, the later line);
   * - a statement without one (none given, or malformed: "i går", 30 February) never displaces
   *   one that gives one, and leaves the comparison as it was;
   * - among statements without a version (Gerica, Profil, an HP export without meta), the later
   *   line.
   * So the current statement is the latest dated one when any is dated, else the last line.
   * Before stop 43 a malformed meta.lastUpdated between two dated lines became the current
   * statement and reset the comparison: the next line was current, however old its time.
   */
  private notePatient(p: PatientRecord): void {
    const k = key(p);
    const said = patientStatement(p);
    const v = statementVersion(p);
    const s = this.statements.get(k);
    if (!s) {
      // The first is kept whole only when it may stay the current one against a later line (it
      // gives a version); without one, any later line is the current statement.
      this.statements.set(k, {
        count: 1,
        first: said,
        varied: false,
        current: 0,
        currentVersion: v,
        currentRecord: dated(v) ? withoutBytes(p) : null,
      });
      return;
    }
    const n = s.count++;
    if (said !== s.first) s.varied = true;
    if (dated(s.currentVersion) && (!dated(v) || olderThanStored(v, s.currentVersion))) return;
    s.current = n;
    s.currentVersion = v;
    s.currentRecord = withoutBytes(p);
  }

  /**
   * While importing, for a patient statement the writer is given: the export's current
   * statement of its source record (what the record says when the export is imported, whichever
   * batch this statement is in), and whether this one is an earlier statement that says
   * otherwise (kept as a version, writePatients). Undefined when the export states the record
   * one way only.
   */
  statementOf(p: PatientRecord): { current: PatientRecord; superseded: boolean } | undefined {
    return this.statementOfItem.get(p);
  }

  /** While importing: the writer is given this record (in the same order as note was). */
  met(i: ImportItem): void {
    if (i.kind === 'patient') {
      const k = key(i);
      const s = this.statements.get(k);
      if (!s?.varied) return;
      const n = this.givenStatements.get(k) ?? 0;
      this.givenStatements.set(k, n + 1);
      const current = n === s.current ? i : (JSON.parse(s.currentRecord!) as PatientRecord);
      this.statementOfItem.set(i, { current, superseded: patientStatement(i) !== patientStatement(current) });
      return;
    }
    const k = duplicateKey(i);
    const list = k ? this.ids.get(k) : null;
    if (!k || !list) return;
    const n = this.given.get(k) ?? 0;
    this.given.set(k, n + 1);
    const next = list[n];
    if (next) this.later.set(i, next);
  }

  /** The next record of this record's source id in the export, when there is one after it. */
  laterOf(i: object): LaterRecord | undefined {
    return this.later.get(i);
  }
}

/**
 * Of the records a batch would write, those the export sends again further on (ExportDuplicates):
 * not written here. One that differs from the next record of its id is quarantined as a
 * duplicate naming that record's line (as two in one batch are); one that says the same is
 * the record sent twice. Returns the records to write and how many were quarantined.
 */
const followed = (i: ImportItem): i is FollowedRecord =>
  i.kind === 'entry' ||
  i.kind === 'decision' ||
  i.kind === 'practitioner' ||
  i.kind === 'relative' ||
  i.kind === 'contact';

function laterInExport<T extends FollowedRecord>(
  ok: T[],
  later: ExportDuplicates | undefined,
  q: QuarantineItem[],
  what: (i: T) => string,
  entryId: (i: T, next: LaterRecord) => string | undefined,
): { ok: T[]; differing: number } {
  if (!later) return { ok, differing: 0 };
  let differing = 0;
  const rest = ok.filter((i) => {
    const next = later.laterOf(i);
    if (!next) return true;
    if (next.content !== duplicateContent(i)) {
      differing++;
      q.push(duplicateQuarantine(i, next.where, what(i), entryId(i, next)));
    }
    return false;
  });
  return { ok: rest, differing };
}

/** Notes of one batch, by natural key, that were older than the stored version and not applied. */
type OlderKeys = Set<string>;

/**
 * The chains of source versions new in this import ($1, their ids), each from a new version
 * back through the versions it replaces within its patient, only through versions new in this
 * import (one stored before a deletion or a move stays, and so does what replaces it; found in
 * review: v3 -> stored v2 -> deleted v1 deleted both): `chain(start, patient_id, source_system,
 * replaces, depth)`, for steps 3a and 3b, which join the version each chain ends at.
 */
const NEW_VERSION_CHAINS = `WITH RECURSIVE chain(start, patient_id, source_system, replaces, depth) AS (
       SELECT t.id, t.patient_id, coalesce(t.replaces_source_system, t.source_system), t.replaces_source_id, 1
         FROM journal.journal_entry t WHERE t.id = ANY($1::text[])
       UNION ALL
       SELECT c.start, c.patient_id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id, c.depth + 1
         FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                                  AND p.patient_id = c.patient_id
        WHERE c.depth < 50 AND p.deleted_at IS NULL AND p.replaces_source_id IS NOT NULL AND p.id = ANY($1::text[]))`;

/**
 * Step 0e (review s44, case 2; helsepersonelloven § 42, pasientjournalloven § 22): an HP document
 * that replaces HP's migrated copy of a legacy note replaces the legacy original. The copy is
 * stored as the original (its key; step 0c), so the HP id the document names is found in the
 * copy's provenance (`entry_provenance` kind `migrated_copy`, or a copy in this batch), and the
 * document's chain is recorded to the original: `replaces_source_system` (migration 036) and
 * the original's id, so history, earlier versions in search, a deletion and a move follow it as
 * any source chain. The HP id stays in the original's provenance. Only within the document's
 * patient record (a chain stops at the patient's edge), or to a note moved from it (§ 44; step
 * 3a moves the document after it); another patient's note is never linked.
 */
async function replacedLegacyOriginals(
  tx: Queryable,
  ok: EntryRecord[],
  ids: Map<string, string>,
  q: QuarantineItem[],
): Promise<EntryRecord[]> {
  const replacing = ok.filter((e) => e.replacesSourceId && !e.copy && e.sourceSystem === 'HELSEPLATTFORMEN');
  if (!replacing.length) return ok;
  const inBatch = new Map(
    ok.flatMap((c) =>
      c.copy?.sourceSystem === 'HELSEPLATTFORMEN'
        ? [
            [
              c.copy.sourceId,
              { s: c.sourceSystem, i: c.sourceId, patient: ids.get(key(c.patient))! },
            ] as const,
          ]
        : [],
    ),
  );
  const stored = new Map(
    (
      await tx.query<{ hp: string; s: SourceSystem; i: string; patients: string[] }>(
        `SELECT pr.source_id AS hp, e.source_system AS s, e.source_id AS i,
                array_append(array(SELECT m.from_patient_id FROM journal.entry_move m WHERE m.entry_id = e.id), e.patient_id) AS patients
           FROM journal.entry_provenance pr JOIN journal.journal_entry e ON e.id = pr.entry_id
          WHERE pr.kind = 'migrated_copy' AND pr.source_system = 'HELSEPLATTFORMEN' AND pr.source_id = ANY($1::text[])`,
        [replacing.map((e) => e.replacesSourceId)],
      )
    ).rows.map((r) => [r.hp, r]),
  );
  const linked = new Map<EntryRecord, LinkedCorrection>();
  const out = ok.map((e) => {
    if (!replacing.includes(e)) return e;
    const patient = ids.get(key(e.patient))!;
    const b = inBatch.get(e.replacesSourceId!);
    const s = stored.get(e.replacesSourceId!);
    const original =
      b && b.patient === patient ? b : s && s.patients.includes(patient) ? { s: s.s, i: s.i } : undefined;
    if (!original) return e;
    const r = { ...e, replacesSourceSystem: original.s as SourceSystem, replacesSourceId: original.i };
    linked.set(r, { hp: e.replacesSourceId!, s: original.s as SourceSystem, i: original.i, asSent: e });
    return r;
  });
  return oneCorrectionPerOriginal(tx, out, linked, q);
}

/**
 * One correction per legacy original (stop 45; helsepersonelloven § 42, pasientjournalloven
 * § 22). Two HP documents that each replace the migrated copy of one legacy note (in one export,
 * or one stored before) are two corrections of one note that HP's record does not order: both
 * linked, the legacy original was the earlier version of two current notes, shown twice as the
 * note's history and found twice in search. The correction in force is the one stored already
 * (the earliest written of them, then by id), else the earliest written of the batch's (then by
 * HP id), so the file's order and a re-run change nothing; the other is not applied: its line is
 * quarantined with its bytes as `migrated-copy-replaced-twice`, naming the copy, the original and
 * the correction in force, linked to the original (a § 43 deletion of the note takes its bytes),
 * listed in `quarantinedRecords` for an archivist. A stored correction deleted under § 43 is not
 * in force (its successor follows the deletion, step 3b).
 */
type LinkedCorrection = { hp: string; s: SourceSystem; i: string; asSent: EntryRecord };

async function oneCorrectionPerOriginal(
  tx: Queryable,
  ok: EntryRecord[],
  linked: Map<EntryRecord, LinkedCorrection>,
  q: QuarantineItem[],
): Promise<EntryRecord[]> {
  if (!linked.size) return ok;
  const originalKey = (o: { s: string; i: string }) => `${o.s}|${o.i}`;
  const originals = [...new Map([...linked.values()].map((o) => [originalKey(o), o])).values()];
  const storedFirst = new Map(
    (
      await tx.query<{ k: string; id: string }>(
        `SELECT DISTINCT ON (n.replaces_source_system, n.replaces_source_id)
                n.replaces_source_system || '|' || n.replaces_source_id AS k, n.source_id AS id
           FROM journal.journal_entry n
           JOIN jsonb_to_recordset($1::jsonb) AS x(s text, i text) ON n.replaces_source_system = x.s AND n.replaces_source_id = x.i
          WHERE n.source_system = 'HELSEPLATTFORMEN' AND n.deleted_at IS NULL
          ORDER BY n.replaces_source_system, n.replaces_source_id, n.written_at, n.source_id`,
        [JSON.stringify(originals)],
      )
    ).rows.map((r) => [r.k, r.id]),
  );
  const first = new Map(storedFirst);
  const byTime = [...linked.entries()].sort(
    ([a], [b]) =>
      new Date(a.writtenAt).getTime() - new Date(b.writtenAt).getTime() ||
      a.sourceId.localeCompare(b.sourceId),
  );
  for (const [e, o] of byTime) if (!first.has(originalKey(o))) first.set(originalKey(o), e.sourceId);
  // A second correction stored before as a note of its own (linkLateCorrections left it so and
  // recorded the conflict): sent again, it is the note as stored, not linked, nothing quarantined.
  const others = [...linked.entries()].filter(([e, o]) => first.get(originalKey(o)) !== e.sourceId);
  const storedNotes = new Set(
    others.length
      ? (
          await tx.query<{ id: string }>(
            `SELECT source_id AS id FROM journal.journal_entry
              WHERE source_system = 'HELSEPLATTFORMEN' AND source_id = ANY($1::text[]) AND replaces_source_system IS NULL`,
            [others.map(([e]) => e.sourceId)],
          )
        ).rows.map((r) => r.id)
      : [],
  );
  return ok.flatMap((e) => {
    const o = linked.get(e);
    if (!o) return [e];
    const inForce = first.get(originalKey(o))!;
    if (inForce === e.sourceId) return [e];
    if (storedNotes.has(e.sourceId)) return [o.asSent];
    q.push(
      sourceQuarantine(
        e,
        MIGRATED_COPY_REPLACED_TWICE,
        `document ${e.sourceId} replaces ${o.hp}, Helseplattformen's migrated copy of ${o.s} ${o.i}, which document ${inForce} replaces already: two corrections of one note, this one not applied (helsepersonelloven § 42; an archivist decides)`,
        entryIdFor(o.s, o.i),
      ),
    );
    return [];
  });
}

/**
 * Step 3c (review s44; helsepersonelloven § 42: a correction keeps what was there, marked, and the
 * record shows the current text): the legacy original an HP correction of this batch replaces
 * (step 0e) is superseded, as HP superseded its copy: kept, its text and fields as they were
 * kept as a version (`change` `import`, the reason naming the document), no longer a current note
 * of its own (the journal, search and statistics list current notes), and reached as the
 * correction's earlier version (`JournalEntry.history`, search's earlier versions). Its content
 * hash is the superseded one, so its export sent again changes nothing (step 0d). Not a deleted
 * note, and only within the correction's patient record.
 */
async function supersedeLegacyOriginals(tx: Queryable, runId: number, correcting: string[]): Promise<void> {
  if (!correcting.length) return;
  const originals = (
    await tx.query<{
      id: string;
      by: string;
      text: string;
      written_at: Date;
      entry_type: string;
      amended: boolean;
      care_start: Date | null;
      care_end: Date | null;
    }>(
      `SELECT p.id, n.source_id AS by, p.text, p.written_at, p.entry_type, p.amended, p.care_start, p.care_end
         FROM journal.journal_entry n
         JOIN journal.journal_entry p ON p.source_system = n.replaces_source_system AND p.source_id = n.replaces_source_id
                                     AND p.patient_id = n.patient_id
        WHERE n.id = ANY($1::text[]) AND n.status = 'current' AND n.deleted_at IS NULL
          AND p.status = 'current' AND p.deleted_at IS NULL AND p.text IS NOT NULL
        ORDER BY p.id, n.id
          FOR UPDATE OF p`,
      [correcting],
    )
  ).rows;
  if (!originals.length) return;
  // Two documents of the batch replacing one copy: the first (by id) names it.
  const marked = originals
    .filter((p, i) => i === 0 || originals[i - 1]!.id !== p.id)
    .map((p) => ({
      id: p.id,
      reason: `superseded in Helseplattformen: document ${p.by} replaces its migrated copy (helsepersonelloven § 42)`,
      hash: entryContentHash({
        text: p.text,
        writtenAt: p.written_at.toISOString(),
        type: p.entry_type,
        status: 'superseded',
        amended: p.amended,
        careStart: p.care_start?.toISOString() ?? null,
        careEnd: p.care_end?.toISOString() ?? null,
      }),
    }));
  await tx.query(
    `WITH m AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(id text, reason text, hash text)),
     kept AS (
       INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, import_run_id, fields, time_notes)
       SELECT e.id, e.version, e.text, now(), 'import', m.reason, 'import', $2, ${VERSION_FIELDS('e')}, e.time_notes
         FROM journal.journal_entry e JOIN m ON m.id = e.id),
     up AS (
       UPDATE journal.journal_entry e SET status = 'superseded', content_hash = m.hash, version = e.version + 1, updated_at = now()
         FROM m WHERE m.id = e.id RETURNING e.id)
     -- Leaves search from this commit (a removal, migration 018); the correction's document holds its text.
     INSERT INTO journal.outbox (entity_type, entity_id, removal) SELECT 'journal_entry', id, true FROM up`,
    [JSON.stringify(marked), runId],
  );
}

async function writeEntries(
  tx: Queryable,
  runId: number,
  items: EntryRecord[],
  report: ImportReport,
  q: QuarantineItem[],
  later?: ExportDuplicates,
): Promise<OlderKeys> {
  const ids = await patientIds(
    tx,
    items.map((i) => i.patient),
  );
  // Two records with one natural key in a batch that say the same (a record sent twice): one is
  // written, the other counts unchanged. Two source versions of one note in a batch (a history export):
  // the newer one (olderThanStored, as step 0a compares an export with the note stored) is
  // written whatever their order in the file, and the older one is quarantined with its bytes
  // as `older-source-version`, as when it comes in an export of its own (pasientjournalloven
  // § 22; found in review s30: the last line won, and the newer text was stored nowhere).
  // Two records of one key that no version tells apart (Gerica, Profil, one HP versionId) and
  // that differ: the last one is written, the other quarantined (duplicateQuarantine).
  const byKey = new Map<string, EntryRecord>();
  let unknown = 0;
  let olderInBatch = 0;
  let differing = 0;
  for (const i of items) {
    if (!ids.has(key(i.patient))) {
      // A version of the note (stored, or stored later): its bytes go if the note is deleted.
      q.push(unknownPatient(i, entryIdFor(i.sourceSystem, i.sourceId)));
      unknown++;
      continue;
    }
    const k = `${i.sourceSystem}|${i.sourceId}`;
    const seen = byKey.get(k);
    const [stale, kept] = newerOf(seen, i);
    byKey.set(k, kept);
    if (!stale) {
      if (seen && !sameEntryContent(seen, i)) {
        differing++;
        q.push(
          duplicateQuarantine(
            seen,
            i,
            `${i.sourceSystem} note ${i.sourceId}`,
            // A version of the note (its bytes go with a § 43 deletion of it); under another
            // patient it may be another person's note given the same id: not linked to this one.
            key(seen.patient) === key(i.patient) ? entryIdFor(i.sourceSystem, i.sourceId) : undefined,
          ),
        );
      }
      continue;
    }
    olderInBatch++;
    q.push(
      sourceQuarantine(
        stale,
        'older-source-version',
        `${i.sourceSystem} ${i.sourceId}: this line's version (${describeVersion(versionOf(stale))}) is older than another in the same export (${describeVersion(versionOf(kept))}); the newer one is imported`,
      ),
    );
  }
  // The same for a record the export sends again after this batch (ExportDuplicates): the later one is imported there.
  const further = laterInExport(
    [...byKey.values()],
    later,
    q,
    (i) => `${i.sourceSystem} note ${i.sourceId}`,
    (i, next) => (next.patient === key(i.patient) ? entryIdFor(i.sourceSystem, i.sourceId) : undefined),
  );
  differing += further.differing;
  let ok = further.ok;
  // Records sent twice alike count unchanged; those quarantined as duplicates do not.
  const dupes = items.length - unknown - olderInBatch - differing - ok.length;
  // 0. The batch holds its source's lock since its transaction began (lockSources): no other
  //    import of this source writes notes between step 1 and step 2.
  // 0a. An export older than the source version stored (HP meta.versionId, else meta.lastUpdated;
  //     migration 012) is not applied: the newer text stays current, and the older version is
  //     quarantined with its bytes (`older-source-version`) for an archivist, nothing of it
  //     lost (found in review s30: an export of 2022 imported after one of 2023 made the 2022
  //     text current again, the 2023 text only a kept version). Not for a note deleted here:
  //     its text is not stored again anywhere; it stays deleted and counts as unchanged, as any
  //     re-import of it does. Its service decision (an HP Vedtak) is not applied either.
  //     An older export that says what is stored (its content hash, author, category and care
  //     contact) is no other version: counted unchanged, nothing quarantined (review s45: a Profil
  //     export is dated as a whole, `eksportert`, and an older one holds every note it did not
  //     change, which were each quarantined as older otherwise).
  const older: OlderKeys = new Set();
  let olderDeleted = 0;
  const versioned = ok.filter((e) => e.sourceVersion != null || e.sourceUpdatedAt != null);
  if (versioned.length) {
    const stored = new Map(
      (
        await tx.query<{
          k: string;
          version: string | null;
          updated_at: Date | null;
          deleted: boolean;
          alike: (string | null)[];
        }>(
          `SELECT t.source_system || '|' || t.source_id AS k, t.source_version AS version,
                  t.source_updated_at AS updated_at, t.deleted_at IS NOT NULL AS deleted,
                  ARRAY[t.content_hash, t.author_name, t.author_hpr, t.author_practitioner_id, t.service,
                        t.care_contact_id, t.patient_id] AS alike
             FROM journal.journal_entry t
             JOIN jsonb_to_recordset($1::jsonb) AS x(s text, i text) ON x.s = t.source_system AND x.i = t.source_id`,
          [JSON.stringify(versioned.map((e) => ({ s: e.sourceSystem, i: e.sourceId })))],
        )
      ).rows.map((r) => [r.k, r]),
    );
    // With the patient record each is filed under (ids): an older export that files a note
    // elsewhere says otherwise, and is quarantined, not counted alike.
    ok = ok.filter((e) => {
      const k = `${e.sourceSystem}|${e.sourceId}`;
      const st = stored.get(k);
      const inc = versionOf(e);
      const was: SourceVersion = { version: st?.version ?? null, updatedAt: st?.updated_at ?? null };
      if (!st || !olderThanStored(inc, was)) return true;
      older.add(k);
      if (st.deleted) olderDeleted++;
      else if (
        JSON.stringify(st.alike) ===
        JSON.stringify([
          entryContentHash(e),
          e.authorName,
          e.authorHpr,
          e.authorPractitionerId,
          e.service,
          e.careContactSourceId ? careContactIdFor('HELSEPLATTFORMEN', e.careContactSourceId) : null,
          ids.get(key(e.patient)) ?? null,
        ])
      )
        olderDeleted++;
      else
        q.push(
          sourceQuarantine(
            e,
            'older-source-version',
            `${e.sourceSystem} ${e.sourceId}: this export's version (${describeVersion(inc)}) is older than the one stored (${describeVersion(was)}); the stored version stays current`,
            entryIdFor(e.sourceSystem, e.sourceId),
          ),
        );
      return false;
    });
  }
  // 0c. A migrated copy (HP) of a legacy note and the legacy original (Gerica, Profil) are one
  //     note, keyed by the original (pasientjournalloven § 22, integritet). The original is
  //     the record of the note, the copy a copy of it: once the original is imported, a copy
  //     whose content differs is not applied but quarantined with its bytes as
  //     `migrated-copy-differs`, naming the note (its text kept beside the original's for an
  //     archivist; found in review s31: each import overwrote the other, Gerica, HP, Gerica …
  //     each run a new version, and which text was current depended on the command run
  //     last). Before the original is imported, the copy's text is the note's
  //     (`text_from_copy`, migration 017) and a changed copy is applied as any source version.
  //     The copy is provenance of the note in both cases. Not a note deleted here: left as it
  //     is, as every re-import of it.
  // 0d. A legacy note (Gerica, Profil) that a Helseplattformen correction superseded (step 3c;
  //     helsepersonelloven § 42, review s44): the legacy systems never supersede a note, so its
  //     export, or HP's copy of it, sent again says `current` of a note the correction replaced.
  //     It stays superseded: compared and written as superseded (the same text is unchanged, a
  //     changed text applied as any source version and kept, the note still superseded), never
  //     made current again beside the correction, and never a new version on every run.
  const legacy = ok.filter((e) => e.sourceSystem !== 'HELSEPLATTFORMEN' && e.status === 'current');
  if (legacy.length) {
    const superseded = new Set(
      (
        await tx.query<{ k: string }>(
          `SELECT t.source_system || '|' || t.source_id AS k FROM journal.journal_entry t
             JOIN jsonb_to_recordset($1::jsonb) AS x(s text, i text) ON x.s = t.source_system AND x.i = t.source_id
            WHERE t.deleted_at IS NULL AND t.status = 'superseded'`,
          [JSON.stringify(legacy.map((e) => ({ s: e.sourceSystem, i: e.sourceId })))],
        )
      ).rows.map((r) => r.k),
    );
    if (superseded.size)
      ok = ok.map((e) =>
        e.sourceSystem !== 'HELSEPLATTFORMEN' && superseded.has(`${e.sourceSystem}|${e.sourceId}`)
          ? { ...e, status: 'superseded' }
          : e,
      );
  }
  const copies = ok.filter((e) => e.copy);
  if (copies.length) {
    const stored = new Map(
      (
        await tx.query<{ k: string; content_hash: string | null }>(
          `SELECT t.source_system || '|' || t.source_id AS k, t.content_hash
             FROM journal.journal_entry t
             JOIN jsonb_to_recordset($1::jsonb) AS x(s text, i text) ON x.s = t.source_system AND x.i = t.source_id
            WHERE t.deleted_at IS NULL AND NOT t.text_from_copy`,
          [JSON.stringify(copies.map((e) => ({ s: e.sourceSystem, i: e.sourceId })))],
        )
      ).rows.map((r) => [r.k, r.content_hash]),
    );
    // HP's copy superseded (HP corrected the note, review s44) and otherwise the original's: the
    // original's status is the chain's (step 3c marks it when the correction is stored), so the
    // copy says what the original says: no change, nothing quarantined.
    ok = ok.map((e) => {
      const k = `${e.sourceSystem}|${e.sourceId}`;
      return e.copy &&
        e.status === 'superseded' &&
        stored.get(k) === entryContentHash({ ...e, status: 'current' })
        ? { ...e, status: 'current' }
        : e;
    });
    ok = ok.filter((e) => {
      const k = `${e.sourceSystem}|${e.sourceId}`;
      if (!e.copy || !stored.has(k) || stored.get(k) === entryContentHash(e)) return true;
      q.push(
        sourceQuarantine(
          e,
          MIGRATED_COPY_DIFFERS,
          `${e.copy.sourceSystem} ${e.copy.sourceId} is a migrated copy of ${e.sourceSystem} note ${e.sourceId} and differs from the legacy original stored, which stays current: the original is the record of the note`,
          entryIdFor(e.sourceSystem, e.sourceId),
        ),
      );
      return false;
    });
  }
  ok = await replacedLegacyOriginals(tx, ok, ids, q);
  const contactOf = (e: EntryRecord) =>
    e.careContactSourceId ? careContactIdFor('HELSEPLATTFORMEN', e.careContactSourceId) : null;
  const foreign = await foreignCareContacts(
    tx,
    ok.map((e) => ({
      key: `${e.sourceSystem}|${e.sourceId}`,
      entryId: entryIdFor(e.sourceSystem, e.sourceId),
      patientId: ids.get(key(e.patient))!,
      careContactId: contactOf(e),
    })),
  );
  for (const e of ok)
    if (foreign.has(`${e.sourceSystem}|${e.sourceId}`))
      q.push(
        sourceQuarantine(
          e,
          'care-contact-patient',
          `note ${e.sourceId} of ${e.patient.sourceSystem} patient ${e.patient.localId} names encounter ${e.careContactSourceId}, another patient's: the note is stored without a care contact`,
          entryIdFor(e.sourceSystem, e.sourceId),
        ),
      );
  const rows = ok.map((e) => {
    const content_hash = entryContentHash(e);
    const legacy = entryContentHash(e, { carePeriodAsWritten: true });
    return {
      id: entryIdFor(e.sourceSystem, e.sourceId),
      patient_id: ids.get(key(e.patient)),
      source_system: e.sourceSystem,
      source_id: e.sourceId,
      entry_type: e.type,
      service: e.service,
      author_name: e.authorName,
      author_hpr: e.authorHpr,
      author_practitioner_id: e.authorPractitionerId,
      written_at: e.writtenAt,
      text: e.text,
      status: e.status,
      replaces_source_id: e.replacesSourceId,
      replaces_source_system: e.replacesSourceSystem ?? null,
      correction_reason: e.correctionReason,
      care_contact_id: foreign.has(`${e.sourceSystem}|${e.sourceId}`) ? null : contactOf(e),
      content_hash,
      care_start: e.careStart ?? null,
      care_end: e.careEnd ?? null,
      amended: e.amended ?? false,
      source_version: e.sourceVersion ?? null,
      source_updated_at: e.sourceUpdatedAt ?? null,
      legacy_hash: legacy === content_hash ? null : legacy,
      text_from_copy: e.copy != null,
      organisation_number: e.organisation?.number ?? null,
      organisation_name: e.organisation?.name ?? null,
      time_notes: e.timeNotes ?? [],
    };
  });
  const json = JSON.stringify(rows);
  // 0b. A hash stored before care periods were hashed as instants (records.ts entryContentHash)
  //     is the same source version: re-stamped, on the note and on its open source conflicts,
  //     so re-importing the export that gave it changes nothing, and from then on another way
  //     of writing the offset changes nothing either.
  if (rows.some((r) => r.legacy_hash))
    await tx.query(
      `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET} WHERE e.legacy_hash IS NOT NULL),
       restamped AS (
         UPDATE journal.journal_entry t SET content_hash = inc.content_hash FROM inc
          WHERE t.source_system = inc.source_system AND t.source_id = inc.source_id AND t.content_hash = inc.legacy_hash)
       UPDATE journal.source_conflict c SET source_hash = inc.content_hash
         FROM inc JOIN journal.journal_entry t ON t.source_system = inc.source_system AND t.source_id = inc.source_id
        WHERE c.entry_id = t.id AND c.source_hash = inc.legacy_hash
          AND NOT EXISTS (SELECT 1 FROM journal.source_conflict x WHERE x.entry_id = c.entry_id AND x.source_hash = inc.content_hash)`,
      [json],
    );
  // 1. Lock the rows this batch changes and keep what they hold, before anything is written.
  //    (In one statement with the upsert, FOR UPDATE would skip the rows the upsert itself
  //    updates, and nothing would be kept.) A note whose current text is a correction made
  //    here is not overwritten: the source's version is stored as a conflict for an archivist.
  //    When the source sends back the version the correction was made over (the source undid
  //    its change), the conflicts it raised are no longer open: superseded, as by a later
  //    version (found in review s30: TAKE_SOURCE would have made the retracted text current).
  //    A note whose custodian organisation the source changes (HP; migrations 019 and 024) keeps
  //    the version it replaces too, with the earlier organisation in its fields: as its own
  //    version (change 'organisation') when nothing else changes, else in the import's version.
  const kept = await tx.query<{
    conflicts: number;
    organisation_kept: string[];
    organisation_only: string[];
  }>(
    `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET}),
     locked AS (
       SELECT t.id, t.version, t.text, t.text_origin, inc.content_hash AS new_hash, ${VERSION_FIELDS('t')} AS fields, t.time_notes,
              t.content_hash IS DISTINCT FROM inc.content_hash AS changed,
              ${ATTRIBUTION_DIFFERS('t', 'inc')} AS attributed,
              (inc.organisation_number IS NOT NULL OR inc.organisation_name IS NOT NULL)
                AND (t.organisation_number IS NOT NULL OR t.organisation_name IS NOT NULL)
                AND (t.organisation_number, t.organisation_name) IS DISTINCT FROM (inc.organisation_number, inc.organisation_name)
                AS organisation_changed,
              (inc.organisation_number IS NOT NULL OR inc.organisation_name IS NOT NULL)
                AND (t.organisation_number, t.organisation_name) IS DISTINCT FROM (inc.organisation_number, inc.organisation_name)
                AS organisation_differs,
              jsonb_build_object('entry_type', inc.entry_type, 'service', inc.service, 'written_at', inc.written_at,
                'text', inc.text, 'status', inc.status, 'replaces_source_id', inc.replaces_source_id,
                'correction_reason', inc.correction_reason, 'care_start', inc.care_start, 'care_end', inc.care_end,
                'amended', inc.amended, 'time_notes', coalesce(inc.time_notes, '{}'),
                'author_name', inc.author_name, 'author_hpr', inc.author_hpr, 'author_practitioner_id', inc.author_practitioner_id,
                'care_contact_id', CASE WHEN t.patient_id = inc.patient_id THEN inc.care_contact_id ELSE t.care_contact_id END) AS rec
         FROM journal.journal_entry t JOIN inc ON inc.source_system = t.source_system AND inc.source_id = t.source_id
        WHERE t.deleted_at IS NULL AND (t.content_hash IS DISTINCT FROM inc.content_hash OR t.text_origin = 'correction'
              OR ${ATTRIBUTION_DIFFERS('t', 'inc')}
              OR ((inc.organisation_number IS NOT NULL OR inc.organisation_name IS NOT NULL)
                  AND (t.organisation_number, t.organisation_name) IS DISTINCT FROM (inc.organisation_number, inc.organisation_name)))
        FOR UPDATE OF t),
     -- applied: step 2 writes the source's version (a corrected note's waits as a conflict, below;
     -- its author, category or care contact alone is applied, the correction staying).
     old AS (SELECT *, (changed OR attributed) AND NOT (changed AND text_origin = 'correction') AS applied FROM locked),
     saved AS (
       INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, import_run_id, fields, time_notes)
       SELECT id, version, text, now(), 'import',
              CASE WHEN applied AND changed THEN 'changed in a later source export'
                   WHEN applied AND text_origin = 'correction'
                     THEN 'a later source export names another author, category or care contact (the correction made here stays)'
                   WHEN applied THEN 'a later source export names another author, category or care contact'
                   ELSE 'a later source export names another organisation that keeps the note' END,
              CASE WHEN applied THEN 'import' ELSE 'organisation' END, $2, fields, time_notes FROM old
        WHERE applied OR organisation_changed),
     superseded AS (
       UPDATE journal.source_conflict c SET resolution = 'superseded', resolved_by = 'import', resolved_at = now(),
              resolution_reason = CASE WHEN old.changed THEN 'a later source version arrived'
                                       ELSE 'the source sent back the version the correction was made over' END
         FROM old WHERE c.entry_id = old.id AND old.text_origin = 'correction' AND c.resolved_at IS NULL
          AND c.source_hash <> old.new_hash),
     conflicts AS (
       INSERT INTO journal.source_conflict AS c (entry_id, source_hash, source_record, import_run_id)
       SELECT id, new_hash, rec, $2 FROM old WHERE changed AND text_origin = 'correction'
       ON CONFLICT (entry_id, source_hash) DO UPDATE SET resolution = NULL, resolved_by = NULL, resolved_at = NULL,
              resolution_reason = NULL, detected_at = now(), import_run_id = EXCLUDED.import_run_id
        WHERE c.resolution = 'superseded'
       RETURNING c.id)
     SELECT (SELECT count(*) FROM conflicts)::int AS conflicts,
            ARRAY(SELECT id FROM old WHERE organisation_changed AND NOT applied) AS organisation_kept,
            ARRAY(SELECT id FROM old WHERE organisation_differs AND NOT applied) AS organisation_only`,
    [json, runId],
  );
  // 1b. A stored note the source now files under another patient record (an identity fix in
  //     the source, or a mistake there): not applied, since the writer never changes a note's
  //     patient (a move is a § 44 decision, helsepersonelloven § 44 with § 39 andre ledd), and
  //     not ignored (found in review s30: counted unchanged, no trace of it). Held for the
  //     journalansvarlig as a § 44 record case the import registers (record-cases.ts
  //     registerSourcePatientChange), as journal.identity_change holds a changed national id:
  //     DONE moves the note, REFUSED keeps it where it is (and the import asks no more). Counted
  //     as `patientChangesHeld`, never as unchanged. Not when the source still files a note
  //     moved here under the patient it was moved from (the source has not changed), nor when
  //     the two records are linked (one person). The case is the source's request while the
  //     source makes it: an open one the import registered for another patient than the one
  //     this export names (the note's stored patient again, or a third) is withdrawn first, so
  //     a decision cannot move the note where the source no longer files it (found in review
  //     s30; one open request per note, the source's latest).
  const refOf = new Map(ok.map((e) => [entryIdFor(e.sourceSystem, e.sourceId), e.patient]));
  report.patientChangesWithdrawn =
    (report.patientChangesWithdrawn ?? 0) +
    (await withdrawSourcePatientChanges(
      tx,
      new Map(rows.map((x) => [x.id, x.patient_id!])),
      (id, now, stored) => {
        const ref = refOf.get(id)!;
        return now === stored
          ? `${report.source} export ${report.file} files this note under its stored patient record again (${ref.sourceSystem} patient ${ref.localId}): the source withdrew its refiling`
          : `${report.source} export ${report.file} files this note under another patient record than this case names (${ref.sourceSystem} patient ${ref.localId}): the source's later refiling replaces this request`;
      },
    ));
  const elsewhere = (
    await tx.query<{
      id: string;
      patient_id: string;
      source_patient: string;
      local_id: string;
      same: boolean;
    }>(
      `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET})
       SELECT t.id, t.patient_id, inc.patient_id AS source_patient,
              t.content_hash IS NOT DISTINCT FROM inc.content_hash AND NOT ${ATTRIBUTION_DIFFERS('t', 'inc')} AS same
         FROM journal.journal_entry t JOIN inc ON inc.source_system = t.source_system AND inc.source_id = t.source_id
        WHERE t.patient_id <> inc.patient_id AND t.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM journal.entry_move m WHERE m.entry_id = t.id AND m.from_patient_id = inc.patient_id)
        ORDER BY t.id`,
      [json],
    )
  ).rows;
  let heldUnchanged = 0;
  if (elsewhere.length) {
    const groups = await personGroups(
      tx,
      elsewhere.map((x) => x.patient_id),
    );
    for (const x of elsewhere) {
      if ((groups.get(x.patient_id) ?? [x.patient_id]).includes(x.source_patient)) continue;
      const ref = refOf.get(x.id)!;
      const held = await registerSourcePatientChange(
        tx,
        x.id,
        x.source_patient,
        `${report.source} export ${report.file} files this note under another patient record (${ref.sourceSystem} patient ${ref.localId}); it stays where it is until the journalansvarlig decides (helsepersonelloven § 44)`,
      );
      if (!held) continue;
      report.patientChangesHeld++;
      if (x.same) heldUnchanged++;
    }
  }
  // 2. Write the source's versions (corrected notes stay as they are), and the organisation that
  //    keeps each note (HP custodian; journal migrations 019 and 024) in the same statement: set
  //    on new notes and on notes stored before it was read; a change of it kept the version it
  //    replaces in step 1 (in the import's version when the content changed too, else its own,
  //    numbered here). Never on a deleted note (the import changes nothing of it). A change of
  //    the organisation alone is not a change of the note's content: not counted as updated and
  //    not re-indexed (the search documents do not hold it). (It was a second statement per
  //    batch, found in the re-read of stop 35; in the batch's transaction, but one write now.)
  const applies = `t.content_hash IS DISTINCT FROM EXCLUDED.content_hash AND t.deleted_at IS NULL AND t.text_origin = 'source'`;
  // The author, category and care contact of the version in force (ATTRIBUTION_DIFFERS): with
  // the source's version, and alone when only they change, also on a note corrected here (the
  // correction concerned the text; its kept version in step 1), never while a corrected note's
  // source version waits as a conflict (the conflict's record holds them for the archivist).
  const attributes = `(${applies}) OR (t.deleted_at IS NULL
              AND NOT (t.content_hash IS DISTINCT FROM EXCLUDED.content_hash AND t.text_origin = 'correction')
              AND ${ATTRIBUTION_DIFFERS('t', 'EXCLUDED')})`;
  const organisation = `(EXCLUDED.organisation_number IS NOT NULL OR EXCLUDED.organisation_name IS NOT NULL)
              AND t.deleted_at IS NULL
              AND (t.organisation_number, t.organisation_name) IS DISTINCT FROM (EXCLUDED.organisation_number, EXCLUDED.organisation_name)`;
  const when = (cond: string, cols: string[]) =>
    cols.map((c) => `${c} = CASE WHEN ${cond} THEN EXCLUDED.${c} ELSE t.${c} END`).join(',\n              ');
  const r = await tx.query<Row & { replacing: string[] }>(
    `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET}),
     up AS (
       INSERT INTO journal.journal_entry AS t (id, patient_id, source_system, source_id, entry_type, service, author_name, author_hpr,
              author_practitioner_id, written_at, text, status, replaces_source_id, replaces_source_system, correction_reason,
              care_contact_id, content_hash, care_start, care_end, amended, source_version, source_updated_at, text_from_copy, time_notes,
              organisation_number, organisation_name)
       SELECT id, patient_id, source_system, source_id, entry_type, service, author_name, author_hpr, author_practitioner_id,
              written_at, text, status, replaces_source_id, replaces_source_system, correction_reason, care_contact_id, content_hash,
              care_start, care_end, amended, source_version, source_updated_at, text_from_copy, coalesce(time_notes, '{}'),
              organisation_number, organisation_name FROM inc
       ON CONFLICT (source_system, source_id) DO UPDATE SET
              ${when(applies, ['text_from_copy', 'entry_type', 'written_at', 'text', 'time_notes', 'care_start', 'care_end', 'amended', 'status', 'replaces_source_id', 'replaces_source_system', 'correction_reason', 'content_hash'])},
              ${when(attributes, ['service', 'author_name', 'author_hpr', 'author_practitioner_id'])},
              care_contact_id = CASE WHEN (${attributes}) AND t.patient_id = EXCLUDED.patient_id THEN EXCLUDED.care_contact_id
                                     ELSE t.care_contact_id END,
              ${when(organisation, ['organisation_number', 'organisation_name'])},
              version = t.version + CASE WHEN (${attributes}) OR t.id = ANY($2::text[]) THEN 1 ELSE 0 END,
              updated_at = CASE WHEN ${attributes} THEN now() ELSE t.updated_at END
        WHERE (${attributes}) OR (${organisation})
       RETURNING t.id, (xmax = 0) AS inserted, t.replaces_source_id IS NOT NULL AS replaces),
     written AS (SELECT * FROM up WHERE NOT (id = ANY($3::text[]))),
     -- A note the source changed, superseded or entered in error leaves search from this commit
     -- until the indexer has written it (a removal, migration 018), as a deletion does: the words
     -- it replaced were found as its current text meanwhile (found in review s38).
     ob AS (
       INSERT INTO journal.outbox (entity_type, entity_id, removal)
       SELECT 'journal_entry', id, NOT inserted FROM written)
     -- The new notes that replace another: step 3 looks at these only.
     SELECT inserted, count(*)::int AS n, coalesce(array_agg(id) FILTER (WHERE inserted AND replaces), '{}') AS replacing
       FROM written GROUP BY inserted`,
    [json, kept.rows[0]!.organisation_kept, kept.rows[0]!.organisation_only],
  );
  // The newest source version seen of each note (applied, or held as a source conflict): what
  //    step 0a compares the next export with. Provenance, not the note's content: no version.
  if (rows.some((x) => x.source_version != null || x.source_updated_at != null))
    await tx.query(
      `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET} WHERE e.source_version IS NOT NULL OR e.source_updated_at IS NOT NULL)
       UPDATE journal.journal_entry t SET source_version = coalesce(inc.source_version, t.source_version),
              source_updated_at = coalesce(inc.source_updated_at, t.source_updated_at)
         FROM inc WHERE t.source_system = inc.source_system AND t.source_id = inc.source_id
          AND (t.source_version, t.source_updated_at) IS DISTINCT FROM
              (coalesce(inc.source_version, t.source_version), coalesce(inc.source_updated_at, t.source_updated_at))`,
      [json],
    );
  // How a local time in a daylight-saving gap or overlap was read (Gerica, Profil; migration
  //    020, lib/oslo-time.ts): explains written_at, so it follows the source's time: set with it
  //    on new and changed notes (step 2), and here on notes stored before it was kept whose time
  //    is the same (no new version: the source's content did not change).
  if (rows.some((x) => x.time_notes.length > 0))
    await tx.query(
      `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET} WHERE cardinality(e.time_notes) > 0)
       UPDATE journal.journal_entry t SET time_notes = inc.time_notes
         FROM inc WHERE t.source_system = inc.source_system AND t.source_id = inc.source_id
          AND t.written_at = inc.written_at AND t.deleted_at IS NULL AND t.time_notes IS DISTINCT FROM inc.time_notes`,
      [json],
    );
  // The legacy original imported (step 0c): from now on it is the note's record, also when it
  //    says what the copy said (no new version then). Provenance, not the note's content.
  if (rows.some((x) => !x.text_from_copy))
    await tx.query(
      `WITH inc AS (SELECT * FROM ${ENTRY_RECORDSET} WHERE NOT e.text_from_copy)
       UPDATE journal.journal_entry t SET text_from_copy = false
         FROM inc WHERE t.source_system = inc.source_system AND t.source_id = inc.source_id AND t.text_from_copy`,
      [json],
    );
  const replacing = r.rows.flatMap((x) => x.replacing);
  // 3a. A later source version of a note moved here to the right patient (helsepersonelloven
  //     § 44): the source still files the note under the wrong patient and sends its correction
  //     as a new document that replaces the moved one, under the wrong patient. It is the same
  //     note, so the move covers it: moved in this transaction, under the same record case, to
  //     the patient the moved version is with now (a kept version `move`, a movement row, the
  //     case's `moved` event by `import`; found in review s30: it stayed a current, searchable
  //     note of the wrong patient). Only a note new in this import, through versions new in
  //     this import, as for a deletion (step 3b). A moved version deleted since: the new one is
  //     moved, then deleted with it by step 3b.
  const moves = replacing.length
    ? await tx.query<{
        id: string;
        patient_id: string;
        replaced: string;
        to_patient: string;
        case_id: string;
      }>(
        `${NEW_VERSION_CHAINS}
     SELECT DISTINCT ON (c.start) c.start AS id, c.patient_id, p.id AS replaced, p.patient_id AS to_patient, m.case_id
       FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                                AND p.patient_id <> c.patient_id
       CROSS JOIN LATERAL (SELECT m.case_id::text FROM journal.entry_move m
                            WHERE m.entry_id = p.id AND m.from_patient_id = c.patient_id
                            ORDER BY m.moved_at DESC, m.id DESC LIMIT 1) m
      ORDER BY c.start, c.depth`,
        [replacing],
      )
    : null;
  for (const m of moves?.rows ?? []) {
    const e = await lockEntry(tx, m.id);
    // Moved already, with a later version of it that this loop moved first.
    if (e.patient_id !== m.patient_id || e.deleted_at) continue;
    await moveEntry(
      tx,
      e,
      m.to_patient,
      m.case_id,
      `helsepersonelloven § 44 (sak ${m.case_id}): a later source version of ${m.replaced}, moved here`,
      'import',
    );
    report.movesFollowed++;
  }
  // 3b. A later source version of a note deleted here (helsepersonelloven §§ 43–44): the source
  //    system still has the note and sends its correction as a new document that replaces the
  //    deleted one. It is the same note, so the deletion covers it: deleted in this transaction
  //    (its text is never committed), the tombstone naming the deleted version, its legal basis
  //    and case; the import, who, when and why stay (found in review: it came back as a
  //    current, searchable note). The chain stops at the patient's edge, as deleteEntry's does.
  //    Only a note new in this import: a version stored before the deletion was not part of it
  //    (a deletion covers the note it names and that note's earlier versions, never a later
  //    one already stored). And not while the person is under a legal hold, an open complaint
  //    or an open access request (record-cases.ts deletionBlockers, as for every deletion):
  //    then the version is kept and counted as `deletionsHeld` (found in review).
  const follow = replacing.length
    ? await tx.query<{
        id: string;
        patient_id: string;
        replaced: string;
        legal_basis: string;
        case_id: string | null;
      }>(
        `${NEW_VERSION_CHAINS}
     SELECT DISTINCT ON (c.start) c.start AS id, c.patient_id, p.id AS replaced, t.legal_basis, t.case_id::text AS case_id
       FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                                AND p.patient_id = c.patient_id
       JOIN journal.tombstone t ON t.entry_id = p.id
      ORDER BY c.start, c.depth`,
        [replacing],
      )
    : null;
  for (const f of follow?.rows ?? []) {
    if ((await deletionBlockers(tx, f.patient_id, { inTransaction: true })).length) {
      report.deletionsHeld++;
      continue;
    }
    await deleteEntry(
      tx,
      f.id,
      `${f.legal_basis} (a later source version of ${f.replaced}, deleted here)`,
      'import',
      f.case_id,
    );
    report.deletionsFollowed++;
  }
  // 3c. The legacy originals the HP corrections of this batch replace (step 0e) are superseded:
  //    after 3a and 3b, so a correction moved with its moved original is with it, and one
  //    deleted with its deleted original supersedes nothing.
  await supersedeLegacyOriginals(
    tx,
    runId,
    rows.filter((x) => x.replaces_source_system != null && x.status === 'current').map((x) => x.id),
  );
  const conflicts = kept.rows[0]!.conflicts;
  report.sourceConflicts += conflicts;
  report.counts.entries.unchanged -= conflicts;
  tally(report.counts.entries, r.rows, ok.length);
  // An older export of a note deleted here counts unchanged, as any re-import of it; a note held
  // for a § 44 decision does not (its source changed).
  report.counts.entries.unchanged += dupes + olderDeleted - heldUnchanged;

  if (copies.length) {
    const c = await tx.query(
      `INSERT INTO journal.entry_provenance (source_system, source_id, entry_id, kind)
       SELECT s, i, e, 'migrated_copy' FROM jsonb_to_recordset($1::jsonb) AS p(s text, i text, e text)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          copies.map((e) => ({
            s: e.copy!.sourceSystem,
            i: e.copy!.sourceId,
            e: entryIdFor(e.sourceSystem, e.sourceId),
          })),
        ),
      ],
    );
    report.migratedCopiesLinked += c.rowCount;
    // Step 0e the other way round: an HP correction stored before the copy it replaces was
    //    (earlier in the export, or in an earlier import) names the copy's HP id, unresolved. Its
    //    chain is resolved to the legacy original now (the HP id stays in the original's
    //    provenance), within the patient record, the note as it stood kept as a version (stop 45),
    //    the original superseded (step 3c), and the correction written again for search.
    const resolved = await linkLateCorrections(tx, runId, copies, q);
    await supersedeLegacyOriginals(tx, runId, resolved);
  }
  return older;
}

/**
 * Step 0e the other way round (writeEntries): HP corrections stored before the migrated copy
 * they replace was met, linked to the copy's legacy original now that `copies` name it. The
 * change of the note's chain (`replaces_source_id` from the copy's HP id to the original's id,
 * `replaces_source_system`) keeps the note as it stood in `entry_version` first, in the same
 * transaction (helsepersonelloven § 42: nothing stored is lost; found in stop 45: the chain
 * was overwritten in place, and what the note named before was kept nowhere): `change` `import`,
 * by `import`, the reason naming the copy and the original, the text the same. The notes are
 * locked and read in a statement of their own before the one that keeps and changes them
 * (FOR UPDATE skips rows the same statement updates). Returns the current notes linked.
 */
async function linkLateCorrections(
  tx: Queryable,
  runId: number,
  copies: EntryRecord[],
  q: QuarantineItem[],
): Promise<string[]> {
  const hpIds = [
    ...new Set(
      copies.filter((e) => e.copy?.sourceSystem === 'HELSEPLATTFORMEN').map((e) => e.copy!.sourceId),
    ),
  ];
  if (!hpIds.length) return [];
  const candidates = (
    await tx.query<{ id: string; doc: string; hp: string; s: SourceSystem; i: string }>(
      `SELECT n.id, n.source_id AS doc, n.replaces_source_id AS hp, e.source_system AS s, e.source_id AS i
         FROM journal.journal_entry n
         JOIN journal.entry_provenance pr ON pr.kind = 'migrated_copy' AND pr.source_system = 'HELSEPLATTFORMEN'
                                         AND pr.source_id = n.replaces_source_id
         JOIN journal.journal_entry e ON e.id = pr.entry_id
        WHERE n.source_system = 'HELSEPLATTFORMEN' AND n.replaces_source_system IS NULL
          AND n.replaces_source_id = ANY($1::text[])
          AND n.patient_id = e.patient_id AND n.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM journal.journal_entry h WHERE h.source_system = 'HELSEPLATTFORMEN'
                                                                   AND h.source_id = n.replaces_source_id)
        ORDER BY n.written_at, n.source_id
          FOR UPDATE OF n`,
      [hpIds],
    )
  ).rows;
  // A correction whose legacy original was moved from the correction's patient record to the right
  // patient (§ 44) before the copy came (stop 46): in the forward order (replacedLegacyOriginals) a
  // correction of a moved original follows it, moved with the batch (step 3a); a correction stored
  // before is a note of its own on the wrong record, and the import does not move a stored note
  // between patients (a § 44 move is a record case's, decided by the journalansvarlig). It stays
  // unlinked, and the copy's line is quarantined with its bytes as `migrated-copy-original-moved`,
  // naming the correction, the copy, the original and the move, linked to the original (a § 43
  // deletion takes its bytes), listed in `quarantinedRecords` (helsepersonelloven §§ 42 and 44).
  const moved = (
    await tx.query<{ doc: string; hp: string; s: SourceSystem; i: string; case_id: string }>(
      `SELECT DISTINCT ON (n.id) n.source_id AS doc, n.replaces_source_id AS hp, e.source_system AS s, e.source_id AS i,
              m.case_id::text AS case_id
         FROM journal.journal_entry n
         JOIN journal.entry_provenance pr ON pr.kind = 'migrated_copy' AND pr.source_system = 'HELSEPLATTFORMEN'
                                         AND pr.source_id = n.replaces_source_id
         JOIN journal.journal_entry e ON e.id = pr.entry_id
         JOIN journal.entry_move m ON m.entry_id = e.id AND m.from_patient_id = n.patient_id
        WHERE n.source_system = 'HELSEPLATTFORMEN' AND n.replaces_source_system IS NULL
          AND n.replaces_source_id = ANY($1::text[])
          AND n.patient_id <> e.patient_id AND n.deleted_at IS NULL AND e.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM journal.journal_entry h WHERE h.source_system = 'HELSEPLATTFORMEN'
                                                                   AND h.source_id = n.replaces_source_id)
        ORDER BY n.id, m.moved_at DESC`,
      [hpIds],
    )
  ).rows;
  for (const c of moved) {
    const line = copies.find((e) => e.copy?.sourceSystem === 'HELSEPLATTFORMEN' && e.copy.sourceId === c.hp)!;
    q.push(
      sourceQuarantine(
        line,
        MIGRATED_COPY_ORIGINAL_MOVED,
        `document ${c.doc} replaces ${c.hp}, Helseplattformen's migrated copy of ${c.s} ${c.i}, which was moved to another patient's record under helsepersonelloven § 44 (record case ${c.case_id}) before the copy was met: ${c.doc} stays a note of its own on the record it was filed under, not linked to the original (helsepersonelloven § 42; an archivist decides)`,
        entryIdFor(c.s, c.i),
      ),
    );
  }
  if (!candidates.length) return [];
  // One correction per legacy original (stop 45, oneCorrectionPerOriginal): one linked already,
  // else the earliest written (then by HP id). Another stored correction of the copy stays a note
  // of its own, as HP sent it (stored before: not undone by the import), never a second current
  // note with the original as its version 1; the conflict is recorded with the copy's line.
  const inForce = new Map(
    (
      await tx.query<{ k: string; doc: string }>(
        `SELECT DISTINCT ON (n.replaces_source_system, n.replaces_source_id)
                n.replaces_source_system || '|' || n.replaces_source_id AS k, n.source_id AS doc
           FROM journal.journal_entry n
           JOIN jsonb_to_recordset($1::jsonb) AS x(s text, i text) ON n.replaces_source_system = x.s AND n.replaces_source_id = x.i
          WHERE n.source_system = 'HELSEPLATTFORMEN' AND n.deleted_at IS NULL
          ORDER BY n.replaces_source_system, n.replaces_source_id, n.written_at, n.source_id`,
        [JSON.stringify(candidates.map((c) => ({ s: c.s, i: c.i })))],
      )
    ).rows.map((r) => [r.k, r.doc]),
  );
  for (const c of candidates) if (!inForce.has(`${c.s}|${c.i}`)) inForce.set(`${c.s}|${c.i}`, c.doc);
  const links = candidates.filter((c) => inForce.get(`${c.s}|${c.i}`) === c.doc);
  for (const c of candidates.filter((x) => !links.includes(x))) {
    const line = copies.find((e) => e.copy?.sourceSystem === 'HELSEPLATTFORMEN' && e.copy.sourceId === c.hp)!;
    q.push(
      sourceQuarantine(
        line,
        MIGRATED_COPY_REPLACED_TWICE,
        `document ${c.doc} replaces ${c.hp}, Helseplattformen's migrated copy of ${c.s} ${c.i}, which document ${inForce.get(`${c.s}|${c.i}`)} replaces already: two corrections of one note; ${c.doc} stays a note of its own, not linked to the original (helsepersonelloven § 42; an archivist decides)`,
        entryIdFor(c.s, c.i),
      ),
    );
  }
  if (!links.length) return [];
  const linked = await tx.query<{ id: string; status: string }>(
    `WITH m AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(id text, s text, i text, reason text)),
     kept AS (
       INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, import_run_id, fields, time_notes)
       SELECT n.id, n.version, n.text, now(), 'import', m.reason, 'import', $2, ${VERSION_FIELDS('n')}, n.time_notes
         FROM journal.journal_entry n JOIN m ON m.id = n.id),
     up AS (
       UPDATE journal.journal_entry n SET replaces_source_system = m.s, replaces_source_id = m.i,
              version = n.version + 1, updated_at = now()
         FROM m WHERE m.id = n.id RETURNING n.id, n.status),
     ob AS (INSERT INTO journal.outbox (entity_type, entity_id, removal) SELECT 'journal_entry', id, false FROM up)
     SELECT id, status FROM up`,
    [
      JSON.stringify(
        links.map((l) => ({
          id: l.id,
          s: l.s,
          i: l.i,
          reason: `the document replaces ${l.hp}, Helseplattformen's migrated copy of ${l.s} ${l.i}: linked to the legacy original when the copy was met (helsepersonelloven § 42)`,
        })),
      ),
      runId,
    ],
  );
  return linked.rows.filter((r) => r.status === 'current').map((r) => r.id);
}

async function writeDecisions(
  tx: Queryable,
  runId: number,
  items: DecisionRecord[],
  report: ImportReport,
  q: QuarantineItem[],
  older: ReadonlySet<string>,
  later?: ExportDuplicates,
): Promise<void> {
  const ids = await patientIds(
    tx,
    items.map((i) => i.patient),
  );
  const byKey = new Map<string, DecisionRecord>();
  for (const i of items) {
    if (!ids.has(key(i.patient)))
      q.push(
        unknownPatient(
          i,
          i.journalEntry ? entryIdFor(i.journalEntry.sourceSystem, i.journalEntry.sourceId) : undefined,
        ),
      );
    // Read from a note older than the one stored (writeEntries step 0a): not applied either; the
    // note's line is quarantined (or, for a note deleted here, kept nowhere again).
    else if (i.journalEntry && older.has(`${i.journalEntry.sourceSystem}|${i.journalEntry.sourceId}`))
      continue;
    // Two versions of one Vedtak in a batch: the newer note's decision, as writeEntries keeps the
    // newer note. Two rows of one VedtakID that no version tells apart and that differ: the last
    // one is written, the other quarantined with its bytes (duplicateQuarantine; found in review
    // s31: the first row's Begrunnelse was stored nowhere). An HP Vedtak's line is the note's
    // too: quarantined once for both (writeQuarantine).
    else {
      const k = `${i.sourceSystem}|${i.sourceId}`;
      const seen = byKey.get(k);
      const [stale, kept] = newerOf(seen, i);
      byKey.set(k, kept);
      if (seen && !stale && !sameDecisionContent(seen, i))
        q.push(
          duplicateQuarantine(
            seen,
            i,
            `${i.sourceSystem} service decision ${i.sourceId}`,
            seen.journalEntry
              ? entryIdFor(seen.journalEntry.sourceSystem, seen.journalEntry.sourceId)
              : undefined,
          ),
        );
    }
  }
  // A decision the export sends again after this batch (ExportDuplicates): the later one is written there.
  const { ok } = laterInExport(
    [...byKey.values()],
    later,
    q,
    (i) => `${i.sourceSystem} service decision ${i.sourceId}`,
    (i) => (i.journalEntry ? entryIdFor(i.journalEntry.sourceSystem, i.journalEntry.sourceId) : undefined),
  );
  // A decision read from a note is with the note's patient (helsepersonelloven § 44): a note
  // moved to the right patient takes its decision along (record-cases.ts moveEntry), and a
  // re-import does not put it back on the wrong patient, nor does the source filing the note
  // under another patient move it (writeEntries step 1b). The content hash stays the source's
  // (the patient the source names), so a move makes no new version on the next import.
  const entryPatients = new Map(
    (
      await tx.query<{ id: string; patient_id: string }>(
        'SELECT id, patient_id FROM journal.journal_entry WHERE id = ANY($1::text[])',
        [
          ok.flatMap((d) =>
            d.journalEntry ? [entryIdFor(d.journalEntry.sourceSystem, d.journalEntry.sourceId)] : [],
          ),
        ],
      )
    ).rows.map((x) => [x.id, x.patient_id]),
  );
  const rows = ok.map((d) => {
    const row = {
      id: decisionIdFor(d.sourceSystem, d.sourceId),
      patient_id: ids.get(key(d.patient)),
      source_system: d.sourceSystem,
      source_id: d.sourceId,
      decision_type: d.decisionType,
      service: d.service,
      legal_basis: d.legalBasis,
      decided_on: d.decidedOn,
      // The instant, however the source writes its offset (review s38: an HP Vedtak dated
      // "+01:00" in one export and "Z" in the next was a new decision version on every import).
      decided_at: instantOf(d.decidedAt),
      valid_from: d.validFrom,
      valid_to: d.validTo,
      outcome: d.outcome,
      outcome_basis: d.outcomeBasis,
      justification: d.justification,
      text: d.text,
      author_name: d.authorName,
      author_hpr: d.authorHpr,
      author_practitioner_id: d.authorPractitionerId,
      unit: d.unit,
      cited_assessment_date: d.citedAssessmentDate,
      cited_assessment_text: d.citedAssessmentText,
      journal_entry_id: d.journalEntry
        ? entryIdFor(d.journalEntry.sourceSystem, d.journalEntry.sourceId)
        : null,
      file: report.file,
    };
    const { file: _file, ...content } = row;
    void _file;
    return {
      ...row,
      patient_id: (row.journal_entry_id && entryPatients.get(row.journal_entry_id)) || row.patient_id,
      content_hash: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32),
    };
  });
  const held = await heldPatientChanges(tx, ok, rows, report, q);
  const waiting = await waitingForArchivist(
    tx,
    rows.filter((x) => !held.has(x.id)),
  );
  const write = rows.filter((x) => !held.has(x.id) && !waiting.has(x.id));
  if (!write.length) {
    if (held.size || waiting.size) report.counts.decisions ??= zero();
    if (waiting.size) report.counts.decisions!.unchanged += waiting.size;
    return;
  }
  const cols = DECISION_RECORD_COLUMNS;
  const names = DECISION_RECORD_NAMES.join(', ');
  const json = JSON.stringify(write);
  // A decision read from a note deleted here (helsepersonelloven §§ 43–44) is not written
  // again: a later source version would bring the deleted text back into it, as the note's
  // own re-import cannot (mutations.ts deleteDecisionTexts).
  const NOT_DELETED = `NOT EXISTS (SELECT 1 FROM journal.journal_entry j
                                 WHERE j.id = t.journal_entry_id AND j.deleted_at IS NOT NULL)`;
  // A hash stored before the decision time was hashed as an instant (the time as the source
  // wrote it; review s38) is the same decision when every column it covers holds what this
  // export says: re-stamped, not a new version (as writeEntries step 0b re-stamps the notes'),
  // whichever way either export wrote the offset. The columns compared are those the hash
  // covers (the row but its id and file), so a decision that changed is never re-stamped.
  const content = DECISION_RECORD_NAMES.filter((n) => !['id', 'file', 'content_hash'].includes(n));
  await tx.query(
    `WITH inc AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(${cols}))
     UPDATE journal.service_decision t SET content_hash = inc.content_hash FROM inc
      WHERE t.id = inc.id AND t.content_hash IS DISTINCT FROM inc.content_hash
        AND (${content.map((n) => `t.${n}`).join(', ')}) IS NOT DISTINCT FROM (${content.map((n) => `inc.${n}`).join(', ')})`,
    [json],
  );
  // Keep the row a changed decision replaces (nothing stored is lost), then write. No other
  // import of this source writes decisions in between: the batch holds its lock (lockSources).
  await tx.query(
    `WITH inc AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(${cols}))
     INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason, import_run_id)
     SELECT t.id, t.version, to_jsonb(t), 'import', 'changed in a later source export', $2
       FROM journal.service_decision t JOIN inc ON inc.id = t.id
      WHERE t.content_hash IS DISTINCT FROM inc.content_hash AND ${NOT_DELETED}`,
    [json, runId],
  );
  const r = await tx.query<Row>(
    `WITH up AS (
       INSERT INTO journal.service_decision AS t (${names})
       SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS d(${cols})
       ON CONFLICT (id) DO UPDATE SET ${names
         .split(', ')
         .filter((n) => n !== 'id')
         .map((n) => `${n} = EXCLUDED.${n}`)
         .join(', ')}, version = t.version + 1, updated_at = now()
        WHERE t.content_hash IS DISTINCT FROM EXCLUDED.content_hash AND ${NOT_DELETED}
       RETURNING (xmax = 0) AS inserted)
     SELECT inserted, count(*)::int AS n FROM up GROUP BY inserted`,
    [json],
  );
  // A decision new in this import whose note is deleted (step 3 of writeEntries followed a
  // deletion to this later version): its text goes in this transaction, never committed.
  const deleted = await tx.query<{ entry_id: string; legal_basis: string }>(
    `SELECT d.journal_entry_id AS entry_id, ts.legal_basis
       FROM journal.service_decision d
       JOIN journal.journal_entry e ON e.id = d.journal_entry_id AND e.deleted_at IS NOT NULL
       JOIN journal.tombstone ts ON ts.entry_id = e.id
      WHERE d.id = ANY($1::text[])
        AND (d.text IS NOT NULL OR d.justification IS NOT NULL OR d.service IS NOT NULL OR d.cited_assessment_text IS NOT NULL)`,
    [write.map((x) => x.id)],
  );
  for (const x of deleted.rows) await deleteDecisionTexts(tx, [x.entry_id], 'import', x.legal_basis);
  report.counts.decisions ??= zero();
  // A decision held for a § 44 decision is not unchanged (its source changed); one waiting with
  // its note's source conflict counts unchanged, as one of a deleted note (nothing written).
  tally(report.counts.decisions, r.rows, write.length + waiting.size);
}

/**
 * helsepersonelloven § 42 (retting; review s38): a service decision read from a note whose text
 * is a correction made here (an HP Vedtak, `text_origin = 'correction'`) is not written by the
 * import, as the note's text is not: the correction reached the decision (mutations.ts
 * correctEntry re-reads its words from the corrected text), and a later source version would
 * write the uncorrected words back into it while the note's version waits as a source conflict
 * (found in review s38: the decision's text and Begrunnelse were overwritten). The row, as it
 * would be written, waits in that conflict (`source_conflict.decision_record`, migration 027;
 * the open conflict of the same text, raised by writeEntries in this batch or an earlier one),
 * and TAKE_SOURCE writes it; KEEP_CORRECTION leaves the decision as corrected. A note deleted
 * here is left to NOT_DELETED (writeDecisions). Returns the ids of the decisions not written.
 */
async function waitingForArchivist(
  tx: Queryable,
  rows: { id: string; journal_entry_id: string | null; text: string | null }[],
): Promise<Set<string>> {
  const read = rows.filter((x) => x.journal_entry_id);
  if (!read.length) return new Set();
  const corrected = new Set(
    (
      await tx.query<{ id: string }>(
        `SELECT id FROM journal.journal_entry
          WHERE id = ANY($1::text[]) AND text_origin = 'correction' AND deleted_at IS NULL`,
        [read.map((x) => x.journal_entry_id!)],
      )
    ).rows.map((x) => x.id),
  );
  const waiting = read.filter((x) => corrected.has(x.journal_entry_id!));
  if (!waiting.length) return new Set();
  await tx.query(
    `UPDATE journal.source_conflict c SET decision_record = w.rec
       FROM jsonb_to_recordset($1::jsonb) AS w(entry_id text, text text, rec jsonb)
      WHERE c.entry_id = w.entry_id AND c.resolved_at IS NULL AND c.source_record->>'text' = w.text
        AND c.decision_record IS DISTINCT FROM w.rec`,
    [JSON.stringify(waiting.map((x) => ({ entry_id: x.journal_entry_id, text: x.text, rec: x })))],
  );
  return new Set(waiting.map((x) => x.id));
}

/**
 * helsepersonelloven § 44 (with § 39 andre ledd): a stored service decision that is not read
 * from a note (Gerica vedtak.csv) and that a later export files under another patient record
 * is not moved (found in review s31: it moved to the other patient silently, and the report
 * said `updated`). A record is moved to the right patient only by the journalansvarlig's
 * decision; a note the source refiles is held as a § 44 record case (writeEntries step 1b).
 * A record case is a note's (`record_case.entry_id`), so the decision's row is quarantined
 * with its bytes, the reason naming both patient records, for the journalansvarlig, and
 * counted as `patientChangesHeld`, never as unchanged; the decision stays where it is. Not
 * between linked records (one person). A decision read from a note follows its note
 * (writeDecisions' `entryPatients`). Returns the ids of the decisions held.
 */
async function heldPatientChanges(
  tx: Queryable,
  records: DecisionRecord[],
  rows: { id: string; patient_id: string | undefined; journal_entry_id: string | null }[],
  report: ImportReport,
  q: QuarantineItem[],
): Promise<Set<string>> {
  const own = rows.flatMap((row, i) => (row.journal_entry_id ? [] : [{ row, record: records[i]! }]));
  const held = await heldRefilings(
    tx,
    'service decision',
    'SELECT id AS k, patient_id FROM journal.service_decision WHERE id = ANY($1::text[])',
    own.map((o) => ({ item: o.record, key: o.row.id, patientId: o.row.patient_id! })),
    report,
    q,
  );
  return new Set(own.filter((o) => held.has(o.record)).map((o) => o.row.id));
}

/** Quarantine reasons of the writer's and reader's checks of a note that was taken (see writeQuarantine). */
const NOTE_CHECKS = new Set(['older-source-version', 'care-contact-patient', 'decision-outcome']);

async function writeQuarantine(
  tx: Queryable,
  runId: number,
  report: ImportReport,
  items: (QuarantineItem & { file?: string })[],
): Promise<void> {
  if (!items.length) return;
  // A line that is a version of a note deleted here (helsepersonelloven § 43; QuarantineItem
  // entryId): deleted before this import, its text is stored nowhere again (as the writer
  // leaves the note itself); deleted in this transaction (writeEntries step 3b followed a
  // deletion to it), the row is kept without its bytes, as deleting it later would leave it.
  const linked = [...new Set(items.flatMap((i) => (i.entryId ? [i.entryId] : [])))];
  const deleted = new Map(
    linked.length
      ? (
          await tx.query<{ id: string; now: boolean; legal_basis: string | null }>(
            `SELECT e.id, e.deleted_at >= now() AS now, t.legal_basis
               FROM journal.journal_entry e LEFT JOIN journal.tombstone t ON t.entry_id = e.id
              WHERE e.id = ANY($1::text[]) AND e.deleted_at IS NOT NULL`,
            [linked],
          )
        ).rows.map((r) => [r.id, r])
      : [],
  );
  // One count per source line and reason: one line can give two records (an HP Vedtak: a note
  // and a decision) quarantined for one reason, counted once (found in review). The table keeps
  // one row per file, reason and bytes, so two lines of the same bytes count twice and are one
  // row, with the first one's line (a re-import adds nothing).
  const rows = new Map<string, Record<string, unknown>>();
  for (const i of items) {
    const gone = i.entryId ? deleted.get(i.entryId) : undefined;
    // The note's own checks (an older export, its encounter, its Vedtak's outcome) are not made
    // again for a note deleted before; a line the reader could not take (invalid, not
    // decodable, unstorable, its patient unknown) is still counted and kept, without its bytes.
    if (gone && !gone.now && NOTE_CHECKS.has(i.reason)) continue;
    const file = i.file ?? report.file;
    const hash = createHash('sha256').update(i.raw).digest('hex');
    const k = `${file}|${i.reason}|${i.line}|${hash}`;
    if (rows.has(k)) continue;
    report.quarantined[i.reason] = (report.quarantined[i.reason] ?? 0) + 1;
    rows.set(k, {
      file,
      line: i.line,
      record_no: i.recordNo,
      reason: i.reason,
      // A detail may quote the source (a JSON parse error quotes the line): U+0000 or a lone
      // surrogate in it failed the batch (review s30). The bytes are kept as they are in `raw`.
      detail: storable(i.detail),
      raw: gone ? '' : i.raw.toString('base64'),
      raw_hash: hash,
      entry_id: i.entryId ?? null,
      owner_source_system: i.owner?.sourceSystem ?? null,
      owner_local_id: i.owner?.localId ?? null,
      removal_basis: gone ? (gone.legal_basis ?? 'helsepersonelloven § 43') : null,
    });
  }
  if (!rows.size) return;
  // A line quarantined before migration 045 has no owner recorded; quarantined again (the same
  // export imported again), it gets the one read now, so that it is listed under its patient
  // from then on (task s47, defect 1). Nothing else of a stored row changes. Before the insert, so
  // that the insert finds it (one row a line and owner, migration 047). Fix FX-A 6: the row is
  // matched by its own line too, not only by its bytes, so of two klienter with byte-identical
  // lines it takes the owner of the line it is, not one picked at random, and not an owner that
  // already has its own row of those bytes.
  const owned = [...rows.values()].filter((r) => r.owner_local_id !== null);
  if (owned.length)
    await tx.query(
      `UPDATE journal.quarantine q SET owner_source_system = x.owner_source_system, owner_local_id = x.owner_local_id
         FROM jsonb_to_recordset($2::jsonb) AS x(file text, line int, reason text, raw_hash text,
              owner_source_system text, owner_local_id text)
        WHERE q.source = $1 AND q.file = x.file AND q.reason = x.reason AND q.raw_hash = x.raw_hash
          AND q.line IS NOT DISTINCT FROM x.line
          AND q.owner_local_id IS NULL
          AND NOT EXISTS (
                SELECT 1 FROM journal.quarantine o
                 WHERE o.source = q.source AND o.file = q.file AND o.reason = q.reason
                   AND o.raw_hash = q.raw_hash AND o.owner_source_system = x.owner_source_system
                   AND o.owner_local_id = x.owner_local_id)`,
      [report.source, JSON.stringify(owned)],
    );
  await tx.query(
    `INSERT INTO journal.quarantine (import_run_id, source, file, line, record_no, reason, detail, raw, raw_hash,
            entry_id, raw_removed_at, raw_removed_by, raw_removal_basis, owner_source_system, owner_local_id)
     SELECT $1, $2, file, line, record_no, reason, detail, decode(raw, 'base64'), raw_hash, entry_id,
            CASE WHEN removal_basis IS NOT NULL THEN now() END, CASE WHEN removal_basis IS NOT NULL THEN 'import' END,
            removal_basis, owner_source_system, owner_local_id
       FROM jsonb_to_recordset($3::jsonb) AS q(file text, line int, record_no int, reason text, detail text, raw text,
            raw_hash text, entry_id text, removal_basis text, owner_source_system text, owner_local_id text)
     ON CONFLICT (source, file, raw_hash, reason, COALESCE(owner_source_system, ''), COALESCE(owner_local_id, ''))
       DO NOTHING`,
    [runId, report.source, JSON.stringify([...rows.values()])],
  );
}

/** Buffers items and writes them a batch at a time. */
export class ImportWriter {
  private buf: ImportItem[] = [];
  /**
   * The notes of this import found older than the version stored (writeEntries step 0a), over
   * all its committed batches: an HP Vedtak's decision is the item after its note and may be
   * the first of the next batch, where it must not be applied either (pasientjournalloven § 22;
   * found in review s30: the older decision was applied, the note stayed the newer).
   */
  private older: OlderKeys = new Set();

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    readonly report: ImportReport,
    private readonly batchSize = 1000,
    /** The export's records read before (runImport): duplicates over the whole export, not only within a batch. */
    private readonly duplicates?: ExportDuplicates,
  ) {}

  async add(item: ImportItem): Promise<void> {
    this.duplicates?.met(item);
    this.buf.push(tooLongAnId(item) ?? item);
    if (this.buf.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buf.length) return;
    const items = this.buf;
    this.buf = [];
    const of = <K extends ImportItem['kind']>(k: K) =>
      items.filter((i): i is Extract<ImportItem, { kind: K }> => i.kind === k);
    // The counts change only when the batch commits, and the run's row carries the committed
    // counts in the same transaction: after a crash it tells exactly what was stored.
    const next: ImportReport = structuredClone(this.report);
    let older: OlderKeys = this.older;
    await this.db.transaction(async (tx) => {
      const q: QuarantineItem[] = of('quarantine');
      // One record twice in the export: within the batch (lastOfEach) and further on
      // (ExportDuplicates; found in review s41: two more than a batch apart were both written,
      // the earlier kept as a version of the later, again on every run).
      const lastOf = <T extends PractitionerRecord | RelatedPersonRecord | CareContactRecord>(
        items: T[],
        keyOf: (i: T) => string,
        what: (i: T) => string,
      ) => {
        const later = laterInExport(items, this.duplicates, q, what, () => undefined);
        const inBatch = lastOfEach(later.ok, keyOf, what, q);
        return {
          write: inBatch.write,
          alike: inBatch.alike + items.length - later.ok.length - later.differing,
        };
      };
      const practitioners = lastOf(of('practitioner'), practitionerKey, (p) => `practitioner ${p.id}`);
      // A source record's patient stated more than once in the export (ExportDuplicates
      // statementOf): the export's current statement is written wherever it is met, and an
      // earlier one that says otherwise is kept as a version once (writePatients).
      const stated = of('patient').map((p) => {
        const s = this.duplicates?.statementOf(p);
        return { write: s?.current ?? p, superseded: s?.superseded ? p : null };
      });
      const patients = stated.map((s) => s.write);
      const superseded = stated.flatMap((s) => (s.superseded ? [s.superseded] : []));
      const relatives = lastOf(
        of('relative'),
        relativeKey,
        (r) => `relative ${r.sourceSystem} ${r.sourceId}`,
      );
      const contacts = lastOf(
        of('contact'),
        contactKey,
        (c) => `care contact ${c.sourceSystem} ${c.sourceId}`,
      );
      const entries = of('entry');
      const decisions = of('decision');
      // A versioned Patient is judged against the stored statement (olderStatements) and written in
      // one step under its source's write lock, as a note is: a batch of Patients alone took none,
      // so two imports of one source could each judge theirs and the older write last (review s43).
      await lockSources(
        tx,
        [...entries, ...patients.filter((p) => p.sourceVersion != null || p.sourceUpdatedAt != null)],
        decisions,
      );
      // The persons the patients may link or re-age (lockPatientPersons), before any table or row lock.
      await lockPatientPersons(tx, patients);
      if (await mayFollowDeletion(tx, entries)) await lockBeforeFollowedDeletions(tx);
      if (practitioners.write.length) await writePractitioners(tx, practitioners.write, next);
      next.counts.practitioners.unchanged += practitioners.alike;
      if (patients.length) await writePatients(tx, patients, next, q, superseded);
      if (relatives.write.length) await writeRelatives(tx, relatives.write, next, q);
      next.counts.relatives.unchanged += relatives.alike;
      if (contacts.write.length) await writeContacts(tx, contacts.write, next, q);
      next.counts.contacts.unchanged += contacts.alike;
      const found = entries.length
        ? await writeEntries(tx, this.runId, entries, next, q, this.duplicates)
        : new Set<string>();
      // A note of this batch decides for itself; the earlier batches' older notes hold otherwise.
      const seen = new Set(entries.map((e) => `${e.sourceSystem}|${e.sourceId}`));
      older = new Set([...[...this.older].filter((k) => !seen.has(k)), ...found]);
      if (decisions.length) await writeDecisions(tx, this.runId, decisions, next, q, older, this.duplicates);
      await writeQuarantine(tx, this.runId, next, q);
      await tx.query('UPDATE journal.import_run SET report = $2 WHERE id = $1', [
        this.runId,
        JSON.stringify(next),
      ]);
    });
    this.older = older;
    Object.assign(this.report, next);
  }
}
