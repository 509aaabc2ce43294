/**
 * The dossier's exported shapes: one chronological timeline of everything the platform holds
 * about a person in a window, and a completeness statement per source system. The GraphQL
 * type `Dossier` (schema/dossier.graphql) has exactly these fields; the evidence bundle builds
 * on these types. Keep them stable: add optional fields, never rename or remove.
 */

/** The source system a record was written in. SAKARKIV is the Noark 5 case archive. */
export type DossierSourceSystem = 'HELSEPLATTFORMEN' | 'GERICA' | 'PROFIL' | 'SAKARKIV';

/** What kind of record an item is. */
export type DossierItemKind =
  | 'JOURNAL_ENTRY'
  | 'CARE_CONTACT'
  | 'SERVICE_DECISION'
  | 'COERCION_DECISION'
  | 'COERCION_EXECUTION'
  | 'SAKSMAPPE'
  | 'JOURNALPOST'
  | 'ARCHIVE_DOCUMENT';

/** How the window was given. */
export type DossierWindowKind = 'DATES' | 'AGES' | 'SCHOOL_YEARS' | 'ALL';

/** The window the dossier was computed for, as applied (local Europe/Oslo dates, inclusive). */
export interface DossierWindow {
  kind: DossierWindowKind;
  /** First local date, inclusive (null: open). */
  from: string | null;
  /** Last local date, inclusive (null: open). */
  to: string | null;
  /** One line a reader understands, e.g. "ages 13–15: 2012-08-13 to 2015-08-12". */
  description: string;
  /** What the window assumes (leap-day rule, school-year start, which date of a record counts). */
  assumptions: string[];
  /** MARCH_1 or FEBRUARY_28 (how a 29 February birthday is placed). */
  leapDayRule: string;
}

/** Where a record came from and what happened to it since. */
export interface DossierProvenance {
  /** Other copies: e.g. the migrated Helseplattformen copy of a legacy note ("migrated_copy"). */
  copies: { sourceSystem: string; sourceId: string; kind: string }[];
  /** The record was itself migrated from another system (e.g. a coercion decision from Gerica). */
  migratedFrom: { sourceSystem: string; sourceId: string; migratedAt: string | null } | null;
  /** Corrections and other earlier versions, oldest first: when, by whom, why, and the earlier text. */
  corrections: {
    at: string;
    by: string;
    reason: string;
    change: string;
    /** The text before the change; null when it was deleted. */
    earlierText: string | null;
    /** The source system the earlier version came from (journal notes: JournalEntryVersion.sourceSystem). */
    sourceSystem?: string | null;
    /** The local date the earlier version is dated by (JournalEntryVersion.datedOn), when known. */
    datedOn?: string | null;
    /**
     * The last local date of the earlier version's period (a decision's validity, a contact's end;
     * null: open), when it has one (not in the GraphQL schema): with `datedOn`, the period a
     * bundle's window must overlap (bundle-source.ts withinWindow).
     */
    datedUntil?: string | null;
  }[];
  /** The export file the record was imported from, when known. */
  file: string | null;
}

/** A concept (or query word) the item matched, with the fragments that matched. */
export interface DossierConceptMatch {
  /** The concept or word asked for, as given in `concepts`. */
  concept: string;
  /** The expansions that matched (e.g. mobbing:near:plaget). */
  expansions: string[];
  /** Text fragments, matched words in <em>. */
  highlights: string[];
  /**
   * EARLIER_VERSION: only the text of the note's earlier versions matched (the highlights are
   * from it); CURRENT_VERSION (or absent): the record as it is now.
   */
  matchedIn?: 'CURRENT_VERSION' | 'EARLIER_VERSION';
}

/** A deleted record's tombstone (the content is gone). */
export interface DossierTombstone {
  deletedBy: string;
  deletedAt: string;
  legalBasis: string;
}

/** A labelled fact about an item: outcome, verdict, journalpost type, measure, … */
export interface DossierDetail {
  label: string;
  value: string;
}

/** A link from this item to another record, with the basis the link rests on. */
export interface DossierLink {
  /** e.g. "assessment", "decision", "saksmappe", "journalpost", "care_contact". */
  relation: string;
  kind: DossierItemKind;
  recordId: string;
  /** Why the link holds, e.g. "the justification names 'vurdering datert 03.11.2022'; the only Vurdering of that date". */
  basis: string;
}

/** An archive document's file (DossierItem.file). */
export interface DossierFile {
  journalpostId: string;
  documentId: string;
  fileName: string;
  sha256: string;
  size: number;
  /** The file did not match the extract's checksum or size at import: the archive holds none. */
  quarantined: boolean;
}

/** One item of the timeline. */
export interface DossierItem {
  /** Stable within the platform: `<kind>:<recordId>`. */
  id: string;
  kind: DossierItemKind;
  /** The record's id in its subgraph (JournalEntry.id, CoercionExecution.id, Saksmappe.id, …). */
  recordId: string;
  /** When the item happened (ISO 8601 with offset, or a local date): the timeline sorts by it. For a corrected note: the care it documents. */
  at: string;
  /** Local date (YYYY-MM-DD) the window was applied to. */
  date: string;
  /** End of the care or validity, when the record has one. */
  end: string | null;
  /** When the record was written or last corrected in the source, when that differs from `at`. */
  recordedAt: string | null;
  sourceSystem: DossierSourceSystem;
  /** The record's id in the source export. */
  sourceId: string;
  /** Short heading: note type and service, decision type, case title, … */
  title: string;
  /** The record's text; null when it has none or it was deleted. */
  text: string | null;
  /** Who wrote or decided it (name, or HPR/employee number when that is all the source has). */
  author: string | null;
  /** The unit (service, administrative unit) that created it. */
  unit: string | null;
  provenance: DossierProvenance;
  concepts: DossierConceptMatch[];
  /** Set when the record was deleted: the text is then null. */
  tombstone: DossierTombstone | null;
  details: DossierDetail[];
  links: DossierLink[];
  /**
   * An archive document's file as the archive lists it (not in the GraphQL schema): what the
   * evidence bundle needs to read the file and its text from the archive, one per request
   * (bundle-source.ts).
   */
  file?: DossierFile | null;
}

/** Completeness for one source system. */
export interface DossierSourceCompleteness {
  sourceSystem: DossierSourceSystem;
  /** The period this system's records cover on the platform (all persons), local dates. */
  coversFrom: string | null;
  coversTo: string | null;
  /** Items of this system in the dossier (in the window). */
  recordsInWindow: number;
  /** Per kind, the items in the window. */
  byKind: { kind: DossierItemKind; count: number }[];
  /** Of them, how many the concept search covered (they have searchable text). */
  searched: number;
  /** Not searchable, and why (no text layer, OCR failed, deleted, no text). */
  notSearchable: { reason: string; count: number }[];
  /** Records of this person in this system's quarantine (not imported), whatever their date. */
  quarantined: number;
  /** Patient records linked to the person (other local ids) whose records are included. */
  linkedRecordsIncluded: number;
}

export interface DossierCompleteness {
  systems: DossierSourceCompleteness[];
  /** The patient record ids the dossier covered (the person's linked records). */
  patientRecordIds: string[];
  /** National ids the archive and coercion records were matched by. */
  nationalIds: string[];
  /** Statements a reader needs (what could not be asked, what was left out and why). */
  notes: string[];
}

export interface Dossier {
  patientId: string;
  window: DossierWindow;
  concepts: string[];
  /** Oldest first: the page asked for (all items when no page size was given). */
  items: DossierItem[];
  /** Items on the whole timeline (of those a concept matched, with onlyMatching). */
  totalItems: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  completeness: DossierCompleteness;
  /** When it was built (ISO 8601). */
  generatedAt: string;
}

/** The arguments of `dossier(patientId, window, concepts)`. */
export interface DossierWindowInput {
  /** Local dates, inclusive. */
  from?: string | null;
  to?: string | null;
  /** Whole years at the record's local date: ageFrom 13, ageTo 15 = 13th birthday to the day before the 16th. */
  ageFrom?: number | null;
  ageTo?: number | null;
  /** School grades (1–13 in Norwegian numbering): 8–10 = ungdomsskolen. */
  gradeFrom?: number | null;
  gradeTo?: number | null;
  /** Named school stage: UNGDOMSSKOLEN (8–10), BARNESKOLEN (1–7), VIDEREGAENDE (11–13). */
  schoolStage?: string | null;
  leapDayRule?: string | null;
}
