/**
 * Length caps of the free text a caller writes into a record through the journal subgraph's
 * mutations: a reason, a note, a claim, a legal basis (FREE_TEXT_MAX) and a person's name
 * (NAME_MAX, as the archive's requesterName). Uncapped, one request stored about 900 KB in a
 * legal hold's reason, a break-the-glass grant, a patient link or a record case, and a
 * deletion's legalBasis again on every version, service decision and quarantined line of the
 * note it deleted (found in review s40). A note's own text (a correction's `text`,
 * `proposedText`) is a note, not capped here: the gateway's body cap bounds it.
 */
import { GraphQLError } from 'graphql';

/** A reason, note, claim or legal basis: some pages of text, far beyond any the law asks for. */
export const FREE_TEXT_MAX = 4000;
/** A person's name or relation. */
export const NAME_MAX = 200;

/**
 * Throws BAD_USER_INPUT naming the first of `fields` (argument name → value) longer than `max`
 * characters, before anything is read or written; null and undefined pass.
 */
export function requireTextWithin(fields: Record<string, string | null | undefined>, max: number): void {
  for (const [name, value] of Object.entries(fields))
    if (typeof value === 'string' && value.length > max)
      throw new GraphQLError(`${name} is longer than ${max} characters`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
}
