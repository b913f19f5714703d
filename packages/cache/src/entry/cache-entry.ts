import type { FinishReason, ModelResponse, StreamPart } from '@toolloop/core';
import { redactHeaders } from '@toolloop/core/internal';
import { CorruptEntryError } from './corrupt-entry-error.js';

/**
 * Format version written into every entry; an entry with another version is a miss. 2: tool calls
 * are `{ toolCallId, toolName, arguments }` (1 had `{ id, name, arguments }`).
 */
export const CACHE_ENTRY_VERSION = 2;

/** What the cache keeps for one key. */
export interface CacheEntry {
  /** The complete response (for generate calls, and to rebuild parts when none were stored). */
  response: ModelResponse;
  /** The exact parts a stream delivered, so a replay has the same chunking. */
  parts?: StreamPart[];
  /** `Date.now()` when stored. */
  createdAt: number;
}

/** Serialises an entry (JSON with a format version). Credential-bearing response headers are redacted. */
export function encodeEntry(entry: CacheEntry): string {
  const stored: Record<string, unknown> = {
    v: CACHE_ENTRY_VERSION,
    createdAt: entry.createdAt,
    response: withoutSecrets(entry.response),
  };
  if (entry.parts) stored.parts = entry.parts.map(partWithoutSecrets);
  return JSON.stringify(stored);
}

/** Parses and checks a stored entry; throws CorruptEntryError for anything it cannot trust. */
export function decodeEntry(key: string, value: string): CacheEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new CorruptEntryError({
      key,
      message: `Cache entry ${key} is not valid JSON (truncated or overwritten); treating it as a miss.`,
      cause: error,
    });
  }
  if (!isRecord(parsed)) throw corrupt(key, 'is not an object');
  if (parsed.v !== CACHE_ENTRY_VERSION) {
    throw corrupt(key, `has format version ${JSON.stringify(parsed.v)}, expected ${CACHE_ENTRY_VERSION}`);
  }
  const { response, parts, createdAt } = parsed;
  if (!isResponse(response)) throw corrupt(key, 'has no valid response');
  if (typeof createdAt !== 'number') throw corrupt(key, 'has no createdAt');
  const entry: CacheEntry = { response, createdAt };
  if (parts !== undefined) {
    if (
      !Array.isArray(parts) ||
      !parts.every(isPart) ||
      parts.findIndex((part) => part.type === 'finish') !== parts.length - 1
    ) {
      throw corrupt(key, 'has stream parts that are malformed or do not end with a finish part');
    }
    entry.parts = parts as StreamPart[];
  }
  return entry;
}

function corrupt(key: string, what: string): CorruptEntryError {
  return new CorruptEntryError({ key, message: `Cache entry ${key} ${what}; treating it as a miss.` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReason>([
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'other',
]);

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const optional = (value: unknown, check: (value: unknown) => boolean): boolean =>
  value === undefined || check(value);

function isUsage(value: unknown): boolean {
  return (
    isRecord(value) &&
    isCount(value.inputTokens) &&
    isCount(value.outputTokens) &&
    isCount(value.totalTokens) &&
    optional(value.cachedInputTokens, isCount) &&
    optional(value.reasoningTokens, isCount)
  );
}

function isToolCall(value: unknown): boolean {
  return (
    isRecord(value) && isString(value.toolCallId) && isString(value.toolName) && isString(value.arguments)
  );
}

function isHeaders(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every(isString);
}

function isFinish(value: Record<string, unknown>): boolean {
  return (
    isString(value.finishReason) &&
    FINISH_REASONS.has(value.finishReason) &&
    optional(value.rawFinishReason, isString) &&
    optional(value.usage, isUsage)
  );
}

/** Every field a replay reads, checked for its type: a stored `42` never reaches a user as text. */
function isResponse(value: unknown): value is ModelResponse {
  return (
    isRecord(value) &&
    isString(value.text) &&
    isFinish(value) &&
    Array.isArray(value.toolCalls) &&
    value.toolCalls.every(isToolCall) &&
    optional(value.reasoning, isString) &&
    optional(value.refusal, isString) &&
    optional(
      value.response,
      (meta) =>
        isRecord(meta) &&
        optional(meta.id, isString) &&
        optional(meta.modelId, isString) &&
        optional(meta.headers, isHeaders),
    )
  );
}

function isPart(value: unknown): boolean {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'text-delta':
    case 'reasoning-delta':
    case 'refusal-delta':
      return isString(value.delta);
    case 'tool-call-delta':
      return (
        isCount(value.index) &&
        isString(value.toolCallId) &&
        isString(value.toolName) &&
        isString(value.argumentsDelta)
      );
    case 'tool-call':
      return isToolCall(value.toolCall);
    case 'response-metadata':
      return (
        optional(value.id, isString) &&
        optional(value.modelId, isString) &&
        optional(value.headers, isHeaders)
      );
    case 'finish':
      return isFinish(value);
    default:
      return false;
  }
}

function withoutSecrets(response: ModelResponse): ModelResponse {
  const headers = response.response?.headers;
  if (!headers) return response;
  return { ...response, response: { ...response.response, headers: redactHeaders(headers) } };
}

function partWithoutSecrets(part: StreamPart): StreamPart {
  if (part.type !== 'response-metadata' || !part.headers) return part;
  return { ...part, headers: redactHeaders(part.headers) };
}
