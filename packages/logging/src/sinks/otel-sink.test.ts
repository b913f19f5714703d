import type {
  Attributes,
  AttributeValue,
  Span,
  SpanContext,
  SpanOptions,
  SpanStatus,
  TimeInput,
  Tracer,
  TracerProvider,
} from '@opentelemetry/api';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Tool } from '@toolloop/core';
import { APICallError, createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, describe, expect, it } from 'vitest';
import { logging } from '../middleware/logging.js';
import { otelSink } from './otel-sink.js';

interface Finished {
  name: string;
  kind: SpanKind | undefined;
  attributes: Attributes;
  status: SpanStatus;
  startTime: TimeInput | undefined;
  endTime: TimeInput | undefined;
}

/** A minimal tracer provider implementing the OpenTelemetry API, recording finished spans. */
class RecordingProvider implements TracerProvider {
  readonly finished: Finished[] = [];
  getTracer(): Tracer {
    const finished = this.finished;
    const startSpan = (name: string, options: SpanOptions = {}): Span => {
      const attributes: Attributes = { ...options.attributes };
      let status: SpanStatus = { code: SpanStatusCode.UNSET };
      const context: SpanContext = {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: 1,
      };
      const span: Span = {
        spanContext: () => context,
        setAttribute(key: string, value: AttributeValue) {
          attributes[key] = value;
          return span;
        },
        setAttributes(more: Attributes) {
          Object.assign(attributes, more);
          return span;
        },
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus(next: SpanStatus) {
          status = next;
          return span;
        },
        updateName: () => span,
        end: (endTime?: TimeInput) =>
          void finished.push({
            name,
            kind: options.kind,
            attributes,
            status,
            startTime: options.startTime,
            endTime,
          }),
        isRecording: () => true,
        recordException: () => undefined,
      };
      return span;
    };
    return {
      startSpan,
      startActiveSpan: ((name: string, ...rest: unknown[]) => {
        const fn = rest.at(-1) as (span: Span) => unknown;
        return fn(startSpan(name));
      }) as Tracer['startActiveSpan'],
    };
  }
}

const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: 'weather',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  execute: ({ city }) => ({ city, temperature: 21 }),
};

afterEach(() => {
  trace.disable();
});

describe('otelSink', () => {
  it('exports chat and execute_tool spans with GenAI semantic-convention attributes via the global provider', async () => {
    const provider = new RecordingProvider();
    trace.setGlobalTracerProvider(provider);
    const log = logging({ sink: otelSink() });
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      provider: 'openai',
      turns: [
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
          usage: { inputTokens: 1000, outputTokens: 500 },
        },
        { text: '21°C', usage: { inputTokens: 1600, outputTokens: 100 } },
      ],
    });
    await createAgent({ model, tools: [weather], middleware: [log] }).run('서울 날씨 어때?');
    await log.flush();

    expect(provider.finished.map((span) => span.name)).toEqual([
      'chat gpt-4o-mini',
      'execute_tool get_weather',
      'chat gpt-4o-mini',
    ]);
    const [chat, tool] = provider.finished;
    expect(chat?.kind).toBe(SpanKind.CLIENT);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.response.finish_reasons': ['tool-calls'],
    });
    expect(chat?.attributes).not.toHaveProperty('error.type');
    expect(chat?.status.code).toBe(SpanStatusCode.UNSET);
    expect(chat?.startTime).toBeInstanceOf(Date);
    expect((chat!.endTime as Date).getTime()).toBeGreaterThanOrEqual((chat!.startTime as Date).getTime());
    expect(tool?.kind).toBe(SpanKind.INTERNAL);
    expect(tool?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1_1',
    });
  });

  it('tags the spans of a batch item run with toolloop.batch_id and toolloop.custom_id', async () => {
    const provider = new RecordingProvider();
    const log = logging({ sink: otelSink({ tracer: provider.getTracer() }) });
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] },
        { text: '21°C' },
        { text: 'x' },
      ],
    });
    const agent = createAgent({ model, tools: [weather], middleware: [log] });
    await agent.run('서울 날씨 어때?', { batchItem: { batchId: 'batch_1', customId: 'req-3' } });
    await agent.run('hi');
    await log.flush();
    const tags = provider.finished.map((span) => [
      span.attributes['toolloop.batch_id'],
      span.attributes['toolloop.custom_id'],
    ]);
    expect(tags).toEqual([
      ['batch_1', 'req-3'],
      ['batch_1', 'req-3'],
      ['batch_1', 'req-3'],
      [undefined, undefined],
    ]);
  });

  it('marks a failed call with error.type and an error status, using a tracer passed in', async () => {
    const provider = new RecordingProvider();
    const log = logging({ sink: otelSink({ tracer: provider.getTracer() }) });
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [{ error: new APICallError({ message: 'Rate limit reached', status: 429, isRetryable: true }) }],
    });
    await expect(createAgent({ model, middleware: [log] }).run('hi')).rejects.toThrow('Rate limit');
    await log.flush();
    expect(provider.finished[0]?.attributes).toMatchObject({
      'error.type': '429',
      'http.response.status_code': 429,
    });
    expect(provider.finished[0]?.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(provider.finished[0]?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'Rate limit reached',
    });
  });
});
