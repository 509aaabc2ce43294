/**
 * The coercion subgraph's outbox as the search indexer reads it: one search document per
 * execution (measure and description), matched to the person by national id.
 */
import { ageOn, resolveWindow } from '../../lib/age-window';
import type { Queryable } from '../../lib/db';
import { outboxQueue } from '../../lib/outbox';
import { parseNationalId } from '../../lib/national-id';
import { osloDate } from '../../lib/oslo-time';
import type { CoverageFilter, IndexDocument, OutboxSource, SourceCoverage } from '../../search-index/types';

const VERSION = `('x' || substr(md5(e.measure || '|' || e.description || '|' || e.start_at::text || '|' || e.patient_nid), 1, 7))::bit(28)::int`;
const PREFIX = 'coercion_execution:';

const birthOf = (nid: string) => {
  const info = parseNationalId(nid);
  return 'error' in info ? null : info.birthDate;
};

export function coercionOutbox(db: Queryable): OutboxSource {
  return {
    name: 'coercion',
    ...outboxQueue(db, 'coercion.outbox', PREFIX),
    async load(ids): Promise<IndexDocument[]> {
      const rows = (
        await db.query<{
          id: string;
          patient_nid: string;
          measure: string;
          description: string;
          start_at: Date;
          source_system: string;
          version: number;
        }>(
          `SELECT e.id, e.patient_nid, e.measure, e.description, e.start_at, e.source_system, ${VERSION} AS version
           FROM coercion.execution e WHERE e.id = ANY($1::text[])`,
          [ids.map((i) => i.slice(PREFIX.length))],
        )
      ).rows;
      return rows.map((r) => {
        const localDate = osloDate(r.start_at);
        const born = birthOf(r.patient_nid);
        return {
          id: `${PREFIX}${r.id}`,
          kind: 'coercion_execution',
          patientId: null,
          nationalIds: [r.patient_nid],
          refs: { entityId: r.id },
          sourceSystem: r.source_system,
          type: r.measure,
          writtenAt: r.start_at.toISOString(),
          localDate,
          ageAtDate: born ? ageOn(born, localDate) : null,
          authorName: null,
          service: null,
          text: `${r.measure}. ${r.description}`,
          version: r.version,
        };
      });
    },
    async scanVersions(afterId, limit) {
      return (
        await db.query<{ id: string; version: number }>(
          `SELECT $3 || e.id AS id, ${VERSION} AS version FROM coercion.execution e WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
          [afterId.replace(PREFIX, ''), limit, PREFIX],
        )
      ).rows;
    },
    async coverage(filter: CoverageFilter): Promise<SourceCoverage[]> {
      if (!filter.nationalIds.length) return [];
      const born = filter.nationalIds.map(birthOf).find((b) => b);
      const w = resolveWindow(filter, born ?? null, 'MARCH_1');
      if (w.empty) return [];
      const rows = (
        await db.query<{ source_system: string; n: number; first: Date; last: Date }>(
          `SELECT source_system, count(*)::int AS n, min(start_at) AS first, max(start_at) AS last FROM coercion.execution
          WHERE patient_nid = ANY($1::text[]) AND ($2::timestamptz IS NULL OR start_at >= $2) AND ($3::timestamptz IS NULL OR start_at < $3)
          GROUP BY source_system ORDER BY source_system`,
          [filter.nationalIds, w.startInstant, w.endInstant],
        )
      ).rows;
      return rows.map((r) => ({
        sourceSystem: r.source_system,
        kind: 'coercion_execution' as const,
        records: r.n,
        searchable: r.n,
        firstDate: osloDate(r.first),
        lastDate: osloDate(r.last),
        notSearchable: {},
      }));
    },
  };
}
