/**
 * Review s32 (the law and the dossier), the rules that need no database: coercion verdicts
 * (subgraphs/coercion/verdict.ts) and the access request's day of receipt
 * (subgraphs/archive/access-request.ts). Each test fails on the code before its fix for the
 * reason its name gives; the comment says what a careful user expects and the rule behind it.
 */
import { AccessRequestInput, deadlineFor } from '../subgraphs/archive/access-request';
import {
  emergencyPatterns,
  indexDecisions,
  judge,
  oneYearLastDay,
  type DecisionForVerdict,
} from '../subgraphs/coercion/verdict';

const at = (iso: string) => new Date(iso);

const decision = (o: Partial<DecisionForVerdict> & { id: string }): DecisionForVerdict => ({
  legalBasis: 'hol-9-5c',
  measures: ['fysisk holding ved stell'],
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
  approvedAt: at('2022-12-20T10:00:00+01:00'),
  aliases: [],
  ...o,
});

test('helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav b, § 9-7: a second emergency within the year a b-decision made at the first would have run is a pattern, also across 29 February (366 days)', () => {
  // The rule (verdict.ts, EMERGENCY_PATTERN): a second § 9-5 a emergency "within 365 days"
  // of the previous one is a pattern, because "365 days is the longest a b-decision could run
  // (§ 9-7), so a b-decision made at the first emergency would have covered the second". A
  // b-decision made on 1 March 2023 runs to 29 February 2024 (validFrom + one year − one day,
  // oneYearLastDay): 366 days. An emergency on that last day was not flagged: 365 × 24 hours
  // from 10:00 on 1 March 2023 end at 10:00 on 29 February 2024.
  expect(oneYearLastDay('2023-03-01')).toBe('2024-02-29');
  const covered = judge(
    {
      measure: 'låst dør',
      start: at('2024-02-29T12:00:00+01:00'),
      recordedDecisionId: null,
      emergencyReported: false,
    },
    indexDecisions([
      decision({
        id: 'B-at-first',
        legalBasis: 'hol-9-5b',
        measures: ['låst dør'],
        validFrom: '2023-03-01',
        validTo: null,
        approvedAt: at('2023-03-01T00:00:00+01:00'),
      }),
    ]),
  );
  expect(covered.verdict).toBe('VALID'); // the premise: a b-decision made at the first covers the second
  const e = (id: string, start: string) => ({
    id,
    measure: 'låst dør',
    start: at(start),
    verdict: 'EMERGENCY_A' as const,
    durationMinutes: 10,
  });
  expect(
    emergencyPatterns([e('E1', '2023-03-01T10:00:00+01:00'), e('E2', '2024-02-29T12:00:00+01:00')]),
  ).toEqual([
    {
      measure: 'låst dør',
      count: 2,
      totalMinutes: 20,
      first: at('2023-03-01T10:00:00+01:00'),
      last: at('2024-02-29T12:00:00+01:00'),
      executionIds: ['E1', 'E2'],
      beganBeforePeriod: false,
    },
  ]);
  // The day after the year is no pattern: the b-decision would have ended the day before.
  expect(
    emergencyPatterns([e('E1', '2023-03-01T10:00:00+01:00'), e('E3', '2024-03-01T12:00:00+01:00')]),
  ).toEqual([]);
});

test('helse- og omsorgstjenesteloven §§ 9-7 and 9-8: an execution that runs past midnight into an approved successor decision for the same measure is not partly outside', () => {
  // A renewed decision (the usual case: one year at a time, hol. § 9-7) covers the minutes
  // after the first one's last day. The report said the execution "ran 20 minutes past the
  // decision's last valid day (partly outside)", a finding of unlawful coercion for minutes a
  // reviewed and approved decision authorised. Where the successor was not yet approved
  // (hol. § 9-8: not executed before the review), the minutes stay outside.
  const d1 = decision({ id: 'D-2023' });
  const d2 = decision({
    id: 'D-2024',
    validFrom: '2024-01-01',
    validTo: '2024-12-31',
    approvedAt: at('2023-12-15T10:00:00+01:00'),
  });
  const e = {
    measure: 'fysisk holding ved stell',
    start: at('2023-12-31T23:40:00+01:00'),
    end: at('2024-01-01T00:20:00+01:00'),
    recordedDecisionId: 'D-2023',
    emergencyReported: false,
  };
  const alone = judge(e, indexDecisions([d1]));
  expect(alone).toMatchObject({ verdict: 'VALID', decisionId: 'D-2023', minutesOutside: 20 });
  const renewed = judge(e, indexDecisions([d1, d2]));
  expect(renewed).toMatchObject({ verdict: 'VALID', decisionId: 'D-2023', minutesOutside: 0 });
  expect(renewed.reason).not.toMatch(/partly outside/);
  const pending = judge(e, indexDecisions([d1, { ...d2, approvedAt: at('2024-01-05T10:00:00+01:00') }]));
  expect(pending.minutesOutside).toBe(20);
});

test('pasient- og brukerrettighetsloven § 4A-5: a decision authorises no execution before it was made (a validFrom dated back does not cover earlier executions)', () => {
  // Chapter 4A coercion needs a decision (vedtak) by the one responsible for the care; its
  // procedural rules "skal sikre at vilkårene i loven er oppfylt før helsehjelpen gis"
  // (Helsedirektoratet's commentary to pbrl. § 4A-5). A decision made on 10 March that states
  // validity from 1 March did not exist on 5 March: an execution then had no decision valid
  // at that moment (DOMAIN.md: "each execution must relate to the decision valid at that
  // moment"). It was judged VALID. (A b/c decision is already held to its approval, which
  // comes after the decision.)
  const d = decision({
    id: 'TVD-4A',
    legalBasis: 'pbrl-4A',
    measures: ['tilbakeholdelse i institusjon'],
    validFrom: '2024-03-01',
    validTo: '2024-08-31',
    approvedAt: null,
    decidedAt: at('2024-03-10T10:00:00+01:00'),
  });
  const ds = indexDecisions([d]);
  const before = judge(
    {
      measure: 'tilbakeholdelse i institusjon',
      start: at('2024-03-05T09:00:00+01:00'),
      recordedDecisionId: 'TVD-4A',
      emergencyReported: false,
    },
    ds,
  );
  expect(before.verdict).toBe('NO_VALID_DECISION');
  expect(before.reason).toMatch(/TVD-4A was made only on 2024-03-10/);
  const after = judge(
    {
      measure: 'tilbakeholdelse i institusjon',
      start: at('2024-03-11T09:00:00+01:00'),
      recordedDecisionId: 'TVD-4A',
      emergencyReported: false,
    },
    ds,
  );
  expect(after.verdict).toBe('VALID');
  // A source that gives only the date of the decision (Gerica's VedtattDato, local midnight)
  // covers that whole day, as an approval date does.
  const sameDay = judge(
    {
      measure: 'tilbakeholdelse i institusjon',
      start: at('2024-03-10T08:00:00+01:00'),
      recordedDecisionId: null,
      emergencyReported: false,
    },
    indexDecisions([{ ...d, decidedAt: at('2024-03-10T00:00:00+01:00') }]),
  );
  expect(sameDay.verdict).toBe('VALID');
});

test('pasient- og brukerrettighetsloven § 5-1 with domstolloven § 148: a receivedAt without an offset is refused, not read in the server’s time zone (it moved the day of receipt and the deadline)', () => {
  // The field is documented "ISO 8601 with offset" (schema/archive.graphql) and the check says
  // so ("must be an ISO 8601 date-time with offset"), but it only asked for a "T": a letter
  // stamped 31 March 2025 23:30 (Oslo) and typed without an offset was read in the server's
  // zone (UTC here: 01:30 on 1 April in Oslo), so the day of receipt became 1 April and the
  // one-month deadline 2 May (1 May is a holiday) instead of 30 April. Bad input gets a clear
  // error (coercion-review --at refuses the same shape).
  expect(deadlineFor('PBRL_5_1', '2025-03-31', 1).deadline).toBe('2025-04-30');
  expect(deadlineFor('PBRL_5_1', '2025-04-01', 1).deadline).toBe('2025-05-02');
  const ok = {
    patientId: 'pt-1',
    patientNationalId: '11823821230',
    patientDeceasedOn: '2024-03-02',
    requesterName: 'Per Aasen',
    requesterNationalId: '03876538341',
    relation: 'NEAREST_RELATIVE',
    receivedAt: '2025-03-31T23:30:00+02:00',
    administrativEnhet: 'Helse- og velferdskontor Byåsen',
  };
  expect(AccessRequestInput.safeParse(ok).success).toBe(true);
  expect(AccessRequestInput.safeParse({ ...ok, receivedAt: '2025-03-31T21:30:00Z' }).success).toBe(true);
  for (const receivedAt of ['2025-03-31T23:30:00', '2025-03-31T23:30', '2025-03-31T23:30:00.000']) {
    const r = AccessRequestInput.safeParse({ ...ok, receivedAt });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['receivedAt']);
  }
});
