/**
 * Review s42 (decided by the lead), through the real importers, the gateway and PostgreSQL:
 *
 * 1. A coercion decision without an end date (helse- og omsorgstjenesteloven § 9-7: a b/c
 *    decision at most one year; pasient- og brukerrettighetsloven § 4A-5: at most one year) is
 *    valid at most one year from its first day, counted in Oslo calendar days: an execution after
 *    that has no valid decision from it, the reason naming it (NO_END_DATE_LAPSED), and the
 *    decision belongs to no later matter period (it overlapped every later one). A basis with no
 *    statutory limit (psykisk helsevernloven § 4-8) keeps its open end.
 * 2. A bundle claim file left by a crashed process is taken over (bundle/write.ts).
 * 3. An approval date the source replaces keeps covering the decision version it approved
 *    (hol. § 9-8).
 * 4. The dossier shows the earlier versions (`history`) of coercion decisions and executions,
 *    care contacts, service decisions, saksmapper and journalposter, under each record's own
 *    access rule (the owner's), as it showed a note's.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import {
  hpEncounter,
  hpPatient,
  hpPatientRecord,
  recordKeeperTokens,
  writeHpExport,
} from '../dev/hp-records';
import { verifyBundle } from '../lib/bundle/verify';
import { writeBundle } from '../lib/bundle/write';
import { BundleInputError } from '../lib/bundle/withhold';
import type { BundleItem } from '../lib/bundle/types';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { insertPatients } from '../subgraphs/journal/store';

const NID = makeSyntheticNationalId('1961-04-17', 421, false);

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-s42-'));
  ts = await startPostgresTestStack();
  await insertPatients(ts.tdb.db, [
    { id: 'pt-s42', nationalId: NID, familyName: 'Test', givenName: 'S42', birthDate: '1961-04-17' },
  ]);
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

/** A legal user's token on a matter over the person in `from`..`to`. */
const legal = (id: string, from: string | null = null, to: string | null = null) =>
  ts.stack.matterToken(
    { id, nationalIds: [NID], periodFrom: from, periodTo: to, purpose: 'LEGAL_PROCEEDINGS' },
    { sub: `jurist-${id}` },
  );

const decision = (o: Record<string, unknown>) => ({
  kind: 'decision',
  patient: NID,
  legalBasis: 'hol-9-5c',
  validTo: null,
  decidedBy: '9098765',
  approvedByStatsforvalterAt: null,
  legacySource: null,
  justification: '',
  ...o,
});
const execution = (id: string, decisionId: string | null, measure: string, start: string, end: string) => ({
  kind: 'execution',
  id,
  patient: NID,
  decisionId,
  measure,
  start,
  end,
  executedBy: ['9160033', '10588'],
  reportedAt: end,
});

async function hpExport(name: string, lines: Record<string, unknown>[]) {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(ts.tdb.db, path);
  expect(s!.quarantined).toEqual([]);
}

// ------------------------------------------------------------------ 1. no end date

describe('a coercion decision without an end date runs one year at most', () => {
  beforeAll(async () => {
    await hpExport('Coercion.ndjson', [
      // pbrl. § 4A-5: first day 30 October 2022 (the day summer time ended), no end date: valid
      // to 29 October 2023 (again the day summer time ended).
      decision({
        id: 'TVD-S42-P',
        legalBasis: 'pbrl-4A',
        measures: ['holding ved tannpuss'],
        validFrom: '2022-10-30',
        decidedAt: '2022-10-28T10:00:00+02:00',
      }),
      // hol. § 9-7 (c): first day 26 March 2023 (summer time began), approved, no end date: valid
      // to 25 March 2024.
      decision({
        id: 'TVD-S42-C',
        legalBasis: 'hol-9-5c',
        measures: ['låst kjøleskap'],
        validFrom: '2023-03-26',
        decidedAt: '2023-03-10T10:00:00+01:00',
        approvedByStatsforvalterAt: '2023-03-20T00:00:00+01:00',
      }),
      // phvl. § 4-8: no statutory limit on the record's period; its open end stays open.
      decision({
        id: 'TVD-S42-H',
        legalBasis: 'phvl-4-8',
        measures: ['mekanisk tvangsmiddel'],
        validFrom: '2022-01-10',
        decidedAt: '2022-01-10T09:00:00+01:00',
      }),
      // The last evening of the year (23:30 Oslo, 22:30Z) and just after its midnight (00:30
      // Oslo, still 29 October in UTC).
      execution(
        'TVG-S42-P1',
        'TVD-S42-P',
        'holding ved tannpuss',
        '2023-10-29T23:30:00+01:00',
        '2023-10-29T23:40:00+01:00',
      ),
      execution(
        'TVG-S42-P2',
        'TVD-S42-P',
        'holding ved tannpuss',
        '2023-10-30T00:30:00+01:00',
        '2023-10-30T00:40:00+01:00',
      ),
      // Registered under no decision (HP says nothing of an emergency): the lapsed decision is named.
      execution(
        'TVG-S42-P3',
        null,
        'holding ved tannpuss',
        '2023-11-15T10:00:00+01:00',
        '2023-11-15T10:10:00+01:00',
      ),
      execution(
        'TVG-S42-C1',
        'TVD-S42-C',
        'låst kjøleskap',
        '2024-03-25T23:45:00+01:00',
        '2024-03-25T23:50:00+01:00',
      ),
      execution(
        'TVG-S42-C2',
        'TVD-S42-C',
        'låst kjøleskap',
        '2024-03-26T00:15:00+01:00',
        '2024-03-26T00:20:00+01:00',
      ),
    ]);
  });

  const EXECUTIONS = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
    coercionExecutions { id verdict verdictReason decision { id } } } }`;
  const DECISIONS = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
    coercionDecisions { id lastValidDay } coercionReport { timeline { decisions { decisionId } } } } }`;

  test('helse- og omsorgstjenesteloven § 9-7 and pasient- og brukerrettighetsloven § 4A-5: a decision with no end date is valid to its first day + one year − one day (Oslo dates, across a DST change): an execution on the last evening is VALID, one just after the Oslo midnight is NO_VALID_DECISION and the reason says the decision had no end date and lapsed after one year (NO_END_DATE_LAPSED)', async () => {
    const token = await legal('s42-all');
    const { body } = await call(token, EXECUTIONS, { nid: NID });
    expect(body.errors).toBeUndefined();
    const byId = Object.fromEntries(
      body.data.patientByNationalId.coercionExecutions.map((e: { id: string }) => [e.id, e]),
    );
    expect(byId['TVG-S42-P1'].verdict).toBe('VALID');
    expect(byId['TVG-S42-C1'].verdict).toBe('VALID');
    expect(byId['TVG-S42-P2'].verdict).toBe('NO_VALID_DECISION');
    expect(byId['TVG-S42-C2'].verdict).toBe('NO_VALID_DECISION');
    expect(byId['TVG-S42-P2'].verdictReason).toMatch(
      /the recorded decision TVD-S42-P \(pbrl-4A, valid from 2022-10-30\) states no end date and lapsed after 2023-10-29 \(NO_END_DATE_LAPSED: pbrl\. § 4A-5 /,
    );
    expect(byId['TVG-S42-C2'].verdictReason).toMatch(
      /the recorded decision TVD-S42-C \(hol-9-5c, valid from 2023-03-26\) states no end date and lapsed after 2024-03-25 \(NO_END_DATE_LAPSED: hol\. § 9-7 /,
    );
    expect(byId['TVG-S42-P3'].verdict).toBe('UNDETERMINED');
    expect(byId['TVG-S42-P3'].verdictReason).toMatch(
      /no decision authorising "holding ved tannpuss" was valid on 2023-11-15; decision TVD-S42-P \(pbrl-4A, valid from 2022-10-30\) states no end date and lapsed after 2023-10-29 \(NO_END_DATE_LAPSED/,
    );
  });

  test('helse- og omsorgstjenesteloven § 9-7 and pasient- og brukerrettighetsloven § 4A-5 with pasientjournalloven § 22: a decision with no end date belongs to no matter period after its one year (it reached every later matter); a period reaching its last day still reads it; a phvl. § 4-8 decision (no statutory limit) keeps its open end', async () => {
    // A matter from the day after the c decision lapsed.
    const later = await legal('s42-later', '2024-03-26', '2024-12-31');
    const { body } = await call(later, DECISIONS, { nid: NID });
    expect(body.errors).toBeUndefined();
    const p = body.data.patientByNationalId;
    expect(p.coercionDecisions.map((d: { id: string }) => d.id)).toEqual(['TVD-S42-H']);
    expect(p.coercionReport.timeline.decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([
      'TVD-S42-H',
    ]);
    // The execution after the year is in the matter; the decision it names is not.
    const ex = await call(later, EXECUTIONS, { nid: NID });
    expect(ex.body.errors).toBeUndefined();
    expect(ex.body.data.patientByNationalId.coercionExecutions).toEqual([
      expect.objectContaining({ id: 'TVG-S42-C2', verdict: 'NO_VALID_DECISION', decision: null }),
    ]);
    // A matter reaching the last day reads it, and its lastValidDay.
    const reaching = await legal('s42-reaching', '2024-03-25', '2024-12-31');
    const r = await call(reaching, DECISIONS, { nid: NID });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patientByNationalId.coercionDecisions).toEqual([
      { id: 'TVD-S42-H', lastValidDay: null },
      { id: 'TVD-S42-C', lastValidDay: '2024-03-25' },
    ]);
  });
});

// ------------------------------------------------------------------ 2. a crashed build's claim

describe('a bundle claim left by a crashed build', () => {
  const request = {
    matter: 'M-2026-042',
    requester: 'Advokat Berg',
    purpose: 'LEGAL_PROCEEDINGS',
    subject: 'pt-s42',
    window: { from: '2023-01-01', to: '2024-12-31' },
    query: 'tvang',
  };
  const builder = { userId: 'jurist-s42', role: 'legal', requestId: 'req-s42', via: 'test' };
  const one: BundleItem = {
    id: 'je-1',
    kind: 'journal_entry',
    date: '2023-10-29T23:30:00+01:00',
    sourceSystem: 'HELSEPLATTFORMEN',
    sourceId: '1',
    title: 'Notat',
    text: 'Holding ved tannpuss.',
    provenance: [],
    concepts: [],
  };
  async function* items() {
    yield one;
  }
  const completeness = { summary: 'Alt søkt.', sources: [], notes: [] };
  const build = (out: string) => writeBundle({ request, builder, items: items(), completeness, out });

  /** The pid of a process that has exited (a crashed build's). */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

  /** What a build that crashed after claiming `out` left: its claim and its build folder with a partial ZIP. */
  function crashedBuild(folder: string, name: string, claim: Record<string, unknown> | string) {
    const build = join(folder, `.bundle-${name}-CRASH1`);
    mkdirSync(build);
    writeFileSync(join(build, `${name}.partial`), 'PK partial zip of the crashed build');
    writeFileSync(
      join(folder, `.bundle-${name}.claim`),
      typeof claim === 'string' ? claim : JSON.stringify({ build, ...claim }) + '\n',
    );
    return build;
  }

  test('a claim left by a crashed build on this host (its process gone) is taken over: the bundle is built, the crashed build folder (partial output) and its claim are kept aside, never deleted (the path was refused for good)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hs-s42-claim-'));
    try {
      const out = join(folder, 'bundle.zip');
      const pid = deadPid();
      crashedBuild(folder, 'bundle.zip', {
        bundleId: 'crashed-1',
        pid,
        host: hostname(),
        startedAt: '2026-12-05T01:00:00.000Z',
      });
      const r = await build(out);
      expect(r.path).toBe(out);
      expect((await verifyBundle(out)).ok).toBe(true);
      const left = readdirSync(folder).sort();
      const aside = `.bundle-bundle.zip.crashed-20261205T010000000Z-${pid}`;
      expect(left).toEqual(['bundle.zip', aside, `${aside}.claim`].sort());
      expect(readFileSync(join(folder, aside, 'bundle.zip.partial'), 'utf8')).toBe(
        'PK partial zip of the crashed build',
      );
      expect(JSON.parse(readFileSync(join(folder, `${aside}.claim`), 'utf8'))).toMatchObject({
        bundleId: 'crashed-1',
        pid,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a claim of a running process, of another host, or without its holder is refused naming the file; a crashed claim never lets a build replace a finished bundle at the path', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hs-s42-claim-'));
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const cases: [string, Record<string, unknown> | string][] = [
        [
          'live.zip',
          { bundleId: 'b', pid: sleeper.pid, host: hostname(), startedAt: '2026-12-05T01:00:00.000Z' },
        ],
        ['other-host.zip', { bundleId: 'b', pid: deadPid(), host: `not-${hostname()}`, startedAt: 'x' }],
        ['old.zip', 'a-bundle-id\n'],
      ];
      for (const [name, claim] of cases) {
        crashedBuild(folder, name, claim);
        const err = await build(join(folder, name)).catch((e) => e);
        expect(err).toBeInstanceOf(BundleInputError);
        expect((err as Error).message).toContain(`.bundle-${name}.claim`);
        expect(existsSync(join(folder, name))).toBe(false);
        expect(existsSync(join(folder, `.bundle-${name}-CRASH1`, `${name}.partial`))).toBe(true);
      }
      // Crashed after publishing (the claim not yet removed): the finished bundle stays as it is.
      const done = join(folder, 'done.zip');
      writeFileSync(done, 'the finished bundle given out');
      crashedBuild(folder, 'done.zip', { bundleId: 'b', pid: deadPid(), host: hostname(), startedAt: 'y' });
      const err = await build(done).catch((e) => e);
      expect(err).toBeInstanceOf(BundleInputError);
      expect(readFileSync(done, 'utf8')).toBe('the finished bundle given out');
    } finally {
      sleeper.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

// ------------------------------------------------------------------ 3. a replaced approval date

describe('an approval date the source replaces', () => {
  const first = decision({
    id: 'TVD-S42-A',
    legalBasis: 'hol-9-5c',
    measures: ['låst skap'],
    validFrom: '2023-01-01',
    validTo: '2023-06-30',
    decidedAt: '2022-12-01T10:00:00+01:00',
    approvedByStatsforvalterAt: '2022-12-20T00:00:00+01:00',
  });
  const executions = [
    execution(
      'TVG-S42-A1',
      'TVD-S42-A',
      'låst skap',
      '2023-03-01T10:00:00+01:00',
      '2023-03-01T10:10:00+01:00',
    ),
    execution(
      'TVG-S42-A2',
      'TVD-S42-A',
      'låst kjøleskap',
      '2023-03-02T10:00:00+01:00',
      '2023-03-02T10:10:00+01:00',
    ),
    execution(
      'TVG-S42-A3',
      'TVD-S42-A',
      'låst skap',
      '2023-05-02T10:00:00+02:00',
      '2023-05-02T10:10:00+02:00',
    ),
    execution(
      'TVG-S42-A4',
      'TVD-S42-A',
      'låst skap',
      '2023-08-15T10:00:00+02:00',
      '2023-08-15T10:10:00+02:00',
    ),
  ];
  const QUERY = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
    coercionExecutions(from: "2023-01-01", to: "2023-12-31") { id verdict verdictReason }
    coercionReport(from: "2023-01-01", to: "2023-12-31") { timeline { executions { executionId verdict } } } } }`;
  async function verdicts() {
    const { body } = await call(await legal('s42-appr'), QUERY, { nid: NID });
    expect(body.errors).toBeUndefined();
    const p = body.data.patientByNationalId;
    const listed = p.coercionExecutions.filter((e: { id: string }) => e.id.startsWith('TVG-S42-A'));
    // The report judges alike.
    expect(
      Object.fromEntries(
        p.coercionReport.timeline.executions
          .filter((e: { executionId: string }) => e.executionId.startsWith('TVG-S42-A'))
          .map((e: { executionId: string; verdict: string }) => [e.executionId, e.verdict]),
      ),
    ).toEqual(Object.fromEntries(listed.map((e: { id: string; verdict: string }) => [e.id, e.verdict])));
    return Object.fromEntries(listed.map((e: { id: string }) => [e.id, e])) as Record<
      string,
      { verdict: string; verdictReason: string }
    >;
  }

  test('helse- og omsorgstjenesteloven § 9-8 with § 9-5 tredje ledd c: an approval covers the decision version it approved; when a later export replaces the approval date, the executions that version stated before the new date keep their cover (they lost it: NOT_YET_APPROVED), what the revision added is approved from the new date only', async () => {
    await hpExport('Coercion-approval.ndjson', [first, ...executions]);
    const before = await verdicts();
    expect(Object.fromEntries(Object.entries(before).map(([id, e]) => [id, e.verdict]))).toEqual({
      'TVG-S42-A1': 'VALID',
      'TVG-S42-A2': 'NO_VALID_DECISION',
      'TVG-S42-A3': 'VALID',
      'TVG-S42-A4': 'NO_VALID_DECISION',
    });
    // The municipality adds a measure and extends the period; Statsforvalteren approves the new
    // version on 10 April 2023, and the export now carries that date in place of 20 December 2022.
    await hpExport('Coercion-approval.ndjson', [
      {
        ...first,
        measures: ['låst skap', 'låst kjøleskap'],
        validTo: '2023-12-31',
        approvedByStatsforvalterAt: '2023-04-10T00:00:00+02:00',
      },
      ...executions,
    ]);
    const after = await verdicts();
    expect(Object.fromEntries(Object.entries(after).map(([id, e]) => [id, e.verdict]))).toEqual({
      'TVG-S42-A1': 'VALID',
      'TVG-S42-A2': 'NOT_YET_APPROVED',
      'TVG-S42-A3': 'VALID',
      'TVG-S42-A4': 'VALID',
    });
    expect(after['TVG-S42-A1']!.verdictReason).toMatch(
      /approved by Statsforvalteren 2022-12-20T00:00:00\+01:00: that approval covers version 1 of decision TVD-S42-A \(valid 2023-01-01–2023-06-30, "låst skap"; as first stored\), which stated this; the source replaced its date with 2023-04-10T00:00:00\+02:00 in version 2 \(stored .*\), and a replaced approval still covers the version it approved \(hol\. § 9-8\)/,
    );
    expect(after['TVG-S42-A2']!.verdictReason).toMatch(/approved it only on 2023-04-10T00:00:00\+02:00/);
    expect(after['TVG-S42-A4']!.verdictReason).toMatch(
      /approved by Statsforvalteren 2023-04-10T00:00:00\+02:00/,
    );
    // An approval the source removes (no date now) covers nothing: no earlier approval is kept for it.
    await hpExport('Coercion-approval.ndjson', [
      {
        ...first,
        measures: ['låst skap', 'låst kjøleskap'],
        validTo: '2023-12-31',
        approvedByStatsforvalterAt: null,
      },
      ...executions,
    ]);
    const removed = await verdicts();
    expect(Object.values(removed).map((e) => e.verdict)).toEqual([
      'NOT_YET_APPROVED',
      'NOT_YET_APPROVED',
      'NOT_YET_APPROVED',
      'NOT_YET_APPROVED',
    ]);
  });
});

// ------------------------------------------------------------------ 4. history in the dossier

describe('the dossier shows earlier versions', () => {
  const DOSSIER = `query ($p: ID!) { dossier(patientId: $p, window: { from: "2023-01-01", to: "2023-12-31" }) {
    items { id provenance { corrections { at by reason change earlierText } } } } }`;
  const corrections = async (token: string) => {
    const { body } = await call(token, DOSSIER, { p: 'pt-s42' });
    expect(body.errors).toBeUndefined();
    return Object.fromEntries(
      body.data.dossier.items.map((i: { id: string; provenance: { corrections: unknown[] } }) => [
        i.id,
        i.provenance.corrections,
      ]),
    ) as Record<
      string,
      { at: string; by: string; reason: string; change: string; earlierText: string | null }[]
    >;
  };

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a coercion decision and execution a later export changed show their earlier versions in the dossier (what each said, when, by what, why), under the record’s own access: a matter period the earlier version does not reach leaves it out', async () => {
    // After the exports of the test above (TVD-S42-A: approval 20 December 2022, replaced by 10
    // April 2023 with a measure added and the period extended, then removed), a later export
    // corrects TVG-S42-A1's description.
    const base = {
      ...decision({
        id: 'TVD-S42-A',
        legalBasis: 'hol-9-5c',
        measures: ['låst skap', 'låst kjøleskap'],
        validFrom: '2023-01-01',
        validTo: '2023-12-31',
        decidedAt: '2022-12-01T10:00:00+01:00',
      }),
    };
    const a1 = (description?: string) => ({
      ...execution(
        'TVG-S42-A1',
        'TVD-S42-A',
        'låst skap',
        '2023-03-01T10:00:00+01:00',
        '2023-03-01T10:10:00+01:00',
      ),
      ...(description ? { description } : {}),
    });
    await hpExport('Coercion-approval.ndjson', [base, a1('Skapet var låst hele formiddagen.')]);
    await hpExport('Coercion-approval.ndjson', [base, a1('Skapet var låst i ti minutter.')]);

    const all = await corrections(await legal('s42-dossier'));
    const d = all['COERCION_DECISION:TVD-S42-A']!;
    expect(d.map((c) => [c.by, c.reason])).toEqual([
      ['import', expect.any(String)],
      ['import', expect.any(String)],
    ]);
    expect(d[0]!.change).toMatch(
      /^version 1: .*measures: låst skap.*valid to: 2023-06-30.*approved by Statsforvalteren: 2022-12-20T00:00:00\+01:00/,
    );
    expect(d[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT.*[+-]\d\d:\d\d$/);
    const x = all['COERCION_EXECUTION:TVG-S42-A1']!;
    expect(x.at(-1)).toMatchObject({
      by: 'import',
      earlierText: 'Skapet var låst hele formiddagen.',
      change: expect.stringMatching(/^version \d+: .*description: Skapet var låst hele formiddagen\./),
    });

    // A matter from 1 July 2023: version 1 (valid 2023-01-01–2023-06-30) is not in its period.
    const token = await ts.stack.matterToken(
      {
        id: 's42-dossier-h2',
        nationalIds: [NID],
        periodFrom: '2023-07-01',
        periodTo: '2023-12-31',
        purpose: 'LEGAL_PROCEEDINGS',
      },
      { sub: 'jurist-s42-dossier-h2' },
    );
    const { body } = await call(token, DOSSIER.replace('2023-01-01', '2023-07-01'), { p: 'pt-s42' });
    expect(body.errors).toBeUndefined();
    const h2 = body.data.dossier.items.find((i: { id: string }) => i.id === 'COERCION_DECISION:TVD-S42-A')
      .provenance.corrections as { change: string }[];
    expect(h2.some((c) => /^version 1:/.test(c.change))).toBe(false);
    expect(h2.length).toBe(d.length - 1);
  });

  test('pasientjournalloven § 22, arkivlova § 5: a care contact a later HP export moved, and a saksmappe and journalpost whose tittel an archivist changed, show their earlier versions in the dossier, when, by whom and why (only a note’s were shown)', async () => {
    const patient = hpPatient('pt-s42-cc', '1946-06-06', 44);
    const ccNid = patient.identifier[0]!.value;
    const encounter = (period: object) => ({ ...hpEncounter('enc-s42-1', 'pt-s42-cc'), period });
    for (const [name, start, end] of [
      ['hp-s42-1', '2022-03-01T09:00:00+01:00', '2022-03-01T10:00:00+01:00'],
      ['hp-s42-2', '2022-03-02T09:00:00+01:00', '2022-03-02T11:00:00+01:00'],
    ] as const)
      await runImport(
        ts.tdb.db,
        'hp',
        writeHpExport(dir, name, { Patient: [patient], Encounter: [encounter({ start, end })] }),
      );
    const patientId = await hpPatientRecord(ts.tdb.db, 'pt-s42-cc');
    const extract = generateNoarkExtract({
      seed: 42,
      saksmapper: 1,
      clients: [{ nationalId: ccNid, name: 'Sigrid Versjonsen' }],
    });
    const noark = join(dir, 'noark');
    for (const f of extract.files) {
      mkdirSync(dirname(join(noark, f.path)), { recursive: true });
      writeFileSync(join(noark, f.path), f.content);
    }
    await importNoark(ts.tdb.db, noark);
    const sak = extract.facts.saksmapper[0]!;
    const jp = extract.facts.journalposter.find((j) => j.registreringsId.startsWith(`${sak.mappeId}-`))!;
    const { archivist } = await recordKeeperTokens(ts.stack, 's42');
    for (const [id, tittel] of [
      [sak.id, 'Sak om avlastning (rettet tittel)'],
      [jp.id, 'Søknad om avlastning (rettet tittel)'],
    ] as const) {
      const r = await call(
        archivist,
        `mutation ($id: ID!, $t: String!) { changeTittel(id: $id, tittel: $t) { id } }`,
        { id, t: tittel },
      );
      expect(r.body.errors).toBeUndefined();
    }

    const token = await ts.stack.matterToken(
      { id: 's42-dossier-cc', nationalIds: [ccNid], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-dossier-cc' },
    );
    const { body } = await call(
      token,
      `query ($p: ID!) { dossier(patientId: $p) { items { id provenance { corrections { at by reason change earlierText } } } } }`,
      { p: patientId },
    );
    expect(body.errors).toBeUndefined();
    const items = Object.fromEntries(
      body.data.dossier.items.map((i: { id: string; provenance: { corrections: unknown[] } }) => [
        i.id,
        i.provenance.corrections,
      ]),
    );
    const contact = Object.keys(items).find((k) => k.startsWith('CARE_CONTACT:'))!;
    expect(items[contact]).toEqual([
      {
        at: expect.any(String),
        by: 'import',
        reason: 'changed in a later source export',
        change: 'version 1: start: 2022-03-01T09:00:00+01:00; end: 2022-03-01T10:00:00+01:00',
        earlierText: null,
      },
    ]);
    expect(items[`SAKSMAPPE:${sak.id}`]).toEqual([
      expect.objectContaining({
        by: 'arkivar-s42',
        reason: 'title changed',
        change: expect.stringMatching(/^version 1: tittel: (?!.*rettet tittel).+$/),
      }),
    ]);
    expect(items[`JOURNALPOST:${jp.id}`]).toEqual([
      expect.objectContaining({
        by: 'arkivar-s42',
        reason: 'title changed',
        change: expect.stringMatching(/^version 1: tittel: (?!.*rettet tittel).+$/),
      }),
    ]);
  });
});
