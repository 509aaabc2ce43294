/**
 * Hardening review s46: the gaps left after "a 320-byte query takes the gateway down", through
 * the gateway on real PostgreSQL and Elasticsearch (dev/test-stack.ts). Each test is a defect of
 * this review; the name says what must hold, the parenthesis what happened before the fix.
 *
 * The text budget per request (lib/text-budget.ts, RESPONSE_MAX_TEXT_BYTES) is set low here
 * (TEXT_BUDGET bytes) so that a handful of kilobyte-long texts passes it: the same code as at the
 * default of 192 MiB, without writing 192 MiB.
 */
import { getIntrospectionQuery } from 'graphql';
import { DEFAULT_LIMITS } from '../lib/config';
import { gql } from '../dev/services';
import { insertQueuedNote, startTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';

let ts: TestStack;
let archivist: string;
let ansvarlig: string;
const TEXT_BUDGET = 2_500;
const PATIENT = 'pat-s46-1';
const NID = '20888014390';
/** 1,000 bytes of note text, no name or number in it (a researcher's text is de-identified). */
const KB = (word: string) => `${word} `.repeat(1000 / (word.length + 1)).padEnd(1000, '.');

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const codes = (b: Body) => [...new Set((b.errors ?? []).map((e) => e.extensions?.code))];
const tooLarge = (b: Body) => b.errors?.find((e) => e.extensions?.code === 'RESPONSE_TOO_LARGE')?.message;

beforeAll(async () => {
  ts = await startTestStack({
    limits: { ...DEFAULT_LIMITS, responseTextBytes: TEXT_BUDGET, importMaxRecordBytes: 1024 },
  });
  await insertPatients(ts.tdb.db, [
    {
      id: PATIENT,
      nationalId: NID,
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  // Twelve notes of 1,000 bytes, each mentioning "skolevegring" (search, research).
  for (let i = 0; i < 12; i++)
    await insertQueuedNote(ts.tdb.db, {
      id: `je-s46-${i}`,
      patientId: PATIENT,
      text: KB('skolevegring'),
      writtenAt: `2014-03-${String(i + 10).padStart(2, '0')}T10:00:00+01:00`,
    });
  // Note 0 has three earlier versions of 1,000 bytes: with its text 4,000 bytes, over the budget.
  for (let v = 1; v <= 3; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change)
       VALUES ('je-s46-0', $1, $2, $3, 'arkivar', 'rettet', 'correction')`,
      [v, KB(`versjon${v}`), `2015-0${v}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.journal_entry SET version = 4 WHERE id = 'je-s46-0'`);
  await ts.stack.index();
  archivist = await ts.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  ansvarlig = await ts.stack.token({
    sub: 'journalansvarlig-s46',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
}, 180_000);

afterAll(async () => {
  await ts?.stop();
});

const call = (query: string, token: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables }).then((r) => r.body as Body);

describe('one text budget per request covers every long text, RESPONSE_TOO_LARGE past it (review s46)', () => {
  test('journal note text: three notes over the budget are refused RESPONSE_TOO_LARGE, two pass (the existing budget, now configured)', async () => {
    const q = (n: number) =>
      `{ patient(id: "${PATIENT}") { entriesById(ids: [${Array.from({ length: n }, (_, i) => `"je-s46-${i + 1}"`).join(',')}]) { text } } }`;
    const over = await call(q(3), archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/note text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(2), archivist);
    expect(under.errors).toBeUndefined();
    expect(under.data.patient.entriesById.map((e: { text: string }) => e.text.length)).toEqual([1000, 1000]);
  });

  test('RecordCase.proposedText (helsepersonelloven § 42 corrections) counts: three 1,000-byte proposals are refused RESPONSE_TOO_LARGE, two pass (were answered whole, unbounded)', async () => {
    for (let i = 1; i <= 3; i++) {
      const r = await call(
        `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id } }`,
        ansvarlig,
        {
          i: {
            entryId: `je-s46-${i}`,
            ground: 'HPL_42',
            requestedBy: 'HEALTH_PERSONNEL',
            claim: 'feil dato',
            proposedText: KB(`rettet${i}`),
          },
        },
      );
      expect(r.errors).toBeUndefined();
    }
    const q = (n: number) => `{ recordCases(patientId: "${PATIENT}", first: ${n}) { proposedText } }`;
    const over = await call(q(3), ansvarlig);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/proposed text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(2), ansvarlig);
    expect(under.errors).toBeUndefined();
    expect(under.data.recordCases.map((c: { proposedText: string }) => c.proposedText.length)).toEqual([
      1000, 1000,
    ]);
    // Nothing stored changed: the three cases are there, open, with their text.
    const stored = await ts.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal.record_case WHERE patient_id = $1 AND length(proposed_text) = 1000 AND status = 'OPEN'`,
      [PATIENT],
    );
    expect(stored.rows[0]!.n).toBe(3);
  });

  test('SourceConflict.sourceText and currentText (a later source version of a corrected note) count: three conflicts of 1,000-byte source text are refused RESPONSE_TOO_LARGE, two pass (were answered whole, unbounded)', async () => {
    for (let i = 4; i <= 6; i++)
      await ts.tdb.db.query(
        `INSERT INTO journal.source_conflict (entry_id, source_hash, source_record) VALUES ($1, $2, $3)`,
        [`je-s46-${i}`, `s46-hash-${i}`, JSON.stringify({ text: KB(`kilde${i}`) })],
      );
    const q = (n: number) => `{ sourceConflicts(first: ${n}) { sourceText } }`;
    const over = await call(q(3), archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/note text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(2), archivist);
    expect(under.errors).toBeUndefined();
    expect(under.data.sourceConflicts.map((c: { sourceText: string }) => c.sourceText.length)).toEqual([
      1000, 1000,
    ]);
    // The current text counts too: two conflicts' source and current text are 4,000 bytes.
    const both = await call(`{ sourceConflicts(first: 2) { sourceText currentText } }`, archivist);
    expect(codes(both)).toEqual(['RESPONSE_TOO_LARGE']);
  });

  test("ServiceDecision.text (an HP decision document, a person's list has no slice) counts: three decisions of 1,000-byte text are refused RESPONSE_TOO_LARGE, two pass (were answered whole, unbounded)", async () => {
    for (let i = 1; i <= 3; i++)
      await ts.tdb.db.query(
        `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Hjemmesykepleie', $3, 'GRANTED', 'Innvilget', $1, $4)`,
        [`sd-s46-${i}`, PATIENT, `2016-01-0${i}`, KB(`vedtak${i}`)],
      );
    const q = (to: string) =>
      `{ patient(id: "${PATIENT}") { serviceDecisions(from: "2016-01-01", to: "${to}") { decisions { text } } } }`;
    const over = await call(q('2016-01-03'), archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/decision text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q('2016-01-02'), archivist);
    expect(under.errors).toBeUndefined();
    expect(under.data.patient.serviceDecisions.decisions.map((d: { text: string }) => d.text.length)).toEqual(
      [1000, 1000],
    );
  });

  test('ResearchJournalEntry.text (helseforskningsloven § 33 grant with JOURNAL_TEXT) counts: three de-identified notes are refused RESPONSE_TOO_LARGE, two pass (were answered whole, unbounded)', async () => {
    const reg = await call(
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      archivist,
      {
        i: {
          id: 'G-S46',
          projectId: 'P-S46',
          title: 'Skolevegring',
          rekNumber: '2025/654346',
          legalBasis: 'helseforskningsloven § 33',
          responsibleResearcher: 'forsker-s46',
          cohort: {},
          variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
          datePrecision: 'MONTH',
          freeText: true,
          outputLevel: 'PSEUDONYMISED_RECORDS',
          expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
        },
      },
    );
    expect(reg.errors).toBeUndefined();
    const researcher = await ts.stack.token({
      sub: 'forsker-s46',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-S46',
    });
    const q = (n: number) =>
      `{ researchCohort { subjects(first: 5) { journal(first: ${n}) { entries { text } } } } }`;
    const over = await call(q(3), researcher);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/research note text in one subgraph request is limited to 2500 bytes/);
    const under = await call(q(2), researcher);
    expect(under.errors).toBeUndefined();
    const texts = under.data.researchCohort.subjects.flatMap((s: any) =>
      s.journal.entries.map((e: any) => e.text),
    );
    expect(texts).toHaveLength(2);
    expect(texts.every((t: string) => t.length > 900)).toBe(true);
  });

  test('SearchHit.highlights count: two searches of ten highlighted hits (3,400 bytes) are refused RESPONSE_TOO_LARGE, one (1,700 bytes) passes (were answered whole, unbounded)', async () => {
    const search = (alias: string) =>
      `${alias}: search(query: "skolevegring", first: 10) { hits { highlights } }`;
    const over = await call(`{ patient(id: "${PATIENT}") { ${search('a')} ${search('b')} } }`, archivist);
    expect(codes(over)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(tooLarge(over)).toMatch(/search highlights in one subgraph request is limited to 2500 bytes/);
    const under = await call(`{ patient(id: "${PATIENT}") { ${search('a')} } }`, archivist);
    expect(under.errors).toBeUndefined();
    const hits = under.data.patient.a.hits as { highlights: string[] }[];
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => /<em>skolevegring<\/em>/.test(h.highlights.join('')))).toBe(true);
  });
});

test('a note whose text and earlier versions together pass the budget is read whole a page of versions at a time: JournalEntry.history(first:, after:) (before: every request with its history was refused, so its versions could not be read at all)', async () => {
  const whole = await call(
    `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-0"]) { text history { version text } } } }`,
    archivist,
  );
  expect(codes(whole)).toEqual(['RESPONSE_TOO_LARGE']);
  // The text alone, then one version a request (text + one version: 2,000 bytes).
  const alone = await call(
    `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-0"]) { text } } }`,
    archivist,
  );
  expect(alone.errors).toBeUndefined();
  expect(alone.data.patient.entriesById[0].text).toBe(KB('skolevegring'));
  const read: { version: number; text: string }[] = [];
  let after: string | null = null;
  for (let i = 0; i < 5; i++) {
    const page: Body = await call(
      `query ($after: String) { patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-0"]) { text history(first: 1, after: $after) { version text } } } }`,
      archivist,
      { after },
    );
    expect(page.errors).toBeUndefined();
    const versions = page.data.patient.entriesById[0].history as { version: number; text: string }[];
    if (!versions.length) break;
    read.push(...versions);
    after = String(versions[versions.length - 1]!.version);
  }
  expect(read).toEqual([1, 2, 3].map((v) => ({ version: v, text: KB(`versjon${v}`) })));
  // A page is a slice of the whole history, in the same order.
  const two = await call(
    `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-0"]) { history(first: 2, after: "1") { version } } } }`,
    archivist,
  );
  expect(two.errors).toBeUndefined();
  expect(two.data.patient.entriesById[0].history).toEqual([{ version: 2 }, { version: 3 }]);
  const bad = await call(
    `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-0"]) { history(first: -1) { version } } } }`,
    archivist,
  );
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
});

test('pasientjournalloven § 22, tvisteloven § 26-5: a dossier of a person with a note whose text and earlier versions together pass the budget holds that note whole, every version (fix FX2; before: the note alone was refused RESPONSE_TOO_LARGE and failed the whole dossier)', async () => {
  // A person of their own: a note of 1,000 bytes with three earlier versions of 1,000 (4,000
  // bytes with its text, over the budget of 2,500) and a short note beside it.
  const FX2_PATIENT = 'pat-fx2-1';
  const FX2_NID = '11889916860';
  await insertPatients(ts.tdb.db, [
    {
      id: FX2_PATIENT,
      nationalId: FX2_NID,
      familyName: 'Solheim',
      givenName: 'Ida',
      birthDate: '1999-08-11',
    } as never,
  ]);
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-fx2-long',
    patientId: FX2_PATIENT,
    text: KB('hodepine'),
    writtenAt: '2012-02-14T10:00:00+01:00',
  });
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-fx2-short',
    patientId: FX2_PATIENT,
    text: 'Kort notat.',
    writtenAt: '2012-03-14T10:00:00+01:00',
  });
  for (let v = 1; v <= 3; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change)
       VALUES ('je-fx2-long', $1, $2, $3, 'arkivar', 'rettet', 'correction')`,
      [v, KB(`utgave${v}`), `2013-0${v}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.journal_entry SET version = 4 WHERE id = 'je-fx2-long'`);
  await ts.stack.index();
  const legal = await ts.stack.matterToken(
    { id: 'fx2-dossier', nationalIds: [FX2_NID], purpose: 'LEGAL_PROCEEDINGS' },
    { sub: 'jurist-fx2' },
  );
  const d = await call(
    `query ($p: ID!) { dossier(patientId: $p) { items { id text provenance { corrections { earlierText } } } } }`,
    legal,
    { p: FX2_PATIENT },
  );
  expect(d.errors?.map((e) => e.message)).toBeUndefined();
  const items = d.data.dossier.items as {
    id: string;
    text: string;
    provenance: { corrections: { earlierText: string | null }[] };
  }[];
  expect(items.map((i) => i.id).sort()).toEqual(['JOURNAL_ENTRY:je-fx2-long', 'JOURNAL_ENTRY:je-fx2-short']);
  const long = items.find((i) => i.id === 'JOURNAL_ENTRY:je-fx2-long')!;
  expect(long.text).toBe(KB('hodepine'));
  expect(long.provenance.corrections.map((c) => c.earlierText)).toEqual(
    [1, 2, 3].map((v) => KB(`utgave${v}`)),
  );
});

test('pasientjournalloven § 22, tvisteloven § 26-5: a dossier of a person whose service decisions with their earlier versions pass the budget holds every decision whole, every version, and says they were read a part at a time (s47; before: the one journal request that built them all was refused RESPONSE_TOO_LARGE and failed the whole dossier)', async () => {
  // A person of their own: decision A of 1,000 bytes with two earlier versions of 1,000 (3,000
  // bytes, over the budget of 2,500 alone), decision B of 1,000 bytes (4,000 together).
  const S47_PATIENT = 'pat-s47-sd';
  const S47_NID = '05819199860';
  await insertPatients(ts.tdb.db, [
    {
      id: S47_PATIENT,
      nationalId: S47_NID,
      familyName: 'Berg',
      givenName: 'Ola',
      birthDate: '1991-01-05',
    } as never,
  ]);
  for (const [id, day, text] of [
    ['sd-s47-a', '2017-02-01', KB('vedtaka')],
    ['sd-s47-b', '2017-03-01', KB('vedtakb')],
  ] as const)
    await ts.tdb.db.query(
      `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash, text)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Hjemmesykepleie', $3, 'GRANTED', 'Innvilget', $1, $4)`,
      [id, S47_PATIENT, day, text],
    );
  for (let v = 1; v <= 2; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_at, replaced_by, reason)
       VALUES ('sd-s47-a', $1, jsonb_build_object('text', $2::text, 'decided_on', '2017-02-01'), $3, 'import', 'changed in a later source export')`,
      [v, KB(`utkast${v}`), `2017-0${v + 3}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.service_decision SET version = 3 WHERE id = 'sd-s47-a'`);
  const legal = await ts.stack.matterToken(
    { id: 's47-decisions', nationalIds: [S47_NID], purpose: 'LEGAL_PROCEEDINGS' },
    { sub: 'jurist-s47' },
  );
  const d = await call(
    `query ($p: ID!) { dossier(patientId: $p) { items { id text provenance { corrections { earlierText } } } completeness { notes } } }`,
    legal,
    { p: S47_PATIENT },
  );
  expect(d.errors?.map((e) => e.message)).toBeUndefined();
  const items = d.data.dossier.items as {
    id: string;
    text: string;
    provenance: { corrections: { earlierText: string | null }[] };
  }[];
  expect(items.map((i) => i.id)).toEqual(['SERVICE_DECISION:sd-s47-a', 'SERVICE_DECISION:sd-s47-b']);
  expect(items[0]!.text).toBe(KB('vedtaka'));
  expect(items[0]!.provenance.corrections.map((c) => c.earlierText)).toEqual([KB('utkast1'), KB('utkast2')]);
  expect(items[1]!.text).toBe(KB('vedtakb'));
  expect(items[1]!.provenance.corrections).toEqual([]);
  expect(d.data.dossier.completeness.notes).toContainEqual(
    expect.stringMatching(
      /^1 service decision was read a part at a time: with its earlier versions, its texts passed the text budget of one journal request \(RESPONSE_MAX_TEXT_BYTES\)/,
    ),
  );
});

test('pasient- og brukerrettighetsloven § 5-1, pasientjournalloven § 22: an access bundle of a person whose service decisions with their earlier versions pass the budget holds every decision whole, every version (s47; before: the one journal request that listed them was refused RESPONSE_TOO_LARGE and failed the whole bundle)', async () => {
  // Decision A of 1,000 bytes with two earlier versions of 1,000 (3,000 bytes, over the budget
  // of 2,500 alone), decision B of 1,000 bytes.
  const PAT = 'pat-s47-ab';
  const PAT_NID = '13069140054';
  await insertPatients(ts.tdb.db, [
    { id: PAT, nationalId: PAT_NID, familyName: 'Dahl', givenName: 'Eva', birthDate: '1991-06-13' } as never,
  ]);
  for (const [id, day, text] of [
    ['sd-s47-ab-a', '2018-02-01', KB('avslaga')],
    ['sd-s47-ab-b', '2018-03-01', KB('avslagb')],
  ] as const)
    await ts.tdb.db.query(
      `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash, text)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Hjemmesykepleie', $3, 'REFUSED', 'Avslag', $1, $4)`,
      [id, PAT, day, text],
    );
  for (let v = 1; v <= 2; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.service_decision_version (decision_id, version, record, replaced_at, replaced_by, reason)
       VALUES ('sd-s47-ab-a', $1, jsonb_build_object('text', $2::text, 'decided_on', '2018-02-01'), $3, 'import', 'changed in a later source export')`,
      [v, KB(`forslag${v}`), `2018-0${v + 3}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.service_decision SET version = 3 WHERE id = 'sd-s47-ab-a'`);
  const handler = await ts.stack.token({ sub: 'arkivar-s47', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const reg = await call(
    `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
    handler,
    {
      i: {
        patientId: PAT,
        patientNationalId: PAT_NID,
        requesterName: 'Eva Dahl',
        relation: 'PATIENT',
        receivedAt: '2026-11-03T09:00:00+01:00',
        administrativEnhet: 'Helse- og velferdskontor Lerkendal',
      },
    },
  );
  expect(reg.errors).toBeUndefined();
  const b = await call(
    `query ($id: ID!) { accessBundle(accessRequestId: $id) { decisions { sourceId text provenance { corrections { earlierText } } } } }`,
    handler,
    { id: reg.data.registerAccessRequest.saksmappe.id },
  );
  expect(b.errors?.map((e) => e.message)).toBeUndefined();
  const decisions = b.data.accessBundle.decisions as {
    sourceId: string;
    text: string;
    provenance: { corrections: { earlierText: string | null }[] };
  }[];
  expect(decisions.map((d) => d.sourceId)).toEqual(['sd-s47-ab-b', 'sd-s47-ab-a']);
  expect(decisions[1]!.text).toBe(KB('avslaga'));
  expect(decisions[1]!.provenance.corrections.map((c) => c.earlierText)).toEqual([
    KB('forslag1'),
    KB('forslag2'),
  ]);
  expect(decisions[0]!.text).toBe(KB('avslagb'));
});

test('pasient- og brukerrettighetsloven § 5-1, pasientjournalloven § 22: an access bundle whose decision cites a note whose text and earlier versions together pass the budget, beside another long cited note, holds both notes whole, every version (fix FX9; before: the cited notes were asked in one request with their history, refused RESPONSE_TOO_LARGE, and the whole bundle failed)', async () => {
  // A person of their own: a decision citing the assessment of 2012-05-10, and two Vurdering
  // notes that day: one of 1,000 bytes with three earlier versions of 1,000 (4,000 bytes with
  // its text, over the budget of 2,500 alone), one of 1,000 bytes (the two over it together).
  const FX9_PATIENT = 'pat-fx9-1';
  const FX9_NID = '24899238091';
  await insertPatients(ts.tdb.db, [
    {
      id: FX9_PATIENT,
      nationalId: FX9_NID,
      familyName: 'Haugen',
      givenName: 'Siri',
      birthDate: '1992-09-24',
    } as never,
  ]);
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-fx9-long',
    patientId: FX9_PATIENT,
    text: KB('funksjonsvurdering'),
    writtenAt: '2012-05-10T10:00:00+02:00',
  });
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-fx9-other',
    patientId: FX9_PATIENT,
    text: KB('kartlegging'),
    writtenAt: '2012-05-10T14:00:00+02:00',
  });
  await ts.tdb.db.query(
    `UPDATE journal.journal_entry SET entry_type = 'Vurdering' WHERE id IN ('je-fx9-long', 'je-fx9-other')`,
  );
  for (let v = 1; v <= 3; v++)
    await ts.tdb.db.query(
      `INSERT INTO journal.entry_version (entry_id, version, text, replaced_at, replaced_by, reason, change)
       VALUES ('je-fx9-long', $1, $2, $3, 'arkivar', 'rettet', 'correction')`,
      [v, KB(`utkast${v}`), `2013-0${v}-01T10:00:00Z`],
    );
  await ts.tdb.db.query(`UPDATE journal.journal_entry SET version = 4 WHERE id = 'je-fx9-long'`);
  await ts.tdb.db.query(
    `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome,
       outcome_basis, content_hash, cited_assessment_date, cited_assessment_text)
     VALUES ('sd-fx9-1', $1, 'HELSEPLATTFORMEN', 'sd-fx9-1', 'Hjemmesykepleie', '2012-05-20', 'REFUSED', 'Avslag',
       'sd-fx9-1', '2012-05-10', 'vurdering datert 10.05.2012')`,
    [FX9_PATIENT],
  );
  await ts.stack.index();
  const handler = await ts.stack.token({ sub: 'arkivar-fx9', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const reg = await call(
    `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
    handler,
    {
      i: {
        patientId: FX9_PATIENT,
        patientNationalId: FX9_NID,
        requesterName: 'Siri Haugen',
        relation: 'PATIENT',
        receivedAt: '2026-11-02T09:00:00+01:00',
        administrativEnhet: 'Helse- og velferdskontor Lerkendal',
      },
    },
  );
  expect(reg.errors).toBeUndefined();
  const b = await call(
    `query ($id: ID!) { accessBundle(accessRequestId: $id) {
      decisions { sourceId links { relation recordId } }
      assessments { id text provenance { corrections { earlierText } } } } }`,
    handler,
    { id: reg.data.registerAccessRequest.saksmappe.id },
  );
  expect(b.errors?.map((e) => e.message)).toBeUndefined();
  expect(b.data.accessBundle.decisions.map((d: { sourceId: string }) => d.sourceId)).toEqual(['sd-fx9-1']);
  const assessments = b.data.accessBundle.assessments as {
    id: string;
    text: string;
    provenance: { corrections: { earlierText: string | null }[] };
  }[];
  expect(assessments.map((a) => a.id)).toEqual(['JOURNAL_ENTRY:je-fx9-long', 'JOURNAL_ENTRY:je-fx9-other']);
  const [long, other] = assessments;
  expect(long!.text).toBe(KB('funksjonsvurdering'));
  expect(long!.provenance.corrections.map((c) => c.earlierText)).toEqual(
    [1, 2, 3].map((v) => KB(`utkast${v}`)),
  );
  expect(other!.text).toBe(KB('kartlegging'));
  expect(other!.provenance.corrections).toEqual([]);
});

test('pasientjournalforskriften § 14: a page of JournalEntry.history logs the superseded documents it answers, and only those (the access log followed the whole chain when history was one list)', async () => {
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-s46-sup-old',
    patientId: PATIENT,
    text: 'Første utgave.',
    writtenAt: '2013-01-01T10:00:00+01:00',
    status: 'superseded',
  });
  await insertQueuedNote(ts.tdb.db, {
    id: 'je-s46-sup-new',
    patientId: PATIENT,
    text: 'Rettet utgave.',
    writtenAt: '2013-01-02T10:00:00+01:00',
    replaces: 'je-s46-sup-old',
  });
  const token = await ts.stack.token({
    sub: 'arkivar-s46-page',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const logged = async () =>
    (
      await ts.tdb.db.query<{ id: string }>(
        `SELECT DISTINCT unnest(entity_ids) AS id FROM audit.access_log
          WHERE user_id = 'arkivar-s46-page' AND outcome = 'granted' AND entity_type = 'journal_entry'`,
      )
    ).rows.map((r) => r.id);
  const page = (first: number) =>
    call(
      `{ patient(id: "${PATIENT}") { entriesById(ids: ["je-s46-sup-new"]) { history(first: ${first}) { version text sourceId } } } }`,
      token,
    );
  const none = await page(0);
  expect(none.errors).toBeUndefined();
  expect(none.data.patient.entriesById[0].history).toEqual([]);
  expect(await logged()).not.toContain('je-s46-sup-old');
  const one = await page(1);
  expect(one.errors).toBeUndefined();
  expect(one.data.patient.entriesById[0].history).toEqual([
    { version: 1, text: 'Første utgave.', sourceId: 'je-s46-sup-old' },
  ]);
  expect(await logged()).toContain('je-s46-sup-old');
});

describe('introspection in development is depth-limited (review s46)', () => {
  test("graphql-js getIntrospectionQuery() (GraphiQL's, every option on) is answered", async () => {
    for (const opts of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      },
    ]) {
      const r = await call(getIntrospectionQuery(opts), archivist);
      expect(r.errors).toBeUndefined();
      expect(r.data.__schema.queryType.name).toBe('Query');
    }
  });

  test('a __schema or __type selection deeper than the standard introspection query (forty ofType) is refused QUERY_TOO_COMPLEX naming the limit (before: the __schema one was answered, any depth: GRAPHQL_MAX_DEPTH leaves __schema out)', async () => {
    const ofTypes = `${'ofType { '.repeat(40)}name${' }'.repeat(40)}`;
    for (const deep of [
      `{ __schema { types { fields { type { ${ofTypes} } } } } }`,
      `{ __type(name: "Patient") { fields { type { ${ofTypes} } } } }`,
    ]) {
      const r = await call(deep, archivist);
      expect(r.data ?? null).toBeNull();
      expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(r.errors?.map((e) => e.message)).toContainEqual(
        expect.stringMatching(
          // __type is under GRAPHQL_MAX_DEPTH (12) too, which refuses it first.
          /^introspection is limited to a depth of 15 .*; this __schema selection is 45 deep$|^Syntax Error: Query depth limit of 12 exceeded, found 44\.$/,
        ),
      );
    }
    // Just past what the standard query needs is refused too; at it, answered.
    const at = (n: number) =>
      `{ __schema { types { fields { type { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } } } }`;
    const over = await call(at(11), archivist);
    expect(codes(over)).toEqual(['QUERY_TOO_COMPLEX']);
    const ok = await call(at(10), archivist);
    expect(ok.errors).toBeUndefined();
  });
});

test('1,000 unaliased __typename at the root are refused with a clear error naming the limit, QUERY_TOO_COMPLEX (before: the bare "Validation aborted.")', async () => {
  const r = await gql(ts.stack.gateway.url, `{ ${'__typename '.repeat(1000)}}`, { token: archivist });
  const body = r.body as Body;
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.message).not.toMatch(/^Validation aborted\.$/);
  expect(body.errors?.[0]?.message).toMatch(/validation limit of 500,000 comparisons/);
  expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
  // A few repeats are fine (the same field twice is merged, not refused).
  const ok = await call(`{ ${'__typename '.repeat(5)}}`, archivist);
  expect(ok.errors).toBeUndefined();
  expect(ok.data.__typename).toBe('Query');
});
