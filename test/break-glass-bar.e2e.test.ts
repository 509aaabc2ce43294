/**
 * Break the glass again after a NOT_JUSTIFIED review (lib/policy/resolvers.ts breakGlass,
 * clearBreakGlass; policy migration 007): through the gateway on real PostgreSQL with npm
 * start's demo data.
 *
 * Attack: a legal user breaks the glass for a patient outside their matter; an archivist finds
 * it NOT_JUSTIFIED, which ends the grant. The user breaks the glass again at once for the same
 * patient with a new reason (or for a linked record of the same person, or under another
 * matter), and reads the record for four more hours.
 * Rule: pasientjournalloven § 16 (no one reads health information without a need the work
 * gives) and § 22 (the data controller's access control), Normen's guide to access control
 * (self-authorisation is followed up, and a misuse found is stopped, not repeated): a grant
 * found NOT_JUSTIFIED bars that user from breaking the glass for that person until the
 * journalansvarlig (helsepersonelloven § 39 andre ledd) clears it, with a note, four eyes.
 */
import type { Dataset } from '../dev/generator';
import { followImportedIds, loadDemoData } from '../dev/demo';
import type { Stack } from '../scripts/stack';
import { gql, type TestDatabase } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;

beforeAll(async () => {
  env = await startPostgresTestStack();
  ({ tdb, stack } = env);
  ds = await loadDemoData(tdb.db);
  await followImportedIds(tdb.db, ds);
});

afterAll(async () => {
  await env?.stop();
});

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(stack.gateway.url, query, { token, variables })).body as Body;
const refusals = (b: Body) =>
  (b.errors ?? []).map((e) => [e.extensions?.code, e.message] as [string | undefined, string]);
const BREAK = 'mutation ($p: ID!, $r: String!) { breakGlass(patientId: $p, reason: $r) { id } }';
const CLEAR =
  'mutation ($id: ID!, $n: String!) { clearBreakGlass(id: $id, note: $n) { id outcome clearedBy clearanceNote } }';

test('pasientjournalloven §§ 16 and 22, Normen (selvautorisering followed up): a user whose break-the-glass grant for a patient was reviewed NOT_JUSTIFIED cannot break the glass for that person again (the same record, a linked record, another matter) until a journalansvarlig clears it; the refusal is logged', async () => {
  const inMatter = ds.patients[0]!;
  const outside = ds.patients[4]!;
  const linked = ds.patients[5]!;
  const jurist = 'btg-bar-jurist';
  const token = await stack.matterToken(
    { id: 'M-btg-bar', patientIds: [inMatter.id], members: [jurist, 'btg-bar-jurist-2'] },
    { sub: jurist },
  );
  const archivist = await stack.token({
    sub: 'btg-bar-arkivar',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const responsible = await stack.token({
    sub: 'btg-bar-journalansvarlig',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const readOutside = async (t: string) =>
    (await call(t, `{ patient(id: "${outside.id}") { givenName } }`)).data?.patient?.givenName ?? null;

  // The first grant, reviewed NOT_JUSTIFIED: it ends there.
  const first = await call(token, BREAK, { p: outside.id, r: 'Trenger journalen nå, fristsak i morgen' });
  expect(first.errors).toBeUndefined();
  const firstId = first.data.breakGlass.id as string;
  expect(await readOutside(token)).toBe(outside.givenName);
  const review = await call(
    archivist,
    'mutation ($id: ID!) { reviewBreakGlass(id: $id, outcome: NOT_JUSTIFIED, note: "Ingen hast; pasienten er ikke part i saken") { outcome } }',
    { id: firstId },
  );
  expect(review.errors).toBeUndefined();
  expect(await readOutside(token)).toBeNull();

  // Again at once, with a new reason: refused, named, nothing granted.
  const rule =
    `break the glass for this patient is barred: grant ${firstId} of this user for the same patient was reviewed ` +
    'NOT_JUSTIFIED; a journalansvarlig must clear it (clearBreakGlass) before the glass is broken again';
  const again = await call(token, BREAK, { p: outside.id, r: 'Ny begrunnelse: retten ba om det i dag' });
  expect(refusals(again)).toEqual([['FORBIDDEN', rule]]);
  expect(await readOutside(token)).toBeNull();
  // The same person through a linked record, and the same user under another matter: refused alike.
  const link = await call(
    archivist,
    `mutation { linkPatients(a: "${outside.id}", b: "${linked.id}", reason: "Samme person (dublett)") { id } }`,
  );
  expect(link.errors).toBeUndefined();
  expect(refusals(await call(token, BREAK, { p: linked.id, r: 'Samme person, annen journal' }))).toEqual([
    ['FORBIDDEN', rule],
  ]);
  const otherMatter = await stack.matterToken(
    { id: 'M-btg-bar-2', patientIds: [inMatter.id] },
    { sub: jurist },
  );
  expect(refusals(await call(otherMatter, BREAK, { p: outside.id, r: 'En annen sak, samme behov' }))).toEqual(
    [['FORBIDDEN', rule]],
  );
  const grants = await tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM policy.break_glass WHERE user_id = $1`,
    [jurist],
  );
  expect(grants.rows[0]!.n).toBe(1);
  const denied = await tdb.db.query<{ patient_id: string; rule: string }>(
    `SELECT patient_id, rule FROM audit.access_log
      WHERE user_id = $1 AND outcome = 'denied' AND entity_type = 'break_glass' ORDER BY id`,
    [jurist],
  );
  expect(denied.rows).toEqual([
    { patient_id: outside.id, rule },
    { patient_id: linked.id, rule },
    { patient_id: outside.id, rule },
  ]);
  // Another user of the matter is not barred by this user's review.
  expect(
    (
      await call(await stack.matterToken({ id: 'M-btg-bar' }, { sub: 'btg-bar-jurist-2' }), BREAK, {
        p: outside.id,
        r: 'Min egen fristsak i morgen',
      })
    ).errors,
  ).toBeUndefined();

  // Clearing: the journalansvarlig, not legal, not an archivist, not the user who opened it.
  const n = { id: firstId, n: 'Avklart med leder: ny fristsak gjelder pasienten' };
  expect(refusals(await call(token, CLEAR, n))).toEqual([
    ['FORBIDDEN', 'clearBreakGlass needs role journalansvarlig'],
  ]);
  expect(refusals(await call(archivist, CLEAR, n))).toEqual([
    ['FORBIDDEN', 'clearBreakGlass needs role journalansvarlig'],
  ]);
  const self = await stack.token({ sub: jurist, role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });
  expect(refusals(await call(self, CLEAR, n))).toEqual([
    [
      'FORBIDDEN',
      'a break-the-glass grant is reviewed by another user than the one who opened it (four eyes)',
    ],
  ]);
  expect(refusals(await call(responsible, CLEAR, { id: firstId, n: '  ' }))[0]![0]).toBe('BAD_USER_INPUT');
  // The journalansvarlig finds it among the reviews and clears it.
  const list = await call(responsible, '{ breakGlassReviews(pendingOnly: false) { id userId outcome } }');
  expect(list.data.breakGlassReviews).toContainEqual({
    id: firstId,
    userId: jurist,
    outcome: 'NOT_JUSTIFIED',
  });
  const cleared = await call(responsible, CLEAR, n);
  expect(cleared.errors).toBeUndefined();
  expect(cleared.data.clearBreakGlass).toEqual({
    id: firstId,
    outcome: 'NOT_JUSTIFIED',
    clearedBy: 'btg-bar-journalansvarlig',
    clearanceNote: n.n,
  });
  expect(refusals(await call(responsible, CLEAR, n))).toEqual([
    ['BAD_USER_INPUT', `no break-the-glass grant ${firstId} reviewed NOT_JUSTIFIED and not yet cleared`],
  ]);
  // The old grant stays ended; a new one may be opened, and is reviewed as any other.
  expect(await readOutside(token)).toBeNull();
  const opened = await call(token, BREAK, { p: outside.id, r: 'Ny fristsak, avklart med journalansvarlig' });
  expect(opened.errors).toBeUndefined();
  expect(await readOutside(token)).toBe(outside.givenName);
});
