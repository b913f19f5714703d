import type { Middleware, Model, StreamPart } from '@toolloop/core';
import { collectStream, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { logging } from '../middleware/logging.js';
import { memorySink, request, useTempDir } from '../test-utils.js';
import type { ModelCallRecord } from './records.js';

const _tempDir = useTempDir();

describe('cost and timing', () => {
  it('a cache hit costs 0 even when the stored response had no usage', async () => {
    const { records, sink } = memorySink();
    const hit: Middleware = {
      name: 'hit',
      async generate(req, next) {
        const response = await next(req);
        return { ...response, source: 'cache' };
      },
    };
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [{ text: 'a' }] });
    await wrapModel({ model, middleware: [logging({ sink }), hit] }).generate(request);
    expect(records[0]).toMatchObject({ cacheHit: true, costUSD: 0, inputTokens: null });
  });

  const streamOf = (parts: Array<[number, StreamPart]>, clock: { t: number }): Model => ({
    provider: 'openai',
    modelId: 'gpt-4o-mini',
    generate: () => Promise.reject(new Error('stream only')),
    async *stream() {
      for (const [ms, part] of parts) {
        clock.t += ms;
        yield part;
      }
    },
  });

  it('times the first token at a refusal, or at a complete tool call that came without deltas', async () => {
    const clock = { t: 0 };
    const { records, sink } = memorySink();
    const log = logging({ sink, now: () => clock.t });
    const toolCall = { toolCallId: 'call_1', toolName: 'get_weather', arguments: '{}' };
    for (const first of [
      { type: 'refusal-delta', delta: "I can't help with that." },
      { type: 'tool-call', toolCall },
    ] as StreamPart[]) {
      clock.t = 0;
      const model = streamOf(
        [
          [70, first],
          [30, { type: 'finish', finishReason: 'stop' }],
        ],
        clock,
      );
      await collectStream(wrapModel({ model, middleware: [log] }).stream(request));
    }
    expect(records.map((r) => (r as ModelCallRecord).timeToFirstTokenMs)).toEqual([70, 70]);
  });
});
