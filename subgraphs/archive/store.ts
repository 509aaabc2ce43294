import type { Db, Queryable } from '../../lib/db';
import type { Complex } from './noark/model';
import { withSkjerming, type SkjermingInput } from './skjerming';

export interface SaksmappeRow {
  id: string;
  mappe_id: string;
  saksaar: number;
  sakssekvensnummer: number;
  tittel: string;
  offentlig_tittel: string | null;
  saksdato: string;
  saksstatus: string;
  klasse_ref?: string | null;
  administrativ_enhet?: string | null;
  fields?: Record<string, string[]>;
  complex?: Record<string, Record<string, string[]>[]>;
}

export interface PartRow {
  saksmappe_id: string;
  part_id: string | null;
  part_navn: string;
  part_rolle: string;
}

export interface NewSaksmappe {
  id: string;
  mappeId: string;
  tittel: string;
  offentligTittel?: string | null;
  saksdato: string;
  saksstatus: string;
  parts: { partId?: string | null; name: string; role: string }[];
}

export async function insertSaksmapper(db: Queryable, cases: NewSaksmappe[]): Promise<void> {
  if (!cases.length) return;
  await db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus)
     SELECT id, mappe_id, split_part(mappe_id, '/', 1)::int, split_part(mappe_id, '/', 2)::int,
            tittel, offentlig_tittel, saksdato, saksstatus
       FROM jsonb_to_recordset($1::jsonb)
         AS c(id text, mappe_id text, tittel text, offentlig_tittel text, saksdato date, saksstatus text)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify(
        cases.map((c) => ({
          id: c.id,
          mappe_id: c.mappeId,
          tittel: c.tittel,
          offentlig_tittel: c.offentligTittel ?? null,
          saksdato: c.saksdato,
          saksstatus: c.saksstatus,
        })),
      ),
    ],
  );
  await db.query(
    `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle)
     SELECT saksmappe_id, ordinal, part_id, part_navn, part_rolle
       FROM jsonb_to_recordset($1::jsonb)
         AS p(saksmappe_id text, ordinal int, part_id text, part_navn text, part_rolle text)
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        cases.flatMap((c) =>
          c.parts.map((p, i) => ({
            saksmappe_id: c.id,
            ordinal: i,
            part_id: p.partId ?? null,
            part_navn: p.name,
            part_rolle: p.role,
          })),
        ),
      ),
    ],
  );
}

/** Cases in which any of the given national ids is a party, of the case or of one of its journalposter. */
export async function casesByPartIds(
  db: Queryable,
  nationalIds: readonly string[],
): Promise<(SaksmappeRow & { part_id: string })[]> {
  return (
    await db.query<SaksmappeRow & { part_id: string }>(
      `SELECT DISTINCT s.*, x.nid AS part_id
       FROM (SELECT saksmappe_id, part_id AS nid FROM archive.subject_part WHERE part_id = ANY($1::text[])
             UNION SELECT saksmappe_id, national_id FROM archive.subject_link WHERE national_id = ANY($1::text[])) x
       JOIN archive.saksmappe s ON s.id = x.saksmappe_id
      ORDER BY s.saksdato, s.id`,
      [nationalIds],
    )
  ).rows;
}

export async function saksmapperByIds(db: Queryable, ids: readonly string[]): Promise<SaksmappeRow[]> {
  return (await db.query<SaksmappeRow>('SELECT * FROM archive.saksmappe WHERE id = ANY($1::text[])', [ids]))
    .rows;
}

export async function partsBySaksmappeIds(db: Queryable, ids: readonly string[]): Promise<PartRow[]> {
  return (
    await db.query<PartRow>(
      'SELECT * FROM archive.part WHERE saksmappe_id = ANY($1::text[]) ORDER BY saksmappe_id, ordinal',
      [ids],
    )
  ).rows;
}

export interface JournalpostRow {
  id: string;
  saksmappe_id: string;
  registrerings_id: string | null;
  journalaar: number;
  journalsekvensnummer: number;
  journalpostnummer: number;
  journalposttype: string;
  journalstatus: string;
  journaldato: string;
  dokumentets_dato: string | null;
  tittel: string;
  offentlig_tittel: string | null;
  fields: Record<string, string[]>;
  complex: Record<string, Record<string, string[]>[]>;
}

export async function saksmappeByNumber(
  db: Queryable,
  saksaar: number,
  sakssekvensnummer: number,
): Promise<SaksmappeRow | null> {
  return (
    (
      await db.query<SaksmappeRow>(
        'SELECT * FROM archive.saksmappe WHERE saksaar = $1 AND sakssekvensnummer = $2',
        [saksaar, sakssekvensnummer],
      )
    ).rows[0] ?? null
  );
}

export async function journalposterByIds(db: Queryable, ids: readonly string[]): Promise<JournalpostRow[]> {
  return (
    await db.query<JournalpostRow>('SELECT * FROM archive.journalpost WHERE id = ANY($1::text[])', [ids])
  ).rows;
}

export async function journalpostByRegistreringsId(
  db: Queryable,
  registreringsId: string,
): Promise<JournalpostRow | null> {
  return (
    (
      await db.query<JournalpostRow>(
        'SELECT * FROM archive.journalpost WHERE registrerings_id = $1 ORDER BY id LIMIT 1',
        [registreringsId],
      )
    ).rows[0] ?? null
  );
}

export async function journalposterBySaksmappeIds(
  db: Queryable,
  ids: readonly string[],
): Promise<JournalpostRow[]> {
  return (
    await db.query<JournalpostRow>(
      'SELECT * FROM archive.journalpost WHERE saksmappe_id = ANY($1::text[]) ORDER BY saksmappe_id, journalpostnummer',
      [ids],
    )
  ).rows;
}

/**
 * A row a change replaced, as archive.record_version keeps it (migration 011: the whole row as
 * JSON, who or what changed it, when and why). Read only by the history resolvers
 * (resolvers.ts), which show the record's own fields from it, never the row.
 */
export interface RecordVersionRow {
  record_key: string;
  record: Record<string, unknown>;
  replaced_at: Date;
  replaced_by: string;
  reason: string;
}

/** The kept versions of saksmapper or journalposter, oldest first per record (one round trip). */
export async function recordVersions(
  db: Queryable,
  table: 'saksmappe' | 'journalpost',
  ids: readonly string[],
): Promise<RecordVersionRow[]> {
  return (
    await db.query<RecordVersionRow>(
      `SELECT record_key, record, replaced_at, replaced_by, reason FROM archive.record_version
        WHERE record_table = $1 AND record_key = ANY($2::text[]) ORDER BY record_key, id`,
      [table, ids],
    )
  ).rows;
}

export interface DocumentRow {
  id: string;
  journalpost_id: string;
  tittel: string;
  dokumenttype: string | null;
  dokumentnummer: number;
  format: string;
  referanse_dokumentfil: string;
  filstoerrelse: number;
  sjekksum: string;
  quarantined: boolean;
}

/** Documents (dokumentbeskrivelse + dokumentobjekt) of journalposter, without their content. */
export async function documentsByJournalpostIds(
  db: Queryable,
  ids: readonly string[],
): Promise<DocumentRow[]> {
  return (
    await db.query<DocumentRow>(
      `SELECT o.id, b.journalpost_id, b.tittel, b.fields->'dokumenttype'->>0 AS dokumenttype, b.dokumentnummer, o.format,
            o.referanse_dokumentfil, o.filstoerrelse, o.sjekksum, o.content IS NULL AS quarantined
       FROM archive.dokumentbeskrivelse b JOIN archive.dokumentobjekt o ON o.dokumentbeskrivelse_id = b.id
      WHERE b.journalpost_id = ANY($1::text[]) ORDER BY b.journalpost_id, b.ordinal, o.ordinal`,
      [ids],
    )
  ).rows;
}

export async function documentContent(db: Queryable, id: string): Promise<Uint8Array | null> {
  return (
    (
      await db.query<{ content: Uint8Array | null }>(
        'SELECT content FROM archive.dokumentobjekt WHERE id = $1',
        [id],
      )
    ).rows[0]?.content ?? null
  );
}

/** National ids linked to each saksmappe (parties of the case or of its journalposter). */
export async function nationalIdsBySaksmappeIds(
  db: Queryable,
  ids: readonly string[],
): Promise<{ saksmappe_id: string; national_id: string }[]> {
  return (
    await db.query<{ saksmappe_id: string; national_id: string }>(
      `SELECT saksmappe_id, part_id AS national_id FROM archive.subject_part WHERE saksmappe_id = ANY($1::text[]) AND part_id ~ '^[0-9]{11}$'
     UNION SELECT saksmappe_id, national_id FROM archive.subject_link WHERE saksmappe_id = ANY($1::text[])`,
      [ids],
    )
  ).rows;
}

/**
 * Patient record ids of the cases whose patient is known by record id only (archive.subject_record,
 * migration 026: an access request for a person the journal knows by an H-nummer only).
 */
export async function recordIdsBySaksmappeIds(
  db: Queryable,
  ids: readonly string[],
): Promise<{ saksmappe_id: string; patient_id: string }[]> {
  return (
    await db.query<{ saksmappe_id: string; patient_id: string }>(
      'SELECT saksmappe_id, patient_id FROM archive.subject_record WHERE saksmappe_id = ANY($1::text[])',
      [ids],
    )
  ).rows;
}

/**
 * The cases among these with a party named by an H-nummer (archive.is_h_number, migration 027),
 * of the case or of one of its journalposter: a person the archive cannot tell, whom no view
 * of whom a case concerns names (their reads are logged under the case, audit-keys.ts).
 */
export async function casesWithHNumberParty(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (
    await db.query<{ saksmappe_id: string }>(
      `SELECT saksmappe_id FROM archive.part
        WHERE saksmappe_id = ANY($1::text[]) AND archive.is_h_number(part_id)
       UNION
       SELECT j.saksmappe_id FROM archive.journalpost j
        CROSS JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(j.complex->'part') = 'array' THEN j.complex->'part' ELSE '[]'::jsonb END) p
        WHERE j.saksmappe_id = ANY($1::text[]) AND archive.is_h_number(p->'partID'->>0)`,
      [ids],
    )
  ).rows.map((r) => r.saksmappe_id);
}

/**
 * SQL: the cases a person is a party to, for research (lib/policy: ResearchSubject.cases and the
 * extract's cases): by national id among the parties (archive.subject_part), and an access
 * request filed under one of the person's patient records alone (archive.subject_record,
 * migration 026: a person known by an H-nummer only, whose Klient part has no partID).
 * An access request's case is the patient's whose record it is filed under (access_request.patient_id;
 * pasientjournalloven § 22, helseforskningsloven § 33; lib/policy accessRequestSubject), never by the
 * national id it was registered with, which subject_part holds: given while the patient's record
 * was linked to another person's (a typo link) and unlinked since, it is the other person's, and a
 * cohort holding that person listed the case under their pseudonym and in their extract (task s46
 * FX5), while search, the deletion check and the statistics follow the record (migration 038).
 * `nationalIds` and `patientIds` are SQL text[] expressions.
 */
export const CASES_AS_PARTY_SQL = (nationalIds: string, patientIds: string) =>
  `SELECT sp.saksmappe_id FROM archive.subject_part sp WHERE sp.part_id = ANY(${nationalIds})
      AND NOT EXISTS (SELECT 1 FROM archive.access_request ar WHERE ar.saksmappe_id = sp.saksmappe_id)
    UNION SELECT saksmappe_id FROM archive.subject_record WHERE patient_id = ANY(${patientIds})
    UNION SELECT saksmappe_id FROM archive.access_request WHERE patient_id = ANY(${patientIds})`;

/**
 * Cases whose patient is one of these patient records: known by record id only
 * (archive.subject_record), and every access request's case by the record it is filed under (an
 * access-request case follows the patient whose record is requested, lib/policy
 * accessRequestSubject; review s45), each with the record (`patient_id`) it is filed under.
 */
export async function casesByRecordIds(
  db: Queryable,
  patientIds: readonly string[],
): Promise<(SaksmappeRow & { patient_id: string })[]> {
  return (
    await db.query<SaksmappeRow & { patient_id: string }>(
      `SELECT s.*, r.patient_id FROM archive.saksmappe s
         JOIN (SELECT saksmappe_id, patient_id FROM archive.subject_record
               UNION SELECT saksmappe_id, patient_id FROM archive.access_request) r ON r.saksmappe_id = s.id
        WHERE r.patient_id = ANY($1::text[])
        ORDER BY s.saksdato, s.id`,
      [patientIds],
    )
  ).rows;
}

export async function klasseIdsByRef(
  db: Queryable,
  refs: readonly string[],
): Promise<{ id: string; klasse_id: string }[]> {
  return (
    await db.query<{ id: string; klasse_id: string }>(
      'SELECT id, klasse_id FROM archive.klasse WHERE id = ANY($1::text[])',
      [refs],
    )
  ).rows;
}

/**
 * Changes a saksmappe's or journalpost's title. When the case is closed (or the journalpost
 * archived), each changed value is written to the endringslogg with its old and new value, a
 * public title set or removed included (trigger, migration 024).
 * Whether closed or not, the row it replaces is kept in archive.record_version (trigger).
 */
export async function changeTittel(
  db: Db,
  id: string,
  tittel: string,
  offentligTittel: string | null | undefined,
  changedBy: string,
): Promise<{ entityType: 'saksmappe' | 'journalpost'; logged: boolean } | null> {
  return db.transaction(async (tx) => {
    const sak = (
      await tx.query<{ tittel: string; offentlig_tittel: string | null; closed: boolean }>(
        `SELECT tittel, offentlig_tittel, (fields ? 'avsluttetDato' OR saksstatus = 'Avsluttet') AS closed
         FROM archive.saksmappe WHERE id = $1 FOR UPDATE`,
        [id],
      )
    ).rows[0];
    const jp = sak
      ? undefined
      : (
          await tx.query<{ tittel: string; offentlig_tittel: string | null; closed: boolean }>(
            `SELECT j.tittel, j.offentlig_tittel,
              (j.fields ? 'arkivertDato' OR j.journalstatus = 'Arkivert' OR s.fields ? 'avsluttetDato' OR s.saksstatus = 'Avsluttet') AS closed
         FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id WHERE j.id = $1 FOR UPDATE OF j`,
            [id],
          )
        ).rows[0];
    const current = sak ?? jp;
    if (!current) return null;
    const entityType = sak ? 'saksmappe' : 'journalpost';
    const newOffentlig = offentligTittel === undefined ? current.offentlig_tittel : offentligTittel;
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', 'title changed', true)`,
      [changedBy],
    );
    await tx.query(`UPDATE archive.${entityType} SET tittel = $2, offentlig_tittel = $3 WHERE id = $1`, [
      id,
      tittel,
      newOffentlig,
    ]);
    // The endringslogg rows are written by the trigger of migration 024, in this transaction.
    const logged =
      current.closed &&
      (current.tittel !== tittel || (current.offentlig_tittel ?? null) !== (newOffentlig ?? null));
    return { entityType, logged };
  });
}

/**
 * Sets (or, with null, lifts) the skjerming of a saksmappe or journalpost (skjerming.ts: the
 * input is checked there first). The endringslogg rows of a closed case or archived journalpost
 * are written by the trigger of migration 024 and the row replaced is kept in
 * archive.record_version (migration 011), in this transaction, under `changedBy`.
 * Null when no saksmappe or journalpost has this id.
 */
export async function setSkjerming(
  db: Db,
  id: string,
  skjerming: SkjermingInput | null,
  changedBy: string,
): Promise<{ entityType: 'saksmappe' | 'journalpost'; changed: boolean; logged: boolean } | null> {
  return db.transaction(async (tx) => {
    type Current = { complex: Complex | null; closed: boolean };
    const sak = (
      await tx.query<Current>(
        `SELECT complex, (fields ? 'avsluttetDato' OR saksstatus = 'Avsluttet') AS closed
         FROM archive.saksmappe WHERE id = $1 FOR UPDATE`,
        [id],
      )
    ).rows[0];
    const jp = sak
      ? undefined
      : (
          await tx.query<Current>(
            `SELECT j.complex,
              (j.fields ? 'arkivertDato' OR j.journalstatus = 'Arkivert' OR s.fields ? 'avsluttetDato' OR s.saksstatus = 'Avsluttet') AS closed
         FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id WHERE j.id = $1 FOR UPDATE OF j`,
            [id],
          )
        ).rows[0];
    const current = sak ?? jp;
    if (!current) return null;
    const entityType = sak ? 'saksmappe' : 'journalpost';
    const next = withSkjerming(current.complex, skjerming);
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
      [changedBy, skjerming ? 'skjerming set' : 'skjerming lifted'],
    );
    // Compared as jsonb (its own key order): the same skjerming again writes nothing.
    const changed =
      (
        await tx.query(
          `UPDATE archive.${entityType} SET complex = $2::jsonb
            WHERE id = $1 AND complex -> 'skjerming' IS DISTINCT FROM $3::jsonb`,
          [id, JSON.stringify(next), next.skjerming ? JSON.stringify(next.skjerming) : null],
        )
      ).rowCount > 0;
    // The endringslogg rows are written by the trigger of migration 024, in this transaction.
    return { entityType, changed, logged: changed && current.closed };
  });
}

export interface QuarantineRow {
  id: number;
  quarantined_at: Date;
  source_file: string;
  ref: string;
  reason: string;
  raw_size: number | null;
  raw_sha256: string;
  line: number | null;
  detail: string | null;
}

export async function quarantineEntries(db: Queryable, first: number): Promise<QuarantineRow[]> {
  return (
    await db.query<QuarantineRow>(
      `SELECT id, quarantined_at, source_file, ref, reason, octet_length(raw) AS raw_size, raw_sha256, line, detail
       FROM archive.quarantine ORDER BY quarantined_at DESC, id DESC LIMIT $1`,
      [first],
    )
  ).rows;
}
