/**
 * The parts of the Noark 5 v5.0 arkivstruktur schema this archive reads and writes:
 * the element order of each entity (the schema's xs:sequence), which child elements
 * are entities with a table of their own, which are small complex elements kept as
 * JSON, and which leaf elements live in a column. Importer and exporter share it, so
 * what is imported is exported in schema order.
 */
export const ARKIVSTRUKTUR_NS = 'http://www.arkivverket.no/standarder/noark5/arkivstruktur';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** Leaf elements: element name → its values, in document order. */
export type Fields = Record<string, string[]>;
/** Complex elements without a table: element name → one Fields per occurrence. */
export type Complex = Record<string, Fields[]>;

export type EntityKind =
  | 'arkiv'
  | 'arkivdel'
  | 'klassifikasjonssystem'
  | 'klasse'
  | 'saksmappe'
  | 'journalpost'
  | 'dokumentbeskrivelse'
  | 'dokumentobjekt';

/** Element names that are entities (rows of their own). `mappe`/`registrering` carry xsi:type. */
export const ENTITY_ELEMENTS: ReadonlySet<string> = new Set([
  'arkiv',
  'arkivdel',
  'klassifikasjonssystem',
  'klasse',
  'mappe',
  'registrering',
  'dokumentbeskrivelse',
  'dokumentobjekt',
]);

/** Complex elements made of leaves only, with their leaves in schema order. */
export const COMPLEX_ORDER: Readonly<Record<string, readonly string[]>> = {
  arkivskaper: ['arkivskaperID', 'arkivskaperNavn', 'beskrivelse'],
  part: [
    'partID',
    'partNavn',
    'partRolle',
    'postadresse',
    'postnummer',
    'poststed',
    'land',
    'epostadresse',
    'telefonnummer',
    'kontaktperson',
  ],
  korrespondansepart: [
    'korrespondanseparttype',
    'korrespondansepartNavn',
    'postadresse',
    'postnummer',
    'poststed',
    'land',
    'epostadresse',
    'telefonnummer',
    'kontaktperson',
    'administrativEnhet',
    'saksbehandler',
  ],
  skjerming: [
    'tilgangsrestriksjon',
    'skjermingshjemmel',
    'skjermingMetadata',
    'skjermingDokument',
    'skjermingsvarighet',
    'skjermingOpphoererDato',
  ],
  merknad: ['merknadstekst', 'merknadstype', 'merknadsdato', 'merknadRegistrertAv'],
  kassasjon: ['kassasjonsvedtak', 'kassasjonshjemmel', 'bevaringstid', 'kassasjonsdato'],
  utfoertKassasjon: ['kassertDato', 'kassertAv'],
  sletting: ['slettingstype', 'slettetDato', 'slettetAv'],
  gradering: ['grad', 'graderingsdato', 'gradertAv', 'nedgraderingsdato', 'nedgradertAv'],
  kryssreferanse: ['referanseTilKlasse', 'referanseTilMappe', 'referanseTilRegistrering'],
  presedens: [
    'presedensDato',
    'opprettetDato',
    'opprettetAv',
    'tittel',
    'beskrivelse',
    'presedensHjemmel',
    'rettskildefaktor',
    'presedensGodkjentDato',
    'presedensGodkjentAv',
    'avsluttetDato',
    'avsluttetAv',
    'presedensStatus',
  ],
  avskrivning: ['avskrivningsdato', 'avskrevetAv', 'avskrivningsmaate', 'referanseAvskrivesAvJournalpost'],
  dokumentflyt: ['flytTil', 'flytFra', 'flytMottattDato', 'flytSendtDato', 'flytStatus', 'flytMerknad'],
  elektroniskSignatur: [
    'elektroniskSignaturSikkerhetsnivaa',
    'elektroniskSignaturVerifisert',
    'verifisertDato',
    'verifisertAv',
  ],
  konvertering: [
    'konvertertDato',
    'konvertertAv',
    'konvertertFraFormat',
    'konvertertTilFormat',
    'konverteringsverktoey',
    'konverteringskommentar',
  ],
};

/** `@children` marks where child entities go. */
export const CHILDREN = '@children';

/** Element order of each entity (Noark 5 v5.0 arkivstruktur.xsd). */
export const ENTITY_ORDER: Readonly<Record<EntityKind, readonly string[]>> = {
  arkiv: [
    'systemID',
    'tittel',
    'beskrivelse',
    'arkivstatus',
    'dokumentmedium',
    'oppbevaringssted',
    'opprettetDato',
    'opprettetAv',
    'avsluttetDato',
    'avsluttetAv',
    'arkivskaper',
    CHILDREN,
  ],
  arkivdel: [
    'systemID',
    'tittel',
    'beskrivelse',
    'arkivdelstatus',
    'dokumentmedium',
    'oppbevaringssted',
    'opprettetDato',
    'opprettetAv',
    'avsluttetDato',
    'avsluttetAv',
    'arkivperiodeStartDato',
    'arkivperiodeSluttDato',
    'referanseForloeper',
    'referanseArvtaker',
    'kassasjon',
    'utfoertKassasjon',
    'sletting',
    'skjerming',
    'gradering',
    CHILDREN,
  ],
  klassifikasjonssystem: [
    'systemID',
    'klassifikasjonstype',
    'tittel',
    'beskrivelse',
    'opprettetDato',
    'opprettetAv',
    'avsluttetDato',
    'avsluttetAv',
    CHILDREN,
  ],
  klasse: [
    'systemID',
    'klasseID',
    'tittel',
    'beskrivelse',
    'noekkelord',
    'opprettetDato',
    'opprettetAv',
    'avsluttetDato',
    'avsluttetAv',
    'kryssreferanse',
    'kassasjon',
    'skjerming',
    'gradering',
    CHILDREN,
  ],
  saksmappe: [
    'systemID',
    'mappeID',
    'tittel',
    'offentligTittel',
    'beskrivelse',
    'noekkelord',
    'dokumentmedium',
    'oppbevaringssted',
    'opprettetDato',
    'opprettetAv',
    'avsluttetDato',
    'avsluttetAv',
    'referanseArkivdel',
    'part',
    'kryssreferanse',
    'merknad',
    'kassasjon',
    'skjerming',
    'gradering',
    CHILDREN,
    'saksaar',
    'sakssekvensnummer',
    'saksdato',
    'administrativEnhet',
    'saksansvarlig',
    'journalenhet',
    'saksstatus',
    'utlaantDato',
    'utlaantTil',
    'referanseSekundaerKlassifikasjon',
    'presedens',
  ],
  journalpost: [
    'systemID',
    'opprettetDato',
    'opprettetAv',
    'arkivertDato',
    'arkivertAv',
    'referanseArkivdel',
    'part',
    'kassasjon',
    'skjerming',
    'gradering',
    CHILDREN,
    'registreringsID',
    'tittel',
    'offentligTittel',
    'beskrivelse',
    'noekkelord',
    'forfatter',
    'dokumentmedium',
    'oppbevaringssted',
    'merknad',
    'kryssreferanse',
    'korrespondansepart',
    'journalaar',
    'journalsekvensnummer',
    'journalpostnummer',
    'journalposttype',
    'journalstatus',
    'journaldato',
    'dokumentetsDato',
    'mottattDato',
    'sendtDato',
    'forfallsdato',
    'offentlighetsvurdertDato',
    'antallVedlegg',
    'utlaantDato',
    'utlaantTil',
    'journalenhet',
    'avskrivning',
    'dokumentflyt',
    'presedens',
    'elektroniskSignatur',
  ],
  dokumentbeskrivelse: [
    'systemID',
    'dokumenttype',
    'dokumentstatus',
    'tittel',
    'beskrivelse',
    'forfatter',
    'opprettetDato',
    'opprettetAv',
    'dokumentmedium',
    'oppbevaringssted',
    'referanseArkivdel',
    'tilknyttetRegistreringSom',
    'dokumentnummer',
    'tilknyttetDato',
    'tilknyttetAv',
    'part',
    'merknad',
    'kassasjon',
    'utfoertKassasjon',
    'sletting',
    'skjerming',
    'gradering',
    'elektroniskSignatur',
    CHILDREN,
  ],
  dokumentobjekt: [
    'systemID',
    'versjonsnummer',
    'variantformat',
    'format',
    'formatDetaljer',
    'opprettetDato',
    'opprettetAv',
    'referanseDokumentfil',
    'sjekksum',
    'sjekksumAlgoritme',
    'filstoerrelse',
    'elektroniskSignatur',
    'konvertering',
  ],
};

/** Leaf elements that live in a column (element → column); everything else stays in `fields`. */
export const COLUMNS: Readonly<Record<EntityKind, Readonly<Record<string, string>>>> = {
  arkiv: { systemID: 'id', tittel: 'tittel' },
  arkivdel: { systemID: 'id', tittel: 'tittel' },
  klassifikasjonssystem: { systemID: 'id', tittel: 'tittel' },
  klasse: { systemID: 'id', klasseID: 'klasse_id', tittel: 'tittel' },
  saksmappe: {
    systemID: 'id',
    mappeID: 'mappe_id',
    tittel: 'tittel',
    offentligTittel: 'offentlig_tittel',
    saksaar: 'saksaar',
    sakssekvensnummer: 'sakssekvensnummer',
    saksdato: 'saksdato',
    administrativEnhet: 'administrativ_enhet',
    saksstatus: 'saksstatus',
  },
  journalpost: {
    systemID: 'id',
    registreringsID: 'registrerings_id',
    tittel: 'tittel',
    offentligTittel: 'offentlig_tittel',
    journalaar: 'journalaar',
    journalsekvensnummer: 'journalsekvensnummer',
    journalpostnummer: 'journalpostnummer',
    journalposttype: 'journalposttype',
    journalstatus: 'journalstatus',
    journaldato: 'journaldato',
    dokumentetsDato: 'dokumentets_dato',
  },
  dokumentbeskrivelse: { systemID: 'id', dokumentnummer: 'dokumentnummer', tittel: 'tittel' },
  dokumentobjekt: {
    systemID: 'id',
    referanseDokumentfil: 'referanse_dokumentfil',
    format: 'format',
    sjekksum: 'sjekksum',
    filstoerrelse: 'filstoerrelse',
  },
};

/** Columns that are integers in the database. */
export const INTEGER_COLUMNS: ReadonlySet<string> = new Set([
  'saksaar',
  'sakssekvensnummer',
  'journalaar',
  'journalsekvensnummer',
  'journalpostnummer',
  'dokumentnummer',
  'filstoerrelse',
]);

/** Column values required by the database (the schema requires them too). */
export const REQUIRED_COLUMNS: Readonly<Record<EntityKind, readonly string[]>> = {
  arkiv: ['id', 'tittel'],
  arkivdel: ['id', 'tittel'],
  klassifikasjonssystem: ['id', 'tittel'],
  klasse: ['id', 'klasse_id', 'tittel'],
  saksmappe: ['id', 'mappe_id', 'tittel', 'saksaar', 'sakssekvensnummer', 'saksdato', 'saksstatus'],
  journalpost: [
    'id',
    'journalaar',
    'journalsekvensnummer',
    'journalpostnummer',
    'journalposttype',
    'journalstatus',
    'journaldato',
    'tittel',
  ],
  dokumentbeskrivelse: ['id', 'dokumentnummer', 'tittel'],
  dokumentobjekt: ['id', 'referanse_dokumentfil', 'format', 'sjekksum', 'filstoerrelse'],
};

/**
 * skjermingMetadata values (Noark 5 M502, metadatakatalog) and what they hide in a public
 * rendering; `wholeDocument` is skjermingDokument (M503). M502's comment: "Ved midlertidig
 * skjerming skal alle metadata ovenfor skjermes" (every value above it, until assessed).
 */
export const SCREEN = {
  klasseId: 'Skjerming klasseID',
  klasseTitle: 'Skjerming tittel klasse',
  mappeTitleFirstLine: 'Skjerming tittel mappe - unntatt første linje',
  mappeTitle: 'Skjerming tittel mappe - utvalgte ord',
  partName: 'Skjerming navn part i sak',
  registreringTitleFirstLine: 'Skjerming tittel registrering - unntatt første linje',
  registreringTitle: 'Skjerming tittel registrering - utvalgte ord',
  senderName: 'Skjerming navn avsender',
  recipientName: 'Skjerming navn mottaker',
  temporary: 'Midlertidig skjerming',
  wholeDocument: 'Skjerming av hele dokumentet',
} as const;

export interface Skjerming {
  tilgangsrestriksjon: string | null;
  skjermingshjemmel: string | null;
  metadata: string[];
  dokument: string | null;
}

export function skjermingOf(complex: Complex | null | undefined): Skjerming | null {
  const s = complex?.skjerming?.[0];
  if (!s) return null;
  return {
    tilgangsrestriksjon: s.tilgangsrestriksjon?.[0] ?? null,
    skjermingshjemmel: s.skjermingshjemmel?.[0] ?? null,
    metadata: s.skjermingMetadata ?? [],
    dokument: s.skjermingDokument?.[0] ?? null,
  };
}
