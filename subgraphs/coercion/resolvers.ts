import { nationalIdSubject } from '../../lib/audit';
import { journalPatient, ownLogKeys, patientLogKeys } from '../../lib/policy/patient-ref';
import { GraphQLError } from 'graphql';
import { forbidden, type Period, type Subject } from '../../lib/policy/policy';
import type { PatientCoercionDecisionsArgs, Resolvers } from './generated/resolvers-types';
import type { SubgraphContext } from '../../lib/subgraph';
import {
  linksOf,
  markSameExecution,
  rowHelpKey,
  sameExecutionsOf,
  samePersons,
  undoSameExecution,
  type SameExecutionLink,
  type SameExecutionRow,
} from './same-execution';
import {
  approvalDecisionId,
  GRAPHQL_NAMES,
  laterSourceRevisions,
  recordCheckedApprovalChange,
  REVISED_AFTER_CHANGE_RULE,
} from './approval-change';
import type { Limits } from '../../lib/config';
import {
  approvedByStatsforvalterAt,
  buildReport,
  decisionsInPeriod,
  evaluate,
  forVerdict,
  earlierEmergencies,
  inFilter,
  judgingFilter,
  lookBackFilter,
  emergencyClaimIds,
  mergeExecutions,
  phvlUsesBefore,
  phvlMeasureClosure,
  type CoercionReportData,
  type EvaluatedExecution,
} from './evaluate';
import { isRealDate, osloDate, osloIso } from '../../lib/oslo-time';
import { renderReportSvg } from './report-svg';
import { measureKey } from './measure';
import {
  decisionIdsWithApprovalChanges,
  decisionsByIds,
  decisionsByPatients,
  countedPartners,
  executionsByIds,
  executionsByPatients,
  emergencyCandidates,
  executionsOfMeasures,
  executionsForReport,
  keptVersions,
  staffMembers,
  underKey,
  quarantinedOfPatients,
  type DecisionWithSources,
  type ExecutionFilter,
  type ExecutionRow,
  type KeptVersionRow,
  type StaffMember,
  type StoredApprovalChange,
} from './store';
import {
  decisionVersionOut,
  decisionVersions,
  executionVersionOut,
  executionVersions,
  reviewOf,
  versionKeys,
} from './history';
import { helpNumberKey, helpNumberKeys, helpNumberPatients } from '../journal/help-numbers';
import {
  changeBody,
  decisionLastValidDay,
  decisionProblems,
  reachLastDay,
  reviewingOffice,
  statuteOf,
} from './verdict';
import { researchDecisions, researchExecutions, subjectReference } from '../../lib/policy/research-resolvers';
import { expandPersons } from '../../lib/policy/store';
import { isHNumber } from '../../lib/national-id';

/** Patient as this subgraph sees it: the reference, with the fields it @requires. */
export interface PatientRef {
  id: string;
  nationalIds?: string[];
}

/** The period arguments every Patient field of this subgraph takes. */
type PeriodArgs = PatientCoercionDecisionsArgs;

/**
 * Coercion records are patient-level data for documenting a case: who reaches which
 * person's records, for which period, is the policy's (lib/policy). The asked period is
 * narrowed to the caller's.
 */
function policedPeriod(
  ctx: SubgraphContext,
  kind: 'coercion_decision' | 'coercion_execution',
  s: Subject,
  a: PeriodArgs,
): Period {
  const w = ctx.policy.window(ctx.audit, kind, s, { from: a.from ?? null, to: a.to ?? null });
  if ('rule' in w) throw forbidden(w.rule);
  return w;
}

const personOf = (p: PatientRef): Subject => ({ patientIds: [p.id], nationalIds: p.nationalIds ?? [] });

/**
 * The patient with the keys its coercion records are found by: its national ids, and the
 * H-number of each of its records under the record's source (journal/help-numbers.ts helpNumberKey: one
 * organisation's number, never another's). For reading records only; the policy is asked with
 * `personOf` (the journal patient and its national ids).
 */
async function withHelpNumbers(ctx: SubgraphContext, p: PatientRef): Promise<PatientRef> {
  const keys = await helpNumbersOf(ctx, p.id);
  return { ...p, nationalIds: [...new Set([...(p.nationalIds ?? []), ...keys])] };
}

/** The H-number keys of the person a journal patient record is (every linked record's). */
function helpNumbersOf(ctx: SubgraphContext, patientId: string): Promise<string[]> {
  return ctx
    .loader<string, string[]>('helpNumberKeys', async (ids) => {
      const persons = await expandPersons(
        ctx.db,
        ids.map((id, group) => ({ group, patientIds: [id], nationalIds: [] })),
      );
      return Promise.all(
        ids.map((id, group) => helpNumberKeys(ctx.db, [...(persons.get(group)?.patientIds ?? [id])])),
      );
    })
    .load(patientId);
}

/** The journal patient records of an H-number key (its source's record), per request. */
function journalPatientsOf(ctx: SubgraphContext, key: string): Promise<string[]> {
  return ctx
    .loader<string, string[]>('helpNumberPatients', (keys) => helpNumberPatients(ctx.db, keys))
    .load(key);
}

/**
 * Whom a coercion record concerns, as the policy is asked: its national id; for an H-number the
 * journal patient record of the same source with that number (never another source's) and the
 * number under its source's key, never the bare number, which a seed stored with it (an access
 * request before 2c33faf, a matter before 09a41ec) would match for every organisation's person of
 * it (pasientjournalloven § 22; review of stop 35). An H-number of a decision of two systems is
 * neither's key: it names no one here.
 */
async function subjectOf(
  ctx: SubgraphContext,
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
): Promise<Subject> {
  return subjectWith(row, (k) => journalPatientsOf(ctx, k));
}

/**
 * subjectOf with the journal patient records of an H-number key read by `patientsOf`: inside a
 * transaction, through it (recordCoercionApprovalChange's onDecision; fix FX8: on PGlite a read
 * through ctx.db inside the open transaction never finishes).
 */
export async function subjectWith(
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
  patientsOf: (key: string) => Promise<string[]>,
): Promise<Subject> {
  const key = rowHelpKey(row);
  if (key) return { patientIds: await patientsOf(key), nationalIds: [key] };
  return { patientIds: [], nationalIds: isHNumber(row.patient_nid) ? [] : [row.patient_nid] };
}

/**
 * The access-log subjects of a coercion record (pasientjournalforskriften § 14, pasientjournalloven
 * § 22: who read what of whom, and the patient may see it): under a national id `nid:<it>`, as
 * before. Under an H-nummer the person its source keeps under that number (helpNumberKey): that
 * source's journal patient record when there is exactly one (as its search document names it,
 * outbox.ts), else `nid:<SOURCE:number>` (as the policy logs a denial, policy.ts subjectKey; the
 * journal's access log lists these under the person's records: journal/access-log.ts). Never
 * the bare number, which names no one across organisations and which the patient's access log
 * cannot be asked by. A decision of two systems (migrated) under an H-nummer: one subject per
 * source system, its number not being known to be either's.
 */
async function auditSubjectsOf(
  ctx: SubgraphContext,
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
): Promise<string[]> {
  return auditSubjectsWith(row, (k) => journalPatientsOf(ctx, k));
}

/**
 * auditSubjectsOf with the journal patient records of an H-number key read by `patientsOf`
 * (the CLI's coercion-report, which has no request context: cli.ts).
 */
export async function auditSubjectsWith(
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
  patientsOf: (key: string) => Promise<string[]>,
): Promise<string[]> {
  if (!isHNumber(row.patient_nid)) return [nationalIdSubject(row.patient_nid)];
  const key = rowHelpKey(row);
  const keys = key
    ? [key]
    : [
        ...new Set(
          [row.source_system, ...(row.sources ?? []).map((s) => s.system)].map((s) =>
            helpNumberKey(s, row.patient_nid),
          ),
        ),
      ].sort();
  return Promise.all(
    keys.map(async (k) => {
      const ids = await patientsOf(k);
      return ids.length === 1 ? ids[0]! : nationalIdSubject(k);
    }),
  );
}

/** Logs a read of a coercion record under its person (auditSubjectsOf). */
async function recordRead(
  ctx: SubgraphContext,
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
  kind: 'coercion_decision' | 'coercion_execution',
  ids: string[],
): Promise<void> {
  for (const subject of await auditSubjectsOf(ctx, row)) ctx.audit.record(subject, kind, ids);
}

/**
 * Logs the coercion records a Patient field returned (pasientjournalforskriften § 14): a record of
 * the record asked about (its national id, or its H-number's source record: ownLogKeys) under that
 * record (patientLogKeys: and, for a record id the journal does not have, under the national ids
 * given; review s40), any other (found through a record linked to it) under its own person, as
 * coercionExecution(id) logs it (auditSubjectsOf). Logged under the record asked about, a linked
 * record's coercion records left its person's access log once an archivist unlinked the two
 * (found in review s40; test/access-review-s40.e2e.test.ts).
 */
async function recordListing(
  ctx: SubgraphContext,
  p: PatientRef,
  kind: 'coercion_decision' | 'coercion_execution',
  rows: readonly {
    id: string;
    row: { patient_nid: string; source_system: string; sources?: { system: string }[] };
  }[],
): Promise<void> {
  const byKey = await listingLogKeys(ownLogKeys(p), patientLogKeys(p), rows, (row) =>
    auditSubjectsOf(ctx, row),
  );
  for (const [key, ids] of byKey) ctx.audit.record(key, kind, ids);
}

/**
 * The access-log keys of a listing's coercion records, with the record ids under each: a record
 * whose person is one of `own` (the record asked about) under `asked`, any other under its own
 * person (`subjectsOf`). recordListing's rule, shared with the CLI's coercion-report (cli.ts).
 */
export async function listingLogKeys<R>(
  own: ReadonlySet<string>,
  asked: readonly string[],
  rows: readonly { id: string; row: R }[],
  subjectsOf: (row: R) => Promise<string[]>,
): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const { id, row } of rows) {
    const subjects = await subjectsOf(row);
    for (const key of subjects.some((s) => own.has(s)) ? asked : subjects) {
      const ids = byKey.get(key);
      if (ids) ids.push(id);
      else byKey.set(key, [id]);
    }
  }
  return byKey;
}

/**
 * The keys of the person a coercion record concerns (personNids), for judging it among the
 * person's records: for an H-number, the person of its source's journal record (national ids and
 * H-number keys), else the key alone; never the bare number, which other organisations may have
 * given to other people.
 */
async function personKeysOf(
  ctx: SubgraphContext,
  row: { patient_nid: string; source_system: string; sources?: { system: string }[] },
): Promise<string[]> {
  const key = rowHelpKey(row);
  if (!key) return personNids(ctx, row.patient_nid);
  const ids = await journalPatientsOf(ctx, key);
  if (!ids.length) return [key];
  const persons = await expandPersons(ctx.db, [{ group: 0, patientIds: ids, nationalIds: [] }]);
  const group = [...(persons.get(0)?.patientIds ?? ids)];
  return [
    ...new Set([key, ...(persons.get(0)?.nationalIds ?? []), ...(await helpNumberKeys(ctx.db, group))]),
  ].sort();
}

function checkPeriod(a: PeriodArgs): void {
  for (const [k, v] of [
    ['from', a.from],
    ['to', a.to],
  ] as const) {
    if (v != null && !isRealDate(v)) {
      throw new GraphQLError(`${k} must be a date YYYY-MM-DD`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
}

/** All decisions of these national ids, one query per request. */
function decisionsLoader(ctx: SubgraphContext) {
  return ctx.loader<string, DecisionWithSources[]>('decisionsByNid', async (nids) => {
    const rows = await decisionsByPatients(ctx.db, nids);
    // Under an H-number key only a decision of that one system (store.ts decisionsByPatients).
    return nids.map((nid) =>
      rows.filter(
        (r) =>
          r.patient_nid === nid || (underKey(nid, r) && r.sources.every((s) => s.system === r.source_system)),
      ),
    );
  });
}

async function decisionsOf(ctx: SubgraphContext, nids: readonly string[]): Promise<DecisionWithSources[]> {
  const lists = await decisionsLoader(ctx).loadMany(nids);
  // One decision once, when both a national id and a key find it.
  return [...new Map(lists.flatMap((l) => (Array.isArray(l) ? l : [])).map((d) => [d.id, d])).values()].sort(
    (a, b) => a.valid_from.localeCompare(b.valid_from) || a.id.localeCompare(b.id),
  );
}

/** What bounds the executions one answer judges (lib/config.ts: COERCION_MAX_EXECUTIONS). */
export type CoercionLimits = Pick<Limits, 'coercionMaxExecutions'>;

/**
 * Executions per (national ids, filter), batched per filter: at most `max` in all (read with
 * a LIMIT of one more); more is BAD_USER_INPUT naming the limit, never a history cut short.
 * Every execution of the period is judged and counted for a report, so the cap is on what is
 * read, whatever the verdict filter leaves.
 */
function executionsLoader(ctx: SubgraphContext, f: ExecutionFilter, max: number, forReport = false) {
  const key = JSON.stringify([
    f.from ?? null,
    f.to ?? null,
    f.measure ?? null,
    f.executedBy ?? null,
    forReport,
  ]);
  return ctx.loader<string, ExecutionRow[]>(`executions:${key}`, async (nids) => {
    const rows = await (forReport ? executionsForReport : executionsByPatients)(ctx.db, nids, f, max + 1);
    if (rows.length > max)
      throw new GraphQLError(
        `more than ${max} coercion executions ${f.from || f.to ? 'in the period' : 'in the record'}; one answer judges at most ${max} (COERCION_MAX_EXECUTIONS): ask for a shorter period (from, to)`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    const by = new Map<string, ExecutionRow[]>(nids.map((n) => [n, []]));
    for (const r of rows)
      for (const k of new Set([r.patient_nid, helpNumberKey(r.source_system, r.patient_nid)]))
        by.get(k)?.push(r);
    return nids.map((n) => by.get(n)!);
  });
}

/** Staff identifiers → the person they belong to, per request. */
async function staffOf(ctx: SubgraphContext, ids: readonly string[]) {
  const list = await ctx
    .loader<string, StaffMember>('staffMember', async (keys) => {
      const m = await staffMembers(ctx.db, keys);
      return keys.map((k) => m.get(k)!);
    })
    .loadMany(ids);
  return new Map(ids.map((id, i) => [id, list[i] as StaffMember]));
}

/** evaluatedFor's answers of one request (its context), by person keys, filter and cap: judgedOnce. */
const judged = new WeakMap<SubgraphContext, Map<string, ReturnType<typeof evaluatedFor>>>();

/**
 * evaluatedFor, once per request for a person's keys, filter and cap. `coercionDecisions {
 * executions }` judged all of a person's executions again for each decision listed: D × N
 * judgements for one answer (left open at stop 39), where the verdicts are the same for each.
 * A refusal (over the cap) is each asking decision's, as before.
 */
function judgedOnce(
  ctx: SubgraphContext,
  p: PatientRef,
  f: ExecutionFilter,
  max: number,
): ReturnType<typeof evaluatedFor> {
  const key = JSON.stringify([
    [...(p.nationalIds ?? [])].sort(),
    f.from ?? null,
    f.to ?? null,
    f.measure ?? null,
    f.executedBy ?? null,
    max,
  ]);
  let answers = judged.get(ctx);
  if (!answers) judged.set(ctx, (answers = new Map()));
  let answer = answers.get(key);
  if (!answer) answers.set(key, (answer = evaluatedFor(ctx, p, f, max)));
  return answer;
}

async function evaluatedFor(
  ctx: SubgraphContext,
  p: PatientRef,
  f: ExecutionFilter,
  max: number,
  forReport = false,
): Promise<{
  evaluated: EvaluatedExecution[];
  decisions: DecisionWithSources[];
  staff: Map<string, StaffMember>;
  /** A report's EMERGENCY_A executions before the period (evaluate.ts lookBackFilter). */
  earlier: EvaluatedExecution[];
}> {
  const nids = p.nationalIds ?? [];
  const read = async (filter: ExecutionFilter) => {
    const lists = await executionsLoader(ctx, filter, max, forReport).loadMany(nids);
    // A refusal (over the cap) is the answer's, not a missing list.
    const refused = lists.find((l) => l instanceof Error);
    if (refused) throw refused;
    return [
      ...new Map(lists.flatMap((l) => (Array.isArray(l) ? l : [])).map((x) => [x.id, x])).values(),
    ].sort((a, b) => a.start_at.getTime() - b.start_at.getTime() || a.id.localeCompare(b.id));
  };
  const [decisions, asked] = await Promise.all([decisionsOf(ctx, nids), read(f)]);
  // phvl. § 4-8: the uses before the period (or of other measures and staff) are judged too.
  // Within the period (every measure and staff member, under its cap) and, apart, the uses of
  // the § 4-8 decisions before it, outside the cap (evaluate.ts phvlUsesBefore; review s34).
  const wider = judgingFilter(f, decisions);
  const uses = wider ? phvlUsesBefore(f, wider, decisions) : null;
  const within = wider
    ? mergeExecutions(
        f.measure || f.executedBy ? await read({ from: f.from, to: f.to }) : asked,
        uses ? await executionsOfMeasures(ctx.db, nids, uses, uses.measures, max) : [],
      )
    : asked;
  // A report reads the emergencies of the year before the period too: they count for the
  // patterns (hol. § 9-5 tredje ledd b), never for the cap, whose refusal would tell the caller
  // of executions outside the period (review s34). At most as many as the cap, the latest.
  const back = forReport ? lookBackFilter(f) : null;
  const rows = back
    ? mergeExecutions(
        within,
        await emergencyCandidates(ctx.db, nids, back, emergencyClaimIds(decisions), max),
      )
    : within;
  const staff = await staffOf(ctx, [...new Set(rows.flatMap((r) => r.executed_by))]);
  const evaluated = evaluate(rows, decisions, staff, await countedPartners(ctx.db, rows));
  return {
    evaluated: wider || back ? evaluated.filter((e) => inFilter(e.row, f)) : evaluated,
    decisions,
    staff,
    earlier: back ? earlierEmergencies(evaluated, f) : [],
  };
}

/**
 * The national ids of the person behind a national id: the records the journal has linked as
 * one person (a D-number record and a fødselsnummer record; lib/policy expandPersons), as
 * `Patient.nationalIds` gives them to the person's listing. An execution read by id is judged
 * against the same decisions as in that listing (review s32: one under the D-number was
 * UNDETERMINED by id and in the dossier, VALID in the listing, the decision being under the
 * fødselsnummer).
 */
function personNids(ctx: SubgraphContext, nid: string): Promise<string[]> {
  return ctx
    .loader<string, string[]>('personNids', async (nids) => {
      const persons = await expandPersons(
        ctx.db,
        nids.map((n, group) => ({ group, patientIds: [], nationalIds: [n] })),
      );
      return nids.map((n, group) => [...new Set([n, ...(persons.get(group)?.nationalIds ?? [])])].sort());
    })
    .load(nid);
}

/** One execution with its verdict, judged against all its person's decisions. */
async function evaluatedById(
  ctx: SubgraphContext,
  id: string,
  max: number,
): Promise<EvaluatedExecution | null> {
  const row = await ctx
    .loader<string, ExecutionRow | null>('executionById', async (ids) => {
      const rows = new Map((await executionsByIds(ctx.db, ids)).map((r) => [r.id, r]));
      return ids.map((i) => rows.get(i) ?? null);
    })
    .load(id);
  if (!row) return null;
  // Judged among the person's executions of that measure (every linked record's): phvl.
  // § 4-8 counts uses per decision in order, and only an execution of a decision's measure can
  // use it (with those of the measures a § 4-8 decision shares with it: phvlMeasureClosure). Judged once per person and measure in a request (a page of executions asked by id
  // must not judge the whole history once per execution). Read oldest first, at most the cap,
  // and never refused: the rest of the record is outside what the caller asked (and may be
  // outside their period), and "more than N … in the record" told a legal user of it
  // (pasientjournalloven § 22; review s34). An execution past the first `max` of its measure is
  // judged alone against the decisions (the same verdict but for a § 4-8 decision's first use).
  const nids = await personKeysOf(ctx, row);
  const judged = ctx.loader<
    string,
    { byId: Map<string, EvaluatedExecution>; decisions: DecisionWithSources[] }
  >('evaluatedByMeasure', (keys) =>
    Promise.all(
      keys.map(async (key) => {
        const [person, measure] = JSON.parse(key) as [string[], string];
        const decisions = await decisionsOf(ctx, person);
        const measures = phvlMeasureClosure(measure, decisions);
        const rows = await executionsOfMeasures(ctx.db, person, {}, measures, max, true);
        const staff = await staffOf(ctx, [...new Set(rows.flatMap((r) => r.executed_by))]);
        const partners = await countedPartners(ctx.db, rows);
        return {
          byId: new Map(evaluate(rows, decisions, staff, partners).map((e) => [e.row.id, e])),
          decisions,
        };
      }),
    ),
  );
  const { byId, decisions } = await judged.load(JSON.stringify([nids, row.measure]));
  const found = byId.get(id);
  if (found) return found;
  return (
    evaluate(
      [row],
      decisions,
      await staffOf(ctx, row.executed_by),
      await countedPartners(ctx.db, [row]),
    )[0] ?? null
  );
}

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? osloIso(d) : null;
}
const ref = (id: string) => ({ __typename: 'Practitioner' as const, id });

/**
 * A decision reached through another record (the execution it covers, a report row): the
 * same rule as CoercionDecision by reference (its validity must overlap the caller's period)
 * and the same access-log row (pasientjournalforskriften § 14: every read is logged). Out of
 * reach: null, and the denial logged.
 */
async function decisionReached(
  ctx: SubgraphContext,
  d: DecisionWithSources | null,
  patient?: PatientRef,
): Promise<DecisionWithSources | null> {
  if (!d) return null;
  const period = decisionPeriod(d);
  if (!ctx.policy.admits(ctx.audit, 'coercion_decision', await subjectOf(ctx, d), period)) return null;
  if (patient) await recordListing(ctx, patient, 'coercion_decision', [{ id: d.id, row: d }]);
  else await recordRead(ctx, d, 'coercion_decision', [d.id]);
  return d;
}

/**
 * The period a decision belongs to for the policy (a legal user's matter period): its validity,
 * a hol-9-5b/c or pbrl-4A decision without an end date to one year at most (hol. § 9-7, pbrl.
 * § 4A-5; verdict.ts `reachLastDay`). Review s42: such a decision reached every later matter.
 */
function decisionPeriod(d: { legal_basis: string; valid_from: string; valid_to: string | null }) {
  return { from: d.valid_from, to: reachLastDay(d.legal_basis, d.valid_from, d.valid_to) };
}

/**
 * A reference to a coercion record that does not exist: null for a caller who reaches everyone,
 * and for a caller with a limited reach the refusal a record out of reach gets, logged as a
 * denied attempt (pasientjournalloven § 22: an unknown record and one out of reach answer alike,
 * as coercionExecution(id) and a Saksmappe reference do). Found in review s39: `_entities`
 * answered null for an unknown id and FORBIDDEN for another person's, telling whether it exists.
 */
function unknownReference(ctx: SubgraphContext, kind: 'coercion_decision' | 'coercion_execution'): null {
  if (ctx.policy.grants) ctx.policy.require(ctx.audit, kind, {});
  return null;
}

/** Kept rows of decisions or executions by record key (history.ts versionKeys): one round trip per request and table. */
async function keptRows(
  ctx: SubgraphContext,
  table: 'decision' | 'execution',
  r: { id: string; source_system: string; source_id: string },
): Promise<KeptVersionRow[]> {
  const lists = await ctx
    .loader<string, KeptVersionRow[]>(`keptVersions:${table}`, async (keys) => {
      const rows = await keptVersions(ctx.db, table, keys);
      return keys.map((k) => rows.filter((x) => x.record_key === k));
    })
    .loadMany(versionKeys(r));
  return lists.flatMap((l) => (Array.isArray(l) ? l : []));
}

/**
 * CoercionDecision.history (review s41; history.ts): the decision's earlier versions under the
 * decision's own rule (pasientjournalloven § 22): the parent was reached under it (its person in
 * reach, its validity overlapping the caller's period), and each version is shown when its own
 * validity overlaps the caller's period, as the decision is (a version with another period is a
 * record of that period: a matter over 2021 does not read what the decision said of 2020). Read,
 * it is logged as a read of the decision under its person (recordRead; pasientjournalforskriften § 14).
 */
async function decisionHistory(ctx: SubgraphContext, d: DecisionWithSources) {
  const versions = decisionVersions(d, await keptRows(ctx, 'decision', d));
  if (!versions.length) return [];
  const subject = await subjectOf(ctx, d);
  const shown = versions.filter((v) =>
    ctx.policy.visible('coercion_decision', subject, decisionPeriod(v.row.valid_from ? v.row : d)),
  );
  if (shown.length) await recordRead(ctx, d, 'coercion_decision', [d.id]);
  return shown.map(decisionVersionOut);
}

/**
 * CoercionExecution.history (review s41; history.ts), as decisionHistory: each version shown
 * when its own start (Oslo date) is in the caller's period, as the execution is; logged as a
 * read of the execution under its person.
 */
async function executionHistory(ctx: SubgraphContext, e: ExecutionRow) {
  const versions = executionVersions(e, await keptRows(ctx, 'execution', e));
  if (!versions.length) return [];
  const subject = await subjectOf(ctx, e);
  const shown = versions.filter((v) =>
    ctx.policy.visible(
      'coercion_execution',
      subject,
      osloDate(Number.isNaN(v.row.start_at.getTime()) ? e.start_at : v.row.start_at),
    ),
  );
  if (shown.length) await recordRead(ctx, e, 'coercion_execution', [e.id]);
  return shown.map(executionVersionOut);
}

/** A marking as CoercionSameExecution shows it. */
function markOf(m: SameExecutionRow) {
  return {
    executionId: m.execution_id,
    countedExecutionId: m.counted_id,
    sourceSystems: [m.execution_system, m.counted_system],
    markedBy: m.marked_by,
    markedAt: osloIso(m.marked_at),
    reason: m.reason,
    undoneBy: m.undone_by,
    undoneAt: m.undone_at ? osloIso(m.undone_at) : null,
    undoReason: m.undo_reason,
  };
}

/**
 * The other records of markings (same-execution.ts) the caller may see, each read logged under its
 * own person (pasientjournalloven § 22, pasientjournalforskriften § 14), as coercionExecution(id)
 * checks and logs it: the other record's person, by its own national id, and its start in the
 * caller's period (policy `visible`: a list leaves out what is out of reach). A marking joins two
 * records the journal linked as one person when it was made; an archivist may unlink them later
 * (two persons), and the marking stays (helsepersonelloven § 42). Found in review s45
 * (test/access-review-s45.e2e.test.ts): alsoRecordedAs and sameExecutionAs read the other record
 * from the table unchecked and unlogged, so a legal user on a matter of one person read the other
 * person's execution, and no read of it was in that person's access log; CoercionReport.sameExecutions
 * named the record counted in a record's place the same way.
 */
async function linksInReach(
  ctx: SubgraphContext,
  links: readonly SameExecutionLink[],
): Promise<SameExecutionLink[]> {
  if (!links.length) return [];
  const shown = new Set(
    (
      await executionsInReach(
        ctx,
        links.map((l) => l.executionId),
      )
    ).map((r) => r.id),
  );
  return links.filter((l) => shown.has(l.executionId));
}

/** The executions of `ids` the caller may see (policy `visible`), each read logged under its own person. */
async function executionsInReach(ctx: SubgraphContext, ids: readonly string[]) {
  if (!ids.length) return [];
  const shown = [];
  for (const row of await executionsByIds(ctx.db, [...new Set(ids)])) {
    if (!ctx.policy.visible('coercion_execution', await subjectOf(ctx, row), osloDate(row.start_at)))
      continue;
    await recordRead(ctx, row, 'coercion_execution', [row.id]);
    shown.push(row);
  }
  return shown;
}

/**
 * A marking made or undone: a correction of both records, each logged under its own person
 * (pasientjournalforskriften § 14). Both were logged under the first record's person, so the other
 * record's access log (a linked record of another national id) did not show it once the two were
 * unlinked (review s45, test/access-review-s45.e2e.test.ts).
 */
async function recordMarking(ctx: SubgraphContext, m: SameExecutionRow): Promise<void> {
  for (const row of await executionsByIds(ctx.db, [m.execution_id, m.counted_id]))
    await recordRead(ctx, row, 'coercion_execution', [row.id]);
}

/**
 * A change of an approval as the API shows it (CoercionApprovalChange; hol. § 9-11, forvaltningsloven
 * § 35): the body named as on its day, and the source revisions of the decision stored after it was
 * recorded (approval-change.ts laterSourceRevisions).
 */
function approvalChangeOut(d: DecisionWithSources, c: StoredApprovalChange) {
  const at = new Date(c.binds_from);
  const { name, law } = changeBody({ by: c.decided_by, at });
  return {
    id: c.id,
    decisionId: d.id,
    decidedBy: c.decided_by,
    body: name,
    law,
    bindsFrom: osloIso(at),
    outcome: c.outcome,
    measures: c.measures,
    validTo: c.valid_to,
    reason: c.reason,
    recordedBy: c.recorded_by,
    recordedAt: osloIso(new Date(c.recorded_at)),
    laterSourceRevisions: laterSourceRevisions(d, c),
  };
}

/** The markings in force naming an execution, batched over the request (same-execution.ts). */
function sameMarks(ctx: SubgraphContext, id: string): Promise<SameExecutionRow[]> {
  return ctx
    .loader<string, SameExecutionRow[]>('coercion.sameExecutions', async (ids) => {
      const marks = await sameExecutionsOf(ctx.db, ids);
      return ids.map((i) => marks.filter((m) => m.execution_id === i || m.counted_id === i));
    })
    .load(id);
}

/** The markings naming an execution that are in force (same-execution.ts samePersons). */
async function sameMarksInForce(ctx: SubgraphContext, id: string): Promise<SameExecutionRow[]> {
  return (await sameMarks(ctx, id)).filter((m) => m.in_force);
}

/** What Patient.coercionReport returns: the parent of CoercionReport's fields. */
export interface ReportParent {
  report: CoercionReportData;
  decisionsById: Map<string, DecisionWithSources>;
  /** The patient the report was asked for: its access-log rows are written as its listings' (recordListing). */
  patient: PatientRef;
}

/** The subgraph's resolvers under the configured limits (index.ts). */
export function coercionResolvers(limits: CoercionLimits): Resolvers {
  const max = limits.coercionMaxExecutions;
  return {
    // A researcher's cohort (lib/policy/research-resolvers.ts): pseudonymised, approved variables only.
    ResearchSubject: {
      __resolveReference: (ref, ctx) => subjectReference(ctx, ref.pseudonym),
      coercionDecisions: (s, _, ctx) => researchDecisions(ctx, s),
      coercionExecutions: (s, _, ctx) => researchExecutions(ctx, s),
    },
    Query: {
      async coercionExecution(_, { id }, ctx) {
        ctx.policy.requireKind(ctx.audit, 'coercion_execution');
        const e = await evaluatedById(ctx, id, max);
        if (!e) {
          if (ctx.policy.grants) ctx.policy.require(ctx.audit, 'coercion_execution', {});
          return null;
        }
        ctx.policy.require(
          ctx.audit,
          'coercion_execution',
          await subjectOf(ctx, e.row),
          osloDate(e.row.start_at),
        );
        // The patient is known here by the record's national id, or its H-nummer's source person.
        await recordRead(ctx, e.row, 'coercion_execution', [e.row.id]);
        return e;
      },
      // Changes of an approval a later source revision of the decision was stored after: the change
      // still applies, the revision to be checked (approval-change.ts; hol. § 9-11, fvl. § 35). The
      // archivist's list (lib/policy ACTIONS); each decision listed is logged under its person.
      async coercionApprovalChangeConflicts(_, __, ctx) {
        ctx.policy.requireAction(ctx.audit, 'coercionApprovalChangeConflicts');
        const decisions = await decisionsByIds(ctx.db, await decisionIdsWithApprovalChanges(ctx.db));
        const out = [];
        for (const d of decisions)
          for (const c of d.approval_changes ?? []) {
            const revisions = laterSourceRevisions(d, c);
            if (!revisions.length) continue;
            ctx.policy.require(ctx.audit, 'coercion_decision', await subjectOf(ctx, d), decisionPeriod(d));
            out.push({
              decisionId: d.id,
              decision: d,
              change: approvalChangeOut(d, c),
              laterSourceRevisions: revisions,
              rule: REVISED_AFTER_CHANGE_RULE,
              recordedAt: Date.parse(c.recorded_at),
            });
          }
        out.sort((a, b) => a.recordedAt - b.recordedAt || a.decisionId.localeCompare(b.decisionId));
        for (const d of new Map(out.map((o) => [o.decisionId, o.decision])).values())
          await recordRead(ctx, d, 'coercion_decision', [d.id]);
        return out.map(({ recordedAt: _, ...o }) => o);
      },
    },
    Patient: {
      // The person's keys are the journal's, never the representation's (lib/policy/patient-ref.ts:
      // a forged nationalIds opened another person's coercion records; review s39).
      __resolveReference: (r, ctx) => journalPatient(ctx, r),
      async coercionDecisions(p, args, ctx) {
        checkPeriod(args);
        const period = policedPeriod(ctx, 'coercion_decision', personOf(p), args);
        const keys = (await withHelpNumbers(ctx, p)).nationalIds ?? [];
        const rows = decisionsInPeriod(await decisionsOf(ctx, keys), period.from, period.to);
        await recordListing(
          ctx,
          p,
          'coercion_decision',
          rows.map((r) => ({ id: r.id, row: r })),
        );
        return rows;
      },
      async coercionExecutions(p, args, ctx) {
        checkPeriod(args);
        const period = policedPeriod(ctx, 'coercion_execution', personOf(p), args);
        // A staff member is found by any of their identifiers (HPR or employee number).
        const executedBy = args.executedBy
          ? (await staffOf(ctx, [args.executedBy])).get(args.executedBy)!.ids
          : null;
        const { evaluated } = await evaluatedFor(
          ctx,
          await withHelpNumbers(ctx, p),
          // A measure as given is the same measure in any case or spacing (measure.ts measureKey; stop 45).
          {
            from: period.from,
            to: period.to,
            measure: args.measure ? measureKey(args.measure) : args.measure,
            executedBy,
          },
          max,
        );
        const out = args.verdict ? evaluated.filter((e) => e.verdict === args.verdict) : evaluated;
        await recordListing(
          ctx,
          p,
          'coercion_execution',
          out.map((e) => ({ id: e.row.id, row: e.row })),
        );
        return out;
      },
      async coercionReport(p, args, ctx): Promise<ReportParent> {
        checkPeriod(args);
        const period = policedPeriod(ctx, 'coercion_execution', personOf(p), args);
        policedPeriod(ctx, 'coercion_decision', personOf(p), args);
        const { evaluated, decisions, staff, earlier } = await evaluatedFor(
          ctx,
          await withHelpNumbers(ctx, p),
          period,
          max,
          true,
        );
        const usedEarlier = new Set<string>();
        const report = buildReport(evaluated, decisions, period.from, period.to, staff, earlier, usedEarlier);
        // The executions before the period that made a pattern begin before it are read for
        // this answer too (what they say reached the caller): logged with the period's
        // (pasientjournalforskriften § 14; review s34).
        await recordListing(ctx, p, 'coercion_execution', [
          ...evaluated.map((e) => ({ id: e.row.id, row: e.row })),
          ...earlier.filter((e) => usedEarlier.has(e.row.id)).map((e) => ({ id: e.row.id, row: e.row })),
        ]);
        const shown = decisionsInPeriod(decisions, period.from, period.to);
        await recordListing(
          ctx,
          p,
          'coercion_decision',
          shown.map((d) => ({ id: d.id, row: d })),
        );
        return { report, decisionsById: new Map(decisions.map((d) => [d.id, d])), patient: p };
      },
      // The person's quarantined coercion source lines, by each export's own patient field
      // (quarantine-owner.ts, migration 026; task s47, defect 2): pasientjournalloven § 22 and
      // helsepersonelloven § 21 (the person's own lines, no one else's; asked of the policy as the
      // person's coercion decisions and executions are, refused and logged as denied for a caller
      // who may not see the person), pasientjournalforskriften § 14 (the read logged under the
      // person, each line under its record kind; an empty list as a read of the person's record).
      async quarantinedCoercionRecords(p, _, ctx) {
        const subject = personOf(p);
        ctx.policy.require(ctx.audit, 'coercion_decision', subject);
        ctx.policy.require(ctx.audit, 'coercion_execution', subject);
        if (!ctx.policy.identifying) {
          const rule = 'quarantined coercion records need role legal, archivist or journalansvarlig';
          ctx.audit.denied(p.id, 'coercion_execution', rule);
          throw forbidden(rule);
        }
        const keys = (await withHelpNumbers(ctx, p)).nationalIds ?? [];
        const rows = await quarantinedOfPatients(ctx.db, keys);
        for (const kind of ['coercion_decision', 'coercion_execution'] as const) {
          const of = rows.filter((r) => `coercion_${r.record_kind}` === kind);
          if (of.length)
            await recordListing(
              ctx,
              p,
              kind,
              of.map((r) => ({ id: `quarantine:${r.id}`, row: r })),
            );
        }
        if (!rows.length)
          for (const key of patientLogKeys(p)) ctx.audit.record(key, 'coercion_execution', []);
        return rows.map((r) => ({
          sourceSystem: r.source_system,
          file: r.file,
          line: r.line,
          sourceId: r.source_id,
          recordKind: r.record_kind.toUpperCase(),
          reason: r.reason,
          quarantinedAt: osloIso(r.quarantined_at),
        }));
      },
    },
    Mutation: {
      // Two records of one execution recorded as one, and undone (same-execution.ts; hol. § 9-7,
      // helsepersonelloven § 42): the journalansvarlig, logged under the person.
      async markSameCoercionExecution(_, args, ctx) {
        const rows = await executionsByIds(ctx.db, [args.a]);
        const subject = rows[0] ? await subjectOf(ctx, rows[0]) : undefined;
        ctx.policy.requireAction(ctx.audit, 'markSameCoercionExecution', subject);
        // One person's by the journal's links now: the test that keeps the marking in force when read
        // (same-execution.ts samePersons; hol. § 9-7 with helsepersonelloven § 42, review s45).
        const m = await markSameExecution(
          ctx.db,
          args,
          ctx.caller.userId,
          async (a, b) => (await samePersons(ctx.db, [[a, b]]))[0]!,
        );
        await recordMarking(ctx, m);
        return markOf(m);
      },
      async undoSameCoercionExecution(_, args, ctx) {
        const rows = await executionsByIds(ctx.db, [args.executionId]);
        const subject = rows[0] ? await subjectOf(ctx, rows[0]) : undefined;
        ctx.policy.requireAction(ctx.audit, 'undoSameCoercionExecution', subject);
        const m = await undoSameExecution(ctx.db, args.executionId, args.reason, ctx.caller.userId);
        await recordMarking(ctx, m);
        return markOf(m);
      },
      // A later decision changing an approval (approval-change.ts; hol. § 9-11, forvaltningsloven
      // § 35): the journalansvarlig or an archivist (lib/policy ACTIONS), as the CLI records it.
      // The decision checked and logged is the one written (review s46, FX1): the role check's
      // refusal under the person of the decision the id names as the write reads it (trimmed,
      // approvalDecisionId), the per-decision check and the read log on the locked decision itself.
      async recordCoercionApprovalChange(_, { input }, ctx) {
        const id = approvalDecisionId(input.decisionId);
        const [d] = id ? await decisionsByIds(ctx.db, [id]) : [];
        const subject = d ? await subjectOf(ctx, d) : undefined;
        ctx.policy.requireAction(ctx.audit, 'recordCoercionApprovalChange', subject);
        const { decision, change } = await recordCheckedApprovalChange(
          ctx.db,
          input,
          ctx.caller.userId,
          GRAPHQL_NAMES,
          async (locked, tx) => {
            // Every lookup through the decision's transaction, never ctx.db: on the embedded
            // database (PGlite) a query outside the open transaction waits for its lock and never
            // finishes (fix FX8: a migrated decision under an H-nummer, logged per source system,
            // locked up `npm start`).
            const patientsOf = async (k: string) => (await helpNumberPatients(tx, [k]))[0] ?? [];
            ctx.policy.require(
              ctx.audit,
              'coercion_decision',
              await subjectWith(locked, patientsOf),
              decisionPeriod(locked),
            );
            // Logged before it is checked: a refusal quotes the decision (its approval's time, its
            // measures), a read of it (pasientjournalforskriften § 14), under each of its persons
            // (auditSubjectsWith, as recordRead logs it).
            for (const subject of await auditSubjectsWith(locked, patientsOf))
              ctx.audit.record(subject, 'coercion_decision', [locked.id]);
          },
        );
        return approvalChangeOut(decision, change);
      },
    },
    CoercionReport: {
      sameExecutions: async (r, _, ctx) => {
        const ids = r.report.sameExecutions.map((x) => x.executionId);
        const marks = (await sameExecutionsOf(ctx.db, ids)).filter(
          (m) => m.in_force && ids.includes(m.execution_id),
        );
        // The record counted in their place is another record: named only in reach, and its
        // read logged under its own person (linksInReach; review s45).
        const counted = new Set(
          (
            await executionsInReach(
              ctx,
              marks.map((m) => m.counted_id),
            )
          ).map((row) => row.id),
        );
        return marks.filter((m) => counted.has(m.counted_id)).map(markOf);
      },
      from: (r) => r.report.from,
      to: (r) => r.report.to,
      totals: (r) => r.report.totals,
      byVerdict: (r) => r.report.byVerdict,
      byMeasure: (r) => r.report.byMeasure,
      possibleDuplicates: (r) => r.report.possibleDuplicates,
      byStaff: (r) => r.report.byStaff.map((s) => ({ ...s, practitioner: ref(s.staffId) })),
      byDecision: (r, _, ctx) =>
        Promise.all(
          r.report.byDecision.map(async (d) => ({
            ...d,
            decision: d.decisionId
              ? await decisionReached(ctx, r.decisionsById.get(d.decisionId) ?? null, r.patient)
              : null,
          })),
        ),
      partlyOutside: (r) => r.report.partlyOutside,
      staffingShortfalls: (r) => r.report.staffingShortfalls,
      emergencyPatterns: (r) => r.report.emergencyPatterns,
      decisionProblems: (r) => r.report.decisionProblems,
      timeline: (r) => r.report.timeline,
      svg: (r) => renderReportSvg(r.report),
    },
    CoercionDecision: {
      async __resolveReference(r, ctx) {
        ctx.policy.requireKind(ctx.audit, 'coercion_decision');
        const d = await ctx
          .loader<string, DecisionWithSources | null>('decisionById', async (ids) => {
            const rows = await decisionsByIds(ctx.db, ids);
            return ids.map((i) => rows.find((x) => x.id === i) ?? null);
          })
          .load(r.id);
        if (!d) return unknownReference(ctx, 'coercion_decision');
        ctx.policy.require(ctx.audit, 'coercion_decision', await subjectOf(ctx, d), decisionPeriod(d));
        await recordRead(ctx, d, 'coercion_decision', [d.id]);
        return d;
      },
      /** The executions this decision covers (by verdict, not by what the source recorded). */
      async executions(d, _, ctx) {
        const period = policedPeriod(ctx, 'coercion_execution', await subjectOf(ctx, d), {});
        // Judged among the person's executions, every linked record's (personNids): once per
        // person and period in a request, shared by each of the person's decisions in it.
        const { evaluated } = await judgedOnce(
          ctx,
          { id: nationalIdSubject(d.patient_nid), nationalIds: await personKeysOf(ctx, d) },
          period,
          max,
        );
        const out = evaluated.filter((e) => e.decisionId === d.id);
        // Each under its own person (auditSubjectsOf), as coercionExecution(id) logs it: an
        // execution of a linked record (another national id) was logged under the decision's
        // person alone and left its own record's access log at an unlink (pasientjournalforskriften
        // § 14; review s45, test/access-review-s45.e2e.test.ts).
        const byKey = new Map<string, string[]>();
        for (const e of out)
          for (const key of await auditSubjectsOf(ctx, e.row))
            byKey.set(key, [...(byKey.get(key) ?? []), e.row.id]);
        for (const [key, ids] of byKey) ctx.audit.record(key, 'coercion_execution', ids);
        return out;
      },
      legalBasis: (d) => d.legal_basis,
      validFrom: (d) => d.valid_from,
      validTo: (d) => d.valid_to,
      decidedAt: (d) => iso(d.decided_at),
      decidedBy: (d) => d.decided_by,
      approvedByStatsforvalterAt: (d) => iso(approvedByStatsforvalterAt(d)),
      statute: (d) => statuteOf(d.legal_basis, osloDate(d.decided_at)),
      reviewingOffice: (d) => reviewingOffice(d.reviewed_at ?? d.approved_at ?? d.decided_at),
      review: (d) => reviewOf(d),
      // hol. § 9-11, forvaltningsloven § 35: later changes of the approval, as recorded (stop 45).
      approvalChanges: (d) => (d.approval_changes ?? []).map((c) => approvalChangeOut(d, c)),
      lastValidDay: (d) => decisionLastValidDay(forVerdict(d)).lastValidDay,
      lastValidDayNote: (d) => decisionLastValidDay(forVerdict(d)).note,
      problems: (d) => decisionProblems(forVerdict(d)),
      sourceSystem: (d) => d.source_system,
      sourceId: (d) => d.source_id,
      sources: (d) => d.sources,
      discrepancies: (d) => d.discrepancies ?? [],
      history: (d, _, ctx) => decisionHistory(ctx, d),
    },
    CoercionExecution: {
      async __resolveReference(r, ctx) {
        ctx.policy.requireKind(ctx.audit, 'coercion_execution');
        const e = await evaluatedById(ctx, r.id, max);
        if (!e) return unknownReference(ctx, 'coercion_execution');
        ctx.policy.require(
          ctx.audit,
          'coercion_execution',
          await subjectOf(ctx, e.row),
          osloDate(e.row.start_at),
        );
        await recordRead(ctx, e.row, 'coercion_execution', [e.row.id]);
        return e;
      },
      id: (e) => e.row.id,
      measure: (e) => e.row.measure,
      start: (e) => iso(e.row.start_at),
      end: (e) => iso(e.row.end_at),
      durationMinutes: (e) => e.durationMinutes,
      executedBy: (e) => e.row.executed_by.map(ref),
      executedByIds: (e) => e.row.executed_by,
      description: (e) => e.row.description,
      alternativesTried: (e) => e.row.alternatives_tried,
      reportedAt: (e) => iso(e.row.reported_at),
      recordedDecisionId: (e) => e.row.recorded_decision_id,
      recordedLegalBasis: (e) => e.row.recorded_legal_basis,
      emergencyReported: (e) => e.row.emergency_reported,
      decision: (e, _, ctx) => decisionReached(ctx, e.decision),
      verdict: (e) => e.verdict,
      verdictReason: (e) => e.reason,
      lastValidDay: (e) => e.lastValidDay,
      minutesOutside: (e) => e.minutesOutside,
      staffPresent: (e) => e.staffPresent,
      staffingShortfall: (e) => e.staffingShortfall,
      timeNotes: (e) => e.row.time_notes ?? [],
      sourceSystem: (e) => e.row.source_system,
      sourceId: (e) => e.row.source_id,
      history: (e, _, ctx) => executionHistory(ctx, e.row),
      sameExecutionAs: async (e, _, ctx) =>
        e.row.same_as
          ? ((
              await linksInReach(
                ctx,
                await linksOf(ctx.db, await sameMarksInForce(ctx, e.row.id), e.row.id, 'execution'),
              )
            )[0] ?? null)
          : null,
      alsoRecordedAs: async (e, _, ctx) =>
        linksInReach(ctx, await linksOf(ctx.db, await sameMarksInForce(ctx, e.row.id), e.row.id, 'counted')),
      // A marking never undone whose two records are no longer one person's (an unlink since): not in
      // force, both counted, shown here with the reason; the other record named only in reach
      // (linksInReach). hol. § 9-7 with helsepersonelloven § 42 (same-execution.ts; review s45).
      sameExecutionNotInForce: async (e, _, ctx) => {
        const lapsed = (await sameMarks(ctx, e.row.id)).filter((m) => !m.in_force);
        if (!lapsed.length) return [];
        const links = await linksInReach(ctx, [
          ...(await linksOf(ctx.db, lapsed, e.row.id, 'execution')),
          ...(await linksOf(ctx.db, lapsed, e.row.id, 'counted')),
        ]);
        return lapsed.map((m) => {
          const other = m.execution_id === e.row.id ? m.counted_id : m.execution_id;
          return {
            other: links.find((l) => l.executionId === other) ?? null,
            markedBy: m.marked_by,
            markedAt: osloIso(m.marked_at),
            reason: m.reason,
            notInForceReason: m.not_in_force_reason ?? '',
          };
        });
      },
    },
  };
}
