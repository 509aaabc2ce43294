/**
 * Acceptance on the outside source exports: the lawsuit case's bullying query returns
 * every relevant note in the ages 13–15 window and nothing outside it, through the
 * gateway, on real Elasticsearch; and the labelled evaluation set (dev/search-eval.ts)
 * reaches recall 1.0 with precision ≥ 0.8 in the top 20.
 */
import { startStack, type Stack } from '../../scripts/stack';
import { runImport } from '../../subgraphs/journal/import/run';
import { describeWithFixtures, fixture } from '../../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../../dev/services';
import { EVALUATION, evaluate, resolveEvalIds } from '../../dev/search-eval';
import { everyoneMatterToken } from '../../dev/policy';

describeWithFixtures('fixtures: search', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let jonas: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    prefix = testIndexPrefix();
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
      }),
      { db: tdb.db, indexerIntervalMs: 60_000 },
    );
    await runImport(tdb.db, 'gerica', fixture('gerica'));
    await runImport(tdb.db, 'profil', fixture('profil'));
    await runImport(tdb.db, 'hp', fixture('helseplattformen'));
    await stack.index();
    const archivist = await stack.token({
      sub: 'arkivar',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const dup = await gql(
      stack.gateway.url,
      '{ duplicateCandidates { a { id nationalId } b { id nationalId } } }',
      { token: archivist },
    );
    const c = dup.body.data.duplicateCandidates.find(
      (x: any) => x.a.nationalId === '15850053739' || x.b.nationalId === '15850053739',
    );
    await gql(
      stack.gateway.url,
      'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme person") { id } }',
      { token: archivist, variables: { a: c.a.id, b: c.b.id } },
    );
    jonas = c.a.nationalId === '15850053739' ? c.a.id : c.b.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  test('the bullying query for the lawsuit case: every relevant note at ages 13–15, nothing outside, each saying which expansion matched', async () => {
    const token = await everyoneMatterToken(
      stack,
      {
        sub: 'jurist',
      },
      'LEGAL_PROCEEDINGS',
    );
    const r = await gql(
      stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) {
        search(query: "mobbing", ageFrom: 13, ageTo: 15, first: 100) {
          total hits { matchedExpansions journalEntry { id sourceSystem sourceId writtenAt text } }
          termReport { expansion kind hits } backend } } }`,
      { token, variables: { id: jonas } },
    );
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data.patient.search;
    expect(s.backend).toBe('elasticsearch');
    const got = s.hits.map((h: any) => `${h.journalEntry.sourceSystem}:${h.journalEntry.sourceId}`).sort();
    expect(got).toEqual([
      'GERICA:3104190',
      'PROFIL:205372',
      'PROFIL:205395',
      'PROFIL:205420',
      'PROFIL:205465',
      'PROFIL:205510',
      'PROFIL:205563',
    ]);
    for (const h of s.hits) {
      expect(h.matchedExpansions.length).toBeGreaterThan(0);
      const local = h.journalEntry.writtenAt.slice(0, 10);
      expect(local >= '2013-05-15' && local <= '2016-05-14').toBe(true);
    }
    const byId = Object.fromEntries(s.hits.map((h: any) => [h.journalEntry.sourceId, h.matchedExpansions]));
    expect(byId['205563']).toContain('mobbing:typo:mobbing'); // "mobing"
    expect(byId['205510']).toContain('mobbing:compound:mobb'); // "nettmobbing"
    expect(byId['205420']).toContain('mobbing:phrase:holdt utenfor'); // the linked duplicate's note
    expect(byId['205395']).toContain('mobbing:near:plaget'); // "plaget av noen i klassen"
    // "plaget av hoste" (205447, age 13) is not among them, and the report counts each expansion.
    expect(got).not.toContain('PROFIL:205447');
    const near = s.termReport.find((t: any) => t.expansion === 'mobbing:near:plaget');
    expect(near.hits).toBe(2);
  });

  test('switching an expansion off shows what it contributed', async () => {
    const token = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
    const q = `query ($id: ID!, $off: [String!]) { patient(id: $id) { search(query: "mobbing", ageFrom: 13, ageTo: 15, disabledExpansions: $off) { total } } }`;
    const all = await gql(stack.gateway.url, q, { token, variables: { id: jonas, off: [] } });
    const noTypo = await gql(stack.gateway.url, q, {
      token,
      variables: { id: jonas, off: ['typo', 'mobbing:term:mobing', 'mobbing:phrase:sitter alene'] },
    });
    const plain = await gql(
      stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { search(query: "mobbing", ageFrom: 13, ageTo: 15, expand: false) { total } } }`,
      { token, variables: { id: jonas } },
    );
    expect(all.body.data.patient.search.total).toBe(7);
    expect(noTypo.body.data.patient.search.total).toBe(6);
    expect(plain.body.data.patient.search.total).toBeLessThan(3);
  });

  test('the evaluation set: recall 1.0 and precision ≥ 0.8 in the top 20 for our search', async () => {
    const ids = await resolveEvalIds(tdb.db);
    const results = await evaluate(stack, ids, prefix);
    const ours = results.filter((r) => r.method === 'helsespor');
    expect(ours).toHaveLength(EVALUATION.length);
    for (const r of ours) {
      expect({ query: r.query, recall: r.recall }).toEqual({ query: r.query, recall: 1 });
      expect(r.precision).toBeGreaterThanOrEqual(0.8);
    }
  });
});
