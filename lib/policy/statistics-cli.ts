/**
 * `npm run cli -- statistics <table> [--from M] [--to M] [--unit U]… [--measure M]…
 * [--csv file] [--svg file] [--json file]`: a reporting table from the database, protected
 * exactly as the GraphQL field answers it (buildStatistics: the same blocks, the same
 * suppression). The tables carry no patient data, so nothing goes to the access log. Without
 * --csv/--svg/--json the CSV goes to stdout. A bad filter is a one-line error, exit 2.
 */
import { writeFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { UsageError, type CliCommand } from '../cli';
import { toCsv } from './disclosure';
import { buildStatistics, type StatisticsDefinition } from './statistics';
import { statisticsSvg } from './statistics-svg';

function take(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    out.push(v);
    args.splice(i, 2);
  }
  return out;
}

export function statisticsCommand(tables: Record<string, StatisticsDefinition>): CliCommand {
  const names = Object.keys(tables);
  return {
    usage: `statistics <${names.join('|')}> [--from YYYY-MM] [--to YYYY-MM] [--unit U] [--measure M] [--csv f] [--svg f] [--json f]`,
    description: 'a reporting table with small cells suppressed, as CSV / SVG / JSON',
    async run(argv, { db }) {
      const args = [...argv];
      const [from] = take(args, '--from');
      const [to] = take(args, '--to');
      const units = take(args, '--unit');
      const measures = take(args, '--measure');
      const [csv] = take(args, '--csv');
      const [svg] = take(args, '--svg');
      const [json] = take(args, '--json');
      const [name, ...rest] = args;
      if (!name || !tables[name]) throw new UsageError(`table must be one of ${names.join(', ')}`);
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
      const filter = {
        from: from ?? null,
        to: to ?? null,
        units: units.length ? units : null,
        measures: measures.length ? measures : null,
      };
      let table;
      try {
        table = await buildStatistics(db, tables[name], filter);
      } catch (err) {
        if (err instanceof GraphQLError) throw new UsageError(err.message);
        throw err;
      }
      if (csv) writeFileSync(csv, toCsv(table));
      if (svg) writeFileSync(svg, statisticsSvg(table));
      if (json) writeFileSync(json, JSON.stringify(table, null, 1) + '\n');
      if (!csv && !svg && !json) process.stdout.write(toCsv(table));
      process.stderr.write(
        `${table.title}: ${table.cells.length} cells, ${table.suppressedCells} suppressed (small cells and their complements)\n`,
      );
      return 0;
    },
  };
}
