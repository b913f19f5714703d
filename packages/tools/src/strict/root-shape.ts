import { isJsonObject, type JsonSchema } from './json-schema.js';
import { typesOf } from './schema-keywords.js';

const rootCombinators = ['anyOf', 'oneOf', 'allOf', 'not', 'if', 'enum', 'const', '$ref'] as const;

/**
 * Whether a root can stay the root of a function's parameters or a response format: exactly
 * `type: "object"` and no combinator beside it (OpenAI rejects anyOf/oneOf/allOf/enum/not at
 * the top level even without strict mode).
 */
export function isPlainObjectRoot(root: JsonSchema): boolean {
  const types = typesOf(root);
  return (
    types?.length === 1 && types[0] === 'object' && rootCombinators.every((keyword) => !(keyword in root))
  );
}

/** The root without the keywords that only make sense at the top (`$schema`, `$id`, definitions). */
export function splitRoot(root: JsonSchema): { body: JsonSchema; defs: JsonSchema } {
  const { $schema: _schema, $id: _id, $defs, definitions, ...body } = root;
  const defs: JsonSchema = {};
  if (isJsonObject($defs)) defs.$defs = $defs;
  if (isJsonObject(definitions)) defs.definitions = definitions;
  return { body, defs };
}

/**
 * Undoes the root wrapper: `{ [key]: x }` → `x`. Lenient for non-strict schemas, where a model
 * may have sent the inner object directly: anything else is returned as it is.
 */
export function unwrapRoot(value: unknown, key: string): unknown {
  return isJsonObject(value) && Object.keys(value).length === 1 && key in value ? value[key] : value;
}
