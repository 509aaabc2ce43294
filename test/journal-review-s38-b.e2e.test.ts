/**
 * The second review of s38's journal fixes, on real PostgreSQL: a resolved source conflict gave
 * a note moved under helsepersonelloven § 44 the wrong patient's care contact back, and two
 * import batches deadlocked on the patient links since a deletion's check locks them. Each test
 * failed before its fix.
 */
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { journalSubgraph } from '../subgraphs/journal';
import { lockBeforeFollowedDeletions } from '../subgraphs/journal/import/writer';
import { resolveSourceConflict } from '../subgraphs/journal/mutations';
import { deletionBlockers } from '../subgraphs/journal/record-cases';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  await migrateSubgraph(tdb.db, archiveSubgraph, tdb.admin);
  await tdb.db.query(
    `INSERT INTO journal.patient (id, family_name, given_name)
     VALUES ('A', 'Aa', 'Anne'), ('B', 'Bb', 'Berit'), ('A1', 'A', 'a'), ('A2', 'A', 'a'), ('B1', 'B', 'b'), ('B2', 'B', 'b')`,
  );
  await tdb.db.query(
    `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, period_start)
     VALUES ('cc-A', 'A', 'HELSEPLATTFORMEN', 'enc-A', 'Legevakt', now())`,
  );
}, 60_000);

afterAll(async () => {
  await tdb?.drop();
});

test.each(['TAKE_SOURCE', 'KEEP_CORRECTION'] as const)(
  'helsepersonelloven § 44: a source conflict resolved (%s) after its note was moved to another patient does not give the note the first patient’s care contact back',
  async (resolution) => {
    const id = `je-cc-${resolution}`;
    await tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, care_contact_id, text_origin, content_hash)
       VALUES ($1, 'A', 'HELSEPLATTFORMEN', $1, 'Notat', now(), 'rettet tekst', 'cc-A', 'correction', 'h1')`,
      [id],
    );
    // The conflict as the import stores it while the note is in A's record (writer.ts step 1).
    const c = await tdb.db.query<{ id: string }>(
      `INSERT INTO journal.source_conflict (entry_id, source_hash, source_record)
       VALUES ($1, 'h2', jsonb_build_object('text', 'kildens tekst', 'author_name', 'Dr X', 'author_hpr', NULL,
                                            'author_practitioner_id', NULL, 'care_contact_id', 'cc-A'))
       RETURNING id::text`,
      [id],
    );
    // The § 44 move to B, as moveEntry leaves the note: in B's record, no care contact.
    await tdb.db.query(
      `UPDATE journal.journal_entry SET patient_id = 'B', care_contact_id = NULL, version = version + 1 WHERE id = $1`,
      [id],
    );
    await resolveSourceConflict(tdb.db, Number(c.rows[0]!.id), resolution, 'kilden gjelder', 'arkivar');
    const row = (
      await tdb.db.query<{ patient_id: string; care_contact_id: string | null; author_name: string | null }>(
        'SELECT patient_id, care_contact_id, author_name FROM journal.journal_entry WHERE id = $1',
        [id],
      )
    ).rows[0]!;
    expect(row).toEqual({ patient_id: 'B', care_contact_id: null, author_name: 'Dr X' });
  },
);

test('two import batches that add a patient link and then check a followed deletion’s holds take turns instead of deadlocking (lockBeforeFollowedDeletions)', async () => {
  let arrived = 0;
  let both!: () => void;
  const together = new Promise<void>((r) => (both = r));
  // Each batch as the writer runs it: the lock before any write, writePatients' link, step 3b's check.
  const batch = (x: string, y: string) =>
    tdb.db.transaction(async (tx) => {
      await lockBeforeFollowedDeletions(tx);
      await tx.query(
        `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
         VALUES ($1, $2, 'import', 'same person') ON CONFLICT DO NOTHING`,
        [x, y],
      );
      if (++arrived === 2) both();
      // Both would meet here if nothing serialised them; the second waits at the lock instead.
      await Promise.race([together, new Promise((r) => setTimeout(r, 1000))]);
      return deletionBlockers(tx, x, { inTransaction: true });
    });
  const r = await Promise.allSettled([batch('A1', 'A2'), batch('B1', 'B2')]);
  expect(r.map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as Error).message))).toEqual(['ok', 'ok']);
});
