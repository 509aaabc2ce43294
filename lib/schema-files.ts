/**
 * The SDL files of a subgraph: `schema/<name>.graphql` and the shared fragments it includes
 * with a line `# include: shared/<file>.graphql` (types several subgraphs declare alike,
 * e.g. the @shareable statistics table). Read by the subgraph at start (lib/subgraph.ts
 * readSchema, which the gateway's composition uses too) and by codegen.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA_DIR = join(__dirname, '..', 'schema');
const INCLUDE = /^# include: (shared\/[a-z0-9-]+\.graphql)$/gm;

/** Paths relative to the repository root, the subgraph's own file first. */
export function schemaFiles(name: string): string[] {
  const own = readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8');
  return [`schema/${name}.graphql`, ...[...own.matchAll(INCLUDE)].map((m) => `schema/${m[1]}`)];
}

/** The subgraph's SDL: its own file followed by every fragment it includes. */
export function readSchemaFiles(name: string): string {
  return schemaFiles(name)
    .map((f) => readFileSync(join(SCHEMA_DIR, '..', f), 'utf8'))
    .join('\n');
}
