import { buildReport, evaluate } from './evaluate';
import type { DecisionWithSources, ExecutionRow, StaffMember } from './store';

const decision: DecisionWithSources = {
  id: 'D1',
  patient_nid: 'n',
  legal_basis: 'hol-9-5c',
  measures: ['låst kjøleskap', 'fysisk holding ved stell'],
  valid_from: '2020-01-01',
  valid_to: '2020-12-31',
  decided_at: new Date('2019-12-01T00:00:00Z'),
  decided_by: null,
  approved_at: new Date('2019-12-20T00:00:00Z'),
  justification: '',
  source_system: 'GERICA',
  source_id: 'D1',
  discrepancies: [],
  sources: [{ system: 'GERICA', id: 'D1', file: null }],
};
let n = 0;
const row = (start: string, minutes: number, measure: string, staff: string[]): ExecutionRow => ({
  id: `E${++n}`,
  patient_nid: 'n',
  recorded_decision_id: null,
  measure,
  start_at: new Date(start),
  end_at: new Date(Date.parse(start) + minutes * 60_000),
  executed_by: staff,
  description: '',
  source_system: 'GERICA',
  source_id: `E${n}`,
  emergency_reported: false,
  recorded_legal_basis: null,
  alternatives_tried: null,
  reported_at: null,
  time_notes: [],
});

test('totals equal the sum of each table; one person under two numbers counts once per execution', () => {
  const rows = [
    row('2020-02-01T08:00:00Z', 10, 'låst kjøleskap', ['10603', '9206184']), // the same person twice
    row('2020-03-01T08:00:00Z', 30, 'fysisk holding ved stell', ['10603', '10588']),
    row('2021-03-01T08:00:00Z', 5, 'fysisk holding ved stell', ['10588']), // after validity
  ];
  const person: StaffMember = { key: 'prac-1', displayId: '9206184', ids: ['10603', '9206184'] };
  const staff = new Map([
    ['10603', person],
    ['9206184', person],
  ]);
  const r = buildReport(evaluate(rows, [decision]), [decision], null, null, staff);
  expect(r.totals).toEqual({
    executions: 3,
    totalMinutes: 45,
    longestMinutes: 30,
    staffParticipations: 4,
    staffMinutes: 75,
  });
  expect(r.byStaff).toEqual([
    { staffId: '10588', staffIds: ['10588'], count: 2, totalMinutes: 35 },
    { staffId: '9206184', staffIds: ['10603', '9206184'], count: 2, totalMinutes: 40 },
  ]);
  const sum = (xs: { count: number; totalMinutes: number }[]) => [
    xs.reduce((a, x) => a + x.count, 0),
    xs.reduce((a, x) => a + x.totalMinutes, 0),
  ];
  for (const t of [r.byVerdict, r.byMeasure, r.byDecision]) expect(sum(t)).toEqual([3, 45]);
  expect(r.byDecision).toEqual([
    { decisionId: 'D1', count: 2, totalMinutes: 40 },
    { decisionId: null, count: 1, totalMinutes: 5 },
  ]);
  expect(r.byMeasure).toEqual([
    { measure: 'fysisk holding ved stell', count: 2, totalMinutes: 35, longestMinutes: 30 },
    { measure: 'låst kjøleskap', count: 1, totalMinutes: 10, longestMinutes: 10 },
  ]);
});
