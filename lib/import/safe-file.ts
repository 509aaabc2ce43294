/**
 * Reading a file an outside export names (a Noark extract's DOKUMENT/x.pdf) without trusting
 * it: the path must stay inside the export folder (also after resolving the folders on the
 * way, which may be symlinks), the file itself is opened without following a symlink
 * (O_NOFOLLOW), must be a regular file (a named pipe or a device is refused without
 * blocking: O_NONBLOCK), and its size is checked on the open handle before a byte is read.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';

export type SafeRead = { ok: true; content: Buffer } | { ok: false; reason: string; size?: number };

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

export async function readRegularFileInside(root: string, ref: string, maxBytes: number): Promise<SafeRead> {
  const base = await realpath(root);
  const path = resolve(base, ref);
  if (!ref || !inside(base, path) || !path.startsWith(base + sep))
    return { ok: false, reason: `"${ref}" points outside the extract` };
  let dir: string;
  try {
    dir = await realpath(dirname(path));
  } catch {
    return { ok: false, reason: `${ref} is missing` };
  }
  if (dir !== base && !inside(base, dir))
    return { ok: false, reason: `${ref} lies in a folder that is a link to outside the extract` };
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: `${ref} is missing` };
    if (code === 'ELOOP') return { ok: false, reason: `${ref} is a symbolic link, not a file` };
    return { ok: false, reason: `${ref} cannot be opened (${code ?? (err as Error).message})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const what = st.isFIFO()
        ? 'a named pipe'
        : st.isDirectory()
          ? 'a folder'
          : st.isSocket()
            ? 'a socket'
            : 'a device';
      return { ok: false, reason: `${ref} is ${what}, not a regular file` };
    }
    if (st.size > maxBytes)
      return {
        ok: false,
        reason: `${ref} is ${st.size} bytes, over the limit of ${maxBytes}`,
        size: st.size,
      };
    const content = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await handle.read(content, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return { ok: true, content: off === st.size ? content : content.subarray(0, off) };
  } finally {
    await handle.close();
  }
}
