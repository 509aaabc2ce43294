/**
 * Review s41 (the law of coercion records), the rules that need no database: verdicts
 * (subgraphs/coercion/verdict.ts) and the report built over them (evaluate.ts). Each test fails
 * on the code before its fix for the reason its name gives; the comment says what a
 * Statsforvalter or a court reading the record expects, and the rule behind it.
 */
import { buildReport, evaluate } from '../subgraphs/coercion/evaluate';
import { renderReportSvg } from '../subgraphs/coercion/report-svg';
import type { DecisionWithSources, ExecutionRow } from '../subgraphs/coercion/store';
import {
  decisionProblems,
  indexDecisions,
  judge,
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

test('helse- og omsorgstjenesteloven § 9-8: an approval dated before the decision was made is no approval of it (the execution was VALID)', () => {
  // hol. § 9-8: a b/c decision is sent to Statsforvalteren for review (overprøving) and may not
  // be carried out before it is reviewed and approved. Statsforvalteren reviews a decision that
  // exists: an approval dated 1 December for a decision made on 10 January is a wrong date in
  // the record (most likely the previous decision's approval carried over), not the review of
  // this one. The verdict read it as the approval and judged an execution on 15 January VALID,
  // telling a court that Statsforvalteren had approved a decision it had not seen. Such an
  // approval is a decision problem (reported), and the decision is treated as not yet approved.
  const d = decision({
    id: 'V-2023-010',
    decidedAt: at('2023-01-10T00:00:00+01:00'),
    approvedAt: at('2022-12-01T00:00:00+01:00'),
  });
  const r = judge(
    {
      measure: 'fysisk holding ved stell',
      start: at('2023-01-15T10:00:00+01:00'),
      recordedDecisionId: 'V-2023-010',
      emergencyReported: false,
    },
    indexDecisions([d]),
  );
  expect(r.verdict).toBe('NOT_YET_APPROVED');
  expect(r.reason).toMatch(/approval .*2022-12-01.* before the decision was made .*2023-01-10/);
  expect(decisionProblems(d)).toEqual([expect.stringMatching(/hol\. § 9-8/)]);
  // An approval on the day the decision was made is one (Gerica gives both as dates).
  const sameDay = judge(
    {
      measure: 'fysisk holding ved stell',
      start: at('2023-01-15T10:00:00+01:00'),
      recordedDecisionId: null,
      emergencyReported: false,
    },
    indexDecisions([
      { ...d, decidedAt: at('2023-01-10T14:00:00+01:00'), approvedAt: at('2023-01-10T00:00:00+01:00') },
    ]),
  );
  expect(sameDay.verdict).toBe('VALID');
});

test('helse- og omsorgstjenesteloven § 9-5 tredje ledd bokstav a, § 9-7: an execution registered under the emergency record of another measure is not marked an emergency by it (it was EMERGENCY_A)', () => {
  // Helseplattformen marks a § 9-5 a emergency by registering the execution under a hol-9-5a
  // record: the written record (beslutning, § 9-7) of the emergency, naming the measure used.
  // An execution of "fysisk holding" registered under the record of a locked door is not
  // recorded as an emergency use of fysisk holding: no beslutning names that measure. It was
  // EMERGENCY_A (reported, possibly lawful) whatever the measure; like an execution registered
  // under a b/c decision that does not cover it, it has no valid decision, and the reason says
  // why the record does not fit.
  const a = decision({
    id: 'TVD-A1',
    legalBasis: 'hol-9-5a',
    measures: ['låst dør'],
    validFrom: '2023-04-01',
    validTo: '2023-04-01',
    approvedAt: null,
  });
  const ds = indexDecisions([a]);
  const otherMeasure = judge(
    {
      measure: 'fysisk holding',
      start: at('2023-04-01T12:10:00+02:00'),
      recordedDecisionId: 'TVD-A1',
      emergencyReported: false,
    },
    ds,
  );
  expect(otherMeasure.verdict).toBe('NO_VALID_DECISION');
  expect(otherMeasure.reason).toMatch(/TVD-A1 does not record "fysisk holding"/);
  // The measure it records: the emergency marking.
  const own = judge(
    {
      measure: 'låst dør',
      start: at('2023-04-01T12:10:00+02:00'),
      recordedDecisionId: 'TVD-A1',
      emergencyReported: false,
    },
    ds,
  );
  expect(own.verdict).toBe('EMERGENCY_A');
  expect(own.reason).toMatch(/registered under the § 9-5 a emergency record TVD-A1/);
});

// ---------------------------------------------------------------- the report's timeline

const row = (o: Partial<DecisionWithSources> & { id: string }): DecisionWithSources => ({
  patient_nid: 'n',
  legal_basis: 'hol-9-5c',
  measures: ['låst kjøleskap'],
  valid_from: '2023-01-01',
  valid_to: '2023-12-31',
  decided_at: at('2022-12-01T00:00:00+01:00'),
  decided_by: null,
  approved_at: null,
  justification: '',
  source_system: 'GERICA',
  source_id: o.id,
  discrepancies: [],
  sources: [{ system: 'GERICA', id: o.id, file: null }],
  ...o,
});
const execution = (id: string, start: string): ExecutionRow => ({
  id,
  patient_nid: 'n',
  recorded_decision_id: null,
  measure: 'låst kjøleskap',
  start_at: at(start),
  end_at: new Date(Date.parse(start) + 10 * 60_000),
  executed_by: ['1000001', '1000002'],
  description: '',
  source_system: 'GERICA',
  source_id: id,
  emergency_reported: false,
  recorded_legal_basis: null,
  alternatives_tried: null,
  reported_at: null,
  time_notes: [],
});

test("helse- og omsorgstjenesteloven § 9-8: the report's timeline shows Statsforvalteren's review as recorded with coercion-review (an approval was drawn as none, a refusal as an approval)", () => {
  // The timeline (and the SVG drawn from it: the decision's bar pale "ikke godkjent ennå" until
  // approved) read only the source's approval date. A decision the source gives no approval
  // date for, whose approval an operator recorded from Statsforvalteren's letter
  // (coercion-review --outcome APPROVED), was drawn as never approved beside executions judged
  // VALID under that approval; a decision Statsforvalteren refused was drawn as approved from
  // the source's date. CoercionDecision.approvedByStatsforvalterAt already said otherwise.
  const approvedByLetter = row({
    id: 'V-LETTER',
    reviewed_at: at('2022-12-20T00:00:00+01:00'),
    review_outcome: 'APPROVED',
  });
  const refused = row({
    id: 'V-REFUSED',
    measures: ['låst dør'],
    approved_at: at('2022-12-15T00:00:00+01:00'),
    reviewed_at: at('2022-12-15T00:00:00+01:00'),
    review_outcome: 'REFUSED',
  });
  const ds = [approvedByLetter, refused];
  const evaluated = evaluate([execution('E1', '2023-03-01T10:00:00+01:00')], ds);
  expect(evaluated[0]!.verdict).toBe('VALID');
  const report = buildReport(evaluated, ds, '2023-01-01', '2023-12-31');
  const shown = Object.fromEntries(
    report.timeline.decisions.map((d) => [d.decisionId, d.approvedByStatsforvalterAt]),
  );
  expect(shown).toEqual({ 'V-LETTER': '2022-12-20T00:00:00+01:00', 'V-REFUSED': null });
});

test("helse- og omsorgstjenesteloven § 9-7: the report's SVG draws a decision without an end date to the last day it authorises, one year, not to the chart's end", () => {
  // A b/c decision runs at most one year (hol. § 9-7); with no end date it is treated as ending
  // validFrom + one year − one day, and the executions after that are NO_VALID_DECISION. The
  // SVG (the A4 exhibit of the report) drew its bar, approved blue, to the end of the chart:
  // over a two-year report, a red tick of an execution without a valid decision stood on a bar
  // saying a decision authorised it. The timeline gives the last valid day as judged, and the
  // bar ends there.
  const open = row({
    id: 'V-OPEN',
    valid_to: null,
    approved_at: at('2022-12-20T00:00:00+01:00'),
  });
  const evaluated = evaluate(
    [execution('E1', '2023-03-01T10:00:00+01:00'), execution('E2', '2024-03-01T10:00:00+01:00')],
    [open],
  );
  expect(evaluated.map((e) => e.verdict)).toEqual(['VALID', 'NO_VALID_DECISION']);
  const report = buildReport(evaluated, [open], '2023-01-01', '2024-12-31');
  expect(report.timeline.decisions[0]).toMatchObject({ validTo: null, lastValidDay: '2023-12-31' });
  const svg = renderReportSvg(report);
  const ends = [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="10" fill="#[0-9a-f]+"><title>V-OPEN /g,
    ),
  ].map((m) => Number(m[1]) + Number(m[2]));
  const tick2024 = Number(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">2024<\/text>/.exec(svg)![1]);
  expect(ends.length).toBeGreaterThan(0);
  expect(Math.max(...ends)).toBeLessThanOrEqual(tick2024 + 0.5);
});
