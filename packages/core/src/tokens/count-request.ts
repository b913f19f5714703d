import type { Message, UserContentPart } from '../messages/message.js';
import type { ToolChoice, ToolSpec } from '../model/model.js';
import { imageDimensionsOf } from './image-dimensions.js';
import { DEFAULT_IMAGE_SIZE, imageTokens } from './image-tokens.js';
import { renderToolDefinitions } from './render-tool-definitions.js';

/** Counts the tokens of a piece of text (an encoding's exact count, or the approximation). */
export type TextCounter = (text: string) => number;

/** What a model call sends besides settings: the messages, and the tools the model may call. */
export interface TokenCountRequest {
  messages?: readonly Message[];
  tools?: readonly ToolSpec[];
  toolChoice?: ToolChoice;
}

/** Text alone (no chat framing), a conversation, or a request with tool definitions. */
export type CountTokensInput = string | readonly Message[] | TokenCountRequest;

// The chat framing OpenAI documents (cookbook "How to count tokens with tiktoken", for gpt-3.5-turbo,
// gpt-4, gpt-4o and later): each message is <|start|>{role}<|message|>{content}<|end|> — 3 tokens
// plus its role (one token for every role name) — and every reply is primed with 3 more.
const TOKENS_PER_MESSAGE = 3;
const ROLE_TOKENS = 1;
const REPLY_PRIMING = 3;
// Observed, not documented (community measurements against prompt_tokens): a tool call costs its
// name, its arguments and 3 tokens; a tool result is framed under the tool's name instead of a role;
// tool definitions cost their rendering plus 9, 4 fewer when they join an existing system message,
// which then gains a newline. A forced tool adds its name + 4, `none` adds 1.
const TOKENS_PER_TOOL_CALL = 3;
const TOOL_DEFINITIONS_FRAMING = 9;
const TOOL_DEFINITIONS_IN_SYSTEM = -4;
const FORCED_TOOL = 4;
const NO_TOOL = 1;

const imageSizes = new WeakMap<object, ReturnType<typeof imageDimensionsOf>>();

function imagePartTokens(part: Exclude<UserContentPart, { type: 'text' }>, modelId: string): number {
  let size = imageSizes.get(part);
  if (size === undefined && !imageSizes.has(part)) {
    size = 'data' in part ? imageDimensionsOf(part.data) : imageDimensionsOf(part.url);
    imageSizes.set(part, size);
  }
  return imageTokens(size ?? DEFAULT_IMAGE_SIZE, part.detail, modelId);
}

/** Tokens of one message in the prompt, framing included; `padSystem` adds the newline tools append. */
export function messageTokens(
  message: Message,
  count: TextCounter,
  modelId: string,
  padSystem = false,
): number {
  let tokens = TOKENS_PER_MESSAGE;
  switch (message.role) {
    case 'system': {
      const pad = padSystem && message.content !== '' && !message.content.endsWith('\n');
      return tokens + ROLE_TOKENS + count(pad ? `${message.content}\n` : message.content);
    }
    case 'user':
      tokens += ROLE_TOKENS;
      if (typeof message.content === 'string') return tokens + count(message.content);
      for (const part of message.content) {
        tokens += part.type === 'text' ? count(part.text) : imagePartTokens(part, modelId);
      }
      return tokens;
    case 'assistant':
      tokens += ROLE_TOKENS + count(message.content);
      for (const call of message.toolCalls ?? []) {
        tokens += count(call.toolName) + count(call.arguments) + TOKENS_PER_TOOL_CALL;
      }
      return tokens;
    case 'tool':
      return tokens + count(message.toolName) + count(message.content);
  }
}

/** Tokens the tool definitions and tool choice add to a prompt (0 without tools). */
export function toolTokens(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
  hasSystemMessage: boolean,
  count: TextCounter,
): number {
  if (!tools || tools.length === 0) return 0;
  let tokens = count(renderToolDefinitions(tools)) + TOOL_DEFINITIONS_FRAMING;
  if (hasSystemMessage) tokens += TOOL_DEFINITIONS_IN_SYSTEM;
  if (toolChoice === 'none') tokens += NO_TOOL;
  else if (typeof toolChoice === 'object') tokens += count(toolChoice.name) + FORCED_TOOL;
  return tokens;
}

/** The framing every request pays once: the assistant reply's priming. */
export const REPLY_PRIMING_TOKENS = REPLY_PRIMING;

/** Counts any CountTokensInput with one text counter: the rules above, in one place. */
export function countInput(input: CountTokensInput, count: TextCounter, modelId: string): number {
  if (typeof input === 'string') return count(input);
  const request: TokenCountRequest = isMessageList(input) ? { messages: input } : input;
  const messages = request.messages ?? [];
  const hasTools = (request.tools?.length ?? 0) > 0;
  const firstSystem = messages.findIndex((message) => message.role === 'system');
  let tokens = messages.length > 0 ? REPLY_PRIMING : 0;
  messages.forEach((message, index) => {
    tokens += messageTokens(message, count, modelId, hasTools && index === firstSystem);
  });
  return tokens + toolTokens(request.tools, request.toolChoice, firstSystem >= 0, count);
}

function isMessageList(input: readonly Message[] | TokenCountRequest): input is readonly Message[] {
  return Array.isArray(input);
}
