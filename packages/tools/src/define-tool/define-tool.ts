import {
  type ApprovalRequestContext,
  InvalidOptionError,
  type Tool,
  type ToolExecuteContext,
  ToolExecutionError,
  type ToolInputParseResult,
} from '@toolloop/core';
import { parseWithSchema } from './parse-with-schema.js';
import { toJsonSchema } from './to-json-schema.js';
import type { InferSchemaInput, InferSchemaOutput, ZodSchemaLike } from './zod-schema.js';

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** What `defineTool` takes. `InputSchema` is a zod 3 or zod 4 object schema. */
export interface DefineToolOptions<
  InputSchema extends ZodSchemaLike<object>,
  OutputSchema extends ZodSchemaLike | undefined,
  Result,
> {
  /** Unique within an agent; must match ^[a-zA-Z0-9_-]{1,64}$ (what OpenAI-compatible APIs accept). */
  name: string;
  /** Tells the model when to call the tool; it reads this, so be specific. */
  description: string;
  /** The arguments: a zod object schema. Its `.describe()` texts and defaults reach the model. */
  input: InputSchema;
  /** Optional schema of the result; a result that fails it becomes a tool error. */
  output?: OutputSchema;
  /** Runs the tool with validated input (defaults applied). Pass `context.signal` on to I/O. */
  execute: (input: InferSchemaOutput<InputSchema>, context: ToolExecuteContext) => Result | Promise<Result>;
  /** Sent as the function's `strict` flag (OpenAI structured outputs). */
  strict?: boolean;
  /** Per-call limit in ms; core fails the call with a TimeoutError the model sees. */
  timeoutMs?: number;
  /**
   * Ask a human before each call (`true`), or when a function of the validated input says so; the
   * run stops with `approval-required` until `agent.resume()` (see core's README).
   */
  needsApproval?:
    | boolean
    | ((input: InferSchemaOutput<InputSchema>, call: ApprovalRequestContext) => boolean | Promise<boolean>);
}

/** What execute may return: the output schema's input type when given, anything otherwise. */
export type ResultConstraint<OutputSchema> = OutputSchema extends ZodSchemaLike
  ? InferSchemaInput<OutputSchema>
  : unknown;

/** The result type of a tool: the output schema's parsed type when given, else what execute returns. */
export type DefinedToolOutput<OutputSchema, Result> = OutputSchema extends ZodSchemaLike
  ? InferSchemaOutput<OutputSchema>
  : Awaited<Result>;

/**
 * Defines a tool from a zod schema. The JSON Schema the model sees is computed here, once;
 * `execute` gets the parsed arguments, typed from the schema.
 * @example
 * const getTime = defineTool({
 *   name: 'get_time',
 *   description: 'Current time in a time zone',
 *   input: z.object({ timeZone: z.string().describe('IANA name, e.g. Asia/Seoul') }),
 *   execute: ({ timeZone }) => new Date().toLocaleString('ko-KR', { timeZone }),
 * });
 */
export function defineTool<
  InputSchema extends ZodSchemaLike<object>,
  OutputSchema extends ZodSchemaLike | undefined = undefined,
  Result extends ResultConstraint<OutputSchema> = ResultConstraint<OutputSchema>,
>(
  options: DefineToolOptions<InputSchema, OutputSchema, Result>,
): Tool<InferSchemaOutput<InputSchema>, DefinedToolOutput<OutputSchema, Result>> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError({
      option: 'options',
      message: 'defineTool: pass one options object: { name, description, input, execute }.',
    });
  }
  const { name, description, input, output, execute, strict, timeoutMs, needsApproval } = options;
  if (typeof name !== 'string' || !toolNamePattern.test(name)) {
    throw new InvalidOptionError({
      option: 'name',
      message: `defineTool: name ${JSON.stringify(name)} is not allowed; it must match ^[a-zA-Z0-9_-]{1,64}$ (1–64 letters, digits, _ or -), e.g. "get_weather".`,
    });
  }
  const where = `defineTool("${name}")`;
  if (typeof description !== 'string' || description.trim() === '') {
    throw new InvalidOptionError({
      option: 'description',
      message: `${where}: \`description\` is empty; the model reads it to decide when to call the tool. Say what the tool does, e.g. "Gets the current weather for a city".`,
    });
  }
  if (typeof execute !== 'function') {
    throw new InvalidOptionError({
      option: 'execute',
      message: `${where}: \`execute\` must be a function (input, context) => result; got ${typeof execute}.`,
    });
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
  ) {
    throw new InvalidOptionError({
      option: 'timeoutMs',
      message: `${where}: \`timeoutMs\` must be a finite number of milliseconds > 0, got ${String(timeoutMs)}. Leave it out for no limit.`,
    });
  }
  if (strict !== undefined && typeof strict !== 'boolean') {
    throw new InvalidOptionError({
      option: 'strict',
      message: `${where}: \`strict\` must be true or false, got ${String(strict)}.`,
    });
  }
  if (
    needsApproval !== undefined &&
    typeof needsApproval !== 'boolean' &&
    typeof needsApproval !== 'function'
  ) {
    throw new InvalidOptionError({
      option: 'needsApproval',
      message: `${where}: \`needsApproval\` must be true, false or a function (input) => boolean, got ${typeof needsApproval}.`,
    });
  }
  const jsonSchema = toJsonSchema({ schema: input, toolName: name });
  if (output !== undefined) assertSchema(output, where);

  type Input = InferSchemaOutput<InputSchema>;
  type Output = DefinedToolOutput<OutputSchema, Result>;

  const tool: Tool<Input, Output> = {
    name,
    description,
    jsonSchema,
    ...(strict === undefined ? {} : { strict }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(needsApproval === undefined ? {} : { needsApproval }),
    parseInput(value: unknown): ToolInputParseResult<Input> {
      const result = parseWithSchema(input, value);
      return result.success ? { success: true, data: result.data as Input } : result;
    },
    execute:
      output === undefined
        ? (value, context) => execute(value, context) as Output | Promise<Output>
        : async function executeAndValidate(value, context) {
            const result = await execute(value, context);
            const checked = parseWithSchema(output, result);
            if (!checked.success) {
              throw new ToolExecutionError({
                toolName: name,
                toolCallId: context.toolCallId,
                message: `Tool "${name}" returned a result that does not match its output schema: ${checked.error}. This is a bug in the tool, not in the arguments.`,
              });
            }
            return checked.data as Output;
          },
  };
  return tool;
}

function assertSchema(schema: unknown, where: string): void {
  const isSchema =
    typeof schema === 'object' &&
    schema !== null &&
    ('_zod' in schema || typeof (schema as { safeParse?: unknown }).safeParse === 'function');
  if (!isSchema) {
    throw new InvalidOptionError({
      option: 'output',
      message: `${where}: \`output\` must be a zod schema (zod 3 or 4), e.g. z.object({ ok: z.boolean() }).`,
    });
  }
}
