/**
 * Deposit to Norsk helsearkiv: the deposit list (avleveringsliste) in AVLXML.
 *
 * The law, as relied on here:
 * - Helsearkivforskriften (forskrift 18. mars 2016 nr. 268 om Norsk helsearkiv og
 *   Helsearkivregisteret) § 2 a: the register is to receive and secure patient archives from
 *   the specialist health service; § 3: it holds information on deceased patients who received
 *   health care from the specialist health service. Text read: lovdata.no FOR-2016-03-18-268,
 *   §§ 1–4.
 * - When: ten years after the patient's death (DOMAIN.md "Deposit", citing
 *   helsearkivforskriften; the section that sets the ten years was not in the text read, so it
 *   is not named here). A patient is listed when the date of death is on or before the as-of
 *   date minus ten years (PostgreSQL's interval arithmetic: as of 2026-02-28 the limit is
 *   2016-02-28, so a death on 29 February 2016 is listed from 1 March 2026). A patient with no
 *   date of death is never listed.
 * - What: one `pasientjournal` per patient and submitting body (DOMAIN.md; AVLXML v3,
 *   `avlxml.xsd` in the shared standards folder, not copied into this repository).
 *
 * Specialist or municipal: the journal cannot tell. Helseplattformen is shared by the hospitals
 * and the municipalities, and its notes and care contacts carry only a service text (the
 * document's category, the encounter's serviceType), no organisation or unit that would say
 * which of them wrote it. Gerica and Profil are the municipalities' care systems. So the
 * deposit takes the Helseplattformen notes and care contacts (`SPECIALIST_SOURCE_SYSTEMS`),
 * stated as such in the README: a stand-in, not the rule, until the import keeps the unit.
 *
 * Left out and counted with the reason (nothing is left out silently): a patient under legal
 * hold or with an open complaint matter (`lib/policy/legal-hold.ts` `deletionHolds`: the record
 * must stay where it can be produced as evidence); a patient with an open record case under
 * helsepersonelloven § 43 (deletion) or § 44 (a note on the wrong patient), which would change
 * the record after it is deposited; a patient without a birth date (`fodtdato` is mandatory).
 *
 * A person known by an FH-nummer (felles hjelpenummer, lib/national-id.ts) and by no
 * fødselsnummer or D-number: AVLXML's `fodselsnummer` (avlxml-mdk.xsd, OID
 * 2.16.578.1.39.100.1.3001.13) is "fødselsnummer eller annet entydig identifikasjonsnummer,
 * eventuelle virksomhetsinterne pasientnummer eller hjelpenummer mv.", a string with no kind, so
 * the FH-nummer is written there and the `merknad` says it is one (`fhNumberNote`): written bare
 * it was read as a fødselsnummer (task identity, stop 34). A fødselsnummer or D-number of any of
 * the person's records is written before an FH-nummer.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../../lib/db';
import { parsePersonId } from '../../lib/national-id';
import { deletionHolds } from '../../lib/policy/legal-hold';

/** The source systems whose records are taken as the specialist health service's (see header). */
export const SPECIALIST_SOURCE_SYSTEMS = ['HELSEPLATTFORMEN'] as const;

/** The schema files of the deposit list, all in one folder. */
export const AVLXML_SCHEMA = 'avlxml.xsd';
export const AVLXML_SCHEMA_IMPORTS = ['avlxml-mdk.xsd', 'avlsup.xsd', 'avlsup-mdk.xsd'];
export const AVLXML_FILE = 'avlxml.xml';

export type LeftOutReason = 'legal-hold' | 'open-complaint' | 'open-record-case' | 'no-birth-date';

export interface DepositAgreement {
  /** avtaleidentifikator, e.g. 2026.4 (digits separated by dots). */
  id: string;
  /** avtaledato, YYYY-MM-DD. */
  date: string;
  /** virksomhetsnavn (also the arkivskaper). */
  orgName: string;
  /** organisasjonsnummer, 9 digits. */
  orgNumber: string;
}

export interface DepositJournal {
  /** The person's primary record (journalidentifikator): see `primaryRecord`. */
  patientId: string;
  nationalId: string | null;
  familyName: string;
  givenName: string;
  birthDate: string;
  deathDate: string;
  deathDateCertain: boolean | null;
  gender: string | null;
  firstContact: string;
  lastContact: string;
  entries: number;
  /** The person's other records (linked, journal.patient_link), with the national id each carries. */
  linked: { patientId: string; nationalId: string | null }[];
  /**
   * The organisasjonsnummer of the organisation that holds these contacts, as the source names
   * it (journal migration 019), or null when it names none: the submitting body given on the
   * command line.
   */
  organisation: string | null;
  organisationName: string | null;
}

export interface DepositList {
  asOf: string;
  journals: DepositJournal[];
  leftOut: Record<LeftOutReason, number>;
}

interface RecordRow {
  id: string;
  person: string;
  /** The organisasjonsnummer of these contacts (null: the source names none). */
  org: string | null;
  org_name: string | null;
  national_id: string | null;
  family_name: string;
  given_name: string;
  birth_date: string | null;
  death_date: string | null;
  death_date_certain: boolean | null;
  gender: string | null;
  first_contact: string | null;
  last_contact: string | null;
  entries: number;
  open_case: boolean;
}

/**
 * The record whose identity the person's journal carries: the one with a fødselsnummer (a
 * D-nummer is the number given before one, and linked to it when it is: the fødselsnummer is the
 * person's lasting id), then one with a date of death, then the least id.
 */
function primaryRecord(records: RecordRow[]): RecordRow {
  const rank = (r: RecordRow) =>
    // A D-nummer's first digit is the day plus 4 (4–7); the SQL of depositList reads it so too.
    (r.national_id && /^[0-3]/.test(r.national_id) ? 0 : 2) + (r.death_date ? 0 : 1);
  return [...records].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0]!;
}

/**
 * The record whose death date the ten years are counted from, as the SQL of depositList counts
 * them: the earliest death date among the person's fødselsnummer records, else among all. The
 * list writes this date (morsdato) and its certainty; s35 wrote the first record's, so linked
 * records with different dates could list a patient dead under ten years.
 */
function deathRecord(records: RecordRow[]): RecordRow {
  const dated = records.filter((r) => r.death_date);
  const fnr = dated.filter((r) => r.national_id && /^[0-3]/.test(r.national_id));
  return [...(fnr.length ? fnr : dated)].sort((a, b) =>
    a.death_date! < b.death_date! ? -1 : a.death_date! > b.death_date! ? 1 : a.id < b.id ? -1 : 1,
  )[0]!;
}

function personIdKind(nid: string): 'fodselsnummer' | 'd-nummer' | 'fh-nummer' | null {
  const info = parsePersonId(nid);
  // An H-nummer is one institution's number, neither a fødselsnummer nor a D-nummer.
  return 'error' in info || info.kind === 'h-nummer' ? null : info.kind;
}

/** The number written as `fodselsnummer`: a fødselsnummer or D-number first, else an FH-nummer (header). */
function depositedNumber(primary: RecordRow, records: RecordRow[]): string | null {
  const ids = [primary, ...records].flatMap((r) => (r.national_id ? [r.national_id] : []));
  return ids.find((n) => personIdKind(n) !== 'fh-nummer') ?? ids[0] ?? null;
}

/**
 * The persons due for deposit as of `asOf` (YYYY-MM-DD, Europe/Oslo) with their specialist
 * records' first and last contact (local dates of current, undeleted notes and of care
 * contacts), and the counts of those left out by reason. A person is one patient record and
 * every record linked to it (journal.patient_link, not unlinked; e.g. a D-nummer record linked
 * to the fødselsnummer record): one `pasientjournal` over all of them, dated by the primary
 * record's date of death (or another record's, when it has none).
 */
export async function depositList(db: Queryable, asOf: string): Promise<DepositList> {
  const { rows } = await db.query<RecordRow>(
    `WITH RECURSIVE edges AS (
       SELECT patient_a AS x, patient_b AS y FROM journal.patient_link WHERE unlinked_at IS NULL
       UNION ALL SELECT patient_b, patient_a FROM journal.patient_link WHERE unlinked_at IS NULL),
     walk(start, member) AS (
       SELECT x, x FROM edges
       UNION SELECT w.start, e.y FROM walk w JOIN edges e ON e.x = w.member),
     person AS (
       SELECT p.id, coalesce(g.person, p.id) AS person
         FROM journal.patient p LEFT JOIN (SELECT start, min(member) AS person FROM walk GROUP BY start) g ON g.start = p.id),
     contact AS (
       -- A note's organisation: its custodian, else its care contact's serviceProvider (migration 019).
       SELECT e.patient_id, e.written_at AS at, 1 AS entry,
              CASE WHEN e.organisation_number IS NOT NULL THEN e.organisation_number ELSE cc.organisation_number END AS org,
              CASE WHEN e.organisation_number IS NOT NULL THEN e.organisation_name ELSE cc.organisation_name END AS org_name
         FROM journal.journal_entry e LEFT JOIN journal.care_contact cc ON cc.id = e.care_contact_id
        WHERE e.source_system = ANY($2::text[]) AND e.status = 'current' AND e.deleted_at IS NULL
       UNION ALL
       SELECT c.patient_id, c.period_start, 0, c.organisation_number, c.organisation_name
         FROM journal.care_contact c WHERE c.source_system = ANY($2::text[])
       UNION ALL
       SELECT c.patient_id, c.period_end, 0, c.organisation_number, c.organisation_name FROM journal.care_contact c
        WHERE c.source_system = ANY($2::text[]) AND c.period_end IS NOT NULL),
     deposited AS (
       SELECT DISTINCT pr.person FROM contact k JOIN person pr ON pr.id = k.patient_id),
     due AS (
       SELECT d.person FROM deposited d JOIN person pr ON pr.person = d.person JOIN journal.patient p ON p.id = pr.id
        GROUP BY d.person
       HAVING bool_or(p.death_date IS NOT NULL)
          AND coalesce(min(p.death_date) FILTER (WHERE p.national_id IS NOT NULL AND substr(p.national_id, 1, 1) < '4'),
                       min(p.death_date)) <= ($1::date - interval '10 years')::date)
     SELECT p.id, pr.person, k.org, min(k.org_name) AS org_name, p.national_id, p.family_name, p.given_name, p.birth_date::text AS birth_date,
            p.death_date::text AS death_date, p.death_date_certain, p.gender,
            (min(k.at) AT TIME ZONE 'Europe/Oslo')::date::text AS first_contact,
            (max(k.at) AT TIME ZONE 'Europe/Oslo')::date::text AS last_contact,
            coalesce(sum(k.entry), 0)::int AS entries,
            EXISTS (SELECT 1 FROM journal.record_case rc
                     WHERE rc.status = 'OPEN' AND rc.ground IN ('HPL_43', 'HPL_44')
                       AND (rc.patient_id = p.id OR rc.entry_id IN
                            (SELECT e.id FROM journal.journal_entry e WHERE e.patient_id = p.id))) AS open_case
       FROM due JOIN person pr ON pr.person = due.person
       JOIN journal.patient p ON p.id = pr.id
       LEFT JOIN contact k ON k.patient_id = p.id
      GROUP BY p.id, pr.person, k.org
      ORDER BY pr.person, p.id, k.org`,
    [asOf, [...SPECIALIST_SOURCE_SYSTEMS]],
  );
  const leftOut: Record<LeftOutReason, number> = {
    'legal-hold': 0,
    'open-complaint': 0,
    'open-record-case': 0,
    'no-birth-date': 0,
  };
  const persons = new Map<string, RecordRow[]>();
  for (const r of rows) {
    const l = persons.get(r.person);
    if (l) l.push(r);
    else persons.set(r.person, [r]);
  }
  const journals: DepositJournal[] = [];
  for (const rowsOfPerson of persons.values()) {
    // One row per record and organisation of its contacts: the records themselves, once each.
    const records = [...new Map(rowsOfPerson.map((r) => [r.id, r])).values()];
    const primary = primaryRecord(records);
    const nationalIds = records.flatMap((r) => (r.national_id ? [r.national_id] : []));
    const holds = await deletionHolds(db, { patientIds: records.map((r) => r.id), nationalIds });
    const birthDate = primary.birth_date ?? records.find((r) => r.birth_date)?.birth_date ?? null;
    const died = deathRecord(records);
    let reason: LeftOutReason | null = null;
    if (holds.some((h) => h.kind === 'LEGAL_HOLD')) reason = 'legal-hold';
    else if (holds.length) reason = 'open-complaint';
    else if (records.some((r) => r.open_case)) reason = 'open-record-case';
    else if (!birthDate) reason = 'no-birth-date';
    if (reason) {
      leftOut[reason]++;
      continue;
    }
    // One pasientjournal per organisation that holds contacts of the person.
    const byOrg = new Map<string | null, RecordRow[]>();
    for (const r of rowsOfPerson.filter((x) => x.first_contact)) {
      const l = byOrg.get(r.org);
      if (l) l.push(r);
      else byOrg.set(r.org, [r]);
    }
    for (const [org, contacted] of byOrg)
      journals.push({
        patientId: primary.id,
        nationalId: depositedNumber(primary, records),
        familyName: primary.family_name,
        givenName: primary.given_name,
        birthDate: birthDate!,
        deathDate: died.death_date!,
        deathDateCertain: died.death_date_certain,
        gender: primary.gender ?? records.find((r) => r.gender)?.gender ?? null,
        firstContact: contacted.map((r) => r.first_contact!).sort()[0]!,
        lastContact: contacted
          .map((r) => r.last_contact!)
          .sort()
          .at(-1)!,
        entries: contacted.reduce((n, r) => n + r.entries, 0),
        linked: records
          .filter((r) => r !== primary)
          .map((r) => ({ patientId: r.id, nationalId: r.national_id })),
        organisation: org,
        organisationName: contacted.find((r) => r.org_name)?.org_name ?? null,
      });
  }
  journals.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  return { asOf, journals, leftOut };
}

/**
 * The merknad of a person's pasientjournal that keeps the identifiers of its linked records
 * (AVLXML has one `journalidentifikator` and one `fodselsnummer` per pasientjournal), or null.
 */
export function linkedRecordsNote(j: DepositJournal): string | null {
  if (!j.linked.length) return null;
  const ids = j.linked.map((l) => {
    const kind = l.nationalId ? personIdKind(l.nationalId) : null;
    const label =
      kind === 'd-nummer'
        ? 'D-nummer'
        : kind === 'fodselsnummer'
          ? 'fødselsnummer'
          : kind === 'fh-nummer'
            ? 'FH-nummer'
            : 'id';
    return `${l.patientId}${l.nationalId ? ` (${label} ${l.nationalId})` : ''}`;
  });
  return `Samme person, koblet pasientjournal: ${ids.join('; ')}`;
}

/** The merknad saying that the `fodselsnummer` written is an FH-nummer (header), or null. */
export function fhNumberNote(j: DepositJournal): string | null {
  if (!j.nationalId || personIdKind(j.nationalId) !== 'fh-nummer') return null;
  return `fodselsnummer er et FH-nummer (felles hjelpenummer), ikke et fødselsnummer eller D-nummer: ${j.nationalId}`;
}

/** A pasientjournal's one `merknad`: the FH-nummer note and the linked records, or null. */
function merknad(j: DepositJournal): string | null {
  const notes = [fhNumberNote(j), linkedRecordsNote(j)].filter((n): n is string => n !== null);
  return notes.length ? notes.join('. ') : null;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** AVLXML's kjonn: M, K or U (unknown) from the FHIR administrative gender. */
function kjonn(gender: string | null): 'M' | 'K' | 'U' {
  if (gender === 'male') return 'M';
  if (gender === 'female') return 'K';
  return 'U';
}

/** The deposit list as AVLXML v3 (element order as `avlxml.xsd` requires). */
export function avlxml(list: DepositList, agreement: DepositAgreement, generated: string): string {
  const el = (name: string, value: string, indent: string) => `${indent}<${name}>${esc(value)}</${name}>\n`;
  let out =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<avlxml xmlns="http://www.arkivverket.no/standarder/nha/avlxml">\n' +
    el('avlxmlversjon', '3.0', '  ') +
    el('avleveringsidentifikator', `${agreement.id}.${list.asOf.replace(/-/g, '')}`, '  ') +
    el(
      'avleveringsbeskrivelse',
      `Pasientjournaler fra spesialisthelsetjenesten (Helseplattformen) for pasienter døde minst ti år før ${list.asOf}`,
      '  ',
    ) +
    el('generertdato', generated, '  ') +
    el('arkivskaper', agreement.orgName, '  ') +
    '  <avtale>\n' +
    el('avtaleidentifikator', agreement.id, '    ') +
    el('avtaledato', agreement.date, '    ') +
    el(
      'avtalebeskrivelse',
      'Avlevering av pasientarkiv til Norsk helsearkiv (helsearkivforskriften)',
      '    ',
    ) +
    '    <virksomhet>\n' +
    el('virksomhetsnavn', agreement.orgName, '      ') +
    el('organisasjonsnummer', agreement.orgNumber, '      ') +
    '    </virksomhet>\n' +
    '  </avtale>\n';
  for (const j of list.journals) {
    out +=
      '  <pasientjournal>\n' +
      el('journalidentifikator', j.patientId, '    ') +
      el('arkivskaper', agreement.orgName, '    ') +
      (j.nationalId ? el('fodselsnummer', j.nationalId, '    ') : '') +
      el('pasientnavn', `${j.familyName}, ${j.givenName}`, '    ') +
      el('fodtdato', j.birthDate, '    ') +
      el('morsdato', j.deathDate, '    ') +
      (j.deathDateCertain === null ? '' : el('sikkermors', String(j.deathDateCertain), '    ')) +
      el('kjonn', kjonn(j.gender), '    ') +
      el('forstekontakt', j.firstContact, '    ') +
      el('sistekontakt', j.lastContact, '    ') +
      (merknad(j) ? el('merknad', merknad(j)!, '    ') : '') +
      '  </pasientjournal>\n';
  }
  return out + '</avlxml>\n';
}

/** Why the AVLXML schema folder cannot be used (a file missing), or null when it can. */
export function avlxmlSchemaDirMissing(dir: string): string | null {
  if (!existsSync(join(dir, AVLXML_SCHEMA)))
    return `the AVLXML schema ${join(dir, AVLXML_SCHEMA)} is not there`;
  const missing = AVLXML_SCHEMA_IMPORTS.filter((f) => !existsSync(join(dir, f)));
  return missing.length ? `the AVLXML schema folder ${dir} lacks ${missing.join(', ')}` : null;
}

/** One submitting body's deposit: its agreement, the file it is written to and its journals. */
export interface OrganisationDeposit {
  agreement: DepositAgreement;
  file: string;
  journals: DepositJournal[];
}

/** A deposit agreement of another organisation than the command line's (`--agreement-for`). */
export interface OtherAgreement {
  id: string;
  date: string;
  /** The organisation's name, when the records do not give it (or to override them). */
  name?: string;
}

export class DepositSplitError extends Error {}

/**
 * One `pasientjournal` per person in one list (helsearkivforskriften; AVLXML: one entry per
 * journalidentifikator): a person's journals that land in the same list (contacts the source
 * names the command line's organisation for, and contacts it names none for, both the command
 * line's) are one, from the first contact of either to the last. Two entries of one person was
 * what the list held before (found in the re-read of stop 35).
 */
function onePerPerson(journals: DepositJournal[]): DepositJournal[] {
  const byPatient = new Map<string, DepositJournal>();
  for (const j of journals) {
    const seen = byPatient.get(j.patientId);
    if (!seen) {
      byPatient.set(j.patientId, j);
      continue;
    }
    byPatient.set(j.patientId, {
      ...seen,
      firstContact: j.firstContact < seen.firstContact ? j.firstContact : seen.firstContact,
      lastContact: j.lastContact > seen.lastContact ? j.lastContact : seen.lastContact,
      entries: seen.entries + j.entries,
      organisation: seen.organisation ?? j.organisation,
      organisationName: seen.organisationName ?? j.organisationName,
    });
  }
  return [...byPatient.values()];
}

/**
 * The deposit split per submitting body (helsearkivforskriften; AVLXML has one `arkivskaper`
 * and one `avtale` with one `virksomhet` per list): the journals of the command line's
 * organisation, and those whose source names no organisation, in `avlxml.xml` (always written,
 * as before); every other organisation's in `avlxml-<organisasjonsnummer>.xml`, under its own
 * agreement. An organisation with journals due and no agreement given, or no name, is an error
 * naming it, before anything is written.
 */
export function depositsByOrganisation(
  list: DepositList,
  main: DepositAgreement,
  others: ReadonlyMap<string, OtherAgreement>,
): OrganisationDeposit[] {
  const groups = new Map<string, DepositJournal[]>();
  for (const j of list.journals) {
    const org = j.organisation && j.organisation !== main.orgNumber ? j.organisation : main.orgNumber;
    const l = groups.get(org);
    if (l) l.push(j);
    else groups.set(org, [j]);
  }
  for (const [org, journals] of groups) groups.set(org, onePerPerson(journals));
  const out: OrganisationDeposit[] = [
    { agreement: main, file: AVLXML_FILE, journals: groups.get(main.orgNumber) ?? [] },
  ];
  const problems: string[] = [];
  for (const [org, journals] of [...groups].filter(([o]) => o !== main.orgNumber).sort()) {
    const a = others.get(org);
    const name = a?.name ?? journals.find((j) => j.organisationName)?.organisationName ?? null;
    if (!a) {
      problems.push(
        `${journals.length} patient journal(s) held by organisation ${org}${name ? ` (${name})` : ''} are due: ` +
          `give its deposit agreement with --agreement-for ${org}:<agreement id>:<agreement date>`,
      );
      continue;
    }
    if (!name) {
      problems.push(
        `organisation ${org} has no name in the records: give it as --agreement-for ${org}:${a.id}:${a.date}:<name>`,
      );
      continue;
    }
    out.push({
      agreement: { id: a.id, date: a.date, orgName: name, orgNumber: org },
      file: `avlxml-${org}.xml`,
      journals,
    });
  }
  if (problems.length) throw new DepositSplitError(problems.join('; '));
  return out;
}

/** Writes a list to `<folder>/<file>` (default avlxml.xml); returns its path. */
export async function writeAvlxml(folder: string, xml: string, file = AVLXML_FILE): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, file);
  await writeFile(path, xml);
  return path;
}
