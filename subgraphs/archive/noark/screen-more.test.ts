/**
 * The screening a later extract brings to a record in conflict (screen-more.ts, review s42):
 * offentleglova § 13 with forvaltningsloven § 13, screening more is always safe, screening less
 * needs a person.
 */
import { moreScreening } from './screen-more';

const HJEMMEL = 'Offl. § 13 jf. fvl. § 13 (1) nr.1';
const skjerming = (metadata: string[], extra: Record<string, string[]> = {}) => ({
  skjerming: [
    {
      tilgangsrestriksjon: ['Unntatt offentlighet'],
      skjermingshjemmel: [HJEMMEL],
      skjermingMetadata: metadata,
      ...extra,
    },
  ],
});

test('offentleglova § 13 with fvl. § 13: a skjerming the source adds is applied, with its public title; the rest of ours kept', () => {
  const ours = { tittel: 'Søknad – Per Aasen (rettet)', offentlig_tittel: null, complex: { merknad: [] } };
  const src = {
    tittel: 'Søknad – Per Aasen',
    offentlig_tittel: 'Søknad – *****',
    complex: skjerming(['Skjerming tittel registrering - utvalgte ord', 'Skjerming navn avsender']),
  };
  expect(moreScreening('journalpost', ours, src)).toEqual({
    complex: { merknad: [], ...src.complex },
    offentlig_tittel: 'Søknad – *****',
  });
});

test('offentleglova § 13 with fvl. § 13: more values are added to ours; a whole-document screening and no end win', () => {
  const ours = {
    tittel: 'Vedtak',
    offentlig_tittel: null,
    complex: skjerming(['Skjerming navn mottaker'], { skjermingOpphoererDato: ['2030-01-01'] }),
  };
  const src = {
    tittel: 'Vedtak',
    offentlig_tittel: null,
    complex: skjerming(['Skjerming navn part i sak'], {
      skjermingDokument: ['Skjerming av hele dokumentet'],
    }),
  };
  expect(moreScreening('journalpost', ours, src)?.complex.skjerming).toEqual([
    {
      tilgangsrestriksjon: ['Unntatt offentlighet'],
      skjermingshjemmel: [HJEMMEL],
      skjermingMetadata: ['Skjerming navn mottaker', 'Skjerming navn part i sak'],
      skjermingDokument: ['Skjerming av hele dokumentet'],
    },
  ]);
});

test('offentleglova § 13 with fvl. § 13: a source that screens less (lifted, fewer values, a public title with more words) changes nothing', () => {
  const ours = {
    tittel: 'Søknad – Per Aasen',
    offentlig_tittel: 'Søknad – *****',
    complex: skjerming(['Skjerming tittel registrering - utvalgte ord', 'Skjerming navn avsender']),
  };
  expect(moreScreening('journalpost', ours, { ...ours, complex: {} })).toBeNull();
  expect(
    moreScreening('journalpost', ours, {
      ...ours,
      complex: skjerming(['Skjerming tittel registrering - utvalgte ord']),
    }),
  ).toBeNull();
  expect(moreScreening('journalpost', ours, { ...ours, offentlig_tittel: 'Søknad – Per *****' })).toBeNull();
  // Fewer words published: taken.
  expect(moreScreening('journalpost', ours, { ...ours, offentlig_tittel: '*****' })?.offentlig_tittel).toBe(
    '*****',
  );
});

// Found in review s42 (law): ours stored an offentligTittel equal to the whole title (nothing
// screened), the source then screened the title's "utvalgte ord" without a public title: ours was
// kept, and the public journal printed the name the source screened.
test('offentleglova § 13 with fvl. § 13: a public title of ours that publishes more than the source’s screening allows is not kept', () => {
  const ours = { tittel: 'Søknad – Per Aasen', offentlig_tittel: 'Søknad – Per Aasen', complex: {} };
  const src = {
    tittel: 'Søknad – Per Aasen',
    offentlig_tittel: null,
    complex: skjerming(['Skjerming tittel registrering - utvalgte ord']),
  };
  expect(moreScreening('journalpost', ours, src)).toEqual({ complex: src.complex, offentlig_tittel: null });
  // With a public title of the source's, that one.
  expect(
    moreScreening('journalpost', ours, { ...src, offentlig_tittel: 'Søknad – *****' })?.offentlig_tittel,
  ).toBe('Søknad – *****');
});
