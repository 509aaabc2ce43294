/**
 * Postjournal (offentlig journal) and løpende journal: the journalposter registered in a
 * period, in registration order. The public view applies the screening (skjerming) of
 * each saksmappe and journalpost: offentligTittel instead of the title, screened
 * correspondent names withheld, "Udatert" for a missing document date, and the basis
 * (skjermingshjemmel) shown. The full view (løpende journal) shows everything.
 *
 * Rules of the public view (tests in postjournal.test.ts carry these names):
 * - offentleglova § 10 with arkivforskriften § 9 and Noark 5 (journalstatus, M053): the
 *   public journal lists registrations that are journal entries: journalstatus
 *   "Journalført", "Ferdigstilt fra saksbehandler", "Godkjent av leder", "Ekspedert",
 *   "Arkivert". Reserved ("Reservert dokument"), temporary ("Midlertidig registrering av
 *   innkommet dokument", "Saksbehandler har registrert innkommet dokument") and cancelled
 *   ("Utgår") registrations are left out (`publishable`). The løpende journal shows all.
 * - offentleglova § 13 with forvaltningsloven § 13 (Noark 5 skjermingMetadata "Skjerming
 *   navn part i sak"): a screening of a party's name, on the case or on the journalpost, also
 *   withholds a correspondent (sender or recipient) who is a party of the case or of the
 *   journalpost, matched by name (review s39: set on a journalpost it withheld no one).
 * - offentleglova § 13 with forvaltningsloven § 13 første ledd nr. 1 (personal
 *   circumstances; a fødselsnummer is never public): a public title (offentligTittel or an
 *   unscreened title) that contains a valid fødselsnummer or D-nummer is not published:
 *   the title is shown as ***** and the entry marked `publicTitleRefused`.
 * - offentleglova § 13 with forvaltningsloven § 13 and Noark 5 M502 (skjermingMetadata; its
 *   comment: "Ved midlertidig skjerming skal alle metadata ovenfor skjermes"): every value of
 *   the code list is honoured, not only "utvalgte ord" and the three names. "Skjerming tittel
 *   mappe/registrering - unntatt første linje" publishes the title's first line (or the
 *   offentligTittel, when there is one); "Midlertidig skjerming" on the case or the journalpost
 *   withholds both titles (*****) and every external sender, recipient and party name until the
 *   screening is assessed. "Skjerming navn mottaker" covers every kind of recipient of Noark 5
 *   M087 (Mottaker, Kopimottaker, Gruppemottaker), not internal ones. (Found in review s32: a
 *   temporarily screened request for a deceased patient's journal was published with both
 *   names; a copy recipient was named.)
 * - The same with offentleglova § 13 and fvl. § 13 første ledd nr. 1 for the klasse a public
 *   journal names (the deposit's offentligJournal.xml, `publicKlasse`): "Skjerming klasseID",
 *   "Skjerming tittel klasse" and "Midlertidig skjerming" on the klasse, and a klasseID or
 *   title with a fødselsnummer (objektbasert klassifikasjon of personal cases, which M502's
 *   comment names), are written as *****.
 */
import type { Queryable } from '../../lib/db';
import { isValidNationalId } from '../../lib/national-id';
import { SCREEN, skjermingOf, type Complex, type Skjerming } from './noark/model';

export interface JournalLine {
  journalpostId: string;
  saksmappeId: string;
  registreringsId: string | null;
  mappeId: string;
  saksaar: number;
  sakssekvensnummer: number;
  klasseId: string | null;
  klasseTittel: string | null;
  /** The klasse's screening (Noark 5 M502 on the klasse). */
  klasseSkjerming?: Skjerming | null;
  saksTittel: string;
  saksOffentligTittel: string | null;
  saksSkjerming: Skjerming | null;
  administrativEnhet: string | null;
  saksansvarlig: string | null;
  journalaar: number;
  journalsekvensnummer: number;
  journalpostnummer: number;
  journalposttype: string;
  journalstatus: string;
  journaldato: string;
  dokumentetsDato: string | null;
  tittel: string;
  offentligTittel: string | null;
  skjerming: Skjerming | null;
  journalenhet: string | null;
  /** The journalpost's forfatter (author), when registered. */
  forfatter?: string | null;
  korrespondanseparter: { type: string; name: string }[];
  nationalIds: string[];
  /** Patient record ids of an access request filed under the record alone (archive.subject_record, migration 026). */
  patientIds?: string[];
  /** Names of the case's parties (part i sak). */
  partNames?: string[];
  /** Names of the journalpost's own parties (registrering/part, kept in its `complex`). */
  journalpostPartNames?: string[];
}

export interface JournalFilter {
  from?: string;
  to?: string;
  /** administrativEnhet of the saksmappe. */
  unit?: string | null;
  arkivdelId?: string;
}

interface Row {
  jp_id: string;
  saksmappe_id: string;
  registrerings_id: string | null;
  mappe_id: string;
  saksaar: number;
  sakssekvensnummer: number;
  klasse_id: string | null;
  klasse_tittel: string | null;
  klasse_complex: Complex | null;
  saks_tittel: string;
  saks_offentlig_tittel: string | null;
  saks_complex: Complex;
  saks_fields: Record<string, string[]>;
  administrativ_enhet: string | null;
  journalaar: number;
  journalsekvensnummer: number;
  journalpostnummer: number;
  journalposttype: string;
  journalstatus: string;
  journaldato: string;
  dokumentets_dato: string | null;
  tittel: string;
  offentlig_tittel: string | null;
  fields: Record<string, string[]>;
  complex: Complex;
  national_ids: string[];
  patient_ids: string[];
  part_names: string[];
}

/** How many unit names a refusal of an unknown unit lists. */
const UNITS_LISTED = 20;

/**
 * Null when `unit` is the administrativEnhet of a stored case; otherwise the refusal, naming
 * the units there are. A unit no case is registered under (a typo, another casing, an empty
 * string) matched nothing, so the postjournal or løpende journal of it was empty, answered and
 * written to file as if the unit had registered nothing (found in review s40).
 */
export async function unknownUnitProblem(db: Queryable, unit: string): Promise<string | null> {
  const known = await db.query('SELECT 1 FROM archive.saksmappe WHERE administrativ_enhet = $1 LIMIT 1', [
    unit,
  ]);
  if (known.rows.length) return null;
  const units = (
    await db.query<{ u: string }>(
      `SELECT DISTINCT administrativ_enhet AS u FROM archive.saksmappe
        WHERE administrativ_enhet IS NOT NULL ORDER BY 1 LIMIT ${UNITS_LISTED + 1}`,
    )
  ).rows.map((r) => r.u);
  const listed = units.slice(0, UNITS_LISTED).join(', ');
  return (
    `unit ${unit.slice(0, 200)} is no administrativEnhet of any case; ` +
    (units.length
      ? `the units are: ${listed}${units.length > UNITS_LISTED ? ', …' : ''}`
      : 'no case names a unit')
  );
}

/**
 * The journalposter of the filter, in registration order; at most `limit` of them when given
 * (the GraphQL journals ask for one more than they may list, to tell that there are more).
 */
export async function journalLines(db: Queryable, f: JournalFilter, limit?: number): Promise<JournalLine[]> {
  const { rows } = await db.query<Row>(
    `SELECT j.id AS jp_id, s.id AS saksmappe_id, j.registrerings_id, s.mappe_id, s.saksaar, s.sakssekvensnummer,
            k.klasse_id, k.tittel AS klasse_tittel, k.complex AS klasse_complex, s.tittel AS saks_tittel, s.offentlig_tittel AS saks_offentlig_tittel,
            s.complex AS saks_complex, s.fields AS saks_fields, s.administrativ_enhet, j.journalaar, j.journalsekvensnummer,
            j.journalpostnummer, j.journalposttype, j.journalstatus, j.journaldato, j.dokumentets_dato, j.tittel, j.offentlig_tittel,
            j.fields, j.complex,
            ARRAY(SELECT DISTINCT l.national_id FROM archive.subject_link l
                   WHERE l.saksmappe_id = s.id AND (l.entity_type = 'saksmappe' OR l.entity_id = j.id)) AS national_ids,
            ARRAY(SELECT r.patient_id FROM archive.subject_record r WHERE r.saksmappe_id = s.id) AS patient_ids,
            ARRAY(SELECT p.part_navn FROM archive.part p WHERE p.saksmappe_id = s.id ORDER BY p.ordinal) AS part_names
       FROM archive.journalpost j
       JOIN archive.saksmappe s ON s.id = j.saksmappe_id
       LEFT JOIN archive.klasse k ON k.id = s.klasse_ref
       LEFT JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id
      WHERE ($1::date IS NULL OR j.journaldato >= $1::date)
        AND ($2::date IS NULL OR j.journaldato <= $2::date)
        AND ($3::text IS NULL OR s.administrativ_enhet = $3)
        AND ($4::text IS NULL OR ks.arkivdel_id = $4)
      ORDER BY j.journaldato, j.journalaar, j.journalsekvensnummer, j.id
      LIMIT $5`,
    [f.from ?? null, f.to ?? null, f.unit ?? null, f.arkivdelId ?? null, limit ?? null],
  );
  return rows.map((r) => ({
    journalpostId: r.jp_id,
    saksmappeId: r.saksmappe_id,
    registreringsId: r.registrerings_id,
    mappeId: r.mappe_id,
    saksaar: r.saksaar,
    sakssekvensnummer: r.sakssekvensnummer,
    klasseId: r.klasse_id,
    klasseTittel: r.klasse_tittel,
    klasseSkjerming: skjermingOf(r.klasse_complex),
    saksTittel: r.saks_tittel,
    saksOffentligTittel: r.saks_offentlig_tittel,
    saksSkjerming: skjermingOf(r.saks_complex),
    administrativEnhet: r.administrativ_enhet,
    saksansvarlig: r.saks_fields.saksansvarlig?.[0] ?? null,
    journalaar: r.journalaar,
    journalsekvensnummer: r.journalsekvensnummer,
    journalpostnummer: r.journalpostnummer,
    journalposttype: r.journalposttype,
    journalstatus: r.journalstatus,
    journaldato: r.journaldato,
    dokumentetsDato: r.dokumentets_dato,
    tittel: r.tittel,
    offentligTittel: r.offentlig_tittel,
    skjerming: skjermingOf(r.complex),
    journalenhet: r.fields.journalenhet?.[0] ?? null,
    forfatter: r.fields.forfatter?.[0] ?? null,
    korrespondanseparter: (r.complex.korrespondansepart ?? []).map((k) => ({
      type: k.korrespondanseparttype?.[0] ?? '',
      name: k.korrespondansepartNavn?.[0] ?? '',
    })),
    nationalIds: r.national_ids,
    patientIds: r.patient_ids,
    partNames: r.part_names,
    journalpostPartNames: (r.complex.part ?? []).flatMap((p) => p.partNavn?.[0] ?? []),
  }));
}

export const SCREENED = '*****';
export const UNDATED = 'Udatert';

export interface RenderedEntry {
  journalpostId: string;
  registreringsId: string | null;
  mappeId: string;
  saksTittel: string;
  tittel: string;
  journalposttype: string;
  journalstatus: string;
  journaldato: string;
  dokumentetsDato: string;
  administrativEnhet: string | null;
  korrespondanseparter: { type: string; name: string | null; nameScreened: boolean }[];
  screened: boolean;
  tilgangsrestriksjon: string | null;
  skjermingshjemmel: string | null;
  skjermingMetadata: string[];
  /** Only in the full view: whole-document screening, for the reader's information. */
  documentScreened: boolean;
  /** Public view: a title was withheld because it contains a fødselsnummer. */
  publicTitleRefused: boolean;
}

/** Journal statuses (Noark 5 M053) whose registrations go in the public journal. */
export const PUBLISHABLE_STATUSES: ReadonlySet<string> = new Set([
  'Journalført',
  'Ferdigstilt fra saksbehandler',
  'Godkjent av leder',
  'Ekspedert',
  'Arkivert',
]);

/** offentleglova § 10, Noark 5 journalstatus: whether a registration belongs in the public journal. */
export function publishable(journalstatus: string): boolean {
  return PUBLISHABLE_STATUSES.has(journalstatus.trim());
}

/** Whether a text contains a valid fødselsnummer or D-nummer (11 digits, optionally split 6 + 5). */
export function containsNationalId(text: string): boolean {
  for (const m of text.matchAll(/(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)/g))
    if (isValidNationalId(m[1]! + m[2]!)) return true;
  return false;
}

/**
 * A case's or journalpost's title as its screening publishes it (Noark 5 M502): whole;
 * offentligTittel for "utvalgte ord" (***** without one); the first line for "unntatt første
 * linje" (or the offentligTittel when there is one); nothing (*****) while "Midlertidig
 * skjerming" applies.
 */
function screenedTitle(
  metadata: readonly string[],
  values: { selectedWords: string; firstLine: string },
  title: string,
  publicTitle: string | null,
): string {
  const given = publicTitle && publicTitle.trim() ? publicTitle : null;
  if (metadata.includes(SCREEN.temporary)) return SCREENED;
  if (metadata.includes(values.selectedWords)) return given ?? SCREENED;
  if (metadata.includes(values.firstLine)) return given ?? (title.split(/\r?\n/)[0]!.trim() || SCREENED);
  return title;
}

/** A public title, refused (*****) when it carries a national id. */
function publicTitle(t: string): { text: string; refused: boolean } {
  return containsNationalId(t) ? { text: SCREENED, refused: true } : { text: t, refused: false };
}

/**
 * A person's name as its words, sorted: "Aasen, Per", "Per Aasen" and "PER  AASEN" are one
 * name (registers write "Etternavn, Fornavn", letters "Fornavn Etternavn").
 */
export const nameKey = (s: string) =>
  s
    .toLocaleLowerCase('nb')
    .split(/[\s,]+/)
    .filter(Boolean)
    .sort()
    .join(' ');

/**
 * "Skjerming navn part i sak" (or "Midlertidig skjerming") on the case or the journalpost
 * (`skjerming`): a correspondent who is a party is withheld too, matched by the words of the name in any order (found in review s32:
 * "Aasen, Per" was published as the sender in a case whose party "Per Aasen" was screened).
 */
export function partyScreened(
  name: string,
  saksSkjerming: Skjerming | null,
  partNames: readonly string[],
): boolean {
  const m = saksSkjerming?.metadata ?? [];
  if (!(m.includes(SCREEN.partName) || m.includes(SCREEN.temporary)) || !name.trim()) return false;
  const key = nameKey(name);
  return partNames.some((p) => nameKey(p) === key);
}

/** Noark 5 M087 korrespondanseparttype: who receives a letter from outside (Mottaker, and the copies). */
const RECIPIENT_TYPES: ReadonlySet<string> = new Set(['Mottaker', 'Kopimottaker', 'Gruppemottaker']);

/**
 * The skjermingMetadata value (M502) that withholds a correspondent's name in the public view,
 * or null: "Skjerming navn avsender" covers parts of type Avsender, "Skjerming navn mottaker"
 * every recipient type (Mottaker, Kopimottaker, Gruppemottaker), "Midlertidig skjerming" both;
 * internal senders and recipients are staff and units, not covered.
 */
export function nameScreening(type: string, skjerming: Skjerming | null): string | null {
  const m = skjerming?.metadata ?? [];
  const t = type.trim();
  if (t !== 'Avsender' && !RECIPIENT_TYPES.has(t)) return null;
  if (m.includes(SCREEN.temporary)) return SCREEN.temporary;
  if (t === 'Avsender') return m.includes(SCREEN.senderName) ? SCREEN.senderName : null;
  return m.includes(SCREEN.recipientName) ? SCREEN.recipientName : null;
}

/** Whether a correspondent's name is withheld in the public view (`nameScreening`). */
export function nameScreened(type: string, skjerming: Skjerming | null): boolean {
  return nameScreening(type, skjerming) !== null;
}

/**
 * Whether a correspondent of a journal line is withheld in the public view: by the
 * journalpost's screening, the case's "Midlertidig skjerming" (it covers the whole case), or as
 * a party — of the case or of the journalpost itself — whose name "Skjerming navn part i sak" on
 * the case or on the journalpost screens (offentleglova § 13 with fvl. § 13 første ledd nr. 1;
 * Noark 5 M502 is a value of the skjerming of a mappe and of a registrering alike, and
 * setSkjerming sets it on either). Found in review s39: set on the journalpost it screened
 * nothing, and a party of the journalpost (not of the case) was never matched, so the letter's
 * sender, a relative who was its party, was published.
 */
export function correspondentScreened(
  line: Pick<JournalLine, 'skjerming' | 'saksSkjerming' | 'partNames' | 'journalpostPartNames'>,
  k: { type: string; name: string },
): boolean {
  const caseTemporary = line.saksSkjerming?.metadata.includes(SCREEN.temporary) ?? false;
  const parties = [...(line.partNames ?? []), ...(line.journalpostPartNames ?? [])];
  return (
    nameScreened(k.type, line.skjerming) ||
    (caseTemporary && nameScreened(k.type, line.saksSkjerming)) ||
    partyScreened(k.name, line.saksSkjerming, parties) ||
    partyScreened(k.name, line.skjerming, parties)
  );
}

/**
 * The klasse of a line as a public journal may name it: klasseID and title, each ***** when
 * the klasse's screening covers it ("Skjerming klasseID", "Skjerming tittel klasse",
 * "Midlertidig skjerming") or it holds a fødselsnummer or D-nummer.
 */
export function publicKlasse(line: JournalLine): { klasseId: string; tittel: string } | null {
  if (!line.klasseId) return null;
  const m = line.klasseSkjerming?.metadata ?? [];
  const temporary = m.includes(SCREEN.temporary);
  const id = temporary || m.includes(SCREEN.klasseId) ? SCREENED : publicTitle(line.klasseId).text;
  const title = line.klasseTittel ?? '';
  const tittel = temporary || m.includes(SCREEN.klasseTitle) ? SCREENED : publicTitle(title).text;
  return { klasseId: id, tittel };
}

export function render(line: JournalLine, view: 'public' | 'full'): RenderedEntry {
  const pub = view === 'public';
  const sj = line.skjerming;
  const ssj = line.saksSkjerming;
  const screened = Boolean(sj || ssj);
  const saksTittel = publicTitle(
    screenedTitle(
      ssj?.metadata ?? [],
      { selectedWords: SCREEN.mappeTitle, firstLine: SCREEN.mappeTitleFirstLine },
      line.saksTittel,
      line.saksOffentligTittel,
    ),
  );
  // A case under "Midlertidig skjerming" has every title in it withheld (M502: all metadata).
  const caseTemporary = ssj?.metadata.includes(SCREEN.temporary) ? [SCREEN.temporary] : [];
  const tittel = publicTitle(
    screenedTitle(
      [...(sj?.metadata ?? []), ...caseTemporary],
      { selectedWords: SCREEN.registreringTitle, firstLine: SCREEN.registreringTitleFirstLine },
      line.tittel,
      line.offentligTittel,
    ),
  );
  return {
    journalpostId: line.journalpostId,
    registreringsId: line.registreringsId,
    mappeId: line.mappeId,
    saksTittel: pub ? saksTittel.text : line.saksTittel,
    tittel: pub ? tittel.text : line.tittel,
    journalposttype: line.journalposttype,
    journalstatus: line.journalstatus,
    journaldato: line.journaldato,
    dokumentetsDato: line.dokumentetsDato ?? UNDATED,
    administrativEnhet: line.administrativEnhet,
    korrespondanseparter: line.korrespondanseparter.map((k) => {
      const hidden = correspondentScreened(line, k);
      return { type: k.type, name: pub && hidden ? null : k.name, nameScreened: hidden };
    }),
    screened,
    tilgangsrestriksjon: sj?.tilgangsrestriksjon ?? ssj?.tilgangsrestriksjon ?? null,
    skjermingshjemmel: sj?.skjermingshjemmel ?? ssj?.skjermingshjemmel ?? null,
    skjermingMetadata: [...(ssj?.metadata ?? []), ...(sj?.metadata ?? [])],
    documentScreened: sj?.dokument === SCREEN.wholeDocument,
    publicTitleRefused: pub && (saksTittel.refused || tittel.refused),
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** A printable, self-contained HTML page (A4, no external resources) that a municipality could publish. */
export function renderHtml(opts: {
  view: 'public' | 'full';
  from: string;
  to: string;
  unit?: string | null;
  organisation?: string;
  entries: RenderedEntry[];
}): string {
  const title = opts.view === 'public' ? 'Offentlig journal' : 'Løpende journal (intern, ikke offentlig)';
  const rows = opts.entries
    .map((e) => {
      const parts = e.korrespondanseparter
        .map(
          (k) =>
            `<div>${esc(k.type)}: ${k.name === null ? '<em>Unntatt offentlighet</em>' : esc(k.name)}</div>`,
        )
        .join('');
      return `<tr>
  <td>${esc(e.registreringsId ?? '')}<br><small>Sak ${esc(e.mappeId)}</small></td>
  <td>${formatDate(e.journaldato)}</td>
  <td>${e.dokumentetsDato === UNDATED ? UNDATED : formatDate(e.dokumentetsDato)}</td>
  <td>${esc(e.journalposttype)}</td>
  <td><strong>${esc(e.tittel)}</strong><br><small>Sak: ${esc(e.saksTittel)}</small></td>
  <td>${parts}</td>
  <td>${e.screened ? `${esc(e.tilgangsrestriksjon ?? '')}<br><small>${esc(e.skjermingshjemmel ?? '')}</small>` : ''}</td>
</tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>${esc(title)} ${formatDate(opts.from)}–${formatDate(opts.to)}</title>
<style>
  @page { size: A4 landscape; margin: 15mm; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #000; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  p.meta { margin: 0 0 10pt; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #888; padding: 3pt 4pt; vertical-align: top; text-align: left; }
  th { background: #eee; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  small { color: #333; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${[
    opts.organisation ? esc(opts.organisation) : null,
    `Journaldato ${formatDate(opts.from)}–${formatDate(opts.to)}`,
    opts.unit ? `Enhet: ${esc(opts.unit)}` : null,
    `${opts.entries.length} journalposter`,
  ]
    .filter(Boolean)
    .join(' · ')}</p>
<table>
<thead><tr><th>Journalpost</th><th>Journaldato</th><th>Dok.dato</th><th>Type</th><th>Tittel</th><th>Avsender/mottaker</th><th>Skjerming</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

/** The record creator's name (arkivskaperNavn) for the journal's heading, when the archive has one. */
export async function organisationName(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string | null }>(
    "SELECT complex->'arkivskaper'->0->'arkivskaperNavn'->>0 AS name FROM archive.arkiv ORDER BY parent_id NULLS FIRST, ordinal, id LIMIT 1",
  );
  return rows[0]?.name ?? undefined;
}
