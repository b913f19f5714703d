import { InvalidOptionError, type OutputParseResult, type OutputSpec } from '@toolloop/core';
import { parseWithSchema } from '../define-tool/parse-with-schema.js';
import { convertZodSchema } from '../define-tool/to-json-schema.js';
import type { InferSchemaOutput, ZodSchemaLike } from '../define-tool/zod-schema.js';
import { toLooseJsonSchema } from '../strict/to-loose-json-schema.js';
import { toStrictJsonSchema } from '../strict/to-strict-json-schema.js';

const namePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** What `defineOutput` takes. */
export interface DefineOutputOptions<Schema extends ZodSchemaLike> {
  /** The answer's shape: any zod 3 or zod 4 schema (an object, an array, a string…). */
  schema: Schema;
  /** Sent as the schema's name (`response_format.json_schema.name`); default `"output"`. */
  name?: string;
  /** Tells the model what the answer is. */
  description?: string;
  /**
   * `false` never sends strict mode. By default the schema goes strict when the rewrite keeps its
   * meaning, else non-strict with a one-time process warning saying why.
   */
  strict?: boolean;
  /** Called instead of the process warning when the schema cannot go strict. */
  onNotStrict?: (reason: string) => void;
}

/**
 * A typed final answer for `createAgent({ output })` or `agent.run(input, { output })`. The zod
 * schema becomes OpenAI's strict JSON Schema (optional fields sent as nullable, `null` read back as
 * absent, a non-object root wrapped in `{ value }`), once; answers are validated with the schema.
 * @example
 * const agent = createAgent({ model, output: defineOutput({ schema: z.object({ city: z.string(), temperature: z.number() }) }) });
 * const { output } = await agent.run('서울 날씨?'); // output: { city: string; temperature: number }
 */
export function defineOutput<Schema extends ZodSchemaLike>(
  options: DefineOutputOptions<Schema>,
): OutputSpec<InferSchemaOutput<Schema>> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError({
      option: 'options',
      message: 'defineOutput: pass one options object: { schema }.',
    });
  }
  const { schema, name = 'output', description, strict, onNotStrict } = options;
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new InvalidOptionError({
      option: 'name',
      message: `defineOutput: name ${JSON.stringify(name)} is not allowed; it must match ^[a-zA-Z0-9_-]{1,64}$, e.g. "weather_report".`,
    });
  }
  const where = `defineOutput("${name}")`;
  const jsonSchema = convertZodSchema({ schema, where, option: 'schema' });
  const converted =
    strict === false
      ? { ...toLooseJsonSchema(jsonSchema), strict: false as const, reason: 'strict: false was given' }
      : toStrictJsonSchema(jsonSchema);
  if (strict !== false && !converted.strict) {
    const reason = `${where}: the schema is sent without strict mode, because a strict rewrite would change its meaning: ${converted.reason}. Answers are still validated.`;
    if (onNotStrict) onNotStrict(reason);
    else process.emitWarning(reason, { code: 'TOOLLOOP_OUTPUT_NOT_STRICT' });
  }
  type Output = InferSchemaOutput<Schema>;
  const spec: OutputSpec<Output> = {
    name,
    jsonSchema: converted.schema,
    strict: converted.strict,
    parse(value: unknown): OutputParseResult<Output> {
      const result = parseWithSchema(schema, converted.restore(value));
      return result.success ? { success: true, data: result.data as Output } : result;
    },
  };
  if (description !== undefined) (spec as { description?: string }).description = description;
  if (converted.wrappedIn !== undefined) (spec as { wrappedIn?: string }).wrappedIn = converted.wrappedIn;
  if (!converted.strict) (spec as { notStrictReason?: string }).notStrictReason = converted.reason;
  return spec;
}
