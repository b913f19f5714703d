import { isJsonObject, type JsonSchema, jsonEqual } from './json-schema.js';
import { isAnnotation, typesOf } from './schema-keywords.js';

/** The merged schema, or why the parts cannot be merged into one without changing its meaning. */
export type IntersectResult = { schema: JsonSchema } | { conflict: string };

/**
 * One schema that accepts exactly what every part accepts (`allOf`, or a `$ref` with
 * constraining siblings — an intersection in JSON Schema 2020-12, not "siblings win").
 * Properties merge (a property in two parts becomes their allOf), `required` lists unite, types
 * intersect; any other keyword that two parts set differently is a conflict.
 */
export function intersectSchemas(parts: readonly JsonSchema[]): IntersectResult {
  const merged: JsonSchema = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (!(key in merged)) {
        merged[key] = key === 'properties' && isJsonObject(value) ? { ...value } : value;
        continue;
      }
      if (isAnnotation(key) || jsonEqual(merged[key], value)) continue;
      if (key === 'properties' && isJsonObject(value)) {
        const properties = merged.properties as Record<string, unknown>;
        for (const [name, schema] of Object.entries(value)) {
          const existing = properties[name];
          properties[name] =
            existing === undefined || jsonEqual(existing, schema) ? schema : { allOf: [existing, schema] };
        }
      } else if (key === 'required' && Array.isArray(value) && Array.isArray(merged.required)) {
        merged.required = [...new Set([...merged.required, ...value])];
      } else if (key === 'type') {
        const types = intersectTypes(typesOf({ type: merged.type }) ?? [], typesOf({ type: value }) ?? []);
        if (types.length === 0) {
          return {
            conflict: `the parts allow no common type (${JSON.stringify(merged.type)} and ${JSON.stringify(value)})`,
          };
        }
        merged.type = types.length === 1 ? types[0] : types;
      } else {
        return { conflict: `the parts set \`${key}\` differently, which one schema cannot express` };
      }
    }
  }
  // A part closed with additionalProperties: false rejects the other parts' extra properties; the
  // merged object would accept them, so the merge would widen what is accepted.
  const mergedKeys = isJsonObject(merged.properties) ? Object.keys(merged.properties) : [];
  for (const part of parts) {
    if (part.additionalProperties !== false) continue;
    const own = isJsonObject(part.properties) ? part.properties : {};
    const extra = mergedKeys.filter((key) => !(key in own));
    if (extra.length > 0) {
      return {
        conflict: `one part is closed (additionalProperties: false) without ${extra.join(', ')}, which another part adds`,
      };
    }
  }
  return { schema: merged };
}

function intersectTypes(a: readonly string[], b: readonly string[]): string[] {
  const result = new Set<string>();
  for (const type of a) {
    if (b.includes(type)) result.add(type);
    else if (type === 'integer' && b.includes('number')) result.add('integer');
    else if (type === 'number' && b.includes('integer')) result.add('integer');
  }
  return [...result];
}
