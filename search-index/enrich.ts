/**
 * What both backends (and the indexer, for a backend without `prepare`) add to a document at
 * index time (compound parts, document vector, concept tags), and the bookkeeping of the
 * background re-embed pass (vectors of another model, tags of another classifier); the
 * backends keep only how they read and write their own storage.
 */
import { conceptsId, conceptTags, tags, type ConceptDirections } from './concepts';
import { decompounder } from './decompound';
import type { ModelVectors } from './expansions';
import type { IndexDocument } from './types';
import { isNfc, nfc } from './query';
import { REEMBED_RESCAN_MS, type Embedded, type Embedder } from './vectors';

/** The live concept classifier of model `m` (none when trained for another model, or too old to tag: concepts.ts tags). */
function liveConcepts(embedder: Embedder, m: ModelVectors): ConceptDirections | null {
  const c = embedder.concepts();
  return tags(c) && c.model === m.name ? c : null;
}

/**
 * Index-time enrichment: the compound parts (search-index/decompound.ts) of the text and of
 * the earlier versions' text and, with an
 * embedder whose model is live, the document vector with its model's name, and, when that
 * model has concept directions, the note's concept tags (search-index/concepts.ts
 * conceptTags) with the classifier's id. What the document already carries is kept.
 */
export function enrichDocument(d: IndexDocument, embedder?: Embedder): IndexDocument {
  // The fields are set on one copy of `d`, made when the first is added: not `{ ...out, field }`
  // per step, whose copies V8 (Node 20) is slow to add fields to (bench/indexer-cpu.ts).
  let out = d;
  const edit = () => (out === d ? (out = Object.assign({}, d)) : out);
  // One Unicode form (NFC), as the query is read (query.ts nfc): a text written decomposed (a
  // base letter and a combining accent, "kafe\u0301", "c\u030Ca\u0301hci": some exports, OCR
  // and macOS) was indexed as other terms than the same word typed precomposed, and not found by
  // it on any backend (found in review s33). The check is quick for text already in NFC.
  if (!isNfc(d.text)) edit().text = nfc(d.text);
  if (d.earlierText?.some((t) => !isNfc(t))) edit().earlierText = d.earlierText.map(nfc);
  if (d.parts === undefined) edit().parts = decompounder().parts(out.text);
  // The earlier versions' compound parts, for the `earlier:` expansions of compound parts (query.ts).
  if (d.earlierText?.length && d.earlierParts === undefined)
    edit().earlierParts = decompounder().parts(out.earlierText!.join('\n\n'));
  if (!embedder) return out;
  const m = embedder.model();
  if (out.vector === undefined) {
    const e = embedder.embed(out.text, m);
    if (e) Object.assign(edit(), { vector: e.vector, vectorModel: e.model });
  }
  if (out.concepts === undefined && m && out.vectorModel === m.name) {
    const c = liveConcepts(embedder, m);
    if (c) {
      const note = { text: out.text, parts: out.parts?.split(/\s+/).filter(Boolean), vector: out.vector };
      Object.assign(edit(), { concepts: conceptTags(c, note), conceptModel: conceptsId(c) });
    }
  }
  return out;
}

/** What the re-embed pass writes back: the vector and the concept tags (none without directions). */
export interface Enriched extends Embedded {
  /** The text's compound parts (search-index/decompound.ts). */
  parts: string;
  concepts: string[];
  /** The classifier that made the tags (conceptsId), null when the model has no directions. */
  conceptModel: string | null;
}

/** A stored document the re-embed pass reads: its id (the pass's order) and text, and whatever the store needs to write it back. */
export interface ReembedRow {
  id: string;
  text: string;
}

/** How a backend reads and writes the documents of a re-embed pass. */
export interface ReembedStore<R extends ReembedRow> {
  /**
   * Up to `size` documents with an id after `after`, in id order, whose vector is not
   * `live.model`'s, or (live.concepts not null) whose tags are not that classifier's.
   */
  read(after: string, live: { model: string; concepts: string | null }, size: number): Promise<R[]>;
  /** Writes the new vectors and tags; a document the indexer rewrote since the read is left as it is. */
  write(rows: { row: R; embedded: Enriched }[]): Promise<void>;
}

/**
 * The background re-embed pass (SearchBackend.reembed): each call rewrites, in batches of 500,
 * the vectors and concept tags of up to `limit` documents that do not have the live model's
 * vector or the live classifier's tags (an index written before the tags, a retraining of the
 * model, or `train-concepts` retraining only the directions), from where the last call got
 * to. Once through, it looks again after `rescanMs`, so what another writer left (a rebuild,
 * another process) is found too; a new model or classifier starts it from the beginning.
 */
export function reembedPass<R extends ReembedRow>(
  embedder: Embedder,
  store: ReembedStore<R>,
  rescanMs = REEMBED_RESCAN_MS,
): (limit?: number) => Promise<number> {
  const at = { live: '', after: '', doneAt: 0 };
  return async (limit = 5000) => {
    const m = embedder.model();
    if (!m) return 0;
    const c = liveConcepts(embedder, m);
    const live = { model: m.name, concepts: c && conceptsId(c) };
    const key = `${live.model} ${live.concepts ?? ''}`;
    if (at.live !== key) Object.assign(at, { live: key, after: '', doneAt: 0 });
    if (Date.now() - at.doneAt < rescanMs) return 0;
    const enrich = (text: string): Enriched => {
      const e = embedder.embed(text, m)!;
      const parts = decompounder().parts(text);
      const note = { text, parts: parts.split(/\s+/).filter(Boolean), vector: e.vector };
      return { ...e, parts, concepts: c ? conceptTags(c, note) : [], conceptModel: live.concepts };
    };
    let n = 0;
    while (n < limit) {
      const size = Math.min(500, limit - n);
      const rows = await store.read(at.after, live, size);
      if (rows.length) {
        await store.write(rows.map((row) => ({ row, embedded: enrich(row.text) })));
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
