/**
 * The statistics queries of the `reporting` role (issue 16), shared by the subgraphs that
 * serve one: each owning subgraph counts its own records in SQL (`cube`: GROUP BY the block
 * and CUBE over the dimensions, so every total and its distinct-person count come from the
 * database), then the table is protected (disclosure.ts) and filtered, in that order.
 * Who may ask: `ACTIONS.statistics` (reporting, archivist). Every read is logged, as every
 * other access is (pasientjournalforskriften § 14: every access is logged; personopplysningsloven
 * art. 5 (2): accountability; the tables are made from health records): a
 * table carries no patient, so its row is under the patient key `*` (as a refusal of a whole
 * record kind is, lib/audit.ts), entity type `statistics`, and the entity id names the table
 * and the filter it was asked with. Refusals are logged too (requireAction). The statistics
 * CLI (statistics-cli.ts) writes the same row (as `cli:<user>`, role reporting).
 */
import type { Db, Queryable } from '../db';
import type { SubgraphContext } from '../subgraph';
import {
  applyFilter,
  checkFilter,
  protect,
  toCsv,
  type BlockPeriod,
  type CubeRow,
  type ProtectedTable,
  type StatisticsFilterInput,
  SMALL_CELL_MAX,
} from './disclosure';
import { statisticsSvg } from './statistics-svg';
import { WALK } from './store';
import { H_NUMBER_PATTERN } from '../national-id';

/** What a category the source leaves empty is called in a table. */
export const UNKNOWN = 'ukjent';

/**
 * What a rare category of the source's own words is called in a table (`freeText`).
 *
 * Rule (statistikkloven § 7, personopplysningsloven art. 5 (1) c, the threshold of
 * disclosure.ts): a category label that is the source's own words — a unit's name, a measure,
 * a decision type, as the source system wrote them — is published only when the category
 * counts more than SMALL_CELL_MAX records, and more than SMALL_CELL_MAX people, over the
 * whole table (every block, whatever period the query asks); every other such label is
 * published as 'annet'. Suppression hides a cell's count, not its label, and a label of a
 * few people's records can itself say who they are: a unit named after the one person it
 * serves, a measure written as a sentence about what was done to whom (found in review). A
 * common category's name says nothing of anyone. Counted over the whole table, not the
 * period asked, so the grouping is the same in every answer and two periods cannot be
 * subtracted through it (disclosure.ts, fixed granularity); it changes only as the data do.
 * A filter by a grouped label's own words finds nothing, as an unknown name does. Labels the
 * code makes (verdicts, deadlines, outcomes, source systems, quarantine reasons through
 * `reasonCategory`) are not the source's words and are published as they are.
 */
export const OTHER = 'annet';

/** A dimension whose categories are the source's own words: grouped by the rule of OTHER. */
export interface FreeTextDimension {
  freeText: string;
}
export const freeText = (expr: string): FreeTextDimension => ({ freeText: expr });

/**
 * A quarantine reason as a category: the text before its first ':' with every word that
 * carries a record's particulars — digits (ids, national ids, line numbers), quotes, paths,
 * file names — replaced by '…'. Importers write reasons such as `unknown decision id
 * V-1999-999` or `size mismatch for DOKUMENT/12.pdf: …`; the label of a published category
 * must not name a record (and the per-record variants would each be a cell of 1).
 */
export const reasonCategory = (expr: string) =>
  `btrim(regexp_replace(split_part(${expr}, ':', 1), '\\S*[0-9"\\x27/\\\\._]\\S*', '…', 'g'))`;

export interface StatisticsSpec {
  title: string;
  unit: string;
  grain: 'month' | 'year';
  dimensions: string[];
}

/** Resolvers of the StatisticsTable type, the same in every subgraph that serves it. */
export const statisticsTableResolvers = {
  csv: (t: ProtectedTable) => toCsv(t),
  svg: (t: ProtectedTable) => statisticsSvg(t),
};

/** A statistics table of a subgraph: what it counts, and the SQL that counts it. */
export interface StatisticsDefinition {
  spec: StatisticsSpec;
  load(db: Queryable, period: BlockPeriod): Promise<CubeRow[]>;
}

/** Checks the filter, counts (load), protects the blocks, then applies the cell filters. */
export async function buildStatistics(
  db: Queryable,
  def: StatisticsDefinition,
  filter: StatisticsFilterInput | null | undefined,
): Promise<ProtectedTable> {
  const { spec } = def;
  const period = checkFilter(filter, spec.grain, spec.dimensions);
  const rows = await def.load(db, period);
  const table = protect(
    { title: spec.title, unit: spec.unit, blockDimension: spec.grain, dimensions: spec.dimensions },
    rows,
  );
  return applyFilter(table, filter);
}

/** The access log's entity id of a statistics read: the table, then the filter as asked (JSON). */
export const statisticsLogId = (name: string, filter: StatisticsFilterInput | null | undefined) =>
  `${name} ${JSON.stringify(filter ?? {})}`;

/** The GraphQL resolver's part: the role (ACTIONS.statistics), then buildStatistics, then the access-log row (the table's name in `tables`, as the CLI names it). */
export async function statisticsTable<T extends Record<string, StatisticsDefinition>>(
  ctx: SubgraphContext,
  filter: StatisticsFilterInput | null | undefined,
  tables: T,
  name: keyof T & string,
): Promise<ProtectedTable> {
  ctx.policy.requireAction(ctx.audit, 'statistics'); // a refusal is logged under `*`
  const table = await buildStatistics(ctx.db, tables[name]!, filter);
  ctx.audit.record('*', 'statistics', [statisticsLogId(name, filter)]);
  return table;
}

/**
 * The person a row of a reporting table concerns, as the table names it: a patient record
 * (`record`, an SQL expression giving journal.patient.id) or a national id (`nationalId`, for
 * records kept by national id alone: coercion).
 *
 * Rule (statistikkloven § 7, personopplysningsloven art. 5 (1) c; DOMAIN.md "Aggregates"): the
 * people behind a cell are persons, not records: the patient records an archivist or an import
 * has linked as one person (journal.patient_link, not unlinked) count once, as the research
 * cohort counts them (its persons are the same walk over links: store.ts `WALK`, expandPersons;
 * the small-cell rule of research search, search-counts.ts, maps each record id and national id
 * to its cohort person). A national id is the person of the one record that carries it
 * (journal.patient.national_id is unique), so also of the records linked to that one; any
 * other national id is a person of its own. Counting each record (or each national
 * id) as a person counted a person with an HP record and a linked legacy record without
 * national id twice, and published a cell of 6 notes of 3 persons (found in review s31).
 * The key is never published: only the number of distinct keys of a cell is.
 * `nationalIdElseRecord` ([national id, record id] expressions): the national id's person where
 * the row has one, else the record's (an access request filed under its patient record alone, a
 * person known by an H-nummer only: archive migration 026). Keyed on the national id alone, such
 * a row had no key and its person was not counted; two institutions' persons of one H-nummer are
 * two records, so two persons. An H-nummer in the national id's place (an access request stored
 * before 2c33faf, when the input check took one as patientNationalId; archive migration 028) is
 * no national id (pasientjournalloven § 22: it names a person within one institution only): the
 * row counts by its record too. Keyed on the bare number, two institutions' persons of it counted
 * as one, and a request filed under the record alone as another person than one stored with the
 * number (review of stop 36).
 */
export type PersonOf =
  { record: string } | { nationalId: string } | { nationalIdElseRecord: [string, string] };

/**
 * CTEs `linked_person(id, person)`: each patient record that has a link, and the least record
 * id of its person (the records it is linked to, transitively); `linked_national_id
 * (national_id, person)`: the same for the national ids those records carry. A record without
 * a link is its own person, and so is a national id of no linked record (`nid:<id>`): neither
 * is listed. Follows a `WITH RECURSIVE`.
 */
const LINKED_PERSON = `
  seed AS (
    SELECT id AS grp, id FROM (
      SELECT patient_a AS id FROM journal.patient_link WHERE unlinked_at IS NULL
      UNION SELECT patient_b FROM journal.patient_link WHERE unlinked_at IS NULL) r),${WALK},
  linked_person AS (SELECT grp AS id, min(member) AS person FROM walk GROUP BY grp),
  linked_national_id AS (
    SELECT p.national_id, lp.person FROM linked_person lp JOIN journal.patient p ON p.id = lp.id
     WHERE p.national_id IS NOT NULL)`;

/** `sub` (a subquery with a column `person`, the row's PersonOf expression) with the row's person key as `person_key`. */
function withPersonKey(sub: string, person: PersonOf | null): string {
  if (!person) return `(SELECT x.*, NULL::text AS person_key FROM (${sub}) x)`;
  if ('record' in person)
    return `(SELECT x.*, coalesce(lp.person, x.person) AS person_key
               FROM (${sub}) x LEFT JOIN linked_person lp ON lp.id = x.person)`;
  // personRef gives 'rec:<record id>' for a row without a national id, or with an H-nummer in its place
  // (no national id starts so).
  if ('nationalIdElseRecord' in person)
    return `(SELECT x.*, CASE WHEN x.person LIKE 'rec:%' THEN coalesce(lp.person, substr(x.person, 5))
                              ELSE coalesce(ln.person, 'nid:' || x.person) END AS person_key
               FROM (${sub}) x
               LEFT JOIN linked_person lp ON x.person LIKE 'rec:%' AND lp.id = substr(x.person, 5)
               LEFT JOIN linked_national_id ln ON ln.national_id = x.person)`;
  return `(SELECT x.*, coalesce(ln.person, 'nid:' || x.person) AS person_key
             FROM (${sub}) x LEFT JOIN linked_national_id ln ON ln.national_id = x.person)`;
}

const personRef = (person: PersonOf | null) =>
  person === null
    ? 'NULL'
    : 'record' in person
      ? person.record
      : 'nationalId' in person
        ? person.nationalId
        : `CASE WHEN ${person.nationalIdElseRecord[0]} IS NULL OR ${person.nationalIdElseRecord[0]} ~ '${H_NUMBER_PATTERN}'
                THEN 'rec:' || ${person.nationalIdElseRecord[1]} ELSE ${person.nationalIdElseRecord[0]} END`;

/**
 * Counts rows of `source` (a FROM … [WHERE …] clause) per block and every combination of
 * the dimensions and their totals. `block` and `dims` are SQL expressions over the source; a
 * dimension that is null or empty counts as 'ukjent', and a `freeText` dimension's rare
 * categories as 'annet' (OTHER), counted over `labelSource` (a FROM clause over every record
 * of the table, without the period; default `source`, which must then not narrow by period
 * itself). `person`: the person a row concerns (PersonOf; null: the rows name no person),
 * counted as the linked person. The period (`$1`, `$2`: first and last block, inclusive) is
 * applied to the block; `params` follow.
 */
export async function cube(
  db: Queryable,
  q: {
    source: string;
    block: string;
    dims: (string | FreeTextDimension)[];
    person: PersonOf | null;
    labelSource?: string;
  },
  period: BlockPeriod,
  params: unknown[] = [],
): Promise<CubeRow[]> {
  const ks = q.dims.map((_, i) => `k${i}`);
  const category = (d: string) => `coalesce(nullif(btrim((${d})::text), ''), '${UNKNOWN}')`;
  const ref = personRef(q.person);
  // The labels of each free-text dimension that count more than the threshold over the table.
  const shown = q.dims.flatMap((d, i) =>
    typeof d === 'string'
      ? []
      : [
          `shown${i} AS (SELECT k FROM ${withPersonKey(
            `SELECT ${category(d.freeText)} AS k, (${ref})::text AS person ${q.labelSource ?? q.source}`,
            q.person,
          )} l
                         GROUP BY k HAVING count(*) > ${SMALL_CELL_MAX}
                            ${q.person ? `AND count(DISTINCT person_key) > ${SMALL_CELL_MAX}` : ''})`,
        ],
  );
  const ctes = [...(q.person ? [LINKED_PERSON] : []), ...shown];
  const inner = [
    `(${q.block}) AS block`,
    ...q.dims.map((d, i) =>
      typeof d === 'string'
        ? `${category(d)} AS k${i}`
        : `CASE WHEN ${category(d.freeText)} IN (SELECT k FROM shown${i}) THEN ${category(d.freeText)}
                ELSE '${OTHER}' END AS k${i}`,
    ),
    `(${ref})::text AS person`,
  ].join(', ');
  const sql = `${ctes.length ? `WITH RECURSIVE ${ctes.join(', ')}` : ''}
     SELECT block, ${ks.join(', ')}${ks.length ? ',' : ''} count(*) AS count,
            ${q.person ? 'count(DISTINCT person_key)' : 'NULL'} AS persons
       FROM ${withPersonKey(`SELECT ${inner} ${q.source}`, q.person)} s
      WHERE ($1::text IS NULL OR block >= $1) AND ($2::text IS NULL OR block <= $2)
      GROUP BY block${ks.length ? `, CUBE(${ks.join(', ')})` : ''}
      ORDER BY 1`;
  type Row = { block: string; count: string; persons: string | null } & Record<string, string>;
  const read = (x: Queryable) => x.query<Row>(sql, [period.from, period.to, ...params]);
  // Without just-in-time compilation, as cohortOf (grant-store.ts): the planner prices the
  // recursive walk over links at millions of rows whatever it holds, and JIT compilation
  // then took 7.5 s of a 10.4 s coercion cube (55,000 executions, 2,000 links).
  const r =
    q.person && 'transaction' in db
      ? await (db as Db).transaction(async (tx) => {
          await tx.query('SET LOCAL jit = off');
          return read(tx);
        })
      : await read(db);
  return r.rows.map((x) => ({
    block: x.block,
    keys: ks.map((k) => x[k] ?? null),
    count: Number(x.count),
    persons: x.persons === null ? null : Number(x.persons),
  }));
}
