import type { Queryable } from '../../lib/db';
import { outboxQueue } from '../../lib/outbox';
import { osloDate } from '../../lib/oslo-time';
import type { CoverageFilter, IndexDocument, OutboxSource, SourceCoverage } from '../../search-index/types';
import { ageOn, resolveWindow } from '../../lib/age-window';
import type { JournalEntryRow } from './store';

/** The journal's outbox, as the search indexer drains it. */
export function journalOutbox(db: Queryable): OutboxSource {
  return {
    name: 'journal',
    ...outboxQueue(db, 'journal.outbox'),
    async load(ids): Promise<IndexDocument[]> {
      // Only what may be found: superseded versions and deleted notes leave the index. Only the
      // columns the document takes: every column read is parsed (e.* parsed some twenty, a
      // timestamp among them, per note: bench/indexer-cpu.ts).
      const rows = (
        await db.query<
          Pick<
            JournalEntryRow,
            | 'id'
            | 'patient_id'
            | 'source_system'
            | 'entry_type'
            | 'dated_at'
            | 'author_name'
            | 'service'
            | 'text'
            | 'version'
          > & { birth_date: string | null; national_id: string | null }
        >(
          `SELECT e.id, e.patient_id, e.source_system, e.entry_type, e.dated_at, e.author_name, e.service, e.text,
                  e.version, p.birth_date, p.national_id
             FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id
          WHERE e.id = ANY($1::text[]) AND e.text IS NOT NULL AND e.deleted_at IS NULL AND e.status = 'current'`,
          [ids],
        )
      ).rows;
      return rows.map((e) => {
        // Dated by the care it documents (an amended HP note's written_at is its correction time).
        const localDate = osloDate(e.dated_at);
        return {
          id: e.id,
          kind: 'journal_entry',
          patientId: e.patient_id,
          nationalIds: e.national_id ? [e.national_id] : [],
          refs: { entityId: e.id },
          sourceSystem: e.source_system,
          type: e.entry_type,
          writtenAt: e.dated_at.toISOString(),
          localDate,
          ageAtDate: e.birth_date ? ageOn(e.birth_date, localDate) : null,
          authorName: e.author_name,
          service: e.service ?? null,
          text: e.text!,
          version: e.version,
        };
      });
    },
    async scanVersions(afterId, limit) {
      return (
        await db.query<{ id: string; version: number }>(
          `SELECT id, version FROM journal.journal_entry
          WHERE id > $1 AND text IS NOT NULL AND deleted_at IS NULL AND status = 'current' ORDER BY id LIMIT $2`,
          [afterId, limit],
        )
      ).rows;
    },
    async coverage(filter: CoverageFilter): Promise<SourceCoverage[]> {
      const birth =
        (
          await db.query<{ birth_date: string | null }>(
            'SELECT birth_date FROM journal.patient WHERE id = ANY($1::text[]) AND birth_date IS NOT NULL ORDER BY id LIMIT 1',
            [filter.patientIds],
          )
        ).rows[0]?.birth_date ?? null;
      const w = resolveWindow(filter, birth, 'MARCH_1');
      if (w.empty) return [];
      const rows = (
        await db.query<{
          source_system: string;
          records: number;
          searchable: number;
          deleted: number;
          superseded: number;
          first: Date | null;
          last: Date | null;
        }>(
          `SELECT source_system, count(*)::int AS records,
                count(*) FILTER (WHERE text IS NOT NULL AND deleted_at IS NULL AND status = 'current')::int AS searchable,
                count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS deleted,
                count(*) FILTER (WHERE status = 'superseded' AND deleted_at IS NULL)::int AS superseded,
                min(dated_at) AS first, max(dated_at) AS last
           FROM journal.journal_entry
          WHERE patient_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR dated_at >= $2) AND ($3::timestamptz IS NULL OR dated_at < $3)
          GROUP BY source_system ORDER BY source_system`,
          [filter.patientIds, w.startInstant, w.endInstant],
        )
      ).rows;
      return rows.map((r) => {
        const notSearchable: Record<string, number> = {};
        if (r.deleted) notSearchable['deleted (tombstone)'] = r.deleted;
        if (r.superseded) notSearchable['superseded version (history of a corrected note)'] = r.superseded;
        return {
          sourceSystem: r.source_system,
          kind: 'journal_entry' as const,
          records: r.records,
          searchable: r.searchable,
          notSearchable,
          firstDate: r.first ? osloDate(r.first) : null,
          lastDate: r.last ? osloDate(r.last) : null,
        };
      });
    },
  };
}
