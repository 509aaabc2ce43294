/**
 * Access review s45 (reviewer rev-access-s45): who may see what, on paths added since the last
 * review (stop 44), through the gateway and at each subgraph as the gateway calls it, on real
 * PostgreSQL. Each test FAILED on the code as reviewed, for the reason its comment gives.
 *
 * Not repeated here: the earlier review files (test/*review*.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { signInternalToken, INTERNAL_HEADER } from '../lib/auth';

/** Two persons an archivist linked as one (a typo in a national id), later found to be two and unlinked. */
const NID_K = makeSyntheticNationalId('1961-02-14', 451, false);
const NID_L = makeSyntheticNationalId('1961-02-15', 452, true);
const PT_K = 'pt-s45-k';
const PT_L = 'pt-s45-l';

let env: TestStack;
let dir: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  dir = mkdtempSync(join(tmpdir(), 'hs-access-s45-'));
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: PT_K, nationalId: NID_K, familyName: 'Kvam', givenName: 'Karin', birthDate: '1961-02-14' },
    { id: PT_L, nationalId: NID_L, familyName: 'Lie', givenName: 'Leif', birthDate: '1961-02-15' },
  ]);
  const execution = (o: Record<string, unknown>) =>
    JSON.stringify({
      kind: 'execution',
      measure: 'fysisk holding ved stell',
      alternativesTried: 'Tilbudt å velge rekkefølge.',
      description: 'Kveldsstell, motsatte seg dusj.',
      reportedAt: '2023-03-14T09:10:00+01:00',
      decisionId: null,
      executedBy: ['9160033'],
      ...o,
    });
  writeFileSync(
    join(dir, 'Coercion.ndjson'),
    [
      execution({
        id: 'TVG-S45-K',
        patient: NID_K,
        start: '2023-03-11T21:33:00+01:00',
        end: '2023-03-11T21:46:00+01:00',
      }),
      execution({
        id: 'TVG-S45-L',
        patient: NID_L,
        start: '2023-03-11T21:31:00+01:00',
        end: '2023-03-11T21:44:00+01:00',
      }),
      // A second pair, of which L's record is the one counted.
      execution({
        id: 'TVG-S45-K2',
        patient: NID_K,
        start: '2023-03-12T21:33:00+01:00',
        end: '2023-03-12T21:46:00+01:00',
      }),
      execution({
        id: 'TVG-S45-L2',
        patient: NID_L,
        start: '2023-03-12T21:31:00+01:00',
        end: '2023-03-12T21:44:00+01:00',
      }),
      // K's decision, and an execution it covers recorded on L's record (the record the
      // archivist linked as K's): judged under K's decision while the two are linked.
      JSON.stringify({
        kind: 'decision',
        id: 'TVD-S45-K',
        patient: NID_K,
        legalBasis: 'hol-9-5c',
        measures: ['fysisk holding ved stell'],
        validFrom: '2023-04-01',
        validTo: '2023-04-30',
        decidedAt: '2023-03-20T00:00:00+01:00',
        decidedBy: '9144271',
        approvedByStatsforvalterAt: '2023-03-28T00:00:00+02:00',
        legacySource: null,
        justification: 'Nødvendig personlig hygiene.',
      }),
      execution({
        id: 'TVG-S45-L3',
        patient: NID_L,
        start: '2023-04-10T21:31:00+02:00',
        end: '2023-04-10T21:44:00+02:00',
      }),
    ].join('\n') + '\n',
  );
  const [s] = await importCoercionPath(db, join(dir, 'Coercion.ndjson'));
  expect(s!.quarantined).toEqual([]);
}, 120_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body;

/** The entity ids a user's reads logged under one key (access-log patient key). */
async function loggedUnder(userId: string, key: string): Promise<string[]> {
  const r = await env.tdb.db.query<{ entity_ids: string[] }>(
    `SELECT entity_ids FROM audit.access_log WHERE user_id = $1 AND patient_id = $2 AND outcome IS DISTINCT FROM 'denied'`,
    [userId, key],
  );
  return r.rows.flatMap((x) => x.entity_ids);
}

/** The coercion execution id of a source record. */
async function executionId(sourceId: string): Promise<string> {
  const r = await env.tdb.db.query<{ id: string }>('SELECT id FROM coercion.execution WHERE source_id = $1', [
    sourceId,
  ]);
  return r.rows[0]!.id;
}

// Attack (review s45, path "coercion execution → the other record of the same execution"): the
// journalansvarlig records two executions of one person as one (markSameCoercionExecution, stop 44);
// the person was two linked records of two national ids, which an archivist later unlinks as two
// persons. `CoercionExecution.alsoRecordedAs` and `sameExecutionAs` read the other execution's id,
// source id and times straight from the table: no reach check and no access-log row. So (1) a
// legal user on a matter of K alone reads L's execution (another person, pasientjournalloven § 22)
// through K's execution, while coercionExecution(id) of the same record is refused; (2) an
// archivist's read of L's execution through K's record is never in L's access log
// (pasientjournalforskriften § 14), while linked or after; nor (3) the marking itself, a correction
// of L's record as much as of K's.
test('pasientjournalloven § 22, pasientjournalforskriften § 14: the other record of a coercion execution recorded as the same (alsoRecordedAs, sameExecutionAs) is shown only in reach, and logged under its own person', async () => {
  const idK = await executionId('TVG-S45-K');
  const idL = await executionId('TVG-S45-L');
  const admin = await env.stack.token({
    sub: 'arkivar-s45',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const ansvarlig = await env.stack.token({
    sub: 'journalansvarlig-s45',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const ok = (b: { errors?: unknown; data?: unknown }) => {
    expect(b.errors).toBeUndefined();
    return b.data as Record<string, never>;
  };
  ok(
    await call(admin, `mutation { linkPatients(a: "${PT_K}", b: "${PT_L}", reason: "samme person") { id } }`),
  );
  ok(
    await call(
      ansvarlig,
      'mutation ($a: ID!, $b: ID!) { markSameCoercionExecution(a: $a, b: $b, counted: $a, reason: "Samme utførelse, registrert to ganger") { executionId } }',
      { a: idK, b: idL },
    ),
  );
  ok(
    await call(
      ansvarlig,
      'mutation ($a: ID!, $b: ID!) { markSameCoercionExecution(a: $a, b: $b, counted: $b, reason: "Samme utførelse, registrert to ganger") { executionId } }',
      { a: await executionId('TVG-S45-K2'), b: await executionId('TVG-S45-L2') },
    ),
  );
  // The marking is a correction of both records: logged under each record's own person (it was
  // under the first record's alone, so L's access log did not show it once the two were unlinked).
  expect(await loggedUnder('journalansvarlig-s45', `nid:${NID_L}`)).toContain(idL);
  const links = `coercionExecution(id: "${idK}") { id alsoRecordedAs { executionId sourceId start } }`;
  // An archivist reaches both: L's execution read through K's is logged under L.
  const linked = ok(await call(admin, `{ ${links} }`));
  expect(linked.coercionExecution).toMatchObject({ alsoRecordedAs: [{ executionId: idL }] });
  expect(await loggedUnder('arkivar-s45', `nid:${NID_L}`)).toContain(idL);

  ok(
    await call(
      admin,
      `mutation { unlinkPatients(a: "${PT_K}", b: "${PT_L}", reason: "to personer") { id } }`,
    ),
  );
  const legal = await env.stack.matterToken({ id: 'M-s45-k', nationalIds: [NID_K] }, { sub: 'jurist-s45' });
  // L's execution by id: refused, as it should be.
  const direct = await call(legal, `{ coercionExecution(id: "${idL}") { id } }`);
  expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // Through K's execution: not shown.
  const k = ok(await call(legal, `{ ${links} }`));
  expect(k.coercionExecution).toEqual({ id: idK, alsoRecordedAs: [] });
  expect(await loggedUnder('jurist-s45', `nid:${NID_L}`)).toEqual([]);
});

// The same marking, from the side of the record not counted (review s45): K's second execution is
// marked the same as L's, L's counting. After the unlink, K's coercion report (sameExecutions) and
// K's execution (sameExecutionAs) named L's record, id and source system, to a legal user on a
// matter of K alone (pasientjournalloven § 22), unlogged under L (pasientjournalforskriften § 14).
test('pasientjournalloven § 22: a coercion report and an execution name the record counted in their place (sameExecutions, sameExecutionAs) only in reach', async () => {
  const idK2 = await executionId('TVG-S45-K2');
  const idL2 = await executionId('TVG-S45-L2');
  const legal = await env.stack.matterToken(
    { id: 'M-s45-k2', nationalIds: [NID_K] },
    { sub: 'jurist-s45-b' },
  );
  const r = await call(
    legal,
    `{ patientByNationalId(nationalId: "${NID_K}") {
        coercionReport(from: "2023-03-01", to: "2023-03-31") { sameExecutions { executionId countedExecutionId } }
        coercionExecutions(from: "2023-03-12", to: "2023-03-12") { id sameExecutionAs { executionId } } } }`,
  );
  expect(r.errors).toBeUndefined();
  const p = r.data.patientByNationalId;
  expect(JSON.stringify(p)).not.toContain(idL2);
  expect(p.coercionExecutions).toEqual([{ id: idK2, sameExecutionAs: null }]);
  expect(await loggedUnder('jurist-s45-b', `nid:${NID_L}`)).toEqual([]);
});

// Review s45, the path "coercion decision → its executions": CoercionDecision.executions takes in
// the executions of every record linked to the decision's person (judged as one person's), and
// logged them all under the decision's national id. An execution recorded on a linked record of
// another national id was then not in that record's own access log, and once an archivist unlinked
// the two as two persons, that person could not see who had read it (pasientjournalforskriften
// § 14; the rule Patient.coercionExecutions keeps since review s40, ownLogKeys).
test('pasientjournalforskriften § 14: an execution read through a coercion decision of a linked record is logged under its own person', async () => {
  const admin = await env.stack.token({
    sub: 'arkivar-s45-c',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const link = await call(
    admin,
    `mutation { linkPatients(a: "${PT_K}", b: "${PT_L}", reason: "samme person") { id } }`,
  );
  expect(link.errors).toBeUndefined();
  const idL3 = await executionId('TVG-S45-L3');
  const r = await call(
    admin,
    `{ patient(id: "${PT_K}") { coercionDecisions(from: "2023-04-01", to: "2023-04-30") { id executions { id } } } }`,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.patient.coercionDecisions).toEqual([{ id: 'TVD-S45-K', executions: [{ id: idL3 }] }]);
  expect(await loggedUnder('arkivar-s45-c', `nid:${NID_L}`)).toContain(idL3);
  expect(await loggedUnder('arkivar-s45-c', `nid:${NID_K}`)).not.toContain(idL3);
});

// Review s45, the path "patient → the person's birth date" (Patient.personBirthDate, stop 44): the
// first of the person's records, by id, that states a birth date gives it, a linked record's too.
// Read through another record, it was logged under the record asked about only, where the
// person's national ids and relatives read the same way are logged under the record that holds
// them (review s40): once an archivist unlinked the two as two persons, the record whose birth date
// was read did not show the read (pasientjournalforskriften § 14).
test('pasientjournalforskriften § 14: a birth date read through a linked record (Patient.personBirthDate) is logged under the record that states it', async () => {
  const db = env.tdb.db;
  await insertPatients(db, [
    { id: 'pt-s45-b1', nationalId: null, familyName: 'Berg', givenName: 'Bodil', birthDate: '1970-05-05' },
    { id: 'pt-s45-b2', nationalId: null, familyName: 'Berg', givenName: 'Bodil', birthDate: null },
  ]);
  const admin = await env.stack.token({
    sub: 'arkivar-s45-d',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const link = await call(
    admin,
    'mutation { linkPatients(a: "pt-s45-b1", b: "pt-s45-b2", reason: "samme person") { id } }',
  );
  expect(link.errors).toBeUndefined();
  const reader = await env.stack.token({
    sub: 'arkivar-s45-e',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const r = await call(reader, '{ patient(id: "pt-s45-b2") { birthDate personBirthDate } }');
  expect(r.errors).toBeUndefined();
  expect(r.data.patient).toEqual({ birthDate: null, personBirthDate: '1970-05-05' });
  expect(await loggedUnder('arkivar-s45-e', 'pt-s45-b1')).toContain('pt-s45-b1');
});

// Review s45, the path "patient → quarantined source records" (Patient.quarantinedRecords): the
// lines an import held back for any record of the person (a linked record's national id, its HP id,
// or one of its notes) were logged under the record asked about alone, with no record named, so a
// linked record's held-back lines read through another record were not in its own access log, and
// left no trace for that person once the two were unlinked (pasientjournalforskriften § 14; the rule
// nationalIds and relatives keep since review s40).
test('pasientjournalforskriften § 14: a linked record’s quarantined source lines read through another record are logged under that record', async () => {
  const db = env.tdb.db;
  const nidQ2 = makeSyntheticNationalId('1955-09-09', 453, true);
  await insertPatients(db, [
    { id: 'pt-s45-q1', nationalId: null, familyName: 'Rud', givenName: 'Rolf', birthDate: '1955-09-09' },
    { id: 'pt-s45-q2', nationalId: nidQ2, familyName: 'Rud', givenName: 'Rolf', birthDate: '1955-09-09' },
  ]);
  // In Gerica's column order (NotatID;PasientID;Fodselsnr;…): since task s46 a line is the person's
  // whose national id stands in its patient field (subgraphs/journal/quarantine-owner.ts); this
  // line had the number in the second field, which no Gerica export writes.
  const raw = Buffer.from(
    `4599901;31999;${nidQ2};Rud, Rolf;31.02.2020;10:00;;Journalnotat;;;Notat uten gyldig dato`,
    'latin1',
  );
  await db.query(
    `INSERT INTO journal.quarantine (source, file, line, reason, raw, raw_hash)
     VALUES ('gerica', 'journal.csv', 7, 'invalid date', $1::bytea, md5($1::bytea))`,
    [raw],
  );
  const admin = await env.stack.token({
    sub: 'arkivar-s45-f',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const link = await call(
    admin,
    'mutation { linkPatients(a: "pt-s45-q1", b: "pt-s45-q2", reason: "samme person") { id } }',
  );
  expect(link.errors).toBeUndefined();
  const reader = await env.stack.token({
    sub: 'arkivar-s45-g',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const r = await call(reader, '{ patient(id: "pt-s45-q1") { quarantinedRecords { file line reason } } }');
  expect(r.errors).toBeUndefined();
  expect(r.data.patient.quarantinedRecords).toEqual([
    { file: 'journal.csv', line: 7, reason: 'invalid date' },
  ]);
  const rows = await env.tdb.db.query<{ patient_id: string }>(
    `SELECT patient_id FROM audit.access_log WHERE user_id = 'arkivar-s45-g' AND entity_type = 'journal_entry'`,
  );
  expect(rows.rows.map((x) => x.patient_id)).toContain('pt-s45-q2');
});

// Probed in review s45 and held (kept as regression tests): tokens the gateway must refuse, and a
// subgraph called without the gateway. Each read of PT_K's record must be refused before any data.
describe('review s45, tokens and the way in: refused', () => {
  const claims = { sub: 'jurist-s45', role: 'legal', purpose: 'LEGAL_PROCEEDINGS', matter: 'M-s45-k' };
  const query = `{ patient(id: "${PT_K}") { familyName } }`;
  const refused = async (token: string, headers: Record<string, string> = {}) => {
    const r = await gql(env.stack.gateway.url, query, { token, headers });
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toContain('Kvam');
  };
  const enc = (s: string) => new TextEncoder().encode(s);

  test('pasientjournalloven § 22: a token with alg none, another key, or past its expiry is refused at the gateway', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 600 })}.`);
    await refused(
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(enc('another-key-of-at-least-thirty-two-characters-0123')),
    );
    await refused(
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(enc(env.config.jwt.secret!)),
    );
  });

  test('pasientjournalloven § 22: a caller statement a client sends to the gateway is not taken; a subgraph refuses a request without one, or with one signed by another key', async () => {
    // A forged statement for an archivist, sent to the gateway beside a token that reaches no one.
    const forged = await signInternalToken(
      {
        userId: 'x',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
        selfAuthorized: false,
        requestId: randomUUID(),
      },
      env.config.internalSecret,
      { audience: 'journal', body: JSON.stringify({ query }) },
    );
    const noMatter = await env.stack.token({
      sub: 'jurist-s45-none',
      role: 'legal',
      purpose: 'LEGAL_PROCEEDINGS',
    });
    const viaGateway = await gql(env.stack.gateway.url, query, {
      token: noMatter,
      headers: { [INTERNAL_HEADER]: forged },
    });
    expect(viaGateway.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(viaGateway.body)).not.toContain('Kvam');
    const journal = env.stack.subgraphs.find((x) => x.name === 'journal')!;
    const bare = await gql(journal.url, query);
    expect(bare.status).toBe(401);
    const otherKey = await signInternalToken(
      {
        userId: 'x',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
        selfAuthorized: false,
        requestId: randomUUID(),
      },
      'another-key-of-at-least-thirty-two-characters-0123',
      { audience: 'journal', body: JSON.stringify({ query }) },
    );
    const wrong = await gql(journal.url, query, { headers: { [INTERNAL_HEADER]: otherKey } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('Kvam');
  });
});
