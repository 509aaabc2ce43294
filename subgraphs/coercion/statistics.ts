/**
 * Coercion statistics for reporting (issue 16): executions per month × measure × verdict ×
 * unit × legal basis (hol. § 9-5 tredje ledd a apart from b/c; stop 45), and quarantined source records per month × source system × reason. Counted in this
 * subgraph's SQL (lib/policy/statistics.ts `cube`) and protected by lib/policy/disclosure.ts.
 *
 * The verdict is the law's (verdict.ts, hol. kap. 9 / pbrl. kap. 4A / phvl. § 4-8), not a
 * column: it is judged here for every execution of every person with an execution in the
 * period, over all of that person's executions and decisions (so a month's verdicts do not
 * depend on the period asked: phvl. § 4-8 judges uses in order), and handed to the SQL
 * that groups them (`unnest` of ids and verdicts joined to coercion.execution). A person is
 * every national id of the records the journal links as one (lib/policy expandPersons), as
 * in the person's report: judged per national id, an execution under a D-number missed the
 * decision under the same person's fødselsnummer and was counted UNDETERMINED (review s32).
 */
import {
  cube,
  freeText,
  reasonCategory,
  statisticsTable,
  statisticsTableResolvers,
  type StatisticsDefinition,
} from '../../lib/policy/statistics';
import { expandPersons } from '../../lib/policy/store';
import type { Queryable } from '../../lib/db';
import { osloDate } from '../../lib/oslo-time';
import { evaluate } from './evaluate';
import { executionLegalBasis, measureKey } from './measure';
import type { Resolvers } from './generated/resolvers-types';
import { H_NUMBER_PATTERN, isHNumber } from '../../lib/national-id';
import {
  decisionsByPatients,
  executionsForReport,
  type DecisionWithSources,
  type ExecutionRow,
} from './store';
import { helpNumberKey, helpNumberKeysOf, helpNumberPatients } from '../journal/help-numbers';

/** A key that is a national id (fødselsnummer, D-number), not an H-number under its source. */
const isNationalIdKey = (k: string) => !k.includes(':');

const MONTH = (ts: string) => `to_char(${ts} AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`;

/**
 * A coercion record's key among a person's keys: its national id, or an H-nummer under its
 * source (journal/help-numbers.ts helpNumberKey): the bare number is no one's across organisations
 * (pasientjournalloven § 22; an H-nummer names a person within the organisation that gave it).
 */
const rowKey = (r: { patient_nid: string; source_system: string }) =>
  isHNumber(r.patient_nid) ? helpNumberKey(r.source_system, r.patient_nid) : r.patient_nid;

/**
 * Each key's person, as the sorted keys of its records: the national ids of its linked records
 * and their H-numbers under their sources (the key itself when none). An H-number key starts
 * from its source's journal record (helpNumberPatients), never from the bare number: two
 * organisations' persons of one number were judged together, one's decision making the other's
 * execution lawful (stop 35).
 */
async function personsOfKeys(db: Queryable, keys: string[]): Promise<string[][]> {
  const helpKeys = keys.filter((k) => !isNationalIdKey(k));
  const helpRecords = new Map(helpKeys.map((k, i) => [k, i]));
  const recordsOf = await helpNumberPatients(db, helpKeys);
  const expanded = await expandPersons(
    db,
    keys.map((k, group) =>
      isNationalIdKey(k)
        ? { group, patientIds: [], nationalIds: [k] }
        : { group, patientIds: recordsOf[helpRecords.get(k)!] ?? [], nationalIds: [] },
    ),
  );
  const recordKeys = await helpNumberKeysOf(db, [
    ...new Set([...expanded.values()].flatMap((p) => [...p.patientIds])),
  ]);
  return keys.map((k, group) => {
    const p = expanded.get(group);
    return [
      ...new Set([
        k,
        ...(p?.nationalIds ?? []),
        ...[...(p?.patientIds ?? [])].flatMap((id) => recordKeys.get(id) ?? []),
      ]),
    ].sort();
  });
}

/** Verdicts of every execution of the persons with an execution in the months asked. */
async function verdictsFor(db: Queryable, from: string | null, to: string | null) {
  const keys = [
    ...new Set(
      (
        await db.query<{ patient_nid: string; source_system: string }>(
          `SELECT DISTINCT patient_nid, source_system FROM coercion.execution
            WHERE ($1::text IS NULL OR start_at >= (($1 || '-01')::date::timestamp AT TIME ZONE 'Europe/Oslo'))
              AND ($2::text IS NULL OR start_at < (((($2 || '-01')::date + interval '1 month')::date)::timestamp AT TIME ZONE 'Europe/Oslo'))`,
          [from, to],
        )
      ).rows.map(rowKey),
    ),
  ];
  const persons = [...new Map((await personsOfKeys(db, keys)).map((all) => [all.join(','), all])).values()];
  const ids: string[] = [];
  const verdicts: string[] = [];
  const bases: (string | null)[] = [];
  // A few hundred persons at a time: bounded memory whatever the period.
  for (let i = 0; i < persons.length; i += 200) {
    const batch = persons.slice(i, i + 200);
    const personOf = new Map(batch.flatMap((all, k) => all.map((n) => [n, k] as const)));
    const batchKeys = [...personOf.keys()];
    const [decisions, executions] = await Promise.all([
      decisionsByPatients(db, batchKeys),
      executionsForReport(db, batchKeys),
    ]);
    const dBy = new Map<number, DecisionWithSources[]>();
    for (const d of decisions) {
      const k = personOf.get(rowKey(d));
      if (k !== undefined) (dBy.get(k) ?? dBy.set(k, []).get(k)!).push(d);
    }
    // Oldest first per person (the store orders by start, then id; phvl. § 4-8 judges in order).
    const eBy = new Map<number, ExecutionRow[]>();
    for (const e of executions) {
      const k = personOf.get(rowKey(e));
      if (k !== undefined) (eBy.get(k) ?? eBy.set(k, []).get(k)!).push(e);
    }
    for (const [k, rows] of eBy)
      for (const e of evaluate(rows, dBy.get(k) ?? [])) {
        // Judged over the whole history; counted only in the months asked.
        const month = osloDate(e.row.start_at).slice(0, 7);
        if ((from && month < from) || (to && month > to)) continue;
        // hol. § 9-7: a record the journalansvarlig recorded as the same execution as another
        // (same-execution.ts; review s44) is not counted: the execution counts once.
        if (e.row.same_as) continue;
        ids.push(e.row.id);
        verdicts.push(e.verdict);
        bases.push(executionLegalBasis(e));
      }
  }
  return { ids, verdicts, bases };
}

/** An H-nummer as stored (month + 40: lib/national-id.ts H_NUMBER_PATTERN, as isHNumber), in SQL over `e`. */
const H_NUMBER_ROW = `e.patient_nid ~ '${H_NUMBER_PATTERN}'`;

/**
 * The person an execution under an H-nummer counts as in a cell (the table's `person`; statistikkloven
 * § 7, pasientjournalloven § 22): the person of its source's journal record of that number
 * (personsOfKeys), named by a national id of theirs when they have one (so it is the person of
 * their executions under it, lib/policy/statistics.ts PersonOf) or else by their least H-number
 * key; the key `SOURCE:number` itself when no journal record is known. Never the bare number: two
 * organisations' persons of one H-nummer counted as one. For every H-number key of the table
 * (the labels are counted over every execution, not only the period's).
 */
async function helpNumberPersons(db: Queryable): Promise<{ keys: string[]; persons: string[] }> {
  const keys = [
    ...new Set(
      (
        await db.query<{ patient_nid: string; source_system: string }>(
          `SELECT DISTINCT e.patient_nid, e.source_system FROM coercion.execution e WHERE ${H_NUMBER_ROW}`,
        )
      ).rows
        .filter((r) => isHNumber(r.patient_nid))
        .map(rowKey),
    ),
  ].sort();
  return { keys, persons: (await personsOfKeys(db, keys)).map((all) => all[0]!) };
}

/** The coercion subgraph's tables (also the `statistics` CLI command's). */
export const coercionStatisticsTables = {
  coercion: {
    spec: {
      title: 'Tvangsgjennomføringer',
      unit: 'executions',
      grain: 'month',
      dimensions: ['measure', 'verdict', 'unit', 'legalBasis'],
    },
    async load(db, period) {
      const [v, h] = await Promise.all([verdictsFor(db, period.from, period.to), helpNumberPersons(db)]);
      // An execution under an H-nummer is its source's person (helpNumberPersons), never the bare number's.
      const help = `LEFT JOIN unnest($5::text[], $6::text[]) AS hk(key, person)
                      ON ${H_NUMBER_ROW} AND hk.key = e.source_system || ':' || e.patient_nid`;
      return cube(
        db,
        {
          source: `FROM coercion.execution e JOIN unnest($3::text[], $4::text[], $7::text[]) AS v(id, verdict, basis) ON v.id = e.id ${help}`,
          block: MONTH('e.start_at'),
          // Measure and unit are the source's words: a rare one is 'annet' (lib/policy/statistics.ts OTHER),
          // counted over every execution (the source above holds the period's only).
          // The legal basis it was carried out under (measure.ts executionLegalBasis): hol. § 9-5 tredje
          // ledd a (emergencies) apart from b/c (planned), pbrl. kap. 4A, phvl. § 4-8 (stop 45).
          dims: [
            freeText('e.measure'),
            'v.verdict',
            freeText(`coalesce(e.unit, 'ukjent enhet')`),
            `coalesce(v.basis, 'ikke angitt')`,
          ],
          labelSource: `FROM coercion.execution e ${help}`,
          person: {
            nationalId: `CASE WHEN ${H_NUMBER_ROW} THEN coalesce(hk.person, e.source_system || ':' || e.patient_nid)
                              ELSE e.patient_nid END`,
          },
        },
        period,
        [v.ids, v.verdicts, h.keys, h.persons, v.bases],
      );
    },
  },
  'coercion-quarantine': {
    spec: {
      title: 'Tvang: karantene',
      unit: 'quarantined records',
      grain: 'month',
      dimensions: ['sourceSystem', 'reason'],
    },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM coercion.quarantine q',
          block: MONTH('q.quarantined_at'),
          dims: ['q.source_system', reasonCategory('q.reason')],
          person: null,
        },
        period,
      ),
  },
} satisfies Record<string, StatisticsDefinition>;

export const statisticsResolvers: Resolvers = {
  Query: {
    // A measure asked for is the same measure in any case or spacing (measure.ts measureKey; stop 45).
    coercionStatistics: (_, { filter }, ctx) =>
      statisticsTable(
        ctx,
        filter?.measures ? { ...filter, measures: filter.measures.map(measureKey) } : filter,
        coercionStatisticsTables,
        'coercion',
      ),
    coercionQuarantineStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, coercionStatisticsTables, 'coercion-quarantine'),
  },
  StatisticsTable: statisticsTableResolvers,
};
