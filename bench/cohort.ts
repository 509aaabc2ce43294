/**
 * Benchmark: reading a research grant's cohort as of today's links (grant-store.ts cohortOf,
 * COHORT_TODAY_SQL, on every request of a researcher) beside reading the stored rows alone (what
 * the reach read before cohorts followed unlinks), in the same run on the same database.
 *
 *   npm run bench:cohort [persons] [linked pairs] [runs]      (defaults 20000 2000 15)
 *
 * Synthetic: `persons` patients born in one year, `linked pairs` of them linked (one person, two
 * records), one grant version whose cohort is all of them; every tenth link then unlinked.
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase } from '../dev/services';
import { migrateSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { cohortOf, COHORT_TODAY_SQL } from '../lib/policy/grant-store';

const [persons = 20_000, pairs = 2_000, runs = 15] = process.argv.slice(2).map(Number);

async function main(): Promise<void> {
  const tdb = await createTestDatabase();
  try {
    const db = tdb.db;
    await migrateSubgraph(db, journalSubgraph, tdb.admin);
    await db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
       SELECT 'p' || lpad(i::text, 7, '0'), lpad(i::text, 11, '0'), 'Nordmann', 'Kari', date '1990-06-01'
         FROM generate_series(1, $1::int) i`,
      [persons],
    );
    await db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       SELECT 'p' || lpad((2 * i - 1)::text, 7, '0'), 'p' || lpad((2 * i)::text, 7, '0'), 'bench', 'dublett'
         FROM generate_series(1, $1::int) i`,
      [pairs],
    );
    await db.query(
      `INSERT INTO policy.research_grant (id, version, project_id, title, rek_number, legal_basis,
         responsible_researcher, researchers, cohort, variables, date_precision, free_text, output_level,
         expires_at, registered_by, pseudonym_scope)
       VALUES ('G-BENCH', 1, 'P', 'Benk', '2025/1', 'helseforskningsloven § 33', 'r', '{r}',
         '{"bornFrom":"1990-01-01","bornTo":"1990-12-31"}', '{JOURNAL_TEXT}', 'MONTH', true,
         'PSEUDONYMISED_RECORDS', now() + interval '30 days', 'bench', 'project:p')`,
    );
    // The cohort as computeCohort writes it: linked records together, each record a seed.
    await db.query(
      `INSERT INTO policy.grant_cohort (grant_id, version, person_key, patient_ids, national_ids, matched_ids)
       SELECT 'G-BENCH', 1, min(national_id), array_agg(id ORDER BY id), array_agg(national_id ORDER BY national_id),
              array_agg(id ORDER BY id)
         FROM (SELECT id, national_id, CASE WHEN n <= 2 * $1::int THEN (n + 1) / 2 ELSE n + $1::int END AS g
                 FROM (SELECT id, national_id, substr(id, 2)::int AS n FROM journal.patient) x) y
        GROUP BY g`,
      [pairs],
    );
    await db.query(
      `UPDATE journal.patient_link SET unlinked_at = now(), unlinked_by = 'bench', unlink_reason = 'to' WHERE id % 10 = 0`,
    );
    // The planner's statistics, as autovacuum keeps them on a live database: without them the plan
    // of a fresh database depended on whether autovacuum had got round to the new tables, and the
    // same code measured 110 or 600 ms from one run to the next.
    await db.query('ANALYZE journal.patient, journal.patient_link, policy.grant_cohort');
    const time = async (f: () => Promise<number>) => {
      const ms: number[] = [];
      let n = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        n = await f();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      return { median: ms[Math.floor(ms.length / 2)]!, n };
    };
    const stored = await time(
      async () =>
        (
          await db.query(
            'SELECT person_key, patient_ids, national_ids FROM policy.grant_cohort WHERE grant_id = $1 AND version = $2 ORDER BY person_key',
            ['G-BENCH', 1],
          )
        ).rows.length,
    );
    const today = await time(async () => (await cohortOf(db, 'G-BENCH', 1)).length);
    if (process.env.COHORT_EXPLAIN)
      for (const r of (await db.query(`EXPLAIN ANALYZE ${COHORT_TODAY_SQL}`, ['G-BENCH', 1])).rows as Record<
        string,
        string
      >[])
        process.stdout.write(`${Object.values(r)[0]}\n`);
    process.stdout.write(
      `cohort of ${persons} records, ${pairs} linked pairs (${Math.floor(pairs / 10)} unlinked), median of ${runs}:\n` +
        `  stored rows (before):        ${stored.median.toFixed(1)} ms, ${stored.n} persons\n` +
        `  cohortOf, today's links:      ${today.median.toFixed(1)} ms, ${today.n} persons\n` +
        `  ratio: ${(today.median / stored.median).toFixed(1)}\n`,
    );
  } finally {
    await tdb.drop();
  }
}

void main();
