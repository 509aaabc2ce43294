/**
 * Review of the mutations (review s38, reviewer rev-mut): record cases decided over a note moved
 * since they were registered (helsepersonelloven §§ 43, 44), the lock order of
 * resolveSourceConflict against a deletion, ids that are no bigint answered as internal errors,
 * and reads of a matter's or a break-the-glass grant's patients returned unlogged
 * (pasientjournalforskriften § 14). Each test failed on the code before its fix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, type TestDatabase } from '../dev/services';
import { importProfilPersons, startTestStack, type TestStack } from '../dev/test-stack';
import type { Stack } from '../scripts/stack';

let dir: string;
let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let archivist: string;
let ansvarlig: string;
let patients: { id: string; national_id: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-revmut-'));
  env = await startTestStack();
  ({ tdb, stack } = env);
  patients = await importProfilPersons(tdb.db, dir, {
    patients: 10,
    notesPerPatient: 4,
    migratedShare: 0,
    seed: 15,
  });
  await stack.index();
  expect(patients.length).toBeGreaterThanOrEqual(10);
  archivist = await stack.token({ sub: 'arkivar-r', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await stack.token({ sub: 'ja-r', role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gateway.url, query, { token, variables });

async function notesOf(patientId: string): Promise<{ id: string }[]> {
  return (
    await tdb.db.query<{ id: string }>(
      'SELECT id FROM journal.journal_entry WHERE patient_id = $1 AND deleted_at IS NULL ORDER BY id',
      [patientId],
    )
  ).rows;
}

async function noteNow(id: string): Promise<{ patient_id: string; deleted_at: Date | null }> {
  return (
    await tdb.db.query<{ patient_id: string; deleted_at: Date | null }>(
      'SELECT patient_id, deleted_at FROM journal.journal_entry WHERE id = $1',
      [id],
    )
  ).rows[0]!;
}

async function caseState(id: string): Promise<{ status: string; events: string[] }> {
  const status = (
    await tdb.db.query<{ status: string }>('SELECT status FROM journal.record_case WHERE id = $1::bigint', [
      id,
    ])
  ).rows[0]!.status;
  const events = (
    await tdb.db.query<{ event: string }>(
      'SELECT event FROM journal.record_case_event WHERE case_id = $1::bigint ORDER BY id',
      [id],
    )
  ).rows.map((r) => r.event);
  return { status, events };
}

const REGISTER = `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id kind status } }`;
const DECIDE = `mutation ($id: ID!, $d: RecordCaseDecision!, $r: String!, $a: RecordAssessmentInput) {
  decideRecordCase(id: $id, decision: $d, reasons: $r, assessment: $a) { id status entry { id tombstone { caseId } } } }`;
const DELETE_ASSESSMENT = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
};
const MOVE_ASSESSMENT = { wrongPerson: true, publicInterestAgainst: false };

async function registerMove(entryId: string, rightPatientId: string): Promise<string> {
  const r = await call(archivist, REGISTER, {
    i: { entryId, ground: 'HPL_44', requestedBy: 'HEALTH_PERSONNEL', claim: 'feil pasient', rightPatientId },
  });
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.registerRecordCase.kind).toBe('MOVE');
  return r.body.data.registerRecordCase.id as string;
}

const decideMove = (id: string) =>
  call(ansvarlig, DECIDE, { id, d: 'DONE', r: 'flyttes', a: MOVE_ASSESSMENT });

test("helsepersonelloven §§ 43, 44: a § 43 deletion case registered on patient A's note is refused (CONFLICT, blocked event) after a § 44 move put the note in patient B's record", async () => {
  const a = patients[1]!;
  const b = patients[2]!;
  const note = (await notesOf(a.id))[0]!;
  // A asks to delete the note (§ 43) ...
  const del = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_43',
      requestedBy: 'PATIENT',
      requesterName: 'Pasient A',
      claim: 'slett dette',
    },
  });
  expect(del.body.errors).toBeUndefined();
  const delId = del.body.data.registerRecordCase.id as string;
  // ... and health personnel say it is B's note (§ 44).
  const mv = await registerMove(note.id, b.id);
  expect((await decideMove(mv)).body.errors).toBeUndefined();
  // A's deletion request is now over B's record: it must not delete B's note on A's claim.
  const decided = await call(ansvarlig, DECIDE, { id: delId, d: 'DONE', r: 'slettes', a: DELETE_ASSESSMENT });
  const after = await noteNow(note.id);
  expect(after.patient_id).toBe(b.id);
  expect(decided.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(decided.body.errors?.[0]?.message).toMatch(
    /moved to another patient's record \(.*record case \d+\) since record case \d+ was registered/,
  );
  expect(decided.body.errors?.[0]?.message).toMatch(/register it anew/);
  expect(after.deleted_at).toBeNull();
  // Recorded as other blocked decisions are; the case stays open, and may still be refused.
  expect(await caseState(delId)).toEqual({ status: 'OPEN', events: ['registered', 'blocked'] });
  const refused = await call(ansvarlig, DECIDE, { id: delId, d: 'REFUSED', r: 'flyttet; ny sak' });
  expect(refused.body.errors).toBeUndefined();
  expect(refused.body.data.decideRecordCase.status).toBe('REFUSED');
});

test('helsepersonelloven § 44: a second move case registered before the first was decided does not move the note on from where the first put it, and one to the same patient is CONFLICT, not an internal error (entry_move check)', async () => {
  const a = patients[3]!;
  const b = patients[4]!;
  const c = patients[5]!;
  const note = (await notesOf(a.id))[0]!;
  const toB = await registerMove(note.id, b.id);
  const toBAgain = await registerMove(note.id, b.id);
  const toC = await registerMove(note.id, c.id);
  expect((await decideMove(toB)).body.errors).toBeUndefined();
  // The case to C was registered over the note in A's record; it is now in B's (the first decision).
  const third = await decideMove(toC);
  expect({
    code: third.body.errors?.[0]?.extensions?.code,
    patient: (await noteNow(note.id)).patient_id,
  }).toEqual({
    code: 'CONFLICT',
    patient: b.id,
  });
  // A case asking for the move already done.
  const again = await decideMove(toBAgain);
  expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect((await noteNow(note.id)).patient_id).toBe(b.id);
  for (const id of [toC, toBAgain]) expect((await caseState(id)).status).toBe('OPEN');
});

test("helsepersonelloven § 44: a move case whose right patient was linked to the record's patient since it was registered is refused (CONFLICT), nothing moved", async () => {
  const a = patients[8]!;
  const b = patients[9]!;
  const note = (await notesOf(a.id))[0]!;
  const mv = await registerMove(note.id, b.id);
  const link = await call(
    archivist,
    'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme person") { id } }',
    { a: a.id, b: b.id },
  );
  expect(link.body.errors).toBeUndefined();
  const r = await decideMove(mv);
  expect(r.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(r.body.errors?.[0]?.message).toMatch(/same person/);
  expect((await noteNow(note.id)).patient_id).toBe(a.id);
  expect(await caseState(mv)).toEqual({ status: 'OPEN', events: ['registered', 'blocked'] });
});

test('helsepersonelloven §§ 42, 43: resolveSourceConflict and a § 43 deletion of the same note at the same time: neither is an internal error (both lock the note first)', async () => {
  const a = patients[6]!;
  const note = (await notesOf(a.id)).slice(-1)[0]!;
  const conflictId = (
    await tdb.db.query<{ id: string }>(
      `INSERT INTO journal.source_conflict (entry_id, source_hash, source_record)
       VALUES ($1, 'rev-hash', '{"text": "kildens tekst"}') RETURNING id::text`,
      [note.id],
    )
  ).rows[0]!.id;
  // Another open case of the note, whose row the deletion updates (proposed_text) after locking the note.
  const other = await call(archivist, REGISTER, {
    i: {
      entryId: note.id,
      ground: 'HPL_42',
      requestedBy: 'HEALTH_PERSONNEL',
      claim: 'rett',
      proposedText: 'ny tekst',
    },
  });
  const del = await call(archivist, REGISTER, {
    i: { entryId: note.id, ground: 'HPL_43', requestedBy: 'HEALTH_PERSONNEL', claim: 'slett' },
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  // A third session (any other writer) holds the other case's row for a moment.
  const holder = tdb.db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM journal.record_case WHERE id = $1::bigint FOR UPDATE', [
      other.body.data.registerRecordCase.id,
    ]);
    locked();
    await gate;
  });
  await isLocked;
  const deletion = call(ansvarlig, DECIDE, {
    id: del.body.data.registerRecordCase.id,
    d: 'DONE',
    r: 'slettes',
    a: DELETE_ASSESSMENT,
  });
  await new Promise((r) => setTimeout(r, 500)); // the deletion holds the note, waits for the case row
  const resolve = call(
    archivist,
    `mutation { resolveSourceConflict(id: "${conflictId}", resolution: TAKE_SOURCE, reason: "kilden gjelder") { id } }`,
  );
  await new Promise((r) => setTimeout(r, 500)); // before the fix: the resolution held the conflict, waited for the note
  release();
  await holder;
  const [d, r] = await Promise.all([deletion, resolve]);
  const codes = [d.body.errors?.[0]?.extensions?.code, r.body.errors?.[0]?.extensions?.code];
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  // The deletion went first (it held the note): the conflict went with the text, and the
  // resolution, waiting for the note, found it resolved.
  expect(codes).toEqual([undefined, 'CONFLICT']);
  expect((await noteNow(note.id)).deleted_at).not.toBeNull();
});

test('every id argument cast to bigint (record cases, hpl. §§ 42-44; break the glass, pasientjournalforskriften § 14; legal holds; source conflicts) answers an id that is no bigint with BAD_USER_INPUT, never an internal error', async () => {
  const calls: [name: string, token: string, query: (id: string) => string][] = [
    [
      'decideRecordCase',
      ansvarlig,
      (id) =>
        `mutation { decideRecordCase(id: "${id}", decision: DONE, reasons: "begrunnelse", assessment: { wrongPerson: true }) { id } }`,
    ],
    ['recordCase', archivist, (id) => `query { recordCase(id: "${id}") { id } }`],
    [
      'reviewBreakGlass',
      archivist,
      (id) => `mutation { reviewBreakGlass(id: "${id}", outcome: JUSTIFIED, note: "ok") { id } }`,
    ],
    ['clearBreakGlass', ansvarlig, (id) => `mutation { clearBreakGlass(id: "${id}", note: "ok") { id } }`],
    [
      'resolveSourceConflict',
      archivist,
      (id) =>
        `mutation { resolveSourceConflict(id: "${id}", resolution: KEEP_CORRECTION, reason: "ok") { id } }`,
    ],
    [
      'liftLegalHold',
      archivist,
      (id) => `mutation { liftLegalHold(id: "${id}", reason: "saken er over") { id } }`,
    ],
  ];
  const answers: Record<string, (string | undefined)[]> = {};
  for (const [name, token, query] of calls)
    for (const id of ['abc', '99999999999999999999', '9223372036854775808', '-1', '1e3', ''])
      (answers[name] ??= []).push((await call(token, query(id))).body.errors?.[0]?.extensions?.code);
  expect(answers).toEqual(Object.fromEntries(calls.map(([name]) => [name, Array(6).fill('BAD_USER_INPUT')])));
});

test("pasientjournalforskriften § 14: registerMatter and closeMatter return the matter's patients, and the read is logged under each of them as matter(id) is", async () => {
  const p = patients[0]!;
  const reg = await call(
    archivist,
    `mutation ($i: RegisterMatterInput!) { registerMatter(input: $i) { id nationalIds } }`,
    {
      i: {
        id: 'M-REV-CLOSE',
        title: 'x',
        purpose: 'LEGAL_PROCEEDINGS',
        nationalIds: [p.national_id],
        members: ['jurist-x'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  expect(reg.body.errors).toBeUndefined();
  const logged = async (user: string) =>
    (
      await tdb.db.query<{ patient_id: string; entity_ids: string[] }>(
        `SELECT patient_id, entity_ids FROM audit.access_log WHERE user_id = $1 AND entity_type = 'matter'`,
        [user],
      )
    ).rows;
  expect(await logged('arkivar-r')).toEqual([
    { patient_id: `nid:${p.national_id}`, entity_ids: ['M-REV-CLOSE'] },
  ]);
  const other = await stack.token({
    sub: 'arkivar-other',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const closed = await call(
    other,
    'mutation { closeMatter(id: "M-REV-CLOSE") { id nationalIds patientIds } }',
  );
  expect(closed.body.errors).toBeUndefined();
  expect(closed.body.data.closeMatter.nationalIds).toEqual([p.national_id]);
  expect(await logged('arkivar-other')).toEqual([
    { patient_id: `nid:${p.national_id}`, entity_ids: ['M-REV-CLOSE'] },
  ]);
});

test("pasientjournalforskriften § 14: reviewBreakGlass and breakGlassReviews show grants' patients and reasons: each logged under its patient, as clearBreakGlass is", async () => {
  const p = patients[0]!;
  const legal = await stack.matterToken(
    { id: 'M-REV-BTG', patientIds: [patients[1]!.id] },
    { sub: 'jurist-btg' },
  );
  const g = await call(
    legal,
    `mutation { breakGlass(patientId: "${p.id}", reason: "Frist i retten i morgen") { id } }`,
  );
  expect(g.body.errors).toBeUndefined();
  const grant = g.body.data.breakGlass.id as string;
  const rows = async (user: string) =>
    (
      await tdb.db.query(
        `SELECT 1 FROM audit.access_log
          WHERE user_id = $1 AND patient_id = $2 AND entity_type = 'break_glass' AND $3 = ANY(entity_ids)`,
        [user, p.id, grant],
      )
    ).rows.length;
  const lister = await stack.token({
    sub: 'ja-list',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const listed = await call(lister, 'query { breakGlassReviews { id patientId reason } }');
  expect(listed.body.errors).toBeUndefined();
  expect(listed.body.data.breakGlassReviews.map((x: { id: string }) => x.id)).toContain(grant);
  expect(await rows('ja-list')).toBe(1);
  const rv = await call(
    archivist,
    `mutation { reviewBreakGlass(id: "${grant}", outcome: JUSTIFIED, note: "ok") { id patientId } }`,
  );
  expect(rv.body.data.reviewBreakGlass.patientId).toBe(p.id);
  expect(await rows('arkivar-r')).toBe(1);
});
