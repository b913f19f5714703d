import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { Message } from '../messages/message.js';
import type { ToolSpec } from '../model/model.js';
import { approximateTokens } from './approximate-tokens.js';
import { type ContextWindowTable, findContextWindow } from './context-windows.js';
import { messageTokens, REPLY_PRIMING_TOKENS, type TextCounter, toolTokens } from './count-request.js';
import { encodingForModel } from './encoding-for-model.js';
import { type LoadedEncoding, loadEncoding } from './load-encoding.js';

/** Options of fitToContext. */
export interface FitToContextOptions {
  /** The model the messages are for: its tokenizer counts them, its window bounds them. */
  model: string;
  /**
   * The most input tokens to send. Default: the model's context window less `reserveOutputTokens`;
   * required for a model the window table does not list.
   */
  maxInputTokens?: number;
  /** Output tokens to leave room for when `maxInputTokens` is not given (default: the model's maximum output, at most half the window). */
  reserveOutputTokens?: number;
  /** The latest messages never dropped (default 1, the newest); a tool call and its results count as one. */
  keep?: number;
  /** Tool definitions sent with the messages: they take room too. */
  tools?: readonly ToolSpec[];
  /** Context windows to look the model up in (default `defaultContextWindows`). */
  contextWindows?: ContextWindowTable;
}

/** What fitToContext kept, and what it cost to make it fit. */
export interface FitToContextResult {
  messages: Message[];
  /** Input tokens of `messages` (and `tools`), counted as countTokens counts them. */
  inputTokens: number;
  /** How many messages were left out (oldest turns first). */
  droppedMessages: number;
  /** How many kept messages had their text shortened. */
  trimmedMessages: number;
}

const TRIM_MARK = '…';

function budgetOf(options: FitToContextOptions): number {
  const { model, maxInputTokens, reserveOutputTokens, contextWindows } = options;
  if (maxInputTokens !== undefined) {
    if (!Number.isInteger(maxInputTokens) || maxInputTokens <= 0) {
      throw new InvalidOptionError({
        option: 'maxInputTokens',
        message: `maxInputTokens must be a positive integer, got ${maxInputTokens}.`,
      });
    }
    return maxInputTokens;
  }
  const window = findContextWindow(model, contextWindows);
  if (!window) {
    throw new InvalidOptionError({
      option: 'maxInputTokens',
      message: `fitToContext does not know the context window of model "${model}". Pass maxInputTokens (the most input tokens to send), or a contextWindows table with an entry for it.`,
    });
  }
  const reserve =
    reserveOutputTokens ?? Math.min(window.maxOutputTokens, Math.floor(window.contextTokens / 2));
  if (!Number.isInteger(reserve) || reserve < 0 || reserve >= window.contextTokens) {
    throw new InvalidOptionError({
      option: 'reserveOutputTokens',
      message: `reserveOutputTokens must be an integer from 0 to below the ${window.contextTokens}-token window of ${model}, got ${reserve}.`,
    });
  }
  return window.contextTokens - reserve;
}

/** Index ranges that are dropped together: an assistant tool call with the results that answer it. */
function groupsOf(messages: readonly Message[]): Array<{ start: number; end: number }> {
  const groups: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < messages.length; ) {
    const message = messages[start] as Message;
    let end = start + 1;
    if (message.role === 'assistant' && message.toolCalls?.length) {
      const ids = new Set(message.toolCalls.map((call) => call.toolCallId));
      while (end < messages.length) {
        const next = messages[end] as Message;
        if (next.role !== 'tool' || !ids.has(next.toolCallId)) break;
        end++;
      }
    }
    groups.push({ start, end });
    start = end;
  }
  return groups;
}

/** The text with its end cut so it counts at most `maxTokens`, marked with `…`; '' when nothing fits. */
function trimText(
  text: string,
  maxTokens: number,
  count: TextCounter,
  encoding: LoadedEncoding | undefined,
): string {
  if (count(text) <= maxTokens) return text;
  const room = maxTokens - count(TRIM_MARK);
  if (room <= 0) return '';
  if (encoding) {
    // A token may hold part of a character; drop a broken last character rather than send U+FFFD.
    let kept = encoding.decode(encoding.encode(text).slice(0, room)).replace(/\uFFFD+$/, '');
    while (kept !== '' && count(kept + TRIM_MARK) > maxTokens) kept = [...kept].slice(0, -1).join('');
    return kept === '' ? '' : kept + TRIM_MARK;
  }
  let chars = Math.floor((text.length * room) / count(text));
  while (chars > 0 && count(text.slice(0, chars) + TRIM_MARK) > maxTokens) chars = Math.floor(chars * 0.9);
  return chars > 0 ? text.slice(0, chars) + TRIM_MARK : '';
}

/** A copy of the message with its text cut to fit `maxTokens`, or undefined when its text cannot be cut. */
function trimmed(
  message: Message,
  maxTextTokens: number,
  count: TextCounter,
  encoding?: LoadedEncoding,
): Message | undefined {
  if (message.role === 'system' || typeof message.content !== 'string' || message.content === '')
    return undefined;
  return { ...message, content: trimText(message.content, maxTextTokens, count, encoding) } as Message;
}

/**
 * The conversation cut to fit a model's context: drops the oldest turns first, then shortens the
 * text of what is left, oldest first. Never drops a system message, never separates an assistant's
 * tool call from its results, never cuts tool-call arguments or images, and keeps the last `keep`
 * messages. Counts with the model's tokenizer (loaded on first use) or the approximation.
 * @example const { messages } = await fitToContext(history, { model: 'gpt-4o-mini', maxInputTokens: 8000 });
 */
export async function fitToContext(
  messages: readonly Message[],
  options: FitToContextOptions,
): Promise<FitToContextResult> {
  const { model, keep = 1, tools } = options ?? ({} as FitToContextOptions);
  if (typeof model !== 'string' || model.trim() === '') {
    throw new InvalidOptionError({
      option: 'model',
      message: "fitToContext needs { model }, e.g. { model: 'gpt-4o-mini', maxInputTokens: 8000 }.",
    });
  }
  if (!Number.isInteger(keep) || keep < 0) {
    throw new InvalidOptionError({
      option: 'keep',
      message: `keep must be a whole number of messages (0 or more), got ${keep}.`,
    });
  }
  const budget = budgetOf(options);
  const name = encodingForModel(model);
  const encoding = name ? await loadEncoding(name) : undefined;
  const count: TextCounter = encoding ? encoding.count : approximateTokens;

  const hasTools = (tools?.length ?? 0) > 0;
  const firstSystem = messages.findIndex((message) => message.role === 'system');
  const padOf = (index: number) => hasTools && index === firstSystem;
  const kept = [...messages];
  const tokens = kept.map((message, index) => messageTokens(message, count, model, padOf(index)));
  const fixed =
    (kept.length > 0 ? REPLY_PRIMING_TOKENS : 0) + toolTokens(tools, undefined, firstSystem >= 0, count);
  let total = fixed + tokens.reduce((sum, n) => sum + n, 0);

  const groups = groupsOf(kept);
  const protectedFrom = keep === 0 ? kept.length : Math.max(0, kept.length - keep);
  const dropped = new Set<number>();
  for (const group of groups) {
    if (total <= budget) break;
    if (group.end > protectedFrom) break; // a group reaching into the kept tail is kept whole
    if (kept[group.start]?.role === 'system') continue;
    for (let i = group.start; i < group.end; i++) {
      dropped.add(i);
      total -= tokens[i] ?? 0;
    }
  }

  let trimmedMessages = 0;
  for (let i = 0; i < kept.length && total > budget; i++) {
    if (dropped.has(i)) continue;
    const message = kept[i] as Message;
    const before = tokens[i] ?? 0;
    const frame = before - count(typeof message.content === 'string' ? message.content : '');
    const shorter = trimmed(message, Math.max(0, before - (total - budget) - frame), count, encoding);
    if (!shorter) continue;
    const after = messageTokens(shorter, count, model, padOf(i));
    if (after >= before) continue;
    kept[i] = shorter;
    tokens[i] = after;
    total -= before - after;
    trimmedMessages++;
  }

  if (total > budget) {
    throw new InvalidOptionError({
      option: 'maxInputTokens',
      message: `fitToContext cannot fit the messages in ${budget} input tokens for ${model}: ${total} remain after dropping every older turn and trimming text. System messages, tool definitions, tool-call arguments and images are never cut, and the last ${keep} message(s) are kept: raise maxInputTokens or lower keep.`,
    });
  }
  return {
    messages: kept.filter((_, index) => !dropped.has(index)),
    inputTokens: total,
    droppedMessages: dropped.size,
    trimmedMessages,
  };
}
