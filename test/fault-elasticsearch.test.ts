/**
 * Fault tests (issue 10) with a private Elasticsearch (scripts/services.sh, own state dir,
 * port 59210) that only this file starts and kills (SIGKILL); PostgreSQL is the shared one
 * (a fresh database per test). Scenarios: Elasticsearch killed mid-import, with corrections
 * (helsepersonelloven § 42) and deletions (§§ 43–44) made while it is down; the stack
 * (subgraphs, gateway, indexer: one process) killed mid-indexing; a deleted note expunged from the index's segments. Each
 * asserts counts and a sample of texts afterwards and prints the figures.
 */
import { spawn, execFile } from 'node:child_process';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as EsClient } from '@elastic/elasticsearch';
import { writeJournalExports, type JournalExportSummary } from '../dev/journal-exports';
import { migrateSubgraph } from '../lib/subgraph';
import { aliasName } from '../search-index/definition';
import { createElasticsearchBackend } from '../search-index/elasticsearch';
import { backoffMs } from '../search-index/indexer';
import { startStack, type Stack } from '../scripts/stack';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport } from '../subgraphs/journal/import/run';
import { searchMigrations } from '../subgraphs/search';
import { figures, printFigures, privateServices, type PrivateServices } from '../dev/fault';
import { createTestDatabase, gql, testConfig, testIndexPrefix, type TestDatabase } from '../dev/services';

const REPO = join(__dirname, '..');
const run = promisify(execFile);
let dir: string;
let summary: JournalExportSummary;
let es: PrivateServices;
let esUrl: string;

jest.setTimeout(400_000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-fault-es-'));
  summary = await writeJournalExports(dir, {
    patients: 1000,
    notesPerPatient: 20,
    migratedShare: 0,
    seed: 33,
  });
  es = privateServices('elasticsearch', { es: 59210 });
  await es.start('es');
  esUrl = es.elasticsearchUrl!;
});

afterAll(async () => {
  for (const kill of children) kill(); // a stack left by a failed test
  if (esUrl) {
    const c = new EsClient({ node: esUrl });
    // By name: Elasticsearch refuses wildcard deletes.
    const names = Object.keys(
      await c.indices.get({ index: 'hs-test-*', allow_no_indices: true }).catch(() => ({})),
    );
    if (names.length) await c.indices.delete({ index: names }).catch(() => undefined);
    await c.close();
  }
  await es?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function indexed(prefix: string): Promise<number> {
  const c = new EsClient({ node: esUrl, requestTimeout: 2000, maxRetries: 0 });
  try {
    await c.indices.refresh({ index: aliasName(prefix) });
    return (await c.count({ index: aliasName(prefix) })).count;
  } catch {
    return 0;
  } finally {
    await c.close();
  }
}

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm run cli -- reconcile --check` against this database and index: exit code and output. */
async function reconcileCheck(url: string, prefix: string): Promise<{ code: number; out: string }> {
  try {
    const r = await run(
      join(REPO, 'node_modules', '.bin', 'tsx'),
      ['scripts/cli.ts', 'reconcile', '--check'],
      {
        cwd: REPO,
        env: {
          ...process.env,
          DATABASE_URL: url,
          ELASTICSEARCH_URL: esUrl,
          ES_INDEX_PREFIX: prefix,
          LOG_LEVEL: 'fatal',
        },
      },
    );
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

const children: (() => void)[] = [];

/** dev/stack-process.ts (subgraphs, gateway, indexer) as a child process in its own process group. */
function startStackProcess(url: string, prefix: string) {
  const child = spawn(join(REPO, 'node_modules', '.bin', 'tsx'), ['dev/stack-process.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: url,
      ELASTICSEARCH_URL: esUrl,
      ES_INDEX_PREFIX: prefix,
      LOG_LEVEL: 'error',
    },
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  let gone = false;
  const exited = new Promise((r) => child.on('exit', r)).then(() => (gone = true));
  /** SIGKILL to the process group: tsx and node. */
  const kill = () => {
    if (!gone) process.kill(-child.pid!, 'SIGKILL');
  };
  children.push(kill);
  return {
    exited,
    kill,
    until: (what: string, ok: () => Promise<boolean>) =>
      waitFor(what, async () => {
        if (gone) throw new Error('the stack exited');
        return ok();
      }).catch((err) => {
        throw new Error(`${(err as Error).message}; the stack said: ${output}`);
      }),
  };
}

test('the indexer backs off exponentially up to its cap', () => {
  expect([0, 1, 2, 3, 4, 10, 50].map((f) => backoffMs(f, 500, 30_000))).toEqual([
    500, 1000, 2000, 4000, 8000, 30_000, 30_000,
  ]);
});

describe('Elasticsearch killed mid-import; corrections and deletions while it is down; expunge', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  const prefix = testIndexPrefix();
  beforeAll(async () => {
    tdb = await createTestDatabase();
    stack = await startStack(
      testConfig({ databaseUrl: tdb.url, elasticsearchUrl: esUrl, esIndexPrefix: prefix }),
      {
        db: tdb.db,
        indexerIntervalMs: 100,
        maxBackoffMs: 2000,
      },
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
  });

  afterEach(async () => {
    await es.start('es'); // a failed assertion while it was down must not leave it down for the next test
  });

  test('nothing is lost: the index catches up, corrected texts are found, deleted ones are not', async () => {
    const importing = runImport(tdb.db, 'gerica', join(dir, 'gerica'));
    await waitFor('the first indexed documents', async () => (await indexed(prefix)) > 1000);
    es.kill('es');
    const killedAt = Date.now();
    const attemptsAtKill = stack.indexerStats().attempts;
    const report = await importing; // PostgreSQL alone decides what is stored
    expect(report.counts.entries.accepted).toBe(summary.gericaNotes);

    const token = await stack.token({
      sub: 'arkivar-2',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    // Search answers clearly, without internal addresses.
    const s = await gql(stack.gateway.url, '{ search(query: "besøk") { total } }', { token });
    expect(s.body.errors?.[0]?.extensions?.code).toBe('SEARCH_UNAVAILABLE');
    expect(s.body.errors?.[0]?.message).toMatch(/search is unavailable at the moment; try again/);
    expect(JSON.stringify(s.body)).not.toMatch(/127\.0\.0\.1|59210|localhost|ECONNREFUSED/);

    // Corrections and deletions while Elasticsearch is down.
    const notes = (
      await tdb.db.query<{ id: string; text: string }>(
        `SELECT id, text FROM journal.journal_entry ORDER BY source_id LIMIT 3 OFFSET 5000`,
      )
    ).rows;
    const [corrected, deleted, kept] = notes as [(typeof notes)[0], (typeof notes)[0], (typeof notes)[0]];
    // Corrections and deletions are the journalansvarlig's decisions (issue 15).
    const ansvarlig = await stack.token({ role: 'journalansvarlig', purpose: 'RECORD_CORRECTION' });
    const c = await gql(
      stack.gateway.url,
      'mutation($id: ID!) { correctJournalEntry(id: $id, text: "Rettet: zyxrettetord i notatet.", reason: "feil") { version } }',
      { token: ansvarlig, variables: { id: corrected.id } },
    );
    expect(c.body.errors).toBeUndefined();
    const d = await gql(
      stack.gateway.url,
      `mutation($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "helsepersonelloven § 43", assessment: {
        generallyUnobjectionable: true, archiveLawAllows: true, obviouslyNotNeededForCare: true }) { id } }`,
      { token: ansvarlig, variables: { id: deleted.id } },
    );
    expect(d.body.errors).toBeUndefined();

    // While Elasticsearch is unreachable the indexer backs off (100 ms doubling to a 2 s cap here)
    // and logs the backlog: how many changes wait, and for how long.
    await waitFor('four failed attempts', async () => stack.indexerStats().failures >= 4, 120_000);
    const down = stack.indexerStats();
    const elapsed = Date.now() - killedAt;
    const attempts = down.attempts - attemptsAtKill;
    // At most as many attempts as backoff pauses fit in the time down (+1 for the one in flight);
    // without backoff there would be one every 100 ms.
    let fit = 0;
    for (let t = 0; t <= elapsed; fit++) t += backoffMs(fit + 1, 100, 2000);
    expect(attempts).toBeLessThanOrEqual(fit + 1);
    expect(attempts).toBeLessThan(elapsed / 100);
    const journalBacklog = down.lastBacklog.find((b) => b.outbox === 'journal')!;
    expect(journalBacklog.pending).toBeGreaterThan(0);
    expect(journalBacklog.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    process.stdout.write(
      `[fault figures] Elasticsearch down ${(elapsed / 1000).toFixed(1)} s: ${attempts} indexing attempts (no backoff: ${Math.floor(elapsed / 100)}); backlog ${JSON.stringify(down.lastBacklog)}\n`,
    );

    await es.start('es');
    await waitFor('the index to catch up', async () => {
      await stack.index().catch(() => undefined);
      return (await indexed(prefix)) === summary.gericaNotes - 1;
    });
    const f = await figures(tdb.db, stack.backend, summary.gericaNotes - 1);
    printFigures('Elasticsearch killed mid-import; a correction and a deletion while it was down', f);
    expect(f).toEqual({
      expected: summary.gericaNotes - 1,
      inPostgres: summary.gericaNotes - 1,
      inIndex: summary.gericaNotes - 1,
      lost: 0,
      duplicated: 0,
      stray: 0,
    });
    // A sample of texts: the correction is what is found, the deleted note is not, others as imported.
    const client = new EsClient({ node: esUrl });
    try {
      const docs = await client.mget<{ text: string }>({
        index: aliasName(prefix),
        ids: [corrected.id, deleted.id, kept.id],
      });
      const byId = new Map(docs.docs.map((x) => [x._id, 'found' in x && x.found ? x._source!.text : null]));
      expect(byId.get(corrected.id)).toBe('Rettet: zyxrettetord i notatet.');
      expect(byId.get(deleted.id)).toBeNull();
      expect(byId.get(kept.id)).toBe(kept.text);
    } finally {
      await client.close();
    }
    const check = await reconcileCheck(tdb.url, prefix);
    expect(check).toMatchObject({ code: 0 });
    expect(check.out).toMatch(/0 missing, 0 stale, 0 stray/);
  });

  test("after a deletion the note's unique word is in no segment: term query 0, deleted-docs count 0", async () => {
    // Corrections and deletions are the journalansvarlig's decisions (issue 15).
    const token = await stack.token({
      sub: 'journalansvarlig-2',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    const id = (
      await tdb.db.query<{ id: string }>(
        `SELECT id FROM journal.journal_entry WHERE text IS NOT NULL ORDER BY id LIMIT 1`,
      )
    ).rows[0]!.id;
    await gql(
      stack.gateway.url,
      'mutation($id: ID!) { correctJournalEntry(id: $id, text: "Notat med ordet qwxslettord.", reason: "test") { id } }',
      { token, variables: { id } },
    );
    await stack.index();
    const client = new EsClient({ node: esUrl });
    const alias = aliasName(prefix);
    const term = async () =>
      (await client.count({ index: alias, query: { term: { 'text.exact': 'qwxslettord' } } })).count;
    const deletedDocs = async () => {
      const st = await client.indices.stats({ index: alias, metric: 'docs', level: 'shards' });
      return Object.values(st.indices ?? {}).flatMap((i) =>
        Object.values(i.shards ?? {}).flatMap((copies) =>
          (copies as { docs?: { deleted?: number }; routing?: { primary?: boolean } }[])
            .filter((x) => x.routing?.primary)
            .map((x) => x.docs?.deleted ?? 0),
        ),
      );
    };
    try {
      expect(await term()).toBe(1);
      const del = await gql(
        stack.gateway.url,
        `mutation($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "ført på feil person", ground: HPL_44,
          assessment: { wrongPerson: true, publicInterestAgainst: false }) { id } }`,
        { token, variables: { id } },
      );
      expect(del.body.errors).toBeUndefined();
      await stack.index();
      expect(await term()).toBe(0);
      expect((await deletedDocs()).some((n) => n > 0)).toBe(true); // still in a segment, marked deleted
      // Elasticsearch keeps deletes newer than its retention lease (renewed about every 30 s): the
      // scheduled expunge comes back until they are gone; here it is asked every 5 s, at most 2 minutes.
      let r = await stack.expunge();
      expect(r.deletedBefore).toBeGreaterThan(0);
      for (let i = 0; r.deletedAfter !== 0 && i < 24; i++) {
        await new Promise((res) => setTimeout(res, 5000));
        r = await stack.expunge();
      }
      expect(r.deletedAfter).toBe(0);
      expect(await deletedDocs()).toEqual([0]);
      expect(await term()).toBe(0);
      // searchCoverage says when the expunge ran.
      const p = await tdb.db.query<{ patient_id: string }>(
        'SELECT patient_id FROM journal.journal_entry WHERE id = $1',
        [id],
      );
      const cov = await gql(
        stack.gateway.url,
        'query($id: ID!) { patient(id: $id) { searchCoverage { inStep lastExpungeAt } } }',
        { token, variables: { id: p.rows[0]!.patient_id } },
      );
      expect(cov.body.errors).toBeUndefined();
      expect(cov.body.data.patient.searchCoverage.lastExpungeAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    } finally {
      await client.close();
    }
  });
});

test('the stack killed mid-indexing: reconcile --check reports the drift, a restart catches up', async () => {
  const tdb = await createTestDatabase();
  const prefix = testIndexPrefix();
  try {
    await migrateSubgraph(tdb.db, journalSubgraph);
    await migrateSubgraph(tdb.db, searchMigrations);
    const report = await runImport(tdb.db, 'gerica', join(dir, 'gerica'));
    expect(report.counts.entries.accepted).toBe(summary.gericaNotes);
    const stackProcess = startStackProcess(tdb.url, prefix);
    await stackProcess.until('the first indexed documents', async () => (await indexed(prefix)) > 1000);
    stackProcess.kill();
    await stackProcess.exited;
    const atKill = await indexed(prefix);
    expect(atKill).toBeLessThan(summary.gericaNotes);

    const check = await reconcileCheck(tdb.url, prefix);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/(\d+) missing/);
    // Elasticsearch finishes the bulk request it had when the process died: count again.
    expect(Number(check.out.match(/(\d+) missing/)![1])).toBe(summary.gericaNotes - (await indexed(prefix)));
    expect(check.out).toMatch(/Drift found/);

    // The stack started again catches up from the outbox.
    const again = startStackProcess(tdb.url, prefix);
    await again.until('the index to catch up', async () => (await indexed(prefix)) === summary.gericaNotes);
    again.kill();
    await again.exited;
    const backend = createElasticsearchBackend({ url: esUrl, prefix, hunspellLocale: 'nb_NO' });
    try {
      const f = await figures(tdb.db, backend, summary.gericaNotes);
      printFigures('stack killed mid-indexing, stack restarted', f);
      expect(f).toEqual({
        expected: summary.gericaNotes,
        inPostgres: summary.gericaNotes,
        inIndex: summary.gericaNotes,
        lost: 0,
        duplicated: 0,
        stray: 0,
      });
      const sample = await tdb.db.query<{ id: string; text: string }>(
        'SELECT id, text FROM journal.journal_entry ORDER BY id LIMIT 5 OFFSET 12345',
      );
      const client = new EsClient({ node: esUrl });
      const docs = await client.mget<{ text: string }>({
        index: aliasName(prefix),
        ids: sample.rows.map((r) => r.id),
      });
      await client.close();
      expect(docs.docs.map((x) => ('found' in x && x.found ? x._source!.text : null))).toEqual(
        sample.rows.map((r) => r.text),
      );
    } finally {
      await backend.close();
    }
    expect((await reconcileCheck(tdb.url, prefix)).code).toBe(0);
  } finally {
    await tdb.drop();
  }
});
