import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ToolCall } from '../messages/message.js';
import { responseToStreamParts } from '../model/collect-stream.js';
import type {
  CallOptions,
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  StreamPart,
  Usage,
} from '../model/model.js';
import { throwIfAborted } from '../signal/abort-error-from.js';
import { sleep } from '../signal/sleep.js';

/** One scripted model answer: text and/or tool calls, or an error to throw. */
export interface ScriptedTurnData {
  text?: string;
  /** Tool calls to make; an object `arguments` is JSON-encoded, a missing `toolCallId` becomes `call_<call>_<index>`. */
  toolCalls?: Array<{ toolName: string; arguments?: string | Record<string, unknown>; toolCallId?: string }>;
  /** Reported usage; missing counts are 0 and `totalTokens` defaults to their sum. No usage is sent when omitted. */
  usage?: Partial<Usage>;
  /** Defaults to `tool-calls` when there are tool calls, else `stop`. */
  finishReason?: FinishReason;
  /** The model declines to answer (OpenAI `refusal`). */
  refusal?: string;
  /** Thrown instead of answering. */
  error?: Error;
  /** Waits this long (abortably) before answering. */
  delayMs?: number;
}

/** One scripted answer, or a function computing it from the request. */
export type ScriptedTurn =
  | ScriptedTurnData
  | ((request: ModelRequest, callIndex: number) => ScriptedTurnData | Promise<ScriptedTurnData>);

/** Options of scriptedModel. */
export interface ScriptedModelOptions {
  /** One entry per model call, in order; a call past the end throws. */
  turns: ScriptedTurn[];
  /** Defaults to `scripted-model`. */
  modelId?: string;
  /** Defaults to `scripted`. */
  provider?: string;
  /** Characters per text delta when streaming (default 4). */
  chunkChars?: number;
}

/** A Model that answers from a script, in process; `calls` records every request it got. */
export interface ScriptedModel extends Model {
  /** Every request received, in call order, for asserting what the agent sent. */
  readonly calls: ModelRequest[];
}

/**
 * A deterministic model for unit tests: each call takes the next turn of the script.
 * @example
 * const model = scriptedModel({ turns: [
 *   { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] },
 *   { text: '서울은 21°C입니다.' },
 * ] });
 */
export function scriptedModel(options: ScriptedModelOptions): ScriptedModel {
  const calls: ModelRequest[] = [];
  const chunkChars = options.chunkChars ?? 4;

  async function answer(request: ModelRequest, callOptions: CallOptions | undefined): Promise<ModelResponse> {
    const callIndex = calls.length;
    calls.push(request);
    throwIfAborted(callOptions?.signal);
    const turn = options.turns[callIndex];
    if (!turn) {
      throw new InvalidOptionError({
        option: 'turns',
        message: `scriptedModel: call ${callIndex + 1} has no scripted turn (the script has ${options.turns.length}). Add a turn for it.`,
      });
    }
    const data = typeof turn === 'function' ? await turn(request, callIndex) : turn;
    if (data.delayMs) await sleep(data.delayMs, callOptions?.signal);
    if (data.error) throw data.error;
    const toolCalls: ToolCall[] = (data.toolCalls ?? []).map((call, index) => ({
      toolCallId: call.toolCallId ?? `call_${callIndex + 1}_${index + 1}`,
      toolName: call.toolName,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    }));
    const response: ModelResponse = {
      text: data.text ?? '',
      toolCalls,
      finishReason: data.finishReason ?? (toolCalls.length ? 'tool-calls' : 'stop'),
    };
    if (data.refusal !== undefined) response.refusal = data.refusal;
    if (data.usage) {
      const inputTokens = data.usage.inputTokens ?? 0;
      const outputTokens = data.usage.outputTokens ?? 0;
      response.usage = {
        ...data.usage,
        inputTokens,
        outputTokens,
        totalTokens: data.usage.totalTokens ?? inputTokens + outputTokens,
      };
    }
    return response;
  }

  return {
    provider: options.provider ?? 'scripted',
    modelId: options.modelId ?? 'scripted-model',
    calls,
    generate: answer,
    async *stream(request: ModelRequest, callOptions?: CallOptions): AsyncIterable<StreamPart> {
      const response = await answer(request, callOptions);
      for (const part of responseToStreamParts(response)) {
        if (part.type === 'text-delta') {
          for (let i = 0; i < part.delta.length; i += chunkChars) {
            throwIfAborted(callOptions?.signal);
            yield { type: 'text-delta', delta: part.delta.slice(i, i + chunkChars) };
          }
        } else {
          yield part;
        }
      }
    },
  };
}
