import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { CallerContext, Role } from './auth';
import type { Config } from './config';
import type { Db } from './db';

/** One `npm run cli -- <name> ...` command. Each subgraph exports its own from `subgraphs/<name>/cli.ts`. */
export interface CliCommand {
  /** e.g. `import <hp|gerica|profil> <path>` */
  usage: string;
  description: string;
  /** The command reads no database (e.g. verify-bundle): none is opened or migrated. */
  noDatabase?: boolean;
  /** Returns the process exit code. The database is migrated for the owning subgraph before run. */
  run(args: string[], ctx: { db: Db; config: Config }): Promise<number>;
}

/** Thrown for bad command-line input: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The caller a CLI command that prints patient data writes its access-log rows as: the
 * operating-system user (`cli:<user>`), with the role the command acts in and a stated purpose.
 */
export function cliCaller(role: Role, purpose: string, matter?: string): CallerContext {
  return {
    userId: `cli:${userInfo().username}`,
    role,
    purpose,
    matter,
    selfAuthorized: false,
    requestId: randomUUID(),
  };
}
