/**
 * Hardening residuals of review s38, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend: nothing here searches). The name says what must hold, the parenthesis
 * what happened before the fix.
 */
import { Kind, parse, type TypeNode } from 'graphql';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { gql } from '../dev/services';
import { FIELD_WEIGHT, SIZE_ARGUMENT, SLICING_ARGUMENTS } from '../gateway/limits';
import { readSchema } from '../lib/subgraph';
import { insertPatients } from '../subgraphs/journal/store';

let env: TestStack;
let token: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    {
      id: 'pat-s38-1',
      nationalId: '20888014390',
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    } as never,
  ]);
  await env.tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
     VALUES ('s38-note-1', 'pat-s38-1', 'HELSEPLATTFORMEN', 's38-note-1', 'Journalnotat', '2012-05-01T10:00:00+02:00', 'Et notat.', 'current')`,
  );
  token = await env.stack.matterToken({
    id: 'M-S38-1',
    patientIds: ['pat-s38-1'],
    periodFrom: '2012-01-01',
    periodTo: '2013-12-31',
  });
}, 120_000);
afterAll(async () => env?.stop());

/** `levels` nested entriesById, each entry leading back to its patient. */
const nested = (levels: number) => {
  let inner = 'id';
  for (let i = 1; i < levels; i++) inner = `id patient { entriesById(ids: $ids) { ${inner} } }`;
  return `query ($ids: [ID!]!) { patient(id: "pat-s38-1") { entriesById(ids: $ids) { ${inner} } } }`;
};

test('entriesById is priced by the ids it is given: three nested levels of 60 ids are refused with QUERY_TOO_COMPLEX before the journal is asked (priced as 10 a level, cost 1,332, the journal returned 219,660 entries in 6.9 s)', async () => {
  const ids = Array(60).fill('s38-note-1');
  const res = await gql(env.stack.gateway.url, nested(3), { token, variables: { ids } });
  expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(res.body.data ?? null).toBeNull();
}, 120_000);

test('one level of entriesById with the most ids it takes (500) is still answered', async () => {
  const ids = ['s38-note-1', ...Array.from({ length: 499 }, (_, i) => `s38-none-${i}`)];
  const res = await gql(
    env.stack.gateway.url,
    `query ($ids: [ID!]!) { patient(id: "pat-s38-1") { entriesById(ids: $ids) { id text } } }`,
    { token, variables: { ids } },
  );
  expect(res.body.errors).toBeUndefined();
  const entries = res.body.data.patient.entriesById as ({ id: string } | null)[];
  expect(entries).toHaveLength(500);
  expect(entries[0]?.id).toBe('s38-note-1');
  expect(entries.filter(Boolean)).toHaveLength(1);
}, 120_000);

/** A field's type node with its non-null wrapper taken off. */
const nullable = (t: TypeNode): TypeNode => (t.kind === Kind.NON_NULL_TYPE ? t.type : t);

/** Every list-returning field of the five subgraph schemas that takes a list argument and no slicing argument. */
function listFieldsSizedByAList(): string[] {
  const found = new Set<string>();
  for (const name of ['journal', 'archive', 'coercion', 'search', 'dossier'])
    for (const def of parse(readSchema(name)).definitions) {
      if (!('fields' in def) || !('name' in def) || !def.name || !def.fields) continue;
      for (const field of def.fields) {
        if (field.kind !== Kind.FIELD_DEFINITION || nullable(field.type).kind !== Kind.LIST_TYPE) continue;
        const args = field.arguments ?? [];
        if (args.some((a) => SLICING_ARGUMENTS.includes(a.name.value))) continue;
        if (args.some((a) => nullable(a.type).kind === Kind.LIST_TYPE))
          found.add(`${def.name.value}.${field.name.value}`);
      }
    }
  return [...found].sort();
}

test('every list field that takes a list argument and no slice is priced by that list (SIZE_ARGUMENT) or for its whole answer (FIELD_WEIGHT: journalTimeline, whose list argument filters); a new one would be priced as 10 items whatever it is given', () => {
  const priced = listFieldsSizedByAList().filter((f) => !(f in FIELD_WEIGHT));
  expect(priced).toEqual(Object.keys(SIZE_ARGUMENT).sort());
  expect(listFieldsSizedByAList()).toContain('Patient.journalTimeline');
});
