import type { Message } from '../messages/message.js';
import type { ModelRequest } from '../model/model.js';
import { approximateTokens } from './approximate-tokens.js';
import { type CountTokensInput, countInput, REPLY_PRIMING_TOKENS } from './count-request.js';
import { encodingForModel } from './encoding-for-model.js';
import { loadedEncoding } from './load-encoding.js';

/** A request's tokens before it is sent: the prompt, and the most output it may ask for. */
export interface RequestTokenEstimate {
  /** Prompt tokens: messages with the chat framing, tool definitions, images by their rule. */
  inputTokens: number;
  /** `settings.maxTokens`, or 0 when the request sets no cap. */
  outputTokens: number;
}

/**
 * The one estimate made before every model call (budgets, `rateLimit`'s tokens per minute, batch
 * pre-flight): exact with the model's tokenizer once it is loaded (`loadTokenizer`, or any
 * `countTokens` call), the script-aware `approximateTokens` until then — Korean and other dense
 * scripts included. Never starts a tokenizer load itself, so it stays cheap on the call path.
 * @example const { inputTokens, outputTokens } = estimateRequestTokens(request, { model: 'gpt-4o-mini' });
 */
export function estimateRequestTokens(
  request: { messages: readonly Message[] } & Partial<
    Pick<ModelRequest, 'tools' | 'toolChoice' | 'settings'>
  >,
  options: { model: string },
): RequestTokenEstimate {
  return {
    inputTokens: estimateTokensOf(request, options.model),
    outputTokens: request.settings?.maxTokens ?? 0,
  };
}

/** The tokens the given messages add to a prompt (no reply priming), with the same counter. */
export function estimateMessagesTokens(messages: readonly Message[], options: { model: string }): number {
  if (messages.length === 0) return 0;
  // countInput primes a reply once per conversation; turns added to one don't add that again.
  return Math.max(0, estimateTokensOf(messages, options.model) - REPLY_PRIMING_TOKENS);
}

function estimateTokensOf(input: CountTokensInput, model: string): number {
  const name = encodingForModel(model);
  const encoding = name ? loadedEncoding(name) : undefined;
  return countInput(input, encoding ? encoding.count : approximateTokens, model);
}
