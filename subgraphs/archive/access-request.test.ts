import { addMonths, daysBetween, osloDate } from '../../lib/oslo-time';
import type { RegisteredRelative } from '../../lib/patient-facts';
import {
  AccessRequestInput,
  ageOn,
  appealRoute,
  checkNearestRelative,
  CloseInput,
  deadlineFor,
  decideEligibility,
  ExtensionInput,
  settleFacts,
  type EligibilityFacts,
} from './access-request';

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
    expect(addMonths(from, months)).toBe(expected);
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

describe('deadlines by request type', () => {
  test('personvernforordningen art. 12 nr. 3 with domstolloven §§ 148–149: a pbrl. § 5-1 request received 17 March 2025 is due 22 April 2025', () => {
    expect(deadlineFor('PBRL_5_1', '2025-03-17', 1).deadline).toBe('2025-04-22');
    expect(deadlineFor('PBRL_5_1', '2024-01-31', 1).deadline).toBe('2024-02-29');
  });
  test('offentleglova § 32 første ledd: unanswered after five working days counts as refused', () => {
    const d = deadlineFor('OFFENTLEGLOVA', '2025-04-14');
    expect(d.deadline).toBe('2025-04-24'); // Easter: 17, 18 and 21 April are holidays
    expect(d.rule).toMatch(/§ 29.*uten ugrunnet opphold.*§ 32/);
  });
  test('forvaltningsloven § 11 a: party access (§ 18) has a preliminary reply due within one month', () => {
    const d = deadlineFor('FORVALTNINGSLOVEN_18', '2025-03-17');
    expect(d.deadline).toBe('2025-04-22');
    expect(d.rule).toMatch(/§ 11 a/);
  });
  test('personvernforordningen art. 12 nr. 3: an extension is one or two months, with reasons', () => {
    const ok = {
      saksmappeId: 'x',
      months: 2,
      reasons: 'Omfattende journal fra tre systemer',
      noticeSentOn: '2025-04-01',
    };
    expect(ExtensionInput.safeParse(ok).success).toBe(true);
    expect(ExtensionInput.safeParse({ ...ok, months: 3 }).success).toBe(false);
    expect(ExtensionInput.safeParse({ ...ok, reasons: 'travelt' }).success).toBe(false);
  });
});

const base: EligibilityFacts = {
  relation: 'PATIENT',
  requestType: 'PBRL_5_1',
  deceased: false,
  age: 40,
  lacksCapacity: false,
  consent: false,
};
const decide = (patch: Partial<EligibilityFacts>) => decideEligibility({ ...base, ...patch });

describe('eligibility', () => {
  test('pbrl. § 5-1 første ledd: the patient from 16 has access to their own record', () => {
    expect(decide({ age: 16 })).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringContaining('§ 5-1'),
    });
  });
  test('pbrl. § 5-1 fjerde ledd jf. § 3-4 første ledd: under 12, the parents exercise the right, not the child', () => {
    expect(decide({ age: 11 }).eligibility).toBe('NOT_ELIGIBLE');
    expect(decide({ age: 11, relation: 'PARENT' })).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringContaining('§ 3-4 første ledd'),
    });
  });
  test('pbrl. § 3-4 andre ledd: 12–16, the parents’ access is limited by what the child refuses', () => {
    expect(decide({ age: 12, relation: 'PARENT' })).toMatchObject({
      eligibility: 'ELIGIBLE_LIMITED',
      legalBasis: expect.stringContaining('§ 3-4 andre ledd'),
    });
    expect(decide({ age: 15, relation: 'PARENT' }).eligibility).toBe('ELIGIBLE_LIMITED');
    expect(decide({ age: 14 }).eligibility).toBe('MANUAL_ASSESSMENT');
  });
  test('pbrl. § 3-4 tredje ledd: from 16 the right is the patient’s own; parents need consent', () => {
    expect(decide({ age: 16, relation: 'PARENT' }).eligibility).toBe('CONSENT_REQUIRED');
    expect(decide({ age: 16, relation: 'PARENT', consent: true }).eligibility).toBe('ELIGIBLE');
  });
  test('pbrl. § 5-1 fjerde ledd jf. § 3-3: a patient without capacity to consent gives the nearest relative a right of their own', () => {
    expect(decide({ relation: 'NEAREST_RELATIVE', lacksCapacity: true })).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringContaining('§ 3-3'),
    });
    expect(decide({ relation: 'NEAREST_RELATIVE' }).eligibility).toBe('CONSENT_REQUIRED');
  });
  test('vergemålsloven §§ 20–21 and 78–84: verge and fremtidsfullmektig act for a patient without capacity, else with consent', () => {
    expect(decide({ relation: 'GUARDIAN', lacksCapacity: true }).eligibility).toBe('ELIGIBLE');
    expect(decide({ relation: 'FUTURE_POWER_OF_ATTORNEY', lacksCapacity: true }).legalBasis).toMatch(
      /stadfest/,
    );
    expect(decide({ relation: 'GUARDIAN' }).eligibility).toBe('CONSENT_REQUIRED');
  });
  test('helsepersonelloven § 22: another relative of a LIVING patient needs the patient’s consent, not hpl. § 24', () => {
    const d = decide({ relation: 'OTHER_RELATIVE' });
    expect(d.eligibility).toBe('CONSENT_REQUIRED');
    expect(d.legalBasis).toMatch(/§ 22/);
    expect(d.legalBasis).not.toMatch(/§ 24/);
    expect(decide({ relation: 'THIRD_PARTY' }).legalBasis).not.toMatch(/§ 24/);
  });
  test('helsepersonelloven § 24 første ledd: after death, another relative or a third party gets a concrete assessment', () => {
    expect(decide({ relation: 'OTHER_RELATIVE', deceased: true })).toMatchObject({
      eligibility: 'MANUAL_ASSESSMENT',
      legalBasis: expect.stringContaining('§ 24'),
    });
    expect(decide({ relation: 'THIRD_PARTY', deceased: true }).eligibility).toBe('MANUAL_ASSESSMENT');
  });
  test('pbrl. § 5-1 femte ledd: after death the nearest relative, as registered, is eligible; one the register contradicts is not', () => {
    expect(
      decide({
        relation: 'NEAREST_RELATIVE',
        deceased: true,
        relativeCheck: { check: 'VERIFIED', note: '' },
      }),
    ).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringMatching(/§ 5-1.*etter pasientens død/),
    });
    expect(
      decide({
        relation: 'NEAREST_RELATIVE',
        deceased: true,
        relativeCheck: { check: 'CONTRADICTED', note: 'x' },
      }).eligibility,
    ).toBe('MANUAL_ASSESSMENT');
    expect(
      decide({
        relation: 'NEAREST_RELATIVE',
        deceased: true,
        relativeCheck: { check: 'UNVERIFIED', note: 'u' },
      }).legalBasis,
    ).toMatch(/Ikke kontrollert/);
  });
  test('offentleglova § 3 and helsepersonelloven § 21: the public gets the case documents under offentleglova, never the journal', () => {
    expect(decide({ relation: 'PUBLIC', requestType: 'OFFENTLEGLOVA' })).toMatchObject({
      eligibility: 'ELIGIBLE',
      legalBasis: expect.stringContaining('§ 13'),
    });
    expect(decide({ relation: 'PUBLIC' }).eligibility).toBe('NOT_ELIGIBLE');
  });
  test('forvaltningsloven § 18: a party has access to the case documents', () => {
    expect(decide({ requestType: 'FORVALTNINGSLOVEN_18' }).legalBasis).toMatch(/§ 18/);
    expect(decide({ requestType: 'FORVALTNINGSLOVEN_18', relation: 'THIRD_PARTY' }).eligibility).toBe(
      'MANUAL_ASSESSMENT',
    );
  });
  test('age counts whole years at receipt', () => {
    expect(ageOn('2013-03-18', '2025-03-17')).toBe(11);
    expect(ageOn('2013-03-17', '2025-03-17')).toBe(12);
  });
});

describe('pbrl. § 1-3 b: the nearest relative, checked against the registered relatives', () => {
  const rel = (p: Partial<RegisteredRelative>): RegisteredRelative => ({
    nationalId: null,
    name: 'X',
    relationshipCodes: [],
    relationshipText: null,
    nearestRelative: false,
    ...p,
  });
  const per = rel({
    nationalId: '03876538341',
    name: 'Per Aasen',
    relationshipCodes: ['SON', 'N'],
    nearestRelative: true,
  });
  test('the one the patient named (v2-0131 N) is verified; anyone else is contradicted', () => {
    expect(checkNearestRelative([per], '03876538341', 'CHILD').check).toBe('VERIFIED');
    const other = checkNearestRelative([per], '11823821230', 'SPOUSE_OR_PARTNER');
    expect(other.check).toBe('CONTRADICTED');
    expect(other.note).toContain('Per Aasen');
  });
  test('no one named: the order decides — a sibling is not nearest when a child is registered', () => {
    const child = rel({ nationalId: '03876538341', name: 'Per Aasen', relationshipCodes: ['SON'] });
    const sister = rel({ nationalId: '11823821230', name: 'Liv Aasen', relationshipCodes: ['SIS'] });
    expect(checkNearestRelative([child, sister], '11823821230', null).check).toBe('CONTRADICTED');
    expect(checkNearestRelative([child, sister], '03876538341', null).check).toBe('VERIFIED');
  });
  test('a relative registered without a national id is the requester of the same name, to be identified, never a nearer one (review s43)', () => {
    const ellen = rel({ name: 'Ellen Moe', relationshipCodes: ['DAU'], nearestRelative: true });
    const named = checkNearestRelative([ellen], '05856040293', 'CHILD', 'Moe, Ellen');
    expect(named.check).toBe('UNVERIFIED');
    expect(named.note).toMatch(/identiteten må kontrolleres/);
    expect(checkNearestRelative([ellen], '05856040293', 'CHILD', 'Kari Moe').check).toBe('CONTRADICTED');
    const daughter = rel({ name: 'Ellen Moe', relationshipCodes: ['DAU'] });
    const brother = rel({ nationalId: '03876538341', name: 'Per Moe', relationshipCodes: ['BRO'] });
    expect(checkNearestRelative([daughter, brother], '05856040293', 'CHILD', 'Ellen Moe').check).toBe(
      'UNVERIFIED',
    );
    expect(checkNearestRelative([daughter, brother], '03876538341', null, 'Per Moe').check).toBe(
      'CONTRADICTED',
    );
  });
  test('no relatives registered, or no register: said so, not silently accepted', () => {
    expect(checkNearestRelative([], '03876538341', 'CHILD').check).toBe('NOT_REGISTERED');
    expect(checkNearestRelative(null, '03876538341', 'CHILD').check).toBe('UNVERIFIED');
  });
});

describe('registered facts before stated ones', () => {
  const input = AccessRequestInput.parse({
    patientId: 'pt-1',
    patientNationalId: '11823821230',
    requesterName: 'Per Aasen',
    requesterNationalId: '03876538341',
    relation: 'NEAREST_RELATIVE',
    receivedAt: '2024-09-16T09:41:00+02:00',
    administrativEnhet: 'HVK',
  });
  test('the registered date of death is used; a different stated one is refused', () => {
    const reg = { found: true, birthDate: '1938-02-11', deathDate: '2024-03-10', relatives: [] };
    expect(settleFacts(input, reg, '2024-09-16')).toMatchObject({ deceasedOn: '2024-03-10', age: 86 });
    expect(() => settleFacts({ ...input, patientDeceasedOn: '2024-03-11' }, reg, '2024-09-16')).toThrow(
      /differs from the registered date of death/,
    );
  });
  test('pasientjournalloven § 22: a refusal on the registered date of death does not name that date', () => {
    const reg = { found: true, birthDate: '1938-02-11', deathDate: '2024-03-10', relatives: [] };
    const refusal = (i: typeof input) => {
      try {
        settleFacts(i, reg, '2024-09-16');
      } catch (err) {
        return (err as Error).message;
      }
      return 'not refused';
    };
    for (const message of [
      refusal({ ...input, patientDeceasedOn: '2024-03-11' }),
      refusal({ ...input, relation: 'PATIENT' }),
    ]) {
      expect(message).toMatch(/registered (date of death|as deceased)/);
      expect(message).not.toContain('2024-03-10');
    }
  });
  test('without a register the birth date comes from the national id, and the source says so', () => {
    expect(settleFacts(input, null, '2024-09-16')).toMatchObject({
      birthDate: '1938-02-11',
      source: expect.stringContaining('fødselsnummeret'),
    });
  });
});

describe('closing with the outcome', () => {
  test('forvaltningsloven §§ 24–25 and pbrl. § 5-1 andre ledd: partly granted or refused needs withheld items with grounds and reasons', () => {
    expect(CloseInput.safeParse({ outcome: 'GRANTED', handedOut: 'Kopi av journal 2019–2024' }).success).toBe(
      true,
    );
    const partly = CloseInput.safeParse({ outcome: 'PARTLY_GRANTED', handedOut: 'Kopi' });
    expect(partly.success ? [] : partly.error.issues.map((i) => i.path.join('.'))).toEqual([
      'withheld',
      'reasons',
    ]);
    expect(
      CloseInput.safeParse({
        outcome: 'REFUSED',
        reasons: 'Opplysningene gjelder tredjeperson',
        withheld: [{ item: 'Notat 2019-03-02', ground: 'THIRD_PARTY_INFORMATION' }],
      }).success,
    ).toBe(true);
    expect(
      CloseInput.safeParse({
        outcome: 'REFUSED',
        reasons: 'x',
        withheld: [{ item: 'Notat', ground: 'OTHER' }],
      }).success,
    ).toBe(false);
  });
  test('pbrl. § 7-2, offentleglova § 32 and forvaltningsloven § 21: the appeal route goes to Statsforvalteren', () => {
    expect(appealRoute('PBRL_5_1')).toMatch(/Statsforvalteren.*§ 7-2/);
    expect(appealRoute('OFFENTLEGLOVA')).toMatch(/§ 32.*Statsforvalteren/);
    expect(appealRoute('FORVALTNINGSLOVEN_18')).toMatch(/§ 21/);
  });
});

describe('input validation', () => {
  test('national ids, dates, a death after receipt, a deceased "patient" and a third party without interest are refused', () => {
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
    expect(bad({ relation: 'PATIENT', patientDeceasedOn: null })).toEqual(['requesterNationalId']);
    expect(bad({ relation: 'PATIENT', requesterNationalId: '11823821230' })).toEqual(['relation']);
    expect(bad({ relation: 'THIRD_PARTY' })).toEqual(['legalInterest']);
    expect(bad({ relation: 'FRIEND' })).toEqual(['relation']);
    expect(bad({ administrativEnhet: '  ' })).toEqual(['administrativEnhet']);
  });
});
