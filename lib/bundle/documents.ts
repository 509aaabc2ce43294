/**
 * The files and text of an evidence bundle's documents (items with `document`, the archive's
 * dokumentobjekt): a court reads the letters themselves, not "document X exists, sha256 …"
 * (review s41). Each document is read through the source's DocumentReader when the writer
 * spools its item (one at a time, the file streamed to the build's temporary folder), after
 * the withheld marks are known: a document withheld whole is not read at all. Its text is
 * printed under the item page by page with its origin (text layer or OCR with its confidence),
 * and withheld passages apply to it as to any item text (a document with a passage withheld never
 * has its original in the bundle: it would give the passage; it has a redacted copy where one can
 * be made and checked, lib/bundle/redact-file.ts, else no file); its file goes into the ZIP under
 * `documents/`, listed in the manifest, and must have the SHA-256 its source stored for it (a
 * file that does not is an error of the build, never a different file given out).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { redactedCopy, tokens } from './redact-file';
import { passageTexts } from './withhold';
import type {
  BundleItem,
  CompletenessStatement,
  DocumentMissing,
  DocumentReader,
  DocumentText,
  WithheldMark,
} from './types';

/** A file over this is not put in the bundle (the archive answers at most 64 MiB of document content per request). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export const DOCUMENTS_DIR = 'documents';

/** What the bundle holds of an item's document (spooled with the item; items.json's `document`). */
export interface SpooledDocument {
  /** `documents/…` in the ZIP, or null: no file (see reason). */
  file: string | null;
  sha256?: string;
  bytes?: number;
  missing?: DocumentMissing;
  reason: string | null;
  /** The file is a redacted copy (lib/bundle/redact-file.ts) of the original, which is not in the bundle. */
  redacted?: { originalSha256: string; pages: number };
}

/** The original's part of a name in the ZIP: at most this many characters and UTF-8 bytes. */
const MAX_NAME_CHARS = 100;
const MAX_NAME_BYTES = 150;

/** The first characters of `s` (whole code points, never half a surrogate pair) within both limits. */
function headOf(s: string, chars: number, bytes: number): string {
  let out = '';
  let used = 0;
  let count = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (count + 1 > chars || used + b > bytes) break;
    out += ch;
    used += b;
    count++;
  }
  return out;
}

/**
 * The file's name in the ZIP: `documents/<prefix>-D<item number>-<name>`, the item number
 * that of the table of contents, the name the original's last part with every character but
 * letters, digits, `.`, `-` and `_` replaced, in Unicode NFC. Never a path from the source:
 * `../../etc/passwd` or `C:\x\brev.pdf` give `passwd` and `brev.pdf`. A long name is cut to 100
 * characters and 150 UTF-8 bytes, whole characters, its extension kept: the whole name stays
 * under the 255 bytes a file name may have where the ZIP is unpacked (ext4, APFS, NTFS), and is
 * the same text in the ZIP and in the manifest (review s41b: cut by UTF-16 units, a letter
 * outside the BMP was split into half a surrogate pair, which the ZIP wrote as U+FFFD and the
 * manifest kept, so verify-bundle failed the bundle; 100 CJK letters made a 341-byte name).
 */
export function documentEntryName(prefix: string, n: number, fileName: string): string {
  const last = fileName.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let safe = last
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._-]+/, '')
    .replace(/_+/g, '_');
  if ([...safe].length > MAX_NAME_CHARS || Buffer.byteLength(safe) > MAX_NAME_BYTES) {
    const ext = /\.[\p{L}\p{N}]{1,8}$/u.exec(safe)?.[0] ?? '';
    safe =
      headOf(
        safe.slice(0, safe.length - ext.length),
        MAX_NAME_CHARS - [...ext].length,
        MAX_NAME_BYTES - Buffer.byteLength(ext),
      ) + ext;
  }
  return `${DOCUMENTS_DIR}/${prefix}-D${String(n).padStart(6, '0')}-${safe || 'dokument'}`;
}

/** The origin of a page as a judge reads it. */
function pageHead(p: DocumentText['pages'][number]): string {
  if (p.origin === 'PDF_TEXT') return `[Side ${p.page} – tekstlag]`;
  if (p.origin === 'OCR')
    return `[Side ${p.page} – OCR, konfidens ${p.ocrConfidence == null ? 'ukjent' : Math.round(p.ocrConfidence)}]`;
  return `[Side ${p.page} – ingen tekst: ${p.reason ?? 'ingen grunn oppgitt'}]`;
}

/** The document's text as printed under its item: each page under a line naming its origin. */
export function documentTextBlock(t: DocumentText | { reason: string }): string {
  const head =
    'Dokumentets tekst (maskinlest fra filen: «tekstlag» er PDF-ens egen tekst, «OCR» er lest av Tesseract fra et bilde av siden, med gjennomsnittlig ordkonfidens 0–100):';
  if (!('pages' in t)) return `${head}\n[Ingen tekst: ${t.reason}]`;
  if (t.status === null) return `${head}\n[Ingen tekst: filen er ikke lest (ingen tekstuttrekking)]`;
  if (t.status !== 'DONE')
    return `${head}\n[Ingen tekst: teksten er ikke lest ennå (${t.status}); bygg bundelen igjen når tekstuttrekkingen er ferdig]`;
  const parts = [head];
  if (t.reason) parts.push(`[Ingen tekst: ${t.reason}]`);
  for (const p of t.pages) parts.push(p.text.trim() ? `${pageHead(p)}\n${p.text.trim()}` : pageHead(p));
  const last = t.pages.at(-1)?.page ?? 0;
  if (t.pageCount != null && t.pageCount > last)
    parts.push(`[Side ${last + 1}–${t.pageCount} – ikke lest: over sidegrensen for tekstuttrekking]`);
  return parts.join('\n\n');
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Thrown when a document file read is not the one its source stored: the build stops. */
export class DocumentMismatchError extends Error {}

/**
 * Reads an item's document: its text into the item's text, its file to `dest`. The item comes
 * back with the text added (before redaction, so withheld passages apply to it); `doc` says what
 * the bundle holds. A document withheld whole is not read; one with a passage withheld has its
 * text read, not its file (the file would give the passage).
 */
export async function takeDocument(
  item: BundleItem,
  n: number,
  marks: readonly WithheldMark[] | undefined,
  opts: {
    prefix: string;
    reader?: DocumentReader;
    dest: string;
    maxBytes: number;
    /** Make a redacted copy of a document with a passage withheld (Tesseract's language); absent: no file. */
    redact?: { ocrLang: string };
  },
): Promise<{ item: BundleItem; doc: SpooledDocument }> {
  const d = item.document!;
  if (marks?.some((m) => !m.range && m.text == null))
    return { item, doc: { file: null, missing: 'tilbakeholdt', reason: 'hele dokumentet er tilbakeholdt' } };
  const reader = opts.reader;
  if (!reader)
    return {
      item,
      doc: { file: null, missing: 'ingen fil', reason: 'kilden gir ikke dokumentenes filer' },
    };
  const read = d.unavailable ? { reason: d.unavailable.reason } : await textOf(reader, d.ref);
  const text = documentTextBlock(read);
  const withText: BundleItem = { ...item, text: item.text ? `${item.text}\n\n${text}` : text };
  const missing = (m: DocumentMissing, reason: string) => ({
    item: withText,
    doc: { file: null, missing: m, reason } satisfies SpooledDocument,
  });
  if (d.unavailable) return missing(d.unavailable.kind, d.unavailable.reason);
  // A passage withheld (a range or a text mark): the text printed leaves it out, but the original
  // file holds it, so the original is never given (pasient- og brukerrettighetsloven § 5-1 andre
  // ledd: what is withheld is not handed over in another form; found in review s41b: the ZIP gave
  // the whole letter whose third-party passage the PDF withheld). Since stop 42 a redacted copy
  // is given instead where one can be made and checked (lib/bundle/redact-file.ts); else none.
  const kept =
    'deler av dokumentet er tilbakeholdt: originalfilen ville gitt dem, så den er ikke med; teksten er gjengitt med de tilbakeholdte delene fjernet';
  if (marks?.length && !opts.redact) return missing('tilbakeholdt', kept);
  if (d.bytes > opts.maxBytes)
    return missing(
      'over størrelsesgrensen',
      `filen er ${d.bytes} byte, over grensen på ${opts.maxBytes} byte for en fil i bundelen`,
    );
  // The original goes to `dest`, or beside it when a redacted copy is to be made of it.
  const original = marks?.length ? `${opts.dest}.original` : opts.dest;
  const got = await reader.file(d.ref, original);
  if ('missing' in got) return missing(got.missing, got.reason);
  const bytes = (await stat(original)).size;
  if (bytes > opts.maxBytes) {
    await rm(original, { force: true });
    return missing(
      'over størrelsesgrensen',
      `filen er ${bytes} byte, over grensen på ${opts.maxBytes} byte for en fil i bundelen`,
    );
  }
  const sha256 = await sha256File(original);
  if (sha256 !== d.sha256.toLowerCase()) {
    await rm(original, { force: true });
    throw new DocumentMismatchError(
      `the file of item ${item.id} (${d.fileName}) read from its source has SHA-256 ${sha256}, the source stored ${d.sha256}: no bundle is built`,
    );
  }
  if (!marks?.length)
    return {
      item: withText,
      doc: { file: documentEntryName(opts.prefix, n, d.fileName), sha256, bytes, reason: null },
    };
  const pages = 'pages' in read && read.status === 'DONE' ? read.pages.map((p) => p.text).join('\n') : null;
  const passages = passageTexts(withText.text ?? '', marks);
  const copy = await redactedCopy(original, opts.dest, passages, pages, opts.redact!);
  await rm(original, { force: true });
  if ('refused' in copy) {
    await rm(opts.dest, { force: true });
    return missing('tilbakeholdt', `${kept}; en sladdet kopi er ikke laget: ${copy.refused}`);
  }
  // The copy is named after the original unless the original's name has a withheld passage's
  // words ("Bekymringsmelding fra Kari Hansen.pdf"): then `dokument` (review s42: the ZIP, the
  // manifest and items.json named the copy after it, passage and all).
  const named = tokens(d.fileName).join(' ');
  const stem = passages.some((p) => tokens(p).length && ` ${named} `.includes(` ${tokens(p).join(' ')} `))
    ? 'dokument'
    : d.fileName.replace(/\.[\p{L}\p{N}]{1,8}$/u, '');
  return {
    item: withText,
    doc: {
      file: documentEntryName(opts.prefix, n, `${stem}-sladdet.pdf`),
      sha256: await sha256File(opts.dest),
      bytes: (await stat(opts.dest)).size,
      reason: null,
      redacted: { originalSha256: sha256, pages: copy.pages },
    },
  };
}

async function textOf(reader: DocumentReader, ref: string): Promise<DocumentText | { reason: string }> {
  const t = await reader.text(ref);
  return 'missing' in t ? { reason: t.reason } : t;
}

/** The lines the item's PDF entry gets about its file (added after redaction: they hold no source text). */
export function fileDetails(doc: SpooledDocument): Record<string, string> {
  if (doc.file && doc.redacted)
    return {
      'Fil i bundelen': `${doc.file} (sladdet kopi: ${doc.redacted.pages} ${doc.redacted.pages === 1 ? 'side' : 'sider'} gjengitt som bilder, de tilbakeholdte delene sladdet; ${doc.bytes} byte; SHA-256 ${doc.sha256})`,
      'Originalfil ikke med': `originalen (SHA-256 ${doc.redacted.originalSha256}, lik arkivets lagrede sjekksum) ville gitt de tilbakeholdte delene`,
    };
  return doc.file
    ? {
        'Fil i bundelen': `${doc.file} (${doc.bytes} byte; SHA-256 ${doc.sha256}, lik arkivets lagrede sjekksum)`,
      }
    : { 'Fil ikke med': doc.reason ?? '' };
}

/** Per source system: documents with a file in the bundle, and those without by why. */
export type DocumentCounts = Map<
  string,
  { files: number; redacted: number; missing: Map<DocumentMissing, number> }
>;

export function countDocument(counts: DocumentCounts, sourceSystem: string, doc: SpooledDocument): void {
  const c = counts.get(sourceSystem) ?? { files: 0, redacted: 0, missing: new Map() };
  counts.set(sourceSystem, c);
  if (doc.redacted) c.redacted++;
  if (doc.file) c.files++;
  else c.missing.set(doc.missing ?? 'ingen fil', (c.missing.get(doc.missing ?? 'ingen fil') ?? 0) + 1);
}

/** The completeness statement with the documents' files counted under their source system. */
export function withDocumentCounts(c: CompletenessStatement, counts: DocumentCounts): CompletenessStatement {
  if (!counts.size) return c;
  const lines = (s: string) => {
    const k = counts.get(s)!;
    const without = [...k.missing.values()].reduce((a, b) => a + b, 0);
    return {
      'dokumentfiler i bundelen': k.files,
      ...(k.redacted ? { 'herav sladdede kopier': k.redacted } : {}),
      'dokumenter uten fil': without
        ? `${without} (${[...k.missing].map(([why, x]) => `${why}: ${x}`).join('; ')})`
        : 'ingen',
    };
  };
  const sources = c.sources.map((s) => (counts.has(s.sourceSystem) ? { ...s, ...lines(s.sourceSystem) } : s));
  for (const s of counts.keys())
    if (!c.sources.some((x) => x.sourceSystem === s)) sources.push({ sourceSystem: s, ...lines(s) });
  return {
    summary: c.summary,
    sources,
    notes: [
      ...(c.notes ?? []),
      `Documents: every document item's file is in the ZIP under ${DOCUMENTS_DIR}/ (named by the item's number in the table of contents and the original file name), listed in manifest.json with its SHA-256, which equals the SHA-256 the archive stored for it; its text is printed under the item, page by page with its origin. A document has no file when it is withheld whole or in part (the original holds a withheld passage), quarantined (no verified file), refused to the builder by the archive's policy, or over ${MAX_DOCUMENT_BYTES} bytes: its item says which.`,
    ],
  };
}
