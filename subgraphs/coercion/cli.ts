import type { CliCommand } from '../../lib/cli';

/** This subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {};
