/**
 * Adversarial review s30, "nothing lost": bad input gets a clear error, and nothing already
 * stored is lost or silently changed. Each test is a defect found in this review and FAILS on
 * the code it was written against; its comment states the scenario and what is expected.
 * Real PostgreSQL and Elasticsearch through dev/test-stack.ts; imports run as the CLI runs them
 * (runImport, importCoercionPath), corrections, deletions and moves through the gateway.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { gql } from '../dev/services';
import {
  hpPatient,
  writeHpExport,
  hpDoc,
  hpPatientRecord,
  storedEntry,
  recordKeeperTokens,
} from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { makeSyntheticNationalId } from '../lib/national-id';

let dir: string;
let ts: TestStack;
let archivist: string;
let ansvarlig: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-lost-s30-'));
  ts = await startTestStack();
  ({ archivist, ansvarlig } = await recordKeeperTokens(ts.stack, 's30'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

const hpExport = (name: string, files: Record<string, object[]>) => writeHpExport(dir, name, files);

const patientOf = (localId: string) => hpPatientRecord(ts.tdb.db, localId);

const entry = async (id: string) => await storedEntry(ts.tdb.db, id);

const searchIds = async (token: string, patientId: string, word: string): Promise<string[]> => {
  const r = await call(
    token,
    `query ($q: String!) { patient(id: "${patientId}") { search(query: $q, expand: false) { hits { journalEntry { id } } } } }`,
    { q: word },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.patient.search.hits.map(
    (h: { journalEntry: { id: string } | null }) => h.journalEntry?.id,
  );
};

const REGISTER = `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id } }`;

test("helsepersonelloven § 44: a later source version of a note moved here to the right patient does not land as a current note in the wrong patient's record", async () => {
  // Scenario: HP files note dr-w1 under patient A; it is about B. The journalansvarlig moves it
  // to B (§ 44, record case DONE). HP, which still has it under A, then amends it: dr-w1
  // becomes superseded and dr-w2 (relatesTo replaces dr-w1) is the current version, under A.
  // Found: dr-w2 is stored as a current, searchable note of A, B's record keeps only the
  // superseded version: the move is undone for the text that matters now. Expected: the move
  // covers the note's later source versions as a deletion does (writer.ts step 3 follows
  // tombstones only), or the version is held for an archivist; never current under A.
  const pa = hpPatient('pt-s30-wa', '1960-02-02', 8);
  const pb = hpPatient('pt-s30-wb', '1961-03-03', 9);
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('move-1', {
      Patient: [pa, pb],
      DocumentReference: [hpDoc('dr-s30-w1', 'pt-s30-wa', 'Om qzxflyttsyk og hennes sykdom.')],
    }),
  );
  const a = await patientOf('pt-s30-wa');
  const b = await patientOf('pt-s30-wb');
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: 'je-hp-dr-s30-w1',
      ground: 'HPL_44',
      requestedBy: 'HEALTH_PERSONNEL',
      claim: 'skrevet på feil pasient',
      rightPatientId: b,
    },
  });
  expect(reg.body.errors).toBeUndefined();
  const moved = await call(
    ansvarlig,
    `mutation ($id: ID!) { decideRecordCase(id: $id, decision: DONE, reasons: "flyttes",
       assessment: { wrongPerson: true, publicInterestAgainst: false }) { status } }`,
    { id: reg.body.data.registerRecordCase.id },
  );
  expect(moved.body.data.decideRecordCase.status).toBe('DONE');
  expect((await entry('je-hp-dr-s30-w1'))!.patient_id).toBe(b);

  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('move-2', {
      Patient: [pa, pb],
      DocumentReference: [
        hpDoc('dr-s30-w1', 'pt-s30-wa', 'Om qzxflyttsyk og hennes sykdom.', { status: 'superseded' }),
        hpDoc('dr-s30-w2', 'pt-s30-wa', 'Om qzxflyttsyk og hennes sykdom, med tillegg.', {
          docStatus: 'amended',
          date: '2022-04-01T10:00:00+02:00',
          relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/dr-s30-w1' } }],
        }),
      ],
    }),
  );
  await ts.stack.index();
  const currentUnderA = (
    await ts.tdb.db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry WHERE patient_id = $1 AND deleted_at IS NULL AND status = 'current'`,
      [a],
    )
  ).rows.map((r) => r.id);
  expect(currentUnderA).toEqual([]);
  expect(await searchIds(archivist, a, 'qzxflyttsyk')).toEqual([]);
});

test('helsepersonelloven § 43: deleting an HP Vedtak note deletes its text from the service decision read from it too', async () => {
  // Scenario: an HP "Vedtak" document is stored as a journal entry and as a service decision
  // (text, justification copied from the note). The journalansvarlig deletes the note under
  // § 43. Found: the entry's text is gone, but serviceDecision(id) still answers the whole
  // text and the justification, from journal.service_decision. Expected: the deletion
  // removes the note's text wherever it was copied (service_decision.text, justification,
  // cited_assessment_text and service_decision_version.record), as it does for versions and
  // record cases (mutations.ts deleteEntry); the decision's outcome and dates may stay.
  const text =
    'Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.\nBegrunnelse: qzxslettord, feil opplysning om pasienten.';
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('vedtak-1', {
      Patient: [hpPatient('pt-s30-vd', '1955-02-02', 10)],
      DocumentReference: [hpDoc('dr-s30-vd', 'pt-s30-vd', text, { type: { text: 'Vedtak' } })],
    }),
  );
  const before = await call(archivist, '{ serviceDecision(id: "sd-hp-dr-s30-vd") { text justification } }');
  expect(before.body.data.serviceDecision.text).toBe(text);
  const del = await call(
    ansvarlig,
    `mutation ($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "feilaktig og belastende", assessment: {
       generallyUnobjectionable: true, archiveLawAllows: true, wrongOrMisleadingAndBurdensome: true }) { text } }`,
    { id: 'je-hp-dr-s30-vd' },
  );
  expect(del.body.data.deleteJournalEntry.text).toBeNull();

  const after = await call(archivist, '{ serviceDecision(id: "sd-hp-dr-s30-vd") { text justification } }');
  expect(JSON.stringify(after.body)).not.toContain('qzxslettord');
  const stored = await ts.tdb.db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM journal.service_decision d WHERE to_jsonb(d)::text LIKE '%qzxslettord%')
          + (SELECT count(*) FROM journal.service_decision_version v WHERE v.record::text LIKE '%qzxslettord%') AS n`,
  );
  expect(Number(stored.rows[0]!.n)).toBe(0);
});

test('helsepersonelloven § 42: a correction decided on a case registered before a source update does not silently replace the newer source version', async () => {
  // Scenario: a patient asks for a correction; the case is registered with the proposed text,
  // written over version 1. Before it is decided, an HP import updates the note (version 2
  // adds a new medication). The journalansvarlig then decides the case DONE. Found: the
  // proposed text (based on version 1) becomes current over version 2 without anyone being
  // told; content_hash stays version 2's, so no later import raises a source conflict either:
  // the new medication is gone from the current record, kept only in history. Expected: the
  // decision is refused (CONFLICT: the note changed since the case was registered), or the
  // source's newer version waits as a source conflict, as when the import comes after.
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('case-1', {
      Patient: [hpPatient('pt-s30-rc', '1956-02-02', 11)],
      DocumentReference: [hpDoc('dr-s30-rc', 'pt-s30-rc', 'Blodtrykk 120/80.')],
    }),
  );
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: 'je-hp-dr-s30-rc',
      ground: 'HPL_42',
      requestedBy: 'PATIENT',
      requesterName: 'Pasienten',
      claim: 'feil blodtrykk',
      proposedText: 'Blodtrykk 130/80.',
    },
  });
  expect(reg.body.errors).toBeUndefined();
  const update = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('case-2', {
      Patient: [hpPatient('pt-s30-rc', '1956-02-02', 11)],
      DocumentReference: [hpDoc('dr-s30-rc', 'pt-s30-rc', 'Blodtrykk 120/80. Startet på qzxmedisin 5 mg.')],
    }),
  );
  expect(update.counts.entries.updated).toBe(1);
  const decided = await call(
    ansvarlig,
    'mutation ($id: ID!) { decideRecordCase(id: $id, decision: DONE, reasons: "rettes") { status } }',
    { id: reg.body.data.registerRecordCase.id },
  );
  const refused = decided.body.errors?.[0]?.extensions?.code === 'CONFLICT';
  const current = (await entry('je-hp-dr-s30-rc'))!.text ?? '';
  const conflicts = await call(archivist, '{ sourceConflicts { sourceText entry { id } } }');
  const waiting = (conflicts.body.data.sourceConflicts as { sourceText: string }[]).some((c) =>
    c.sourceText.includes('qzxmedisin'),
  );
  expect(
    refused || current.includes('qzxmedisin') || waiting
      ? 'the newer source version is kept in sight'
      : { decision: decided.body.data?.decideRecordCase?.status, currentText: current, waiting },
  ).toBe('the newer source version is kept in sight');
});

test('an HP note whose text holds U+0000 or a lone surrogate is quarantined; the records before and after it are imported (the whole import failed, on every run)', async () => {
  // Scenario: one DocumentReference's attachment decodes to valid UTF-8 holding a NUL byte
  // (or its type is JSON "\ud800", a lone surrogate). Found: the batch's INSERT fails in
  // PostgreSQL ("unsupported Unicode escape sequence" / "invalid input syntax for type
  // json"), the import stops, and nothing of the batch is stored (the patient, the notes
  // before and after it); re-running stops at the same record, so the export can never be
  // imported. Expected: quarantined with a reason (as Gerica's control characters are:
  // `encoding`) and its bytes; the rest imported (lib/storable-text.ts knows what cannot be stored).
  const cases = [
    ['nul', '1980-01-01', hpDoc('dr-s30-nul-2', 'pt-s30-nul', 'Med NUL \u0000 her.')],
    [
      'surrogate',
      '1981-01-01',
      hpDoc('dr-s30-surrogate-2', 'pt-s30-surrogate', 'To.', { type: { text: 'Notat \ud800' } }),
    ],
  ] as const;
  const outcomes: Record<string, string> = {};
  for (const [name, born, bad] of cases) {
    const patient = `pt-s30-${name}`;
    const d = hpExport(`bad-${name}`, {
      Patient: [hpPatient(patient, born, 12)],
      DocumentReference: [
        hpDoc(`dr-s30-${name}-1`, patient, 'Første notat.'),
        bad,
        hpDoc(`dr-s30-${name}-3`, patient, 'Tredje notat.'),
      ],
    });
    outcomes[name] = await runImport(ts.tdb.db, 'hp', d).then(
      () => 'imported',
      (err: Error) => err.message,
    );
  }
  expect(outcomes).toEqual({ nul: 'imported', surrogate: 'imported' });
  for (const [name] of cases) {
    const stored = await ts.tdb.db.query<{ source_id: string }>(
      `SELECT source_id FROM journal.journal_entry WHERE source_id LIKE $1 ORDER BY source_id`,
      [`dr-s30-${name}-%`],
    );
    expect(stored.rows.map((r) => r.source_id)).toEqual([`dr-s30-${name}-1`, `dr-s30-${name}-3`]);
    const q = await ts.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.quarantine
        WHERE import_run_id IN (SELECT id FROM journal.import_run WHERE file = $1)`,
      [`bad-${name}`],
    );
    expect(q.rows[0]!.n).toBe(1);
  }
});

test('coercion: an HP execution whose description holds U+0000 is quarantined; the decision and the other executions of the file are imported (the whole file failed)', async () => {
  // Scenario: Coercion.ndjson with a decision and three executions; the second execution's
  // description holds U+0000 (JSON "\u0000", valid JSON and UTF-8). Found: the file's one
  // transaction fails in PostgreSQL and nothing of it is stored, on every run. Expected: that
  // line quarantined with its bytes and a reason, the rest imported.
  const nid = makeSyntheticNationalId('1950-05-05', 13, true);
  const exec = (id: string, description: string) => ({
    kind: 'execution',
    id,
    patient: nid,
    decisionId: 'TVD-S30-1',
    measure: 'holding av arm ved blodprøvetaking',
    start: '2023-09-12T09:15:00+02:00',
    end: '2023-09-12T09:25:00+02:00',
    executedBy: ['9310245', '9206184'],
    description,
  });
  const lines = [
    {
      kind: 'decision',
      id: 'TVD-S30-1',
      patient: nid,
      legalBasis: 'pbrl-4A',
      measures: ['holding av arm ved blodprøvetaking'],
      validFrom: '2023-06-01',
      validTo: '2023-11-30',
      decidedAt: '2023-05-20T10:00:00+02:00',
      justification: 'Blodprøver.',
    },
    exec('TVG-S30-1', 'Blodprøve.'),
    exec('TVG-S30-2', 'Blodprøve \u0000 avbrutt.'),
    exec('TVG-S30-3', 'Blodprøve.'),
  ];
  mkdirSync(join(dir, 'coercion-nul'));
  const file = join(dir, 'coercion-nul', 'Coercion.ndjson');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const outcome = await importCoercionPath(ts.tdb.db, file).then(
    () => 'imported',
    (err: Error) => err.message,
  );
  expect(outcome).toBe('imported');
  const stored = await ts.tdb.db.query<{ id: string }>(
    `SELECT id FROM coercion.execution WHERE id LIKE 'TVG-S30-%' ORDER BY id`,
  );
  expect(stored.rows.map((r) => r.id)).toEqual(['TVG-S30-1', 'TVG-S30-3']);
});

test('a source export that files a stored note under another patient is not reported as unchanged', async () => {
  // Scenario (identity fix in the source): HP files dr-mv under patient A; a later export
  // files the same document under patient B (HP moved it). Found: the import reports the note
  // `unchanged` (the patient is not in the content hash and the writer never changes
  // patient_id) and tells no one: the note stays in A's record, with A's matters, with no
  // trace of what the source now says. Expected: applied when no move was made here (kept
  // as a version, A keeps a movement record), or kept for an archivist (as
  // journal.identity_change keeps a changed national id); either way not counted unchanged.
  const pa = hpPatient('pt-s30-mva', '1970-02-02', 3);
  const pb = hpPatient('pt-s30-mvb', '1971-03-03', 4);
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('srcmove-1', {
      Patient: [pa, pb],
      DocumentReference: [hpDoc('dr-s30-mv', 'pt-s30-mva', 'Notat.')],
    }),
  );
  const r = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('srcmove-2', {
      Patient: [pa, pb],
      DocumentReference: [hpDoc('dr-s30-mv', 'pt-s30-mvb', 'Notat.')],
    }),
  );
  expect(r.counts.entries.unchanged).toBe(0);
});

test('an older HP export (lower meta.versionId) imported after a newer one does not make the older text current again', async () => {
  // Scenario: the export of January 2023 (DocumentReference meta.versionId 2) is imported,
  // then by mistake the export of January 2022 (versionId 1). Found: the note is "updated"
  // back to version 1's text; version 2's text shows as an earlier version (change import),
  // the index and every reader now see the old text. The writer applies whatever comes last,
  // and the HP reader drops meta.versionId / lastUpdated. Expected: a source version older
  // than the stored one is not applied (kept, or listed, for an archivist).
  const p = hpPatient('pt-s30-old', '1972-02-02', 5);
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('older-2023', {
      Patient: [p],
      DocumentReference: [
        hpDoc('dr-s30-old', 'pt-s30-old', 'Ny tekst fra 2023.', {
          meta: { versionId: '2', lastUpdated: '2023-01-02T10:00:00+01:00' },
        }),
      ],
    }),
  );
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('older-2022', {
      Patient: [p],
      DocumentReference: [
        hpDoc('dr-s30-old', 'pt-s30-old', 'Gammel tekst fra 2022.', {
          meta: { versionId: '1', lastUpdated: '2022-01-02T10:00:00+01:00' },
        }),
      ],
    }),
  );
  expect((await entry('je-hp-dr-s30-old'))!.text).toBe('Ny tekst fra 2023.');
});

test('helsepersonelloven § 42, pasientjournalloven § 22: a legal user finds a note by search for what it said before a correction made here', async () => {
  // Scenario: a note says "qzxopprinnelig"; it is corrected here (§ 42: the earlier text
  // stays part of the record, JournalEntry.history shows it). A lawyer in a matter on the
  // patient searches for that word, asking what the record held. Found: no hit; the index
  // holds the current text only and searchCoverage does not count the corrected-away text as
  // not searchable (it does for superseded HP versions). Expected: the note is found (its
  // kept versions' text indexed with the note, as history it is), or at the least counted.
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('search-1', {
      Patient: [hpPatient('pt-s30-sr', '1974-02-02', 7)],
      DocumentReference: [hpDoc('dr-s30-sr', 'pt-s30-sr', 'Pasienten nevnte qzxopprinnelig i samtalen.')],
    }),
  );
  const c = await call(
    ansvarlig,
    'mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Pasienten nevnte qzxrettet i samtalen.", reason: "feil ord") { version } }',
    { id: 'je-hp-dr-s30-sr' },
  );
  expect(c.body.errors).toBeUndefined();
  await ts.stack.index();
  const pid = await patientOf('pt-s30-sr');
  const legal = await ts.stack.matterToken({ id: 'M-S30-SR', patientIds: [pid] }, { sub: 'jurist-s30' });
  expect(await searchIds(legal, pid, 'qzxrettet')).toEqual(['je-hp-dr-s30-sr']);
  expect(await searchIds(legal, pid, 'qzxopprinnelig')).toEqual(['je-hp-dr-s30-sr']);
});

test('a source conflict is no longer open once the source sends back the version the correction was made over', async () => {
  // Scenario: a note is corrected here; export 2 changes it in the source (a source
  // conflict, correct); export 3 is the source as at first again (the source undid its
  // change). Found: the conflict from export 2 stays open and shows a source text the source
  // no longer has; TAKE_SOURCE would make that retracted text current over the correction.
  // Expected: marked superseded, as a later, different source version does.
  const p = hpPatient('pt-s30-sc', '1975-02-02', 6);
  const doc = (text: string) => ({
    Patient: [p],
    DocumentReference: [hpDoc('dr-s30-sc', 'pt-s30-sc', text)],
  });
  await runImport(ts.tdb.db, 'hp', hpExport('conflict-1', doc('Opprinnelig tekst.')));
  const c = await call(
    ansvarlig,
    'mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Rettet tekst.", reason: "feil") { version } }',
    { id: 'je-hp-dr-s30-sc' },
  );
  expect(c.body.errors).toBeUndefined();
  const second = await runImport(ts.tdb.db, 'hp', hpExport('conflict-2', doc('Kilden endret teksten.')));
  expect(second.sourceConflicts).toBe(1);
  await runImport(ts.tdb.db, 'hp', hpExport('conflict-3', doc('Opprinnelig tekst.')));
  const open = await call(archivist, '{ sourceConflicts { sourceText entry { id } } }');
  expect(
    (open.body.data.sourceConflicts as { entry: { id: string } }[]).filter(
      (x) => x.entry.id === 'je-hp-dr-s30-sc',
    ),
  ).toEqual([]);
});

test('an amended HP note whose care period is written with another offset for the same instant is unchanged: no new version', async () => {
  // Scenario: the same amended DocumentReference in two exports; context.period.start is
  // "2022-03-01T10:00:00+01:00" in one and "2022-03-01T09:00:00Z" in the other (one instant).
  // Found: entryContentHash hashes the care period strings as written (writtenAt is
  // normalised), so the note is "updated" with an identical version each time the form
  // changes, and a note corrected here would get a source conflict for nothing. Expected:
  // unchanged, as for writtenAt.
  const p = hpPatient('pt-s30-cp', '1973-02-02', 6);
  const doc = (start: string) => ({
    Patient: [p],
    DocumentReference: [
      hpDoc('dr-s30-cp', 'pt-s30-cp', 'Rettet notat.', {
        docStatus: 'amended',
        date: '2022-05-01T10:00:00+02:00',
        context: { period: { start } },
      }),
    ],
  });
  await runImport(ts.tdb.db, 'hp', hpExport('care-1', doc('2022-03-01T10:00:00+01:00')));
  const r = await runImport(ts.tdb.db, 'hp', hpExport('care-2', doc('2022-03-01T09:00:00Z')));
  expect(r.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
  const versions = await ts.tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM journal.entry_version WHERE entry_id = 'je-hp-dr-s30-cp'`,
  );
  expect(versions.rows[0]!.n).toBe(0);
});
