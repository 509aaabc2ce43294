/**
 * Review s41 of the research and reporting paths (reviewer rr41), attacking with researcher,
 * reporting and archivist tokens through the gateway, on real PostgreSQL. Each test FAILS on the
 * code as reviewed, for the reason its comment gives.
 *
 * Not repeated here: the earlier review files (test/*review*.test.ts).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gql, testConfig } from '../dev/services';
import { generateNoarkExtract } from '../dev/generator';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

/** One person of two journal records (HP with a fødselsnummer, a legacy record with a D-number), linked, later unlinked. */
const NID_L1 = makeSyntheticNationalId('2001-03-04', 411, true);
const NID_L2 = makeSyntheticNationalId('2001-03-04', 412, true, true);
const PT_L1 = 'pt-s41-l1';
const PT_L2 = 'pt-s41-l2';

let env: TestStack;
let dir: string;
let extractDir: string;
/** The case whose Klient party is the second record's national id. */
let caseL2: string;

const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-rr-s41-'));
  extractDir = mkdtempSync(join(tmpdir(), 'hs-rr-s41-extract-'));
  env = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir } });
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: PT_L1, nationalId: NID_L1, familyName: 'Lien', givenName: 'Lise', birthDate: '2001-03-04' },
    { id: PT_L2, nationalId: NID_L2, familyName: 'Lien', givenName: 'Lise', birthDate: '2001-03-04' },
  ]);
  const extract = generateNoarkExtract({
    seed: 411,
    saksmapper: 1,
    clients: [{ nationalId: NID_L2, name: 'Lise Lien' }],
  });
  const noark = join(dir, 'noark');
  for (const f of extract.files) {
    mkdirSync(dirname(join(noark, f.path)), { recursive: true });
    writeFileSync(join(noark, f.path), f.content);
  }
  await importNoark(db, noark);
  caseL2 = extract.facts.saksmapper.find((s) => s.partNationalIds.includes(NID_L2))!.id;
  writeFileSync(
    join(dir, 'Coercion.ndjson'),
    JSON.stringify({
      kind: 'decision',
      id: 'TVD-S41-L2',
      patient: NID_L2,
      legalBasis: 'hol-9-5a',
      measures: ['låst dør'],
      validFrom: '2020-04-01',
      validTo: '2020-04-01',
      decidedAt: '2020-04-01T12:00:00+02:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification: '',
    }) + '\n',
  );
  const [s] = await importCoercionPath(db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
  await insertQueuedNote(db, {
    id: 'je-s41-l1',
    patientId: PT_L1,
    writtenAt: '2020-02-01T10:00:00+01:00',
    text: 'Samtale om skolen.',
  });
  await insertQueuedNote(db, {
    id: 'je-s41-l2',
    patientId: PT_L2,
    writtenAt: '2020-03-01T10:00:00+01:00',
    text: 'Notat i den andre journalen.',
  });
  await db.query(
    `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, period_start)
     VALUES ('cc-s41-l2', $1, 'GERICA', 'cc-s41-l2', 'Hjemmesykepleie', '2020-03-02T09:00:00+01:00')`,
    [PT_L2],
  );
  await env.stack.index();
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

const archivistToken = () =>
  env.stack.token({ sub: 'arkivar-s41', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

async function asArchivist(query: string) {
  const r = await gql(env.stack.gateway.url, query, { token: await archivistToken() });
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}

async function registerGrant(id: string, researcher: string, fields: string) {
  await asArchivist(`mutation { registerGrant(input: {
    id: "${id}", projectId: "P-${id}", title: "Review s41", rekNumber: "2025/41",
    legalBasis: "helseforskningsloven § 33", responsibleResearcher: "${researcher}",
    ${fields}, expiresAt: "${expiresAt()}" }) { id } }`);
}

// Two journal records of one person (linked by an archivist) are one cohort person: the research
// paths read both records' notes, care contacts, coercion decisions (by either record's national id)
// and cases, and logged every one of these reads under the person's first record only
// (research-resolvers.ts: `s.person.patient_ids[0]`; the extract's `research_extract` row and the
// listing's `research` row likewise). The records are later found to be two persons and unlinked:
// the second record's access log (accessLog(patientId), which takes in its own records and national
// ids) then shows none of the researcher's reads of its note, care contact, coercion decision and
// case, nor that its data went out in an extract (pasientjournalforskriften § 14, pasientjournalloven
// § 19: every use of a record is logged under the person it concerns, and the patient may see it;
// helseforskningsloven § 33; review s40 fixed the same for the legal and archive paths only).
// Expected: each read under the record (or national id) that holds what was read, and a read of the
// whole person (the listing, the extract) under each of the person's records.
test('pasientjournalforskriften § 14: a researcher’s reads of a linked record’s note, care contact, coercion decision and case, and the extract, stay in its own access log after the unlink', async () => {
  await asArchivist(`mutation { linkPatients(a: "${PT_L1}", b: "${PT_L2}", reason: "samme person") { id } }`);
  await registerGrant(
    'G-S41-LINK',
    'forsker-s41',
    `cohort: { bornFrom: "2001-01-01", bornTo: "2001-12-31" },
     variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, CONTACT_START, DECISION_VALID_FROM, CASE_DATE],
     datePrecision: MONTH, freeText: false, outputLevel: PSEUDONYMISED_RECORDS`,
  );
  const token = await env.stack.token({
    sub: 'forsker-s41',
    role: 'researcher',
    purpose: 'RESEARCH',
    grant: 'G-S41-LINK',
  });
  const read = await gql(
    env.stack.gateway.url,
    `{ researchCohort { subjects { pseudonym journal { entries { writtenAt } } careContacts { start }
        coercionDecisions { validFrom } cases { saksdato } } } }`,
    { token },
  );
  expect(read.body.errors).toBeUndefined();
  const [subject, ...others] = read.body.data.researchCohort.subjects;
  expect(others).toEqual([]);
  expect(subject.journal.entries.map((e: { writtenAt: string }) => e.writtenAt)).toEqual([
    '2020-02',
    '2020-03',
  ]);
  expect(subject.careContacts).toEqual([{ start: '2020-03' }]);
  expect(subject.coercionDecisions).toEqual([{ validFrom: '2020-04' }]);
  expect(subject.cases).toHaveLength(1);
  const ex = await gql(
    env.stack.gateway.url,
    'mutation { extract(grantId: "G-S41-LINK") { disclosure { id } } }',
    {
      token,
    },
  );
  expect(ex.body.errors).toBeUndefined();
  await asArchivist(
    `mutation { unlinkPatients(a: "${PT_L1}", b: "${PT_L2}", reason: "to personer") { id } }`,
  );
  const log = await asArchivist(
    `{ accessLog(patientId: "${PT_L2}") { entries { userId recordKind recordIds } } }`,
  );
  const reads = (kind: string) =>
    log.accessLog.entries.filter(
      (e: { userId: string; recordKind: string }) => e.userId === 'forsker-s41' && e.recordKind === kind,
    ) as { recordIds: string[] }[];
  const ids = (kind: string) => reads(kind).flatMap((e) => e.recordIds);
  expect({
    journal_entry: ids('journal_entry'),
    care_contact: ids('care_contact'),
    coercion_decision: ids('coercion_decision'),
    saksmappe: ids('saksmappe'),
    research_extract: reads('research_extract').length,
    research: reads('research').length,
  }).toEqual({
    journal_entry: ['je-s41-l2'],
    care_contact: ['cc-s41-l2'],
    coercion_decision: ['TVD-S41-L2'],
    saksmappe: [caseL2],
    research_extract: 1,
    research: 1,
  });
  // And the first record's log names its own note, not the other record's.
  const first = await asArchivist(
    `{ accessLog(patientId: "${PT_L1}") { entries { userId recordKind recordIds } } }`,
  );
  expect(
    first.accessLog.entries
      .filter(
        (e: { userId: string; recordKind: string }) =>
          e.userId === 'forsker-s41' && e.recordKind === 'journal_entry',
      )
      .flatMap((e: { recordIds: string[] }) => e.recordIds),
  ).toEqual(['je-s41-l1']);
}, 120_000);

// A person known to the legacy system by a D-number (the only record when the grant was
// registered) is given a fødselsnummer record in Helseplattformen, and an archivist links the two.
// The grant is then amended (a later expiry, nothing about the cohort). The amendment computes the
// cohort again, and each person's key again from scratch (grant-store.ts computeCohort: the first
// national id, sorted): the fødselsnummer (0–3…) sorts before the D-number (4–7…), so the person's
// pseudonym under the grant changed with the amendment. Every row the researcher had under the old
// pseudonym (an extract of version 1, notes read) no longer joins the new ones, and the person is
// two persons in the study (personopplysningsloven art. 89 (1) and helseforskningsloven § 33:
// pseudonymised data for the approved project; README and the extract's manifest: "stable within
// the grant and its versions"). Expected: the same pseudonym before and after the amendment.
test('personopplysningsloven art. 89 (1): a person’s pseudonym stays the same across an amendment of the grant after a record with a fødselsnummer is linked to their D-number record', async () => {
  const db = env.tdb.db;
  const nidD = makeSyntheticNationalId('2003-05-06', 413, false, true);
  const nidF = makeSyntheticNationalId('2003-05-06', 414, false);
  expect(nidF < nidD).toBe(true);
  await insertPatients(db, [
    { id: 'pt-s41-d', nationalId: nidD, familyName: 'Dahl', givenName: 'Didrik', birthDate: '2003-05-06' },
  ]);
  await registerGrant(
    'G-S41-STABLE',
    'forsker-s41-st',
    `cohort: { bornFrom: "2003-01-01", bornTo: "2003-12-31" }, variables: [PERSON_BIRTH_YEAR],
     datePrecision: YEAR, freeText: false, outputLevel: PSEUDONYMISED_RECORDS`,
  );
  const token = await env.stack.token({
    sub: 'forsker-s41-st',
    role: 'researcher',
    purpose: 'RESEARCH',
    grant: 'G-S41-STABLE',
  });
  const pseudonyms = async () => {
    const r = await gql(
      env.stack.gateway.url,
      '{ researchCohort { version subjects { pseudonym birthYear } } }',
      {
        token,
      },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.researchCohort;
  };
  const before = await pseudonyms();
  expect(before.subjects).toHaveLength(1);
  await insertPatients(db, [
    { id: 'pt-s41-f', nationalId: nidF, familyName: 'Dahl', givenName: 'Didrik', birthDate: '2003-05-06' },
  ]);
  await asArchivist(`mutation { linkPatients(a: "pt-s41-d", b: "pt-s41-f", reason: "samme person") { id } }`);
  await asArchivist(
    `mutation { amendGrant(id: "G-S41-STABLE", input: { expiresAt: "${new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString()}" },
      reason: "Forlenget av REK") { version } }`,
  );
  const after = await pseudonyms();
  expect({ version: after.version, subjects: after.subjects }).toEqual({
    version: 2,
    subjects: before.subjects,
  });
}, 120_000);
