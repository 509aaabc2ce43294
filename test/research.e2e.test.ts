/**
 * Research grants and extracts, through the gateway on real PostgreSQL and Elasticsearch
 * with npm start's demo data. Test names carry the rule's source as lib/policy/research.ts
 * does: helseforskningsloven §§ 9-10, 33 (REK approval; only what it covers),
 * helsepersonelloven § 29 (Helsedirektoratet's dispensation), personopplysningsloven
 * art. 89 (1) (pseudonyms, minimisation) and art. 30 (the disclosure log).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../dev/generator';
import { followImportedIds, loadDemoData } from '../dev/demo';
import { verifyExtract } from '../lib/policy/extract';
import { INTERNAL_HEADER, signInternalToken } from '../lib/auth';
import type { Stack } from '../scripts/stack';
import { deleteTestRows, gql, testConfig, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let ds: Dataset;
let archivist: string;
let extractDir: string;
/** Every name and national id the test database knows (patients and relatives). */
let secrets: string[];
const RELATIVE = { name: 'Gunnhild Nordmann', nationalId: '24057312345' };

const researcherToken = (grant: string, sub = 'forsker-a') =>
  stack.token({ sub, role: 'researcher', purpose: 'RESEARCH', grant });

const forbidden = (body: { errors?: { message: string; extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);

const REGISTER = `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id version cohortSize active variables } }`;

function grantInput(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    projectId: `P-${id}`,
    title: 'Mobbing i skolealder og senere helse',
    rekNumber: '2025/123456',
    dispensationRef: '25/4711',
    legalBasis: 'helseforskningsloven § 33; helsepersonelloven § 29 (dispensasjon 25/4711)',
    responsibleResearcher: 'forsker-a',
    cohort: { bornFrom: '1990-01-01', bornTo: '2005-12-31' },
    variables: [
      'PERSON_BIRTH_YEAR',
      'JOURNAL_WRITTEN_AT',
      'JOURNAL_TYPE',
      'JOURNAL_SOURCE_SYSTEM',
      'JOURNAL_TEXT',
    ],
    datePrecision: 'MONTH',
    freeText: true,
    outputLevel: 'PSEUDONYMISED_RECORDS',
    expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
    ...over,
  };
}

async function register(id: string, over: Record<string, unknown> = {}) {
  const r = await gql(stack.gateway.url, REGISTER, {
    token: archivist,
    variables: { i: grantInput(id, over) },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.registerGrant;
}

const COHORT = `{ researchCohort { grantId version totalCount subjects(first: 50) { pseudonym birthYear
  journal(first: 100) { totalCount entries { writtenAt type sourceSystem text } } } } }`;

beforeAll(async () => {
  extractDir = mkdtempSync(join(tmpdir(), 'helsespor-extract-'));
  const base = testConfig({});
  env = await startTestStack({ research: { ...base.research, extractDir } });
  ({ tdb, stack } = env);
  ds = await loadDemoData(tdb.db);
  await followImportedIds(tdb.db, ds);
  const p0 = ds.patients[0]!;
  // The record knows a relative (as the HP RelatedPerson import stores one), and notes name both.
  await tdb.db.query(
    `INSERT INTO journal.related_person (source_system, source_id, patient_id, national_id, name, relationship_codes, relationship_text, nearest_relative)
     VALUES ('HELSEPLATTFORMEN', 'rp-research-1', $1, $2, $3, '{MTH}', 'Mor', true)`,
    [p0.id, RELATIVE.nationalId, RELATIVE.name],
  );
  const notes = [
    `${p0.givenName} ${p0.familyName} (${p0.nationalId}) kom med moren ${RELATIVE.name}. Hun forteller at hun ble mobbet.`,
    `Mor (${RELATIVE.name.split(' ')[0]}, fnr ${RELATIVE.nationalId}) ringte fra 922 33 444 om ${p0.givenName}s søvn. Ny time 14.05.2014.`,
    `${p0.givenName.toUpperCase()} bor i Elgeseter gate 10, 7030 Trondheim. ${p0.familyName}-familien ønsker samtale.`,
    // A note that starts as a spreadsheet formula would.
    '=HYPERLINK("http://x.example","Kontroll") hos helsesykepleier.',
  ];
  for (const [i, text] of notes.entries())
    await tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $3, 'Journalnotat', $4, $5)`,
      [`je-research-${i}`, p0.id, `research-${i}`, `2014-0${i + 3}-10T10:00:00+01:00`, text],
    );
  await stack.index();
  secrets = [
    ...ds.patients.flatMap((p) => [p.givenName, p.familyName, p.nationalId!, p.birthDate!]),
    RELATIVE.name,
    RELATIVE.name.split(' ')[0]!,
    RELATIVE.nationalId,
  ];
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
});

afterAll(async () => {
  await env?.stop();
  if (extractDir) rmSync(extractDir, { recursive: true, force: true });
});

/** The persons the grant's birth window selects, by the database. */
async function bornBetween(from: string, to: string): Promise<number> {
  return (
    await tdb.db.query<{ n: number }>(
      `SELECT count(DISTINCT coalesce(national_id, id))::int AS n FROM journal.patient WHERE birth_date BETWEEN $1 AND $2`,
      [from, to],
    )
  ).rows[0]!.n;
}

describe('registering grants (helseforskningsloven §§ 9-10, 33; helsepersonelloven § 29)', () => {
  test('an archivist registers; the cohort is computed; a researcher may not register', async () => {
    const g = await register('G-REG');
    expect(g).toMatchObject({ id: 'G-REG', version: 1, active: true });
    expect(g.cohortSize).toBe(await bornBetween('1990-01-01', '2005-12-31'));
    expect(g.cohortSize).toBeGreaterThan(0);
    const r = await gql(stack.gateway.url, REGISTER, {
      token: await researcherToken('G-REG'),
      variables: { i: grantInput('G-SELF') },
    });
    expect(forbidden(r.body)).toEqual(['registerGrant needs role archivist']);
  });

  test.each([
    [
      'no approval reference',
      { rekNumber: null, dispensationRef: null },
      /approval reference is required: rekNumber \(helseforskningsloven §§ 9-10, 33\) and\/or dispensationRef \(helsepersonelloven § 29\)/,
    ],
    ['free text variable without freeText', { freeText: false }, /free-text variable needs freeText: true/],
    ['a variable outside the closed list', { variables: ['PATIENT_NAME'] }, /PATIENT_NAME/],
    ['an unknown concept', { cohort: { concepts: ['fotball'] } }, /must be a concept of the vocabulary/],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, /expiresAt must be in the future/],
  ])('refused with a clear error: %s', async (_, over, message) => {
    const r = await gql(stack.gateway.url, REGISTER, {
      token: archivist,
      variables: { i: grantInput(`G-BAD-${Math.random()}`, over) },
    });
    expect(r.body.errors?.[0]?.message).toMatch(message);
  });

  test('a cohort by a concept found in the text: only the person whose notes name bullying', async () => {
    const g = await register('G-CONCEPT', {
      cohort: { concepts: ['mobbing'] },
      variables: ['PERSON_BIRTH_YEAR'],
      freeText: false,
    });
    const persons = (
      await tdb.db.query<{ person_key: string }>(
        `SELECT person_key FROM policy.grant_cohort WHERE grant_id = 'G-CONCEPT'`,
      )
    ).rows.map((r) => r.person_key);
    expect(g.cohortSize).toBe(1);
    expect(persons).toEqual([ds.patients[0]!.nationalId]);
  });
});

describe('a researcher reaches only the cohort and the approved variables (helseforskningsloven § 33; personopplysningsloven art. 89)', () => {
  beforeAll(async () => {
    await register('G-A');
    await register('G-B', {
      variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT'],
      freeText: false,
      datePrecision: 'YEAR',
    });
  });

  test('only the cohort, as pseudonyms; dates at the approved precision; free text de-identified', async () => {
    const r = await gql(stack.gateway.url, COHORT, { token: await researcherToken('G-A') });
    expect(r.body.errors).toBeUndefined();
    const c = r.body.data.researchCohort;
    expect(c).toMatchObject({ grantId: 'G-A', version: 1 });
    expect(c.totalCount).toBe(await bornBetween('1990-01-01', '2005-12-31'));
    expect(c.subjects).toHaveLength(c.totalCount);
    for (const s of c.subjects) {
      expect(s.pseudonym).toMatch(/^P-[A-Z0-9]{16}$/);
      expect(s.birthYear).toBeGreaterThanOrEqual(1990);
      expect(s.birthYear).toBeLessThanOrEqual(2005);
      for (const e of s.journal.entries) expect(e.writtenAt).toMatch(/^\d{4}-\d{2}$/);
    }
    const texts: string[] = c.subjects.flatMap((s: any) => s.journal.entries.map((e: any) => e.text));
    expect(texts.some((t) => t.includes('mobbet'))).toBe(true);
    expect(texts.some((t) => t.includes('[NAVN]') && t.includes('[FNR]'))).toBe(true);
    const json = JSON.stringify(r.body);
    for (const s of secrets) expect(json).not.toContain(s);
    expect(json).not.toMatch(/922 33 444|Elgeseter|7030|14\.05\.2014/);
    // Nobody outside the birth window.
    const outside = ds.patients.filter((p) => p.birthDate! < '1990-01-01' || p.birthDate! > '2005-12-31');
    expect(outside.length).toBeGreaterThan(0);
    // The access log names the grant.
    const log = await tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id = 'forsker-a' AND matter = 'grant G-A' AND entity_type = 'journal_entry' AND outcome = 'granted'`,
    );
    expect(log.rowCount).toBeGreaterThan(0);
  });

  test("helseforskningsloven § 33, helsepersonelloven §§ 42-43: a researcher's notes are the current ones: no corrected-away version, no deleted note, and neither puts a person in a cohort (found in review)", async () => {
    const p = (
      await tdb.db.query<{ id: string }>(
        "SELECT id FROM journal.patient WHERE birth_date BETWEEN '1990-01-01' AND '2005-12-31' AND national_id <> $1 ORDER BY id LIMIT 1",
        [ds.patients[0]!.nationalId],
      )
    ).rows[0]!.id;
    const note = (id: string, text: string | null, status: string, deleted: boolean) =>
      tdb.db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status, deleted_at)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, $3, '1989-06-01T10:00:00+02:00', $4, $5, $6)`,
        [id, p, `RSV-${status}${deleted ? '-slettet' : ''}`, text, status, deleted ? new Date() : null],
      );
    await note('rsv-old', 'Feil opplysning rsvfeilord: hun blir mobbet.', 'superseded', false);
    await note('rsv-new', 'Rettet opplysning om pasienten.', 'current', false);
    await note('rsv-deleted', null, 'current', true);
    const r = await gql(stack.gateway.url, COHORT, { token: await researcherToken('G-A') });
    expect(r.body.errors).toBeUndefined();
    const entries = r.body.data.researchCohort.subjects.flatMap((s: any) => s.journal.entries);
    const types = entries.map((e: any) => e.type);
    expect(types).toContain('RSV-current');
    expect(types).not.toContain('RSV-superseded');
    expect(types).not.toContain('RSV-current-slettet');
    expect(JSON.stringify(r.body)).not.toContain('rsvfeilord');
    // A word only the corrected-away version has, or a period only a deleted note falls in, selects no one more.
    // (Only ds.patients[0]'s current notes name bullying: G-CONCEPT above.)
    expect((await register('G-RSV-WORD', { cohort: { concepts: ['mobbing'] } })).cohortSize).toBe(1);
    await tdb.db.query(
      "UPDATE journal.journal_entry SET written_at = '1975-06-01T10:00:00+01:00' WHERE id = 'rsv-deleted'",
    );
    // (No other note of anyone was written in 1975.)
    const in1975 = await tdb.db.query(
      "SELECT 1 FROM journal.journal_entry WHERE written_at >= '1975-01-01' AND written_at < '1976-01-01' AND id <> 'rsv-deleted'",
    );
    expect(in1975.rowCount).toBe(0);
    expect(
      (await register('G-RSV-PERIOD', { cohort: { periodFrom: '1975-01-01', periodTo: '1975-12-31' } }))
        .cohortSize,
    ).toBe(0);
  });

  test('pseudonyms match within a grant and differ across two grants over the same persons', async () => {
    const q = '{ researchCohort { subjects(first: 50) { pseudonym birthYear } } }';
    const a1 = await gql(stack.gateway.url, q, { token: await researcherToken('G-A') });
    const a2 = await gql(stack.gateway.url, q, { token: await researcherToken('G-A') });
    const b = await gql(stack.gateway.url, q, { token: await researcherToken('G-B') });
    const ps = (r: typeof a1) =>
      r.body.data.researchCohort.subjects.map((s: { pseudonym: string }) => s.pseudonym);
    expect(ps(a1)).toEqual(ps(a2));
    expect(ps(b)).toHaveLength(ps(a1).length);
    expect(ps(b).filter((p: string) => ps(a1).includes(p))).toEqual([]);
    // The same persons: the birth years, in some order, are the same multiset.
    const years = (r: typeof a1) =>
      r.body.data.researchCohort.subjects.map((s: { birthYear: number }) => s.birthYear).sort();
    expect(years(b)).toEqual(years(a1));
  });

  test('asking for nationalId, names or unapproved text is refused with a clear error', async () => {
    const p0 = ds.patients[0]!;
    const tb = await researcherToken('G-B');
    const text = await gql(
      stack.gateway.url,
      '{ researchCohort { subjects(first: 5) { journal { entries { text } } } } }',
      {
        token: tb,
      },
    );
    expect(forbidden(text.body)).toContain('variable JOURNAL_TEXT is not approved by grant G-B version 1');
    expect(JSON.stringify(text.body)).not.toContain('mobbet');
    const gender = await gql(stack.gateway.url, '{ researchCohort { subjects(first: 5) { gender } } }', {
      token: await researcherToken('G-A'),
    });
    expect(forbidden(gender.body)).toContain('variable PERSON_GENDER is not approved by grant G-A version 1');
    const ta = await researcherToken('G-A');
    for (const q of [
      `{ patient(id: "${p0.id}") { nationalId givenName familyName } }`,
      `{ patientByNationalId(nationalId: "${p0.nationalId}") { id } }`,
      `{ search(query: "mobbet") { total hits { journalEntry { text patient { nationalId } } } } }`,
      `{ search(query: "mobbet") { hits { highlights } } }`,
      `{ search(query: "mobbet") { hits { saksmappe { tittel } coercionExecution { description } patient { id } } } }`,
    ]) {
      const r = await gql(stack.gateway.url, q, { token: ta });
      expect(forbidden(r.body).length).toBeGreaterThan(0);
      expect(forbidden(r.body)[0]).toMatch(/needs role legal or archivist/);
      const json = JSON.stringify(r.body);
      for (const s of secrets) expect(json).not.toContain(s);
    }
    // Suggested terms are words of the notes, not de-identified.
    const words = await gql(stack.gateway.url, '{ search(query: "mobbet") { suggestedTerms { term } } }', {
      token: ta,
    });
    expect(forbidden(words.body)).toEqual([
      'suggestedTerms are words of the notes themselves, not de-identified: not for role researcher',
    ]);
    // The research types have no identifying fields at all.
    const nid = await gql(stack.gateway.url, '{ researchCohort { subjects { nationalId name } } }', {
      token: ta,
    });
    expect(nid.body.errors?.[0]?.message).toMatch(
      /Cannot query field "nationalId" on type "ResearchSubject"/,
    );
    const denied = await tdb.db.query<{ rule: string }>(
      `SELECT rule FROM audit.access_log WHERE user_id = 'forsker-a' AND outcome = 'denied'`,
    );
    expect(denied.rows.map((d) => d.rule)).toContain(
      'variable JOURNAL_TEXT is not approved by grant G-B version 1',
    );
  });

  test("search counts only the cohort: a grant over one person counts that person's notes only", async () => {
    // Search counts words of the notes only when the grant approves their text (JOURNAL_TEXT;
    // lib/policy RESEARCH_SEARCH_TEXT, review s32): the free-text flag alone approves none.
    await register('G-CONCEPT-TEXT', {
      cohort: { concepts: ['mobbing'] },
      variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TEXT'],
      freeText: true,
    });
    const one = await researcherToken('G-CONCEPT-TEXT');
    const r = await gql(stack.gateway.url, '{ search(query: "mobbet", expand: false) { total } }', {
      token: one,
    });
    expect(r.body.errors).toBeUndefined();
    const arch = await gql(
      stack.gateway.url,
      `{ patient(id: "${ds.patients[0]!.id}") { search(query: "mobbet", expand: false) { total } } }`,
      { token: archivist },
    );
    expect(r.body.data.search.total).toBe(arch.body.data.patient.search.total);
    const everyone = await gql(stack.gateway.url, '{ search(query: "mobbet", expand: false) { total } }', {
      token: archivist,
    });
    expect(everyone.body.data.search.total).toBeGreaterThanOrEqual(r.body.data.search.total);
  });

  test('helseforskningsloven § 33: search counts matches in free text, so it needs a grant that approves free text, and never names a person (found in review)', async () => {
    // G-CONCEPT approves no free text: counting "mobbet" in the notes is a use of free text.
    const noText = await gql(stack.gateway.url, '{ search(query: "mobbet", expand: false) { total } }', {
      token: await researcherToken('G-CONCEPT'),
    });
    expect(forbidden(noText.body)).toEqual([
      'search counts matches in free text: free text is not approved by grant G-CONCEPT version 1',
    ]);
    // A named person (by record id) would count one person's notes and test cohort membership.
    const named = await gql(
      stack.gateway.url,
      `{ search(query: "mobbet", patientId: "${ds.patients[0]!.id}", first: 0) { total } }`,
      { token: await researcherToken('G-A') },
    );
    expect(forbidden(named.body)).toEqual([
      'a researcher searches the grant cohort, not a person named by id',
    ]);
    expect(named.body.data?.search ?? null).toBeNull();
  });

  test("helseforskningsloven § 33: search counts only the record kinds whose source the grant approves (found in review: a journal-only grant counted the coercion protocol's free text)", async () => {
    // Journal variables only: the coercion protocol (EXECUTION_*) and the archive (CASE_*) are not approved.
    await register('G-KINDS', { cohort: {}, variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TEXT'] });
    const q = (kinds: string) =>
      `{ search(query: "armene", expand: false, kinds: [${kinds}]) { total hits { kind } termReport { hits } } }`;
    const all = await gql(stack.gateway.url, q('"coercion_execution"'), { token: archivist });
    expect(all.body.data.search.total).toBeGreaterThan(0);
    const journalOnly = await gql(
      stack.gateway.url,
      q('"coercion_execution", "journalpost", "archive_document"'),
      {
        token: await researcherToken('G-KINDS'),
      },
    );
    expect(journalOnly.body.errors).toBeUndefined();
    expect(journalOnly.body.data.search.total).toBe(0);
    expect(journalOnly.body.data.search.termReport.every((t: { hits: number }) => t.hits === 0)).toBe(true);
    // A grant that approves the protocol's variables counts its records.
    await register('G-KINDS-EXEC', {
      cohort: {},
      variables: ['PERSON_BIRTH_YEAR', 'EXECUTION_MEASURE', 'EXECUTION_DESCRIPTION'],
    });
    const withExec = await gql(stack.gateway.url, q('"coercion_execution"'), {
      token: await researcherToken('G-KINDS-EXEC'),
    });
    expect(withExec.body.errors).toBeUndefined();
    expect(withExec.body.data.search.total).toBe(all.body.data.search.total);
  });

  test("helseforskningsloven § 33: a researcher's search counts coercion executions by their measure only when the grant approves EXECUTION_MEASURE (review s33: EXECUTION_DESCRIPTION alone counted executions by the measure's name)", async () => {
    // Scenario: an execution's indexed text is "<measure>. <description>"
    // (subgraphs/coercion/outbox.ts). A grant that approves the description and not the measure
    // searched for the measure's name (here a code no description holds) and counted the
    // executions by measure: 1 before the fix. Expected: 0, as researchCohort refuses the
    // measure field; with EXECUTION_MEASURE approved too the execution counts.
    const nid = ds.patients[0]!.nationalId;
    await tdb.db.query(
      `INSERT INTO coercion.execution (id, patient_nid, measure, start_at, end_at, executed_by, description, source_system, source_id)
       VALUES ('xs-s33-measure', $1, 'Skjerming zqxtiltakskode', timestamptz '2021-05-04 10:00+02', timestamptz '2021-05-04 10:30+02',
               '{pleier}', 'Rolig etter samtale med miljøterapeut.', 'REVIEW', 'xs-s33-measure')`,
      [nid],
    );
    await stack.index();
    const q = (query: string) =>
      `{ search(query: "${query}", expand: false, first: 0) { total termReport { expansion hits } } }`;
    const all = await gql(stack.gateway.url, q('zqxtiltakskode'), { token: archivist });
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data.search.total).toBe(1);
    await register('G-S33-DESC', {
      cohort: {},
      variables: ['PERSON_BIRTH_YEAR', 'EXECUTION_START', 'EXECUTION_DESCRIPTION'],
      outputLevel: 'PSEUDONYMISED_RECORDS',
    });
    const desc = await gql(stack.gateway.url, q('zqxtiltakskode'), {
      token: await researcherToken('G-S33-DESC'),
    });
    expect(desc.body.errors).toBeUndefined();
    expect(desc.body.data.search.total).toBe(0);
    expect(desc.body.data.search.termReport.every((t: { hits: number }) => t.hits === 0)).toBe(true);
    // Nor by a word of the description (the kind's indexed text holds the measure: not counted at all).
    const word = await gql(stack.gateway.url, q('miljøterapeut'), {
      token: await researcherToken('G-S33-DESC'),
    });
    expect(word.body.errors).toBeUndefined();
    expect(word.body.data.search.total).toBe(0);
    await register('G-S33-BOTH', {
      cohort: {},
      variables: ['PERSON_BIRTH_YEAR', 'EXECUTION_START', 'EXECUTION_MEASURE', 'EXECUTION_DESCRIPTION'],
      outputLevel: 'PSEUDONYMISED_RECORDS',
    });
    const both = await gql(stack.gateway.url, q('zqxtiltakskode'), {
      token: await researcherToken('G-S33-BOTH'),
    });
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data.search.total).toBe(1);
    // The tests below count the demo data's executions: this one leaves (the database and the index).
    await deleteTestRows(tdb, 'coercion.execution', `id = 'xs-s33-measure'`);
    await stack.index();
    const gone = await gql(stack.gateway.url, q('zqxtiltakskode'), { token: archivist });
    expect(gone.body.data.search.total).toBe(0);
  });

  test('a count-only search about one person is logged under that person (found in review: first: 0 wrote no row)', async () => {
    const token = await stack.token({
      sub: 'arkivar-count',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const p = ds.patients[0]!;
    const r = await gql(
      stack.gateway.url,
      `{ search(query: "mobbet", patientId: "${p.id}", first: 0) { total } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    const rows = await tdb.db.query<{ patient_id: string; entity_type: string }>(
      `SELECT patient_id, entity_type FROM audit.access_log WHERE user_id = 'arkivar-count' AND outcome = 'granted'`,
    );
    expect(rows.rows).toEqual([{ patient_id: p.id, entity_type: 'search_hit' }]);
  });

  test('a grant id names files, so it is letters, digits, ".", "_" and "-" only (found in review: "../.." wrote an extract outside EXTRACT_DIR)', async () => {
    const r = await gql(stack.gateway.url, REGISTER, {
      token: archivist,
      variables: { i: grantInput('../../../../tmp/escaped') },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.message).toMatch(/id: letters, digits/);
  });

  test('an amendment is a new version, history kept; pseudonyms stay; dates follow the new precision', async () => {
    const before = await gql(stack.gateway.url, '{ researchCohort { subjects(first: 50) { pseudonym } } }', {
      token: await researcherToken('G-A'),
    });
    const m = await gql(
      stack.gateway.url,
      `mutation { amendGrant(id: "G-A", input: { datePrecision: YEAR }, reason: "REK endring 2025/123456-2") { id version datePrecision changeReason history { version datePrecision } } }`,
      { token: archivist },
    );
    expect(m.body.errors).toBeUndefined();
    expect(m.body.data.amendGrant).toMatchObject({
      version: 2,
      datePrecision: 'YEAR',
      changeReason: 'REK endring 2025/123456-2',
      history: [
        { version: 1, datePrecision: 'MONTH' },
        { version: 2, datePrecision: 'YEAR' },
      ],
    });
    const after = await gql(stack.gateway.url, COHORT, { token: await researcherToken('G-A') });
    expect(after.body.data.researchCohort.version).toBe(2);
    expect(after.body.data.researchCohort.subjects.map((s: any) => s.pseudonym)).toEqual(
      before.body.data.researchCohort.subjects.map((s: any) => s.pseudonym),
    );
    for (const s of after.body.data.researchCohort.subjects)
      for (const e of s.journal.entries) expect(e.writtenAt).toMatch(/^\d{4}$/);
  });

  test('a researcher not named on the grant, or with no grant claim, gets nothing', async () => {
    const other = await gql(stack.gateway.url, COHORT, { token: await researcherToken('G-A', 'forsker-z') });
    expect(forbidden(other.body)).toEqual(['user forsker-z is not a researcher on grant G-A']);
    const none = await gql(stack.gateway.url, COHORT, {
      token: await stack.token({ sub: 'forsker-a', role: 'researcher', purpose: 'RESEARCH' }),
    });
    expect(forbidden(none.body)).toEqual([
      'role researcher reads patient data only under a grant (token claim grant)',
    ]);
    const legal = await gql(stack.gateway.url, COHORT, {
      token: await stack.token({ sub: 'x', role: 'legal', purpose: 'LEGAL_PROCEEDINGS', grant: 'G-A' }),
    });
    expect(legal.status).toBe(401);
    expect(legal.body.errors?.[0]?.message).toMatch(/grant is a researcher's claim/);
  });
});

describe('an expired or withdrawn grant gets nothing, and says why (helseforskningsloven § 33)', () => {
  test('expired', async () => {
    await register('G-EXP');
    await tdb.db.query(
      `UPDATE policy.research_grant SET expires_at = '2026-01-01T00:00:00Z' WHERE id = 'G-EXP'`,
    );
    const t = await researcherToken('G-EXP');
    for (const q of [COHORT, '{ search(query: "mobbet") { total } }']) {
      const r = await gql(stack.gateway.url, q, { token: t });
      expect(forbidden(r.body)).toEqual(['grant G-EXP expired at 2026-01-01T00:00:00.000Z']);
      expect(r.body.data?.researchCohort ?? r.body.data?.search ?? null).toBeNull();
    }
    const x = await gql(stack.gateway.url, 'mutation { extract(grantId: "G-EXP") { directory } }', {
      token: t,
    });
    expect(forbidden(x.body)).toEqual(['grant G-EXP expired at 2026-01-01T00:00:00.000Z']);
  });

  test('withdrawn', async () => {
    await register('G-WD');
    const w = await gql(
      stack.gateway.url,
      'mutation { withdrawGrant(id: "G-WD", reason: "REK trakk godkjenningen") { active withdrawReason } }',
      { token: archivist },
    );
    expect(w.body.data.withdrawGrant).toEqual({ active: false, withdrawReason: 'REK trakk godkjenningen' });
    const r = await gql(stack.gateway.url, COHORT, { token: await researcherToken('G-WD') });
    expect(forbidden(r.body)[0]).toMatch(/^grant G-WD was withdrawn at .*: REK trakk godkjenningen$/);
    expect(r.body.data).toBeNull();
  });
});

describe('extracts (helseforskningsloven § 33; personopplysningsloven art. 30: the disclosure log)', () => {
  beforeAll(async () => {
    await register('G-X', {
      variables: [
        'PERSON_BIRTH_YEAR',
        'PERSON_GENDER',
        'JOURNAL_WRITTEN_AT',
        'JOURNAL_AGE',
        'JOURNAL_SOURCE_SYSTEM',
        'JOURNAL_TEXT',
        'DECISION_MEASURES',
        'EXECUTION_MEASURE',
        'EXECUTION_MINUTES',
        'CASE_DATE',
        'CASE_TITLE',
      ],
      cohort: {},
      datePrecision: 'SHIFTED',
    });
  });

  test('the extract mutation writes CSV and Parquet with a manifest that verifies; logged as a disclosure', async () => {
    const t = await researcherToken('G-X');
    const r = await gql(
      stack.gateway.url,
      'mutation { extract(grantId: "G-X") { directory manifest disclosure { id recipient approval files { name rows sha256 } } } }',
      { token: t },
    );
    expect(r.body.errors).toBeUndefined();
    const x = r.body.data.extract;
    const manifest = JSON.parse(x.manifest);
    expect(manifest).toMatchObject({
      grant: { id: 'G-X', version: 1, approval: 'REK 2025/123456; Hdir 25/4711' },
      recipient: 'forsker-a',
      builtBy: 'forsker-a',
    });
    expect(manifest.cohort.persons).toBe(ds.patients.length);
    expect(Object.keys(manifest.rowCounts).sort()).toEqual([
      'cases',
      'decisions',
      'executions',
      'journal',
      'persons',
    ]);
    expect(manifest.rowCounts.persons).toBe(ds.patients.length);
    expect(manifest.rowCounts.journal).toBe(
      // The current notes (a corrected-away version or a deleted note is no research data).
      (
        await tdb.db.query(
          "SELECT 1 FROM journal.journal_entry WHERE status = 'current' AND deleted_at IS NULL",
        )
      ).rowCount,
    );
    expect(manifest.rowCounts.executions).toBe(ds.executions.length);
    expect(x.disclosure.files).toHaveLength(10);
    const manifestPath = join(extractDir, x.directory.split('/').pop(), 'manifest.json');
    const dir = join(extractDir, x.directory.split('/').pop());
    expect(await verifyExtract(manifestPath, tdb.db)).toEqual([]);
    // Both formats hold the same rows, pseudonymised and de-identified.
    const csv = readFileSync(join(dir, 'journal.csv'), 'utf8');
    const pq = readFileSync(join(dir, 'journal.parquet'));
    const { parquetReadObjects } = await import('hyparquet');
    const rows = await parquetReadObjects({
      file: pq.buffer.slice(pq.byteOffset, pq.byteOffset + pq.byteLength) as ArrayBuffer,
    });
    expect(rows).toHaveLength(manifest.rowCounts.journal);
    expect(Object.keys(rows[0]!)).toEqual(['pseudonym', 'written_at', 'age', 'source_system', 'text']);
    for (const text of [csv, JSON.stringify(rows), readFileSync(join(dir, 'cases.csv'), 'utf8')])
      for (const s of secrets) expect(text).not.toContain(s);
    expect(csv).toContain('[NAVN]');
    // personopplysningsloven art. 32: a note that starts as a formula is written as text (found in review).
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""Kontroll"") hos helsesykepleier."`);
    expect(csv.split('\n').some((l) => /(^|,)"?=/.test(l))).toBe(false);
    // SHIFTED: one shift per person; the real dates are not there.
    expect(csv).not.toContain('2014-03-10');
    // Tampering is caught.
    writeFileSync(
      join(dir, 'persons.csv'),
      readFileSync(join(dir, 'persons.csv'), 'utf8') + 'P-X,1999,female\n',
    );
    expect((await verifyExtract(manifestPath, tdb.db)).join('\n')).toMatch(/persons.csv: .*SHA-256/);
    // The disclosure log: archivists read it; researchers do not.
    const log = await gql(
      stack.gateway.url,
      '{ disclosureLog(grantId: "G-X") { grantId version recipient builtBy approval variables manifestSha256 } }',
      { token: archivist },
    );
    expect(log.body.data.disclosureLog).toEqual([
      expect.objectContaining({
        grantId: 'G-X',
        version: 1,
        recipient: 'forsker-a',
        approval: 'REK 2025/123456; Hdir 25/4711',
      }),
    ]);
    const refused = await gql(stack.gateway.url, '{ disclosureLog { grantId } }', { token: t });
    expect(forbidden(refused.body)).toEqual(['disclosureLog needs role archivist']);
    // Every person disclosed is in the access log.
    const logged = await tdb.db.query(
      `SELECT DISTINCT patient_id FROM audit.access_log WHERE entity_type = 'research_extract' AND user_id = 'forsker-a'`,
    );
    expect(logged.rowCount).toBe(ds.patients.length);
  });

  test('every subgraph answers for the cohort: coercion and archive records through ResearchSubject, approved variables only', async () => {
    const t = await researcherToken('G-X');
    const r = await gql(
      stack.gateway.url,
      `{ researchCohort { subjects(first: 50) { pseudonym coercionDecisions { measures }
         coercionExecutions { measure minutes } cases { saksdato tittel } } } }`,
      { token: t },
    );
    expect(r.body.errors).toBeUndefined();
    const subjects = r.body.data.researchCohort.subjects;
    const executions = subjects.flatMap((s: any) => s.coercionExecutions);
    expect(executions).toHaveLength(ds.executions.length);
    expect(subjects.flatMap((s: any) => s.coercionDecisions)).toHaveLength(ds.decisions.length);
    const cases = subjects.flatMap((s: any) => s.cases);
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.some((c: any) => c.tittel.includes('[NAVN]'))).toBe(true);
    const json = JSON.stringify(r.body);
    for (const s of secrets) expect(json).not.toContain(s);
    // Unapproved: the execution's description, the decision's legal basis, the case status.
    for (const [q, rule] of [
      [
        'coercionExecutions { description }',
        'variable EXECUTION_DESCRIPTION is not approved by grant G-X version 1',
      ],
      [
        'coercionDecisions { legalBasis }',
        'variable DECISION_LEGAL_BASIS is not approved by grant G-X version 1',
      ],
      ['cases { saksstatus }', 'variable CASE_STATUS is not approved by grant G-X version 1'],
    ]) {
      const u = await gql(stack.gateway.url, `{ researchCohort { subjects(first: 50) { ${q} } } }`, {
        token: t,
      });
      expect(forbidden(u.body)).toContain(rule);
    }
  });

  test("a reference to a pseudonym outside the caller's cohort is refused in every subgraph", async () => {
    // Another grant's pseudonym, handed to each subgraph as the gateway would (an entity reference).
    const other = await gql(stack.gateway.url, '{ researchCohort { subjects(first: 1) { pseudonym } } }', {
      token: await researcherToken('G-B'),
    });
    const foreign = other.body.data.researchCohort.subjects[0].pseudonym;
    const caller = {
      userId: 'forsker-a',
      role: 'researcher' as const,
      purpose: 'RESEARCH',
      grant: 'G-X',
      selfAuthorized: false,
      requestId: `req-${Date.now()}`,
    };
    const fields = {
      journal: 'birthYear',
      coercion: 'coercionExecutions { measure }',
      archive: 'cases { saksdato }',
    };
    for (const sub of stack.subgraphs.filter((s) => s.name in fields)) {
      const body = JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ResearchSubject { ${fields[sub.name as keyof typeof fields]} } } }`,
        variables: { r: [{ __typename: 'ResearchSubject', pseudonym: foreign }] },
      });
      const statement = await signInternalToken(caller, testConfig({}).internalSecret, {
        audience: sub.name,
        body,
      });
      const res = await fetch(sub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: statement },
        body,
      });
      const answer = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(forbidden(answer)).toEqual([`pseudonym ${foreign} is not in the cohort of grant G-X version 1`]);
    }
  });

  test("an aggregate-only grant gets no extract and no subjects; another grant's extract is refused", async () => {
    await register('G-AGG', { outputLevel: 'AGGREGATE' });
    const t = await researcherToken('G-AGG');
    const x = await gql(stack.gateway.url, 'mutation { extract(grantId: "G-AGG") { directory } }', {
      token: t,
    });
    expect(forbidden(x.body)).toEqual([
      'grant G-AGG is approved for aggregate output only: no record-level extract',
    ]);
    const c = await gql(stack.gateway.url, '{ researchCohort { totalCount subjects { pseudonym } } }', {
      token: t,
    });
    expect(forbidden(c.body)).toEqual(['grant G-AGG is approved for aggregate output only: no subjects']);
    const other = await gql(stack.gateway.url, 'mutation { extract(grantId: "G-X") { directory } }', {
      token: t,
    });
    expect(forbidden(other.body)).toEqual(['the token names grant G-AGG, not G-X']);
  });
});

describe('the command line: grant, extract, verify-extract, disclosure-log (helseforskningsloven § 33)', () => {
  const cli = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn' };
    delete env.ELASTICSEARCH_URL;
    return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
  };

  test('register from a file, extract, verify; a tampered file and a withdrawn grant fail with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helsespor-cli-extract-'));
    try {
      const file = join(dir, 'grant.json');
      writeFileSync(
        file,
        JSON.stringify(grantInput('G-CLI', { variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_TEXT'] })),
      );
      const reg = cli('grant', 'register', file);
      expect(reg.stderr).toBe('');
      expect(reg.status).toBe(0);
      expect(JSON.parse(reg.stdout)).toMatchObject({
        id: 'G-CLI',
        version: 1,
        approval: 'REK 2025/123456; Hdir 25/4711',
      });
      const out = join(dir, 'out');
      const x = cli('extract', 'G-CLI', '--out', out);
      expect(x.status).toBe(0);
      expect(x.stdout).toMatch(
        /^Extract of grant G-CLI version 1 \(REK 2025\/123456; Hdir 25\/4711\) for forsker-a: persons \d+, journal \d+ rows/,
      );
      const manifest = join(out, readdirSync(out)[0]!, 'manifest.json');
      const ok = cli('verify-extract', manifest);
      expect(ok.stdout).toBe(`Extract verifies: ${manifest}\n`);
      expect(ok.status).toBe(0);
      const journal = join(out, readdirSync(out)[0]!, 'journal.csv');
      writeFileSync(journal, readFileSync(journal, 'utf8').replace('[NAVN]', 'Ida'));
      const bad = cli('verify-extract', manifest);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/journal.csv: .*SHA-256/);
      const log = cli('disclosure-log', 'G-CLI');
      expect(log.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(log.stdout)).toMatchObject({ grant_id: 'G-CLI', recipient: 'forsker-a' });
      expect(cli('grant', 'withdraw', 'G-CLI', '--reason', 'Prosjektet avsluttet').status).toBe(0);
      const refused = cli('extract', 'G-CLI', '--out', out);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^Error: grant G-CLI was withdrawn at .*: Prosjektet avsluttet\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a corrected note counts by the care it documents (issue 14; helseforskningsloven § 33)', () => {
  test("the grant's period and age window use the care period of an amended Helseplattformen note, as search and the journal do", async () => {
    const p0 = ds.patients[0]!;
    // Written (corrected) in 2019 about care given in May 2014: inside a 2014 grant, outside a 2019 one.
    await tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, amended, care_start, care_end)
       VALUES ('je-research-amended', $1, 'HELSEPLATTFORMEN', 'research-amended', 'Journalnotat', '2019-06-01T10:00:00+02:00',
               'Korrigert notat om oppfølging i mai.', true, '2014-05-02T09:00:00+02:00', '2014-05-02T10:00:00+02:00')`,
      [p0.id],
    );
    const texts = async (grant: string) => {
      const r = await gql(stack.gateway.url, COHORT, { token: await researcherToken(grant) });
      expect(r.body.errors).toBeUndefined();
      return r.body.data.researchCohort.subjects.flatMap((s: any) =>
        s.journal.entries.map((e: any) => e.text),
      );
    };
    await register('G-CARE-2014', {
      cohort: {
        bornFrom: '1990-01-01',
        bornTo: '2005-12-31',
        periodFrom: '2014-01-01',
        periodTo: '2014-12-31',
      },
    });
    await register('G-CARE-2019', {
      cohort: {
        bornFrom: '1990-01-01',
        bornTo: '2005-12-31',
        periodFrom: '2019-01-01',
        periodTo: '2019-12-31',
      },
    });
    expect(await texts('G-CARE-2014')).toContain('Korrigert notat om oppfølging i mai.');
    expect(await texts('G-CARE-2019')).not.toContain('Korrigert notat om oppfølging i mai.');
  });
});
