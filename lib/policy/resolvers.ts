/** GraphQL of the policy room, served by the journal subgraph (schema/journal.graphql, end). */
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Resolvers } from '../../subgraphs/journal/generated/resolvers-types';
import { present, type SubgraphContext } from '../subgraph';
import { nationalIdSubject } from '../audit';
import { FREE_TEXT_MAX, requireTextWithin } from '../free-text';
import { MAX_ID_CHARS } from '../id-cap';
import { breakGlassBarredRule, forbidden, policySettings } from './policy';
import { log } from '../log';
import { PURPOSE_NAMES } from './purposes';
import { isoTimeExists, isRealDate } from '../oslo-time';
import { isHNumber } from '../national-id';
import {
  barringBreakGlass,
  breakGlassById,
  breakGlassList,
  clearBreakGlass,
  closeMatter,
  expandPersons,
  insertBreakGlass,
  insertMatter,
  listMatters,
  matterById,
  reviewBreakGlass,
  type BreakGlassRow,
  type MatterRow,
} from './store';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * A break-the-glass grant's id as a caller gives it: digits that fit `policy.break_glass.id`
 * (bigint), as liftLegalHold checks a hold's. Found in review s38: /^\d+$/ let 20 digits reach
 * `$1::bigint`, an internal error instead of BAD_USER_INPUT.
 */
const GRANT_ID = /^\d{1,15}$/;

/**
 * A grant lists its patient and the reason given for breaking the glass: showing it is a read of
 * that patient's data, logged under the patient, entity type `break_glass`, the grant's id
 * (pasientjournalforskriften § 14), as clearBreakGlass and breakGlass log it.
 */
function auditGrant(ctx: SubgraphContext, g: BreakGlassRow): void {
  ctx.audit.record(g.patient_id, 'break_glass', [String(g.id)]);
}

const DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real date');

const MatterInput = z
  .object({
    id: z.string().trim().min(1).max(100),
    title: z.string().trim().min(1).max(500),
    purpose: z.enum(PURPOSE_NAMES as [string, ...string[]]),
    patientIds: z.array(z.string().min(1)).nullish(),
    // An H-nummer names a person only within the institution that gave it (lib/national-id.ts;
    // pasientjournalloven § 22): as a matter's national id it reached every source's records of
    // the same number, another institution's person among them (found by the lead, stop 34).
    nationalIds: z
      .array(
        z
          .string()
          .regex(/^\d{11}$/, 'must be 11 digits')
          .refine(
            (n) => !isHNumber(n),
            'an H-nummer names a person only within the institution that gave it: give the patient record id in patientIds',
          ),
      )
      .nullish(),
    periodFrom: DATE.nullish(),
    periodTo: DATE.nullish(),
    members: z.array(z.string().trim().min(1).max(MAX_ID_CHARS)).min(1, 'at least one member is required'),
    expiresAt: z
      .string()
      .refine(isoTimeExists, 'must be an ISO 8601 time on a day and at an hour that exist'),
  })
  .refine((m) => (m.patientIds?.length ?? 0) + (m.nationalIds?.length ?? 0) > 0, {
    message: 'a matter concerns at least one patient (patientIds or nationalIds)',
  })
  .refine((m) => !m.periodFrom || !m.periodTo || m.periodFrom <= m.periodTo, {
    message: 'periodFrom must not be after periodTo',
  })
  .refine((m) => Date.parse(m.expiresAt) > Date.now(), { message: 'expiresAt must be in the future' });

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

/**
 * Archivists see every matter; a legal user sees the matter their token names, when they
 * work on it and the token's purpose is the matter's. Membership alone is not enough: a
 * matter lists patients, and a token for one matter has no purpose for another's.
 */
function canSeeMatter(ctx: SubgraphContext, m: MatterRow): boolean {
  return ctx.policy.actionRule('listMatters') === null || isMattersOwnToken(ctx, m);
}

const isMattersOwnToken = (ctx: SubgraphContext, m: MatterRow) =>
  ctx.caller.role === 'legal' &&
  ctx.caller.matter === m.id &&
  ctx.caller.purpose === m.purpose &&
  m.members.includes(ctx.caller.userId);

/**
 * A read of a matter is a read of its patients' data (it lists their record ids and national
 * ids): logged under each of them, entity type `matter`, the matter's id
 * (pasientjournalforskriften § 14: every access is logged; found in review: it wrote no row).
 */
function auditMatter(ctx: SubgraphContext, m: MatterRow): void {
  for (const id of m.patient_ids) ctx.audit.record(id, 'matter', [m.id]);
  for (const nid of m.national_ids) ctx.audit.record(nationalIdSubject(nid), 'matter', [m.id]);
}

/** FORBIDDEN with the rule, the refusal logged under `*` (a refused matter names no patient to the caller). */
function refuseMatter(ctx: SubgraphContext, rule: string): never {
  ctx.audit.denied('*', 'matter', rule);
  throw forbidden(rule);
}

const matterRule = (id: string) => `matter ${id} needs role archivist or membership of the matter`;

/**
 * The one gate of a matter's details, whichever field returns the Matter (matter(id),
 * LegalHold.matter): the caller must see it (canSeeMatter; pasientjournalloven § 22: archivists,
 * or its legal staff with its token), and the read is logged under each of its patients
 * (auditMatter; pasientjournalforskriften § 14). Found in review (access-review-s30-c):
 * `legalHolds { matter { patientIds nationalIds } }` gave any matter's patients to a
 * journalansvarlig, whom matter(id) refuses, and to an archivist, unlogged.
 */
export function readMatter(ctx: SubgraphContext, m: MatterRow): MatterRow {
  if (!canSeeMatter(ctx, m)) refuseMatter(ctx, matterRule(m.id));
  // Its legal staff read it only while it gives them access (pasientjournalloven § 22):
  // closed or expired, the token reaches nothing of it, its patients' ids included, and
  // is told why with the matter's own rule (compilePolicy's; found in review: a closed
  // matter's patients stayed readable here). Archivists, who register and close matters,
  // read them as before.
  if (isMattersOwnToken(ctx, m) && ctx.policy.scopeRule) refuseMatter(ctx, ctx.policy.scopeRule);
  auditMatter(ctx, m);
  return m;
}

/** The ids of `ids` that name no row of `journal.patient`, in the order given. */
async function unknownPatientIds(ctx: SubgraphContext, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await ctx.db.query<{ id: string }>(
    `SELECT x.id FROM unnest($1::text[]) WITH ORDINALITY AS x(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM journal.patient p WHERE p.id = x.id) ORDER BY x.n`,
    [ids],
  );
  return r.rows.map((row) => row.id);
}

export const policyResolvers: Resolvers = {
  Query: {
    async matter(_, { id }, ctx) {
      const m = await matterById(ctx.db, id);
      // The same answer for an unknown matter and one the caller does not work on.
      if (!m) refuseMatter(ctx, matterRule(id));
      return readMatter(ctx, m);
    },
    async matters(_, { openOnly }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'listMatters');
      const list = await listMatters(ctx.db, openOnly);
      for (const m of list) auditMatter(ctx, m);
      return list;
    },
    async breakGlassReviews(_, { pendingOnly }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'breakGlassReviews');
      // Each listed grant names its patient and the reason: logged under that patient (review s38).
      const list = await breakGlassList(ctx.db, pendingOnly);
      for (const g of list) auditGrant(ctx, g);
      return list;
    },
  },
  Mutation: {
    async registerMatter(_, { input }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'registerMatter');
      const parsed = MatterInput.safeParse(input);
      if (!parsed.success)
        throw badInput(
          `invalid matter: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
        );
      const m = parsed.data;
      const patientIds = [...new Set(m.patientIds ?? [])];
      // Each patientIds entry must be a patient record of the journal: a typo registered a
      // matter that reached nobody (found in review s39; test residuals-s39). Checked before
      // anything is written; the archivist (ARCHIVE_ADMINISTRATION) reaches every patient.
      const unknown = await unknownPatientIds(ctx, patientIds);
      if (unknown.length > 0)
        throw badInput(
          `invalid matter: patientIds: ${unknown
            .slice(0, 10)
            .map((id) => JSON.stringify(id))
            .join(
              ', ',
            )}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''} ${unknown.length === 1 ? 'is no patient record' : 'are no patient records'} of the journal; nothing registered`,
        );
      const ok = await insertMatter(
        ctx.db,
        {
          id: m.id,
          title: m.title,
          purpose: m.purpose,
          patientIds,
          nationalIds: [...new Set(m.nationalIds ?? [])],
          periodFrom: m.periodFrom ?? null,
          periodTo: m.periodTo ?? null,
          members: m.members,
          expiresAt: new Date(m.expiresAt),
        },
        ctx.caller.userId,
      );
      if (!ok) throw badInput(`matter ${m.id} is already registered`);
      // The answer lists the matter's patients: read through the gate of matter(id), logged
      // under each of them (pasientjournalforskriften § 14; review s38).
      return readMatter(ctx, present(await matterById(ctx.db, m.id), `matter ${m.id}`));
    },
    async closeMatter(_, { id }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'closeMatter');
      if (!(await closeMatter(ctx.db, id, ctx.caller.userId))) throw badInput(`no open matter ${id}`);
      // As registerMatter: the closed matter's patients are read, and logged (found in review s38:
      // returned unlogged, to an archivist other than the one who registered it).
      return readMatter(ctx, present(await matterById(ctx.db, id), `matter ${id}`));
    },
    async breakGlass(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'breakGlass', { patientIds: [a.patientId] });
      // Break the glass widens a valid matter for an urgent need (pasientjournalforskriften
      // § 14, Normen: selvautorisering is logged with the matter that allowed the work); it is
      // no way in for a token without one, and the grant must name a matter the user works on.
      if (ctx.policy.scopeRule) {
        const rule = `break the glass needs a valid matter: ${ctx.policy.scopeRule}`;
        ctx.audit.denied(a.patientId, 'break_glass', rule);
        throw forbidden(rule);
      }
      if (a.reason.trim().length < 10) {
        const rule = 'break the glass needs a written reason (10 characters or more)';
        ctx.audit.denied(a.patientId, 'break_glass', rule);
        throw badInput(rule);
      }
      if (a.reason.length > FREE_TEXT_MAX) {
        const rule = `reason is longer than ${FREE_TEXT_MAX} characters`;
        ctx.audit.denied(a.patientId, 'break_glass', rule);
        throw badInput(rule);
      }
      // Not again after a NOT_JUSTIFIED review (pasientjournalloven § 16 and § 22; Normen,
      // "Tilgangsstyring": self-authorisation is followed up, and a misuse found is stopped, not
      // repeated): the user's grant for this person (any of its linked records) found
      // NOT_JUSTIFIED bars a new one until a journalansvarlig clears it (clearBreakGlass).
      // Found in review: the same user broke the glass again at once, with a new reason.
      const person = (
        await expandPersons(ctx.db, [{ group: 0, patientIds: [a.patientId], nationalIds: [] }])
      ).get(0)!;
      const barring = await barringBreakGlass(ctx.db, ctx.caller.userId, [...person.patientIds]);
      if (barring.length) {
        const ids = barring.map((b) => String(b.id));
        const rule = breakGlassBarredRule(ids);
        ctx.audit.denied(a.patientId, 'break_glass', rule);
        // Who and which grants, never the patient or the reason.
        log.warn(
          { userId: ctx.caller.userId, matter: ctx.caller.matter ?? null, barredBy: ids },
          'break the glass refused: an earlier grant for the same patient was reviewed NOT_JUSTIFIED',
        );
        throw forbidden(rule);
      }
      // Granted whether or not the patient exists: the answer must not tell.
      const g = await insertBreakGlass(ctx.db, {
        userId: ctx.caller.userId,
        matterId: ctx.caller.matter ?? null,
        patientId: a.patientId,
        reason: a.reason.trim(),
        hours: policySettings.breakGlassHours,
        requestId: ctx.caller.requestId,
      });
      ctx.caller.selfAuthorized = true;
      ctx.audit.record(a.patientId, 'break_glass', [String(g.id)]);
      return g;
    },
    async reviewBreakGlass(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'reviewBreakGlass');
      if (!GRANT_ID.test(a.id)) throw badInput('id must be a break-the-glass grant id');
      requireTextWithin({ note: a.note }, FREE_TEXT_MAX);
      if (!a.note.trim()) throw badInput('note is required');
      // Four eyes: not the user who opened it (the UPDATE says so too).
      const opened = await breakGlassById(ctx.db, a.id);
      if (opened) ctx.policy.requireBreakGlassReviewer(ctx.audit, opened);
      const g = await reviewBreakGlass(ctx.db, a.id, ctx.caller.userId, a.outcome, a.note.trim());
      if (!g) throw badInput(`no unreviewed break-the-glass grant ${a.id}`);
      // The grant returned names its patient and reason (review s38: unlogged; clearBreakGlass logged).
      auditGrant(ctx, g);
      return g;
    },
    /**
     * Lifts the bar a NOT_JUSTIFIED review puts on breaking the glass again for that person
     * (breakGlass above; migration 007): the journalansvarlig (helsepersonelloven § 39 andre
     * ledd; pasientjournalloven § 22), with a note, never for a grant they opened themselves
     * (four eyes). The old grant stays ended; a new one is reviewed as any other. Logged under
     * the grant's patient.
     */
    async clearBreakGlass(_, a, ctx) {
      ctx.policy.requireAction(ctx.audit, 'clearBreakGlass');
      if (!GRANT_ID.test(a.id)) throw badInput('id must be a break-the-glass grant id');
      requireTextWithin({ note: a.note }, FREE_TEXT_MAX);
      if (!a.note.trim()) throw badInput('note is required: why the user may break the glass again');
      const opened = await breakGlassById(ctx.db, a.id);
      if (opened) ctx.policy.requireBreakGlassReviewer(ctx.audit, opened);
      const g = await clearBreakGlass(ctx.db, a.id, ctx.caller.userId, a.note.trim());
      if (!g) throw badInput(`no break-the-glass grant ${a.id} reviewed NOT_JUSTIFIED and not yet cleared`);
      auditGrant(ctx, g);
      log.info(
        { grant: String(g.id), userId: g.user_id, clearedBy: ctx.caller.userId },
        'break-the-glass bar cleared',
      );
      return g;
    },
  },
  Matter: {
    patientIds: (m) => m.patient_ids,
    nationalIds: (m) => m.national_ids,
    periodFrom: (m) => m.period_from,
    periodTo: (m) => m.period_to,
    expiresAt: (m) => iso(m.expires_at),
    registeredBy: (m) => m.registered_by,
    registeredAt: (m) => iso(m.registered_at),
    closedBy: (m) => m.closed_by,
    closedAt: (m) => iso(m.closed_at),
    open: (m) => !m.closed_at && new Date(m.expires_at).getTime() > Date.now(),
  },
  BreakGlassGrant: {
    id: (g) => String(g.id),
    userId: (g) => g.user_id,
    matterId: (g) => g.matter_id,
    patientId: (g) => g.patient_id,
    openedAt: (g) => iso(g.opened_at),
    expiresAt: (g) => iso(g.expires_at),
    reviewedBy: (g) => g.reviewed_by,
    reviewedAt: (g) => iso(g.reviewed_at),
    outcome: (g) => g.review_outcome,
    reviewNote: (g) => g.review_note,
    clearedBy: (g) => g.cleared_by,
    clearedAt: (g) => iso(g.cleared_at),
    clearanceNote: (g) => g.clearance_note,
  },
};
