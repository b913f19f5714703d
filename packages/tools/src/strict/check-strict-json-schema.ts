import { isJsonObject, pointerSegment, resolvePointer } from './json-schema.js';
import {
  strictCommonKeywords,
  strictFormats,
  strictLimits,
  strictTypeKeywords,
  unsupportedPatternFeature,
} from './strict-subset.js';

/** One rule of OpenAI's strict subset a schema breaks, at a JSON pointer (`/properties/url`). */
export interface StrictSchemaProblem {
  path: string;
  message: string;
}

interface Tally {
  properties: number;
  enumValues: number;
  stringLength: number;
}

/**
 * Lists every way `schema` breaks OpenAI's strict subset: objects without
 * `additionalProperties: false` or with a property missing from `required`, keywords or formats
 * strict mode rejects, `$ref`s with siblings or outside `$defs`, a non-object or anyOf root, and
 * the size limits. An empty list means the schema can be sent with `strict: true`.
 * @example
 * checkStrictJsonSchema({ type: 'object', properties: { a: { type: 'string' } } });
 * // [{ path: '', message: 'object must set additionalProperties: false' }, …]
 */
export function checkStrictJsonSchema(schema: unknown): StrictSchemaProblem[] {
  const problems: StrictSchemaProblem[] = [];
  if (!isJsonObject(schema)) return [{ path: '', message: 'the schema must be a JSON object' }];
  if (schema.type !== 'object') problems.push({ path: '', message: 'the root must be `type: "object"`' });
  if ('anyOf' in schema) problems.push({ path: '', message: 'the root must not be anyOf' });
  const defs = isJsonObject(schema.$defs) ? schema.$defs : {};
  const tally: Tally = { properties: 0, enumValues: 0, stringLength: 0 };
  for (const [name, def] of Object.entries(defs)) {
    tally.stringLength += name.length;
    checkNode(def, `/$defs/${pointerSegment(name)}`, { problems, defs, tally });
  }
  const { $defs: _defs, ...rootNode } = schema;
  checkNode(rootNode, '', { problems, defs, tally });

  if (tally.properties > strictLimits.maxProperties) {
    problems.push({
      path: '',
      message: `${tally.properties} object properties in all; strict mode allows ${strictLimits.maxProperties}`,
    });
  }
  if (tally.enumValues > strictLimits.maxEnumValues) {
    problems.push({
      path: '',
      message: `${tally.enumValues} enum values in all; strict mode allows ${strictLimits.maxEnumValues}`,
    });
  }
  if (tally.stringLength > strictLimits.maxTotalStringLength) {
    problems.push({
      path: '',
      message: `${tally.stringLength} characters of property names, definition names, enum and const values; strict mode allows ${strictLimits.maxTotalStringLength}`,
    });
  }
  const depth = objectDepth(rootNode, defs, new Set());
  if (depth > strictLimits.maxNestingDepth) {
    problems.push({
      path: '',
      message: `objects nest ${depth} levels deep; strict mode allows ${strictLimits.maxNestingDepth}`,
    });
  }
  return problems;
}

interface CheckState {
  problems: StrictSchemaProblem[];
  defs: Record<string, unknown>;
  tally: Tally;
}

function checkNode(node: unknown, path: string, state: CheckState): void {
  const { problems, defs, tally } = state;
  const report = (message: string) => problems.push({ path, message });
  if (!isJsonObject(node)) {
    report('a subschema must be a JSON object (true/false schemas are not allowed)');
    return;
  }
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (Object.keys(node).length > 1) report('`$ref` must stand alone (no sibling keywords)');
    const name = ref.startsWith('#/$defs/') ? ref.slice(8) : undefined;
    if (ref !== '#' && !(name !== undefined && !name.includes('/') && resolvePointer({ $defs: defs }, ref))) {
      report(`\`$ref\` ${JSON.stringify(ref)} must be "#" or point into the root's $defs`);
    }
    return;
  }
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : [];
  if (!('type' in node) && !('anyOf' in node) && !('enum' in node) && !('const' in node)) {
    report('every subschema needs a `type` (or anyOf, enum, const)');
  }
  const allowed = new Set(strictCommonKeywords);
  for (const type of types) {
    const keywords = strictTypeKeywords[String(type)];
    if (keywords === undefined) report(`unknown type ${JSON.stringify(type)}`);
    for (const keyword of keywords ?? []) allowed.add(keyword);
  }
  for (const key of Object.keys(node)) {
    if (!allowed.has(key)) report(`keyword \`${key}\` is not allowed here in strict mode`);
  }
  if (Array.isArray(node.enum)) {
    tally.enumValues += node.enum.length;
    let enumLength = 0;
    for (const value of node.enum) if (typeof value === 'string') enumLength += value.length;
    tally.stringLength += enumLength;
    if (
      node.enum.length > strictLimits.largeEnumValues &&
      enumLength > strictLimits.maxLargeEnumStringLength
    ) {
      report(
        `an enum of ${node.enum.length} strings with ${enumLength} characters; above ${strictLimits.largeEnumValues} values strict mode allows ${strictLimits.maxLargeEnumStringLength}`,
      );
    }
  }
  if (typeof node.const === 'string') tally.stringLength += node.const.length;
  if (typeof node.format === 'string' && !strictFormats.has(node.format)) {
    report(`format ${JSON.stringify(node.format)} is not one strict mode supports`);
  }
  if (typeof node.pattern === 'string' && unsupportedPatternFeature.test(node.pattern)) {
    report('the pattern uses lookaround or backreferences, which strict mode does not support');
  }
  if (Array.isArray(node.anyOf)) {
    if (node.anyOf.length === 0) report('anyOf must not be empty');
    for (const [index, branch] of node.anyOf.entries()) checkNode(branch, `${path}/anyOf/${index}`, state);
  } else if ('anyOf' in node) {
    report('anyOf must be an array');
  }
  if (types.includes('object')) {
    if (node.additionalProperties !== false) report('object must set additionalProperties: false');
    const properties = node.properties;
    if (!isJsonObject(properties)) {
      report('object must list its `properties`');
    } else {
      const keys = Object.keys(properties);
      tally.properties += keys.length;
      for (const key of keys) tally.stringLength += key.length;
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      const missing = keys.filter((key) => !required.has(key));
      if (missing.length > 0) report(`every property must be required; missing: ${missing.join(', ')}`);
      for (const name of required) {
        if (!(String(name) in properties))
          report(`requires ${JSON.stringify(name)}, which is not a property`);
      }
      for (const [key, property] of Object.entries(properties)) {
        checkNode(property, `${path}/properties/${pointerSegment(key)}`, state);
      }
    }
  }
  if (types.includes('array')) {
    if (!isJsonObject(node.items)) report('array must describe its `items` with one schema');
    else checkNode(node.items, `${path}/items`, state);
  }
}

function objectDepth(node: unknown, defs: Record<string, unknown>, visiting: Set<string>): number {
  if (!isJsonObject(node)) return 0;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.startsWith('#/$defs/') ? node.$ref : undefined;
    // Recursion is allowed by strict mode; count each definition once per path.
    if (name === undefined || visiting.has(name)) return 0;
    visiting.add(name);
    const depth = objectDepth(resolvePointer({ $defs: defs }, name), defs, visiting);
    visiting.delete(name);
    return depth;
  }
  let deepest = 0;
  const children: unknown[] = [];
  if (isJsonObject(node.properties)) children.push(...Object.values(node.properties));
  if (node.items !== undefined) children.push(node.items);
  if (Array.isArray(node.anyOf)) children.push(...node.anyOf);
  for (const child of children) deepest = Math.max(deepest, objectDepth(child, defs, visiting));
  const isObject = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
  return deepest + (isObject ? 1 : 0);
}
