/** Logs are JSON lines for machines and pretty lines for a person at a terminal, redacted either way. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const tsx = require.resolve('tsx/cli');
const program = `require('./lib/log').log.info({ scope: 'demo', nationalId: '13889910059' }, 'hello')`;

test('stdout that is not a terminal gets one JSON object a line, with national ids redacted', () => {
  const out = execFileSync(process.execPath, [tsx, '-e', program], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info' },
  }).toString();
  const line = JSON.parse(out.trim());
  expect(line).toMatchObject({ level: 30, msg: 'hello', scope: 'demo', nationalId: '[redacted]' });
});

test('a terminal gets one readable line per event, with national ids redacted', () => {
  // `script` runs the program on a pseudo-terminal, as `npm start` in a shell is.
  const cmd = `'${process.execPath}' '${tsx}' -e "${program}"`;
  const out = execFileSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', TERM: 'dumb' },
  }).toString();
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '').trim();
  expect(plain).toMatch(
    /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: hello \{"scope":"demo","nationalId":"\[redacted\]"\}$/,
  );
  expect(plain).not.toContain('13889910059');
});
