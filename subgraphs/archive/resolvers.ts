import { nationalIdSubject } from '../../lib/audit';
import { journalPatient, ownLogKeys, patientLogKeys } from '../../lib/policy/patient-ref';
import { caseLogKeys } from './audit-keys';
import { GraphQLError } from 'graphql';
import { chargeText } from '../../lib/text-budget';
import {
  accessRequestSubject,
  recompilePolicy,
  type Action,
  type RecordDate,
  type RecordKind,
} from '../../lib/policy/policy';
import { reachChanged } from '../../lib/policy/reach-cache';
import type { QueryResolvers, Resolvers } from './generated/resolvers-types';
import type { Limits } from '../../lib/config';
import { present, type SubgraphContext } from '../../lib/subgraph';
import { daysBetween, isRealDate, isRealInstant, osloDate, osloIso } from '../../lib/oslo-time';
import { registeredFacts } from '../../lib/patient-facts';
import {
  AccessRequestError,
  AccessRequestInput,
  closeAccessRequest,
  CloseInput,
  extendAccessRequest,
  recordAccessRequestConsent,
  ConsentInput,
  ExtensionInput,
  handOverAccessRequest,
  HandOverInput,
  accessRequestById,
  openAccessRequests,
  registerAccessRequest,
  ARCHIVE_TEXT_MAX,
  ARCHIVE_TITLE_MAX,
  type AccessRequestRow,
} from './access-request';
import { skjermingOf, SCREEN, type Complex } from './noark/model';
import { PartyConflictError, partyConflicts, resolvePartyConflict } from './party-conflicts';
import { personId } from './noark/import';
import { skjermingFields, skjermingProblems } from './skjerming';
import { log } from '../../lib/log';
import { documentPageTexts, documentTextExtraction, type DocumentTextExtraction } from './doctext/status';
import {
  journalLines,
  correspondentScreened,
  containsNationalId,
  organisationName,
  publishable,
  render,
  renderHtml,
  unknownUnitProblem,
  type RenderedEntry,
} from './postjournal';
import {
  casesByPartIds,
  changeTittel,
  setSkjerming,
  documentContent,
  documentsByJournalpostIds,
  journalpostByRegistreringsId,
  journalposterByIds,
  journalposterBySaksmappeIds,
  klasseIdsByRef,
  nationalIdsBySaksmappeIds,
  recordIdsBySaksmappeIds,
  casesByRecordIds,
  casesWithHNumberParty,
  partsBySaksmappeIds,
  quarantineEntries,
  recordVersions,
  saksmappeByNumber,
  saksmapperByIds,
  type DocumentRow,
  type JournalpostRow,
  type PartRow,
  type RecordVersionRow,
  type SaksmappeRow,
} from './store';
import { researchCases, subjectReference } from '../../lib/policy/research-resolvers';

/** What postjournal and loependeJournal return: the parent of the GraphQL Postjournal's fields. */
export interface PostjournalParent {
  view: string;
  from: string;
  to: string;
  unit: string | null;
  entries: RenderedEntry[];
  organisation?: string;
}

/** A document as Journalpost.documents returns it: the parent of ArchiveDocument's fields. */
/** Patient as this subgraph sees it: the reference, with the national ids and record ids it @requires. */
export interface PatientRef {
  id: string;
  nationalIds?: string[];
  /** Every patient record id of the person: this one and those linked to it (the journal's). */
  recordIds?: string[];
}

export type ArchiveDocumentParent = DocumentRow & {
  screened: boolean;
  saksmappeId: string;
  /** The journalpost's date: the policy's period applies to its documents. */
  journaldato: string | null;
};

const requireAction = (ctx: SubgraphContext, action: Action) => ctx.policy.requireAction(ctx.audit, action);

/**
 * A case (or one of its journalposter) the caller may reach: the policy decides by the
 * persons who are parties to it (by national id; by patient record id for an access request
 * filed under the record alone, caseSubject) and its date. Unknown and unreachable
 * answer alike for a caller with a limited reach. The read is logged for every party.
 */
async function reachableCase<R>(
  ctx: SubgraphContext,
  kind: RecordKind,
  row: R | null,
  saksmappeId: (r: R) => string,
  date: (r: R) => RecordDate | Promise<RecordDate>,
): Promise<R | null> {
  if (!row) {
    if (ctx.policy.grants || !ctx.policy.identifying) ctx.policy.require(ctx.audit, kind, {});
    return null;
  }
  ctx.policy.require(ctx.audit, kind, await caseSubject(ctx, saksmappeId(row)), await date(row));
  // The case of another handler's access request (requestHandlerRule): its parties are in reach
  // when the caller has a request of their own for the patient, its requester is not (found in review).
  if (ctx.policy.requestCasesLimited) {
    const r = await requestOfCaseLoader(ctx).load(saksmappeId(row));
    if (r) ctx.policy.requireRequestHandler(ctx.audit, r.patient_id, r.saksansvarlig);
  }
  return row;
}

/** The access request a case is the case of (patient and saksansvarlig), or null: one round trip per request. */
function requestOfCaseLoader(ctx: SubgraphContext) {
  return ctx.loader<string, { patient_id: string; saksansvarlig: string } | null>(
    'requestOfCase',
    async (ids) => {
      const rows = (
        await ctx.db.query<{ saksmappe_id: string; patient_id: string; saksansvarlig: string }>(
          'SELECT saksmappe_id, patient_id, saksansvarlig FROM archive.access_request WHERE saksmappe_id = ANY($1::text[])',
          [ids],
        )
      ).rows;
      return ids.map((id) => rows.find((r) => r.saksmappe_id === id) ?? null);
    },
  );
}

/**
 * Whether a case is another case handler's access-request case, which an archivist on purpose
 * ACCESS_REQUEST does not see (requestHandlerRule: pasientjournalloven § 22 with
 * helsepersonelloven § 21a): false for every other caller and every other case.
 */
async function otherHandlersRequestCase(ctx: SubgraphContext, saksmappeId: string): Promise<boolean> {
  if (!ctx.policy.requestCasesLimited) return false;
  const r = await requestOfCaseLoader(ctx).load(saksmappeId);
  return !!r && ctx.policy.requestHandlerRule(r.saksansvarlig) !== null;
}

/**
 * The dates a case is dated by: its saksdato and its journalposts' journaldato. A case is in a
 * caller's period when one of them is (pasientjournalloven § 22: everything about the matter's
 * persons in its period; lib/policy/README.md "a case: its saksdato or a journalpost's date"): a
 * case opened before the period whose letters fall in it is the context of those letters, and
 * search indexes its title with each of them. Not the span from the first to the last: a case of
 * 2010 with a letter of 2020 and nothing between was in a 2015–2016 matter's reach, its title,
 * parties and status given by saksmappe(id) and Patient.cases where search finds nothing of it
 * (found in review s40; test/access-review-s40.e2e.test.ts). Its journalposts and documents are
 * still checked one by one (journaldato).
 */
async function caseDates(ctx: SubgraphContext, c: SaksmappeRow): Promise<string[]> {
  return [c.saksdato, ...(await journalposterLoader(ctx).load(c.id)).map((j) => j.journaldato)].filter(
    (d): d is string => !!d,
  );
}

/** A case reached through a field of another record: the same policy and log as saksmappe(id). */
async function caseReachedFrom(ctx: SubgraphContext, id: string): Promise<SaksmappeRow> {
  const row = present(await saksmappeLoader(ctx).load(id), `saksmappe ${id}`);
  await reachableCase(
    ctx,
    'saksmappe',
    row,
    (r) => r.id,
    (r) => caseDates(ctx, r),
  );
  await auditCase(ctx, row.id, 'saksmappe', [row.id]);
  return row;
}

/** A journalpost reached through a field of another record: the same policy and log as journalpost(id). */
async function journalpostReachedFrom(
  ctx: SubgraphContext,
  id: string | null,
): Promise<JournalpostRow | null> {
  if (!id) return null;
  const row = await reachableCase(
    ctx,
    'journalpost',
    await journalpostLoader(ctx).load(id),
    (r) => r.saksmappe_id,
    (r) => r.journaldato,
  );
  if (row) await auditCase(ctx, row.saksmappe_id, 'journalpost', [row.id]);
  return row;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function zodIssues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

/** A rule of the access-request module refusing the input: BAD_USER_INPUT with its text. */
async function accessRequestCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AccessRequestError) throw badInput(err.message);
    throw err;
  }
}

/**
 * An access request is a record of its patient dated the day it was received: the caller
 * must reach the patient on that date (pasientjournalloven § 22: a matter's patients within
 * its period), as for its case (saksdato) and journalposts. Unknown and unreachable alike.
 */
const requestInReach = (
  ctx: SubgraphContext,
  r: { saksmappe_id: string; patient_id: string; received_on: string; saksansvarlig: string },
) =>
  ctx.policy.visible(
    'access_request',
    accessRequestSubject({ saksmappeId: r.saksmappe_id, patientId: r.patient_id }),
    r.received_on,
  ) &&
  // A case handler on purpose ACCESS_REQUEST: their own requests only (requestHandlerRule).
  ctx.policy.requestHandlerRule(r.saksansvarlig) === null;

/**
 * The access-request mutations' role and purpose (ACCESS_REQUEST_ACTIONS, lib/policy:
 * pasientjournalloven § 22; pasient- og brukerrettighetsloven § 5-1; handOverAccessRequest:
 * ARCHIVE_ADMINISTRATION). A refusal is logged against the request's patient, as other
 * refusals are (an unknown case: '*').
 */
async function requireRequestAction(
  ctx: SubgraphContext,
  action: Action,
  target: { patientId: string } | { saksmappeId: string },
): Promise<void> {
  if (!ctx.policy.actionRule(action)) return;
  let patientIds: string[];
  if ('patientId' in target) patientIds = [target.patientId];
  else {
    const r = await ctx.db.query<{ patient_id: string }>(
      'SELECT patient_id FROM archive.access_request WHERE saksmappe_id = $1',
      [target.saksmappeId],
    );
    patientIds = r.rows.map((x) => x.patient_id);
  }
  ctx.policy.requireAction(ctx.audit, action, { patientIds });
}

/** The patient of an access-request case must be in the caller's reach on its date (unknown and unreachable alike). */
async function requireRequestPatient(ctx: SubgraphContext, saksmappeId: string): Promise<void> {
  const target = await ctx.db.query<{ patient_id: string; received_on: string; saksansvarlig: string }>(
    'SELECT patient_id, received_on, saksansvarlig FROM archive.access_request WHERE saksmappe_id = $1',
    [saksmappeId],
  );
  const r = target.rows[0];
  ctx.policy.require(
    ctx.audit,
    'access_request',
    r ? accessRequestSubject({ saksmappeId, patientId: r.patient_id }) : { patientIds: [saksmappeId] },
    r?.received_on,
  );
  // And its case handler: another's request for the same patient is not the caller's to
  // extend or close (pasientjournalloven § 22 with helsepersonelloven § 21a; found in review).
  if (r) ctx.policy.requireRequestHandler(ctx.audit, r.patient_id, r.saksansvarlig);
}

function casesByNationalId(ctx: SubgraphContext) {
  return ctx.loader<string, SaksmappeRow[]>('casesByNationalId', async (nids) => {
    const rows = await casesByPartIds(ctx.db, nids);
    return nids.map((nid) => rows.filter((r) => r.part_id === nid));
  });
}

/**
 * The cases filed under a patient record alone (archive.subject_record, migration 026), per
 * record id: one query for every record of every Patient of the request.
 */
function casesByRecordId(ctx: SubgraphContext) {
  return ctx.loader<string, SaksmappeRow[]>('casesByRecordId', async (ids) => {
    const rows = await casesByRecordIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.patient_id === id));
  });
}

function partsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, PartRow[]>('parts', async (ids) => {
    const rows = await partsBySaksmappeIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.saksmappe_id === id));
  });
}

function saksmappeLoader(ctx: SubgraphContext) {
  return ctx.loader<string, SaksmappeRow | null>('saksmappe', async (ids) => {
    const rows = await saksmapperByIds(ctx.db, ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
}

function journalpostLoader(ctx: SubgraphContext) {
  return ctx.loader<string, JournalpostRow | null>('journalpost', async (ids) => {
    const rows = await journalposterByIds(ctx.db, ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
}

function journalposterLoader(ctx: SubgraphContext) {
  return ctx.loader<string, JournalpostRow[]>('journalposterBySak', async (ids) => {
    const rows = await journalposterBySaksmappeIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.saksmappe_id === id));
  });
}

function documentsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, DocumentRow[]>('documents', async (ids) => {
    const rows = await documentsByJournalpostIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.journalpost_id === id));
  });
}

function nationalIdsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, string[]>('nationalIds', async (ids) => {
    const rows = await nationalIdsBySaksmappeIds(ctx.db, ids);
    return ids.map((id) => [...new Set(rows.filter((r) => r.saksmappe_id === id).map((r) => r.national_id))]);
  });
}

/**
 * Patient record ids a case concerns: an access request's patient known by record id only
 * (archive.subject_record, migration 026: a person the journal knows by an H-nummer only,
 * pasient- og brukerrettighetsloven § 5-1). Empty for every other case.
 */
function recordIdsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, string[]>('recordIds', async (ids) => {
    const rows = await recordIdsBySaksmappeIds(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.saksmappe_id === id).map((r) => r.patient_id));
  });
}

/** Whether a case has a party named by an H-nummer (store.ts casesWithHNumberParty): one round trip per request. */
function hNumberPartyLoader(ctx: SubgraphContext) {
  return ctx.loader<string, boolean>('hNumberParty', async (ids) => {
    const found = new Set(await casesWithHNumberParty(ctx.db, ids));
    return ids.map((id) => found.has(id));
  });
}

/**
 * Whom a case concerns, for the access log: its persons by national id (subject_link,
 * subject_part) and, for an access request filed under a patient record alone, that record
 * (pasientjournalloven § 22: the record's own source's person, never another institution's
 * person of the same H-nummer, which names no one outside its institution). An access request's
 * case is logged under its patient record too (pasientjournalforskriften § 14: the read is of the
 * patient whose record is requested, as accessRequest(id) logs it), whatever national id it was
 * filed with.
 */
async function caseParties(
  ctx: SubgraphContext,
  saksmappeId: string,
): Promise<{ patientIds: string[]; nationalIds: string[] }> {
  const [nationalIds, patientIds, request] = await Promise.all([
    nationalIdsLoader(ctx).load(saksmappeId),
    recordIdsLoader(ctx).load(saksmappeId),
    requestOfCaseLoader(ctx).load(saksmappeId),
  ]);
  return {
    patientIds:
      request && !patientIds.includes(request.patient_id) ? [...patientIds, request.patient_id] : patientIds,
    nationalIds,
  };
}

/**
 * Whom a case concerns, for the policy: its parties (caseParties), except that an access request's
 * case concerns the patient whose record is requested, by that record alone (lib/policy
 * accessRequestSubject: pasientjournalloven § 22 with pasientjournalforskriften § 14), as
 * accessRequest(id) judges the request. Every path to the case asks this: saksmappe by id or case
 * number, journalpost(id), a case reached from another record or a search hit (reachableCase),
 * Patient.cases, its journalposts, merknader, versions and documents. Judged by the national id
 * it was filed with, a matter about the relative who asked read the case once that national id was
 * theirs (given while the patient's record was linked to theirs, unlinked since), while
 * accessRequest(id) refused it (review s45, test/access-review-s45b.e2e.test.ts).
 */
async function caseSubject(
  ctx: SubgraphContext,
  saksmappeId: string,
): Promise<{
  patientIds: readonly string[];
  nationalIds: readonly string[];
  accessRequest?: string;
  caseId?: string;
}> {
  const request = await requestOfCaseLoader(ctx).load(saksmappeId);
  if (request) {
    const s = accessRequestSubject({ saksmappeId, patientId: request.patient_id });
    return { patientIds: s.patientIds ?? [], nationalIds: s.nationalIds ?? [], accessRequest: saksmappeId };
  }
  // The case itself (lib/policy Subject.caseId): to a case handler whose token names no request, a
  // case two of their open requests concern is refused on every path that asks this (task s46 FX5).
  return { ...(await caseParties(ctx, saksmappeId)), caseId: saksmappeId };
}

/** The text extraction state and page origins of documents (doctext/), no text. */
function textExtractionLoader(ctx: SubgraphContext) {
  return ctx.loader<string, DocumentTextExtraction | null>('textExtraction', (ids) =>
    documentTextExtraction(ctx.db, ids),
  );
}

function klasseLoader(ctx: SubgraphContext) {
  return ctx.loader<string, string | null>('klasse', async (refs) => {
    const rows = await klasseIdsByRef(ctx.db, refs);
    return refs.map((r) => rows.find((k) => k.id === r)?.klasse_id ?? null);
  });
}

/**
 * Access log for case data returned outside Patient.cases: the patient is known here only
 * by national id (a party of the case), so the national id is the patient key of the row; an
 * access request's patient known by record id only is logged under that record; a case with a
 * party named by an H-nummer under the case too (caseLogKeys, pasientjournalforskriften § 14).
 */
async function auditCase(
  ctx: SubgraphContext,
  saksmappeId: string,
  entityType: string,
  entityIds: string[],
): Promise<void> {
  const [subject, parties, hNumberParty] = await Promise.all([
    caseSubject(ctx, saksmappeId),
    caseParties(ctx, saksmappeId),
    hNumberPartyLoader(ctx).load(saksmappeId),
  ]);
  // Under every party's key, each row naming the access request the read served (a case
  // handler's: the request the case is of, else the one that reaches a party).
  const matter = ctx.policy.requestMatterFor(subject);
  for (const key of caseLogKeys(saksmappeId, parties, hNumberParty))
    ctx.audit.record(key, entityType, entityIds, matter);
}

/** An xs:dateTime without an offset: Oslo wall-clock time (README, "Times without an offset"). */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?$/;

/**
 * A merknadsdato (a date, or an ISO 8601 time) as the local date in Oslo; null when it is no
 * real date or time (the strict readers of lib/oslo-time.ts: isRealDate, isRealInstant; a time
 * without an offset is Oslo's, on its own date). Date.parse, used before, rolled 2023-02-30 over
 * to 2 March and 24:00 to the next day, so a merknad was dated by a day that does not exist and
 * cut to a matter's period by it (review s39; test residuals-s39).
 */
function merknadDate(value: string | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isRealDate(value) ? value : null;
  if (isRealInstant(value)) return osloDate(Date.parse(value));
  const local = LOCAL_DATE_TIME.exec(value);
  return local && isRealDate(local[1]!) ? local[1]! : null;
}

/**
 * The merknader (Noark 5 notes) of a case or journalpost the caller may read. Each is dated
 * (merknadsdato), so a caller whose matter covers a period reads only those inside it
 * (pasientjournalloven § 22: the matter's persons within its period), as for the journalposts
 * of a case: a case in reach by one letter of the period gave every remark of its whole life
 * (found in review). A merknad without a readable date takes its record's own date (the
 * case's saksdato, the journalpost's journaldato). The record's read is logged by its resolver.
 */
async function merknader(
  ctx: SubgraphContext,
  kind: RecordKind,
  saksmappeId: string,
  complex: Complex | undefined,
  recordDate: string | null,
) {
  const all = complex?.merknad ?? [];
  const subject = all.length ? await caseSubject(ctx, saksmappeId) : {};
  return all
    .filter((m) => ctx.policy.visible(kind, subject, merknadDate(m.merknadsdato?.[0]) ?? recordDate))
    .map((m) => ({
      merknadstekst: m.merknadstekst?.[0] ?? '',
      merknadstype: m.merknadstype?.[0] ?? null,
      merknadsdato: m.merknadsdato?.[0] ?? '',
      merknadRegistrertAv: m.merknadRegistrertAv?.[0] ?? '',
    }));
}

/**
 * A stored value (as imported: text) as GraphQL `Int`, a signed 32-bit whole number; null when
 * it is none (unreadable, or out of range: a value GraphQL cannot serialise fails the whole
 * read, review s35: an imported skjermingsvarighet of 3000000000 failed the journalpost).
 */
function graphqlInt(v: string | null | undefined): number | null {
  if (v == null || !/^\s*[+-]?\d+\s*$/.test(v)) return null;
  const n = Number(v);
  return n >= -0x80000000 && n <= 0x7fffffff ? n : null;
}

/**
 * The skjerming as GraphQL shows it, with all six elements of Noark 5's `skjerming`
 * (arkivstruktur.xsd; M500–M505): skjermingsvarighet and skjermingOpphoererDato, which
 * setSkjerming stores, were not shown.
 */
function skjermingField(complex: Complex | undefined) {
  const s = skjermingOf(complex);
  const stored = complex?.skjerming?.[0];
  const years = graphqlInt(stored?.skjermingsvarighet?.[0]);
  return (
    s && {
      tilgangsrestriksjon: s.tilgangsrestriksjon,
      skjermingshjemmel: s.skjermingshjemmel,
      skjermingMetadata: s.metadata,
      skjermingDokument: s.dokument,
      skjermingsvarighet: years,
      skjermingOpphoererDato: stored?.skjermingOpphoererDato?.[0] ?? null,
    }
  );
}

/**
 * The korrespondanseparter of a journalpost (its `complex` as stored now, or as an earlier version
 * kept it), each name's screening as the public postjournal decides it (postjournal.ts
 * correspondentScreened): the journalpost's sender and recipient screening, the case's "Midlertidig
 * skjerming", and "Skjerming navn part i sak" of the case or the journalpost over their parties
 * (offentleglova § 13 with fvl. § 13; found in review s39: the journalpost's own screening only).
 */
async function correspondents(ctx: SubgraphContext, j: { saksmappe_id: string; complex: Complex }) {
  const list = j.complex.korrespondansepart ?? [];
  if (!list.length) return [];
  const [c, parts] = await Promise.all([
    saksmappeLoader(ctx).load(j.saksmappe_id),
    partsLoader(ctx).load(j.saksmappe_id),
  ]);
  const line = {
    skjerming: skjermingOf(j.complex),
    saksSkjerming: skjermingOf(c?.complex),
    partNames: parts.map((p) => p.part_navn),
    journalpostPartNames: (j.complex.part ?? []).flatMap((p) => p.partNavn?.[0] ?? []),
  };
  return list.map((k) => {
    const type = k.korrespondanseparttype?.[0] ?? '';
    const name = k.korrespondansepartNavn?.[0] ?? null;
    return { type, name, nameScreened: correspondentScreened(line, { type, name: name ?? '' }) };
  });
}

/** The kept versions of saksmapper or journalposter by id, oldest first: one round trip per request and table. */
function versionsLoader(ctx: SubgraphContext, table: 'saksmappe' | 'journalpost') {
  return ctx.loader<string, RecordVersionRow[]>(`versions:${table}`, async (ids) => {
    const rows = await recordVersions(ctx.db, table, ids);
    return ids.map((id) => rows.filter((r) => r.record_key === id));
  });
}

/** A text column of a kept row (null when absent or not text: a row kept before the column existed). */
const keptText = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** A jsonb column of a kept row (`fields`, `complex`), empty when absent. */
const keptObject = <T>(v: unknown): T => (v && typeof v === 'object' ? (v as T) : ({} as T));

/**
 * Earlier versions of a saksmappe (Saksmappe.history; review s41): the rows archive.record_version
 * kept of it (migration 011; a later extract, changeTittel, setSkjerming, an access request's
 * handover or closing), oldest first, numbered over all of them so that every caller numbers a
 * version alike. Shown as the case's own typed fields, never the row (it holds source_hash and
 * internal references). The access is the case's (pasientjournalloven § 22): the parent was reached
 * under it (reachableCase: parties in the matter, the request-handler rule), and each version is
 * dated as the case is (caseDates: its saksdato as kept, or one of the case's journaldatoer in the
 * caller's period); its merknader by their own dates (merknader). Read, it is logged as a read of
 * the case under every person it concerns (auditCase; pasientjournalforskriften § 14).
 */
async function saksmappeHistory(ctx: SubgraphContext, s: SaksmappeRow) {
  const kept = await versionsLoader(ctx, 'saksmappe').load(s.id);
  if (!kept.length) return [];
  const [subject, letters] = await Promise.all([caseSubject(ctx, s.id), journalposterLoader(ctx).load(s.id)]);
  const shown = kept
    .map((v, i) => ({ v, version: i + 1, saksdato: keptText(v.record.saksdato) }))
    .filter(({ saksdato }) =>
      ctx.policy.visible(
        'saksmappe',
        subject,
        [saksdato ?? s.saksdato, ...letters.map((j) => j.journaldato)].filter((d): d is string => !!d),
      ),
    );
  if (shown.length) await auditCase(ctx, s.id, 'saksmappe', [s.id]);
  return Promise.all(
    shown.map(async ({ v, version, saksdato }) => {
      const r = v.record;
      const fields = keptObject<Record<string, string[] | undefined>>(r.fields);
      const complex = keptObject<Complex>(r.complex);
      const klasse = keptText(r.klasse_ref);
      return {
        version,
        replacedAt: osloIso(v.replaced_at),
        replacedBy: v.replaced_by,
        reason: v.reason,
        mappeId: keptText(r.mappe_id),
        tittel: keptText(r.tittel),
        offentligTittel: keptText(r.offentlig_tittel),
        saksdato,
        saksstatus: keptText(r.saksstatus),
        administrativEnhet: keptText(r.administrativ_enhet),
        saksansvarlig: fields.saksansvarlig?.[0] ?? null,
        klasseId: klasse ? await klasseLoader(ctx).load(klasse) : null,
        avsluttetDato: fields.avsluttetDato?.[0] ?? null,
        skjerming: skjermingField(complex),
        merknader: await merknader(ctx, 'saksmappe', s.id, complex, saksdato ?? s.saksdato),
      };
    }),
  );
}

/**
 * Earlier versions of a journalpost (Journalpost.history; review s41), as saksmappeHistory: the
 * journalpost's access (its case's parties in the matter), each version dated by its own
 * journaldato as kept (the journalpost's rule), its korrespondanseparter screened as the
 * journalpost's are (correspondents) and its merknader by their dates; logged as a read of the
 * journalpost (auditCase). A version kept while the journalpost belonged to another saksmappe (no
 * path writes one; an operator's SQL could) is that case's, with its parties, and not shown.
 */
async function journalpostHistory(ctx: SubgraphContext, j: JournalpostRow) {
  const kept = await versionsLoader(ctx, 'journalpost').load(j.id);
  if (!kept.length) return [];
  const subject = await caseSubject(ctx, j.saksmappe_id);
  const shown = kept
    .map((v, i) => ({ v, version: i + 1, journaldato: keptText(v.record.journaldato) }))
    .filter(
      ({ v, journaldato }) =>
        v.record.saksmappe_id === j.saksmappe_id &&
        ctx.policy.visible('journalpost', subject, journaldato ?? j.journaldato),
    );
  if (shown.length) await auditCase(ctx, j.saksmappe_id, 'journalpost', [j.id]);
  return Promise.all(
    shown.map(async ({ v, version, journaldato }) => {
      const r = v.record;
      const complex = keptObject<Complex>(r.complex);
      return {
        version,
        replacedAt: osloIso(v.replaced_at),
        replacedBy: v.replaced_by,
        reason: v.reason,
        registreringsId: keptText(r.registrerings_id),
        journalposttype: keptText(r.journalposttype),
        journalstatus: keptText(r.journalstatus),
        journaldato,
        dokumentetsDato: keptText(r.dokumentets_dato),
        tittel: keptText(r.tittel),
        offentligTittel: keptText(r.offentlig_tittel),
        korrespondanseparter: await correspondents(ctx, { saksmappe_id: j.saksmappe_id, complex }),
        skjerming: skjermingField(complex),
        merknader: await merknader(ctx, 'journalpost', j.saksmappe_id, complex, journaldato ?? j.journaldato),
      };
    }),
  );
}

/** What bounds one postjournal or løpende journal (lib/config.ts: POSTJOURNAL_MAX_DAYS, POSTJOURNAL_MAX_LINES). */
export type ArchiveLimits = Pick<Limits, 'postjournalMaxDays' | 'postjournalMaxLines'>;

function journalArgs(args: { from: string; to: string; unit?: string | null }, limits: ArchiveLimits) {
  if (!isRealDate(args.from) || !isRealDate(args.to))
    throw badInput('from and to must be real dates (YYYY-MM-DD)');
  if (args.from > args.to) throw badInput('from must not be after to');
  const days = daysBetween(args.from, args.to) + 1;
  if (days > limits.postjournalMaxDays)
    throw badInput(
      `from ${args.from} to ${args.to} is ${days} days; one journal covers at most ${limits.postjournalMaxDays} days (POSTJOURNAL_MAX_DAYS): ask for a shorter period`,
    );
  return args;
}

/**
 * The postjournal (public view) or the løpende journal (full view) of from..to: at most
 * limits.postjournalMaxDays days and limits.postjournalMaxLines journalposter registered in
 * them (of the unit, when given), whichever view; more is BAD_USER_INPUT naming the limit,
 * never a journal cut short without saying so. Read with a LIMIT, so a refusal costs one
 * more row than the cap.
 */
async function journal(
  ctx: SubgraphContext,
  args: { from: string; to: string; unit?: string | null },
  view: 'public' | 'full',
  limits: ArchiveLimits,
) {
  const { from, to, unit } = journalArgs(args, limits);
  if (unit != null) {
    const problem = await unknownUnitProblem(ctx.db, unit);
    if (problem) throw badInput(problem);
  }
  const max = limits.postjournalMaxLines;
  const all = await journalLines(ctx.db, { from, to, unit }, max + 1);
  if (all.length > max)
    throw badInput(
      `more than ${max} journalposter from ${from} to ${to}${unit ? ' in the unit' : ''}; one journal lists at most ${max} (POSTJOURNAL_MAX_LINES): ask for a shorter period${unit ? '' : ' or one unit'}`,
    );
  // The public journal lists only registrations whose journal status allows it (postjournal.ts).
  const lines = view === 'public' ? all.filter((l) => publishable(l.journalstatus)) : all;
  if (view === 'full') {
    const hNumberParty = new Set(
      await casesWithHNumberParty(ctx.db, [...new Set(lines.map((l) => l.saksmappeId))]),
    );
    for (const l of lines)
      for (const key of caseLogKeys(
        l.saksmappeId,
        { nationalIds: l.nationalIds, patientIds: l.patientIds ?? [] },
        hNumberParty.has(l.saksmappeId),
      ))
        ctx.audit.record(key, 'journalpost', [l.journalpostId]);
  }
  const entries = lines.map((l) => render(l, view));
  return {
    view: view === 'public' ? 'offentlig' : 'løpende',
    from,
    to,
    unit: unit ?? null,
    entries,
    organisation: await organisationName(ctx.db),
  };
}

/**
 * Document content one request may carry (issue 12: no query takes the service down): each
 * contentBase64 is read whole and sent as base64 in one JSON answer, so aliases of a large
 * document multiplied it without limit (the cost estimate counts fields, not bytes). Past
 * the budget a document answers RESPONSE_TOO_LARGE; fetch it in a request of its own, or use
 * the evidence bundle (lib/bundle), which streams.
 */
/**
 * Open access requests one answer lists, nearest deadline first (as archiveQuarantine's
 * 1,000): the list was every open request in reach, priced by the gateway as ten.
 */
export const MAX_OPEN_REQUESTS = 1000;

export const CONTENT_BYTES_PER_REQUEST = 64 * 1024 * 1024;
const contentSpent = new WeakMap<object, number>();

function spendContentBudget(ctx: SubgraphContext, bytes: number): void {
  const spent = (contentSpent.get(ctx) ?? 0) + bytes;
  if (spent > CONTENT_BYTES_PER_REQUEST)
    throw new GraphQLError(
      `document content in one request is limited to ${CONTENT_BYTES_PER_REQUEST} bytes; ask for fewer documents at a time`,
      { extensions: { code: 'RESPONSE_TOO_LARGE' } },
    );
  contentSpent.set(ctx, spent);
}

/** The postjournal and the løpende journal under the configured limits (index.ts merges them in). */
export function journalResolvers(
  limits: ArchiveLimits,
): Required<Pick<QueryResolvers, 'postjournal' | 'loependeJournal'>> {
  return {
    postjournal(_, args, ctx) {
      requireAction(ctx, 'postjournal');
      return journal(ctx, args, 'public', limits);
    },
    async loependeJournal(_, args, ctx) {
      requireAction(ctx, 'loependeJournal');
      return journal(ctx, args, 'full', limits);
    },
  };
}

export const resolvers: Resolvers = {
  // A researcher's cohort (lib/policy/research-resolvers.ts): pseudonymised, approved variables only.
  ResearchSubject: {
    __resolveReference: (ref, ctx) => subjectReference(ctx, ref.pseudonym),
    cases: (s, _, ctx) => researchCases(ctx, s),
  },
  Query: {
    async saksmappe(_, a, ctx) {
      ctx.policy.requireKind(ctx.audit, 'saksmappe');
      let row: SaksmappeRow | null;
      if (a.id) row = await saksmappeLoader(ctx).load(a.id);
      else if (a.saksaar != null && a.sakssekvensnummer != null)
        row = await saksmappeByNumber(ctx.db, a.saksaar, a.sakssekvensnummer);
      else throw badInput('give id, or saksaar and sakssekvensnummer');
      row = await reachableCase(
        ctx,
        'saksmappe',
        row,
        (r) => r.id,
        (r) => caseDates(ctx, r),
      );
      if (row) await auditCase(ctx, row.id, 'saksmappe', [row.id]);
      return row;
    },
    async journalpost(_, a, ctx) {
      ctx.policy.requireKind(ctx.audit, 'journalpost');
      let row: JournalpostRow | null;
      if (a.id) row = await journalpostLoader(ctx).load(a.id);
      else if (a.registreringsId) row = await journalpostByRegistreringsId(ctx.db, a.registreringsId);
      else throw badInput('give id or registreringsId');
      row = await reachableCase(
        ctx,
        'journalpost',
        row,
        (r) => r.saksmappe_id,
        (r) => r.journaldato,
      );
      if (row) await auditCase(ctx, row.saksmappe_id, 'journalpost', [row.id]);
      return row;
    },
    async archiveQuarantine(_, { first }, ctx) {
      requireAction(ctx, 'archiveQuarantine');
      if (first < 1 || first > 1000) throw badInput('first must be between 1 and 1000');
      return quarantineEntries(ctx.db, first);
    },
    async partyConflicts(_, { first, includeResolved }, ctx) {
      requireAction(ctx, 'partyConflicts');
      if (first < 1 || first > 1000) throw badInput('first must be between 1 and 1000');
      return partyConflicts(ctx.db, first, includeResolved);
    },
    async accessRequest(_, { id }, ctx) {
      requireAction(ctx, 'openAccessRequests');
      const row = await accessRequestById(ctx.db, id);
      // An unknown id and one out of reach (the patient, or the request's date) answer alike.
      ctx.policy.require(
        ctx.audit,
        'access_request',
        row
          ? accessRequestSubject({ saksmappeId: row.saksmappe_id, patientId: row.patient_id })
          : { patientIds: [`unknown:${id}`] },
        row?.received_on,
      );
      if (!row) return null;
      ctx.policy.requireRequestHandler(ctx.audit, row.patient_id, row.saksansvarlig);
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async openAccessRequests(_, { first }, ctx) {
      requireAction(ctx, 'openAccessRequests');
      if (first < 1 || first > MAX_OPEN_REQUESTS)
        throw badInput(`first must be between 1 and ${MAX_OPEN_REQUESTS}`);
      const rows = (await openAccessRequests(ctx.db)).filter((r) => requestInReach(ctx, r)).slice(0, first);
      for (const r of rows)
        ctx.audit.record(r.patient_id, 'access_request', [r.saksmappe_id], r.saksmappe_id);
      return rows;
    },
  },
  PartyConflict: {
    entityType: (c) => c.entity_type,
    entityId: (c) => c.entity_id,
    // The case and its parties as saksmappe(id) reads them: the policy, and the read logged under
    // every person the case concerns (caseReachedFrom).
    saksmappe: (c, _, ctx) => caseReachedFrom(ctx, c.saksmappe_id),
    journalpost: (c, _, ctx) =>
      journalpostReachedFrom(ctx, c.entity_type === 'journalpost' ? c.entity_id : null),
    partiesKept: (c) => c.parties.length,
    async parties(c, _, ctx) {
      await caseReachedFrom(ctx, c.saksmappe_id);
      // Logged under each person named too: once the removal is accepted, the case no longer
      // concerns them (caseReachedFrom logs under those it does), yet their names are read here
      // (pasientjournalforskriften § 14).
      for (const p of c.parties)
        if (personId(p.part_id))
          ctx.audit.record(nationalIdSubject(p.part_id), 'saksmappe', [c.saksmappe_id]);
      return c.parties.map((p) => ({ name: p.part_navn, role: p.part_rolle }));
    },
    sourceFile: (c) => c.source_file,
    extractedAt: (c) => (c.extracted_at ? osloIso(new Date(c.extracted_at)) : null),
    openedAt: (c) => osloIso(new Date(c.opened_at)),
    resolvedBy: (c) => c.resolved_by,
    resolvedAt: (c) => (c.resolved_at ? osloIso(new Date(c.resolved_at)) : null),
    resolutionReason: (c) => c.resolution_reason,
    sourceNamedPartiesAt: (c) =>
      c.source_named_parties_at ? osloIso(new Date(c.source_named_parties_at)) : null,
  },
  QuarantineEntry: {
    quarantinedAt: (q) => new Date(q.quarantined_at).toISOString(),
    sourceFile: (q) => q.source_file,
    rawSize: (q) => q.raw_size,
    rawSha256: (q) => q.raw_sha256 || null,
  },
  Mutation: {
    async registerAccessRequest(_, { input }, ctx) {
      await requireRequestAction(ctx, 'registerAccessRequest', { patientId: input.patientId });
      const parsed = AccessRequestInput.safeParse(input);
      if (!parsed.success) throw badInput(`invalid access request: ${zodIssues(parsed.error)}`);
      const patientNationalId = parsed.data.patientNationalId ?? null;
      // Both keys must be in reach: the record id and the national id the case is filed under
      // (an archivist on purpose ACCESS_REQUEST brings the patient into reach by registering).
      ctx.policy.requireRequestRegistration(ctx.audit, 'access_request', {
        patientIds: [parsed.data.patientId],
      });
      if (patientNationalId)
        ctx.policy.requireRequestRegistration(ctx.audit, 'access_request', {
          nationalIds: [patientNationalId],
        });
      // Birth date, death date and relatives as registered (the journal room), not only as typed.
      // Without a national id, the record must be in the journal without one (and without one on
      // a record linked to it): a person known by an H-nummer only (pbrl. § 5-1; registeredFacts);
      // and one person's: no record of it holds one H-nummer from more than one source system
      // (pasientjournalloven § 22: it may be two persons, and the case handler would reach both).
      const facts = await registeredFacts(ctx.db, parsed.data.patientId, patientNationalId);
      // The journal's registered facts were read for a request that is then refused: the
      // attempt is logged under the patient as every refused read is (pasientjournalforskriften
      // § 14; pasientjournalloven § 22: a case handler reaches the patient only once the request
      // is registered), and under the national id too when the two name different persons.
      const refused = (rule: string): GraphQLError => {
        ctx.audit.denied(parsed.data.patientId, 'access_request', rule);
        if (facts?.mismatch && patientNationalId)
          ctx.audit.denied(nationalIdSubject(patientNationalId), 'access_request', rule);
        return badInput(rule);
      };
      if (facts?.mismatch) throw refused(`invalid access request: ${facts.mismatch}`);
      if (!patientNationalId && !facts?.found)
        throw refused(
          `invalid access request: patientNationalId is required unless patient ${parsed.data.patientId} is a journal record without a fødselsnummer or D-number (a person known by an H-nummer only); ${facts ? 'no such patient record' : 'the journal cannot be read here'}`,
        );
      let row: AccessRequestRow;
      try {
        row = await registerAccessRequest(ctx.db, parsed.data, ctx.caller.userId, facts);
      } catch (err) {
        if (err instanceof AccessRequestError) throw refused(err.message);
        throw err;
      }
      reachChanged();
      // The reach may have grown: an archivist on purpose ACCESS_REQUEST now reaches the patient
      // (lib/policy compileAccessRequests), and the answer shows the case.
      ctx.policy = await recompilePolicy(ctx.db, ctx.caller);
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async extendAccessRequest(_, { input }, ctx) {
      await requireRequestAction(ctx, 'extendAccessRequest', { saksmappeId: input.saksmappeId });
      const parsed = ExtensionInput.safeParse(input);
      if (!parsed.success) throw badInput(`invalid extension: ${zodIssues(parsed.error)}`);
      await requireRequestPatient(ctx, parsed.data.saksmappeId);
      const row = await accessRequestCall(() => extendAccessRequest(ctx.db, parsed.data, ctx.caller.userId));
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async recordAccessRequestConsent(_, { input }, ctx) {
      await requireRequestAction(ctx, 'recordAccessRequestConsent', { saksmappeId: input.saksmappeId });
      const parsed = ConsentInput.safeParse(input);
      if (!parsed.success) throw badInput(`invalid consent: ${zodIssues(parsed.error)}`);
      await requireRequestPatient(ctx, parsed.data.saksmappeId);
      const row = await accessRequestCall(() =>
        recordAccessRequestConsent(ctx.db, parsed.data, ctx.caller.userId),
      );
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async closeAccessRequest(_, { saksmappeId, decision }, ctx) {
      await requireRequestAction(ctx, 'closeAccessRequest', { saksmappeId });
      await requireRequestPatient(ctx, saksmappeId);
      const parsed = CloseInput.safeParse(decision);
      if (!parsed.success) throw badInput(`invalid decision: ${zodIssues(parsed.error)}`);
      const row = await accessRequestCall(() =>
        closeAccessRequest(ctx.db, saksmappeId, parsed.data, ctx.caller.userId),
      );
      // The handler's reach of purpose ACCESS_REQUEST ends with the request (lib/policy/reach-cache.ts).
      reachChanged();
      if (!row) throw badInput(`no open access request with saksmappe ${saksmappeId}`);
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async handOverAccessRequest(_, { saksmappeId, saksansvarlig }, ctx) {
      // Administration of the archive (lib/policy ACTIONS: purpose ARCHIVE_ADMINISTRATION): the
      // reach of purpose ACCESS_REQUEST moves with the saksansvarlig (pasientjournalloven § 22
      // with helsepersonelloven § 21a), so a case handler never hands a request to themselves.
      await requireRequestAction(ctx, 'handOverAccessRequest', { saksmappeId });
      const parsed = HandOverInput.safeParse({ saksmappeId, saksansvarlig });
      if (!parsed.success) throw badInput(`invalid handover: ${zodIssues(parsed.error)}`);
      await requireRequestPatient(ctx, parsed.data.saksmappeId);
      const row = await accessRequestCall(() =>
        handOverAccessRequest(ctx.db, parsed.data, ctx.caller.userId),
      );
      // The reach moved to the new saksansvarlig (lib/policy/reach-cache.ts).
      reachChanged();
      ctx.audit.record(row.patient_id, 'access_request', [row.saksmappe_id], row.saksmappe_id);
      return row;
    },
    async changeTittel(_, a, ctx) {
      requireAction(ctx, 'changeTittel');
      if (!a.tittel.trim()) throw badInput('tittel must not be empty');
      // At most ARCHIVE_TITLE_MAX characters, both titles, before anything is read or written
      // (review s39: about 900 KB went into the titles, the postjournal and the search index).
      if (a.tittel.trim().length > ARCHIVE_TITLE_MAX)
        throw badInput(`tittel is longer than ${ARCHIVE_TITLE_MAX} characters`);
      if (a.offentligTittel && a.offentligTittel.length > ARCHIVE_TITLE_MAX)
        throw badInput(`offentligTittel is longer than ${ARCHIVE_TITLE_MAX} characters`);
      // A public title is published: never with a fødselsnummer in it (postjournal.ts).
      if (a.offentligTittel && containsNationalId(a.offentligTittel))
        throw badInput('offentligTittel contains a fødselsnummer or D-nummer: it would be published');
      const r = await changeTittel(
        ctx.db,
        a.id,
        a.tittel.trim(),
        a.offentligTittel === undefined ? undefined : a.offentligTittel,
        ctx.caller.userId,
      );
      if (!r) throw badInput(`no saksmappe or journalpost with systemID ${a.id}`);
      return { id: a.id, entityType: r.entityType, loggedInEndringslogg: r.logged };
    },
    async resolvePartyConflict(_, { id, resolution, reason }, ctx) {
      requireAction(ctx, 'resolvePartyConflict');
      const why = reason.trim();
      if (!why) throw badInput('reason must not be empty');
      if (why.length > ARCHIVE_TEXT_MAX)
        throw badInput(`reason is longer than ${ARCHIVE_TEXT_MAX} characters`);
      try {
        return await resolvePartyConflict(ctx.db, id, resolution, why, ctx.caller.userId);
      } catch (err) {
        if (err instanceof PartyConflictError) throw badInput(err.message);
        throw err;
      }
    },
    async setSkjerming(_, a, ctx) {
      requireAction(ctx, 'setSkjerming');
      const input = a.skjerming ?? null;
      if (input) {
        const problems = skjermingProblems(input);
        if (problems.length) throw badInput(`invalid skjerming: ${problems.join('; ')}`);
      }
      const r = await setSkjerming(ctx.db, a.id, input, ctx.caller.userId);
      if (!r) throw badInput(`no saksmappe or journalpost with systemID ${a.id}`);
      // Which record, by whom, whether it was set or lifted; never its values or titles.
      if (r.changed)
        log.info(
          {
            id: a.id,
            entityType: r.entityType,
            by: ctx.caller.userId,
            lifted: !input,
            endringslogg: r.logged,
          },
          input ? 'skjerming set' : 'skjerming lifted',
        );
      return {
        id: a.id,
        entityType: r.entityType,
        skjerming: input && skjermingField({ skjerming: [skjermingFields(input)] }),
        changed: r.changed,
        loggedInEndringslogg: r.logged && r.changed,
      };
    },
  },
  Postjournal: {
    html: (p) =>
      renderHtml({
        view: p.view === 'offentlig' ? 'public' : 'full',
        from: p.from,
        to: p.to,
        unit: p.unit,
        entries: p.entries,
        organisation: p.organisation,
      }),
  },
  Patient: {
    // The person's keys are the journal's, never the representation's (lib/policy/patient-ref.ts:
    // a forged nationalIds opened another person's cases; review s39).
    __resolveReference: (ref, ctx) => journalPatient(ctx, ref),
    async cases(p, _, ctx) {
      // The person: this record first (a refusal is logged under it), every record linked to
      // it, and their national ids (the journal's).
      const recordIds = [p.id, ...(p.recordIds ?? []).filter((id) => id !== p.id)];
      const person = { patientIds: recordIds, nationalIds: p.nationalIds ?? [] };
      ctx.policy.require(ctx.audit, 'saksmappe', person);
      // By national id, and the access requests filed under one of the person's records alone
      // (a person known by an H-nummer only: archive.subject_record, migration 026), never
      // another source's record of the number; a request filed under record A is a case of the
      // records linked to A too, as a case found by national id is (review s36 F1).
      const lists = await Promise.all([
        casesByNationalId(ctx).loadMany(p.nationalIds ?? []),
        casesByRecordId(ctx).loadMany(recordIds),
      ]);
      const all = new Map<string, SaksmappeRow>();
      for (const list of lists.flat()) if (Array.isArray(list)) for (const c of list) all.set(c.id, c);
      // Cases dated within the caller's period of this person (caseDates), and not
      // another case handler's access-request case: the patient is in reach through the
      // caller's own request, that case (its requester, legal interest, letters) is not, on
      // this path (the dossier and the access bundle read through it) as on saksmappe(id)
      // (pasientjournalloven § 22 with helsepersonelloven § 21a; found in review).
      const candidates = [...all.values()];
      const [dates, others] = await Promise.all([
        Promise.all(candidates.map((c) => caseDates(ctx, c))),
        Promise.all(candidates.map((c) => otherHandlersRequestCase(ctx, c.id))),
      ]);
      // An access-request case follows the patient whose record is requested (caseSubject, lib/policy
      // accessRequestSubject), and is read under its request (a case handler's, on purpose
      // ACCESS_REQUEST, whose token names none: lib/policy AccessPolicy.reach). Judged by the person
      // asked about, it was a case of the relative whose national id it was filed with (review s45).
      const requests = await Promise.all(candidates.map((c) => requestOfCaseLoader(ctx).load(c.id)));
      const subjects = await Promise.all(
        // Any other case is judged by the person asked about, and is the case it is (Subject.caseId):
        // one two of a case handler's open requests concern is left out unless the token names one.
        candidates.map((c, i) =>
          requests[i] ? caseSubject(ctx, c.id) : Promise.resolve({ ...person, caseId: c.id }),
        ),
      );
      const cases = candidates.filter(
        (_, i) => !others[i] && ctx.policy.visible('saksmappe', subjects[i]!, dates[i]),
      );
      cases.sort((a, b) => a.saksdato.localeCompare(b.saksdato) || a.id.localeCompare(b.id));
      // Under every person each case concerns (its parties; a party named by an H-nummer: the case
      // itself), as saksmappe(id) logs its read (caseLogKeys; pasientjournalforskriften § 14: a
      // party may see who read a case about them). Logged under the person asked about only, a
      // relative named in a letter of the case never saw the reads of the dossier, the access
      // bundle and the evidence bundle, which read through here (found in review s39;
      // test/access-review-s39.e2e.test.ts). A case of the record asked about (a key of the record
      // itself: ownLogKeys) is logged under it (patientLogKeys: and, for a record id the journal
      // does not have, under the national ids given; review s40); a case found through a record
      // linked to it, under that record's own key: logged under the record asked about, it left
      // the linked person's access log once an archivist unlinked the two (review s40,
      // test/access-review-s40.e2e.test.ts).
      const own = ownLogKeys(p);
      const asked = patientLogKeys(p);
      const keys = await Promise.all(
        cases.map(async (c) => {
          const [parties, hNumberParty] = await Promise.all([
            caseParties(ctx, c.id),
            hNumberPartyLoader(ctx).load(c.id),
          ]);
          return caseLogKeys(c.id, parties, hNumberParty);
        }),
      );
      const ownCases = cases.filter((_, i) => keys[i]!.some((key) => own.has(key)) || !keys[i]!.length);
      // A case handler's rows name the request the person was read under (requestMatterFor),
      // under the other parties' keys too (pasientjournalforskriften § 14).
      const matter = ctx.policy.requestMatterFor(person);
      if (ownCases.length)
        for (const key of asked)
          ctx.audit.record(
            key,
            'saksmappe',
            ownCases.map((c) => c.id),
            matter,
          );
      cases.forEach((c, i) => {
        for (const key of keys[i]!) if (!own.has(key)) ctx.audit.record(key, 'saksmappe', [c.id], matter);
      });
      return cases;
    },
  },
  Saksmappe: {
    // Reached from a search hit (or any other subgraph): the same policy and log as saksmappe(id).
    async __resolveReference(ref, ctx) {
      const row = await reachableCase(
        ctx,
        'saksmappe',
        await saksmappeLoader(ctx).load(ref.id),
        (r) => r.id,
        (r) => caseDates(ctx, r),
      );
      if (row) await auditCase(ctx, row.id, 'saksmappe', [row.id]);
      return row;
    },
    mappeId: (s) => s.mappe_id,
    offentligTittel: (s) => s.offentlig_tittel,
    saksdato: (s) => s.saksdato,
    administrativEnhet: (s) => s.administrativ_enhet ?? null,
    saksansvarlig: (s) => s.fields?.saksansvarlig?.[0] ?? null,
    avsluttetDato: (s) => s.fields?.avsluttetDato?.[0] ?? null,
    klasseId: (s, _, ctx) => (s.klasse_ref ? klasseLoader(ctx).load(s.klasse_ref) : null),
    skjerming: (s) => skjermingField(s.complex),
    merknader: (s, _, ctx) => merknader(ctx, 'saksmappe', s.id, s.complex, s.saksdato),
    parts: async (s, _, ctx) =>
      (await partsLoader(ctx).load(s.id)).map((p) => ({ name: p.part_navn, role: p.part_rolle })),
    // Each journalpost is dated: a caller whose matter covers a period sees only the
    // journalposter inside it, on this path as on journalpost(id). The read is logged.
    journalposter: async (s, _, ctx) => {
      const subject = await caseSubject(ctx, s.id);
      const rows = (await journalposterLoader(ctx).load(s.id)).filter((j) =>
        ctx.policy.visible('journalpost', subject, j.journaldato),
      );
      if (rows.length)
        await auditCase(
          ctx,
          s.id,
          'journalpost',
          rows.map((j) => j.id),
        );
      return rows;
    },
    history: (s, _, ctx) => saksmappeHistory(ctx, s),
  },
  Journalpost: {
    registreringsId: (j) => j.registrerings_id,
    saksmappe: (j, _, ctx) => caseReachedFrom(ctx, j.saksmappe_id),
    dokumentetsDato: (j) => j.dokumentets_dato,
    offentligTittel: (j) => j.offentlig_tittel,
    skjerming: (j) => skjermingField(j.complex),
    merknader: (j, _, ctx) => merknader(ctx, 'journalpost', j.saksmappe_id, j.complex, j.journaldato),
    korrespondanseparter: (j, _, ctx) => correspondents(ctx, j),
    history: (j, _, ctx) => journalpostHistory(ctx, j),
    documents: async (j, args, ctx) => {
      const screened = skjermingOf(j.complex)?.dokument === SCREEN.wholeDocument;
      // With an id, that document only (the evidence bundle fetches one file per request, under
      // the content budget): only it is read and logged.
      const docs = (await documentsLoader(ctx).load(j.id)).filter((d) => args.id == null || d.id === args.id);
      // A document's title, file name, size and checksum are a read of the document
      // (pasientjournalforskriften § 14), logged as its content is (found in review s38: only
      // contentBase64 was).
      if (docs.length)
        await auditCase(
          ctx,
          j.saksmappe_id,
          'archive_document',
          docs.map((d) => d.id),
        );
      return docs.map((d) => ({
        ...d,
        screened,
        saksmappeId: j.saksmappe_id,
        journaldato: j.journaldato,
      }));
    },
  },
  // A page's extracted text is as long as the document's page (an OCR'd scan, a PDF's text
  // layer): it counts against the request's text budget (lib/text-budget.ts, RESPONSE_TOO_LARGE
  // past it; s47: only the 64 MiB content budget counted it, not RESPONSE_MAX_TEXT_BYTES), beside
  // the content budget pageTexts already spends.
  DocumentPageContent: {
    text: (p, _, ctx) => chargeText(ctx, 'document page text', p.text),
  },
  ArchiveDocument: {
    fileName: (d) => d.referanse_dokumentfil,
    size: (d) => d.filstoerrelse,
    sha256: (d) => d.sjekksum,
    async textExtraction(d, _, ctx) {
      return textExtractionLoader(ctx).load(d.id);
    },
    async pageTexts(d, _, ctx) {
      // As contentBase64: the policy first (a refusal is logged as denied), no text of a
      // quarantined document, the content budget, then the read logged as its own kind.
      ctx.policy.require(ctx.audit, 'archive_document', await caseSubject(ctx, d.saksmappeId), d.journaldato);
      if (d.quarantined)
        throw new GraphQLError(
          `document ${d.referanse_dokumentfil} is quarantined: its file did not match the extract at import`,
          { extensions: { code: 'DOCUMENT_QUARANTINED' } },
        );
      const pages = await documentPageTexts(ctx.db, d.id);
      if (!pages) return null;
      spendContentBudget(
        ctx,
        pages.reduce((n, p) => n + Buffer.byteLength(p.text), 0),
      );
      await auditCase(ctx, d.saksmappeId, 'archive_document_text', [d.id]);
      return pages;
    },
    async contentBase64(d, _, ctx) {
      // Screened documents: only roles that see identifying data reach a document at all (lib/policy).
      ctx.policy.require(ctx.audit, 'archive_document', await caseSubject(ctx, d.saksmappeId), d.journaldato);
      if (d.quarantined) {
        throw new GraphQLError(
          `document ${d.referanse_dokumentfil} is quarantined: its file did not match the extract at import`,
          {
            extensions: { code: 'DOCUMENT_QUARANTINED' },
          },
        );
      }
      // Reserved by the declared size before the file is read, settled by its real one.
      const declared = Number(d.filstoerrelse) || 0;
      spendContentBudget(ctx, declared);
      const content = await documentContent(ctx.db, d.id);
      if (!content) return null;
      spendContentBudget(ctx, content.length - declared);
      await auditCase(ctx, d.saksmappeId, 'archive_document', [d.id]);
      return Buffer.from(content).toString('base64');
    },
  },
  AccessRequest: {
    saksmappe: (r, _, ctx) => caseReachedFrom(ctx, r.saksmappe_id),
    mappeId: (r) => r.mappe_id,
    patient: (r) => ({ __typename: 'Patient', id: r.patient_id }),
    requestType: (r) => r.request_type,
    requesterName: (r) => r.requester_name,
    requesterKinship: (r) => r.requester_kinship,
    legalInterest: (r) => r.legal_interest,
    patientDeceasedOn: (r) => r.patient_deceased_on,
    patientBirthDate: (r) => r.patient_birth_date,
    patientAgeAtReceipt: (r) => r.patient_age_at_receipt,
    patientLacksCapacity: (r) => r.patient_lacks_capacity,
    patientConsent: (r) => r.patient_consent,
    factsSource: (r) => r.facts_source,
    relativeCheck: (r) => r.relative_check,
    relativeCheckNote: (r) => r.relative_check_note,
    receivedAt: (r) => new Date(r.received_at).toISOString(),
    receivedOn: (r) => r.received_on,
    originalDeadline: (r) => r.original_deadline ?? r.deadline,
    deadlineRule: (r) => r.deadline_rule,
    extension: (r) =>
      r.extension_notice_on
        ? {
            noticeSentOn: r.extension_notice_on,
            months: r.extension_months ?? 0,
            reasons: r.extension_reasons ?? '',
          }
        : null,
    consent: (r) =>
      r.consent_given_on && r.consent_recorded_by && r.consent_recorded_at
        ? {
            givenOn: r.consent_given_on,
            recordedBy: r.consent_recorded_by,
            recordedAt: new Date(r.consent_recorded_at).toISOString(),
            journalpostId: r.consent_journalpost_id,
          }
        : null,
    legalBasis: (r) => r.legal_basis,
    incomingJournalpost: (r, _, ctx) => journalpostReachedFrom(ctx, r.incoming_journalpost_id),
    replyJournalpost: (r, _, ctx) => journalpostReachedFrom(ctx, r.reply_journalpost_id),
    outcome: (r) => r.outcome,
    withheld: (r) => r.withheld ?? [],
    outcomeReasons: (r) => r.outcome_reasons,
    appealRoute: (r) => r.appeal_route,
    handedOut: (r) => r.handed_out,
    closedBy: (r) => r.closed_by,
    closedAt: (r) => (r.closed_at ? new Date(r.closed_at).toISOString() : null),
    daysLeft(r, { asOf }) {
      if (asOf != null && !isRealDate(asOf)) throw badInput('asOf must be a real date (YYYY-MM-DD)');
      return daysBetween(asOf ?? osloDate(new Date()), r.deadline);
    },
    deemedRefused(r, { asOf }) {
      if (asOf != null && !isRealDate(asOf)) throw badInput('asOf must be a real date (YYYY-MM-DD)');
      // offentleglova § 32 første ledd: unanswered after five working days counts as refused.
      if (r.request_type !== 'OFFENTLEGLOVA') return false;
      const answered = r.closed_at ? osloDate(new Date(r.closed_at)) : null;
      const on = asOf ?? osloDate(new Date());
      return (answered === null || answered > r.deadline) && on > r.deadline;
    },
  },
  AccessConsent: {
    journalpost: (c, _, ctx) => journalpostReachedFrom(ctx, c.journalpostId),
  },
};
