import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { open as openZip, type Entry } from 'yauzl';
import { ZipFile as ZipWriter } from 'yazl';

/** One entry of a ZIP file (an evidence bundle) as bytes, for tests; rejects when it is absent. */
export function unzipEntryBytes(zip: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    openZip(zip, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      zf.on('entry', (e: Entry) => {
        if (e.fileName !== name) return zf.readEntry();
        zf.openReadStream(e, async (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          for await (const c of s) chunks.push(c as Buffer);
          zf.close();
          resolve(Buffer.concat(chunks));
        });
      });
      zf.on('end', () => reject(new Error(`${name} not in ${zip}`)));
      zf.readEntry();
    }),
  );
}

/** One entry of a ZIP file (an evidence bundle) as UTF-8 text, for tests; rejects when it is absent. */
export async function unzipEntry(zip: string, name: string): Promise<string> {
  return (await unzipEntryBytes(zip, name)).toString('utf8');
}

/** Every entry of a ZIP file as bytes, by name, for tests. */
export function unzipAll(zip: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) =>
    openZip(zip, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      const out = new Map<string, Buffer>();
      zf.on('entry', (e: Entry) =>
        zf.openReadStream(e, async (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          for await (const c of s) chunks.push(c as Buffer);
          out.set(e.fileName, Buffer.concat(chunks));
          zf.readEntry();
        }),
      );
      zf.on('end', () => resolve(out));
      zf.on('error', reject);
      zf.readEntry();
    }),
  );
}

/** Writes these files as a ZIP (a tampered copy of a bundle, for tests). */
export async function zipAll(path: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const z = new ZipWriter();
  for (const [name, data] of files) z.addBuffer(data, name);
  z.end();
  await pipeline(z.outputStream, createWriteStream(path));
}
