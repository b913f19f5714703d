import { describe, expect, it } from 'vitest';
import type { ModelCallRecord, ToolCallRecord } from '../records/records.js';
import { consoleSink } from './console-sink.js';

const ok: ModelCallRecord = {
  type: 'model-call',
  timestamp: '2026-01-31T12:00:01.250Z',
  runId: 'run_1',
  step: 1,
  provider: 'openai',
  model: 'gpt-4o-mini',
  responseModel: null,
  responseId: null,
  streaming: false,
  latencyMs: 812.4,
  timeToFirstTokenMs: null,
  status: 'ok',
  finishReason: 'stop',
  inputTokens: 123,
  cachedInputTokens: 0,
  outputTokens: 45,
  totalTokens: 168,
  reasoningTokens: null,
  costUSD: 0.000045,
  cacheHit: false,
  retries: 0,
  errorCode: null,
  errorMessage: null,
  httpStatus: null,
};

const tool: ToolCallRecord = {
  type: 'tool-call',
  timestamp: '2026-01-31T12:00:02.000Z',
  runId: 'run_1',
  step: 1,
  toolCallId: 'call_1',
  toolName: 'get_weather',
  durationMs: 3.2,
  status: 'ok',
  isError: false,
  errorCode: null,
  errorMessage: null,
};

function capture() {
  const lines: string[] = [];
  return { lines, sink: consoleSink({ stream: { write: (text: string) => lines.push(text) } }) };
}

describe('consoleSink', () => {
  it('writes one readable line per model call', () => {
    const { lines, sink } = capture();
    sink.write(ok);
    expect(lines).toEqual([
      '12:00:01 model gpt-4o-mini step 1 ok 812ms in 123 (cached 0) out 45 $0.000045 cache:miss retries:0\n',
    ]);
  });

  it('shows failures, unknown tokens and unknown cost without inventing numbers', () => {
    const { lines, sink } = capture();
    sink.write({
      ...ok,
      model: 'my-llama',
      status: 'error',
      httpStatus: 500,
      errorCode: 'api-call',
      inputTokens: null,
      cachedInputTokens: null,
      outputTokens: null,
      totalTokens: null,
      costUSD: null,
      retries: 3,
    });
    sink.write({ ...ok, streaming: true, timeToFirstTokenMs: 95, cacheHit: true, costUSD: 0 });
    expect(lines).toEqual([
      '12:00:01 model my-llama step 1 error 500 api-call 812ms in ? (cached ?) out ? $? cache:miss retries:3\n',
      '12:00:01 model gpt-4o-mini step 1 ok 812ms ttft 95ms in 123 (cached 0) out 45 $0.000000 cache:hit retries:0\n',
    ]);
  });

  it('writes tool calls with their outcome', () => {
    const { lines, sink } = capture();
    sink.write(tool);
    sink.write({ ...tool, isError: true, status: 'error', errorCode: 'tool-execution' });
    expect(lines).toEqual([
      '12:00:02 tool get_weather step 1 ok 3ms\n',
      '12:00:02 tool get_weather step 1 error tool-execution 3ms\n',
    ]);
  });

  it('ends the lines of a batch item’s calls with its batch id and custom_id', () => {
    const { lines, sink } = capture();
    const batch = { batchId: 'batch_1', customId: 'req-2' };
    sink.write({ ...ok, ...batch });
    sink.write({ ...tool, ...batch });
    sink.write({ ...ok, batchId: null, customId: null });
    expect(lines).toEqual([
      '12:00:01 model gpt-4o-mini step 1 ok 812ms in 123 (cached 0) out 45 $0.000045 cache:miss retries:0 batch:batch_1 item:req-2\n',
      '12:00:02 tool get_weather step 1 ok 3ms batch:batch_1 item:req-2\n',
      '12:00:01 model gpt-4o-mini step 1 ok 812ms in 123 (cached 0) out 45 $0.000045 cache:miss retries:0\n',
    ]);
  });
});
