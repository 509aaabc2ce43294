/**
 * Research extracts (utlevering): the approved variables of a grant's cohort as CSV and
 * Parquet, with a manifest, recorded in the disclosure log.
 *
 * Sources: helseforskningsloven § 33 and helsepersonelloven § 29 (only what the approval
 * covers leaves, to the project it names); personopplysningsloven art. 5 (2) and art. 30
 * (accountability: what went to whom under which approval is recorded); art. 89 (1)
 * (pseudonyms, data minimisation). See research.ts for the grant rules and deidentify.ts
 * for the free text.
 *
 * It streams: rows come from a PostgreSQL cursor in batches of 5,000, each batch goes to
 * the CSV file (waiting for the disk) and into the current Parquet row group (written every
 * 50,000 rows), so memory does not grow with the extract (bench/extract.ts: 10⁶ rows).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { parse as parseCsv } from 'csv-parse';
import type { Db, Queryable } from '../db';
import { deidentifier, maskCode } from './deidentify';
import { csvCell } from '../csv';
import { ONE_SYSTEM_DECISION, PATIENT_KEYS, uncountedExecutionIds } from '../../subgraphs/coercion/store';
import { HELP_NUMBER_KEYS_SQL } from '../../subgraphs/journal/help-numbers';
import { CASES_AS_PARTY_SQL } from '../../subgraphs/archive/store';
import {
  cohortOf,
  COHORT_TODAY_SQL,
  disclosures,
  PERSON_FACTS_SQL,
  insertDisclosure,
  latestGrant,
  type DisclosureRow,
} from './grant-store';
import {
  RESEARCH_VARIABLES,
  approvalOf,
  grantProblem,
  pseudonym,
  renderDate,
  shiftDays,
  type GrantRow,
  type ResearchVariable,
  sqlAge,
  sqlBirthday,
  leapDayRuleOf,
} from './research';
import type { LeapDayRule } from '../age-window';

type Table = (typeof RESEARCH_VARIABLES)[ResearchVariable]['table'];

interface TableSpec {
  /** SQL selecting person_key, patient_id (for the de-identifier) and every column of the table, ordered by person. */
  sql: string;
  ints?: readonly string[];
}

/** Local date of a timestamptz column, as text. */
const localDate = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD')`;

/**
 * The cohort as of today's links (grant-store.ts COHORT_TODAY_SQL: an unlink since takes the
 * other person out), with each person's place in the extract (`o.n`): $3 is the cohort's person
 * keys in the order of their pseudonyms (buildExtract). Every table is ordered by it, never by
 * the person key: that is the person's first national id, a fødselsnummer starting DDMMYY, so
 * rows in its order gave each person's day of birth relative to the others' where the grant
 * gives the birth year only (personopplysningsloven art. 89 (1), helseforskningsloven § 33;
 * found in review s33). A person not in $3 (linked or unlinked between the two reads) is
 * neither in the manifest's count nor in a table.
 */
const COHORT = `(${COHORT_TODAY_SQL}) c JOIN unnest($3::text[]) WITH ORDINALITY AS o(person_key, n) ON o.person_key = c.person_key`;
/**
 * The same with the keys each person's coercion records are found by (`hk.keys`): their national
 * ids and their records' H-numbers under the records' sources (subgraphs/coercion/store.ts
 * helpNumberKey: one organisation's number, pasientjournalloven § 22), as the coercion subgraph
 * finds them; never a bare H-nummer, which other organisations may have given to other people.
 */
const COHORT_KEYED = `${COHORT} CROSS JOIN LATERAL (SELECT c.national_ids || ${HELP_NUMBER_KEYS_SQL('c.patient_ids')} AS keys) hk`;
const IN_COHORT = `c.grant_id = $1 AND c.version = $2`;
/**
 * The cohort definition's record filter on journal notes (period, age window, sources,
 * services), over the current notes only, as researchCohort (research-resolvers.ts
 * noteFilter; helsepersonelloven §§ 42-43). `p` is the person's facts (PERSON_FACTS): the age
 * window uses the person's birth date, as the persons table gives it (helseforskningsloven § 33;
 * review s42 law).
 */
const NOTE_FILTER = (rule: LeapDayRule) => `
  AND e.status = 'current' AND e.deleted_at IS NULL
  AND ($4::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= $4::date)
  AND ($5::date IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date <= $5::date)
  AND ($6::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date >= ${sqlBirthday('p.birth_date', '$6::int', rule)})
  AND ($7::int IS NULL OR (e.dated_at AT TIME ZONE 'Europe/Oslo')::date < ${sqlBirthday('p.birth_date', '$7::int + 1', rule)})
  AND ($8::text[] IS NULL OR e.source_system = ANY($8::text[]))
  AND ($9::text[] IS NULL OR e.service = ANY($9::text[]))`;
/** The same on care contacts (research-resolvers.ts contactFilter): journal records of a service too. */
const CONTACT_FILTER = (rule: LeapDayRule) => `
  AND ($4::date IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date >= $4::date)
  AND ($5::date IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date <= $5::date)
  AND ($6::int IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date >= ${sqlBirthday('p.birth_date', '$6::int', rule)})
  AND ($7::int IS NULL OR (k.period_start AT TIME ZONE 'Europe/Oslo')::date < ${sqlBirthday('p.birth_date', '$7::int + 1', rule)})
  AND ($8::text[] IS NULL OR k.source_system = ANY($8::text[]))
  AND ($9::text[] IS NULL OR k.service = ANY($9::text[]))`;
/**
 * The grant's period and age window on a coercion or archive record by its date, as
 * researchCohort (research-resolvers.ts recordWindow; helseforskningsloven § 33). The query
 * joins the person's birth date as p (PERSON_FACTS), as the persons table does.
 */
const RECORD_WINDOW = (col: string, rule: LeapDayRule) => `
  AND ($4::date IS NULL OR ${col} >= $4::date) AND ($5::date IS NULL OR ${col} <= $5::date)
  AND ($6::int IS NULL OR ${col} >= ${sqlBirthday('p.birth_date', '$6::int', rule)})
  AND ($7::int IS NULL OR ${col} < ${sqlBirthday('p.birth_date', '$7::int + 1', rule)})`;
/**
 * An execution that counts: not the record the journalansvarlig recorded as the same execution as
 * another (coercion.same_execution, coercion migration 018; subgraphs/coercion/same-execution.ts).
 * hol. § 9-7: each execution is documented, once; helseforskningsloven § 33: a researcher is given
 * the executions, as the report, coercionStatistics and the dossier count them, not each
 * registration of one (review s45: researchCohort and the extract gave both records of a marked
 * pair, one execution twice with twice its minutes). The record not counted stays in the coercion
 * room (helsepersonelloven § 42); its pair's counted record is the row. `x` is the execution's alias.
 */
export const COUNTED_EXECUTION = (x: string, uncounted?: readonly string[]) =>
  `NOT (${x}.id = ANY(${uncounted ? sqlTextArray(uncounted) : UNCOUNTED_MARK}))`;
/**
 * The records not counted are those of a marking in force now (subgraphs/coercion/store.ts
 * uncountedExecutionIds: its two records still one person's; an unlink takes it out of force, and
 * both are counted again: review s45). TABLES is built once, so its SQL carries this mark, which
 * the extract replaces with the list read when it runs.
 */
const UNCOUNTED_MARK = '/*uncounted executions*/';
/** A text array literal: each id quoted, its single quotes doubled (standard_conforming_strings). */
function sqlTextArray(ids: readonly string[]): string {
  return `ARRAY[${ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}
/** The table's SQL under the grant's leap-day rule, with the records not counted now in place of UNCOUNTED_MARK. */
async function tableSql(db: Queryable, table: Table, rule: LeapDayRule): Promise<string> {
  const sql = TABLES_BY_RULE[rule][table].sql;
  return sql.includes(UNCOUNTED_MARK)
    ? sql.replaceAll(UNCOUNTED_MARK, sqlTextArray(await uncountedExecutionIds(db)))
    : sql;
}
/** The person's birth date (and gender, death date) as `p`: each from the first record that states it. */
const PERSON_FACTS = `CROSS JOIN LATERAL (${PERSON_FACTS_SQL('c.patient_ids')}) p`;

/**
 * The tables' SQL under a leap-day rule (research.ts leapDayRuleOf: the grant's age window and a
 * note's age place a 29 February birthday by the rule its cohort definition names; stop 46).
 */
const tablesFor = (rule: LeapDayRule): Record<Table, TableSpec> => ({
  persons: {
    sql: `SELECT c.person_key, c.patient_ids[1] AS patient_id, extract(year FROM p.birth_date)::int AS birth_year, p.gender,
                 to_char(p.death_date, 'YYYY-MM-DD') AS death_date
            FROM ${COHORT} ${PERSON_FACTS}
           WHERE ${IN_COHORT} ORDER BY o.n`,
    ints: ['birth_year'],
  },
  journal: {
    // written_at is the date of the care the note documents (journal migration 005 dated_at: an
    // amended note's care period start, not the correction's time; stop 42), as the window reads it.
    sql: `SELECT c.person_key, e.patient_id, ${localDate('e.dated_at')} AS written_at,
                 ${sqlAge("(e.dated_at AT TIME ZONE 'Europe/Oslo')::date", 'p.birth_date', rule)} AS age,
                 e.entry_type AS type, e.service, e.source_system, e.text
            FROM ${COHORT} JOIN journal.journal_entry e ON e.patient_id = ANY (c.patient_ids)
            ${PERSON_FACTS}
           WHERE ${IN_COHORT} ${NOTE_FILTER(rule)}
           ORDER BY o.n, e.dated_at, e.id`,
    ints: ['age'],
  },
  care_contacts: {
    sql: `SELECT c.person_key, k.patient_id, ${localDate('k.period_start')} AS start, k.service, k.contact_class
            FROM ${COHORT} JOIN journal.care_contact k ON k.patient_id = ANY (c.patient_ids)
            ${PERSON_FACTS}
           WHERE ${IN_COHORT} ${CONTACT_FILTER(rule)}
           ORDER BY o.n, k.period_start, k.id`,
  },
  decisions: {
    sql: `SELECT c.person_key, c.patient_ids[1] AS patient_id, d.legal_basis, array_to_string(d.measures, ';') AS measures,
                 to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to
            FROM ${COHORT_KEYED} JOIN coercion.decision d
              ON ${PATIENT_KEYS('d.patient_nid', 'd.source_system', ONE_SYSTEM_DECISION('d'), 'hk.keys')} ${PERSON_FACTS}
           WHERE ${IN_COHORT} ${RECORD_WINDOW('d.valid_from', rule)}
           ORDER BY o.n, d.valid_from, d.id`,
  },
  executions: {
    sql: `SELECT c.person_key, c.patient_ids[1] AS patient_id, x.measure, ${localDate('x.start_at')} AS start,
                 (extract(epoch FROM x.end_at - x.start_at) / 60)::int AS minutes, x.description
            FROM ${COHORT_KEYED} JOIN coercion.execution x
              ON ${PATIENT_KEYS('x.patient_nid', 'x.source_system', 'true', 'hk.keys')} ${PERSON_FACTS}
           WHERE ${IN_COHORT} AND ${COUNTED_EXECUTION('x')} ${RECORD_WINDOW(`(x.start_at AT TIME ZONE 'Europe/Oslo')::date`, rule)}
           ORDER BY o.n, x.start_at, x.id`,
    ints: ['minutes'],
  },
  cases: {
    sql: `SELECT DISTINCT ON (o.n, s.saksdato, s.id) c.person_key, c.patient_ids[1] AS patient_id,
                 to_char(s.saksdato, 'YYYY-MM-DD') AS saksdato, s.saksstatus, k.klasse_id AS klasse, s.tittel
            FROM ${COHORT} CROSS JOIN LATERAL (${CASES_AS_PARTY_SQL('c.national_ids', 'c.patient_ids')}) cp
            JOIN archive.saksmappe s ON s.id = cp.saksmappe_id
            LEFT JOIN archive.klasse k ON k.id = s.klasse_ref ${PERSON_FACTS}
           WHERE ${IN_COHORT} ${RECORD_WINDOW('s.saksdato', rule)}
           ORDER BY o.n, s.saksdato, s.id`,
  },
});
const TABLES_BY_RULE: Record<LeapDayRule, Record<Table, TableSpec>> = {
  MARCH_1: tablesFor('MARCH_1'),
  FEBRUARY_28: tablesFor('FEBRUARY_28'),
};
/** The tables (MARCH_1's SQL; the columns, integer columns and parameters are the same under either rule). */
export const TABLES = TABLES_BY_RULE.MARCH_1;

/** The approved columns per table, in the closed list's order. */
export function approvedColumns(
  g: Pick<GrantRow, 'variables'>,
): Map<Table, { variable: ResearchVariable; column: string }[]> {
  const out = new Map<Table, { variable: ResearchVariable; column: string }[]>();
  for (const [v, info] of Object.entries(RESEARCH_VARIABLES) as [
    ResearchVariable,
    (typeof RESEARCH_VARIABLES)[ResearchVariable],
  ][]) {
    if (!g.variables.includes(v)) continue;
    const l = out.get(info.table) ?? [];
    l.push({ variable: v, column: info.column });
    out.set(info.table, l);
  }
  return out;
}

function queryArgs(g: GrantRow, order: readonly string[]): unknown[] {
  const c = g.cohort;
  return [
    g.id,
    g.version,
    order,
    c.periodFrom ?? null,
    c.periodTo ?? null,
    c.ageFrom ?? null,
    c.ageTo ?? null,
    c.sources?.length ? c.sources : null,
    c.services?.length ? c.services : null,
  ];
}

/** The cohort's person keys in the order of their pseudonyms under the grant's pseudonym scope ($3 of TABLES: COHORT). */
export function pseudonymOrder(scope: string, personKeys: readonly string[]): string[] {
  return personKeys
    .map((k) => [pseudonym(scope, k), k] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, k]) => k);
}

/**
 * The manifest's note on the pseudonyms (research.ts pseudonymScopeOf; personopplysningsloven
 * art. 89 (1), GDPR art. 4 (5)): project-scoped since policy migration 011, a grant of before
 * it keyed by its grant id as its earlier extracts were.
 */
export function pseudonymNote(grant: GrantRow): string {
  return grant.pseudonym_scope.startsWith('project:')
    ? `pseudonym = HMAC-SHA256(server key, project ${grant.pseudonym_scope.slice('project:'.length)}, person); the same in every grant of the project and its versions, different in every other project`
    : 'pseudonym = HMAC-SHA256(server key, grant id, person); stable within the grant and its versions (registered before project-scoped pseudonyms), different in every other grant and project';
}

/** The person whose free text is de-identified: their patient records and national ids (a cohort person). */
export interface IdentityOf {
  patient_ids: readonly string[];
  national_ids: readonly string[];
}

/**
 * Names and national ids the records know for this person, for the de-identifier of every
 * free text a researcher reads (helseforskningsloven § 33, personopplysningsloven art. 89 (1):
 * deidentify.ts masks "the names the record knows"; helsepersonelloven § 21: that a relative
 * asked for the record, or who held the patient, is confidential):
 * - the journal: the patient, registered related persons, note authors;
 * - the archive, for the cases that concern the person (archive.subject_part) and their access
 *   requests: every party of those cases (archive.part part_navn and part_id; not the
 *   placeholder "Pasienten" the registration writes when no name is given), each request's
 *   requester (name and national id), and the correspondents and parties of the cases'
 *   journalposts (korrespondansepartNavn, partNavn); a case title names them ("Begjæring om
 *   innsyn i journal – <requester>": found in review s31);
 * - coercion: the staff who carried out the person's executions (executed_by: HPR or employee
 *   numbers, and the staff identities mapped to them), by their practitioner names
 *   (journal.practitioner), which an execution's description may name.
 * A room not migrated in this database (a subgraph started on its own) adds nothing.
 */
export async function knownIdentity(db: Queryable, person: IdentityOf) {
  const patientIds = [...person.patient_ids];
  const nationalIds = [...person.national_ids];
  const r = await db.query<{
    names: string[] | null;
    nids: string[] | null;
    archive: boolean;
    coercion: boolean;
  }>(
    `SELECT to_regclass('archive.subject_part') IS NOT NULL AS archive,
            to_regclass('coercion.staff_identity') IS NOT NULL AS coercion,
            ARRAY(SELECT given_name || ' ' || family_name FROM journal.patient WHERE id = ANY($1)
                  UNION SELECT name FROM journal.related_person WHERE patient_id = ANY($1)
                  UNION SELECT DISTINCT author_name FROM journal.journal_entry WHERE patient_id = ANY($1) AND author_name IS NOT NULL) AS names,
            ARRAY(SELECT national_id FROM journal.patient WHERE id = ANY($1) AND national_id IS NOT NULL
                  UNION SELECT national_id FROM journal.related_person WHERE patient_id = ANY($1) AND national_id IS NOT NULL) AS nids`,
    [patientIds],
  );
  const names = new Set(r.rows[0]?.names ?? []);
  const nids = new Set(r.rows[0]?.nids ?? []);
  // Asked only where the room is migrated: a failed query would end the extract's transaction.
  const more = async (sql: string, args: unknown[]) => {
    const x = (await db.query<{ names: string[] | null; nids: string[] | null }>(sql, args)).rows[0];
    for (const n of x?.names ?? []) if (n?.trim()) names.add(n);
    for (const n of x?.nids ?? []) if (n) nids.add(n);
  };
  if (r.rows[0]?.archive)
    await more(
      `WITH cases AS (
       SELECT saksmappe_id FROM archive.subject_part WHERE part_id = ANY($2)
       UNION SELECT saksmappe_id FROM archive.access_request WHERE patient_id = ANY($1) OR patient_national_id = ANY($2))
     SELECT ARRAY(SELECT part_navn FROM archive.part WHERE saksmappe_id IN (SELECT saksmappe_id FROM cases) AND part_navn <> 'Pasienten'
                  UNION SELECT requester_name FROM archive.access_request WHERE saksmappe_id IN (SELECT saksmappe_id FROM cases)
                  UNION SELECT jsonb_path_query(j.complex, 'lax $.korrespondansepart[*].korrespondansepartNavn[*]') #>> '{}'
                          FROM archive.journalpost j WHERE j.saksmappe_id IN (SELECT saksmappe_id FROM cases)
                  UNION SELECT jsonb_path_query(j.complex, 'lax $.part[*].partNavn[*]') #>> '{}'
                          FROM archive.journalpost j WHERE j.saksmappe_id IN (SELECT saksmappe_id FROM cases)) AS names,
            ARRAY(SELECT part_id FROM archive.part WHERE saksmappe_id IN (SELECT saksmappe_id FROM cases) AND part_id IS NOT NULL
                  UNION SELECT requester_national_id FROM archive.access_request
                         WHERE saksmappe_id IN (SELECT saksmappe_id FROM cases) AND requester_national_id IS NOT NULL) AS nids`,
      [patientIds, nationalIds],
    );
  if (r.rows[0]?.coercion)
    await more(
      // The person's executions under their national ids and their records' H-number keys (COHORT_KEYED).
      `WITH staff AS (SELECT DISTINCT unnest(executed_by) AS id FROM coercion.execution
                       WHERE ${PATIENT_KEYS('patient_nid', 'source_system', 'true', `($1::text[] || ${HELP_NUMBER_KEYS_SQL('$2::text[]')})`)}),
          keys AS (SELECT id FROM staff UNION SELECT s.person_key FROM coercion.staff_identity s JOIN staff ON staff.id = s.staff_id)
     SELECT ARRAY(SELECT unnest(ARRAY[p.display_name, p.given_name || ' ' || p.family_name, p.family_name])
                    FROM journal.practitioner p
                   WHERE p.id IN (SELECT id FROM keys) OR p.hpr_number IN (SELECT id FROM keys)
                      OR p.employee_number IN (SELECT id FROM keys)) AS names,
            NULL::text[] AS nids`,
      [nationalIds, patientIds],
    );
  return { names: [...names], nationalIds: [...nids] };
}

/**
 * Turns one raw row into its research form: pseudonym, approved columns only, dates at the
 * grant's precision (shifted per person for SHIFTED), free text de-identified.
 */
export class RowShaper {
  private person: string | null = null;
  private shift = 0;
  private pseudo = '';
  private clean: ((t: string | null) => string | null) | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly grant: GrantRow,
    private readonly cols: { variable: ResearchVariable; column: string }[],
  ) {}

  private async enter(personKey: string): Promise<void> {
    if (personKey === this.person) return;
    this.person = personKey;
    this.pseudo = pseudonym(this.grant.pseudonym_scope, personKey);
    this.shift =
      this.grant.date_precision === 'SHIFTED' ? shiftDays(this.grant.pseudonym_scope, personKey) : 0;
    this.clean = null;
  }

  async shape(
    row: Record<string, unknown>,
    personOf: (key: string) => IdentityOf,
  ): Promise<(string | number | null)[]> {
    await this.enter(row.person_key as string);
    const out: (string | number | null)[] = [this.pseudo];
    for (const { variable, column } of this.cols) {
      const info = RESEARCH_VARIABLES[variable] as { date?: boolean; freeText?: boolean };
      const v = row[column] as string | number | null;
      if (info.date) out.push(renderDate(v as string | null, this.grant.date_precision, this.shift));
      else if (typeof v === 'string') {
        // Free text, and a code too: a code can hold a national id (a personmappe's klasse) or
        // the person's name (a unit named after the one person it serves: found in review s33),
        // so the record's names and national ids are masked in both (research-resolvers.ts codeMaskOf).
        if (!this.clean) this.clean = deidentifier(await knownIdentity(this.db, personOf(this.person!)));
        out.push(this.clean(v));
      } else out.push(maskCode(v ?? null));
    }
    return out;
  }
}

export interface ExtractFile {
  name: string;
  format: 'csv' | 'parquet';
  table: string;
  columns: string[];
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExtractManifest {
  format: 'helsespor-extract/1';
  grant: {
    id: string;
    version: number;
    projectId: string;
    title: string;
    approval: string;
    rekNumber: string | null;
    dispensationRef: string | null;
    legalBasis: string;
    responsibleResearcher: string;
    datePrecision: string;
    freeText: boolean;
    outputLevel: string;
    expiresAt: string;
  };
  cohort: { definition: GrantRow['cohort']; persons: number };
  variables: ResearchVariable[];
  rowCounts: Record<string, number>;
  files: ExtractFile[];
  pseudonyms: string;
  deidentification: string | null;
  recipient: string;
  builtBy: string;
  builtAt: string;
}

export class ExtractRefused extends Error {}

/**
 * hyparquet-writer and hyparquet are ES modules only; this CommonJS package loads them with
 * a dynamic import (kept as one by tsc, and by jest's SWC transform for this file).
 */
const parquetWriter = () => import('hyparquet-writer');

export const sha256File = async (path: string): Promise<string> => {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
};

const BATCH = 5000;
const ROW_GROUP = 50_000;

/** Streams one table to CSV and Parquet. */
async function writeTable(
  db: Db,
  grant: GrantRow,
  table: Table,
  cols: { variable: ResearchVariable; column: string }[],
  dir: string,
  personOf: (key: string) => IdentityOf,
  order: readonly string[],
): Promise<ExtractFile[]> {
  const header = ['pseudonym', ...cols.map((c) => c.column)];
  const ints = new Set(TABLES[table].ints ?? []);
  const dates = new Set(
    cols.filter((c) => (RESEARCH_VARIABLES[c.variable] as { date?: boolean }).date).map((c) => c.column),
  );
  // Dates at YEAR precision are still text (YYYY), so a reader never mistakes them for counts.
  const isInt = (c: string) => ints.has(c) && !dates.has(c);
  const csvPath = join(dir, `${table}.csv`);
  const pqPath = join(dir, `${table}.parquet`);
  const csv = createWriteStream(csvPath);
  csv.write(`${header.join(',')}\n`);
  const columnsOf = (data: (string | number | null)[][]) =>
    header.map((name, i) => ({
      name,
      data: data[i]!,
      type: isInt(name) ? ('INT32' as const) : ('STRING' as const),
      nullable: true,
    }));
  const { ParquetWriter, fileWriter, schemaFromColumnData } = await parquetWriter();
  const pq = new ParquetWriter({
    writer: fileWriter(pqPath),
    schema: schemaFromColumnData({ columnData: columnsOf(header.map(() => [])) }),
    createdBy: 'helsespor extract',
  });
  let group: (string | number | null)[][] = header.map(() => []);
  let inGroup = 0;
  const flushGroup = async () => {
    if (!inGroup) return;
    await pq.write({ columnData: columnsOf(group), rowGroupSize: inGroup });
    group = header.map(() => []);
    inGroup = 0;
  };
  let rows = 0;
  await db.transaction(async (tx) => {
    const shaperTx = new RowShaper(tx, grant, cols);
    await tx.query(
      `DECLARE extract_cursor NO SCROLL CURSOR FOR ${await tableSql(tx, table, leapDayRuleOf(grant.cohort))}`,
      queryArgs(grant, order).slice(0, paramCount(TABLES[table].sql)),
    );
    for (;;) {
      const batch = (await tx.query<Record<string, unknown>>(`FETCH ${BATCH} FROM extract_cursor`)).rows;
      if (!batch.length) break;
      let text = '';
      for (const raw of batch) {
        const row = await shaperTx.shape(raw, personOf);
        text += `${row.map((v) => csvCell(v)).join(',')}\n`;
        for (let i = 0; i < row.length; i++) group[i]!.push(row[i]!);
        inGroup++;
        rows++;
      }
      if (!csv.write(text)) await once(csv, 'drain');
      if (inGroup >= ROW_GROUP) await flushGroup();
    }
    await tx.query('CLOSE extract_cursor');
  });
  await flushGroup();
  await pq.finish();
  csv.end();
  await once(csv, 'finish');
  const files: ExtractFile[] = [];
  for (const [path, format] of [
    [csvPath, 'csv'],
    [pqPath, 'parquet'],
  ] as const) {
    files.push({
      name: basename(path),
      format,
      table,
      columns: header,
      rows,
      bytes: statSync(path).size,
      sha256: await sha256File(path),
    });
  }
  return files;
}

/** How many $n parameters a statement uses (the cursor gets exactly those). */
function paramCount(sql: string): number {
  let max = 0;
  for (const m of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export const DEIDENTIFICATION_NOTE =
  "Free text is de-identified by lib/policy/deidentify.ts: the record's own names (patient, relatives, note authors), national ids, phone numbers, e-mail, dates, street addresses and postcodes are masked. It cannot catch names the record does not know (unless a relation or title word precedes them), nicknames or misspellings, indirect identifiers (rare diagnoses, occupations, schools, places named alone, news events), dates in words, or other numbers (case, room, account numbers). Read free text before passing it on.";

/**
 * Builds an extract of a grant into `outDir/<grant>-v<version>-<time>/`: CSV and Parquet per
 * table with approved variables, and manifest.json; records it in the disclosure log.
 */
export async function buildExtract(
  db: Db,
  grantId: string,
  opts: { outDir: string; builtBy: string; recipient?: string },
): Promise<{ dir: string; manifestPath: string; manifest: ExtractManifest; disclosure: DisclosureRow }> {
  const grant = await latestGrant(db, grantId);
  const problem = grantProblem(grant, grantId);
  if (problem || !grant) throw new ExtractRefused(problem ?? `grant ${grantId} is not registered`);
  if (grant.output_level !== 'PSEUDONYMISED_RECORDS')
    throw new ExtractRefused(
      `grant ${grant.id} is approved for aggregate output only: no record-level extract`,
    );
  // Only to a researcher the approval names (helseforskningsloven §§ 33-35: the data go to the
  // project the approval covers; the disclosure log is the record of to whom). The command
  // line's --recipient took anyone, and the disclosure to them was logged (found in review s32).
  const recipient = opts.recipient ?? grant.responsible_researcher;
  if (recipient !== grant.responsible_researcher && !grant.researchers.includes(recipient))
    throw new ExtractRefused(
      `recipient ${recipient} is not a researcher on grant ${grant.id}: an extract goes only to the grant's researchers`,
    );
  const builtAt = new Date().toISOString();
  // The grant id is checked when registered (GRANT_ID); a row from before that check, or one
  // written around it, must still not name a directory outside the extract directory.
  const name = `${grant.id}-v${grant.version}-${builtAt.replace(/[:.]/g, '')}`;
  const dir = join(opts.outDir, name);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || resolve(dir) !== join(resolve(opts.outDir), name))
    throw new ExtractRefused(`grant id ${JSON.stringify(grant.id)} cannot name an extract directory`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cohort = await cohortOf(db, grant.id, grant.version);
  const persons = new Map(cohort.map((c) => [c.person_key, c]));
  const personOf = (k: string): IdentityOf => persons.get(k) ?? { patient_ids: [], national_ids: [] };
  const order = pseudonymOrder(
    grant.pseudonym_scope,
    cohort.map((c) => c.person_key),
  );
  const files: ExtractFile[] = [];
  const rowCounts: Record<string, number> = {};
  for (const [table, cols] of approvedColumns(grant)) {
    const f = await writeTable(db, grant, table, cols, dir, personOf, order);
    files.push(...f);
    rowCounts[table] = f[0]!.rows;
  }
  const manifest: ExtractManifest = {
    format: 'helsespor-extract/1',
    grant: {
      id: grant.id,
      version: grant.version,
      projectId: grant.project_id,
      title: grant.title,
      approval: approvalOf(grant),
      rekNumber: grant.rek_number,
      dispensationRef: grant.dispensation_ref,
      legalBasis: grant.legal_basis,
      responsibleResearcher: grant.responsible_researcher,
      datePrecision: grant.date_precision,
      freeText: grant.free_text,
      outputLevel: grant.output_level,
      expiresAt: new Date(grant.expires_at).toISOString(),
    },
    cohort: { definition: grant.cohort, persons: cohort.length },
    variables: [...grant.variables],
    rowCounts,
    files,
    pseudonyms: pseudonymNote(grant),
    deidentification: grant.variables.some((v) => 'freeText' in RESEARCH_VARIABLES[v])
      ? DEIDENTIFICATION_NOTE
      : null,
    recipient,
    builtBy: opts.builtBy,
    builtAt,
  };
  const manifestPath = join(dir, 'manifest.json');
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(manifestPath, text);
  const disclosure = await insertDisclosure(db, {
    grant_id: grant.id,
    version: grant.version,
    approval: approvalOf(grant),
    recipient: manifest.recipient,
    built_by: opts.builtBy,
    built_at: builtAt,
    variables: manifest.variables,
    row_counts: rowCounts,
    files,
    manifest_sha256: createHash('sha256').update(text).digest('hex'),
  });
  return { dir, manifestPath, manifest, disclosure };
}

async function csvRows(path: string): Promise<number> {
  let n = -1; // the header
  const parser = createReadStream(path).pipe(parseCsv({ relax_column_count: false }));
  for await (const _ of parser) n++;
  return Math.max(n, 0);
}

async function parquetRows(path: string): Promise<number> {
  const { parquetMetadata } = await import('hyparquet');
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, size - 8);
    const metaLen = tail.readUInt32LE(0);
    const buf = Buffer.alloc(metaLen + 8);
    await fh.read(buf, 0, metaLen + 8, size - 8 - metaLen);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    return Number(parquetMetadata(ab as ArrayBuffer).num_rows);
  } finally {
    await fh.close();
  }
}

/**
 * Checks an extract against its manifest: every file there, its size, SHA-256 and row
 * count (Parquet from its footer, CSV by parsing it); with a database, that the manifest is
 * the one the disclosure log recorded. Returns the problems (none: it verifies).
 */
export async function verifyExtract(manifestPath: string, db?: Queryable): Promise<string[]> {
  const problems: string[] = [];
  const text = readFileSync(manifestPath, 'utf8');
  const m = JSON.parse(text) as ExtractManifest;
  const dir = dirname(manifestPath);
  for (const f of m.files) {
    const path = join(dir, basename(f.name));
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      problems.push(`${f.name}: missing`);
      continue;
    }
    if (size !== f.bytes) problems.push(`${f.name}: ${size} bytes, manifest says ${f.bytes}`);
    const sha = await sha256File(path);
    if (sha !== f.sha256)
      problems.push(`${f.name}: SHA-256 ${sha} does not match the manifest's ${f.sha256}`);
    else {
      const rows = f.format === 'parquet' ? await parquetRows(path) : await csvRows(path);
      if (rows !== f.rows) problems.push(`${f.name}: ${rows} rows, manifest says ${f.rows}`);
    }
  }
  for (const [table, n] of Object.entries(m.rowCounts))
    if (!m.files.some((f) => f.table === table && f.rows === n))
      problems.push(`row count of ${table} does not match its files`);
  if (db) {
    const sha = createHash('sha256').update(text).digest('hex');
    const logged = (await disclosures(db, m.grant.id)).some((d) => d.manifest_sha256 === sha);
    if (!logged)
      problems.push(
        `the manifest is not in the disclosure log of grant ${m.grant.id} (changed, or never disclosed)`,
      );
  }
  return problems;
}
