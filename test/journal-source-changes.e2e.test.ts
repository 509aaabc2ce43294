/**
 * What an import does with a source export that changes a stored note in a way the writer must
 * not simply apply (review s30, "nothing lost"; subgraphs/journal/import/writer.ts steps 0–3,
 * record-cases.ts moveEntry and registerSourcePatientChange): a note moved here under § 44 and
 * its service decision, a source that files a note under another patient, an export older than
 * the version stored, a care period hashed as written. Each test is named after its legal source.
 * Real PostgreSQL and Elasticsearch through dev/test-stack.ts; imports run as the CLI runs them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { gql } from '../dev/services';
import {
  hpPatient as hpPatientOf,
  writeHpExport,
  hpDoc,
  hpPatientRecord,
  storedEntry,
  recordKeeperTokens,
} from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';
import { entryContentHash } from '../subgraphs/journal/import/records';

let dir: string;
let ts: TestStack;
let archivist: string;
let ansvarlig: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-src-changes-'));
  ts = await startTestStack();
  ({ archivist, ansvarlig } = await recordKeeperTokens(ts.stack, 'sc'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

const hpExport = (name: string, files: Record<string, object[]>) => writeHpExport(dir, name, files);

const hpPatient = (id: string, birthDate: string, serial: number) =>
  hpPatientOf(id, birthDate, serial, { family: 'Kildevik', given: ['Siri'] });

const patientOf = (localId: string) => hpPatientRecord(ts.tdb.db, localId);

const entry = async (id: string) => await storedEntry(ts.tdb.db, id);

const REGISTER = `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id } }`;
const DECIDE = `mutation ($id: ID!, $d: RecordCaseDecision!, $r: String!, $a: RecordAssessmentInput) {
  decideRecordCase(id: $id, decision: $d, reasons: $r, assessment: $a) { status } }`;
const MOVE_OK = { wrongPerson: true, publicInterestAgainst: false };

const decisionsOf = async (patientId: string): Promise<string[]> => {
  const r = await call(
    archivist,
    `{ patient(id: "${patientId}") { serviceDecisions { decisions { id } } } }`,
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.patient.serviceDecisions.decisions.map((d: { id: string }) => d.id);
};

test('helsepersonelloven § 44: a Vedtak note moved to the right patient takes its service decision along; a re-import does not put it back on the wrong patient', async () => {
  const pa = hpPatient('pt-sc-va', '1962-04-04', 21);
  const pb = hpPatient('pt-sc-vb', '1963-05-05', 22);
  const text = 'Vedtak om trygghetsalarm.\nKommunen innvilger trygghetsalarm.\nBegrunnelse: bor alene.';
  const files = {
    Patient: [pa, pb],
    DocumentReference: [hpDoc('dr-sc-vd', 'pt-sc-va', text, { type: { text: 'Vedtak' } })],
  };
  await runImport(ts.tdb.db, 'hp', hpExport('vedtak-move-1', files));
  const a = await patientOf('pt-sc-va');
  const b = await patientOf('pt-sc-vb');
  expect(await decisionsOf(a)).toEqual(['sd-hp-dr-sc-vd']);
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: 'je-hp-dr-sc-vd',
      ground: 'HPL_44',
      requestedBy: 'HEALTH_PERSONNEL',
      claim: 'vedtaket gjelder en annen pasient',
      rightPatientId: b,
    },
  });
  expect(reg.body.errors).toBeUndefined();
  const moved = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'flyttes',
    a: MOVE_OK,
  });
  expect(moved.body.errors).toBeUndefined();
  expect(await decisionsOf(a)).toEqual([]);
  expect(await decisionsOf(b)).toEqual(['sd-hp-dr-sc-vd']);
  // The row before the move is kept (nothing lost).
  const kept = await ts.tdb.db.query<{ patient_id: string; replaced_by: string }>(
    `SELECT record->>'patient_id' AS patient_id, replaced_by FROM journal.service_decision_version WHERE decision_id = 'sd-hp-dr-sc-vd'`,
  );
  expect(kept.rows).toEqual([{ patient_id: a, replaced_by: 'journalansvarlig-sc' }]);

  // The source still files the Vedtak under A: nothing changes, no new version.
  const again = await runImport(ts.tdb.db, 'hp', hpExport('vedtak-move-2', files));
  expect(again.counts.decisions).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
  expect(await decisionsOf(a)).toEqual([]);
  expect(await decisionsOf(b)).toEqual(['sd-hp-dr-sc-vd']);
});

test('helsepersonelloven § 44: a source export that files a stored note under another patient registers a § 44 case for the journalansvarlig; DONE moves it and the source then agrees, REFUSED keeps it and the import does not ask again', async () => {
  const pa = hpPatient('pt-sc-ma', '1964-06-06', 23);
  const pb = hpPatient('pt-sc-mb', '1965-07-07', 24);
  const pc = hpPatient('pt-sc-mc', '1966-08-08', 25);
  const exp = (name: string, files: [string, string][]) =>
    hpExport(name, {
      Patient: [pa, pb, pc],
      DocumentReference: files.map(([id, p]) => hpDoc(id, p, `Notat ${id}.`)),
    });
  await runImport(
    ts.tdb.db,
    'hp',
    exp('refile-1', [
      ['dr-sc-m1', 'pt-sc-ma'],
      ['dr-sc-m2', 'pt-sc-ma'],
    ]),
  );
  const a = await patientOf('pt-sc-ma');
  const b = await patientOf('pt-sc-mb');
  const c = await patientOf('pt-sc-mc');

  // The source files m1 under B and m2 under C: both held, each a case; nothing moved.
  const second = await runImport(
    ts.tdb.db,
    'hp',
    exp('refile-2', [
      ['dr-sc-m1', 'pt-sc-mb'],
      ['dr-sc-m2', 'pt-sc-mc'],
    ]),
  );
  expect(second.patientChangesHeld).toBe(2);
  expect(second.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 0 });
  expect((await entry('je-hp-dr-sc-m1'))!.patient_id).toBe(a);
  expect((await entry('je-hp-dr-sc-m2'))!.patient_id).toBe(a);
  const open = await call(
    archivist,
    `{ recordCases(patientId: "${a}") { id kind ground status registeredBy requestedBy rightPatientId claim entry { id } } }`,
  );
  expect(open.body.errors).toBeUndefined();
  const cases = open.body.data.recordCases as {
    id: string;
    kind: string;
    registeredBy: string;
    requestedBy: string;
    rightPatientId: string;
    claim: string;
    entry: { id: string };
  }[];
  expect(cases.map((x) => [x.entry.id, x.kind, x.registeredBy, x.requestedBy, x.rightPatientId])).toEqual([
    ['je-hp-dr-sc-m1', 'MOVE', 'import', 'HEALTH_PERSONNEL', b],
    ['je-hp-dr-sc-m2', 'MOVE', 'import', 'HEALTH_PERSONNEL', c],
  ]);
  expect(cases[0]!.claim).toContain('HELSEPLATTFORMEN patient pt-sc-mb');

  // The same export again: still held (the cases are open), no second case.
  const third = await runImport(
    ts.tdb.db,
    'hp',
    exp('refile-3', [
      ['dr-sc-m1', 'pt-sc-mb'],
      ['dr-sc-m2', 'pt-sc-mc'],
    ]),
  );
  expect(third.patientChangesHeld).toBe(2);
  const count = async () =>
    Number(
      (
        await ts.tdb.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM journal.record_case WHERE entry_id IN ('je-hp-dr-sc-m1', 'je-hp-dr-sc-m2')`,
        )
      ).rows[0]!.n,
    );
  expect(await count()).toBe(2);

  // The journalansvarlig moves m1 (the source was right) and refuses m2 (it was not).
  const done = await call(ansvarlig, DECIDE, {
    id: cases[0]!.id,
    d: 'DONE',
    r: 'kilden har rett',
    a: MOVE_OK,
  });
  expect(done.body.data.decideRecordCase.status).toBe('DONE');
  const refused = await call(ansvarlig, DECIDE, { id: cases[1]!.id, d: 'REFUSED', r: 'notatet gjelder A' });
  expect(refused.body.data.decideRecordCase.status).toBe('REFUSED');
  expect((await entry('je-hp-dr-sc-m1'))!.patient_id).toBe(b);
  expect((await entry('je-hp-dr-sc-m2'))!.patient_id).toBe(a);

  const fourth = await runImport(
    ts.tdb.db,
    'hp',
    exp('refile-4', [
      ['dr-sc-m1', 'pt-sc-mb'],
      ['dr-sc-m2', 'pt-sc-mc'],
    ]),
  );
  expect(fourth.patientChangesHeld).toBe(0);
  expect(fourth.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 2 });
  expect(await count()).toBe(2);
});

test('helsepersonelloven § 44: a case the import registered is withdrawn when a later export files the note under a third patient or under its stored patient again; a withdrawn case cannot be decided, and the source refiling anew registers a new case', async () => {
  const pa = hpPatient('pt-sc-wa', '1969-01-12', 28);
  const pb = hpPatient('pt-sc-wb', '1970-02-13', 29);
  const pc = hpPatient('pt-sc-wc', '1971-03-14', 30);
  const exp = (name: string, under: string) =>
    hpExport(name, { Patient: [pa, pb, pc], DocumentReference: [hpDoc('dr-sc-w1', under, 'Notat w1.')] });
  await runImport(ts.tdb.db, 'hp', exp('withdraw-1', 'pt-sc-wa'));
  const a = await patientOf('pt-sc-wa');
  const b = await patientOf('pt-sc-wb');
  const c = await patientOf('pt-sc-wc');
  const cases = async () => {
    const r = await call(
      archivist,
      `{ recordCases(patientId: "${a}", openOnly: false) { id status rightPatientId decidedBy reasons appealRoute events { by event detail } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.recordCases as {
      id: string;
      status: string;
      rightPatientId: string;
      decidedBy: string | null;
      reasons: string | null;
      appealRoute: string | null;
      events: { by: string; event: string; detail: string }[];
    }[];
  };

  // B, then C: the case for B is withdrawn by the import, with the reason; the one for C is open.
  expect((await runImport(ts.tdb.db, 'hp', exp('withdraw-2', 'pt-sc-wb'))).patientChangesHeld).toBe(1);
  const toC = await runImport(ts.tdb.db, 'hp', exp('withdraw-3', 'pt-sc-wc'));
  expect([toC.patientChangesHeld, toC.patientChangesWithdrawn]).toEqual([1, 1]);
  const [forB, forC] = await cases();
  expect([forB!.rightPatientId, forB!.status, forB!.decidedBy, forB!.appealRoute]).toEqual([
    b,
    'WITHDRAWN',
    'import',
    null,
  ]);
  expect(forB!.reasons).toContain(
    'withdraw-3 files this note under another patient record than this case names',
  );
  expect(forB!.events.at(-1)).toMatchObject({ by: 'import', event: 'withdrawn' });
  expect([forC!.rightPatientId, forC!.status]).toEqual([c, 'OPEN']);

  // DONE on the withdrawn case is refused (CONFLICT, saying why); the note stays on A.
  const stale = await call(ansvarlig, DECIDE, { id: forB!.id, d: 'DONE', r: 'kilden sa B', a: MOVE_OK });
  expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(stale.body.errors?.[0]?.message).toContain(`record case ${forB!.id} was withdrawn`);
  expect((await entry('je-hp-dr-sc-w1'))!.patient_id).toBe(a);

  // A again: the case for C is withdrawn too; nothing held, the note counted unchanged.
  const back = await runImport(ts.tdb.db, 'hp', exp('withdraw-4', 'pt-sc-wa'));
  expect([back.patientChangesHeld, back.patientChangesWithdrawn]).toEqual([0, 1]);
  expect(back.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
  expect((await cases()).map((x) => x.status)).toEqual(['WITHDRAWN', 'WITHDRAWN']);
  expect((await cases())[1]!.reasons).toContain(
    'withdraw-4 files this note under its stored patient record again',
  );

  // B anew: a withdrawn request does not stop the source's new one (a refused one would).
  expect((await runImport(ts.tdb.db, 'hp', exp('withdraw-5', 'pt-sc-wb'))).patientChangesHeld).toBe(1);
  expect((await cases()).map((x) => [x.rightPatientId, x.status])).toEqual([
    [b, 'WITHDRAWN'],
    [c, 'WITHDRAWN'],
    [b, 'OPEN'],
  ]);
});

test('pasientjournalloven § 22 (integritet): an HP export older than the version stored is quarantined with its bytes, not applied; a newer one is applied; an older export of a note deleted here keeps nothing', async () => {
  const p = hpPatient('pt-sc-ov', '1967-09-09', 26);
  const doc = (id: string, text: string, meta: object) => hpDoc(id, 'pt-sc-ov', text, { meta });
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('versions-3', {
      Patient: [p],
      DocumentReference: [
        doc('dr-sc-o1', 'Versjon tre.', { versionId: '3' }),
        // No versionId: meta.lastUpdated tells.
        doc('dr-sc-o2', 'Oppdatert 2023.', { lastUpdated: '2023-05-01T10:00:00+02:00' }),
        doc('dr-sc-o3', 'Slettes her: qzxslettet.', { versionId: '5' }),
      ],
    }),
  );
  const del = await call(
    ansvarlig,
    `mutation ($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "feil", assessment: {
       generallyUnobjectionable: true, archiveLawAllows: true, wrongOrMisleadingAndBurdensome: true }) { text } }`,
    { id: 'je-hp-dr-sc-o3' },
  );
  expect(del.body.errors).toBeUndefined();

  const older = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('versions-2', {
      Patient: [p],
      DocumentReference: [
        doc('dr-sc-o1', 'Versjon to.', { versionId: '2' }),
        doc('dr-sc-o2', 'Oppdatert 2022.', { lastUpdated: '2022-05-01T10:00:00+02:00' }),
        doc('dr-sc-o3', 'Slettes her: qzxslettet, eldre.', { versionId: '4' }),
      ],
    }),
  );
  expect(older.quarantined).toEqual({ 'older-source-version': 2 });
  expect(older.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 1 });
  expect((await entry('je-hp-dr-sc-o1'))!.text).toBe('Versjon tre.');
  expect((await entry('je-hp-dr-sc-o2'))!.text).toBe('Oppdatert 2023.');
  expect((await entry('je-hp-dr-sc-o3'))!.text).toBeNull();
  const q = await ts.tdb.db.query<{ reason: string; detail: string; raw: string }>(
    `SELECT reason, detail, convert_from(raw, 'UTF8') AS raw FROM journal.quarantine
      WHERE import_run_id IN (SELECT id FROM journal.import_run WHERE file = 'versions-2') ORDER BY line`,
  );
  expect(q.rows.map((r) => r.reason)).toEqual(['older-source-version', 'older-source-version']);
  expect(q.rows[0]!.detail).toBe(
    "HELSEPLATTFORMEN dr-sc-o1: this export's version (versionId 2) is older than the one stored (versionId 3); the stored version stays current",
  );
  expect(Buffer.from(JSON.parse(q.rows[0]!.raw).content[0].attachment.data, 'base64').toString()).toBe(
    'Versjon to.',
  );
  // The deleted note's older text is stored nowhere.
  const leaked = await ts.tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM journal.quarantine WHERE position(convert_to($1, 'UTF8') IN raw) > 0`,
    [Buffer.from('Slettes her: qzxslettet, eldre.', 'utf8').toString('base64')],
  );
  expect(leaked.rows[0]!.n).toBe(0);
  // Listed for the patient's record (where and why, not the bytes).
  const listed = await call(
    archivist,
    `{ patient(id: "${await patientOf('pt-sc-ov')}") { quarantinedRecords { reason } } }`,
  );
  expect(listed.body.data.patient.quarantinedRecords).toEqual([
    { reason: 'older-source-version' },
    { reason: 'older-source-version' },
  ]);

  const newer = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('versions-4', {
      Patient: [p],
      DocumentReference: [doc('dr-sc-o1', 'Versjon fire.', { versionId: '4' })],
    }),
  );
  expect(newer.counts.entries).toEqual({ accepted: 0, updated: 1, unchanged: 0 });
  expect((await entry('je-hp-dr-sc-o1'))!.text).toBe('Versjon fire.');
});

test('pasientjournalloven § 22 (integritet): an older HP export of a Vedtak note does not apply its service decision either', async () => {
  const p = hpPatient('pt-sc-ovd', '1968-10-10', 27);
  const vedtak = (text: string, versionId: string) =>
    hpDoc('dr-sc-ovd', 'pt-sc-ovd', text, { type: { text: 'Vedtak' }, meta: { versionId } });
  await runImport(
    ts.tdb.db,
    'hp',
    hpExport('vedtak-v2', {
      Patient: [p],
      DocumentReference: [vedtak('Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.', '2')],
    }),
  );
  const r = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('vedtak-v1', {
      Patient: [p],
      DocumentReference: [vedtak('Vedtak om hjemmesykepleie.\nKommunen avslår hjemmesykepleie.', '1')],
    }),
  );
  expect(r.quarantined).toEqual({ 'older-source-version': 1 });
  const d = await call(archivist, '{ serviceDecision(id: "sd-hp-dr-sc-ovd") { outcome } }');
  expect(d.body.data.serviceDecision.outcome).toBe('GRANTED');
});

test('pasientjournalloven § 22 (integritet): two versions of a Vedtak note in one export: the newer note and its decision are applied, whatever their order; a newer version in a later batch of the same export is applied after an older one', async () => {
  const p = hpPatient('pt-sc-tvd', '1972-04-15', 31);
  const vedtak = (id: string, text: string, versionId: string) =>
    hpDoc(id, 'pt-sc-tvd', text, { type: { text: 'Vedtak' }, meta: { versionId } });
  const granted = 'Vedtak om hjemmesykepleie.\nKommunen innvilger hjemmesykepleie.';
  const refused = 'Vedtak om hjemmesykepleie.\nKommunen avslår hjemmesykepleie.';
  const r = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('vedtak-two', {
      Patient: [p],
      DocumentReference: [vedtak('dr-sc-tvd', granted, '2'), vedtak('dr-sc-tvd', refused, '1')],
    }),
  );
  expect(r.quarantined).toEqual({ 'older-source-version': 1 });
  expect((await entry('je-hp-dr-sc-tvd'))!.text).toBe(granted);
  const d = await call(archivist, '{ serviceDecision(id: "sd-hp-dr-sc-tvd") { outcome } }');
  expect(d.body.data.serviceDecision.outcome).toBe('GRANTED');

  // Stored v2; an export with v1 (older: not applied) in its first batch of 1,000 items and v3
  // in its second: v3 and its decision are applied (the older v1 holds only until a newer one).
  const fillers = Array.from({ length: 998 }, (_, i) => hpDoc(`dr-sc-tvf${i}`, 'pt-sc-tvd', `Notat ${i}.`));
  const later = await runImport(
    ts.tdb.db,
    'hp',
    hpExport('vedtak-batches', {
      Patient: [p],
      DocumentReference: [vedtak('dr-sc-tvd', refused, '1'), ...fillers, vedtak('dr-sc-tvd', refused, '3')],
    }),
  );
  expect(later.quarantined).toEqual({ 'older-source-version': 1 });
  expect((await entry('je-hp-dr-sc-tvd'))!.text).toBe(refused);
  const d3 = await call(archivist, '{ serviceDecision(id: "sd-hp-dr-sc-tvd") { outcome } }');
  expect(d3.body.data.serviceDecision.outcome).toBe('REFUSED');
});

test('pasientjournalloven § 22 (integritet): a care-period hash stored before care periods were hashed as instants is the same version: re-imported, the note is unchanged and no source conflict is raised', async () => {
  const p = hpPatient('pt-sc-lh', '1969-11-11', 28);
  const amended = (id: string, text: string) =>
    hpDoc(id, 'pt-sc-lh', text, {
      docStatus: 'amended',
      date: '2022-05-01T10:00:00+02:00',
      context: { period: { start: '2022-03-01T10:00:00+01:00', end: '2022-03-01T11:00:00+01:00' } },
    });
  const files = {
    Patient: [p],
    DocumentReference: [amended('dr-sc-lh1', 'Notat en.'), amended('dr-sc-lh2', 'Notat to.')],
  };
  await runImport(ts.tdb.db, 'hp', hpExport('legacy-1', files));
  // As stored before the fix: the care period hashed as written.
  for (const [id, text] of [
    ['dr-sc-lh1', 'Notat en.'],
    ['dr-sc-lh2', 'Notat to.'],
  ] as const)
    await ts.tdb.db.query(`UPDATE journal.journal_entry SET content_hash = $2 WHERE id = $1`, [
      `je-hp-${id}`,
      entryContentHash(
        {
          text,
          writtenAt: '2022-05-01T10:00:00+02:00',
          type: 'Journalnotat',
          status: 'current',
          amended: true,
          careStart: '2022-03-01T10:00:00+01:00',
          careEnd: '2022-03-01T11:00:00+01:00',
        },
        { carePeriodAsWritten: true },
      ),
    ]);
  // One of them corrected here.
  const c = await call(
    ansvarlig,
    'mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Notat to, rettet.", reason: "feil") { version } }',
    { id: 'je-hp-dr-sc-lh2' },
  );
  expect(c.body.errors).toBeUndefined();
  const again = await runImport(ts.tdb.db, 'hp', hpExport('legacy-2', files));
  expect(again.counts.entries).toEqual({ accepted: 0, updated: 0, unchanged: 2 });
  expect(again.sourceConflicts).toBe(0);
  const versions = await ts.tdb.db.query<{ change: string }>(
    `SELECT change FROM journal.entry_version WHERE entry_id IN ('je-hp-dr-sc-lh1', 'je-hp-dr-sc-lh2') ORDER BY entry_id, version`,
  );
  expect(versions.rows).toEqual([{ change: 'correction' }]);
});
