/** One import in its own process, so its peak memory is its own. Prints one JSON line. */
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { migrateSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport, type ImportSource } from '../subgraphs/journal/import/run';

async function main(): Promise<void> {
  const [source, path] = process.argv.slice(2) as [ImportSource, string];
  const db = await createDb(loadConfig());
  await migrateSubgraph(db, journalSubgraph);
  const started = process.hrtime.bigint();
  const report = await runImport(db, source, path);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await db.close();
  const e = report.counts.entries;
  process.stdout.write(
    JSON.stringify({
      source,
      notes: e.accepted + e.updated + e.unchanged,
      ms,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
