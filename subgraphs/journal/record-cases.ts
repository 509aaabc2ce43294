/**
 * Retting og sletting: corrections, deletions and moves of journal notes as cases. Each
 * rule names its source; the tests in test/record-law.e2e.test.ts carry the same names.
 *
 * **Who decides, who may ask** (helsepersonelloven § 39 andre ledd; Helsedirektoratet's
 * commentary to §§ 42 and 43: "I helseinstitusjon besluttes retting/sletting av
 * journalansvarlig", where practicable together with the health personnel who wrote it):
 * the role `journalansvarlig` decides (`decideRecordCase`, and `correctJournalEntry` /
 * `deleteJournalEntry`, which register and decide in one step). A case is registered by an
 * archivist or the journalansvarlig (`registerRecordCase`), recording who asked: the
 * patient ("den opplysningen gjelder"), a representative, another person the note is about
 * (MENTIONED_PERSON: § 43 lets "den opplysningene gjelder" ask), or health personnel on
 * their own initiative ("av eget tiltak").
 *
 * **Correction** (helsepersonelloven § 42, with pasient- og brukerrettighetsloven § 5-2 and
 * personvernforordningen art. 16): "Helsepersonell som nevnt i § 39 skal etter krav fra den
 * opplysningen gjelder, eller av eget tiltak, rette uriktige eller ufullstendige
 * opplysninger … også rettes dersom de er utilbørlige. Retting skal skje ved at journalen
 * føres på nytt, eller ved at en datert rettelse tilføyes i journalen. Retting skal ikke
 * skje ved at opplysninger eller utsagn slettes." Hence the corrected text is a new
 * version and the earlier text stays (`entry_version`, change `correction`). Second
 * paragraph: "Dersom et krav om retting avslås, skal kravet om retting og begrunnelse for
 * avslaget nedtegnes i journalen. Avslag på krav om retting kan påklages til
 * [Statsforvalteren], som avgjør om retting kan foretas." A refused case stays on the note
 * (`JournalEntry.recordCases`) with the claim, the reasons and the appeal route.
 *
 * **Deletion** (helsepersonelloven § 43 første ledd): "Etter krav fra den
 * journalopplysningene gjelder, eller av eget tiltak, skal helsepersonell som nevnt i § 39
 * slette opplysninger eller utsagn i journalen, dersom dette er ubetenkelig ut fra
 * allmenne hensyn og ikke strider mot bestemmelsene i eller i medhold av arkivloven §§ 9
 * og 18 og: 1. opplysningene er feilaktige eller misvisende og føles belastende for den de
 * gjelder eller 2. opplysningene åpenbart ikke er nødvendige for å gi pasienten helsehjelp."
 * The quote is § 43 as it reads with the 1992 archive act, whose § 9 forbade discarding archive
 * material without the Riksarkivar's consent and § 18 its export. From 1 January 2026 the archive
 * act is LOV-2025-06-20-96 (arkivlova), whose § 13 (kassasjon) and § 11 (utførsle) carry those
 * rules on; `archiveLawAllows` is the assessment under whichever of them governs the material.
 * The conditions are cumulative (Helsedirektoratet's commentary): a DONE deletion needs the
 * assessment `generallyUnobjectionable` AND `archiveLawAllows` AND (`wrongOrMisleadingAndBurdensome`
 * OR `obviouslyNotNeededForCare`); otherwise it is refused as bad input naming the
 * condition that fails. A refusal is recorded with the reasons and may be appealed to
 * Statsforvalteren (§ 43 andre og tredje ledd, which also has Statsforvalteren obtain
 * Datatilsynet's statement; pbrl. § 7-2, four weeks, pbrl. § 7-5).
 *
 * **A record on the wrong person** (helsepersonelloven § 44): "Etter krav fra den
 * opplysningene gjelder, eller av eget tiltak, skal helsepersonell som nevnt i § 39 slette
 * journal, eller opplysninger eller utsagn i en journal, som er ført på feil person, med
 * mindre allmenne hensyn tilsier at sletting ikke bør foretas. Reglene i § 43 annet til
 * fjerde ledd gjelder tilsvarende." (Not, as once assumed here, a deletion ordered by
 * Helsetilsynet.) DONE needs `wrongPerson` and not `publicInterestAgainst` (the commentary's
 * example: documentation needed to act against the health personnel who made the error).
 * When the right patient is known the note is **moved** there rather than lost
 * (`rightPatientId`): it keeps its id, text and versions, the move is a kept version
 * (change `move`), and `journal.entry_move` keeps the movement on both sides — the wrong
 * patient's record shows that a note left it (no text, not naming the other patient); the
 * search index follows through the outbox. Without a right patient the note is deleted.
 * What was read from the note goes with it (an HP Vedtak's service decision), and so does a
 * later source version of it the import brings under the wrong patient (import/writer.ts
 * step 3a). A source export that files a stored note under another patient is the source's
 * own § 44 correction: the import registers a case for the journalansvarlig ("av eget tiltak",
 * asked by health personnel) instead of moving the note itself or ignoring it
 * (registerSourcePatientChange). That case is the source's request and lasts as long as the
 * source makes it: when a later export files the note under its stored patient again, or under
 * yet another patient, the import withdraws it (status WITHDRAWN, by `import`, with the reason;
 * withdrawSourcePatientChanges), so it can no longer move the note to a patient the source no
 * longer names; one open request per note, the source's latest (found in review s30).
 *
 * **A correction over a newer source version** (helsepersonelloven § 42; pasientjournalloven
 * § 22, the record complete and its changes traceable): the corrected text of a case is asked
 * for, and written, over the note as it stood when the case was registered; the case keeps
 * that version (`entry_version`, migration 011). When the source has since sent a newer text
 * (an import, or an archivist taking the source's version of a conflict), deciding the
 * correction DONE still corrects the note — the patient's claim is decided, and the newer text
 * is kept as a version as every replaced text is — but the source's newer version does not
 * silently go: it waits as an open source conflict (`sourceConflicts`, `SourceConflict.caseId`
 * naming this case), as when the import comes after a correction. The archivist sees the
 * source's text (`sourceText`) beside the correction (`currentText`) and keeps the correction
 * or takes the source's version (`resolveSourceConflict`); to have both, a new correction case
 * over the current text. The decision's `decided` event says so. Should that source version
 * already have been decided on by an archivist (kept or taken), the decision is refused
 * (CONFLICT): the case is to be asked anew over the current text. (Found in review s30: the
 * proposed text replaced the newer source text unannounced, and the content hash, still the
 * source's, kept any later import from raising a conflict.)
 *
 * **A correction over another correction** (helsepersonelloven § 42: "Retting skal ikke skje
 * ved at opplysninger eller utsagn slettes" — a correction must not hide what it corrects, and
 * the one who decides it must know the text it replaces): a case asked for over a text that
 * another case has corrected since it was registered is not decided over that correction.
 * Deciding it DONE is refused (CONFLICT, `extensions.correctedByCase` naming the other case):
 * "the note was corrected by record case X since record case Y was registered; register the
 * correction anew over the current text". Nothing is written and the case stays open; the
 * journalansvarlig refuses it with reasons, and a case registered anew over the current text
 * (which both the patient's claim and the other correction can be weighed against) is decided.
 * As for a source version an archivist has already decided on, above. (Found in review s30:
 * the later decision replaced the other correction without a word; kept as a version, but no
 * one had weighed it.)
 *
 * **A note moved since the case was registered** (helsepersonelloven §§ 43, 44): a case is asked
 * over the note in the record it was then in (`patient_id`): § 43 lets "den journalopplysningene
 * gjelder" ask for a deletion, and § 44 moves a note out of a record that is not the patient's.
 * When another case has since moved the note (§ 44) into another patient's record, deciding the
 * case DONE is refused (CONFLICT; nothing is written, the case stays open, the refusal is a
 * `blocked` event on it, as for the holds below): "the note was moved to another patient's
 * record (record case X) since record case Y was registered over it …; refuse it, and register
 * it anew over the note where it is now". A deletion would otherwise delete the other patient's
 * note on the first patient's request, and a second move would move it on from a record the
 * case never named. A move whose right patient has become the same person as the record's (a
 * link made since) is refused the same way. (Found in review s38: patient A's § 43 deletion
 * deleted the note in patient B's record; a second move case moved it on from B to C; one to B
 * again was an internal error.)
 *
 * **Nothing stops a correction; some things stop a deletion**: while the patient (any
 * linked record, any national id) is under a legal hold or has an open complaint matter
 * (lib/policy/legal-hold.ts `deletionHolds`), or has an open access request
 * (subgraphs/archive/open-requests.ts), a DONE deletion is refused with the reason
 * (CONFLICT), the refusal is a `blocked` event on the case, and the case stays open. The
 * requester of an access request is owed the record as it stood (pbrl. § 5-1), and while
 * records are held for a matter or a complaint, deletion is not "ubetenkelig ut fra
 * allmenne hensyn" (§ 43 første ledd). A move deletes nothing and is not stopped.
 *
 * **Notice to earlier recipients** (personvernforordningen art. 19: the controller shall
 * communicate any rectification or erasure to each recipient to whom the data have been
 * disclosed): a DONE decision lists everyone the access log shows had read the note
 * (journal reads, search hits, exports logged as `cli:<user>`), with role, purpose, matter,
 * first and last read, except the decider. Evidence bundles and other transfers are in the
 * same log when their commands log their reads (README "Access log").
 */
import { GraphQLError } from 'graphql';
import type { Db, Queryable } from '../../lib/db';
import { log } from '../../lib/log';
import { deletionHolds } from '../../lib/policy/legal-hold';
import { openAccessRequestsFor } from '../archive/open-requests';
import { correctEntry, deleteEntry, lockEntry, lockNoteSources } from './mutations';
import { personGroups, VERSION_FIELDS, type JournalEntryRow } from './store';

export const CASE_KINDS = ['CORRECTION', 'DELETION', 'MOVE'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const GROUNDS = ['HPL_42', 'HPL_43', 'HPL_44'] as const;
export type Ground = (typeof GROUNDS)[number];
export const REQUESTERS = ['PATIENT', 'REPRESENTATIVE', 'MENTIONED_PERSON', 'HEALTH_PERSONNEL'] as const;
export type Requester = (typeof REQUESTERS)[number];
export type Decision = 'DONE' | 'REFUSED';

/** The legal source of each ground, as cited in tombstones and decisions. */
export const GROUND_SOURCE: Record<Ground, string> = {
  HPL_42: 'helsepersonelloven § 42',
  HPL_43: 'helsepersonelloven § 43',
  HPL_44: 'helsepersonelloven § 44',
};

/** The appeal route a refusal names (hpl. § 42 andre ledd, § 43 andre–tredje ledd, § 44 andre punktum; pbrl. §§ 5-2, 7-2, 7-5). */
export const APPEAL_ROUTE: Record<Ground, string> = {
  HPL_42:
    'Avslaget kan påklages til Statsforvalteren, som avgjør om retting kan foretas (helsepersonelloven § 42 andre ledd; pasient- og brukerrettighetsloven §§ 5-2 og 7-2). Klagefrist fire uker (pbrl. § 7-5).',
  HPL_43:
    'Avslaget kan påklages til Statsforvalteren, som innhenter uttalelse fra Datatilsynet (helsepersonelloven § 43 andre og tredje ledd; pasient- og brukerrettighetsloven §§ 5-2 og 7-2). Klagefrist fire uker (pbrl. § 7-5).',
  HPL_44:
    'Avslaget kan påklages til Statsforvalteren (helsepersonelloven § 44 jf. § 43 andre til fjerde ledd; pasient- og brukerrettighetsloven §§ 5-2 og 7-2). Klagefrist fire uker (pbrl. § 7-5).',
};

export interface Assessment {
  /** § 43 første ledd: "ubetenkelig ut fra allmenne hensyn". */
  generallyUnobjectionable?: boolean | null;
  /** § 43 første ledd: does not conflict with arkivloven §§ 9 og 18. */
  archiveLawAllows?: boolean | null;
  /** § 43 første ledd nr. 1: wrong or misleading, and felt as a burden by the person. */
  wrongOrMisleadingAndBurdensome?: boolean | null;
  /** § 43 første ledd nr. 2: obviously not needed to give the patient health care. */
  obviouslyNotNeededForCare?: boolean | null;
  /** § 44: the note was written on the wrong person. */
  wrongPerson?: boolean | null;
  /** § 44: "allmenne hensyn tilsier at sletting ikke bør foretas". */
  publicInterestAgainst?: boolean | null;
}

export interface NoticeRecipient {
  userId: string;
  role: string;
  purpose: string;
  matter: string | null;
  firstReadAt: string;
  lastReadAt: string;
  reads: number;
  source: 'access_log';
}

export interface RecordCaseRow {
  id: string;
  kind: CaseKind;
  ground: Ground;
  entry_id: string;
  patient_id: string;
  requested_by: Requester;
  requester_name: string | null;
  requester_relation: string | null;
  claim: string;
  proposed_text: string | null;
  right_patient_id: string | null;
  /** The note's version when the case was registered (migration 011). */
  entry_version: number;
  registered_by: string;
  registered_role: string;
  registered_at: Date;
  status: 'OPEN' | 'DONE' | 'REFUSED' | 'WITHDRAWN';
  decided_by: string | null;
  decided_at: Date | null;
  reasons: string | null;
  assessment: Assessment | null;
  appeal_route: string | null;
  notice_recipients: NoticeRecipient[];
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Date;
  by_user: string;
  event: 'registered' | 'blocked' | 'decided' | 'moved' | 'withdrawn';
  detail: string;
}

export interface EntryMoveRow {
  id: string;
  entry_id: string;
  from_patient_id: string;
  to_patient_id: string;
  case_id: string;
  moved_by: string;
  moved_at: Date;
  /** The moved note's date (dated_at): a caller limited in time sees the move only when the note is in their period. */
  entry_dated_at: Date;
}

export interface NewCase {
  entryId: string;
  ground: Ground;
  requestedBy: Requester;
  requesterName?: string | null;
  requesterRelation?: string | null;
  claim: string;
  proposedText?: string | null;
  rightPatientId?: string | null;
}

export interface Actor {
  userId: string;
  role: string;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'CONFLICT', ...extra } });

const CASE_SELECT = `SELECT id::text, kind, ground, entry_id, patient_id, requested_by, requester_name, requester_relation,
  claim, proposed_text, right_patient_id, entry_version, registered_by, registered_role, registered_at, status, decided_by, decided_at,
  reasons, assessment, appeal_route, notice_recipients FROM journal.record_case`;

/** The kind a ground gives: § 42 corrects, § 43 deletes, § 44 moves when the right patient is named. */
export function kindFor(ground: Ground, rightPatientId: string | null | undefined): CaseKind {
  if (ground === 'HPL_42') return 'CORRECTION';
  if (ground === 'HPL_44' && rightPatientId) return 'MOVE';
  return 'DELETION';
}

/** Checks a new case against its ground; returns the problem or null. */
export function caseProblem(c: NewCase): string | null {
  if (!c.claim.trim()) return 'claim (what is asked and why) is required';
  if (c.requestedBy !== 'HEALTH_PERSONNEL' && !c.requesterName?.trim())
    return `requesterName is required when the request comes from ${c.requestedBy}`;
  if (c.ground === 'HPL_42' && !c.proposedText?.trim())
    return 'helsepersonelloven § 42: a correction needs the corrected text (proposedText)';
  if (c.ground !== 'HPL_42' && c.proposedText) return 'proposedText belongs to a correction (HPL_42)';
  if (c.rightPatientId && c.ground !== 'HPL_44')
    return 'rightPatientId belongs to a note on the wrong person (helsepersonelloven § 44)';
  return null;
}

/**
 * The conditions of the ground that a DONE decision does not meet, as one line each
 * (hpl. § 43 første ledd, cumulative; § 44 første punktum). Empty: the decision may stand.
 */
export function unmetConditions(ground: Ground, a: Assessment | null | undefined): string[] {
  if (ground === 'HPL_42') return [];
  const x = a ?? {};
  const out: string[] = [];
  if (ground === 'HPL_43') {
    if (x.generallyUnobjectionable !== true)
      out.push('helsepersonelloven § 43 første ledd: deletion must be ubetenkelig ut fra allmenne hensyn');
    if (x.archiveLawAllows !== true)
      out.push('helsepersonelloven § 43 første ledd: deletion must not conflict with arkivloven §§ 9 og 18');
    if (x.wrongOrMisleadingAndBurdensome !== true && x.obviouslyNotNeededForCare !== true)
      out.push(
        'helsepersonelloven § 43 første ledd nr. 1 or 2: the information must be wrong or misleading and burdensome, or obviously not needed for the care',
      );
  } else {
    if (x.wrongPerson !== true)
      out.push('helsepersonelloven § 44: the note must have been written on the wrong person');
    if (x.publicInterestAgainst !== false)
      out.push('helsepersonelloven § 44: public interests (allmenne hensyn) must not speak against it');
  }
  return out;
}

async function event(
  db: Queryable,
  caseId: string,
  by: string,
  kind: CaseEventRow['event'],
  detail: string,
): Promise<void> {
  await db.query(
    'INSERT INTO journal.record_case_event (case_id, by_user, event, detail) VALUES ($1::bigint, $2, $3, $4)',
    [caseId, by, kind, detail],
  );
}

/**
 * A record case's id as a caller gives it: digits that fit `journal.record_case.id` (bigint).
 * Anything else is no case (BAD_USER_INPUT), checked before any `$1::bigint` (found in review
 * s38: "abc" or 20 digits reached the cast in decideCase and came back as an internal error).
 */
const CASE_ID = /^\d{1,15}$/;
const requireCaseId = (id: string): void => {
  if (!CASE_ID.test(id)) throw badInput('id must be a record case id');
};

async function loadCase(db: Queryable, id: string, lock = false): Promise<RecordCaseRow | null> {
  requireCaseId(id);
  return (
    (await db.query<RecordCaseRow>(`${CASE_SELECT} WHERE id = $1::bigint${lock ? ' FOR UPDATE' : ''}`, [id]))
      .rows[0] ?? null
  );
}

export async function recordCaseById(db: Queryable, id: string): Promise<RecordCaseRow | null> {
  return loadCase(db, id);
}

/** Cases, oldest first: of one person's records (any linked record) or all; open only unless asked. */
export async function listRecordCases(
  db: Queryable,
  f: { patientIds: readonly string[] | null; openOnly: boolean; first: number },
): Promise<RecordCaseRow[]> {
  return (
    await db.query<RecordCaseRow>(
      `${CASE_SELECT} WHERE ($1::text[] IS NULL OR patient_id = ANY($1) OR right_patient_id = ANY($1))
         AND (NOT $2 OR status = 'OPEN') ORDER BY registered_at, id LIMIT $3`,
      [f.patientIds, f.openOnly, f.first],
    )
  ).rows;
}

/** The cases of these notes, oldest first (a refusal is "nedtegnet i journalen", hpl. § 42 andre ledd). */
export async function casesByEntries(db: Queryable, ids: readonly string[]): Promise<RecordCaseRow[]> {
  return (
    await db.query<RecordCaseRow>(
      `${CASE_SELECT} WHERE entry_id = ANY($1::text[]) ORDER BY registered_at, id`,
      [ids],
    )
  ).rows;
}

export async function caseEvents(db: Queryable, caseIds: readonly string[]): Promise<CaseEventRow[]> {
  return (
    await db.query<CaseEventRow>(
      // By the event's number, not its text (`id::text` named `id` sorted "10" before "9").
      `SELECT e.id::text, e.case_id::text, e.at, e.by_user, e.event, e.detail FROM journal.record_case_event e
        WHERE e.case_id = ANY($1::bigint[]) ORDER BY e.id`,
      [caseIds],
    )
  ).rows;
}

/** Moves into or out of these patient records, oldest first. */
export async function movesOf(db: Queryable, patientIds: readonly string[]): Promise<EntryMoveRow[]> {
  return (
    await db.query<EntryMoveRow>(
      `SELECT m.id::text, m.entry_id, m.from_patient_id, m.to_patient_id, m.case_id::text, m.moved_by, m.moved_at,
              e.dated_at AS entry_dated_at
         FROM journal.entry_move m JOIN journal.journal_entry e ON e.id = m.entry_id
        WHERE m.from_patient_id = ANY($1::text[]) OR m.to_patient_id = ANY($1::text[]) ORDER BY m.moved_at, m.id`,
      [patientIds],
    )
  ).rows;
}

/** Registers a case (archivist or journalansvarlig). */
export async function registerCase(db: Db, c: NewCase, by: Actor): Promise<RecordCaseRow> {
  const problem = caseProblem(c);
  if (problem) throw badInput(problem);
  return db.transaction((tx) => insertCase(tx, c, by));
}

async function insertCase(tx: Queryable, c: NewCase, by: Actor): Promise<RecordCaseRow> {
  const e = (
    await tx.query<JournalEntryRow>('SELECT * FROM journal.journal_entry WHERE id = $1', [c.entryId])
  ).rows[0];
  if (!e) throw badInput(`journal entry ${c.entryId} not found`);
  if (e.deleted_at) throw conflict(`journal entry ${c.entryId} is deleted`);
  if (c.rightPatientId) {
    const p = (await tx.query('SELECT 1 FROM journal.patient WHERE id = $1', [c.rightPatientId])).rowCount;
    if (!p) throw badInput(`patient ${c.rightPatientId} not found`);
    const group = (await personGroups(tx, [e.patient_id])).get(e.patient_id) ?? [e.patient_id];
    if (group.includes(c.rightPatientId))
      throw badInput(
        'helsepersonelloven § 44: the right patient is the same person as the one whose record holds the note',
      );
  }
  const row = (
    await tx.query<RecordCaseRow>(
      `INSERT INTO journal.record_case (kind, ground, entry_id, patient_id, requested_by, requester_name, requester_relation,
              claim, proposed_text, right_patient_id, registered_by, registered_role, entry_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id::text`,
      [
        kindFor(c.ground, c.rightPatientId),
        c.ground,
        c.entryId,
        e.patient_id,
        c.requestedBy,
        c.requesterName?.trim() || null,
        c.requesterRelation?.trim() || null,
        c.claim.trim(),
        c.proposedText ?? null,
        c.rightPatientId ?? null,
        by.userId,
        by.role,
        e.version,
      ],
    )
  ).rows[0]!;
  await event(tx, row.id, by.userId, 'registered', `${GROUND_SOURCE[c.ground]}; asked by ${c.requestedBy}`);
  log.info(
    { recordCase: row.id, ground: c.ground, entry: c.entryId, requestedBy: c.requestedBy, by: by.userId },
    'record case registered',
  );
  return (await loadCase(tx, row.id))!;
}

/** Everyone the access log shows had read this note, except the decider (personvernforordningen art. 19). */
export async function noticeRecipients(
  db: Queryable,
  entryId: string,
  patientIds: readonly string[],
  except: string,
): Promise<NoticeRecipient[]> {
  const r = await db.query<{
    user_id: string;
    role: string;
    purpose: string;
    matter: string | null;
    first: Date;
    last: Date;
    n: number;
  }>(
    `SELECT user_id, role, purpose, matter, min(logged_at) AS first, max(logged_at) AS last, count(*)::int AS n
       FROM audit.access_log
      WHERE patient_id = ANY($1::text[]) AND outcome = 'granted'
        AND entity_type IN ('journal_entry', 'search_hit') AND $2 = ANY(entity_ids) AND user_id <> $3
      GROUP BY user_id, role, purpose, matter ORDER BY min(logged_at), user_id`,
    [patientIds, entryId, except],
  );
  return r.rows.map((x) => ({
    userId: x.user_id,
    role: x.role,
    purpose: x.purpose,
    matter: x.matter,
    firstReadAt: new Date(x.first).toISOString(),
    lastReadAt: new Date(x.last).toISOString(),
    reads: x.n,
    source: 'access_log',
  }));
}

/** Why deleting records of this patient is refused now (legal hold, open complaint, open access request). */
export async function deletionBlockers(
  db: Queryable,
  patientId: string,
  opts: { inTransaction?: boolean } = {},
): Promise<string[]> {
  // Inside the deleting transaction, before the person is read: a link to a held person's record
  // (patient_link) or an access request (pbrl. § 5-1) registered meanwhile either committed
  // before this and is seen, or waits until the deletion has committed (found in review s38:
  // neither was locked, so one committed during the deletion was missed). deletionHolds locks
  // the policy room's tables after these, always in this order.
  if (opts.inTransaction)
    await db.query('LOCK TABLE journal.patient_link, archive.access_request IN SHARE MODE');
  const group = (await personGroups(db, [patientId])).get(patientId) ?? [patientId];
  const nids = (
    await db.query<{ national_id: string }>(
      'SELECT DISTINCT national_id FROM journal.patient WHERE id = ANY($1::text[]) AND national_id IS NOT NULL',
      [group],
    )
  ).rows.map((r) => r.national_id);
  const person = { patientIds: group, nationalIds: nids };
  const holds = await deletionHolds(db, person, opts);
  const requests = await openAccessRequestsFor(db, person);
  return [
    ...holds.map((h) => h.reason),
    ...requests.map(
      (a) =>
        `the patient has an open access request (case ${a.mappeId}, received ${a.receivedOn}, due ${a.deadline}; pbrl. § 5-1)`,
    ),
  ];
}

/**
 * A moved note (§ 44) stays under the holds of the patients it was moved from: a hold keeps
 * the held person's record as it was (tvisteloven § 26-5; hpl. § 43: deletion is not
 * "ubetenkelig" while the record may be evidence), and a move followed by a deletion in the
 * right patient's record would otherwise take the note out of it.
 */
async function movedFromBlockers(
  tx: Queryable,
  entryId: string,
  currentPatientId: string,
): Promise<string[]> {
  const from = (
    await tx.query<{ from_patient_id: string }>(
      'SELECT DISTINCT from_patient_id FROM journal.entry_move WHERE entry_id = $1 AND from_patient_id <> $2',
      [entryId, currentPatientId],
    )
  ).rows.map((r) => r.from_patient_id);
  const out: string[] = [];
  for (const id of from)
    for (const b of await deletionBlockers(tx, id))
      out.push(b.replace(/^the patient /, 'the patient the note was moved from '));
  return [...new Set(out)];
}

/**
 * A DONE decision refused for how things stand now (holds over a deletion; a note moved since
 * the case was registered): nothing is written, the case stays open, and the refusal is a
 * `blocked` event on it (decideCase). `refusal` begins the CONFLICT's message.
 */
class Blocked extends Error {
  constructor(
    readonly reasons: string[],
    readonly refusal = 'deletion refused',
  ) {
    super(reasons.join('; '));
  }
}

const blockedError = (err: Blocked, caseId: string | null) =>
  conflict(`${err.refusal}: ${err.message}`, { reasons: err.reasons, caseId });

/**
 * A case is decided over the record it was asked over (helsepersonelloven §§ 43, 44; header,
 * "A note moved since the case was registered"): the note's patient when it was registered
 * (`patient_id`). When a § 44 move decided in another case has since put the note in another
 * patient's record, the reason the decision is refused, naming that the note was moved since
 * and the case that moved it (never the patients). For a move, also when its right patient has
 * become the same person as the record's (a link since): nothing is left to move. Else null.
 * Found in review s38: patient A's § 43 deletion case deleted the note in patient B's record
 * after a move; a second move case moved it on from B to C; one to B again failed on
 * entry_move's check (an internal error).
 */
async function recordChangedSinceRegistered(
  tx: Queryable,
  e: JournalEntryRow,
  c: RecordCaseRow,
  group: readonly string[],
): Promise<string | null> {
  if (e.patient_id !== c.patient_id) {
    const by = (
      await tx.query<{ case_id: string }>(
        `SELECT case_id::text FROM journal.entry_move WHERE entry_id = $1 AND from_patient_id = $2
          ORDER BY moved_at DESC, id DESC LIMIT 1`,
        [e.id, c.patient_id],
      )
    ).rows[0]?.case_id;
    return `${GROUND_SOURCE[c.ground]}: the note was moved to another patient's record (helsepersonelloven § 44${by ? `, record case ${by}` : ''}) since record case ${c.id} was registered over it; the case is not decided over another patient's record: refuse it, and register it anew over the note where it is now if it still applies`;
  }
  if (c.kind === 'MOVE' && c.right_patient_id && group.includes(c.right_patient_id))
    return `helsepersonelloven § 44: the right patient has become the same person as the one whose record holds the note (the records were linked since record case ${c.id} was registered); there is no other record to move it to`;
  return null;
}

/**
 * The journalansvarlig's decision. DONE carries the change out in the same transaction
 * (correction, deletion or move) and lists the earlier recipients for notice; REFUSED
 * records the reasons and the appeal route. A deletion the holds stop is refused with the
 * reason (CONFLICT) and recorded as a `blocked` event; the case stays open.
 */
export async function decideCase(
  db: Db,
  id: string,
  d: { decision: Decision; reasons: string; text?: string | null; assessment?: Assessment | null },
  by: Actor,
): Promise<RecordCaseRow> {
  requireCaseId(id);
  if (!d.reasons.trim()) throw badInput('reasons are required (forvaltningsloven §§ 24–25)');
  try {
    return await db.transaction((tx) => decideIn(tx, id, d, by));
  } catch (err) {
    if (!(err instanceof Blocked)) throw err;
    await event(db, id, by.userId, 'blocked', err.message);
    log.info({ recordCase: id, by: by.userId, reasons: err.reasons.length }, `${err.refusal}: blocked`);
    throw blockedError(err, id);
  }
}

async function decideIn(
  tx: Queryable,
  id: string,
  d: { decision: Decision; reasons: string; text?: string | null; assessment?: Assessment | null },
  by: Actor,
): Promise<RecordCaseRow> {
  // A deletion, a move or a correction changes the note's service decision too: first the
  // import's write steps of the note's source, as an import batch takes them, before any row
  // lock (mutations.ts lockNoteSources; found in review s30: the two clashed on the decision's
  // version key; a correction since review s38, mutations.ts correctDecisionWords). Read
  // without a lock here; the case is locked and checked below.
  if (d.decision === 'DONE') {
    const pre = (
      await tx.query<{ kind: CaseKind; entry_id: string }>(
        'SELECT kind, entry_id FROM journal.record_case WHERE id = $1::bigint',
        [id],
      )
    ).rows[0];
    if (pre) await lockNoteSources(tx, pre.entry_id);
  }
  const c = await loadCase(tx, id, true);
  if (!c) throw badInput(`record case ${id} not found`);
  if (c.status === 'WITHDRAWN') throw conflict(`record case ${id} was withdrawn: ${c.reasons}`);
  if (c.status !== 'OPEN') throw conflict(`record case ${id} was already decided (${c.status})`);
  const reasons = d.reasons.trim();
  if (d.decision === 'REFUSED') {
    await tx.query(
      `UPDATE journal.record_case SET status = 'REFUSED', decided_by = $2, decided_at = now(), reasons = $3,
              assessment = $4, appeal_route = $5 WHERE id = $1::bigint`,
      [id, by.userId, reasons, d.assessment ? JSON.stringify(d.assessment) : null, APPEAL_ROUTE[c.ground]],
    );
    await event(tx, id, by.userId, 'decided', `REFUSED (${GROUND_SOURCE[c.ground]})`);
    log.info({ recordCase: id, ground: c.ground, decision: 'REFUSED', by: by.userId }, 'record case decided');
    return (await loadCase(tx, id))!;
  }
  const unmet = unmetConditions(c.ground, d.assessment);
  if (unmet.length) throw badInput(`cannot decide DONE: ${unmet.join('; ')}`);
  const e = await lockEntry(tx, c.entry_id);
  if (e.deleted_at) throw conflict(`journal entry ${c.entry_id} is deleted`);
  const group = (await personGroups(tx, [e.patient_id])).get(e.patient_id) ?? [e.patient_id];
  const changed = await recordChangedSinceRegistered(tx, e, c, group);
  if (changed) throw new Blocked([changed], 'decision refused');
  const recipients = await noticeRecipients(tx, e.id, group, by.userId);
  const basis = caseBasis(c.ground, id, reasons);
  let staleNote = '';
  if (c.kind === 'CORRECTION') {
    const text = d.text ?? c.proposed_text;
    if (!text?.trim()) throw badInput('helsepersonelloven § 42: the corrected text is required');
    await correctedSinceRegistered(tx, e.id, c);
    const waiting = await newerSourceVersionWaits(tx, e.id, c);
    if (waiting)
      staleNote = `; the source changed the note since the case was registered (version ${c.entry_version} → ${e.version}): its version waits as source conflict ${waiting} for an archivist`;
    await correctEntry(tx, e.id, text, basis, by.userId);
  } else if (c.kind === 'DELETION') {
    const blockers = [
      ...(await deletionBlockers(tx, e.patient_id, { inTransaction: true })),
      ...(await movedFromBlockers(tx, e.id, e.patient_id)),
    ];
    if (blockers.length) throw new Blocked(blockers);
    await deleteEntry(tx, e.id, basis, by.userId, id);
  } else {
    await moveEntry(tx, e, c.right_patient_id!, id, basis, by.userId);
  }
  await tx.query(
    `UPDATE journal.record_case SET status = 'DONE', decided_by = $2, decided_at = now(), reasons = $3, assessment = $4,
            notice_recipients = $5 WHERE id = $1::bigint`,
    [id, by.userId, reasons, d.assessment ? JSON.stringify(d.assessment) : null, JSON.stringify(recipients)],
  );
  await event(
    tx,
    id,
    by.userId,
    'decided',
    `DONE (${GROUND_SOURCE[c.ground]}); notice to ${recipients.length} earlier recipient(s)${staleNote}`,
  );
  log.info(
    {
      recordCase: id,
      ground: c.ground,
      kind: c.kind,
      decision: 'DONE',
      recipients: recipients.length,
      by: by.userId,
    },
    'record case decided',
  );
  return (await loadCase(tx, id))!;
}

/**
 * What a decision writes as the reason of the versions it keeps (and of a deletion's
 * tombstone): the ground's act and section, the case, the reasons.
 */
function caseBasis(ground: Ground, caseId: string, reasons: string): string {
  return `${GROUND_SOURCE[ground]} (sak ${caseId}): ${reasons}`;
}

/**
 * A correction over another case's correction (helsepersonelloven § 42; header): when the
 * note was corrected since this case was registered (a version kept with change `correction`
 * at or after `entry_version`), the decision is refused (CONFLICT) naming that case
 * (`extensions.correctedByCase`, from the kept version's reason, `caseBasis`), before anything
 * is written; the case stays open.
 */
async function correctedSinceRegistered(tx: Queryable, entryId: string, c: RecordCaseRow): Promise<void> {
  const since = (
    await tx.query<{ version: number; case_id: string | null }>(
      `SELECT v.version, oc.id::text AS case_id
         FROM journal.entry_version v
         LEFT JOIN journal.record_case oc
           ON oc.entry_id = v.entry_id AND oc.kind = 'CORRECTION' AND oc.status = 'DONE' AND oc.id <> $3::bigint
          AND starts_with(v.reason, $4 || ' (sak ' || oc.id || '): ')
        WHERE v.entry_id = $1 AND v.change = 'correction' AND v.version >= $2
        ORDER BY v.version DESC LIMIT 1`,
      [entryId, c.entry_version, c.id, GROUND_SOURCE.HPL_42],
    )
  ).rows[0];
  if (!since) return;
  throw conflict(
    `helsepersonelloven § 42: the note was corrected ${since.case_id ? `by record case ${since.case_id}` : `(version ${since.version})`} since record case ${c.id} was registered; register the correction anew over the current text`,
    { caseId: c.id, correctedByCase: since.case_id },
  );
}

/**
 * A correction over a newer source version (helsepersonelloven § 42; header): when the note's
 * current text is the source's and differs from the text the case was registered over, that
 * source version is stored as an open source conflict naming the case, before the correction
 * replaces it, and its id returned; null when the source has not changed the text since. A
 * source version an archivist already kept or took refuses the decision (CONFLICT).
 */
async function newerSourceVersionWaits(
  tx: Queryable,
  entryId: string,
  c: RecordCaseRow,
): Promise<string | null> {
  const newer = (
    await tx.query<{ newer: boolean }>(
      `SELECT e.text_origin = 'source' AND e.version > $2 AND (v.version IS NULL OR v.text IS DISTINCT FROM e.text) AS newer
         FROM journal.journal_entry e LEFT JOIN journal.entry_version v ON v.entry_id = e.id AND v.version = $2
        WHERE e.id = $1`,
      [entryId, c.entry_version],
    )
  ).rows[0]?.newer;
  if (!newer) return null;
  // The source version as the import stores a conflict (writer.ts): the text and the fields an import sets.
  const r = await tx.query<{ id: string }>(
    `INSERT INTO journal.source_conflict AS c (entry_id, source_hash, source_record, import_run_id, case_id, decision_record)
     SELECT e.id, coalesce(e.content_hash, ''),
            jsonb_build_object('entry_type', e.entry_type, 'service', e.service, 'written_at', e.written_at,
              'text', e.text, 'status', e.status, 'replaces_source_id', e.replaces_source_id,
              'correction_reason', e.correction_reason, 'care_start', e.care_start, 'care_end', e.care_end,
              'amended', e.amended, 'time_notes', e.time_notes, 'author_name', e.author_name, 'author_hpr', e.author_hpr,
              'author_practitioner_id', e.author_practitioner_id, 'care_contact_id', e.care_contact_id),
            (SELECT v.import_run_id FROM journal.entry_version v
              WHERE v.entry_id = e.id AND v.change = 'import' AND v.version >= $2 ORDER BY v.version DESC LIMIT 1),
            $3::bigint,
            -- The service decision read from that version (migration 027), before the correction
            -- re-reads its words: what TAKE_SOURCE writes back.
            (SELECT to_jsonb(d) FROM journal.service_decision d WHERE d.journal_entry_id = e.id ORDER BY d.id LIMIT 1)
       FROM journal.journal_entry e WHERE e.id = $1
     ON CONFLICT (entry_id, source_hash) DO UPDATE SET resolution = NULL, resolved_by = NULL, resolved_at = NULL,
            resolution_reason = NULL, detected_at = now(), case_id = EXCLUDED.case_id,
            decision_record = EXCLUDED.decision_record,
            import_run_id = coalesce(EXCLUDED.import_run_id, c.import_run_id)
      WHERE c.resolution = 'superseded' OR c.resolved_at IS NULL
     RETURNING c.id::text`,
    [entryId, c.entry_version, c.id],
  );
  if (!r.rows[0])
    throw conflict(
      `helsepersonelloven § 42: the note changed since record case ${c.id} was registered, to a source version an archivist has already decided on; register the correction anew over the current text`,
    );
  return r.rows[0].id;
}

/**
 * Moves a note (and the superseded source versions it replaces) to the right patient's
 * record (hpl. § 44): a kept version with change `move`, the patient changed, the wrong
 * patient's care-contact link cleared (kept in the movement row), a movement row on both
 * sides, the outbox told so the search index follows. A service decision read from the note
 * (an HP Vedtak, `journal.service_decision.journal_entry_id`) is the note's content too and
 * goes with it, its row before kept in `service_decision_version` (found in review s30: it
 * stayed in the wrong patient's `serviceDecisions`, text and justification). Also called by
 * the import for a later source version of a moved note (import/writer.ts step 3a, by `import`).
 */
export async function moveEntry(
  tx: Queryable,
  e: JournalEntryRow,
  to: string,
  caseId: string,
  basis: string,
  userId: string,
): Promise<void> {
  const chain = (
    await tx.query<{ id: string }>(
      `WITH RECURSIVE chain(id, source_system, replaces) AS (
         SELECT id, coalesce(replaces_source_system, source_system), replaces_source_id FROM journal.journal_entry WHERE id = $1
         UNION ALL
         SELECT p.id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id FROM chain c
           JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
          WHERE p.patient_id = $2)
       SELECT id FROM chain`,
      [e.id, e.patient_id],
    )
  ).rows.map((r) => r.id);
  await tx.query(
    `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields, time_notes)
     SELECT e.id, e.version, e.text, now(), $2, $3, 'move', ${VERSION_FIELDS('e')}, e.time_notes
       FROM journal.journal_entry e WHERE e.id = ANY($1::text[])`,
    [chain, userId, `moved to the right patient's record: ${basis}`],
  );
  await tx.query(
    `INSERT INTO journal.entry_move (entry_id, from_patient_id, to_patient_id, case_id, moved_by, care_contact_id)
     SELECT id, patient_id, $2, $3::bigint, $4, care_contact_id FROM journal.journal_entry WHERE id = ANY($1::text[])`,
    [chain, to, caseId, userId],
  );
  await tx.query(
    `UPDATE journal.journal_entry SET patient_id = $2, care_contact_id = NULL, version = version + 1, updated_at = now()
      WHERE id = ANY($1::text[])`,
    [chain, to],
  );
  const decisions = (
    await tx.query<{ id: string }>(
      `SELECT id FROM journal.service_decision WHERE journal_entry_id = ANY($1::text[]) AND patient_id <> $2 FOR UPDATE`,
      [chain, to],
    )
  ).rows.map((d) => d.id);
  if (decisions.length) {
    await tx.query(
      `INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_by, reason)
       SELECT d.id, d.version, to_jsonb(d), $2, $3 FROM journal.service_decision d WHERE d.id = ANY($1::text[])`,
      [decisions, userId, `moved with its note to the right patient's record: ${basis}`],
    );
    await tx.query(
      `UPDATE journal.service_decision SET patient_id = $2, version = version + 1, updated_at = now()
        WHERE id = ANY($1::text[])`,
      [decisions, to],
    );
  }
  // A removal (migration 018): search leaves the notes out until the indexer has written them
  // under the right patient, so the wrong patient's search never serves them again.
  await tx.query(
    `INSERT INTO journal.outbox (entity_type, entity_id, removal) SELECT 'journal_entry', x, true FROM unnest($1::text[]) AS x`,
    [chain],
  );
  await event(
    tx,
    caseId,
    userId,
    'moved',
    `${chain.length} note version(s) moved to the right patient's record`,
  );
}

/** Who registers the cases an import raises (registerSourcePatientChange). */
const IMPORT_ACTOR: Actor = { userId: 'import', role: 'import' };

/**
 * A source export that files a stored note under another patient record (import/writer.ts
 * step 1b; found in review s30: reported unchanged, no trace of it). Whether the note is on the
 * wrong person is a § 44 decision (helsepersonelloven § 44, § 39 andre ledd: the
 * journalansvarlig), so the import neither moves it nor ignores it: it registers a § 44 case
 * naming the patient the source names (`registered_by` `import`, asked by health personnel:
 * the source's own correction), once. DONE moves the note there (moveEntry); REFUSED keeps it
 * where it is, with the reasons and the appeal route, and the import does not ask again for
 * that patient. Returns whether the change is held (a case open), false after a refusal.
 */
export async function registerSourcePatientChange(
  tx: Queryable,
  entryId: string,
  rightPatientId: string,
  claim: string,
): Promise<boolean> {
  const prior = (
    await tx.query<{ status: RecordCaseRow['status'] }>(
      `SELECT status FROM journal.record_case
        WHERE entry_id = $1 AND ground = 'HPL_44' AND right_patient_id = $2 AND status IN ('OPEN', 'REFUSED')
        ORDER BY registered_at DESC, id DESC LIMIT 1`,
      [entryId, rightPatientId],
    )
  ).rows[0];
  if (prior) return prior.status === 'OPEN';
  await insertCase(
    tx,
    { entryId, ground: 'HPL_44', requestedBy: 'HEALTH_PERSONNEL', claim, rightPatientId },
    IMPORT_ACTOR,
  );
  return true;
}

/**
 * The source changed its mind (helsepersonelloven § 44; header): the open § 44 cases the import
 * registered for these notes (`registered_by` `import`) whose right patient is not the one the
 * source now files the note under (nor a record linked to it, one person) are withdrawn: status
 * WITHDRAWN, decided by `import`, the reason given, a `withdrawn` event; no appeal route,
 * nothing was decided. Cases an archivist or the journalansvarlig registered are theirs and
 * stay open. `notes` maps a note's id to the patient record the source files it under now.
 * Returns how many were withdrawn.
 */
export async function withdrawSourcePatientChanges(
  tx: Queryable,
  notes: ReadonlyMap<string, string>,
  reason: (entryId: string, sourcePatientId: string, storedPatientId: string) => string,
): Promise<number> {
  if (!notes.size) return 0;
  const open = (
    await tx.query<{ id: string; entry_id: string; right_patient_id: string; stored: string }>(
      `SELECT c.id::text, c.entry_id, c.right_patient_id, e.patient_id AS stored
         FROM journal.record_case c JOIN journal.journal_entry e ON e.id = c.entry_id
        WHERE c.entry_id = ANY($1::text[]) AND c.status = 'OPEN' AND c.registered_by = $2
          AND c.ground = 'HPL_44' AND c.right_patient_id IS NOT NULL
        ORDER BY c.id FOR UPDATE OF c`,
      [[...notes.keys()], IMPORT_ACTOR.userId],
    )
  ).rows;
  if (!open.length) return 0;
  const groups = await personGroups(
    tx,
    open.map((c) => c.right_patient_id),
  );
  let n = 0;
  for (const c of open) {
    const now = notes.get(c.entry_id)!;
    if ((groups.get(c.right_patient_id) ?? [c.right_patient_id]).includes(now)) continue;
    const why = reason(c.entry_id, now, c.stored);
    await tx.query(
      `UPDATE journal.record_case SET status = 'WITHDRAWN', decided_by = $2, decided_at = now(), reasons = $3
        WHERE id = $1::bigint`,
      [c.id, IMPORT_ACTOR.userId, why],
    );
    await event(tx, c.id, IMPORT_ACTOR.userId, 'withdrawn', `WITHDRAWN (${GROUND_SOURCE.HPL_44}): ${why}`);
    log.info({ recordCase: c.id, entry: c.entry_id, by: IMPORT_ACTOR.userId }, 'record case withdrawn');
    n++;
  }
  return n;
}

/**
 * `correctJournalEntry`: the journalansvarlig registers and decides a § 42 correction in one
 * step (by default on health personnel's own initiative).
 */
export async function correctNow(
  db: Db,
  a: {
    entryId: string;
    text: string;
    reason: string;
    requestedBy?: Requester | null;
    requesterName?: string | null;
    /** The version the caller read and corrects; another version now is a CONFLICT. */
    expectedVersion?: number | null;
  },
  by: Actor,
): Promise<RecordCaseRow> {
  const c: NewCase = {
    entryId: a.entryId,
    ground: 'HPL_42',
    requestedBy: a.requestedBy ?? 'HEALTH_PERSONNEL',
    requesterName: a.requesterName ?? null,
    claim: a.reason,
    proposedText: a.text,
  };
  const problem = caseProblem(c);
  if (problem) throw badInput(problem);
  try {
    return await db.transaction(async (tx) => {
      // Before the case row (its key locks the note's row): decideIn's lock, taken first.
      await lockNoteSources(tx, a.entryId);
      // The text corrected is the one the caller read (helsepersonelloven § 42: a correction
      // names what it corrects). An import that replaced it meanwhile was corrected over
      // without a word (found in review s38; the version was kept, but nobody saw it): with
      // expectedVersion, another version now is refused, nothing written.
      if (a.expectedVersion != null) {
        const e = await lockEntry(tx, a.entryId);
        if (e.version !== a.expectedVersion)
          throw conflict(
            `journal entry ${a.entryId} is at version ${e.version}, not ${a.expectedVersion}: it changed since it was read; read it again and correct that text`,
          );
      }
      const row = await insertCase(tx, c, by);
      return decideIn(tx, row.id, { decision: 'DONE', reasons: a.reason, text: a.text }, by);
    });
  } catch (err) {
    // A move committed between the case's insert and the note's lock: nothing stays, the case neither.
    if (err instanceof Blocked) throw blockedError(err, null);
    throw err;
  }
}

/**
 * `deleteJournalEntry`: the journalansvarlig registers and decides a § 43 (or § 44) deletion
 * in one step, with the assessment the ground needs. A blocked deletion leaves the case open.
 */
export async function deleteNow(
  db: Db,
  a: {
    entryId: string;
    legalBasis: string;
    ground?: Ground | null;
    requestedBy?: Requester | null;
    requesterName?: string | null;
    assessment: Assessment;
  },
  by: Actor,
): Promise<RecordCaseRow> {
  const ground = a.ground ?? 'HPL_43';
  if (ground === 'HPL_42') throw badInput('a deletion is decided under helsepersonelloven § 43 or § 44');
  const c: NewCase = {
    entryId: a.entryId,
    ground,
    requestedBy: a.requestedBy ?? 'HEALTH_PERSONNEL',
    requesterName: a.requesterName ?? null,
    claim: a.legalBasis,
  };
  const problem = caseProblem(c);
  if (problem) throw badInput(problem);
  const unmet = unmetConditions(ground, a.assessment);
  if (unmet.length) throw badInput(`cannot delete: ${unmet.join('; ')}`);
  // Registered first, so a deletion the holds stop stays on record as an open case with its `blocked` event.
  const row = await db.transaction((tx) => insertCase(tx, c, by));
  return decideCase(db, row.id, { decision: 'DONE', reasons: a.legalBasis, assessment: a.assessment }, by);
}
