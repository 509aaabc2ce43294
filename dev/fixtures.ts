import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDevConfig } from '../lib/config';

/**
 * The source exports written by people outside the team (../shared/fixtures, or
 * HELSESPOR_FIXTURES). CI has them; a user's clone does not, and then the acceptance
 * suites say so and do not run.
 */
export const FIXTURES_DIR = resolve(
  loadDevConfig().fixturesDir ?? join(__dirname, '..', '..', 'shared', 'fixtures'),
);
export const HAVE_FIXTURES = existsSync(join(FIXTURES_DIR, 'README.md'));

export function fixture(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

/** `describe` when the fixtures are present; otherwise one line saying the suite did not run. */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (HAVE_FIXTURES) {
    describe(name, fn);
  } else {
    console.warn(`Acceptance suite "${name}" not run: no fixtures at ${FIXTURES_DIR} (CI has them)`);
    describe.skip(name, fn);
  }
}
