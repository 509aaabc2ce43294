/**
 * The noise on an aggregate-only grant's counts (search-counts.ts perturb, the cell-key method):
 * personopplysningsloven art. 89 (1), helseforskningsloven § 33. The e2e test with the same
 * name is test/research-small-cells.e2e.test.ts.
 */
import { PTABLE, perturb, publishCount, publishPersons, type CohortKeys } from './search-counts';
import { researchSettings } from './research';

const cohort: CohortKeys = {
  pseudonymOfPatient: new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [id, `P-${id}`])),
  pseudonymOfNationalId: new Map(),
};
const keys = (patientIds: string[], notesKey = '12345', notesKeyed?: number) => ({
  patientIds,
  nationalIds: [],
  complete: true,
  notesKey,
  notesKeyed: notesKeyed ?? 0,
});

beforeAll(() => {
  researchSettings.pseudonymKey = 'search-counts-test-key-0123456789abcdef';
});

test('personopplysningsloven art. 89 (1): the perturbation table draws −2…+2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1 and never publishes 4 or less', () => {
  const seen = new Map<number, number>();
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const d = perturb(100, (i + 0.5) / n) - 100;
    seen.set(d, (seen.get(d) ?? 0) + 1);
  }
  expect([...seen.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  let below = 0;
  for (const [noise, bound] of PTABLE) {
    expect(seen.get(noise)! / n).toBeCloseTo(bound - below, 3);
    below = bound;
  }
  for (let k = 0; k < 1; k += 0.01) {
    expect(perturb(5, k)).toBeGreaterThanOrEqual(5);
    expect(perturb(6, k)).toBeGreaterThanOrEqual(5);
  }
});

test('personopplysningsloven art. 89 (1), helseforskningsloven § 33: the same notes give the same published count whatever order their keys came in; other notes get noise of their own, also at the same count over the same persons (found in review: a key of count and persons let exact counts of other notes calibrate it)', () => {
  const a = publishCount(cohort, 12, keys(['a', 'b', 'c', 'd', 'e', 'f'], '12345', 12));
  const b = publishCount(cohort, 12, keys(['f', 'e', 'd', 'c', 'b', 'a'], '12345', 12));
  expect(a).toEqual(b);
  expect(a.suppressed).toBe(false);
  // The same count over the same persons, other notes (another sum of note keys): a thousand
  // of them draw the noise as the table says, not one value.
  const noise = new Map<number, number>();
  for (let k = 0; k < 1000; k++) {
    const p = publishCount(cohort, 12, keys(['a', 'b', 'c', 'd', 'e', 'f'], String(1000 + k), 12)).value!;
    expect(Math.abs(p - 12)).toBeLessThanOrEqual(2);
    noise.set(p - 12, (noise.get(p - 12) ?? 0) + 1);
  }
  expect(noise.get(0)! / 1000).toBeGreaterThan(0.3);
  expect(noise.get(0)! / 1000).toBeLessThan(0.5);
  expect((noise.get(-1) ?? 0) + (noise.get(-2) ?? 0)).toBeGreaterThan(200);
  expect((noise.get(1) ?? 0) + (noise.get(2) ?? 0)).toBeGreaterThan(200);
});

test('helseregisterloven § 6: a search count of 0–4 is withheld (0 beside small cells told one person apart: found in review), as is one of 0–4 persons; the cohort size follows the rule with 0 published and noise keyed by its persons', () => {
  expect(publishCount(cohort, 0, keys([], '0'))).toEqual({ value: null, suppressed: true });
  expect(publishCount(cohort, 3, keys(['a', 'b', 'c']))).toEqual({ value: null, suppressed: true });
  expect(publishCount(cohort, 9, keys(['a', 'b']))).toEqual({ value: null, suppressed: true });
  expect(publishCount(cohort, 9, undefined)).toEqual({ value: null, suppressed: true });
  // Documents without a note key (an index written before them): their sum names nothing, withheld.
  expect(publishCount(cohort, 9, keys(['a', 'b', 'c', 'd', 'e'], '777', 9)).suppressed).toBe(false);
  expect(publishCount(cohort, 9, keys(['a', 'b', 'c', 'd', 'e'], '777', 8))).toEqual({
    value: null,
    suppressed: true,
  });
  expect(publishPersons(0, [])).toEqual({ value: 0, suppressed: false });
  expect(publishPersons(4, ['k1', 'k2', 'k3', 'k4'])).toEqual({ value: null, suppressed: true });
  const persons = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
  const size = publishPersons(7, persons);
  expect(size.suppressed).toBe(false);
  expect(Math.abs(size.value! - 7)).toBeLessThanOrEqual(2);
  expect(publishPersons(7, [...persons].reverse())).toEqual(size);
});
