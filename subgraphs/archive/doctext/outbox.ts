/**
 * Archive document pages as the search indexer reads them: one search document per page
 * with text (`document:<dokumentobjekt systemID>:<page>`, kind `archive_document`), carrying
 * its text origin (pdf-text, or ocr with Tesseract's mean confidence) and, for the policy,
 * the same persons (case parties by national id), date (the journalpost's journaldato) and
 * case references as its journalpost's search document. Pages without text are not indexed;
 * coverage counts them with the reason (coverage.ts).
 *
 * The outbox (archive.document_outbox) names documents; each change is expanded into the
 * ids of the document's pages, so a page that lost its text is removed from the index.
 */
import type { Queryable } from '../../../lib/db';
import { outboxQueue } from '../../../lib/outbox';
import type { IndexDocument, OutboxSource } from '../../../search-index/types';
import { caseSubjectSql, partyAges } from '../outbox';
import { documentCoverage } from './coverage';

const PREFIX = 'document:';

/** Search document id of a page. */
export const pageDocId = (dokumentobjektId: string, page: number) => `${PREFIX}${dokumentobjektId}:${page}`;

/** A stable version from the indexed content (the archive keeps no counter). */
const VERSION = `('x' || substr(md5(pt.origin || '|' || coalesce(pt.ocr_confidence::text, '') || '|' || md5(pt.text) || '|' || j.journaldato::text || '|' || coalesce(j.registrerings_id, '') || '|' || coalesce(p.nids::text, '') || coalesce('|' || p.record_id, '')), 1, 7))::bit(28)::int`;

const FROM = `FROM archive.document_page_text pt
  JOIN archive.dokumentobjekt o ON o.id = pt.dokumentobjekt_id
  JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
  JOIN archive.journalpost j ON j.id = b.journalpost_id
  ${caseSubjectSql('j.saksmappe_id')}`;

export function archiveDocumentOutbox(db: Queryable): OutboxSource {
  const queue = outboxQueue(db, 'archive.document_outbox', PREFIX);
  /** Document ids (document:<id>) → the ids of their pages, the document id itself kept. */
  async function expand(ids: string[]): Promise<string[]> {
    const docs = ids.map((i) => i.slice(PREFIX.length));
    const pages = (
      await db.query<{ id: string }>(
        `SELECT $2 || dokumentobjekt_id || ':' || page AS id FROM archive.document_page_text WHERE dokumentobjekt_id = ANY($1::text[])`,
        [docs, PREFIX],
      )
    ).rows.map((r) => r.id);
    return [...new Set([...ids, ...pages])];
  }
  return {
    name: 'archive-documents',
    ...queue,
    async pending(limit, afterSeq) {
      const rows = await queue.pending(limit, afterSeq);
      const out: { seq: number; entityId: string }[] = [];
      for (const r of rows)
        for (const id of await expand([r.entityId])) out.push({ seq: r.seq, entityId: id });
      return out;
    },
    async changedSince(mark) {
      return expand(await queue.changedSince(mark));
    },
    async load(ids): Promise<IndexDocument[]> {
      // Page ids (document:<id>:<page>) and document ids (document:<id>: all its pages).
      const pages: { id: string; page: number }[] = [];
      const whole: string[] = [];
      for (const i of ids) {
        const m = /^document:(.+):(\d+)$/.exec(i);
        if (m) pages.push({ id: m[1]!, page: Number(m[2]) });
        else if (i.startsWith(PREFIX)) whole.push(i.slice(PREFIX.length));
      }
      const rows = (
        await db.query<{
          dokumentobjekt_id: string;
          page: number;
          origin: 'pdf-text' | 'ocr';
          text: string;
          ocr_confidence: number | null;
          saksmappe_id: string;
          registrerings_id: string | null;
          journalposttype: string;
          journaldato: string;
          nids: string[] | null;
          record_id: string | null;
          version: number;
        }>(
          `SELECT pt.dokumentobjekt_id, pt.page, pt.origin, pt.text, pt.ocr_confidence, j.saksmappe_id, j.registrerings_id,
                  j.journalposttype, j.journaldato::text AS journaldato, p.nids,
                  p.record_id, ${VERSION} AS version
           ${FROM}
           WHERE pt.origin <> 'none'
             AND ((pt.dokumentobjekt_id, pt.page) IN (SELECT * FROM unnest($1::text[], $2::int[]))
                  OR pt.dokumentobjekt_id = ANY($3::text[]))`,
          [pages.map((p) => p.id), pages.map((p) => p.page), whole],
        )
      ).rows;
      return rows.map((r) => {
        const nids = r.nids ?? [];
        return {
          id: pageDocId(r.dokumentobjekt_id, r.page),
          kind: 'archive_document',
          // An access request's patient record (outbox.ts caseSubjectSql).
          patientId: r.record_id,
          nationalIds: nids,
          refs: {
            entityId: r.dokumentobjekt_id,
            saksmappeId: r.saksmappe_id,
            registreringsId: r.registrerings_id ?? undefined,
          },
          sourceSystem: 'SAKARKIV',
          type: r.journalposttype,
          writtenAt: `${r.journaldato}T12:00:00.000Z`,
          localDate: r.journaldato,
          ...partyAges(nids, r.journaldato),
          authorName: null,
          service: null,
          text: r.text,
          version: r.version,
          textOrigin: {
            origin: r.origin,
            page: r.page,
            ocrConfidence: r.ocr_confidence === null ? null : Number(r.ocr_confidence),
          },
        };
      });
    },
    async scanVersions(afterId, limit) {
      // In the order of the id text (document:<id>:<page>), as the indexed side is walked.
      return (
        await db.query<{ id: string; version: number }>(
          `SELECT * FROM (SELECT $3 || pt.dokumentobjekt_id || ':' || pt.page AS id, ${VERSION} AS version
                            ${FROM} WHERE pt.origin <> 'none') x
            WHERE x.id COLLATE "C" > $1 COLLATE "C" ORDER BY x.id COLLATE "C" LIMIT $2`,
          [afterId, limit, PREFIX],
        )
      ).rows;
    },
    coverage: (filter) => documentCoverage(db, filter),
  };
}
