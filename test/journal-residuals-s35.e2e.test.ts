/**
 * Journal residuals found in stop 35's re-read. Each test failed on branch journal at c57e324
 * before its fix. Real PostgreSQL and the gateway (dev/test-stack.ts); imports run as the CLI
 * runs them (runImport).
 *
 * 1. A note's custodian organisation (HP DocumentReference.custodian, journal migration 019) that
 *    a later export changes is kept in the version history (entry_version.fields, migration 024):
 *    it was overwritten in place, no version keeping the earlier one. The organisation is written
 *    in the same statement as the notes (it was a second statement in the batch's transaction).
 * 3. The AVLXML deposit list holds one entry per person: a person with contacts the source names
 *    the command line's organisation for and contacts it names none for (both that organisation's
 *    list) was listed twice. Validated against the shared avlxml.xsd.
 * 4. The policy's compiled reach is dropped in every process when a journal link or a patient's
 *    national id changes (journal migration 025, NOTIFY as policy migration 008 and archive
 *    migration 025 send it): an unlink was served with the old reach for up to 5 s in another
 *    process. Two policy instances on one database, as in test/residuals-s34.e2e.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpDoc, hpPatient, hpPatientRecord, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { runImport } from '../subgraphs/journal/import/run';
import { AuditTrail } from '../lib/audit';
import type { CallerContext } from '../lib/auth';
import { createPostgresDb, type Db } from '../lib/db';
import { makeSyntheticNationalId } from '../lib/national-id';
import { compilePolicyOnce, REACH_CACHE } from '../lib/policy/policy';
import { insertMatter } from '../lib/policy/store';
import type { RunningSubgraph } from '../lib/subgraph';
import { insertPatients } from '../subgraphs/journal/store';
import { validateAgainst } from '../subgraphs/archive/noark/validate';
import {
  AVLXML_SCHEMA,
  AVLXML_SCHEMA_IMPORTS,
  avlxml,
  depositList,
  depositsByOrganisation,
  writeAvlxml,
} from '../subgraphs/journal/avlxml';

const SCHEMAS = join(__dirname, '..', '..', 'shared', 'standards', 'nha-avlxml');

const ORG = (value: string, display: string) => ({
  identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', value },
  display,
});
const ST_OLAV = ORG('883974832', 'St. Olavs hospital HF');
const MORE = ORG('997005562', 'Helse Møre og Romsdal HF');

let dir: string;
let ts: TestStack;
let archivist: string;

type PolicyModule = typeof import('../lib/policy/policy');
type SubgraphModule = typeof import('../lib/subgraph');
type JournalModule = typeof import('../subgraphs/journal');
/** A second instance: its own module state (reach cache, listener), pool and subgraph. */
let other: { policy: PolicyModule; db: Db; subgraph: RunningSubgraph };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-journal35-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 'journal35'));
  let mods: { policy: PolicyModule; subgraph: SubgraphModule; journal: JournalModule } | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    mods = {
      policy: require('../lib/policy/policy'),
      subgraph: require('../lib/subgraph'),
      journal: require('../subgraphs/journal'),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  const db = await createPostgresDb(ts.tdb.url, 3);
  const subgraph = await mods!.subgraph.startSubgraph(mods!.journal.journalSubgraph, {
    db,
    internalSecret: ts.config.internalSecret,
    host: '127.0.0.1',
    port: 0,
    migrate: false,
  });
  other = { policy: mods!.policy, db, subgraph };
  expect(other.policy.compilePolicyOnce).not.toBe(compilePolicyOnce);
}, 120_000);

afterAll(async () => {
  await other?.subgraph.stop();
  await other?.db.close();
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token: archivist, variables });

/** The patient's notes with their organisation and history, as the gateway shows them. */
async function notesOf(localId: string) {
  const r = await call(
    `query ($id: ID!) { patient(id: $id) { journal { edges { node { id text history {
       version change text reason organisationNumber organisationName } } } } } }`,
    { id: await hpPatientRecord(ts.tdb.db, localId) },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.patient.journal.edges.map((e: { node: object }) => e.node);
}

const stored = async (id: string) =>
  (
    await ts.tdb.db.query<{
      version: number;
      organisation_number: string | null;
      organisation_name: string | null;
    }>('SELECT version, organisation_number, organisation_name FROM journal.journal_entry WHERE id = $1', [
      id,
    ])
  ).rows[0];

describe('a note’s custodian organisation is versioned', () => {
  test('pasientjournalloven § 22 (integritet), helsearkivforskriften: an HP export that names another custodian keeps the earlier one in the version history, as its own version when nothing else changed and in the import’s version when the text changed too; a custodian first named keeps no version', async () => {
    // Scenario: two notes kept by St. Olav; a later export names Helse Møre og Romsdal as the
    // custodian of both, and changes the text of the second. A third note had no custodian and
    // is then given one. Found: the organisation was overwritten in place: no version kept
    // St. Olav, so the record's custodian (whose deposit list it belongs to) was lost.
    const patient = hpPatient('p-org35', '1950-02-03', 35, { family: 'Forvaltervik', given: ['Kari'] });
    const doc = (id: string, text: string, custodian?: object) =>
      hpDoc(id, 'p-org35', text, { date: '2019-03-01T10:00:00+01:00', ...(custodian ? { custodian } : {}) });
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-org35-1', {
        Patient: [patient],
        DocumentReference: [
          doc('d-org35-same', 'Kontroll.', ST_OLAV),
          doc('d-org35-text', 'Innlagt.', ST_OLAV),
          doc('d-org35-first', 'Poliklinikk.'),
        ],
      }),
    );
    const report = await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-org35-2', {
        Patient: [patient],
        DocumentReference: [
          doc('d-org35-same', 'Kontroll.', MORE),
          doc('d-org35-text', 'Innlagt, rettet.', MORE),
          doc('d-org35-first', 'Poliklinikk.', MORE),
        ],
      }),
    );
    expect(report.quarantined).toEqual({});
    // A custodian changed alone is not a change of the note's content (written with it, in the
    // same statement as the notes, task item 2): the text's change is the one update.
    expect(report.counts.entries).toMatchObject({ accepted: 0, updated: 1, unchanged: 2 });
    const notes = await notesOf('p-org35');
    const byId = (id: string) => notes.find((n: { id: string }) => n.id === id);
    expect(byId('je-hp-d-org35-same')).toEqual({
      id: 'je-hp-d-org35-same',
      text: 'Kontroll.',
      history: [
        {
          version: 1,
          change: 'organisation',
          text: 'Kontroll.',
          reason: 'a later source export names another organisation that keeps the note',
          organisationNumber: '883974832',
          organisationName: 'St. Olavs hospital HF',
        },
      ],
    });
    expect(byId('je-hp-d-org35-text')).toEqual({
      id: 'je-hp-d-org35-text',
      text: 'Innlagt, rettet.',
      history: [
        {
          version: 1,
          change: 'import',
          text: 'Innlagt.',
          reason: 'changed in a later source export',
          organisationNumber: '883974832',
          organisationName: 'St. Olavs hospital HF',
        },
      ],
    });
    expect(byId('je-hp-d-org35-first')).toEqual({
      id: 'je-hp-d-org35-first',
      text: 'Poliklinikk.',
      history: [],
    });
    expect(await stored('je-hp-d-org35-same')).toEqual({
      version: 2,
      organisation_number: '997005562',
      organisation_name: 'Helse Møre og Romsdal HF',
    });
    expect(await stored('je-hp-d-org35-text')).toEqual({
      version: 2,
      organisation_number: '997005562',
      organisation_name: 'Helse Møre og Romsdal HF',
    });
    expect(await stored('je-hp-d-org35-first')).toEqual({
      version: 1,
      organisation_number: '997005562',
      organisation_name: 'Helse Møre og Romsdal HF',
    });
    // The same export again changes nothing more.
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-org35-3', {
        Patient: [patient],
        DocumentReference: [
          doc('d-org35-same', 'Kontroll.', MORE),
          doc('d-org35-text', 'Innlagt, rettet.', MORE),
          doc('d-org35-first', 'Poliklinikk.', MORE),
        ],
      }),
    );
    expect((await stored('je-hp-d-org35-same'))!.version).toBe(2);
    expect(await notesOf('p-org35')).toEqual(notes);
  });
});

describe('the AVLXML deposit list', () => {
  test('helsearkivforskriften (AVLXML pasientjournal): a person whose contacts are partly the command line’s organisation and partly of no organisation named is one pasientjournal, from the first contact to the last, and the list validates', async () => {
    // Scenario: a patient dead since 2014; one note's custodian is St. Olav (the body the
    // deposit is made for), the other note names no custodian and no care contact (so it is the
    // command line's body too). Found: two pasientjournal of one journalidentifikator in
    // avlxml.xml, one per organisation value (883974832 and none).
    const patient = {
      ...hpPatient('p-avl35', '1931-05-06', 36, { family: 'Dobbeltvik', given: ['Ola'] }),
      gender: 'male',
      deceasedDateTime: '2014-02-03T12:00:00+01:00',
    };
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-avl35', {
        Patient: [patient],
        DocumentReference: [
          hpDoc('d-avl35-olav', 'p-avl35', 'Innlagt.', {
            date: '2009-04-01T10:00:00+02:00',
            custodian: ST_OLAV,
          }),
          hpDoc('d-avl35-none', 'p-avl35', 'Kontroll.', { date: '2012-11-20T10:00:00+01:00' }),
        ],
      }),
    );
    const id = await hpPatientRecord(ts.tdb.db, 'p-avl35');
    const main = {
      id: '2026.4',
      date: '2026-01-10',
      orgName: 'St. Olavs hospital HF',
      orgNumber: '883974832',
    };
    const list = await depositList(ts.tdb.db, '2026-06-15');
    const deposits = depositsByOrganisation(list, main, new Map());
    expect(deposits.map((d) => d.file)).toEqual(['avlxml.xml']);
    const mine = deposits[0]!.journals.filter((j) => j.patientId === id);
    expect(mine.map((j) => ({ first: j.firstContact, last: j.lastContact, entries: j.entries }))).toEqual([
      { first: '2009-04-01', last: '2012-11-20', entries: 2 },
    ]);
    const xml = avlxml({ ...list, journals: deposits[0]!.journals }, main, '2026-06-15');
    const path = await writeAvlxml(join(dir, 'avl35'), xml);
    const result = await validateAgainst(path, SCHEMAS, AVLXML_SCHEMA, AVLXML_SCHEMA_IMPORTS);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const journals = (xml.match(/<pasientjournal>[\s\S]*?<\/pasientjournal>/g) ?? []).filter((j) =>
      j.includes(`<journalidentifikator>${id}</journalidentifikator>`),
    );
    expect(journals).toHaveLength(1);
    expect(journals[0]).toContain('<forstekontakt>2009-04-01</forstekontakt>');
    expect(journals[0]).toContain('<sistekontakt>2012-11-20</sistekontakt>');
  });
});

describe('policy reach across processes when a journal link or a national id changes', () => {
  const caller = (matterId: string, requestId: string): CallerContext => ({
    userId: 'u',
    role: 'legal',
    purpose: 'LEGAL_PROCEEDINGS',
    matter: matterId,
    selfAuthorized: false,
    requestId,
  });
  const matter = (id: string, patientIds: string[], nationalIds: string[]) => ({
    id,
    title: id,
    purpose: 'LEGAL_PROCEEDINGS',
    patientIds,
    nationalIds,
    periodFrom: '2010-01-01',
    periodTo: null,
    members: ['u'],
    expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
  });
  /** Null when the caller may read the patient in the other instance, else the rule that refuses it. */
  const otherRule = async (c: CallerContext, patientId: string) =>
    (await other.policy.compilePolicyOnce(other.db, c)).check(new AuditTrail('test', c), 'patient', {
      patientIds: [patientId],
    });
  /** The other instance's answer once it differs from `before`, or `before` after 1 s (well under the cache's 5 s). */
  async function otherRuleWithin(c: CallerContext, patientId: string, before: string | null) {
    const end = Date.now() + 1_000;
    for (;;) {
      const r = await otherRule(c, patientId);
      if (r !== before || Date.now() > end) return r;
      await new Promise((res) => setTimeout(res, 20));
    }
  }
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
  const nid = makeSyntheticNationalId('1961-07-08', 37, true);

  beforeAll(async () => {
    await insertPatients(ts.stack.db, [
      { id: 'p-j35-a', nationalId: null, familyName: 'R', givenName: 'A', birthDate: '1960-01-01' },
      { id: 'p-j35-b', nationalId: null, familyName: 'R', givenName: 'B', birthDate: '1960-01-01' },
      { id: 'p-j35-c', nationalId: nid, familyName: 'R', givenName: 'C', birthDate: '1961-07-08' },
    ]);
    await ts.stack.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES ('p-j35-a', 'p-j35-b', 'arkivar-35', 'samme person')`,
    );
    await insertMatter(ts.stack.db, matter('M-J35-LINK', ['p-j35-a'], []), 'arkivar');
    await insertMatter(ts.stack.db, matter('M-J35-NID', [], [nid]), 'arkivar');
    await sleep(100); // the matters' own NOTIFY heard first
    expect(REACH_CACHE.ttlMs).toBeGreaterThan(1_000);
  });

  test('pasientjournalloven § 22: a journal link undone in one process (two persons) is refused by another at once to the matter that reached the record through it (it was served for up to 5 s)', async () => {
    const c = caller('M-J35-LINK', 'req-j35-link');
    expect(await otherRule(c, 'p-j35-b')).toBeNull();
    await ts.stack.db.query(
      `UPDATE journal.patient_link SET unlinked_at = now(), unlinked_by = 'arkivar-35', unlink_reason = 'to personer'
        WHERE patient_a = 'p-j35-a' AND patient_b = 'p-j35-b'`,
    );
    expect(await otherRuleWithin(c, 'p-j35-b', null)).toBe('patient not in matter M-J35-LINK');
    expect(await otherRule(c, 'p-j35-a')).toBeNull();
  });

  test('pasientjournalloven § 22: a patient record whose national id changes in one process is refused by another at once to the matter that named the earlier number (it was served for up to 5 s)', async () => {
    const c = caller('M-J35-NID', 'req-j35-nid');
    expect(await otherRule(c, 'p-j35-c')).toBeNull();
    expect(makeSyntheticNationalId('1961-07-08', 120, true)).not.toBe(nid);
    await ts.stack.db.query("UPDATE journal.patient SET national_id = $1 WHERE id = 'p-j35-c'", [
      makeSyntheticNationalId('1961-07-08', 120, true),
    ]);
    expect(await otherRuleWithin(c, 'p-j35-c', null)).toBe('patient not in matter M-J35-NID');
  });
});
