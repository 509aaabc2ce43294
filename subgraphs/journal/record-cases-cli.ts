/**
 * `npm run cli` commands for retting og sletting and legal holds (record-cases.ts and
 * lib/policy/legal-hold.ts state the rules). They act as the operating-system user
 * (`cli:<user>`) in the archivist role: listing cases and holds, placing and lifting holds.
 * Deciding a case is the journalansvarlig's, through GraphQL (`decideRecordCase`).
 */
import { AuditTrail } from '../../lib/audit';
import { cliCaller, UsageError, type CliCommand } from '../../lib/cli';
import { legalHolds, liftLegalHold, placeLegalHold } from '../../lib/policy/legal-hold';
import { listRecordCases } from './record-cases';
import { personGroups } from './store';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // Bad input from the rules (unknown matter, no live hold, short reason) is a usage error: one line, exit 2.
    const code = (err as { extensions?: { code?: string } }).extensions?.code;
    if (code === 'BAD_USER_INPUT') throw new UsageError((err as Error).message);
    throw err;
  }
}

export const recordCaseCommands: Record<string, CliCommand> = {
  'record-cases': {
    usage: 'record-cases [--all] [--patient <patient-id>]',
    description:
      'list retting og sletting cases (open ones unless --all): id, status, ground, kind, note, patient, dates; no note text; logged',
    async run(argv, { db }) {
      const args = [...argv];
      const all = args.includes('--all');
      const pi = args.indexOf('--patient');
      const patient = pi >= 0 ? args[pi + 1] : undefined;
      if (pi >= 0 && !patient) throw new UsageError('--patient needs a patient id');
      const rest = args.filter((a, i) => a !== '--all' && i !== pi && i !== pi + 1);
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
      const ids = patient ? ((await personGroups(db, [patient])).get(patient) ?? [patient]) : null;
      const rows = await listRecordCases(db, { patientIds: ids, openOnly: !all, first: 10_000 });
      const audit = new AuditTrail('journal', cliCaller('archivist', 'ARCHIVE_ADMINISTRATION'));
      for (const c of rows) audit.record(c.patient_id, 'record_case', [c.id]);
      await audit.flush(db);
      process.stdout.write(
        'id\tstatus\tground\tkind\tentry\tpatient\trequested_by\tregistered_at\tdecided_by\tdecided_at\n',
      );
      for (const c of rows)
        process.stdout.write(
          [
            c.id,
            c.status,
            c.ground,
            c.kind,
            c.entry_id,
            c.patient_id,
            c.requested_by,
            iso(c.registered_at),
            c.decided_by ?? '',
            iso(c.decided_at),
          ].join('\t') + '\n',
        );
      process.stderr.write(`${rows.length} record case(s)\n`);
      return 0;
    },
  },
  'legal-hold': {
    usage:
      'legal-hold list [--all] | legal-hold place <matter-id> <reason> | legal-hold lift <hold-id> <reason>',
    description:
      "place a matter's patients on legal hold (their records cannot be deleted while it lasts), lift it with a reason, or list holds",
    async run(args, { db }) {
      const [sub, ...rest] = args;
      const by = cliCaller('archivist', 'ARCHIVE_ADMINISTRATION').userId;
      if (sub === 'list') {
        const rows = await legalHolds(db, !rest.includes('--all'));
        process.stdout.write('id\tmatter\tlive\tplaced_by\tplaced_at\tlifted_by\tlifted_at\treason\n');
        for (const h of rows)
          process.stdout.write(
            [
              h.id,
              h.matter_id,
              h.lifted_at ? 'no' : 'yes',
              h.placed_by,
              iso(h.placed_at),
              h.lifted_by ?? '',
              iso(h.lifted_at),
              h.reason,
            ].join('\t') + '\n',
          );
        return 0;
      }
      const [target, ...words] = rest;
      if ((sub !== 'place' && sub !== 'lift') || !target || !words.length)
        throw new UsageError('legal-hold needs list, place <matter-id> <reason> or lift <hold-id> <reason>');
      const reason = words.join(' ');
      const h = await guarded(() =>
        sub === 'place' ? placeLegalHold(db, target, reason, by) : liftLegalHold(db, target, reason, by),
      );
      process.stdout.write(
        sub === 'place'
          ? `Legal hold ${h.id} placed on matter ${h.matter_id}\n`
          : `Legal hold ${h.id} on matter ${h.matter_id} lifted\n`,
      );
      return 0;
    },
  },
};
