/**
 * Adversarial review (session 30, c) of the day's access and research changes: the query
 * budget of aggregate-only grants, research cohorts that follow unlinks, matter reads logged.
 * Through the gateway on real PostgreSQL and Elasticsearch, with synthetic persons written
 * straight to the journal tables. Each test is an attack that works on the code as reviewed:
 * it FAILS now and passes once the hole is closed; the comment above each names the attack,
 * the rule it breaks and the rule's source, and where the fix belongs.
 */
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { PTABLE } from '../lib/policy/search-counts';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

let env: TestStack;
let archivist: string;
const pad = (n: number) => String(n).padStart(2, '0');

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body as Body;

/** One request through the gateway: its answer and the request id the access log carries. */
async function ask(token: string, query: string) {
  const res = await fetch(env.stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { body: (await res.json()) as Body, requestId: res.headers.get('x-request-id')! };
}

async function patient(id: string, nationalId: string, birth: string) {
  await env.tdb.db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Revisjonsen', 'Rut', $3)`,
    [id, nationalId, birth],
  );
}

async function note(id: string, patientId: string, writtenAt: string, text: string) {
  await env.tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
    [id, patientId, writtenAt, text],
  );
  await env.tdb.db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
    id,
  ]);
}

const grantInput = (id: string, over: Record<string, unknown>) => ({
  id,
  projectId: `P-${id}`,
  title: 'Revisjon s30 c',
  rekNumber: '2025/424242',
  legalBasis: 'helseforskningsloven § 33',
  responsibleResearcher: 'forsker-s30c',
  cohort: {},
  variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
  datePrecision: 'MONTH',
  freeText: true,
  outputLevel: 'PSEUDONYMISED_RECORDS',
  expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
  ...over,
});

async function register(id: string, over: Record<string, unknown>) {
  const r = await call(
    archivist,
    'mutation($i: RegisterGrantInput!) { registerGrant(input: $i) { id version queryBudget cohortSize } }',
    { i: grantInput(id, over) },
  );
  expect(r.errors).toBeUndefined();
  return r.data.registerGrant;
}

const researcher = (grant: string) =>
  env.stack.token({ sub: 'forsker-s30c', role: 'researcher', purpose: 'RESEARCH', grant });

async function linkPatients(a: string, b: string, link: boolean) {
  const r = await call(
    archivist,
    `mutation { ${link ? 'linkPatients' : 'unlinkPatients'}(a: "${a}", b: "${b}", reason: "${
      link ? 'Antatt samme person (dublett)' : 'Ulike personer: feil dublettkobling'
    }") { id } }`,
  );
  expect(r.errors).toBeUndefined();
}

/** The subjects of a row-level grant's cohort: birth year and the notes each holds. */
async function subjects(grant: string) {
  const r = await call(
    await researcher(grant),
    '{ researchCohort { subjects(first: 10) { birthYear journal(first: 100) { totalCount entries { text } } } } }',
  );
  expect(r.errors).toBeUndefined();
  return (
    r.data.researchCohort.subjects as {
      birthYear: number;
      journal: { totalCount: number; entries: { text: string }[] };
    }[]
  ).map((s) => ({ birthYear: s.birthYear, notes: s.journal.entries.map((e) => e.text).sort() }));
}

// ---------------------------------------------------------------- data

/** Six persons born 2005: the cohort of the budget grant. */
const K = [1, 2, 3, 4, 5, 6].map((i) => ({
  id: `s30c-k${i}`,
  nationalId: `1${i}0205${i}${i}${i}${i}${i}`,
  birth: `2005-02-1${i}`,
}));
/** Twelve query words; the December note holds all of them, every other note one. */
const W = [
  'zqvaa',
  'zqvbb',
  'zqvcc',
  'zqvdd',
  'zqvee',
  'zqvff',
  'zqvgg',
  'zqvhh',
  'zqvii',
  'zqvjj',
  'zqvkk',
  'zqvll',
];

beforeAll(async () => {
  env = await startTestStack();
  archivist = await env.stack.token({
    sub: 'arkivar-s30c',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  for (const p of K) await patient(p.id, p.nationalId, p.birth);
  // Each word: one note a month, January 2017 to November 2021, by one of the six in turn.
  for (let i = 0; i < 59; i++) {
    const y = 2017 + Math.floor(i / 12);
    const m = pad((i % 12) + 1);
    for (const [j, w] of W.entries())
      await note(
        `s30c-bg-${i}-${j}`,
        K[(i + j) % 6]!.id,
        `${y}-${m}-${10 + j}T10:00:00+01:00`,
        `Notat ${w}.`,
      );
  }
  // The one note the attack learns: December 2021, K1, every word.
  await note('s30c-target', K[0]!.id, '2021-12-10T10:00:00+01:00', `Notat ${W.join(' ')}.`);

  // Cohort persons of the unlink tests (born 1998–1999, outside the budget grant's 2005).
  await patient('s30c-a', '01019912345', '1999-01-01');
  await patient('s30c-b', '02029954321', '1999-02-02');
  await note('s30c-a-1', 's30c-a', '2020-03-03T10:00:00+01:00', 'Notat om person A.');
  await note('s30c-b-1', 's30c-b', '2020-04-04T10:00:00+01:00', 'Notat om person B.');
  await note('s30c-b-2', 's30c-b', '2020-05-05T10:00:00+01:00', 'Notat to om person B.');
  // C born 1998 (in the cohort), D born 1960 (not), D's national id sorting before C's.
  await patient('s30c-c', '30129812345', '1998-12-30');
  await patient('s30c-d', '01016054321', '1960-01-01');
  await note('s30c-c-1', 's30c-c', '2020-06-06T10:00:00+01:00', 'Notat om person C.');
  await note('s30c-d-1', 's30c-d', '2020-07-07T10:00:00+01:00', 'Notat om person D, født 1960.');
  await env.stack.index();
}, 300_000);

afterAll(async () => {
  await env?.stop();
});

// ---------------------------------------------------------------- the query budget

/** The difference of two independent noises of PTABLE (−4…+4), as the attacker computes it. */
const DIFF = new Map<number, number>();
{
  const p = PTABLE.map(([noise, below], i) => [noise, below - (i ? PTABLE[i - 1]![1] : 0)] as const);
  for (const [a, pa] of p) for (const [b, pb] of p) DIFF.set(a - b, (DIFF.get(a - b) ?? 0) + pa * pb);
}
/** The attacker's posterior that the difference is `h`, from 0–4 weighed equally. */
function posterior(diffs: number[], h: number): number {
  const ll = [0, 1, 2, 3, 4].map((x) =>
    diffs.reduce((s, d) => s + Math.log(DIFF.get(d - x) ?? Number.MIN_VALUE), 0),
  );
  const max = Math.max(...ll);
  return Math.exp(ll[h]! - max) / ll.reduce((s, v) => s + Math.exp(v - max), 0);
}

/**
 * Attack: the query budget counts a search as one query "however many rows its term report
 * has" (query-budget.ts), but every term-report row is a count of its own, over its own
 * documents, so with its own independent noise (search-counts.ts: the noise is keyed by the
 * documents counted). A search for twelve words gives twelve counts for one charge. The
 * averaging attack of the noise review, pairs of from/to windows that differ by December's one
 * note, run with twelve words the note holds (each other note holds one) gets twelve pairs per
 * two charged queries: the budget of 20 that the budget's own test shows stopping the attack at
 * 10 pairs (posterior 0.66) gives 240 counts, 120 pairs, and the note at a posterior above 0.99
 * (measured: 240 counts, 120 pairs, posterior 0.9999999; with six words 60 pairs, 0.9937). The query limit is 32 words.
 * Rule: GDPR art. 89 nr. 1 (personopplysningsloven § 1) and helseforskningsloven § 33: the
 * budget bounds what averaging can learn of one person by bounding the counts an
 * aggregate-only grant is given (query-budget.ts "The default": 200 queries are 100 pairs).
 * Fix: subgraphs/search/resolvers.ts Query.search charges one per published count (the total
 * and each term-report row; chargeQuery taking a number), or lib/policy/query-budget.ts
 * defines the unit so that a term report cannot multiply it.
 */
test("GDPR art. 89 (1), helseforskningsloven § 33: an aggregate-only grant's query budget bounds the counts it is given, term-report rows included (a budget of 20 stops the averaging attack however many words a query has)", async () => {
  const reg = await register('G-S30C-TERMS', {
    cohort: { bornFrom: '2005-01-01', bornTo: '2005-12-31' },
    outputLevel: 'AGGREGATE',
    queryBudget: 20,
  });
  expect(reg.queryBudget).toBe(20);
  const token = await researcher('G-S30C-TERMS');
  const diffs: number[] = [];
  let counts = 0;
  let refusal: string | null = null;
  attack: for (let i = 0; i < 55; i++) {
    const from = `${2017 + Math.floor(i / 12)}-${pad((i % 12) + 1)}-01`;
    const rows: Map<string, number>[] = [];
    for (const to of ['2021-11-30', '2021-12-31']) {
      const b = await call(
        token,
        `{ search(query: "${W.join(' ')}", expand: false, from: "${from}", to: "${to}") { termReport { word hits suppressed } } }`,
      );
      if (b.errors) {
        refusal = b.errors[0]!.message;
        break attack;
      }
      const published = (b.data.search.termReport as { word: string; hits: number | null }[]).filter(
        (t) => t.hits !== null,
      );
      counts += published.length;
      rows.push(new Map(published.map((t) => [t.word, t.hits!])));
    }
    for (const w of W)
      if (rows[0]!.has(w) && rows[1]!.has(w)) diffs.push(rows[1]!.get(w)! - rows[0]!.get(w)!);
  }
  const p = posterior(diffs, 1);
  expect(refusal).toMatch(/^the query budget of grant G-S30C-TERMS is spent: /);
  // What the budget was to bound, and what it let through.
  expect({
    countsWithinBudget: counts <= 20,
    learned: p >= 0.99,
    pairs: diffs.length,
    posterior: +p.toFixed(4),
  }).toEqual({
    countsWithinBudget: true,
    learned: false,
    pairs: expect.any(Number),
    posterior: expect.any(Number),
  });
});

/**
 * Attack: an archivist registers an aggregate-only grant with a budget of 20 counted queries
 * (a grant of few questions). Two amendments later, to row-level output for a sub-study and
 * back to aggregate output, naming no budget, the grant has the default of 200: ten times the
 * budget the archivist set, decided by no one (amendedInput drops the budget on the way to
 * row-level, and the way back takes DEFAULT_QUERY_BUDGET).
 * Rule: GDPR art. 89 nr. 1 and helseforskningsloven § 33 (query-budget.ts: the budget is part of
 * what is approved; "an amendment may raise the budget (a decision of the archivist, recorded
 * with its reason)"). Fix: lib/policy/research.ts amendedInput: back to AGGREGATE without a
 * named budget takes the grant's last aggregate version's budget, not the default.
 */
test('GDPR art. 89 (1), helseforskningsloven § 33: a grant amended from aggregate to row-level output and back keeps the query budget the archivist set (it is not raised to the default by no one)', async () => {
  await register('G-S30C-ROUND', {
    cohort: { bornFrom: '2005-01-01', bornTo: '2005-12-31' },
    outputLevel: 'AGGREGATE',
    queryBudget: 20,
  });
  const amend = async (level: string, reason: string) => {
    const r = await call(
      archivist,
      `mutation { amendGrant(id: "G-S30C-ROUND", input: { outputLevel: ${level} }, reason: "${reason}") { version queryBudget } }`,
    );
    expect(r.errors).toBeUndefined();
    return r.data.amendGrant;
  };
  expect(await amend('PSEUDONYMISED_RECORDS', 'Delstudie på radnivå')).toEqual({
    version: 2,
    queryBudget: null,
  });
  expect(await amend('AGGREGATE', 'Tilbake til aggregerte tall')).toEqual({ version: 3, queryBudget: 20 });
});

// ---------------------------------------------------------------- cohorts after an unlink

/**
 * Attack (a matched record itself unlinked from the seed): records A and B, two people born in
 * 1999, were linked as one person when the grant was registered; each met the cohort
 * definition on its own, so both are the person's `matched_ids`. An archivist unlinks them: two
 * records are two persons. COHORT_TODAY_SQL walks from every seed of the stored person, so A and
 * B stay one cohort person under one pseudonym: the researcher reads B's notes as A's (one
 * birth year, one journal of two people), and the cohort counts one person where there are two.
 * Rule: helseforskningsloven § 33 (the data of the persons the approval names, as they are)
 * with personopplysningsloven art. 5 (1) d (accuracy) and art. 89 (1) (a pseudonym is one
 * person); the README: "an unlink since takes the other person's records out".
 * Fix: lib/policy/grant-store.ts COHORT_TODAY_SQL: a stored person splits into the components
 * of today's links, each seeded component its own cohort person (its own key and pseudonym).
 */
test('helseforskningsloven § 33, personopplysningsloven art. 5 (1) d: two matched records unlinked after registration are two cohort persons, not one pseudonym holding both journals', async () => {
  await linkPatients('s30c-a', 's30c-b', true);
  await register('G-S30C-SPLIT', { cohort: { bornFrom: '1999-01-01', bornTo: '1999-12-31' } });
  // Linked: one person with both journals (they were believed one person).
  expect(await subjects('G-S30C-SPLIT')).toHaveLength(1);
  await linkPatients('s30c-a', 's30c-b', false);
  const after = await subjects('G-S30C-SPLIT');
  expect(after.map((s) => s.notes).sort((x, y) => x.length - y.length)).toEqual([
    ['Notat om person A.'],
    ['Notat om person B.', 'Notat to om person B.'],
  ]);
});

/**
 * Attack (rows written before migration 005): a cohort stored before `matched_ids` existed has
 * NULL there, and COHORT_TODAY_SQL then seeds from "the record the person_key names". But the
 * person_key is the smallest national id of the linked records (computeCohort: national_ids[1]),
 * not the record that met the definition. C (born 1998, in the definition) and D (born 1960,
 * not) were linked at registration and D's national id sorts first: the key names D. After
 * the unlink the cohort keeps D, who never met the definition, and drops C: the researcher
 * reads D's journal (born 1960) under the pseudonym of a cohort born in 1998.
 * Rule: helseforskningsloven § 33 (data only of the cohort the approval names).
 * Fix: a policy migration that fills matched_ids for rows written before 005 (the records of
 * the stored person that meet the version's definition), or COHORT_TODAY_SQL's fallback
 * seeding from those records rather than from the person_key's.
 */
test('helseforskningsloven § 33: after an unlink, a cohort stored before matched_ids keeps the record that met the definition, not the other person whose national id is the person key', async () => {
  await linkPatients('s30c-c', 's30c-d', true);
  await register('G-S30C-OLDROWS', { cohort: { bornFrom: '1998-01-01', bornTo: '1998-12-31' } });
  // As written before migration 005 (its ALTER TABLE leaves the column NULL on existing rows).
  const old = await env.tdb.db.query(
    `UPDATE policy.grant_cohort SET matched_ids = NULL WHERE grant_id = 'G-S30C-OLDROWS' RETURNING person_key`,
  );
  expect(old.rows).toEqual([{ person_key: '01016054321' }]); // D's national id
  await linkPatients('s30c-c', 's30c-d', false);
  expect(await subjects('G-S30C-OLDROWS')).toEqual([{ birthYear: 1998, notes: ['Notat om person C.'] }]);
});

// ---------------------------------------------------------------- matter reads

/**
 * Attack: a matter lists its patients' record ids and national ids. Since today every read of
 * a matter through matter(id) and matters is logged under each patient (and matter(id) is
 * refused to a journalansvarlig: listMatters is the archivist's). LegalHold.matter returns the
 * same Matter with no row in the access log: a journalansvarlig (or an archivist) lists
 * `legalHolds { matter { patientIds nationalIds } }` and reads which persons are in legal
 * proceedings, unlogged.
 * Rule: pasientjournalforskriften § 14 (every access to health information is logged) and
 * pasientjournalloven § 22, as in access-review-s30-b's matter test.
 * Fix: lib/policy/legal-hold.ts LegalHold.matter logs the matter under its patients as
 * lib/policy/resolvers.ts auditMatter does (shared helper), or asks canSeeMatter.
 * Decided in the fix (fix-r3): both. The review's version of this test expected the
 * journalansvarlig to be given the matter's patients (logged); but matter(id) refuses the
 * journalansvarlig ("needs role archivist or membership of the matter": a matter's patient list
 * is the archivist's and its own legal staff's, pasientjournalloven § 22), and one Matter read
 * two ways must follow one rule. So the archivist's read through a hold is logged under each
 * patient, the journalansvarlig's is FORBIDDEN (logged under `*`) as matter(id) is, and the
 * journalansvarlig still lists the holds with the matter's id (LegalHold.matterId).
 */
test("pasientjournalforskriften § 14, pasientjournalloven § 22: a matter read through a legal hold (legalHolds { matter { patientIds nationalIds } }) is logged under each of the matter's patients, as matter(id) and matters are, and refused to a journalansvarlig as matter(id) is", async () => {
  const nid = '24057312399';
  const reg = await call(
    archivist,
    `mutation($i: RegisterMatterInput!) { registerMatter(input: $i) { id } }`,
    {
      i: {
        id: 'M-S30C-HOLD',
        title: 'Erstatningssak s30 c',
        purpose: 'LEGAL_PROCEEDINGS',
        patientIds: ['s30c-k2'],
        nationalIds: [nid],
        members: ['jurist-s30c'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    },
  );
  expect(reg.errors).toBeUndefined();
  const hold = await call(
    archivist,
    'mutation { placeLegalHold(matterId: "M-S30C-HOLD", reason: "Varslet søksmål") { id } }',
  );
  expect(hold.errors).toBeUndefined();
  const logged = async (requestId: string) =>
    (
      await env.tdb.db.query<{ patient_id: string; entity_type: string; outcome: string }>(
        `SELECT patient_id, entity_type, outcome FROM audit.access_log WHERE request_id = $1 ORDER BY patient_id`,
        [requestId],
      )
    ).rows;

  // The archivist reads the matter through the hold: logged under each of its patients.
  const r = await ask(archivist, '{ legalHolds { matterId matter { id patientIds nationalIds } } }');
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.legalHolds).toContainEqual({
    matterId: 'M-S30C-HOLD',
    matter: { id: 'M-S30C-HOLD', patientIds: ['s30c-k2'], nationalIds: [nid] },
  });
  expect(await logged(r.requestId)).toEqual(
    expect.arrayContaining([
      { patient_id: `nid:${nid}`, entity_type: 'matter', outcome: 'granted' },
      { patient_id: 's30c-k2', entity_type: 'matter', outcome: 'granted' },
    ]),
  );

  // The journalansvarlig: the matter's patients are refused as matter(id) refuses them, the
  // refusal logged; the holds themselves (which matter, why) stay listed.
  const ja = await env.stack.token({
    sub: 'ja-s30c',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const viaHold = await ask(ja, '{ legalHolds { matter { id patientIds nationalIds } } }');
  const direct = await ask(ja, '{ matter(id: "M-S30C-HOLD") { id patientIds nationalIds } }');
  for (const q of [viaHold, direct]) {
    expect(q.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'matter M-S30C-HOLD needs role archivist or membership of the matter'],
    ]);
    expect(JSON.stringify(q.body)).not.toMatch(/s30c-k2|24057312399/);
    expect(await logged(q.requestId)).toEqual([
      { patient_id: '*', entity_type: 'matter', outcome: 'denied' },
    ]);
  }
  const list = await ask(ja, '{ legalHolds { matterId reason live } }');
  expect(list.body.errors).toBeUndefined();
  expect(list.body.data.legalHolds).toContainEqual({
    matterId: 'M-S30C-HOLD',
    reason: 'Varslet søksmål',
    live: true,
  });
});
