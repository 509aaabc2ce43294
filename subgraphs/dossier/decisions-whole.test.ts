/**
 * decisionsWhole() asks a person's decisions' texts of the person (Patient.serviceDecisionsById),
 * as hydrate() asks notes (fix FX-A 2). The owner here is a stand-in that answers null for a
 * decision no longer on the person's records, as the journal does (its own answer is tested on
 * real PostgreSQL in test/fix-fxa-s47.e2e.test.ts).
 */
import { decisionsWhole, type Decision } from './build';

const decision = (id: string) => ({ id, history: [] }) as unknown as Decision;

test('helsepersonelloven § 44: a decision moved off the person between listing and text fetch is left out and counted gone, not paged or kept without its text; the texts are asked of the person, not by decision id (FX-A 2)', async () => {
  const asked: { query: string; variables: Record<string, unknown> }[] = [];
  const client = {
    async query<T>(_owner: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      asked.push({ query, variables });
      const ids = variables.ids as string[];
      return {
        _entities: [
          {
            serviceDecisionsById: ids.map((id) =>
              id === 'moved'
                ? null
                : { id, text: `Tekst ${id}`, justification: null, citedAssessmentText: null, history: [] },
            ),
          },
        ],
      } as T;
    },
  };
  const got = await decisionsWhole(client, 'pt-x', [decision('stays'), decision('moved')]);
  expect(got.gone).toBe(1);
  expect(got.paged).toBe(0);
  expect(got.decisions.map((d) => [d.id, d.text])).toEqual([['stays', 'Tekst stays']]);
  expect(asked.map((a) => a.variables.r)).toEqual([[{ __typename: 'Patient', id: 'pt-x' }]]);
  expect(asked[0]!.query).toMatch(/serviceDecisionsById\(ids: \$ids\)/);
});
