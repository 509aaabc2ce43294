/**
 * A document's note key is the same on both backends: computed in TypeScript for Elasticsearch
 * (stored with the document) and in SQL on PostgreSQL (lib/policy/search-counts.ts sums them
 * for an aggregate-only grant's noise; the same documents must give the same answer on both).
 */
import { createPgliteDb } from '../lib/db';
import { NOTE_KEY_SQL, noteKey } from './note-key';

test('noteKey in TypeScript and NOTE_KEY_SQL in PostgreSQL agree, for ASCII and non-ASCII ids, and stay within 24 bits', async () => {
  const db = await createPgliteDb();
  try {
    const ids = ['je-profil-800005', 'sc-note-0', 'æøå-Ω-𝔸', 'ARCHIVE_DOCUMENT:d1:p3', ''];
    const r = await db.query<{ id: string; k: number }>(
      `SELECT id, ${NOTE_KEY_SQL} AS k FROM unnest($1::text[]) AS id`,
      [ids],
    );
    expect(r.rows.map((x) => [x.id, Number(x.k)])).toEqual(ids.map((id) => [id, noteKey(id)]));
    for (const id of ids) expect(noteKey(id)).toBeLessThan(2 ** 24);
  } finally {
    await db.close();
  }
});
