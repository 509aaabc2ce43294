/**
 * Benchmark: what the policy room (lib/policy) and the access log cost, on the two reads
 * that matter most, in one run on the same data, interleaved request by request:
 *
 *   policed  the product as it runs: policy compiled per request (matter, break-the-glass
 *            grants, linked records), pushed into SQL and the Elasticsearch filter, field
 *            checks, one access-log INSERT per subgraph per request;
 *   bare     the same subgraphs and gateway with no policy and no access log (the limit).
 *
 * Reads: the age-window concept search (`search(query: "mobbing", ageFrom: 13, ageTo: 15)`)
 * and a full journal read (1,000 notes with text) of one person, as a legal user on a matter.
 * Also: compilePolicy alone.
 *
 *   npm run bench:policy [queries=200] [fillerPatients=300]
 */
import { loadConfig } from '../lib/config';
import { compilePolicy } from '../lib/policy/policy';
import { startStack, type Stack } from '../scripts/stack';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';
import { createTestDatabase, dropIndexes, testConfig, testIndexPrefix } from '../dev/services';
import { prng } from '../dev/generator';

const SENTENCES = [
  'Morgenbesøk. Medisiner tatt under tilsyn.',
  'Hoste og lett feber i tre dager.',
  'Forteller at hun ble mobbet i friminuttene.',
  'Er plaget av noen i klassen og gruer seg til skolen.',
  'Blir holdt utenfor av de andre i klassen.',
  'Samtale med mor om søvn og skjermbruk.',
  'Vaksinert etter programmet, ingen reaksjoner.',
  'BT 142/88, puls 76.',
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function post(url: string, token: string, query: string, variables: object): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 500));
}

async function main(): Promise<void> {
  const { databaseUrl, elasticsearchUrl: esUrl } = loadConfig();
  if (!databaseUrl || !esUrl)
    throw new Error('DATABASE_URL and ELASTICSEARCH_URL are required (npm run bench:policy starts both)');
  const queries = Number(process.argv[2] ?? 200);
  const filler = Number(process.argv[3] ?? 300);
  const tdb = await createTestDatabase();
  const prefix = testIndexPrefix();
  const config = testConfig({ databaseUrl: tdb.url, elasticsearchUrl: esUrl, esIndexPrefix: prefix });
  const stacks: Stack[] = [];
  try {
    const policed = await startStack(config, { db: tdb.db, indexerIntervalMs: 3_600_000 });
    stacks.push(policed);
    const bare = await startStack(config, {
      db: tdb.db,
      indexerIntervalMs: 3_600_000,
      withoutPolicyAndAudit: true,
    });
    stacks.push(bare);

    // One person with 1,000 notes from age 3 to 30, and filler people with 100 each.
    const r = prng(11);
    const person = 'pt-bench-person';
    const notes = (id: string, born: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({
        id: `${id}-${k}`,
        patientId: id,
        sourceSystem: (['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'] as const)[k % 3]!,
        sourceId: `${id}-${k}`,
        type: 'Journalnotat',
        authorName: 'Berit Hoel',
        writtenAt: new Date(
          Date.UTC(born + 3 + Math.floor(r() * 27), Math.floor(r() * 12), 1 + Math.floor(r() * 28), 9),
        ).toISOString(),
        text: Array.from(
          { length: 2 + Math.floor(r() * 3) },
          () => SENTENCES[Math.floor(r() * SENTENCES.length)],
        ).join(' '),
      }));
    await insertPatients(tdb.db, [
      {
        id: person,
        nationalId: '13889910059',
        familyName: 'Bench',
        givenName: 'Ida',
        birthDate: '1990-05-05',
      },
      ...Array.from({ length: filler }, (_, p) => ({
        id: `pt-bench-${p}`,
        nationalId: null,
        familyName: 'Bench',
        givenName: `P${p}`,
        birthDate: '1985-01-01',
      })),
    ]);
    await insertJournalEntries(tdb.db, notes(person, 1990, 1000));
    for (let p = 0; p < filler; p++) await insertJournalEntries(tdb.db, notes(`pt-bench-${p}`, 1985, 100));
    await policed.index();
    console.log(
      `data: 1 person with 1000 notes, ${filler} others with 100 each (${1000 + filler * 100} notes), indexed`,
    );

    const token = await policed.matterToken({ id: 'M-bench-policy', patientIds: [person] }, { sub: 'bench' });
    const reads: [string, string][] = [
      [
        'age-window search',
        `query ($id: ID!) { patient(id: $id) { search(query: "mobbing", ageFrom: 13, ageTo: 15, first: 20) { total hits { score matchedExpansions highlights journalEntry { id writtenAt } } } } }`,
      ],
      [
        'full journal read',
        `query ($id: ID!) { patient(id: $id) { givenName journal(first: 1000) { totalCount edges { node { id writtenAt sourceSystem text } } } } }`,
      ],
    ];
    const logBefore = Number(
      (await tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM audit.access_log')).rows[0]!.n,
    );
    const lat = new Map<string, number[]>();
    for (let i = 0; i < queries + 20; i++) {
      for (const [name, q] of reads) {
        // Interleaved, alternating which goes first, so both see the same caches and load.
        const order: [string, Stack][] =
          i % 2
            ? [
                ['bare', bare],
                ['policed', policed],
              ]
            : [
                ['policed', policed],
                ['bare', bare],
              ];
        for (const [variant, s] of order) {
          const ms = await timed(() => post(s.gateway.url, token, q, { id: person }));
          if (i >= 20) lat.set(`${name}|${variant}`, [...(lat.get(`${name}|${variant}`) ?? []), ms]);
        }
      }
    }
    const logRows =
      Number((await tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM audit.access_log')).rows[0]!.n) -
      logBefore;

    console.log(`\n${queries} requests each, through the gateway (ms)`);
    console.log('read                 variant   p50     p95     mean');
    for (const [name] of reads) {
      const stats: Record<string, { p50: number; p95: number; mean: number }> = {};
      for (const variant of ['bare', 'policed']) {
        const l = [...lat.get(`${name}|${variant}`)!].sort((a, b) => a - b);
        stats[variant] = { p50: pct(l, 50), p95: pct(l, 95), mean: l.reduce((a, b) => a + b, 0) / l.length };
        const s = stats[variant]!;
        console.log(
          `${name.padEnd(20)} ${variant.padEnd(8)} ${s.p50.toFixed(1).padStart(6)}  ${s.p95.toFixed(1).padStart(6)}  ${s.mean.toFixed(1).padStart(6)}`,
        );
      }
      const d = stats.policed!.p50 - stats.bare!.p50;
      console.log(
        `${''.padEnd(20)} cost     ${d.toFixed(1).padStart(6)} ms at p50 (${((100 * d) / stats.bare!.p50).toFixed(0)} %), ${(stats.policed!.mean - stats.bare!.mean).toFixed(1)} ms mean`,
      );
    }
    console.log(`access-log rows written by the policed requests: ${logRows}`);

    // The policy's own compile (matter + break-the-glass grants + linked records: two round trips).
    const caller = {
      userId: 'bench',
      role: 'legal' as const,
      purpose: 'LEGAL_PROCEEDINGS',
      matter: 'M-bench-policy',
      selfAuthorized: false,
      requestId: 'c',
    };
    for (let i = 0; i < 50; i++) await compilePolicy(tdb.db, caller);
    const c: number[] = [];
    for (let i = 0; i < 500; i++) c.push(await timed(async () => void (await compilePolicy(tdb.db, caller))));
    c.sort((a, b) => a - b);
    console.log(
      `compilePolicy alone (legal on a matter): p50 ${pct(c, 50).toFixed(2)} ms, p95 ${pct(c, 95).toFixed(2)} ms`,
    );
  } finally {
    for (const s of stacks.reverse()) await s.stop();
    await tdb.drop();
    await dropIndexes(prefix);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
