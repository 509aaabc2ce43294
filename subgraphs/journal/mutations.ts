/** Corrections, deletions and identity links: each one transaction, each change announced in the outbox. */
import { GraphQLError } from 'graphql';
import type { Db, Queryable } from '../../lib/db';
import { lockPatientRecord } from '../../lib/person-lock';
import { deletionHolds } from '../../lib/policy/legal-hold';
import { readHpDecision } from './import/decisions';
import { announceAgeChanges, personBirthDates } from './outbox';
import { queueRequestCasesOfRecords } from '../archive/open-requests';
import {
  DECISION_RECORD_COLUMNS,
  DECISION_RECORD_NAMES,
  personGroups,
  VERSION_FIELDS,
  type JournalEntryRow,
} from './store';

const notFound = (what: string) =>
  new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
const conflict = (message: string) => new GraphQLError(message, { extensions: { code: 'CONFLICT' } });

/** Advisory-lock namespace of the notes' write step, with the source system as the second key. */
export const ENTRY_LOCK = 'journal.journal_entry';
/** Advisory-lock namespace of the service decisions' write step, with the source system as the second key. */
export const DECISION_LOCK = 'journal.service_decision';

/**
 * The write steps of these source systems' notes and service decisions, for the rest of the
 * transaction (advisory transaction locks): an import batch takes them first
 * (import/writer.ts lockSources), and so does a deletion or move decided in a record case
 * (lockNoteSources). In one order everywhere, notes' before decisions', each sorted, and
 * before any row lock, so that two holders never wait for each other.
 */
export async function lockSourceSystems(
  tx: Queryable,
  entrySources: readonly string[],
  decisionSources: readonly string[],
): Promise<void> {
  const keys = [
    ...[...new Set(entrySources)].sort().map((s) => [ENTRY_LOCK, s]),
    ...[...new Set(decisionSources)].sort().map((s) => [DECISION_LOCK, s]),
  ];
  for (const [space, source] of keys)
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [space, source]);
}

/**
 * Before a record case deletes or moves a note (helsepersonelloven §§ 43–44, record-cases.ts
 * decideIn): the write steps of the note's source system, for its notes and for its service
 * decisions (an HP Vedtak note is also a decision, of the same source; and any source system
 * of a decision read from this note). Without them an import batch that writes the note's
 * decision but not the note (the decision is the first item of the next batch, or only the
 * decision changed) kept the decision's version under the number the case had just kept, and
 * failed on `service_decision_version`'s key, or wrote the decision back on the patient the
 * note was moved from (found in review s30, test/import-concurrency.test.ts). Taken first in
 * the case's transaction, before the case's and the note's rows are locked: an import batch
 * holds these locks and then locks notes and record cases. Reads without locking; a note that
 * is not there is left to the caller (NOT_FOUND there).
 */
export async function lockNoteSources(tx: Queryable, entryId: string): Promise<void> {
  const r = (
    await tx.query<{ source_system: string; decisions: string[] }>(
      `SELECT e.source_system,
              coalesce(array_agg(DISTINCT d.source_system) FILTER (WHERE d.id IS NOT NULL), '{}') AS decisions
         FROM journal.journal_entry e LEFT JOIN journal.service_decision d ON d.journal_entry_id = e.id
        WHERE e.id = $1 GROUP BY e.source_system`,
      [entryId],
    )
  ).rows[0];
  if (!r) return;
  await lockSourceSystems(tx, [r.source_system], [r.source_system, ...r.decisions]);
}

export async function lockEntry(tx: Queryable, id: string): Promise<JournalEntryRow> {
  const row = (
    await tx.query<JournalEntryRow>('SELECT * FROM journal.journal_entry WHERE id = $1 FOR UPDATE', [id])
  ).rows[0];
  if (!row) throw notFound(`journal entry ${id}`);
  return row;
}

/**
 * Correction (helsepersonelloven § 42): the current text becomes a kept version; the new
 * text is current. Called inside a correction case's transaction (record-cases.ts). A service
 * decision read from the note (an HP Vedtak) is corrected with it (correctDecisionWords, review
 * s38: its text and Begrunnelse kept the uncorrected words): so the note's source systems'
 * write steps are taken first (lockNoteSources), as a deletion or a move takes them, before the
 * note's row; a caller that locks the note first takes them before that (record-cases.ts decideIn).
 */
export async function correctEntry(
  tx: Queryable,
  id: string,
  text: string,
  reason: string,
  userId: string,
): Promise<JournalEntryRow> {
  await lockNoteSources(tx, id);
  const e = await lockEntry(tx, id);
  if (e.deleted_at) throw conflict('a deleted journal entry cannot be corrected');
  if (e.status === 'superseded')
    throw conflict('this version was superseded in the source system; correct the current version');
  await tx.query(
    `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields, time_notes)
       SELECT e.id, e.version, e.text, now(), $2, $3, 'correction', ${VERSION_FIELDS('e')}, e.time_notes
         FROM journal.journal_entry e WHERE e.id = $1`,
    [id, userId, reason],
  );
  // content_hash stays the source's, so a re-import of the same export does not undo the correction;
  // text_origin = 'correction' makes a later source version wait for an archivist (source_conflict).
  const updated = (
    await tx.query<JournalEntryRow>(
      `UPDATE journal.journal_entry SET text = $2, version = version + 1, updated_at = now(), text_origin = 'correction'
          WHERE id = $1 RETURNING *`,
      [id, text],
    )
  ).rows[0]!;
  // A removal (migration 018) until the indexer has written the corrected text: the words
  // corrected away were found as the note's current text meanwhile (a researcher's total
  // counted them; found in review s38). Search leaves the note out from this commit.
  await tx.query(
    `INSERT INTO journal.outbox (entity_type, entity_id, removal) VALUES ('journal_entry', $1, true)`,
    [id],
  );
  await correctDecisionWords(
    tx,
    id,
    text,
    userId,
    `correction of journal entry ${id} (helsepersonelloven § 42): ${reason}`,
  );
  return updated;
}

/** The words an outcome basis gets when the note a decision was read from no longer reads its outcome. */
const OUTCOME_NOT_READ = '; the note it was read from was corrected here (helsepersonelloven § 42)';
/** The same when an archivist took the source's version of the note (resolveSourceConflict). */
const OUTCOME_NOT_READ_SOURCE =
  "; the note it was read from took the source's version (a source conflict resolved)";

/**
 * helsepersonelloven § 42 (retting; review s38): a service decision read from a note (an HP
 * Vedtak, import/hp.ts) holds the note's words, so a correction of the note corrects them: the
 * decision's `text`, its Begrunnelse (`justification`), heading (`service`), hjemmel
 * (`legal_basis`), type and the words naming an assessment are read again from the note's text
 * now in force (import/decisions.ts readHpDecision, the import's reading), the decision before
 * kept in `service_decision_version` (who, when, why), its content hash left the source's (as the
 * note's: a re-import of the same export changes nothing; import/writer.ts waitingForArchivist
 * keeps a later source version from overwriting it). Not derivable, and so not changed: the
 * outcome. A decision is an administrative act (forvaltningsloven § 2 b; changed by a new
 * decision, § 35), not a reading the journal may revise: when the corrected text reads another
 * outcome, or none, the outcome stays as decided and its `outcome_basis` says so (flagged there,
 * shown as ServiceDecision.outcomeBasis), for the journalansvarlig. Also used when an archivist
 * takes a source version with no decision waiting in its conflict (resolveSourceConflict).
 * Returns the number of decisions changed.
 */
export async function correctDecisionWords(
  tx: Queryable,
  entryId: string,
  text: string,
  userId: string,
  reason: string,
  notRead: string = OUTCOME_NOT_READ,
): Promise<number> {
  const decisions = (
    await tx.query<{ id: string; outcome: string; outcome_basis: string }>(
      `SELECT id, outcome, outcome_basis FROM journal.service_decision WHERE journal_entry_id = $1 ORDER BY id FOR UPDATE`,
      [entryId],
    )
  ).rows;
  let changed = 0;
  for (const d of decisions) {
    const read = readHpDecision(text);
    const before = d.outcome_basis.split(OUTCOME_NOT_READ)[0]!.split(OUTCOME_NOT_READ_SOURCE)[0]!;
    const basis =
      read.outcome?.outcome === d.outcome
        ? read.outcome.basis
        : `${before}${notRead} and ${
            read.outcome ? `now reads ${read.outcome.outcome} (${read.outcome.basis})` : 'states no outcome'
          }: the outcome stays as decided`;
    const r = await tx.query(
      `WITH d AS (
         SELECT * FROM journal.service_decision t
          WHERE t.id = $1 AND (t.text, t.justification, t.service, t.legal_basis, t.decision_type, t.cited_assessment_date,
                               t.cited_assessment_text, t.outcome_basis)
                IS DISTINCT FROM ($2::text, $3::text, $4::text, $5::text, $6::text, $7::date, $8::text, $9::text)),
       kept AS (
         INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
         SELECT d.id, d.version, to_jsonb(d), $10, $11 FROM d)
       UPDATE journal.service_decision s SET text = $2, justification = $3, service = $4, legal_basis = $5,
              decision_type = $6, cited_assessment_date = $7::date, cited_assessment_text = $8, outcome_basis = $9,
              version = s.version + 1, updated_at = now()
         FROM d WHERE s.id = d.id`,
      [
        d.id,
        text,
        read.justification,
        read.service,
        read.legalBasis,
        read.decisionType,
        read.cited?.date ?? null,
        read.cited?.words ?? null,
        basis,
        userId,
        reason,
      ],
    );
    changed += r.rowCount;
  }
  return changed;
}

/**
 * TAKE_SOURCE (review s38): the service decision the source's version gives, as the import would
 * have written it (`source_conflict.decision_record`, migration 027; import/writer.ts
 * waitingForArchivist), on the note's patient now; the decision before kept in
 * `service_decision_version`. Inserted when the note had none.
 */
async function writeWaitingDecision(
  tx: Queryable,
  record: Record<string, unknown>,
  patientId: string,
  userId: string,
  reason: string,
): Promise<void> {
  const names = DECISION_RECORD_NAMES.join(', ');
  const fields = DECISION_RECORD_NAMES.filter((n) => n !== 'id');
  // A decision the same as the waiting one keeps its version: no version row, no new number
  // (second review s38: a version was kept of every decision, changed or not).
  // The file it was read from is where, not what (as the import's content hash leaves it out);
  // the hash is how, and its input changed in this stop (writer.ts instantOf): compared, a
  // decision hashed before was "changed" (found in review s38). Both still written.
  const compared = fields.filter((n) => n !== 'file' && n !== 'content_hash');
  const same = (a: string, b: (n: string) => string) =>
    `(${compared.map((n) => `${a}.${n}`).join(', ')}) IS NOT DISTINCT FROM (${compared.map(b).join(', ')})`;
  await tx.query(
    `INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
     SELECT t.id, t.version, to_jsonb(t), $2, $3
       FROM journal.service_decision t, jsonb_to_record($1::jsonb) AS d(${DECISION_RECORD_COLUMNS})
      WHERE t.id = d.id AND NOT ${same('t', (n) => (n === 'patient_id' ? '$4' : `d.${n}`))}`,
    [JSON.stringify(record), userId, reason, patientId],
  );
  await tx.query(
    `INSERT INTO journal.service_decision AS t (${names})
     SELECT ${DECISION_RECORD_NAMES.map((n) => (n === 'patient_id' ? '$2' : n)).join(', ')}
       FROM jsonb_to_record($1::jsonb) AS d(${DECISION_RECORD_COLUMNS})
     ON CONFLICT (id) DO UPDATE SET ${fields
       .map((n) => `${n} = EXCLUDED.${n}`)
       .join(', ')}, version = t.version + 1, updated_at = now()
      WHERE NOT ${same('t', (n) => `EXCLUDED.${n}`)}`,
    [JSON.stringify(record), patientId],
  );
}

/**
 * Deletion (helsepersonelloven §§ 43–44): the text of the entry, of its kept versions and
 * of the superseded source versions it replaces is removed, with the source's correction
 * reason (HP `description`, on the note and in its versions' fields), the corrections record
 * cases asked for, the source versions waiting for an archivist, the words of a service
 * decision read from it and the bytes of its quarantined source lines; a tombstone stays.
 * The outbox takes the deletion to the search index; a re-import cannot bring the text back.
 * Called inside a deletion case's transaction (record-cases.ts), which names the case.
 * Migrations 013 and 016 did the same for notes deleted before.
 */
export async function deleteEntry(
  tx: Queryable,
  id: string,
  legalBasis: string,
  userId: string,
  caseId: string | null = null,
): Promise<JournalEntryRow> {
  const e = await lockEntry(tx, id);
  if (e.deleted_at) return e;
  const chain = (
    await tx.query<{ id: string }>(
      // The note's own source versions only: the chain stops at the patient's edge, as a move's
      // does, so another patient's note a source export names (whose holds were not asked) stays.
      `WITH RECURSIVE chain(id, source_system, replaces) AS (
         SELECT id, coalesce(replaces_source_system, source_system), replaces_source_id FROM journal.journal_entry WHERE id = $1
         UNION ALL
         SELECT p.id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id FROM chain c
           JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
          WHERE p.patient_id = $2)
       SELECT id FROM chain`,
      [id, e.patient_id],
    )
  ).rows.map((r) => r.id);
  await tx.query(
    `INSERT INTO journal.tombstone (entry_id, deleted_by, legal_basis, case_id)
       SELECT x, $2, $3, $4::bigint FROM unnest($1::text[]) AS x ON CONFLICT DO NOTHING`,
    [chain, userId, legalBasis, caseId],
  );
  // The kept versions' text, and the source's reason for a corrected version (HP `description`:
  // the author's words about the note's content) among their fields.
  await tx.query(
    `UPDATE journal.entry_version SET text = NULL,
            fields = CASE WHEN fields->>'correction_reason' IS NULL THEN fields
                          ELSE fields || jsonb_build_object('correction_reason', NULL) END
      WHERE entry_id = ANY($1::text[])`,
    [chain],
  );
  // A correction asked for in a record case carries text of the note too: it goes with it.
  await tx.query('UPDATE journal.record_case SET proposed_text = NULL WHERE entry_id = ANY($1::text[])', [
    chain,
  ]);
  // The deletion is itself a kept version: who, when and why stay; the text (and the source's
  // correction reason) does not (§§ 43–44).
  await tx.query(
    `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields, time_notes)
       SELECT e.id, e.version, NULL, now(), $2, $3, 'deletion',
              ${VERSION_FIELDS('e')} || jsonb_build_object('correction_reason', NULL), e.time_notes FROM journal.journal_entry e
        WHERE e.id = ANY($1::text[]) AND e.deleted_at IS NULL`,
    [chain, userId, legalBasis],
  );
  // Source versions waiting for an archivist carry the text too, and the decision read from it
  // (migration 027): they go with it.
  await tx.query(
    `UPDATE journal.source_conflict SET source_record = source_record - 'text' - 'correction_reason',
              decision_record = decision_record || ${DECISION_TEXT_NULLS},
              resolution = coalesce(resolution, 'superseded'), resolved_at = coalesce(resolved_at, now()),
              resolved_by = coalesce(resolved_by, $2), resolution_reason = coalesce(resolution_reason, 'the note was deleted')
        WHERE entry_id = ANY($1::text[])`,
    [chain, userId],
  );
  await tx.query(
    `UPDATE journal.journal_entry SET text = NULL, correction_reason = NULL, deleted_at = now(), updated_at = now(),
            version = version + 1
        WHERE id = ANY($1::text[])`,
    [chain],
  );
  // A service decision read from the note (an HP Vedtak) carries its text too: it goes with it.
  await deleteDecisionTexts(tx, chain, userId, legalBasis);
  // So do the note's source lines the import quarantined (an older export, a line naming
  // another patient's encounter, a Vedtak whose outcome could not be read): their bytes go.
  await removeQuarantinedLines(tx, chain, userId, legalBasis);
  // A removal (migration 018): search leaves these notes out until the indexer has removed them.
  await tx.query(
    `INSERT INTO journal.outbox (entity_type, entity_id, removal) SELECT 'journal_entry', x, true FROM unnest($1::text[]) AS x`,
    [chain],
  );
  return (await tx.query<JournalEntryRow>('SELECT * FROM journal.journal_entry WHERE id = $1', [id]))
    .rows[0]!;
}

/**
 * Deletion (helsepersonelloven §§ 43–44) of notes whose source lines the import quarantined:
 * a quarantined record that is a version of the note names it (`journal.quarantine.entry_id`):
 * an HP line quarantined as `older-source-version`, `care-contact-patient` or
 * `decision-outcome` (migration 013), and since migration 016 any HP DocumentReference line
 * whose id reads, a Gerica row whose NotatID reads, a Profil notat whose id reads (read whole),
 * and a note of any source whose patient is unknown; its text is in the bytes. The bytes are
 * removed; the row stays (file, line, reason, detail, the import run and when), with who
 * removed them, when and on what basis. raw_hash stays, so the same line of the same file is
 * not quarantined again. No detail of these reasons quotes the text (an `invalid-json`
 * detail does, and such a line names no note). Returns the number of rows changed.
 */
export async function removeQuarantinedLines(
  tx: Queryable,
  entryIds: readonly string[],
  userId: string,
  legalBasis: string,
): Promise<number> {
  const r = await tx.query(
    `UPDATE journal.quarantine SET raw = ''::bytea, raw_removed_at = now(), raw_removed_by = $2, raw_removal_basis = $3
      WHERE entry_id = ANY($1::text[]) AND raw_removed_at IS NULL`,
    [entryIds, userId, legalBasis],
  );
  return r.rowCount;
}

/** The columns of a service decision that are the note's words (an HP Vedtak's text, read from it). */
const DECISION_TEXT_NULLS = `jsonb_build_object('text', NULL, 'justification', NULL, 'service', NULL, 'cited_assessment_text', NULL)`;

/**
 * Deletion (helsepersonelloven §§ 43–44) of notes a service decision was read from: an HP
 * Vedtak document is a journal entry and a decision (decisions.ts, import/hp.ts), and the
 * decision holds the note's words — its whole text, the Begrunnelse (`justification`), the
 * heading (`service`) and the words naming an assessment (`cited_assessment_text`). § 43
 * deletes "opplysninger eller utsagn i journalen", wherever the record holds them: these are
 * removed from the decision and from its kept versions (`service_decision_version.record`).
 * What the decision decided stays (type, outcome and the word it was read from, hjemmel,
 * dates, the cited date, the link to the note and its tombstone). The deletion is itself a
 * kept version of the decision (who, when, why; no text), as for the note. Decisions are not
 * in the search index; the note leaves it through the outbox. Called by `deleteEntry` (also
 * when an import follows a deletion) and by the writer for a decision stored after its note
 * was deleted. Returns the number of decisions changed.
 */
export async function deleteDecisionTexts(
  tx: Queryable,
  entryIds: readonly string[],
  userId: string,
  legalBasis: string,
): Promise<number> {
  await tx.query(
    `UPDATE journal.service_decision_version v SET record = v.record || ${DECISION_TEXT_NULLS}
       FROM journal.service_decision d
      WHERE d.id = v.decision_id AND d.journal_entry_id = ANY($1::text[])
        AND (v.record->>'text' IS NOT NULL OR v.record->>'justification' IS NOT NULL
             OR v.record->>'service' IS NOT NULL OR v.record->>'cited_assessment_text' IS NOT NULL)`,
    [entryIds],
  );
  const r = await tx.query(
    `WITH d AS (
       SELECT * FROM journal.service_decision
        WHERE journal_entry_id = ANY($1::text[])
          AND (text IS NOT NULL OR justification IS NOT NULL OR service IS NOT NULL OR cited_assessment_text IS NOT NULL)
          FOR UPDATE),
     kept AS (
       INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
       SELECT d.id, d.version, to_jsonb(d) || ${DECISION_TEXT_NULLS}, $2,
              'deletion of journal entry ' || d.journal_entry_id || ' (its text removed here too): ' || $3
         FROM d)
     UPDATE journal.service_decision s SET text = NULL, justification = NULL, service = NULL,
            cited_assessment_text = NULL, version = s.version + 1, updated_at = now()
       FROM d WHERE s.id = d.id`,
    [entryIds, userId, legalBasis],
  );
  return r.rowCount;
}

export interface SourceConflictRow {
  id: number;
  entry_id: string;
  patient_id: string;
  source_hash: string;
  source_record: {
    text?: string | null;
    entry_type?: string;
    service?: string | null;
    written_at?: string;
    status?: string;
    replaces_source_id?: string | null;
    correction_reason?: string | null;
    /** HP context.period and docStatus amended (imports since migration 005). */
    care_start?: string | null;
    care_end?: string | null;
    amended?: boolean;
    /** Its author and care contact (imports since review s38; writer.ts ATTRIBUTION_DIFFERS). */
    author_name?: string | null;
    author_hpr?: string | null;
    author_practitioner_id?: string | null;
    care_contact_id?: string | null;
  };
  detected_at: Date;
  import_run_id: number | null;
  resolution: 'kept-correction' | 'took-source' | 'superseded' | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution_reason: string | null;
  /** The record case whose correction was decided over this source version (migration 011); null: an import raised it. */
  case_id: string | null;
  /** The service decision this source version gives (migration 027), written by TAKE_SOURCE; null: none waits. */
  decision_record: Record<string, unknown> | null;
}

const CONFLICT_SELECT = `SELECT c.*, e.patient_id FROM journal.source_conflict c JOIN journal.journal_entry e ON e.id = c.entry_id`;

/** Source updates to notes corrected here, oldest first; open ones only unless asked. */
export async function sourceConflicts(
  db: Queryable,
  first: number,
  includeResolved: boolean,
): Promise<SourceConflictRow[]> {
  return (
    await db.query<SourceConflictRow>(
      `${CONFLICT_SELECT} WHERE ($2 OR c.resolved_at IS NULL) ORDER BY c.detected_at, c.id LIMIT $1`,
      [first, includeResolved],
    )
  ).rows;
}

/**
 * The care period of the source version, when the conflict recorded one (parameter n: the
 * source record as jsonb); conflicts stored before migration 005 leave it as it is.
 */
const CARE_PERIOD_FROM_SOURCE = (n: number) =>
  `care_start = CASE WHEN $${n}::jsonb ? 'amended' THEN ($${n}::jsonb->>'care_start')::timestamptz ELSE care_start END,
   care_end = CASE WHEN $${n}::jsonb ? 'amended' THEN ($${n}::jsonb->>'care_end')::timestamptz ELSE care_end END,
   amended = CASE WHEN $${n}::jsonb ? 'amended' THEN ($${n}::jsonb->>'amended')::boolean ELSE amended END`;

/**
 * The source version's time notes (journal migration 020), held in its conflict record since
 * task identity (stop 34): taken with its time. A conflict stored before holds none; the note's
 * stay then (nothing tells what they would be).
 */
const TIME_NOTES_FROM_SOURCE = (n: number) =>
  `time_notes = CASE WHEN $${n}::jsonb ? 'time_notes' THEN ARRAY(SELECT jsonb_array_elements_text($${n}::jsonb->'time_notes')) ELSE time_notes END`;

/**
 * The source version's author and care contact, held in its conflict record since review s38
 * (writer.ts step 1): taken with its other fields. A conflict stored before holds none; the
 * note's stay then (parameter n: the source record as jsonb).
 */
const ATTRIBUTION_FROM_SOURCE = (n: number) =>
  [
    ...['author_name', 'author_hpr', 'author_practitioner_id'].map(
      (c) => `${c} = CASE WHEN $${n}::jsonb ? '${c}' THEN $${n}::jsonb->>'${c}' ELSE ${c} END`,
    ),
    `care_contact_id = ${SOURCE_CARE_CONTACT(n)}`,
  ].join(',\n   ');

/**
 * The source record's care contact (parameter n) when it is one of the note's current patient,
 * else the note's own. A conflict's source record is stored while the note is in the record it
 * came with; a note moved since (helsepersonelloven § 44) must not take the wrong patient's
 * encounter back when the conflict is resolved (found in review s38), as the import does not
 * (writer.ts: `t.patient_id = EXCLUDED.patient_id`). Inside a statement over journal.journal_entry.
 */
const SOURCE_CARE_CONTACT = (n: number) =>
  `CASE WHEN $${n}::jsonb ? 'care_contact_id'
             AND ($${n}::jsonb->>'care_contact_id' IS NULL
                  OR EXISTS (SELECT 1 FROM journal.care_contact k
                              WHERE k.id = $${n}::jsonb->>'care_contact_id' AND k.patient_id = journal_entry.patient_id))
        THEN $${n}::jsonb->>'care_contact_id' ELSE care_contact_id END`;

/** Whether the source record's author or care contact differ from the note's (parameter n), when it holds them. */
const ATTRIBUTION_CHANGED = (n: number) =>
  `($${n}::jsonb ? 'author_name' AND (author_name, author_hpr, author_practitioner_id, care_contact_id) IS DISTINCT FROM
      ($${n}::jsonb->>'author_name', $${n}::jsonb->>'author_hpr', $${n}::jsonb->>'author_practitioner_id',
       ${SOURCE_CARE_CONTACT(n)}))`;

/**
 * An archivist's decision on a source conflict. KEEP_CORRECTION: the corrected text stays,
 * the source version's other fields (status, service, type, time, author, care contact) are
 * taken, and the same source version will not be flagged again; a service decision read from the
 * note stays as corrected. TAKE_SOURCE: the corrected text becomes a kept version and the source's version is
 * current (and searchable) again, and so is the service decision it gives (review s38).
 */
export async function resolveSourceConflict(
  db: Db,
  id: number,
  resolution: 'KEEP_CORRECTION' | 'TAKE_SOURCE',
  reason: string,
  userId: string,
): Promise<SourceConflictRow> {
  return db.transaction(async (tx) => {
    // Locks in the order of a deletion (deleteEntry) and of an import batch: the note's source
    // write steps first (lockNoteSources; TAKE_SOURCE writes the note's service decision, and the
    // import takes them before any row lock), then the note, then its conflict row. Found in
    // review s38: locking the conflict first deadlocked against a deletion of the same note (one
    // of the two an internal error). The conflict's note is read without a lock, and the state
    // checked again under it.
    const entryId = (
      await tx.query<{ entry_id: string }>('SELECT entry_id FROM journal.source_conflict WHERE id = $1', [id])
    ).rows[0]?.entry_id;
    if (!entryId) throw notFound(`source conflict ${id}`);
    await lockNoteSources(tx, entryId);
    const e = await lockEntry(tx, entryId);
    const c = (await tx.query<SourceConflictRow>(`${CONFLICT_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]))
      .rows[0];
    if (!c) throw notFound(`source conflict ${id}`);
    if (c.resolved_at) throw conflict(`source conflict ${id} was already resolved (${c.resolution})`);
    if (e.deleted_at) throw conflict('the note was deleted');
    if (resolution === 'KEEP_CORRECTION') {
      // The correction concerned the text; the source's other fields (status, e.g.
      // entered-in-error, service, type, time, what it replaces) still apply. When any of
      // them changes, the version before is kept like every other change.
      const s = c.source_record;
      const changed = (
        await tx.query<{ changed: boolean }>(
          `SELECT (coalesce($2, entry_type) IS DISTINCT FROM entry_type OR $3::text IS DISTINCT FROM service
                   OR coalesce($4::timestamptz, written_at) IS DISTINCT FROM written_at
                   OR coalesce($5, status) IS DISTINCT FROM status
                   OR $6::text IS DISTINCT FROM replaces_source_id
                   OR ($7::jsonb ? 'amended' AND (care_start, care_end, amended) IS DISTINCT FROM
                       (($7::jsonb->>'care_start')::timestamptz, ($7::jsonb->>'care_end')::timestamptz, ($7::jsonb->>'amended')::boolean))
                   OR ($7::jsonb ? 'time_notes' AND time_notes IS DISTINCT FROM
                       ARRAY(SELECT jsonb_array_elements_text($7::jsonb->'time_notes')))
                   OR ${ATTRIBUTION_CHANGED(7)}) AS changed
             FROM journal.journal_entry WHERE id = $1`,
          [
            e.id,
            s.entry_type ?? null,
            s.service ?? null,
            s.written_at ?? null,
            s.status ?? null,
            s.replaces_source_id ?? null,
            JSON.stringify(s),
          ],
        )
      ).rows[0]!.changed;
      if (changed) {
        await tx.query(
          `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields, time_notes)
           SELECT id, version, text, now(), $2, $3, 'conflict-resolution', ${VERSION_FIELDS('e')}, e.time_notes
             FROM journal.journal_entry e WHERE id = $1`,
          [e.id, userId, `${reason} (the source's other fields taken, the correction kept)`],
        );
        await tx.query(
          `UPDATE journal.journal_entry SET entry_type = coalesce($2, entry_type), service = $3,
                  written_at = coalesce($4::timestamptz, written_at), status = coalesce($5, status),
                  replaces_source_id = $6, version = version + 1, ${CARE_PERIOD_FROM_SOURCE(7)},
                  ${TIME_NOTES_FROM_SOURCE(7)}, ${ATTRIBUTION_FROM_SOURCE(7)}
            WHERE id = $1`,
          [
            e.id,
            s.entry_type ?? null,
            s.service ?? null,
            s.written_at ?? null,
            s.status ?? null,
            s.replaces_source_id ?? null,
            JSON.stringify(s),
          ],
        );
        // A removal until indexed, as a correction (the text or date changes here).
        await tx.query(
          `INSERT INTO journal.outbox (entity_type, entity_id, removal) VALUES ('journal_entry', $1, true)`,
          [e.id],
        );
      }
      await tx.query('UPDATE journal.journal_entry SET content_hash = $2, updated_at = now() WHERE id = $1', [
        e.id,
        c.source_hash,
      ]);
    } else {
      await tx.query(
        `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields, time_notes)
         SELECT id, version, text, now(), $2, $3, 'conflict-resolution', ${VERSION_FIELDS('e')}, e.time_notes
           FROM journal.journal_entry e WHERE id = $1`,
        [e.id, userId, reason],
      );
      const s = c.source_record;
      await tx.query(
        `UPDATE journal.journal_entry SET text = $2, entry_type = coalesce($3, entry_type), service = $4,
                written_at = coalesce($5::timestamptz, written_at), status = coalesce($6, status), replaces_source_id = $7,
                correction_reason = $8, content_hash = $9, text_origin = 'source', version = version + 1, updated_at = now(),
                ${CARE_PERIOD_FROM_SOURCE(10)}, ${TIME_NOTES_FROM_SOURCE(10)}, ${ATTRIBUTION_FROM_SOURCE(10)}
          WHERE id = $1`,
        [
          e.id,
          s.text ?? null,
          s.entry_type ?? null,
          s.service ?? null,
          s.written_at ?? null,
          s.status ?? null,
          s.replaces_source_id ?? null,
          s.correction_reason ?? null,
          c.source_hash,
          JSON.stringify(s),
        ],
      );
      // A removal until indexed, as a correction: the corrected text goes for the source's.
      await tx.query(
        `INSERT INTO journal.outbox (entity_type, entity_id, removal) VALUES ('journal_entry', $1, true)`,
        [e.id],
      );
      // The note's service decision (an HP Vedtak) follows the version taken (helsepersonelloven
      // § 42; review s38): the decision the source's version gives, waiting in the conflict; for a
      // conflict with none waiting (stored before migration 027), its words read from the text.
      const why = `source conflict ${id} resolved, the source's version taken: ${reason}`;
      if (c.decision_record) await writeWaitingDecision(tx, c.decision_record, e.patient_id, userId, why);
      // Its outcome basis says the source's version was taken, not that the note was corrected
      // here (second review s38: it said "corrected here (helsepersonelloven § 42)").
      else if (s.text != null)
        await correctDecisionWords(tx, e.id, s.text, userId, why, OUTCOME_NOT_READ_SOURCE);
    }
    return (
      await tx.query<SourceConflictRow>(
        `WITH u AS (
           UPDATE journal.source_conflict SET resolution = $2, resolved_by = $3, resolved_at = now(), resolution_reason = $4
            WHERE id = $1 RETURNING *)
         SELECT u.*, e.patient_id FROM u JOIN journal.journal_entry e ON e.id = u.entry_id`,
        [id, resolution === 'KEEP_CORRECTION' ? 'kept-correction' : 'took-source', userId, reason],
      )
    ).rows[0]!;
  });
}

/**
 * Patient records that are probably one person, for an archivist to link: a source record
 * whose national id changed on import where the import could not tell it was the same person
 * (journal.identity_change, migration 010), and records of the same name and birth date, not
 * both with the same national id. Neither once the two were linked, or linked and unlinked:
 * an unlink is an archivist's decision that they are two persons (an unlinked pair of the same
 * name was listed again, found in review). A pair both rules find is listed once, with the
 * first reason.
 */
export async function duplicateCandidates(
  db: Queryable,
  limit: number,
): Promise<{ a: string; b: string; reason: string }[]> {
  return (
    await db.query<{ a: string; b: string; reason: string }>(
      `SELECT a, b, reason FROM (
         SELECT DISTINCT ON (a, b) a, b, reason FROM (
           SELECT least(c.old_patient_id, c.new_patient_id) AS a, greatest(c.old_patient_id, c.new_patient_id) AS b,
                  c.source_system || ' ' || c.local_id ||
                  ' changed its national id on import: a corrected fødselsnummer, or another person''s number' AS reason,
                  0 AS rank
             FROM journal.identity_change c
            WHERE NOT EXISTS (SELECT 1 FROM journal.patient_link l
                               WHERE l.patient_a = least(c.old_patient_id, c.new_patient_id)
                                 AND l.patient_b = greatest(c.old_patient_id, c.new_patient_id))
           UNION ALL
           SELECT a.id, b.id,
                  'same name and birth date; ' ||
                  CASE WHEN a.national_id IS NULL OR b.national_id IS NULL THEN 'one has no national id' ELSE 'different national ids' END,
                  1
             FROM journal.patient a
             JOIN journal.patient b ON a.id < b.id AND a.birth_date = b.birth_date
              AND lower(a.family_name) = lower(b.family_name) AND lower(a.given_name) = lower(b.given_name)
            WHERE NOT EXISTS (SELECT 1 FROM journal.patient_link l WHERE l.patient_a = a.id AND l.patient_b = b.id)
         ) c ORDER BY a, b, rank
       ) d ORDER BY a, b LIMIT $1`,
      [limit],
    )
  ).rows;
}

async function requirePatients(tx: Queryable, a: string, b: string): Promise<[string, string]> {
  if (a === b)
    throw new GraphQLError('a patient cannot be linked to itself', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  const found = (
    await tx.query<{ id: string }>('SELECT id FROM journal.patient WHERE id = ANY($1::text[])', [[a, b]])
  ).rows.map((r) => r.id);
  for (const id of [a, b]) if (!found.includes(id)) throw notFound(`patient ${id}`);
  return a < b ? [a, b] : [b, a];
}

/**
 * The persons of `ids` (every record linked to them, personGroups), each record's advisory
 * transaction lock taken (lib/person-lock.ts), until the group read after the locks is the group locked.
 * Taken by linkPatients, unlinkPatients, choosePersonDetail of a birth date and an import that
 * may link records or fill a birth date or national id (import/writer.ts lockPatientPersons)
 * first, before they read the persons' birth dates (and before any row lock), so that two of them
 * on overlapping persons run one after the other and the second reads the person the first made
 * (pasientjournalloven § 22, helseforskningsloven § 33: the notes are aged by the person's birth
 * date; found in stop 45: link(A,C) and link(B,C) committing at once each read the persons before
 * the other's link, and a record whose age only the two links together changed was announced by
 * neither, its notes keeping their old age in the index).
 *
 * Every lock is taken in sorted order (stop 46): a record met in a later round (linked by a
 * transaction that committed while this one waited) that sorts after every lock held is taken
 * next; one that sorts before a lock held is not waited for out of order: the locks are given up
 * (ROLLBACK TO the savepoint taken before the first, which releases advisory transaction locks)
 * and the whole group is taken again in sorted order. Every wait is then for a key greater than
 * all the waiter holds, so holders never wait for each other in a circle: three links on one
 * person at once run one after the other (before, one was failed by PostgreSQL as "deadlock
 * detected" and the archivist had to repeat it; test/journal-nolost-s46.e2e.test.ts). Only this
 * function's reads and locks follow the savepoint: giving them up undoes nothing of the caller's
 * (an import batch keeps the source locks it took before).
 */
export async function lockPersons(tx: Queryable, ids: readonly string[]): Promise<void> {
  const savepoint = 'helsespor_person_locks';
  await tx.query(`SAVEPOINT ${savepoint}`);
  let held: string[] = [];
  for (let round = 0; round < 10; round++) {
    const groups = await personGroups(tx, [...ids]);
    const members = [...new Set([...ids, ...[...groups.values()].flat(), ...held])].sort();
    const fresh = members.filter((m) => !held.includes(m));
    if (!fresh.length) break;
    // A record to take that sorts before one held: start again, every lock in order.
    if (held.length && fresh[0]! < held[held.length - 1]!) {
      await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      held = [];
    }
    for (const m of members.filter((x) => !held.includes(x))) {
      await lockPatientRecord(tx, m);
      held.push(m);
    }
  }
  await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
}

export async function linkPatients(
  db: Db,
  a: string,
  b: string,
  reason: string,
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [x, y] = await requirePatients(tx, a, b);
    // The persons' links held until commit: another link or unlink of them waits (lockPersons).
    await lockPersons(tx, [x, y]);
    // The two persons become one, aged by one birth date: the notes whose age changes are indexed again.
    const before = await personBirthDates(tx, [x, y]);
    // And the access-request cases filed under their records carry the one person (task s46).
    await queueRequestCasesOfRecords(tx, [...new Set([...(await personGroups(tx, [x, y])).values()].flat())]);
    const r = await tx.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [x, y, userId, reason],
    );
    if (r.rowCount === 0) throw conflict('these patient records are already linked');
    await announceAgeChanges(tx, before);
  });
}

/**
 * Undoes a link. Refused while the person is held (a live legal hold or an open complaint
 * matter over any of their records; lib/policy/legal-hold.ts, tvisteloven § 26-5 and
 * helsepersonelloven § 43): a hold reaches linked records through the link, so an unlink
 * would take a record out of the hold and let it be deleted. Lift the hold first (recorded).
 */
export async function unlinkPatients(
  db: Db,
  a: string,
  b: string,
  reason: string,
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [x, y] = await requirePatients(tx, a, b);
    // As linkPatients: another link or unlink of these persons waits, and this one reads theirs.
    await lockPersons(tx, [x, y]);
    const group = (await personGroups(tx, [x])).get(x) ?? [x];
    const nationalIds = (
      await tx.query<{ national_id: string }>(
        'SELECT DISTINCT national_id FROM journal.patient WHERE id = ANY($1::text[]) AND national_id IS NOT NULL',
        [[...new Set([...group, y])]],
      )
    ).rows.map((r) => r.national_id);
    const holds = await deletionHolds(
      tx,
      { patientIds: [...new Set([...group, y])], nationalIds },
      { inTransaction: true },
    );
    if (holds.length)
      throw conflict(`unlink refused while the person is held: ${holds.map((h) => h.reason).join('; ')}`);
    // Each person after the unlink is aged by their own birth date (the choices undone below
    // included): the notes whose age changes are indexed again.
    const before = await personBirthDates(tx, [x, y]);
    // The access-request cases filed under either person's records carry each their own person now
    // (pasientjournalloven § 22 with pasientjournalforskriften § 14; archive outbox.ts
    // caseSubjectSql): their search documents are indexed again (task s46).
    await queueRequestCasesOfRecords(tx, [...new Set([...group, y])]);
    const r = await tx.query(
      `UPDATE journal.patient_link SET unlinked_at = now(), unlinked_by = $3, unlink_reason = $4
        WHERE patient_a = $1 AND patient_b = $2 AND unlinked_at IS NULL`,
      [x, y, userId, reason],
    );
    if (r.rowCount === 0) throw conflict('these patient records are not linked');
    await undoChoicesOfLink(tx, [x, y], userId);
    await announceAgeChanges(tx, before);
  });
}

/** A detail of a person an archivist chooses from a source's statement (choosePersonDetail). */
export type PersonDetailField = 'NAME' | 'BIRTH_DATE';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Which source's name or birth date is the person's (pasientjournalloven § 22, integritet;
 * stop 42): an import fills a missing value and never replaces one stored (import/writer.ts
 * writePatients), and keeps what each source says (patient_identity.source_details, migration
 * 029), so the choice is an archivist's. The patient takes the value the chosen source record
 * of this patient states; the row before is kept in record_version (the trigger of migration
 * 009, with the archivist and the reason: nothing overwritten), and the choice is recorded
 * (journal.patient_detail_choice, migration 031). A later import does not undo it: it never
 * replaces a stored name or birth date. A birth date chosen re-indexes the notes whose age it
 * changes: the notes of every record of the person when it changes the person's birth date (the
 * first of their records, by id, that states one: outbox.ts personBirthDates; their search
 * documents carry the age), none when another record states the person's. The source record may be this patient record's or that of a
 * record linked to it as the same person (journal.patient_link, not unlinked; personGroups): the
 * person's details are chosen among what every source of the person states, as an archivist
 * sees them beside the record (Patient.linkedPatients { patient { identities } }). Stop 43: a
 * linked record's source record was refused as "not a source record of patient …". A choice
 * from a linked record's statement depends on the link (named_patient_id, migration 032):
 * unlinkPatients undoes it. Refused: a source record of no record of the person, a statement
 * that gives no such value (or none kept), and a statement that names another person (another
 * national id, or another person's H-nummer: Patient.identities withholds it) unless an
 * archivist has linked that person's record to this one. Returns the record whose statement was
 * chosen when it is another than the patient's (logged under it too).
 */
export async function choosePersonDetail(
  db: Db,
  a: { patientId: string; field: PersonDetailField; sourceSystem: string; localId: string; reason: string },
  userId: string,
): Promise<{ namedPatientId: string | null }> {
  return db.transaction(async (tx) => {
    // A birth date ages the person's notes: a link or unlink of the person waits for the choice,
    // and reads the birth date it chose (lockPersons; stop 45: a record linked meanwhile had its
    // notes indexed with the birth date before the choice, announced by neither).
    if (a.field === 'BIRTH_DATE') await lockPersons(tx, [a.patientId]);
    // The person: this record and those linked to it (pasientjournalloven § 22), their links held
    // until the choice is recorded, before the patient's row (the order of unlinkPatients).
    const group = await lockPersonLinks(tx, a.patientId);
    // The ages of the person's notes before the choice (announceAgeChanges below).
    const before = a.field === 'BIRTH_DATE' ? await personBirthDates(tx, group) : null;
    const p = (
      await tx.query<{
        family_name: string;
        given_name: string;
        birth_date: string | null;
        national_id: string | null;
      }>(
        `SELECT family_name, given_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, national_id
           FROM journal.patient WHERE id = $1 FOR UPDATE`,
        [a.patientId],
      )
    ).rows[0];
    if (!p) throw notFound(`patient ${a.patientId}`);
    const i = (
      await tx.query<{ details: Record<string, unknown> | null; other: string | null; record: string }>(
        `SELECT i.source_details AS details, i.patient_id AS record,
                CASE WHEN i.source_details ->> 'nationalId' IS NOT NULL
                      AND i.source_details ->> 'nationalId' IS DISTINCT FROM p.national_id
                     THEN coalesce((SELECT q.id FROM journal.patient q WHERE q.national_id = i.source_details ->> 'nationalId'
                                     ORDER BY q.id LIMIT 1), 'national id ' || (i.source_details ->> 'nationalId'))
                     WHEN i.source_details ->> 'nationalId' IS NULL AND i.source_details ->> 'helpNumber' IS NOT NULL
                      AND CASE WHEN i.stated_patient_id IS NOT NULL THEN i.stated_patient_id <> i.patient_id
                               ELSE p.national_id IS NOT NULL OR p.help_number IS DISTINCT FROM i.source_details ->> 'helpNumber' END
                     THEN coalesce(i.stated_patient_id, 'H-nummer ' || (i.source_details ->> 'helpNumber')) END AS other
           FROM journal.patient_identity i JOIN journal.patient p ON p.id = i.patient_id
          WHERE i.source_system = $1 AND i.local_id = $2 AND i.patient_id = ANY($3::text[])`,
        [a.sourceSystem, a.localId, group],
      )
    ).rows[0];
    if (!i) {
      const own = (
        await tx.query<{ k: string }>(
          `SELECT source_system || ' ' || local_id AS k FROM journal.patient_identity WHERE patient_id = ANY($1::text[]) ORDER BY 1`,
          [group],
        )
      ).rows.map((r) => r.k);
      throw badInput(
        `${a.sourceSystem} ${a.localId} is not a source record of patient ${a.patientId} nor of a record linked to it; the person's source records: ${own.join(', ') || 'none'}`,
      );
    }
    if (!i.details)
      throw badInput(
        `${a.sourceSystem} ${a.localId} has no statement kept (not imported since journal migration 029): import its export again first`,
      );
    if (i.other) {
      if (!group.includes(i.other))
        throw conflict(
          `the statement of ${a.sourceSystem} ${a.localId} names another person (${i.other.startsWith('pat-') ? `patient ${i.other}` : i.other}): it is not this person's to choose; link the two records first if they are one person`,
        );
    }
    const d = i.details as { familyName?: string; givenName?: string; birthDate?: string | null };
    const name = (f: string, g: string) => `${f}, ${g}`;
    let previous: Record<string, unknown>;
    let chosen: Record<string, unknown>;
    let set: string;
    let values: unknown[];
    if (a.field === 'NAME') {
      const family = d.familyName ?? '';
      const given = d.givenName ?? '';
      if (!family && !given) throw badInput(`the statement of ${a.sourceSystem} ${a.localId} gives no name`);
      previous = {
        familyName: p.family_name,
        givenName: p.given_name,
        text: name(p.family_name, p.given_name),
      };
      chosen = { familyName: family, givenName: given, text: name(family, given) };
      set = 'family_name = $2, given_name = $3';
      values = [family, given];
    } else {
      if (!d.birthDate) throw badInput(`the statement of ${a.sourceSystem} ${a.localId} gives no birth date`);
      previous = { birthDate: p.birth_date, text: p.birth_date };
      chosen = { birthDate: d.birthDate, text: d.birthDate };
      set = 'birth_date = $2::date';
      values = [d.birthDate];
    }
    const why = `choosePersonDetail ${a.field} from ${a.sourceSystem} ${a.localId}: ${a.reason}`;
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
      [userId, why],
    );
    const changed = await tx.query(
      `UPDATE journal.patient SET ${set}, updated_at = now()
        WHERE id = $1 AND (${a.field === 'NAME' ? '(family_name, given_name) IS DISTINCT FROM ($2, $3)' : 'birth_date IS DISTINCT FROM $2::date'})`,
      [a.patientId, ...values],
    );
    await tx.query(
      `SELECT set_config('helsespor.changed_by', '', true), set_config('helsespor.change_reason', '', true)`,
    );
    // A birth date chosen for the record that gives the person theirs re-ages the notes of every
    // record of the person (personBirthDates); for another record, none (stop 44).
    if (changed.rowCount && before) await announceAgeChanges(tx, before);
    // The linked record the chosen statement is of, or names (migration 032): unlinking it undoes
    // the choice. None when the statement is this record's own and names it, or names this record.
    const named = i.other
      ? i.other === a.patientId
        ? null
        : i.other
      : i.record === a.patientId
        ? null
        : i.record;
    await tx.query(
      `INSERT INTO journal.patient_detail_choice (patient_id, field, source_system, local_id, previous, chosen, chosen_by, reason, named_patient_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.patientId,
        a.field,
        a.sourceSystem,
        a.localId,
        JSON.stringify(previous),
        JSON.stringify(chosen),
        userId,
        a.reason,
        named,
      ],
    );
    return { namedPatientId: named };
  });
}

/**
 * A record's person group (personGroups), its links locked FOR SHARE until the transaction ends:
 * a choice made from a linked record's statement depends on the link (migration 032), and an
 * unlinkPatients committed between reading the group and recording the choice found no choice to
 * undo, so the record kept the other person's name or birth date (stop 43). An unlink now waits
 * for the choice and then undoes it; one committed first is seen here (the group is read again
 * after the lock, until every link followed is held). Taken before the patient's row, as
 * unlinkPatients updates the link before the patient rows it restores: no deadlock between them.
 */
async function lockPersonLinks(tx: Queryable, patientId: string): Promise<string[]> {
  let group = [patientId];
  for (let i = 0; i < 10; i++) {
    const before = (await personGroups(tx, [patientId])).get(patientId) ?? [patientId];
    await tx.query(
      `SELECT 1 FROM journal.patient_link
        WHERE unlinked_at IS NULL AND (patient_a = ANY($1::text[]) OR patient_b = ANY($1::text[]))
        FOR SHARE`,
      [before],
    );
    group = (await personGroups(tx, [patientId])).get(patientId) ?? [patientId];
    if (group.every((m) => before.includes(m))) return group;
  }
  return group;
}

/**
 * After an unlink: the choices of a name or birth date made from a statement that names a record
 * now of another person (migration 032) are undone (pasientjournalloven § 22, integritet; found
 * in review s42: the record kept the other person's name, which every reader of it saw). The
 * value before the choice is put back where the chosen one still stands (the row replaced kept
 * in record_version, replaced_by the archivist who unlinked); the undoing is recorded either way.
 */
async function undoChoicesOfLink(tx: Queryable, patients: readonly string[], userId: string): Promise<void> {
  const members = [...new Set([...(await personGroups(tx, [...patients])).values()].flat())];
  // Every member's own group after the unlink (review s43: only the two unlinked records' groups
  // were read, so a choice on a third record, still linked to the record it was chosen from, was
  // judged against a group of its own and undone).
  const groups = await personGroups(tx, members);
  type Detail = { familyName?: string; givenName?: string; birthDate?: string | null };
  const all = (
    await tx.query<{
      id: string;
      patient_id: string;
      field: PersonDetailField;
      named_patient_id: string | null;
      previous: Detail;
      chosen: Detail;
      undone: boolean;
    }>(
      `SELECT c.id, c.patient_id, c.field, c.named_patient_id, c.previous, c.chosen,
              EXISTS (SELECT 1 FROM journal.patient_detail_choice_undone u WHERE u.choice_id = c.id) AS undone
         FROM journal.patient_detail_choice c
        WHERE c.patient_id = ANY($1::text[])
        ORDER BY c.id DESC`,
      [members],
    )
  ).rows;
  const choices = all.filter(
    (c) =>
      !c.undone &&
      c.named_patient_id !== null &&
      !(groups.get(c.patient_id) ?? [c.patient_id]).includes(c.named_patient_id),
  );
  const undoneHere = new Set(choices.map((c) => c.id));
  const same = (f: PersonDetailField, x: Detail, y: Detail) =>
    f === 'NAME'
      ? x.familyName === y.familyName && x.givenName === y.givenName
      : (x.birthDate ?? null) === (y.birthDate ?? null);
  for (const c of choices) {
    // The value to put back: the one before the choice, unless that value was itself chosen by an
    // earlier choice now undone (review s43: a record linked to E and F, its name chosen from E's
    // statement and then from F's; E unlinked, then F: the second undo put E's name back, a person
    // no longer linked). Walked back to a value no undone choice put there.
    let previous = c.previous;
    for (const e of all) {
      if (Number(e.id) >= Number(c.id) || e.patient_id !== c.patient_id || e.field !== c.field) continue;
      if (!same(c.field, e.chosen, previous)) continue;
      if (!e.undone && !undoneHere.has(e.id)) break;
      previous = e.previous;
    }
    c.previous = previous;
    const why = `unlinkPatients: the ${c.field === 'NAME' ? 'name' : 'birth date'} chosen from a statement naming ${c.named_patient_id}, no longer this person's record`;
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
      [userId, why],
    );
    const restored =
      c.field === 'NAME'
        ? await tx.query(
            `UPDATE journal.patient SET family_name = $2, given_name = $3, updated_at = now()
              WHERE id = $1 AND (family_name, given_name) = ($4, $5)`,
            [
              c.patient_id,
              c.previous.familyName,
              c.previous.givenName,
              c.chosen.familyName,
              c.chosen.givenName,
            ],
          )
        : await tx.query(
            `UPDATE journal.patient SET birth_date = $2::date, updated_at = now()
              WHERE id = $1 AND birth_date IS NOT DISTINCT FROM $3::date`,
            [c.patient_id, c.previous.birthDate ?? null, c.chosen.birthDate ?? null],
          );
    await tx.query(
      `SELECT set_config('helsespor.changed_by', '', true), set_config('helsespor.change_reason', '', true)`,
    );
    await tx.query(
      `INSERT INTO journal.patient_detail_choice_undone (choice_id, undone_by, reason, restored) VALUES ($1, $2, $3, $4)`,
      [c.id, userId, why, (restored.rowCount ?? 0) > 0],
    );
  }
}
