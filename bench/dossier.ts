/**
 * Benchmark (issue 14): the dossier of one person with 20 years of records, ≈ 5,000 items
 * across the subgraphs (journal notes, care contacts, service decisions, coercion decisions
 * and executions, archive cases, journalposts and documents). Reports p50/p95 of
 * dossier(patientId) through the gateway, beside the same data fetched straight from the
 * owning subgraphs (the same owner queries and merge, run in this process against each
 * subgraph's URL: no gateway, no dossier hop), in the same run, and the ratio.
 *
 *   DATABASE_URL=... npx tsx bench/dossier.ts [runs=30]
 * (`npm run bench:dossier` starts PostgreSQL and Elasticsearch; without ELASTICSEARCH_URL the
 * concepts are searched on the embedded PostgreSQL full-text search.) Target: p95 through the
 * gateway ≤ 300 ms.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../lib/config';
import { startStack } from '../scripts/stack';
import { importNoark } from '../subgraphs/archive/noark/import';
import { insertDecisions, insertExecutions } from '../subgraphs/coercion/store';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';
import { buildDossier } from '../subgraphs/dossier/build';
import { OwnerClient, type OwnerUrls } from '../subgraphs/dossier/client';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { generateCoercionHistory, generateNoarkExtract, prng } from '../dev/generator';

const YEARS = 20;
const FROM_YEAR = 2005;
const NOTES = 2800;
const CONTACTS = 700;
const DECISIONS = 100;
const EXECUTION_EVERY = 9; // of one a day over 20 years
const CASES = 100;
/** A timeline page as a reader asks for it (the UI's page; the bundle streams all). */
const PAGE = 100;

const DOSSIER = `query ($id: ID!, $c: [String!], $first: Int) { dossier(patientId: $id, concepts: $c, first: $first) {
  window { kind } totalItems pageInfo { hasNextPage endCursor } items { id kind at sourceSystem sourceId title text author unit
    provenance { copies { sourceId } corrections { at } } concepts { concept highlights } tombstone { deletedAt }
    details { label value } links { relation recordId basis } }
  completeness { systems { sourceSystem recordsInWindow searched quarantined notSearchable { reason count } } } } }`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function main(): Promise<void> {
  if (!loadConfig().databaseUrl)
    throw new Error('DATABASE_URL is required (npm run bench:dossier starts PostgreSQL)');
  const runs = Number(process.argv[2] ?? 30);
  const tdb = await createTestDatabase();
  const db = tdb.db;
  // The concepts are searched on Elasticsearch, as in production, when it is given
  // (npm run bench:dossier starts it); else on the embedded PostgreSQL full-text search.
  const esUrl = loadConfig().elasticsearchUrl;
  const prefix = esUrl ? testIndexPrefix() : undefined;
  const config = testConfig({
    databaseUrl: tdb.url,
    ...(esUrl ? { elasticsearchUrl: esUrl, esIndexPrefix: prefix } : {}),
  });
  const stack = await startStack(config, { db, indexerIntervalMs: 600_000 });
  const scratch = mkdtempSync(join(tmpdir(), 'helsespor-bench-dossier-'));
  try {
    const t0 = Date.now();
    const r = prng(14);
    const h = generateCoercionHistory({ years: YEARS, perDay: 1, fromYear: FROM_YEAR });
    const person = h.patient;
    await insertPatients(db, [person]);
    const day = (i: number, n: number) =>
      new Date(Date.UTC(FROM_YEAR, 0, 1) + Math.floor(((i + r()) / n) * YEARS * 365.25 * 86400000));
    const notes = Array.from({ length: NOTES }, (_, i) => ({
      id: `je-bench-${i}`,
      patientId: person.id,
      sourceSystem: (['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'] as const)[i % 3]!,
      sourceId: `b${i}`,
      type: 'Journalnotat',
      authorName: `Forfatter ${i % 40}`,
      writtenAt: day(i, NOTES).toISOString(),
      text: `Notat ${i}. ${i % 25 === 0 ? 'Han blir mobbet på skolen. ' : ''}Hjemmebesøk, vurdering av hjelpebehov og oppfølging av medisiner.`,
    }));
    for (let i = 0; i < notes.length; i += 1000) await insertJournalEntries(db, notes.slice(i, i + 1000));
    await db.query(
      `INSERT INTO journal.care_contact (id, patient_id, source_system, source_id, service, contact_class, period_start, period_end)
       SELECT 'cc-bench-' || g, $1, 'HELSEPLATTFORMEN', 'enc-bench-' || g, 'Hjemmesykepleie', 'HH',
              $2::timestamptz + (g * ($3::float / $4)) * interval '1 day', $2::timestamptz + (g * ($3::float / $4)) * interval '1 day' + interval '45 minutes'
         FROM generate_series(0, $4 - 1) g`,
      [person.id, `${FROM_YEAR}-01-01T10:00:00+01:00`, YEARS * 365, CONTACTS],
    );
    await db.query(
      `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, service, decided_on,
              valid_from, outcome, outcome_basis, justification, content_hash)
       SELECT 'sd-bench-' || g, $1, 'GERICA', 'V-B-' || g, 'Hjemmesykepleie', 'Hjemmesykepleie daglig',
              ($2::date + (g * ($3::float / $4))::int), ($2::date + (g * ($3::float / $4))::int + 3), 'GRANTED',
              'bench', 'Behov for hjelp. Se vurdering 03.11.2022.', md5(g::text)
         FROM generate_series(0, $4 - 1) g`,
      [person.id, `${FROM_YEAR}-01-01`, YEARS * 365, DECISIONS],
    );
    const executions = h.executions.filter((_, i) => i % EXECUTION_EVERY === 0);
    await db.transaction(async (tx) => {
      await insertDecisions(tx, h.decisions);
      await insertExecutions(tx, executions);
    });
    const noark = generateNoarkExtract({
      saksmapper: CASES,
      clients: Array.from({ length: CASES }, () => ({ nationalId: person.nationalId, name: 'Ole Lie' })),
    });
    for (const f of noark.files) {
      mkdirSync(dirname(join(scratch, f.path)), { recursive: true });
      writeFileSync(join(scratch, f.path), f.content);
    }
    await importNoark(db, scratch);
    await stack.index();
    await db.query('ANALYZE');

    const token = await stack.matterToken(
      { id: 'M-bench-dossier', patientIds: [person.id], nationalIds: [person.nationalId] },
      { sub: 'bench' },
    );
    const urls = Object.fromEntries(stack.subgraphs.map((s) => [s.name, s.url])) as unknown as OwnerUrls;
    const direct = (concepts: string[], first: number | null) =>
      buildDossier(
        new OwnerClient(
          { urls: () => urls, internalSecret: config.internalSecret },
          {
            userId: 'bench',
            role: 'legal',
            purpose: 'LEGAL_PROCEEDINGS',
            matter: 'M-bench-dossier',
            selfAuthorized: false,
            requestId: randomUUID(),
          },
        ),
        { patientId: person.id, concepts },
        undefined,
        { first },
      );
    const viaGateway = async (concepts: string[], first: number | null) => {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DOSSIER, variables: { id: person.id, c: concepts, first } }),
      });
      const body = (await res.json()) as { data?: { dossier: { items: unknown[] } }; errors?: unknown[] };
      if (body.errors) throw new Error(`dossier failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body.data!.dossier.items.length;
    };
    const items = await viaGateway([], null);
    const d = await direct([], null);
    if (d.items.length !== items) throw new Error(`gateway ${items} items, direct ${d.items.length}`);
    const kinds = new Map<string, number>();
    for (const i of d.items) kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
    console.log(
      `one person, ${YEARS} years (${FROM_YEAR}–${FROM_YEAR + YEARS - 1}): ${items} dossier items (${[
        ...kinds,
      ]
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}); loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    // Wall time, and the CPU time of this one process (gateway, every subgraph and the client
    // run in it): on a shared machine the CPU time is the figure the load does not inflate.
    const rows = [
      [
        'dossier',
        'gateway p50',
        'gateway p95',
        'direct p50',
        'direct p95',
        'p95 gateway / direct',
        'CPU gateway',
        'CPU direct',
      ],
    ];
    const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
    const cases: [string, string[], number | null][] = [
      [`first page (${PAGE} items), no concepts`, [], PAGE],
      [`first page (${PAGE} items), concepts: mobbing`, ['mobbing'], PAGE],
      [`whole timeline (${items} items), no concepts`, [], null],
    ];
    for (const [label, concepts, first] of process.env.BENCH_ONLY_PAGE ? cases.slice(0, 1) : cases) {
      const gw: number[] = [];
      const dr: number[] = [];
      const gwCpu: number[] = [];
      const drCpu: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        let t = process.hrtime.bigint();
        let c = process.cpuUsage();
        await viaGateway(concepts, first);
        const g = Number(process.hrtime.bigint() - t) / 1e6;
        const gc = cpuMs(process.cpuUsage(c));
        t = process.hrtime.bigint();
        c = process.cpuUsage();
        await direct(concepts, first);
        const x = Number(process.hrtime.bigint() - t) / 1e6;
        const xc = cpuMs(process.cpuUsage(c));
        if (i < 2) continue; // warm-up
        gw.push(g);
        dr.push(x);
        gwCpu.push(gc);
        drCpu.push(xc);
      }
      rows.push([
        label,
        pct(gw, 50).toFixed(0),
        pct(gw, 95).toFixed(0),
        pct(dr, 50).toFixed(0),
        pct(dr, 95).toFixed(0),
        (pct(gw, 95) / pct(dr, 95)).toFixed(2),
        pct(gwCpu, 50).toFixed(0),
        pct(drCpu, 50).toFixed(0),
      ]);
    }
    console.log(
      `ms over ${runs} runs after two warm-ups (CPU: median CPU ms of this process per dossier); concepts searched on ${esUrl ? 'Elasticsearch' : 'the embedded PostgreSQL full-text search'}; target: gateway p95 ≤ 300 ms; machine: ${cpus().length} cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
    for (const x of rows)
      console.log(x.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  } finally {
    await stack.stop();
    await tdb.drop();
    if (prefix) await dropIndexes(prefix);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
