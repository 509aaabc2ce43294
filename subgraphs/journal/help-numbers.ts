/**
 * The journal's H-numbers of its patient records, keyed by source (pasientjournalloven § 22):
 * for the rooms that hold records under an H-nummer (coercion, the policy, research) and the
 * journal's own access log. The journal owns the tables read here (journal.patient,
 * journal.patient_identity; migration 021); a database without the journal room answers none.
 */
import type { Queryable } from '../../lib/db';

/**
 * An H-nummer (hjelpenummer, lib/national-id.ts) names a person within the organisation that
 * gave it only (pasientjournalloven § 22; journal migration 021 keeps it per source). A coercion
 * record under an H-nummer is the journal patient's whose record has that number from the same
 * source system: the organisation's own system (Gerica: one installation gives the journal notes,
 * vedtak.csv and tvangsprotokoll.csv; Helseplattformen: one shared record platform), never another
 * source's patient of an equal number. Its key among a person's national ids:
 * `<source system>:<number>` (e.g. GERICA:15426012345); a national id is its own key.
 */
export const helpNumberKey = (sourceSystem: string, number: string) => `${sourceSystem}:${number}`;

/**
 * SQL condition (in a query grouping journal.patient `p` with its identities `i`): the record's
 * H-number key is its own. Helseplattformen is one platform shared by hospitals and
 * municipalities, each giving H-numbers from its own series: the journal keeps two organisations'
 * people of one number apart (import/records.ts patientIdFor, by the number's assigner; without
 * one, by the Patient's id), but a coercion record names the person by
 * `HELSEPLATTFORMEN:<number>` only, so when another HP record holds the number too, the key is
 * neither's (pasientjournalloven § 22, helsepersonelloven § 21: a matter over one read the
 * other's coercion records; found when the records were kept apart) — unless the archivist has
 * linked the two records as one person (journal.patient_link, a direct link). Gerica and Profil:
 * one installation is one organisation's series, so two records of its number are one person
 * (a record stored before journal migration 021 beside one a later export made): the key stays
 * each record's, as before (review s37: the rule had hidden such a person's coercion records).
 */
const ONLY_RECORD_OF_KEY = (p: string, i: string) =>
  `(min(${i}.source_system) <> 'HELSEPLATTFORMEN' OR NOT EXISTS (
      SELECT 1 FROM journal.patient o JOIN journal.patient_identity oi ON oi.patient_id = o.id
       WHERE o.help_number = ${p}.help_number AND o.id <> ${p}.id AND oi.source_system = 'HELSEPLATTFORMEN'
         AND NOT EXISTS (SELECT 1 FROM journal.patient_link l
                          WHERE l.unlinked_at IS NULL AND l.patient_a = least(o.id, ${p}.id)
                            AND l.patient_b = greatest(o.id, ${p}.id))))`;

/**
 * SQL HAVING condition (a query grouping journal.patient `p` by id and help_number, with its
 * identities `i`): the record's H-number key, `<its one source>:<number>`, is its own. A record
 * holding the number from several sources may be several persons, and ONLY_RECORD_OF_KEY.
 */
const OWN_KEY = (p: string, i: string) =>
  `count(DISTINCT ${i}.source_system) = 1 AND ${ONLY_RECORD_OF_KEY(p, i)}`;

/** SQL: helpNumberKeys of the journal patient records in the text[] expression `ids`, as an array. */
export const HELP_NUMBER_KEYS_SQL = (ids: string) =>
  `ARRAY(SELECT min(hi.source_system) || ':' || hp.help_number
           FROM journal.patient hp JOIN journal.patient_identity hi ON hi.patient_id = hp.id
          WHERE hp.id = ANY(${ids}) AND hp.help_number IS NOT NULL
          GROUP BY hp.id, hp.help_number HAVING ${OWN_KEY('hp', 'hi')})`;

/**
 * The H-numbers of these journal patient records, each under its source's key (helpNumberKey).
 * A record holding several sources' records of one H-number (stored before journal migration
 * 021, left to an archivist) may be several persons: its number is no one's key here. So is a
 * key two records hold (two organisations' people of one number in Helseplattformen:
 * ONLY_RECORD_OF_KEY).
 */
export async function helpNumberKeys(db: Queryable, patientIds: readonly string[]): Promise<string[]> {
  return [...new Set((await helpNumberKeysOf(db, patientIds)).values())].sort();
}

/** helpNumberKeys per journal patient record (a record of no key: absent), in one round trip. */
export async function helpNumberKeysOf(
  db: Queryable,
  patientIds: readonly string[],
): Promise<Map<string, string>> {
  if (!patientIds.length) return new Map();
  try {
    const rows = (
      await db.query<{ id: string; k: string }>(
        `SELECT hp.id, min(hi.source_system) || ':' || hp.help_number AS k
           FROM journal.patient hp JOIN journal.patient_identity hi ON hi.patient_id = hp.id
          WHERE hp.id = ANY($1::text[]) AND hp.help_number IS NOT NULL
          GROUP BY hp.id, hp.help_number HAVING ${OWN_KEY('hp', 'hi')}`,
        [patientIds],
      )
    ).rows;
    return new Map(rows.map((r) => [r.id, r.k]));
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return new Map();
    throw err;
  }
}

/**
 * The records among these that hold one H-number from more than one source system: stored before
 * journal migration 021, which left such a record whole because it may be two persons (one
 * organisation's and another's of the same number; an archivist tells them apart at the next
 * import, journal.identity_change). Their number is no one's key (helpNumberKeysOf), and nothing
 * may be filed under such a record as one person's (lib/patient-facts.ts registeredFacts: an
 * access request without a national id; pasientjournalloven § 22). In id order.
 */
export async function helpNumberSharedRecords(
  db: Queryable,
  patientIds: readonly string[],
): Promise<string[]> {
  if (!patientIds.length) return [];
  return (
    await db.query<{ id: string }>(
      `SELECT hp.id FROM journal.patient hp JOIN journal.patient_identity hi ON hi.patient_id = hp.id
        WHERE hp.id = ANY($1::text[]) AND hp.help_number IS NOT NULL
        GROUP BY hp.id HAVING count(DISTINCT hi.source_system) > 1
        ORDER BY hp.id`,
      [patientIds],
    )
  ).rows.map((r) => r.id);
}

/**
 * The journal patient record of each H-number key (helpNumberKey): the record of that source
 * with that help number, a record of one source only (as helpNumberKeys). Keys of no record, and
 * keys two records hold (ONLY_RECORD_OF_KEY): [].
 */
export async function helpNumberPatients(db: Queryable, keys: readonly string[]): Promise<string[][]> {
  let rows: { k: string; id: string }[] = [];
  try {
    rows = (
      await db.query<{ k: string; id: string }>(
        `SELECT min(i.source_system) || ':' || p.help_number AS k, p.id
           FROM journal.patient p JOIN journal.patient_identity i ON i.patient_id = p.id
          WHERE p.help_number = ANY(ARRAY(SELECT split_part(k, ':', 2) FROM unnest($1::text[]) k))
          GROUP BY p.id, p.help_number HAVING ${OWN_KEY('p', 'i')}
             AND min(i.source_system) || ':' || p.help_number = ANY($1::text[])
          ORDER BY p.id`,
        [keys],
      )
    ).rows;
  } catch (err) {
    if ((err as { code?: string }).code !== '42P01') throw err;
  }
  return keys.map((k) => rows.filter((r) => r.k === k).map((r) => r.id));
}
