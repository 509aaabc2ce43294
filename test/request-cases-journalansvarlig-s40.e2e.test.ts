/**
 * An access request (innsynsbegjæring) and its case are read by those who answer it or build a
 * matter on it, legal and archivist (pasient- og brukerrettighetsloven § 5-1 with
 * pasientjournalloven § 22; lib/policy AccessPolicy.readsNoRequests). A journalansvarlig
 * reaches every patient to decide corrections, deletions and moves (helsepersonelloven § 39
 * andre ledd), and `accessRequest(id)` refused it the request, but the same request's case,
 * with the requester's name in its title and parts, opened to it through `saksmappe(id)`,
 * `journalpost(id)`, `Patient.cases`, search and a search hit's `saksmappe` (left open in
 * stop 39): one rule on one path only. Each test failed before the fix.
 */
import type { Dataset } from '../dev/generator';
import { followImportedIds, loadDemoData } from '../dev/demo';
import type { Stack } from '../scripts/stack';
import { gql, type TestDatabase } from '../dev/services';
import { registerAccessRequest } from '../dev/access-requests';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { randomUUID } from 'node:crypto';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;
let handler: string;
let ja: string;
let admin: string;
let patient: Dataset['patients'][number];
let requestCase: string;
let requestPost: string;

const REQUESTER = 'Advokat Zqxhemmelig Tredjepart';
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  env = await startPostgresTestStack();
  ({ tdb, stack } = env);
  ds = await loadDemoData(tdb.db);
  await followImportedIds(tdb.db, ds);
  handler = await stack.token({ sub: 'handler-s40', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  ja = await stack.token({ sub: 'ja-s40', role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });
  admin = await stack.token({ sub: 'admin-s40', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const known = new Set(
    (await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient')).rows.map((r) => r.id),
  );
  patient = ds.patients.find((p) => p.nationalId && known.has(p.id))!;
  requestCase = await registerAccessRequest(stack.gateway.url, handler, {
    receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
    patientId: patient.id,
    patientNationalId: patient.nationalId,
    requesterName: REQUESTER,
    relation: 'THIRD_PARTY',
    legalInterest: 'Erstatningssak mot pasienten',
    requestType: 'PBRL_5_1',
  });
  requestPost = (
    await tdb.db.query<{ id: string }>('SELECT id FROM archive.journalpost WHERE saksmappe_id = $1', [
      requestCase,
    ])
  ).rows[0]!.id;
  await stack.index();
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

test('pasient- og brukerrettighetsloven § 5-1: a journalansvarlig reads no access-request case by saksmappe(id) or journalpost(id), and the refusal is logged', async () => {
  const c = await gql(stack.gateway.url, `{ saksmappe(id: "${requestCase}") { tittel parts { name } } }`, {
    token: ja,
  });
  expect(JSON.stringify(c.body.data ?? {})).not.toContain('Zqxhemmelig');
  expect(codes(c.body)).toEqual(['FORBIDDEN']);
  const j = await gql(
    stack.gateway.url,
    `{ journalpost(id: "${requestPost}") { tittel saksmappe { id } } }`,
    {
      token: ja,
    },
  );
  expect(JSON.stringify(j.body.data ?? {})).not.toContain('Zqxhemmelig');
  expect(codes(j.body)).toEqual(['FORBIDDEN']);
  const denied = await tdb.db.query(
    `SELECT 1 FROM audit.access_log WHERE user_id = 'ja-s40' AND outcome = 'denied' AND entity_type = 'access_request'`,
  );
  expect(denied.rowCount).toBeGreaterThanOrEqual(2);
  // The archivist who administers the archive still reads it (the rule is the role's).
  const a = await gql(stack.gateway.url, `{ saksmappe(id: "${requestCase}") { tittel } }`, { token: admin });
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data.saksmappe.tittel).toContain('Zqxhemmelig');
});

test('pasient- og brukerrettighetsloven § 5-1: a journalansvarlig’s Patient.cases leaves the access-request case out', async () => {
  const q = `{ patient(id: "${patient.id}") { cases { id tittel } } }`;
  const r = await gql(stack.gateway.url, q, { token: ja });
  expect(r.body.errors).toBeUndefined();
  expect(JSON.stringify(r.body.data)).not.toContain(requestCase);
  const a = await gql(stack.gateway.url, q, { token: admin });
  expect(JSON.stringify(a.body.data)).toContain(requestCase);
});

test('pasient- og brukerrettighetsloven § 5-1: a journalansvarlig’s search neither finds nor counts the access-request case', async () => {
  const q = `{ patient(id: "${patient.id}") { search(query: "zqxhemmelig", expand: false) { total hits { kind saksmappe { id } } } } }`;
  const a = await gql(stack.gateway.url, q, { token: admin });
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data.patient.search.hits).toEqual([{ kind: 'journalpost', saksmappe: { id: requestCase } }]);
  const r = await gql(stack.gateway.url, q, { token: ja });
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.patient.search).toEqual({ total: 0, hits: [] });
  // Coverage counts it for the archivist, not for the journalansvarlig.
  const coverage = `{ patient(id: "${patient.id}") { searchCoverage { systems { kind records indexed } } } }`;
  const posts = async (token: string) => {
    const c = await gql(stack.gateway.url, coverage, { token });
    expect(c.body.errors).toBeUndefined();
    return (
      c.body.data.patient.searchCoverage.systems as { kind: string; records: number; indexed: number }[]
    )
      .filter((x) => x.kind === 'journalpost')
      .reduce((n, x) => n + x.records + x.indexed, 0);
  };
  expect(await posts(ja)).toBe((await posts(admin)) - 2);
  // Over everyone too (no patient named).
  const all = await gql(stack.gateway.url, '{ search(query: "zqxhemmelig", expand: false) { total } }', {
    token: ja,
  });
  expect(all.body.errors).toBeUndefined();
  expect(all.body.data.search.total).toBe(0);
});

test('pasient- og brukerrettighetsloven § 5-1: a Saksmappe reference to an access-request case, as the gateway resolves a search hit’s saksmappe, is refused to a journalansvarlig', async () => {
  const sub = stack.subgraphs.find((x) => x.name === 'archive')!;
  const ask = (role: 'journalansvarlig' | 'archivist', purpose: string) =>
    gql(sub.url, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Saksmappe { tittel } } }', {
      variables: { r: [{ __typename: 'Saksmappe', id: requestCase }] },
      caller: {
        caller: { userId: `${role}-s40-ref`, role, purpose, selfAuthorized: false, requestId: randomUUID() },
        secret: env.config.internalSecret,
        subgraph: 'archive',
      },
    });
  const refused = await ask('journalansvarlig', 'RECORD_CORRECTION');
  expect(JSON.stringify(refused.body.data ?? {})).not.toContain('Zqxhemmelig');
  expect(codes(refused.body)).toEqual(['FORBIDDEN']);
  const read = await ask('archivist', 'ARCHIVE_ADMINISTRATION');
  expect(read.body.data._entities[0].tittel).toContain('Zqxhemmelig');
});
