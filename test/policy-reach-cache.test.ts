/**
 * The compiled reach kept per request (lib/policy/reach-cache.ts, policy.ts compilePolicyOnce)
 * is a bounded cache with expiry: a closed matter or a break-the-glass grant found
 * unjustified is refused on the very next call, also the next call under the same request id
 * (the dossier's next owner, the gateway's next subgraph), never served from memory; entries
 * expire after the TTL and the cache never holds more than its bound (it was pruned only above
 * 1,000 entries, each kept 10 s whatever changed). Real PostgreSQL (dev/services.ts).
 */
import { AuditTrail } from '../lib/audit';
import type { CallerContext } from '../lib/auth';
import { compiledReachCount, compilePolicyOnce, REACH_CACHE } from '../lib/policy/policy';
import { ReachCache, reachChanged } from '../lib/policy/reach-cache';
import { closeMatter, insertBreakGlass, insertMatter, reviewBreakGlass } from '../lib/policy/store';
import { migrateSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, type TestDatabase } from '../dev/services';

let tdb: TestDatabase;

const matter = (id: string, patientIds: string[]) => ({
  id,
  title: id,
  purpose: 'LEGAL_PROCEEDINGS',
  patientIds,
  nationalIds: [],
  periodFrom: '2010-01-01',
  periodTo: null,
  members: ['u'],
  expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
});

const caller = (matterId: string, requestId: string): CallerContext => ({
  userId: 'u',
  role: 'legal',
  purpose: 'LEGAL_PROCEEDINGS',
  matter: matterId,
  selfAuthorized: false,
  requestId,
});

/** Null when the caller may read the patient, else the rule that refuses it. */
async function patientRule(c: CallerContext, patientId: string): Promise<string | null> {
  const policy = await compilePolicyOnce(tdb.db, c);
  return policy.check(new AuditTrail('test', c), 'patient', { patientIds: [patientId] });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  await insertPatients(
    tdb.db,
    ['p1', 'p2', 'p3'].map((id) => ({
      id,
      nationalId: null,
      familyName: 'C',
      givenName: id,
      birthDate: '2000-01-01',
    })),
  );
  await insertMatter(tdb.db, matter('M-C1', ['p1']), 'arkivar');
  await insertMatter(tdb.db, matter('M-C2', ['p2']), 'arkivar');
});

afterAll(async () => {
  await tdb?.drop();
});

test('pasientjournalloven § 22: a closed matter is refused on the very next call, also under the same request id (the reach compiled for that request was served for 10 s)', async () => {
  const c = caller('M-C1', 'req-close');
  expect(await patientRule(c, 'p1')).toBeNull();
  expect(await closeMatter(tdb.db, 'M-C1', 'arkivar')).toBe(true);
  expect(await patientRule(c, 'p1')).toBe('matter M-C1 is closed');
  expect(await patientRule(caller('M-C1', 'req-next'), 'p1')).toBe('matter M-C1 is closed');
});

test('pasientjournalforskriften § 14, pasientjournalloven § 19: a break-the-glass grant reviewed NOT_JUSTIFIED is refused on the very next call under the same request id', async () => {
  const c = caller('M-C2', 'req-glass');
  const glass = await insertBreakGlass(tdb.db, {
    userId: 'u',
    matterId: 'M-C2',
    patientId: 'p3',
    reason: 'acute need, documented in the matter',
    hours: 1,
    requestId: 'req-glass',
  });
  expect(await patientRule(c, 'p3')).toBeNull();
  await reviewBreakGlass(tdb.db, String(glass.id), 'arkivar', 'NOT_JUSTIFIED', 'no urgent need');
  expect(await patientRule(c, 'p3')).toBe('patient not in matter M-C2');
  // The matter itself still reaches its own patient.
  expect(await patientRule(c, 'p2')).toBeNull();
});

test('the compiled reaches kept stay within the bound however many requests come (pruned only above 1,000 entries)', async () => {
  for (let i = 0; i < REACH_CACHE.max + 50; i++)
    await compilePolicyOnce(tdb.db, caller('M-C2', `req-many-${i}`));
  expect(compiledReachCount()).toBeLessThanOrEqual(REACH_CACHE.max);
  expect(REACH_CACHE.ttlMs).toBeLessThanOrEqual(5_000);
});

test('the cache: an entry older than the TTL, or one compiled before a change of a matter or grant, is not used; the oldest go first over the bound', () => {
  let now = 1_000;
  const cache = new ReachCache<string>(3, 5_000, () => now);
  cache.set('a', 'A');
  now += 4_999;
  expect(cache.get('a')).toBe('A');
  now += 1;
  expect(cache.get('a')).toBeUndefined();
  expect(cache.size).toBe(0);
  cache.set('b', 'B');
  reachChanged();
  expect(cache.get('b')).toBeUndefined();
  cache.set('b', 'B2');
  expect(cache.get('b')).toBe('B2');
  for (const k of ['c', 'd', 'e']) cache.set(k, k);
  expect(cache.size).toBe(3);
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('c')).toBe('c');
  // A failed compilation is dropped only if it is still the one kept.
  cache.delete('c', 'other');
  expect(cache.get('c')).toBe('c');
  cache.delete('c', 'c');
  expect(cache.get('c')).toBeUndefined();
});
