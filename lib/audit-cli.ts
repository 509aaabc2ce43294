import { verifyAuditChain } from './audit-chain';
import { auditProtection } from './audit-db';
import { UsageError, type CliCommand } from './cli';

function parseAnchor(v: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(v);
  if (!m) throw new UsageError('--anchor is <seq>:<hash> as a previous verify-audit printed it');
  return { seq: Number(m[1]), hash: m[2]! };
}

/** The access log's own commands (the log is shared by every subgraph: lib/migrations). */
export const commands: Record<string, CliCommand> = {
  'verify-audit': {
    usage: 'verify-audit [--anchor <seq>:<hash>]',
    description:
      'walk the access log hash chain; report the first missing, moved or changed row (exit 1); print the head to keep',
    async run(argv, { db }) {
      const args = [...argv];
      let anchor: { seq: number; hash: string } | undefined;
      const i = args.indexOf('--anchor');
      if (i >= 0) {
        const v = args[i + 1];
        if (!v) throw new UsageError('--anchor needs a value');
        anchor = parseAnchor(v);
        args.splice(i, 2);
      }
      if (args.length) throw new UsageError(`unexpected argument ${args[0]}`);
      const r = await verifyAuditChain(db, { anchor });
      if (r.problem) {
        process.stdout.write(`Access log BROKEN after ${r.rows} good rows: ${r.problem.message}\n`);
        return 1;
      }
      process.stdout.write(
        `Access log whole: ${r.rows} rows chained; head seq ${r.head.seq} hash ${r.head.hash}\n` +
          `Keep the head outside the database; a later run with --anchor ${r.head.seq}:${r.head.hash} proves it was not rewritten.\n`,
      );
      const p = await auditProtection(db);
      if (p.bypass)
        process.stdout.write(
          `Note: this login could rewrite the log (${p.bypass}); the chain shows tampering but does not prevent it.\n`,
        );
      return 0;
    },
  },
};
