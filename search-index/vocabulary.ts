/**
 * The maintained domain vocabulary (search-index/vocabulary/*.json): concepts with their
 * variants, compounds, typo-tolerant terms, phrases and context rules. Validated with zod
 * when loaded; a bad file stops start-up naming the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Concept = z
  .object({
    concept: z.string().regex(/^[a-zæøå-]+$/),
    description: z.string(),
    triggers: z.array(z.string().min(2)).min(1),
    terms: z.array(z.string().min(2)),
    compounds: z.array(z.object({ stem: z.string().min(3), not: z.array(z.string()).default([]) })),
    fuzzy: z.array(z.string().min(4)),
    phrases: z.array(z.object({ text: z.string().min(3), slop: z.number().int().min(0).max(5) })),
    near: z.array(
      z.object({
        word: z.string().min(2),
        within: z.number().int().min(1).max(30),
        context: z.array(z.string().min(2)).min(1),
      }),
    ),
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

/** The concept a query word triggers, if any. */
export function conceptFor(word: string, vocabulary: Map<string, Concept>): Concept | undefined {
  const w = word.toLowerCase();
  for (const c of vocabulary.values()) if (c.concept === w || c.triggers.includes(w)) return c;
  return undefined;
}
