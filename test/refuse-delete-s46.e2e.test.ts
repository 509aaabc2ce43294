/**
 * Stop 46: nothing stored is lost (arkivlova § 5 arkivplikta; pasientjournalloven § 22 and
 * helsepersonelloven § 40 on what a record keeps). Every table of the journal, the archive and
 * the coercion room that holds source records, their versions, corrections or logs refuses a
 * DELETE (a statement trigger, `no_delete`: journal migration 042, archive 037, coercion 022, or a
 * trigger of its own from before), with the table named in the message. The tables left out are
 * listed with the rule that deletes from them (or why they hold no record): a table added later
 * fails the last test until it is put in one list or the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProfilPersons, startPostgresTestStack, type TestStack } from '../dev/test-stack';

/** Protected by stop 46's migrations (trigger `no_delete`). */
const PROTECTED: Record<string, string[]> = {
  journal: [
    'care_contact',
    'entry_move',
    'entry_provenance',
    'entry_version',
    'identity_change',
    'import_run',
    'journal_entry',
    'patient',
    'patient_detail_choice',
    'patient_detail_choice_undone',
    'patient_identity',
    'patient_link',
    'practitioner',
    'quarantine',
    'record_case',
    'record_case_event',
    'record_version',
    'related_person',
    'service_decision',
    'service_decision_version',
    'source_conflict',
    'tombstone',
  ],
  archive: [
    'access_request',
    'arkiv',
    'arkivdel',
    'case_handler_event',
    'dokumentbeskrivelse',
    'dokumentobjekt',
    'ended_part',
    'endringslogg',
    'journalpost',
    'klasse',
    'klassifikasjonssystem',
    'part',
    'quarantine',
    'record_version',
    'saksmappe',
    'unlinked_person_link',
  ],
  coercion: ['decision', 'decision_source', 'execution', 'quarantine', 'record_version', 'staff_identity'],
};

/** Protected before stop 46, by a trigger of their own. */
const PROTECTED_BEFORE = [
  'archive.case_handler',
  'archive.party_conflict',
  'archive.source_record',
  'coercion.approval_change',
  'coercion.same_execution',
];

/** Left out, each with its reason (the migrations say the same). */
const LEFT_OUT: Record<string, string> = {
  'journal.outbox': 'the indexer’s queue',
  'journal.demo_load': 'the demo data’s bookkeeping',
  'archive.person_link': 'a link a later extract ends moves to unlinked_person_link (endPersonLink)',
  'archive.document_text': 'text read out of a stored document, read again (doctext/job.ts)',
  'archive.document_page_text': 'the pages of that text, replaced when read again (doctext/job.ts)',
  'archive.outbox': 'the indexer’s queue',
  'archive.document_outbox': 'the indexer’s queue',
  'coercion.outbox': 'the indexer’s queue',
};

describe('arkivlova § 5, pasientjournalloven § 22: no DELETE on a table that holds records (stop 46)', () => {
  let ts: TestStack;
  let dir: string;
  beforeAll(async () => {
    ts = await startPostgresTestStack();
    dir = mkdtempSync(join(tmpdir(), 'hs-s46-refuse-delete-'));
    // Rows in the journal's tables (patients, notes, identities, an import run), so the refusal is
    // seen to keep them, not only to fire on an empty table.
    await importProfilPersons(ts.tdb.db, dir, { patients: 3, notesPerPatient: 2 });
  }, 180_000);
  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = async (t: string) =>
    Number((await ts.tdb.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`)).rows[0]!.n);

  test.each(Object.entries(PROTECTED).flatMap(([s, ts]) => ts.map((t) => `${s}.${t}`)))(
    'arkivlova § 5, pasientjournalloven § 22: DELETE FROM %s is refused with a message naming the table; its rows stay',
    async (table) => {
      const before = await count(table);
      await expect(ts.tdb.db.query(`DELETE FROM ${table}`)).rejects.toThrow(
        `${table}: a row is never deleted (arkivlova § 5`,
      );
      // The application's login, and the admin login too (the trigger is no permission).
      await expect(ts.tdb.admin.query(`DELETE FROM ${table} WHERE false`)).rejects.toThrow(
        `${table}: a row is never deleted`,
      );
      expect(await count(table)).toBe(before);
    },
  );

  // TRUNCATE fires no DELETE trigger, and the application login owns the tables, so it could empty
  // one (fix FX2): a statement trigger `no_truncate` beside every `no_delete` (journal migration
  // 043, archive 039, coercion 024) refuses it, for the tables protected before stop 46 too.
  test.each([
    ...Object.entries(PROTECTED).flatMap(([s, ts]) => ts.map((t) => `${s}.${t}`)),
    ...PROTECTED_BEFORE,
  ])(
    'arkivlova § 5, pasientjournalloven § 22: TRUNCATE %s is refused with a message naming the table; its rows stay',
    async (table) => {
      const before = await count(table);
      await expect(ts.tdb.db.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(
        `${table}: a table is never emptied (arkivlova § 5`,
      );
      await expect(ts.tdb.admin.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(
        `${table}: a table is never emptied`,
      );
      expect(await count(table)).toBe(before);
    },
  );

  test('arkivlova § 5: the journal tables the test filled keep their rows (patients, notes, identities, the import run)', async () => {
    for (const t of [
      'journal.patient',
      'journal.journal_entry',
      'journal.patient_identity',
      'journal.import_run',
    ])
      expect(await count(t)).toBeGreaterThan(0);
  });

  test('arkivlova § 5: every table of the journal, the archive and the coercion room either refuses a DELETE or is left out with a rule that deletes (a new table must be put in one list)', async () => {
    const r = (
      await ts.tdb.db.query<{ t: string; guarded: boolean }>(
        `SELECT n.nspname || '.' || c.relname AS t,
                EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal AND g.tgenabled <> 'D'
                          AND (g.tgtype & 8) <> 0 AND (g.tgtype & 2) <> 0) AS guarded
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('journal', 'archive', 'coercion')
          ORDER BY 1`,
      )
    ).rows;
    const expected = [
      ...Object.entries(PROTECTED).flatMap(([s, ts]) => ts.map((t) => `${s}.${t}`)),
      ...PROTECTED_BEFORE,
    ];
    expect(r.filter((x) => x.guarded).map((x) => x.t)).toEqual([...expected].sort());
    expect(r.filter((x) => !x.guarded).map((x) => x.t)).toEqual(Object.keys(LEFT_OUT).sort());
  });

  test('arkivlova § 5: every table that refuses a DELETE refuses a TRUNCATE too (a BEFORE TRUNCATE trigger; fix FX2)', async () => {
    const r = (
      await ts.tdb.db.query<{ t: string }>(
        `SELECT n.nspname || '.' || c.relname AS t
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('journal', 'archive', 'coercion')
            AND EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal AND g.tgenabled <> 'D'
                          AND (g.tgtype & 32) <> 0 AND (g.tgtype & 2) <> 0)
          ORDER BY 1`,
      )
    ).rows;
    expect(r.map((x) => x.t)).toEqual(
      [
        ...Object.entries(PROTECTED).flatMap(([s, ts]) => ts.map((t) => `${s}.${t}`)),
        ...PROTECTED_BEFORE,
      ].sort(),
    );
  });
});
