import type { ResponseFormat, StructuredOutputStrategy, ToolSpec } from '../model/model.js';
import type { OutputParseResult, OutputSpec } from './output-spec.js';

/** How one run asks for and reads its typed answer, fixed when the run starts. */
export interface OutputPlan {
  readonly strategy: StructuredOutputStrategy;
  /** A system message added after the instructions (JSON mode and the tool strategy need one). */
  readonly instruction: string | undefined;
  readonly responseFormat: ResponseFormat | undefined;
  /** The final-answer function (tool strategy only). */
  readonly answerTool: ToolSpec | undefined;
  /** Parses JSON text the model wrote and validates it; never throws. */
  read(text: string): OutputParseResult<unknown>;
  /** What the model is told after an invalid answer, so the repair round can fix it. */
  repairPrompt(error: string): string;
}

/** The final-answer function's name under the tool strategy. */
export const finalAnswerToolName = 'final_answer';

/**
 * Decides how to ask for `spec` with `strategy`: `json-schema` sends `response_format` (strict
 * when the schema converts losslessly), `tool` adds a `final_answer` function the model must call,
 * `json` sends JSON mode with the schema in a system message.
 */
export function planOutput(spec: OutputSpec, strategy: StructuredOutputStrategy): OutputPlan {
  const schemaText = JSON.stringify(spec.jsonSchema);
  const read = (text: string): OutputParseResult<unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { success: false, error: `the answer is not valid JSON (${(error as Error).message})` };
    }
    try {
      return spec.parse(value);
    } catch (error) {
      return {
        success: false,
        error: `the schema could not validate the answer (${(error as Error).message})`,
      };
    }
  };
  if (strategy === 'tool') {
    const answerTool: ToolSpec = {
      name: finalAnswerToolName,
      description: `Give the final answer${spec.description ? ` (${spec.description})` : ''}. Call this exactly once, when you are done; its arguments are the answer.`,
      parameters: spec.jsonSchema,
    };
    if (spec.strict) answerTool.strict = true;
    return {
      strategy,
      instruction: `When you have the answer, call the function "${finalAnswerToolName}" with it; do not answer in text.`,
      responseFormat: undefined,
      answerTool,
      read,
      repairPrompt: (error) =>
        `The final answer does not match the required schema: ${error}. Call "${finalAnswerToolName}" again with corrected arguments.`,
    };
  }
  if (strategy === 'json') {
    return {
      strategy,
      instruction: `Answer with a single JSON object (no prose, no code fence) that matches this JSON Schema:\n${schemaText}`,
      responseFormat: { type: 'json' },
      answerTool: undefined,
      read,
      repairPrompt: (error) =>
        `Your answer does not match the required JSON Schema: ${error}. Reply again with only the corrected JSON object.`,
    };
  }
  const responseFormat: ResponseFormat = {
    type: 'json-schema',
    name: spec.name,
    schema: spec.jsonSchema,
    strict: spec.strict,
  };
  if (spec.description !== undefined) responseFormat.description = spec.description;
  return {
    strategy,
    instruction: undefined,
    responseFormat,
    answerTool: undefined,
    read,
    repairPrompt: (error) =>
      `Your answer does not match the required JSON Schema: ${error}. Reply again with only the corrected JSON.`,
  };
}
