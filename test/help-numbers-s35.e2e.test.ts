/**
 * H-numbers (hjelpenummer) outside the journal, stop 35: an H-nummer names a person only within
 * the institution that gave it (lib/national-id.ts; journal migration 021 keeps it per source as
 * Patient.helpNumber). Each test failed on branch identity at c57e324 before its fix. Real
 * PostgreSQL and the gateway (dev/test-stack.ts); the CLI runs as a user runs it (scripts/cli.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { registerAccessRequest } from '../dev/access-requests';
import { withCheckDigits } from '../dev/generator';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { insertMatter } from '../lib/policy/store';

const ROOT = join(__dirname, '..');

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-help35-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Answer = { errors?: { message: string; extensions?: { code?: string } }[]; data?: any };
const refusal = (body: Answer) => ({
  code: body.errors?.[0]?.extensions?.code,
  message: body.errors?.[0]?.message,
});

describe('a caller naming a person by an H-nummer as a national id', () => {
  // An H-nummer: day 15, month 43 (March + 40), 1985; valid check digits.
  const hNumber = withCheckDigits(154385123);
  const fnr = makeSyntheticNationalId('1985-03-15', 11, true);

  test('pasientjournalloven § 22: an access request filed under an H-nummer (as the patient’s or the requester’s national id) is refused with BAD_USER_INPUT saying to give the patient record id, and nothing is stored; one under a fødselsnummer is registered', async () => {
    // Scenario: a case handler files an innsyn request for "the patient 15438512…", an
    // H-nummer one hospital gave. Found (stop 35): it was taken as a national id, and the
    // request's person (expandPersons over archive.access_request) reached every source's
    // records of the same number, another institution's person among them.
    const token = await ts.stack.token({
      sub: 'saksbehandler-h35',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
    const input = {
      patientId: 'p-h35-request',
      patientName: 'Per Hjelpenes',
      requesterName: 'Per Hjelpenes',
      relation: 'PATIENT',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
    };
    const m = `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`;
    const asPatient = await gql(ts.stack.gateway.url, m, {
      token,
      variables: {
        i: { administrativEnhet: 'Helse- og velferdskontor Lerkendal', ...input, patientNationalId: hNumber },
      },
    });
    const asRequester = await gql(ts.stack.gateway.url, m, {
      token,
      variables: {
        i: {
          administrativEnhet: 'Helse- og velferdskontor Lerkendal',
          ...input,
          patientNationalId: fnr,
          requesterName: 'Kari Hjelpenes',
          requesterNationalId: hNumber,
          relation: 'PARENT',
        },
      },
    });
    const stored = await ts.tdb.db.query('SELECT 1 FROM archive.access_request WHERE patient_id = $1', [
      'p-h35-request',
    ]);
    expect({
      asPatient: refusal(asPatient.body),
      asRequester: refusal(asRequester.body),
      stored: stored.rows.length,
    }).toEqual({
      asPatient: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      asRequester: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      stored: 0,
    });
    // A fødselsnummer is registered as before.
    await registerAccessRequest(ts.stack.gateway.url, token, { ...input, patientNationalId: fnr });
    const after = await ts.tdb.db.query('SELECT 1 FROM archive.access_request WHERE patient_id = $1', [
      'p-h35-request',
    ]);
    expect(after.rows).toHaveLength(1);
  });

  test('pasientjournalloven § 22: a matter stored as a seed (insertMatter: the test stack, the demo) under an H-nummer is refused, so no legal hold or matter reaches every source’s records of the number; nothing is stored', async () => {
    const seed = {
      id: 'M-h35-seed',
      title: 'Klagesak',
      purpose: 'COMPLAINT',
      patientIds: [],
      nationalIds: [hNumber],
      periodFrom: null,
      periodTo: null,
      members: ['jurist-h35'],
      expiresAt: new Date(Date.now() + 86400_000),
    };
    await expect(insertMatter(ts.tdb.db, seed, 'arkivar-h35')).rejects.toThrow(/H-nummer.*patient record id/);
    const stored = await ts.tdb.db.query('SELECT 1 FROM policy.matter WHERE id = $1', ['M-h35-seed']);
    expect(stored.rows).toHaveLength(0);
    expect(await insertMatter(ts.tdb.db, { ...seed, nationalIds: [fnr] }, 'arkivar-h35')).toBe(true);
  });

  test('pasientjournalloven § 22: a lookup by national id (patientByNationalId, accessLog) of an H-nummer is refused with BAD_USER_INPUT saying to give the patient record id', async () => {
    const token = await ts.stack.token({ sub: 'arkivar-h35', role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const byNid = await gql(
      ts.stack.gateway.url,
      `query ($n: String!) { patientByNationalId(nationalId: $n) { id } }`,
      { token, variables: { n: hNumber } },
    );
    const log = await gql(
      ts.stack.gateway.url,
      `query ($n: String!) { accessLog(nationalId: $n) { totalCount } }`,
      { token, variables: { n: hNumber } },
    );
    expect({ byNid: refusal(byNid.body), log: refusal(log.body) }).toEqual({
      byNid: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      log: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
    });
  });

  test('pasientjournalloven § 22: the CLI coercion-report given an H-nummer as the national id refuses it, saying to give the patient record id', async () => {
    const user = `cli:${userInfo().username}`;
    await insertMatter(
      ts.tdb.db,
      {
        id: 'M-h35-cli',
        title: 'Klage på tvang',
        purpose: 'COMPLAINT',
        patientIds: ['p-h35-cli'],
        nationalIds: [],
        periodFrom: null,
        periodTo: null,
        members: [user],
        expiresAt: new Date(Date.now() + 86400_000),
      },
      'arkivar-h35',
    );
    const out = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(ROOT, 'scripts', 'cli.ts'),
        'coercion-report',
        hNumber,
        '--matter',
        'M-h35-cli',
        '--purpose',
        'COMPLAINT',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: ts.tdb.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
    );
    expect({ status: out.status, stderr: out.stderr }).toEqual({
      status: expect.any(Number),
      stderr: expect.stringMatching(/H-nummer.*patient record id/),
    });
    expect(out.status).not.toBe(0);
  }, 60_000);
});
