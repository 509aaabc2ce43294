/** Tests run TypeScript through SWC (type checking is `tsc --noEmit`, run by npm test first). */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': swc,
    // hyparquet and hyparquet-writer (research extracts) ship ES modules only: jest's CommonJS runtime gets them through SWC.
    '/node_modules/hyparquet(-writer)?/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet(-writer)?/)'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.services/', '/.services-fault/', '/.cache/', '/.scratch/'],
  testTimeout: 120000,
  maxWorkers: 2,
};
