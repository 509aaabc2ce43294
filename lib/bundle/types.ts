/**
 * The evidence bundle's input: what a caller asks for (matter, requester, purpose, window,
 * query), the items (streamed, in the order they appear in the bundle), what is withheld
 * and on which legal ground, and the completeness statement of the search behind it.
 */

/** One change in an item's history: where it came from, when and by whom it was corrected. */
export interface ProvenanceEntry {
  /** e.g. `migrated`, `correction`, `deletion`, `import`, `link`. */
  what: string;
  at?: string | null;
  by?: string | null;
  /** A short statement (e.g. `migrated from GERICA journalnotat 4711`, a correction's reason). */
  detail?: string | null;
  /** The text the item had before this change, when there was one. */
  earlierText?: string | null;
  /**
   * The source system the earlier version came from (`JournalEntryVersion.sourceSystem`: a legacy
   * original's `PROFIL` or `GERICA`, HP's own kept versions and migrated copy `HELSEPLATTFORMEN`;
   * helsepersonelloven § 42, pasientjournalloven § 22). Absent where the dossier names none.
   */
  sourceSystem?: string | null;
}

/** One record of the bundle, from any source system. */
export interface BundleItem {
  /** Unique within the bundle; withheld passages name it. */
  id: string;
  /** Record kind, e.g. `journal_entry`, `care_contact`, `service_decision`, `saksmappe`. */
  kind: string;
  /** The date the item is placed and shown by (ISO date or date-time). */
  date: string;
  sourceSystem: string;
  sourceId: string;
  title?: string | null;
  text?: string | null;
  author?: string | null;
  unit?: string | null;
  provenance?: readonly ProvenanceEntry[];
  /**
   * Matched concepts and their highlights (search hits). `earlierVersion`: only the text of the
   * item's earlier versions matched (its provenance's earlierText), the highlights are from it.
   */
  concepts?: readonly { concept: string; highlights?: readonly string[]; earlierVersion?: boolean }[];
  /** Further facts shown as `key: value` lines (a decision's outcome, a verdict, a period). */
  details?: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * A file the item is (an archive document): the writer reads its text and its file through
   * the source's DocumentReader and puts the file in the ZIP under `documents/`, unless the item
   * is withheld whole or the file cannot be given (then the item says why).
   */
  document?: BundleDocument | null;
  /**
   * The id of the item this one is part of (an archive document: its journalpost). Withheld
   * whole with it: a mark on the journalpost without a range or text withholds this item too,
   * on the same ground (writeBundle).
   */
  partOf?: string | null;
}

/** An item's file as its source knows it, before it is read. */
export interface BundleDocument {
  /** The source's reference for DocumentReader (the archive's: its journalpost's and dokumentobjekt's ids, as JSON). */
  ref: string;
  /** The original file name (e.g. `DOKUMENT/2023-1234-1.pdf`): only its sanitised last part names the file in the ZIP. */
  fileName: string;
  /** The SHA-256 the source stored for the file (hex): the file read must have it. */
  sha256: string;
  /** The size the source stored. */
  bytes: number;
  /** Why the file cannot be given, known before it is read (e.g. quarantined: no verified file). */
  unavailable?: { kind: DocumentMissing; reason: string } | null;
}

/** Why a document has no file in the bundle (counted in the completeness statement). */
export type DocumentMissing =
  'karantene' | 'ingen tilgang' | 'over størrelsesgrensen' | 'tilbakeholdt' | 'ingen fil';

/** A document's text page by page, as its source extracted it. */
export interface DocumentText {
  /** null: never extracted. Else e.g. `DONE`, `PENDING`. */
  status: string | null;
  /** Why the document could not be read at all (encrypted, broken, …). */
  reason?: string | null;
  pageCount?: number | null;
  pages: readonly {
    page: number;
    /** PDF_TEXT, OCR or NONE. */
    origin: string;
    ocrConfidence?: number | null;
    reason?: string | null;
    text: string;
  }[];
}

/**
 * Reads an item's document for the writer, one at a time, as the caller (the owner checks and
 * logs each read). A refusal is an answer (`missing`), not an error; any other failure is.
 */
export interface DocumentReader {
  /** Writes the file to `dest` (streamed or at least one file at a time). */
  file(ref: string, dest: string): Promise<{ written: true } | { missing: DocumentMissing; reason: string }>;
  text(ref: string): Promise<DocumentText | { missing: DocumentMissing; reason: string }>;
}

/**
 * A passage or a whole item held back from the bundle, with the legal ground (e.g.
 * `opplysninger om tredjeperson, pasient- og brukerrettighetsloven § 5-1 andre ledd`).
 * Neither `range` nor `text`: the whole item. `range`: characters [start, end) of the item's
 * text (UTF-16 code units, as JavaScript counts). `text`: every occurrence of this exact text
 * in the item. The passage is also removed wherever it recurs in the item (title,
 * earlier versions, highlights, details).
 */
export interface WithheldMark {
  itemId: string;
  ground: string;
  range?: { start: number; end: number } | null;
  text?: string | null;
}

/**
 * The completeness statement of the search the bundle comes from, per source system (the
 * period the system covers, records in the window, searched, not searchable and why, in
 * quarantine, linked records included). Carried as given into `completeness.json` and
 * printed in the PDF, key by key.
 */
export interface CompletenessStatement {
  /** One-paragraph summary, printed first. */
  summary?: string | null;
  sources: readonly ({ sourceSystem: string } & Record<string, unknown>)[];
  /** Assumptions and limits (e.g. the window's rule, what was not searched). */
  notes?: readonly string[];
}

/** Who asked for the bundle, for what, and what it covers: the cover page and the custody log. */
export interface BundleRequest {
  /** The matter (e.g. `M-2025-004`). */
  matter: string;
  /** The person or office that asked for the bundle (e.g. `Advokat Berg for saksøker`). */
  requester: string;
  purpose: string;
  /** The person the bundle is about, as the caller names them (patient id); never a national id. */
  subject?: string | null;
  /** The period the items were taken from, and how it was chosen. */
  window: { from: string | null; to: string | null; description?: string | null };
  /** The search or selection the items came from (a query, concepts, "all records"). */
  query: string;
  /** Bates prefix, e.g. `HS-2025-004`; default derived from the matter. */
  prefix?: string | null;
  /** First Bates number (a later production continues where the last ended); default 1. */
  firstNumber?: number | null;
}

/** Who built the bundle and from which request: the custody log. */
export interface BundleBuilder {
  userId: string;
  role: string;
  /** The request id the access log has for the build. */
  requestId: string;
  /** `gateway exportBundle`, `cli bundle`, … */
  via: string;
  /** Where the items came from (a BundleSource's name, e.g. `dossier`). */
  source?: string;
}
