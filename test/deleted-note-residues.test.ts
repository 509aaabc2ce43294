/**
 * What is left of a note deleted under helsepersonelloven § 43 (or § 44 without a right
 * patient), on real PostgreSQL: the text goes from everything the journal holds of the note
 * (mutations.ts deleteEntry); the tombstone, the case and what was decided stay. Each place
 * below was found left after review s30: the source's reason for a corrected version
 * (`correction_reason`, on the note, in its kept versions' fields and in a waiting source
 * version), and, for notes deleted before the code that clears them, the correction a record
 * case asked for and the source versions waiting for an archivist (migration 016).
 *
 * `residues` reads every table of the database as text, so a place not thought of is found too.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpDoc, hpPatient, writeHpExport } from '../dev/hp-records';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import type { Queryable } from '../lib/db';
import { migrate } from '../lib/migrate';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { journalSubgraph } from '../subgraphs/journal';
import { GERICA_COLUMNS } from '../subgraphs/journal/import/gerica';
import { runImport } from '../subgraphs/journal/import/run';
import { makeSyntheticNationalId } from '../lib/national-id';
import { entryIdFor } from '../subgraphs/journal/import/records';
import { correctNow, deleteNow, registerCase, type Actor } from '../subgraphs/journal/record-cases';

let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  // The archive's open access requests are asked before a deletion (record-cases.ts deletionBlockers).
  await migrateSubgraph(tdb.db, archiveSubgraph);
  dir = mkdtempSync(join(tmpdir(), 'hs-residues-'));
});

afterAll(async () => {
  await tdb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every table (schema.table) of the database with a row whose text holds `marker`, and how many. */
async function residues(db: Queryable, marker: string): Promise<Record<string, number>> {
  const tables = (
    await db.query<{ t: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        ORDER BY 1`,
    )
  ).rows.map((r) => r.t);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const n = (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} x WHERE x::text LIKE $1`, [
        `%${marker}%`,
      ])
    ).rows[0]!.n;
    if (n) out[t] = n;
  }
  return out;
}

const ansvarlig: Actor = { userId: 'journalansvarlig-res', role: 'journalansvarlig' };
const arkivar: Actor = { userId: 'arkivar-res', role: 'archivist' };
const DELETE_OK = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
};

describe('a note deleted today', () => {
  test('helsepersonelloven § 43: the deletion takes the source’s correction reason from the note, its kept versions and its waiting source versions, and the correction a case asked for (found after review s30: correction_reason stayed)', async () => {
    const pt = hpPatient('pt-res-1', '1961-01-11', 71);
    const doc = (id: string, text: string, extra: object = {}) => hpDoc(id, 'pt-res-1', text, extra);
    // v1, then v2 replacing it with the author's reason (HP `description`), both naming the content.
    const v1 = doc('dr-res-1', 'Første zqxtekst en.', { status: 'superseded' });
    const v2 = (text: string, why: string) =>
      doc('dr-res-2', text, {
        relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/dr-res-1' } }],
        description: why,
      });
    await runImport(
      tdb.db,
      'hp',
      writeHpExport(dir, 'res-1', {
        Patient: [pt],
        DocumentReference: [v1, v2('Andre zqxtekst to.', 'Feil dose zqxgrunn 50 mg')],
      }),
    );
    const id = entryIdFor('HELSEPLATTFORMEN', 'dr-res-2');
    // Corrected here; the source then sends another version: it waits as a source conflict.
    await correctNow(tdb.db, { entryId: id, text: 'Rettet zqxtekst tre.', reason: 'Skrivefeil' }, ansvarlig);
    await runImport(
      tdb.db,
      'hp',
      writeHpExport(dir, 'res-2', {
        Patient: [pt],
        DocumentReference: [v1, v2('Andre zqxtekst fire.', 'Feil dose zqxgrunn 5 mg')],
      }),
    );
    const open = await tdb.db.query('SELECT 1 FROM journal.source_conflict WHERE entry_id = $1', [id]);
    expect(open.rowCount).toBe(1);
    // A correction asked for and not yet decided.
    await registerCase(
      tdb.db,
      {
        entryId: id,
        ground: 'HPL_42',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skal rettes',
        proposedText: 'Forslag zqxtekst fem.',
      },
      arkivar,
    );
    expect(Object.keys(await residues(tdb.db, 'zqxgrunn')).length).toBeGreaterThan(0);

    await deleteNow(
      tdb.db,
      { entryId: id, legalBasis: 'Feil og belastende', assessment: DELETE_OK },
      ansvarlig,
    );
    expect(await residues(tdb.db, 'zqxtekst')).toEqual({});
    expect(await residues(tdb.db, 'zqxgrunn')).toEqual({});
    // What was decided and who did what stays.
    const kept = await tdb.db.query<{ change: string }>(
      'SELECT change FROM journal.entry_version WHERE entry_id = $1 ORDER BY version',
      [id],
    );
    expect(kept.rows.map((r) => r.change)).toEqual(['correction', 'deletion']);
    const stays = await tdb.db.query<{ resolution: string; has_text: boolean }>(
      `SELECT resolution, source_record ? 'text' AS has_text FROM journal.source_conflict WHERE entry_id = $1`,
      [id],
    );
    expect(stays.rows).toEqual([{ resolution: 'superseded', has_text: false }]);
  });
});

describe('a deleted note’s lines in the import quarantine', () => {
  test('helsepersonelloven § 43: an HP line of the note quarantined as invalid-resource, encoding, unstorable-text or unknown-patient loses its bytes when the note is deleted, and a re-import keeps such a line without them (found after review s30: only three reasons named the note)', async () => {
    const pt = hpPatient('pt-res-q', '1962-02-12', 72);
    const doc = (text: string, extra: object = {}) => hpDoc('dr-res-q', 'pt-res-q', text, extra);
    const lines = [
      doc('Ugyldig zqxkarantene en.', { date: 'ikke en dato' }),
      doc('Latin zqxkarantene to æøå.', {
        content: [
          { attachment: { data: Buffer.from('Latin zqxkarantene to æøå.', 'latin1').toString('base64') } },
        ],
      }),
      doc('Nul \u0000 zqxkarantene tre.'),
      doc('Ukjent pasient zqxkarantene fire.', { subject: { reference: 'Patient/pt-res-ukjent' } }),
      doc('Gyldig zqxkarantene fem.'),
    ];
    const exportOf = (name: string) => writeHpExport(dir, name, { Patient: [pt], DocumentReference: lines });
    const first = await runImport(tdb.db, 'hp', exportOf('res-q-1'));
    expect(first.quarantined).toEqual({
      'invalid-resource': 1,
      encoding: 1,
      'unstorable-text': 1,
      'unknown-patient': 1,
    });
    const id = entryIdFor('HELSEPLATTFORMEN', 'dr-res-q');
    const rows = async () =>
      (
        await tdb.db.query<{ reason: string; bytes: number; by: string | null; linked: boolean }>(
          `SELECT reason, length(raw)::int AS bytes, raw_removed_by AS by, entry_id IS NOT NULL AS linked
             FROM journal.quarantine WHERE import_run_id IN (SELECT id FROM journal.import_run WHERE file LIKE 'res-q-%')
            ORDER BY id`,
        )
      ).rows;
    expect((await rows()).every((r) => r.linked && r.bytes > 0)).toBe(true);

    await deleteNow(
      tdb.db,
      { entryId: id, legalBasis: 'Feil og belastende', assessment: DELETE_OK },
      ansvarlig,
    );
    const gone = (await rows()).map((r) => [r.reason, r.bytes, r.by]);
    expect(gone).toEqual([
      ['invalid-resource', 0, ansvarlig.userId],
      ['encoding', 0, ansvarlig.userId],
      ['unstorable-text', 0, ansvarlig.userId],
      ['unknown-patient', 0, ansvarlig.userId],
    ]);
    // The same lines in a later export: counted and kept, without the deleted note's bytes.
    const again = await runImport(tdb.db, 'hp', exportOf('res-q-2'));
    expect(again.quarantined).toEqual(first.quarantined);
    expect((await rows()).filter((r) => r.bytes > 0)).toEqual([]);
    // The same lines of the same file: no row added (rows name the file, not its folder; review s41).
    expect((await rows()).length).toBe(4);
  });
});

describe('a deleted Gerica note’s rows in the import quarantine', () => {
  test('helsepersonelloven § 43: a Gerica row of the note quarantined after its NotatID was read (time, date, national-id) loses its bytes when the note is deleted (found after review s30: no Gerica row named its note)', async () => {
    const nid = makeSyntheticNationalId('1963-03-13', 73, false);
    const row = (dato: string, klokke: string, fnr: string, tekst: string) => [
      '4100001',
      '70101',
      fnr,
      'Rest, Rita',
      dato,
      klokke,
      'Hjemmesykepleie',
      'Journalnotat',
      '',
      '',
      tekst,
    ];
    const csv = (name: string, rows: string[][]) => {
      const path = join(dir, name);
      writeFileSync(
        path,
        Buffer.from([GERICA_COLUMNS, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n', 'latin1'),
      );
      return path;
    };
    const bad = await runImport(
      tdb.db,
      'gerica',
      csv('res-g-1.csv', [
        row('05.05.2021', '1000', nid, 'Klokke zqxgerica en.'),
        row('31.02.2021', '10:00', nid, 'Dato zqxgerica to.'),
        row('05.05.2021', '10:00', '12345678901', 'Fnr zqxgerica tre.'),
      ]),
    );
    expect(bad.quarantined).toEqual({ time: 1, date: 1, 'national-id': 1 });
    await runImport(
      tdb.db,
      'gerica',
      csv('res-g-2.csv', [row('05.05.2021', '10:00', nid, 'Gyldig zqxgerica fire.')]),
    );
    await deleteNow(
      tdb.db,
      { entryId: entryIdFor('GERICA', '4100001'), legalBasis: 'Feil og belastende', assessment: DELETE_OK },
      ansvarlig,
    );
    const rows = (
      await tdb.db.query<{ reason: string; bytes: number; by: string | null }>(
        `SELECT reason, length(raw)::int AS bytes, raw_removed_by AS by FROM journal.quarantine
          WHERE source = 'gerica' AND file = 'res-g-1.csv' ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { reason: 'time', bytes: 0, by: ansvarlig.userId },
      { reason: 'date', bytes: 0, by: ansvarlig.userId },
      { reason: 'national-id', bytes: 0, by: ansvarlig.userId },
    ]);
    const left = await tdb.db.query(
      `SELECT 1 FROM journal.quarantine WHERE position(convert_to('zqxgerica', 'LATIN1') IN raw) > 0`,
    );
    expect(left.rowCount).toBe(0);
  });
});

describe('a deleted Profil note’s records in the import quarantine', () => {
  test('helsepersonelloven § 43: a Profil notat of the note quarantined once its id reads (date, missing-field) loses its bytes when the note is deleted (found after review s30: no Profil record named its note)', async () => {
    const notat = (dato: string, forfatter: string, text: string) =>
      `<notat id="4300001" dato="${dato}" type="Helsesamtale" tjeneste="X"${forfatter ? ` forfatter="${forfatter}"` : ''}>${text}</notat>`;
    const xml = (notater: string[]) =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2">\n' +
      '  <klient klientnr="200301" etternavn="Rest" fornavn="Randi" fodt="1950-03-04" kjonn="K">\n    <journal>\n' +
      notater.map((x) => `      ${x}\n`).join('') +
      '    </journal>\n  </klient>\n</profil-eksport>\n';
    const file = (name: string, notater: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, xml(notater));
      return path;
    };
    const bad = await runImport(
      tdb.db,
      'profil',
      file('res-p-1.xml', [
        notat('2021-13-45T10:00', 'Y', 'Dato zqxprofil en.'),
        notat('2021-01-01T10:00', '', 'Forfatter zqxprofil to.'),
      ]),
    );
    expect(bad.quarantined).toEqual({ date: 1, 'missing-field': 1 });
    await runImport(
      tdb.db,
      'profil',
      file('res-p-2.xml', [notat('2021-01-01T10:00', 'Y', 'Gyldig zqxprofil tre.')]),
    );
    await deleteNow(
      tdb.db,
      { entryId: entryIdFor('PROFIL', '4300001'), legalBasis: 'Feil og belastende', assessment: DELETE_OK },
      ansvarlig,
    );
    const rows = (
      await tdb.db.query<{ reason: string; bytes: number; by: string | null }>(
        `SELECT reason, length(raw)::int AS bytes, raw_removed_by AS by FROM journal.quarantine
          WHERE source = 'profil' AND file = 'res-p-1.xml' ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { reason: 'date', bytes: 0, by: ansvarlig.userId },
      { reason: 'missing-field', bytes: 0, by: ansvarlig.userId },
    ]);
    const left = await tdb.db.query(
      `SELECT 1 FROM journal.quarantine WHERE position(convert_to('zqxprofil', 'UTF8') IN raw) > 0`,
    );
    expect(left.rowCount).toBe(0);
  });
});

describe('journal migration 016 on a database with notes deleted before migration 013', () => {
  test('helsepersonelloven § 43: migration 016 clears the correction a record case asked for, the waiting source versions’ texts and the source’s correction reason of notes deleted before, and leaves those of a note not deleted', async () => {
    // Scenario: a database at journal migration 012, where the code of then deleted a note and
    // left the corrected text a case had asked for, a source version waiting for an archivist
    // (text and correction reason), and the note's correction reason (on the note and in the
    // fields of its kept version). A note not deleted has the same. Today's migrations then run.
    const db = await createTestDatabase();
    const old = mkdtempSync(join(tmpdir(), 'hs-res-mig-'));
    try {
      const real = join(__dirname, '..', 'subgraphs', 'journal', 'migrations');
      for (const f of readdirSync(real).filter((f) => /^(00\d|01[0-2])_/.test(f)))
        copyFileSync(join(real, f), join(old, f));
      await migrate(db.db, 'policy', join(__dirname, '..', 'lib', 'policy', 'migrations'));
      expect(await migrate(db.db, 'journal', old)).toContain('012_source_versions.sql');
      const q = (sql: string, params: unknown[] = []) => db.db.query(sql, params);
      await q(`INSERT INTO journal.patient (id, family_name, given_name) VALUES ('pat-res', 'R', 'R')`);
      for (const [id, deleted] of [
        ['je-hp-res-del', true],
        ['je-hp-res-live', false],
      ] as const) {
        await q(
          `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text,
                  correction_reason, deleted_at, version, text_origin)
           VALUES ($1, 'pat-res', 'HELSEPLATTFORMEN', $1, 'Journalnotat', '2022-03-01T10:00:00+01:00', $2,
                  'Feil dose zqxmiggrunn', $3, 3, 'correction')`,
          [id, deleted ? null : 'Rettet zqxmiglive.', deleted ? new Date() : null],
        );
        await q(
          `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change, fields)
           VALUES ($1, 1, $2, now(), 'import', 'changed in a later source export', 'import',
                   jsonb_build_object('entry_type', 'Journalnotat', 'correction_reason', 'Feil dose zqxmiggrunn v1'))`,
          [id, deleted ? null : 'Kilden zqxmiglive v1.'],
        );
        await q(
          `INSERT INTO journal.record_case (kind, ground, entry_id, patient_id, requested_by, claim, proposed_text,
                  registered_by, registered_role, entry_version)
           VALUES ('CORRECTION', 'HPL_42', $1, 'pat-res', 'HEALTH_PERSONNEL', 'Skal rettes', 'Forslag zqxmigforslag.',
                  'arkivar', 'archivist', 2)`,
          [id],
        );
        await q(
          `INSERT INTO journal.source_conflict (entry_id, source_hash, source_record)
           VALUES ($1, 'h2', jsonb_build_object('text', 'Kilden zqxmigkilde v2.', 'correction_reason', 'Feil dose zqxmiggrunn v2',
                   'entry_type', 'Journalnotat'))`,
          [id],
        );
      }
      await q(
        `INSERT INTO journal.tombstone (entry_id, deleted_by, legal_basis) VALUES ('je-hp-res-del', 'journalansvarlig', 'hpl. § 43')`,
      );
      // HP lines of those notes quarantined by the code of before for reasons it did not link:
      // an invalid DocumentReference, one with "\u0000" in its text, and a migrated copy of a
      // Gerica note deleted before (its id is the legacy one); a line that is not JSON.
      await q(`INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, deleted_at)
               VALUES ('je-gerica-res-g', 'pat-res', 'GERICA', 'res-g', 'Journalnotat', '2022-03-01T10:00:00+01:00', NULL, now())`);
      const line = (id: string, text: string, extra: object = {}) =>
        JSON.stringify({ resourceType: 'DocumentReference', id, text, ...extra });
      const quarantined: [string, string, string][] = [
        ['h-del-invalid', 'invalid-resource', line('res-del', 'zqxmiglinje ugyldig')],
        ['h-del-nul', 'unstorable-text', line('res-del', 'zqxmiglinje \u0000 nul')],
        ['h-live-invalid', 'invalid-resource', line('res-live', 'zqxmiglinje levende')],
        [
          'h-g-copy',
          'invalid-resource',
          line('hp-copy-9', 'zqxmiglinje kopi', {
            meta: { tag: [{ system: 'urn:example:migrering', code: 'gerica' }] },
            identifier: [{ system: 'urn:example:migrering:gerica', value: 'res-g' }],
          }),
        ],
        ['h-not-json', 'invalid-json', '{"id": "res-del", zqxmiglinje'],
      ];
      for (const [hash, reason, raw] of quarantined)
        await q(
          `INSERT INTO journal.quarantine (source, file, line, reason, detail, raw, raw_hash)
           VALUES ('hp', 'DocumentReference.ndjson', 1, $1, 'x', convert_to($2, 'UTF8'), $3)`,
          [reason, raw, hash],
        );
      // A Profil notat of a Profil note deleted before, quarantined for its date.
      await q(`INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, deleted_at)
               VALUES ('je-profil-4300009', 'pat-res', 'PROFIL', '4300009', 'Journalnotat', '2022-03-01T10:00:00+01:00', NULL, now())`);
      await q(
        `INSERT INTO journal.quarantine (source, file, line, reason, detail, raw, raw_hash)
         VALUES ('profil', 'profil.xml', 4, 'date', 'x', convert_to($1, 'UTF8'), 'h-profil-date')`,
        [
          '<notat forfatter-id="1" id="4300009"\r\n dato="2021-13-45T10:00" type="H" tjeneste="X" forfatter="Y">Dato zqxmiglinje ø</notat>',
        ],
      );
      // A Gerica row of a Gerica note deleted before, quarantined for its date.
      await q(`INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, deleted_at)
               VALUES ('je-gerica-4100009', 'pat-res', 'GERICA', '4100009', 'Journalnotat', '2022-03-01T10:00:00+01:00', NULL, now())`);
      await q(
        `INSERT INTO journal.quarantine (source, file, line, reason, detail, raw, raw_hash)
         VALUES ('gerica', 'journalnotater.csv', 2, 'date', 'x', convert_to($1, 'LATIN1'), 'h-gerica-date')`,
        ['4100009;70001;x;Rest, Rita;31.02.2021;10:00;;Journalnotat;;;Dato zqxmiglinje æ'],
      );

      expect(await migrate(db.db, 'journal', real)).toContain('016_deleted_note_residues.sql');
      const state = async (id: string) =>
        (
          await q(
            `SELECT e.correction_reason, (SELECT v.fields->>'correction_reason' FROM journal.entry_version v WHERE v.entry_id = e.id) AS kept_reason,
                    (SELECT c.proposed_text FROM journal.record_case c WHERE c.entry_id = e.id) AS proposed,
                    (SELECT s.source_record->>'text' FROM journal.source_conflict s WHERE s.entry_id = e.id) AS conflict_text,
                    (SELECT s.source_record->>'correction_reason' FROM journal.source_conflict s WHERE s.entry_id = e.id) AS conflict_reason,
                    (SELECT s.resolution FROM journal.source_conflict s WHERE s.entry_id = e.id) AS resolution,
                    (SELECT s.resolved_by FROM journal.source_conflict s WHERE s.entry_id = e.id) AS resolved_by
               FROM journal.journal_entry e WHERE e.id = $1`,
            [id],
          )
        ).rows[0];
      expect(await state('je-hp-res-del')).toEqual({
        correction_reason: null,
        kept_reason: null,
        proposed: null,
        conflict_text: null,
        conflict_reason: null,
        resolution: 'superseded',
        resolved_by: 'migration 016',
      });
      expect(await state('je-hp-res-live')).toEqual({
        correction_reason: 'Feil dose zqxmiggrunn',
        kept_reason: 'Feil dose zqxmiggrunn v1',
        proposed: 'Forslag zqxmigforslag.',
        conflict_text: 'Kilden zqxmigkilde v2.',
        conflict_reason: 'Feil dose zqxmiggrunn v2',
        resolution: null,
        resolved_by: null,
      });
      const lines = (
        await q(
          `SELECT raw_hash, entry_id, length(raw)::int AS bytes, raw_removed_by AS by
             FROM journal.quarantine ORDER BY raw_hash`,
        )
      ).rows;
      expect(lines).toEqual([
        { raw_hash: 'h-del-invalid', entry_id: 'je-hp-res-del', bytes: 0, by: 'migration 016' },
        { raw_hash: 'h-del-nul', entry_id: 'je-hp-res-del', bytes: 0, by: 'migration 016' },
        { raw_hash: 'h-g-copy', entry_id: 'je-gerica-res-g', bytes: 0, by: 'migration 016' },
        { raw_hash: 'h-gerica-date', entry_id: 'je-gerica-4100009', bytes: 0, by: 'migration 016' },
        { raw_hash: 'h-live-invalid', entry_id: 'je-hp-res-live', bytes: expect.any(Number), by: null },
        { raw_hash: 'h-not-json', entry_id: null, bytes: expect.any(Number), by: null },
        { raw_hash: 'h-profil-date', entry_id: 'je-profil-4300009', bytes: 0, by: 'migration 016' },
      ]);
      expect(lines[4]!.bytes).toBeGreaterThan(0);
      // Nothing else of the deleted note: the live note's rows hold every marker left.
      for (const m of ['zqxmiggrunn', 'zqxmigforslag', 'zqxmigkilde']) {
        const left = await q(
          `SELECT 1 FROM journal.journal_entry e WHERE e.id = 'je-hp-res-del' AND (
             EXISTS (SELECT 1 FROM journal.entry_version x WHERE x.entry_id = e.id AND x::text LIKE $1)
             OR EXISTS (SELECT 1 FROM journal.record_case x WHERE x.entry_id = e.id AND x::text LIKE $1)
             OR EXISTS (SELECT 1 FROM journal.source_conflict x WHERE x.entry_id = e.id AND x::text LIKE $1)
             OR e::text LIKE $1)`,
          [`%${m}%`],
        );
        expect(left.rowCount).toBe(0);
      }
    } finally {
      await db.drop();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
