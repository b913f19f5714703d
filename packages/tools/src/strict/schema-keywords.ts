import { isJsonObject, type JsonSchema, jsonTypeOf } from './json-schema.js';

/**
 * Keywords that describe without constraining: dropping or moving them never changes which
 * values a schema accepts. (`nullable` is OpenAPI's, unknown to JSON Schema validators.)
 */
export const annotationKeywords: ReadonlySet<string> = new Set([
  'description',
  'title',
  'default',
  'examples',
  'example',
  '$comment',
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentEncoding',
  'contentMediaType',
  'nullable',
  'markdownDescription',
]);

/** True when the key is an annotation, or a vendor extension (`x-…`) validators ignore. */
export function isAnnotation(key: string): boolean {
  return annotationKeywords.has(key) || key.startsWith('x-');
}

/** The node without its annotations. */
export function validationPart(node: JsonSchema): JsonSchema {
  const part: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) if (!isAnnotation(key)) part[key] = value;
  return part;
}

const typeHints: ReadonlyArray<[string, readonly string[]]> = [
  ['object', ['properties', 'additionalProperties', 'required']],
  ['array', ['items', 'minItems', 'maxItems']],
  ['string', ['pattern', 'format', 'minLength', 'maxLength']],
  ['number', ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']],
];

/**
 * The JSON types a node admits: its `type`, else what its keywords, enum or const imply
 * (`properties` → object). Undefined when nothing says, i.e. the node accepts any value.
 */
export function typesOf(node: JsonSchema): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return [...new Set(node.type.map(String))];
  const values = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
  if (values !== undefined) {
    const types = new Set(values.map(jsonTypeOf));
    if (types.has('number')) types.delete('integer');
    return [...types];
  }
  for (const [type, keywords] of typeHints) {
    if (keywords.some((keyword) => keyword in node)) return [type];
  }
  return undefined;
}

/** Whether `value` is of JSON type `type` (an integer is a number too). */
export function hasType(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Whether a (strict, converted) schema already accepts `null`. */
export function acceptsNull(schema: JsonSchema): boolean {
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  if ('const' in schema && schema.const === null) return true;
  return (
    Array.isArray(schema.anyOf) && schema.anyOf.some((branch) => isJsonObject(branch) && acceptsNull(branch))
  );
}

const primitiveTypes: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * The schema with `null` allowed: `type: ["string", "null"]` for a plain primitive, else
 * `anyOf: [schema, { type: "null" }]` with the description kept on the outside.
 */
export function makeNullable(schema: JsonSchema): JsonSchema {
  if (
    typeof schema.type === 'string' &&
    primitiveTypes.has(schema.type) &&
    !('enum' in schema) &&
    !('const' in schema)
  ) {
    return { ...schema, type: [schema.type, 'null'] };
  }
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  const { description, title, ...rest } = schema;
  const nullable: JsonSchema = { anyOf: [rest, { type: 'null' }] };
  if (title !== undefined) nullable.title = title;
  if (description !== undefined) nullable.description = description;
  return nullable;
}
