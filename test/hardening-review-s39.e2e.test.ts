/**
 * Hardening residuals of review s39, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend). The name says what must hold, the parenthesis what happened before the fix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { gql } from '../dev/services';
import { insertPatients } from '../subgraphs/journal/store';
import { insertDecisions, insertExecutions } from '../subgraphs/coercion/store';
import { hpDoc, hpPatient, writeHpExport } from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';

let env: TestStack;
let token: string;
const NID = '20888014390';
const EXECUTIONS = 300;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    {
      id: 'pat-s39-1',
      nationalId: NID,
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  await insertDecisions(env.tdb.db, [
    {
      id: 'dec-s39-1',
      patientNid: NID,
      legalBasis: 'hol-9-5b',
      measures: ['Holding'],
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
      decidedAt: '2019-12-20T10:00:00+01:00',
      approvedAt: '2019-12-22T10:00:00+01:00',
      justification: 'Begrunnelse.',
      sourceSystem: 'GERICA',
      sourceId: 'dec-s39-1',
    },
  ]);
  await insertExecutions(
    env.tdb.db,
    Array.from({ length: EXECUTIONS }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
      return {
        id: `exe-s39-${i}`,
        patientNid: NID,
        recordedDecisionId: 'dec-s39-1',
        measure: 'Holding',
        start: `${day}T10:00:00Z`,
        end: `${day}T10:10:00Z`,
        executedBy: ['1234567', '7654321'],
        description: 'Holdt.',
        sourceSystem: 'GERICA',
        sourceId: `exe-s39-${i}`,
      };
    }),
  );
  token = await env.stack.matterToken({ id: 'M-S39-1', patientIds: ['pat-s39-1'], nationalIds: [NID] });
}, 120_000);
afterAll(async () => env?.stop());

describe('the cost estimate: a list as long as a configured cap multiplies the fields that run work under it by that cap', () => {
  test("coercionExecutions { decision { executions } } is QUERY_TOO_COMPLEX: each of the person's executions lists every execution of its decision again (priced as 10 × 10, about 22,000, it was answered: 300 executions gave 90,000 entries, and the cap of 50,000 executions would ask 2.5 billion)", async () => {
    const res = await gql(
      env.stack.gateway.url,
      `{ patient(id: "pat-s39-1") { coercionExecutions { id decision { executions { id } } } } }`,
      { token },
    );
    const listed = (res.body.data?.patient?.coercionExecutions ?? []) as {
      decision: { executions: unknown[] };
    }[];
    const entries = listed.reduce((n, e) => n + (e.decision?.executions?.length ?? 0), 0);
    expect({ code: res.body.errors?.[0]?.extensions?.code, entries }).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      entries: 0,
    });
  }, 120_000);

  test("an execution's own decision, and a decision's executions, are still answered", async () => {
    const res = await gql(
      env.stack.gateway.url,
      `{ patient(id: "pat-s39-1") {
          coercionExecutions { id verdict decision { id legalBasis } }
          coercionDecisions { id executions { id verdict } }
          coercionReport { byDecision { decision { id executions { id } } } }
        } }`,
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.patient.coercionExecutions).toHaveLength(EXECUTIONS);
    expect(res.body.data.patient.coercionExecutions[0].decision.id).toBe('dec-s39-1');
    expect(res.body.data.patient.coercionDecisions[0].executions).toHaveLength(EXECUTIONS);
  }, 120_000);
});

describe('the CLI: a bad argument is a usage error (exit 2) naming it, never PostgreSQL text or an empty answer', () => {
  /** Runs the `helsespor` bin on this file's database (as test/cli.test.ts does). */
  const cli = (...args: string[]) => {
    const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'error' };
    delete e.ELASTICSEARCH_URL;
    return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
      env: e,
      encoding: 'utf8',
      timeout: 60_000,
    });
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hs-s39-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['2023-02-30', '2023-03-31', /2023-02-30 is not a date/],
    ['0000-01-01', '2023-03-31', /0000-01-01 is not a date/],
    ['2023-03-01', '2023-01-31', /from 2023-03-01 is after to 2023-01-31/],
  ])(
    'postjournal %s %s: exit 2 with the usage and no file written (2023-02-30 and 0000-01-01 were "Error: date/time field value out of range" with exit 1; from after to wrote an empty journal, exit 0)',
    (from, to, message) => {
      const file = join(dir, `pj-${from}-${to}.html`);
      const r = cli('postjournal', from, to, file);
      expect({ status: r.status, file: existsSync(file) }).toEqual({ status: 2, file: false });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Usage: npm run cli -- postjournal/);
      expect(r.stderr).not.toMatch(/out of range/);
    },
  );

  test.each(['2023-02-30T10:00:00+01:00', '2023-01-10T24:00:00+01:00'])(
    'coercion-review --at %s: exit 2 naming --at, no review recorded (Date.parse rolled it over: the review was recorded on 2 March, or the next day, exit 0)',
    async (at) => {
      const r = cli('coercion-review', 'dec-s39-1', '--outcome', 'APPROVED', '--at', at);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--at must be/);
      const row = await env.tdb.db.query<{ reviewed_at: Date | null }>(
        `SELECT reviewed_at FROM coercion.decision WHERE id = 'dec-s39-1'`,
      );
      expect(row.rows[0]!.reviewed_at).toBeNull();
    },
  );

  test('coercion-quarantine FOO: exit 2 naming the source systems (it listed nothing and exited 0: "0 quarantined")', () => {
    const r = cli('coercion-quarantine', 'FOO');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/GERICA or HELSEPLATTFORMEN/);
    expect(r.stdout).not.toMatch(/quarantined/);
    expect(cli('coercion-quarantine', 'GERICA').status).toBe(0);
  });
});

describe('a time a caller gives is a time that happened: 30 February or 24:00 is BAD_USER_INPUT and nothing is written', () => {
  const register = (receivedAt: string, token: string) =>
    gql(
      env.stack.gateway.url,
      `mutation ($at: String!) { registerAccessRequest(input: {
          patientId: "pat-s39-1", patientNationalId: "${NID}", requesterName: "Kari Nordmann",
          relation: PATIENT, receivedAt: $at, administrativEnhet: "Helse- og velferdskontor" }) { mappeId receivedOn } }`,
      { token, variables: { at: receivedAt } },
    );
  const stored = async () =>
    (
      await env.tdb.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM archive.saksmappe) + (SELECT count(*) FROM archive.access_request) AS n`,
      )
    ).rows[0]!.n;

  test.each(['2023-02-30T10:00:00+01:00', '2023-01-10T24:00:00+01:00'])(
    'registerAccessRequest with receivedAt %s: BAD_USER_INPUT naming receivedAt, no case written (30 February was INTERNAL_SERVER_ERROR, PostgreSQL\'s "date/time field value out of range"; 24:00 was registered as received the next day)',
    async (receivedAt) => {
      const token = await env.stack.token({
        sub: 'arkivar-s39',
        role: 'archivist',
        purpose: 'ACCESS_REQUEST',
      });
      const before = await stored();
      const res = await register(receivedAt, token);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(/receivedAt/);
      expect(await stored()).toBe(before);
    },
    120_000,
  );

  test('registerAccessRequest with a real time is registered on its Oslo day', async () => {
    const token = await env.stack.token({ sub: 'arkivar-s39', role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const res = await register('2023-01-10T23:30:00Z', token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.registerAccessRequest.receivedOn).toBe('2023-01-11');
  }, 120_000);
});

describe('an expiry on a day that does not exist is BAD_USER_INPUT, not another day', () => {
  test.each([
    ['2030-02-30T00:00:00Z', 'BAD_USER_INPUT'],
    ['2030-02-28T24:00:00+01:00', 'BAD_USER_INPUT'],
    ['2030-03-01T00:00:00+01:00', 'registered'],
  ])(
    'registerMatter and registerGrant with expiresAt %s: %s (a day or hour that does not exist is BAD_USER_INPUT naming expiresAt, and nothing is registered; Date.parse rolled it over: the matter and the grant were registered expiring 2 March, or the next day)',
    async (expiresAt, outcome) => {
      const code = outcome === 'registered' ? undefined : outcome;
      const archivist = await env.stack.token({
        sub: 'arkivar-s39',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      const id = `S39-${expiresAt.slice(5, 7)}-${expiresAt.slice(8, 10)}`;
      const matter = await gql(
        env.stack.gateway.url,
        `mutation ($at: String!) { registerMatter(input: { id: "M-${id}", title: "Sak", purpose: LEGAL_PROCEEDINGS,
            patientIds: ["pat-s39-1"], members: ["jurist-s39"], expiresAt: $at }) { id expiresAt } }`,
        { token: archivist, variables: { at: expiresAt } },
      );
      expect(matter.body.errors?.[0]?.extensions?.code).toBe(code);
      if (code) expect(matter.body.errors?.[0]?.message).toMatch(/expiresAt/);
      const grant = await gql(
        env.stack.gateway.url,
        `mutation ($at: String!) { registerGrant(input: { id: "G-${id}", projectId: "P-1", title: "Studie",
            rekNumber: "REK 2024/123", legalBasis: "helseforskningsloven § 20", responsibleResearcher: "Forsker",
            researchers: ["forsker-s39"], cohort: { periodFrom: "2020-01-01" }, variables: [PERSON_GENDER],
            datePrecision: YEAR, freeText: false, outputLevel: AGGREGATE, expiresAt: $at }) { id expiresAt } }`,
        { token: archivist, variables: { at: expiresAt } },
      );
      expect(grant.body.errors?.[0]?.extensions?.code).toBe(code);
      if (code) expect(grant.body.errors?.[0]?.message).toMatch(/expiresAt/);
      const rows = await env.tdb.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM policy.matter WHERE id = $1) + (SELECT count(*) FROM policy.research_grant WHERE id = $2) AS n`,
        [`M-${id}`, `G-${id}`],
      );
      expect(Number(rows.rows[0]!.n)).toBe(code ? 0 : 2);
    },
    120_000,
  );
});

describe('journal import: a Helseplattformen time on a day or at an hour that does not exist is quarantined, the rest imported', () => {
  test('a DocumentReference dated 2023-02-30T10:00 or 24:00 is quarantined as invalid-resource; the other notes of the export are stored, and the stored version of the note is kept (the whole import failed: PostgreSQL\'s "date/time field value out of range", nothing of the export stored; 24:00 was stored as the next day)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-s39-hp-'));
    try {
      const p = hpPatient('p-s39-feb', '1970-01-01', 39);
      const first = await runImport(
        env.tdb.db,
        'hp',
        writeHpExport(dir, 'a', {
          Patient: [p],
          DocumentReference: [hpDoc('d-s39-feb', 'p-s39-feb', 'Første.')],
        }),
      );
      expect(first.counts.entries.accepted).toBe(1);
      const report = await runImport(
        env.tdb.db,
        'hp',
        writeHpExport(dir, 'b', {
          Patient: [p],
          DocumentReference: [
            hpDoc('d-s39-ok', 'p-s39-feb', 'Et godt notat.'),
            hpDoc('d-s39-feb', 'p-s39-feb', 'Endret 30. februar.', { date: '2023-02-30T10:00:00+01:00' }),
            hpDoc('d-s39-24', 'p-s39-feb', 'Skrevet 24:00.', { date: '2023-01-10T24:00:00+01:00' }),
          ],
        }),
      );
      expect(report.counts.entries.accepted).toBe(1);
      expect(report.quarantined).toEqual({ 'invalid-resource': 2 });
      const rows = await env.tdb.db.query<{ source_id: string; text: string }>(
        `SELECT source_id, text FROM journal.journal_entry WHERE source_id LIKE 'd-s39-%' ORDER BY source_id`,
      );
      expect(rows.rows).toEqual([
        { source_id: 'd-s39-feb', text: 'Første.' },
        { source_id: 'd-s39-ok', text: 'Et godt notat.' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a first outside 0–1000 is BAD_USER_INPUT wherever it is asked, never a list cut short or emptied', () => {
  test.each([-1, 1001])(
    'first: %i in duplicateCandidates, researchCohort.subjects and ResearchSubject.journal: BAD_USER_INPUT (clamped: 1001 answered at most 1,000 without saying so, -1 an empty list)',
    async (first) => {
      const archivist = await env.stack.token({
        sub: 'arkivar-s39',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      const dup = await gql(env.stack.gateway.url, `{ duplicateCandidates(first: ${first}) { reason } }`, {
        token: archivist,
      });
      expect(dup.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const grant = await gql(
        env.stack.gateway.url,
        `mutation { registerGrant(input: { id: "G-S39-P${first < 0 ? 'N' : 'P'}", projectId: "P-S39", title: "Studie",
            rekNumber: "2025/39", legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s39",
            cohort: { bornFrom: "1980-01-01", bornTo: "1980-12-31" }, variables: [PERSON_BIRTH_YEAR, JOURNAL_TEXT],
            datePrecision: YEAR, freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
            expiresAt: "${new Date(Date.now() + 30 * 86_400_000).toISOString()}" }) { id cohortSize } }`,
        { token: archivist },
      );
      expect(grant.body.errors).toBeUndefined();
      const researcher = await env.stack.token({
        sub: 'forsker-s39',
        role: 'researcher',
        purpose: 'RESEARCH',
        grant: grant.body.data.registerGrant.id,
      });
      const subjects = await gql(
        env.stack.gateway.url,
        `{ researchCohort { subjects(first: ${first}) { pseudonym } } }`,
        { token: researcher },
      );
      expect(subjects.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const journal = await gql(
        env.stack.gateway.url,
        `{ researchCohort { subjects(first: 1) { journal(first: ${first}) { totalCount } } } }`,
        { token: researcher },
      );
      expect(journal.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const ok = await gql(
        env.stack.gateway.url,
        `{ researchCohort { subjects(first: 1000) { journal(first: 0) { totalCount } } } }`,
        { token: researcher },
      );
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.researchCohort.subjects).toHaveLength(1);
    },
    120_000,
  );
});

describe('a variable whose value does not fit its type is BAD_USER_INPUT', () => {
  test.each([
    ['a list of lists for [ID!]!', { ids: [['s39']] }],
    ['a number for a String', { ids: ['s39'], from: 5 }],
    ['nothing for a required [ID!]!', {}],
    ['an unknown field of an input object', { ids: ['s39'], f: { a: 1 } }],
  ])(
    '%s: refused before anything runs, with code BAD_USER_INPUT (graphql-js\'s "Variable … got invalid value" came with no code at all)',
    async (_, variables) => {
      const res = await gql(
        env.stack.gateway.url,
        `query ($ids: [ID!]!, $from: String, $f: StatisticsFilter) {
           patient(id: "pat-s39-1") { entriesById(ids: $ids) { id } journal(from: $from) { totalCount } }
           journalEntryStatistics(filter: $f) { title } }`,
        { token, variables },
      );
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.message).toMatch(/^Variable "\$/);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(
        res.body.errors?.map(() => 'BAD_USER_INPUT'),
      );
    },
    120_000,
  );
});
