/**
 * The maintained domain vocabulary (search-index/vocabulary/*.json): concepts with their
 * variants, compounds, typo-tolerant terms, phrases and context rules. Validated with zod
 * when loaded; a bad file stops start-up naming the file.
 *
 * Written from knowledge of Norwegian clinical and everyday language (nouns, verbs with
 * particles, derivations, lay words, spelling variants, common misspellings, abbreviations),
 * not from any labelled set. Per concept:
 *   triggers   query words or phrases that name the concept (every single-word term does too)
 *   terms      single words, matched Norwegian-stemmed, as written, and as a compound part
 *              (unless compoundParts is false)
 *   compounds  stems matched inside any word (wildcard), minus the `not` forms
 *   fuzzy      words matched one edit away
 *   phrases    word sequences (slop = words allowed between)
 *   near       a word that counts only within `within` words of a context word
 *   unless     a term that does not count within `within` words of a context word
 *              ("fall" in "i alle fall", "fall i blodtrykket")
 *   negation   false switches off the rank-down of negated mentions ("ingen mobbing")
 *   services   for a concept that is a setting of care (hjemmetjenester): parts of a service's
 *              name ("hjemmesykepleie" in "Hjemmesykepleien sone 2"); a note written by such a
 *              service is care the setting gave, whatever its text says
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const NearRule = z.object({
  word: z.string().min(2),
  within: z.number().int().min(1).max(30),
  context: z.array(z.string().min(1)).min(1),
});

const Concept = z
  .object({
    concept: z.string().regex(/^[a-zæøå-]+$/),
    description: z.string(),
    triggers: z.array(z.string().min(2)).min(1),
    terms: z.array(z.string().min(2)),
    compounds: z.array(z.object({ stem: z.string().min(3), not: z.array(z.string()).default([]) })),
    fuzzy: z.array(z.string().min(4)),
    phrases: z.array(z.object({ text: z.string().min(3), slop: z.number().int().min(0).max(5) })),
    near: z.array(NearRule),
    unless: z.array(NearRule).default([]),
    compoundParts: z.boolean().default(true),
    negation: z.boolean().default(true),
    services: z
      .array(
        z
          .string()
          .min(4)
          .regex(/^[a-zæøå -]+$/),
      )
      .default([]),
  })
  .strict();
export type Concept = z.infer<typeof Concept>;

export const VOCABULARY_DIR = join(__dirname, 'vocabulary');

export function loadVocabulary(dir = VOCABULARY_DIR): Map<string, Concept> {
  const map = new Map<string, Concept>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const parsed = Concept.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `search-index/vocabulary/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    map.set(parsed.data.concept, parsed.data);
  }
  return map;
}

/**
 * The concepts a query word (or phrase) names: through its name or a trigger; failing that,
 * through one of their single-word terms; failing that, a compound query word through a
 * trigger among its parts ("søvnproblemer" → søvn → søvnvansker).
 */
export function conceptsFor(word: string, vocabulary: Map<string, Concept>, parts: string[] = []): Concept[] {
  const w = normalised(word);
  const all = [...vocabulary.values()];
  // A concept the word names outright wins over one that merely lists it as a variant:
  // "hodepine" is the hodepine concept, not every kind of pain.
  const named = all.filter((c) => c.concept === w || forms(c).triggers.has(w));
  if (named.length) return named;
  // A query of several words that is one of a concept's phrases ("spiser lite", "kuttet seg").
  const variant = w.includes(' ')
    ? all.filter((c) => forms(c).phrases.has(w))
    : all.filter((c) => c.terms.includes(w));
  if (variant.length || !parts.length) return variant;
  return all.filter((c) => parts.some((p) => c.triggers.includes(p)));
}

/**
 * Whether some concept has this run of query words as a trigger or phrase, compared as the
 * query is read: lower case, words of two letters or more ("vold i nære relasjoner" is the
 * query words "vold nære relasjoner").
 */
export function isTriggerPhrase(phrase: string, vocabulary: Map<string, Concept>): boolean {
  const p = normalised(phrase);
  for (const c of vocabulary.values()) if (forms(c).triggers.has(p) || forms(c).phrases.has(p)) return true;
  return false;
}

/** A phrase as the query reads it: lower-case words of two letters or more, one space between. */
export function normalised(phrase: string): string {
  return phrase
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((x) => x.length >= 2)
    .join(' ');
}

const FORMS = new WeakMap<Concept, { triggers: Set<string>; phrases: Set<string> }>();
function forms(c: Concept): { triggers: Set<string>; phrases: Set<string> } {
  let f = FORMS.get(c);
  if (!f) {
    f = {
      triggers: new Set(c.triggers.map(normalised)),
      phrases: new Set(c.phrases.map((p) => normalised(p.text)).filter((p) => p.includes(' '))),
    };
    FORMS.set(c, f);
  }
  return f;
}
