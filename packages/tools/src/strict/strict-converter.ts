import type { StrictSchemaProblem } from './check-strict-json-schema.js';
import { intersectSchemas } from './intersect-schemas.js';
import { isJsonObject, type JsonSchema, jsonEqual, pointerSegment, resolvePointer } from './json-schema.js';
import { provablyDisjoint } from './provably-disjoint.js';
import type { RestorePlan } from './restore-plan.js';
import { acceptsNull, hasType, makeNullable, typesOf, validationPart } from './schema-keywords.js';
import { strictFormats, unsupportedKeywords, unsupportedPatternFeature } from './strict-subset.js';

/** A converted subschema and how to map values written against it back. */
export interface Converted {
  schema: JsonSchema;
  plan: RestorePlan | undefined;
}

type RefTarget = { kind: 'root' } | { kind: 'def'; name: string } | { kind: 'pointer'; schema: unknown };

/** Guards against hostile or runaway input (deeply shared refs expanding exponentially). */
const maxSubschemas = 20_000;
const maxDefaultNoteLength = 200;
const numericKeywords = ['minimum', 'maximum', 'multipleOf', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/**
 * Rewrites a JSON Schema into OpenAI's strict subset, collecting every spot where that cannot be
 * done without changing what the schema accepts. One instance converts one schema.
 */
export class StrictConverter {
  readonly problems: StrictSchemaProblem[] = [];
  /** Converted definitions by name, in the order they were first referenced. */
  readonly defs = new Map<string, Converted>();
  /** What a `#` reference becomes in the output (`#/$defs/<name>` when the root is wrapped). */
  rootRef = '#';
  usedRootRef = false;

  private readonly originalDefs = new Map<string, { schema: unknown; path: string }>();
  /** `#/$defs/<name>` and `#/definitions/<name>` → the definition's name in the output. */
  private readonly defRefs = new Map<string, string>();
  private readonly recursiveDefs = new Set<string>();
  private readonly converting = new Set<string>();
  private readonly inlining: string[] = [];
  private subschemas = 0;

  constructor(private readonly root: JsonSchema) {
    for (const container of ['$defs', 'definitions'] as const) {
      const defs = root[container];
      if (!isJsonObject(defs)) continue;
      for (const [name, schema] of Object.entries(defs)) {
        // `definitions` (draft-07) become `$defs`; a clash keeps both apart.
        let target = name;
        while (this.originalDefs.has(target)) target = `${target}_`;
        const path = `/${container}/${pointerSegment(name)}`;
        this.originalDefs.set(target, { schema, path });
        this.defRefs.set(`#${path}`, target);
      }
    }
    this.findRecursiveDefs();
  }

  /** A name for a new definition that clashes with none of the original ones. */
  freeDefName(base: string): string {
    let name = base;
    for (let index = 1; this.originalDefs.has(name); index++) name = `${base}${index}`;
    return name;
  }

  report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /**
   * Resolves a root that is just a `$ref` to a definition (pydantic v1 style): the definition's
   * body becomes the root; its own references, recursive ones too, still point into `$defs`.
   */
  resolveRootRef(body: JsonSchema): JsonSchema {
    if (typeof body.$ref !== 'string') return body;
    const target = this.lookupRef(body.$ref);
    if (target?.kind !== 'def') return body;
    const def = this.originalDefs.get(target.name)?.schema;
    if (!isJsonObject(def)) return body;
    const { $ref: _ref, ...siblings } = body;
    const merged = intersectSchemas([def, siblings]);
    return 'schema' in merged ? merged.schema : body;
  }

  convert(node: unknown, path: string): Converted {
    if (++this.subschemas > maxSubschemas) {
      if (this.subschemas === maxSubschemas + 1) {
        this.report(path, `the schema expands to more than ${maxSubschemas} subschemas`);
      }
      return failed;
    }
    if (node === true || node === false) {
      this.report(path, node ? 'accepts any value (`true` schema)' : 'accepts no value (`false` schema)');
      return failed;
    }
    if (!isJsonObject(node)) {
      this.report(path, 'is not a schema object');
      return failed;
    }
    if (typeof node.$ref === 'string') return this.convertRef(node, node.$ref, path);
    if ('$ref' in node) {
      this.report(path, '`$ref` is not a string');
      return failed;
    }
    if ('allOf' in node) {
      const merged = this.mergeAllOf(node, path);
      return merged ? this.convert(merged, path) : failed;
    }
    for (const key of Object.keys(node)) {
      if (unsupportedKeywords.has(key)) this.report(path, `\`${key}\` is not supported in strict mode`);
    }
    if ('anyOf' in node || 'oneOf' in node) return this.convertUnion(node, path);
    const types = typesOf(node);
    if (types === undefined || types.length === 0) {
      this.report(path, 'accepts any value (no `type`), which strict mode cannot express');
      return failed;
    }
    const nonNull = types.filter((type) => type !== 'null');
    const nullable = nonNull.length < types.length;
    if (nonNull.length === 0) return { schema: { ...annotationsOf(node), type: 'null' }, plan: undefined };
    if (nonNull.length === 1) {
      const converted = this.convertTyped(node, nonNull[0]!, path);
      return nullable ? { schema: makeNullable(converted.schema), plan: converted.plan } : converted;
    }
    // Several types: one anyOf branch per type, each with the keywords that apply to it.
    const branches = nonNull.map((type) => this.convertTyped(validationPart(node), type, path));
    if (nullable) branches.push({ schema: { type: 'null' }, plan: undefined });
    return union(branches, annotationsOf(node));
  }

  private convertTyped(node: JsonSchema, type: string, path: string): Converted {
    const schema: JsonSchema = { ...annotationsOf(node), type };
    if (Array.isArray(node.enum)) {
      const values = node.enum.filter((value) => hasType(value, type));
      if (values.length === 0) this.report(path, `no enum value is of type ${type}`);
      schema.enum = values;
    }
    if ('const' in node && hasType(node.const, type)) schema.const = node.const;
    switch (type) {
      case 'object':
        return this.convertObject(node, schema, path);
      case 'array':
        return this.convertArray(node, schema, path);
      case 'string':
        if (typeof node.pattern === 'string') {
          if (unsupportedPatternFeature.test(node.pattern)) {
            this.report(path, 'the `pattern` uses lookaround or backreferences, which strict mode lacks');
          }
          schema.pattern = node.pattern;
        }
        if (typeof node.format === 'string') {
          if (!strictFormats.has(node.format)) {
            this.report(path, `format ${JSON.stringify(node.format)} is not one strict mode supports`);
          }
          schema.format = node.format;
        }
        return { schema, plan: undefined };
      case 'number':
      case 'integer':
        for (const keyword of numericKeywords) {
          if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
        }
        // Draft-04 booleans: `exclusiveMinimum: true` makes `minimum` exclusive.
        if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
          schema.exclusiveMinimum = node.minimum;
          delete schema.minimum;
        }
        if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
          schema.exclusiveMaximum = node.maximum;
          delete schema.maximum;
        }
        return { schema, plan: undefined };
      case 'boolean':
      case 'null':
        return { schema, plan: undefined };
      default:
        this.report(path, `unknown type ${JSON.stringify(type)}`);
        return failed;
    }
  }

  private convertObject(node: JsonSchema, schema: JsonSchema, path: string): Converted {
    const { properties, additionalProperties } = node;
    if (additionalProperties !== undefined && additionalProperties !== false) {
      this.report(
        path,
        `a free-form map (additionalProperties: ${additionalProperties === true ? 'true' : 'a schema'}): strict mode cannot accept keys it does not list`,
      );
    }
    if (properties !== undefined && !isJsonObject(properties))
      this.report(path, '`properties` is not an object');
    if (properties === undefined && additionalProperties === undefined) {
      this.report(
        path,
        'a free-form object (no `properties`): strict mode cannot accept keys it does not list',
      );
    }
    const declared = isJsonObject(properties) ? properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
    for (const name of required) {
      if (!(name in declared)) this.report(path, `requires ${JSON.stringify(name)} but does not declare it`);
    }
    const strictProperties: JsonSchema = {};
    const absentWhenNull = new Set<string>();
    const plans = new Map<string, RestorePlan>();
    for (const [name, subschema] of Object.entries(declared)) {
      const converted = this.convert(subschema, `${path}/properties/${pointerSegment(name)}`);
      if (required.has(name) || acceptsNull(converted.schema)) {
        // Optional and already nullable: `null` is a valid value as it is, so it stays.
        strictProperties[name] = converted.schema;
      } else {
        strictProperties[name] = makeNullable(converted.schema);
        absentWhenNull.add(name);
      }
      if (converted.plan) plans.set(name, converted.plan);
    }
    schema.properties = strictProperties;
    schema.required = Object.keys(strictProperties);
    schema.additionalProperties = false;
    const plan: RestorePlan | undefined =
      absentWhenNull.size > 0 || plans.size > 0
        ? { kind: 'object', absentWhenNull, properties: plans }
        : undefined;
    return { schema, plan };
  }

  private convertArray(node: JsonSchema, schema: JsonSchema, path: string): Converted {
    for (const keyword of ['minItems', 'maxItems'] as const) {
      if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
    }
    if (Array.isArray(node.items)) {
      this.report(path, 'a tuple (`items` is a list), which strict mode cannot express');
      return failed;
    }
    if (node.items === undefined) {
      this.report(path, 'an array of any values (no `items`), which strict mode cannot express');
      return failed;
    }
    const items = this.convert(node.items, `${path}/items`);
    schema.items = items.schema;
    return { schema, plan: items.plan ? { kind: 'array', items: items.plan } : undefined };
  }

  private convertUnion(node: JsonSchema, path: string): Converted {
    if ('anyOf' in node && 'oneOf' in node) {
      this.report(path, 'has both anyOf and oneOf');
      return failed;
    }
    const keyword = 'anyOf' in node ? 'anyOf' : 'oneOf';
    const list = node[keyword];
    if (!Array.isArray(list) || list.length === 0) {
      this.report(path, `\`${keyword}\` must be a non-empty list`);
      return failed;
    }
    // Keywords beside the union apply to every branch: A ∧ (B ∨ C) = (A ∧ B) ∨ (A ∧ C).
    const { [keyword]: _list, ...rest } = node;
    const base = validationPart(rest);
    const hasBase = Object.keys(base).length > 0;
    const branches: unknown[] = [];
    for (const [index, branch] of list.entries()) {
      if (!hasBase) {
        branches.push(branch);
        continue;
      }
      const merged = isJsonObject(branch) ? intersectSchemas([base, branch]) : undefined;
      if (!merged || 'conflict' in merged) {
        this.report(
          `${path}/${keyword}/${index}`,
          `cannot be merged with the keywords beside ${keyword}: ${merged && 'conflict' in merged ? merged.conflict : 'not a schema'}`,
        );
        return failed;
      }
      branches.push(merged.schema);
    }
    if (keyword === 'oneOf') {
      const resolve = (schema: JsonSchema) => this.resolveShallow(schema);
      const shapes = branches.map((branch) => (isJsonObject(branch) ? resolve(branch) : undefined));
      for (let left = 0; left < branches.length; left++) {
        for (let right = left + 1; right < branches.length; right++) {
          const a = shapes[left];
          const b = shapes[right];
          if (!a || !b || !provablyDisjoint(a, b, resolve)) {
            this.report(
              path,
              `oneOf branches ${left} and ${right} may both match a value; strict mode has only anyOf, which would accept it`,
            );
            return failed;
          }
        }
      }
    }
    const converted = branches.map((branch, index) => this.convert(branch, `${path}/${keyword}/${index}`));
    return union(converted, annotationsOf(node));
  }

  private mergeAllOf(node: JsonSchema, path: string): JsonSchema | undefined {
    const parts: JsonSchema[] = [];
    const collect = (schema: unknown, at: string, depth: number): boolean => {
      if (depth > 32 || !isJsonObject(schema)) {
        this.report(at, depth > 32 ? 'allOf nests too deeply' : 'an allOf part is not a schema object');
        return false;
      }
      let resolved = schema;
      if (typeof schema.$ref === 'string') {
        const { $ref, ...siblings } = schema;
        const target = this.lookupRef($ref);
        const inlinable = target && target.kind !== 'root' && !this.isRecursive($ref, target);
        const targetSchema = inlinable ? this.resolveShallow({ $ref }) : undefined;
        if (!targetSchema) {
          this.report(
            at,
            `\`$ref\` ${JSON.stringify($ref)} in allOf cannot be inlined (unresolvable or recursive)`,
          );
          return false;
        }
        parts.push(siblings);
        resolved = targetSchema;
      }
      const { allOf, ...own } = resolved;
      parts.push(own);
      if (allOf === undefined) return true;
      if (!Array.isArray(allOf)) {
        this.report(at, '`allOf` must be a list');
        return false;
      }
      return allOf.every((part, index) => collect(part, `${at}/allOf/${index}`, depth + 1));
    };
    if (!collect(node, path, 0)) return undefined;
    const merged = intersectSchemas(parts);
    if ('conflict' in merged) {
      this.report(path, `allOf cannot be merged into one schema: ${merged.conflict}`);
      return undefined;
    }
    return merged.schema;
  }

  private convertRef(node: JsonSchema, ref: string, path: string): Converted {
    const target = this.lookupRef(ref);
    if (!target) {
      this.report(path, `\`$ref\` ${JSON.stringify(ref)} does not resolve inside this schema`);
      return failed;
    }
    const { $ref: _ref, ...siblings } = node;
    const constraints = validationPart(siblings);
    const recursive = target.kind === 'root' || this.isRecursive(ref, target);
    const targetSchema =
      target.kind === 'def'
        ? this.originalDefs.get(target.name)?.schema
        : target.kind === 'pointer'
          ? target.schema
          : this.root;
    if (Object.keys(constraints).length > 0) {
      if (recursive || !isJsonObject(targetSchema)) {
        this.report(
          path,
          `a recursive \`$ref\` with constraining siblings (${Object.keys(constraints).join(', ')})`,
        );
        return failed;
      }
      const merged = intersectSchemas([targetSchema, siblings]);
      if ('conflict' in merged) {
        this.report(path, `\`$ref\` and its siblings cannot be merged: ${merged.conflict}`);
        return failed;
      }
      return this.inline(ref, merged.schema, path);
    }
    if (target.kind === 'root') {
      this.usedRootRef = true;
      return { schema: { $ref: this.rootRef }, plan: { kind: 'root' } };
    }
    if (target.kind === 'pointer') {
      if (recursive) {
        this.report(
          path,
          `a recursive \`$ref\` ${JSON.stringify(ref)}; strict mode recurses only through "#" and $defs`,
        );
        return failed;
      }
      return this.inline(
        ref,
        isJsonObject(targetSchema) ? { ...targetSchema, ...siblings } : targetSchema,
        path,
      );
    }
    // A definition: inline it to keep the reference's description, unless it is recursive.
    if (!recursive && Object.keys(siblings).length > 0 && isJsonObject(targetSchema)) {
      return this.inline(ref, { ...targetSchema, ...siblings }, path);
    }
    this.requireDef(target.name);
    return {
      schema: { $ref: `#/$defs/${pointerSegment(target.name)}` },
      plan: { kind: 'ref', name: target.name },
    };
  }

  private isRecursive(ref: string, target: RefTarget): boolean {
    return this.inlining.includes(ref) || (target.kind === 'def' && this.recursiveDefs.has(target.name));
  }

  private inline(ref: string, schema: unknown, path: string): Converted {
    this.inlining.push(ref);
    try {
      return this.convert(schema, path);
    } finally {
      this.inlining.pop();
    }
  }

  private requireDef(name: string): void {
    if (this.defs.has(name) || this.converting.has(name)) return;
    const original = this.originalDefs.get(name);
    if (!original) return;
    this.converting.add(name);
    this.defs.set(name, this.convert(original.schema, original.path));
    this.converting.delete(name);
  }

  lookupRef(ref: string): RefTarget | undefined {
    if (ref === '#' || ref === '#/') return { kind: 'root' };
    const name = this.defRefs.get(ref) ?? this.defRefs.get(safeDecode(ref));
    if (name !== undefined) return { kind: 'def', name };
    if (!ref.startsWith('#/')) return undefined;
    const schema = resolvePointer(this.root, ref);
    return schema === undefined ? undefined : { kind: 'pointer', schema };
  }

  /** The schema a `$ref` node stands for, one level deep; the node itself when it has no ref. */
  private resolveShallow(schema: JsonSchema): JsonSchema | undefined {
    if (typeof schema.$ref !== 'string') return schema;
    const target = this.lookupRef(schema.$ref);
    const resolved =
      target?.kind === 'def'
        ? this.originalDefs.get(target.name)?.schema
        : target?.kind === 'pointer'
          ? target.schema
          : undefined;
    return isJsonObject(resolved) ? resolved : undefined;
  }

  private findRecursiveDefs(): void {
    const edges = new Map<string, Set<string>>();
    for (const [name, def] of this.originalDefs) {
      const targets = new Set<string>();
      collectRefs(def.schema, (ref) => {
        const target = this.lookupRef(ref);
        if (target?.kind === 'def') targets.add(target.name);
        if (target?.kind === 'root') targets.add('#');
      });
      edges.set(name, targets);
    }
    for (const name of this.originalDefs.keys()) {
      const seen = new Set<string>();
      const stack = [...(edges.get(name) ?? [])];
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (next === name || next === '#') {
          this.recursiveDefs.add(name);
          break;
        }
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(edges.get(next) ?? []));
      }
    }
  }
}

const failed: Converted = { schema: {}, plan: undefined };

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function collectRefs(node: unknown, visit: (ref: string) => void, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, visit, depth + 1);
  } else if (isJsonObject(node)) {
    if (typeof node.$ref === 'string') visit(node.$ref);
    for (const value of Object.values(node)) collectRefs(value, visit, depth + 1);
  }
}

/** Title and description, with a `default` moved into the description so the model still sees it. */
function annotationsOf(node: JsonSchema): JsonSchema {
  const annotations: JsonSchema = {};
  if (typeof node.title === 'string') annotations.title = node.title;
  let description = typeof node.description === 'string' ? node.description : undefined;
  if ('default' in node) {
    let text = JSON.stringify(node.default) ?? String(node.default);
    if (text.length > maxDefaultNoteLength) text = `${text.slice(0, maxDefaultNoteLength)}…`;
    const note = `Default: ${text}.`;
    description = description ? `${description} (${note})` : note;
  }
  if (description !== undefined) annotations.description = description;
  return annotations;
}

function union(branches: Converted[], annotations: JsonSchema): Converted {
  const schemas: JsonSchema[] = [];
  for (const branch of branches) {
    // A bare nested anyOf adds nothing; its branches join this one.
    const keys = Object.keys(branch.schema);
    if (keys.length === 1 && Array.isArray(branch.schema.anyOf) && branch.plan === undefined) {
      schemas.push(...(branch.schema.anyOf as JsonSchema[]));
    } else {
      schemas.push(branch.schema);
    }
  }
  const unique = schemas.filter(
    (schema, index) => schemas.findIndex((other) => jsonEqual(other, schema)) === index,
  );
  const schema: JsonSchema = { ...annotations, anyOf: unique };
  const plan: RestorePlan | undefined = branches.some((branch) => branch.plan)
    ? { kind: 'union', variants: branches.map((branch) => ({ schema: branch.schema, plan: branch.plan })) }
    : undefined;
  return { schema, plan };
}
