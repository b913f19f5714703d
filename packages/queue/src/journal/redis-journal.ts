import type { ModelResponse, ToolOutcome } from '@toolloop/core';
import { ToolExecutionError } from '@toolloop/core';
import type { Redis } from 'ioredis';

/** A recorded tool outcome: outputs as JSON, errors as the text the model was shown. */
type StoredOutcome =
  | { isError: false; output: unknown }
  | { isError: true; toolName: string; message: string };

/**
 * One job's journal in a Redis hash: its finished model responses (by step) and tool outcomes
 * (by tool call id), plus a "started" mark per tool call. A redelivered job reads it back.
 */
export interface RedisJournal {
  modelResponse(jobId: string, step: number): Promise<ModelResponse | undefined>;
  recordModelResponse(jobId: string, step: number, response: ModelResponse): Promise<void>;
  toolOutcome(jobId: string, toolCallId: string): Promise<ToolOutcome | undefined>;
  recordToolOutcome(jobId: string, toolCallId: string, toolName: string, outcome: ToolOutcome): Promise<void>;
  /** Marks a tool call as started; false when an earlier delivery had already started it. */
  markToolStarted(jobId: string, toolCallId: string): Promise<boolean>;
  /** Keeps a finished job's journal for `seconds` (then Redis drops it). */
  expire(jobId: string, seconds: number): Promise<void>;
}

/** The journal of queue jobs, stored under `keyOf(jobId)`. */
export function redisJournal(options: { redis: Redis; keyOf: (jobId: string) => string }): RedisJournal {
  const { redis, keyOf } = options;
  return {
    async modelResponse(jobId, step) {
      const stored = await redis.hget(keyOf(jobId), `model:${step}`);
      return stored === null ? undefined : (JSON.parse(stored) as ModelResponse);
    },
    async recordModelResponse(jobId, step, response) {
      await redis.hset(keyOf(jobId), `model:${step}`, JSON.stringify(response));
    },
    async toolOutcome(jobId, toolCallId) {
      const stored = await redis.hget(keyOf(jobId), `tool:${toolCallId}`);
      if (stored === null) return undefined;
      const outcome = JSON.parse(stored) as StoredOutcome;
      if (!outcome.isError) return { isError: false, output: outcome.output };
      // The model reads only the message, so the replayed error shows it the same text.
      return {
        isError: true,
        error: new ToolExecutionError({ toolName: outcome.toolName, toolCallId, message: outcome.message }),
      };
    },
    async recordToolOutcome(jobId, toolCallId, toolName, outcome) {
      const stored: StoredOutcome = outcome.isError
        ? { isError: true, toolName, message: outcome.error.message }
        : { isError: false, output: outcome.output };
      await redis.hset(keyOf(jobId), `tool:${toolCallId}`, JSON.stringify(stored, bigintAsString));
    },
    async markToolStarted(jobId, toolCallId) {
      return (await redis.hsetnx(keyOf(jobId), `started:${toolCallId}`, '1')) === 1;
    },
    async expire(jobId, seconds) {
      await redis.expire(keyOf(jobId), seconds);
    },
  };
}

// The model read BigInts as decimal strings (core's outcomeToContent); the journal keeps the same.
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
