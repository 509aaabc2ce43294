/**
 * Writes that race a record case (review s38).
 *
 * What stops a deletion (helsepersonelloven § 43; lib/policy/legal-hold.ts, subgraphs/journal
 * record-cases.ts deletionBlockers) must not be missed when it is registered while the deletion
 * runs. A legal hold being placed was covered (test/record-law.e2e.test.ts); an open complaint
 * matter, an open access request and a link to a held person's record were not (found in review
 * s38): the deletion read them without waiting for the writer, and the note went. Each test holds
 * the change uncommitted, starts the deletion, then commits: the deletion must wait and refuse.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, type TestDatabase } from '../dev/services';
import { importProfilPersons, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import type { Queryable } from '../lib/db';
import type { Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';

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
const DELETE = `mutation ($id: ID!, $basis: String!, $a: RecordAssessmentInput!) {
  deleteJournalEntry(id: $id, legalBasis: $basis, assessment: $a) { id text } }`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-delrace-'));
  env = await startPostgresTestStack();
  ({ tdb, stack } = env);
  patients = await importProfilPersons(tdb.db, dir, {
    patients: 6,
    notesPerPatient: 2,
    migratedShare: 0,
    seed: 38,
  });
  expect(patients.length).toBeGreaterThanOrEqual(4);
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ACCESS_REQUEST' });
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

async function firstNote(patientId: string): Promise<{ id: string; text: string }> {
  return (
    await tdb.db.query<{ id: string; text: string }>(
      'SELECT id, text FROM journal.journal_entry WHERE patient_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1',
      [patientId],
    )
  ).rows[0]!;
}

/**
 * `write` runs in a transaction left open while the deletion of `note` starts; it commits once
 * the deletion has finished or waited 3 s. The deletion's answer.
 */
async function deleteWhile(note: string, write: (tx: Queryable) => Promise<void>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const writtenYet = new Promise<void>((r) => (written = r));
  const writing = tdb.db.transaction(async (tx) => {
    await write(tx);
    written();
    await gate;
  });
  await writtenYet;
  const deleting = call(ansvarlig, DELETE, { id: note, basis: 'Feil og belastende', a: FULL_43 });
  await Promise.race([deleting, new Promise((r) => setTimeout(r, 3000))]);
  release();
  await writing;
  return deleting;
}

test('helsepersonelloven § 43 (open complaint): a COMPLAINT matter reopened while a deletion runs is not missed (the deletion waits for it, then refuses)', async () => {
  const p = patients[0]!;
  const note = await firstNote(p.id);
  await stack.matterToken({ id: 'M-KLAGE-S38', patientIds: [p.id], purpose: 'COMPLAINT' });
  await tdb.db.query(`UPDATE policy.matter SET closed_at = now() WHERE id = 'M-KLAGE-S38'`);
  const r = await deleteWhile(note.id, async (tx) => {
    await tx.query(`UPDATE policy.matter SET closed_at = NULL WHERE id = 'M-KLAGE-S38'`);
  });
  expect(r.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(r.body.errors?.[0]?.message).toBe(
    'deletion refused: the patient has an open complaint (matter M-KLAGE-S38)',
  );
  expect((await firstNote(p.id)).id).toBe(note.id);
});

test('pasient- og brukerrettighetsloven § 5-1: an access request opened while a deletion runs is not missed (the deletion waits for it, then refuses)', async () => {
  const p = patients[1]!;
  const note = await firstNote(p.id);
  const ar = await call(
    archivist,
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
  const saksmappe = ar.body.data.registerAccessRequest.saksmappe.id as string;
  await tdb.db.query(`UPDATE archive.access_request SET closed_at = now() WHERE saksmappe_id = $1`, [
    saksmappe,
  ]);
  const r = await deleteWhile(note.id, async (tx) => {
    await tx.query(`UPDATE archive.access_request SET closed_at = NULL WHERE saksmappe_id = $1`, [saksmappe]);
  });
  expect(r.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(r.body.errors?.[0]?.message).toMatch(/^deletion refused: the patient has an open access request/);
  expect((await firstNote(p.id)).id).toBe(note.id);
});

test('legal hold (tvisteloven § 26-5, helsepersonelloven § 43): a link to a held person’s record made while a deletion runs is not missed (the deletion waits for it, then refuses)', async () => {
  const held = patients[2]!;
  const other = patients[3]!;
  const note = await firstNote(other.id);
  await stack.matterToken({ id: 'M-HOLD-S38', patientIds: [held.id] });
  await tdb.db.query(
    `INSERT INTO policy.legal_hold (matter_id, reason, placed_by) VALUES ('M-HOLD-S38', 'Søksmål varslet', 'arkivar-1')`,
  );
  const [a, b] = [held.id, other.id].sort();
  const r = await deleteWhile(note.id, async (tx) => {
    await tx.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason) VALUES ($1, $2, 'arkivar-1', 'Samme person')`,
      [a, b],
    );
  });
  expect(r.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(r.body.errors?.[0]?.message).toMatch(/legal hold \d+ \(matter M-HOLD-S38\): Søksmål varslet$/);
  expect((await firstNote(other.id)).id).toBe(note.id);
});

test('helsepersonelloven § 42: a correction given the version it read is refused when an import replaced the text since (CONFLICT, nothing written); given the version now, it goes', async () => {
  const p = patients[4]!;
  const note = (
    await tdb.db.query<{ id: string; text: string; version: number }>(
      `SELECT id, text, version FROM journal.journal_entry
        WHERE patient_id = $1 AND deleted_at IS NULL AND text !~ '[&<>"\\x27]' ORDER BY id LIMIT 1`,
      [p.id],
    )
  ).rows[0]!;
  // The source's next export has a longer text for the note: the import makes it the next version.
  const profil = join(dir, 'profil');
  for (const f of readdirSync(profil)) {
    const path = join(profil, f);
    const xml = readFileSync(path, 'utf8');
    if (xml.includes(note.text))
      writeFileSync(path, xml.replace(note.text, `${note.text} Tillegg fra kilden.`));
  }
  await runImport(tdb.db, 'profil', profil);
  const now = (
    await tdb.db.query<{ text: string; version: number }>(
      'SELECT text, version FROM journal.journal_entry WHERE id = $1',
      [note.id],
    )
  ).rows[0]!;
  expect(now.text).toBe(`${note.text} Tillegg fra kilden.`);
  expect(now.version).toBe(note.version + 1);
  const CORRECT = `mutation ($id: ID!, $t: String!, $v: Int) {
    correctJournalEntry(id: $id, text: $t, reason: "Feil dosering", expectedVersion: $v) { id text version } }`;
  const stale = await call(ansvarlig, CORRECT, { id: note.id, t: 'Rettet tekst.', v: note.version });
  expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  expect(stale.body.errors?.[0]?.message).toBe(
    `journal entry ${note.id} is at version ${now.version}, not ${note.version}: it changed since it was read; read it again and correct that text`,
  );
  const cases = await tdb.db.query('SELECT 1 FROM journal.record_case WHERE entry_id = $1', [note.id]);
  expect(cases.rowCount).toBe(0);
  const ok = await call(ansvarlig, CORRECT, { id: note.id, t: 'Rettet tekst.', v: now.version });
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data.correctJournalEntry).toEqual({
    id: note.id,
    text: 'Rettet tekst.',
    version: now.version + 1,
  });
});
