/**
 * drainOutbox's order of work, without a database or search engine: a batch's rows are marked
 * processed only after its own write, and that mark runs beside the next batch's write
 * (stop 39); writes stay one at a time, in order. The drains against real PostgreSQL and
 * Elasticsearch are in test/search-index.test.ts and test/fault-postgres.test.ts.
 */
import { drainOutbox } from './indexer';
import type { IndexDocument, OutboxSource, SearchBackend } from './types';

const doc = (id: string) => ({ id, kind: 'journal_entry', text: id }) as unknown as IndexDocument;

function fixture(rows: number, opts: { failMark?: number } = {}) {
  const events: string[] = [];
  const marked: number[] = [];
  let releaseMark: (() => void) | null = null;
  const source = {
    name: 'test',
    async pending(limit: number, after: number) {
      const out = [];
      for (let s = after + 1; s <= Math.min(rows, after + limit); s++)
        out.push({ seq: s, entityId: `e${s}` });
      return out;
    },
    async load(ids: string[]) {
      return ids.map(doc);
    },
    async markProcessed(seqs: number[]) {
      const k = Math.ceil(seqs[0]! / 2);
      events.push(`mark ${k} start`);
      // The first mark waits until the next batch's write has begun (or 200 ms: a drain that
      // writes nothing before the mark ends would wait for ever).
      if (k === 1)
        await new Promise<void>((r) => {
          releaseMark = r;
          setTimeout(r, 200);
        });
      if (opts.failMark === k) throw new Error(`mark ${k} failed`);
      marked.push(...seqs);
      events.push(`mark ${k} end`);
    },
  } as unknown as OutboxSource;
  let writing = 0;
  const backend = {
    name: 'postgres',
    async upsert(docs: IndexDocument[]) {
      const k = Math.ceil(Number(docs[0]!.id.slice(1)) / 2);
      writing++;
      expect(writing).toBe(1); // one write at a time
      events.push(`write ${k} start`);
      if (k === 2) releaseMark?.();
      await new Promise((r) => setTimeout(r, 5));
      events.push(`write ${k} end`);
      writing--;
    },
    async remove() {},
    async refresh() {},
  } as unknown as SearchBackend;
  return { events, marked, source, backend };
}

test("a batch is marked processed after its own write, beside the next batch's write; the drain ends after the last mark", async () => {
  const { events, marked, source, backend } = fixture(6);
  const r = await drainOutbox(source, backend, 2);
  expect(r).toMatchObject({ indexed: 6, batches: 3 });
  expect(marked.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  const at = (e: string) => events.indexOf(e);
  for (const k of [1, 2, 3]) expect(at(`write ${k} end`)).toBeLessThan(at(`mark ${k} start`));
  // Batch 2 was written while batch 1's mark was in flight (it waited for that write to begin).
  expect(at('write 2 start')).toBeLessThan(at('mark 1 end'));
  // Marks one at a time, in order.
  expect(at('mark 1 end')).toBeLessThan(at('mark 2 start'));
  expect(at('mark 2 end')).toBeLessThan(at('mark 3 start'));
  expect(events[events.length - 1]).toBe('mark 3 end');
});

test('a mark that fails ends the drain with its error; later batches are not marked', async () => {
  const { marked, source, backend } = fixture(6, { failMark: 1 });
  await expect(drainOutbox(source, backend, 2)).rejects.toThrow('mark 1 failed');
  expect(marked).toEqual([]);
});
