/**
 * Review s42 (legal correctness), through the real importers, the gateway and PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { unzipEntry } from '../dev/zip';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { recordReview } from '../subgraphs/coercion/store';
import { insertPatients } from '../subgraphs/journal/store';

const NID = makeSyntheticNationalId('1963-02-11', 423, true);

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-law42-'));
  ts = await startPostgresTestStack({
    bundleDir: dir,
    research: { ...testConfig({}).research, extractDir: dir },
  });
  await insertPatients(ts.tdb.db, [
    { id: 'pt-law42', nationalId: NID, familyName: 'Test', givenName: 'Law42', birthDate: '1963-02-11' },
  ]);
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

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

const EXECUTIONS = `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
  coercionExecutions { id verdict verdictReason minutesOutside decision { id } } } }`;

describe('coercion: the one-year limit (hol. § 9-7, pbrl. § 4A-5)', () => {
  beforeAll(async () => {
    await hpExport('Coercion-law.ndjson', [
      // pbrl. § 4A-5: a decision stating an end date 18 months after its first day.
      decision({
        id: 'TVD-L42-P',
        legalBasis: 'pbrl-4A',
        measures: ['holding ved medisinering'],
        validFrom: '2023-01-15',
        validTo: '2024-07-14',
        decidedAt: '2023-01-10T10:00:00+01:00',
      }),
      // hol. § 9-5 c, approved, stating an end date 18 months on.
      decision({
        id: 'TVD-L42-C',
        legalBasis: 'hol-9-5c',
        measures: ['låst skap'],
        validFrom: '2023-01-15',
        validTo: '2024-07-14',
        decidedAt: '2023-01-05T10:00:00+01:00',
        approvedByStatsforvalterAt: '2023-01-12T00:00:00+01:00',
      }),
      // hol. § 9-5 b without end date, first day 29 February 2024: valid to 28 February 2025.
      decision({
        id: 'TVD-L42-B',
        legalBasis: 'hol-9-5b',
        measures: ['skjerming på rom'],
        validFrom: '2024-02-29',
        decidedAt: '2024-02-20T10:00:00+01:00',
        approvedByStatsforvalterAt: '2024-02-27T00:00:00+01:00',
      }),
      // The last day of the year, and after it (recorded, and registered under no decision).
      execution(
        'TVG-L42-P1',
        'TVD-L42-P',
        'holding ved medisinering',
        '2024-01-14T12:00:00+01:00',
        '2024-01-14T12:10:00+01:00',
      ),
      execution(
        'TVG-L42-P2',
        'TVD-L42-P',
        'holding ved medisinering',
        '2024-03-01T12:00:00+01:00',
        '2024-03-01T12:10:00+01:00',
      ),
      execution(
        'TVG-L42-P3',
        null,
        'holding ved medisinering',
        '2024-03-02T12:00:00+01:00',
        '2024-03-02T12:10:00+01:00',
      ),
      execution(
        'TVG-L42-C1',
        'TVD-L42-C',
        'låst skap',
        '2024-01-14T23:30:00+01:00',
        '2024-01-15T00:30:00+01:00',
      ),
      execution(
        'TVG-L42-C2',
        'TVD-L42-C',
        'låst skap',
        '2024-03-01T12:00:00+01:00',
        '2024-03-01T12:10:00+01:00',
      ),
      execution(
        'TVG-L42-B1',
        'TVD-L42-B',
        'skjerming på rom',
        '2025-02-28T23:00:00+01:00',
        '2025-03-01T00:20:00+01:00',
      ),
      execution(
        'TVG-L42-B2',
        'TVD-L42-B',
        'skjerming på rom',
        '2025-03-01T08:00:00+01:00',
        '2025-03-01T08:20:00+01:00',
      ),
    ]);
  });

  test('hol. § 9-7 and pbrl. § 4A-5: a decision stating an end date beyond one year authorises nothing after its first day + one year − one day, and the verdict reason says so (it said the decision "was not valid" on a day inside the period it printed, or named no decision at all)', async () => {
    const token = await legal('law42-a');
    const { body } = await call(token, EXECUTIONS, { nid: NID });
    expect(body.errors).toBeUndefined();
    const byId = Object.fromEntries(
      body.data.patientByNationalId.coercionExecutions.map((e: { id: string }) => [e.id, e]),
    );
    expect(byId['TVG-L42-P1'].verdict).toBe('VALID');
    expect(byId['TVG-L42-C1'].verdict).toBe('VALID');
    // The execution from 23:30 on the last day to 00:30 the next: 30 minutes past the year.
    expect(byId['TVG-L42-C1'].minutesOutside).toBe(30);
    for (const id of ['TVG-L42-P2', 'TVG-L42-C2']) {
      expect(byId[id].verdict).toBe('NO_VALID_DECISION');
      expect(byId[id].verdictReason).toMatch(
        /runs to 2024-07-14, more than the one year .* allows.* 2024-01-14/,
      );
    }
    expect(byId['TVG-L42-P2'].verdictReason).toMatch(/pbrl\. § 4A-5/);
    expect(byId['TVG-L42-C2'].verdictReason).toMatch(/hol\. § 9-7/);
    expect(byId['TVG-L42-P3'].verdict).toBe('UNDETERMINED');
    expect(byId['TVG-L42-P3'].verdictReason).toMatch(
      /TVD-L42-P .*runs to 2024-07-14, more than the one year/,
    );
  });

  test('hol. § 9-7: a decision without end date whose first day is 29 February runs to 28 February the next year: an execution that evening is VALID with the minutes past midnight outside, one on 1 March is NO_VALID_DECISION naming NO_END_DATE_LAPSED', async () => {
    const token = await legal('law42-b');
    const { body } = await call(token, EXECUTIONS, { nid: NID });
    expect(body.errors).toBeUndefined();
    const byId = Object.fromEntries(
      body.data.patientByNationalId.coercionExecutions.map((e: { id: string }) => [e.id, e]),
    );
    expect(byId['TVG-L42-B1'].verdict).toBe('VALID');
    expect(byId['TVG-L42-B1'].minutesOutside).toBe(20);
    expect(byId['TVG-L42-B2'].verdict).toBe('NO_VALID_DECISION');
    expect(byId['TVG-L42-B2'].verdictReason).toMatch(/lapsed after 2025-02-28 \(NO_END_DATE_LAPSED/);
  });
});

describe('coercion: a replaced approval in the report chart (hol. § 9-8)', () => {
  const first = decision({
    id: 'TVD-L42-R',
    legalBasis: 'hol-9-5c',
    measures: ['låst dør'],
    validFrom: '2023-01-01',
    validTo: '2023-06-30',
    decidedAt: '2022-12-01T10:00:00+01:00',
    approvedByStatsforvalterAt: '2022-12-20T00:00:00+01:00',
  });
  const executions = [
    execution(
      'TVG-L42-R1',
      'TVD-L42-R',
      'låst dør',
      '2023-03-01T10:00:00+01:00',
      '2023-03-01T10:10:00+01:00',
    ),
    execution(
      'TVG-L42-R2',
      'TVD-L42-R',
      'låst vindu',
      '2023-03-02T10:00:00+01:00',
      '2023-03-02T10:10:00+01:00',
    ),
  ];
  const PALE = 'TVD-L42-R hol-9-5c: gyldig fra 2023-01-01, ikke godkjent ennå';

  test("helse- og omsorgstjenesteloven § 9-8: the report's SVG draws a decision approved for a measure where a replaced approval still covers it (the bar was pale 'ikke godkjent ennå' beside the VALID execution), and pale for the measure the revision added until the new approval", async () => {
    await hpExport('Coercion-law-appr.ndjson', [first, ...executions]);
    await hpExport('Coercion-law-appr.ndjson', [
      {
        ...first,
        measures: ['låst dør', 'låst vindu'],
        validTo: '2023-12-31',
        approvedByStatsforvalterAt: '2023-04-10T00:00:00+02:00',
      },
      ...executions,
    ]);
    const { body } = await call(
      await legal('law42-r'),
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: "2023-01-01", to: "2023-12-31") { id verdict }
        coercionReport(from: "2023-01-01", to: "2023-12-31") { svg } } }`,
      { nid: NID },
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.patientByNationalId;
    const v = Object.fromEntries(
      p.coercionExecutions.map((e: { id: string; verdict: string }) => [e.id, e.verdict]),
    );
    expect(v['TVG-L42-R1']).toBe('VALID');
    expect(v['TVG-L42-R2']).toBe('NOT_YET_APPROVED');
    // One pale bar: the added measure's lane, not the lane the replaced approval covers.
    expect((p.coercionReport.svg as string).split(PALE).length - 1).toBe(1);
  });
});

describe('coercion: an approval the source removed, then another date (hol. § 9-8)', () => {
  test('helse- og omsorgstjenesteloven § 9-8: an approval date the source removed covers nothing, also when a later export gives another date: the executions before that date are NOT_YET_APPROVED (the removed approval came back and judged them VALID)', async () => {
    const base = decision({
      id: 'TVD-L42-X',
      legalBasis: 'hol-9-5c',
      measures: ['låst kott'],
      validFrom: '2023-01-01',
      validTo: '2023-12-31',
      decidedAt: '2022-12-01T10:00:00+01:00',
    });
    const ex = execution(
      'TVG-L42-X1',
      'TVD-L42-X',
      'låst kott',
      '2023-03-01T10:00:00+01:00',
      '2023-03-01T10:10:00+01:00',
    );
    const verdict = async (id: string) => {
      const { body } = await call(await legal(id), EXECUTIONS, { nid: NID });
      expect(body.errors).toBeUndefined();
      return body.data.patientByNationalId.coercionExecutions.find(
        (e: { id: string }) => e.id === 'TVG-L42-X1',
      );
    };
    await hpExport('Coercion-law-rm.ndjson', [
      { ...base, approvedByStatsforvalterAt: '2022-12-20T00:00:00+01:00' },
      ex,
    ]);
    expect((await verdict('law42-x1')).verdict).toBe('VALID');
    // The source takes the approval away: nothing covers the execution.
    await hpExport('Coercion-law-rm.ndjson', [base, ex]);
    expect((await verdict('law42-x2')).verdict).toBe('NOT_YET_APPROVED');
    // Statsforvalteren approves on 10 April 2023: that approval, not the removed one.
    await hpExport('Coercion-law-rm.ndjson', [
      { ...base, approvedByStatsforvalterAt: '2023-04-10T00:00:00+02:00' },
      ex,
    ]);
    const after = await verdict('law42-x3');
    expect(after.verdict).toBe('NOT_YET_APPROVED');
    expect(after.verdictReason).toMatch(/approved it only on 2023-04-10/);
  });
});

describe('coercion: a review approving in part, in the report chart (hol. § 9-8)', () => {
  test("helse- og omsorgstjenesteloven § 9-8: the report's SVG draws a measure Statsforvalteren did not approve (APPROVED_IN_PART) as not approved, as the verdicts judge its executions (its bar was drawn approved beside NO_VALID_DECISION)", async () => {
    await hpExport('Coercion-law-part.ndjson', [
      decision({
        id: 'TVD-L42-Q',
        legalBasis: 'hol-9-5c',
        measures: ['låst bod', 'låst garasje'],
        validFrom: '2023-01-01',
        validTo: '2023-12-31',
        decidedAt: '2022-12-01T10:00:00+01:00',
      }),
      execution(
        'TVG-L42-Q1',
        'TVD-L42-Q',
        'låst bod',
        '2023-03-01T10:00:00+01:00',
        '2023-03-01T10:10:00+01:00',
      ),
      execution(
        'TVG-L42-Q2',
        'TVD-L42-Q',
        'låst garasje',
        '2023-03-01T11:00:00+01:00',
        '2023-03-01T11:10:00+01:00',
      ),
    ]);
    expect(
      await recordReview(
        ts.tdb.db,
        {
          decisionId: 'TVD-L42-Q',
          outcome: 'APPROVED_IN_PART',
          reviewedAt: '2022-12-20T00:00:00+01:00',
          measures: ['låst bod'],
        },
        'test',
      ),
    ).toBe(true);
    const { body } = await call(
      await legal('law42-q'),
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: "2023-01-01", to: "2023-12-31") { id verdict }
        coercionReport(from: "2023-01-01", to: "2023-12-31") { svg } } }`,
      { nid: NID },
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.patientByNationalId;
    const v = Object.fromEntries(
      p.coercionExecutions.map((e: { id: string; verdict: string }) => [e.id, e.verdict]),
    );
    expect([v['TVG-L42-Q1'], v['TVG-L42-Q2']]).toEqual(['VALID', 'NO_VALID_DECISION']);
    const svg = p.coercionReport.svg as string;
    // One bar drawn approved (låst bod), one not (låst garasje).
    expect(svg.split('<title>TVD-L42-Q hol-9-5c: 2023-01-01 – 2023-12-31</title>').length - 1).toBe(1);
    expect(svg).toContain('TVD-L42-Q hol-9-5c: gyldig fra 2023-01-01, ikke godkjent');
  });
});

describe('dossier: an earlier version of a coercion decision in an evidence bundle', () => {
  test('pasientjournalloven § 22 with hol. § 9-7 / pbrl. § 4A-5: an earlier version of a pbrl-4A decision without an end date is dated to its one year, as the owner dates it for a matter: a bundle whose window begins years later leaves it out (it was kept as an open period in every later window)', async () => {
    const v = (o: Record<string, unknown>) =>
      decision({ id: 'TVD-L42-V', legalBasis: 'pbrl-4A', measures: ['holding ved stell'], ...o });
    // Version 1: from 1 January 2021, no end date (lapsed 31 December 2021). The source then
    // corrects the decision to 2024.
    await hpExport('Coercion-law-hist.ndjson', [
      v({ validFrom: '2021-01-01', validTo: null, decidedAt: '2020-12-20T10:00:00+01:00' }),
    ]);
    await hpExport('Coercion-law-hist.ndjson', [
      v({ validFrom: '2024-01-01', validTo: '2024-12-31', decidedAt: '2023-12-20T10:00:00+01:00' }),
    ]);
    const token = await legal('law42-v');
    const { body } = await call(
      token,
      `mutation ($input: ExportBundleInput!) { exportBundle(input: $input) { path } }`,
      {
        input: {
          patientId: 'pt-law42',
          requester: 'Advokat Lov',
          window: { from: '2024-01-01', to: '2024-12-31' },
        },
      },
    );
    expect(body.errors).toBeUndefined();
    const items = JSON.parse(await unzipEntry(body.data.exportBundle.path, 'items.json')).items as {
      id: string;
      provenance: { what: string }[];
    }[];
    const item = items.find((i) => i.id === 'COERCION_DECISION:TVD-L42-V');
    expect(item).toBeDefined();
    expect(item!.provenance.filter((p) => /^version 1:/.test(p.what))).toEqual([]);
  });
});

describe('research: a person of two records whose birth dates differ', () => {
  test('helseforskningsloven § 33: a note’s age and the grant’s age window use the person’s birth date as the data set states it (birthYear: the first record that states one), not the birth date of the record the note is on: a note the person wrote at 12 is not given to a grant for ages 15 as "age 15"', async () => {
    const db = ts.tdb.db;
    await insertPatients(db, [
      {
        id: 'pt-law42-r1',
        nationalId: makeSyntheticNationalId('2004-07-08', 424, false),
        familyName: 'Aas',
        givenName: 'Rut',
        birthDate: '2004-07-08',
      },
      // The same person in another source, with another birth date.
      { id: 'pt-law42-r2', familyName: 'Aas', givenName: 'Rut', birthDate: '2001-07-08' },
    ]);
    await insertQueuedNote(db, {
      id: 'je-law42-r2',
      patientId: 'pt-law42-r2',
      writtenAt: '2016-09-01T10:00:00+02:00',
      text: 'Notat fra 2016.',
    });
    await insertQueuedNote(db, {
      id: 'je-law42-r1',
      patientId: 'pt-law42-r1',
      writtenAt: '2019-09-01T10:00:00+02:00',
      text: 'Notat fra 2019.',
    });
    const archivist = await ts.stack.token({
      sub: 'arkivar-law42',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const link = await call(
      archivist,
      `mutation { linkPatients(a: "pt-law42-r1", b: "pt-law42-r2", reason: "samme person") { id } }`,
    );
    expect(link.body.errors).toBeUndefined();
    const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const g = await call(
      archivist,
      `mutation { registerGrant(input: {
        id: "G-LAW42", projectId: "P-LAW42", title: "Ungdom 15 år", rekNumber: "2025/4242",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-law42",
        cohort: { ageFrom: 15, ageTo: 15, periodFrom: "2016-01-01", periodTo: "2019-12-31" },
        variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_AGE],
        datePrecision: EXACT, freeText: false, outputLevel: PSEUDONYMISED_RECORDS,
        expiresAt: "${expiresAt}" }) { id } }`,
    );
    expect(g.body.errors).toBeUndefined();
    const token = await ts.stack.token({
      sub: 'forsker-law42',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-LAW42',
    });
    const r = await call(
      token,
      '{ researchCohort { subjects { birthYear journal { entries { writtenAt age } } } } }',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.researchCohort.subjects).toEqual([
      { birthYear: 2004, journal: { entries: [{ writtenAt: '2019-09-01', age: 15 }] } },
    ]);
    // The extract's journal table alike.
    const x = await call(token, 'mutation { extract(grantId: "G-LAW42") { directory } }');
    expect(x.body.errors).toBeUndefined();
    const csv = readFileSync(join(dir, x.body.data.extract.directory.split('/').pop(), 'journal.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const [header, ...rows] = csv;
    expect(rows.map((row) => [row[header!.indexOf('written_at')], row[header!.indexOf('age')]])).toEqual([
      ['2019-09-01', '15'],
    ]);
  });
});
