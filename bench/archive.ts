/**
 * Benchmark (issue 4): a generated Noark 5 extract of N saksmapper (2–3 journalposter and
 * one PDF each) imported into a fresh PostgreSQL database, re-imported (must change
 * nothing), exported as a deposit package, and (when the schemas are there) validated
 * with libxml2. Prints wall time per step and the peak RSS.
 *
 *   DATABASE_URL=... npx tsx bench/archive.ts [saksmapper=3000]
 * (`bash scripts/services.sh start pg` prints a DATABASE_URL.)
 */
import { loadConfig } from '../lib/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { createPostgresDb } from '../lib/db';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { noarkSchemaDir } from '../subgraphs/archive/cli';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { validatePackage } from '../subgraphs/archive/noark/validate';
import { generateNoarkExtract } from '../dev/generator';

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = process.hrtime.bigint();
  const r = await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  process.stdout.write(
    `${label.padEnd(36)} ${(ms / 1000).toFixed(2).padStart(8)} s   rss ${mb(process.memoryUsage().rss).padStart(7)}   peak so far ${mb(process.resourceUsage().maxRSS * 1024)}\n`,
  );
  return r;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3000);
  const admin = loadConfig().databaseUrl;
  if (!admin) throw new Error('set DATABASE_URL (bash scripts/services.sh start pg prints one)');
  const name = `hs_bench_archive_${randomBytes(4).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await createPostgresDb(url.toString(), 4);
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-archive-'));
  try {
    await migrateSubgraph(db, archiveSubgraph);
    const extract = await time(`generate ${n} saksmapper`, async () =>
      generateNoarkExtract({ seed: 1, saksmapper: n, closed: true }),
    );
    const src = join(dir, 'src');
    for (const f of extract.files) {
      mkdirSync(dirname(join(src, f.path)), { recursive: true });
      writeFileSync(join(src, f.path), f.content);
    }
    process.stdout.write(
      `extract: ${extract.facts.saksmapper.length} saksmapper, ${extract.facts.journalposter.length} journalposter, ` +
        `arkivstruktur.xml ${(extract.files[0]!.content.length / 1e6).toFixed(1)} MB\n`,
    );
    const first = await time('import', () => importNoark(db, src));
    const again = await time('re-import (nothing changes)', () => importNoark(db, src));
    if (first.saksmapper.inserted !== n || again.saksmapper.unchanged !== n)
      throw new Error('import counts are wrong');
    const out = join(dir, 'out');
    const schemaDir = noarkSchemaDir();
    await time('export deposit package', () => exportNoark(db, extract.facts.arkivdelId, out, { schemaDir }));
    if (schemaDir) {
      const results = await time('validate package (libxml2/wasm)', () =>
        validatePackage(out, { schemaDir }),
      );
      process.stdout.write(`valid: ${results.map((r) => `${r.file}=${r.valid}`).join(' ')}\n`);
    }
    process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    const d = new Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await d.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
