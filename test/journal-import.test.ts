/**
 * Journal import on exports the project generates itself (dev/journal-exports.ts), on
 * real PostgreSQL: counts, idempotency, quarantine with raw bytes, migrated copies stored
 * once whatever the import order, unreadable files, and SQL round trips that stay
 * constant as a patient's journal grows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJournalExports, type JournalExportSummary } from '../dev/journal-exports';
import { startStack, type Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { everyoneMatterToken } from '../dev/policy';

let dir: string;
let summary: JournalExportSummary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-exports-'));
  summary = await writeJournalExports(dir, {
    patients: 25,
    notesPerPatient: 8,
    migratedShare: 0.2,
    defects: true,
    seed: 5,
  });
  expect(summary.migratedCopies).toBeGreaterThan(0);
});

describe('import of generated exports', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db });
    await stack.stop(); // migrations applied; the database stays
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  test('every record is accepted, defects are quarantined each with its reason, and a re-run changes nothing', async () => {
    const g = await runImport(tdb.db, 'gerica', join(dir, 'gerica'));
    expect(g.counts.entries).toEqual({ accepted: summary.gericaNotes, updated: 0, unchanged: 0 });
    expect(g.quarantined).toEqual({ encoding: 1, date: 1, 'column-count': 1, 'national-id': 1, quoting: 1 });
    const p = await runImport(tdb.db, 'profil', join(dir, 'profil'));
    expect(p.counts.entries.accepted).toBe(summary.profilNotes);
    const h = await runImport(tdb.db, 'hp', join(dir, 'helseplattformen'));
    expect(h.counts.entries).toEqual({
      accepted: summary.hpNotes,
      updated: 0,
      unchanged: summary.migratedCopies,
    });
    expect(h.migratedCopiesLinked).toBe(summary.migratedCopies);
    const n = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.journal_entry');
    expect(n.rows[0]!.n).toBe(summary.distinctNotes);
    expect(
      (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.patient')).rows[0]!.n,
    ).toBe(summary.patients + 1);

    for (const [source, path] of [
      ['gerica', 'gerica'],
      ['profil', 'profil'],
      ['hp', 'helseplattformen'],
    ] as const) {
      const again = await runImport(tdb.db, source, join(dir, path));
      for (const c of Object.values(again.counts)) expect(c.accepted + c.updated).toBe(0);
    }
    expect(
      (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.quarantine')).rows[0]!.n,
    ).toBe(5);
    const outbox = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.outbox');
    expect(outbox.rows[0]!.n).toBe(summary.distinctNotes);
  });

  test('the record after an unclosed quote survives, and quarantined bytes are the file bytes', async () => {
    const good = await tdb.db.query<{ text: string }>(
      `SELECT text FROM journal.journal_entry WHERE source_system = 'GERICA' AND source_id = '3999006'`,
    );
    expect(good.rows[0]!.text).toBe('Kveldsbesøk.');
    const q = await tdb.db.query<{ raw: Buffer; reason: string }>(
      `SELECT raw, reason FROM journal.quarantine WHERE reason = 'encoding'`,
    );
    expect(Buffer.from(q.rows[0]!.raw).includes(Buffer.from('Morgenbesøk', 'utf8'))).toBe(true);
  });

  test('an unreadable file fails the import with a clear error and stores nothing', async () => {
    await expect(runImport(tdb.db, 'gerica', join(dir, 'nope.csv'))).rejects.toThrow(/no such file/);
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'a;b;c\r\n1;2;3\r\n');
    await expect(runImport(tdb.db, 'gerica', wrong)).rejects.toThrow(/not a Gerica journalnotater export/);
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, '<profil-eksport><klient klientnr="000001"');
    await expect(runImport(tdb.db, 'profil', broken)).rejects.toThrow(/not well-formed/);
  });
});

test('HP first, legacy after: migrated copies are still stored once', async () => {
  const tdb = await createTestDatabase();
  try {
    const stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db });
    await stack.stop();
    await runImport(tdb.db, 'hp', join(dir, 'helseplattformen'));
    await runImport(tdb.db, 'gerica', join(dir, 'gerica'));
    const p = await runImport(tdb.db, 'profil', join(dir, 'profil'));
    expect(p.counts.entries.updated).toBe(0);
    const n = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.journal_entry');
    expect(n.rows[0]!.n).toBe(summary.distinctNotes);
  } finally {
    await tdb.drop();
  }
});

describe('SQL round trips per request', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    stack = await startStack(testConfig({ databaseUrl: tdb.url }), {
      db: tdb.db,
      indexerIntervalMs: 3_600_000,
    });
    await insertPatients(tdb.db, [
      { id: 'p-small', familyName: 'Lie', givenName: 'Kari', birthDate: '1990-01-01' },
      { id: 'p-large', familyName: 'Lie', givenName: 'Ola', birthDate: '1990-01-01' },
    ]);
    const entries = (patientId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${patientId}-${i}`,
        patientId,
        sourceSystem: 'GERICA' as const,
        sourceId: `${patientId}-${i}`,
        type: 'Journalnotat',
        authorName: 'Kari Holm',
        writtenAt: new Date(Date.UTC(2005, 0, 1) + i * 86_400_000).toISOString(),
        text: `Notat ${i}`,
      }));
    await insertJournalEntries(tdb.db, [...entries('p-small', 10), ...entries('p-large', 1000)]);
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
  });

  const QUERY = `query ($id: ID!) { patient(id: $id) { nationalIds relatives { name } identities { localId }
    journal(ageFrom: 10, ageTo: 40, first: 1000) { totalCount edges { node { id text writtenAt author { name } careContact { id }
      provenance { sourceId } history { version } tombstone { deletedBy } } } }
    careContacts(ageFrom: 10) { contacts { id } } } }`;

  test('stay the same for a patient with 10 entries and one with 1,000', async () => {
    const token = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
    const count = async (id: string) => {
      const before = tdb.db.stats.queries;
      const r = await gql(stack.gateway.url, QUERY, { token, variables: { id } });
      expect(r.body.errors).toBeUndefined();
      return { queries: tdb.db.stats.queries - before, n: r.body.data.patient.journal.edges.length };
    };
    const small = await count('p-small');
    const large = await count('p-large');
    expect(small.n).toBe(10);
    expect(large.n).toBe(1000);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(14);
  });
});
