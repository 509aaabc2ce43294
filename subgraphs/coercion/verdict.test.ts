import {
  decisionProblems,
  EMERGENCY_PATTERN,
  emergencyPatterns,
  indexDecisions,
  judge,
  judgeAll,
  needsTwoStaff,
  oneYearLastDay,
  patternLookbackFrom,
  reviewingOffice,
  statuteOf,
  type DecisionForVerdict,
  type DecisionVersion,
  type Verdict,
  withdrawnFrom,
  decisionLastValidDay,
} from './verdict';

const dec = (o: Partial<DecisionForVerdict> & { id: string }): DecisionForVerdict => ({
  legalBasis: 'hol-9-5c',
  measures: ['fysisk holding ved stell'],
  validFrom: '2020-03-01',
  validTo: '2021-02-28',
  approvedAt: new Date('2020-02-20T23:00:00Z'),
  aliases: [],
  ...o,
});
const at = (iso: string) => new Date(iso);
const exec = (start: string, o: { measure?: string; claim?: string | null; emergency?: boolean } = {}) => ({
  measure: o.measure ?? 'fysisk holding ved stell',
  start: at(start),
  recordedDecisionId: o.claim ?? null,
  emergencyReported: o.emergency ?? false,
});

test('VALID needs the very measure, validity on the local start date, and (b/c) approval at or before the start', () => {
  const idx = indexDecisions([dec({ id: 'A' })]);
  expect(judge(exec('2020-06-01T08:00:00Z'), idx)).toMatchObject({ verdict: 'VALID', decisionId: 'A' });
  expect(judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx)).toMatchObject({
    verdict: 'NO_VALID_DECISION',
    decisionId: null,
  });
  // 2021-02-28 23:30 local is still the last valid day; 2021-03-01 00:10 local is not (though UTC says 28 Feb).
  expect(judge(exec('2021-02-28T22:30:00Z'), idx).verdict).toBe('VALID');
  expect(judge(exec('2021-02-28T23:10:00Z'), idx).verdict).toBe('NO_VALID_DECISION');
});

test('before approval: NOT_YET_APPROVED; never approved: NOT_YET_APPROVED; pbrl-4A and a need none', () => {
  const late = indexDecisions([dec({ id: 'L', approvedAt: at('2020-03-10T23:00:00Z') })]);
  expect(judge(exec('2020-03-05T08:00:00Z'), late)).toMatchObject({
    verdict: 'NOT_YET_APPROVED',
    decisionId: 'L',
  });
  expect(judge(exec('2020-03-11T08:00:00Z'), late).verdict).toBe('VALID');
  const never = indexDecisions([dec({ id: 'N', legalBasis: 'hol-9-5b', approvedAt: null })]);
  expect(judge(exec('2020-05-05T08:00:00Z'), never).reason).toMatch(/not \(no approval registered\)/);
  const pbrl = indexDecisions([dec({ id: 'P', legalBasis: 'pbrl-4A', approvedAt: null })]);
  expect(judge(exec('2020-05-05T08:00:00Z'), pbrl)).toMatchObject({ verdict: 'VALID', decisionId: 'P' });
});

test('the recorded decision is a claim: checked, preferred when it holds, replaced when it does not', () => {
  const idx = indexDecisions([
    dec({ id: 'OLD', validFrom: '2019-03-01', validTo: '2020-02-29', aliases: ['TVD-1'] }),
    dec({ id: 'NEW', aliases: ['TVD-2'] }),
  ]);
  const r = judge(exec('2020-06-01T08:00:00Z', { claim: 'TVD-1' }), idx);
  expect(r).toMatchObject({ verdict: 'VALID', decisionId: 'NEW' });
  expect(r.reason).toMatch(/the recorded decision OLD was not valid on 2020-06-01/);
  expect(judge(exec('2020-06-01T08:00:00Z', { claim: 'TVD-2' }), idx).reason).not.toMatch(/recorded/);
});

test('the decision valid at that moment is used, not the latest one; emergencies without a decision', () => {
  const idx = indexDecisions([
    dec({ id: 'Y1', validFrom: '2019-03-01', validTo: '2020-02-29' }),
    dec({ id: 'Y2' }),
  ]);
  expect(judge(exec('2019-06-01T08:00:00Z', { claim: 'Y2' }), idx).decisionId).toBe('Y1');
  expect(judge(exec('2022-06-01T08:00:00Z', { emergency: true }), idx)).toMatchObject({
    verdict: 'EMERGENCY_A',
    decisionId: null,
  });
  // A valid decision wins over an emergency report.
  expect(judge(exec('2020-06-01T08:00:00Z', { emergency: true }), idx).verdict).toBe('VALID');
});

// ---- Issue 15: the law, right. Each test is named after its legal source. ----

const execAt = (
  start: string,
  end: string,
  o: { measure?: string; claim?: string | null; emergency?: boolean | null } = {},
) => ({
  measure: o.measure ?? 'fysisk holding ved stell',
  start: at(start),
  end: at(end),
  recordedDecisionId: o.claim ?? null,
  emergencyReported: o.emergency === undefined ? false : o.emergency,
});

test('hol. § 9-7: a b/c decision without an end date runs at most one year; the missing end is reported, not a licence', () => {
  const d = dec({ id: 'OPEN', validTo: null });
  expect(decisionProblems(d)).toEqual([
    'decision OPEN has no end date: hol. § 9-7 allows at most one year, so it is treated as ending 2021-02-28',
  ]);
  const idx = indexDecisions([d]);
  // The last day of the year is covered (Oslo date), the day after is not.
  expect(judge(exec('2021-02-28T12:00:00Z'), idx).verdict).toBe('VALID');
  const after = judge(exec('2021-03-01T12:00:00Z'), idx);
  expect(after).toMatchObject({ verdict: 'NO_VALID_DECISION', decisionId: null });
  // A covered execution's reason names the missing end too.
  expect(judge(exec('2020-06-01T08:00:00Z'), idx).reason).toMatch(/OPEN has no end date: hol\. § 9-7/);
  // A decision written for two years is also cut to one.
  const long = dec({ id: 'LONG', legalBasis: 'hol-9-5b', validTo: '2022-02-28' });
  expect(decisionProblems(long)[0]).toMatch(/runs to 2022-02-28, more than the one year hol\. § 9-7 allows/);
  expect(judge(exec('2021-06-01T08:00:00Z'), indexDecisions([long])).verdict).toBe('NO_VALID_DECISION');
  expect(oneYearLastDay('2011-03-01')).toBe('2012-02-29');
  expect(oneYearLastDay('2012-02-29')).toBe('2013-02-28');
});

test('pbrl. § 4A-5: a chapter 4A decision without an end date runs at most one year', () => {
  const d = dec({ id: 'P', legalBasis: 'pbrl-4A', approvedAt: null, validTo: null });
  expect(decisionProblems(d)[0]).toMatch(/no end date: pbrl\. § 4A-5 allows at most one year/);
  const idx = indexDecisions([d]);
  expect(judge(exec('2020-09-01T08:00:00Z'), idx).verdict).toBe('VALID');
  expect(judge(exec('2021-09-01T08:00:00Z'), idx).verdict).toBe('NO_VALID_DECISION');
  // hol-9-5a and phvl-4-8 are not one-year decisions.
  expect(decisionProblems(dec({ id: 'A', legalBasis: 'phvl-4-8', validTo: null }))).toEqual([]);
});

test('hol. § 9-5 tredje ledd bokstav a/b: repeated EMERGENCY_A for the same measure within 365 days is a pattern needing a b-decision', () => {
  const e = (id: string, start: string, verdict: Verdict = 'EMERGENCY_A', measure = 'låst dør') => ({
    id,
    measure,
    start: at(start),
    verdict,
    durationMinutes: 10,
  });
  expect(EMERGENCY_PATTERN).toEqual({ minCount: 2, withinDays: 365 });
  const patterns = emergencyPatterns([
    e('E1', '2020-01-10T10:00:00Z'),
    e('E2', '2020-06-10T10:00:00Z'),
    e('E3', '2020-12-01T10:00:00Z'),
    e('X1', '2020-03-01T10:00:00Z', 'EMERGENCY_A', 'holding'), // another measure: alone
    e('V1', '2020-04-01T10:00:00Z', 'VALID'), // not an emergency
    e('E4', '2023-01-01T10:00:00Z'), // more than 365 days after E3: a single emergency
  ]);
  expect(patterns).toEqual([
    {
      measure: 'låst dør',
      count: 3,
      totalMinutes: 30,
      first: at('2020-01-10T10:00:00Z'),
      last: at('2020-12-01T10:00:00Z'),
      executionIds: ['E1', 'E2', 'E3'],
      beganBeforePeriod: false,
    },
  ]);
  expect(emergencyPatterns([e('S1', '2020-01-10T10:00:00Z')])).toEqual([]);
});

test('hol. § 9-5 tredje ledd bokstav b: emergencies before the period count for the pattern and are not shown; the pattern says it began before the period; one wholly before is not shown', () => {
  const e = (id: string, start: string, beforePeriod = false) => ({
    id,
    measure: 'låst dør',
    start: at(start),
    verdict: 'EMERGENCY_A' as Verdict,
    durationMinutes: 10,
    beforePeriod,
  });
  expect(emergencyPatterns([e('B1', '2020-11-01T10:00:00Z', true), e('P1', '2021-02-01T10:00:00Z')])).toEqual(
    [
      {
        measure: 'låst dør',
        count: 1,
        totalMinutes: 10,
        first: at('2021-02-01T10:00:00Z'),
        last: at('2021-02-01T10:00:00Z'),
        executionIds: ['P1'],
        beganBeforePeriod: true,
      },
    ],
  );
  expect(
    emergencyPatterns([e('B1', '2020-01-01T10:00:00Z', true), e('B2', '2020-02-01T10:00:00Z', true)]),
  ).toEqual([]);
  // More than a year between them: two single emergencies, as without the period.
  expect(emergencyPatterns([e('B1', '2019-12-01T10:00:00Z', true), e('P1', '2021-02-01T10:00:00Z')])).toEqual(
    [],
  );
  // The look-back reaches every emergency that can make one on the period's first day repeated.
  expect(patternLookbackFrom('2021-03-01')).toBe('2020-02-28');
  expect(oneYearLastDay('2020-02-28') >= '2021-02-27').toBe(true);
});

test("hol. § 9-8: Statsforvalteren's review outcome is judged: approved in part, shortened, refused", () => {
  const reviewed = at('2020-02-20T23:00:00Z');
  const part = dec({
    id: 'PART',
    measures: ['fysisk holding ved stell', 'låst kjøleskap'],
    reviewOutcome: 'APPROVED_IN_PART',
    reviewMeasures: ['låst kjøleskap'],
  });
  const idx = indexDecisions([part]);
  expect(judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx)).toMatchObject({
    verdict: 'VALID',
    decisionId: 'PART',
  });
  const refusedMeasure = judge(exec('2020-06-01T08:00:00Z'), idx);
  expect(refusedMeasure).toMatchObject({ verdict: 'NO_VALID_DECISION', decisionId: null });
  expect(refusedMeasure.reason).toMatch(
    /decision PART was approved in part by Fylkesmannen .*only "låst kjøleskap"/,
  );

  const short = indexDecisions([
    dec({ id: 'SHORT', reviewOutcome: 'SHORTENED', reviewValidTo: '2020-08-31' }),
  ]);
  expect(judge(exec('2020-08-31T08:00:00Z'), short).verdict).toBe('VALID');
  expect(judge(exec('2020-09-01T08:00:00Z'), short).verdict).toBe('NO_VALID_DECISION');

  const refused = indexDecisions([dec({ id: 'REF', reviewOutcome: 'REFUSED', approvedAt: reviewed })]);
  const r = judge(exec('2020-06-01T08:00:00Z', { claim: 'REF' }), refused);
  expect(r).toMatchObject({ verdict: 'NO_VALID_DECISION', decisionId: null });
  expect(r.reason).toMatch(/decision REF was refused by Fylkesmannen 2020-02-21/);
  // Before the review a b/c decision is not yet approved, whatever the outcome later.
  const late = indexDecisions([
    dec({ id: 'LATE', reviewOutcome: 'REFUSED', approvedAt: at('2020-04-01T08:00:00Z') }),
  ]);
  expect(judge(exec('2020-03-10T08:00:00Z'), late).verdict).toBe('NOT_YET_APPROVED');
  // pbrl. kap. 4A needs no approval, but a refusal binds from the review on.
  const pbrl = indexDecisions([
    dec({ id: 'P', legalBasis: 'pbrl-4A', reviewOutcome: 'REFUSED', approvedAt: at('2020-06-01T08:00:00Z') }),
  ]);
  expect(judge(exec('2020-05-01T08:00:00Z'), pbrl).verdict).toBe('VALID');
  expect(judge(exec('2020-07-01T08:00:00Z'), pbrl).verdict).toBe('NO_VALID_DECISION');
});

test("hol. § 9-5 tredje ledd bokstav a (Helseplattformen): HP's emergency marking is EMERGENCY_A; where the source says nothing the verdict is UNDETERMINED, not a breach", () => {
  const idx = indexDecisions([
    dec({ id: 'B', legalBasis: 'hol-9-5b', measures: ['tilbakeholdelse i bolig'] }),
    dec({ id: 'TVD-A1', legalBasis: 'hol-9-5a', measures: ['fysisk holding ved stell'], approvedAt: null }),
  ]);
  // Registered under HP's hol-9-5a record: the emergency marking, not a standing authorisation.
  const marked = judge(exec('2022-06-01T08:00:00Z', { claim: 'TVD-A1' }), idx);
  expect(marked).toMatchObject({ verdict: 'EMERGENCY_A', decisionId: null });
  expect(marked.reason).toMatch(/registered under the § 9-5 a emergency record TVD-A1/);
  // Registered under no decision, and the export says nothing about an emergency.
  const silent = judge({ ...exec('2022-06-01T08:00:00Z'), emergencyReported: null }, idx);
  expect(silent.verdict).toBe('UNDETERMINED');
  expect(silent.reason).toMatch(/does not say whether it was a § 9-5 a emergency/);
  // Registered under a b/c decision that does not cover it: the source said it was planned.
  expect(
    judge({ ...exec('2022-06-01T08:00:00Z', { claim: 'B' }), emergencyReported: null }, idx).verdict,
  ).toBe('NO_VALID_DECISION');
  // A valid decision still wins.
  expect(
    judge(
      { ...exec('2020-06-01T08:00:00Z', { measure: 'tilbakeholdelse i bolig' }), emergencyReported: null },
      idx,
    ).verdict,
  ).toBe('VALID');
});

test("hol. § 9-7: an execution running past the decision's last valid day is partly outside; the minutes outside are reported", () => {
  const idx = indexDecisions([dec({ id: 'A' })]); // last valid day 2021-02-28; Oslo midnight = 23:00Z
  const r = judge(execAt('2021-02-28T22:40:00Z', '2021-02-28T23:25:00Z'), idx);
  expect(r).toMatchObject({
    verdict: 'VALID',
    decisionId: 'A',
    lastValidDay: '2021-02-28',
    minutesOutside: 25,
  });
  expect(r.reason).toMatch(/ran 25 minutes past the decision's last valid day 2021-02-28 \(partly outside\)/);
  expect(judge(execAt('2021-02-28T22:00:00Z', '2021-02-28T22:59:00Z'), idx).minutesOutside).toBe(0);
  // The one-year limit is the last valid day of a decision without an end.
  const open = indexDecisions([dec({ id: 'O', validTo: null })]);
  expect(judge(execAt('2021-02-28T22:50:00Z', '2021-02-28T23:10:00Z'), open).minutesOutside).toBe(10);
});

test('sotjl. kap. 4A: a decision before 2012 is labelled sosialtjenesteloven and Fylkesmannen, and keeps mapping to hol. § 9-5', () => {
  expect(statuteOf('hol-9-5c', '2011-02-14')).toBe(
    'sosialtjenesteloven § 4A-5 tredje ledd bokstav c (kap. 4A, before 2012; today hol. § 9-5 tredje ledd bokstav c)',
  );
  expect(statuteOf('hol-9-5c', '2012-02-20')).toBe(
    'helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav c',
  );
  expect(reviewingOffice('2011-02-25')).toBe('Fylkesmannen');
  expect(reviewingOffice('2020-12-31')).toBe('Fylkesmannen');
  expect(reviewingOffice('2021-01-01')).toBe('Statsforvalteren');
  // Mapped to today's rules: approval needed, one year at most.
  const old = dec({
    id: 'V-2010-031',
    validFrom: '2010-03-01',
    validTo: null,
    decidedAt: at('2010-02-14T23:00:00Z'),
    approvedAt: at('2010-02-25T23:00:00Z'),
  });
  const r = judge(exec('2010-06-01T08:00:00Z'), indexDecisions([old]));
  expect(r.verdict).toBe('VALID');
  expect(r.reason).toMatch(/approved by Fylkesmannen 2010-02-26/);
  expect(decisionProblems(old)[0]).toMatch(/sotjl\. kap\. 4A, today hol\. § 9-7/);
});

test('phvl. § 4-8: each use of a coercive means is its own decision, with no prior approval', () => {
  const idx = indexDecisions([
    dec({
      id: 'PH1',
      legalBasis: 'phvl-4-8',
      measures: ['belter'],
      validFrom: '2024-05-01',
      validTo: '2024-05-01',
      approvedAt: null,
    }),
  ]);
  const [first, second] = judgeAll(
    [
      execAt('2024-05-01T08:00:00Z', '2024-05-01T09:00:00Z', { measure: 'belter', claim: 'PH1' }),
      execAt('2024-05-01T14:00:00Z', '2024-05-01T15:00:00Z', { measure: 'belter', claim: 'PH1' }),
    ],
    idx,
  );
  expect(first).toMatchObject({ verdict: 'VALID', decisionId: 'PH1' });
  expect(first!.reason).toMatch(/phvl\. § 4-8: the use is its own decision, no prior approval/);
  expect(second).toMatchObject({ verdict: 'NO_VALID_DECISION', decisionId: null });
  expect(second!.reason).toMatch(
    /already used by an earlier execution: each use of a coercive means is its own decision/,
  );
  expect(needsTwoStaff('phvl-4-8')).toBe(false);
  expect(statuteOf('phvl-4-8', '2024-05-01')).toBe('psykisk helsevernloven § 4-8 (tvangsmidler)');
});

describe('hol. § 9-8, § 9-5 tredje ledd b/c: an approval covers the version of the decision it was first stored with (approvedVersion)', () => {
  const approval = at('2020-02-20T23:00:00Z');
  const v = (number: number, o: Partial<DecisionVersion> = {}): DecisionVersion => ({
    number,
    storedAt: number === 1 ? null : at(`2020-0${number}-01T10:00:00Z`),
    legalBasis: 'hol-9-5c',
    measures: ['fysisk holding ved stell'],
    validFrom: '2020-03-01',
    validTo: '2020-08-31',
    approvedAt: approval,
    reviewedAt: null,
    ...o,
  });
  /** The decision as stored now, with its versions (the last is the current). */
  const revised = (versions: DecisionVersion[], o: Partial<DecisionForVerdict> = {}) => {
    const now = versions[versions.length - 1]!;
    return dec({
      id: 'R',
      legalBasis: now.legalBasis,
      measures: now.measures,
      validFrom: now.validFrom,
      validTo: now.validTo,
      approvedAt: now.reviewedAt ?? now.approvedAt,
      versions,
      ...o,
    });
  };

  test('hol. § 9-8: a measure added under the same approval is NOT_YET_APPROVED naming the version and the approval; the approved measure stays VALID', () => {
    const d = revised([v(1), v(2), v(3, { measures: ['fysisk holding ved stell', 'låst kjøleskap'] })]);
    const idx = indexDecisions([d]);
    const added = judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx);
    expect(added.verdict).toBe('NOT_YET_APPROVED');
    expect(added.reason).toMatch(
      /Fylkesmannen's approval of 2020-02-21T00:00:00\+01:00 covers version 1 of decision R \(valid 2020-03-01–2020-08-31, hol-9-5c, "fysisk holding ved stell"; as first stored\); "låst kjøleskap" was added in version 3 \(stored 2020-03-01T11:00:00\+01:00\)/,
    );
    expect(judge(exec('2020-06-01T08:00:00Z'), idx).verdict).toBe('VALID');
    expect(decisionProblems(d)).toEqual([
      expect.stringMatching(/version 3, .* is wider than version 1, .*: "låst kjøleskap" added; hol\. § 9-8/),
    ]);
  });

  test('hol. § 9-8: days outside the approved version (valid_from earlier, valid_to later) are NOT_YET_APPROVED; an execution running past the approved end is partly outside from there', () => {
    const d = revised([v(1), v(2, { validFrom: '2020-02-01', validTo: '2021-01-31' })]);
    const idx = indexDecisions([d]);
    expect(judge(exec('2020-02-15T08:00:00Z'), idx).verdict).toBe('NOT_YET_APPROVED');
    expect(judge(exec('2020-09-01T08:00:00Z'), idx).reason).toMatch(
      /the day 2020-09-01 was added in version 2/,
    );
    expect(judge(exec('2020-08-31T08:00:00Z'), idx).verdict).toBe('VALID');
    // 31 August 23:00 to 1 September 01:00 (CEST): the hour past the approved end is outside.
    const late = judge({ ...exec('2020-08-31T21:00:00Z'), end: at('2020-08-31T23:00:00Z') }, idx);
    expect(late).toMatchObject({ verdict: 'VALID', lastValidDay: '2020-08-31', minutesOutside: 60 });
    expect(late.reason).toMatch(/past 2020-08-31, the last day of the version approved \(version 1/);
    expect(decisionProblems(d)[0]).toMatch(
      /valid from 2020-02-01 \(approved from 2020-03-01\); valid to 2021-01-31 \(approved to 2020-08-31\)/,
    );
  });

  test('hol. § 9-8: another legal basis under the same approval is not approved', () => {
    const d = revised([v(1, { legalBasis: 'hol-9-5b' }), v(2)]);
    const r = judge(exec('2020-06-01T08:00:00Z'), indexDecisions([d]));
    expect(r.verdict).toBe('NOT_YET_APPROVED');
    expect(r.reason).toMatch(/the legal basis hol-9-5c was set in version 2/);
  });

  test('hol. § 9-8: the approval covers the version it was first stored with, not an earlier one without it; a narrowing revision and a new approval need nothing more', () => {
    const wide = ['fysisk holding ved stell', 'låst kjøleskap'];
    // Approved with the second version (the first had none): that version is what it covers.
    const later = revised([
      v(1, { approvedAt: null, measures: ['låst kjøleskap'] }),
      v(2, { measures: wide }),
    ]);
    expect(judge(exec('2020-06-01T08:00:00Z'), indexDecisions([later])).verdict).toBe('VALID');
    // Narrowed: a measure removed, the end earlier.
    const narrowed = revised([v(1, { measures: wide }), v(2, { validTo: '2020-07-31' })]);
    expect(judge(exec('2020-06-01T08:00:00Z'), indexDecisions([narrowed])).verdict).toBe('VALID');
    expect(decisionProblems(narrowed)).toEqual([]);
    // A new approval date with the widened version covers it from then on.
    const reapproved = revised([v(1), v(2, { measures: wide, approvedAt: at('2020-05-31T22:00:00Z') })]);
    const idx = indexDecisions([reapproved]);
    expect(judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx).verdict).toBe('VALID');
    expect(judge(exec('2020-05-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx).reason).toMatch(
      /approved it only on 2020-06-01T00:00:00\+02:00/,
    );
    // The same date again after another: the version first stored with it is what it covers.
    const back = revised([v(1), v(2, { approvedAt: at('2020-05-31T22:00:00Z') }), v(3, { measures: wide })]);
    expect(
      judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), indexDecisions([back])).verdict,
    ).toBe('NOT_YET_APPROVED');
  });

  test('hol. § 9-8: a review recorded with coercion-review covers the version stored when it was recorded', () => {
    const reviewed = at('2020-02-25T23:00:00Z');
    const wide = ['fysisk holding ved stell', 'låst kjøleskap'];
    const d = revised(
      [
        v(1, { approvedAt: null }),
        v(2, { approvedAt: null, reviewedAt: reviewed, reviewOutcome: 'APPROVED' }),
        v(3, { approvedAt: approval, reviewedAt: reviewed, reviewOutcome: 'APPROVED', measures: wide }),
      ],
      { reviewOutcome: 'APPROVED' },
    );
    const r = judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), indexDecisions([d]));
    expect(r.verdict).toBe('NOT_YET_APPROVED');
    expect(r.reason).toMatch(
      /review of 2020-02-26T00:00:00\+01:00 \(recorded with coercion-review\) covers version 2/,
    );
  });

  test('pasient- og brukerrettighetsloven kap. 4A needs no prior approval: a revision is not judged by it', () => {
    const d = revised([
      v(1, { legalBasis: 'pbrl-4A' }),
      v(2, {
        legalBasis: 'pbrl-4A',
        measures: ['fysisk holding ved stell', 'låst kjøleskap'],
        validTo: '2021-02-28',
      }),
    ]);
    const idx = indexDecisions([d]);
    expect(judge(exec('2020-06-01T08:00:00Z', { measure: 'låst kjøleskap' }), idx).verdict).toBe('VALID');
    expect(judge(exec('2020-12-01T08:00:00Z'), idx).verdict).toBe('VALID');
    expect(decisionProblems(d)).toEqual([]);
  });
});

test('withdrawnFrom: pasient- og brukerrettighetsloven §§ 4A-7, 4A-8, a review of a chapter 4A decision takes its measures away from the review on (the chart draws them so; review s44)', () => {
  const review = at('2020-06-01T08:00:00Z');
  const pbrl = (o: Partial<DecisionForVerdict>) =>
    dec({ id: 'P', legalBasis: 'pbrl-4A', approvedAt: review, measures: ['a', 'b'], ...o });
  expect(withdrawnFrom(pbrl({ reviewOutcome: 'REFUSED' }))).toEqual({ at: review, measures: ['a', 'b'] });
  expect(withdrawnFrom(pbrl({ reviewOutcome: 'APPROVED_IN_PART', reviewMeasures: ['a'] }))).toEqual({
    at: review,
    measures: ['b'],
  });
  expect(withdrawnFrom(pbrl({ reviewOutcome: 'APPROVED' }))).toBeNull();
  expect(withdrawnFrom(pbrl({ approvedAt: null }))).toBeNull();
  // hol. § 9-5 b/c: not approved before the review whatever it says (drawn pale throughout).
  expect(withdrawnFrom(dec({ id: 'C', approvedAt: review, reviewOutcome: 'REFUSED' }))).toBeNull();
  // The verdicts it draws: valid before the review, not after.
  const idx = indexDecisions([pbrl({ reviewOutcome: 'REFUSED', measures: ['a'] })]);
  expect(judge(exec('2020-05-31T08:00:00Z', { measure: 'a' }), idx).verdict).toBe('VALID');
  expect(judge(exec('2020-06-02T08:00:00Z', { measure: 'a' }), idx).verdict).toBe('NO_VALID_DECISION');
});

test('pbrl. §§ 4A-7, 4A-8: a chapter 4A decision shortened by a review to a day before the review was valid to the day before the review took effect (a review binds from then, not back)', () => {
  // Valid 2020-03-01–2021-02-28; Statsforvalteren's letter of 1 June 2020 shortens it to 1 May 2020.
  const d = dec({
    id: 'P',
    legalBasis: 'pbrl-4A',
    approvedAt: at('2020-05-31T22:00:00Z'),
    reviewOutcome: 'SHORTENED',
    reviewValidTo: '2020-05-01',
  });
  const idx = indexDecisions([d]);
  // An execution of 15 May 2020, after the shortened day but before the review, is VALID …
  expect(judge(exec('2020-05-15T08:00:00Z'), idx)).toMatchObject({
    verdict: 'VALID',
    lastValidDay: '2020-05-31',
  });
  // … one after the review is not.
  expect(judge(exec('2020-06-02T08:00:00Z'), idx).verdict).toBe('NO_VALID_DECISION');
  // So the decision was valid to 31 May 2020, not to the shortened day (before: '2020-05-01').
  expect(decisionLastValidDay(d).lastValidDay).toBe('2020-05-31');
  // Shortened to a day after the review: the shortened day stands.
  expect(decisionLastValidDay({ ...d, reviewValidTo: '2020-08-31' }).lastValidDay).toBe('2020-08-31');
  // Set aside (REFUSED): the day before the review; a § 9-5 b/c decision refused: none.
  expect(decisionLastValidDay({ ...d, reviewOutcome: 'REFUSED' }).lastValidDay).toBe('2020-05-31');
  expect(
    decisionLastValidDay({ ...d, legalBasis: 'hol-9-5c', reviewOutcome: 'REFUSED' }).lastValidDay,
  ).toBeNull();
});

test('hol. § 9-11: the nemnda approving on a complaint a decision Statsforvalteren refused authorises from its own time, not back; decisionLastValidDay reads the decision as it stands', () => {
  const d = dec({
    id: 'K',
    approvedAt: at('2020-02-25T09:00:00Z'),
    reviewOutcome: 'REFUSED',
    changes: [{ by: 'NEMNDA', at: at('2020-06-10T08:00:00Z'), outcome: 'APPROVED' }],
  });
  const idx = indexDecisions([d]);
  // Before the nemnda: refused, nothing authorised (hol. § 9-8).
  expect(judge(exec('2020-06-01T08:00:00Z'), idx)).toMatchObject({
    verdict: 'NO_VALID_DECISION',
    decisionId: null,
  });
  // From it on: approved (the fylkesnemnda, as the nemnda was named before 2023).
  const after = judge(exec('2020-06-10T09:00:00Z'), idx);
  expect(after).toMatchObject({ verdict: 'VALID', decisionId: 'K' });
  expect(after.reason).toMatch(
    /approved by fylkesnemnda for barnevern og sosiale saker 2020-06-10T10:00:00\+02:00 \(hol\. § 9-11: a change of the approval, binding from then\)/,
  );
  expect(decisionLastValidDay(d)).toEqual({ lastValidDay: '2021-02-28', note: null });
});
