/**
 * Checks a bundle ZIP against its manifest: every file listed is there with the SHA-256
 * and size the manifest gives, nothing is there that the manifest does not list, and (when
 * the seal kept at build time is given) the manifest itself is the one that was built.
 * Reports every problem, naming the file.
 */
import { createHash } from 'node:crypto';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import { MANIFEST } from './write';

export interface BundleProblem {
  file: string;
  problem: 'changed' | 'missing' | 'unexpected' | 'unreadable' | 'manifest' | 'seal';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  bundleId: string | null;
  files: number;
  manifestSha256: string | null;
  problems: BundleProblem[];
}

const MAX_MANIFEST_BYTES = 1024 * 1024;

function openZipFile(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    openZip(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (err, zf) => (err ? reject(err) : resolve(zf)),
    ),
  );
}

async function entries(zf: ZipFile): Promise<Entry[]> {
  const list: Entry[] = [];
  return new Promise((resolve, reject) => {
    zf.on('entry', (e: Entry) => {
      list.push(e);
      zf.readEntry();
    });
    zf.on('end', () => resolve(list));
    zf.on('error', reject);
    zf.readEntry();
  });
}

async function hashEntry(
  zf: ZipFile,
  e: Entry,
  keep: boolean,
): Promise<{ sha256: string; bytes: number; data?: Buffer }> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zf.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const h = createHash('sha256');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    h.update(c);
    bytes += c.length;
    if (keep) {
      if (bytes > MAX_MANIFEST_BYTES)
        throw new Error(`${e.fileName} is larger than ${MAX_MANIFEST_BYTES} bytes`);
      chunks.push(c);
    }
  }
  return { sha256: h.digest('hex'), bytes, ...(keep ? { data: Buffer.concat(chunks) } : {}) };
}

interface Manifest {
  bundleId: string;
  files: { name: string; sha256: string; bytes: number }[];
}

function parseManifest(data: Buffer): Manifest | string {
  let m: unknown;
  try {
    m = JSON.parse(data.toString('utf8'));
  } catch {
    return 'manifest.json is not JSON';
  }
  const o = m as Partial<Manifest>;
  if (
    !o ||
    typeof o.bundleId !== 'string' ||
    !Array.isArray(o.files) ||
    !o.files.every(
      (f) =>
        f && typeof f.name === 'string' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256),
    )
  )
    return 'manifest.json does not list files with their SHA-256';
  return o as Manifest;
}

/** Verifies the bundle at `path`; `seal` is the manifest's SHA-256 as printed when it was built. */
export async function verifyBundle(path: string, opts: { seal?: string } = {}): Promise<VerifyResult> {
  const zf = await openZipFile(path).catch((err: Error) => {
    throw new Error(`${path} is not a readable ZIP: ${err.message}`);
  });
  const problems: BundleProblem[] = [];
  try {
    const list = await entries(zf);
    const names = new Map<string, Entry>();
    for (const e of list) {
      if (names.has(e.fileName))
        problems.push({
          file: e.fileName,
          problem: 'unexpected',
          message: `${e.fileName} appears twice in the ZIP`,
        });
      names.set(e.fileName, e);
    }
    const me = names.get(MANIFEST);
    if (!me) {
      problems.push({
        file: MANIFEST,
        problem: 'missing',
        message: `${MANIFEST} is missing: nothing can be checked`,
      });
      return { ok: false, bundleId: null, files: 0, manifestSha256: null, problems };
    }
    const mh = await hashEntry(zf, me, true);
    if (opts.seal && opts.seal.toLowerCase() !== mh.sha256)
      problems.push({
        file: MANIFEST,
        problem: 'seal',
        message: `${MANIFEST} changed: its SHA-256 is ${mh.sha256}, the seal kept at build time is ${opts.seal}`,
      });
    const manifest = parseManifest(mh.data!);
    if (typeof manifest === 'string') {
      problems.push({ file: MANIFEST, problem: 'manifest', message: manifest });
      return { ok: false, bundleId: null, files: 0, manifestSha256: mh.sha256, problems };
    }
    const listed = new Set<string>();
    for (const f of manifest.files) {
      listed.add(f.name);
      const e = names.get(f.name);
      if (!e) {
        problems.push({
          file: f.name,
          problem: 'missing',
          message: `${f.name} is listed in the manifest but missing`,
        });
        continue;
      }
      try {
        const got = await hashEntry(zf, e, false);
        if (got.sha256 !== f.sha256 || (typeof f.bytes === 'number' && got.bytes !== f.bytes))
          problems.push({
            file: f.name,
            problem: 'changed',
            message: `${f.name} changed: SHA-256 ${got.sha256} (${got.bytes} bytes), the manifest says ${f.sha256} (${f.bytes} bytes)`,
          });
      } catch (err) {
        problems.push({
          file: f.name,
          problem: 'unreadable',
          message: `${f.name} cannot be read from the ZIP: ${(err as Error).message}`,
        });
      }
    }
    for (const name of names.keys())
      if (name !== MANIFEST && !listed.has(name))
        problems.push({
          file: name,
          problem: 'unexpected',
          message: `${name} is in the ZIP but not in the manifest`,
        });
    return {
      ok: problems.length === 0,
      bundleId: manifest.bundleId,
      files: manifest.files.length,
      manifestSha256: mh.sha256,
      problems,
    };
  } finally {
    zf.close();
  }
}
