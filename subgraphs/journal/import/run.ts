/**
 * Runs one import: streams a source export through its reader into the writer, shows
 * progress, and returns the report. Throws only when the file itself is unreadable.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../../../lib/db';
import { log } from '../../../lib/log';
import { readGericaJournal } from './gerica';
import { hpFiles, readHp } from './hp';
import { readProfil } from './profil';
import type { ImportItem } from './records';
import { emptyReport, ImportWriter, type ImportReport } from './writer';

export const IMPORT_SOURCES = ['hp', 'gerica', 'profil'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** Resolves the file(s) an import reads; a folder is accepted where the source has a known file name. */
function resolveInput(source: ImportSource, path: string): { file: string; bytes: number } {
  if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
  if (source === 'hp')
    return { file: path, bytes: hpFiles(path).reduce((n, f) => n + statSync(f.file).size, 0) };
  let file = path;
  if (statSync(path).isDirectory()) {
    file = join(path, source === 'gerica' ? 'journalnotater.csv' : 'profil-eksport.xml');
    if (!existsSync(file)) throw new Error(`${path}: no ${basename(file)} in this folder`);
  }
  return { file, bytes: statSync(file).size };
}

export interface Progress {
  (done: number, total: number, records: number): void;
}

export async function runImport(
  db: Db,
  source: ImportSource,
  path: string,
  progress?: Progress,
  opts: { maxRecordBytes?: number } = {},
): Promise<ImportReport> {
  const { file, bytes } = resolveInput(source, path);
  const run = await db.query<{ id: number }>(
    'INSERT INTO journal.import_run (source, file) VALUES ($1, $2) RETURNING id',
    [source, basename(file)],
  );
  const runId = run.rows[0]!.id;
  const report = emptyReport(source, basename(file));
  const writer = new ImportWriter(db, runId, report);
  let done = 0;
  let records = 0;
  const onBytes = (n: number) => {
    done += n;
  };
  const reader: AsyncIterable<ImportItem> =
    source === 'gerica'
      ? readGericaJournal(file, onBytes, opts)
      : source === 'profil'
        ? readProfil(file, onBytes)
        : readHp(file, onBytes, opts);
  const started = Date.now();
  for await (const item of reader) {
    await writer.add(item);
    records++;
    if (progress && records % 500 === 0) progress(done, bytes, records);
  }
  await writer.flush();
  progress?.(bytes, bytes, records);
  await db.query('UPDATE journal.import_run SET finished_at = now(), report = $2 WHERE id = $1', [
    runId,
    JSON.stringify(report),
  ]);
  log.info(
    { source, file: basename(file), records, ms: Date.now() - started, quarantined: report.quarantined },
    'import finished',
  );
  return report;
}

export function formatReport(r: ImportReport): string {
  const lines = [`Import ${r.source} ${r.file}`];
  lines.push(
    `  ${'kind'.padEnd(14)}${'accepted'.padStart(10)}${'updated'.padStart(10)}${'unchanged'.padStart(11)}`,
  );
  for (const [kind, c] of Object.entries(r.counts)) {
    if (c.accepted + c.updated + c.unchanged === 0) continue;
    lines.push(
      `  ${kind.padEnd(14)}${String(c.accepted).padStart(10)}${String(c.updated).padStart(10)}${String(c.unchanged).padStart(11)}`,
    );
  }
  if (r.migratedCopiesLinked)
    lines.push(`  migrated HP copies linked to their legacy original: ${r.migratedCopiesLinked}`);
  const q = Object.entries(r.quarantined);
  lines.push(`  quarantined: ${q.length ? q.map(([reason, n]) => `${n} ${reason}`).join(', ') : 'none'}`);
  return lines.join('\n');
}
