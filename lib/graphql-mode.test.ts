/**
 * A production start runs graphql-js in production mode (lib/graphql-mode.ts): the real entry
 * points, scripts/start.ts and scripts/cli.ts, started as a child process with
 * HELSESPOR_MODE=production and no NODE_ENV, with a preload that reports at exit the mode
 * graphql-js was loaded in (dev/graphql-mode-probe.cjs). Both stop at loadConfig (no production
 * secrets given), after every module, graphql included, was loaded. Tests keep development mode.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

function modeOf(entry: string, env: Record<string, string>): string | undefined {
  const e: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      join(ROOT, 'dev', 'graphql-mode-probe.cjs'),
      '--import',
      'tsx',
      join(ROOT, 'scripts', entry),
    ],
    { cwd: ROOT, env: e, encoding: 'utf8', timeout: 120_000 },
  );
  return /graphql-mode: (\S+)/.exec(r.stderr)?.[1];
}

test.each(['start.ts', 'cli.ts'])(
  'HELSESPOR_MODE=production without NODE_ENV runs graphql-js in production mode (scripts/%s)',
  (entry) => {
    expect(modeOf(entry, { HELSESPOR_MODE: 'production' })).toBe('production');
  },
  120_000,
);

test('development and tests keep graphql-js in development mode', () => {
  expect(modeOf('cli.ts', { HELSESPOR_MODE: 'development' })).toBe('development');
  expect(modeOf('cli.ts', { NODE_ENV: 'test' })).toBe('development');
}, 120_000);
