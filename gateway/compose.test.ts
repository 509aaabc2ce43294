import { composeSupergraph, CompositionError } from './compose';
import { readSchema } from '../lib/subgraph';

const subgraphs = ['journal', 'archive', 'coercion', 'search', 'dossier'].map((name) => ({
  name,
  url: `http://127.0.0.1/${name}`,
}));

test('the five subgraph schemas compose into one supergraph', () => {
  const sdl = composeSupergraph(subgraphs);
  expect(sdl).toContain('type Patient');
  expect(sdl).toMatch(/join__graph\(name: "archive"/);
  expect(sdl).toContain('termReport');
});

test('a composition error names the subgraph and the field', () => {
  // The coercion subgraph declares Patient.familyName with another type than the journal's String!.
  const broken = (name: string) =>
    name === 'coercion'
      ? readSchema(name).replace(
          'nationalIds: [String!]! @external',
          'nationalIds: [String!]! @external\n  familyName: Int!',
        )
      : readSchema(name);
  let error: unknown;
  try {
    composeSupergraph(subgraphs, broken);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(CompositionError);
  const message = (error as Error).message;
  expect(message).toContain('Patient.familyName');
  expect(message).toMatch(/coercion/);
});

test('a schema file that does not parse is named', () => {
  expect(() => composeSupergraph(subgraphs, (n) => (n === 'archive' ? 'type {' : readSchema(n)))).toThrow(
    /schema\/archive\.graphql does not parse/,
  );
});
