import type { Db } from '../lib/db';
import type { IndexDocument, SearchBackend, SearchQuery, SearchResponse } from './types';

/**
 * Embedded search: PostgreSQL full-text search with the Norwegian snowball stemmer,
 * over search.document (migrated by the search subgraph). Less clever than the
 * Elasticsearch backend: no hunspell, no typo tolerance.
 */
export function createPostgresBackend(db: Db): SearchBackend {
  return {
    name: 'postgres',
    async ensureReady() {
      await db.query('SELECT 1 FROM search.document LIMIT 1');
    },
    async upsert(docs: IndexDocument[]) {
      if (!docs.length) return;
      await db.query(
        `INSERT INTO search.document (id, kind, patient_id, source_system, entry_type, written_at, text, version)
         SELECT id, kind, "patientId", "sourceSystem", type, "writtenAt", text, version
           FROM jsonb_to_recordset($1::jsonb) AS d(id text, kind text, "patientId" text, "sourceSystem" text,
                type text, "writtenAt" timestamptz, text text, version int)
         ON CONFLICT (id) DO UPDATE SET
           patient_id = EXCLUDED.patient_id, source_system = EXCLUDED.source_system, entry_type = EXCLUDED.entry_type,
           written_at = EXCLUDED.written_at, text = EXCLUDED.text, version = EXCLUDED.version
         WHERE search.document.version <= EXCLUDED.version`,
        [JSON.stringify(docs)],
      );
    },
    async remove(ids: string[]) {
      if (ids.length) await db.query('DELETE FROM search.document WHERE id = ANY($1::text[])', [ids]);
    },
    async refresh() {
      // Writes are visible once committed.
    },
    async search(q: SearchQuery): Promise<SearchResponse> {
      const r = await db.query<{ id: string; kind: string; patient_id: string; score: number; headline: string; total: number }>(
        `WITH q AS (SELECT websearch_to_tsquery('norwegian', $1) AS tsq),
              matched AS (
                SELECT d.*, ts_rank(d.tsv, q.tsq) AS score, count(*) OVER () AS total
                  FROM search.document d, q
                 WHERE d.tsv @@ q.tsq AND ($2::text IS NULL OR d.patient_id = $2)
                 ORDER BY score DESC, d.id
                 LIMIT $3)
         SELECT m.id, m.kind, m.patient_id, m.score, m.total::int AS total,
                ts_headline('norwegian', m.text, q.tsq, 'StartSel=<em>, StopSel=</em>, MaxFragments=3') AS headline
           FROM matched m, q
          ORDER BY m.score DESC, m.id`,
        [q.query, q.patientId ?? null, q.first],
      );
      return {
        total: r.rows[0]?.total ?? 0,
        hits: r.rows.map((h) => ({
          id: h.id,
          kind: h.kind as IndexDocument['kind'],
          patientId: h.patient_id,
          score: Number(h.score),
          highlights: [h.headline],
        })),
      };
    },
    async close() {
      // The database is owned by the caller.
    },
  };
}
