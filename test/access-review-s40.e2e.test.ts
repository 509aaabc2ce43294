/**
 * Access review s40 (reviewer rev-access-s40): rules that hold on one path and broke on another,
 * through each subgraph as the gateway or the dossier calls it (a caller statement signed for
 * it), on real PostgreSQL. Each test FAILS on the code as reviewed, for the reason its comment
 * gives.
 *
 * Not repeated here: the earlier review files (test/*review*.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { gql } from '../dev/services';
import { generateNoarkExtract } from '../dev/generator';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { insertMatter } from '../lib/policy/store';
import { makeSyntheticNationalId } from '../lib/national-id';
import type { CallerContext } from '../lib/auth';

/** A person with a journal record. */
const NID_A = makeSyntheticNationalId('1982-04-11', 401, true);
/** The person whose records a representation claims. */
const NID_V = makeSyntheticNationalId('1978-10-03', 402, false);
const PT_A = 'pt-s40-a';
const PT_V = 'pt-s40-v';
/** A person with a journal record and, linked to it for a while, a second record without a national id. */
const NID_W = makeSyntheticNationalId('1985-06-21', 403, false);
const PT_W = 'pt-s40-w';
const PT_W2 = 'pt-s40-w2';

let env: TestStack;
let dir: string;
/** V's case (she is its Klient party). */
let caseV: string;
/** W's case. */
let caseW: string;
/** A's case. */
let caseA: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  dir = mkdtempSync(join(tmpdir(), 'hs-access-s40-'));
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: PT_A, nationalId: NID_A, familyName: 'Aune', givenName: 'Arne', birthDate: '1982-04-11' },
    { id: PT_V, nationalId: NID_V, familyName: 'Vold', givenName: 'Vigdis', birthDate: '1978-10-03' },
    { id: PT_W, nationalId: NID_W, familyName: 'Wik', givenName: 'Wenche', birthDate: '1985-06-21' },
    { id: PT_W2, nationalId: null, familyName: 'Wik', givenName: 'Wenche', birthDate: '1985-06-21' },
  ]);
  const extract = generateNoarkExtract({
    seed: 401,
    saksmapper: 3,
    clients: [
      { nationalId: NID_V, name: 'Vigdis Vold' },
      { nationalId: NID_A, name: 'Arne Aune' },
      { nationalId: NID_W, name: 'Wenche Wik' },
    ],
  });
  const noark = join(dir, 'noark');
  for (const f of extract.files) {
    mkdirSync(dirname(join(noark, f.path)), { recursive: true });
    writeFileSync(join(noark, f.path), f.content);
  }
  await importNoark(db, noark);
  caseV = extract.facts.saksmapper.find((s) => s.partNationalIds.includes(NID_V))!.id;
  caseW = extract.facts.saksmapper.find((s) => s.partNationalIds.includes(NID_W))!.id;
  caseA = extract.facts.saksmapper.find((s) => s.partNationalIds.includes(NID_A))!.id;
  const lines = [
    {
      kind: 'decision',
      id: 'TVD-S40-V',
      patient: NID_V,
      legalBasis: 'hol-9-5a',
      measures: ['låst dør'],
      validFrom: '2024-03-01',
      validTo: '2024-03-01',
      decidedAt: '2024-03-01T12:00:00+01:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification: '',
    },
    {
      kind: 'decision',
      id: 'TVD-S40-W',
      patient: NID_W,
      legalBasis: 'hol-9-5a',
      measures: ['låst dør'],
      validFrom: '2024-04-01',
      validTo: '2024-04-01',
      decidedAt: '2024-04-01T12:00:00+02:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification: '',
    },
  ];
  writeFileSync(join(dir, 'Coercion.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  await insertQueuedNote(db, {
    id: 'je-s40-v1',
    patientId: PT_V,
    writtenAt: '2024-02-01T10:00:00+01:00',
    text: 'Zqxlaant journalnummer drøftet med pasienten.',
  });
  await insertQueuedNote(db, {
    id: 'je-s40-w1',
    patientId: PT_W,
    writtenAt: '2024-02-01T10:00:00+01:00',
    text: 'Zqxkoblet journal drøftet med pasienten.',
  });
  await env.stack.index();
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const archivist = (): CallerContext => ({
  userId: 'arkivar-s40',
  role: 'archivist',
  purpose: 'ARCHIVE_ADMINISTRATION',
  selfAuthorized: false,
  requestId: randomUUID(),
});

/** `_entities` on one subgraph, as the gateway (or the dossier) calls it, with the representation given. */
async function entities(
  subgraph: string,
  caller: CallerContext,
  rep: Record<string, unknown>,
  selection: string,
) {
  const sub = env.stack.subgraphs.find((s) => s.name === subgraph)!;
  const r = await gql(
    sub.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { ${selection} } } }`,
    {
      variables: { r: [rep] },
      caller: { caller, secret: env.config.internalSecret, subgraph },
    },
  );
  return { body: r.body, requestId: caller.requestId };
}

/** The access-log rows of one request: under which patient, what. */
async function logOf(requestId: string) {
  return (
    await env.tdb.db.query<{
      patient_id: string;
      entity_type: string;
      entity_ids: string[];
      outcome: string;
    }>(
      `SELECT patient_id, entity_type, entity_ids, outcome FROM audit.access_log WHERE request_id = $1 ORDER BY seq`,
      [requestId],
    )
  ).rows;
}

/** The entity ids logged under one key. */
const under = (rows: { patient_id: string; entity_ids: string[] }[], key: string) =>
  rows.filter((r) => r.patient_id === key).flatMap((r) => r.entity_ids);

// Attack: a representation of a record id the journal does not have, claiming another person's
// record (V's) in recordIds, sent to the search subgraph's `_entities` as an archivist. Since
// 59219df (after review s39) such a representation is taken as given for a caller who reaches
// everyone, record ids included: Patient.search searched V's notes and logged the hit under the
// made-up id alone, which is nobody's record, so V's access log never shows the read
// (pasientjournalforskriften § 14: logged under the person it concerns; the s39 fix of the
// forged representation, undone for a record id the journal lacks). A record id the journal does
// not have has no linked records: its keys are the id itself and, for the archive's persons known
// by national id only, the national ids given.
test('pasientjournalforskriften § 14: a representation of a record id the journal does not have searches no other journal record, and logs nothing of one under the made-up id', async () => {
  const madeUp = { __typename: 'Patient', id: 'pt-made-up-s40', nationalIds: [], recordIds: [PT_V] };
  const { body, requestId } = await entities(
    'search',
    archivist(),
    madeUp,
    'search(query: "zqxlaant", expand: false) { total hits { journalEntry { id } } }',
  );
  expect(body.errors).toBeUndefined();
  const rows = await logOf(requestId);
  expect(under(rows, 'pt-made-up-s40')).not.toContain('je-s40-v1');
  expect(body.data._entities[0].search.total).toBe(0);
  // Nor the cases of the national ids of the record it claims.
  const a = await entities('archive', archivist(), madeUp, 'cases { id }');
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data._entities[0].cases.map((c: { id: string }) => c.id)).not.toContain(caseV);
});

// The archive and coercion paths of the same representation, with a national id: an archivist
// reads the cases and coercion decisions of a person known to the archive by national id only
// (59219df keeps those ids for a caller who reaches everyone), and the read was logged under the
// made-up record id alone: Patient.cases leaves out of its rows every key of "the person asked
// about" (the national ids given), as if the made-up id's log covered them, and coercion logs
// under the id only. No access log of V (read by her national id or her record) shows that an
// archivist read her case and her coercion decision (pasientjournalforskriften § 14).
test('pasientjournalforskriften § 14: cases and coercion decisions read through a record id the journal does not have are logged under the national ids they were read by', async () => {
  const madeUp = { __typename: 'Patient', id: 'pt-made-up-s40-b', nationalIds: [NID_V], recordIds: [] };
  const a = await entities('archive', archivist(), madeUp, 'cases { id }');
  expect(a.body.errors).toBeUndefined();
  expect(a.body.data._entities[0].cases.map((c: { id: string }) => c.id)).toContain(caseV);
  expect(under(await logOf(a.requestId), `nid:${NID_V}`)).toContain(caseV);
  const c = await entities('coercion', archivist(), madeUp, 'coercionDecisions { id }');
  expect(c.body.errors).toBeUndefined();
  expect(c.body.data._entities[0].coercionDecisions).toEqual([{ id: 'TVD-S40-V' }]);
  expect(under(await logOf(c.requestId), `nid:${NID_V}`)).toContain('TVD-S40-V');
});

// Two records an archivist linked as one person (a Profil klient without a national id, linked to
// a journal record of hers by linkPatients), later found to be two persons and unlinked. While
// linked, a read of the person's journal through the first record returned the second record's
// note, and Patient.journal logged it under the record asked about only. Once unlinked, the
// second record's access log (accessLog(patientId), which takes in its own records and national
// ids) no longer showed that read at all: the person the note is about cannot see who read it
// (pasientjournalforskriften § 14; pasientjournalloven § 19; the row "under the person it
// concerns"). Patient.entriesById and JournalEntry.history log each note under its own record;
// the listings did not. Expected: the note's read stays in its own record's log after the unlink.
test('pasientjournalforskriften § 14: a note read through a linked record is in its own record’s access log, also after the records are unlinked', async () => {
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: 'pt-s40-l1', nationalId: null, familyName: 'Lund', givenName: 'Liv', birthDate: '1990-01-05' },
    { id: 'pt-s40-l2', nationalId: null, familyName: 'Lund', givenName: 'Liv', birthDate: '1990-01-05' },
  ]);
  await insertQueuedNote(db, {
    id: 'je-s40-l2',
    patientId: 'pt-s40-l2',
    writtenAt: '2023-05-02T09:00:00+02:00',
    text: 'Notat på den andre journalen.',
  });
  const admin = await env.stack.token({
    sub: 'arkivar-s40-l',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const call = async (query: string) => {
    const r = await gql(env.stack.gateway.url, query, { token: admin });
    expect(r.body.errors).toBeUndefined();
    return r.body.data;
  };
  await call(`mutation { linkPatients(a: "pt-s40-l1", b: "pt-s40-l2", reason: "samme person") { id } }`);
  const read = await call(
    `{ patient(id: "pt-s40-l1") { journal { edges { node { id } } } careContacts { contacts { id } } serviceDecisions { decisions { id } } } }`,
  );
  expect(read.patient.journal.edges.map((e: { node: { id: string } }) => e.node.id)).toContain('je-s40-l2');
  await call(`mutation { unlinkPatients(a: "pt-s40-l1", b: "pt-s40-l2", reason: "to personer") { id } }`);
  const log = await call(
    `{ accessLog(patientId: "pt-s40-l2") { entries { userId recordKind recordIds subject } } }`,
  );
  const reads = log.accessLog.entries.filter(
    (e: { userId: string; recordKind: string }) =>
      e.userId === 'arkivar-s40-l' && e.recordKind === 'journal_entry',
  );
  expect(reads.flatMap((e: { recordIds: string[] }) => e.recordIds)).toContain('je-s40-l2');
});

// The same unlink, on the paths of the other subgraphs: the archive's Patient.cases, the coercion
// subgraph's Patient.coercionDecisions and the search subgraph's Patient.search, asked through the
// second record (no national id) while the two were linked, logged the first record's case,
// coercion decision and note under the record asked about (the case and the decision under the
// national id of a linked record were "the person's own" keys): once unlinked, the first record's
// access log (its record and its national id) showed none of those reads
// (pasientjournalforskriften § 14). Expected: each under the record or national id that holds it.
test('pasientjournalforskriften § 14: a case, a coercion decision and a search hit read through a linked record are in their own record’s access log after the unlink', async () => {
  const admin = await env.stack.token({
    sub: 'arkivar-s40-w',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const call = async (query: string) => {
    const r = await gql(env.stack.gateway.url, query, { token: admin });
    expect(r.body.errors).toBeUndefined();
    return r.body.data;
  };
  await call(`mutation { linkPatients(a: "${PT_W}", b: "${PT_W2}", reason: "samme person") { id } }`);
  const read = await call(
    `{ patient(id: "${PT_W2}") { cases { id } coercionDecisions { id }
        search(query: "zqxkoblet", expand: false) { hits { kind score } } } }`,
  );
  expect(read.patient.cases.map((c: { id: string }) => c.id)).toContain(caseW);
  expect(read.patient.coercionDecisions).toEqual([{ id: 'TVD-S40-W' }]);
  // The hit alone (no journalEntry: the journal would log the note under its record itself).
  expect(read.patient.search.hits.map((h: { kind: string }) => h.kind)).toEqual(['journal_entry']);
  await call(`mutation { unlinkPatients(a: "${PT_W}", b: "${PT_W2}", reason: "to personer") { id } }`);
  const log = await call(
    `{ accessLog(patientId: "${PT_W}") { entries { userId recordKind recordIds subject } } }`,
  );
  const read_ = (kind: string) =>
    log.accessLog.entries
      .filter(
        (e: { userId: string; recordKind: string }) => e.userId === 'arkivar-s40-w' && e.recordKind === kind,
      )
      .flatMap((e: { recordIds: string[] }) => e.recordIds);
  expect(read_('saksmappe')).toContain(caseW);
  expect(read_('coercion_decision')).toContain('TVD-S40-W');
  expect(read_('journal_entry')).toContain('je-s40-w1');
});

// A case is in a legal user's period when its saksdato or one of its journalposts' dates is in it
// (lib/policy/README.md, "saksmappe … dated in period (a case: its saksdato or a journalpost's
// date)"; search indexes the case's title with each of its journalposts, dated by its
// journaldato). The archive took the span from the first date to the last instead: a case opened
// in 2010 with a letter in 2020 and nothing between was "in" a 2015–2016 matter, and
// saksmappe(id) and Patient.cases gave its title, parties and status to a legal user whose
// matter's period holds no date of it (pasientjournalloven § 22: the matter's persons within its
// period only). Expected: FORBIDDEN by id, left out of the list; in the matter's period again
// once a letter is dated in it.
test('pasientjournalloven § 22: a case none of whose dates is in the matter’s period is out of reach, even when its dates lie on both sides of it', async () => {
  const db = env.tdb.db;
  await db.query(`UPDATE archive.saksmappe SET saksdato = '2010-03-01' WHERE id = $1`, [caseA]);
  await db.query(`UPDATE archive.journalpost SET journaldato = '2020-05-05' WHERE saksmappe_id = $1`, [
    caseA,
  ]);
  const token = await env.stack.matterToken(
    {
      id: 'M-s40-period',
      title: 'Erstatningssak A, 2015–2016',
      purpose: 'LEGAL_PROCEEDINGS',
      nationalIds: [NID_A],
      periodFrom: '2015-01-01',
      periodTo: '2016-12-31',
    },
    { sub: 'jurist-s40-period' },
  );
  const call = (query: string) => gql(env.stack.gateway.url, query, { token });
  const byId = await call(`{ saksmappe(id: "${caseA}") { id tittel } }`);
  expect(byId.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(JSON.stringify(byId.body.data ?? null)).not.toContain(caseA);
  const list = await call(`{ patientByNationalId(nationalId: "${NID_A}") { cases { id } } }`);
  expect(list.body.errors).toBeUndefined();
  expect(list.body.data.patientByNationalId.cases.map((c: { id: string }) => c.id)).not.toContain(caseA);
  // One letter dated in the period: the case is the context of that letter, in reach.
  await db.query(
    `UPDATE archive.journalpost SET journaldato = '2015-06-01'
      WHERE id = (SELECT id FROM archive.journalpost WHERE saksmappe_id = $1 ORDER BY id LIMIT 1)`,
    [caseA],
  );
  const again = await call(`{ saksmappe(id: "${caseA}") { id journalposter { journaldato } } }`);
  expect(again.body.errors).toBeUndefined();
  expect(again.body.data.saksmappe.journalposter.map((j: { journaldato: string }) => j.journaldato)).toEqual([
    '2015-06-01',
  ]);
});

// The CLI's coercion-report reads the person's coercion records as the API's Patient.coercionReport
// does, every linked record's included, and logged every one under the record or national id
// given: a decision under a linked record's national id was logged under the record asked about,
// and left that person's access log once the two were unlinked (pasientjournalforskriften § 14;
// subgraphs/coercion/README.md: the CLI "logs the access like the API does"). Expected: under the
// national id it is filed under, as the API logs it since this review.
test('pasientjournalforskriften § 14: the CLI coercion-report logs a linked record’s coercion decision under its own national id', async () => {
  const user = `cli:${userInfo().username}`;
  const db = env.tdb.db;
  await db.query(
    `UPDATE journal.patient_link SET unlinked_at = NULL, unlinked_by = NULL, unlink_reason = NULL
      WHERE (patient_a, patient_b) IN (($1, $2), ($2, $1))`,
    [PT_W, PT_W2],
  );
  await insertMatter(
    db,
    {
      id: 'M-s40-cli',
      title: 'Klage på tvang',
      purpose: 'COMPLAINT',
      patientIds: [PT_W2],
      nationalIds: [],
      periodFrom: null,
      periodTo: null,
      members: [user],
      expiresAt: new Date(Date.now() + 86400_000),
    },
    'arkivar-1',
  );
  const { max } = (
    await db.query<{ max: string | null }>(`SELECT max(id)::text AS max FROM audit.access_log`)
  ).rows[0]!;
  const root = join(__dirname, '..');
  const out = spawnSync(
    join(root, 'node_modules', '.bin', 'tsx'),
    [
      join(root, 'scripts', 'cli.ts'),
      'coercion-report',
      PT_W2,
      '--matter',
      'M-s40-cli',
      '--purpose',
      'COMPLAINT',
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
  );
  expect(out.status).toBe(0);
  const rows = (
    await db.query<{ patient_id: string; entity_ids: string[] }>(
      `SELECT patient_id, entity_ids FROM audit.access_log
        WHERE id > $1 AND user_id = $2 AND entity_type = 'coercion_decision'`,
      [max ?? '0', user],
    )
  ).rows;
  expect(under(rows, `nid:${NID_W}`)).toContain('TVD-S40-W');
  expect(under(rows, PT_W2)).not.toContain('TVD-S40-W');
}, 60_000);

// A care contact is in a legal user's reach when its period overlaps the matter's
// (subgraphs/journal/README.md: "care_contact | overlapping the period"), as Patient.careContacts
// lists it. JournalEntry.careContact asked the policy by the contact's start alone: the contact of
// a note written inside the period, an admission that began a few days before it, was refused
// and logged as a denied attempt, though the listing of the same person gives it
// (pasientjournalloven § 22: one rule on every path; pasientjournalforskriften § 14: the log
// records an attempt that the rule allows as a refusal). Expected: the note's contact, as listed.
test('pasientjournalloven § 22: a note’s care contact that began before the matter’s period and runs into it is read through the note as it is listed', async () => {
  const db = env.tdb.db;
  await db.query(
    `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, period_start, period_end)
     VALUES ('cc-s40-a', $1, 'HELSEPLATTFORMEN', 'cc-s40-a', 'Sengepost', '2014-12-20T10:00:00+01:00', '2015-01-10T12:00:00+01:00')`,
    [PT_A],
  );
  await insertQueuedNote(db, {
    id: 'je-s40-a1',
    patientId: PT_A,
    writtenAt: '2015-01-05T10:00:00+01:00',
    text: 'Innlagt, stabil.',
  });
  await db.query(`UPDATE journal.journal_entry SET care_contact_id = 'cc-s40-a' WHERE id = 'je-s40-a1'`);
  const token = await env.stack.matterToken(
    {
      id: 'M-s40-contact',
      title: 'Erstatningssak A, 2015–2016',
      purpose: 'LEGAL_PROCEEDINGS',
      nationalIds: [NID_A],
      periodFrom: '2015-01-01',
      periodTo: '2016-12-31',
    },
    { sub: 'jurist-s40-contact' },
  );
  const r = await gql(
    env.stack.gateway.url,
    `{ patientByNationalId(nationalId: "${NID_A}") {
        careContacts { contacts { id } }
        journal { edges { node { id careContact { id } } } } } }`,
    { token },
  );
  expect(r.body.errors).toBeUndefined();
  const p = r.body.data.patientByNationalId;
  expect(p.careContacts.contacts).toEqual([{ id: 'cc-s40-a' }]);
  expect(p.journal.edges).toEqual([{ node: { id: 'je-s40-a1', careContact: { id: 'cc-s40-a' } } }]);
});

// The same unlink, on the journal's own person fields: Patient.nationalIds and Patient.relatives
// read every linked record's national id and related persons, logged under the record asked about
// alone (its `patient` row), so once unlinked the other record's access log did not show that its
// national id and its relatives had been read (left open by review s40; pasientjournalforskriften
// § 14). Expected: a `patient` row under each linked record whose national id or relatives were read.
test('pasientjournalforskriften § 14: a linked record’s national id and relatives read through another record are in its own access log after the unlink', async () => {
  const db = env.tdb.db;
  const nid = makeSyntheticNationalId('1991-02-06', 404, true);
  await insertPatients(db, [
    { id: 'pt-s40-r1', nationalId: null, familyName: 'Rud', givenName: 'Rolf', birthDate: '1991-02-06' },
    { id: 'pt-s40-r2', nationalId: nid, familyName: 'Rud', givenName: 'Rolf', birthDate: '1991-02-06' },
  ]);
  await db.query(
    `INSERT INTO journal.related_person (source_system, source_id, patient_id, name, relationship_codes, nearest_relative)
     VALUES ('PROFIL', 'rel-s40-r2', 'pt-s40-r2', 'Randi Rud', ARRAY['MTH'], true)`,
  );
  const admin = await env.stack.token({
    sub: 'arkivar-s40-r',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const call = async (query: string) => {
    const r = await gql(env.stack.gateway.url, query, { token: admin });
    expect(r.body.errors).toBeUndefined();
    return r.body.data;
  };
  await call(`mutation { linkPatients(a: "pt-s40-r1", b: "pt-s40-r2", reason: "samme person") { id } }`);
  const read = await call(`{ patient(id: "pt-s40-r1") { nationalIds relatives { name } } }`);
  expect(read.patient).toEqual({ nationalIds: [nid], relatives: [{ name: 'Randi Rud' }] });
  await call(`mutation { unlinkPatients(a: "pt-s40-r1", b: "pt-s40-r2", reason: "to personer") { id } }`);
  const log = await call(`{ accessLog(patientId: "pt-s40-r2") { entries { userId recordKind recordIds } } }`);
  const reads = log.accessLog.entries.filter(
    (e: { userId: string; recordKind: string }) => e.userId === 'arkivar-s40-r' && e.recordKind === 'patient',
  );
  expect(reads.flatMap((e: { recordIds: string[] }) => e.recordIds)).toContain('pt-s40-r2');
});
