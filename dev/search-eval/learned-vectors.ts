/**
 * The document vectors the index stores for kNN (search-index/vectors.ts documentEmbedder: the
 * SIF-weighted mean of the learned fastText model's word vectors) of every note of some tuning
 * sets, and the query vectors of their queries, for dev/search-eval/sentence-model.py, which
 * measures a multilingual sentence model beside them.
 *
 *   npx tsx dev/search-eval/learned-vectors.ts MODEL_DIR OUT.json dev/search-eval/tuning-set-2.json …
 *     MODEL_DIR: a bench:search-eval EVAL_MODEL_DIR (its fastText model, trained on the
 *     generator's care notes). OUT: { notes: { key: vector | null }, queries: { text: vector | null } }.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openExpansions } from '../../search-index/expansions';
import { documentEmbedder } from '../../search-index/vectors';
import { useDictionary } from '../../search-index/decompound';
import { testConfig } from '../services';

function main(): void {
  const [dir, out, ...sets] = process.argv.slice(2);
  if (!dir || !out || !sets.length)
    throw new Error('usage: learned-vectors.ts MODEL_DIR OUT.json TUNING_SET.json …');
  if (sets.some((s) => /blind/i.test(s))) throw new Error('never the blind set');
  useDictionary(testConfig({}).decompoundDictionary);
  const embedder = documentEmbedder(openExpansions(dir, {}, 0), true);
  if (!embedder.model()) throw new Error(`no model in ${dir}`);
  const notes: Record<string, number[] | null> = {};
  const queries: Record<string, number[] | null> = {};
  for (const path of sets) {
    const set = JSON.parse(readFileSync(path, 'utf8')) as {
      notes: { key: string; text: string }[];
      queries: { query: string }[];
    };
    for (const n of set.notes) notes[n.key] = embedder.embed(n.text)?.vector ?? null;
    for (const q of set.queries) queries[q.query] = embedder.embed(q.query)?.vector ?? null;
  }
  writeFileSync(out, JSON.stringify({ model: embedder.model()!.name, notes, queries }));
  console.log(`${Object.keys(notes).length} notes, ${Object.keys(queries).length} queries → ${out}`);
}

main();
