import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import type { SubgraphContext } from '../subgraph';
import { FIELD_POLICY, forbidden, subjectKey, type Subject } from './policy';
import { maskCode } from './deidentify';
import { RESEARCH_FIELDS, RESEARCH_VARIABLES } from './research';

/** The person a parent object of a policed type concerns, for the denial's log row. */
function subjectOf(parent: unknown): Subject {
  const p = (parent ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? [v] : []);
  if (p.__subject && typeof p.__subject === 'object') return p.__subject as Subject;
  return {
    patientIds: [...str(p.patient_id), ...str(p.patientId)],
    nationalIds: [...str(p.patient_nid), ...str((p.row as Record<string, unknown> | undefined)?.patient_nid)],
  };
}

/**
 * Wraps every field of every type that carries patient data (FIELD_POLICY) so that the
 * field asks the policy before it resolves: a field the role may not read is FORBIDDEN,
 * naming the rule, and the attempt is logged as denied. Runs on each subgraph's schema
 * at start-up, so a new field is policed from the moment it exists.
 */
export function enforceFieldPolicy(schema: GraphQLSchema): void {
  for (const [typeName] of Object.entries(FIELD_POLICY)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const name = field.name;
      field.resolve = (parent, args, ctx: SubgraphContext, info) => {
        const rule = ctx.policy.fieldRule(typeName, name);
        if (rule) {
          const s =
            typeName === 'Patient' ? { patientIds: [(parent as { id: string }).id] } : subjectOf(parent);
          ctx.audit.denied(subjectKey(s), FIELD_POLICY[typeName]!.kind, rule);
          throw forbidden(rule);
        }
        return resolve(parent, args, ctx, info);
      };
    }
  }
  // Research types: each field needs its variable approved by the researcher's grant; a code
  // variable's value (not free text, not a date) is masked by deidentify.ts's patterns
  // (maskCode: a klasse can be a fødselsnummer; personopplysningsloven art. 89 (1)).
  for (const [typeName, fields] of Object.entries(RESEARCH_FIELDS)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!(field.name in fields)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const name = field.name;
      const need = fields[name]!;
      const info =
        typeof need === 'string'
          ? (RESEARCH_VARIABLES[need] as { date?: boolean; freeText?: boolean })
          : null;
      const code = !!info && !info.date && !info.freeText;
      field.resolve = (parent, args, ctx: SubgraphContext, info) => {
        const rule = ctx.policy.researchFieldRule(typeName, name);
        if (rule) {
          ctx.audit.denied('*', 'research', rule);
          throw forbidden(rule);
        }
        const value = resolve(parent, args, ctx, info);
        return code ? Promise.resolve(value).then(maskCode) : value;
      };
    }
  }
}
