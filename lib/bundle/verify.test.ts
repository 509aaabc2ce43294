/**
 * verify-bundle and the ZIP's bytes (lib/bundle/verify.ts): a file the manifest does not list
 * fails verification, named, also when it is hidden from the ZIP's central directory (a file
 * entry no central record lists, or a local header naming another file), which tools reading
 * the local headers extract. Without the structure check such a ZIP passed, with or without
 * --seal (task s33 item 4). No database: the command opens none.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile as ZipWriter } from 'yazl';
import { verifyBundle } from './verify';

const REPO = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'hs-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A bundle of four small files and their manifest; `streamed` writes data descriptors, as the bundle writer does. */
async function bundle(
  name: string,
  streamed = false,
  zip64 = false,
): Promise<{ path: string; seal: string }> {
  // The four files of a bundle (write.ts BUNDLE_FILES), items.json first (the renamed-header test).
  const files = new Map([
    ['items.json', Buffer.from('{"items":[{"id":"je-1","text":"mobbing i friminuttet"}]}')],
    ['custody.json', Buffer.from('{"builtBy":"jurist-1"}')],
    ['bundle.pdf', Buffer.from('%PDF-1.3\n%%EOF\n')],
    ['completeness.json', Buffer.from('{"summary":"alt"}')],
  ]);
  const manifest = Buffer.from(
    JSON.stringify({
      bundleId: 'b-1',
      files: [...files].map(([n, d]) => ({ name: n, sha256: sha(d), bytes: d.length })),
    }),
  );
  const z = new ZipWriter();
  for (const [n, d] of [...files, ['manifest.json', manifest] as const]) {
    if (streamed) {
      const src = join(dir, `${name}-${n}`);
      writeFileSync(src, d);
      z.addFile(src, n, { forceZip64Format: zip64 });
    } else z.addBuffer(d, n, { forceZip64Format: zip64 });
  }
  z.end();
  const path = join(dir, `${name}.zip`);
  await pipeline(z.outputStream, createWriteStream(path));
  return { path, seal: sha(manifest) };
}

/** The offset of the central directory, from the end-of-central-directory record (no comment). */
function centralDirectoryOffset(zip: Buffer): { eocd: number; offset: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return { eocd, offset: zip.readUInt32LE(eocd + 16) };
}

/** A stored (uncompressed) local file entry, as any ZIP writer makes one. */
function localEntry(name: string, data: Buffer): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6);
  h.writeUInt16LE(0, 8);
  h.writeUInt32LE(0, 14); // CRC not checked by readers of local headers that trust the sizes
  h.writeUInt32LE(data.length, 18);
  h.writeUInt32LE(data.length, 22);
  h.writeUInt16LE(Buffer.byteLength(name), 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, Buffer.from(name), data]);
}

/** The ZIP with a file entry inserted before its central directory, listed nowhere. */
function withHiddenEntry(path: string, name: string, data: Buffer): string {
  const zip = readFileSync(path);
  const { eocd, offset } = centralDirectoryOffset(zip);
  const hidden = localEntry(name, data);
  const out = Buffer.concat([zip.subarray(0, offset), hidden, zip.subarray(offset)]);
  out.writeUInt32LE(offset + hidden.length, eocd + hidden.length + 16);
  const p = path.replace(/\.zip$/, '-hidden.zip');
  writeFileSync(p, out);
  return p;
}

function cli(...args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'ELASTICSEARCH_URL'),
  );
  return spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), join(REPO, 'scripts', 'cli.ts'), 'verify-bundle', ...args],
    { encoding: 'utf8', env },
  );
}

test('an untouched bundle passes, with buffered entries and with data descriptors (as the bundle writer writes)', async () => {
  for (const streamed of [false, true]) {
    const b = await bundle(`clean-${streamed}`, streamed);
    expect(await verifyBundle(b.path, { seal: b.seal })).toMatchObject({ ok: true, problems: [], files: 4 });
  }
});

test('a file entry the central directory does not list fails verification naming the file, with or without --seal', async () => {
  for (const streamed of [false, true]) {
    const b = await bundle(`hidden-${streamed}`, streamed);
    const p = withHiddenEntry(b.path, 'tilleggsnotat.txt', Buffer.from('lagt til etter eksport'));
    for (const seal of [undefined, b.seal]) {
      const v = await verifyBundle(p, { seal });
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([
        expect.objectContaining({
          file: 'tilleggsnotat.txt',
          problem: 'unexpected',
          message: expect.stringMatching(
            /^tilleggsnotat\.txt is in the ZIP \(a file entry at byte \d+\) but not in its central directory nor the manifest$/,
          ),
        }),
      ]);
    }
  }
  const b = await bundle('hidden-cli');
  const p = withHiddenEntry(b.path, 'tilleggsnotat.txt', Buffer.from('x'));
  for (const args of [[p], [p, '--seal', b.seal]]) {
    const r = cli(...args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAILED verification');
    expect(r.stdout).toContain('tilleggsnotat.txt: tilleggsnotat.txt is in the ZIP');
  }
});

test('a local header that names another file than its central record fails verification naming both', async () => {
  const b = await bundle('renamed');
  const zip = readFileSync(b.path);
  // The first entry is items.json: its local header's name becomes xtems.json (same length).
  const at = zip.indexOf(Buffer.from('items.json'));
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  expect(at).toBe(30);
  zip.write('xtems.json', at);
  const p = join(dir, 'renamed-local.zip');
  writeFileSync(p, zip);
  const v = await verifyBundle(p);
  expect(v.ok).toBe(false);
  expect(v.problems).toEqual([
    expect.objectContaining({
      file: 'xtems.json',
      problem: 'unexpected',
      message:
        'xtems.json is in the ZIP under the name items.json (its file entry names xtems.json, the central directory items.json)',
    }),
  ]);
});

test('bytes between the file entries and the central directory that are no file entry are named by their offsets', async () => {
  const b = await bundle('prefixed');
  const zip = readFileSync(b.path);
  const { eocd, offset } = centralDirectoryOffset(zip);
  const junk = Buffer.from('not a file entry');
  const out = Buffer.concat([zip.subarray(0, offset), junk, zip.subarray(offset)]);
  out.writeUInt32LE(offset + junk.length, eocd + junk.length + 16);
  const p = join(dir, 'prefixed-gap.zip');
  writeFileSync(p, out);
  const v = await verifyBundle(p);
  expect(v.problems).toEqual([
    expect.objectContaining({
      file: '(ZIP)',
      message: `bytes ${offset} to ${offset + junk.length} of the ZIP belong to no file the manifest lists`,
    }),
  ]);
});

test('a file listed in the manifest and missing from the ZIP, and one in the ZIP and not in the manifest, are named without --seal', async () => {
  const b = await bundle('listed');
  const zip = readFileSync(b.path);
  // Rename custody.json in both its headers: the manifest's custody.json is missing, custozy.json unexpected.
  let at = -1;
  const out = Buffer.from(zip);
  while ((at = out.indexOf(Buffer.from('custody.json'), at + 1)) >= 0) out.write('custozy.json', at);
  const p = join(dir, 'listed-renamed.zip');
  writeFileSync(p, out);
  const v = await verifyBundle(p);
  expect(v.problems.map((x) => [x.file, x.problem]).sort()).toEqual([
    ['custody.json', 'missing'],
    ['custozy.json', 'unexpected'],
  ]);
});

/** The first central directory record: where it starts, its name and its lengths. */
function firstCentralRecord(zip: Buffer) {
  const { eocd, offset: at } = centralDirectoryOffset(zip);
  const nameLength = zip.readUInt16LE(at + 28);
  const extraLength = zip.readUInt16LE(at + 30);
  return { eocd, at, nameLength, extraLength, name: zip.toString('utf8', at + 46, at + 46 + nameLength) };
}

// yazl writes a ZIP64 extra field (0x0001) only on an entry whose sizes and offset it marks
// 0xffffffff, holding those three values (24 bytes). s35 accepted a field of 8, 16, 24 or 28
// bytes on any central record: 28 bytes that no hash covers and no reader needs passed, sealed.
test('an extra ZIP64 field on an entry that is not ZIP64 fails verification', async () => {
  for (const streamed of [false, true]) {
    // The writer's own ZIP64 entries pass.
    const z = await bundle(`zip64-${streamed}`, streamed, true);
    const zr = firstCentralRecord(readFileSync(z.path));
    expect(readFileSync(z.path).readUInt32LE(zr.at + 20)).toBe(0xffffffff);
    expect(await verifyBundle(z.path, { seal: z.seal })).toMatchObject({ ok: true, problems: [] });

    const b = await bundle(`zip64-extra-${streamed}`, streamed);
    expect(await verifyBundle(b.path, { seal: b.seal })).toMatchObject({ ok: true, problems: [] });
    const zip = readFileSync(b.path);
    const r = firstCentralRecord(zip);
    for (const length of [8, 16, 24, 28]) {
      // Plausible values (the entry's own sizes), and a hidden message in what is left.
      const data = Buffer.alloc(length);
      data.write('NB: side 3 byttet');
      const field = Buffer.alloc(4);
      field.writeUInt16LE(0x0001, 0);
      field.writeUInt16LE(length, 2);
      const extra = Buffer.concat([field, data]);
      const insertAt = r.at + 46 + r.nameLength + r.extraLength;
      const out = Buffer.concat([zip.subarray(0, insertAt), extra, zip.subarray(insertAt)]);
      out.writeUInt16LE(r.extraLength + extra.length, r.at + 30);
      const eocd = r.eocd + extra.length;
      out.writeUInt32LE(out.readUInt32LE(eocd + 12) + extra.length, eocd + 12);
      const p = join(dir, `zip64-extra-${streamed}-${length}.zip`);
      writeFileSync(p, out);
      for (const seal of [b.seal, undefined]) {
        const v = await verifyBundle(p, { seal });
        expect(v.ok).toBe(false);
        expect(v.problems).toEqual([
          expect.objectContaining({
            file: r.name,
            problem: 'unexpected',
            message: expect.stringContaining(`ZIP64 extra field (id 0x0001, ${length} bytes)`),
          }),
        ]);
      }
    }
  }
});
