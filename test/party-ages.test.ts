/**
 * A case record's ages (subgraphs/archive/outbox.ts partyAges): pasientjournalloven § 22,
 * helseforskningsloven § 33 — an age window asks the age of the person searched for.
 */
import { makeSyntheticNationalId } from '../lib/national-id';
import { partyAges } from '../subgraphs/archive/outbox';

const child = makeSyntheticNationalId('2007-03-01', 3, true);
const twin = makeSyntheticNationalId('2007-03-01', 9, false);
const parent = makeSyntheticNationalId('1980-06-01', 5, false);

test('pasientjournalloven § 22: a case record has one age only when every party is of that age; each party keeps its own', () => {
  expect(partyAges([child], '2021-06-01')).toEqual({ ageAtDate: 14, partyAges: [14] });
  expect(partyAges([child, twin], '2021-06-01')).toEqual({ ageAtDate: 14, partyAges: [14, 14] });
  expect(partyAges([parent, child], '2021-06-01')).toEqual({ ageAtDate: null, partyAges: [41, 14] });
  // A party whose national id gives no birth date might be the one searched for (found in review).
  expect(partyAges([child, '00000000000'], '2021-06-01')).toEqual({ ageAtDate: null, partyAges: [14, null] });
  expect(partyAges([], '2021-06-01')).toEqual({ ageAtDate: null, partyAges: [] });
});
