/**
 * Acceptance on the outside source exports: every fixture imports, a second run changes
 * nothing, the bad Gerica batch quarantines each broken record with its own reason, and
 * the lawsuit case's age-window query returns every in-window note from all three
 * systems (the linked duplicate's included) and none outside — through the gateway, on
 * real PostgreSQL and Elasticsearch. Then a correction shows its history and a deletion
 * is gone from SQL and from the index.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { osloDate } from '../../lib/oslo-time';
import { startStack, type Stack } from '../../scripts/stack';
import { runImport } from '../../subgraphs/journal/import/run';
import type { ImportReport } from '../../subgraphs/journal/import/writer';
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
import { everyoneMatterToken } from '../../dev/policy';

const JONAS = '15850053739';
const WINDOW = { from: '2013-05-15', to: '2016-05-14' }; // ages 13–15, born 2000-05-15

/** The lawsuit case's notes, read straight from the fixture files: source system, source id, local date. */
function expectedCaseNotes(): { key: string; date: string }[] {
  const out: { key: string; date: string }[] = [];
  const gerica = parseCsv(readFileSync(fixture('gerica', 'journalnotater.csv')).toString('latin1'), {
    delimiter: ';',
    columns: true,
    record_delimiter: '\r\n',
  }) as Record<string, string>[];
  for (const r of gerica) {
    if (r.Fodselsnr !== JONAS) continue;
    const [d, m, y] = r.Dato!.split('.');
    out.push({ key: `GERICA:${r.NotatID}`, date: `${y}-${m}-${d}` });
  }
  const xml = readFileSync(fixture('profil', 'profil-eksport.xml'), 'utf8');
  for (const k of xml.split('<klient ').slice(1)) {
    const head = k.slice(0, k.indexOf('>'));
    const isJonas =
      head.includes(`fnr="${JONAS}"`) ||
      (head.includes('etternavn="Berg"') &&
        head.includes('fornavn="Jonas"') &&
        head.includes('fodt="2000-05-15"'));
    if (!isJonas) continue;
    for (const m of k.matchAll(/<notat id="(\d+)" dato="(\d{4}-\d{2}-\d{2})T/g))
      out.push({ key: `PROFIL:${m[1]}`, date: m[2]! });
  }
  const hpPatient = readFileSync(fixture('helseplattformen', 'Patient.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((p) => p.identifier[0].value === JONAS);
  for (const l of readFileSync(fixture('helseplattformen', 'DocumentReference.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)) {
    const d = JSON.parse(l);
    if (d.subject.reference !== `Patient/${hpPatient.id}` || d.status !== 'current') continue;
    const legacy = d.identifier?.[0]; // a migrated copy is counted once, as its legacy original
    const key = legacy
      ? `${legacy.system.endsWith('gerica') ? 'GERICA' : 'PROFIL'}:${legacy.value}`
      : `HELSEPLATTFORMEN:${d.id}`;
    out.push({ key, date: osloDate(new Date(d.date)) });
  }
  const unique = new Map(out.map((o) => [o.key, o]));
  return [...unique.values()];
}

describeWithFixtures('fixtures: patient journal', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  const first: ImportReport[] = [];
  const second: ImportReport[] = [];
  const runs: [Parameters<typeof runImport>[1], string][] = [
    ['gerica', fixture('gerica')],
    ['gerica', fixture('gerica', 'bad', 'journalnotater_feil.csv')],
    ['profil', fixture('profil')],
    ['hp', fixture('helseplattformen')],
  ];

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
    for (const [source, path] of runs) first.push(await runImport(tdb.db, source, path));
    for (const [source, path] of runs) second.push(await runImport(tdb.db, source, path));
    await stack.index();
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  test('all fixtures import, and a second run reports everything unchanged', () => {
    const total = (r: ImportReport, k: 'accepted' | 'updated') =>
      Object.values(r.counts).reduce((n, c) => n + c[k], 0);
    expect(first.map((r) => r.counts.entries.accepted)).toEqual([105, 7, 62, 113]);
    expect(first[3]!.migratedCopiesLinked).toBe(7);
    for (const r of second) {
      expect(total(r, 'accepted')).toBe(0);
      expect(total(r, 'updated')).toBe(0);
    }
    expect(second.map((r) => r.counts.entries.unchanged)).toEqual([105, 7, 62, 120]);
  });

  test('the bad Gerica batch imports its good rows and quarantines each broken one with a distinct reason', async () => {
    expect(first[1]!.quarantined).toEqual({
      'national-id': 1,
      date: 1,
      'column-count': 1,
      encoding: 1,
      quoting: 1,
    });
    const q = await tdb.db.query<{ reason: string; line: number; raw: Buffer }>(
      `SELECT reason, line, raw FROM journal.quarantine WHERE file = 'journalnotater_feil.csv' ORDER BY line`,
    );
    expect(q.rows.map((r) => [r.line, r.reason])).toEqual([
      [5, 'national-id'],
      [7, 'date'],
      [9, 'column-count'],
      [12, 'encoding'],
      [13, 'quoting'],
    ]);
    // The raw bytes are kept exactly as they were in the file.
    const lines = readFileSync(fixture('gerica', 'bad', 'journalnotater_feil.csv'))
      .toString('latin1')
      .split('\r\n');
    expect(Buffer.from(q.rows[1]!.raw).toString('latin1')).toBe(lines[6]);
  });

  test('ages 13–15 for the lawsuit case: every in-window note from all three systems, the linked duplicate included, none outside', async () => {
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const dup = await gql(
      stack.gateway.url,
      '{ duplicateCandidates { a { id nationalId } b { id nationalId identities { sourceSystem localId } } reason } }',
      { token: archivist },
    );
    const cand = dup.body.data.duplicateCandidates.find(
      (c: any) => c.a.nationalId === JONAS || c.b.nationalId === JONAS,
    );
    expect(cand).toBeDefined();
    const [main, other] = cand.a.nationalId === JONAS ? [cand.a, cand.b] : [cand.b, cand.a];
    expect(other.identities).toEqual([{ sourceSystem: 'PROFIL', localId: '126518' }]);
    const link = await gql(
      stack.gateway.url,
      `mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme navn og fødselsdato; klient registrert uten fnr ved Helsestasjon for ungdom") { id linkedPatients { patient { id } linkedBy } } }`,
      { token: archivist, variables: { a: main.id, b: other.id } },
    );
    expect(link.body.errors).toBeUndefined();
    expect(link.body.data.linkPatients.linkedPatients).toEqual([
      { patient: { id: other.id }, linkedBy: 'arkivar-1' },
    ]);

    const legal = await everyoneMatterToken(
      stack,
      {
        sub: 'jurist-7',
      },
      'LEGAL_PROCEEDINGS',
    );
    const r = await gql(
      stack.gateway.url,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        journal(ageFrom: 13, ageTo: 15, first: 1000) { totalCount window { from to leapDayRule } edges { node { sourceSystem sourceId writtenAt provenance { sourceSystem } } } } } }`,
      { token: legal, variables: { nid: JONAS } },
    );
    expect(r.body.errors).toBeUndefined();
    const j = r.body.data.patientByNationalId.journal;
    expect(j.window).toEqual({ ...WINDOW, leapDayRule: 'MARCH_1' });
    const all = expectedCaseNotes();
    const inside = all
      .filter((n) => n.date >= WINDOW.from && n.date <= WINDOW.to)
      .map((n) => n.key)
      .sort();
    const outside = all.filter((n) => n.date < WINDOW.from || n.date > WINDOW.to);
    expect(outside.length).toBeGreaterThan(0);
    const got = j.edges.map((e: any) => `${e.node.sourceSystem}:${e.node.sourceId}`).sort();
    expect(got).toEqual(inside);
    expect(j.totalCount).toBe(inside.length);
    // The expectation was read from all three exports; HP went live in 2022, so in this window the
    // notes are Gerica's and Profil's, while the person's whole journal spans all three systems.
    expect(new Set(got.map((k: string) => k.split(':')[0]))).toEqual(new Set(['GERICA', 'PROFIL']));
    const whole = await gql(
      stack.gateway.url,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        journal(first: 1000) { totalCount edges { node { sourceSystem sourceId provenance { sourceSystem } } } } } }`,
      { token: legal, variables: { nid: JONAS } },
    );
    const wj = whole.body.data.patientByNationalId.journal;
    expect(wj.edges.map((e: any) => `${e.node.sourceSystem}:${e.node.sourceId}`).sort()).toEqual(
      all.map((n) => n.key).sort(),
    );
    expect(new Set(wj.edges.map((e: any) => e.node.sourceSystem))).toEqual(
      new Set(['GERICA', 'PROFIL', 'HELSEPLATTFORMEN']),
    );
    // The linked duplicate's notes are in it.
    const dupNotes = readFileSync(fixture('profil', 'profil-eksport.xml'), 'utf8')
      .split('klientnr="126518"')[1]!
      .split('</klient>')[0]!;
    const dupInside = [...dupNotes.matchAll(/<notat id="(\d+)" dato="(\d{4}-\d{2}-\d{2})/g)].filter(
      (m) => m[2]! >= WINDOW.from && m[2]! <= WINDOW.to,
    );
    expect(dupInside.length).toBeGreaterThan(0);
    for (const m of dupInside) expect(got).toContain(`PROFIL:${m[1]}`);
  });

  test('sources and types filter the window, and cursor paging walks it once in time order', async () => {
    const legal = await everyoneMatterToken(stack, { sub: 'jurist-7' }, 'LEGAL_PROCEEDINGS');
    const q = `query ($nid: String!, $after: String, $sources: [SourceSystem!], $types: [String!]) { patientByNationalId(nationalId: $nid) {
        journal(ageFrom: 13, ageTo: 15, first: 3, after: $after, sources: $sources, types: $types) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { sourceSystem type writtenAt } } } } }`;
    const seen: { sourceSystem: string; type: string; writtenAt: string }[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const r: any = await gql(stack.gateway.url, q, { token: legal, variables: { nid: JONAS, after } });
      const j = r.body.data.patientByNationalId.journal;
      total = j.totalCount;
      seen.push(...j.edges.map((e: any) => e.node));
      if (!j.pageInfo.hasNextPage) break;
      after = j.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    const times = seen.map((n) => Date.parse(n.writtenAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const profil = await gql(stack.gateway.url, q.replace('first: 3', 'first: 100'), {
      token: legal,
      variables: { nid: JONAS, sources: ['PROFIL'] },
    });
    const p = profil.body.data.patientByNationalId.journal;
    expect(p.totalCount).toBe(seen.filter((n) => n.sourceSystem === 'PROFIL').length);
    expect(p.edges.every((e: any) => e.node.sourceSystem === 'PROFIL')).toBe(true);
    const types = await gql(stack.gateway.url, q.replace('first: 3', 'first: 100'), {
      token: legal,
      variables: { nid: JONAS, types: ['Konsultasjon'] },
    });
    expect(types.body.data.patientByNationalId.journal.totalCount).toBe(
      seen.filter((n) => n.type === 'Konsultasjon').length,
    );
  });

  test('a note corrected in Helseplattformen shows its history; an archivist correction keeps every version', async () => {
    const legal = await everyoneMatterToken(stack, { sub: 'jurist-7' }, 'LEGAL_PROCEEDINGS');
    const hpCorrected = await gql(
      stack.gateway.url,
      `{ search(query: "alkoholbruk", first: 5) { hits { journalEntry { id } } } }`,
      { token: legal },
    );
    expect(hpCorrected.body.errors).toBeUndefined();
    const amended = (
      await tdb.db.query<{ id: string }>(
        `SELECT id FROM journal.journal_entry WHERE replaces_source_id IS NOT NULL`,
      )
    ).rows;
    expect(amended).toHaveLength(1);
    // Corrections are the journalansvarlig's decisions, as a § 42 case (issue 15).
    const archivist = await stack.token({
      sub: 'journalansvarlig-2',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    const corrected = await gql(
      stack.gateway.url,
      `mutation ($id: ID!) { correctJournalEntry(id: $id, text: "Rettet tekst.", reason: "Feil dosering gjengitt") {
        text version history { version text replacedBy reason sourceId } } }`,
      { token: archivist, variables: { id: amended[0]!.id } },
    );
    expect(corrected.body.errors).toBeUndefined();
    const c = corrected.body.data.correctJournalEntry;
    expect(c.text).toBe('Rettet tekst.');
    expect(c.history).toHaveLength(2);
    expect(c.history[0]).toMatchObject({
      version: 1,
      replacedBy: 'source system',
      sourceId: 'dr-fbnilv9t97',
    });
    expect(c.history[0].reason).toMatch(/Rettet 10\.01\.2024/);
    expect(c.history[1]).toMatchObject({
      version: 2,
      replacedBy: 'journalansvarlig-2',
      reason: expect.stringMatching(/^helsepersonelloven § 42 \(sak \d+\): Feil dosering gjengitt$/),
    });
    expect(c.history[1].text).toMatch(/alkohol/i);
    const refused = await gql(
      stack.gateway.url,
      `mutation ($id: ID!) { correctJournalEntry(id: $id, text: "x", reason: "y") { id } }`,
      { token: legal, variables: { id: amended[0]!.id } },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a deleted note is gone from SQL and from Elasticsearch, leaving a tombstone; a re-import does not bring it back', async () => {
    const legal = await everyoneMatterToken(stack, { sub: 'jurist-7' }, 'LEGAL_PROCEEDINGS');
    const before = await gql(
      stack.gateway.url,
      `{ search(query: "nettmobbing", first: 20) { hits { journalEntry { id text } } } }`,
      { token: legal },
    );
    const target = before.body.data.search.hits[0].journalEntry;
    expect(target.text).toMatch(/nettmobbing/);
    // Deletions are the journalansvarlig's decisions, as a case; a note written in the
    // wrong journal is helsepersonelloven § 44, not § 43 (issue 15).
    const archivist = await stack.token({
      sub: 'journalansvarlig-3',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    const del = await gql(
      stack.gateway.url,
      `mutation ($id: ID!) { deleteJournalEntry(id: $id, legalBasis: "skrevet i feil journal", ground: HPL_44,
        assessment: { wrongPerson: true, publicInterestAgainst: false }) { text tombstone { deletedBy legalBasis } } }`,
      { token: archivist, variables: { id: target.id } },
    );
    expect(del.body.errors).toBeUndefined();
    expect(del.body.data.deleteJournalEntry).toEqual({
      text: null,
      tombstone: {
        deletedBy: 'journalansvarlig-3',
        legalBasis: expect.stringMatching(/^helsepersonelloven § 44 \(sak \d+\): skrevet i feil journal$/),
      },
    });
    await stack.index();
    const es = (stack.backend as unknown as { client: import('@elastic/elasticsearch').Client }).client;
    expect(await es.exists({ index: `${prefix}-records`, id: target.id })).toBe(false);
    const hits = await es.search({
      index: `${prefix}-records`,
      query: { match_phrase: { 'text.exact': target.text.slice(0, 40) } },
    });
    expect(hits.hits.hits).toHaveLength(0);
    const sql = await tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT text FROM journal.journal_entry UNION ALL SELECT text FROM journal.entry_version) t WHERE text LIKE $1`,
      [`%${target.text.slice(0, 40)}%`],
    );
    expect(sql.rows[0]!.n).toBe(0);
    for (const [source, path] of runs) await runImport(tdb.db, source, path);
    await stack.index();
    expect(
      (
        await tdb.db.query<{ text: string | null }>('SELECT text FROM journal.journal_entry WHERE id = $1', [
          target.id,
        ])
      ).rows[0]!.text,
    ).toBeNull();
    const after = await gql(
      stack.gateway.url,
      `{ search(query: "nettmobbing", first: 20) { hits { journalEntry { id } } } }`,
      { token: legal },
    );
    expect(after.body.data.search.hits.map((h: any) => h.journalEntry.id)).not.toContain(target.id);
  });
});
