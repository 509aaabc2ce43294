import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';
import { log } from './log';

/**
 * Forward-only SQL migrations. Each scope (a subgraph, or `shared`) has a folder of
 * `NNN_name.sql` files applied in name order, each in its own transaction, recorded in
 * public.schema_migrations with a checksum. An applied file that has since changed
 * stops start-up: migrations are never edited, only added.
 */
export async function migrate(db: Db, scope: string, dir: string): Promise<string[]> {
  // Checked first: a login without CREATE on schema public (the application's, when
  // DATABASE_ADMIN_URL made the table) may use the table but not run CREATE TABLE on it.
  const exists = await db.query<{ t: string | null }>(
    "SELECT to_regclass('public.schema_migrations')::text AS t",
  );
  if (!exists.rows[0]?.t)
    await db.exec(`
    CREATE TABLE IF NOT EXISTS public.schema_migrations (
      scope text NOT NULL,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, name)
    )`);
  // One migrator at a time per database (several subgraph processes may start together).
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied = new Map(
    (
      await db.query<{ name: string; checksum: string }>(
        'SELECT name, checksum FROM public.schema_migrations WHERE scope = $1',
        [scope],
      )
    ).rows.map((r) => [r.name, r.checksum]),
  );
  const done: string[] = [];
  for (const file of files) {
    const sql = readFileSync(join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = applied.get(file);
    if (previous !== undefined) {
      if (previous !== checksum) {
        throw new Error(
          `Migration ${scope}/${file} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    await db.transaction(async (tx) => {
      // A migration may rewrite a large table: the longer (bulk) statement timeout, this transaction only.
      if (db.statementTimeouts)
        await tx.query(`SET LOCAL statement_timeout = ${Math.trunc(db.statementTimeouts.bulk)}`);
      if (db.kind === 'postgres')
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${scope}`]);
      const again = await tx.query('SELECT 1 FROM public.schema_migrations WHERE scope = $1 AND name = $2', [
        scope,
        file,
      ]);
      if (again.rowCount > 0) return;
      for (const statement of splitSql(sql)) await tx.query(statement);
      await tx.query('INSERT INTO public.schema_migrations (scope, name, checksum) VALUES ($1, $2, $3)', [
        scope,
        file,
        checksum,
      ]);
      done.push(file);
    });
  }
  if (done.length) log.info({ scope, applied: done }, 'migrations applied');
  return done;
}

/** Splits a migration file into statements; `$$`-quoted bodies are kept whole. */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    const dollars = (line.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    current += line + '\n';
    if (!inDollar && /;\s*$/.test(line)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
