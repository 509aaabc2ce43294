/** A document's text extraction state and its pages' origins, for ArchiveDocument.textExtraction (no text). */
import type { Queryable } from '../../../lib/db';

export interface DocumentTextExtraction {
  status: string;
  format: string | null;
  pageCount: number | null;
  reason: string | null;
  pages: { page: number; origin: string; ocrConfidence: number | null; reason: string | null }[];
}

const ORIGIN: Record<string, string> = { 'pdf-text': 'PDF_TEXT', ocr: 'OCR', none: 'NONE' };

/** In the order of `ids`; null for a document never queued (no content). */
export async function documentTextExtraction(
  db: Queryable,
  ids: readonly string[],
): Promise<(DocumentTextExtraction | null)[]> {
  const rows = (
    await db.query<{
      id: string;
      status: string;
      format: string | null;
      page_count: number | null;
      reason: string | null;
      pages: { page: number; origin: string; ocr_confidence: number | null; reason: string | null }[];
    }>(
      `SELECT t.dokumentobjekt_id AS id, t.status, t.format, t.page_count, t.reason,
              coalesce((SELECT jsonb_agg(jsonb_build_object('page', p.page, 'origin', p.origin, 'ocr_confidence', p.ocr_confidence, 'reason', p.reason) ORDER BY p.page)
                          FROM archive.document_page_text p WHERE p.dokumentobjekt_id = t.dokumentobjekt_id), '[]') AS pages
         FROM archive.document_text t WHERE t.dokumentobjekt_id = ANY($1::text[])`,
      [ids],
    )
  ).rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    if (!r) return null;
    return {
      status: r.status.toUpperCase(),
      format: r.format,
      pageCount: r.page_count,
      reason: r.reason,
      pages: r.pages.map((p) => ({
        page: p.page,
        origin: ORIGIN[p.origin] ?? p.origin,
        ocrConfidence: p.ocr_confidence === null ? null : Number(p.ocr_confidence),
        reason: p.reason,
      })),
    };
  });
}

/** One page of a document's text, with its origin (ArchiveDocument.pageTexts). */
export interface DocumentPageContent {
  page: number;
  origin: string;
  ocrConfidence: number | null;
  reason: string | null;
  text: string;
}

/** A document's pages with their text, in page order; null for a document never queued (no content). */
export async function documentPageTexts(db: Queryable, id: string): Promise<DocumentPageContent[] | null> {
  const queued = await db.query('SELECT 1 FROM archive.document_text WHERE dokumentobjekt_id = $1', [id]);
  if (!queued.rowCount) return null;
  const rows = (
    await db.query<{
      page: number;
      origin: string;
      ocr_confidence: number | null;
      reason: string | null;
      text: string;
    }>(
      `SELECT page, origin, ocr_confidence, reason, text FROM archive.document_page_text
        WHERE dokumentobjekt_id = $1 ORDER BY page`,
      [id],
    )
  ).rows;
  return rows.map((p) => ({
    page: p.page,
    origin: ORIGIN[p.origin] ?? p.origin,
    ocrConfidence: p.ocr_confidence === null ? null : Number(p.ocr_confidence),
    reason: p.reason,
    text: p.text,
  }));
}
