/**
 * Reporting (issue 16), through the gateway on real PostgreSQL and Elasticsearch, with
 * generated data built to produce small cells. Test names carry the rule's source as the
 * modules do:
 * - small cells (DOMAIN.md "Aggregates"; statistikkloven § 7; personopplysningsloven art. 5
 *   (1) c and art. 89 (1)): counts 1–4 suppressed, and their complements
 *   (lib/policy/disclosure.ts);
 * - the differencing attack (the same sources): overlapping queries answer the same cells;
 * - the reporting role reads no field that identifies a person (personopplysningsloven
 *   art. 5 (1) c), walked over the composed schema.
 */
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  buildClientSchema,
  getIntrospectionQuery,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { loadDemoData } from '../dev/demo';
import type { Dataset } from '../dev/generator';
import { AccessPolicy, FIELD_POLICY } from '../lib/policy/policy';
import type { Stack } from '../scripts/stack';
import {
  insertDecisions,
  insertExecutions,
  type NewDecision,
  type NewExecution,
} from '../subgraphs/coercion/store';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import type { Config } from '../lib/config';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let config: Config;
let ds: Dataset;
let reporting: string;
let archivist: string;
let researcher: string;

interface Cell {
  block: string;
  keys: (string | null)[];
  count: number | null;
  suppressed: boolean;
}

const UNITS = ['Enhet Lade', 'Enhet Moholt', 'Enhet Byåsen'];
const nid = (i: number) => `7${String(i).padStart(10, '0')}`;

/**
 * Coercion executions, 2024-01..2024-04: Lade has 20 persons (fysisk holding, under a
 * valid approved hol. § 9-5 c decision, twice a month), Moholt 15 (skjerming, no decision,
 * once a month); Byåsen two persons, once each, in February only: the small cells.
 */
function coercionData(): { decisions: NewDecision[]; executions: NewExecution[] } {
  const decisions: NewDecision[] = [];
  const executions: NewExecution[] = [];
  const ex = (p: number, unit: string, measure: string, day: string, k: number): NewExecution => ({
    id: `rep-ex-${p}-${day}-${k}`,
    patientNid: nid(p),
    measure,
    start: `${day}T10:0${k}:00+01:00`,
    end: `${day}T10:1${k}:00+01:00`,
    executedBy: ['1000001', '1000002'],
    sourceSystem: 'HELSEPLATTFORMEN',
    sourceId: `rep-ex-${p}-${day}-${k}`,
    emergencyReported: false,
    unit,
  });
  for (let p = 0; p < 20; p++) {
    decisions.push({
      id: `rep-d-${p}`,
      patientNid: nid(p),
      legalBasis: 'hol-9-5c',
      measures: ['fysisk holding'],
      validFrom: '2023-12-01',
      validTo: '2024-11-30',
      decidedAt: '2023-11-20T10:00:00+01:00',
      approvedAt: '2023-11-28T10:00:00+01:00',
      sourceSystem: 'HELSEPLATTFORMEN',
      sourceId: `rep-d-${p}`,
    });
    for (const m of ['01', '02', '03', '04'])
      for (const k of [1, 2]) executions.push(ex(p, UNITS[0]!, 'fysisk holding', `2024-${m}-1${k}`, k));
  }
  for (let p = 20; p < 35; p++)
    for (const m of ['01', '02', '03', '04'])
      executions.push(ex(p, UNITS[1]!, 'skjerming', `2024-${m}-15`, 1));
  for (const p of [40, 41]) executions.push(ex(p, UNITS[2]!, 'fysisk holding', '2024-02-20', 1));
  return { decisions, executions };
}

const SD_UNITS = [
  'Helse- og velferdskontor Lade',
  'Helse- og velferdskontor Moholt',
  'Helse- og velferdskontor Byåsen',
];

/**
 * Service decisions, 2024-05, as [people, decisions each, decision type, outcome, unit]:
 * Lade and Moholt decide for 6–12 people per type and outcome; Byåsen refuses
 * Langtidsopphold to 2 people (the small cell) and partly grants one person 5 Trygghetsalarm
 * decisions (5 records, 1 person); 6 people are granted Hjemmesykepleie by no named unit.
 */
async function insertServiceDecisions(): Promise<void> {
  const [lade, moholt, byasen] = SD_UNITS as [string, string, string];
  const groups: [number, number, string, 'GRANTED' | 'PARTLY' | 'REFUSED', string | null][] = [
    [12, 1, 'Hjemmesykepleie', 'GRANTED', lade],
    [6, 1, 'Hjemmesykepleie', 'REFUSED', lade],
    [8, 1, 'Langtidsopphold', 'GRANTED', lade],
    [7, 1, 'Langtidsopphold', 'REFUSED', lade],
    [10, 1, 'Hjemmesykepleie', 'GRANTED', moholt],
    [9, 1, 'Langtidsopphold', 'GRANTED', moholt],
    [6, 1, 'Langtidsopphold', 'PARTLY', moholt],
    [2, 1, 'Langtidsopphold', 'REFUSED', byasen],
    [1, 5, 'Trygghetsalarm', 'PARTLY', byasen],
    [6, 1, 'Hjemmesykepleie', 'GRANTED', null],
  ];
  let person = 100;
  for (const [people, each, type, outcome, unit] of groups)
    for (let i = 0; i < people; i++, person++) {
      const patientId = `rep-sd-p${person}`;
      await tdb.db.query(
        `INSERT INTO journal.patient (id, national_id, family_name, given_name) VALUES ($1, $2, 'Vedtak', 'Test')`,
        [patientId, nid(person)],
      );
      for (let k = 0; k < each; k++)
        await tdb.db.query(
          `INSERT INTO journal.service_decision
             (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, unit, content_hash)
           VALUES ($1, $2, 'GERICA', $1, $3, $4, $5, 'test', $6, $1)`,
          [
            `rep-sd-${person}-${k}`,
            patientId,
            type,
            `2024-05-${String(10 + k).padStart(2, '0')}`,
            outcome,
            unit,
          ],
        );
    }
}

beforeAll(async () => {
  env = await startTestStack();
  ({ tdb, stack } = env);
  config = env.config;
  ds = await loadDemoData(tdb.db);
  const c = coercionData();
  await insertDecisions(tdb.db, c.decisions);
  await insertExecutions(tdb.db, c.executions);
  // Quarantined journal records: 12 'encoding' and 2 'schema' in 2024-03 (Oslo time).
  for (let i = 0; i < 14; i++)
    await tdb.db.query(
      `INSERT INTO journal.quarantine (source, file, line, reason, raw, raw_hash, quarantined_at)
       VALUES ('GERICA', 'journalnotater.csv', $1, $2, '\\x00'::bytea, $3, '2024-03-05T12:00:00+01:00')`,
      [i + 1, i < 12 ? 'encoding' : 'schema', `h${i}`],
    );
  // Coercion quarantine reasons as the importer writes them, with a record's particulars.
  for (const [i, reason] of [
    'unknown decision id V-1999-999',
    'unknown decision id V-2001-417',
    `decision V-2002-001 belongs to another patient (${nid(7)})`,
    'not JSON: Unexpected token } in JSON at position 12',
  ].entries())
    await tdb.db.query(
      `INSERT INTO coercion.quarantine (source_system, file, line, reason, raw, raw_sha256, quarantined_at)
       VALUES ('GERICA', 'tvangsprotokoll.csv', $1, $2, '\\x00'::bytea, $3, '2024-03-05T12:00:00+01:00')`,
      [i + 1, reason, `q${i}`],
    );
  await insertServiceDecisions();
  await stack.index();
  reporting = await stack.token({ sub: 'rapport-1', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  researcher = await stack.token({ sub: 'forsker-1', role: 'researcher', purpose: 'RESEARCH' });
});

afterAll(async () => {
  await env?.stop();
});

/** `npm run cli -- …` as a user runs it, on the test database. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = join(__dirname, '..');
  try {
    const r = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'scripts', 'cli.ts'), ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' } },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CELLS =
  'title unit blockDimension dimensions suppressedCells method cells { block keys count suppressed }';

async function table(field: string, filter: string | null, token = reporting) {
  const r = await gql(stack.gateway.url, `{ ${field}${filter ? `(filter: ${filter})` : ''} { ${CELLS} } }`, {
    token,
  });
  return r;
}

const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

/**
 * Every published total minus its published parts, in every block and dimension: the
 * relations that leave exactly one suppressed cell would give it back.
 */
function disclosed(cells: Cell[]): string[] {
  const bad: string[] = [];
  const byKey = new Map(cells.map((c) => [JSON.stringify([c.block, c.keys]), c]));
  for (const total of cells.filter((c) => !c.suppressed && c.keys.some((k) => k === null)))
    total.keys.forEach((k, d) => {
      if (k !== null) return;
      const parts = cells.filter(
        (c) =>
          c.block === total.block &&
          c.keys[d] !== null &&
          c.keys.every((x, i) => i === d || x === total.keys[i]),
      );
      const hidden = parts.filter((p) => byKey.get(JSON.stringify([p.block, p.keys]))!.suppressed);
      if (hidden.length === 1)
        bad.push(`${total.block} ${JSON.stringify(total.keys)} reveals ${JSON.stringify(hidden[0]!.keys)}`);
    });
  return bad;
}

describe('small cells (statistikkloven § 7; personopplysningsloven art. 5 (1) c and art. 89)', () => {
  test('coercion executions per month × measure × verdict × unit: small cells and their complements are suppressed', async () => {
    const r = await table('coercionStatistics', null);
    expect(r.body.errors).toBeUndefined();
    const t = r.body.data.coercionStatistics;
    // The legal basis each was carried out under (hol. § 9-5 tredje ledd a vs b/c; stop 45) is the fourth.
    expect(t.dimensions).toEqual(['measure', 'verdict', 'unit', 'legalBasis']);
    const cells = t.cells as Cell[];
    const cell = (block: string, keys: (string | null)[]) =>
      cells.find((c) => c.block === block && JSON.stringify(c.keys) === JSON.stringify(keys));
    // The published numbers are the data's: Lade, VALID, 40 a month; Moholt, NO_VALID_DECISION, 15.
    expect(cell('2024-01', ['fysisk holding', 'VALID', UNITS[0]!, null])!.count).toBe(40);
    expect(cell('2024-01', ['skjerming', 'NO_VALID_DECISION', UNITS[1]!, null])!.count).toBe(15);
    expect(cell('2024-01', [null, null, null, null])!.count).toBe(55);
    const ours = cells.filter((c) => c.block >= '2024-01' && c.block <= '2024-04');
    // February, Byåsen: two executions of two persons, its only ones, so its name is 'annet'
    // (a unit of 1–4 people over the table: lib/policy/statistics.ts OTHER). Primary suppressed…
    expect(JSON.stringify(t)).not.toContain(UNITS[2]!);
    const small = cell('2024-02', ['fysisk holding', 'NO_VALID_DECISION', 'annet', null])!;
    expect(small).toMatchObject({ count: null, suppressed: true });
    expect(cell('2024-02', [null, null, 'annet', null])).toMatchObject({ count: null, suppressed: true });
    // …and complements: no total of February minus its published parts gives them back.
    expect(disclosed(cells)).toEqual([]);
    expect(cells.filter((c) => c.block === '2024-02' && c.suppressed).length).toBeGreaterThan(3);
    // The months without small cells are published whole.
    expect(ours.filter((c) => c.block !== '2024-02' && c.suppressed)).toEqual([]);
    // The value 2 is nowhere in the answer, not even as a published total minus published parts.
    expect(cells.some((c) => c.count === 2)).toBe(false);
    expect(t.suppressedCells).toBe(cells.filter((c) => c.suppressed).length);
  });

  test('journal entries per year × source system: every cell with 1–4 entries or people is suppressed', async () => {
    const r = await table('journalEntryStatistics', null);
    expect(r.body.errors).toBeUndefined();
    const cells = r.body.data.journalEntryStatistics.cells as Cell[];
    const truth = (
      await tdb.db.query<{ y: string; s: string; n: string; p: string }>(
        `SELECT to_char(e.written_at AT TIME ZONE 'Europe/Oslo', 'YYYY') AS y, e.source_system AS s, count(*) AS n,
                count(DISTINCT coalesce(p.national_id, p.id)) AS p
           FROM journal.journal_entry e JOIN journal.patient p ON p.id = e.patient_id GROUP BY 1, 2`,
      )
    ).rows;
    expect(truth.some((x) => Number(x.p) < 5)).toBe(true); // the demo data has small cells
    for (const x of truth) {
      const c = cells.find((c) => c.block === x.y && c.keys[0] === x.s)!;
      if (Number(x.n) <= 4 || Number(x.p) <= 4) expect(c).toMatchObject({ count: null, suppressed: true });
      else if (!c.suppressed) expect(c.count).toBe(Number(x.n));
    }
    expect(disclosed(cells)).toEqual([]);
  });

  test('quarantined records per reason: 2 of one reason beside 12 of another are both suppressed', async () => {
    const r = await table('journalQuarantineStatistics', '{ from: "2024-03", to: "2024-03" }');
    expect(r.body.errors).toBeUndefined();
    const cells = r.body.data.journalQuarantineStatistics.cells as Cell[];
    const c = (reason: string | null) => cells.find((x) => x.keys[0] === 'GERICA' && x.keys[1] === reason)!;
    expect(c('schema').suppressed).toBe(true);
    expect(c('encoding').suppressed).toBe(true); // else 14 − 12 = 2
    expect(c(null).count).toBe(14);
    expect(disclosed(cells)).toEqual([]);
  });

  test("a quarantine reason is published as its category, without the record's ids or national ids", async () => {
    const r = await table('coercionQuarantineStatistics', '{ from: "2024-03", to: "2024-03" }');
    expect(r.body.errors).toBeUndefined();
    const cells = r.body.data.coercionQuarantineStatistics.cells as Cell[];
    const reasons = new Set(cells.map((c) => c.keys[1]).filter((k) => k !== null));
    expect([...reasons].sort()).toEqual([
      'decision … belongs to another patient …',
      'not JSON',
      'unknown decision id …',
    ]);
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/V-\d{4}|\d{11}/);
  });

  test('service decisions per month × decision type × outcome × unit: a refusal of 2 people and 5 decisions of 1 person are suppressed, big cells published', async () => {
    const [lade, moholt, byasen] = SD_UNITS as [string, string, string];
    const r = await table('serviceDecisionStatistics', '{ from: "2024-05", to: "2024-05" }');
    expect(r.body.errors).toBeUndefined();
    const t = r.body.data.serviceDecisionStatistics;
    expect(t).toMatchObject({ blockDimension: 'month', dimensions: ['decisionType', 'outcome', 'unit'] });
    const cells = t.cells as Cell[];
    const cell = (keys: (string | null)[]) =>
      cells.find((c) => c.block === '2024-05' && JSON.stringify(c.keys) === JSON.stringify(keys))!;
    // Big cells are the data's numbers.
    expect(cell(['Hjemmesykepleie', 'GRANTED', lade])).toMatchObject({ count: 12, suppressed: false });
    expect(cell([null, null, null])).toMatchObject({ count: 71, suppressed: false });
    // Two people refused: suppressed. Five decisions of one person: suppressed by the person count.
    // Byåsen (3 people) and Trygghetsalarm (1 person) are too few over the table to be named: 'annet'.
    expect(JSON.stringify(t)).not.toMatch(/Byåsen|Trygghetsalarm/);
    expect(byasen).toMatch(/Byåsen/);
    expect(cell(['Langtidsopphold', 'REFUSED', 'annet'])).toMatchObject({ count: null, suppressed: true });
    expect(cell(['annet', 'PARTLY', 'annet'])).toMatchObject({ count: null, suppressed: true });
    // …and their complements: no published total minus published parts gives them back.
    expect(disclosed(cells)).toEqual([]);
    expect(cells.some((c) => c.count === 2)).toBe(false);
    // Every published cell is the true count of its decisions (totals included).
    for (const c of cells.filter((c) => !c.suppressed)) {
      const [type, outcome, unit] = c.keys;
      const n = (
        await tdb.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM journal.service_decision
            WHERE to_char(decided_on, 'YYYY-MM') = '2024-05' AND ($1::text IS NULL OR decision_type = $1)
              AND ($2::text IS NULL OR outcome = $2) AND ($3::text IS NULL OR coalesce(unit, 'ukjent enhet') = $3)`,
          [type, outcome, unit],
        )
      ).rows[0]!.n;
      expect([c.keys, c.count]).toEqual([c.keys, Number(n)]);
    }
    // The unit filter selects cells of the same protected table; archivist reads it too.
    const two = await table(
      'serviceDecisionStatistics',
      `{ from: "2024-05", to: "2024-05", units: ["${lade}", "${moholt}"] }`,
    );
    expect(two.body.errors).toBeUndefined();
    const twoCells = two.body.data.serviceDecisionStatistics.cells as Cell[];
    expect(twoCells.length).toBeGreaterThan(0);
    for (const c of twoCells) {
      expect([lade, moholt]).toContain(c.keys[2]);
      expect(cells).toContainEqual(c);
    }
    const a = await table('serviceDecisionStatistics', '{ from: "2024-05", to: "2024-05" }', archivist);
    expect(a.body.data.serviceDecisionStatistics.cells).toEqual(cells);
    expect(JSON.stringify(r.body)).not.toMatch(/\d{11}|rep-sd/);
  });

  test('access requests per month × deadline kept, and the other tables, answer for reporting and archivist', async () => {
    for (const field of [
      'accessRequestStatistics',
      'archiveQuarantineStatistics',
      'coercionQuarantineStatistics',
    ]) {
      for (const token of [reporting, archivist]) {
        const r = await table(field, null, token);
        expect(r.body.errors).toBeUndefined();
        expect(disclosed(r.body.data[field].cells)).toEqual([]);
      }
    }
    const a = await table('accessRequestStatistics', null);
    expect(a.body.data.accessRequestStatistics.dimensions).toEqual(['deadline']);
    for (const c of a.body.data.accessRequestStatistics.cells as Cell[])
      if (c.keys[0] !== null) expect(['KEPT', 'MISSED', 'OVERDUE', 'OPEN']).toContain(c.keys[0]);
  });

  test('the CSV and the SVG carry the same numbers, suppressed as ":"', async () => {
    const q = `{ coercionStatistics(filter: { from: "2024-02", to: "2024-02" }) { ${CELLS} csv svg } }`;
    const r = await gql(stack.gateway.url, q, { token: reporting });
    expect(r.body.errors).toBeUndefined();
    const t = r.body.data.coercionStatistics;
    const lines = (t.csv as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('month;measure;verdict;unit;legalBasis;executions');
    expect(lines.length).toBe(t.cells.length + 1);
    t.cells.forEach((c: Cell, i: number) => {
      expect(lines[i + 1]).toBe(
        [c.block, ...c.keys.map((k) => k ?? 'I alt'), c.suppressed ? ':' : String(c.count)].join(';'),
      );
    });
    expect(t.svg).toMatch(/^<svg /);
    expect(t.svg).toContain('Tvangsgjennomføringer');
    const total = t.cells.find((c: Cell) => c.keys.every((k) => k === null)).count;
    expect(t.svg).toContain(`>${total}`);
  });

  test('the statistics CLI command writes the same CSV as the GraphQL field; a bad filter is a one-line error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-statistics-'));
    try {
      const out = join(dir, 'lade.csv');
      const ok = await cli(
        'statistics',
        'coercion',
        '--from',
        '2024-02',
        '--to',
        '2024-03',
        '--unit',
        UNITS[0]!,
        '--csv',
        out,
      );
      expect(ok.code).toBe(0);
      const r = await gql(
        stack.gateway.url,
        `{ coercionStatistics(filter: { from: "2024-02", to: "2024-03", units: ["${UNITS[0]}"] }) { csv } }`,
        { token: reporting },
      );
      expect(readFileSync(out, 'utf8')).toBe(r.body.data.coercionStatistics.csv);
      expect(ok.stderr).toMatch(/Tvangsgjennomføringer: \d+ cells, \d+ suppressed/);
      const bad = await cli('statistics', 'coercion', '--to', '2024-02-29');
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]).toMatch(/^to must be a month YYYY-MM/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad filters are BAD_USER_INPUT', async () => {
    for (const [field, filter, message] of [
      ['coercionStatistics', '{ to: "2024-02-29" }', /whole months/],
      ['coercionStatistics', '{ from: "2024-13" }', /month YYYY-MM/],
      ['coercionStatistics', '{ from: "2024-03", to: "2024-01" }', /after/],
      ['journalEntryStatistics', '{ from: "2024-01" }', /a year YYYY/],
      ['accessRequestStatistics', '{ units: ["Enhet Lade"] }', /no unit dimension/],
      ['journalEntryStatistics', '{ measures: ["skjerming"] }', /no measure dimension/],
      ['coercionStatistics', '{ units: [] }', /1 to 100/],
      ['serviceDecisionStatistics', '{ from: "2024-05-01" }', /whole months/],
      ['serviceDecisionStatistics', '{ measures: ["Hjemmesykepleie"] }', /no measure dimension/],
    ] as const) {
      const r = await table(field, filter);
      expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors![0]!.message).toMatch(message);
    }
  });

  test('only reporting and archivist read statistics', async () => {
    const legal = await stack.matterToken({ id: 'M-rep-1', patientIds: [ds.patients[0]!.id], title: 'Sak' });
    for (const token of [legal, researcher]) {
      const r = await table('coercionStatistics', null, token);
      expect(codes(r.body)).toContain('FORBIDDEN');
      expect(r.body.errors![0]!.message).toBe('statistics needs role reporting or archivist');
    }
  });
});

/** The access log's last row id now, and the rows written after it (statistics logging tests). */
const lastLogId = async () =>
  (await tdb.db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit.access_log'))
    .rows[0]!.id;
async function logRowsAfter(id: string) {
  return (
    await tdb.db.query<{
      user_id: string;
      role: string;
      patient_id: string;
      entity_type: string;
      entity_ids: string[];
      outcome: string;
      subgraph: string;
    }>(
      `SELECT user_id, role, patient_id, entity_type, entity_ids, outcome, subgraph FROM audit.access_log
        WHERE id > $1 ORDER BY id`,
      [id],
    )
  ).rows;
}

describe('every statistics read is logged (pasientjournalforskriften § 14; personopplysningsloven art. 5 (2))', () => {
  test('a table read writes one access-log row under patient key *, naming the table and its filter; a refusal is logged too', async () => {
    const since = await lastLogId();
    const r = await table('coercionStatistics', '{ to: "2024-02", from: "2024-02" }', reporting);
    expect(r.body.errors).toBeUndefined();
    const legal = await stack.matterToken({
      id: 'M-rep-log',
      patientIds: [ds.patients[0]!.id],
      title: 'Sak',
    });
    expect(codes((await table('journalEntryStatistics', null, legal)).body)).toContain('FORBIDDEN');
    expect((await logRowsAfter(since)).map(({ user_id: _, ...r }) => r)).toEqual([
      {
        role: 'reporting',
        patient_id: '*',
        entity_type: 'statistics',
        entity_ids: ['coercion {"from":"2024-02","to":"2024-02"}'],
        outcome: 'granted',
        subgraph: 'coercion',
      },
      {
        role: 'legal',
        patient_id: '*',
        entity_type: 'statistics',
        entity_ids: [],
        outcome: 'denied',
        subgraph: 'journal',
      },
    ]);
  });

  test('the statistics CLI command writes the same row, as every other CLI read does (found in review: it wrote none); a bad filter reads nothing and writes none', async () => {
    const since = await lastLogId();
    const ok = await cli(
      'statistics',
      'coercion',
      '--from',
      '2024-02',
      '--to',
      '2024-03',
      '--json',
      '/dev/null',
    );
    expect(ok.code).toBe(0);
    expect((await cli('statistics', 'coercion', '--to', '2024-02-29')).code).toBe(2);
    expect(await logRowsAfter(since)).toEqual([
      {
        user_id: expect.stringMatching(/^cli:/),
        role: 'reporting',
        patient_id: '*',
        entity_type: 'statistics',
        entity_ids: ['coercion {"from":"2024-02","to":"2024-03"}'],
        outcome: 'granted',
        subgraph: 'coercion',
      },
    ]);
  });
});

describe('the differencing attack is blocked (statistikkloven § 7; personopplysningsloven art. 5 (1) c)', () => {
  test('period A..B and A..B+1 month answer the same cells for A..B; A..B + 1 day is refused', async () => {
    const ab = (await table('coercionStatistics', '{ from: "2024-01", to: "2024-02" }')).body.data
      .coercionStatistics.cells as Cell[];
    const ab1 = (await table('coercionStatistics', '{ from: "2024-01", to: "2024-03" }')).body.data
      .coercionStatistics.cells as Cell[];
    expect(ab1.filter((c) => c.block <= '2024-02')).toEqual(ab);
    // No total over the period is published, so nothing is left to subtract.
    expect(new Set(ab1.map((c) => c.block))).toEqual(new Set(['2024-01', '2024-02', '2024-03']));
    const day = await table('coercionStatistics', '{ from: "2024-01", to: "2024-02-01" }');
    expect(codes(day.body)).toEqual(['BAD_USER_INPUT']);
  });

  test('a unit filter against all units: the all-units total minus the other units does not give Byåsen back', async () => {
    const all = (await table('coercionStatistics', '{ from: "2024-02", to: "2024-02" }')).body.data
      .coercionStatistics.cells as Cell[];
    const two = (
      await table(
        'coercionStatistics',
        `{ from: "2024-02", to: "2024-02", units: ["${UNITS[0]}", "${UNITS[1]}"] }`,
      )
    ).body.data.coercionStatistics.cells as Cell[];
    // Every cell of the filtered answer is the same cell of the unfiltered one.
    for (const c of two) expect(all).toContainEqual(c);
    expect(two.every((c) => c.keys[2] === UNITS[0] || c.keys[2] === UNITS[1])).toBe(true);
    // The attack: February's total (all units) minus the two units' totals.
    const total = all.find((c) => c.keys.every((k) => k === null))!;
    const unitTotal = (u: string) =>
      two.find((c) => c.keys[0] === null && c.keys[1] === null && c.keys[2] === u && c.keys[3] === null)!;
    const known = [total, unitTotal(UNITS[0]!), unitTotal(UNITS[1]!)];
    expect(known.some((c) => c.suppressed)).toBe(true);
    // Measured over both answers together: nothing disclosed.
    const union = [...new Map([...all, ...two].map((c) => [JSON.stringify([c.block, c.keys]), c])).values()];
    expect(disclosed(union)).toEqual([]);
    // Per measure and verdict as well: every relation keeps at least two cells hidden.
    const byMeasure = (
      await table('coercionStatistics', '{ from: "2024-02", to: "2024-02", measures: ["fysisk holding"] }')
    ).body.data.coercionStatistics.cells as Cell[];
    for (const c of byMeasure) expect(all).toContainEqual(c);
  });
});

// ---------------------------------------------------------------- no identifying field

/** Root fields the reporting role answers: its statistics, and the public postjournal (offentleglova § 10, screened). */
const REPORTING_ROOTS = new Set([
  'coercionStatistics',
  'coercionQuarantineStatistics',
  'accessRequestStatistics',
  'archiveQuarantineStatistics',
  'journalEntryStatistics',
  'journalQuarantineStatistics',
  'serviceDecisionStatistics',
  'postjournal',
]);

function argValue(t: GraphQLInputType, name: string, depth = 0): unknown {
  const n = getNullableType(t);
  if (isListType(n)) return [argValue(n.ofType, name, depth)];
  if (isEnumType(n)) return { enum: n.getValues()[0]!.name };
  if (isInputObjectType(n)) {
    const o: Record<string, unknown> = {};
    for (const f of Object.values(n.getFields()))
      if (isNonNullType(f.type) || depth < 1) o[f.name] = argValue(f.type, f.name, depth + 1);
    return o;
  }
  if (isScalarType(n)) {
    if (n.name === 'Int') return 1;
    if (n.name === 'Float') return 1;
    if (n.name === 'Boolean') return false;
    if (/nationalId/i.test(name)) return ds.patients[0]!.nationalId;
    if (/patientId|^a$|^b$|^id$/.test(name)) return ds.patients[0]!.id;
    if (/from|to|date|At$/i.test(name)) return '2020-01-01';
    return 'x';
  }
  return null;
}

function literal(v: unknown): string {
  if (v && typeof v === 'object' && 'enum' in (v as object)) return (v as { enum: string }).enum;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{ ${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${literal(x)}`)
      .join(', ')} }`;
  return JSON.stringify(v);
}

/** A selection of every scalar field one level down (objects: their scalars too). */
function selection(f: GraphQLField<unknown, unknown>, depth = 0): string {
  const t = getNamedType(f.type);
  if (!isObjectType(t)) return '';
  const parts = Object.values(t.getFields())
    .filter((x) => !x.args.some((a) => isNonNullType(a.type)))
    .map((x) => {
      const nt = getNamedType(x.type);
      if (!isObjectType(nt)) return x.name;
      return depth < 1 ? `${x.name} ${selection(x, depth + 1)}` : '';
    })
    .filter(Boolean);
  return `{ __typename ${parts.join(' ')} }`;
}

function operation(kind: 'query' | 'mutation', f: GraphQLField<unknown, unknown>): string {
  const args = f.args
    .filter((a) => isNonNullType(a.type) || a.name === 'patientId' || a.name === 'id')
    .map((a) => `${a.name}: ${literal(argValue(a.type, a.name))}`);
  return `${kind} { ${f.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(f)} }`;
}

describe('the reporting role reaches no field that identifies a person (personopplysningsloven art. 5 (1) c)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    const r = await gql(stack.gateway.url, getIntrospectionQuery(), { token: archivist });
    schema = buildClientSchema(r.body.data);
  });

  test('every root query and mutation outside its statistics is FORBIDDEN, with nothing in data', async () => {
    const p = ds.patients[0]!;
    const secrets = [p.nationalId!, p.givenName, p.familyName];
    const checked: string[] = [];
    for (const [kind, type] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const f of Object.values(type.getFields())) {
        if (REPORTING_ROOTS.has(f.name)) continue;
        const r = await gql(stack.gateway.url, operation(kind, f), { token: reporting });
        const text = JSON.stringify(r.body.data ?? null);
        for (const s of secrets) expect(text).not.toContain(s);
        expect([f.name, r.body.data?.[f.name] ?? null]).toEqual([f.name, null]);
        expect([f.name, codes(r.body)]).toEqual([f.name, expect.arrayContaining(['FORBIDDEN'])]);
        checked.push(f.name);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['patient', 'search', 'coercionExecution', 'saksmappe']));
  });

  test('every field of every type that carries patient data is refused to reporting, also through entity references', async () => {
    // The subgraphs answer an entity reference as they answer the gateway: ask each one
    // directly, as the gateway would for reporting, for every entity it resolves (a real
    // row of each) with every field it serves.
    const p = ds.patients[0]!;
    const firstId = async (table: string) =>
      (await tdb.db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id LIMIT 1`)).rows[0]!.id;
    const entities: Record<string, Record<string, unknown>> = {
      Patient: { id: p.id, nationalIds: [p.nationalId] },
      JournalEntry: { id: await firstId('journal.journal_entry') },
      Saksmappe: { id: await firstId('archive.saksmappe') },
      CoercionDecision: { id: 'rep-d-0' },
      CoercionExecution: { id: 'rep-ex-0-2024-01-11-1' },
    };
    const asked: string[] = [];
    for (const sub of stack.subgraphs) {
      const caller = {
        caller: {
          userId: 'rapport-1',
          role: 'reporting' as const,
          purpose: 'MANAGEMENT_STATISTICS',
          selfAuthorized: false,
          requestId: randomUUID(),
        },
        secret: config.internalSecret,
        subgraph: sub.name,
      };
      const sdl = (await gql(sub.url, '{ _service { sdl } }', { caller })).body.data._service.sdl as string;
      // Selected from the subgraph's own schema (not the composed one); entities it resolves only.
      const own = buildSubgraphSchema(parse(sdl));
      for (const [typeName, representation] of Object.entries(entities)) {
        const type = own.getType(typeName);
        if (!isObjectType(type) || new RegExp(`type ${typeName} @key\\([^)]*resolvable: false`).test(sdl))
          continue;
        const fields = Object.values(type.getFields()).filter(
          (f) => !(f.name in representation) && !f.args.some((a) => isNonNullType(a.type)),
        );
        for (const f of fields) {
          const r = await gql(
            sub.url,
            `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { ${f.name} ${selection(f)} } } }`,
            {
              variables: { r: [{ __typename: typeName, ...representation }] },
              caller,
            },
          );
          const text = JSON.stringify(r.body.data ?? null);
          const where = [sub.name, typeName, f.name];
          expect([...where, text.includes(p.nationalId!) || text.includes(p.givenName)]).toEqual([
            ...where,
            false,
          ]);
          expect([...where, codes(r.body)]).toEqual([...where, expect.arrayContaining(['FORBIDDEN'])]);
          asked.push(`${sub.name}:${typeName}`);
        }
      }
    }
    expect(new Set(asked)).toEqual(
      new Set([
        'journal:Patient',
        'journal:JournalEntry',
        'archive:Patient',
        'archive:Saksmappe',
        'coercion:Patient',
        'coercion:CoercionDecision',
        'coercion:CoercionExecution',
        'search:Patient',
      ]),
    );
    // Every type in the composed schema that the policy says carries patient data: all its fields refused.
    const policy = new AccessPolicy(
      {
        userId: 'rapport-1',
        role: 'reporting',
        purpose: 'MANAGEMENT_STATISTICS',
        selfAuthorized: false,
        requestId: 'x',
      },
      null,
      null,
    );
    for (const typeName of Object.keys(FIELD_POLICY)) {
      const t = schema.getType(typeName);
      if (!isObjectType(t)) continue;
      for (const f of Object.keys(t.getFields()))
        expect([typeName, f, policy.fieldRule(typeName, f) !== null]).toEqual([typeName, f, true]);
    }
  });

  test('the types the reporting roots reach hold no person: no patient, national id, name, text or highlight', () => {
    const seen = new Set<string>();
    const queue = [...REPORTING_ROOTS].map(
      (n) => getNamedType(schema.getQueryType()!.getFields()[n]!.type).name,
    );
    while (queue.length) {
      const n = queue.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const t = schema.getType(n);
      if (isObjectType(t))
        for (const f of Object.values(t.getFields())) queue.push(getNamedType(f.type).name);
    }
    expect(seen.has('Patient')).toBe(false);
    for (const k of Object.keys(FIELD_POLICY)) expect([k, seen.has(k)]).toEqual([k, false]);
    const identifying =
      /^(patient|patientId|nationalIds?|givenName|familyName|birthDate|text|highlights|relatives)$/;
    for (const n of seen) {
      const t = schema.getType(n);
      if (!isObjectType(t)) continue;
      for (const f of Object.keys(t.getFields())) expect([n, f, identifying.test(f)]).toEqual([n, f, false]);
    }
  });
});
