import { Client, errors } from '@elastic/elasticsearch';
import { aliasName, indexName, indexTemplate } from './definition';
import type { IndexDocument, SearchBackend, SearchQuery, SearchResponse } from './types';

export interface ElasticsearchOptions {
  url: string;
  prefix: string;
  hunspellLocale: string;
}

export function createElasticsearchBackend(opts: ElasticsearchOptions): SearchBackend & { client: Client } {
  const client = new Client({ node: opts.url, requestTimeout: 30_000 });
  const alias = aliasName(opts.prefix);

  async function bulk(operations: object[]): Promise<void> {
    if (!operations.length) return;
    const r = await client.bulk({ operations, refresh: false });
    if (!r.errors) return;
    // A version conflict means the index already holds this version or a newer one: fine.
    const failed = r.items
      .map((i) => Object.values(i)[0])
      .filter((i) => i?.error && i.status !== 409 && !(i.status === 404 && 'result' in i && i.result === 'not_found'));
    if (failed.length) {
      const first = failed[0]!.error!;
      throw new Error(`bulk indexing failed for ${failed.length} documents: ${first.type}: ${first.reason}`);
    }
  }

  return {
    name: 'elasticsearch',
    client,
    async ensureReady() {
      await client.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
      await client.indices.putIndexTemplate(indexTemplate(opts.prefix, opts.hunspellLocale));
      const exists = await client.indices.existsAlias({ name: alias });
      if (!exists) {
        const index = indexName(opts.prefix);
        try {
          await client.indices.create({ index, aliases: { [alias]: {} } });
        } catch (err) {
          if (!(err instanceof errors.ResponseError && err.body?.error?.type === 'resource_already_exists_exception')) throw err;
        }
      }
    },
    async upsert(docs: IndexDocument[]) {
      await bulk(docs.flatMap((d) => [
        { index: { _index: alias, _id: d.id, version: d.version, version_type: 'external_gte' } },
        d,
      ]));
    },
    async remove(ids: string[]) {
      await bulk(ids.map((id) => ({ delete: { _index: alias, _id: id } })));
    },
    async refresh() {
      await client.indices.refresh({ index: alias });
    },
    async search(q: SearchQuery): Promise<SearchResponse> {
      const filter = q.patientId ? [{ term: { patientId: q.patientId } }] : [];
      const r = await client.search<IndexDocument>({
        index: alias,
        size: q.first,
        track_total_hits: true,
        _source: ['id', 'kind', 'patientId'],
        query: {
          bool: {
            must: [{ multi_match: { query: q.query, fields: ['text', 'text.exact'] } }],
            filter,
          },
        },
        highlight: {
          fields: { text: {}, 'text.exact': {} },
          pre_tags: ['<em>'],
          post_tags: ['</em>'],
        },
      });
      const total = typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0);
      return {
        total,
        hits: r.hits.hits.map((h) => ({
          id: h._source!.id,
          kind: h._source!.kind,
          patientId: h._source!.patientId,
          score: h._score ?? 0,
          highlights: [...new Set([...(h.highlight?.text ?? []), ...(h.highlight?.['text.exact'] ?? [])])],
        })),
      };
    },
    async close() {
      await client.close();
    },
  };
}
