/**
 * `coercionDecisions { executions }` judges a person's executions once per request, however
 * many of the person's decisions the answer lists (left open at stop 39: each decision judged
 * them all again, D × N judgements for one answer). The same verdicts as before, for each
 * decision. On real PostgreSQL, through the gateway; the judging is counted by wrapping
 * `evaluate` (no timing).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';
import * as evaluateModule from '../subgraphs/coercion/evaluate';

jest.mock('../subgraphs/coercion/evaluate', () => {
  const actual = jest.requireActual('../subgraphs/coercion/evaluate');
  return { ...actual, evaluate: jest.fn(actual.evaluate) };
});
const evaluate = evaluateModule.evaluate as unknown as jest.Mock;

const NID = makeSyntheticNationalId('1970-02-03', 402, true);
let env: TestStack;
let dir: string;
let legal: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  dir = mkdtempSync(join(tmpdir(), 'hs-judged-once-'));
  await insertPatients(env.tdb.db, [
    { id: 'pt-judged', nationalId: NID, familyName: 'Dahl', givenName: 'Dag', birthDate: '1970-02-03' },
  ]);
  const decision = (n: number, from: string, to: string) => ({
    kind: 'decision',
    id: `TVD-J-${n}`,
    patient: NID,
    legalBasis: 'hol-9-5c',
    measures: ['låst dør'],
    validFrom: from,
    validTo: to,
    decidedAt: `${from}T07:00:00+01:00`,
    decidedBy: '9098765',
    approvedByStatsforvalterAt: `${from}T08:00:00+01:00`,
    legacySource: null,
    justification: '',
  });
  const execution = (n: number, day: string, decisionId: string | null) => ({
    kind: 'execution',
    id: `TVG-J-${n}`,
    patient: NID,
    decisionId,
    measure: 'låst dør',
    start: `${day}T10:00:00+01:00`,
    end: `${day}T10:10:00+01:00`,
    executedBy: ['9160033', '10588'],
    reportedAt: `${day}T10:10:00+01:00`,
  });
  const lines = [
    decision(1, '2024-01-01', '2024-01-31'),
    decision(2, '2024-02-01', '2024-02-28'),
    decision(3, '2024-03-01', '2024-03-31'),
    execution(1, '2024-01-10', 'TVD-J-1'),
    execution(2, '2024-02-10', 'TVD-J-2'),
    execution(3, '2024-03-10', 'TVD-J-3'),
    execution(4, '2024-04-10', null),
  ];
  writeFileSync(join(dir, 'Coercion.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(env.tdb.db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  legal = await env.stack.matterToken(
    {
      id: 'M-judged-once',
      title: 'Tvangssak',
      purpose: 'LEGAL_PROCEEDINGS',
      nationalIds: [NID],
      periodFrom: null,
      periodTo: null,
    },
    { sub: 'jurist-judged' },
  );
}, 120_000);

afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("helse- og omsorgstjenesteloven § 9-5: a person's executions are judged once for all of the person's decisions in one answer, each decision covering the same executions as when asked alone", async () => {
  const q = `query ($nid: String!) { patientByNationalId(nationalId: $nid) { coercionDecisions { id executions { id verdict } } } }`;
  evaluate.mockClear();
  const r = await gql(env.stack.gateway.url, q, { token: legal, variables: { nid: NID } });
  expect(r.body.errors).toBeUndefined();
  const decisions = r.body.data.patientByNationalId.coercionDecisions as {
    id: string;
    executions: { id: string; verdict: string }[];
  }[];
  expect(decisions.map((d) => d.id)).toEqual(['TVD-J-1', 'TVD-J-2', 'TVD-J-3']);
  expect(decisions.map((d) => d.executions.map((e) => e.id))).toEqual([
    ['TVG-J-1'],
    ['TVG-J-2'],
    ['TVG-J-3'],
  ]);
  expect(evaluate).toHaveBeenCalledTimes(1);
});
