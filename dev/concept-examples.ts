/**
 * Writes the labelled examples of the learned concept directions (search-index/concepts.ts)
 * from labelled sets (dev/labelled-set.ts format) and the generator's care notes of the
 * vocabulary's own topics (dev/care-notes.ts):
 *
 *   npm run concept-examples -- [--out FILE] [--generator N] SET.json …
 *
 * (default out: search-index/concept-examples.json, N = 25 notes per vocabulary topic.)
 * From a set: a note is a positive of every concept a query it is relevant to names (the
 * query's concepts as search reads them: query.ts namedConcepts); a set judges a concept over
 * all its notes when a query over everyone (no scope) names it, so its other notes are
 * negatives; a tempting note is a (double-weighted) negative of its query's concepts. From
 * the generator: a note of a vocabulary topic is a positive of that concept and every
 * generated note a negative of the generator's concepts, except closely related ones
 * (RELATED). Reviewer-marked notes go in as one more source (README of subgraphs/search).
 * Never give it the blind set.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CARE_TOPICS, generateCareNotes } from './care-notes';
import { readLabelledSet } from './labelled-set';
import { useDictionary } from '../search-index/decompound';
import { namedConcepts } from '../search-index/query';
import { loadVocabulary } from '../search-index/vocabulary';
import { CONCEPT_EXAMPLES_FILE, type ConceptExamples } from '../search-index/concepts';
import { testConfig } from './services';

/** Generator topic → vocabulary concept. */
export const GENERATOR_CONCEPTS: Record<string, string> = {
  mobbing: 'mobbing',
  vold: 'vold',
  'seksuelle-overgrep': 'seksuelle-overgrep',
  omsorgssvikt: 'omsorgssvikt',
  selvskading: 'selvskading',
  selvmordstanker: 'selvmordstanker',
  søvnvansker: 'søvnvansker',
  angst: 'angst',
  depresjon: 'depresjon',
  skolevegring: 'skolevegring',
  rus: 'rus',
  demens: 'demens',
  utagering: 'utagering',
  fall: 'fall',
  smerter: 'smerter',
};

/** A generated note of the topic is no negative of these concepts (they overlap in meaning). */
const RELATED: Record<string, string[]> = {
  vold: ['utagering', 'omsorgssvikt', 'seksuelle-overgrep'],
  utagering: ['vold'],
  'seksuelle-overgrep': ['vold', 'omsorgssvikt'],
  omsorgssvikt: ['vold', 'seksuelle-overgrep'],
  selvskading: ['selvmordstanker', 'depresjon'],
  selvmordstanker: ['selvskading', 'depresjon'],
  mobbing: ['skolevegring', 'vold'],
  skolevegring: ['mobbing', 'angst'],
  angst: ['søvnvansker', 'skolevegring'],
  depresjon: ['søvnvansker', 'selvmordstanker', 'ernæring'],
  brudd: ['fall', 'smerter'],
  sorg: ['depresjon'],
  psykose: ['angst', 'utagering'],
  palliasjon: ['smerter', 'ernæring'],
  revmatisme: ['smerter'],
  kvalme: ['ernæring'],
  fordøyelse: ['ernæring', 'smerter'],
  overvekt: ['ernæring'],
  diabetes: ['ernæring'],
  kreft: ['smerter', 'ernæring'],
  demens: ['utagering'],
  mobilitet: ['fall'],
  svimmelhet: ['fall'],
  hjerneslag: ['fall'],
  parkinson: ['fall'],
  // Everyday appetite and sleep notes ("spiste godt", "sov godt"): neither positive nor negative.
  søvn: ['søvnvansker'],
  matlyst: ['ernæring'],
};

export function examplesFromSets(paths: string[], generatorPerTopic: number): ConceptExamples {
  const vocabulary = loadVocabulary();
  const out: ConceptExamples = {
    version: 1,
    description: `Written by dev/concept-examples.ts from ${paths.map((p) => basename(p)).join(', ')}${generatorPerTopic ? ` and ${generatorPerTopic} generated care notes per vocabulary topic` : ''}.`,
    sources: [],
    examples: [],
  };
  for (const path of paths) {
    const set = readLabelledSet(path);
    const name = basename(path);
    const judged = new Set<string>();
    const pos = new Map<string, Set<string>>();
    const tempting = new Map<string, Set<string>>();
    const add = (m: Map<string, Set<string>>, key: string, cs: string[]) => {
      const s = m.get(key) ?? new Set<string>();
      for (const c of cs) s.add(c);
      m.set(key, s);
    };
    for (const q of set.queries) {
      const cs = namedConcepts(q.query, vocabulary);
      if (!cs.length) continue;
      if (!q.scope.person && q.scope.ageFrom == null && q.scope.ageTo == null)
        cs.forEach((c) => judged.add(c));
      for (const k of q.relevant) add(pos, k, cs);
      for (const k of q.tempting) add(tempting, k, cs);
    }
    out.sources.push({ name, description: `labelled set ${name}`, judged: [...judged].sort() });
    for (const n of set.notes) {
      const p = [...(pos.get(n.key) ?? [])].sort();
      const t = [...(tempting.get(n.key) ?? [])].filter((c) => !p.includes(c)).sort();
      out.examples.push({ source: name, key: n.key, text: n.text, positive: p, negative: t, tempting: t });
    }
  }
  if (generatorPerTopic > 0) {
    const concepts = [...new Set(Object.values(GENERATOR_CONCEPTS))].sort();
    out.sources.push({
      name: 'generator',
      description: 'dev/care-notes.ts (seed 31): notes of the vocabulary topics and of other everyday topics',
      judged: [],
    });
    const own = CARE_TOPICS.filter((t) => GENERATOR_CONCEPTS[t.topic]).map((t) => t.topic);
    const other = CARE_TOPICS.filter((t) => !GENERATOR_CONCEPTS[t.topic]).map((t) => t.topic);
    const notes = [
      ...generateCareNotes(generatorPerTopic * own.length, { seed: 31, topics: own }),
      ...generateCareNotes(Math.ceil(generatorPerTopic / 3) * other.length, { seed: 32, topics: other }),
    ];
    notes.forEach((n, i) => {
      const c = GENERATOR_CONCEPTS[n.topic];
      const related = new Set([...(RELATED[n.topic] ?? []), ...(c ? (RELATED[c] ?? []) : [])]);
      out.examples.push({
        source: 'generator',
        key: `g${String(i + 1).padStart(4, '0')}`,
        text: n.text,
        positive: c ? [c] : [],
        negative: concepts.filter((x) => x !== c && !related.has(x)),
        tempting: [],
      });
    });
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  let out = CONCEPT_EXAMPLES_FILE;
  let generator = 25;
  const sets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = args[++i]!;
    else if (args[i] === '--generator') generator = Number(args[++i]);
    else sets.push(args[i]!);
  }
  if (!sets.length && !generator) {
    console.error('usage: concept-examples [--out FILE] [--generator N] SET.json …');
    process.exit(2);
  }
  if (sets.some((s) => /blind/i.test(s))) {
    console.error('concept-examples: the blind set never goes into training');
    process.exit(2);
  }
  useDictionary(testConfig({}).decompoundDictionary);
  const ex = examplesFromSets(sets, generator);
  writeFileSync(out, JSON.stringify(ex, null, 1) + '\n');
  console.log(
    `${ex.examples.length} examples (${ex.sources.map((s) => s.name).join(', ')}) written to ${out}`,
  );
}

if (require.main === module) main();
