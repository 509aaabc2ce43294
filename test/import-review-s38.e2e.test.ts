/**
 * Journal import review s38 (reviewer's tests rev-import-author and rev-import-vedtak, adjusted
 * and extended). Each test failed before its fix on branch fix-journal-s38 at c0b7711, except
 * the § 44 move test, which guards the fix (it passed before and must still pass). Real
 * PostgreSQL and the gateway (dev/test-stack.ts); imports run as the CLI runs them (runImport).
 *
 * 1. A later HP version of a note by another author, or filed under another category or
 *    encounter: the note takes the author, category and care contact of the version in force,
 *    the replaced ones kept in the kept version (entry_version.fields, JournalEntryVersion); an
 *    export whose only change is one of these is a change. Re-importing an unchanged export
 *    stays unchanged.
 * 2. helsepersonelloven § 42: a correction of an HP Vedtak note reaches the service decision read
 *    from it (a kept decision version); a later source version that waits as a source conflict
 *    does not overwrite the decision; TAKE_SOURCE applies the source's decision.
 * 3. The same Vedtak with its date written Z instead of +01:00 is the same decision, and a hash
 *    stored before the fix is accepted as unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hpDoc,
  hpEncounter,
  hpPatient,
  hpPatientRecord,
  recordKeeperTokens,
  writeHpExport,
} from '../dev/hp-records';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { correctEntry, deleteEntry, resolveSourceConflict } from '../subgraphs/journal/mutations';
import { decideCase, registerCase } from '../subgraphs/journal/record-cases';

let dir: string;
let ts: TestStack;
let archivist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-import-s38-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 'import38'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const hp = (files: Record<string, object[]>) =>
  runImport(ts.tdb.db, 'hp', writeHpExport(dir, `x${n++}`, files));
const q = async <R extends object>(sql: string, params: unknown[] = []) =>
  (await ts.tdb.db.query<R>(sql, params)).rows;

const note = async (id: string) =>
  (
    await q<{
      text: string;
      author_name: string | null;
      author_hpr: string | null;
      service: string | null;
      care_contact_id: string | null;
      version: number;
    }>(
      'SELECT text, author_name, author_hpr, service, care_contact_id, version FROM journal.journal_entry WHERE id = $1',
      [id],
    )
  )[0]!;

const HPR = 'urn:oid:2.16.578.1.12.4.1.4.4';
const author = (display: string, hpr?: string) => [
  { display, ...(hpr ? { identifier: { system: HPR, value: hpr } } : {}) },
];

describe('1. author, category and care contact of the version in force', () => {
  test('a later source version by another author and category: the note takes them, the kept version keeps the earlier ones (GraphQL history), the search index is told', async () => {
    const p = hpPatient('p-auth', '1970-05-05', 3);
    const v1 = hpDoc('d-auth', 'p-auth', 'Første tekst.', {
      meta: { versionId: '1', lastUpdated: '2022-03-01T10:00:00+01:00' },
      author: author('Lege Alfa', '1111111'),
      category: [{ text: 'Legetjeneste' }],
    });
    const v2 = hpDoc('d-auth', 'p-auth', 'Andre tekst, skrevet av en annen.', {
      meta: { versionId: '2', lastUpdated: '2022-03-02T10:00:00+01:00' },
      author: author('Sykepleier Beta', '2222222'),
      category: [{ text: 'Sykepleie' }],
    });
    await hp({ Patient: [p], DocumentReference: [v1] });
    const outboxBefore = (
      await q<{ n: number }>(`SELECT count(*)::int AS n FROM journal.outbox WHERE entity_id = 'je-hp-d-auth'`)
    )[0]!.n;
    const r2 = await hp({ Patient: [p], DocumentReference: [v2] });
    expect(r2.counts.entries).toEqual({ accepted: 0, updated: 1, unchanged: 0 });
    const now = await note('je-hp-d-auth');
    expect(now).toMatchObject({
      text: 'Andre tekst, skrevet av en annen.',
      author_name: 'Sykepleier Beta',
      author_hpr: '2222222',
      service: 'Sykepleie',
    });
    const kept = await q<{ text: string; fields: Record<string, unknown> }>(
      `SELECT text, fields FROM journal.entry_version WHERE entry_id = 'je-hp-d-auth' ORDER BY version`,
    );
    expect(kept.map((v) => [v.text, v.fields.author_name, v.fields.author_hpr, v.fields.service])).toEqual([
      ['Første tekst.', 'Lege Alfa', '1111111', 'Legetjeneste'],
    ]);
    // The note's search document (author, service) is written again.
    const outboxAfter = (
      await q<{ n: number }>(`SELECT count(*)::int AS n FROM journal.outbox WHERE entity_id = 'je-hp-d-auth'`)
    )[0]!.n;
    expect(outboxAfter).toBe(outboxBefore + 1);
    const r = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { journal { edges { node { id authorName history {
         version change text authorName authorHpr service } } } } } }`,
      { token: archivist, variables: { id: await hpPatientRecord(ts.tdb.db, 'p-auth') } },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.journal.edges.map((e: { node: object }) => e.node)).toEqual([
      {
        id: 'je-hp-d-auth',
        authorName: 'Sykepleier Beta',
        history: [
          {
            version: 1,
            change: 'import',
            text: 'Første tekst.',
            authorName: 'Lege Alfa',
            authorHpr: '1111111',
            service: 'Legetjeneste',
          },
        ],
      },
    ]);
    // The same export again: unchanged, no version.
    const r3 = await hp({ Patient: [p], DocumentReference: [v2] });
    expect(r3.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
    expect((await note('je-hp-d-auth')).version).toBe(now.version);
  });

  test('a later source version that changes only the author, category or care contact: applied, counted updated, the earlier kept; the same export again is unchanged', async () => {
    const p = hpPatient('p-auth2', '1971-05-05', 5);
    const doc = (versionId: string, who: string, category: string, encounter: string) =>
      hpDoc('d-auth2', 'p-auth2', 'Samme tekst.', {
        meta: { versionId },
        author: author(who),
        category: [{ text: category }],
        context: { encounter: [{ reference: `Encounter/${encounter}` }] },
      });
    const enc = [hpEncounter('e-auth2-a', 'p-auth2'), hpEncounter('e-auth2-b', 'p-auth2')];
    const v1 = doc('1', 'Lege Alfa', 'Legetjeneste', 'e-auth2-a');
    const r1 = await hp({ Patient: [p], Encounter: enc, DocumentReference: [v1] });
    expect(r1.counts.entries).toEqual({ accepted: 1, updated: 0, unchanged: 0 });
    // The unchanged file again: unchanged.
    const r1b = await hp({ Patient: [p], Encounter: enc, DocumentReference: [v1] });
    expect(r1b.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
    const r2 = await hp({
      Patient: [p],
      Encounter: enc,
      DocumentReference: [doc('2', 'Lege Gamma', 'Psykiatri', 'e-auth2-a')],
    });
    expect(r2.counts.entries).toEqual({ accepted: 0, updated: 1, unchanged: 0 });
    expect(await note('je-hp-d-auth2')).toMatchObject({
      author_name: 'Lege Gamma',
      service: 'Psykiatri',
      care_contact_id: 'cc-hp-e-auth2-a',
    });
    const v3 = doc('3', 'Lege Gamma', 'Psykiatri', 'e-auth2-b');
    const r3 = await hp({ Patient: [p], Encounter: enc, DocumentReference: [v3] });
    expect(r3.counts.entries).toEqual({ accepted: 0, updated: 1, unchanged: 0 });
    expect((await note('je-hp-d-auth2')).care_contact_id).toBe('cc-hp-e-auth2-b');
    const kept = await q<{ change: string; text: string; fields: Record<string, unknown> }>(
      `SELECT change, text, fields FROM journal.entry_version WHERE entry_id = 'je-hp-d-auth2' ORDER BY version`,
    );
    expect(
      kept.map((v) => [v.change, v.text, v.fields.author_name, v.fields.service, v.fields.care_contact_id]),
    ).toEqual([
      ['import', 'Samme tekst.', 'Lege Alfa', 'Legetjeneste', 'cc-hp-e-auth2-a'],
      ['import', 'Samme tekst.', 'Lege Gamma', 'Psykiatri', 'cc-hp-e-auth2-a'],
    ]);
    const r3b = await hp({ Patient: [p], Encounter: enc, DocumentReference: [v3] });
    expect(r3b.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
  });

  test('helsepersonelloven § 42: a note corrected here whose source changes only its author keeps the correction, takes the author, and raises no source conflict', async () => {
    const p = hpPatient('p-auth3', '1972-05-05', 7);
    const doc = (versionId: string, who: string) =>
      hpDoc('d-auth3', 'p-auth3', 'Tekst fra kilden.', { meta: { versionId }, author: author(who) });
    await hp({ Patient: [p], DocumentReference: [doc('1', 'Lege Alfa')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(tx, 'je-hp-d-auth3', 'Rettet tekst.', 'feil opplysning', 'journalansvarlig-1'),
    );
    const r = await hp({ Patient: [p], DocumentReference: [doc('2', 'Lege Delta')] });
    expect({ conflicts: r.sourceConflicts, counts: r.counts.entries }).toEqual({
      conflicts: 0,
      counts: { accepted: 0, updated: 1, unchanged: 0 },
    });
    expect(await note('je-hp-d-auth3')).toMatchObject({ text: 'Rettet tekst.', author_name: 'Lege Delta' });
    const kept = await q<{ change: string; text: string; author: string }>(
      `SELECT change, text, fields->>'author_name' AS author FROM journal.entry_version
        WHERE entry_id = 'je-hp-d-auth3' ORDER BY version`,
    );
    expect(kept).toEqual([
      { change: 'correction', text: 'Tekst fra kilden.', author: 'Lege Alfa' },
      { change: 'import', text: 'Rettet tekst.', author: 'Lege Alfa' },
    ]);
    const again = await hp({ Patient: [p], DocumentReference: [doc('2', 'Lege Delta')] });
    expect({ conflicts: again.sourceConflicts, counts: again.counts.entries }).toEqual({
      conflicts: 0,
      counts: { accepted: 0, updated: 0, unchanged: 1 },
    });
  });

  test('helsepersonelloven § 44: a note moved here to the right patient is not linked again to the wrong patient’s encounter the source still names', async () => {
    const wrong = hpPatient('p-mv38a', '1975-05-05', 13);
    const right = hpPatient('p-mv38b', '1976-05-05', 14);
    const doc = hpDoc('d-mv38', 'p-mv38a', 'Skrevet på feil pasient.', {
      context: { encounter: [{ reference: 'Encounter/e-mv38' }] },
    });
    const files = {
      Patient: [wrong, right],
      Encounter: [hpEncounter('e-mv38', 'p-mv38a')],
      DocumentReference: [doc],
    };
    await hp(files);
    expect((await note('je-hp-d-mv38')).care_contact_id).toBe('cc-hp-e-mv38');
    const c = await registerCase(
      ts.tdb.db,
      {
        entryId: 'je-hp-d-mv38',
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'feil pasient',
        rightPatientId: await hpPatientRecord(ts.tdb.db, 'p-mv38b'),
      },
      { userId: 'arkivar-1', role: 'archivist' },
    );
    await decideCase(
      ts.tdb.db,
      c.id,
      {
        decision: 'DONE',
        reasons: 'flyttes',
        assessment: { wrongPerson: true, publicInterestAgainst: false },
      },
      { userId: 'journalansvarlig-1', role: 'journalansvarlig' },
    );
    const moved = await note('je-hp-d-mv38');
    expect(moved.care_contact_id).toBeNull();
    const again = await hp(files);
    expect(again.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
    expect(await note('je-hp-d-mv38')).toEqual(moved);
  });

  test('pasientjournalloven § 22: a migrated copy naming no author, then its Gerica original: the note takes the original’s author (the copy’s kept); re-runs of either change nothing', async () => {
    const fnr = makeSyntheticNationalId('1974-05-05', 12, true);
    const copy = hpDoc('d-copy38', 'p-copy38', 'Lik tekst.', {
      meta: { tag: [{ system: 'urn:example:migrering', code: 'gerica' }] },
      identifier: [{ system: 'urn:example:migrering:gerica', value: '3800001' }],
      date: '2015-03-01T10:00:00+01:00',
    });
    const h = { Patient: [hpPatient('p-copy38', '1974-05-05', 12)], DocumentReference: [copy] };
    const g = () =>
      runImport(
        ts.tdb.db,
        'gerica',
        gericaFolder(dir, `g${n++}`, {
          'journalnotater.csv': [NOTES_HEADER, noteRow('3800001', '73801', fnr, 'Lik tekst.')],
        }),
      );
    const runs = [(await hp(h)).counts.entries, (await g()).counts.entries];
    expect(await note('je-gerica-3800001')).toMatchObject({
      author_name: 'Kari Holm',
      service: 'Hjemmetjeneste',
    });
    runs.push((await hp(h)).counts.entries, (await g()).counts.entries);
    expect(runs).toEqual([
      { accepted: 1, updated: 0, unchanged: 0 },
      { accepted: 0, updated: 1, unchanged: 0 },
      { accepted: 0, updated: 0, unchanged: 1 },
      { accepted: 0, updated: 0, unchanged: 1 },
    ]);
    const kept = await q<{ change: string; text: string; author: string | null; service: string | null }>(
      `SELECT change, text, fields->>'author_name' AS author, fields->>'service' AS service
         FROM journal.entry_version WHERE entry_id = 'je-gerica-3800001' ORDER BY version`,
    );
    expect(kept).toEqual([{ change: 'import', text: 'Lik tekst.', author: null, service: null }]);
  });

  test('helsepersonelloven § 42: a source version of a corrected note with new text and another author waits; KEEP_CORRECTION takes its author, the correction stays', async () => {
    const p = hpPatient('p-auth4', '1973-05-05', 11);
    const doc = (versionId: string, text: string, who: string) =>
      hpDoc('d-auth4', 'p-auth4', text, { meta: { versionId }, author: author(who, '4444444') });
    await hp({ Patient: [p], DocumentReference: [doc('1', 'Kildetekst.', 'Lege Alfa')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(tx, 'je-hp-d-auth4', 'Rettet.', 'feil opplysning', 'journalansvarlig-1'),
    );
    const r = await hp({ Patient: [p], DocumentReference: [doc('2', 'Ny kildetekst.', 'Lege Epsilon')] });
    expect(r.sourceConflicts).toBe(1);
    expect(await note('je-hp-d-auth4')).toMatchObject({ text: 'Rettet.', author_name: 'Lege Alfa' });
    const c = (
      await q<{ id: string }>(
        `SELECT id::text FROM journal.source_conflict WHERE entry_id = 'je-hp-d-auth4' AND resolved_at IS NULL`,
      )
    )[0]!;
    await resolveSourceConflict(ts.tdb.db, Number(c.id), 'KEEP_CORRECTION', 'rettingen står', 'arkivar-1');
    expect(await note('je-hp-d-auth4')).toMatchObject({ text: 'Rettet.', author_name: 'Lege Epsilon' });
    const kept = await q<{ change: string; author: string }>(
      `SELECT change, fields->>'author_name' AS author FROM journal.entry_version
        WHERE entry_id = 'je-hp-d-auth4' ORDER BY version`,
    );
    expect(kept).toEqual([
      { change: 'correction', author: 'Lege Alfa' },
      { change: 'conflict-resolution', author: 'Lege Alfa' },
    ]);
  });
});

describe('2. helsepersonelloven § 42: a corrected Vedtak note and its service decision', () => {
  const decision = async (id: string) =>
    (
      await q<{
        text: string | null;
        justification: string | null;
        outcome: string;
        outcome_basis: string;
        version: number;
      }>(
        `SELECT text, justification, outcome, outcome_basis, version FROM journal.service_decision WHERE journal_entry_id = $1`,
        [id],
      )
    )[0]!;
  const t1 =
    'Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.\nBegrunnelse: pasienten er alkoholiker.';
  const t2 =
    'Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.\nBegrunnelse: pasienten er alkoholiker og voldelig.';
  const corrected =
    'Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.\nBegrunnelse: behov for hjelp med medisiner.';
  const vedtak = (id: string, patient: string, text: string, version: string) =>
    hpDoc(id, patient, text, { type: { text: 'Vedtak' }, meta: { versionId: version } });

  test('helsepersonelloven § 42: a correction reaches the decision (its version kept); a later source version waiting as a conflict does not overwrite it; TAKE_SOURCE applies the source decision', async () => {
    const p = hpPatient('p-vk', '1950-02-02', 4);
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vk', 'p-vk', t1, '1')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(tx, 'je-hp-d-vk', corrected, 'feil opplysning', 'journalansvarlig-1'),
    );
    const afterCorrection = await decision('je-hp-d-vk');
    expect(afterCorrection).toMatchObject({
      text: corrected,
      justification: 'behov for hjelp med medisiner.',
      outcome: 'GRANTED',
      version: 2,
    });
    const keptOnCorrection = await q<{ version: number; replaced_by: string; reason: string; j: string }>(
      `SELECT v.version, v.replaced_by, v.reason, v.record->>'justification' AS j
         FROM journal.service_decision_version v JOIN journal.service_decision d ON d.id = v.decision_id
        WHERE d.journal_entry_id = 'je-hp-d-vk' ORDER BY v.version`,
    );
    expect(keptOnCorrection).toEqual([
      {
        version: 1,
        replaced_by: 'journalansvarlig-1',
        reason: expect.stringContaining('helsepersonelloven § 42'),
        j: 'pasienten er alkoholiker.',
      },
    ]);
    const r = await hp({ Patient: [p], DocumentReference: [vedtak('d-vk', 'p-vk', t2, '2')] });
    expect(r.sourceConflicts).toBe(1); // the note: the source's version waits for an archivist
    expect((await note('je-hp-d-vk')).text).toBe(corrected);
    // The decision does not take the source version the archivist has not accepted.
    expect(await decision('je-hp-d-vk')).toMatchObject({
      justification: 'behov for hjelp med medisiner.',
      version: 2,
    });
    const c = (
      await q<{ id: string }>(
        `SELECT id::text FROM journal.source_conflict WHERE entry_id = 'je-hp-d-vk' AND resolved_at IS NULL`,
      )
    )[0]!;
    await resolveSourceConflict(ts.tdb.db, Number(c.id), 'TAKE_SOURCE', 'kilden er riktig', 'arkivar-1');
    expect((await note('je-hp-d-vk')).text).toBe(t2);
    expect(await decision('je-hp-d-vk')).toMatchObject({
      text: t2,
      justification: 'pasienten er alkoholiker og voldelig.',
      version: 3,
    });
    const kept = await q<{ version: number; j: string }>(
      `SELECT v.version, v.record->>'justification' AS j
         FROM journal.service_decision_version v JOIN journal.service_decision d ON d.id = v.decision_id
        WHERE d.journal_entry_id = 'je-hp-d-vk' ORDER BY v.version`,
    );
    expect(kept).toEqual([
      { version: 1, j: 'pasienten er alkoholiker.' },
      { version: 2, j: 'behov for hjelp med medisiner.' },
    ]);
    // The source's version is now in force: the same export again changes nothing.
    const again = await hp({ Patient: [p], DocumentReference: [vedtak('d-vk', 'p-vk', t2, '2')] });
    expect({
      entries: again.counts.entries,
      decisions: again.counts.decisions,
      conflicts: again.sourceConflicts,
    }).toEqual({
      entries: { accepted: 0, updated: 0, unchanged: 1 },
      decisions: { accepted: 0, updated: 0, unchanged: 1 },
      conflicts: 0,
    });
  });

  /** A note of `id` imported (v1), corrected here, and a source version 2 waiting as its conflict; the conflict's id. */
  const waitingConflict = async (id: string, pat: string, born: string, n: number, v2: string) => {
    const p = hpPatient(pat, born, n);
    await hp({ Patient: [p], DocumentReference: [vedtak(id, pat, t1, '1')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(tx, `je-hp-${id}`, corrected, 'feil opplysning', 'journalansvarlig-1'),
    );
    await hp({ Patient: [p], DocumentReference: [vedtak(id, pat, v2, '2')] });
    return (
      await q<{ id: string }>(
        `SELECT id::text FROM journal.source_conflict WHERE entry_id = $1 AND resolved_at IS NULL`,
        [`je-hp-${id}`],
      )
    )[0]!.id;
  };

  test('TAKE_SOURCE of a waiting decision the same as the stored one keeps no version and no new number (second review s38: a version of every decision, changed or not)', async () => {
    const c = await waitingConflict('d-vs', 'p-vs', '1950-03-03', 11, t2);
    // The waiting decision says what the stored one says.
    await ts.tdb.db.query(
      `UPDATE journal.source_conflict SET decision_record = (SELECT to_jsonb(d) FROM journal.service_decision d WHERE d.journal_entry_id = 'je-hp-d-vs')
        WHERE id = $1::bigint`,
      [c],
    );
    await resolveSourceConflict(ts.tdb.db, Number(c), 'TAKE_SOURCE', 'kilden er riktig', 'arkivar-1');
    const kept = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.service_decision_version v JOIN journal.service_decision d ON d.id = v.decision_id
        WHERE d.journal_entry_id = 'je-hp-d-vs'`,
    );
    expect({ version: (await decision('je-hp-d-vs')).version, kept: kept[0]!.n }).toEqual({
      version: 2,
      kept: 1,
    });
  });

  test("TAKE_SOURCE with no decision waiting (a conflict stored before migration 027) says the source's version was taken, not that the note was corrected here (second review s38)", async () => {
    const refused =
      'Vedtak om hjemmesykepleie.\nKommunen avslår søknaden om hjemmesykepleie.\nBegrunnelse: ikke behov.';
    const c = await waitingConflict('d-vn', 'p-vn', '1950-04-04', 12, refused);
    await ts.tdb.db.query(`UPDATE journal.source_conflict SET decision_record = NULL WHERE id = $1::bigint`, [
      c,
    ]);
    await resolveSourceConflict(ts.tdb.db, Number(c), 'TAKE_SOURCE', 'kilden er riktig', 'arkivar-1');
    const d = await decision('je-hp-d-vn');
    expect(d.outcome).toBe('GRANTED');
    expect(d.outcome_basis).toContain(
      "the note it was read from took the source's version (a source conflict resolved)",
    );
    expect(d.outcome_basis).not.toContain('corrected here');
  });

  test('helsepersonelloven § 42: a correction case decided over a newer source version corrects the decision; the newer version’s decision waits with its conflict and TAKE_SOURCE writes it', async () => {
    const p = hpPatient('p-vc', '1955-02-02', 15);
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vc', 'p-vc', t1, '1')] });
    const c = await registerCase(
      ts.tdb.db,
      {
        entryId: 'je-hp-d-vc',
        ground: 'HPL_42',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'feil begrunnelse',
        proposedText: corrected,
      },
      { userId: 'arkivar-1', role: 'archivist' },
    );
    // The source changes the note before the case is decided: applied, its decision too.
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vc', 'p-vc', t2, '2')] });
    expect((await decision('je-hp-d-vc')).justification).toBe('pasienten er alkoholiker og voldelig.');
    await decideCase(
      ts.tdb.db,
      c.id,
      { decision: 'DONE', reasons: 'rettes' },
      { userId: 'journalansvarlig-1', role: 'journalansvarlig' },
    );
    expect(await decision('je-hp-d-vc')).toMatchObject({
      text: corrected,
      justification: 'behov for hjelp med medisiner.',
    });
    const conflict = (
      await q<{ id: string; d: Record<string, unknown> }>(
        `SELECT id::text, decision_record AS d FROM journal.source_conflict WHERE entry_id = 'je-hp-d-vc' AND resolved_at IS NULL`,
      )
    )[0]!;
    expect(conflict.d.justification).toBe('pasienten er alkoholiker og voldelig.');
    await resolveSourceConflict(
      ts.tdb.db,
      Number(conflict.id),
      'TAKE_SOURCE',
      'kilden er riktig',
      'arkivar-1',
    );
    expect(await decision('je-hp-d-vc')).toMatchObject({
      text: t2,
      justification: 'pasienten er alkoholiker og voldelig.',
    });
    const again = await hp({ Patient: [p], DocumentReference: [vedtak('d-vc', 'p-vc', t2, '2')] });
    expect({ entries: again.counts.entries, decisions: again.counts.decisions }).toEqual({
      entries: { accepted: 0, updated: 0, unchanged: 1 },
      decisions: { accepted: 0, updated: 0, unchanged: 1 },
    });
  });

  test('helsepersonelloven § 42: a correction that no longer reads the decided outcome keeps the outcome and says so', async () => {
    const p = hpPatient('p-vo', '1952-02-02', 8);
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vo', 'p-vo', t1, '1')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(
        tx,
        'je-hp-d-vo',
        'Vedtak om hjemmesykepleie.\nKommunen avslår hjemmesykepleie.\nBegrunnelse: ikke behov.',
        'feil opplysning',
        'journalansvarlig-1',
      ),
    );
    const d = await decision('je-hp-d-vo');
    expect(d.outcome).toBe('GRANTED');
    expect(d.justification).toBe('ikke behov.');
    expect(d.outcome_basis).toMatch(/helsepersonelloven § 42.*REFUSED/);
  });

  test('helsepersonelloven § 43: deleting a note whose source version waits with its decision removes the decision words there too', async () => {
    const p = hpPatient('p-vd', '1953-02-02', 9);
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vd', 'p-vd', t1, '1')] });
    await ts.tdb.db.transaction((tx) =>
      correctEntry(tx, 'je-hp-d-vd', corrected, 'feil opplysning', 'journalansvarlig-1'),
    );
    await hp({ Patient: [p], DocumentReference: [vedtak('d-vd', 'p-vd', t2, '2')] });
    const waiting = async () =>
      (
        await q<{ d: Record<string, unknown> | null }>(
          `SELECT decision_record AS d FROM journal.source_conflict WHERE entry_id = 'je-hp-d-vd'`,
        )
      )[0]!.d;
    expect((await waiting())?.justification).toBe('pasienten er alkoholiker og voldelig.');
    await ts.tdb.db.transaction((tx) =>
      deleteEntry(tx, 'je-hp-d-vd', 'helsepersonelloven § 43', 'journalansvarlig-1'),
    );
    const w = (await waiting())!;
    expect([w.text, w.justification, w.service, w.cited_assessment_text]).toEqual([null, null, null, null]);
    expect(w.outcome).toBe('GRANTED');
  });
});

describe('3. a Vedtak date written with another offset', () => {
  const text = 'Vedtak om praktisk bistand.\nKommunen innvilger praktisk bistand.\nBegrunnelse: behov.';
  const versions = async (entryId: string) =>
    (
      await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM journal.service_decision_version v JOIN journal.service_decision d ON d.id = v.decision_id
          WHERE d.journal_entry_id = $1`,
        [entryId],
      )
    )[0]!.n;

  test('the same Vedtak with its date written Z instead of +01:00 is the same version (no new decision version)', async () => {
    const p = hpPatient('p-vz', '1951-02-02', 6);
    const a = hpDoc('d-vz', 'p-vz', text, { type: { text: 'Vedtak' }, date: '2022-03-01T10:00:00+01:00' });
    const b = hpDoc('d-vz', 'p-vz', text, { type: { text: 'Vedtak' }, date: '2022-03-01T09:00:00Z' });
    await hp({ Patient: [p], DocumentReference: [a] });
    const r2 = await hp({ Patient: [p], DocumentReference: [b] });
    const r3 = await hp({ Patient: [p], DocumentReference: [a] });
    expect({
      entries2: r2.counts.entries,
      decisions2: r2.counts.decisions,
      decisions3: r3.counts.decisions,
      versions: await versions('je-hp-d-vz'),
    }).toEqual({
      entries2: { accepted: 0, updated: 0, unchanged: 1 },
      decisions2: { accepted: 0, updated: 0, unchanged: 1 },
      decisions3: { accepted: 0, updated: 0, unchanged: 1 },
      versions: 0,
    });
  });

  test('a Vedtak time written to the microsecond is stored to the microsecond, and the same instant with another offset is the same version (second review s38: cut to milliseconds)', async () => {
    const p = hpPatient('p-vu', '1952-02-02', 7);
    const a = hpDoc('d-vu', 'p-vu', text, {
      type: { text: 'Vedtak' },
      date: '2022-03-01T10:00:00.123456+01:00',
    });
    const b = hpDoc('d-vu', 'p-vu', text, { type: { text: 'Vedtak' }, date: '2022-03-01T09:00:00.123456Z' });
    await hp({ Patient: [p], DocumentReference: [a] });
    const r2 = await hp({ Patient: [p], DocumentReference: [b] });
    const stored = await q<{ t: string }>(
      `SELECT to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS t FROM journal.service_decision WHERE id = 'sd-hp-d-vu'`,
    );
    expect({
      decisions2: r2.counts.decisions,
      versions: await versions('je-hp-d-vu'),
      stored: stored[0]!.t,
    }).toEqual({
      decisions2: { accepted: 0, updated: 0, unchanged: 1 },
      versions: 0,
      stored: '2022-03-01T09:00:00.123456',
    });
  });

  test('a decision hash stored before the fix (another hash of the same content, such as the date as written) is accepted as unchanged and re-stamped', async () => {
    const p = hpPatient('p-vl', '1954-02-02', 10);
    const a = hpDoc('d-vl', 'p-vl', text, { type: { text: 'Vedtak' }, date: '2022-03-01T10:00:00+01:00' });
    await hp({ Patient: [p], DocumentReference: [a] });
    const hash = async () =>
      (
        await q<{ h: string }>(
          `SELECT content_hash AS h FROM journal.service_decision WHERE id = 'sd-hp-d-vl'`,
        )
      )[0]!.h;
    const now = await hash();
    // As stored before: another hash of the same content (the row hashed with the date as written).
    await ts.tdb.db.query(
      `UPDATE journal.service_decision SET content_hash = md5('before s38') WHERE id = 'sd-hp-d-vl'`,
    );
    const r = await hp({ Patient: [p], DocumentReference: [a] });
    expect({
      decisions: r.counts.decisions,
      versions: await versions('je-hp-d-vl'),
      hash: await hash(),
    }).toEqual({
      decisions: { accepted: 0, updated: 0, unchanged: 1 },
      versions: 0,
      hash: now,
    });
  });
});
