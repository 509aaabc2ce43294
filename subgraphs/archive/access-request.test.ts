import { daysBetween, osloDate } from '../../lib/oslo-time';
import { AccessRequestInput, addMonthsNorwegian, decideEligibility } from './access-request';

describe('domstolloven § 148 month counting', () => {
  test.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-09-16', 1, '2024-10-16'],
    ['2023-12-31', 1, '2024-01-31'],
    ['2023-12-15', 1, '2024-01-15'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
  ])('%s + %i month(s) = %s', (from, months, expected) => {
    expect(addMonthsNorwegian(from, months)).toBe(expected);
  });

  test('days left counts calendar days and goes negative when overdue', () => {
    expect(daysBetween('2024-09-16', '2024-10-16')).toBe(30);
    expect(daysBetween('2024-10-20', '2024-10-16')).toBe(-4);
    // Across the end of daylight saving time the count is still whole days.
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
  });

  test('the date of receipt is the Oslo calendar date', () => {
    expect(osloDate(new Date('2024-01-30T23:30:00Z'))).toBe('2024-01-31');
    expect(osloDate(new Date('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
  });
});

describe('eligibility', () => {
  test('the patient, and the nearest relative after death, are eligible; others go to manual assessment', () => {
    expect(decideEligibility('PATIENT', false).eligibility).toBe('ELIGIBLE');
    expect(decideEligibility('NEAREST_RELATIVE', true)).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringContaining('§ 5-1'),
    });
    expect(decideEligibility('NEAREST_RELATIVE', false).eligibility).toBe('MANUAL_ASSESSMENT');
    expect(decideEligibility('OTHER_RELATIVE', true)).toMatchObject({
      eligibility: 'MANUAL_ASSESSMENT',
      legalBasis: expect.stringContaining('§ 24'),
    });
  });

  test('input is validated: national ids, dates, and a death after receipt are refused', () => {
    const ok = {
      patientId: 'pt-1',
      patientNationalId: '11823821230',
      patientDeceasedOn: '2024-03-02',
      requesterName: 'Per Aasen',
      requesterNationalId: '03876538341',
      relation: 'NEAREST_RELATIVE',
      receivedAt: '2024-09-16T09:41:00+02:00',
      administrativEnhet: 'Helse- og velferdskontor Byåsen',
    };
    expect(AccessRequestInput.safeParse(ok).success).toBe(true);
    const bad = (patch: Record<string, unknown>) => {
      const r = AccessRequestInput.safeParse({ ...ok, ...patch });
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(bad({ patientNationalId: '11823821231' })).toEqual(['patientNationalId']);
    expect(bad({ patientDeceasedOn: '2024-02-30' })).toEqual(['patientDeceasedOn']);
    expect(bad({ patientDeceasedOn: '2024-09-17' })).toEqual(['patientDeceasedOn']);
    expect(bad({ receivedAt: 'yesterday' })).toContain('receivedAt');
    expect(bad({ relation: 'PATIENT' })).toEqual(['requesterNationalId']);
    expect(bad({ relation: 'FRIEND' })).toEqual(['relation']);
    expect(bad({ administrativEnhet: '  ' })).toEqual(['administrativEnhet']);
  });
});
