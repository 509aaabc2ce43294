import { createHash } from 'node:crypto';
import type { Queryable } from '../../../lib/db';

/**
 * The archive's content as plain data, in a stable order: every Noark entity with its
 * columns, fields and complex elements, parties, person links, endringslogg, and each
 * document's SHA-256 instead of its bytes. Import bookkeeping (source_hash) is left out.
 * Two archives with equal snapshots hold the same records.
 */
export async function archiveSnapshot(db: Queryable): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await db.query(sql)).rows;
  const docs = (
    await db.query<Record<string, unknown> & { content: Buffer | null }>(
      'SELECT * FROM archive.dokumentobjekt ORDER BY id',
    )
  ).rows.map(({ content, ...rest }) => ({
    ...rest,
    content_sha256: content ? createHash('sha256').update(content).digest('hex') : null,
  }));
  return {
    arkiv: await q('SELECT * FROM archive.arkiv ORDER BY id'),
    arkivdel: await q('SELECT * FROM archive.arkivdel ORDER BY id'),
    klassifikasjonssystem: await q('SELECT * FROM archive.klassifikasjonssystem ORDER BY id'),
    klasse: await q('SELECT * FROM archive.klasse ORDER BY id'),
    saksmappe: (await q('SELECT * FROM archive.saksmappe ORDER BY id')).map(
      ({ source_hash: _h, ...rest }) => rest,
    ),
    part: await q('SELECT * FROM archive.part ORDER BY saksmappe_id, ordinal'),
    journalpost: await q('SELECT * FROM archive.journalpost ORDER BY id'),
    dokumentbeskrivelse: await q('SELECT * FROM archive.dokumentbeskrivelse ORDER BY id'),
    dokumentobjekt: docs,
    person_link: await q('SELECT * FROM archive.person_link ORDER BY national_id, entity_type, entity_id'),
    endringslogg: (
      await q(
        'SELECT * FROM archive.endringslogg ORDER BY referanse_arkivenhet, referanse_metadata, endret_dato',
      )
    ).map(({ id: _id, ...rest }) => rest),
  };
}
