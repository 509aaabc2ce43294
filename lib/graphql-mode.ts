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
