import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliCommand } from '../../lib/cli';
import { createSearchBackend } from '../../search-index/backend';
import { reconcile, reindex } from '../../search-index/maintenance';
import { searchSources } from './sources';
import { useDictionary } from '../../search-index/decompound';
import { markExpansionsStale, trainExpansions, trainLiveConcepts } from '../../search-index/expansions';
import type { Config } from '../../lib/config';
import { corpusFromSources } from '../../search-index/trainer';

/**
 * Documents that reindex or reconcile removed from the index (a deletion, helsepersonelloven § 43,
 * or a move whose removal never reached it) may have been in the text the live learned model was
 * trained on: the model is marked stale, as the server's indexer does (trainer.ts `removed`), so
 * search checks its words against the index until a model trained after now is live (the server's
 * next training, or `train-expansions`). Returns the line for the report, or ''.
 */
function markLearnedStale(config: Config, removed: number): string {
  if (!removed || !config.expansions.dir || !markExpansionsStale(config.expansions.dir)) return '';
  return `Learned expansions marked stale (${removed} documents removed): search checks their words against the index until a model trained after now is live.\n`;
}

/** The search subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  'train-expansions': {
    usage: 'train-expansions',
    description:
      'train the learned query expansion (fastText) on every searchable note now and make it live (HELSESPOR_EXPANSIONS_DIR)',
    async run(args, { db, config }) {
      if (args.length) throw new UsageError('train-expansions takes no arguments');
      if (!config.expansions.dir)
        throw new UsageError('HELSESPOR_EXPANSIONS_DIR is empty: learned expansion is off');
      useDictionary(config.decompoundDictionary);
      const r = await trainExpansions(corpusFromSources(searchSources(db)), config.expansions.dir);
      process.stdout.write(
        `Trained on ${r.docs} notes (${r.tokens} words) in ${(r.ms / 1000).toFixed(1)} s: ${r.words} words with neighbour lists, live in ${r.dir}.\n`,
      );
      return 0;
    },
  },
  'train-concepts': {
    usage: 'train-concepts [examples.json]',
    description:
      'train the learned concept directions (classifier:<concept>) of the live model anew from labelled examples (default search-index/concept-examples.json); no fastText run',
    async run(args, { config }) {
      if (args.length > 1) throw new UsageError('train-concepts takes at most one file');
      if (!config.expansions.dir)
        throw new UsageError('HELSESPOR_EXPANSIONS_DIR is empty: learned expansion is off');
      if (!existsSync(join(config.expansions.dir, 'current')))
        throw new UsageError('no live model yet: run train-expansions first');
      if (args[0] && !existsSync(args[0])) throw new UsageError(`no such file: ${args[0]}`);
      useDictionary(config.decompoundDictionary);
      const r = await trainLiveConcepts(config.expansions.dir, args[0]);
      process.stdout.write(
        `Trained ${r.concepts.length} concept directions on ${r.examples} examples for ${r.model}.\n`,
      );
      return 0;
    },
  },
  reindex: {
    usage: 'reindex',
    description: 'build the search index anew from the database and swap it in (no downtime)',
    async run(args, { db, config }) {
      if (args.length) throw new UsageError('reindex takes no arguments');
      const backend = createSearchBackend(config, db);
      const tty = process.stderr.isTTY;
      let stale = '';
      const r = await reindex(
        searchSources(db),
        backend,
        (n) => {
          if (tty) process.stderr.write(`\rindexed ${n} documents`);
          else if (n % 50_000 < 2000) process.stderr.write(`progress: ${n} documents\n`);
        },
        { onRemoved: (n) => (stale = markLearnedStale(config, n)) },
      );
      if (tty) process.stderr.write('\n');
      await backend.close();
      process.stdout.write(
        `Reindexed ${r.documents} documents into ${r.index}; ${r.caughtUp} changed during the rebuild were applied again.\n` +
          stale,
      );
      return 0;
    },
  },
  reconcile: {
    usage: 'reconcile [--check]',
    description:
      'compare the index with the database (ids and versions) and repair drift; --check: only report it (exit 1 on drift)',
    async run(args, { db, config }) {
      const check = args[0] === '--check';
      if (args.length > (check ? 1 : 0)) throw new UsageError('reconcile takes only --check');
      const backend = createSearchBackend(config, db);
      let stale = '';
      const r = await reconcile(searchSources(db), backend, {
        check,
        onRemoved: (n) => (stale = markLearnedStale(config, n)),
      }).finally(() => backend.close());
      if (check) {
        const drift = r.missing + r.stale + r.extra;
        const ex = (k: 'missing' | 'stale' | 'extra') =>
          r.examples[k].length ? ` (e.g. ${r.examples[k].join(', ')})` : '';
        process.stdout.write(
          `Checked ${r.checked} indexed documents, nothing changed: ${r.missing} missing${ex('missing')}, ${r.stale} stale${ex('stale')}, ${r.extra} stray${ex('extra')}.\n` +
            (drift
              ? 'Drift found: run `npm run cli -- reconcile` to repair.\n'
              : 'Index and database agree.\n'),
        );
        return drift ? 1 : 0;
      }
      process.stdout.write(
        `Checked ${r.checked} indexed documents: ${r.missing} missing, ${r.stale} stale, ${r.extra} that should not be there; ${r.repaired} repaired.\n` +
          stale,
      );
      return 0;
    },
  },
};
