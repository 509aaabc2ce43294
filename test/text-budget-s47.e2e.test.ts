/**
 * Hardening s47: one budget per client request, and the texts that were outside the text budget,
 * through the gateway on real PostgreSQL and Elasticsearch (dev/test-stack.ts).
 *
 * The text budget per subgraph request (lib/text-budget.ts, RESPONSE_MAX_TEXT_BYTES) is set low
 * here (TEXT_BUDGET bytes) and so is the gateway's limit per client request (RESPONSE_MAX_BYTES,
 * CLIENT_BYTES: every subgraph answer the gateway receives for one client request, counted
 * together): the same code as at the defaults, without writing hundreds of megabytes.
 */
import { DEFAULT_LIMITS } from '../lib/config';
import { loadDemoData } from '../dev/demo';
import { gql } from '../dev/services';
import { insertQueuedNote, startTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';

let ts: TestStack;
let archivist: string;
const TEXT_BUDGET = 2_500;
const CLIENT_BYTES = 3_000;
const PATIENT = 'pat-s47-1';
const NID = '20888014390';
/** 1,000 bytes of text. */
const KB = (word: string) => `${word} `.repeat(1000 / (word.length + 1)).padEnd(1000, '.');

type Body = { data?: any; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] };
const codes = (b: Body) => [...new Set((b.errors ?? []).map((e) => e.extensions?.code))];
const tooLarge = (b: Body) => b.errors?.find((e) => e.extensions?.code === 'RESPONSE_TOO_LARGE')?.message;

beforeAll(async () => {
  ts = await startTestStack({
    limits: {
      ...DEFAULT_LIMITS,
      responseTextBytes: TEXT_BUDGET,
      responseBytes: CLIENT_BYTES,
      importMaxRecordBytes: 1024,
    },
  });
  await loadDemoData(ts.tdb.db);
  await insertPatients(ts.tdb.db, [
    {
      id: PATIENT,
      nationalId: NID,
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  // Six notes of 1,000 bytes, each mentioning "skolevegring" (search).
  for (let i = 0; i < 6; i++)
    await insertQueuedNote(ts.tdb.db, {
      id: `je-s47-${i}`,
      patientId: PATIENT,
      text: KB('skolevegring'),
      writtenAt: `2014-03-${String(i + 10).padStart(2, '0')}T10:00:00+01:00`,
    });
  await ts.stack.index();
  archivist = await ts.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
}, 300_000);

afterAll(async () => {
  await ts?.stop();
});

const call = (query: string, token: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables }).then((r) => r.body as Body);

describe('one client request is limited to RESPONSE_MAX_BYTES over every subgraph it reaches (s47)', () => {
  const notes = (n: number) =>
    `entriesById(ids: [${Array.from({ length: n }, (_, i) => `"je-s47-${i}"`).join(',')}]) { text }`;
  const search = `search(query: "skolevegring", first: 10) { hits { highlights } }`;

  // The journal's answer of two notes is about 2,060 bytes, the search's of six highlighted hits
  // about 1,360: each under CLIENT_BYTES, together over it; one note and the search are under.
  test('a query over the journal and search subgraphs, each under its own text budget, together over RESPONSE_MAX_BYTES, is refused RESPONSE_TOO_LARGE naming the limit (before: answered whole, up to the budget from each subgraph); the same query under the limit answers', async () => {
    // Each part alone answers: under its subgraph's text budget and under the client limit.
    const journalOnly = await call(`{ patient(id: "${PATIENT}") { ${notes(2)} } }`, archivist);
    expect(journalOnly.errors).toBeUndefined();
    const searchOnly = await call(`{ patient(id: "${PATIENT}") { ${search} } }`, archivist);
    expect(searchOnly.errors).toBeUndefined();
    expect(searchOnly.data.patient.search.hits.length).toBe(6);
    // Together: over the client limit.
    const over = await call(`{ patient(id: "${PATIENT}") { ${notes(2)} ${search} } }`, archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(
      new RegExp(
        `one client request is limited to ${CLIENT_BYTES} bytes of subgraph answers \\(RESPONSE_MAX_BYTES`,
      ),
    );
    expect(tooLarge(over)).toMatch(/ask for fewer fields or records at a time, or page/);
    // The same query with one note fewer answers whole.
    const under = await call(`{ patient(id: "${PATIENT}") { ${notes(1)} ${search} } }`, archivist);
    expect(under.errors).toBeUndefined();
    expect(under.data.patient.entriesById.map((e: { text: string }) => e.text.length)).toEqual([1000]);
    expect(under.data.patient.search.hits.length).toBe(6);
  });

  test('one subgraph asked in several fetches (aliases of a search, each under the text budget) counts together: over RESPONSE_MAX_BYTES is refused RESPONSE_TOO_LARGE', async () => {
    const over = await call(
      `{ patient(id: "${PATIENT}") { ${notes(1)} a: ${search} } b: patient(id: "${PATIENT}") { ${notes(1)} c: ${search} } }`,
      archivist,
    );
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/RESPONSE_MAX_BYTES/);
    // Nothing stored changed by reading: the notes are as they were.
    const stored = await ts.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.journal_entry WHERE patient_id = $1 AND length(text) = 1000`,
      [PATIENT],
    );
    expect(stored.rows[0]!.n).toBe(6);
  });
});

describe('texts that were outside the text budget count (s47)', () => {
  test('ArchiveDocument.pageTexts text (pasientjournalforskriften § 14 read of a document) counts: the same two-page document of 2,000 bytes twice is refused RESPONSE_TOO_LARGE naming document page text, once passes (was only under the 64 MiB content budget)', async () => {
    const doc = (
      await ts.tdb.db.query<{ id: string; journalpost: string }>(
        `SELECT o.id, b.journalpost_id AS journalpost
           FROM archive.dokumentobjekt o JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
          WHERE o.content IS NOT NULL ORDER BY o.id LIMIT 1`,
      )
    ).rows[0]!;
    await ts.tdb.db.query(`DELETE FROM archive.document_page_text WHERE dokumentobjekt_id = $1`, [doc.id]);
    await ts.tdb.db.query(
      `INSERT INTO archive.document_text (dokumentobjekt_id, status) VALUES ($1, 'done')
       ON CONFLICT (dokumentobjekt_id) DO UPDATE SET status = 'done'`,
      [doc.id],
    );
    for (const page of [1, 2])
      await ts.tdb.db.query(
        `INSERT INTO archive.document_page_text (dokumentobjekt_id, page, origin, text) VALUES ($1, $2, 'pdf-text', $3)`,
        [doc.id, page, KB(`side${page}`)],
      );
    const q = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `j${i}: journalpost(id: "${doc.journalpost}") { documents(id: "${doc.id}") { pageTexts { text } } }`).join(' ')} }`;
    const over = await call(q(2), archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/document page text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(1), archivist);
    expect(under.errors).toBeUndefined();
    expect(under.data.j0.documents[0].pageTexts.map((p: { text: string }) => p.text.length)).toEqual([
      1000, 1000,
    ]);
  });

  test('ServiceDecision.citedAssessmentText counts: three decisions citing 1,000 bytes of assessment are refused RESPONSE_TOO_LARGE, two pass (were answered whole, unbounded)', async () => {
    for (let i = 1; i <= 3; i++)
      await ts.tdb.db.query(
        `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash, cited_assessment_text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Hjemmesykepleie', $3, 'GRANTED', 'Innvilget', $1, $4)`,
        [`sd-s47-${i}`, PATIENT, `2016-01-0${i}`, KB(`vurdering${i}`)],
      );
    const q = (to: string) =>
      `{ patient(id: "${PATIENT}") { serviceDecisions(from: "2016-01-01", to: "${to}") { decisions { citedAssessmentText } } } }`;
    const over = await call(q('2016-01-03'), archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/decision text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q('2016-01-02'), archivist);
    expect(under.errors).toBeUndefined();
    expect(
      under.data.patient.serviceDecisions.decisions.map(
        (d: { citedAssessmentText: string }) => d.citedAssessmentText.length,
      ),
    ).toEqual([1000, 1000]);
  });

  test('pasientjournalloven § 22: DossierItem.text counts: a dossier page of three 1,000-byte notes is refused RESPONSE_TOO_LARGE naming dossier item text, a page of two passes (was answered whole, unbounded: the dossier subgraph charged nothing)', async () => {
    const legal = await ts.stack.matterToken(
      { id: 's47-dossier-text', nationalIds: [NID], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s47' },
    );
    const q = (first: number) =>
      `query ($p: ID!) { dossier(patientId: $p, window: { from: "2014-03-10", to: "2014-03-15" }, first: ${first}) { items { text } } }`;
    const over = await call(q(3), legal, { p: PATIENT });
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/dossier item text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(2), legal, { p: PATIENT });
    expect(under.errors).toBeUndefined();
    expect(under.data.dossier.items.map((i: { text: string }) => i.text.length)).toEqual([1000, 1000]);
  });
});

test("ServiceDecision.history(first:, after:) pages a decision's earlier versions by version as JournalEntry.history does, and refuses a first or after it cannot page by, BAD_USER_INPUT (s47; before: every version in one list, no arguments)", async () => {
  await ts.tdb.db.query(
    `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash, text)
     VALUES ('sd-s47-h', $1, 'HELSEPLATTFORMEN', 'sd-s47-h', 'Hjemmesykepleie', '2016-02-01', 'GRANTED', 'Innvilget', 'sd-s47-h', 'Innvilget.')`,
    [PATIENT],
  );
  for (let v = 1; v <= 3; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_at, replaced_by, reason)
       VALUES ('sd-s47-h', $1, jsonb_build_object('text', $2::text, 'decided_on', '2016-02-01'), $3, 'import', 'changed in a later source export')`,
      [v, `utkast ${v}`, `2016-0${v + 2}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.service_decision SET version = 4 WHERE id = 'sd-s47-h'`);
  const q = (args: string) =>
    `{ patient(id: "${PATIENT}") { serviceDecisions(from: "2016-02-01", to: "2016-02-01") { decisions { id history${args} { version text } } } } }`;
  const versions = async (args: string) => {
    const r = await call(q(args), archivist);
    expect(r.errors).toBeUndefined();
    return r.data.patient.serviceDecisions.decisions[0].history.map((v: { version: number }) => v.version);
  };
  expect(await versions('')).toEqual([1, 2, 3]);
  expect(await versions('(first: 2)')).toEqual([1, 2]);
  expect(await versions('(first: 2, after: "2")')).toEqual([3]);
  expect(await versions('(after: "3")')).toEqual([]);
  for (const bad of ['(first: -1)', '(first: 1001)', '(after: "v2")']) {
    const r = await call(q(bad), archivist);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  }
});
