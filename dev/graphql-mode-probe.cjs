// Preloaded (node --require) by lib/graphql-mode.test.ts into a real entry point (scripts/start.ts,
// scripts/cli.ts): at exit, writes to stderr the mode graphql-js was loaded in. It never loads
// graphql before the entry point does: graphql-js fixes its mode when it is first loaded.
process.on('exit', () => {
  const id = require.resolve('graphql/jsutils/instanceOf');
  if (!require.cache[id]) return void process.stderr.write('\ngraphql-mode: not loaded\n');
  const { isSchema } = require('graphql');
  let mode = 'production';
  try {
    // Development mode throws on an object that calls itself a GraphQLSchema ("another realm").
    isSchema({ [Symbol.toStringTag]: 'GraphQLSchema' });
  } catch {
    mode = 'development';
  }
  process.stderr.write(`\ngraphql-mode: ${mode}\n`);
});
