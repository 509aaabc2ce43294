import { writeFileSync } from 'node:fs';
import { AuditTrail } from '../../lib/audit';
import { compilePolicy } from '../../lib/policy/policy';
import { cliCaller, UsageError, type CliCommand } from '../../lib/cli';
import {
  ACCESS_LOG_KIND,
  ACCESS_LOG_RULE,
  AccessLogInputError,
  accessLogCsv,
  accessLogEntry,
  accessLogSubject,
  accessLogWindow,
  mayReadAccessLog,
  readAccessLog,
} from './access-log';
import { recordCaseCommands } from './record-cases-cli';
import { join } from 'node:path';
import { log } from '../../lib/log';
import { osloDate, isRealDate } from '../../lib/oslo-time';
import { REPO_ROOT } from '../../lib/subgraph';
import { validateAgainst } from '../archive/noark/validate';
import {
  AVLXML_SCHEMA,
  AVLXML_SCHEMA_IMPORTS,
  avlxml,
  avlxmlSchemaDirMissing,
  DepositSplitError,
  depositsByOrganisation,
  type OtherAgreement,
  depositList,
  writeAvlxml,
} from './avlxml';
import { formatReport, ImportFailedError, IMPORT_SOURCES, runImport, type ImportSource } from './import/run';

function progressPrinter(): (done: number, total: number, records: number) => void {
  let lastPlain = 0;
  return (done, total, records) => {
    const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 100;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${records} records`,
      );
      if (pct === 100) process.stderr.write('\n');
    } else if (records - lastPlain >= 50_000 || pct === 100) {
      lastPlain = records;
      process.stderr.write(`progress: ${pct}% (${records} records)\n`);
    }
  };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

/** This subgraph's `npm run cli` commands. */
export const commands: Record<string, CliCommand> = {
  ...recordCaseCommands,
  'access-log': {
    usage:
      'access-log <patient-id|national-id> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv out.csv] [--json out.json] [--purpose P] [--matter M]',
    description:
      "export who has accessed a person's records (for the patient's own request); CSV on stdout unless --csv/--json; the export is logged",
    async run(argv, { db }) {
      const args = [...argv];
      const from = option(args, '--from');
      const to = option(args, '--to');
      const csvPath = option(args, '--csv');
      const jsonPath = option(args, '--json');
      const purpose = option(args, '--purpose') ?? 'ACCESS_REQUEST';
      const matter = option(args, '--matter');
      const who = args[0];
      if (!who || args.length !== 1) throw new UsageError('give one patient id or national id');
      const caller = cliCaller('archivist', purpose, matter);
      const audit = new AuditTrail('journal', caller);
      let subject, window;
      try {
        window = accessLogWindow(from, to);
        subject = await accessLogSubject(db, /^\d{11}$/.test(who) ? { nationalId: who } : { patientId: who });
      } catch (err) {
        if (err instanceof AccessLogInputError) throw new UsageError(err.message);
        throw err;
      }
      if (!mayReadAccessLog(caller)) {
        audit.denied(subject.asked, ACCESS_LOG_KIND, ACCESS_LOG_RULE);
        await audit.flush(db);
        process.stderr.write(`Refused: ${ACCESS_LOG_RULE}\n`);
        return 1;
      }
      // Only a person the caller reaches, as in the GraphQL query: on purpose ACCESS_REQUEST
      // (the default here) the persons of open access requests (lib/policy).
      const policy = await compilePolicy(db, caller);
      // The export's row names the access request it served (by its saksmappe id, whether
      // --matter gave that or the case number; pasientjournalforskriften § 14).
      audit.matterOf = (key) => policy.requestMatterOf(key);
      const refused = policy.check(
        audit,
        'patient',
        /^\d{11}$/.test(who) ? { nationalIds: [who] } : { patientIds: [who] },
      );
      if (refused) {
        await audit.flush(db);
        process.stderr.write(`Refused: ${refused}\n`);
        return 1;
      }
      const { rows } = await readAccessLog(db, subject.keys, window);
      // Logged before anything is written out: no log row, no export.
      audit.record(subject.asked, ACCESS_LOG_KIND);
      await audit.flush(db);
      const entries = rows.map(accessLogEntry);
      if (csvPath) writeFileSync(csvPath, accessLogCsv(entries));
      if (jsonPath)
        writeFileSync(
          jsonPath,
          JSON.stringify(
            {
              subject: subject.asked,
              patientIds: subject.patientIds,
              nationalIds: subject.nationalIds,
              from: window.from,
              to: window.to,
              exportedAt: new Date().toISOString(),
              exportedBy: caller.userId,
              entries,
            },
            null,
            2,
          ) + '\n',
        );
      if (!csvPath && !jsonPath) process.stdout.write(accessLogCsv(entries));
      process.stderr.write(
        `${entries.length} access-log entries for ${subject.patientIds.length || 'no'} patient record(s)` +
          `${window.from || window.to ? ` from ${window.from ?? 'the start'} to ${window.to ?? 'now'}` : ''}` +
          `${[csvPath, jsonPath].filter(Boolean).length ? ` written to ${[csvPath, jsonPath].filter(Boolean).join(' and ')}` : ''}\n`,
      );
      return 0;
    },
  },
  avlxml: {
    usage:
      'avlxml --out <folder> --agreement <id> --agreement-date YYYY-MM-DD --org-name <name> --org-number <9 digits> [--agreement-for <org number>:<id>:<YYYY-MM-DD>[:<name>]]... [--as-of YYYY-MM-DD] [--schemas <folder>]',
    description:
      'deposit list to Norsk helsearkiv (AVLXML, helsearkivforskriften): specialist records of patients dead ten years or more, one list per submitting body; validated against avlxml.xsd',
    async run(argv, { db }) {
      const args = [...argv];
      const out = option(args, '--out');
      const asOf = option(args, '--as-of') ?? osloDate(new Date());
      const agreement = option(args, '--agreement');
      const agreementDate = option(args, '--agreement-date');
      const orgName = option(args, '--org-name');
      const orgNumber = option(args, '--org-number');
      const agreementsFor: string[] = [];
      for (let v = option(args, '--agreement-for'); v !== undefined; v = option(args, '--agreement-for'))
        agreementsFor.push(v);
      const schemas = option(args, '--schemas') ?? join(REPO_ROOT, '..', 'shared', 'standards', 'nha-avlxml');
      if (args.length) throw new UsageError(`unexpected argument ${args[0]}`);
      if (!out) throw new UsageError('--out <folder> is required: where avlxml.xml is written');
      const date = (name: string, v: string) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !isRealDate(v))
          throw new UsageError(`${name} ${v} is not a date (YYYY-MM-DD, a day that exists)`);
      };
      date('--as-of', asOf);
      if (!agreement || !/^(\d+\.)+\d+$/.test(agreement))
        throw new UsageError(
          '--agreement <id> is required: the deposit agreement with Norsk helsearkiv, digits and dots (e.g. 2026.4)',
        );
      if (!agreementDate) throw new UsageError('--agreement-date YYYY-MM-DD is required');
      date('--agreement-date', agreementDate);
      if (!orgName?.trim())
        throw new UsageError('--org-name <name> is required: the submitting body (arkivskaper)');
      if (!orgNumber || !/^\d{9}$/.test(orgNumber))
        throw new UsageError("--org-number is required: the submitting body's organisasjonsnummer, 9 digits");
      // Another submitting body's agreement: <organisasjonsnummer>:<agreement id>:<date>[:<name>].
      const others = new Map<string, OtherAgreement>();
      for (const v of agreementsFor) {
        const m = /^(\d{9}):((?:\d+\.)+\d+):(\d{4}-\d{2}-\d{2})(?::(.*))?$/.exec(v);
        if (!m)
          throw new UsageError(
            `--agreement-for ${v} is not <organisasjonsnummer (9 digits)>:<agreement id (digits and dots)>:<YYYY-MM-DD>[:<name>]`,
          );
        date('--agreement-for', m[3]!);
        if (m[1] === orgNumber || others.has(m[1]!))
          throw new UsageError(`--agreement-for ${m[1]} is given twice (or is --org-number)`);
        others.set(m[1]!, { id: m[2]!, date: m[3]!, ...(m[4]?.trim() ? { name: m[4].trim() } : {}) });
      }
      const missing = avlxmlSchemaDirMissing(schemas);
      if (missing) {
        process.stderr.write(`Error: ${missing}; give the folder with --schemas. Nothing was written.\n`);
        return 1;
      }
      const list = await depositList(db, asOf);
      const main = { id: agreement, date: agreementDate, orgName: orgName.trim(), orgNumber };
      let deposits;
      try {
        deposits = depositsByOrganisation(list, main, others);
      } catch (err) {
        if (!(err instanceof DepositSplitError)) throw err;
        process.stderr.write(`Error: ${err.message}. Nothing was written.\n`);
        return 2;
      }
      // The lists name the patients: every one of them is logged as read, before a file is written.
      const audit = new AuditTrail('journal', cliCaller('archivist', 'ARCHIVE_ADMINISTRATION'));
      for (const j of list.journals)
        for (const id of [j.patientId, ...j.linked.map((l) => l.patientId)]) audit.record(id, 'deposit_list');
      await audit.flush(db);
      const leftOut = Object.entries(list.leftOut)
        .filter(([, n]) => n)
        .map(([reason, n]) => `${n} ${reason}`);
      let allValid = true;
      const generated = osloDate(new Date());
      for (const [i, d] of deposits.entries()) {
        // The command line's body has no list when every record due is another body's.
        if (i === 0 && d.journals.length === 0 && deposits.length > 1) {
          process.stdout.write(
            `0 patient journal(s) held by ${d.agreement.orgName} (${d.agreement.orgNumber}) as of ${asOf}: ${d.file} not written` +
              `; left out: ${leftOut.length ? leftOut.join(', ') : 'none'}\n`,
          );
          continue;
        }
        const path = await writeAvlxml(
          out,
          avlxml({ ...list, journals: d.journals }, d.agreement, generated),
          d.file,
        );
        const result = await validateAgainst(path, schemas, AVLXML_SCHEMA, AVLXML_SCHEMA_IMPORTS);
        log.info(
          {
            asOf,
            organisation: d.agreement.orgNumber,
            listed: d.journals.length,
            leftOut: list.leftOut,
            valid: result.valid,
          },
          'avlxml deposit list written',
        );
        process.stdout.write(
          `${d.journals.length} patient journal(s) listed as of ${asOf} in ${path}` +
            (i === 0
              ? `; left out: ${leftOut.length ? leftOut.join(', ') : 'none'}\n`
              : ` for ${d.agreement.orgName} (${d.agreement.orgNumber})\n`),
        );
        if (!result.valid) {
          allValid = false;
          process.stderr.write(
            `Error: ${path} is not valid against ${result.schema}; do not send it:\n${result.errors.join('\n')}\n`,
          );
          continue;
        }
        process.stdout.write(`valid against ${result.schema}\n`);
      }
      return allValid ? 0 : 1;
    },
  },
  import: {
    usage: 'import <hp|gerica|gerica-vedtak|profil> <path>',
    description: 'import a source export into the journal (streaming; bad records are quarantined)',
    async run(args, { db, config }) {
      const [source, path] = args;
      if (!source || !path || args.length !== 2) throw new UsageError('import needs a source and a path');
      if (!(IMPORT_SOURCES as readonly string[]).includes(source)) {
        throw new UsageError(`unknown source "${source}": use one of ${IMPORT_SOURCES.join(', ')}`);
      }
      let report;
      try {
        report = await runImport(db, source as ImportSource, path, progressPrinter(), {
          maxRecordBytes: config.limits.importMaxRecordBytes,
        });
      } catch (err) {
        // One line, whatever stopped the run; the run's row says `failed` with the counts committed so far.
        if (err instanceof ImportFailedError) process.stderr.write(`Error: ${err.message}\n`);
        else process.stderr.write(`Cannot read ${path}: ${(err as Error).message}\n`);
        return 1;
      }
      process.stdout.write(formatReport(report) + '\n');
      return 0;
    },
  },
};
