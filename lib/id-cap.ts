/**
 * The longest ID a caller may send (issue 12: clear errors; issue 11: every denied attempt
 * logged). Every record, matter and case id here is far shorter; a denied or unknown id is
 * written to the access log, and a 10 KB one failed that write (the patient_id index), so the
 * caller got AUDIT_FAILED and the denial went unlogged.
 *
 * The cap holds for every ID-typed value wherever it stands: a direct argument, a field of an
 * input object, an element of a list, a literal or a variable, an argument of a directive,
 * and the fields of an entity representation (`_entities(representations:)`: the
 * representation's `__typename` names the type, whose ID fields are checked). It is checked
 * on the resolved operation before anything executes, by the gateway (gateway/limits.ts, in
 * the same walk as the cost) and by every subgraph (lib/subgraph.ts).
 *
 * The values checked are the ones execution will see: graphql-js coerces the variables
 * (`getVariableValues`) and each field's and directive's arguments (`getArgumentValues`:
 * literals, variables inside literals, defaults, a single value for a list), and `TypeInfo`
 * names the field or directive of each node. Invalid variables are left to execution, which
 * refuses them before anything runs.
 *
 * In the same walk, every ID and String value (and any other scalar given as text) must be
 * text PostgreSQL can store: no U+0000 and no unpaired surrogate (found in review: either one
 * in `patient(id:)`, `accessLog(patientId:)` and 30-odd other fields failed the access-log
 * write of the denial, so the caller got AUDIT_FAILED and the attempt went unlogged, or it
 * failed a query as INTERNAL_SERVER_ERROR). The refusal names where the value is, never the
 * value (it may be a national id).
 */
import {
  GraphQLError,
  TypeInfo,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  visit,
  visitWithTypeInfo,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { unstorable } from './storable-text';

export const MAX_ID_CHARS = 256;

/** How deep a value is followed (input objects in lists in input objects …); far beyond any input here. */
const MAX_WALK_DEPTH = 32;

const isId = (type: GraphQLInputType | GraphQLOutputType) => isScalarType(type) && type.name === 'ID';
const isText = (type: GraphQLInputType | GraphQLOutputType) =>
  isScalarType(type) && (type.name === 'ID' || type.name === 'String');
const key = (path: string, name: string) => (path ? `${path}.${name}` : name);

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/** The refusal naming where the id is (`input.patientId`, `ids[3]`, `representations[0].id`). */
function oversized(path: string): GraphQLError {
  return badRequest(`${path} is longer than ${MAX_ID_CHARS} characters: no record has such an id`);
}

/** A text value that cannot be stored, named by where it is (never the value: it may be a national id). */
function checkText(value: unknown, id: boolean, path: string): void {
  if (typeof value !== 'string') return;
  if (id && value.length > MAX_ID_CHARS) throw oversized(path);
  if (unstorable(value))
    throw badRequest(
      `${path} contains U+0000 or an unpaired surrogate, which no record holds and no text may`,
    );
}

/** A coerced argument value against its input type. */
function walkValue(
  schema: GraphQLSchema,
  value: unknown,
  type: GraphQLInputType,
  path: string,
  depth: number,
): void {
  if (value === null || value === undefined || depth > MAX_WALK_DEPTH) return;
  if (isNonNullType(type)) return walkValue(schema, value, type.ofType, path, depth);
  if (isListType(type)) {
    if (Array.isArray(value))
      value.forEach((v, i) =>
        walkValue(schema, v, type.ofType as GraphQLInputType, `${path}[${i}]`, depth + 1),
      );
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[name];
      if (f) walkValue(schema, v, f.type, key(path, name), depth + 1);
    }
    return;
  }
  if (!isScalarType(type)) return;
  if (type.name === '_Any') walkRepresentation(schema, value, path, depth);
  // ID and String, and any other scalar given as text.
  else checkText(value, isId(type), path);
}

/** An entity representation: its `__typename` names the type whose fields it carries. */
function walkRepresentation(schema: GraphQLSchema, value: unknown, path: string, depth: number): void {
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > MAX_WALK_DEPTH) return;
  const r = value as Record<string, unknown>;
  const type = typeof r.__typename === 'string' ? schema.getType(r.__typename) : undefined;
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return;
  const fields = type.getFields();
  for (const [name, v] of Object.entries(r)) {
    const f = fields[name];
    if (!f) continue;
    const named = getNamedType(f.type);
    if (isText(named)) {
      const values = Array.isArray(v) ? v : [v];
      values.forEach((x, i) =>
        checkText(x, isId(named), Array.isArray(v) ? `${key(path, name)}[${i}]` : key(path, name)),
      );
    } else if (isObjectType(named) || isInterfaceType(named)) {
      // A nested key (@key(fields: "a { id }")).
      const nested = Array.isArray(v) ? v : [v];
      nested.forEach((x) =>
        walkRepresentation(
          schema,
          x && typeof x === 'object' ? { __typename: named.name, ...x } : x,
          key(path, name),
          depth + 1,
        ),
      );
    }
  }
}

/**
 * The operation's variables as execution will coerce them, or null when they are invalid
 * (execution then refuses the request before anything runs).
 */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  const r = getVariableValues(schema, operation.variableDefinitions ?? [], inputs ?? {}, { maxErrors: 1 });
  return r.coerced ?? null;
}

/**
 * The arguments of a field or directive as execution will see them (`variables` coerced:
 * coercedVariables), after checking their IDs: throws BAD_USER_INPUT naming the first one
 * longer than MAX_ID_CHARS, or the first text value that cannot be stored (unstorable). Null
 * when they do not coerce (execution refuses them).
 */
export function checkedArguments(
  schema: GraphQLSchema,
  def: GraphQLField<unknown, unknown> | GraphQLDirective,
  node: FieldNode | DirectiveNode,
  variables: Record<string, unknown>,
): Record<string, unknown> | null {
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(def, node, variables);
  } catch (err) {
    if (err instanceof GraphQLError) return null;
    throw err;
  }
  for (const arg of def.args) walkValue(schema, values[arg.name], arg.type, arg.name, 0);
  return values;
}

/** checkedArguments for each directive of a node that the schema knows. */
export function checkDirectives(
  schema: GraphQLSchema,
  nodes: readonly DirectiveNode[] | undefined,
  variables: Record<string, unknown>,
): void {
  for (const d of nodes ?? []) {
    const def = schema.getDirective(d.name.value);
    if (def) checkedArguments(schema, def, d, variables);
  }
}

/**
 * The first ID of the operation longer than MAX_ID_CHARS, or text value that cannot be stored
 * (unstorable), as BAD_USER_INPUT naming where it is
 * (`input.patientId`, `ids[3]`, `representations[0].id`); null when there is none.
 */
export function oversizedIdError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const operation = getOperationAST(document, operationName);
  const vars = operation && coercedVariables(schema, operation, variables);
  if (!operation || !vars) return null;
  const typeInfo = new TypeInfo(schema);
  try {
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        // Another operation of the document does not run.
        OperationDefinition: (node) => (node === operation ? undefined : false),
        Field(node) {
          const def = typeInfo.getFieldDef();
          if (def) checkedArguments(schema, def, node, vars);
        },
        Directive(node) {
          const def = typeInfo.getDirective();
          if (def) checkedArguments(schema, def, node, vars);
        },
      }),
    );
    return null;
  } catch (err) {
    if (err instanceof GraphQLError) return err;
    throw err;
  }
}
