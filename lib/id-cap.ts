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
 * on the resolved operation before anything executes, by the gateway (gateway/limits.ts) and
 * by every subgraph (lib/subgraph.ts), with the same walk.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export const MAX_ID_CHARS = 256;

/** How deep a value is followed (input objects in lists in input objects …); far beyond any input here. */
const MAX_WALK_DEPTH = 32;

class OversizedId extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

const isId = (type: GraphQLInputType | GraphQLOutputType) => isScalarType(type) && type.name === 'ID';
const tooLong = (v: unknown) => typeof v === 'string' && v.length > MAX_ID_CHARS;
const key = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** A JSON value (a variable's value) against its input type. */
function walkValue(
  schema: GraphQLSchema,
  value: unknown,
  type: GraphQLInputType,
  path: string,
  depth: number,
): void {
  if (value === null || value === undefined || depth > MAX_WALK_DEPTH) return;
  if (isNonNullType(type)) return walkValue(schema, value, type.ofType as GraphQLInputType, path, depth);
  if (isListType(type)) {
    const item = type.ofType as GraphQLInputType;
    // A single value where a list is expected is a list of one (input coercion).
    if (!Array.isArray(value)) return walkValue(schema, value, item, path, depth + 1);
    value.forEach((v, i) => walkValue(schema, v, item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[name];
      if (f) walkValue(schema, v, f.type, key(path, name), depth + 1);
    }
    return;
  }
  if (isId(type)) {
    if (tooLong(value)) throw new OversizedId(path);
    return;
  }
  if (isScalarType(type) && type.name === '_Any') return walkRepresentation(schema, value, path, depth);
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
    if (isId(named)) {
      const values = Array.isArray(v) ? v : [v];
      values.forEach((x, i) => {
        if (tooLong(x))
          throw new OversizedId(Array.isArray(v) ? `${key(path, name)}[${i}]` : key(path, name));
      });
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

/** A literal in the document against its input type; a variable in it is walked as its value. */
function walkLiteral(
  schema: GraphQLSchema,
  node: ValueNode,
  type: GraphQLInputType,
  path: string,
  vars: Record<string, unknown>,
  depth: number,
): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (node.kind === Kind.VARIABLE) return walkValue(schema, vars[node.name.value], type, path, depth);
  if (node.kind === Kind.NULL) return;
  if (isNonNullType(type))
    return walkLiteral(schema, node, type.ofType as GraphQLInputType, path, vars, depth);
  if (isListType(type)) {
    const item = type.ofType as GraphQLInputType;
    if (node.kind !== Kind.LIST) return walkLiteral(schema, node, item, path, vars, depth + 1);
    node.values.forEach((v, i) => walkLiteral(schema, v, item, `${path}[${i}]`, vars, depth + 1));
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = type.getFields();
    for (const f of node.fields) {
      const def = fields[f.name.value];
      if (def) walkLiteral(schema, f.value, def.type, key(path, f.name.value), vars, depth + 1);
    }
    return;
  }
  if (isId(type)) {
    if ((node.kind === Kind.STRING || node.kind === Kind.INT) && tooLong(node.value))
      throw new OversizedId(path);
    return;
  }
  if (isScalarType(type) && type.name === '_Any' && node.kind === Kind.OBJECT) {
    // A literal representation: checked as the plain value it stands for.
    walkRepresentation(schema, literalToJson(node, vars), path, depth);
  }
}

function literalToJson(node: ValueNode, vars: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return vars[node.name.value];
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalToJson(v, vars));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value, vars)]));
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    default:
      return (node as { value?: unknown }).value;
  }
}

function walkArguments(
  schema: GraphQLSchema,
  defs: readonly GraphQLArgument[],
  given: readonly ArgumentNode[] | undefined,
  vars: Record<string, unknown>,
): void {
  for (const node of given ?? []) {
    const def = defs.find((d) => d.name === node.name.value);
    if (def) walkLiteral(schema, node.value, def.type, def.name, vars, 0);
  }
}

/**
 * The first ID of the operation longer than MAX_ID_CHARS, as BAD_USER_INPUT naming where it is
 * (`input.patientId`, `ids[3]`, `representations[0].id`); null when there is none.
 */
export function oversizedIdError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    else if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName))
      operation ??= d;
  }
  if (!operation) return null;
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return null;
  const vars = variables ?? {};
  const visited = new Set<string>();

  const directives = (nodes: readonly DirectiveNode[] | undefined) => {
    for (const d of nodes ?? []) {
      const def = schema.getDirective(d.name.value);
      if (def) walkArguments(schema, def.args, d.arguments, vars);
    }
  };
  const walkSet = (set: SelectionSetNode, type: GraphQLCompositeType): void => {
    for (const sel of set.selections) {
      directives(sel.directives);
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (!f || visited.has(f.name.value)) continue;
        visited.add(f.name.value);
        directives(f.directives);
        const t = schema.getType(f.typeCondition.name.value);
        if (t && isCompositeType(t)) walkSet(f.selectionSet, t);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (t && isCompositeType(t)) walkSet(sel.selectionSet, t);
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[sel.name.value];
      if (!field) continue;
      walkArguments(schema, field.args, sel.arguments, vars);
      const named = getNamedType(field.type);
      if (sel.selectionSet && isCompositeType(named)) walkSet(sel.selectionSet, named);
    }
  };

  try {
    directives(operation.directives);
    walkSet(operation.selectionSet, root);
    return null;
  } catch (err) {
    if (!(err instanceof OversizedId)) throw err;
    return new GraphQLError(
      `${err.path} is longer than ${MAX_ID_CHARS} characters: no record has such an id`,
      {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      },
    );
  }
}
