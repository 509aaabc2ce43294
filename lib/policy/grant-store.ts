/** SQL of research grants: versions, their cohorts, the disclosure log (migration 003). */
import type { Db, Queryable } from '../db';
import { nationalIdSubject } from '../audit';
import { reachChanged } from './reach-cache';
import {
  conceptPattern,
  DEFAULT_QUERY_BUDGET,
  type CohortDefinition,
  type GrantInput,
  type GrantRow,
  leapDayRuleOf,
  pseudonymScopeOf,
  sqlBirthday,
} from './research';

const GRANT_SELECT = `
  SELECT g.*, coalesce((SELECT sum(u.used)::int FROM policy.grant_query_use u
                    WHERE u.grant_id IN (SELECT policy.grant_budget_pool(g.id))), 0) AS queries_used
    FROM policy.research_grant g`;

/** The current (latest) version of a grant, withdrawn or not. */
export async function latestGrant(db: Queryable, id: string): Promise<GrantRow | null> {
  const r = await db.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1 ORDER BY g.version DESC LIMIT 1`, [id]);
  return r.rows[0] ?? null;
}

/**
 * The budget of the grant's latest aggregate-only version, null when it never had one: what an
 * amendment back to AGGREGATE output keeps when it names no budget (research.ts amendedInput).
 */
export async function lastAggregateBudget(db: Queryable, id: string): Promise<number | null> {
  const r = await db.query<{ query_budget: number | null }>(
    `SELECT query_budget FROM policy.research_grant
      WHERE id = $1 AND output_level = 'AGGREGATE' AND query_budget IS NOT NULL
      ORDER BY version DESC LIMIT 1`,
    [id],
  );
  return r.rows[0]?.query_budget ?? null;
}

export async function grantVersions(db: Queryable, id: string): Promise<GrantRow[]> {
  return (await db.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1 ORDER BY g.version`, [id])).rows;
}

export async function listGrants(db: Queryable, activeOnly: boolean): Promise<GrantRow[]> {
  const r = await db.query<GrantRow>(
    `${GRANT_SELECT}
      WHERE g.version = (SELECT max(version) FROM policy.research_grant x WHERE x.id = g.id)
        AND (NOT $1 OR (g.withdrawn_at IS NULL AND g.expires_at > now()))
      ORDER BY g.registered_at, g.id`,
    [activeOnly],
  );
  return r.rows;
}

/**
 * The services of a cohort definition that no journal note and no care contact has: a grant's
 * `services` are matched exactly against the records' own words, so such a service selects no
 * one and narrows nothing it was meant to (helseforskningsloven § 33: the cohort approved is the
 * one selected). Registration and amendment refuse them, as an unknown variable, source or concept
 * is refused (found in review s45: "Helsestasjonen" for the records' "Helsestasjon" registered a
 * grant with an empty cohort and no word said).
 */
export async function unknownServices(db: Queryable, c: CohortDefinition): Promise<string[]> {
  if (!c.services?.length) return [];
  const r = await db.query<{ s: string }>(
    `SELECT s FROM unnest($1::text[]) s
      WHERE NOT EXISTS (SELECT 1 FROM journal.journal_entry e WHERE e.service = s)
        AND NOT EXISTS (SELECT 1 FROM journal.care_contact k WHERE k.service = s)`,
    [[...new Set(c.services)]],
  );
  return r.rows.map((x) => x.s);
}

/** The refusal of unknownServices, or null. */
export async function unknownServicesProblem(db: Queryable, c: CohortDefinition): Promise<string | null> {
  const unknown = await unknownServices(db, c);
  return unknown.length
    ? `invalid grant: cohort.services: no journal note or care contact has the service ${unknown.map((x) => JSON.stringify(x)).join(', ')} (services are the records' own words, matched exactly)`
    : null;
}

/** A grant the rules of its pseudonym scope refuse (checkPseudonymScope): BAD_USER_INPUT, nothing written. */
export class GrantScopeRefused extends Error {}

/**
 * The rules of a pseudonym scope (research.ts pseudonymScopeOf), checked when a version is
 * written, under a lock on the scope so that two registrations cannot both pass. The grants of
 * one scope give a person one pseudonym (personopplysningsloven art. 89 (1), GDPR art. 4 (5)), so
 * what one of them withholds another must not give back, and data go only to the project the
 * approval names (helseforskningsloven §§ 33, 35). Found in review of stop 46 (fix FX6):
 *
 * - One date precision per scope: a version whose date precision differs from a precision any
 *   other grant of the scope has had (withdrawn or expired included: what it delivered is with the
 *   project under the same pseudonyms) is refused, at registration and at an amendment that
 *   changes the precision. A SHIFTED grant beside an EXACT one put one note under one pseudonym
 *   on its true and its shifted date: the person's shift, and so every SHIFTED date of theirs in
 *   every grant of the project, exact (beside MONTH or YEAR the shift is narrowed to days). An
 *   amendment that keeps the precision is not checked (a scope mixed before this rule stays
 *   amendable). Within one grant an amendment may change its own precision: its approval then
 *   covers what the change reveals of its earlier versions.
 * - Joining a project of another approval is explicit: a registration into a scope whose grants
 *   (their latest versions, withdrawn or expired included) have another rekNumber or
 *   dispensationRef is refused unless joinProject is given. A registrar typing another project's
 *   id linked the new grant's pseudonyms to that project's without a word. An amendment that
 *   changes rekNumber or dispensationRef is checked the same way (fix FX8: a grant registered
 *   under the project's approval and then amended to another was stored without joinProject, and
 *   the scope held two approvals sharing pseudonyms without anyone saying so); one that keeps
 *   them is not.
 */
async function checkPseudonymScope(
  tx: Queryable,
  g: GrantInput,
  version: number,
  joinProject: boolean,
): Promise<void> {
  const scope =
    version === 1
      ? pseudonymScopeOf(g.projectId)
      : (
          await tx.query<{
            pseudonym_scope: string;
            date_precision: string;
            rek_number: string | null;
            dispensation_ref: string | null;
          }>(
            `SELECT f.pseudonym_scope, l.date_precision, l.rek_number, l.dispensation_ref
               FROM policy.research_grant f, policy.research_grant l
              WHERE f.id = $1 AND f.version = 1 AND l.id = $1
                AND l.version = (SELECT max(version) FROM policy.research_grant WHERE id = $1)`,
            [g.id],
          )
        ).rows[0];
  if (scope === undefined) return; // no such grant: the insert writes nothing
  const key = typeof scope === 'string' ? scope : scope.pseudonym_scope;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('policy.pseudonym_scope'), hashtext($1))`, [key]);
  if (typeof scope === 'string' || scope.date_precision !== g.datePrecision) {
    const other = await tx.query<{ date_precision: string; ids: string[] }>(
      `SELECT date_precision, array_agg(DISTINCT id ORDER BY id) AS ids FROM policy.research_grant
        WHERE pseudonym_scope = $1 AND id <> $2 AND date_precision <> $3
        GROUP BY date_precision ORDER BY date_precision`,
      [key, g.id, g.datePrecision],
    );
    if (other.rows.length)
      throw new GrantScopeRefused(
        `grant ${g.id}: date precision ${g.datePrecision} differs from ${other.rows
          .map((r) => `${r.date_precision} of grant${r.ids.length > 1 ? 's' : ''} ${r.ids.join(', ')}`)
          .join(
            '; ',
          )} in pseudonym scope ${key}: the grants of a project give a person one pseudonym, so a note on its date at one precision beside another gives away what the other withholds (a SHIFTED grant's shift; personopplysningsloven art. 89 (1), GDPR art. 4 (5)); register it under its own project id, or at date precision ${other.rows[0]!.date_precision}`,
      );
  }
  if (joinProject) return;
  // An amendment that keeps its approval is not checked (a scope of two approvals joined
  // explicitly stays amendable); one that changes its rekNumber or dispensationRef joins the
  // scope's other approvals as a registration would (fix FX8).
  const amended = typeof scope !== 'string';
  if (
    amended &&
    scope.rek_number === (g.rekNumber ?? null) &&
    scope.dispensation_ref === (g.dispensationRef ?? null)
  )
    return;
  const approvals = await tx.query<{
    id: string;
    rek_number: string | null;
    dispensation_ref: string | null;
  }>(
    `SELECT g.id, g.rek_number, g.dispensation_ref FROM policy.research_grant g
      WHERE g.pseudonym_scope = $1 AND g.id <> $2
        AND g.version = (SELECT max(version) FROM policy.research_grant x WHERE x.id = g.id)
        AND (g.rek_number IS DISTINCT FROM $3 OR g.dispensation_ref IS DISTINCT FROM $4)
      ORDER BY g.id`,
    [key, g.id, g.rekNumber ?? null, g.dispensationRef ?? null],
  );
  if (approvals.rows.length)
    throw new GrantScopeRefused(
      `grant ${g.id}: pseudonym scope ${key} holds ${approvals.rows
        .map(
          (r) =>
            `grant ${r.id} of another approval (rekNumber ${r.rek_number ?? 'none'}, dispensationRef ${r.dispensation_ref ?? 'none'})`,
        )
        .join(', ')}; ${
        amended
          ? `amended to rekNumber ${g.rekNumber ?? 'none'}, dispensationRef ${g.dispensationRef ?? 'none'}, the grant shares its pseudonyms with them (helseforskningsloven §§ 33, 35: the data go to the project the approval names): give joinProject: true if the approval covers that project, else register a grant of that approval under its own project id`
          : `a grant of project ${g.projectId.trim()} shares its pseudonyms with them (helseforskningsloven §§ 33, 35: the data go to the project the approval names): give joinProject: true if the approval covers that project, else register it under its own project id`
      }`,
    );
}

/** The grants of a pseudonym scope (every grant whose first version took it), sorted by id. */
export async function scopeGrants(db: Queryable, scope: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    'SELECT DISTINCT id FROM policy.research_grant WHERE pseudonym_scope = $1 ORDER BY id',
    [scope],
  );
  return r.rows.map((x) => x.id);
}

/**
 * Writes a version of a grant and computes its cohort in the same transaction. `version`
 * 1 registers (false when the id is taken); a later version amends (false when someone
 * else amended first). The cohort: every person (linked records together) with a patient
 * record born in the window who, when the definition names a period, age window, sources,
 * services or concepts, has a note that fits all of them. Concepts are the vocabulary's
 * triggers, terms and phrases as words in the note (no typo, compound or context rules).
 * Ages here are whole years by the definition's leap-day rule (research.ts sqlBirthday: a 29
 * February birthday on 1 March in a year without it, or 28 February when the definition names
 * FEBRUARY_28). An aggregate-only version gets its query budget (the input's,
 * else DEFAULT_QUERY_BUDGET; query-budget.ts), and the grant its row of queries used, which
 * a later version keeps. Its pseudonym scope (research.ts pseudonymScopeOf, policy migration
 * 011): version 1 takes its project's; every later version the first version's, whatever the
 * amendment does to the project id (personopplysningsloven art. 89 (1), GDPR art. 4 (5): the
 * pseudonyms a grant has delivered stay its pseudonyms).
 */
export async function insertGrantVersion(
  db: Db,
  g: GrantInput,
  version: number,
  by: string,
  reason: string | null,
  opts: { joinProject?: boolean } = {},
): Promise<boolean> {
  return db
    .transaction(async (tx) => {
      await checkPseudonymScope(tx, g, version, opts.joinProject === true);
      const ins = await tx.query(
        `INSERT INTO policy.research_grant (id, version, project_id, title, rek_number, dispensation_ref, legal_basis,
         responsible_researcher, researchers, cohort, variables, date_precision, free_text, output_level, expires_at,
         registered_by, change_reason, query_budget, pseudonym_scope)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
              CASE WHEN $2 = 1 THEN $19
                   ELSE (SELECT pseudonym_scope FROM policy.research_grant WHERE id = $1 AND version = 1) END
        WHERE $2 = 1 OR $2 = (SELECT max(version) + 1 FROM policy.research_grant WHERE id = $1 AND withdrawn_at IS NULL)
       ON CONFLICT (id, version) DO NOTHING`,
        [
          g.id,
          version,
          g.projectId,
          g.title,
          g.rekNumber ?? null,
          g.dispensationRef ?? null,
          g.legalBasis,
          g.responsibleResearcher,
          [...new Set([g.responsibleResearcher, ...(g.researchers ?? [])])],
          JSON.stringify(g.cohort),
          [...new Set(g.variables)],
          g.datePrecision,
          g.freeText,
          g.outputLevel,
          new Date(g.expiresAt),
          by,
          reason,
          g.outputLevel === 'AGGREGATE' ? (g.queryBudget ?? DEFAULT_QUERY_BUDGET) : null,
          pseudonymScopeOf(g.projectId),
        ],
      );
      if (ins.rowCount !== 1) return false;
      await tx.query(
        'INSERT INTO policy.grant_query_use (grant_id) VALUES ($1) ON CONFLICT (grant_id) DO NOTHING',
        [g.id],
      );
      await computeCohort(tx, g.id, version, g.cohort);
      // Its persons as one value (policy migration 006): grants over the same persons share a query budget.
      // Each person by the key a first version gives them (their first national id, else their first
      // record), not the person_key an amendment keeps from an earlier version (computeCohort): the same
      // persons give the same digest in every grant, as before.
      await tx.query(
        `UPDATE policy.research_grant g
          SET cohort_digest = (SELECT md5(coalesce(string_agg(k, E'\\n' ORDER BY k), ''))
                                 FROM (SELECT coalesce(c.national_ids[1], c.patient_ids[1]) AS k
                                         FROM policy.grant_cohort c WHERE c.grant_id = g.id AND c.version = g.version) c)
        WHERE g.id = $1 AND g.version = $2`,
        [g.id, version],
      );
      return true;
    })
    .then((done) => {
      // After the commit: a reach compiled meanwhile read the grant before it.
      reachChanged();
      return done;
    });
}

/**
 * The records that meet a cohort definition today, as the CTEs ending in `matched(id)` (for a
 * WITH RECURSIVE), with their parameters from $3 ($1 and $2 are the grant id and version).
 *
 * A record is matched by its person's birth date: the first of the records linked to it today
 * (in the person's order, by id) that states one, PERSON_FACTS_SQL, the birth date the research
 * types and the extract give as the person's (`birthYear`) and count their notes' ages from. The
 * person must be born in the window, and, when the definition names a period, age window,
 * sources, services or concepts, the record must hold a note that fits them all, its age counted
 * from that birth date; without such conditions, a record whose own birth date is in the window
 * (every record when the definition names no birth window), so that a record whose own birth
 * date is not the person's seeds no one if it is unlinked. Before stop 43 each record was matched
 * by its own birth date: a person of two linked records with different birth dates entered a
 * cohort through the record whose birth date was not theirs (a grant for those born in 2003 got a
 * person the data set said was born in 2004), and missed one their birth date fits, their note
 * being on the other record (helseforskningsloven § 33: the cohort approved is the one selected;
 * test/research-bundle-s43.e2e.test.ts). One statement for every record: the linked records'
 * persons are walked together (m_walk), a record of no link is its own person.
 */
function matchedRecords(c: CohortDefinition): { cte: string; params: unknown[] } {
  const pattern = c.concepts?.length ? conceptPattern(c.concepts) : null;
  const rule = leapDayRuleOf(c);
  const needsNote =
    !!c.periodFrom ||
    !!c.periodTo ||
    c.ageFrom != null ||
    c.ageTo != null ||
    !!c.sources?.length ||
    !!c.services?.length ||
    !!pattern;
  return {
    cte: `m_edge AS (
       SELECT patient_a AS x, patient_b AS y FROM journal.patient_link WHERE unlinked_at IS NULL
       UNION ALL SELECT patient_b, patient_a FROM journal.patient_link WHERE unlinked_at IS NULL),
     m_walk(start, member) AS (
       SELECT DISTINCT x, x FROM m_edge
       UNION SELECT w.start, e.y FROM m_walk w JOIN m_edge e ON e.x = w.member),
     m_linked AS (
       SELECT m.start AS id, f.birth_date, f.birth_date_from
         FROM (SELECT start, array_agg(member ORDER BY member) AS ids FROM m_walk GROUP BY start) m
         CROSS JOIN LATERAL (${PERSON_FACTS_SQL('m.ids')}) f),
     matched AS (
       -- birth_from: the record whose birth date a seed met a birth or age window by, when another
       -- record's that differs from its own (seed_birth_from; COHORT_TODAY_SQL keeps such a seed
       -- at an unlink only with that record). Without note conditions the record's own birth date
       -- is in the window too, so it needs no other.
       SELECT p.id,
              CASE WHEN $5::boolean AND l.id IS NOT NULL AND l.birth_date_from <> p.id
                        AND p.birth_date IS DISTINCT FROM l.birth_date
                        AND ($3::date IS NOT NULL OR $4::date IS NOT NULL OR $8::int IS NOT NULL OR $9::int IS NOT NULL)
                   THEN l.birth_date_from END AS birth_from
         FROM journal.patient p
         LEFT JOIN m_linked l ON l.id = p.id
         CROSS JOIN LATERAL (SELECT CASE WHEN l.id IS NULL THEN p.birth_date ELSE l.birth_date END AS birth_date) b
        WHERE ($3::date IS NULL OR b.birth_date >= $3::date) AND ($4::date IS NULL OR b.birth_date <= $4::date)
          AND (($3::date IS NULL AND $4::date IS NULL) OR b.birth_date IS NOT NULL)
          AND ($5::boolean OR ($3::date IS NULL AND $4::date IS NULL)
               OR p.birth_date BETWEEN coalesce($3::date, '-infinity'::date) AND coalesce($4::date, 'infinity'::date))
          AND (NOT $5::boolean OR EXISTS (
            SELECT 1 FROM journal.journal_entry e
             WHERE e.patient_id = p.id
               AND e.status = 'current' AND e.deleted_at IS NULL
               AND ($6::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= $6::date)
               AND ($7::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date <= $7::date)
               AND ($8::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= ${sqlBirthday('b.birth_date', '$8::int', rule)})
               AND ($9::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date < ${sqlBirthday('b.birth_date', '$9::int + 1', rule)})
               AND ($10::text[] IS NULL OR e.source_system = ANY($10::text[]))
               AND ($11::text[] IS NULL OR e.service = ANY($11::text[]))
               AND ($12::text IS NULL OR e.text ~* $12::text))))`,
    params: [
      c.bornFrom ?? null,
      c.bornTo ?? null,
      needsNote,
      c.periodFrom ?? null,
      c.periodTo ?? null,
      c.ageFrom ?? null,
      c.ageTo ?? null,
      c.sources?.length ? c.sources : null,
      c.services?.length ? c.services : null,
      pattern,
    ],
  };
}

/**
 * The key (and so the pseudonym, research.ts pseudonym) of a person of grant $1 version $2 whose
 * national ids and record ids are the text[] expressions given (qualified: grant_cohort has
 * columns of those names), as one SQL expression, the same in computeCohort (every person of a
 * version written) and in COHORT_TODAY_SQL (a part of a stored person split by an unlink that
 * does not hold the stored key): in order,
 * 1. the key an earlier version of the grant gave them (the latest such version's; the least key
 *    when two earlier persons are one now; review s41);
 * 2. the key another grant of the same pseudonym scope gave them, by one of their national ids or
 *    records (the earliest registered such grant's; stop 46);
 * 3. afresh: their first national id, else their first record id.
 * Until fix FX6 COHORT_TODAY_SQL went to 3 straight away: a person split off a wrongly linked one
 * took their fødselsnummer afresh under the grant today, while the grant's next version (and the
 * project's other grant) keyed them by the D-number the project had, one grant giving one person
 * two pseudonyms (personopplysningsloven art. 89 (1), GDPR art. 4 (5): stable within a project;
 * test/research-pseudonym-scope-fx6.e2e.test.ts). Looked up by person_key (policy migration 012's
 * index), as a join over the person's own keys.
 */
export const PERSON_KEY_SQL = (nationalIds: string, patientIds: string) => `coalesce(
  (SELECT c.person_key FROM unnest(${nationalIds} || ${patientIds}) AS mine(k)
     JOIN policy.grant_cohort c ON c.person_key = mine.k
    WHERE c.grant_id = $1 AND c.version < $2
    ORDER BY c.version DESC, c.person_key LIMIT 1),
  (SELECT c.person_key FROM unnest(${nationalIds} || ${patientIds}) AS mine(k)
     JOIN policy.grant_cohort c ON c.person_key = mine.k
     JOIN policy.research_grant o ON o.id = c.grant_id AND o.version = c.version
    WHERE c.grant_id <> $1
      AND o.pseudonym_scope = (SELECT s.pseudonym_scope FROM policy.research_grant s WHERE s.id = $1 AND s.version = $2)
    ORDER BY o.registered_at, c.grant_id, c.person_key LIMIT 1),
  ${nationalIds}[1], ${patientIds}[1])`;

/**
 * Writes a version's cohort: one row per person, keyed (and so pseudonymised, research.ts
 * pseudonym) by their first national id, else their first record id; a person an earlier version
 * of the grant had keeps that version's key while it is still one of theirs (the latest such
 * version's; the least key when two earlier persons are one now). Keyed afresh, a person who had
 * only a D-number record when the grant was registered and was linked to a fødselsnummer record
 * since (it sorts first) got another pseudonym at the next amendment, whatever it changed: the
 * rows of earlier extracts no longer joined the new ones (personopplysningsloven art. 89 (1),
 * helseforskningsloven § 33: "the same within a grant and its versions"; found in review s41,
 * test/research-reporting-review-s41.e2e.test.ts). COHORT_TODAY_SQL keeps a stored key the same way
 * within a version. A grant's first version does the same across its project (stop 46): a person
 * another grant of the same pseudonym scope (research.ts pseudonymScopeOf) keyed by one of their
 * national ids or records keeps that key (the earliest registered grant's), so the project's
 * pseudonym of the person does not change with a record linked between two of its grants
 * (personopplysningsloven art. 89 (1), GDPR art. 4 (5): stable within a project; a D-number person
 * linked to a fødselsnummer record got another pseudonym in the project's next grant). A grant of
 * before policy migration 011 has a scope of its own and shares no keys.
 */
async function computeCohort(tx: Queryable, id: string, version: number, c: CohortDefinition): Promise<void> {
  const matched = matchedRecords(c);
  await tx.query(
    `WITH RECURSIVE ${matched.cte},
     edges AS (
       SELECT patient_a AS x, patient_b AS y FROM journal.patient_link WHERE unlinked_at IS NULL
       UNION ALL SELECT patient_b, patient_a FROM journal.patient_link WHERE unlinked_at IS NULL),
     walk(seed, member) AS (
       SELECT id, id FROM matched
       UNION SELECT w.seed, e.y FROM walk w JOIN edges e ON e.x = w.member),
     person AS (
       SELECT w.seed, array_agg(DISTINCT w.member ORDER BY w.member) AS patient_ids,
              coalesce(array_agg(DISTINCT p.national_id ORDER BY p.national_id) FILTER (WHERE p.national_id IS NOT NULL), '{}') AS national_ids
         FROM walk w JOIN journal.patient p ON p.id = w.member GROUP BY w.seed),
     keyed AS (
       SELECT w.seed, ${PERSON_KEY_SQL('w.national_ids', 'w.patient_ids')} AS k,
              patient_ids, national_ids FROM person w)
     INSERT INTO policy.grant_cohort (grant_id, version, person_key, patient_ids, national_ids, matched_ids, seed_birth_from)
     SELECT DISTINCT ON (k) $1, $2, k, patient_ids, national_ids,
            (SELECT array_agg(DISTINCT s.seed ORDER BY s.seed) FROM keyed s WHERE s.k = keyed.k),
            (SELECT jsonb_object_agg(s.seed, m.birth_from) FROM keyed s JOIN matched m ON m.id = s.seed
              WHERE s.k = keyed.k AND m.birth_from IS NOT NULL)
       FROM keyed
      ORDER BY k`,
    [id, version, ...matched.params],
  );
}

/**
 * Rows written before `matched_ids` (policy migration 005) get their seeds: the records of
 * the stored person that meet the version's definition today (a definition is evaluated in
 * TypeScript, conceptPattern, so no SQL migration can). None does any more (a note corrected
 * or deleted since): every record of the person is a seed, as before (found in review: the
 * fallback of seeding from the person_key's record kept the other person, whose national id
 * sorted first). Once per grant version: later calls find no NULL.
 */
export async function fillCohortSeeds(db: Queryable, id: string, version: number): Promise<void> {
  const g = await db.query<{ cohort: CohortDefinition }>(
    `SELECT g.cohort FROM policy.research_grant g
      WHERE g.id = $1 AND g.version = $2
        AND EXISTS (SELECT 1 FROM policy.grant_cohort c WHERE c.grant_id = $1 AND c.version = $2 AND c.matched_ids IS NULL)`,
    [id, version],
  );
  if (!g.rows[0]) return;
  const matched = matchedRecords(g.rows[0].cohort);
  await db.query(
    `WITH RECURSIVE ${matched.cte}
     UPDATE policy.grant_cohort c
        SET matched_ids = coalesce((SELECT array_agg(m.id ORDER BY m.id) FROM matched m WHERE m.id = ANY (c.patient_ids)), c.patient_ids)
      WHERE c.grant_id = $1 AND c.version = $2 AND c.matched_ids IS NULL`,
    [id, version, ...matched.params],
  );
  reachChanged();
}

export async function withdrawGrant(db: Queryable, id: string, by: string, reason: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE policy.research_grant SET withdrawn_by = $2, withdrawn_at = now(), withdraw_reason = $3
      WHERE id = $1 AND withdrawn_at IS NULL
        AND version = (SELECT max(version) FROM policy.research_grant WHERE id = $1)`,
    [id, by, reason],
  );
  reachChanged();
  return r.rowCount > 0;
}

export interface CohortPerson {
  person_key: string;
  patient_ids: string[];
  national_ids: string[];
}

/**
 * The access-log keys of a read of a cohort person as a whole (the listing, the cohort's size, a
 * search over the cohort, an extract): each of the person's patient records, not the first alone
 * (a person without one: their national id). The records of one person are linked records an
 * archivist may unlink (two persons after all); the access log of a record takes in the records
 * linked to it when it is read (journal access-log.ts accessLogSubject), so a row under the first
 * record alone left the other record's log at the unlink (pasientjournalforskriften § 14,
 * pasientjournalloven § 19; found in review s41, test/research-reporting-review-s41.e2e.test.ts).
 */
export const personLogKeys = (p: CohortPerson): string[] =>
  p.patient_ids.length ? [...p.patient_ids] : [nationalIdSubject(p.national_ids[0] ?? p.person_key)];

/**
 * A person's birth date, gender and death date, as one row (`birth_date`, `gender`,
 * `death_date`, and the record each came from: `birth_date_from` …) for a subquery or a LATERAL join: each the first of the person's records
 * (`ids`, a text[] expression, in the person's order) that states it. Before stop 42 the first
 * record alone gave them: a person whose first record (by id) had no birth date, gender or death
 * date had none in the data set though a linked record had them, and the age window on their
 * coercion and archive records passed nothing (helseforskningsloven § 33: the approved variables
 * and window, as the cohort was selected by; `test/research-person-facts-s42.e2e.test.ts`).
 */
export const PERSON_FACTS_SQL = (ids: string) => `
  SELECT (array_agg(q.birth_date ORDER BY k.n) FILTER (WHERE q.birth_date IS NOT NULL))[1] AS birth_date,
         (array_agg(q.gender ORDER BY k.n) FILTER (WHERE q.gender IS NOT NULL))[1] AS gender,
         (array_agg(q.death_date ORDER BY k.n) FILTER (WHERE q.death_date IS NOT NULL))[1] AS death_date,
         (array_agg(k.id ORDER BY k.n) FILTER (WHERE q.birth_date IS NOT NULL))[1] AS birth_date_from,
         (array_agg(k.id ORDER BY k.n) FILTER (WHERE q.gender IS NOT NULL))[1] AS gender_from,
         (array_agg(k.id ORDER BY k.n) FILTER (WHERE q.death_date IS NOT NULL))[1] AS death_date_from
    FROM unnest(${ids}) WITH ORDINALITY AS k(id, n) JOIN journal.patient q ON q.id = k.id`;

/**
 * A grant version's cohort as of today's links, one row per person (grant_id, version,
 * person_key, patient_ids, national_ids), for grant $1 version $2. helseforskningsloven § 33:
 * the cohort is fixed when the version is written (records linked later do not join it), but
 * an unlink since (journal.patient_link.unlinked_at: two records are two persons) splits a
 * stored person into the components of today's links among its records. A component holding
 * a seed (a record that met the definition, `matched_ids`) is a cohort person; one without is
 * another person, in no approved cohort, and leaves (found in review: the researcher kept
 * reading the other person's notes under one pseudonym). Two seeds unlinked are two persons,
 * each with its own key (personopplysningsloven art. 5 (1) d; found in review: one pseudonym
 * held both journals). The component holding the stored key's record keeps the key (and so
 * its pseudonym); another takes the key computeCohort would give it (PERSON_KEY_SQL: the grant's
 * earlier versions', else the project's, else its first national id, else its first record id;
 * until fix FX6 afresh at once, so one grant gave a person split off by an unlink another
 * pseudonym than its next version did). The national ids are those of the records kept (coercion records join
 * on them). Rows written before `matched_ids` are seeded first (cohortOf, fillCohortSeeds). A seed
 * that met the definition by another record's birth date (`seed_birth_from`, policy migration 009)
 * holds its component only while that record is in it (found in review s43: alone, the record was
 * born a year earlier and met no window, yet stayed; test/review-s43.e2e.test.ts).
 */
export const COHORT_TODAY_SQL = `
  WITH RECURSIVE stored AS (
    SELECT c.person_key, c.patient_ids, coalesce(c.matched_ids, c.patient_ids) AS seeds, c.seed_birth_from AS births
      FROM policy.grant_cohort c WHERE c.grant_id = $1 AND c.version = $2),
  -- A person of one record is that record (nearly every person): no walk.
  single AS (
    SELECT s.person_key, s.patient_ids,
           CASE WHEN p.national_id IS NULL THEN '{}'::text[] ELSE ARRAY[p.national_id] END AS national_ids
      FROM stored s JOIN journal.patient p ON p.id = s.patient_ids[1]
     WHERE cardinality(s.patient_ids) = 1),
  -- Today's links among one person's records (persons of several records), by the link index.
  linked AS (
    SELECT l.patient_a AS x, l.patient_b AS y
      FROM policy.grant_cohort c CROSS JOIN LATERAL unnest(c.patient_ids) AS a(id)
      JOIN journal.patient_link l ON l.patient_a = a.id AND l.unlinked_at IS NULL
     WHERE c.grant_id = $1 AND c.version = $2 AND cardinality(c.patient_ids) > 1 AND l.patient_b = ANY (c.patient_ids)),
  edges AS (SELECT x, y FROM linked UNION ALL SELECT y, x FROM linked),
  walk(person_key, seed, member) AS (
    SELECT s.person_key, x.id, x.id FROM stored s CROSS JOIN LATERAL unnest(s.seeds) AS x(id)
     WHERE cardinality(s.patient_ids) > 1
    UNION
    SELECT w.person_key, w.seed, e.y FROM walk w JOIN edges e ON e.x = w.member),
  -- A seed that met the definition by another record's birth date (seed_birth_from) keeps its
  -- component only while that record is in it (helseforskningsloven § 33; review s43).
  component AS (
    SELECT w.person_key, array_agg(DISTINCT w.member ORDER BY w.member) AS patient_ids,
           coalesce(array_agg(DISTINCT p.national_id ORDER BY p.national_id) FILTER (WHERE p.national_id IS NOT NULL), '{}') AS national_ids
      FROM walk w JOIN journal.patient p ON p.id = w.member JOIN stored s ON s.person_key = w.person_key
     GROUP BY w.person_key, w.seed, s.births
    HAVING s.births ->> w.seed IS NULL OR bool_or(w.member = s.births ->> w.seed)
    UNION ALL
    SELECT person_key, patient_ids, national_ids FROM single)
  SELECT DISTINCT ON (k) $1::text AS grant_id, $2::int AS version, k AS person_key, patient_ids, national_ids
    FROM (SELECT CASE WHEN t.person_key = ANY (t.national_ids) OR t.person_key = ANY (t.patient_ids) THEN t.person_key
                      ELSE ${PERSON_KEY_SQL('t.national_ids', 't.patient_ids')} END AS k,
                 t.patient_ids, t.national_ids
            FROM component t) x
   ORDER BY k`;

/**
 * The cohort as of today's links (COHORT_TODAY_SQL), its rows seeded first. Read on every
 * request of a researcher (compileResearch), with just-in-time compilation off: the planner
 * prices a recursive CTE at millions of rows whatever it holds, and PostgreSQL then spent about
 * 300 ms compiling a query that runs in tens (`npm run bench:cohort`).
 */
export async function cohortOf(db: Queryable | Db, id: string, version: number): Promise<CohortPerson[]> {
  await fillCohortSeeds(db, id, version);
  const read = async (q: Queryable) =>
    (
      await q.query<CohortPerson>(
        `SELECT person_key, patient_ids, national_ids FROM (${COHORT_TODAY_SQL}) c ORDER BY person_key`,
        [id, version],
      )
    ).rows;
  if (!('transaction' in db)) return read(db);
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    return read(tx);
  });
}

export interface DisclosureRow {
  id: string;
  grant_id: string;
  version: number;
  approval: string;
  recipient: string;
  built_by: string;
  built_at: Date;
  variables: string[];
  row_counts: Record<string, number>;
  files: {
    name: string;
    format: string;
    table: string;
    columns: string[];
    rows: number;
    bytes: number;
    sha256: string;
  }[];
  manifest_sha256: string;
}

export async function insertDisclosure(
  db: Queryable,
  d: Omit<DisclosureRow, 'id' | 'built_at'> & { built_at: string },
): Promise<DisclosureRow> {
  const r = await db.query<DisclosureRow>(
    `INSERT INTO policy.disclosure_log (grant_id, version, approval, recipient, built_by, built_at, variables, row_counts, files, manifest_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      d.grant_id,
      d.version,
      d.approval,
      d.recipient,
      d.built_by,
      d.built_at,
      d.variables,
      JSON.stringify(d.row_counts),
      JSON.stringify(d.files),
      d.manifest_sha256,
    ],
  );
  return r.rows[0]!;
}

export async function disclosures(db: Queryable, grantId: string | null): Promise<DisclosureRow[]> {
  return (
    await db.query<DisclosureRow>(
      'SELECT * FROM policy.disclosure_log WHERE $1::text IS NULL OR grant_id = $1 ORDER BY built_at, id',
      [grantId],
    )
  ).rows;
}
