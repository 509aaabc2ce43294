/**
 * The line reader frames the same lines whatever the chunk size: CR and LF in different
 * chunks, a lone LF inside a Gerica field, a trailing line without a terminator, and a
 * line over the cap reported with its size and first bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUtf8, readLines } from './lines';

const dir = mkdtempSync(join(tmpdir(), 'hs-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function frame(content: string, mode: 'lf' | 'crlf', chunkBytes: number, maxBytes = 1000) {
  const path = join(dir, `f-${mode}-${chunkBytes}`);
  writeFileSync(path, content, 'latin1');
  const out: unknown[] = [];
  for await (const l of readLines(path, { mode, chunkBytes, maxBytes, headBytes: 4, countQuotes: true }))
    out.push(
      l.oversized
        ? { line: l.line, size: l.size, head: l.head.toString('latin1') }
        : l.bytes.toString('latin1'),
    );
  return out;
}

test.each([1, 2, 3, 5, 7, 64])(
  'crlf, chunks of %i bytes: CRLF ends a line, a lone LF stays inside',
  async (n) => {
    const text = 'a;b\r\n1;"x\ny"\r\n2;"z\r\n\r\nlast';
    expect(await frame(text, 'crlf', n)).toEqual(['a;b', '1;"x\ny"', '2;"z', '', 'last']);
  },
);

test.each([1, 2, 3, 64])('lf, chunks of %i bytes: LF ends a line, a CR before it is dropped', async (n) => {
  expect(await frame('{"a":1}\r\n{"b":2}\n\n{"c":3}', 'lf', n)).toEqual([
    '{"a":1}',
    '{"b":2}',
    '',
    '{"c":3}',
  ]);
});

test.each([1, 3, 64])(
  'a line over the cap (chunks of %i): its size and first bytes, and the next line',
  async (n) => {
    expect(await frame('short\r\nabcdefghijkl\r\nnext\r\n', 'crlf', n, 8)).toEqual([
      'short',
      { line: 2, size: 12, head: 'abcd' },
      'next',
    ]);
  },
);

test('strict UTF-8: invalid bytes give null, never U+FFFD', () => {
  expect(decodeUtf8(Buffer.from('Sæther', 'utf8'))).toBe('Sæther');
  expect(decodeUtf8(Buffer.from('Sæther', 'latin1'))).toBeNull();
});
