/** Per-request batched reads behind the journal's smaller fields. One SQL round trip per field per request. */
import { osloDate, osloIso } from '../../lib/oslo-time';
import type { SubgraphContext } from '../../lib/subgraph';
import { VERSION_FIELDS, type JournalEntryRow, type JournalFilter, type SourceSystem } from './store';

function grouped<R>(ctx: SubgraphContext, name: string, sql: string, keyOf: (r: R) => string) {
  return ctx.loader<string, R[]>(name, async (ids) => {
    const rows = (await ctx.db.query<R>(sql, [ids])).rows;
    const map = new Map<string, R[]>(ids.map((id) => [id, []]));
    for (const r of rows) map.get(keyOf(r))?.push(r);
    return ids.map((id) => map.get(id)!);
  });
}

/** What a source said of its patient record at its latest import (migration 029), as GraphQL shows it. */
export interface PatientSourceDetailsRow {
  familyName: string;
  givenName: string;
  birthDate: string | null;
  gender: string | null;
  deathDate: string | null;
  importedAt: string;
}

/**
 * A patient's source records, each with what its source said at its latest import and where
 * that differs from the patient's stored value (an import never replaces a stored name, birth
 * date or gender: writer.ts writePatients; review s41).
 */
export const identitiesLoader = (ctx: SubgraphContext) =>
  grouped<{
    patient_id: string;
    sourceSystem: SourceSystem;
    localId: string;
    sourceDetails: PatientSourceDetailsRow | null;
    differsIn: string[];
    /** The national id the statement gives when it is not the patient's own (another person's, or a corrected one). */
    statedNationalId: string | null;
    /** The patient record that national id names, if the journal has one. */
    statedRecord: string | null;
    /**
     * The H-nummer the statement gives when it names another person than the record's (another
     * number, or the same number of another assigner: migration 030 stated_patient_id).
     */
    statedHelpNumber: string | null;
    /** The patient record that H-nummer names, as the import keyed it (null: not known). */
    statedHelpRecord: string | null;
  }>(
    ctx,
    'identities',
    `SELECT i.patient_id, i.source_system AS "sourceSystem", i.local_id AS "localId",
            CASE WHEN i.source_details ->> 'nationalId' IS DISTINCT FROM p.national_id
                 THEN i.source_details ->> 'nationalId' END AS "statedNationalId",
            (SELECT q.id FROM journal.patient q WHERE q.national_id = i.source_details ->> 'nationalId'
              ORDER BY q.id LIMIT 1) AS "statedRecord",
            -- An H-nummer names a person within its assigner only (migration 021): the statement is
            -- another person's when the record its number (and assigner) names is another
            -- (stated_patient_id, migration 030); imported before that, when the record has
            -- another number, or a national id.
            CASE WHEN i.source_details ->> 'nationalId' IS NULL AND i.source_details ->> 'helpNumber' IS NOT NULL
                  AND CASE WHEN i.stated_patient_id IS NOT NULL THEN i.stated_patient_id <> i.patient_id
                           ELSE p.national_id IS NOT NULL OR p.help_number IS DISTINCT FROM i.source_details ->> 'helpNumber' END
                 THEN i.source_details ->> 'helpNumber' END AS "statedHelpNumber",
            coalesce(i.stated_patient_id, (SELECT q.id FROM journal.patient q
                JOIN journal.patient_identity qi ON qi.patient_id = q.id AND qi.source_system = i.source_system
               WHERE q.help_number = i.source_details ->> 'helpNumber' AND q.id <> i.patient_id
               ORDER BY q.id LIMIT 1)) AS "statedHelpRecord",
            CASE WHEN i.source_details IS NULL THEN NULL ELSE jsonb_build_object(
              'familyName', coalesce(i.source_details ->> 'familyName', ''),
              'givenName', coalesce(i.source_details ->> 'givenName', ''),
              'birthDate', i.source_details ->> 'birthDate',
              'gender', i.source_details ->> 'gender',
              'deathDate', i.source_details ->> 'deathDate',
              'importedAt', to_char(i.source_details_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END
              AS "sourceDetails",
            CASE WHEN i.source_details IS NULL THEN '{}'::text[] ELSE array_remove(ARRAY[
              -- A source without a name (Gerica vedtak.csv) or a date says nothing of it: no difference.
              CASE WHEN coalesce(i.source_details ->> 'familyName', '') NOT IN ('', p.family_name) THEN 'familyName' END,
              CASE WHEN coalesce(i.source_details ->> 'givenName', '') NOT IN ('', p.given_name) THEN 'givenName' END,
              CASE WHEN i.source_details ->> 'birthDate' IS NOT NULL AND (i.source_details ->> 'birthDate')::date IS DISTINCT FROM p.birth_date THEN 'birthDate' END,
              CASE WHEN i.source_details ->> 'gender' IS NOT NULL AND i.source_details ->> 'gender' IS DISTINCT FROM p.gender THEN 'gender' END,
              CASE WHEN i.source_details ->> 'deathDate' IS NOT NULL AND (i.source_details ->> 'deathDate')::date IS DISTINCT FROM p.death_date THEN 'deathDate' END
            ], NULL) END AS "differsIn"
       FROM journal.patient_identity i JOIN journal.patient p ON p.id = i.patient_id
      WHERE i.patient_id = ANY($1::text[]) ORDER BY i.source_system, i.local_id`,
    (r) => r.patient_id,
  );

/** An archivist's choices of a patient's name or birth date (migration 031), oldest first. */
export const detailChoicesLoader = (ctx: SubgraphContext) =>
  grouped<{
    patient_id: string;
    field: 'NAME' | 'BIRTH_DATE';
    sourceSystem: SourceSystem;
    localId: string;
    previous: string | null;
    chosen: string | null;
    chosenBy: string;
    chosenAt: string;
    reason: string;
    namedPatientId: string | null;
    undoneAt: string | null;
    undoneReason: string | null;
    restored: boolean | null;
  }>(
    ctx,
    'detailChoices',
    `SELECT c.patient_id, c.field, c.source_system AS "sourceSystem", c.local_id AS "localId",
            c.previous ->> 'text' AS previous, c.chosen ->> 'text' AS chosen, c.chosen_by AS "chosenBy",
            to_char(c.chosen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "chosenAt", c.reason,
            c.named_patient_id AS "namedPatientId",
            to_char(u.undone_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "undoneAt",
            CASE WHEN u.choice_id IS NOT NULL THEN u.reason || ' (' || u.undone_by || ')' END AS "undoneReason",
            u.restored
       FROM journal.patient_detail_choice c
       LEFT JOIN journal.patient_detail_choice_undone u ON u.choice_id = c.id
      WHERE c.patient_id = ANY($1::text[]) ORDER BY c.id`,
    (r) => r.patient_id,
  );

/** A link as seen from one of its two records (`me`): the GraphQL PatientLink's parent. */
export interface PatientLinkRow {
  me: string;
  other: string;
  linkedBy: string;
  linkedAt: string;
  reason: string;
}

export const linksLoader = (ctx: SubgraphContext) =>
  grouped<PatientLinkRow>(
    ctx,
    'links',
    `SELECT me, other, linked_by AS "linkedBy", to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "linkedAt", reason
       FROM (SELECT patient_a AS me, patient_b AS other, * FROM journal.patient_link WHERE unlinked_at IS NULL
             UNION ALL SELECT patient_b, patient_a, * FROM journal.patient_link WHERE unlinked_at IS NULL) l
      WHERE me = ANY($1::text[]) ORDER BY linked_at`,
    (r) => r.me,
  );

export const relativesLoader = (ctx: SubgraphContext) =>
  grouped<{
    patient_id: string;
    name: string;
    nationalId: string | null;
    relationship: string | null;
    relationshipCodes: string[];
    nearestRelative: boolean;
    active: boolean | null;
    periodEnd: string | null;
  }>(
    ctx,
    'relatives',
    `SELECT patient_id, name, national_id AS "nationalId", relationship_text AS relationship,
            relationship_codes AS "relationshipCodes", nearest_relative AS "nearestRelative", active,
            to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "periodEnd"
       FROM journal.related_person WHERE patient_id = ANY($1::text[]) ORDER BY nearest_relative DESC, name`,
    (r) => r.patient_id,
  );

export const provenanceLoader = (ctx: SubgraphContext) =>
  grouped<{ entry_id: string; sourceSystem: SourceSystem; sourceId: string; kind: string }>(
    ctx,
    'provenance',
    `SELECT entry_id, source_system AS "sourceSystem", source_id AS "sourceId", kind FROM journal.entry_provenance
      WHERE entry_id = ANY($1::text[]) ORDER BY source_system, source_id`,
    (r) => r.entry_id,
  );

export const tombstoneLoader = (ctx: SubgraphContext) =>
  ctx.loader<
    string,
    { deletedBy: string; deletedAt: string; legalBasis: string; caseId: string | null } | null
  >('tombstone', async (ids) => {
    const rows = (
      await ctx.db.query<{
        entry_id: string;
        deleted_by: string;
        deleted_at: Date;
        legal_basis: string;
        case_id: string | null;
      }>('SELECT * FROM journal.tombstone WHERE entry_id = ANY($1::text[])', [ids])
    ).rows;
    const map = new Map(
      rows.map((r) => [
        r.entry_id,
        {
          deletedBy: r.deleted_by,
          deletedAt: osloIso(r.deleted_at),
          legalBasis: r.legal_basis,
          caseId: r.case_id == null ? null : String(r.case_id),
        },
      ]),
    );
    return ids.map((id) => map.get(id) ?? null);
  });

interface PractitionerOut {
  id: string;
  name: string;
  profession: string | null;
  hprNumber: string | null;
  employeeNumber: string | null;
}

/** A practitioner by any identifier it is referenced by: HP id, HPR number or employee number. */
export const practitionerLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, PractitionerOut | null>('practitioner', async (refs) => {
    const rows = (
      await ctx.db.query<{
        id: string;
        hpr_number: string | null;
        employee_number: string | null;
        display_name: string;
        profession: string | null;
      }>(
        `SELECT * FROM journal.practitioner WHERE id = ANY($1::text[]) OR hpr_number = ANY($1::text[]) OR employee_number = ANY($1::text[])`,
        [refs],
      )
    ).rows;
    return refs.map((ref) => {
      const p = rows.find((r) => r.id === ref || r.hpr_number === ref || r.employee_number === ref);
      return p
        ? {
            id: ref,
            name: p.display_name,
            profession: p.profession,
            hprNumber: p.hpr_number,
            employeeNumber: p.employee_number,
          }
        : null;
    });
  });

export interface ContactOut {
  id: string;
  /** The contact's own patient record: the policy and the access log ask for this one, not a note's. */
  patientId: string;
  service: string;
  contactClass: string | null;
  start: string;
  end: string | null;
  location: string | null;
  sourceSystem: SourceSystem;
  sourceId: string;
}

const CONTACT_COLUMNS = `id, patient_id AS "patientId", service, contact_class AS "contactClass", period_start, period_end, location, source_system AS "sourceSystem", source_id AS "sourceId"`;
type ContactRow = Omit<ContactOut, 'start' | 'end'> & { period_start: Date; period_end: Date | null };
const contactOut = (r: ContactRow): ContactOut => ({
  id: r.id,
  patientId: r.patientId,
  service: r.service,
  contactClass: r.contactClass,
  start: osloIso(r.period_start),
  end: r.period_end ? osloIso(r.period_end) : null,
  location: r.location,
  sourceSystem: r.sourceSystem,
  sourceId: r.sourceId,
});

/** Care contacts by id, each with its own patient record (JournalEntry.careContact checks that one). */
export const careContactByIdLoader = (ctx: SubgraphContext) =>
  ctx.loader<string, ContactOut | null>('careContactById', async (ids) => {
    const rows = (
      await ctx.db.query<ContactRow>(
        `SELECT ${CONTACT_COLUMNS} FROM journal.care_contact WHERE id = ANY($1::text[])`,
        [ids],
      )
    ).rows;
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      return r ? contactOut(r) : null;
    });
  });

/** An earlier version of a care contact as CareContactVersion shows it. */
export interface ContactVersionOut {
  version: number;
  replacedAt: string;
  replacedBy: string;
  reason: string;
  service: string | null;
  contactClass: string | null;
  start: string | null;
  end: string | null;
  location: string | null;
}

/** A care contact's period as the policy dates it (JournalEntry.careContact, Patient.careContacts: overlapping). */
export const contactPeriod = (c: { start: string; end: string | null }) => {
  const start = osloDate(new Date(c.start));
  return { from: start, to: c.end ? osloDate(new Date(c.end)) : start };
};

/**
 * Earlier versions of care contacts (CareContact.history; review s41), oldest first: the rows
 * journal.record_version keeps of each (migration 009: every update, whatever path makes it),
 * shown as the contact's own typed fields, never the row (it holds the content hash and the
 * source's internal references). The access is the contact's (pasientjournalloven § 22): whoever
 * reached it in this request reads its versions, a version shown to a caller limited in time when
 * its own period overlaps theirs, as the contact is; a version of another patient record (a
 * contact moved between records) is that record's, never shown here. A read is logged as a read
 * of the contact under its patient record (pasientjournalforskriften § 14).
 */
export const careContactHistoryLoader = (ctx: SubgraphContext) =>
  ctx.loader<ContactOut, ContactVersionOut[]>('careContactHistory', async (contacts) => {
    const rows = (
      await ctx.db.query<{
        record_key: string;
        record: Record<string, unknown>;
        replaced_at: Date;
        replaced_by: string;
        reason: string;
      }>(
        `SELECT record_key, record, replaced_at, replaced_by, reason FROM journal.record_version
          WHERE record_table = 'care_contact' AND record_key = ANY($1::text[]) ORDER BY id`,
        [contacts.map((c) => c.id)],
      )
    ).rows;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const at = (v: unknown) =>
      typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? osloIso(new Date(v)) : null;
    return contacts.map((c) => {
      const shown = rows
        .filter((v) => v.record_key === c.id && v.record.patient_id === c.patientId)
        .map((v, i) => ({
          version: i + 1,
          replacedAt: osloIso(v.replaced_at),
          replacedBy: v.replaced_by,
          reason: v.reason,
          service: text(v.record.service),
          contactClass: text(v.record.contact_class),
          start: at(v.record.period_start),
          end: at(v.record.period_end),
          location: text(v.record.location),
        }))
        .filter((v) =>
          ctx.policy.visible(
            'care_contact',
            { patientIds: [c.patientId] },
            contactPeriod({ start: v.start ?? c.start, end: v.start ? v.end : c.end }),
          ),
        );
      if (shown.length) ctx.audit.record(c.patientId, 'care_contact', [c.id]);
      return shown;
    });
  });

/** Care contacts overlapping each window, in one round trip. */
export const careContactsLoader = (ctx: SubgraphContext) =>
  ctx.loader<JournalFilter, ContactOut[]>('careContacts', async (keys) => {
    const rows = (
      await ctx.db.query<ContactRow & { page: number }>(
        `SELECT q.page, ${CONTACT_COLUMNS.split(', ')
          .map((c) => `c.${c}`)
          .join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS q(page int, patient_ids jsonb, start_at timestamptz, end_at timestamptz, sources jsonb)
         JOIN journal.care_contact c ON c.patient_id IN (SELECT jsonb_array_elements_text(q.patient_ids))
          AND (q.end_at IS NULL OR c.period_start < q.end_at)
          AND (q.start_at IS NULL OR coalesce(c.period_end, c.period_start) >= q.start_at)
          AND (q.sources IS NULL OR c.source_system IN (SELECT jsonb_array_elements_text(q.sources)))
        ORDER BY q.page, c.period_start, c.id`,
        [
          JSON.stringify(
            keys.map((k, i) => ({
              page: i,
              patient_ids: k.patientIds,
              start_at: k.startInstant,
              end_at: k.endInstant,
              sources: k.sources,
            })),
          ),
        ],
      )
    ).rows;
    return keys.map((_, i) => rows.filter((r) => r.page === i).map(contactOut));
  });

/** A version's own fields besides its text (entry_version.fields, migration 008; a superseded document's columns). */
interface VersionFields {
  writtenAt: string | null;
  entryType: string | null;
  status: string | null;
  service: string | null;
  careStart: string | null;
  careEnd: string | null;
  /** The organisation that held the version (HP custodian; migration 024), null: none or not recorded. */
  organisationNumber: string | null;
  organisationName: string | null;
  /** Its author (name, HPR number), null: none or not recorded (review s38). */
  authorName: string | null;
  authorHpr: string | null;
}

interface VersionOut extends VersionFields {
  version: number;
  text: string | null;
  replacedAt: string;
  replacedBy: string;
  reason: string;
  sourceId: string | null;
  /** The source system the version came from (JournalEntryVersion.sourceSystem). */
  sourceSystem: SourceSystem;
  change: string;
  /** The local date the version is dated by (the policy's date for it). */
  datedOn: string | null;
  /** How its local time was read (journal_entry.time_notes as kept, migration 023); null: not recorded. */
  timeNotes: string[] | null;
  /**
   * A superseded document's own journal_entry id: the access log names it when the version is
   * answered (JournalEntry.history logs the page it gives, not the whole chain).
   */
  recordId?: string;
}

type FieldsRow = {
  written_at?: string | Date | null;
  entry_type?: string | null;
  status?: string | null;
  service?: string | null;
  care_start?: string | Date | null;
  care_end?: string | Date | null;
  /** The version's journal_entry.dated_at (migration 005's rule), as kept. */
  dated_at?: string | Date | null;
  organisation_number?: string | null;
  organisation_name?: string | null;
  author_name?: string | null;
  author_hpr?: string | null;
  /** Set when the version's text was HP's migrated copy's (store.ts VERSION_FIELDS). */
  text_from_copy?: boolean;
};

const instant = (v: string | Date | null | undefined) => (v ? osloIso(new Date(v)) : null);

function versionFields(f: FieldsRow | null): VersionFields {
  return {
    writtenAt: instant(f?.written_at),
    entryType: f?.entry_type ?? null,
    status: f?.status ?? null,
    service: f?.service ?? null,
    careStart: instant(f?.care_start),
    careEnd: instant(f?.care_end),
    organisationNumber: f?.organisation_number ?? null,
    organisationName: f?.organisation_name ?? null,
    authorName: f?.author_name ?? null,
    authorHpr: f?.author_hpr ?? null,
  };
}

/**
 * Earlier versions of an entry: texts kept by corrections made here (entry_version) and,
 * for a document corrected in HP, the superseded documents it replaces (followed back).
 * The chain stops at the patient's edge, as a move does (record-cases.ts moveEntry): a
 * source chain that names another patient's document, or a superseded version moved to
 * the right patient (helsepersonelloven § 44), is that patient's record, never shown as
 * an earlier version of this one (pasientjournalloven § 22: only the patient in reach).
 * A superseded document is a journal entry of its own, dated by itself: a caller limited in
 * time sees it only when its date is in their period, and each one shown is logged under its
 * own id (pasientjournalloven § 22, pasientjournalforskriften § 14); so is a kept version
 * whose recorded date (entry_version.fields) is outside the period. Version numbers stay
 * the whole chain's, so that every caller numbers a version alike.
 */
export const historyLoader = (ctx: SubgraphContext) =>
  ctx.loader<JournalEntryRow, VersionOut[]>('history', async (entries) => {
    const ids = entries.map((e) => e.id);
    const versions = (
      await ctx.db.query<{
        entry_id: string;
        version: number;
        text: string | null;
        replaced_at: Date;
        replaced_by: string;
        reason: string;
        change: string;
        fields: FieldsRow | null;
        time_notes: string[] | null;
      }>('SELECT * FROM journal.entry_version WHERE entry_id = ANY($1::text[]) ORDER BY entry_id, version', [
        ids,
      ])
    ).rows;
    const replaced = (
      await ctx.db.query<{
        start: string;
        id: string;
        patient_id: string;
        dated_at: Date;
        source_system: SourceSystem;
        source_id: string;
        text: string | null;
        fields: FieldsRow;
        time_notes: string[];
        deleted: boolean;
        replaced_at: Date;
        reason: string | null;
        depth: number;
      }>(
        `WITH RECURSIVE chain(start, patient_id, source_system, replaces, replaced_at, reason, depth) AS (
         SELECT e.id, e.patient_id, coalesce(e.replaces_source_system, e.source_system), e.replaces_source_id, e.written_at, e.correction_reason, 1
           FROM journal.journal_entry e WHERE e.id = ANY($1::text[]) AND e.replaces_source_id IS NOT NULL
         UNION ALL
         SELECT c.start, c.patient_id, coalesce(p.replaces_source_system, p.source_system), p.replaces_source_id, p.written_at, p.correction_reason, c.depth + 1
           FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                                    AND p.patient_id = c.patient_id
          WHERE c.depth < 50 AND p.replaces_source_id IS NOT NULL)
       SELECT c.start, p.id, p.patient_id, p.dated_at, p.source_system, p.source_id, p.text, p.time_notes, p.deleted_at IS NOT NULL AS deleted,
              ${VERSION_FIELDS('p')} AS fields,
              c.replaced_at, c.reason, c.depth
         FROM chain c JOIN journal.journal_entry p ON p.source_system = c.source_system AND p.source_id = c.replaces
                                                  AND p.patient_id = c.patient_id`,
        [ids],
      )
    ).rows;
    return entries.map((e) => {
      const fromHp = replaced
        .filter((r) => r.start === e.id)
        .sort((a, b) => b.depth - a.depth)
        .map((r, i) => ({
          row: r,
          version: {
            version: i + 1,
            text: r.deleted ? null : r.text,
            replacedAt: osloIso(r.replaced_at),
            replacedBy: 'source system',
            reason: r.reason ?? '',
            sourceId: r.source_id,
            sourceSystem: r.source_system,
            change: 'source',
            datedOn: osloDate(r.dated_at),
            timeNotes: r.time_notes,
            ...versionFields(r.fields),
          },
        }));
      // Each one answered is logged under its own id by JournalEntry.history (recordId), which
      // may answer a page of them (first/after).
      const shown = fromHp.filter(({ row }) =>
        ctx.policy.visible('journal_entry', { patientIds: [row.patient_id] }, osloDate(row.dated_at)),
      );
      // A kept version dated otherwise (an export changed the note's date) is shown by its own
      // date too, as a superseded document is; one kept before dates were recorded, by the note's.
      const local = versions
        .filter((v) => v.entry_id === e.id)
        .filter(
          (v) =>
            !v.fields?.dated_at ||
            ctx.policy.visible(
              'journal_entry',
              { patientIds: [e.patient_id] },
              osloDate(new Date(v.fields.dated_at)),
            ),
        )
        .map((v) => ({
          version: fromHp.length + v.version,
          text: e.deleted_at ? null : v.text,
          replacedAt: osloIso(v.replaced_at),
          replacedBy: v.replaced_by,
          reason: v.reason,
          sourceId: null,
          sourceSystem: v.fields?.text_from_copy ? 'HELSEPLATTFORMEN' : e.source_system,
          change: v.change,
          datedOn: osloDate(v.fields?.dated_at ? new Date(v.fields.dated_at) : e.dated_at),
          timeNotes: v.time_notes,
          ...versionFields(v.fields),
        }));
      return [...shown.map((v) => ({ ...v.version, recordId: v.row.id })), ...local];
    });
  });
