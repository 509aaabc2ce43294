/**
 * GraphQL of research grants (lib/policy/research.ts), served by the journal subgraph
 * (schema/journal.graphql, end): grants and their versions, the researcher's cohort as
 * pseudonymised subjects, extracts and the disclosure log.
 */
import { GraphQLError } from 'graphql';
import { relative } from 'node:path';
import { FREE_TEXT_MAX, requireTextWithin } from '../free-text';
import type { Resolvers } from '../../subgraphs/journal/generated/resolvers-types';
import { ONE_SYSTEM_DECISION, PATIENT_KEYS } from '../../subgraphs/coercion/store';
import { helpNumberKeys, helpNumberKeysOf } from '../../subgraphs/journal/help-numbers';
import { CASES_AS_PARTY_SQL } from '../../subgraphs/archive/store';
import type { SubgraphContext } from '../subgraph';
import { chargeText } from '../text-budget';
import { deidentifier } from './deidentify';
import { buildExtract, COUNTED_EXECUTION, ExtractRefused, knownIdentity } from './extract';
import {
  cohortOf,
  disclosures,
  grantVersions,
  GrantScopeRefused,
  insertGrantVersion,
  scopeGrants,
  lastAggregateBudget,
  latestGrant,
  listGrants,
  personLogKeys,
  PERSON_FACTS_SQL,
  unknownServicesProblem,
  withdrawGrant,
  type CohortPerson,
  type DisclosureRow,
} from './grant-store';
import { forbidden, type ResearchReach } from './policy';
import { budgetUse, chargeOncePerRequest, chargeQuery, remaining } from './query-budget';
import { asIs, publishPersons, type PublishedCount } from './search-counts';
import {
  amendedInput,
  grantProblem,
  parseGrant,
  pseudonymScopeNote,
  renderDate,
  researchSettings,
  shiftDays,
  type GrantInput,
  type GrantRow,
  sqlAge,
  sqlBirthday,
  leapDayRuleOf,
} from './research';
import type { LeapDayRule } from '../age-window';

/**
 * A cohort's size as the caller may see it: small cells withheld from a researcher on an
 * aggregate-only grant, and a larger one with noise (search-counts.ts publishPersons); an
 * archivist gets it as it is.
 * Such a researcher gets the size of the version in force only, none of the history's
 * (`version` given and another): two versions' sizes side by side gave a change of 1–4
 * persons as their difference (found in review: 5 and 6, one person born on the day added).
 * The size of the version in force is one count of the grant's budget
 * (query-budget.ts), once per request however many of its fields are read; FORBIDDEN when
 * the budget is spent.
 */
async function cohortSize(ctx: SubgraphContext, persons: number, version?: number): Promise<PublishedCount> {
  const reach = ctx.policy.research;
  const own = reach?.grant;
  if (own?.output_level !== 'AGGREGATE') {
    if (reach) logCohortCount(ctx, reach);
    return asIs(persons);
  }
  if (version !== undefined && version !== own.version) return { value: null, suppressed: true };
  const budgeted = ctx.policy.queryBudget;
  if (budgeted)
    await chargeOncePerRequest(ctx, 'cohortSize', () => chargeQuery(ctx.db, ctx.audit, budgeted, 'research'));
  logCohortCount(ctx, reach!);
  // Noise keyed by the cohort in force (ctx.policy.research: the caller's own grant, this version).
  return publishPersons(persons, ctx.policy.research?.persons.map((p) => p.person_key) ?? []);
}

/**
 * A researcher's read of the cohort's size, logged under each person of the cohort, once a
 * request (entity type `research`, no record): the size counts them, from their records, as a
 * search total over the cohort does, which is logged so (pasientjournalforskriften § 14,
 * pasientjournalloven § 19: a person's access log shows every use of their record; found in
 * review s33: researchCohort.totalCount and ResearchGrant.cohortSize wrote no row).
 */
function logCohortCount(ctx: SubgraphContext, reach: ResearchReach): void {
  void chargeOncePerRequest(ctx, 'cohortSizeLogged', () => {
    for (const p of reach.persons) for (const key of personLogKeys(p)) ctx.audit.record(key, 'research', []);
    return Promise.resolve();
  });
}

/**
 * Logs a read of a person's records under the record each one is of (`byRecord`: record id →
 * the ids read of it), not under the person's first record: the person's records are linked
 * records an archivist may unlink, and a row under the first alone left the other record's access
 * log at the unlink (pasientjournalforskriften § 14, pasientjournalloven § 19; found in review
 * s41, as review s40 found for the legal paths: lib/policy/patient-ref.ts ownLogKeys).
 */
function recordPerRecord(
  ctx: SubgraphContext,
  kind: 'journal_entry' | 'care_contact' | 'coercion_decision' | 'coercion_execution' | 'saksmappe',
  byRecord: Map<string, string[]>,
): void {
  for (const [record, ids] of byRecord) ctx.audit.record(record, kind, ids);
}

/** Ids grouped by the record each is of, in first-seen order. */
function groupByRecord(rows: readonly { record: string; id: string }[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const { record, id } of rows) {
    const l = m.get(record);
    if (l) l.push(id);
    else m.set(record, [id]);
  }
  return m;
}

/**
 * The person's record of a national id or an H-number key (SOURCE:number) a coercion record or a
 * case names, once a request per person: the access-log key of a read of that record (the first
 * record where none of theirs carries it).
 */
function recordOfKey(ctx: SubgraphContext, person: CohortPerson): Promise<(key: string) => string> {
  return ctx
    .loader<string, (key: string) => string>('researchRecordOfKey', (keys) =>
      Promise.all(
        keys.map(async () => {
          const m = new Map<string, string>();
          const r = await ctx.db.query<{ id: string; national_id: string | null }>(
            'SELECT id, national_id FROM journal.patient WHERE id = ANY($1::text[]) ORDER BY id',
            [person.patient_ids],
          );
          for (const x of r.rows) if (x.national_id && !m.has(x.national_id)) m.set(x.national_id, x.id);
          for (const [id, k] of await helpNumberKeysOf(ctx.db, person.patient_ids))
            if (!m.has(k)) m.set(k, id);
          return (key: string) => m.get(key) ?? person.patient_ids[0]!;
        }),
      ),
    )
    .load(person.person_key);
}

/**
 * The number of persons of a grant version's cohort as it is read today (grant-store.ts
 * cohortOf: today's links, an unlink splitting a stored person): what researchCohort's
 * totalCount, its subjects and an extract's manifest count. Counting the rows stored at
 * registration instead, the grant said 7 persons after an unlink where its cohort said 8
 * (found in review s33). The researcher's own version in force is the one compiled for
 * the request; any other is read once a request.
 */
async function personsToday(ctx: SubgraphContext, g: GrantRow): Promise<number> {
  const own = ctx.policy.research;
  if (own && own.grant.id === g.id && own.grant.version === g.version) return own.persons.length;
  return ctx
    .loader<string, number>('researchCohortSize', (keys) =>
      Promise.all(
        keys.map(async (k) => {
          const [id, version] = JSON.parse(k) as [string, number];
          return (await cohortOf(ctx.db, id, version)).length;
        }),
      ),
    )
    .load(JSON.stringify([g.id, g.version]));
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * A page size of 0–1000, as every other `first` of the graph: refused outside it. Clamped, a
 * first of 5,000 answered 1,000 without saying so (a list cut short) and -1 answered an empty
 * page (review s39).
 */
function pageSize(first: number | null | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw badInput('first must be between 0 and 1000');
  return n;
}

export interface SubjectParent {
  pseudonym: string;
  person: CohortPerson;
  reach: ResearchReach;
}

export interface ExtractResult {
  disclosure: DisclosureRow;
  directory: string;
  manifest: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function parsed(input: unknown): GrantInput {
  try {
    return parseGrant(input);
  } catch (err) {
    throw badInput((err as Error).message);
  }
}

/** A version written, a refusal of its pseudonym scope's rules (grant-store.ts checkPseudonymScope) as BAD_USER_INPUT. */
async function scopeChecked(write: () => Promise<boolean>): Promise<boolean> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof GrantScopeRefused) throw badInput(err.message);
    throw err;
  }
}

/** The researcher's compiled grant, or FORBIDDEN saying why there is none. */
function reachOf(ctx: SubgraphContext): ResearchReach {
  const r = ctx.policy.research;
  if (!r) {
    const rule = ctx.policy.scopeRule ?? 'research data needs role researcher with a grant in force';
    ctx.audit.denied('*', 'research', rule);
    throw forbidden(rule);
  }
  return r;
}

// The current notes only (helsepersonelloven §§ 42-43): a corrected-away version is the record's
// history and a deleted note's content is gone; neither is research data (helseforskningsloven § 33),
// as search never indexes them. `p` is the person's facts (PERSON_FACTS_SQL over $1, the person's
// records): the age window and a note's age use the birth date the data set gives as the person's
// (birthYear), whichever record the note is on (review s42 law: a note on a linked record with
// another birth date was given to a grant for ages 15 as "age 15" beside birth year 2004, 2016).
const noteFilter = (rule: LeapDayRule) => `
  AND e.status = 'current' AND e.deleted_at IS NULL
  AND ($2::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= $2::date)
  AND ($3::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date <= $3::date)
  AND ($4::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= ${sqlBirthday('p.birth_date', '$4::int', rule)})
  AND ($5::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date < ${sqlBirthday('p.birth_date', '$5::int + 1', rule)})
  AND ($6::text[] IS NULL OR e.source_system = ANY($6::text[]))
  AND ($7::text[] IS NULL OR e.service = ANY($7::text[]))`;

// Care contacts are journal records of a service too: the grant's period, age window, sources
// and services narrow them as they narrow notes (helseforskningsloven § 33; found in review:
// a grant for one service read every service's contacts, at every age).
const contactFilter = (rule: LeapDayRule) => `
  AND ($2::date IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date >= $2::date)
  AND ($3::date IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date <= $3::date)
  AND ($4::int IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date >= ${sqlBirthday('p.birth_date', '$4::int', rule)})
  AND ($5::int IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date < ${sqlBirthday('p.birth_date', '$5::int + 1', rule)})
  AND ($6::text[] IS NULL OR k.source_system = ANY($6::text[]))
  AND ($7::text[] IS NULL OR k.service = ANY($7::text[]))`;

function filterArgs(g: GrantRow): unknown[] {
  const c = g.cohort;
  return [
    c.periodFrom ?? null,
    c.periodTo ?? null,
    c.ageFrom ?? null,
    c.ageTo ?? null,
    c.sources?.length ? c.sources : null,
    c.services?.length ? c.services : null,
  ];
}

interface PersonRow {
  birth_year: number | null;
  gender: string | null;
  death_date: string | null;
  /** The records that gave each value (the person's first record where none did): the access log's keys. */
  birth_year_from: string | null;
  gender_from: string | null;
  death_date_from: string | null;
}

/**
 * A person's birth year, gender and death date: each from the first of their records that states
 * it (grant-store.ts PERSON_FACTS_SQL; before stop 42 the first record alone), with the record it
 * came from, under which the read is logged. Keyed by the person's records, joined.
 */
function personLoader(ctx: SubgraphContext) {
  return ctx.loader<string, PersonRow>('researchPerson', async (keys) => {
    // One statement for every person asked (a key: the person's records joined by a line break).
    const r = await ctx.db.query<PersonRow & { key: string }>(
      `SELECT k.key, extract(year FROM f.birth_date)::int AS birth_year, f.gender,
              to_char(f.death_date, 'YYYY-MM-DD') AS death_date, f.birth_date_from AS birth_year_from,
              f.gender_from, f.death_date_from
         FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (${PERSON_FACTS_SQL("string_to_array(k.key, E'\\n')")}) f`,
      [[...keys]],
    );
    const by = new Map(r.rows.map((x) => [x.key, x]));
    return keys.map((k) => by.get(k)!);
  });
}

/** The person fact `field`, its read logged under the record that gave it. */
async function personFact(
  ctx: SubgraphContext,
  s: SubjectParent,
  field: 'birthYear' | 'gender' | 'deathDate',
): Promise<string | number | null> {
  const p = await personLoader(ctx).load(s.person.patient_ids.join('\n'));
  const [value, from] =
    field === 'birthYear'
      ? [p.birth_year, p.birth_year_from]
      : field === 'gender'
        ? [p.gender, p.gender_from]
        : [p.death_date, p.death_date_from];
  ctx.audit.record(from ?? s.person.patient_ids[0]!, 'patient', [field]);
  return value;
}

const shiftOf = (s: SubjectParent) =>
  s.reach.grant.date_precision === 'SHIFTED'
    ? shiftDays(s.reach.grant.pseudonym_scope, s.person.person_key)
    : 0;

export const researchResolvers: Resolvers = {
  Query: {
    // A refusal is logged as denied under `*`, as matter(id)'s is (pasientjournalforskriften
    // § 14, pasientjournalloven § 22: every attempt at the records' data is in the access log; a
    // grant names its cohort's definition and researchers). Found in review s38: another grant,
    // a grant out of force and a reporting token were refused unlogged.
    async grant(_, { id }, ctx) {
      if (ctx.policy.actionRule('listGrants') === null) return latestGrant(ctx.db, id);
      const r = ctx.policy.research;
      if (r && r.grant.id === id) return r.grant;
      const rule = `grant ${id} needs role archivist or a researcher's token for that grant`;
      ctx.audit.denied('*', 'research', rule);
      throw forbidden(rule);
    },
    async grants(_, { activeOnly }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'listGrants');
      return listGrants(ctx.db, activeOnly ?? true);
    },
    researchCohort(_, __, ctx) {
      ctx.policy.requireAction(ctx.audit, 'researchCohort');
      return reachOf(ctx);
    },
    async disclosureLog(_, { grantId }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'disclosureLog');
      return disclosures(ctx.db, grantId ?? null);
    },
  },
  Mutation: {
    async registerGrant(_, { input }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'registerGrant');
      const { joinProject, ...fields } = input;
      const g = parsed(fields);
      const services = await unknownServicesProblem(ctx.db, g.cohort);
      if (services) throw badInput(services);
      if (
        !(await scopeChecked(() =>
          insertGrantVersion(ctx.db, g, 1, ctx.caller.userId, null, { joinProject: joinProject === true }),
        ))
      )
        throw badInput(`grant ${g.id} is already registered`);
      return (await latestGrant(ctx.db, g.id))!;
    },
    async amendGrant(_, { id, input, reason }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'amendGrant');
      requireTextWithin({ reason }, FREE_TEXT_MAX);
      if (reason.trim().length < 3) throw badInput('reason is required');
      const current = await latestGrant(ctx.db, id);
      if (!current) throw badInput(`grant ${id} is not registered`);
      if (current.withdrawn_at) throw badInput(`grant ${id} is withdrawn and cannot be amended`);
      // joinProject: an amendment to another approval joins the project's others explicitly
      // (grant-store.ts checkPseudonymScope; helseforskningsloven §§ 33, 35; fix FX8).
      const { joinProject, ...fields } = input;
      const change = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
      );
      const next = parsed(amendedInput(current, change, await lastAggregateBudget(ctx.db, id)));
      const services = await unknownServicesProblem(ctx.db, next.cohort);
      if (services) throw badInput(services);
      if (
        !(await scopeChecked(() =>
          insertGrantVersion(ctx.db, next, current.version + 1, ctx.caller.userId, reason.trim(), {
            joinProject: joinProject === true,
          }),
        ))
      )
        throw badInput(`grant ${id} was amended or withdrawn meanwhile; read it again`);
      return (await latestGrant(ctx.db, id))!;
    },
    async withdrawGrant(_, { id, reason }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'withdrawGrant');
      requireTextWithin({ reason }, FREE_TEXT_MAX);
      if (reason.trim().length < 3) throw badInput('reason is required');
      if (!(await withdrawGrant(ctx.db, id, ctx.caller.userId, reason.trim())))
        throw badInput(`no grant ${id} in force to withdraw`);
      return (await latestGrant(ctx.db, id))!;
    },
    async extract(_, { grantId }, ctx) {
      ctx.policy.requireAction(ctx.audit, 'extract');
      let recipient: string | undefined;
      if (ctx.policy.actionRule('listGrants') !== null) {
        // A researcher: only the grant the token names, in force.
        const r = reachOf(ctx);
        if (r.grant.id !== grantId) {
          const rule = `the token names grant ${r.grant.id}, not ${grantId}`;
          ctx.audit.denied('*', 'research_extract', rule);
          throw forbidden(rule);
        }
        recipient = ctx.caller.userId;
      }
      try {
        const built = await buildExtract(ctx.db, grantId, {
          outDir: researchSettings.extractDir,
          builtBy: ctx.caller.userId,
          recipient,
        });
        // Every person of the cohort was disclosed: one access-log row under each of their records
        // (personLogKeys; review s41: under the first record alone, gone from the other's log at an unlink).
        for (const p of await cohortOf(ctx.db, grantId, built.manifest.grant.version))
          for (const key of personLogKeys(p))
            ctx.audit.record(key, 'research_extract', [String(built.disclosure.id)]);
        return {
          disclosure: built.disclosure,
          directory: relative(process.cwd(), built.dir) || '.',
          manifest: JSON.stringify(built.manifest, null, 2),
        };
      } catch (err) {
        if (err instanceof ExtractRefused) {
          ctx.audit.denied('*', 'research_extract', err.message);
          throw forbidden(err.message);
        }
        throw err;
      }
    },
  },
  ResearchGrant: {
    projectId: (g) => g.project_id,
    rekNumber: (g) => g.rek_number,
    dispensationRef: (g) => g.dispensation_ref,
    legalBasis: (g) => g.legal_basis,
    responsibleResearcher: (g) => g.responsible_researcher,
    cohort: (g) => g.cohort,
    cohortSize: async (g, _, ctx) => (await cohortSize(ctx, await personsToday(ctx, g), g.version)).value,
    cohortSizeSuppressed: async (g, _, ctx) =>
      (await cohortSize(ctx, await personsToday(ctx, g), g.version)).suppressed,
    queryBudget: (g) => g.query_budget,
    // The grant's now, the same on every version of its history: read when asked (the reach's
    // row was read at the request's start), against the latest version's budget.
    queriesUsed: async (g, _, ctx) => {
      const u = await budgetUse(ctx.db, g.id);
      return u.budget === null ? null : u.used;
    },
    queryBudgetRemaining: async (g, _, ctx) => remaining(await budgetUse(ctx.db, g.id)),
    datePrecision: (g) => g.date_precision,
    freeText: (g) => g.free_text,
    outputLevel: (g) => g.output_level,
    expiresAt: (g) => iso(g.expires_at)!,
    registeredBy: (g) => g.registered_by,
    registeredAt: (g) => iso(g.registered_at)!,
    changeReason: (g) => g.change_reason,
    withdrawnBy: (g) => g.withdrawn_by,
    withdrawnAt: (g) => iso(g.withdrawn_at),
    withdrawReason: (g) => g.withdraw_reason,
    active: (g) => grantProblem(g, g.id) === null,
    history: (g, _, ctx) => grantVersions(ctx.db, g.id),
    // Its pseudonym scope and the grants sharing it (fix FX6: a registrar could not see which
    // project's pseudonyms a grant links to; personopplysningsloven art. 89 (1), GDPR art. 4 (5)).
    pseudonymScope: (g) => g.pseudonym_scope,
    // Which other grants share it is the registrar's to know, not a researcher's (task s47,
    // defect 3; helseforskningsloven §§ 33 and 35: data only as the approval says, to the project
    // it names; personopplysningsloven art. 89 (1), GDPR art. 4 (5): what links pseudonyms is kept
    // apart from those who hold them): the other grants' ids name other approvals, cohorts and
    // researchers whose pseudonyms link with the caller's. Only the roles that register grants
    // (ACTIONS.registerGrant) read it; anyone else gets null in the field and FORBIDDEN saying why,
    // the rest of the grant answered, logged as denied (as a refused field is, enforce.ts).
    pseudonymScopeGrants: (g, _, ctx) => {
      const rule = ctx.policy.actionRule('registerGrant');
      if (rule) {
        const why = `ResearchGrant.pseudonymScopeGrants (the other grants of the project) is for those who register grants: ${rule}`;
        ctx.audit.denied('*', 'research', why);
        throw forbidden(why);
      }
      return scopeGrants(ctx.db, g.pseudonym_scope);
    },
    pseudonymScopeNote: (g) => pseudonymScopeNote(g),
  },
  ResearchCohort: {
    grantId: (r) => r.grant.id,
    version: (r) => r.grant.version,
    totalCount: async (r, _, ctx) => (await cohortSize(ctx, r.persons.length)).value,
    totalSuppressed: async (r, _, ctx) => (await cohortSize(ctx, r.persons.length)).suppressed,
    subjects(r, { first, after }, ctx) {
      if (r.grant.output_level !== 'PSEUDONYMISED_RECORDS') {
        const rule = `grant ${r.grant.id} is approved for aggregate output only: no subjects`;
        ctx.audit.denied('*', 'research', rule);
        throw forbidden(rule);
      }
      const n = pageSize(first, 100);
      const all = [...r.byPseudonym.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const page = all.filter(([p]) => !after || p > after).slice(0, n);
      // Each person listed is a use of their record (their pseudonym, and that their records
      // meet the cohort's definition): logged under them as the cohort's size is (logCohortCount:
      // entity type `research`, no record ids, the pseudonym not written beside the person), once
      // a request (pasientjournalforskriften § 14, pasientjournalloven § 19; found in review s38:
      // the listing wrote no row). A page logs its own persons, not the whole cohort.
      for (const [, person] of page)
        for (const key of personLogKeys(person)) ctx.audit.record(key, 'research', []);
      return page.map(([pseudonym, person]) => ({ pseudonym, person, reach: r }));
    },
  },
  ResearchSubject: {
    __resolveReference: (ref, ctx) => subjectReference(ctx, ref.pseudonym),
    birthYear: async (s, _, ctx) => (await personFact(ctx, s, 'birthYear')) as number | null,
    gender: async (s, _, ctx) => (await personFact(ctx, s, 'gender')) as string | null,
    deathDate: async (s, _, ctx) =>
      renderDate(
        (await personFact(ctx, s, 'deathDate')) as string | null,
        s.reach.grant.date_precision,
        shiftOf(s),
      ),
    async journal(s, { first, after }, ctx) {
      const g = s.reach.grant;
      const n = pageSize(first, 100);
      // The cursor is the offset this field gave (endCursor). Anything else is refused: a cursor of
      // 20 digits reached OFFSET as 1e20, out of bigint's range, an internal error (review s38).
      if (after != null && !/^\d{1,9}$/.test(after))
        throw badInput('after must be an endCursor this journal gave (the number of notes before the page)');
      const offset = after ? Number(after) : 0;
      const r = await ctx.db.query<{
        id: string;
        patient_id: string;
        written_at: string;
        age: number | null;
        type: string;
        service: string | null;
        source_system: string;
        text: string | null;
        total: number;
      }>(
        // writtenAt is the date of the care the note documents (journal migration 005 dated_at: an
        // amended note's care period start, not the correction's time; stop 42), as the window reads it.
        `SELECT e.id, e.patient_id, to_char(e.dated_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD') AS written_at,
                ${sqlAge("(e.dated_at AT TIME ZONE 'Europe/Oslo')::date", 'p.birth_date', leapDayRuleOf(g.cohort))} AS age,
                e.entry_type AS type, e.service, e.source_system, e.text, count(*) OVER ()::int AS total
           FROM journal.journal_entry e CROSS JOIN LATERAL (${PERSON_FACTS_SQL('$1::text[]')}) p
          WHERE e.patient_id = ANY($1) ${noteFilter(leapDayRuleOf(g.cohort))}
          ORDER BY e.dated_at, e.id LIMIT $8 OFFSET $9`,
        [s.person.patient_ids, ...filterArgs(g), n, offset],
      );
      const text = ctx.policy.research?.variableRule('JOURNAL_TEXT') === null;
      const clean = text ? await cleanerOf(ctx, s.person) : null;
      const code = await codeMaskOf(ctx, s);
      // The count comes with the page's rows (count(*) OVER ()); a page without rows (first: 0,
      // or `after` at or past the end) has none to carry it, and said 0 (found in review s38):
      // it is then counted on its own, under the same conditions.
      const total =
        r.rows[0]?.total ??
        (n === 0 || offset > 0
          ? (
              await ctx.db.query<{ total: number }>(
                `SELECT count(*)::int AS total
                   FROM journal.journal_entry e CROSS JOIN LATERAL (${PERSON_FACTS_SQL('$1::text[]')}) p
                  WHERE e.patient_id = ANY($1) ${noteFilter(leapDayRuleOf(g.cohort))}`,
                [s.person.patient_ids, ...filterArgs(g)],
              )
            ).rows[0]!.total
          : 0);
      // Every read of the person's notes is logged under them, their count too when no note is
      // returned (pasientjournalforskriften § 14, pasientjournalloven § 19: the count says how
      // many notes the person has in the grant's window; found in review s38): under each of the
      // person's records, with the notes of that record (review s41: all under the first).
      recordPerRecord(
        ctx,
        'journal_entry',
        new Map(
          s.person.patient_ids.map((id) => [id, r.rows.filter((x) => x.patient_id === id).map((x) => x.id)]),
        ),
      );
      return {
        totalCount: total,
        entries: r.rows.map((x) => ({
          writtenAt: renderDate(x.written_at, g.date_precision, shiftOf(s)),
          age: x.age,
          type: code(x.type),
          service: code(x.service),
          sourceSystem: x.source_system as 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL',
          text: clean ? clean(x.text) : null,
        })),
        pageInfo: {
          hasNextPage: offset + r.rows.length < total,
          endCursor: r.rows.length ? String(offset + r.rows.length) : null,
        },
      };
    },
    async careContacts(s, _, ctx) {
      const g = s.reach.grant;
      const r = await ctx.db.query<{
        id: string;
        patient_id: string;
        start: string;
        service: string;
        contact_class: string | null;
      }>(
        `SELECT k.id, k.patient_id, to_char(k.period_start AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD') AS start, k.service, k.contact_class
           FROM journal.care_contact k CROSS JOIN LATERAL (${PERSON_FACTS_SQL('$1::text[]')}) p
          WHERE k.patient_id = ANY($1) ${contactFilter(leapDayRuleOf(g.cohort))}
          ORDER BY k.period_start, k.id`,
        [s.person.patient_ids, ...filterArgs(g)],
      );
      recordPerRecord(
        ctx,
        'care_contact',
        groupByRecord(r.rows.map((x) => ({ record: x.patient_id, id: x.id }))),
      );
      const code = await codeMaskOf(ctx, s);
      return r.rows.map((x) => ({
        start: renderDate(x.start, g.date_precision, shiftOf(s)),
        service: code(x.service),
        contactClass: code(x.contact_class),
      }));
    },
  },
  ResearchJournalEntry: {
    // A note's de-identified text is as long as the note (up to IMPORT_MAX_RECORD_BYTES), and a
    // page holds up to 1,000 of them per subject: it counts against the request's text budget
    // as the journal's own note text does (lib/text-budget.ts, RESPONSE_TOO_LARGE; review s46).
    text: (e, _, ctx) => chargeText(ctx, 'research note text', e.text) ?? null,
  },
  Disclosure: {
    id: (d) => String(d.id),
    grantId: (d) => d.grant_id,
    builtBy: (d) => d.built_by,
    builtAt: (d) => iso(d.built_at)!,
    variables: (d) => d.variables as never,
    rowCounts: (d) => JSON.stringify(d.row_counts),
    files: (d) => d.files,
    manifestSha256: (d) => d.manifest_sha256,
  },
};

// ---- ResearchSubject in every subgraph (journal, coercion, archive) ----

/**
 * ResearchSubject.__resolveReference in every subgraph: the gateway hands over a pseudonym;
 * only one of the caller's own cohort is answered (a guessed or another grant's pseudonym is
 * refused and logged).
 */
export function subjectReference(ctx: SubgraphContext, pseudonym: string): SubjectParent {
  const reach = reachOf(ctx);
  const person = reach.byPseudonym.get(pseudonym);
  if (!person) {
    const rule = `pseudonym ${pseudonym} is not in the cohort of ${reach.label}`;
    ctx.audit.denied('*', 'research', rule);
    throw forbidden(rule);
  }
  return { pseudonym, person, reach };
}

/** The de-identifier of a person's text (the names and national ids the records know), once a request. */
const cleaners = new WeakMap<object, Map<string, Promise<(t: string | null) => string | null>>>();
function cleanerOf(ctx: SubgraphContext, person: CohortPerson): Promise<(t: string | null) => string | null> {
  let m = cleaners.get(ctx);
  if (!m) cleaners.set(ctx, (m = new Map()));
  let c = m.get(person.person_key);
  if (!c) m.set(person.person_key, (c = knownIdentity(ctx.db, person).then(deidentifier)));
  return c;
}

/** The de-identifier of a subject's free text, when the grant approves this variable. */
async function cleanerFor(ctx: SubgraphContext, s: SubjectParent, v: 'EXECUTION_DESCRIPTION' | 'CASE_TITLE') {
  if (s.reach.variableRule(v) !== null) return null;
  return cleanerOf(ctx, s.person);
}

/**
 * A subject's code variables (a service, a unit, a measure, a legal basis, a klasse: the
 * source's own words, not free text) with the names and national ids the person's records know
 * masked, as free text is, beside the patterns enforce.ts masks in every code (maskCode).
 * maskCode knows no names: a unit named after the one person it serves (lib/policy/statistics.ts
 * OTHER, found in review of the reporting tables) gave her full name in CONTACT_SERVICE and
 * JOURNAL_SERVICE, on a grant that approves no free text at all (personopplysningsloven art. 89
 * (1), helseforskningsloven § 33; found in review s33). Strings and lists of strings.
 */
async function codeMaskOf(ctx: SubgraphContext, s: SubjectParent): Promise<<T>(value: T) => T> {
  const clean = await cleanerOf(ctx, s.person);
  const mask = <T>(value: T): T =>
    typeof value === 'string'
      ? (clean(value) as T)
      : Array.isArray(value)
        ? (value.map((v: unknown) => mask(v)) as T)
        : value;
  return mask;
}

/**
 * The grant's period and age window on a coercion or archive record, by the record's date
 * (helseforskningsloven § 33; found in review: a grant for ages 13-15 read the coercion
 * decisions, executions and case files of every age). Parameters: $1 the person's national
 * ids, $2/$3 the period, $4/$5 the ages, $6 the person's patient records, whose birth date (the
 * first that states one, PERSON_FACTS_SQL) counts as in the persons table. No birth date: nothing
 * passes an age window.
 */
const PERSON_BIRTH_DATE = `(SELECT birth_date FROM (${PERSON_FACTS_SQL('$6::text[]')}) f)`;
const recordWindow = (col: string, rule: LeapDayRule) => `
  AND ($2::date IS NULL OR ${col} >= $2::date) AND ($3::date IS NULL OR ${col} <= $3::date)
  AND ($4::int IS NULL OR ${col} >= ${sqlBirthday(PERSON_BIRTH_DATE, '$4::int', rule)})
  AND ($5::int IS NULL OR ${col} < ${sqlBirthday(PERSON_BIRTH_DATE, '$5::int + 1', rule)})`;

function recordWindowArgs(s: SubjectParent, keys: readonly string[] = s.person.national_ids): unknown[] {
  const c = s.reach.grant.cohort;
  return [
    keys,
    c.periodFrom ?? null,
    c.periodTo ?? null,
    c.ageFrom ?? null,
    c.ageTo ?? null,
    s.person.patient_ids,
  ];
}

/**
 * The keys a person's coercion records are found by: national ids and the records' H-numbers
 * under their sources (subgraphs/journal/help-numbers.ts helpNumberKey: one organisation's number,
 * pasientjournalloven § 22), as the coercion subgraph and the extract find them; never bare.
 */
async function coercionKeys(ctx: SubgraphContext, s: SubjectParent): Promise<string[]> {
  return [...s.person.national_ids, ...(await helpNumberKeys(ctx.db, s.person.patient_ids))];
}

/**
 * A person's coercion records by the record each is of: the record carrying its national id, or
 * its H-number under its source (the first record where none does).
 */
async function coercionByRecord(
  ctx: SubgraphContext,
  s: SubjectParent,
  rows: readonly { id: string; patient_nid: string; source_system: string }[],
): Promise<Map<string, string[]>> {
  if (!rows.length) return new Map();
  const of = await recordOfKey(ctx, s.person);
  return groupByRecord(
    rows.map((x) => {
      const byNid = of(x.patient_nid);
      const record = byNid === s.person.patient_ids[0] ? of(`${x.source_system}:${x.patient_nid}`) : byNid;
      return { record, id: x.id };
    }),
  );
}

export async function researchDecisions(ctx: SubgraphContext, s: SubjectParent) {
  const g = s.reach.grant;
  const r = await ctx.db.query<{
    id: string;
    patient_nid: string;
    source_system: string;
    legal_basis: string;
    measures: string[];
    valid_from: string;
    valid_to: string | null;
  }>(
    `SELECT id, patient_nid, source_system, legal_basis, measures, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
       FROM coercion.decision d WHERE ${PATIENT_KEYS('patient_nid', 'source_system', ONE_SYSTEM_DECISION('d'))} ${recordWindow('valid_from', leapDayRuleOf(g.cohort))}
      ORDER BY valid_from, id`,
    recordWindowArgs(s, await coercionKeys(ctx, s)),
  );
  recordPerRecord(ctx, 'coercion_decision', await coercionByRecord(ctx, s, r.rows));
  const code = await codeMaskOf(ctx, s);
  return r.rows.map((x) => ({
    legalBasis: code(x.legal_basis),
    measures: code(x.measures),
    validFrom: renderDate(x.valid_from, g.date_precision, shiftOf(s)),
    validTo: renderDate(x.valid_to, g.date_precision, shiftOf(s)),
  }));
}

export async function researchExecutions(ctx: SubgraphContext, s: SubjectParent) {
  const g = s.reach.grant;
  const r = await ctx.db.query<{
    id: string;
    patient_nid: string;
    source_system: string;
    measure: string;
    start: string;
    minutes: number;
    description: string;
  }>(
    `SELECT id, patient_nid, source_system, measure, to_char(start_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD') AS start,
            (extract(epoch FROM end_at - start_at) / 60)::int AS minutes, description
       FROM coercion.execution x
      WHERE ${PATIENT_KEYS('patient_nid', 'source_system')} AND ${COUNTED_EXECUTION('x', s.reach.uncountedExecutions)}
            ${recordWindow(`(start_at AT TIME ZONE 'Europe/Oslo')::date`, leapDayRuleOf(g.cohort))}
      ORDER BY start_at, id`,
    recordWindowArgs(s, await coercionKeys(ctx, s)),
  );
  const clean = await cleanerFor(ctx, s, 'EXECUTION_DESCRIPTION');
  recordPerRecord(ctx, 'coercion_execution', await coercionByRecord(ctx, s, r.rows));
  const code = await codeMaskOf(ctx, s);
  return r.rows.map((x) => ({
    measure: code(x.measure),
    start: renderDate(x.start, g.date_precision, shiftOf(s)),
    minutes: x.minutes,
    description: clean ? clean(x.description) : null,
  }));
}

export async function researchCases(ctx: SubgraphContext, s: SubjectParent) {
  const g = s.reach.grant;
  const r = await ctx.db.query<{
    id: string;
    saksdato: string;
    saksstatus: string;
    klasse: string | null;
    tittel: string;
    part_ids: string[];
    record_ids: string[];
  }>(
    `SELECT DISTINCT ON (s.saksdato, s.id) s.id, to_char(s.saksdato, 'YYYY-MM-DD') AS saksdato, s.saksstatus,
            k.klasse_id AS klasse, s.tittel,
            ARRAY(SELECT sp.part_id FROM archive.subject_part sp WHERE sp.saksmappe_id = s.id AND sp.part_id = ANY($1)
                     AND NOT EXISTS (SELECT 1 FROM archive.access_request ar WHERE ar.saksmappe_id = s.id)) AS part_ids,
            ARRAY(SELECT sr.patient_id FROM archive.subject_record sr WHERE sr.saksmappe_id = s.id AND sr.patient_id = ANY($7::text[])
                  UNION SELECT ar.patient_id FROM archive.access_request ar WHERE ar.saksmappe_id = s.id AND ar.patient_id = ANY($7::text[])) AS record_ids
       FROM archive.saksmappe s
       LEFT JOIN archive.klasse k ON k.id = s.klasse_ref
      WHERE s.id IN (${CASES_AS_PARTY_SQL('$1', '$7::text[]')}) ${recordWindow('s.saksdato', leapDayRuleOf(g.cohort))}
      ORDER BY s.saksdato, s.id`,
    [...recordWindowArgs(s), s.person.patient_ids],
  );
  const clean = await cleanerFor(ctx, s, 'CASE_TITLE');
  const code = await codeMaskOf(ctx, s);
  // Under the record whose national id is a party of the case, or that the case is filed under
  // (a case of both records of the person: under both); an access request's case under the record
  // it is filed under alone (CASES_AS_PARTY_SQL: pasientjournalloven § 22, helseforskningsloven § 33).
  const of = r.rows.length ? await recordOfKey(ctx, s.person) : null;
  recordPerRecord(
    ctx,
    'saksmappe',
    groupByRecord(
      r.rows.flatMap((x) =>
        [...new Set([...x.part_ids.map((n) => of!(n)), ...x.record_ids])].map((record) => ({
          record,
          id: x.id,
        })),
      ),
    ),
  );
  return r.rows.map((x) => ({
    saksdato: renderDate(x.saksdato, g.date_precision, shiftOf(s)),
    saksstatus: code(x.saksstatus),
    klasse: code(x.klasse),
    tittel: clean ? clean(x.tittel) : null,
  }));
}
