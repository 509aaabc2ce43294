// ESLint: the recommended rules of ESLint and typescript-eslint, and little else. Formatting
// is Prettier's. `npm run lint`; scripts/test.sh fails on an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // subgraphs/*/generated: GraphQL Code Generator's output (npm run codegen), not written by hand.
  { ignores: ['node_modules/', '.services/', '.cache/', '.scratch/', 'coverage/', 'subgraphs/*/generated/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-named and rest-sibling bindings are deliberate: they drop a field from a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Source exports are checked for control characters on purpose (quarantine reason `encoding`).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests, benchmarks and dev tools read GraphQL responses as untyped JSON by shape, and
    // assert that shape; the service code itself has no `any`.
    files: ['test/**', 'dev/**', 'bench/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The few plain CommonJS files (bin/, jest.config.js, dev/graphql-mode-probe.cjs) run on Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
