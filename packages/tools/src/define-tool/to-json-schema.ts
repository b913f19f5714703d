import { createRequire } from 'node:module';
import { InvalidOptionError } from '@toolloop/core';
import { type $ZodType, toJSONSchema } from 'zod/v4/core';
import { isZodV3Schema, isZodV4Schema } from './zod-schema.js';

type ZodToJsonSchema = (schema: unknown, options: { target: 'jsonSchema7'; $refStrategy: 'none' }) => unknown;

let zodToJsonSchema: ZodToJsonSchema | undefined;

/**
 * zod-to-json-schema pulls in `zod/v3` (~170 ms cold), and only zod 3 schemas need it, so it is
 * loaded on first use. It matches schemas by `_def.typeName` strings, never `instanceof`, so the
 * CommonJS copy it sees is safe with a user's ESM zod.
 */
function loadZodToJsonSchema(): ZodToJsonSchema {
  if (!zodToJsonSchema) {
    const require = createRequire(import.meta.url);
    zodToJsonSchema = (require('zod-to-json-schema') as { zodToJsonSchema: ZodToJsonSchema }).zodToJsonSchema;
  }
  return zodToJsonSchema;
}

export interface ToJsonSchemaOptions {
  /** The zod object schema of the tool's arguments. */
  schema: unknown;
  /** Names the tool in error messages. */
  toolName: string;
}

const noParametersHint = 'For a tool without parameters use z.object({}).';

/**
 * Converts a tool's zod input schema (v3 or v4) to the JSON Schema the model reads, once, at
 * definition time. Throws InvalidOptionError for anything that is not an object schema, and for a
 * schema that comes out empty (`{}`), which would otherwise tell the model nothing.
 */
export function toJsonSchema(options: ToJsonSchemaOptions): Record<string, unknown> {
  const { schema, toolName } = options;
  const where = `defineTool("${toolName}")`;
  const jsonSchema = convertZodSchema({ schema, where, option: 'input' });
  if (jsonSchema.type !== 'object') {
    throw new InvalidOptionError({
      option: 'input',
      message: `${where}: \`input\` must be an object schema, because tool arguments are a JSON object; got a schema of type ${JSON.stringify(jsonSchema.type ?? 'unknown')}. Wrap it, e.g. z.object({ value: z.string() }). ${noParametersHint}`,
    });
  }
  if (jsonSchema.properties === undefined) jsonSchema.properties = {};
  return jsonSchema;
}

/** Options of {@link convertZodSchema}. */
export interface ConvertZodSchemaOptions {
  schema: unknown;
  /** Names the caller in errors, e.g. `defineTool("get_weather")`. */
  where: string;
  /** The option that held the schema, named in errors. */
  option: string;
}

/**
 * A zod 3 or 4 schema → JSON Schema (the input side: fields with a default are optional), any
 * root. Throws InvalidOptionError for a non-zod value, a schema JSON cannot carry, or an empty result.
 */
export function convertZodSchema(options: ConvertZodSchemaOptions): Record<string, unknown> {
  const { schema, where, option } = options;
  let converted: Record<string, unknown>;
  try {
    if (isZodV4Schema(schema)) {
      // `io: 'input'`: the model supplies the input side, where fields with a default are optional.
      converted = toJSONSchema(schema as unknown as $ZodType, { io: 'input' }) as Record<string, unknown>;
    } else if (isZodV3Schema(schema)) {
      converted = loadZodToJsonSchema()(schema, { target: 'jsonSchema7', $refStrategy: 'none' }) as Record<
        string,
        unknown
      >;
    } else {
      throw new InvalidOptionError({
        option,
        message: `${where}: \`${option}\` must be a zod ${option === 'input' ? 'object ' : ''}schema (zod 3 or 4), e.g. z.object({ city: z.string() }); got ${describeValue(schema)}.`,
      });
    }
  } catch (error) {
    if (error instanceof InvalidOptionError) throw error;
    throw new InvalidOptionError({
      option,
      message: `${where}: \`${option}\` cannot be converted to JSON Schema (${(error as Error).message}). Use only types JSON can carry (no z.date(), z.bigint(), z.map(), functions); convert them with z.string() and parse inside execute.`,
      cause: error,
    });
  }
  const { $schema: _schema, definitions, ...jsonSchema } = converted;
  // zod-to-json-schema adds an empty `definitions` with $refStrategy 'none'; keep it only if used.
  if (definitions !== undefined && Object.keys(definitions as object).length > 0)
    jsonSchema.definitions = definitions;
  if (Object.keys(jsonSchema).length === 0) {
    throw new InvalidOptionError({
      option,
      message: `${where}: \`${option}\` converts to an empty JSON Schema ({}), so the model would not know the shape. This happens with z.any()/z.unknown(), or a zod 4 schema handed to a zod 3 converter. Use z.object({ ... }) describing each field.${option === 'input' ? ` ${noParametersHint}` : ''}`,
    });
  }
  return jsonSchema;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object')
    return `an object without zod internals (keys: ${Object.keys(value).slice(0, 5).join(', ') || 'none'})`;
  return typeof value;
}
