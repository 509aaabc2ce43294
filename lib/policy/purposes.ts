/**
 * Purpose of use (formål): a closed list, mirrored by the PurposeOfUse enum in the schema
 * and checked in the caller's token at the gateway. Each purpose is allowed for some
 * roles only (pasientjournalloven § 19 and § 22: access only for a purpose the role serves;
 * helseregisterloven § 6 for research and statistics). An unknown, empty or mismatched
 * purpose is refused before any subgraph sees the request.
 */
import type { Role } from '../auth';

export const PURPOSES = {
  /** Documenting a case for court or another legal proceeding. */
  LEGAL_PROCEEDINGS: ['legal'],
  /** Innsynsbegjæring: the patient's or a relative's request to see the record. */
  ACCESS_REQUEST: ['legal', 'archivist'],
  /** A complaint (klage) or a supervisory case (tilsynssak). */
  COMPLAINT: ['legal'],
  /** Keeping the archive: imports, links, corrections, deletions, matters, quarantine. */
  ARCHIVE_ADMINISTRATION: ['archivist'],
  /**
   * Retting og sletting: the person responsible for the record (journalansvarlig,
   * helsepersonelloven § 39 andre ledd) deciding corrections, deletions and moves (§§ 42–44).
   */
  RECORD_CORRECTION: ['journalansvarlig'],
  /** Research under an approval (until the research issue: de-identified only). */
  RESEARCH: ['researcher'],
  /** Management statistics and internal reporting (de-identified only). */
  MANAGEMENT_STATISTICS: ['reporting'],
} as const satisfies Record<string, readonly Role[]>;

export type Purpose = keyof typeof PURPOSES;
export const PURPOSE_NAMES = Object.keys(PURPOSES) as Purpose[];

export function isPurpose(p: string): p is Purpose {
  return Object.prototype.hasOwnProperty.call(PURPOSES, p);
}

/** Why a purpose cannot be used by a role, or null when it can. */
export function purposeProblem(role: Role, purpose: string): string | null {
  if (!purpose) return 'purpose (purpose of use) is required';
  if (!isPurpose(purpose)) return `purpose must be one of ${PURPOSE_NAMES.join(', ')}`;
  const roles: readonly Role[] = PURPOSES[purpose];
  if (!roles.includes(role)) return `purpose ${purpose} needs role ${roles.join(' or ')}, not ${role}`;
  return null;
}
