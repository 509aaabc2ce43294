/**
 * Residuals of stop 34.
 *
 * 1. The policy's compiled reach (lib/policy/reach-cache.ts) is dropped in every process when a
 *    matter, a break-the-glass grant, a research grant or an access request is written in any
 *    of them: PostgreSQL NOTIFY from the policy's triggers (policy migration 008, archive
 *    migration 025), heard on one LISTEN connection per process; while that connection is lost
 *    the cache is not used. Two policy instances on one database: the stack's (this module
 *    registry) and a second one with its own module state, its own pool and its own subgraph
 *    (jest.isolateModules), as a second process would have. On PGlite (one process, one
 *    connection) an operator's SQL through that process is heard the same way.
 *    Before: a matter closed or a grant reviewed NOT_JUSTIFIED in one process was served by the
 *    other for up to 5 s (REACH_CACHE.ttlMs).
 * 2. Skjerming through GraphQL (`setSkjerming`, subgraphs/archive/skjerming.ts): the archive's own
 *    staff (archivist, purpose ARCHIVE_ADMINISTRATION) set or lift a record's skjerming with its
 *    ground in offentleglova §§ 13–26, through the gateway; the endringslogg (archive migration
 *    024) and archive.record_version keep the change; bad input is refused naming the problem,
 *    with nothing changed; legal, research and access-request callers are refused and logged.
 *    Before, no mutation set it (an import or an operator's SQL only).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { gql } from '../dev/services';
import { importNoark } from '../subgraphs/archive/noark/import';
import { AuditTrail } from '../lib/audit';
import type { CallerContext } from '../lib/auth';
import { createPgliteDb, createPostgresDb, type Db } from '../lib/db';
import { compilePolicyOnce, REACH_CACHE } from '../lib/policy/policy';
import * as reachCache from '../lib/policy/reach-cache';
import { closeMatter, insertBreakGlass, insertMatter, reviewBreakGlass } from '../lib/policy/store';
import { startSubgraph, type RunningSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { insertPatients } from '../subgraphs/journal/store';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';

type PolicyModule = typeof import('../lib/policy/policy');
type SubgraphModule = typeof import('../lib/subgraph');
type JournalModule = typeof import('../subgraphs/journal');

let ts: TestStack;
/** The second instance: its own module state (reach cache, listener), pool and subgraph. */
let other: { policy: PolicyModule; db: Db; subgraph: RunningSubgraph };

const matter = (id: string, patientIds: string[]) => ({
  id,
  title: id,
  purpose: 'LEGAL_PROCEEDINGS',
  patientIds,
  nationalIds: [],
  periodFrom: '2010-01-01',
  periodTo: null,
  members: ['u'],
  expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
});

const caller = (matterId: string, requestId: string): CallerContext => ({
  userId: 'u',
  role: 'legal',
  purpose: 'LEGAL_PROCEEDINGS',
  matter: matterId,
  selfAuthorized: false,
  requestId,
});

/** Null when the caller may read the patient in the other instance, else the rule that refuses it. */
async function otherRule(c: CallerContext, patientId: string): Promise<string | null> {
  const policy = await other.policy.compilePolicyOnce(other.db, c);
  return policy.check(new AuditTrail('test', c), 'patient', { patientIds: [patientId] });
}

/**
 * The other instance's answer once it differs from `before`, or `before` after `withinMs`
 * (well under the cache's 5 s, so expiry is not what changes it). NOTIFY is delivered at
 * commit to the listening connection: a few milliseconds after the writer's commit returns.
 */
async function otherRuleWithin(
  c: CallerContext,
  patientId: string,
  before: string | null,
  withinMs = 1_000,
): Promise<string | null> {
  const end = Date.now() + withinMs;
  for (;;) {
    const r = await otherRule(c, patientId);
    if (r !== before || Date.now() > end) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

beforeAll(async () => {
  ts = await startPostgresTestStack();
  await insertPatients(
    ts.stack.db,
    ['p1', 'p2', 'p3', 'p4'].map((id) => ({
      id,
      nationalId: null,
      familyName: 'R',
      givenName: id,
      birthDate: '2000-01-01',
    })),
  );
  let mods: { policy: PolicyModule; subgraph: SubgraphModule; journal: JournalModule } | undefined;
  jest.isolateModules(() => {
    // A second module registry is loaded with require (jest.isolateModules is synchronous).
    /* eslint-disable @typescript-eslint/no-require-imports */
    mods = {
      policy: require('../lib/policy/policy'),
      subgraph: require('../lib/subgraph'),
      journal: require('../subgraphs/journal'),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  const db = await createPostgresDb(ts.tdb.url, 3);
  const subgraph = await mods!.subgraph.startSubgraph(mods!.journal.journalSubgraph, {
    db,
    internalSecret: ts.config.internalSecret,
    host: '127.0.0.1',
    port: 0,
    migrate: false,
  });
  other = { policy: mods!.policy, db, subgraph };
  expect(other.policy.compilePolicyOnce).not.toBe(compilePolicyOnce);
});

afterAll(async () => {
  await other?.subgraph.stop();
  await other?.db.close();
  await ts?.stop();
});

describe('policy reach across processes (LISTEN/NOTIFY)', () => {
  test('pasientjournalloven § 22: a matter closed in one process is refused by another at once, under the same request id (it was served from the other process for up to 5 s)', async () => {
    await insertMatter(ts.stack.db, matter('M-R1', ['p1']), 'arkivar');
    const c = caller('M-R1', 'req-r1');
    expect(await otherRule(c, 'p1')).toBeNull();
    expect(await closeMatter(ts.stack.db, 'M-R1', 'arkivar')).toBe(true);
    expect(REACH_CACHE.ttlMs).toBeGreaterThan(1_000);
    expect(await otherRuleWithin(c, 'p1', null)).toBe('matter M-R1 is closed');
  });

  test('pasientjournalforskriften § 14, pasientjournalloven § 19: a break-the-glass grant reviewed NOT_JUSTIFIED in one process is refused by another at once', async () => {
    await insertMatter(ts.stack.db, matter('M-R2', ['p2']), 'arkivar');
    const c = caller('M-R2', 'req-r2');
    const glass = await insertBreakGlass(ts.stack.db, {
      userId: 'u',
      matterId: 'M-R2',
      patientId: 'p3',
      reason: 'acute need, documented in the matter',
      hours: 1,
      requestId: 'req-r2',
    });
    expect(await otherRuleWithin(c, 'p3', 'patient not in matter M-R2')).toBeNull();
    await reviewBreakGlass(ts.stack.db, String(glass.id), 'arkivar', 'NOT_JUSTIFIED', 'no urgent need');
    expect(await otherRuleWithin(c, 'p3', null)).toBe('patient not in matter M-R2');
    expect(await otherRule(c, 'p2')).toBeNull();
  });

  test('pasient- og brukerrettighetsloven § 5-1: a write to the access requests (whose patients a case handler reaches) drops the reach compiled in another process', async () => {
    await insertMatter(ts.stack.db, matter('M-R4', ['p1']), 'arkivar');
    await sleep(100); // the matter's own NOTIFY heard first
    const c = caller('M-R4', 'req-r4');
    await otherRule(c, 'p1');
    const cached = other.db.stats.queries;
    await otherRule(c, 'p1');
    expect(other.db.stats.queries).toBe(cached);
    // A statement on archive.access_request, by the archive's own login in this process.
    await ts.stack.db.query('UPDATE archive.access_request SET deadline = deadline WHERE false');
    const end = Date.now() + 1_000;
    let compiled = false;
    while (!compiled && Date.now() < end) {
      const before = other.db.stats.queries;
      await otherRule(c, 'p1');
      compiled = other.db.stats.queries > before;
      if (!compiled) await sleep(20);
    }
    expect(compiled).toBe(true);
  });

  test('pasientjournalloven § 22: while the listen connection is lost no compiled reach is used (a change then goes unheard), and after it is back the cache is used again', async () => {
    await insertMatter(ts.stack.db, matter('M-R3', ['p4']), 'arkivar');
    const c = caller('M-R3', 'req-r3');
    expect(await otherRule(c, 'p4')).toBeNull();
    // Every listen connection of this test database ended by the server (as a restart would).
    const killed = await ts.tdb.admin.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'helsespor-listen'`,
    );
    expect(killed.rows.length).toBeGreaterThanOrEqual(2);
    await sleep(150);
    // Closed by an operator's SQL while no one listens: no NOTIFY reaches the other instance.
    await ts.tdb.admin.query(
      `UPDATE policy.matter SET closed_by = 'operatør', closed_at = now() WHERE id = 'M-R3'`,
    );
    expect(await otherRule(c, 'p4')).toBe('matter M-R3 is closed');
    // Back within the retry (1 s): the cache is used again.
    const end = Date.now() + 10_000;
    let back = 0;
    while (Date.now() < end) {
      back = (
        await ts.tdb.admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'helsespor-listen'`,
        )
      ).rows[0]!.n;
      if (back >= 2) break;
      await sleep(50);
    }
    expect(back).toBeGreaterThanOrEqual(2);
    await sleep(100);
    const c2 = caller('M-R1', 'req-r3-again');
    await otherRule(c2, 'p1');
    const before = other.db.stats.queries;
    await otherRule(c2, 'p1');
    expect(other.db.stats.queries).toBe(before);
  });

  test('one listen connection per database and process, also for subgraphs starting at once; closing the database closes it, and the cache stays in use', async () => {
    const listeners = async () =>
      (
        await ts.tdb.admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'helsespor-listen'`,
        )
      ).rows[0]!.n;
    const base = await listeners();
    const db = await createPostgresDb(ts.tdb.url, 2);
    const [a, b] = await Promise.all([
      reachCache.listenForReachChanges(db),
      reachCache.listenForReachChanges(db),
    ]);
    expect([a.listening, b.listening]).toEqual([true, true]);
    expect(await listeners()).toBe(base + 1);
    // The database closed before its listeners were stopped (a process shutting down).
    await db.close();
    const end = Date.now() + 5_000;
    while ((await listeners()) > base && Date.now() < end) await sleep(50);
    expect(await listeners()).toBe(base);
    await sleep(1_500); // past the first retry
    expect(reachCache.reachCacheTrusted()).toBe(true);
    await a.stop();
    await b.stop();
  });

  test('pasientjournalloven § 22 on PGlite (the embedded default: one process, one connection): a matter closed by SQL through that process, not by the policy writers, is refused at once', async () => {
    const db = await createPgliteDb();
    // As npm start runs it: the subgraph (migrations, and its reach listener) on PGlite.
    const journal = await startSubgraph(journalSubgraph, {
      db,
      internalSecret: ts.config.internalSecret,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      await insertPatients(db, [
        { id: 'q1', nationalId: null, familyName: 'E', givenName: 'q1', birthDate: '2000-01-01' },
      ]);
      await insertMatter(db, matter('M-E1', ['q1']), 'arkivar');
      const c = caller('M-E1', 'req-e1');
      const rule = async () =>
        (await compilePolicyOnce(db, c)).check(new AuditTrail('test', c), 'patient', { patientIds: ['q1'] });
      expect(await rule()).toBeNull();
      await db.query(`UPDATE policy.matter SET closed_by = 'operatør', closed_at = now() WHERE id = 'M-E1'`);
      expect(await rule()).toBe('matter M-E1 is closed');
    } finally {
      await journal.stop();
      await db.close();
    }
  });
});

describe('setSkjerming through the gateway', () => {
  const extract = generateNoarkExtract({ seed: 34, saksmapper: 4, closed: true });
  const scratch = mkdtempSync(join(tmpdir(), 'helsespor-s34-skjerming-'));
  /** A journalpost of a closed case with no skjerming, published in the postjournal. */
  let jp: (typeof extract.facts.journalposter)[number];
  const admin = () =>
    ts.stack.token({ sub: 'arkivar-s34', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const SET = `mutation ($id: ID!, $s: SkjermingInput) {
    setSkjerming(id: $id, skjerming: $s) {
      id entityType changed loggedInEndringslogg
      skjerming { tilgangsrestriksjon skjermingshjemmel skjermingMetadata skjermingDokument }
    } }`;
  const ground = {
    tilgangsrestriksjon: 'Unntatt offentlighet',
    skjermingshjemmel: 'Offl. § 13 jf. fvl. § 13 (1) nr.1',
    skjermingMetadata: ['Skjerming navn avsender', 'Skjerming navn mottaker'],
  };
  const stored = async (id: string) =>
    (
      await ts.stack.db.query<{ s: unknown }>(
        `SELECT complex -> 'skjerming' AS s FROM archive.journalpost WHERE id = $1
         UNION ALL SELECT complex -> 'skjerming' FROM archive.saksmappe WHERE id = $1`,
        [id],
      )
    ).rows[0]?.s ?? null;
  const counts = async (id: string) =>
    (
      await ts.stack.db.query<{ logged: number; versions: number }>(
        `SELECT (SELECT count(*)::int FROM archive.endringslogg WHERE referanse_arkivenhet = $1) AS logged,
                (SELECT count(*)::int FROM archive.record_version WHERE record_key = $1) AS versions`,
        [id],
      )
    ).rows[0]!;

  beforeAll(async () => {
    for (const f of extract.files) {
      mkdirSync(dirname(join(scratch, f.path)), { recursive: true });
      writeFileSync(join(scratch, f.path), f.content);
    }
    const r = await importNoark(ts.stack.db, scratch);
    expect(r.saksmapper.quarantined).toBe(0);
    jp = extract.facts.journalposter.find((j) => !j.screened && j.status === 'Arkivert')!;
    expect(jp).toBeDefined();
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('offentleglova § 13 with fvl. § 13: an archivist administering the archive sets a journalpost’s skjerming with its legal ground; the postjournal screens it, the endringslogg and record_version keep the change, and lifting it is logged too', async () => {
    const token = await admin();
    const set = await gql(ts.stack.gateway.url, SET, { token, variables: { id: jp.id, s: ground } });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.setSkjerming).toEqual({
      id: jp.id,
      entityType: 'journalpost',
      changed: true,
      loggedInEndringslogg: true,
      skjerming: { ...ground, skjermingDokument: null },
    });
    expect(await stored(jp.id)).toEqual([
      {
        tilgangsrestriksjon: ['Unntatt offentlighet'],
        skjermingshjemmel: ['Offl. § 13 jf. fvl. § 13 (1) nr.1'],
        skjermingMetadata: ['Skjerming navn avsender', 'Skjerming navn mottaker'],
      },
    ]);
    // The public journal of its month screens it and shows the ground.
    const month = jp.journaldato.slice(0, 7);
    const last = new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0).getDate();
    const pj = await gql(
      ts.stack.gateway.url,
      `query ($f: String!, $t: String!) { postjournal(from: $f, to: $t) { entries { registreringsId screened skjermingshjemmel } } }`,
      { token, variables: { f: `${month}-01`, t: `${month}-${last}` } },
    );
    expect(pj.body.errors).toBeUndefined();
    expect(
      pj.body.data.postjournal.entries.find(
        (e: { registreringsId: string }) => e.registreringsId === jp.registreringsId,
      ),
    ).toEqual({
      registreringsId: jp.registreringsId,
      screened: true,
      skjermingshjemmel: ground.skjermingshjemmel,
    });
    // Endringslogg (Noark 5 M680–M685): the archive is closed, so each element changed is a row, by the archivist.
    const log = await ts.stack.db.query<{ el: string; by: string; before: string; after: string }>(
      `SELECT referanse_metadata AS el, endret_av AS by, tidligere_verdi AS before, ny_verdi AS after
         FROM archive.endringslogg WHERE referanse_arkivenhet = $1 ORDER BY referanse_metadata`,
      [jp.id],
    );
    expect(log.rows).toEqual([
      {
        el: 'skjermingMetadata',
        by: 'arkivar-s34',
        before: '(ingen verdi)',
        after: 'Skjerming navn avsender; Skjerming navn mottaker',
      },
      {
        el: 'skjermingshjemmel',
        by: 'arkivar-s34',
        before: '(ingen verdi)',
        after: ground.skjermingshjemmel,
      },
      {
        el: 'tilgangsrestriksjon',
        by: 'arkivar-s34',
        before: '(ingen verdi)',
        after: 'Unntatt offentlighet',
      },
    ]);
    const kept = await ts.stack.db.query<{ by: string; reason: string; had: unknown }>(
      `SELECT replaced_by AS by, reason, record -> 'complex' -> 'skjerming' AS had
         FROM archive.record_version WHERE record_table = 'journalpost' AND record_key = $1`,
      [jp.id],
    );
    expect(kept.rows).toEqual([{ by: 'arkivar-s34', reason: 'skjerming set', had: null }]);

    // The same again changes nothing and writes nothing.
    const again = await gql(ts.stack.gateway.url, SET, { token, variables: { id: jp.id, s: ground } });
    expect(again.body.data.setSkjerming).toMatchObject({ changed: false, loggedInEndringslogg: false });
    expect(await counts(jp.id)).toEqual({ logged: 3, versions: 1 });

    // Lifted (after assessment): gone from the record, the endringslogg and record_version keep it.
    const lift = await gql(ts.stack.gateway.url, SET, { token, variables: { id: jp.id, s: null } });
    expect(lift.body.errors).toBeUndefined();
    expect(lift.body.data.setSkjerming).toMatchObject({
      changed: true,
      loggedInEndringslogg: true,
      skjerming: null,
    });
    expect(await stored(jp.id)).toBeNull();
    expect(await counts(jp.id)).toEqual({ logged: 6, versions: 2 });
  });

  test('offentleglova §§ 13–26 (Noark 5 M500–M505): a skjerming without a ground in the act, with a value outside the code lists, or with a fødselsnummer is BAD_USER_INPUT naming the problem, and nothing is changed', async () => {
    const token = await admin();
    const sak = extract.facts.saksmapper.find((s) => s.closed && s.partNationalIds.length === 0)!;
    const before = { s: await stored(sak.id), c: await counts(sak.id) };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...ground, skjermingshjemmel: 'taushetsplikt' }, /offentleglova §§ 13–26/],
      [{ ...ground, skjermingshjemmel: 'Offl. § 32' }, /offentleglova §§ 13–26/],
      [{ ...ground, skjermingshjemmel: '  ' }, /skjermingshjemmel must not be empty/],
      [{ ...ground, skjermingMetadata: [] }, /at least one value/],
      [
        { ...ground, skjermingMetadata: ['Skjerming navn avsendar'] },
        /"Skjerming navn avsendar" is not a Noark 5 M502 value/,
      ],
      [{ ...ground, skjermingDokument: 'Hele' }, /not a Noark 5 M503 value/],
      [{ ...ground, skjermingsvarighet: 0 }, /skjermingsvarighet/],
      [
        { ...ground, skjermingOpphoererDato: '2031-02-30' },
        /skjermingOpphoererDato "2031-02-30" is not a date/,
      ],
      [
        { ...ground, tilgangsrestriksjon: 'Unntatt 11823821230' },
        /tilgangsrestriksjon contains a fødselsnummer/,
      ],
      [{ ...ground, tilgangsrestriksjon: 'Unntatt\u0007' }, /control character/],
    ];
    for (const [s, message] of cases) {
      const r = await gql(ts.stack.gateway.url, SET, { token, variables: { id: sak.id, s } });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.body.errors?.[0]?.message).toMatch(message);
    }
    const unknown = await gql(ts.stack.gateway.url, SET, {
      token,
      variables: { id: 'no-such-id', s: ground },
    });
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'no saksmappe or journalpost with systemID no-such-id',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect({ s: await stored(sak.id), c: await counts(sak.id) }).toEqual(before);
    // A ground the act gives, on the case: accepted (every section of chapter 3, e.g. § 14).
    const ok = await gql(ts.stack.gateway.url, SET, {
      token,
      variables: {
        id: sak.id,
        s: {
          ...ground,
          skjermingshjemmel: 'offentleglova § 14',
          skjermingMetadata: ['Midlertidig skjerming'],
          skjermingDokument: 'Skjerming av hele dokumentet',
          skjermingsvarighet: 10,
          skjermingOpphoererDato: '2034-01-01',
        },
      },
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.setSkjerming).toMatchObject({ entityType: 'saksmappe', changed: true });
  });

  test('pasientjournalloven § 22 with offentleglova § 13: a legal, a research or an access-request caller cannot set skjerming (FORBIDDEN, logged as denied, nothing changed)', async () => {
    const target = extract.facts.journalposter.find((j) => j.id !== jp.id && !j.screened)!;
    const before = { s: await stored(target.id), c: await counts(target.id) };
    const callers: [string, Promise<string>, string][] = [
      [
        'jurist-s34',
        ts.stack.matterToken({ id: 'M-S34-SKJ' }, { sub: 'jurist-s34' }),
        'needs role archivist',
      ],
      [
        'forsker-s34',
        ts.stack.token({ sub: 'forsker-s34', role: 'researcher', purpose: 'RESEARCH', grant: 'G-S34' }),
        'needs role archivist',
      ],
      [
        'innsyn-s34',
        ts.stack.token({ sub: 'innsyn-s34', role: 'archivist', purpose: 'ACCESS_REQUEST' }),
        'setSkjerming needs purpose ARCHIVE_ADMINISTRATION',
      ],
    ];
    for (const [user, token, rule] of callers) {
      const r = await gql(ts.stack.gateway.url, SET, {
        token: await token,
        variables: { id: target.id, s: ground },
      });
      expect(r.body.data?.setSkjerming ?? null).toBeNull();
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.body.errors?.[0]?.message).toContain(rule);
      const denied = await ts.stack.db.query<{ outcome: string; entity_type: string }>(
        `SELECT outcome, entity_type FROM audit.access_log WHERE user_id = $1 AND outcome = 'denied'`,
        [user],
      );
      expect(denied.rows).toContainEqual({ outcome: 'denied', entity_type: 'setSkjerming' });
    }
    expect({ s: await stored(target.id), c: await counts(target.id) }).toEqual(before);
  });
});
