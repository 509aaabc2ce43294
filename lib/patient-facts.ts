/**
 * The registered facts about a patient that legal rules outside the journal room need:
 * birth date, date of death and the registered relatives (Helseplattformen RelatedPerson,
 * with the nearest relative marked by v2-0131 code N). Read-only, from the journal room's
 * tables, like `lib/policy/store.ts` reads patients and links: a mutation cannot
 * `@requires` another subgraph's fields, and a legal decision must rest on what is
 * registered, not only on what a caseworker types. Linked records (journal.patient_link)
 * and records with the same national id count as the same person.
 *
 * The record id and the national id must name the same person: a national id registered on
 * the record (or a linked one) that differs from the one given, or a given national id that
 * belongs to another, unlinked record, is reported in `mismatch` (an access request filed
 * under one person's national id for another person's record must not be registered).
 * Without a national id (`null`: a person the journal knows by an H-nummer only, pasient- og
 * brukerrettighetsloven § 5-1), the record is looked up by id alone, and a national id
 * registered on it or on a record linked to it is a `mismatch` too: that person has one, and
 * the request is filed under it (an H-nummer is never taken as one, pasientjournalloven § 22).
 * Only a fødselsnummer or D-number counts as registered: a person the journal knows by an
 * FH-nummer alone (felles hjelpenummer, stored as the record's national id; lib/national-id.ts)
 * cannot give one either, and an FH-nummer is refused as patientNationalId, so such a request is
 * filed under the record id too (review s36: it could be registered neither way).
 *
 * pasientjournalloven § 22, with pasient- og brukerrettighetsloven § 5-1 (review of stop 36):
 * - A record that holds one H-nummer from more than one source system, or is linked to one
 *   (journal migration 021 leaves such a record whole: it may be two persons;
 *   subgraphs/journal/help-numbers.ts helpNumberSharedRecords), is no one person's record: a
 *   request without a national id filed under it would give its case handler both persons'
 *   notes, so it is a `mismatch`.
 * - A record whose only identifiers (with its linked records') are an FH-nummer or an H-nummer
 *   takes no national id that is not one of theirs, so any national id given is a `mismatch`
 *   (the record has none). With the FH-nummer no longer among the registered ones (feb3937), such
 *   a record had none and there was no mismatch: the request was filed under the record and a
 *   stranger's national id, whose records its case handler then reached. A record with no
 *   identifier at all keeps the rule above: the number given must not be another record's.
 *
 * Null when the journal room's tables are not in this database (a subgraph run on its
 * own): the caller then says its facts are unverified.
 */
import type { Queryable } from './db';
import { isValidNationalId } from './national-id';
import { helpNumberSharedRecords } from '../subgraphs/journal/help-numbers';

export interface RegisteredRelative {
  nationalId: string | null;
  name: string;
  relationshipCodes: string[];
  relationshipText: string | null;
  nearestRelative: boolean;
  /** False when the registration has ended (HP RelatedPerson.active); null when not sent. */
  active?: boolean | null;
  /** When the registration ended (HP RelatedPerson.period.end, ISO 8601), if it has. */
  periodEnd?: string | null;
}

export interface RegisteredFacts {
  /** Whether a patient record was found at all. */
  found: boolean;
  birthDate: string | null;
  deathDate: string | null;
  relatives: RegisteredRelative[];
  /**
   * Set when the request may not be filed as given, with the reason (no national id in it):
   * `patientId` and `nationalId` are registered as different persons, a national id is registered
   * but none given, or, without one, the record may be two persons.
   */
  mismatch?: string;
}

const WALK = `WITH RECURSIVE seed AS (SELECT id FROM journal.patient WHERE %SEED%),
  walk(id) AS (
    SELECT id FROM seed
    UNION
    SELECT CASE WHEN l.patient_a = w.id THEN l.patient_b ELSE l.patient_a END
      FROM walk w JOIN journal.patient_link l
        ON l.unlinked_at IS NULL AND (l.patient_a = w.id OR l.patient_b = w.id))
  SELECT p.id, p.national_id, p.help_number, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
         to_char(p.death_date, 'YYYY-MM-DD') AS death_date
    FROM walk w JOIN journal.patient p ON p.id = w.id ORDER BY p.id`;

type PersonRow = {
  id: string;
  national_id: string | null;
  help_number: string | null;
  birth_date: string | null;
  death_date: string | null;
};

export async function registeredFacts(
  db: Queryable,
  patientId: string,
  nationalId: string | null,
): Promise<RegisteredFacts | null> {
  try {
    const walk = async (seed: string, arg: string) =>
      (await db.query<PersonRow>(WALK.replace('%SEED%', seed), [arg])).rows;
    let persons = await walk('id = $1', patientId);
    let mismatch: string | undefined;
    if (persons.length) {
      const ids = persons.map((p) => p.id);
      const registered = new Set(
        persons.map((p) => p.national_id).filter((n): n is string => !!n && isValidNationalId(n)),
      );
      if (nationalId === null) {
        if (registered.size)
          mismatch = `patientNationalId is required: patient ${patientId} is registered with a fødselsnummer or D-number`;
        else if ((await helpNumberSharedRecords(db, ids)).length)
          mismatch = `patient ${patientId} (or a record linked to it) holds one H-nummer from more than one source system: it may be two persons, and a request filed under it would reach both; an archivist must tell the records apart before a request is filed under the record`;
      } else if (registered.size && !registered.has(nationalId))
        mismatch = `patient ${patientId} is registered with another national id than patientNationalId`;
      // No fødselsnummer or D-number, yet an identifier: an FH-nummer (a national_id that is none) or an H-nummer.
      else if (!registered.size && persons.some((p) => p.national_id !== null || p.help_number !== null))
        mismatch = `patient ${patientId} is registered with an FH-nummer or H-nummer only, and patientNationalId is no national id of that record or of a record linked to it`;
      else if (!registered.size) {
        const other = (
          await db.query<{ id: string }>(
            'SELECT id FROM journal.patient WHERE national_id = $1 AND NOT (id = ANY($2::text[])) LIMIT 1',
            [nationalId, ids],
          )
        ).rows[0];
        if (other) mismatch = `patientNationalId belongs to another patient record than ${patientId}`;
      }
    } else if (nationalId !== null) persons = await walk('national_id = $1', nationalId);
    if (!persons.length) return { found: false, birthDate: null, deathDate: null, relatives: [] };
    const relatives = (
      await db.query<RegisteredRelative>(
        `SELECT national_id AS "nationalId", name, relationship_codes AS "relationshipCodes",
                relationship_text AS "relationshipText", nearest_relative AS "nearestRelative",
                active, to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "periodEnd"
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
      ...(mismatch ? { mismatch } : {}),
    };
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null;
    throw err;
  }
}
