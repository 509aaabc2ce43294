/**
 * The archive's outbox as the search indexer reads it: one search document per
 * journalpost (its title and its case's title), for every person linked to the case by
 * national id; an access request's case for its patient alone, with `patientId` the patient record
 * it is filed under and the national ids of that record's person now (caseSubjectSql; migration 026
 * for a request filed under the record alone, a person known by an H-nummer only:
 * pasientjournalloven § 22, that record's person, never another source's of the number). The text of the journalpost's document files is indexed page by page as its own
 * kind (archive_document, doctext/outbox.ts), and coverage counts what of it could not be read.
 */
import type { Queryable } from '../../lib/db';
import { outboxQueue } from '../../lib/outbox';
import { parseNationalId } from '../../lib/national-id';
import type { CoverageFilter, IndexDocument, OutboxSource, SourceCoverage } from '../../search-index/types';
import { ageOn, february28Age, resolveWindow } from '../../lib/age-window';

/** A stable version number from the indexed content (the archive keeps no counter). */
// The record id is added only where there is one, so the version of every other case is unchanged.
const VERSION = `('x' || substr(md5(j.tittel || '|' || coalesce(j.offentlig_tittel, '') || '|' || s.tittel || '|' || coalesce(p.nids::text, '') || coalesce('|' || p.record_id, '')), 1, 7))::bit(28)::int`;

export const LINKED = caseSubjectSql('s.id');

/**
 * The persons a case's search documents carry (`p.nids`, `p.record_id`), as a LATERAL join on the
 * case id `caseId`: its persons by national id (archive.subject_link), and no record; but an
 * access request's case carries its patient: the patient record it is filed under and the national
 * ids the journal's person of that record has NOW (`archive.request_patient_national_ids`, migration
 * 038; pasientjournalloven § 22 with pasientjournalforskriften § 14, lib/policy
 * accessRequestSubject), never the national id given at registration, which after an unlink of a
 * typo link is another person's (task s46: a search of the patient's own matter did not find the
 * case, indexed under the relative's national id). Where the journal is not in the database, the
 * linked national ids as before. The journal's linkPatients / unlinkPatients queue such cases again
 * (open-requests.ts queueRequestCasesOfRecords).
 */
export function caseSubjectSql(caseId: string): string {
  return `LEFT JOIN archive.access_request ar ON ar.saksmappe_id = ${caseId}
  LEFT JOIN LATERAL (SELECT coalesce(CASE WHEN ar.saksmappe_id IS NOT NULL THEN archive.request_patient_national_ids(ar.patient_id) END,
                                     (SELECT array_agg(DISTINCT national_id ORDER BY national_id) FROM archive.subject_link l WHERE l.saksmappe_id = ${caseId})) AS nids,
                            ar.patient_id AS record_id) p ON true`;
}

/**
 * The journalposter of the cases concerning these persons (`$1` national ids, `$2` patient record
 * ids), as SQL for coverage: by national id (subject_link), and an access request's case by its
 * patient record, or by the national id it was filed with while that is still its record's
 * person's (caseSubjectSql, task s46; the journal is asked only for those requests).
 */
export const CASES_OF_PERSONS = `(SELECT l.saksmappe_id FROM archive.subject_link l
    WHERE l.national_id = ANY($1::text[])
      AND NOT EXISTS (SELECT 1 FROM archive.access_request a WHERE a.saksmappe_id = l.saksmappe_id)
   UNION SELECT a.saksmappe_id FROM archive.access_request a
    WHERE a.patient_id = ANY($5::text[])
       OR (a.patient_national_id = ANY($1::text[])
           AND coalesce(archive.request_patient_national_ids(a.patient_id), ARRAY[a.patient_national_id]) && $1::text[]))`;

/**
 * The ages of a case record's parties on its date: each party's (in the order of nids; null
 * when the national id gives no birth date), and the record's one age only when every party's
 * age is known and the same (a party of unknown age might be the one searched for; found in
 * review of this stop). An age window then asks the age of the person searched
 * for (search-index/filters.ts esAgeWindow), never the age of whichever party's national id
 * sorts first (pasientjournalloven § 22, helseforskningsloven § 33; found in review).
 */
export function partyAges(
  nids: readonly string[],
  date: string,
): Pick<IndexDocument, 'ageAtDate' | 'partyAges' | 'ageAtDateFeb28' | 'partyAgesFeb28'> {
  const born = nids.map((n) => {
    const info = parseNationalId(n);
    return 'error' in info ? null : info.birthDate;
  });
  const ages = born.map((b) => (b ? ageOn(b, date) : null));
  const one = (xs: (number | null)[]) => {
    const distinct = [...new Set(xs)];
    return distinct.length === 1 && distinct[0] !== null ? distinct[0]! : null;
  };
  const ageAtDate = one(ages);
  // The ages under leapDayRule FEBRUARY_28 where they differ (a party born 29 February, on 28
  // February of a year without one; search-index/filters.ts): the record's one age then, or -1
  // when the parties' ages under that rule differ though ageAtDate gives one.
  const feb28 = born.map((b) => (b ? (february28Age(b, date) ?? null) : null));
  if (feb28.every((a) => a === null)) return { ageAtDate, partyAges: ages };
  const atDateFeb28 = one(feb28.map((a, i) => a ?? ages[i]!));
  return {
    ageAtDate,
    partyAges: ages,
    partyAgesFeb28: feb28,
    ...(atDateFeb28 !== ageAtDate ? { ageAtDateFeb28: atDateFeb28 ?? -1 } : {}),
  };
}

export function archiveOutbox(db: Queryable): OutboxSource {
  return {
    name: 'archive',
    ...outboxQueue(db, 'archive.outbox', 'journalpost:'),
    async load(ids): Promise<IndexDocument[]> {
      const rows = (
        await db.query<{
          id: string;
          saksmappe_id: string;
          registrerings_id: string | null;
          journalposttype: string;
          journaldato: string;
          tittel: string;
          saksmappe_tittel: string;
          nids: string[] | null;
          record_id: string | null;
          version: number;
        }>(
          `SELECT j.id, j.saksmappe_id, j.registrerings_id, j.journalposttype, j.journaldato, j.tittel, s.tittel AS saksmappe_tittel, p.nids,
                  p.record_id, ${VERSION} AS version
           FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id ${LINKED}
          WHERE j.id = ANY($1::text[])`,
          [ids.map((i) => i.replace(/^journalpost:/, ''))],
        )
      ).rows;
      return rows.map((r) => {
        const nids = r.nids ?? [];
        return {
          id: `journalpost:${r.id}`,
          kind: 'journalpost',
          patientId: r.record_id,
          nationalIds: nids,
          refs: {
            entityId: r.id,
            saksmappeId: r.saksmappe_id,
            registreringsId: r.registrerings_id ?? undefined,
          },
          sourceSystem: 'SAKARKIV',
          type: r.journalposttype,
          writtenAt: `${r.journaldato}T12:00:00.000Z`,
          localDate: r.journaldato,
          ...partyAges(nids, r.journaldato),
          authorName: null,
          service: null,
          text: `${r.tittel}\n${r.saksmappe_tittel}`,
          version: r.version,
        };
      });
    },
    async scanVersions(afterId, limit) {
      const after = afterId.replace(/^journalpost:/, '');
      return (
        await db.query<{ id: string; version: number }>(
          `SELECT 'journalpost:' || j.id AS id, ${VERSION} AS version
           FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id ${LINKED}
          WHERE j.id > $1 ORDER BY j.id LIMIT $2`,
          [after, limit],
        )
      ).rows;
    },
    async coverage(filter: CoverageFilter): Promise<SourceCoverage[]> {
      // A person known by patient record only (an access request filed under the record, migration
      // 026): no birth date from a national id, so an age window cannot place the case's records
      // (their search documents carry no age either).
      if (
        !filter.nationalIds.length &&
        (!filter.patientIds.length || filter.ageFrom != null || filter.ageTo != null)
      )
        return [];
      const born = filter.nationalIds.map(parseNationalId).find((x) => !('error' in x));
      const w = resolveWindow(
        filter,
        born && !('error' in born) ? born.birthDate : null,
        filter.leapDayRule ?? 'MARCH_1',
      );
      if (w.empty) return [];
      const r = (
        await db.query<{ records: number; first: string | null; last: string | null }>(
          `SELECT count(*)::int AS records, min(j.journaldato)::text AS first, max(j.journaldato)::text AS last
           FROM archive.journalpost j
          WHERE j.saksmappe_id IN ${CASES_OF_PERSONS}
            AND ($2::date IS NULL OR j.journaldato >= $2) AND ($3::date IS NULL OR j.journaldato <= $3)
            AND j.saksmappe_id <> ALL($4::text[])`,
          // Cases the caller's search leaves out (lib/policy searchExcludedCases) are not counted either.
          [filter.nationalIds, w.fromDate, w.toDate, filter.excludedCases ?? [], filter.patientIds],
        )
      ).rows[0]!;
      if (!r.records) return [];
      return [
        {
          sourceSystem: 'SAKARKIV',
          kind: 'journalpost',
          records: r.records,
          searchable: r.records,
          firstDate: r.first,
          lastDate: r.last,
          notSearchable: {},
        },
      ];
    },
  };
}
