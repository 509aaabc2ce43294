/**
 * Setting or lifting the skjerming (screening) of a saksmappe or journalpost, by the archive's
 * own staff (`setSkjerming`, role archivist on purpose ARCHIVE_ADMINISTRATION, as
 * `changeTittel`). Until task s34 no mutation set it: only an import or an operator's SQL.
 *
 * Rules (tests in test/residuals-s34.e2e.test.ts carry these names):
 * - offentleglova §§ 13–26 (kapittel 3, unntak frå innsynsretten): a record is exempted from
 *   public access only on a ground the act gives, so a skjerming names it in skjermingshjemmel
 *   (Noark 5 M501), written as the archive writes it: "Offl. § 13" or "offentleglova § 13",
 *   optionally followed by what it refers to ("Offl. § 13 jf. fvl. § 13 (1) nr.1"). A hjemmel
 *   that names no section of §§ 13–26 (e.g. "taushetsplikt", "Offl. § 3", "Offl. § 32") is
 *   refused: § 13 is the ground for information under a duty of confidentiality (forvaltningsloven
 *   § 13, helsepersonelloven § 21), the others the act's own exemptions.
 * - offentleglova § 13 with forvaltningsloven § 13 (Noark 5 M500–M505, arkivstruktur.xsd
 *   `skjerming`): tilgangsrestriksjon (M500) and at least one skjermingMetadata (M502) are
 *   required; each skjermingMetadata must be a value of the code list the postjournal honours
 *   (noark/model.ts SCREEN; a misspelt value would screen nothing and publish what it names),
 *   skjermingDokument (M503) "Skjerming av hele dokumentet" or "Skjerming av deler av
 *   dokumentet", skjermingsvarighet (M504) a whole number of years from 1, skjermingOpphoererDato
 *   (M505) a real calendar date. No value may hold control characters or be over 500 characters.
 * - offentleglova § 13 with fvl. § 13 første ledd nr. 1: no value may contain a fødselsnummer
 *   or D-nummer (the tilgangsrestriksjon and hjemmel are shown in the public postjournal).
 * - arkivforskrifta / Noark 5 M680–M685 (endringslogg): a change after the case is closed or the
 *   journalpost archived is written to archive.endringslogg by the trigger of migration 024
 *   (who: `helsespor.changed_by`, the caller's user id); whether closed or not the row replaced
 *   is kept in archive.record_version (migration 011, reason "skjerming set" / "skjerming
 *   lifted"): nothing stored is lost.
 * Lifting (`skjerming: null`) removes it, as after the assessment a "Midlertidig skjerming"
 * awaits; the endringslogg and record_version keep what it was.
 */
import { containsNationalId } from './postjournal';
import { isRealDate } from '../../lib/oslo-time';
import { SCREEN, type Complex, type Fields } from './noark/model';

export interface SkjermingInput {
  tilgangsrestriksjon: string;
  skjermingshjemmel: string;
  skjermingMetadata: readonly string[];
  skjermingDokument?: string | null;
  skjermingsvarighet?: number | null;
  skjermingOpphoererDato?: string | null;
}

/** skjermingMetadata values (Noark 5 M502) the archive knows; skjermingDokument's (M503). */
export const SKJERMING_METADATA: readonly string[] = Object.values(SCREEN).filter(
  (v) => v !== SCREEN.wholeDocument,
);
export const SKJERMING_DOKUMENT: readonly string[] = [
  SCREEN.wholeDocument,
  'Skjerming av deler av dokumentet',
];

/** "Offl. § 13 …" or "offentleglova § 13 …": the section it names, or null. */
export function offentleglovaSection(hjemmel: string): number | null {
  const m = /^\s*(?:offl\.?|offentleglova)\s*§\s*(\d+)\b/i.exec(hjemmel);
  return m ? Number(m[1]) : null;
}

const MAX_CHARS = 500;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Every problem of a skjerming, in input order; empty when it may be stored. */
export function skjermingProblems(s: SkjermingInput): string[] {
  const problems: string[] = [];
  const text = (name: string, v: string) => {
    if (!v.trim()) problems.push(`${name} must not be empty`);
    else if (v.length > MAX_CHARS) problems.push(`${name} is over ${MAX_CHARS} characters`);
    else if (CONTROL.test(v)) problems.push(`${name} contains a control character`);
    else if (containsNationalId(v))
      problems.push(`${name} contains a fødselsnummer or D-nummer: it would be published`);
  };
  text('tilgangsrestriksjon', s.tilgangsrestriksjon);
  text('skjermingshjemmel', s.skjermingshjemmel);
  const section = offentleglovaSection(s.skjermingshjemmel);
  if (s.skjermingshjemmel.trim() && (section === null || section < 13 || section > 26))
    problems.push(
      `skjermingshjemmel must name the exemption of offentleglova §§ 13–26 it rests on, e.g. "Offl. § 13 jf. fvl. § 13 (1) nr.1" (got "${s.skjermingshjemmel.slice(0, 80)}")`,
    );
  if (s.skjermingMetadata.length === 0)
    problems.push('skjermingMetadata needs at least one value (Noark 5 M502): what is screened');
  for (const m of s.skjermingMetadata)
    if (!SKJERMING_METADATA.includes(m))
      problems.push(
        `skjermingMetadata "${m.slice(0, 80)}" is not a Noark 5 M502 value (${SKJERMING_METADATA.join('; ')})`,
      );
  if (new Set(s.skjermingMetadata).size !== s.skjermingMetadata.length)
    problems.push('skjermingMetadata names a value twice');
  if (s.skjermingDokument != null && !SKJERMING_DOKUMENT.includes(s.skjermingDokument))
    problems.push(
      `skjermingDokument "${s.skjermingDokument.slice(0, 80)}" is not a Noark 5 M503 value (${SKJERMING_DOKUMENT.join('; ')})`,
    );
  if (s.skjermingsvarighet != null && (!Number.isInteger(s.skjermingsvarighet) || s.skjermingsvarighet < 1))
    problems.push('skjermingsvarighet is a whole number of years, at least 1');
  if (s.skjermingOpphoererDato != null && !isRealDate(s.skjermingOpphoererDato))
    problems.push(
      `skjermingOpphoererDato "${s.skjermingOpphoererDato.slice(0, 40)}" is not a date (YYYY-MM-DD)`,
    );
  return problems;
}

/** The stored form (complex.skjerming, noark/model.ts order), values trimmed. */
export function skjermingFields(s: SkjermingInput): Fields {
  const f: Fields = {
    tilgangsrestriksjon: [s.tilgangsrestriksjon.trim()],
    skjermingshjemmel: [s.skjermingshjemmel.trim()],
    skjermingMetadata: [...s.skjermingMetadata],
  };
  if (s.skjermingDokument != null) f.skjermingDokument = [s.skjermingDokument];
  if (s.skjermingsvarighet != null) f.skjermingsvarighet = [String(s.skjermingsvarighet)];
  if (s.skjermingOpphoererDato != null) f.skjermingOpphoererDato = [s.skjermingOpphoererDato];
  return f;
}

/** `complex` with its skjerming replaced (or removed: null). */
export function withSkjerming(complex: Complex | null, s: SkjermingInput | null): Complex {
  const out: Complex = { ...(complex ?? {}) };
  if (s) out.skjerming = [skjermingFields(s)];
  else delete out.skjerming;
  return out;
}
