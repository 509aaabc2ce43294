import { AuditTrail } from '../../lib/audit';
import { caseLogKeys } from './audit-keys';
import { cliCaller, UsageError, type CliCommand } from '../../lib/cli';
import type { Db } from '../../lib/db';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../lib/config';
import { REPO_ROOT } from '../../lib/subgraph';
import { isRealDate } from '../../lib/oslo-time';
import { ExportError, exportNoark } from './noark/export';
import { ImportError, ImportStoppedError, importNoark, type ImportSummary } from './noark/import';
import { validatePackage } from './noark/validate';
import { extractPendingDocuments, requeueDocuments } from './doctext/job';
import {
  journalLines,
  organisationName,
  publishable,
  render,
  renderHtml,
  unknownUnitProblem,
} from './postjournal';
import { casesWithHNumberParty, nationalIdsBySaksmappeIds, recordIdsBySaksmappeIds } from './store';
import { CaseHandlerError, listCaseHandlers, registerCaseHandler, retireCaseHandler } from './case-handlers';

/**
 * A deposit package holds every party and document of the arkivdel: one access-log row per
 * person (by national id; an access request filed under its record alone, migration 026, by
 * record id) with the saksmapper, and a case with a party named by an H-nummer under the case
 * too (caseLogKeys; pasientjournalforskriften § 14), written before anything is exported.
 */
async function logExport(db: Db, arkivdelRef: string): Promise<void> {
  const saksmapper = (
    await db.query<{ id: string }>(
      `SELECT s.id FROM archive.saksmappe s
         JOIN archive.klasse k ON k.id = s.klasse_ref
         JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id
        WHERE ks.arkivdel_id = (SELECT id FROM archive.arkivdel WHERE id = $1 OR tittel = $1)`,
      [arkivdelRef],
    )
  ).rows.map((r) => r.id);
  if (!saksmapper.length) return;
  const audit = new AuditTrail('archive', cliCaller('archivist', 'ARCHIVE_ADMINISTRATION'));
  const subjects = new Map(
    saksmapper.map((id) => [id, { nationalIds: [] as string[], patientIds: [] as string[] }]),
  );
  for (const r of await nationalIdsBySaksmappeIds(db, saksmapper)) {
    const ids = subjects.get(r.saksmappe_id)!.nationalIds;
    if (!ids.includes(r.national_id)) ids.push(r.national_id);
  }
  for (const r of await recordIdsBySaksmappeIds(db, saksmapper))
    subjects.get(r.saksmappe_id)!.patientIds.push(r.patient_id);
  const hNumberParty = new Set(await casesWithHNumberParty(db, saksmapper));
  const byKey = new Map<string, string[]>();
  for (const [id, subject] of subjects)
    for (const key of caseLogKeys(id, subject, hNumberParty.has(id)))
      byKey.set(key, [...(byKey.get(key) ?? []), id]);
  for (const [key, ids] of byKey) audit.record(key, 'saksmappe', ids.sort());
  await audit.flush(db);
}

/**
 * Where the official Noark 5 schemas are: NOARK5_SCHEMAS, else the shared standards folder
 * beside the repository when it exists. The schemas are Arkivverket's and are not copied
 * into this repository.
 */
export function noarkSchemaDir(config: Config = loadConfig()): string | undefined {
  const dir = config.noark5SchemaDir ?? join(REPO_ROOT, '..', 'shared', 'standards', 'noark5');
  return existsSync(join(dir, 'arkivstruktur.xsd')) ? dir : undefined;
}

/** An import's counts, one line (`import-noark`, after it finished or stopped partway). */
function importCounts(s: ImportSummary): string {
  return (
    `saksmapper ${s.saksmapper.inserted} new, ${s.saksmapper.updated} updated, ${s.saksmapper.unchanged} unchanged, ` +
    (s.saksmapper.held ? `${s.saksmapper.held} held for an archivist (nothing applied), ` : '') +
    `${s.saksmapper.quarantined} quarantined; ${s.journalposter} journalposter` +
    (s.laterExtract.journalposterAdded
      ? ` (${s.laterExtract.journalposterAdded} added to stored saksmapper)`
      : '') +
    `; documents ${s.documents.stored} stored, ` +
    `${s.documents.quarantined} quarantined; ${s.endringslogg} endringslogg entries` +
    (s.laterExtract.recordsUpdated
      ? `; ${s.laterExtract.recordsUpdated} stored records updated (the rows replaced kept in archive.record_version)`
      : '') +
    (s.laterExtract.conflicts
      ? `; ${s.laterExtract.conflicts} records changed both here and in the extract: ours kept, the extract's quarantined`
      : '') +
    (s.laterExtract.changedDocuments
      ? `; ${s.laterExtract.changedDocuments} stored dokumentobjekter given otherwise: kept, the extract's quarantined`
      : '') +
    (s.laterExtract.notInExtract
      ? `; ${s.laterExtract.notInExtract} stored records the extract no longer has: kept`
      : '') +
    (s.laterExtract.screeningApplied
      ? `; ${s.laterExtract.screeningApplied} records in conflict screened as the extract screens them (more restrictive: applied now, offentleglova § 13; the rest of ours kept)`
      : '') +
    (s.laterExtract.olderExtract
      ? `; ${s.laterExtract.olderExtract} records left as they are: the extract is older than the one they were last read from`
      : '') +
    (s.laterExtract.partiesCorrected
      ? `; ${s.laterExtract.partiesCorrected} parties' national ids corrected: the link to the earlier person ended`
      : '') +
    (s.laterExtract.partiesRemoved
      ? `; ${s.laterExtract.partiesRemoved} parties the extract no longer names: the link to that person ended`
      : '') +
    (s.laterExtract.partiesVanished
      ? `; ${s.laterExtract.partiesVanished} saksmapper and journalposter the extract names no party of: their parties kept linked, a party conflict each for an archivist (partyConflicts, resolvePartyConflict)`
      : '') +
    (s.upperQuarantined
      ? `; ${s.upperQuarantined} arkiv/arkivdel/klassifikasjonssystem/klasse quarantined (a systemID twice in the extract)`
      : '') +
    (s.hNumberParties
      ? `; ${s.hNumberParties} parties named by an H-nummer kept as exported and linked to no person (an H-nummer names a person within one institution only, pasientjournalloven § 22)`
      : '')
  );
}

/** This subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  'import-noark': {
    usage: 'import-noark <folder>',
    description:
      'Import a Noark 5 extract (arkivstruktur.xml + DOKUMENT/); checksums verified, re-import changes nothing',
    async run(args, { db, config }) {
      const [folder] = args;
      if (!folder || args.length !== 1) throw new UsageError('import-noark needs exactly one folder');
      try {
        const s = await importNoark(db, folder, {
          maxDocumentBytes: config.limits.importMaxDocumentBytes,
          maxRecordBytes: config.limits.importMaxRecordBytes,
        });
        process.stdout.write(`Imported ${folder}: ${importCounts(s)}\n`);
        return s.saksmapper.quarantined ||
          s.documents.quarantined ||
          s.upperQuarantined ||
          s.laterExtract.conflicts ||
          s.laterExtract.partiesVanished ||
          s.laterExtract.changedDocuments ||
          s.laterExtract.olderExtract
          ? 3
          : 0;
      } catch (err) {
        if (err instanceof ImportStoppedError) {
          // Partway: what was committed before the error is in the archive (review s38).
          process.stderr.write(`Import failed: ${err.message}\n`);
          process.stdout.write(`Committed from ${folder} before the error: ${importCounts(err.summary)}\n`);
          return 5;
        }
        if (err instanceof ImportError) {
          process.stderr.write(`Import failed: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    },
  },
  'export-noark': {
    usage: 'export-noark <arkivdel> <folder>',
    description:
      'Write the deposit package (arkivuttrekk) of an arkivdel (systemID or title) and validate it against the Noark 5 schemas',
    async run(args, { db, config }) {
      const [arkivdel, folder] = args;
      if (!arkivdel || !folder || args.length !== 2)
        throw new UsageError('export-noark needs an arkivdel and a folder');
      const schemaDir = noarkSchemaDir(config);
      try {
        await logExport(db, arkivdel).catch((err: Error) => {
          // Two arkivdeler with that title: exportNoark explains; anything else stops the export.
          if (!/more than one row/.test(err.message)) throw err;
        });
        const s = await exportNoark(db, arkivdel, folder, { schemaDir });
        process.stdout.write(
          `Exported arkivdel ${s.arkivdelId} to ${s.folder}: ${s.saksmapper} saksmapper, ${s.journalposter} journalposter, ` +
            `${s.documents} documents, ${s.endringer} endringslogg entries\n`,
        );
        if (!schemaDir) {
          process.stdout.write(
            'No Noark 5 schemas found (set NOARK5_SCHEMAS): the package holds no schemas and was not validated\n',
          );
          return 0;
        }
        const results = await validatePackage(s.folder, { schemaDir });
        for (const r of results) {
          process.stdout.write(`${r.valid ? 'valid  ' : 'INVALID'} ${r.file} against ${r.schema}\n`);
          for (const e of r.errors.slice(0, 20)) process.stdout.write(`  ${e}\n`);
          if (r.errors.length > 20) process.stdout.write(`  … ${r.errors.length - 20} more\n`);
        }
        const structure = results.find((r) => r.file === 'arkivstruktur.xml');
        if (
          structure &&
          !structure.valid &&
          structure.errors.every((e) => /avsluttetDato|arkivertDato/.test(e))
        ) {
          process.stdout.write(
            'Note: the only deviations are open entities (arkiv, arkivdel, saksmapper without avsluttetDato) and journalposter not yet archived (no arkivertDato); ' +
              'a deposit needs the arkivdel closed first.\n',
          );
        }
        if (s.endringer === 0)
          process.stdout.write(
            'Note: nothing was changed after closing, and endringslogg.xsd does not allow an empty endringslogg.\n',
          );
        return results.every((r) => r.valid) ? 0 : 4;
      } catch (err) {
        if (err instanceof ExportError) {
          process.stderr.write(`Export failed: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    },
  },
  postjournal: {
    usage: 'postjournal <from> <to> <file.html> [unit]',
    description:
      'Write the public postjournal (offentlig journal, screened) for journaldato from..to as a printable HTML file',
    async run(args, { db }) {
      const [from, to, file, unit] = args;
      if (!from || !to || !file || args.length > 4)
        throw new UsageError('postjournal needs from, to and an output file');
      // A day that exists, as the GraphQL postjournal asks (journalArgs): 2023-02-30 or 0000-01-01
      // reached PostgreSQL and came back as its own text with exit 1, and from after to wrote an
      // empty journal with exit 0 (review s39).
      for (const d of [from, to])
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !isRealDate(d))
          throw new UsageError(`${d} is not a date (YYYY-MM-DD, a day that exists)`);
      if (from > to) throw new UsageError(`from ${from} is after to ${to}`);
      if (unit !== undefined) {
        const problem = await unknownUnitProblem(db, unit);
        if (problem) throw new UsageError(problem);
      }
      const entries = (await journalLines(db, { from, to, unit }))
        .filter((l) => publishable(l.journalstatus))
        .map((l) => render(l, 'public'));
      writeFileSync(
        file,
        renderHtml({ view: 'public', from, to, unit, entries, organisation: await organisationName(db) }),
      );
      process.stdout.write(`Wrote ${entries.length} journalposter to ${file}\n`);
      return 0;
    },
  },
  'case-handler': {
    usage:
      'case-handler list [--all] | case-handler register <user-id> <reason> | case-handler retire <user-id> <reason>',
    description:
      'register a case handler for access requests by hand (before their first sign-in; a retired one is reinstated), retire one (kept with who, when and why; no new handovers to them), or list them',
    async run(args, { db }) {
      const [sub, ...rest] = args;
      const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');
      if (sub === 'list') {
        const bad = rest.filter((a) => a !== '--all');
        if (bad.length) throw new UsageError(`unexpected argument ${bad[0]}`);
        const rows = await listCaseHandlers(db, rest.includes('--all'));
        process.stdout.write(
          'user_id\tretired\tknown_from\tknown_since\tretired_at\tretired_by\tretired_reason\n',
        );
        for (const h of rows)
          process.stdout.write(
            [
              h.user_id,
              h.retired_at ? 'yes' : 'no',
              h.known_from,
              iso(h.known_since),
              iso(h.retired_at),
              h.retired_by ?? '',
              h.retired_reason ?? '',
            ].join('\t') + '\n',
          );
        return 0;
      }
      const [userId, ...words] = rest;
      if ((sub !== 'register' && sub !== 'retire') || userId === undefined || !words.length)
        throw new UsageError(
          'case-handler needs list, register <user-id> <reason> or retire <user-id> <reason>',
        );
      // Acts as the operating-system user, in the archivist role administering the archive.
      const by = cliCaller('archivist', 'ARCHIVE_ADMINISTRATION').userId;
      try {
        if (sub === 'register') {
          const r = await registerCaseHandler(db, userId, words.join(' '), by);
          process.stdout.write(
            `${r.row.user_id} ${r.reinstated ? 'reinstated' : 'registered'} as a case handler by ${by}\n`,
          );
        } else {
          const r = await retireCaseHandler(db, userId, words.join(' '), by);
          process.stdout.write(`${r.user_id} retired as a case handler by ${by} at ${iso(r.retired_at)}\n`);
        }
      } catch (err) {
        // Bad input (an unknown or retired handler, an empty reason): one line, exit 2.
        if (err instanceof CaseHandlerError) throw new UsageError(err.message);
        throw err;
      }
      return 0;
    },
  },
  'extract-documents': {
    usage: 'extract-documents [--retry-unread | --all]',
    description:
      'Extract the text of queued archive documents now (PDF text layer, OCR of scans); --retry-unread queues unread ones again, --all every one',
    async run(args, { db, config }) {
      const flags = new Set(args);
      for (const a of flags)
        if (a !== '--retry-unread' && a !== '--all') throw new UsageError(`unknown option ${a}`);
      if (flags.has('--retry-unread') || flags.has('--all')) {
        const n = await requeueDocuments(db, { all: flags.has('--all') });
        process.stdout.write(`Queued ${n} documents again\n`);
      }
      const s = await extractPendingDocuments(db, config.documentText);
      process.stdout.write(
        `Extracted ${s.documents} documents: pages ${s.pages['pdf-text']} from the text layer, ${s.pages.ocr} by OCR, ` +
          `${s.pages.none} not read; ${s.unreadable} documents could not be read (reasons in searchCoverage and the log)\n`,
      );
      return 0;
    },
  },
};
