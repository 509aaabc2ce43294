import type { Db } from '../lib/db';
import { pgScope } from './filters';
import { buildQuery, type Expansion } from './query';
import { loadVocabulary } from './vocabulary';
import type { IndexDocument, RebuildTarget, SearchBackend, SearchQuery, SearchResponse } from './types';

/**
 * Embedded search: PostgreSQL full-text search (Norwegian snowball stemmer) over
 * search.document, migrated by the search subgraph. It builds the same expansions as
 * the Elasticsearch backend but is less clever, as the contract tests state:
 * - no typo tolerance (typo expansions match nothing here);
 * - a near rule needs both words in the note, at any distance;
 * - a compound exclusion ("antimobb") drops the compound expansion for the whole note;
 * - phrases ignore slop; paging uses an offset cursor.
 */
export function createPostgresBackend(db: Db): SearchBackend {
  const vocabulary = loadVocabulary();

  /** SQL predicate for one expansion; pushes its parameters. */
  function predicate(e: Expansion, p: unknown[]): string {
    const arg = (v: unknown) => {
      p.push(v);
      return `$${p.length}`;
    };
    switch (e.kind) {
      case 'word':
      case 'term':
        return `(d.tsv @@ plainto_tsquery('norwegian', ${arg(e.text)}))`;
      case 'compound': {
        const not = (e.not ?? []).map((x) => ` AND d.text NOT ILIKE ${arg(`%${x}%`)}`).join('');
        return `(d.text ILIKE ${arg(`%${e.text}%`)}${not})`;
      }
      case 'phrase':
        return `(d.tsv @@ phraseto_tsquery('norwegian', ${arg(e.text)}))`;
      case 'near':
        return `(d.tsv @@ plainto_tsquery('norwegian', ${arg(e.text)}) AND d.tsv @@ to_tsquery('norwegian', ${arg((e.context ?? []).join(' | '))}))`;
      case 'typo':
        return 'false';
    }
  }

  return {
    name: 'postgres',
    async ensureReady() {
      await db.query('SELECT 1 FROM search.document LIMIT 1');
    },
    upsert: createPostgresTable(db, 'search.document'),
    async remove(ids: string[]) {
      if (ids.length) await db.query('DELETE FROM search.document WHERE id = ANY($1::text[])', [ids]);
    },
    async refresh() {
      // Writes are visible once committed.
    },
    async expungeDeleted() {
      // A deleted row is gone from the table once committed; VACUUM reclaims its space.
      return { deletedBefore: null, deletedAfter: null };
    },
    async search(q: SearchQuery): Promise<SearchResponse> {
      const built = buildQuery(q.query, vocabulary, { expand: q.expand, disabled: q.disabled });
      const p: unknown[] = [];
      const arg = (v: unknown) => {
        p.push(v);
        return `$${p.length}`;
      };
      const filters = ['true'];
      if (q.patientIds?.length || q.nationalIds?.length) {
        filters.push(
          `(d.patient_id = ANY(${arg(q.patientIds ?? [])}::text[]) OR d.national_ids && ${arg(q.nationalIds ?? [])}::text[])`,
        );
      }
      if (q.from) filters.push(`d.local_date >= ${arg(q.from)}::date`);
      if (q.to) filters.push(`d.local_date <= ${arg(q.to)}::date`);
      if (q.ageFrom != null) filters.push(`d.age_at_date >= ${arg(q.ageFrom)}`);
      if (q.ageTo != null) filters.push(`d.age_at_date <= ${arg(q.ageTo)}`);
      if (q.sources?.length) filters.push(`d.source_system = ANY(${arg(q.sources)}::text[])`);
      if (q.kinds?.length) filters.push(`d.kind = ANY(${arg(q.kinds)}::text[])`);
      filters.push(pgScope(q.scope, arg));
      const cols = built.expansions.map((e, i) => `${predicate(e, p)} AS m${i}`);
      let offset = 0;
      if (q.after) {
        offset = Number(Buffer.from(q.after, 'base64url').toString('utf8'));
        if (!Number.isInteger(offset) || offset < 0) throw new Error('invalid cursor');
      }
      const index = new Map(built.expansions.map((e, i) => [e, i]));
      const mustMatch = built.groups
        .map((g) => `(${g.map((e) => `m${index.get(e)}`).join(' OR ')})`)
        .join(' AND ');
      const highlightTerms = built.expansions
        .filter((e) => e.kind === 'word' || e.kind === 'term' || e.kind === 'near')
        .map((e) => e.text);
      const r = await db.query<
        Record<string, unknown> & {
          id: string;
          kind: string;
          patient_id: string | null;
          national_ids: string[];
          refs: IndexDocument['refs'];
          text: string;
          total: number;
        }
      >(
        `WITH docs AS (SELECT d.id, d.kind, d.patient_id, d.national_ids, d.refs, d.text, d.tsv, ${cols.join(', ')} FROM search.document d WHERE ${filters.join(' AND ')}),
              matched AS (SELECT * FROM docs WHERE ${mustMatch}),
              counts AS (SELECT ${built.expansions.map((_, i) => `count(*) FILTER (WHERE m${i})::int AS c${i}`).join(', ')} FROM docs),
              ranked AS (SELECT m.*, (${built.expansions.map((_, i) => `m${i}::int`).join(' + ')})::float AS score, count(*) OVER ()::int AS total
                           FROM matched m ORDER BY score DESC, m.id LIMIT ${arg(q.first + 1)} OFFSET ${arg(offset)})
         SELECT r.*, c.*, ts_headline('norwegian', r.text, to_tsquery('norwegian', ${arg(
           highlightTerms
             .map((t) =>
               t
                 .replace(/[^\p{L}\p{N}]+/gu, ' ')
                 .trim()
                 .split(' ')
                 .join(' & '),
             )
             .map((t) => `(${t})`)
             .join(' | ') || 'x',
         )}),
                                  'StartSel=<em>, StopSel=</em>, MaxFragments=3') AS headline
           FROM counts c LEFT JOIN ranked r ON true ORDER BY r.score DESC, r.id`,
        p,
      );
      const rows = r.rows.filter((x) => x.id);
      const countsRow: Record<string, unknown> = r.rows[0] ?? {};
      const page = rows.slice(0, q.first);
      return {
        total: rows[0]?.total ?? 0,
        hits: page.map((h) => ({
          id: h.id,
          kind: h.kind as IndexDocument['kind'],
          patientId: h.patient_id,
          nationalIds: h.national_ids,
          refs: h.refs,
          score: Number(h.score),
          highlights: q.highlight === false ? [] : [String(h.headline)],
          matched: built.expansions
            .filter((_, i) => h[`m${i}`] === true)
            .map((e) => e.name)
            .sort(),
        })),
        termReport: built.expansions.map((e, i) => ({
          expansion: e.name,
          word: e.word,
          kind: e.kind,
          concept: e.concept,
          hits: Number(countsRow[`c${i}`] ?? 0),
        })),
        hasNextPage: rows.length > q.first,
        endCursor: rows.length > q.first ? Buffer.from(String(offset + q.first)).toString('base64url') : null,
      };
    },
    async scanVersions(afterId: string, limit: number) {
      return (
        await db.query<{ id: string; version: number }>(
          'SELECT id, version FROM search.document WHERE id > $1 ORDER BY id LIMIT $2',
          [afterId, limit],
        )
      ).rows;
    },
    async countBySource(q) {
      const p: unknown[] = [
        q.patientIds ?? [],
        q.from ?? null,
        q.to ?? null,
        q.ageFrom ?? null,
        q.ageTo ?? null,
        q.nationalIds ?? [],
      ];
      const scope = pgScope(q.scope, (v) => {
        p.push(v);
        return `$${p.length}`;
      });
      const r = await db.query<{ source_system: string; n: number }>(
        `SELECT kind || ':' || source_system AS source_system, count(*)::int AS n FROM search.document d
          WHERE (patient_id = ANY($1::text[]) OR national_ids && $6::text[]) AND ($2::date IS NULL OR local_date >= $2) AND ($3::date IS NULL OR local_date <= $3)
            AND ($4::int IS NULL OR age_at_date >= $4) AND ($5::int IS NULL OR age_at_date <= $5) AND ${scope}
          GROUP BY kind, source_system`,
        p,
      );
      return new Map(r.rows.map((x) => [x.source_system, x.n]));
    },
    async beginRebuild(): Promise<RebuildTarget> {
      // Built in a staging table; commit swaps it in within one transaction (readers see the old rows until then).
      await db.exec(
        'DROP TABLE IF EXISTS search.document_rebuild; CREATE TABLE search.document_rebuild (LIKE search.document INCLUDING ALL)',
      );
      const staging = createPostgresTable(db, 'search.document_rebuild');
      return {
        name: 'search.document_rebuild',
        upsert: staging,
        async commit() {
          await db.transaction(async (tx) => {
            await tx.query('DELETE FROM search.document');
            await tx.query(`INSERT INTO search.document (id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, author_name, service, national_ids, refs)
                            SELECT id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, author_name, service, national_ids, refs
                              FROM search.document_rebuild`);
            await tx.query('DROP TABLE search.document_rebuild');
          });
        },
        async abort() {
          await db.exec('DROP TABLE IF EXISTS search.document_rebuild');
        },
      };
    },
    async close() {
      // The database is owned by the caller.
    },
  };
}

/** Bulk upsert into a search document table. */
function createPostgresTable(db: Db, table: string) {
  return async (docs: IndexDocument[]) => {
    if (!docs.length) return;
    await db.query(
      `INSERT INTO ${table} (id, kind, patient_id, source_system, entry_type, written_at, text, version, local_date, age_at_date, author_name, service, national_ids, refs)
       SELECT id, kind, "patientId", "sourceSystem", type, "writtenAt", text, version, "localDate", "ageAtDate", "authorName", service,
              ARRAY(SELECT jsonb_array_elements_text("nationalIds")), refs
         FROM jsonb_to_recordset($1::jsonb) AS d(id text, kind text, "patientId" text, "sourceSystem" text, type text,
              "writtenAt" timestamptz, text text, version int, "localDate" date, "ageAtDate" int, "authorName" text, service text,
              "nationalIds" jsonb, refs jsonb)
       ON CONFLICT (id) DO UPDATE SET
         patient_id = EXCLUDED.patient_id, source_system = EXCLUDED.source_system, entry_type = EXCLUDED.entry_type,
         written_at = EXCLUDED.written_at, text = EXCLUDED.text, version = EXCLUDED.version, local_date = EXCLUDED.local_date,
         age_at_date = EXCLUDED.age_at_date, author_name = EXCLUDED.author_name, service = EXCLUDED.service,
         national_ids = EXCLUDED.national_ids, refs = EXCLUDED.refs`,
      [JSON.stringify(docs)],
    );
  };
}
