import { nameScreened, render, type JournalLine } from './postjournal';

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
