// The agent of the queue tests: a get_weather tool that counts its executions in Redis per
// (job, tool call), and two hooks that freeze a worker mid-tool or mid-model-call so the test can
// kill it there with SIGKILL.
import { randomUUID } from 'node:crypto';
import type { AgentOptions, Middleware, Tool } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import type { Redis } from 'ioredis';
import type { QueueToolContext } from '../journal/journal-tools.js';

export interface FixtureKeys {
  /** Hash: `<runId>/<toolCallId>#<execution uuid>` → '1'; read it with {@link executionCounts}. */
  executions: string;
  /** Hash: `<runId>/<toolCallId>` → '1' when the tool saw `resumed: true`. */
  resumed: string;
  /** String: pid of the worker frozen in a tool call (set once). */
  frozenInTool: string;
  /** String: pid of the worker frozen in a model call (set once). */
  frozenInModel: string;
}

export function fixtureKeys(prefix: string): FixtureKeys {
  return {
    executions: `${prefix}:executions`,
    resumed: `${prefix}:resumed`,
    frozenInTool: `${prefix}:frozen-in-tool`,
    frozenInModel: `${prefix}:frozen-in-model`,
  };
}

/** Executions per `<runId>/<toolCallId>`. */
export async function executionCounts(redis: Redis, keys: FixtureKeys): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const field of await redis.hkeys(keys.executions)) {
    const call = field.slice(0, field.lastIndexOf('#'));
    counts[call] = (counts[call] ?? 0) + 1;
  }
  return counts;
}

const never = () => new Promise<never>(() => {});

export function weatherAgentOptions(options: { simUrl: string; redis: Redis; keys: FixtureKeys }): AgentOptions {
  const { simUrl, redis, keys } = options;
  const getWeather: Tool<{ city: string }> = {
    name: 'get_weather',
    description: 'Gets the current weather for a city. 도시의 날씨를 알려줍니다.',
    jsonSchema: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
    parseInput(input) {
      const city = (input as { city?: unknown } | null)?.city;
      return typeof city === 'string' ? { success: true, data: { city } } : { success: false, error: 'city must be a string' };
    },
    async execute({ city }, context) {
      const field = `${context.runId}/${context.toolCallId}`;
      // One field per execution, not HINCRBY: a command that ioredis resends after a reconnect
      // (its reply was lost when Redis went away) must not count twice.
      await redis.hset(keys.executions, `${field}#${randomUUID()}`, '1');
      if ((context as QueueToolContext).resumed) await redis.hset(keys.resumed, field, '1');
      if (context.runId.endsWith('|freeze-tool') && (await redis.set(keys.frozenInTool, String(process.pid), 'NX'))) {
        await never();
      }
      return { city, sky: city.length % 2 === 0 ? '맑음' : '흐림', tempC: 10 + city.length };
    },
  };
  const freezeInModel: Middleware = {
    name: 'freeze-in-model',
    async generate(request, next, context) {
      const response = await next(request);
      // The response arrived but is not journaled yet: the worker dies with it in hand.
      // Step 2: the job's tool call has finished by then, so a redelivery must replay it.
      const frozen = context.runId.endsWith('|freeze-model') && context.step === 2;
      if (frozen && (await redis.set(keys.frozenInModel, String(process.pid), 'NX'))) {
        await never();
      }
      return response;
    },
  };
  return {
    model: openai('gpt-4o-mini', { baseURL: simUrl, apiKey: 'sk-test' }),
    instructions: '날씨 도우미입니다. get_weather로 확인한 내용만 답하세요.',
    tools: [getWeather],
    middleware: [freezeInModel],
    maxSteps: 4,
    settings: { temperature: 0 },
  };
}
