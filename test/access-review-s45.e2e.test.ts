/**
 * Access review s45 (reviewer rev-access-s45): who may see what, on paths added since the last
 * review (stop 44), through the gateway and at each subgraph as the gateway calls it, on real
 * PostgreSQL. Each test FAILED on the code as reviewed, for the reason its comment gives.
 *
 * Not repeated here: the earlier review files (test/*review*.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

/** Two persons an archivist linked as one (a typo in a national id), later found to be two and unlinked. */
const NID_K = makeSyntheticNationalId('1961-02-14', 451, false);
const NID_L = makeSyntheticNationalId('1961-02-15', 452, true);
const PT_K = 'pt-s45-k';
const PT_L = 'pt-s45-l';

let env: TestStack;
let dir: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  dir = mkdtempSync(join(tmpdir(), 'hs-access-s45-'));
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: PT_K, nationalId: NID_K, familyName: 'Kvam', givenName: 'Karin', birthDate: '1961-02-14' },
    { id: PT_L, nationalId: NID_L, familyName: 'Lie', givenName: 'Leif', birthDate: '1961-02-15' },
  ]);
  const execution = (o: Record<string, unknown>) =>
    JSON.stringify({
      kind: 'execution',
      measure: 'fysisk holding ved stell',
      alternativesTried: 'Tilbudt å velge rekkefølge.',
      description: 'Kveldsstell, motsatte seg dusj.',
      reportedAt: '2023-03-14T09:10:00+01:00',
      decisionId: null,
      executedBy: ['9160033'],
      ...o,
    });
  writeFileSync(
    join(dir, 'Coercion.ndjson'),
    [
      execution({
        id: 'TVG-S45-K',
        patient: NID_K,
        start: '2023-03-11T21:33:00+01:00',
        end: '2023-03-11T21:46:00+01:00',
      }),
      execution({
        id: 'TVG-S45-L',
        patient: NID_L,
        start: '2023-03-11T21:31:00+01:00',
        end: '2023-03-11T21:44:00+01:00',
      }),
    ].join('\n') + '\n',
  );
  const [s] = await importCoercionPath(db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body;

/** The entity ids a user's reads logged under one key (access-log patient key). */
async function loggedUnder(userId: string, key: string): Promise<string[]> {
  const r = await env.tdb.db.query<{ entity_ids: string[] }>(
    `SELECT entity_ids FROM audit.access_log WHERE user_id = $1 AND patient_id = $2 AND outcome IS DISTINCT FROM 'denied'`,
    [userId, key],
  );
  return r.rows.flatMap((x) => x.entity_ids);
}

/** The coercion execution id of a source record. */
async function executionId(sourceId: string): Promise<string> {
  const r = await env.tdb.db.query<{ id: string }>(
    'SELECT id FROM coercion.execution WHERE source_id = $1',
    [sourceId],
  );
  return r.rows[0]!.id;
}

// Attack (review s45, path "coercion execution → the other record of the same execution"): the
// journalansvarlig records two executions of one person as one (markSameCoercionExecution, stop 44);
// the person was two linked records of two national ids, which an archivist later unlinks as two
// persons. `CoercionExecution.alsoRecordedAs` and `sameExecutionAs` read the other execution's id,
// source id and times straight from the table: no reach check and no access-log row. So (1) a
// legal user on a matter of K alone reads L's execution (another person, pasientjournalloven § 22)
// through K's execution, while coercionExecution(id) of the same record is refused; (2) an
// archivist's read of L's execution through K's record is never in L's access log
// (pasientjournalforskriften § 14), while linked or after.
test('pasientjournalloven § 22, pasientjournalforskriften § 14: the other record of a coercion execution recorded as the same (alsoRecordedAs, sameExecutionAs) is shown only in reach, and logged under its own person', async () => {
  const idK = await executionId('TVG-S45-K');
  const idL = await executionId('TVG-S45-L');
  const admin = await env.stack.token({ sub: 'arkivar-s45', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const ansvarlig = await env.stack.token({
    sub: 'journalansvarlig-s45',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const ok = (b: { errors?: unknown; data?: unknown }) => {
    expect(b.errors).toBeUndefined();
    return b.data as Record<string, never>;
  };
  ok(await call(admin, `mutation { linkPatients(a: "${PT_K}", b: "${PT_L}", reason: "samme person") { id } }`));
  ok(
    await call(
      ansvarlig,
      'mutation ($a: ID!, $b: ID!) { markSameCoercionExecution(a: $a, b: $b, counted: $a, reason: "Samme utførelse, registrert to ganger") { executionId } }',
      { a: idK, b: idL },
    ),
  );
  const links = `coercionExecution(id: "${idK}") { id alsoRecordedAs { executionId sourceId start } }`;
  // An archivist reaches both: L's execution read through K's is logged under L.
  const linked = ok(await call(admin, `{ ${links} }`));
  expect(linked.coercionExecution).toMatchObject({ alsoRecordedAs: [{ executionId: idL }] });
  expect(await loggedUnder('arkivar-s45', `nid:${NID_L}`)).toContain(idL);

  ok(await call(admin, `mutation { unlinkPatients(a: "${PT_K}", b: "${PT_L}", reason: "to personer") { id } }`));
  const legal = await env.stack.matterToken(
    { id: 'M-s45-k', nationalIds: [NID_K] },
    { sub: 'jurist-s45' },
  );
  // L's execution by id: refused, as it should be.
  const direct = await call(legal, `{ coercionExecution(id: "${idL}") { id } }`);
  expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // Through K's execution: not shown.
  const k = ok(await call(legal, `{ ${links} }`));
  expect(k.coercionExecution).toEqual({ id: idK, alsoRecordedAs: [] });
  expect(await loggedUnder('jurist-s45', `nid:${NID_L}`)).toEqual([]);
});
