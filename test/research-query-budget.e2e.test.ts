/**
 * The query budget of an aggregate-only research grant (lib/policy/query-budget.ts; GDPR art.
 * 89 nr. 1 through personopplysningsloven § 1, helseforskningsloven § 33): the grant's users
 * get a fixed number of published counts (a search's total and each term-report row, the
 * cohort's size), spent atomically and all or nothing for each answer, kept across
 * amendments, shown on the grant, and then FORBIDDEN. Through the gateway on real PostgreSQL and Elasticsearch; the
 * budget is set with the command line (`npm run cli -- grant register|amend`) as an archivist
 * does, and with the GraphQL mutations.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { PTABLE } from '../lib/policy/search-counts';

/** Six persons born 2005: every note here is theirs. */
const K = [1, 2, 3, 4, 5, 6].map((i) => ({
  id: `qb-k${i}`,
  nationalId: `0${i}0205000${i}${i}`,
  birth: `2005-02-0${i}`,
}));
/**
 * One person without notes born in each of these years: each test's grants get a cohort of their
 * own (K and the persons born since `bornFrom`), since grants over the same cohort share one
 * budget (query-budget.ts "One cohort, one budget").
 */
const X = [
  '2004-03-01',
  '2003-03-01',
  '2002-03-01',
  '2001-03-01',
  '2000-03-01',
  '1999-03-01',
  '1998-03-01',
].map((birth, i) => ({ id: `qb-x${i}`, nationalId: `01039${i}000${i}${i}`, birth }));
const run = promisify(execFile);
const pad = (n: number) => String(n).padStart(2, '0');

/** [patient, writtenAt, text] */
const NOTES: [string, string, string][] = [
  // The noise review's averaging data: zqxofte, two notes a month of two persons, January 2017
  // to November 2021, and one note in December 2021 (the note the attack learns).
  ...Array.from({ length: 59 }, (_, i) => i).flatMap((i): [string, string, string][] => {
    const y = 2017 + Math.floor(i / 12);
    const m = (i % 12) + 1;
    return [0, 1].map((j): [string, string, string] => [
      K[(2 * i + j) % 6]!.id,
      `${y}-${pad(m)}-1${j}T10:00:00+01:00`,
      'Notat zqxofte.',
    ]);
  }),
  [K[0]!.id, '2021-12-10T10:00:00+01:00', 'Notat zqxofte.'],
  // zqxfaa: three notes of two persons (every count of it is withheld).
  [K[0]!.id, '2022-01-10T10:00:00+01:00', 'Samtale zqxfaa.'],
  [K[0]!.id, '2022-02-10T10:00:00+01:00', 'Samtale zqxfaa.'],
  [K[1]!.id, '2022-03-10T10:00:00+01:00', 'Samtale zqxfaa.'],
  // zqxpar and zqxpor: always together, one note of each of the six persons (the same documents).
  ...K.map((p, i): [string, string, string] => [
    p.id,
    `2022-0${i + 4}-10T10:00:00+01:00`,
    'Samtale zqxpar zqxpor.',
  ]),
];

/** The difference of two independent noises of PTABLE (−4…+4), as the attacker computes it. */
const DIFF = new Map<number, number>();
{
  const p = PTABLE.map(([noise, below], i) => [noise, below - (i ? PTABLE[i - 1]![1] : 0)] as const);
  for (const [a, pa] of p) for (const [b, pb] of p) DIFF.set(a - b, (DIFF.get(a - b) ?? 0) + pa * pb);
}
/** The attacker's posterior that the December difference is `h`, from 0–4 weighed equally. */
function posterior(diffs: number[], h: number): number {
  const ll = [0, 1, 2, 3, 4].map((x) =>
    diffs.reduce((s, d) => s + Math.log(DIFF.get(d - x) ?? Number.MIN_VALUE), 0),
  );
  const max = Math.max(...ll);
  return Math.exp(ll[h]! - max) / ll.reduce((s, v) => s + Math.exp(v - max), 0);
}

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const forbidden = (b: Body) =>
  (b.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);
const SPENT = (grant: string) => new RegExp(`^the query budget of grant ${grant} is spent: `);

describe('the query budget of an aggregate-only research grant (elasticsearch)', () => {
  let env: TestStack;
  let dir: string;
  const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
    (await gql(env.stack.gateway.url, query, { token, variables })).body as Body;
  const researcher = (grant: string) =>
    env.stack.token({ sub: 'forsker-qb', role: 'researcher', purpose: 'RESEARCH', grant });
  const archivist = () =>
    env.stack.token({ sub: 'arkivar-qb', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

  const grantJson = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    projectId: `P-${id}`,
    title: 'Kvote',
    rekNumber: '2025/999999',
    legalBasis: 'helseforskningsloven § 33',
    responsibleResearcher: 'forsker-qb',
    cohort: { bornFrom: '2005-01-01', bornTo: '2005-12-31' },
    variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
    datePrecision: 'MONTH',
    freeText: true,
    outputLevel: 'AGGREGATE',
    expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
    ...over,
  });

  /**
   * `npm run cli -- …` on the test database, as the archivist at the command line. Not
   * spawnSync: the stack runs in this process, and a blocked event loop let the server close
   * kept-alive connections under the next request (ECONNRESET).
   */
  async function cli(...args: string[]) {
    const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'warn' };
    delete e.ELASTICSEARCH_URL;
    const r = await run(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
      env: e,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }
  function cliRegister(id: string, over: Record<string, unknown> = {}) {
    const file = join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(grantJson(id, over)));
    return cli('grant', 'register', file);
  }
  function cliAmend(id: string, change: Record<string, unknown>, reason: string) {
    const file = join(dir, `${id}-amend.json`);
    writeFileSync(file, JSON.stringify(change));
    return cli('grant', 'amend', id, file, '--reason', reason);
  }
  async function gqlRegister(id: string, over: Record<string, unknown> = {}) {
    return call(
      await archivist(),
      'mutation($i: RegisterGrantInput!) { registerGrant(input: $i) { id queryBudget } }',
      { i: grantJson(id, over) },
    );
  }
  /** A cohort of K and the persons of X born since `bornFrom`. */
  const since = (bornFrom: string) => ({ cohort: { bornFrom, bornTo: '2005-12-31' } });
  const SEARCH = (args: string) =>
    `{ search(query: "zqxofte", expand: false, ${args}) { total totalSuppressed } }`;
  const BUDGET = (id: string) => `{ grant(id: "${id}") { queryBudget queriesUsed queryBudgetRemaining } }`;

  beforeAll(async () => {
    env = await startTestStack();
    dir = mkdtempSync(join(tmpdir(), 'helsespor-query-budget-'));
    for (const p of [...K, ...X])
      await env.tdb.db.query(
        `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Kvotesen', 'Kari', $3)`,
        [p.id, p.nationalId, p.birth],
      );
    for (const [i, [patient, writtenAt, text]] of NOTES.entries()) {
      await env.tdb.db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
        [`qb-note-${i}`, patient, writtenAt, text],
      );
      await env.tdb.db.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
        [`qb-note-${i}`],
      );
    }
    await env.stack.index();
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await env?.stop();
  });

  test("personopplysningsloven § 1 / GDPR art. 89 (1), helseforskningsloven § 33: an aggregate-only grant's query budget stops the review's averaging attack (55 pairs of from/to windows that differ by December's one note gave it at a posterior of 0.9999; a budget of 20 counts is 10 pairs of totals)", async () => {
    // Registered at the command line with a budget of 20 published counts. The searches here
    // read the total only, one count each, so 20 counts are 10 pairs. A term report spends a
    // count a row (the next test; twelve words a search in access-review-s30-c), so 20 counts
    // are at most 10 pairs however the searches are asked.
    const reg = await cliRegister('G-QB-ATTACK', { queryBudget: 20 });
    const token = await researcher('G-QB-ATTACK');
    const diffs: number[] = [];
    let refusal: string | null = null;
    attack: for (let i = 0; i < 55; i++) {
      const from = `${2017 + Math.floor(i / 12)}-${pad((i % 12) + 1)}-01`;
      const totals: number[] = [];
      for (const to of ['2021-11-30', '2021-12-31']) {
        const b = await call(token, SEARCH(`from: "${from}", to: "${to}"`));
        if (b.errors) {
          refusal = forbidden(b)[0] ?? JSON.stringify(b.errors);
          break attack;
        }
        totals.push(b.data.search.total as number);
      }
      diffs.push(totals[1]! - totals[0]!);
    }
    // What the answered pairs say of December's one note: 55 pairs gave it at 0.9999; the
    // budget's ten (20 counts) leave it uncertain (posterior under 0.99).
    const posteriorOfOneNote = Number(posterior(diffs, 1).toFixed(4));
    expect({
      budget: reg.query_budget,
      pairs: diffs.length,
      refusal,
      learned: posteriorOfOneNote >= 0.99,
    }).toEqual({
      budget: 20,
      pairs: 10,
      refusal: expect.stringMatching(SPENT('G-QB-ATTACK')),
      learned: false,
    });
    // The refusal is in the access log as other refusals are.
    const log = await env.tdb.db.query<{ entity_type: string; rule: string }>(
      `SELECT DISTINCT entity_type, rule FROM audit.access_log WHERE user_id = 'forsker-qb' AND outcome = 'denied' AND matter = 'grant G-QB-ATTACK'`,
    );
    expect(log.rows).toEqual([{ entity_type: 'search_hit', rule: refusal }]);
  });

  test("GDPR art. 89 (1), helseforskningsloven § 33: a query budget's unit is a published count: a search costs one for its total and one for each term-report row over documents of its own, charged for the whole answer at once (an answer the rest of the budget cannot cover is refused whole and charged nothing)", async () => {
    await cliRegister('G-QB-TERMS', { queryBudget: 5, ...since('2004-01-01') });
    const token = await researcher('G-QB-TERMS');
    const TERMS =
      '{ search(query: "zqxofte zqxfaa", expand: false) { total termReport { word hits suppressed } } }';
    const used = async () => (await call(token, BUDGET('G-QB-TERMS'))).data.grant;
    // Two words: the total and two rows, three counts (each row has its own noise).
    const first = await call(token, TERMS);
    expect(first.errors).toBeUndefined();
    expect((first.data.search.termReport as { word: string }[]).map((t) => t.word).sort()).toEqual([
      'zqxfaa',
      'zqxofte',
    ]);
    expect(await used()).toEqual({ queryBudget: 5, queriesUsed: 3, queryBudgetRemaining: 2 });
    // Two left, the answer can cost three (its total and two rows: decided by the question, not
    // by how many distinct note sets it holds, test/research-review-s33.e2e.test.ts): refused
    // whole (no total, no row), nothing charged.
    const second = await call(token, TERMS);
    expect(second.data?.search ?? null).toBeNull();
    expect(forbidden(second)).toEqual([expect.stringMatching(SPENT('G-QB-TERMS'))]);
    expect(forbidden(second)[0]).toContain(
      '3 of 5 published counts used; 2 left, and this answer can cost up to 3',
    );
    expect(await used()).toEqual({ queryBudget: 5, queriesUsed: 3, queryBudgetRemaining: 2 });
    // What fits is answered: a total (one count), twice.
    for (const from of ['2019-01-01', '2020-01-01'])
      expect((await call(token, SEARCH(`from: "${from}", to: "2021-12-31"`))).errors).toBeUndefined();
    expect(await used()).toEqual({ queryBudget: 5, queriesUsed: 5, queryBudgetRemaining: 0 });
    expect(forbidden(await call(token, SEARCH('from: "2021-01-01", to: "2021-12-31"')))).toEqual([
      expect.stringMatching(SPENT('G-QB-TERMS')),
    ]);
  });

  test('GDPR art. 89 (1), helseforskningsloven § 33: concurrent queries cannot overspend a query budget (12 parallel searches against a budget of 5: exactly 5 are answered)', async () => {
    await cliRegister('G-QB-RACE', { queryBudget: 5, ...since('2003-01-01') });
    const token = await researcher('G-QB-RACE');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(token, SEARCH(`from: "${2017 + (i % 4)}-01-01", to: "2021-12-31"`)),
      ),
    );
    const answered = answers.filter((b) => !b.errors && typeof b.data.search.total === 'number');
    const refused = answers.flatMap(forbidden);
    expect({ answered: answered.length, refused: refused.length }).toEqual({ answered: 5, refused: 7 });
    for (const m of refused) expect(m).toMatch(SPENT('G-QB-RACE'));
    expect((await call(token, BUDGET('G-QB-RACE'))).data.grant).toEqual({
      queryBudget: 5,
      queriesUsed: 5,
      queryBudgetRemaining: 0,
    });
  });

  test('GDPR art. 89 (1), helseforskningsloven § 33: amending a grant does not reset its query budget (the queries used count over every version; a larger budget is an amendment of its own)', async () => {
    await cliRegister('G-QB-AMEND', { queryBudget: 4, ...since('2002-01-01') });
    const token = await researcher('G-QB-AMEND');
    for (let i = 0; i < 4; i++)
      expect(
        (await call(token, SEARCH(`from: "${2017 + i}-01-01", to: "2021-12-31"`))).errors,
      ).toBeUndefined();
    expect(forbidden(await call(token, SEARCH('from: "2021-01-01", to: "2021-12-31"')))).toEqual([
      expect.stringMatching(SPENT('G-QB-AMEND')),
    ]);
    // A new version for another reason: the budget and what was used go on.
    expect(
      await cliAmend('G-QB-AMEND', { title: 'Kvote, ny tittel' }, 'Ny tittel etter REK-endring'),
    ).toMatchObject({
      version: 2,
      query_budget: 4,
      queries_used: 4,
      queries_remaining: 0,
    });
    const again = await researcher('G-QB-AMEND');
    expect(forbidden(await call(again, SEARCH('from: "2021-01-01", to: "2021-12-31"')))).toEqual([
      expect.stringMatching(SPENT('G-QB-AMEND')),
    ]);
    // A larger budget, amended with its reason: only the difference is new.
    expect(await cliAmend('G-QB-AMEND', { queryBudget: 6 }, 'REK godkjente flere spørringer')).toMatchObject({
      version: 3,
      query_budget: 6,
      queries_used: 4,
      queries_remaining: 2,
    });
    const ok = [];
    for (let i = 0; i < 3; i++)
      ok.push(!(await call(again, SEARCH(`from: "2019-0${i + 1}-01", to: "2021-12-31"`))).errors);
    expect(ok).toEqual([true, true, false]);
    // The history: each version's budget; what is used is the grant's.
    const h = await call(
      await archivist(),
      '{ grant(id: "G-QB-AMEND") { history { version queryBudget queriesUsed } } }',
    );
    expect(h.data.grant.history).toEqual([
      { version: 1, queryBudget: 4, queriesUsed: 6 },
      { version: 2, queryBudget: 4, queriesUsed: 6 },
      { version: 3, queryBudget: 6, queriesUsed: 6 },
    ]);
  });

  test("GDPR art. 89 (1), helseforskningsloven § 33: an aggregate-only grant's query budget is shown on the grant, and spent by every count it is given (a search's total, each alias, a search whose counts are all withheld, the cohort's size once a request), not by a refused or bad query; row-level grants are not budgeted", async () => {
    const reg = await gqlRegister('G-QB-SEEN', since('2001-01-01'));
    expect(reg.errors).toBeUndefined();
    expect(reg.data.registerGrant).toEqual({ id: 'G-QB-SEEN', queryBudget: 200 });
    const token = await researcher('G-QB-SEEN');
    const used = async () => (await call(token, BUDGET('G-QB-SEEN'))).data.grant;
    expect(await used()).toEqual({ queryBudget: 200, queriesUsed: 0, queryBudgetRemaining: 200 });
    // Refused or bad: nothing counted, nothing spent.
    const bad = await call(token, '{ search(query: "   ") { total } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(forbidden(await call(token, SEARCH('from: "2021-01-15", to: "2021-12-31"')))).toHaveLength(1);
    expect((await used()).queriesUsed).toBe(0);
    // Withheld only (three notes of two persons): counted.
    const withheld = await call(
      token,
      '{ search(query: "zqxfaa", expand: false) { total totalSuppressed } }',
    );
    expect(withheld.data.search).toEqual({ total: null, totalSuppressed: true });
    expect((await used()).queriesUsed).toBe(1);
    // Two aliases: two queries.
    const two = await call(
      token,
      '{ a: search(query: "zqxofte", expand: false) { total } b: search(query: "zqxofte", expand: false, from: "2020-01-01", to: "2021-12-31") { total } }',
    );
    expect(two.errors).toBeUndefined();
    expect((await used()).queriesUsed).toBe(3);
    // The cohort's size: once for the request, whichever of its fields are read.
    const size = await call(
      token,
      '{ researchCohort { totalCount totalSuppressed } grant(id: "G-QB-SEEN") { cohortSize cohortSizeSuppressed } }',
    );
    expect(size.errors).toBeUndefined();
    expect(size.data.researchCohort.totalSuppressed).toBe(false);
    expect(await used()).toEqual({ queryBudget: 200, queriesUsed: 4, queryBudgetRemaining: 196 });
    // When it is spent the cohort's size is refused too, naming the grant.
    await env.tdb.db.query(`UPDATE policy.grant_query_use SET used = 200 WHERE grant_id = 'G-QB-SEEN'`);
    const spent = await call(token, '{ researchCohort { totalCount } }');
    expect(forbidden(spent)).toEqual([expect.stringMatching(SPENT('G-QB-SEEN'))]);
    expect(await used()).toEqual({ queryBudget: 200, queriesUsed: 200, queryBudgetRemaining: 0 });

    // Row-level: no budget, and a budget given for one is bad input.
    const rowsBudget = await gqlRegister('G-QB-ROWS', {
      ...since('2001-01-01'),
      outputLevel: 'PSEUDONYMISED_RECORDS',
      queryBudget: 50,
    });
    expect(rowsBudget.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(rowsBudget.errors?.[0]?.message).toMatch(
      /queryBudget: a query budget is for outputLevel AGGREGATE only/,
    );
    expect(
      (await gqlRegister('G-QB-ROWS', { ...since('2001-01-01'), outputLevel: 'PSEUDONYMISED_RECORDS' }))
        .errors,
    ).toBeUndefined();
    const rows = await researcher('G-QB-ROWS');
    for (let i = 0; i < 3; i++)
      expect((await call(rows, SEARCH('from: "2021-01-01", to: "2021-12-31"'))).errors).toBeUndefined();
    expect((await call(rows, BUDGET('G-QB-ROWS'))).data.grant).toEqual({
      queryBudget: null,
      queriesUsed: null,
      queryBudgetRemaining: null,
    });
    // An aggregate grant amended to row-level drops its budget (GraphQL amendGrant).
    const toRows = await call(
      await archivist(),
      'mutation { amendGrant(id: "G-QB-SEEN", input: { outputLevel: PSEUDONYMISED_RECORDS }, reason: "Radnivå godkjent") { version queryBudget } }',
    );
    expect(toRows.errors).toBeUndefined();
    expect(toRows.data.amendGrant).toEqual({ version: 2, queryBudget: null });
  });

  test('GDPR art. 89 (1), helseforskningsloven § 33: grants over the same cohort share one query budget (a second grant over the same definition, or over other conditions that find the same persons, does not double the counts averaging may spend on one person; concurrent answers under two grants of one cohort cannot overspend it)', async () => {
    await cliRegister('G-QB-TWIN-A', { queryBudget: 4, ...since('2000-01-01') });
    const a = await researcher('G-QB-TWIN-A');
    for (let i = 0; i < 4; i++)
      expect((await call(a, SEARCH(`from: "${2017 + i}-01-01", to: "2021-12-31"`))).errors).toBeUndefined();
    expect(forbidden(await call(a, SEARCH('from: "2021-01-01", to: "2021-12-31"')))).toEqual([
      expect.stringMatching(SPENT('G-QB-TWIN-A')),
    ]);
    // The attack: the same protocol registered again (the same definition), and one with other
    // conditions that find the same persons (no one of the cohort is born between 1999-06-01 and 2000).
    await cliRegister('G-QB-TWIN-B', { queryBudget: 4, ...since('2000-01-01') });
    await cliRegister('G-QB-TWIN-C', { queryBudget: 4, ...since('1999-06-01') });
    for (const id of ['G-QB-TWIN-B', 'G-QB-TWIN-C']) {
      const t = await researcher(id);
      expect(forbidden(await call(t, SEARCH('from: "2021-01-01", to: "2021-12-31"')))).toEqual([
        expect.stringMatching(SPENT(id)),
      ]);
      expect((await call(t, BUDGET(id))).data.grant).toEqual({
        queryBudget: 4,
        queriesUsed: 4,
        queryBudgetRemaining: 0,
      });
    }
    // Two grants of one cohort, 12 searches at once alternating between them, a budget of 5.
    await cliRegister('G-QB-POOL-P', { queryBudget: 5, ...since('1999-01-01') });
    await cliRegister('G-QB-POOL-Q', { queryBudget: 5, ...since('1999-01-01') });
    const p = await researcher('G-QB-POOL-P');
    const q = await researcher('G-QB-POOL-Q');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? q : p, SEARCH(`from: "${2017 + (i % 4)}-01-01", to: "2021-12-31"`)),
      ),
    );
    const answered = answers.filter((b) => !b.errors && typeof b.data.search.total === 'number');
    expect({ answered: answered.length, refused: answers.flatMap(forbidden).length }).toEqual({
      answered: 5,
      refused: 7,
    });
    expect((await call(q, BUDGET('G-QB-POOL-Q'))).data.grant.queriesUsed).toBe(5);
  });

  test('GDPR art. 89 (1), helseforskningsloven § 33: a term-report row that counts the same documents as the total or as another row of the answer is the same published count, charged once (a one-word search with its term report costs one; two words always together, three rows of one set, one)', async () => {
    await cliRegister('G-QB-ONCE', { queryBudget: 10, ...since('1998-01-01') });
    const token = await researcher('G-QB-ONCE');
    const used = async () => (await call(token, BUDGET('G-QB-ONCE'))).data.grant.queriesUsed as number;
    type Answer = { total: number | null; termReport: { word: string; hits: number | null }[] };
    const ask = async (query: string) => {
      const b = await call(
        token,
        `{ search(query: "${query}", expand: false) { total termReport { word hits } } }`,
      );
      expect(b.errors).toBeUndefined();
      return b.data.search as Answer;
    };
    // One word: its row counts the total's documents, and publishes the total's number.
    const one = await ask('zqxofte');
    expect(typeof one.total).toBe('number');
    expect(one.termReport).toEqual([{ word: 'zqxofte', hits: one.total }]);
    expect(await used()).toBe(1);
    // Two words always together: the total and both rows count the same six notes.
    const pair = await ask('zqxpar zqxpor');
    expect(typeof pair.total).toBe('number');
    expect(pair.termReport.map((t) => [t.word, t.hits]).sort()).toEqual([
      ['zqxpar', pair.total],
      ['zqxpor', pair.total],
    ]);
    expect(await used()).toBe(2);
    // Three sets of documents (no note has both words; each word's own): three counts.
    await ask('zqxofte zqxfaa');
    expect(await used()).toBe(5);
  });
});
