/**
 * `npm start`'s embedded mode (PGlite, PostgreSQL full-text search, demo data) answers the
 * README's example query with exactly the answer the README shows, and has a postjournal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_MATTER, loadDemoData } from '../dev/demo';
import type { Dataset } from '../dev/generator';
import { startStack, type Stack } from '../scripts/stack';
import { gql, testConfig } from '../dev/services';

let stack: Stack;
let demo: Dataset;

beforeAll(async () => {
  stack = await startStack(testConfig({ databaseUrl: undefined, elasticsearchUrl: undefined }), {
    indexerIntervalMs: 3_600_000,
  });
  demo = await loadDemoData(stack.db);
  await stack.index();
});
afterAll(async () => {
  await stack?.stop();
});

test('the README example query gets the README answer on PGlite', async () => {
  expect(stack.db.kind).toBe('pglite');
  expect(stack.backend.name).toBe('postgres');
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const example = readme.slice(readme.indexOf('## Example'));
  const query = /```graphql\n([\s\S]*?)```/.exec(example)![1]!;
  const answer = JSON.parse(/```json\n([\s\S]*?)```/.exec(example)![1]!);
  const r = await gql(stack.gateway.url, query, {
    // The legal dev token npm start prints: the dev user on the demo matter.
    token: await stack.matterToken(DEMO_MATTER),
  });
  expect(r.status).toBe(200);
  expect(r.body).toEqual(answer);
});

// pasientjournalloven § 19 and § 22 (lib/policy): the PostgreSQL full-text backend gets the matter's scope in its WHERE.
test('on PostgreSQL full-text search the demo matter scopes totals and the term report; other patients are refused', async () => {
  const legal = await stack.matterToken(DEMO_MATTER);
  const archivist = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const q =
    '{ search(query: "hoste", expand: false, first: 100) { total hits { patient { id } } termReport { hits } } }';
  const all = await gql(stack.gateway.url, q, { token: archivist });
  const scoped = await gql(stack.gateway.url, q, { token: legal });
  expect(scoped.body.errors).toBeUndefined();
  const ids = (r: typeof all) =>
    r.body.data.search.hits.map((h: { patient: { id: string } | null }) => h.patient?.id);
  expect(new Set(ids(all)).size).toBeGreaterThan(1);
  const idOf = async (nid: string) =>
    (await stack.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nid]))
      .rows[0]!.id;
  const first = await idOf(demo.patients[0]!.nationalId!);
  expect(new Set(ids(scoped))).toEqual(new Set(ids(all).filter((id: string) => id === first)));
  expect(scoped.body.data.search.total).toBe(scoped.body.data.search.hits.length);
  expect(scoped.body.data.search.termReport[0].hits).toBe(scoped.body.data.search.total);
  expect(all.body.data.search.total).toBeGreaterThan(scoped.body.data.search.total);
  const other = await gql(
    stack.gateway.url,
    `{ patient(id: "${await idOf(demo.patients[1]!.nationalId!)}") { givenName } }`,
    {
      token: legal,
    },
  );
  expect(other.body.errors?.[0]?.message).toBe('patient not in matter M-DEMO-001');
});

test('the demo archive has a public postjournal, screened', async () => {
  const r = await gql(
    stack.gateway.url,
    // A month (POSTJOURNAL_MAX_DAYS): the demo archive's first case, screened and with an undated letter, is March 2023's.
    '{ postjournal(from: "2023-03-01", to: "2023-03-31") { view entries { tittel dokumentetsDato screened } } }',
    { token: await stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' }) },
  );
  expect(r.body.errors).toBeUndefined();
  const entries = r.body.data.postjournal.entries;
  expect(entries.length).toBeGreaterThan(0);
  expect(entries.some((e: any) => e.screened && e.tittel.includes('*****'))).toBe(true);
  expect(entries.some((e: any) => e.dokumentetsDato === 'Udatert')).toBe(true);
});

test('reporting statistics answer on the embedded database too (GROUP BY CUBE on PGlite), small cells suppressed', async () => {
  const r = await gql(
    stack.gateway.url,
    '{ journalEntryStatistics { cells { block keys count suppressed } csv } coercionStatistics { suppressedCells } }',
    { token: await stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' }) },
  );
  expect(r.body.errors).toBeUndefined();
  const cells = r.body.data.journalEntryStatistics.cells as { count: number | null; suppressed: boolean }[];
  expect(cells.length).toBeGreaterThan(0);
  // The demo has a handful of people: small cells are suppressed, no published count is 1–4.
  expect(cells.some((c) => c.suppressed && c.count === null)).toBe(true);
  expect(cells.every((c) => c.count === null || c.count === 0 || c.count >= 5)).toBe(true);
  expect(r.body.data.journalEntryStatistics.csv).toMatch(/^year;sourceSystem;journal entries\r\n/);
});

test('the demo data came through the importers: ids and provenance of imported data', async () => {
  const runs = await stack.db.query<{ source: string }>('SELECT source FROM journal.import_run ORDER BY id');
  expect(runs.rows.map((r) => r.source)).toEqual(['hp', 'gerica', 'profil']);
  const r = await gql(
    stack.gateway.url,
    `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
       id journal(first: 100) { totalCount edges { node { id sourceSystem } } }
       coercionDecisions { id sourceSystem executions { id verdict } } } }`,
    {
      token: await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' }),
      variables: { nid: demo.patients[1]!.nationalId },
    },
  );
  expect(r.body.errors).toBeUndefined();
  const p = r.body.data.patientByNationalId;
  expect(p.id).toMatch(/^pat-[0-9a-f]{16}$/);
  const notes = demo.journalEntries.filter((e) => e.patientId === demo.patients[1]!.id);
  expect(p.journal.totalCount).toBe(notes.length);
  for (const e of p.journal.edges) expect(e.node.id).toMatch(/^je-(hp|gerica|profil)-/);
  expect(p.coercionDecisions.map((d: any) => [d.id, d.sourceSystem])).toEqual([
    ['V-2020-101', 'GERICA'],
    ['V-2021-088', 'GERICA'],
  ]);
  expect(p.coercionDecisions[1].executions.map((e: any) => e.id)).toHaveLength(8);
});
