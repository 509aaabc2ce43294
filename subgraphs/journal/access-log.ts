/**
 * Tilgangslogg: who has read a person's records, and the patient's right to see it
 * (pasientjournalloven § 22, pasientjournalforskriften § 14; see docs/DOMAIN.md "Access
 * log"). Read by an archivist through `Query.accessLog`, exported for the patient by
 * `npm run cli -- access-log`.
 */
import type { CallerContext } from '../../lib/auth';
import { ACTIONS, roleMay } from '../../lib/policy/policy';
import { nationalIdSubject } from '../../lib/audit';
import { H_NUMBER_ERROR, isHNumber } from '../../lib/national-id';
import type { Queryable } from '../../lib/db';
import { addDays, isRealDate, osloIso, osloMidnight } from '../../lib/oslo-time';
import { patientsByIds, patientsByNationalIds, personGroups } from './store';
import { csvCell } from '../../lib/csv';
import { helpNumberKeys } from './help-numbers';

/** The record kind of the access-log rows written for reading an access log. */
export const ACCESS_LOG_KIND = 'access_log';

// Who may read the access log is the policy room's decision (lib/policy, ACTIONS.accessLog);
// the GraphQL query and the CLI export both ask it here.
export const ACCESS_LOG_RULE = `the access log needs role ${ACTIONS.accessLog.join(' or ')}`;
export function mayReadAccessLog(caller: Pick<CallerContext, 'role'>): boolean {
  return roleMay(caller.role, 'accessLog');
}

export class AccessLogInputError extends Error {}

/** The person whose log is asked for: their patient records and the keys their rows are under. */
export interface AccessLogSubject {
  /** The key the caller asked with: a patient record id, or nid:<national id>. */
  asked: string;
  /** Every patient record of the person (linked records included); empty when none is known. */
  patientIds: string[];
  nationalIds: string[];
  /**
   * patient_id values of the person's rows: the record ids, nid:<national id> for each national
   * id, and nid:<SOURCE:number> for each record's H-nummer under its source (never the bare number).
   */
  keys: string[];
}

export async function accessLogSubject(
  db: Queryable,
  who: { patientId?: string | null; nationalId?: string | null },
): Promise<AccessLogSubject> {
  if (!who.patientId === !who.nationalId)
    throw new AccessLogInputError('give either patientId or nationalId');
  if (who.nationalId && !/^\d{11}$/.test(who.nationalId))
    throw new AccessLogInputError('nationalId must be 11 digits');
  // One institution's number, no person's national id (lib/national-id.ts H_NUMBER_ERROR).
  if (who.nationalId && isHNumber(who.nationalId))
    throw new AccessLogInputError(`nationalId: ${H_NUMBER_ERROR}`);
  const asked = who.patientId ?? nationalIdSubject(who.nationalId!);
  const start = who.patientId
    ? await patientsByIds(db, [who.patientId])
    : await patientsByNationalIds(db, [who.nationalId!]);
  const group = start.length
    ? [
        ...new Set(
          [
            ...(
              await personGroups(
                db,
                start.map((p) => p.id),
              )
            ).values(),
          ].flat(),
        ),
      ].sort()
    : [];
  const records = group.length ? await patientsByIds(db, group) : [];
  const nationalIds = [
    ...new Set([
      ...records.flatMap((p) => (p.national_id ? [p.national_id] : [])),
      ...(who.nationalId ? [who.nationalId] : []),
    ]),
  ].sort();
  // A record under an H-nummer: the reads logged under its source's key (a coercion record or
  // search hit of that number read while no single journal record of the source was known:
  // coercion/resolvers.ts auditSubjectsOf, policy.ts subjectKey), never under the bare number.
  const helpKeys = await helpNumberKeys(db, group);
  const keys = [...new Set([asked, ...group, ...[...nationalIds, ...helpKeys].map(nationalIdSubject)])];
  return { asked, patientIds: group, nationalIds, keys };
}

/** from/to are local (Europe/Oslo) dates, inclusive: the instants [from 00:00, the day after to 00:00). */
export function accessLogWindow(
  from?: string | null,
  to?: string | null,
): { from: string | null; to: string | null; start: Date | null; end: Date | null } {
  for (const d of [from, to])
    if (d != null && !isRealDate(d)) throw new AccessLogInputError('from and to must be dates (YYYY-MM-DD)');
  if (from && to && from > to) throw new AccessLogInputError('from must not be after to');
  // The day after 9999-12-31 is outside the calendar Oslo time places: up to then is open-ended.
  const end = to && to < '9999-12-31' ? osloMidnight(addDays(to, 1)) : null;
  return { from: from ?? null, to: to ?? null, start: from ? osloMidnight(from) : null, end };
}

export interface AccessLogRow {
  seq: number;
  logged_at: Date;
  request_id: string;
  user_id: string;
  role: string;
  purpose: string;
  matter: string | null;
  organisation: string | null;
  self_authorized: boolean;
  subgraph: string;
  patient_id: string;
  entity_type: string;
  entity_ids: string[];
  outcome: 'granted' | 'denied';
  rule: string | null;
}

/** The person's rows in the window, oldest first, `first` after seq `afterSeq`; and how many there are in all. */
export async function readAccessLog(
  db: Queryable,
  keys: string[],
  window: { start: Date | null; end: Date | null },
  page: { first: number; afterSeq?: number | null } = { first: 1_000_000 },
): Promise<{ rows: AccessLogRow[]; totalCount: number; hasNextPage: boolean }> {
  const where = `patient_id = ANY($1::text[])
     AND ($2::timestamptz IS NULL OR logged_at >= $2) AND ($3::timestamptz IS NULL OR logged_at < $3)`;
  const params = [keys, window.start, window.end];
  const [rows, count] = await Promise.all([
    db.query<AccessLogRow>(
      `SELECT seq, logged_at, request_id, user_id, role, purpose, matter, organisation, self_authorized,
              subgraph, patient_id, entity_type, entity_ids, outcome, rule
         FROM audit.access_log WHERE ${where} AND seq > $4 ORDER BY seq LIMIT $5`,
      [...params, page.afterSeq ?? 0, page.first + 1],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.access_log WHERE ${where}`, params),
  ]);
  return {
    rows: rows.rows.slice(0, page.first).map((r) => ({ ...r, seq: Number(r.seq) })),
    totalCount: count.rows[0]!.n,
    hasNextPage: rows.rows.length > page.first,
  };
}

/** One entry as the GraphQL type and the JSON export show it. */
export function accessLogEntry(r: AccessLogRow) {
  return {
    seq: String(r.seq),
    loggedAt: osloIso(new Date(r.logged_at)),
    userId: r.user_id,
    role: r.role,
    purpose: r.purpose,
    matter: r.matter,
    organisation: r.organisation,
    breakTheGlass: r.self_authorized,
    outcome: r.outcome === 'denied' ? ('DENIED' as const) : ('GRANTED' as const),
    rule: r.rule,
    recordKind: r.entity_type,
    recordIds: r.entity_ids,
    subject: r.patient_id,
    subgraph: r.subgraph,
    requestId: r.request_id,
  };
}

export type AccessLogEntry = ReturnType<typeof accessLogEntry>;

const CSV_COLUMNS: [string, (e: AccessLogEntry) => string | null][] = [
  ['logged_at', (e) => e.loggedAt],
  ['user', (e) => e.userId],
  ['role', (e) => e.role],
  ['purpose', (e) => e.purpose],
  ['matter', (e) => e.matter],
  ['organisation', (e) => e.organisation],
  ['break_the_glass', (e) => (e.breakTheGlass ? 'yes' : 'no')],
  ['outcome', (e) => e.outcome.toLowerCase()],
  ['rule', (e) => e.rule],
  ['record_kind', (e) => e.recordKind],
  ['record_ids', (e) => e.recordIds.join(' ')],
  ['subject', (e) => e.subject],
  ['subgraph', (e) => e.subgraph],
  ['request_id', (e) => e.requestId],
  ['seq', (e) => e.seq],
];

export function accessLogCsv(entries: AccessLogEntry[]): string {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const e of entries) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(e))).join(','));
  return lines.join('\r\n') + '\r\n';
}
