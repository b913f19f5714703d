import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import type { ToolCall } from '../messages/message.js';
import type { ModelResponse, StreamPart } from './model.js';

/** Accumulates stream parts into the ModelResponse they describe. */
export class ResponseCollector {
  text = '';
  reasoning = '';
  refusal = '';
  readonly toolCalls: ToolCall[] = [];
  /** The `finish` part, once it arrived; undefined means the stream is incomplete so far. */
  finish: Extract<StreamPart, { type: 'finish' }> | undefined;
  metadata: Extract<StreamPart, { type: 'response-metadata' }> | undefined;

  /** Folds in the next part; deltas append, `tool-call` parts collect, `tool-call-delta`s are ignored. */
  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.text += part.delta;
        break;
      case 'reasoning-delta':
        this.reasoning += part.delta;
        break;
      case 'refusal-delta':
        this.refusal += part.delta;
        break;
      case 'tool-call':
        this.toolCalls.push(part.toolCall);
        break;
      case 'finish':
        this.finish = part;
        break;
      case 'response-metadata':
        this.metadata = part;
        break;
    }
  }

  /** The collected response; throws StreamInterruptedError if no finish part arrived. */
  toResponse(): ModelResponse {
    const finish = this.finish;
    if (!finish) {
      throw new StreamInterruptedError({
        message: 'The model stream ended without a finish part; the response is incomplete.',
        partialText: this.text,
      });
    }
    const response: ModelResponse = {
      text: this.text,
      toolCalls: this.toolCalls,
      finishReason: finish.finishReason,
    };
    if (finish.rawFinishReason !== undefined) response.rawFinishReason = finish.rawFinishReason;
    if (finish.usage) response.usage = finish.usage;
    if (finish.source) response.source = finish.source;
    if (this.reasoning) response.reasoning = this.reasoning;
    if (this.refusal) response.refusal = this.refusal;
    if (this.metadata) {
      const { type: _type, ...meta } = this.metadata;
      response.response = meta;
    }
    return response;
  }
}

/**
 * Reads a whole stream into a ModelResponse.
 * @example const response = await collectStream(model.stream({ messages }));
 */
export async function collectStream(stream: AsyncIterable<StreamPart>): Promise<ModelResponse> {
  const collector = new ResponseCollector();
  for await (const part of stream) collector.add(part);
  return collector.toResponse();
}

/** Replays a complete response as the stream parts that would have produced it. */
export function responseToStreamParts(response: ModelResponse): StreamPart[] {
  const parts: StreamPart[] = [];
  if (response.response) parts.push({ type: 'response-metadata', ...response.response });
  if (response.reasoning) parts.push({ type: 'reasoning-delta', delta: response.reasoning });
  if (response.refusal) parts.push({ type: 'refusal-delta', delta: response.refusal });
  if (response.text) parts.push({ type: 'text-delta', delta: response.text });
  response.toolCalls.forEach((toolCall, index) => {
    parts.push({
      type: 'tool-call-delta',
      index,
      toolCallId: toolCall.toolCallId,
      toolName: toolCall.toolName,
      argumentsDelta: toolCall.arguments,
    });
    parts.push({ type: 'tool-call', toolCall });
  });
  const finish: StreamPart = { type: 'finish', finishReason: response.finishReason };
  if (response.rawFinishReason !== undefined) finish.rawFinishReason = response.rawFinishReason;
  if (response.usage) finish.usage = response.usage;
  if (response.source) finish.source = response.source;
  parts.push(finish);
  return parts;
}
