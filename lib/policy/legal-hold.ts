/**
 * Legal hold (rettslig bevaringsplikt) and the other things that stop a deletion, as the
 * policy room knows them. The journal's deletion rule (subgraphs/journal/record-cases.ts)
 * asks `deletionHolds` — the one documented interface — before it deletes anything.
 *
 * - **Legal hold**: an archivist places a matter's patients on hold (`placeLegalHold`);
 *   while it lasts, deleting their records is refused, naming the hold, the matter and the
 *   reason; lifting it (`liftLegalHold`) records who, when and why. Sources: a party to a
 *   civil case must give access to evidence it holds (tvisteloven §§ 26-5 ff., bevistilgang),
 *   so records that may be evidence are kept once a case is foreseeable; and hpl. § 43
 *   første ledd allows deletion only when it is "ubetenkelig ut fra allmenne hensyn", which
 *   Helsedirektoratet's commentary to § 43 reads to include the patient's and the
 *   supervisory authorities' need for the record in claims and reviews: not so while the
 *   records are held for a matter.
 * - **Open complaint**: an open, unexpired matter with purpose COMPLAINT (a klage or a
 *   tilsynssak) over the patient. The supervisory authority's review of the care needs the
 *   record as it was (Helsedirektoratet's commentary to hpl. § 43: "tilsynsmyndighetenes
 *   mulighet til å føre kontroll"), so deletion is not ubetenkelig while it is open.
 *
 * A hold covers the matter's patients as the matter names them (record ids or national
 * ids), with every patient record linked to them (`expandPersons`, as the access policy).
 */
import { GraphQLError } from 'graphql';
import type { Queryable } from '../db';
import { FREE_TEXT_MAX, requireTextWithin } from '../free-text';
import type { Resolvers } from '../../subgraphs/journal/generated/resolvers-types';
import { log } from '../log';
import { present } from '../subgraph';
import { readMatter } from './resolvers';
import { expandPersons, matterById } from './store';

export interface LegalHoldRow {
  id: string;
  matter_id: string;
  reason: string;
  placed_by: string;
  placed_at: Date;
  lifted_by: string | null;
  lifted_at: Date | null;
  lift_reason: string | null;
}

/** Why a deletion may not go ahead now: a live legal hold or an open complaint matter. */
export interface DeletionHold {
  kind: 'LEGAL_HOLD' | 'OPEN_COMPLAINT';
  /** The legal hold id, or the matter id for a complaint. */
  id: string;
  matterId: string;
  /** One line, for the refusal. */
  reason: string;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export async function legalHolds(db: Queryable, liveOnly: boolean): Promise<LegalHoldRow[]> {
  return (
    await db.query<LegalHoldRow>(
      `SELECT id::text, matter_id, reason, placed_by, placed_at, lifted_by, lifted_at, lift_reason
         FROM policy.legal_hold WHERE NOT $1 OR lifted_at IS NULL ORDER BY placed_at, id`,
      [liveOnly],
    )
  ).rows;
}

export async function placeLegalHold(
  db: Queryable,
  matterId: string,
  reason: string,
  by: string,
): Promise<LegalHoldRow> {
  const m = await matterById(db, matterId);
  if (!m) throw badInput(`matter ${matterId} is not registered`);
  if (reason.trim().length < 5) throw badInput('a legal hold needs a reason (5 characters or more)');
  const r = await db.query<LegalHoldRow>(
    `INSERT INTO policy.legal_hold (matter_id, reason, placed_by) VALUES ($1, $2, $3)
     ON CONFLICT (matter_id) WHERE lifted_at IS NULL DO NOTHING
     RETURNING id::text, matter_id, reason, placed_by, placed_at, lifted_by, lifted_at, lift_reason`,
    [matterId, reason.trim(), by],
  );
  if (!r.rows[0]) throw badInput(`matter ${matterId} is already on legal hold`);
  log.info({ legalHold: r.rows[0].id, matter: matterId, by }, 'legal hold placed');
  return r.rows[0];
}

export async function liftLegalHold(
  db: Queryable,
  id: string,
  reason: string,
  by: string,
): Promise<LegalHoldRow> {
  if (!/^\d{1,15}$/.test(id)) throw badInput('id must be a legal hold id');
  if (reason.trim().length < 5) throw badInput('lifting a legal hold needs a reason (5 characters or more)');
  const r = await db.query<LegalHoldRow>(
    `UPDATE policy.legal_hold SET lifted_by = $2, lifted_at = now(), lift_reason = $3
      WHERE id = $1::bigint AND lifted_at IS NULL
      RETURNING id::text, matter_id, reason, placed_by, placed_at, lifted_by, lifted_at, lift_reason`,
    [id, by, reason.trim()],
  );
  if (!r.rows[0]) throw badInput(`no live legal hold ${id}`);
  log.info({ legalHold: id, matter: r.rows[0].matter_id, by }, 'legal hold lifted');
  return r.rows[0];
}

/**
 * The holds that stop deleting records of this person now (live legal holds and open
 * complaint matters whose persons include any of these patient record ids or national
 * ids). The documented interface of the policy room for the deletion rule.
 */
export async function deletionHolds(
  db: Queryable,
  person: { patientIds: readonly string[]; nationalIds: readonly string[] },
  opts: { inTransaction?: boolean } = {},
): Promise<DeletionHold[]> {
  // Inside the deleting transaction: a hold or a complaint matter being registered now either
  // committed before this (and is seen) or waits until the deletion has committed (SHARE blocks
  // INSERT and UPDATE, not readers). The matter table too: a COMPLAINT matter committed while a
  // deletion ran was not seen and the note went (found in review s38).
  if (opts.inTransaction) await db.query('LOCK TABLE policy.legal_hold, policy.matter IN SHARE MODE');
  const candidates = (
    await db.query<{ kind: DeletionHold['kind']; id: string; matter_id: string; reason: string }>(
      `SELECT 'LEGAL_HOLD' AS kind, h.id::text AS id, h.matter_id, h.reason
         FROM policy.legal_hold h WHERE h.lifted_at IS NULL
       UNION ALL
       SELECT 'OPEN_COMPLAINT', m.id, m.id, m.title
         FROM policy.matter m WHERE m.purpose = 'COMPLAINT' AND m.closed_at IS NULL AND m.expires_at > now()
       ORDER BY 1, 2`,
    )
  ).rows;
  if (!candidates.length) return [];
  const matters = await Promise.all(candidates.map((c) => matterById(db, c.matter_id)));
  const persons = await expandPersons(
    db,
    matters.map((m, i) => ({
      group: i,
      patientIds: m?.patient_ids ?? [],
      nationalIds: m?.national_ids ?? [],
    })),
  );
  const out: DeletionHold[] = [];
  candidates.forEach((c, i) => {
    const p = persons.get(i)!;
    const hit =
      person.patientIds.some((id) => p.patientIds.has(id)) ||
      person.nationalIds.some((n) => p.nationalIds.has(n));
    if (!hit) return;
    out.push({
      kind: c.kind,
      id: c.id,
      matterId: c.matter_id,
      reason:
        c.kind === 'LEGAL_HOLD'
          ? `the patient is under legal hold ${c.id} (matter ${c.matter_id}): ${c.reason}`
          : `the patient has an open complaint (matter ${c.matter_id})`,
    });
  });
  return out;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** GraphQL of legal holds (served by the journal subgraph; SDL at the end of schema/journal.graphql). */
export const legalHoldResolvers: Resolvers = {
  Query: {
    async legalHolds(_, { liveOnly }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'legalHolds');
      return legalHolds(ctx.db, liveOnly);
    },
  },
  Mutation: {
    async placeLegalHold(_, { matterId, reason }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'placeLegalHold');
      requireTextWithin({ reason }, FREE_TEXT_MAX);
      return placeLegalHold(ctx.db, matterId, reason, ctx.caller.userId);
    },
    async liftLegalHold(_, { id, reason }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'liftLegalHold');
      requireTextWithin({ reason }, FREE_TEXT_MAX);
      return liftLegalHold(ctx.db, id, reason, ctx.caller.userId);
    },
  },
  LegalHold: {
    matterId: (h) => h.matter_id,
    // The matter lists its patients: read under matter(id)'s rule and logged as it is
    // (readMatter; pasientjournalforskriften § 14, pasientjournalloven § 22). A
    // journalansvarlig lists holds (matterId, reason) but not the matters' patients.
    matter: async (h, _, ctx) =>
      readMatter(ctx, present(await matterById(ctx.db, h.matter_id), `matter ${h.matter_id}`)),
    placedBy: (h) => h.placed_by,
    placedAt: (h) => iso(h.placed_at)!,
    liftedBy: (h) => h.lifted_by,
    liftedAt: (h) => iso(h.lifted_at),
    liftReason: (h) => h.lift_reason,
    live: (h) => !h.lifted_at,
  },
};
