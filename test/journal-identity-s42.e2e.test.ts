/**
 * Stop 42, the journal's patient identities (decided by the lead after review s41/s41b): what
 * each source says of a person (`patient_identity.source_details`, journal migration 029;
 * `Patient.identities { sourceDetails differsIn }`).
 *
 * 1. One HP Patient twice in one export: the later statement (document order, or
 *    meta.lastUpdated when both give it) is the source's current one, the earlier kept once as a
 *    version, and re-running the export adds no version, within a batch and across the writer's
 *    batch boundary (ImportWriter batchSize, 1,000 records).
 * 2. A statement under another person's H-nummer is that person's: limited as one under another
 *    national id is (review s41b), keyed by its assigner and number.
 * 3. An archivist chooses which source's name or birth date is the person's
 *    (`choosePersonDetail`).
 *
 * Each test FAILS on main at 7cc2cfb for the reason its comment gives. Real PostgreSQL through
 * the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCheckDigits } from '../dev/generator';
import { hpPatient, hpPatientRecord, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;
let archivist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-identity-s42-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 's42'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

/** What the source record's statement says now, and the statements kept as its versions (oldest first). */
async function statements(localId: string, source = 'HELSEPLATTFORMEN') {
  const key = `${source}|${localId}`;
  const current = (
    await ts.tdb.db.query<{ family: string; birth: string | null }>(
      `SELECT source_details ->> 'familyName' AS family, source_details ->> 'birthDate' AS birth
         FROM journal.patient_identity WHERE source_system || '|' || local_id = $1`,
      [key],
    )
  ).rows[0];
  const versions = (
    await ts.tdb.db.query<{ family: string }>(
      `SELECT record -> 'source_details' ->> 'familyName' AS family FROM journal.record_version
        WHERE record_table = 'patient_identity' AND record_key = $1 ORDER BY id`,
      [key],
    )
  ).rows.map((r) => r.family);
  return { current: current?.family, versions };
}

/** A day from 1950-01-01 on, for filler patients' birth dates. */
const day = (i: number) => new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

// ---- 1. One HP Patient twice in one export ----

// Attack: an HP export (a history export, or two extracts concatenated) sends Patient
// pt-s42-near twice: Kari Lie, then Kari Lie-Strand. In one batch the writer's statement CTE kept
// the later (DISTINCT ON … ORDER BY n DESC) and the earlier was stored nowhere, not even as a
// version: the source's statement of the earlier name was lost. More than a batch apart (1,500
// Patients between: ImportWriter's batchSize is 1,000, runImport gives no other), each batch
// wrote its own statement: the earlier, then the later over it, and every re-run of the same
// export wrote both again: two more versions a run.
describe('an HP Patient twice in one export (pasientjournalloven § 22, integritet)', () => {
  test('pasientjournalloven § 22: within one batch, the later statement is the source’s current one and the earlier is kept once as a version (it was dropped); the new person’s record is named by the later; a re-run adds no version', async () => {
    const id = 'pt-s42-near';
    const earlier = hpPatient(id, '1984-06-06', 31, { family: 'Lie', given: ['Kari'] });
    const later = { ...earlier, name: [{ family: 'Lie-Strand', given: ['Kari'] }] };
    const exp = writeHpExport(dir, 'near', { Patient: [earlier, later] });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Lie-Strand', versions: ['Lie'] });
    const record = await hpPatientRecord(ts.tdb.db, id);
    const row = await ts.tdb.db.query('SELECT family_name FROM journal.patient WHERE id = $1', [record]);
    expect(row.rows[0]).toEqual({ family_name: 'Lie-Strand' });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Lie-Strand', versions: ['Lie'] });
  }, 120_000);

  test('pasientjournalloven § 22: more than a batch apart (1,500 Patients between; batchSize 1,000), the later statement is current, the earlier kept once; re-running the same export adds no versions (it added two a run)', async () => {
    const id = 'pt-s42-far';
    const earlier = hpPatient(id, '1979-02-02', 33, { family: 'Berg', given: ['Ola'] });
    const later = { ...earlier, name: [{ family: 'Berg-Dahl', given: ['Ola'] }] };
    const filler = Array.from({ length: 1500 }, (_, i) =>
      hpPatient(`pt-s42-fill-${i}`, day(i), 7, { family: 'Fyll', given: [`N${i}`] }),
    );
    const exp = writeHpExport(dir, 'far', { Patient: [earlier, ...filler, later] });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Berg-Dahl', versions: ['Berg'] });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Berg-Dahl', versions: ['Berg'] });
    // The statement before the export (a name of an earlier export) is kept once, before them.
    const older = { ...earlier, name: [{ family: 'Berg-Aas', given: ['Ola'] }] };
    await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'far-older', { Patient: [older] }));
    await runImport(ts.tdb.db, 'hp', exp);
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({
      current: 'Berg-Dahl',
      versions: ['Berg', 'Berg-Dahl', 'Berg-Aas'],
    });
  }, 180_000);

  test('pasientjournalloven § 22: when both lines give meta.lastUpdated, the later update is the current statement whatever the line order; the other is kept once', async () => {
    const id = 'pt-s42-lu';
    const base = hpPatient(id, '1991-09-09', 35, { family: 'Holm', given: ['Siri'] });
    const newer = {
      ...base,
      meta: { lastUpdated: '2024-05-01T10:00:00+02:00' },
      name: [{ family: 'Holm-Vik', given: ['Siri'] }],
    };
    const older = { ...base, meta: { lastUpdated: '2024-01-01T10:00:00+01:00' } };
    const exp = writeHpExport(dir, 'lu', { Patient: [newer, older] });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Holm-Vik', versions: ['Holm'] });
    await runImport(ts.tdb.db, 'hp', exp);
    expect(await statements(id)).toEqual({ current: 'Holm-Vik', versions: ['Holm'] });
  }, 120_000);
});

// ---- 2. A statement under another person's H-nummer ----

/** An HP Patient known by an H-nummer (no-basis slice HNR) of the organisation `org` (organisasjonsnummer). */
const hnrPatient = (
  id: string,
  number: string,
  org: string,
  family: string,
  given: string,
  birthDate: string,
) => ({
  resourceType: 'Patient',
  id,
  identifier: [
    {
      type: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.8327', code: 'HNR' }] },
      system: 'HNR',
      value: number,
      assigner: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', value: org } },
    },
  ],
  name: [{ family, given: [given] }],
  birthDate,
});
const ST_OLAVS = '974749025';
const TRONDHEIM = '942110464';

// Attack: review s41b limited a source statement that gives another national id than the
// record's (it names another person: shown only to a caller who reaches that person, logged
// under them). A statement under an H-nummer was not limited: its national id is null, so
// identitiesLoader's `statedNationalId` was null and the statement was shown under the record to
// every caller who reached the record. An H-nummer names a person only within its assigner
// (helsepersonelloven § 21 with pasientjournalloven § 22; journal migration 021, import/records.ts
// patientIdFor keys it by assigner and number), so (a) HP local id pt-s42-h, first Anne Aasen by
// fødselsnummer, then sent under St. Olavs' H-nummer with Hilde Haug's name and birth date, and
// (b) pt-s42-h2, first St. Olavs' H-nummer N (Per Prest), then Trondheim kommune's H-nummer N
// (Siv Sand: the same number of another series, another person), each put the other person's
// name and birth date before a legal user whose matter is the record's person alone.
describe('Patient.identities: a statement under another person’s H-nummer', () => {
  const NID_A = makeSyntheticNationalId('1971-03-03', 421, true);
  const H1 = withCheckDigits(104_480_001);
  const H2 = withCheckDigits(154_660_003);
  let recordA: string;
  let recordHilde: string;
  let recordPer: string;
  let recordSiv: string | undefined;
  const QUERY = `query ($id: ID!) { patient(id: $id) { id familyName
    identities { sourceSystem localId differsIn sourceDetails { familyName givenName birthDate } } } }`;
  const recordOf = async (number: string, family: string) =>
    (
      await ts.tdb.db.query<{ id: string }>(
        'SELECT id FROM journal.patient WHERE help_number = $1 AND family_name = $2',
        [number, family],
      )
    ).rows[0]?.id;

  beforeAll(async () => {
    const anne = hpPatient('pt-s42-h', '1971-03-03', 421, { family: 'Aasen', given: ['Anne'] });
    expect(anne.identifier[0]!.value).toBe(NID_A);
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'h-1', {
        Patient: [anne, hnrPatient('pt-s42-h2', H2, ST_OLAVS, 'Prest', 'Per', '1960-06-15')],
      }),
    );
    recordA = await hpPatientRecord(ts.tdb.db, 'pt-s42-h');
    recordPer = await hpPatientRecord(ts.tdb.db, 'pt-s42-h2');
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'h-2', {
        Patient: [
          hnrPatient('pt-s42-h', H1, ST_OLAVS, 'Haug', 'Hilde', '1980-04-10'),
          hnrPatient('pt-s42-h2', H2, TRONDHEIM, 'Sand', 'Siv', '1960-06-20'),
        ],
      }),
    );
    // The import left both records where they were and kept each change for an archivist.
    expect(await hpPatientRecord(ts.tdb.db, 'pt-s42-h')).toBe(recordA);
    expect(await hpPatientRecord(ts.tdb.db, 'pt-s42-h2')).toBe(recordPer);
    recordHilde = (await recordOf(H1, 'Haug'))!;
    recordSiv = await recordOf(H2, 'Sand');
  }, 120_000);

  test('helsepersonelloven § 21, pasientjournalloven § 22 with pasientjournalforskriften § 14: a legal user whose matter is the record’s person alone does not read what its source now says under another person’s H-nummer (another number, or the same number of another assigner); the archivist does, logged under that person’s record', async () => {
    // One matter per person: Anne's by her fødselsnummer, Per's by his record.
    const overAnne = await ts.stack.matterToken(
      { id: 'M-S42-HNR-A', nationalIds: [NID_A], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-hnr-a' },
    );
    const overPer = await ts.stack.matterToken(
      { id: 'M-S42-HNR-P', patientIds: [recordPer], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-hnr-p' },
    );
    for (const [legal, id, own] of [
      [overAnne, recordA, 'Aasen'],
      [overPer, recordPer, 'Prest'],
    ] as const) {
      const r = await call(legal, QUERY, { id });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.patient.familyName).toBe(own);
      const text = JSON.stringify(r.body.data);
      for (const other of ['Haug', 'Hilde', '1980-04-10', 'Sand', 'Siv', '1960-06-20'])
        expect(text).not.toContain(other);
      expect(r.body.data.patient.identities).toEqual([
        expect.objectContaining({ sourceDetails: null, differsIn: ['helpNumber'] }),
      ]);
    }
    const a = await call(archivist, QUERY, { id: recordA });
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data.patient.identities[0]).toMatchObject({
      differsIn: expect.arrayContaining(['helpNumber', 'familyName']),
      sourceDetails: { familyName: 'Haug', givenName: 'Hilde', birthDate: '1980-04-10' },
    });
    // Trondheim's H-nummer is another record than St. Olavs' of the same digits, kept for an archivist.
    expect(recordSiv).toBeDefined();
    expect(recordSiv).not.toBe(recordPer);
    const change = await ts.tdb.db.query(
      'SELECT 1 FROM journal.identity_change WHERE old_patient_id = $1 AND new_patient_id = $2',
      [recordPer, recordSiv],
    );
    expect(change.rowCount).toBe(1);
    const b = await call(archivist, QUERY, { id: recordPer });
    expect(b.body.data.patient.identities[0].sourceDetails).toMatchObject({ familyName: 'Sand' });
    const rows = (
      await ts.tdb.db.query<{ patient_id: string }>(
        `SELECT patient_id FROM audit.access_log WHERE user_id = 'arkivar-s42' AND outcome = 'granted'`,
      )
    ).rows.map((r) => r.patient_id);
    expect(rows).toEqual(expect.arrayContaining([recordHilde, recordSiv]));
  }, 120_000);

  test('helsepersonelloven § 21: a statement under the record’s own H-nummer and assigner is the record’s person: shown as before', async () => {
    const legal = await ts.stack.matterToken(
      { id: 'M-S42-HNR-OWN', patientIds: [recordHilde], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-hnr-own' },
    );
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'h-own', {
        Patient: [hnrPatient('pt-s42-h-own', H1, ST_OLAVS, 'Haug', 'Hilde', '1980-04-11')],
      }),
    );
    expect(await hpPatientRecord(ts.tdb.db, 'pt-s42-h-own')).toBe(recordHilde);
    const r = await call(legal, QUERY, { id: recordHilde });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.identities).toEqual([
      expect.objectContaining({
        localId: 'pt-s42-h-own',
        differsIn: ['birthDate'],
        sourceDetails: { familyName: 'Haug', givenName: 'Hilde', birthDate: '1980-04-11' },
      }),
    ]);
  }, 120_000);
});

// ---- 3. An archivist chooses which source's name or birth date is the person's ----

// Before: an import fills a name or birth date that is missing and never replaces one stored
// (writer.ts writePatients), and `Patient.identities` shows where a source says otherwise, but
// no one could decide which is the person's: there was no such mutation (the GraphQL error
// "Cannot query field \"choosePersonDetail\" on type \"Mutation\"").
describe('choosePersonDetail: an archivist decides which source’s name or birth date is the person’s', () => {
  const NID = makeSyntheticNationalId('1990-01-01', 431, true);
  const c1 = { ...hpPatient('pt-s42-c1', '1990-01-01', 431, { family: 'Moe', given: ['Eva'] }) };
  const c2 = {
    ...hpPatient('pt-s42-c2', '1990-01-01', 431, { family: 'Moe-Lund', given: ['Eva'] }),
    birthDate: '1990-01-02',
  };
  let record: string;
  let first: string;
  const CHOOSE = `mutation ($p: ID!, $f: PersonDetailField!, $s: SourceSystem!, $l: String!, $r: String!) {
    choosePersonDetail(patientId: $p, field: $f, sourceSystem: $s, localId: $l, reason: $r) {
      id familyName givenName birthDate
      detailChoices { field sourceSystem localId previous chosen chosenBy chosenAt reason } } }`;
  const args = (over: Record<string, unknown> = {}) => ({
    p: record,
    f: 'NAME',
    s: 'HELSEPLATTFORMEN',
    l: 'pt-s42-c2',
    r: 'Navnet i Folkeregisteret er Moe-Lund (sjekket 2026-12-05)',
    ...over,
  });

  beforeAll(async () => {
    expect(c1.identifier[0]!.value).toBe(NID);
    first = writeHpExport(dir, 'choose-1', { Patient: [c1] });
    await runImport(ts.tdb.db, 'hp', first);
    await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'choose-2', { Patient: [c2] }));
    record = await hpPatientRecord(ts.tdb.db, 'pt-s42-c1');
    expect(await hpPatientRecord(ts.tdb.db, 'pt-s42-c2')).toBe(record);
  }, 120_000);

  test('pasientjournalloven § 22 (integritet) with helsepersonelloven § 39 andre ledd: only an archivist chooses; bad input is refused with a clear error and writes nothing', async () => {
    const legal = await ts.stack.matterToken(
      { id: 'M-S42-CHOOSE', nationalIds: [NID], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-choose' },
    );
    const refused = await call(legal, CHOOSE, args());
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('choosePersonDetail needs role archivist'),
      extensions: { code: 'FORBIDDEN' },
    });
    const badField = await call(archivist, CHOOSE, args({ f: 'SHOE_SIZE' }));
    expect(badField.body.errors?.[0]?.message).toMatch(
      /SHOE_SIZE.*PersonDetailField|PersonDetailField.*SHOE_SIZE/,
    );
    const badSource = await call(archivist, CHOOSE, args({ l: 'pt-s42-nobody' }));
    expect(badSource.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('HELSEPLATTFORMEN pt-s42-nobody is not a source record of patient'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const noReason = await call(archivist, CHOOSE, args({ r: '   ' }));
    expect(noReason.body.errors?.[0]).toMatchObject({
      message: 'reason is required',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const p = await ts.tdb.db.query(
      'SELECT family_name, birth_date::text FROM journal.patient WHERE id = $1',
      [record],
    );
    expect(p.rows[0]).toEqual({ family_name: 'Moe', birth_date: '1990-01-01' });
    const choices = await ts.tdb.db.query('SELECT 1 FROM journal.patient_detail_choice');
    expect(choices.rowCount).toBe(0);
  }, 120_000);

  test('pasientjournalloven § 22 (integritet): the archivist’s choice of a source’s name and birth date is the person’s, the values before kept as a version with who, when and why, logged; a later import repeating the other source’s statement does not undo it', async () => {
    const name = await call(archivist, CHOOSE, args());
    expect(name.body.errors).toBeUndefined();
    expect(name.body.data.choosePersonDetail).toMatchObject({
      familyName: 'Moe-Lund',
      givenName: 'Eva',
      birthDate: '1990-01-01',
    });
    const birth = await call(archivist, CHOOSE, args({ f: 'BIRTH_DATE', r: 'Fødselsdato rettet i kilden' }));
    expect(birth.body.errors).toBeUndefined();
    const chosen = birth.body.data.choosePersonDetail;
    expect(chosen.birthDate).toBe('1990-01-02');
    expect(chosen.detailChoices).toEqual([
      {
        field: 'NAME',
        sourceSystem: 'HELSEPLATTFORMEN',
        localId: 'pt-s42-c2',
        previous: 'Moe, Eva',
        chosen: 'Moe-Lund, Eva',
        chosenBy: 'arkivar-s42',
        chosenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        reason: 'Navnet i Folkeregisteret er Moe-Lund (sjekket 2026-12-05)',
      },
      expect.objectContaining({
        field: 'BIRTH_DATE',
        previous: '1990-01-01',
        chosen: '1990-01-02',
        reason: 'Fødselsdato rettet i kilden',
      }),
    ]);
    // Nothing overwritten: the patient as it was before each choice is a version, by whom and why.
    const versions = (
      await ts.tdb.db.query<{ family: string; birth: string; by: string; reason: string }>(
        `SELECT record ->> 'family_name' AS family, record ->> 'birth_date' AS birth, replaced_by AS by, reason
           FROM journal.record_version WHERE record_table = 'patient' AND record_key = $1 ORDER BY id`,
        [record],
      )
    ).rows;
    expect(versions.slice(-2)).toEqual([
      {
        family: 'Moe',
        birth: '1990-01-01',
        by: 'arkivar-s42',
        reason: expect.stringContaining('Navnet i Folkeregisteret'),
      },
      {
        family: 'Moe-Lund',
        birth: '1990-01-01',
        by: 'arkivar-s42',
        reason: expect.stringContaining('Fødselsdato rettet'),
      },
    ]);
    const log = await ts.tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id = 'arkivar-s42' AND patient_id = $1 AND entity_type = 'patient_detail_choice'`,
      [record],
    );
    expect(log.rowCount).toBeGreaterThan(0);
    // The first source's export again: its statement (Moe, 1990-01-01) does not undo the choice.
    await runImport(ts.tdb.db, 'hp', first);
    const after = await call(archivist, `query ($id: ID!) { patient(id: $id) { familyName birthDate } }`, {
      id: record,
    });
    expect(after.body.data.patient).toEqual({ familyName: 'Moe-Lund', birthDate: '1990-01-02' });
  }, 120_000);

  test('pasientjournalloven § 22: a statement that names another person (another person’s H-nummer) cannot be chosen as this person’s', async () => {
    const recordA = await hpPatientRecord(ts.tdb.db, 'pt-s42-h');
    const r = await call(archivist, CHOOSE, args({ p: recordA, l: 'pt-s42-h' }));
    expect(r.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('names another person'),
      extensions: { code: 'CONFLICT' },
    });
  }, 120_000);
});

// Attack (review s42, access): HP local id pt-s42-u-x was Anne Aasen's; a later export sends it
// with Bodil Bjerke's fødselsnummer (an identity change kept for an archivist). An archivist links
// Anne's record to Bodil's and, under the link, chooses the name from pt-s42-u-x's statement
// (allowed: the statement names a linked record). Then the two are found to be two persons and
// unlinked. Before: Anne's record kept the name Bjerke, Bodil, which every reader of it saw (her
// legal user, her dossier and bundle covers), and detailChoices gave the chosen "Bjerke, Bodil" to
// a caller whose matter is Anne alone.
describe('choosePersonDetail under a link, then unlinkPatients (review s42)', () => {
  const anne = hpPatient('pt-s42-u-x', '1984-01-01', 432, { family: 'Aasen', given: ['Anne'] });
  const bodil = hpPatient('pt-s42-u-b', '1985-02-02', 433, { family: 'Bjerke', given: ['Bodil'] });
  const NID_ANNE = anne.identifier[0]!.value;
  let recordA: string;
  let recordB: string;

  beforeAll(async () => {
    await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'unlink-1', { Patient: [anne, bodil] }));
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'unlink-2', { Patient: [{ ...bodil, id: 'pt-s42-u-x' }] }),
    );
    recordA = await hpPatientRecord(ts.tdb.db, 'pt-s42-u-x');
    recordB = await hpPatientRecord(ts.tdb.db, 'pt-s42-u-b');
    expect(recordA).not.toBe(recordB);
  }, 120_000);

  test('pasientjournalloven § 22 (integritet, konfidensialitet): unlinking two records undoes a name chosen under the link from a statement naming the other; the chosen value is shown only to a caller who reaches that person', async () => {
    const link = await call(
      archivist,
      `mutation { linkPatients(a: "${recordA}", b: "${recordB}", reason: "samme person?") { id } }`,
    );
    expect(link.body.errors).toBeUndefined();
    const chose = await call(
      archivist,
      `mutation { choosePersonDetail(patientId: "${recordA}", field: NAME, sourceSystem: HELSEPLATTFORMEN,
         localId: "pt-s42-u-x", reason: "Helseplattformen sier Bjerke") { familyName givenName } }`,
    );
    expect(chose.body.errors).toBeUndefined();
    expect(chose.body.data.choosePersonDetail).toEqual({ familyName: 'Bjerke', givenName: 'Bodil' });
    const unlink = await call(
      archivist,
      `mutation { unlinkPatients(a: "${recordA}", b: "${recordB}", reason: "to personer") { id } }`,
    );
    expect(unlink.body.errors).toBeUndefined();
    const legal = await ts.stack.matterToken(
      { id: 'M-S42-UNLINK', nationalIds: [NID_ANNE], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s42-unlink' },
    );
    const read = await call(
      legal,
      `{ patient(id: "${recordA}") { familyName givenName
          detailChoices { field previous chosen undoneAt undoneReason restored } } }`,
    );
    expect(read.body.errors).toBeUndefined();
    const p = read.body.data.patient;
    expect({ familyName: p.familyName, givenName: p.givenName }).toEqual({
      familyName: 'Aasen',
      givenName: 'Anne',
    });
    expect(p.detailChoices).toEqual([
      {
        field: 'NAME',
        previous: 'Aasen, Anne',
        chosen: null,
        undoneAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        undoneReason: expect.stringContaining('unlinkPatients'),
        restored: true,
      },
    ]);
    expect(JSON.stringify(read.body)).not.toContain('Bjerke');
    // The archivist, who reaches both, reads the choice whole; the name before the undoing is a version.
    const all = await call(archivist, `{ patient(id: "${recordA}") { detailChoices { chosen } } }`);
    expect(all.body.data.patient.detailChoices).toEqual([{ chosen: 'Bjerke, Bodil' }]);
    const versions = (
      await ts.tdb.db.query<{ family: string; reason: string }>(
        `SELECT record ->> 'family_name' AS family, reason FROM journal.record_version
          WHERE record_table = 'patient' AND record_key = $1 ORDER BY id`,
        [recordA],
      )
    ).rows;
    expect(versions.map((v) => v.family)).toEqual(['Aasen', 'Bjerke']);
    expect(versions[1]!.reason).toContain('unlinkPatients');
  }, 120_000);
});
