/**
 * Case handlers registered and retired by hand (pasientjournalloven § 22 with
 * helsepersonelloven § 21a: the reach of purpose ACCESS_REQUEST follows the saksansvarlig, so a
 * request is handed over only to someone who handles access requests now; archive migration
 * 023, subgraphs/archive/case-handlers.ts). The CLI as an archivist runs it (a child process on
 * the test database), the handovers through the gateway on the PostgreSQL backend.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { registerAccessRequest } from '../dev/access-requests';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

const P = { id: 'ch-p', nationalId: makeSyntheticNationalId('1961-06-06', 61, true), birth: '1961-06-06' };
const A = 'arkivar-ch-a';
const NEW = 'arkivar-ch-ny';

let env: TestStack;
let a: string;
let admin: string;
let caseId: string;

const cli = (...args: string[]) => {
  const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'warn' };
  delete e.ELASTICSEARCH_URL;
  return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
    env: e,
    encoding: 'utf8',
    timeout: 60_000,
  });
};

const handOver = async (to: string) =>
  (
    await gql(
      env.stack.gateway.url,
      `mutation ($id: ID!, $to: String!) { handOverAccessRequest(saksmappeId: $id, saksansvarlig: $to) {
         saksansvarlig saksmappe { merknader { merknadstekst } } } }`,
      { token: admin, variables: { id: caseId, to } },
    )
  ).body as Body;

const handlerRow = async (userId: string) =>
  (
    await env.tdb.db.query(
      `SELECT user_id, known_from, registered_by, registered_reason, retired_at IS NOT NULL AS retired, retired_by, retired_reason
         FROM archive.case_handler WHERE user_id = $1`,
      [userId],
    )
  ).rows[0];

const caseState = async () =>
  (
    await env.tdb.db.query(
      `SELECT a.saksansvarlig, s.fields, s.complex,
              (SELECT count(*)::int FROM archive.record_version v WHERE v.record_key = a.saksmappe_id) AS versions
         FROM archive.access_request a JOIN archive.saksmappe s ON s.id = a.saksmappe_id WHERE a.saksmappe_id = $1`,
      [caseId],
    )
  ).rows[0];

beforeAll(async () => {
  env = await startPostgresTestStack();
  await env.tdb.db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Hald', 'Eli', $3)`,
    [P.id, P.nationalId, P.birth],
  );
  a = await env.stack.token({ sub: A, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  admin = await env.stack.token({
    sub: 'arkivar-ch-admin',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  caseId = await registerAccessRequest(env.stack.gateway.url, a, {
    patientId: P.id,
    patientNationalId: P.nationalId,
    requesterName: 'Eli Hald',
    relation: 'PATIENT',
    receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
  });
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

test('pasientjournalloven § 22 with helsepersonelloven § 21a: a case handler registered by hand (who, when, why, audited) can be handed a request before their first sign-in', async () => {
  const before = await handOver(NEW);
  expect(before.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(before.errors?.[0]?.message).toMatch(new RegExp(`^${NEW} is not a known case handler: `));
  const reg = cli('case-handler', 'register', NEW, 'Ny', 'saksbehandler', 'for', 'innsyn');
  expect(reg.stderr).toBe('');
  expect(reg.status).toBe(0);
  expect(reg.stdout).toMatch(new RegExp(`^${NEW} registered as a case handler by cli:\\S+\\n$`));
  expect(await handlerRow(NEW)).toMatchObject({
    known_from: 'registered',
    registered_by: expect.stringMatching(/^cli:/),
    registered_reason: 'Ny saksbehandler for innsyn',
    retired: false,
  });
  const moved = await handOver(NEW);
  expect(moved.errors).toBeUndefined();
  expect(moved.data.handOverAccessRequest.saksansvarlig).toBe(NEW);
  // And back to A, so the new handler is in the case's history, not its present handler.
  const back = await handOver(A);
  expect(back.errors).toBeUndefined();
  const events = await env.tdb.db.query(
    `SELECT event, by, reason FROM archive.case_handler_event WHERE user_id = $1 ORDER BY id`,
    [NEW],
  );
  expect(events.rows).toEqual([
    { event: 'registered', by: expect.stringMatching(/^cli:/), reason: 'Ny saksbehandler for innsyn' },
  ]);
}, 240_000);

test('pasientjournalloven § 22 with helsepersonelloven § 21a: a retired case handler is kept (who retired them, when, why; audited), gets no new handover (a clear error naming the retirement, nothing changed) and stays named in the history of the cases they handled, also after signing in again', async () => {
  const retire = cli('case-handler', 'retire', NEW, 'Sluttet 31. januar; sakene overført');
  expect(retire.stderr).toBe('');
  expect(retire.status).toBe(0);
  expect(retire.stdout).toMatch(
    new RegExp(`^${NEW} retired as a case handler by cli:\\S+ at \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\n$`),
  );
  expect(await handlerRow(NEW)).toMatchObject({
    retired: true,
    retired_by: expect.stringMatching(/^cli:/),
    retired_reason: 'Sluttet 31. januar; sakene overført',
    registered_reason: 'Ny saksbehandler for innsyn',
  });
  // The retired handler signs in again: still retired.
  const t = await env.stack.token({ sub: NEW, role: 'archivist', purpose: 'ACCESS_REQUEST' });
  expect(
    (await gql(env.stack.gateway.url, '{ openAccessRequests { saksansvarlig } }', { token: t })).body.errors,
  ).toBeUndefined();
  const state = await caseState();
  const refused = await handOver(NEW);
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  expect(refused.errors![0]!.message).toMatch(
    new RegExp(
      `^${NEW} is a retired case handler \\(retired \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z by cli:\\S+\\): a request is handed over only to a case handler who is not retired$`,
    ),
  );
  expect(await caseState()).toEqual(state);
  // The history of the case they handled still names them.
  const merknader = (
    await gql(env.stack.gateway.url, `{ saksmappe(id: "${caseId}") { merknader { merknadstekst } } }`, {
      token: admin,
    })
  ).body.data.saksmappe.merknader.map((m: { merknadstekst: string }) => m.merknadstekst);
  expect(merknader).toEqual(
    expect.arrayContaining([
      `Saksansvarlig endret fra ${A} til ${NEW}`,
      `Saksansvarlig endret fra ${NEW} til ${A}`,
    ]),
  );
  const versions = await env.tdb.db.query(
    `SELECT count(*)::int AS n FROM archive.record_version WHERE record_table = 'access_request' AND record->>'saksansvarlig' = $1`,
    [NEW],
  );
  expect(versions.rows[0]!.n).toBe(1);
  // Audited: the event, and the row as it was before the retirement.
  const events = await env.tdb.db.query(
    `SELECT event, reason FROM archive.case_handler_event WHERE user_id = $1 ORDER BY id`,
    [NEW],
  );
  expect(events.rows.map((r) => r.event)).toEqual(['registered', 'retired']);
  const kept = await env.tdb.db.query(
    `SELECT reason, record->>'retired_at' AS retired_at FROM archive.record_version WHERE record_table = 'case_handler' AND record_key = $1`,
    [NEW],
  );
  expect(kept.rows).toEqual([
    { reason: 'case handler retired: Sluttet 31. januar; sakene overført', retired_at: null },
  ]);
  // Listed as retired with --all only.
  expect(cli('case-handler', 'list').stdout).not.toMatch(new RegExp(`^${NEW}\\t`, 'm'));
  expect(cli('case-handler', 'list', '--all').stdout).toMatch(
    new RegExp(
      `^${NEW}\\tyes\\tregistered\\t\\S+\\t\\S+\\tcli:\\S+\\tSluttet 31. januar; sakene overført$`,
      'm',
    ),
  );
  // Never deleted.
  await expect(
    env.tdb.db.query('DELETE FROM archive.case_handler WHERE user_id = $1', [NEW]),
  ).rejects.toThrow(/a case handler is never deleted/);
}, 240_000);

test('pasientjournalloven § 22 with helsepersonelloven § 21a: bad input to case-handler exits 2 with one clear line and changes nothing; a retired handler registered again is reinstated', async () => {
  const count = async () =>
    (
      await env.tdb.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM archive.case_handler_event) + (SELECT count(*) FROM archive.case_handler) AS n`,
      )
    ).rows[0]!.n;
  const before = await count();
  const bad = (args: string[], message: RegExp) => {
    const r = cli('case-handler', ...args);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: npm run cli -- case-handler list/);
  };
  bad(['retire', NEW, 'Igjen', 'pensjonert'], new RegExp(`^${NEW} was retired already \\(`));
  bad(
    ['retire', 'arkivar-ukjent', 'Finnes', 'ikke'],
    /^arkivar-ukjent is not a known case handler: nothing to retire/,
  );
  bad(['register', A, 'Allerede', 'kjent'], new RegExp(`^${A} is already a known case handler \\(since `));
  bad(['register', 'arkivar-kort', 'x'], /^a reason is needed \(5 characters or more\)/);
  bad(['register', 'arkivar-\u0007', 'Kontrolltegn', 'i', 'navnet'], /^user id: contains control characters/);
  bad(['register', '   ', 'Tomt', 'navn', 'her'], /^user id: name the case handler/);
  bad(
    ['register', NEW],
    /^case-handler needs list, register <user-id> <reason> or retire <user-id> <reason>/,
  );
  bad(['list', '--alle'], /^unexpected argument --alle/);
  bad(['forget', NEW, 'Slett', 'ham'], /^case-handler needs list/);
  expect(await count()).toBe(before);
  // Registered again: reinstated, the retirement kept in the events and record versions.
  const again = cli('case-handler', 'register', NEW, 'Tilbake fra permisjon');
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(new RegExp(`^${NEW} reinstated as a case handler by cli:`));
  expect(await handlerRow(NEW)).toMatchObject({ retired: false, registered_reason: 'Tilbake fra permisjon' });
  const events = await env.tdb.db.query(
    `SELECT event FROM archive.case_handler_event WHERE user_id = $1 ORDER BY id`,
    [NEW],
  );
  expect(events.rows.map((r) => r.event)).toEqual(['registered', 'retired', 'reinstated']);
  expect((await handOver(NEW)).errors).toBeUndefined();
}, 240_000);
