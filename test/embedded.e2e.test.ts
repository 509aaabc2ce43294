/**
 * `npm start`'s embedded mode (PGlite, PostgreSQL full-text search, demo data) answers the
 * README's example query with exactly the answer the README shows, and has a postjournal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemoData } from '../dev/demo';
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
  const r = await gql(stack.gateway.url, query, { token: await stack.token() });
  expect(r.status).toBe(200);
  expect(r.body).toEqual(answer);
});

test('the demo archive has a public postjournal, screened', async () => {
  const r = await gql(
    stack.gateway.url,
    '{ postjournal(from: "2000-01-01", to: "2030-12-31") { view entries { tittel dokumentetsDato screened } } }',
    { token: await stack.token({ role: 'reporting', purpose: 'offentlig journal' }) },
  );
  expect(r.body.errors).toBeUndefined();
  const entries = r.body.data.postjournal.entries;
  expect(entries.length).toBeGreaterThan(0);
  expect(entries.some((e: any) => e.screened && e.tittel.includes('*****'))).toBe(true);
  expect(entries.some((e: any) => e.dokumentetsDato === 'Udatert')).toBe(true);
});

test('the demo data came through the importers: ids and provenance of imported data', async () => {
  const runs = await stack.db.query<{ source: string }>('SELECT source FROM journal.import_run ORDER BY id');
  expect(runs.rows.map((r) => r.source)).toEqual(['hp', 'gerica', 'profil']);
  const r = await gql(
    stack.gateway.url,
    `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
       id journal(first: 100) { totalCount edges { node { id sourceSystem } } }
       coercionDecisions { id sourceSystem executions { id verdict } } } }`,
    { token: await stack.token(), variables: { nid: demo.patients[1]!.nationalId } },
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
