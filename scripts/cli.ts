/**
 * `npm run cli -- <command> [args]` (also the `helsespor` bin). Commands live with the
 * subgraph that owns them; this file only dispatches.
 */
// First: graphql-js reads NODE_ENV once, when it is first loaded (lib/graphql-mode.ts).
import '../lib/graphql-mode';
import type { CliCommand } from '../lib/cli';
import { UsageError } from '../lib/cli';
import { loadConfig, type Config } from '../lib/config';
import { bulkTimeouts, createDb, createPostgresDb, isStatementTimeout, type Db } from '../lib/db';
import { log } from '../lib/log';
import { commands as auditCommands } from '../lib/audit-cli';
import { migrateShared } from '../lib/audit-db';
import { migrateSubgraph, type SubgraphDefinition } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { archiveSubgraph } from '../subgraphs/archive';
import { coercionSubgraph } from '../subgraphs/coercion';
import { commands as journalCommands } from '../subgraphs/journal/cli';
import { commands as archiveCommands } from '../subgraphs/archive/cli';
import { commands as coercionCommands } from '../subgraphs/coercion/cli';
import { commands as searchCommands } from '../subgraphs/search/cli';
import { commands as researchCommands } from '../lib/policy/research-cli';
import { commands as bundleCommands } from '../lib/bundle/cli';
import { searchMigrations } from '../subgraphs/search';
import { statisticsCommand } from '../lib/policy/statistics-cli';
import { journalStatisticsTables } from '../subgraphs/journal/statistics';
import { archiveStatisticsTables } from '../subgraphs/archive/statistics';
import { coercionStatisticsTables } from '../subgraphs/coercion/statistics';

type Owner = Pick<SubgraphDefinition, 'name' | 'migrationsDir'>;
interface Registered {
  owners: Owner[];
  command: CliCommand;
}

/** name → command, filled from each subgraph's cli module. */
function registry(): Map<string, Registered> {
  const map = new Map<string, Registered>();
  const add = (owners: Owner[], commands: Record<string, CliCommand>) => {
    for (const [name, command] of Object.entries(commands)) map.set(name, { owners, command });
  };
  add([], auditCommands);
  add([journalSubgraph], journalCommands);
  add([archiveSubgraph], archiveCommands);
  add([coercionSubgraph], coercionCommands);
  // Reporting tables (issue 16): each subgraph counts its own.
  add([journalSubgraph, archiveSubgraph, coercionSubgraph], {
    statistics: statisticsCommand({
      journal: journalStatisticsTables,
      archive: archiveStatisticsTables,
      coercion: coercionStatisticsTables,
    }),
  });
  // The search commands read every subgraph's outbox.
  add([journalSubgraph, archiveSubgraph, coercionSubgraph, searchMigrations], searchCommands);
  // Research grants and extracts read the journal, archive and coercion tables.
  add([journalSubgraph, archiveSubgraph, coercionSubgraph], researchCommands);
  // The evidence bundle is the dossier, which reads every owner (lib/bundle).
  add([journalSubgraph, archiveSubgraph, coercionSubgraph, searchMigrations], bundleCommands);
  return map;
}

function usage(commands: Map<string, Registered>): string {
  const lines = ['Usage: npm run cli -- <command> [args]', '', 'Commands:'];
  for (const { command } of commands.values())
    lines.push(`  ${command.usage.padEnd(44)} ${command.description}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const commands = registry();
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(usage(commands) + '\n');
    return name ? 0 : 2;
  }
  const entry = commands.get(name);
  if (!entry) {
    process.stderr.write(`Unknown command: ${name}\n\n${usage(commands)}\n`);
    return 2;
  }
  // `<command> --help`: its usage, before any configuration or database is read (found in
  // review s33: the database was opened and migrated, then --help taken for an argument).
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`Usage: npm run cli -- ${entry.command.usage}\n\n${entry.command.description}\n`);
    return 0;
  }
  const config = loadConfig();
  if (entry.command.noDatabase) return runWithoutDatabase(entry.command, args, config);
  // Without either, PGlite would run in memory: an import reported its counts and was gone
  // when the command ended (found in review s33).
  if (!config.databaseUrl && !config.pgliteDataDir) {
    process.stderr.write(
      `${name} needs a database: set DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (the folder npm start keeps its embedded database in; stop npm start first); without either it would work on an empty in-memory database that is gone when the command ends\n`,
    );
    return 2;
  }
  // Imports and bulk jobs: the longer statement timeout (DATABASE_BULK_STATEMENT_TIMEOUT_MS).
  const db = await createDb(config, { bulk: true });
  try {
    const admin = config.databaseAdminUrl
      ? await createPostgresDb(config.databaseAdminUrl, 1, bulkTimeouts(config))
      : undefined;
    try {
      await migrateShared(db, admin);
      for (const owner of entry.owners) await migrateSubgraph(db, owner, admin);
    } finally {
      await admin?.close();
    }
    return await entry.command.run(args, { db, config });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nUsage: npm run cli -- ${entry.command.usage}\n`);
      return 2;
    }
    if (isStatementTimeout(err)) {
      log.warn(
        { command: name, statementTimeoutMs: db.statementTimeouts?.query ?? null, code: '57014' },
        'database statement cancelled at the statement timeout',
      );
      process.stderr.write(
        `Error: a database statement ran longer than DATABASE_BULK_STATEMENT_TIMEOUT_MS=${db.statementTimeouts?.query ?? 0} ms and was cancelled; nothing of that transaction was stored. Raise the setting (0 = no limit) or split the job\n`,
      );
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

async function runWithoutDatabase(command: CliCommand, args: string[], config: Config): Promise<number> {
  try {
    return await command.run(args, { db: null as unknown as Db, config });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nUsage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
