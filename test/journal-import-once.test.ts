/**
 * What one source export says is kept, once (pasientjournalloven § 22, integritet;
 * helsepersonelloven § 44): the writer's rules for a record an export sends twice, for an HP
 * migrated copy beside its legacy original, and for a Gerica service decision the source files
 * under another patient (subgraphs/journal/import/writer.ts; the journal README, "Rules worth
 * knowing"). The review's tests are in test/robustness-review-s31.e2e.test.ts; these cover the
 * cases it did not (two HP lines of one versionId, a copy imported before its original, a
 * refiling between linked records, records sent twice alike).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { hpDoc, hpPatient, writeHpExport } from '../dev/hp-records';
import { makeSyntheticNationalId } from '../lib/national-id';
import { migrateSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport } from '../subgraphs/journal/import/run';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow, serviceRow } from '../dev/gerica-rows';

let dir: string;
let tdb: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-import-once-'));
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph);
}, 60_000);

afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const quarantined = async (reason: string, entryId?: string) =>
  (
    await tdb.db.query<{ line: number; detail: string; raw: Buffer }>(
      `SELECT line, detail, raw FROM journal.quarantine WHERE reason = $1 AND ($2::text IS NULL OR entry_id = $2)
        ORDER BY id`,
      [reason, entryId ?? null],
    )
  ).rows;

const entry = async (id: string) =>
  (
    await tdb.db.query<{ text: string; version: number }>(
      'SELECT text, version FROM journal.journal_entry WHERE id = $1',
      [id],
    )
  ).rows[0];

const versionTexts = async (id: string) =>
  (
    await tdb.db.query<{ text: string }>(
      'SELECT text FROM journal.entry_version WHERE entry_id = $1 ORDER BY version',
      [id],
    )
  ).rows.map((r) => r.text);

describe('one note in one export twice', () => {
  test('pasientjournalloven § 22 (integritet): two HP lines of one note with the same meta.versionId and different texts keep both texts: the later is imported, the other quarantined naming its line', async () => {
    const patient = hpPatient('pt-once-1', '1971-01-01', 11);
    const meta = { versionId: '3', lastUpdated: '2023-02-01T10:00:00+01:00' };
    const h = writeHpExport(dir, 'hp-same-version', {
      Patient: [patient],
      DocumentReference: [
        hpDoc('dr-once-1', 'pt-once-1', 'Første tekst qzxonceA.', { meta }),
        hpDoc('dr-once-1', 'pt-once-1', 'Andre tekst qzxonceB.', { meta }),
      ],
    });
    const r = await runImport(tdb.db, 'hp', h);
    const rows = await quarantined('duplicate-source-id', 'je-hp-dr-once-1');
    expect({
      current: (await entry('je-hp-dr-once-1'))?.text,
      entries: r.counts.entries,
      quarantined: r.quarantined,
      rows: rows.map((x) => ({ line: x.line, detail: x.detail })),
      firstTextInQuarantine: rows.some((x) =>
        x.raw.toString('utf8').includes(Buffer.from('Første tekst qzxonceA.', 'utf8').toString('base64')),
      ),
    }).toEqual({
      current: 'Andre tekst qzxonceB.',
      entries: { accepted: 1, updated: 0, unchanged: 0 },
      quarantined: { 'duplicate-source-id': 1 },
      rows: [
        {
          line: 1,
          detail:
            'HELSEPLATTFORMEN note dr-once-1 is in this export twice with different content: line 2, the later, is imported; this one (line 1) is kept here',
        },
      ],
      firstTextInQuarantine: true,
    });
    // Running it again changes nothing and quarantines nothing twice.
    const again = await runImport(tdb.db, 'hp', h);
    expect({
      updated: again.counts.entries.updated,
      rows: (await quarantined('duplicate-source-id', 'je-hp-dr-once-1')).length,
      versions: await versionTexts('je-hp-dr-once-1'),
    }).toEqual({ updated: 0, rows: 1, versions: [] });
  });

  test('pasientjournalloven § 22 (integritet): a NotatID or a VedtakID sent twice alike in one Gerica export is the same record: nothing quarantined, the second counted unchanged', async () => {
    const fnr = makeSyntheticNationalId('1972-02-02', 12, true);
    const notes = await runImport(
      tdb.db,
      'gerica',
      gericaFolder(dir, 'g-twice-alike', {
        'journalnotater.csv': [
          NOTES_HEADER,
          noteRow('3400001', '74001', fnr, 'Samme tekst.'),
          noteRow('3400001', '74001', fnr, 'Samme tekst.'),
        ],
      }),
    );
    const decisions = await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-twice-alike', {
        'vedtak.csv': [
          VEDTAK_HEADER,
          serviceRow('V-2015-401', '74001', fnr, 'Innvilget.'),
          serviceRow('V-2015-401', '74001', fnr, 'Innvilget.'),
        ],
      }),
    );
    expect({
      notes: notes.counts.entries,
      notesQuarantined: notes.quarantined,
      decisions: decisions.counts.decisions,
      decisionsQuarantined: decisions.quarantined,
    }).toEqual({
      notes: { accepted: 1, updated: 0, unchanged: 1 },
      notesQuarantined: {},
      decisions: { accepted: 1, updated: 0, unchanged: 0 },
      decisionsQuarantined: {},
    });
  });
});

describe('a legacy note and its HP migrated copy', () => {
  test('pasientjournalloven § 22 (integritet): a migrated copy imported before its Gerica original is the note until the original comes, which is then the record of it; re-runs of either export change nothing', async () => {
    const fnr = makeSyntheticNationalId('1973-03-03', 13, true);
    const patient = hpPatient('pt-once-copy', '1973-03-03', 13);
    patient.identifier[0]!.value = fnr;
    const copy = (text: string, versionId: string) =>
      hpDoc('dr-once-copy', 'pt-once-copy', text, {
        meta: { versionId, tag: [{ system: 'urn:example:migrering', code: 'gerica' }] },
        identifier: [{ system: 'urn:example:migrering:gerica', value: '3400101' }],
        date: '2015-03-01T10:00:00+01:00',
      });
    const h1 = writeHpExport(dir, 'hp-copy-1', {
      Patient: [patient],
      DocumentReference: [copy('Kopi én.', '1')],
    });
    const h2 = writeHpExport(dir, 'hp-copy-2', {
      Patient: [patient],
      DocumentReference: [copy('Kopi to.', '2')],
    });
    const g = gericaFolder(dir, 'g-original', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('3400101', '74101', fnr, 'Originalen.')],
    });
    const id = 'je-gerica-3400101';
    const updated = async (source: 'hp' | 'gerica', path: string) =>
      (await runImport(tdb.db, source, path)).counts.entries.updated;
    // Only HP has the note: its copies are the note, a later one applied as any source version.
    const steps = [await updated('hp', h1), await updated('hp', h2)];
    const beforeOriginal = (await entry(id))?.text;
    // The original arrives: it is the note's record; the copy's text stays a kept version.
    steps.push(await updated('gerica', g));
    const afterOriginal = (await entry(id))?.text;
    // Re-runs: the copy differs from the original and is quarantined, once; nothing changes.
    for (const [s, p] of [
      ['hp', h2],
      ['gerica', g],
      ['hp', h2],
    ] as const)
      steps.push(await updated(s, p));
    const rows = await quarantined('migrated-copy-differs', id);
    const provenance = (
      await tdb.db.query<{ source_id: string }>(
        `SELECT source_id FROM journal.entry_provenance WHERE entry_id = $1`,
        [id],
      )
    ).rows.map((r) => r.source_id);
    expect({
      steps,
      beforeOriginal,
      afterOriginal,
      current: (await entry(id))?.text,
      versions: await versionTexts(id),
      quarantinedCopies: rows.length,
      detail: rows[0]?.detail,
      provenance,
    }).toEqual({
      steps: [0, 1, 1, 0, 0, 0],
      beforeOriginal: 'Kopi to.',
      afterOriginal: 'Originalen.',
      current: 'Originalen.',
      versions: ['Kopi én.', 'Kopi to.'],
      quarantinedCopies: 1,
      detail:
        'HELSEPLATTFORMEN dr-once-copy is a migrated copy of GERICA note 3400101 and differs from the legacy original stored, which stays current: the original is the record of the note',
      provenance: ['dr-once-copy'],
    });
  });

  test('pasientjournalloven § 22 (integritet): a migrated copy that says what its original says is nothing to keep apart (no quarantine, unchanged), also after the original came second', async () => {
    const fnr = makeSyntheticNationalId('1974-04-04', 14, true);
    const patient = hpPatient('pt-once-same', '1974-04-04', 14);
    patient.identifier[0]!.value = fnr;
    const h = writeHpExport(dir, 'hp-copy-same', {
      Patient: [patient],
      DocumentReference: [
        hpDoc('dr-once-same', 'pt-once-same', 'Lik tekst.', {
          meta: { tag: [{ system: 'urn:example:migrering', code: 'gerica' }] },
          identifier: [{ system: 'urn:example:migrering:gerica', value: '3400201' }],
          date: '2015-03-01T10:00:00+01:00',
          // Its author and category as the original's (noteRow): a copy that names another is a
          // change when the original comes (review s38: the author of the version in force).
          author: [{ display: 'Kari Holm' }],
          category: [{ text: 'Hjemmetjeneste' }],
        }),
      ],
    });
    const g = gericaFolder(dir, 'g-original-same', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('3400201', '74201', fnr, 'Lik tekst.')],
    });
    const runs = [];
    for (const [s, p] of [
      ['hp', h],
      ['gerica', g],
      ['hp', h],
      ['gerica', g],
    ] as const) {
      const r = await runImport(tdb.db, s, p);
      runs.push({ ...r.counts.entries, quarantined: r.quarantined });
    }
    expect(runs).toEqual([
      { accepted: 1, updated: 0, unchanged: 0, quarantined: {} },
      { accepted: 0, updated: 0, unchanged: 1, quarantined: {} },
      { accepted: 0, updated: 0, unchanged: 1, quarantined: {} },
      { accepted: 0, updated: 0, unchanged: 1, quarantined: {} },
    ]);
  });
});

describe('a Gerica service decision the source files under another patient', () => {
  test('helsepersonelloven § 44: a decision re-sent under another patient is quarantined with its row and the reason naming both records, counted held, and stays; re-sent under its own patient again it is unchanged', async () => {
    const a = makeSyntheticNationalId('1975-05-05', 15, true);
    const b = makeSyntheticNationalId('1976-06-06', 16, false);
    await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-held-1', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-402', '74301', a, 'Innvilget.')],
      }),
    );
    const moved = await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-held-2', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-402', '74302', b, 'Innvilget.')],
      }),
    );
    const rows = await quarantined('decision-patient-change');
    const back = await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-held-3', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-402', '74301', a, 'Innvilget.')],
      }),
    );
    const owner = (
      await tdb.db.query<{ national_id: string; version: number }>(
        `SELECT p.national_id, d.version FROM journal.service_decision d JOIN journal.patient p ON p.id = d.patient_id
          WHERE d.id = 'sd-gerica-V-2015-402'`,
      )
    ).rows[0];
    expect({
      moved: {
        decisions: moved.counts.decisions,
        held: moved.patientChangesHeld,
        quarantined: moved.quarantined,
      },
      rows: rows.length,
      rowIsTheSourceRow: rows[0]?.raw.toString('latin1').startsWith('V-2015-402;74302;'),
      detailNamesTheSourcePatient: rows[0]?.detail.includes('GERICA patient 74302'),
      back: { decisions: back.counts.decisions, held: back.patientChangesHeld },
      ownerIsA: owner?.national_id === a,
      version: owner?.version,
    }).toEqual({
      moved: {
        decisions: { accepted: 0, updated: 0, unchanged: 0 },
        held: 1,
        quarantined: { 'decision-patient-change': 1 },
      },
      rows: 1,
      rowIsTheSourceRow: true,
      detailNamesTheSourcePatient: true,
      back: { decisions: { accepted: 0, updated: 0, unchanged: 1 }, held: 0 },
      ownerIsA: true,
      version: 1,
    });
  });

  test('helsepersonelloven § 44: a decision re-sent under a patient record linked to its own (one person) is no patient change: applied, nothing held', async () => {
    const a = makeSyntheticNationalId('1977-07-07', 17, true);
    const b = makeSyntheticNationalId('1977-07-07', 27, true);
    await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-linked-1', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-403', '74401', a, 'Innvilget.')],
      }),
    );
    await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-linked-0', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-404', '74402', b, 'Innvilget.')],
      }),
    );
    const ids = (
      await tdb.db.query<{ patient_id: string }>(
        `SELECT patient_id FROM journal.patient_identity WHERE source_system = 'GERICA' AND local_id IN ('74401', '74402')
          ORDER BY patient_id`,
      )
    ).rows.map((r) => r.patient_id);
    await tdb.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason) VALUES (least($1, $2), greatest($1, $2), 'arkivar-test', 'same person')`,
      ids,
    );
    const r = await runImport(
      tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-linked-2', {
        'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-403', '74402', b, 'Innvilget.')],
      }),
    );
    expect({ decisions: r.counts.decisions, held: r.patientChangesHeld, quarantined: r.quarantined }).toEqual(
      {
        decisions: { accepted: 0, updated: 1, unchanged: 0 },
        held: 0,
        quarantined: {},
      },
    );
  });
});
