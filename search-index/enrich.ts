/**
 * What both backends (and the indexer, for a backend without `prepare`) add to a document at
 * index time, and the bookkeeping of the background re-embed pass; the backends keep only how
 * they read and write their own storage.
 */
import { decompounder } from './decompound';
import type { IndexDocument } from './types';
import { REEMBED_RESCAN_MS, type Embedded, type Embedder } from './vectors';

/**
 * Index-time enrichment: the compound parts (search-index/decompound.ts) and, with an
 * embedder whose model is live, the document vector with its model's name. What the document
 * already carries is kept.
 */
export function enrichDocument(d: IndexDocument, embedder?: Embedder): IndexDocument {
  let out = d.parts === undefined ? { ...d, parts: decompounder().parts(d.text) } : d;
  if (embedder && out.vector === undefined) {
    const e = embedder.embed(out.text);
    if (e) out = { ...out, vector: e.vector, vectorModel: e.model };
  }
  return out;
}

/** A stored document the re-embed pass reads: its id (the pass's order) and text, and whatever the store needs to write it back. */
export interface ReembedRow {
  id: string;
  text: string;
}

/** How a backend reads and writes the documents of a re-embed pass. */
export interface ReembedStore<R extends ReembedRow> {
  /** Up to `size` documents with an id after `after`, in id order, whose vector is not `model`'s. */
  read(after: string, model: string, size: number): Promise<R[]>;
  /** Writes the new vectors; a document the indexer rewrote since the read is left as it is. */
  write(rows: { row: R; embedded: Embedded }[]): Promise<void>;
}

/**
 * The background re-embed pass (SearchBackend.reembed): each call rewrites, in batches of 500,
 * the vectors of up to `limit` documents that do not have the live model's, from where the
 * last call got to. Once through, it looks again after `rescanMs`, so vectors another writer
 * left (a rebuild, another process) are found too; a new model starts it from the beginning.
 */
export function reembedPass<R extends ReembedRow>(
  embedder: Embedder,
  store: ReembedStore<R>,
  rescanMs = REEMBED_RESCAN_MS,
): (limit?: number) => Promise<number> {
  const at = { model: '', after: '', doneAt: 0 };
  return async (limit = 5000) => {
    const m = embedder.model();
    if (!m) return 0;
    if (at.model !== m.name) Object.assign(at, { model: m.name, after: '', doneAt: 0 });
    if (Date.now() - at.doneAt < rescanMs) return 0;
    let n = 0;
    while (n < limit) {
      const size = Math.min(500, limit - n);
      const rows = await store.read(at.after, m.name, size);
      if (rows.length) {
        await store.write(rows.map((row) => ({ row, embedded: embedder.embed(row.text, m)! })));
        n += rows.length;
        at.after = rows[rows.length - 1]!.id;
      }
      if (rows.length < size) {
        Object.assign(at, { after: '', doneAt: Date.now() });
        break;
      }
    }
    return n;
  };
}
