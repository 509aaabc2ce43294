/** `npm run cli -- bundle …` and `npm run cli -- verify-bundle <zip>` (lib/bundle). */
import { softwareSettings } from './software';
import { existsSync, readFileSync } from 'node:fs';
import { AuditTrail } from '../audit';
import { cliCaller, UsageError, type CliCommand } from '../cli';
import { compilePolicy } from '../policy/policy';
import { purposeProblem } from '../policy/purposes';
import { matterById } from '../policy/store';
import type { Config } from '../config';
import type { Db } from '../db';
import { startSubgraph, type RunningSubgraph } from '../subgraph';
import { createSearchBackend } from '../../search-index/backend';
import { archiveSubgraphWith } from '../../subgraphs/archive';
import { coercionSubgraphWith } from '../../subgraphs/coercion';
import { dossierBundleSource } from '../../subgraphs/dossier/bundle-source';
import type { OwnerClientOptions } from '../../subgraphs/dossier/client';
import { journalSubgraph } from '../../subgraphs/journal';
import { searchSubgraph } from '../../subgraphs/search';
import { searchSources } from '../../subgraphs/search/sources';
import { bundleSettings, exportBundle } from './export';
import type { WithheldMark } from './types';
import { BundleInputError } from './withhold';
import { verifyBundle } from './verify';
import { bundleExists } from './write';

function take(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a whole number`);
  return Number(v);
}

function readMarks(path: string): WithheldMark[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--withhold ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(data))
    throw new UsageError(
      `--withhold ${path}: expected a JSON array of { itemId, ground, range?: {start, end}, text? }`,
    );
  return data as WithheldMark[];
}

/**
 * The dossier asks the owning subgraphs through their own APIs, as the caller; the CLI starts
 * them for the command's length, on loopback ports of its own, and stops them after.
 */
async function withOwners<T>(
  db: Db,
  config: Config,
  run: (opts: OwnerClientOptions) => Promise<T>,
): Promise<T> {
  const backend = createSearchBackend(config, db);
  const common = {
    db,
    internalSecret: config.internalSecret,
    host: '127.0.0.1',
    port: 0,
    migrate: false,
    textBudgetBytes: config.limits.responseTextBytes,
  };
  const running: RunningSubgraph[] = [];
  try {
    for (const def of [
      journalSubgraph,
      archiveSubgraphWith(config.limits),
      coercionSubgraphWith(config.limits),
      searchSubgraph(backend, searchSources(db), config.limits),
    ])
      running.push(await startSubgraph(def, common));
    await backend.ensureReady();
    const url = (name: string) => running.find((r) => r.name === name)!.url;
    return await run({
      urls: () => ({
        journal: url('journal'),
        archive: url('archive'),
        coercion: url('coercion'),
        search: url('search'),
      }),
      internalSecret: config.internalSecret,
      // As the stack's dossier (scripts/stack.ts): an owner that does not answer fails the call.
      timeoutMs: config.limits.upstreamTimeoutMs,
    });
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    await backend.close();
  }
}

export const commands: Record<string, CliCommand> = {
  bundle: {
    usage:
      'bundle <patient-id> --matter M --requester R --out file.zip [--from D] [--to D] [--age-from N] [--age-to N] [--school-stage UNGDOMSSKOLEN] [--concepts a,b] [--withhold marks.json] [--prefix P] [--first-number N] [--purpose P (default: the matter’s)]',
    description:
      "write an evidence bundle: the person's dossier in the matter as a ZIP (PDF with Bates numbers, items.json, completeness, custody log, manifest); logged as cli:<user>",
    async run(argv, { db, config }) {
      softwareSettings.gitCommit = config.gitCommit;
      // Redacted copies OCR in the installation's language (DOCTEXT_OCR_LANG), as the server's.
      bundleSettings.ocrLang = config.documentText.ocrLang;
      const args = [...argv];
      const matter = take(args, '--matter');
      const requester = take(args, '--requester');
      const out = take(args, '--out');
      const from = take(args, '--from');
      const to = take(args, '--to');
      const ageFrom = int('--age-from', take(args, '--age-from'));
      const ageTo = int('--age-to', take(args, '--age-to'));
      const schoolStage = take(args, '--school-stage');
      const concepts = take(args, '--concepts');
      const withhold = take(args, '--withhold');
      const prefix = take(args, '--prefix');
      const firstNumber = int('--first-number', take(args, '--first-number'));
      const askedPurpose = take(args, '--purpose');
      const unknown = args.find((a) => a.startsWith('--'));
      if (unknown) throw new UsageError(`unknown option ${unknown}`);
      if (args.length !== 1) throw new UsageError('give one patient id');
      if (!matter) throw new UsageError('--matter is required: a bundle belongs to a matter');
      if (!requester) throw new UsageError('--requester is required (printed on the cover)');
      if (!out || !out.endsWith('.zip')) throw new UsageError('--out <file.zip> is required');
      // Before anything is read (and logged): writeBundle refuses it again at the end.
      if (existsSync(out)) throw new UsageError(`--out ${bundleExists(out)}`);
      // Read as role legal within the matter, like a legal token (and like coercion-report): the
      // matter must be open, list the CLI user (cli:<os user>), share the purpose and hold the
      // person; the owners' policies and the access log see the same caller.
      const purpose = askedPurpose ?? (await matterById(db, matter))?.purpose ?? 'LEGAL_PROCEEDINGS';
      const problem = purposeProblem('legal', purpose);
      if (problem) throw new UsageError(`--purpose: ${problem}`);
      const caller = cliCaller('legal', purpose, matter);
      const audit = new AuditTrail('dossier', caller);
      const policy = await compilePolicy(db, caller);
      try {
        const r = await withOwners(db, config, (owners) =>
          exportBundle(
            { db, caller, audit, policy },
            {
              patientId: args[0]!,
              matter,
              requester,
              from,
              to,
              ageFrom,
              ageTo,
              schoolStage,
              concepts: concepts ? concepts.split(',') : [],
              prefix,
              firstNumber,
              withheld: withhold ? readMarks(withhold) : [],
            },
            { source: dossierBundleSource(owners), via: 'cli bundle', out },
          ),
        );
        process.stdout.write(
          `Bundle written: ${r.path} (${r.bytes} bytes, ${r.items} items, ${r.pages} pages ${r.batesFirst} – ${r.batesLast}, ` +
            `withheld ${r.withheldItems} items and ${r.withheldPassages} passages)\n` +
            `ZIP SHA-256 ${r.sha256}\nSeal (manifest SHA-256) ${r.manifestSha256}: keep it; ` +
            `npm run cli -- verify-bundle ${r.path} --seal ${r.manifestSha256}\n`,
        );
        return 0;
      } catch (err) {
        if (err instanceof BundleInputError) {
          process.stderr.write(`Error: ${err.message}\n`);
          return 1;
        }
        throw err;
      } finally {
        await audit.flush(db); // denials and reads (the build itself was logged before the ZIP took its name)
      }
    },
  },
  'verify-bundle': {
    usage: 'verify-bundle <bundle.zip> [--seal <manifest sha256>]',
    description:
      'check every file of an evidence bundle against its manifest (and the manifest against the seal); names each changed, missing or added file; exit 1 on any',
    noDatabase: true,
    async run(argv) {
      const args = [...argv];
      const seal = take(args, '--seal');
      if (seal !== undefined && !/^[0-9a-fA-F]{64}$/.test(seal))
        throw new UsageError('--seal is a SHA-256 (64 hex digits)');
      if (args.length !== 1) throw new UsageError('give one bundle ZIP');
      const r = await verifyBundle(args[0]!, { seal });
      if (!r.ok) {
        process.stdout.write(`Bundle ${args[0]} FAILED verification (${r.problems.length} problem(s)):\n`);
        for (const p of r.problems) process.stdout.write(`  ${p.file}: ${p.message}\n`);
        return 1;
      }
      process.stdout.write(
        `Bundle ${args[0]} verified: ${r.files} files match manifest.json (bundle ${r.bundleId}; manifest SHA-256 ${r.manifestSha256}${seal ? ', matches the seal' : ''})\n`,
      );
      return 0;
    },
  },
};
