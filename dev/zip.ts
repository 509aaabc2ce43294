import { open as openZip, type Entry } from 'yauzl';

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
