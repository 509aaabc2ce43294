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
