/**
 * Party conflicts (archive.party_conflict, migration 033; README "A later extract", stop 44): a
 * later Noark 5 extract that named no party of a saksmappe or journalpost whose parties name a
 * person. The import kept the parties linked and opened the conflict (noark/import.ts
 * holdParties); an archivist administering the archive decides:
 *
 *  - ACCEPT_REMOVAL: the source did remove them. The links end exactly as a removed party's do
 *    (endCaseParts, endPersonLink): a case's part rows stay as exported, named in
 *    archive.ended_part (`ended_by` the archivist), the links moved to archive.unlinked_person_link
 *    with why; a journalpost loses its part elements as the source gave it none, the row replaced
 *    kept in archive.record_version (by the archivist). The person no longer concerns the record.
 *  - KEEP_PARTIES: the extract was partial or faulty. The parties stay, and a later extract with the
 *    same empty list does not open the conflict again; one that names parties of the record again
 *    ends it and is applied as any extract (the import).
 *
 * Rule and sources: pasientjournalloven § 22 (information security: access to health information
 * for those whose work needs it, and the information there for them: a faulty extract may neither
 * hide a case from the person it concerns and their case handlers nor, once the removal is
 * accepted, keep it with a person it no longer concerns; ehelse.no Normen, faktaark 15, reads the
 * section as the basis of access control and logging with pasientjournalforskriften § 14);
 * arkivlova (LOV-2025-06-20-96) § 5, arkivplikta, which carries on the 1992 act's § 6 (a public
 * body's archive "ordna og innretta slik at dokumenta er tryggja som informasjonskjelder for samtid
 * og ettertid", Meld. St. 7 (2012–2013), vedlegg 1; Prop. 52 L (2024–2025) ch. 8): nothing
 * filed is lost, so nothing is deleted either way, and the conflict row is never deleted.
 *
 * The resolution runs in one transaction under the case's advisory lock (as an import of the case
 * takes it: noark/import.ts storeMappe), so an import of the case and the decision on it come one
 * after the other. A conflict already resolved, or ended by a later extract, is not resolved again.
 */
import type { Db, Queryable } from '../../lib/db';
import { log } from '../../lib/log';
import { endCaseParts, endPersonLink, personId, vanishedReason, type KeptParty } from './noark/import';

export type PartyConflictResolution = 'ACCEPT_REMOVAL' | 'KEEP_PARTIES';

/** A row of archive.party_conflict: the parent of the GraphQL PartyConflict's fields. */
export interface PartyConflictRow {
  id: string;
  saksmappe_id: string;
  entity_type: 'saksmappe' | 'journalpost';
  entity_id: string;
  parties: KeptParty[];
  source_file: string;
  extracted_at: Date | null;
  opened_at: Date;
  resolution: 'ACCEPT_REMOVAL' | 'KEEP_PARTIES' | 'SUPERSEDED' | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution_reason: string | null;
  source_named_parties_at: Date | null;
  /** Why it was opened (noark/import.ts vanishedReason; its quarantine row's reason says the same). */
  reason: string;
}

/** Input the decision refuses (BAD_USER_INPUT): nothing is changed. */
export class PartyConflictError extends Error {}

/** Why a link ends when an archivist accepts the removal (archive.ended_part, unlinked_person_link). */
export const acceptedReason = (conflictId: string) =>
  `the later extract named no party of the record, and an archivist accepted the removal (party conflict ${conflictId}): ` +
  'the person no longer concerns the case (pasientjournalloven § 22)';
/** The reason of the journalpost row replaced when its parties are taken out (archive.record_version). */
const ACCEPTED_VERSION_REASON =
  'parties a later extract no longer names removed: accepted by an archivist (pasientjournalloven § 22)';

type Stored = Omit<PartyConflictRow, 'reason'>;
const SELECT = `SELECT c.id::text AS id, c.saksmappe_id, c.entity_type, c.entity_id, c.parties, c.source_file, c.extracted_at,
  c.opened_at, c.resolution, c.resolved_by, c.resolved_at, c.resolution_reason, c.source_named_parties_at
  FROM archive.party_conflict c`;
const withReason = (r: Stored): PartyConflictRow => ({
  ...r,
  reason: vanishedReason(r.entity_type, r.entity_id, r.parties.length),
});

/** Party conflicts, oldest first: the open ones, or all (resolved and ended too). */
export async function partyConflicts(
  db: Queryable,
  first: number,
  includeResolved: boolean,
): Promise<PartyConflictRow[]> {
  const r = await db.query<Stored>(
    `${SELECT} ${includeResolved ? '' : 'WHERE c.resolution IS NULL'} ORDER BY c.id LIMIT $1`,
    [first],
  );
  return r.rows.map(withReason);
}

/**
 * Resolves an open party conflict (above). Throws PartyConflictError, with nothing changed, for an
 * unknown id or one already resolved or ended by a later extract.
 */
export async function resolvePartyConflict(
  db: Db,
  id: string,
  resolution: PartyConflictResolution,
  reason: string,
  by: string,
): Promise<PartyConflictRow> {
  if (!/^\d{1,18}$/.test(id)) throw new PartyConflictError(`no party conflict ${id}`);
  const row = await db.transaction(async (tx) => {
    const found = (await tx.query<Stored>(`${SELECT} WHERE c.id = $1`, [id])).rows[0];
    if (!found) throw new PartyConflictError(`no party conflict ${id}`);
    // The case's lock, as an import of it takes it (storeMappe), then the row.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      'archive.saksmappe systemID',
      found.saksmappe_id,
    ]);
    const c = (await tx.query<Stored>(`${SELECT} WHERE c.id = $1 FOR UPDATE`, [id])).rows[0]!;
    if (c.resolution)
      throw new PartyConflictError(
        `party conflict ${id} is already resolved (${c.resolution}, by ${c.resolved_by}, ${new Date(c.resolved_at!).toISOString()})` +
          (c.resolution === 'SUPERSEDED' ? ': a later extract named parties of the record again' : ''),
      );
    if (resolution === 'ACCEPT_REMOVAL') await endHeldParties(tx, c, by);
    return (
      await tx.query<Stored>(
        `UPDATE archive.party_conflict AS c SET resolution = $2, resolved_by = $3, resolved_at = now(), resolution_reason = $4
          WHERE c.id = $1
          RETURNING c.id::text AS id, c.saksmappe_id, c.entity_type, c.entity_id, c.parties, c.source_file, c.extracted_at,
                    c.opened_at, c.resolution, c.resolved_by, c.resolved_at, c.resolution_reason, c.source_named_parties_at`,
        [id, resolution, by, reason],
      )
    ).rows[0]!;
  });
  // Which conflict, which record, how, by whom; never the parties or the reason's text.
  log.info(
    {
      partyConflict: row.id,
      saksmappe: row.saksmappe_id,
      kind: row.entity_type,
      systemID: row.entity_id,
      resolution,
      parties: row.parties.length,
      by,
    },
    'party conflict resolved',
  );
  return withReason(row);
}

/** ACCEPT_REMOVAL: the held parties end as a removed party's do (endCaseParts, endPersonLink). */
async function endHeldParties(tx: Queryable, c: Stored, by: string): Promise<void> {
  if (c.entity_type === 'saksmappe') {
    // Those still linked: not ended since (by an extract, or another decision).
    const live = (
      await tx.query<{ ordinal: number; part_id: string | null }>(
        `SELECT p.ordinal, p.part_id FROM archive.part p
          WHERE p.saksmappe_id = $1 AND p.ordinal = ANY($2::int[])
            AND NOT EXISTS (SELECT 1 FROM archive.ended_part e WHERE e.saksmappe_id = p.saksmappe_id AND e.ordinal = p.ordinal)
          ORDER BY p.ordinal`,
        [c.saksmappe_id, c.parties.flatMap((p) => (p.ordinal === undefined ? [] : [p.ordinal]))],
      )
    ).rows.filter((p) => personId(p.part_id));
    await endCaseParts(tx, c.saksmappe_id, live, acceptedReason(c.id), by);
    return;
  }
  // A journalpost: its part elements go, as the source gave it none (the row replaced kept by the
  // trigger of migration 011, by the archivist), and the links end.
  await tx.query(
    `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
    [by, ACCEPTED_VERSION_REASON],
  );
  await tx.query(
    `UPDATE archive.journalpost SET complex = complex - 'part' WHERE id = $1 AND complex ? 'part'`,
    [c.entity_id],
  );
  for (const p of c.parties)
    if (personId(p.part_id))
      await endPersonLink(
        tx,
        { nationalId: p.part_id, entityType: 'journalpost', entityId: c.entity_id },
        acceptedReason(c.id),
      );
}
