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
import type { Stack } from '../scripts/stack';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';

let dir: string;
let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let archivist: string;
let ansvarlig: string;
let patients: { id: string; national_id: string; birth_date: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-paths-'));
  await writeJournalExports(dir, { patients: 6, notesPerPatient: 3, migratedShare: 0, seed: 21 });
  env = await startTestStack();
  ({ tdb, stack } = env);
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
  await env?.stop();
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

test("helsepersonelloven § 44: a version history never crosses to another patient's note (a source chain across patients, or a superseded version moved away)", async () => {
  const [a, b] = [patients[2]!, patients[3]!];
  // A source export whose corrected document (on B) names a document of A as the one it replaces.
  await note('sec-hist-a1', a.id, '2021-01-10T10:00:00+01:00', 'Pasient A sin hemmelighet zqxkryss.', {
    status: 'superseded',
  });
  await note('sec-hist-b2', b.id, '2021-01-11T10:00:00+01:00', 'Pasient B sitt notat.', {
    replaces: 'sec-hist-a1',
  });
  // A chain on A whose superseded version alone was moved to B (it was the one written on the wrong person).
  await note('sec-hist-a3', a.id, '2021-02-10T10:00:00+01:00', 'Notat om pasient B zqxflytt.', {
    status: 'superseded',
  });
  await note('sec-hist-a4', a.id, '2021-02-11T10:00:00+01:00', 'Rettet notat om pasient A.', {
    replaces: 'sec-hist-a3',
  });
  await move('sec-hist-a3', b.id);
  const legalOnB = await stack.matterToken(
    { id: 'M-SEC-HIST-B', patientIds: [b.id] },
    { sub: 'jurist-hist-b' },
  );
  const legalOnA = await stack.matterToken(
    { id: 'M-SEC-HIST-A', patientIds: [a.id] },
    { sub: 'jurist-hist-a' },
  );
  const history = async (token: string, patientId: string, entryId: string) => {
    const r = await call(
      token,
      `{ patient(id: "${patientId}") { journal(first: 100) { edges { node { id history { text change } } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.journal.edges.find((e: { node: { id: string } }) => e.node.id === entryId).node
      .history as { text: string | null }[];
  };
  const onB = await history(legalOnB, b.id, 'sec-hist-b2');
  expect(JSON.stringify(onB)).not.toContain('zqxkryss');
  expect(onB).toEqual([]);
  const onA = await history(legalOnA, a.id, 'sec-hist-a4');
  expect(JSON.stringify(onA)).not.toContain('zqxflytt');
  expect(onA).toEqual([]);
});

test("pasientjournalloven § 22: a legal user sees a note's earlier versions only within the matter's period, and each one shown is logged (found in review: a 2020 note showed its 2012 version)", async () => {
  const p = patients[5] ?? patients[0]!;
  await note('sec-per-old', p.id, '2012-03-01T10:00:00+01:00', 'Gammel versjon zqxgammel.', {
    status: 'superseded',
  });
  await note('sec-per-mid', p.id, '2019-06-01T10:00:00+01:00', 'Midtre versjon zqxmidt.', {
    status: 'superseded',
    replaces: 'sec-per-old',
  });
  await note('sec-per-new', p.id, '2020-03-01T10:00:00+01:00', 'Ny versjon.', { replaces: 'sec-per-mid' });
  const q = `{ patient(id: "${p.id}") { journal(first: 100) { edges { node { id history { version text sourceId } } } } } }`;
  const history = async (token: string) => {
    const r = await call(token, q);
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.journal.edges.find(
      (e: { node: { id: string } }) => e.node.id === 'sec-per-new',
    ).node.history as { version: number; text: string | null; sourceId: string | null }[];
  };
  // Without a period: the whole chain, oldest first.
  const all = await history(
    await stack.matterToken({ id: 'M-SEC-PER-ALL', patientIds: [p.id] }, { sub: 'jurist-per-all' }),
  );
  expect(all.map((v) => v.sourceId)).toEqual(['sec-per-old', 'sec-per-mid']);
  // A 2019–2021 matter: the 2019 version, never the 2012 one; the version numbers stay the chain's.
  const inPeriod = await history(
    await stack.matterToken(
      { id: 'M-SEC-PER', patientIds: [p.id], periodFrom: '2019-01-01', periodTo: '2021-12-31' },
      { sub: 'jurist-per' },
    ),
  );
  expect(JSON.stringify(inPeriod)).not.toContain('zqxgammel');
  expect(inPeriod).toEqual([{ version: 2, text: 'Midtre versjon zqxmidt.', sourceId: 'sec-per-mid' }]);
  const logged = await tdb.db.query<{ entity_id: string }>(
    `SELECT DISTINCT unnest(entity_ids) AS entity_id FROM audit.access_log
      WHERE user_id = 'jurist-per' AND outcome = 'granted' AND entity_type = 'journal_entry'`,
  );
  const ids = logged.rows.map((r) => r.entity_id);
  expect(ids).toContain('sec-per-mid');
  expect(ids).not.toContain('sec-per-old');
});

test("pasientjournalloven § 22, pasientjournalforskriften § 14: a note's care contact is checked and logged against the contact's own patient, for a note stored linked to another patient's encounter (found in review: a matter over the note's patient read the other's contact, logged under the wrong person)", async () => {
  const [a, b] = [patients[1]!, patients[3]!];
  // As the HP import stored such a link before it quarantined it: the data stays as it is.
  const contact = (id: string, patientId: string, location: string) =>
    tdb.db.query(
      `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, period_start, location)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Helsestasjon', '2021-05-03T10:00:00+02:00', $3)`,
      [id, patientId, location],
    );
  await contact('cc-sec-own', a.id, 'zqxrom-egen');
  await contact('cc-sec-other', b.id, 'zqxrom-annen');
  const linked = (id: string, contactId: string) =>
    tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, care_contact_id)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', '2021-05-03T12:00:00+02:00', 'Kontroll.', $3)`,
      [id, a.id, contactId],
    );
  await linked('sec-cc-own', 'cc-sec-own');
  await linked('sec-cc-other', 'cc-sec-other');
  const token = await stack.matterToken({ id: 'M-SEC-CC', patientIds: [a.id] }, { sub: 'jurist-cc' });
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ patient(id: "${a.id}") { journal(first: 100) { edges { node { id careContact { id location } } } } } }`,
    }),
  });
  const body = (await res.json()) as {
    data: { patient: { journal: { edges: { node: { id: string; careContact: unknown } }[] } } };
    errors?: { message: string; path: (string | number)[] }[];
  };
  const contactOf = (id: string) => body.data.patient.journal.edges.find((e) => e.node.id === id)!.node;
  expect(contactOf('sec-cc-own').careContact).toEqual({ id: 'cc-sec-own', location: 'zqxrom-egen' });
  expect(contactOf('sec-cc-other').careContact).toBeNull();
  expect(JSON.stringify(body)).not.toContain('zqxrom-annen');
  expect(body.errors?.map((e) => e.message)).toEqual(['patient not in matter M-SEC-CC']);
  // Refused and logged under the contact's patient; the own contact read under the note's patient.
  const rows = (
    await tdb.db.query<{ patient_id: string; outcome: string; entity_ids: string[] }>(
      `SELECT patient_id, outcome, entity_ids FROM audit.access_log
        WHERE request_id = $1 AND entity_type = 'care_contact' ORDER BY outcome, patient_id`,
      [res.headers.get('x-request-id')],
    )
  ).rows;
  expect(rows).toEqual([
    { patient_id: b.id, outcome: 'denied', entity_ids: [] },
    { patient_id: a.id, outcome: 'granted', entity_ids: ['cc-sec-own'] },
  ]);
});

test('pasientjournalforskriften § 14: a case record found by search is logged under every party of the case, as the archive logs it (found in review: only under the party whose national id sorts first)', async () => {
  const [first, second] = [patients[0]!, patients[1]!].sort((x, y) =>
    x.national_id.localeCompare(y.national_id),
  ) as [(typeof patients)[number], (typeof patients)[number]];
  await tdb.db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, saksdato, saksstatus)
     VALUES ('sm-sec-parts', '2021/77', 2021, 77, 'Sak zqxpartsak', '2021-05-01', 'B')`,
  );
  await tdb.db.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, journalaar, journalsekvensnummer, journalpostnummer,
                                     journalposttype, journalstatus, journaldato, tittel)
     VALUES ('jp-sec-parts', 'sm-sec-parts', 0, 2021, 77, 1, 'I', 'J', '2021-05-02', 'Klage zqxpartsak')`,
  );
  for (const nid of [first.national_id, second.national_id])
    await tdb.db.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', 'sm-sec-parts', 'sm-sec-parts')`,
      [nid],
    );
  await stack.index();
  const arch = await stack.token({
    sub: 'arkivar-parts',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const r = await call(
    arch,
    '{ search(query: "zqxpartsak", expand: false) { hits { kind registreringsId } } }',
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.search.hits.map((h: { kind: string }) => h.kind)).toEqual(['journalpost']);
  const rows = await tdb.db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log
      WHERE user_id = 'arkivar-parts' AND outcome = 'granted' AND entity_type = 'journalpost' AND 'jp-sec-parts' = ANY(entity_ids)
      ORDER BY patient_id`,
  );
  expect(rows.rows.map((x) => x.patient_id)).toEqual([
    `nid:${first.national_id}`,
    `nid:${second.national_id}`,
  ]);
  // The second party's own access log lists the read.
  const log = await call(
    archivist,
    `{ accessLog(nationalId: "${second.national_id}") { entries { userId recordKind recordIds } } }`,
  );
  expect(log.body.errors).toBeUndefined();
  expect(log.body.data.accessLog.entries).toContainEqual({
    userId: 'arkivar-parts',
    recordKind: 'journalpost',
    recordIds: ['jp-sec-parts'],
  });
});

test("pasientjournalloven § 22: a person's search in an age window asks that person's age on a case of several parties, not the age of the party whose national id sorts first (found in review)", async () => {
  const [a, b] = [patients[2]!, patients[3]!];
  const date = '2021-06-01';
  const age = (birth: string) => {
    const [y, md] = [Number(birth.slice(0, 4)), birth.slice(5)];
    return 2021 - y - (md > date.slice(5) ? 1 : 0);
  };
  expect(age(a.birth_date)).not.toBe(age(b.birth_date));
  await tdb.db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, saksdato, saksstatus)
     VALUES ('sm-sec-ages', '2021/78', 2021, 78, 'Sak zqxpartalder', $1, 'B')`,
    [date],
  );
  await tdb.db.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, journalaar, journalsekvensnummer, journalpostnummer,
                                     journalposttype, journalstatus, journaldato, tittel)
     VALUES ('jp-sec-ages', 'sm-sec-ages', 0, 2021, 78, 1, 'I', 'J', $1, 'Klage zqxpartalder')`,
    [date],
  );
  for (const p of [a, b])
    await tdb.db.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', 'sm-sec-ages', 'sm-sec-ages')`,
      [p.national_id],
    );
  await stack.index();
  const total = async (p: { id: string }, years: number) => {
    const r = await call(
      archivist,
      `{ patient(id: "${p.id}") { search(query: "zqxpartalder", expand: false, ageFrom: ${years}, ageTo: ${years}) { total } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.search.total as number;
  };
  for (const p of [a, b]) {
    const other = p === a ? b : a;
    expect(await total(p, age(p.birth_date))).toBe(1);
    expect(await total(p, age(other.birth_date))).toBe(0);
  }
  // pasientjournalforskriften § 14: a person's search that returns the case record logs it
  // under the other party too, as the archive logs a case read (found in review of this stop).
  const legal = await stack.matterToken({ id: 'M-SEC-AGES', patientIds: [a.id] }, { sub: 'jurist-ages' });
  const r = await call(
    legal,
    `{ patient(id: "${a.id}") { search(query: "zqxpartalder", expand: false) { hits { kind } } } }`,
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.patient.search.hits).toEqual([{ kind: 'journalpost' }]);
  const rows = await tdb.db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log
      WHERE user_id = 'jurist-ages' AND outcome = 'granted' AND entity_type = 'journalpost' AND 'jp-sec-ages' = ANY(entity_ids)
      ORDER BY patient_id`,
  );
  expect(rows.rows.map((x) => x.patient_id).sort()).toEqual([a.id, `nid:${b.national_id}`].sort());
});

const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: false,
};

test('helsepersonelloven § 43: a deleted note shows no text in its history, source versions and corrections included', async () => {
  const p = patients[4]!;
  await note('sec-del-1', p.id, '2022-01-10T10:00:00+01:00', 'Første versjon zqxslett.', {
    status: 'superseded',
  });
  await note('sec-del-2', p.id, '2022-01-11T10:00:00+01:00', 'Andre versjon zqxslett.', {
    replaces: 'sec-del-1',
  });
  const corrected = await call(
    ansvarlig,
    'mutation { correctJournalEntry(id: "sec-del-2", text: "Tredje versjon zqxslett.", reason: "presisert") { id } }',
  );
  expect(corrected.body.errors).toBeUndefined();
  const del = await call(
    ansvarlig,
    `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "sec-del-2", legalBasis: "Feil og belastende", assessment: $a) {
       text history { text change } } }`,
    { a: FULL_43 },
  );
  expect(del.body.errors).toBeUndefined();
  const d = del.body.data.deleteJournalEntry;
  expect(d.text).toBeNull();
  expect(d.history.length).toBeGreaterThanOrEqual(3);
  expect(d.history.every((v: { text: string | null }) => v.text === null)).toBe(true);
  const legal = await stack.matterToken({ id: 'M-SEC-DEL', patientIds: [p.id] }, { sub: 'jurist-del' });
  const r = await call(
    legal,
    `{ patient(id: "${p.id}") { journal(first: 100) { edges { node { id text history { text } } } } } }`,
  );
  expect(r.body.errors).toBeUndefined();
  expect(JSON.stringify(r.body.data)).not.toContain('zqxslett');
});

test("helsepersonelloven § 43 and legal hold: deleting a note deletes its own source versions, never another patient's note a source chain names (found in review: A's note went, A's hold unasked)", async () => {
  const [a, b] = [patients[2]!, patients[4]!];
  await note('sec-chain-a1', a.id, '2023-01-10T10:00:00+01:00', 'Pasient A sitt notat zqxholdt.', {
    status: 'superseded',
  });
  await note('sec-chain-b2', b.id, '2023-01-11T10:00:00+01:00', 'Pasient B sitt notat.', {
    replaces: 'sec-chain-a1',
  });
  await stack.matterToken({ id: 'M-SEC-HOLD-A', patientIds: [a.id] }, { sub: 'jurist-hold' });
  const hold = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-SEC-HOLD-A", reason: "Søksmål varslet") { id } }',
  );
  expect(hold.body.errors).toBeUndefined();
  const del = await call(
    ansvarlig,
    `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "sec-chain-b2", legalBasis: "Feil og belastende", assessment: $a) { id } }`,
    { a: FULL_43 },
  );
  expect(del.body.errors).toBeUndefined();
  const rows = await tdb.db.query<{ id: string; text: string | null; deleted_at: Date | null }>(
    `SELECT id, text, deleted_at FROM journal.journal_entry WHERE id IN ('sec-chain-a1', 'sec-chain-b2') ORDER BY id`,
  );
  expect(rows.rows.map((r) => [r.id, r.text, r.deleted_at === null])).toEqual([
    ['sec-chain-a1', 'Pasient A sitt notat zqxholdt.', true],
    ['sec-chain-b2', null, false],
  ]);
});

/** A date at a given age of a person (noon, Oslo winter time). */
const atAge = (birth: string, years: number, mmdd = '06-15') =>
  `${Number(birth.slice(0, 4)) + years}-${mmdd}T12:00:00+01:00`;

describe("a researcher's search counts only what the grant approves (helseforskningsloven § 33)", () => {
  const researcher = (grant: string) =>
    stack.token({ sub: 'forsker-sec', role: 'researcher', purpose: 'RESEARCH', grant });

  async function grant(id: string, cohort: Record<string, unknown>) {
    const r = await call(
      archivist,
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id cohortSize } }`,
      {
        i: {
          id,
          projectId: `P-${id}`,
          title: 'Skolehelse',
          rekNumber: '2025/654321',
          legalBasis: 'helseforskningsloven § 33',
          responsibleResearcher: 'forsker-sec',
          cohort,
          variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
          datePrecision: 'YEAR',
          freeText: true,
          // Row-level: the counts as they are. (An aggregate-only grant's counts of one
          // person are suppressed: test/research-small-cells.e2e.test.ts.)
          outputLevel: 'PSEUDONYMISED_RECORDS',
          expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.registerGrant.cohortSize).toBe(1);
  }

  let p: { id: string; birth_date: string };
  beforeAll(async () => {
    p = patients[5] ?? patients[0]!;
    await note('sec-age-14', p.id, atAge(p.birth_date, 14), 'Skolehelse: zqxalder zqxtjeneste.', {
      service: 'Skolehelsetjenesten',
    });
    await note('sec-age-30', p.id, atAge(p.birth_date, 30), 'Voksen: zqxalder zqxtjeneste.', {
      service: 'Fastlege',
    });
    await stack.index();
    const born = { bornFrom: p.birth_date, bornTo: p.birth_date };
    await grant('G-SEC-AGE', { ...born, ageFrom: 13, ageTo: 15 });
    await grant('G-SEC-SERVICE', { ...born, services: ['Skolehelsetjenesten'] });
  });

  test('helseforskningsloven § 33: the age window of the grant bounds totals, the term report and moreLikeThis', async () => {
    const token = await researcher('G-SEC-AGE');
    const r = await call(
      token,
      '{ search(query: "zqxalder", expand: false) { total hits { __typename } termReport { word hits } } }',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search.total).toBe(1);
    expect(r.body.data.search.hits).toHaveLength(1);
    for (const row of r.body.data.search.termReport) expect(row.hits).toBeLessThanOrEqual(1);
    // A note outside the window is not even a "more like this" seed: a researcher marks no
    // note by record id at all (test/research-review.e2e.test.ts).
    const like = await call(
      token,
      '{ search(query: "zqxtjeneste", expand: false, moreLikeThis: ["sec-age-30"]) { total } }',
    );
    expect(like.body.errors?.map((e: { message: string }) => e.message)).toEqual([
      'a researcher marks no note by record id (moreLikeThis): research data name no record',
    ]);
  });

  test('helseforskningsloven § 33: the services of the grant bound the totals', async () => {
    const r = await call(
      await researcher('G-SEC-SERVICE'),
      '{ search(query: "zqxalder", expand: false) { total } }',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search.total).toBe(1);
  });

  test("pasientjournalforskriften § 14: a researcher's count-only search is logged under each person of the cohort, once", async () => {
    const before = await tdb.db.query<{ id: string }>(
      'SELECT coalesce(max(id), 0)::text AS id FROM audit.access_log',
    );
    const r = await call(
      await researcher('G-SEC-AGE'),
      '{ search(query: "zqxalder", expand: false, first: 0) { total } }',
    );
    expect(r.body.errors).toBeUndefined();
    const rows = await tdb.db.query<{ patient_id: string; entity_type: string }>(
      `SELECT patient_id, entity_type FROM audit.access_log
        WHERE user_id = 'forsker-sec' AND outcome = 'granted' AND id > $1::bigint ORDER BY id`,
      [before.rows[0]!.id],
    );
    expect(rows.rows).toEqual([{ patient_id: p.id, entity_type: 'search_hit' }]);
  });

  test('helseforskningsloven § 33: the per-person search fields (searchElusion, searchCoverage, search) stay closed to a researcher, by root and through a hit', async () => {
    const token = await researcher('G-SEC-AGE');
    const fields =
      'searchElusion(query: "zqxalder", sample: 3, seed: 1) { found notFound } searchCoverage { inStep } search(query: "zqxalder") { total }';
    const byRoot = await call(token, `{ patient(id: "${p.id}") { ${fields} } }`);
    expect(byRoot.body.errors?.length).toBeGreaterThan(0);
    expect(byRoot.body.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(byRoot.body.data?.patient ?? null).toBeNull();
    // One hit: the fields under each hit run a recall estimate and a search per hit, which the
    // gateway prices at five searches each (gateway/limits.ts), so 20 hits are over its cost limit.
    const byHit = await call(
      token,
      `{ search(query: "zqxalder", expand: false, first: 1) { hits { patient { ${fields} } } } }`,
    );
    expect(byHit.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(byHit.body.data ?? null)).not.toMatch(/found|inStep/);
  });
});

test('pasientjournalforskriften § 14: a scope-wide search that returns only a count is logged under each person it counted', async () => {
  const [a, b] = [patients[0]!, patients[1]!];
  const legal = await stack.matterToken(
    { id: 'M-SEC-COUNT', patientIds: [a.id, b.id] },
    { sub: 'jurist-count' },
  );
  const r = await call(legal, '{ search(query: "pasient", expand: false, first: 0) { total } }');
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.search.total).toBeGreaterThan(0);
  const rows = await tdb.db.query<{ patient_id: string; entity_type: string }>(
    `SELECT DISTINCT patient_id, entity_type FROM audit.access_log
      WHERE user_id = 'jurist-count' AND outcome = 'granted' ORDER BY patient_id`,
  );
  expect(rows.rows).toEqual([a.id, b.id].sort().map((id) => ({ patient_id: id, entity_type: 'search_hit' })));
  // An archivist's count over everyone is logged too (scope-wide: not one person).
  const arch = await stack.token({
    sub: 'arkivar-count',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const all = await call(arch, '{ search(query: "pasient", expand: false, first: 0) { total } }');
  expect(all.body.errors).toBeUndefined();
  const archRows = await tdb.db.query<{ patient_id: string }>(
    `SELECT patient_id FROM audit.access_log WHERE user_id = 'arkivar-count' AND outcome = 'granted'`,
  );
  expect(archRows.rows.length).toBeGreaterThan(0);
});
