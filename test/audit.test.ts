/**
 * The access log (pasientjournalloven § 22, pasientjournalforskriften § 14): the application's
 * login may only insert and read it, every row is chained to the one before, verify-audit finds
 * the first edited, deleted or moved row, and a person's log can be read and exported.
 * Real PostgreSQL with the production role split (dev/services.ts); PGlite at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { generateDataset, type Dataset } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { AuditTrail } from '../lib/audit';
import { GENESIS_HASH, verifyAuditChain } from '../lib/audit-chain';
import { auditProtection, migrateShared, SHARED_MIGRATIONS } from '../lib/audit-db';
import type { CallerContext } from '../lib/auth';
import { createPgliteDb, createPostgresDb, type Db } from '../lib/db';
import { migrate } from '../lib/migrate';
import { Client as PgClient } from 'pg';
import { startStack, type Stack } from '../scripts/stack';
import { adminServerUrl, createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';

const caller = (userId: string, extra: Partial<CallerContext> = {}): CallerContext => ({
  userId,
  role: 'legal',
  purpose: 'LEGAL_PROCEEDINGS',
  matter: 'M-1',
  selfAuthorized: false,
  requestId: `req-${userId}`,
  ...extra,
});

/** Writes `n` requests' rows through the application's login, as the subgraphs do. */
async function writeRows(db: Db, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const t = new AuditTrail('journal', caller(`user-${i}`));
    t.record(`pt-${i % 3}`, 'journal_entry', [`je-${i}`, `je-${i}-b`]);
    if (i % 4 === 0) t.denied(`pt-${i % 3}`, 'patient', 'patient not in matter M-1');
    await t.flush(db);
  }
}

/** The command line as a user runs it, as the application's login (no admin URL). */
function cli(tdb: TestDatabase, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn' };
  delete env.ELASTICSEARCH_URL;
  delete env.DATABASE_ADMIN_URL;
  return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Tampering as a superuser does it: the triggers switched off around the change. */
async function tamper(tdb: TestDatabase, sql: string, params: unknown[] = []): Promise<void> {
  await tdb.admin.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit.access_log DISABLE TRIGGER USER');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE audit.access_log ENABLE TRIGGER USER');
  });
}

describe('pasientjournalloven § 22, pasientjournalforskriften § 14: the application login and the log (PostgreSQL role split)', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    await writeRows(tdb.db, 3);
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  test('the application login is neither superuser nor owner, and may insert and read', async () => {
    expect(await auditProtection(tdb.db)).toEqual({ login: 'helsespor_app', bypass: null });
    const roles = await tdb.admin.query<{ rolname: string; rolcanlogin: boolean }>(
      `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'helsespor_audit_%' ORDER BY 1`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'helsespor_audit_owner', rolcanlogin: false },
      { rolname: 'helsespor_audit_writer', rolcanlogin: false },
    ]);
    const rows = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.access_log');
    expect(rows.rows[0]!.n).toBe(4);
  });

  test('the application login cannot ALTER TABLE … DISABLE TRIGGER, UPDATE, DELETE, TRUNCATE or drop the log', async () => {
    const refused: [string, RegExp][] = [
      ['ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only', /must be owner/],
      ['ALTER TABLE audit.access_log DISABLE TRIGGER USER', /must be owner/],
      ['ALTER TABLE audit.access_log DISABLE TRIGGER access_log_chain', /must be owner/],
      ['DROP TRIGGER access_log_append_only ON audit.access_log', /must be owner/],
      ["UPDATE audit.access_log SET user_id = 'someone-else'", /permission denied/],
      ['DELETE FROM audit.access_log', /permission denied/],
      ['TRUNCATE audit.access_log', /permission denied/],
      ['DROP TABLE audit.access_log', /must be owner/],
      ['UPDATE audit.chain_head SET last_seq = 0', /permission denied/],
      ['SET session_replication_role = replica', /permission denied/],
      ['SET ROLE helsespor_audit_owner', /permission denied/],
      ['CREATE FUNCTION audit.x() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', /permission denied/],
      [
        'CREATE OR REPLACE FUNCTION audit.chain_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
        /must be owner|permission denied/,
      ],
      [
        "INSERT INTO audit.access_log SELECT * FROM audit.access_log ON CONFLICT (id) DO UPDATE SET user_id = 'x'",
        /permission denied/,
      ],
    ];
    for (const [sql, message] of refused) await expect(tdb.db.query(sql)).rejects.toThrow(message);
    // Nothing changed, and the chain is still whole.
    const report = await verifyAuditChain(tdb.db);
    expect(report.problem).toBeNull();
    expect(report.rows).toBe(4);
  });

  test('in production, start-up refuses an application login that could rewrite the log', async () => {
    const app = await startStack(testConfig({ databaseUrl: tdb.url, production: true }), {
      db: tdb.db,
      indexerIntervalMs: 60_000,
    });
    await app.stop();
    const superuser = startStack(testConfig({ databaseUrl: tdb.adminUrl, production: true }), {
      db: tdb.admin,
      indexerIntervalMs: 60_000,
    });
    await expect(superuser).rejects.toThrow(/can rewrite the access log \(\w+ is a superuser\)/);
  });

  test('seq, time and hashes are the trigger’s: what the inserter writes there is overwritten', async () => {
    await tdb.db.query(
      `INSERT INTO audit.access_log (id, seq, logged_at, prev_hash, hash, request_id, user_id, role, purpose,
         subgraph, patient_id, entity_type, entity_ids)
       VALUES (1, 1, '2001-01-01', $1, $1, 'forged', 'mallory', 'legal', 'x', 'journal', 'pt-0', 'patient', '{}')`,
      ['f'.repeat(64)],
    );
    const r = await tdb.db.query<{ id: number; seq: number; year: number; prev_hash: string }>(
      `SELECT id, seq, extract(year FROM logged_at)::int AS year, prev_hash FROM audit.access_log WHERE request_id = 'forged'`,
    );
    expect(r.rows[0]!.seq).toBe(5);
    expect(r.rows[0]!.id).not.toBe(1);
    expect(r.rows[0]!.year).toBeGreaterThan(2020);
    expect(r.rows[0]!.prev_hash).not.toBe('f'.repeat(64));
    expect((await verifyAuditChain(tdb.db)).problem).toBeNull();
  });

  test('concurrent writers chain in one line (gap-free seq, each row links to the one before)', async () => {
    const before = (await verifyAuditChain(tdb.db)).rows;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const t = new AuditTrail('search', caller(`par-${i}`));
        t.record(`pt-${i}`, 'journal_entry', [`je-${i}`]);
        t.record(`pt-${i}`, 'patient', [`pt-${i}`]);
        return t.flush(tdb.db);
      }),
    );
    const report = await verifyAuditChain(tdb.db);
    expect(report.problem).toBeNull();
    expect(report.rows).toBe(before + 48);
    expect(report.head.seq).toBe(before + 48);
  });
});

describe('pasientjournalloven § 22, pasientjournalforskriften § 14: verify-audit finds the first broken or missing row', () => {
  let tdb: TestDatabase;
  beforeEach(async () => {
    tdb = await createTestDatabase();
    await writeRows(tdb.db, 8);
  });
  afterEach(async () => {
    await tdb?.drop();
  });

  test('a whole chain: exit 0 and the head; --anchor with that head still passes', async () => {
    const report = await verifyAuditChain(tdb.db);
    expect(report).toMatchObject({ rows: 10, problem: null, head: { seq: 10 } });
    const first = await tdb.db.query<{ prev_hash: string }>(
      'SELECT prev_hash FROM audit.access_log WHERE seq = 1',
    );
    expect(first.rows[0]!.prev_hash).toBe(GENESIS_HASH);
    const ok = cli(tdb, 'verify-audit');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Access log whole: 10 rows chained; head seq 10 hash ${report.head.hash}`);
    expect(cli(tdb, 'verify-audit', '--anchor', `10:${report.head.hash}`).status).toBe(0);
    expect(cli(tdb, 'verify-audit', '--anchor', 'nonsense').status).toBe(2);
  });

  test('an edited row', async () => {
    await tamper(tdb, "UPDATE audit.access_log SET purpose = 'RESEARCH' WHERE seq = 4");
    expect((await verifyAuditChain(tdb.db)).problem).toMatchObject({ kind: 'edited', seq: 4 });
    const r = cli(tdb, 'verify-audit');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /Access log BROKEN after 3 good rows: row seq 4 \(id \d+\) was changed after it was written/,
    );
  });

  test('a row edited with its hash recomputed by the database’s own function is still found (the link breaks)', async () => {
    await tamper(tdb, "UPDATE audit.access_log SET user_id = 'someone-else' WHERE seq = 4");
    await tamper(tdb, 'UPDATE audit.access_log a SET hash = audit.row_hash(a) WHERE seq = 4');
    expect((await verifyAuditChain(tdb.db)).problem).toMatchObject({ kind: 'out-of-order', seq: 5 });
  });

  test('a deleted row', async () => {
    await tamper(tdb, 'DELETE FROM audit.access_log WHERE seq = 6');
    expect((await verifyAuditChain(tdb.db)).problem).toMatchObject({ kind: 'missing', seq: 6 });
    const r = cli(tdb, 'verify-audit');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN after 5 good rows: row seq 6 is missing \(the next row is seq 7/);
  });

  test('a reordered row', async () => {
    // Rows 3 and 4 swap places in the chain, as someone reordering the log would.
    await tamper(tdb, 'UPDATE audit.access_log SET seq = -3 WHERE seq = 3');
    await tamper(tdb, 'UPDATE audit.access_log SET seq = 3 WHERE seq = 4');
    await tamper(tdb, 'UPDATE audit.access_log SET seq = 4 WHERE seq = -3');
    expect((await verifyAuditChain(tdb.db)).problem).toMatchObject({ kind: 'out-of-order', seq: 3 });
    const r = cli(tdb, 'verify-audit');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN after 2 good rows: row seq 3 \(id \d+\) does not follow row seq 2/);
  });

  test('rows cut off the end, and a switched-off trigger', async () => {
    await tamper(tdb, 'DELETE FROM audit.access_log WHERE seq >= 9');
    const r = cli(tdb, 'verify-audit');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/rows seq 9–10 are missing at the end/);
    // The head moved back too: the chain passes, but a trigger left switched off does not.
    await tdb.admin.query(
      'UPDATE audit.chain_head SET last_seq = 8, last_hash = (SELECT hash FROM audit.access_log WHERE seq = 8)',
    );
    expect((await verifyAuditChain(tdb.db)).problem).toBeNull();
    await tdb.admin.query('ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only');
    expect((await verifyAuditChain(tdb.db)).problem).toMatchObject({
      kind: 'structure',
      message: 'trigger access_log_append_only is disabled',
    });
  });

  test('a chain rewritten whole by the owner passes alone but fails against a recorded anchor', async () => {
    const recorded = (await verifyAuditChain(tdb.db)).head;
    // The owner edits row 2 and recomputes every hash after it, and the head.
    await tamper(
      tdb,
      `DO $$ DECLARE r audit.access_log; prev text; BEGIN
         UPDATE audit.access_log SET user_id = 'nobody' WHERE seq = 2;
         SELECT hash INTO prev FROM audit.access_log WHERE seq = 1;
         FOR r IN SELECT * FROM audit.access_log WHERE seq >= 2 ORDER BY seq LOOP
           r.prev_hash := prev; r.hash := audit.row_hash(r);
           UPDATE audit.access_log SET prev_hash = r.prev_hash, hash = r.hash WHERE seq = r.seq;
           prev := r.hash;
         END LOOP;
         UPDATE audit.chain_head SET last_hash = prev;
       END $$`,
    );
    expect((await verifyAuditChain(tdb.db)).problem).toBeNull();
    expect(
      (await verifyAuditChain(tdb.db, { anchor: { seq: recorded.seq, hash: recorded.hash } })).problem,
    ).toMatchObject({ kind: 'anchor', seq: 10 });
  });
});

describe('pasientjournalloven § 22, pasientjournalforskriften § 14: accessLog, who looked at this person, through the gateway', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let ds: Dataset;
  let a: Dataset['patients'][number];
  let b: Dataset['patients'][number];
  beforeAll(async () => {
    tdb = await createTestDatabase();
    stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
    ds = generateDataset({ seed: 11 });
    await loadDataset(tdb.db, ds);
    [a, b] = ds.patients as [typeof a, typeof b];
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
  });

  const LOG = `query ($id: ID, $nid: String, $from: String, $to: String, $first: Int, $after: String) {
    accessLog(patientId: $id, nationalId: $nid, from: $from, to: $to, first: $first, after: $after) {
      patientIds from to totalCount pageInfo { hasNextPage endCursor }
      entries { seq loggedAt userId role purpose matter organisation breakTheGlass outcome rule recordKind recordIds subject subgraph requestId }
    }
  }`;

  test('an archivist sees every read of the person: linked records, national-id keys, break-the-glass and denials', async () => {
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const link = await gql(
      stack.gateway.url,
      `mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "same person") { id } }`,
      { token: archivist, variables: { a: a.id, b: b.id } },
    );
    expect(link.body.errors).toBeUndefined();
    // jurist-7 works on a matter over b; jurist-8 on another matter, and breaks the glass for a (lib/policy).
    const legal = await stack.matterToken({ id: 'M-2025-004', patientIds: [b.id] }, { sub: 'jurist-7' });
    const btg = await stack.matterToken(
      { id: 'M-2025-005', patientIds: ['pt-elsewhere'] },
      { sub: 'jurist-8' },
    );
    const opened = await gql(
      stack.gateway.url,
      `mutation ($id: ID!) { breakGlass(patientId: $id, reason: "Akutt behov i sak om tvang") { id } }`,
      { token: btg, variables: { id: a.id } },
    );
    expect(opened.body.errors).toBeUndefined();
    const r1 = await gql(
      stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { id journal(first: 2) { totalCount } } }`,
      {
        token: legal,
        variables: { id: b.id },
      },
    );
    expect(r1.body.errors).toBeUndefined();
    const r2 = await gql(
      stack.gateway.url,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) { id coercionExecutions { id } } }`,
      { token: btg, variables: { nid: a.nationalId } },
    );
    expect(r2.body.errors).toBeUndefined();
    // Someone without the role asks for the log: refused, and the refusal is logged.
    const refused = await gql(stack.gateway.url, LOG, { token: legal, variables: { id: a.id } });
    expect(refused.body.errors?.[0]).toMatchObject({
      message: 'the access log needs role archivist',
      extensions: { code: 'FORBIDDEN' },
    });

    const { body } = await gql(stack.gateway.url, LOG, { token: archivist, variables: { id: a.id } });
    expect(body.errors).toBeUndefined();
    const log = body.data.accessLog;
    expect([...log.patientIds].sort()).toEqual([a.id, b.id].sort());
    const entries = log.entries as Record<string, any>[];
    expect(log.totalCount).toBe(entries.length);
    const subjects = new Set(entries.map((e) => e.subject));
    const person = [a.id, b.id, `nid:${a.nationalId}`, `nid:${b.nationalId}`];
    expect([...subjects].every((s) => person.includes(s))).toBe(true);
    expect(subjects).toContain(a.id);
    expect(subjects).toContain(b.id); // the linked record
    expect(entries.find((e) => e.userId === 'jurist-7' && e.recordKind === 'journal_entry')).toMatchObject({
      role: 'legal',
      purpose: 'LEGAL_PROCEEDINGS',
      matter: 'M-2025-004',
      breakTheGlass: false,
      outcome: 'GRANTED',
      rule: null,
      subject: b.id,
      subgraph: 'journal',
    });
    const glass = entries.filter((e) => e.userId === 'jurist-8');
    expect(glass.length).toBeGreaterThan(0);
    expect(glass.every((e) => e.breakTheGlass)).toBe(true);
    expect(glass.map((e) => e.subject)).toContain(a.id);
    expect(entries.find((e) => e.outcome === 'DENIED')).toMatchObject({
      userId: 'jurist-7',
      recordKind: 'access_log',
      rule: 'the access log needs role archivist',
      subject: a.id,
    });
    expect(entries.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/.test(e.loggedAt))).toBe(
      true,
    );
    const seqs = entries.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));

    // The archivist's read is in the log too, and paging walks the same entries.
    const again = await gql(stack.gateway.url, LOG, {
      token: archivist,
      variables: { nid: a.nationalId, first: 2 },
    });
    expect(again.body.data.accessLog.entries.map((e: any) => e.seq)).toEqual(
      entries.slice(0, 2).map((e) => e.seq),
    );
    expect(again.body.data.accessLog.pageInfo.hasNextPage).toBe(true);
    const reads = (await gql(stack.gateway.url, LOG, { token: archivist, variables: { id: b.id } })).body.data
      .accessLog.entries as Record<string, any>[];
    expect(
      reads.filter(
        (e) => e.recordKind === 'access_log' && e.userId === 'arkivar-1' && e.outcome === 'GRANTED',
      ),
    ).toHaveLength(2);

    // A window in the past finds nothing; bad input is refused clearly.
    const past = await gql(stack.gateway.url, LOG, {
      token: archivist,
      variables: { id: a.id, from: '2001-01-01', to: '2001-12-31' },
    });
    expect(past.body.data.accessLog).toMatchObject({
      totalCount: 0,
      entries: [],
      from: '2001-01-01',
      to: '2001-12-31',
    });
    const bad = await gql(stack.gateway.url, LOG, {
      token: archivist,
      variables: { id: a.id, from: '2001-02-30' },
    });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const both = await gql(stack.gateway.url, LOG, {
      token: archivist,
      variables: { id: a.id, nid: a.nationalId },
    });
    expect(both.body.errors?.[0]?.message).toBe('give either patientId or nationalId');
  });

  test('access-log exports the person’s log as CSV and JSON for their own request, and the export is logged; on purpose ACCESS_REQUEST (its default) only for a person with an open request (pasientjournalloven § 22)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-access-log-'));
    // Before the request is registered: refused, and the refusal logged.
    const early = cli(tdb, 'access-log', a.nationalId!);
    expect(early.status).toBe(1);
    expect(early.stderr).toBe(
      'Refused: an archivist on purpose ACCESS_REQUEST reaches only the patients of the open access requests they are saksansvarlig for\n',
    );
    // The case handler (saksansvarlig) registers it: the command line acts as `cli:<os user>`,
    // and reaches only the persons of that user's own open requests (pasientjournalloven § 22
    // with helsepersonelloven § 21a), so the same subject registers and exports.
    const registered = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId saksmappe { id } } }`,
      {
        token: await stack.token({
          sub: `cli:${userInfo().username}`,
          role: 'archivist',
          purpose: 'ACCESS_REQUEST',
        }),
        variables: {
          i: {
            patientId: a.id,
            patientNationalId: a.nationalId,
            requesterName: `${a.givenName} ${a.familyName}`,
            relation: 'PATIENT',
            receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
            administrativEnhet: 'Helse- og velferdskontor Lerkendal',
          },
        },
      },
    );
    expect(registered.body.errors).toBeUndefined();
    const denied = await tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id LIKE 'cli:%' AND outcome = 'denied' AND patient_id = $1`,
      [`nid:${a.nationalId}`],
    );
    expect(denied.rowCount).toBe(1);
    const r = cli(
      tdb,
      'access-log',
      a.nationalId!,
      '--csv',
      join(dir, 'log.csv'),
      '--json',
      join(dir, 'log.json'),
      // The request it serves, by its case number (pasientjournalforskriften § 14).
      '--matter',
      registered.body.data.registerAccessRequest.mappeId,
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^\d+ access-log entries for 2 patient record\(s\) written to .*log\.csv and .*log\.json\n$/,
    );
    const csv = readFileSync(join(dir, 'log.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'logged_at,user,role,purpose,matter,organisation,break_the_glass,outcome,rule,record_kind,record_ids,subject,subgraph,request_id,seq',
    );
    expect(
      csv.some((l) => /,jurist-7,legal,LEGAL_PROCEEDINGS,M-2025-004,,no,granted,,journal_entry,/.test(l)),
    ).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'log.json'), 'utf8'));
    expect(json).toMatchObject({
      subject: `nid:${a.nationalId}`,
      nationalIds: expect.arrayContaining([a.nationalId]),
    });
    expect(json.entries.length).toBe(csv.length - 2);
    const logged = await tdb.db.query<{
      role: string;
      purpose: string;
      matter: string;
      patient_id: string;
      user_id: string;
    }>(
      `SELECT role, purpose, matter, patient_id, user_id FROM audit.access_log WHERE entity_type = 'access_log' AND user_id LIKE 'cli:%' AND outcome = 'granted'`,
    );
    expect(logged.rows).toEqual([
      expect.objectContaining({
        role: 'archivist',
        purpose: 'ACCESS_REQUEST',
        // Logged by the request's saksmappe id, as every read on purpose ACCESS_REQUEST is.
        matter: registered.body.data.registerAccessRequest.saksmappe.id,
        patient_id: `nid:${a.nationalId}`,
      }),
    ]);
    // Without --csv/--json the CSV goes to stdout; bad input is a one-line usage error.
    const out = cli(tdb, 'access-log', a.id, '--from', '2020-01-01');
    expect(out.status).toBe(0);
    expect(out.stdout.split('\r\n')[0]).toMatch(/^logged_at,user,/);
    const bad = cli(tdb, 'access-log', a.id, '--from', 'yesterday');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^from and to must be dates \(YYYY-MM-DD\)\nUsage: npm run cli -- access-log/);
    expect(cli(tdb, 'verify-audit').status).toBe(0);
  });
});

describe('pasientjournalloven § 22, pasientjournalforskriften § 14: upgrading a database whose log has rows', () => {
  test('the migration chains the rows already there, in id order, and hands the log to the owner', async () => {
    const admin = new URL(adminServerUrl());
    const name = `hs_test_${randomBytes(6).toString('hex')}`;
    const c = new PgClient({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    admin.pathname = `/${name}`;
    const db = await createPostgresDb(admin.toString(), 2);
    try {
      // The log as it was before: 001 and 002 only, rows written by one login.
      const old = mkdtempSync(join(tmpdir(), 'hs-shared-'));
      for (const f of ['001_audit.sql', '002_audit_outcome.sql'])
        copyFileSync(join(SHARED_MIGRATIONS, f), join(old, f));
      await migrate(db, 'shared', old);
      await db.query(`INSERT INTO audit.access_log (request_id, user_id, role, purpose, subgraph, patient_id,
        entity_type, entity_ids, outcome, rule) VALUES
        ('r1', 'u1', 'legal', 'p', 'journal', 'pt-1', 'patient', '{pt-1}', 'granted', NULL),
        ('r2', 'u2', 'researcher', 'p', 'search', 'nid:01010112345', 'journal_entry', '{je-1,je-2}', 'denied', 'no'),
        ('r3', 'u1', 'legal', 'p', 'archive', 'pt-1', 'saksmappe', '{}', 'granted', NULL)`);
      await migrateShared(db);
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ rows: 3, problem: null, head: { seq: 3 } });
      const rows = await db.query<{ seq: number; request_id: string }>(
        'SELECT seq, request_id FROM audit.access_log ORDER BY id',
      );
      expect(rows.rows).toEqual([
        { seq: 1, request_id: 'r1' },
        { seq: 2, request_id: 'r2' },
        { seq: 3, request_id: 'r3' },
      ]);
      await writeRows(db, 1);
      expect(await verifyAuditChain(db)).toMatchObject({ rows: 5, problem: null });
    } finally {
      await db.close();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  });
});

describe('embedded PGlite', () => {
  test('the trigger and the chain work; the role split cannot bind the one superuser, and says so', async () => {
    const db = await createPgliteDb();
    try {
      await migrateShared(db);
      await writeRows(db, 4);
      expect(await verifyAuditChain(db)).toMatchObject({ rows: 5, problem: null });
      await expect(db.query('DELETE FROM audit.access_log')).rejects.toThrow(/append-only/);
      expect((await auditProtection(db)).bypass).toMatch(/PGlite/);
      await db.exec(
        "ALTER TABLE audit.access_log DISABLE TRIGGER USER; UPDATE audit.access_log SET role = 'archivist' WHERE seq = 2; ALTER TABLE audit.access_log ENABLE TRIGGER USER",
      );
      expect((await verifyAuditChain(db)).problem).toMatchObject({ kind: 'edited', seq: 2 });
    } finally {
      await db.close();
    }
  });

  test('a denial whose patient id, caller or rule holds U+0000 or an unpaired surrogate is still written, those characters as U+FFFD (found in review: the write failed, the denial went unlogged and the caller got AUDIT_FAILED)', async () => {
    const db = await createPgliteDb();
    try {
      await migrateShared(db);
      const t = new AuditTrail('journal', caller('user\u0000x', { matter: 'M-\udc001' }));
      t.denied('pt\u00001', 'patient', 'rule \ud800');
      t.record('pt-\ud83d', 'journal_entry', ['je\u00001', 'je-😀']);
      await t.flush(db);
      const rows = await db.query<Record<string, unknown>>(
        'SELECT user_id, matter, patient_id, rule, entity_ids, outcome FROM audit.access_log ORDER BY seq',
      );
      expect(rows.rows).toEqual([
        {
          user_id: 'user\ufffdx',
          matter: 'M-\ufffd1',
          patient_id: 'pt\ufffd1',
          rule: 'rule \ufffd',
          entity_ids: [],
          outcome: 'denied',
        },
        {
          user_id: 'user\ufffdx',
          matter: 'M-\ufffd1',
          patient_id: 'pt-\ufffd',
          rule: null,
          entity_ids: ['je\ufffd1', 'je-😀'],
          outcome: 'granted',
        },
      ]);
    } finally {
      await db.close();
    }
  });
});
