/**
 * Prints the evaluation table (recall, precision in the top 20) for a plain `match` with
 * the standard analyzer, a plain Norwegian-stemmed `match`, and Helsespor's search, on the
 * fixture exports (../shared/fixtures or HELSESPOR_FIXTURES), on real PostgreSQL and
 * Elasticsearch.
 *
 *   npm run bench:search-eval        (starts the services when no URLs are set)
 */
import { loadDevConfig } from '../lib/config';
import { startStack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import { fixture, HAVE_FIXTURES, FIXTURES_DIR } from '../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
} from '../dev/services';
import { evaluate, resolveEvalIds } from '../dev/search-eval';

async function main(): Promise<void> {
  if (!HAVE_FIXTURES) throw new Error(`no fixtures at ${FIXTURES_DIR}`);
  const tdb = await createTestDatabase();
  const db = tdb.db;
  const prefix = testIndexPrefix();
  const stack = await startStack(
    testConfig({
      databaseUrl: tdb.url,
      elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
      esIndexPrefix: prefix,
    }),
    { db, indexerIntervalMs: 60_000 },
  );
  try {
    for (const [s, p] of [
      ['gerica', 'gerica'],
      ['profil', 'profil'],
      ['hp', 'helseplattformen'],
    ] as const)
      await runImport(db, s, fixture(p));
    await stack.index();
    const token = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
    const dup = await gql(stack.gateway.url, '{ duplicateCandidates { a { id } b { id } } }', { token });
    for (const d of dup.body.data.duplicateCandidates) {
      await gql(
        stack.gateway.url,
        'mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "evaluering") { id } }',
        { token, variables: { a: d.a.id, b: d.b.id } },
      );
    }
    const results = await evaluate(stack, await resolveEvalIds(db), prefix);
    console.log(
      'query                      method            recall  precision@20  retrieved  tempting notes retrieved',
    );
    for (const r of results) {
      console.log(
        `${r.id.padEnd(26)} ${r.method.padEnd(16)} ${r.recall.toFixed(2).padStart(7)} ${r.precision.toFixed(2).padStart(13)} ${String(r.retrieved).padStart(10)}  ${r.temptingRetrieved.join(', ')}`,
      );
      if (loadDevConfig().evalVerbose && r.method === 'helsespor')
        console.log('   false positives:', r.falsePositives.join(' '), '| misses:', r.misses.join(' '));
    }
    for (const m of ['standard-match', 'norwegian-match', 'helsespor']) {
      const rs = results.filter((r) => r.method === m);
      const avg = (f: (r: (typeof rs)[0]) => number) =>
        (rs.reduce((n, r) => n + f(r), 0) / rs.length).toFixed(2);
      console.log(
        `mean ${m.padEnd(16)} recall ${avg((r) => r.recall)}  precision@20 ${avg((r) => r.precision)}`,
      );
    }
  } finally {
    await stack.stop();
    await tdb.drop();
    await dropIndexes(prefix);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
