/**
 * The registered facts about a patient that legal rules outside the journal room need:
 * birth date, date of death and the registered relatives (Helseplattformen RelatedPerson,
 * with the nearest relative marked by v2-0131 code N). Read-only, from the journal room's
 * tables, like `lib/policy/store.ts` reads patients and links: a mutation cannot
 * `@requires` another subgraph's fields, and a legal decision must rest on what is
 * registered, not only on what a caseworker types. Linked records (journal.patient_link)
 * and records with the same national id count as the same person.
 *
 * Null when the journal room's tables are not in this database (a subgraph run on its
 * own): the caller then says its facts are unverified.
 */
import type { Queryable } from './db';

export interface RegisteredRelative {
  nationalId: string | null;
  name: string;
  relationshipCodes: string[];
  relationshipText: string | null;
  nearestRelative: boolean;
}

export interface RegisteredFacts {
  /** Whether a patient record was found at all. */
  found: boolean;
  birthDate: string | null;
  deathDate: string | null;
  relatives: RegisteredRelative[];
}

export async function registeredFacts(
  db: Queryable,
  patientId: string,
  nationalId: string,
): Promise<RegisteredFacts | null> {
  try {
    const persons = (
      await db.query<{ id: string; birth_date: string | null; death_date: string | null }>(
        `WITH RECURSIVE seed AS (
           SELECT id FROM journal.patient WHERE id = $1 OR national_id = $2),
         walk(id) AS (
           SELECT id FROM seed
           UNION
           SELECT CASE WHEN l.patient_a = w.id THEN l.patient_b ELSE l.patient_a END
             FROM walk w JOIN journal.patient_link l
               ON l.unlinked_at IS NULL AND (l.patient_a = w.id OR l.patient_b = w.id))
         SELECT p.id, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, to_char(p.death_date, 'YYYY-MM-DD') AS death_date
           FROM walk w JOIN journal.patient p ON p.id = w.id ORDER BY p.id`,
        [patientId, nationalId],
      )
    ).rows;
    if (!persons.length) return { found: false, birthDate: null, deathDate: null, relatives: [] };
    const relatives = (
      await db.query<RegisteredRelative>(
        `SELECT national_id AS "nationalId", name, relationship_codes AS "relationshipCodes",
                relationship_text AS "relationshipText", nearest_relative AS "nearestRelative"
           FROM journal.related_person WHERE patient_id = ANY($1::text[])
          ORDER BY nearest_relative DESC, name`,
        [persons.map((p) => p.id)],
      )
    ).rows;
    return {
      found: true,
      birthDate: persons.find((p) => p.birth_date)?.birth_date ?? null,
      deathDate: persons.find((p) => p.death_date)?.death_date ?? null,
      relatives,
    };
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null;
    throw err;
  }
}
