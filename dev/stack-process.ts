/**
 * The whole stack (subgraphs, gateway, indexer) as a process a fault test can kill
 * (SIGKILL) mid-indexing: DATABASE_URL, ELASTICSEARCH_URL and ES_INDEX_PREFIX from the
 * environment, every server on a free port. Prints the gateway URL when it is up.
 */
import { startStack } from '../scripts/stack';
import { testConfig } from './services';

async function main(): Promise<void> {
  const stack = await startStack(
    testConfig({
      databaseUrl: process.env.DATABASE_URL,
      elasticsearchUrl: process.env.ELASTICSEARCH_URL,
      esIndexPrefix: process.env.ES_INDEX_PREFIX,
    }),
    { indexerIntervalMs: 50 },
  );
  process.stdout.write(`stack up: ${stack.gateway.url}\n`);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err) => {
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  process.exit(1);
});
