/**
 * Archive statistics for reporting (issue 16): access requests per month received and
 * whether the deadline was kept, and quarantined Noark 5 records per month × reason.
 * Counted in this subgraph's SQL (lib/policy/statistics.ts `cube`), protected by
 * lib/policy/disclosure.ts.
 *
 * Deadline (the one access-request.ts computed and stored, domstolloven §§ 148–149 with the
 * request type's rule, extensions included): KEPT — closed on or before it (the closing day
 * in Europe/Oslo); MISSED — closed after it; OVERDUE — still open after it; OPEN — open and
 * not yet due.
 */
import {
  cube,
  reasonCategory,
  statisticsTable,
  statisticsTableResolvers,
  type StatisticsDefinition,
} from '../../lib/policy/statistics';
import type { Resolvers } from './generated/resolvers-types';

export const DEADLINE_STATUS = `CASE
  WHEN a.closed_at IS NOT NULL AND (a.closed_at AT TIME ZONE 'Europe/Oslo')::date <= a.deadline THEN 'KEPT'
  WHEN a.closed_at IS NOT NULL THEN 'MISSED'
  WHEN a.deadline < (now() AT TIME ZONE 'Europe/Oslo')::date THEN 'OVERDUE'
  ELSE 'OPEN' END`;

/** The archive subgraph's tables (also the `statistics` CLI command's). */
export const archiveStatisticsTables = {
  'access-requests': {
    spec: {
      title: 'Innsynsbegjæringer og frist',
      unit: 'access requests',
      grain: 'month',
      dimensions: ['deadline'],
    },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM archive.access_request a',
          block: `to_char(a.received_on, 'YYYY-MM')`,
          dims: [DEADLINE_STATUS],
          // A request is its patient's (pbrl. § 5-1 with pasientjournalloven § 22; lib/policy
          // accessRequestSubject): counted by the patient record it is filed under, as the journal
          // links it now, never by the national id given at registration, which after an unlink of a
          // typo link is another person's (task s46: the relative who asked, whose own request was
          // then counted as the same person's). A request filed under its record alone (migration
          // 026) or with an H-nummer (migration 028) counted by that record before too.
          person: { record: 'a.patient_id' },
        },
        period,
      ),
  },
  'archive-quarantine': {
    spec: { title: 'Arkiv: karantene', unit: 'quarantined records', grain: 'month', dimensions: ['reason'] },
    load: (db, period) =>
      cube(
        db,
        {
          source: 'FROM archive.quarantine q',
          block: `to_char(q.quarantined_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`,
          dims: [reasonCategory('q.reason')],
          person: null,
        },
        period,
      ),
  },
} satisfies Record<string, StatisticsDefinition>;

export const statisticsResolvers: Resolvers = {
  Query: {
    accessRequestStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, archiveStatisticsTables, 'access-requests'),
    archiveQuarantineStatistics: (_, { filter }, ctx) =>
      statisticsTable(ctx, filter, archiveStatisticsTables, 'archive-quarantine'),
  },
  StatisticsTable: statisticsTableResolvers,
};
