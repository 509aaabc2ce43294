/**
 * Retting og sletting (issue 15) and legal hold (issue 14), through the gateway against the
 * shared PostgreSQL and Elasticsearch. Each test is named after its legal source, as the
 * rule's header in subgraphs/journal/record-cases.ts and lib/policy/legal-hold.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, type TestDatabase } from '../dev/services';
import { importProfilPersons, startTestStack, type TestStack } from '../dev/test-stack';
import type { Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { makeSyntheticNationalId } from '../lib/national-id';

let dir: string;
let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let archivist: string;
let ansvarlig: string;
let patients: { id: string; national_id: string; given_name: string; family_name: string }[];

const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: false,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-law-'));
  env = await startTestStack();
  ({ tdb, stack } = env);
  patients = await importProfilPersons(tdb.db, dir, {
    patients: 8,
    notesPerPatient: 4,
    migratedShare: 0,
    seed: 15,
  });
  await stack.index();
  expect(patients.length).toBeGreaterThanOrEqual(7);
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await stack.token({
    sub: 'journalansvarlig-1',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gateway.url, query, { token, variables });

async function notesOf(patientId: string): Promise<{ id: string; text: string }[]> {
  return (
    await tdb.db.query<{ id: string; text: string }>(
      'SELECT id, text FROM journal.journal_entry WHERE patient_id = $1 AND deleted_at IS NULL ORDER BY id',
      [patientId],
    )
  ).rows;
}

const DELETE = `mutation ($id: ID!, $basis: String!, $a: RecordAssessmentInput!, $g: RecordCaseGround) {
  deleteJournalEntry(id: $id, legalBasis: $basis, assessment: $a, ground: $g) { id text tombstone { deletedBy legalBasis caseId } } }`;
const REGISTER = `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id kind ground status registeredBy } }`;
const DECIDE = `mutation ($id: ID!, $d: RecordCaseDecision!, $r: String!, $a: RecordAssessmentInput, $t: String) {
  decideRecordCase(id: $id, decision: $d, reasons: $r, assessment: $a, text: $t) {
    id status decidedBy reasons appealRoute legalSource
    noticeRecipients { userId role purpose matter reads source }
    events { event by detail }
    entry { id text version tombstone { caseId } } } }`;

test('helsepersonelloven § 39 andre ledd: the journalansvarlig decides; an archivist registers but neither deletes nor decides', async () => {
  const note = (await notesOf(patients[0]!.id))[0]!;
  const del = await call(archivist, DELETE, { id: note.id, basis: 'hpl § 43', a: FULL_43 });
  expect(del.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(del.body.errors?.[0]?.message).toBe('deleteJournalEntry needs role journalansvarlig');
  const cor = await call(
    archivist,
    'mutation ($id: ID!) { correctJournalEntry(id: $id, text: "x", reason: "y") { id } }',
    { id: note.id },
  );
  expect(cor.body.errors?.[0]?.message).toBe('correctJournalEntry needs role journalansvarlig');

  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_43',
      requestedBy: 'PATIENT',
      requesterName: 'Pasienten selv',
      claim: 'Feil opplysning om rusbruk',
    },
  });
  expect(reg.body.errors).toBeUndefined();
  expect(reg.body.data.registerRecordCase).toMatchObject({
    kind: 'DELETION',
    ground: 'HPL_43',
    status: 'OPEN',
    registeredBy: 'arkivar-1',
  });
  const dec = await call(archivist, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'REFUSED',
    r: 'nei',
  });
  expect(dec.body.errors?.[0]?.message).toBe('decideRecordCase needs role journalansvarlig');
  // A legal user may do neither.
  const legal = await stack.matterToken({ id: 'M-LAW-1', patientIds: [patients[0]!.id] });
  const legalReg = await call(legal, REGISTER, {
    i: { entryId: note.id, ground: 'HPL_42', requestedBy: 'HEALTH_PERSONNEL', claim: 'x', proposedText: 'y' },
  });
  expect(legalReg.body.errors?.[0]?.message).toBe(
    'registerRecordCase needs role archivist or journalansvarlig',
  );
  // Asked by the patient without a name: bad input, nothing registered.
  const noName = await call(archivist, REGISTER, {
    i: { entryId: note.id, ground: 'HPL_43', requestedBy: 'PATIENT', claim: 'slett' },
  });
  expect(noName.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('helsepersonelloven § 42: a correction is a new version (the earlier text kept); a refused request stays with the note with reasons and the appeal route to Statsforvalteren', async () => {
  const [a, b] = await notesOf(patients[1]!.id);
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: a!.id,
      ground: 'HPL_42',
      requestedBy: 'REPRESENTATIVE',
      requesterName: 'Kari Nordmann',
      requesterRelation: 'mor',
      claim: 'Dosen er gjengitt feil',
      proposedText: 'Rettet: riktig dose er 5 mg.',
    },
  });
  expect(reg.body.data.registerRecordCase.kind).toBe('CORRECTION');
  const done = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'Dosen var feil gjengitt; rettet i samråd med forfatteren',
  });
  expect(done.body.errors).toBeUndefined();
  expect(done.body.data.decideRecordCase).toMatchObject({
    status: 'DONE',
    decidedBy: 'journalansvarlig-1',
    legalSource: 'helsepersonelloven § 42',
    appealRoute: null,
    entry: { id: a!.id, text: 'Rettet: riktig dose er 5 mg.', version: 2 },
  });
  const versions = await tdb.db.query<{ text: string; change: string; reason: string }>(
    'SELECT text, change, reason FROM journal.entry_version WHERE entry_id = $1 ORDER BY version',
    [a!.id],
  );
  expect(versions.rows).toEqual([
    {
      text: a!.text,
      change: 'correction',
      reason: expect.stringMatching(/^helsepersonelloven § 42 \(sak \d+\)/),
    },
  ]);

  // Refused: recorded with the note (§ 42 andre ledd), text unchanged, the appeal route named.
  const reg2 = await call(archivist, REGISTER, {
    i: {
      entryId: b!.id,
      ground: 'HPL_42',
      requestedBy: 'PATIENT',
      requesterName: 'Pasienten',
      claim: 'Jeg sa aldri dette',
      proposedText: 'Annet',
    },
  });
  const refused = await call(ansvarlig, DECIDE, {
    id: reg2.body.data.registerRecordCase.id,
    d: 'REFUSED',
    r: 'Notatet gjengir det pasienten sa ved konsultasjonen',
  });
  expect(refused.body.data.decideRecordCase).toMatchObject({
    status: 'REFUSED',
    appealRoute: expect.stringMatching(/Statsforvalteren.*helsepersonelloven § 42 andre ledd.*fire uker/),
    entry: { text: b!.text, version: 1 },
  });
  const onNote = await call(
    ansvarlig,
    `{ patient(id: "${patients[1]!.id}") { journal(first: 50) { edges { node { id recordCases { status claim reasons appealRoute requestedBy } } } } } }`,
  );
  const node = onNote.body.data.patient.journal.edges.find(
    (x: { node: { id: string } }) => x.node.id === b!.id,
  ).node;
  expect(node.recordCases).toEqual([
    {
      status: 'REFUSED',
      claim: 'Jeg sa aldri dette',
      reasons: 'Notatet gjengir det pasienten sa ved konsultasjonen',
      appealRoute: expect.stringContaining('Statsforvalteren'),
      requestedBy: 'PATIENT',
    },
  ]);
  // Decided once.
  const again = await call(ansvarlig, DECIDE, {
    id: reg2.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'likevel',
  });
  expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
});

test('helsepersonelloven § 42: a correction decided after the source changed the note is made, and the newer source version waits as a source conflict naming the case; a source change of the date only does not', async () => {
  const hp = (name: string, docs: { id: string; text: string; date: string }[]) => {
    const d = join(dir, name);
    mkdirSync(d);
    const patient = {
      resourceType: 'Patient',
      id: 'pt-law42',
      identifier: [
        { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: makeSyntheticNationalId('1951-05-05', 21, true) },
      ],
      name: [{ family: 'Lund', given: ['Eva'] }],
      birthDate: '1951-05-05',
    };
    const refs = docs.map((x) => ({
      resourceType: 'DocumentReference',
      id: x.id,
      status: 'current',
      subject: { reference: 'Patient/pt-law42' },
      type: { text: 'Journalnotat' },
      date: x.date,
      content: [{ attachment: { data: Buffer.from(x.text, 'utf8').toString('base64') } }],
    }));
    writeFileSync(join(d, 'Patient.ndjson'), JSON.stringify(patient) + '\n');
    writeFileSync(join(d, 'DocumentReference.ndjson'), refs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return d;
  };
  const v1 = [
    { id: 'dr-law42-a', text: 'Puls 70.', date: '2022-06-01T10:00:00+02:00' },
    { id: 'dr-law42-b', text: 'Vekt 80 kg.', date: '2022-06-02T10:00:00+02:00' },
  ];
  await runImport(tdb.db, 'hp', hp('law42-1', v1));
  const register = async (entryId: string, proposedText: string) => {
    const r = await call(archivist, REGISTER, {
      i: {
        entryId,
        ground: 'HPL_42',
        requestedBy: 'PATIENT',
        requesterName: 'Pasienten',
        claim: 'feil',
        proposedText,
      },
    });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.registerRecordCase.id as string;
  };
  const caseA = await register('je-hp-dr-law42-a', 'Puls 72.');
  const caseB = await register('je-hp-dr-law42-b', 'Vekt 82 kg.');
  // The source changes a's text and b's date only, while the cases are open.
  const v2 = [
    { id: 'dr-law42-a', text: 'Puls 70. Startet zqxlaw42 10 mg.', date: '2022-06-01T10:00:00+02:00' },
    { id: 'dr-law42-b', text: 'Vekt 80 kg.', date: '2022-06-03T10:00:00+02:00' },
  ];
  expect((await runImport(tdb.db, 'hp', hp('law42-2', v2))).counts.entries.updated).toBe(2);
  const a = await call(ansvarlig, DECIDE, { id: caseA, d: 'DONE', r: 'rettes' });
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data.decideRecordCase).toMatchObject({
    status: 'DONE',
    entry: { text: 'Puls 72.', version: 3 },
  });
  const decided = a.body.data.decideRecordCase.events.find((e: { event: string }) => e.event === 'decided');
  expect(decided.detail).toMatch(
    /the source changed the note since the case was registered \(version 1 → 2\): its version waits as source conflict \d+ for an archivist/,
  );
  const b = await call(ansvarlig, DECIDE, { id: caseB, d: 'DONE', r: 'rettes' });
  expect(b.body.data.decideRecordCase).toMatchObject({ status: 'DONE', entry: { text: 'Vekt 82 kg.' } });
  expect(b.body.data.decideRecordCase.events.map((e: { detail: string }) => e.detail).join()).not.toMatch(
    /source conflict/,
  );
  const cases = await call(archivist, `{ recordCase(id: "${caseA}") { entryVersion } }`);
  expect(cases.body.data.recordCase.entryVersion).toBe(1);

  const CONFLICTS = '{ sourceConflicts { id caseId sourceText currentText importRunId entry { id } } }';
  const open = async () =>
    ((await call(archivist, CONFLICTS)).body.data.sourceConflicts as { entry: { id: string } }[]).filter(
      (c) => c.entry.id.startsWith('je-hp-dr-law42-'),
    );
  const waiting = await open();
  expect(waiting).toEqual([
    {
      id: expect.any(String),
      caseId: caseA,
      sourceText: 'Puls 70. Startet zqxlaw42 10 mg.',
      currentText: 'Puls 72.',
      importRunId: expect.any(String),
      entry: { id: 'je-hp-dr-law42-a' },
    },
  ]);
  // The same export again raises nothing new; the archivist takes the source's version.
  expect((await runImport(tdb.db, 'hp', hp('law42-3', v2))).sourceConflicts).toBe(0);
  expect(await open()).toHaveLength(1);
  const took = await call(
    archivist,
    'mutation ($id: ID!) { resolveSourceConflict(id: $id, resolution: TAKE_SOURCE, reason: "ny medisin må med") { resolution caseId } }',
    { id: (waiting[0] as unknown as { id: string }).id },
  );
  expect(took.body.data.resolveSourceConflict).toEqual({ resolution: 'TOOK_SOURCE', caseId: caseA });
  const now = await tdb.db.query<{ text: string }>(
    "SELECT text FROM journal.journal_entry WHERE id = 'je-hp-dr-law42-a'",
  );
  expect(now.rows[0]!.text).toBe('Puls 70. Startet zqxlaw42 10 mg.');
  const kept = await tdb.db.query<{ text: string; change: string }>(
    "SELECT text, change FROM journal.entry_version WHERE entry_id = 'je-hp-dr-law42-a' ORDER BY version",
  );
  expect(kept.rows).toEqual([
    { text: 'Puls 70.', change: 'import' },
    { text: 'Puls 70. Startet zqxlaw42 10 mg.', change: 'correction' },
    { text: 'Puls 72.', change: 'conflict-resolution' },
  ]);
});

test('helsepersonelloven § 42: a correction decided after another correction case of the same note landed since its registration is refused (CONFLICT) naming that case; the other correction stays current, and a case registered anew over it is decided (found in review s30: it replaced that correction without a word)', async () => {
  const note = (await notesOf(patients[1]!.id))[2]!;
  const register = async (proposedText: string) => {
    const r = await call(archivist, REGISTER, {
      i: {
        entryId: note.id,
        ground: 'HPL_42',
        requestedBy: 'PATIENT',
        requesterName: 'Pasienten',
        claim: 'feil',
        proposedText,
      },
    });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.registerRecordCase.id as string;
  };
  const first = await register('Rettet etter første krav.');
  const second = await register('Rettet etter andre krav.');
  const done = await call(ansvarlig, DECIDE, { id: second, d: 'DONE', r: 'rettes' });
  expect(done.body.data.decideRecordCase).toMatchObject({
    status: 'DONE',
    entry: { text: 'Rettet etter andre krav.', version: 2 },
  });
  // The first case was asked for over the text the second one corrected: not decided over it.
  const stale = await call(ansvarlig, DECIDE, { id: first, d: 'DONE', r: 'rettes' });
  expect(stale.body.errors?.[0]?.extensions).toMatchObject({
    code: 'CONFLICT',
    caseId: first,
    correctedByCase: second,
  });
  expect(stale.body.errors?.[0]?.message).toBe(
    `helsepersonelloven § 42: the note was corrected by record case ${second} since record case ${first} was registered; register the correction anew over the current text`,
  );
  const after = await tdb.db.query<{ text: string; version: number }>(
    'SELECT text, version FROM journal.journal_entry WHERE id = $1',
    [note.id],
  );
  expect(after.rows[0]).toEqual({ text: 'Rettet etter andre krav.', version: 2 });
  const c = await call(archivist, `{ recordCase(id: "${first}") { status events { event } } }`);
  expect(c.body.data.recordCase).toEqual({ status: 'OPEN', events: [{ event: 'registered' }] });
  // The decider closes it with reasons, and a case registered over the current text is decided.
  const refused = await call(ansvarlig, DECIDE, {
    id: first,
    d: 'REFUSED',
    r: `Notatet ble rettet i sak ${second}; kravet registreres på nytt over gjeldende tekst`,
  });
  expect(refused.body.data.decideRecordCase.status).toBe('REFUSED');
  const anew = await register('Rettet etter begge krav.');
  const decided = await call(ansvarlig, DECIDE, { id: anew, d: 'DONE', r: 'rettes' });
  expect(decided.body.errors).toBeUndefined();
  expect(decided.body.data.decideRecordCase.entry).toMatchObject({
    text: 'Rettet etter begge krav.',
    version: 3,
  });
  const kept = await tdb.db.query<{ text: string; change: string }>(
    'SELECT text, change FROM journal.entry_version WHERE entry_id = $1 ORDER BY version',
    [note.id],
  );
  expect(kept.rows).toEqual([
    { text: note.text, change: 'correction' },
    { text: 'Rettet etter andre krav.', change: 'correction' },
  ]);
});

test('helsepersonelloven § 43 første ledd: deletion needs every condition; done, the text goes everywhere (index too) and the tombstone names the case', async () => {
  const note = (await notesOf(patients[2]!.id))[0]!;
  // Not ubetenkelig: refused as bad input naming the condition; nothing deleted.
  const bad = await call(ansvarlig, DELETE, {
    id: note.id,
    basis: 'Pasienten krever sletting',
    a: { ...FULL_43, generallyUnobjectionable: false },
  });
  expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(bad.body.errors?.[0]?.message).toMatch(
    /§ 43 første ledd: deletion must be ubetenkelig ut fra allmenne hensyn/,
  );
  const neither = await call(ansvarlig, DELETE, {
    id: note.id,
    basis: 'x',
    a: { ...FULL_43, wrongOrMisleadingAndBurdensome: false, obviouslyNotNeededForCare: false },
  });
  expect(neither.body.errors?.[0]?.message).toMatch(/nr\. 1 or 2/);
  expect((await notesOf(patients[2]!.id)).map((n) => n.id)).toContain(note.id);

  const word = note.text
    .split(/\s+/)
    .find((w) => w.length > 6)!
    .replace(/[^\p{L}]/gu, '');
  const search = () =>
    call(
      archivist,
      `query ($q: String!) { patient(id: "${patients[2]!.id}") { search(query: $q, expand: false) { hits { journalEntry { id } } } } }`,
      { q: word },
    );
  expect(
    (await search()).body.data.patient.search.hits.map(
      (h: { journalEntry: { id: string } }) => h.journalEntry.id,
    ),
  ).toContain(note.id);

  // A refused correction asked for a text that quotes the note: it must go with the note.
  const quoted = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_42',
      requestedBy: 'PATIENT',
      requesterName: 'Pasienten',
      claim: 'Skriv det om',
      proposedText: `Omskrevet: ${note.text}`,
    },
  });
  await call(ansvarlig, DECIDE, {
    id: quoted.body.data.registerRecordCase.id,
    d: 'REFUSED',
    r: 'Riktig gjengitt',
  });

  const ok = await call(ansvarlig, DELETE, {
    id: note.id,
    basis: 'Feilaktig og belastende for pasienten',
    a: FULL_43,
  });
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data.deleteJournalEntry).toMatchObject({
    id: note.id,
    text: null,
    tombstone: {
      deletedBy: 'journalansvarlig-1',
      legalBasis: expect.stringMatching(/^helsepersonelloven § 43 \(sak \d+\): Feilaktig/),
    },
  });
  const caseId = ok.body.data.deleteJournalEntry.tombstone.caseId;
  expect(caseId).toMatch(/^\d+$/);
  const stored = await tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM journal.entry_version WHERE entry_id = $1 AND text IS NOT NULL`,
    [note.id],
  );
  expect(stored.rows[0]!.n).toBe(0);
  await stack.index();
  expect(
    (await search()).body.data.patient.search.hits.map(
      (h: { journalEntry: { id: string } }) => h.journalEntry.id,
    ),
  ).not.toContain(note.id);
  const q = await call(
    ansvarlig,
    `{ recordCase(id: "${quoted.body.data.registerRecordCase.id}") { status proposedText claim entry { text tombstone { caseId } } } }`,
  );
  expect(q.body.data.recordCase).toEqual({
    status: 'REFUSED',
    proposedText: null,
    claim: 'Skriv det om',
    entry: { text: null, tombstone: { caseId } },
  });
  const c = await call(
    ansvarlig,
    `{ recordCase(id: "${caseId}") { status kind assessment { generallyUnobjectionable archiveLawAllows wrongOrMisleadingAndBurdensome } events { event } } }`,
  );
  expect(c.body.data.recordCase).toEqual({
    status: 'DONE',
    kind: 'DELETION',
    assessment: {
      generallyUnobjectionable: true,
      archiveLawAllows: true,
      wrongOrMisleadingAndBurdensome: true,
    },
    events: [{ event: 'registered' }, { event: 'decided' }],
  });
});

test('personvernforordningen art. 19: a done decision lists everyone the access log shows had read the note, for notice', async () => {
  const p = patients[3]!;
  const note = (await notesOf(p.id))[0]!;
  const legal = await stack.matterToken({ id: 'M-LAW-19', patientIds: [p.id] }, { sub: 'jurist-19' });
  const read = await call(
    legal,
    `{ patient(id: "${p.id}") { journal(first: 50) { edges { node { id text } } } } }`,
  );
  expect(read.body.errors).toBeUndefined();
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_43',
      requestedBy: 'PATIENT',
      requesterName: `${p.given_name} ${p.family_name}`,
      claim: 'Opplysningen er feil',
    },
  });
  const done = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'Feil og belastende',
    a: FULL_43,
  });
  expect(done.body.errors).toBeUndefined();
  const recipients = done.body.data.decideRecordCase.noticeRecipients;
  expect(recipients).toEqual(
    expect.arrayContaining([
      {
        userId: 'jurist-19',
        role: 'legal',
        purpose: 'LEGAL_PROCEEDINGS',
        matter: 'M-LAW-19',
        reads: 1,
        source: 'access_log',
      },
    ]),
  );
  expect(recipients.map((r: { userId: string }) => r.userId)).not.toContain('journalansvarlig-1');
  expect(done.body.data.decideRecordCase.entry.text).toBeNull();
});

test('legal hold (issue 14) and helsepersonelloven § 43: deletion refused while the matter is on hold, with the reason; lifting is recorded and the deletion then goes', async () => {
  const p = patients[4]!;
  const note = (await notesOf(p.id))[0]!;
  await stack.matterToken({ id: 'M-HOLD-1', nationalIds: [p.national_id] });
  const place = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-HOLD-1", reason: "Erstatningssak varslet") { id live matter { id } placedBy } }',
  );
  expect(place.body.errors).toBeUndefined();
  const hold = place.body.data.placeLegalHold;
  expect(hold).toMatchObject({ live: true, matter: { id: 'M-HOLD-1' }, placedBy: 'arkivar-1' });
  const twice = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-HOLD-1", reason: "igjen, samme sak") { id } }',
  );
  expect(twice.body.errors?.[0]?.message).toBe('matter M-HOLD-1 is already on legal hold');
  // Only an archivist places or lifts a hold.
  const notYours = await call(
    ansvarlig,
    'mutation { placeLegalHold(matterId: "M-HOLD-1", reason: "forsøk") { id } }',
  );
  expect(notYours.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  const refused = await call(ansvarlig, DELETE, { id: note.id, basis: 'Feil og belastende', a: FULL_43 });
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(refused.body.errors?.[0]?.message).toBe(
    `deletion refused: the patient is under legal hold ${hold.id} (matter M-HOLD-1): Erstatningssak varslet`,
  );
  expect((await notesOf(p.id)).find((n) => n.id === note.id)?.text).toBe(note.text);
  // The case stays open with the refusal as an event.
  const open = await call(
    ansvarlig,
    `{ recordCases(patientId: "${p.id}") { id status events { event detail } } }`,
  );
  expect(open.body.data.recordCases).toEqual([
    {
      id: expect.any(String),
      status: 'OPEN',
      events: [
        { event: 'registered', detail: 'helsepersonelloven § 43; asked by HEALTH_PERSONNEL' },
        { event: 'blocked', detail: expect.stringContaining(`legal hold ${hold.id}`) },
      ],
    },
  ]);
  // A correction is not a deletion: it goes on while the hold lasts.
  const cor = await call(
    ansvarlig,
    'mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Rettet under hold.", reason: "skrivefeil") { text } }',
    { id: note.id },
  );
  expect(cor.body.data.correctJournalEntry.text).toBe('Rettet under hold.');

  const lift = await call(
    archivist,
    `mutation { liftLegalHold(id: "${hold.id}", reason: "Saken forlikt") { live liftedBy liftReason } }`,
  );
  expect(lift.body.data.liftLegalHold).toEqual({
    live: false,
    liftedBy: 'arkivar-1',
    liftReason: 'Saken forlikt',
  });
  const all = await call(archivist, '{ legalHolds(liveOnly: false) { id live liftReason } }');
  expect(all.body.data.legalHolds).toEqual([{ id: hold.id, live: false, liftReason: 'Saken forlikt' }]);
  const decided = await call(ansvarlig, DECIDE, {
    id: open.body.data.recordCases[0].id,
    d: 'DONE',
    r: 'Feil og belastende',
    a: FULL_43,
  });
  expect(decided.body.errors).toBeUndefined();
  expect(decided.body.data.decideRecordCase.entry.text).toBeNull();
});

test('pasient- og brukerrettighetsloven § 5-1: deletion refused while the patient has an open access request (asked through the archive interface)', async () => {
  const p = patients[5]!;
  const note = (await notesOf(p.id))[0]!;
  const req = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const ar = await call(
    req,
    `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId saksmappe { id } } }`,
    {
      i: {
        patientId: p.id,
        patientNationalId: p.national_id,
        requesterName: `${p.given_name} ${p.family_name}`,
        relation: 'PATIENT',
        receivedAt: new Date().toISOString(),
        administrativEnhet: 'Helse- og velferdskontor Lerkendal',
      },
    },
  );
  expect(ar.body.errors).toBeUndefined();
  const mappeId = ar.body.data.registerAccessRequest.mappeId;
  const refused = await call(ansvarlig, DELETE, { id: note.id, basis: 'Feil og belastende', a: FULL_43 });
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(refused.body.errors?.[0]?.message).toMatch(
    new RegExp(
      `^deletion refused: the patient has an open access request \\(case ${mappeId.replace('/', '\\/')}, received \\d{4}-\\d{2}-\\d{2}, due \\d{4}-\\d{2}-\\d{2}; pbrl\\. § 5-1\\)$`,
    ),
  );
});

test('helsepersonelloven § 43 (open complaint): deletion refused while an open COMPLAINT matter covers the patient', async () => {
  const p = patients[6]!;
  const note = (await notesOf(p.id))[0]!;
  await stack.matterToken({ id: 'M-KLAGE-1', patientIds: [p.id], purpose: 'COMPLAINT' });
  const refused = await call(ansvarlig, DELETE, { id: note.id, basis: 'Feil', a: FULL_43 });
  expect(refused.body.errors?.[0]?.message).toBe(
    'deletion refused: the patient has an open complaint (matter M-KLAGE-1)',
  );
  const close = await call(archivist, 'mutation { closeMatter(id: "M-KLAGE-1") { closedAt } }');
  expect(close.body.errors).toBeUndefined();
  const ok = await call(ansvarlig, DELETE, { id: note.id, basis: 'Feil', a: FULL_43 });
  expect(ok.body.errors).toBeUndefined();
});

test('helsepersonelloven § 44: a note on the wrong patient is moved with its versions; the wrong patient keeps the movement record; the search index follows', async () => {
  const wrong = patients[0]!;
  const right = patients[1]!;
  const note = (await notesOf(wrong.id)).at(-1)!;
  // A correction first, so the note has a version to take along.
  const marked = 'Notat om qzxflyttord skrevet i feil journal.';
  await call(
    ansvarlig,
    'mutation ($id: ID!, $t: String!) { correctJournalEntry(id: $id, text: $t, reason: "markert") { id } }',
    { id: note.id, t: marked },
  );
  await stack.index();
  const found = async (pid: string) =>
    (
      await call(
        archivist,
        `{ patient(id: "${pid}") { search(query: "qzxflyttord", expand: false) { hits { journalEntry { id } } } } }`,
      )
    ).body.data.patient.search.hits.map((h: { journalEntry: { id: string } }) => h.journalEntry.id);
  expect(await found(wrong.id)).toEqual([note.id]);
  expect(await found(right.id)).toEqual([]);

  // The right patient must be another person.
  const same = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_44',
      requestedBy: 'HEALTH_PERSONNEL',
      claim: 'feil pasient',
      rightPatientId: wrong.id,
    },
  });
  expect(same.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const reg = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_44',
      requestedBy: 'HEALTH_PERSONNEL',
      claim: 'Skrevet på feil pasient (samme etternavn)',
      rightPatientId: right.id,
    },
  });
  expect(reg.body.data.registerRecordCase.kind).toBe('MOVE');
  const notWrong = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'flyttes',
    a: { wrongPerson: true },
  });
  expect(notWrong.body.errors?.[0]?.message).toMatch(/§ 44: public interests/);
  const moved = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'Notatet gjelder den andre pasienten',
    a: { wrongPerson: true, publicInterestAgainst: false },
  });
  expect(moved.body.errors).toBeUndefined();
  expect(moved.body.data.decideRecordCase.events.map((e: { event: string }) => e.event)).toEqual([
    'registered',
    'moved',
    'decided',
  ]);

  const wrongSide = await call(
    archivist,
    `{ patient(id: "${wrong.id}") { journal(first: 100) { edges { node { id } } } entryMoves { entryId direction movedBy caseId } } }`,
  );
  expect(
    wrongSide.body.data.patient.journal.edges.map((e: { node: { id: string } }) => e.node.id),
  ).not.toContain(note.id);
  expect(wrongSide.body.data.patient.entryMoves).toEqual([
    {
      entryId: note.id,
      direction: 'OUT',
      movedBy: 'journalansvarlig-1',
      caseId: reg.body.data.registerRecordCase.id,
    },
  ]);
  const rightSide = await call(
    archivist,
    `{ patient(id: "${right.id}") { journal(first: 100) { edges { node { id text history { text change } } } } entryMoves { entryId direction } } }`,
  );
  const there = rightSide.body.data.patient.journal.edges.find(
    (e: { node: { id: string } }) => e.node.id === note.id,
  ).node;
  expect(there.text).toBe(marked);
  expect(there.history).toEqual([
    { text: note.text, change: 'correction' },
    { text: marked, change: 'move' },
  ]);
  expect(rightSide.body.data.patient.entryMoves).toEqual([{ entryId: note.id, direction: 'IN' }]);

  await stack.index();
  expect(await found(wrong.id)).toEqual([]);
  expect(await found(right.id)).toEqual([note.id]);
  // A legal user on the wrong patient's matter no longer reaches the note.
  const legal = await stack.matterToken({ id: 'M-LAW-44', patientIds: [wrong.id] }, { sub: 'jurist-44' });
  const byRef = await call(
    legal,
    `{ patient(id: "${wrong.id}") { journal(first: 100) { edges { node { id } } } } }`,
  );
  expect(byRef.body.data.patient.journal.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(
    note.id,
  );
  // A re-import of the source does not move it back.
  await runImport(tdb.db, 'profil', join(dir, 'profil'));
  const after = await tdb.db.query<{ patient_id: string }>(
    'SELECT patient_id FROM journal.journal_entry WHERE id = $1',
    [note.id],
  );
  expect(after.rows[0]!.patient_id).toBe(right.id);
});

test('helsepersonelloven § 39: record cases and movement records are not for researchers', async () => {
  const researcher = await stack.token({ sub: 'forsker-1', role: 'researcher', purpose: 'RESEARCH' });
  const r = await call(researcher, '{ recordCases { id } }');
  expect(r.body.errors?.[0]?.message).toBe('recordCases needs role archivist or journalansvarlig');
  const m = await call(researcher, `{ patient(id: "${patients[0]!.id}") { entryMoves { entryId } } }`);
  expect(m.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('legal hold (issue 14): a hold being placed while a deletion runs is not missed (the deletion waits for it, then refuses)', async () => {
  expect(patients.length).toBeGreaterThanOrEqual(8);
  const p = patients[7]!;
  const note = (await notesOf(p.id))[0]!;
  await stack.matterToken({ id: 'M-HOLD-RACE', patientIds: [p.id] });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const insertedYet = new Promise<void>((r) => (inserted = r));
  // An archivist's hold, written but not yet committed when the deletion starts.
  const placing = tdb.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO policy.legal_hold (matter_id, reason, placed_by) VALUES ('M-HOLD-RACE', 'Søksmål tatt ut', 'arkivar-1')`,
    );
    inserted();
    await gate;
  });
  await insertedYet;
  const deleting = call(ansvarlig, DELETE, { id: note.id, basis: 'Feil og belastende', a: FULL_43 });
  // Let the deletion run to its end or until it waits for the hold (at most 3 s), then commit the hold.
  await Promise.race([deleting, new Promise((r) => setTimeout(r, 3000))]);
  release();
  await placing;
  const r = await deleting;
  expect(r.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(r.body.errors?.[0]?.message).toMatch(/legal hold \d+ \(matter M-HOLD-RACE\): Søksmål tatt ut$/);
  expect((await notesOf(p.id)).find((n) => n.id === note.id)?.text).toBe(note.text);
});
