/**
 * The schema says what the code does (s47): every expansion name the search code knows is listed
 * where a caller switches expansions off (disabledExpansions), and JournalEntry.history says
 * which budget its paging is for, as lib/text-budget.ts and gateway/response-budget.ts have it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, visit } from 'graphql';
import { EARLIER_SPANS, EXPANSION_KINDS } from '../search-index/query';

const sdl = (name: string) => parse(readFileSync(join(__dirname, '..', 'schema', `${name}.graphql`), 'utf8'));

/** The description of every argument or input field called `name`, with where it is. */
function argumentDescriptions(doc: ReturnType<typeof parse>, name: string): [string, string | undefined][] {
  const found: [string, string | undefined][] = [];
  let field = '';
  visit(doc, {
    FieldDefinition: {
      enter(node) {
        field = node.name.value;
      },
    },
    InputValueDefinition(node) {
      if (node.name.value === name) found.push([field, node.description?.value]);
    },
  });
  return found;
}

test('every expansion kind of search-index/query.ts and earlier-spans is named in the description of every disabledExpansions argument of the search schema (before: prf, knn, classifier, service, word and earlier-spans were missing, two of three arguments had none)', () => {
  const names = [...EXPANSION_KINDS, EARLIER_SPANS];
  const args = argumentDescriptions(sdl('search'), 'disabledExpansions');
  expect(args.length).toBeGreaterThanOrEqual(3);
  for (const [field, description] of args) {
    const missing = names.filter((n) => !new RegExp(`(^|[^\\w-])${n}([^\\w-]|$)`).test(description ?? ''));
    expect({ field, missing }).toEqual({ field, missing: [] });
  }
});

test('JournalEntry.history\'s description names the budgets its paging serves, per subgraph request and per client request (before: "the request\'s text budget", which request left open)', () => {
  let description = '';
  visit(sdl('journal'), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== 'JournalEntry') return;
      for (const f of node.fields ?? [])
        if (f.name.value === 'history' && f.kind === Kind.FIELD_DEFINITION)
          description = f.description?.value ?? '';
    },
  });
  expect(description).not.toMatch(/the request's text budget/);
  expect(description).toMatch(/RESPONSE_MAX_TEXT_BYTES/);
  expect(description).toMatch(/one request to the journal subgraph/);
  expect(description).toMatch(/RESPONSE_MAX_BYTES/);
});
