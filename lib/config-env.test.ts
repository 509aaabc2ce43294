/** Every setting is read at the one trust boundary (lib/config.ts), and a bad value is refused there. */
import { loadConfig, loadDevConfig, logLevelFrom } from './config';

const env = (e: Record<string, string>) => e as NodeJS.ProcessEnv;

test('the archive and start settings come from config, with their defaults', () => {
  const c = loadConfig(env({}));
  expect(c.demoData).toBe(true);
  expect(c.noark5SchemaDir).toBeUndefined();
  expect(c.accessRequest).toEqual({ deadlineMonths: 1, klasse: 'HO-09' });
  const d = loadConfig(
    env({
      DEMO_DATA: 'false',
      NOARK5_SCHEMAS: '/schemas',
      ACCESS_REQUEST_DEADLINE_MONTHS: '3',
      ACCESS_REQUEST_KLASSE: 'HO-10',
    }),
  );
  expect(d.demoData).toBe(false);
  expect(d.noark5SchemaDir).toBe('/schemas');
  expect(d.accessRequest).toEqual({ deadlineMonths: 3, klasse: 'HO-10' });
  expect(loadConfig(env({ ACCESS_REQUEST_DEADLINE_MONTHS: '' })).accessRequest.deadlineMonths).toBe(1);
});

test('a bad value is a clear configuration error', () => {
  expect(() => loadConfig(env({ ACCESS_REQUEST_DEADLINE_MONTHS: '13' }))).toThrow(
    /ACCESS_REQUEST_DEADLINE_MONTHS: must be a whole number of months between 1 and 12/,
  );
  expect(() => loadConfig(env({ ACCESS_REQUEST_DEADLINE_MONTHS: 'one' }))).toThrow(
    /ACCESS_REQUEST_DEADLINE_MONTHS/,
  );
  expect(() => loadConfig(env({ DEMO_DATA: 'no' }))).toThrow(/DEMO_DATA/);
});

test('the logger and the development tools read their settings through config too', () => {
  expect(logLevelFrom(env({ LOG_LEVEL: 'warn' }))).toBe('warn');
  expect(logLevelFrom(env({ LOG_LEVEL: 'loud' }))).toBe('info');
  expect(loadDevConfig(env({ HELSESPOR_FIXTURES: '/f', EVAL_VERBOSE: '1' }))).toEqual({
    databaseAdminUrl: undefined,
    fixturesDir: '/f',
    evalVerbose: true,
  });
});

test('configured caps against GRAPHQL_MAX_COST: a POSTJOURNAL_MAX_LINES or COERCION_MAX_EXECUTIONS whose gateway weight is over half of the cost limit is refused at start, naming both settings and what would do', () => {
  // Found in review: 60,000 lines and 2,000,000 executions loaded at the default cost limit
  // of 50,000, and every postjournal and coercion list was QUERY_TOO_COMPLEX.
  const refused = () =>
    loadConfig(env({ POSTJOURNAL_MAX_LINES: '60000', COERCION_MAX_EXECUTIONS: '2000000' }));
  expect(refused).toThrow(
    /POSTJOURNAL_MAX_LINES=60000 .*GRAPHQL_MAX_COST=50000: raise GRAPHQL_MAX_COST to 120000 or more, or lower POSTJOURNAL_MAX_LINES to 25000 or less/,
  );
  expect(refused).toThrow(
    /COERCION_MAX_EXECUTIONS=2000000 .*GRAPHQL_MAX_COST=50000: raise GRAPHQL_MAX_COST to 160000 or more, or lower COERCION_MAX_EXECUTIONS to 625000 or less/,
  );
  // The figures the errors name are accepted, and so is raising the cost limit with the caps.
  expect(
    loadConfig(env({ POSTJOURNAL_MAX_LINES: '25000', COERCION_MAX_EXECUTIONS: '625000' })).limits,
  ).toMatchObject({ postjournalMaxLines: 25_000, coercionMaxExecutions: 625_000, maxCost: 50_000 });
  expect(() => loadConfig(env({ POSTJOURNAL_MAX_LINES: '25001' }))).toThrow(/POSTJOURNAL_MAX_LINES=25001/);
  expect(
    loadConfig(
      env({ POSTJOURNAL_MAX_LINES: '60000', COERCION_MAX_EXECUTIONS: '2000000', GRAPHQL_MAX_COST: '160000' }),
    ).limits,
  ).toMatchObject({ postjournalMaxLines: 60_000, coercionMaxExecutions: 2_000_000, maxCost: 160_000 });
  // A lower cost limit lowers what the caps may be: the defaults (5,000 lines) need 10,000.
  expect(() => loadConfig(env({ GRAPHQL_MAX_COST: '9999' }))).toThrow(/POSTJOURNAL_MAX_LINES=5000/);
});

test('the text budget per request (RESPONSE_MAX_TEXT_BYTES, lib/text-budget.ts) defaults to 192 MiB and may not be under 3 × IMPORT_MAX_RECORD_BYTES: a record decoded from ISO-8859-1 / Windows-1252 grows up to 3 UTF-8 bytes a byte, so every note fits in some request (review s46, fix FX2)', () => {
  expect(loadConfig(env({})).limits.responseTextBytes).toBe(192 * 1024 * 1024);
  expect(
    loadConfig(env({ RESPONSE_MAX_TEXT_BYTES: '6144', IMPORT_MAX_RECORD_BYTES: '2048' })).limits
      .responseTextBytes,
  ).toBe(6144);
  // Both at the same value (the floor before FX2): a Gerica record with æøå, or a Profil notat in
  // Windows-1252 with € or “ ”, is longer in UTF-8 than the record cap, so refused.
  expect(() => loadConfig(env({ RESPONSE_MAX_TEXT_BYTES: '2048', IMPORT_MAX_RECORD_BYTES: '2048' }))).toThrow(
    /RESPONSE_MAX_TEXT_BYTES=2048 is under 3 × IMPORT_MAX_RECORD_BYTES=2048 \(6144\)/,
  );
  expect(() => loadConfig(env({ RESPONSE_MAX_TEXT_BYTES: String(64 * 1024 * 1024) }))).toThrow(
    /RESPONSE_MAX_TEXT_BYTES=67108864 is under 3 × IMPORT_MAX_RECORD_BYTES=67108864 \(201326592\)/,
  );
});

test('the limit per client request (RESPONSE_MAX_BYTES, gateway/response-budget.ts) defaults to 2 × RESPONSE_MAX_TEXT_BYTES, follows a configured text budget, and may not be under it: one subgraph answer at its text budget, as JSON, must reach a client (s47)', () => {
  expect(loadConfig(env({})).limits.responseBytes).toBe(2 * 192 * 1024 * 1024);
  expect(
    loadConfig(env({ RESPONSE_MAX_TEXT_BYTES: '6144', IMPORT_MAX_RECORD_BYTES: '2048' })).limits
      .responseBytes,
  ).toBe(12288);
  expect(loadConfig(env({ RESPONSE_MAX_BYTES: String(1024 * 1024 * 1024) })).limits.responseBytes).toBe(
    1024 * 1024 * 1024,
  );
  expect(() => loadConfig(env({ RESPONSE_MAX_BYTES: String(192 * 1024 * 1024) }))).toThrow(
    /RESPONSE_MAX_BYTES=201326592 is under 2 × RESPONSE_MAX_TEXT_BYTES=201326592 \(402653184\)/,
  );
  expect(() => loadConfig(env({ RESPONSE_MAX_BYTES: 'many' }))).toThrow(/RESPONSE_MAX_BYTES/);
});
