import { containsNationalId, nameScreened, publishable, render, type JournalLine } from './postjournal';

describe('screened correspondent names', () => {
  const sj = (metadata: string[]) => ({
    tilgangsrestriksjon: 'Unntatt offentlighet',
    skjermingshjemmel: 'Offl. § 13',
    metadata,
    dokument: null,
  });
  test('"Skjerming navn avsender" hides senders only, "… mottaker" recipients only; internal parts and unscreened entries are shown', () => {
    expect(nameScreened('Avsender', sj(['Skjerming navn avsender']))).toBe(true);
    expect(nameScreened('Mottaker', sj(['Skjerming navn avsender']))).toBe(false);
    expect(nameScreened('Mottaker', sj(['Skjerming navn mottaker']))).toBe(true);
    expect(nameScreened('Intern avsender', sj(['Skjerming navn avsender']))).toBe(false);
    expect(nameScreened('Avsender', sj(['Skjerming tittel registrering - utvalgte ord']))).toBe(false);
    expect(nameScreened('Avsender', null)).toBe(false);
  });
});

describe('public and full rendering of a journal line', () => {
  const line: JournalLine = {
    journalpostId: 'jp-1',
    saksmappeId: 'sm-1',
    registreringsId: '2023/1234-1',
    mappeId: '2023/1234',
    saksaar: 2023,
    sakssekvensnummer: 1234,
    klasseId: 'HO-03',
    klasseTittel: 'Tildeling',
    saksTittel: 'Søknad om langtidsopphold – Ingrid Aasen',
    saksOffentligTittel: null,
    saksSkjerming: {
      tilgangsrestriksjon: 'Unntatt offentlighet',
      skjermingshjemmel: 'Offl. § 13',
      metadata: ['Skjerming tittel mappe - utvalgte ord'],
      dokument: null,
    },
    administrativEnhet: 'HVK',
    saksansvarlig: 'Marte Sand',
    journalaar: 2023,
    journalsekvensnummer: 5120,
    journalpostnummer: 1,
    journalposttype: 'Inngående dokument',
    journalstatus: 'Arkivert',
    journaldato: '2023-05-02',
    dokumentetsDato: null,
    tittel: 'Søknad – Ingrid Aasen',
    offentligTittel: 'Søknad – *****',
    skjerming: {
      tilgangsrestriksjon: 'Unntatt offentlighet',
      skjermingshjemmel: 'Offl. § 13',
      metadata: ['Skjerming tittel registrering - utvalgte ord', 'Skjerming navn avsender'],
      dokument: 'Skjerming av hele dokumentet',
    },
    journalenhet: 'SENTRAL',
    korrespondanseparter: [{ type: 'Avsender', name: 'Ingrid Aasen' }],
    nationalIds: [],
  };

  test('public: offentligTittel, ***** for a screened title without one, names withheld, Udatert', () => {
    const r = render(line, 'public');
    expect(r).toMatchObject({
      tittel: 'Søknad – *****',
      saksTittel: '*****',
      dokumentetsDato: 'Udatert',
      screened: true,
      skjermingshjemmel: 'Offl. § 13',
      korrespondanseparter: [{ type: 'Avsender', name: null, nameScreened: true }],
      documentScreened: true,
    });
    expect(JSON.stringify(r)).not.toContain('Ingrid');
  });

  test('full: everything shown, screening still marked', () => {
    expect(render(line, 'full')).toMatchObject({
      tittel: 'Søknad – Ingrid Aasen',
      saksTittel: 'Søknad om langtidsopphold – Ingrid Aasen',
      dokumentetsDato: 'Udatert',
      korrespondanseparter: [{ type: 'Avsender', name: 'Ingrid Aasen', nameScreened: true }],
    });
  });

  test('an unscreened entry shows its title and names in public', () => {
    const open = { ...line, skjerming: null, saksSkjerming: null, dokumentetsDato: '2023-05-01' };
    expect(render(open, 'public')).toMatchObject({
      tittel: 'Søknad – Ingrid Aasen',
      dokumentetsDato: '2023-05-01',
      screened: false,
      skjermingshjemmel: null,
      korrespondanseparter: [{ type: 'Avsender', name: 'Ingrid Aasen', nameScreened: false }],
    });
  });
});

describe('public postjournal rules', () => {
  const base: JournalLine = {
    journalpostId: 'jp-9',
    saksmappeId: 'sm-9',
    registreringsId: '2025/0001-1',
    mappeId: '2025/0001',
    saksaar: 2025,
    sakssekvensnummer: 1,
    klasseId: null,
    klasseTittel: null,
    saksTittel: 'Begjæring om innsyn i journal – Per Aasen',
    saksOffentligTittel: 'Begjæring om innsyn i journal – *****',
    saksSkjerming: {
      tilgangsrestriksjon: 'Unntatt offentlighet',
      skjermingshjemmel: 'Offl. § 13',
      metadata: ['Skjerming tittel mappe - utvalgte ord', 'Skjerming navn part i sak'],
      dokument: null,
    },
    administrativEnhet: 'HVK',
    saksansvarlig: null,
    journalaar: 2025,
    journalsekvensnummer: 1,
    journalpostnummer: 1,
    journalposttype: 'Inngående dokument',
    journalstatus: 'Journalført',
    journaldato: '2025-03-17',
    dokumentetsDato: '2025-03-17',
    tittel: 'Brev',
    offentligTittel: null,
    skjerming: null,
    journalenhet: null,
    korrespondanseparter: [
      { type: 'Avsender', name: ' per  aasen' },
      { type: 'Mottaker', name: 'Helse- og velferdskontor Byåsen' },
    ],
    nationalIds: [],
    partNames: ['Ingrid Aasen', 'Per Aasen'],
  };

  test('offentleglova § 10 with Noark 5 journalstatus: reserved, temporary and cancelled registrations are not published', () => {
    for (const s of [
      'Journalført',
      'Ferdigstilt fra saksbehandler',
      'Godkjent av leder',
      'Ekspedert',
      'Arkivert',
    ])
      expect(publishable(s)).toBe(true);
    for (const s of [
      'Reservert dokument',
      'Midlertidig registrering av innkommet dokument',
      'Saksbehandler har registrert innkommet dokument',
      'Utgår',
    ])
      expect(publishable(s)).toBe(false);
  });

  test('offentleglova § 13 with fvl. § 13: a case-level "Skjerming navn part i sak" also screens a correspondent who is that party', () => {
    const r = render(base, 'public');
    expect(r.korrespondanseparter).toEqual([
      { type: 'Avsender', name: null, nameScreened: true },
      { type: 'Mottaker', name: 'Helse- og velferdskontor Byåsen', nameScreened: false },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/aasen/i);
    const noPartScreening = { ...base, saksSkjerming: { ...base.saksSkjerming!, metadata: [] } };
    expect(render(noPartScreening, 'public').korrespondanseparter[0]!.name).toBe(' per  aasen');
  });

  test('offentleglova § 13 with fvl. § 13 første ledd nr. 1: a public title with a fødselsnummer is refused', () => {
    expect(containsNationalId('Søknad 11823821230')).toBe(true);
    expect(containsNationalId('Søknad 118238 21230')).toBe(true);
    expect(containsNationalId('Sak 2023/1234 12345678901')).toBe(false);
    const withId = { ...base, korrespondanseparter: [], tittel: 'Brev om 118238 21230' };
    const r = render(withId, 'public');
    expect(r).toMatchObject({ tittel: '*****', publicTitleRefused: true });
    expect(
      render({ ...withId, skjerming: null, saksSkjerming: null, saksTittel: 'Klage 03876538341' }, 'public'),
    ).toMatchObject({ saksTittel: '*****', tittel: '*****', publicTitleRefused: true });
    expect(render(withId, 'full')).toMatchObject({
      tittel: 'Brev om 118238 21230',
      publicTitleRefused: false,
    });
  });
});
