import { UsageError, type CliCommand } from '../../lib/cli';
import { createSearchBackend } from '../../search-index/backend';
import { reconcile, reindex } from '../../search-index/maintenance';
import { searchSources } from './sources';

/** The search subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  reindex: {
    usage: 'reindex',
    description: 'build the search index anew from the database and swap it in (no downtime)',
    async run(args, { db, config }) {
      if (args.length) throw new UsageError('reindex takes no arguments');
      const backend = createSearchBackend(config, db);
      const tty = process.stderr.isTTY;
      const r = await reindex(searchSources(db), backend, (n) => {
        if (tty) process.stderr.write(`\rindexed ${n} documents`);
        else if (n % 50_000 < 2000) process.stderr.write(`progress: ${n} documents\n`);
      });
      if (tty) process.stderr.write('\n');
      await backend.close();
      process.stdout.write(
        `Reindexed ${r.documents} documents into ${r.index}; ${r.caughtUp} changed during the rebuild were applied again.\n`,
      );
      return 0;
    },
  },
  reconcile: {
    usage: 'reconcile',
    description: 'compare the index with the database (ids and versions) and repair drift',
    async run(args, { db, config }) {
      if (args.length) throw new UsageError('reconcile takes no arguments');
      const backend = createSearchBackend(config, db);
      const r = await reconcile(searchSources(db), backend);
      await backend.close();
      process.stdout.write(
        `Checked ${r.checked} indexed documents: ${r.missing} missing, ${r.stale} stale, ${r.extra} that should not be there; ${r.repaired} repaired.\n`,
      );
      return 0;
    },
  },
};
