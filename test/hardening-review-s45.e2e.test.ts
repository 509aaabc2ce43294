/**
 * Hardening review s45: what a caller with a token can do to take the service down or make it
 * misbehave, through the gateway on real PostgreSQL and Elasticsearch (dev/test-stack.ts). Each
 * test is a defect found in this review; the name says what must hold, the parenthesis what
 * happened before the fix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { generateNoarkExtract } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import { gql } from '../dev/services';
import { insertPatients } from '../subgraphs/journal/store';
import { insertDecisions, insertExecutions } from '../subgraphs/coercion/store';
import { FREE_TEXT_MAX } from '../lib/free-text';

let ts: TestStack;
let archivist: string;
let ansvarlig: string;
const PATIENT = 'pat-s45-1';
const NID = '20888014390';

beforeAll(async () => {
  ts = await startTestStack();
  await insertPatients(ts.tdb.db, [
    {
      id: PATIENT,
      nationalId: NID,
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  await insertDecisions(ts.tdb.db, [
    {
      id: 'dec-s45-1',
      patientNid: NID,
      legalBasis: 'hol-9-5b',
      measures: ['Holding'],
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
      decidedAt: '2019-12-20T10:00:00+01:00',
      approvedAt: '2019-12-22T10:00:00+01:00',
      justification: 'Begrunnelse.',
      sourceSystem: 'GERICA',
      sourceId: 'dec-s45-1',
    },
  ]);
  // One evening's holding, recorded in Gerica and again in Helseplattformen.
  await insertExecutions(
    ts.tdb.db,
    (['GERICA', 'HELSEPLATTFORMEN'] as const).map((sourceSystem, i) => ({
      id: `exe-s45-${i}`,
      patientNid: NID,
      recordedDecisionId: 'dec-s45-1',
      measure: 'Holding',
      start: `2020-03-02T20:0${i}:00Z`,
      end: `2020-03-02T20:1${i}:00Z`,
      executedBy: ['1234567', '7654321'],
      description: 'Holdt.',
      sourceSystem,
      sourceId: `exe-s45-${i}`,
    })),
  );
  archivist = await ts.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await ts.stack.token({
    sub: 'journalansvarlig-s45',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 120_000);

const scratch = mkdtempSync(join(tmpdir(), 'hs-hardening-s45-'));

afterAll(async () => {
  await ts?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const healthz = async () => (await fetch(ts.stack.gateway.url.replace(/graphql$/, 'healthz'))).status;

/**
 * `levels` named fragments on `type`, each spreading the next `spreads` times, the last
 * selecting `leaf`: spread out, the selection holds spreads^(levels−1) copies of the leaf.
 */
function nestedFragments(root: string, type: string, levels: number, spreads: number, leaf: string): string {
  const fragments: string[] = [];
  for (let i = 0; i < levels; i++) {
    const body =
      i === levels - 1
        ? leaf
        : Array(spreads)
            .fill(`...F${i + 1}`)
            .join(' ');
    fragments.push(`fragment F${i} on ${type} { ${body} }`);
  }
  return `query { ${root} { ...F0 } } ${fragments.join(' ')}`;
}

describe('the cost estimate: __typename is a field like any other', () => {
  test("eight nested fragments spreading the next ten times, the last selecting Patient's __typename (700 bytes), are QUERY_TOO_COMPLEX, and the gateway answers meanwhile (__typename was priced at 0, so the query cost 1 and was run: the gateway's delegation spread the fragments out, 10^7 copies, holding its one event loop for 20–50 s; seven levels took 2–3 s and ended in an internal error)", async () => {
    const query = nestedFragments(`patient(id: "${PATIENT}")`, 'Patient', 8, 10, '__typename');
    expect(query.length).toBeLessThan(800);
    const res = await gql(ts.stack.gateway.url, query, { token: archivist });
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.errors?.[0]?.message).toMatch(/estimated cost \d+ exceeds the limit/);
    expect(await healthz()).toBe(200);
  }, 120_000);

  test('__typename where a client asks it (Apollo Client adds it to every selection) is still answered', async () => {
    const res = await gql(
      ts.stack.gateway.url,
      `{ patient(id: "${PATIENT}") { __typename id givenName journal(first: 5) { __typename totalCount edges { __typename node { __typename id } } } } }`,
      { token: archivist },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.patient).toMatchObject({ __typename: 'Patient', id: PATIENT, givenName: 'Kari' });
  });
});

describe('the reason of a same-execution marking has the length cap of every other reason', () => {
  const MARK = `mutation ($reason: String!) {
    markSameCoercionExecution(a: "exe-s45-0", b: "exe-s45-1", reason: $reason) { executionId countedExecutionId reason } }`;
  const UNDO = `mutation ($reason: String!) {
    undoSameCoercionExecution(executionId: "exe-s45-0", reason: $reason) { executionId undoReason } }`;
  const marks = async () =>
    (await ts.tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM coercion.same_execution`)).rows[0]!
      .n;

  test('markSameCoercionExecution and undoSameCoercionExecution with a reason of 900,000 characters are BAD_USER_INPUT naming the cap, and nothing is written (it was stored whole, and quoted back in the conflict error of every later marking of either execution)', async () => {
    const long = 'Samme hendelse. '.repeat(56_250);
    const refused = await gql(ts.stack.gateway.url, MARK, { token: ansvarlig, variables: { reason: long } });
    expect(refused.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', `reason is longer than ${FREE_TEXT_MAX} characters`],
    ]);
    expect(await marks()).toBe(0);

    const marked = await gql(ts.stack.gateway.url, MARK, {
      token: ansvarlig,
      variables: { reason: 'x'.repeat(FREE_TEXT_MAX) },
    });
    expect(marked.body.errors).toBeUndefined();
    expect(marked.body.data.markSameCoercionExecution).toMatchObject({
      executionId: 'exe-s45-0',
      countedExecutionId: 'exe-s45-1',
    });

    const undo = await gql(ts.stack.gateway.url, UNDO, { token: ansvarlig, variables: { reason: long } });
    expect(undo.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', `reason is longer than ${FREE_TEXT_MAX} characters`],
    ]);
    const rows = await ts.tdb.db.query<{ undone_at: Date | null }>(
      `SELECT undone_at FROM coercion.same_execution`,
    );
    expect(rows.rows).toEqual([{ undone_at: null }]);
  });
});

describe("the cost estimate: a journalpost's case, under the case's journalposter, is the case being listed", () => {
  /** A case of 33 journalposter: the Noark extract's first case, with 30 more registered in it. */
  let saksmappe: string;
  let journalpost: string;
  beforeAll(async () => {
    const ex = generateNoarkExtract({ seed: 45, saksmapper: 1 });
    const dir = join(scratch, 'noark');
    for (const f of ex.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    await importNoark(ts.tdb.db, dir);
    const jp = (
      await ts.tdb.db.query<Record<string, unknown>>(
        `SELECT * FROM archive.journalpost ORDER BY saksmappe_id, journalpostnummer LIMIT 1`,
      )
    ).rows[0]!;
    saksmappe = jp.saksmappe_id as string;
    journalpost = jp.id as string;
    for (let i = 0; i < 30; i++)
      await ts.tdb.db.query(
        `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, journalaar, journalsekvensnummer, journalpostnummer,
           journalposttype, journalstatus, journaldato, tittel)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, 'Brev')`,
        [
          `jp-s45-${i}`,
          saksmappe,
          100 + i,
          jp.journalaar,
          9000 + i,
          jp.journalposttype,
          jp.journalstatus,
          jp.journaldato,
        ],
      );
  }, 120_000);

  /** `saksmappe(id) { journalposter { saksmappe { journalposter { … { id } } } } }`, `levels` journalposter deep. */
  const relisted = (levels: number) => {
    let inner = 'id';
    for (let i = 0; i < levels; i++)
      inner = `journalposter { ${i === 0 ? inner : `saksmappe { ${inner} }`} }`;
    return `{ saksmappe(id: "${saksmappe}") { ${inner} } }`;
  };

  test("saksmappe { journalposter { saksmappe { journalposter { … } } } } four journalposter deep (180 bytes) is QUERY_TOO_COMPLEX naming the field, and the gateway answers meanwhile (priced as lists of ten, it was answered: each journalpost's case listed the case's 33 journalposter again, 33^4 = 1.2 million in 26 MB, 34 s, the gateway's event loop held 11 s)", async () => {
    const query = relisted(4);
    expect(query.length).toBeLessThan(200);
    const res = await gql(ts.stack.gateway.url, query, { token: archivist });
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.errors?.[0]?.message).toContain('Journalpost.saksmappe under Saksmappe.journalposter');
    expect(await healthz()).toBe(200);
  }, 120_000);

  test("a case's journalposter, and a journalpost's case with its journalposter, are still answered", async () => {
    const res = await gql(
      ts.stack.gateway.url,
      `{ saksmappe(id: "${saksmappe}") { id journalposter { id tittel } }
         journalpost(id: "${journalpost}") { id saksmappe { id journalposter { id } } } }`,
      { token: archivist },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.saksmappe.journalposter).toHaveLength(33);
    expect(res.body.data.journalpost.saksmappe.journalposter).toHaveLength(33);
  });
});

describe('a date window whose from is after its to is BAD_USER_INPUT, not an answer that nothing is there', () => {
  const errors = async (query: string) =>
    (await gql(ts.stack.gateway.url, query, { token: archivist })).body.errors?.map((e) => [
      (e as { path?: unknown[] }).path,
      e.extensions?.code,
      e.message,
    ]);

  test("search, a patient's journal and care contacts from 2030-01-01 to 1990-01-01 are BAD_USER_INPUT 'from must not be after to', as the dossier, the access log and the postjournal refuse it (they answered total 0 and totalCount 0, as if the person had no such records; ageTo below ageFrom was already refused)", async () => {
    expect(
      await errors(`{ search(query: "mobbing", from: "2030-01-01", to: "1990-01-01") { total } }`),
    ).toEqual([[['search'], 'BAD_USER_INPUT', 'from must not be after to']]);
    for (const field of [
      'journal(from: "2030-01-01", to: "1990-01-01") { totalCount }',
      'careContacts(from: "2030-01-01", to: "1990-01-01") { contacts { id } }',
    ])
      expect(await errors(`{ patient(id: "${PATIENT}") { ${field} } }`)).toEqual([
        [['patient', field.split('(')[0]], 'BAD_USER_INPUT', 'from must not be after to'],
      ]);
    // One day, from and to the same, is a window.
    expect(
      await errors(`{ search(query: "mobbing", from: "2020-01-01", to: "2020-01-01") { total }
        patient(id: "${PATIENT}") { journal(from: "2020-01-01", to: "2020-01-01") { totalCount } } }`),
    ).toBeUndefined();
  });
});

describe('note text has a budget per request, as document content has', () => {
  // 7.75 MB: thirty aliases are 232 MB, over the default budget of 192 MiB (fix FX2 raised it from 64).
  const NOTE_TEXT = 'Lang tekst limt inn i notatet. '.repeat(250_000);
  beforeAll(async () => {
    await ts.tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
       VALUES ('je-s45-long', $1, 'HELSEPLATTFORMEN', 'je-s45-long', 'Journalnotat', '2012-05-01T10:00:00+02:00', $2, 'current')`,
      [PATIENT, NOTE_TEXT],
    );
  });

  test('thirty aliases of a 4.65 MB note (2.6 KB of query) are answered up to 64 MiB of text, the rest RESPONSE_TOO_LARGE, and the gateway answers meanwhile (the cost estimate counts fields, not bytes: 140 MB of text was answered, 12 s, the gateway held 2 s; a note within the 64 MB record cap would make a 1.9 GB answer)', async () => {
    const query = `{ ${Array.from(
      { length: 30 },
      (_, i) => `a${i}: patient(id: "${PATIENT}") { entriesById(ids: ["je-s45-long"]) { text } }`,
    ).join(' ')} }`;
    const res = await gql(ts.stack.gateway.url, query, { token: archivist });
    const texts = Object.values(res.body.data ?? {}).map(
      (p) => (p as { entriesById: { text: string | null }[] } | null)?.entriesById?.[0]?.text ?? null,
    );
    const answered = texts.filter((t) => t !== null);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((t) => t === NOTE_TEXT)).toBe(true);
    expect(answered.length * Buffer.byteLength(NOTE_TEXT)).toBeLessThanOrEqual(192 * 1024 * 1024);
    expect(new Set(res.body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['RESPONSE_TOO_LARGE']));
    expect(res.body.errors?.[0]?.message).toMatch(
      /note text in one subgraph request is limited to 201326592 bytes/,
    );
    expect(await healthz()).toBe(200);

    // The note alone, and its history, in a request of their own: answered whole.
    const one = await gql(
      ts.stack.gateway.url,
      `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s45-long"]) { text history { text } } } }`,
      { token: archivist },
    );
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.patient.entriesById[0].text).toBe(NOTE_TEXT);
  }, 120_000);
});
