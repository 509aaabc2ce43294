/**
 * The archive's configured limits (lib/config.ts: POSTJOURNAL_MAX_DAYS, POSTJOURNAL_MAX_LINES),
 * the cap on its other list (openAccessRequests) and the coercion subgraph's
 * (COERCION_MAX_EXECUTIONS), through the gateway. Found in the hardening review: `postjournal`
 * and `loependeJournal` listed every journalpost of any span asked (1900–2100 was answered),
 * the coercion lists every execution of a person, and neither subgraph got configured limits.
 * The caps are lowered in this stack (2 lines, 3 executions), so the demo data is over them:
 * that is how a real limit is tested, not with 5,001 made-up rows.
 */
import type { Dataset } from '../dev/generator';
import { loadDemoData } from '../dev/demo';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { DEFAULT_LIMITS } from '../lib/config';
import { MAX_OPEN_REQUESTS } from '../subgraphs/archive/resolvers';

let env: TestStack;
let ds: Dataset;
let archivist: string;
let anyone: string;
/** March 2023 of the demo archive: its journaldatoer, in order. */
let march: string[];

const LINES = 2;
const EXECUTIONS = 3;

beforeAll(async () => {
  env = await startPostgresTestStack({
    limits: { ...DEFAULT_LIMITS, postjournalMaxLines: LINES, coercionMaxExecutions: EXECUTIONS },
  });
  ds = await loadDemoData(env.tdb.db);
  archivist = await env.stack.token({
    sub: 'arkivar-1',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  anyone = await env.stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
  march = (
    await env.tdb.db.query<{ d: string }>(
      `SELECT to_char(journaldato, 'YYYY-MM-DD') AS d FROM archive.journalpost
        WHERE journaldato BETWEEN '2023-03-01' AND '2023-03-31' ORDER BY journaldato`,
    )
  ).rows.map((r) => r.d);
});

afterAll(async () => {
  await env?.stop();
});

const JOURNAL = (field: string) =>
  `query ($f: String!, $t: String!) { j: ${field}(from: $f, to: $t) { entries { registreringsId journaldato } html } }`;

describe('postjournal and loependeJournal: at most POSTJOURNAL_MAX_DAYS days and POSTJOURNAL_MAX_LINES journalposter', () => {
  test.each([
    ['postjournal', () => anyone],
    ['loependeJournal', () => archivist],
  ])(
    '%s: a period holding more journalposter than the cap is BAD_USER_INPUT naming the limit (every journalpost of the period was listed); one holding as many as the cap is answered',
    async (field, token) => {
      expect(march.length).toBe(LINES + 1);
      const over = await gql(env.stack.gateway.url, JOURNAL(field), {
        token: token(),
        variables: { f: '2023-03-01', t: '2023-03-31' },
      });
      expect(over.body.data).toBeNull();
      expect(over.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(over.body.errors?.[0]?.message).toBe(
        `more than ${LINES} journalposter from 2023-03-01 to 2023-03-31; one journal lists at most ${LINES} (POSTJOURNAL_MAX_LINES): ask for a shorter period or one unit`,
      );
      const within = await gql(env.stack.gateway.url, JOURNAL(field), {
        token: token(),
        variables: { f: '2023-03-01', t: march[LINES - 1]! },
      });
      expect(within.body.errors).toBeUndefined();
      expect(within.body.data.j.entries.map((e: { journaldato: string }) => e.journaldato)).toEqual(
        march.slice(0, LINES),
      );
    },
  );

  test.each([
    ['postjournal', () => anyone],
    ['loependeJournal', () => archivist],
  ])(
    '%s: a period over 31 days is BAD_USER_INPUT naming the limit (1900-01-01 to 2100-12-31 was answered); 31 days are answered',
    async (field, token) => {
      for (const [f, t, days] of [
        ['2023-03-01', '2023-04-01', 32],
        ['1900-01-01', '2100-12-31', 73414],
      ] as const) {
        const { body } = await gql(env.stack.gateway.url, JOURNAL(field), {
          token: token(),
          variables: { f, t },
        });
        expect(body.data).toBeNull();
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(body.errors?.[0]?.message).toBe(
          `from ${f} to ${t} is ${days} days; one journal covers at most 31 days (POSTJOURNAL_MAX_DAYS): ask for a shorter period`,
        );
      }
      // April 2023: 30 days; 2023-04-01 to 2023-05-01: 31.
      const month = await gql(env.stack.gateway.url, JOURNAL(field), {
        token: token(),
        variables: { f: '2023-04-01', t: '2023-05-01' },
      });
      expect(month.body.errors).toBeUndefined();
      expect(month.body.data.j.entries.length).toBeGreaterThan(0);
      expect(DEFAULT_LIMITS.postjournalMaxDays).toBe(31);
    },
  );
});

describe('openAccessRequests lists at most `first` (1–1000), nearest deadline first', () => {
  test('first: 1 of two open requests is the one with the nearer deadline (every open request was listed, priced by the gateway as ten); 0 and 1001 are BAD_USER_INPUT', async () => {
    const handler = await env.stack.token({
      sub: 'saksbehandler-1',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
    const [p, q] = ds.patients.filter((x) => x.nationalId);
    const byNid = new Map(
      (
        await env.tdb.db.query<{ id: string; national_id: string }>(
          'SELECT id, national_id FROM journal.patient',
        )
      ).rows.map((r) => [r.national_id, r.id]),
    );
    // An offentleglova request is due within days, a pbrl. § 5-1 request within a month.
    for (const [person, requestType, relation] of [
      [p!, 'PBRL_5_1', 'PATIENT'],
      [q!, 'OFFENTLEGLOVA', 'PUBLIC'],
    ] as const) {
      const r = await gql(
        env.stack.gateway.url,
        `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId } }`,
        {
          token: handler,
          variables: {
            i: {
              patientId: byNid.get(person.nationalId!),
              patientNationalId: person.nationalId,
              requesterName: `${person.givenName} ${person.familyName}`,
              relation,
              requestType,
              receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
              administrativEnhet: 'Helse- og velferdskontor Lerkendal',
            },
          },
        },
      );
      expect(r.body.errors).toBeUndefined();
    }
    const all = await gql(env.stack.gateway.url, '{ openAccessRequests { mappeId requestType } }', {
      token: handler,
    });
    expect(all.body.data.openAccessRequests.map((r: { requestType: string }) => r.requestType)).toEqual([
      'OFFENTLEGLOVA',
      'PBRL_5_1',
    ]);
    const one = await gql(env.stack.gateway.url, '{ openAccessRequests(first: 1) { mappeId requestType } }', {
      token: handler,
    });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.openAccessRequests).toEqual([all.body.data.openAccessRequests[0]]);
    for (const first of [0, MAX_OPEN_REQUESTS + 1]) {
      const { body } = await gql(
        env.stack.gateway.url,
        `{ openAccessRequests(first: ${first}) { mappeId } }`,
        { token: handler },
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toBe('first must be between 1 and 1000');
    }
  });
});

describe('coercion: a list, report or verdict judges at most COERCION_MAX_EXECUTIONS executions', () => {
  test('coercionExecutions and coercionReport of a person with more executions than the cap are BAD_USER_INPUT naming the limit (every execution was read and judged); a period holding as many as the cap is answered', async () => {
    const [most] = (
      await env.tdb.db.query<{ nid: string; n: number }>(
        'SELECT patient_nid AS nid, count(*)::int AS n FROM coercion.execution GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1',
      )
    ).rows;
    expect(most!.n).toBeGreaterThan(EXECUTIONS);
    const days = (
      await env.tdb.db.query<{ d: string }>(
        `SELECT to_char(start_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD') AS d FROM coercion.execution
          WHERE patient_nid = $1 ORDER BY start_at`,
        [most!.nid],
      )
    ).rows.map((r) => r.d);
    // The first executions up to the cap, ending the day before the next one's.
    const from = days[0]!;
    const to = new Date(Date.parse(`${days[EXECUTIONS]!}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const within = days.filter((d) => d >= from && d <= to).length;
    expect(within).toBeGreaterThan(0);
    expect(within).toBeLessThanOrEqual(EXECUTIONS);
    const q = (args: string) =>
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions${args} { id verdict } coercionReport${args} { totals { executions } } } }`;
    const over = await gql(env.stack.gateway.url, q(''), { token: archivist, variables: { nid: most!.nid } });
    expect(over.body.errors?.length).toBeGreaterThan(0);
    for (const e of over.body.errors!) {
      expect(e.extensions?.code).toBe('BAD_USER_INPUT');
      expect(e.message).toBe(
        `more than ${EXECUTIONS} coercion executions in the record; one answer judges at most ${EXECUTIONS} (COERCION_MAX_EXECUTIONS): ask for a shorter period (from, to)`,
      );
    }
    const ok = await gql(env.stack.gateway.url, q(`(from: "${from}", to: "${to}")`), {
      token: archivist,
      variables: { nid: most!.nid },
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.patientByNationalId.coercionExecutions).toHaveLength(within);
  });
});
