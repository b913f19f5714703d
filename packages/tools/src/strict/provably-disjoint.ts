import { isJsonObject, type JsonSchema, jsonEqual } from './json-schema.js';
import { typesOf } from './schema-keywords.js';

/** What decides whether two oneOf branches can both match a value. */
interface BranchShape {
  types: string[] | undefined;
  values: unknown[] | undefined;
  required: Set<string>;
  declared: Set<string>;
  closed: boolean;
  /** Required properties pinned by const/enum: a discriminator. */
  discriminators: Map<string, unknown[]>;
}

function shapeOf(branch: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema | undefined): BranchShape {
  const properties = isJsonObject(branch.properties) ? branch.properties : {};
  const required = new Set(Array.isArray(branch.required) ? branch.required.map(String) : []);
  const discriminators = new Map<string, unknown[]>();
  for (const name of required) {
    const property = isJsonObject(properties[name]) ? resolve(properties[name]) : undefined;
    if (!property) continue;
    if ('const' in property) discriminators.set(name, [property.const]);
    else if (Array.isArray(property.enum)) discriminators.set(name, property.enum);
  }
  return {
    types: typesOf(branch),
    values: Array.isArray(branch.enum) ? branch.enum : 'const' in branch ? [branch.const] : undefined,
    required,
    declared: new Set(Object.keys(properties)),
    closed: branch.additionalProperties === false,
    discriminators,
  };
}

const overlaps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.some((x) => b.some((y) => jsonEqual(x, y)));

/** The JSON types both lists admit (`integer` is common to integer and number). */
function commonTypes(a: readonly string[], b: readonly string[]): string[] {
  const common = new Set<string>();
  for (const type of a) {
    if (b.includes(type)) common.add(type);
    else if ((type === 'integer' && b.includes('number')) || (type === 'number' && b.includes('integer'))) {
      common.add('integer');
    }
  }
  return [...common];
}

/**
 * True when no value can match both branches, so `oneOf` may become `anyOf` (what strict mode
 * has) without accepting more: different types, disjoint enums, a discriminator property with
 * disjoint values, or a closed object that forbids a property the other requires.
 */
export function provablyDisjoint(
  left: JsonSchema,
  right: JsonSchema,
  resolve: (schema: JsonSchema) => JsonSchema | undefined,
): boolean {
  const a = shapeOf(left, resolve);
  const b = shapeOf(right, resolve);
  if (a.values && b.values && !overlaps(a.values, b.values)) return true;
  if (!a.types || !b.types) return false;
  const common = commonTypes(a.types, b.types);
  if (common.length === 0) return true;
  // Past here only objects can match both; any other common type is an overlap.
  if (common.some((type) => type !== 'object')) return false;
  for (const [name, values] of a.discriminators) {
    const other = b.discriminators.get(name);
    if (other && !overlaps(values, other)) return true;
  }
  const forbids = (closed: BranchShape, other: BranchShape) =>
    closed.closed && [...other.required].some((name) => !closed.declared.has(name));
  return forbids(a, b) || forbids(b, a);
}
