import { isJsonObject, type JsonSchema, pointerSegment } from './json-schema.js';
import { isPlainObjectRoot, splitRoot, unwrapRoot } from './root-shape.js';

/** What `toLooseJsonSchema` returns: the schema to send without `strict`, and how to read answers. */
export interface LooseJsonSchema {
  schema: JsonSchema;
  /** The property the original root was moved into, when it was not a plain object; else undefined. */
  wrappedIn: string | undefined;
  /** Unwraps a value written against `schema` (identity when nothing was wrapped). */
  restore(value: unknown): unknown;
}

/** Options of `toLooseJsonSchema` and `toStrictJsonSchema`. */
export interface RootWrapOptions {
  /** The property that holds a root that is not a plain object (default `"value"`). */
  rootKey?: string;
}

/**
 * The schema as it is, made acceptable as a function's parameters: `$schema` dropped, an object
 * root given `properties`, and any other root (a string, an anyOf, …) wrapped in an object under
 * `rootKey`, with its local `$ref`s rewritten. Nothing else changes: no strict rewrite.
 */
export function toLooseJsonSchema(schema: JsonSchema, options: RootWrapOptions = {}): LooseJsonSchema {
  const { rootKey = 'value' } = options;
  const copy = structuredClone(schema);
  const { $schema: _schema, ...root } = copy;
  if (isPlainObjectRoot(root)) {
    if (!('properties' in root)) root.properties = {};
    return { schema: { type: 'object', ...root }, wrappedIn: undefined, restore: (value) => value };
  }
  const { body, defs } = splitRoot(copy);
  const prefix = `#/properties/${pointerSegment(rootKey)}`;
  const wrapped: JsonSchema = {
    type: 'object',
    properties: { [rootKey]: rewriteRootRefs(body, prefix) },
    required: [rootKey],
    ...defs,
  };
  return { schema: wrapped, wrappedIn: rootKey, restore: (value) => unwrapRoot(value, rootKey) };
}

/** `#` and pointers into the old root now live under `prefix`; `$defs` stay at the new root. */
function rewriteRootRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRootRefs(item, prefix));
  if (!isJsonObject(node)) return node;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const keep =
        value.startsWith('#/$defs/') || value.startsWith('#/definitions/') || !value.startsWith('#');
      result[key] = keep ? value : value === '#' || value === '#/' ? prefix : `${prefix}${value.slice(1)}`;
    } else {
      result[key] = rewriteRootRefs(value, prefix);
    }
  }
  return result;
}
