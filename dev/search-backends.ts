/**
 * The three search backends a backend-level test runs against, each on its own index or
 * database: Elasticsearch (a fresh index prefix), PostgreSQL full-text search on the real
 * PostgreSQL of the tests, and on embedded PGlite. For `describe.each`.
 */
import { join } from 'node:path';
import { createPgliteDb, type Db } from '../lib/db';
import { migrate } from '../lib/migrate';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { createPostgresBackend } from '../search-index/postgres';
import type { IndexDocument, SearchBackend, SearchQuery } from '../search-index/types';
import { createTestDatabase, dropIndexes, requireEnv, testIndexPrefix } from './services';

export interface BackendHarness {
  backend: SearchBackend;
  /** The PostgreSQL backends' database. */
  db?: Db;
  cleanup(): Promise<void>;
}

/** The search room's own tables (the PostgreSQL backend keeps its documents there). */
export async function withSearchSchema(db: Db): Promise<void> {
  await migrate(db, 'search', join(__dirname, '..', 'subgraphs', 'search', 'migrations'));
}

export const SEARCH_BACKENDS: [string, () => Promise<BackendHarness>][] = [
  [
    'elasticsearch',
    async () => {
      const prefix = testIndexPrefix();
      const backend = createElasticsearchBackend({
        url: requireEnv('ELASTICSEARCH_URL'),
        prefix,
        hunspellLocale: 'nb_NO',
      });
      return {
        backend,
        cleanup: async () => {
          await backend.close();
          await dropIndexes(prefix);
        },
      };
    },
  ],
  [
    'postgres (real PostgreSQL)',
    async () => {
      const tdb = await createTestDatabase();
      await withSearchSchema(tdb.db);
      return { backend: createPostgresBackend(tdb.db), db: tdb.db, cleanup: () => tdb.drop() };
    },
  ],
  [
    'postgres (PGlite, embedded)',
    async () => {
      const db = await createPgliteDb();
      await withSearchSchema(db);
      return { backend: createPostgresBackend(db), db, cleanup: () => db.close() };
    },
  ],
];

/**
 * `live` whose rebuild (reindex) runs `beforeSwap` after the new index is built and before it
 * is swapped in: a change committed there is what reindex's catch-up must carry over.
 */
export function rebuildingWith(live: SearchBackend, beforeSwap: () => Promise<void>): SearchBackend {
  return {
    ...live,
    async beginRebuild() {
      const target = await live.beginRebuild();
      return {
        ...target,
        async commit() {
          await beforeSwap();
          await target.commit();
        },
      };
    },
  };
}

/**
 * A Profil journal note of one patient for a backend-level test; `earlierText` gives it that many
 * earlier versions (their text, oldest first), as the indexer writes a corrected note.
 */
export function testNote(
  id: string,
  text: string,
  at: { patientId: string; type: string; writtenAt: string; ageAtDate: number },
  earlierText?: string[],
): IndexDocument {
  return {
    id,
    kind: 'journal_entry',
    patientId: at.patientId,
    nationalIds: [],
    refs: { entityId: id },
    sourceSystem: 'PROFIL',
    type: at.type,
    writtenAt: at.writtenAt,
    localDate: at.writtenAt.slice(0, 10),
    ageAtDate: at.ageAtDate,
    authorName: 'Berit Hoel',
    service: null,
    text,
    version: earlierText ? earlierText.length + 1 : 1,
    ...(earlierText
      ? { earlierText, earlierVersions: earlierText.length, earlierSourceSystems: ['PROFIL'] }
      : {}),
  };
}

/**
 * A search with the words' and the vocabulary's expansions only (no learned words, feedback,
 * kNN or classifier, whose matches depend on a trained model): what a test of a rule looks at.
 */
export function rulesSearch(backend: SearchBackend, query: string, earlierVersions = false) {
  return backend.search({
    query,
    first: 20,
    earlierVersions,
    termReport: true,
    disabled: ['prf', 'learned', 'knn', 'classifier'],
  } as SearchQuery);
}
