/**
 * Checks a bundle ZIP against its manifest: every file listed is there with the SHA-256
 * and size the manifest gives, nothing is there that the manifest does not list, and (when
 * the seal kept at build time is given) the manifest itself is the one that was built.
 * Reports every problem, naming the file.
 *
 * "Nothing is there" covers the ZIP's bytes, not only its central directory (what yauzl,
 * `unzip` and this check list): the file entries must lie back to back from the first byte to
 * the central directory, each local header naming the file its central record names. A file
 * entry that no central record lists, or a local header naming another file, is extracted by
 * tools that read the local headers (streaming unzippers, Java's ZipInputStream, forensic
 * carvers), so a ZIP could hold a file the manifest does not list and pass, with or without
 * `--seal` (the seal proves only the manifest). Found in review (task s33 item 4).
 *
 * A bundle is its four files and the manifest (write.ts BUNDLE_FILES): one the ZIP and the
 * manifest both leave out is missing. A comment on the ZIP or on an entry (printed by `unzip`
 * and `zipinfo` beside the files, covered by no hash) fails verification. Found in review s34.
 * So does an entry's extra field the bundle writer does not write (extraFieldProblems), in
 * its central record or its local header: bytes no hash covers, which `zipinfo -v` prints and
 * some of which readers act on (0x7075 renames the file). Found in review s34's re-read.
 */
import { createHash } from 'node:crypto';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import { BUNDLE_FILES, MANIFEST } from './write';

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

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_RECORD = 0x02014b50;

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const b = Buffer.alloc(length);
  const { bytesRead } = await fh.read(b, 0, length, offset);
  return b.subarray(0, bytesRead);
}

/** A local file header at `offset`: the name it gives and where its data starts; null when there is none. */
async function localHeader(
  fh: FileHandle,
  offset: number,
): Promise<{
  name: string;
  dataStart: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  extra: Buffer;
} | null> {
  const h = await readAt(fh, offset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== LOCAL_HEADER) return null;
  const nameLength = h.readUInt16LE(26);
  const extraLength = h.readUInt16LE(28);
  const name = (await readAt(fh, offset + 30, nameLength)).toString('utf8');
  return {
    name,
    dataStart: offset + 30 + nameLength + extraLength,
    flags: h.readUInt16LE(6),
    compressedSize: h.readUInt32LE(18),
    uncompressedSize: h.readUInt32LE(22),
    extra: await readAt(fh, offset + 30 + nameLength, extraLength),
  };
}

/** Extra fields (ZIP APPNOTE 4.5) as id and data length; null when they do not parse. */
function parseExtra(raw: Buffer): { id: number; length: number }[] | null {
  const out: { id: number; length: number }[] = [];
  for (let at = 0; at < raw.length;) {
    if (at + 4 > raw.length) return null;
    const length = raw.readUInt16LE(at + 2);
    if (at + 4 + length > raw.length) return null;
    out.push({ id: raw.readUInt16LE(at), length });
    at += 4 + length;
  }
  return out;
}

/**
 * The extra fields the bundle writer (yazl) writes, by id, and the data lengths each may have:
 * in a central record the extended timestamp ("UT", 0x5455: flags and the modification time).
 * ZIP64's 0x0001 only on a ZIP64 entry, holding exactly the values its record marks 0xffffffff
 * (0xffff for the disk number), in APPNOTE 4.5.3's order: `zip64` is that length, null when the
 * record marks none (review s35: a 0x0001 of 8 to 28 bytes passed on any record, yazl writes
 * one only when sizes and offset are 0xffffffff, so 28 bytes no hash covers rode along).
 * Any other field, another length, or a field twice, is bytes no hash covers.
 */
const WRITER_EXTRA: Record<'central' | 'local', Map<number, number[]>> = {
  central: new Map([[0x5455, [5]]]),
  local: new Map(),
};
const ZIP64_EXTRA = 0x0001;
const ZIP64_MARK = 0xffffffff;

/** The length of a ZIP64 extra field's data that these raw record values call for; null when none. */
function zip64Length(values: readonly number[], diskNumberStart?: number): number | null {
  const n = 8 * values.filter((v) => v === ZIP64_MARK).length + (diskNumberStart === 0xffff ? 4 : 0);
  return n || null;
}

function extraFieldProblems(
  file: string,
  where: 'central' | 'local',
  raw: Buffer,
  zip64: number | null,
): BundleProblem[] {
  const place = where === 'central' ? 'its central directory record' : 'its local header';
  const fields = parseExtra(raw);
  if (!fields)
    return [
      {
        file,
        problem: 'unexpected',
        message: `${file} carries ${raw.length} bytes of extra field in ${place} that do not parse, which no bundle has and the manifest does not cover`,
      },
    ];
  const seen = new Set<number>();
  const problems: BundleProblem[] = [];
  for (const f of fields) {
    const lengths =
      f.id === ZIP64_EXTRA ? (zip64 == null ? undefined : [zip64]) : WRITER_EXTRA[where].get(f.id);
    if (!lengths?.includes(f.length) || seen.has(f.id))
      problems.push({
        file,
        problem: 'unexpected',
        message:
          f.id === ZIP64_EXTRA && !seen.has(f.id)
            ? `${file} carries a ZIP64 extra field (id 0x0001, ${f.length} bytes) in ${place}, which ${zip64 == null ? 'marks no size or offset as ZIP64 (0xffffffff)' : `calls for ${zip64} bytes`}: the bundle writer does not write it and the manifest does not cover it`
            : `${file} carries an extra field (id 0x${f.id.toString(16).padStart(4, '0')}, ${f.length} bytes) in ${place}, which the bundle writer does not write and the manifest does not cover`,
      });
    seen.add(f.id);
  }
  return problems;
}

/**
 * For each central directory record (in `list`'s order, which is the directory's), the length of
 * ZIP64 extra field data its raw values call for (zip64Length); yauzl gives the values the ZIP64
 * field put in their place.
 */
async function centralZip64(
  path: string,
  list: readonly Entry[],
  centralDirectoryOffset: number,
): Promise<(number | null)[]> {
  const fh = await openFile(path, 'r');
  try {
    const out: (number | null)[] = [];
    let at = centralDirectoryOffset;
    for (const e of list) {
      const r = await readAt(fh, at, 46);
      out.push(
        r.length === 46 && r.readUInt32LE(0) === CENTRAL_RECORD
          ? zip64Length([r.readUInt32LE(24), r.readUInt32LE(20), r.readUInt32LE(42)], r.readUInt16LE(34))
          : null,
      );
      at += 46 + e.fileNameLength + e.extraFieldLength + e.fileCommentLength;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/**
 * The ZIP's bytes against its central directory (see the header): every byte before the
 * central directory belongs to one listed entry (local header, data, data descriptor), in
 * order and without gaps, and each local header names its entry's file. What else is found is
 * named: a hidden file entry by the name its local header gives, other bytes by their offsets.
 */
async function structureProblems(
  path: string,
  list: readonly Entry[],
  centralDirectoryOffset: number,
): Promise<BundleProblem[]> {
  const problems: BundleProblem[] = [];
  const fh = await openFile(path, 'r');
  try {
    /** Names the bytes [from, to) that no listed entry holds. */
    const stray = async (from: number, to: number) => {
      const hidden = from >= 0 && to > from ? await localHeader(fh, from) : null;
      if (hidden)
        problems.push({
          file: hidden.name,
          problem: 'unexpected',
          message: `${hidden.name} is in the ZIP (a file entry at byte ${from}) but not in its central directory nor the manifest`,
        });
      else
        problems.push({
          file: '(ZIP)',
          problem: 'unexpected',
          message: `bytes ${from} to ${to} of the ZIP belong to no file the manifest lists`,
        });
    };
    const sorted = [...list].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
    let cursor = 0;
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i]!;
      const at = e.relativeOffsetOfLocalHeader;
      if (at > cursor) await stray(cursor, at);
      else if (at < cursor) {
        problems.push({
          file: e.fileName,
          problem: 'unexpected',
          message: `${e.fileName} overlaps the file entry before it in the ZIP (byte ${at})`,
        });
        continue;
      }
      const h = await localHeader(fh, at);
      if (!h) {
        problems.push({
          file: e.fileName,
          problem: 'unreadable',
          message: `${e.fileName} has no file entry where the ZIP's central directory says (byte ${at})`,
        });
        cursor = Math.max(cursor, at);
        continue;
      }
      problems.push(
        ...extraFieldProblems(
          e.fileName,
          'local',
          h.extra,
          // A local ZIP64 field holds both sizes (APPNOTE 4.5.3), when the header marks either.
          zip64Length([h.compressedSize, h.uncompressedSize]) && 16,
        ),
      );
      if (h.name !== e.fileName)
        problems.push({
          file: h.name,
          problem: 'unexpected',
          message: `${h.name} is in the ZIP under the name ${e.fileName} (its file entry names ${h.name}, the central directory ${e.fileName})`,
        });
      let end = h.dataStart + e.compressedSize;
      if (e.generalPurposeBitFlag & 0x8) {
        // A data descriptor follows the data: 12 or 20 bytes (ZIP64), 16 or 24 with its signature.
        const next =
          i + 1 < sorted.length ? sorted[i + 1]!.relativeOffsetOfLocalHeader : centralDirectoryOffset;
        const sig = await readAt(fh, end, 4);
        const sizes = sig.length === 4 && sig.readUInt32LE(0) === DATA_DESCRIPTOR ? [16, 24] : [12, 20];
        end += sizes.find((n) => end + n === next) ?? sizes[0]!;
      }
      cursor = end;
    }
    if (cursor < centralDirectoryOffset) await stray(cursor, centralDirectoryOffset);
  } finally {
    await fh.close();
  }
  return problems;
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
  // yauzl's cursor is at the central directory until the entries are read.
  const centralDirectoryOffset = (zf as unknown as { readEntryCursor: number }).readEntryCursor;
  try {
    const list = await entries(zf);
    // Comments are bytes that belong to no file, shown beside the files: `unzip` prints the
    // ZIP's comment on every listing and extraction, `zipinfo` an entry's. The bundle writer
    // writes none, and the manifest and the seal cover none: a comment put into a sealed bundle
    // passed (found in review s34).
    const zipComment = (zf as unknown as { comment?: string }).comment ?? '';
    if (zipComment.length)
      problems.push({
        file: '(ZIP)',
        problem: 'unexpected',
        message: `the ZIP carries a comment of ${zipComment.length} characters, which no bundle has and the manifest does not cover`,
      });
    const zip64 = await centralZip64(path, list, centralDirectoryOffset);
    list.forEach((e, i) =>
      problems.push(...extraFieldProblems(e.fileName, 'central', e.extraFieldRaw, zip64[i] ?? null)),
    );
    for (const e of list)
      if (e.fileComment?.length)
        problems.push({
          file: e.fileName,
          problem: 'unexpected',
          message: `${e.fileName} carries a file comment of ${e.fileComment.length} characters in the ZIP, which no bundle has and the manifest does not cover`,
        });
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
    // An evidence bundle is its four files and their manifest (write.ts BUNDLE_FILES): a ZIP of
    // a manifest listing nothing, or a bundle whose PDF was taken out and its manifest rewritten
    // to list the rest, was "verified" (found in review s34).
    for (const name of BUNDLE_FILES)
      if (!listed.has(name) && !names.has(name))
        problems.push({
          file: name,
          problem: 'missing',
          message: `${name} is missing: an evidence bundle holds ${BUNDLE_FILES.join(', ')} and ${MANIFEST}, and neither the ZIP nor its manifest has it`,
        });
    for (const name of names.keys())
      if (name !== MANIFEST && !listed.has(name))
        problems.push({
          file: name,
          problem: 'unexpected',
          message: `${name} is in the ZIP but not in the manifest`,
        });
    problems.push(...(await structureProblems(path, list, centralDirectoryOffset)));
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
