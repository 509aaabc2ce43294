/**
 * The coercion subgraph's outbox as the search indexer reads it: one search document per
 * execution (measure and description), matched to the person by national id; an execution under
 * an H-nummer by the journal patient record its own source keeps under that number (store.ts
 * helpNumberKey, helpNumberPatients: pasientjournalloven § 22, one organisation's number), as a
 * journal note carries its patient record id, never by the bare number, which other
 * organisations may have given to other people. That patient is part of the version reconcile
 * compares (versionOf), so a document written without it is repaired (pasientjournalloven § 22).
 */
import { createHash } from 'node:crypto';
import { ageOn, february28Age, resolveWindow } from '../../lib/age-window';
import type { Queryable } from '../../lib/db';
import { outboxQueue } from '../../lib/outbox';
import { isHNumber, parseNationalId } from '../../lib/national-id';
import { PATIENT_KEYS } from './store';
import { helpNumberKey, helpNumberKeys, helpNumberPatients } from '../journal/help-numbers';
import { osloDate } from '../../lib/oslo-time';
import type { CoverageFilter, IndexDocument, OutboxSource, SourceCoverage } from '../../search-index/types';

const DIGEST = `md5(e.measure || '|' || e.description || '|' || e.start_at::text || '|' || e.patient_nid)`;
const VERSION = `('x' || substr(${DIGEST}, 1, 7))::bit(28)::int`;
const PREFIX = 'coercion_execution:';

interface VersionRow {
  patient_nid: string;
  source_system: string;
  digest: string;
  version: number;
}

/**
 * The journal patient record of each execution under an H-nummer: its source's record of that
 * number when there is exactly one (journal/help-numbers.ts helpNumberPatients), else null. Keyed by
 * helpNumberKey; executions under a national id have no entry.
 */
async function helpNumberPatientOf(db: Queryable, rows: VersionRow[]): Promise<Map<string, string | null>> {
  const keys = [
    ...new Set(
      rows.filter((r) => isHNumber(r.patient_nid)).map((r) => helpNumberKey(r.source_system, r.patient_nid)),
    ),
  ];
  if (!keys.length) return new Map();
  const records = await helpNumberPatients(db, keys);
  return new Map(keys.map((k, i) => [k, records[i]!.length === 1 ? records[i]![0]! : null]));
}

/**
 * An execution's version as reconciliation compares it (search-index/maintenance.ts reconcile):
 * its measure, description, start and number; under an H-nummer also its key and the journal
 * patient it resolves to, so a document written before that patient was known (committed while
 * the journal import creating it was open, or indexed before stop 35 with the bare number and no
 * patient) differs from the database and is written again (pasientjournalloven § 22). Under a
 * national id the SQL hash (VERSION) as before, so those documents are not all rewritten.
 */
function versionOf(r: VersionRow, patients: Map<string, string | null>): number {
  if (!isHNumber(r.patient_nid)) return r.version;
  const key = helpNumberKey(r.source_system, r.patient_nid);
  const hex = createHash('md5')
    .update(`${r.digest}|${key}|${patients.get(key) ?? ''}`)
    .digest('hex');
  return parseInt(hex.slice(0, 7), 16);
}

const birthOf = (nid: string) => {
  const info = parseNationalId(nid);
  return 'error' in info ? null : info.birthDate;
};

export function coercionOutbox(db: Queryable): OutboxSource {
  return {
    name: 'coercion',
    ...outboxQueue(db, 'coercion.outbox', PREFIX),
    async load(ids): Promise<IndexDocument[]> {
      const rows = (
        await db.query<VersionRow & { id: string; measure: string; description: string; start_at: Date }>(
          `SELECT e.id, e.patient_nid, e.measure, e.description, e.start_at, e.source_system,
                  ${DIGEST} AS digest, ${VERSION} AS version
           FROM coercion.execution e WHERE e.id = ANY($1::text[])`,
          [ids.map((i) => i.slice(PREFIX.length))],
        )
      ).rows;
      // The journal patient record of each H-number key (one record of that source, or none).
      const patients = await helpNumberPatientOf(db, rows);
      return rows.map((r) => {
        const localDate = osloDate(r.start_at);
        const born = birthOf(r.patient_nid);
        const key = isHNumber(r.patient_nid) ? helpNumberKey(r.source_system, r.patient_nid) : null;
        return {
          id: `${PREFIX}${r.id}`,
          kind: 'coercion_execution',
          patientId: key ? (patients.get(key) ?? null) : null,
          // An H-nummer under its source's key (as the coercion resolvers key it), never bare.
          nationalIds: key ? [key] : [r.patient_nid],
          refs: { entityId: r.id },
          sourceSystem: r.source_system,
          type: r.measure,
          writtenAt: r.start_at.toISOString(),
          localDate,
          ageAtDate: born ? ageOn(born, localDate) : null,
          // Its age under leapDayRule FEBRUARY_28 where that differs (search-index/filters.ts).
          ...(born && february28Age(born, localDate) !== undefined
            ? { ageAtDateFeb28: february28Age(born, localDate)! }
            : {}),
          authorName: null,
          service: null,
          text: `${r.measure}. ${r.description}`,
          version: versionOf(r, patients),
        };
      });
    },
    async scanVersions(afterId, limit) {
      const rows = (
        await db.query<VersionRow & { id: string }>(
          `SELECT $3 || e.id AS id, e.patient_nid, e.source_system, ${DIGEST} AS digest, ${VERSION} AS version
             FROM coercion.execution e WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
          [afterId.replace(PREFIX, ''), limit, PREFIX],
        )
      ).rows;
      const patients = await helpNumberPatientOf(db, rows);
      return rows.map((r) => ({ id: r.id, version: versionOf(r, patients) }));
    },
    async coverage(filter: CoverageFilter): Promise<SourceCoverage[]> {
      // The person's national ids, and the H-number of each of its records under the record's
      // source (journal/help-numbers.ts helpNumberKeys), as load() gives an execution under one its patient.
      const keys = await helpNumberKeys(db, filter.patientIds);
      if (!filter.nationalIds.length && !keys.length) return [];
      const born = [...filter.nationalIds, ...keys.map((k) => k.slice(k.indexOf(':') + 1))]
        .map(birthOf)
        .find((b) => b);
      const w = resolveWindow(filter, born ?? null, filter.leapDayRule ?? 'MARCH_1');
      if (w.empty) return [];
      const rows = (
        await db.query<{ source_system: string; n: number; first: Date; last: Date }>(
          `SELECT source_system, count(*)::int AS n, min(start_at) AS first, max(start_at) AS last FROM coercion.execution
          WHERE ${PATIENT_KEYS('patient_nid', 'source_system', 'true', '($1::text[] || $4::text[])')}
            AND ($2::timestamptz IS NULL OR start_at >= $2) AND ($3::timestamptz IS NULL OR start_at < $3)
          GROUP BY source_system ORDER BY source_system`,
          [filter.nationalIds, w.startInstant, w.endInstant, keys],
        )
      ).rows;
      return rows.map((r) => ({
        sourceSystem: r.source_system,
        kind: 'coercion_execution' as const,
        records: r.n,
        searchable: r.n,
        firstDate: osloDate(r.first),
        lastDate: osloDate(r.last),
        notSearchable: {},
      }));
    },
  };
}
