/**
 * A legal caller's reach compiled in one PostgreSQL round trip (lib/policy/store.ts
 * legalReach) finds what the separate lookups find: the matter, the user's live
 * break-the-glass grants under that matter, and every linked record of their persons
 * (pasientjournalloven § 22, pasientjournalforskriften § 14: a matter and a self-authorised
 * grant reach exactly their persons). Real PostgreSQL (dev/services.ts).
 */
import type { CallerContext } from '../lib/auth';
import { migrateSubgraph } from '../lib/subgraph';
import { compilePolicy } from '../lib/policy/policy';
import {
  activeBreakGlass,
  expandPersons,
  insertBreakGlass,
  insertMatter,
  legalReach,
  matterById,
  reviewBreakGlass,
} from '../lib/policy/store';
import { journalSubgraph } from '../subgraphs/journal';
import { linkPatients, unlinkPatients } from '../subgraphs/journal/mutations';
import { insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, type TestDatabase } from '../dev/services';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  const p = (id: string, nationalId: string | null) => ({
    id,
    nationalId,
    familyName: 'R',
    givenName: id,
    birthDate: '2000-01-01',
  });
  await insertPatients(tdb.db, [
    p('a1', '01010011111'),
    p('a2', null),
    p('a3', null),
    p('b1', '02020022222'),
    p('b2', null),
    p('c1', null),
    p('c2', null),
    p('d1', null),
    p('e1', null),
    p('f1', null),
  ]);
  // a1 – a2 – a3 linked; b1 (found by its national id) – b2 linked; c1 – c2 linked then unlinked.
  await linkPatients(tdb.db, 'a1', 'a2', 'same person, two sources', 'arkivar');
  await linkPatients(tdb.db, 'a2', 'a3', 'same person, two sources', 'arkivar');
  await linkPatients(tdb.db, 'b1', 'b2', 'same person, two sources', 'arkivar');
  await linkPatients(tdb.db, 'c1', 'c2', 'same person, two sources', 'arkivar');
  await unlinkPatients(tdb.db, 'c1', 'c2', 'not the same person after all', 'arkivar');
  const matter = (id: string, patientIds: string[], nationalIds: string[], members = ['u']) => ({
    id,
    title: id,
    purpose: 'LEGAL_PROCEEDINGS',
    patientIds,
    nationalIds,
    periodFrom: '2010-01-01',
    periodTo: null,
    members,
    expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
  });
  await insertMatter(tdb.db, matter('M-1', ['a1', 'c1'], ['02020022222']), 'arkivar');
  await insertMatter(tdb.db, matter('M-2', ['e1'], []), 'arkivar');
  await insertMatter(tdb.db, matter('M-3', [], ['09090099999']), 'arkivar');
  const glass = (matterId: string | null, patientId: string, userId = 'u') =>
    insertBreakGlass(tdb.db, {
      userId,
      matterId,
      patientId,
      reason: 'acute need, documented in the matter',
      hours: 1,
      requestId: 'r',
    });
  await glass('M-1', 'a3');
  await glass('M-1', 'd1');
  await glass('M-2', 'c2');
  await glass('M-1', 'e1', 'other-user');
  await glass(null, 'b1');
  // Reviewed grants under M-1: one found NOT_JUSTIFIED (no longer live), one JUSTIFIED (live until it expires).
  const unjustified = await glass('M-1', 'f1');
  await reviewBreakGlass(tdb.db, String(unjustified.id), 'arkivar', 'NOT_JUSTIFIED', 'no urgent need');
  const justified = await glass('M-1', 'e1');
  await reviewBreakGlass(tdb.db, String(justified.id), 'arkivar', 'JUSTIFIED', 'deadline confirmed');
  // An expired grant under M-1: not live.
  const expired = await glass('M-1', 'c2');
  await tdb.admin.query(
    `UPDATE policy.break_glass SET expires_at = now() - interval '1 minute', opened_at = now() - interval '2 hours' WHERE id = $1`,
    [expired.id],
  );
});

afterAll(async () => {
  await tdb?.drop();
});

/** The seeds compileReach builds from a matter and the live grants under it. */
function seedsOf(matter: { patient_ids: string[]; national_ids: string[] }, glass: { patient_id: string }[]) {
  return [
    ...glass.map((g, i) => ({ group: i + 1, patientIds: [g.patient_id], nationalIds: [] as string[] })),
    { group: 0, patientIds: matter.patient_ids, nationalIds: matter.national_ids },
  ];
}

const sorted = (m: Map<number, { patientIds: Set<string>; nationalIds: Set<string> }>) =>
  [...m.entries()]
    .sort(([a], [b]) => a - b)
    .map(([g, p]) => [g, [...p.patientIds].sort(), [...p.nationalIds].sort()]);

test.each(['M-1', 'M-2', 'M-3', 'M-unknown'])(
  'pasientjournalforskriften § 14 / pasientjournalloven § 22: the one-round-trip reach of matter %s equals the separate lookups',
  async (matterId) => {
    const one = await legalReach(tdb.db, matterId, 'u');
    expect(one).not.toBeNull();
    const matter = await matterById(tdb.db, matterId);
    expect(one!.matter).toEqual(matter);
    const live = (await activeBreakGlass(tdb.db, 'u')).filter((g) => g.matter_id === matterId);
    expect(one!.glass.map((g) => [g.id, g.patient_id, g.matter_id])).toEqual(
      live.map((g) => [g.id, g.patient_id, g.matter_id]),
    );
    if (!matter) return;
    const seeds = seedsOf(matter, live);
    expect(sorted(one!.persons(seeds))).toEqual(sorted(await expandPersons(tdb.db, seeds)));
  },
);

test('pasientjournalforskriften § 14, pasientjournalloven § 19: the compiled reach of a matter with links, a national id and break-the-glass grants (none reviewed NOT_JUSTIFIED)', async () => {
  const caller: CallerContext = {
    userId: 'u',
    role: 'legal',
    purpose: 'LEGAL_PROCEEDINGS',
    matter: 'M-1',
    selfAuthorized: false,
    requestId: 'r1',
  };
  const before = tdb.db.stats.queries;
  const policy = await compilePolicy(tdb.db, caller);
  // One round trip, not three (matter, grants, then the persons).
  expect(tdb.db.stats.queries - before).toBe(1);
  expect(
    policy.grants!.map((g) => [
      g.source.replace(/^break-the-glass \d+$/, 'break-the-glass N'),
      [...g.patientIds].sort(),
      [...g.nationalIds].sort(),
      g.selfAuthorized,
    ]),
  ).toEqual([
    // The matter: a1 with its linked a2, a3; c1 (its link undone); b1 by its national id, with its linked b2.
    ['M-1', ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'], ['01010011111', '02020022222'], false],
    // Live grants under M-1 only, in order: a3 (with its person), d1, e1 (reviewed JUSTIFIED);
    // not f1's (reviewed NOT_JUSTIFIED: pasientjournalforskriften § 14, pasientjournalloven § 19).
    ['break-the-glass N', ['a1', 'a2', 'a3'], ['01010011111'], true],
    ['break-the-glass N', ['d1'], [], true],
    ['break-the-glass N', ['e1'], [], true],
  ]);
  expect(policy.scopeRule).toBeNull();
});
