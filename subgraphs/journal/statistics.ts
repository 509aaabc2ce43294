/**
 * Journal statistics for reporting (issue 16): journal entries per year written (Europe/Oslo)
 * × source system, quarantined source records per month × source × reason, and service
 * decisions (vedtak om tjenester) per month decided × decision type × outcome × unit. Counted in
 * this subgraph's SQL (lib/policy/statistics.ts `cube`), protected by lib/policy/disclosure.ts.
 * A person is a national id (records without one: the patient record), so the linked
 * records of one person count once among the people behind a cell.
 */
import {
  cube,
  freeText,
  reasonCategory,
  statisticsTable,
  statisticsTableResolvers,
  type StatisticsDefinition,
} from '../../lib/policy/statistics';
import type { Resolvers } from './generated/resolvers-types';

/** The journal subgraph's tables (also the `statistics` CLI command's). */
export const journalStatisticsTables = {
  'journal-entries': {
    spec: { title: 'Journalnotater', unit: 'journal entries', grain: 'year', dimensions: ['sourceSystem'] },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id',
          block: `to_char(e.written_at AT TIME ZONE 'Europe/Oslo', 'YYYY')`,
          dims: ['e.source_system'],
          person: 'coalesce(p.national_id, p.id)',
        },
        period,
      ),
  },
  'journal-quarantine': {
    spec: {
      title: 'Journal: karantene',
      unit: 'quarantined records',
      grain: 'month',
      dimensions: ['source', 'reason'],
    },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM journal.quarantine q',
          block: `to_char(q.quarantined_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`,
          dims: ['q.source', reasonCategory('q.reason')],
          person: null,
        },
        period,
      ),
  },
  'service-decisions': {
    spec: {
      title: 'Vedtak om tjenester',
      unit: 'service decisions',
      grain: 'month',
      dimensions: ['decisionType', 'outcome', 'unit'],
    },
    load: (db, period) =>
      cube(
        db,
        {
          // decided_on is the decision's local date; decision_type is the service category
          // (Langtidsopphold, …), never the free-text `service` heading, which may name a record.
          source: 'FROM journal.service_decision d JOIN journal.patient p ON p.id = d.patient_id',
          block: `to_char(d.decided_on, 'YYYY-MM')`,
          // The decision type and the unit are the source's words: a rare one is 'annet'
          // (lib/policy/statistics.ts OTHER); the outcome is the code's.
          dims: [
            freeText('d.decision_type'),
            'd.outcome',
            freeText(`coalesce(nullif(btrim(d.unit), ''), 'ukjent enhet')`),
          ],
          person: 'coalesce(p.national_id, p.id)',
        },
        period,
      ),
  },
} satisfies Record<string, StatisticsDefinition>;

export const statisticsResolvers: Resolvers = {
  Query: {
    journalEntryStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, journalStatisticsTables, 'journal-entries'),
    journalQuarantineStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, journalStatisticsTables, 'journal-quarantine'),
    serviceDecisionStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, journalStatisticsTables, 'service-decisions'),
  },
  StatisticsTable: statisticsTableResolvers,
};
