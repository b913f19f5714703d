import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { isJsonObject, type JsonSchema, resolvePointer } from './json-schema.js';

// ajv and ajv-formats are CommonJS with a default export under `.default`.
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as (ajv: InstanceType<typeof Ajv2020>) => void;

/**
 * A validator for any schema in the corpus (draft-07 and 2020-12 alike: `$schema` is dropped and
 * `definitions` refs still resolve), with formats asserted like the MCP SDK's ajv does.
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const { $schema: _schema, ...rest } = schema;
  return ajv.compile(rest);
}

const formatSamples: Record<string, string> = {
  'date-time': '2025-03-04T05:06:07Z',
  date: '2025-03-04',
  time: '05:06:07Z',
  duration: 'P1D',
  email: 'someone@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
};

const patternSamples: Record<string, string> = { '^[0-9]{5}$': '04524' };

/**
 * A value a model could write against a strict schema: `nulls` picks `null` wherever the schema
 * allows it (what a model sends for "leave it out"), `values` fills everything in.
 */
export function sampleStrictValue(
  schema: JsonSchema,
  root: JsonSchema,
  mode: 'nulls' | 'values',
  depth = 0,
): unknown {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref === '#' ? root : resolvePointer(root, schema.$ref);
    if (!isJsonObject(target)) throw new Error(`unresolvable ${schema.$ref}`);
    return sampleStrictValue(target, root, mode, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) {
    return mode === 'nulls' && schema.enum.includes(null)
      ? null
      : schema.enum.find((value) => value !== null);
  }
  const deep = depth > 4;
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    const nullBranch = branches.find((branch) => branch.type === 'null');
    if (nullBranch && (mode === 'nulls' || deep)) return null;
    const first = branches.find((branch) => branch.type !== 'null');
    return sampleStrictValue(first ?? branches[0]!, root, mode, depth + 1);
  }
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
  if (types.includes('null') && (mode === 'nulls' || deep || types.length === 1)) return null;
  const type = types.find((candidate) => candidate !== 'null');
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
        value[key] = sampleStrictValue(property, root, mode, depth + 1);
      }
      return value;
    }
    case 'array': {
      const minimum = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const count = mode === 'values' && !deep ? Math.max(minimum, 1) : minimum;
      return Array.from({ length: count }, () =>
        sampleStrictValue(schema.items as JsonSchema, root, mode, depth + 1),
      );
    }
    case 'string': {
      if (typeof schema.pattern === 'string') {
        const sample = patternSamples[schema.pattern];
        if (sample === undefined) throw new Error(`no sample for pattern ${schema.pattern}`);
        return sample;
      }
      return typeof schema.format === 'string' ? formatSamples[schema.format] : 'text';
    }
    case 'integer':
    case 'number': {
      if (typeof schema.minimum === 'number') return schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
      if (typeof schema.maximum === 'number') return Math.min(1, schema.maximum);
      return type === 'integer' ? 1 : 1.5;
    }
    case 'boolean':
      return true;
    default:
      throw new Error(`cannot sample type ${String(type)}`);
  }
}
