import { indexDecisions, judge, type DecisionForVerdict } from './verdict';

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
