import { readdirSync, readFileSync } from 'node:fs';
import { APICallError, hasErrorCode, type StreamPart, type Usage } from '@toolloop/core';
import { ResponseCollector } from '@toolloop/core/internal';
import { describe, expect, it } from 'vitest';
import { createStreamAssembler } from '../stream/stream-assembler.js';
import { createSSEDecoder } from './sse-decoder.js';

// Real captures (see __fixtures__/ATTRIBUTION.md) replayed through decoder + assembler in small random
// slices. The expected values below were written by reading each capture, not from this code's output.

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const readCapture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, fixturesDir)));

/** mulberry32: a tiny seeded PRNG, so a failing slicing can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Replay {
  parts: StreamPart[];
  error?: unknown;
  done: boolean;
}

/** Feeds the capture in slices of 1–64 bytes (or whole when seed is undefined), like a socket would. */
function replay(bytes: Uint8Array, seed?: number): Replay {
  const parts: StreamPart[] = [];
  const assembler = createStreamAssembler();
  const decoder = createSSEDecoder({ onEvent: (event) => parts.push(...assembler.push(event)) });
  try {
    if (seed === undefined) {
      decoder.feed(bytes);
    } else {
      const next = random(seed);
      for (let offset = 0; offset < bytes.length; ) {
        const size = 1 + Math.floor(next() * 64);
        decoder.feed(bytes.subarray(offset, offset + size));
        offset += size;
      }
    }
    decoder.end();
    parts.push(...assembler.end());
  } catch (error) {
    return { parts, error, done: assembler.done };
  }
  return { parts, done: assembler.done };
}

const SEEDS = [undefined, 1, 2, 3, 42, 2024, 65535];

interface Expected {
  text: string;
  toolCalls?: { toolCallId: string; toolName: string; arguments: unknown }[];
  finishReason: string;
  rawFinishReason?: string;
  usage?: Usage;
  reasoning?: string;
  refusal?: string;
  id?: string;
  modelId?: string;
  /** The capture has `data: [DONE]`. */
  done: boolean;
}

const oa = (input: number, output: number, total: number, extra: Partial<Usage> = {}): Usage => ({
  inputTokens: input,
  outputTokens: output,
  totalTokens: total,
  ...extra,
});

const complete: Record<string, Expected> = {
  'anthropic-compat-tool-call-index-1.sse.txt': {
    text: 'Reading it.',
    toolCalls: [{ toolCallId: 'toolu_sanitized', toolName: 'read_file', arguments: { path: 'a.txt' } }],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    id: 'msg_sanitized',
    modelId: 'claude-haiku-4-5-20251001',
    done: true,
  },
  'azure-openai-text-filter-results.sse.txt': {
    text: 'Why did the developer bring a map to the OpenTelemetry conference? \n\nBecause they wanted to trace every step!',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    id: 'chatcmpl-DPTBaSsimU1JbOyrWiQNkSSfOPQE7',
    modelId: 'gpt-4.1-mini-2025-04-14',
    done: true,
  },
  'deepseek-reasoning-tool-call.sse.txt': {
    text: '',
    reasoning:
      'The user is asking for the weather in San Francisco. I need to use the weather tool to get this information. ' +
      'Let me invoke the weather tool with the location parameter set to "San Francisco".',
    toolCalls: [
      {
        toolCallId: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF',
        toolName: 'weather',
        arguments: { location: 'San Francisco' },
      },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(339, 83, 422, { cachedInputTokens: 320, reasoningTokens: 39 }),
    id: 'cca85624-4056-401f-b220-d77601d1f70d',
    modelId: 'deepseek-reasoner',
    done: false,
  },
  'groq-tool-call.sse.txt': {
    text: '',
    toolCalls: [{ toolCallId: 'tk85n1k4m', toolName: 'weather', arguments: {} }],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    // Top-level usage and x_groq.usage carry the same numbers: counted once.
    usage: oa(210, 15, 225),
    id: 'chatcmpl-b610d559-f156-4aca-8827-24b4fe6af54f',
    modelId: 'llama-3.3-70b-versatile',
    done: false,
  },
  'ik-llamacpp-no-done.sse.txt': {
    text: 'Once,',
    finishReason: 'length',
    rawFinishReason: 'length',
    usage: oa(14, 50, 64),
    id: 'chatcmpl-wgqtIZhAKHJRCj568kAdGfhyDUIj69kZ',
    modelId: 'phi-4',
    done: false,
  },
  'llamacpp-text-length-timings.sse.txt': {
    text: ' climb',
    finishReason: 'length',
    rawFinishReason: 'length',
    usage: oa(13, 50, 63),
    id: 'chatcmpl-51VeqNldSlrUKqMP1Seka7KfXksFbSea',
    modelId: 'phi-4',
    done: true,
  },
  'mistral-tool-call-no-index.sse.txt': {
    text: '',
    toolCalls: [{ toolCallId: 'gSIMJiOkT', toolName: 'weather', arguments: { location: 'San Francisco' } }],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(124, 22, 146),
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    modelId: 'mistral-small-latest',
    done: false,
  },
  'ollama-text-no-done.sse.txt': {
    text: 'My name is Neo Vim.',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    id: 'chatcmpl-192',
    modelId: 'qwen2.5-coder:7b-instruct-q8_0',
    done: false,
  },
  'ollama-tool-call-parallel.sse.txt': {
    text: '',
    toolCalls: [
      { toolCallId: 'call_wteop8bt', toolName: 'run_command', arguments: { command: 'ls' } },
      { toolCallId: 'call_rk2xye1l', toolName: 'run_command', arguments: { command: 'ls -l' } },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    id: 'chatcmpl-18',
    modelId: 'qwen2.5-coder:7b-instruct-q8_0',
    done: false,
  },
  'ollama-tool-call-usage.sse.txt': {
    text: '',
    toolCalls: [{ toolCallId: 'call_rjzv4ky2', toolName: 'get_weather', arguments: { city: 'Copenhagen' } }],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(161, 24, 185),
    id: 'chatcmpl-452',
    modelId: 'llama3.1:8b',
    done: true,
  },
  'vllm-tool-call.sse.txt': {
    text: '',
    toolCalls: [
      {
        toolCallId: 'chatcmpl-tool-ca99dda515524c6abe47d1ea22813507',
        toolName: 'run_command',
        arguments: { command: 'ls' },
      },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    // vLLM echoes the request's empty model name: no modelId.
    id: 'chatcmpl-d0c68c86be0641129cffa5053c0c217e',
    done: true,
  },
  'openai-length.sse.txt': {
    text: '{"',
    finishReason: 'length',
    rawFinishReason: 'length',
    usage: oa(79, 1, 80, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw3Oqj8RD0z6aJiiX37oTjV2HFh',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-length-reasoning-only.sse.txt': {
    text: '',
    finishReason: 'length',
    rawFinishReason: 'length',
    usage: oa(12, 100, 112, { cachedInputTokens: 0, reasoningTokens: 100 }),
    id: 'chatcmpl-C4Hq5a6K3RaPMymUv70btQNYv6SvY',
    modelId: 'gpt-5-nano-2025-08-07',
    done: true,
  },
  'openai-logprobs.sse.txt': {
    text: 'Foo!',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: oa(9, 2, 11, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw5EzoqmfXjnnsXY7Yd8OC6tb3c',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-text-with-usage.sse.txt': {
    text:
      "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, " +
      'I recommend checking a reliable weather website or a weather app.',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: oa(14, 30, 44, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-tool-call.sse.txt': {
    text: '',
    toolCalls: [
      {
        toolCallId: 'call_c91SqDXlYFuETYv8mUHzz6pp',
        toolName: 'GetWeatherArgs',
        arguments: { city: 'Edinburgh', country: 'UK', units: 'c' },
      },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(76, 24, 100, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw8AOXnoa2kzy11vVTSjuQhHCQr',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-tool-call-parallel.sse.txt': {
    text: '',
    toolCalls: [
      {
        toolCallId: 'call_JMW1whyEaYG438VE1OIflxA2',
        toolName: 'GetWeatherArgs',
        arguments: { city: 'Edinburgh', country: 'GB', units: 'c' },
      },
      {
        toolCallId: 'call_DNYTawLBoN8fj3KN6qU9N1Ou',
        toolName: 'get_stock_price',
        arguments: { ticker: 'AAPL', exchange: 'NASDAQ' },
      },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(149, 60, 209, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfwAwrNePHUgBBezonVC6MX3zd63',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-refusal.sse.txt': {
    text: '',
    refusal: "I'm sorry, I can't assist with that request.",
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: oa(79, 11, 90, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw4IfQfCCrcuybFm41wJyxjbkz7',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-text-then-tool-call.sse.txt': {
    text: 'PRE_TOOL',
    toolCalls: [{ toolCallId: 'call_NZa7xqfefoaMI2YYHowVXVlU', toolName: 'weather', arguments: {} }],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: oa(58, 12, 70, { cachedInputTokens: 0, reasoningTokens: 0 }),
    id: 'chatcmpl-E6yvi7cuDcHZEHTMxcLDyf3CMKIO2',
    modelId: 'gpt-4o-2024-08-06',
    done: false,
  },
  'openai-text-usage-moderation.sse.txt': {
    text: 'Paris.',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: oa(13, 11, 24, { cachedInputTokens: 0, reasoningTokens: 0 }),
    id: 'chatcmpl-E4Rjs6IxaJVge9Ntk5keJsaeDy6vS',
    modelId: 'gpt-5-2025-08-07',
    done: true,
  },
  'openai-multiple-choices-n3.sse.txt': {
    // Choice 0 only; choices 1 and 2 answered 61 and 59.
    text: '{"city":"San Francisco","temperature":65,"units":"f"}',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: oa(79, 42, 121, { reasoningTokens: 0 }),
    id: 'chatcmpl-ABfw2KKFuVXmEJgVwYfBvejMAdWtq',
    modelId: 'gpt-4o-2024-08-06',
    done: true,
  },
  'openai-function-call-legacy.sse.txt': {
    text: '',
    // Legacy function_call has no id: one is generated.
    toolCalls: [
      { toolCallId: 'call_0', toolName: 'repl', arguments: { code: 'print("hi")', language: 'python' } },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'function_call',
    id: 'chatcmpl-7WDJd9KHUR8nbbawGGEuLF3uoYGRh',
    modelId: 'gpt-3.5-turbo-0613',
    done: true,
  },
};

const failing: Record<
  string,
  { status: number; providerCode?: string; message: string; reasoningPrefix: string }
> = {
  'groq-error-in-stream.sse.txt': {
    status: 400,
    providerCode: 'tool_use_failed',
    message: 'Tool call validation failed',
    reasoningPrefix:
      'We need to call the tool with invalid parameters first, then second call with valid args.',
  },
  'openrouter-stream-error.sse.txt': {
    status: 400,
    message: 'Token limit reached',
    reasoningPrefix: 'We need to respond to a greeting. The user',
  },
};

/** Checks the order rules a consumer relies on, then folds the parts into a response. */
function checkAndCollect(parts: StreamPart[]) {
  const collector = new ResponseCollector();
  const argumentsSoFar = new Map<number, string>();
  const completed = new Set<string>();
  let metadataCount = 0;
  parts.forEach((part, position) => {
    if (part.type === 'response-metadata') metadataCount++;
    if (part.type === 'finish') expect(position).toBe(parts.length - 1);
    if (part.type === 'tool-call-delta') {
      expect(completed.has(part.toolCallId)).toBe(false); // no fragment after the call was declared complete
      argumentsSoFar.set(part.index, (argumentsSoFar.get(part.index) ?? '') + part.argumentsDelta);
    }
    if (part.type === 'tool-call') {
      completed.add(part.toolCall.toolCallId);
      const streamed = [...argumentsSoFar.values()];
      expect(
        streamed.some(
          (args) => args === part.toolCall.arguments || (args === '' && part.toolCall.arguments === '{}'),
        ),
      ).toBe(true);
      expect(() => JSON.parse(part.toolCall.arguments)).not.toThrow();
    }
    collector.add(part);
  });
  expect(metadataCount).toBeLessThanOrEqual(1);
  return collector.toResponse();
}

describe('replaying every real capture through createSSEDecoder + createStreamAssembler', () => {
  const captures = readdirSync(fixturesDir).filter((name) => name.endsWith('.sse.txt'));

  it('covers every .sse.txt capture in __fixtures__', () => {
    expect(captures.sort()).toEqual([...Object.keys(complete), ...Object.keys(failing)].sort());
  });

  for (const [name, expected] of Object.entries(complete)) {
    it(`${name}: exact text, tool calls, finish and usage in any slicing`, () => {
      const bytes = readCapture(name);
      for (const seed of SEEDS) {
        const result = replay(bytes, seed);
        expect(result.error, `seed ${seed}`).toBeUndefined();
        expect(result.done).toBe(expected.done);
        const response = checkAndCollect(result.parts);
        expect(response.text).toBe(expected.text);
        expect(
          response.toolCalls.map((call) => ({
            toolCallId: call.toolCallId,
            toolName: call.toolName,
            arguments: JSON.parse(call.arguments),
          })),
        ).toEqual(expected.toolCalls ?? []);
        expect(response.finishReason).toBe(expected.finishReason);
        expect(response.rawFinishReason).toBe(expected.rawFinishReason);
        expect(response.usage).toEqual(expected.usage);
        expect(response.reasoning).toBe(expected.reasoning);
        expect(response.refusal).toBe(expected.refusal);
        expect(response.response).toEqual({
          ...(expected.id === undefined ? {} : { id: expected.id }),
          ...(expected.modelId === undefined ? {} : { modelId: expected.modelId }),
        });
      }
    });
  }

  for (const [name, expected] of Object.entries(failing)) {
    it(`${name}: the in-stream error throws APICallError, never a finish`, () => {
      const bytes = readCapture(name);
      for (const seed of SEEDS) {
        const result = replay(bytes, seed);
        expect(APICallError.isInstance(result.error), `seed ${seed}`).toBe(true);
        const error = result.error as APICallError;
        expect(error.status).toBe(400);
        expect(error.isRetryable).toBe(false);
        expect(error.providerCode).toBe(expected.providerCode);
        expect(error.message).toContain(expected.message);
        expect(result.parts.some((part) => part.type === 'finish')).toBe(false);
        const reasoning = result.parts
          .map((part) => (part.type === 'reasoning-delta' ? part.delta : ''))
          .join('');
        expect(reasoning.startsWith(expected.reasoningPrefix)).toBe(true);
        expect(result.parts.some((part) => part.type === 'text-delta')).toBe(false);
      }
    });
  }

  it('a capture cut before its finish chunk is interrupted, with the text that arrived', () => {
    const bytes = readCapture('openai-text-with-usage.sse.txt');
    const text = new TextDecoder().decode(bytes);
    const cut = text.indexOf('data: {', text.indexOf('" weather"')); // keeps "I'm unable … real-time weather"
    const result = replay(bytes.subarray(0, new TextEncoder().encode(text.slice(0, cut)).length), 7);
    expect(hasErrorCode(result.error, 'stream-interrupted')).toBe(true);
    expect((result.error as { partialText: string }).partialText).toBe(
      "I'm unable to provide real-time weather",
    );
    expect(result.parts.some((part) => part.type === 'finish')).toBe(false);
  });
});
