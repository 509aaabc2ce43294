/**
 * The walking skeleton, end to end through the gateway, on real PostgreSQL and real
 * Elasticsearch: one patient with fields from all four subgraphs, authentication
 * refused where it must be, and the access log written.
 */
import { SignJWT } from 'jose';
import { generateDataset, type Dataset } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { signInternalToken } from '../lib/auth';
import type { Stack } from '../scripts/stack';
import { gql, testConfig, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { everyoneMatterToken } from '../dev/policy';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;

beforeAll(async () => {
  env = await startTestStack();
  ({ tdb, stack } = env);
  ds = generateDataset({ seed: 7 });
  await loadDataset(tdb.db, ds);
  await stack.index();
});

afterAll(async () => {
  await env?.stop();
});

const PATIENT_QUERY = `query ($nid: String!, $q: String!) {
  patientByNationalId(nationalId: $nid) {
    id givenName birthDate
    journal(first: 100) { totalCount edges { node { id sourceSystem text } } }
    cases { mappeId saksstatus parts { role } }
    coercionDecisions { id legalBasis measures }
    coercionExecutions { id measure durationMinutes executedBy { id } }
    search(query: $q) { total hits { score highlights matchedExpansions kind journalEntry { id sourceSystem text } coercionExecution { id measure } } }
  }
}`;

test('one patient with journal, archive, coercion and search fields through the gateway', async () => {
  const person = ds.patients[1]!;
  const token = await everyoneMatterToken(
    stack,
    {
      sub: 'jurist-1',
    },
    'LEGAL_PROCEEDINGS',
  );
  const { status, body } = await gql(stack.gateway.url, PATIENT_QUERY, {
    token,
    variables: { nid: person.nationalId, q: 'stell' },
  });
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  const p = body.data.patientByNationalId;
  expect(p.id).toBe(person.id);
  expect(p.birthDate).toBe(person.birthDate);
  const expectedNotes = ds.journalEntries.filter((e) => e.patientId === person.id);
  expect(p.journal.totalCount).toBe(expectedNotes.length);
  expect(p.journal.edges.map((e: any) => e.node.id).sort()).toEqual(expectedNotes.map((e) => e.id).sort());
  expect(p.cases).toEqual([{ mappeId: '2024/0457', saksstatus: 'Avsluttet', parts: [{ role: 'Klient' }] }]);
  expect(p.coercionDecisions.map((d: any) => d.id)).toEqual(['TV-demo-1', 'TV-demo-2']);
  expect(p.coercionExecutions).toHaveLength(8);
  expect(p.coercionExecutions[0]).toEqual({
    id: 'TP-demo-1',
    measure: 'fysisk holding ved stell',
    durationMinutes: 30,
    executedBy: [{ id: '10234' }, { id: '10588' }],
  });
  expect(p.search.hits.length).toBeGreaterThan(0);
  const hit = p.search.hits.find((h: any) => h.journalEntry?.sourceSystem === 'HELSEPLATTFORMEN');
  // Coercion executions are indexed too, matched to the person by national id, resolved by their own subgraph.
  const execution = p.search.hits.find((h: any) => h.kind === 'coercion_execution');
  expect(execution.coercionExecution.measure).toBe('fysisk holding ved stell');
  expect(hit.journalEntry.text).toContain('Motsatte seg stell');
  expect(hit.highlights.join(' ')).toContain('<em>stell</em>');
});

test('a note saying "ble mobbet" is found by the query "mobbet" on Elasticsearch', async () => {
  const token = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
  const person = ds.patients[0]!;
  const { body } = await gql(
    stack.gateway.url,
    `query ($pid: ID) { search(query: "mobbet", patientId: $pid, expand: false) { total backend hits { journalEntry { id text } patient { id } } } }`,
    { token, variables: { pid: person.id } },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.search.backend).toBe('elasticsearch');
  const expected = ds.journalEntries
    .filter((e) => e.patientId === person.id && /ble mobbet/.test(e.text))
    .map((e) => e.id)
    .sort();
  expect(expected.length).toBeGreaterThanOrEqual(2);
  const found = body.data.search.hits.map((h: any) => h.journalEntry.id).sort();
  expect(found).toEqual(expect.arrayContaining(expected));
  for (const h of body.data.search.hits) {
    expect(h.patient.id).toBe(person.id);
    expect(h.journalEntry.text.toLowerCase()).toMatch(/mobbet/);
  }
  // With the vocabulary (the default), the same query also finds the other words for it.
  const expanded = await gql(
    stack.gateway.url,
    `query ($pid: ID) { search(query: "mobbet", patientId: $pid) { hits { journalEntry { text } } } }`,
    { token, variables: { pid: person.id } },
  );
  expect(expanded.body.data.search.hits.length).toBeGreaterThan(found.length);
});

test('a call without a token, or with a bad one, gets 401 with a GraphQL-shaped error', async () => {
  const none = await gql(stack.gateway.url, '{ patient(id: "pt-demo0000") { id } }');
  expect(none.status).toBe(401);
  expect(none.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(none.body.data).toBeUndefined();

  const forged = await new SignJWT({ role: 'legal', purpose: 'x' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('not-the-configured-secret-0123456789abcdef'));
  const bad = await gql(stack.gateway.url, '{ patient(id: "pt-demo0000") { id } }', { token: forged });
  expect(bad.status).toBe(401);
  expect(bad.body.errors?.[0]?.message).toMatch(/invalid token/);

  const noPurpose = await new SignJWT({ role: 'legal' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(testConfig({}).jwt.secret!));
  const missing = await gql(stack.gateway.url, '{ patient(id: "pt-demo0000") { id } }', { token: noPurpose });
  expect(missing.status).toBe(401);
  expect(missing.body.errors?.[0]?.message).toMatch(/purpose/);
});

test('a subgraph refuses a request that did not come through the gateway', async () => {
  const journal = stack.subgraphs.find((s) => s.name === 'journal')!;
  const direct = await gql(journal.url, '{ patient(id: "pt-demo0000") { id givenName } }');
  expect(direct.status).toBe(401);
  expect(direct.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  // A user's own JWT is not a caller statement either, even a valid one.
  const userToken = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
  const withUserToken = await gql(journal.url, '{ patient(id: "pt-demo0000") { id } }', {
    headers: { 'x-helsespor-caller': userToken },
  });
  expect(withUserToken.status).toBe(401);

  // A statement signed with another secret is refused.
  const foreign = await signInternalToken(
    { userId: 'x', role: 'legal', purpose: 'x', selfAuthorized: false, requestId: 'r' },
    'some-other-internal-secret-0123456789abcdef',
    { audience: 'journal', body: JSON.stringify({ query: '{ patient(id: "pt-demo0000") { id } }' }) },
  );
  const withForeign = await gql(journal.url, '{ patient(id: "pt-demo0000") { id } }', {
    headers: { 'x-helsespor-caller': foreign },
  });
  expect(withForeign.status).toBe(401);
});

test('every subgraph writes an access-log row for each patient it returned, and the log is append-only', async () => {
  const person = ds.patients[1]!;
  const token = await stack.matterToken(
    { id: 'SAK-9', patientIds: [person.id], purpose: 'ACCESS_REQUEST' },
    { sub: 'jurist-audit' },
  );
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PATIENT_QUERY, variables: { nid: person.nationalId, q: 'stell' } }),
  });
  expect(res.status).toBe(200);
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  const { rows } = await tdb.db.query<{
    subgraph: string;
    user_id: string;
    role: string;
    purpose: string;
    matter: string;
    patient_id: string;
    entity_type: string;
    entity_ids: string[];
  }>(
    'SELECT subgraph, user_id, role, purpose, matter, patient_id, entity_type, entity_ids FROM audit.access_log WHERE request_id = $1 ORDER BY subgraph, entity_type',
    [requestId],
  );
  // The journal subgraph is called twice in this plan (the patient, then the search hits' entries).
  expect([...new Set(rows.map((r) => `${r.subgraph}:${r.entity_type}`))]).toEqual([
    'archive:saksmappe',
    'coercion:coercion_decision',
    'coercion:coercion_execution',
    'journal:journal_entry',
    'journal:patient',
    'search:coercion_execution',
    'search:journal_entry',
    // The search about this patient itself (logged even when it returns only a count).
    'search:search_hit',
  ]);
  for (const r of rows) {
    expect(r).toMatchObject({
      user_id: 'jurist-audit',
      role: 'legal',
      purpose: 'ACCESS_REQUEST',
      matter: 'SAK-9',
    });
    // A record reached by reference alone (a search hit's execution) is logged under the person's national id.
    expect([person.id, `nid:${person.nationalId}`]).toContain(r.patient_id);
  }
  expect(rows.find((r) => r.entity_type === 'saksmappe')!.entity_ids).toEqual(['sm-demo-0002']);
  expect(rows.find((r) => r.entity_type === 'coercion_execution')!.entity_ids).toHaveLength(8);
  const journalIds = new Set(
    rows
      .filter((r) => r.subgraph === 'journal' && r.entity_type === 'journal_entry')
      .flatMap((r) => r.entity_ids),
  );
  expect([...journalIds].sort()).toEqual(
    ds.journalEntries
      .filter((e) => e.patientId === person.id)
      .map((e) => e.id)
      .sort(),
  );

  // The application's login has no right to change the log; even the owner meets the trigger.
  await expect(tdb.db.query('UPDATE audit.access_log SET user_id = $1', ['someone-else'])).rejects.toThrow(
    /permission denied/,
  );
  await expect(tdb.db.query('DELETE FROM audit.access_log')).rejects.toThrow(/permission denied/);
  await expect(tdb.admin.query('UPDATE audit.access_log SET user_id = $1', ['someone-else'])).rejects.toThrow(
    /append-only/,
  );
  await expect(tdb.admin.query('DELETE FROM audit.access_log')).rejects.toThrow(/append-only/);
});
