import type { LeapDayRule } from '../lib/age-window';
import type { SearchQuery, SearchScope } from './types';

/**
 * An age window (whole years, inclusive) as an Elasticsearch filter. A record of one person
 * carries its age (ageAtDate); a record of several parties (a case) carries each party's age
 * (nested `parties`) and no age of its own when they differ, so the window asks the age of
 * the persons searched for (`nationalIds`; undefined: any party), never the age of whichever
 * party's national id sorts first (pasientjournalloven § 22, helseforskningsloven § 33;
 * found in review).
 *
 * The stored ages place a 29 February birthday on 1 March in a year without one (MARCH_1, the
 * default of the journal and the dossier: lib/age-window.ts). Under FEBRUARY_28 the window reads
 * the age stored for that rule where it differs (ageAtDateFeb28, parties.ageFeb28: a record of
 * a person born 29 February, dated 28 February of such a year, one year older), so search holds
 * the notes the journal's and the dossier's window of that rule hold, over a person and over
 * everyone alike (pasientjournalloven § 22; stop 45). Before, search took no rule.
 */
export function esAgeWindow(
  ageFrom: number | null | undefined,
  ageTo: number | null | undefined,
  nationalIds?: readonly string[],
  leapDayRule: LeapDayRule = 'MARCH_1',
): Record<string, unknown> {
  // An age is never below 0. Under FEBRUARY_28 the bound also keeps out -1, which the archive's
  // outbox writes as ageAtDateFeb28 where a case's parties have no one age under that rule but
  // one under MARCH_1 (subgraphs/archive/outbox.ts): without it a window with no ageFrom held
  // such a case ("ages 0–20" matched parties of 39 and 40; found in review s45).
  const from = ageFrom ?? (leapDayRule === 'MARCH_1' ? null : 0);
  const range = { ...(from != null ? { gte: from } : {}), ...(ageTo != null ? { lte: ageTo } : {}) };
  /** The age `field` (MARCH_1), or under FEBRUARY_28 `feb28` where the document has it. */
  const age = (field: string, feb28: string): Record<string, unknown> =>
    leapDayRule === 'MARCH_1'
      ? { range: { [field]: range } }
      : {
          bool: {
            minimum_should_match: 1,
            should: [
              { range: { [feb28]: range } },
              { bool: { filter: [{ range: { [field]: range } }], must_not: [{ exists: { field: feb28 } }] } },
            ],
          },
        };
  return {
    bool: {
      minimum_should_match: 1,
      should: [
        age('ageAtDate', 'ageAtDateFeb28'),
        {
          nested: {
            path: 'parties',
            query: {
              bool: {
                filter: [
                  ...(nationalIds ? [{ terms: { 'parties.nationalId': nationalIds } }] : []),
                  age('parties.age', 'parties.ageFeb28'),
                ],
              },
            },
          },
        },
      ],
    },
  };
}

/**
 * Records of no known age for the persons `nationalIds` (an age window's complement of "known"):
 * no age of their own (ageAtDate) and none of these persons' party ages known. An age window
 * over a person refuses to answer while the person has such records in the rest of the window
 * (types.ts UnknownAgeError).
 */
export function esAgeUnknown(nationalIds: readonly string[]): Record<string, unknown> {
  return {
    bool: {
      must_not: [
        { exists: { field: 'ageAtDate' } },
        {
          nested: {
            path: 'parties',
            query: {
              bool: {
                filter: [
                  { terms: { 'parties.nationalId': nationalIds } },
                  { exists: { field: 'parties.age' } },
                ],
              },
            },
          },
        },
      ],
    },
  };
}

/** The same as a PostgreSQL predicate over search.document `d`. */
export function pgAgeUnknown(
  arg: (v: unknown) => string,
  nationalIds: readonly string[],
  alias = 'd',
): string {
  return `(${alias}.age_at_date IS NULL AND NOT EXISTS (SELECT 1 FROM unnest(${alias}.national_ids, ${alias}.party_ages) AS u(nid, age)
           WHERE u.age IS NOT NULL AND u.nid = ANY(${arg(nationalIds)}::text[])))`;
}

/** Whose age an age window asks: the persons a search is limited to (undefined: over everyone, any party's). */
export function personNids(q: Pick<SearchQuery, 'patientIds' | 'nationalIds'>): string[] | undefined {
  return q.patientIds?.length || q.nationalIds?.length ? (q.nationalIds ?? []) : undefined;
}

/**
 * The same window as a PostgreSQL predicate over search.document `d` (party_ages aligned with
 * national_ids); under FEBRUARY_28 the ages stored for that rule where they differ
 * (age_at_date_feb28, party_ages_feb28: migration 016; esAgeWindow).
 */
export function pgAgeWindow(
  ageFrom: number | null | undefined,
  ageTo: number | null | undefined,
  arg: (v: unknown) => string,
  nationalIds?: readonly string[],
  alias = 'd',
  leapDayRule: LeapDayRule = 'MARCH_1',
): string {
  // No age is below 0; under FEBRUARY_28 this keeps out the archive's -1 "no one age" (esAgeWindow).
  const from = ageFrom ?? (leapDayRule === 'MARCH_1' ? null : 0);
  const bounds = (col: string) =>
    [
      ...(from != null ? [`${col} >= ${arg(from)}::int`] : []),
      ...(ageTo != null ? [`${col} <= ${arg(ageTo)}::int`] : []),
    ].join(' AND ');
  const who = nationalIds ? ` AND u.nid = ANY(${arg(nationalIds)}::text[])` : '';
  if (leapDayRule === 'MARCH_1')
    return `((${bounds(`${alias}.age_at_date`)}) OR EXISTS (SELECT 1 FROM unnest(${alias}.national_ids, ${alias}.party_ages) AS u(nid, age)
           WHERE ${bounds('u.age')}${who}))`;
  return `((${bounds(`coalesce(${alias}.age_at_date_feb28, ${alias}.age_at_date)`)}) OR EXISTS (SELECT 1 FROM unnest(${alias}.national_ids, ${alias}.party_ages, ${alias}.party_ages_feb28) AS u(nid, age, feb28)
           WHERE ${bounds('coalesce(u.feb28, u.age)')}${who}))`;
}

/**
 * Elasticsearch refuses a `terms` query of more than `index.max_terms_count` values (65,536 by
 * default). A journalansvarlig's search leaves out every access-request case of the archive
 * (lib/policy searchExcludedCases), which over the years may pass that: the ids go in clauses
 * of at most TERMS_PER_CLAUSE each.
 */
export const TERMS_PER_CLAUSE = 10_000;

function excludedCaseClauses(ids: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += TERMS_PER_CLAUSE)
    out.push({ terms: { 'refs.saksmappeId': ids.slice(i, i + TERMS_PER_CLAUSE) } });
  return out;
}

/** The must_not clauses of a scope: its excluded cases and excluded documents. */
function excludedClauses(scope: SearchScope): Record<string, unknown>[] {
  const out = scope.excludedCases?.length ? excludedCaseClauses(scope.excludedCases) : [];
  const ids = scope.excludedRecords ?? [];
  for (let i = 0; i < ids.length; i += TERMS_PER_CLAUSE)
    out.push({ terms: { id: ids.slice(i, i + TERMS_PER_CLAUSE) } });
  return out;
}

/**
 * The policy's scope as one Elasticsearch filter clause (no grant: matches nothing). The
 * excluded cases (another case handler's access requests) match under no grant: a record of
 * theirs (journalpost, document page: refs.saksmappeId) is neither hit nor counted.
 */
export function esScope(scope: SearchScope): Record<string, unknown> {
  // No grants: every person (a journalansvarlig), the excluded cases left out.
  const mustNot = excludedClauses(scope);
  if (!scope.grants) return mustNot.length ? { bool: { must_not: mustNot } } : { match_all: {} };
  if (!scope.grants.length) return { match_none: {} };
  return {
    bool: {
      minimum_should_match: 1,
      ...(mustNot.length ? { must_not: mustNot } : {}),
      should: scope.grants.map((g) => {
        const clauses: Record<string, unknown>[] = [
          {
            bool: {
              minimum_should_match: 1,
              should: [{ terms: { patientId: g.patientIds } }, { terms: { nationalIds: g.nationalIds } }],
            },
          },
        ];
        if (g.from || g.to)
          clauses.push({
            range: { localDate: { ...(g.from ? { gte: g.from } : {}), ...(g.to ? { lte: g.to } : {}) } },
          });
        if (g.kinds) clauses.push({ terms: { kind: g.kinds } });
        if (g.notes) {
          const n = g.notes;
          // The grant's age window narrows every record kind, as researchCohort and the extract
          // do (helseforskningsloven § 33; found in review: a grant for ages 13-15 searched
          // coercion and archive records of every age). A record without an age fails it.
          // A case of several parties: the age of the grant's own persons (esAgeWindow).
          if (n.ageFrom != null || n.ageTo != null)
            clauses.push(esAgeWindow(n.ageFrom, n.ageTo, g.nationalIds, n.leapDayRule));
          const note: Record<string, unknown>[] = [{ term: { kind: 'journal_entry' } }];
          if (n.sources?.length) note.push({ terms: { sourceSystem: n.sources } });
          if (n.services?.length) note.push({ terms: { service: n.services } });
          // Sources and services are the notes' own: a record of another kind is not narrowed by them.
          if (note.length > 1)
            clauses.push({
              bool: {
                minimum_should_match: 1,
                should: [
                  { bool: { must_not: [{ term: { kind: 'journal_entry' } }] } },
                  { bool: { filter: note } },
                ],
              },
            });
        }
        return { bool: { filter: clauses } };
      }),
    },
  };
}

/** The policy's scope as a PostgreSQL predicate over search.document `d` (parameters pushed by `arg`; esScope). */
export function pgScope(scope: SearchScope | undefined, arg: (v: unknown) => string, alias = 'd'): string {
  if (!scope) return 'true';
  const excluded =
    (scope.excludedCases?.length
      ? `NOT coalesce(${alias}.refs->>'saksmappeId' = ANY(${arg(scope.excludedCases)}::text[]), false) AND `
      : '') +
    (scope.excludedRecords?.length
      ? `NOT (${alias}.id = ANY(${arg(scope.excludedRecords)}::text[])) AND `
      : '');
  // No grants: every person (a journalansvarlig), the excluded cases left out.
  if (!scope.grants) return `(${excluded}true)`;
  if (!scope.grants.length) return 'false';
  return `(${excluded}(${scope.grants
    .map((g) => {
      const parts = [
        `(${alias}.patient_id = ANY(${arg(g.patientIds)}::text[]) OR ${alias}.national_ids && ${arg(g.nationalIds)}::text[])`,
      ];
      if (g.from) parts.push(`${alias}.local_date >= ${arg(g.from)}::date`);
      if (g.to) parts.push(`${alias}.local_date <= ${arg(g.to)}::date`);
      if (g.kinds) parts.push(`${alias}.kind = ANY(${arg(g.kinds)}::text[])`);
      if (g.notes) {
        const n = g.notes;
        // The age window on every kind (no age: fails); sources and services on notes only (esScope).
        if (n.ageFrom != null || n.ageTo != null)
          parts.push(pgAgeWindow(n.ageFrom, n.ageTo, arg, g.nationalIds, alias, n.leapDayRule));
        const note = [`${alias}.kind = 'journal_entry'`];
        if (n.sources?.length) note.push(`${alias}.source_system = ANY(${arg(n.sources)}::text[])`);
        if (n.services?.length) note.push(`${alias}.service = ANY(${arg(n.services)}::text[])`);
        if (note.length > 1) parts.push(`(${alias}.kind <> 'journal_entry' OR (${note.join(' AND ')}))`);
      }
      return `(${parts.join(' AND ')})`;
    })
    .join(' OR ')}))`;
}

/**
 * Whether a query's source filter (`sources`) also takes a note by the source systems of its
 * earlier versions (IndexDocument.earlierSourceSystems; helsepersonelloven § 42, pasientjournalloven
 * § 22; stop 46): a Profil note that Helseplattformen corrected is now HP's, and its Profil wording
 * lives on as its earlier version; a lawyer filtering on PROFIL finds it. Only where the earlier
 * versions are searched at all: the caller's policy allows them (AccessPolicy.earlierVersions: a
 * legal matter or case handling, never a researcher) and the query has not switched the `earlier`
 * expansions off (by the caller, or the clause budget's retry). The policy's own scope (a research
 * grant's sources, esScope/pgScope) stays the note's own source.
 */
export function earlierSourcesCount(q: Pick<SearchQuery, 'earlierVersions' | 'disabled'>): boolean {
  return !!q.earlierVersions && !(q.disabled ?? []).includes('earlier');
}

/** Elasticsearch filter clauses for the non-text parts of a query (pushed into the query, so paging stays right). */
export function esFilters(q: SearchQuery): Record<string, unknown>[] {
  const f: Record<string, unknown>[] = [];
  const person: Record<string, unknown>[] = [];
  if (q.patientIds?.length) person.push({ terms: { patientId: q.patientIds } });
  if (q.nationalIds?.length) person.push({ terms: { nationalIds: q.nationalIds } });
  if (person.length) f.push({ bool: { should: person, minimum_should_match: 1 } });
  if (q.from || q.to)
    f.push({ range: { localDate: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } });
  // A person's search asks that person's age on a case of several parties; over everyone, any party's.
  if (q.ageFrom != null || q.ageTo != null)
    f.push(esAgeWindow(q.ageFrom, q.ageTo, personNids(q), q.leapDayRule));
  if (q.sources?.length)
    f.push(
      earlierSourcesCount(q)
        ? {
            bool: {
              minimum_should_match: 1,
              should: [
                { terms: { sourceSystem: q.sources } },
                { terms: { earlierSourceSystems: q.sources } },
              ],
            },
          }
        : { terms: { sourceSystem: q.sources } },
    );
  if (q.kinds?.length) f.push({ terms: { kind: q.kinds } });
  if (q.scope) f.push(esScope(q.scope));
  // A note deleted or moved whose change the indexer has not yet written (helsepersonelloven §§ 43-44).
  if (q.pendingRemovals?.length) f.push({ bool: { must_not: [{ ids: { values: q.pendingRemovals } }] } });
  return f;
}

/** The same as a PostgreSQL predicate over search.document `d` (esFilters' pendingRemovals). */
export function pgPendingRemovals(
  q: Pick<SearchQuery, 'pendingRemovals'>,
  arg: (v: unknown) => string,
): string {
  return q.pendingRemovals?.length ? `NOT (d.id = ANY(${arg(q.pendingRemovals)}::text[]))` : 'true';
}

/** The more-like-this seeds a query may use: never a note deleted or moved and not yet removed from the index. */
export function likeSeeds(q: Pick<SearchQuery, 'like' | 'pendingRemovals'>): string[] {
  const removed = new Set(q.pendingRemovals ?? []);
  return (q.like ?? []).filter((id) => !removed.has(id));
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new Error('invalid cursor');
}
