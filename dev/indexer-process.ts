/**
 * The indexer alone, as a process a fault test can kill (SIGKILL) mid-indexing:
 * DATABASE_URL, ELASTICSEARCH_URL and ES_INDEX_PREFIX from the environment.
 */
import { loadConfig } from '../lib/config';
import { createPostgresDb } from '../lib/db';
import { createSearchBackend } from '../search-index/backend';
import { startIndexer } from '../search-index/indexer';
import { searchSources } from '../subgraphs/search/sources';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await createPostgresDb(config.databaseUrl!, 3);
  const backend = createSearchBackend(config, db);
  await backend.ensureReady();
  startIndexer(searchSources(db), backend, { intervalMs: 50 });
  process.stdout.write('indexer started\n');
  setInterval(() => undefined, 1 << 30);
}

main().catch((err) => {
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  process.exit(1);
});
