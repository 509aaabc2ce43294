/**
 * Journal statistics for reporting (issue 16): journal entries per year written (Europe/Oslo)
 * × source system, quarantined source records per month × source × reason, and service
 * decisions (vedtak om tjenester) per month decided × decision type × outcome × unit. Counted in
 * this subgraph's SQL (lib/policy/statistics.ts `cube`), protected by lib/policy/disclosure.ts.
 * The people behind a cell are persons: a patient record and the records linked to it count
 * once (lib/policy/statistics.ts PersonOf; statistikkloven § 7, personopplysningsloven
 * art. 5 (1) c).
 *
 * What a note is (`NOTES`), for 'journal-entries':
 * - helsepersonelloven § 42: a corrected note is one note. A source that sends a correction as
 *   a new document (Helseplattformen) leaves the old one as a superseded source version
 *   (status 'superseded'): the note's history, not a note of its own. Counted: the current
 *   version only, as the research cohort and the search index do (found in review s31: six
 *   notes, each corrected once at the source, were published as twelve, and a correction
 *   moved the count).
 * - helsepersonelloven § 43: a deleted note is gone from the record (its content removed
 *   everywhere, a tombstone left): not counted.
 * - helsepersonelloven § 44: a note moved to the right patient's record is that patient's
 *   (the move sets its patient_id): counted under the current patient, nothing to do here.
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

/** The notes of the record as it is now (header: hpl. §§ 42–43), over `journal.journal_entry e`. */
const NOTES = `e.status = 'current' AND e.deleted_at IS NULL`;

/** The journal subgraph's tables (also the `statistics` CLI command's). */
export const journalStatisticsTables = {
  'journal-entries': {
    spec: { title: 'Journalnotater', unit: 'journal entries', grain: 'year', dimensions: ['sourceSystem'] },
    load: (db, period) =>
      cube(
        db,
        {
          // Notes as the record holds them now (NOTES, above).
          source: `FROM journal.journal_entry e WHERE ${NOTES}`,
          block: `to_char(e.written_at AT TIME ZONE 'Europe/Oslo', 'YYYY')`,
          dims: ['e.source_system'],
          person: { record: 'e.patient_id' },
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
          source: 'FROM journal.service_decision d',
          block: `to_char(d.decided_on, 'YYYY-MM')`,
          // The decision type and the unit are the source's words: a rare one is 'annet'
          // (lib/policy/statistics.ts OTHER); the outcome is the code's.
          dims: [
            freeText('d.decision_type'),
            'd.outcome',
            freeText(`coalesce(nullif(btrim(d.unit), ''), 'ukjent enhet')`),
          ],
          person: { record: 'd.patient_id' },
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
