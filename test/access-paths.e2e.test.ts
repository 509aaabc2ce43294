/**
 * A rule that holds on one path must hold on every other (issue 11), through the gateway on
 * real PostgreSQL and Elasticsearch. Each test was first an attack that passed (see the
 * commit messages); test names carry the rule's legal source:
 * - pasientjournalloven § 22 (tjenstlig behov): a legal user reads a matter's patients within
 *   its period, on every field (movement records and version history too);
 * - helsepersonelloven § 44: a note on the wrong person moves; its text is the right
 *   person's, never shown as another person's earlier version;
 * - helsepersonelloven §§ 43-44: deleted text never appears again (history included);
 * - helseforskningsloven § 33 (data only as the approval says): a researcher's search counts
 *   only the notes the grant's cohort definition approves (age window, sources, services);
 * - pasientjournalforskriften § 14 / pasientjournalloven § 19: every read of patient data is
 *   logged, a count included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJournalExports } from '../dev/journal-exports';
import { runImport } from '../subgraphs/journal/import/run';
import { startStack, type Stack } from '../scripts/stack';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

let dir: string;
let tdb: TestDatabase;
let stack: Stack;
const prefix = testIndexPrefix();
let archivist: string;
let ansvarlig: string;
let patients: { id: string; national_id: string; birth_date: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-paths-'));
  await writeJournalExports(dir, { patients: 6, notesPerPatient: 3, migratedShare: 0, seed: 21 });
  tdb = await createTestDatabase();
  stack = await startStack(
    testConfig({
      databaseUrl: tdb.url,
      elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
      esIndexPrefix: prefix,
    }),
    { db: tdb.db, indexerIntervalMs: 60_000 },
  );
  await runImport(tdb.db, 'profil', join(dir, 'profil'));
  patients = (
    await tdb.db.query<{ id: string; national_id: string; birth_date: string }>(
      `SELECT id, national_id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM journal.patient
        WHERE national_id IS NOT NULL AND birth_date IS NOT NULL ORDER BY id`,
    )
  ).rows;
  expect(patients.length).toBeGreaterThanOrEqual(5);
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await stack.token({
    sub: 'journalansvarlig-1',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  await dropIndexes(prefix);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gateway.url, query, { token, variables });

/** A note as the HP import stores one (status current unless superseded; `replaces` its source id chain). */
async function note(
  id: string,
  patientId: string,
  writtenAt: string,
  text: string,
  o: { replaces?: string; status?: 'current' | 'superseded'; service?: string } = {},
): Promise<void> {
  await tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status, replaces_source_id, service)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4, $5, $6, $7)`,
    [id, patientId, writtenAt, text, o.status ?? 'current', o.replaces ?? null, o.service ?? null],
  );
  await tdb.db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
    id,
  ]);
}

const REGISTER = `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id } }`;
const DECIDE = `mutation ($id: ID!, $a: RecordAssessmentInput) {
  decideRecordCase(id: $id, decision: DONE, reasons: "Skrevet på feil pasient", assessment: $a) { status } }`;

/** Moves a note to the right patient (helsepersonelloven § 44), as the journalansvarlig decides it. */
async function move(entryId: string, rightPatientId: string): Promise<void> {
  const reg = await call(archivist, REGISTER, {
    i: { entryId, ground: 'HPL_44', requestedBy: 'HEALTH_PERSONNEL', claim: 'feil pasient', rightPatientId },
  });
  expect(reg.body.errors).toBeUndefined();
  const done = await call(ansvarlig, DECIDE, {
    id: reg.body.data.registerRecordCase.id,
    a: { wrongPerson: true, publicInterestAgainst: false },
  });
  expect(done.body.errors).toBeUndefined();
  expect(done.body.data.decideRecordCase.status).toBe('DONE');
}

test("pasientjournalloven § 22: a legal user sees the movement records (helsepersonelloven § 44) of the matter's period only", async () => {
  const [a, b] = [patients[0]!, patients[1]!];
  await note('sec-move-old', a.id, '2012-03-01T10:00:00+01:00', 'Notat fra 2012 på feil pasient.');
  await note('sec-move-new', a.id, '2020-03-01T10:00:00+01:00', 'Notat fra 2020 på feil pasient.');
  await move('sec-move-old', b.id);
  await move('sec-move-new', b.id);
  const q = (id: string) => `{ patient(id: "${id}") { entryMoves { entryId direction } } }`;
  const all = await call(archivist, q(a.id));
  expect(all.body.data.patient.entryMoves).toEqual([
    { entryId: 'sec-move-old', direction: 'OUT' },
    { entryId: 'sec-move-new', direction: 'OUT' },
  ]);
  const legal = await stack.matterToken(
    { id: 'M-SEC-MOVES', patientIds: [a.id, b.id], periodFrom: '2019-01-01', periodTo: '2021-12-31' },
    { sub: 'jurist-moves' },
  );
  for (const p of [a, b]) {
    const r = await call(legal, q(p.id));
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.entryMoves.map((m: { entryId: string }) => m.entryId)).toEqual([
      'sec-move-new',
    ]);
  }
});
