import { purposeProblem } from '../../lib/policy/purposes';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { AuditTrail, nationalIdSubject } from '../../lib/audit';
import type { CliCommand } from '../../lib/cli';
import { cliCaller, UsageError } from '../../lib/cli';
import { compilePolicy } from '../../lib/policy/policy';
import { expandPersons } from '../../lib/policy/store';
import type { Db } from '../../lib/db';
import { parseGivenNationalId } from '../../lib/national-id';
import {
  approvedByStatsforvalterAt,
  buildReport,
  earlierEmergencies,
  evaluate,
  inFilter,
  judgingFilter,
  lookBackFilter,
  emergencyClaimIds,
  mergeExecutions,
  type CoercionReportData,
} from './evaluate';
import { importCoercionPath } from './import';
import { recordCheckedApprovalChange, type InputNames } from './approval-change';
import { GraphQLError } from 'graphql';
import { renderReportSvg } from './report-svg';
import { measureKey } from './measure';
import { auditSubjectsWith, listingLogKeys } from './resolvers';
import {
  countedPartners,
  decisionsByIds,
  decisionsByPatients,
  emergencyCandidates,
  executionsForReport,
  quarantined,
  recordReview,
  staffMembers,
} from './store';
import { helpNumberKeys, helpNumberPatients } from '../journal/help-numbers';
import { needsApproval, REVIEW_OUTCOMES, reviewingOffice, type ReviewOutcome } from './verdict';
import { isoTimeExists, isRealDate, osloDate, osloIso, osloMidnight } from '../../lib/oslo-time';

/** What the access log needs of a coercion record: whom it concerns (resolvers.ts auditSubjectsWith). */
type CoercionRowKey = { patient_nid: string; source_system: string; sources?: { system: string }[] };

/** The options of coercion-approval-change, as approval-change.ts names them in its messages. */
const CLI_NAMES: InputNames = {
  decidedBy: '--by',
  outcome: '--outcome',
  bindsFrom: '--at',
  reason: '--reason',
  measures: '--measures',
  validTo: '--valid-to',
};

/** A flag without a value: true when given (and taken out of `args`). */
function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

/**
 * The national ids of the person behind one: those of the records the journal links as one
 * person (lib/policy expandPersons), as the gateway's Patient.nationalIds gives them.
 */
export async function personNationalIds(db: Db, nationalId: string): Promise<string[]> {
  const persons = await expandPersons(db, [{ group: 0, patientIds: [], nationalIds: [nationalId] }]);
  return [...new Set([nationalId, ...(persons.get(0)?.nationalIds ?? [])])].sort();
}

/**
 * The person behind a national id or a patient record id, and the keys their coercion records
 * are found by: the national ids of the records the journal links as one person, and the
 * H-number of each of those records under the record's source (journal/help-numbers.ts helpNumberKeys: one
 * organisation's number, pasientjournalloven § 22), as the gateway's Patient.coercionReport
 * reads them (resolvers.ts withHelpNumbers); never a bare H-nummer, which other organisations
 * may have given to other people.
 */
export async function personCoercionKeys(
  db: Db,
  who: { nationalId: string } | { patientId: string },
): Promise<{ patientIds: string[]; nationalIds: string[]; keys: string[] }> {
  const seed =
    'nationalId' in who
      ? { group: 0, patientIds: [], nationalIds: [who.nationalId] }
      : { group: 0, patientIds: [who.patientId], nationalIds: [] };
  const person = (await expandPersons(db, [seed])).get(0);
  const patientIds = [...(person?.patientIds ?? seed.patientIds)].sort();
  const nationalIds = [...new Set([...seed.nationalIds, ...(person?.nationalIds ?? [])])].sort();
  const keys = [...new Set([...nationalIds, ...(await helpNumberKeys(db, patientIds))])].sort();
  return { patientIds, nationalIds, keys };
}

/**
 * Computes the report for a person straight from the database (no gateway): the national ids
 * given are one person's (personNationalIds), judged and counted together.
 */
export async function reportFor(
  db: Db,
  nationalIds: string | readonly string[],
  from: string | null,
  to: string | null,
  usedEarlier?: Set<string>,
  /** Filled with the records read, by id: whom each concerns (the access log's rows, coercion-report). */
  seen?: { executions: Map<string, CoercionRowKey>; decisions: Map<string, CoercionRowKey> },
): Promise<CoercionReportData> {
  const nids = typeof nationalIds === 'string' ? [nationalIds] : [...nationalIds];
  const decisions = await decisionsByPatients(db, nids);
  // phvl. § 4-8: the uses before the period are judged too (evaluate.ts judgingFilter); the
  // emergencies of the year before it count for the patterns (hol. § 9-5 tredje ledd b;
  // evaluate.ts lookBackFilter), read as the gateway's report reads them.
  const asked = { from, to };
  const wider = judgingFilter(asked, decisions);
  const back = lookBackFilter(asked);
  const within = await executionsForReport(db, nids, wider ?? asked);
  const executions = back
    ? mergeExecutions(within, await emergencyCandidates(db, nids, back, emergencyClaimIds(decisions)))
    : within;
  const staff = await staffMembers(db, [...new Set(executions.flatMap((e) => e.executed_by))]);
  const evaluated = evaluate(executions, decisions, staff, await countedPartners(db, executions));
  if (seen) {
    for (const e of evaluated) seen.executions.set(e.row.id, e.row);
    for (const d of decisions) seen.decisions.set(d.id, d);
  }
  const inPeriod = wider || back ? evaluated.filter((e) => inFilter(e.row, asked)) : evaluated;
  return buildReport(inPeriod, decisions, from, to, staff, earlierEmergencies(evaluated, asked), usedEarlier);
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) =>
          typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!),
        )
        .join('  '),
    )
    .join('\n');
}

/** This subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  'import-coercion': {
    usage:
      'import-coercion <gerica-folder|vedtak.csv|tvangsprotokoll.csv|Coercion.ndjson|Practitioner.ndjson>...',
    description:
      'import coercion decisions and executions (Gerica CSV / HP coercion export); bad records are quarantined',
    async run(args, { db, config }) {
      if (!args.length) throw new UsageError('give at least one path');
      let quarantinedCount = 0;
      for (const path of args) {
        for (const s of await importCoercionPath(db, path, {
          maxRecordBytes: config.limits.importMaxRecordBytes,
        })) {
          quarantinedCount += s.quarantined.length;
          if (s.staffIdentities)
            process.stdout.write(
              `${s.file}: staff identifiers ${s.staffIdentities.read} read, ${s.staffIdentities.written} written; `,
            );
          else process.stdout.write(`${s.file}: `);
          process.stdout.write(
            `decisions ${s.decisions.read} read, ${s.decisions.written} written; executions ${s.executions.read} read, ${s.executions.written} written` +
              `${s.otherDecisions ? `; ${s.otherDecisions} other (non-coercion) decisions left to the journal (import gerica-vedtak)` : ''}; ${s.quarantined.length} quarantined\n`,
          );
          for (const q of s.quarantined) process.stdout.write(`  line ${q.line}: ${q.reason}\n`);
        }
      }
      return quarantinedCount ? 3 : 0;
    },
  },
  'coercion-quarantine': {
    usage: 'coercion-quarantine [GERICA|HELSEPLATTFORMEN]',
    description: 'list quarantined coercion records (file, line, reason; raw bytes stay in the database)',
    async run(args, { db }) {
      // A closed list: another word listed nothing and exited 0, as if nothing were quarantined
      // (review s39).
      if (args.length > 1) throw new UsageError(`unexpected argument ${args[1]}`);
      if (args[0] !== undefined && args[0] !== 'GERICA' && args[0] !== 'HELSEPLATTFORMEN')
        throw new UsageError(`source system must be GERICA or HELSEPLATTFORMEN (got ${args[0]})`);
      const rows = await quarantined(db, args[0]);
      for (const q of rows)
        process.stdout.write(
          `${q.source_system}\t${q.file}:${q.line}\t${q.source_id ?? '-'}\t${q.reason}\t(${q.raw.length} bytes)\n`,
        );
      process.stdout.write(`${rows.length} quarantined\n`);
      return 0;
    },
  },
  'coercion-report': {
    usage:
      'coercion-report <national-id | patient-record-id> --matter <id> --purpose <LEGAL_PROCEEDINGS|ACCESS_REQUEST|COMPLAINT> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--svg out.svg] [--json out.json]',
    description:
      'totals per verdict, measure, staff and decision for a patient and period; SVG timeline for a case bundle',
    async run(argv, { db }) {
      const args = [...argv];
      const purpose = option(args, '--purpose');
      const matter = option(args, '--matter');
      const askedFrom = option(args, '--from') ?? null;
      const askedTo = option(args, '--to') ?? null;
      const svgPath = option(args, '--svg');
      const jsonPath = option(args, '--json');
      const who = args[0];
      if (!who || args.length !== 1) throw new UsageError('give one national id or patient record id');
      // An H-nummer is one institution's number (lib/national-id.ts H_NUMBER_ERROR): the report
      // is of a person, not of every source's records under that number; the patient record id
      // names that person (their records are found under the record's source's key).
      const byNid = /^\d{11}$/.test(who);
      if (byNid) {
        const given = parseGivenNationalId(who);
        if ('error' in given) throw new UsageError(`not a valid national id: ${given.error}`);
      }
      if (!purpose)
        throw new UsageError(
          '--purpose is required: every access to patient data is logged with its purpose',
        );
      // The same closed list as a token's (lib/policy/purposes.ts); the report is read as role legal.
      const problem = purposeProblem('legal', purpose);
      if (problem) throw new UsageError(`--purpose: ${problem}`);
      for (const d of [askedFrom, askedTo])
        if (d !== null && !isRealDate(d)) throw new UsageError('dates are real dates YYYY-MM-DD');
      if (!matter)
        throw new UsageError(
          '--matter is required: the report is read as role legal, within a matter that lists the CLI user (cli:<os user>)',
        );
      // The same policy as a legal token's (lib/policy): the matter must be open, list this
      // user, share the purpose and include the person; the period is cut to the matter's.
      const caller = cliCaller('legal', purpose, matter);
      const audit = new AuditTrail('coercion', caller);
      const policy = await compilePolicy(db, caller);
      // The person: every linked record's national id, as the gateway's report reads them
      // (review s32: the executions under a linked D-number were not in the report), and the
      // records' H-numbers under their sources' keys (personCoercionKeys).
      const person = await personCoercionKeys(db, byNid ? { nationalId: who } : { patientId: who });
      const subject = byNid ? nationalIdSubject(who) : who;
      const window = policy.window(
        audit,
        'coercion_execution',
        { patientIds: person.patientIds, nationalIds: person.nationalIds },
        { from: askedFrom, to: askedTo },
      );
      if ('rule' in window) {
        await audit.flush(db);
        process.stderr.write(`forbidden: ${window.rule}\n`);
        return 4;
      }
      const { from, to } = window;
      const usedEarlier = new Set<string>();
      const seen = {
        executions: new Map<string, CoercionRowKey>(),
        decisions: new Map<string, CoercionRowKey>(),
      };
      const r = await reportFor(db, person.keys, from, to, usedEarlier, seen);
      // Each record under the person asked about when it is theirs (the record or national id
      // given, and the national id of that record), else under its own person, as the API's
      // Patient.coercionReport logs it (resolvers.ts recordListing, auditSubjectsOf): a record of
      // a linked record logged under the one asked about left its person's access log once an
      // archivist unlinked the two (pasientjournalforskriften § 14; review s40).
      const own = new Set([
        subject,
        ...(byNid
          ? []
          : (
              await db.query<{ national_id: string }>(
                'SELECT national_id FROM journal.patient WHERE id = $1 AND national_id IS NOT NULL',
                [who],
              )
            ).rows.map((x) => nationalIdSubject(x.national_id))),
      ]);
      const logRead = async (
        kind: 'coercion_execution' | 'coercion_decision',
        ids: readonly string[],
        rows: Map<string, CoercionRowKey>,
      ) => {
        const byKey = await listingLogKeys(
          own,
          [subject],
          ids.map((id) => ({ id, row: rows.get(id) })),
          async (row) =>
            row
              ? auditSubjectsWith(row, async (k) => (await helpNumberPatients(db, [k]))[0] ?? [])
              : [subject],
        );
        for (const [key, list] of byKey) audit.record(key, kind, list);
      };
      // With the executions before the period that made a pattern begin before it (review s34).
      await logRead(
        'coercion_execution',
        [...r.timeline.executions.map((e) => e.executionId), ...usedEarlier],
        seen.executions,
      );
      await logRead(
        'coercion_decision',
        r.timeline.decisions.map((d) => d.decisionId),
        seen.decisions,
      );
      await audit.flush(db);
      const out: string[] = [];
      out.push(
        `Period: ${from ?? 'start'} – ${to ?? 'end'}; ${r.totals.executions} executions, ${r.totals.totalMinutes} minutes, longest ${r.totals.longestMinutes}`,
      );
      out.push(
        '',
        table([
          ['verdict', 'count', 'minutes'],
          ...r.byVerdict.map((v) => [v.verdict, v.count, v.totalMinutes]),
          ['TOTAL', r.totals.executions, r.totals.totalMinutes],
        ]),
      );
      out.push(
        '',
        table([
          ['measure', 'count', 'minutes', 'longest'],
          // hol. § 9-5 tredje ledd a apart from b/c: the measure's rows by legal basis under it (stop 45).
          ...r.byMeasure.flatMap((m) => [
            [m.measure, m.count, m.totalMinutes, m.longestMinutes],
            ...m.byLegalBasis.map((b) => [
              `  ${b.legalBasis ?? 'legal basis not stated'}`,
              b.count,
              b.totalMinutes,
              b.longestMinutes,
            ]),
          ]),
        ]),
      );
      out.push(
        '',
        table([
          ['staff', 'identifiers in the records', 'count', 'minutes'],
          ...r.byStaff.map((s) => [s.staffId, s.staffIds.join(', '), s.count, s.totalMinutes]),
          ['TOTAL (participations)', '', r.totals.staffParticipations, r.totals.staffMinutes],
        ]),
      );
      out.push(
        '',
        table([
          ['decision', 'count', 'minutes'],
          ...r.byDecision.map((d) => [d.decisionId ?? '(none)', d.count, d.totalMinutes]),
        ]),
      );
      // Findings, each its own rows (issue 15).
      out.push(
        '',
        table([
          ['finding', 'count', 'minutes'],
          [
            'UNDETERMINED (source does not say whether § 9-5 a)',
            r.byVerdict.find((v) => v.verdict === 'UNDETERMINED')?.count ?? 0,
            r.byVerdict.find((v) => v.verdict === 'UNDETERMINED')?.totalMinutes ?? 0,
          ],
          [
            'partly outside the decision (minutes outside)',
            r.partlyOutside.count,
            r.partlyOutside.minutesOutside,
          ],
          ['staffing shortfall (hol. § 9-9: two staff)', r.staffingShortfalls.length, ''],
          ['repeated § 9-5 a emergencies (need a b-decision)', r.emergencyPatterns.length, ''],
          [
            'decision problems (hol. § 9-7 / pbrl. § 4A-5: one year; hol. § 9-8: approval)',
            r.decisionProblems.length,
            '',
          ],
          [
            'possibly registered twice (one measure, overlapping times; hol. § 9-7)',
            r.possibleDuplicates.length,
            r.possibleDuplicates.reduce((a, d) => a + d.minutesOverlap, 0),
          ],
        ]),
      );
      for (const o of r.partlyOutside.executions)
        out.push(
          `  partly outside: ${o.executionId} ran ${o.minutesOutside} min past ${o.lastValidDay}, the last valid day of ${o.decisionId}`,
        );
      for (const x of r.staffingShortfalls)
        out.push(
          `  staffing: ${x.executionId} (${x.start}, ${x.measure}, ${x.decisionId} ${x.legalBasis}): ${x.staffPresent} staff recorded`,
        );
      for (const p of r.emergencyPatterns)
        out.push(
          `  repeated emergency: "${p.measure}" ${p.count} times ${p.first} – ${p.last} (${p.executionIds.join(', ')})${p.beganBeforePeriod ? '; began before the period (earlier emergencies not shown)' : ''}`,
        );
      for (const d of r.decisionProblems) out.push(`  decision: ${d.problem}`);
      for (const d of r.possibleDuplicates)
        out.push(
          `  possibly registered twice: "${d.measure}" ${d.executionIds[0]} (${d.sourceSystems[0]}, ${d.starts[0]}) and ${d.executionIds[1]} (${d.sourceSystems[1]}, ${d.starts[1]}) overlap ${d.minutesOverlap} min; both are counted`,
        );
      // Recorded as one by the journalansvarlig (same-execution.ts; hol. § 9-7): counted once.
      for (const d of r.sameExecutions)
        out.push(
          `  same execution: ${d.executionId} is recorded as the same execution as ${d.countedExecutionId}, counted once (as ${d.countedExecutionId})`,
        );
      process.stdout.write(out.join('\n') + '\n');
      if (svgPath) writeFileSync(svgPath, renderReportSvg(r));
      if (jsonPath) writeFileSync(jsonPath, JSON.stringify(r, null, 2));
      return 0;
    },
  },
  'coercion-review': {
    usage:
      'coercion-review <decision-id> --outcome <APPROVED|APPROVED_IN_PART|SHORTENED|REFUSED> --at <ISO 8601 time or YYYY-MM-DD> [--measures "m1,m2"] [--valid-to YYYY-MM-DD] [--note text] [--replaces-approval]',
    description:
      "record Statsforvalteren's review of a decision (hol. § 9-8) from its letter; verdicts judge against it",
    async run(argv, { db }) {
      const args = [...argv];
      const outcome = option(args, '--outcome');
      const at = option(args, '--at');
      const measures = option(args, '--measures');
      const validTo = option(args, '--valid-to');
      const note = option(args, '--note');
      const replacesApproval = flag(args, '--replaces-approval');
      const id = args[0];
      if (!id || args.length !== 1) throw new UsageError('give one decision id');
      if (!outcome || !REVIEW_OUTCOMES.includes(outcome as ReviewOutcome))
        throw new UsageError(`--outcome must be one of ${REVIEW_OUTCOMES.join(', ')}`);
      if (!at) throw new UsageError('--at is required: when Statsforvalteren decided');
      const when = /^\d{4}-\d{2}-\d{2}$/.test(at)
        ? isRealDate(at)
          ? osloMidnight(at).toISOString()
          : null
        : // A time that happened: Date.parse read 2023-02-30T10:00 as 2 March and 24:00 as the
          // next day, and the review was recorded then (review s39).
          !isoTimeExists(at) || !/[+-]\d{2}:\d{2}$|Z$/.test(at)
          ? null
          : new Date(at).toISOString();
      if (!when) throw new UsageError('--at must be a date YYYY-MM-DD or an ISO 8601 time with offset');
      // Each measure in its one form (measure.ts measureKey; stop 45), as the decision stores it.
      const list = measures ? [...new Set(measures.split(',').map(measureKey).filter(Boolean))] : undefined;
      if (outcome === 'APPROVED_IN_PART' && !list?.length)
        throw new UsageError('APPROVED_IN_PART needs --measures (the measures approved)');
      if (outcome === 'SHORTENED' && !(validTo && isRealDate(validTo)))
        throw new UsageError('SHORTENED needs --valid-to YYYY-MM-DD (the last day approved)');
      if (validTo && !isRealDate(validTo)) throw new UsageError('--valid-to must be a date YYYY-MM-DD');
      const [decision] = await decisionsByIds(db, [id]);
      if (!decision) throw new UsageError(`no coercion decision ${id}`);
      // hol. § 9-8: Statsforvalteren reviews a decision once it is made, and a letter recorded
      // has been written. A review dated before the decision (by Oslo date: a date-only --at is
      // that day) or in the future was stored and judged by (review s41: the verdicts followed
      // the typo); a shortening to before the decision's first day is no shortening.
      if (osloDate(new Date(when)) < osloDate(decision.decided_at))
        throw new UsageError(
          `--at ${at} is before ${id} was made (${osloIso(decision.decided_at)}): Statsforvalteren reviews a decision once it is made (hol. § 9-8)`,
        );
      if (Date.parse(when) > Date.now()) throw new UsageError(`--at ${at} is in the future`);
      if (outcome === 'SHORTENED' && validTo! < decision.valid_from)
        throw new UsageError(
          `--valid-to ${validTo} is before ${id} is valid from ${decision.valid_from}: that is a refusal (--outcome REFUSED), not a shortening`,
        );
      // hol. § 9-8: a b/c decision is carried out once Statsforvalteren has approved it, and the
      // review recorded here is judged as that approval (verdict.ts: not approved before it). A
      // letter dated a later day than the approval already in force (the source's approval date,
      // or a review recorded before) is either the record of that same review, whose date the
      // source or the earlier entry has wrong, or a later decision changing the approval: the
      // barneverns- og helsenemnda's on a complaint (hol. § 9-11) or Statsforvalteren's reversal
      // (forvaltningsloven § 35), which binds from its date only. Recorded as the approval, the
      // executions the earlier approval covered became NOT_YET_APPROVED ("approved it only on
      // <the later date>"; review s44). Only the user knows which: the first needs
      // --replaces-approval; the second cannot be recorded as a review without rewriting the
      // verdicts of the executions before it, and is refused (README, Verdict).
      const inForce = needsApproval(decision.legal_basis) ? approvedByStatsforvalterAt(decision) : null;
      if (inForce && !replacesApproval && osloDate(new Date(when)) > osloDate(inForce))
        throw new UsageError(
          `${id} was approved by ${reviewingOffice(inForce)} ${osloIso(inForce)} (${decision.reviewed_at ? 'the review recorded with coercion-review' : 'the source'}); ` +
            `a review dated ${osloDate(new Date(when))} recorded as its approval would judge every execution before that day NOT_YET_APPROVED (hol. § 9-8). ` +
            `If the letter is that review and the date ${osloDate(inForce)} is wrong, give --replaces-approval. ` +
            `A later decision changing the approval (the barneverns- og helsenemnda on a complaint, hol. § 9-11; a reversal, forvaltningsloven § 35) binds from its date only: record it with coercion-approval-change`,
        );
      const unknown = (list ?? []).filter((m) => !decision.measures.includes(m));
      if (outcome === 'APPROVED_IN_PART' && unknown.length)
        throw new UsageError(
          `--measures: ${id} does not authorise ${unknown.map((m) => `"${m}"`).join(', ')}`,
        );
      const found = await recordReview(
        db,
        {
          decisionId: id,
          outcome: outcome as ReviewOutcome,
          reviewedAt: when,
          measures: outcome === 'APPROVED_IN_PART' ? list : null,
          validTo: outcome === 'SHORTENED' ? validTo : null,
          note: note ?? null,
        },
        `cli:${userInfo().username}`,
      );
      if (!found) throw new UsageError(`no coercion decision ${id}`);
      process.stdout.write(`${id}: review ${outcome} at ${when} recorded\n`);
      return 0;
    },
  },
  // A change of an approval (hol. § 9-11, forvaltningsloven § 35): the GraphQL mutation's code
  // (approval-change.ts recordCheckedApprovalChange), its messages naming these options.
  'coercion-approval-change': {
    usage:
      'coercion-approval-change <decision-id> --by <NEMNDA|COURT|STATSFORVALTEREN> --outcome <APPROVED|APPROVED_IN_PART|SHORTENED|REFUSED> --at <ISO 8601 time or YYYY-MM-DD> --reason text [--measures "m1,m2"] [--valid-to YYYY-MM-DD]',
    description:
      'record a later decision changing an approval (hol. § 9-11: the nemnda on a complaint, a court; forvaltningsloven § 35: a reversal), binding from its own time; the approval before it is kept',
    async run(argv, { db }) {
      const args = [...argv];
      const by = option(args, '--by');
      const outcome = option(args, '--outcome');
      const at = option(args, '--at');
      const reason = option(args, '--reason');
      const measures = option(args, '--measures');
      const validTo = option(args, '--valid-to');
      const id = args[0];
      if (!id || args.length !== 1) throw new UsageError('give one decision id');
      // The mutation's code (approval-change.ts; hol. § 9-11, forvaltningsloven § 35): the same
      // checks and the same row, its messages naming the options.
      const recorded = await recordCheckedApprovalChange(
        db,
        {
          decisionId: id,
          decidedBy: by,
          outcome,
          bindsFrom: at,
          reason,
          measures: measures?.split(','),
          validTo,
        },
        `cli:${userInfo().username}`,
        CLI_NAMES,
      ).catch((err: unknown) => {
        throw err instanceof GraphQLError ? new UsageError(err.message) : err;
      });
      const when = new Date(recorded.change.binds_from).toISOString();
      process.stdout.write(`${id}: approval changed by ${by} (${outcome}) from ${when} recorded\n`);
      return 0;
    },
  },
};
