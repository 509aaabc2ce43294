/**
 * An attack review of what a researcher can learn beyond the grant, through the gateway on
 * real PostgreSQL and Elasticsearch with npm start's demo data. Each test is an attack that
 * worked before its fix (or a path checked and found sound), named by the rule it enforces:
 * helseforskningsloven § 33 (data only as the approval says) and personopplysningsloven
 * art. 89 (1) (pseudonymisation: no name, national id or date finer than the grant's).
 */
import { loadDemoData } from '../dev/demo';
import type { Dataset } from '../dev/generator';
import { startStack, type Stack } from '../scripts/stack';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

let tdb: TestDatabase;
let stack: Stack;
let prefix: string;
let ds: Dataset;
let archivist: string;
const RELATIVE = { name: 'Gunnhild Nordmann', nationalId: '24057312345' };

const researcher = (grant: string) =>
  stack.token({ sub: 'forsker-r', role: 'researcher', purpose: 'RESEARCH', grant });

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const forbidden = (body: Body) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);

const REGISTER = `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id cohortSize } }`;

async function register(id: string, over: Record<string, unknown> = {}) {
  const r = await gql(stack.gateway.url, REGISTER, {
    token: archivist,
    variables: {
      i: {
        id,
        projectId: `P-${id}`,
        title: 'Mobbing i skolealder',
        rekNumber: '2025/654321',
        legalBasis: 'helseforskningsloven § 33',
        responsibleResearcher: 'forsker-r',
        cohort: {},
        variables: ['PERSON_BIRTH_YEAR', 'JOURNAL_WRITTEN_AT', 'JOURNAL_TEXT'],
        datePrecision: 'MONTH',
        freeText: true,
        outputLevel: 'PSEUDONYMISED_RECORDS',
        expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
        ...over,
      },
    },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.registerGrant;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  prefix = testIndexPrefix();
  const config = testConfig({
    databaseUrl: tdb.url,
    elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
    esIndexPrefix: prefix,
  });
  stack = await startStack(config, { db: tdb.db, indexerIntervalMs: 60_000 });
  ds = await loadDemoData(tdb.db);
  const byNid = new Map(
    (
      await tdb.db.query<{ id: string; national_id: string }>('SELECT id, national_id FROM journal.patient')
    ).rows.map((r) => [r.national_id, r.id]),
  );
  for (const p of ds.patients) p.id = byNid.get(p.nationalId!)!;
  const p0 = ds.patients[0]!;
  await tdb.db.query(
    `INSERT INTO journal.related_person (source_system, source_id, patient_id, national_id, name, relationship_codes, relationship_text, nearest_relative)
     VALUES ('HELSEPLATTFORMEN', 'rp-review-1', $1, $2, $3, '{MTH}', 'Mor', true)`,
    [p0.id, RELATIVE.nationalId, RELATIVE.name],
  );
  const nid = RELATIVE.nationalId;
  const notes = [
    `${p0.givenName} ble mobbet i friminuttet. Skolevegring siden jul.`,
    `Skolevegring, mobbet igjen. Mor ringte.`,
    `Skolevegring. Mors fnr ${nid.slice(0, 6)}-${nid.slice(6)}, også skrevet ${nid.slice(0, 6)}.${nid.slice(6)} og ${nid.slice(0, 6)} ${nid.slice(6, 9)} ${nid.slice(9)}. Ring 9223 3444 eller 922 33444.`,
    `Skolevegring. Går på Huseby skole, før det Rosenborg barnehage. Flyttet i mars 2013 fra storgata 15, 7030 trondheim.`,
  ];
  for (const [i, text] of notes.entries())
    await tdb.db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
       VALUES ($1, $2, 'HELSEPLATTFORMEN', $3, 'Journalnotat', $4, $5)`,
      [`je-review-${i}`, p0.id, `review-${i}`, `2014-03-1${i}T10:00:00+01:00`, text],
    );
  await stack.index();
  archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  await register('G-MONTH');
  await register('G-P0', { cohort: { bornFrom: p0.birthDate, bornTo: p0.birthDate } });
  await register('G-YEAR', { datePrecision: 'YEAR' });
  await register('G-SHIFT', { datePrecision: 'SHIFTED' });
  await register('G-EXACT', { datePrecision: 'EXACT' });
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  await dropIndexes(prefix);
});

describe('helseforskningsloven § 33, personopplysningsloven art. 89 (1): free text a researcher reads is de-identified (found in review)', () => {
  test('national ids written with - . or 6+3+2, phone numbers 4+4 and 3+5, a month and year, a lower-case address and postcode, school and kindergarten names are masked', async () => {
    const r = await gql(
      stack.gateway.url,
      '{ researchCohort { subjects(first: 5) { journal(first: 100) { entries { text } } } } }',
      { token: await researcher('G-P0') },
    );
    expect(r.body.errors).toBeUndefined();
    const texts: string[] = r.body.data.researchCohort.subjects.flatMap((s: any) =>
      s.journal.entries.map((e: any) => e.text),
    );
    const ours = texts.filter((t) => t.includes('Skolevegring'));
    expect(ours).toHaveLength(4);
    const json = ours.join('\n');
    const nid = RELATIVE.nationalId;
    for (const leak of [
      nid.slice(6),
      nid.slice(0, 6),
      '9223 3444',
      '922 33444',
      'mars 2013',
      'storgata 15',
      '7030',
      'trondheim',
      'Huseby',
      'Rosenborg',
    ])
      expect([leak, json.includes(leak)]).toEqual([leak, false]);
    expect(json).toContain('mobbet');
  });
});

describe('helseforskningsloven § 33, personopplysningsloven art. 5 (1) c: a record asked for by id answers a researcher and a reporting user alike whether it exists or not (checked in review)', () => {
  test('patient, service decision, case file, journalpost, access request, coercion execution, record case: an unknown id and a real one give the same refusal', async () => {
    const first = async (sql: string) => (await tdb.db.query<{ id: string }>(sql)).rows[0]?.id;
    const real: Record<string, string | undefined> = {
      patient: ds.patients[0]!.id,
      serviceDecision: await first('SELECT id FROM journal.service_decision LIMIT 1'),
      saksmappe: await first('SELECT id FROM archive.saksmappe LIMIT 1'),
      journalpost: await first('SELECT id FROM archive.journalpost LIMIT 1'),
      accessRequest: await first('SELECT saksmappe_id AS id FROM archive.access_request LIMIT 1'),
      coercionExecution: await first('SELECT id FROM coercion.execution LIMIT 1'),
    };
    const tokens = {
      researcher: await researcher('G-EXACT'),
      reporting: await stack.token({ sub: 'rapport-r', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' }),
    };
    let compared = 0;
    for (const [role, token] of Object.entries(tokens))
      for (const [field, id] of Object.entries(real)) {
        if (!id) continue;
        const ask = (x: string) =>
          gql(stack.gateway.url, `{ ${field}(id: ${JSON.stringify(x)}) { id } }`, { token });
        const known = await ask(id);
        const unknown = await ask(`${id}-finnes-ikke`);
        const shape = (b: Body, x: string) => ({
          data: b.data?.[field] ?? null,
          errors: (b.errors ?? []).map((e) => [e.extensions?.code, e.message.replaceAll(x, 'ID')]),
        });
        expect([role, field, shape(known.body, id)]).toEqual([
          role,
          field,
          shape(unknown.body, `${id}-finnes-ikke`),
        ]);
        expect([role, field, forbidden(known.body).length > 0]).toEqual([role, field, true]);
        compared++;
      }
    expect(compared).toBeGreaterThanOrEqual(8);
  });
});
