/**
 * `npm run cli -- statistics <table> [--from M] [--to M] [--unit U]… [--measure M]…
 * [--csv file] [--svg file] [--json file]`: a reporting table from the database, protected
 * exactly as the GraphQL field answers it (buildStatistics: the same blocks, the same
 * suppression). Every read writes the access-log row the GraphQL field writes (patient key
 * `*`, entity type `statistics`, the table and its filter; statistics.ts), as every other CLI
 * read does, under the operator as `cli:<user>` with role reporting, before anything is
 * written out (found in review: the CLI read unlogged). Without --csv/--svg/--json the CSV
 * goes to stdout. A bad filter is a one-line error, exit 2, and no row.
 */
import { writeFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { AuditTrail } from '../audit';
import { cliCaller, UsageError, type CliCommand } from '../cli';
import { toCsv } from './disclosure';
import { buildStatistics, statisticsLogId, type StatisticsDefinition } from './statistics';
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

/** The tables of each subgraph (its name, as the access log's `subgraph` column has it). */
export function statisticsCommand(
  bySubgraph: Record<string, Record<string, StatisticsDefinition>>,
): CliCommand {
  const tables: Record<string, StatisticsDefinition> = Object.assign({}, ...Object.values(bySubgraph));
  const ownerOf = (name: string) => Object.keys(bySubgraph).find((s) => name in bySubgraph[s]!)!;
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
      // The filter as asked (what was given only, as the GraphQL field's argument).
      const filter = {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(units.length ? { units } : {}),
        ...(measures.length ? { measures } : {}),
      };
      let table;
      try {
        table = await buildStatistics(db, tables[name], filter);
      } catch (err) {
        if (err instanceof GraphQLError) throw new UsageError(err.message);
        throw err;
      }
      // Logged before anything is written out: no log row, no table.
      const audit = new AuditTrail(ownerOf(name), cliCaller('reporting', 'MANAGEMENT_STATISTICS'));
      audit.record('*', 'statistics', [statisticsLogId(name, filter)]);
      await audit.flush(db);
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
