/**
 * Whose quarantined coercion line is it (task s47, defect 2): each coercion export's own patient
 * field, never a national id elsewhere in the bytes (pasientjournalloven § 22, helsepersonelloven
 * § 21). The field is read from a record's start (Gerica) or its top-level fields (HP), also when
 * the rest of the record does not parse.
 */
import { coercionLineOwner } from './quarantine-owner';

const A = '06066047011';
const B = '07076147022';
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

test('pasientjournalloven § 22, helsepersonelloven § 21: a Gerica coercion record is its Fodselsnr’s (vedtak.csv the third field, tvangsprotokoll.csv the fourth), quoted or not, also when a later field does not parse', () => {
  expect(
    coercionLineOwner('gerica-vedtak', latin1(`V-2023-001;1;"${A}";Tvang og makt;Hol. § 9-5;"Naboen ${B}`)),
  ).toEqual({ patientNid: A, recordKind: 'decision' });
  expect(
    coercionLineOwner(
      'gerica-protokoll',
      latin1(`TP-2023-001;V-2023-001;1;${A};31.04.2023 10:00;;x;1;"${B}`),
    ),
  ).toEqual({ patientNid: A, recordKind: 'execution' });
  // Cut before the patient field: no one's.
  expect(coercionLineOwner('gerica-protokoll', latin1('TP-2023-001;V-2023-001;"1'))).toEqual({
    patientNid: null,
    recordKind: 'execution',
  });
});

test('pasientjournalloven § 22, helsepersonelloven § 21: an HP Coercion.ndjson line is its top-level patient’s, whole or cut short; a nested patient or one in the text is no owner, a Practitioner line no one’s', () => {
  expect(
    coercionLineOwner('hp-coercion', utf8(JSON.stringify({ kind: 'decision', id: 'd', patient: A, x: B }))),
  ).toEqual({ patientNid: A, recordKind: 'decision' });
  expect(
    coercionLineOwner(
      'hp-coercion',
      utf8(
        `{"kind":"execution","id":"e","related":{"patient":"${B}"},"description":"${B}","patient":"${A}","start":"2023-`,
      ),
    ),
  ).toEqual({ patientNid: A, recordKind: 'execution' });
  expect(
    coercionLineOwner(
      'hp-coercion',
      utf8(`{"kind":"execution","related":{"patient":"${B}"},"description":"Dat`),
    ),
  ).toEqual({ patientNid: null, recordKind: 'execution' });
  expect(
    coercionLineOwner('hp-practitioner', utf8(JSON.stringify({ resourceType: 'Practitioner', patient: A }))),
  ).toEqual({ patientNid: null, recordKind: null });
});

test('pasientjournalloven § 22, helsepersonelloven § 21: with the header’s Fodselsnr column a Gerica record is that column’s, and a line that does not start a record (the rest of a broken one) is no one’s (fix FX-A 3)', () => {
  const start = /^TP-\d{4}-\d{3};/;
  // RegID;VedtakID;PasientID;VergeFodselsnr;Fodselsnr;…: the fifth field, not the guardian's fourth.
  expect(
    coercionLineOwner('gerica-protokoll', latin1(`TP-2023-001;V-2023-001;1;${B};${A};31.04.2023 10:00`), {
      patientColumn: 4,
      recordStart: start,
    }),
  ).toEqual({ patientNid: A, recordKind: 'execution' });
  expect(
    coercionLineOwner('gerica-protokoll', latin1(`fortsatt tekst";1;${B};${A};x`), {
      patientColumn: 4,
      recordStart: start,
    }),
  ).toEqual({ patientNid: null, recordKind: 'execution' });
});
