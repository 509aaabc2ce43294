/**
 * Access-request cases (innsynsbegjæring, pasient- og brukerrettighetsloven § 5-1).
 *
 * Design: the facts that decide eligibility but that the archive does not own — whether
 * and when the patient died, and whether the requester is the registered nearest
 * relative — are given by the caseworker in the mutation's input (validated here) and
 * stored with the case, so every decision can be reproduced from what was known when
 * it was made. The archive does not call the journal subgraph itself: subgraphs speak
 * only through the gateway, and a mutation cannot `@requires` fields of another entity.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { isValidNationalId } from '../../lib/national-id';
import { addMonths, isRealDate, osloDate } from '../../lib/oslo-time';

export const RELATIONS = ['PATIENT', 'NEAREST_RELATIVE', 'OTHER_RELATIVE'] as const;
export type Relation = (typeof RELATIONS)[number];
export type Eligibility = 'ELIGIBLE' | 'MANUAL_ASSESSMENT';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');
const nationalId = z.string().refine(isValidNationalId, 'is not a valid fødselsnummer or D-nummer');

export const AccessRequestInput = z
  .object({
    patientId: z.string().min(1),
    patientNationalId: nationalId,
    patientName: z.string().trim().min(1).nullish(),
    patientDeceasedOn: isoDate.nullish(),
    requesterName: z.string().trim().min(1, 'is required'),
    requesterNationalId: nationalId.nullish(),
    relation: z.enum(RELATIONS),
    receivedAt: z
      .string()
      .refine(
        (s) => /T/.test(s) && !Number.isNaN(Date.parse(s)),
        'must be an ISO 8601 date-time with offset',
      ),
    administrativEnhet: z.string().trim().min(1, 'is required'),
  })
  .superRefine((v, ctx) => {
    if (Number.isNaN(Date.parse(v.receivedAt))) return;
    if (v.relation === 'PATIENT' && v.requesterNationalId && v.requesterNationalId !== v.patientNationalId) {
      ctx.addIssue({
        code: 'custom',
        path: ['requesterNationalId'],
        message: 'relation PATIENT but the requester is another person',
      });
    }
    if (v.relation !== 'PATIENT' && v.requesterNationalId && v.requesterNationalId === v.patientNationalId) {
      ctx.addIssue({
        code: 'custom',
        path: ['relation'],
        message: 'the requester is the patient: use relation PATIENT',
      });
    }
    if (v.patientDeceasedOn && v.patientDeceasedOn > osloDate(new Date(v.receivedAt))) {
      ctx.addIssue({
        code: 'custom',
        path: ['patientDeceasedOn'],
        message: 'is after the request was received',
      });
    }
    if (Date.parse(v.receivedAt) > Date.now() + 60_000) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'is in the future' });
    }
  });
export type AccessRequestInput = z.infer<typeof AccessRequestInput>;

/**
 * A deadline of `months` months from `date`, counted as domstolloven § 148 counts months:
 * the same date in the target month, or that month's last day where the date does not
 * exist (31 January + 1 month → 28 February, or 29 February in a leap year).
 */
export function addMonthsNorwegian(date: string, months: number): string {
  return addMonths(date, months);
}

export function decideEligibility(
  relation: Relation,
  deceased: boolean,
): { eligibility: Eligibility; legalBasis: string } {
  if (relation === 'PATIENT') {
    return {
      eligibility: 'ELIGIBLE',
      legalBasis:
        'Pasient- og brukerrettighetsloven § 5-1 første ledd: pasienten har rett til innsyn i egen journal',
    };
  }
  if (relation === 'NEAREST_RELATIVE' && deceased) {
    return {
      eligibility: 'ELIGIBLE',
      legalBasis:
        'Pasient- og brukerrettighetsloven § 5-1 femte ledd: nærmeste pårørende har rett til innsyn etter pasientens død, med mindre særlige grunner taler mot det',
    };
  }
  if (relation === 'NEAREST_RELATIVE') {
    return {
      eligibility: 'MANUAL_ASSESSMENT',
      legalBasis:
        'Pasienten lever: innsyn for pårørende krever samtykke eller særskilt vurdering (helsepersonelloven § 22)',
    };
  }
  return {
    eligibility: 'MANUAL_ASSESSMENT',
    legalBasis: 'Andre pårørende: konkret vurdering etter helsepersonelloven § 24',
  };
}

export const deadlineMonths = (): number => loadConfig().accessRequest.deadlineMonths;

/** Klasse the new saksmappe goes into (klasseID), when the archive has one. */
export const ACCESS_REQUEST_KLASSE = () => loadConfig().accessRequest.klasse;

export interface AccessRequestRow {
  saksmappe_id: string;
  mappe_id: string;
  patient_id: string;
  patient_national_id: string;
  patient_deceased_on: string | null;
  requester_name: string;
  requester_national_id: string | null;
  relation: Relation;
  received_at: Date;
  received_on: string;
  deadline: string;
  eligibility: Eligibility;
  legal_basis: string;
  closed_at: Date | null;
}

const SELECT = `SELECT a.*, s.mappe_id FROM archive.access_request a JOIN archive.saksmappe s ON s.id = a.saksmappe_id`;

export async function registerAccessRequest(
  db: Db,
  input: AccessRequestInput,
  registeredBy: string,
): Promise<AccessRequestRow> {
  const receivedOn = osloDate(new Date(input.receivedAt));
  const deadline = addMonthsNorwegian(receivedOn, deadlineMonths());
  const { eligibility, legalBasis } = decideEligibility(input.relation, Boolean(input.patientDeceasedOn));
  const year = Number(receivedOn.slice(0, 4));
  const id = randomUUID();
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    // One case number at a time per year.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`archive:saksnummer:${year}`]);
    const seq = (
      await tx.query<{ n: number }>(
        'SELECT COALESCE(MAX(sakssekvensnummer), 0) + 1 AS n FROM archive.saksmappe WHERE saksaar = $1',
        [year],
      )
    ).rows[0]!.n;
    const klasse = (
      await tx.query<{ id: string }>(
        'SELECT id FROM archive.klasse WHERE klasse_id = $1 ORDER BY id LIMIT 1',
        [ACCESS_REQUEST_KLASSE()],
      )
    ).rows[0];
    const ordinal = klasse
      ? (
          await tx.query<{ n: number }>(
            'SELECT COALESCE(MAX(ordinal), -1) + 1 AS n FROM archive.saksmappe WHERE klasse_ref = $1',
            [klasse.id],
          )
        ).rows[0]!.n
      : 0;
    const mappeId = `${year}/${String(seq).padStart(4, '0')}`;
    const tittel = `Begjæring om innsyn i journal – ${input.requesterName}`;
    await tx.query(
      `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus,
         klasse_ref, ordinal, administrativ_enhet, fields, complex)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'Under behandling', $8, $9, $10, $11, $12)`,
      [
        id,
        mappeId,
        year,
        seq,
        tittel,
        'Begjæring om innsyn i journal – *****',
        receivedOn,
        klasse?.id ?? null,
        ordinal,
        input.administrativEnhet,
        JSON.stringify({
          dokumentmedium: ['Elektronisk arkiv'],
          opprettetDato: [now],
          opprettetAv: [registeredBy],
          saksansvarlig: [registeredBy],
        }),
        JSON.stringify({
          skjerming: [
            {
              tilgangsrestriksjon: ['Unntatt offentlighet'],
              skjermingshjemmel: ['Offl. § 13 jf. fvl. § 13 (1) nr.1'],
              skjermingMetadata: ['Skjerming tittel mappe - utvalgte ord', 'Skjerming navn part i sak'],
            },
          ],
        }),
      ],
    );
    const parts: { part_id: string | null; part_navn: string; part_rolle: string }[] = [
      {
        part_id: input.patientNationalId,
        part_navn: input.patientName ?? (input.relation === 'PATIENT' ? input.requesterName : 'Pasienten'),
        part_rolle: 'Klient',
      },
    ];
    if (input.relation !== 'PATIENT')
      parts.push({
        part_id: input.requesterNationalId ?? null,
        part_navn: input.requesterName,
        part_rolle: 'Pårørende',
      });
    await tx.query(
      `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle)
       SELECT $1, p.ordinal, p.part_id, p.part_navn, p.part_rolle
         FROM jsonb_to_recordset($2::jsonb) AS p(ordinal int, part_id text, part_navn text, part_rolle text)`,
      [id, JSON.stringify(parts.map((p, i) => ({ ...p, ordinal: i })))],
    );
    await tx.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id)
       SELECT DISTINCT x, 'saksmappe', $1, $1 FROM unnest($2::text[]) AS x WHERE x IS NOT NULL ON CONFLICT DO NOTHING`,
      [id, parts.map((p) => p.part_id)],
    );
    await tx.query(
      `INSERT INTO archive.access_request (saksmappe_id, patient_id, patient_national_id, patient_deceased_on, requester_name,
         requester_national_id, relation, received_at, received_on, deadline, eligibility, legal_basis, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        input.patientId,
        input.patientNationalId,
        input.patientDeceasedOn ?? null,
        input.requesterName,
        input.requesterNationalId ?? null,
        input.relation,
        input.receivedAt,
        receivedOn,
        deadline,
        eligibility,
        legalBasis,
        registeredBy,
      ],
    );
  });
  return (await db.query<AccessRequestRow>(`${SELECT} WHERE a.saksmappe_id = $1`, [id])).rows[0]!;
}

export async function openAccessRequests(db: Db): Promise<AccessRequestRow[]> {
  return (
    await db.query<AccessRequestRow>(`${SELECT} WHERE a.closed_at IS NULL ORDER BY a.deadline, s.mappe_id`)
  ).rows;
}

/**
 * Closes an access-request case: the saksmappe gets saksstatus "Avsluttet" with
 * avsluttetDato / avsluttetAv, and leaves the list of open requests. Null when there is
 * no open request with that saksmappe id.
 */
export async function closeAccessRequest(
  db: Db,
  saksmappeId: string,
  closedBy: string,
  at = new Date(),
): Promise<AccessRequestRow | null> {
  const closed = await db.transaction(async (tx) => {
    const r = await tx.query(
      'UPDATE archive.access_request SET closed_at = $2 WHERE saksmappe_id = $1 AND closed_at IS NULL',
      [saksmappeId, at],
    );
    if (r.rowCount === 0) return false;
    await tx.query(
      `UPDATE archive.saksmappe SET saksstatus = 'Avsluttet',
         fields = fields || jsonb_build_object('avsluttetDato', jsonb_build_array($2::text), 'avsluttetAv', jsonb_build_array($3::text))
       WHERE id = $1`,
      [saksmappeId, at.toISOString(), closedBy],
    );
    return true;
  });
  if (!closed) return null;
  return (await db.query<AccessRequestRow>(`${SELECT} WHERE a.saksmappe_id = $1`, [saksmappeId])).rows[0]!;
}
