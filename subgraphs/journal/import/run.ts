/**
 * Runs one import: streams a source export through its reader into the writer, shows
 * progress, and returns the report. Throws when the file itself is unreadable, or as an
 * ImportFailedError when the run cannot go on (e.g. the database connection is lost).
 *
 * The run's row in journal.import_run is `running` while it runs (a session advisory lock
 * shows it is alive), carries the committed counts after every batch, and ends `finished`
 * or `failed` with the error. A run whose process or database died is marked `failed` by
 * the next import, which resumes it: the export is read again, and every record already
 * committed counts as unchanged.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isConnectionError, type Db, type Queryable } from '../../../lib/db';
import { log } from '../../../lib/log';
import { readGericaJournal } from './gerica';
import { readGericaDecisions } from './gerica-decisions';
import { hpFiles, readHp } from './hp';
import { readProfil } from './profil';
import type { ImportItem } from './records';
import { emptyReport, ExportDuplicates, ImportWriter, type ImportReport, type KindCounts } from './writer';

export const IMPORT_SOURCES = ['hp', 'gerica', 'profil', 'gerica-vedtak'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** Resolves the file(s) an import reads; a folder is accepted where the source has a known file name. */
function resolveInput(source: ImportSource, path: string): { file: string; bytes: number } {
  if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
  if (source === 'hp')
    return { file: path, bytes: hpFiles(path).reduce((n, f) => n + statSync(f.file).size, 0) };
  let file = path;
  if (statSync(path).isDirectory()) {
    file = join(
      path,
      source === 'gerica'
        ? 'journalnotater.csv'
        : source === 'gerica-vedtak'
          ? 'vedtak.csv'
          : 'profil-eksport.xml',
    );
    if (!existsSync(file)) throw new Error(`${path}: no ${basename(file)} in this folder`);
  }
  return { file, bytes: statSync(file).size };
}

export interface Progress {
  (done: number, total: number, records: number): void;
}

/** An import stopped by a lost database connection; `report` holds what was committed before. */
export class ImportFailedError extends Error {
  constructor(
    message: string,
    readonly runId: number,
    readonly report: ImportReport,
  ) {
    super(message);
  }
}

/** Advisory-lock key space of import runs (held by the running process's session). */
const RUN_LOCK = 'SELECT pg_try_advisory_lock(hashtext($1), $2::int) AS ok';

/** Gives up the run's lock (PGlite keeps its one session) and the session. */
async function endSession(session: Queryable & { release(): void }, runId: number): Promise<void> {
  await session
    .query('SELECT pg_advisory_unlock(hashtext($1), $2::int)', ['journal.import_run', runId])
    .catch(() => undefined);
  session.release();
}

/** Marks runs whose process is gone (no session holds their lock) as failed; returns their ids. */
async function failAbandonedRuns(
  session: Queryable,
): Promise<{ id: number; source: string; file: string }[]> {
  const running = (
    await session.query<{ id: number; source: string; file: string }>(
      `SELECT id, source, file FROM journal.import_run WHERE status = 'running' ORDER BY id`,
    )
  ).rows;
  const abandoned: { id: number; source: string; file: string }[] = [];
  for (const r of running) {
    const got = (await session.query<{ ok: boolean }>(RUN_LOCK, ['journal.import_run', r.id])).rows[0]!.ok;
    if (!got) continue; // its process is alive
    await session.query('SELECT pg_advisory_unlock(hashtext($1), $2::int)', ['journal.import_run', r.id]);
    await session.query(
      `UPDATE journal.import_run SET status = 'failed', finished_at = now(),
              error = coalesce(error, 'interrupted: the importing process or the database stopped')
        WHERE id = $1 AND status = 'running'`,
      [r.id],
    );
    abandoned.push(r);
  }
  if (abandoned.length)
    log.warn({ runs: abandoned.map((r) => r.id) }, 'import runs interrupted earlier marked failed');
  return abandoned;
}

export async function runImport(
  db: Db,
  source: ImportSource,
  path: string,
  progress?: Progress,
  opts: { maxRecordBytes?: number } = {},
): Promise<ImportReport> {
  const { file, bytes } = resolveInput(source, path);
  const name = basename(file);
  const session = await db.session();
  let runId: number;
  try {
    await failAbandonedRuns(session);
    const previous = (
      await session.query<{ id: number }>(
        `SELECT id FROM journal.import_run WHERE source = $1 AND file = $2 AND status = 'failed'
          AND id > coalesce((SELECT max(id) FROM journal.import_run WHERE source = $1 AND file = $2 AND status = 'finished'), 0)
          ORDER BY id DESC LIMIT 1`,
        [source, name],
      )
    ).rows[0];
    runId = (
      await session.query<{ id: number }>(
        `INSERT INTO journal.import_run (source, file, status, resumes_run_id) VALUES ($1, $2, 'running', $3) RETURNING id`,
        [source, name, previous?.id ?? null],
      )
    ).rows[0]!.id;
    await session.query(RUN_LOCK, ['journal.import_run', runId]);
    if (previous) log.info({ source, file: name, resumes: previous.id }, 'resuming a failed import run');
  } catch (err) {
    session.release();
    throw err;
  }
  const report = emptyReport(source, name);
  let done = 0;
  let records = 0;
  const onBytes = (n: number) => {
    done += n;
  };
  const left = { coercionLeft: 0 };
  const read = (
    bytesRead: (n: number) => void,
    coercion: { coercionLeft: number },
  ): AsyncIterable<ImportItem> =>
    source === 'gerica'
      ? readGericaJournal(file, bytesRead, opts)
      : source === 'gerica-vedtak'
        ? readGericaDecisions(file, bytesRead, opts, coercion)
        : source === 'profil'
          ? readProfil(file, bytesRead, opts)
          : readHp(file, bytesRead, opts);
  const started = Date.now();
  // One record twice in the export, however far apart (pasientjournalloven § 22, integritet):
  // the export is read once before it is imported, keeping a key per source id and what each
  // later record of a repeated id says (writer.ts ExportDuplicates), so two such records more
  // than a batch apart end as two in one batch do.
  const duplicates = new ExportDuplicates();
  try {
    for await (const item of read(() => undefined, { coercionLeft: 0 })) duplicates.note(item);
  } catch {
    // A file the reader stops in (a Profil klient tag over the cap, …): every record before
    // the stop is noted; the import below commits the batches before it and stops there with
    // the reader's error, as it did without this pass.
  }
  log.info(
    { source, file: name, runId, repeatedIds: duplicates.repeated, ms: Date.now() - started },
    'export read for source ids it sends more than once',
  );
  const writer = new ImportWriter(db, runId, report, undefined, duplicates);
  try {
    for await (const item of read(onBytes, left)) {
      await writer.add(item);
      records++;
      if (progress && records % 500 === 0) progress(done, bytes, records);
    }
    await writer.flush();
    if (source === 'gerica-vedtak') report.coercionDecisionsLeft = left.coercionLeft;
  } catch (err) {
    const lost = isConnectionError(err);
    const committed = report.counts.entries;
    const message = `import of ${name} stopped after ${records} records: the database connection was lost; ${committed.accepted + committed.updated + committed.unchanged} entries were committed (${committed.accepted} new); run the same import again to resume`;
    log.error({ source, file: name, runId, records, err: (err as Error).message }, 'import failed');
    // Record the failure when the database still answers; otherwise the next run marks it.
    await db
      .query(
        `UPDATE journal.import_run SET status = 'failed', finished_at = now(), error = $2, report = $3 WHERE id = $1`,
        [runId, lost ? 'database connection lost' : (err as Error).message, JSON.stringify(report)],
      )
      .catch(() => undefined);
    await endSession(session, runId);
    // A file that cannot be read (or any other error) stays the error it was.
    if (!lost) throw err;
    throw new ImportFailedError(message, runId, report);
  }
  progress?.(bytes, bytes, records);
  try {
    await db.query(
      `UPDATE journal.import_run SET status = 'finished', finished_at = now(), report = $2 WHERE id = $1`,
      [runId, JSON.stringify(report)],
    );
  } finally {
    await endSession(session, runId);
  }
  log.info(
    { source, file: name, records, ms: Date.now() - started, quarantined: report.quarantined },
    'import finished',
  );
  return report;
}

export function formatReport(r: ImportReport): string {
  const lines = [`Import ${r.source} ${r.file}`];
  lines.push(
    `  ${'kind'.padEnd(14)}${'accepted'.padStart(10)}${'updated'.padStart(10)}${'unchanged'.padStart(11)}`,
  );
  for (const [kind, c] of Object.entries(r.counts) as [string, KindCounts][]) {
    if (c.accepted + c.updated + c.unchanged === 0) continue;
    lines.push(
      `  ${kind.padEnd(14)}${String(c.accepted).padStart(10)}${String(c.updated).padStart(10)}${String(c.unchanged).padStart(11)}`,
    );
  }
  if (r.sourceConflicts)
    lines.push(
      `  source updates to notes corrected here, kept for an archivist (sourceConflicts): ${r.sourceConflicts}`,
    );
  if (r.deletionsFollowed)
    lines.push(
      `  later source versions of notes deleted here, deleted too (helsepersonelloven § 43): ${r.deletionsFollowed}`,
    );
  if (r.deletionsHeld)
    lines.push(
      `  later source versions of notes deleted here, kept under a legal hold, complaint or access request: ${r.deletionsHeld}`,
    );
  if (r.movesFollowed)
    lines.push(
      `  later source versions of notes moved here to the right patient, moved too (helsepersonelloven § 44): ${r.movesFollowed}`,
    );
  if (r.patientChangesHeld)
    lines.push(
      `  notes the source now files under another patient, held for a § 44 decision (recordCases): ${r.patientChangesHeld}`,
    );
  if (r.patientChangesWithdrawn)
    lines.push(
      `  § 44 cases the import had registered, withdrawn as the source no longer files the note under that patient: ${r.patientChangesWithdrawn}`,
    );
  if (r.coercionDecisionsLeft)
    lines.push(`  coercion decisions (Tvang og makt) left to import-coercion: ${r.coercionDecisionsLeft}`);
  if (r.migratedCopiesLinked)
    lines.push(`  migrated HP copies linked to their legacy original: ${r.migratedCopiesLinked}`);
  const q = Object.entries(r.quarantined);
  lines.push(`  quarantined: ${q.length ? q.map(([reason, n]) => `${n} ${reason}`).join(', ') : 'none'}`);
  return lines.join('\n');
}
