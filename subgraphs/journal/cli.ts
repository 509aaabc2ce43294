import { UsageError, type CliCommand } from '../../lib/cli';
import { formatReport, ImportFailedError, IMPORT_SOURCES, runImport, type ImportSource } from './import/run';

function progressPrinter(): (done: number, total: number, records: number) => void {
  let lastPlain = 0;
  return (done, total, records) => {
    const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 100;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${records} records`,
      );
      if (pct === 100) process.stderr.write('\n');
    } else if (records - lastPlain >= 50_000 || pct === 100) {
      lastPlain = records;
      process.stderr.write(`progress: ${pct}% (${records} records)\n`);
    }
  };
}

/** This subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  import: {
    usage: 'import <hp|gerica|profil> <path>',
    description: 'import a source export into the journal (streaming; bad records are quarantined)',
    async run(args, { db }) {
      const [source, path] = args;
      if (!source || !path || args.length !== 2) throw new UsageError('import needs a source and a path');
      if (!(IMPORT_SOURCES as readonly string[]).includes(source)) {
        throw new UsageError(`unknown source "${source}": use one of ${IMPORT_SOURCES.join(', ')}`);
      }
      let report;
      try {
        report = await runImport(db, source as ImportSource, path, progressPrinter());
      } catch (err) {
        // One line, whatever stopped the run; the run's row says `failed` with the counts committed so far.
        if (err instanceof ImportFailedError) process.stderr.write(`Error: ${err.message}\n`);
        else process.stderr.write(`Cannot read ${path}: ${(err as Error).message}\n`);
        return 1;
      }
      process.stdout.write(formatReport(report) + '\n');
      return 0;
    },
  },
};
