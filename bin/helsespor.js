#!/usr/bin/env node
// The `helsespor` command: runs scripts/cli.ts through tsx.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const tsx = require.resolve('tsx/cli');
const r = spawnSync(
  process.execPath,
  [tsx, join(__dirname, '..', 'scripts', 'cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
