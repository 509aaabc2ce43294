import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { useDictionary } from './decompound';
import { createElasticsearchBackend } from './elasticsearch';
import { createPostgresBackend } from './postgres';
import type { SearchBackend } from './types';

/** Elasticsearch when ELASTICSEARCH_URL is set; otherwise PostgreSQL full-text search in the same database. */
export function createSearchBackend(config: Config, db: Db): SearchBackend {
  useDictionary(config.decompoundDictionary);
  return config.elasticsearchUrl
    ? createElasticsearchBackend({
        url: config.elasticsearchUrl,
        prefix: config.esIndexPrefix,
        hunspellLocale: config.esHunspellLocale,
      })
    : createPostgresBackend(db);
}
