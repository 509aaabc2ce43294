/**
 * Archive documents become searchable (issue 13): the text layer of PDFs (pdfjs-dist) and
 * OCR of scanned pages and image documents (Tesseract, Norwegian model) are found by search
 * on both backends, marked with their origin; coverage counts the documents and pages that
 * could not be read, with the reason; hostile files are marked, and the job and the indexer
 * go on. Real PostgreSQL and Elasticsearch, through the gateway; the documents are made
 * here (dev/pdf.ts: a text PDF, a "scan" rendered by pdftoppm and wrapped as an image-only
 * PDF, a PNG, an encrypted PDF, a decompression bomb, …) and imported as a Noark 5 extract.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { DEFAULT_DOCTEXT } from '../lib/config';
import { generateDataset, generateNoarkExtract } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { encryptedPdf, imagePdf, manyPagePdf, textPdf } from '../dev/pdf';
import { everyoneMatterToken } from '../dev/policy';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
} from '../dev/services';
import { type TestDatabase } from '../dev/services';
import { startStack, type Stack } from '../scripts/stack';
import { importNoark } from '../subgraphs/archive/noark/import';
import { REASONS } from '../subgraphs/archive/doctext/extract';
import { extractPendingDocuments } from '../subgraphs/archive/doctext/job';
import { commands } from '../subgraphs/archive/cli';
import { UsageError } from '../lib/cli';

const scratch = mkdtempSync(join(tmpdir(), 'helsespor-doctext-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Renders Norwegian text with pdftoppm and returns it as an image (what a scanner gives). */
function scan(lines: string[], fmt: 'jpeg' | 'png'): Buffer {
  const src = join(scratch, `src-${fmt}-${lines[0]!.length}.pdf`);
  writeFileSync(src, textPdf([lines], { fontSize: 18 }));
  const out = join(scratch, `scan-${fmt}-${lines[0]!.length}`);
  execFileSync('pdftoppm', ['-r', '150', '-gray', `-${fmt}`, '-singlefile', src, out]);
  return readFileSync(`${out}.${fmt === 'jpeg' ? 'jpg' : 'png'}`);
}

/** A PDF whose one page's content stream inflates to 50 MB of text operators. */
function deflateBomb(): Buffer {
  const z = deflateSync(Buffer.alloc(50 * 1024 * 1024, 'BT (a) Tj ET\n'), { level: 9 });
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  const push = (b: Buffer) => {
    parts.push(b);
    len += b.length;
  };
  objs.forEach((o, i) => {
    offsets.push(len);
    push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
  });
  offsets.push(len);
  push(Buffer.from(`4 0 obj\n<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'));
  push(z);
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xref = len;
  push(
    Buffer.from(
      `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

const ds = generateDataset({ seed: 21, patients: 3 });
const clients = ds.patients.map((p) => ({
  nationalId: p.nationalId!,
  name: `${p.givenName} ${p.familyName}`,
}));
const [personA, personB, personC] = clients as [
  (typeof clients)[0],
  (typeof clients)[0],
  (typeof clients)[0],
];

/** Case 1 (person A): readable documents; case 2 (person B): encrypted + over the page limit; case 3 (person C): hostile. */
const files: Record<string, { content: Buffer; ext: string }> = {
  '1-1': {
    content: textPdf([
      ['Vedtak om hjelpemidler', 'Fysioterapeuten anbefaler gåstol og daglig gangtrening.'],
      ['Side 2: Saksbehandler ved Tildelingskontoret.'],
    ]),
    ext: 'pdf',
  },
  '1-2': {
    content: imagePdf([scan(['Datteren klager på manglende', 'nattevakt ved sykehjemmet.'], 'jpeg')]),
    ext: 'pdf',
  },
  '1-3': { content: scan(['Legen bekrefter at pasienten', 'bruker rullestol hver dag.'], 'png'), ext: 'png' },
  '2-1': { content: encryptedPdf(), ext: 'pdf' },
  '2-2': { content: manyPagePdf(8, 'Notat fra vaktmester om nøkkelboks'), ext: 'pdf' },
  '3-1': { content: Buffer.from('%PDF-1.7\n this is not a PDF at all \n%%EOF\n', 'latin1'), ext: 'pdf' },
  '3-2': { content: Buffer.from('PK\x03\x04 a word processor file', 'latin1'), ext: 'docx' },
  '3-3': { content: deflateBomb(), ext: 'pdf' },
};

const extract = generateNoarkExtract({
  seed: 8,
  saksmapper: 3,
  clients,
  documentFile: ({ sak, journalpost }) => files[`${sak}-${journalpost}`],
});

function writeExtract(name: string): string {
  const dir = join(scratch, name);
  for (const f of extract.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

const SEARCH = `query ($nid: String!, $q: String!) {
  patientByNationalId(nationalId: $nid) {
    search(query: $q, kinds: ["archive_document"]) {
      total
      hits { kind documentId page textOrigin ocrConfidence highlights saksmappe { id } }
    }
  }
}`;

const COVERAGE = `query ($nid: String!) {
  patientByNationalId(nationalId: $nid) {
    searchCoverage {
      inStep
      systems {
        kind records searchable indexed notSearchable { reason count }
        documents { documents read partlyRead notRead { reason count } pending pdfTextPages ocrPages meanOcrConfidence }
      }
    }
  }
}`;

describe.each([
  ['elasticsearch', 'es'],
  ['postgres full-text search (PostgreSQL)', 'pg'],
  ['postgres full-text search (PGlite, embedded)', 'pglite'],
] as const)('archive document text on %s', (_name, mode) => {
  let tdb: TestDatabase | undefined;
  let stack: Stack;
  let legal: string;
  const prefix = testIndexPrefix();
  const withEs = mode === 'es';

  beforeAll(async () => {
    tdb = mode === 'pglite' ? undefined : await createTestDatabase();
    stack = await startStack(
      testConfig({
        databaseUrl: tdb?.url,
        elasticsearchUrl: withEs ? requireEnv('ELASTICSEARCH_URL') : undefined,
        ...(withEs ? { esIndexPrefix: prefix } : {}),
        documentText: { ...DEFAULT_DOCTEXT, maxPages: 5, timeoutMs: 3000 },
      }),
      { db: tdb?.db, indexerIntervalMs: 3_600_000, extractorIntervalMs: 3_600_000 },
    );
    await loadDataset(stack.db, ds);
    const imported = await importNoark(stack.db, writeExtract(`extract-${mode}`));
    expect(imported.documents.quarantined).toBe(0);
    const summary = await stack.extractDocuments();
    expect(summary.documents).toBe(8);
    await stack.index();
    legal = await everyoneMatterToken(stack);
  });

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (withEs) await dropIndexes(prefix);
  });

  const search = async (nid: string, q: string, token = legal) => {
    const r = await gql(stack.gateway.url, SEARCH, { token, variables: { nid, q } });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patientByNationalId.search;
  };

  test('a word of a PDF text layer is found, marked PDF_TEXT with its page', async () => {
    const r = await search(personA.nationalId, 'gåstol');
    expect(r.total).toBe(1);
    expect(r.hits[0]).toMatchObject({
      kind: 'archive_document',
      page: 1,
      textOrigin: 'PDF_TEXT',
      ocrConfidence: null,
    });
    expect(r.hits[0].saksmappe.id).toBe(extract.facts.saksmapper[0]!.id);
    expect(r.hits[0].highlights.join(' ')).toMatch(/<em>gåstol<\/em>/i);
    const page2 = await search(personA.nationalId, 'Tildelingskontoret');
    expect(page2.hits.map((h: any) => [h.page, h.textOrigin])).toEqual([[2, 'PDF_TEXT']]);
  });

  test('a word of a scanned PDF page (an image, no text layer) is found by OCR, marked OCR with its confidence', async () => {
    const r = await search(personA.nationalId, 'nattevakt');
    expect(r.total).toBe(1);
    expect(r.hits[0]).toMatchObject({ kind: 'archive_document', page: 1, textOrigin: 'OCR' });
    expect(r.hits[0].ocrConfidence).toBeGreaterThan(60);
    expect(r.hits[0].ocrConfidence).toBeLessThanOrEqual(100);
  });

  test('a word of an image document (PNG) is found by OCR', async () => {
    const r = await search(personA.nationalId, 'rullestol');
    expect(r.hits.map((h: any) => h.textOrigin)).toEqual(['OCR']);
  });

  test('pages are stored with their origin; unreadable documents with the reason, hostile ones included', async () => {
    const docs = (
      await stack.db.query<{
        ref: string;
        status: string;
        format: string;
        page_count: number | null;
        reason: string | null;
        origins: string[];
      }>(
        `SELECT o.referanse_dokumentfil AS ref, t.status, t.format, t.page_count, t.reason,
                coalesce(array_agg(p.origin ORDER BY p.page) FILTER (WHERE p.page IS NOT NULL), '{}') AS origins
           FROM archive.document_text t JOIN archive.dokumentobjekt o ON o.id = t.dokumentobjekt_id
           LEFT JOIN archive.document_page_text p ON p.dokumentobjekt_id = t.dokumentobjekt_id
          GROUP BY 1, 2, 3, 4, 5 ORDER BY 1`,
      )
    ).rows;
    expect(docs.every((d) => d.status === 'done')).toBe(true);
    const byReason = Object.fromEntries(docs.filter((d) => d.reason).map((d) => [d.reason, d.format]));
    expect(byReason).toEqual({
      [REASONS.encrypted]: 'pdf',
      [REASONS.broken]: 'pdf',
      [REASONS.unsupported]: 'unknown',
      [REASONS.timeout]: 'pdf',
    });
    const origins = docs.filter((d) => !d.reason).map((d) => [d.format, d.page_count, d.origins]);
    expect(origins).toEqual(
      expect.arrayContaining([
        ['pdf', 2, ['pdf-text', 'pdf-text']],
        ['pdf', 1, ['ocr']],
        ['png', 1, ['ocr']],
        ['pdf', 8, ['pdf-text', 'pdf-text', 'pdf-text', 'pdf-text', 'pdf-text']],
      ]),
    );
  });

  test('an archivist sees per document how its text was extracted (no text), page by page', async () => {
    const archivist = await stack.token({
      sub: 'arkivar-x',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const r = await gql(
      stack.gateway.url,
      `query ($id: ID!) { saksmappe(id: $id) { journalposter { documents { fileName textExtraction { status format pageCount reason pages { page origin ocrConfidence reason } } } } } }`,
      { token: archivist, variables: { id: extract.facts.saksmapper[1]!.id } },
    );
    expect(r.body.errors).toBeUndefined();
    const docs = r.body.data.saksmappe.journalposter.flatMap((j: any) =>
      j.documents.map((d: any) => d.textExtraction),
    );
    expect(docs).toEqual(
      expect.arrayContaining([
        { status: 'DONE', format: 'pdf', pageCount: null, reason: REASONS.encrypted, pages: [] },
        expect.objectContaining({ status: 'DONE', format: 'pdf', pageCount: 8, reason: null }),
      ]),
    );
    const long = docs.find((d: any) => d.pageCount === 8);
    expect(long.pages).toHaveLength(5);
    expect(long.pages[0]).toEqual({ page: 1, origin: 'PDF_TEXT', ocrConfidence: null, reason: null });
  });

  test('coverage counts the documents and pages that could not be read, and why', async () => {
    const cov = async (nid: string) => {
      const r = await gql(stack.gateway.url, COVERAGE, { token: legal, variables: { nid } });
      expect(r.body.errors).toBeUndefined();
      const c = r.body.data.patientByNationalId.searchCoverage;
      return { inStep: c.inStep, docs: c.systems.find((s: any) => s.kind === 'archive_document') };
    };
    const a = await cov(personA.nationalId);
    expect(a.inStep).toBe(true);
    expect(a.docs).toMatchObject({ records: 4, searchable: 4, indexed: 4, notSearchable: [] });
    expect(a.docs.documents).toMatchObject({
      documents: 3,
      read: 3,
      partlyRead: 0,
      notRead: [],
      pending: 0,
      pdfTextPages: 2,
      ocrPages: 2,
    });
    expect(a.docs.documents.meanOcrConfidence).toBeGreaterThan(60);

    const b = await cov(personB.nationalId);
    expect(b.inStep).toBe(true);
    // The encrypted PDF counts as one unit (its pages are unknown); 3 of 8 pages are over the page limit.
    expect(b.docs).toMatchObject({ records: 1 + 8, searchable: 5, indexed: 5 });
    expect(b.docs.notSearchable).toEqual(
      expect.arrayContaining([
        { reason: REASONS.encrypted, count: 1 },
        { reason: REASONS.overPageLimit, count: 3 },
      ]),
    );
    expect(b.docs.documents).toMatchObject({
      documents: 2,
      read: 0,
      partlyRead: 1,
      notRead: [{ reason: REASONS.encrypted, count: 1 }],
    });

    const c = await cov(personC.nationalId);
    expect(c.docs).toMatchObject({ records: 3, searchable: 0, indexed: 0 });
    expect(c.docs.documents.notRead).toEqual(
      expect.arrayContaining([
        { reason: REASONS.broken, count: 1 },
        { reason: REASONS.unsupported, count: 1 },
        { reason: REASONS.timeout, count: 1 },
      ]),
    );
  });

  test('a hostile PDF does not stop the job or the indexer: a document stored after it is extracted and found', async () => {
    // Queue the bomb again, then a readable document behind it.
    await stack.db.query(`UPDATE archive.document_text SET status = 'pending' WHERE reason = $1`, [
      REASONS.timeout,
    ]);
    const s = await stack.extractDocuments();
    expect(s).toMatchObject({ documents: 1, unreadable: 1 });
    const bomb = await stack.db.query<{ detail: string }>(
      'SELECT detail FROM archive.document_text WHERE reason = $1',
      [REASONS.timeout],
    );
    // Stopped at the limit (DOCTEXT_TIMEOUT_SECONDS, 3 s here); unbounded, PDF.js works on it for well over 20 s.
    expect(bomb.rows.map((r) => r.detail)).toEqual(['no answer within 3000 ms']);
    const id = (
      await stack.db.query<{ id: string }>(
        `SELECT o.id FROM archive.dokumentobjekt o JOIN archive.document_text t ON t.dokumentobjekt_id = o.id WHERE t.reason = $1`,
        [REASONS.unsupported],
      )
    ).rows[0]!.id;
    // The archive verifies a file again (e.g. a re-import): it is queued and read like any other.
    await stack.db.query('UPDATE archive.dokumentobjekt SET content = $2 WHERE id = $1', [
      id,
      textPdf([['Tilsynet fant mangler ved brannvarsleren.']]),
    ]);
    expect(await stack.extractDocuments()).toMatchObject({ documents: 1, unreadable: 0 });
    await stack.index();
    const r = await search(personC.nationalId, 'brannvarsleren');
    expect(r.hits.map((h: any) => h.textOrigin)).toEqual(['PDF_TEXT']);
  });

  test('extract-documents --retry-unread reads the unread documents again; a bad option is a one-line usage error', async () => {
    const cmd = commands['extract-documents']!;
    const ctx = {
      db: stack.db,
      config: testConfig({ documentText: { ...DEFAULT_DOCTEXT, maxPages: 5, timeoutMs: 3000 } }),
    };
    await expect(cmd.run(['--everything'], ctx as never)).rejects.toThrow(UsageError);
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await cmd.run(['--retry-unread'], ctx as never)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // Encrypted, broken, the bomb, and the 8-page PDF with pages over the limit. The report's
    // lines, not the log's (pino writes its JSON lines to stdout too when LOG_LEVEL is info, as
    // when jest runs without scripts/test.sh).
    const report = out
      .join('')
      .split('\n')
      .filter((l) => !l.startsWith('{'))
      .join('\n');
    expect(report).toMatch(
      /^Queued 4 documents again\nExtracted 4 documents: pages 5 from the text layer, 0 by OCR, 0 not read; 3 documents could not be read/,
    );
  });

  test('the policy applies to document hits as to other archive hits: outside the matter nothing, researchers no text origin', async () => {
    const onlyA = await stack.matterToken(
      { id: `M-doc-${mode}`, nationalIds: [personA.nationalId] },
      { sub: 'jurist-doc' },
    );
    const all = `query ($q: String!) { search(query: $q, kinds: ["archive_document"]) { total hits { documentId textOrigin } } }`;
    const mine = await gql(stack.gateway.url, all, { token: onlyA, variables: { q: 'gåstol' } });
    expect(mine.body.data.search.total).toBe(1);
    const other = await gql(stack.gateway.url, all, { token: onlyA, variables: { q: 'vaktmester' } });
    expect(other.body.data.search).toEqual({ total: 0, hits: [] });
    const archivist = await stack.token({
      sub: 'arkivar',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const seen = await gql(stack.gateway.url, all, { token: archivist, variables: { q: 'vaktmester' } });
    expect(seen.body.data.search.total).toBe(5);

    const researcher = await stack.token({ sub: 'forsker-doc', role: 'researcher', purpose: 'RESEARCH' });
    const r = await gql(stack.gateway.url, all, { token: researcher, variables: { q: 'gåstol' } });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(r.body.data ?? null)).not.toContain('PDF_TEXT');
    const bare = await gql(
      stack.gateway.url,
      `query { search(query: "gåstol", kinds: ["archive_document"]) { total hits { kind ocrConfidence page documentId } } }`,
      { token: researcher },
    );
    expect(bare.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('nothing stored is lost: a re-extraction that cannot OCR (no Tesseract model for its language) keeps the page text OCR read before, and search still finds it (found in review s40: it became "not read")', async () => {
    const doc = (
      await stack.db.query<{ id: string }>(
        `SELECT dokumentobjekt_id AS id FROM archive.document_page_text WHERE origin = 'ocr' AND text ILIKE '%rullestol%'`,
      )
    ).rows[0]!.id;
    const pages = async () =>
      (
        await stack.db.query(
          'SELECT page, origin, text, ocr_confidence FROM archive.document_page_text WHERE dokumentobjekt_id = $1 ORDER BY page',
          [doc],
        )
      ).rows;
    const before = await pages();
    await stack.db.query(
      `UPDATE archive.document_text SET status = 'pending', attempts = 0 WHERE dokumentobjekt_id = $1`,
      [doc],
    );
    const run = await extractPendingDocuments(stack.db, { ...DEFAULT_DOCTEXT, ocrLang: 'zzz-no-model' });
    expect(run).toMatchObject({ documents: 1, pages: { ocr: 0 } });
    expect(await pages()).toEqual(before);
    await stack.index();
    const r = await search(personA.nationalId, 'rullestol');
    expect(r.hits.map((h: any) => h.textOrigin)).toEqual(['OCR']);
  });
});
