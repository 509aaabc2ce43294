/**
 * A document's note key: a number fixed by its id (the first 24 bits of MD5 of the id), stored
 * with the document on Elasticsearch (`noteKey`) and computed in SQL on PostgreSQL, so that
 * both give the same sum. The sum of the keys of the documents behind a count
 * (PersonKeys.notesKey) names that set of documents: the cell key of the noise on an
 * aggregate-only research grant's counts (lib/policy/search-counts.ts) is drawn from it, as
 * the cell-key method sums a key of each record in the cell. Not secret: the noise is keyed
 * with the research pseudonym key on top.
 */
import { hash } from 'node:crypto';

/** The one-shot hash: a Hash object per document cost twice as much (bench/indexer-cpu.ts). */
export const noteKey = (id: string): number => parseInt(hash('md5', id, 'hex').slice(0, 6), 16);

/** noteKey in PostgreSQL, of the column `id`. */
export const NOTE_KEY_SQL = `('x' || substr(md5(id), 1, 6))::bit(24)::int`;
