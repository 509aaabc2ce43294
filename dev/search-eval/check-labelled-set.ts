/**
 * Loads a labelled set through dev/labelled-set.ts and imports every note through the Profil
 * importer into a fresh test database (dropped afterwards); fails if a note is quarantined or
 * missing. No search is run.
 *
 *   source /work/env.sh; npx tsx dev/search-eval/check-labelled-set.ts dev/search-eval/tuning-set-4.json
 */
import { resolve } from 'node:path';
import { migrateSubgraph } from '../../lib/subgraph';
import { journalSubgraph } from '../../subgraphs/journal';
import { importLabelledSet, readLabelledSet } from '../labelled-set';
import { createTestDatabase } from '../services';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: check-labelled-set.ts <set.json>');
  const set = readLabelledSet(resolve(file));
  const tdb = await createTestDatabase();
  try {
    await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
    const queries = await importLabelledSet(tdb.db, set);
    const r = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM journal.journal_entry WHERE source_system = 'PROFIL'",
    );
    const imported = r.rows[0]!.n;
    const scoped = queries.filter((q) => q.scope.records?.every(Boolean)).length;
    console.log(
      `${file}: people ${set.people.length}, notes ${set.notes.length}, imported ${imported}, ` +
        `queries ${queries.length} (${scoped} scoped to a person, each resolved to a record)`,
    );
    if (imported !== set.notes.length) throw new Error(`${set.notes.length - imported} notes not imported`);
  } finally {
    await tdb.drop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
