/**
 * The extraction job: takes queued documents (archive.document_text, status 'pending', queued
 * by trigger when a file is stored), extracts their text (extract.ts) and stores it page by
 * page. Off the request path: it runs beside the indexer (scripts/stack.ts) and as
 * `npm run cli -- extract-documents`. Claims are leases (a process that dies mid-document
 * leaves it to be taken again), and a document that has been tried MAX_ATTEMPTS times is
 * marked unreadable instead of being tried for ever. Logs counts and reasons, never text.
 */
import type { DocTextLimits } from '../../../lib/config';
import type { Db } from '../../../lib/db';
import { log } from '../../../lib/log';
import { extractDocument, REASONS, type DocumentText, type PageText, type TextOrigin } from './extract';
import { PdfTextReader } from './pdf-text';

export const MAX_ATTEMPTS = 3;

export interface ExtractSummary {
  documents: number;
  /** Pages stored per origin. */
  pages: { 'pdf-text': number; ocr: number; none: number };
  /** Documents that could not be read at all. */
  unreadable: number;
}

function leaseMs(limits: DocTextLimits): number {
  return limits.timeoutMs + 2 * limits.maxOcrPages * limits.ocrPageTimeoutMs + 60_000;
}

/**
 * Extracts every queued document (at most `max`), one at a time. Returns what it did.
 */
export async function extractPendingDocuments(
  db: Db,
  limits: DocTextLimits,
  opts: { max?: number; reader?: PdfTextReader } = {},
): Promise<ExtractSummary> {
  const summary: ExtractSummary = { documents: 0, pages: { 'pdf-text': 0, ocr: 0, none: 0 }, unreadable: 0 };
  const reader = opts.reader ?? new PdfTextReader();
  const max = opts.max ?? Infinity;
  try {
    while (summary.documents < max) {
      const claimed = (
        await db.query<{ id: string; attempts: number; bytes: number | null }>(
          `UPDATE archive.document_text t SET status = 'running', claimed_at = now(), attempts = t.attempts + 1
            WHERE t.dokumentobjekt_id = (
                    SELECT dokumentobjekt_id FROM archive.document_text
                     WHERE status = 'pending' OR (status = 'running' AND claimed_at < now() - make_interval(secs => $1))
                     ORDER BY dokumentobjekt_id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING t.dokumentobjekt_id AS id, t.attempts,
                    (SELECT octet_length(o.content) FROM archive.dokumentobjekt o WHERE o.id = t.dokumentobjekt_id) AS bytes`,
          [leaseMs(limits) / 1000],
        )
      ).rows[0];
      if (!claimed) break;
      const started = Date.now();
      let result: DocumentText;
      if (claimed.attempts > MAX_ATTEMPTS) {
        result = {
          format: 'unknown',
          pageCount: null,
          pages: [],
          reason: REASONS.crashed,
          detail: `given up after ${MAX_ATTEMPTS} attempts`,
        };
      } else if (claimed.bytes === null) {
        result = { format: 'unknown', pageCount: null, pages: [], reason: 'no content', detail: null };
      } else if (claimed.bytes > limits.maxBytes) {
        // Not even loaded into memory.
        result = {
          format: 'unknown',
          pageCount: null,
          pages: [],
          reason: REASONS.tooLarge,
          detail: `${claimed.bytes} bytes; the limit is ${limits.maxBytes} (DOCTEXT_MAX_BYTES)`,
        };
      } else {
        const row = (
          await db.query<{ content: Buffer }>('SELECT content FROM archive.dokumentobjekt WHERE id = $1', [
            claimed.id,
          ])
        ).rows[0]!;
        result = await extractDocument(Buffer.from(row.content), limits, reader);
      }
      const ms = Date.now() - started;
      const kept = await store(db, claimed.id, result, ms);
      summary.documents++;
      if (result.reason) summary.unreadable++;
      for (const p of result.pages) summary.pages[p.origin]++;
      const byOrigin = (o: string) => result.pages.filter((p) => p.origin === o).length;
      log.info(
        {
          dokumentobjekt: claimed.id,
          format: result.format,
          pageCount: result.pageCount,
          pdfTextPages: byOrigin('pdf-text'),
          ocrPages: byOrigin('ocr'),
          unreadPages: byOrigin('none'),
          reason: result.reason ?? undefined,
          keptEarlierPages: kept || undefined,
          ms,
        },
        result.reason ? 'archive document could not be read' : 'archive document text extracted',
      );
    }
  } finally {
    if (!opts.reader) reader.close();
  }
  return summary;
}

/**
 * Stores a run's pages. A page read before (text layer or OCR) that this run did not read is
 * kept, and so are all of them when this run could not open the document: nothing already
 * stored is lost (found in review s40: `extract-documents --all` on a machine without
 * Tesseract's Norwegian model replaced a scanned page's OCR text with "not read", and search
 * lost it). A page this run read replaces the earlier one. Returns how many pages were kept.
 */
async function store(db: Db, id: string, r: DocumentText, ms: number): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = (
      await tx.query<{ page: number; origin: TextOrigin; text: string; ocr_confidence: number | null }>(
        `SELECT page, origin, text, ocr_confidence FROM archive.document_page_text
          WHERE dokumentobjekt_id = $1 AND origin <> 'none' ORDER BY page`,
        [id],
      )
    ).rows;
    const now = new Map(r.pages.map((p) => [p.page, p]));
    const kept: PageText[] = earlier
      .filter((e) => (now.get(e.page)?.origin ?? 'none') === 'none')
      .map((e) => ({
        page: e.page,
        origin: e.origin,
        text: e.text,
        ocrConfidence: e.ocr_confidence,
        reason: null,
      }));
    const keptPages = new Set(kept.map((k) => k.page));
    const pages = [...r.pages.filter((p) => !keptPages.has(p.page)), ...kept].sort((a, b) => a.page - b.page);
    await tx.query('DELETE FROM archive.document_page_text WHERE dokumentobjekt_id = $1', [id]);
    if (pages.length)
      await tx.query(
        `INSERT INTO archive.document_page_text (dokumentobjekt_id, page, origin, text, ocr_confidence, reason)
         SELECT $1, p.page, p.origin, p.text, p.conf, p.reason
           FROM unnest($2::int[], $3::text[], $4::text[], $5::real[], $6::text[]) AS p(page, origin, text, conf, reason)`,
        [
          id,
          pages.map((p) => p.page),
          pages.map((p) => p.origin),
          // PostgreSQL text cannot hold NUL.
          pages.map((p) => p.text.replace(/\0/g, '')),
          pages.map((p) => p.ocrConfidence),
          pages.map((p) => p.reason),
        ],
      );
    if (r.reason && kept.length)
      // This run could not open the document; the earlier run's format, page count and reason stand.
      await tx.query(
        `UPDATE archive.document_text SET status = 'done', detail = $2, extracted_at = now(), ms = $3, claimed_at = NULL
          WHERE dokumentobjekt_id = $1`,
        [id, `this run: ${r.reason}; ${kept.length} pages kept from an earlier extraction`.slice(0, 500), ms],
      );
    else
      await tx.query(
        `UPDATE archive.document_text SET status = 'done', format = $2, page_count = $3, reason = $4, detail = $5,
                extracted_at = now(), ms = $6, claimed_at = NULL
          WHERE dokumentobjekt_id = $1`,
        [id, r.format, r.pageCount, r.reason, r.detail?.slice(0, 500) ?? null, ms],
      );
    return kept.length;
  });
}

/**
 * Queues documents again: those that could not be read, or had pages not read (OCR failed
 * or unavailable, over the page limit), e.g. after installing Tesseract's model or raising
 * DOCTEXT_MAX_PAGES; with `all`, every document. Returns how many.
 */
export async function requeueDocuments(db: Db, opts: { all?: boolean } = {}): Promise<number> {
  const r = await db.query(
    `UPDATE archive.document_text t SET status = 'pending', attempts = 0, claimed_at = NULL
      WHERE t.status = 'done' AND ($1 OR t.reason IS NOT NULL
            OR EXISTS (SELECT 1 FROM archive.document_page_text p WHERE p.dokumentobjekt_id = t.dokumentobjekt_id AND p.origin = 'none')
            OR t.page_count > (SELECT count(*) FROM archive.document_page_text p WHERE p.dokumentobjekt_id = t.dokumentobjekt_id))`,
    [opts.all ?? false],
  );
  return r.rowCount ?? 0;
}

/** Runs the job until stopped: every `intervalMs`, extracts what is queued. */
export function startDocumentExtractor(
  db: Db,
  limits: DocTextLimits,
  opts: { intervalMs?: number } = {},
): { runNow(): Promise<ExtractSummary>; stop(): Promise<void> } {
  const intervalMs = opts.intervalMs ?? 2000;
  const reader = new PdfTextReader();
  let running: Promise<ExtractSummary | void> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const r = running.then(() => extractPendingDocuments(db, limits, { reader }));
    running = r.catch((err) =>
      log.warn({ err: (err as Error).message }, 'document extraction failed; retried later'),
    );
    return r;
  };
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(
      () =>
        void tick()
          .finally(loop)
          .catch(() => undefined),
      intervalMs,
    );
    timer.unref();
  };
  loop();
  return {
    runNow: tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      reader.close();
    },
  };
}
