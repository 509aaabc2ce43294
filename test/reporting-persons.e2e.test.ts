/**
 * Reporting tables count notes as the record holds them and people as persons (review s31),
 * through the gateway on real PostgreSQL (no search engine is involved), on a database of
 * this file's own records only, so every cell's count is known:
 * - a note deleted under helsepersonelloven § 43 is no note of the table, and a note moved
 *   under § 44 counts under the patient it was moved to (subgraphs/journal/statistics.ts);
 * - linked records of one person count once among the people behind a cell, also where a
 *   table names people by national id (coercion) (lib/policy/statistics.ts PersonOf;
 *   statistikkloven § 7, personopplysningsloven art. 5 (1) c).
 * The superseded source versions (§ 42) and the linked records of the journal table are
 * tested in access-review-s31.e2e.
 */
import type { Stack } from '../scripts/stack';
import type { TestDatabase } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { insertExecutions, type NewExecution } from '../subgraphs/coercion/store';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let reporting: string;
let archivist: string;
let ansvarlig: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  ({ tdb, stack } = env);
  reporting = await stack.token({
    sub: 'rapport-persons',
    role: 'reporting',
    purpose: 'MANAGEMENT_STATISTICS',
  });
  archivist = await stack.token({
    sub: 'arkivar-persons',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  ansvarlig = await stack.token({
    sub: 'journalansvarlig-persons',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
interface Cell {
  block: string;
  keys: (string | null)[];
  count: number | null;
  suppressed: boolean;
}

async function ask(token: string, query: string, variables?: Record<string, unknown>): Promise<Body> {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Body;
}

/** The cells of a reporting table for one block, asked by the reporting role. */
async function cells(field: string, block: string): Promise<Cell[]> {
  const r = await ask(
    reporting,
    `{ ${field}(filter: { from: "${block}", to: "${block}" }) { cells { block keys count suppressed } } }`,
  );
  expect(r.errors).toBeUndefined();
  return (r.data[field].cells as Cell[]).filter((c) => c.block === block);
}

/** A patient record (a fødselsnummer of the birth date, unless `nationalId` gives another). */
async function patient(id: string, birth: string, serial: number, nationalId?: string) {
  const nid = nationalId ?? makeSyntheticNationalId(birth, serial, true);
  await tdb.db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
     VALUES ($1, $2, 'Rapport', 'Personer', $3)`,
    [id, nid, birth],
  );
  return { id, nationalId: nid };
}

async function note(id: string, patientId: string, writtenAt: string) {
  await tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, 'Kontroll, ingen anmerkninger.')`,
    [id, patientId, writtenAt],
  );
}

const hp = (cs: Cell[]) => cs.find((c) => c.keys[0] === 'HELSEPLATTFORMEN');

test('helsepersonelloven § 43, personopplysningsloven art. 5 (1) c: a note deleted under § 43 is no note of the reporting table of journal notes', async () => {
  // Six persons, one note each in 2002: published as it is.
  for (let i = 0; i < 6; i++) {
    const p = await patient(`rp-del-${i}`, `1955-07-0${i + 1}`, 10 + i);
    await note(`rp-del-${i}-n`, p.id, `2002-09-0${i + 1}T10:00:00+02:00`);
  }
  expect(hp(await cells('journalEntryStatistics', '2002'))).toMatchObject({ count: 6, suppressed: false });
  const del = await ask(
    ansvarlig,
    `mutation ($id: ID!, $basis: String!, $a: RecordAssessmentInput!) {
       deleteJournalEntry(id: $id, legalBasis: $basis, assessment: $a) { id text tombstone { legalBasis } } }`,
    {
      id: 'rp-del-5-n',
      basis: 'Feilaktig og belastende for pasienten',
      a: {
        generallyUnobjectionable: true,
        archiveLawAllows: true,
        wrongOrMisleadingAndBurdensome: true,
        obviouslyNotNeededForCare: false,
      },
    },
  );
  expect(del.errors).toBeUndefined();
  expect(del.data.deleteJournalEntry).toMatchObject({ id: 'rp-del-5-n', text: null });
  // Five notes of five persons: the deleted one is gone from the table, its tombstone no note.
  // (Before: 6, the deleted note counted.)
  expect(hp(await cells('journalEntryStatistics', '2002'))).toMatchObject({ count: 5, suppressed: false });
});

test("helsepersonelloven § 44, statistikkloven § 7: a note moved to the right patient's record counts under that patient: five notes of five persons, one moved to another of them, are five notes of four persons (suppressed)", async () => {
  const ps = [];
  for (let i = 0; i < 5; i++) {
    const p = await patient(`rp-mov-${i}`, `1957-02-0${i + 1}`, 30 + i);
    ps.push(p);
    await note(`rp-mov-${i}-n`, p.id, `2006-04-0${i + 1}T10:00:00+02:00`);
  }
  expect(hp(await cells('journalEntryStatistics', '2006'))).toMatchObject({ count: 5, suppressed: false });
  const reg = await ask(
    archivist,
    'mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id kind } }',
    {
      i: {
        entryId: 'rp-mov-4-n',
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skrevet på feil pasient',
        rightPatientId: ps[0]!.id,
      },
    },
  );
  expect(reg.errors).toBeUndefined();
  expect(reg.data.registerRecordCase.kind).toBe('MOVE');
  const moved = await ask(
    ansvarlig,
    `mutation ($id: ID!, $d: RecordCaseDecision!, $r: String!, $a: RecordAssessmentInput) {
       decideRecordCase(id: $id, decision: $d, reasons: $r, assessment: $a) { status } }`,
    {
      id: reg.data.registerRecordCase.id,
      d: 'DONE',
      r: 'Notatet gjelder den andre pasienten',
      a: { wrongPerson: true, publicInterestAgainst: false },
    },
  );
  expect(moved.errors).toBeUndefined();
  expect(moved.data.decideRecordCase.status).toBe('DONE');
  // Still five notes (the moved note is a note), now of four persons: a small cell by its persons.
  expect(hp(await cells('journalEntryStatistics', '2006'))).toMatchObject({ count: null, suppressed: true });
});

test('statistikkloven § 7, personopplysningsloven art. 5 (1) c: the executions of one person under the national ids of two linked records count once among the people behind a coercion cell, and as two persons once the records are unlinked', async () => {
  // Three persons, each with an HP record (fødselsnummer) and a linked legacy record (D-number),
  // and an execution in March 2005 under each number: six executions of three persons.
  const pairs: { a: string; b: string }[] = [];
  const executions: NewExecution[] = [];
  for (let i = 0; i < 3; i++) {
    const birth = `1970-11-1${i + 1}`;
    const fnr = await patient(`rp-tvang-hp-${i}`, birth, 70 + i);
    const dnr = await patient(
      `rp-tvang-ge-${i}`,
      birth,
      80 + i,
      makeSyntheticNationalId(birth, 80 + i, true, true),
    );
    const linked = await ask(
      archivist,
      'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme person: D-nummer og fødselsnummer") { id } }',
      { a: fnr.id, b: dnr.id },
    );
    expect(linked.errors).toBeUndefined();
    pairs.push({ a: fnr.id, b: dnr.id });
    for (const [k, nid] of [fnr.nationalId, dnr.nationalId].entries())
      executions.push({
        id: `rp-tvang-${i}-${k}`,
        patientNid: nid,
        measure: 'skjerming',
        start: `2005-03-${10 + i}T1${k}:00:00+01:00`,
        end: `2005-03-${10 + i}T1${k}:30:00+01:00`,
        executedBy: ['1000001'],
        sourceSystem: 'HELSEPLATTFORMEN',
        sourceId: `rp-tvang-${i}-${k}`,
        unit: 'Enhet Rapport',
      });
  }
  await insertExecutions(tdb.db, executions);
  const total = (cs: Cell[]) => cs.find((c) => c.keys.every((k) => k === null));
  // Six executions of three persons: suppressed by its persons. (Before: published, 6 persons.)
  expect(total(await cells('coercionStatistics', '2005-03'))).toMatchObject({
    count: null,
    suppressed: true,
  });
  // Unlinked (the archivist found them to be two persons each): six persons, published.
  for (const { a, b } of pairs) {
    const r = await ask(
      archivist,
      'mutation ($a: ID!, $b: ID!) { unlinkPatients(a: $a, b: $b, reason: "Ikke samme person") { id } }',
      { a, b },
    );
    expect(r.errors).toBeUndefined();
  }
  expect(total(await cells('coercionStatistics', '2005-03'))).toMatchObject({ count: 6, suppressed: false });
});
