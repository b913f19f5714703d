import { isJsonObject, type JsonSchema, jsonEqual, jsonTypeOf } from './json-schema.js';

/**
 * How to turn a value the model wrote against a strict schema back into one the original schema
 * accepts: which `null`s stand for an absent optional property, and where to look for more.
 * `undefined` means "nothing to do below here".
 */
export type RestorePlan =
  | {
      kind: 'object';
      /** Optional properties made nullable by the conversion: `null` means "leave it out". */
      absentWhenNull: ReadonlySet<string>;
      properties: ReadonlyMap<string, RestorePlan>;
    }
  | { kind: 'array'; items: RestorePlan }
  /** anyOf: the first variant whose strict schema the value matches decides. */
  | { kind: 'union'; variants: ReadonlyArray<{ schema: JsonSchema; plan: RestorePlan | undefined }> }
  | { kind: 'ref'; name: string }
  | { kind: 'root' };

/** The plans and strict schemas of `$defs`, and the root plan, for refs and unions to look up. */
export interface RestoreContext {
  root: RestorePlan | undefined;
  defs: ReadonlyMap<string, { schema: JsonSchema; plan: RestorePlan | undefined }>;
  /** The strict schema `#` points at (the root, or the hoisted original root when wrapped). */
  rootSchema: JsonSchema;
}

/** Applies a plan to a value; returns a new value and never mutates the input. */
export function restoreValue(
  plan: RestorePlan | undefined,
  value: unknown,
  context: RestoreContext,
): unknown {
  if (plan === undefined) return value;
  switch (plan.kind) {
    case 'object': {
      if (!isJsonObject(value)) return value;
      const restored: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item === null && plan.absentWhenNull.has(key)) continue;
        restored[key] = restoreValue(plan.properties.get(key), item, context);
      }
      return restored;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => restoreValue(plan.items, item, context)) : value;
    case 'union': {
      const variant = plan.variants.find((candidate) =>
        matchesStrictSchema(candidate.schema, value, context, 0),
      );
      return variant ? restoreValue(variant.plan, value, context) : value;
    }
    case 'ref':
      return restoreValue(context.defs.get(plan.name)?.plan, value, context);
    case 'root':
      return restoreValue(context.root, value, context);
  }
}

const maxMatchDepth = 64;

/**
 * Whether `value` has the shape a strict schema describes: types, enum/const, exact object keys
 * (strict objects list every key and forbid others), items and anyOf. Formats, patterns and
 * bounds are not checked: this only picks the anyOf variant the model filled in.
 */
export function matchesStrictSchema(
  schema: JsonSchema,
  value: unknown,
  context: RestoreContext,
  depth: number,
): boolean {
  if (depth > maxMatchDepth) return true;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref === '#' ? context.rootSchema : context.defs.get(ref.slice('#/$defs/'.length))?.schema;
    return target ? matchesStrictSchema(target, value, context, depth + 1) : false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => jsonEqual(option, value))) return false;
  if ('const' in schema && !jsonEqual(schema.const, value)) return false;
  if (Array.isArray(schema.anyOf)) {
    return schema.anyOf.some(
      (branch) => isJsonObject(branch) && matchesStrictSchema(branch, value, context, depth + 1),
    );
  }
  const types =
    typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  const actual = jsonTypeOf(value);
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    return false;
  }
  if (actual === 'object' && isJsonObject(schema.properties)) {
    const properties = schema.properties;
    const keys = Object.keys(value as object);
    if (keys.length !== Object.keys(properties).length) return false;
    return keys.every((key) => {
      const property = properties[key];
      return (
        isJsonObject(property) &&
        matchesStrictSchema(property, (value as Record<string, unknown>)[key], context, depth + 1)
      );
    });
  }
  if (actual === 'array' && isJsonObject(schema.items)) {
    const items = schema.items;
    return (value as unknown[]).every((item) => matchesStrictSchema(items, item, context, depth + 1));
  }
  return true;
}
