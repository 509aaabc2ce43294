/**
 * What identifies a coercive measure and a legal basis across the sources (stop 45). Pure.
 *
 * - A measure is one measure whatever the source's case, spacing or Unicode form (hol. § 9-5
 *   tredje ledd, § 9-7: a decision authorises the measures it lists, and an execution is judged
 *   by the measure carried out; pbrl. § 4A-5): Gerica (ISO-8859-1, typed by hand: "Låst
 *   Kjøleskap", double spaces) and Helseplattformen (UTF-8, where "å" may come as "a" + U+030A,
 *   or a no-break space between words) write the same measure differently. Compared as exact
 *   strings, such an execution was NO_VALID_DECISION under the decision that lists it, two rows of
 *   the per-measure table, and no possible duplicate of its other record. `measureKey` is the one
 *   form: Unicode NFC, every run of white space (no-break spaces too) one space, trimmed, lower
 *   case (Norwegian). The importers store it, migration 020 brought stored records to it, and what
 *   a user gives (a measure filter, coercion-review --measures) is read through it. Only the form:
 *   no two wordings are taken as one measure (the fixtures' vocabulary is one list; a synonym is
 *   the source's to correct).
 * - The legal basis an execution was carried out under (`executionLegalBasis`), for the per-measure
 *   table and coercionStatistics: hol. § 9-5 tredje ledd bokstav a (skadeavvergende tiltak i
 *   nødssituasjoner) apart from b (planlagte skadeavvergende tiltak i gjentatte nødssituasjoner)
 *   and c (tiltak for å dekke grunnleggende behov).
 */

/** The one form of a measure's name (see the header). */
export function measureKey(measure: string): string {
  return measure.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('nb-NO');
}

/** Legal basis code from Gerica's free text (hol. § 9-5 and its predecessor sotjl. § 4A-5; pbrl. kap. 4A). */
export function legalBasisFromText(text: string): string | null {
  const t = text.replace(/\s+/g, ' ');
  const letter = /bokstav ([abc])\b/i.exec(t)?.[1]?.toLowerCase();
  if (/§ ?9-5\b/.test(t) && letter) return `hol-9-5${letter}`;
  if (/sotjl\.? § ?4A-5\b/i.test(t) && letter) return `hol-9-5${letter}`;
  if (/(phvl|psykisk helsevernloven)\.? § ?4-8\b/i.test(t)) return 'phvl-4-8';
  if (/(pbrl|pasient- og brukerrettighetsloven)\.?.*(kap(ittel|\.)? ?4 ?A|§ ?4A-)/i.test(t)) return 'pbrl-4A';
  return null;
}

/** The legal bases, short, with what the provision is for (hol. § 9-5 tredje ledd a/b/c; pbrl. kap. 4A; phvl. § 4-8). */
export const LEGAL_BASIS_LABELS: Readonly<Record<string, string>> = {
  'hol-9-5a': 'hol. § 9-5 tredje ledd bokstav a (skadeavvergende tiltak i nødssituasjoner)',
  'hol-9-5b':
    'hol. § 9-5 tredje ledd bokstav b (planlagte skadeavvergende tiltak i gjentatte nødssituasjoner)',
  'hol-9-5c': 'hol. § 9-5 tredje ledd bokstav c (tiltak for å dekke grunnleggende behov)',
  'pbrl-4A': 'pbrl. kap. 4A (helsehjelp til pasient uten samtykkekompetanse som motsetter seg den)',
  'phvl-4-8': 'phvl. § 4-8 (tvangsmidler)',
};

/** Short labels for the chart's table. */
export const LEGAL_BASIS_SHORT: Readonly<Record<string, string>> = {
  'hol-9-5a': '§ 9-5 a (nødssituasjon)',
  'hol-9-5b': '§ 9-5 b (planlagt, gjentatte nødssituasjoner)',
  'hol-9-5c': '§ 9-5 c (grunnleggende behov)',
  'pbrl-4A': 'pbrl. kap. 4A',
  'phvl-4-8': 'phvl. § 4-8',
};

/**
 * The legal basis an execution was carried out under, as the records carry it (hol. § 9-5 tredje
 * ledd): a § 9-5 a emergency (verdict EMERGENCY_A: the source marks it so, or it was registered
 * under a § 9-5 a record, and no decision covered it); else the legal basis of the decision it was
 * judged under (VALID or NOT_YET_APPROVED); else the legal basis the source recorded with it
 * (Gerica's Hjemmel); else null: not stated (an HP execution under no decision, or one under a
 * decision that does not cover it).
 */
export function executionLegalBasis(e: {
  verdict: string;
  decision: { legal_basis: string } | null;
  row: { recorded_legal_basis: string | null };
}): string | null {
  if (e.verdict === 'EMERGENCY_A') return 'hol-9-5a';
  if (e.decision) return e.decision.legal_basis;
  return e.row.recorded_legal_basis ? legalBasisFromText(e.row.recorded_legal_basis) : null;
}
