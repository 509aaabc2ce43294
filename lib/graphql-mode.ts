/**
 * graphql-js's production mode for a production start. graphql-js runs in development mode
 * unless `NODE_ENV` is `production` when it is first loaded (graphql/jsutils/instanceOf.js reads
 * it once, at import): in development every `instanceof` check of its own types (schemas, types,
 * sources, on every field of every request) also looks for a second copy of graphql from another
 * realm, by constructor name, to throw a helpful error; production mode is a plain `instanceof`.
 * The other libraries that read NODE_ENV follow it too: Apollo Server's subgraphs answer no
 * introspection (the gateway composes from the SDL files, gateway/compose.ts) and graphql-yoga
 * masks errors as in production.
 *
 * `HELSESPOR_MODE=production` without NODE_ENV (lib/config.ts resolveMode accepts either) left
 * graphql-js in development mode. This module, the first import of scripts/start.ts and
 * scripts/cli.ts, sets NODE_ENV=production then, before anything imports graphql; a NODE_ENV
 * given is left as it is (jest's `test`, a developer's `development`: loadConfig refuses one
 * that disagrees with HELSESPOR_MODE). When graphql is already loaded it is too late to change
 * its mode, and start-up stops rather than run a production start in development mode unnoticed.
 *
 * Measured (2026-12-03, shared 2-core machine at load average 11–19 from other work):
 * `npm run bench:policy` (200 interleaved requests each through the gateway, 31,000 notes), p50
 * of the bare / policed variants in ms, development mode (NODE_ENV unset) twice and production
 * mode (NODE_ENV=production with throwaway production secrets in the environment; the bench's
 * stack takes its config from testConfig, so only NODE_ENV differs) twice:
 *   age-window search  dev 428 / 470, 461 / 505   prod 337 / 381, 220 / 274
 *   full journal read  dev 635 / 667, 504 / 536   prod 463 / 517, 269 / 285
 * compilePolicy alone, which involves no graphql, moved with them (dev 5.7, 5.2 ms; prod 4.0,
 * 2.0 ms): the machine's load changed between runs as much as the figures did, so the gain end
 * to end is not measurable here. graphql-js alone: execute() of 1,000 objects × 8 fields,
 * best of 300, five processes of each mode alternating: 3.5–4.1 ms development, 2.2–2.5 ms
 * production (about 0.17 µs a field), so some milliseconds of a 1,000-note read that takes
 * hundreds.
 */
const INSTANCE_OF = 'graphql/jsutils/instanceOf';

function graphqlLoaded(): boolean {
  try {
    return require.cache[require.resolve(INSTANCE_OF)] !== undefined;
  } catch {
    return false;
  }
}

if (process.env.HELSESPOR_MODE === 'production' && !process.env.NODE_ENV) {
  if (graphqlLoaded())
    throw new Error(
      'lib/graphql-mode.ts must be imported before graphql: HELSESPOR_MODE=production, and graphql-js was already loaded in development mode',
    );
  process.env.NODE_ENV = 'production';
}

/** Whether graphql-js runs (or will run, once loaded) in production mode in this process. */
export const graphqlProductionMode = process.env.NODE_ENV === 'production';
