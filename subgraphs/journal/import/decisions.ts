/**
 * Reading a service decision (vedtak om helse- og omsorgstjenester) from what the sources
 * write: its outcome (innvilget / delvis innvilget / avslag), the service it concerns, its
 * legal basis, its justification and the assessment (vurdering) it names.
 *
 * Rules and their sources:
 * - A decision on an application for health and care services is an individual decision
 *   (enkeltvedtak) that states its outcome and grounds: forvaltningsloven §§ 24–25;
 *   helse- og omsorgstjenesteloven § 3-2 (services), § 3-2 a (long-term care).
 * - The outcome is read from the decision's own words: "avslår"/"avslag" → REFUSED,
 *   "delvis" (with innvilger/avslår) → PARTLY, "innvilger"/"tildeles" → GRANTED. Gerica's
 *   vedtak.csv has no outcome column: an allocation row (a service with a validity start)
 *   is GRANTED unless its text says otherwise. The basis of each reading is stored.
 * - "vurdering datert 03.11.2022" (also "vurdering 03.11.2022", "vurdering av/fra …"): the
 *   decision rests on the assessment of that local date; the link to the assessment is made
 *   when the dossier or the decision is read (journal/decisions.ts), with its basis.
 */
import { realDate } from '../../../lib/oslo-time';

export type DecisionOutcome = 'GRANTED' | 'PARTLY' | 'REFUSED';

const REFUSED = /\b(avsl[åa](?:r|s|tt)|avslag)\b/i;
const PARTLY = /\bdelvis\b/i;
const GRANTED = /\b(innvilge[rs]?|innvilget|tildele[rs]?|tildelt)\b/i;

/** Outcome and the words it was read from. `fallback`: what a text with none of them means. */
export function readOutcome(
  text: string,
  fallback: { outcome: DecisionOutcome; basis: string } | null,
): { outcome: DecisionOutcome; basis: string } | null {
  const refused = REFUSED.exec(text);
  const granted = GRANTED.exec(text);
  const partly = PARTLY.exec(text);
  if (partly && (refused || granted))
    return {
      outcome: 'PARTLY',
      basis: `the decision says "${partly[0]}" with "${(refused ?? granted)![0]}"`,
    };
  if (refused) return { outcome: 'REFUSED', basis: `the decision says "${refused[0]}"` };
  if (granted) return { outcome: 'GRANTED', basis: `the decision says "${granted[0]}"` };
  return fallback;
}

const CITED = /\bvurdering(?:en)?\s+(?:datert\s+|av\s+|fra\s+|den\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4})/i;

/** The assessment a decision names: its local date and the words that name it. */
export function citedAssessment(text: string): { date: string; words: string } | null {
  const m = CITED.exec(text);
  if (!m) return null;
  const date = realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return date ? { date, words: m[0] } : null;
}

/** Services a decision may concern, as the sources name them (Gerica Vedtakstype). */
export const SERVICE_TYPES = [
  'Langtidsopphold',
  'Korttidsopphold',
  'Hjemmesykepleie',
  'Trygghetsalarm',
  'Dagaktivitetstilbud',
  'Praktisk bistand og opplæring',
  'Avlastning',
  'Brukerstyrt personlig assistanse',
] as const;

const SERVICE_WORDS: [RegExp, string][] = [
  [/langtidsopphold/i, 'Langtidsopphold'],
  [/korttidsopphold/i, 'Korttidsopphold'],
  [/hjemmesykepleie/i, 'Hjemmesykepleie'],
  [/trygghetsalarm/i, 'Trygghetsalarm'],
  [/dagaktivitet|dagsenter/i, 'Dagaktivitetstilbud'],
  [/praktisk bistand/i, 'Praktisk bistand og opplæring'],
  [/avlastning/i, 'Avlastning'],
  [/brukerstyrt personlig assistanse|\bBPA\b/i, 'Brukerstyrt personlig assistanse'],
];

const LEGAL_BASIS =
  /(helse- og omsorgstjenesteloven|hol\.)\s*§\s*\d+-\d+(?:\s*[a-z]\b)?(?:\s+(?:første|andre|tredje|fjerde) ledd)?(?:\s+nr\.\s*\d+)?(?:\s+bokstav\s+[a-z])?/i;

/** The fields of an HP Vedtak document, read from its text. */
export function readHpDecision(text: string): {
  decisionType: string;
  service: string | null;
  legalBasis: string | null;
  justification: string | null;
  outcome: { outcome: DecisionOutcome; basis: string } | null;
  cited: { date: string; words: string } | null;
} {
  const lines = text.split('\n').map((l) => l.trim());
  const heading = lines[0] ?? '';
  const headingService = heading.replace(/^vedtak\s*[-–:]\s*/i, '').trim();
  // The service named in the heading wins; else the first one the text names.
  const type =
    SERVICE_WORDS.find(([re]) => re.test(heading))?.[1] ??
    SERVICE_WORDS.find(([re]) => re.test(text))?.[1] ??
    'Vedtak';
  const begrunnelse = lines.find((l) => /^begrunnelse\s*:/i.test(l));
  // The outcome is read from the decision part, not from the appeal information after it.
  const decisionPart = lines.filter((l) => !/^klage(adgang)?\s*:/i.test(l)).join('\n');
  return {
    decisionType: type,
    service: headingService && headingService !== heading ? headingService : heading || null,
    legalBasis: LEGAL_BASIS.exec(decisionPart)?.[0] ?? null,
    justification: begrunnelse ? begrunnelse.replace(/^begrunnelse\s*:\s*/i, '') : null,
    outcome: readOutcome(decisionPart, null),
    cited: citedAssessment(text),
  };
}
