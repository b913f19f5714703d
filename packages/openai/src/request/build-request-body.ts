import type { ModelRequest, ResponseFormat, ToolChoice } from '@toolloop/core';
import { toWireMessages } from './to-wire-messages.js';
import type {
  WireFunction,
  WireFunctionCallChoice,
  WireRequestBody,
  WireResponseFormat,
  WireToolChoice,
} from './wire-types.js';

/** Options of {@link buildRequestBody}. */
export interface BuildRequestBodyOptions {
  modelId: string;
  request: ModelRequest;
  stream: boolean;
  /** Legacy `functions` / `function_call` dialect. */
  legacyFunctions?: boolean;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Merged last, so it can set any provider-specific field. */
  extraBody?: Record<string, unknown> | undefined;
}

function toToolChoice(choice: ToolChoice): WireToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function toFunctionCallChoice(choice: ToolChoice, functions: WireFunction[]): WireFunctionCallChoice {
  if (typeof choice === 'object') return { name: choice.name };
  if (choice !== 'required') return choice;
  // The legacy API cannot say "call some function"; with exactly one we can name it.
  return functions.length === 1 ? { name: functions[0]!.name } : 'auto';
}

function toResponseFormat(format: ResponseFormat): WireResponseFormat {
  if (format.type === 'json') return { type: 'json_object' };
  const jsonSchema: Extract<WireResponseFormat, { type: 'json_schema' }>['json_schema'] = {
    name: format.name,
    schema: format.schema,
    strict: format.strict,
  };
  if (format.description !== undefined) jsonSchema.description = format.description;
  return { type: 'json_schema', json_schema: jsonSchema };
}

/** A neutral ModelRequest → the JSON body of `POST /chat/completions`. Undefined fields are left out. */
export function buildRequestBody(options: BuildRequestBodyOptions): WireRequestBody {
  const {
    modelId,
    request,
    stream,
    legacyFunctions = false,
    maxTokensField = 'max_tokens',
    extraBody,
  } = options;
  const body: WireRequestBody = {
    model: modelId,
    messages: toWireMessages({ messages: request.messages, legacyFunctions }),
  };
  const tools = request.tools;
  if (tools && tools.length > 0) {
    const functions: WireFunction[] = tools.map((tool) => {
      const fn: WireFunction = {
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters,
      };
      if (tool.strict !== undefined && !legacyFunctions) fn.strict = tool.strict;
      return fn;
    });
    if (legacyFunctions) {
      body.functions = functions;
      if (request.toolChoice !== undefined)
        body.function_call = toFunctionCallChoice(request.toolChoice, functions);
    } else {
      body.tools = functions.map((fn) => ({ type: 'function' as const, function: fn }));
      if (request.toolChoice !== undefined) body.tool_choice = toToolChoice(request.toolChoice);
    }
  }
  const settings = request.settings;
  if (settings) {
    if (settings.maxTokens !== undefined) body[maxTokensField] = settings.maxTokens;
    if (settings.temperature !== undefined) body.temperature = settings.temperature;
    if (settings.topP !== undefined) body.top_p = settings.topP;
    if (settings.stop !== undefined) body.stop = settings.stop;
    if (settings.seed !== undefined) body.seed = settings.seed;
    if (settings.presencePenalty !== undefined) body.presence_penalty = settings.presencePenalty;
    if (settings.frequencyPenalty !== undefined) body.frequency_penalty = settings.frequencyPenalty;
    // parallel_tool_calls without tools is rejected by OpenAI ("only allowed when 'tools' are specified").
    if (settings.parallelToolCalls !== undefined && body.tools)
      body.parallel_tool_calls = settings.parallelToolCalls;
    if (settings.user !== undefined) body.user = settings.user;
  }
  if (request.responseFormat) body.response_format = toResponseFormat(request.responseFormat);
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (extraBody) Object.assign(body, extraBody);
  return body;
}
