/**
 * Benchmark (issue 16, research extracts): `extract <grant>` over 10⁶ journal notes beside
 * the limit, a plain `COPY (SELECT …) TO STDOUT (FORMAT csv)` of the same rows into a file,
 * in the same run on the same database. Each runs in its own child process so its peak RSS
 * (getrusage maxrss) is its own, under a 128 MiB V8 heap cap (memory that grew with the rows
 * would stop it). The extract writes CSV and Parquet, pseudonymises, renders
 * dates at the grant's precision, de-identifies the free text with each person's known
 * names, and hashes every file; a second extract without free text shows what the text costs.
 *
 *   npm run bench:extract [rows=1000000] [persons=2000]
 *   DATABASE_URL=<superuser> npx tsx bench/extract.ts [rows] [persons]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { loadConfig } from '../lib/config';
import { createPostgresDb } from '../lib/db';
import { buildExtract } from '../lib/policy/extract';
import { insertGrantVersion } from '../lib/policy/grant-store';
import { researchSettings, type GrantInput } from '../lib/policy/research';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { coercionSubgraph } from '../subgraphs/coercion';
import { journalSubgraph } from '../subgraphs/journal';
import { createTestDatabase } from '../dev/services';

/** Every job runs under this V8 heap cap: an extract that held its rows would die here, not finish. */
const HEAP_MIB = 128;

const GIVEN = ['Ingrid', 'Sara', 'Nora', 'Emma', 'Kari', 'Jonas', 'Lars', 'Ole', 'Henrik', 'Magnus'];
const FAMILY = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen'];

/** The raw rows the extract reads (same join and order), as CSV. */
const RAW = `SELECT c.person_key, e.patient_id, e.written_at, p.birth_date, e.entry_type, e.source_system, e.text
  FROM policy.grant_cohort c JOIN journal.journal_entry e ON e.patient_id = ANY (c.patient_ids)
  JOIN journal.patient p ON p.id = e.patient_id
 WHERE c.grant_id = 'G-BENCH' AND c.version = 1 ORDER BY c.person_key, e.written_at, e.id`;

function grant(id: string, text: boolean): GrantInput {
  return {
    id,
    projectId: 'P-BENCH',
    title: 'Benchmark',
    rekNumber: '2025/1',
    legalBasis: 'helseforskningsloven § 33',
    responsibleResearcher: 'forsker-bench',
    cohort: {},
    variables: [
      'PERSON_BIRTH_YEAR',
      'JOURNAL_WRITTEN_AT',
      'JOURNAL_AGE',
      'JOURNAL_TYPE',
      'JOURNAL_SOURCE_SYSTEM',
      ...(text ? (['JOURNAL_TEXT'] as const) : []),
    ],
    datePrecision: 'MONTH',
    freeText: text,
    outputLevel: 'PSEUDONYMISED_RECORDS',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
}

/** Child: one measured job; prints seconds, bytes and peak RSS as JSON. */
async function child(job: string, url: string, out: string): Promise<void> {
  const t = process.hrtime.bigint();
  let bytes = 0;
  let rows = 0;
  if (job === 'copy') {
    const c = new Client({ connectionString: url });
    await c.connect();
    const file = join(out, 'raw.csv');
    await pipeline(c.query(copyTo(`COPY (${RAW}) TO STDOUT (FORMAT csv)`)), createWriteStream(file));
    await c.end();
    bytes = statSync(file).size;
  } else {
    researchSettings.pseudonymKey = loadConfig().research.pseudonymKey;
    const db = await createPostgresDb(url, 2);
    const x = await buildExtract(db, job, { outDir: out, builtBy: 'bench' });
    await db.close();
    bytes = x.manifest.files.reduce((s, f) => s + f.bytes, 0);
    rows = x.manifest.rowCounts.journal ?? 0;
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(
    JSON.stringify({ seconds, bytes, rows, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  if (!loadConfig().databaseUrl)
    throw new Error('DATABASE_URL is required (npm run bench:extract starts PostgreSQL)');
  const rows = Number(process.argv[2] ?? 1_000_000);
  const persons = Number(process.argv[3] ?? 2000);
  const per = Math.ceil(rows / persons);
  const tdb = await createTestDatabase();
  const out = mkdtempSync(join(tmpdir(), 'helsespor-bench-extract-'));
  try {
    for (const s of [journalSubgraph, archiveSubgraph, coercionSubgraph])
      await migrateSubgraph(tdb.db, s, tdb.admin);
    const t0 = Date.now();
    await tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date, gender)
       SELECT 'pt-b' || i, lpad(((i * 7919) % 100000000000)::text, 11, '0'),
              ($2::text[])[1 + i % array_length($2::text[], 1)], ($1::text[])[1 + i % array_length($1::text[], 1)],
              date '1950-01-01' + (i * 37 % 20000), CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END
         FROM generate_series(1, $3::int) i`,
      [GIVEN, FAMILY, persons],
    );
    await tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
       SELECT 'je-b' || n, 'pt-b' || (1 + (n - 1) / $1::int), (ARRAY['HELSEPLATTFORMEN','GERICA','PROFIL'])[1 + n % 3], 'b' || n,
              'Journalnotat', timestamptz '2000-01-01 10:00+01' + make_interval(hours => n % 200000),
              p.given_name || ' kom til samtale ' || to_char(date '2010-01-01' + n % 4000, 'DD.MM.YYYY') ||
              '. Forteller om søvnvansker og uro. Mor ringte fra 9' || lpad((n % 10000000)::text, 7, '0') || ' om ' || p.family_name || '.'
         FROM generate_series(1, $2::int) n JOIN journal.patient p ON p.id = 'pt-b' || (1 + (n - 1) / $1::int)`,
      [per, rows],
    );
    await tdb.db.query('ANALYZE');
    await insertGrantVersion(tdb.db, grant('G-BENCH', true), 1, 'bench', null);
    await insertGrantVersion(tdb.db, grant('G-BENCH-NOTEXT', false), 1, 'bench', null);
    process.stdout.write(
      `Generated ${rows} notes for ${persons} persons in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const run = (job: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [...process.execArgv, `--max-old-space-size=${HEAP_MIB}`, __filename, '--child', job, tdb.url, out],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
            env: { ...process.env, LOG_LEVEL: 'warn' },
          },
        )
          .trim()
          .split('\n')
          .pop()!,
      ) as { seconds: number; bytes: number; rows: number; peakRssMiB: number };
    const copy = run('copy');
    const full = run('G-BENCH');
    const noText = run('G-BENCH-NOTEXT');
    const line = (name: string, r: typeof copy) =>
      `${name.padEnd(44)} ${r.seconds.toFixed(1).padStart(7)} s ${Math.round(rows / r.seconds)
        .toString()
        .padStart(
          9,
        )} rows/s  peak RSS ${r.peakRssMiB.toFixed(0).padStart(5)} MiB  ${(r.bytes / 1048576).toFixed(0)} MiB written`;
    process.stdout.write(
      [
        '',
        line('raw COPY … TO STDOUT (csv), the limit', copy),
        line('extract: CSV + Parquet, text de-identified', full),
        line('extract: CSV + Parquet, no free text', noText),
        '',
        `extract / COPY: time ${(full.seconds / copy.seconds).toFixed(1)}× (no text ${(noText.seconds / copy.seconds).toFixed(1)}×), peak RSS ${(full.peakRssMiB / copy.peakRssMiB).toFixed(1)}× (no text ${(noText.peakRssMiB / copy.peakRssMiB).toFixed(1)}×)`,
        `rows in the extract: ${full.rows} (expected ${rows}); every job ran under a ${HEAP_MIB} MiB V8 heap cap`,
        '',
      ].join('\n'),
    );
    if (full.rows !== rows) process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
    await tdb.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
