/**
 * Age windows under leapDayRule FEBRUARY_28 (pasientjournalloven § 22; stop 45): the archive's
 * outbox writes -1 as a case's FEBRUARY_28 age where its parties have no one age under that rule
 * (subgraphs/archive/outbox.ts partyAges). A window with no lower bound must not hold it: "ages
 * 0–20" held a case whose parties were 39 and 40 (found in review s45). The PostgreSQL predicate
 * runs on PGlite; the Elasticsearch filter is checked for the same lower bound.
 */
import { createPgliteDb } from '../lib/db';
import { esAgeWindow, pgAgeWindow } from './filters';

test('pasientjournalloven § 22: under FEBRUARY_28 a window with no ageFrom does not hold a case whose parties have no one age (-1), on PostgreSQL and in the Elasticsearch filter', async () => {
  const db = await createPgliteDb();
  try {
    await db.query(`CREATE TEMP TABLE d (id text, age_at_date int, age_at_date_feb28 int,
      national_ids text[], party_ages int[], party_ages_feb28 int[])`);
    await db.query(`INSERT INTO d VALUES
      ('case-39-40', 39, -1, ARRAY['a','b'], ARRAY[39,39], ARRAY[40,NULL]),
      ('note-15', 15, NULL, ARRAY['c'], ARRAY[15], NULL)`);
    const hits = async (ageFrom: number | null, ageTo: number | null, rule: 'MARCH_1' | 'FEBRUARY_28') => {
      const args: unknown[] = [];
      const arg = (v: unknown) => {
        args.push(v);
        return `$${args.length}`;
      };
      const where = pgAgeWindow(ageFrom, ageTo, arg, undefined, 'd', rule);
      return (await db.query<{ id: string }>(`SELECT id FROM d WHERE ${where} ORDER BY id`, args)).rows.map(
        (r) => r.id,
      );
    };
    expect(await hits(null, 20, 'FEBRUARY_28')).toEqual(['note-15']);
    expect(await hits(null, 20, 'MARCH_1')).toEqual(['note-15']);
    expect(await hits(39, 40, 'FEBRUARY_28')).toEqual(['case-39-40']);
  } finally {
    await db.close();
  }
  expect(JSON.stringify(esAgeWindow(null, 20, undefined, 'FEBRUARY_28'))).toContain('"gte":0');
});
