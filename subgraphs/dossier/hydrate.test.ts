/**
 * hydrate() against the journal's text budget per request (RESPONSE_MAX_TEXT_BYTES,
 * lib/text-budget.ts, review s45): a batch of notes whose text passes it is refused
 * RESPONSE_TOO_LARGE, and the dossier and bundle ask again in halves instead of failing whole.
 * The owner here is a stand-in that refuses more than two notes a request, as the journal refuses
 * more than 64 MiB; what it answers otherwise is what the journal's entriesById gives. The journal's
 * own refusal is tested against real PostgreSQL in test/hardening-review-s45.e2e.test.ts.
 */
import { GraphQLError } from 'graphql';
import { hydrate, type TimelineRow } from './build';

const note = (id: string) => ({
  id,
  datedAt: '2015-03-02T10:00:00+01:00',
  writtenAt: '2015-03-02T10:00:00+01:00',
  amended: false,
  careEnd: null,
  sourceSystem: 'PROFIL',
  sourceId: id,
  type: 'Notat',
  service: 'Helsestasjon',
  text: `Tekst ${id}`,
  tombstone: null,
  authorName: 'Helsesykepleier',
  author: null,
  provenance: [],
  history: [],
});

const row = (id: string): TimelineRow => ({
  id: `JOURNAL_ENTRY:${id}`,
  kind: 'JOURNAL_ENTRY',
  recordId: id,
  at: '2015-03-02T10:00:00+01:00',
  sourceSystem: 'PROFIL',
  deleted: false,
  concepts: [],
  key: '2015-03-02T09:00:00.000Z',
  item: null,
});

/** An owner that answers at most `max` notes a request, RESPONSE_TOO_LARGE past it. */
function owner(max: number) {
  const asked: number[] = [];
  return {
    asked,
    async query<T>(_owner: string, _query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const ids = variables.ids as string[];
      asked.push(ids.length);
      if (ids.length > max)
        throw new GraphQLError(
          'note text in one request is limited to 67108864 bytes; ask for fewer notes at a time',
          {
            extensions: { code: 'RESPONSE_TOO_LARGE' },
          },
        );
      return { _entities: [{ entriesById: ids.map(note) }] } as T;
    },
  };
}

test('a batch of notes over the journal’s text budget is asked again in halves: every note comes back, in order', async () => {
  const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const client = owner(2);
  const { items, gone } = await hydrate(client, ids.map(row), 'pt-1');
  expect(items.map((i) => i.recordId)).toEqual(ids);
  expect(gone).toBe(0);
  expect(client.asked).toEqual([5, 3, 2, 1, 2]);
});

test('a note too large alone passes the refusal on, RESPONSE_TOO_LARGE', async () => {
  await expect(hydrate(owner(0), [row('n1'), row('n2')], 'pt-1')).rejects.toMatchObject({
    extensions: { code: 'RESPONSE_TOO_LARGE' },
  });
});
