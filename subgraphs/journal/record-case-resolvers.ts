/** GraphQL of retting og sletting (record-cases.ts states the law). Merged into the journal subgraph in index.ts. */
import { GraphQLError } from 'graphql';
import { FREE_TEXT_MAX, NAME_MAX, requireTextWithin } from '../../lib/free-text';
import { osloDate, osloIso } from '../../lib/oslo-time';
import { forbidden } from '../../lib/policy/policy';
import { present, type SubgraphContext } from '../../lib/subgraph';
import { chargeText } from '../../lib/text-budget';
import type { Resolvers } from './generated/resolvers-types';
import {
  GROUND_SOURCE,
  caseEvents,
  casesByEntries,
  correctNow,
  decideCase,
  deleteNow,
  listRecordCases,
  movesOf,
  recordCaseById,
  registerCase,
  type Actor,
  type Assessment,
  type CaseEventRow,
  type RecordCaseRow,
} from './record-cases';
import { journalEntriesByIds, personGroups, type JournalEntryRow } from './store';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const actor = (ctx: SubgraphContext): Actor => ({ userId: ctx.caller.userId, role: ctx.caller.role });

/** Reading a case shows its note's patient data: logged under the patient, as the case and the note. */
function seenCases(ctx: SubgraphContext, rows: RecordCaseRow[]): RecordCaseRow[] {
  for (const c of rows) {
    ctx.audit.record(c.patient_id, 'record_case', [c.id]);
    if (c.right_patient_id) ctx.audit.record(c.right_patient_id, 'record_case', [c.id]);
  }
  return rows;
}

const entryLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, JournalEntryRow | null>('recordCaseEntry', async (ids) => {
    const rows = await journalEntriesByIds(ctx.db, ids);
    const m = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => m.get(id) ?? null);
  });

const eventsLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, CaseEventRow[]>('recordCaseEvents', async (ids) => {
    const rows = await caseEvents(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.case_id === id));
  });

const entryCasesLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, RecordCaseRow[]>('entryRecordCases', async (ids) => {
    const rows = await casesByEntries(ctx.db, ids);
    return ids.map((id) => rows.filter((r) => r.entry_id === id));
  });

function assessment(a: Assessment | null | undefined): Assessment | null {
  if (!a) return null;
  const out: Assessment = {};
  for (const k of [
    'generallyUnobjectionable',
    'archiveLawAllows',
    'wrongOrMisleadingAndBurdensome',
    'obviouslyNotNeededForCare',
    'wrongPerson',
    'publicInterestAgainst',
  ] as const)
    if (a[k] !== undefined && a[k] !== null) out[k] = a[k];
  return out;
}

async function entryAfter(ctx: SubgraphContext, c: RecordCaseRow): Promise<JournalEntryRow> {
  const e = (await journalEntriesByIds(ctx.db, [c.entry_id]))[0];
  const row = present(e ?? null, `journal entry ${c.entry_id}`);
  ctx.audit.record(row.patient_id, 'journal_entry', [row.id]);
  return row;
}

export const recordCaseResolvers: Resolvers = {
  Query: {
    async recordCases(_, args, ctx) {
      ctx.policy.requireAction(
        ctx.audit,
        'recordCases',
        args.patientId ? { patientIds: [args.patientId] } : undefined,
      );
      if (args.first < 0 || args.first > 1000) throw badInput('first must be between 0 and 1000');
      const ids = args.patientId
        ? ((await personGroups(ctx.db, [args.patientId])).get(args.patientId) ?? [args.patientId])
        : null;
      return seenCases(
        ctx,
        await listRecordCases(ctx.db, { patientIds: ids, openOnly: args.openOnly, first: args.first }),
      );
    },
    async recordCase(_, { id }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'recordCases');
      const c = await recordCaseById(ctx.db, id);
      return c ? seenCases(ctx, [c])[0]! : null;
    },
  },
  Mutation: {
    async correctJournalEntry(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'correctJournalEntry');
      requireTextWithin({ reason: a.reason }, FREE_TEXT_MAX);
      requireTextWithin({ requesterName: a.requesterName }, NAME_MAX);
      if (!a.text.trim() || !a.reason.trim()) throw badInput('text and reason are required');
      const c = await correctNow(
        ctx.db,
        {
          entryId: a.id,
          text: a.text,
          reason: a.reason,
          requestedBy: a.requestedBy,
          requesterName: a.requesterName,
          expectedVersion: a.expectedVersion,
        },
        actor(ctx),
      );
      return entryAfter(ctx, c);
    },
    async deleteJournalEntry(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'deleteJournalEntry');
      requireTextWithin({ legalBasis: a.legalBasis }, FREE_TEXT_MAX);
      requireTextWithin({ requesterName: a.requesterName }, NAME_MAX);
      if (!a.legalBasis.trim()) throw badInput('legalBasis is required');
      const c = await deleteNow(
        ctx.db,
        {
          entryId: a.id,
          legalBasis: a.legalBasis,
          ground: a.ground,
          requestedBy: a.requestedBy,
          requesterName: a.requesterName,
          assessment: a.assessment,
        },
        actor(ctx),
      );
      return entryAfter(ctx, c);
    },
    async registerRecordCase(_, { input }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'registerRecordCase');
      requireTextWithin({ claim: input.claim }, FREE_TEXT_MAX);
      requireTextWithin(
        { requesterName: input.requesterName, requesterRelation: input.requesterRelation },
        NAME_MAX,
      );
      const c = await registerCase(ctx.db, input, actor(ctx));
      return seenCases(ctx, [c])[0]!;
    },
    async decideRecordCase(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'decideRecordCase');
      requireTextWithin({ reasons: a.reasons }, FREE_TEXT_MAX);
      const c = await decideCase(
        ctx.db,
        a.id,
        { decision: a.decision, reasons: a.reasons, text: a.text, assessment: a.assessment },
        actor(ctx),
      );
      return seenCases(ctx, [c])[0]!;
    },
  },
  RecordCase: {
    legalSource: (c) => GROUND_SOURCE[c.ground],
    entry: async (c, _, ctx) => {
      const e = present(await entryLoader(ctx).load(c.entry_id), `journal entry ${c.entry_id}`);
      ctx.audit.record(e.patient_id, 'journal_entry', [e.id]);
      return e;
    },
    patientId: (c) => c.patient_id,
    rightPatientId: (c) => c.right_patient_id,
    requestedBy: (c) => c.requested_by,
    requesterName: (c) => c.requester_name,
    requesterRelation: (c) => c.requester_relation,
    // A correction's proposed text is a note's text (up to the gateway's body cap each, and a
    // list of cases holds many): it counts against the request's text budget (lib/text-budget.ts,
    // RESPONSE_TOO_LARGE past it; review s46).
    proposedText: (c, _, ctx) => chargeText(ctx, 'proposed text', c.proposed_text),
    entryVersion: (c) => c.entry_version,
    registeredBy: (c) => c.registered_by,
    registeredRole: (c) => c.registered_role,
    registeredAt: (c) => osloIso(c.registered_at),
    decidedBy: (c) => c.decided_by,
    decidedAt: (c) => (c.decided_at ? osloIso(c.decided_at) : null),
    assessment: (c) => assessment(c.assessment),
    appealRoute: (c) => c.appeal_route,
    noticeRecipients: (c) => c.notice_recipients,
    events: (c, _, ctx) => eventsLoader(ctx).load(c.id),
  },
  RecordCaseEvent: {
    at: (e) => osloIso(e.at),
    by: (e) => e.by_user,
  },
  EntryMove: {
    entryId: (m) => m.entry_id,
    movedAt: (m) => osloIso(m.moved_at),
    movedBy: (m) => m.moved_by,
    caseId: (m) => m.case_id,
    direction: (m) => (m as { direction?: string }).direction ?? 'OUT',
  },
  JournalEntry: {
    async recordCases(e, _, ctx) {
      const rule = ctx.policy.actionRule('recordCases');
      if (rule) {
        ctx.audit.denied(e.patient_id, 'record_case', rule);
        throw forbidden(rule);
      }
      return seenCases(ctx, await entryCasesLoader(ctx).load(e.id));
    },
  },
  Patient: {
    /**
     * The movement records of this person (helsepersonelloven § 44), each shown only when its
     * note's date is in the caller's period (pasientjournalloven § 22: a legal user reads the
     * matter's period only, as Patient.journal does): a move of a note outside it is not theirs to see.
     */
    async entryMoves(p, _, ctx) {
      const group = (await personGroups(ctx.db, [p.id])).get(p.id) ?? [p.id];
      const moves = (await movesOf(ctx.db, group)).filter((m) =>
        ctx.policy.visible('journal_entry', { patientIds: [p.id] }, osloDate(m.entry_dated_at)),
      );
      const inGroup = new Set(group);
      // A move between two records of the same person cannot happen (§ 44 refuses it); each row is OUT or IN here.
      const out = moves.map((m) => ({ ...m, direction: inGroup.has(m.from_patient_id) ? 'OUT' : 'IN' }));
      ctx.audit.record(
        p.id,
        'entry_move',
        out.map((m) => m.id),
      );
      return out;
    },
  },
};
