/**
 * Small cells in a researcher's search (lib/policy/search-counts.ts): an aggregate-only grant
 * publishes no search count of 0–4 notes or of notes of 0–4 persons, and the rest with noise (helseforskningsloven
 * § 33, personopplysningsloven art. 89 (1), the threshold of helseregisterloven § 6 and SSB's
 * practice as in disclosure.ts). Through the gateway on real PostgreSQL, once with the
 * Elasticsearch backend and once with the PostgreSQL full-text backend.
 */
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';

/** Six persons of the cohort (born 2005), one outside it (born 1990). */
const PERSONS = [1, 2, 3, 4, 5, 6].map((i) => ({
  id: `sc-p${i}`,
  nationalId: `0${i}0105000${i}${i}`,
  birth: `2005-01-0${i}`,
}));
const OUTSIDE = { id: 'sc-out', nationalId: '01019000077', birth: '1990-01-01' };

/** The notes: [patient, text]. */
const NOTES: [string, string][] = [
  // zqxsjelden: 3 notes of 2 persons (a small cell); the outside person's note is not counted.
  ['sc-p1', 'Samtale om zqxsjelden.'],
  ['sc-p1', 'Oppfølging: zqxsjelden igjen.'],
  ['sc-p2', 'Nevner zqxsjelden.'],
  ['sc-out', 'zqxsjelden zqxsjelden.'],
  // zqxvanlig: one note of each of the six persons (published).
  ...PERSONS.map((p): [string, string] => [p.id, 'Helsesamtale, zqxvanlig.']),
  // zqxeneste: seven notes of one person (7 notes, but 1 person: a small cell).
  ...[1, 2, 3, 4, 5, 6, 7].map((i): [string, string] => ['sc-p3', `Notat ${i}: zqxeneste.`]),
  // Two topics in one note, of each of the six persons (published).
  ...PERSONS.map((p): [string, string] => [p.id, 'Ble mobbet og slått i friminuttet.']),
  // zqxaa and zqxbb: 6 notes of 6 persons each, 2 of them (2 persons) with both words.
  ...PERSONS.slice(0, 4).flatMap((p): [string, string][] => [
    [p.id, 'Merknad zqxaa.'],
    [p.id, 'Merknad zqxbb.'],
  ]),
  ...PERSONS.slice(4).map((p): [string, string] => [p.id, 'Merknad zqxaa og zqxbb.']),
];

/** zqxmange: one note a month through 2021, the persons in turn (month m: PERSONS[(m − 1) % 6]). */
const MONTHLY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => ({
  patient: PERSONS[(m - 1) % 6]!.id,
  writtenAt: `2021-${String(m).padStart(2, '0')}-15T10:00:00+01:00`,
  text: `Kontroll, zqxmange (${m}).`,
}));
const lastDay = (m: number) => new Date(Date.UTC(2021, m, 0)).toISOString().slice(0, 10);

/**
 * A count as an aggregate-only grant is given it: the true count with noise of −2…+2, never
 * below 5 (lib/policy/search-counts.ts perturb).
 */
function expectNoisy(value: unknown, count: number) {
  expect(typeof value).toBe('number');
  expect(value as number).toBeGreaterThanOrEqual(Math.max(5, count - 2));
  expect(value as number).toBeLessThanOrEqual(count + 2);
}

type Row = { word: string; kind: string; expansion: string; hits: number | null; suppressed?: boolean };
type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const forbidden = (body: Body) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);

describe.each(BOTH_SEARCH_BACKENDS)('search counts of a research grant (%s)', (backendName, start) => {
  let env: TestStack;
  const call = (token: string, query: string) => gql(env.stack.gateway.url, query, { token });
  const researcher = (grant: string) =>
    env.stack.token({ sub: 'forsker-sc', role: 'researcher', purpose: 'RESEARCH', grant });
  const archivistToken = () =>
    env.stack.token({ sub: 'arkivar-sc', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

  /**
   * A grant over the persons born in 2005 (`bornTo`: up to that day). An aggregate-only one gets
   * a query budget of 2,000 counts: each term-report row is a count of it (lib/policy/
   * query-budget.ts), and two topics with their expansions are some 450 rows, more than the
   * default of 200; the budget's own rules are test/research-query-budget.e2e.test.ts's.
   */
  async function register(
    id: string,
    outputLevel: 'AGGREGATE' | 'PSEUDONYMISED_RECORDS',
    bornTo = '2005-12-31',
  ) {
    const archivist = await archivistToken();
    const r = await call(
      archivist,
      `mutation { registerGrant(input: {
        id: "${id}", projectId: "P-${id}", title: "Småceller", rekNumber: "2025/777777",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-sc",
        cohort: { bornFrom: "2005-01-01", bornTo: "${bornTo}" },
        variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_TEXT], datePrecision: MONTH,
        freeText: true, outputLevel: ${outputLevel}, ${outputLevel === 'AGGREGATE' ? 'queryBudget: 2000,' : ''}
        expiresAt: "${new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()}" }) { id cohortSize } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.registerGrant.cohortSize).toBe(PERSONS.filter((p) => p.birth <= bornTo).length);
  }

  beforeAll(async () => {
    env = await start();
    expect(env.stack.backend.name).toBe(backendName);
    for (const p of [...PERSONS, OUTSIDE])
      await env.tdb.db.query(
        `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Testesen', 'Kari', $3)`,
        [p.id, p.nationalId, p.birth],
      );
    for (const [i, [patient, text]] of NOTES.entries()) {
      await env.tdb.db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
        [`sc-note-${i}`, patient, `2020-0${1 + (i % 9)}-10T10:00:00+01:00`, text],
      );
      await env.tdb.db.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
        [`sc-note-${i}`],
      );
    }
    for (const [i, n] of MONTHLY.entries()) {
      await env.tdb.db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
        [`sc-month-${i}`, n.patient, n.writtenAt, n.text],
      );
      await env.tdb.db.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
        [`sc-month-${i}`],
      );
    }
    await env.stack.index();
    await register('G-SC-AGG', 'AGGREGATE');
    await register('G-SC-ROWS', 'PSEUDONYMISED_RECORDS');
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  test('helseforskningsloven § 33, personopplysningsloven art. 89 (1), helseregisterloven § 6: an aggregate-only grant gets no search count of 0–4 notes or of 0–4 persons (0 beside small cells told one person apart: found in review); larger counts are published; a row-level grant gets the numbers', async () => {
    const agg = await researcher('G-SC-AGG');
    // 3 notes of 2 persons. Before: total 3 and a term report of 3s.
    const small = await call(agg, '{ search(query: "zqxsjelden") { total termReport { word kind hits } } }');
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.search.total).toBeNull();
    expect(small.body.data.search.termReport.length).toBeGreaterThan(0);
    for (const row of small.body.data.search.termReport as Row[]) expect(row.hits ?? 0).toBe(0);

    // The flags tell a suppressed count from 0.
    const flagged = await call(
      agg,
      '{ search(query: "zqxsjelden") { total totalSuppressed termReport { word kind hits suppressed } } }',
    );
    expect(flagged.body.errors).toBeUndefined();
    expect(flagged.body.data.search).toMatchObject({ total: null, totalSuppressed: true });
    const word = (flagged.body.data.search.termReport as Row[]).find((r) => r.kind === 'word')!;
    expect(word).toMatchObject({ word: 'zqxsjelden', hits: null, suppressed: true });
    for (const row of flagged.body.data.search.termReport as Row[])
      expect(row.suppressed ? row.hits : row.hits === 0).toBe(row.suppressed ? null : true);

    // 6 notes of 6 persons: published (with noise; the word's row counts the same notes, so the same number).
    const many = await call(
      agg,
      '{ search(query: "zqxvanlig", expand: false) { total totalSuppressed termReport { word kind hits suppressed } } }',
    );
    expect(many.body.errors).toBeUndefined();
    expect(many.body.data.search).toMatchObject({ totalSuppressed: false });
    expectNoisy(many.body.data.search.total, 6);
    expect(many.body.data.search.termReport).toEqual([
      { word: 'zqxvanlig', kind: 'word', hits: many.body.data.search.total, suppressed: false },
    ]);

    // 7 notes, all of one person: a cell of one person, suppressed as the statistics tables do.
    const one = await call(
      agg,
      '{ search(query: "zqxeneste", expand: false) { total totalSuppressed termReport { hits suppressed } } }',
    );
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.search).toMatchObject({
      total: null,
      totalSuppressed: true,
      termReport: [{ hits: null, suppressed: true }],
    });

    // Nothing found: withheld like 1–4 (0 was published; beside small cells it told one person apart).
    const none = await call(
      agg,
      '{ search(query: "zqxfinnesikke", expand: false) { total totalSuppressed termReport { hits suppressed } } }',
    );
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data.search).toMatchObject({
      total: null,
      totalSuppressed: true,
      termReport: [{ hits: null, suppressed: true }],
    });

    // A row-level grant reads the hits (and could count them): it gets the numbers.
    const rows = await call(
      await researcher('G-SC-ROWS'),
      '{ search(query: "zqxsjelden", expand: false) { total totalSuppressed hits { kind } termReport { hits suppressed } } }',
    );
    expect(rows.body.errors).toBeUndefined();
    expect(rows.body.data.search).toMatchObject({
      total: 3,
      totalSuppressed: false,
      termReport: [{ hits: 3, suppressed: false }],
    });
    expect(rows.body.data.search.hits).toHaveLength(3);
  });

  test("helseforskningsloven § 33, helseregisterloven § 6: an aggregate-only grant gets no cohort size of 1–4 persons; a larger one, and a row-level grant's, are published (it was published as it was)", async () => {
    await register('G-SC-AGG3', 'AGGREGATE', '2005-01-03');
    await register('G-SC-ROWS3', 'PSEUDONYMISED_RECORDS', '2005-01-03');
    // Asked both ways: the cohort, and the grant (its versions too).
    const size = async (grant: string) => {
      const r = await call(
        await researcher(grant),
        `{ researchCohort { totalCount totalSuppressed }
           grant(id: "${grant}") { cohortSize cohortSizeSuppressed history { cohortSize cohortSizeSuppressed } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      const { researchCohort: c, grant: g } = r.body.data;
      expect(g.history).toEqual([{ cohortSize: g.cohortSize, cohortSizeSuppressed: g.cohortSizeSuppressed }]);
      expect([g.cohortSize, g.cohortSizeSuppressed]).toEqual([c.totalCount, c.totalSuppressed]);
      return c;
    };
    expect(await size('G-SC-AGG3')).toEqual({ totalCount: null, totalSuppressed: true });
    const six = await size('G-SC-AGG');
    expect(six.totalSuppressed).toBe(false);
    expectNoisy(six.totalCount, 6);
    expect(await size('G-SC-ROWS3')).toEqual({ totalCount: 3, totalSuppressed: false });
    // The archivist who registered it sees the size.
    const archivist = await archivistToken();
    const a = await call(archivist, '{ grant(id: "G-SC-AGG3") { cohortSize cohortSizeSuppressed } }');
    expect(a.body.data.grant).toEqual({ cohortSize: 3, cohortSizeSuppressed: false });
  });

  test("helseforskningsloven § 33, helseregisterloven § 6: an aggregate-only grant's history gives no earlier version's cohort size, so no change of 1–4 persons is the difference of two published sizes (found in review: 5 and 6)", async () => {
    await register('G-SC-HIST', 'AGGREGATE', '2005-01-05');
    const archivist = await archivistToken();
    const amended = await call(
      archivist,
      'mutation { amendGrant(id: "G-SC-HIST", input: { cohort: { bornFrom: "2005-01-01", bornTo: "2005-01-06" } }, reason: "REK endring: én dag til") { version } }',
    );
    expect(amended.body.errors).toBeUndefined();
    const history = `{ grant(id: "G-SC-HIST") { version cohortSize history { version cohortSize cohortSizeSuppressed } } }`;
    const r = await call(await researcher('G-SC-HIST'), history);
    expect(r.body.errors).toBeUndefined();
    expectNoisy(r.body.data.grant.cohortSize, 6);
    const sizes = Object.fromEntries(
      r.body.data.grant.history.map((v: { version: number; cohortSize: number | null }) => [
        v.version,
        v.cohortSize,
      ]),
    );
    expect(sizes).toEqual({ 1: null, 2: r.body.data.grant.cohortSize });
    // The archivist sees every version's size.
    const a = await call(archivist, history);
    expect(
      a.body.data.grant.history.map((v: { version: number; cohortSize: number }) => [
        v.version,
        v.cohortSize,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [1, 5],
        [2, 6],
      ]),
    );
  });

  test('helseforskningsloven § 33, helseregisterloven § 6: an aggregate-only grant\'s query of words needs every word, so its total is no union whose rows give the small intersection (found in review: "zqxaa zqxbb" gave 10 beside 6 and 6)', async () => {
    const agg = await researcher('G-SC-AGG');
    const r = await call(
      agg,
      '{ search(query: "zqxaa zqxbb") { total totalSuppressed termReport { word kind hits suppressed } } }',
    );
    expect(r.body.errors).toBeUndefined();
    // Before: total 10 (either word) beside rows 6 and 6: 6 + 6 − 10 = 2 notes with both.
    expect(r.body.data.search).toMatchObject({ total: null, totalSuppressed: true });
    const words = (r.body.data.search.termReport as Row[]).filter((x) => x.kind === 'word');
    expect(words.map((x) => x.word)).toEqual(['zqxaa', 'zqxbb']);
    for (const x of words) expectNoisy(x.hits, 6);
    // A row-level grant's search is everyone's: half of the words (WORDS_MINIMUM), either one.
    const rows = await researcher('G-SC-ROWS');
    const either = await call(rows, '{ search(query: "zqxaa zqxbb") { total } }');
    expect(either.body.data.search.total).toBe(10);
  });

  test('helseforskningsloven § 33, personopplysningsloven art. 89 (1), helseregisterloven § 6: an aggregate-only grant counts no hits and no pages around a suppressed total (found in review: hits { __typename } and paging counted them)', async () => {
    const agg = await researcher('G-SC-AGG');
    // Before: hits { __typename } had one element per note, and first: 1 paged one note at a time.
    const listed = await call(agg, '{ search(query: "zqxsjelden") { total hits { __typename } } }');
    expect([...new Set(forbidden(listed.body))]).toEqual([
      'grant G-SC-AGG version 1 is approved for aggregate output only: search gives totals and the term report, no hits',
    ]);
    expect(listed.body.data?.search ?? null).toBeNull();
    const paged = await call(
      agg,
      '{ search(query: "zqxsjelden", first: 1) { totalSuppressed pageInfo { hasNextPage endCursor } } }',
    );
    expect(paged.body.errors).toBeUndefined();
    expect(paged.body.data.search).toEqual({
      totalSuppressed: true,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  test('an aggregate-only grant searches two topics at once, with the persons behind each of their some 450 term-report rows (found in review: on PostgreSQL the persons columns overran its 1664 columns of a select list)', async () => {
    const agg = await researcher('G-SC-AGG');
    const r = await call(
      agg,
      '{ search(query: "mobbing og vold") { total totalSuppressed termReport { expansion hits suppressed } } }',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search).toMatchObject({ totalSuppressed: false });
    expectNoisy(r.body.data.search.total, 6);
    const rows = r.body.data.search.termReport as Row[];
    expect(rows.length).toBeGreaterThan(400);
    const mobbet = rows.find((x) => x.expansion === 'mobbing:term:mobbet')!;
    expect(mobbet.suppressed).toBe(false);
    expectNoisy(mobbet.hits, 6);
    // The same for a row-level grant (no persons asked for): it worked before too.
    const rowLevel = await call(
      await researcher('G-SC-ROWS'),
      '{ search(query: "mobbing og vold") { total termReport { hits } } }',
    );
    expect(rowLevel.body.errors).toBeUndefined();
    expect(rowLevel.body.data.search.total).toBe(6);
  });

  test("personopplysningsloven art. 89 (1), helseforskningsloven § 33: an aggregate-only grant's counts carry noise keyed by what they count, the same for the same notes however asked, so two counts a month apart do not give that month's note (differencing; they were the exact counts)", async () => {
    const agg = await researcher('G-SC-AGG');
    const rows = await researcher('G-SC-ROWS');
    const total = async (token: string, from: string, month: number) => {
      const r = await call(
        token,
        `{ search(query: "zqxmange", expand: false, from: "${from}", to: "${lastDay(month)}") { total totalSuppressed termReport { hits } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.search as {
        total: number;
        totalSuppressed: boolean;
        termReport: { hits: number }[];
      };
    };
    const published: number[] = [];
    // January to month m: m notes of min(m, 6) persons, published from 5 on.
    for (let m = 5; m <= 12; m++) {
      expect((await total(rows, '2021-01-01', m)).total).toBe(m);
      const p = await total(agg, '2021-01-01', m);
      expect(p.totalSuppressed).toBe(false);
      expectNoisy(p.total, m);
      // The same notes give the same answer: asked again, from a month without any, and as the word's row.
      expect((await total(agg, '2021-01-01', m)).total).toBe(p.total);
      expect((await total(agg, '2020-06-01', m)).total).toBe(p.total);
      expect(p.termReport).toEqual([{ hits: p.total }]);
      published.push(p.total);
    }
    // Before: the exact counts 5, 6, …, 12, each month's step its one note.
    const steps = published.slice(1).map((p, i) => p - published[i]!);
    expect(steps.filter((d) => d !== 1).length).toBeGreaterThan(0);
  });

  test("pasientjournalforskriften § 14: an aggregate-only grant's count is logged under each person of the cohort, once, naming no record (test/access-paths.e2e.test.ts checks this for a row-level grant)", async () => {
    const before = await env.tdb.db.query<{ id: string }>(
      'SELECT coalesce(max(id), 0)::text AS id FROM audit.access_log',
    );
    const r = await call(
      await researcher('G-SC-AGG'),
      '{ search(query: "zqxsjelden") { total termReport { hits } } }',
    );
    expect(r.body.errors).toBeUndefined();
    const rows = await env.tdb.db.query<{ patient_id: string; entity_type: string; entity_ids: string[] }>(
      `SELECT patient_id, entity_type, entity_ids FROM audit.access_log
        WHERE user_id = 'forsker-sc' AND id > $1::bigint ORDER BY patient_id`,
      [before.rows[0]!.id],
    );
    expect(rows.rows).toEqual(
      PERSONS.map((p) => ({ patient_id: p.id, entity_type: 'search_hit', entity_ids: [] })),
    );
  });

  test('helseforskningsloven § 33, helseregisterloven § 6: a page cursor an aggregate-only grant holds from before (a row-level version of the grant, or an earlier release) does not count a suppressed total (found in review: on PostgreSQL a total past the cursor was 0)', async () => {
    await register('G-SC-AMEND', 'PSEUDONYMISED_RECORDS');
    const rowLevel = await researcher('G-SC-AMEND');
    // Row-level: cursors one note apart, over a query of 6 notes (a cursor names a place in a
    // result list, sealed for the grant, not for its version).
    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page = await call(
        rowLevel,
        `{ search(query: "zqxvanlig", expand: false, first: 1${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } } }`,
      );
      expect(page.body.errors).toBeUndefined();
      after = page.body.data.search.pageInfo.endCursor as string;
      expect(after).toEqual(expect.any(String));
      cursors.push(after);
    }
    const archivist = await archivistToken();
    const amended = await call(
      archivist,
      'mutation { amendGrant(id: "G-SC-AMEND", input: { outputLevel: AGGREGATE }, reason: "REK endring: aggregert") { version outputLevel } }',
    );
    expect(amended.body.errors).toBeUndefined();
    expect(amended.body.data.amendGrant).toEqual({ version: 2, outputLevel: 'AGGREGATE' });
    const agg = await researcher('G-SC-AMEND');
    const plain = await call(agg, '{ search(query: "zqxsjelden", expand: false) { total totalSuppressed } }');
    expect(plain.body.data.search).toEqual({ total: null, totalSuppressed: true });
    // Before (PostgreSQL): null after the cursors at 1 and 2, 0 after those at 3, 4 and 5:
    // the 3 notes counted exactly.
    for (const c of cursors) {
      const r = await call(
        agg,
        `{ search(query: "zqxsjelden", expand: false, after: "${c}") { total totalSuppressed pageInfo { hasNextPage } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.search).toEqual({
        total: null,
        totalSuppressed: true,
        pageInfo: { hasNextPage: false },
      });
    }
  });
});
