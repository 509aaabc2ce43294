/**
 * `npm run cli -- grant …`, `extract <grant>`, `verify-extract <manifest>`,
 * `disclosure-log [grant]`: research grants from the command line (lib/policy/research.ts).
 * The command line acts as an archivist (`cli:<os user>`); every extract is recorded in
 * the disclosure log and every person in it in the access log. A grant's JSON may name its
 * `queryBudget` (outputLevel AGGREGATE only; published counts over the grant's life, default
 * DEFAULT_QUERY_BUDGET, query-budget.ts); `grant show` prints the budget and what is used, an
 * amendment keeps what was used. `"joinProject": true` in a grant's JSON joins a project whose
 * grants have another approval (grant-store.ts checkPseudonymScope, fix FX6), in an amendment's JSON
 * one that changes its rekNumber or dispensationRef (fix FX8); `grant show` prints
 * the grant's pseudonym scope, the grants sharing it and, when its project id names another, the
 * scope it keeps.
 */
import { readFileSync } from 'node:fs';
import { AuditTrail } from '../audit';
import { cliCaller, UsageError, type CliCommand } from '../cli';
import { buildExtract, ExtractRefused, verifyExtract } from './extract';
import {
  cohortOf,
  disclosures,
  GrantScopeRefused,
  insertGrantVersion,
  lastAggregateBudget,
  latestGrant,
  personLogKeys,
  scopeGrants,
  unknownServicesProblem,
  withdrawGrant,
} from './grant-store';
import {
  amendedInput,
  approvalOf,
  grantProblem,
  parseGrant,
  pseudonymScopeNote,
  researchSettings,
} from './research';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${path} as JSON: ${(err as Error).message}`);
  }
}

/** A version written, a refusal of its pseudonym scope's rules (grant-store.ts checkPseudonymScope) as a usage error. */
async function scopeChecked(write: () => Promise<boolean>): Promise<boolean> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof GrantScopeRefused) throw new UsageError(err.message);
    throw err;
  }
}

export const commands: Record<string, CliCommand> = {
  grant: {
    usage: 'grant <register file.json | amend id file.json --reason R | withdraw id --reason R | show id>',
    description: 'register, amend (a new version), withdraw or show a research grant (archivist)',
    async run(argv, { db }) {
      const args = [...argv];
      const reason = option(args, '--reason');
      const [sub, a, b] = args;
      const by = cliCaller('archivist', 'ARCHIVE_ADMINISTRATION').userId;
      const show = async (id: string) => {
        const g = await latestGrant(db, id);
        if (!g) throw new UsageError(`grant ${id} is not registered`);
        const budget =
          g.query_budget === null
            ? {}
            : { queries_remaining: Math.max(0, g.query_budget - (g.queries_used ?? 0)) };
        // The cohort's persons as read today (cohortOf), as researchCohort and an extract count them.
        const cohortSize = (await cohortOf(db, id, g.version)).length;
        process.stdout.write(
          `${JSON.stringify(
            {
              ...g,
              cohort_size: cohortSize,
              ...budget,
              approval: approvalOf(g),
              inForce: grantProblem(g, id) ?? 'yes',
              // The grants sharing its pseudonyms, and the scope it keeps when its project id names another (fix FX6).
              pseudonym_scope_grants: await scopeGrants(db, g.pseudonym_scope),
              pseudonym_scope_note: pseudonymScopeNote(g),
            },
            null,
            2,
          )}\n`,
        );
      };
      if (sub === 'register' && a) {
        let g;
        // `"joinProject": true` in the JSON: join a project whose grants have another approval
        // (grant-store.ts checkPseudonymScope; helseforskningsloven §§ 33, 35).
        let joinProject = false;
        try {
          const json = readJson(a);
          if (json && typeof json === 'object' && !Array.isArray(json) && 'joinProject' in json) {
            const { joinProject: join, ...rest } = json as Record<string, unknown>;
            if (join !== true && join !== false && join !== null)
              throw new UsageError('joinProject must be true or false');
            joinProject = join === true;
            g = parseGrant(rest);
          } else g = parseGrant(json);
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError((err as Error).message);
        }
        const services = await unknownServicesProblem(db, g.cohort);
        if (services) throw new UsageError(services);
        if (!(await scopeChecked(() => insertGrantVersion(db, g, 1, by, null, { joinProject }))))
          throw new UsageError(`grant ${g.id} is already registered`);
        await show(g.id);
        return 0;
      }
      if (sub === 'amend' && a && b) {
        if (!reason) throw new UsageError('amend needs --reason');
        const cur = await latestGrant(db, a);
        if (!cur || cur.withdrawn_at) throw new UsageError(`no grant ${a} in force to amend`);
        const lastBudget = await lastAggregateBudget(db, a);
        let g;
        // `"joinProject": true` in the JSON: an amendment to another approval joins the project's
        // others (grant-store.ts checkPseudonymScope; helseforskningsloven §§ 33, 35; fix FX8).
        let joinProject = false;
        try {
          const json = readJson(b);
          if (typeof json !== 'object' || json === null || Array.isArray(json))
            throw new UsageError(`${b} must hold a JSON object: the fields that change`);
          const { joinProject: join, ...change } = json as Record<string, unknown>;
          if (join !== undefined && join !== true && join !== false && join !== null)
            throw new UsageError('joinProject must be true or false');
          joinProject = join === true;
          g = parseGrant(amendedInput(cur, change, lastBudget));
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError((err as Error).message);
        }
        const services = await unknownServicesProblem(db, g.cohort);
        if (services) throw new UsageError(services);
        if (
          !(await scopeChecked(() => insertGrantVersion(db, g, cur.version + 1, by, reason, { joinProject })))
        )
          throw new UsageError(`grant ${a} was amended or withdrawn meanwhile`);
        await show(a);
        return 0;
      }
      if (sub === 'withdraw' && a) {
        if (!reason) throw new UsageError('withdraw needs --reason');
        if (!(await withdrawGrant(db, a, by, reason)))
          throw new UsageError(`no grant ${a} in force to withdraw`);
        await show(a);
        return 0;
      }
      if (sub === 'show' && a) {
        await show(a);
        return 0;
      }
      throw new UsageError('give register, amend, withdraw or show');
    },
  },
  extract: {
    usage: 'extract <grant> [--out dir] [--recipient user]',
    description:
      "write the grant's approved variables for its cohort as CSV and Parquet with a manifest; recorded in the disclosure log",
    async run(argv, { db, config }) {
      const args = [...argv];
      const out = option(args, '--out') ?? config.research.extractDir;
      const recipient = option(args, '--recipient');
      const [id] = args;
      if (!id || args.length !== 1) throw new UsageError('give one grant id');
      researchSettings.pseudonymKey = config.research.pseudonymKey;
      const caller = cliCaller('archivist', 'ARCHIVE_ADMINISTRATION', `grant ${id}`);
      const audit = new AuditTrail('journal', caller);
      try {
        const built = await buildExtract(db, id, { outDir: out, builtBy: caller.userId, recipient });
        // Under each record of each person (personLogKeys; review s41: under the first record alone).
        for (const p of await cohortOf(db, id, built.manifest.grant.version))
          for (const key of personLogKeys(p))
            audit.record(key, 'research_extract', [String(built.disclosure.id)]);
        await audit.flush(db);
        process.stdout.write(
          `Extract of grant ${id} version ${built.manifest.grant.version} (${built.manifest.grant.approval}) for ${built.manifest.recipient}: ` +
            `${Object.entries(built.manifest.rowCounts)
              .map(([t, n]) => `${t} ${n}`)
              .join(', ')} rows; ${built.manifest.cohort.persons} persons\nmanifest: ${built.manifestPath}\n`,
        );
        return 0;
      } catch (err) {
        if (err instanceof ExtractRefused) {
          audit.denied('*', 'research_extract', err.message);
          await audit.flush(db);
          process.stderr.write(`Error: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    },
  },
  'verify-extract': {
    usage: 'verify-extract <manifest.json>',
    description: "check an extract's files (size, SHA-256, rows) against its manifest and the disclosure log",
    async run(argv, { db }) {
      const [path] = argv;
      if (!path || argv.length !== 1) throw new UsageError('give the manifest path');
      const problems = await verifyExtract(path, db);
      if (problems.length) {
        process.stderr.write(`Extract does not verify:\n  ${problems.join('\n  ')}\n`);
        return 1;
      }
      process.stdout.write(`Extract verifies: ${path}\n`);
      return 0;
    },
  },
  'disclosure-log': {
    usage: 'disclosure-log [grant]',
    description: 'list the extracts made: what went to whom under which approval (JSON lines)',
    async run(argv, { db }) {
      for (const d of await disclosures(db, argv[0] ?? null)) process.stdout.write(`${JSON.stringify(d)}\n`);
      return 0;
    },
  },
};
