import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { useDictionary } from './decompound';
import { createElasticsearchBackend } from './elasticsearch';
import { createPostgresBackend } from './postgres';
import { openExpansions } from './expansions';
import { withFeedback } from './feedback';
import { withClauseBudget } from './clause-budget';
import { withLiveNeighbours } from './live-neighbours';
import { loadVocabulary } from './vocabulary';
import type { SearchBackend } from './types';

/** Elasticsearch when ELASTICSEARCH_URL is set; otherwise PostgreSQL full-text search in the same database. */
export function createSearchBackend(config: Config, db: Db): SearchBackend {
  useDictionary(config.decompoundDictionary);
  // The learned query expansion's live model (none until trained: `npm run cli -- train-expansions`).
  const learned = config.expansions.dir
    ? openExpansions(config.expansions.dir, {
        minSimilarity: config.expansions.minSimilarity,
        max: config.expansions.max,
      })
    : undefined;
  const raw = config.elasticsearchUrl
    ? createElasticsearchBackend({
        url: config.elasticsearchUrl,
        prefix: config.esIndexPrefix,
        hunspellLocale: config.esHunspellLocale,
        learned,
        knn: config.expansions.knn,
      })
    : createPostgresBackend(db, learned, config.expansions.knn);
  // A query over Elasticsearch's clause cap runs again with fewer expansions (clause-budget.ts).
  const backend = withClauseBudget(raw);
  const vocabulary = loadVocabulary();
  // Pseudo-relevance feedback for words no concept names (search-index/feedback.ts).
  const withPrf = withFeedback(backend, learned, vocabulary, {
    minSimilarity: config.expansions.prfMinSimilarity,
    max: config.expansions.prfMax,
    candidates: config.expansions.prfCandidates,
  });
  // A model older than a removal: its neighbours that no indexed note has are left out (live-neighbours.ts).
  return withLiveNeighbours(withPrf, learned, vocabulary);
}
