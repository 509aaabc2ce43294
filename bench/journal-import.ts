/**
 * Benchmark: import a generated export of ≥ 200,000 notes into PostgreSQL and report
 * notes per second and peak RSS, beside raw COPY of the same notes into a bare table in
 * the same run (the limit the machine sets), and the ratio.
 *
 *   DATABASE_URL=... npx tsx bench/journal-import.ts [patients=2000] [notesPerPatient=50]
 * (npm run bench:journal starts PostgreSQL itself when DATABASE_URL is not set.)
 * Targets (issue 3): ≥ 5,000 notes/s, peak RSS < 300 MiB.
 */
import { loadConfig } from '../lib/config';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTestDatabase } from '../dev/services';
import { writeJournalExports } from '../dev/journal-exports';

const ROOT = join(__dirname, '..');

async function rawCopy(url: string, rows: number): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(
    'CREATE TABLE copy_baseline (id text PRIMARY KEY, patient text, written_at timestamptz, text text)',
  );
  const started = process.hrtime.bigint();
  let i = 0;
  const source = Readable.from(
    (function* () {
      for (; i < rows; i++)
        yield `gen-${i}\tpat-${i % 2000}\t2014-05-0${1 + (i % 9)} 10:00:00+02\tMorgenbesøk. Medisiner tatt under tilsyn. Notat ${i}\n`;
    })(),
  );
  await pipeline(source, c.query(copyFrom('COPY copy_baseline FROM STDIN')));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await c.end();
  return ms;
}

async function main(): Promise<void> {
  const admin = loadConfig().databaseUrl;
  if (!admin) throw new Error('DATABASE_URL is required (npm run bench:journal starts PostgreSQL)');
  const patients = Number(process.argv[2] ?? 2000);
  const perPatient = Number(process.argv[3] ?? 50);
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  try {
    const t0 = Date.now();
    const s = await writeJournalExports(dir, {
      patients,
      notesPerPatient: perPatient,
      migratedShare: 0.02,
      seed: 1,
    });
    console.log(
      `generated ${s.gericaNotes + s.profilNotes + s.hpNotes + s.migratedCopies} source notes (${s.distinctNotes} distinct) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const tdb = await createTestDatabase();
    const url = tdb.url;
    const results: { source: string; notes: number; ms: number; maxRssMiB: number }[] = [];
    for (const [source, path] of [
      ['gerica', 'gerica'],
      ['profil', 'profil'],
      ['hp', 'helseplattformen'],
    ]) {
      const out = execFileSync(
        process.execPath,
        [
          require.resolve('tsx/cli'),
          join(ROOT, 'bench', 'journal-import-worker.ts'),
          source!,
          join(dir, path!),
        ],
        {
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
        },
      );
      results.push(JSON.parse(out.trim().split('\n').pop()!));
    }
    const notes = results.reduce((n, r) => n + r.notes, 0);
    const ms = results.reduce((n, r) => n + r.ms, 0);
    const copyMs = await rawCopy(url, notes);
    const ours = notes / (ms / 1000);
    const copy = notes / (copyMs / 1000);
    console.log('\nsource   notes     seconds   notes/s   peak RSS MiB');
    for (const r of results) {
      console.log(
        `${r.source.padEnd(8)} ${String(r.notes).padStart(7)} ${(r.ms / 1000).toFixed(1).padStart(9)} ${Math.round(
          r.notes / (r.ms / 1000),
        )
          .toString()
          .padStart(9)} ${r.maxRssMiB.toFixed(0).padStart(12)}`,
      );
    }
    console.log(
      `\nimport (all three)     : ${notes} notes in ${(ms / 1000).toFixed(1)} s = ${Math.round(ours)} notes/s (target ≥ 5000)`,
    );
    console.log(`raw COPY, same rows    : ${Math.round(copy)} rows/s`);
    console.log(`ratio import / COPY    : ${(ours / copy).toFixed(3)}`);
    console.log(
      `peak RSS of an import  : ${Math.max(...results.map((r) => r.maxRssMiB)).toFixed(0)} MiB (target < 300)`,
    );
    await tdb.drop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
