/**
 * Benchmark (issue 11, access log): what the hash chain costs. Writes access-log requests
 * (2 rows each, as a subgraph's AuditTrail.flush does) through the application's login into
 * audit.access_log (trigger: row lock on the chain head, SHA-256, gap-free seq) and, in the
 * same run, the same INSERT into a plain copy of the table without triggers (the limit);
 * with 1 writer and with 8 concurrent writers. Then `verify-audit`'s walk over every row.
 *
 *   npm run bench:audit [requests=5000]
 *   DATABASE_URL=<superuser> npx tsx bench/audit.ts [requests]
 */
import { loadConfig } from '../lib/config';
import { AuditTrail } from '../lib/audit';
import { verifyAuditChain } from '../lib/audit-chain';
import type { Db } from '../lib/db';
import { createTestDatabase } from '../dev/services';

const caller = (i: number) => ({
  userId: `bench-${i % 50}`,
  role: 'legal' as const,
  purpose: 'LEGAL_PROCEEDINGS',
  matter: 'M-2025-004',
  selfAuthorized: false,
  requestId: `req-${i}`,
});

/** `requests` flushes by `writers` concurrent writers; returns rows per second. */
async function run(db: Db, table: string, requests: number, writers: number): Promise<number> {
  let next = 0;
  const t = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const trail = new AuditTrail('journal', caller(i));
        trail.record(`pt-${i % 997}`, 'patient', [`pt-${i % 997}`]);
        trail.record(`pt-${i % 997}`, 'journal_entry', [`je-${i}-1`, `je-${i}-2`, `je-${i}-3`]);
        await trail.flush(table === 'audit.access_log' ? db : redirect(db, table));
      }
    }),
  );
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  return (requests * 2) / s;
}

/** The same statement AuditTrail.flush sends, into another table. */
function redirect(db: Db, table: string): Db {
  return {
    ...db,
    query: (sql: string, params?: unknown[]) => db.query(sql.replace('audit.access_log', table), params),
  };
}

async function main(): Promise<void> {
  if (!loadConfig().databaseUrl)
    throw new Error('DATABASE_URL is required (npm run bench:audit starts PostgreSQL)');
  const requests = Number(process.argv[2] ?? 5000);
  const tdb = await createTestDatabase();
  try {
    // The limit: the same columns, no trigger, no chain, in a schema the application owns.
    await tdb.db.exec(`CREATE SCHEMA bench;
      CREATE TABLE bench.plain_log (LIKE audit.access_log INCLUDING DEFAULTS);
      ALTER TABLE bench.plain_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
      ALTER TABLE bench.plain_log ALTER COLUMN seq DROP NOT NULL;
      ALTER TABLE bench.plain_log ALTER COLUMN prev_hash DROP NOT NULL;
      ALTER TABLE bench.plain_log ALTER COLUMN hash DROP NOT NULL;
      CREATE INDEX ON bench.plain_log (patient_id, logged_at)`);
    const warm = Math.min(200, requests);
    await run(tdb.db, 'audit.access_log', warm, 1);
    await run(tdb.db, 'bench.plain_log', warm, 1);
    console.log(`access log: ${requests} requests × 2 rows per configuration, through the application login`);
    console.log('writers  chained rows/s  plain rows/s (limit)  chained / plain');
    for (const writers of [1, 8]) {
      const plain = await run(tdb.db, 'bench.plain_log', requests, writers);
      const chained = await run(tdb.db, 'audit.access_log', requests, writers);
      console.log(
        `${String(writers).padStart(7)}  ${chained.toFixed(0).padStart(14)}  ${plain.toFixed(0).padStart(20)}  ${(chained / plain).toFixed(2).padStart(15)}`,
      );
    }
    const t = process.hrtime.bigint();
    const report = await verifyAuditChain(tdb.db);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (report.problem) throw new Error(report.problem.message);
    const t2 = process.hrtime.bigint();
    await tdb.db.query('SELECT * FROM audit.access_log ORDER BY seq');
    const s2 = Number(process.hrtime.bigint() - t2) / 1e9;
    console.log(
      `verify-audit: ${report.rows} rows in ${s.toFixed(2)} s = ${(report.rows / s).toFixed(0)} rows/s ` +
        `(reading them all in one query, the limit: ${(report.rows / s2).toFixed(0)} rows/s)`,
    );
  } finally {
    await tdb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
