/**
 * Research grants: what a researcher may reach, and in what form.
 *
 * Sources:
 * - helseforskningsloven §§ 9-10: a medical or health research project needs the prior
 *   approval of REK (regional komité for medisinsk og helsefaglig forskningsetikk), applied
 *   for with a protocol; the grant carries the REK number.
 * - helseforskningsloven § 33: research on health data from records needs that approval;
 *   § 34 (sammenstilling) and § 35: data are made available only as the approval says. Since
 *   2021 the dispensation from confidentiality formerly in § 35 is given by Helsedirektoratet
 *   under helsepersonelloven § 29 (Helsedirektoratet's dispensation reference on the grant).
 *   A grant needs a REK number, a dispensation reference, or both.
 * - personopplysningsloven art. 5 (1) c, art. 89 (1): data minimisation and pseudonymisation
 *   for research: only the approved variables, for the approved cohort, with persons as
 *   pseudonyms (keyed HMAC over the grant's pseudonym scope and the person; the key is server
 *   configuration and never leaves it), dates at the approved precision, no national ids, names,
 *   addresses or exact birth dates, free text only when approved and then de-identified
 *   (deidentify.ts).
 * - GDPR art. 4 (5) (pseudonymisation: not attributable to the person without additional
 *   information kept apart) with helseforskningsloven § 33 / § 35 (data to the project the
 *   approval names): pseudonyms are stable within a project and unlinkable across projects
 *   (DOMAIN.md "Research"; pseudonymScopeOf, policy migration 011).
 *
 * A grant is registered by an archivist, amended as a new version (every version kept) and
 * withdrawn; an expired or withdrawn grant reaches nothing, and says why.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isoTimeExists, isRealDate } from '../oslo-time';
import { MAX_ID_CHARS } from '../id-cap';
import { NAME_MAX } from '../free-text';
import { loadVocabulary, type Concept } from '../../search-index/vocabulary';
import type { LeapDayRule } from '../age-window';

/** The closed list of variables a grant can approve, by the source they come from. */
export const RESEARCH_VARIABLES = {
  // journal: the person
  PERSON_BIRTH_YEAR: { source: 'journal', table: 'persons', column: 'birth_year' },
  PERSON_GENDER: { source: 'journal', table: 'persons', column: 'gender' },
  PERSON_DEATH_DATE: { source: 'journal', table: 'persons', column: 'death_date', date: true },
  // journal: notes
  JOURNAL_WRITTEN_AT: { source: 'journal', table: 'journal', column: 'written_at', date: true },
  JOURNAL_AGE: { source: 'journal', table: 'journal', column: 'age' },
  JOURNAL_TYPE: { source: 'journal', table: 'journal', column: 'type' },
  JOURNAL_SERVICE: { source: 'journal', table: 'journal', column: 'service' },
  JOURNAL_SOURCE_SYSTEM: { source: 'journal', table: 'journal', column: 'source_system' },
  JOURNAL_TEXT: { source: 'journal', table: 'journal', column: 'text', freeText: true },
  // journal: care contacts
  CONTACT_START: { source: 'journal', table: 'care_contacts', column: 'start', date: true },
  CONTACT_SERVICE: { source: 'journal', table: 'care_contacts', column: 'service' },
  CONTACT_CLASS: { source: 'journal', table: 'care_contacts', column: 'contact_class' },
  // decisions: coercion decisions (vedtak)
  DECISION_LEGAL_BASIS: { source: 'decisions', table: 'decisions', column: 'legal_basis' },
  DECISION_MEASURES: { source: 'decisions', table: 'decisions', column: 'measures' },
  DECISION_VALID_FROM: { source: 'decisions', table: 'decisions', column: 'valid_from', date: true },
  DECISION_VALID_TO: { source: 'decisions', table: 'decisions', column: 'valid_to', date: true },
  // coercion: executions
  EXECUTION_MEASURE: { source: 'coercion', table: 'executions', column: 'measure' },
  EXECUTION_START: { source: 'coercion', table: 'executions', column: 'start', date: true },
  EXECUTION_MINUTES: { source: 'coercion', table: 'executions', column: 'minutes' },
  EXECUTION_DESCRIPTION: { source: 'coercion', table: 'executions', column: 'description', freeText: true },
  // archive: case files the person is a party to
  CASE_DATE: { source: 'archive', table: 'cases', column: 'saksdato', date: true },
  CASE_STATUS: { source: 'archive', table: 'cases', column: 'saksstatus' },
  CASE_CLASS: { source: 'archive', table: 'cases', column: 'klasse' },
  CASE_TITLE: { source: 'archive', table: 'cases', column: 'tittel', freeText: true },
} as const satisfies Record<
  string,
  {
    source: 'journal' | 'decisions' | 'coercion' | 'archive';
    table: string;
    column: string;
    date?: boolean;
    freeText?: boolean;
  }
>;
export type ResearchVariable = keyof typeof RESEARCH_VARIABLES;
export const VARIABLE_NAMES = Object.keys(RESEARCH_VARIABLES) as ResearchVariable[];
const ofTable = (t: string) => VARIABLE_NAMES.filter((v) => RESEARCH_VARIABLES[v].table === t);

/**
 * The research types' fields (schema/journal.graphql) and the variable each needs; a list:
 * any one of them (a field holding records of that kind). Asked by enforce.ts before each
 * field resolves.
 */
export const RESEARCH_FIELDS: Record<
  string,
  Record<string, ResearchVariable | readonly ResearchVariable[]>
> = {
  ResearchSubject: {
    birthYear: 'PERSON_BIRTH_YEAR',
    gender: 'PERSON_GENDER',
    deathDate: 'PERSON_DEATH_DATE',
    journal: ofTable('journal'),
    careContacts: ofTable('care_contacts'),
    coercionDecisions: ofTable('decisions'),
    coercionExecutions: ofTable('executions'),
    cases: ofTable('cases'),
  },
  ResearchJournalEntry: {
    writtenAt: 'JOURNAL_WRITTEN_AT',
    age: 'JOURNAL_AGE',
    type: 'JOURNAL_TYPE',
    service: 'JOURNAL_SERVICE',
    sourceSystem: 'JOURNAL_SOURCE_SYSTEM',
    text: 'JOURNAL_TEXT',
  },
  ResearchCareContact: { start: 'CONTACT_START', service: 'CONTACT_SERVICE', contactClass: 'CONTACT_CLASS' },
  ResearchCoercionDecision: {
    legalBasis: 'DECISION_LEGAL_BASIS',
    measures: 'DECISION_MEASURES',
    validFrom: 'DECISION_VALID_FROM',
    validTo: 'DECISION_VALID_TO',
  },
  ResearchCoercionExecution: {
    measure: 'EXECUTION_MEASURE',
    start: 'EXECUTION_START',
    minutes: 'EXECUTION_MINUTES',
    description: 'EXECUTION_DESCRIPTION',
  },
  ResearchCase: {
    saksdato: 'CASE_DATE',
    saksstatus: 'CASE_STATUS',
    klasse: 'CASE_CLASS',
    tittel: 'CASE_TITLE',
  },
};
export const DATE_PRECISIONS = ['EXACT', 'MONTH', 'YEAR', 'SHIFTED'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export const OUTPUT_LEVELS = ['AGGREGATE', 'PSEUDONYMISED_RECORDS'] as const;
export type OutputLevel = (typeof OUTPUT_LEVELS)[number];
export const SOURCE_SYSTEMS = ['HELSEPLATTFORMEN', 'GERICA', 'PROFIL'] as const;
/**
 * Where a grant's age window places a 29 February birthday in a year without that day
 * (`cohort.leapDayRule`): MARCH_1 when the definition names none, as a search that names none
 * (DOMAIN.md "Age windows": "A 29 February birthday falls on 1 March in non-leap years unless
 * configured otherwise"; lib/age-window.ts), FEBRUARY_28 when the approval counts ages from 28
 * February. The platform has no global setting: search takes the rule per query
 * (`leapDayRule`), and a grant per cohort definition.
 */
export const LEAP_DAY_RULES = ['MARCH_1', 'FEBRUARY_28'] as const satisfies readonly LeapDayRule[];

const DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real date');

let vocabulary: Map<string, Concept> | undefined;
function concepts(): Map<string, Concept> {
  vocabulary ??= loadVocabulary();
  return vocabulary;
}

export const CohortDefinition = z
  .object({
    bornFrom: DATE.nullish(),
    bornTo: DATE.nullish(),
    ageFrom: z.number().int().min(0).max(130).nullish(),
    ageTo: z.number().int().min(0).max(130).nullish(),
    periodFrom: DATE.nullish(),
    periodTo: DATE.nullish(),
    sources: z.array(z.enum(SOURCE_SYSTEMS)).nullish(),
    services: z.array(z.string().trim().min(1).max(NAME_MAX)).nullish(),
    concepts: z
      .array(z.string().refine((c) => concepts().has(c), 'must be a concept of the vocabulary'))
      .nullish(),
    leapDayRule: z.enum(LEAP_DAY_RULES).nullish(),
  })
  .refine((c) => !c.bornFrom || !c.bornTo || c.bornFrom <= c.bornTo, 'bornFrom must not be after bornTo')
  .refine(
    (c) => c.ageFrom == null || c.ageTo == null || c.ageFrom <= c.ageTo,
    'ageFrom must not exceed ageTo',
  )
  .refine(
    (c) => !c.periodFrom || !c.periodTo || c.periodFrom <= c.periodTo,
    'periodFrom must not be after periodTo',
  );
export type CohortDefinition = z.infer<typeof CohortDefinition>;

/**
 * The query budget of an aggregate-only grant when registration does not name one: published
 * counts (a search's total and each term-report row, the cohort's size) over the grant's whole
 * life, every version together (query-budget.ts, where the figure is justified from the
 * review's averaging attack: 110 counts for one note at a posterior of 0.9999).
 */
export const DEFAULT_QUERY_BUDGET = 200;
/** The largest budget a grant can be given (a number, not "unlimited": a larger one is an amendment with its reason). */
export const MAX_QUERY_BUDGET = 10_000;

const GrantFields = z.object({
  projectId: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(500),
  rekNumber: z.string().trim().min(1).max(100).nullish(),
  dispensationRef: z.string().trim().min(1).max(100).nullish(),
  legalBasis: z.string().trim().min(3).max(500),
  responsibleResearcher: z.string().trim().min(1),
  researchers: z.array(z.string().trim().min(1).max(MAX_ID_CHARS)).nullish(),
  cohort: CohortDefinition,
  variables: z.array(z.enum(VARIABLE_NAMES as [ResearchVariable, ...ResearchVariable[]])).min(1),
  datePrecision: z.enum(DATE_PRECISIONS),
  freeText: z.boolean(),
  outputLevel: z.enum(OUTPUT_LEVELS),
  expiresAt: z.string().refine(isoTimeExists, 'must be an ISO 8601 time on a day and at an hour that exist'),
  /** Published counts over the grant's life (query-budget.ts); AGGREGATE only, DEFAULT_QUERY_BUDGET when absent. */
  queryBudget: z.number().int().min(1).max(MAX_QUERY_BUDGET).nullish(),
});

type GrantFields = z.infer<typeof GrantFields>;

function grantRules(g: GrantFields, ctx: z.RefinementCtx): void {
  if (!g.rekNumber && !g.dispensationRef)
    ctx.addIssue({
      code: 'custom',
      message:
        'an approval reference is required: rekNumber (helseforskningsloven §§ 9-10, 33) and/or dispensationRef (helsepersonelloven § 29)',
    });
  if (!g.freeText && g.variables.some((v) => 'freeText' in RESEARCH_VARIABLES[v]))
    ctx.addIssue({
      code: 'custom',
      path: ['variables'],
      message: 'a free-text variable needs freeText: true (the approval must cover free text)',
    });
  if (g.queryBudget != null && g.outputLevel !== 'AGGREGATE')
    ctx.addIssue({
      code: 'custom',
      path: ['queryBudget'],
      message:
        'a query budget is for outputLevel AGGREGATE only: a row-level grant reads the records themselves and is not budgeted',
    });
  if (Date.parse(g.expiresAt) <= Date.now())
    ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'expiresAt must be in the future' });
}

/** A grant id names files (extract directories): letters, digits, `.`, `_`, `-`, not starting with `.`. */
export const GRANT_ID = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    'letters, digits, ".", "_" and "-" only (at most 100), not starting with "."',
  );

export const GrantInput = GrantFields.extend({ id: GRANT_ID }).superRefine(grantRules);
export type GrantInput = z.infer<typeof GrantInput>;

/** Zod issues as one line. */
export function issues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

/** A grant to register (also an amendment: the whole new version, with the same id). */
export function parseGrant(input: unknown): GrantInput {
  const r = GrantInput.safeParse(input);
  if (!r.success) throw new Error(`invalid grant: ${issues(r.error)}`);
  return r.data;
}

/** The current version as the input of the next one (an amendment changes some of it). */
export function inputOf(g: GrantRow): GrantInput {
  return {
    id: g.id,
    projectId: g.project_id,
    title: g.title,
    rekNumber: g.rek_number,
    dispensationRef: g.dispensation_ref,
    legalBasis: g.legal_basis,
    responsibleResearcher: g.responsible_researcher,
    researchers: g.researchers,
    cohort: g.cohort,
    variables: g.variables,
    datePrecision: g.date_precision,
    freeText: g.free_text,
    outputLevel: g.output_level,
    expiresAt: new Date(g.expires_at).toISOString(),
    queryBudget: g.query_budget,
  };
}

/**
 * An amendment: the current version with the fields that change (parse it with parseGrant), the
 * cohort condition by condition (a condition given as null is removed).
 * The budget stays the current version's unless the change names one; a change to row-level
 * output drops it (a row-level grant is not budgeted). A change back to aggregate output
 * without one takes `lastAggregateBudget`, the budget of the grant's latest aggregate version
 * (grant-store.ts lastAggregateBudget), so that a round trip through row-level output keeps
 * the budget the archivist set (GDPR art. 89 (1), helseforskningsloven § 33: the budget is part
 * of what is approved, and raising it is a decision with its reason, not a side effect; found
 * in review: 20 became the default 200). Only a grant that was never aggregate gets
 * DEFAULT_QUERY_BUDGET (insertGrantVersion). The queries used are the grant's, whatever the version.
 */
export function amendedInput(
  current: GrantRow,
  change: Record<string, unknown>,
  lastAggregateBudget: number | null = null,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...inputOf(current), ...change, id: current.id };
  // The cohort too changes by the conditions the amendment names (an explicit null removes one);
  // the others stay. Replaced whole, `cohort: { periodTo }` dropped the birth and age windows, and
  // the new version's cohort took in everyone with a note in the period (helseforskningsloven
  // § 33: the cohort approved is the one selected; found in review s45).
  if (change.cohort && typeof change.cohort === 'object' && !Array.isArray(change.cohort))
    next.cohort = { ...current.cohort, ...(change.cohort as Record<string, unknown>) };
  if (change.queryBudget == null) {
    if (next.outputLevel !== 'AGGREGATE') next.queryBudget = null;
    else if (current.query_budget == null) next.queryBudget = lastAggregateBudget;
  }
  return next;
}

/** The grant as stored (one version). */
export interface GrantRow {
  id: string;
  version: number;
  project_id: string;
  title: string;
  rek_number: string | null;
  dispensation_ref: string | null;
  legal_basis: string;
  responsible_researcher: string;
  researchers: string[];
  cohort: CohortDefinition;
  variables: ResearchVariable[];
  date_precision: DatePrecision;
  free_text: boolean;
  output_level: OutputLevel;
  expires_at: Date;
  registered_by: string;
  registered_at: Date;
  change_reason: string | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  /** Published counts of the grant's life as of this version (AGGREGATE only; query-budget.ts). */
  query_budget: number | null;
  /**
   * What its pseudonyms and date shifts are keyed by (policy migration 011): `project:` + the
   * normalised project id of its first version (pseudonymScopeOf), or its grant id for a grant
   * registered before that migration.
   */
  pseudonym_scope: string;
  /** Published counts used by the grant, every version together (policy.grant_query_use), when read. */
  queries_used?: number;
}

/** "REK 2025/12345; Hdir 25/4711": the approval a disclosure is made under. */
export function approvalOf(g: GrantRow): string {
  return [g.rek_number && `REK ${g.rek_number}`, g.dispensation_ref && `Hdir ${g.dispensation_ref}`]
    .filter(Boolean)
    .join('; ');
}

/** Why a grant reaches nothing now, or null when it is in force. */
export function grantProblem(g: GrantRow | null, id: string, now = Date.now()): string | null {
  if (!g) return `grant ${id} is not registered`;
  if (g.withdrawn_at)
    return `grant ${g.id} was withdrawn at ${new Date(g.withdrawn_at).toISOString()}: ${g.withdraw_reason ?? ''}`.trim();
  if (new Date(g.expires_at).getTime() <= now)
    return `grant ${g.id} expired at ${new Date(g.expires_at).toISOString()}`;
  return null;
}

// ---- pseudonyms and dates ----

/** The key pseudonyms are made with (RESEARCH_PSEUDONYM_KEY; set at start from lib/config.ts). */
export const researchSettings = { pseudonymKey: '', extractDir: 'extracts' };

function hmac(parts: string[]): Buffer {
  if (!researchSettings.pseudonymKey) throw new Error('research pseudonym key is not configured');
  return createHmac('sha256', researchSettings.pseudonymKey).update(parts.join('\u0000')).digest();
}

/**
 * The pseudonym scope of a grant registered now (policy.research_grant.pseudonym_scope, policy
 * migration 011): its project, `project:` + the project id trimmed and case-folded (NFC, then
 * lower case), so that "REK-2025/1" and " rek-2025/1 " are one project. Pseudonyms are stable
 * within a project and unlinkable across projects (DOMAIN.md "Research"; personopplysningsloven
 * art. 89 (1), GDPR art. 4 (5); helseforskningsloven § 33 / § 35: the data go to the project the
 * approval names, and a project of several approvals links its own extracts). The prefix keeps
 * it apart from the scope of a grant registered before migration 011, its grant id (which
 * cannot hold ':'), whose delivered pseudonyms must not change. An amendment keeps the scope of
 * its grant's first version (grant-store.ts insertGrantVersion).
 */
export function pseudonymScopeOf(projectId: string): string {
  return `project:${projectId.normalize('NFC').trim().toLowerCase()}`;
}

/**
 * What a version says when its projectId names another project than the scope the grant keeps
 * (an amendment naming another project: the scope of the first version stays, so that what the
 * grant has delivered is not re-keyed; personopplysningsloven art. 89 (1), GDPR art. 4 (5)); null
 * when they agree, and for a grant registered before policy migration 011 (its grant id is its
 * scope whatever its project). Fix FX6: the amendment's answer did not say it.
 */
export function pseudonymScopeNote(
  g: Pick<GrantRow, 'id' | 'project_id' | 'pseudonym_scope'>,
): string | null {
  if (!g.pseudonym_scope.startsWith('project:')) return null;
  const named = pseudonymScopeOf(g.project_id);
  if (named === g.pseudonym_scope) return null;
  return `grant ${g.id} keeps pseudonym scope ${g.pseudonym_scope} of its first version: project id ${g.project_id} does not re-key what the grant has delivered; register a new grant to work under ${named}`;
}

/**
 * A person's pseudonym under a grant's pseudonym scope (GrantRow.pseudonym_scope):
 * HMAC-SHA256(key, 'pseudonym' ‖ scope ‖ person key), 80 bits in base32. Stable across the
 * grants of one project and their versions, different across projects (personopplysningsloven
 * art. 89 (1), GDPR art. 4 (5)); without the key nobody can go from pseudonym to person or from
 * one project's pseudonym to another's. A grant of before migration 011 has its grant id as
 * scope: the same HMAC input as then, so the same pseudonyms.
 */
export function pseudonym(scope: string, personKey: string): string {
  const b = hmac(['pseudonym', scope, personKey]);
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[b[i]! & 31];
  return `P-${out}`;
}

/**
 * The cell key of a published count (search-counts.ts perturb): a number in [0, 1) from
 * HMAC-SHA256(key, "cell-key" ‖ what the count is of). The same records give the same key,
 * so asking again gives the same noise; without the key nobody can tell the noise.
 */
export function cellKey(parts: string[]): number {
  return hmac(['cell-key', ...parts]).readUInt32BE(0) / 2 ** 32;
}

/**
 * A search page cursor sealed for a grant (AES-256-GCM under a key derived from the pseudonym
 * key and the grant id). The search backends' cursors carry the last hit's record id
 * (Elasticsearch's search_after: [score, id]); a researcher sees no record id
 * (personopplysningsloven art. 89 (1); found in review), so theirs is opaque, and opens only
 * under the grant it was made for. openCursor returns null for anything else. Keyed by the
 * grant id, not the pseudonym scope (stop 46): a cursor is a position in one grant's cohort and
 * search, and another grant of the same project (another cohort, other variables) must not page
 * on from it.
 */
export function sealCursor(grantId: string, cursor: string): string {
  const key = hmac(['cursor', grantId]);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(cursor, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

export function openCursor(grantId: string, sealed: string): string | null {
  const b = Buffer.from(sealed, 'base64url');
  if (b.length < 29) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', hmac(['cursor', grantId]), b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Per-person date shift for SHIFTED precision: the same whole number of days (±1 to ±182) for
 * all the person's dates, keyed like the pseudonym by the grant's pseudonym scope: a person
 * linked across a project's extracts has one shift in all of them (two shifts under one
 * pseudonym would put one visit on two dates, and their difference says nothing the link does
 * not); a grant of before migration 011 keeps its grant id's, the shifts it delivered.
 */
export function shiftDays(scope: string, personKey: string): number {
  const n = hmac(['shift', scope, personKey]).readUInt32BE(0);
  const d = (n % 182) + 1;
  return n & 0x80000000 ? -d : d;
}

/**
 * A local date (YYYY-MM-DD) at the grant's precision: EXACT as is, MONTH YYYY-MM, YEAR YYYY,
 * SHIFTED moved by the person's shift.
 */
export function renderDate(date: string | null, precision: DatePrecision, shift: number): string | null {
  if (!date) return null;
  const d = date.slice(0, 10);
  switch (precision) {
    case 'EXACT':
      return d;
    case 'MONTH':
      return d.slice(0, 7);
    case 'YEAR':
      return d.slice(0, 4);
    case 'SHIFTED': {
      const t = new Date(`${d}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() + shift);
      return t.toISOString().slice(0, 10);
    }
  }
}

/** The leap-day rule of a cohort definition: MARCH_1 unless it names FEBRUARY_28 (LEAP_DAY_RULES). */
export function leapDayRuleOf(c: CohortDefinition): LeapDayRule {
  return c.leapDayRule ?? 'MARCH_1';
}

/**
 * SQL: the birthday at age `years` of a person born `birth` (SQL expressions), by the grant's
 * leap-day rule (leapDayRuleOf; DOMAIN.md: a 29 February birthday falls on 1 March in a year
 * without that day unless configured otherwise; lib/age-window.ts, as the search index dates
 * ages under both rules): the age window of a grant's cohort, researchCohort and the extract
 * (helseforskningsloven § 33). MARCH_1: PostgreSQL's `birth + make_interval(years => n)` puts it
 * on 28 February, so a note a child born 29 February wrote on 28 February of the year they
 * turned 13, at 12, was in a 13–15 grant (found in review s32): a day is added. FEBRUARY_28:
 * PostgreSQL's as it is. Until stop 46 every grant had MARCH_1, whatever its approval said.
 */
export function sqlBirthday(birth: string, years: string, rule: LeapDayRule): string {
  const plain = `${birth} + make_interval(years => ${years})`;
  if (rule === 'FEBRUARY_28') return `(${plain})`;
  return `(${plain} + CASE WHEN extract(month FROM ${birth}) = 2 AND extract(day FROM ${birth}) = 29
                             AND extract(day FROM ${plain}) = 28 THEN interval '1 day' ELSE interval '0' END)`;
}

/**
 * SQL: the age in whole years on `date` of a person born `birth` (SQL date expressions), by the
 * grant's leap-day rule, as sqlBirthday places the birthday (a note's `age` and the extract's
 * `age` column agree with the window that admits the note; helseforskningsloven § 33).
 * PostgreSQL's `age()` counts a 29 February birthday from 1 March in a year without it
 * (MARCH_1); under FEBRUARY_28 the person is a year older on 28 February of such a year.
 */
export function sqlAge(date: string, birth: string, rule: LeapDayRule): string {
  const years = `extract(year FROM age(${date}, ${birth}))::int`;
  if (rule === 'MARCH_1') return years;
  return `(${years} + CASE WHEN extract(month FROM ${birth}) = 2 AND extract(day FROM ${birth}) = 29
                           AND extract(month FROM ${date}) = 2 AND extract(day FROM ${date}) = 28
                           AND extract(doy FROM make_date(extract(year FROM ${date})::int, 12, 31)) = 365
                      THEN 1 ELSE 0 END)`;
}

/** The regex (PostgreSQL ARE, case-insensitive) a concept's words are found in notes with. */
export function conceptPattern(names: readonly string[]): string | null {
  const words = new Set<string>();
  for (const n of names) {
    const c = concepts().get(n);
    if (!c) continue;
    for (const w of [...c.triggers, ...c.terms, ...c.phrases.map((p) => p.text)]) words.add(w.toLowerCase());
  }
  if (!words.size) return null;
  const esc = [...words].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return `\\m(${esc.join('|')})`;
}
