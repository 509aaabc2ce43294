/**
 * Keeping the index and the database in agreement:
 * - reindex: build a complete new index from the database beside the live one, swap it in
 *   atomically, then re-apply what changed while it was being built;
 * - reconcile: compare (id, version) in the database and the index and repair drift, or
 *   with `check` only report it (missing, stale, stray), changing nothing.
 */
import { log } from '../lib/log';
import type { OutboxSource, SearchBackend } from './types';

const BATCH = 2000;

export interface ReindexResult {
  index: string;
  documents: number;
  caughtUp: number;
  /** Documents the catch-up removed (deleted or moved while the new index was built). */
  removed: number;
}

/**
 * `onRemoved`, as the indexer's (indexer.ts): told how many documents a run removed from the
 * index, so that a learned model trained on their text is marked stale (helsepersonelloven § 43;
 * trainer.ts `removed`, expansions.ts markExpansionsStale).
 */
export interface MaintenanceHooks {
  onRemoved?: (documents: number) => void;
}

export async function reindex(
  sources: OutboxSource[],
  backend: SearchBackend,
  progress?: (done: number) => void,
  hooks: MaintenanceHooks = {},
): Promise<ReindexResult> {
  const marks = await Promise.all(sources.map((s) => s.mark()));
  const target = await backend.beginRebuild();
  let documents = 0;
  try {
    for (const source of sources) {
      let after = '';
      for (;;) {
        const page = await source.scanVersions(after, BATCH);
        if (!page.length) break;
        const docs = await source.load(page.map((p) => p.id));
        await target.upsert(docs);
        documents += docs.length;
        progress?.(documents);
        after = page[page.length - 1]!.id;
      }
    }
    // What changed while it was built is applied to the new index before it goes live, and again
    // to the live one after: a note deleted during the build (helsepersonelloven § 43) whose
    // removal the indexer applied to the old index was searchable in the new one from the swap
    // until the catch-up below reached it (found in review s38). The second pass carries what
    // changed between the first and the swap.
    await catchUp(sources, marks, target);
    await target.commit();
  } catch (err) {
    await target.abort();
    throw err;
  }
  // Changes that reached the outbox while the new index was built went to the old one: apply them
  // again. Also those numbered before the mark that committed after it (a batch in flight when the
  // rebuild began) and were drained into the old index: processed since the mark (found in review
  // s32: such a note was in neither the new index nor the outbox).
  const { caughtUp, removed } = await catchUp(sources, marks, backend);
  await backend.refresh();
  if (removed) hooks.onRemoved?.(removed);
  log.info({ index: target.name, documents, caughtUp, removed }, 'reindex finished');
  return { index: target.name, documents, caughtUp, removed };
}

/** Applies to `sink` what each source changed since its mark: loads what is there, removes what is gone. */
async function catchUp(
  sources: OutboxSource[],
  marks: Awaited<ReturnType<OutboxSource['mark']>>[],
  sink: Pick<SearchBackend, 'upsert' | 'remove'>,
): Promise<{ caughtUp: number; removed: number }> {
  let caughtUp = 0;
  let removed = 0;
  for (const [i, source] of sources.entries()) {
    const ids = await source.changedSince(marks[i]!);
    for (let k = 0; k < ids.length; k += BATCH) {
      const chunk = ids.slice(k, k + BATCH);
      const docs = await source.load(chunk);
      const present = new Set(docs.map((d) => d.id));
      await sink.upsert(docs);
      const gone = chunk.filter((id) => !present.has(id));
      await sink.remove(gone);
      removed += gone.length;
      caughtUp += chunk.length;
    }
  }
  return { caughtUp, removed };
}

export interface ReconcileResult {
  checked: number;
  missing: number;
  stale: number;
  /** Stray documents: in the index, but not searchable in the database. */
  extra: number;
  repaired: number;
  /** Up to 10 ids of each kind of drift, for the report. */
  examples: { missing: string[]; stale: string[]; extra: string[] };
}

/**
 * Walks both sides in id order; what is missing or stale is indexed again, what should not
 * be there is removed. With `check`, nothing is changed: the drift is only counted.
 */
export async function reconcile(
  sources: OutboxSource[],
  backend: SearchBackend,
  opts: { check?: boolean } & MaintenanceHooks = {},
): Promise<ReconcileResult> {
  const truth = new Map<string, { version: number; source: OutboxSource }>();
  for (const source of sources) {
    let after = '';
    for (;;) {
      const page = await source.scanVersions(after, BATCH);
      if (!page.length) break;
      for (const p of page) truth.set(p.id, { version: p.version, source });
      after = page[page.length - 1]!.id;
    }
  }
  const result: ReconcileResult = {
    checked: 0,
    missing: 0,
    stale: 0,
    extra: 0,
    repaired: 0,
    examples: { missing: [], stale: [], extra: [] },
  };
  const example = (kind: 'missing' | 'stale' | 'extra', id: string) => {
    if (result.examples[kind].length < 10) result.examples[kind].push(id);
  };
  const toIndex = new Map<OutboxSource, string[]>();
  const extra: string[] = [];
  const seen = new Set<string>();
  let after = '';
  for (;;) {
    const page = await backend.scanVersions(after, BATCH);
    if (!page.length) break;
    for (const p of page) {
      result.checked++;
      seen.add(p.id);
      const t = truth.get(p.id);
      if (!t) {
        extra.push(p.id);
        example('extra', p.id);
        continue;
      }
      if (t.version !== p.version) {
        result.stale++;
        example('stale', p.id);
        (toIndex.get(t.source) ?? toIndex.set(t.source, []).get(t.source)!).push(p.id);
      }
    }
    after = page[page.length - 1]!.id;
  }
  for (const [id, t] of truth) {
    if (!seen.has(id)) {
      result.missing++;
      example('missing', id);
      (toIndex.get(t.source) ?? toIndex.set(t.source, []).get(t.source)!).push(id);
    }
  }
  result.extra = extra.length;
  if (opts.check) {
    log.info({ ...result, examples: undefined }, 'reconcile check finished (nothing changed)');
    return result;
  }
  for (const [source, ids] of toIndex) {
    for (let k = 0; k < ids.length; k += BATCH) {
      const docs = await source.load(ids.slice(k, k + BATCH));
      await backend.upsert(docs);
      result.repaired += docs.length;
    }
  }
  for (let k = 0; k < extra.length; k += BATCH) await backend.remove(extra.slice(k, k + BATCH));
  result.repaired += extra.length;
  await backend.refresh();
  if (extra.length) opts.onRemoved?.(extra.length);
  log.info({ ...result }, 'reconcile finished');
  return result;
}
