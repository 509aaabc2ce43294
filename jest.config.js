/** Tests run TypeScript through SWC (type checking is `tsc --noEmit`, run by npm test first). */
const swc = (module) => [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ...module } },
];
module.exports = {
  testEnvironment: 'node',
  transform: {
    // These load ES-module-only packages (hyparquet, hyparquet-writer) with a dynamic import,
    // which stays one (jest runs with --experimental-vm-modules, scripts/test.sh).
    '/(lib/policy/extract|test/research\\.e2e\\.test)\\.ts$': swc({ ignoreDynamic: true }),
    '^.+\\.ts$': swc({}),
  },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.services/', '/.services-fault/', '/.cache/', '/.scratch/'],
  testTimeout: 120000,
  maxWorkers: 2,
};
