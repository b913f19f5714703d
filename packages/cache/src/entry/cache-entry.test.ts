import { hasErrorCode, type ModelResponse, type StreamPart } from '@toolloop/core';
import fc from 'fast-check';
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

  describe('validates every field a replay reads, deeply', () => {
    const valid = () => JSON.parse(encodeEntry({ response, parts, createdAt: 1 }));
    // Each path names a field of a stored entry; every replacement is the wrong type or an unknown value.
    const paths: (string | number)[][] = [
      ['response', 'text'],
      ['response', 'finishReason'],
      ['response', 'usage'],
      ['response', 'usage', 'inputTokens'],
      ['response', 'usage', 'totalTokens'],
      ['response', 'toolCalls'],
      ['response', 'toolCalls', 0],
      ['response', 'toolCalls', 0, 'arguments'],
      ['parts', 0],
      ['parts', 0, 'delta'],
      ['parts', 0, 'type'],
      ['parts', 2, 'finishReason'],
    ];
    const wrong = [42, '42', null, true, [], {}, 'stopp', -1, 1.5];

    function set(entry: Record<string, unknown>, path: (string | number)[], value: unknown) {
      let at = entry as Record<string | number, unknown>;
      for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
      at[path.at(-1) as string | number] = value;
      return entry;
    }

    it.each(paths.flatMap((path) => wrong.map((value) => [path.join('.'), path, value] as const)))(
      '%s replaced by a wrong value is a reported miss or a still-valid entry, never a bad replay',
      (_name, path, value) => {
        const stored = set(valid(), path, value);
        let decoded: ReturnType<typeof decodeEntry> | undefined;
        try {
          decoded = decodeEntry('k1', JSON.stringify(stored));
        } catch (error) {
          expect(hasErrorCode(error, 'cache-corrupt')).toBe(true);
          return;
        }
        // Accepted only when the replacement is itself valid for that field (e.g. a string delta).
        expect(typeof decoded.response.text).toBe('string');
        for (const part of decoded.parts ?? []) {
          if (part.type === 'text-delta') expect(typeof part.delta).toBe('string');
        }
      },
    );

    it('rejects a stored number where text belongs (never serves "42" as the answer)', () => {
      expect(
        hasErrorCode(decodeError(JSON.stringify(set(valid(), ['response', 'text'], 42))), 'cache-corrupt'),
      ).toBe(true);
      expect(
        hasErrorCode(decodeError(JSON.stringify(set(valid(), ['parts', 0, 'delta'], 42))), 'cache-corrupt'),
      ).toBe(true);
    });

    it('rejects a finish part that is not the last part', () => {
      const stored = valid();
      stored.parts = [stored.parts[2], ...stored.parts];
      expect(hasErrorCode(decodeError(JSON.stringify(stored)), 'cache-corrupt')).toBe(true);
    });

    it('any JSON value at any field decodes to a well-typed entry or throws cache-corrupt (property)', () => {
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
          const stored = set(valid(), path, value);
          try {
            const entry = decodeEntry('k1', JSON.stringify(stored));
            expect(typeof entry.response.text).toBe('string');
            expect(entry.parts?.at(-1)?.type).toBe('finish');
            for (const call of entry.response.toolCalls) expect(typeof call.arguments).toBe('string');
          } catch (error) {
            expect(hasErrorCode(error, 'cache-corrupt')).toBe(true);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
