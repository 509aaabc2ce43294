/**
 * Access-request cases (innsynsbegjæringer): who may have access, by when, and what was
 * decided. Each rule names its source; the tests in access-request.test.ts carry the same
 * names.
 *
 * **Eligibility** (`decideEligibility`), from the requester's relation, the request type,
 * the patient's age at receipt and capacity to consent, death, and the registered relatives:
 * - pbrl. § 5-1 første ledd: the patient has a right of access to their own record; from
 *   16 the right is the patient's own (pbrl. § 3-4 tredje ledd: parents of a 16–18-year-old
 *   get only what is needed for parental responsibility, so their access needs the
 *   patient's consent). Under 12 the patient does not exercise it; 12–16 the child has some
 *   right of its own, weighed by maturity (Helsedirektoratet's commentary to hpl. § 41).
 * - pbrl. § 5-1 fjerde ledd with § 3-4 første ledd: for a patient under 16, the parents (or
 *   others with parental responsibility) have access; pbrl. § 3-4 andre ledd: for a patient
 *   of 12–16, information the child, for reasons that should be respected, does not want
 *   the parents to have is withheld (`ELIGIBLE_LIMITED`).
 * - pbrl. § 5-1 fjerde ledd with § 3-3 første ledd: a patient without capacity to consent
 *   (pbrl. § 4-3) gives the nearest relative a right of their own, beside the patient's.
 * - vergemålsloven §§ 20–21 and 94 (verge), §§ 78–80 and 84 (fremtidsfullmektig, once the
 *   fullmakt is stadfestet): a representative whose mandate covers the patient's health
 *   matters acts for a patient without capacity; for a patient with capacity, only with consent.
 * - pbrl. § 5-1 femte ledd: after death, the nearest relative has access unless special
 *   reasons speak against it. The nearest relative is the one the patient named, else the
 *   first in the order of pbrl. § 1-3 b (spouse/partner/cohabitant, adult children,
 *   parents, adult siblings, grandparents, other close family, verge/fremtidsfullmektig),
 *   checked against the registered relatives (lib/patient-facts.ts), not only the input.
 * - helsepersonelloven § 24 første ledd: after death, others (other relatives, a third party
 *   with a legal interest) may be given information when weighty reasons speak for it:
 *   a concrete assessment (`MANUAL_ASSESSMENT`).
 * - helsepersonelloven § 22 første ledd: while the patient lives, anyone else (another
 *   relative, a third party, a nearest relative of a patient with capacity) gets access
 *   only with the patient's consent (`CONSENT_REQUIRED`; `ELIGIBLE` once it is recorded).
 *   hpl. § 24 is about the deceased and is never the route for the living.
 * - offentleglova § 3: anyone may ask for the case documents (`PUBLIC`, request type
 *   `OFFENTLEGLOVA`); health information is taushetsbelagt and withheld (offl. § 13 with
 *   hpl. § 21 / fvl. § 13). A journal request (pbrl. § 5-1) from the public is refused.
 * - forvaltningsloven § 18: a party (and their representative) may see the documents of
 *   the case, with the exceptions of §§ 18 a–18 d and 19.
 *
 * **Deadlines** (`deadlineFor`), counted by domstolloven §§ 148–149 (lib/norwegian-holidays:
 * a last day on a Saturday, Sunday or public holiday runs to the next working day):
 * - `PBRL_5_1`: without undue delay and at the latest one month from receipt
 *   (personvernforordningen art. 12 nr. 3, which governs the reply to a request under
 *   pbrl. § 5-1 / art. 15); it may be extended by at most two further months when
 *   necessary, if the requester is told so, with the reasons, within the first month
 *   (`extendAccessRequest`, recorded with the date of the notice).
 * - `OFFENTLEGLOVA`: decided "utan ugrunna opphald" (offentleglova § 29 første ledd); a
 *   request not answered within five working days after receipt counts as refused and may
 *   be appealed (offentleglova § 32 første ledd tredje punktum). The deadline is that fifth
 *   working day; no extension.
 * - `FORVALTNINGSLOVEN_18`: decided without undue delay (forvaltningsloven § 11 a første
 *   ledd); when it cannot be answered within one month, a preliminary reply is due
 *   (§ 11 a tredje ledd). The deadline is that month; no extension.
 *
 * **The case**: the request is a saksmappe with an incoming journalpost (I) registered with
 * it, and closing registers the reply as an outgoing journalpost (U); an extension notice
 * is an outgoing journalpost too. All are in the postjournal, screened (offentleglova § 13
 * with fvl. § 13: names of the parties). Closing records the **outcome** — GRANTED,
 * PARTLY_GRANTED or REFUSED — with each withheld item and its ground, the reasons
 * (forvaltningsloven §§ 24–25), what was handed out, and the appeal route
 * (`appealRoute`): pbrl. § 7-2 (complaint to Statsforvalteren, within four weeks, § 7-5),
 * offentleglova § 32 (for a municipality, Statsforvalteren; three weeks, fvl. § 29), or
 * forvaltningsloven § 21 andre ledd for party access. The incoming journalpost is dated as the
 * letter is (Noark 5 M103 dokumentetsDato, `letterDate`: a real date, not after receipt; the day
 * of receipt when not given) and carries its receipt (M104 mottattDato, `receivedAt`), which the
 * deadline runs from.
 *
 * **What may be granted**: a NOT_ELIGIBLE request is closed REFUSED only (helsepersonelloven
 * § 21); so is a CONSENT_REQUIRED one (helsepersonelloven § 22 første ledd: while the patient
 * lives, another person gets access only with the patient's consent; consent is recorded with
 * the request, `patientConsent`, or later on the open case, recordAccessRequestConsent, either
 * of which makes it ELIGIBLE). A MANUAL_ASSESSMENT request (hpl.
 * § 24 after death, fvl. § 18 for a non-party, a 12–16-year-old's own request) may be closed
 * with any outcome: the closing decision is the concrete assessment the rule asks for, with its
 * reasons (fvl. §§ 24–25) where anything is withheld; neither the law nor DOMAIN.md asks for an
 * assessment recorded before it.
 *
 * **Which request a read served**: the case handler's reads on purpose ACCESS_REQUEST are
 * logged with the request that allowed them (audit.access_log.matter, its saksmappe id;
 * pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14): lib/policy
 * compileAccessRequests, from archive.access_requests_of_handler (migration 032).
 *
 * **A patient known only by an H-nummer** (pasient- og brukerrettighetsloven § 5-1: the right
 * of access does not depend on a Norwegian id; pasientjournalloven § 22: an H-nummer names a
 * person within one institution only, lib/national-id.ts H_NUMBER_ERROR): `patientNationalId`
 * may be left out only when the patient record `patientId` names, and every record linked to
 * it, has no fødselsnummer or D-number in the journal (lib/patient-facts.ts registeredFacts;
 * otherwise BAD_USER_INPUT naming patientNationalId, and an H-nummer given there is refused as
 * before). The request is then filed under the record id alone (patient_national_id NULL,
 * migration 026): its case concerns that record (archive.subject_record) and the records linked
 * to it, never another source's person with the same H-nummer; its Klient part has no partID
 * (Noark 5 M010 is optional; every reader of archive.part takes part_id for a national id).
 *
 * **A patient record that may be two persons** (pasientjournalloven § 22): a record that holds
 * one H-nummer from more than one source system, or is linked to one (journal migration 021
 * leaves such a record whole), is no one person's, so a request without a national id is not
 * filed under it (BAD_USER_INPUT, nothing stored; lib/patient-facts.ts registeredFacts): its
 * case handler would reach both persons' notes. And a record whose only identifiers (with its
 * linked records') are an FH-nummer or an H-nummer takes no patientNationalId that is not one of
 * those records' national ids (BAD_USER_INPUT, nothing stored): filed under the record and a
 * stranger's national id, the case concerned that stranger (subject_link), whose records its case
 * handler then reached. A record with a fødselsnummer or D-number keeps the rule that the number
 * given is one of its own (or its linked records').
 *
 * **An access request stored with an H-nummer as patientNationalId** (pasient- og
 * brukerrettighetsloven § 5-1; pasientjournalloven § 22): until 2c33faf the input check took
 * an H-nummer there, and such requests are stored with the number as the patient's national id
 * (and as the Klient part's partID). Migration 027 leaves the number out of whom a case concerns,
 * so the case concerned no one; migration 028 files it under its patient record as a request
 * without a national id (archive.subject_record), and the statistics count it by that record
 * (lib/policy/statistics.ts nationalIdElseRecord). The stored number is kept as registered.
 *
 * **The case handler** (pasientjournalloven § 22 with helsepersonelloven § 21a: no one reads
 * health information without a need in their own work): each request has a responsible case
 * handler, Noark 5 saksansvarlig (column `saksansvarlig`, migration 019; on the saksmappe too),
 * set to the one who registers it. An archivist on purpose ACCESS_REQUEST reaches the patients
 * of the open requests they are saksansvarlig for, not of everyone's (lib/policy
 * compileAccessRequests). `handOverAccessRequest` gives an open request to another case
 * handler (e.g. during sick leave): administration of the archive (purpose
 * ARCHIVE_ADMINISTRATION), recorded on the case as its new saksansvarlig with a merknad
 * (merknadstype "Saksansvarlig endret"), the replaced rows kept (archive.record_version) and
 * a log line; the reach moves with it from the next request.
 */
import { FREE_TEXT_MAX, NAME_MAX } from '../../lib/free-text';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadConfig, type Config } from '../../lib/config';
import type { Db, Queryable } from '../../lib/db';
import { H_NUMBER_ERROR, isHNumber, isValidNationalId, parseNationalId } from '../../lib/national-id';
import { addWorkingDays, deadlineInMonths } from '../../lib/norwegian-holidays';
import { log } from '../../lib/log';
import { handoverRefusal } from './case-handlers';
import { nameKey } from './postjournal';
import { lockRequestPatient } from './open-requests';
import { isRealDate, isRealInstant, osloDate } from '../../lib/oslo-time';
import type { RegisteredFacts, RegisteredRelative } from '../../lib/patient-facts';
import { Temporal } from '@js-temporal/polyfill';

export const RELATIONS = [
  'PATIENT',
  'PARENT',
  'GUARDIAN',
  'FUTURE_POWER_OF_ATTORNEY',
  'NEAREST_RELATIVE',
  'OTHER_RELATIVE',
  'THIRD_PARTY',
  'PUBLIC',
] as const;
export type Relation = (typeof RELATIONS)[number];
export const REQUEST_TYPES = ['PBRL_5_1', 'OFFENTLEGLOVA', 'FORVALTNINGSLOVEN_18'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
/** The order of pbrl. § 1-3 b (first is nearest). */
export const KINSHIPS = [
  'SPOUSE_OR_PARTNER',
  'CHILD',
  'PARENT',
  'SIBLING',
  'GRANDPARENT',
  'OTHER_FAMILY',
  'GUARDIAN_OR_FUTURE_POWER_OF_ATTORNEY',
] as const;
export type Kinship = (typeof KINSHIPS)[number];
export type Eligibility =
  'ELIGIBLE' | 'ELIGIBLE_LIMITED' | 'CONSENT_REQUIRED' | 'MANUAL_ASSESSMENT' | 'NOT_ELIGIBLE';
export type RelativeCheck = 'VERIFIED' | 'CONTRADICTED' | 'NOT_REGISTERED' | 'UNVERIFIED' | 'NOT_APPLICABLE';
export const OUTCOMES = ['GRANTED', 'PARTLY_GRANTED', 'REFUSED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Grounds for withholding an item, each with its source. */
export const WITHHELD_GROUNDS = {
  THIRD_PARTY_INFORMATION:
    'Opplysninger om andre enn pasienten (pbrl. § 5-1 andre ledd; hpl. § 21 taushetsplikt overfor tredjeperson)',
  DANGER_TO_PATIENT:
    'Påtrengende nødvendig for å hindre fare for liv eller alvorlig helseskade for pasienten (pbrl. § 5-1 andre ledd)',
  HARMFUL_TO_CLOSE_PERSONS:
    'Klart utilrådelig av hensyn til personer som står pasienten nær (pbrl. § 5-1 andre ledd)',
  CHILD_REFUSES:
    'Barnet (12–16 år) ønsker av grunner som bør respekteres ikke at foreldrene får opplysningene (pbrl. § 3-4 andre ledd)',
  SPECIAL_REASONS_AFTER_DEATH:
    'Særlige grunner taler mot innsyn etter pasientens død (pbrl. § 5-1 femte ledd)',
  CONFIDENTIALITY: 'Taushetsplikt (offentleglova § 13 jf. helsepersonelloven § 21 / forvaltningsloven § 13)',
  PARTY_ACCESS_EXCEPTION: 'Unntak fra partsinnsyn (forvaltningsloven §§ 18 a–18 d og 19)',
  OTHER: 'Annet grunnlag (angitt i grunnlagstekst)',
} as const;
export type WithheldGround = keyof typeof WITHHELD_GROUNDS;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');
// An H-nummer names a person within one institution only (lib/national-id.ts H_NUMBER_ERROR;
// pasientjournalloven § 22): a request filed under one reached every source's records of the
// same number (expandPersons), another institution's person among them. The record id is given.
const nationalId = z.string().superRefine((s, ctx) => {
  if (isHNumber(s)) ctx.addIssue({ code: 'custom', message: H_NUMBER_ERROR });
  else if (!isValidNationalId(s))
    ctx.addIssue({ code: 'custom', message: 'is not a valid fødselsnummer or D-nummer' });
});

/**
 * Caps on free text an archivist types into the archive (subgraphs/archive/README.md, Limits):
 * a title (a saksmappe's or journalpost's `tittel` and `offentligTittel`) at 500 characters, as a
 * matter's title (lib/policy/resolvers.ts), and a person's or a unit's name at 200. Noark 5 gives
 * tittel no length; a title is one line of the postjournal, and a name is built into the case's
 * and journalposts' titles ("Begjæring om innsyn i journal – <name>"), so a name under 200 keeps
 * them under the title cap. Found in review s39: about 900 KB was accepted and written into the
 * titles, the postjournal HTML and the search index.
 */
export const ARCHIVE_TITLE_MAX = 500;
export const ARCHIVE_NAME_MAX = NAME_MAX;
/**
 * Reasons typed into a request (a third party's legal interest, an extension's reasons, a
 * decision's reasons and grounds, what was handed out, a withheld item) at 4,000 characters
 * (lib/free-text.ts FREE_TEXT_MAX, as the journal's and the policy's reasons): more than a
 * letter's page, which any real reason fits. Uncapped until stop 40.
 */
export const ARCHIVE_TEXT_MAX = FREE_TEXT_MAX;
const tooLong = (max: number) => `is longer than ${max} characters`;
/** Free text of a request or its answer, trimmed, not empty, at most ARCHIVE_TEXT_MAX. */
const reasonText = (min = 1, message?: string) =>
  z.string().trim().min(min, message).max(ARCHIVE_TEXT_MAX, tooLong(ARCHIVE_TEXT_MAX));
const personOrUnitName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(ARCHIVE_NAME_MAX, tooLong(ARCHIVE_NAME_MAX));

/** An ISO 8601 date-time that names its offset: `…T09:41:00+02:00` or `…T07:41:00Z`. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export const AccessRequestInput = z
  .object({
    patientId: z.string().min(1),
    // Left out only for a patient record without a national id (an H-nummer person; the
    // resolver checks the record: registerAccessRequest, patientNationalIdProblem).
    patientNationalId: nationalId.nullish(),
    patientName: z.string().trim().min(1).max(ARCHIVE_NAME_MAX, tooLong(ARCHIVE_NAME_MAX)).nullish(),
    patientDeceasedOn: isoDate.nullish(),
    patientBirthDate: isoDate.nullish(),
    patientLacksCapacity: z.boolean().nullish(),
    patientConsent: z.boolean().nullish(),
    requestType: z.enum(REQUEST_TYPES).nullish(),
    requesterName: personOrUnitName,
    requesterNationalId: nationalId.nullish(),
    relation: z.enum(RELATIONS),
    requesterKinship: z.enum(KINSHIPS).nullish(),
    legalInterest: reasonText().nullish(),
    // With its offset (or Z): without one, Date.parse reads the server's own zone, which moved
    // the day of receipt, and with it the deadline, by a day (review s32; domstolloven § 148).
    receivedAt: z
      .string()
      // On a real day at a real hour: Date.parse read 2023-02-30T10:00 as 2 March, and PostgreSQL,
      // given the text, refused it as an internal error (review s39).
      .refine(
        (s) => ISO_WITH_OFFSET.test(s) && isRealInstant(s),
        'must be an ISO 8601 date-time with offset, on a day that exists',
      ),
    administrativEnhet: personOrUnitName,
    // Noark 5 M103 dokumentetsDato: the date written on the letter, which is not its receipt
    // (M104 mottattDato, receivedAt). Left out: the day it was received.
    letterDate: isoDate.nullish(),
  })
  .superRefine((v, ctx) => {
    if (!isRealInstant(v.receivedAt)) return;
    const receivedOn = osloDate(new Date(v.receivedAt));
    if (v.letterDate && isRealDate(v.letterDate) && v.letterDate > receivedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['letterDate'],
        message: `is after the request was received (${receivedOn}): a letter is dated on or before the day it comes`,
      });
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
        // Said both ways: a relative's own number typed as the patient's (review s43, case 1) was
        // told to use relation PATIENT, which for a deceased patient is refused in turn.
        message:
          'patientNationalId and requesterNationalId are the same person: if the patient asks, use relation PATIENT; or one of the two numbers is wrong',
      });
    }
    if (v.patientDeceasedOn && v.patientDeceasedOn > receivedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['patientDeceasedOn'],
        message: 'is after the request was received',
      });
    }
    if (v.relation === 'PATIENT' && v.patientDeceasedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['relation'],
        message: 'the patient is deceased: the request is from someone else',
      });
    }
    if (v.relation === 'THIRD_PARTY' && !v.legalInterest) {
      ctx.addIssue({
        code: 'custom',
        path: ['legalInterest'],
        message: 'a third party must state the legal interest',
      });
    }
    if (Date.parse(v.receivedAt) > Date.now() + 60_000) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'is in the future' });
    }
  });
export type AccessRequestInput = z.infer<typeof AccessRequestInput>;

/** ACCESS_REQUEST_DEADLINE_MONTHS and ACCESS_REQUEST_KLASSE, read from the environment once per process. */
let settings: Config['accessRequest'] | undefined;
const accessRequestSettings = (): Config['accessRequest'] => (settings ??= loadConfig().accessRequest);

export const deadlineMonths = (): number => accessRequestSettings().deadlineMonths;

/** The deadline of a request type received on `receivedOn`, and the rule it follows. */
export function deadlineFor(
  type: RequestType,
  receivedOn: string,
  monthsGiven?: number,
): { deadline: string; rule: string } {
  if (type === 'OFFENTLEGLOVA')
    return {
      deadline: addWorkingDays(receivedOn, 5),
      rule: 'Offentleglova § 29 første ledd: avgjøres uten ugrunnet opphold; ubesvart etter fem arbeidsdager regnes som avslag som kan påklages (offentleglova § 32 første ledd)',
    };
  if (type === 'FORVALTNINGSLOVEN_18')
    return {
      deadline: deadlineInMonths(receivedOn, 1),
      rule: 'Forvaltningsloven § 11 a: avgjøres uten ugrunnet opphold; foreløpig svar senest når det ikke kan besvares innen én måned (domstolloven §§ 148–149)',
    };
  const months = monthsGiven ?? deadlineMonths();
  return {
    deadline: deadlineInMonths(receivedOn, months),
    rule: `Personvernforordningen art. 12 nr. 3 (innsyn etter pbrl. § 5-1): uten ugrunnet opphold og senest ${months === 1 ? 'én måned' : `${months} måneder`} etter mottak, regnet etter domstolloven §§ 148–149; kan forlenges med inntil to måneder ved begrunnet melding innen den første måneden`,
  };
}

/** Whole years of age on `on` (a 29 February birthday counts on 1 March in other years). */
export function ageOn(birthDate: string, on: string): number {
  return Temporal.PlainDate.from(birthDate).until(on, { largestUnit: 'years' }).years;
}

/** HL7 v3 RoleCode (and HP's own text codes) → the kinship of pbrl. § 1-3 b. */
const KINSHIP_CODES: Record<Kinship, readonly string[]> = {
  SPOUSE_OR_PARTNER: ['SPS', 'HUSB', 'WIFE', 'DOMPART', 'SIGOTHR', 'FMRSPS'],
  CHILD: ['CHILD', 'SON', 'DAU', 'NCHILD', 'CHLDADOPT', 'SONADOPT', 'DAUADOPT', 'STPCHLD', 'CHLDINLAW'],
  PARENT: ['PRN', 'MTH', 'FTH', 'NPRN', 'NMTH', 'NFTH', 'ADOPTP', 'STPPRN'],
  SIBLING: ['SIB', 'SIS', 'BRO', 'NSIB', 'NSIS', 'NBRO', 'HSIB', 'HSIS', 'HBRO'],
  GRANDPARENT: ['GRPRN', 'GRMTH', 'GRFTH'],
  OTHER_FAMILY: ['FAMMEMB', 'EXT', 'AUNT', 'UNCLE', 'COUSN', 'NIENEPH', 'GRNDCHILD'],
  GUARDIAN_OR_FUTURE_POWER_OF_ATTORNEY: ['GUARD', 'POWATY'],
};

export function kinshipOf(r: RegisteredRelative): Kinship | null {
  for (const k of KINSHIPS) if (r.relationshipCodes.some((c) => KINSHIP_CODES[k].includes(c))) return k;
  return null;
}

export interface RelativeVerdict {
  check: RelativeCheck;
  note: string;
}

/**
 * Whether a relative's registration was in force at `at` (a date, YYYY-MM-DD, compared by the
 * Oslo day, or an ISO 8601 instant): not ended (HP RelatedPerson.active false) and its period not
 * ended before then. Pasient- og brukerrettighetsloven § 5-1 femte ledd with § 1-3 b (nærmeste
 * pårørende): the nearest relative is the one registered when it matters, at the death (or at the
 * request's receipt for a living patient); an ex-spouse or a nearest relative the patient replaced
 * was taken as current (review s43).
 */
export function inForceAt(r: RegisteredRelative, at: string): boolean {
  if (r.active === false) return false;
  if (!r.periodEnd) return true;
  return isDay(at)
    ? osloDate(new Date(r.periodEnd)) >= at
    : new Date(r.periodEnd).getTime() >= new Date(at).getTime();
}

const isDay = (at: string) => /^\d{4}-\d{2}-\d{2}$/.test(at);
/** The Oslo day of `at` (a date as it is, an instant by its Oslo date). */
const osloDayOf = (at: string) => (isDay(at) ? at : osloDate(new Date(at)));

/**
 * Whether the requester is the deceased's nearest relative (pbrl. § 1-3 b), checked against
 * the registered relatives in force at `at` (inForceAt; default now): the one the patient named
 * (v2-0131 code N) if any; otherwise the requester's stated kinship must be the nearest among
 * those registered. A requester whose own registration had ended then is CONTRADICTED. `null`
 * registry: the journal room is not reachable, so the caseworker's statement stands, unverified.
 */
export function checkNearestRelative(
  registeredRelatives: readonly RegisteredRelative[] | null,
  requesterNationalId: string | null | undefined,
  kinship: Kinship | null | undefined,
  requesterName?: string | null,
  at: string = new Date().toISOString(),
): RelativeVerdict {
  if (registeredRelatives === null)
    return {
      check: 'UNVERIFIED',
      note: 'Pårørenderegisteret (journalen) er ikke tilgjengelig: saksbehandlerens opplysning er lagt til grunn, ikke kontrollert',
    };
  // A relative registered without a national id (HP RelatedPerson without identifier) is the
  // requester when the words of the names agree, in any order ("Moe, Ellen" is "Ellen Moe"): the
  // identity is then the case handler's to check, never "another" relative than the requester
  // (pbrl. § 1-3 b; review s43, case 1: the daughter the patient named was CONTRADICTED by her own
  // registration, and her right under pbrl. § 5-1 femte ledd became an hpl. § 24 assessment).
  const sameByName = (r: RegisteredRelative) =>
    !r.nationalId && !!requesterName?.trim() && nameKey(r.name) === nameKey(requesterName);
  const own = (r: RegisteredRelative) =>
    (!!requesterNationalId && r.nationalId === requesterNationalId) || sameByName(r);
  // pbrl. § 5-1 femte ledd with § 1-3 b: only a registration in force at the death (or receipt)
  // counts. The requester's own registration that had ended by then (an ex-spouse, a nearest
  // relative the patient replaced) is the register saying they were no longer that relative: it
  // verifies nothing, and the case handler must assess them (review s43).
  const relatives = registeredRelatives.filter((r) => inForceAt(r, at));
  const ended = relatives.some(own)
    ? undefined
    : registeredRelatives.find((r) => !inForceAt(r, at) && own(r));
  const named = relatives.filter((r) => r.nearestRelative);
  if (ended)
    return {
      check: 'CONTRADICTED',
      note:
        `Registreringen som ${ended.nearestRelative ? 'nærmeste ' : ''}pårørende (${ended.name}) var avsluttet ` +
        `(${ended.active === false ? 'ikke aktiv' : `periode avsluttet ${osloDate(new Date(ended.periodEnd!))}`}) ` +
        `per ${osloDayOf(at)}` +
        (named.length
          ? `; pasienten har registrert en annen som nærmeste pårørende (${named.map((r) => r.name).join(', ')})`
          : '') +
        '; pbrl. § 1-3 b',
    };
  if (named.length) {
    if (requesterNationalId && named.some((r) => r.nationalId === requesterNationalId))
      return {
        check: 'VERIFIED',
        note: 'Registrert som nærmeste pårørende (oppgitt av pasienten, pbrl. § 1-3 b)',
      };
    const byName = named.find(sameByName);
    if (byName)
      return {
        check: 'UNVERIFIED',
        note: `Registrert som nærmeste pårørende (oppgitt av pasienten, pbrl. § 1-3 b) uten fødselsnummer som ${byName.name}; navnet stemmer med den som ber om innsyn: identiteten må kontrolleres`,
      };
    return {
      check: 'CONTRADICTED',
      note: `Pasienten har registrert en annen som nærmeste pårørende (${named.map((r) => r.name).join(', ')}); pbrl. § 1-3 b`,
    };
  }
  if (!relatives.length)
    return {
      check: 'NOT_REGISTERED',
      note: 'Ingen pårørende registrert: nærmeste pårørende må fastslås etter rekkefølgen i pbrl. § 1-3 b og dokumenteres',
    };
  const registered = requesterNationalId
    ? relatives.find((r) => r.nationalId === requesterNationalId)
    : undefined;
  const registeredByName = registered ? undefined : relatives.find(sameByName);
  const ownKinship =
    (registered && kinshipOf(registered)) ??
    (registeredByName && kinshipOf(registeredByName)) ??
    kinship ??
    null;
  if (!ownKinship)
    return {
      check: 'UNVERIFIED',
      note: 'Slektskap ikke oppgitt og ikke registrert: rekkefølgen i pbrl. § 1-3 b kan ikke kontrolleres',
    };
  const rank = KINSHIPS.indexOf(ownKinship);
  const nearer = relatives.filter((r) => {
    const k = kinshipOf(r);
    return (
      k !== null &&
      KINSHIPS.indexOf(k) < rank &&
      r.nationalId !== requesterNationalId &&
      r !== registeredByName
    );
  });
  if (nearer.length)
    return {
      check: 'CONTRADICTED',
      note: `Nærmere pårørende etter pbrl. § 1-3 b er registrert (${nearer.map((r) => r.name).join(', ')})`,
    };
  return {
    check: registered ? 'VERIFIED' : 'UNVERIFIED',
    note: registered
      ? `Registrert pårørende; ingen nærmere etter rekkefølgen i pbrl. § 1-3 b`
      : registeredByName
        ? `Registrert pårørende uten fødselsnummer som ${registeredByName.name}; navnet stemmer med den som ber om innsyn: identiteten må kontrolleres; ingen nærmere etter rekkefølgen i pbrl. § 1-3 b`
        : `Ikke registrert som pårørende; ingen nærmere er registrert etter rekkefølgen i pbrl. § 1-3 b (oppgitt slektskap ikke kontrollert)`,
  };
}

export interface EligibilityFacts {
  relation: Relation;
  requestType: RequestType;
  deceased: boolean;
  /** Age at receipt in whole years, null when unknown. */
  age: number | null;
  lacksCapacity: boolean;
  consent: boolean;
  /** For a nearest relative after death: the check against the registered relatives. */
  relativeCheck?: RelativeVerdict;
}

type Decision = { eligibility: Eligibility; legalBasis: string };

const CONSENT: Decision = {
  eligibility: 'CONSENT_REQUIRED',
  legalBasis:
    'Pasienten lever: innsyn for andre krever pasientens samtykke (helsepersonelloven § 22 første ledd; pbrl. § 5-1)',
};
const WITH_CONSENT: Decision = {
  eligibility: 'ELIGIBLE',
  legalBasis: 'Pasienten har samtykket til innsyn (helsepersonelloven § 22 første ledd)',
};
const HPL24: Decision = {
  eligibility: 'MANUAL_ASSESSMENT',
  legalBasis:
    'Etter pasientens død: konkret vurdering av om vektige grunner taler for innsyn, med hensyn til avdødes antatte vilje (helsepersonelloven § 24 første ledd)',
};

export function decideEligibility(f: EligibilityFacts): Decision {
  if (f.requestType === 'OFFENTLEGLOVA')
    return {
      eligibility: 'ELIGIBLE',
      legalBasis:
        'Offentleglova § 3: rett til innsyn i saksdokumenter; opplysninger underlagt taushetsplikt unntas (offentleglova § 13 jf. helsepersonelloven § 21 og forvaltningsloven § 13)',
    };
  if (f.relation === 'PUBLIC')
    return {
      eligibility: 'NOT_ELIGIBLE',
      legalBasis:
        'Allmennheten har ikke innsyn i pasientjournal (helsepersonelloven § 21); krav om innsyn i saksdokumenter behandles etter offentleglova',
    };
  if (f.requestType === 'FORVALTNINGSLOVEN_18') {
    if (f.relation === 'PATIENT' || f.relation === 'GUARDIAN' || f.relation === 'FUTURE_POWER_OF_ATTORNEY')
      return {
        eligibility: 'ELIGIBLE',
        legalBasis:
          'Forvaltningsloven § 18: parten (og partens representant) har rett til å gjøre seg kjent med sakens dokumenter, med unntak etter §§ 18 a–18 d og 19',
      };
    return {
      eligibility: 'MANUAL_ASSESSMENT',
      legalBasis:
        'Forvaltningsloven § 18: partsinnsyn forutsetter at den som ber er part i saken (fvl. § 2 første ledd bokstav e)',
    };
  }
  // pbrl. § 5-1: the patient record.
  switch (f.relation) {
    case 'PATIENT':
      if (f.age !== null && f.age < 12)
        return {
          eligibility: 'NOT_ELIGIBLE',
          legalBasis:
            'Pasienten er under 12 år: foreldrene eller andre med foreldreansvar utøver innsynsretten (pbrl. § 5-1 fjerde ledd jf. § 3-4 første ledd)',
        };
      if (f.age !== null && f.age < 16)
        return {
          eligibility: 'MANUAL_ASSESSMENT',
          legalBasis:
            'Pasienten er 12–16 år: en viss selvstendig innsynsrett etter modenhet; foreldrene har innsyn med unntak av det barnet av grunner som bør respekteres ikke vil at de får (pbrl. §§ 5-1 og 3-4)',
        };
      return {
        eligibility: 'ELIGIBLE',
        legalBasis:
          'Pasient- og brukerrettighetsloven § 5-1 første ledd: pasienten har rett til innsyn i egen journal',
      };
    case 'PARENT':
      if (f.deceased) return nearestAfterDeath(f);
      if (f.age === null)
        return {
          eligibility: 'MANUAL_ASSESSMENT',
          legalBasis: 'Pasientens alder er ukjent: foreldres innsynsrett avhenger av alder (pbrl. § 3-4)',
        };
      if (f.age < 12)
        return {
          eligibility: 'ELIGIBLE',
          legalBasis:
            'Pasienten er under 12 år: foreldre med foreldreansvar har innsyn (pbrl. § 5-1 fjerde ledd jf. § 3-4 første ledd)',
        };
      if (f.age < 16)
        return {
          eligibility: 'ELIGIBLE_LIMITED',
          legalBasis:
            'Pasienten er 12–16 år: foreldrene har innsyn, men ikke i opplysninger barnet av grunner som bør respekteres ikke vil at de får (pbrl. § 5-1 fjerde ledd jf. § 3-4 andre ledd)',
        };
      if (f.lacksCapacity) return nearestWithoutCapacity();
      return f.consent
        ? WITH_CONSENT
        : {
            eligibility: 'CONSENT_REQUIRED',
            legalBasis:
              'Pasienten er fylt 16 år: innsynsretten er pasientens egen; foreldre får bare opplysninger nødvendige for foreldreansvaret (pbrl. § 3-4 tredje ledd) og ellers innsyn med samtykke (helsepersonelloven § 22)',
          };
    case 'GUARDIAN':
    case 'FUTURE_POWER_OF_ATTORNEY':
      if (f.deceased) return f.relation === 'GUARDIAN' ? nearestAfterDeath(f) : HPL24;
      if (f.lacksCapacity)
        return {
          eligibility: 'ELIGIBLE',
          legalBasis:
            f.relation === 'GUARDIAN'
              ? 'Verge med mandat som omfatter helseforhold representerer pasient uten samtykkekompetanse (vergemålsloven §§ 20–21; pbrl. § 5-1 tredje og fjerde ledd); kontroller vergefullmakten'
              : 'Stadfestet fremtidsfullmakt som omfatter helseforhold, for en pasient uten samtykkekompetanse (vergemålsloven §§ 78–80 og 84; pbrl. § 5-1 tredje ledd); kontroller stadfestelsen',
        };
      return f.consent ? WITH_CONSENT : CONSENT;
    case 'NEAREST_RELATIVE':
      if (f.deceased) return nearestAfterDeath(f);
      if (f.lacksCapacity) return nearestWithoutCapacity();
      return f.consent ? WITH_CONSENT : CONSENT;
    case 'OTHER_RELATIVE':
    case 'THIRD_PARTY':
      if (f.deceased) return HPL24;
      return f.consent ? WITH_CONSENT : CONSENT;
  }
  return { eligibility: 'MANUAL_ASSESSMENT', legalBasis: 'Ukjent relasjon' };
}

function nearestWithoutCapacity(): Decision {
  return {
    eligibility: 'ELIGIBLE',
    legalBasis:
      'Pasienten mangler samtykkekompetanse: nærmeste pårørende har egen rett til innsyn ved siden av pasienten (pbrl. § 5-1 fjerde ledd jf. § 3-3 første ledd)',
  };
}

function nearestAfterDeath(f: EligibilityFacts): Decision {
  const check = f.relativeCheck?.check ?? 'UNVERIFIED';
  const base =
    'Pasient- og brukerrettighetsloven § 5-1 femte ledd: nærmeste pårørende har rett til innsyn etter pasientens død, med mindre særlige grunner taler mot det';
  if (check === 'CONTRADICTED')
    return {
      eligibility: 'MANUAL_ASSESSMENT',
      legalBasis: `Ikke nærmeste pårørende etter registeret (${f.relativeCheck!.note}); andre behandles etter helsepersonelloven § 24 første ledd`,
    };
  if (check === 'VERIFIED') return { eligibility: 'ELIGIBLE', legalBasis: base };
  return {
    eligibility: 'ELIGIBLE',
    legalBasis: `${base}. Ikke kontrollert mot registrerte pårørende: ${f.relativeCheck?.note ?? 'uverifisert'}`,
  };
}

/** The appeal route of a decision, by request type. */
export function appealRoute(type: RequestType): string {
  if (type === 'OFFENTLEGLOVA')
    return 'Avslag kan påklages etter offentleglova § 32 første ledd; for kommunen er Statsforvalteren klageinstans. Klagefrist tre uker (forvaltningsloven § 29 jf. offentleglova § 32 tredje ledd). Klagen sendes til organet som avgjorde kravet.';
  if (type === 'FORVALTNINGSLOVEN_18')
    return 'Avslag på partsinnsyn kan påklages etter forvaltningsloven § 21 andre ledd til klageinstansen for saken (Statsforvalteren der den er klageinstans). Klagefrist tre uker (forvaltningsloven § 29).';
  return 'Avgjørelsen kan påklages til Statsforvalteren (pasient- og brukerrettighetsloven § 7-2). Klagefrist fire uker (§ 7-5). Klagen sendes til virksomheten som avgjorde saken.';
}

/** Klasse the new saksmappe goes into (klasseID), when the archive has one. */
export const ACCESS_REQUEST_KLASSE = () => accessRequestSettings().klasse;

export interface WithheldItem {
  item: string;
  ground: WithheldGround;
  /** The ground's rule text with its source, and the caseworker's own words for OTHER. */
  groundText: string;
}

export interface AccessRequestRow {
  saksmappe_id: string;
  mappe_id: string;
  patient_id: string;
  /** Null: filed under the patient record id alone (a person known only by an H-nummer, migration 026). */
  patient_national_id: string | null;
  patient_deceased_on: string | null;
  patient_birth_date: string | null;
  patient_age_at_receipt: number | null;
  patient_lacks_capacity: boolean;
  patient_consent: boolean;
  request_type: RequestType;
  requester_name: string;
  requester_national_id: string | null;
  requester_kinship: Kinship | null;
  legal_interest: string | null;
  relation: Relation;
  received_at: Date;
  received_on: string;
  deadline: string;
  original_deadline: string | null;
  deadline_rule: string | null;
  extension_notice_on: string | null;
  extension_reasons: string | null;
  extension_months: number | null;
  eligibility: Eligibility;
  legal_basis: string;
  relative_check: RelativeCheck;
  relative_check_note: string | null;
  facts_source: string | null;
  incoming_journalpost_id: string | null;
  reply_journalpost_id: string | null;
  outcome: Outcome | null;
  withheld: WithheldItem[];
  outcome_reasons: string | null;
  appeal_route: string | null;
  handed_out: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  /** The responsible case handler (Noark 5 saksansvarlig), a user id: the registering caller until handed over. */
  saksansvarlig: string;
  /** A consent recorded after the request (recordAccessRequestConsent, migration 034); null when none, or given with the letter. */
  consent_given_on: string | null;
  consent_recorded_by: string | null;
  consent_recorded_at: Date | null;
  consent_journalpost_id: string | null;
}

const SELECT = `SELECT a.*, s.mappe_id FROM archive.access_request a JOIN archive.saksmappe s ON s.id = a.saksmappe_id`;

export class AccessRequestError extends Error {}

/**
 * The facts a decision rests on: the registered ones (journal room) where they exist,
 * the caseworker's where not (and said so). A stated date of death that contradicts the
 * registered one is refused, and so is a request from the patient registered as deceased.
 * Neither refusal names the registered date (pasientjournalloven § 22: the request is not
 * registered, so the caller may not reach the patient; the case handler reads the date once
 * the request is registered and the patient in reach); the resolver logs the refusal under
 * the patient (pasientjournalforskriften § 14).
 */
export function settleFacts(
  input: AccessRequestInput,
  registered: RegisteredFacts | null,
  receivedOn: string,
) {
  const notes: string[] = [];
  if (input.relation === 'PATIENT' && registered?.deathDate && registered.deathDate <= receivedOn)
    throw new AccessRequestError(
      'the patient is registered as deceased before the request was received: the request is from someone else',
    );
  let deceasedOn = input.patientDeceasedOn ?? null;
  if (registered?.deathDate) {
    if (deceasedOn && deceasedOn !== registered.deathDate)
      throw new AccessRequestError(
        `patientDeceasedOn ${deceasedOn} differs from the registered date of death`,
      );
    if (registered.deathDate <= receivedOn) deceasedOn = registered.deathDate;
    notes.push('dødsdato fra journalen');
  } else if (deceasedOn) notes.push('dødsdato oppgitt av saksbehandler (ikke registrert i journalen)');
  let birthDate = registered?.birthDate ?? null;
  if (birthDate) notes.push('fødselsdato fra journalen');
  else if (input.patientBirthDate) {
    birthDate = input.patientBirthDate;
    notes.push('fødselsdato oppgitt av saksbehandler');
  } else if (input.patientNationalId) {
    const p = parseNationalId(input.patientNationalId);
    if (!('error' in p)) {
      birthDate = p.birthDate;
      notes.push('fødselsdato fra fødselsnummeret');
    }
  }
  if (!registered) notes.push('journalen ikke tilgjengelig');
  else if (!registered.found) notes.push('pasienten ikke funnet i journalen');
  const age = birthDate ? ageOn(birthDate, deceasedOn ?? receivedOn) : null;
  return { deceasedOn, birthDate, age, source: notes.join('; ') };
}

async function nextJournalpost(
  tx: Queryable,
  saksmappeId: string,
  mappeId: string,
  journaldato: string,
  jp: {
    type: 'Inngående dokument' | 'Utgående dokument';
    status: string;
    tittel: string;
    offentligTittel: string;
    dokumentetsDato: string;
    party: { type: 'Avsender' | 'Mottaker'; name: string };
    by: string;
    /** Noark 5 M104: when an incoming document was received (xs:dateTime with its offset). */
    mottattDato?: string;
  },
): Promise<string> {
  const year = Number(journaldato.slice(0, 4));
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`archive:journal:${year}`]);
  const seq = (
    await tx.query<{ n: number }>(
      'SELECT COALESCE(MAX(journalsekvensnummer), 0) + 1 AS n FROM archive.journalpost WHERE journalaar = $1',
      [year],
    )
  ).rows[0]!.n;
  const nr = (
    await tx.query<{ n: number }>(
      'SELECT COALESCE(MAX(journalpostnummer), 0) + 1 AS n FROM archive.journalpost WHERE saksmappe_id = $1',
      [saksmappeId],
    )
  ).rows[0]!.n;
  const id = randomUUID();
  const now = new Date().toISOString();
  await tx.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, registrerings_id, journalaar, journalsekvensnummer,
       journalpostnummer, journalposttype, journalstatus, journaldato, dokumentets_dato, tittel, offentlig_tittel, fields, complex)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      id,
      saksmappeId,
      nr - 1,
      `${mappeId}-${nr}`,
      year,
      seq,
      nr,
      jp.type,
      jp.status,
      journaldato,
      jp.dokumentetsDato,
      jp.tittel,
      jp.offentligTittel,
      JSON.stringify({
        opprettetDato: [now],
        opprettetAv: [jp.by],
        ...(jp.mottattDato ? { mottattDato: [jp.mottattDato] } : {}),
      }),
      JSON.stringify({
        korrespondansepart: [
          { korrespondanseparttype: [jp.party.type], korrespondansepartNavn: [jp.party.name] },
        ],
        skjerming: [
          {
            tilgangsrestriksjon: ['Unntatt offentlighet'],
            skjermingshjemmel: ['Offl. § 13 jf. fvl. § 13 (1) nr.1'],
            skjermingMetadata: [
              'Skjerming tittel registrering - utvalgte ord',
              jp.party.type === 'Avsender' ? 'Skjerming navn avsender' : 'Skjerming navn mottaker',
            ],
          },
        ],
      }),
    ],
  );
  return id;
}

export async function registerAccessRequest(
  db: Db,
  input: AccessRequestInput,
  registeredBy: string,
  registered: RegisteredFacts | null,
): Promise<AccessRequestRow> {
  const receivedOn = osloDate(new Date(input.receivedAt));
  const requestType: RequestType = input.requestType ?? 'PBRL_5_1';
  const facts = settleFacts(input, registered, receivedOn);
  // pbrl. § 5-1 femte ledd (after death) and fjerde ledd with § 3-3 (a patient without capacity)
  // give the nearest relative of pbrl. § 1-3 b a right of their own; the one the patient named is
  // the nearest relative. Filed as another relative or a third party, the requester the journal
  // registers as that one got hpl. § 24's discretionary assessment (or consent) instead, a
  // decision that cannot be appealed to Statsforvalteren under pbrl. § 7-2 (review s43, case 1).
  if (
    requestType === 'PBRL_5_1' &&
    (input.relation === 'OTHER_RELATIVE' || input.relation === 'THIRD_PARTY') &&
    input.requesterNationalId &&
    registered?.found &&
    registered.relatives.some(
      (r) =>
        r.nearestRelative &&
        r.nationalId === input.requesterNationalId &&
        // Only a registration in force then (pbrl. § 1-3 b): an ex-spouse files as another relative.
        inForceAt(r, facts.deceasedOn ?? input.receivedAt),
    )
  )
    throw new AccessRequestError(
      `the requester is registered as the patient's nearest relative (pbrl. § 1-3 b): use relation NEAREST_RELATIVE (pbrl. § 5-1), not ${input.relation}`,
    );
  const { deadline, rule } = deadlineFor(requestType, receivedOn);
  const deceased = Boolean(facts.deceasedOn);
  const needsRelativeCheck =
    deceased &&
    ['NEAREST_RELATIVE', 'PARENT', 'GUARDIAN'].includes(input.relation) &&
    requestType === 'PBRL_5_1';
  const kinship =
    input.requesterKinship ??
    (input.relation === 'PARENT'
      ? 'PARENT'
      : input.relation === 'GUARDIAN'
        ? 'GUARDIAN_OR_FUTURE_POWER_OF_ATTORNEY'
        : null);
  const relativeCheck = needsRelativeCheck
    ? checkNearestRelative(
        registered && registered.found ? registered.relatives : null,
        input.requesterNationalId,
        kinship,
        input.requesterName,
        // At the death (pbrl. § 5-1 femte ledd); for a living patient at the request's receipt.
        facts.deceasedOn ?? input.receivedAt,
      )
    : { check: 'NOT_APPLICABLE' as const, note: null };
  const { eligibility, legalBasis } = decideEligibility({
    relation: input.relation,
    requestType,
    deceased,
    age: facts.age,
    lacksCapacity: Boolean(input.patientLacksCapacity),
    consent: Boolean(input.patientConsent),
    relativeCheck: needsRelativeCheck ? (relativeCheck as RelativeVerdict) : undefined,
  });
  const year = Number(receivedOn.slice(0, 4));
  const id = randomUUID();
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    // The person of the record held first: a link, unlink or import link of it waits, or is waited
    // for, so the case is indexed under the person as it stands after it (open-requests.ts).
    await lockRequestPatient(tx, input.patientId);
    // One letter is one case (Noark 5: a document is journaled once): the same requester's request
    // for the same patient, received at the same time and still open, registered again (a retried
    // mutation, a second case handler) made a second case with its own reply, deadline and count in
    // the statistics (review s43, case 1). Checked under a lock per patient, so two at once are one.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `archive:access-request:${input.patientId}`,
    ]);
    const same = (
      await tx.query<{ mappe_id: string }>(
        `SELECT s.mappe_id FROM archive.access_request a JOIN archive.saksmappe s ON s.id = a.saksmappe_id
          WHERE a.patient_id = $1 AND a.received_at = $2::timestamptz AND a.request_type = $3 AND a.closed_at IS NULL
            AND CASE WHEN $4::text IS NOT NULL THEN a.requester_national_id = $4
                     ELSE a.requester_national_id IS NULL AND lower(a.requester_name) = lower($5) END
          ORDER BY s.mappe_id LIMIT 1`,
        [
          input.patientId,
          input.receivedAt,
          requestType,
          input.requesterNationalId ?? null,
          input.requesterName,
        ],
      )
    ).rows[0];
    if (same)
      throw new AccessRequestError(
        `this request is already registered as ${same.mappe_id} (the same requester, patient and time of receipt, still open): one letter is one case`,
      );
    // One case number at a time per year.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`archive:saksnummer:${year}`]);
    const seq = (
      await tx.query<{ n: number }>(
        'SELECT COALESCE(MAX(sakssekvensnummer), 0) + 1 AS n FROM archive.saksmappe WHERE saksaar = $1',
        [year],
      )
    ).rows[0]!.n;
    // The klasse of that klasseID in an arkivdel open for new cases first: Noark 5
    // periodisering, an arkivdel whose period is closed ("Avsluttet periode", avsluttetDato) or
    // that holds cases no longer current ("Uaktuelle mapper") takes no new mapper. The previous
    // period's arkivnøkkel has the same klasseIDs; taken by klasseID alone, a request was filed
    // in the closed (deposited) arkivdel (found in review s32). "Aktiv periode" before an
    // "Overlappingsperiode". Where no open arkivdel has the klasse (an archive holding only a
    // closed extract), a closed one's is still taken: a case without a klasse is in no deposit.
    const klasse = (
      await tx.query<{ id: string }>(
        `SELECT k.id FROM archive.klasse k
           JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id
           JOIN archive.arkivdel d ON d.id = ks.arkivdel_id
          WHERE k.klasse_id = $1
          ORDER BY (coalesce(d.fields->'arkivdelstatus'->>0, '') IN ('Avsluttet periode', 'Uaktuelle mapper')
                    OR d.fields ? 'avsluttetDato'),
                   (coalesce(d.fields->'arkivdelstatus'->>0, '') = 'Aktiv periode') DESC, k.id
          LIMIT 1`,
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
        // No partID without a national id: Noark 5 partID (M010) is optional, and every
        // reader of archive.part takes part_id for a national id; the record id is internal to
        // the journal and the H-nummer names the person within one institution only.
        part_id: input.patientNationalId ?? null,
        part_navn: input.patientName ?? (input.relation === 'PATIENT' ? input.requesterName : 'Pasienten'),
        part_rolle: 'Klient',
      },
    ];
    if (input.relation !== 'PATIENT')
      parts.push({
        part_id: input.requesterNationalId ?? null,
        part_navn: input.requesterName,
        part_rolle:
          input.relation === 'PUBLIC' || input.relation === 'THIRD_PARTY' ? 'Innsynskrevende' : 'Pårørende',
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
    // The request itself: an incoming journalpost, registered today, dated as the letter is
    // (Noark 5 M103 dokumentetsDato), else the day it came (review s43, case 1: the date on the
    // letter was not kept, and the deposit dated the son's letter the day it was received).
    const incoming = await nextJournalpost(tx, id, mappeId, osloDate(new Date()), {
      type: 'Inngående dokument',
      status: 'Journalført',
      tittel: `Begjæring om innsyn – ${input.requesterName}`,
      offentligTittel: 'Begjæring om innsyn – *****',
      dokumentetsDato: input.letterDate ?? receivedOn,
      party: { type: 'Avsender', name: input.requesterName },
      by: registeredBy,
      // Noark 5 M104: the time of receipt, which the deadline runs from (GDPR art. 12 nr. 3,
      // domstolloven § 148), kept in the case archive and its deposit, not only in
      // archive.access_request (review s43, case 1: the deposited request said only that a letter
      // was dated the day it came).
      mottattDato: input.receivedAt,
    });
    await tx.query(
      `INSERT INTO archive.access_request (saksmappe_id, patient_id, patient_national_id, patient_deceased_on, requester_name,
         requester_national_id, relation, received_at, received_on, deadline, eligibility, legal_basis, registered_by,
         request_type, requester_kinship, patient_birth_date, patient_age_at_receipt, patient_lacks_capacity, patient_consent,
         legal_interest, relative_check, relative_check_note, facts_source, deadline_rule, original_deadline, incoming_journalpost_id,
         saksansvarlig)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $10, $25, $13)`,
      [
        id,
        input.patientId,
        input.patientNationalId ?? null,
        facts.deceasedOn,
        input.requesterName,
        input.requesterNationalId ?? null,
        input.relation,
        input.receivedAt,
        receivedOn,
        deadline,
        eligibility,
        legalBasis,
        registeredBy,
        requestType,
        input.requesterKinship ?? null,
        facts.birthDate,
        facts.age,
        Boolean(input.patientLacksCapacity),
        Boolean(input.patientConsent),
        input.legalInterest ?? null,
        relativeCheck.check,
        relativeCheck.note,
        facts.source,
        rule,
        incoming,
      ],
    );
  });
  return (await accessRequestById(db, id))!;
}

export async function accessRequestById(
  db: Queryable,
  saksmappeId: string,
): Promise<AccessRequestRow | null> {
  return (
    (await db.query<AccessRequestRow>(`${SELECT} WHERE a.saksmappe_id = $1`, [saksmappeId])).rows[0] ?? null
  );
}

export async function openAccessRequests(db: Db): Promise<AccessRequestRow[]> {
  return (
    await db.query<AccessRequestRow>(`${SELECT} WHERE a.closed_at IS NULL ORDER BY a.deadline, s.mappe_id`)
  ).rows;
}

export const ExtensionInput = z.object({
  saksmappeId: z.string().min(1),
  months: z.number().int().min(1, 'must be 1 or 2').max(2, 'at most two further months (GDPR art. 12 nr. 3)'),
  reasons: reasonText(10, 'a reasoned notice needs the reasons (at least 10 characters)'),
  noticeSentOn: isoDate,
});
export type ExtensionInput = z.infer<typeof ExtensionInput>;

/**
 * Extends a pbrl. § 5-1 request by one or two months (personvernforordningen art. 12 nr. 3):
 * only with a reasoned notice sent within the first month (on or before the original
 * deadline), once, and recorded as an outgoing journalpost with its date.
 */
export async function extendAccessRequest(db: Db, e: ExtensionInput, by: string): Promise<AccessRequestRow> {
  const r = await accessRequestById(db, e.saksmappeId);
  if (!r || r.closed_at)
    throw new AccessRequestError(`no open access request with saksmappe ${e.saksmappeId}`);
  if (r.request_type !== 'PBRL_5_1')
    throw new AccessRequestError(
      `a ${r.request_type} request has no extension: ${r.request_type === 'OFFENTLEGLOVA' ? 'offentleglova § 32 counts it as refused after five working days' : 'forvaltningsloven § 11 a asks for a preliminary reply instead'}`,
    );
  if (r.extension_notice_on) throw new AccessRequestError('the deadline has already been extended once');
  const first = r.original_deadline ?? r.deadline;
  if (e.noticeSentOn < r.received_on)
    throw new AccessRequestError('noticeSentOn is before the request was received');
  if (e.noticeSentOn > first)
    throw new AccessRequestError(
      `the notice of extension must be given within the first month (by ${first}, GDPR art. 12 nr. 3); ${e.noticeSentOn} is too late`,
    );
  if (e.noticeSentOn > osloDate(new Date())) throw new AccessRequestError('noticeSentOn is in the future');
  const base = deadlineMonths();
  const deadline = deadlineInMonths(r.received_on, base + e.months);
  await db.transaction(async (tx) => {
    // Held while it is extended, and checked again (as closeAccessRequest holds it): two extensions
    // at once both passed the check above, both filed a notice, and the later replaced the
    // earlier's months, reasons and author (review s45). Once, and only while open
    // (personvernforordningen art. 12 nr. 3).
    const now = (
      await tx.query<{ closed_at: Date | null; extension_notice_on: string | null }>(
        'SELECT closed_at, extension_notice_on FROM archive.access_request WHERE saksmappe_id = $1 FOR UPDATE',
        [r.saksmappe_id],
      )
    ).rows[0];
    if (!now || now.closed_at)
      throw new AccessRequestError(`no open access request with saksmappe ${e.saksmappeId}`);
    if (now.extension_notice_on) throw new AccessRequestError('the deadline has already been extended once');
    await nextJournalpost(tx, r.saksmappe_id, r.mappe_id, osloDate(new Date()), {
      type: 'Utgående dokument',
      status: 'Ekspedert',
      tittel: `Melding om forlenget svarfrist – ${r.requester_name}`,
      offentligTittel: 'Melding om forlenget svarfrist – *****',
      dokumentetsDato: e.noticeSentOn,
      party: { type: 'Mottaker', name: r.requester_name },
      by,
    });
    await tx.query(
      `UPDATE archive.access_request SET deadline = $2, extension_notice_on = $3, extension_reasons = $4, extension_months = $5,
         extended_by = $6 WHERE saksmappe_id = $1`,
      [r.saksmappe_id, deadline, e.noticeSentOn, e.reasons, e.months, by],
    );
  });
  return (await accessRequestById(db, r.saksmappe_id))!;
}

/** AccessRequest.consent: the journalpost is resolved by id, through the caller's reach. */
export interface AccessConsentOut {
  givenOn: string;
  recordedBy: string;
  recordedAt: string;
  journalpostId: string | null;
}

export const ConsentInput = z.object({
  saksmappeId: z.string().trim().min(1, 'is required'),
  /** The day the patient gave the consent (the date on it), local calendar date. */
  givenOn: isoDate,
});
export type ConsentInput = z.infer<typeof ConsentInput>;

/**
 * Records the patient's consent on an open CONSENT_REQUIRED request (helsepersonelloven § 22
 * første ledd: while the patient lives, another person gets access only with the patient's
 * consent; pbrl. § 3-4 tredje ledd for the parents of a 16–18-year-old). Consent given with the
 * letter is registered with it (patientConsent); this is the one that arrives later, for which
 * re-registering the letter is refused (one letter is one case) and closing it granted is refused
 * until consent is recorded (s44). In one transaction: the consent is filed as an incoming
 * journalpost (I) of the case dated by itself (Noark 5 M103), the request records the date, who
 * recorded it and when, and its eligibility is decided again with the consent (decideEligibility:
 * ELIGIBLE, WITH_CONSENT), the one it replaces kept beside it. Once only; not on a closed request,
 * one that is not CONSENT_REQUIRED, or with a date in the future (AccessRequestError).
 */
export async function recordAccessRequestConsent(
  db: Db,
  c: ConsentInput,
  by: string,
  at = new Date(),
): Promise<AccessRequestRow> {
  if (c.givenOn > osloDate(at)) throw new AccessRequestError('givenOn is in the future');
  await db.transaction(async (tx) => {
    const r = (
      await tx.query<AccessRequestRow>(`${SELECT} WHERE a.saksmappe_id = $1 FOR UPDATE OF a`, [c.saksmappeId])
    ).rows[0];
    if (!r || r.closed_at)
      throw new AccessRequestError(`no open access request with saksmappe ${c.saksmappeId}`);
    if (r.eligibility !== 'CONSENT_REQUIRED')
      throw new AccessRequestError(
        `access request ${r.mappe_id} is ${r.eligibility}, not CONSENT_REQUIRED: ${r.patient_consent ? 'its consent is already recorded' : 'its access does not rest on the patient’s consent'}`,
      );
    const decided = decideEligibility({
      relation: r.relation,
      requestType: r.request_type,
      deceased: Boolean(r.patient_deceased_on),
      age: r.patient_age_at_receipt,
      lacksCapacity: r.patient_lacks_capacity,
      consent: true,
    });
    const klient =
      (
        await tx.query<{ part_navn: string }>(
          `SELECT part_navn FROM archive.part WHERE saksmappe_id = $1 AND part_rolle = 'Klient' ORDER BY ordinal LIMIT 1`,
          [r.saksmappe_id],
        )
      ).rows[0]?.part_navn ?? 'Pasienten';
    const jp = await nextJournalpost(tx, r.saksmappe_id, r.mappe_id, osloDate(at), {
      type: 'Inngående dokument',
      status: 'Journalført',
      tittel: `Samtykke til innsyn – ${r.requester_name}`,
      offentligTittel: 'Samtykke til innsyn – *****',
      dokumentetsDato: c.givenOn,
      // The consent is the patient's: its sender is the case's Klient, screened as the request is.
      party: { type: 'Avsender', name: klient },
      by,
    });
    await tx.query(
      `UPDATE archive.access_request
          SET patient_consent = true, consent_given_on = $2, consent_recorded_by = $3, consent_recorded_at = $4,
              consent_journalpost_id = $5, eligibility_before_consent = eligibility, legal_basis_before_consent = legal_basis,
              eligibility = $6, legal_basis = $7
        WHERE saksmappe_id = $1`,
      [r.saksmappe_id, c.givenOn, by, at, jp, decided.eligibility, decided.legalBasis],
    );
  });
  return (await accessRequestById(db, c.saksmappeId))!;
}

export const CloseInput = z
  .object({
    outcome: z.enum(OUTCOMES),
    withheld: z
      .array(
        z.object({
          item: reasonText(1, 'name the withheld item'),
          ground: z.enum(Object.keys(WITHHELD_GROUNDS) as [WithheldGround, ...WithheldGround[]]),
          groundText: reasonText().nullish(),
        }),
      )
      .default([]),
    reasons: reasonText().nullish(),
    handedOut: reasonText().nullish(),
    repliedOn: isoDate.nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.outcome === 'GRANTED' && v.withheld.length)
      issue('withheld', 'a granted request withholds nothing');
    if (v.outcome !== 'GRANTED' && !v.withheld.length)
      issue('withheld', 'a partly granted or refused request names each withheld item and its ground');
    if (v.outcome !== 'GRANTED' && !v.reasons)
      issue('reasons', 'a partly granted or refused request gives its reasons (forvaltningsloven §§ 24–25)');
    if (v.outcome !== 'REFUSED' && !v.handedOut) issue('handedOut', 'say what was handed out');
    v.withheld.forEach((w, i) => {
      if (w.ground === 'OTHER' && !w.groundText)
        ctx.addIssue({
          code: 'custom',
          path: ['withheld', i, 'groundText'],
          message: 'ground OTHER needs its text',
        });
    });
  });
export type CloseInput = z.infer<typeof CloseInput>;

const OUTCOME_TEXT: Record<Outcome, string> = {
  GRANTED: 'innvilget',
  PARTLY_GRANTED: 'delvis innvilget',
  REFUSED: 'avslått',
};

/**
 * Closes an access-request case with its outcome: the reply goes out as an outgoing
 * journalpost (U), the saksmappe gets saksstatus "Avsluttet" with avsluttetDato /
 * avsluttetAv, and the outcome, withheld items with grounds, reasons, appeal route and what
 * was handed out are stored. Null when there is no open request with that saksmappe id.
 */
export async function closeAccessRequest(
  db: Db,
  saksmappeId: string,
  decision: CloseInput,
  closedBy: string,
  at = new Date(),
): Promise<AccessRequestRow | null> {
  const r = await accessRequestById(db, saksmappeId);
  if (!r || r.closed_at) return null;
  // A ground is one the law gives for this request (review s43, case 1). pbrl. § 5-1 andre ledd
  // (danger to the patient's own life or health) protects a living patient from their own record;
  // after death the nearest relative's access yields only to special reasons (§ 5-1 femte ledd),
  // which in turn are no ground while the patient lived.
  for (const w of decision.withheld) {
    if (w.ground === 'DANGER_TO_PATIENT' && r.patient_deceased_on)
      throw new AccessRequestError(
        `withheld ground DANGER_TO_PATIENT (pbrl. § 5-1 andre ledd) does not apply: the patient was deceased (${r.patient_deceased_on}) when the request was received; after death, SPECIAL_REASONS_AFTER_DEATH (pbrl. § 5-1 femte ledd)`,
      );
    if (w.ground === 'SPECIAL_REASONS_AFTER_DEATH' && !r.patient_deceased_on)
      throw new AccessRequestError(
        'withheld ground SPECIAL_REASONS_AFTER_DEATH (pbrl. § 5-1 femte ledd) applies only after the patient’s death, and the patient was not deceased when the request was received',
      );
  }
  // NOT_ELIGIBLE: the law gives this requester no access to the journal (the public, pbrl. § 5-1
  // read with helsepersonelloven § 21; a child under 12, whose parents exercise the right, § 5-1
  // fjerde ledd with § 3-4): handing anything out breaches the duty of confidentiality, so the
  // request is refused, or registered anew on another footing (review s43, case 1: a journalist's
  // request for the deceased's journal was closed GRANTED).
  if (r.eligibility === 'NOT_ELIGIBLE' && decision.outcome !== 'REFUSED')
    throw new AccessRequestError(
      `access request ${r.mappe_id} is NOT_ELIGIBLE (${r.legal_basis}): nothing of the journal may be handed out (helsepersonelloven § 21), so it is closed REFUSED, not ${decision.outcome}`,
    );
  // CONSENT_REQUIRED: the patient lives, and anyone else gets access only with the patient's
  // consent (helsepersonelloven § 22 første ledd; pbrl. § 3-4 tredje ledd for the parents of a
  // 16–18-year-old). Without it recorded nothing of the journal is the requester's: the request is
  // closed REFUSED, or registered with the consent once the patient has given it (patientConsent:
  // then ELIGIBLE, WITH_CONSENT). Review s43, case 1: such a request was closed GRANTED.
  if (r.eligibility === 'CONSENT_REQUIRED' && decision.outcome !== 'REFUSED')
    throw new AccessRequestError(
      `access request ${r.mappe_id} is CONSENT_REQUIRED (${r.legal_basis}): consent must be recorded first (patientConsent, which makes the request ELIGIBLE), since while the patient lives another person gets access only with the patient's consent (helsepersonelloven § 22 første ledd); without it the request is closed REFUSED, not ${decision.outcome}`,
    );
  const withheld: WithheldItem[] = decision.withheld.map((w) => ({
    item: w.item,
    ground: w.ground,
    groundText: w.groundText ? `${WITHHELD_GROUNDS[w.ground]}: ${w.groundText}` : WITHHELD_GROUNDS[w.ground],
  }));
  const repliedOn = decision.repliedOn ?? osloDate(at);
  if (repliedOn < r.received_on) throw new AccessRequestError('repliedOn is before the request was received');
  const closed = await db.transaction(async (tx) => {
    const lock = await tx.query(
      'SELECT 1 FROM archive.access_request WHERE saksmappe_id = $1 AND closed_at IS NULL FOR UPDATE',
      [saksmappeId],
    );
    if (lock.rows.length === 0) return false;
    const reply = await nextJournalpost(tx, saksmappeId, r.mappe_id, osloDate(at), {
      type: 'Utgående dokument',
      status: 'Ekspedert',
      tittel: `Svar på begjæring om innsyn – ${OUTCOME_TEXT[decision.outcome]} – ${r.requester_name}`,
      offentligTittel: `Svar på begjæring om innsyn – ${OUTCOME_TEXT[decision.outcome]} – *****`,
      dokumentetsDato: repliedOn,
      party: { type: 'Mottaker', name: r.requester_name },
      by: closedBy,
    });
    await tx.query(
      `UPDATE archive.access_request SET closed_at = $2, closed_by = $3, outcome = $4, withheld = $5, outcome_reasons = $6,
         appeal_route = $7, handed_out = $8, reply_journalpost_id = $9 WHERE saksmappe_id = $1`,
      [
        saksmappeId,
        at,
        closedBy,
        decision.outcome,
        JSON.stringify(withheld),
        decision.reasons ?? null,
        appealRoute(r.request_type),
        decision.handedOut ?? null,
        reply,
      ],
    );
    // The replaced case row is kept (archive.record_version) naming who closed it and why.
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', 'access request closed', true)`,
      [closedBy],
    );
    await tx.query(
      `UPDATE archive.saksmappe SET saksstatus = 'Avsluttet',
         fields = fields || jsonb_build_object('avsluttetDato', jsonb_build_array($2::text), 'avsluttetAv', jsonb_build_array($3::text))
       WHERE id = $1`,
      [saksmappeId, at.toISOString(), closedBy],
    );
    return true;
  });
  if (!closed) return null;
  return accessRequestById(db, saksmappeId);
}

export const HandOverInput = z.object({
  saksmappeId: z.string().trim().min(1, 'is required'),
  saksansvarlig: z
    .string()
    .trim()
    .min(1, 'name the case handler who takes the request over (their user id)')
    .max(256, 'at most 256 characters')
    // Written into the case and the deposit's XML, where control characters are not allowed.
    .refine((v) => !/\p{Cc}/u.test(v), 'contains control characters'),
});
export type HandOverInput = z.infer<typeof HandOverInput>;

/**
 * Hands an open access request over to another case handler (saksansvarlig), e.g. during sick
 * leave (pasientjournalloven § 22 with helsepersonelloven § 21a: the reach of purpose
 * ACCESS_REQUEST follows the saksansvarlig). In one transaction: the request and its saksmappe
 * name the new saksansvarlig, the case gets a merknad of the handover (from whom, to whom, who
 * decided, when), and the rows replaced are kept in archive.record_version (migrations 011
 * and 019). An unknown case, a closed request, the present handler and a user id the archive
 * does not know as a case handler (archive.case_handler, migration 022: saksansvarlig of a
 * request, or signed in with an archivist token on purpose ACCESS_REQUEST) are refused
 * (AccessRequestError), with nothing changed.
 */
export async function handOverAccessRequest(
  db: Db,
  h: HandOverInput,
  by: string,
  at = new Date(),
): Promise<AccessRequestRow> {
  const from = await db.transaction(async (tx) => {
    const r = (
      await tx.query<{ saksansvarlig: string; closed_at: Date | null; mappe_id: string }>(
        `SELECT a.saksansvarlig, a.closed_at, s.mappe_id
           FROM archive.access_request a JOIN archive.saksmappe s ON s.id = a.saksmappe_id
          WHERE a.saksmappe_id = $1 FOR UPDATE OF a, s`,
        [h.saksmappeId],
      )
    ).rows[0];
    if (!r) throw new AccessRequestError(`no access request with saksmappe ${h.saksmappeId}`);
    if (r.closed_at)
      throw new AccessRequestError(
        `access request ${r.mappe_id} is closed: a closed case is not handed over`,
      );
    if (r.saksansvarlig === h.saksansvarlig)
      throw new AccessRequestError(`${h.saksansvarlig} is already saksansvarlig of this access request`);
    // Only to a known case handler (migration 022) who is not retired (migration 023): a name
    // nobody handles requests under left the request, and its patient's reach, with no one
    // (found in review); so did someone who has left.
    const refusal = await handoverRefusal(tx, h.saksansvarlig);
    if (refusal) throw new AccessRequestError(refusal);
    await tx.query(
      `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', 'access request handed over', true)`,
      [by],
    );
    await tx.query('UPDATE archive.access_request SET saksansvarlig = $2 WHERE saksmappe_id = $1', [
      h.saksmappeId,
      h.saksansvarlig,
    ]);
    const merknad = {
      merknadstekst: [`Saksansvarlig endret fra ${r.saksansvarlig} til ${h.saksansvarlig}`],
      merknadstype: ['Saksansvarlig endret'],
      merknadsdato: [at.toISOString()],
      merknadRegistrertAv: [by],
    };
    await tx.query(
      `UPDATE archive.saksmappe
          SET fields = COALESCE(fields, '{}'::jsonb) || jsonb_build_object('saksansvarlig', jsonb_build_array($2::text)),
              complex = COALESCE(complex, '{}'::jsonb)
                || jsonb_build_object('merknad', COALESCE(complex -> 'merknad', '[]'::jsonb) || jsonb_build_array($3::jsonb))
        WHERE id = $1`,
      [h.saksmappeId, h.saksansvarlig, JSON.stringify(merknad)],
    );
    return { saksansvarlig: r.saksansvarlig, mappeId: r.mappe_id };
  });
  // Who and which case, never the patient or the case's text.
  log.info(
    {
      accessRequest: h.saksmappeId,
      mappeId: from.mappeId,
      from: from.saksansvarlig,
      to: h.saksansvarlig,
      by,
    },
    'access request handed over',
  );
  return (await accessRequestById(db, h.saksmappeId))!;
}
