import { join } from 'node:path';
import type { Db } from './db';
import { log } from './log';
import { migrate } from './migrate';

/**
 * Who may do what with the access log (README.md, "Access log"):
 * - helsespor_audit_owner (NOLOGIN) owns schema audit, its tables and functions;
 * - helsespor_audit_writer (NOLOGIN) may INSERT and SELECT on audit.access_log, SELECT the
 *   chain head; the application's login (DATABASE_URL) is made a member of it;
 * - the admin login (DATABASE_ADMIN_URL) applies the shared migrations, which create both.
 */
export const AUDIT_OWNER = 'helsespor_audit_owner';
export const AUDIT_WRITER = 'helsespor_audit_writer';

export const SHARED_MIGRATIONS = join(__dirname, 'migrations');

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

let warned = false;

/**
 * Applies the shared migrations (the access log). With `admin`, they run as that login and
 * the application's login (`db`) is then granted what it needs: membership of the writer role,
 * CREATE on the database (for its own schemas, which it owns) and on schema public, and use of
 * the migrations table.
 * Without, `db` applies them itself (it must then be allowed to create roles: a superuser in
 * development, or PGlite), and a warning says that the log is not protected from it.
 */
export async function migrateShared(db: Db, admin?: Db): Promise<void> {
  if (!admin) {
    try {
      await migrate(db, 'shared', SHARED_MIGRATIONS);
    } catch (err) {
      // 42501 insufficient_privilege: a login that is not allowed to set up the access log.
      if (
        (err as { code?: string }).code === '42501' ||
        /needs a login that may create roles/.test(String(err))
      )
        throw new Error(
          `the access log's migrations need a login that may create roles (${(err as Error).message}): ` +
            'set DATABASE_ADMIN_URL to such a login (see README.md, Access log)',
        );
      throw err;
    }
    await warnIfUnprotected(db);
    return;
  }
  const [a, b] = await Promise.all([
    admin.query<{ db: string; login: string }>('SELECT current_database() AS db, current_user AS login'),
    db.query<{ db: string; login: string }>('SELECT current_database() AS db, current_user AS login'),
  ]);
  const adminSide = a.rows[0]!;
  const app = b.rows[0]!;
  if (adminSide.db !== app.db)
    throw new Error(
      `DATABASE_ADMIN_URL is database ${adminSide.db} but DATABASE_URL is ${app.db}: they must be the same`,
    );
  await migrate(admin, 'shared', SHARED_MIGRATIONS);
  if (app.login !== adminSide.login) await grantApplication(admin, app.login, app.db);
  await warnIfUnprotected(db);
}

/**
 * Grants the application login its rights. Each grant is made only when missing, and a grant
 * that fails while another process makes the same one (role membership is cluster-wide;
 * subgraphs may start at once) counts as made when the right is there afterwards.
 */
export async function grantApplication(admin: Db, login: string, database: string): Promise<void> {
  const who = ident(login);
  const grants: [check: string, grant: string][] = [
    [`pg_has_role($1, '${AUDIT_WRITER}', 'MEMBER')`, `GRANT ${AUDIT_WRITER} TO ${who}`],
    [
      `has_database_privilege($1, current_database(), 'CREATE') AND has_database_privilege($1, current_database(), 'TEMPORARY')`,
      `GRANT CREATE, TEMPORARY ON DATABASE ${ident(database)} TO ${who}`,
    ],
    [
      `has_table_privilege($1, 'public.schema_migrations', 'SELECT') AND has_table_privilege($1, 'public.schema_migrations', 'INSERT')`,
      `GRANT SELECT, INSERT ON public.schema_migrations TO ${who}`,
    ],
    // As before PostgreSQL 15: the application may create in schema public (its own objects).
    [`has_schema_privilege($1, 'public', 'CREATE')`, `GRANT USAGE, CREATE ON SCHEMA public TO ${who}`],
  ];
  for (const [check, grant] of grants) {
    const has = async () =>
      (await admin.query<{ ok: boolean }>(`SELECT ${check} AS ok`, [login])).rows[0]!.ok;
    if (await has()) continue;
    try {
      await admin.query(grant);
    } catch (err) {
      if (!(await has())) throw err;
    }
  }
}

export interface AuditProtection {
  login: string;
  /** Why this login could rewrite the log, or null when it cannot. */
  bypass: string | null;
}

/** Whether the login of `db` could change or delete access log rows. */
export async function auditProtection(db: Db): Promise<AuditProtection> {
  const r = await db.query<{ login: string; superuser: boolean; owner: boolean }>(
    `SELECT current_user AS login,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            (SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables
              WHERE schemaname = 'audit' AND tablename = 'access_log') AS owner`,
  );
  const row = r.rows[0]!;
  let bypass: string | null = null;
  if (db.kind === 'pglite') bypass = 'embedded PGlite: one superuser, the data directory is this process’s';
  else if (row.superuser) bypass = `${row.login} is a superuser`;
  else if (row.owner) bypass = `${row.login} can act as the owner of audit.access_log`;
  return { login: row.login, bypass };
}

async function warnIfUnprotected(db: Db): Promise<void> {
  if (warned) return;
  const p = await auditProtection(db);
  if (!p.bypass) return;
  warned = true;
  if (db.kind === 'pglite') {
    log.info(
      { reason: p.bypass },
      'access log: append-only trigger and hash chain in force; the role split needs PostgreSQL',
    );
  } else {
    log.warn(
      { login: p.login, reason: p.bypass },
      'access log: the application login can rewrite the log; connect as a non-superuser and set DATABASE_ADMIN_URL',
    );
  }
}
