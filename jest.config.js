/** Tests run TypeScript through SWC (type checking is `tsc --noEmit`, run by npm test first). */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.services/', '/.services-fault/', '/.cache/', '/.scratch/'],
  testTimeout: 120000,
  maxWorkers: 2,
};
