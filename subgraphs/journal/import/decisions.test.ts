/**
 * The rules that read a service decision (forvaltningsloven §§ 24–25; helse- og
 * omsorgstjenesteloven §§ 3-2, 3-2 a): outcome with its basis, the assessment it cites, the
 * fields of an HP Vedtak document. Over generated decision texts.
 */
import { prng } from '../../../dev/generator';
import { citedAssessment, readHpDecision, readOutcome } from './decisions';

describe('service decisions (forvaltningsloven §§ 24–25; hol. §§ 3-2, 3-2 a)', () => {
  test('the outcome is read from the decision’s own words, with the words as its basis', () => {
    expect(readOutcome('Helse- og velferdskontoret avslår søknaden om langtidsopphold.', null)).toEqual({
      outcome: 'REFUSED',
      basis: 'the decision says "avslår"',
    });
    expect(readOutcome('Søknaden innvilges delvis: hjemmesykepleie 2 ganger daglig.', null)?.outcome).toBe(
      'PARTLY',
    );
    expect(readOutcome('Søknaden avslås delvis.', null)?.outcome).toBe('PARTLY');
    expect(readOutcome('Du tildeles korttidsopphold.', null)?.outcome).toBe('GRANTED');
    // No outcome words: the fallback, or nothing (the HP importer quarantines that).
    expect(readOutcome('Hjemmesykepleie 2 ganger daglig', null)).toBeNull();
    expect(readOutcome('Hjemmesykepleie', { outcome: 'GRANTED', basis: 'allocation' })).toEqual({
      outcome: 'GRANTED',
      basis: 'allocation',
    });
  });

  test('over generated texts: a cited assessment date is found in every wording, and only real dates', () => {
    const rnd = prng(341);
    const lead = [
      'Se vurdering',
      'Det vises til vurdering datert',
      'jf. vurderingen av',
      'Viser til vurdering fra',
    ];
    for (let n = 0; n < 500; n++) {
      const y = 2005 + Math.floor(rnd() * 20);
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      const dd = `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
      const text = `Begrunnelse: ${lead[n % lead.length]} ${dd}. Hjelpebehovet dekkes i hjemmet.`;
      expect(citedAssessment(text)?.date).toBe(
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );
    }
    expect(citedAssessment('Se vurdering 31.02.2022.')).toBeNull();
    expect(citedAssessment('Fall i hjemmet 19.08.2021.')).toBeNull();
  });

  test('an HP Vedtak document: type from the heading, legal basis, justification, outcome, cited assessment', () => {
    const text = [
      'VEDTAK - SØKNAD OM LANGTIDSOPPHOLD I SYKEHJEM',
      'Helse- og velferdskontoret har behandlet søknaden og avslår søknaden om langtidsopphold, jf. helse- og omsorgstjenesteloven § 3-2 a og forskriften.',
      'Begrunnelse: Det vises til vurdering datert 03.11.2022. Hjelpebehovet kan dekkes i hjemmet.',
      'Du beholder dagens tjenester: hjemmesykepleie 4 ganger daglig.',
      'Klageadgang: Vedtaket kan påklages til Statsforvalteren; en klage kan innvilges.',
    ].join('\n');
    expect(readHpDecision(text)).toEqual({
      decisionType: 'Langtidsopphold',
      service: 'SØKNAD OM LANGTIDSOPPHOLD I SYKEHJEM',
      legalBasis: 'helse- og omsorgstjenesteloven § 3-2 a',
      justification: 'Det vises til vurdering datert 03.11.2022. Hjelpebehovet kan dekkes i hjemmet.',
      outcome: { outcome: 'REFUSED', basis: 'the decision says "avslår"' },
      cited: { date: '2022-11-03', words: 'vurdering datert 03.11.2022' },
    });
  });
});
