/**
 * What of a person's archive documents can be searched, in a window: pages read (from the
 * text layer or by OCR) and pages and documents that could not be read, with the reason.
 * A document that could not be opened at all (encrypted, too large, unsupported, broken,
 * quarantined at import, still waiting) counts as one unit: its pages are not known.
 */
import type { Queryable } from '../../../lib/db';
import { resolveWindow } from '../../../lib/age-window';
import { parseNationalId } from '../../../lib/national-id';
import type { CoverageFilter, DocumentCoverage, SourceCoverage } from '../../../search-index/types';
import { REASONS } from './extract';
import { CASES_OF_PERSONS } from '../outbox';

export const QUARANTINED = 'quarantined at import (file missing or not matching its checksum)';
export const WAITING = 'waiting for text extraction';

export async function documentCoverage(db: Queryable, filter: CoverageFilter): Promise<SourceCoverage[]> {
  // A person known by patient record only (an access request filed under the record, migration
  // 026): no birth date from a national id, so an age window cannot place the case's records
  // (their search documents carry no age either).
  if (
    !filter.nationalIds.length &&
    (!filter.patientIds.length || filter.ageFrom != null || filter.ageTo != null)
  )
    return [];
  const born = filter.nationalIds.map(parseNationalId).find((x) => !('error' in x));
  const w = resolveWindow(
    filter,
    born && !('error' in born) ? born.birthDate : null,
    filter.leapDayRule ?? 'MARCH_1',
  );
  if (w.empty) return [];
  const rows = (
    await db.query<{
      quarantined: boolean;
      status: string | null;
      reason: string | null;
      page_count: number | null;
      examined: number;
      pdf_text: number;
      ocr: number;
      ocr_conf_sum: number | null;
      unread: Record<string, number> | null;
      journaldato: string;
    }>(
      `SELECT o.content IS NULL AS quarantined, t.status, t.reason, t.page_count, j.journaldato::text AS journaldato,
              coalesce(pg.examined, 0)::int AS examined, coalesce(pg.pdf_text, 0)::int AS pdf_text, coalesce(pg.ocr, 0)::int AS ocr,
              pg.ocr_conf_sum, pg.unread
         FROM archive.journalpost j
         JOIN archive.dokumentbeskrivelse b ON b.journalpost_id = j.id
         JOIN archive.dokumentobjekt o ON o.dokumentbeskrivelse_id = b.id
         LEFT JOIN archive.document_text t ON t.dokumentobjekt_id = o.id
         LEFT JOIN LATERAL (
           SELECT count(*) AS examined,
                  count(*) FILTER (WHERE origin = 'pdf-text') AS pdf_text,
                  count(*) FILTER (WHERE origin = 'ocr') AS ocr,
                  sum(ocr_confidence) FILTER (WHERE origin = 'ocr')::float AS ocr_conf_sum,
                  (SELECT jsonb_object_agg(reason, n) FROM (SELECT reason, count(*)::int AS n FROM archive.document_page_text x
                      WHERE x.dokumentobjekt_id = o.id AND x.origin = 'none' GROUP BY reason) r) AS unread
             FROM archive.document_page_text p WHERE p.dokumentobjekt_id = o.id) pg ON true
        WHERE j.saksmappe_id IN ${CASES_OF_PERSONS}
          AND ($2::date IS NULL OR j.journaldato >= $2) AND ($3::date IS NULL OR j.journaldato <= $3)
          AND j.saksmappe_id <> ALL($4::text[])`,
      // Cases the caller's search leaves out (lib/policy searchExcludedCases) are not counted either.
      [filter.nationalIds, w.fromDate, w.toDate, filter.excludedCases ?? [], filter.patientIds],
    )
  ).rows;
  if (!rows.length) return [];
  const notSearchable: Record<string, number> = {};
  const notRead: Record<string, number> = {};
  const add = (m: Record<string, number>, k: string, n: number) => {
    if (n > 0) m[k] = (m[k] ?? 0) + n;
  };
  const docs: DocumentCoverage = {
    documents: rows.length,
    read: 0,
    partlyRead: 0,
    notRead: [],
    pending: 0,
    pdfTextPages: 0,
    ocrPages: 0,
    meanOcrConfidence: null,
  };
  let units = 0;
  let searchable = 0;
  let confSum = 0;
  for (const r of rows) {
    const whole = r.quarantined ? QUARANTINED : r.status !== 'done' ? WAITING : r.reason ? r.reason : null;
    if (whole) {
      units += 1;
      add(notSearchable, whole, 1);
      if (whole === WAITING) docs.pending++;
      else add(notRead, whole, 1);
      continue;
    }
    const overLimit = Math.max(0, (r.page_count ?? r.examined) - r.examined);
    const unread = Object.values(r.unread ?? {}).reduce((s, n) => s + n, 0) + overLimit;
    for (const [reason, n] of Object.entries(r.unread ?? {})) add(notSearchable, reason, n);
    add(notSearchable, REASONS.overPageLimit, overLimit);
    units += r.examined + overLimit;
    searchable += r.pdf_text + r.ocr;
    docs.pdfTextPages += r.pdf_text;
    docs.ocrPages += r.ocr;
    confSum += r.ocr_conf_sum ?? 0;
    if (!unread) docs.read++;
    else if (r.pdf_text + r.ocr) docs.partlyRead++;
    else add(notRead, 'no page could be read', 1);
  }
  docs.notRead = Object.entries(notRead).map(([reason, count]) => ({ reason, count }));
  docs.meanOcrConfidence = docs.ocrPages ? Math.round((confSum / docs.ocrPages) * 10) / 10 : null;
  const dates = rows.map((r) => r.journaldato).sort();
  return [
    {
      sourceSystem: 'SAKARKIV',
      kind: 'archive_document',
      records: units,
      searchable,
      firstDate: dates[0] ?? null,
      lastDate: dates[dates.length - 1] ?? null,
      notSearchable,
      documents: docs,
    },
  ];
}
