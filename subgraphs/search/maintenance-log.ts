/** When index maintenance last ran (search.maintenance), for searchCoverage and monitoring. */
import type { Queryable } from '../../lib/db';

export async function recordMaintenance(
  db: Queryable,
  name: string,
  at: Date,
  detail: object,
): Promise<void> {
  await db.query(
    `INSERT INTO search.maintenance (name, ran_at, detail) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET ran_at = EXCLUDED.ran_at, detail = EXCLUDED.detail`,
    [name, at, JSON.stringify(detail)],
  );
}

export async function lastMaintenance(db: Queryable, name: string): Promise<Date | null> {
  return (
    (await db.query<{ ran_at: Date }>('SELECT ran_at FROM search.maintenance WHERE name = $1', [name]))
      .rows[0]?.ran_at ?? null
  );
}
