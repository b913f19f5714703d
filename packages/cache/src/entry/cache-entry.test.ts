import { hasErrorCode, type ModelResponse, type StreamPart } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { CACHE_ENTRY_VERSION, decodeEntry, encodeEntry } from './cache-entry.js';

const response: ModelResponse = {
  text: '서울은 맑아요',
  toolCalls: [{ toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울"}' }],
  finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
};
const parts: StreamPart[] = [
  { type: 'text-delta', delta: '서울은' },
  { type: 'text-delta', delta: ' 맑아요' },
  { type: 'finish', finishReason: 'stop' },
];

function decodeError(value: string): unknown {
  try {
    decodeEntry('k1', value);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('cache entries', () => {
  it('round-trip the response and parts with a format version', () => {
    const value = encodeEntry({ response, parts, createdAt: 123 });
    expect(JSON.parse(value).v).toBe(CACHE_ENTRY_VERSION);
    expect(decodeEntry('k1', value)).toEqual({ response, parts, createdAt: 123 });
  });

  it.each([
    ['bad JSON', `{"v":${CACHE_ENTRY_VERSION},"response":`],
    ['a truncated entry', encodeEntry({ response, parts, createdAt: 1 }).slice(0, 40)],
    ['another version', JSON.stringify({ v: 999, response, createdAt: 1 })],
    ['no version', JSON.stringify({ response, createdAt: 1 })],
    [
      'a response without text',
      JSON.stringify({
        v: CACHE_ENTRY_VERSION,
        response: { toolCalls: [], finishReason: 'stop' },
        createdAt: 1,
      }),
    ],
    [
      'parts without a finish',
      JSON.stringify({ v: CACHE_ENTRY_VERSION, response, parts: parts.slice(0, 2), createdAt: 1 }),
    ],
    ['a JSON array', '[]'],
  ])('rejects %s with a cache-corrupt error naming the key', (_what, value) => {
    const error = decodeError(value);
    expect(hasErrorCode(error, 'cache-corrupt')).toBe(true);
    expect((error as Error).message).toContain('k1');
  });

  it('never stores credential headers from the response', () => {
    const withHeaders: ModelResponse = {
      ...response,
      response: { id: 'r1', headers: { 'set-cookie': 'session=secret', 'x-request-id': 'req_1' } },
    };
    const value = encodeEntry({
      response: withHeaders,
      parts: [{ type: 'response-metadata', headers: { 'set-cookie': 'session=secret' } }, ...parts],
      createdAt: 1,
    });
    expect(value).not.toContain('session=secret');
    expect(decodeEntry('k', value).response.response?.headers?.['x-request-id']).toBe('req_1');
  });
});
